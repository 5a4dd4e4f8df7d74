package dev.jobpool.cpupool.protocol;

/**
 * How the service starts a worker JVM: the class it runs and what it finds in its environment. Both sides read
 * it from here, so neither needs the other's classes: the service names the worker's main class without loading
 * it, and the worker knows nothing of the pool.
 */
public final class WorkerEnvironment {

    /** The worker's entry point; {@code WorkerEnvironmentTests} checks that the name still fits the class. */
    public static final String MAIN_CLASS = "dev.jobpool.worker.WorkerMain";
    /** The Unix domain socket the worker connects back to. */
    public static final String SOCKET = "JOBPOOL_WORKER_SOCKET";
    /** The one-time token the worker presents in its HELLO. */
    public static final String TOKEN = "JOBPOOL_WORKER_TOKEN";
    /** The largest frame payload, in bytes, either side accepts. */
    public static final String MAX_FRAME = "JOBPOOL_WORKER_MAX_FRAME";
    /** Heap in bytes that may stay in use after a job before the worker says HEAP; 0 or absent: never. */
    public static final String HEAP_RECYCLE = "JOBPOOL_WORKER_HEAP_RECYCLE";

    private WorkerEnvironment() {
    }
}
