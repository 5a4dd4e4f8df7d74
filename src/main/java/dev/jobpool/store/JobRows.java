package dev.jobpool.store;

import dev.jobpool.job.ErrorCode;
import dev.jobpool.job.Job;
import dev.jobpool.job.JobError;
import dev.jobpool.job.JobId;
import dev.jobpool.job.JobStatus;
import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.CompactJson;
import dev.jobpool.jobtype.registry.JobJson;
import dev.jobpool.jobtype.registry.JsonItems;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;

/**
 * A job as a row of {@code jobs} and back, with its payloads in {@code job_payloads}: the one place that knows the
 * columns. A map's items and a job's result live in a row of their own, so that the job's row, which every claim,
 * lease renewal and progress save rewrites, stays small.
 */
final class JobRows {

    /** Every column but the payloads: input, and result and items (job_payloads). */
    private static final String SUMMARY = "seq, id, tenant, turn, type, pool, status, priority, timeout_ms, max_attempts, attempts, labels,"
            + " item_count, chunk_size, items_done, error_code, error_message, idempotency_key, request_hash,"
            + " not_before, created_at, started_at, finished_at, input_size, result_size";
    /** A job as clients read it: no items, which only a claim needs. */
    static final String COLUMNS = SUMMARY + ", input, (SELECT result FROM job_payloads WHERE job_payloads.job_id = jobs.id) AS result";
    /** A job that is queued or running, which has no result yet. */
    static final String COLUMNS_WITHOUT_RESULT = SUMMARY + ", input, NULL AS result";
    /** A page of a listing without payloads: their sizes stand in for them. */
    static final String COLUMNS_WITHOUT_PAYLOADS = SUMMARY + ", NULL AS input, NULL AS result";

    static final String INSERT = "INSERT INTO jobs (id, tenant, type, pool, status, priority, turn, timeout_ms, max_attempts,"
            + " attempts, labels, input, item_count, chunk_size, items_done, idempotency_key, request_hash, not_before,"
            + " created_at, input_size) VALUES (?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING";

    /** A map's items, written with its row. */
    static final String INSERT_ITEMS = "INSERT INTO job_payloads (job_id, items) VALUES (?, ?)";
    /** A map's items, for the attempt that claimed it. */
    static final String SELECT_ITEMS = "SELECT items FROM job_payloads WHERE job_id = ?";

    /** Writes everything a verb may change, if the row is still in the state the verb started from. */
    static final String UPDATE = "UPDATE jobs SET status = ?, items_done = ?, result_size = ?, error_code = ?,"
            + " error_message = ?, not_before = ?, finished_at = ?, owner = NULL, lease_until = NULL"
            + " WHERE id = ? AND status = ? AND attempts = ?";
    /** The result of a job whose success was just written; its items are no longer needed. */
    static final String SAVE_RESULT = "INSERT INTO job_payloads (job_id, result) VALUES (?, ?)"
            + " ON CONFLICT (job_id) DO UPDATE SET result = excluded.result, items = NULL";
    /** The items of a job that ended without a result. */
    static final String DROP_PAYLOADS = "DELETE FROM job_payloads WHERE job_id = ?";
    /** The outcome of a running attempt is written only by the replica that owns it (a cancel by anyone). */
    static final String UPDATE_OWNED = UPDATE + " AND owner = ?";

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private JobRows() {
    }

    /**
     * A new job's row, its JSON already written: encoding happens in the submitting thread, so the store's one
     * writer thread only runs statements.
     */
    record Insert(Job.Stored job, String labels, byte[] input, byte[] items) {
    }

    static Insert insert(Job.Stored job) {
        return new Insert(job, JobJson.MAPPER.writeValueAsString(job.labels()),
                job.input() == null ? null : JobJson.MAPPER.writeValueAsBytes(job.input()),
                job.items() == null ? null : job.items().encode());
    }

    /** @param turn the job's fair-share turn, which the store gives it in the inserting transaction */
    static void bindInsert(PreparedStatement insert, Insert row, double turn) throws SQLException {
        Job.Stored job = row.job();
        int i = 0;
        insert.setString(++i, job.id().toString());
        insert.setString(++i, job.tenant());
        insert.setString(++i, job.type());
        insert.setString(++i, job.pool().name());
        insert.setInt(++i, job.priority());
        insert.setDouble(++i, turn);
        insert.setLong(++i, job.timeout().toMillis());
        insert.setInt(++i, job.maxAttempts());
        insert.setString(++i, row.labels());
        insert.setString(++i, row.input() == null ? null : new String(row.input(), StandardCharsets.UTF_8));
        insert.setInt(++i, job.itemCount());
        insert.setInt(++i, job.chunkSize());
        insert.setString(++i, job.idempotencyKey());
        insert.setString(++i, job.requestHash());
        insert.setLong(++i, micros(job.notBefore()));
        insert.setLong(++i, micros(job.createdAt()));
        setLong(insert, ++i, row.input() == null ? null : (long) row.input().length);
    }

