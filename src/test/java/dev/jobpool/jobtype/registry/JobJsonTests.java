package dev.jobpool.jobtype.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

/** Durations in job specs read as in {@code application.yml}, without Spring in the worker JVM. */
class JobJsonTests {

    /** What Spring Boot reads, JobJson reads alike: a job's timeout means what the service's settings mean. */
    @Test
    void readsDurationsAsSpringBootDoes() {
        for (String text : List.of("30s", "30S", "500ms", "500", "+5s", "5m", "2h", "1d", "7us", "9ns", "0s", "PT30S",
                "pt1m", "P1DT2H", "+PT1S", "PT0.5S", "9223372036854775807ns")) {
            assertThat(JobJson.parseDuration(text)).as(text).isEqualTo(DurationStyle.detectAndParse(text));
        }
    }

    @Test
    void refusesWhatIsNotADurationWithAReadableMessage() {
        for (String text : List.of("", " 30s", "30s ", "30s\n", "30 s", "30x", "3.5s", "s", "1e3", "P", "PT",
                "99999999999999999999s", "9223372036854775807d", "thirty seconds")) {
            assertThatIllegalArgumentException().as(text).isThrownBy(() -> JobJson.parseDuration(text))
                    .withMessageContaining("is not a duration");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> JobJson.parseDuration("-1s"))
                .withMessageContaining("is negative");
        assertThatIllegalArgumentException().isThrownBy(() -> JobJson.parseDuration("-PT1S"))
                .withMessageContaining("is negative");
    }

    @Test
    void printsDurationsTheWayUsersWriteThem() {
        assertThat(JobJson.formatDuration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(JobJson.formatDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(JobJson.formatDuration(Duration.ofDays(2))).isEqualTo("2d");
    }
}
