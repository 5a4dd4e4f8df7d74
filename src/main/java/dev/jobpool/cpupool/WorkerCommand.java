package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.WorkerEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker JVM's command line: the service's own {@code java} binary and classes (plus the plugin jars), its
 * own heap, an exit on OutOfMemoryError, JVM logging on stderr so stdout stays the job's, and a class data
 * sharing archive where the classpath allows one.
 */
final class WorkerCommand {

    private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

    private final CpuPoolProperties properties;
    private final String classPath;
    private final List<String> command;

    /** @param pluginJars jars whose job types workers load too, after the service's own classes */
    WorkerCommand(CpuPoolProperties properties, List<Path> pluginJars) throws IOException {
        this.properties = properties;
        List<String> entries = new ArrayList<>(List.of(plainClassPath()));
        pluginJars.forEach(jar -> entries.add(jar.toAbsolutePath().toString()));
        this.classPath = String.join(File.pathSeparator, entries);
        this.command = build();
    }

    List<String> command() {
        return command;
    }

    /** The command line for the log, with the long classpath left out. */
    String describe() {
        return String.join(" ", command).replace(classPath, "<the service's classpath and plugin jars>");
    }

    /** Same java, same classes, lean flags. */
    private List<String> build() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java binary runs this service")));
        command.add("-Xmx" + properties.workerHeap().toMegabytes() + "m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+UseSerialGC");
        // JVM warnings (CDS, AOT) print on stdout by default, which belongs to jobs: move them all to stderr
        command.add("-Xlog:disable");
        command.add("-Xlog:all=warning:stderr");
        // CDS archives classes from jars only; a classpath with folders (an IDE, spring-boot:run) starts without it
        boolean jarsOnly = Arrays.stream(classPath.split(File.pathSeparator)).allMatch(e -> e.endsWith(".jar"));
        if (properties.classDataSharing() && jarsOnly) {
            command.add("-XX:+AutoCreateSharedArchive");
            command.add("-XX:SharedArchiveFile=" + archiveFile());
        }
        command.addAll(properties.jvmOptions().stream().filter(option -> !option.isBlank()).toList());
        command.add("-cp");
        command.add(classPath);
        command.add(WorkerEnvironment.MAIN_CLASS);
        return List.copyOf(command);
    }

    /** One archive per classpath and JDK, so an upgrade never meets a stale archive. */
    private Path archiveFile() throws IOException {
        Path dir = properties.archiveDir() != null ? properties.archiveDir()
                : Path.of(System.getProperty("java.io.tmpdir"), "jobpool-cds");
        Files.createDirectories(dir);
        byte[] key = sha256(classPath + "|" + Runtime.version());
        return dir.resolve("worker-" + HexFormat.of().formatHex(key, 0, 8) + ".jsa");
    }

    /**
     * The service's classpath as a plain list of jars and folders. Under {@code java -jar jobpool.jar} the
     * classes sit nested in BOOT-INF, which a JVM opens only through Spring Boot's launcher: slow to start,
     * and invisible to class data sharing. So the nested jars are unpacked once into a folder keyed by the
     * jar's identity, and the workers start from there.
     */
    private static String plainClassPath() throws IOException {
        String classPath = System.getProperty("java.class.path");
        if (!isSpringBootJar(classPath)) {
            return classPath;
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        String key = HexFormat.of().formatHex(sha256(jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar)), 0, 8);
        Path unpacked = Path.of(System.getProperty("java.io.tmpdir"), "jobpool-worker-classpath-" + key);
        if (!Files.isDirectory(unpacked)) {
            Path partial = Files.createTempDirectory(unpacked.getParent(), "jobpool-worker-classpath-");
            unpack(jar, partial);
            try {
                Files.move(partial, unpacked, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                log.debug("another service unpacked the worker classpath first");
            }
        }
        List<String> entries = new ArrayList<>();
        entries.add(unpacked.resolve("classes.jar").toString());
        try (var lines = Files.lines(unpacked.resolve("classpath.idx"))) {
            lines.map(line -> line.replaceAll("^- \"BOOT-INF/lib/(.*)\"$", "$1"))
                    .forEach(name -> entries.add(unpacked.resolve("lib").resolve(name).toString()));
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * BOOT-INF/lib's jars are copied as they are; BOOT-INF/classes becomes {@code classes.jar}, since class data
     * sharing archives classes from jars only.
     */
    private static void unpack(Path jar, Path target) throws IOException {
        Files.createDirectories(target.resolve("lib"));
        try (JarFile file = new JarFile(jar.toFile());
                var classes = new JarOutputStream(Files.newOutputStream(target.resolve("classes.jar")))) {
            var entries = file.entries();
            while (entries.hasMoreElements()) {
                var entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith("BOOT-INF/classes/") && name.length() > "BOOT-INF/classes/".length()) {
                    classes.putNextEntry(new JarEntry(name.substring("BOOT-INF/classes/".length())));
                    if (!entry.isDirectory()) {
                        try (var in = file.getInputStream(entry)) {
                            in.transferTo(classes);
                        }
                    }
                    classes.closeEntry();
                } else if (name.startsWith("BOOT-INF/lib/") && !entry.isDirectory()) {
                    Path destination = target.resolve("lib").resolve(Path.of(name).getFileName().toString());
                    try (var in = file.getInputStream(entry)) {
                        Files.copy(in, destination);
                    }
                } else if (name.equals("BOOT-INF/classpath.idx")) {
                    try (var in = file.getInputStream(entry)) {
                        Files.copy(in, target.resolve("classpath.idx"));
                    }
                }
            }
        }
    }

    private static boolean isSpringBootJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
