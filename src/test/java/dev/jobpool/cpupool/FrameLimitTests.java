package dev.jobpool.cpupool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.Api;
import java.time.Duration;
import java.util.Collections;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What does not fit in a frame ({@code jobpool.cpu.max-frame-size}, 64 KB here), over real HTTP and a real worker
 * JVM: a request too large to send and a result too large to return each fail their job at once with a code and
 * a message that names the limit, and the worker goes on to the next job.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"jobpool.cpu.workers=1", "jobpool.cpu.worker-heap=128MB", "jobpool.cpu.max-frame-size=64KB"})
class FrameLimitTests {

    /** A JSON string of 10,000 characters: seven of them are a frame. */
    private static final String TEN_KB = "\"" + "x".repeat(10_000) + "\"";

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void anInputLargerThanAFrameFailsItsJobAndTheWorkerRunsTheNext() {
        JsonNode job = run("{\"type\":\"test.echo\",\"pool\":\"cpu\",\"input\":" + "[" + String.join(",",
                Collections.nCopies(10, TEN_KB)) + "]}");

        assertFailed(job, "INVALID_INPUT", "the input is");
        assertThat(square()).isEqualTo("9");
    }

    @Test
    void aMapChunkLargerThanAFrameFailsItsJobAndSmallerChunksOfTheSameItemsRun() {
        String items = Collections.nCopies(20, TEN_KB).stream().collect(Collectors.joining(",", "[", "]"));

        JsonNode tooLarge = run("{\"type\":\"test.echo\",\"pool\":\"cpu\",\"chunkSize\":10,\"items\":" + items + "}");
        JsonNode fits = run("{\"type\":\"test.echo\",\"pool\":\"cpu\",\"chunkSize\":2,\"items\":" + items + "}");

        assertFailed(tooLarge, "INVALID_INPUT", "a chunk of 10 items is");
        assertThat(tooLarge.get("error").get("message").asString()).contains("give a smaller chunkSize");
        assertThat(fits.get("status").asString()).as(fits.toString()).isEqualTo("SUCCEEDED");
        assertThat(fits.get("result")).isEqualTo(Api.JSON.readTree(items));
        assertThat(square()).isEqualTo("9");
    }

    @Test
    void aResultLargerThanAFrameFailsItsJobAndTheWorkerRunsTheNext() {
        // 10,000 items of 5 bytes each go down (50 KB); their squares, 20 bytes each, would come back as 200 KB
        String items = Collections.nCopies(10_000, "3037000499").stream().collect(Collectors.joining(",", "[", "]"));

        JsonNode job = run("{\"type\":\"square\",\"chunkSize\":10000,\"items\":" + items + "}");

        assertFailed(job, "RESULT_TOO_LARGE", "jobpool.cpu.max-frame-size");
        assertThat(square()).isEqualTo("9");
    }

    private JsonNode run(String spec) {
        return api.await(api.submit(spec), Duration.ofSeconds(60));
    }

    private String square() {
        JsonNode job = run("{\"type\":\"square\",\"input\":3}");
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job.get("result").toString();
    }

    private static void assertFailed(JsonNode job, String code, String messagePart) {
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FAILED");
        assertThat(job.get("error").get("code").asString()).isEqualTo(code);
        assertThat(job.get("error").get("message").asString()).contains(messagePart).contains("jobpool.cpu.max-frame-size");
    }
}
