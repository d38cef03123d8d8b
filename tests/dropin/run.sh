#!/usr/bin/env bash
# Drop-in builds, linked: each crypto directory compiled the way its README
# says (all sources into one directory, as a user's `cc -c` does), then linked
# into main_DIR.c (the public API, a randombytes stub) and run. Both the
# no-flag build `cc -c DIR/*.c sha3/*.c` and the fast path
# `cc -O2 -mavx2 -mbmi2 -mpopcnt -maes -mpclmul -c DIR/*.c DIR/x86_64/*.c
# sha3/*.c sha3/x86_64/*.c`. Two sources with one basename (DIR/x86_64/ntt.c
# beside DIR/ntt.c) would overwrite each other's .o: checked first, and the
# link would fail anyway (mldsa had this).
set -euo pipefail
cd "$(dirname "$0")/../.."
R=$PWD; CC=${CC:-cc}; rc=0
for set in "sha3" "aes" "mlkem sha3" "mldsa sha3" "fndsa sha3"; do
    first=${set%% *}
    for mode in plain fast; do
        srcs=""; fl=""
        for x in $set; do
            srcs="$srcs $(ls $R/$x/*.c)"
            if [ $mode = fast ]; then srcs="$srcs $(ls $R/$x/x86_64/*.c 2>/dev/null || true)"; fi
        done
        [ $mode = fast ] && fl="-O2 -mavx2 -mbmi2 -mpopcnt -maes -mpclmul"
        dup=$(for s in $srcs; do basename "$s"; done | sort | uniq -d)
        if [ -n "$dup" ]; then echo "FAIL $first $mode: sources share a basename: $dup"; rc=1; continue; fi
        d=$(mktemp -d)
        if (cd "$d" && $CC $fl -c $srcs && $CC $fl -DAEGIS_NO_DEPRECATED -I"$R/$first" -o t "$R/tests/dropin/main_$first.c" ./*.o && ./t >/dev/null); then
            echo "ok   $first $mode: compiled, linked and ran ($(echo $srcs | wc -w) sources)"
        else
            echo "FAIL $first $mode"; rc=1
        fi
        rm -rf "$d"
    done
done
exit $rc
