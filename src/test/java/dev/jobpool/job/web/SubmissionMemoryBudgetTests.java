package dev.jobpool.job.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Large submissions in flight hold a budget of heap; one more is a 429 before its body is read, storing nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"jobpool.jobs.max-request-size=1MB", "jobpool.jobs.submission-memory=2MB"})
class SubmissionMemoryBudgetTests {

    @LocalServerPort
    int port;

    @Test
    void aSubmissionBeyondTheBudgetIs429UntilTheOthersAreDone() throws Exception {
        Api api = new Api(port);
        int before = api.get("/api/v1/jobs?limit=1000").json().get("jobs").size();
        try (Socket first = slowSubmission(1_048_576); Socket second = slowSubmission(1_048_576)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Api.Response refused = api.post("/api/v1/jobs", "{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"}}");
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                assertThat(refused.json().get("type").asString()).isEqualTo("https://jobpool.dev/problems/submissions-busy");
            });
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.post("/api/v1/jobs", "{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"}}").status() == 202);
        assertThat(api.get("/api/v1/jobs?limit=1000").json().get("jobs").size()).isEqualTo(before + 1);
    }

    /** A POST that declares a large body and sends only its first bytes, holding its share of the budget. */
    private Socket slowSubmission(int declared) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + dev.jobpool.Api.ADMIN_KEY + "\r\n"
                + "Content-Length: " + declared + "\r\n\r\n{\"type\":\"sleep\",\"items\":[").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
