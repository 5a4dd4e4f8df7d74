package dev.jobpool.jobtype.builtin;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Burns a CPU for a while without ever checking for cancellation: for load tests, and to prove that a
 * runaway job is stopped all the same (its worker is killed).
 */
public final class SpinJobType implements JobType<SpinJobType.Input, SpinJobType.Output> {

    public record Input(@NotNull @JsonPropertyDescription("how long to keep a core busy, e.g. \"2s\"") Duration duration) {
    }

    public record Output(long iterations) {
    }

    @Override
    public String name() {
        return "spin";
    }

    @Override
    public Pool pool() {
        return Pool.CPU;
    }

    @Override
    public String description() {
        return "Keeps one core busy for `duration` and never checks for cancellation (a runaway job, on purpose).";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output run(Input input, JobContext context) {
        long deadline = System.nanoTime() + input.duration().toNanos();
        long iterations = 0;
        long x = 1;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            iterations++;
        }
        return new Output(iterations + (x == 42 ? 1 : 0));
    }
}
