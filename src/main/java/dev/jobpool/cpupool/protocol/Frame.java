package dev.jobpool.cpupool.protocol;

/**
 * One message between the service and a worker JVM.
 *
 * @param requestId which EXECUTE this frame belongs to (0 for HELLO, PING and the like)
 * @param payload JSON, UTF-8 ({@link Messages}); binary for EXECUTE and RESULT ({@link Payloads})
 */
public record Frame(FrameType type, long requestId, byte[] payload) {

    public static Frame of(FrameType type, long requestId) {
        return new Frame(type, requestId, new byte[0]);
    }
}
