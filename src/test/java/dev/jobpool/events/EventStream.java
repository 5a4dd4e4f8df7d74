package dev.jobpool.events;

import dev.jobpool.Api;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A Server-Sent Events client as a script would write one: it reads the stream on its own thread and parses
 * each frame ({@code id:}, {@code event:}, {@code data:}, a blank line); comments are counted, not kept.
 */
final class EventStream implements AutoCloseable {

    /** One frame. {@code data} is the parsed JSON. */
    record Sse(String id, String event, JsonNode data) {

        String jobId() {
            return data.path("jobId").asString();
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Sse END = new Sse(null, "end of stream", null);

    final int status;
    final String contentType;
    private final Stream<String> lines;
    private final BlockingQueue<Sse> frames = new LinkedBlockingQueue<>();
    private volatile int comments;
    private volatile boolean ended;

    private EventStream(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.lines = response.body();
        Thread.ofVirtual().start(this::read);
    }

    /** Subscribes to {@code path} with this bearer token, and Last-Event-ID if not null. */
    static EventStream open(int port, String path, String token, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new EventStream(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    static EventStream open(int port, String path) throws IOException, InterruptedException {
        return open(port, path, Api.ADMIN_KEY, null);
    }

    private void read() {
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (event != null) {
                        frames.add(new Sse(id, event, Api.JSON.readTree(data.toString())));
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (RuntimeException closed) {
            // close() cancelled the stream
        } finally {
            ended = true;
            frames.add(END);
        }
    }

    /** The next frame, failing if none comes within {@code wait} or the stream ended. */
    Sse next(Duration wait) throws InterruptedException {
        Sse frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no event within " + wait);
        }
        if (frame == END) {
            frames.add(END);
            throw new AssertionError("the stream ended");
        }
        return frame;
    }

    /** Every frame up to and including the first that matches; fails if none does within {@code wait}. */
    List<Sse> until(Predicate<Sse> last, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Sse> read = new ArrayList<>();
        while (true) {
            Sse frame = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            read.add(frame);
            if (last.test(frame)) {
                return read;
            }
        }
    }

    /** The frames until the server ended the stream; fails if it does not end within {@code wait}. */
    List<Sse> toEnd(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Sse> read = new ArrayList<>();
        while (true) {
            Sse frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("the stream did not end within " + wait + "; read " + read);
            }
            if (frame == END) {
                return read;
            }
            read.add(frame);
        }
    }

    /** The frames received so far, without waiting. */
    List<Sse> received() {
        List<Sse> read = new ArrayList<>();
        frames.drainTo(read);
        read.remove(END);
        return read;
    }

    int comments() {
        return comments;
    }

    boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        lines.close();
    }
}
