-- Tenants: every job belongs to the tenant that submitted it; idempotency keys are unique per tenant; the queue
-- is ordered by a fair-share turn, so one tenant's backlog does not starve another's jobs. Existing jobs belong
-- to the tenant 'default'.
ALTER TABLE jobs ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';
ALTER TABLE jobs ALTER COLUMN tenant DROP DEFAULT;
ALTER TABLE jobs ADD COLUMN turn DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE jobs ALTER COLUMN turn DROP DEFAULT;
ALTER TABLE jobs DROP CONSTRAINT jobs_idempotency_key_key;
CREATE UNIQUE INDEX jobs_idempotency ON jobs (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- the queue: what claimNext scans, highest priority first, then the earliest fair-share turn, then oldest
DROP INDEX jobs_queued;
CREATE INDEX jobs_queued ON jobs (pool, priority DESC, turn, seq) WHERE status = 'QUEUED';
-- a tenant's listing, newest first
CREATE INDEX jobs_by_tenant ON jobs (tenant, seq);
-- a tenant's quota of queued jobs, and its last turn in a pool: a new job's turn follows it (see SqlJobStore)
CREATE INDEX jobs_queued_by_tenant ON jobs (tenant, pool, turn) WHERE status = 'QUEUED';

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

-- Bucket4j's rate-limit buckets, shared by every replica
CREATE TABLE rate_limit_buckets (
    id    TEXT  PRIMARY KEY,
    state BYTEA
);
