package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The throwaway store ({@code jobpool.store.type=memory}): everything in this process's heap, lost on
 * restart. Here the {@link Job} objects are the record, changed in place by their verbs under each job's
 * monitor, so {@link #update} only files a job where its new status belongs. Reads are lock-free; changes to
 * the queues take one lock, held for microseconds.
 *
 * <p>It lives beside {@link Job} rather than in {@code store/} because it drives the job's package-private
 * verbs; the durable stores only read and write rows.
 */
public class InMemoryJobStore implements JobStore {

    private static final Comparator<Job> QUEUE_ORDER = Comparator.comparingInt(Job::priority).reversed()
            .thenComparingDouble(Job::turn).thenComparingLong(Job::sequence);
    private static final Comparator<Job> RETRY_ORDER = Comparator.comparing(Job::notBefore)
            .thenComparingLong(Job::sequence);

    private final Map<JobId, Job> jobs = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, Job> bySequence = new ConcurrentSkipListMap<>();
    private final Map<String, Job> byIdempotencyKey = new ConcurrentHashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Pool, NavigableSet<Job>> ready = new EnumMap<>(Pool.class);
    private final Map<Pool, NavigableSet<Job>> retrying = new EnumMap<>(Pool.class);
    private final Map<Pool, Set<Job>> running = new EnumMap<>(Pool.class);
    private final LinkedHashSet<Job> endedInOrder = new LinkedHashSet<>();
    /** Queued jobs per pool and tenant (no entry: none), for quotas and {@link #countActive}. */
    private final Map<Pool, Map<String, Integer>> queuedByTenant = new EnumMap<>(Pool.class);
    /** Each tenant's last fair-share turn per pool, and the turn each pool has reached (of its last claim). */
    private final Map<Pool, Map<String, Double>> tenantTurns = new EnumMap<>(Pool.class);
    private final Map<Pool, Double> poolTurns = new EnumMap<>(Pool.class);
    private final TenantsProperties tenants;
    private final int maxRetained;
    private final long maxRetainedBytes;
    private long retainedBytes;
    private long nextSequence;

    /**
     * @param maxRetained ended jobs kept at most; the oldest go first
     * @param maxRetainedBytes heap that ended jobs' inputs and results may hold, roughly; the oldest go first
     */
    public InMemoryJobStore(int maxRetained, long maxRetainedBytes) {
        this(maxRetained, maxRetainedBytes, TenantsProperties.NONE);
    }

    public InMemoryJobStore(int maxRetained, long maxRetainedBytes, TenantsProperties tenants) {
        this.tenants = tenants;
        this.maxRetained = maxRetained;
        this.maxRetainedBytes = maxRetainedBytes;
        for (Pool pool : Pool.values()) {
            ready.put(pool, new TreeSet<>(QUEUE_ORDER));
            retrying.put(pool, new TreeSet<>(RETRY_ORDER));
            running.put(pool, new HashSet<>());
            tenantTurns.put(pool, new HashMap<>());
            poolTurns.put(pool, 0.0);
            queuedByTenant.put(pool, new HashMap<>());
        }
    }

    @Override
    public Added add(Job job, int queueCapacity) {
        lock.lock();
        try {
            String key = keyOf(job);
            Job holder = key == null ? null : byIdempotencyKey.get(key);
            if (holder != null) {
                return new KeyTaken(holder);
            }
            if (queued(job.pool()) >= queueCapacity) {
                return new QueueFull(queueCapacity);
            }
            int quota = tenants.maxQueued(job.tenant());
            if (quota > 0 && queuedOf(job.tenant()) >= quota) {
                return new TenantQuotaFull(job.tenant(), quota);
            }
            if (key != null) {
                byIdempotencyKey.put(key, job);
            }
            Map<String, Double> turns = tenantTurns.get(job.pool());
            double turn = tenants.nextTurn(job.tenant(), turns.getOrDefault(job.tenant(), 0.0), poolTurns.get(job.pool()));
            turns.put(job.tenant(), turn);
            job.assignTurn(turn);
            job.assignSequence(++nextSequence);
            countQueued(job, 1);
            jobs.put(job.id(), job);
            bySequence.put(job.sequence(), job);
            (job.notBefore().isAfter(job.createdAt()) ? retrying : ready).get(job.pool()).add(job);
            return new Created(job);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Job> find(JobId id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public List<Job> claimNext(Pool pool, int max, Instant now) {
        lock.lock();
        try {
            promoteDueRetries(pool, now);
            TenantsProperties.Ceilings ceilings = tenants.hasCeilingsIn(pool) ? tenants.ceilings(pool, runningByTenant(pool)) : null;
            List<Job> claimed = new ArrayList<>(Math.min(max, 16));
            List<Job> skipped = new ArrayList<>();
            NavigableSet<Job> queue = ready.get(pool);
            while (claimed.size() < max && !queue.isEmpty()) {
                Job job = queue.pollFirst();
                synchronized (job) {
                    if (job.status() != JobStatus.QUEUED) {
                        continue; // cancelled a moment ago; its update() is on the way
                    }
                    if (ceilings != null && !ceilings.take(job.tenant())) {
                        skipped.add(job); // its tenant runs as many as it may; it keeps its place
                        continue;
                    }
                    job.start(now);
                }
                running.get(pool).add(job);
                countQueued(job, -1);
                poolTurns.merge(pool, job.turn(), Math::max);
                claimed.add(job);
            }
            queue.addAll(skipped);
            return claimed;
        } finally {
            lock.unlock();
        }
    }

    /** The tenant's queued jobs in every pool; the caller holds the lock. */
    private int queuedOf(String tenant) {
        int queued = 0;
        for (Map<String, Integer> counts : queuedByTenant.values()) {
            queued += counts.getOrDefault(tenant, 0);
        }
        return queued;
    }

    /** The job joined its pool's queue (+1) or left it (-1); the caller holds the lock. */
    private void countQueued(Job job, int change) {
        queuedByTenant.get(job.pool()).merge(job.tenant(), change, (count, by) -> count + by == 0 ? null : count + by);
    }

    private Map<String, Integer> runningByTenant(Pool pool) {
        Map<String, Integer> counts = new HashMap<>();
        running.get(pool).forEach(job -> counts.merge(job.tenant(), 1, Integer::sum));
        return counts;
    }

    /** Idempotency keys are per tenant. */
    private static String keyOf(Job job) {
        return job.idempotencyKey() == null ? null : job.tenant() + '\n' + job.idempotencyKey();
    }

    private void promoteDueRetries(Pool pool, Instant now) {
        NavigableSet<Job> waiting = retrying.get(pool);
        while (!waiting.isEmpty() && !waiting.first().notBefore().isAfter(now)) {
            ready.get(pool).add(waiting.pollFirst());
        }
    }

    @Override
    public CompletableFuture<Boolean> update(Job job, JobStatus from, int attempt) {
        lock.lock();
        try {
            Pool pool = job.pool();
            switch (job.status()) {
                case QUEUED -> {
                    running.get(pool).remove(job);
                    retrying.get(pool).add(job);
                    countQueued(job, 1);
                }
                case RUNNING -> throw new IllegalStateException(job + ": a job starts only through claimNext");
                case SUCCEEDED, FAILED, CANCELLED -> {
                    if (ready.get(pool).remove(job) || retrying.get(pool).remove(job)) {
                        countQueued(job, -1); // cancelled while it waited
                    }
                    running.get(pool).remove(job);
                    if (jobs.containsKey(job.id()) && endedInOrder.add(job)) {
                        retainedBytes += job.retainedBytes();
                        evictOldestWhile(() -> endedInOrder.size() > maxRetained || retainedBytes > maxRetainedBytes);
                    }
                }
            }
            return CompletableFuture.completedFuture(true);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public JobPage list(JobQuery query) {
        var newestFirst = query.cursor() == null
                ? bySequence.descendingMap()
                : bySequence.headMap(query.cursor(), false).descendingMap();
        List<Job> page = new ArrayList<>(query.limit());
        for (Job job : newestFirst.values()) {
            if (matches(job, query)) {
                if (page.size() == query.limit()) {
                    return new JobPage(page, page.getLast().sequence());
                }
                page.add(job);
            }
        }
        return new JobPage(page, null);
    }

    private static boolean matches(Job job, JobQuery query) {
        return (query.tenant() == null || job.tenant().equals(query.tenant()))
                && (query.status() == null || job.status() == query.status())
                && (query.type() == null || job.type().equals(query.type()))
                && (query.pool() == null || job.pool() == query.pool())
                && query.hasLabels(job.labels());
    }

    @Override
    public boolean remove(JobId id) {
        lock.lock();
        try {
            Job job = jobs.get(id);
            if (job == null) {
                return false;
            }
            if (!job.status().isEnded()) {
                throw new IllegalStateException(job + " is " + job.status() + "; only an ended job can be removed");
            }
            if (endedInOrder.remove(job)) {
                retainedBytes -= job.retainedBytes();
            }
            forget(job);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int countQueued(Pool pool) {
        lock.lock();
        try {
            return queued(pool);
        } finally {
            lock.unlock();
        }
    }

    private int queued(Pool pool) {
        return ready.get(pool).size() + retrying.get(pool).size();
    }

    /** Nothing here outlives the process, so a job still running is this process's own. */
    @Override
    public Collection<JobId> renewLeases(Collection<JobId> ids, Instant now) {
        return ids.stream().filter(id -> {
            Job job = jobs.get(id);
            return job != null && job.status() == JobStatus.RUNNING;
        }).toList();
    }

    @Override
    public StoreInfo info() {
        return new StoreInfo("memory", null, true, null, List.of());
    }

    /** From counts kept up to date with every change, and the running jobs (a pool's slots' worth): no scan. */
    @Override
    public List<ActiveCount> countActive() {
        lock.lock();
        try {
            List<ActiveCount> counts = new ArrayList<>();
            for (Pool pool : Pool.values()) {
                Map<String, Integer> running = runningByTenant(pool);
                Set<String> tenants = new TreeSet<>(queuedByTenant.get(pool).keySet());
                tenants.addAll(running.keySet());
                for (String tenant : tenants) {
                    counts.add(new ActiveCount(tenant, pool, queuedByTenant.get(pool).getOrDefault(tenant, 0),
                            running.getOrDefault(tenant, 0)));
                }
            }
            return counts;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int countRunning(Pool pool) {
        lock.lock();
        try {
            return running.get(pool).size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int evictEnded(Instant endedBefore) {
        lock.lock();
        try {
            return evictOldestWhile(() -> endedInOrder.getFirst().finishedAt().isBefore(endedBefore));
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the oldest ended jobs while the condition holds; the caller holds the lock. */
    private int evictOldestWhile(BooleanSupplier condition) {
        int evicted = 0;
        while (!endedInOrder.isEmpty() && condition.getAsBoolean()) {
            Job oldest = endedInOrder.removeFirst();
            retainedBytes -= oldest.retainedBytes();
            forget(oldest);
            evicted++;
        }
        return evicted;
    }

    private void forget(Job job) {
        jobs.remove(job.id());
        bySequence.remove(job.sequence());
        if (job.idempotencyKey() != null) {
            byIdempotencyKey.remove(keyOf(job), job);
        }
    }
}
