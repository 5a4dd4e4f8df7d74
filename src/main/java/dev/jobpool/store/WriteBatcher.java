package dev.jobpool.store;

import dev.jobpool.job.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: every write to the store (a submission, a claim, an outcome) is queued here, and a writer
 * thread commits whatever has queued up in one transaction, then completes each write's future. Under load a
 * commit carries hundreds of writes; when idle a write commits at once, with no batching delay. On SQLite one
 * writer thread is the database's only writer, so writers never wait on its lock; on PostgreSQL several
 * commit side by side, so one batch's network round trips overlap another's. Within a batch, writes of one
 * statement that need no answer before the commit (submissions without a key, outcomes) run as one JDBC
 * batch, and what the batch has to tell other replicas goes out once, just before the commit.
 */
final class WriteBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteBatcher.class);

    /** One write, run inside the batch's transaction. */
    @FunctionalInterface
    interface Write<T> {
        T apply(Batch batch) throws SQLException;
    }

    /** A write whose statement joins its batch's JDBC batch; its result is known once that has run. */
    @FunctionalInterface
    interface BatchedWrite<T> {
        Later<T> apply(Batch batch) throws SQLException;
    }

    /** Binds a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * What a batched statement's update count means to its write. Runs inside the transaction, while the
     * batch's statements run: it may note work for a {@link Finisher}, but runs no statement itself.
     */
    @FunctionalInterface
    interface Counted<T> {
        T apply(int count) throws SQLException;
    }

    /** Done once per transaction, after every write of it and before the commit: one notification for all. */
    @FunctionalInterface
    interface Finisher {
        void finish(Batch batch) throws SQLException;
    }

    /** A write's result, known now or once its batched statement has run. */
    static final class Later<T> {

        private final Counted<T> counted;
        private T value;
        private boolean known;

        private Later(Counted<T> counted) {
            this.counted = counted;
        }

        static <T> Later<T> now(T value) {
            Later<T> later = new Later<>(null);
            later.value = value;
            later.known = true;
            return later;
        }

        private void counted(int count) throws SQLException {
            value = counted.apply(count);
            known = true;
        }

        private T get() {
            if (!known) {
                throw new IllegalStateException("a batched write's statement has not run");
            }
            return value;
        }
    }

    /**
     * The transaction a batch's writes share, with its prepared statements: a statement prepared once serves
     * every write of the batch that needs it (hundreds of inserts under load), and closes with the batch.
     * Writes of the same statement that need no answer before the commit join one JDBC batch ({@link #batched}):
     * on PostgreSQL one network round trip for all of them instead of one each.
     */
    static final class Batch {

        private final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();
        /** Batched statements not yet run, by SQL, with what each write waits to be told, in order. */
        private final Map<String, List<Later<?>>> unsent = new LinkedHashMap<>();
        private final Map<Object, Finisher> finishers = new LinkedHashMap<>();
        private final Map<String, Map<?, ?>> shared = new HashMap<>();

        Batch(Connection connection) {
            this.connection = connection;
        }

        /** A map the batch's writes share under this name (e.g. what they computed once per batch); gone with the batch. */
        @SuppressWarnings("unchecked")
        <K, V> Map<K, V> shared(String name) {
            return (Map<K, V>) shared.computeIfAbsent(name, ignored -> new HashMap<>());
        }

        /** The connection, for a statement of one's own; the batched statements queued so far run first. */
        Connection connection() throws SQLException {
            flush();
            return connection;
        }

        /**
         * A statement for this batch, to run now; do not close it. The batched statements queued so far run
         * first, so it sees what the writes before it wrote.
         */
        PreparedStatement prepare(String sql) throws SQLException {
            flush();
            return statement(sql);
        }

        /**
         * Adds a write to the JDBC batch of its statement, run with the others of the same statement when the
         * batch next needs the database (a statement of another write, the commit); then tells the write its
         * update count.
         */
        <T> Later<T> batched(String sql, Binder binder, Counted<T> counted) throws SQLException {
            PreparedStatement statement = statement(sql);
            binder.bind(statement);
            statement.addBatch();
            Later<T> later = new Later<>(counted);
            unsent.computeIfAbsent(sql, key -> new ArrayList<>()).add(later);
            return later;
        }

        /** The finisher of a kind for this transaction, made on first use. */
        <F extends Finisher> F finisher(Class<F> kind, Supplier<F> create) {
            return kind.cast(finishers.computeIfAbsent(kind, key -> create.get()));
        }

        private PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        private void flush() throws SQLException {
            while (!unsent.isEmpty()) {
                Map.Entry<String, List<Later<?>>> next = unsent.entrySet().iterator().next();
                unsent.remove(next.getKey());
                int[] counts = statements.get(next.getKey()).executeBatch();
                List<Later<?>> writes = next.getValue();
                for (int i = 0; i < writes.size(); i++) {
                    writes.get(i).counted(counts[i]);
                }
            }
        }

        /** Runs what is still batched, then each finisher, before the commit. */
        private void finish() throws SQLException {
            flush();
            for (Finisher finisher : finishers.values()) {
                finisher.finish(this);
            }
            flush();
        }

        private void closeStatements() throws SQLException {
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
            statements.clear();
        }
    }

    private record Pending<T>(BatchedWrite<T> write, CompletableFuture<T> done) {

        void complete(Later<?> result) {
            @SuppressWarnings("unchecked")
            T typed = (T) result.get();
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
        return submitBatched(batch -> Later.now(write.apply(batch)));
    }

    /** Submits a write whose statement joins the batch's JDBC batch; completes with its result after the commit. */
    <T> CompletableFuture<T> submitBatched(BatchedWrite<T> write) {
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
        Later<?>[] results = new Later<?>[batch.size()];
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            Batch transaction = new Batch(connection);
            try {
                for (int i = 0; i < batch.size(); i++) {
                    results[i] = batch.get(i).write().apply(transaction);
                }
                transaction.finish();
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
