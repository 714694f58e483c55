-- Messages and leads keep their workspace, line and lead by checks on the parent's side only (ADR 33).
--
-- A foreign key checks both sides. On insert, PostgreSQL runs a query per new row that finds the parent and locks it
-- FOR KEY SHARE: every accepted message locked its workspace, line and lead, every new lead its workspace. The
-- workspace and line are the same few rows for every concurrent accept, so each lock from a second transaction turns
-- the row's locker into a MultiXact; the checks took about a quarter of PostgreSQL's time for a batch of new
-- recipients. They could not fail: an accept writes the ids of the line it just read and of the lead it just matched
-- or created, in the same transaction, and no workspace, line or lead is ever deleted by the service (leads are
-- soft-deleted, ADR 4; lines and workspaces have no delete at all).
--
-- What a foreign key also did, and these triggers keep: a parent that messages (or, for a workspace, leads) refer to
-- cannot be deleted or truncated; the attempt fails with the foreign key's own error code (23503), so a referenced
-- row can never go missing under its messages, not even while accepts are writing. A parent nothing refers to can
-- still be deleted.
ALTER TABLE messages
    DROP CONSTRAINT messages_workspace_id_fkey,
    DROP CONSTRAINT messages_line_id_fkey,
    DROP CONSTRAINT messages_lead_id_fkey;
ALTER TABLE leads DROP CONSTRAINT leads_workspace_id_fkey;

CREATE FUNCTION refuse_delete_of_referenced_parent() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    referrer text;
BEGIN
    -- Waits for transactions writing messages or leads to end and holds new ones off until this one ends, so the checks
    -- below see every row that could refer to OLD (what the foreign key's lock on the parent row did). Deletes of
    -- these rows are rare and manual: the service never makes one.
    -- (leads is locked only for a workspace: two transactions deleting leads would each wait for the other's lock)
    LOCK TABLE messages IN SHARE MODE;
    IF TG_TABLE_NAME = 'workspaces' THEN
        LOCK TABLE leads IN SHARE MODE;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        -- a statement-level trigger sees no rows: refused while anything could refer to them
        IF EXISTS (SELECT 1 FROM messages) THEN
            referrer := 'messages';
        ELSIF TG_TABLE_NAME = 'workspaces' AND EXISTS (SELECT 1 FROM leads) THEN
            referrer := 'leads';
        END IF;
    ELSIF TG_TABLE_NAME = 'workspaces' THEN
        IF EXISTS (SELECT 1 FROM messages WHERE workspace_id = OLD.id) THEN
            referrer := 'messages';
        ELSIF EXISTS (SELECT 1 FROM leads WHERE workspace_id = OLD.id) THEN
            referrer := 'leads';
        END IF;
    ELSIF TG_TABLE_NAME = 'lines' THEN
        -- messages_workspace_created carries line_id: the workspace's part of that index answers
        IF EXISTS (SELECT 1 FROM messages WHERE workspace_id = OLD.workspace_id AND line_id = OLD.id) THEN
            referrer := 'messages';
        END IF;
    ELSIF EXISTS (SELECT 1 FROM messages WHERE workspace_id = OLD.workspace_id AND lead_id = OLD.id) THEN
        referrer := 'messages';
    END IF;
    IF referrer IS NOT NULL THEN
        RAISE EXCEPTION '% on table "%" refused: % refers to it', TG_OP, TG_TABLE_NAME, referrer
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER workspaces_referenced BEFORE DELETE ON workspaces
    FOR EACH ROW EXECUTE FUNCTION refuse_delete_of_referenced_parent();
CREATE TRIGGER lines_referenced BEFORE DELETE ON lines
    FOR EACH ROW EXECUTE FUNCTION refuse_delete_of_referenced_parent();
CREATE TRIGGER leads_referenced BEFORE DELETE ON leads
    FOR EACH ROW EXECUTE FUNCTION refuse_delete_of_referenced_parent();
CREATE TRIGGER workspaces_referenced_truncate BEFORE TRUNCATE ON workspaces
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete_of_referenced_parent();
CREATE TRIGGER lines_referenced_truncate BEFORE TRUNCATE ON lines
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete_of_referenced_parent();
CREATE TRIGGER leads_referenced_truncate BEFORE TRUNCATE ON leads
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete_of_referenced_parent();
