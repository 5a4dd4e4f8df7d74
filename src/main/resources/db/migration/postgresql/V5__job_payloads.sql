-- A map's items and a job's result move to a table of their own: one row per job, one compact value each (items as
-- varints when all are integers, else the compact JSON of the array; the result as its JSON). The same tables as on
-- SQLite, where a row is rewritten whole by every UPDATE (PostgreSQL's TOAST would have kept them out of line).
CREATE TABLE job_payloads (
    -- deferred: a job's payload and row are written in either order within the transaction
    job_id TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    items  BYTEA, -- while the job is queued or running
    result BYTEA  -- once it succeeded
);

INSERT INTO job_payloads (job_id, items, result)
    SELECT id, items, result FROM jobs WHERE items IS NOT NULL OR result IS NOT NULL;

ALTER TABLE jobs DROP COLUMN items, DROP COLUMN result;
