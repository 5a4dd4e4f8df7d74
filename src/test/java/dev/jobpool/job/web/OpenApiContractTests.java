package dev.jobpool.job.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.Api;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI spec at /v3/api-docs as the contract client generators read: what the service is, every status
 * each operation can answer, one problem schema for every error. (That the service keeps to it is checked by
 * {@link Api} on every response of every API test.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiContractTests {

    @LocalServerPort
    int port;

    @Autowired
    BuildProperties build;

    Api api;
    JsonNode spec;

    @BeforeEach
    void readSpec() {
        api = new Api(port);
        spec = api.get("/v3/api-docs").json();
    }

    @Test
    void saysWhatJobpoolIsWithTheBuildsVersionAndALicence() {
        JsonNode info = spec.get("info");
        assertThat(info.get("title").asString()).isEqualTo("jobpool");
        assertThat(info.get("version").asString()).isEqualTo(build.getVersion()).isNotEqualTo("v0");
        assertThat(info.get("description").asString()).contains("virtual threads").contains("worker JVMs");
        assertThat(info.get("license").get("name").asString()).isNotBlank();
    }

    @Test
    void everyOperationListsEveryStatusItCanAnswer() {
        Map<String, List<String>> statuses = new TreeMap<>();
        spec.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                statuses.put(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue().get("responses").propertyNames().stream().toList())));

        // every operation needs a credential (401) with a role (403)
        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("POST /api/v1/jobs", List.of("200", "202", "400", "401", "403", "406", "413", "415", "422", "429", "503")),
                Map.entry("GET /api/v1/jobs/{id}", List.of("200", "400", "401", "403", "404", "406", "503")),
                Map.entry("POST /api/v1/jobs/{id}/cancel", List.of("200", "400", "401", "403", "404", "406", "409", "503")),
                Map.entry("DELETE /api/v1/jobs/{id}", List.of("204", "400", "401", "403", "404", "409", "503")),
                Map.entry("GET /api/v1/jobs", List.of("200", "400", "401", "403", "406", "503")),
                Map.entry("GET /api/v1/jobs/{id}/events", List.of("200", "400", "401", "403", "404", "503")),
                Map.entry("GET /api/v1/events", List.of("200", "400", "401", "403", "503")),
                Map.entry("GET /api/v1/job-types", List.of("200", "401", "403", "406")),
                Map.entry("GET /api/v1/pools", List.of("200", "401", "403", "406", "503")),
                Map.entry("GET /api/v1/store", List.of("200", "401", "403", "406")),
                Map.entry("GET /api/v1/overview", List.of("200", "400", "401", "403", "406")),
                Map.entry("POST /api/v1/api-keys", List.of("201", "400", "401", "403", "406", "413", "415", "503")),
                Map.entry("GET /api/v1/api-keys", List.of("200", "401", "403", "406", "503")),
                Map.entry("GET /api/v1/api-keys/{id}", List.of("200", "400", "401", "403", "404", "406", "503")),
                Map.entry("DELETE /api/v1/api-keys/{id}", List.of("204", "400", "401", "403", "404", "503")),
                Map.entry("POST /api/v1/session", List.of("200", "201", "400", "401", "403", "406", "413", "415", "503")),
                Map.entry("GET /api/v1/session", List.of("200", "401", "403", "406", "503")),
                Map.entry("DELETE /api/v1/session", List.of("204", "401", "403", "503"))));
    }

    @Test
    void theSessionCookieIsTheOtherWayInAndSigningInNeedsNoCredential() {
        JsonNode cookie = spec.get("components").get("securitySchemes").get("cookieAuth");
        assertThat(cookie.get("type").asString()).isEqualTo("apiKey");
        assertThat(cookie.get("in").asString()).isEqualTo("cookie");
        assertThat(cookie.get("name").asString()).isEqualTo("jobpool_session");
        assertThat(spec.get("security").valueStream().flatMap(requirement -> requirement.propertyNames().stream()))
                .containsExactly("bearer", "cookieAuth");
        JsonNode session = spec.get("paths").get("/api/v1/session");
        assertThat(session.get("post").get("security")).as("open: how a caller gets a credential").isEmpty();
        assertThat(session.get("get").has("security")).as("the global requirements").isFalse();
        assertThat(session.get("post").get("tags").get(0).asString()).isEqualTo("Session");
    }

    @Test
    void everyResponseHeaderHasASchemaAsOpenApi3Requires() {
        List<String> withoutSchema = new ArrayList<>();
        spec.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                operation.getValue().get("responses").properties().forEach(response -> {
                    JsonNode headers = response.getValue().get("headers");
                    if (headers != null) {
                        headers.properties().forEach(header -> {
                            if (!header.getValue().has("schema") && !header.getValue().has("content")) {
                                withoutSchema.add(operation.getKey() + " " + path.getKey() + " " + response.getKey() + " " + header.getKey());
                            }
                        });
                    }
                })));
        assertThat(withoutSchema).isEmpty();
    }

    @Test
    void everyErrorIsAProblemWithAnExample() {
        spec.get("paths").forEach(path -> path.forEach(operation -> operation.get("responses").properties().forEach(response -> {
            if (response.getKey().startsWith("2")) {
                return;
            }
            JsonNode content = response.getValue().get("content");
            assertThat(content.propertyNames()).containsExactly("application/problem+json");
            JsonNode problem = content.get("application/problem+json");
            assertThat(problem.get("schema").get("$ref").asString()).isEqualTo("#/components/schemas/Problem");
            assertThat(problem.get("example").get("status").asString()).isEqualTo(response.getKey());
            assertThat(problem.get("example").get("type").asString()).startsWith("https://jobpool.dev/problems/");
            assertThat(response.getValue().get("description").asString()).isNotBlank();
        })));
        JsonNode submit429 = spec.get("paths").get("/api/v1/jobs").get("post").get("responses").get("429");
        assertThat(submit429.get("headers").propertyNames()).contains("Retry-After");
    }

    @Test
    void theProblemSchemaHasTheRfc9457MembersAndOurExtensions() {
        JsonNode problem = spec.get("components").get("schemas").get("Problem");
        assertThat(problem.get("properties").propertyNames())
                .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "errors", "jobId", "pool");
        assertThat(problem.get("required").valueStream().map(JsonNode::asString)).contains("type", "title", "status");
    }

    @Test
    void theTestClientRejectsAResponseTheSpecDoesNotAllow() {
        String id = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"}}");
        Api.Response job = api.get("/api/v1/jobs/" + id);
        assertThat(api.contractMismatches("GET", "/api/v1/jobs/" + id, job)).isEmpty();

        Api.Response teapot = new Api.Response(418, job.headers(), job.text());
        assertThat(api.contractMismatches("GET", "/api/v1/jobs/" + id, teapot)).anyMatch(m -> m.contains("status.unknown"));

        Api.Response extraField = new Api.Response(200, job.headers(), job.text().replaceFirst("\\{", "{\"owner\":\"x\","));
        assertThat(api.contractMismatches("GET", "/api/v1/jobs/" + id, extraField)).isNotEmpty();

        Api.Response html = new Api.Response(404, HttpHeaders.of(Map.of("Content-Type", List.of("text/html")), (a, b) -> true),
                "<h1>Not Found</h1>");
        assertThat(api.contractMismatches("GET", "/api/v1/jobs/" + id, html)).isNotEmpty();
    }
}
