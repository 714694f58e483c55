# Shared helpers for bench/accept and bench/dispatch (sourced, not run). Everything talks to 127.0.0.1 only.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tuco-bench.XXXXXX")"
DB="tuco_bench_$(date +%s)_$$"
BASE_DB="${DB}_pgbench"
PIDS=()

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

cleanup() {
    local pid
    for pid in "${PIDS[@]:-}"; do
        [ -n "$pid" ] || continue
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    if [ "${KEEP_DB:-0}" != 1 ]; then
        psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$BASE_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"${BASE_DB}_ol\" WITH (FORCE)" >/dev/null 2>&1 || true
    [ "${KEEP_WORK:-0}" = 1 ] && log "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required ($2)"; }

ensure_tools() {
    need java "Java 17+"
    need psql "apt-get install -y postgresql-client"
    need pgbench "apt-get install -y postgresql-contrib or postgresql-client"
    need curl "apt-get install -y curl"
    if ! command -v wrk >/dev/null 2>&1; then
        log "installing wrk (apt-get)"
        (apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; }) \
            || die "wrk is missing and could not be installed: apt-get install -y wrk"
    fi
    psql -qAt -d postgres -c 'SELECT 1' >/dev/null 2>&1 || die "no PostgreSQL at $PGHOST:$PGPORT (user $PGUSER)"
}

# The jar under test: $TUCO_JAR, else bootstrap/target/tuco.jar (built with mvn -o install -DskipTests when absent).
# It is copied into the work dir, so a concurrent build deleting target/ does not matter.
prepare_jar() {
    local jar="${TUCO_JAR:-$REPO_DIR/bootstrap/target/tuco.jar}"
    if [ ! -f "$jar" ]; then
        log "building $jar"
        (cd "$REPO_DIR" && mvn -B -q -o install -DskipTests) || die "build failed"
    fi
    cp "$jar" "$WORK/tuco.jar"
    JAR="$WORK/tuco.jar"
}

SECRET_KEY="$(head -c 32 /dev/urandom | base64)"
tuco_env_vars() {
    TUCO_ENV=(TUCO_DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" TUCO_DATABASE_USER="$PGUSER"
        TUCO_SECRET_KEY="$SECRET_KEY" TUCO_DEMO=false TUCO_RATE_LIMIT_PER_MINUTE=10000000)
}
tuco_env() { tuco_env_vars; env "${TUCO_ENV[@]}" "$@"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

create_db() {
    psql -q -d postgres -c "CREATE DATABASE \"$DB\"" >/dev/null
    tuco_env java -jar "$JAR" migrate >/dev/null
}

# workspace + one sandbox iMessage line, caps raised so they never close the gate; sets WS, KEY, LINE
setup_workspace() {
    local out
    out=$(tuco_env java -jar "$JAR" workspace create --name Bench)
    WS=$(printf '%s' "$out" | sed -E 's/.*"workspaceId" *: *"([^"]+)".*/\1/')
    KEY=$(printf '%s' "$out" | sed -E 's/.*"apiKey" *: *"([^"]+)".*/\1/')
    out=$(tuco_env java -jar "$JAR" line create --workspace "$WS" --channel imessage --provider sandbox --address +14155550100)
    LINE=$(printf '%s' "$out" | sed -E 's/.*"lineId" *: *"([^"]+)".*/\1/')
    psql -q -d "$DB" -c "UPDATE lines SET daily_new_conversations_limit = 100000000, daily_total_messages_limit = 100000000,
        hourly_new_conversations_limit = 100000000, pacing_seconds = 0 WHERE id = '$LINE'" >/dev/null
}

# start_service NAME DISPATCH_ENABLED [extra env...]; sets PORT and SERVICE_PID; logs to $WORK/NAME.log
start_service() {
    local name=$1 dispatch=$2; shift 2
    PORT=$(free_port)
    tuco_env_vars
    # a simple command in the background (not a function): $! is the JVM itself, so stopping it stops the service
    env "${TUCO_ENV[@]}" TUCO_PORT="$PORT" TUCO_DISPATCH_ENABLED="$dispatch" "$@" \
        java ${TUCO_JAVA_OPTS:-} -jar "$JAR" serve >"$WORK/$name.log" 2>&1 &
    SERVICE_PID=$!
    PIDS+=("$SERVICE_PID")
    for _ in $(seq 1 120); do
        if curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then return 0; fi
        kill -0 "$SERVICE_PID" 2>/dev/null || { tail -20 "$WORK/$name.log" >&2; die "service $name exited"; }
        sleep 0.5
    done
    die "service $name not ready after 60 s"
}

stop_service() {
    local pid=$1
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
}

# pgbench single-row INSERT TPS (-M prepared, 32 clients, $1 seconds) on a narrow table in its own database.
pgbench_insert_tps() {
    local secs=${1:-20}
    psql -q -d postgres -c "CREATE DATABASE \"$BASE_DB\"" >/dev/null
    psql -q -d "$BASE_DB" -c "CREATE TABLE bench_rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now())" >/dev/null
    printf '\\set v random(1, 1000000)\nINSERT INTO bench_rows (v) VALUES (:v);\n' >"$WORK/insert.sql"
    local s0; s0=$(steal_ticks)
    pgbench -n -M prepared -c 32 -j 2 -T "$secs" -f "$WORK/insert.sql" "$BASE_DB" >"$WORK/pgbench.out" 2>&1 \
        || { cat "$WORK/pgbench.out" >&2; die "pgbench failed"; }
    # the host's steal share during the baseline, for the bench that prints it ($WORK/pgbench.steal)
    awk -v a="$s0" -v b="$(steal_ticks)" -v w="$secs" -v n="$(nproc)" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "%.1f", (b - a) * 100 / hz / w / n }' >"$WORK/pgbench.steal"
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$BASE_DB\" WITH (FORCE)" >/dev/null
    sed -nE 's/^tps = ([0-9.]+) .*/\1/p' "$WORK/pgbench.out" | head -1 | cut -d. -f1
}

