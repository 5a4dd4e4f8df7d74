package dev.jobpool.job.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobpool.job.Job;
import dev.jobpool.job.JobError;
import dev.jobpool.job.JobStatus;
import dev.jobpool.jobtype.registry.JobJson;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A job as the API shows it. Map jobs leave out their items, which can be a million long. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Job")
record JobResponse(
        @Schema(example = "3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17") String id,
        @Schema(example = "sleep") String type,
        @Schema(example = "io") String pool,
        JobStatus status,
        int priority,
        @Schema(example = "30s") String timeout,
        int maxAttempts,
        @Schema(description = "Attempts started so far") int attempts,
        Map<String, String> labels,
        Progress progress,
        @Schema(description = "The input of a single job") JsonNode input,
        @Schema(description = "The handler's output; for a map job, the outputs in item order") JsonNode result,
        @Schema(description = "Why the job failed or was cancelled (or why the last attempt failed, while a retry waits)")
        JobError error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /** Items finished of the items in the job; a single job has one item. */
    record Progress(int done, int total) {
    }

    static JobResponse of(Job job) {
        Job.Snapshot s = job.snapshot();
        return new JobResponse(s.id().toString(), s.type(), s.pool().id(), s.status(),
                s.priority(), JobJson.formatDuration(s.timeout()), s.maxAttempts(), s.attempts(), s.labels(),
                new Progress(s.itemsDone(), s.itemCount()), s.input(), s.result(), s.error(), s.createdAt(),
                s.startedAt(), s.finishedAt());
    }
}
