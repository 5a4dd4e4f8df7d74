package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;

/**
 * Which jobs to list, newest first. Null filters match everything.
 *
 * @param cursor the sequence after which to continue, from the previous page; null for the first page
 */
public record JobQuery(JobStatus status, String type, Pool pool, int limit, Long cursor) {

    /** The same jobs from the same place, in a page of another size. */
    public JobQuery withLimit(int limit) {
        return new JobQuery(status, type, pool, limit, cursor);
    }
}
