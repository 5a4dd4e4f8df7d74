package dev.jobpool.iopool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A tiny I/O pool: one slot and room for two queued jobs. The job holding the slot sleeps a minute and is
 * cancelled when the test is done with it, so no check depends on how fast a busy machine runs the rest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"jobpool.io.max-concurrency=1", "jobpool.io.queue-capacity=2"})
class QueueLimitsTests {

    private static final String BLOCKER = "{\"type\":\"sleep\",\"input\":{\"duration\":\"60s\"}}";

    @LocalServerPort
    int port;

    @Test
    void runsNoMoreThanMaxConcurrencyAndAnswers429WhenTheQueueIsFull() {
        Api api = new Api(port);
        String spec = "{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"}}";
        String running = api.submit(BLOCKER);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.get("/api/v1/jobs/" + running).json().get("status").asString().equals("RUNNING"));
        String queued1 = api.submit(spec);
        String queued2 = api.submit(spec);

        JsonNode pool = api.get("/api/v1/pools").json().get(0);
        assertThat(pool.get("busy").asInt()).isEqualTo(1);
        assertThat(pool.get("running").asInt()).isEqualTo(1);
        assertThat(pool.get("queued").asInt()).isEqualTo(2);

        double rejectedBefore = rejected(api);
        Api.Response refused = api.post("/api/v1/jobs", spec);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.json().get("type").asString()).isEqualTo("https://jobpool.dev/problems/queue-full");
        assertThat(refused.json().get("detail").asString()).contains("jobpool.io.queue-capacity");

        cancel(api, running);
        for (String id : List.of(queued1, queued2)) {
            assertThat(api.await(id, Duration.ofSeconds(20)).get("status").asString()).isEqualTo("SUCCEEDED");
        }
        assertThat(rejected(api)).isEqualTo(rejectedBefore + 1);
    }

    private static void cancel(Api api, String id) {
        assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(200);
    }

    private static double rejected(Api api) {
        var metric = java.util.regex.Pattern.compile(
                "jobpool_jobs_rejected_total\\{application=\"jobpool\",pool=\"io\",reason=\"queue_full\"} ([0-9.]+)")
                .matcher(api.get("/actuator/prometheus").text());
        return metric.find() ? Double.parseDouble(metric.group(1)) : 0;
    }

    @Test
    void aFloodOfConcurrentSubmissionsNeverQueuesMoreThanTheCapacity() throws Exception {
        Api api = new Api(port);
        String blocker = api.submit(BLOCKER);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.get("/api/v1/jobs/" + blocker).json().get("status").asString().equals("RUNNING"));
        List<Api.Response> answers;
        try (var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var submissions = java.util.stream.IntStream.range(0, 50).mapToObj(i -> clients.submit(() ->
                    api.post("/api/v1/jobs", "{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"}}"))).toList();
            answers = new java.util.ArrayList<>();
            for (var submission : submissions) {
                answers.add(submission.get());
            }
        }
        assertThat(answers).filteredOn(answer -> answer.status() == 202).hasSize(2);
        assertThat(answers).filteredOn(answer -> answer.status() == 429).hasSize(48);
        assertThat(api.get("/api/v1/pools").json().get(0).get("queued").asInt()).isEqualTo(2);
        cancel(api, blocker);
        for (Api.Response accepted : answers.stream().filter(answer -> answer.status() == 202).toList()) {
            api.await(accepted.json().get("id").asString(), Duration.ofSeconds(20));
        }
    }

    @Test
    void higherPriorityJobsStartFirst() {
        Api api = new Api(port);
        String blocker = api.submit(BLOCKER);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.get("/api/v1/jobs/" + blocker).json().get("status").asString().equals("RUNNING"));
        String low = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"},\"priority\":-5}");
        String high = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"},\"priority\":5}");
        cancel(api, blocker);

        JsonNode lowJob = api.await(low, Duration.ofSeconds(20));
        JsonNode highJob = api.await(high, Duration.ofSeconds(20));
        assertThat(Instant.parse(highJob.get("startedAt").asString()))
                .isBefore(Instant.parse(lowJob.get("startedAt").asString()));
    }
}
