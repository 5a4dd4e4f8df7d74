package dev.jobpool.jobtype.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.jobpool.cpupool.FailNegativeJobType;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.builtin.BuiltInJobTypes;
import dev.jobpool.jobtype.builtin.HttpJobType;
import dev.jobpool.jobtype.builtin.SleepJobType;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the built-in types' input schemas and checks accept at submit; no DNS, no network, no Spring. */
class InputValidationTests {

    /**
     * Validating a hostile value takes milliseconds; this bound only catches a return of the backtracking that
     * took seconds (and, for the exponential pattern below, forever).
     */
    static final Duration GUARD = Duration.ofSeconds(5);

    static final HttpJobType HTTP = new HttpJobType(new HttpJobType.Settings(false, 1024, Duration.ofSeconds(5), 10));
    static final JobTypeRegistry REGISTRY = JobTypeRegistry.ofBuiltIns(builtIns());

    static List<JobType<?, ?>> builtIns() {
        List<JobType<?, ?>> types = new ArrayList<>(BuiltInJobTypes.cpu());
        types.add(new SleepJobType());
        types.add(HTTP);
        return types;
    }

    @AfterAll
    static void closeClient() throws Exception {
        HTTP.close();
    }

    @Test
    void everyPatternInTheBuiltInSchemasMatchesTheWholeValue() {
        List<String> patterns = new ArrayList<>();
        REGISTRY.all().forEach(type -> collectPatterns(type.inputSchema(), patterns));
        assertThat(patterns).isNotEmpty().allSatisfy(pattern -> assertThat(pattern).startsWith("^").endsWith("$"));
    }

