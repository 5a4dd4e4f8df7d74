package dev.jobpool.store;

import dev.jobpool.job.Job;
import dev.jobpool.job.JobId;
import dev.jobpool.job.JobPage;
import dev.jobpool.job.JobQuery;
import dev.jobpool.job.JobStatus;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.StoreInfo;
import dev.jobpool.job.StoreUnavailableException;
import dev.jobpool.job.TenantsProperties;
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
import java.util.Set;
import java.util.TreeMap;
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
    private final TenantsProperties tenants;
    private final Clock clock;
    private final WriteBatcher writer;
    private final StoreMetrics metrics;
    private final AutoCloseable resources;
    private volatile PostgresNotifications notifications;
    private final Runnable prepare;
    private volatile boolean prepared;
    private long nextPrepareAttempt;

    private final QueueLengths queued = new QueueLengths();
    /** The latest fair-share turn this replica claimed in each pool. */
    private final Map<Pool, Double> poolTurns = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<JobId, Integer> savedProgress = new HashMap<>();

    /**
     * @param prepare brings the schema up to date; run before first use, and again until it works if the
     *        database cannot be reached
     * @param resources closed after the store: the connection pool, a lock file
     */
    SqlJobStore(DataSource dataSource, SqlDialect dialect, String location, String nodeId, boolean exclusive,
            Duration lease, int maxBatch, int maxRetained, TenantsProperties tenants, Clock clock, StoreMetrics metrics,
            Runnable prepare, AutoCloseable resources) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.location = location;
        this.nodeId = nodeId;
        this.exclusive = exclusive;
        this.lease = lease;
        this.maxRetained = maxRetained;
        this.tenants = tenants;
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

    /** A write of another table of this database (API keys), committed with the store's other writes. */
    <T> T write(WriteBatcher.Write<T> write) {
        ready();
        return writer.call(write);
    }

    /** The API keys, in this database. */
    SqlApiKeyStore apiKeys() {
        return new SqlApiKeyStore(this);
    }

    /** The dashboard's sessions, in this database. */
    SqlSessionStore sessions() {
        return new SqlSessionStore(this);
    }

    /** Rate-limit buckets every replica shares, on PostgreSQL; empty for a store used by one process. */
    Optional<dev.jobpool.security.RateLimitBuckets> sharedRateLimitBuckets() {
        if (!shared()) {
            return Optional.empty();
        }
        var buckets = io.github.bucket4j.postgresql.Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets").idColumn("id").stateColumn("state")
                .build();
        return Optional.of((key, configuration) -> buckets.builder().build(key, () -> configuration));
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

    @Override
    public boolean broadcast(List<String> messages) {
        if (!shared()) {
            return false;
        }
        // not through the batcher: a message waits for no job's write, and no write waits for it
        try (Connection connection = dataSource.getConnection()) {
            PostgresNotifications.broadcast(connection, messages);
        } catch (SQLException e) {
            throw SqlErrors.translate("broadcast", e);
        }
        return true;
    }

    // --- writes, through the batcher

    @Override
    public Added add(Job job, int queueCapacity) {
        Job.Stored stored = job.stored();
        JobRows.Insert row = JobRows.insert(stored);
        AddedRaw added = timed("add", () -> writer.call(batch -> {
            Optional<JobRows.Raw> holder = stored.idempotencyKey() == null ? Optional.empty()
                    : findByKey(batch.prepare(FIND_BY_KEY), stored.tenant(), stored.idempotencyKey());
            if (holder.isPresent()) {
                return new AddedRaw(null, holder.get());
            }
            if (queuedFor(batch, stored.pool(), queueCapacity) >= queueCapacity) {
                return new AddedRaw(new QueueFull(queueCapacity), null);
            }
            int quota = tenants.maxQueued(stored.tenant());
            if (quota > 0 && queuedOf(batch, stored.tenant(), quota) >= quota) {
                return new AddedRaw(new TenantQuotaFull(stored.tenant(), quota), null);
            }
            double turn = nextTurn(batch, stored.pool(), stored.tenant());
            if (stored.idempotencyKey() == null) {
                // no key, no conflict: the insert joins the batch's other inserts (if it fails, so does the commit)
                batch.batched(JobRows.INSERT, insert -> JobRows.bindInsert(insert, row, turn), count -> count);
            } else {
                PreparedStatement insert = batch.prepare(JobRows.INSERT);
                JobRows.bindInsert(insert, row, turn);
                if (insert.executeUpdate() == 0) { // another replica took the key a moment ago
                    return new AddedRaw(null, findByKey(batch.prepare(FIND_BY_KEY), stored.tenant(), stored.idempotencyKey())
                            .orElseThrow());
                }
            }
            if (row.items() != null) {
                batch.batched(JobRows.INSERT_ITEMS, insert -> {
                    insert.setString(1, stored.id().toString());
                    insert.setBytes(2, row.items());
                }, count -> count);
            }
            if (shared()) {
                PostgresNotifications.submitted(batch, stored.pool());
            }
            queued.add(poolKey(stored.pool()), 1);
            queued.add(tenantKey(stored.tenant()), 1);
            return new AddedRaw(new Created(job), null);
        }));
        return added.holder() != null ? new KeyTaken(added.holder().decode()) : added.outcome();
    }

    /**
     * The tenant's next fair-share turn in the pool. Its last turn is read from its queued jobs (an index
     * lookup, in the inserting transaction, so a batch's own inserts count); the pool's turn is the latest
     * this replica claimed. No row holds a turn that every writer must lock: on PostgreSQL several writers
     * commit side by side, and shared counters would make them wait on (and deadlock with) each other.
     */
    private double nextTurn(WriteBatcher.Batch batch, Pool pool, String tenant) throws SQLException {
        // the tenant's later jobs in this batch follow from its first one's turn, so their inserts stay batched
        Map<String, Double> lastTurns = batch.shared("last turns");
        String key = pool.name() + " " + tenant;
        Double lastTurn = lastTurns.get(key);
        if (lastTurn == null) {
            PreparedStatement last = batch.prepare("SELECT max(turn) FROM jobs WHERE status = 'QUEUED' AND tenant = ? AND pool = ?");
            last.setString(1, tenant);
            last.setString(2, pool.name());
            try (ResultSet row = last.executeQuery()) {
                row.next();
                lastTurn = row.getDouble(1); // NULL reads as 0: nothing queued
            }
        }
        double turn = tenants.nextTurn(tenant, lastTurn, poolTurn(batch, pool));
        lastTurns.put(key, turn);
        return turn;
    }

    /**
     * How far the pool's queue has come: the latest turn this replica claimed. Replicas claim from the same head
     * of the queue, so each one's figure follows the others'; a replica that has claimed nothing yet starts from
     * the head of the queue as it finds it.
     */
    private double poolTurn(WriteBatcher.Batch batch, Pool pool) throws SQLException {
        Double turn = poolTurns.get(pool);
        if (turn != null) {
            return turn;
        }
        try (PreparedStatement head = batch.connection().prepareStatement(
                "SELECT min(turn) FROM jobs WHERE status = 'QUEUED' AND pool = ?")) {
            head.setString(1, pool.name());
            try (ResultSet row = head.executeQuery()) {
                row.next();
                double found = Math.max(0, row.getDouble(1) - 1); // just before the head
                poolTurns.merge(pool, found, Math::max);
                return poolTurns.get(pool);
            }
        }
    }

    /** What an add found in the writer thread; a key's holder is decoded in the caller's. */
    private record AddedRaw(Added outcome, JobRows.Raw holder) {
    }

    /** The queue's length for admission: exact when near the capacity, else the running estimate. */
    private int queuedFor(WriteBatcher.Batch batch, Pool pool, int capacity) throws SQLException {
        // counted after the batch's inserts so far
        return admissionCount(poolKey(pool), capacity, () -> count(batch.connection(), JobStatus.QUEUED, pool));
    }

    /** The tenant's queued jobs, for its quota: exact when near it, else the running estimate. */
    private int queuedOf(WriteBatcher.Batch batch, String tenant, int quota) throws SQLException {
        return admissionCount(tenantKey(tenant), quota, () -> {
            try (PreparedStatement count = batch.connection().prepareStatement(
                    "SELECT count(*) FROM jobs WHERE status = 'QUEUED' AND tenant = ?")) {
                count.setString(1, tenant);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getInt(1);
                }
            }
        });
    }

    @FunctionalInterface
    private interface Count {
        int run() throws SQLException;
    }

    private int admissionCount(String key, int limit, Count exactly) throws SQLException {
        Instant now = clock.instant();
        int estimate = queued.estimate(key);
        if (queued.fresh(key, now) && estimate < limit * EXACT_COUNT_ABOVE) {
            return estimate;
        }
        int exact = exactly.run();
        queued.counted(key, exact, now);
        return exact;
    }

    private static String poolKey(Pool pool) {
        return "pool " + pool.name();
    }

    private static String tenantKey(String tenant) {
        return "tenant " + tenant;
    }

    /**
     * Queued jobs per pool and per tenant as last counted, adjusted by this replica's own adds, claims and
     * retries since, so admission rarely needs a count: only when the last one is ten seconds old, or the
     * limit is nearly reached. Other replicas' changes show at the next count.
     */
    private static final class QueueLengths {

        private final Map<String, Integer> lengths = new HashMap<>();
        private final Map<String, Instant> countedAt = new HashMap<>();

        synchronized void add(String key, int jobs) {
            lengths.merge(key, jobs, Integer::sum);
        }

        synchronized int estimate(String key) {
            return Math.max(0, lengths.getOrDefault(key, 0));
        }

        synchronized boolean fresh(String key, Instant now) {
            Instant counted = countedAt.get(key);
            return counted != null && Duration.between(counted, now).compareTo(COUNT_REFRESH) <= 0;
        }

        synchronized void counted(String key, int length, Instant now) {
            lengths.put(key, length);
            countedAt.put(key, now);
        }

        /** Jobs came back to the queue in ways not counted here (a rescue): count again next time. */
        synchronized void forget() {
            countedAt.clear();
        }
    }

    @Override
    public List<Job> claimNext(Pool pool, int max, Instant now) {
        List<JobRows.Raw> rows = timed("claim", () -> writer.call(batch -> {
            TenantsProperties.Ceilings ceilings = tenants.hasCeilingsIn(pool) ? ceilings(batch.connection(), pool) : null;
            List<JobRows.Raw> jobs = new ArrayList<>();
            while (jobs.size() < max) {
                List<JobRows.Raw> found = claim(batch, pool, max - jobs.size(), ceilings == null ? Set.of() : ceilings.full(), now);
                List<JobRows.Raw> overCeiling = new ArrayList<>();
                for (JobRows.Raw row : found) {
                    if (ceilings == null || ceilings.take(row.tenant())) {
                        jobs.add(row);
                    } else {
                        overCeiling.add(row);
                    }
                }
                if (overCeiling.isEmpty()) {
                    break; // all it found, which is as many as asked or all there is
                }
                // one claim took more of a tenant's jobs than its ceiling leaves: those go back, in this same
                // transaction, and the next round skips that tenant
                giveBack(batch, overCeiling);
            }
            return jobs;
        }));
        queued.add(poolKey(pool), -rows.size());
        rows.forEach(row -> queued.add(tenantKey(row.tenant()), -1));
        rows.stream().mapToDouble(JobRows.Raw::turn).max().ifPresent(turn -> poolTurns.merge(pool, turn, Math::max));
        List<Job> claimed = new ArrayList<>(rows.stream().map(JobRows.Raw::decode).toList());
        claimed.sort(Comparator.comparingInt(Job::priority).reversed().thenComparingDouble(Job::turn)
                .thenComparingLong(Job::sequence));
        return claimed;
    }

    private List<JobRows.Raw> claim(WriteBatcher.Batch batch, Pool pool, int max, Set<String> skipping, Instant now)
            throws SQLException {
        List<String> excluded = List.copyOf(skipping);
        List<JobRows.Raw> jobs = new ArrayList<>();
        try (PreparedStatement claim = batch.connection().prepareStatement(
                dialect.claimSql(JobRows.COLUMNS_WITHOUT_RESULT, excluded.size()))) {
            int i = 0;
            claim.setString(++i, nodeId);
            claim.setLong(++i, JobRows.micros(leaseFrom(now)));
            claim.setLong(++i, JobRows.micros(now));
            claim.setString(++i, pool.name());
            claim.setLong(++i, JobRows.micros(now));
            for (String tenant : excluded) {
                claim.setString(++i, tenant);
            }
            claim.setInt(++i, max);
            try (ResultSet found = claim.executeQuery()) {
                while (found.next()) {
                    jobs.add(JobRows.raw(found));
                }
            }
        }
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).itemCount() > 0) {
                PreparedStatement items = batch.prepare(JobRows.SELECT_ITEMS);
                items.setString(1, jobs.get(i).id());
                try (ResultSet row = items.executeQuery()) {
                    jobs.set(i, jobs.get(i).withItems(row.next() ? row.getBytes(1) : null));
                }
            }
        }
        return jobs;
    }

    /** Undoes the claim of these rows, in the transaction that claimed them. */
    private static void giveBack(WriteBatcher.Batch batch, List<JobRows.Raw> rows) throws SQLException {
        PreparedStatement undo = batch.prepare("UPDATE jobs SET status = 'QUEUED', attempts = attempts - 1, owner = NULL,"
                + " lease_until = NULL, started_at = NULL WHERE id = ?");
        for (JobRows.Raw row : rows) {
            undo.setString(1, row.id());
            undo.executeUpdate();
        }
    }

    /** How many jobs each tenant runs in the pool, on every replica, against the tenants' ceilings. */
    private TenantsProperties.Ceilings ceilings(Connection connection, Pool pool) throws SQLException {
        if (dialect.poolClaimLock != null) {
            try (PreparedStatement lock = connection.prepareStatement(dialect.poolClaimLock)) {
                lock.setString(1, pool.name());
                lock.execute();
            }
        }
        Map<String, Integer> running = new HashMap<>();
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT tenant, count(*) FROM jobs WHERE status = 'RUNNING' AND pool = ? GROUP BY tenant")) {
            count.setString(1, pool.name());
            try (ResultSet rows = count.executeQuery()) {
                while (rows.next()) {
                    running.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return tenants.ceilings(pool, running);
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
                    if (written && stored.status().isEnded()) {
                        savePayloads(batch, change);
                    }
                    if (written && from != stored.status() && (from == JobStatus.QUEUED || stored.status() == JobStatus.QUEUED)) {
                        int moved = stored.status() == JobStatus.QUEUED ? 1 : -1; // a retry, or a cancel while queued
                        queued.add(poolKey(stored.pool()), moved);
                        queued.add(tenantKey(stored.tenant()), moved);
                    }
                    if (written && stored.status().isEnded() && shared()) {
                        PostgresNotifications.ended(batch, stored.id());
                    }
                    return written;
                })).whenComplete((written, failure) -> metrics.operation("update", System.nanoTime() - started));
    }

    /** An ended job keeps its result, if any, and no items; in the transaction that wrote its row. */
    private static void savePayloads(WriteBatcher.Batch batch, JobRows.Change change) throws SQLException {
        String id = change.job().id().toString();
        if (change.result() == null) {
            batch.batched(JobRows.DROP_PAYLOADS, drop -> drop.setString(1, id), count -> count);
        } else {
            batch.batched(JobRows.SAVE_RESULT, save -> {
                save.setString(1, id);
                save.setBytes(2, change.result());
            }, count -> count);
        }
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
                    + " error_code = 'NODE_LOST', error_message = ?, not_before = ?, owner = NULL, lease_until = NULL"
                    + " WHERE status = 'RUNNING' AND (lease_until < ?" + (exclusive ? " OR owner <> ?" : "") + ")"
                    + " RETURNING " + JobRows.COLUMNS_WITHOUT_RESULT;
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
                        jobs.add(JobRows.read(rows));
                    }
                }
            }
            PreparedStatement drop = batch.prepare(JobRows.DROP_PAYLOADS);
            for (Job job : jobs) {
                if (job.status().isEnded()) { // no attempts left: its items are no longer needed
                    drop.setString(1, job.id().toString());
                    drop.executeUpdate();
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
                    return row.next() ? Optional.of(JobRows.read(row)) : Optional.<Job>empty();
                }
            }
        }));
    }

    private static final String FIND_BY_KEY = "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE tenant = ? AND idempotency_key = ?";

    private static Optional<JobRows.Raw> findByKey(PreparedStatement select, String tenant, String key) throws SQLException {
        select.setString(1, tenant);
        select.setString(2, key);
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(JobRows.raw(row)) : Optional.empty();
        }
    }

    @Override
    public JobPage list(JobQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + (query.payloads() ? JobRows.COLUMNS : JobRows.COLUMNS_WITHOUT_PAYLOADS)
                + " FROM jobs WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.tenant() != null) {
            sql.append(" AND tenant = ?");
            parameters.add(query.tenant());
        }
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
        dialect.labelsCondition(query.labels(), sql, parameters);
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
                        page.add(JobRows.read(rows));
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
        if (!queued.fresh(poolKey(pool), now)) {
            try {
                queued.counted(poolKey(pool), read("counting the queue", connection -> count(connection, JobStatus.QUEUED, pool)),
                        now);
            } catch (RuntimeException e) {
                log.debug("could not count the queue: {}", e.getMessage());
            }
        }
        return queued.estimate(poolKey(pool));
    }

    @Override
    public int countRunning(Pool pool) {
        return read("counting running jobs", connection -> count(connection, JobStatus.RUNNING, pool));
    }

    /**
     * Two scans of partial indexes, in one statement: the queued jobs' (tenant, pool) entries, grouped as the
     * index is ordered, and the running jobs' (few: the replicas' slots). With a million jobs queued it reads a
     * million index entries, not the table (see V6).
     */
    private static final String COUNT_ACTIVE = "SELECT tenant, pool, 'QUEUED', count(*) FROM jobs WHERE status = 'QUEUED'"
            + " GROUP BY tenant, pool UNION ALL SELECT tenant, pool, 'RUNNING', count(*) FROM jobs WHERE status = 'RUNNING'"
            + " GROUP BY tenant, pool";

    @Override
    public List<ActiveCount> countActive() {
        // per pool, per tenant: queued and running
        Map<Pool, Map<String, int[]>> counts = timed("count", () -> read("counting queued and running jobs", connection -> {
            Map<Pool, Map<String, int[]>> found = new EnumMap<>(Pool.class);
            try (PreparedStatement count = connection.prepareStatement(COUNT_ACTIVE);
                    ResultSet rows = count.executeQuery()) {
                while (rows.next()) {
                    int[] tenant = found.computeIfAbsent(Pool.valueOf(rows.getString(2)), pool -> new TreeMap<>())
                            .computeIfAbsent(rows.getString(1), key -> new int[2]);
                    tenant[rows.getString(3).equals("QUEUED") ? 0 : 1] = rows.getInt(4);
                }
            }
            return found;
        }));
        List<ActiveCount> active = new ArrayList<>();
        counts.forEach((pool, tenants) -> tenants.forEach((tenant, queuedAndRunning) ->
                active.add(new ActiveCount(tenant, pool, queuedAndRunning[0], queuedAndRunning[1]))));
        return active;
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
    interface Query<T> {
        T apply(Connection connection) throws SQLException;
    }

    <T> T read(String doing, Query<T> query) {
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
