-- Idempotency-Key records: the first response to a (workspace, key) is kept 24 h and replayed byte for byte.
CREATE TABLE idempotency_keys (
    workspace_id    char(24) NOT NULL,
    key             text NOT NULL,
    request_sha256  bytea NOT NULL,
    state           text NOT NULL CHECK (state IN ('in_progress', 'done')),
    response_status integer,
    response_body   bytea,
    locked_at       timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
