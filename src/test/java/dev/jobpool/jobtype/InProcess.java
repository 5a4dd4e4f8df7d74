package dev.jobpool.jobtype;

import dev.jobpool.jobtype.registry.JobInvoker;
import dev.jobpool.jobtype.registry.JobJson;
import tools.jackson.databind.JsonNode;

/** Runs a job type's handler here, in the test's JVM: the result a worker JVM must give back for the same input. */
public final class InProcess {

    /** A context that is never cancelled, for a handler run in a test. */
    public static final JobContext CONTEXT = new JobContext() {
        @Override
        public String jobId() {
            return "in-process";
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    private InProcess() {
    }

    public static JsonNode run(JobType<?, ?> type, String input) throws Exception {
        return JobInvoker.invoke(type, JobJson.MAPPER.readTree(input), CONTEXT); // read as the service reads input
    }
}
