package dev.jobpool.plugin;

import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.registry.JobTypeSource;
import dev.jobpool.jobtype.registry.JobTypeSources;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin jars of {@code jobpool.plugins.dir}: each loaded in a class loader of its own, its job types found
 * through {@code META-INF/services/dev.jobpool.jobtype.JobType}. The same jars go on every worker JVM's
 * classpath, so CPU types from plugins run there.
 */
public final class Plugins implements JobTypeSources {

    private static final Logger log = LoggerFactory.getLogger(Plugins.class);

    private final List<Path> jars;
    private final List<JobTypeSource> types;

    private Plugins(List<Path> jars, List<JobTypeSource> types) {
        this.jars = List.copyOf(jars);
        this.types = List.copyOf(types);
    }

    private static Plugins none() {
        return new Plugins(List.of(), List.of());
    }

    /** Loads every jar in the folder; a jar that fails either stops the start or is skipped, as configured. */
    public static Plugins load(PluginsProperties properties) {
        Path dir = properties.dir().toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            log.info("no plugins: {} is not a folder (jobpool.plugins.dir)", dir);
            return none();
        }
        List<Path> loaded = new ArrayList<>();
        List<JobTypeSource> types = new ArrayList<>();
        for (Path jar : jarsIn(dir)) {
            try {
                List<JobTypeSource> found = typesIn(jar);
                loaded.add(jar);
                types.addAll(found);
                log.info("plugin {}: job types {}", jar.getFileName(), found.stream().map(t -> t.type().name()).toList());
            } catch (RuntimeException | IOException | LinkageError e) {
                String problem = "plugin jar " + jar.getFileName() + " failed to load: " + e;
                if (properties.onError() == PluginsProperties.OnError.FAIL) {
                    throw new IllegalStateException(problem + " (set jobpool.plugins.on-error=skip to start without it)", e);
                }
                log.error("{}; skipped, as jobpool.plugins.on-error=skip says", problem);
            }
        }
        return new Plugins(loaded, types);
    }

    private static List<Path> jarsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the plugins folder " + dir, e);
        }
    }

    /** The types a jar itself registers (not those its parent class loader can see). */
    private static List<JobTypeSource> typesIn(Path jar) throws IOException {
        new java.util.jar.JarFile(jar.toFile()).close(); // fails early, and clearly, on a file that is not a jar
        URLClassLoader loader = new URLClassLoader(jar.getFileName().toString(), new URL[] {jar.toUri().toURL()},
                Plugins.class.getClassLoader());
        List<JobTypeSource> found = new ArrayList<>();
        try {
            for (JobType<?, ?> type : ServiceLoader.load(JobType.class, loader)) {
                if (type.getClass().getClassLoader() == loader) {
                    found.add(new JobTypeSource(type, "plugin " + jar.getFileName()));
                }
            }
        } catch (ServiceConfigurationError e) {
            loader.close();
            throw e;
        }
        if (found.isEmpty()) {
            loader.close();
            throw new IllegalStateException("it registers no job type in META-INF/services/" + JobType.class.getName());
        }
        return found;
    }

    /** The jars that loaded, for the worker JVMs' classpath. */
    public List<Path> jars() {
        return jars;
    }

    @Override
    public List<JobTypeSource> types() {
        return types;
    }
}
