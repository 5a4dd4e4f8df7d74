package dev.jobpool.cpupool;

import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;

/** A test job that prints to stdout and stderr, frame magic included, as careless job code would. */
public final class NoisyJobType implements JobType<String, String> {

    @Override
    public String name() {
        return "test.noisy";
    }

    @Override
    public Pool pool() {
        return Pool.CPU;
    }

    @Override
    public String description() {
        return "Prints its input many times on stdout and stderr, then returns it.";
    }

    @Override
    public Class<String> inputType() {
        return String.class;
    }

    @Override
    public String run(String input, JobContext context) {
        for (int i = 0; i < 200; i++) {
            System.out.println("JOBP" + input + " line " + i);
            System.out.write(new byte[] {0x4A, 0x4F, 0x42, 0x50, 1, 66, 0, 0}, 0, 8);
        }
        System.out.println();
        System.out.flush();
        System.err.println("noisy on stderr: " + input);
        return input;
    }
}
