-- Addresses a workspace must never message again (added by hand, by API, or by a STOP reply).
CREATE TABLE do_not_contact (
    id           char(24) PRIMARY KEY,
    workspace_id char(24) NOT NULL REFERENCES workspaces (id),
    phone        text,
    email        text,
    reason       text NOT NULL DEFAULT '',
    source       text NOT NULL DEFAULT 'api',
    created_at   timestamptz NOT NULL,
    CHECK ((phone IS NULL) <> (email IS NULL))
);
CREATE UNIQUE INDEX do_not_contact_phone ON do_not_contact (workspace_id, phone) WHERE phone IS NOT NULL;
CREATE UNIQUE INDEX do_not_contact_email ON do_not_contact (workspace_id, email) WHERE email IS NOT NULL;
CREATE INDEX do_not_contact_created ON do_not_contact (workspace_id, created_at DESC, id DESC);
