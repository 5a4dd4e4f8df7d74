package dev.jobpool.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Tenants share the pools over real HTTP: a backlog of one does not starve another, a quota caps what one
 * may queue, a ceiling caps what one may run. The I/O pool runs two jobs at once here, so a backlog forms.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jobpool.io.max-concurrency=2",
        "jobpool.tenants.named.capped.max-queued=3",
        "jobpool.tenants.named.one-at-a-time.max-running.io=1"})
class TenantSharesTests {

    @LocalServerPort
    int port;

    private Api as(String tenant) {
        Api admin = new Api(port);
        Api.Response created = admin.post("/api/v1/api-keys", "{\"tenant\":\"" + tenant + "\",\"roles\":[\"submit\",\"read\"]}");
        assertThat(created.status()).isEqualTo(201);
        return admin.withToken(created.json().get("key").asString());
    }

    @Test
    void aTenantsTenJobsStartBeforeAnotherTenantsBacklogOfTenThousandDrains() throws Exception {
        Api a = as("big");
        Api b = as("small");
        Api admin = new Api(port);
        String job = "{\"type\":\"sleep\",\"input\":{\"duration\":\"50ms\"}}";
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                submitted.add(clients.submit(() -> a.submit(job)));
            }
            for (Future<String> id : submitted) {
                id.get();
            }
        }
        List<String> small = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            small.add(b.submit(job));
        }
        Instant lastSmallStart = Instant.MIN;
        for (String id : small) {
            JsonNode ended = b.await(id, Duration.ofSeconds(30));
            assertThat(ended.get("status").asString()).isEqualTo("SUCCEEDED");
            Instant started = Instant.parse(ended.get("startedAt").asString());
            lastSmallStart = started.isAfter(lastSmallStart) ? started : lastSmallStart;
        }
        // every one of B's jobs started while thousands of A's, submitted before them, still waited
        int stillQueued = admin.pool("io").get("queued").asInt();
        assertThat(stillQueued).as("A's jobs still queued when B's had all run").isGreaterThan(5_000);
        JsonNode aStartedAfter = admin.get("/api/v1/jobs?tenant=big&status=SUCCEEDED&limit=1").json().get("jobs");
        assertThat(aStartedAfter).isNotEmpty();
    }

    @Test
    void aTenantsQuotaOfQueuedJobsIs429ForItAloneWithRetryAfter() {
        Api capped = as("capped");
        Api other = as("uncapped");
        String later = "{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"},\"delay\":\"1h\"}";
        for (int i = 0; i < 3; i++) {
            capped.submit(later);
        }
        Api.Response refused = capped.post("/api/v1/jobs", later);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("/tenant-quota");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(other.post("/api/v1/jobs", later).status()).isEqualTo(202);
    }

    @Test
    void aTenantAtItsCeilingRunsOneJobAtATimeWhileOthersRun() {
        Api limited = as("one-at-a-time");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(limited.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"300ms\"}}"));
        }
        int mostRunning = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            int running = 0;
            int ended = 0;
            for (String id : ids) {
                String status = limited.get("/api/v1/jobs/" + id).json().get("status").asString();
                running += status.equals("RUNNING") ? 1 : 0;
                ended += status.equals("SUCCEEDED") ? 1 : 0;
            }
            mostRunning = Math.max(mostRunning, running);
            if (ended == ids.size()) {
                break;
            }
        }
        assertThat(mostRunning).isEqualTo(1);
        await().atMost(Duration.ofSeconds(1)).until(() -> ids.stream()
                .allMatch(id -> limited.get("/api/v1/jobs/" + id).json().get("status").asString().equals("SUCCEEDED")));
    }
}
