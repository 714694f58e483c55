# Helpers for bench/multi-node and bench/kill (sourced, not run): a fresh database, N service processes on one
# database, their lifecycle, and the cleanup trap. Everything talks to 127.0.0.1 only.
set -euo pipefail

DUR_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$DUR_DIR/../.." && pwd)"
PGHOST=127.0.0.1
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER

NODES="${NODES:-3}"
PORT_BASE="${PORT_BASE:-18101}"
MESSAGES="${MESSAGES:-10000}"
LINES="${LINES:-6}"
CONCURRENCY="${CONCURRENCY:-24}"
DISPATCH_THREADS="${DISPATCH_THREADS:-2}"
POOL="${POOL:-10}"
DRAIN_WAIT="${DRAIN_WAIT:-420}"   # at most this long (s) after the load for every accepted message to be final; less if it stalls 120 s
HEAP="${HEAP:-256m}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tuco-durability.XXXXXX")"
DB="tuco_dur_$(date +%s)_$$"
SECRET_KEY="$(head -c 32 /dev/urandom | base64)"
declare -a NODE_PID=()
LOAD_PID=""

log() { printf '[%s %s] %s\n' "$(basename "$0")" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { date +%s%3N; }

cleanup() {
    local pid i
    if [ -n "$LOAD_PID" ] && kill -0 "$LOAD_PID" 2>/dev/null; then kill -TERM "$LOAD_PID" 2>/dev/null || true; fi
    for i in "${!NODE_PID[@]}"; do
        pid="${NODE_PID[$i]}"
        [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
    done
    for i in "${!NODE_PID[@]}"; do
        pid="${NODE_PID[$i]}"
        [ -n "$pid" ] || continue
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [ "${KEEP_DB:-0}" != 1 ]; then
        psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    else
        log "kept database $DB"
    fi
    if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

check_tools() {
    command -v java >/dev/null || die "java 17+ is required"
    command -v psql >/dev/null || die "psql is required (apt-get install -y postgresql-client)"
    command -v python3 >/dev/null || die "python3 is required"
    psql -qAt -d postgres -c 'SELECT 1' >/dev/null 2>&1 || die "no PostgreSQL at $PGHOST:$PGPORT (user $PGUSER, trust auth)"
    local p
    for p in $(seq "$PORT_BASE" $((PORT_BASE + NODES - 1))); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is in use (set PORT_BASE)"; fi
    done
}

# The jar under test: $TUCO_JAR, else bootstrap/target/tuco.jar; copied into the work dir so a concurrent build
# deleting target/ does not matter.
prepare_jar() {
    local jar="${TUCO_JAR:-$REPO_DIR/bootstrap/target/tuco.jar}"
    if [ ! -f "$jar" ]; then
        log "building $jar"
        (cd "$REPO_DIR" && mvn -B -q -o install -DskipTests) || die "build failed"
    fi
    cp "$jar" "$WORK/tuco.jar"
    JAR="$WORK/tuco.jar"
}

tuco_vars() {
    TUCO_VARS=(TUCO_DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" TUCO_DATABASE_USER="$PGUSER"
        TUCO_SECRET_KEY="$SECRET_KEY" TUCO_DEMO=false TUCO_RATE_LIMIT_PER_MINUTE=10000000
        TUCO_DISPATCH_THREADS="$DISPATCH_THREADS" TUCO_DATABASE_POOL_SIZE="$POOL")
}
tuco_env() { tuco_vars; env "${TUCO_VARS[@]}" "$@"; }

sql() { psql -qAt -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }

# A fresh database, migrated, with one workspace; sets WS and KEY.
create_db() {
    psql -q -d postgres -c "CREATE DATABASE \"$DB\"" >/dev/null
    tuco_env java -jar "$JAR" migrate >/dev/null 2>"$WORK/migrate.log" || { cat "$WORK/migrate.log" >&2; die "migrate failed"; }
    local out
    out=$(tuco_env java -jar "$JAR" workspace create --name "Durability bench" 2>>"$WORK/migrate.log")
    WS=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["workspaceId"])' "$out")
    KEY=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["apiKey"])' "$out")
}

port_of() { echo $((PORT_BASE + $1)); }

# start_node I: starts node I (0-based) on its port in the background; its log is $WORK/node-I.log (appended).
start_node() {
    local i="$1" port
    port=$(port_of "$i")
    echo "=== start $(now_ms)" >>"$WORK/node-$i.log"
    tuco_vars
    # env execs java: $! is the JVM's own pid, so the kill and cleanup signals reach it.
    env "${TUCO_VARS[@]}" TUCO_PORT="$port" java -Xmx"$HEAP" -jar "$JAR" serve >>"$WORK/node-$i.log" 2>&1 &
    NODE_PID[$i]=$!
}

# wait_ready I [seconds]: until node I answers GET /health/ready (bounded).
wait_ready() {
    local i="$1" limit="${2:-90}" port
    port=$(port_of "$i")
    for _ in $(seq 1 $((limit * 5))); do
        if curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/health/ready" 2>/dev/null | grep -q 200; then
            return 0
        fi
        kill -0 "${NODE_PID[$i]}" 2>/dev/null || { tail -20 "$WORK/node-$i.log" >&2; die "node $i exited during start"; }
        sleep 0.2
    done
    die "node $i (port $port) not ready after ${limit}s"
}

# The dispatch node id of node I's current incarnation (from its log: "... dispatcher(s) started on node X").
dispatch_id() {
    awk '/^=== start/{id="?"} /dispatcher\(s\) started on node/{id=$NF} END{print id}' "$WORK/node-$1.log"
}

# LINES sandbox iMessage lines with caps and pacing off (through the API of node 0); sets LINE_IDS (comma-separated).
create_lines() {
    local port i out id ids=()
    port=$(port_of 0)
    for i in $(seq 1 "$LINES"); do
        out=$(curl -s -X POST "http://127.0.0.1:$port/api/lines" -H "Authorization: Bearer $KEY" \
            -H 'Content-Type: application/json' \
            -d "{\"name\":\"bench line $i\",\"phone\":\"+1415555$((7100 + i))\",\"channels\":[\"imessage\"],\"provider\":\"sandbox\",
                 \"pacingSeconds\":0,\"dailyNewConversationsLimit\":1000000,\"dailyTotalMessagesLimit\":1000000,
                 \"hourlyNewConversationsLimit\":1000000}")
        id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["line"]["_id"])' "$out" 2>/dev/null) \
            || die "line create failed: $out"
        ids+=("$id")
    done
    LINE_IDS=$(IFS=,; echo "${ids[*]}")
    [ "$(sql "SELECT count(*) FROM lines WHERE pacing_seconds = 0 AND daily_total_messages_limit >= 1000000")" -ge "$LINES" ] \
        || die "lines were not created with caps off"
}

