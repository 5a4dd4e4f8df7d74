package dev.jobpool.store;

import dev.jobpool.job.Job;
import dev.jobpool.job.JobId;
import dev.jobpool.job.JobPage;
import dev.jobpool.job.JobQuery;
import dev.jobpool.job.JobStatus;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.StoreInfo;
import dev.jobpool.job.StoreUnavailableException;
import dev.jobpool.jobtype.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store: one row per job in SQLite (embedded, the default) or PostgreSQL (shared by replicas).
 * Reads go straight to the database; every write goes through the {@link WriteBatcher}, so concurrent
 * submissions, claims and outcomes share one commit.
 *
 * <p>A claim stamps the row with this replica's id ({@code owner}) and a lease; the heartbeat renews the
 * lease; an outcome is written only while the row is still this replica's running attempt. A replica that
 * stops renewing loses its jobs to {@link #rescueAbandoned} on any replica after the lease.
 */
public final class SqlJobStore implements JobStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SqlJobStore.class);
    /** Rows deleted per statement by retention, so no delete holds the write lock for long. */
    private static final int EVICTION_BATCH = 250;
    /** Ids per lease-renewal statement. */
    private static final int RENEW_BATCH = 500;
    /** Count the queue exactly once it is this full; below that an estimate is enough for admission. */
    private static final double EXACT_COUNT_ABOVE = 0.9;
    private static final Duration COUNT_REFRESH = Duration.ofSeconds(10); // a count of a million queued rows takes ~0.3 s
    private static final Duration PREPARE_RETRY = Duration.ofSeconds(1);
    /** Batches committed side by side on PostgreSQL; the connection pool holds more than these. */
    private static final int POSTGRESQL_WRITERS = 4;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final String location;
    private final String nodeId;
    /** True when no other process can use this database (SQLite with its lock file): every other owner is dead. */
    private final boolean exclusive;
    private final Duration lease;
    private final int maxRetained;
    private final Clock clock;
    private final WriteBatcher writer;
    private final StoreMetrics metrics;
    private final AutoCloseable resources;
    private volatile PostgresNotifications notifications;
    private final Runnable prepare;
    private volatile boolean prepared;
    private long nextPrepareAttempt;

    private final QueueLengths queued = new QueueLengths();
    private final Map<JobId, Integer> savedProgress = new HashMap<>();

    /**
     * @param prepare brings the schema up to date; run before first use, and again until it works if the
     *        database cannot be reached
     * @param resources closed after the store: the connection pool, a lock file
     */
    SqlJobStore(DataSource dataSource, SqlDialect dialect, String location, String nodeId, boolean exclusive,
            Duration lease, int maxBatch, int maxRetained, Clock clock, StoreMetrics metrics, Runnable prepare,
            AutoCloseable resources) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.location = location;
        this.nodeId = nodeId;
        this.exclusive = exclusive;
        this.lease = lease;
        this.maxRetained = maxRetained;
        this.clock = clock;
        this.metrics = metrics;
        this.resources = resources;
        // one writer owns a SQLite file; PostgreSQL takes several transactions at once, and their round trips overlap
        this.writer = new WriteBatcher(dataSource, dialect == SqlDialect.SQLITE ? 1 : POSTGRESQL_WRITERS, maxBatch,
                "jobpool-store-writer", metrics::batch);
        this.prepare = prepare;
        try {
            ready();
        } catch (StoreUnavailableException e) {
            log.error("the job store at {} is not reachable ({}); starting anyway: not ready, submissions get 503, "
                    + "and it connects by itself when the database answers", location, e.getMessage());
        }
    }

    /**
     * Brings the schema up to date and registers this replica, once; until that has worked (the database was
     * down at start) every operation fails fast with {@link StoreUnavailableException}, trying again at most
     * once a second.
     */
    private void ready() {
        if (prepared) {
            return;
        }
        synchronized (this) {
            if (prepared) {
                return;
            }
            if (System.nanoTime() < nextPrepareAttempt) {
                throw new StoreUnavailableException("the job store at " + location + " is not reachable", null);
            }
            try {
                prepare.run();
                Instant now = clock.instant();
                writer.call(batch -> register(batch.connection(), now));
                prepared = true;
            } catch (RuntimeException e) {
                nextPrepareAttempt = System.nanoTime() + PREPARE_RETRY.toNanos();
                if (!SqlErrors.isConnectionLost(e)) {
                    throw e; // not an outage: a foreign or newer schema, which must stop the start
                }
                throw SqlErrors.translate("connecting to the job store at " + location, e);
            }
        }
        log.info("job store at {} is ready (replica {})", location, nodeId);
    }

    String nodeId() {
        return nodeId;
    }

    /**
     * The end of a lease granted now: from the moment the write runs, not from when it was asked for, so a
     * write that waited behind a busy batch never hands out a lease that has already run out.
     */
    private Instant leaseFrom(Instant asked) {
        Instant now = clock.instant();
        return (now.isAfter(asked) ? now : asked).plus(lease);
    }

    /** Shared by replicas, which need to hear of each other's changes. */
    private boolean shared() {
        return dialect == SqlDialect.POSTGRESQL;
    }

    @Override
    public void listen(Listener listener) {
        if (shared() && notifications == null) { // the listener connects (and reconnects) on its own thread
            notifications = new PostgresNotifications(dataSource::getConnection, listener);
        }
    }

    // --- writes, through the batcher

    @Override
    public Added add(Job job, int queueCapacity) {
        Job.Stored stored = job.stored();
        JobRows.Insert row = JobRows.insert(stored);
        AddedRaw added = timed("add", () -> writer.call(batch -> {
            Optional<JobRows.Raw> holder = stored.idempotencyKey() == null ? Optional.empty()
                    : findByKey(batch.prepare(FIND_BY_KEY), stored.idempotencyKey());
            if (holder.isPresent()) {
                return new AddedRaw(null, holder.get());
            }
            if (queuedFor(batch, stored.pool(), queueCapacity) >= queueCapacity) {
                return new AddedRaw(new QueueFull(queueCapacity), null);
            }
            if (stored.idempotencyKey() == null) {
                // no key, no conflict: the insert joins the batch's other inserts (if it fails, so does the commit)
                batch.batched(JobRows.INSERT, insert -> JobRows.bindInsert(insert, row), count -> count);
            } else {
                PreparedStatement insert = batch.prepare(JobRows.INSERT);
                JobRows.bindInsert(insert, row);
                if (insert.executeUpdate() == 0) { // another replica took the key a moment ago
                    return new AddedRaw(null, findByKey(batch.prepare(FIND_BY_KEY), stored.idempotencyKey()).orElseThrow());
                }
            }
            if (shared()) {
                PostgresNotifications.submitted(batch, stored.pool());
            }
            queued.add(stored.pool(), 1);
            return new AddedRaw(new Created(job), null);
        }));
        return added.holder() != null ? new KeyTaken(added.holder().decode()) : added.outcome();
    }

    /** What an add found in the writer thread; a key's holder is decoded in the caller's. */
    private record AddedRaw(Added outcome, JobRows.Raw holder) {
    }

    /** The queue's length for admission: exact when near the capacity, else the running estimate. */
    private int queuedFor(WriteBatcher.Batch batch, Pool pool, int capacity) throws SQLException {
        Instant now = clock.instant();
        int estimate = queued.estimate(pool);
        if (queued.fresh(pool, now) && estimate < capacity * EXACT_COUNT_ABOVE) {
            return estimate;
        }
        int exact = count(batch.connection(), JobStatus.QUEUED, pool); // after the batch's inserts so far
        queued.counted(pool, exact, now);
        return exact;
    }

    /**
     * Queued jobs per pool as last counted, adjusted by this replica's own adds, claims and retries since, so
     * admission rarely needs a count: only when the last one is ten seconds old, or the queue is nearly full.
     * Other replicas' changes show at the next count.
     */
    private static final class QueueLengths {

        private final Map<Pool, Integer> lengths = new EnumMap<>(Pool.class);
        private final Map<Pool, Instant> countedAt = new EnumMap<>(Pool.class);

        synchronized void add(Pool pool, int jobs) {
            lengths.merge(pool, jobs, Integer::sum);
        }

        synchronized int estimate(Pool pool) {
            return Math.max(0, lengths.getOrDefault(pool, 0));
        }

        synchronized boolean fresh(Pool pool, Instant now) {
            Instant counted = countedAt.get(pool);
            return counted != null && Duration.between(counted, now).compareTo(COUNT_REFRESH) <= 0;
        }

        synchronized void counted(Pool pool, int length, Instant now) {
            lengths.put(pool, length);
            countedAt.put(pool, now);
        }

        /** Jobs came back to the queue in ways not counted here (a rescue): count again next time. */
        synchronized void forget() {
            countedAt.clear();
        }
    }

    @Override
    public List<Job> claimNext(Pool pool, int max, Instant now) {
        List<JobRows.Raw> rows = timed("claim", () -> writer.call(batch -> {
            List<JobRows.Raw> jobs = new ArrayList<>();
            try (PreparedStatement claim = batch.connection().prepareStatement(dialect.claimSql(JobRows.COLUMNS_WITH_ITEMS))) {
                claim.setString(1, nodeId);
                claim.setLong(2, JobRows.micros(leaseFrom(now)));
                claim.setLong(3, JobRows.micros(now));
                claim.setString(4, pool.name());
                claim.setLong(5, JobRows.micros(now));
                claim.setInt(6, max);
                try (ResultSet found = claim.executeQuery()) {
                    while (found.next()) {
                        jobs.add(JobRows.raw(found, true));
                    }
                }
            }
            return jobs;
        }));
        queued.add(pool, -rows.size());
        List<Job> claimed = new ArrayList<>(rows.stream().map(JobRows.Raw::decode).toList());
        claimed.sort(Comparator.comparingInt(Job::priority).reversed().thenComparingLong(Job::sequence));
        return claimed;
    }

    @Override
    public CompletableFuture<Boolean> update(Job job, JobStatus from, int attempt) {
        ready();
        Job.Stored stored = job.stored();
        JobRows.Change change = JobRows.change(stored);
        boolean ownedOutcome = from == JobStatus.RUNNING && stored.status() != JobStatus.CANCELLED;
        long started = System.nanoTime();
        String sql = ownedOutcome ? JobRows.UPDATE_OWNED : JobRows.UPDATE;
        String owner = ownedOutcome ? nodeId : null;
        // the outcomes of a batch share one JDBC batch; what the update means is known once it has run
        return writer.submitBatched(batch -> batch.batched(sql, update -> JobRows.bindUpdate(update, change, from, attempt, owner),
                count -> {
                    boolean written = count == 1;
                    if (written && from != stored.status() && (from == JobStatus.QUEUED || stored.status() == JobStatus.QUEUED)) {
                        queued.add(stored.pool(), stored.status() == JobStatus.QUEUED ? 1 : -1); // a retry, or a cancel while queued
                    }
                    if (written && stored.status().isEnded() && shared()) {
                        PostgresNotifications.ended(batch, stored.id());
                    }
                    return written;
                })).whenComplete((written, failure) -> metrics.operation("update", System.nanoTime() - started));
    }

    @Override
    public void saveProgress(Collection<Job> running) {
        ready();
        List<Job.Stored> changed = new ArrayList<>();
        synchronized (savedProgress) {
            savedProgress.keySet().retainAll(running.stream().map(Job::id).toList());
            for (Job job : running) {
                if (job.isMap() && !Integer.valueOf(job.itemsDone()).equals(savedProgress.get(job.id()))) {
                    changed.add(job.stored());
                    savedProgress.put(job.id(), job.itemsDone());
                }
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        writer.submit(batch -> {
            try (PreparedStatement update = batch.connection().prepareStatement(
                    "UPDATE jobs SET items_done = ? WHERE id = ? AND attempts = ? AND status = 'RUNNING' AND owner = ?")) {
                for (Job.Stored job : changed) {
                    update.setInt(1, job.itemsDone());
                    update.setString(2, job.id().toString());
                    update.setInt(3, job.attempts());
                    update.setString(4, nodeId);
                    update.addBatch();
                }
                return update.executeBatch().length;
            }
        });
    }

    /** This replica's row in {@code nodes}, so the others list it and see its heartbeat. */
    private int register(Connection connection, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO nodes (id, started_at, heartbeat_at) VALUES (?, ?, ?)")) {
            insert.setString(1, nodeId);
            insert.setLong(2, JobRows.micros(now));
            insert.setLong(3, JobRows.micros(now));
            return insert.executeUpdate();
        }
    }

    @Override
    public Collection<JobId> renewLeases(Collection<JobId> running, Instant now) {
        return timed("renew", () -> writer.call(batch -> {
            try (PreparedStatement beat = batch.connection().prepareStatement("UPDATE nodes SET heartbeat_at = ? WHERE id = ?")) {
                beat.setLong(1, JobRows.micros(now));
                beat.setString(2, nodeId);
                if (beat.executeUpdate() == 0) {
                    log.warn("this replica's row in nodes was gone (removed as dead by another replica?); registering again");
                    register(batch.connection(), now);
                }
            }
            List<JobId> owned = new ArrayList<>(running.size());
            List<JobId> ids = List.copyOf(running);
            for (int from = 0; from < ids.size(); from += RENEW_BATCH) {
                List<JobId> part = ids.subList(from, Math.min(ids.size(), from + RENEW_BATCH));
                String sql = "UPDATE jobs SET lease_until = ? WHERE owner = ? AND status = 'RUNNING' AND id IN ("
                        + "?,".repeat(part.size() - 1) + "?) RETURNING id";
                try (PreparedStatement renew = batch.connection().prepareStatement(sql)) {
                    renew.setLong(1, JobRows.micros(leaseFrom(now)));
                    renew.setString(2, nodeId);
                    for (int i = 0; i < part.size(); i++) {
                        renew.setString(3 + i, part.get(i).toString());
                    }
                    try (ResultSet rows = renew.executeQuery()) {
                        while (rows.next()) {
                            owned.add(JobId.parse(rows.getString(1)));
                        }
                    }
                }
            }
            return owned;
        }));
    }

    @Override
    public List<Job> rescueAbandoned(Instant now) {
        List<Job> rescued = timed("rescue", () -> writer.call(batch -> {
            String sql = "UPDATE jobs SET"
                    + " status = CASE WHEN attempts < max_attempts THEN 'QUEUED' ELSE 'FAILED' END,"
                    + " finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE ? END,"
                    + " items = CASE WHEN attempts < max_attempts THEN items ELSE NULL END,"
                    + " error_code = 'NODE_LOST', error_message = ?, not_before = ?, owner = NULL, lease_until = NULL"
                    + " WHERE status = 'RUNNING' AND (lease_until < ?" + (exclusive ? " OR owner <> ?" : "") + ")"
                    + " RETURNING " + JobRows.COLUMNS;
            List<Job> jobs = new ArrayList<>();
            try (PreparedStatement rescue = batch.connection().prepareStatement(sql)) {
                rescue.setLong(1, JobRows.micros(now));
                rescue.setString(2, "the replica running this attempt stopped renewing its lease (it was killed, froze or "
                        + "lost the database) before the job ended");
                rescue.setLong(3, JobRows.micros(now));
                rescue.setLong(4, JobRows.micros(now));
                if (exclusive) {
                    rescue.setString(5, nodeId);
                }
                try (ResultSet rows = rescue.executeQuery()) {
                    while (rows.next()) {
                        jobs.add(JobRows.read(rows, false));
                    }
                }
            }
            if (shared()) {
                for (Job job : jobs) {
                    if (job.status() == JobStatus.QUEUED) {
                        PostgresNotifications.submitted(batch, job.pool());
                    } else {
                        PostgresNotifications.ended(batch, job.id());
                    }
                }
            }
            // replicas silent for ten leases are gone for good
            try (PreparedStatement forget = batch.connection().prepareStatement("DELETE FROM nodes WHERE heartbeat_at < ?")) {
                forget.setLong(1, JobRows.micros(now.minus(lease.multipliedBy(10))));
                forget.executeUpdate();
            }
            return jobs;
        }));
        rescued.forEach(job -> metrics.rescued(job.status() == JobStatus.QUEUED ? "retried" : "failed"));
        if (rescued.stream().anyMatch(job -> job.status() == JobStatus.QUEUED)) {
            queued.forget();
        }
        return rescued;
    }

    @Override
    public boolean remove(JobId id) {
        return timed("remove", () -> writer.call(batch -> {
            try (PreparedStatement delete = batch.connection().prepareStatement(
                    "DELETE FROM jobs WHERE id = ? AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')")) {
                delete.setString(1, id.toString());
                return delete.executeUpdate() == 1;
            }
        }));
    }

    @Override
    public int evictEnded(Instant endedBefore) {
        ready();
        int evicted = 0;
        int deleted;
        do {
            deleted = evict(connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM jobs WHERE seq IN (SELECT seq FROM jobs"
                        + " WHERE finished_at < ? ORDER BY finished_at LIMIT " + EVICTION_BATCH + ")")) {
                    delete.setLong(1, JobRows.micros(endedBefore));
                    return delete.executeUpdate();
                }
            });
            evicted += deleted;
        } while (deleted == EVICTION_BATCH);
        return evicted + evictBeyondCount();
    }

    /** Keeps at most {@code maxRetained} ended jobs, the newest. */
    private int evictBeyondCount() {
        long ended = read("count ended", connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT count(*) FROM jobs WHERE finished_at IS NOT NULL");
                    ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
        long excess = ended - maxRetained;
        int evicted = 0;
        while (excess > 0) {
            int rows = (int) Math.min(excess, EVICTION_BATCH);
            int deleted = evict(connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM jobs WHERE seq IN (SELECT seq FROM jobs"
                        + " WHERE finished_at IS NOT NULL ORDER BY finished_at LIMIT " + rows + ")")) {
                    return delete.executeUpdate();
                }
            });
            if (deleted == 0) {
                break;
            }
            excess -= deleted;
            evicted += deleted;
        }
        return evicted;
    }

    /**
     * One retention delete (timed as {@code evict}). On SQLite through the writer, the file's only writer,
     * where it shares a commit (one fsync) with the submissions. On PostgreSQL in a transaction of its own
     * beside the writers: it touches only ended rows, which no other write changes, so the submissions need not
     * wait for its milliseconds of deleting.
     */
    private int evict(Query<Integer> delete) {
        return timed("evict", () -> shared() ? read("evicting ended jobs", delete)
                : writer.call(batch -> delete.apply(batch.connection())));
    }

    // --- reads, straight from the database

    @Override
    public Optional<Job> find(JobId id) {
        return timed("find", () -> read("reading a job", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE id = ?")) {
                select.setString(1, id.toString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(JobRows.read(row, false)) : Optional.<Job>empty();
                }
            }
        }));
    }

    private static final String FIND_BY_KEY = "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE idempotency_key = ?";

    private static Optional<JobRows.Raw> findByKey(PreparedStatement select, String key) throws SQLException {
        select.setString(1, key);
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(JobRows.raw(row, false)) : Optional.empty();
        }
    }

    @Override
    public JobPage list(JobQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + (query.payloads() ? JobRows.COLUMNS : JobRows.COLUMNS_WITHOUT_PAYLOADS)
                + " FROM jobs WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.status() != null) {
            sql.append(" AND status = ?");
            parameters.add(query.status().name());
        }
        if (query.type() != null) {
            sql.append(" AND type = ?");
            parameters.add(query.type());
        }
        if (query.pool() != null) {
            sql.append(" AND pool = ?");
            parameters.add(query.pool().name());
        }
        if (query.cursor() != null) {
            sql.append(" AND seq < ?");
            parameters.add(query.cursor());
        }
        sql.append(" ORDER BY seq DESC LIMIT ").append(query.limit() + 1);
        List<Job> jobs = timed("list", () -> read("listing jobs", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                List<Job> page = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(JobRows.read(rows, false));
                    }
                }
                return page;
            }
        }));
        if (jobs.size() <= query.limit()) {
            return new JobPage(jobs, null);
        }
        List<Job> page = jobs.subList(0, query.limit());
        return new JobPage(List.copyOf(page), page.getLast().sequence());
    }

    @Override
    public int countQueued(Pool pool) {
        Instant now = clock.instant();
        if (!queued.fresh(pool, now)) {
            try {
                queued.counted(pool, read("counting the queue", connection -> count(connection, JobStatus.QUEUED, pool)), now);
            } catch (RuntimeException e) {
                log.debug("could not count the queue: {}", e.getMessage());
            }
        }
        return queued.estimate(pool);
    }

    @Override
    public int countRunning(Pool pool) {
        return read("counting running jobs", connection -> count(connection, JobStatus.RUNNING, pool));
    }

    /**
     * Jobs of a pool in a status. The status is written into the SQL, not bound, so the planner can use the
     * partial index on QUEUED (or RUNNING) rows.
     */
    private static int count(Connection connection, JobStatus status, Pool pool) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM jobs WHERE status = '" + status.name() + "' AND pool = ?")) {
            count.setString(1, pool.name());
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    @Override
    public StoreInfo info() {
        Instant now = clock.instant();
        long started = System.nanoTime();
        try {
            List<StoreInfo.Node> nodes = read("reading the replicas", connection -> {
                List<StoreInfo.Node> live = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT id, started_at, heartbeat_at FROM nodes WHERE heartbeat_at >= ? ORDER BY started_at")) {
                    select.setLong(1, JobRows.micros(now.minus(lease)));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            live.add(new StoreInfo.Node(rows.getString(1), micros(rows.getLong(2)), micros(rows.getLong(3)),
                                    nodeId.equals(rows.getString(1))));
                        }
                    }
                }
                return live;
            });
            return new StoreInfo(dialect.migrations, location, true, Duration.ofNanos(System.nanoTime() - started), nodes);
        } catch (RuntimeException e) {
            return new StoreInfo(dialect.migrations, location, false, null, List.of());
        }
    }

    private static Instant micros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** A read (or a retention delete on PostgreSQL), on a connection of its own, outside the writer's batches. */
    @FunctionalInterface
    private interface Query<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T read(String doing, Query<T> query) {
        ready();
        try (Connection connection = dataSource.getConnection()) {
            return query.apply(connection);
        } catch (SQLException | RuntimeException e) {
            throw SqlErrors.translate(doing, e);
        }
    }

    private <T> T timed(String operation, java.util.function.Supplier<T> call) {
        ready();
        long started = System.nanoTime();
        try {
            return call.get();
        } finally {
            metrics.operation(operation, System.nanoTime() - started);
        }
    }

    /** Leaves the replicas' table, so the others stop listing this one. */
    @Override
    public void close() {
        if (prepared) { // a replica that never reached its database has no row to remove
            try {
                writer.call(batch -> {
                    try (PreparedStatement delete = batch.connection().prepareStatement("DELETE FROM nodes WHERE id = ?")) {
                        delete.setString(1, nodeId);
                        return delete.executeUpdate();
                    }
                });
            } catch (RuntimeException e) {
                log.debug("could not remove this replica from nodes: {}", e.getMessage());
            }
        }
        writer.close();
        if (notifications != null) {
            notifications.close();
        }
        try {
            resources.close();
        } catch (Exception e) {
            log.warn("closing the job store: {}", e.getMessage());
        }
    }
}
