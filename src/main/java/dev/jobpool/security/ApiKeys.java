package dev.jobpool.security;

import dev.jobpool.job.InvalidRequestException;
import dev.jobpool.jobtype.registry.ClientText;
import dev.jobpool.jobtype.registry.Violation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Issues, checks and revokes API keys. A key is {@code jp_<id>_<secret>}: the id finds the stored key, and
 * the secret's SHA-256 is compared with the stored one in constant time. The secret carries 256 random bits,
 * so a fast hash is as safe as a slow one (nothing to guess from a leaked hash) and costs microseconds per
 * request where bcrypt would cost tens of milliseconds.
 */
public final class ApiKeys {

    static final String PREFIX = "jp_";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int ID_LENGTH = 16; // ~95 bits: ids never collide
    private static final int SECRET_LENGTH = 43; // ~256 bits
    /** The configured admin key's name in logs. */
    static final String CONFIGURED_ADMIN = "configured-admin-key";
    /** How a session names the configured admin key it came from: this and a fingerprint of the key. */
    private static final String CONFIGURED_PREFIX = "configured:";
    private static final int MAX_NAME = 100;
    /** Far enough for any key, near enough for the store's microsecond instants (which end in year 294,247). */
    private static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private final ApiKeyStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final byte[] configuredAdminHash;
    /** Names the configured admin key without revealing it (a hash of its hash); null when none is configured. */
    private final String configuredAdminId;
    private final String adminTenant;

    /** A new key and its whole secret token, which is shown this once. */
    public record Issued(ApiKey key, String token) {
    }

    /**
     * A key that checked out.
     *
     * @param keyId what names the key for {@link #isStillValid}: a stored key's id, or a fingerprint of the configured
     *        admin key (which changes when an operator rotates it)
     * @param expiresAt when the key stops working; null for never
     */
    record Verified(Caller caller, String keyId, Instant expiresAt) {
    }

    ApiKeys(ApiKeyStore store, AccessProperties properties, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.adminTenant = properties.adminTenant();
        String configured = properties.adminKey();
        if (configured != null && !configured.isBlank()) {
            if (!configured.startsWith(PREFIX) || configured.length() < PREFIX.length() + 32) {
                throw new IllegalStateException("jobpool.security.admin-key must start with jp_ and carry at least 32 more "
                        + "random characters, e.g. jp_$(openssl rand -hex 24)");
            }
            configuredAdminHash = sha256(configured);
            // 64 bits of a hash of the hash: tells keys apart, and a stored session reveals nothing of the key
            byte[] fingerprint = sha256(HexFormat.of().formatHex(configuredAdminHash));
            configuredAdminId = CONFIGURED_PREFIX + HexFormat.of().formatHex(fingerprint, 0, 8);
        } else {
            configuredAdminHash = null;
            configuredAdminId = null;
        }
    }

    Issued create(String tenant, Set<Role> roles, String name, Instant expiresAt) {
        String id = randomText(ID_LENGTH);
        String secret = randomText(SECRET_LENGTH);
        ApiKey key = new ApiKey(id, HexFormat.of().formatHex(sha256(secret)), tenant, roles, name, clock.instant(),
                expiresAt, null);
        store.add(key);
        return new Issued(key, PREFIX + id + "_" + secret);
    }

    /**
     * A new key from a client's request: checked first, each mistake named.
     *
     * @throws InvalidRequestException if the tenant, a role, the expiry or the name is invalid
     */
    public Issued create(String tenant, List<String> roleNames, String name, Instant expiresAt) {
        Set<Role> roles = validated(tenant, roleNames, name, expiresAt);
        return create(tenant, roles, name, expiresAt);
    }

    private Set<Role> validated(String tenant, List<String> roleNames, String name, Instant expiresAt) {
        List<Violation> violations = new ArrayList<>();
        if (tenant == null || !Tenants.isValid(tenant)) {
            violations.add(new Violation("tenant", "tenant must be 1 to 63 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit" + (tenant == null ? "" : "; got " + ClientText.quote(tenant))));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (roleNames == null || roleNames.isEmpty()) {
            violations.add(new Violation("roles", "roles must name at least one of submit, read, admin, metrics"));
        } else {
            for (String role : roleNames) {
                try {
                    roles.add(Role.of(role));
                } catch (IllegalArgumentException | NullPointerException e) {
                    violations.add(new Violation("roles", ClientText.quote(String.valueOf(role))
                            + " is not a role; use submit, read, admin or metrics"));
                }
            }
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            violations.add(new Violation("expiresAt", "expiresAt must be in the future"));
        } else if (expiresAt != null && expiresAt.isAfter(LATEST_EXPIRY)) {
            violations.add(new Violation("expiresAt", "expiresAt must be no later than " + LATEST_EXPIRY
                    + "; leave it out for a key that never expires"));
        }
        if (name != null && (name.length() > MAX_NAME || ClientText.hasControlCharacter(name))) {
            violations.add(new Violation("name", "name must be at most " + MAX_NAME + " characters, without control characters"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return roles;
    }

    /** The caller a token names, if it is a valid key now; empty for anything else, whatever the reason. */
    Optional<Caller> authenticate(String token) {
        return verify(token).map(Verified::caller);
    }

    /** The key a token is, if it is a valid key now; empty for anything else, whatever the reason. */
    Optional<Verified> verify(String token) {
        if (configuredAdminHash != null && MessageDigest.isEqual(configuredAdminHash, sha256(token))) {
            return Optional.of(new Verified(new Caller(adminTenant, CONFIGURED_ADMIN, Set.of(Role.ADMIN)), configuredAdminId, null));
        }
        if (!token.startsWith(PREFIX) || token.length() != PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH
                || token.charAt(PREFIX.length() + ID_LENGTH) != '_') {
            return Optional.empty();
        }
        String id = token.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
        byte[] secretHash = sha256(token.substring(PREFIX.length() + ID_LENGTH + 1));
        Instant now = clock.instant();
        return store.find(id)
                .filter(key -> MessageDigest.isEqual(HexFormat.of().parseHex(key.secretHash()), secretHash))
                .filter(key -> key.isValidAt(now))
                .map(key -> new Verified(new Caller(key.tenant(), key.id(), key.roles()), key.id(), key.expiresAt()));
    }

    /**
     * Whether the key a {@link Verified#keyId} names is still valid now: not revoked, not expired, and (the configured
     * admin key) still the one configured. Read from the store on each call, so a revocation holds at once everywhere.
     */
    boolean isStillValid(String keyId) {
        if (keyId.startsWith(CONFIGURED_PREFIX)) {
            return keyId.equals(configuredAdminId);
        }
        Instant now = clock.instant();
        return store.find(keyId).filter(key -> key.isValidAt(now)).isPresent();
    }

    public List<ApiKey> list() {
        return store.list();
    }

    public Optional<ApiKey> find(String id) {
        return store.find(id);
    }

    /** Revokes a key at once: every replica reads keys from the store on each request. */
    public boolean revoke(String id) {
        return store.revoke(id, clock.instant());
    }

    /** Whether the first start should print a new admin key: none configured, none ever stored. */
    boolean needsFirstAdminKey() {
        return configuredAdminHash == null && store.isEmpty();
    }

    String adminTenant() {
        return adminTenant;
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
