-- Queues :n copies of the template message :tpl (accepted through the API), each for a lead of its own (cloned from
-- the template's lead with a distinct phone) and spread round-robin over the workspace's lines: the rows the accept
-- path writes (lead, message, first event, dispatch_queue row), in bulk.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE bench_lines AS
    SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS nlines
    FROM lines WHERE workspace_id = (SELECT workspace_id FROM messages WHERE id = :'tpl');
CREATE TEMP TABLE bench_new AS
    SELECT g AS n,
           -- the area code in the ids too: a second run on the same database (another area) makes new rows
           'b' || :'area' || lpad(to_hex(g), 20, '0') AS message_id,
           'c' || :'area' || lpad(to_hex(g), 20, '0') AS lead_id,
           '+1' || :'area' || lpad((2000000 + g)::text, 7, '0') AS phone,
           (SELECT id FROM bench_lines WHERE k = g % (SELECT max(nlines) FROM bench_lines)) AS line_id,
           -- accepted one a millisecond, as a busy API would have (the claim orders by due_at, then id)
           date_trunc('milliseconds', now()) - (:n - g) * interval '1 millisecond' AS at
    FROM generate_series(1, :n) g;
INSERT INTO leads
    SELECT (jsonb_populate_record(NULL::leads, to_jsonb(l) || jsonb_build_object('id', b.lead_id, 'phone', b.phone))).*
    FROM bench_new b, leads l WHERE l.id = (SELECT lead_id FROM messages WHERE id = :'tpl');
INSERT INTO messages
    SELECT (jsonb_populate_record(NULL::messages, to_jsonb(m) || jsonb_build_object('id', b.message_id, 'lead_id', b.lead_id,
        'line_id', b.line_id, 'recipient_phone', b.phone, 'created_at', b.at, 'updated_at', b.at, 'due_at', b.at))).*
    FROM bench_new b, messages m WHERE m.id = :'tpl';
INSERT INTO message_events
    SELECT (jsonb_populate_record(NULL::message_events, to_jsonb(e) || jsonb_build_object('message_id', b.message_id, 'at', b.at))).*
    FROM bench_new b, message_events e WHERE e.message_id = :'tpl';
INSERT INTO dispatch_queue (message_id, workspace_id, line_id, due_at)
    SELECT b.message_id, q.workspace_id, b.line_id, b.at FROM bench_new b, dispatch_queue q WHERE q.message_id = :'tpl';
COMMIT;
ANALYZE leads; ANALYZE messages; ANALYZE message_events; ANALYZE dispatch_queue;
