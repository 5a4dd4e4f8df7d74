package dev.jobpool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import dev.jobpool.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A 202 means committed: kill -9 the service mid-load, start it again on the same embedded file, and every
 * accepted job ends; none is lost, none stays RUNNING.
 */
class CrashRecoveryTests {

    @TempDir
    Path folder;

    @Test
    void everyAcceptedJobEndsAfterAKillDashNine() throws Exception {
        Path log = folder.resolve("service.log");
        String[] settings = {"--jobpool.store.path=" + folder.resolve("jobs.db"), "--jobpool.io.max-concurrency=10"};
        List<String> accepted = new ArrayList<>();
        String cancelled;
        String succeeded;
        try (ServiceProcess service = ServiceProcess.start(log, settings)) {
            Api api = service.api();
            succeeded = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"}}");
            assertThat(api.await(succeeded, Duration.ofSeconds(10)).get("status").asString()).isEqualTo("SUCCEEDED");
            // the first ten fill the pool's ten slots for 5 s, so exactly they are running at the kill
            for (int i = 0; i < 60; i++) {
                String duration = i < 10 ? "5s" : "300ms";
                accepted.add(api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"" + duration + "\"},\"maxAttempts\":3}"));
            }
            cancelled = accepted.removeLast();
            assertThat(api.post("/api/v1/jobs/" + cancelled + "/cancel", "").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/jobs?status=RUNNING").json()
                    .get("jobs").size() == 10);
            service.kill();
        }

        try (ServiceProcess again = ServiceProcess.start(log, settings)) {
            Api api = again.api();
            for (String id : accepted) {
                JsonNode job = api.await(id, Duration.ofSeconds(30));
                assertThat(job.get("status").asString()).as("job %s", id).isEqualTo("SUCCEEDED");
            }
            assertThat(api.get("/api/v1/jobs?status=RUNNING").json().get("jobs")).isEmpty();
            assertThat(api.get("/api/v1/jobs?status=QUEUED").json().get("jobs")).isEmpty();
            assertThat(api.get("/api/v1/jobs/" + cancelled).json().get("status").asString()).isEqualTo("CANCELLED");
            assertThat(api.get("/api/v1/jobs/" + succeeded).json().get("result")).isNotNull();
            List<String> ranTwice = accepted.stream().filter(id -> api.get("/api/v1/jobs/" + id).json()
                    .get("attempts").asInt() == 2).toList();
            assertThat(ranTwice).as("the ten jobs running at the kill, and only they, ran again")
                    .containsExactlyInAnyOrderElementsOf(accepted.subList(0, 10));
        }
    }
}
