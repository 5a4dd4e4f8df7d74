package dev.jobpool.jobtype.builtin;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.SplittableRandom;

/** Multiplies two seeded n×n matrices of doubles; the result is a checksum of the product. */
public final class MatmulJobType implements JobType<MatmulJobType.Input, MatmulJobType.Output> {

    public record Input(
            @NotNull @Min(1) @Max(10_000) @JsonPropertyDescription("matrix size n (n×n), 1 to 10000; memory 24·n² bytes") Integer n,
            @JsonPropertyDescription("seed of both matrices; 0 when absent") Long seed) {
    }

    /** @param checksum the sum of every entry of the product */
    public record Output(int n, double checksum) {
    }

    @Override
    public String name() {
        return "matmul";
    }

    @Override
    public Pool pool() {
        return Pool.CPU;
    }

    @Override
    public String description() {
        return "Multiplies two seeded n×n matrices (i-k-j loop order); the result is the sum of the product's entries.";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output run(Input input, JobContext context) {
        int n = input.n();
        SplittableRandom random = new SplittableRandom(input.seed() == null ? 0 : input.seed());
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        double[] c = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = random.nextDouble();
            b[i] = random.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            context.checkCancelled();
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aik * b[k * n + j];
                }
            }
        }
        double checksum = 0;
        for (double value : c) {
            checksum += value;
        }
        return new Output(n, checksum);
    }
}
