package dev.jobpool.jobtype.registry;

import dev.jobpool.jobtype.InvalidJobInputException;
import dev.jobpool.jobtype.RetryableJobException;
import java.util.concurrent.CancellationException;

/**
 * Why a handler's run failed, as a client reads it: the one rule, shared by the I/O pool and the worker JVM,
 * that turns what a handler threw into a code, a message and whether another attempt may help.
 *
 * @param message the handler's own words, never a stack trace
 */
public record JobFailure(FailureCode code, String message, boolean retryable) {

    /**
     * An interrupt reaches a handler when its job was stopped (cancel, timeout), and the service recorded why
     * before it interrupted; if the job still runs, the handler gave up on its own, which is its error.
     */
    public static JobFailure of(Throwable failure) {
        return switch (failure) {
            case InterruptedException _, CancellationException _ ->
                    new JobFailure(FailureCode.HANDLER_ERROR, "the handler was interrupted", false);
            case InvalidJobInputException invalid -> new JobFailure(FailureCode.INVALID_INPUT, invalid.getMessage(), false);
            case RetryableJobException retryable -> new JobFailure(FailureCode.HANDLER_ERROR, retryable.getMessage(), true);
            default -> new JobFailure(FailureCode.HANDLER_ERROR, JobInvoker.describe(failure), false);
        };
    }

    /** Whether the handler broke in a way the SPI does not declare, so its stack trace belongs in the log. */
    public static boolean isUnexpected(Throwable failure) {
        return !(failure instanceof InterruptedException || failure instanceof CancellationException
                || failure instanceof InvalidJobInputException || failure instanceof RetryableJobException);
    }

    /** The same failure, saying which item of a map job it was. */
    public JobFailure atItem(int index) {
        return new JobFailure(code, "items[" + index + "]: " + message, retryable);
    }
}
