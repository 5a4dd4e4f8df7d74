package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.Messages;
import dev.jobpool.job.ErrorCode;
import dev.jobpool.job.JobError;
import dev.jobpool.jobtype.registry.FailureCode;
import dev.jobpool.jobtype.registry.JobJson;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * What a worker's frames do: a RESULT or FAILURE ends its request (and maybe its job), a PONG proves it alive,
 * a HEAP marks it for recycling. A frame the service does not expect, or cannot read, is a protocol error: the
 * worker is killed. Event loop only.
 */
final class FrameHandler {

    private static final Logger log = LoggerFactory.getLogger(FrameHandler.class);

    private final Dispatcher dispatcher;
    private final WorkerSlots slots;
    private final CpuPoolProperties properties;

    FrameHandler(Dispatcher dispatcher, WorkerSlots slots, CpuPoolProperties properties) {
        this.dispatcher = dispatcher;
        this.slots = slots;
        this.properties = properties;
    }

    void onFrame(WorkerProcess worker, Frame frame) {
        try {
            switch (frame.type()) {
                case RESULT -> onResult(worker, frame);
                case FAILURE -> onFailure(worker, frame);
                case PONG -> worker.pingSentAt = 0;
                case HEAP -> onHeap(worker, frame);
                case BYE, PROGRESS -> {
                    // goodbyes and progress need no action
                }
                default -> protocolError(worker, "sent an unexpected " + frame.type() + " frame");
            }
        } catch (JacksonException e) {
            protocolError(worker, "sent a " + frame.type() + " frame that does not read (" + e.getOriginalMessage() + ")");
        }
    }

    private void onResult(WorkerProcess worker, Frame frame) {
        CpuRun run = worker.run;
        CpuRun.Chunk chunk = run == null ? null : run.inFlight.remove(frame.requestId());
        if (chunk == null) {
            return; // a late answer for a job that already ended
        }
        worker.inFlight--;
        if (!run.ended) {
            Messages.Result result = JobJson.MAPPER.readValue(frame.payload(), Messages.Result.class);
            if (run.isMap()) {
                List<JsonNode> outputs = result.outputs();
                int expected = chunk.to() - chunk.from();
                if (outputs == null || outputs.size() != expected) {
                    protocolError(worker, "answered " + (outputs == null ? 0 : outputs.size()) + " outputs for a chunk of "
                            + expected);
                    return;
                }
                for (int i = 0; i < expected; i++) {
                    run.outputs[chunk.from() + i] = outputs.get(i);
                }
                run.itemsLeft -= expected;
                run.job.itemsDone(expected);
            } else {
                run.itemsLeft = 0;
                run.job.itemDone();
            }
            if (run.itemsLeft == 0) {
                dispatcher.succeeded(run, run.isMap() ? arrayOf(run.outputs) : result.output());
            } else {
                dispatcher.fill(worker);
            }
        }
        dispatcher.releaseIfDone(worker);
    }

    private static ArrayNode arrayOf(JsonNode[] outputs) {
        ArrayNode array = JobJson.MAPPER.createArrayNode();
        for (JsonNode output : outputs) {
            array.add(output);
        }
        return array;
    }

    private void onFailure(WorkerProcess worker, Frame frame) {
        CpuRun run = worker.run;
        CpuRun.Chunk chunk = run == null ? null : run.inFlight.remove(frame.requestId());
        if (chunk == null) {
            return;
        }
        worker.inFlight--;
        if (!run.ended) {
            Messages.Failure failure = JobJson.MAPPER.readValue(frame.payload(), Messages.Failure.class);
            String where = run.isMap() && failure.item() >= 0 ? "items[" + (chunk.from() + failure.item()) + "]: " : "";
            dispatcher.failed(run, new JobError(errorCode(failure.code()), where + failure.message()), failure.retryable());
        }
        dispatcher.releaseIfDone(worker);
    }

    /** A worker reports CANCELLED only when told to; if the job still runs, its handler gave up on its own. */
    private static ErrorCode errorCode(FailureCode code) {
        if (code == null || code == FailureCode.CANCELLED) {
            return ErrorCode.HANDLER_ERROR;
        }
        return ErrorCode.valueOf(code.name()); // FailureCode names are ErrorCode names (FailureCodeTests)
    }

    /** The worker's heap stays high after its job: it retires now if idle, else when its job is done. */
    private void onHeap(WorkerProcess worker, Frame frame) {
        Messages.Heap heap = JobJson.MAPPER.readValue(frame.payload(), Messages.Heap.class);
        if (!worker.heapOverLimit) {
            log.info("{} keeps {} MB of heap after a full GC, above jobpool.cpu.worker-heap-recycle={}MB; recycling it",
                    worker, heap.usedBytes() >> 20, properties.heapRecycleBytes() >> 20);
        }
        worker.heapOverLimit = true;
        if (worker.run == null) {
            slots.recycleIfDue(worker);
        }
    }

    private static void protocolError(WorkerProcess worker, String what) {
        log.error("{} {}; killing it", worker, what);
        worker.stopReason = "protocol_error";
        worker.kill();
    }
}
