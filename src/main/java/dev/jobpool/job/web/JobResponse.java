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
 * A job as {@code GET /api/v1/jobs/{id}} shows it, with its input and result. Map jobs leave out their items,
 * which can be a million long.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Job", description = "A job: what was asked, how it is going, the input of a single job, and the "
        + "result once it succeeded (for a map job, the outputs in item order)")
record JobResponse(
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
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Progress progress,
        JsonNode input,
        CompactJson result,
        @Schema(description = "Why the job failed or was cancelled (or why the last attempt failed, while a retry waits)")
        JobError error,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "While QUEUED: when the job may start, if later than its submission (runAt or delay "
                + "in the spec, or a retry's backoff)") Instant runAt) {

    /** Items finished of the items in the job; a single job has one item. */
    @Schema(description = "Items finished of the items in the job; a single job has one item")
    record Progress(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) int done,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int total) {
    }

    static JobResponse of(Job job) {
        Job.Snapshot s = job.snapshot();
        return new JobResponse(s.id().toString(), s.tenant(), s.type(), s.pool().id(), s.status(),
                s.priority(), JobJson.formatDuration(s.timeout()), s.maxAttempts(), s.attempts(), s.labels(),
                new Progress(s.itemsDone(), s.itemCount()), s.input(), s.result(), s.error(), s.createdAt(),
                s.startedAt(), s.finishedAt(), runAt(s));
    }

    /** When a waiting job may start; null unless it waits for a later moment than its submission. */
    static Instant runAt(Job.Snapshot s) {
        return s.status() == JobStatus.QUEUED && s.notBefore().isAfter(s.createdAt()) ? s.notBefore() : null;
    }
}
