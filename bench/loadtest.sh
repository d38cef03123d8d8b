#!/usr/bin/env bash
# make loadtest: aegis-relay under wrk on loopback (a benchmark, not in CI).
#
# Mixes: (a) 80% authenticated mailbox fetches / 20% verified uploads,
# (b) fetches only, (c) uploads only. Rows: LOADTEST_CONNS connections (100
# 1000 10000), LOADTEST_SECONDS each (30) after a LOADTEST_WARMUP (5 s,
# fetches only, so the upload envelopes stay unused), on every backend the
# relay supports: SQLite always, PostgreSQL if `aegis-relay --help` mentions
# it (a throwaway cluster in a temporary directory, run as an unprivileged
# user). Every row starts a fresh relay on a copy of a seeded database, so
# rows do not feed each other. Then the queue-depth sweep: mix (a) at 100
# connections with 0 and with LOADTEST_QUEUED (100000) envelopes queued.
#
# Per row: requests/s, latency p50/p90/p99/max, non-2xx answers, socket
# errors (connect/read/write) and timeouts, the relay's RSS high-water mark
# and CPU use, and the share of the mix's CPU bound reached. The bound is
# NCPU / (f * cost_fetch + (1 - f) * cost_upload), with the costs measured
# first: relay CPU time per request with one connection (wrk -c1), next to
# the library cost of one upload verification (loadseed: parse + both
# signatures). Inputs: bench/loadseed.c (identities, distinct pre-sealed
# envelopes, tokens), bench/loadtest/mix.lua (the wrk script).
#
# Environment: LOADTEST_SECONDS, LOADTEST_WARMUP, LOADTEST_CONNS,
# LOADTEST_MIXES (a b c), LOADTEST_BACKENDS (sqlite postgresql),
# LOADTEST_ENVELOPES (30000 distinct uploads; beyond that they repeat and the
# relay answers 409), LOADTEST_USERS (100 fetchers/senders),
# LOADTEST_QUEUED, LOADTEST_THREADS (wrk threads, 2), LOADTEST_RELAY_ARGS
# (extra relay options, e.g. to lift rate limits), LOADTEST_COST_SECONDS (3).
set -uo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
SECS=${LOADTEST_SECONDS:-30}
WARM=${LOADTEST_WARMUP:-5}
CONNS=${LOADTEST_CONNS:-"100 1000 10000"}
MIXES=${LOADTEST_MIXES:-"a b c"}
BACKENDS=${LOADTEST_BACKENDS:-"sqlite postgresql"}
NENV=${LOADTEST_ENVELOPES:-30000}
NFETCH=${LOADTEST_USERS:-100}
NRCPT=10
QUEUED=${LOADTEST_QUEUED:-100000}
THREADS=${LOADTEST_THREADS:-2}
COST_SECS=${LOADTEST_COST_SECONDS:-3}
RELAY=$B/aegis-relay
SEED=$B/loadseed
NCPU=$(nproc)
HZ=$(getconf CLK_TCK)

die() { echo "loadtest: $*" >&2; exit 1; }
[ -x "$RELAY" ] && [ -x "$SEED" ] || die "build first: make $RELAY $SEED"
command -v wrk >/dev/null || die "wrk not installed (apt-get install wrk)"
command -v curl >/dev/null || die "curl not installed"

# 10,000 connections need as many descriptors in wrk and in the relay.
maxc=0; for c in $CONNS; do [ "$c" -gt "$maxc" ] && maxc=$c; done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
nofile=$(ulimit -n)
if [ "$nofile" != unlimited ] && [ "$nofile" -lt $((maxc + 200)) ]; then
    echo "loadtest: open-file limit $nofile is below $((maxc + 200)); rows above $((nofile - 200)) connections skipped"
fi

