package dev.jobpool.worker;

import dev.jobpool.jobtype.JobContext;
import java.util.function.BooleanSupplier;

/** What a handler in a worker JVM knows of its request: cancelled once the service sent CANCEL for it. */
record RequestContext(String jobId, int attempt, BooleanSupplier cancelled) implements JobContext {

    @Override
    public boolean isCancelled() {
        return cancelled.getAsBoolean() || Thread.currentThread().isInterrupted();
    }
}
