package dev.jobpool.store;

import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * A test job that writes one line per execution to a shared file: "start" when an attempt begins and "end"
 * when it finishes, with the job id, the attempt and the process id, so a test can tell which replica ran
 * what and whether anything ran twice. Short appends to one file are atomic across processes.
 */
public final class RecordingJobType implements JobType<RecordingJobType.Input, Integer> {

    /** @param log the file to append to; @param sleepMillis how long the attempt takes */
    public record Input(String log, int sleepMillis) {
    }

    @Override
    public String name() {
        return "test.record";
    }

    @Override
    public Pool pool() {
        return Pool.IO;
    }

    @Override
    public Set<Pool> allowedPools() {
        return Set.of(Pool.IO, Pool.CPU);
    }

    @Override
    public String description() {
        return "Records each execution in a file, for tests of what runs where and how often.";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Integer run(Input input, JobContext context) throws Exception {
        record(input, context, "start");
        Thread.sleep(input.sleepMillis());
        record(input, context, "end");
        return input.sleepMillis();
    }

    private static void record(Input input, JobContext context, String what) throws Exception {
        String line = what + " " + context.jobId() + " " + context.attempt() + " " + ProcessHandle.current().pid() + "\n";
        Files.writeString(Path.of(input.log()), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }
}
