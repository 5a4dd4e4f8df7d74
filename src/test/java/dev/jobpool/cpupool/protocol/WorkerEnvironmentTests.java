package dev.jobpool.cpupool.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.worker.WorkerMain;
import org.junit.jupiter.api.Test;

class WorkerEnvironmentTests {

    /** The service names the worker's main class without loading it, so no package cycle ties the two. */
    @Test
    void theServiceNamesTheWorkersMainClassRight() {
        assertThat(WorkerEnvironment.MAIN_CLASS).isEqualTo(WorkerMain.class.getName());
    }
}
