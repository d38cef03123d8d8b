#!/usr/bin/env bash
# make bench: build bench/bench_*.c at -O2 (no -march), print median cycles,
# then the callgrind instruction count of one call of every operation.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}/bench
CC=${CC:-cc}
mkdir -p "$B"
make --no-print-directory libs kat >/dev/null
LIBS=""
for d in msg fndsa mldsa mlkem aes sha3; do [ -f build/lib$d.a ] && LIBS="$LIBS build/lib$d.a"; done
KATOBJ=""; [ -f kat/drbg.c ] && KATOBJ="kat/drbg.c"
EXTRA=""; [ -f bench/extra.flags ] && EXTRA=$(cat bench/extra.flags)
for f in bench/bench_*.c; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .c)
    xf=""; [ -f "bench/$name.flags" ] && xf=$(cat "bench/$name.flags")
    $CC -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -Wall -Wextra "$f" $KATOBJ $LIBS $EXTRA $xf -pthread -o "$B/$name"
    echo "== $name ($CC -O2): median cycles"
    "$B/$name"
    echo "== $name: peak stack, one call"
    "$B/$name" --stack
    echo "== $name: callgrind instructions, one call"
    for op in $("$B/$name" --list); do
        out="$B/cg.$name.$op"
        valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$out" \
            "$B/$name" --callgrind "$op" >/dev/null 2>&1
        n=$(grep -E '^(summary|totals):' "$out" | head -1 | awk '{print $2}')
        printf '%-28s %14s instructions\n' "$op" "$n"
    done
done
