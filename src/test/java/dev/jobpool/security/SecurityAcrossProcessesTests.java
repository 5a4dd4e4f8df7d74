package dev.jobpool.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.Api;
import dev.jobpool.ServiceProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security as a user meets it across real service processes: the first start's key, and replicas sharing keys and limits. */
class SecurityAcrossProcessesTests {

    private static final Pattern PRINTED_KEY = Pattern.compile("export JOBPOOL_TOKEN=(jp_\\S+)");
    private static final String JOB = "{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"}}";

    @TempDir
    Path folder;

    @Test
    void theFirstStartPrintsAnAdminKeyThatWorksAndTheSecondStartPrintsNone() throws Exception {
        String store = "--jobpool.store.path=" + folder.resolve("data/jobpool.db");
        String noConfiguredKey = "--jobpool.security.admin-key=";
        Path firstLog = folder.resolve("first.log");
        String key;
        try (ServiceProcess first = ServiceProcess.start(firstLog, store, noConfiguredKey)) {
            Matcher printed = PRINTED_KEY.matcher(Files.readString(firstLog));
            assertThat(printed.find()).as("the first start prints a key; see " + firstLog).isTrue();
            key = printed.group(1);
            assertThat(printed.find()).as("exactly one key").isFalse();
            Api admin = first.api().withToken(key);
            assertThat(admin.get("/api/v1/pools").status()).isEqualTo(200);
            assertThat(admin.submit(JOB)).isNotBlank();
            assertThat(first.api().withToken(null).get("/api/v1/jobs").status()).isEqualTo(401);
        }
        Path secondLog = folder.resolve("second.log");
        try (ServiceProcess second = ServiceProcess.start(secondLog, store, noConfiguredKey)) {
            assertThat(Files.readString(secondLog)).doesNotContain("JOBPOOL_TOKEN=").doesNotContain(key);
            assertThat(second.api().withToken(key).get("/api/v1/jobs").status()).isEqualTo(200);
        }
        assertThat(Files.readString(firstLog)).as("only the key itself is printed, once")
                .containsOnlyOnce(key.substring(20));
    }

    @Test
    void replicasOnOnePostgresqlShareKeysRevocationsRateLimitsAndSessions() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String[] settings = {"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--jobpool.security.rate-limit.submits-per-second=0.1", "--jobpool.security.rate-limit.burst=4"};
            try (ServiceProcess a = ServiceProcess.start(folder.resolve("a.log"), settings);
                    ServiceProcess b = ServiceProcess.start(folder.resolve("b.log"), settings)) {
                Api.Response created = a.api().post("/api/v1/api-keys", "{\"tenant\":\"shared\",\"roles\":[\"submit\",\"read\"]}");
                String key = created.json().get("key").asString();
                Api onA = a.api().withToken(key);
                Api onB = b.api().withToken(key);

                // one bucket for the tenant, whichever replica takes the submission
                for (int i = 0; i < 3; i++) {
                    assertThat(onA.post("/api/v1/jobs", JOB).status()).isEqualTo(202);
                }
                assertThat(onB.post("/api/v1/jobs", JOB).status()).isEqualTo(202);
                Api.Response refused = onB.post("/api/v1/jobs", JOB);
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.header("Retry-After")).isNotBlank();
                assertThat(onA.post("/api/v1/jobs", JOB).status()).isEqualTo(429);

                // a dashboard session made on A works on B, and signed out on B it stops on A
                Api anonymousOnA = a.api().withToken(null);
                Api anonymousOnB = b.api().withToken(null);
                Api.Response signedIn = anonymousOnA.post("/api/v1/session", "{\"apiKey\":\"" + key + "\"}");
                String cookie = signedIn.header("Set-Cookie").split(";")[0];
                String csrf = signedIn.json().get("csrfToken").asString();
                assertThat(anonymousOnB.get("/api/v1/session", "Cookie", cookie).json().get("tenant").asString()).isEqualTo("shared");
                assertThat(anonymousOnB.get("/api/v1/jobs", "Cookie", cookie).status()).isEqualTo(200);
                assertThat(anonymousOnB.delete("/api/v1/session", "Cookie", cookie, "X-CSRF-Token", csrf).status()).isEqualTo(204);
                assertThat(anonymousOnA.get("/api/v1/jobs", "Cookie", cookie).status()).isEqualTo(401);
                String second = anonymousOnB.post("/api/v1/session", "{\"apiKey\":\"" + key + "\"}").header("Set-Cookie")
                        .split(";")[0];

                // a key made on A works on B, and revoked on A it stops on B at once, with its sessions
                assertThat(onB.get("/api/v1/jobs").status()).isEqualTo(200);
                assertThat(anonymousOnA.get("/api/v1/jobs", "Cookie", second).status()).isEqualTo(200);
                assertThat(a.api().delete("/api/v1/api-keys/" + created.json().get("id").asString()).status()).isEqualTo(204);
                assertThat(onB.get("/api/v1/jobs").status()).isEqualTo(401);
                assertThat(onA.get("/api/v1/jobs").status()).isEqualTo(401);
                assertThat(anonymousOnA.get("/api/v1/jobs", "Cookie", second).status()).isEqualTo(401);
            }
        }
    }
}
