-- A line's provider is any provider this service has loaded (built in or a plugin from TUCO_PLUGINS_DIR): the
-- application checks the name against the loaded set, so the fixed list in the CHECK of V1 goes.
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
             WHERE conrelid = 'lines'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%provider%'
    LOOP
        EXECUTE format('ALTER TABLE lines DROP CONSTRAINT %I', c.conname);
    END LOOP;
END $$;
ALTER TABLE lines ADD CONSTRAINT lines_provider_name CHECK (provider ~ '^[a-z0-9-]{1,40}$');

-- What is known of a line's health, apart from the line's row (so writing it neither contends with the dispatch gate
-- nor empties any cache). sending_held: the provider refused the line's credentials; dispatch claims none of the
-- line's messages until a check finds it healthy again (or its providerConfig is replaced).
CREATE TABLE line_health (
    line_id      char(24) PRIMARY KEY REFERENCES lines (id) ON DELETE CASCADE,
    workspace_id char(24) NOT NULL REFERENCES workspaces (id),
    status       text NOT NULL CHECK (status IN ('unknown', 'healthy', 'unhealthy')),
    checked_at   timestamptz NOT NULL,
    reason       text,
    sending_held boolean NOT NULL DEFAULT false
);
CREATE INDEX line_health_held ON line_health (line_id) WHERE sending_held;
