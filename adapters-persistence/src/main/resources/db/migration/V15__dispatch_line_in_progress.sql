-- A line with a claim in progress (a leased queue row) is not claimed again until that claim is recorded, released or
-- swept: one batch per line in flight across all nodes, so a slow or hanging provider keeps only its own line busy
-- while dispatchers move on to other lines, and a line's messages go out one after the other. The claim asks this
-- once per candidate line; the partial index holds only the rows in progress (a handful per busy line).
CREATE INDEX dispatch_queue_line_leased ON dispatch_queue (line_id) WHERE lease_owner IS NOT NULL;
