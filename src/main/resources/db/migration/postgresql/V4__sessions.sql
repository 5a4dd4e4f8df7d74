-- Dashboard sessions: an API key exchanged for an HttpOnly cookie. Only a SHA-256 of the cookie's random id is
-- kept (256 random bits need no slow hash), so a copy of this table signs nobody in. Every request re-checks the
-- key a session came from, so revoking the key ends its sessions on every replica at once.
CREATE TABLE sessions (
    id_hash    TEXT   PRIMARY KEY, -- hex SHA-256 of the session id the cookie carries
    api_key_id TEXT   NOT NULL,    -- the API key's id, or 'configured:<fingerprint>' for the configured admin key
    principal  TEXT   NOT NULL,    -- who signed in, for the audit log
    tenant     TEXT   NOT NULL,
    roles      TEXT   NOT NULL,    -- comma-separated
    csrf_token TEXT   NOT NULL,    -- what X-CSRF-Token must carry on a state-changing request
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
-- expired sessions, deleted at each sign-in
CREATE INDEX sessions_expiry ON sessions (expires_at);
-- a key's sessions, oldest first: beyond the cap per key the oldest ends
CREATE INDEX sessions_by_key ON sessions (api_key_id, created_at);
