package dev.jobpool.store;

import dev.jobpool.jobtype.registry.JobJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** What differs between the databases the store runs on; everything else is the same SQL. */
enum SqlDialect {

    /**
     * One process owns the file (a lock file guards it), so the store is its only writer and needs no row locks.
     * Its commits wait for the disk (synchronous FULL), but a claim's need not: a power cut that loses it also
     * stopped the one service that could be running the job.
     */
    SQLITE("sqlite", "", null, new CommitModes("PRAGMA synchronous = FULL", "PRAGMA synchronous = NORMAL")),
    /**
     * Many replicas claim from one table: each skips rows another is claiming instead of waiting for them. Every
     * commit waits for the disk: the database can lose a claim while the replica that made it runs on, and
     * another replica would then run the same attempt again.
     */
    POSTGRESQL("postgresql", " FOR UPDATE SKIP LOCKED", "SELECT pg_advisory_xact_lock(hashtext('jobpool-claim-' || ?))", null);

    /** The Flyway folder under {@code db/migration/}. */
    final String migrations;
    private final String claimLocking;
    /**
     * Serialises claims of one pool across replicas while tenants' running jobs are counted for their ceilings
     * (null: there is one writer anyway).
     */
    final String poolClaimLock;
    /** How a transaction commits, durable or losable; null where every commit waits for the disk. */
    final CommitModes commitModes;

    SqlDialect(String migrations, String claimLocking, String poolClaimLock, CommitModes commitModes) {
        this.migrations = migrations;
        this.claimLocking = claimLocking;
        this.poolClaimLock = poolClaimLock;
        this.commitModes = commitModes;
    }

    /**
     * The statements that make a connection's next commit wait for the disk or not, run outside a transaction.
     * Set before every transaction, not restored after one: a connection that failed half-way through cannot
     * carry a losable mode into the next durable write.
     */
    record CommitModes(String durable, String losable) {

        void set(Connection connection, boolean losableWrites) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(losableWrites ? losable : durable);
            }
        }
    }

    /**
     * Starts up to n queued jobs of a pool whose time has come, in queue order (priority, then fair-share turn,
     * then age), skipping the tenants given, and returns their rows.
     */
    String claimSql(String columns, int excludedTenants) {
        String skipping = excludedTenants == 0 ? "" : " AND tenant NOT IN (" + "?,".repeat(excludedTenants - 1) + "?)";
        return "UPDATE jobs SET status = 'RUNNING', attempts = attempts + 1, owner = ?, lease_until = ?, started_at = ?,"
                + " items_done = 0 WHERE seq IN (SELECT seq FROM jobs WHERE status = 'QUEUED' AND pool = ? AND not_before <= ?"
                + skipping + " ORDER BY priority DESC, turn, seq LIMIT ?" + claimLocking + ") RETURNING " + columns;
    }

    /**
     * Narrows a listing to the jobs that have every one of these labels (stored as a JSON object of strings in
     * the TEXT column {@code labels}): SQLite looks each one up with {@code json_each}, PostgreSQL asks whether
     * the object contains them all ({@code @>}). Keys and values are bound, never written into the SQL.
     */
    void labelsCondition(Map<String, String> labels, StringBuilder sql, List<Object> parameters) {
        if (labels.isEmpty()) {
            return;
        }
        switch (this) {
            case SQLITE -> labels.forEach((key, value) -> {
                sql.append(" AND EXISTS (SELECT 1 FROM json_each(jobs.labels) WHERE json_each.key = ?"
                        + " AND json_each.type = 'text' AND json_each.value = ?)");
                parameters.add(key);
                parameters.add(value);
            });
            case POSTGRESQL -> {
                sql.append(" AND labels::jsonb @> ?::jsonb");
                parameters.add(JobJson.MAPPER.writeValueAsString(labels));
            }
        }
    }
}