W=$(mktemp -d /tmp/aegis-loadtest-XXXXXX)
chmod 711 "$W"
RPID=""
PG_AS=""; PGBIN=""; PGDATA_DIR=""
pg_stop() {
    [ -n "$PGDATA_DIR" ] && $PG_AS "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1
    PGDATA_DIR=""
}
cleanup() {
    [ -n "$RPID" ] && kill -9 "$RPID" 2>/dev/null
    pg_stop
    rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Pre-sealed envelopes carry their seal time: the relay's skew window is
# widened so that they stay acceptable for the whole run.
export AEGIS_MAX_CLOCK_SKEW_SECONDS=86400 AEGIS_LOG=error AEGIS_HOME="$W/home"
mkdir -m 700 "$W/home"

HELP=$("$RELAY" --help 2>&1)
has() { grep -q -- "$1" <<<"$HELP"; }

free_port() {
    local p
    for _ in $(seq 1 50); do
        # Below the kernel's ephemeral range (32768-60999): wrk's 10,000
        # client sockets of the previous row cannot be holding it.
        p=$((20000 + RANDOM % 12000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
    die "no free port"
}

# start_relay DB: RPID, URL (three tries on fresh ports: another job may
# take the port between the probe and the bind)
start_relay() {
    local try
    for try in 1 2 3; do
        start_relay_once "$1" && return 0
    done
    return 1
}
start_relay_once() {
    local port; port=$(free_port)
    local args=(--db "$1")
    if has --listen; then args+=(--listen "127.0.0.1:$port"); else args+=(--port "$port"); fi
    has --metrics-listen && args+=(--metrics-listen "127.0.0.1:$(free_port)")
    # Every request comes from 127.0.0.1: the per-IP connection limit and the
    # rate limits (v2) would measure themselves, not the relay. Lifted here.
    has --per-ip && args+=(--per-ip $((maxc + 1000)))
    has --max-connections && args+=(--max-connections $((maxc + 1000)))
    has --rate-scale && args+=(--rate-scale 0)
    # shellcheck disable=SC2206
    args+=(${LOADTEST_RELAY_ARGS:-})
    "$RELAY" "${args[@]}" 2>>"$W/relay.log" &
    RPID=$!
    URL="http://127.0.0.1:$port"
    # Up to 30 s: with PostgreSQL every worker opens its connection first.
    for _ in $(seq 1 300); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$URL/api/users/x/bundle" 2>/dev/null)
        [ "$code" != 000 ] && [ -n "$code" ] && return 0
        kill -0 "$RPID" 2>/dev/null || break
        sleep 0.1
    done
    echo "loadtest: relay did not come up on $URL with --db $1:" >&2
    tail -3 "$W/relay.log" >&2
    stop_relay
    return 1
}

stop_relay() {
    [ -n "$RPID" ] || return
    kill -TERM "$RPID" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$RPID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$RPID" 2>/dev/null
    wait "$RPID" 2>/dev/null
    RPID=""
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# run_wrk CONNS SECONDS FETCH_SHARE -> the LT line of mix.lua
run_wrk() {
    local t=$THREADS
    [ "$1" -lt "$t" ] && t=$1
    LT_DIR=$W LT_FETCH=$3 LT_THREADS=$t timeout $(($2 + 60)) \
        wrk -t"$t" -c"$1" -d"$2"s --timeout 10s -s bench/loadtest/mix.lua "$URL" 2>&1 | grep '^LT ' | tail -1
}
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$2"; }

share() { case $1 in a) echo 0.8 ;; b) echo 1 ;; c) echo 0 ;; esac; }

# ---- inputs -----------------------------------------------------------------
echo "loadtest: sealing $NENV upload envelopes + mailboxes for $NFETCH users (once)"
VERIFY_US=$(nice -n 5 "$SEED" gen "$W" "$NFETCH" "$NRCPT" "$NENV" 2 2 | sed -n 's/^verify_us //p') || die "loadseed gen failed"
cat "$W"/uploads.[0-9]* >"$W/uploads.txt" && rm -f "$W"/uploads.[0-9]*

# prepare_db BACKEND NAME -> DB (a fresh copy of the seeded database)
prepare_db() {
    if [ "$1" = sqlite ]; then
        DB=$W/$2.db
        rm -f "$DB" "$DB-wal" "$DB-shm"
        cp "$W/seed.db" "$DB"
        [ -f "$W/seed.db-wal" ] && cp "$W/seed.db-wal" "$DB-wal"
    else
        "$PGBIN/dropdb" -h 127.0.0.1 -p "$PGPORT" -U aegis --if-exists "$2" >/dev/null 2>&1
        "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U aegis -T seed "$2" || die "createdb $2"
        DB="postgresql://aegis@127.0.0.1:$PGPORT/$2"
    fi
}

seed_backend() {
    if [ "$1" = sqlite ]; then
        DB=$W/seed.db
    else
        "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U aegis seed || die "createdb seed"
        DB="postgresql://aegis@127.0.0.1:$PGPORT/seed"
    fi
    start_relay "$DB" || return 1
    nice -n 5 "$SEED" register "$URL" "$W" || { stop_relay; echo "loadtest: loadseed register failed ($1)" >&2; return 1; }
    stop_relay
}

pg_start() {
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -x "$PGBIN/initdb" ] || { echo "loadtest: PostgreSQL binaries not found; PostgreSQL rows skipped"; return 1; }
    mkdir -p "$W/pg"
    if [ "$(id -u)" = 0 ]; then
        local u=postgres
        id "$u" >/dev/null 2>&1 || u=nobody
        chown "$u" "$W/pg"
        PG_AS="runuser -u $u --"
    fi
    PGPORT=$(free_port)
    $PG_AS "$PGBIN/initdb" -D "$W/pg/data" -A trust -U aegis >/dev/null || { echo "loadtest: initdb failed"; return 1; }
    PGDATA_DIR=$W/pg/data
    $PG_AS "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$W/pg/log" -w \
        -o "-p $PGPORT -k $W/pg -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null ||
        { echo "loadtest: PostgreSQL did not start"; PGDATA_DIR=""; return 1; }
}

