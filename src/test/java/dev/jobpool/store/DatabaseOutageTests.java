package dev.jobpool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import dev.jobpool.ServiceProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The database becomes unreachable mid-load (every connection dropped, new ones refused) and comes back:
 * meanwhile the replica is not ready and answers submissions with 503; afterwards every accepted job ends,
 * and no job ever ran two attempts at the same time.
 */
class DatabaseOutageTests {

    @TempDir
    Path folder;

    @Test
    void acceptedJobsAllFinishAfterTheDatabaseComesBack() throws Exception {
        Path executions = folder.resolve("executions.log");
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        TcpProxy network = new TcpProxy(postgres.getPort());
        String url = "jdbc:postgresql://127.0.0.1:" + network.port() + "/postgres?user=postgres";
        List<String> accepted = new ArrayList<>();
        try (ServiceProcess service = ServiceProcess.start(folder.resolve("service.log"), "--spring.datasource.url=" + url,
                "--jobpool.store.lease=3s", "--jobpool.store.heartbeat=500ms", "--jobpool.io.max-concurrency=8")) {
            Api api = service.api();
            for (int i = 0; i < 40; i++) {
                accepted.add(api.submit("{\"type\":\"test.record\",\"maxAttempts\":5,\"input\":{\"log\":\"" + executions
                        + "\",\"sleepMillis\":300}}"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> lines(executions).stream().anyMatch(l -> l.startsWith("end ")));
            network.cut();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Api.Response refused = api.post("/api/v1/jobs", "{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"}}");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isNotNull();
                assertThat(refused.json().get("type").asString()).isEqualTo("https://jobpool.dev/problems/store-unavailable");
                assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(503);
                // a key of the store's (not the configured one) cannot be checked either: 503, not 500
                Api.Response unchecked = api.withToken("jp_" + "k".repeat(16) + "_" + "s".repeat(43)).get("/api/v1/jobs");
                assertThat(unchecked.status()).isEqualTo(503);
                assertThat(unchecked.json().get("type").asString()).isEqualTo("https://jobpool.dev/problems/store-unavailable");
            });

            network.restore();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/actuator/health/readiness").status() == 200);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                List<String> log = Files.readAllLines(folder.resolve("service.log"));
                log.subList(Math.max(0, log.size() - 60), log.size()).forEach(System.err::println);
                throw e;
            }
            for (String id : accepted) {
                JsonNode job = api.await(id, Duration.ofSeconds(60));
                assertThat(job.get("status").asString()).as("job %s", id).isEqualTo("SUCCEEDED");
            }
        } finally {
            network.close();
            postgres.close();
        }
        assertNoTwoAttemptsOverlapped(lines(executions));
    }

    /** Every attempt's start and end, per job: an attempt starts only after the one before it ended or was abandoned. */
    private static void assertNoTwoAttemptsOverlapped(List<String> lines) {
        Map<String, Integer> running = new HashMap<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            String job = fields[1];
            int attempt = Integer.parseInt(fields[2]);
            if (fields[0].equals("start")) {
                Integer other = running.put(job, attempt);
                assertThat(other == null || other < attempt).as("attempt %d of %s started while %d ran", attempt, job, other)
                        .isTrue();
            } else {
                running.remove(job, attempt);
            }
        }
    }

    private static List<String> lines(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
