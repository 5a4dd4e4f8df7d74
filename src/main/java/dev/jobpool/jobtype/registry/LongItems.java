package dev.jobpool.jobtype.registry;

import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/** Integers, each 8 bytes in heap; encoded as zigzag varints (a number below a million takes 3 bytes). */
final class LongItems extends JsonItems {

    private final long[] values;

    LongItems(long[] values, int from, int to) {
        super(from, to);
        this.values = values;
    }

    @Override
    JsonItems range(int from, int to) {
        return new LongItems(values, from, to);
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
        bytes[0] = JsonItems.LONGS;
        int at = writeVarint(bytes, 1, size());
        for (int i = from; i < to; i++) {
            at = writeVarint(bytes, at, zigzag(values[i]));
        }
        return bytes;
    }

    static LongItems decodeLongs(byte[] bytes, int at, int end) {
        long[] values = decodeValues(bytes, at, end);
        return new LongItems(values, 0, values.length);
    }

    /** The integers of {@link #encode()}'s bytes {@code [at, end)}, after its tag. */
    static long[] decodeValues(byte[] bytes, int at, int end) {
        long[] position = {at};
        long count = readVarint(bytes, position, end);
        if (count < 0 || count > (end - position[0])) {
            throw new IllegalArgumentException("encoded items claim " + count + " values in " + (end - at) + " bytes");
        }
        long[] values = new long[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = unzigzag(readVarint(bytes, position, end));
        }
        if (position[0] != end) {
            throw new IllegalArgumentException("encoded items end " + (end - position[0]) + " bytes early");
        }
        return values;
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

    /** The integers {@code values[0, count)} encoded, without a copy of the array. */
    static byte[] encodeLongs(long[] values, int count) {
        return new LongItems(values, 0, count).encode();
    }

    /** How many integers an encoded array holds, and where the first starts: {@code {count, offset}}. */
    static long[] encodedHeader(byte[] bytes) {
        long[] position = {1};
        long count = readVarint(bytes, position, bytes.length);
        return new long[] {count, position[0]};
    }

    /** Each integer of an encoded array, in order, without holding them all. */
    static void forEachEncodedLong(byte[] bytes, java.util.function.LongConsumer action) {
        long[] position = {1};
        long count = readVarint(bytes, position, bytes.length);
        for (long i = 0; i < count; i++) {
            action.accept(unzigzag(readVarint(bytes, position, bytes.length)));
        }
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long zigzag) {
        return (zigzag >>> 1) ^ -(zigzag & 1);
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

    /** Where the varint at {@code at} ends, not reading its value; checked as {@link #readVarint} checks. */
    static int skipVarint(byte[] bytes, int at) {
        for (int length = 1; length <= 10; length++) {
            if (at >= bytes.length) {
                throw new IllegalArgumentException("encoded items end inside a number");
            }
            if (bytes[at++] >= 0) {
                return at;
            }
        }
        throw new IllegalArgumentException("an encoded number is longer than 10 bytes");
    }
}
