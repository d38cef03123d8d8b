#!/usr/bin/env bash
# make bench: build bench/bench_*.c and the libraries with $CC (default cc) at
# -O2 (no -march), then for every operation print the median cycles, the peak
# stack of one call, and the callgrind instruction count of one call.
#   CC=clang make bench      the same with clang-built libraries
#   BACKEND=x86_64 bash bench/run.sh   the same with the x86-64 backends
set -euo pipefail
cd "$(dirname "$0")/.."
CC=${CC:-cc}
tag=$(basename "$CC")
# BACKEND=x86_64: the libraries with the x86-64 backends (make BACKEND=x86_64).
BE=${BACKEND:-}
LB=${B:-build}/bench/$tag${BE:+-$BE}
mkdir -p "$LB"
make --no-print-directory B="$LB" CC="$CC" BACKEND="$BE" libs >/dev/null
LIBS=""
for d in msg fndsa mldsa mlkem aes sha3; do [ -f "$LB/lib$d.a" ] && LIBS="$LIBS $LB/lib$d.a"; done
# kat/drbg.c as an archive member: it supplies randombytes only to a bench
# that does not define its own.
KATLIB=""
if [ -f kat/drbg.c ]; then
    $CC -std=c11 -O2 -c kat/drbg.c -o "$LB/drbg.o"
    rm -f "$LB/libkat.a"; ar rcs "$LB/libkat.a" "$LB/drbg.o"
    KATLIB="$LB/libkat.a"
fi
SYSLIBS="-pthread"
[ -f "$LB/libmsg.a" ] && SYSLIBS="$SYSLIBS -lsqlite3 -ljansson"
ONLY=${BENCH_ONLY:-}
for f in bench/bench_*.c; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .c)
    [ -n "$ONLY" ] && [ "$name" != "bench_$ONLY" ] && continue
    $CC -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -Wall -Wextra "$f" \
        -Wl,--start-group $LIBS $KATLIB -Wl,--end-group $SYSLIBS -o "$LB/$name"
    echo "== $name ($CC -O2${BE:+, BACKEND=$BE}): median cycles"
    "$LB/$name"
    echo "== $name: peak stack, one call"
    "$LB/$name" --stack
    echo "== $name: callgrind instructions, one call"
    for op in $("$LB/$name" --list); do
        out="$LB/cg.$name.$op"
        valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$out" \
            "$LB/$name" --callgrind "$op" >/dev/null 2>&1
        n=$(grep -E '^(summary|totals):' "$out" | head -1 | awk '{print $2}')
        printf '%-28s %14s instructions\n' "$op" "$n"
    done
done
