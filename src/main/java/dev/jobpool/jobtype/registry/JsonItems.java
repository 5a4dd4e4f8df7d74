package dev.jobpool.jobtype.registry;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The items of a map job as compact data, from the request to the worker: integers as a {@code long[]} (a
 * million cost 8 MB, not a million trees), anything else as the compact JSON text of the array with each
 * item's offset, so a string or an object costs its bytes. Read from a request in one streaming pass
 * ({@link #parse}); kept in a store and sent to workers as {@link #encode()}. Immutable; a {@link #slice} shares
 * its parent's data.
 */
@JsonDeserialize(using = JsonItems.Reader.class)
@JsonSerialize(using = JsonItems.Writer.class)
public abstract sealed class JsonItems implements Iterable<JsonNode> permits JsonItems.Longs, JsonItems.Json {

    /** {@link #encode()}'s first byte for integers; JSON text starts with {@code [} instead. */
    private static final byte LONGS = 1;

    JsonItems() {
    }

    /** How many items there are. */
    public abstract int size();

    /** Items {@code from} (inclusive) to {@code to}, sharing this one's data. */
    public abstract JsonItems slice(int from, int to);

    /** True when every item is an integer that fits a {@code long}: {@link #longAt} reads them without parsing. */
    public abstract boolean isLongs();

    /** The item at {@code index} of integer items ({@link #isLongs()}). */
    public abstract long longAt(int index);

    /** The items as a JSON array, UTF-8, without whitespace; may be this object's own array: do not change it. */
    public abstract byte[] toJson();

    /** The compact form a store keeps and a frame carries; {@link #decode} reads it back. */
    public abstract byte[] encode();

    /** Roughly the heap these items hold. */
    public abstract long heapBytes();

    /** One item as a JSON tree, made on demand: for checks and tests, never for the items of a whole job. */
    public abstract JsonNode get(int index);

    @Override
    public Iterator<JsonNode> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public JsonNode next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return get(next++);
            }
        };
    }

    public static JsonItems ofLongs(long... values) {
        return new Longs(values.clone(), 0, values.length);
    }

    /** Items given as trees (tests, tools): integers become {@code long}s, as they do from a request. */
    public static JsonItems of(List<? extends JsonNode> items) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator generator = JobJson.MAPPER.createGenerator(json)) {
            generator.writeStartArray();
            for (JsonNode item : items) {
                generator.writeTree(item);
            }
            generator.writeEndArray();
        }
        try (JsonParser parser = JobJson.MAPPER.createParser(json.toByteArray())) {
            parser.nextToken();
            return parse(parser);
        }
    }

    /** Reads {@link #encode()}'s bytes, or a JSON array as older versions stored it. */
    public static JsonItems decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    public static JsonItems decode(byte[] bytes, int offset, int length) {
        if (length > 0 && bytes[offset] == LONGS) {
            return Longs.decodeLongs(bytes, offset + 1, offset + length);
        }
        byte[] json = offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
        return Json.of(json);
    }

    /**
     * Reads the array the parser stands at ({@code START_ARRAY}) in one pass, without a tree per item: integers
     * into a {@code long[]} for as long as every item is one; from the first other item on, every item as its
     * compact JSON text. A number keeps the text the client wrote, so a handler binds exactly what it was sent.
     */
    public static JsonItems parse(JsonParser parser) {
        LongList longs = new LongList();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.VALUE_NUMBER_INT && fitsLong(parser)) {
            longs.add(parser.getLongValue());
        }
        if (token == JsonToken.END_ARRAY) {
            return new Longs(longs.toArray(), 0, longs.size);
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream(Math.max(256, longs.size * 8));
        try (JsonGenerator generator = JobJson.MAPPER.createGenerator(json)) {
            generator.writeStartArray();
            for (int i = 0; i < longs.size; i++) {
                generator.writeNumber(longs.values[i]);
            }
            for (; token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new StreamReadException(parser, "the items array ends before its closing bracket");
                }
                copyValue(parser, generator);
            }
            generator.writeEndArray();
        }
        return Json.of(json.toByteArray());
    }

    /** An integer token that a {@code long} holds and prints back as the client wrote it ({@code -0} does not). */
    private static boolean fitsLong(JsonParser parser) {
        JsonParser.NumberType type = parser.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            return false;
        }
        return parser.getLongValue() != 0 || parser.getStringLength() == 1;
    }

    /** Copies the value the parser stands at, numbers as their text (not re-read as a double). */
    private static void copyValue(JsonParser parser, JsonGenerator generator) {
        int depth = 0;
        do {
            JsonToken token = parser.currentToken();
            switch (token) {
                case START_OBJECT -> {
                    generator.writeStartObject();
                    depth++;
                }
                case START_ARRAY -> {
                    generator.writeStartArray();
                    depth++;
                }
                case END_OBJECT -> {
                    generator.writeEndObject();
                    depth--;
                }
                case END_ARRAY -> {
                    generator.writeEndArray();
                    depth--;
                }
                case PROPERTY_NAME -> generator.writeName(parser.currentName());
                case VALUE_STRING -> generator.writeString(parser.getStringCharacters(), parser.getStringOffset(), parser.getStringLength());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getString());
                case VALUE_TRUE -> generator.writeBoolean(true);
                case VALUE_FALSE -> generator.writeBoolean(false);
                case VALUE_NULL -> generator.writeNull();
                default -> throw new IllegalStateException("a JSON parser gave " + token);
            }
        } while (depth > 0 && parser.nextToken() != null);
    }

    // --- an encoded array of integers, as a map's result is kept: tag, count, zigzag varints

    /** Whether these bytes are an array of integers as {@link #encode()} writes it. */
    public static boolean isEncodedLongs(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == LONGS;
    }

    /** How many integers an encoded array of integers says it holds; -1 if these bytes are not one. */
    public static long encodedCount(byte[] bytes) {
        if (!isEncodedLongs(bytes)) {
            return -1;
        }
        try {
            return encodedHeader(bytes)[0];
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** The integers {@code values[0, count)} encoded, without a copy of the array. */
    static byte[] encodeLongs(long[] values, int count) {
        return new Longs(values, 0, count).encode();
    }

    /** How many integers an encoded array holds, and where the first starts: {@code {count, offset}}. */
    static long[] encodedHeader(byte[] bytes) {
        long[] position = {1};
        long count = Longs.readVarint(bytes, position, bytes.length);
        return new long[] {count, position[0]};
    }

    /** Each integer of an encoded array, in order, without holding them all. */
    static void forEachEncodedLong(byte[] bytes, java.util.function.LongConsumer action) {
        long[] position = {1};
        long count = Longs.readVarint(bytes, position, bytes.length);
        for (long i = 0; i < count; i++) {
            long zigzag = Longs.readVarint(bytes, position, bytes.length);
            action.accept((zigzag >>> 1) ^ -(zigzag & 1));
        }
    }

    /** Integers, each 8 bytes in heap; encoded as zigzag varints (a number below a million takes 3 bytes). */
    static final class Longs extends JsonItems {

        private final long[] values;
        private final int from;
        private final int to;

        Longs(long[] values, int from, int to) {
            this.values = values;
            this.from = from;
            this.to = to;
        }

        @Override
        public int size() {
            return to - from;
        }

        @Override
        public JsonItems slice(int start, int end) {
            java.util.Objects.checkFromToIndex(start, end, size());
            return new Longs(values, from + start, from + end);
        }

        @Override
        public boolean isLongs() {
            return true;
        }

        @Override
        public long longAt(int index) {
            java.util.Objects.checkIndex(index, size());
            return values[from + index];
        }

        @Override
        public byte[] toJson() {
            ByteArrayOutputStream json = new ByteArrayOutputStream(size() * 8 + 2);
            try (JsonGenerator generator = JobJson.MAPPER.createGenerator(json)) {
                generator.writeArray(values, from, size());
            }
            return json.toByteArray();
        }

        @Override
        public byte[] encode() {
            int length = 1 + varintLength(size());
            for (int i = from; i < to; i++) {
                length += varintLength(zigzag(values[i]));
            }
            byte[] bytes = new byte[length];
            bytes[0] = LONGS;
            int at = writeVarint(bytes, 1, size());
            for (int i = from; i < to; i++) {
                at = writeVarint(bytes, at, zigzag(values[i]));
            }
            return bytes;
        }

        static Longs decodeLongs(byte[] bytes, int at, int end) {
            long[] position = {at};
            long count = readVarint(bytes, position, end);
            if (count < 0 || count > (end - position[0])) {
                throw new IllegalArgumentException("encoded items claim " + count + " values in " + (end - at) + " bytes");
            }
            long[] values = new long[(int) count];
            for (int i = 0; i < values.length; i++) {
                long zigzag = readVarint(bytes, position, end);
                values[i] = (zigzag >>> 1) ^ -(zigzag & 1);
            }
            if (position[0] != end) {
                throw new IllegalArgumentException("encoded items end " + (end - position[0]) + " bytes early");
            }
            return new Longs(values, 0, values.length);
        }

        @Override
        public long heapBytes() {
            return 16 + 8L * size();
        }

        /** The node a parser makes of the number: an int node when it fits an int. */
        @Override
        public JsonNode get(int index) {
            long value = longAt(index);
            return value == (int) value ? JobJson.MAPPER.getNodeFactory().numberNode((int) value)
                    : JobJson.MAPPER.getNodeFactory().numberNode(value);
        }

        private static long zigzag(long value) {
            return (value << 1) ^ (value >> 63);
        }

        static int varintLength(long value) {
            return value == 0 ? 1 : (63 - Long.numberOfLeadingZeros(value)) / 7 + 1;
        }

        static int writeVarint(byte[] bytes, int at, long value) {
            while ((value & ~0x7FL) != 0) {
                bytes[at++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            bytes[at++] = (byte) value;
            return at;
        }

        static long readVarint(byte[] bytes, long[] position, int end) {
            int at = (int) position[0];
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) {
                    throw new IllegalArgumentException("encoded items end inside a number");
                }
                byte b = bytes[at++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    position[0] = at;
                    return value;
                }
            }
            throw new IllegalArgumentException("an encoded number is longer than 10 bytes");
        }
    }

    /**
     * Items of any kind, as the compact JSON text of their array: item {@code i} is
     * {@code json[starts[i], starts[i + 1] - 1)}, the byte before the next start being its comma (or the closing
     * bracket).
     */
    static final class Json extends JsonItems {

        private final byte[] json;
        private final int[] starts;
        private final int from;
        private final int to;

        private Json(byte[] json, int[] starts, int from, int to) {
            this.json = json;
            this.starts = starts;
            this.from = from;
            this.to = to;
        }

        /** Finds each item of a JSON array, as this class or Jackson wrote it; does not check it is valid JSON. */
        static Json of(byte[] json) {
            IntList starts = new IntList();
            int depth = 0;
            boolean inString = false;
            int close = -1;
            boolean empty = true;
            for (int i = 0; i < json.length && close < 0; i++) {
                byte b = json[i];
                if (inString) {
                    if (b == '\\') {
                        i++;
                    } else if (b == '"') {
                        inString = false;
                    }
                    continue;
                }
                switch (b) {
                    case '"' -> {
                        inString = true;
                        empty = false;
                    }
                    case '[', '{' -> {
                        if (depth++ == 0) {
                            starts.add(i + 1);
                        } else {
                            empty = false;
                        }
                    }
                    case ']', '}' -> {
                        if (--depth == 0) {
                            close = i;
                        }
                    }
                    case ',' -> {
                        if (depth == 1) {
                            starts.add(i + 1);
                        }
                    }
                    case ' ', '\t', '\n', '\r' -> {
                    }
                    default -> empty = false;
                }
            }
            if (close < 0 || starts.size == 0 || json[starts.values[0] - 1] != '[') {
                throw new IllegalArgumentException("stored items are not a JSON array");
            }
            if (empty && starts.size == 1) {
                starts.size = 0; // []
            }
            starts.add(close + 1);
            return new Json(json, starts.toArray(), 0, starts.size - 1);
        }

        @Override
        public int size() {
            return to - from;
        }

        @Override
        public JsonItems slice(int start, int end) {
            java.util.Objects.checkFromToIndex(start, end, size());
            return new Json(json, starts, from + start, from + end);
        }

        @Override
        public boolean isLongs() {
            return false;
        }

        @Override
        public long longAt(int index) {
            throw new UnsupportedOperationException("these items are not all integers");
        }

        @Override
        public byte[] toJson() {
            if (from == 0 && to == starts.length - 1) {
                return json;
            }
            if (from == to) {
                return new byte[] {'[', ']'};
            }
            int start = starts[from];
            int end = starts[to] - 1; // the comma after the last item, or the closing bracket
            byte[] slice = new byte[end - start + 2];
            slice[0] = '[';
            System.arraycopy(json, start, slice, 1, end - start);
            slice[slice.length - 1] = ']';
            return slice;
        }

        @Override
        public byte[] encode() {
            return toJson();
        }

        @Override
        public long heapBytes() {
            return 32 + json.length + 4L * starts.length;
        }

        @Override
        public JsonNode get(int index) {
            java.util.Objects.checkIndex(index, size());
            int start = starts[from + index];
            return JobJson.MAPPER.readTree(json, start, starts[from + index + 1] - 1 - start);
        }
    }

    /** Binds {@code "items"} of a job spec: an array, read by {@link #parse}. */
    static final class Reader extends ValueDeserializer<JsonItems> {

        @Override
        public JsonItems deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                return (JsonItems) context.handleUnexpectedToken(JsonItems.class, parser);
            }
            return parse(parser);
        }
    }

    /**
     * Writes the array item by item, each as a tree: the canonical form of a spec ({@code RequestHash}) sorts
     * the properties of object items, as it did when items were trees. Nothing else writes items with Jackson.
     */
    static final class Writer extends ValueSerializer<JsonItems> {

        @Override
        public void serialize(JsonItems items, JsonGenerator generator, SerializationContext context) {
            generator.writeStartArray();
            for (int i = 0; i < items.size(); i++) {
                if (items.isLongs()) {
                    generator.writeNumber(items.longAt(i));
                } else {
                    generator.writeTree(items.get(i));
                }
            }
            generator.writeEndArray();
        }
    }

    private static final class LongList {
        long[] values = new long[1024];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return size == values.length ? values : Arrays.copyOf(values, size);
        }
    }

    private static final class IntList {
        int[] values = new int[1024];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
