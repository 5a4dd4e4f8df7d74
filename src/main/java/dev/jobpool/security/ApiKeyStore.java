package dev.jobpool.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where API keys live: the job store's database when it is durable (so every replica sees a key, and a
 * revocation, at once), else this process's memory.
 */
public interface ApiKeyStore {

    void add(ApiKey key);

    Optional<ApiKey> find(String id);

    /** Every key, revoked ones too, oldest first. */
    List<ApiKey> list();

    /** Revokes a key; false if there is no such key or it was revoked already. */
    boolean revoke(String id, Instant at);

    /** Whether any key was ever created (revoked ones count: a revoked admin key is no reason to print a new one). */
    boolean isEmpty();
}
