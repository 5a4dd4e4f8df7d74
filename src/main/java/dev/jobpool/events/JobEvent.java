package dev.jobpool.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobpool.job.Job;
import dev.jobpool.job.JobError;
import dev.jobpool.job.JobStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/**
 * One event of the stream, the JSON in its {@code data:} line: what happened to which job, and the job's
 * state right after. Small on purpose: no input and no result ({@code GET /api/v1/jobs/{id}} has them).
 *
 * @param event the same as the {@code event:} field, for a client that reads every event in one handler
 * @param attempt the attempt it belongs to: 0 before the first start
 * @param error why it failed, or why this attempt is being retried; absent otherwise
 * @param waitSeconds on {@code started}: how long the job waited for this start, from its submission (or its
 *        runAt, or the end of a retry's backoff); absent otherwise
 * @param runSeconds on {@code succeeded} and {@code failed} after a start: how long the last attempt ran; absent
 *        otherwise
 * @param time when this replica saw the change
 */
@Schema(name = "JobEvent", description = "The data of an event of the events stream, one JSON object per event")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"submitted", "started", "progress",
                "succeeded", "failed", "retrying", "cancelled"}) String event,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uuid") String jobId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String tenant,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The job type", example = "sleep") String type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"io", "cpu"}) String pool,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) JobStatus status,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int attempt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Progress progress,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Map<String, String> labels,
        JobError error,
        @Schema(description = "On started: seconds the job waited for this start, from its submission (or its runAt, "
                + "or the end of a retry's backoff)", example = "0.012") Double waitSeconds,
        @Schema(description = "On succeeded, and on failed after a start: seconds the last attempt ran",
                example = "1.503") Double runSeconds,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant time) {

    /** Items finished of the items in the job; a single job has one item. The same schema as a job's progress. */
    @Schema(description = "Items finished of the items in the job; a single job has one item")
    public record Progress(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) int done,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int total) {
    }

    /** The event a job's state stands for, as of now. */
    static JobEvent of(EventType type, Job.Snapshot job, Instant now) {
        return new JobEvent(type.id(), job.id().toString(), job.tenant(), job.type(), job.pool().id(), job.status(),
                job.attempts(), new Progress(job.itemsDone(), job.itemCount()), job.labels(),
                job.status() == JobStatus.SUCCEEDED || job.status() == JobStatus.RUNNING ? null : job.error(),
                type == EventType.STARTED ? seconds(job.notBefore(), job.startedAt()) : null,
                ranAnAttempt(type, job) ? seconds(job.startedAt(), job.finishedAt()) : null,
                now);
    }

    /** A job that ended after a start; not a cancel, which may have come while it waited (for a retry, say). */
    private static boolean ranAnAttempt(EventType type, Job.Snapshot job) {
        return (type == EventType.SUCCEEDED || type == EventType.FAILED) && job.attempts() > 0;
    }

    /** Seconds from one instant to another, never negative (clocks tie); null if either is unknown. */
    private static Double seconds(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return Math.max(0, java.time.Duration.between(from, to).toNanos()) / 1e9;
    }

    /** The type of event, parsed from {@link #event}. */
    public EventType eventType() {
        return EventType.parse(event);
    }

    int rank() {
        return eventType().rank(attempt);
    }

    /** The submitted event a start implies, for a replica that heard of the start first. */
    JobEvent submitted() {
        return new JobEvent(EventType.SUBMITTED.id(), jobId, tenant, type, pool, JobStatus.QUEUED, 0,
                new Progress(0, progress.total()), labels, null, null, null, time);
    }
}
