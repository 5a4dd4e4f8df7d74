package dev.jobpool.dashboard;

import dev.jobpool.events.EventHub;
import dev.jobpool.events.JobEvent;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.StoreInfo;
import dev.jobpool.jobtype.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The overview's figures, kept in memory so that the page costs the service nothing however many jobs there are.
 *
 * <p>Rates and wait and run times come from the events stream ({@link EventHub#listen}): every replica hears every
 * replica's events, so each one's figures are the cluster's. They are counted per tenant (and for all tenants) in a
 * ring of {@link #STEPS} steps of {@link #STEP}, keyed by the time the event happened; wait and run times go into a
 * {@link LatencyBins histogram} per step. Queued and running jobs are sampled from the store once a step, by one
 * grouped count ({@link JobStore#countActive}), in the middle of each step, on a thread of their own; the replicas
 * with it.
 *
 * <p>Memory: a few kilobytes per tenant that had jobs in the window, plus two small histograms per step in which its
 * jobs started or ended. A tenant whose window is empty is forgotten.
 */
@Component
public class Overview implements SmartLifecycle {

    static final Duration STEP = Duration.ofSeconds(5);
    static final int STEPS = 180;
    static final Duration WINDOW = STEP.multipliedBy(STEPS);
    private static final long STEP_MILLIS = STEP.toMillis();
    private static final int POOLS = Pool.values().length;

    private static final Logger log = LoggerFactory.getLogger(Overview.class);

    private final JobStore store;
    private final Clock clock;

    // guarded by this
    private final Series all = new Series();
    private final Map<String, Series> tenants = new HashMap<>();
    /** Which step each slot of the ring was last sampled in (so a tenant missing from that sample had none). */
    private final long[] sampledStep = new long[STEPS];
    private final long firstStep;
    private StoreInfo lastInfo = new StoreInfo("", null, false, null, List.of());
    private boolean storeFailing;

    private volatile Thread sampler;

    Overview(EventHub hub, JobStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        Arrays.fill(sampledStep, Long.MIN_VALUE);
        this.firstStep = stepOf(clock.millis());
        hub.listen(this::heard);
    }

    static long stepOf(long epochMillis) {
        return Math.floorDiv(epochMillis, STEP_MILLIS);
    }

    // --- in: events, on the hub's dispatcher thread

    /** Counts one event of the stream, in the step it happened in; one older than the window is dropped. */
    synchronized void heard(JobEvent event) {
        long now = stepOf(clock.millis());
        long step = Math.min(stepOf(event.time().toEpochMilli()), now); // a replica whose clock runs ahead
        if (step <= now - STEPS) {
            return;
        }
        switch (event.eventType()) {
            case SUBMITTED -> count(event.tenant(), step, series -> series.submitted);
            case STARTED -> latency(event.tenant(), step, false, event.waitSeconds());
            case SUCCEEDED -> {
                count(event.tenant(), step, series -> series.succeeded);
                latency(event.tenant(), step, true, event.runSeconds());
            }
            case FAILED -> {
                count(event.tenant(), step, series -> series.failed);
                latency(event.tenant(), step, true, event.runSeconds());
            }
            default -> {
            }
        }
    }

    private void count(String tenant, long step, Function<Series, int[]> counter) {
        for (Series series : List.of(all, tenant(tenant))) {
            counter.apply(series)[series.slot(step)]++;
        }
    }

    private void latency(String tenant, long step, boolean run, Double seconds) {
        if (seconds == null) {
            return;
        }
        int bin = LatencyBins.bin(seconds);
        for (Series series : List.of(all, tenant(tenant))) {
            series.bins(run, series.slot(step))[bin]++;
        }
    }

    private Series tenant(String tenant) {
        return tenants.computeIfAbsent(tenant, name -> new Series());
    }

    // --- in: samples of the store, on the sampler's thread

    private void sampleEvery() {
        sample(); // at once, so that the page has the present from the start
        while (sampler != null) {
            long now = clock.millis();
            long middle = stepOf(now) * STEP_MILLIS + STEP_MILLIS / 2; // far from either end: a late wake-up stays in it
            try {
                Thread.sleep(middle > now ? middle - now : middle + STEP_MILLIS - now);
            } catch (InterruptedException e) {
                return;
            }
            sample();
        }
    }

    /** Counts the queued and running jobs of every tenant and reads the replicas, into the step it is now. */
    void sample() {
        List<JobStore.ActiveCount> counts;
        StoreInfo info;
        try {
            counts = store.countActive();
            info = store.info();
        } catch (RuntimeException e) {
            synchronized (this) {
                if (!storeFailing) {
                    log.warn("the dashboard's overview cannot count the queue ({}); its queue and running series have "
                            + "gaps until the store answers", e.getMessage());
                }
                storeFailing = true;
            }
            return;
        }
        sampled(stepOf(clock.millis()), counts, info);
    }

    synchronized void sampled(long step, List<JobStore.ActiveCount> counts, StoreInfo info) {
        if (storeFailing) {
            log.info("the dashboard's overview counts the queue again");
            storeFailing = false;
        }
        // a second sample in the same step replaces the first
        int slot = all.slot(step);
        all.clearActive(slot);
        for (Series series : tenants.values()) {
            if (series.holds(step)) {
                series.clearActive(slot);
            }
        }
        for (JobStore.ActiveCount count : counts) {
            Series series = tenant(count.tenant());
            series.slot(step);
            series.active[Series.active(slot, count.pool(), false)] = count.queued();
            series.active[Series.active(slot, count.pool(), true)] = count.running();
            all.active[Series.active(slot, count.pool(), false)] += count.queued();
            all.active[Series.active(slot, count.pool(), true)] += count.running();
        }
        sampledStep[slot] = step;
        lastInfo = info;
        forgetIdleTenants(step);
    }

    /** Tenants with nothing in the window: no events, and none of their jobs queued or running. */
    private void forgetIdleTenants(long now) {
        for (Iterator<Series> it = tenants.values().iterator(); it.hasNext(); ) {
            if (it.next().latestStep() <= now - STEPS) {
                it.remove();
            }
        }
    }

    // --- out

    /** The figures of one tenant, or of all of them (null). */
    synchronized View view(String tenant) {
        long now = stepOf(clock.millis());
        Series series = tenant == null ? all : tenants.getOrDefault(tenant, Series.NONE);
        int size = STEPS;
        List<Long> time = new ArrayList<>(size);
        List<Double> submitted = new ArrayList<>(size);
        List<Double> succeeded = new ArrayList<>(size);
        List<Double> failed = new ArrayList<>(size);
        List<List<Integer>> queued = List.of(new ArrayList<>(size), new ArrayList<>(size));
        List<List<Integer>> running = List.of(new ArrayList<>(size), new ArrayList<>(size));
        List<Double> waitP50 = new ArrayList<>(size);
        List<Double> waitP99 = new ArrayList<>(size);
        List<Double> runP50 = new ArrayList<>(size);
        List<Double> runP99 = new ArrayList<>(size);
        int[] latest = null;
        for (long step = now - STEPS + 1; step <= now; step++) {
            int slot = Math.floorMod(step, STEPS);
            boolean counting = step >= firstStep;
            boolean held = series.holds(step);
            time.add(step * STEP_MILLIS);
            submitted.add(counting ? rate(held ? series.submitted[slot] : 0) : null);
            succeeded.add(counting ? rate(held ? series.succeeded[slot] : 0) : null);
            failed.add(counting ? rate(held ? series.failed[slot] : 0) : null);
            boolean sampled = sampledStep[slot] == step;
            for (Pool pool : Pool.values()) {
                queued.get(pool.ordinal()).add(sampled ? (held ? series.active[Series.active(slot, pool, false)] : 0) : null);
                running.get(pool.ordinal()).add(sampled ? (held ? series.active[Series.active(slot, pool, true)] : 0) : null);
            }
            if (sampled) {
                latest = new int[2 * POOLS];
                if (held) {
                    System.arraycopy(series.active, slot * 2 * POOLS, latest, 0, 2 * POOLS);
                }
            }
            int[] waits = held ? series.waits[slot] : null;
            int[] runs = held ? series.runs[slot] : null;
            waitP50.add(waits == null ? null : LatencyBins.quantile(waits, 0.5));
            waitP99.add(waits == null ? null : LatencyBins.quantile(waits, 0.99));
            runP50.add(runs == null ? null : LatencyBins.quantile(runs, 0.5));
            runP99.add(runs == null ? null : LatencyBins.quantile(runs, 0.99));
        }
        if (latest == null) {
            latest = new int[2 * POOLS];
        }
        int io = Pool.IO.ordinal();
        int cpu = Pool.CPU.ordinal();
        OverviewResponse.Series figures = new OverviewResponse.Series(time, submitted, succeeded, failed,
                new OverviewResponse.PoolSeries(queued.get(io), queued.get(cpu)),
                new OverviewResponse.PoolSeries(running.get(io), running.get(cpu)), waitP50, waitP99, runP50, runP99);
        OverviewResponse.Now present = new OverviewResponse.Now(
                new OverviewResponse.PoolCounts(latest[io * 2], latest[cpu * 2]),
                new OverviewResponse.PoolCounts(latest[io * 2 + 1], latest[cpu * 2 + 1]));
        return new View(Instant.ofEpochMilli(time.getFirst()), figures, present, lastInfo.nodes());
    }

    /** The figures, with the replicas as last sampled. */
    record View(Instant since, OverviewResponse.Series series, OverviewResponse.Now now, List<StoreInfo.Node> replicas) {
    }

    private static Double rate(int count) {
        return count * 1000.0 / STEP_MILLIS;
    }

    /**
     * One tenant's ring of steps (or all tenants'). A slot holds the step {@link #steps} names; one that holds an
     * older step is empty for any later one, and is cleared when that one first writes to it.
     */
    private static final class Series {

        /** A tenant that has had nothing in the window. */
        static final Series NONE = new Series();

        final long[] steps = new long[STEPS];
        final int[] submitted = new int[STEPS];
        final int[] succeeded = new int[STEPS];
        final int[] failed = new int[STEPS];
        /** Per slot, per pool: queued, running. */
        final int[] active = new int[STEPS * 2 * POOLS];
        /** Per slot, made at the first wait (run) time counted in it. */
        final int[][] waits = new int[STEPS][];
        final int[][] runs = new int[STEPS][];

        Series() {
            Arrays.fill(steps, Long.MIN_VALUE);
        }

        static int active(int slot, Pool pool, boolean running) {
            return slot * 2 * POOLS + pool.ordinal() * 2 + (running ? 1 : 0);
        }

        boolean holds(long step) {
            return steps[Math.floorMod(step, STEPS)] == step;
        }

        /** The slot of a step, cleared if it held an older one. */
        int slot(long step) {
            int slot = Math.floorMod(step, STEPS);
            if (steps[slot] != step) {
                steps[slot] = step;
                submitted[slot] = 0;
                succeeded[slot] = 0;
                failed[slot] = 0;
                clearActive(slot);
                if (waits[slot] != null) {
                    Arrays.fill(waits[slot], 0);
                }
                if (runs[slot] != null) {
                    Arrays.fill(runs[slot], 0);
                }
            }
            return slot;
        }

        void clearActive(int slot) {
            Arrays.fill(active, slot * 2 * POOLS, (slot + 1) * 2 * POOLS, 0);
        }

        int[] bins(boolean run, int slot) {
            int[][] ring = run ? runs : waits;
            if (ring[slot] == null) {
                ring[slot] = new int[LatencyBins.BINS];
            }
            return ring[slot];
        }

        long latestStep() {
            long latest = Long.MIN_VALUE;
            for (long step : steps) {
                latest = Math.max(latest, step);
            }
            return latest;
        }
    }

    // --- lifecycle

    @Override
    public void start() {
        sampler = Thread.ofVirtual().name("jobpool-overview").unstarted(this::sampleEvery);
        sampler.start();
    }

    @Override
    public void stop() {
        Thread running = sampler;
        sampler = null;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return sampler != null;
    }
}
