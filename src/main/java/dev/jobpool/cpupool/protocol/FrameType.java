package dev.jobpool.cpupool.protocol;

/** What a frame carries. Down (service to worker) and up (worker to service) use disjoint codes. */
public enum FrameType {
    // down
    EXECUTE(1),
    CANCEL(2),
    PING(3),
    SHUTDOWN(4),
    /** The worker may now warm its JSON mapper; when, the service decides ({@code WorkerProcess#warmUp}). */
    WARM_UP(5),
    // up
    HELLO(64),
    PROGRESS(65),
    RESULT(66),
    FAILURE(67),
    PONG(68),
    BYE(69),
    /** After a job, the worker's heap stays above {@code jobpool.cpu.worker-heap-recycle} even after a full GC. */
    HEAP(70);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static FrameType of(int code) throws ProtocolException {
        for (FrameType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new ProtocolException("unknown frame type " + code);
    }
}
