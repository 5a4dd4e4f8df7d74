package dev.jobpool.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The job API over real HTTP against a started service, with real virtual threads running real jobs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobApiTests {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void submitThenLongPollAnswersTheMomentTheJobEnds() {
        Api.Response submitted = api.post("/api/v1/jobs", "{\"type\":\"sleep\",\"input\":{\"duration\":\"300ms\"}}");
        assertThat(submitted.status()).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        assertThat(submitted.header("Location")).isEqualTo("/api/v1/jobs/" + id);
        assertThat(submitted.json().get("status").asString()).isIn("QUEUED", "RUNNING");

        long start = System.nanoTime();
        JsonNode job = api.await(id, Duration.ofSeconds(20));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("result").get("sleptMillis").asInt()).isEqualTo(300);
        assertThat(job.get("attempts").asInt()).isEqualTo(1);
        assertThat(job.get("progress").get("done").asInt()).isEqualTo(1);
        assertThat(job.get("startedAt").asString()).isNotBlank();
        assertThat(job.get("finishedAt").asString()).isNotBlank();
        assertThat(waited).as("the long-poll returns when the job ends, not when the wait runs out")
                .isLessThan(Duration.ofSeconds(10));
    }

    /** Spring flushes each body it writes; a small one still goes out whole, with its length (OneWriteResponseFilter). */
    @Test
    void aSmallJsonAnswerComesWithItsContentLengthNotChunked() {
        Api.Response submitted = api.post("/api/v1/jobs", "{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"}}");
        Api.Response refused = api.post("/api/v1/jobs", "{\"type\":\"no-such-type\"}");
        Api.Response listed = api.get("/api/v1/jobs?limit=1");

        for (Api.Response response : new Api.Response[] {submitted, refused, listed}) {
            assertThat(response.header("Transfer-Encoding")).as("%d %s", response.status(), response.text()).isNull();
            assertThat(response.header("Content-Length")).isEqualTo(
                    Integer.toString(response.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        }
        assertThat(refused.status()).isEqualTo(400);
    }

    @Test
    void aLongPollOnARunningJobReturnsItRunningWhenTheWaitRunsOut() {
        String id = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"30s\"}}");
        JsonNode job = api.get("/api/v1/jobs/" + id + "?wait=200ms").json();
        assertThat(job.get("status").asString()).isIn("QUEUED", "RUNNING");
        api.post("/api/v1/jobs/" + id + "/cancel", "");
    }

    @Test
    void cancellingARunningJobInterruptsItAndFreesItsSlot() {
        String id = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"5m\"}}");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.get("/api/v1/jobs/" + id).json().get("status").asString().equals("RUNNING"));

        Api.Response cancelled = api.post("/api/v1/jobs/" + id + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("error").get("code").asString()).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/api/v1/pools").json().get(0).get("busy").asInt() == 0);

        Api.Response again = api.post("/api/v1/jobs/" + id + "/cancel", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(again.json().get("type").asString()).isEqualTo("https://jobpool.dev/problems/job-conflict");
        assertThat(again.json().get("jobId").asString()).isEqualTo(id);
    }

    @Test
    void aJobPastItsTimeoutFailsWithTimedOut() {
        String id = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1m\"},\"timeout\":\"300ms\"}");
        JsonNode job = api.await(id, Duration.ofSeconds(20));
        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("error").get("code").asString()).isEqualTo("TIMED_OUT");
        assertThat(job.get("error").get("message").asString()).contains("300ms");
    }

    @Test
    void aRepeatWithTheSameIdempotencyKeyReturnsTheFirstJob() {
        String spec = "{\"type\":\"sleep\",\"input\":{\"duration\":\"10ms\"}}";
        Api.Response first = api.post("/api/v1/jobs", spec, "Idempotency-Key", "order-4711");
        Api.Response repeat = api.post("/api/v1/jobs", spec, "Idempotency-Key", "order-4711");
        Api.Response other = api.post("/api/v1/jobs", spec, "Idempotency-Key", "order-4712");

        assertThat(first.status()).isEqualTo(202);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(other.json().get("id")).isNotEqualTo(first.json().get("id"));
    }

    @Test
    void anIdempotencyKeyReusedWithADifferentBodyIs422AndCreatesNothing() {
        String spec = "{\"type\":\"sleep\",\"input\":{\"duration\":\"10ms\"},\"labels\":{\"a\":\"1\",\"b\":\"2\"}}";
        String sameReordered = "{\"labels\":{\"b\":\"2\",\"a\":\"1\"},\"input\":{\"duration\":\"10ms\"},\"type\":\"sleep\"}";
        Api.Response first = api.post("/api/v1/jobs", spec, "Idempotency-Key", "order-4713");
        Api.Response same = api.post("/api/v1/jobs", sameReordered, "Idempotency-Key", "order-4713");
        Api.Response different = api.post("/api/v1/jobs", spec.replace("10ms", "20ms"), "Idempotency-Key", "order-4713");

        assertThat(same.status()).as("the same request, properties in another order").isEqualTo(200);
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.header("Content-Type")).startsWith("application/problem+json");
        assertThat(different.json().get("type").asString()).isEqualTo("https://jobpool.dev/problems/idempotency-key-reused");
        assertThat(different.json().get("jobId")).isEqualTo(first.json().get("id"));
        assertThat(api.get("/api/v1/jobs/" + first.json().get("id").asString()).json().get("input").get("duration")
                .asString()).isEqualTo("10ms");
    }

    @Test
    void aDelayedJobWaitsQueuedWithItsRunAtThenRuns() {
        Api.Response submitted = api.post("/api/v1/jobs", "{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"},\"delay\":\"2s\"}");
        assertThat(submitted.status()).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        JsonNode waiting = api.get("/api/v1/jobs/" + id).json();
        assertThat(waiting.get("status").asString()).isEqualTo("QUEUED");
        java.time.Instant runAt = java.time.Instant.parse(waiting.get("runAt").asString());
        assertThat(runAt).isAfter(java.time.Instant.parse(waiting.get("createdAt").asString()).plusMillis(1900));

        JsonNode done = api.await(id, Duration.ofSeconds(20));
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(java.time.Instant.parse(done.get("startedAt").asString())).isAfterOrEqualTo(runAt);
        assertThat(done.has("runAt")).isFalse();
    }

    @Test
    void theStoreIsTheEmbeddedFileAndThisReplicaIsItsOnlyNode() {
        JsonNode store = api.get("/api/v1/store").json();
        assertThat(store.get("type").asString()).isEqualTo("sqlite");
        assertThat(store.get("reachable").asBoolean()).isTrue();
        assertThat(store.get("location").asString()).endsWith("jobpool.db");
        assertThat(store.get("nodes")).singleElement().satisfies(node -> assertThat(node.get("self").asBoolean()).isTrue());
    }

    @Test
    void thePoolsShowTheStoreTheirQueuesAreKeptIn() {
        JsonNode pools = api.get("/api/v1/pools").json();
        assertThat(pools).isNotEmpty().allSatisfy(pool -> {
            JsonNode store = pool.get("store");
            assertThat(store.get("type").asString()).isEqualTo("sqlite");
            assertThat(store.get("reachable").asBoolean()).isTrue();
            assertThat(store.get("latencyMillis").asDouble()).isPositive();
            assertThat(store.get("nodes")).singleElement().satisfies(node -> assertThat(node.get("self").asBoolean()).isTrue());
        });
    }

    @Test
    void anEndedJobCanBeDeletedButARunningOneCannot() {
        String id = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"300ms\"}}");
        assertThat(api.delete("/api/v1/jobs/" + id).status()).isEqualTo(409);
        api.await(id, Duration.ofSeconds(20));

        assertThat(api.delete("/api/v1/jobs/" + id).status()).isEqualTo(204);
        Api.Response gone = api.get("/api/v1/jobs/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("type").asString()).isEqualTo("https://jobpool.dev/problems/job-not-found");
    }

    @Test
    void listsNewestFirstWithFiltersAndACursor() {
        String label = "{\"run\":\"" + System.nanoTime() + "\"}";
        String a = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"},\"labels\":" + label + "}");
        String b = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"},\"labels\":" + label + "}");
        String c = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"},\"labels\":" + label + "}");
        api.await(a, Duration.ofSeconds(10));
        api.await(b, Duration.ofSeconds(10));
        api.await(c, Duration.ofSeconds(10));

        JsonNode first = api.get("/api/v1/jobs?type=sleep&status=succeeded&pool=io&limit=2").json();
        assertThat(first.get("jobs")).hasSize(2);
        assertThat(first.get("jobs").get(0).get("id").asString()).isEqualTo(c);
        assertThat(first.get("jobs").get(1).get("id").asString()).isEqualTo(b);
        JsonNode second = api.get("/api/v1/jobs?type=sleep&status=succeeded&limit=2&cursor="
                + first.get("nextCursor").asString()).json();
        assertThat(second.get("jobs").get(0).get("id").asString()).isEqualTo(a);

        Api.Response badFilter = api.get("/api/v1/jobs?status=DONE");
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
    }

    @Test
    void aMapOverTenThousandSleepItemsFinishesWithOutputsInItemOrder() {
        String items = IntStream.range(0, 10_000)
                .mapToObj(i -> "{\"duration\":\"" + (200 + i % 7 * 100) + "ms\"}")
                .collect(Collectors.joining(",", "[", "]"));
        String id = api.submit("{\"type\":\"sleep\",\"items\":" + items + "}");

        JsonNode job = api.await(id, Duration.ofSeconds(30));

        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("progress").get("done").asInt()).isEqualTo(10_000);
        assertThat(job.get("progress").get("total").asInt()).isEqualTo(10_000);
        JsonNode result = job.get("result");
        assertThat(result).hasSize(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(result.get(i).get("sleptMillis").asInt()).isEqualTo(200 + i % 7 * 100);
        }
    }

    @Test
    void anHttpJobToAPrivateAddressIsRefusedAndSaysWhichSettingAllowsIt() {
        String id = api.submit("{\"type\":\"http\",\"input\":{\"url\":\"http://127.0.0.1:" + port + "/actuator/health\"}}");
        JsonNode job = api.await(id, Duration.ofSeconds(20));
        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("error").get("code").asString()).isEqualTo("INVALID_INPUT");
        assertThat(job.get("error").get("message").asString())
                .contains("loopback").contains("jobpool.http.allow-private-networks=true");
    }

    @Test
    void aRefusedSubmissionStoresNothing() {
        int before = api.get("/api/v1/jobs?limit=1000").json().get("jobs").size();
        Api.Response refused = api.post("/api/v1/jobs", "{\"type\":\"sleep\",\"input\":{\"duration\":\"forever\"}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("input.duration");
        assertThat(api.get("/api/v1/jobs?limit=1000").json().get("jobs").size()).isEqualTo(before);
    }

    @Test
    void describesEveryJobTypeWithItsInputSchema() {
        JsonNode types = api.get("/api/v1/job-types").json();
        assertThat(types.findValuesAsString("name")).contains("sleep", "http");
        JsonNode sleep = types.get(0);
        assertThat(sleep.get("pool").asString()).isEqualTo("io");
        assertThat(sleep.get("inputSchema").get("required").get(0).asString()).isEqualTo("duration");
    }

    @Test
    void servesSwaggerUiAndTheOpenApiSpec() {
        JsonNode spec = api.get("/v3/api-docs").json();
        assertThat(spec.get("paths").propertyNames()).contains("/api/v1/jobs", "/api/v1/jobs/{id}",
                "/api/v1/jobs/{id}/cancel", "/api/v1/job-types", "/api/v1/pools");
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void exposesProbesAndJobMetersForPrometheus() {
        api.await(api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"}}"), Duration.ofSeconds(10));

        assertThat(api.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness").json().get("status").asString()).isEqualTo("UP");
        String metrics = api.get("/actuator/prometheus").text();
        assertThat(metrics)
                .contains("jobpool_jobs_submitted_total{application=\"jobpool\",pool=\"io\",type=\"sleep\"}")
                .contains("jobpool_jobs_completed_total{application=\"jobpool\",outcome=\"succeeded\",pool=\"io\",type=\"sleep\"}")
                .contains("jobpool_jobs_queued{application=\"jobpool\",pool=\"io\"}")
                .contains("jobpool_jobs_running{application=\"jobpool\",pool=\"io\"}")
                .contains("jobpool_jobs_wait_seconds_bucket")
                .contains("jobpool_jobs_run_seconds_bucket")
                .contains("jobpool_pool_slots{application=\"jobpool\",pool=\"io\"} 10000.0")
                .contains("http_server_requests_seconds")
                .contains("jvm_memory_used_bytes");
    }
}
