#!/usr/bin/env python3
"""Checks a durability run against the database (python3 stdlib + psql, 127.0.0.1 only).

Loads the client's record of every 201 (accepted.tsv from Load.java) into the run's database, waits a bounded time
for every accepted message to reach a final status, then prints the summary: accepted, final by status, lost,
duplicate sends (from the sandbox ledger), messages the server committed without the client getting a 201, wall
time. With --kills (the kill script's log) each duplicate send is checked against the kills: it is explained only if
the send's ledger row was never recorded as the message's outcome and one of our SIGKILLs hit within --window ms after
the ledger row was written (or up to --grace ms before it: the dying node's last statement lands just after the kill) (a kill between the provider's answer and the recording of the outcome), and the resend came
after that kill. Exit status 1 when a message is lost or a duplicate is unexplained.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

FINAL = ("sent", "delivered", "failed", "fallback", "cancelled")
FINAL_SQL = "(" + ",".join("'%s'" % s for s in FINAL) + ")"


def psql(db, query):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-qAt", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", query],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line != ""]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--accepted", required=True)
    ap.add_argument("--load-summary")
    ap.add_argument("--title", default="durability")
    ap.add_argument("--start-ms", type=int, required=True)
    ap.add_argument("--wait", type=int, default=420)
    ap.add_argument("--stall", type=int, default=120)
    ap.add_argument("--kills")
    ap.add_argument("--window", type=int, default=5000, help="ms after a ledger row within which a kill explains it")
    # The kill is logged just before `kill -9` runs, and a statement the node sent just before it died is still run by
    # PostgreSQL, stamped a few ms later: a ledger row may carry a time slightly after the kill that ended its node.
    ap.add_argument("--grace", type=int, default=100, help="ms before a ledger row within which a kill still explains it")
    ap.add_argument("--work", default=".")
    a = ap.parse_args()
    db = a.db

    psql(db, "DROP TABLE IF EXISTS bench_accepted")
    psql(db, "CREATE TABLE bench_accepted (intent int, message_id char(24), port int, attempts int, replayed int, at_ms bigint)")
    psql(db, "\\copy bench_accepted FROM '%s'" % os.path.abspath(a.accepted))
    accepted = int(psql(db, "SELECT count(*) FROM bench_accepted")[0][0])
    distinct = int(psql(db, "SELECT count(DISTINCT message_id) FROM bench_accepted")[0][0])
    load_done_ms = int(time.time() * 1000)

    # Bounded wait: every accepted message present and final (and the sandbox's "delivered" reports caught up). It
    # ends at --wait seconds, or earlier when the number still waiting has not gone down for --stall seconds (longer
    # than a dead node's lease plus the sweep interval, so claims of killed nodes have come back by then).
    deadline = time.time() + a.wait
    last = 0.0
    settled_at = None
    best, best_at = None, time.time()
    while True:
        missing, waiting, sent = map(int, psql(db, """
            SELECT count(*) FILTER (WHERE m.id IS NULL),
                   count(*) FILTER (WHERE m.id IS NOT NULL AND m.status NOT IN %s),
                   count(*) FILTER (WHERE m.status = 'sent')
            FROM bench_accepted a LEFT JOIN messages m ON m.id = a.message_id""" % FINAL_SQL)[0])
        if best is None or waiting < best:
            best, best_at = waiting, time.time()
        if waiting == 0 and settled_at is None:
            settled_at = time.time()
        if (waiting == 0 and sent == 0) or time.time() >= deadline or (settled_at and time.time() - settled_at > 20):
            break
        if waiting > 0 and time.time() - best_at > a.stall:
            print("[verify] no progress for %d s: giving up on %d message(s)" % (a.stall, waiting), file=sys.stderr)
            break
        if time.time() - last >= 10:
            last = time.time()
            print("[verify] waiting for %d accepted message(s) to reach a final status (%d sent, %d missing)"
                  % (waiting, sent, missing), file=sys.stderr)
        time.sleep(1)
    drained_ms = int(time.time() * 1000)

    by_status = dict((s, int(n)) for s, n in psql(db, """
        SELECT coalesce(m.status, 'MISSING'), count(*) FROM bench_accepted a LEFT JOIN messages m ON m.id = a.message_id
        GROUP BY 1 ORDER BY 2 DESC"""))
    lost_rows = psql(db, """
        SELECT a.intent, a.message_id, coalesce(m.status, 'MISSING') FROM bench_accepted a
        LEFT JOIN messages m ON m.id = a.message_id WHERE m.id IS NULL OR m.status NOT IN %s ORDER BY 1""" % FINAL_SQL)
    sends = dict((int(n), int(c)) for n, c in psql(db, """
        SELECT n, count(*) FROM (SELECT a.message_id,
            (SELECT count(*) FROM sandbox_sends s WHERE s.message_id = a.message_id AND s.outcome = 'accepted') AS n
            FROM bench_accepted a) x GROUP BY n ORDER BY n"""))
    done_unsent = int(psql(db, """
        SELECT count(*) FROM bench_accepted a JOIN messages m ON m.id = a.message_id
        WHERE m.status IN ('sent', 'delivered') AND NOT EXISTS
            (SELECT 1 FROM sandbox_sends s WHERE s.message_id = a.message_id AND s.outcome = 'accepted')""")[0][0])
    dup_ids = [r[0] for r in psql(db, """
        SELECT message_id FROM sandbox_sends WHERE outcome = 'accepted' GROUP BY message_id HAVING count(*) > 1 ORDER BY 1""")]
    extra_sends = int(psql(db, """
        SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM sandbox_sends WHERE outcome = 'accepted'
        GROUP BY message_id HAVING count(*) > 1) x""")[0][0])
    # Messages the server committed that no 201 reached the client for, and intents that ended with two messages.
    orphans = psql(db, """
        SELECT m.id, m.status, m.template FROM messages m
        WHERE NOT EXISTS (SELECT 1 FROM bench_accepted a WHERE a.message_id = m.id) ORDER BY m.created_at""")
    intents = {}
    for mid, template in psql(db, "SELECT id, template FROM messages"):
        g = re.search(r"intent (\d+)$", template)
        if g:
            intents.setdefault(int(g.group(1)), []).append(mid)
    doubled = {i: ids for i, ids in intents.items() if len(ids) > 1}
    load_line = ""
    if a.load_summary and os.path.exists(a.load_summary):
        with open(a.load_summary) as f:
            load_line = f.read().strip()
    m = re.search(r"retried_intents=(\d+) idempotent_replays=(\d+)", load_line)
    retried, replays = (m.group(1), m.group(2)) if m else ("?", "?")
    m = re.search(r"intents=(\d+) accepted=(\d+) not_accepted=(\d+)", load_line)
    not_accepted = m.group(3) if m else "?"

    kills, starts = [], []
    if a.kills:
        with open(a.kills) as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) >= 6 and p[1] == "kill":
                    kills.append({"ms": int(p[0]), "node": p[2], "port": p[3], "pid": p[4], "dispatch": p[5]})
                elif len(p) >= 6 and p[1] == "ready":
                    starts.append({"ms": int(p[0]), "node": p[2], "dispatch": p[5]})

    explained, unexplained, report = 0, 0, []
    for mid in dup_ids:
        rows = psql(db, """SELECT id, (extract(epoch FROM at) * 1000)::bigint, external_id FROM sandbox_sends
                           WHERE message_id = '%s' AND outcome = 'accepted' ORDER BY at, id""" % mid)
        events = psql(db, """SELECT seq, type, coalesce(from_status, ''), to_status, (extract(epoch FROM at) * 1000)::bigint,
                                    detail::text FROM message_events WHERE message_id = '%s' ORDER BY seq""" % mid)
        status, ext = psql(db, "SELECT status, coalesce(external_message_id, '') FROM messages WHERE id = '%s'" % mid)[0]
        recorded = {ext} if ext else set()
        for e in events:
            x = json.loads(e[5]).get("externalMessageId")
            if x:
                recorded.add(x)
        lines = ["%s (%s): %d sends" % (mid, status, len(rows))]
        ok = True
        for idx, (rid, at_ms, xid) in enumerate(rows):
            at_ms = int(at_ms)
            if xid in recorded:
                lines.append("  send %d at %s: recorded as the message's outcome (%s)" % (idx + 1, fmt(at_ms), xid))
                continue
            k = next((k for k in kills if at_ms - a.grace <= k["ms"] <= at_ms + a.window), None)
            later = [int(r[1]) for r in rows[idx + 1:]]
            # The claim behind this send: the last move to "sending" before it (a re-claim after a sweep adds none).
            claims = [int(e[4]) for e in events if e[3] == "sending" and int(e[4]) <= at_ms]
            claim_ms = max(claims) if claims else None
            if not a.kills:
                lines.append("  send %d at %s: never recorded as the message's outcome (no kill log to check against)"
                             % (idx + 1, fmt(at_ms)))
                continue
            if k is None or not later or min(later) < k["ms"] or claim_ms is None:
                ok = False
                lines.append("  send %d at %s: NOT recorded and %s -> UNEXPLAINED"
                             % (idx + 1, fmt(at_ms), "no claim before it" if k is not None and claim_ms is None
                                else "no kill of ours within %d ms after it, followed by a resend" % a.window))
                continue
            inc = [s for s in starts if s["node"] == k["node"] and s["ms"] <= k["ms"]]
            alive = max(s["ms"] for s in inc) if inc else None
            lines.append("  send %d at %s: never recorded; node %s (port %s, dispatch id %s, up since %s) was SIGKILLed at %s, "
                         "%d ms after this ledger row; the message was claimed at %s%s; resent at %s (%d s after the kill, "
                         "once the dead claim's lease expired and was swept)"
                         % (idx + 1, fmt(at_ms), k["node"], k["port"], k["dispatch"], fmt(alive) if alive else "?",
                            fmt(k["ms"]), k["ms"] - at_ms, fmt(claim_ms) if claim_ms else "?",
                            " (while that node was up)" if alive and claim_ms and alive <= claim_ms <= k["ms"] else "",
                            fmt(min(later)), (min(later) - k["ms"]) // 1000))
        if ok:
            explained += 1
        else:
            unexplained += 1
        report.append("\n".join(lines))

    if report:
        with open(os.path.join(a.work, "duplicates.txt"), "w") as f:
            f.write("\n\n".join(report) + "\n")

    lost = len(lost_rows)
    wall = (drained_ms - a.start_ms) / 1000.0
    print("== %s summary ==" % a.title)
    print("accepted (201s)       %d  (distinct message ids %d; intents retried after no answer/5xx/409: %s; "
          "idempotent replays: %s; intents never accepted: %s)" % (accepted, distinct, retried, replays, not_accepted))
    print("final by status       %s" % ", ".join("%s=%d" % kv for kv in by_status.items()))
    print("lost                  %d" % lost)
    print("ledger sends/message  %s  (accepted messages by number of accepted ledger rows)"
          % ", ".join("%dx=%d" % kv for kv in sends.items()))
    print("duplicates            %d message(s) sent more than once (%d extra send(s))%s"
          % (len(dup_ids), extra_sends, (": %d explained by a kill between send and record, %d UNEXPLAINED"
                                         % (explained, unexplained)) if a.kills else ""))
    if done_unsent:
        print("sent without a send   %d (sent/delivered with no accepted ledger row)" % done_unsent)
    print("orphans               %d message(s) committed without a 201 reaching the client; %d intent(s) with 2+ messages"
          % (len(orphans), len(doubled)))
    if a.kills:
        print("kills                 %d SIGKILLs" % len(kills))
    print("wall time             %.1f s (start to all final; drain after load %.1f s)"
          % (wall, (drained_ms - load_done_ms) / 1000.0))
    if lost_rows:
        print("LOST (first 20): " + "; ".join("intent %s %s %s" % tuple(r) for r in lost_rows[:20]))
    if orphans:
        print("orphans (first 10): " + "; ".join("%s %s %r" % tuple(r) for r in orphans[:10]))
    if report:
        print("duplicate sends (also in %s):" % os.path.join(a.work, "duplicates.txt"))
        print("\n".join(report[:30]))
    return 1 if lost or unexplained or done_unsent else 0


def fmt(ms):
    return time.strftime("%H:%M:%S", time.gmtime(ms / 1000.0)) + ".%03d" % (ms % 1000)


if __name__ == "__main__":
    sys.exit(main())
