package dev.jobpool.job.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobpool.job.JobExecutor;
import dev.jobpool.job.JobScheduler;
import dev.jobpool.job.JobStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Pools", description = "The pools that run jobs and how full they are")
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@ReadsTheStore
class PoolController {

    /**
     * @param capacity slots: jobs (or map chunks) run at once
     * @param busy slots in use
     * @param queued jobs waiting for a slot, retries included
     * @param running jobs started and not ended
     * @param queueCapacity queued jobs admitted before submissions get 429
     * @param store the store the pool's queue is kept in (the same for every pool, as {@code GET /api/v1/store}
     *        shows it): type, whether it answers and how fast, the live replicas sharing it
     * @param workers the worker JVMs of the CPU pool
     */
    record PoolResponse(String pool, int capacity, int busy, int queued, int running, int queueCapacity,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) StoreResponse store,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<WorkerResponse> workers) {
    }

    private final JobScheduler scheduler;
    private final JobStore store;

    PoolController(JobScheduler scheduler, JobStore store) {
        this.scheduler = scheduler;
        this.store = store;
    }

    @Operation(operationId = "listPools", summary = "List the pools", description = "Capacity, busy slots, queued and running jobs of each pool; "
            + "the store that keeps their queue (type, reachability, latency, live replicas with their last heartbeat); "
            + "for the CPU pool, every worker JVM with pid, state, jobs run, uptime and restarts")
    @GetMapping("/api/v1/pools")
    List<PoolResponse> pools() {
        StoreResponse where = StoreResponse.of(store.info());
        return scheduler.executors().stream()
                .sorted(Comparator.comparing(JobExecutor::pool))
                .map(executor -> new PoolResponse(executor.pool().id(), executor.capacity(),
                        executor.busy(), store.countQueued(executor.pool()), store.countRunning(executor.pool()),
                        executor.queueCapacity(), where, executor.workers().stream().map(WorkerResponse::of).toList()))
                .toList();
    }
}
