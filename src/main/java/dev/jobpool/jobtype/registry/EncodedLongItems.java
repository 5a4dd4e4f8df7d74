package dev.jobpool.jobtype.registry;

import tools.jackson.databind.JsonNode;

/**
 * Integers as a store keeps them ({@link LongItems#encode()}'s varints), left encoded: a claimed map job's chunks
 * are cut from these bytes for its workers, so a million items are neither decoded into a {@code long[]} nor
 * encoded again, chunk by chunk, on their way from the store to the workers. Read one by one (an I/O map, a
 * check), they are decoded once, all together.
 */
final class EncodedLongItems extends JsonItems {

    /** Items between two remembered offsets: cutting a chunk skips at most this many varints. */
    private static final int STRIDE = 256;

    private final byte[] encoded;
    /** {@code offsets[k]} is where item {@code k * STRIDE} starts (the end of the bytes, for the item count). */
    private final int[] offsets;
    private final Decoded decoded;

    private EncodedLongItems(byte[] encoded, int[] offsets, Decoded decoded, int from, int to) {
        super(from, to);
        this.encoded = encoded;
        this.offsets = offsets;
        this.decoded = decoded;
    }

    /** Checks the bytes hold exactly the integers their header counts, noting where every STRIDE-th one starts. */
    static EncodedLongItems of(byte[] encoded) {
        long[] header = LongItems.encodedHeader(encoded);
        long count = header[0];
        if (count < 0 || count > encoded.length - header[1]) {
            throw new IllegalArgumentException("encoded items claim " + count + " values in " + encoded.length + " bytes");
        }
        int[] offsets = new int[(int) (count / STRIDE) + 1];
        int at = (int) header[1];
        for (int i = 0; i < count; i++) {
            if (i % STRIDE == 0) {
                offsets[i / STRIDE] = at;
            }
            at = LongItems.skipVarint(encoded, at);
        }
        if (at != encoded.length) {
            throw new IllegalArgumentException("encoded items end " + (encoded.length - at) + " bytes early");
        }
        if (count % STRIDE == 0) {
            offsets[(int) (count / STRIDE)] = at; // where the item after the last would start
        }
        return new EncodedLongItems(encoded, offsets, new Decoded(), 0, (int) count);
    }

    @Override
    JsonItems range(int from, int to) {
        return new EncodedLongItems(encoded, offsets, decoded, from, to);
    }

    @Override
    public boolean isLongs() {
        return true;
    }

    @Override
    public long longAt(int index) {
        java.util.Objects.checkIndex(index, size());
        return decoded.of(encoded)[from + index];
    }

    @Override
    public byte[] toJson() {
        return decodedItems().toJson();
    }

    /** Copies this range's varints behind a new header; all of the items are their stored bytes, not a copy. */
    @Override
    public byte[] encode() {
        int start = offsetOf(from);
        int end = offsetOf(to);
        if (from == 0 && end == encoded.length) {
            return encoded;
        }
        byte[] bytes = new byte[1 + LongItems.varintLength(size()) + end - start];
        bytes[0] = LONGS;
        int at = LongItems.writeVarint(bytes, 1, size());
        System.arraycopy(encoded, start, bytes, at, end - start);
        return bytes;
    }

    @Override
    public long heapBytes() {
        long[] values = decoded.values;
        return 32 + encoded.length + 4L * offsets.length + (values == null ? 0 : 16 + 8L * values.length);
    }

    @Override
    public JsonNode get(int index) {
        return decodedItems().get(index);
    }

    /** Where item {@code index} starts; for the item count, where the bytes end. */
    private int offsetOf(int index) {
        int at = offsets[index / STRIDE];
        for (int i = index % STRIDE; i > 0; i--) {
            at = LongItems.skipVarint(encoded, at);
        }
        return at;
    }

    private LongItems decodedItems() {
        return new LongItems(decoded.of(encoded), from, to);
    }

    /**
     * The integers decoded, once, for every range of the same bytes: an I/O map reads its chunks item by item, on
     * as many threads, and each would otherwise decode the whole array for itself.
     */
    private static final class Decoded {

        private volatile long[] values;

        long[] of(byte[] encoded) {
            long[] decoded = values;
            if (decoded == null) {
                synchronized (this) {
                    decoded = values;
                    if (decoded == null) {
                        decoded = LongItems.decodeValues(encoded, 1, encoded.length);
                        values = decoded;
                    }
                }
            }
            return decoded;
        }
    }
}
