package dev.jobpool.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** A session ends at its absolute lifetime, however busy; the cookie says so too. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "jobpool.security.session.ttl=3s")
class SessionExpiryTests {

    @LocalServerPort
    int port;

    @Test
    void anExpiredSessionIsRefusedEvenIfItWasInUse() {
        Api admin = new Api(port);
        String key = admin.post("/api/v1/api-keys", "{\"tenant\":\"expiry\",\"roles\":[\"read\"]}").json().get("key").asString();
        Api anonymous = admin.withToken(null);
        Instant before = Instant.now();
        Api.Response signedIn = anonymous.post("/api/v1/session", "{\"apiKey\":\"" + key + "\"}");
        assertThat(signedIn.header("Set-Cookie")).contains("Max-Age=3");
        assertThat(Instant.parse(signedIn.json().get("expiresAt").asString())).isBetween(before.plusSeconds(3), before.plusSeconds(4));
        String cookie = signedIn.header("Set-Cookie").substring(0, signedIn.header("Set-Cookie").indexOf(';'));

        assertThat(anonymous.get("/api/v1/jobs", "Cookie", cookie).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> anonymous.get("/api/v1/jobs", "Cookie", cookie).status() == 401);
        assertThat(anonymous.get("/api/v1/session", "Cookie", cookie).status()).isEqualTo(401);
        assertThat(admin.withToken(key).get("/api/v1/jobs").status()).as("the key itself lives on").isEqualTo(200);
    }
}
