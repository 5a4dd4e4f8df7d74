package dev.jobpool.job;

/**
 * Hears of every change this replica writes to a job, and of what other replicas broadcast through the store.
 * The events stream ({@code dev.jobpool.events}) implements it; the job core knows nothing more of it.
 */
public interface JobChangeListener {

    /** Hears nothing: for a scheduler built without the events stream (benchmarks). */
    JobChangeListener NONE = job -> {
    };

    /**
     * This replica wrote a change of the job: it was submitted, claimed, retried or ended. Called after the
     * write, on the thread that made it (a request's, a pool's, the store writer's): it must not block.
     */
    void changed(Job job);

    /** Another replica broadcast this message through the store ({@link JobStore#broadcast}). */
    default void heard(String message) {
    }
}
