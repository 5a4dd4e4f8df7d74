package dev.jobpool.job;

/** Why a job failed; the stable strings clients see in {@code error.code}. */
public enum ErrorCode {
    /** The handler threw. */
    HANDLER_ERROR,
    /** The input passed its schema, but the handler refused it. */
    INVALID_INPUT,
    /** The job ran longer than its timeout. */
    TIMED_OUT,
    /** The worker JVM running the job exited or stopped answering. */
    WORKER_CRASHED,
    /** The worker JVM running the job ran out of heap. */
    OUT_OF_MEMORY,
    /** A client cancelled the job. */
    CANCELLED,
    /** The job's result was larger than the service keeps. */
    RESULT_TOO_LARGE,
    /** The replica running the job stopped (killed, frozen, cut off from the database) before it ended. */
    NODE_LOST
}
