package dev.jobpool.store;

import dev.jobpool.job.JobId;
import dev.jobpool.job.JobStore;
import dev.jobpool.jobtype.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
    private static final String SEPARATOR = ",";
    /** Below PostgreSQL's limit of 8000 bytes per payload. */
    private static final int MAX_PAYLOAD = 7900;
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

    /** Wakes the pool's claimers on every replica once the transaction commits; once per pool and transaction. */
    static void submitted(WriteBatcher.Batch batch, Pool pool) {
        batch.finisher(Outgoing.class, Outgoing::new).pools.add(pool);
    }

    /** Tells every replica the job ended once the transaction commits: one notification for all of a batch's. */
    static void ended(WriteBatcher.Batch batch, JobId id) {
        batch.finisher(Outgoing.class, Outgoing::new).ended.add(id.toString());
    }

    /**
     * What a transaction has to tell, sent just before its commit (and delivered only if it commits): a line
     * per pool with new work, and the ended jobs' ids joined, as few notifications as fit PostgreSQL's
     * payload limit (8000 bytes) instead of one per job, each a statement and a round trip of its own.
     */
    private static final class Outgoing implements WriteBatcher.Finisher {

        private final Set<Pool> pools = EnumSet.noneOf(Pool.class);
        private final List<String> ended = new ArrayList<>();

        @Override
        public void finish(WriteBatcher.Batch batch) throws SQLException {
            List<String> payloads = new ArrayList<>();
            pools.forEach(pool -> payloads.add(SUBMITTED + pool.name()));
            StringBuilder ids = new StringBuilder(ENDED);
            for (String id : ended) {
                if (ids.length() + id.length() + 1 > MAX_PAYLOAD) {
                    payloads.add(ids.toString());
                    ids.setLength(ENDED.length());
                }
                ids.append(ids.length() == ENDED.length() ? "" : SEPARATOR).append(id);
            }
            if (ids.length() > ENDED.length()) {
                payloads.add(ids.toString());
            }
            PreparedStatement notify = batch.prepare("SELECT pg_notify('" + CHANNEL + "', ?)");
            for (String payload : payloads) {
                notify.setString(1, payload);
                notify.execute();
            }
        }
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
                for (String id : payload.substring(ENDED.length()).split(SEPARATOR)) {
                    listener.ended(JobId.parse(id));
                }
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
