package dev.jobpool.jobtype.registry;

/**
 * The codes a run of a handler can end with, on the I/O pool and in a worker JVM, and on the wire between a
 * worker and the service. Each has the name of the API's {@code ErrorCode} it becomes (a test keeps it so);
 * the codes only the service gives (timeouts, crashes, lost nodes) are not here.
 */
public enum FailureCode {
    /** The handler threw, or gave up on its own. */
    HANDLER_ERROR,
    /** The input passed its schema, but the handler refused it. */
    INVALID_INPUT,
    /** The worker stopped the request because the service sent CANCEL. */
    CANCELLED,
    /** The result is larger than a frame may carry. */
    RESULT_TOO_LARGE
}
