package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.CompactJson;
import dev.jobpool.jobtype.registry.JsonItems;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * One job: what was asked (fixed at submit) and how it is going (changed only through the verbs
 * {@link #start}, {@link #succeed}, {@link #fail}, {@link #retry} and {@link #cancel}, each checked
 * against the table in {@link JobStatus}).
 *
 * <p>In a durable store the row is the record and a {@code Job} is a copy of it: the store writes each change
 * only if the row is still in the state the change started from, so a stale copy can never overwrite a newer
 * ending. In the memory store the object is the record.
 *
 * <p>Thread-safe: the verbs and {@link #snapshot()} hold the job's monitor; progress is a counter that
 * item runners bump without it.
 */
public final class Job {

    /** The tenant of every job submitted while no one signs in (security off, or jobs stored before tenants). */
    public static final String DEFAULT_TENANT = "default";

    private final JobId id;
    /** Who submitted it: only callers of the same tenant (or an admin) see the job. */
    private final String tenant;
    private final String type;
    private final Pool pool;
    private final JsonNode input;
    /** The items of a map job, compact; dropped when the job ends, as only the results are shown afterwards. */
    private JsonItems items;
    private final int itemCount;
    private final int chunkSize;
    private final int priority;
    private final Duration timeout;
    private final int maxAttempts;
    private final Map<String, String> labels;
    private final String idempotencyKey;
    /** A digest of the submitted spec, so a reused idempotency key with a different body can be refused. */
    private final String requestHash;
    private final Instant createdAt;
    private final AtomicInteger itemsDone = new AtomicInteger();

    private long sequence;
    /** The job's place in its pool's fair-share order across tenants, given by the store at submit. */
    private double turn;
    private JobStatus status = JobStatus.QUEUED;
    private int attempts;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant notBefore;
    /** The output as JSON text: a map's outputs in item order are one array, never a tree. */
    private CompactJson result;
    private JobError error;
    private long retainedBytes;
    /** Sizes a durable store measured when it wrote them, so a summary need not read input or result; else null. */
    private Long inputSize;
    private Long resultSize;

    Job(JobId id, String tenant, JobSpecValidator.ValidSpec spec, String idempotencyKey, String requestHash,
            Instant createdAt, Instant runAt) {
        this.id = id;
        this.tenant = tenant;
        this.type = spec.type().name();
        this.pool = spec.pool();
        this.input = spec.input();
        this.items = spec.items();
        this.itemCount = spec.items() == null ? 0 : spec.items().size();
        this.chunkSize = spec.chunkSize();
        this.priority = spec.priority();
        this.timeout = spec.timeout();
        this.maxAttempts = spec.maxAttempts();
        this.labels = spec.labels();
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.createdAt = createdAt;
        this.notBefore = runAt;
    }

    private Job(Stored s) {
        this.id = s.id();
        this.tenant = s.tenant();
        this.turn = s.turn();
        this.type = s.type();
        this.pool = s.pool();
        this.input = s.input();
        this.items = s.items();
        this.itemCount = s.itemCount();
        this.chunkSize = s.chunkSize();
        this.priority = s.priority();
        this.timeout = s.timeout();
        this.maxAttempts = s.maxAttempts();
        this.labels = s.labels();
        this.idempotencyKey = s.idempotencyKey();
        this.requestHash = s.requestHash();
        this.createdAt = s.createdAt();
        this.sequence = s.sequence();
        this.status = s.status();
        this.attempts = s.attempts();
        this.itemsDone.set(s.itemsDone());
        this.startedAt = s.startedAt();
        this.finishedAt = s.finishedAt();
        this.notBefore = s.notBefore();
        this.result = s.result();
        this.error = s.error();
        this.inputSize = s.inputSize();
        this.resultSize = s.resultSize();
    }

    /**
     * Every field a store keeps, as it keeps them.
     *
     * @param items the items of a queued or running map job; null for a single job and once a job ended
     * @param itemCount the number of items of a map job; 0 for a single job
     */
    public record Stored(JobId id, String tenant, long sequence, double turn, String type, Pool pool, JsonNode input, JsonItems items,
            int itemCount, int chunkSize, int priority, Duration timeout, int maxAttempts, Map<String, String> labels,
            String idempotencyKey, String requestHash, JobStatus status, int attempts, int itemsDone, CompactJson result,
            JobError error, Instant createdAt, Instant notBefore, Instant startedAt, Instant finishedAt, Long inputSize,
            Long resultSize) {
    }

    /** A job as a durable store read it back. */
    public static Job restore(Stored stored) {
        return new Job(stored);
    }

    public synchronized Stored stored() {
        return new Stored(id, tenant, sequence, turn, type, pool, input, items, itemCount, chunkSize, priority, timeout, maxAttempts,
                labels, idempotencyKey, requestHash, status, attempts, itemsDone.get(), result, error, createdAt,
                notBefore, startedAt, finishedAt, inputSize, resultSize);
    }

    /**
     * Everything a client may read about a job, copied at one instant.
     *
     * @param inputSize bytes of the input as JSON, as a store read it without the input itself; null if not known
     * @param resultSize the same for the result
     */
    public record Snapshot(JobId id, String tenant, String type, Pool pool, JobStatus status, int priority, Duration timeout,
            int maxAttempts, int attempts, Map<String, String> labels, JsonNode input, int itemCount, int itemsDone,
            CompactJson result, JobError error, Instant createdAt, Instant startedAt, Instant finishedAt, Instant notBefore,
            Long inputSize, Long resultSize) {
    }

    // --- the verbs: the only way status changes

    synchronized void start(Instant now) {
        moveTo(JobStatus.RUNNING);
        attempts++;
        startedAt = now;
        itemsDone.set(0);
    }

    synchronized void succeed(CompactJson output, Instant now) {
        moveTo(JobStatus.SUCCEEDED);
        result = output;
        error = null;
        end(now, output == null ? 0 : output.size());
    }

    synchronized void fail(JobError reason, Instant now) {
        moveTo(JobStatus.FAILED);
        error = reason;
        end(now, 0);
    }

    /** Back to the queue after a retryable failure, to start again no sooner than {@code at}. */
    synchronized void retry(JobError reason, Instant at) {
        moveTo(JobStatus.QUEUED);
        error = reason;
        notBefore = at;
    }

    synchronized void cancel(Instant now) {
        moveTo(JobStatus.CANCELLED);
        error = new JobError(ErrorCode.CANCELLED, "cancelled by a client request");
        end(now, 0);
    }

    private void moveTo(JobStatus target) {
        if (!status.canMoveTo(target)) {
            throw IllegalJobTransitionException.of(id, status, target);
        }
        status = target;
    }

    private void end(Instant now, long resultBytes) {
        finishedAt = now;
        items = null;
        retainedBytes = JsonSize.estimate(input) + resultBytes + 512;
    }

    // --- reads

    public synchronized Snapshot snapshot() {
        return new Snapshot(id, tenant, type, pool, status, priority, timeout, maxAttempts, attempts, labels, input,
                isMap() ? itemCount : 1, itemsDone.get(), result, error, createdAt, startedAt, finishedAt, notBefore,
                inputSize, resultSize);
    }

    public synchronized JobStatus status() {
        return status;
    }

    public synchronized int attempts() {
        return attempts;
    }

    /** True while this attempt is the job's current, running one; a late result of an older attempt is dropped. */
    public synchronized boolean isRunning(int attempt) {
        return status == JobStatus.RUNNING && attempts == attempt;
    }

    synchronized Instant startedAt() {
        return startedAt;
    }

    synchronized Instant finishedAt() {
        return finishedAt;
    }

    /** When the job may start: its submission, its {@code runAt}, or the end of a retry's backoff. */
    public synchronized Instant notBefore() {
        return notBefore;
    }

    public int itemsDone() {
        return itemsDone.get();
    }

    /** Counts one finished item of a map job. */
    public void itemDone() {
        itemsDone.incrementAndGet();
    }

    /** Counts finished items of a map job. */
    public void itemsDone(int count) {
        itemsDone.addAndGet(count);
    }

    public boolean isMap() {
        return itemCount > 0;
    }

    public JobId id() {
        return id;
    }

    public String tenant() {
        return tenant;
    }

    public String type() {
        return type;
    }

    public Pool pool() {
        return pool;
    }

    public JsonNode input() {
        return input;
    }

    /** The items of a map job while it is queued or running; null once it ended. */
    public synchronized JsonItems items() {
        return items;
    }

    /** Roughly how many bytes of heap this ended job holds, for the store's retention budget. */
    synchronized long retainedBytes() {
        return retainedBytes;
    }

    /** Items per chunk as the client asked; 0 lets the pool choose. */
    public int chunkSize() {
        return chunkSize;
    }

    public int priority() {
        return priority;
    }

    public Duration timeout() {
        return timeout;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public String requestHash() {
        return requestHash;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The store's insertion order: a stable tie-break between equal priorities and the list cursor. */
    public long sequence() {
        return sequence;
    }

    public void assignSequence(long sequence) {
        this.sequence = sequence;
    }

    /** The fair-share turn: among equal priorities the queue runs the lowest turn first, then the oldest. */
    public double turn() {
        return turn;
    }

    void assignTurn(double turn) {
        this.turn = turn;
    }

    @Override
    public String toString() {
        return "job " + id + " (" + type + ")";
    }
}
