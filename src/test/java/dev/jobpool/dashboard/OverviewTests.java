package dev.jobpool.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.mockito.Mockito.mock;

import dev.jobpool.events.EventHub;
import dev.jobpool.events.EventType;
import dev.jobpool.events.JobEvent;
import dev.jobpool.job.JobStatus;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.StoreInfo;
import dev.jobpool.jobtype.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The overview's ring of steps, fed events and samples as the hub and the sampler feed it, on a clock of its own. */
class OverviewTests {

    /** The start of a step. */
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Overview overview = new Overview(mock(EventHub.class), mock(JobStore.class), clock);

    private static final class TestClock extends Clock {
        Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static JobEvent event(EventType type, String tenant, Instant time, Double waitSeconds, Double runSeconds) {
        JobStatus status = switch (type) {
            case SUBMITTED, RETRYING -> JobStatus.QUEUED;
            case STARTED, PROGRESS -> JobStatus.RUNNING;
            case SUCCEEDED -> JobStatus.SUCCEEDED;
            case FAILED -> JobStatus.FAILED;
            case CANCELLED -> JobStatus.CANCELLED;
        };
        return new JobEvent(type.name().toLowerCase(), UUID.randomUUID().toString(), tenant, "sleep", "io", status, 1,
                new JobEvent.Progress(0, 1), Map.of(), null, waitSeconds, runSeconds, time);
    }

    private void heard(EventType type, String tenant, Double seconds) {
        overview.heard(event(type, tenant, clock.now, type == EventType.STARTED ? seconds : null,
                type == EventType.STARTED ? null : seconds));
    }

    private static <T> T last(List<T> series) {
        return series.getLast();
    }

    @Test
    void countsEachEventInItsStepPerTenantAndForAll() {
        heard(EventType.SUBMITTED, "a", null);
        heard(EventType.SUBMITTED, "a", null);
        heard(EventType.SUBMITTED, "b", null);
        heard(EventType.SUCCEEDED, "a", 0.5);
        heard(EventType.FAILED, "b", 0.5);
        heard(EventType.CANCELLED, "b", null);
        heard(EventType.RETRYING, "b", null);

        OverviewResponse.Series all = overview.view(null).series();
        assertThat(all.time()).hasSize(180);
        assertThat(last(all.time())).isEqualTo(clock.now.toEpochMilli());
        assertThat(last(all.submitted())).isEqualTo(3 / 5.0);
        assertThat(last(all.completed())).isEqualTo(1 / 5.0);
        assertThat(last(all.failed())).isEqualTo(1 / 5.0);
        OverviewResponse.Series a = overview.view("a").series();
        assertThat(last(a.submitted())).isEqualTo(2 / 5.0);
        assertThat(last(a.failed())).isZero();
        assertThat(last(overview.view("b").series().submitted())).isEqualTo(1 / 5.0);
        assertThat(last(overview.view("nobody").series().submitted())).isZero();

        // the next step starts empty; the one before keeps its figures
        clock.advance(Overview.STEP);
        heard(EventType.SUBMITTED, "a", null);
        a = overview.view("a").series();
        assertThat(a.submitted().subList(178, 180)).containsExactly(2 / 5.0, 1 / 5.0);
        assertThat(a.time().get(179) - a.time().get(178)).isEqualTo(5000);
    }

    @Test
    void aLateEventCountsInTheStepItHappenedInAndOneOlderThanTheWindowNotAtAll() {
        Instant then = clock.now;
        clock.advance(Duration.ofSeconds(12));
        overview.heard(event(EventType.SUBMITTED, "a", then, null, null));
        overview.heard(event(EventType.SUBMITTED, "a", then.minus(Duration.ofMinutes(20)), null, null));
        overview.heard(event(EventType.SUBMITTED, "a", clock.now.plusSeconds(30), null, null)); // a clock ahead: now

        List<Double> submitted = overview.view("a").series().submitted();
        assertThat(submitted.subList(177, 180)).containsExactly(1 / 5.0, 0.0, 1 / 5.0);
        assertThat(submitted.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).sum()).isEqualTo(2 / 5.0);
    }

    @Test
    void ratesAreUnknownBeforeThisReplicaStartedAndZeroSince() {
        List<Double> submitted = overview.view(null).series().submitted();
        assertThat(submitted.subList(0, 179)).containsOnlyNulls();
        assertThat(last(submitted)).isZero();
        assertThat(overview.view(null).since()).isEqualTo(clock.now.minus(Overview.WINDOW).plus(Overview.STEP));
    }

