#!/usr/bin/env bash
# make ct: the constant-time proof (../shared/docs/constant-time.md).
#
# For each compiler (gcc, clang) and level (-O0 -O2 -O3 -Os -Oz, and
# -O3 -march=x86-64-v3), then on 32-bit x86 (gcc -m32, clang -m32) at the
# levels CT_M32_OPTS lists (the supported 32-bit builds, see README.md):
#  1. compile every crypto directory with -DAEGIS_CT (the library's
#     *_CT_DECLASSIFY marks become valgrind client requests);
#  2. disassembly gate: no division or square-root instruction in those
#     objects, except files listed with a reason in tests/ct/div-allow.txt;
#  3. build each harness tests/ct/ct_*.c against them and run it under
#     valgrind memcheck with --error-exitcode=1 (secrets are marked undefined,
#     so a branch or index on them is an error);
#  4. negative control: tests/ct/control.c leaks on purpose and must be flagged.
set -euo pipefail
cd "$(dirname "$0")/../.."

B=${B:-build}/ct
# Levels are separated by spaces; a comma joins the flags of one level.
# A level the compiler does not accept (-Oz before gcc 12) is skipped.
CCS=${CT_CCS:-"gcc clang"}
OPTS=${CT_OPTS:-"-O0 -O2 -O3 -Os -Oz -O3,-march=x86-64-v3"}
# 32-bit x86 (CT_M32=0 skips it): each compiler at its own levels. Clean
# when last run in full: gcc -m32 -O2 -O3 -Os -Oz, clang -m32 -O0 -O1 -O2
# -O3 -Os. Not constant time (Falcon, and msg/ through it): gcc -m32 -O0
# and -O1 (64-bit shifts by a variable count become a test and a branch),
# clang -m32 -Oz (it calls the branching __ashldi3/__lshrdi3 helpers). CI
# runs two levels per compiler to stay lean (README.md, "32-bit x86").
M32_CCS=${CT_M32_CCS:-"gcc clang"}
M32_OPTS_gcc=${CT_M32_OPTS_GCC:-"-O2 -Os"}
M32_OPTS_clang=${CT_M32_OPTS_CLANG:-"-O2 -Os"}
CONFIGS=""
for cc in $CCS; do for o in $OPTS; do CONFIGS="$CONFIGS $cc:$o"; done; done
if [ "${CT_M32:-1}" != 0 ]; then
    for cc in $M32_CCS; do
        eval "lv=\$M32_OPTS_$cc"
        for o in $lv; do CONFIGS="$CONFIGS $cc,-m32:$o"; done
    done
