package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.node.IntNode;

/**
 * The service's own share of a job's path, in process: queue it, claim it, record its result (store, status
 * table, metrics, waking long-polls). Run by bench/run with JMH; not a test.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatchPathBenchmark {

    private JobScheduler scheduler;
    private JobExecutor executor;
    private JobTimers timers;
    private int n;

    @Setup(Level.Trial)
    public void setUp() {
        JobsProperties properties = new JobsProperties(Duration.ofHours(1), 10_000, DataSize.ofMegabytes(256),
                DataSize.ofMegabytes(64), Duration.ofMinutes(10), Duration.ofHours(24), 10, 1_000_000,
                Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(5), DataSize.ofMegabytes(16),
                Duration.ofSeconds(30), Duration.ofDays(366), DataSize.ofBytes(0));
        timers = new JobTimers();
        StoreProperties store = new StoreProperties(StoreProperties.Type.MEMORY, java.nio.file.Path.of("unused"),
                Duration.ofSeconds(15), Duration.ofSeconds(3), 1000);
        scheduler = new JobScheduler(new InMemoryJobStore(10_000, 256L << 20), new JobMetrics(new SimpleMeterRegistry()),
                timers, new JobWaiters(), JobChangeListener.NONE, properties, store, Clock.systemUTC());
        executor = new JobExecutor() {
            public Pool pool() {
                return Pool.IO;
            }

            public int capacity() {
                return 1;
            }

            public int busy() {
                return 0;
            }

            public int queueCapacity() {
                return Integer.MAX_VALUE;
            }

            public void workAvailable() {
            }

            public void stop(JobId id) {
            }
        };
        scheduler.register(executor);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        timers.shutdown();
    }

    @Benchmark
    public Job enqueueClaimSucceed() {
        Job job = TestJobs.sleep(0, null, Instant.now());
        scheduler.enqueue(job, executor);
        Job claimed = scheduler.claim(Pool.IO, 1).getFirst();
        scheduler.succeeded(claimed, claimed.attempts(), dev.jobpool.jobtype.registry.CompactJson.of(IntNode.valueOf(n++)));
        return claimed;
    }
}