    @Test
    void percentilesOfWaitAndRunTimesPerStep() {
        for (int i = 1; i <= 1000; i++) {
            heard(EventType.STARTED, "a", i / 1000.0); // 1 ms to 1 s, evenly
            heard(EventType.SUCCEEDED, "a", 2.0);
        }
        heard(EventType.STARTED, "b", 60.0);

        OverviewResponse.Series a = overview.view("a").series();
        assertThat(last(a.waitP50())).isCloseTo(0.5, withinPercentage(10));
        assertThat(last(a.waitP99())).as("in the bin of 0.99 s").isBetween(0.99 / Math.sqrt(2), 0.99 * Math.sqrt(2));
        assertThat(last(a.runP50())).isCloseTo(2.0, withinPercentage(20));
        assertThat(last(a.runP99())).isCloseTo(2.0, withinPercentage(20));
        assertThat(last(overview.view("b").series().waitP50())).isCloseTo(60.0, withinPercentage(20));
        assertThat(last(overview.view("b").series().runP50())).as("nothing ended").isNull();
        assertThat(last(overview.view(null).series().waitP99())).as("b's one slow start among a's thousand")
                .isCloseTo(last(a.waitP99()), withinPercentage(1));
        assertThat(a.waitP50().subList(0, 179)).containsOnlyNulls();
    }

    @Test
    void queueAndRunningAreSampledPerTenantWithGapsWhereNoSampleWasTaken() {
        overview.sampled(Overview.stepOf(clock.millis()), List.of(new JobStore.ActiveCount("a", Pool.IO, 5, 1),
                new JobStore.ActiveCount("a", Pool.CPU, 2, 0), new JobStore.ActiveCount("b", Pool.IO, 1, 3)),
                info("replica-1"));
        clock.advance(Overview.STEP.multipliedBy(2)); // the store did not answer in the step between
        overview.sampled(Overview.stepOf(clock.millis()), List.of(new JobStore.ActiveCount("b", Pool.IO, 7, 0)),
                info("replica-1", "replica-2"));

        Overview.View all = overview.view(null);
        assertThat(all.series().queued().io().subList(177, 180)).containsExactly(6, null, 7);
        assertThat(all.series().queued().cpu().subList(177, 180)).containsExactly(2, null, 0);
        assertThat(all.series().running().io().subList(177, 180)).containsExactly(4, null, 0);
        assertThat(all.series().queued().io().subList(0, 177)).containsOnlyNulls();
        assertThat(all.now()).isEqualTo(new OverviewResponse.Now(new OverviewResponse.PoolCounts(7, 0),
                new OverviewResponse.PoolCounts(0, 0)));
        assertThat(all.replicas()).extracting(StoreInfo.Node::id).containsExactly("replica-1", "replica-2");

        Overview.View a = overview.view("a");
        assertThat(a.series().queued().io().subList(177, 180)).containsExactly(5, null, 0);
        assertThat(a.series().running().io().subList(177, 180)).containsExactly(1, null, 0);
        assertThat(a.now().queued()).isEqualTo(new OverviewResponse.PoolCounts(0, 0));
        Overview.View b = overview.view("b");
        assertThat(b.now().queued()).isEqualTo(new OverviewResponse.PoolCounts(7, 0));
        assertThat(overview.view("nobody").series().queued().io().subList(177, 180)).containsExactly(0, null, 0);
    }

    @Test
    void aSecondSampleInAStepReplacesTheFirst() {
        long step = Overview.stepOf(clock.millis());
        overview.sampled(step, List.of(new JobStore.ActiveCount("a", Pool.IO, 5, 0)), info());
        overview.sampled(step, List.of(new JobStore.ActiveCount("b", Pool.IO, 1, 0)), info());
        assertThat(last(overview.view(null).series().queued().io())).isEqualTo(1);
        assertThat(last(overview.view("a").series().queued().io())).isZero();
    }

    @Test
    void theRingForgetsWhatIsOlderThanTheWindow() {
        heard(EventType.SUBMITTED, "a", null);
        heard(EventType.STARTED, "a", 1.0);
        overview.sampled(Overview.stepOf(clock.millis()), List.of(new JobStore.ActiveCount("a", Pool.IO, 5, 0)), info());
        clock.advance(Overview.WINDOW);
        overview.sampled(Overview.stepOf(clock.millis()), List.of(), info());

        OverviewResponse.Series a = overview.view("a").series();
        assertThat(a.submitted()).containsOnly(0.0);
        assertThat(a.waitP50()).containsOnlyNulls();
        assertThat(a.queued().io().subList(0, 179)).containsOnlyNulls();
        assertThat(last(a.queued().io())).isZero();
        assertThat(overview.view(null).series().submitted()).containsOnly(0.0);
    }

    private static StoreInfo info(String... replicas) {
        return new StoreInfo("sqlite", "jobs.db", true, Duration.ofMillis(1), java.util.Arrays.stream(replicas)
                .map(id -> new StoreInfo.Node(id, Instant.EPOCH, Instant.EPOCH, false)).toList());
    }
}
