package dev.jobpool;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the service under test, as a user's script would call it. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public record Response(int status, java.net.http.HttpHeaders headers, String text) {

        public JsonNode json() {
            return JSON.readTree(text);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    public Response post(String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
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

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(90)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
