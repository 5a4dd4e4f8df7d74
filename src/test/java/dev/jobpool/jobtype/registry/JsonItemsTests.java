package dev.jobpool.jobtype.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;

class JsonItemsTests {

    @Test
    void integersBecomeLongsAndSurviveEncoding() {
        JsonItems items = parse("[0,1,-1,63,64,-64,-65,300,9223372036854775807,-9223372036854775808]");

        assertThat(items.isLongs()).isTrue();
        assertThat(items.size()).isEqualTo(10);
        assertThat(items.longAt(8)).isEqualTo(Long.MAX_VALUE);
        JsonItems decoded = JsonItems.decode(items.encode());
        assertThat(decoded.isLongs()).isTrue();
        assertThat(text(decoded.toJson())).isEqualTo("[0,1,-1,63,64,-64,-65,300,9223372036854775807,-9223372036854775808]");
        assertThat(text(decoded.slice(2, 5).toJson())).isEqualTo("[-1,63,64]");
        assertThat(text(JsonItems.decode(decoded.slice(7, 10).encode()).toJson()))
                .isEqualTo("[300,9223372036854775807,-9223372036854775808]");
        assertThat(items.get(1)).isEqualTo(JobJson.MAPPER.readTree("1"));
    }

    @Test
    void aMillionSmallIntegersEncodeInThreeBytesEachAndHoldEight() {
        String json = IntStream.range(0, 1_000_000).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
        JsonItems items = parse(json);

        assertThat(items.encode().length).isLessThan(3_000_010);
        assertThat(items.heapBytes()).isLessThan(3L * json.length());
        assertThat(JsonItems.decode(items.encode()).longAt(999_999)).isEqualTo(999_999);
    }

    /** A store's copy stays encoded: a chunk cut from its bytes is the chunk the decoded integers would encode. */
    @Test
    void storedIntegersAreCutIntoChunksAsTheyWereEncoded() {
        for (int count : new int[] {0, 1, 255, 256, 257, 512, 1_000}) {
            long[] values = new java.util.Random(count).longs(count).map(value -> value >> (value & 63)).toArray(); // 1 to 10 bytes each
            JsonItems items = JsonItems.ofLongs(values);
            byte[] encoded = items.encode();
            JsonItems stored = JsonItems.ofStored(encoded);

            assertThat(stored.isLongs()).isTrue();
            assertThat(stored.size()).isEqualTo(count);
            assertThat(stored.encode()).isSameAs(encoded);
            int[][] cuts = {{0, 0}, {0, count}, {count / 3, count}, {0, count / 2}, {count / 4, count * 3 / 4}, {count, count}};
            for (int[] cut : cuts) {
                assertThat(stored.slice(cut[0], cut[1]).encode()).as("%d items, [%d, %d)", count, cut[0], cut[1])
                        .isEqualTo(items.slice(cut[0], cut[1]).encode());
                assertThat(text(stored.slice(cut[0], cut[1]).toJson())).isEqualTo(text(items.slice(cut[0], cut[1]).toJson()));
            }
            if (count > 10) {
                assertThat(stored.slice(3, count).slice(2, 9).encode()).isEqualTo(items.slice(5, 12).encode());
            }
            for (int i = 0; i < count; i++) {
                assertThat(stored.longAt(i)).isEqualTo(values[i]);
            }
            JsonItems quarter = JsonItems.ofStored(encoded).slice(count / 4, count / 2);
            for (int i = 0; i < quarter.size(); i++) {
                assertThat(quarter.longAt(i)).isEqualTo(values[count / 4 + i]);
            }
        }
    }

