-- The lines each lead was written to from, and when last: accepts without fromLineId keep a conversation on its line
-- by reading these few rows instead of the lead's messages (issue 18, docs/adr/0022-group-commit.md). Accepts keep it
-- up to date in their own statement. No foreign keys: lines and leads are looked up live when it is read.
CREATE TABLE lead_lines (
    lead_id      char(24) NOT NULL,
    line_id      char(24) NOT NULL,
    workspace_id char(24) NOT NULL,
    last_at      timestamptz NOT NULL,
    PRIMARY KEY (lead_id, line_id)
);
INSERT INTO lead_lines (lead_id, line_id, workspace_id, last_at)
SELECT lead_id, line_id, min(workspace_id), max(created_at) FROM messages GROUP BY lead_id, line_id;

-- An accept now stores its Idempotency-Key answer in idempotency_keys in its own transaction (ADR 22): the table that
-- kept the key → message link for the old two-step path has no reader left.
DROP TABLE message_idempotency;
