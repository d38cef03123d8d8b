#!/usr/bin/env bash
# Drop-in builds, linked: each crypto directory compiled the way its README
# says (all sources into one directory, as a user's `cc -c` does), then linked
# into main_DIR.c (the public API, a randombytes stub) and run. Both the
# no-flag build `cc -c DIR/*.c sha3/*.c` and the fast path
# `cc -O2 -mavx2 -mbmi2 -mpopcnt -maes -mpclmul -c DIR/*.c DIR/x86_64/*.c
# sha3/*.c sha3/x86_64/*.c`. Two sources with one basename (DIR/x86_64/ntt.c
# beside DIR/ntt.c) would overwrite each other's .o: checked first, and the
# link would fail anyway (mldsa had this). Each program's text size is
# printed (`size`).
#
# Then the verify-only Falcon program (main_fndsa_verify.c): built from
# exactly the files fndsa/README.md ("Verify-only embedding") names, with no
# randombytes, it must link and run, and `nm` must find none of the
# signer's or key generation's symbols in it (the list is printed).
set -euo pipefail
cd "$(dirname "$0")/../.."
R=$PWD; CC=${CC:-cc}; rc=0
FAST="-O2 -mavx2 -mbmi2 -mpopcnt -maes -mpclmul"
text_size() { size "$1" | awk 'NR == 2 {print $1}'; }
for set in "sha3" "aes" "mlkem sha3" "mldsa sha3" "fndsa sha3"; do
    first=${set%% *}
    for mode in plain fast; do
        srcs=""; fl=""
        for x in $set; do
            srcs="$srcs $(ls $R/$x/*.c)"
            if [ $mode = fast ]; then srcs="$srcs $(ls $R/$x/x86_64/*.c 2>/dev/null || true)"; fi
        done
        [ $mode = fast ] && fl=$FAST
        dup=$(for s in $srcs; do basename "$s"; done | sort | uniq -d)
        if [ -n "$dup" ]; then echo "FAIL $first $mode: sources share a basename: $dup"; rc=1; continue; fi
        d=$(mktemp -d)
        if (cd "$d" && $CC $fl -c $srcs && $CC $fl -I"$R/$first" -o t "$R/tests/dropin/main_$first.c" ./*.o && ./t >/dev/null); then
            echo "ok   $first $mode: compiled, linked and ran ($(echo $srcs | wc -w) sources, text $(text_size "$d/t") bytes)"
        else
            echo "FAIL $first $mode"; rc=1
        fi
        rm -rf "$d"
    done
done

# Verify-only Falcon: the files of fndsa/README.md "Verify-only embedding".
VERIFY_FILES="codec.c hash.c modq.c verify.c"
VERIFY_FAST_FILES="x86_64/ntt_avx2.c"
# Symbols of signing and key generation (extern names of sign.c, sampler.c,
# fft.c, fpr.c, keys.c, keygen*.c and their x86_64/ replacements), and the
# randombytes hook only they call. (fndsa_avx2_ntt_inverse, keys.c's 1/f on
# AVX2, shares x86_64/ntt_avx2.c with the NTTs and comes along in the fast
# build: a few hundred bytes, no signer code.)
SIGNER_SYMS='^(fndsa512_(sign|keypair|expand_sk|expanded_key)|fndsa_(sampler|prng_|FFT|iFFT|poly_|fpr_|keygen|kg_|decode_sk|complete_private|compute_public|is_short_half)|fndsa_avx2_(FFT|iFFT|poly_|sampler|prng_|modp_|zint_|gauss_)|randombytes$)'
echo "     verify-only Falcon: files fndsa/{$(echo $VERIFY_FILES | tr ' ' ,)} + sha3/*.c (fast: + fndsa/$VERIFY_FAST_FILES, sha3/x86_64/*.c);"
echo "     no symbol may match $SIGNER_SYMS"
for mode in plain fast; do
    srcs=""; fl=""
    for f in $VERIFY_FILES; do srcs="$srcs $R/fndsa/$f"; done
    srcs="$srcs $(ls $R/sha3/*.c)"
    if [ $mode = fast ]; then
        fl=$FAST
        for f in $VERIFY_FAST_FILES; do srcs="$srcs $R/fndsa/$f"; done
        srcs="$srcs $(ls $R/sha3/x86_64/*.c)"
    fi
    d=$(mktemp -d)
    if (cd "$d" && $CC $fl -c $srcs && $CC $fl -I"$R/fndsa" -o t "$R/tests/dropin/main_fndsa_verify.c" ./*.o && ./t >/dev/null); then
        bad=$(nm "$d/t" | awk '{print $NF}' | grep -E "$SIGNER_SYMS" || true)
        if [ -n "$bad" ]; then
            echo "FAIL fndsa-verify $mode: signer symbols linked:" $bad; rc=1
        else
            echo "ok   fndsa-verify $mode: compiled, linked and ran ($(echo $srcs | wc -w) sources, text $(text_size "$d/t") bytes), fndsa symbols: $(nm "$d/t" | awk '$2 ~ /[TtRD]/ {print $NF}' | grep -E '^fndsa' | sort | tr '\n' ' ')"
        fi
    else
        echo "FAIL fndsa-verify $mode: did not compile, link or run"; rc=1
    fi
    rm -rf "$d"
done
exit $rc
