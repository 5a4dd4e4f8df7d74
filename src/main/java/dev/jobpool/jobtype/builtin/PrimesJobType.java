package dev.jobpool.jobtype.builtin;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.BitSet;

/** Counts the primes up to a limit with a segmented sieve: CPU-bound, memory-light, checkable. */
public final class PrimesJobType implements JobType<PrimesJobType.Input, PrimesJobType.Output> {

    static final long MAX_LIMIT = 10_000_000_000L;
    private static final int SEGMENT = 1 << 18;

    public record Input(@NotNull @Min(0) @Max(MAX_LIMIT)
                        @JsonPropertyDescription("count primes up to and including this number, at most 10^10") Long limit) {
    }

    public record Output(long limit, long count) {
    }

    @Override
    public String name() {
        return "primes";
    }

    @Override
    public Pool pool() {
        return Pool.CPU;
    }

    @Override
    public String description() {
        return "Counts the primes ≤ limit (segmented sieve of Eratosthenes); limit 100000000 takes about a second.";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output run(Input input, JobContext context) {
        return new Output(input.limit(), countPrimes(input.limit(), context));
    }

    /** The same code the worker runs, callable in-process (benchmarks compare the two). */
    public static long countPrimes(long limit, JobContext context) {
        if (limit < 2) {
            return 0;
        }
        int root = (int) Math.sqrt((double) limit);
        while ((long) (root + 1) * (root + 1) <= limit) {
            root++;
        }
        BitSet composite = new BitSet(root + 1);
        int[] smallPrimes = new int[Math.max(16, root / 2)];
        int primeCount = 0;
        for (int i = 2; i <= root; i++) {
            if (!composite.get(i)) {
                smallPrimes[primeCount++] = i;
                for (long j = (long) i * i; j <= root; j += i) {
                    composite.set((int) j);
                }
            }
        }
        long count = 0;
        boolean[] segment = new boolean[SEGMENT];
        for (long low = 2; low <= limit; low += SEGMENT) {
            if (context != null) {
                context.checkCancelled();
            }
            long high = Math.min(low + SEGMENT - 1, limit);
            java.util.Arrays.fill(segment, false);
            for (int k = 0; k < primeCount; k++) {
                long p = smallPrimes[k];
                if (p * p > high) {
                    break;
                }
                long start = Math.max(p * p, (low + p - 1) / p * p);
                for (long j = start; j <= high; j += p) {
                    segment[(int) (j - low)] = true;
                }
            }
            for (long i = low; i <= high; i++) {
                if (!segment[(int) (i - low)]) {
                    count++;
                }
            }
        }
        return count;
    }
}
