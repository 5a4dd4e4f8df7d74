package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.WorkerEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker JVM's command line: the service's own {@code java} binary, the lean classpath of
 * {@link WorkerClassPath}, its own heap, an exit on OutOfMemoryError, and JVM logging on stderr so stdout stays
 * the job's. Where the workers' AOT cache comes in, {@link WorkerAotCache} says.
 */
final class WorkerCommand {

    private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

    private final CpuPoolProperties properties;
    private final WorkerClassPath classPath;
    private final Path cacheDir;
    private final String java;

    WorkerCommand(CpuPoolProperties properties, WorkerClassPath classPath, Path cacheDir) {
        this.properties = properties;
        this.classPath = classPath;
        this.cacheDir = cacheDir;
        this.java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java binary runs this service"));
    }

    /** Resolves the workers' classpath (copying nested jars out once) and builds their command. */
    static WorkerCommand of(CpuPoolProperties properties, List<Path> pluginJars) throws IOException {
        Path cacheDir = cacheDir(properties);
        return new WorkerCommand(properties, WorkerClassPath.resolve(pluginJars, cacheDir), cacheDir);
    }

    /**
     * Where the copied jars and the AOT cache live: {@code jobpool.cpu.cache-dir}, or a folder in the temp folder.
     * Workers run what is in it, so it must be this user's alone: a folder someone else made (the temp folder is
     * everyone's) or may write to is not used, and this run gets a private folder of its own instead.
     */
    private static Path cacheDir(CpuPoolProperties properties) throws IOException {
        Path dir = properties.cacheDir() != null ? properties.cacheDir()
                : Path.of(System.getProperty("java.io.tmpdir"), "jobpool-worker-cache");
        var privateFolder = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(dir, privateFolder);
        Path probe = Files.createTempFile("jobpool-owner-", "");
        UserPrincipal me = Files.getOwner(probe);
        Files.delete(probe);
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (Files.isSymbolicLink(dir) || !Files.getOwner(dir).equals(me)
                || permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            Path own = Files.createTempDirectory("jobpool-worker-cache-", privateFolder);
            log.warn("{} is not {}'s alone, so workers do not run what is in it; this run uses {} (set "
                    + "jobpool.cpu.cache-dir to a folder of this user's)", dir, me.getName(), own);
            return own;
        }
        return dir;
    }

    Path cacheDir() {
        return cacheDir;
    }

    /** Same java, lean classes and flags; {@code aotOptions} go before the operator's own options. */
    List<String> line(List<String> aotOptions) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx" + properties.workerHeap().toMegabytes() + "m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+UseSerialGC");
        // JVM warnings (CDS, AOT) print on stdout by default, which belongs to jobs: move them all to stderr
        command.add("-Xlog:disable");
        command.add("-Xlog:all=warning:stderr");
        command.addAll(aotOptions);
        command.addAll(properties.jvmOptions().stream().filter(option -> !option.isBlank()).toList());
        command.add("-cp");
        command.add(classPath.argument());
        command.add(WorkerEnvironment.MAIN_CLASS);
        return List.copyOf(command);
    }

    WorkerClassPath classPath() {
        return classPath;
    }

    /**
     * What an AOT cache is valid for: this command line (java binary, options, classpath) and the size and
     * modification time of every classpath entry. The JVM itself checks less (a rewritten jar of the same size
     * passes), so the cache's name carries this.
     */
    String identity() throws IOException {
        StringBuilder identity = new StringBuilder(String.join("\0", line(List.of())));
        identity.append('\0').append(System.getProperty("java.vm.version"));
        for (Path entry : classPath.entries()) {
            identity.append('\0').append(entry).append(' ').append(Files.size(entry)).append(' ')
                    .append(Files.getLastModifiedTime(entry).toMillis());
        }
        return identity.toString();
    }

    /** The command line for the log, with the long classpath left out. */
    String describe(List<String> aotOptions) {
        return String.join(" ", line(aotOptions)).replace(classPath.argument(),
                "<" + classPath.entries().size() + " classpath entries: our classes, Jackson, plugin jars>");
    }
}
