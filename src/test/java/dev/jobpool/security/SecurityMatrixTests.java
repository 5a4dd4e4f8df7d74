package dev.jobpool.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint against every kind of credential, over real HTTP: the right status, problem JSON, and no data
 * of another tenant in any body, page, long-poll or header. JWTs are signed here and checked by the service
 * against the JWKS this test serves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityMatrixTests {

    private static final Jwks JWKS = new Jwks();
    private static final String SLEEP = "{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"}}";
    private static final String LATER = "{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"},\"delay\":\"1h\"}";

    @DynamicPropertySource
    static void jwtIssuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", JWKS::uri);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> Jwks.ISSUER);
    }

    @AfterAll
    static void stopIssuer() {
        JWKS.close();
    }

    @LocalServerPort
    int port;

    Api admin;

    @BeforeEach
    void connect() {
        admin = new Api(port);
    }

    /** Creates a key over the API, as an admin would, and returns the whole secret. */
    private String key(String tenant, String roles, String expiresAt) {
        String body = "{\"tenant\":\"" + tenant + "\",\"roles\":" + roles
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}";
        Api.Response created = admin.post("/api/v1/api-keys", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("key").asString()).startsWith("jp_");
        return created.json().get("key").asString();
    }

    private record Call(String method, String path, String body) {

        Api.Response on(Api api) {
            return switch (method) {
                case "GET" -> api.get(path);
                case "POST" -> api.post(path, body);
                case "DELETE" -> api.delete(path);
                default -> throw new IllegalArgumentException(method);
            };
        }
    }

    /** Every operation of the API, aimed at a job of tenant A where it takes one. */
    private List<Call> everyOperation(String jobOfA) {
        return List.of(new Call("POST", "/api/v1/jobs", SLEEP),
                new Call("GET", "/api/v1/jobs/" + jobOfA, null),
                new Call("GET", "/api/v1/jobs/" + jobOfA + "?wait=1s", null),
                new Call("GET", "/api/v1/jobs", null),
                new Call("POST", "/api/v1/jobs/" + jobOfA + "/cancel", ""),
                new Call("DELETE", "/api/v1/jobs/" + jobOfA, null),
                new Call("GET", "/api/v1/job-types", null),
                new Call("GET", "/api/v1/pools", null),
                new Call("GET", "/api/v1/store", null),
                new Call("GET", "/api/v1/overview", null),
                new Call("GET", "/api/v1/api-keys", null),
                new Call("POST", "/api/v1/api-keys", "{\"tenant\":\"evil\",\"roles\":[\"admin\"]}"));
    }

    @Test
    void everyBadCredentialIsTheSame401OnEveryOperation() {
        String tenantA = key("team-a", "[\"submit\",\"read\"]", null);
        String jobOfA = admin.withToken(tenantA).submit(LATER);
        String revoked = key("team-a", "[\"submit\",\"read\"]", null);
        String revokedId = revoked.substring(3, 19);
        assertThat(admin.delete("/api/v1/api-keys/" + revokedId).status()).isEqualTo(204);
        String expired = key("team-a", "[\"submit\",\"read\"]", Instant.now().plusSeconds(2).toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.withToken(expired).get("/api/v1/job-types").status() == 401);

        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("none", null);
        bad.put("malformed", "not a token at all!");
        bad.put("unknown key", "jp_0123456789abcdef_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG");
        bad.put("truncated key", tenantA.substring(0, tenantA.length() - 1));
        bad.put("revoked key", revoked);
        bad.put("expired key", expired);
        bad.put("JWT from another issuer", JWKS.token("http://127.0.0.1/someone-else", "team-a", "submit read admin"));
        bad.put("JWT without a tenant", JWKS.token(Jwks.ISSUER, "", "submit read"));
        bad.put("a forged JWT", JWKS.token(Jwks.ISSUER, "team-a", "admin").replaceFirst("\\.[^.]+$", ".AAAA"));

        List<String> details = new ArrayList<>();
        for (var credential : bad.entrySet()) {
            Api caller = admin.withToken(credential.getValue());
            for (Call call : everyOperation(jobOfA)) {
                Api.Response response = call.on(caller);
                String what = credential.getKey() + ": " + call.method() + " " + call.path();
                assertThat(response.status()).as(what).isEqualTo(401);
                assertThat(response.header("Content-Type")).as(what).isEqualTo("application/problem+json");
                assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Bearer realm=\"jobpool\"");
                // instance echoes the caller's own request path; nothing else may name the job or its tenant
                assertThat(response.text().replace(response.json().get("instance").asString(), "")).as(what)
                        .doesNotContain(jobOfA).doesNotContain("team-a");
                details.add(response.json().get("detail").asString());
            }
        }
        assertThat(details).as("one detail for every refusal: nothing to probe").containsOnly(details.getFirst());
        // the job is untouched by all of that
        assertThat(admin.get("/api/v1/jobs/" + jobOfA).json().get("status").asString()).isEqualTo("QUEUED");
    }

    @Test
    void aTenantSeesItsOwnJobsOnlyAndAnotherTenantsJobIsNotFound() {
        Api a = admin.withToken(key("iso-a", "[\"submit\",\"read\"]", null));
        Api b = admin.withToken(key("iso-b", "[\"submit\",\"read\"]", null));
        String jobOfA = a.submit(LATER);
        String endedOfA = a.submit(SLEEP);
        assertThat(a.await(endedOfA, Duration.ofSeconds(10)).get("status").asString()).isEqualTo("SUCCEEDED");
        String unknown = "3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17";

        // by every route B takes, A's job answers exactly as a job that does not exist
        for (String id : List.of(jobOfA, endedOfA)) {
            for (Call call : List.of(new Call("GET", "/api/v1/jobs/%s", null), new Call("GET", "/api/v1/jobs/%s?wait=1s", null),
                    new Call("POST", "/api/v1/jobs/%s/cancel", ""), new Call("DELETE", "/api/v1/jobs/%s", null))) {
                Api.Response theirs = new Call(call.method(), call.path().formatted(id), call.body()).on(b);
                Api.Response none = new Call(call.method(), call.path().formatted(unknown), call.body()).on(b);
                assertThat(theirs.status()).as(call.method() + " " + call.path()).isEqualTo(404);
                assertThat(theirs.text().replace(id, unknown)).isEqualTo(none.text());
                assertThat(theirs.headers().map().keySet()).isEqualTo(none.headers().map().keySet());
            }
        }
        // B's listing, page by page, never shows A's jobs; filtering by A's tenant is for admins only
        String mine = b.submit(SLEEP);
        JsonNode page = b.get("/api/v1/jobs?limit=1000&view=full").json();
        assertThat(page.get("jobs").findValuesAsString("id")).contains(mine).doesNotContain(jobOfA, endedOfA);
        assertThat(b.get("/api/v1/jobs?tenant=iso-a").status()).isEqualTo(403);
        assertThat(b.get("/api/v1/jobs?tenant=iso-b").status()).isEqualTo(200);

        // A still has its jobs, untouched; the admin sees every tenant's, or one tenant's with ?tenant=
        assertThat(a.get("/api/v1/jobs/" + jobOfA).json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(admin.get("/api/v1/jobs/" + jobOfA).status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/jobs?tenant=iso-a&limit=1000").json().get("jobs").findValuesAsString("id"))
                .contains(jobOfA, endedOfA).doesNotContain(mine);
        assertThat(a.post("/api/v1/jobs/" + jobOfA + "/cancel", "").status()).isEqualTo(200);
        assertThat(a.delete("/api/v1/jobs/" + jobOfA).status()).isEqualTo(204);
    }

    @Test
    void idempotencyKeysArePerTenant() {
        Api a = admin.withToken(key("idem-a", "[\"submit\",\"read\"]", null));
        Api b = admin.withToken(key("idem-b", "[\"submit\",\"read\"]", null));
        Api.Response first = a.post("/api/v1/jobs", LATER, "Idempotency-Key", "order-1");
        Api.Response other = b.post("/api/v1/jobs", SLEEP, "Idempotency-Key", "order-1");
        Api.Response again = a.post("/api/v1/jobs", LATER, "Idempotency-Key", "order-1");
        assertThat(first.status()).isEqualTo(202);
        assertThat(other.status()).as("B's key is B's own, whatever A used").isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(other.json().get("id")).isNotEqualTo(first.json().get("id"));
    }

    @Test
    void rolesDecideWhatAValidCredentialMayDo() {
        Api reader = admin.withToken(key("roles-a", "[\"read\"]", null));
        Api submitter = admin.withToken(key("roles-a", "[\"submit\"]", null));
        Api metrics = admin.withToken(key("monitoring", "[\"metrics\"]", null));

        assertThat(reader.post("/api/v1/jobs", SLEEP).status()).isEqualTo(403);
        String id = submitter.submit(SLEEP);
        assertThat(submitter.get("/api/v1/jobs/" + id).status()).isEqualTo(403);
        assertThat(reader.await(id, Duration.ofSeconds(10)).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(reader.get("/api/v1/job-types").status()).isEqualTo(200);
        Api.Response denied = reader.get("/api/v1/pools");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(denied.json().get("type").asString()).endsWith("/forbidden");
        for (Api notAdmin : List.of(reader, submitter, metrics)) {
            assertThat(notAdmin.get("/api/v1/api-keys").status()).isEqualTo(403);
            assertThat(notAdmin.post("/api/v1/api-keys", "{\"tenant\":\"x\",\"roles\":[\"admin\"]}").status()).isEqualTo(403);
            assertThat(notAdmin.get("/api/v1/store").status()).isEqualTo(403);
        }
        // Prometheus needs the metrics role (or admin); health stays open for probes
        assertThat(metrics.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(admin.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(reader.get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(admin.withToken(null).get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(admin.withToken(null).get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(admin.withToken(null).get("/v3/api-docs").status()).isEqualTo(200);
    }

    @Test
    void aJwtFromTheConfiguredIssuerWorksLikeAKeyOfItsTenant() {
        Api key = admin.withToken(key("jwt-team", "[\"submit\",\"read\"]", null));
        Api jwt = admin.withToken(JWKS.token(Jwks.ISSUER, "jwt-team", "submit read"));
        String byKey = key.submit(SLEEP);
        String byJwt = jwt.submit(SLEEP);
        assertThat(jwt.await(byKey, Duration.ofSeconds(10)).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(key.await(byJwt, Duration.ofSeconds(10)).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(jwt.get("/api/v1/pools").status()).as("no admin scope").isEqualTo(403);
        Api otherTenant = admin.withToken(JWKS.token(Jwks.ISSUER, "jwt-other", "read"));
        assertThat(otherTenant.get("/api/v1/jobs/" + byJwt).status()).isEqualTo(404);
    }

    @Test
    void keysAreListedWithoutSecretsAndBadRequestsAreNamed() {
        String secret = key("list-me", "[\"read\"]", null);
        Api.Response list = admin.get("/api/v1/api-keys");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).doesNotContain(secret.substring(20)).contains("list-me");
        for (JsonNode listed : list.json().get("keys")) {
            assertThat(listed.has("key") && !listed.get("key").isNull()).isFalse();
        }
        Api.Response bad = admin.post("/api/v1/api-keys",
                "{\"tenant\":\"no spaces\",\"roles\":[\"root\"],\"expiresAt\":\"2000-01-01T00:00:00Z\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field")).contains("tenant", "roles", "expiresAt");
        Api.Response beyondTheStore = admin.post("/api/v1/api-keys", // past what the store's microsecond instants hold
                "{\"tenant\":\"t\",\"roles\":[\"read\"],\"expiresAt\":\"+300000-01-01T00:00:00Z\"}");
        assertThat(beyondTheStore.status()).isEqualTo(400);
        assertThat(beyondTheStore.json().get("errors").findValuesAsString("field")).containsExactly("expiresAt");
        assertThat(admin.delete("/api/v1/api-keys/nosuchkey").status()).isEqualTo(404);
    }

    @Test
    void healthShowsTheStoreAndItsReplicasToAnAdminAndOnlyTheStatusToEveryoneElse() {
        JsonNode anonymous = admin.withToken(null).get("/actuator/health").json();
        assertThat(anonymous.get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).isFalse();
        JsonNode store = admin.get("/actuator/health").json().get("components").get("jobStore");
        assertThat(store.get("status").asString()).isEqualTo("UP");
        assertThat(store.get("details").get("type").asString()).isEqualTo("sqlite");
        assertThat(store.get("details").get("replicas")).hasSize(1);
        assertThat(store.get("details").get("replicas").get(0).get("heartbeatAt").asString()).isNotBlank();
    }
}
