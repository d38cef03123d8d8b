#!/usr/bin/env bash
# make ct: the constant-time proof (../shared/docs/constant-time.md).
#
# For each compiler (gcc, clang) and level (-O0 -O2 -O3 -Os -Oz), then
# gcc-v3/clang-v3 (-march=x86-64-v3) at -O3, then 32-bit x86 (gcc-m32,
# clang-m32) at the levels CT_M32_OPTS_GCC/_CLANG list (see "passes" below):
#  1. compile every crypto directory with -DAEGIS_CT (the library's
#     *_CT_DECLASSIFY marks become valgrind client requests);
#  2. disassembly gate: no division or square-root instruction in those
#     objects, except files listed with a reason in tests/ct/div-allow.txt;
#  3. build each harness tests/ct/ct_*.c against them and run it under
#     valgrind memcheck with --error-exitcode=1 (secrets are marked undefined,
#     so a branch or index on them is an error);
#  4. negative control: tests/ct/control.c leaks on purpose and must be flagged.
# CT_BACKEND=x86_64 (make ct BACKEND=x86_64): DIR/x86_64/*.c are compiled and
# gated too, everything with the backend's flags (tags get a -x86_64 suffix).
set -euo pipefail
cd "$(dirname "$0")/../.."

B0=${B:-build}
B=$B0/ct
# Compilers with fixed flags are wrappers in $B/bin (gcc-m32 = gcc -m32,
# gcc-v3 = gcc -march=x86-64-v3, same for clang), so a configuration is
# always one compiler name and one level.
mkdir -p "$B/bin"
for w in gcc clang; do
    printf '#!/bin/sh\nexec %s -m32 "$@"\n' $w > "$B/bin/$w-m32"
    printf '#!/bin/sh\nexec %s -march=x86-64-v3 "$@"\n' $w > "$B/bin/$w-v3"
    chmod +x "$B/bin/$w-m32" "$B/bin/$w-v3"
