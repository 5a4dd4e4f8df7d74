package dev.jobpool.store;

/** What differs between the databases the store runs on; everything else is the same SQL. */
enum SqlDialect {

    /** One process owns the file (a lock file guards it), so the store is its only writer and needs no row locks. */
    SQLITE("sqlite", ""),
    /** Many replicas claim from one table: each skips rows another is claiming instead of waiting for them. */
    POSTGRESQL("postgresql", " FOR UPDATE SKIP LOCKED");

    /** The Flyway folder under {@code db/migration/}. */
    final String migrations;
    private final String claimLocking;

    SqlDialect(String migrations, String claimLocking) {
        this.migrations = migrations;
        this.claimLocking = claimLocking;
    }

    /** Starts up to n queued jobs of a pool whose time has come, in queue order, and returns their rows. */
    String claimSql(String columns) {
        return "UPDATE jobs SET status = 'RUNNING', attempts = attempts + 1, owner = ?, lease_until = ?, started_at = ?,"
                + " items_done = 0 WHERE seq IN (SELECT seq FROM jobs WHERE status = 'QUEUED' AND pool = ? AND not_before <= ?"
                + " ORDER BY priority DESC, seq LIMIT ?" + claimLocking + ") RETURNING " + columns;
    }
}
