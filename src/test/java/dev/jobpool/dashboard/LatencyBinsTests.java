package dev.jobpool.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyBinsTests {

    @Test
    void binsAreLogSpacedFromAHundredMicrosecondsWithRoomBelowAndAbove() {
        assertThat(LatencyBins.bin(0)).isZero();
        assertThat(LatencyBins.bin(-1)).isZero();
        assertThat(LatencyBins.bin(Double.NaN)).isZero();
        assertThat(LatencyBins.bin(0.0001)).isEqualTo(1);
        assertThat(LatencyBins.bin(0.00021)).isEqualTo(3);
        assertThat(LatencyBins.bin(1e9)).isEqualTo(LatencyBins.BINS - 1);
        for (int bin = 1; bin < LatencyBins.BINS - 1; bin++) {
            double middle = Math.sqrt(LatencyBins.lower(bin) * LatencyBins.upper(bin));
            assertThat(LatencyBins.bin(middle)).isEqualTo(bin);
            assertThat(LatencyBins.upper(bin)).isEqualTo(LatencyBins.lower(bin + 1));
        }
        assertThat(LatencyBins.upper(LatencyBins.BINS - 2)).as("an hour fits below the last bin").isGreaterThan(3600);
    }

    @Test
    void aQuantileFallsInTheBinOfItsRankAndNoneOfNothing() {
        int[] counts = new int[LatencyBins.BINS];
        assertThat(LatencyBins.quantile(counts, 0.5)).isNull();
        counts[LatencyBins.bin(0.010)] += 98;
        counts[LatencyBins.bin(3.0)] += 2;
        int slow = LatencyBins.bin(3.0);
        assertThat(LatencyBins.bin(LatencyBins.quantile(counts, 0.5))).isEqualTo(LatencyBins.bin(0.010));
        assertThat(LatencyBins.quantile(counts, 0.99)).isBetween(LatencyBins.lower(slow), LatencyBins.upper(slow));
        assertThat(LatencyBins.quantile(counts, 1.0)).isLessThanOrEqualTo(LatencyBins.upper(slow));
    }
}
