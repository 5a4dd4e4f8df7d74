package dev.jobpool.jobtype;

/**
 * A failure that another attempt may not repeat, such as a refused connection. The job is retried with
 * exponential backoff while it has attempts left ({@code maxAttempts}), then fails with {@code HANDLER_ERROR}.
 */
public class RetryableJobException extends RuntimeException {

    public RetryableJobException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetryableJobException(String message) {
        super(message);
    }
}
