package dev.jobpool.cpupool.protocol;

import dev.jobpool.jobtype.registry.FailureCode;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The JSON payloads of frames. */
public final class Messages {

    private Messages() {
    }

    /** The worker's first frame: proves it is the child the service started. */
    public record Hello(String token, long pid, int version) {
    }

    /**
     * Run one job, or one chunk of a map job: {@code input} for a single job, {@code items} for a chunk.
     */
    public record Execute(String jobId, int attempt, String type, JsonNode input, List<JsonNode> items) {
    }

    /** The handler's output, or a chunk's outputs in item order. */
    public record Result(JsonNode output, List<JsonNode> outputs) {
    }

    /** Why a request failed; {@code item} is the index within the chunk of the item that failed, or -1. */
    public record Failure(FailureCode code, String message, boolean retryable, int item) {
    }

    /** Items of a chunk done so far. */
    public record Progress(int done) {
    }

    /** The worker's heap in use after a full GC, sent when it stays above the recycle limit. */
    public record Heap(long usedBytes) {
    }
}
