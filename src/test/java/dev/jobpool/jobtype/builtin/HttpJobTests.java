package dev.jobpool.jobtype.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.jobpool.Api;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** http jobs against a real local server; private networks are allowed here, as an operator would allow them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jobpool.http.allow-private-networks=true", "jobpool.http.max-body-size=1KB", "jobpool.jobs.retry-backoff=50ms"})
class HttpJobTests {

    static HttpServer server;
    static String base;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hello", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Greeting", "yes");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String reply = exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Token") + " "
                    + new String(body, StandardCharsets.UTF_8);
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/hello");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/big", exchange -> {
            byte[] body = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void returnsStatusHeadersBodyAndElapsedTime() {
        JsonNode result = run("{\"url\":\"" + base + "/hello\"}").get("result");
        assertThat(result.get("status").asInt()).isEqualTo(200);
        assertThat(result.get("body").asString()).isEqualTo("hello");
        assertThat(result.get("bodyTruncated").asBoolean()).isFalse();
        assertThat(result.get("headers").get("X-greeting").get(0).asString()).isEqualTo("yes");
        assertThat(result.get("elapsedMillis").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void sendsMethodHeadersAndBody() {
        JsonNode result = run("{\"method\":\"PUT\",\"url\":\"" + base + "/echo\",\"headers\":{\"X-Token\":\"t1\"},\"body\":\"hi\"}")
                .get("result");
        assertThat(result.get("status").asInt()).isEqualTo(201);
        assertThat(result.get("body").asString()).isEqualTo("PUT t1 hi");
    }

    @Test
    void followsRedirects() {
        assertThat(run("{\"url\":\"" + base + "/moved\"}").get("result").get("body").asString()).isEqualTo("hello");
    }

    @Test
    void capsTheBodyItKeeps() {
        JsonNode result = run("{\"url\":\"" + base + "/big\"}").get("result");
        assertThat(result.get("body").asString()).hasSize(1024);
        assertThat(result.get("bodyTruncated").asBoolean()).isTrue();
    }

    @Test
    void retriesARefusedConnectionWithBackoffThenFails() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Api api = new Api(port);
        String id = api.submit("{\"type\":\"http\",\"maxAttempts\":3,\"input\":{\"url\":\"http://127.0.0.1:" + closedPort + "/\"}}");
        JsonNode job = api.await(id, Duration.ofSeconds(20));

        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("attempts").asInt()).isEqualTo(3);
        assertThat(job.get("error").get("code").asString()).isEqualTo("HANDLER_ERROR");
        assertThat(job.get("error").get("message").asString()).contains("127.0.0.1:" + closedPort);
    }

    @Test
    void refusesAMethodOutsideTheSchemaBeforeRunning() {
        Api.Response refused = new Api(port).post("/api/v1/jobs",
                "{\"type\":\"http\",\"input\":{\"method\":\"BREW\",\"url\":\"" + base + "/hello\"}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("input.method");
    }

    private JsonNode run(String input) {
        Api api = new Api(port);
        JsonNode job = api.await(api.submit("{\"type\":\"http\",\"input\":" + input + "}"), Duration.ofSeconds(20));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job;
    }
}
