package dev.jobpool.security;

import java.time.Instant;
import java.util.Set;

/**
 * A signed-in dashboard, as stored: never the session id its cookie carries, only a SHA-256 of it.
 *
 * @param idHash hex SHA-256 of the session id
 * @param apiKeyId the key it was made from, re-checked on every request ({@link ApiKeys#isStillValid}): a stored
 *        key's id, or {@code configured:<fingerprint>} for the configured admin key
 * @param principal who signed in, as the key's callers are named in the audit log
 * @param csrfToken what a state-changing request with the cookie must carry as {@code X-CSRF-Token}
 * @param expiresAt the end of its absolute lifetime ({@code jobpool.security.session.ttl}, or the key's expiry if sooner)
 */
public record Session(String idHash, String apiKeyId, String tenant, String principal, Set<Role> roles, String csrfToken,
        Instant createdAt, Instant expiresAt) {

    public Session {
        roles = Set.copyOf(roles);
    }

    Caller caller() {
        return new Caller(tenant, principal, roles);
    }
}
