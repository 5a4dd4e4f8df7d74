package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.FrameCodec;
import dev.jobpool.cpupool.protocol.FrameType;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker JVMs' JDK 25 AOT cache (JEP 483, 514, 515): their classes loaded and linked ahead of time, and
 * method profiles, so a worker skips most of its class loading. One cache per worker command line and
 * classpath ({@link WorkerCommand#identity()}), so a new build, JDK or option never meets a stale one.
 *
 * <p>It is trained once, by a worker started with {@code -XX:AOTCacheOutput} after the pool is warm: it warms up as
 * every worker does, says HELLO, is sent SHUTDOWN, and on its way out the JVM writes the cache. So the cache holds
 * what a worker runs before HELLO and not its JSON mapper: the JVM loads and links every cached class at start, and
 * the mapper's ~1,800 classes would delay every HELLO (docs/architecture.md has the figures); the mapper loads from
 * the jars after HELLO instead, on WARM_UP, off the path of a job that needs no JSON. Workers then start with
 * {@code -XX:AOTMode=on}, which makes a cache the JVM cannot use an exit at start rather than a
 * silent slow start: the launcher then starts the worker without it, and this class logs it once and drops the
 * cache. Workers never wait for a cache, and a classpath with folders (tests, {@code spring-boot:run}) gets none:
 * the JVM caches classes from jars only.
 */
final class WorkerAotCache {

    private static final Logger log = LoggerFactory.getLogger(WorkerAotCache.class);
    private static final long TRAINING_TIMEOUT_SECONDS = 120;

    private final Path file;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicBoolean training = new AtomicBoolean();
    private volatile boolean ready;
    private volatile Process trainer;

    private WorkerAotCache(Path file) {
        this.file = file;
        this.ready = file != null && Files.isRegularFile(file);
    }

    static WorkerAotCache of(CpuPoolProperties properties, WorkerCommand command) throws IOException {
        if (!properties.aotCache()) {
            log.info("worker JVMs start without an AOT cache: jobpool.cpu.aot-cache=false");
            return new WorkerAotCache(null);
        }
        if (!command.classPath().jarsOnly()) {
            log.info("worker JVMs start without an AOT cache: their classpath has folders, and the JVM caches classes "
                    + "from jars only (as under java -jar)");
            return new WorkerAotCache(null);
        }
        WorkerAotCache cache = new WorkerAotCache(command.cacheDir().resolve("worker-" + WorkerClassPath.hash(command.identity()) + ".aot"));
        log.info(cache.ready ? "worker JVMs start from the AOT cache {}"
                : "worker JVMs start without an AOT cache until {} is trained, once the pool is warm", cache.file);
        return cache;
    }

    /** The cache's file, trained or not yet; empty where workers get no cache. */
    Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The options a worker starts with: the cache if there is a good one, else none. */
    List<String> options() {
        return ready && !failed.get() ? List.of("-XX:AOTMode=on", "-XX:AOTCache=" + file) : List.of();
    }

    /** A worker started with the cache exited before HELLO: workers start without it from now on. */
    void failed(String why) {
        if (failed.compareAndSet(false, true)) {
            log.warn("a worker JVM could not start from the AOT cache {} ({}); workers start without it, and it is "
                    + "deleted so that the next start trains a new one", file, why);
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.debug("could not delete {}", file, e);
            }
        }
    }

    /** Trains the cache on a thread of its own if there is none yet; once per service at most. */
    void trainInBackground(WorkerLauncher launcher, CpuPoolProperties properties) {
        if (file == null || ready || failed.get() || !training.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().daemon().name("jobpool-worker-aot-training").start(() -> train(launcher, properties));
    }

    private void train(WorkerLauncher launcher, CpuPoolProperties properties) {
        long start = System.nanoTime();
        String base = file.getFileName().toString().replace(".aot", "." + ProcessHandle.current().pid());
        Path output = file.resolveSibling(base + ".training.aot");
        Path logFile = file.resolveSibling(base + ".training.log");
        try {
            WorkerLauncher.Started started = launcher.start(List.of("-XX:AOTCacheOutput=" + output), logFile);
            trainer = started.process();
            try (var channel = started.channel()) {
                // the worker warmed up before its HELLO; SHUTDOWN makes it exit in order, which writes the cache
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
                FrameCodec codec = new FrameCodec((int) properties.maxFrameSize().toBytes());
                codec.write(out, Frame.of(FrameType.SHUTDOWN, 0));
                if (!trainer.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("the training worker did not finish within " + TRAINING_TIMEOUT_SECONDS + " s");
                }
            }
            if (trainer.exitValue() != 0 || !Files.isRegularFile(output)) {
                throw new IOException("the training worker exited with code " + trainer.exitValue() + " and wrote no cache");
            }
            Files.move(output, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ready = true;
            Files.deleteIfExists(logFile);
            log.info("trained the worker JVMs' AOT cache {} in {} ms; workers started from now on use it", file,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.warn("could not train the worker JVMs' AOT cache ({}; its output is in {}); workers start without it",
                    e.getMessage(), logFile);
            quietlyDelete(output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            trainer = null;
        }
    }

    /** The service stops: a training still running ends with it. */
    void stop() {
        Process running = trainer;
        if (running != null) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
        }
    }

    private static void quietlyDelete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("could not delete {}", path, e);
        }
    }
}
