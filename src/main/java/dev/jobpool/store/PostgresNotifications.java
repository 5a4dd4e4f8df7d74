package dev.jobpool.store;

import dev.jobpool.job.JobId;
import dev.jobpool.job.JobStore;
import dev.jobpool.jobtype.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups between replicas over PostgreSQL {@code LISTEN/NOTIFY}: a submission wakes idle pools everywhere
 * in milliseconds, an ending wakes long-polls and stops a cancelled job's attempt on the replica running it.
 * A notification is sent inside the writing transaction, so it is delivered only if the change commits.
 * One connection listens, on its own thread, and reconnects after the database comes back; what is missed
 * meanwhile is covered by the heartbeat's and the long-polls' slow polling.
 */
final class PostgresNotifications implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);
    static final String CHANNEL = "jobpool_events";
    private static final String SUBMITTED = "submitted:";
    private static final String ENDED = "ended:";
    /** A message of another subsystem (the events stream), carried as it is: {@link JobStore#broadcast}. */
    private static final String MESSAGE = "message:";
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);

    private final ConnectionSource connections;
    private final JobStore.Listener listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection listening;

    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    PostgresNotifications(ConnectionSource connections, JobStore.Listener listener) {
        this.connections = connections;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("jobpool-store-listener").daemon().start(this::listen);
    }

    /** Once per pool and transaction: a hundred submissions in one commit wake other replicas once. */
    static void submitted(WriteBatcher.Batch batch, Pool pool) throws SQLException {
        if (batch.first(SUBMITTED + pool.name())) {
            notify(batch, SUBMITTED + pool.name());
        }
    }

    static void ended(WriteBatcher.Batch batch, JobId id) throws SQLException {
        notify(batch, ENDED + id);
    }

    /** Sent with the batch's commit; identical payloads in one transaction arrive once. */
    private static void notify(WriteBatcher.Batch batch, String payload) throws SQLException {
        PreparedStatement notify = batch.prepare("SELECT pg_notify('" + CHANNEL + "', ?)");
        notify.setString(1, payload);
        notify.execute();
    }

    /** Sends these messages in one transaction, so they arrive in this order, and together. */
    static void broadcast(Connection connection, List<String> messages) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement(
                "SELECT pg_notify('" + CHANNEL + "', m) FROM unnest(?::text[]) AS m")) {
            notify.setArray(1, connection.createArrayOf("text", messages.stream().map(m -> MESSAGE + m).toArray()));
            notify.execute();
        }
    }

    private void listen() {
        while (!closed) {
            try (Connection connection = connections.open()) {
                listening = connection;
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                log.debug("listening for other replicas on {}", CHANNEL);
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            deliver(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    log.warn("lost the notification connection ({}); reconnecting in {}", e.getMessage(), RECONNECT_AFTER);
                    sleep();
                }
            }
        }
    }

    private void deliver(String payload) {
        try {
            if (payload.startsWith(SUBMITTED)) {
                listener.submitted(Pool.valueOf(payload.substring(SUBMITTED.length())));
            } else if (payload.startsWith(ENDED)) {
                listener.ended(JobId.parse(payload.substring(ENDED.length())));
            } else if (payload.startsWith(MESSAGE)) {
                listener.heard(payload.substring(MESSAGE.length()));
            }
        } catch (RuntimeException e) {
            log.warn("could not act on notification '{}': {}", payload, e.toString());
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RECONNECT_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            Connection connection = listening;
            if (connection != null) {
                connection.close();
            }
            thread.join(2000);
        } catch (SQLException | InterruptedException e) {
            log.debug("closing the notification listener: {}", e.toString());
        }
    }
}
