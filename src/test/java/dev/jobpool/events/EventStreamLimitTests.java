package dev.jobpool.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Each open stream holds a thread of its own, so a replica streams to at most jobpool.events.max-subscribers
 * clients; one more gets a 503 problem with Retry-After, and a place frees up when a client leaves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"jobpool.events.max-subscribers=2", "jobpool.events.heartbeat=200ms"})
class EventStreamLimitTests {

    @LocalServerPort
    int port;

    @Test
    void oneStreamTooManyIsRefusedUntilAClientLeaves() throws Exception {
        Api api = new Api(port);
        try (EventStream first = EventStream.open(port, "/api/v1/events")) {
            EventStream second = EventStream.open(port, "/api/v1/events?label=team:search");
            assertThat(first.status).isEqualTo(200);
            assertThat(second.status).isEqualTo(200);

            Api.Response refused = api.get("/api/v1/events?type=sleep");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            assertThat(refused.json().get("type").asString()).endsWith("/too-many-subscribers");
            assertThat(refused.json().get("detail").asString()).contains("jobpool.events.max-subscribers");

            // the writer sees the client gone at its next heartbeat, and its place is free
            second.close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (EventStream again = EventStream.open(port, "/api/v1/events?type=sleep")) {
                    assertThat(again.status).isEqualTo(200);
                }
            });
        }
    }
}
