package dev.jobpool.job.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobpool.job.Job;
import dev.jobpool.job.JobError;
import dev.jobpool.job.JobStatus;
import dev.jobpool.jobtype.registry.CompactJson;
import dev.jobpool.jobtype.registry.JobJson;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A job as {@code GET /api/v1/jobs} lists it: everything but its input and result, which can be many megabytes
 * each; their sizes stand in for them. {@code view=full} adds both; the whole job is always at
 * {@code GET /api/v1/jobs/{id}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "JobSummary", description = "A job in a listing: everything but its input and result, whose sizes "
        + "stand in for them; view=full adds the input (of a single job) and the result (for a map job, the outputs in "
        + "item order)")
record JobSummary(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uuid", example = "3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17")
        String id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The tenant that submitted the job", example = "team-a")
        String tenant,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "sleep") String type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"io", "cpu"}, example = "io") String pool,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) JobStatus status,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int priority,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "30s") String timeout,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int maxAttempts,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Attempts started so far") int attempts,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Map<String, String> labels,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) JobResponse.Progress progress,
        @Schema(description = "Why the job failed or was cancelled (or why the last attempt failed, while a retry waits)")
        JobError error,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "While QUEUED: when the job may start, if later than its submission") Instant runAt,
        @Schema(description = "How many items a map job has; absent for a single job", example = "1000") Integer items,
        @Schema(description = "Bytes of a single job's input as JSON; absent for a map job", example = "20") Long inputSize,
        @Schema(description = "Bytes of the result as JSON; absent until the job succeeds", example = "18") Long resultSize,
        JsonNode input,
        CompactJson result) {

    static JobSummary of(Job job, boolean full) {
        Job.Snapshot s = job.snapshot();
        boolean map = job.isMap();
        return new JobSummary(s.id().toString(), s.tenant(), s.type(), s.pool().id(), s.status(), s.priority(),
                JobJson.formatDuration(s.timeout()), s.maxAttempts(), s.attempts(), s.labels(),
                new JobResponse.Progress(s.itemsDone(), s.itemCount()), s.error(), s.createdAt(), s.startedAt(),
                s.finishedAt(), JobResponse.runAt(s), map ? s.itemCount() : null, s.inputSize() != null ? s.inputSize() : sizeOf(s.input()),
                s.resultSize() != null ? s.resultSize() : s.result() == null ? null : Long.valueOf(s.result().jsonSize()),
                full ? s.input() : null, full ? s.result() : null);
    }

    private static Long sizeOf(JsonNode node) {
        return node == null ? null : JsonBytes.of(node);
    }
}
