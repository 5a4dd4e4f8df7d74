package dev.jobpool.jobtype.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A job's result, kept compact from the worker to the client: its UTF-8 JSON text, or, for an array of integers
 * (a map of {@code square}), the integers as varints ({@link JsonItems#encode()}'s form), which take less than
 * half the bytes of their text to carry, store and read back. Never a tree: a map's chunks are joined as they
 * came, and the integers become digits only as Jackson writes the value out.
 */
@JsonSerialize(using = CompactJson.Writer.class)
public final class CompactJson {

    private final byte[] data;
    private long jsonSize = -1;

    private CompactJson(byte[] data) {
        this.data = data;
    }

    /** A value's JSON text, as Jackson wrote it; the array is taken, not copied. */
    public static CompactJson of(byte[] json) {
        if (JsonItems.isEncodedLongs(json)) {
            throw new IllegalArgumentException("JSON text never starts with byte 1");
        }
        return new CompactJson(json);
    }

    public static CompactJson of(JsonNode value) {
        return new CompactJson(JobJson.MAPPER.writeValueAsBytes(value));
    }

    /** A value as {@link #encode()} gave it (or as JSON text, as older versions stored results). */
    public static CompactJson decode(byte[] stored) {
        return new CompactJson(stored);
    }

    /** The bytes a store keeps: the JSON text, or the encoded integers. Not a copy: do not change it. */
    public byte[] encode() {
        return data;
    }

    /** Bytes this value holds (its heap and what a store writes). */
    public int size() {
        return data.length;
    }

    /** Whether this is an array of integers, kept as varints. */
    public boolean isIntegers() {
        return JsonItems.isEncodedLongs(data);
    }

    /** Bytes of the value as JSON text. */
    public long jsonSize() {
        if (jsonSize < 0) {
            if (!isIntegers()) {
                jsonSize = data.length;
            } else {
                long[] totals = {0, 0}; // values, their characters
                LongItems.forEachEncodedLong(data, value -> {
                    totals[0]++;
                    totals[1] += digits(value);
                });
                jsonSize = 2 + totals[1] + Math.max(0, totals[0] - 1); // brackets, digits, commas
            }
        }
        return jsonSize;
    }

    /** The value as JSON text; for integers, written now. */
    public byte[] json() {
        if (!isIntegers()) {
            return data;
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, jsonSize()));
        try (JsonGenerator generator = JobJson.MAPPER.createGenerator(json)) {
            writeIntegers(generator);
        }
        return json.toByteArray();
    }

    /** The value parsed, for tests and small values; the service never parses a map's result. */
    public JsonNode tree() {
        return JobJson.MAPPER.readTree(json());
    }

    /**
     * Joins arrays, each a chunk's outputs (encoded integers, or JSON text of at least one value), into one array
     * of all their values in order, copying bytes once and parsing nothing: integers stay integers when every chunk
     * is integers, else every chunk joins as JSON text.
     */
    public static CompactJson joinArrays(byte[][] parts) {
        if (Arrays.stream(parts).allMatch(JsonItems::isEncodedLongs)) {
            long count = 0;
            int values = 0;
            long[][] headers = new long[parts.length][];
            for (int i = 0; i < parts.length; i++) {
                headers[i] = LongItems.encodedHeader(parts[i]);
                count += headers[i][0];
                values += parts[i].length - (int) headers[i][1];
            }
            byte[] joined = new byte[1 + LongItems.varintLength(count) + values];
            joined[0] = parts[0][0];
            int at = LongItems.writeVarint(joined, 1, count);
            for (int i = 0; i < parts.length; i++) {
                int from = (int) headers[i][1];
                System.arraycopy(parts[i], from, joined, at, parts[i].length - from);
                at += parts[i].length - from;
            }
            return new CompactJson(joined);
        }
        byte[][] texts = new byte[parts.length][];
        int length = 2 + parts.length - 1;
        for (int i = 0; i < parts.length; i++) {
            texts[i] = new CompactJson(parts[i]).json();
            length += texts[i].length - 2;
        }
        byte[] json = new byte[length];
        json[0] = '[';
        int at = 1;
        for (int i = 0; i < texts.length; i++) {
            if (i > 0) {
                json[at++] = ',';
            }
            int inner = texts[i].length - 2; // without its brackets
            System.arraycopy(texts[i], 1, json, at, inner);
            at += inner;
        }
        json[at] = ']';
        return new CompactJson(json);
    }

    private void writeIntegers(JsonGenerator generator) {
        generator.writeStartArray();
        LongItems.forEachEncodedLong(data, generator::writeNumber);
        generator.writeEndArray();
    }

    private static int digits(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        int sign = value < 0 ? 1 : 0;
        long magnitude = Math.abs(value);
        int digits = 1;
        for (long bound = 10; digits < 19 && magnitude >= bound; bound *= 10) {
            digits++;
        }
        return sign + digits;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CompactJson compact && Arrays.equals(json(), compact.json());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(json());
    }

    @Override
    public String toString() {
        return new String(json(), StandardCharsets.UTF_8);
    }

    /** Writes the JSON text as it is, straight into the generator's output; integers as numbers. */
    static final class Writer extends ValueSerializer<CompactJson> {

        @Override
        public void serialize(CompactJson value, JsonGenerator generator, SerializationContext context) {
            if (value.isIntegers()) {
                value.writeIntegers(generator);
            } else {
                generator.writeRawValue(new Utf8(value.data));
            }
        }
    }

    /** The bytes as the raw, unquoted text a generator copies; quoting is never asked of a raw value. */
    private record Utf8(byte[] bytes) implements SerializableString {

        @Override
        public String getValue() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            throw new UnsupportedOperationException("a raw JSON value is never quoted");
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return bytes;
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw new UnsupportedOperationException("a raw JSON value is never quoted");
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw new UnsupportedOperationException("a raw JSON value is never quoted");
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw new UnsupportedOperationException("a raw JSON value is never quoted");
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (bytes.length > buffer.length - offset) {
                return -1;
            }
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String value = getValue();
            if (value.length() > buffer.length - offset) {
                return -1;
            }
            value.getChars(0, value.length(), buffer, offset);
            return value.length();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) {
            throw new UnsupportedOperationException("a raw JSON value is never quoted");
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(bytes);
            return bytes.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            throw new UnsupportedOperationException("a raw JSON value is never quoted");
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (bytes.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(bytes);
            return bytes.length;
        }
    }
}
