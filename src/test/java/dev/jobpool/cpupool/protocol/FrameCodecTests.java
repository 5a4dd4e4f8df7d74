package dev.jobpool.cpupool.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameCodecTests {

    private final FrameCodec codec = new FrameCodec(1024);

    @Test
    void aFrameSurvivesTheRoundTrip() throws Exception {
        Frame frame = new Frame(FrameType.RESULT, 42, "{\"output\":49}".getBytes(StandardCharsets.UTF_8));
        Frame read = codec.read(in(write(frame)));
        assertThat(read.type()).isEqualTo(FrameType.RESULT);
        assertThat(read.requestId()).isEqualTo(42);
        assertThat(new String(read.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"output\":49}");
    }

    @Test
    void badMagicIsAProtocolError() {
        byte[] bytes = write(Frame.of(FrameType.PONG, 1));
        bytes[0] = 'X';
        assertThatThrownBy(() -> codec.read(in(bytes))).isInstanceOf(ProtocolException.class).hasMessageContaining("bad magic");
    }

    @Test
    void anUnknownTypeOrVersionIsAProtocolError() {
        byte[] unknownType = write(Frame.of(FrameType.PONG, 1));
        unknownType[5] = 99;
        assertThatThrownBy(() -> codec.read(in(unknownType))).isInstanceOf(ProtocolException.class).hasMessageContaining("type 99");
        byte[] futureVersion = write(Frame.of(FrameType.PONG, 1));
        futureVersion[4] = 7;
        assertThatThrownBy(() -> codec.read(in(futureVersion))).isInstanceOf(ProtocolException.class).hasMessageContaining("version 7");
    }

    @Test
    void anOversizedFrameIsRefusedBeforeItsPayloadIsRead() {
        ByteBuffer header = ByteBuffer.allocate(FrameCodec.HEADER_BYTES)
                .putInt(FrameCodec.MAGIC).put((byte) FrameCodec.VERSION).put((byte) FrameType.RESULT.code())
                .putLong(1).putInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> codec.read(in(header.array()))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("limit is 1024");
        assertThatThrownBy(() -> codec.write(new DataOutputStream(new ByteArrayOutputStream()),
                new Frame(FrameType.RESULT, 1, new byte[2048]))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aStreamThatEndsBetweenFramesIsEndOfFile() {
        assertThatThrownBy(() -> codec.read(in(new byte[0]))).isInstanceOf(EOFException.class);
    }

    private byte[] write(Frame frame) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            codec.write(new DataOutputStream(bytes), frame);
            return bytes.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
