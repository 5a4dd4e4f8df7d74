package dev.jobpool.cpupool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import dev.jobpool.JobpoolApplication;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Workers come and go with the service: recycled without losing capacity, never left behind. */
class WorkerLifecycleTests {

    @Test
    void aClosedServiceLeavesNoWorkerBehind() {
        ConfigurableApplicationContext context = SpringApplication.run(JobpoolApplication.class, "--server.port=0",
                "--jobpool.cpu.workers=2");
        List<ProcessHandle> workers = context.getBean(CpuPool.class).workers().stream()
                .map(view -> ProcessHandle.of(view.pid()).orElseThrow()).toList();
        assertThat(workers).hasSize(2).allMatch(ProcessHandle::isAlive);

        context.close();

        assertThat(workers).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void workersOfAKilledServiceExitOnTheirOwn() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process service = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                JobpoolApplication.class.getName(), "--server.port=0", "--jobpool.cpu.workers=2")
                .redirectErrorStream(true).start();
        List<ProcessHandle> workers = new ArrayList<>();
        try (BufferedReader log = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = log.readLine()) != null && !line.contains("CPU pool warm")) {
                // wait for the workers
            }
            assertThat(line).as("the service started its workers").isNotNull();
            service.children().forEach(workers::add);
            assertThat(workers).hasSize(2);

            service.destroyForcibly(); // kill -9: no shutdown hook, no SHUTDOWN frame
            service.waitFor();

            await().atMost(Duration.ofSeconds(10)).until(() -> workers.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            service.destroyForcibly();
        }
    }

    @Test
    void aWorkerIsRecycledAfterItsJobsWithItsSuccessorStartedFirst() {
        ConfigurableApplicationContext context = SpringApplication.run(JobpoolApplication.class, "--server.port=0",
                "--jobpool.cpu.workers=1", "--jobpool.cpu.max-jobs-per-worker=2");
        try {
            Api api = new Api(((WebServerApplicationContext) context).getWebServer().getPort());
            long firstPid = cpuWorkers(api).get(0).get("pid").asLong();
            for (int i = 0; i < 2; i++) {
                JsonNode job = api.await(api.submit("{\"type\":\"square\",\"input\":" + i + "}"), Duration.ofSeconds(20));
                assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> cpuWorkers(api).get(0).get("pid").asLong() != firstPid);
            JsonNode successor = cpuWorkers(api).get(0);
            assertThat(successor.get("restarts").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(firstPid).map(p -> !p.isAlive()).orElse(true));
            assertThat(api.await(api.submit("{\"type\":\"square\",\"input\":5}"), Duration.ofSeconds(20)).get("result").asLong())
                    .isEqualTo(25);
            assertThat(api.get("/actuator/prometheus").text())
                    .containsPattern(Pattern.compile("jobpool_workers_restarts_total\\{[^}]*reason=\"recycled\"[^}]*} 1.0"))
                    .contains("jobpool_workers_spawn_seconds_count")
                    .contains("jobpool_workers{application=\"jobpool\",state=\"idle\"}");
        } finally {
            context.close();
        }
    }

    private static JsonNode cpuWorkers(Api api) {
        return api.pool("cpu").get("workers");
    }

}
