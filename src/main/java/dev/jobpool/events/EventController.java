package dev.jobpool.events;

import dev.jobpool.job.InvalidRequestException;
import dev.jobpool.job.Job;
import dev.jobpool.job.JobId;
import dev.jobpool.job.JobNotFoundException;
import dev.jobpool.job.JobService;
import dev.jobpool.job.LabelFilter;
import dev.jobpool.job.StoreUnavailableException;
import dev.jobpool.job.TenantScope;
import dev.jobpool.job.web.Problems;
import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.ClientText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The events stream, as Server-Sent Events. Each stream is written by an operating-system thread of its own (see
 * {@link #stream}), which waits on its subscription's buffer and on its own socket, never on the hub.
 */
@Tag(name = "Events", description = "Watch jobs live: their lifecycle events as Server-Sent Events")
@RestController
// declared here rather than in a configuration class, so the web slice tests (@WebMvcTest) bind it too
@EnableConfigurationProperties(EventsProperties.class)
class EventController {

    static final String EVENT_STREAM = "text/event-stream";
    private static final String FRAMES = """
            Each event is `id: <id>`, `event: <type>` and `data: <JobEvent JSON>`. Types: submitted, started, progress \
            (at most a few per second per job), succeeded, failed, retrying, cancelled; and `reset`, whose data is \
            {"reason": ...}: events were lost, reload what you show (GET /api/v1/jobs) and go on reading. A comment \
            line comes every jobpool.events.heartbeat (15s) when nothing else does. Reconnect with the header \
            Last-Event-ID (EventSource does it by itself) to get what was missed, as long as this replica still keeps \
            it (the last jobpool.events.replay events); else the stream starts with `reset`. A client that falls \
            jobpool.events.buffer events behind gets `reset` and the stream ends.""";

    /** A stream writes at most 50 times a second: events that come faster are written together. */
    private static final long WRITE_AT_MOST_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final ThreadFactory STREAM_WRITERS = Thread.ofPlatform().name("jobpool-events-stream-", 1).daemon().factory();

    private final EventHub hub;
    private final JobService jobs;
    private final EventsProperties properties;

    EventController(EventHub hub, JobService jobs, EventsProperties properties) {
        this.hub = hub;
        this.jobs = jobs;
        this.properties = properties;
    }

    @Operation(operationId = "streamEvents", summary = "Stream job events (SSE)",
            description = "The lifecycle events of the caller's tenant's jobs (an admin's: every tenant's) from every "
                    + "replica, in order per job, as they happen; filters narrow them. " + FRAMES)
    @ApiResponse(responseCode = "200", description = "The stream; it stays open",
            content = @Content(mediaType = EVENT_STREAM, schema = @Schema(implementation = JobEvent.class)))
    @ApiResponse(responseCode = "503", description = "This replica streams to jobpool.events.max-subscribers clients "
            + "already; retry after the Retry-After header's seconds")
    @GetMapping("/api/v1/events")
    void events(
            @Parameter(description = "Only this job's events") @RequestParam(required = false) String jobId,
            @Parameter(description = "Only jobs of this type") @RequestParam(required = false) String type,
            @Parameter(description = "io or cpu") @RequestParam(required = false) String pool,
            @Parameter(description = "Only jobs with this label, as key:value (team:search); repeat it for several (all "
                    + "must match)") @RequestParam(required = false) List<String> label, // documents it; read as sent below
            @Parameter(description = "Only these event types, e.g. succeeded,failed") @RequestParam(required = false)
                    List<String> event,
            @Parameter(description = "An admin: only this tenant's jobs (default: every tenant's); anyone else: their "
                    + "own tenant's only") @RequestParam(required = false) String tenant,
            @Parameter(description = "The id of the last event received, to get what was missed")
                    @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @Parameter(hidden = true) TenantScope caller,
            HttpServletRequest request, HttpServletResponse response) {
        EventFilter filter = new EventFilter(caller.listing(tenant), jobId == null ? null : JobId.parse(jobId).toString(),
                type, poolParam(pool), LabelFilter.parse(request.getParameterValues("label")), eventsParam(event));
        stream(hub.subscribe(filter, lastEventId), response, null, caller);
    }

    @Operation(operationId = "streamJobEvents", summary = "Stream one job's events (SSE)",
            description = "The events of one job from now on (and those missed after Last-Event-ID); the stream ends "
                    + "after the job's last event (succeeded, failed or cancelled). For a job that has already ended it "
                    + "is that one event. " + FRAMES)
    @ApiResponse(responseCode = "200", description = "The stream; it ends when the job ends",
            content = @Content(mediaType = EVENT_STREAM, schema = @Schema(implementation = JobEvent.class)))
    @ApiResponse(responseCode = "503", description = "The job store cannot be reached, or this replica streams to "
            + "jobpool.events.max-subscribers clients already; retry after the Retry-After header's seconds")
    @GetMapping("/api/v1/jobs/{id}/events")
    void jobEvents(@PathVariable String id,
            @Parameter(description = "The id of the last event received, to get what was missed")
                    @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @Parameter(hidden = true) TenantScope caller,
            HttpServletResponse response) {
        JobId jobId = JobId.parse(id);
        jobs.get(jobId, caller); // another tenant's job, or none: 404 before the stream starts
        stream(hub.subscribe(EventFilter.ofJob(null, jobId.toString()), lastEventId), response, jobId, caller);
    }

    @ExceptionHandler
    ResponseEntity<Object> tooManySubscribers(TooManySubscribersException e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "too-many-subscribers", "Too many event streams",
                e.getMessage());
        return Problems.response(problem, Problems.retryAfter(TooManySubscribersException.RETRY_AFTER));
    }

    /**
     * Writes the subscription's frames until it ends, the job ends, or the client goes away, on an operating-system
     * thread of its own while this request's thread waits.
     *
     * <p>Why not on the request's own thread: requests run on virtual threads, and a virtual thread that wakes up
     * waits its turn behind every other runnable one. Under a burst of submissions that queue is hundreds of
     * requests long; measured (bench/, events), an event waited in it a quarter of a second at the median and
     * almost two at the 99th percentile. An OS thread that wakes is scheduled by the kernel beside the virtual
     * threads' carriers, in milliseconds. The request's thread stays in the handler meanwhile, so nothing else
     * touches the response while the writer does. Each stream costs a thread and its stack, which
     * {@link EventsProperties#maxSubscribers} bounds.
     */
    private void stream(Subscription subscription, HttpServletResponse response, JobId job, TenantScope caller) {
        response.setContentType(EVENT_STREAM);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no"); // nginx: pass each event on at once
        Thread writer = STREAM_WRITERS.newThread(() -> writeFrames(subscription, response, job, caller));
        try {
            writer.start();
        } catch (OutOfMemoryError e) { // no thread to be had: the machine's limit is below max-subscribers
            hub.unsubscribe(subscription);
            throw e;
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                // the service stops: end the stream, and wait for the writer, which must not outlive the request
                interrupted = true;
                writer.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeFrames(Subscription subscription, HttpServletResponse response, JobId job, TenantScope caller) {
        try {
            OutputStream out = response.getOutputStream();
            out.write(": jobpool events\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush(); // the status and headers now: the client knows it is subscribed
            if (job != null && endedAlready(out, subscription, job, caller)) {
                return;
            }
            long lastWrite = System.nanoTime() - WRITE_AT_MOST_EVERY_NANOS;
            while (true) {
                Subscription.Frame frame = subscription.next(properties.heartbeat());
                if (frame == null) {
                    if (job != null && endedAlready(out, subscription, job, caller)) {
                        return; // its last event was lost on the way from another replica
                    }
                    out.write(":\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    continue;
                }
                // a busy stream gathers for a moment after its last write, so that it writes many events at once
                // rather than one write and one wake-up per event; a quiet one writes at once
                long gather = lastWrite + WRITE_AT_MOST_EVERY_NANOS - System.nanoTime();
                if (gather > 0) {
                    TimeUnit.NANOSECONDS.sleep(gather);
                }
                boolean last = write(out, frame, job != null);
                while (!last && (frame = subscription.poll()) != null) {
                    last = write(out, frame, job != null);
                }
                out.flush();
                lastWrite = System.nanoTime();
                if (last) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.unsubscribe(subscription);
        }
    }

    /**
     * Ends a job's stream if the job has ended (or is gone): with what is waiting, and unless that held the
     * job's last event, the event its present state stands for.
     */
    private boolean endedAlready(OutputStream out, Subscription subscription, JobId id, TenantScope caller)
            throws IOException {
        Job job;
        try {
            job = jobs.get(id, caller);
        } catch (JobNotFoundException e) {
            return true; // deleted or evicted meanwhile
        } catch (StoreUnavailableException e) {
            return false; // look again at the next heartbeat
        }
        if (!job.status().isEnded()) {
            return false;
        }
        Subscription.Event present = hub.now(job);
        for (Subscription.Frame frame; (frame = subscription.poll()) != null; ) {
            if (write(out, frame, true)) {
                out.flush();
                return true;
            }
        }
        write(out, present, true);
        out.flush();
        return true;
    }

    /** Writes a frame; true if the stream ends after it. */
    private static boolean write(OutputStream out, Subscription.Frame frame, boolean endsWithTheJob) throws IOException {
        switch (frame) {
            case Subscription.Event event -> {
                out.write(event.frame());
                return endsWithTheJob && event.event().eventType().ends();
            }
            case Subscription.Reset reset -> {
                out.write(Subscription.sse(reset.id(), "reset", EventHub.json(Map.of("reason", reset.reason()))));
                return reset.last();
            }
            case Subscription.End end -> {
                out.write(": the service is shutting down; reconnect\n\n".getBytes(StandardCharsets.UTF_8));
                return true;
            }
        }
    }

    private static String poolParam(String pool) {
        if (pool == null) {
            return null;
        }
        return Arrays.stream(Pool.values()).map(Pool::id).filter(pool::equals).findFirst().orElseThrow(() ->
                InvalidRequestException.of("pool", ClientText.quote(pool) + " is not a pool; use io or cpu"));
    }

    private static Set<EventType> eventsParam(List<String> events) {
        Set<EventType> wanted = EnumSet.noneOf(EventType.class);
        for (String event : events == null ? List.<String>of() : events) {
            try {
                wanted.add(EventType.parse(event.strip()));
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.of("event", ClientText.quote(event) + " is not an event type; use submitted, "
                        + "started, progress, succeeded, failed, retrying or cancelled");
            }
        }
        return wanted;
    }
}
