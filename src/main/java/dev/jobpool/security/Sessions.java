package dev.jobpool.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.http.ResponseCookie;

/**
 * Signs the web dashboard in and out. A browser's {@code EventSource} cannot send an {@code Authorization} header, so
 * the page exchanges an API key once for a session: an opaque random id in an HttpOnly, {@code SameSite=Strict}
 * cookie. The session stands for the key: same tenant, same roles, and it stops working the moment the key is
 * revoked or expires (the key is re-checked on every request, as a bearer key is). It lasts
 * {@code jobpool.security.session.ttl} from sign-in, never extended. Each key keeps at most {@link #MAX_PER_KEY}
 * sessions: a new one beyond that ends its key's oldest, so no key can fill the table, whatever the TTL.
 */
public final class Sessions {

    static final String COOKIE = "jobpool_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final int MAX_PER_KEY = 100;
    private static final int RANDOM_BYTES = 32; // 256 bits, as an API key's secret
    private static final int ID_LENGTH = 43; // unpadded base64url of 32 bytes

    private final SessionStore store;
    private final ApiKeys keys;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** A new session and the id its cookie carries, which is never stored. */
    record Started(Session session, String id) {
    }

    Sessions(SessionStore store, ApiKeys keys, Duration ttl, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Signs in with an API key; empty if it is not a valid key now, whatever the reason. */
    Optional<Started> start(String apiKey) {
        return keys.verify(apiKey).map(key -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as the database keeps it
            Instant expiresAt = now.plus(ttl);
            if (key.expiresAt() != null && key.expiresAt().isBefore(expiresAt)) {
                expiresAt = key.expiresAt();
            }
            String id = randomText();
            Caller caller = key.caller();
            Session session = new Session(hash(id), key.keyId(), caller.tenant(), caller.principal(), caller.roles(),
                    randomText(), now, expiresAt);
            store.add(session, now, MAX_PER_KEY);
            return new Started(session, id);
        });
    }

    /** The live session a cookie's id names, while the key it came from is valid too; empty for anything else. */
    Optional<Session> find(String id) {
        if (id == null || id.length() != ID_LENGTH) {
            return Optional.empty(); // not one of ours: no need to ask the store
        }
        Instant now = clock.instant();
        return store.find(hash(id))
                .filter(session -> now.isBefore(session.expiresAt()))
                .filter(session -> keys.isStillValid(session.apiKeyId()));
    }

    /** Ends a session on every replica. */
    void end(Session session) {
        store.remove(session.idHash());
    }

    /** The cookie that carries a new session, for as long as the session lasts. */
    static ResponseCookie cookie(Started started, boolean secure) {
        Session session = started.session();
        return cookie(started.id(), secure).maxAge(Duration.between(session.createdAt(), session.expiresAt())).build();
    }

    /** The cookie that makes a browser drop the session cookie. */
    static ResponseCookie clearingCookie(boolean secure) {
        return cookie("", secure).maxAge(Duration.ZERO).build();
    }

    private static ResponseCookie.ResponseCookieBuilder cookie(String value, boolean secure) {
        return ResponseCookie.from(COOKIE, value).path("/").httpOnly(true).sameSite("Strict").secure(secure);
    }

    /** A short, stable name of a session for the audit log: the start of its id's hash, which reveals nothing. */
    static String logName(Session session) {
        return session.idHash().substring(0, 12);
    }

    private String randomText() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String id) {
        return HexFormat.of().formatHex(ApiKeys.sha256(id));
    }
}
