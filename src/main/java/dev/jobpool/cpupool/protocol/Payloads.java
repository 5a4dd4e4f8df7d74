package dev.jobpool.cpupool.protocol;

import dev.jobpool.jobtype.registry.FailureCode;
import dev.jobpool.jobtype.registry.JsonItems;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The payloads of frames, all binary. EXECUTE and RESULT carry a map's data: items go down as
 * {@link JsonItems#encode()} (integers as varints, anything else as its compact JSON text) and outputs come up as
 * the JSON text of their array, which the service joins into the job's result without reading it. As JSON
 * documents of trees the same chunk took about 170 ns an item each way ({@code FrameCodecBenchmark}). Outputs
 * that are all integers come up encoded as items are. The small frames are binary too, so that a worker says
 * HELLO, and fails a request, without loading a JSON mapper.
 *
 * <pre>
 * EXECUTE: jobId (u16 length, UTF-8) | attempt (i32) | type (u16 length, UTF-8) | kind (u8) | body
 *          kind 0: body = the input as JSON; kind 1: body = the chunk's items, encoded
 * RESULT:  kind (u8) | body
 *          kind 0: body = the output as JSON; kind 1: count (i32) | the outputs, encoded integers or one JSON array
 * HELLO:   token (u16 length, UTF-8) | pid (i64)
 * FAILURE: code (u8, a FailureCode's ordinal) | retryable (u8) | item (i32) | message (i32 length, UTF-8)
 * HEAP:    bytes in use after a full GC (i64)
 * </pre>
 */
public final class Payloads {

    private static final byte SINGLE = 0;
    private static final byte CHUNK = 1;

    private Payloads() {
    }

    /**
     * Run one job ({@code input}, its JSON) or one chunk of a map job ({@code items}).
     */
    public record Execute(String jobId, int attempt, String type, byte[] input, JsonItems items) {
    }

    /**
     * A single job's output as JSON ({@code count} -1), or a chunk's {@code count} outputs: encoded integers
     * ({@link JsonItems#encode()}) or a JSON array.
     */
    public record Result(int count, byte[] json) {

        public boolean isChunk() {
            return count >= 0;
        }
    }

    /** The worker's first frame: proves it is the child the service started. */
    public record Hello(String token, long pid) {
    }

    /** Why a request failed; {@code item} is the index within the chunk of the item that failed, or -1. */
    public record Failure(FailureCode code, String message, boolean retryable, int item) {
    }

    public static byte[] executeInput(String jobId, int attempt, String type, byte[] input) {
        return execute(jobId, attempt, type, SINGLE, input);
    }

    public static byte[] executeItems(String jobId, int attempt, String type, JsonItems items) {
        return execute(jobId, attempt, type, CHUNK, items.encode());
    }

    private static byte[] execute(String jobId, int attempt, String type, byte kind, byte[] body) {
        byte[] id = jobId.getBytes(StandardCharsets.UTF_8);
        byte[] name = type.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + id.length + 4 + 2 + name.length + 1 + body.length);
        putShortString(payload, id);
        payload.putInt(attempt);
        putShortString(payload, name);
        payload.put(kind);
        payload.put(body);
        return payload.array();
    }

    public static Execute readExecute(byte[] payload) throws ProtocolException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            String jobId = getShortString(in);
            int attempt = in.getInt();
            String type = getShortString(in);
            byte kind = in.get();
            int at = in.position();
            return switch (kind) {
                case SINGLE -> new Execute(jobId, attempt, type, java.util.Arrays.copyOfRange(payload, at, payload.length), null);
                case CHUNK -> new Execute(jobId, attempt, type, null, JsonItems.decode(payload, at, payload.length - at));
                default -> throw new ProtocolException("an EXECUTE frame of unknown kind " + kind);
            };
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new ProtocolException("an EXECUTE frame that does not read: " + e);
        }
    }

    public static byte[] resultOutput(byte[] json) {
        byte[] payload = new byte[1 + json.length];
        payload[0] = SINGLE;
        System.arraycopy(json, 0, payload, 1, json.length);
        return payload;
    }

    /** @param json the chunk's {@code count} outputs, as {@code ItemRun} gives them */
    public static byte[] resultOutputs(int count, byte[] json) {
        return ByteBuffer.allocate(1 + 4 + json.length).put(CHUNK).putInt(count).put(json).array();
    }

    /**
     * Reads a RESULT; a chunk's outputs must be {@code count} encoded integers, or a JSON array ({@code [...]}).
     * Neither is parsed here: the worker wrote them with Jackson or {@link JsonItems}.
     */
    public static Result readResult(byte[] payload) throws ProtocolException {
        if (payload.length < 1) {
            throw new ProtocolException("an empty RESULT frame");
        }
        if (payload[0] == SINGLE) {
            byte[] json = java.util.Arrays.copyOfRange(payload, 1, payload.length);
            if (json.length == 0 || JsonItems.isEncodedLongs(json)) {
                throw new ProtocolException("a RESULT frame of a single output that is not JSON text");
            }
            return new Result(-1, json);
        }
        if (payload[0] != CHUNK || payload.length < 1 + 4 + 3) {
            throw new ProtocolException("a RESULT frame of unknown kind " + payload[0] + " or too short for a chunk");
        }
        int count = ByteBuffer.wrap(payload, 1, 4).getInt();
        byte[] json = java.util.Arrays.copyOfRange(payload, 5, payload.length);
        long encoded = JsonItems.encodedCount(json);
        boolean array = json[0] == '[' && json[json.length - 1] == ']';
        if (count < 1 || (encoded >= 0 ? encoded != count : !array)) {
            throw new ProtocolException("a RESULT frame whose " + count + " outputs are neither encoded integers nor a JSON array");
        }
        return new Result(count, json);
    }

    public static byte[] hello(String token, long pid) {
        byte[] utf8 = token.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + utf8.length + 8);
        putShortString(payload, utf8);
        return payload.putLong(pid).array();
    }

    public static Hello readHello(byte[] payload) throws ProtocolException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            Hello hello = new Hello(getShortString(in), in.getLong());
            if (in.hasRemaining()) {
                throw new ProtocolException("a HELLO frame with " + in.remaining() + " bytes too many");
            }
            return hello;
        } catch (BufferUnderflowException e) {
            throw new ProtocolException("a HELLO frame that does not read");
        }
    }

    public static byte[] failure(Failure failure) {
        byte[] message = failure.message().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 1 + 4 + 4 + message.length)
                .put((byte) failure.code().ordinal())
                .put((byte) (failure.retryable() ? 1 : 0))
                .putInt(failure.item())
                .putInt(message.length)
                .put(message)
                .array();
    }

    public static Failure readFailure(byte[] payload) throws ProtocolException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            int code = in.get();
            boolean retryable = in.get() != 0;
            int item = in.getInt();
            int length = in.getInt();
            if (code < 0 || code >= FailureCode.values().length || length != in.remaining()) {
                throw new ProtocolException("a FAILURE frame of unknown code " + code + " or the wrong length");
            }
            String message = new String(payload, in.position(), length, StandardCharsets.UTF_8);
            return new Failure(FailureCode.values()[code], message, retryable, item);
        } catch (BufferUnderflowException e) {
            throw new ProtocolException("a FAILURE frame that does not read");
        }
    }

    public static byte[] heap(long usedBytes) {
        return ByteBuffer.allocate(8).putLong(usedBytes).array();
    }

    /** @return the heap in use, in bytes, that a HEAP frame reports */
    public static long readHeap(byte[] payload) throws ProtocolException {
        if (payload.length != 8) {
            throw new ProtocolException("a HEAP frame of " + payload.length + " bytes");
        }
        return ByteBuffer.wrap(payload).getLong();
    }

    private static void putShortString(ByteBuffer out, byte[] utf8) {
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("a name of " + utf8.length + " bytes");
        }
        out.putShort((short) utf8.length);
        out.put(utf8);
    }

    private static String getShortString(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }
}
