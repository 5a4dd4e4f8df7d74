package dev.jobpool.jobtype.registry;

import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.MappingIterator;

/**
 * Runs a handler over a chunk of a map job's items, in the worker JVM and on the I/O pool alike: binds each item
 * in turn from the compact items (integers for a {@code Long} input without any parsing, anything else with one
 * streaming parser for the chunk), runs it, and keeps the outputs compact: integers as varints, anything else
 * written straight into one JSON array. Either is the same JSON as each output turned into a tree and written (the
 * form results had before), without the trees.
 */
public final class ItemRun {

    private final JobType<?, ?> type;
    private final JsonItems items;
    private int item = -1;

    public ItemRun(JobType<?, ?> type, JsonItems items) {
        this.type = type;
        this.items = items;
    }

    /** The item running now, or the one that failed; -1 before the first. */
    public int item() {
        return item;
    }

    /**
     * Returns the outputs: as integers encoded ({@link JsonItems#encode()}'s form) while every output is a
     * {@code Long} or {@code Integer} (written as JSON they would be those digits), else as the JSON text of their
     * array. A failure of the binding, the handler or the writing of an output is thrown as it is, with
     * {@link #item()} at the item it belongs to.
     *
     * @param afterEach runs after each item (progress), or null
     */
    public byte[] run(JobContext context, Runnable afterEach) throws Exception {
        Outputs outputs = new Outputs(items.size());
        if (items.isLongs() && takesLong(type)) {
            for (item = 0; item < items.size(); item++) {
                outputs.add(JobInvoker.run(type, items.longAt(item), context));
                if (afterEach != null) {
                    afterEach.run();
                }
            }
        } else {
            try (MappingIterator<Object> inputs = JobInvoker.readerOf(type).readValues(items.toJson())) {
                for (item = 0; item < items.size(); item++) {
                    outputs.add(JobInvoker.run(type, inputs.nextValue(), context));
                    if (afterEach != null) {
                        afterEach.run();
                    }
                }
            }
        }
        return outputs.finish();
    }

    /** Whether the type's input is a {@code Long}, which an integer item is without any parsing. */
    static boolean takesLong(JobType<?, ?> type) {
        Class<?> input = type.inputType();
        return input == Long.class || input == long.class;
    }

    /** A chunk's outputs: integers in a {@code long[]} until the first other output, then JSON text. */
    private static final class Outputs {

        private long[] integers;
        private int count;
        private ByteArrayOutputStream json;
        private JsonGenerator generator;

        Outputs(int expected) {
            this.integers = new long[Math.max(1, expected)];
        }

        void add(Object output) {
            if (generator == null) {
                if (output instanceof Long || output instanceof Integer) {
                    if (count == integers.length) {
                        integers = java.util.Arrays.copyOf(integers, count * 2);
                    }
                    integers[count++] = ((Number) output).longValue();
                    return;
                }
                json = new ByteArrayOutputStream(Math.max(64, integers.length * 8));
                generator = JobJson.MAPPER.createGenerator(json);
                generator.writeStartArray();
                for (int i = 0; i < count; i++) {
                    generator.writeNumber(integers[i]);
                }
                integers = null;
            }
            write(generator, output);
        }

        byte[] finish() {
            if (generator == null) {
                return LongItems.encodeLongs(integers, count);
            }
            generator.writeEndArray();
            generator.close();
            return json.toByteArray();
        }

        /** Strings directly; anything else through the generator's own serializers, cached per class. */
        private static void write(JsonGenerator outputs, Object output) {
            switch (output) {
                case Long value -> outputs.writeNumber(value);
                case Integer value -> outputs.writeNumber(value);
                case String value -> outputs.writeString(value);
                case null -> outputs.writeNull();
                default -> outputs.writePOJO(output);
            }
        }
    }
}
