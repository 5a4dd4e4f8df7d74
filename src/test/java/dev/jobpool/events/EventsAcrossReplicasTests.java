package dev.jobpool.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import dev.jobpool.ServiceProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas on one PostgreSQL: a subscriber of either sees the events of jobs submitted to, run by and
 * cancelled through either, each job's in the order of its life.
 */
class EventsAcrossReplicasTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int JOBS = 20;

    @TempDir
    Path folder;

    @Test
    void everySubscriberSeesEveryReplicasEventsInOrderPerJob() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String[] settings = {"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--jobpool.store.heartbeat=500ms"};
            try (ServiceProcess first = ServiceProcess.start(folder.resolve("replica-0.log"), settings);
                    ServiceProcess second = ServiceProcess.start(folder.resolve("replica-1.log"), settings)) {
                List<ServiceProcess> replicas = List.of(first, second);
                List<EventStream> streams = new ArrayList<>();
                try {
                    for (ServiceProcess replica : replicas) {
                        streams.add(EventStream.open(replica.port(), "/api/v1/events?label=run:replicas"));
                    }
                    Set<String> jobs = new HashSet<>();
                    for (int i = 0; i < JOBS; i++) {
                        jobs.add(replicas.get(i % 2).api().submit(
                                "{\"type\":\"sleep\",\"input\":{\"duration\":\"20ms\"},\"labels\":{\"run\":\"replicas\"}}"));
                    }
                    // submitted through one, cancelled through the other
                    Api api = first.api();
                    String cancelled = api.submit(
                            "{\"type\":\"sleep\",\"input\":{\"duration\":\"60s\"},\"labels\":{\"run\":\"replicas\"}}");
                    await().atMost(WAIT).until(() ->
                            api.get("/api/v1/jobs/" + cancelled).json().get("status").asString().equals("RUNNING"));
                    assertThat(second.api().post("/api/v1/jobs/" + cancelled + "/cancel", "").status()).isEqualTo(200);

                    for (EventStream stream : streams) {
                        Map<String, List<String>> byJob = new HashMap<>();
                        Set<String> ended = new HashSet<>();
                        while (ended.size() < JOBS + 1) {
                            EventStream.Sse event = stream.next(WAIT);
                            byJob.computeIfAbsent(event.jobId(), id -> new ArrayList<>()).add(event.event());
                            if (List.of("succeeded", "cancelled").contains(event.event())) {
                                ended.add(event.jobId());
                            }
                        }
                        Set<String> all = new HashSet<>(jobs);
                        all.add(cancelled);
                        assertThat(byJob.keySet()).isEqualTo(all);
                        jobs.forEach(job -> assertThat(byJob.get(job)).as("job %s", job)
                                .containsExactly("submitted", "started", "succeeded"));
                        assertThat(byJob.get(cancelled)).containsExactly("submitted", "started", "cancelled");
                    }
                } finally {
                    streams.forEach(EventStream::close);
                }
            }
        }
    }
}
