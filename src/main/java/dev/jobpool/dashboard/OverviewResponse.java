package dev.jobpool.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobpool.job.web.WorkerResponse;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * What the dashboard's overview page shows, for one tenant or all: the last {@code window} in steps, and the
 * present. Every series has one entry per step, oldest first, the last one the step still going on.
 *
 * @param window the span of the series, as an ISO-8601 duration
 * @param step the span of one entry of a series
 * @param since the start of the first step
 * @param now the queue and the running jobs at the latest sample (a few seconds old at most)
 * @param workers this replica's CPU worker JVMs; for an admin only
 * @param replicas the live replicas sharing the store; for an admin only
 */
@Schema(name = "Overview", description = "The dashboard's overview: rates, queue, running jobs and wait and run times "
        + "over the last 15 minutes in steps of 5 seconds, and the present")
@JsonInclude(JsonInclude.Include.NON_NULL)
record OverviewResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "PT15M") String window,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "PT5S") String step,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant since,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Series series,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Now now,
        @ArraySchema(arraySchema = @Schema(description = "This replica's CPU worker JVMs, as GET /api/v1/pools shows "
                + "them; for an admin only")) List<WorkerResponse> workers,
        @ArraySchema(arraySchema = @Schema(description = "The live replicas sharing the store; for an admin only"))
        List<Replica> replicas) {

    /**
     * One value per step. A rate or a percentile is null for a step before this replica started; a percentile also
     * for a step in which nothing started (wait) or ended (run). A count is null for a step the store was not sampled
     * in (it was unreachable, or this replica had not started).
     *
     * @param time the start of each step, in milliseconds since the epoch
     */
    @Schema(name = "OverviewSeries", description = "One value per step, oldest first; the last step is still going on")
    record Series(
            @ArraySchema(schema = @Schema(format = "int64"), arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "The start of each step, in milliseconds since the epoch")) List<Long> time,
            @ArraySchema(schema = @Schema(nullable = true), arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "Jobs submitted, per second")) List<Double> submitted,
            @ArraySchema(schema = @Schema(nullable = true), arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "Jobs that succeeded, per second")) List<Double> completed,
            @ArraySchema(schema = @Schema(nullable = true), arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "Jobs that failed for good (no attempts left, or an error that is not retried), per "
                            + "second; retries are not counted")) List<Double> failed,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Jobs queued in each pool (retries and "
                    + "delayed jobs included), sampled once a step") PoolSeries queued,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Jobs running in each pool, on every "
                    + "replica, sampled once a step") PoolSeries running,
            @ArraySchema(schema = @Schema(nullable = true), arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "Median seconds from submission (or runAt, or the end of a retry's backoff) to start, "
                            + "of the jobs that started in the step")) List<Double> waitP50,
            @ArraySchema(schema = @Schema(nullable = true), arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "99th percentile of the same")) List<Double> waitP99,
            @ArraySchema(schema = @Schema(nullable = true), arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "Median seconds from start to end of the last attempt, of the jobs that succeeded or "
                            + "failed in the step")) List<Double> runP50,
            @ArraySchema(schema = @Schema(nullable = true), arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "99th percentile of the same")) List<Double> runP99) {
    }

    /** A count per pool, one per step. */
    @Schema(name = "OverviewPoolSeries")
    record PoolSeries(
            @ArraySchema(schema = @Schema(nullable = true, format = "int32"),
                    arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED)) List<Integer> io,
            @ArraySchema(schema = @Schema(nullable = true, format = "int32"),
                    arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED)) List<Integer> cpu) {
    }

    /** Queued and running jobs at the latest sample; zero before the first. */
    @Schema(name = "OverviewNow")
    record Now(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) PoolCounts queued,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) PoolCounts running) {
    }

    @Schema(name = "OverviewPoolCounts")
    record PoolCounts(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) int io,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int cpu) {
    }

    /** A replica sharing the store, with its last heartbeat. */
    @Schema(name = "OverviewReplica")
    record Replica(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant startedAt,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant lastHeartbeat) {
    }
}
