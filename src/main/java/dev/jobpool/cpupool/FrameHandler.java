package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.Payloads;
import dev.jobpool.cpupool.protocol.ProtocolException;
import dev.jobpool.job.ErrorCode;
import dev.jobpool.job.JobError;
import dev.jobpool.jobtype.registry.CompactJson;
import dev.jobpool.jobtype.registry.FailureCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        } catch (ProtocolException e) {
            protocolError(worker, "sent a " + frame.type() + " frame that does not read (" + e.getMessage() + ")");
        }
    }

    private void onResult(WorkerProcess worker, Frame frame) throws ProtocolException {
        CpuRun run = worker.run;
        CpuRun.Chunk chunk = run == null ? null : run.inFlight.remove(frame.requestId());
        if (chunk == null) {
            return; // a late answer for a job that already ended
        }
        worker.inFlight--;
        if (!run.ended) {
            Payloads.Result result = Payloads.readResult(frame.payload());
            if (run.isMap()) {
                int expected = chunk.to() - chunk.from();
                if (!result.isChunk() || result.count() != expected) {
                    protocolError(worker, "answered " + result.count() + " outputs for a chunk of " + expected);
                    return;
                }
                run.outputs[chunk.from() / run.chunkSize] = result.json();
                run.itemsLeft -= expected;
                run.job.itemsDone(expected);
            } else if (result.isChunk()) {
                protocolError(worker, "answered a chunk's outputs for a single job");
                return;
            } else {
                run.itemsLeft = 0;
                run.job.itemDone();
            }
            if (run.itemsLeft == 0) {
                dispatcher.succeeded(run, run.isMap() ? run.result() : CompactJson.of(result.json()));
            } else {
                dispatcher.fill(worker);
            }
        }
        dispatcher.releaseIfDone(worker);
    }

    private void onFailure(WorkerProcess worker, Frame frame) throws ProtocolException {
        CpuRun run = worker.run;
        CpuRun.Chunk chunk = run == null ? null : run.inFlight.remove(frame.requestId());
        if (chunk == null) {
            return;
        }
        worker.inFlight--;
        if (!run.ended) {
            Payloads.Failure failure = Payloads.readFailure(frame.payload());
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
    private void onHeap(WorkerProcess worker, Frame frame) throws ProtocolException {
        long heapBytes = Payloads.readHeap(frame.payload());
        if (!worker.heapOverLimit) {
            log.info("{} keeps {} MB of heap after a full GC, above jobpool.cpu.worker-heap-recycle={}MB; recycling it",
                    worker, heapBytes >> 20, properties.heapRecycleBytes() >> 20);
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
