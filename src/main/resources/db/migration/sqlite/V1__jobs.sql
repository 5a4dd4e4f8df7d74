-- One row per job: the spec fixed at submit, then status, attempt, owner and lease, progress, outcome.
-- Times are microseconds since the epoch (UTC). A map's items and its result are one JSON value each.
CREATE TABLE jobs (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion order: FIFO among equal priorities, list cursor
    id              TEXT    NOT NULL UNIQUE,
    type            TEXT    NOT NULL,
    pool            TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    priority        INTEGER NOT NULL,
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
    idempotency_key TEXT UNIQUE,
    request_hash    TEXT,
    owner           TEXT,
    lease_until     BIGINT,
    not_before      BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL,
    started_at      BIGINT,
    finished_at     BIGINT
);

-- the queue: what claimNext scans, highest priority first, then oldest
CREATE INDEX jobs_queued ON jobs (pool, priority DESC, seq) WHERE status = 'QUEUED';
-- leases to renew and to rescue
CREATE INDEX jobs_running ON jobs (owner, lease_until) WHERE status = 'RUNNING';
-- retention: the oldest ended jobs first
CREATE INDEX jobs_ended ON jobs (finished_at) WHERE finished_at IS NOT NULL;

-- the replicas sharing this store, each renewing its heartbeat
CREATE TABLE nodes (
    id           TEXT   PRIMARY KEY,
    started_at   BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);
