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
        if (!(e instanceof SQLException) && !isConnectionLost(e)) {
            log.error("{} failed unexpectedly", doing, e); // our bug, not the database's: keep the trace
        }
        return new StoreUnavailableException(doing + " failed: " + e.getMessage(), e);
    }

    /**
     * The database cannot be reached (the server is down, the network broke, no connection came in time),
     * anywhere in the cause chain: an outage to wait out, not a fault in what was asked.
     */
    static boolean isConnectionLost(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLNonTransientConnectionException || cause instanceof SQLTransientException
                    || cause instanceof java.net.ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
