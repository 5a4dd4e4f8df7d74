package dev.jobpool.cpupool;

import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import java.util.Set;

/** A test job that returns its input as Jackson bound it (any JSON value): what a handler receives, made visible. */
public final class EchoJobType implements JobType<Object, Object> {

    @Override
    public String name() {
        return "test.echo";
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
        return "Returns its input.";
    }

    @Override
    public Class<Object> inputType() {
        return Object.class;
    }

    @Override
    public Object run(Object input, JobContext context) {
        return input;
    }
}
