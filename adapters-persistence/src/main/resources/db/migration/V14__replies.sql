-- Replies (issue 14): messages recipients sent to a line, each its own row (never an outbound message with a flag).
-- A provider's id is unique per line, so a retried callback or a poll that sees a reply again stores nothing new.
CREATE TABLE replies (
    id                  char(24) PRIMARY KEY,
    workspace_id        char(24) NOT NULL REFERENCES workspaces (id),
    line_id             char(24) NOT NULL REFERENCES lines (id),
    lead_id             char(24) NOT NULL REFERENCES leads (id),
    message_type        text NOT NULL CHECK (message_type IN ('imessage', 'sms', 'email')),
    from_phone          text,
    from_email          text,
    body                text NOT NULL,
    -- [{url, contentType}]: the provider's media, by reference (never downloaded)
    attachments         jsonb NOT NULL DEFAULT '[]',
    received_at         timestamptz NOT NULL,
    external_message_id text NOT NULL,
    parent_message_id   char(24) REFERENCES messages (id),
    -- what the reply said about being contacted again: 'opt_out' / 'opt_in' and the keyword that decided
    opt_out             text CHECK (opt_out IN ('opt_out', 'opt_in')),
    opt_out_keyword     text,
    created_at          timestamptz NOT NULL,
    CHECK ((from_phone IS NULL) <> (from_email IS NULL))
);
CREATE UNIQUE INDEX replies_line_external ON replies (line_id, external_message_id);
-- GET /api/replies: newest first in the workspace, by lead, by parent, by sender
CREATE INDEX replies_workspace_received ON replies (workspace_id, received_at DESC, id DESC);
CREATE INDEX replies_lead_received ON replies (workspace_id, lead_id, received_at DESC, id DESC);
CREATE INDEX replies_parent ON replies (parent_message_id, received_at DESC, id DESC) WHERE parent_message_id IS NOT NULL;
CREATE INDEX replies_from ON replies (workspace_id, coalesce(from_phone, from_email), received_at DESC, id DESC);

-- Kept by the reply's transaction, so reading a message or a lead never counts replies.
ALTER TABLE messages ADD COLUMN reply_count integer NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
                     ADD COLUMN last_reply_at timestamptz;
ALTER TABLE leads ADD COLUMN last_reply_at timestamptz;

-- A reply's parent: the latest message the line sent to the sender's address.
CREATE INDEX messages_line_phone_sent ON messages (line_id, recipient_phone, sent_at DESC)
    WHERE sent_at IS NOT NULL AND recipient_phone IS NOT NULL;
CREATE INDEX messages_line_email_sent ON messages (line_id, recipient_email, sent_at DESC)
    WHERE sent_at IS NOT NULL AND recipient_email IS NOT NULL;
-- A reply's parentMessages: the latest messages sent to its lead.
CREATE INDEX messages_lead_sent ON messages (workspace_id, lead_id, sent_at DESC, id DESC) WHERE sent_at IS NOT NULL;
