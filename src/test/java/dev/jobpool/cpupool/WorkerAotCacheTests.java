package dev.jobpool.cpupool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.Payloads;
import dev.jobpool.cpupool.protocol.WorkerEnvironment;
import dev.jobpool.worker.WorkerMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Worker JVMs from a classpath of jars, as under {@code java -jar}: the AOT cache is trained once, holds what a worker
 * runs before its HELLO, is used by the workers started after, and a cache the JVM refuses never keeps a worker from
 * starting.
 */
class WorkerAotCacheTests {

    @TempDir
    Path dir;

    private final List<WorkerProcess> workers = new ArrayList<>();
    private final List<WorkerLauncher> launchers = new ArrayList<>();

    @AfterEach
    void stopWorkers() throws IOException {
        workers.forEach(WorkerProcess::kill);
        for (WorkerLauncher launcher : launchers) {
            launcher.close();
        }
    }

    @Test
    void workersStartWithoutACacheTrainOneAndThenStartFromIt() throws Exception {
        WorkerLauncher launcher = launcher();
        assertThat(arguments(launch(launcher))).noneMatch(argument -> argument.startsWith("-XX:AOTCache"));

        launcher.trainAotCache();
        await().atMost(Duration.ofSeconds(90)).until(() -> cacheFiles().size() == 1);

        Path cache = cacheFiles().getFirst();
        assertThat(arguments(launch(launcher))).contains("-XX:AOTCache=" + cache);
        assertThat(arguments(launch(launcher()))).as("a new service finds the cache trained before")
                .contains("-XX:AOTCache=" + cache);
    }

    @Test
    void theCacheHoldsWhatAWorkerRunsBeforeItsHelloButNotItsJsonMapper() throws Exception {
        WorkerLauncher launcher = launcher();
        launcher.trainAotCache();
        await().atMost(Duration.ofSeconds(90)).until(() -> cacheFiles().size() == 1);
        WorkerProcess worker = launch(launcher);

        // the worker's own command line, logging the classes it loads; with no socket in its environment it exits
        // right after the JVM has loaded every cached class
        List<String> line = new ArrayList<>();
        line.add(ProcessHandle.of(worker.pid()).flatMap(process -> process.info().command()).orElseThrow());
        line.addAll(arguments(worker));
        line.add(line.indexOf(WorkerMain.class.getName()), "-Xlog:class+load=info:stdout");
        Process jvm = new ProcessBuilder(line).redirectErrorStream(true).start();
        String loaded = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jvm.waitFor();

        assertThat(loaded).contains(WorkerMain.class.getName() + " source: shared objects file")
                .contains(Payloads.class.getName() + " source: shared objects file")
                .as("the mapper loads after HELLO, from the jars: cached, its classes would slow every worker's start")
                .doesNotContain(JsonMapper.class.getName() + " source: shared objects file")
                .doesNotContain(ObjectMapper.class.getName() + " source: shared objects file");
    }

    @Test
    void aCacheTheJvmRefusesIsDroppedAndTheWorkerStartsWithoutIt() throws Exception {
        WorkerLauncher first = launcher();
        first.trainAotCache();
        await().atMost(Duration.ofSeconds(90)).until(() -> cacheFiles().size() == 1);
        Path cache = cacheFiles().getFirst();
        Files.write(cache, new byte[4096]); // not a cache at all

        WorkerLauncher launcher = launcher();
        WorkerProcess worker = launch(launcher);

        assertThat(worker.isAlive()).isTrue();
        assertThat(arguments(worker)).noneMatch(argument -> argument.startsWith("-XX:AOTCache"));
        assertThat(cache).as("deleted, so that the next start trains a new one").doesNotExist();
        assertThat(arguments(launch(launcher))).as("later workers do not try it again")
                .noneMatch(argument -> argument.startsWith("-XX:AOTCache"));
    }

    private WorkerLauncher launcher() throws IOException {
        CpuPoolProperties properties = new CpuPoolProperties(1, DataSize.ofMegabytes(64), 0, 10, Duration.ofMillis(500),
                Duration.ofSeconds(30), DataSize.ofMegabytes(1), 1, 10, true, dir.resolve("cache"), List.of(), null,
                Duration.ofSeconds(5), Duration.ofSeconds(10));
        Files.createDirectories(dir.resolve("cache"));
        List<Path> entries = new ArrayList<>(List.of(classesJar()));
        WorkerClassPath.LIBRARIES.forEach(library -> entries.add(WorkerClassPath.Source.of(library).file()));
        WorkerCommand command = new WorkerCommand(properties, new WorkerClassPath(entries), dir.resolve("cache"));
        WorkerLauncher launcher = new WorkerLauncher(properties, command);
        launchers.add(launcher);
        return launcher;
    }

    /** The service's classes as a jar, made once per test: the JVM caches classes from jars only. */
    private Path classesJar() throws IOException {
        Path jar = dir.resolve("classes.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Path classes = WorkerClassPath.Source.of(WorkerEnvironment.class).file();
        try (var out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private WorkerProcess launch(WorkerLauncher launcher) throws IOException {
        WorkerProcess worker = launcher.launch(0, 0, new WorkerProcess.Listener() {
            @Override
            public void received(WorkerProcess worker, Frame frame) {
            }

            @Override
            public void gone(WorkerProcess worker, IOException cause) {
            }
        });
        workers.add(worker);
        return worker;
    }

    /** The trained cache, once the training has cleaned up after itself (and no sooner). */
    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
            List<Path> all = files.toList();
            return all.size() == 1 && all.getFirst().getFileName().toString().matches("worker-[0-9a-f]+\\.aot") ? all
                    : List.of();
        }
    }

    private static List<String> arguments(WorkerProcess worker) {
        return ProcessHandle.of(worker.pid()).flatMap(process -> process.info().arguments()).map(Arrays::asList)
                .orElseThrow();
    }
}
