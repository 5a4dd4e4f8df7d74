package dev.jobpool;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for the service under test, as a user's script would call it. Every response it receives
 * from {@code /api/} is checked against the service's own OpenAPI spec ({@code /v3/api-docs}), and a mismatch
 * fails the test: the spec is a contract, and the API tests keep it and the code from drifting apart.
 */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** The admin key every test service is configured with (src/test/resources/application.properties). */
    public static final String ADMIN_KEY = "jp_test0admin0key0for0every0test0service0only";

    public record Response(int status, java.net.http.HttpHeaders headers, String text) {

        public JsonNode json() {
            return JSON.readTree(text);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** Messages that mean "no such operation", which the service rightly answers with 404 or 405. */
    private static final Set<String> NO_OPERATION = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");

    /** The spec, read once from the first service a test talks to: every test starts the same application. */
    private static OpenApiInteractionValidator contract;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    /** Sent as Authorization: Bearer with every request that names none itself; null sends none. */
    private final String token;

    /** A client with the tests' admin key. */
    public Api(int port) {
        this(port, ADMIN_KEY);
    }

    /** A client with this bearer token (an API key or a JWT), or none when null. */
    public Api(int port, String token) {
        this.base = "http://localhost:" + port;
        this.token = token;
        // now rather than at the first response: reading the spec takes most of a second, which a test timing a
        // short job must not pay in the middle
        contract();
    }

    public Response post(String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]); // a Content-Type given here replaces the JSON one
        }
        return send(request);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A GET with these headers, as name, value, name, value... (a session cookie, say). */
    public Response get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        return send(headers.length > 0 ? request.headers(headers) : request);
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Response delete(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).DELETE();
        return send(headers.length > 0 ? request.headers(headers) : request);
    }

    /** Submits a job and returns its id, failing unless it was accepted. */
    public String submit(String spec) {
        Response response = post("/api/v1/jobs", spec);
        if (response.status() != 202) {
            throw new AssertionError("expected 202 for " + spec + " but got " + response.status() + ": " + response.text());
        }
        return response.json().get("id").asString();
    }

    /** One pool of {@code GET /api/v1/pools}, e.g. {@code "cpu"}. */
    public JsonNode pool(String name) {
        for (JsonNode pool : get("/api/v1/pools").json()) {
            if (pool.get("pool").asString().equals(name)) {
                return pool;
            }
        }
        throw new AssertionError("no " + name + " pool");
    }

    /** Long-polls a job until it ends (or the wait runs out) and returns it. */
    public JsonNode await(String id, Duration wait) {
        return get("/api/v1/jobs/" + id + "?wait=" + wait.toSeconds() + "s").json();
    }

    /**
     * What in this response the OpenAPI spec does not allow, one line each; empty if it matches. {@code path}
     * without its query.
     */
    public List<String> contractMismatches(String method, String path, Response response) {
        SimpleResponse.Builder actual = SimpleResponse.Builder.status(response.status());
        response.headers().map().forEach(actual::withHeader);
        if (!response.text().isEmpty()) {
            actual.withBody(response.text());
        }
        ValidationReport report = contract().validateResponse(path, Request.Method.valueOf(method), actual.build());
        boolean noSuchOperation = response.status() == 404 || response.status() == 405;
        return report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .filter(message -> !(noSuchOperation && NO_OPERATION.contains(message.getKey())))
                .map(message -> message.getKey() + ": " + message.getMessage()
                        + (message.getAdditionalInfo().isEmpty() ? "" : " " + message.getAdditionalInfo()))
                .toList();
    }

    private OpenApiInteractionValidator contract() {
        synchronized (Api.class) {
            if (contract == null) {
                Response spec = exchange(HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).GET());
                if (spec.status() != 200) {
                    throw new AssertionError("no OpenAPI spec at /v3/api-docs: " + spec.status() + " " + spec.text());
                }
                contract = OpenApiInteractionValidator.createForInlineApiSpecification(spec.text()).build();
                // the first body it checks warms up its JSON Schema validator, which takes a tenth of a second
                contract.validateResponse("/api/v1/pools", Request.Method.GET,
                        SimpleResponse.Builder.ok().withContentType("application/json").withBody("[]").build());
            }
            return contract;
        }
    }

    /** The same service, called with another token (null: none). */
    public Api withToken(String other) {
        return new Api(URI.create(base).getPort(), other);
    }

    private Response send(HttpRequest.Builder builder) {
        HttpRequest unsigned = builder.timeout(Duration.ofSeconds(90)).build();
        HttpRequest request = token == null || unsigned.headers().firstValue("Authorization").isPresent() ? unsigned
                : HttpRequest.newBuilder(unsigned, (name, value) -> true).header("Authorization", "Bearer " + token).build();
        Response response = exchange(request);
        String path = request.uri().getPath();
        if (path.startsWith("/api/")) {
            List<String> mismatches = contractMismatches(request.method(), path, response);
            if (!mismatches.isEmpty()) {
                String body = response.text().length() > 2000 ? response.text().substring(0, 2000) + "…" : response.text();
                throw new AssertionError("the response to " + request.method() + " " + request.uri().getRawPath()
                        + " breaks the OpenAPI spec:\n  " + String.join("\n  ", mismatches) + "\nstatus "
                        + response.status() + ", headers " + response.headers().map() + ", body " + body);
            }
        }
        return response;
    }

    private Response exchange(HttpRequest.Builder request) {
        return exchange(request.timeout(Duration.ofSeconds(90)).build());
    }

    private Response exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
