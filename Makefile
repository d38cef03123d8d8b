# Aegis PQ -- build, tests, constant-time checks, sanitizers, fuzzing, benchmarks.
#
#   make            build every library into build/ (and the programs that exist)
#   make test       install missing Debian packages (as root), build, run every suite
#   make demo       the secure_messaging walk-through
#   make ct         constant-time proof under valgrind (gcc and clang, -O0 -O2 -O3 -Os)
#                   (with BACKEND=x86_64: DIR/x86_64/*.c too, all with BACKEND_FLAGS)
#   make asan       every suite under AddressSanitizer + UBSan
#   make fuzz       libFuzzer targets, FUZZ_SECONDS each (default 30)
#   make fuzz-replay  replay the committed fuzz corpora (CI)
#   make bench      median cycles and callgrind instruction counts
#   make kat        build kat/genkat (NIST .rsp generator)
#   make test-namespace  DIR_NAMESPACE / DIR_RANDOMBYTES / DIR_FIPS202_HEADER builds
#                   (tests/namespace/run.sh; after moving symbols: tests/namespace/gen.sh)
#   make install    PREFIX=/usr/local DESTDIR= (make uninstall; make test-install)
#   make FEATURES="mlkem mldsa"  only those crypto directories (+ sha3); install.mk
#
# Variables: CC (gcc or clang), KAT_DIR (default ../shared/kat), B (build dir),
#            BACKEND (empty: the portable C; x86_64: also DIR/x86_64/*.c, built
#            with BACKEND_FLAGS, into build/x86_64 unless B is given).

CC      ?= cc
BACKEND ?=
# The fast path's flags: exactly the drop-in build the READMEs document.
BACKEND_FLAGS = -mavx2 -mbmi2 -mpopcnt -maes -mpclmul
ifeq ($(BACKEND),x86_64)
B       ?= build/x86_64
BE_CFLAGS = $(BACKEND_FLAGS)
else ifneq ($(BACKEND),)
$(error BACKEND must be empty or x86_64, not '$(BACKEND)')
endif
# 32-bit x86: CC="gcc -m32" or CC="clang -m32" builds into build/i386-CC
# (crypto, kat/ and their suites; msg/ is not part of the 32-bit build).
ifneq ($(filter -m32,$(CC)),)
M32     = 1
B       ?= build/i386-$(firstword $(CC))
endif
B       ?= build
KAT_DIR ?= ../shared/kat
export KAT_DIR

WARN    = -Wall -Wextra -Wpedantic -Werror -Wshadow -Wmissing-prototypes \
          -Wstrict-prototypes -Wvla
