package dev.jobpool.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.job.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The index finds exactly the subscribers a plain check of every filter would, whatever the filters. */
class SubscribersTests {

    private final Subscribers subscribers = new Subscribers();

    private static Subscription subscriber(String tenant, String jobId, String type, Map<String, String> labels) {
        return new Subscription(new EventFilter(tenant, jobId, type, null, labels, Set.of()), 10);
    }

    private static JobEvent event(String tenant, String jobId, String type, Map<String, String> labels) {
        return new JobEvent("submitted", jobId, tenant, type, "io", JobStatus.QUEUED, 0, new JobEvent.Progress(0, 1), labels,
                null, null, null, Instant.EPOCH);
    }

    @Test
    void anEventReachesItsJobsStreamsItsLabelsStreamsAndTheUnfilteredOnes() {
        Subscription jobA = subscriber(null, "a", null, Map.of());
        Subscription jobB = subscriber(null, "b", null, Map.of());
        Subscription teamSearch = subscriber(null, null, null, Map.of("team", "search"));
        Subscription teamSearchNightly = subscriber(null, null, null, Map.of("team", "search", "run", "nightly"));
        Subscription teamAds = subscriber(null, null, null, Map.of("team", "ads"));
        Subscription dashboard = subscriber(null, null, null, Map.of());
        Subscription otherTenant = subscriber("other", null, null, Map.of());
        Subscription tenantT = subscriber("t", null, null, Map.of());
        Subscription squares = subscriber(null, null, "square", Map.of());
        List.of(jobA, jobB, teamSearch, teamSearchNightly, teamAds, dashboard, otherTenant, tenantT, squares)
                .forEach(subscribers::add);

        assertThat(subscribers.matching(event("t", "a", "sleep", Map.of("team", "search"))))
                .containsExactlyInAnyOrder(jobA, teamSearch, dashboard, tenantT);
        assertThat(subscribers.matching(event("t", "b", "square", Map.of("run", "nightly", "team", "search"))))
                .containsExactlyInAnyOrder(jobB, teamSearch, teamSearchNightly, dashboard, tenantT, squares);
        assertThat(subscribers.size()).isEqualTo(9);

        subscribers.remove(jobA);
        subscribers.remove(teamSearch);
        subscribers.remove(teamSearch); // twice: nothing more happens
        assertThat(subscribers.size()).isEqualTo(7);
        assertThat(subscribers.matching(event("t", "a", "sleep", Map.of("team", "search"))))
                .containsExactlyInAnyOrder(dashboard, tenantT);
        assertThat(subscribers.all())
                .containsExactlyInAnyOrder(jobB, teamSearchNightly, teamAds, dashboard, otherTenant, tenantT, squares);
    }

    @Test
    void matchesWhatCheckingEveryFilterWouldOnRandomFiltersAndEvents() {
        Random random = new Random(12);
        List<Subscription> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Subscription subscription = subscriber(random.nextBoolean() ? null : "t" + random.nextInt(2),
                    random.nextInt(3) == 0 ? "job" + random.nextInt(20) : null, random.nextInt(4) == 0 ? "square" : null,
                    labels(random));
            all.add(subscription);
            subscribers.add(subscription);
        }
        for (int i = 0; i < 1000; i++) {
            JobEvent event = event("t" + random.nextInt(2), "job" + random.nextInt(20), random.nextBoolean() ? "square" : "sleep",
                    labels(random));
            assertThat(subscribers.matching(event)).containsExactlyInAnyOrderElementsOf(
                    all.stream().filter(subscription -> subscription.filter.matches(event)).toList());
        }
    }

    private static Map<String, String> labels(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Map.of();
            case 1 -> Map.of("team", "t" + random.nextInt(3));
            case 2 -> Map.of("run", "r" + random.nextInt(2));
            default -> Map.of("team", "t" + random.nextInt(3), "run", "r" + random.nextInt(2));
        };
    }
}
