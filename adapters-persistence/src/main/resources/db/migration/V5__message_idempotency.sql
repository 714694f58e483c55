-- The Idempotency-Key a message was accepted under, written in the accepting transaction: a retry whose stored
-- answer was lost (the node died after the commit, or answered 5xx) finds the message instead of creating another.
CREATE TABLE message_idempotency (
    workspace_id char(24) NOT NULL,
    key          text NOT NULL,
    message_id   char(24) NOT NULL REFERENCES messages (id),
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, key)
);
CREATE INDEX message_idempotency_created ON message_idempotency (created_at);