    @Test
    void storedIntegersThatDoNotAddUpAreRefused() {
        byte[] encoded = JsonItems.ofLongs(1, 300, -5).encode();

        assertThatThrownBy(() -> JsonItems.ofStored(java.util.Arrays.copyOf(encoded, encoded.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside a number");
        assertThatThrownBy(() -> JsonItems.ofStored(java.util.Arrays.copyOf(encoded, encoded.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("early");
        byte[] tooMany = encoded.clone();
        tooMany[1] = 9;
        assertThatThrownBy(() -> JsonItems.ofStored(tooMany)).isInstanceOf(IllegalArgumentException.class);
        byte[] endless = {JsonItems.LONGS, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
        assertThatThrownBy(() -> JsonItems.ofStored(endless)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 10 bytes");
    }

    @Test
    void anyOtherItemKeepsTheJsonTextTheClientWrote() {
        String json = "[1, 2 ,\"a,b]c\\\"d\", 1.50 ,-0, 12345678901234567890, 1e400, {\"x\" : [1, {\"y\":\"}\"}]}, [], {}, null,"
                + " true, \"caf\\u00e9\"]";
        JsonItems items = parse(json);

        assertThat(items.isLongs()).isFalse();
        assertThat(items.size()).isEqualTo(13);
        assertThat(text(items.toJson())).isEqualTo("[1,2,\"a,b]c\\\"d\",1.50,-0,12345678901234567890,1e400,{\"x\":[1,{\"y\":\"}\"}]},"
                + "[],{},null,true,\"café\"]");
        assertThat(items.get(2).asString()).isEqualTo("a,b]c\"d");
        assertThat(items.get(7)).isEqualTo(JobJson.MAPPER.readTree("{\"x\":[1,{\"y\":\"}\"}]}"));
        assertThat(text(items.slice(3, 6).toJson())).isEqualTo("[1.50,-0,12345678901234567890]");
        assertThat(text(items.slice(4, 4).toJson())).isEqualTo("[]");
        JsonItems decoded = JsonItems.decode(items.slice(2, 13).encode());
        assertThat(decoded.size()).isEqualTo(11);
        assertThat(List.copyOf(toList(decoded))).isEqualTo(toList(items.slice(2, 13)));
    }

    @Test
    void readsItemsAsOlderVersionsStoredThem() {
        JsonItems items = JsonItems.decode("[{\"duration\":\"0ms\"},{\"duration\":\"1ms\"},\"x]\"]".getBytes(StandardCharsets.UTF_8));
        assertThat(items.size()).isEqualTo(3);
        assertThat(items.get(1).get("duration").asString()).isEqualTo("1ms");
        assertThat(items.get(2).asString()).isEqualTo("x]");
        assertThat(JsonItems.decode("[]".getBytes(StandardCharsets.UTF_8)).size()).isZero();
        assertThat(JsonItems.decode("[ ]".getBytes(StandardCharsets.UTF_8)).size()).isZero();
    }

    @Test
    void itemsGivenAsTreesReadAsFromARequest() {
        JsonItems items = JsonItems.of(List.of(JobJson.MAPPER.readTree("7"), JobJson.MAPPER.readTree("8")));
        assertThat(items.isLongs()).isTrue();
        assertThat(JsonItems.of(List.of(JobJson.MAPPER.readTree("{\"a\":1}"))).get(0).get("a").asInt()).isEqualTo(1);
    }

    @Test
    void whatIsNotAnArrayOfValuesDoesNotRead() {
        for (String bad : List.of("[1,2", "[1,2,", "[1,{\"a\":", "[1,]", "[1 2]", "[01]", "[\"x]")) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(JacksonException.class);
        }
        assertThatThrownBy(() -> JsonItems.decode(new byte[] {1, 5, 2})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonItems.decode("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChunkRunsTheHandlerOnEachItemAndWritesTheOutputsAsOneArray() throws Exception {
        var square = new dev.jobpool.jobtype.builtin.SquareJobType();
        byte[] squares = new ItemRun(square, parse("[3,-4,0]")).run(null, null);
        assertThat(CompactJson.decode(squares).isIntegers()).as("integer outputs stay integers").isTrue();
        assertThat(CompactJson.decode(squares).toString()).isEqualTo("[9,16,0]");
        // integers among other items are read by Jackson, as a Long input always was
        assertThat(CompactJson.decode(new ItemRun(square, parse("[3,-0,12]")).run(null, null)).toString()).isEqualTo("[9,0,144]");
        var echo = new dev.jobpool.cpupool.EchoJobType();
        byte[] mixed = new ItemRun(echo, parse("[1,2,\"x\",3,4.5]")).run(null, null);
        assertThat(text(mixed)).as("from the first other output on, JSON text").isEqualTo("[1,2,\"x\",3,4.5]");
        ItemRun failing = new ItemRun(square, parse("[1,2,3037000500,4]"));
        assertThatThrownBy(() -> failing.run(null, null)).isInstanceOf(ArithmeticException.class);
        assertThat(failing.item()).isEqualTo(2);
        ItemRun unbindable = new ItemRun(square, parse("[1,\"x\"]"));
        assertThatThrownBy(() -> unbindable.run(null, null)).isInstanceOf(JacksonException.class);
        assertThat(unbindable.item()).isEqualTo(1);
    }

    /** A result's size as JSON is counted, not written: every integer must count as many characters as it writes. */
    @Test
    void countsTheCharactersOfEveryIntegerAsJsonWritesIt() {
        java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
        for (long power = 1; power > 0 && power <= Long.MAX_VALUE / 10 * 10; power *= 10) {
            values.addAll(java.util.List.of(power - 1, power, power + 1, -power + 1, -power, -power - 1));
        }
        for (int bit = 0; bit < 63; bit++) {
            values.addAll(java.util.List.of(1L << bit, (1L << bit) - 1, -(1L << bit)));
        }
        new java.util.Random(13).longs(10_000).forEach(values::add);
        for (long value : values) {
            assertThat(CompactJson.decode(JsonItems.ofLongs(value).encode()).jsonSize()).as("%d", value)
                    .isEqualTo(Long.toString(value).length() + 2);
        }
        long[] all = values.stream().mapToLong(Long::longValue).toArray();
        assertThat(CompactJson.decode(JsonItems.ofLongs(all).encode()).jsonSize())
                .isEqualTo(JobJson.MAPPER.writeValueAsString(all).length());
    }

    /** A result's integers read as Jackson writes a long[], wherever they sit: over a stream, a writer or a token buffer. */
    @Test
    void writesIntegersAsAGeneratorDoesInAStreamOrNot() {
        java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE,
                Long.MIN_VALUE + 1, 9L, 10L, -10L, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L));
        new java.util.Random(7).longs(20_000).forEach(values::add); // ~400 KB of text: many of a generator's buffers
        long[] all = values.stream().mapToLong(Long::longValue).toArray();
        CompactJson result = CompactJson.decode(JsonItems.ofLongs(all).encode());
        String expected = JobJson.MAPPER.writeValueAsString(all);

        java.util.Map<String, Object> job = new java.util.LinkedHashMap<>();
        job.put("before", 1);
        job.put("result", result);
        job.put("after", java.util.List.of(result, 2));
        String asBytes = new String(JobJson.MAPPER.writeValueAsBytes(job), StandardCharsets.UTF_8);
        String asString = JobJson.MAPPER.writeValueAsString(job);

        assertThat(result.toString()).isEqualTo(expected);
        assertThat(asBytes).isEqualTo("{\"before\":1,\"result\":" + expected + ",\"after\":[" + expected + ",2]}");
        assertThat(asString).isEqualTo(asBytes);
        assertThat(JobJson.MAPPER.valueToTree(job).get("result").size()).as("a token buffer").isEqualTo(all.length);
    }

    @Test
    void joinsChunkArraysIntoOneResult() {
        byte[][] chunks = {"[1,2]".getBytes(StandardCharsets.UTF_8), "[{\"a\":[3]}]".getBytes(StandardCharsets.UTF_8),
                "[\"x\",null]".getBytes(StandardCharsets.UTF_8), JsonItems.ofLongs(-5, 6).encode()};
        assertThat(CompactJson.joinArrays(chunks).toString()).isEqualTo("[1,2,{\"a\":[3]},\"x\",null,-5,6]");

        byte[][] integers = {JsonItems.ofLongs(1, -2).encode(), JsonItems.ofLongs(Long.MIN_VALUE).encode(),
                JsonItems.ofLongs(300, 0, Long.MAX_VALUE).encode()};
        CompactJson joined = CompactJson.joinArrays(integers);
        assertThat(joined.isIntegers()).isTrue();
        String text = "[1,-2,-9223372036854775808,300,0,9223372036854775807]";
        assertThat(joined.toString()).isEqualTo(text);
        assertThat(joined.jsonSize()).isEqualTo(text.length());
        assertThat(JobJson.MAPPER.writeValueAsString(java.util.Map.of("result", joined))).isEqualTo("{\"result\":" + text + "}");
        assertThat(JobJson.MAPPER.writeValueAsString(java.util.Map.of("result", CompactJson.of("[\"é\"]".getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo("{\"result\":[\"é\"]}");
    }

    private static List<JsonNode> toList(JsonItems items) {
        return java.util.stream.StreamSupport.stream(items.spliterator(), false).toList();
    }

    /** Items read as a request's are: one streaming pass over the array. */
    static JsonItems parse(String json) {
        try (JsonParser parser = JobJson.MAPPER.createParser(json)) {
            parser.nextToken();
            return JsonItems.parse(parser);
        }
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
