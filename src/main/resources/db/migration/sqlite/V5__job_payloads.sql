-- A map's items and a job's result move to a table of their own: one row per job, one compact value each (items as
-- varints when all are integers, else the compact JSON of the array; the result as its JSON). SQLite rewrites a whole
-- row on every UPDATE, so in jobs they were written again by each claim, lease renewal and progress save of a map job
-- (committing a claim of a million-number map took 24 ms, most of it its items again), and reading a column after
-- them walked their overflow pages.
CREATE TABLE job_payloads (
    job_id TEXT PRIMARY KEY, -- jobs.id; deleted with its job (jobs_payloads_gone)
    items  BLOB,             -- while the job is queued or running
    result BLOB              -- once it succeeded
);

INSERT INTO job_payloads (job_id, items, result)
    SELECT id, items, result FROM jobs WHERE items IS NOT NULL OR result IS NOT NULL;

ALTER TABLE jobs DROP COLUMN items;
ALTER TABLE jobs DROP COLUMN result;

CREATE TRIGGER jobs_payloads_gone AFTER DELETE ON jobs
BEGIN
    DELETE FROM job_payloads WHERE job_id = OLD.id;
END;
