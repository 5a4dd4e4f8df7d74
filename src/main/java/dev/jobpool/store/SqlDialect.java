package dev.jobpool.store;

import dev.jobpool.jobtype.registry.JobJson;
import java.util.List;
import java.util.Map;

/** What differs between the databases the store runs on; everything else is the same SQL. */
enum SqlDialect {

    /** One process owns the file (a lock file guards it), so the store is its only writer and needs no row locks. */
    SQLITE("sqlite", "", null),
    /** Many replicas claim from one table: each skips rows another is claiming instead of waiting for them. */
    POSTGRESQL("postgresql", " FOR UPDATE SKIP LOCKED", "SELECT pg_advisory_xact_lock(hashtext('jobpool-claim-' || ?))");

    /** The Flyway folder under {@code db/migration/}. */
    final String migrations;
    private final String claimLocking;
    /**
     * Serialises claims of one pool across replicas while tenants' running jobs are counted for their ceilings
     * (null: there is one writer anyway).
     */
    final String poolClaimLock;

    SqlDialect(String migrations, String claimLocking, String poolClaimLock) {
        this.migrations = migrations;
        this.claimLocking = claimLocking;
        this.poolClaimLock = poolClaimLock;
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
