package dev.jobpool.security;

import java.time.Instant;
import java.util.Set;

/**
 * An API key as it is stored: never its secret, only a SHA-256 of it. The whole key a client sends is
 * {@code jp_<id>_<secret>}: the recognisable prefix lets secret scanners find a leaked one.
 *
 * @param id the public part, which names the key in the API and in logs
 * @param secretHash hex SHA-256 of the secret part
 * @param name what the key is for, as its creator said; may be null
 * @param expiresAt when it stops working; null for never
 * @param revokedAt when it was revoked; null while it is not
 */
public record ApiKey(String id, String secretHash, String tenant, Set<Role> roles, String name, Instant createdAt,
        Instant expiresAt, Instant revokedAt) {

    public ApiKey {
        roles = Set.copyOf(roles);
    }

    /** Whether the key may be used at {@code now}. */
    public boolean isValidAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
