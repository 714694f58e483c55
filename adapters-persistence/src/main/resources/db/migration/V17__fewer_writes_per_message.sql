-- Each message is written three or four times on its way to "delivered" (accept, claim, sent, delivered), and each
-- write of a message appends its event. Two of the costs those writes carried bought nothing (ADR 27):
--
-- 1. Two indexes of provider ids. messages_external (external_message_id) served the provider-wide lookup, and
--    messages_line_external (line_id, external_message_id) the line-scoped one callbacks use. One index keyed
--    (external_message_id, line_id) serves both by equality on its leading columns, so the "sent" and "delivered"
--    updates (which write an entry in every index of messages, ADR 14) write one entry less each.
DROP INDEX messages_line_external;
DROP INDEX messages_external;
CREATE INDEX messages_external_line ON messages (external_message_id, line_id) WHERE external_message_id IS NOT NULL;

-- 2. The foreign keys of message_events and dispatch_queue. Both are written only as CTEs of the very statement that
--    inserts or updates their message, from the row that statement returned (MessageEvents; the accept's queue row),
--    and messages are never deleted. The keys could not fail, yet each check ran a query and locked the message row
--    the same statement had just written (FOR KEY SHARE: one more WAL record and a dirtied page per event and per
--    accept). The keys to workspaces, lines and leads stay: those rows are other aggregates (ADR 8).
ALTER TABLE message_events DROP CONSTRAINT message_events_message_id_fkey;
ALTER TABLE dispatch_queue DROP CONSTRAINT dispatch_queue_message_id_fkey;
