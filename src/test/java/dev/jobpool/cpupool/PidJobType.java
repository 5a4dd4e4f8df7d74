package dev.jobpool.cpupool;

import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;

/** A test job that answers the process id of the JVM that ran it: which worker got which of a map's chunks. */
public final class PidJobType implements JobType<Object, Long> {

    @Override
    public String name() {
        return "test.pid";
    }

    @Override
    public Pool pool() {
        return Pool.CPU;
    }

    @Override
    public String description() {
        return "Returns the process id of the worker that ran it.";
    }

    @Override
    public Class<Object> inputType() {
        return Object.class;
    }

    @Override
    public Long run(Object input, JobContext context) {
        return ProcessHandle.current().pid();
    }
}
