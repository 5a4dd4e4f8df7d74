package dev.jobpool.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The job store as operators see it.
 *
 * @param type {@code memory}, {@code sqlite} or {@code postgresql}
 * @param location the database file or URL, without credentials; null in memory
 * @param reachable whether the last round trip succeeded
 * @param latency the last round trip; null in memory
 * @param nodes the live replicas sharing the store, with their last heartbeat
 */
public record StoreInfo(String type, String location, boolean reachable, Duration latency, List<Node> nodes) {

    public record Node(String id, Instant startedAt, Instant heartbeatAt, boolean self) {
    }
}
