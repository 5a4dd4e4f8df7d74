package dev.jobpool.cpupool.protocol;

import dev.jobpool.jobtype.registry.JobJson;
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
 * A chunk's trip through the protocol, in memory: EXECUTE encoded to a frame and decoded as the worker does,
 * RESULT encoded and decoded as the service does. Run by bench/run with JMH; not a test.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FrameCodecBenchmark {

    @Param({"1", "100", "10000"})
    public int items;

    private final FrameCodec codec = new FrameCodec(64 << 20);
    private Messages.Execute execute;
    private Messages.Result result;

    @Setup
    public void setUp() {
        List<JsonNode> inputs = new ArrayList<>();
        List<JsonNode> outputs = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            inputs.add(LongNode.valueOf(i));
            outputs.add(LongNode.valueOf((long) i * i));
        }
        execute = new Messages.Execute("3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17", 1, "square", null, inputs);
        result = new Messages.Result(null, outputs);
    }

    @Benchmark
    public Messages.Result chunkRoundTrip() throws IOException {
        Frame down = roundTrip(new Frame(FrameType.EXECUTE, 1, JobJson.MAPPER.writeValueAsBytes(execute)));
        Messages.Execute received = JobJson.MAPPER.readValue(down.payload(), Messages.Execute.class);
        Frame up = roundTrip(new Frame(FrameType.RESULT, 1, JobJson.MAPPER.writeValueAsBytes(result)));
        Messages.Result back = JobJson.MAPPER.readValue(up.payload(), Messages.Result.class);
        return received.items().size() == back.outputs().size() ? back : null;
    }

    private Frame roundTrip(Frame frame) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(frame.payload().length + 32);
        codec.write(new DataOutputStream(bytes), frame);
        return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
