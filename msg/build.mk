# msg/build.mk -- the messaging module, included by the Makefile.
#
# libmsg.a holds msg/*.c except the programs and rng.c (tests link kat/drbg.c's
# randombytes instead). The programs add msg/rng.c (getrandom).
# Everything here switches on only once the primitives' headers are in the
# tree, so the rest of the build never breaks on a missing dependency.

MSG_NEEDS := aes/aes.h mlkem/mlkem768.h mldsa/mldsa65.h fndsa/fndsa512.h
ifeq ($(words $(wildcard $(MSG_NEEDS))),4)

# The aegis program: aegis.c (command table) and aegis_*.c (the commands).
MSG_AEGIS    = msg/aegis.c $(wildcard msg/aegis_*.c)
MSG_MAINS    = $(MSG_AEGIS) msg/demo.c msg/relay.c msg/rng.c
MSG_LIB_SRCS = $(filter-out $(MSG_MAINS),$(wildcard msg/*.c))
MSG_LIB      = $(B)/libmsg.a
MSG_LDLIBS   = -lsqlite3 -ljansson -lpq -lpthread
MSG_RNG      = $(B)/obj/msg/rng.o

# libpq's header lives in /usr/include/postgresql on Debian.
PG_CFLAGS := $(shell pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
$(B)/obj/msg/relay_store_pg.o: ALL_CFLAGS += $(PG_CFLAGS)

$(MSG_LIB): $(patsubst %.c,$(B)/obj/%.o,$(MSG_LIB_SRCS))
	@mkdir -p $(dir $@); rm -f $@
	ar rcs $@ $^

$(B)/aegis: $(patsubst %.c,$(B)/obj/%.o,$(MSG_AEGIS)) $(MSG_RNG) $(MSG_LIB) $(LIBS)
	$(CC) -o $@ $^ $(LDFLAGS_ALL) $(MSG_LDLIBS)

$(B)/secure_messaging: $(B)/obj/msg/demo.o $(MSG_RNG) $(MSG_LIB) $(LIBS)
	$(CC) -o $@ $^ $(LDFLAGS_ALL) $(MSG_LDLIBS)

PROGRAMS += $(B)/aegis $(B)/secure_messaging

# bench/run.sh links build/libmsg.a when it exists after `make libs`.
libs: $(MSG_LIB)

ifneq ($(wildcard msg/relay.c),)
$(B)/aegis-relay: $(B)/obj/msg/relay.o $(MSG_RNG) $(MSG_LIB) $(LIBS)
	$(CC) -o $@ $^ $(LDFLAGS_ALL) $(MSG_LDLIBS) -lmicrohttpd -lpthread
PROGRAMS += $(B)/aegis-relay
endif

# The relay suite again on a throwaway PostgreSQL cluster (make test runs it).
.PHONY: test-relay-pg
test-relay-pg: $(B)/tests/test_relay $(B)/aegis-relay
	B=$(B) bash tests/relay_pg.sh

DEMO      = $(B)/secure_messaging
DEMO_ARGS ?=
run-demo: $(DEMO)

bench-msg: $(B)/bench/bench_msg
$(B)/bench/bench_msg: $(B)/obj/bench/bench_msg.o $(MSG_RNG) $(MSG_LIB) $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(LDFLAGS_ALL) $(MSG_LDLIBS) -pthread

# msg/relay_client.c: HTTP and HTTPS to the relay through libcurl.
MSG_LDLIBS += -lcurl

# bench/loadseed.c: identities, pre-sealed envelopes and tokens for `make
# loadtest` (bench/loadtest.sh: wrk against aegis-relay on loopback; not in CI).
$(B)/loadseed: $(B)/obj/bench/loadseed.o $(MSG_RNG) $(MSG_LIB) $(LIBS)
	$(CC) -o $@ $^ $(LDFLAGS_ALL) $(MSG_LDLIBS)
PROGRAMS += $(B)/loadseed
.PHONY: loadtest
loadtest: $(B)/loadseed $(B)/aegis-relay
	B=$(B) bash bench/loadtest.sh

# tests/test_client.c runs a TLS relay (libmicrohttpd) and fake servers in threads.
$(B)/tests/test_client: MSG_LDLIBS += -lmicrohttpd -pthread

endif
