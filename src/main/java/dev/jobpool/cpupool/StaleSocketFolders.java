package dev.jobpool.cpupool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker socket folders left behind: a service killed with SIGKILL cannot remove its own, so the next one
 * removes every folder whose owner file names a process that no longer runs.
 */
final class StaleSocketFolders {

    private static final Logger log = LoggerFactory.getLogger(StaleSocketFolders.class);
    private static final Set<String> OUR_FILES = Set.of(WorkerLauncher.OWNER_FILE, WorkerLauncher.SOCKET_FILE);

    private StaleSocketFolders() {
    }

    /** {@code pid startMillis}: the start time tells a live owner from a new process that got its pid. */
    static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    /**
     * Removes the socket folders in {@code parent} whose owner file names a process that no longer runs. A folder
     * without that file, of another user than {@code me}, or holding anything but the socket and the owner file is
     * left alone: only what a service provably made and provably abandoned is removed.
     */
    static void remove(Path parent, UserPrincipal me) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, WorkerLauncher.FOLDER_PREFIX + "*")) {
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
            Path owner = folder.resolve(WorkerLauncher.OWNER_FILE);
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
            Files.deleteIfExists(folder.resolve(WorkerLauncher.SOCKET_FILE));
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
