package dev.jobpool.jobtype.registry;

import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import tools.jackson.databind.JsonNode;

/** Runs a handler on JSON: binds the input to the type's input class, runs, writes the output as JSON. */
public final class JobInvoker {

    private JobInvoker() {
    }

    @SuppressWarnings("unchecked")
    public static JsonNode invoke(JobType<?, ?> type, JsonNode input, JobContext context) throws Exception {
        JobType<Object, ?> typed = (JobType<Object, ?>) type;
        Object value = JobJson.MAPPER.treeToValue(input, typed.inputType());
        return JobJson.MAPPER.valueToTree(typed.run(value, context));
    }
}
