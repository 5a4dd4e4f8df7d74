package dev.jobpool.jobtype.builtin;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Sorts n seeded longs; the result is a position-weighted checksum that only the sorted order gives. */
public final class SortJobType implements JobType<SortJobType.Input, SortJobType.Output> {

    public record Input(
            @NotNull @Min(1) @Max(50_000_000) @JsonPropertyDescription("how many longs, 1 to 50000000") Integer n,
            @JsonPropertyDescription("seed of the data; 0 when absent") Long seed) {
    }

    /** @param checksum Σ (i+1)·sorted[i], wrapping */
    public record Output(int n, long min, long max, long checksum) {
    }

    @Override
    public String name() {
        return "sort";
    }

    @Override
    public Pool pool() {
        return Pool.CPU;
    }

    @Override
    public String description() {
        return "Sorts n seeded longs; the result holds min, max and a checksum that depends on the sorted order.";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output run(Input input, JobContext context) {
        SplittableRandom random = new SplittableRandom(input.seed() == null ? 0 : input.seed());
        long[] values = new long[input.n()];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextLong();
        }
        context.checkCancelled();
        Arrays.sort(values);
        long checksum = 0;
        for (int i = 0; i < values.length; i++) {
            checksum += (i + 1) * values[i];
        }
        return new Output(values.length, values[0], values[values.length - 1], checksum);
    }
}
