-- Ids, phone numbers, provider ids and lease owners compare byte by byte (COLLATE "C"), whatever the database's own
-- collation is (ADR 28). They are opaque ASCII tokens (ids are 24 lowercase hex characters, phones E.164): equality is
-- byte equality under any deterministic collation, and where the service sorts by them (a page's tie-break by id, the
-- order rows are locked in) it needs an order, not a language's (hex ids sort alike either way). What changes is the
-- cost: under a database collation such as C.UTF-8 or en_US.UTF-8, each comparison in an index goes through the
-- locale (strcoll), and every insert or lookup by id makes a score of them. A profile of the bulk accept spent about a
-- tenth of PostgreSQL's CPU there.
--
-- Columns compared with others (messages.lead_id with leads.id, replies.from_phone with leads.phone ...) change
-- together; a comparison between a "C" column and a column, parameter or literal of the database's default collation
-- takes "C". Names and emails keep the database's collation: searches match them case-insensitively (ILIKE, lower()),
-- which needs the locale's case rules.
--
-- The type does not change, so no table is rewritten; each table's indexes on these columns are rebuilt (and the
-- foreign keys between them checked again), blocking writes to that table while it runs, as every migration here does.
ALTER TABLE api_keys
    ALTER COLUMN id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C",
    ALTER COLUMN user_id TYPE char(24) COLLATE "C";
ALTER TABLE audit_log
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C";
ALTER TABLE dispatch_queue
    ALTER COLUMN message_id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C",
    ALTER COLUMN line_id TYPE char(24) COLLATE "C",
    ALTER COLUMN lease_owner TYPE text COLLATE "C";
ALTER TABLE do_not_contact
    ALTER COLUMN id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C",
    ALTER COLUMN phone TYPE text COLLATE "C";
ALTER TABLE early_status_updates
    ALTER COLUMN line_id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C",
    ALTER COLUMN external_id TYPE text COLLATE "C";
ALTER TABLE idempotency_keys
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C",
    ALTER COLUMN key TYPE text COLLATE "C";
ALTER TABLE lead_lines
    ALTER COLUMN lead_id TYPE char(24) COLLATE "C",
    ALTER COLUMN line_id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C";
ALTER TABLE leads
    ALTER COLUMN id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C",
    ALTER COLUMN phone TYPE text COLLATE "C",
    ALTER COLUMN alt_phones TYPE text[] COLLATE "C";
ALTER TABLE line_conversations
    ALTER COLUMN line_id TYPE char(24) COLLATE "C",
    ALTER COLUMN lead_id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C";
ALTER TABLE line_health
    ALTER COLUMN line_id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C";
ALTER TABLE line_health_schedule
    ALTER COLUMN line_id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C";
ALTER TABLE line_usage
    ALTER COLUMN line_id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C";
ALTER TABLE lines
    ALTER COLUMN id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C",
    ALTER COLUMN phone TYPE text COLLATE "C",
    ALTER COLUMN owner_user_id TYPE char(24) COLLATE "C";
ALTER TABLE message_events
    ALTER COLUMN message_id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C";
ALTER TABLE messages
    ALTER COLUMN id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C",
    ALTER COLUMN line_id TYPE char(24) COLLATE "C",
    ALTER COLUMN lead_id TYPE char(24) COLLATE "C",
    ALTER COLUMN recipient_phone TYPE text COLLATE "C",
    ALTER COLUMN batch_id TYPE text COLLATE "C",
    ALTER COLUMN created_by_user_id TYPE char(24) COLLATE "C",
    ALTER COLUMN created_by_api_key_id TYPE char(24) COLLATE "C",
    ALTER COLUMN external_message_id TYPE text COLLATE "C",
    ALTER COLUMN fallback_message_id TYPE char(24) COLLATE "C";
ALTER TABLE provider_polls
    ALTER COLUMN line_id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C";
ALTER TABLE replies
    ALTER COLUMN id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C",
    ALTER COLUMN line_id TYPE char(24) COLLATE "C",
    ALTER COLUMN lead_id TYPE char(24) COLLATE "C",
    ALTER COLUMN from_phone TYPE text COLLATE "C",
    ALTER COLUMN external_message_id TYPE text COLLATE "C",
    ALTER COLUMN parent_message_id TYPE char(24) COLLATE "C";
ALTER TABLE sandbox_outcomes
    ALTER COLUMN message_id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C",
    ALTER COLUMN external_id TYPE text COLLATE "C";
ALTER TABLE sandbox_sends
    ALTER COLUMN message_id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C",
    ALTER COLUMN line_id TYPE char(24) COLLATE "C",
    ALTER COLUMN external_id TYPE text COLLATE "C";
ALTER TABLE users
    ALTER COLUMN id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C";
ALTER TABLE webhook_attempts
    ALTER COLUMN delivery_id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C";
ALTER TABLE webhook_deliveries
    ALTER COLUMN id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C",
    ALTER COLUMN endpoint_id TYPE char(24) COLLATE "C",
    ALTER COLUMN message_id TYPE char(24) COLLATE "C",
    ALTER COLUMN lease_owner TYPE text COLLATE "C";
ALTER TABLE webhook_endpoints
    ALTER COLUMN id TYPE char(24) COLLATE "C",
    ALTER COLUMN workspace_id TYPE char(24) COLLATE "C";
ALTER TABLE workspaces
    ALTER COLUMN id TYPE char(24) COLLATE "C";
