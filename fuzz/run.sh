#!/usr/bin/env bash
# make fuzz: build every fuzz/fz_*.c with libFuzzer + ASan + UBSan (clang) against
# all crypto sources and kat/drbg.c, then run each for FUZZ_SECONDS (default 30),
# seeded from fuzz/corpus/<target>/ when it exists.
# FUZZ_REPLAY=1: only replay the committed corpus (no new inputs; seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}/fuzz
SECS=${FUZZ_SECONDS:-30}
mkdir -p "$B"
SRCS=""
for d in sha3 aes mlkem mldsa fndsa; do
    ls $d/*.c >/dev/null 2>&1 && SRCS="$SRCS $(ls $d/*.c)"
done
[ -f kat/drbg.c ] && SRCS="$SRCS kat/drbg.c"
FLAGS="-std=c11 -DAEGIS_NO_DEPRECATED -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
# The crypto sources are compiled once (instrumented, without libFuzzer's
# main) into an archive every target links; kat/drbg.c is a member, so it
# supplies randombytes only to targets that do not define their own.
mkdir -p "$B/obj"
OBJS=""
for src in $SRCS; do
    obj="$B/obj/$(echo "$src" | tr / _).o"
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ]; then
        clang ${FLAGS/fuzzer,/fuzzer-no-link,} -c "$src" -o "$obj"
    fi
    OBJS="$OBJS $obj"
done
rm -f "$B/libfuzzcrypto.a"
ar rcs "$B/libfuzzcrypto.a" $OBJS
fail=0
for f in fuzz/fz_*.c; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .c)
    extra=""
    [ -f "fuzz/$name.flags" ] && extra=$(cat "fuzz/$name.flags")
    clang $FLAGS "$f" "$B/libfuzzcrypto.a" $extra -o "$B/$name"
    corpus="fuzz/corpus/$name"
    work="$B/corpus-$name"
    mkdir -p "$work"
    if [ "${FUZZ_REPLAY:-0}" = 1 ]; then
        if [ ! -d "$corpus" ]; then
            echo "--   $name (no committed corpus)"
        elif "$B/$name" -runs=0 "$corpus" >"$B/$name.log" 2>&1; then
            echo "ok   $name (corpus replay: $(ls "$corpus" | wc -l) inputs)"
        else
            echo "FAIL $name (see $B/$name.log)"; tail -30 "$B/$name.log"; fail=1
        fi
        continue
    fi
    seeds=""; [ -d "$corpus" ] && seeds="$corpus"
    if "$B/$name" -max_total_time="$SECS" -rss_limit_mb=2048 -artifact_prefix="$B/$name-" \
        "$work" $seeds >"$B/$name.log" 2>&1; then
        echo "ok   $name ($(grep -Eo 'Done [0-9]+ runs' "$B/$name.log" | tail -1) in ${SECS}s)"
    else
        echo "FAIL $name (see $B/$name.log)"; tail -30 "$B/$name.log"; fail=1
    fi
done
exit $fail
