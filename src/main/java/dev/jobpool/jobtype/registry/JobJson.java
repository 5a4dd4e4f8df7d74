package dev.jobpool.jobtype.registry;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The one JSON mapper for job inputs and outputs, shared by the service and worker JVMs.
 *
 * <p>Durations read as in {@code application.yml}: {@code "2s"}, {@code "500ms"}, {@code "1h"} or ISO-8601
 * {@code "PT2S"}, and never negative.
 */
public final class JobJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("jobpool-durations").addDeserializer(Duration.class, new DurationDeserializer()))
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
            duration = DurationStyle.detectAndParse(text);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(ClientText.quote(text)
                    + " is not a duration; write it like \"30s\", \"500ms\", \"5m\" or \"PT30S\"");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException(ClientText.quote(text) + " is negative; a duration must be zero or more");
        }
        return duration;
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

    private static final java.util.List<Unit> UNITS = java.util.List.of(new Unit("d", 86_400_000_000_000L),
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
