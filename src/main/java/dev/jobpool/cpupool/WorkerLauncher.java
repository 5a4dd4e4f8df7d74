package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.FrameCodec;
import dev.jobpool.cpupool.protocol.FrameType;
import dev.jobpool.cpupool.protocol.Payloads;
import dev.jobpool.cpupool.protocol.WorkerEnvironment;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts worker JVMs and lets only them in. The service listens on a Unix domain socket in a private (0700)
 * folder; each child gets the socket's path and a random one-time token in its environment, and must open
 * with {@code HELLO{token, pid}}. A connection with any other first frame is dropped and logged.
 *
 * <p>What a worker runs, {@link WorkerCommand} says, and whether it starts from an AOT cache,
 * {@link WorkerAotCache}; the launcher adds the environment it connects back with, and starts a worker again
 * without the cache if the JVM refused it.
 */
final class WorkerLauncher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerLauncher.class);

    /** The socket folder's name starts so; a service removes such folders whose owning process has gone. */
    static final String FOLDER_PREFIX = "jobpool-workers-";
    /** In the socket folder: the pid and start time of the service that made it. */
    static final String OWNER_FILE = "owner";
    static final String SOCKET_FILE = "pool.sock";

    private final CpuPoolProperties properties;
    private final Path folder;
    private final Path socketPath;
    private final ServerSocketChannel server;
    private final FrameCodec codec;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, CompletableFuture<Handshake>> pending = new ConcurrentHashMap<>();
    private final WorkerCommand command;
    private final WorkerAotCache aotCache;
    private volatile boolean closed;

    /** A worker that proved itself: its process and its channel. */
    record Handshake(SocketChannel channel, long pid) {
    }

    /** A worker JVM that said HELLO, and how long it took. */
    record Started(Process process, SocketChannel channel, long spawnNanos) {
    }

    /** A worker JVM exited before it said HELLO. */
    static final class ExitedEarlyException extends IOException {
        ExitedEarlyException(String message) {
            super(message);
        }
    }

    /** @param pluginJars jars whose job types workers load too, after the service's own classes */
    WorkerLauncher(CpuPoolProperties properties, List<Path> pluginJars) throws IOException {
        this(properties, WorkerCommand.of(properties, pluginJars));
    }

    WorkerLauncher(CpuPoolProperties properties, WorkerCommand command) throws IOException {
        this.properties = properties;
        this.codec = new FrameCodec((int) properties.maxFrameSize().toBytes());
        this.command = command;
        this.aotCache = WorkerAotCache.of(properties, command);
        UnusedWorkerCaches.markUsed(cacheEntriesInUse());
        UnusedWorkerCaches.remove(command.cacheDir(), Instant.now());
        this.folder = Files.createTempDirectory(FOLDER_PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(folder.resolve(OWNER_FILE), describe(ProcessHandle.current()));
        removeStaleFolders(folder.getParent(), Files.getOwner(folder));
        this.socketPath = folder.resolve(SOCKET_FILE);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketPath));
        Thread.ofPlatform().daemon().name("jobpool-cpu-acceptor").start(this::accept);
    }

    /**
     * Starts a worker and waits for its HELLO: from the AOT cache if there is one, and if the JVM cannot use it
     * (it exits at once), again without.
     */
    WorkerProcess launch(int slot, int restarts, WorkerProcess.Listener listener) throws IOException {
        UnusedWorkerCaches.markUsed(cacheEntriesInUse());
        List<String> aot = aotCache.options();
        Started started;
        try {
            started = start(aot, null);
        } catch (ExitedEarlyException e) {
            if (aot.isEmpty()) {
                throw new IOException("worker " + slot + " " + e.getMessage(), e);
            }
            aotCache.failed(e.getMessage());
            started = start(List.of(), null);
        }
        return new WorkerProcess(slot, restarts, started.process(), started.channel(), codec, listener,
                started.spawnNanos());
    }

    /** The folders of copied jars and the AOT cache that this service's workers start from. */
    private List<Path> cacheEntriesInUse() {
        List<Path> inUse = new ArrayList<>();
        for (Path entry : command.classPath().entries()) {
            Path folder = entry.getParent();
            if (command.cacheDir().equals(folder == null ? null : folder.getParent()) && !inUse.contains(folder)) {
                inUse.add(folder);
            }
        }
        aotCache.file().filter(Files::exists).ifPresent(inUse::add);
        return inUse;
    }

    /** After the pool is warm: trains the workers' AOT cache in the background if there is none yet. */
    void trainAotCache() {
        aotCache.trainInBackground(this, properties);
    }

    /**
     * Starts a worker JVM and waits for its HELLO.
     *
     * @param aotOptions the AOT cache to use or to write
     * @param output a file for its stdout and stderr; null for pipes, which the caller drains
     */
    Started start(List<String> aotOptions, Path output) throws IOException {
        String token = HexFormat.of().formatHex(randomBytes());
        CompletableFuture<Handshake> hello = new CompletableFuture<>();
        pending.put(token, hello);
        ProcessBuilder builder = new ProcessBuilder(command.line(aotOptions));
        // options meant for the service (a container's JAVA_TOOL_OPTIONS: its GC, its heap share) would clash with
        // the worker's own; the worker's command line says everything it needs
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().put(WorkerEnvironment.SOCKET, socketPath.toString());
        builder.environment().put(WorkerEnvironment.TOKEN, token);
        builder.environment().put(WorkerEnvironment.MAX_FRAME, Long.toString(properties.maxFrameSize().toBytes()));
        builder.environment().put(WorkerEnvironment.HEAP_RECYCLE, Long.toString(properties.heapRecycleBytes()));
        if (output != null) {
            builder.redirectErrorStream(true).redirectOutput(output.toFile());
        }
        long start = System.nanoTime();
        Process process = builder.start();
        process.onExit().thenRun(() -> hello.completeExceptionally(new ExitedEarlyException("exited with code "
                + process.exitValue() + " before it said HELLO" + (output == null ? firstWords(process) : ""))));
        try {
            Handshake handshake = hello.get(properties.spawnTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (handshake.pid() != process.pid()) {
                handshake.channel().close();
                throw new IOException("a process with pid " + handshake.pid() + " answered with the token of worker pid "
                        + process.pid());
            }
            return new Started(process, handshake.channel(), System.nanoTime() - start);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("worker pid " + process.pid() + " did not say HELLO within " + properties.spawnTimeout());
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw e.getCause() instanceof ExitedEarlyException exited ? exited
                    : new IOException("worker pid " + process.pid() + " failed its handshake", e.getCause());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting worker pid " + process.pid());
        } finally {
            pending.remove(token);
        }
    }

    /** What a worker that died at start printed on stderr (the JVM's reason), cut short. */
    private static String firstWords(Process process) {
        try (var stderr = process.getErrorStream()) {
            String text = new String(stderr.readNBytes(1024), java.nio.charset.StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : ": " + text.replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "";
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }

    private void accept() {
        while (!closed) {
            try {
                SocketChannel channel = server.accept();
                Thread.ofVirtual().start(() -> handshake(channel));
            } catch (IOException e) {
                if (!closed) {
                    log.error("the worker socket failed; no new worker can join", e);
                }
                return;
            }
        }
    }

    /** Reads the first frame; anything but a HELLO with a pending token closes the connection. */
    private void handshake(SocketChannel channel) {
        var timeout = CompletableFuture.delayedExecutor(properties.spawnTimeout().toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Void> deadline = CompletableFuture.runAsync(() -> closeQuietly(channel), timeout);
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 512));
            Frame frame = codec.read(in);
            Payloads.Hello hello = frame.type() == FrameType.HELLO ? Payloads.readHello(frame.payload()) : null;
            CompletableFuture<Handshake> waiting = hello == null ? null : pending.get(hello.token());
            if (waiting == null) {
                log.warn("dropped a connection to the worker socket that did not present a valid token (first frame {})",
                        frame.type());
                closeQuietly(channel);
                return;
            }
            deadline.cancel(false);
            waiting.complete(new Handshake(channel, hello.pid()));
        } catch (IOException | RuntimeException e) {
            log.warn("dropped a connection to the worker socket: {}", e.toString());
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    Path socketPath() {
        return socketPath;
    }

    /** The command line for the log, with the long classpath left out. */
    String describeCommand() {
        return command.describe(aotCache.options());
    }

    @Override
    public void close() throws IOException {
        closed = true;
        aotCache.stop();
        server.close();
        Files.deleteIfExists(socketPath);
        Files.deleteIfExists(folder.resolve(OWNER_FILE));
        Files.deleteIfExists(folder);
    }

    // --- socket folders left behind: a service killed with SIGKILL cannot remove its own ({@link StaleSocketFolders})

    /** {@code pid startMillis}: the start time tells a live owner from a new process that got its pid. */
    static String describe(ProcessHandle process) {
        return StaleSocketFolders.describe(process);
    }

    /** Removes the socket folders in {@code parent} that a service provably made and provably abandoned. */
    static void removeStaleFolders(Path parent, UserPrincipal me) {
        StaleSocketFolders.remove(parent, me);
    }
}
