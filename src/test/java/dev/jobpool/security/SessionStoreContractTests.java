package dev.jobpool.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SessionStore} does, in memory and in each database. */
public abstract class SessionStoreContractTests {

    protected static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    protected SessionStore sessions;

    protected abstract SessionStore newStore();

    @BeforeEach
    void open() {
        sessions = newStore();
    }

    private static Session session(String key, Instant createdAt, Duration ttl) {
        return new Session(UUID.randomUUID().toString().replace("-", ""), key, "team-a", key, Set.of(Role.SUBMIT, Role.READ),
                "csrf-" + UUID.randomUUID(), createdAt, createdAt.plus(ttl));
    }

    @Test
    void aSessionIsFoundByItsIdHashAsItWasStoredAndEndsOnce() {
        Session session = session("key1", NOW.truncatedTo(ChronoUnit.MICROS), Duration.ofHours(12));
        sessions.add(session, NOW, 100);
        assertThat(sessions.find(session.idHash())).contains(session);
        assertThat(sessions.find("unknown")).isEmpty();
        assertThat(sessions.remove(session.idHash())).isTrue();
        assertThat(sessions.remove(session.idHash())).isFalse();
        assertThat(sessions.find(session.idHash())).isEmpty();
    }

    @Test
    void aSignInDeletesTheExpiredSessions() {
        Session expired = session("key1", NOW.minus(Duration.ofHours(13)), Duration.ofHours(12));
        Session live = session("key2", NOW.minus(Duration.ofHours(11)), Duration.ofHours(12));
        sessions.add(expired, expired.createdAt(), 100);
        sessions.add(live, live.createdAt(), 100);
        assertThat(sessions.find(expired.idHash())).as("expired, not yet tidied: the caller checks expiresAt").isPresent();

        sessions.add(session("key3", NOW, Duration.ofHours(12)), NOW, 100);
        assertThat(sessions.find(expired.idHash())).isEmpty();
        assertThat(sessions.find(live.idHash())).isPresent();
    }

    @Test
    void aKeyKeepsItsNewestSessionsUpToTheCap() {
        Session[] made = new Session[5];
        for (int i = 0; i < made.length; i++) {
            Instant at = NOW.plusSeconds(i);
            made[i] = session("capped", at, Duration.ofHours(1));
            sessions.add(made[i], at, 3);
        }
        Session other = session("other", NOW, Duration.ofHours(1));
        sessions.add(other, NOW.plusSeconds(5), 3);

        assertThat(sessions.find(made[0].idHash())).isEmpty();
        assertThat(sessions.find(made[1].idHash())).isEmpty();
        for (int i = 2; i < made.length; i++) {
            assertThat(sessions.find(made[i].idHash())).as("session " + i).isPresent();
        }
        assertThat(sessions.find(other.idHash())).as("another key's sessions count for it alone").isPresent();
    }
}
