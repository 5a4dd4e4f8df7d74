package dev.jobpool.jobtype.registry;

import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import java.nio.charset.StandardCharsets;
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

    /**
     * Binds JSON text to a type's input class. A plain integer for a {@code Long} input is read without the
     * mapper: the value is the same, and a worker JVM runs such a job before it has loaded the mapper at all.
     */
    public static Object bind(JobType<?, ?> type, byte[] input) {
        Long integer = ItemRun.takesLong(type) ? plainInteger(input) : null;
        return integer != null ? integer : READERS.get(type.inputType()).readValue(input);
    }

    /** The value of JSON text that is only an integer that fits a long, as JSON writes it; null for anything else. */
    static Long plainInteger(byte[] json) {
        int first = json.length > 0 && json[0] == '-' ? 1 : 0;
        int digits = json.length - first;
        if (digits < 1 || digits > 19 || json[first] == '0' && digits > 1) {
            return null;
        }
        for (int i = first; i < json.length; i++) {
            if (json[i] < '0' || json[i] > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(new String(json, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return null; // 19 digits beyond a long
        }
    }

    /** The reader of a type's input class. */
    static ObjectReader readerOf(JobType<?, ?> type) {
        return READERS.get(type.inputType());
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

    /** Runs the handler on an input already bound ({@link #bind}) and returns its output. */
    @SuppressWarnings("unchecked")
    public static Object run(JobType<?, ?> type, Object input, JobContext context) throws Exception {
        return ((JobType<Object, ?>) type).run(input, context);
    }

    /** Binds the JSON input, runs the handler and returns its output as JSON text. */
    public static CompactJson invokeToJson(JobType<?, ?> type, byte[] input, JobContext context) throws Exception {
        return toJson(run(type, bind(type, input), context));
    }

    /** A handler's output as JSON text; an integer's digits without the mapper, which writes the same. */
    static CompactJson toJson(Object output) {
        return CompactJson.of(output instanceof Long || output instanceof Integer
                ? output.toString().getBytes(StandardCharsets.US_ASCII)
                : JobJson.MAPPER.writeValueAsBytes(output));
    }
}
