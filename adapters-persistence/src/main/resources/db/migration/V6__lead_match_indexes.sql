-- Lead matching (every accept looks its recipient up by phone or email) must be an index lookup from the first
-- request on, before autovacuum has ever analyzed the table. bench/accept found it reading the whole workspace:
-- 80 million index tuples for 10,819 accepts, because the cached generic plan, made while leads was empty, used
-- leads_workspace for both arms (docs/adr/0006-lead-match-indexes.md).
--
-- 1. The alternative-contact GIN indexes held one entry per lead, alternatives or not, in a fastupdate pending list
--    that every lookup scans linearly until a vacuum merges it. Now they hold only leads that have alternatives
--    (deleted ones included: the lookup filters those), written through.
DROP INDEX leads_alt_phones;
DROP INDEX leads_alt_emails;
CREATE INDEX leads_alt_phones ON leads USING gin (alt_phones) WITH (fastupdate = off) WHERE alt_phones <> '{}';
CREATE INDEX leads_alt_emails ON leads USING gin (alt_emails) WITH (fastupdate = off) WHERE alt_emails <> '{}';
-- 2. With no statistics, leads_phone (workspace_id, phone) and leads_workspace (workspace_id, created_at, id) cost
--    the same for `workspace_id = $1 AND phone = $2`, and PostgreSQL keeps the index it considered first, which is
--    the newer one. Recreating the unique contact indexes makes them the newer ones.
DROP INDEX leads_phone;
DROP INDEX leads_email;
CREATE UNIQUE INDEX leads_phone ON leads (workspace_id, phone) WHERE phone IS NOT NULL AND deleted_at IS NULL;
CREATE UNIQUE INDEX leads_email ON leads (workspace_id, email) WHERE email IS NOT NULL AND deleted_at IS NULL;
