package dev.jobpool.jobtype.registry;

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
 * One JSON value as its UTF-8 text: a job's result, written once (by the worker, or the I/O pool's thread) and
 * then stored, kept and answered as those bytes, never parsed into a tree. A map's result is its chunks'
 * outputs joined as they came. Written by Jackson on the way in, so it is valid JSON; Jackson writes it out
 * unchanged.
 */
@JsonSerialize(using = RawJson.Writer.class)
public final class RawJson {

    private final byte[] utf8;

    private RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** A value written by Jackson; the array is taken, not copied. */
    public static RawJson of(byte[] utf8) {
        return new RawJson(utf8);
    }

    public static RawJson of(JsonNode value) {
        return new RawJson(JobJson.MAPPER.writeValueAsBytes(value));
    }

    /**
     * Joins JSON arrays, each of at least one value, into one array of all their values in order, copying their
     * bytes once and parsing nothing: how a map's chunks become its result.
     */
    public static RawJson joinArrays(byte[][] arrays) {
        int length = 2 + arrays.length - 1;
        for (byte[] array : arrays) {
            length += array.length - 2;
        }
        byte[] json = new byte[length];
        json[0] = '[';
        int at = 1;
        for (int i = 0; i < arrays.length; i++) {
            if (i > 0) {
                json[at++] = ',';
            }
            int inner = arrays[i].length - 2; // without its brackets
            System.arraycopy(arrays[i], 1, json, at, inner);
            at += inner;
        }
        json[at] = ']';
        return new RawJson(json);
    }

    /** Bytes of the value as JSON. */
    public int size() {
        return utf8.length;
    }

    /** The value's UTF-8 text itself, not a copy: do not change it. */
    public byte[] bytes() {
        return utf8;
    }

    /** The value parsed, for tests and small values; a map's result is never parsed by the service. */
    public JsonNode tree() {
        return JobJson.MAPPER.readTree(utf8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawJson raw && Arrays.equals(utf8, raw.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Writes the bytes as they are, straight into the generator's output. */
    static final class Writer extends ValueSerializer<RawJson> {

        @Override
        public void serialize(RawJson value, JsonGenerator generator, SerializationContext context) {
            generator.writeRawValue(new Utf8(value.utf8));
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
