package dev.jobpool.events;

import java.util.Map;
import java.util.Set;

/**
 * Which events a subscriber gets: its tenant's (null: every tenant's, for an admin), narrowed by whatever
 * else it asked for (null or empty: any).
 *
 * @param labels every one must be on the job, with this value
 */
record EventFilter(String tenant, String jobId, String type, String pool, Map<String, String> labels, Set<EventType> events) {

    static EventFilter ofJob(String tenant, String jobId) {
        return new EventFilter(tenant, jobId, null, null, Map.of(), Set.of());
    }

    boolean matches(JobEvent event) {
        return (tenant == null || tenant.equals(event.tenant()))
                && (jobId == null || jobId.equals(event.jobId()))
                && (type == null || type.equals(event.type()))
                && (pool == null || pool.equals(event.pool()))
                && (events.isEmpty() || events.contains(event.eventType()))
                && hasLabels(event.labels());
    }

    // a loop, not a stream: the hub asks every subscriber about every event, thousands of times a second
    private boolean hasLabels(Map<String, String> jobLabels) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!label.getValue().equals(jobLabels.get(label.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
