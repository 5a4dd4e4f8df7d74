package dev.jobpool.jobtype;

import java.util.Set;

/**
 * A named kind of job: what jobpool runs when a client submits {@code {"type": name(), "input": ...}}.
 *
 * <p>This is the plugin SPI. It imports nothing beyond the JDK, so a worker JVM or a plugin jar can load it
 * alone. The input is a record (or bean) that the service binds from JSON; its JSON Schema, shown in
 * {@code GET /api/v1/job-types} and enforced before a job is accepted, is generated from that class
 * (Jakarta Validation annotations such as {@code @NotNull} and {@code @Max} become schema constraints).
 * The output is anything Jackson can write as JSON.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public interface JobType<I, O> {

    /** The name clients submit, e.g. {@code "sleep"}; lower case letters, digits, '-', '_' and '.'. */
    String name();

    /** The pool this type runs on unless a job asks for another one it allows. */
    Pool pool();

    /** The pools a job of this type may ask for with {@code "pool": "io" | "cpu"}; by default only {@link #pool()}. */
    default Set<Pool> allowedPools() {
        return Set.of(pool());
    }

    /** One or two sentences for people browsing {@code GET /api/v1/job-types}. */
    String description();

    /** The class the JSON input is bound to; its JSON Schema is generated from it. */
    Class<I> inputType();

    /**
     * Checks an input its schema let through for what a schema cannot say (that a URL parses, say), before the
     * job is accepted. Throw {@link InvalidJobInputException} naming the field, and the client gets a {@code 400}
     * at submit instead of a job that can only fail. Called in the service, never in a worker JVM; by default
     * there is nothing more to check.
     */
    default void validate(I input) {
    }

    /**
     * Runs one input. Blocking is fine: on the I/O pool this runs on a virtual thread.
     *
     * <p>Cancellation and timeouts interrupt the running thread: blocking calls throw
     * {@link InterruptedException}, and long loops should call {@link JobContext#checkCancelled()}.
     * Throw {@link RetryableJobException} for a failure worth another attempt (a flaky network),
     * {@link InvalidJobInputException} for input the schema could not rule out; any other exception fails
     * the job with {@code HANDLER_ERROR}.
     */
    O run(I input, JobContext context) throws Exception;
}
