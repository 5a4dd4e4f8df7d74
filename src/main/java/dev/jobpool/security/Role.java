package dev.jobpool.security;

import java.util.Locale;

/**
 * What a caller may do. {@code admin} includes the other three (a role hierarchy in
 * {@link SecurityConfiguration}).
 */
public enum Role {

    /** Submit jobs, and cancel and delete its own tenant's jobs. */
    SUBMIT,
    /** Read its own tenant's jobs, and the job types. */
    READ,
    /** Every tenant's jobs, the pools and workers, the store, API keys. */
    ADMIN,
    /** Scrape {@code /actuator/prometheus}. */
    METRICS;

    /** The role's name in the API and in tokens: {@code submit}, {@code read}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority. */
    String authority() {
        return "ROLE_" + name();
    }

    /** @throws IllegalArgumentException for a name that is no role */
    public static Role of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
