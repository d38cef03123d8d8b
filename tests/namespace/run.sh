#!/usr/bin/env bash
# The per-directory settings (DIR/DIR_config.h: DIR_NAMESPACE, DIR_RANDOMBYTES,
# DIR_FIPS202_HEADER, DIR_CONFIG_FILE), checked by building with them. Each
# step runs on the portable build and, where the compiler targets x86-64,
# on the x86_64 backend (DIR/x86_64/*.c with the backend flags); programs of
# the backend build run only on a CPU with those extensions.
#  1. prefix: every crypto directory built with the prefix aegis_ (and the
#     hook aegis_randombytes) under the house warnings; nm: every global
#     symbol it defines starts with aegis_, and no reference to one of our
#     unprefixed names (or to randombytes) is left;
#  2. two copies: mlkem/ with a_ and b_ (hooks rng_a, rng_b), and a third
#     from tests/namespace/custom_config.h through -DMLKEM_CONFIG_FILE, beside
#     one sha3/, in one program (main_two_mlkem.c): each gives the CCTV digest
#     and calls only its own hook;
#  3. PQClean beside us: the prefixed objects of step 1 linked with
#     pqclean_stub.c (randombytes, shake128, shake256, sha3_256, sha3_512 of
#     "another library"), main_beside.c: known answers, no call lands in the
#     stubs, the stubs answer their own calls; without prefixes the link fails;
#  4. bring your own FIPS 202: mlkem/, mldsa/, fndsa/ copied where no sha3/
#     is beside them, built with DIR_FIPS202_HEADER naming a header of the
#     test's own (sha3/ under the prefix byo_), linked and run (portable only:
#     the x86_64 backend uses sha3/x86_64/ as well);
#  5. the generated lists are current: tests/namespace/gen.sh --check (the
#     DIR_namespace.h files and the READMEs' FIPS 202 lines, from nm).
# CC as usual (default cc). About a minute and a half.
set -euo pipefail
cd "$(dirname "$0")/../.."
R=$PWD
T=$R/tests/namespace
CC=${CC:-cc}
WARN="-std=c11 -O2 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wvla"
BEFLAGS="-mavx2 -mbmi2 -mpopcnt -maes -mpclmul"
DIRS="sha3 aes mlkem mldsa fndsa"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
ok()  { echo "ok   $*"; }
bad() { echo "FAIL $*"; rc=1; }
upper() { echo "$1" | tr a-z A-Z; }

modes="portable"
case "$($CC -dM -E -x c /dev/null)" in *__x86_64__*) modes="portable x86_64" ;; esac
cpu_ok=1
for f in avx2 bmi2 popcnt aes pclmulqdq; do grep -qw $f /proc/cpuinfo 2>/dev/null || cpu_ok=0; done
# can_run MODE: the programs of that build run here
can_run() { [ "$1" = portable ] || [ $cpu_ok = 1 ]; }

