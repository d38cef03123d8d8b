#!/usr/bin/env bash
# tests/install_test.sh -- `make test-install`: what a user of the installed
# Aegis PQ sees. Into a temporary DESTDIR (PREFIX=/usr/local):
#   1. make install; the expected files are there (headers, .a, .so with soname
#      links, .pc, programs and man pages when msg/ is built)
#   2. per library: a small program (tests/install/use_DIR.c) built with
#      `pkg-config --cflags --libs` (shared, run with LD_LIBRARY_PATH) and with
#      `pkg-config --static` (no libaegis in its NEEDED), both run and pass
#   3. nm -D: each shared library exports exactly its header's functions, and
#      needs only libc, libaegis-sha3's exports and the program's randombytes
#   4. the man pages render without a groff warning; --version works
#   5. make uninstall leaves no file behind
# Variables: B (build dir, default build), CC, MAKE, FEATURES (passed on).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
CC=${CC:-cc}
MAKE=${MAKE:-make}
start=$(date +%s%N)
fails=0
ok()   { echo "ok   $*"; }
bad()  { echo "FAIL $*"; fails=$((fails + 1)); }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/root
prefix=/usr/local
mk() { $MAKE --no-print-directory -s B="$B" CC="$CC" ${FEATURES:+FEATURES="$FEATURES"} "$@"; }

mk install PREFIX=$prefix DESTDIR="$dest" >"$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log"; bad "make install"; exit 1; }
ok "make install PREFIX=$prefix DESTDIR=$dest"

export PKG_CONFIG_LIBDIR=$dest$prefix/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest
unset PKG_CONFIG_PATH
libdir=$dest$prefix/lib
dirs=$(cd "$libdir/pkgconfig" && ls aegis-*.pc | sed 's/^aegis-\(.*\)\.pc$/\1/')
[ -n "$dirs" ] || bad "no aegis-*.pc installed"
warn="-std=c11 -Wall -Wextra -Wpedantic -Werror -Wmissing-prototypes -Wstrict-prototypes -DAEGIS_NO_DEPRECATED"

