#!/usr/bin/env bash
# tests/i386/criterion.sh DIR: unpack Debian 12's libcriterion3:i386 and
# libnanomsg5:i386 (the one dependency of libcriterion3 that is not
# co-installable: its amd64 build is a binNMU, 1.1.5+dfsg-1.1+b1, its i386
# build 1.1.5+dfsg-1.1, and Multi-Arch: same needs equal versions) into DIR,
# without installing them. The 32-bit test suites link DIR's
# usr/lib/i386-linux-gnu/libcriterion.so.3 with an rpath to it (Makefile,
# M32). Needs the i386 architecture enabled (make deps) and the network.
set -euo pipefail
dir=${1:?usage: criterion.sh DIR}
mkdir -p "$dir/debs"
cd "$dir/debs"
apt-get download libcriterion3:i386 libnanomsg5:i386
cd ..
for deb in debs/*.deb; do dpkg-deb -x "$deb" .; done
test -f usr/lib/i386-linux-gnu/libcriterion.so.3
