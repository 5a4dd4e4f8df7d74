package dev.jobpool.jobtype;

/** Where a job runs: {@link #IO} on virtual threads (waiting), {@link #CPU} on worker JVMs (computing). */
public enum Pool {
    IO,
    CPU
}
