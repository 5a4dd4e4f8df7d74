package dev.jobpool.job;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import dev.jobpool.jobtype.registry.JsonItems;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A job as a client submits it. Everything but {@code type} is optional; {@link JobSpecValidator} checks it
 * and fills in defaults.
 */
@Schema(description = "A job to run: a type and its input, or a type and items to map it over",
        example = "{\"type\":\"sleep\",\"input\":{\"duration\":\"2s\"},\"timeout\":\"30s\",\"labels\":{\"team\":\"search\"}}")
public record JobSpec(
        @Schema(description = "A job type from GET /api/v1/job-types", example = "sleep", requiredMode = Schema.RequiredMode.REQUIRED)
        String type,
        @Schema(description = "The input, valid against the type's input schema, of at most 1,000,000 JSON values; "
                + "omit it when giving items",
                example = "{\"duration\":\"2s\"}")
        @JsonDeserialize(using = InputReader.class)
        JsonNode input,
        @Schema(description = "Map the type over these inputs (like Pool.map); the result lists the outputs in item order",
                example = "[{\"duration\":\"1s\"},{\"duration\":\"2s\"}]")
        JsonItems items,
        @Schema(description = "Items run together in one slot; 1 on the I/O pool by default", example = "1")
        Integer chunkSize,
        @Schema(description = "\"auto\" (the type's own pool), \"io\" or \"cpu\"", example = "auto")
        String pool,
        @Schema(description = "Higher runs first among queued jobs of a pool; -1000 to 1000, default 0", example = "0")
        Integer priority,
        @Schema(description = "Fail with TIMED_OUT after this long running, e.g. \"30s\"", example = "30s")
        String timeout,
        @Schema(description = "Attempts for failures the handler marks retryable, with exponential backoff; default 1",
                example = "3")
        Integer maxAttempts,
        @Schema(description = "Free-form labels kept with the job", example = "{\"team\":\"search\"}")
        Map<String, String> labels,
        @Schema(description = "Start no sooner than this instant (RFC 3339); the job is stored now and waits QUEUED",
                example = "2026-12-24T18:00:00Z")
        String runAt,
        @Schema(description = "Start no sooner than this long after submission, e.g. \"10m\"; instead of runAt",
                example = "10m")
        String delay) {

    /** This spec with other items: its own, read the fast way ({@code PlainIntegerArray}), in place of a stand-in. */
    public JobSpec withItems(JsonItems items) {
        return new JobSpec(type, input, items, chunkSize, pool, priority, timeout, maxAttempts, labels, runAt, delay);
    }
}
