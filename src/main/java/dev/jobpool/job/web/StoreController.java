package dev.jobpool.job.web;

import dev.jobpool.job.JobStore;
import dev.jobpool.job.StoreInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Pools", description = "The pools that run jobs, their workers, and the store that keeps jobs")
@RestController
class StoreController {

    private final JobStore store;

    StoreController(JobStore store) {
        this.store = store;
    }

    @Operation(summary = "Describe the job store", description = "Its type (sqlite, postgresql or memory), where it is "
            + "(no credentials), whether it answers and how fast, and the live replicas sharing it with their last heartbeat")
    @GetMapping("/api/v1/store")
    StoreInfo store() {
        return store.info();
    }
}
