package dev.jobpool.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The web dashboard's sign-in over real HTTP, as a browser meets it: an API key exchanged for a session cookie that
 * stands for the key everywhere, CSRF-protected on every state-changing request, and ended by sign-out or by revoking
 * the key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionTests {

    private static final String LATER = "{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"},\"delay\":\"1h\"}";

    @LocalServerPort
    int port;

    Api admin;
    Api anonymous;

    @BeforeEach
    void connect() {
        admin = new Api(port);
        anonymous = admin.withToken(null);
    }

    /** A signed-in browser: its cookie header and the session's CSRF token. */
    private record Browser(String cookie, String csrfToken, JsonNode body) {

        String[] cookieOnly() {
            return new String[] {"Cookie", cookie};
        }

        String[] withCsrf() {
            return new String[] {"Cookie", cookie, "X-CSRF-Token", csrfToken};
        }
    }

    private JsonNode createKey(String tenant, String roles) {
        Api.Response created = admin.post("/api/v1/api-keys", "{\"tenant\":\"" + tenant + "\",\"roles\":" + roles + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    private String key(String tenant) {
        return createKey(tenant, "[\"submit\",\"read\"]").get("key").asString();
    }

    private Browser signIn(String apiKey) {
        Api.Response signedIn = anonymous.post("/api/v1/session", "{\"apiKey\":\"" + apiKey + "\"}");
        assertThat(signedIn.status()).as(signedIn.text()).isEqualTo(201);
        String setCookie = signedIn.header("Set-Cookie");
        return new Browser(setCookie.substring(0, setCookie.indexOf(';')), signedIn.json().get("csrfToken").asString(),
                signedIn.json());
    }

    private static List<String> attributes(String setCookie) {
        return Arrays.stream(setCookie.split(";")).map(String::trim).toList();
    }

    @Test
    void signInSetsAnHttpOnlyStrictCookieAndAnswersWhoSignedIn() {
        JsonNode created = createKey("sess-a", "[\"read\",\"submit\"]");
        Api.Response signedIn = anonymous.post("/api/v1/session", "{\"apiKey\":\"" + created.get("key").asString() + "\"}");

        assertThat(signedIn.status()).isEqualTo(201);
        List<String> cookie = attributes(signedIn.header("Set-Cookie"));
        assertThat(cookie.getFirst()).startsWith("jobpool_session=");
        String id = cookie.getFirst().substring("jobpool_session=".length());
        assertThat(id).as("256 random bits, base64url").matches("[A-Za-z0-9_-]{43}");
        assertThat(cookie).contains("Path=/", "HttpOnly", "SameSite=Strict", "Max-Age=43200")
                .as("plain http: a Secure cookie would never come back").doesNotContain("Secure");
        JsonNode body = signedIn.json();
        assertThat(body.get("securityEnabled").asBoolean()).isTrue();
        assertThat(body.get("principal").asString()).isEqualTo(created.get("id").asString());
        assertThat(body.get("tenant").asString()).isEqualTo("sess-a");
        assertThat(body.get("roles").valueStream().map(JsonNode::asString)).containsExactly("submit", "read");
        assertThat(body.get("csrfToken").asString()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(id);
        assertThat(Instant.parse(body.get("expiresAt").asString()))
                .isBetween(Instant.now().plus(Duration.ofHours(12)).minusSeconds(60), Instant.now().plus(Duration.ofHours(12)));
        assertThat(signedIn.text()).doesNotContain(id);

        // after a reload the page asks who it is: the same session, the same token
        Api.Response current = anonymous.get("/api/v1/session", "Cookie", cookie.getFirst());
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json()).isEqualTo(body);

        // the key as a bearer credential instead of in the body
        Api.Response byHeader = anonymous.post("/api/v1/session", "{}", "Authorization", "Bearer " + created.get("key").asString());
        assertThat(byHeader.status()).isEqualTo(201);
        assertThat(byHeader.header("Set-Cookie")).doesNotContain(id);
        // the configured admin key signs in too
        Api.Response asAdmin = anonymous.post("/api/v1/session", "{\"apiKey\":\"" + Api.ADMIN_KEY + "\"}");
        assertThat(asAdmin.json().get("principal").asString()).isEqualTo("configured-admin-key");
        assertThat(asAdmin.json().get("roles").valueStream().map(JsonNode::asString)).containsExactly("admin");
        assertThat(anonymous.get("/api/v1/pools", "Cookie", attributes(asAdmin.header("Set-Cookie")).getFirst()).status())
                .isEqualTo(200);
    }

    @Test
    void theCookieIsItsKeysCallerOnItsOwnTenantOnly() {
        Browser a = signIn(key("sess-iso-a"));
        Browser b = signIn(key("sess-iso-b"));

        Api.Response submitted = anonymous.post("/api/v1/jobs", LATER, a.withCsrf());
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
        String jobOfA = submitted.json().get("id").asString();
        assertThat(anonymous.get("/api/v1/jobs/" + jobOfA, a.cookieOnly()).json().get("tenant").asString()).isEqualTo("sess-iso-a");
        assertThat(anonymous.get("/api/v1/jobs/" + jobOfA, b.cookieOnly()).status()).isEqualTo(404);
        assertThat(anonymous.get("/api/v1/jobs", b.cookieOnly()).json().get("jobs").findValuesAsString("id")).doesNotContain(jobOfA);
        assertThat(anonymous.post("/api/v1/jobs/" + jobOfA + "/cancel", "", b.withCsrf()).status()).isEqualTo(404);
        // roles hold as for the key: no admin operations
        assertThat(anonymous.get("/api/v1/pools", a.cookieOnly()).status()).isEqualTo(403);
        assertThat(anonymous.post("/api/v1/jobs/" + jobOfA + "/cancel", "", a.withCsrf()).status()).isEqualTo(200);
    }

    @Test
    void aStateChangingRequestWithTheCookieNeedsTheSessionsCsrfToken() {
        Browser browser = signIn(key("sess-csrf"));
        String queued = anonymous.post("/api/v1/jobs", LATER, browser.withCsrf()).json().get("id").asString();

        for (String[] headers : List.of(browser.cookieOnly(), new String[] {"Cookie", browser.cookie(), "X-CSRF-Token", "forged"},
                new String[] {"Cookie", browser.cookie(), "X-CSRF-Token", ""})) {
            String what = String.join(" ", headers);
            Api.Response refused = anonymous.post("/api/v1/jobs", LATER, headers);
            assertThat(refused.status()).as(what).isEqualTo(403);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(refused.json().get("type").asString()).as(what).endsWith("/csrf");
            assertThat(refused.json().get("detail").asString()).contains("X-CSRF-Token").contains("csrfToken");
            assertThat(anonymous.post("/api/v1/jobs/" + queued + "/cancel", "", headers).status()).as(what).isEqualTo(403);
            assertThat(anonymous.delete("/api/v1/session", headers).status()).as(what).isEqualTo(403);
        }
        // nothing changed: one job, still queued, and the session still works
        JsonNode jobs = anonymous.get("/api/v1/jobs", browser.cookieOnly()).json().get("jobs");
        assertThat(jobs.findValuesAsString("id")).containsExactly(queued);
        assertThat(jobs.get(0).get("status").asString()).isEqualTo("QUEUED");
        assertThat(anonymous.get("/api/v1/session", browser.cookieOnly()).status()).isEqualTo(200);
    }

    @Test
    void aBearerCredentialNeedsNoCsrfTokenAndWinsOverTheCookie() {
        Browser browser = signIn(key("sess-cookie-side"));
        Api bearer = admin.withToken(key("sess-bearer-side"));
        Api.Response both = bearer.post("/api/v1/jobs", LATER, "Cookie", browser.cookie());
        assertThat(both.status()).as("no CSRF token: the bearer credential authenticated it").isEqualTo(202);
        assertThat(both.json().get("tenant").asString()).isEqualTo("sess-bearer-side");
        assertThat(bearer.post("/api/v1/jobs", LATER).status()).isEqualTo(202);
        // a bad bearer credential is refused even with a good cookie beside it
        Api.Response bad = admin.withToken("jp_0123456789abcdef_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG")
                .get("/api/v1/jobs", "Cookie", browser.cookie());
        assertThat(bad.status()).isEqualTo(401);
    }

    @Test
    void theEventStreamTakesTheCookieAsEventSourceSendsIt() throws Exception {
        Browser browser = signIn(key("sess-events"));
        String run = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events?label=run:" + run))
                .header("Accept", "text/event-stream").header("Cookie", browser.cookie()).build();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<Stream<String>> stream = client.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    stream.body().forEach(lines::add);
                } catch (RuntimeException closed) {
                    // the stream was closed below
                }
            });
            String id = anonymous.post("/api/v1/jobs", "{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"},\"labels\":{\"run\":\""
                    + run + "\"}}", browser.withCsrf()).json().get("id").asString();
            String line;
            do {
                line = lines.poll(20, TimeUnit.SECONDS);
                assertThat(line).as("an event of the job within 20s").isNotNull();
            } while (!(line.startsWith("data: ") && line.contains(id)));
            stream.body().close();
            reader.join(Duration.ofSeconds(5));
        }
    }

    @Test
    void signOutEndsTheSessionAndClearsTheCookie() {
        Browser browser = signIn(key("sess-out"));
        Api.Response out = anonymous.delete("/api/v1/session", browser.withCsrf());
        assertThat(out.status()).isEqualTo(204);
        assertThat(attributes(out.header("Set-Cookie"))).contains("jobpool_session=", "Max-Age=0", "Path=/", "HttpOnly");

        for (Api.Response refused : List.of(anonymous.get("/api/v1/jobs", browser.cookieOnly()),
                anonymous.get("/api/v1/session", browser.cookieOnly()), anonymous.post("/api/v1/jobs", LATER, browser.withCsrf()),
                anonymous.delete("/api/v1/session", browser.withCsrf()))) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("type").asString()).endsWith("/unauthorized");
            assertThat(refused.header("Set-Cookie")).as("the browser is told to drop the dead cookie").contains("Max-Age=0");
        }
        // a dead cookie stands in the way of nothing open: the API docs load, and signing in again works
        assertThat(anonymous.get("/v3/api-docs", browser.cookieOnly()).status()).isEqualTo(200);
        assertThat(anonymous.post("/api/v1/session", "{\"apiKey\":\"" + key("sess-out") + "\"}", browser.cookieOnly()).status())
                .isEqualTo(201);
    }

    @Test
    void revokingTheKeyEndsItsSessionsAtOnce() {
        JsonNode created = createKey("sess-revoke", "[\"read\"]");
        Browser browser = signIn(created.get("key").asString());
        assertThat(anonymous.get("/api/v1/jobs", browser.cookieOnly()).status()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/api-keys/" + created.get("id").asString()).status()).isEqualTo(204);
        assertThat(anonymous.get("/api/v1/jobs", browser.cookieOnly()).status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/session", browser.cookieOnly()).status()).isEqualTo(401);
        assertThat(anonymous.post("/api/v1/session", "{\"apiKey\":\"" + created.get("key").asString() + "\"}").status())
                .isEqualTo(401);
    }

    @Test
    void badSignInsAreProblemsNeverErrors() {
        Api.Response badBearer = admin.withToken("jp_0123456789abcdef_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG")
                .get("/api/v1/jobs");
        for (String body : List.of("{\"apiKey\":\"jp_0123456789abcdef_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG\"}",
                "{\"apiKey\":\"not a key\"}", "{\"apiKey\":\"" + Api.ADMIN_KEY + "x\"}")) {
            Api.Response refused = anonymous.post("/api/v1/session", body);
            assertThat(refused.status()).as(body).isEqualTo(401);
            assertThat(refused.header("Set-Cookie")).isNull();
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer realm=\"jobpool\"");
            assertThat(refused.json().get("detail")).as("the same answer as a bad bearer credential")
                    .isEqualTo(badBearer.json().get("detail"));
        }
        for (String body : List.of("{}", "", "{\"apiKey\":\"\"}", "{\"apiKey\":null}")) {
            Api.Response missing = anonymous.post("/api/v1/session", body);
            assertThat(missing.status()).as(body).isEqualTo(400);
            assertThat(missing.json().get("errors").findValuesAsString("field")).containsExactly("apiKey");
        }
        for (String body : List.of("{", "[]", "{\"apiKey\":5}", "{\"apiKey\":\"jp_x\",\"extra\":1}", "\"jp_x\"")) {
            Api.Response malformed = anonymous.post("/api/v1/session", body);
            assertThat(malformed.status()).as(body).isEqualTo(400);
            assertThat(malformed.header("Content-Type")).isEqualTo("application/problem+json");
        }
        Api.Response text = anonymous.post("/api/v1/session", "jp_x", "Content-Type", "text/plain");
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.header("Content-Type")).isEqualTo("application/problem+json");
        Api.Response noSession = anonymous.get("/api/v1/session");
        assertThat(noSession.status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/session", "Cookie", "jobpool_session=" + "x".repeat(43)).status()).isEqualTo(401);
        assertThat(admin.get("/api/v1/session").status()).as("a bearer credential is no session").isEqualTo(401);
    }
}
