package dev.jobpool.jobtype.builtin;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** Waits for a while: the smallest I/O-bound job, for trying the API and for load tests. */
public final class SleepJobType implements JobType<SleepJobType.Input, SleepJobType.Output> {

    public record Input(
            @NotNull @JsonPropertyDescription("How long to sleep, e.g. \"2s\", \"500ms\" or \"PT1M\"") Duration duration) {
    }

    public record Output(long sleptMillis) {
    }

    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public Pool pool() {
        return Pool.IO;
    }

    @Override
    public String description() {
        return "Sleeps for `duration` without using a CPU, like time.sleep in a Python thread.";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output run(Input input, JobContext context) throws InterruptedException {
        Thread.sleep(input.duration());
        return new Output(input.duration().toMillis());
    }
}
