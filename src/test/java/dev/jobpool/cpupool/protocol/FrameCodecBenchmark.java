package dev.jobpool.cpupool.protocol;

import dev.jobpool.jobtype.registry.JobJson;
import dev.jobpool.jobtype.registry.JsonItems;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.LongNode;

/**
 * A chunk of integers' trip through the protocol, in memory: EXECUTE encoded to a frame and decoded as the worker
 * does, its outputs encoded and the RESULT decoded as the service does. {@code binary} is the protocol
 * ({@link Payloads}); {@code json} the JSON documents of trees that protocol version 2 sent, kept here as the
 * measured alternative. Run by bench/run with JMH; not a test.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FrameCodecBenchmark {

    @Param({"1", "100", "10000"})
    public int items;

    @Param({"binary", "json"})
    public String encoding;

    /** Version 2's EXECUTE and RESULT payloads. */
    public record JsonExecute(String jobId, int attempt, String type, JsonNode input, List<JsonNode> items) {
    }

    public record JsonResult(JsonNode output, List<JsonNode> outputs) {
    }

    private final FrameCodec codec = new FrameCodec(64 << 20);
    private JsonItems inputs;
    private long[] outputs;
    private JsonExecute jsonExecute;
    private JsonResult jsonResult;

    @Setup
    public void setUp() {
        long[] values = new long[items];
        outputs = new long[items];
        List<JsonNode> inputNodes = new ArrayList<>();
        List<JsonNode> outputNodes = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            values[i] = i;
            outputs[i] = (long) i * i;
            inputNodes.add(LongNode.valueOf(i));
            outputNodes.add(LongNode.valueOf((long) i * i));
        }
        inputs = JsonItems.ofLongs(values);
        jsonExecute = new JsonExecute("3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17", 1, "square", null, inputNodes);
        jsonResult = new JsonResult(null, outputNodes);
    }

    @Benchmark
    public Object chunkRoundTrip() throws IOException {
        return encoding.equals("binary") ? binary() : json();
    }

    private Object binary() throws IOException {
        Frame down = roundTrip(new Frame(FrameType.EXECUTE, 1,
                Payloads.executeItems("3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17", 1, "square", inputs)));
        Payloads.Execute received = Payloads.readExecute(down.payload());
        // integer outputs go up encoded as items are (ItemRun)
        Frame up = roundTrip(new Frame(FrameType.RESULT, 1, Payloads.resultOutputs(items, JsonItems.ofLongs(outputs).encode())));
        Payloads.Result back = Payloads.readResult(up.payload());
        return back.count() == received.items().size() ? back : null;
    }

    private Object json() throws IOException {
        Frame down = roundTrip(new Frame(FrameType.EXECUTE, 1, JobJson.MAPPER.writeValueAsBytes(jsonExecute)));
        JsonExecute received = JobJson.MAPPER.readValue(down.payload(), JsonExecute.class);
        Frame up = roundTrip(new Frame(FrameType.RESULT, 1, JobJson.MAPPER.writeValueAsBytes(jsonResult)));
        JsonResult back = JobJson.MAPPER.readValue(up.payload(), JsonResult.class);
        return received.items().size() == back.outputs().size() ? back : null;
    }

    private Frame roundTrip(Frame frame) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(frame.payload().length + 32);
        codec.write(new DataOutputStream(bytes), frame);
        return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
