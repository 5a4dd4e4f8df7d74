package dev.jobpool.jobtype.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JsonParser;

/** The scan gives what the parser gives, or nothing; never other items. */
class PlainIntegerArrayTests {

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[ ]", "[0]", "[-1]", "[ 1 , 2 ]", "[\n1,\t2\r,3 ]", "[123456789012345678]",
            "[-123456789012345678]", "[0,-5,40,7]", "[7] trailing"})
    void whatItTakesItReadsAsTheParserDoes(String text) {
        byte[] json = text.getBytes(StandardCharsets.US_ASCII);
        Optional<PlainIntegerArray.Scanned> scanned = PlainIntegerArray.scan(json, 0);
        assertThat(scanned).isPresent();
        JsonItems parsed = parse(text);
        assertThat(scanned.get().items().isLongs()).isTrue();
        assertThat(scanned.get().items().toJson()).isEqualTo(parsed.toJson());
        assertThat(scanned.get().end()).isEqualTo(text.indexOf(']') + 1);
    }

    /** Each is either not JSON (the parser reports it) or items the parser keeps otherwise (text, or a big number). */
    @ParameterizedTest
    @ValueSource(strings = {"[-0]", "[01]", "[00]", "[-01]", "[1,]", "[,1]", "[1 2]", "[1.0]", "[1e2]", "[1E2]", "[+1]", "[-]",
            "[--1]", "[1234567890123456789]", "[9223372036854775807]", "[\"1\"]", "[null]", "[true]", "[[1]]", "[{}]",
            "[1", "[1,", "[", "[ ", "[1,2", "[1/*c*/]", "[0x1]", "[1\u000b]", "1]", "", "[1;2]"})
    void anythingElseIsLeftToTheParser(String text) {
        assertThat(PlainIntegerArray.scan(text.getBytes(StandardCharsets.UTF_8), 0)).isEmpty();
    }

    @Test
    void anOpeningOutsideTheTextOrNotABracketIsNothing() {
        byte[] json = "x[1]".getBytes(StandardCharsets.US_ASCII);
        assertThat(PlainIntegerArray.scan(json, -1)).isEmpty();
        assertThat(PlainIntegerArray.scan(json, 0)).isEmpty();
        assertThat(PlainIntegerArray.scan(json, 4)).isEmpty();
        assertThat(PlainIntegerArray.scan(json, 1)).isPresent();
    }

    /** Random integers of every length the scan takes, in random whitespace, across the array's growth. */
    @Test
    void randomArraysReadAsTheParserReadsThem() {
        Random random = new Random(42);
        String[] spaces = {"", " ", "\n", "\t", "\r\n  "};
        for (int round = 0; round < 200; round++) {
            int count = round < 100 ? round : random.nextInt(5_000);
            StringBuilder text = new StringBuilder("[").append(spaces[random.nextInt(spaces.length)]);
            for (int i = 0; i < count; i++) {
                long magnitude = random.nextLong(Long.MAX_VALUE) / (long) Math.pow(10, random.nextInt(19));
                long value = magnitude % 1_000_000_000_000_000_000L * (random.nextBoolean() ? 1 : -1);
                text.append(i == 0 ? "" : ",").append(spaces[random.nextInt(spaces.length)]).append(value)
                        .append(spaces[random.nextInt(spaces.length)]);
            }
            String json = text.append("]").toString();

            Optional<PlainIntegerArray.Scanned> scanned = PlainIntegerArray.scan(json.getBytes(StandardCharsets.US_ASCII), 0);

            assertThat(scanned).as(json).isPresent();
            assertThat(scanned.get().items().size()).isEqualTo(count);
            assertThat(scanned.get().items().toJson()).as(json).isEqualTo(parse(json).toJson());
            assertThat(scanned.get().end()).isEqualTo(json.length());
        }
    }

    private static JsonItems parse(String json) {
        try (JsonParser parser = JobJson.MAPPER.createParser(json)) {
            parser.nextToken();
            return JsonItems.parse(parser);
        }
    }
}
