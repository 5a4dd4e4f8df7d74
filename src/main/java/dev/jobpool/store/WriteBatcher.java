package dev.jobpool.store;

import dev.jobpool.job.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: every write to the store (a submission, a claim, an outcome) is queued here, and a writer
 * thread commits whatever has queued up in one transaction, then completes each write's future. Under load a
 * commit carries hundreds of writes; when idle a write commits at once, with no batching delay. On SQLite one
 * writer thread is the database's only writer, so writers never wait on its lock; on PostgreSQL several
 * commit side by side, so one batch's network round trips overlap another's.
 */
final class WriteBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteBatcher.class);

    /** One write, run inside the batch's transaction. */
    @FunctionalInterface
    interface Write<T> {
        T apply(Batch batch) throws SQLException;
    }

    /**
     * The transaction a batch's writes share, with its prepared statements: a statement prepared once serves
     * every write of the batch that needs it (hundreds of inserts under load), and closes with the batch.
     */
    static final class Batch {

        private final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();
        private final java.util.Set<String> once = new java.util.HashSet<>();

        Batch(Connection connection) {
            this.connection = connection;
        }

        Connection connection() {
            return connection;
        }

        /** True the first time a key is given in this batch: for what a transaction needs to do only once. */
        boolean first(String key) {
            return once.add(key);
        }

        /** A statement for this batch; do not close it. */
        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        private void closeStatements() throws SQLException {
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
            statements.clear();
        }
    }

    private record Pending<T>(Write<T> write, CompletableFuture<T> done) {

        void complete(Object result) {
            @SuppressWarnings("unchecked")
            T typed = (T) result;
            done.complete(typed);
        }
    }

    private final DataSource dataSource;
    private final int maxBatch;
    private final LongConsumer batchSizes;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closing;

    /**
     * @param writers threads committing batches side by side; 1 keeps every write in submission order
     * @param batchSizes told the size of every committed batch, for the store's meters
     */
    WriteBatcher(DataSource dataSource, int writers, int maxBatch, String name, LongConsumer batchSizes) {
        this.dataSource = dataSource;
        this.maxBatch = maxBatch;
        this.batchSizes = batchSizes;
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().name(writers == 1 ? name : name + "-" + i).daemon().start(this::run));
        }
    }

    <T> CompletableFuture<T> submit(Write<T> write) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new StoreUnavailableException("the job store is closed", null));
            return done;
        }
        queue.add(new Pending<>(write, done));
        return done;
    }

    /** Submits a write and waits for its commit. */
    <T> T call(Write<T> write) {
        try {
            return submit(write).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("the store's writer failed a batch of {} writes", batch.size(), e);
                batch.forEach(pending -> pending.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** One transaction for the batch; if it fails, each write again alone, so one bad write fails by itself. */
    private void commit(List<Pending<?>> batch) {
        Object[] results = new Object[batch.size()];
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            Batch transaction = new Batch(connection);
            try {
                for (int i = 0; i < batch.size(); i++) {
                    results[i] = batch.get(i).write().apply(transaction);
                }
                transaction.closeStatements();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                transaction.closeStatements();
                connection.rollback();
                if (batch.size() > 1 && !SqlErrors.isConnectionLost(e)) {
                    batch.forEach(pending -> commit(List.of(pending)));
                    return;
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            RuntimeException failure = SqlErrors.translate("writing to the job store", e);
            batch.forEach(pending -> pending.done().completeExceptionally(failure));
            return;
        }
        batchSizes.accept(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results[i]);
        }
    }

    /** Commits what is queued, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