# ---- measured costs -----------------------------------------------------------
# cost MIX -> relay CPU microseconds per request, one connection.
cost() {
    prepare_db sqlite cost
    start_relay "$DB" || die "relay failed"
    "$SEED" login "$URL" "$W" || die "login failed"
    local c0 c1 out req
    c0=$(cpu_ticks "$RPID")
    out=$(run_wrk 1 "$COST_SECS" "$(share "$1")")
    c1=$(cpu_ticks "$RPID")
    stop_relay
    req=$(field requests "$out")
    [ -n "$req" ] && [ "$req" -gt 0 ] || { echo 0; return; }
    awk -v d=$((c1 - c0)) -v hz="$HZ" -v n="$req" 'BEGIN { printf "%.0f", d / hz * 1e6 / n }'
}

printf '%-10s %-4s %6s %9s %8s %8s %8s %8s %7s %7s %7s %7s %7s %5s %7s\n' \
    backend mix conns req/s p50_ms p90_ms p99_ms max_ms non2xx dup409 sockerr timeout rss_MB cpu% bound% >"$W/table"

# row BACKEND MIX CONNS [QUEUE] -> one table line (also kept as LAST_RPS)
row() {
    local backend=$1 mix=$2 conns=$3 f; f=$(share "$mix")
    if [ "$nofile" != unlimited ] && [ "$conns" -gt $((nofile - 200)) ]; then
        printf '%-10s %-3s %6s  skipped: open-file limit %s\n' "$backend" "$mix" "$conns" "$nofile" >>"$W/table"
        return
    fi
    prepare_db "$backend" row
    [ -n "${4:-}" ] && { seed_queue "$DB" "$4" || return; }
    # Written back before the row: the queued row's 600 MB of dirty pages
    # would otherwise be flushed during it, and every commit's fsync waits.
    [ "$backend" = sqlite ] && sync "$DB"* 2>/dev/null
    if ! start_relay "$DB" || ! "$SEED" login "$URL" "$W"; then
        stop_relay
        printf '%-10s %-3s %6s  relay did not start or refused the logins\n' "$backend" "$mix" "$conns" >>"$W/table"
        return
    fi
    run_wrk 100 "$WARM" 1 >/dev/null
    local c0 t0 c1 t1 out
    c0=$(cpu_ticks "$RPID"); t0=$(date +%s.%N)
    out=$(run_wrk "$conns" "$SECS" "$f")
    c1=$(cpu_ticks "$RPID"); t1=$(date +%s.%N)
    local hwm; hwm=$(hwm_kb "$RPID")
    stop_relay
    if [ -z "$out" ]; then
        printf '%-10s %-3s %6s  wrk produced no result\n' "$backend" "$mix" "$conns" >>"$W/table"
        return
    fi
    local cf=$COST_FETCH cu=$COST_UPLOAD
    awk -v b="$backend" -v m="$mix${4:+/q}" -v c="$conns" -v n="$(field requests "$out")" -v d="$(field duration_us "$out")" \
        -v p50="$(field p50 "$out")" -v p90="$(field p90 "$out")" -v p99="$(field p99 "$out")" -v mx="$(field max "$out")" \
        -v st="$(field status "$out")" -v ce="$(field connect "$out")" -v re="$(field read "$out")" \
        -v we="$(field write "$out")" -v to="$(field timeout "$out")" -v dup="$(field dup "$out")" -v hwm="$hwm" -v dc=$((c1 - c0)) -v hz="$HZ" \
        -v t0="$t0" -v t1="$t1" -v f="$f" -v cf="$cf" -v cu="$cu" -v ncpu="$NCPU" 'BEGIN {
            rps = n / (d / 1e6); cpu = dc / hz / (t1 - t0) * 100
            per = f * cf + (1 - f) * cu; bound = per > 0 ? ncpu * 1e6 / per : 0
            printf "%-10s %-4s %6d %9.0f %8.1f %8.1f %8.1f %8.1f %7d %7d %7d %7d %7.1f %5.0f %6.0f%%\n",
                b, m, c, rps, p50 / 1000, p90 / 1000, p99 / 1000, mx / 1000, st - dup, dup, ce + re + we, to, hwm / 1024, cpu,
                (bound > 0 ? rps / bound * 100 : 0) }' >>"$W/table"
    LAST_RPS=$(awk -v n="$(field requests "$out")" -v d="$(field duration_us "$out")" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
}