# compile OUT MODE DIR [flags...]: DIR/*.c (and DIR/x86_64/*.c) into OUT/*.o
compile() {
    local out=$1 mode=$2 d=$3 srcs fl=""
    shift 3
    srcs=$(ls "$R/$d"/*.c)
    if [ "$mode" = x86_64 ]; then
        srcs="$srcs $(ls "$R/$d"/x86_64/*.c 2>/dev/null || true)"
        fl=$BEFLAGS
    fi
    mkdir -p "$out"
    (cd "$out" && $CC $WARN $fl "$@" -c $srcs)
}
beflags() { [ "$1" = x86_64 ] && echo "$BEFLAGS" || true; }

# Our unprefixed names: every symbol the generated lists hold.
ours=$(cat $(for d in $DIRS; do echo "$d/${d}_namespace.h"; done) \
       | sed -n 's/^#define \([a-z_][A-Za-z0-9_]*\) [A-Z0-9]*_NS(.*/\1/p' | sort -u)

# ---- 1. every symbol prefixed --------------------------------------------
ALLNS=""
for d in $DIRS; do ALLNS="$ALLNS -D$(upper $d)_NAMESPACE=aegis_"; done
HOOKS="-DMLKEM_RANDOMBYTES=aegis_randombytes -DMLDSA_RANDOMBYTES=aegis_randombytes -DFNDSA_RANDOMBYTES=aegis_randombytes"
for mode in $modes; do
    for d in $DIRS; do
        o=$tmp/ns/$mode/$d
        if ! compile "$o" $mode $d $ALLNS $HOOKS; then bad "$d ($mode): does not build with the prefix"; continue; fi
        def=$(nm -g --defined-only "$o"/*.o | awk 'NF == 3 { print $3 }' | grep -v '^__x86\.get_pc_thunk\.' | sort -u)
        off=$(echo "$def" | grep -v '^aegis_' || true)
        und=$(nm -u "$o"/*.o | awk '{ print $2 }' | sort -u)
        left=$(comm -12 <(echo "$und") <(printf '%s\nrandombytes\n' "$ours" | sort -u) || true)
        if [ -n "$off" ]; then
            bad "$d ($mode): defined without the prefix (run tests/namespace/gen.sh?):" $off
        elif [ -n "$left" ]; then
            bad "$d ($mode): references unprefixed (a file reads a declaration before ${d}_config.h?):" $left
        else
            ok "$d ($mode): all $(echo "$def" | wc -l) global symbols carry aegis_, every reference too"
        fi
    done
done

# ---- 2. two namespaced copies of mlkem/ (and one from a config file) -----
for mode in $modes; do
    o=$tmp/two/$mode
    fl=$(beflags $mode)
    good=1
    compile "$o/sha3" $mode sha3 || good=0
    # copy NAME FLAGS...: mlkem/ and mlkem_copy.c (entry run_NAME) with FLAGS
    copy() {
        local c=$1; shift
        compile "$o/mlkem_$c" $mode mlkem "$@" \
            && $CC $WARN $fl "$@" -DCOPY_RUN=run_$c -c "$T/mlkem_copy.c" -o "$o/copy_$c.o"
    }
    copy a -DMLKEM_NAMESPACE=a_ -DMLKEM_RANDOMBYTES=rng_a || good=0
    copy b -DMLKEM_NAMESPACE=b_ -DMLKEM_RANDOMBYTES=rng_b || good=0
    copy c "-DMLKEM_CONFIG_FILE=\"$T/custom_config.h\"" || good=0
    if [ $good = 1 ] && $CC $WARN $fl -o "$o/two" "$T/main_two_mlkem.c" "$o"/copy_*.o \
            "$o"/mlkem_a/*.o "$o"/mlkem_b/*.o "$o"/mlkem_c/*.o "$o"/sha3/*.o; then
        cdef=$(nm -g --defined-only "$o"/mlkem_c/*.o | awk 'NF == 3 { print $3 }' | grep -v '^cfg_' || true)
        cund=$(nm -u "$o"/mlkem_c/*.o | awk '{ print $2 }' | grep -x 'cfg_randombytes\|randombytes' | sort -u | paste -sd' ')
        if [ -n "$cdef" ] || [ "$cund" != cfg_randombytes ]; then
            bad "mlkem ($mode) from MLKEM_CONFIG_FILE: not prefixed cfg_: $cdef; hook: $cund"
        fi
        if ! can_run $mode; then
            ok "two copies ($mode): linked (not run: this CPU lacks the backend's extensions)"
        elif out=$("$o/two"); then
            ok "two copies ($mode): $out"
        else
            bad "two copies ($mode): $out"
        fi
    else
        bad "two copies ($mode): build or link"
    fi
done

# ---- 3. PQClean beside us ------------------------------------------------
for mode in $modes; do
    o=$tmp/ns/$mode
    fl=$(beflags $mode)
    $CC $WARN -c "$T/pqclean_stub.c" -o "$tmp/pqclean_stub.o"
    if $CC $WARN $fl $ALLNS $HOOKS -o "$o/beside" "$T/main_beside.c" "$tmp/pqclean_stub.o" "$o"/*/*.o; then
        both=$(nm "$o/beside" | awk '$2 == "T" { print $3 }' | grep -cx 'shake128\|aegis_shake128\|sha3_256\|aegis_sha3_256\|randombytes\|aegis_randombytes' || true)
        [ "$both" = 6 ] || bad "beside ($mode): the program should define both shake128, sha3_256, randombytes and their aegis_ twins ($both of 6)"
        if ! can_run $mode; then
            ok "PQClean beside us ($mode): linked (not run here)"
        elif out=$("$o/beside"); then
            ok "PQClean beside us ($mode): five directories, $(echo "$out" | grep -c '^ok') checks"
        else
            bad "PQClean beside us ($mode):"; echo "$out" | grep -v '^ok' | sed 's/^/  /'
        fi
    else
        bad "PQClean beside us ($mode): link"
    fi
done
# the control: sha3/ with its default names and the stand-ins do not link together
compile "$tmp/plain/sha3" portable sha3
if err=$($CC -o "$tmp/clash" "$R/tests/dropin/main_sha3.c" -I"$R/sha3" "$tmp/plain/sha3"/*.o "$tmp/pqclean_stub.o" 2>&1); then
    bad "control: sha3/ without a prefix linked beside the stand-ins (the test proves nothing)"
elif echo "$err" | grep -q "multiple definition of .shake128"; then
    ok "control: without the prefix the same link fails (multiple definition of shake128, ...)"
else
    bad "control: the link failed, but not on the duplicate names: $err"
fi

# ---- 4. bring your own FIPS 202 (portable) -------------------------------
mkdir -p "$tmp/byo/include"
cat > "$tmp/byo/include/my_fips202.h" <<EOF
/* An embedder's FIPS 202 header: here sha3/ itself, under the prefix byo_. */
#define SHA3_NAMESPACE byo_
#include "$R/sha3/sha3.h"
EOF
compile "$tmp/byo/sha3" portable sha3 -DSHA3_NAMESPACE=byo_
sha3_ours=$(sed -n 's/^#define \([a-z_][A-Za-z0-9_]*\) SHA3_NS(.*/\1/p' sha3/sha3_namespace.h | sort -u)
for d in mlkem mldsa fndsa; do
    U=$(upper $d)
    mkdir -p "$tmp/byo/tree"
    rm -rf "$tmp/byo/tree/$d"; cp -r "$R/$d" "$tmp/byo/tree/$d"   # no sha3/ beside it
    o=$tmp/byo/obj/$d; mkdir -p "$o"
    if (cd "$o" && $CC $WARN -I"$tmp/byo/include" "-D${U}_FIPS202_HEADER=\"my_fips202.h\"" \
            -c "$tmp/byo/tree/$d"/*.c 2>"$o/err"); then
        left=$(comm -12 <(nm -u "$o"/*.o | awk '{ print $2 }' | sort -u) <(echo "$sha3_ours") || true)
        if [ -n "$left" ]; then
            bad "$d with its own FIPS 202: still calls sha3/'s plain names:" $left
        elif $CC -o "$o/t" -I"$R/$d" "$R/tests/dropin/main_$d.c" "$o"/*.o "$tmp/byo/sha3"/*.o \
                && "$o/t" >/dev/null; then
            ok "$d with ${U}_FIPS202_HEADER (no sha3/ beside it): built, every SHA-3 call goes to byo_, ran"
        else
            bad "$d with its own FIPS 202: link or run"
        fi
    else
        bad "$d with ${U}_FIPS202_HEADER: does not build without sha3/ beside it (a file includes ../sha3/ itself?):"
        grep -m3 'error' "$o/err" | sed 's/^/  /'
    fi
done

# ---- 5. the generated lists --------------------------------------------------
if out=$(bash tests/namespace/gen.sh --check 2>&1); then
    ok "gen.sh --check: $(echo "$out" | grep -c '^ok') lists current (DIR_namespace.h, README FIPS 202 lines)"
else
    bad "gen.sh --check:"; echo "$out" | grep -v '^ok' | sed 's/^/  /'
fi

[ $rc = 0 ] && echo "namespace tests: all passed" || echo "namespace tests: FAILED"
exit $rc
