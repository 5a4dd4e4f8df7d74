package dev.jobpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** SIGTERM's path: new jobs get 503 while the running one finishes and its result can still be read. */
class GracefulShutdownTests {

    @Test
    void refusesNewJobsAndLetsRunningOnesFinish() {
        ConfigurableApplicationContext context = SpringApplication.run(JobpoolApplication.class, "--server.port=0");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Api api = new Api(port);
        String id = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1500ms\"}}");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.get("/api/v1/jobs/" + id).json().get("status").asString().equals("RUNNING"));

        CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

        await().atMost(Duration.ofSeconds(5)).until(() ->
                api.post("/api/v1/jobs", "{\"type\":\"sleep\",\"input\":{\"duration\":\"1s\"}}").status() == 503);
        Api.Response refused = api.post("/api/v1/jobs", "{\"type\":\"sleep\",\"input\":{\"duration\":\"1s\"}}");
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(refused.json().get("type").asString()).isEqualTo("https://jobpool.dev/problems/shutting-down");

        JsonNode job = api.await(id, Duration.ofSeconds(10));
        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        closing.join();
        assertThat(context.isActive()).isFalse();
    }

    /**
     * Long jobs in both pools: the pools wait for them at the same time, so the service exits after one grace (plus
     * the moment workers take to leave), not after one grace per pool, which outlived Kubernetes' budget.
     */
    @Test
    void bothPoolsDrainAtOnceWithinOneGrace() {
        Duration grace = Duration.ofSeconds(3);
        ConfigurableApplicationContext context = SpringApplication.run(JobpoolApplication.class, "--server.port=0",
                "--jobpool.jobs.shutdown-grace=" + grace.toSeconds() + "s");
        Api api = new Api(((WebServerApplicationContext) context).getWebServer().getPort());
        String io = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"60s\"}}");
        String cpu = api.submit("{\"type\":\"spin\",\"input\":{\"duration\":\"60s\"}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> running(api, io) && running(api, cpu));

        long start = System.nanoTime();
        context.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("the pools waited for their running jobs").isGreaterThanOrEqualTo(grace);
        assertThat(took).as("one grace for both pools, not one each").isLessThan(grace.multipliedBy(2));
    }

    private static boolean running(Api api, String id) {
        return api.get("/api/v1/jobs/" + id).json().get("status").asString().equals("RUNNING");
    }
}
