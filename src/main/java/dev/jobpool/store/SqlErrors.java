package dev.jobpool.store;

import dev.jobpool.job.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How database errors reach the rest of the service: as "the store is unavailable", never as a JDBC trace. */
final class SqlErrors {

    private static final Logger log = LoggerFactory.getLogger(SqlErrors.class);

    private SqlErrors() {
    }

    static StoreUnavailableException translate(String doing, Exception e) {
        if (e instanceof StoreUnavailableException unavailable) {
            return unavailable;
        }
        if (!(e instanceof SQLException)) {
            log.error("{} failed unexpectedly", doing, e); // our bug, not the database's: keep the trace
        }
        return new StoreUnavailableException(doing + " failed: " + e.getMessage(), e);
    }

    /** The connection is gone (the server stopped, the network broke): retrying the batch alone cannot help. */
    static boolean isConnectionLost(Exception e) {
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientException) {
            return true;
        }
        return e instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
    }
}
