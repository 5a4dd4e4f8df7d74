-- Tenants: every job belongs to the tenant that submitted it; idempotency keys are unique per tenant; the queue
-- is ordered by a fair-share turn, so one tenant's backlog does not starve another's jobs. SQLite cannot drop a
-- UNIQUE column constraint, so the jobs table is rebuilt (existing jobs belong to the tenant 'default').
CREATE TABLE jobs_v3 (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion order: FIFO among equal turns, list cursor
    id              TEXT    NOT NULL UNIQUE,
    tenant          TEXT    NOT NULL,
    type            TEXT    NOT NULL,
    pool            TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    priority        INTEGER NOT NULL,
    turn            DOUBLE  NOT NULL, -- the job's place in its pool's fair-share order across tenants
    timeout_ms      BIGINT  NOT NULL,
    max_attempts    INTEGER NOT NULL,
    attempts        INTEGER NOT NULL,
    labels          TEXT    NOT NULL,
    input           TEXT,
    items           BLOB,
    item_count      INTEGER NOT NULL,
    chunk_size      INTEGER NOT NULL,
    items_done      INTEGER NOT NULL,
    result          BLOB,
    error_code      TEXT,
    error_message   TEXT,
    idempotency_key TEXT,
    request_hash    TEXT,
    owner           TEXT,
    lease_until     BIGINT,
    not_before      BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL,
    started_at      BIGINT,
    finished_at     BIGINT,
    input_size      BIGINT,
    result_size     BIGINT
);

INSERT INTO jobs_v3 (seq, id, tenant, type, pool, status, priority, turn, timeout_ms, max_attempts, attempts, labels,
        input, items, item_count, chunk_size, items_done, result, error_code, error_message, idempotency_key,
        request_hash, owner, lease_until, not_before, created_at, started_at, finished_at, input_size, result_size)
    SELECT seq, id, 'default', type, pool, status, priority, 0, timeout_ms, max_attempts, attempts, labels,
        input, items, item_count, chunk_size, items_done, result, error_code, error_message, idempotency_key,
        request_hash, owner, lease_until, not_before, created_at, started_at, finished_at, input_size, result_size
    FROM jobs;

DROP TABLE jobs;
ALTER TABLE jobs_v3 RENAME TO jobs;

-- the queue: what claimNext scans, highest priority first, then the earliest fair-share turn, then oldest
CREATE INDEX jobs_queued ON jobs (pool, priority DESC, turn, seq) WHERE status = 'QUEUED';
-- leases to renew and to rescue
CREATE INDEX jobs_running ON jobs (owner, lease_until) WHERE status = 'RUNNING';
-- retention: the oldest ended jobs first
CREATE INDEX jobs_ended ON jobs (finished_at) WHERE finished_at IS NOT NULL;
-- a tenant's listing, newest first
CREATE INDEX jobs_by_tenant ON jobs (tenant, seq);
-- a tenant's quota of queued jobs, and its last turn in a pool: a new job's turn follows it (see SqlJobStore)
CREATE INDEX jobs_queued_by_tenant ON jobs (tenant, pool, turn) WHERE status = 'QUEUED';
CREATE UNIQUE INDEX jobs_idempotency ON jobs (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- API keys: only a SHA-256 of each secret is kept (a 256-bit random secret needs no slow hash).
CREATE TABLE api_keys (
    id          TEXT   PRIMARY KEY, -- the public part of the key, jp_<id>_<secret>
    secret_hash TEXT   NOT NULL,
    tenant      TEXT   NOT NULL,
    roles       TEXT   NOT NULL, -- comma-separated
    name        TEXT,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT,
    revoked_at  BIGINT
);
