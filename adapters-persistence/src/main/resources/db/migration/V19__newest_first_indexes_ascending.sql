-- Three indexes every accept writes were declared newest-first: (workspace_id, created_at DESC, id DESC) and the
-- like. Their keys grow with time, so in a DESC index each new entry lands at the far LEFT of its workspace's range.
-- B-tree splits are tuned for the opposite case: an insert past the rightmost item splits a full page 90/10 and leaves
-- the old page full, while an insert at the left edge splits it 50/50, leaving a half-empty page behind for good. Each
-- of these indexes therefore split about once per 30-60 accepts instead of about once per 100, logged half a page of
-- WAL per split (SPLIT_L records: 290 of the 3,330 bytes of WAL per accept, pg_waldump over a bench/accept load), and
-- grew to about twice its size, dirtying twice the pages for the checkpointer and the kernel to write back while the
-- accepting transaction waits for its WAL fsync (ADR 34).
--
-- Declared ascending, the same entries are appended at the right edge, and every query that reads them newest-first
-- (ORDER BY created_at DESC, id DESC, keyset cursors included) walks the same index backwards: a B-tree scans both
-- ways, so the plans keep their shape (Index Scan Backward, Index Only Scan for the reports) and lose no sort.
-- Like every migration here this rebuilds inside Flyway's transaction, blocking writes to the table while it builds.
DROP INDEX messages_workspace_created;
CREATE INDEX messages_workspace_created ON messages (workspace_id, created_at, id)
    INCLUDE (status, message_type, line_id, batch_id, error_code, sent_at, delivered_at, read_at);

DROP INDEX leads_workspace;
CREATE INDEX leads_workspace ON leads (workspace_id, created_at, id) WHERE deleted_at IS NULL;
-- Without statistics, leads_phone and leads_workspace cost the same for a match's `workspace_id = $1 AND phone = $2`,
-- and PostgreSQL keeps the most recently created of the two (V6, ADR 6): rebuilt last, the unique contact indexes stay
-- the newer ones, or every accept would walk its workspace's leads until the first ANALYZE (LeadMatchPlanTest).
DROP INDEX leads_phone;
DROP INDEX leads_email;
CREATE UNIQUE INDEX leads_phone ON leads (workspace_id, phone) WHERE phone IS NOT NULL AND deleted_at IS NULL;
CREATE UNIQUE INDEX leads_email ON leads (workspace_id, email) WHERE email IS NOT NULL AND deleted_at IS NULL;

DROP INDEX audit_log_workspace_at;
CREATE INDEX audit_log_workspace_at ON audit_log (workspace_id, at, id);
-- The same tie on an empty audit_log between the two indexes for a target's history: the target index, rebuilt last
-- (and ascending like the other), stays the newer one (AuditLogPlanTest).
DROP INDEX audit_log_workspace_target;
CREATE INDEX audit_log_workspace_target ON audit_log (workspace_id, target_type, target_id, at, id);
