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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three replicas on loopback sharing one PostgreSQL: they split the work, a long-poll and a cancel work from
 * any replica, and when one is killed mid-load its running jobs are rescued and every accepted job ends, none
 * run twice at the same time.
 */
class ReplicasTests {

    private static final int JOBS = 10_000;

    @TempDir
    Path folder;

    @Test
    void replicasShareTheQueueAndSurviveTheLossOfOne() throws Exception {
        Path executions = folder.resolve("executions.log");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String[] settings = {"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--jobpool.store.lease=3s", "--jobpool.store.heartbeat=500ms", "--jobpool.io.max-concurrency=50"};
            List<ServiceProcess> replicas = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    replicas.add(ServiceProcess.start(folder.resolve("replica-" + i + ".log"), settings));
                }
                assertThat(replicas.getFirst().api().get("/api/v1/store").json().get("nodes")).hasSize(3);

                cancelAndLongPollAcrossReplicas(replicas, executions);

                List<String> accepted = submitMixedJobs(replicas, executions);
                ServiceProcess victim = replicas.get(2);
                await().atMost(Duration.ofSeconds(60)).until(() -> lines(executions).stream()
                        .filter(line -> line.startsWith("end ")).count() > JOBS / 4);
                victim.kill();

                Api survivor = replicas.getFirst().api();
                for (String id : accepted) {
                    JsonNode job = survivor.await(id, Duration.ofSeconds(60));
                    assertThat(job.get("status").asString()).as("job %s", id).isEqualTo("SUCCEEDED");
                }
                Map<String, List<String[]>> byJob = lines(executions).stream().filter(line -> line.startsWith("end "))
                        .map(line -> line.split(" ")).collect(Collectors.groupingBy(fields -> fields[1]));
                assertThat(byJob.keySet()).containsAll(accepted);
                byJob.forEach((job, ends) -> assertThat(ends.stream().map(fields -> fields[2]))
                        .as("no attempt of job %s ran twice", job).doesNotHaveDuplicates());
                long ranOnAllThree = lines(executions).stream().filter(line -> line.startsWith("start "))
                        .map(line -> line.split(" ")[3]).distinct().count();
                assertThat(ranOnAllThree).as("processes that ran jobs (replicas and their workers)").isGreaterThanOrEqualTo(3);
                assertThat(survivor.get("/api/v1/jobs?status=RUNNING").json().get("jobs")).isEmpty();
            } finally {
                for (ServiceProcess replica : replicas) {
                    replica.close();
                }
            }
        }
    }

    /** A job submitted to one replica, long-polled on another, cancelled through a third that does not run it. */
    private void cancelAndLongPollAcrossReplicas(List<ServiceProcess> replicas, Path executions) throws Exception {
        String id = replicas.get(0).api().submit(
                "{\"type\":\"test.record\",\"input\":{\"log\":\"" + executions + "\",\"sleepMillis\":60000}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(executions).stream().anyMatch(line -> line.contains(id)));
        long runner = Long.parseLong(lines(executions).stream().filter(line -> line.contains(id)).findFirst()
                .orElseThrow().split(" ")[3]);
        List<ServiceProcess> others = replicas.stream().filter(replica -> replica.pid() != runner).toList();
        try (ExecutorService poll = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<JsonNode> longPoll = poll.submit(() -> others.get(0).api().await(id, Duration.ofSeconds(30)));
            assertThat(others.get(1).api().post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(200);
            assertThat(longPoll.get().get("status").asString()).isEqualTo("CANCELLED");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(replicas.stream().filter(replica -> replica.pid() == runner).findFirst().orElseThrow().api()
                        .pool("io").get("busy").asInt()).isZero());
        assertThat(lines(executions)).noneMatch(line -> line.startsWith("end " + id));
    }

    /** Submits the load round-robin to the replicas, from 32 clients; half I/O, half CPU. */
    private List<String> submitMixedJobs(List<ServiceProcess> replicas, Path executions) throws Exception {
        List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        List<Api> apis = replicas.stream().map(ServiceProcess::api).toList();
        try (ExecutorService clients = Executors.newFixedThreadPool(32)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                Api api = apis.get(i % apis.size());
                String pool = i % 2 == 0 ? "io" : "cpu";
                String spec = "{\"type\":\"test.record\",\"pool\":\"" + pool + "\",\"maxAttempts\":3,"
                        + "\"input\":{\"log\":\"" + executions + "\",\"sleepMillis\":" + (i % 2 == 0 ? 20 : 1) + "}}";
                done.add(clients.submit(() -> accepted.add(api.submit(spec))));
            }
            for (Future<?> submitted : done) {
                submitted.get();
            }
        }
        return accepted;
    }

    private static List<String> lines(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
