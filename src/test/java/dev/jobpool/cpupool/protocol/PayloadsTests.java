package dev.jobpool.cpupool.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpool.jobtype.registry.FailureCode;
import dev.jobpool.jobtype.registry.JsonItems;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadsTests {

    @Test
    void everyPayloadSurvivesTheRoundTrip() throws Exception {
        Payloads.Execute single = Payloads.readExecute(Payloads.executeInput("job-1", 2, "square", bytes("7")));
        assertThat(single).extracting(Payloads.Execute::jobId, Payloads.Execute::attempt, Payloads.Execute::type)
                .containsExactly("job-1", 2, "square");
        assertThat(single.input()).isEqualTo(bytes("7"));
        Payloads.Execute chunk = Payloads.readExecute(Payloads.executeItems("job-2", 1, "square", JsonItems.ofLongs(1, -2, 3)));
        assertThat(chunk.items().size()).isEqualTo(3);
        assertThat(chunk.items().longAt(1)).isEqualTo(-2);

        assertThat(Payloads.readResult(Payloads.resultOutput(bytes("49"))).json()).isEqualTo(bytes("49"));
        Payloads.Result outputs = Payloads.readResult(Payloads.resultOutputs(2, bytes("[1,\"a\"]")));
        assertThat(outputs.count()).isEqualTo(2);

        assertThat(Payloads.readHello(Payloads.hello("a1b2", 4242))).isEqualTo(new Payloads.Hello("a1b2", 4242));
        for (FailureCode code : FailureCode.values()) {
            Payloads.Failure failure = new Payloads.Failure(code, "nö: " + code, code == FailureCode.HANDLER_ERROR, 17);
            assertThat(Payloads.readFailure(Payloads.failure(failure))).isEqualTo(failure);
        }
        assertThat(Payloads.readHeap(Payloads.heap(300L << 20))).isEqualTo(300L << 20);
    }

    @Test
    void aPayloadThatDoesNotReadIsAProtocolErrorNeverAnotherException() {
        byte[] hello = Payloads.hello("token", 1);
        byte[] failure = Payloads.failure(new Payloads.Failure(FailureCode.CANCELLED, "cancelled", false, -1));
        byte[] unknownCode = failure.clone();
        unknownCode[0] = (byte) FailureCode.values().length;
        for (byte[] payload : List.of(new byte[0], Arrays.copyOf(hello, hello.length - 1), Arrays.copyOf(hello, hello.length + 1))) {
            assertThatThrownBy(() -> Payloads.readHello(payload)).isInstanceOf(ProtocolException.class);
        }
        for (byte[] payload : List.of(new byte[0], Arrays.copyOf(failure, failure.length - 1),
                Arrays.copyOf(failure, failure.length + 1), unknownCode)) {
            assertThatThrownBy(() -> Payloads.readFailure(payload)).isInstanceOf(ProtocolException.class);
        }
        for (byte[] payload : List.of(new byte[0], new byte[7], new byte[9])) {
            assertThatThrownBy(() -> Payloads.readHeap(payload)).isInstanceOf(ProtocolException.class);
        }
        assertThatThrownBy(() -> Payloads.readFailure(unknownCode)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown code");
        assertThatThrownBy(() -> Payloads.readResult(Payloads.resultOutput(new byte[0]))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Payloads.readResult(Payloads.resultOutput(JsonItems.ofLongs(1).encode())))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not JSON text");
        assertThatThrownBy(() -> Payloads.readExecute(new byte[] {0, 9, 'a'})).isInstanceOf(ProtocolException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
