package dev.jobpool.job;

/**
 * Whose jobs a caller sees: its own tenant's, or (an admin, or anyone while security is off) every tenant's.
 * A job of a tenant the caller does not see is answered exactly as a job that does not exist.
 *
 * @param tenant the caller's own tenant, which its submissions belong to
 * @param everyTenant true for a caller that sees every tenant's jobs
 * @param principal who is calling, for the audit log: an API key's id or a JWT's subject, never a secret
 */
public record TenantScope(String tenant, boolean everyTenant, String principal) {

    /** The caller while security is off: the default tenant, seeing everything. */
    public static final TenantScope UNSECURED = new TenantScope(Job.DEFAULT_TENANT, true, "anonymous");

    public boolean sees(Job job) {
        return everyTenant || tenant.equals(job.tenant());
    }

    /** The tenant to list: the caller's own, or for one that sees every tenant the one it asks for (null: all). */
    public String listing(String asked) {
        if (everyTenant) {
            return asked;
        }
        if (asked != null && !asked.equals(tenant)) {
            throw new TenantForbiddenException(asked);
        }
        return tenant;
    }
}
