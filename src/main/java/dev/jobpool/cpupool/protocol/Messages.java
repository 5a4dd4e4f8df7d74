package dev.jobpool.cpupool.protocol;

import dev.jobpool.jobtype.registry.FailureCode;

/** The JSON payloads of frames; EXECUTE and RESULT, which carry a map's data, are binary ({@link Payloads}). */
public final class Messages {

    private Messages() {
    }

    /** The worker's first frame: proves it is the child the service started. */
    public record Hello(String token, long pid, int version) {
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
