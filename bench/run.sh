#!/usr/bin/env bash
# make bench: build bench/bench_*.c and the libraries with $CC (default cc) at
# -O2 (no -march), then for every operation print the median cycles, the peak
# stack of one call, and the callgrind instruction count of one call.
#   CC=clang make bench      the same with clang-built libraries
# Each row shows the portable build and the BACKEND=x86_64 build side by side
# (BENCH_BUILDS=portable for one column, BENCH_ONLY=mlkem for one program).
set -euo pipefail
cd "$(dirname "$0")/.."
CC=${CC:-cc}
tag=$(basename "$CC")
LB=${B:-build}/bench/$tag
mkdir -p "$LB"
# Two builds side by side: the portable C and BACKEND=x86_64 (DIR/x86_64/*.c,
# -mavx2 -mbmi2 -mpopcnt -maes -mpclmul); the bench programs are the same C.
BUILDS=${BENCH_BUILDS:-"portable x86_64"}
ONLY=${BENCH_ONLY:-}
# build_bench NAME BUILD -> path of the bench binary linked against that build
build_bench() {
    local name=$1 be=$2 lb="$LB" beopt=""
    if [ "$be" = x86_64 ]; then lb="$LB-x86_64"; beopt="BACKEND=x86_64"; fi
    mkdir -p "$lb"
    make --no-print-directory B="$lb" CC="$CC" $beopt libs >/dev/null
    local libs="" katlib="" syslibs="-pthread"
    for d in msg fndsa mldsa mlkem aes sha3; do [ -f "$lb/lib$d.a" ] && libs="$libs $lb/lib$d.a"; done
    # kat/drbg.c as an archive member: it supplies randombytes only to a bench
    # that does not define its own.
    if [ -f kat/drbg.c ]; then
        $CC -std=c11 -O2 -DAEGIS_NO_DEPRECATED -c kat/drbg.c -o "$lb/drbg.o"
        rm -f "$lb/libkat.a"; ar rcs "$lb/libkat.a" "$lb/drbg.o"
        katlib="$lb/libkat.a"
    fi
    [ -f "$lb/libmsg.a" ] && syslibs="$syslibs -lsqlite3 -ljansson"
    $CC -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -DAEGIS_NO_DEPRECATED -Wall -Wextra "bench/$name.c" \
        -Wl,--start-group $libs $katlib -Wl,--end-group $syslibs -o "$lb/$name"
    echo "$lb/$name"
}
callgrind_count() { # binary op -> instructions of one call
    local out="$1.cg.$2"
    valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$out" \
        "$1" --callgrind "$2" >/dev/null 2>&1
    grep -E '^(summary|totals):' "$out" | head -1 | awk '{print $2}'
}
for f in bench/bench_*.c; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .c)
    [ -n "$ONLY" ] && [ "$name" != "bench_$ONLY" ] && continue
    bins=""
    for be in $BUILDS; do bins="$bins $(build_bench "$name" "$be")"; done
    first=${bins# }; first=${first%% *}
    echo "== $name ($CC -O2): median cycles, peak stack, callgrind instructions (one call); builds: $BUILDS"
    for bin in $bins; do "$bin" > "$bin.cycles"; "$bin" --stack > "$bin.stack"; done
    hdr=$(printf '%-26s' "operation")
    for be in $BUILDS; do hdr="$hdr$(printf ' | %-9s %12s %10s %14s' "$be" "cycles" "stack" "instructions")"; done
    echo "$hdr"
    for op in $("$first" --list); do
        line=$(printf '%-26s' "$op")
        for bin in $bins; do
            cyc=$(awk -v o="$op" '$1 == o {print $3}' "$bin.cycles")
            stk=$(awk -v o="$op" '$1 == o {print $4}' "$bin.stack")
            ins=$(callgrind_count "$bin" "$op")
            line="$line$(printf ' | %-9s %12s %10s %14s' "" "$cyc" "$stk" "$ins")"
        done
        echo "$line"
    done
done
