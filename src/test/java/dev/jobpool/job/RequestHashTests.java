package dev.jobpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.jobtype.registry.JobJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A spec's digest stays what it was when items were trees (the digests below were taken from that code), so an
 * idempotent retry sent across an upgrade still finds its first job; the order of properties still does not count.
 */
class RequestHashTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"square\",\"items\":[1,2,3,-0,12345678901234567890,1.50]}"
                + "|cb60172c9e8e412b71f8dc556b461dc6b8bcb8bc1aafd0e8965138372f2e1bdb",
        "{\"type\":\"sleep\",\"items\":[{\"duration\":\"1s\",\"a\":[true,null,\"x\\u0041\"]},{\"b\":1e3}],\"labels\":{\"z\":\"1\",\"a\":\"2\"}}"
                + "|87ff932a64348e4783de72061e3b832a8941e6e78a9c02d3550006d919e75977",
        "{\"labels\":{\"a\":\"2\",\"z\":\"1\"},\"items\":[{\"a\":[true,null,\"xA\"],\"duration\":\"1s\"},{\"b\":1e3}],\"type\":\"sleep\"}"
                + "|87ff932a64348e4783de72061e3b832a8941e6e78a9c02d3550006d919e75977",
        "{\"type\":\"square\",\"input\":3}|c25130c88f6838a0d0039a9dde06ea7f3bab0417326ad66b79ebd07f430d950f",
    })
    void aSpecHashesAsBeforeItemsWereCompact(String body, String digest) {
        assertThat(RequestHash.of(JobJson.MAPPER.readValue(body, JobSpec.class))).isEqualTo(digest);
    }
}
