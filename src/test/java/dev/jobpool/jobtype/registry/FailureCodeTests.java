package dev.jobpool.jobtype.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.job.ErrorCode;
import dev.jobpool.jobtype.InvalidJobInputException;
import dev.jobpool.jobtype.RetryableJobException;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** The one rule from a handler's failure to the code a client reads, and the names that bridge the two sides. */
class FailureCodeTests {

    @Test
    void everyFailureCodeIsAnErrorCodeOfTheSameName() {
        assertThat(Arrays.stream(FailureCode.values()).map(code -> ErrorCode.valueOf(code.name())))
                .hasSize(FailureCode.values().length);
    }

    @Test
    void whatAHandlerThrowsDecidesTheCodeAndWhetherToRetry() {
        assertThat(JobFailure.of(new InvalidJobInputException("n must be odd")))
                .isEqualTo(new JobFailure(FailureCode.INVALID_INPUT, "n must be odd", false));
        assertThat(JobFailure.of(new RetryableJobException("busy, try later")))
                .isEqualTo(new JobFailure(FailureCode.HANDLER_ERROR, "busy, try later", true));
        assertThat(JobFailure.of(new IllegalStateException("broken")))
                .isEqualTo(new JobFailure(FailureCode.HANDLER_ERROR, "broken", false));
        assertThat(JobFailure.of(new ArithmeticException()))
                .as("a failure without words is named by its class").extracting(JobFailure::message)
                .isEqualTo("ArithmeticException");
        assertThat(JobFailure.of(new InterruptedException()))
                .isEqualTo(JobFailure.of(new CancellationException()))
                .isEqualTo(new JobFailure(FailureCode.HANDLER_ERROR, "the handler was interrupted", false));
    }

    @Test
    void onlyUndeclaredFailuresAreUnexpected() {
        assertThat(JobFailure.isUnexpected(new IllegalStateException())).isTrue();
        assertThat(JobFailure.isUnexpected(new StackOverflowError())).isTrue();
        assertThat(JobFailure.isUnexpected(new InvalidJobInputException("no"))).isFalse();
        assertThat(JobFailure.isUnexpected(new RetryableJobException("later"))).isFalse();
        assertThat(JobFailure.isUnexpected(new InterruptedException())).isFalse();
    }

    @Test
    void anItemsFailureSaysWhichItem() {
        assertThat(JobFailure.of(new InvalidJobInputException("not a number")).atItem(7))
                .isEqualTo(new JobFailure(FailureCode.INVALID_INPUT, "items[7]: not a number", false));
    }
}
