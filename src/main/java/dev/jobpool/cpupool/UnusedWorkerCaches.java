package dev.jobpool.cpupool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker cache folder's old entries: every build copies its worker classpath ({@code classpath-*}, a few MB)
 * and trains an AOT cache ({@code worker-*.aot}, ~25 MB) of its own, and nothing else ever removes them, so a
 * machine that runs many builds fills its temp folder. A service marks the entries it uses each time it starts a
 * worker (their modification time), and at start removes the entries no service has used for {@link #UNUSED_FOR},
 * with what failed copies and trainings left behind.
 */
final class UnusedWorkerCaches {

    private static final Logger log = LoggerFactory.getLogger(UnusedWorkerCaches.class);
    static final Duration UNUSED_FOR = Duration.ofDays(7);
    private static final String ENTRIES = "{classpath-*,partial-classpath-*,worker-*.aot,worker-*.training.*}";

    private UnusedWorkerCaches() {
    }

    /** Marks entries of the cache folder as in use now. */
    static void markUsed(Collection<Path> entries) {
        FileTime now = FileTime.from(Instant.now());
        for (Path entry : entries) {
            try {
                Files.setLastModifiedTime(entry, now);
            } catch (IOException e) {
                log.debug("could not mark {} as in use", entry, e);
            }
        }
    }

    /** Removes the entries of {@code cacheDir} last used before {@code now - UNUSED_FOR}. */
    static void remove(Path cacheDir, Instant now) {
        Instant cutoff = now.minus(UNUSED_FOR);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(cacheDir, ENTRIES)) {
            for (Path entry : entries) {
                if (Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                    WorkerClassPath.deleteTree(entry);
                    log.info("removed {}: no worker has used it for {} days", entry, UNUSED_FOR.toDays());
                }
            }
        } catch (IOException e) {
            log.warn("could not remove old worker caches from {}: {}", cacheDir, e.getMessage());
        }
    }
}
