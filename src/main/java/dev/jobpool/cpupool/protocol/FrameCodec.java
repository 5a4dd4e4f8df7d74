package dev.jobpool.cpupool.protocol;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * Reads and writes frames: {@code magic(4) | version(1) | type(1) | requestId(8) | length(4) | payload}.
 * Big-endian. Shared by the service and the worker, so both sides agree by construction.
 */
public final class FrameCodec {

    /** "JOBP". */
    public static final int MAGIC = 0x4A4F4250;
    /**
     * 4: HELLO, FAILURE and HEAP are binary too, HELLO no longer repeats the version, and WARM_UP. 3: EXECUTE and
     * RESULT are binary ({@link Payloads}). 2: FAILURE's code is a {@code FailureCode}, and the HEAP frame. The
     * service and its workers ship together (same jar), so the version only has to tell a stray or stale peer
     * apart; there is no negotiation.
     */
    public static final int VERSION = 4;
    static final int HEADER_BYTES = 18;

    private final int maxPayloadBytes;

    public FrameCodec(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public void write(DataOutputStream out, Frame frame) throws IOException {
        if (frame.payload().length > maxPayloadBytes) {
            throw new ProtocolException("a " + frame.type() + " frame of " + frame.payload().length
                    + " bytes is over the limit of " + maxPayloadBytes);
        }
        out.writeInt(MAGIC);
        out.writeByte(VERSION);
        out.writeByte(frame.type().code());
        out.writeLong(frame.requestId());
        out.writeInt(frame.payload().length);
        out.write(frame.payload());
        out.flush();
    }

    /** Reads the next frame; throws {@link EOFException} at a clean end of stream between frames. */
    public Frame read(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new ProtocolException(String.format("bad magic 0x%08x", magic));
        }
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new ProtocolException("unsupported protocol version " + version + " (this side speaks " + VERSION + ")");
        }
        FrameType type = FrameType.of(in.readUnsignedByte());
        long requestId = in.readLong();
        int length = in.readInt();
        if (length < 0 || length > maxPayloadBytes) {
            throw new ProtocolException("a " + type + " frame declares " + length + " bytes; the limit is " + maxPayloadBytes);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(type, requestId, payload);
    }
}
