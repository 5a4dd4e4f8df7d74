package dev.jobpool.jobtype.registry;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The one JSON mapper for job inputs and outputs, shared by the service and worker JVMs.
 *
 * <p>Numbers are read exactly ({@link ExactNumbers}).
 *
 * <p>Durations read as in {@code application.yml}: {@code "2s"}, {@code "500ms"}, {@code "1h"} or ISO-8601
 * {@code "PT2S"}, and never negative. They are parsed here with {@code java.time} alone, the way Spring Boot's
 * {@code DurationStyle} does, since worker JVMs load this class and no Spring class may reach them.
 */
public final class JobJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("jobpool-durations").addDeserializer(Duration.class, new DurationDeserializer()))
            // numbers as written: a tree keeps 9007199254740993.0 and 1e-400 (a double makes them ...992.0 and 0.0),
            // and an integer field takes only a whole number it holds
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .addModule(ExactNumbers.module())
            .build();

    private JobJson() {
    }

    /**
     * Parses {@code "30s"} or {@code "PT30S"}, exactly as written: surrounding whitespace or a control character
     * is an error, not trimmed away. Throws {@link IllegalArgumentException} with a readable message.
     */
    public static Duration parseDuration(String text) {
        Duration duration;
        try {
            duration = detectAndParse(text);
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(ClientText.quote(text)
                    + " is not a duration; write it like \"30s\", \"500ms\", \"5m\" or \"PT30S\"");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException(ClientText.quote(text) + " is negative; a duration must be zero or more");
        }
        return duration;
    }

    /** {@code 30s} (a number and a unit, milliseconds without one) or ISO-8601 {@code PT30S}. */
    private static Duration detectAndParse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no duration");
        }
        Matcher simple = SIMPLE.matcher(text);
        if (simple.matches()) {
            return Duration.of(Long.parseLong(simple.group(1)), unitOf(simple.group(2)));
        }
        if (ISO_8601.matcher(text).matches()) {
            return Duration.parse(text);
        }
        throw new IllegalArgumentException("not a duration");
    }

    private static ChronoUnit unitOf(String suffix) {
        return switch (suffix.toLowerCase(Locale.ROOT)) {
            case "", "ms" -> ChronoUnit.MILLIS;
            case "ns" -> ChronoUnit.NANOS;
            case "us" -> ChronoUnit.MICROS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            case "d" -> ChronoUnit.DAYS;
            default -> throw new IllegalArgumentException("unknown unit " + suffix);
        };
    }

    /** Prints a duration the way users write it: {@code 30s}, {@code 1500ms}, {@code 5m}. */
    public static String formatDuration(Duration duration) {
        long nanos = duration.toNanos();
        for (Unit unit : UNITS) {
            if (nanos != 0 && nanos % unit.nanos() == 0) {
                return nanos / unit.nanos() + unit.suffix();
            }
        }
        return nanos + "ns";
    }

    private record Unit(String suffix, long nanos) {
    }

    private static final Pattern SIMPLE = Pattern.compile("([+-]?\\d+)([a-zA-Z]{0,2})");
    private static final Pattern ISO_8601 = Pattern.compile("[+-]?[pP].*");

    private static final List<Unit> UNITS = List.of(new Unit("d", 86_400_000_000_000L),
            new Unit("h", 3_600_000_000_000L), new Unit("m", 60_000_000_000L), new Unit("s", 1_000_000_000L),
            new Unit("ms", 1_000_000L), new Unit("us", 1_000L));

    private static final class DurationDeserializer extends ValueDeserializer<Duration> {

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Duration) context.handleUnexpectedToken(Duration.class, parser);
            }
            try {
                return parseDuration(parser.getString());
            } catch (IllegalArgumentException e) {
                return (Duration) context.handleWeirdStringValue(Duration.class, parser.getString(), e.getMessage());
            }
        }
    }
}
