package dev.jobpool.cpupool;

import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * A test job with a leak: it keeps {@code keepMb} of heap reachable after it ends (a static cache that only
 * grows, as careless job code has), after making {@code garbageMb} of garbage that a GC frees.
 */
public final class HoardJobType implements JobType<HoardJobType.Input, Integer> {

    private static final List<byte[]> HOARD = new ArrayList<>();

    public record Input(int keepMb, int garbageMb) {
    }

    @Override
    public String name() {
        return "test.hoard";
    }

    @Override
    public Pool pool() {
        return Pool.CPU;
    }

    @Override
    public String description() {
        return "Keeps keepMb of heap reachable for good after making garbageMb of garbage; returns the MB it keeps.";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Integer run(Input input, JobContext context) {
        long sum = 0;
        for (int i = 0; i < input.garbageMb(); i++) {
            byte[] garbage = new byte[1 << 20];
            garbage[i % garbage.length] = 1;
            sum += garbage[i % garbage.length];
        }
        synchronized (HOARD) {
            for (int i = 0; i < input.keepMb(); i++) {
                HOARD.add(new byte[1 << 20]);
            }
            return HOARD.size() + (int) (sum - input.garbageMb());
        }
    }
}
