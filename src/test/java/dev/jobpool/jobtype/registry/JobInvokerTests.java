package dev.jobpool.jobtype.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpool.jobtype.InProcess;
import dev.jobpool.jobtype.builtin.SquareJobType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

/** A plain integer for a {@code Long} input is read without the mapper; what it gives must be what the mapper gives. */
class JobInvokerTests {

    @Test
    void bindsAnIntegerAsTheMapperDoes() throws Exception {
        SquareJobType square = new SquareJobType();
        for (String text : List.of("0", "-0", "7", "-7", "3037000499", "-3037000499", "9223372036854775807",
                "-9223372036854775808", "1.0", "2.5", "1e3", " 4", "4 ", "\"5\"", "007", "+3")) {
            byte[] json = text.getBytes(StandardCharsets.US_ASCII);
            Object expected;
            try {
                expected = JobJson.MAPPER.readValue(json, Long.class);
            } catch (JacksonException e) {
                assertThatThrownBy(() -> JobInvoker.bind(square, json)).as(text).isInstanceOf(JacksonException.class);
                continue;
            }
            assertThat(JobInvoker.bind(square, json)).as(text).isEqualTo(expected);
            long value = (Long) expected;
            if (-3037000499L <= value && value <= 3037000499L) { // squares that fit a long
                assertThat(JobInvoker.invokeToJson(square, json, InProcess.CONTEXT).encode()).as(text)
                        .isEqualTo(JobJson.MAPPER.writeValueAsBytes(square.run(value, InProcess.CONTEXT)));
            }
        }
    }

    @Test
    void leavesAnythingButAPlainIntegerToTheMapper() {
        for (String text : List.of("", "-", "007", "+3", "1.0", "1e3", " 4", "\"5\"", "9223372036854775808",
                "-9223372036854775809", "99999999999999999999", "12a")) {
            assertThat(JobInvoker.plainInteger(text.getBytes(StandardCharsets.US_ASCII))).as(text).isNull();
        }
    }
}
