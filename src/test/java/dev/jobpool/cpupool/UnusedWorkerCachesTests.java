package dev.jobpool.cpupool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Old builds' worker classpaths and AOT caches go after a week unused; what is in use, or not ours, stays. */
class UnusedWorkerCachesTests {

    @TempDir
    Path cache;

    private final Instant now = Instant.parse("2026-12-01T12:00:00Z");

    private Path entry(String name, boolean folder, Duration age) throws IOException {
        Path path = cache.resolve(name);
        if (folder) {
            Files.createDirectories(path);
            Files.writeString(path.resolve("classes.jar"), "jar");
        } else {
            Files.writeString(path, "cache");
        }
        Files.setLastModifiedTime(path, FileTime.from(now.minus(age)));
        return path;
    }

    @Test
    void removesOnlyOurEntriesUnusedForAWeek() throws IOException {
        Path oldClasspath = entry("classpath-0123456789abcdef", true, Duration.ofDays(8));
        Path oldCache = entry("worker-0123456789abcdef.aot", false, Duration.ofDays(8));
        Path oldTraining = entry("worker-0123456789abcdef.77.training.log", false, Duration.ofDays(30));
        Path oldPartial = entry("partial-classpath-123", true, Duration.ofDays(9));
        Path recentClasspath = entry("classpath-fedcba9876543210", true, Duration.ofDays(6));
        Path recentCache = entry("worker-fedcba9876543210.aot", false, Duration.ofHours(1));
        Path notOurs = entry("notes.txt", false, Duration.ofDays(100));

        UnusedWorkerCaches.remove(cache, now);

        assertThat(List.of(oldClasspath, oldCache, oldTraining, oldPartial)).noneMatch(Files::exists);
        assertThat(List.of(recentClasspath, recentCache, notOurs)).allMatch(Files::exists);
        assertThat(recentClasspath.resolve("classes.jar")).exists();
    }

    @Test
    void anEntryInUseIsMarkedSoNoServiceRemovesIt() throws IOException {
        Path classpath = entry("classpath-0123456789abcdef", true, Duration.ofDays(8));
        Path jar = classpath.resolve("classes.jar");
        FileTime jarTime = Files.getLastModifiedTime(jar);

        UnusedWorkerCaches.markUsed(List.of(classpath));
        UnusedWorkerCaches.remove(cache, Instant.now());

        assertThat(jar).exists();
        // the jars themselves keep their time: an AOT cache is valid only for jars of the same time and size
        assertThat(Files.getLastModifiedTime(jar)).isEqualTo(jarTime);
    }
}
