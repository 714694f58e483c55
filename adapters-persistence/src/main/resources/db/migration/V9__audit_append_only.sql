-- The audit log is append-only, enforced here rather than by the application: row-level BEFORE triggers refuse every
-- UPDATE and DELETE, a statement-level one every TRUNCATE, whoever runs them (triggers fire for the table's owner and
-- for superusers too, unless session_replication_role = replica). The one exception is retention: audit_log_purge()
-- deletes rows older than a cutoff, and the trigger lets a DELETE through only while that function has set the
-- transaction-local setting tuco.audit_purge. Any client could set it too, and the owner could drop the triggers:
-- this guards against accidental and application-level rewrites, not against the database owner (see the README).

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('tuco.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'old rows are removed only by audit_log_purge(older_than)';
END
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Deletes at most max_rows rows older than older_than (which may not lie in the future) and returns how many it
-- deleted; the retention job calls it until it returns less than max_rows, so no single statement runs for long.
CREATE FUNCTION audit_log_purge(older_than timestamptz, max_rows integer DEFAULT 10000) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    purged integer;
BEGIN
    IF older_than IS NULL OR older_than > now() THEN
        RAISE EXCEPTION 'audit_log_purge: older_than must be a time in the past, got %', older_than;
    END IF;
    IF max_rows IS NULL OR max_rows < 1 THEN
        RAISE EXCEPTION 'audit_log_purge: max_rows must be positive, got %', max_rows;
    END IF;
    PERFORM set_config('tuco.audit_purge', 'on', true);
    DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < older_than LIMIT max_rows);
    GET DIAGNOSTICS purged = ROW_COUNT;
    -- closed again at once, so later statements of the caller's transaction cannot delete
    PERFORM set_config('tuco.audit_purge', 'off', true);
    RETURN purged;
END
$$;

-- GET /api/audit-logs reads a workspace's rows newest first by (at, id), optionally for one target; each access path
-- has one index in exactly the query's order, so it plans well before the table has statistics (ADR 7).
DROP INDEX audit_log_workspace;
CREATE INDEX audit_log_workspace_at ON audit_log (workspace_id, at DESC, id DESC);
CREATE INDEX audit_log_workspace_target ON audit_log (workspace_id, target_type, target_id, at DESC, id DESC);
