package dev.jobpool.store;

import dev.jobpool.security.Session;
import dev.jobpool.security.SessionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Dashboard sessions in the job store's database ({@code sessions}), so every replica knows each one. Read on every
 * request a session cookie authenticates (a primary-key lookup); written only at sign-in and sign-out, when the
 * expired rows and a key's sessions beyond its cap are deleted too (both through an index).
 */
final class SqlSessionStore implements SessionStore {

    private static final String COLUMNS = "id_hash, api_key_id, principal, tenant, roles, csrf_token, created_at, expires_at";

    private final SqlJobStore store;

    SqlSessionStore(SqlJobStore store) {
        this.store = store;
    }

    @Override
    public void add(Session session, Instant now, int maxPerKey) {
        store.write(batch -> {
            try (PreparedStatement expired = batch.connection().prepareStatement("DELETE FROM sessions WHERE expires_at <= ?");
                    PreparedStatement insert = batch.connection().prepareStatement(
                            "INSERT INTO sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                    // those older than the key's maxPerKey-th newest session, the new one included
                    PreparedStatement beyondCap = batch.connection().prepareStatement(
                            "DELETE FROM sessions WHERE api_key_id = ? AND created_at < (SELECT created_at FROM sessions"
                                    + " WHERE api_key_id = ? ORDER BY created_at DESC LIMIT 1 OFFSET ?)")) {
                expired.setLong(1, JobRows.micros(now));
                expired.executeUpdate();
                insert.setString(1, session.idHash());
                insert.setString(2, session.apiKeyId());
                insert.setString(3, session.principal());
                insert.setString(4, session.tenant());
                insert.setString(5, SqlApiKeyStore.rolesColumn(session.roles()));
                insert.setString(6, session.csrfToken());
                insert.setLong(7, JobRows.micros(session.createdAt()));
                insert.setLong(8, JobRows.micros(session.expiresAt()));
                insert.executeUpdate();
                beyondCap.setString(1, session.apiKeyId());
                beyondCap.setString(2, session.apiKeyId());
                beyondCap.setInt(3, maxPerKey - 1);
                return beyondCap.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Session> find(String idHash) {
        return store.read("reading a session", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE id_hash = ?")) {
                select.setString(1, idHash);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.<Session>empty();
                }
            }
        });
    }

    @Override
    public boolean remove(String idHash) {
        return store.write(batch -> {
            try (PreparedStatement delete = batch.connection().prepareStatement("DELETE FROM sessions WHERE id_hash = ?")) {
                delete.setString(1, idHash);
                return delete.executeUpdate() == 1;
            }
        });
    }

    private static Session read(ResultSet row) throws SQLException {
        return new Session(row.getString("id_hash"), row.getString("api_key_id"), row.getString("tenant"),
                row.getString("principal"), SqlApiKeyStore.roles(row),
                row.getString("csrf_token"), JobRows.instant(row, "created_at"), JobRows.instant(row, "expires_at"));
    }
}
