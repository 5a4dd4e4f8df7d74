package dev.jobpool.security;

import java.time.Instant;
import java.util.Optional;

/**
 * Where dashboard sessions live: beside the API keys, in the job store's database when it is durable (so a session
 * made on one replica works on every other, and a sign-out ends it everywhere), else in this process's memory.
 */
public interface SessionStore {

    /**
     * Stores a new session, and tidies up as it does: deletes the sessions expired by {@code now}, and the oldest of the
     * same key's sessions beyond {@code maxPerKey}.
     */
    void add(Session session, Instant now, int maxPerKey);

    /** The session with this id hash, expired or not. */
    Optional<Session> find(String idHash);

    /** Ends a session; false if there was none. */
    boolean remove(String idHash);
}
