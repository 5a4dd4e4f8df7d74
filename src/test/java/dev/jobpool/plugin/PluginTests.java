package dev.jobpool.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.jobpool.Api;
import dev.jobpool.JobpoolApplication;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The example plugin, built from examples/ at test time, dropped into a plugins folder of a started service. */
class PluginTests {

    static final Path EXAMPLE = Path.of("examples/plugin-example");
    static Path exampleJar;
    static HttpServer server;

    @BeforeAll
    static void buildTheExampleAndStartAServer(@TempDir Path build) throws Exception {
        exampleJar = PluginJars.build(EXAMPLE, build.resolve("jobpool-plugin-example.jar"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/text", exchange -> {
            byte[] body = "the quick brown fox\njumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void aPluginsTypesRunOnBothPoolsNextToTheBuiltIns(@TempDir Path plugins) throws Exception {
        Files.copy(exampleJar, plugins.resolve("example.jar"));
        try (ConfigurableApplicationContext context = start(plugins, "fail")) {
            Api api = api(context);
            JsonNode types = api.get("/api/v1/job-types").json();
            assertThat(types.findValuesAsString("name")).contains("sleep", "primes", "example.wordcount", "example.mandelbrot");

            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/text";
            JsonNode words = api.await(api.submit("{\"type\":\"example.wordcount\",\"input\":{\"url\":\"" + url + "\"}}"),
                    Duration.ofSeconds(20));
            assertThat(words.get("status").asString()).as(words.toString()).isEqualTo("SUCCEEDED");
            assertThat(words.get("pool").asString()).isEqualTo("io");
            assertThat(words.get("result").get("words").asLong()).isEqualTo(9);

            String tile = "{\"x\":-2.0,\"y\":-1.5,\"size\":3.0,\"pixels\":64,\"maxIterations\":100}";
            JsonNode mandelbrot = api.await(api.submit("{\"type\":\"example.mandelbrot\",\"input\":" + tile + "}"),
                    Duration.ofSeconds(30));
            assertThat(mandelbrot.get("status").asString()).as(mandelbrot.toString()).isEqualTo("SUCCEEDED");
            assertThat(mandelbrot.get("pool").asString()).isEqualTo("cpu");
            JsonNode result = mandelbrot.get("result");
            assertThat(Base64.getDecoder().decode(result.get("png").asString())).startsWith(0x89, 'P', 'N', 'G');
            assertThat(result.get("sha256").asString()).isEqualTo(renderInProcess(tile).get("sha256").asString());
            assertThat(result.get("inside").asLong()).isPositive();
        }
    }

    @Test
    void aThrowingPluginFailsOnlyItsJobWithoutAStackTrace(@TempDir Path plugins) throws Exception {
        Files.copy(exampleJar, plugins.resolve("example.jar"));
        try (ConfigurableApplicationContext context = start(plugins, "fail")) {
            Api api = api(context);
            String missing = "http://127.0.0.1:" + server.getAddress().getPort() + "/missing";
            JsonNode job = api.await(api.submit("{\"type\":\"example.wordcount\",\"input\":{\"url\":\"" + missing + "\"}}"),
                    Duration.ofSeconds(20));
            assertThat(job.get("status").asString()).isEqualTo("FAILED");
            assertThat(job.get("error").get("code").asString()).isEqualTo("HANDLER_ERROR");
            assertThat(job.get("error").get("message").asString()).isEqualTo("GET " + missing + " answered 404");
            assertThat(job.toString()).doesNotContain("at com.example");
            assertThat(api.await(api.submit("{\"type\":\"square\",\"input\":4}"), Duration.ofSeconds(20)).get("result").asLong())
                    .isEqualTo(16);
        }
    }

    @Test
    void aBrokenJarStopsTheStartOrIsSkippedAsConfigured(@TempDir Path plugins) throws Exception {
        Files.write(plugins.resolve("broken.jar"), "not a jar".getBytes(StandardCharsets.UTF_8));
        Files.copy(exampleJar, plugins.resolve("example.jar"));

        assertThatThrownBy(() -> start(plugins, "fail")).hasStackTraceContaining("plugin jar broken.jar failed to load")
                .hasStackTraceContaining("jobpool.plugins.on-error=skip");

        try (ConfigurableApplicationContext context = start(plugins, "skip")) {
            assertThat(api(context).get("/api/v1/job-types").json().findValuesAsString("name")).contains("example.wordcount");
        }
    }

    @Test
    void twoTypesWithOneNameStopTheStartNamingBothJars(@TempDir Path plugins) throws Exception {
        Files.copy(exampleJar, plugins.resolve("first.jar"));
        Files.copy(exampleJar, plugins.resolve("second.jar"));
        assertThatThrownBy(() -> start(plugins, "fail")).rootCause()
                .hasMessageContaining("example.wordcount").hasMessageContaining("first.jar").hasMessageContaining("second.jar");
    }

    @Test
    void aPluginThatShadowsABuiltInStopsTheStart(@TempDir Path plugins, @TempDir Path project) throws Exception {
        Path source = project.resolve("src/main/java/shadow/Sleep.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package shadow;
                public class Sleep implements dev.jobpool.jobtype.JobType<String, String> {
                    public String name() { return "sleep"; }
                    public dev.jobpool.jobtype.Pool pool() { return dev.jobpool.jobtype.Pool.IO; }
                    public String description() { return "not the real one"; }
                    public Class<String> inputType() { return String.class; }
                    public String run(String in, dev.jobpool.jobtype.JobContext c) { return in; }
                }
                """);
        Path services = project.resolve("src/main/resources/META-INF/services/dev.jobpool.jobtype.JobType");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "shadow.Sleep\n");
        PluginJars.build(project, plugins.resolve("shadow.jar"));

        assertThatThrownBy(() -> start(plugins, "fail")).rootCause()
                .hasMessageContaining("'sleep'").hasMessageContaining("built-in").hasMessageContaining("shadow.jar");
    }

    private static ConfigurableApplicationContext start(Path plugins, String onError) {
        return SpringApplication.run(JobpoolApplication.class, "--server.port=0", "--jobpool.cpu.workers=1",
                "--jobpool.plugins.dir=" + plugins, "--jobpool.plugins.on-error=" + onError);
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** The same handler, run here from the same jar: the worker's answer must match it. */
    private static JsonNode renderInProcess(String tile) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {exampleJar.toUri().toURL()},
                PluginTests.class.getClassLoader())) {
            var type = (dev.jobpool.jobtype.JobType<?, ?>) loader.loadClass("com.example.jobpool.MandelbrotJobType")
                    .getDeclaredConstructor().newInstance();
            return dev.jobpool.jobtype.InProcess.run(type, tile);
        }
    }

}
