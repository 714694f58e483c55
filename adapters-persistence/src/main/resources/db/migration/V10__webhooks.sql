-- Outbound webhooks (issue 15): endpoints with sealed secrets, the transactional outbox of deliveries (one row per
-- event and subscribed endpoint, written by the statement that writes the event), and every attempt's outcome.

-- A new 24-hex id (ObjectId shape: 4 bytes of seconds, 8 random bytes) for rows made inside SQL statements.
CREATE FUNCTION tuco_object_id() RETURNS char(24) LANGUAGE sql VOLATILE AS $$
    SELECT lpad(to_hex(floor(extract(epoch FROM clock_timestamp()))::bigint), 8, '0')
        || substr(replace(gen_random_uuid()::text, '-', ''), 1, 16)
$$;

-- The wire time of the API (ISO-8601 UTC with milliseconds), for payloads built in SQL.
CREATE FUNCTION tuco_wire_time(t timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE TABLE webhook_endpoints (
    id                      char(24) PRIMARY KEY,
    workspace_id            char(24) NOT NULL REFERENCES workspaces (id),
    url                     text NOT NULL,
    name                    text NOT NULL,
    description             text,
    events                  text[] NOT NULL,
    enabled                 boolean NOT NULL DEFAULT true,
    -- AES-GCM sealed whsec_ strings (SecretBox), like provider credentials; the previous one signs too until its end
    secret                  bytea NOT NULL,
    secret_key_id           text NOT NULL,
    previous_secret         bytea,
    previous_secret_key_id  text,
    previous_secret_until   timestamptz,
    -- the first failed attempt since the last success: five days of failures disable the endpoint
    failing_since           timestamptz,
    disabled_at             timestamptz,
    disabled_reason         text,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL
);
-- The outbox join on every message event: a workspace without enabled endpoints costs one index probe.
CREATE INDEX webhook_endpoints_workspace ON webhook_endpoints (workspace_id) WHERE enabled;

CREATE TABLE webhook_deliveries (
    id                char(24) PRIMARY KEY,
    workspace_id      char(24) NOT NULL,
    endpoint_id       char(24) NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    message_id        char(24) NOT NULL,
    seq               integer NOT NULL,
    event             text NOT NULL,
    -- the exact JSON body, frozen when the event was written; every attempt sends these bytes
    body              text NOT NULL,
    status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts          integer NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz,
    last_status_code  integer,
    last_attempt_at   timestamptz,
    last_error        text,
    lease_owner       text,
    lease_until       timestamptz,
    -- the fence: bumped by every claim, an outcome is recorded only under the claim that made it
    claim_token       bigint NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
-- "an earlier event of this message for this endpoint is still pending": the in-order rule of the claim
CREATE INDEX webhook_deliveries_chain ON webhook_deliveries (endpoint_id, message_id, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_message ON webhook_deliveries (message_id);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

CREATE TABLE webhook_attempts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id     char(24) NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    workspace_id    char(24) NOT NULL,
    attempted_at    timestamptz NOT NULL,
    status_code     integer,
    latency_ms      integer NOT NULL,
    response_body   text,
    error           text,
    next_attempt_at timestamptz
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
