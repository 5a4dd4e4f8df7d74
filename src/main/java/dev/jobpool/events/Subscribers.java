package dev.jobpool.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hub's subscribers, indexed by what narrows them most: a job's own stream under its job id, a stream filtered
 * by labels under one of its labels, the rest (a dashboard, a type or pool filter) in a plain list. An event is
 * then offered to its job's streams, the streams of its labels and the rest, not to every subscriber: a thousand
 * clients each following their own jobs cost a few lookups per event, not a thousand filter checks.
 *
 * <p>Not thread-safe: the hub guards it.
 */
final class Subscribers {

    private final Map<String, Set<Subscription>> byJob = new HashMap<>();
    private final Map<Map.Entry<String, String>, Set<Subscription>> byLabel = new HashMap<>();
    private final Set<Subscription> unindexed = new LinkedHashSet<>();
    private int size;

    void add(Subscription subscription) {
        EventFilter filter = subscription.filter;
        Set<Subscription> bucket = filter.jobId() != null ? byJob.computeIfAbsent(filter.jobId(), ignored -> new LinkedHashSet<>())
                : !filter.labels().isEmpty() ? byLabel.computeIfAbsent(firstLabel(filter), ignored -> new LinkedHashSet<>())
                : unindexed;
        if (bucket.add(subscription)) {
            size++;
        }
    }

    void remove(Subscription subscription) {
        EventFilter filter = subscription.filter;
        boolean removed;
        if (filter.jobId() != null) {
            removed = removeFrom(byJob, filter.jobId(), subscription);
        } else if (!filter.labels().isEmpty()) {
            removed = removeFrom(byLabel, firstLabel(filter), subscription);
        } else {
            removed = unindexed.remove(subscription);
        }
        if (removed) {
            size--;
        }
    }

    private static <K> boolean removeFrom(Map<K, Set<Subscription>> index, K key, Subscription subscription) {
        Set<Subscription> bucket = index.get(key);
        if (bucket == null || !bucket.remove(subscription)) {
            return false;
        }
        if (bucket.isEmpty()) {
            index.remove(key);
        }
        return true;
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
        collect(byJob.get(event.jobId()), event, found);
        for (Map.Entry<String, String> label : event.labels().entrySet()) {
            collect(byLabel.get(label), event, found);
        }
        collect(unindexed, event, found);
        return found;
    }

    /** Every subscriber, as a copy. */
    List<Subscription> all() {
        List<Subscription> all = new ArrayList<>(unindexed);
        byJob.values().forEach(all::addAll);
        byLabel.values().forEach(all::addAll);
        return all;
    }

    void clear() {
        byJob.clear();
        byLabel.clear();
        unindexed.clear();
        size = 0;
    }

    private static void collect(Set<Subscription> candidates, JobEvent event, List<Subscription> found) {
        if (candidates != null) {
            for (Subscription candidate : candidates) {
                if (candidate.filter.matches(event)) {
                    found.add(candidate);
                }
            }
        }
    }

    /** The label a filter is indexed under: any of its labels will do, as a job must have them all. */
    private static Map.Entry<String, String> firstLabel(EventFilter filter) {
        Map.Entry<String, String> label = filter.labels().entrySet().iterator().next();
        return Map.entry(label.getKey(), label.getValue());
    }
}
