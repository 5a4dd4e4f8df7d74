package dev.jobpool.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/overview} over real HTTP, as the dashboard asks for it: a tenant's submissions, endings, queue
 * and running jobs show in the latest steps, and no other tenant's; only an admin sees the workers and replicas.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "jobpool.cpu.workers=1")
class OverviewApiTests {

    private static final String QUICK = "{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"}}";
    private static final String TIMES_OUT = "{\"type\":\"sleep\",\"input\":{\"duration\":\"1m\"},\"timeout\":\"100ms\","
            + "\"maxAttempts\":1}";
    private static final String LATER = "{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"},\"delay\":\"1h\"}";
    private static final String LONG = "{\"type\":\"sleep\",\"input\":{\"duration\":\"1m\"}}";

    @LocalServerPort
    int port;

    Api admin;

    @BeforeEach
    void connect() {
        admin = new Api(port);
    }

    private Api tenant(String tenant) {
        Api.Response created = admin.post("/api/v1/api-keys", "{\"tenant\":\"" + tenant + "\",\"roles\":[\"submit\",\"read\"]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return admin.withToken(created.json().get("key").asString());
    }

    /** Jobs in the window: a series of per-second rates, summed, times the step. */
    private static long jobs(JsonNode rates) {
        double sum = 0;
        for (JsonNode rate : rates) {
            sum += rate.isNull() ? 0 : rate.asDouble();
        }
        return Math.round(sum * 5);
    }

    private static boolean anyNumber(JsonNode series) {
        for (JsonNode value : series) {
            if (!value.isNull()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aTenantsOverviewCountsItsOwnJobsOnly() {
        String run = Long.toString(System.nanoTime(), 36);
        Api a = tenant("ov-a-" + run);
        Api b = tenant("ov-b-" + run);
        List<String> ended = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ended.add(a.submit(QUICK));
        }
        String failing = a.submit(TIMES_OUT);
        for (int i = 0; i < 3; i++) {
            a.submit(LATER);
        }
        String running = a.submit(LONG);
        ended.forEach(id -> assertThat(a.await(id, Duration.ofSeconds(20)).get("status").asString()).isEqualTo("SUCCEEDED"));
        assertThat(a.await(failing, Duration.ofSeconds(20)).get("status").asString()).isEqualTo("FAILED");

        // the queue is sampled once a step (5 s), the events counted as they come
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode overview = a.get("/api/v1/overview").json();
            JsonNode series = overview.get("series");
            assertThat(jobs(series.get("submitted"))).isEqualTo(10);
            assertThat(jobs(series.get("completed"))).isEqualTo(5);
            assertThat(jobs(series.get("failed"))).isEqualTo(1);
            assertThat(overview.get("now").get("queued").get("io").asInt()).isEqualTo(3);
            assertThat(overview.get("now").get("running").get("io").asInt()).isEqualTo(1);
            assertThat(overview.get("now").get("queued").get("cpu").asInt()).isZero();
        });
        JsonNode overview = a.get("/api/v1/overview").json();
        assertThat(overview.get("window").asString()).isEqualTo("PT15M");
        assertThat(overview.get("step").asString()).isEqualTo("PT5S");
        JsonNode series = overview.get("series");
        assertThat(series.get("time")).hasSize(180);
        assertThat(series.get("time").get(179).asLong() - series.get("time").get(0).asLong()).isEqualTo(179 * 5000L);
        assertThat(series.get("submitted")).hasSize(180);
        assertThat(series.get("queued").get("io")).hasSize(180);
        assertThat(anyNumber(series.get("waitP50"))).isTrue();
        assertThat(anyNumber(series.get("runP99"))).as("the timed-out job ran ~100ms").isTrue();
        assertThat(overview.has("workers")).as("for an admin only").isFalse();
        assertThat(overview.has("replicas")).isFalse();

        JsonNode others = b.get("/api/v1/overview").json();
        assertThat(jobs(others.get("series").get("submitted"))).isZero();
        assertThat(jobs(others.get("series").get("completed"))).isZero();
        assertThat(others.get("now").get("queued").get("io").asInt()).isZero();
        assertThat(others.get("now").get("running").get("io").asInt()).isZero();
        assertThat(anyNumber(others.get("series").get("waitP50"))).isFalse();
        assertThat(b.get("/api/v1/overview?tenant=ov-a-" + run).status()).isEqualTo(403);

        JsonNode asAdmin = admin.get("/api/v1/overview?tenant=ov-a-" + run).json();
        assertThat(jobs(asAdmin.get("series").get("submitted"))).isEqualTo(10);
        assertThat(asAdmin.get("workers")).hasSize(1);
        assertThat(asAdmin.get("workers").get(0).get("pid").asLong()).isPositive();
        assertThat(asAdmin.get("replicas")).hasSize(1);
        assertThat(asAdmin.get("replicas").get(0).get("lastHeartbeat").asString()).isNotBlank();
        JsonNode everyone = admin.get("/api/v1/overview").json();
        assertThat(jobs(everyone.get("series").get("submitted"))).isGreaterThanOrEqualTo(10);
        assertThat(everyone.get("now").get("queued").get("io").asInt()).isGreaterThanOrEqualTo(3);

        assertThat(a.post("/api/v1/jobs/" + running + "/cancel", "").status()).isEqualTo(200);
    }

    @Test
    void aReaderMayAskAndAnyoneElseIsRefused() {
        Api.Response created = admin.post("/api/v1/api-keys", "{\"tenant\":\"ov-submit\",\"roles\":[\"submit\"]}");
        Api submitter = admin.withToken(created.json().get("key").asString());
        assertThat(submitter.get("/api/v1/overview").status()).isEqualTo(403);
        assertThat(admin.withToken(null).get("/api/v1/overview").status()).isEqualTo(401);
        assertThat(admin.get("/api/v1/overview").status()).isEqualTo(200);
    }
}
