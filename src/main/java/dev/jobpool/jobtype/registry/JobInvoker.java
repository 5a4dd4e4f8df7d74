package dev.jobpool.jobtype.registry;

import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/** Runs a handler on JSON: binds the input to the type's input class, runs, writes the output as JSON. */
public final class JobInvoker {

    private JobInvoker() {
    }

    /** A reader per input class, built once: resolving the type on every call costs more than binding a number. */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return JobJson.MAPPER.readerFor(type);
        }
    };

    /** Binds JSON to a type's input class. */
    public static Object bind(JobType<?, ?> type, JsonNode input) {
        return READERS.get(type.inputType()).readValue(input);
    }

    /** A failure's message for the API: the handler's own words, never a stack trace; its class if it said nothing. */
    public static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    @SuppressWarnings("unchecked")
    public static JsonNode invoke(JobType<?, ?> type, JsonNode input, JobContext context) throws Exception {
        JobType<Object, ?> typed = (JobType<Object, ?>) type;
        return JobJson.MAPPER.valueToTree(typed.run(bind(type, input), context));
    }
}
