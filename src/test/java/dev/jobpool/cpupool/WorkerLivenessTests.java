package dev.jobpool.cpupool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import dev.jobpool.JobpoolApplication;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Real worker JVMs that stop answering, or keep too much heap: each is replaced, and only those. */
class WorkerLivenessTests {

    @Test
    void anIdleWorkerThatStopsAnsweringPingIsReplaced() throws Exception {
        ConfigurableApplicationContext context = SpringApplication.run(JobpoolApplication.class, "--server.port=0",
                "--jobpool.cpu.workers=1", "--jobpool.cpu.ping-interval=100ms", "--jobpool.cpu.ping-timeout=2s");
        try {
            Api api = api(context);
            long pid = workerPid(api);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                    .alias("a worker that answers PING stays").until(() -> workerPid(api) == pid);

            signal("STOP", pid); // frozen: alive, its socket open, but nothing answers

            await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            await().atMost(Duration.ofSeconds(20)).until(() -> workerPid(api) != pid && workerPid(api) != -1);
            JsonNode job = api.await(api.submit("{\"type\":\"square\",\"input\":7}"), Duration.ofSeconds(20));
            assertThat(job.get("result").asLong()).isEqualTo(49);
            assertThat(api.get("/actuator/prometheus").text()).containsPattern(
                    Pattern.compile("jobpool_workers_restarts_total\\{[^}]*reason=\"unresponsive\"[^}]*} 1.0"));
        } finally {
            context.close();
        }
    }

    @Test
    void aWorkerWhoseHeapStaysAboveTheLimitAfterAJobIsRecycledAndGarbageIsNoReason() {
        ConfigurableApplicationContext context = SpringApplication.run(JobpoolApplication.class, "--server.port=0",
                "--jobpool.cpu.workers=1", "--jobpool.cpu.worker-heap=128MB", "--jobpool.cpu.worker-heap-recycle=40MB");
        try {
            Api api = api(context);
            long pid = workerPid(api);
            JsonNode garbage = api.await(api.submit("{\"type\":\"test.hoard\",\"input\":{\"keepMb\":0,\"garbageMb\":300}}"),
                    Duration.ofSeconds(20));
            assertThat(garbage.get("status").asString()).isEqualTo("SUCCEEDED");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .alias("garbage a GC frees keeps the worker").until(() -> workerPid(api) == pid);

            JsonNode leak = api.await(api.submit("{\"type\":\"test.hoard\",\"input\":{\"keepMb\":60,\"garbageMb\":0}}"),
                    Duration.ofSeconds(20));
            assertThat(leak.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(leak.get("result").asInt()).isEqualTo(60);

            await().atMost(Duration.ofSeconds(20)).until(() -> workerPid(api) != pid && workerPid(api) != -1);
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            JsonNode fresh = api.await(api.submit("{\"type\":\"test.hoard\",\"input\":{\"keepMb\":1,\"garbageMb\":0}}"),
                    Duration.ofSeconds(20));
            assertThat(fresh.get("result").asInt()).as("the successor starts with an empty heap").isEqualTo(1);
            assertThat(api.get("/actuator/prometheus").text()).containsPattern(
                    Pattern.compile("jobpool_workers_restarts_total\\{[^}]*reason=\"heap\"[^}]*} 1.0"));
        } finally {
            context.close();
        }
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static long workerPid(Api api) {
        JsonNode workers = api.pool("cpu").path("workers"); // absent while the slot has no worker
        return workers.isEmpty() ? -1 : workers.get(0).get("pid").asLong();
    }

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor()).isZero();
    }
}
