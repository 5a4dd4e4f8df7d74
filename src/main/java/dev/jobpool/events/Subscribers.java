package dev.jobpool.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hub's subscribers, indexed by what narrows them most: a job's own stream under its job id, a stream filtered
 * by labels under one of its labels, a stream of one tenant's jobs under its tenant, the rest (an admin's dashboard)
 * under nothing. An event is then checked against its job's, its labels', its tenant's and the unnarrowed streams,
 * not against every subscriber: a thousand clients each following their own jobs, or a thousand tenants' dashboards,
 * cost a few lookups per event, not a thousand filter checks.
 *
 * <p>Not thread-safe: the hub guards it.
 */
final class Subscribers {

    /** What a subscription is indexed under. */
    private sealed interface Key {
    }

    private record ByJob(String jobId) implements Key {
    }

    private record ByLabel(String key, String value) implements Key {
    }

    private record ByTenant(String tenant) implements Key {
    }

    private record Everything() implements Key {
    }

    private static final Key EVERYTHING = new Everything();

    private final Map<Key, Set<Subscription>> index = new HashMap<>();
    private int size;

    void add(Subscription subscription) {
        if (index.computeIfAbsent(keyOf(subscription.filter), ignored -> new LinkedHashSet<>()).add(subscription)) {
            size++;
        }
    }

    void remove(Subscription subscription) {
        Key key = keyOf(subscription.filter);
        Set<Subscription> bucket = index.get(key);
        if (bucket != null && bucket.remove(subscription)) {
            size--;
            if (bucket.isEmpty()) {
                index.remove(key);
            }
        }
    }

    int size() {
        return size;
    }

    /**
     * The subscribers whose filter matches the event, as a copy: the caller may remove some while it goes through
     * them.
     */
    List<Subscription> matching(JobEvent event) {
        List<Subscription> found = new ArrayList<>();
        collect(new ByJob(event.jobId()), event, found);
        for (Map.Entry<String, String> label : event.labels().entrySet()) {
            collect(new ByLabel(label.getKey(), label.getValue()), event, found);
        }
        collect(new ByTenant(event.tenant()), event, found);
        collect(EVERYTHING, event, found);
        return found;
    }

    /** Every subscriber, as a copy. */
    List<Subscription> all() {
        List<Subscription> all = new ArrayList<>();
        index.values().forEach(all::addAll);
        return all;
    }

    void clear() {
        index.clear();
        size = 0;
    }

    private void collect(Key key, JobEvent event, List<Subscription> found) {
        Set<Subscription> candidates = index.get(key);
        if (candidates != null) {
            for (Subscription candidate : candidates) {
                if (candidate.filter.matches(event)) {
                    found.add(candidate);
                }
            }
        }
    }

    /** The one key a filter is indexed under: any of its labels will do, as a job must have them all. */
    private static Key keyOf(EventFilter filter) {
        if (filter.jobId() != null) {
            return new ByJob(filter.jobId());
        }
        if (!filter.labels().isEmpty()) {
            Map.Entry<String, String> label = filter.labels().entrySet().iterator().next();
            return new ByLabel(label.getKey(), label.getValue());
        }
        return filter.tenant() != null ? new ByTenant(filter.tenant()) : EVERYTHING;
    }
}
