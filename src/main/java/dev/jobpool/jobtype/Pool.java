package dev.jobpool.jobtype;

/** Where a job runs: {@link #IO} on virtual threads (waiting), {@link #CPU} on worker JVMs (computing). */
public enum Pool {
    IO,
    CPU;

    /** The name clients write and see: {@code "io"}, {@code "cpu"}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
