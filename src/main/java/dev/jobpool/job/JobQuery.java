package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import java.util.Map;

/**
 * Which jobs to list, newest first. Null filters match everything.
 *
 * @param tenant only this tenant's jobs; null for every tenant's (an admin's view)
 * @param labels only jobs with every one of these labels, with these values; empty for any
 * @param cursor the sequence after which to continue, from the previous page; null for the first page
 * @param payloads whether to read each job's input and result too; without them a durable store reads only
 *        their sizes, so a page of jobs with big results stays cheap
 */
public record JobQuery(String tenant, JobStatus status, String type, Pool pool, Map<String, String> labels, int limit,
        Long cursor, boolean payloads) {

    public JobQuery {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Without a label filter. */
    public JobQuery(String tenant, JobStatus status, String type, Pool pool, int limit, Long cursor, boolean payloads) {
        this(tenant, status, type, pool, Map.of(), limit, cursor, payloads);
    }

    /** The same jobs from the same place, in a page of another size. */
    public JobQuery withLimit(int limit) {
        return new JobQuery(tenant, status, type, pool, labels, limit, cursor, payloads);
    }

    /** The same jobs, as summaries: without their input and result. */
    public JobQuery withoutPayloads() {
        return new JobQuery(tenant, status, type, pool, labels, limit, cursor, false);
    }

    /** Whether the job has every label asked for. */
    public boolean hasLabels(Map<String, String> jobLabels) {
        return labels.entrySet().stream().allMatch(label -> label.getValue().equals(jobLabels.get(label.getKey())));
    }
}
