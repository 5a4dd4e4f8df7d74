package dev.jobpool.iopool;

import dev.jobpool.job.Job;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.registry.CompactJson;
import dev.jobpool.jobtype.registry.ItemRun;
import dev.jobpool.jobtype.registry.JobFailure;
import dev.jobpool.jobtype.registry.JsonItems;
import dev.jobpool.jobtype.registry.RegisteredJobType;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One attempt of one job on the I/O pool: runs the handler on the job's virtual thread, or, for a map job,
 * fans its chunks out to virtual threads of their own, each holding a pool slot. Stopping it interrupts
 * every thread it started.
 */
final class IoRun implements JobContext {

    private final Job job;
    private final int attempt;
    private final RegisteredJobType type;
    private final Semaphore slots;
    private final JsonItems items;
    private boolean holdsSlot = true;
    private volatile boolean cancelled;
    private volatile Thread thread;
    private volatile ExecutorService chunkThreads;

    IoRun(Job job, int attempt, RegisteredJobType type, Semaphore slots) {
        this.job = job;
        this.attempt = attempt;
        this.type = type;
        this.slots = slots;
        this.items = job.items(); // taken now, while the job runs: an ended job lets go of its items
    }

    Job job() {
        return job;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public String jobId() {
        return job.id().toString();
    }

    @Override
    public boolean isCancelled() {
        return cancelled || Thread.currentThread().isInterrupted();
    }

    /** Runs on the job's own virtual thread; returns the output as JSON text. */
    CompactJson execute() throws Exception {
        thread = Thread.currentThread();
        checkCancelled();
        if (!job.isMap()) {
            CompactJson output = type.runToJson(job.input(), this);
            job.itemDone();
            return output;
        }
        return executeItems();
    }

    void cancel() {
        cancelled = true;
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
        ExecutorService chunks = chunkThreads;
        if (chunks != null) {
            chunks.shutdownNow();
        }
    }

    /** Called once by the job's thread when it is done. */
    void releaseSlot() {
        if (holdsSlot) {
            holdsSlot = false;
            slots.release();
        }
    }

    private CompactJson executeItems() throws Exception {
        int chunkSize = job.chunkSize() > 0 ? job.chunkSize() : 1;
        int chunkCount = Math.ceilDiv(items.size(), chunkSize);
        byte[][] outputs = new byte[chunkCount][];
        CompletableFuture<Void> allDone = new CompletableFuture<>();
        AtomicInteger chunksLeft = new AtomicInteger(chunkCount);

        releaseSlot(); // this thread only waits; each chunk takes a slot of its own
        ExecutorService chunks = Executors.newVirtualThreadPerTaskExecutor();
        chunkThreads = chunks;
        try {
            checkCancelled();
            for (int chunk = 0; chunk < chunkCount && !allDone.isDone(); chunk++) {
                slots.acquire();
                int start = chunk * chunkSize; // below the item count, so no overflow, whatever chunkSize is
                int end = start + Math.min(chunkSize, items.size() - start);
                int index = chunk;
                try {
                    chunks.execute(() -> runChunk(start, end, index, outputs, allDone, chunksLeft));
                } catch (RejectedExecutionException e) {
                    slots.release();
                    throw new CancellationException("job " + jobId() + " was stopped");
                }
            }
            allDone.get();
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        } finally {
            chunks.shutdownNow();
        }
        return CompactJson.joinArrays(outputs);
    }

    private void runChunk(int start, int end, int chunk, byte[][] outputs, CompletableFuture<Void> allDone,
            AtomicInteger chunksLeft) {
        ItemRun run = type.itemRun(items.slice(start, end));
        try {
            outputs[chunk] = run.run(this, job::itemDone);
            if (chunksLeft.decrementAndGet() == 0) {
                allDone.complete(null);
            }
        } catch (Exception | StackOverflowError e) {
            allDone.completeExceptionally(itemFailure(start + Math.max(0, run.item()), e));
        } finally {
            slots.release();
        }
    }

    /** A stop passes through as it is; any other failure is classified here, where the item's place is known. */
    private static Exception itemFailure(int index, Throwable e) {
        return switch (e) {
            case InterruptedException interrupted -> interrupted;
            case CancellationException cancelled -> cancelled;
            default -> new ItemFailedException(JobFailure.of(e).atItem(index), e);
        };
    }

    /** One item of a map job failed; the job fails as {@link #failure()} says. */
    static final class ItemFailedException extends Exception {

        private final JobFailure failure;

        ItemFailedException(JobFailure failure, Throwable cause) {
            super(failure.message(), cause);
            this.failure = failure;
        }

        JobFailure failure() {
            return failure;
        }
    }
}
