package dev.jobpool.dashboard;

/**
 * A histogram of durations in fixed, log-spaced bins, for the overview's percentiles: a few dozen counters per step
 * instead of a list of samples. Bin 0 holds everything under 100 µs; bin k holds [100 µs × √2^(k-1), 100 µs × √2^k);
 * the last bin everything from about 1.9 hours up. A percentile is interpolated within its bin, so it is off by at
 * most the bin's width (41%), and by much less where many samples spread over the bin.
 */
final class LatencyBins {

    static final int BINS = 54;
    private static final double FIRST = 1e-4;
    private static final double RATIO = Math.sqrt(2);
    private static final double LOG_RATIO = Math.log(RATIO);

    private LatencyBins() {
    }

    /** The bin of a duration in seconds; a negative or unknown one counts as none at all. */
    static int bin(double seconds) {
        if (!(seconds >= FIRST)) {
            return 0;
        }
        int bin = 1 + (int) Math.floor(Math.log(seconds / FIRST) / LOG_RATIO);
        return Math.min(bin, BINS - 1);
    }

    static double lower(int bin) {
        return bin == 0 ? 0 : FIRST * Math.pow(RATIO, bin - 1);
    }

    static double upper(int bin) {
        return FIRST * Math.pow(RATIO, bin);
    }

    /** Adds one bin's counts to another's. */
    static void add(int[] into, int[] counts) {
        for (int i = 0; i < BINS; i++) {
            into[i] += counts[i];
        }
    }

    /**
     * The {@code q} quantile (0.5 for the median) of the durations counted, in seconds, interpolated within its bin
     * (geometrically, as the bins are spaced); null if none were counted.
     */
    static Double quantile(int[] counts, double q) {
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        double rank = q * total;
        long below = 0;
        for (int bin = 0; bin < BINS; bin++) {
            int count = counts[bin];
            if (count > 0 && below + count >= rank) {
                double fraction = Math.clamp((rank - below) / count, 0, 1);
                double lower = lower(bin);
                double upper = upper(bin);
                double value = bin == 0 ? upper * fraction : lower * Math.pow(upper / lower, fraction);
                return Math.round(value * 1e6) / 1e6; // microseconds are plenty
            }
            below += count;
        }
        return upper(BINS - 1);
    }
}
