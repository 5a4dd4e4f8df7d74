package dev.jobpool.security;

import dev.jobpool.job.TenantScope;
import java.util.Set;

/**
 * Who an authenticated request comes from, whichever credential it carried.
 *
 * @param principal an API key's id or a JWT's subject: what the audit log names, never a secret
 */
public record Caller(String tenant, String principal, Set<Role> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** Who is calling, for the audit log: the caller's principal, or "anonymous" while security is off. */
    static String currentPrincipal() {
        return org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication()
                instanceof CallerAuthentication authenticated ? authenticated.getPrincipal().principal() : "anonymous";
    }

    TenantScope scope() {
        return new TenantScope(tenant, roles.contains(Role.ADMIN), principal);
    }
}