    /** A job's change, its result already written as JSON (in the thread that reports it, not the writer's). */
    record Change(Job.Stored job, byte[] result, Long resultSize) {
    }

    static Change change(Job.Stored job) {
        return new Change(job, job.result() == null ? null : job.result().encode(),
                job.result() == null ? null : job.result().jsonSize());
    }

    /** @param owner the replica that must own the row, or null for no such condition */
    static void bindUpdate(PreparedStatement update, Change change, JobStatus from, int attempt, String owner)
            throws SQLException {
        Job.Stored job = change.job();
        int i = 0;
        update.setString(++i, job.status().name());
        update.setInt(++i, job.itemsDone());
        setLong(update, ++i, change.resultSize());
        update.setString(++i, job.error() == null ? null : job.error().code().name());
        update.setString(++i, job.error() == null ? null : job.error().message());
        update.setLong(++i, micros(job.notBefore()));
        setMicros(update, ++i, job.finishedAt());
        update.setString(++i, job.id().toString());
        update.setString(++i, from.name());
        update.setInt(++i, attempt);
        if (owner != null) {
            update.setString(++i, owner);
        }
    }

    static Job read(ResultSet row) throws SQLException {
        return raw(row).decode();
    }

    /**
     * A row as the database gave it, JSON not yet parsed: what the writer thread reads, leaving the parsing (a
     * claimed map's items can be megabytes) to the thread that asked.
     */
    record Raw(String id, String tenant, long seq, double turn, String type, String pool, String input, byte[] items, int itemCount, int chunkSize,
            int priority, long timeoutMillis, int maxAttempts, String labels, String idempotencyKey, String requestHash,
            String status, int attempts, int itemsDone, byte[] result, String errorCode, String errorMessage,
            Instant createdAt, Instant notBefore, Instant startedAt, Instant finishedAt, Long inputSize, Long resultSize) {

        Raw withItems(byte[] encoded) {
            return new Raw(id, tenant, seq, turn, type, pool, input, encoded, itemCount, chunkSize, priority, timeoutMillis,
                    maxAttempts, labels, idempotencyKey, requestHash, status, attempts, itemsDone, result, errorCode,
                    errorMessage, createdAt, notBefore, startedAt, finishedAt, inputSize, resultSize);
        }

        Job decode() {
            return Job.restore(new Job.Stored(new JobId(UUID.fromString(id)), tenant, seq, turn, type, Pool.valueOf(pool),
                    input == null ? null : JobJson.MAPPER.readTree(input),
                    items == null ? null : JsonItems.ofStored(items),
                    itemCount, chunkSize, priority, Duration.ofMillis(timeoutMillis), maxAttempts,
                    Map.copyOf(JobJson.MAPPER.readValue(labels, LABELS)), idempotencyKey, requestHash,
                    JobStatus.valueOf(status), attempts, itemsDone, result == null ? null : CompactJson.decode(result),
                    errorCode == null ? null : new JobError(ErrorCode.valueOf(errorCode), errorMessage),
                    createdAt, notBefore, startedAt, finishedAt, inputSize, resultSize));
        }
    }

    /** A row of {@link #COLUMNS} or the like; a claim adds the items ({@link Raw#withItems}). */
    static Raw raw(ResultSet row) throws SQLException {
        return new Raw(row.getString("id"), row.getString("tenant"), row.getLong("seq"), row.getDouble("turn"),
                row.getString("type"), row.getString("pool"),
                row.getString("input"), null, row.getInt("item_count"),
                row.getInt("chunk_size"), row.getInt("priority"), row.getLong("timeout_ms"), row.getInt("max_attempts"),
                row.getString("labels"), row.getString("idempotency_key"), row.getString("request_hash"),
                row.getString("status"), row.getInt("attempts"), row.getInt("items_done"), row.getBytes("result"),
                row.getString("error_code"), row.getString("error_message"), instant(row, "created_at"),
                instant(row, "not_before"), instant(row, "started_at"), instant(row, "finished_at"),
                nullableLong(row, "input_size"), nullableLong(row, "result_size"));
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    static void setMicros(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, micros(instant));
        }
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        long micros = row.getLong(column);
        return row.wasNull() ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
