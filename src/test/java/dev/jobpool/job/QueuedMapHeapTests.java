package dev.jobpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.jobtype.builtin.SquareJobType;
import dev.jobpool.jobtype.registry.JobJson;
import dev.jobpool.jobtype.registry.JobTypeRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * What a queued map of a million numbers holds in heap, read from the JVM after a full GC with the job held and
 * without it: under three times its JSON (as trees it was about 15 times).
 */
class QueuedMapHeapTests {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    @Test
    void aQueuedMillionNumberMapHoldsLessThanThreeTimesItsJson() {
        String body = IntStream.range(0, 1_000_000).mapToObj(Integer::toString)
                .collect(Collectors.joining(",", "{\"type\":\"square\",\"items\":[", "]}"));
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        JobsProperties limits = new JobsProperties(Duration.ofHours(1), 100, DataSize.ofMegabytes(256),
                DataSize.ofMegabytes(64), Duration.ofMinutes(10), Duration.ofHours(24), 10, 1_000_000, Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofMinutes(5), DataSize.ofMegabytes(16), Duration.ofSeconds(30),
                Duration.ofDays(366), DataSize.ofBytes(0));
        JobSpecValidator validator = new JobSpecValidator(JobTypeRegistry.ofBuiltIns(List.of(new SquareJobType())), limits);
        Instant now = Instant.now();
        submit(json, validator, now); // load and link everything once, so the measurement holds only the job

        long before = usedAfterGc();
        Job job = submit(json, validator, now);
        long after = usedAfterGc();

        long held = after - before;
        System.out.printf("a queued map of 1,000,000 numbers: %,d bytes of JSON, %,d bytes of heap (%.2fx)%n", json.length,
                held, (double) held / json.length);
        assertThat(job.items().size()).isEqualTo(1_000_000);
        assertThat(held).isLessThan(3L * json.length);
    }

    /** As the service takes a submission: the body bound to a spec, checked, made a job. */
    private static Job submit(byte[] body, JobSpecValidator validator, Instant now) {
        JobSpec spec = JobJson.MAPPER.readValue(body, JobSpec.class);
        return new Job(JobId.random(), Job.DEFAULT_TENANT, validator.validate(spec, now), null, null, now, now);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
