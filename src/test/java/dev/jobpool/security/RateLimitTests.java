package dev.jobpool.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Submissions beyond a tenant's rate: 429 with Retry-After and the IETF draft's RateLimit headers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jobpool.security.rate-limit.submits-per-second=0.2",
        "jobpool.security.rate-limit.burst=3"})
class RateLimitTests {

    private static final String JOB = "{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"}}";

    @LocalServerPort
    int port;

    private Api as(String tenant) {
        Api admin = new Api(port);
        return admin.withToken(admin.post("/api/v1/api-keys", "{\"tenant\":\"" + tenant + "\",\"roles\":[\"submit\",\"read\"]}")
                .json().get("key").asString());
    }

    @Test
    void aBurstIsAdmittedAndTheNextSubmissionWaitsItsTurn() {
        Api tenant = as("limited");
        for (int i = 0; i < 3; i++) {
            Api.Response admitted = tenant.post("/api/v1/jobs", JOB);
            assertThat(admitted.status()).isEqualTo(202);
            assertThat(admitted.header("RateLimit-Policy")).isEqualTo("\"submits\";q=3;w=15");
            assertThat(admitted.header("RateLimit")).startsWith("\"submits\";r=" + (2 - i) + ";t=");
        }
        Api.Response refused = tenant.post("/api/v1/jobs", JOB);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("/rate-limited");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 5);
        assertThat(refused.header("RateLimit")).startsWith("\"submits\";r=0;t=");
        // another tenant has its own bucket; reads are not limited
        assertThat(as("unlimited-neighbour").post("/api/v1/jobs", JOB).status()).isEqualTo(202);
        assertThat(tenant.get("/api/v1/jobs").status()).isEqualTo(200);
    }
}
