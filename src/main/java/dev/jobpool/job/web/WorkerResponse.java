package dev.jobpool.job.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobpool.job.WorkerView;

/**
 * A worker JVM of the CPU pool, as {@code GET /api/v1/pools} and the dashboard's overview show it.
 *
 * @param uptime seconds since the worker said HELLO
 */
public record WorkerResponse(int slot, long pid, String state, long jobsRun, long uptime, int restarts,
        @JsonInclude(JsonInclude.Include.NON_NULL) String jobId) {

    public static WorkerResponse of(WorkerView view) {
        return new WorkerResponse(view.slot(), view.pid(), view.state(), view.jobsRun(), view.uptime().toSeconds(),
                view.restarts(), view.jobId());
    }
}