done
case "$B" in /*) export PATH="$B/bin:$PATH" ;; *) export PATH="$PWD/$B/bin:$PATH" ;; esac
# Without CT_CCS/CT_OPTS the script runs itself once per pass:
#  - gcc and clang at -O0 -O2 -O3 -Os, and -Oz where the compiler has it
#    (gcc >= 12, clang);
#  - gcc-v3 and clang-v3 at -O3 (the AVX2 code generation);
#  - 32-bit x86 (CT_M32=0 skips it). Clean when last run in full: gcc-m32
#    -O2 -O3 -Os -Oz, clang-m32 -O0 -O1 -O2 -O3 -Os. Not constant time
#    (Falcon, and msg/ through it): gcc-m32 -O0 and -O1 (64-bit shifts by a
#    variable count become a test and a branch), clang-m32 -Oz (it calls the
#    branching __ashldi3/__lshrdi3). CI runs two levels per compiler to stay
#    lean (README.md, "32-bit x86").
if [ -z "${CT_CCS:-}${CT_OPTS:-}" ]; then
    t0=$(date +%s); rc=0; n=0
    run() { n=$((n + 1)); B="$B0" CT_CCS="$1" CT_OPTS="$2" CT_HARNESSES="${3:-}" bash "$0" || rc=1; }
    for c in gcc clang; do
        lv="-O0 -O2 -O3 -Os"
        if echo 'int x;' | $c -Oz -x c -c - -o "$B/oz-probe.o" 2>/dev/null; then
            lv="$lv -Oz"
        else
            echo "skip [$c-Oz] $c has no -Oz"
        fi
        run "$c" "$lv"
    done
    run "gcc-v3 clang-v3" "-O3"
    if [ "${CT_M32:-1}" != 0 ]; then
        run "gcc-m32" "${CT_M32_OPTS_GCC:-"-O2 -Os"}"
        run "clang-m32" "${CT_M32_OPTS_CLANG:-"-O2 -Os"}"
        # gcc-m32 -O0 without Falcon and what signs with it (msg, session: not
        # constant time there, see above): the only build where valgrind sees
        # memcpy calls with overlapping buffers (aes/gcm.c add32 had one).
        run "gcc-m32" "-O0" "$(ls tests/ct/ct_*.c | grep -v -e ct_fndsa -e ct_msg -e ct_session | tr '\n' ' ')"
    fi
    [ $rc -eq 0 ] && echo "make ct: all $n passes clean ($(( $(date +%s) - t0 ))s)" || echo "make ct: FAILED"
    exit $rc
fi
CCS=${CT_CCS:-"gcc clang"}
OPTS=${CT_OPTS:-"-O0 -O2 -O3 -Os"}
DIRS=""
for d in sha3 aes mlkem mldsa fndsa; do
    ls $d/*.c >/dev/null 2>&1 && DIRS="$DIRS $d"
done
HARNESSES=$(ls tests/ct/ct_*.c 2>/dev/null || true)
# The NIST DRBG provides the randombytes hook that mlkem/mldsa/fndsa reference.
KATSRC=""; [ -f kat/drbg.c ] && KATSRC="kat/drbg.c"
VG="valgrind -q --error-exitcode=1"
BE=${CT_BACKEND:-}
BEFLAGS=""
[ "$BE" = x86_64 ] && BEFLAGS="-mavx2 -mbmi2 -mpopcnt -maes -mpclmul"
fail=0

# The gate's own control: a division on a runtime value must be seen.
mkdir -p "$B"
printf 'unsigned f(unsigned a, unsigned b);\nunsigned f(unsigned a, unsigned b) { return a / b; }\n' > "$B/divctl.c"
gcc -O2 -c "$B/divctl.c" -o "$B/divctl.o"
if ! objdump -d --no-show-raw-insn "$B/divctl.o" | grep -qE '[[:space:]]div[blwq]?[[:space:]]'; then
    echo "FAIL disassembly gate does not see a division"; exit 1
fi

# On i386 a 64-bit division is a call to libgcc's __udivdi3 (and friends):
# the gate reads relocations too, and must see one.
printf 'unsigned long long g(unsigned long long a, unsigned long long b);\nunsigned long long g(unsigned long long a, unsigned long long b) { return a / b; }\n' > "$B/divctl64.c"
if gcc -m32 -O2 -c "$B/divctl64.c" -o "$B/divctl64.o" 2>/dev/null &&
   ! objdump -dr --no-show-raw-insn "$B/divctl64.o" | grep -qE '__(u?div|u?mod|udivmod)di3'; then
    echo "FAIL disassembly gate does not see an i386 64-bit division"; exit 1
fi

# CT_HARNESSES: run only these harnesses (the gcc-m32 -O0 pass above).
[ -n "${CT_HARNESSES:-}" ] && HARNESSES=$CT_HARNESSES

allowed() { # file -> 0 if listed in div-allow.txt
    [ -f tests/ct/div-allow.txt ] && grep -q "^$1:" tests/ct/div-allow.txt
}

for cc in $CCS; do
    for o in $OPTS; do
        tag="$cc$o${BE:+-$BE}"
        out="$B/$tag"
        mkdir -p "$out"
        objs=""
        for d in $DIRS; do
            # DIR/x86_64/*.c always: they are empty translation units unless the
            # flags enable their instructions, and a level whose flags do (e.g.
            # -march=x86-64-v3 has AVX2) makes the portable code call them.
            for src in $d/*.c $(ls $d/x86_64/*.c 2>/dev/null || true); do
                obj="$out/$(echo "$src" | tr / _).o"
                $cc -std=c11 $o $BEFLAGS -gdwarf-4 -DAEGIS_CT -DAEGIS_NO_DEPRECATED -Wall -Wextra -Wpedantic -Werror -c "$src" -o "$obj"
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
            $cc -std=c11 $o $BEFLAGS -gdwarf-4 -DAEGIS_CT -DAEGIS_NO_DEPRECATED -c "$KATSRC" -o "$out/kat_drbg.o"
            katobjs="$out/kat_drbg.o"
        fi
        rm -f "$out/libct.a"
        ar rcs "$out/libct.a" $objs $katobjs
        for h in $HARNESSES; do
            name=$(basename "$h" .c)
            $cc -std=c11 $o $BEFLAGS -gdwarf-4 -DAEGIS_CT -DAEGIS_NO_DEPRECATED -Wall -Wextra -Werror "$h" "$out/libct.a" -o "$out/$name"
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
done

if [ $fail -ne 0 ]; then
    echo "make ct: FAILED"
    exit 1
fi
echo "make ct: all harnesses clean, controls fired, no division/sqrt instructions"
