-- Provider callbacks, polls and line health (issue 13, "hooks").

-- A line's last health check lives in line_health (V12), with its workspace (ADR 2).

-- When each active line's periodic health check is next due: a node claims due rows (SKIP LOCKED) and moves them an
-- interval on, so one node checks a line per interval. Apart from line_health so a check never touches lines' rows.
CREATE TABLE line_health_schedule (
    line_id        char(24) PRIMARY KEY,
    workspace_id   char(24) NOT NULL,
    next_check_at  timestamptz NOT NULL
);
CREATE INDEX line_health_schedule_due ON line_health_schedule (next_check_at);

-- Per-line event polls of a provider: the lease (next_poll_at, claimed and bumped the same way) and the cursor the
-- provider's poller handed back last time.
CREATE TABLE provider_polls (
    provider      text NOT NULL,
    line_id       char(24) NOT NULL,
    workspace_id  char(24) NOT NULL,
    next_poll_at  timestamptz NOT NULL,
    cursor        text,
    PRIMARY KEY (provider, line_id)
);
CREATE INDEX provider_polls_due ON provider_polls (provider, next_poll_at);

-- Status updates that named a provider id no message of the line had yet (the provider answered faster than our record
-- of the send committed): applied when the send is recorded, deleted after an hour otherwise.
CREATE TABLE early_status_updates (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    line_id        char(24) NOT NULL,
    workspace_id   char(24) NOT NULL,
    external_id    text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('SENT', 'DELIVERED', 'READ', 'FAILED')),
    error_code     text,
    error_message  text,
    occurred_at    timestamptz,
    received_at    timestamptz NOT NULL
);
CREATE INDEX early_status_updates_key ON early_status_updates (line_id, external_id);
CREATE INDEX early_status_updates_received ON early_status_updates (received_at);

-- Provider ids are unique per provider account, not globally: callbacks look them up within their line.
CREATE INDEX messages_line_external ON messages (line_id, external_message_id) WHERE external_message_id IS NOT NULL;
