package dev.jobpool.worker;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.FrameCodec;
import dev.jobpool.cpupool.protocol.FrameType;
import dev.jobpool.cpupool.protocol.Payloads;
import dev.jobpool.cpupool.protocol.WorkerEnvironment;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.registry.FailureCode;
import dev.jobpool.jobtype.registry.ItemRun;
import dev.jobpool.jobtype.registry.JobFailure;
import dev.jobpool.jobtype.registry.JobInvoker;
import dev.jobpool.jobtype.registry.JobJson;
import dev.jobpool.jobtype.registry.JsonItems;
import dev.jobpool.jobtype.registry.WorkerJobTypes;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker JVM: connects back to the service over a Unix domain socket, proves itself with the one-time
 * token, then runs one request at a time. No Spring: it starts in a fraction of a second.
 *
 * <p>stdin is its lifeline: the service never writes to it, so end-of-file means the service is gone, and the
 * worker halts at once. stdout and stderr belong to job code; frames never touch them.
 */
public final class WorkerMain {

    private record Request(long id, Payloads.Execute execute) {
    }

    /** Nothing cancels a warm-up. */
    private static final JobContext WARM_UP_CONTEXT = new RequestContext("warm-up", 1, () -> false);

    private final Map<String, JobType<?, ?>> types = new HashMap<>();
    /** Guards {@link #requests}, {@link #busy}, {@link #readerWanted}, and who runs {@link #currentRequest}. */
    private final Object turns = new Object();
    private final ArrayDeque<Request> requests = new ArrayDeque<>();
    private boolean busy;
    private boolean readerWanted = true;
    private final FrameCodec codec;
    private final int maxFrameBytes;
    private final long heapRecycleBytes;
    private final DataInputStream in;
    private final DataOutputStream out;
    private volatile long currentRequest;
    private volatile long cancelledRequest;
    private volatile Thread runner;
    private volatile boolean jsonWarmUpStarted;

    private WorkerMain(SocketChannel channel, int maxFrameBytes, long heapRecycleBytes) {
        this.codec = new FrameCodec(maxFrameBytes);
        this.maxFrameBytes = maxFrameBytes;
        this.heapRecycleBytes = heapRecycleBytes;
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
        for (JobType<?, ?> type : WorkerJobTypes.discover(WorkerMain.class.getClassLoader())) {
            types.put(type.name(), type);
        }
    }

    public static void main(String[] args) throws IOException {
        watchLifeline();
        String socket = System.getenv(WorkerEnvironment.SOCKET);
        String token = System.getenv(WorkerEnvironment.TOKEN);
        int maxFrame = Integer.parseInt(System.getenv(WorkerEnvironment.MAX_FRAME));
        String heapRecycle = System.getenv(WorkerEnvironment.HEAP_RECYCLE);
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        WorkerMain worker = new WorkerMain(channel, maxFrame, heapRecycle == null ? 0 : Long.parseLong(heapRecycle));
        worker.warmUp();
        worker.send(FrameType.HELLO, 0, Payloads.hello(token, ProcessHandle.current().pid()));
        Thread.ofPlatform().name("worker-2").start(worker::serve);
        worker.serve();
    }

    /**
     * Before HELLO: runs what a job of integers needs (a chunk, a single input, a failure's frame), none of which
     * touches the JSON mapper, so the first such job does not pay for class loading and the HELLO does not wait
     * for the mapper.
     */
    private void warmUp() {
        try {
            JobType<?, ?> square = types.get("square");
            Payloads.Execute chunk = Payloads.readExecute(Payloads.executeItems("warm-up", 1, "square", JsonItems.ofLongs(3)));
            Payloads.readResult(Payloads.resultOutputs(1, new ItemRun(square, chunk.items()).run(WARM_UP_CONTEXT, null)));
            Payloads.Execute single = Payloads.readExecute(Payloads.executeInput("warm-up", 1, "square", new byte[] {'3'}));
            Payloads.readResult(Payloads.resultOutput(JobInvoker.invokeToJson(square, single.input(), WARM_UP_CONTEXT).encode()));
            Payloads.readFailure(Payloads.failure(new Payloads.Failure(FailureCode.HANDLER_ERROR, "", false, -1)));
        } catch (Exception e) {
            System.err.println("worker: warm-up failed: " + e);
        }
    }

    /**
     * When the service says WARM_UP, beside any requests: loads the JSON mapper and binds a record input and a chunk
     * of JSON items with it (~400 ms of CPU here: the workers' AOT cache leaves the mapper out, so that it does not
     * slow every worker's HELLO). The service says so at boot once every worker is up, so that this does not slow
     * the others' start, else once the worker is first idle; a job that needs the mapper sooner loads what it needs
     * of it itself.
     */
    private void warmUpJson() {
        try {
            byte[] input = "{\"limit\":10}".getBytes(StandardCharsets.UTF_8);
            JobInvoker.invokeToJson(types.get("primes"), input, WARM_UP_CONTEXT);
            new ItemRun(types.get("primes"), JsonItems.of(List.of(JobJson.MAPPER.readTree(input)))).run(WARM_UP_CONTEXT, null);
        } catch (Exception e) {
            System.err.println("worker: warm-up failed: " + e);
        }
    }

    /** EOF on stdin: the service died (even by kill -9); leave no orphan behind. */
    private static void watchLifeline() {
        Thread.ofPlatform().daemon().name("lifeline").start(() -> {
            try {
                while (System.in.read() != -1) {
                    // the service never writes; ignore anything that arrives
                }
            } catch (IOException e) {
                // a broken pipe means the same as end of file
            }
            Runtime.getRuntime().halt(0);
        });
    }

