package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.FrameCodec;
import dev.jobpool.cpupool.protocol.FrameType;
import dev.jobpool.cpupool.protocol.Messages;
import dev.jobpool.cpupool.protocol.WorkerEnvironment;
import dev.jobpool.jobtype.registry.JobJson;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts worker JVMs and lets only them in. The service listens on a Unix domain socket in a private (0700)
 * folder; each child gets the socket's path and a random one-time token in its environment, and must open
 * with {@code HELLO{token, pid}}. A connection with any other first frame is dropped and logged.
 *
 * <p>What a worker runs, {@link WorkerCommand} says; the launcher adds the environment it connects back with.
 */
final class WorkerLauncher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerLauncher.class);

    /** The socket folder's name starts so; a service removes such folders whose owning process has gone. */
    static final String FOLDER_PREFIX = "jobpool-workers-";
    /** In the socket folder: the pid and start time of the service that made it. */
    static final String OWNER_FILE = "owner";
    static final String SOCKET_FILE = "pool.sock";
    private static final Set<String> OUR_FILES = Set.of(OWNER_FILE, SOCKET_FILE);

    private final CpuPoolProperties properties;
    private final Path folder;
    private final Path socketPath;
    private final ServerSocketChannel server;
    private final FrameCodec codec;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, CompletableFuture<Handshake>> pending = new ConcurrentHashMap<>();
    private final WorkerCommand command;
    private volatile boolean closed;

    /** A worker that proved itself: its process and its channel. */
    record Handshake(SocketChannel channel, long pid) {
    }

    /** @param pluginJars jars whose job types workers load too, after the service's own classes */
    WorkerLauncher(CpuPoolProperties properties, List<Path> pluginJars) throws IOException {
        this.properties = properties;
        this.codec = new FrameCodec((int) properties.maxFrameSize().toBytes());
        this.folder = Files.createTempDirectory(FOLDER_PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(folder.resolve(OWNER_FILE), describe(ProcessHandle.current()));
        removeStaleFolders(folder.getParent(), Files.getOwner(folder));
        this.socketPath = folder.resolve(SOCKET_FILE);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketPath));
        this.command = new WorkerCommand(properties, pluginJars);
        Thread.ofPlatform().daemon().name("jobpool-cpu-acceptor").start(this::accept);
    }

    /** Starts a worker and waits for its HELLO. */
    WorkerProcess launch(int slot, int restarts, WorkerProcess.Listener listener) throws IOException {
        String token = HexFormat.of().formatHex(randomBytes());
        CompletableFuture<Handshake> hello = new CompletableFuture<>();
        pending.put(token, hello);
        ProcessBuilder builder = new ProcessBuilder(command.command());
        // options meant for the service (a container's JAVA_TOOL_OPTIONS: its GC, its heap share) would clash with
        // the worker's own; the worker's command line says everything it needs
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().put(WorkerEnvironment.SOCKET, socketPath.toString());
        builder.environment().put(WorkerEnvironment.TOKEN, token);
        builder.environment().put(WorkerEnvironment.MAX_FRAME, Long.toString(properties.maxFrameSize().toBytes()));
        builder.environment().put(WorkerEnvironment.HEAP_RECYCLE, Long.toString(properties.heapRecycleBytes()));
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            Handshake handshake = hello.get(properties.spawnTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (handshake.pid() != process.pid()) {
                handshake.channel().close();
                throw new IOException("a process with pid " + handshake.pid() + " answered with the token of worker pid "
                        + process.pid());
            }
            return new WorkerProcess(slot, restarts, process, handshake.channel(), codec, listener,
                    System.nanoTime() - start);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("worker " + slot + " (pid " + process.pid() + ") did not say HELLO within "
                    + properties.spawnTimeout() + "; exit code " + (process.isAlive() ? "none yet" : process.exitValue()));
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new IOException("worker " + slot + " failed its handshake", e.getCause());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting worker " + slot);
        } finally {
            pending.remove(token);
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
            Messages.Hello hello = frame.type() == FrameType.HELLO
                    ? JobJson.MAPPER.readValue(frame.payload(), Messages.Hello.class) : null;
            CompletableFuture<Handshake> waiting = hello == null || hello.token() == null ? null : pending.get(hello.token());
            if (waiting == null || hello.version() != FrameCodec.VERSION) {
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
        return command.describe();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        Files.deleteIfExists(socketPath);
        Files.deleteIfExists(folder.resolve(OWNER_FILE));
        Files.deleteIfExists(folder);
    }

    // --- socket folders left behind: a service killed with SIGKILL cannot remove its own

    /** {@code pid startMillis}: the start time tells a live owner from a new process that got its pid. */
    static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    /**
     * Removes the socket folders in {@code parent} whose owner file names a process that no longer runs. A folder
     * without that file, of another user than {@code me}, or holding anything but the socket and the owner file is
     * left alone: only what a service provably made and provably abandoned is removed.
     */
    static void removeStaleFolders(Path parent, UserPrincipal me) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, FOLDER_PREFIX + "*")) {
            for (Path stale : folders) {
                removeIfAbandoned(stale, me);
            }
        } catch (IOException e) {
            log.warn("could not look for stale worker socket folders in {}: {}", parent, e.toString());
        }
    }

    private static void removeIfAbandoned(Path folder, UserPrincipal me) {
        try {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                    || !Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).equals(me)) {
                return;
            }
            Path owner = folder.resolve(OWNER_FILE);
            if (!Files.isRegularFile(owner, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            String marker = Files.readString(owner).strip();
            if (isRunning(marker)) {
                return;
            }
            try (Stream<Path> entries = Files.list(folder)) {
                if (!entries.allMatch(entry -> OUR_FILES.contains(entry.getFileName().toString()))) {
                    return;
                }
            }
            Files.deleteIfExists(folder.resolve(SOCKET_FILE));
            Files.delete(owner);
            Files.delete(folder);
            log.info("removed the worker socket folder {} of process {}, which no longer runs", folder, marker);
        } catch (IOException | RuntimeException e) {
            log.warn("could not remove the stale worker socket folder {}: {}", folder, e.toString());
        }
    }

    /** Whether the process an owner file describes still runs; an unreadable description counts as running. */
    static boolean isRunning(String marker) {
        String[] parts = marker.split(" ");
        long pid;
        long startMillis;
        try {
            pid = Long.parseLong(parts[0]);
            startMillis = parts.length > 1 ? Long.parseLong(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return true;
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(process -> startMillis < 0 || describe(process).equals(marker))
                .orElse(false);
    }
}
