package dev.jobpool.cpupool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** A service killed with SIGKILL leaves its socket folder; the next one removes it, and only such folders. */
class StaleSocketFolderTests {

    @TempDir
    Path tmp;

    @Test
    void removesTheFoldersOfServicesThatAreGoneAndNothingElse() throws Exception {
        UserPrincipal me = Files.getOwner(tmp);
        String gone = goneProcess();
        Path abandoned = socketFolder("jobpool-workers-1", gone);
        Path pidReused = socketFolder("jobpool-workers-2", ProcessHandle.current().pid() + " 12345");
        Path live = socketFolder("jobpool-workers-3", WorkerLauncher.describe(ProcessHandle.current()));
        Path unmarked = socketFolder("jobpool-workers-4", null);
        Path withOtherFiles = socketFolder("jobpool-workers-5", gone);
        Files.writeString(withOtherFiles.resolve("notes.txt"), "not ours");
        Path otherPrefix = socketFolder("jobpool-worker-classpath-1", gone);

        WorkerLauncher.removeStaleFolders(tmp, me);

        assertThat(abandoned).doesNotExist();
        assertThat(pidReused).as("its pid now belongs to another process").doesNotExist();
        assertThat(live).as("its owner still runs").exists();
        assertThat(live.resolve(WorkerLauncher.SOCKET_FILE)).exists();
        assertThat(unmarked).as("nothing says whose it is").exists();
        assertThat(withOtherFiles.resolve(WorkerLauncher.OWNER_FILE)).as("it holds what a service does not put there").exists();
        assertThat(otherPrefix).exists();
    }

    @Test
    void aLauncherRemovesItsOwnFolderWhenClosed() throws Exception {
        CpuPoolProperties properties = new CpuPoolProperties(1, DataSize.ofMegabytes(64), 0, 10, Duration.ofMillis(500),
                Duration.ofSeconds(30), DataSize.ofMegabytes(1), 1, 10, false, null, List.of(), null, Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        WorkerLauncher launcher = new WorkerLauncher(properties, List.of());
        Path folder = launcher.socketPath().getParent();
        assertThat(folder.getFileName().toString()).startsWith(WorkerLauncher.FOLDER_PREFIX);
        assertThat(Files.readString(folder.resolve(WorkerLauncher.OWNER_FILE)))
                .isEqualTo(WorkerLauncher.describe(ProcessHandle.current()));
        launcher.close();
        assertThat(folder).doesNotExist();
    }

    /** The owner line of a process that has exited. */
    private static String goneProcess() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid() + " " + System.currentTimeMillis();
    }

    private Path socketFolder(String name, String owner) throws IOException {
        Path folder = Files.createDirectory(tmp.resolve(name));
        Files.createFile(folder.resolve(WorkerLauncher.SOCKET_FILE));
        if (owner != null) {
            Files.writeString(folder.resolve(WorkerLauncher.OWNER_FILE), owner);
        }
        return folder;
    }
}
