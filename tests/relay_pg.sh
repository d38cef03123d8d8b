#!/usr/bin/env bash
# tests/relay_pg.sh -- run tests/test_relay on PostgreSQL: a throwaway cluster
# in a temporary directory, run as an unprivileged user (nobody when we are
# root), listening only on a Unix socket in that directory; stopped and
# removed at the end. Only the cluster started here is stopped.
set -euo pipefail
B=${B:-build}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/initdb" ]; then
    echo "relay_pg: $PGBIN/initdb not found (make deps installs postgresql)"; exit 1
fi
dir=$(mktemp -d /tmp/aegis-pg-XXXXXX)
run=()
if [ "$(id -u)" = 0 ]; then chown nobody "$dir"; run=(runuser -u nobody --); fi
port=$(( 20000 + RANDOM % 30000 ))
stop() {
    "${run[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT
"${run[@]}" "$PGBIN/initdb" -D "$dir/data" -A trust -U aegis >/dev/null
"${run[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-k $dir -c listen_addresses= -p $port -c max_connections=200 -c shared_buffers=32MB" start >/dev/null
echo "== $B/tests/test_relay on PostgreSQL (cluster in $dir, port $port)"
AEGIS_TEST_PG="$dir $port aegis" "$B/tests/test_relay" --jobs 2
