package dev.jobpool.cpupool;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jobpool.cpupool.protocol.WorkerEnvironment;
import jakarta.validation.constraints.NotNull;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a worker JVM loads: the service's own classes, the few libraries a worker uses (Jackson, and Jakarta
 * Validation for the annotations on job inputs), every folder of a development classpath (test classes in a
 * build, other modules in an IDE) and the plugin jars. Not Tomcat, Spring or Swagger UI: a worker never touches
 * them, and each jar on a classpath costs a JVM at start (a {@code ServiceLoader} opens every one).
 *
 * <p>Each library is found where the service itself loaded it from: a jar in a folder (a build, the Docker
 * image's {@code lib/}), or a jar nested in {@code BOOT-INF/lib} under {@code java -jar}. A nested jar, or our
 * classes in {@code BOOT-INF/classes} or in a jar whose manifest names the whole service classpath (the Docker
 * image's {@code application.jar}), are copied once into a folder named for their content, so a rebuilt but
 * unchanged jar finds the copy, and the AOT cache trained on it, again.
 */
final class WorkerClassPath {

    private static final Logger log = LoggerFactory.getLogger(WorkerClassPath.class);

    /**
     * One class from each library a worker JVM needs besides ours: Jackson's databind, core and annotations, and
     * Jakarta Validation. {@code ArchitectureTests} keeps the worker's code within them.
     */
    static final List<Class<?>> LIBRARIES = List.of(JsonMapper.class, JsonParser.class, JsonProperty.class, NotNull.class);

    private static final String NESTED = "jar:nested:";
    private static final String CLASSES_FOLDER = "BOOT-INF/classes/";

    private final List<Path> entries;

    WorkerClassPath(List<Path> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param pluginJars jars whose job types workers load too, after everything else
     * @param cacheDir where copies of nested or manifest-bound jars go
     */
    static WorkerClassPath resolve(List<Path> pluginJars, Path cacheDir) throws IOException {
        List<Source> sources = new ArrayList<>();
        sources.add(Source.of(WorkerEnvironment.class));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank() && Files.isDirectory(Path.of(entry))) {
                sources.add(new Source(Path.of(entry).toAbsolutePath(), null));
            }
        }
        LIBRARIES.forEach(library -> sources.add(Source.of(library)));
        Map<Source, Path> copies = copies(sources, cacheDir);
        Set<Path> entries = new LinkedHashSet<>();
        for (Source source : sources) {
            entries.add(copies.getOrDefault(source, source.file()));
        }
        pluginJars.forEach(jar -> entries.add(jar.toAbsolutePath()));
        return new WorkerClassPath(List.copyOf(entries));
    }

    List<Path> entries() {
        return entries;
    }

    /** The {@code -cp} argument. */
    String argument() {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    /** Whether every entry is a jar: an AOT cache holds classes from jars only. */
    boolean jarsOnly() {
        return entries.stream().allMatch(Files::isRegularFile);
    }

    /**
     * Where a class was loaded from: a jar or folder ({@code nested} null), or the entry {@code nested} of the
     * Spring Boot jar {@code file} ({@code BOOT-INF/lib/x.jar}, or {@code BOOT-INF/classes/}).
     */
    record Source(Path file, String nested) {

        static Source of(Class<?> type) {
            URL location = type.getProtectionDomain().getCodeSource().getLocation();
            String url = location.toString();
            try {
                if (url.startsWith(NESTED)) { // jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/
                    String rest = url.substring(NESTED.length());
                    int separator = rest.indexOf("/!");
                    String entry = rest.substring(separator + 2);
                    entry = entry.endsWith("!/") ? entry.substring(0, entry.length() - 2) : entry;
                    return new Source(Path.of(new URI("file://" + rest.substring(0, separator))), entry);
                }
                return new Source(Path.of(location.toURI()).toAbsolutePath(), null);
            } catch (URISyntaxException | RuntimeException e) {
                throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from (" + url + ")", e);
            }
        }

        /** Needs a copy: nested in a Spring Boot jar, or a jar whose manifest would bring the service's classpath. */
        boolean needsCopy() throws IOException {
            if (nested != null) {
                return true;
            }
            if (!Files.isRegularFile(file)) {
                return false;
            }
            try (JarFile jar = new JarFile(file.toFile())) {
                return jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH) != null;
            }
        }

        /** The name of the copy: classes.jar for our classes, the library jar's own name otherwise. */
        String copyName() {
            return nested == null || nested.equals(CLASSES_FOLDER) ? "classes.jar" : Path.of(nested).getFileName().toString();
        }
    }

    /**
     * Copies what needs copying into {@code cacheDir/classpath-<key>/}, where the key is made of the copied
     * entries' names, sizes and CRCs: the same content finds the same folder, built once and never changed.
     */
    private static Map<Source, Path> copies(List<Source> sources, Path cacheDir) throws IOException {
        List<Source> toCopy = new ArrayList<>();
        for (Source source : sources) {
            if (source.needsCopy() && !toCopy.contains(source)) {
                toCopy.add(source);
            }
        }
        Map<Source, Path> copies = new LinkedHashMap<>();
        if (toCopy.isEmpty()) {
            return copies;
        }
        StringBuilder identity = new StringBuilder();
        for (Source source : toCopy) {
            identity.append(source.copyName()).append('|');
            forEachEntry(source, (name, entry) -> identity.append(name).append(' ').append(entry.getSize()).append(' ')
                    .append(entry.getCrc()).append('\n'));
        }
        Path folder = cacheDir.resolve("classpath-" + hash(identity.toString()));
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(cacheDir);
            Path partial = Files.createTempDirectory(cacheDir, "partial-classpath-");
            for (Source source : toCopy) {
                copy(source, partial.resolve(source.copyName()));
            }
            try {
                Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
                log.info("copied the worker JVMs' classpath out of {} into {}", toCopy.getFirst().file(), folder);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                log.debug("another service copied the worker classpath first");
                deleteTree(partial);
            }
        }
        toCopy.forEach(source -> copies.put(source, folder.resolve(source.copyName())));
        return copies;
    }

    @FunctionalInterface
    private interface EntryVisitor {
        void visit(String name, ZipEntry entry) throws IOException;
    }

    /** The entries a copy of the source holds, with their names in the copy; a nested jar is read as one entry. */
    private static void forEachEntry(Source source, EntryVisitor visitor) throws IOException {
        try (JarFile jar = new JarFile(source.file().toFile())) {
            if (source.nested() != null && !source.nested().endsWith("/")) {
                visitor.visit(source.nested(), jar.getEntry(source.nested()));
                return;
            }
            String prefix = source.nested() == null ? "" : source.nested();
            for (var entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith(prefix) && name.length() > prefix.length() && !name.equals(JarFile.MANIFEST_NAME)) {
                    visitor.visit(name.substring(prefix.length()), entry);
                }
            }
        }
    }

    /** A nested jar as it is (stored uncompressed); a folder of classes, or a jar without its manifest, as a jar. */
    private static void copy(Source source, Path target) throws IOException {
        try (JarFile jar = new JarFile(source.file().toFile())) {
            if (source.nested() != null && !source.nested().endsWith("/")) {
                try (var in = jar.getInputStream(jar.getEntry(source.nested()))) {
                    Files.copy(in, target);
                }
                return;
            }
            try (var out = new JarOutputStream(Files.newOutputStream(target))) {
                forEachEntry(source, (name, entry) -> {
                    JarEntry copy = new JarEntry(name);
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    if (!entry.isDirectory()) {
                        try (var in = jar.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                    }
                    out.closeEntry();
                });
            }
        }
    }

    /** Removes a folder and what is in it, or a file, as far as it can. */
    static void deleteTree(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.debug("could not remove {}", folder, e);
        }
    }

    /** 16 hex digits of SHA-256. */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
