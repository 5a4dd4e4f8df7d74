package dev.jobpool.security;

import java.util.regex.Pattern;

/** What a tenant's name may be: short, plain, safe in logs, URLs and metrics. */
final class Tenants {

    static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    private Tenants() {
    }

    static boolean isValid(String tenant) {
        return VALID.matcher(tenant).matches();
    }
}