# seed_queue DB N: N envelopes queued for lr0 before the row starts.
seed_queue() {
    if [[ $1 != postgresql://* ]] && command -v sqlite3 >/dev/null &&
        [ "$(sqlite3 "$1" "SELECT count(*) FROM pragma_table_info('messages') WHERE name IN
            ('recipient','sender_ik','msg_id','env','received_ms','sender_id')" 2>/dev/null)" = 6 ]; then
        # Straight into the v1 schema: copies of one stored envelope under
        # fresh msg_ids (the relay does not re-verify what it stores).
        sqlite3 "$1" "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $2)
            INSERT INTO messages(recipient, sender_ik, msg_id, env, received_ms, sender_id)
            SELECT 'lr0', s.sender_ik, randomblob(16), s.env, s.received_ms, s.sender_id
            FROM c, (SELECT * FROM messages LIMIT 1) s;" || return 1
        QUEUE_HOW="$2 envelopes inserted into the relay's SQLite messages table"
    else
        # Unknown schema: through the API, with envelopes from the end of the
        # upload set (bounded by it; the row's uploads start at the front).
        local n=$2
        [ "$n" -gt $((NENV / 2)) ] && n=$((NENV / 2))
        tail -n "$n" "$W/uploads.txt" >"$W/sink.txt"
        start_relay "$1" || return 1
        local got; got=$(SINK_FILE=sink.txt "$SEED" sink "$URL" "$W" "$n")
        stop_relay
        QUEUE_HOW="${got:-0} envelopes uploaded through the API (of $2 asked; bounded by LOADTEST_ENVELOPES/2)"
    fi
}

# ---- run ------------------------------------------------------------------
todo=""
for b in $BACKENDS; do
    case $b in
        sqlite) todo="$todo sqlite" ;;
        postgresql)
            if ! grep -qi 'postgres' <<<"$HELP"; then
                echo "loadtest: this aegis-relay has no --db postgresql://... (v1); PostgreSQL rows skipped"
            elif pg_start; then
                todo="$todo postgresql"
            fi ;;
    esac
