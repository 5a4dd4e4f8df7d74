package dev.jobpool.jobtype.builtin;

import dev.jobpool.jobtype.InvalidJobInputException;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import java.util.Set;

/** {@code x → x*x}: the seed's Pool.map example, for maps over numbers. */
public final class SquareJobType implements JobType<Long, Long> {

    /** The largest magnitude whose square fits a 64-bit integer. */
    static final long MAX_MAGNITUDE = 3_037_000_499L;

    @Override
    public String name() {
        return "square";
    }

    @Override
    public Pool pool() {
        return Pool.CPU;
    }

    @Override
    public Set<Pool> allowedPools() {
        return Set.of(Pool.CPU, Pool.IO);
    }

    @Override
    public String description() {
        return "Squares an integer: the input is a number such as 7, the result 49; from -3037000499 to 3037000499, whose "
                + "squares fit a 64-bit integer. Map it over items like Pool.map.";
    }

    @Override
    public Class<Long> inputType() {
        return Long.class;
    }

    /** A square that cannot be represented is refused at submit, not a job that can only fail. */
    @Override
    public void validate(Long x) {
        if (x > MAX_MAGNITUDE || x < -MAX_MAGNITUDE) {
            throw new InvalidJobInputException(x + " has a square beyond a 64-bit integer; give a number from "
                    + -MAX_MAGNITUDE + " to " + MAX_MAGNITUDE);
        }
    }

    @Override
    public Long run(Long x, JobContext context) {
        return Math.multiplyExact(x, x);
    }
}
