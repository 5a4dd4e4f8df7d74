package dev.jobpool.job.web;

import dev.jobpool.job.JobStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Store", description = "The database that keeps jobs, and the replicas sharing it")
@RestController
class StoreController {

    private final JobStore store;

    StoreController(JobStore store) {
        this.store = store;
    }

    @Operation(operationId = "describeStore", summary = "Describe the job store", description = "Its type (sqlite, "
            + "postgresql or memory), where it is (no credentials), whether it answers and how fast, and the live "
            + "replicas sharing it with their last heartbeat")
    @GetMapping(path = "/api/v1/store", produces = MediaType.APPLICATION_JSON_VALUE)
    StoreResponse store() {
        return StoreResponse.of(store.info());
    }
}
