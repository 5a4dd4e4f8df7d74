package dev.jobpool.store;

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
}