fi
DIRS=""
for d in sha3 aes mlkem mldsa fndsa; do
    ls $d/*.c >/dev/null 2>&1 && DIRS="$DIRS $d"
done
HARNESSES=$(ls tests/ct/ct_*.c 2>/dev/null || true)
# The NIST DRBG provides the randombytes hook that mlkem/mldsa/fndsa reference.
KATSRC=""; [ -f kat/drbg.c ] && KATSRC="kat/drbg.c"
VG="valgrind -q --error-exitcode=1"
fail=0
t0=$(date +%s)

# The gate's own control: a division on a runtime value must be seen.
mkdir -p "$B"
printf 'unsigned f(unsigned a, unsigned b);\nunsigned f(unsigned a, unsigned b) { return a / b; }\n' > "$B/divctl.c"
gcc -O2 -c "$B/divctl.c" -o "$B/divctl.o"
if ! objdump -d --no-show-raw-insn "$B/divctl.o" | grep -qE '[[:space:]]div[blwq]?[[:space:]]'; then
    echo "FAIL disassembly gate does not see a division"; exit 1
fi

# On i386 a 64-bit division is a call to libgcc's __udivdi3 (and friends):
# the gate reads relocations too, and must see one.
if [ "${CT_M32:-1}" != 0 ]; then
    printf 'unsigned long long g(unsigned long long a, unsigned long long b);\nunsigned long long g(unsigned long long a, unsigned long long b) { return a / b; }\n' > "$B/divctl64.c"
    gcc -m32 -O2 -c "$B/divctl64.c" -o "$B/divctl64.o"
    if ! objdump -dr --no-show-raw-insn "$B/divctl64.o" | grep -qE '__(u?div|u?mod|udivmod)di3'; then
        echo "FAIL disassembly gate does not see an i386 64-bit division"; exit 1
    fi
fi

allowed() { # file -> 0 if listed in div-allow.txt
    [ -f tests/ct/div-allow.txt ] && grep -q "^$1:" tests/ct/div-allow.txt
}

for cfg in $CONFIGS; do
    cc=${cfg%%:*}; o=${cfg#*:}
    tag=$(echo "$cc$o" | tr -d ',')
    cc=${cc//,/ }; o=${o//,/ }
    out="$B/$tag"
    mkdir -p "$out"
    if ! echo 'int x;' | $cc $o -x c -c - -o "$out/probe.o" 2>/dev/null; then
        echo "skip [$tag] $cc does not accept $o"
        continue
    fi
    objs=""
    for d in $DIRS; do
        for src in $d/*.c; do
            obj="$out/$(echo "$src" | tr / _).o"
            $cc -std=c11 $o -gdwarf-4 -DAEGIS_CT -Wall -Wextra -Wpedantic -Werror -c "$src" -o "$obj"
            objs="$objs $obj"
            if ! allowed "$src"; then
                bad=$(objdump -dr --no-show-raw-insn "$obj" |
                      grep -E '[[:space:]](div|idiv|divs[sd]|divp[sd]|vdivs[sd]|vdivp[sd]|sqrts[sd]|sqrtp[sd]|vsqrts[sd]|vsqrtp[sd])[blwq]?[[:space:]]|__(u?div|u?mod|udivmod)di3' || true)
                if [ -n "$bad" ]; then
                    echo "FAIL [$tag] division/sqrt instruction in $src:"; echo "$bad" | head -5
                    fail=1
                fi
            fi
        done
    done
    # An archive, so a harness pulls in only the objects it uses. kat/drbg.c
    # (the NIST DRBG) is a member too: it supplies the randombytes hook
    # only to harnesses that do not define their own.
    katobjs=""
    if [ -n "$KATSRC" ]; then
        $cc -std=c11 $o -gdwarf-4 -DAEGIS_CT -c "$KATSRC" -o "$out/kat_drbg.o"
        katobjs="$out/kat_drbg.o"
    fi
    rm -f "$out/libct.a"
    ar rcs "$out/libct.a" $objs $katobjs
    for h in $HARNESSES; do
        name=$(basename "$h" .c)
        $cc -std=c11 $o -gdwarf-4 -DAEGIS_CT -Wall -Wextra -Werror "$h" "$out/libct.a" -o "$out/$name"
        if $VG "$out/$name" > "$out/$name.log" 2>&1; then
            echo "ok   [$tag] $name"
        else
            echo "FAIL [$tag] $name (secret-dependent branch or index; see $out/$name.log)"
            sed -n 1,40p "$out/$name.log"
            fail=1
        fi
    done
    # Negative control: it must be flagged, or the harness proves nothing.
    $cc -std=c11 $o -gdwarf-4 -Wall -Wextra "tests/ct/control.c" -o "$out/control"
    if valgrind -q "$out/control" > "$out/control.log" 2>&1 &&
       grep -q "control: early-exit compare flagged" "$out/control.log" &&
       grep -q "control: secret-indexed table flagged" "$out/control.log"; then
        echo "ok   [$tag] negative control fired"
    else
        echo "FAIL [$tag] negative control NOT flagged: valgrind marks are not working"
        cat "$out/control.log"
        fail=1
    fi
done

if [ $fail -ne 0 ]; then
    echo "make ct: FAILED"
    exit 1
fi
echo "make ct: all harnesses clean, controls fired, no division/sqrt instructions ($(echo $CONFIGS | wc -w) configurations, $(( $(date +%s) - t0 ))s)"
