package dev.jobpool.job.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.StoreInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
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

    /**
     * @param location the database file or URL, without credentials; absent for memory
     * @param latencyMillis the round trip of this very request to the store; absent for memory or when unreachable
     * @param nodes the live replicas sharing the store (heartbeat within a lease)
     */
    @Schema(name = "Store")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StoreResponse(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"sqlite", "postgresql", "memory"})
            String type,
            String location,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean reachable,
            Double latencyMillis,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Node> nodes) {

        /** @param self whether this is the replica that answered */
        @Schema(name = "StoreNode")
        record Node(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
                @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant startedAt,
                @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant heartbeatAt,
                @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean self) {
        }

        static StoreResponse of(StoreInfo info) {
            return new StoreResponse(info.type(), info.location(), info.reachable(),
                    info.latency() == null ? null : info.latency().toNanos() / 1e6,
                    info.nodes().stream().map(n -> new Node(n.id(), n.startedAt(), n.heartbeatAt(), n.self())).toList());
        }
    }

    @Operation(operationId = "describeStore", summary = "Describe the job store", description = "Its type (sqlite, "
            + "postgresql or memory), where it is (no credentials), whether it answers and how fast, and the live "
            + "replicas sharing it with their last heartbeat")
    @GetMapping(path = "/api/v1/store", produces = MediaType.APPLICATION_JSON_VALUE)
    StoreResponse store() {
        return StoreResponse.of(store.info());
    }
}