done
# SQLite is always seeded: the cost runs use it.
seed_backend sqlite || die "cannot seed the SQLite relay"
ok=""
for b in $todo; do
    if [ "$b" = sqlite ] || seed_backend "$b"; then ok="$ok $b"
    else echo "loadtest: the $b backend is not usable; its rows are skipped"; fi
done
todo=$ok

COST_FETCH=$(cost b)
COST_UPLOAD=$(cost c)
echo "loadtest: relay CPU per request (1 connection, $COST_SECS s): fetch $COST_FETCH us, upload $COST_UPLOAD us;" \
     "library upload verification (parse + ML-DSA-65 + Falcon-512): $VERIFY_US us"
for m in a b c; do
    f=$(share "$m")
    awk -v f="$f" -v cf="$COST_FETCH" -v cu="$COST_UPLOAD" -v n="$NCPU" -v m="$m" 'BEGIN {
        per = f * cf + (1 - f) * cu
        if (per > 0) printf "loadtest: CPU bound of mix %s on %d cores: %.0f req/s\n", m, n, n * 1e6 / per }'
done

EMPTY_RPS=""
for b in $todo; do
    for m in $MIXES; do
        for c in $CONNS; do
            LAST_RPS=""
            row "$b" "$m" "$c"
            [ "$b" = sqlite ] && [ "$m" = a ] && [ "$c" = 100 ] && EMPTY_RPS=$LAST_RPS
        done
    done
done

# Queue-depth sweep (SQLite): mix (a), 100 connections, 0 vs QUEUED queued.
if [[ " $todo " == *" sqlite "* ]] && [ "$QUEUED" -gt 0 ]; then
    if [ -z "$EMPTY_RPS" ]; then LAST_RPS=""; row sqlite a 100; EMPTY_RPS=$LAST_RPS; fi
    QUEUE_HOW=""
    LAST_RPS=""
    row sqlite a 100 "$QUEUED"
    SWEEP="queue-depth sweep (sqlite, mix a, 100 connections): ${EMPTY_RPS:-?} req/s empty, ${LAST_RPS:-?} req/s with $QUEUE_HOW"
    [ -n "$EMPTY_RPS" ] && [ -n "$LAST_RPS" ] && [ "$EMPTY_RPS" -gt 0 ] &&
        SWEEP="$SWEEP ($(awk -v a="$LAST_RPS" -v e="$EMPTY_RPS" 'BEGIN { printf "%.0f%%", a / e * 100 }') of empty)"
fi

echo
echo "aegis-relay load test: $NCPU cores shared with wrk (-t$THREADS), loopback, ${SECS} s per row after ${WARM} s warm-up"
echo "mixes: a = 80% mailbox fetch / 20% verified upload, b = fetch only, c = upload only; a/q = a with a queue"
cat "$W/table"
[ -n "${SWEEP:-}" ] && echo "$SWEEP"
echo "brief: 100 users 85 ms / 1,176 ops/s; 1,000 users 120 ms / 8,333 ops/s; 10,000 users 180 ms / 55,556 ops/s"
echo "non2xx: answers other than 2xx and 409; dup409: uploads repeated after all $NENV distinct envelopes"
echo "(LOADTEST_ENVELOPES) were used, which a relay may refuse cheaply; bound%: req/s over the mix's CPU bound"
