-- Dispatch engine: leases carry the usage they reserved, lines carry a second gate for new conversations,
-- and the sandbox provider keeps its ledger and its pending outcomes as rows.

-- What a claim reserved in line_usage, so that a send that did not happen gives it back.
ALTER TABLE dispatch_queue
    ADD COLUMN reserved_day   timestamptz,
    ADD COLUMN reserved_hour  timestamptz,
    ADD COLUMN reserved_new   boolean NOT NULL DEFAULT false;
-- Round-robin claim: the head of each line's due rows.
CREATE INDEX dispatch_queue_line_due ON dispatch_queue (line_id, due_at) WHERE lease_owner IS NULL;
CREATE INDEX dispatch_queue_owner ON dispatch_queue (lease_owner) WHERE lease_owner IS NOT NULL;

-- next_send_at closes the whole line (pacing, daily total); this one only new conversations (new-conversation caps).
ALTER TABLE lines ADD COLUMN new_conversations_open_at timestamptz NOT NULL DEFAULT '-infinity';
CREATE INDEX lines_gate ON lines (next_send_at) WHERE is_active;

-- A line's conversations: the first message a line sends a lead opens one (a "new conversation" for the caps).
CREATE TABLE line_conversations (
    line_id      char(24) NOT NULL REFERENCES lines (id),
    lead_id      char(24) NOT NULL,
    workspace_id char(24) NOT NULL,
    opened_at    timestamptz NOT NULL,
    PRIMARY KEY (line_id, lead_id)
);

-- Every send the sandbox provider performed (or refused), committed before it answers: a duplicate send shows as
-- two accepted rows for one message.
CREATE TABLE sandbox_sends (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id   char(24) NOT NULL,
    workspace_id char(24) NOT NULL,
    line_id      char(24) NOT NULL,
    channel      text NOT NULL,
    recipient    text NOT NULL,
    body         text NOT NULL,
    outcome      text NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    external_id  text,
    error_code   text,
    at           timestamptz NOT NULL
);
CREATE INDEX sandbox_sends_message ON sandbox_sends (message_id);

-- Provider events the sandbox will report later ("delivered" a second after "sent"): due rows any node finishes.
CREATE TABLE sandbox_outcomes (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id    char(24) NOT NULL,
    workspace_id  char(24) NOT NULL,
    external_id   text NOT NULL,
    status        text NOT NULL CHECK (status IN ('delivered', 'failed', 'read')),
    error_code    text,
    error_message text,
    due_at        timestamptz NOT NULL
);
CREATE INDEX sandbox_outcomes_due ON sandbox_outcomes (due_at);
