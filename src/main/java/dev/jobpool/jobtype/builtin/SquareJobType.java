package dev.jobpool.jobtype.builtin;

import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import java.util.Set;

/** {@code x → x*x}: the seed's Pool.map example, for maps over numbers. */
public final class SquareJobType implements JobType<Long, Long> {

    @Override
    public String name() {
        return "square";
    }

    @Override
    public Pool pool() {
        return Pool.CPU;
    }

    @Override
    public Set<Pool> allowedPools() {
        return Set.of(Pool.CPU, Pool.IO);
    }

    @Override
    public String description() {
        return "Squares an integer: the input is a number such as 7, the result 49. Map it over items like Pool.map.";
    }

    @Override
    public Class<Long> inputType() {
        return Long.class;
    }

    @Override
    public Long run(Long x, JobContext context) {
        return Math.multiplyExact(x, x);
    }
}
