package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;

/**
 * Which jobs to list, newest first. Null filters match everything.
 *
 * @param tenant only this tenant's jobs; null for every tenant's (an admin's view)
 * @param cursor the sequence after which to continue, from the previous page; null for the first page
 * @param payloads whether to read each job's input and result too; without them a durable store reads only
 *        their sizes, so a page of jobs with big results stays cheap
 */
public record JobQuery(String tenant, JobStatus status, String type, Pool pool, int limit, Long cursor, boolean payloads) {

    /** The same jobs from the same place, in a page of another size. */
    public JobQuery withLimit(int limit) {
        return new JobQuery(tenant, status, type, pool, limit, cursor, payloads);
    }
}
