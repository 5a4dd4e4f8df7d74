package dev.jobpool.cpupool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.FrameCodec;
import dev.jobpool.cpupool.protocol.FrameType;
import dev.jobpool.cpupool.protocol.Payloads;
import dev.jobpool.jobtype.InProcess;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.builtin.BuiltInJobTypes;
import java.io.DataOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Real worker JVMs, started by a real service: handshake, crashes, runaway jobs, heap exhaustion, noise. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"jobpool.cpu.workers=2", "jobpool.cpu.worker-heap=128MB", "jobpool.jobs.retry-backoff=10ms"})
@ExtendWith(OutputCaptureExtension.class)
class CpuPoolTests {

    @LocalServerPort
    int port;

    @Autowired
    CpuPool pool;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
        awaitTwoIdleWorkers();
    }

    @Test
    void workersAreChildProcessesThatSaidHello() {
        JsonNode cpu = cpuPool();
        assertThat(cpu.get("capacity").asInt()).isEqualTo(2);
        Set<Long> children = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
        assertThat(cpu.get("workers")).hasSize(2).allSatisfy(worker -> {
            assertThat(children).contains(worker.get("pid").asLong());
            assertThat(worker.get("state").asString()).isEqualTo("idle");
        });
        assertThat(api.get("/actuator/health/readiness").json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void mapsSquareOverTenThousandItemsInOrder() {
        String items = IntStream.range(0, 10_000).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
        JsonNode job = api.await(api.submit("{\"type\":\"square\",\"items\":" + items + "}"), Duration.ofSeconds(30));

        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("pool").asString()).isEqualTo("cpu");
        assertThat(job.get("progress").get("done").asInt()).isEqualTo(10_000);
        JsonNode result = job.get("result");
        assertThat(result).hasSize(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(result.get(i).asLong()).isEqualTo((long) i * i);
        }
    }

    @Test
    void everyIdleWorkerGetsAMapsFirstChunkBeforeAnyGetsMore() {
        // eight chunks of one item, four frames in flight: the second chunk goes to the second worker, not behind
        // the first worker's queue; then each worker's queue fills
        JsonNode job = api.await(api.submit("{\"type\":\"test.pid\",\"chunkSize\":1,\"items\":[0,1,2,3,4,5,6,7]}"),
                Duration.ofSeconds(30));

        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        List<Long> pids = IntStream.range(0, 8).mapToObj(i -> job.get("result").get(i).asLong()).toList();
        List<Long> workers = new ArrayList<>();
        cpuPool().get("workers").forEach(worker -> workers.add(worker.get("pid").asLong()));
        assertThat(workers).containsAll(pids);
        assertThat(pids.get(1)).as("the second chunk's worker").isNotEqualTo(pids.get(0));
        assertThat(pids.subList(2, 5)).as("the first worker's queue").containsOnly(pids.get(0));
        assertThat(pids.subList(5, 8)).as("the second worker's queue").containsOnly(pids.get(1));
    }

    @Test
    void theBuiltInCpuTypesGiveWhatTheirHandlersGiveInProcess() throws Exception {
        Map<String, String> inputs = Map.of("primes", "{\"limit\":1000000}", "hash", "{\"sizeMb\":1}",
                "sort", "{\"n\":1000,\"seed\":7}", "matmul", "{\"n\":3}", "square", "12");
        for (JobType<?, ?> type : BuiltInJobTypes.cpu()) {
            if (type.name().equals("spin")) {
                continue; // its result is how long it spun
            }
            String input = inputs.get(type.name());
            assertThat(input).as("an input to check the built-in type %s with", type.name()).isNotNull();
            // as JSON text: the same number read back may be another node class (an int, a long)
            assertThat(run("{\"type\":\"" + type.name() + "\",\"input\":" + input + "}")).as(type.name())
                    .hasToString(InProcess.run(type, input).toString());
        }
        assertThat(run("{\"type\":\"primes\",\"input\":{\"limit\":1000000}}").get("count").asLong()).isEqualTo(78_498);
        assertThat(run("{\"type\":\"square\",\"input\":12,\"pool\":\"io\"}").asLong()).isEqualTo(144);
    }

    @Test
    void aWorkerKilledMidJobFailsOnlyThatJobAndIsReplaced() {
        String victim = api.submit("{\"type\":\"spin\",\"input\":{\"duration\":\"30s\"}}");
        long pid = awaitWorkerRunning(victim);

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        JsonNode job = api.await(victim, Duration.ofSeconds(20));

        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("error").get("code").asString()).isEqualTo("WORKER_CRASHED");
        assertThat(job.get("error").get("message").asString()).contains("pid " + pid).contains("signal 9");
        awaitTwoIdleWorkers();
        assertThat(cpuPool().findValuesAsString("pid")).doesNotContain(Long.toString(pid));
        assertThat(run("{\"type\":\"square\",\"input\":9}").asLong()).isEqualTo(81);
    }

    @Test
    void aJobWhoseWorkerDiesIsRetriedOnAnotherWhenAttemptsRemain() {
        String id = api.submit("{\"type\":\"spin\",\"input\":{\"duration\":\"2s\"},\"maxAttempts\":2}");
        long pid = awaitWorkerRunning(id);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        JsonNode job = api.await(id, Duration.ofSeconds(30));
        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void aBusyLoopPastItsTimeoutIsKilled() {
        String id = api.submit("{\"type\":\"spin\",\"input\":{\"duration\":\"5m\"},\"timeout\":\"500ms\"}");
        long pid = awaitWorkerRunning(id);

        JsonNode job = api.await(id, Duration.ofSeconds(20));
        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("error").get("code").asString()).isEqualTo("TIMED_OUT");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        awaitTwoIdleWorkers();
    }

    @Test
    void cancellingARunningCpuJobKillsItsWorker() {
        String id = api.submit("{\"type\":\"spin\",\"input\":{\"duration\":\"5m\"}}");
        long pid = awaitWorkerRunning(id);

        assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").json().get("status").asString()).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        awaitTwoIdleWorkers();
    }

    @Test
    void aJobThatExhaustsItsWorkersHeapFailsWithOutOfMemory() {
        JsonNode job = api.await(api.submit("{\"type\":\"matmul\",\"input\":{\"n\":5000}}"), Duration.ofSeconds(30));
        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("error").get("code").asString()).isEqualTo("OUT_OF_MEMORY");
        assertThat(job.get("error").get("message").asString()).contains("jobpool.cpu.worker-heap=128MB");
        awaitTwoIdleWorkers();
        assertThat(api.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void whatAJobPrintsLandsInTheLogTaggedAndNeverBreaksTheProtocol(CapturedOutput output) {
        String id = api.submit("{\"type\":\"test.noisy\",\"input\":\"hello\"}");
        JsonNode job = api.await(id, Duration.ofSeconds(20));

        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("result").asString()).isEqualTo("hello");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut())
                .contains("job " + id + "] JOBPhello line 0")
                .contains("JOBPhello line 199")
                .contains("job " + id + "] noisy on stderr: hello"));
        assertThat(run("{\"type\":\"square\",\"input\":3}").asLong()).isEqualTo(9);
    }

    @Test
    void aConnectionWithoutTheTokenIsDroppedAndLogged(CapturedOutput output) throws Exception {
        try (SocketChannel intruder = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            intruder.connect(UnixDomainSocketAddress.of(pool.socketPath()));
            byte[] hello = Payloads.hello("guess", 1);
            new FrameCodec(1024).write(new DataOutputStream(Channels.newOutputStream(intruder)),
                    new Frame(FrameType.HELLO, 0, hello));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(output.getOut()).contains("did not present a valid token"));
            assertThat(intruder.read(java.nio.ByteBuffer.allocate(1))).isEqualTo(-1);
        }
        assertThat(cpuPool().get("workers")).hasSize(2);
    }

    @Test
    void rejectsCpuInputOutsideItsSchemaBeforeAnythingRuns() {
        Api.Response negative = api.post("/api/v1/jobs", "{\"type\":\"primes\",\"input\":{\"limit\":-5}}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().get("errors").get(0).get("field").asString()).isEqualTo("input.limit");
        Api.Response huge = api.post("/api/v1/jobs", "{\"type\":\"primes\",\"input\":{\"limit\":100000000000000}}");
        assertThat(huge.status()).isEqualTo(400);
        Api.Response notANumber = api.post("/api/v1/jobs", "{\"type\":\"matmul\",\"input\":{\"n\":\"big\"}}");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(api.post("/api/v1/jobs", "{\"type\":\"spin\",\"pool\":\"io\",\"input\":{\"duration\":\"1s\"}}").status())
                .isEqualTo(400);
    }

    private JsonNode run(String spec) {
        JsonNode job = api.await(api.submit(spec), Duration.ofSeconds(30));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job.get("result");
    }

    private JsonNode cpuPool() {
        return api.pool("cpu");
    }

    /** The pid of the worker running the job, once it runs. */
    private long awaitWorkerRunning(String jobId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode worker : cpuPool().get("workers")) {
                if (jobId.equals(worker.path("jobId").asString(null))) {
                    return worker.get("pid").asLong();
                }
            }
            return null;
        }, pid -> pid != null);
    }

    private void awaitTwoIdleWorkers() {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<String> states = cpuPool().get("workers").findValuesAsString("state");
            return states.size() == 2 && states.stream().allMatch("idle"::equals);
        });
    }
}