    /**
     * Two threads take turns: one reads frames while the other waits; the reader that gets an EXECUTE while no
     * request runs hands reading to the other thread and runs the request itself, so a job starts on the thread
     * that read it instead of waking another one (a thread hand-off cost tens of microseconds per job). What
     * arrives while a request runs (more chunks, CANCEL, PING) the other thread reads.
     */
    private void serve() {
        try {
            while (true) {
                synchronized (turns) {
                    while (!readerWanted) {
                        turns.wait();
                    }
                    readerWanted = false;
                }
                runRequests(readUntilWork());
            }
        } catch (EOFException e) {
            Runtime.getRuntime().halt(0); // the service closed the channel
        } catch (InterruptedException | IOException e) {
            System.err.println("worker: the service connection failed: " + e);
            Runtime.getRuntime().halt(1);
        }
    }

    /** Reads frames until a request arrives that this thread should run. */
    private Request readUntilWork() throws IOException, InterruptedException {
        while (true) {
            Frame frame = codec.read(in);
            switch (frame.type()) {
                case EXECUTE -> {
                    Request request = new Request(frame.requestId(),
                            Payloads.readExecute(frame.payload()));
                    synchronized (turns) {
                        if (!busy) {
                            busy = true;
                            readerWanted = true;
                            turns.notify();
                            return request;
                        }
                        requests.add(request);
                    }
                }
                case CANCEL -> cancel(frame.requestId());
                case PING -> send(FrameType.PONG, frame.requestId(), new byte[0]);
                case WARM_UP -> {
                    if (!jsonWarmUpStarted) {
                        jsonWarmUpStarted = true;
                        Thread.ofPlatform().daemon().name("json-warm-up").start(this::warmUpJson);
                    }
                }
                case SHUTDOWN -> {
                    send(FrameType.BYE, 0, new byte[0]);
                    System.exit(0); // an orderly exit, so a training run can write the workers' AOT cache
                }
                default -> throw new IOException("unexpected " + frame.type() + " frame from the service");
            }
        }
    }

    private void cancel(long requestId) throws IOException {
        boolean dropped;
        synchronized (turns) {
            if (requestId == currentRequest) {
                cancelledRequest = requestId;
                runner.interrupt();
                return;
            }
            dropped = requests.removeIf(request -> request.id() == requestId);
        }
        if (dropped) {
            fail(requestId, new JobFailure(FailureCode.CANCELLED, "cancelled before it started", false), -1);
        }
    }

    /** Runs a request and then those queued meanwhile; reports a high heap once nothing is queued. */
    private void runRequests(Request first) throws IOException {
        Request request = first;
        while (request != null) {
            synchronized (turns) {
                currentRequest = request.id();
                runner = Thread.currentThread();
            }
            execute(request);
            synchronized (turns) {
                currentRequest = 0;
                Thread.interrupted(); // a cancel that arrived as the request ended must not hit the next one
                request = requests.poll();
            }
            if (request == null) {
                reportHeapIfHigh();
                synchronized (turns) {
                    request = requests.poll();
                    busy = request != null;
                }
            }
        }
    }

    private void execute(Request request) throws IOException {
        Payloads.Execute execute = request.execute();
        JobType<?, ?> type = types.get(execute.type());
        if (type == null) {
            fail(request.id(), new JobFailure(FailureCode.HANDLER_ERROR, "this worker has no job type '" + execute.type() + "'",
                    false), -1);
            return;
        }
        JobContext context = new RequestContext(execute.jobId(), execute.attempt(),
                () -> cancelledRequest == request.id());
        ItemRun items = execute.items() == null ? null : new ItemRun(type, execute.items());
        try {
            byte[] payload = items == null
                    ? Payloads.resultOutput(JobInvoker.invokeToJson(type, execute.input(), context).encode())
                    : Payloads.resultOutputs(execute.items().size(), items.run(context, null));
            if (payload.length > maxFrameBytes) {
                fail(request.id(), new JobFailure(FailureCode.RESULT_TOO_LARGE, "the result is " + payload.length
                        + " bytes; frames carry at most " + maxFrameBytes + " (jobpool.cpu.max-frame-size)", false), -1);
                return;
            }
            send(FrameType.RESULT, request.id(), payload);
        } catch (Exception | StackOverflowError e) {
            int item = items == null ? -1 : items.item();
            if (cancelledRequest == request.id()) {
                fail(request.id(), new JobFailure(FailureCode.CANCELLED, "cancelled", false), item);
                return;
            }
            if (JobFailure.isUnexpected(e)) {
                System.err.println("job " + execute.jobId() + ": the handler threw");
                e.printStackTrace();
            }
            fail(request.id(), JobFailure.of(e), item);
        }
    }

    private void fail(long requestId, JobFailure failure, int item) throws IOException {
        send(FrameType.FAILURE, requestId, Payloads.failure(new Payloads.Failure(failure.code(), failure.message(),
                failure.retryable(), item)));
    }

    /**
     * Says HEAP when the heap in use after a job stays above the recycle limit even after a full GC, so the
     * service replaces this worker: garbage is no reason, only what a handler left reachable. The GC runs only
     * when the cheap reading is already over the limit, and only once the worker has nothing queued.
     */
    private void reportHeapIfHigh() throws IOException {
        if (heapRecycleBytes <= 0 || usedHeap() <= heapRecycleBytes) {
            return;
        }
        System.gc();
        long used = usedHeap();
        if (used > heapRecycleBytes) {
            send(FrameType.HEAP, 0, Payloads.heap(used));
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private void send(FrameType type, long requestId, byte[] payload) throws IOException {
        synchronized (out) {
            codec.write(out, new Frame(type, requestId, payload));
        }
    }
}
