package dev.jobpool.job;

import dev.jobpool.jobtype.builtin.SleepJobType;
import dev.jobpool.jobtype.registry.JobTypeRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;

/** Jobs for unit tests, built the way the service builds them. */
final class TestJobs {

    static final JobTypeRegistry REGISTRY = JobTypeRegistry.ofBuiltIns(List.of(new SleepJobType()));

    private TestJobs() {
    }

    static Job sleep(int priority, String idempotencyKey, Instant createdAt) {
        var input = JsonNodeFactory.instance.objectNode().put("duration", "1s");
        var spec = new JobSpecValidator.ValidSpec(REGISTRY.find("sleep").orElseThrow(), dev.jobpool.jobtype.Pool.IO,
                input, null, 0, priority, Duration.ofSeconds(30), 3, Map.of(), null);
        return new Job(JobId.random(), Job.DEFAULT_TENANT, spec, idempotencyKey, idempotencyKey == null ? null : "hash-" + idempotencyKey,
                createdAt, createdAt);
    }

    /** A map job over {@code items} numbers, for the sleep type's pool (the store does not run it). */
    static Job map(int items, Instant createdAt) {
        var values = new java.util.ArrayList<tools.jackson.databind.JsonNode>();
        for (int i = 0; i < items; i++) {
            values.add(JsonNodeFactory.instance.objectNode().put("duration", i + "ms"));
        }
        var spec = new JobSpecValidator.ValidSpec(REGISTRY.find("sleep").orElseThrow(), dev.jobpool.jobtype.Pool.IO,
                null, dev.jobpool.jobtype.registry.JsonItems.of(values), 2, 0, Duration.ofSeconds(30), 1, Map.of("team", "search"), null);
        return new Job(JobId.random(), Job.DEFAULT_TENANT, spec, null, null, createdAt, createdAt);
    }

    /** A job submitted at {@code createdAt} to start no sooner than {@code runAt}. */
    static Job delayed(Instant createdAt, Instant runAt) {
        var input = JsonNodeFactory.instance.objectNode().put("duration", "1s");
        var spec = new JobSpecValidator.ValidSpec(REGISTRY.find("sleep").orElseThrow(), dev.jobpool.jobtype.Pool.IO,
                input, null, 0, 0, Duration.ofSeconds(30), 3, Map.of(), runAt);
        return new Job(JobId.random(), Job.DEFAULT_TENANT, spec, null, null, createdAt, runAt);
    }

    /** A sleep job of this tenant. */
    static Job sleepOf(String tenant, Instant createdAt) {
        return sleepOf(tenant, null, createdAt);
    }

    static Job sleepOf(String tenant, String idempotencyKey, Instant createdAt) {
        var input = JsonNodeFactory.instance.objectNode().put("duration", "1s");
        var spec = new JobSpecValidator.ValidSpec(REGISTRY.find("sleep").orElseThrow(), dev.jobpool.jobtype.Pool.IO,
                input, null, 0, 0, Duration.ofSeconds(30), 3, Map.of(), null);
        return new Job(JobId.random(), tenant, spec, idempotencyKey, idempotencyKey == null ? null : "hash-" + idempotencyKey,
                createdAt, createdAt);
    }

    /** A job of this tenant in this pool (the store does not run it), with these labels. */
    static Job of(String tenant, dev.jobpool.jobtype.Pool pool, Map<String, String> labels, Instant createdAt) {
        var input = JsonNodeFactory.instance.objectNode().put("duration", "1s");
        var spec = new JobSpecValidator.ValidSpec(REGISTRY.find("sleep").orElseThrow(), pool, input, null, 0, 0,
                Duration.ofSeconds(30), 3, labels, null);
        return new Job(JobId.random(), tenant, spec, null, null, createdAt, createdAt);
    }

    static Job sleep(int priority) {
        return sleep(priority, null, Instant.parse("2026-01-01T00:00:00Z"));
    }
}