start_cluster() {
    local i
    for i in $(seq 0 $((NODES - 1))); do start_node "$i"; done
    for i in $(seq 0 $((NODES - 1))); do wait_ready "$i" 120; done
    log "$NODES nodes ready on ports $PORT_BASE..$((PORT_BASE + NODES - 1)) (database $DB, work dir $WORK)"
}

ports_csv() { seq -s, "$PORT_BASE" $((PORT_BASE + NODES - 1)); }

# run_load RUN_TAG [extra Load.java args]: in the background; sets LOAD_PID. Results in $WORK/accepted.tsv.
run_load() {
    local tag="$1"
    shift
    java "$DUR_DIR/Load.java" ports="$(ports_csv)" key="$KEY" lines="$LINE_IDS" count="$MESSAGES" \
        concurrency="$CONCURRENCY" out="$WORK/accepted.tsv" run="$tag" "$@" >"$WORK/load.out" 2>"$WORK/load.err" &
    LOAD_PID=$!
}

# verify TITLE WALL_START_MS [kills file]: waits (bounded) for accepted messages to be final, prints the summary.
verify() {
    python3 "$DUR_DIR/verify.py" --db "$DB" --accepted "$WORK/accepted.tsv" --load-summary "$WORK/load.out" \
        --title "$1" --start-ms "$2" --wait "$DRAIN_WAIT" ${3:+--kills "$3"} --work "$WORK"
}

# One line on the nodes' WARN/ERROR log lines (the most frequent few), to spot dispatch errors behind a bad result.
node_log_summary() {
    local n
    n=$(cat "$WORK"/node-*.log | grep -c -E '\[(WARN|WARNING|ERROR|SEVERE)\]|^(WARNING|SEVERE):' || true)
    if [ "${n:-0}" -gt 0 ]; then
        log "node logs: $n WARN/ERROR line(s), most frequent:"
        cat "$WORK"/node-*.log | grep -E '\[(WARN|WARNING|ERROR|SEVERE)\]|^(WARNING|SEVERE):' | sed -E 's/^[0-9T:.+-]+ //; s/[0-9a-f]{24}/<id>/g; s/[0-9]+ ?ms/<n>ms/g' \
            | sed -E 's/returned [0-9]+ expired/returned N expired/' | cut -c1-150 | sort | uniq -c | sort -rn | head -5 >&2 || true
        n=$(cat "$WORK"/node-*.log | sed -nE 's/.*returned ([0-9]+) expired dispatch lease.*/\1/p' | awk '{s+=$1} END{print s+0}')
        [ "$n" -gt 0 ] && log "the sweepers returned $n expired lease(s) (claims of dead nodes or failed rounds) to the queue"
        true
    else
        log "node logs: no WARN/ERROR lines"
    fi
}
