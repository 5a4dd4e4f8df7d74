package dev.jobpool.job.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobpool.job.StoreInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * The job store as {@code GET /api/v1/store} and {@code GET /api/v1/pools} show it: one shape, one mapping
 * from {@link StoreInfo}.
 *
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
