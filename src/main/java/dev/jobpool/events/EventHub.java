package dev.jobpool.events;

import dev.jobpool.job.Job;
import dev.jobpool.job.JobChangeListener;
import dev.jobpool.job.JobStatus;
import dev.jobpool.job.JobStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events of every job, from this replica and the others, handed to the subscribers of the stream.
 *
 * <p>Changes arrive from the scheduler ({@link #changed}) on whatever thread wrote them, and from other replicas
 * through the store ({@link #heard}); both only queue them. One dispatcher thread, which under load takes them in
 * batches a few milliseconds apart rather than waking for each, gives each event its id, keeps
 * the last {@link EventsProperties#replay} in a ring for clients that reconnect with {@code Last-Event-ID}, and
 * puts it in the buffer of each subscriber whose filter it matches, never waiting: a subscriber whose buffer is
 * full gets {@code reset} and is dropped. So job processing never waits for a client, and memory stays bounded.
 *
 * <p>Ids are {@code <epoch>-<sequence>}, the epoch random per process: an id from another replica or from before
 * a restart is recognised as one, and answered with {@code reset}. Per job, events keep the order of the job's
 * life (see {@link EventType#rank}); one that arrives after a later one, from another replica, is dropped.
 * Progress is looked at every {@link EventsProperties#progressInterval} for the jobs running here, so a
 * million-item map sends a few events a second, not a million.
 */
@Component
public class EventHub implements JobChangeListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int INBOUND = 65_536;
    private static final int OUTBOUND = 65_536;
    private static final int MAX_BROADCAST = 1000;
    private static final int MAX_BATCH = 1000;
    private static final Duration BROADCAST_PAUSE = Duration.ofMillis(50);
    /** Changes that follow a batch within this pause are taken together, with no wake-up of their own. */
    private static final Duration GATHER_PAUSE = Duration.ofMillis(5);
    /** Jobs whose last event is remembered, to keep each job's events in order; the oldest are forgotten. */
    private static final int REMEMBERED_JOBS = 100_000;

    private final JobStore store;
    private final EventsProperties properties;
    private final Clock clock;
    private final String epoch = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36), 36);

    /** Changes and messages waiting for the dispatcher. */
    private final BlockingQueue<Object> inbound = new ArrayBlockingQueue<>(INBOUND);
    private final AtomicBoolean inboundOverflowed = new AtomicBoolean();
    /** This replica's events waiting to be told to the others. */
    private final BlockingQueue<String> outbound = new ArrayBlockingQueue<>(OUTBOUND);
    private volatile boolean broadcasting = true;

    // guarded by this: the ring, the position and the subscribers
    private final ArrayDeque<Subscription.Event> ring = new ArrayDeque<>();
    private long sequence;
    /** A Last-Event-ID below this cannot be replayed: events were lost after it. */
    private long replayableFrom;
    private final Subscribers subscribers = new Subscribers();
    /** In-process listeners of every event sent (the dashboard's overview). */
    private final List<Consumer<JobEvent>> listeners = new CopyOnWriteArrayList<>();

    // the dispatcher's own
    private final Map<String, Integer> lastRank = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED_JOBS;
        }
    };
    /** The jobs running on this replica, with the progress last sent. */
    private final Map<String, Running> runningHere = new HashMap<>();

    private final AtomicLong droppedSubscribers = new AtomicLong();
    private volatile Thread dispatcher;
    private volatile Thread broadcaster;
    private volatile boolean started;

    /** A change written by this replica, with the job while it runs here (its progress is read from it). */
    private record Change(JobEvent event, Job job) {
    }

    /** A message from another replica. */
    private record Heard(String message) {
    }

    private static final class Running {
        final Job job;
        final int attempt;
        int sentDone;

        Running(Job job, int attempt, int sentDone) {
            this.job = job;
            this.attempt = attempt;
            this.sentDone = sentDone;
        }
    }

    public EventHub(JobStore store, EventsProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    // --- in: never blocks the caller

    @Override
    public void changed(Job job) {
        Job.Snapshot snapshot = job.snapshot();
        EventType type = EventType.of(snapshot);
        enqueue(new Change(JobEvent.of(type, snapshot, clock.instant()), type == EventType.STARTED ? job : null));
    }

    @Override
    public void heard(String message) {
        if (!message.startsWith(epoch + " ")) { // this replica's own come back too
            enqueue(new Heard(message));
        }
    }

    private void enqueue(Object item) {
        if (!inbound.offer(item)) {
            inboundOverflowed.set(true);
        }
    }

    // --- out: subscribing

    /**
     * A new subscriber, with what it missed after {@code lastEventId} already in its buffer, or a reset if that
     * is more than the buffer holds or no longer kept. Close it with {@link #unsubscribe}.
     *
     * @throws TooManySubscribersException if this replica has {@link EventsProperties#maxSubscribers} already
     */
    synchronized Subscription subscribe(EventFilter filter, String lastEventId) {
        if (subscribers.size() >= properties.maxSubscribers()) {
            throw new TooManySubscribersException(properties.maxSubscribers());
        }
        Subscription subscription = new Subscription(filter, properties.buffer());
        if (!started) {
            subscription.drop(new Subscription.End());
            return subscription;
        }
        if (lastEventId != null) {
            long after = replayableAfter(lastEventId);
            if (after < 0) {
                subscription.reset(position(), "the events after Last-Event-ID " + lastEventId + " are no longer kept here");
            } else {
                for (Subscription.Event event : ring) {
                    if (event.sequence() > after && filter.matches(event.event()) && !subscription.offer(event)) {
                        subscription = new Subscription(filter, properties.buffer());
                        subscription.reset(position(), "more events were missed than a stream buffers");
                        break;
                    }
                }
            }
        }
        subscribers.add(subscription);
        return subscription;
    }

    synchronized void unsubscribe(Subscription subscription) {
        subscribers.remove(subscription);
    }

    /** The id of the latest event: a client that reconnects with it misses nothing since. */
    synchronized String position() {
        return epoch + "-" + sequence;
    }

    /** The sequence after which events can be replayed for this id, or -1 if they cannot. */
    private long replayableAfter(String lastEventId) {
        int dash = lastEventId.lastIndexOf('-');
        if (dash < 0 || !lastEventId.substring(0, dash).equals(epoch)) {
            return -1;
        }
        long after;
        try {
            after = Long.parseLong(lastEventId.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
        long oldest = ring.isEmpty() ? sequence + 1 : ring.getFirst().sequence();
        return after > sequence || after < oldest - 1 || after < replayableFrom ? -1 : after;
    }

    /** The event a job's present state stands for, with the id of the latest event. */
    synchronized Subscription.Event now(Job job) {
        Job.Snapshot snapshot = job.snapshot();
        JobEvent event = JobEvent.of(EventType.of(snapshot), snapshot, clock.instant());
        return Subscription.Event.of(position(), sequence, event, JSON.writeValueAsString(event));
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /**
     * Hands the listener every event the stream sends from now on, this replica's and the others', once each and
     * in order per job, on the dispatcher thread: it must be quick and must never block.
     */
    public void listen(Consumer<JobEvent> listener) {
        listeners.add(listener);
    }

    synchronized int subscribers() {
        return subscribers.size();
    }

    long droppedSubscribers() {
        return droppedSubscribers.get();
    }

    // --- the dispatcher

    private void dispatch() {
        long nextLook = System.nanoTime() + properties.progressInterval().toNanos();
        List<Object> batch = new ArrayList<>();
        while (started) {
            try {
                Object first = inbound.poll(Math.max(0, nextLook - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (inboundOverflowed.getAndSet(false)) {
                    lostEvents();
                }
                int handled = 0;
                if (first != null) {
                    batch.add(first);
                    inbound.drainTo(batch, MAX_BATCH - 1);
                    handled = batch.size();
                    batch.forEach(this::handle);
                    batch.clear();
                }
                if (System.nanoTime() - nextLook >= 0) {
                    lookAtProgress();
                    nextLook = System.nanoTime() + properties.progressInterval().toNanos();
                }
                if (handled > 0 && handled < MAX_BATCH) {
                    // a busy service changes jobs thousands of times a second: while this thread sleeps, a change
                    // only joins the queue, where waiting in poll it would wake this thread, once per change
                    Thread.sleep(GATHER_PAUSE);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("the events dispatcher failed on an event; it goes on with the next", e);
            }
        }
    }

    private void handle(Object item) {
        switch (item) {
            case Change change -> {
                if (accept(change.event(), true)) {
                    String id = change.event().jobId();
                    if (change.job() != null) {
                        runningHere.put(id, new Running(change.job(), change.event().attempt(), change.event().progress().done()));
                    } else {
                        runningHere.remove(id);
                    }
                }
            }
            case Heard heard -> {
                JobEvent event;
                try {
                    event = JSON.readValue(heard.message().substring(heard.message().indexOf(' ') + 1), JobEvent.class);
                } catch (JacksonException | IndexOutOfBoundsException e) {
                    log.warn("ignored a malformed event from another replica: {}", e.getMessage());
                    return;
                }
                accept(event, false);
            }
            default -> throw new IllegalArgumentException(item.toString());
        }
    }

    /**
     * Sends the event unless it comes after a later one of its job, and tells the other replicas if it happened
     * here; false if it was dropped.
     */
    private boolean accept(JobEvent event, boolean here) {
        Integer last = lastRank.get(event.jobId());
        int rank = event.rank();
        if (last != null && (rank < last || rank == last && event.eventType() != EventType.PROGRESS)) {
            return false;
        }
        if (last == null && event.eventType() == EventType.STARTED && event.attempt() == 1) {
            // its own submitted is on its way (from another replica, or from a thread here that lost the race to
            // the claim), and will be dropped; every replica that hears the start first does the same
            publish(event.submitted(), false);
        }
        lastRank.put(event.jobId(), rank);
        publish(event, here);
        return true;
    }

    private void lookAtProgress() {
        for (Iterator<Running> it = runningHere.values().iterator(); it.hasNext(); ) {
            Running running = it.next();
            if (!running.job.isRunning(running.attempt)) {
                it.remove(); // ended: its ending comes as a change of its own, or from the replica that ended it
                continue;
            }
            int done = running.job.itemsDone();
            if (done != running.sentDone) {
                running.sentDone = done;
                Job.Snapshot snapshot = running.job.snapshot();
                // every item done: its ending follows at once and carries the same count, so a progress event would
                // only say it twice (and of a single job, whose one item is the whole of it, say nothing at all)
                if (snapshot.status() == JobStatus.RUNNING && snapshot.itemsDone() < snapshot.itemCount()) {
                    accept(JobEvent.of(EventType.PROGRESS, snapshot, clock.instant()), true);
                }
            }
        }
    }

    /** Gives the event its id, keeps it for replays and hands it to every subscriber that wants it. */
    private void publish(JobEvent event, boolean tellOthers) {
        String json = JSON.writeValueAsString(event);
        synchronized (this) {
            sequence++;
            Subscription.Event sent = Subscription.Event.of(epoch + "-" + sequence, sequence, event, json);
            if (properties.replay() > 0) {
                ring.addLast(sent);
                if (ring.size() > properties.replay()) {
                    ring.removeFirst();
                }
            }
            for (Subscription subscriber : subscribers.matching(event)) {
                if (!subscriber.offer(sent)) {
                    subscribers.remove(subscriber);
                    droppedSubscribers.incrementAndGet();
                    subscriber.drop(new Subscription.Reset(sent.id(), "this stream fell more than "
                            + properties.buffer() + " events behind; reload the state and subscribe again", true));
                    log.info("dropped an events subscriber that fell {} events behind", properties.buffer());
                }
            }
        }
        for (Consumer<JobEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("a listener of job events failed on job {}'s {} event", event.jobId(), event.event(), e);
            }
        }
        if (tellOthers && broadcasting) {
            String message = epoch + " " + json;
            if (message.getBytes(StandardCharsets.UTF_8).length > JobStore.MAX_MESSAGE_BYTES) {
                log.warn("job {}: its {} event is too large to tell other replicas", event.jobId(), event.event());
            } else if (!outbound.offer(message)) {
                log.warn("other replicas fall behind hearing this one's events; job {}: its {} event is not told",
                        event.jobId(), event.event());
            }
        }
    }

    /** Changes came faster than the dispatcher took them and some were lost: everyone reloads. */
    private synchronized void lostEvents() {
        log.warn("job changes came faster than the events stream could take them; every subscriber gets reset");
        replayableFrom = sequence + 1;
        for (Subscription subscriber : subscribers.all()) {
            subscriber.reset(epoch + "-" + sequence, "events were lost on this replica; reload the state");
        }
    }

    /** Tells other replicas this one's events, in batches; stops for good if the store has no one to tell. */
    private void broadcast() {
        List<String> batch = new ArrayList<>();
        while (started) {
            try {
                batch.add(outbound.take());
                // gather for a moment: one short transaction (and one pooled connection) per pause, not per event,
                // so the broadcast never crowds the store's pool under load
                Thread.sleep(BROADCAST_PAUSE);
                outbound.drainTo(batch, MAX_BROADCAST - 1);
                if (!store.broadcast(batch)) {
                    broadcasting = false;
                    outbound.clear();
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("could not tell other replicas {} events: {}", batch.size(), e.getMessage());
            } finally {
                batch.clear();
            }
        }
    }

    // --- lifecycle: streams end before the web server waits for requests to finish

    @Override
    public void start() {
        started = true;
        dispatcher = Thread.ofPlatform().name("jobpool-events").daemon().start(this::dispatch);
        broadcaster = Thread.ofVirtual().name("jobpool-events-broadcast").start(this::broadcast);
    }

    @Override
    public void stop() {
        synchronized (this) {
            started = false;
            subscribers.all().forEach(subscriber -> subscriber.drop(new Subscription.End()));
            subscribers.clear();
        }
        dispatcher.interrupt();
        broadcaster.interrupt();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /**
     * After the scheduler and the pools (which send it their last changes), before the web server's graceful
     * shutdown. Not in the pools' phase: Spring stops a bean's dependents with it and counts them against the
     * phase's latch, so the pools' drains would no longer be waited for.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 200;
    }
}
