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

    TenantScope scope() {
        return new TenantScope(tenant, roles.contains(Role.ADMIN), principal);
    }
}
