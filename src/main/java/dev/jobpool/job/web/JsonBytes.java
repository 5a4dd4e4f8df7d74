package dev.jobpool.job.web;

import dev.jobpool.jobtype.registry.JobJson;
import java.io.OutputStream;

/** How many bytes a value takes as JSON, counted while it is written and never held: a big result costs no copy. */
final class JsonBytes {

    private JsonBytes() {
    }

    static long of(Object value) {
        Counter counter = new Counter();
        JobJson.MAPPER.writeValue(counter, value);
        return counter.bytes;
    }

    private static final class Counter extends OutputStream {

        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes += length;
        }
    }
}
