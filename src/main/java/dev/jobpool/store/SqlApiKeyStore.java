package dev.jobpool.store;

import dev.jobpool.security.ApiKey;
import dev.jobpool.security.ApiKeyStore;
import dev.jobpool.security.Role;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * API keys in the job store's database ({@code api_keys}). A key is read from the database on every request
 * it authenticates (a primary-key lookup), so a revocation holds at once on every replica.
 */
final class SqlApiKeyStore implements ApiKeyStore {

    private static final String COLUMNS = "id, secret_hash, tenant, roles, name, created_at, expires_at, revoked_at";

    private final SqlJobStore store;

    SqlApiKeyStore(SqlJobStore store) {
        this.store = store;
    }

    @Override
    public void add(ApiKey key) {
        store.write(batch -> {
            try (PreparedStatement insert = batch.connection().prepareStatement(
                    "INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, key.id());
                insert.setString(2, key.secretHash());
                insert.setString(3, key.tenant());
                insert.setString(4, rolesColumn(key.roles()));
                insert.setString(5, key.name());
                insert.setLong(6, JobRows.micros(key.createdAt()));
                JobRows.setMicros(insert, 7, key.expiresAt());
                JobRows.setMicros(insert, 8, key.revokedAt());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ApiKey> find(String id) {
        return store.read("reading an API key", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.<ApiKey>empty();
                }
            }
        });
    }

    @Override
    public List<ApiKey> list() {
        return store.read("listing API keys", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id");
                    ResultSet rows = select.executeQuery()) {
                List<ApiKey> keys = new ArrayList<>();
                while (rows.next()) {
                    keys.add(read(rows));
                }
                return keys;
            }
        });
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return store.write(batch -> {
            try (PreparedStatement update = batch.connection().prepareStatement(
                    "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                update.setLong(1, JobRows.micros(at));
                update.setString(2, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean isEmpty() {
        return store.read("counting API keys", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM api_keys LIMIT 1");
                    ResultSet row = select.executeQuery()) {
                return !row.next();
            }
        });
    }

    private static ApiKey read(ResultSet row) throws SQLException {
        return new ApiKey(row.getString("id"), row.getString("secret_hash"), row.getString("tenant"),
                roles(row),
                row.getString("name"), JobRows.instant(row, "created_at"), JobRows.instant(row, "expires_at"), JobRows.instant(row, "revoked_at"));
    }

    /** A key's (and so a session's) roles as one column: their ids, sorted, joined by commas. */
    static String rolesColumn(Set<Role> roles) {
        return roles.stream().map(Role::id).sorted().collect(Collectors.joining(","));
    }

    static Set<Role> roles(ResultSet row) throws SQLException {
        return Arrays.stream(row.getString("roles").split(",")).map(Role::of).collect(Collectors.toSet());
    }
}
