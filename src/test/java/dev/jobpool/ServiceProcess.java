package dev.jobpool;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The service as a separate OS process, started from the test classpath with the running JVM's own java, so
 * a test can {@code kill -9} it as an operator's crash would. Its log goes to a file beside the test's data.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the service with these {@code --name=value} settings and waits until it is ready. */
    public static ServiceProcess start(Path log, String... settings) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), JobpoolApplication.class.getName(),
                "--server.port=" + port, "--jobpool.cpu.workers=1", "--jobpool.plugins.dir=target/no-plugins"));
        command.addAll(List.of(settings));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServiceProcess service = new ServiceProcess(process, port, log);
        // a bare client: Api reads the service's OpenAPI spec when it is made, which needs the service up
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the service exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    return client.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYetListening) {
                    return false;
                }
            });
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly(); // never leave a service behind that no test will stop
            throw e;
        }
        return service;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Api api() {
        return new Api(port);
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, and SIGKILL if the service has not left after a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
