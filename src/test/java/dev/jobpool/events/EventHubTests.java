package dev.jobpool.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

import dev.jobpool.Api;
import dev.jobpool.job.ErrorCode;
import dev.jobpool.job.Job;
import dev.jobpool.job.JobError;
import dev.jobpool.job.JobId;
import dev.jobpool.job.JobStatus;
import dev.jobpool.job.JobStore;
import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.JsonItems;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/**
 * The hub alone, fed as other replicas feed it: each job's events in the order of its life whatever order they
 * arrive in, and a subscriber that falls behind reset and dropped.
 */
class EventHubTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final EventHub hub = new EventHub(mock(JobStore.class), new EventsProperties(100, 10, Duration.ofSeconds(15),
            Duration.ofMillis(250), 50), Clock.systemUTC());
    private final String job = UUID.randomUUID().toString();

    @BeforeEach
    void start() {
        hub.start();
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    private static JobEvent event(String job, EventType type, int attempt) {
        JobStatus status = switch (type) {
            case SUBMITTED, RETRYING -> JobStatus.QUEUED;
            case STARTED, PROGRESS -> JobStatus.RUNNING;
            case SUCCEEDED -> JobStatus.SUCCEEDED;
            case FAILED -> JobStatus.FAILED;
            case CANCELLED -> JobStatus.CANCELLED;
        };
        JobError error = type == EventType.RETRYING ? new JobError(ErrorCode.NODE_LOST, "lost") : null;
        return new JobEvent(type.id(), job, "t", "sleep", "io", status, attempt, new JobEvent.Progress(0, 1), Map.of(),
                error, null, null, Instant.now());
    }

    /** As another replica's broadcast arrives. */
    private void hear(JobEvent event) {
        hub.heard("other0 " + Api.JSON.writeValueAsString(event));
    }

    private static List<String> read(Subscription subscription, int count) throws InterruptedException {
        List<String> read = new ArrayList<>();
        while (read.size() < count) {
            Subscription.Frame frame = subscription.next(WAIT);
            assertThat(frame).as("frame %s", read.size() + 1).isNotNull();
            read.add(switch (frame) {
                case Subscription.Event event -> event.event().event() + "/" + event.event().attempt();
                case Subscription.Reset reset -> "reset" + (reset.last() ? " and end" : "");
                case Subscription.End end -> "end";
            });
        }
        return read;
    }

    @Test
    void eventsOfAJobThatArriveLateAreDroppedNotShownBackwards() throws Exception {
        Subscription subscription = hub.subscribe(EventFilter.ofJob(null, job), null);
        hear(event(job, EventType.STARTED, 1));     // the replica that claimed it told first
        hear(event(job, EventType.SUBMITTED, 0));   // then the one that took the submission
        hear(event(job, EventType.RETRYING, 1));
        hear(event(job, EventType.STARTED, 2));
        hear(event(job, EventType.PROGRESS, 1));    // the first attempt's progress, after the second started
        hear(event(job, EventType.PROGRESS, 2));
        hear(event(job, EventType.SUCCEEDED, 2));
        hear(event(job, EventType.PROGRESS, 2));    // sampled just before the end, told just after
        hear(event(job, EventType.STARTED, 2));     // a repeat

        assertThat(read(subscription, 6)).containsExactly("submitted/0", "started/1", "retrying/1", "started/2",
                "progress/2", "succeeded/2");
        assertThat(subscription.next(Duration.ofMillis(300))).isNull();
    }

    @Test
    void progressIsToldWhileItemsRemainAndNotForTheLastOnesWhoseEndingSaysIt() throws Exception {
        Job single = running(0);
        Job map = running(4);
        Subscription singleEvents = hub.subscribe(EventFilter.ofJob(null, single.id().toString()), null);
        Subscription mapEvents = hub.subscribe(EventFilter.ofJob(null, map.id().toString()), null);
        hub.changed(single);
        hub.changed(map);
        assertThat(read(singleEvents, 2)).containsExactly("submitted/0", "started/1");
        assertThat(read(mapEvents, 2)).containsExactly("submitted/0", "started/1");

        map.itemsDone(2);
        single.itemDone(); // its one item is the whole job: done, it is about to succeed
        assertThat(read(mapEvents, 1)).containsExactly("progress/1");
        map.itemsDone(2);
        assertThat(mapEvents.next(Duration.ofMillis(750))).as("all four done: the ending says so").isNull();
        assertThat(singleEvents.next(Duration.ofMillis(10))).isNull();
    }

    /** A job running here, its first attempt: a single one for 0 items, else a map. */
    private static Job running(int items) {
        Instant now = Instant.now();
        List<JsonNode> values = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            values.add(IntNode.valueOf(i));
        }
        return Job.restore(new Job.Stored(JobId.random(), "t", 1, 0, "sleep", Pool.IO, items == 0 ? IntNode.valueOf(1) : null,
                items == 0 ? null : JsonItems.of(values), items, 1, 0, Duration.ofSeconds(30), 1, Map.of(), null, null,
                JobStatus.RUNNING, 1, 0, null, null, now, now, now, null, null, null));
    }

    @Test
    void thisReplicasOwnBroadcastsAreNotHeardTwice() throws Exception {
        Subscription subscription = hub.subscribe(EventFilter.ofJob(null, job), null);
        String mine = hub.position().substring(0, hub.position().indexOf('-'));
        hub.heard(mine + " " + Api.JSON.writeValueAsString(event(job, EventType.SUBMITTED, 0)));
        assertThat(subscription.next(Duration.ofMillis(300))).isNull();
    }

    @Test
    void aSubscriberThatFallsBehindGetsResetAndIsDropped() throws Exception {
        Subscription slow = hub.subscribe(new EventFilter(null, null, null, null, Map.of(), Set.of()), null);
        for (int i = 0; i < 15; i++) {
            hear(event(UUID.randomUUID().toString(), EventType.SUBMITTED, 0));
        }
        await().atMost(WAIT).until(() -> hub.droppedSubscribers() == 1); // it has read nothing meanwhile
        assertThat(read(slow, 1)).containsExactly("reset and end");
        assertThat(hub.subscribers()).isZero();
    }

    @Test
    void aReconnectGetsWhatItMissedOrAResetWhenThatIsMoreThanItsBuffer() throws Exception {
        Subscription first = hub.subscribe(EventFilter.ofJob(null, job), null);
        hear(event(job, EventType.SUBMITTED, 0));
        String submittedId = ((Subscription.Event) first.next(WAIT)).id();
        hear(event(job, EventType.STARTED, 1));
        hear(event(job, EventType.SUCCEEDED, 1));
        read(first, 2);

        Subscription again = hub.subscribe(EventFilter.ofJob(null, job), submittedId);
        assertThat(read(again, 2)).containsExactly("started/1", "succeeded/1");

        // 15 more than its buffer of 10 holds
        for (int i = 0; i < 15; i++) {
            hear(event(UUID.randomUUID().toString(), EventType.SUBMITTED, 0));
        }
        await().atMost(WAIT).until(() -> hub.position().endsWith("-18"));
        Subscription tooFar = hub.subscribe(new EventFilter(null, null, null, null, Map.of(), Set.of()), submittedId);
        assertThat(read(tooFar, 1)).containsExactly("reset");
        assertThat(hub.subscribe(EventFilter.ofJob(null, job), "other0-2").next(WAIT)).isInstanceOf(Subscription.Reset.class);
    }
}