for d in $dirs; do
    pc=aegis-$d
    v=$(pkg-config --modversion $pc) || { bad "$pc: pkg-config"; continue; }
    so=$libdir/libaegis-$d.so.$v
    [ -f "$libdir/libaegis-$d.a" ] && [ -f "$so" ] || { bad "$pc: libraries missing"; continue; }
    [ "$(readlink "$libdir/libaegis-$d.so")" = "libaegis-$d.so.$v" ] \
        && [ "$(readlink "$libdir/libaegis-$d.so.${v%%.*}")" = "libaegis-$d.so.$v" ] \
        || bad "$pc: .so symlinks"
    soname=$(readelf -d "$so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
    [ "$soname" = "libaegis-$d.so.${v%%.*}" ] && ok "$pc $v: soname $soname" || bad "$pc: soname '$soname'"

    # Dynamic: pkg-config's flags, the library found through LD_LIBRARY_PATH.
    src=tests/install/use_$d.c
    cflags=$(pkg-config --cflags $pc)
    $CC $warn $cflags -o "$tmp/dyn_$d" "$src" $(pkg-config --libs $pc) -Wl,-rpath-link,"$libdir" \
        && out=$(LD_LIBRARY_PATH=$libdir "$tmp/dyn_$d") \
        && LD_LIBRARY_PATH=$libdir ldd "$tmp/dyn_$d" | grep "libaegis-$d.so.${v%%.*} => $libdir" >/dev/null \
        && ok "$pc shared: $CC $cflags ... $(pkg-config --libs $pc) -> $out" \
        || bad "$pc shared build or run"

    # Static: pkg-config --static; no libaegis left to load at run time.
    slibs=$(pkg-config --static --libs $pc)
    $CC $warn $cflags -o "$tmp/st_$d" "$src" -Wl,-Bstatic $slibs -Wl,-Bdynamic \
        && out=$(env -u LD_LIBRARY_PATH "$tmp/st_$d") \
        && ! readelf -d "$tmp/st_$d" | grep "NEEDED.*libaegis" >/dev/null \
        && ok "$pc static: ... $slibs -> $out" \
        || bad "$pc static build or run"

    # Exports: exactly the functions of the public header (randombytes is the program's).
    hdr=$(find "$dest$prefix/include/aegis/$d" -name '*.h' ! -name '*_config.h' ! -name '*_namespace.h')
    want=$(grep -v "^static " $hdr | sed -n 's/^[a-z_][a-z0-9_ ]*[ *]\([a-z_][a-z0-9_]*\)(.*/\1/p' | grep -vx randombytes | sort)  # static inline helpers are not exported
    got=$(nm -D --defined-only "$so" | awk '{print $3}' | sort)
    if [ "$want" = "$got" ]; then ok "$pc: nm -D exports $(echo "$got" | wc -l) symbols, all from $(basename $hdr)"
    else bad "$pc exports differ from the header:"; diff <(echo "$want") <(echo "$got") || true; fi
    sha3_api=$(nm -D --defined-only "$libdir/libaegis-sha3.so" 2>/dev/null | awk '{print $3}')
    extra=$(nm -D --undefined-only "$so" | awk '{print $2}' | sed 's/@.*//' \
        | grep -vxE '_ITM_.*|__gmon_start__|__cxa_finalize|mem(cpy|set|move|cmp)|__stack_chk_fail|randombytes' \
        | grep -vxF "${sha3_api:-none}" || true)
    [ -z "$extra" ] && ok "$pc: needs only libc, randombytes$( [ "$d" != sha3 ] && [ "$d" != aes ] && echo ', libaegis-sha3')" \
        || bad "$pc: unexpected undefined symbols: $extra"
done

# Headers: each self-contained (include it alone, C11, pedantic). DIR_config.h
# and DIR_namespace.h declare nothing by default (an empty unit is not C11):
# a typedef follows them.
for h in $(cd "$dest$prefix/include" && find aegis -name '*.h'); do
    case $h in *_config.h|*_namespace.h) tail="typedef int aegis_after_config;" ;; *) tail="" ;; esac
    printf '#include <%s>\n%s\n' "$h" "$tail" | $CC $warn -I"$dest$prefix/include" -x c -fsyntax-only - \
        && ok "header <$h> compiles alone" || bad "header <$h>"
done

# Programs and man pages (present when msg/ was built).
for p in bin/aegis sbin/aegis-relay; do
    [ -x "$dest$prefix/$p" ] || { echo "skip $p (not built)"; continue; }
    vout=$("$dest$prefix/$p" --version) && first=${vout%%$'\n'*} \
        && [ "$first" = "${p#*/} $(pkg-config --modversion aegis-sha3)" ] \
        && ok "$p --version: $first" || bad "$p --version"
done
for m in man1/aegis.1 man8/aegis-relay.8; do
    f=$dest$prefix/share/man/$m
    [ -f "$f" ] || { echo "skip $m (not installed)"; continue; }
    if command -v groff >/dev/null; then
        w=$(groff -man -Tutf8 -ww -z "$f" 2>&1)
        [ -z "$w" ] && ok "$m: groff -man -ww renders with no warning" || bad "$m: $w"
    else
        bad "$m: groff missing (make deps installs groff-base)"
    fi
done

# Uninstall: nothing left but the empty prefix folders.
mk uninstall PREFIX=$prefix DESTDIR="$dest" >/dev/null
left=$(find "$dest" ! -type d)
[ -z "$left" ] && ok "make uninstall: no file left in DESTDIR" || bad "make uninstall left: $left"
[ ! -e "$dest$prefix/include/aegis" ] && ok "make uninstall: include/aegis removed" \
    || bad "include/aegis still there"

ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ $fails -eq 0 ]; then echo "install test: all passed (${ms} ms)"; else echo "install test: $fails FAILED (${ms} ms)"; fi
[ $fails -eq 0 ]
