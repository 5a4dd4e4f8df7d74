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

    /**
     * Everyone waiting for one job shares a future; the count says when the last one gave up. It completes with
     * the ended job when this replica has just committed it, or with null when only the id is known.
     */
    private static final class Waiting {
        final CompletableFuture<Job> ended = new CompletableFuture<>();
        int count;
    }

    private final Map<JobId, Waiting> waiting = new ConcurrentHashMap<>();

    /** Completes when {@link #ended} is called for the job; pair every call with {@link #unregister}. */
    CompletableFuture<Job> register(JobId id) {
        return waiting.compute(id, (key, w) -> {
            Waiting entry = w == null ? new Waiting() : w;
            entry.count++;
            return entry;
        }).ended;
    }

    void unregister(JobId id, CompletableFuture<Job> ended) {
        waiting.computeIfPresent(id, (key, w) -> w.ended != ended || --w.count > 0 ? w : null);
    }

    /** Wakes everyone waiting for this job, to read it from the store: it ended on another replica, or was cancelled. */
    public void ended(JobId id) {
        wake(id, null);
    }

    /**
     * Wakes everyone waiting for this job with the job itself, as this replica has just committed it: a
     * million-item map's result is not read back and decoded again for each of them.
     */
    void ended(Job job) {
        wake(job.id(), job);
    }

    private void wake(JobId id, Job ended) {
        Waiting w = waiting.remove(id);
        if (w != null) {
            w.ended.complete(ended);
        }
    }
}
