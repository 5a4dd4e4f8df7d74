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
public abstract sealed class JsonItems implements Iterable<JsonNode> permits LongItems, EncodedLongItems, JsonTextItems {

    /** {@link #encode()}'s first byte for integers; JSON text starts with {@code [} instead. */
    static final byte LONGS = 1;

    /** The items are {@code [from, to)} of the data they share with the items they were sliced from. */
    final int from;
    final int to;

    JsonItems(int from, int to) {
        this.from = from;
        this.to = to;
    }

    /** How many items there are. */
    public final int size() {
        return to - from;
    }

    /** Items {@code start} (inclusive) to {@code end}, sharing this one's data. */
    public final JsonItems slice(int start, int end) {
        java.util.Objects.checkFromToIndex(start, end, size());
        return range(from + start, from + end);
    }

    /** The items {@code [from, to)} of the same data. */
    abstract JsonItems range(int from, int to);

    /** True when every item is an integer that fits a {@code long}: {@link #longAt} reads them without parsing. */
    public abstract boolean isLongs();

    /** The item at {@code index} of integer items ({@link #isLongs()}). */
    public abstract long longAt(int index);

    /** The items as a JSON array, UTF-8, without whitespace; may be this object's own array: do not change it. */
    public abstract byte[] toJson();

    /** The compact form a store keeps and a frame carries; {@link #decode} reads it back. May be shared: do not change it. */
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
        return new LongItems(values.clone(), 0, values.length);
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

    /**
     * Reads a store's copy of {@link #encode()}'s bytes, taking the array: integers stay encoded until read one by
     * one, so a claimed map job's chunks are cut from them for its workers.
     */
    public static JsonItems ofStored(byte[] bytes) {
        return isEncodedLongs(bytes) ? EncodedLongItems.of(bytes) : decode(bytes);
    }

    public static JsonItems decode(byte[] bytes, int offset, int length) {
        if (length > 0 && bytes[offset] == LONGS) {
            return LongItems.decodeLongs(bytes, offset + 1, offset + length);
        }
        byte[] json = offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
        return JsonTextItems.of(json);
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
            return new LongItems(longs.toArray(), 0, longs.size);
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
        return JsonTextItems.of(json.toByteArray());
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
            return LongItems.encodedHeader(bytes)[0];
        } catch (IllegalArgumentException e) {
            return -1;
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

    /** Integers as they are read, in a growing array: {@link #parse}'s and {@link PlainIntegerArray}'s. */
    static final class LongList {
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
}
