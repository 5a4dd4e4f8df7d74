-- Bytes of a job's input and result as JSON, written with them: a listing shows the sizes without reading
-- the payloads (a map's result can be megabytes). Jobs stored before this have none.
ALTER TABLE jobs ADD COLUMN input_size BIGINT;
ALTER TABLE jobs ADD COLUMN result_size BIGINT;
