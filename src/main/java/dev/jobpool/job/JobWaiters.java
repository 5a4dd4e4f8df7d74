package dev.jobpool.job;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Long-polls waiting for jobs to end. Whoever learns that a job ended — the scheduler on this replica, or a
 * store's notification from another — calls {@link #ended}; a waiter registers before it reads the job, so an
 * ending between the read and the wait is never missed. A job no one waits for costs nothing here.
 */
@Component
public class JobWaiters {

    /** Everyone waiting for one job shares a future; the count says when the last one gave up. */
    private static final class Waiting {
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        int count;
    }

    private final Map<JobId, Waiting> waiting = new ConcurrentHashMap<>();

    /** Completes when {@link #ended} is called for the job; pair every call with {@link #unregister}. */
    CompletableFuture<Void> register(JobId id) {
        return waiting.compute(id, (key, w) -> {
            Waiting entry = w == null ? new Waiting() : w;
            entry.count++;
            return entry;
        }).ended;
    }

    void unregister(JobId id, CompletableFuture<Void> ended) {
        waiting.computeIfPresent(id, (key, w) -> w.ended != ended || --w.count > 0 ? w : null);
    }

    /** Wakes everyone waiting for this job. */
    public void ended(JobId id) {
        Waiting w = waiting.remove(id);
        if (w != null) {
            w.ended.complete(null);
        }
    }
}