OPT     ?= -O2
CFLAGS  ?= $(OPT)
# The tree itself uses no deprecated name (API.md, "Deprecated aliases"):
# every build of it hides them, so a leftover old name does not compile.
API_CFLAGS = -DAEGIS_NO_DEPRECATED
ALL_CFLAGS = -std=c11 $(CFLAGS) $(WARN) $(API_CFLAGS) $(BE_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS_ALL = $(LDFLAGS) $(EXTRA_LDFLAGS)

# The crypto directories, in link order (users before what they use).
# A directory with no source yet is skipped.
CRYPTO_DIRS = fndsa mldsa mlkem aes sha3
HAVE_DIRS   = $(foreach d,$(CRYPTO_DIRS),$(if $(wildcard $(d)/*.c),$(d)))
LIBS        = $(foreach d,$(HAVE_DIRS),$(B)/lib$(d).a)
# make FEATURES="mlkem mldsa": only those directories and what they need.
include features.mk

# Debian packages the checks need (make test installs them as root).
DEB_PKGS = build-essential clang libclang-rt-14-dev valgrind binutils pkg-config \
           libcriterion-dev libjansson-dev libsqlite3-dev libmicrohttpd-dev curl \
           libpq-dev postgresql openssl sqlite3

.PHONY: all libs deps test run-tests run-demo ct asan fuzz fuzz-replay bench kat demo clean test-namespace
.DEFAULT_GOAL := all

# msg/relay_client.c: HTTP and HTTPS to the relay.
DEB_PKGS += libcurl4-openssl-dev
# make test-install checks the man pages with groff.
DEB_PKGS += groff-base

all: libs kat programs

libs: $(LIBS)

# ---- libraries -----------------------------------------------------------
.SECONDARY:
.SECONDEXPANSION:
$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# A directory's objects: DIR/*.c, plus DIR/x86_64/*.c in the backend build.
libobjs = $(patsubst %.c,$(B)/obj/%.o,$(wildcard $(1)/*.c) \
          $(if $(filter x86_64,$(BACKEND)),$(wildcard $(1)/x86_64/*.c)))
$(B)/lib%.a: $$(call libobjs,$$*)
	@mkdir -p $(dir $@); rm -f $@
	ar rcs $@ $^

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# ---- kat/: DRBG and the .rsp generator -----------------------------------
KAT_SRCS = $(filter-out kat/genkat.c,$(wildcard kat/*.c))
KAT_OBJS = $(patsubst %.c,$(B)/obj/%.o,$(KAT_SRCS))
ifneq ($(if $(KAT_SKIP),,$(wildcard kat/genkat.c)),)
kat: $(B)/genkat
$(B)/genkat: $(B)/obj/kat/genkat.o $(KAT_OBJS) $(LIBS)
	$(CC) -o $@ $^ $(LDFLAGS_ALL)
else
kat:
endif

# ---- msg/ programs (CLI, demo, relay) ------------------------------------
PROGRAMS =
ifndef M32
-include $(if $(MSG_SKIP),,msg/build.mk)
endif
programs: $(PROGRAMS)

# make install / uninstall / test-install, shared libraries, pkg-config files.
include install.mk

# ---- tests (Criterion) ---------------------------------------------------
TEST_SRCS = $(wildcard tests/test_*.c)
TESTS     = $(patsubst tests/%.c,$(B)/tests/%,$(TEST_SRCS))
TEST_LIBS = $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson) -lcriterion
ifdef M32
# libcriterion3:i386 cannot be installed beside the amd64 one on Debian 12
# (its dependency libnanomsg5 has an amd64 binNMU, 1.1.5+dfsg-1.1+b1, and
# Multi-Arch: same needs equal versions), so tests/i386/criterion.sh unpacks
# the two i386 libraries into I386_DEPS; the headers are the amd64 package's
# (Multi-Arch: same, identical). Other i386 libraries come from apt.
# Suites that use msg/ are left out, and the x86-64 backend's suites.
TEST_SRCS := $(filter-out tests/test_x86_64_%,$(shell grep -L '\.\./msg/' $(TEST_SRCS)))
I386_DEPS  = build/i386-deps/usr/lib/i386-linux-gnu
TEST_LIBS  = -ljansson $(I386_DEPS)/libcriterion.so.3 \
             -Wl,-rpath-link,$(abspath $(I386_DEPS)) -Wl,--disable-new-dtags,-rpath,$(abspath $(I386_DEPS))
$(I386_DEPS)/libcriterion.so.3:
	bash tests/i386/criterion.sh build/i386-deps
$(TESTS): $(I386_DEPS)/libcriterion.so.3
# The suites compare fndsa/'s integer binary64 with the FPU: on i386 that
# must be SSE2 (x87 rounds to 64-bit mantissas first, then to double).
$(B)/obj/tests/%.o: EXTRA_CFLAGS += -msse2 -mfpmath=sse
endif
# 32-bit x86 (make ct, and make test with CC="gcc -m32"): the multilib
# compilers, the i386 libc debug symbols valgrind needs, and the i386
# libraries the test suites link (libcriterion3's, minus libnanomsg5; see
# TEST_LIBS). make deps enables the i386 architecture for them.
DEB_PKGS_I386 = gcc-multilib libc6-dbg:i386 libjansson-dev:i386 libffi8:i386 libgit2-1.5:i386

$(B)/tests/%: $(B)/obj/tests/%.o $(B)/obj/tests/vectors.o $(KAT_OBJS) $(MSG_LIB) $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(LDFLAGS_ALL) $(TEST_LIBS) $(MSG_LDLIBS)

deps:
	@if ! dpkg --print-foreign-architectures | grep -qx i386 && [ "$$(id -u)" = 0 ]; then \
	  dpkg --add-architecture i386 && apt-get update -qq; \
	fi
	@i386=""; if dpkg --print-foreign-architectures | grep -qx i386; then i386="$(DEB_PKGS_I386)"; \
	else echo "note: the i386 architecture is not enabled (32-bit checks will fail); run:"; \
	  echo "  sudo dpkg --add-architecture i386 && sudo apt-get update && sudo make deps"; fi; \
	missing=""; for p in $(DEB_PKGS) $$i386; do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing Debian packages; run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

test: deps
	$(MAKE) --no-print-directory run-tests
	$(MAKE) --no-print-directory test-relay-pg

# Each suite prints Criterion's synthesis; the last line sums them all.
# Skipped tests (e.g. a missing KAT file, named in the reason) are listed from
# the suite's TAP report and counted: "N passed, N failed, N skipped".
run-tests: all $(TESTS)
	@fail=0; pass=0; bad=0; skip=0; for t in $(TESTS); do \
	  echo "== $$t"; $$t --jobs 2 --tap=$$t.tap > $$t.log 2>&1; rc=$$?; cat $$t.log; \
	  s=$$(grep -ac ' # SKIP' $$t.tap 2>/dev/null); skip=$$((skip + $${s:-0})); \
	  grep -a ' # SKIP' $$t.tap 2>/dev/null | sed 's/^ok - \([^ ]*\) *# SKIP /[SKIP] \1: /'; \
	  [ $$rc -eq 0 ] || fail=1; \
	  line=$$(grep -a 'Synthesis:' $$t.log | tail -1); \
	  p=$$(echo "$$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p'); \
	  f=$$(echo "$$line" | sed -n 's/.*Failing: \([0-9]*\).*Crashing: \([0-9]*\).*/\1+\2/p'); \
	  [ -n "$$p" ] || { p=0; f=1; fail=1; }; \
	  pass=$$((pass + p)); bad=$$((bad + $${f:-0})); \
	done; \
	echo "$$pass passed, $$bad failed, $$skip skipped" | tee $(B)/test-summary.txt; \
	[ $$bad -eq 0 ] || fail=1; exit $$fail

# ---- constant time, sanitizers, fuzzing, benchmarks ----------------------
ct: deps
	CT_BACKEND=$(BACKEND) bash tests/ct/run.sh

asan: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	$(MAKE) --no-print-directory B=build/asan$(BACKEND:%=-%) CC=clang \
	  EXTRA_CFLAGS="-g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  EXTRA_LDFLAGS="-fsanitize=address,undefined" OPT=-O1 run-tests

FUZZ_SECONDS ?= 30
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run.sh

# Replay the committed corpora only (every target, seconds each; run by CI).
fuzz-replay: deps
	FUZZ_REPLAY=1 bash fuzz/run.sh

bench: deps
	bash bench/run.sh

# The per-directory settings (DIR/DIR_config.h), built and checked with nm.
test-namespace:
	CC="$(CC)" bash tests/namespace/run.sh

demo: deps
	$(MAKE) --no-print-directory run-demo

run-demo: all
	$(DEMO) $(DEMO_ARGS)

clean:
	rm -rf build
