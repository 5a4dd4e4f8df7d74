package dev.jobpool.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The events stream over real HTTP, as a client reads it: the events of submitted jobs in order, a reconnect
 * with Last-Event-ID, one job's stream that ends with the job, a client that never reads, tenants kept apart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jobpool.events.buffer=16", "jobpool.events.heartbeat=1s", "jobpool.io.max-concurrency=4"})
@Import(EventStreamTests.SmallSocketBuffers.class)
class EventStreamTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A send buffer of a few kilobytes, so a client that never reads fills it after a few dozen events. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SmallSocketBuffers {

        @Bean
        TomcatConnectorCustomizer smallSendBuffer() {
            return connector -> connector.setProperty("socket.txBufSize", "4096");
        }
    }

    @LocalServerPort
    int port;

    Api admin;
    /** A label on every job of one test, so its streams show only its own jobs. */
    String run;

    @BeforeEach
    void setUp() {
        admin = new Api(port);
        run = UUID.randomUUID().toString();
    }

    private String sleep(String duration) {
        return "{\"type\":\"sleep\",\"input\":{\"duration\":\"" + duration + "\"},\"labels\":{\"run\":\"" + run + "\"}}";
    }

    private EventStream subscribe() throws Exception {
        EventStream stream = EventStream.open(port, "/api/v1/events?label=run:" + run);
        assertThat(stream.status).isEqualTo(200);
        assertThat(stream.contentType).startsWith("text/event-stream");
        return stream;
    }

    private static Map<String, List<String>> byJob(List<EventStream.Sse> events) {
        return events.stream().collect(Collectors.groupingBy(EventStream.Sse::jobId, Collectors.mapping(EventStream.Sse::event,
                Collectors.toList())));
    }

    @Test
    void aSubscriberReceivesTheEventsOfEachJobInOrder() throws Exception {
        try (EventStream stream = subscribe()) {
            String succeeds = admin.submit(sleep("10ms"));
            String timesOut = admin.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"10s\"},\"timeout\":\"200ms\","
                    + "\"labels\":{\"run\":\"" + run + "\"}}");
            String cancelled = admin.submit(sleep("30s"));
            await().atMost(WAIT).until(() -> admin.get("/api/v1/jobs/" + cancelled).json().get("status").asString()
                    .equals("RUNNING"));
            assertThat(admin.post("/api/v1/jobs/" + cancelled + "/cancel", "").status()).isEqualTo(200);

            // the three end in any order (a cold first job may end after the cancel)
            Set<String> ended = new HashSet<>();
            List<EventStream.Sse> events = new ArrayList<>(stream.until(event -> {
                if (List.of("succeeded", "failed", "cancelled").contains(event.event())) {
                    ended.add(event.jobId());
                }
                return ended.size() == 3;
            }, WAIT));
            events.addAll(stream.received());
            assertThat(byJob(events)).containsOnlyKeys(succeeds, timesOut, cancelled)
                    .containsEntry(succeeds, List.of("submitted", "started", "succeeded"))
                    .containsEntry(timesOut, List.of("submitted", "started", "failed"))
                    .containsEntry(cancelled, List.of("submitted", "started", "cancelled"));
            EventStream.Sse failed = events.stream().filter(e -> e.jobId().equals(timesOut) && e.event().equals("failed"))
                    .findFirst().orElseThrow();
            assertThat(failed.data().get("error").get("code").asString()).isEqualTo("TIMED_OUT");
            assertThat(failed.data().get("status").asString()).isEqualTo("FAILED");
            assertThat(failed.data().get("labels").get("run").asString()).isEqualTo(run);
            // every event has an id, and ids grow in the order the events come
            List<Long> ids = events.stream().map(e -> Long.parseLong(e.id().substring(e.id().lastIndexOf('-') + 1))).toList();
            assertThat(ids).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsWhatItMissed() throws Exception {
        String lastSeen;
        try (EventStream stream = subscribe()) {
            String first = admin.submit(sleep("1ms"));
            lastSeen = stream.until(event -> event.jobId().equals(first) && event.event().equals("succeeded"), WAIT)
                    .getLast().id();
        }
        String missed = admin.submit(sleep("1ms"));
        admin.await(missed, WAIT);

        try (EventStream again = EventStream.open(port, "/api/v1/events?label=run:" + run, Api.ADMIN_KEY, lastSeen)) {
            List<EventStream.Sse> replayed = again.until(event -> event.event().equals("succeeded"), WAIT);
            assertThat(replayed).extracting(EventStream.Sse::jobId).containsOnly(missed);
            assertThat(replayed).extracting(EventStream.Sse::event).containsExactly("submitted", "started", "succeeded");
        }
        // an id this replica never gave (another replica's, or from before a restart): reload, then go on
        try (EventStream unknown = EventStream.open(port, "/api/v1/events?label=run:" + run, Api.ADMIN_KEY, "zz0000-42")) {
            EventStream.Sse reset = unknown.next(WAIT);
            assertThat(reset.event()).isEqualTo("reset");
            assertThat(reset.id()).isNotBlank();
            assertThat(reset.data().get("reason").asString()).contains("Last-Event-ID");
            String after = admin.submit(sleep("1ms"));
            assertThat(unknown.until(event -> event.event().equals("succeeded"), WAIT))
                    .extracting(EventStream.Sse::jobId).containsOnly(after);
        }
    }

    @Test
    void aJobsStreamEndsWhenTheJobEnds() throws Exception {
        String id = admin.submit(sleep("300ms"));
        try (EventStream stream = EventStream.open(port, "/api/v1/jobs/" + id + "/events")) {
            assertThat(stream.status).isEqualTo(200);
            List<EventStream.Sse> events = stream.toEnd(WAIT);
            assertThat(events.getLast().event()).isEqualTo("succeeded");
            assertThat(events).extracting(EventStream.Sse::jobId).containsOnly(id);
        }
        // one that has ended already: its last event, and the end
        try (EventStream stream = EventStream.open(port, "/api/v1/jobs/" + id + "/events")) {
            assertThat(stream.toEnd(WAIT)).extracting(EventStream.Sse::event).containsExactly("succeeded");
        }
        assertThat(EventStream.open(port, "/api/v1/jobs/" + UUID.randomUUID() + "/events").status).isEqualTo(404);
    }

    @Test
    void idleStreamsGetHeartbeats() throws Exception {
        try (EventStream stream = subscribe()) {
            await().atMost(WAIT).until(() -> stream.comments() >= 3); // the opening comment and two heartbeats
            assertThat(stream.ended()).isFalse();
        }
    }

    @Test
    void aMapJobsProgressIsCoalesced() throws Exception {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            items.append(i == 0 ? "" : ",").append("{\"duration\":\"20ms\"}");
        }
        try (EventStream stream = subscribe()) {
            String id = admin.submit("{\"type\":\"sleep\",\"items\":[" + items + "],\"chunkSize\":1,"
                    + "\"labels\":{\"run\":\"" + run + "\"}}");
            List<EventStream.Sse> events = stream.until(event -> event.event().equals("succeeded"), WAIT);
            List<Integer> progress = events.stream().filter(event -> event.event().equals("progress"))
                    .map(event -> event.data().get("progress").get("done").asInt()).toList();
            assertThat(events).extracting(EventStream.Sse::jobId).containsOnly(id);
            // 200 items over about a second: a few progress events, not 200
            assertThat(progress).as("progress events").isNotEmpty().hasSizeLessThan(20).isSorted();
            assertThat(events.getLast().data().get("progress").get("total").asInt()).isEqualTo(200);
        }
    }

    @Test
    void aSubscriberThatNeverReadsIsDroppedWhileJobsKeepRunning() throws Exception {
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress("localhost", port));
            stalled.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + Api.ADMIN_KEY + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            await().atMost(WAIT).until(() -> metric("jobpool.events.subscribers") >= 1);
            double droppedBefore = metric("jobpool.events.subscribers.dropped");

            // hundreds of events while it reads none: jobs run as fast as ever, and the subscriber is dropped
            List<String> ids = new ArrayList<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
                List<Future<String>> submitted = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    submitted.add(clients.submit(() -> admin.submit(sleep("1ms"))));
                }
                for (Future<String> id : submitted) {
                    ids.add(id.get());
                }
            }
            for (String id : ids) {
                assertThat(admin.await(id, WAIT).get("status").asString()).isEqualTo("SUCCEEDED");
            }
            await().atMost(WAIT).until(() -> metric("jobpool.events.subscribers.dropped") > droppedBefore);

            // when it reads at last, it finds what fitted in the socket buffers, then reset, then the end
            stalled.setSoTimeout((int) WAIT.toMillis());
            String text = readAll(stalled.getInputStream());
            assertThat(text).contains("event: reset").contains("fell more than 16 events behind");
            assertThat(text.indexOf("event: reset")).isGreaterThan(text.lastIndexOf("event: succeeded"));
        }
    }

    @Test
    void tenantsSeeOnlyTheirOwnJobsEvents() throws Exception {
        String keyA = key("tenant-a");
        String keyB = key("tenant-b");
        Api a = admin.withToken(keyA);
        Api b = admin.withToken(keyB);
        try (EventStream streamB = EventStream.open(port, "/api/v1/events", keyB, null);
                EventStream everything = EventStream.open(port, "/api/v1/events?tenant=tenant-a", Api.ADMIN_KEY, null)) {
            String jobA = a.submit(sleep("1ms"));
            String jobB = b.submit(sleep("50ms"));
            everything.until(event -> event.jobId().equals(jobA) && event.event().equals("succeeded"), WAIT);
            a.await(jobA, WAIT);
            List<EventStream.Sse> seenByB = streamB.until(event -> event.jobId().equals(jobB)
                    && event.event().equals("succeeded"), WAIT);
            assertThat(seenByB).extracting(EventStream.Sse::jobId).doesNotContain(jobA);
            assertThat(seenByB).allSatisfy(event -> assertThat(event.data().get("tenant").asString()).isEqualTo("tenant-b"));
            assertThat(streamB.received()).extracting(EventStream.Sse::jobId).doesNotContain(jobA);
            // nor through one job's stream, nor by asking for another tenant
            assertThat(EventStream.open(port, "/api/v1/jobs/" + jobA + "/events", keyB, null).status).isEqualTo(404);
            assertThat(EventStream.open(port, "/api/v1/events?tenant=tenant-a", keyB, null).status).isEqualTo(403);
        }
        // the read role is needed
        String submitOnly = key("tenant-a", "\"submit\"");
        assertThat(EventStream.open(port, "/api/v1/events", submitOnly, null).status).isEqualTo(403);
        assertThat(EventStream.open(port, "/api/v1/events", "jp_nonsense", null).status).isEqualTo(401);
    }

    @Test
    void badFiltersAreProblems() throws Exception {
        for (String query : List.of("pool=gpu", "label=team", "event=exploded", "jobId=nope")) {
            try (EventStream stream = EventStream.open(port, "/api/v1/events?" + query)) {
                assertThat(stream.status).as(query).isEqualTo(400);
                assertThat(stream.contentType).as(query).isEqualTo("application/problem+json");
            }
        }
    }

    private String key(String tenant) {
        return key(tenant, "\"submit\",\"read\"");
    }

    private String key(String tenant, String roles) {
        Api.Response created = admin.post("/api/v1/api-keys", "{\"tenant\":\"" + tenant + "\",\"roles\":[" + roles + "]}");
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("key").asString();
    }

    private double metric(String name) {
        Api.Response response = admin.get("/actuator/metrics/" + name);
        return response.status() == 200 ? response.json().get("measurements").get(0).get("value").asDouble() : 0;
    }

    private static String readAll(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        in.transferTo(read);
        return read.toString(StandardCharsets.UTF_8);
    }
}