# pgbench_open_loop RATE SECS [PAD_BYTES]: single-row INSERTs like pgbench_insert_tps's, open loop at RATE
# transactions/s (-R: each transaction has a scheduled start, and pgbench logs its latency from that time, so a stall
# is charged to every transaction it delayed, as bench/OpenLoop.java does), each row carrying PAD_BYTES (0) of
# incompressible text; prints "p50_ms p99_ms max_ms transactions wal_bytes_per_transaction". It is the database's own
# tail at that rate for that many bytes written per commit: on this machine's disk the WAL fsync of a commit waits
# behind the data pages being written back, so the tail grows with the bytes written per second (ADR 34).
pgbench_open_loop() {
    local rate=$1 secs=$2 pad=${3:-0} db="${BASE_DB}_ol" l0 l1
    psql -q -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null
    psql -q -d "$db" -c "CREATE TABLE bench_rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v integer NOT NULL,
        pad text, at timestamptz NOT NULL DEFAULT now()); ALTER TABLE bench_rows ALTER COLUMN pad SET STORAGE PLAIN" >/dev/null
    # md5 hex: 32 characters each, not compressed (STORAGE PLAIN), so the row's bytes are written as they are
    printf '\\set v random(1, 1000000)\nINSERT INTO bench_rows (v, pad) SELECT :v, string_agg(md5(random()::text), %s) FROM generate_series(1, %d);\n' \
        "''" $((pad / 32)) >"$WORK/insert-ol.sql"
    rm -f "$WORK"/pgol.*
    l0=$(psql -qAt -d "$db" -c "SELECT pg_current_wal_lsn()")
    (cd "$WORK" && pgbench -n -M prepared -c 32 -j 2 -R "$rate" -T "$secs" -l --log-prefix=pgol -f insert-ol.sql "$db") \
        >"$WORK/pgbench-ol.out" 2>&1 || { cat "$WORK/pgbench-ol.out" >&2; die "pgbench -R failed"; }
    l1=$(psql -qAt -d "$db" -c "SELECT pg_current_wal_lsn()")
    local wal; wal=$(psql -qAt -d "$db" -c "SELECT pg_wal_lsn_diff('$l1', '$l0')::bigint")
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
    # per-transaction log: client_id transaction_no latency_us script_no epoch epoch_us schedule_lag_us
    cat "$WORK"/pgol.* | awk '{ print $3 }' | sort -n | awk -v wal="$wal" '{ v[NR] = $1 } END {
        if (NR == 0) { print "0 0 0 0 0"; exit }
        printf "%.1f %.1f %.1f %d %d\n", v[int(NR * 0.5) + 1] / 1000, v[int(NR * 0.99) + 1] / 1000, v[NR] / 1000, NR, wal / NR }'
}

# user + system clock ticks in a /proc stat file (a process's or a thread's; 0 once it is gone)
stat_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$1" 2>/dev/null || echo 0; }

