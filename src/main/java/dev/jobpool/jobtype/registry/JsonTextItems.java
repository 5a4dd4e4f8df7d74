package dev.jobpool.jobtype.registry;

import java.util.Arrays;
import tools.jackson.databind.JsonNode;

/**
 * Items of any kind, as the compact JSON text of their array: item {@code i} is
 * {@code json[starts[i], starts[i + 1] - 1)}, the byte before the next start being its comma (or the closing
 * bracket).
 */
final class JsonTextItems extends JsonItems {

    private final byte[] json;
    private final int[] starts;

    private JsonTextItems(byte[] json, int[] starts, int from, int to) {
        super(from, to);
        this.json = json;
        this.starts = starts;
    }

    /** Finds each item of a JSON array, as this class or Jackson wrote it; does not check it is valid JSON. */
    static JsonTextItems of(byte[] json) {
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
        return new JsonTextItems(json, starts.toArray(), 0, starts.size - 1);
    }

    @Override
    JsonItems range(int from, int to) {
        return new JsonTextItems(json, starts, from, to);
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
