package dev.jobpool.jobtype.builtin;

import dev.jobpool.jobtype.JobType;
import java.util.List;

/** The built-in types a worker JVM can run, in one place for the service and the worker. */
public final class BuiltInJobTypes {

    private BuiltInJobTypes() {
    }

    /** The CPU types: no configuration, no resources, safe to create in every worker. */
    public static List<JobType<?, ?>> cpu() {
        return List.of(new SquareJobType(), new PrimesJobType(), new HashJobType(), new MatmulJobType(),
                new SortJobType(), new SpinJobType());
    }
}