# CPU seconds (user + system, in clock ticks) used so far by process $1, or by all PostgreSQL server processes (no $1)
cpu_ticks() {
    local pids
    if [ $# -gt 0 ]; then pids="$1"; else pids=$(pgrep -d ' ' -x postgres || true); fi
    local total=0 p
    for p in $pids; do
        [ -r "/proc/$p/stat" ] || continue
        total=$((total + $(stat_ticks "/proc/$p/stat")))
    done
    echo "$total"
}
TICKS_PER_S=$(getconf CLK_TCK)

# CPU ticks of the JIT compiler threads of process $1 (C1/C2 CompilerThre...), to tell compilation from the work itself
jit_ticks() {
    local total=0 t
    for t in /proc/"$1"/task/*; do
        grep -q '^C[12] CompilerThre' "$t/comm" 2>/dev/null || continue
        total=$((total + $(stat_ticks "$t/stat")))
    done
    echo "$total"
}

# percent PART WHOLE: PART as a percentage of WHOLE, one decimal (0 when WHOLE is 0)
percent() { awk -v c="$1" -v j="$2" 'BEGIN { printf "%.1f", j ? c * 100 / j : 0 }'; }

# the PostgreSQL processes working for this bench's database: its backends, plus the WAL writer that flushes their
# commits (other databases on the machine are left out, and so are the bench's own psql sessions: its probe and the
# emulated autovacuum's passes)
db_pids() {
    { psql -qAt -d "$DB" -c "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND backend_type = 'client backend' AND application_name <> 'psql'"
      pgrep -f "postgres: .*walwriter" || true; } | tr '\n' ' '
}

# CPU ticks the whole machine spent busy (user + nice + system + irq + softirq + steal), from /proc/stat
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
# CPU ticks the host took from this machine's virtual CPUs for others (steal), from /proc/stat: when it rises, every
# rate of the run falls with it, the baseline measured before the run included (seen 8-33 % within one run)
steal_ticks() { awk '/^cpu / { print $9; exit }' /proc/stat; }

# One long-lived psql for a bench's polls (probe_open, then probe "SQL" prints its one-line answer): a poll every half
# second through a new psql, and so a new backend, cost about a tenth of this 2-core machine's CPU while
# bench/dispatch drained (perf): the probe must not cost what it measures.
probe_open() {
    coproc PROBE { exec psql -qAt -X -d "$DB" 2>&1; }
    PIDS+=("$PROBE_PID")
}
probe() {
    local line
    printf '%s;\n' "$1" >&"${PROBE[1]}"
    IFS= read -r line <&"${PROBE[0]}"
    printf '%s\n' "$line"
}

# Autovacuum is off on this machine's PostgreSQL (left as found); production servers run it, and tables that churn
# (the dispatch queue, the sandbox's pending outcomes, line usage) slow down as their dead rows pile up. With
# AUTOVACUUM=emulate (the default) autovacuum_start does what autovacuum's launcher would do for this database with
# PostgreSQL's default settings: every AV_NAPTIME (60) seconds, VACUUM each table with more dead rows than 50 + 20 % of
# its rows (or more inserts since its last vacuum than 1,000 + 20 %), ANALYZE each with more changes than 50 + 10 %,
# throttled as autovacuum is (cost delay 2 ms, limit 200). AUTOVACUUM=off leaves the tables as the run leaves them.
# Each pass is logged in $WORK/autovacuum.log; autovacuum_note sums them up (their time includes the throttle's sleeps).
autovacuum_start() {
    [ "${AUTOVACUUM:-emulate}" = emulate ] || return 0
    local naptime="${AV_NAPTIME:-60}"
    : >"$WORK/autovacuum.log"
    (
        while sleep "$naptime"; do
            echo "pass-start $(date +%s.%N)" >>"$WORK/autovacuum.log"
            psql -qAt -X -e -d "$DB" >>"$WORK/autovacuum.log" 2>&1 <<'SQL' || true
SET vacuum_cost_delay = '2ms';
SET vacuum_cost_limit = 200;
\timing on
SELECT CASE WHEN vac AND ana THEN format('VACUUM (ANALYZE) %I.%I', schemaname, relname)
            WHEN vac THEN format('VACUUM %I.%I', schemaname, relname)
            ELSE format('ANALYZE %I.%I', schemaname, relname) END
FROM (SELECT s.schemaname, s.relname,
             s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
                 OR s.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0) AS vac,
             s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0) AS ana
      FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid) t
WHERE vac OR ana \gexec
SQL
            echo "pass-end $(date +%s.%N)" >>"$WORK/autovacuum.log"
        done
    ) &
    PIDS+=("$!")
}
# seconds of emulated autovacuum passes (one every AV_NAPTIME s: VACUUM / ANALYZE of each table due, one after the
# other) that fell between epoch times $1 and $2, and how many passes: "4.8 s in 1 pass". A pass slows the commits of
# everything running beside it (seen: 200-450 ms seconds in an open loop whose other seconds read under 120 ms).
autovacuum_overlap() {
    if [ "${AUTOVACUUM:-emulate}" != emulate ]; then echo "off"; return; fi
    awk -v a="$1" -v b="$2" '
        function add(s, e) { if (e > b) e = b; if (s < a) s = a; if (e > s) { t += e - s; n++ } }
        $1 == "pass-start" { s = $2; open = 1 }
        $1 == "pass-end" && open { add(s, $2); open = 0 }
        END { if (open) add(s, b); printf "%.1f s in %d pass%s", t, n, (n == 1 ? "" : "es") }' "$WORK/autovacuum.log"
}
autovacuum_note() {
    if [ "${AUTOVACUUM:-emulate}" != emulate ]; then echo "off (AUTOVACUUM=off)"; return; fi
    local log="$WORK/autovacuum.log"
    echo "emulated every ${AV_NAPTIME:-60} s: $(grep -c '^VACUUM' "$log" || true) vacuums," \
        "$(grep -c -E '^ANALYZE|^VACUUM \(ANALYZE\)' "$log" || true) analyzes," \
        "$(awk '/^VACUUM|^ANALYZE/ { want = 1; next } want && /^Time: / { ms += $2; want = 0 } END { printf "%.1f", ms / 1000 }' "$log") s"
}

load_note() { uptime | sed -E 's/.*load average: //'; }
