package dev.jobpool.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobSpecValidatorTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final JobsProperties limits = new JobsProperties(Duration.ofHours(1), 100,
            DataSize.ofMegabytes(256), DataSize.ofMegabytes(64), Duration.ofMinutes(10),
            Duration.ofHours(24), 10, 1000, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(5),
            DataSize.ofMegabytes(16), Duration.ofSeconds(30), Duration.ofDays(366), DataSize.ofBytes(0));
    private final JobSpecValidator validator = new JobSpecValidator(TestJobs.REGISTRY, limits);

    @Test
    void aDelayOrARunAtSchedulesTheJobWithinTheHorizon() {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        JobSpec delayed = new JobSpec("sleep", json.readTree("{\"duration\":\"1s\"}"), null, null, null, null, null, null,
                null, null, "10m");
        assertThat(validator.validate(delayed, now).runAt()).isEqualTo(now.plusSeconds(600));
        JobSpec at = new JobSpec("sleep", json.readTree("{\"duration\":\"1s\"}"), null, null, null, null, null, null,
                null, "2026-12-24T18:00:00Z", null);
        assertThat(validator.validate(at, now).runAt()).isEqualTo(Instant.parse("2026-12-24T18:00:00Z"));
        JobSpec past = new JobSpec("sleep", json.readTree("{\"duration\":\"1s\"}"), null, null, null, null, null, null,
                null, "2026-01-01T00:00:00Z", null);
        assertThat(validator.validate(past, now).runAt()).as("a moment past means at once").isNull();
    }

    @Test
    void aScheduleBeyondTheHorizonOrUnreadableIsRefused() {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        for (String[] bad : new String[][] {{"2030-01-01T00:00:00Z", null, "runAt"}, {null, "400d", "delay"},
                {"next tuesday", null, "runAt"}, {null, "soon", "delay"}, {"2026-12-24T18:00:00Z", "1m", "delay"},
                {null, "40000000000000000s", "delay"}, {null, "PT10000000000000H", "delay"},
                {"+1000000000-12-31T23:59:59Z", null, "runAt"}}) {
            JobSpec spec = new JobSpec("sleep", json.readTree("{\"duration\":\"1s\"}"), null, null, null, null, null, null,
                    null, bad[0], bad[1]);
            assertThatThrownBy(() -> validator.validate(spec, now)).isInstanceOfSatisfying(InvalidRequestException.class,
                    e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly(bad[2]));
        }
    }

    @Test
    void fillsInDefaults() {
        JobSpecValidator.ValidSpec valid = validator.validate(spec("sleep", json.readTree("{\"duration\":\"2s\"}"), null));
        assertThat(valid.pool()).isEqualTo(Pool.IO);
        assertThat(valid.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(valid.maxAttempts()).isEqualTo(1);
        assertThat(valid.priority()).isZero();
        assertThat(valid.labels()).isEmpty();
    }

    @Test
    void namesEveryFieldToFix() {
        JobSpec spec = new JobSpec("sleep", json.readTree("{\"duration\":\"soon\",\"extra\":1}"), null, null, "gpu", 5000,
                "-1s", 0, null, null, null);
        assertThatThrownBy(() -> validator.validate(spec))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("pool", "timeout", "priority", "maxAttempts", "input.duration", "input"));
    }

    @Test
    void anUnknownTypeListsTheKnownOnes() {
        assertThatThrownBy(() -> validator.validate(spec("nope", null, null)))
                .hasMessageContaining("unknown job type 'nope'").hasMessageContaining("sleep");
    }

    @Test
    void aMissingInputIsReportedAsTheMissingProperty() {
        assertThatThrownBy(() -> validator.validate(spec("sleep", null, null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("input.duration", "required property 'duration' not found")));
    }

    @Test
    void aDurationThatIsNotOneSaysWhatADurationLooksLike() {
        assertThatThrownBy(() -> validator.validate(spec("sleep", json.readTree("{\"duration\":\"soon\"}"), null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations().getFirst().message())
                        .isEqualTo("'soon' is not a duration such as \"500ms\", \"30s\", \"5m\" or \"PT30S\""));
    }

    @Test
    void eachItemIsCheckedAndNamedByIndex() {
        List<JsonNode> items = List.of(json.readTree("{\"duration\":\"1s\"}"), json.readTree("{\"duration\":5}"));
        assertThatThrownBy(() -> validator.validate(spec("sleep", null, items)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("items[1].duration"));
    }

    @Test
    void refusesTooManyItemsInputAndItemsTogetherAndAnAbsurdTimeout() {
        List<JsonNode> tooMany = java.util.Collections.nCopies(1001, json.readTree("{\"duration\":\"1s\"}"));
        assertThatThrownBy(() -> validator.validate(spec("sleep", null, tooMany))).hasMessageContaining("at most 1000 items");
        assertThatThrownBy(() -> validator.validate(spec("sleep", json.readTree("{\"duration\":\"1s\"}"),
                List.of(json.readTree("{\"duration\":\"1s\"}"))))).hasMessageContaining("not both");
        JobSpec forever = new JobSpec("sleep", json.readTree("{\"duration\":\"1s\"}"), null, null, null, null, "400d", null, null, null, null);
        assertThatThrownBy(() -> validator.validate(forever)).hasMessageContaining("at most 1d");
    }

    @Test
    void acceptsAnAllowedPoolAndLabels() {
        JobSpec spec = new JobSpec("sleep", json.readTree("{\"duration\":\"1s\"}"), null, null, "IO", 3, "5s", 2,
                Map.of("team", "search"), null, null);
        JobSpecValidator.ValidSpec valid = validator.validate(spec);
        assertThat(valid.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(valid.labels()).containsEntry("team", "search");
    }

    @Test
    void aLabelWithAControlCharacterIsRefused() {
        // a NUL is stored as text, and PostgreSQL's jsonb would then fail every label-filtered listing that met it
        for (Map<String, String> labels : List.of(Map.of("k", "\u0000"), Map.of("k\n", "v"), Map.of("k", "a\tb"))) {
            JobSpec spec = new JobSpec("sleep", json.readTree("{\"duration\":\"1s\"}"), null, null, null, null, null, null,
                    labels, null, null);
            assertThatThrownBy(() -> validator.validate(spec)).as("labels %s", labels).isInstanceOfSatisfying(
                    InvalidRequestException.class, e -> assertThat(e.violations().getFirst().field()).startsWith("labels."));
        }
    }

    @Test
    void aTimeoutIsReadAsWrittenNotTrimmed() {
        for (String timeout : List.of("\t5s\n", " 5s", "5s\u0000", "")) {
            JobSpec spec = new JobSpec("sleep", json.readTree("{\"duration\":\"1s\"}"), null, null, null, null, timeout, null, null, null, null);
            assertThatThrownBy(() -> validator.validate(spec)).as("timeout %s", timeout)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                            .extracting(Violation::field).containsExactly("timeout"));
        }
    }

    @Test
    void aHugeValueIsQuotedByAShortPrefix() {
        String huge = "9".repeat(1_000_000) + "x";
        JobSpec spec = new JobSpec(huge, null, null, null, huge, null, huge, null, Map.of(huge, "v"), null, null);
        assertThatThrownBy(() -> validator.validate(spec))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getMessage()).hasSizeLessThan(1000);
                    assertThat(e.violations()).allSatisfy(violation -> {
                        assertThat(violation.field()).hasSizeLessThan(100);
                        assertThat(violation.message()).hasSizeLessThan(1000);
                    });
                });
    }

    @Test
    void listsAtMostTwentyViolations() {
        Map<String, String> labels = new java.util.HashMap<>();
        for (int i = 0; i < 30; i++) {
            labels.put("key" + i, "x".repeat(300));
        }
        JobSpec spec = new JobSpec("sleep", json.readTree("{\"duration\":\"1s\"}"), null, null, null, null, null, null,
                Map.copyOf(labels), null, null);
        assertThatThrownBy(() -> validator.validate(spec))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations()).hasSizeLessThanOrEqualTo(20));
        Map<String, String> tooMany = new java.util.HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            tooMany.put("key" + i, "x".repeat(300));
        }
        JobSpec flood = new JobSpec("sleep", json.readTree("{\"duration\":\"1s\"}"), null, null, null, null, null, null, tooMany, null, null);
        assertThatThrownBy(() -> validator.validate(flood))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("labels", "at most 32 labels; got 10000")));
    }

    private static JobSpec spec(String type, JsonNode input, List<JsonNode> items) {
        return new JobSpec(type, input, items == null ? null : dev.jobpool.jobtype.registry.JsonItems.of(items), null, null, null, null, null, null, null, null);
    }
}
