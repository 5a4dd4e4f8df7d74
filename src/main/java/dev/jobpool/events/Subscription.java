package dev.jobpool.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client's stream: the events waiting to be written to it, at most {@code buffer} of them. The hub puts
 * events in without ever waiting; the client's own request thread takes them out and writes them, so a slow
 * client waits on its own socket and holds nothing more than its buffer.
 */
final class Subscription {

    /** Something to write: an event, or a frame that is no job's event. */
    sealed interface Frame {
        /** The stream ends after this frame. */
        boolean last();
    }

    /**
     * A job's event, with its SSE frame encoded once by the hub: a thousand streams that get the same event write
     * the same bytes.
     */
    record Event(String id, long sequence, JobEvent event, byte[] frame) implements Frame {
        static Event of(String id, long sequence, JobEvent event, String json) {
            return new Event(id, sequence, event, sse(id, event.event(), json));
        }

        @Override
        public boolean last() {
            return false;
        }
    }

    /** An event as the stream carries it: {@code id}, {@code event} and one {@code data} line of JSON. */
    static byte[] sse(String id, String event, String json) {
        return ("id: " + id + "\nevent: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Reload state: events were lost. {@code last} when the subscriber is dropped. */
    record Reset(String id, String reason, boolean last) implements Frame {
    }

    /** The service is shutting down. */
    record End() implements Frame {
        @Override
        public boolean last() {
            return true;
        }
    }

    final EventFilter filter;
    private final BlockingQueue<Frame> frames;
    private volatile boolean dropped;

    Subscription(EventFilter filter, int buffer) {
        this.filter = filter;
        // one place more than the buffer, for the frame that ends a dropped stream; linked, so that the room
        // costs nothing until it is used: a stream that keeps up holds a few events at a time
        this.frames = new LinkedBlockingQueue<>(buffer + 1);
    }

    /** Queues an event unless the buffer is full; never waits. */
    boolean offer(Event event) {
        return frames.remainingCapacity() > 1 && frames.offer(event);
    }

    /** Queues a reset the client may go on reading after (a reconnect that missed too much). */
    void reset(String id, String reason) {
        frames.offer(new Reset(id, reason, false));
    }

    /** Forgets what was waiting and ends the stream with this frame. */
    void drop(Frame last) {
        dropped = true;
        frames.clear();
        frames.offer(last);
    }

    boolean dropped() {
        return dropped;
    }

    /** The next frame, or null if none came within {@code wait}. */
    Frame next(Duration wait) throws InterruptedException {
        return frames.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The next frame if one is waiting, else null. */
    Frame poll() {
        return frames.poll();
    }
}
