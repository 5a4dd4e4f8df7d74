package dev.jobpool.jobtype.registry;

import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.builtin.BuiltInJobTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The job types both the service and every worker JVM know without configuration: the built-in CPU types,
 * and every type a jar on the classpath registers in {@code META-INF/services/dev.jobpool.jobtype.JobType}.
 */
public final class WorkerJobTypes {

    private WorkerJobTypes() {
    }

    public static List<JobType<?, ?>> discover(ClassLoader classLoader) {
        List<JobType<?, ?>> types = new ArrayList<>(BuiltInJobTypes.cpu());
        for (JobType<?, ?> type : ServiceLoader.load(JobType.class, classLoader)) {
            types.add(type);
        }
        return types;
    }
}
