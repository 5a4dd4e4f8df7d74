package dev.jobpool.job;

/** A caller asked for another tenant's jobs by name, which only an admin may. */
public class TenantForbiddenException extends RuntimeException {

    TenantForbiddenException(String tenant) {
        super("only an admin may list another tenant's jobs (tenant=" + tenant + ")");
    }
}
