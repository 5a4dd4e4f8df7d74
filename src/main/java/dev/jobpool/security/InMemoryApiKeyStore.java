package dev.jobpool.security;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** API keys of the in-memory job store: lost on restart, as its jobs are. */
public final class InMemoryApiKeyStore implements ApiKeyStore {

    private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();

    @Override
    public void add(ApiKey key) {
        keys.put(key.id(), key);
    }

    @Override
    public Optional<ApiKey> find(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public List<ApiKey> list() {
        return keys.values().stream().sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id)).toList();
    }

    @Override
    public boolean revoke(String id, Instant at) {
        ApiKey[] revoked = new ApiKey[1];
        keys.computeIfPresent(id, (ignored, key) -> {
            if (key.revokedAt() != null) {
                return key;
            }
            revoked[0] = new ApiKey(key.id(), key.secretHash(), key.tenant(), key.roles(), key.name(), key.createdAt(),
                    key.expiresAt(), at);
            return revoked[0];
        });
        return revoked[0] != null;
    }

    @Override
    public boolean isEmpty() {
        return keys.isEmpty();
    }
}