    @ParameterizedTest(name = "{0} {1} is refused at {2}")
    @CsvSource(delimiter = '|', value = {
            "http | {\"method\":\"XGETX\",\"url\":\"http://example.com/\"} | input.method",
            "http | {\"method\":\"GETX\",\"url\":\"http://example.com/\"}  | input.method",
            "http | {\"method\":\"get\",\"url\":\"http://example.com/\"}   | input.method",
            "hash | {\"algorithm\":\"SHA-256x\",\"sizeMb\":1}              | input.algorithm",
            "hash | {\"algorithm\":\"xSHA-512\",\"sizeMb\":1}              | input.algorithm",
            "sleep | {\"duration\":\"1sx\"}                                | input.duration"})
    void aPatternMustMatchTheWholeValue(String type, String input, String field) {
        assertThat(validate(type, input)).extracting(Violation::field).contains(field);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://exa mple.com/          | is not an absolute http or https URL",
            "http://example.com/a\\b       | is not a URL",
            "http://[::1/                  | is not a URL",
            "http://example.com/%zz        | is not a URL",
            "http://example.com:99999/     | a port is 1 to 65535",
            "http://example.com:0/         | a port is 1 to 65535",
            "http://:80/                   | names no host",
            "http://1.2.3.4:80x/           | names no host",
            "ftp://example.com/            | is not an absolute http or https URL",
            "file:///etc/passwd            | is not an absolute http or https URL",
            "gopher://example.com/         | is not an absolute http or https URL"})
    void aUrlThatCanNeverBeRequestedIsRefusedAtSubmit(String url, String why) {
        List<Violation> violations = validate("http", json().put("url", url));
        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("input.url");
            assertThat(violation.message()).contains(why);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/", "HTTPS://EXAMPLE.COM:443/a?b=1#c", "http://a_b.internal/x",
            "http://[::1]:8080/", "http://user@example.com:65535/", "http://127.0.0.1:1/"})
    void aUrlThatCanBeRequestedPasses(String url) {
        assertThat(validate("http", json().put("url", url))).isEmpty();
    }

    @Test
    void eachItemOfAMapIsCheckedAndNamed() {
        List<JsonNode> items = List.of(json().put("url", "http://example.com/"), json().put("url", "http://bad host/"));
        assertThat(REGISTRY.find("http").orElseThrow().validateItems(JsonItems.of(items), 10)).singleElement()
                .extracting(Violation::field).isEqualTo("items[1].url");
    }

    @Test
    void aHugeUrlIsRefusedByItsLengthQuickly() {
        // a newline near the end made the old pattern backtrack quadratically: 6 s for this value
        String url = "http://" + "a".repeat(64_000) + "\nx";
        List<Violation> violations = assertTimeoutPreemptively(GUARD, () -> validate("http", json().put("url", url)));
        assertThat(violations).contains(new Violation("input.url", "must be at most 8192 characters long"));
    }

    @Test
    void hugeValuesOfEveryPatternedFieldAreRefusedQuickly() {
        String huge = "1".repeat(64_000) + "\nx";
        assertThat(assertTimeoutPreemptively(GUARD, () -> validate("sleep", json().put("duration", huge))))
                .contains(new Violation("input.duration", "must be at most 64 characters long"));
        assertThat(assertTimeoutPreemptively(GUARD, () -> validate("http",
                json().put("method", "GET".repeat(20_000) + "\nx").put("url", "http://example.com/"))))
                .extracting(Violation::field).containsExactly("input.method");
        assertThat(assertTimeoutPreemptively(GUARD, () -> validate("hash", json().put("algorithm", huge).put("sizeMb", 1))))
                .extracting(Violation::field).containsExactly("input.algorithm");
    }

    /** A pattern that java.util.regex (even JDK 25's) backtracks over for longer than anyone waits: x…x. */
    public record Word(@Pattern(regexp = "(x+x+)+y") String word) {
    }

    static final class Backtracking implements JobType<Word, String> {

        @Override
        public String name() {
            return "backtracking";
        }

        @Override
        public Pool pool() {
            return Pool.IO;
        }

        @Override
        public String description() {
            return "a pattern that backtracks";
        }

        @Override
        public Class<Word> inputType() {
            return Word.class;
        }

        @Override
        public String run(Word input, JobContext context) {
            return input.word();
        }
    }

    @Test
    void anyPatternRunsInLinearTimeEvenOneThatBacktracksExponentially() {
        RegisteredJobType type = JobTypeRegistry.ofBuiltIns(List.of(new Backtracking())).find("backtracking").orElseThrow();
        ObjectNode input = json().put("word", "x".repeat(5_000));
        assertThat(assertTimeoutPreemptively(GUARD, () -> type.validate(input, "input")))
                .extracting(Violation::field).containsExactly("input.word");
        assertThat(type.validate(json().put("word", "xxxy"), "input")).isEmpty();
    }

    /** A backreference: RE2 cannot match it in linear time, so it may not stand in an input schema. */
    public record Twice(@Pattern(regexp = "(a)\\1") String twice) {
    }

    @Test
    void aPatternThatCannotRunInLinearTimeStopsTheStartNamingTheType() {
        JobType<Twice, String> type = new JobType<>() {
            @Override
            public String name() {
                return "twice";
            }

            @Override
            public Pool pool() {
                return Pool.IO;
            }

            @Override
            public String description() {
                return "a backreference";
            }

            @Override
            public Class<Twice> inputType() {
                return Twice.class;
            }

            @Override
            public String run(Twice input, JobContext context) {
                return input.twice();
            }
        };
        assertThatThrownBy(() -> JobTypeRegistry.ofBuiltIns(List.of(type)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job type 'twice'")
                .hasMessageContaining("linear time");
    }

    @Test
    void aNumberBeyondWhatTheFieldHoldsIsNamedAsSuchWhereverItStands() {
        assertThat(validate("square", "1e400")).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("input");
            assertThat(violation.message()).isEqualTo("1E+400 is out of range of a long (-9223372036854775808 to 9223372036854775807)");
        });
        assertThat(validate("http", "{\"method\": \"GET\", \"url\": 1e400}")).singleElement()
                .satisfies(violation -> assertThat(violation.message()).endsWith("found, string expected"));
        assertThat(validate("primes", "{\"limit\": -1e400}")).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("input.limit");
            assertThat(violation.message()).isEqualTo("must have a minimum value of 0");
        });
        RegisteredJobType sizes = JobTypeRegistry.ofBuiltIns(List.of(new SizesJobType())).find("sizes").orElseThrow();
        assertThat(sizes.validate(JobJson.MAPPER.readTree("{\"sizes\": [1, 2.0, 3e400]}"), "input")).singleElement()
                .satisfies(violation -> {
                    assertThat(violation.field()).isEqualTo("input.sizes[2]");
                    assertThat(violation.message()).startsWith("3E+400 is out of range of an int");
                });
        assertThat(REGISTRY.find("square").orElseThrow().validateItems(JsonItemsTests.parse("[2, 1e400]"), 10)).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("items[1]");
            assertThat(violation.message()).isEqualTo("1e400 is out of range of a long (-9223372036854775808 to 9223372036854775807)");
        });
    }

    @Test
    void aWholeNumberWrittenWithAFractionOrAnExponentBindsToItsExactValue() {
        // a Long type with no check of its own at submit (its handler's refusal of negatives comes at run time)
        FailNegativeJobType anyLong = new FailNegativeJobType();
        RegisteredJobType registered = JobTypeRegistry.ofBuiltIns(List.of(anyLong)).find("test.fail-negative").orElseThrow();
        for (String written : List.of("9007199254740993.0", "90071992547409930e-1", "9223372036854775807.000", "-9223372036854775808.0")) {
            JsonNode input = JobJson.MAPPER.readTree(written);
            assertThat(registered.validate(input, "input")).as(written).isEmpty();
            assertThat(JobInvoker.bind(anyLong, input)).as(written).isEqualTo(new java.math.BigDecimal(written).longValueExact());
            assertThat(JobInvoker.bind(anyLong, written.getBytes(java.nio.charset.StandardCharsets.UTF_8))).as(written)
                    .isEqualTo(new java.math.BigDecimal(written).longValueExact());
        }
        assertThat(JobJson.MAPPER.readTree("9007199254740993.0")).hasToString("9007199254740993.0");
        // square binds them as exactly, then refuses what it cannot square in a long
        assertThat(validate("square", "9007199254740993.0")).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("input");
            assertThat(violation.message()).isEqualTo(
                    "9007199254740993 has a square beyond a 64-bit integer; give a number from -3037000499 to 3037000499");
        });
        assertThat(validate("square", "3037000499.0")).isEmpty();
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "9223372036854775808.0  | 9223372036854775808.0 is out of range of a long",
            "-9223372036854775809e0 | -9223372036854775809 is out of range of a long",
            "1e999999999            | 1E+999999999 is out of range of a long",
            "1e-400                 | number found, integer expected",
            "0.5e0                  | number found, integer expected",
    })
    void aNumberNoLongHoldsIsRefusedNotRoundedOrClamped(String written, String message) {
        assertTimeoutPreemptively(GUARD, () -> assertThat(validate("square", written)).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("input");
            assertThat(violation.message()).startsWith(message);
        }));
        assertThat(REGISTRY.find("square").orElseThrow().validateItems(JsonItemsTests.parse("[1, " + written + "]"), 10))
                .singleElement().satisfies(violation -> assertThat(violation.field()).isEqualTo("items[1]"));
    }

    /** A type whose input has no bounds in its schema: only binding can tell what an int holds. */
    public record Sizes(List<Integer> sizes) {
    }

    static final class SizesJobType implements JobType<Sizes, Integer> {
        @Override
        public String name() {
            return "sizes";
        }

        @Override
        public Pool pool() {
            return Pool.CPU;
        }

        @Override
        public String description() {
            return "counts sizes";
        }

        @Override
        public Class<Sizes> inputType() {
            return Sizes.class;
        }

        @Override
        public Integer run(Sizes input, JobContext context) {
            return input.sizes().size();
        }
    }

    private static List<Violation> validate(String type, String input) {
        return validate(type, JobJson.MAPPER.readTree(input));
    }

    private static List<Violation> validate(String type, JsonNode input) {
        return REGISTRY.find(type).orElseThrow().validate(input, "input");
    }

    private static ObjectNode json() {
        return JobJson.MAPPER.createObjectNode();
    }

    private static void collectPatterns(JsonNode schema, List<String> patterns) {
        if (schema.isObject()) {
            schema.properties().forEach(entry -> {
                if (entry.getKey().equals("pattern") && entry.getValue().isString()) {
                    patterns.add(entry.getValue().asString());
                } else {
                    collectPatterns(entry.getValue(), patterns);
                }
            });
        } else if (schema.isArray()) {
            schema.forEach(element -> collectPatterns(element, patterns));
        }
    }
}
