package dev.jobpool.cpupool;

import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import java.util.Set;

/** A test job whose handler throws for a negative integer, as a handler's bug would: a failure at run time, not at submit. */
public final class FailNegativeJobType implements JobType<Long, Long> {

    @Override
    public String name() {
        return "test.fail-negative";
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
        return "Returns its integer; throws for a negative one.";
    }

    @Override
    public Class<Long> inputType() {
        return Long.class;
    }

    @Override
    public Long run(Long x, JobContext context) {
        if (x < 0) {
            throw new IllegalArgumentException("cannot take " + x);
        }
        return x;
    }
}
