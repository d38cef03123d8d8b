/*
 * test_relay.c -- the relay v2 (msg/PROTOCOL.md 14, issue #10): every finding
 * of the issue as a regression test, in process (msg_relay_serve) and over
 * HTTP against aegis-relay processes the tests start on kernel-chosen
 * loopback ports. The backend is SQLite, or PostgreSQL when AEGIS_TEST_PG
 * names a throwaway cluster ("DIR PORT USER", see tests/relay_pg.sh).
 *
 * Why one file (1,500 lines): a Criterion suite is one tests/test_*.c and
 * one binary (Makefile); the in-process relay, the relay processes it starts
 * and the signed-login helpers serve every test in it.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_include)
#if __has_include("../aes/aes.h") && __has_include("../mlkem/mlkem768.h") && \
    __has_include("../mldsa/mldsa65.h") && __has_include("../fndsa/fndsa512.h")
#define HAVE_MSG 1
#endif
#endif

#ifndef HAVE_MSG
Test(relay, skipped) { cr_skip_test("msg/ dependencies not in the tree yet"); }
#else

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../kat/drbg.h"
#include "../msg/client.h"
#include "../msg/msg.h"
#include "../msg/relay.h"

/* ---- fixtures ---------------------------------------------------------------------- */
static char root[64];
static int db_counter;

static void setup(void)
{
    uint8_t e[48];
    memset(e, 0x6b, sizeof e);
    e[0] = (uint8_t)getpid();
    randombytes_init(e, NULL, 256);
    msg_log_set_level(MSG_LOG_ERROR);
    snprintf(root, sizeof root, "/tmp/aegis-trelay-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    chmod(root, 0755); /* a PostgreSQL server running as nobody reads nothing here, but may list */
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", root);
}


/* A fresh database: a SQLite file in root, or a new PostgreSQL database. */
static void fresh_db(char *out, size_t n)
{
    const char *pg = getenv("AEGIS_TEST_PG");
    db_counter++;
    if (pg == NULL) {
        snprintf(out, n, "%s/relay%d.db", root, db_counter);
        return;
    }
    char dir[256], user[64], cmd[768];
    unsigned port;
    cr_assert_eq(sscanf(pg, "%255s %u %63s", dir, &port, user), 3, "AEGIS_TEST_PG: DIR PORT USER");
    char name[64];
    snprintf(name, sizeof name, "t%d_%d_%ld", (int)getpid(), db_counter, (long)time(NULL) % 100000);
    snprintf(cmd, sizeof cmd, "/usr/lib/postgresql/15/bin/createdb -h '%s' -p %u -U '%s' %s", dir, port, user, name);
    cr_assert_eq(system(cmd), 0, "createdb failed");
    snprintf(out, n, "postgresql://%s@/%s?host=%s&port=%u", user, name, dir, port);
}

typedef struct {
    msg_config cfg;
    msg_ctx *ctx;
    char uid[MSG_UID_MAX + 1];
} tuser;

static void tuser_new(tuser *u, const char *uid, unsigned opks)
{
    msg_config_defaults(&u->cfg);
    u->cfg.opk_batch = opks;
    u->cfg.log_level = MSG_LOG_ERROR;
    snprintf(u->cfg.home, sizeof u->cfg.home, "%s/home-%s", root, uid);
    snprintf(u->uid, sizeof u->uid, "%s", uid);
    cr_assert_eq(msg_ctx_open(&u->ctx, &u->cfg, 1), MSG_OK);
    cr_assert_eq(msg_user_init(u->ctx, uid, NULL, NULL), MSG_OK);
}

static void tuser_free(tuser *u) { msg_ctx_close(u->ctx); }

/* ---- talking to a relay: in process or over HTTP ----------------------------------- */
typedef struct {
    msg_relay *r;     /* in process, or */
    int port;         /* an aegis-relay on 127.0.0.1:port */
    const char *peer; /* source address (in process: a label; HTTP: a 127/8 address to bind) */
} tgt;

static int connect_from(int port, const char *peer)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    if (peer) {
        inet_pton(AF_INET, peer, &a.sin_addr);
        if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
            close(fd);
            return -1;
        }
    }
    a.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int send_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t k = send(fd, c, n, MSG_NOSIGNAL);
        if (k <= 0) return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Read a whole response (Connection: close); status or -1; *body malloc'd. */
static int read_resp(int fd, char **body, char **headers)
{
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    for (;;) {
        if (n + 4096 > cap) b = realloc(b, cap *= 2);
        ssize_t k = recv(fd, b + n, cap - n - 1, 0);
        if (k <= 0) break;
        n += (size_t)k;
    }
    b[n] = '\0';
    int st = -1;
    if (sscanf(b, "HTTP/1.1 %d", &st) != 1) st = -1;
    char *sep = strstr(b, "\r\n\r\n");
    if (body) *body = strdup(sep ? sep + 4 : "");
    if (headers) {
        if (sep) *sep = '\0';
        *headers = strdup(b);
    }
    free(b);
    return st;
}

static int http_raw(int port, const char *peer, const char *req, size_t len, char **body, char **headers)
{
    int fd = connect_from(port, peer);
    if (fd < 0) return -1;
    int st = send_all(fd, req, len) == 0 ? read_resp(fd, body, headers) : -1;
    close(fd);
    return st;
}

static int http(int port, const char *peer, const char *method, const char *path, const char *tok, const char *body,
                char **resp, char **headers)
{
    size_t bl = body ? strlen(body) : 0;
    char *req = malloc(bl + 1024);
    int n = snprintf(req, 1024, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n", method, path);
    if (tok) n += snprintf(req + n, 1024 - (size_t)n, "Authorization: Bearer %s\r\n", tok);
    if (body) n += snprintf(req + n, 1024 - (size_t)n, "Content-Type: application/json\r\nContent-Length: %zu\r\n", bl);
    n += snprintf(req + n, 1024 - (size_t)n, "\r\n");
    if (body) memcpy(req + n, body, bl);
    int st = http_raw(port, peer, req, (size_t)n + bl, resp, headers);
    free(req);
    return st;
}

/* One request; body is consumed; *out the JSON answer (or NULL). */
static int call(tgt *t, const char *method, const char *path, json_t *body, const char *tok, json_t **out)
{
    char *b = body ? json_dumps(body, JSON_COMPACT) : NULL, *resp = NULL;
    json_decref(body);
    int st;
    if (t->r) {
        char p[1024];
        const char *qm = strchr(path, '?');
        size_t pl = qm ? (size_t)(qm - path) : strlen(path);
        memcpy(p, path, pl);
        p[pl] = '\0';
        msg_relay_req q = {method, p, qm ? qm + 1 : NULL, (const uint8_t *)b, b ? strlen(b) : 0, tok, t->peer, 1, 0};
        msg_relay_resp o;
        st = msg_relay_serve(t->r, &q, &o);
        resp = o.body;
    } else {
        st = http(t->port, t->peer, method, path, tok, b, &resp, NULL);
    }
    if (out) *out = resp ? json_loads(resp, 0, NULL) : NULL;
    free(b);
    free(resp);
    return st;
}

static json_t *b64j(const uint8_t *p, size_t n)
{
    char *s = msg_b64_encode(p, n);
    json_t *j = json_string(s);
    free(s);
    return j;
}

/* Register u (201, or 409 if already there) and upload its SPK and n_opk OPKs. */
static void reg(tgt *t, tuser *u, unsigned n_opk, const char *tok);

/* Challenge-response login; returns the token (malloc'd) or NULL, *st the status. */
static char *login(tgt *t, tuser *u, int *st)
{
    json_t *ch;
    int s = call(t, "POST", "/api/auth/challenge", json_pack("{s:s}", "id", u->uid), NULL, &ch);
    if (st) *st = s;
    if (s != 200) {
        json_decref(ch);
        return NULL;
    }
    uint8_t nonce[32];
    cr_assert_eq(msg_b64_decode(nonce, 32, json_string_value(json_object_get(ch, "nonce"))), 32);
    const char *sn = json_string_value(json_object_get(ch, "server_name"));
    msg_identity *me = malloc(sizeof *me);
    cr_assert_eq(msg_user_identity(u->ctx, me), MSG_OK);
    size_t snl = strlen(sn);
    uint8_t m[32 + 128 + 32 + 8], sig[MSG_CSIG_BYTES];
    uint64_t ts = msg_now_ms();
    memcpy(m, nonce, 32);
    memcpy(m + 32, sn, snl);
    memcpy(m + 32 + snl, me->ik_hash, 32);
    for (int i = 0; i < 8; i++) m[64 + snl + i] = (uint8_t)(ts >> (56 - 8 * i));
    cr_assert_eq(msg_csig_sign(sig, me, "auth", m, 72 + snl, NULL), MSG_OK);
    msg_identity_wipe(me);
    free(me);
    json_decref(ch);
    json_t *tok;
    s = call(t, "POST", "/api/auth/token",
             json_pack("{s:s,s:o,s:I,s:o}", "id", u->uid, "nonce", b64j(nonce, 32), "timestamp_ms", (json_int_t)ts,
                       "csig", b64j(sig, sizeof sig)),
             NULL, &tok);
    if (st) *st = s;
    char *r = s == 200 ? strdup(json_string_value(json_object_get(tok, "token"))) : NULL;
    json_decref(tok);
    return r;
}

static void reg(tgt *t, tuser *u, unsigned n_opk, const char *tok_in)
{
    uint8_t *b;
    size_t n;
    msg_bundle bb;
    cr_assert_eq(msg_user_bundle(u->ctx, &b, &n, n_opk), MSG_OK);
    cr_assert_eq(msg_bundle_parse(&bb, b, n), MSG_OK);
    int st = call(t, "POST", "/api/users",
                  json_pack("{s:s,s:s,s:o}", "id", u->uid, "name", u->uid, "identity_record",
                            b64j(bb.idrec, bb.idrec_len)),
                  NULL, NULL);
    cr_assert(st == 201 || st == 409, "register %s: %d", u->uid, st);
    char *tok = tok_in ? strdup(tok_in) : login(t, u, &st);
    cr_assert_not_null(tok, "login %s: %d", u->uid, st);
    json_t *opks = json_array();
    for (unsigned i = 0; i < bb.n_opk; i++)
        json_array_append_new(opks, b64j(bb.opkrec + (size_t)i * MSG_OPKREC_BYTES, MSG_OPKREC_BYTES));
    char path[128];
    snprintf(path, sizeof path, "/api/users/%s/prekeys", u->uid);
    cr_assert_eq(call(t, "PUT", path, json_pack("{s:o,s:o}", "spk_record", b64j(bb.spkrec, MSG_SPKREC_BYTES),
                                                "opk_records", opks), tok, NULL), 200);
    free(tok);
    free(b);
}

static void give_bundle(tuser *from, tuser *to)
{
    uint8_t *b;
    size_t n;
    msg_import_info info;
    cr_assert_eq(msg_user_bundle(from->ctx, &b, &n, 0), MSG_OK);
    cr_assert_eq(msg_user_import(to->ctx, b, n, 0, &info), MSG_OK);
    free(b);
}

static json_t *upload_body(tuser *from, tuser *to, const char *text)
{
    uint8_t *env;
    size_t n;
    cr_assert_eq(msg_user_seal(from->ctx, to->uid, 1, (const uint8_t *)text, strlen(text), &env, &n), MSG_OK);
    json_t *j = json_pack("{s:s,s:s,s:o}", "sender_id", from->uid, "recipient_id", to->uid, "content", b64j(env, n));
    free(env);
    return j;
}

static msg_relay *open_relay(const char *db, double rate_scale, uint32_t budget)
{
    msg_config cfg;
    msg_config_defaults(&cfg);
    msg_relay_opts o;
    msg_relay_opts_default(&o);
    o.rate_scale = rate_scale;
    o.opk_budget = budget;
    o.purge_interval_s = 0;
    o.connections = 8;
    msg_relay *r;
    cr_assert_eq(msg_relay_open_opts(&r, db, &cfg, "relay.test", &o), MSG_OK, "cannot open %s", db);
    return r;
}

static int64_t opk_stock(tgt *t, tuser *u, const char *tok)
{
    char path[128];
    json_t *o;
    snprintf(path, sizeof path, "/api/users/%s/prekeys", u->uid);
    cr_assert_eq(call(t, "PUT", path, json_pack("{s:[]}", "opk_records"), tok, &o), 200);
    int64_t k = json_integer_value(json_object_get(o, "opk_stock"));
    json_decref(o);
    return k;
}

/* ---- in-process regression tests ------------------------------------------------------ */
TestSuite(relay, .init = setup, .fini = teardown, .timeout = 120);

/* Cross-user reads, deletes and prekey writes are refused (403), and
 * without a token 401. */
Test(relay, cross_user_refused)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser a, b;
    tuser_new(&a, "alice", 2);
    tuser_new(&b, "bob", 2);
    tgt t = {open_relay(db, 1, 3), 0, "10.0.0.1"};
    reg(&t, &a, 2, NULL);
    reg(&t, &b, 2, NULL);
    char *ta = login(&t, &a, NULL), *tb = login(&t, &b, NULL);
    give_bundle(&b, &a);
    json_t *ix;
    cr_assert_eq(call(&t, "POST", "/api/messages", upload_body(&a, &b, "for bob"), ta, &ix), 201);
    char p[128];
    snprintf(p, sizeof p, "/api/messages/bob/%lld", (long long)json_integer_value(json_object_get(ix, "message_index")));
    json_decref(ix);
    cr_assert_eq(call(&t, "GET", p, NULL, ta, NULL), 403);
    cr_assert_eq(call(&t, "DELETE", p, NULL, ta, NULL), 403);
    cr_assert_eq(call(&t, "GET", "/api/messages/bob", NULL, ta, NULL), 403);
    cr_assert_eq(call(&t, "GET", "/api/messages/bob?after=0", NULL, ta, NULL), 403);
    cr_assert_eq(call(&t, "PUT", "/api/users/bob/prekeys", json_pack("{s:[]}", "opk_records"), ta, NULL), 403);
    cr_assert_eq(call(&t, "POST", "/api/messages", upload_body(&a, &b, "forged"), tb, NULL), 403);
    cr_assert_eq(call(&t, "GET", p, NULL, NULL, NULL), 401);
    cr_assert_eq(call(&t, "POST", "/api/auth/revoke", NULL, NULL, NULL), 401);
    cr_assert_eq(call(&t, "GET", p, NULL, tb, NULL), 200);
    /* Revocation: bob's old token stops working, a new login works. */
    cr_assert_eq(call(&t, "POST", "/api/auth/revoke", NULL, tb, NULL), 200);
    cr_assert_eq(call(&t, "GET", p, NULL, tb, NULL), 401);
    free(tb);
    tb = login(&t, &b, NULL);
    cr_assert_eq(call(&t, "GET", p, NULL, tb, NULL), 200);
    free(ta);
    free(tb);
    msg_relay_close(t.r);
    tuser_free(&a);
    tuser_free(&b);
}

/* 1,000 logins of one account do not invalidate another account's token
 * (v1: 256 logins filled the shared table). */
Test(relay, thousand_logins_keep_other_tokens)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser a, m;
    tuser_new(&a, "alice", 0);
    tuser_new(&m, "mallory", 0);
    tgt t = {open_relay(db, 0, 3), 0, "10.0.0.2"}; /* limits off: every login really happens */
    reg(&t, &a, 0, NULL);
    reg(&t, &m, 0, NULL);
    char *ta = login(&t, &a, NULL);
    int ok = 0;
    for (int i = 0; i < 1000; i++) {
        char *tm = login(&t, &m, NULL);
        ok += tm != NULL;
        free(tm);
    }
    cr_assert_eq(ok, 1000);
    cr_assert_eq(call(&t, "GET", "/api/messages/alice", NULL, ta, NULL), 200);
    free(ta);
    msg_relay_close(t.r);
    tuser_free(&a);
    tuser_free(&m);
}

/* A challenge flood (known and unknown ids) does not stop a legitimate login:
 * challenges are stateless; the flooder's address gets 429. Unknown ids get
 * a well-formed challenge (no enumeration). */
Test(relay, challenge_flood_keeps_logins)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser a;
    tuser_new(&a, "alice", 0);
    msg_relay *r = open_relay(db, 1, 3);
    tgt t = {r, 0, "10.0.0.3"}, evil = {r, 0, "10.6.6.6"};
    reg(&t, &a, 0, NULL);
    int limited = 0;
    for (int i = 0; i < 20000; i++) {
        char id[32];
        snprintf(id, sizeof id, i % 2 ? "alice" : "nobody%d", i);
        int st = call(&evil, "POST", "/api/auth/challenge", json_pack("{s:s}", "id", id), NULL, NULL);
        cr_assert(st == 200 || st == 429);
        limited += st == 429;
    }
    cr_assert_gt(limited, 19000, "the flooder's address must be rate limited");
    int st;
    char *ta = login(&t, &a, &st);
    cr_assert_not_null(ta, "login after the flood: %d", st);
    free(ta);
    /* With no limits at all the flood still changes nothing. */
    msg_relay *r2 = open_relay(db, 0, 3);
    tgt t2 = {r2, 0, "10.0.0.3"};
    json_t *c1, *c2;
    for (int i = 0; i < 20000; i++) call(&t2, "POST", "/api/auth/challenge", json_pack("{s:s}", "id", "alice"), NULL, NULL);
    ta = login(&t2, &a, &st);
    cr_assert_not_null(ta);
    free(ta);
    cr_assert_eq(call(&t2, "POST", "/api/auth/challenge", json_pack("{s:s}", "id", "ghost"), NULL, &c1), 200);
    cr_assert_eq(call(&t2, "POST", "/api/auth/challenge", json_pack("{s:s}", "id", "alice"), NULL, &c2), 200);
    uint8_t n[40];
    cr_assert_eq(msg_b64_decode(n, sizeof n, json_string_value(json_object_get(c1, "nonce"))), 32);
    cr_assert_eq(json_object_size(c1), json_object_size(c2));
    json_decref(c1);
    json_decref(c2);
    msg_relay_close(r2);
    msg_relay_close(r);
    tuser_free(&a);
}

/* An OPK drain stops at the per-(requester, target) budget; the target
 * keeps its other OPKs and the requester still gets SPK-only bundles. */
Test(relay, opk_drain_stops_at_budget)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser b, m;
    tuser_new(&b, "bob", 20);
    tuser_new(&m, "mallory", 0);
    tgt t = {open_relay(db, 1, 3), 0, "10.0.0.4"};
    reg(&t, &b, 20, NULL);
    reg(&t, &m, 0, NULL);
    char *tm = login(&t, &m, NULL), *tb = login(&t, &b, NULL);
    cr_assert_eq(opk_stock(&t, &b, tb), 20);
    int with = 0, without = 0;
    for (int i = 0; i < 51; i++) {
        json_t *o;
        int st = call(&t, "GET", "/api/users/bob/bundle", NULL, tm, &o);
        cr_assert(st == 200 || st == 429, "%d", st);
        if (st == 200) {
            cr_assert_not_null(json_string_value(json_object_get(o, "spk_record")));
            if (json_is_null(json_object_get(o, "opk_record"))) without++;
            else with++;
        }
        json_decref(o);
    }
    cr_assert_eq(with, 3, "the budget is 3 OPKs");
    cr_assert_gt(without, 0);
    cr_assert_eq(opk_stock(&t, &b, tb), 17, "bob keeps his other OPKs");
    free(tm);
    free(tb);
    msg_relay_close(t.r);
    tuser_free(&b);
    tuser_free(&m);
}

/* Review: bundle fetches that served no OPK (empty stock) do not spend the
 * budget; once the target refills, the requester still gets its OPKs
 * (PostgreSQL charged every fetch, SQLite only served OPKs). */
Test(relay, opk_budget_counts_served_only)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser b, m;
    tuser_new(&b, "bob", 0);
    tuser_new(&m, "mallory", 0);
    tgt t = {open_relay(db, 0, 3), 0, "10.0.0.14"};
    reg(&t, &b, 0, NULL);
    reg(&t, &m, 0, NULL);
    char *tm = login(&t, &m, NULL), *tb = login(&t, &b, NULL);
    cr_assert_eq(opk_stock(&t, &b, tb), 0);
    for (int i = 0; i < 5; i++) {
        json_t *o;
        cr_assert_eq(call(&t, "GET", "/api/users/bob/bundle", NULL, tm, &o), 200);
        cr_assert(json_is_null(json_object_get(o, "opk_record")));
        json_decref(o);
    }
    /* Bob refills. */
    uint8_t *bb;
    size_t n;
    msg_bundle pb;
    cr_assert_eq(msg_user_bundle(b.ctx, &bb, &n, 5), MSG_OK);
    cr_assert_eq(msg_bundle_parse(&pb, bb, n), MSG_OK);
    cr_assert_eq(pb.n_opk, 5);
    json_t *opks = json_array();
    for (unsigned i = 0; i < pb.n_opk; i++)
        json_array_append_new(opks, b64j(pb.opkrec + (size_t)i * MSG_OPKREC_BYTES, MSG_OPKREC_BYTES));
    cr_assert_eq(call(&t, "PUT", "/api/users/bob/prekeys", json_pack("{s:o}", "opk_records", opks), tb, NULL), 200);
    free(bb);
    cr_assert_eq(opk_stock(&t, &b, tb), 5);
    int with = 0;
    for (int i = 0; i < 5; i++) {
        json_t *o;
        cr_assert_eq(call(&t, "GET", "/api/users/bob/bundle", NULL, tm, &o), 200);
        with += !json_is_null(json_object_get(o, "opk_record"));
        json_decref(o);
    }
    cr_assert_eq(with, 3, "empty fetches must not spend the budget of 3");
    cr_assert_eq(opk_stock(&t, &b, tb), 2);
    free(tm);
    free(tb);
    msg_relay_close(t.r);
    tuser_free(&b);
    tuser_free(&m);
}

/* The body of POST /api/auth/token for u, on a challenge from t. */
static json_t *token_body(tgt *t, tuser *u)
{
    json_t *ch;
    cr_assert_eq(call(t, "POST", "/api/auth/challenge", json_pack("{s:s}", "id", u->uid), NULL, &ch), 200);
    uint8_t nonce[32], m[32 + 128 + 32 + 8], sig[MSG_CSIG_BYTES];
    cr_assert_eq(msg_b64_decode(nonce, 32, json_string_value(json_object_get(ch, "nonce"))), 32);
    const char *sn = json_string_value(json_object_get(ch, "server_name"));
    size_t snl = strlen(sn);
    msg_identity *me = malloc(sizeof *me);
    cr_assert_eq(msg_user_identity(u->ctx, me), MSG_OK);
    uint64_t ts = msg_now_ms();
    memcpy(m, nonce, 32);
    memcpy(m + 32, sn, snl);
    memcpy(m + 32 + snl, me->ik_hash, 32);
    for (int i = 0; i < 8; i++) m[64 + snl + i] = (uint8_t)(ts >> (56 - 8 * i));
    cr_assert_eq(msg_csig_sign(sig, me, "auth", m, 72 + snl, NULL), MSG_OK);
    msg_identity_wipe(me);
    free(me);
    json_decref(ch);
    return json_pack("{s:s,s:o,s:I,s:o}", "id", u->uid, "nonce", b64j(nonce, 32), "timestamp_ms", (json_int_t)ts,
                     "csig", b64j(sig, sizeof sig));
}

/* Review: a login challenge is single use across relays whose clocks differ
 * within the skew. Relay A runs 200 s ahead and mints the nonce; B (on time)
 * accepts it; A's purge, by A's clock, must not forget the used nonce while
 * B would still accept it (it was kept only until its expiry). */
Test(relay, login_nonce_single_use_across_clock_skew)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser a;
    tuser_new(&a, "alice", 0);
    tgt A = {open_relay(db, 0, 3), 0, "10.0.0.15"}, B = {open_relay(db, 0, 3), 0, "10.0.0.15"};
    reg(&B, &a, 0, NULL);
    uint64_t T = msg_now_ms();
    msg_relay_set_now(A.r, T + 200000);
    json_t *req = token_body(&A, &a);
    cr_assert_eq(call(&B, "POST", "/api/auth/token", json_deep_copy(req), NULL, NULL), 200);
    cr_assert_eq(call(&B, "POST", "/api/auth/token", json_deep_copy(req), NULL, NULL), 401, "replay");
    msg_relay_set_now(A.r, T + 270000); /* past the nonce's expiry, by A's clock */
    msg_relay_purge(A.r);
    cr_assert_eq(call(&B, "POST", "/api/auth/token", req, NULL, NULL), 401, "replay after a purge at a relay ahead");
    msg_relay_close(A.r);
    msg_relay_close(B.r);
    tuser_free(&a);
}

/* Review: an IPv6 client holds a whole /64 and can rotate addresses in it;
 * the per-address budgets count the /64, so rotating does not escape them.
 * Other /64s and IPv4 addresses keep their own budgets. */
Test(relay, ipv6_rate_limits_per_64)
{
    char db[512], peer[64];
    fresh_db(db, sizeof db);
    tgt t = {open_relay(db, 1, 3), 0, NULL};
    /* Registration: 20 per address burst; 20 malformed attempts (400) spend it. */
    for (int i = 0; i < 20; i++) {
        snprintf(peer, sizeof peer, "2001:db8:0:7::%x", i + 1);
        t.peer = peer;
        cr_assert_eq(call(&t, "POST", "/api/users", json_pack("{s:s}", "id", "x"), NULL, NULL), 400, "%d", i);
    }
    t.peer = "2001:db8:0:7:ffff:1:2:3";
    cr_assert_eq(call(&t, "POST", "/api/users", json_pack("{s:s}", "id", "x"), NULL, NULL), 429);
    t.peer = "2001:db8:0:8::1";
    cr_assert_eq(call(&t, "POST", "/api/users", json_pack("{s:s}", "id", "x"), NULL, NULL), 400);
    t.peer = "192.0.2.1";
    cr_assert_eq(call(&t, "POST", "/api/users", json_pack("{s:s}", "id", "x"), NULL, NULL), 400);
    /* Challenges per (identity, address): 30 burst, shared across the /64. */
    int ok = 0, lim = 0;
    for (int i = 0; i < 40; i++) {
        snprintf(peer, sizeof peer, "2001:db8:0:9::%x", i + 1);
        t.peer = peer;
        int st = call(&t, "POST", "/api/auth/challenge", json_pack("{s:s}", "id", "alice"), NULL, NULL);
        ok += st == 200;
        lim += st == 429;
    }
    cr_assert_eq(ok, 30);
    cr_assert_eq(lim, 10);
    msg_relay_close(t.r);
}

/* Token buckets: past the budget 429 with a Retry-After; per address and per
 * identity, and one identity's spent budget does not block another. */
Test(relay, rate_limits_429)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser m, a;
    tuser_new(&m, "mallory", 0);
    tuser_new(&a, "alice", 0);
    msg_relay *r = open_relay(db, 1, 3);
    msg_relay_set_now(r, msg_now_ms()); /* a frozen clock: no refill, exact counts */
    tgt tm = {r, 0, "10.0.2.1"}, ta_ = {r, 0, "10.0.2.2"};
    reg(&tm, &m, 0, NULL);
    reg(&ta_, &a, 0, NULL);
    char *tok_m = login(&tm, &m, NULL), *tok_a = login(&ta_, &a, NULL);
    int ok = 0, lim = 0;
    for (int i = 0; i < 100; i++) {
        char peer[32];
        snprintf(peer, sizeof peer, "10.0.3.%d", i); /* many addresses: the identity budget bites */
        tgt t = {r, 0, peer};
        char *b = NULL;
        msg_relay_req q = {"GET", "/api/users/alice/bundle", NULL, NULL, 0, tok_m, t.peer, 1, 0};
        msg_relay_resp o;
        int st = msg_relay_serve(r, &q, &o);
        b = o.body;
        if (st == 429) {
            lim++;
            cr_assert_geq(o.retry_after, 1);
        } else {
            cr_assert_eq(st, 200);
            ok++;
        }
        free(b);
    }
    cr_assert_eq(ok, 60, "bundle burst per identity is 60");
    cr_assert_eq(lim, 40);
    cr_assert_eq(call(&ta_, "GET", "/api/users/mallory/bundle", NULL, tok_a, NULL), 200);
    /* Failed logins of one (identity, address): 429 after the burst of 20. */
    int l429 = 0;
    for (int i = 0; i < 30; i++) {
        json_t *ch;
        cr_assert_eq(call(&tm, "POST", "/api/auth/challenge", json_pack("{s:s}", "id", "alice"), NULL, &ch), 200);
        static uint8_t sig[MSG_CSIG_BYTES];
        int st = call(&tm, "POST", "/api/auth/token",
                      json_pack("{s:s,s:O,s:I,s:o}", "id", "alice", "nonce", json_object_get(ch, "nonce"),
                                "timestamp_ms", (json_int_t)msg_now_ms(), "csig", b64j(sig, sizeof sig)),
                      NULL, NULL);
        json_decref(ch);
        cr_assert(st == 401 || st == 429, "%d", st);
        l429 += st == 429;
    }
    cr_assert_eq(l429, 10);
    /* ... while alice, from her own address, still logs in. */
    char *again = login(&ta_, &a, NULL);
    cr_assert_not_null(again);
    free(again);
    free(tok_m);
    free(tok_a);
    msg_relay_close(r);
    tuser_free(&m);
    tuser_free(&a);
}

/* Replay after acknowledgement: the (sender_ik, msg_id) tombstone refuses it
 * (409), also after a retention purge. */
Test(relay, replay_after_ack_refused)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser a, b;
    tuser_new(&a, "alice", 0);
    tuser_new(&b, "bob", 0);
    tgt t = {open_relay(db, 1, 3), 0, "10.0.0.5"};
    reg(&t, &a, 0, NULL);
    reg(&t, &b, 0, NULL);
    char *ta = login(&t, &a, NULL), *tb = login(&t, &b, NULL);
    give_bundle(&b, &a);
    json_t *up = upload_body(&a, &b, "once only"), *ix;
    json_incref(up);
    json_incref(up);
    cr_assert_eq(call(&t, "POST", "/api/messages", up, ta, &ix), 201);
    char p[128];
    snprintf(p, sizeof p, "/api/messages/bob/%lld", (long long)json_integer_value(json_object_get(ix, "message_index")));
    json_decref(ix);
    cr_assert_eq(call(&t, "DELETE", p, NULL, tb, NULL), 200);
    cr_assert_eq(call(&t, "DELETE", p, NULL, tb, NULL), 404);
    cr_assert_eq(call(&t, "POST", "/api/messages", up, ta, NULL), 409);
    msg_relay_purge(t.r);
    cr_assert_eq(call(&t, "POST", "/api/messages", up, ta, NULL), 409);
    free(ta);
    free(tb);
    msg_relay_close(t.r);
    tuser_free(&a);
    tuser_free(&b);
}

/* Retention runs on its own (a timer, msg_relay_purge here), not per request:
 * an old envelope stays listed until the purge, then is gone; and on SQLite
 * the mailbox and retention queries are served by their indexes (v1 scanned
 * every row's overflow pages on every request). */
Test(relay, retention_purge_and_indexes)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser a, b;
    tuser_new(&a, "alice", 0);
    tuser_new(&b, "bob", 0);
    msg_relay *r = open_relay(db, 0, 3);
    tgt t = {r, 0, NULL};
    reg(&t, &a, 0, NULL);
    reg(&t, &b, 0, NULL);
    char *ta = login(&t, &a, NULL);
    give_bundle(&b, &a);
    cr_assert_eq(call(&t, "POST", "/api/messages", upload_body(&a, &b, "old news"), ta, NULL), 201);
    free(ta);
    /* 31 days later (default retention 30 days). */
    msg_relay_set_now(r, msg_now_ms() + 31ull * 86400000);
    ta = login(&t, &b, NULL);
    cr_assert_null(ta, "the login timestamp is now stale: expected");
    msg_relay_set_now(r, 0);
    char *tb = login(&t, &b, NULL);
    json_t *o;
    cr_assert_eq(call(&t, "GET", "/api/messages/bob", NULL, tb, &o), 200);
    cr_assert_eq(json_array_size(json_object_get(o, "message_indexes")), 1, "no purge per request");
    json_decref(o);
    msg_relay_set_now(r, msg_now_ms() + 31ull * 86400000);
    msg_relay_purge(r);
    msg_relay_set_now(r, 0);
    cr_assert_eq(call(&t, "GET", "/api/messages/bob", NULL, tb, &o), 200);
    cr_assert_eq(json_array_size(json_object_get(o, "message_indexes")), 0, "purged after retention");
    json_decref(o);
    free(tb);
    msg_relay_close(r);
    if (strncmp(db, "postgresql://", 13) != 0) {
        sqlite3 *d;
        cr_assert_eq(sqlite3_open(db, &d), SQLITE_OK);
        static const struct {
            const char *q, *want;
        } plans[] = {
            {"EXPLAIN QUERY PLAN SELECT idx FROM messages WHERE recipient = 'bob' AND idx > 0 ORDER BY idx LIMIT 5",
             "messages_mailbox"},
            {"EXPLAIN QUERY PLAN SELECT idx, received_ms, sender_id, env FROM messages WHERE recipient = 'bob'"
             " AND idx > 0 ORDER BY idx LIMIT 5", "messages_mailbox"},
            {"EXPLAIN QUERY PLAN DELETE FROM messages WHERE received_ms < 5", "messages_retention"},
            {"EXPLAIN QUERY PLAN DELETE FROM seen WHERE until_ms < 5", "seen_until"},
        };
        for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
            sqlite3_stmt *st;
            cr_assert_eq(sqlite3_prepare_v2(d, plans[i].q, -1, &st, NULL), SQLITE_OK);
            int used = 0;
            while (sqlite3_step(st) == SQLITE_ROW) used |= strstr((const char *)sqlite3_column_text(st, 3), plans[i].want) != NULL;
            sqlite3_finalize(st);
            cr_expect(used, "%s does not use %s", plans[i].q, plans[i].want);
        }
        sqlite3_close(d);
    }
    tuser_free(&a);
    tuser_free(&b);
}

/* Strict parsing of tokens, ids, indexes, paths and the batch query. */
Test(relay, strict_parsing)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser a;
    tuser_new(&a, "alice", 0);
    tgt t = {open_relay(db, 1, 3), 0, "10.0.0.6"};
    reg(&t, &a, 0, NULL);
    char *ta = login(&t, &a, NULL), bad[80];
    cr_assert_eq(strlen(ta), 64);
    cr_assert_eq(call(&t, "GET", "/api/messages/alice", NULL, ta, NULL), 200);
    /* Tokens: other spellings of the same bytes, lengths, junk, one flipped bit. */
    for (int i = 0; i < 64; i++) bad[i] = (char)(ta[i] >= 'a' ? ta[i] - 32 : ta[i]);
    bad[64] = '\0';
    if (strcmp(bad, ta) != 0) cr_assert_eq(call(&t, "GET", "/api/messages/alice", NULL, bad, NULL), 401);
    snprintf(bad, sizeof bad, "%.63s", ta);
    cr_assert_eq(call(&t, "GET", "/api/messages/alice", NULL, bad, NULL), 401);
    snprintf(bad, sizeof bad, "%s0", ta);
    cr_assert_eq(call(&t, "GET", "/api/messages/alice", NULL, bad, NULL), 401);
    snprintf(bad, sizeof bad, " %.63s", ta);
    cr_assert_eq(call(&t, "GET", "/api/messages/alice", NULL, bad, NULL), 401);
    snprintf(bad, sizeof bad, "%s", ta);
    bad[40] = bad[40] == '0' ? '1' : '0';
    cr_assert_eq(call(&t, "GET", "/api/messages/alice", NULL, bad, NULL), 401);
    /* Ids: dot segments and encodings never register or route. */
    cr_assert_eq(call(&t, "POST", "/api/users", json_pack("{s:s,s:s}", "id", ".", "identity_record", "AAAA"), NULL, NULL), 400);
    cr_assert_eq(call(&t, "POST", "/api/users", json_pack("{s:s,s:s}", "id", "..", "identity_record", "AAAA"), NULL, NULL), 400);
    static const struct {
        const char *m, *p;
        int st;
    } cases[] = {
        {"GET", "/api/users/../bundle", 400},       {"GET", "/api/users/%2e%2e/bundle", 400},
        {"GET", "/api/messages%2Falice", 400},      {"GET", "/%6detrics", 400},
        {"GET", "/api/messages/alice/1%00", 400},   {"GET", "/api/messages/alice/+1", 400},
        {"GET", "/api/messages/alice/ 1", 400},     {"GET", "/api/messages/alice/01", 400},
        {"GET", "/api/messages/alice/-1", 400},     {"GET", "/api/messages/alice/1x", 400},
        {"GET", "/api/messages/alice/99999999999999999999", 400},
        {"GET", "/api/messages/alice/0", 404},      {"GET", "/api/messages/alice/7", 404},
        {"GET", "/api/messages/Alice", 400},        {"GET", "/api//messages/alice", 404},
        {"GET", "/api/messages/alice/", 400},       {"GET", "/nothing", 404},
        {"DELETE", "/api/users", 405},              {"PUT", "/api/messages/alice", 405},
        {"POST", "/api/messages/alice/1", 405},     {"GET", "/api/auth/token", 405},
        {"GET", "/metrics", 404}, /* the public port never serves metrics */
        {"GET", "/api/messages/alice?limit=0", 400}, {"GET", "/api/messages/alice?limit=101", 400},
        {"GET", "/api/messages/alice?limit=+5", 400}, {"GET", "/api/messages/alice?after=-1", 400},
        {"GET", "/api/messages/alice?after=01", 400}, {"GET", "/api/messages/alice?foo=1", 400},
        {"GET", "/api/messages/alice?after=1&after=2", 400}, {"GET", "/api/messages/alice?after", 400},
        {"GET", "/api/messages/alice?after=1&", 400}, {"GET", "/api/messages/alice?limit=100", 200},
        {"GET", "/api/messages/alice?after=0&limit=1", 200},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(call(&t, cases[i].m, cases[i].p, NULL, ta, NULL), cases[i].st, "%s %s", cases[i].m, cases[i].p);
    /* A challenge for a malformed id is 400; an oversize body 413. */
    cr_assert_eq(call(&t, "POST", "/api/auth/challenge", json_pack("{s:s}", "id", "a/b"), NULL, NULL), 400);
    free(ta);
    msg_relay_close(t.r);
    tuser_free(&a);
}

/* The batch fetch: increasing indexes after N, limit, "more". */
Test(relay, batch_fetch)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser a, b;
    tuser_new(&a, "alice", 0);
    tuser_new(&b, "bob", 0);
    tgt t = {open_relay(db, 1, 3), 0, "10.0.0.7"};
    reg(&t, &a, 0, NULL);
    reg(&t, &b, 0, NULL);
    char *ta = login(&t, &a, NULL), *tb = login(&t, &b, NULL);
    give_bundle(&b, &a);
    json_int_t idx[5];
    for (int i = 0; i < 5; i++) {
        char text[32];
        json_t *ix;
        snprintf(text, sizeof text, "message %d", i);
        cr_assert_eq(call(&t, "POST", "/api/messages", upload_body(&a, &b, text), ta, &ix), 201);
        idx[i] = json_integer_value(json_object_get(ix, "message_index"));
        json_decref(ix);
        if (i) cr_assert_gt(idx[i], idx[i - 1]);
    }
    json_t *o;
    cr_assert_eq(call(&t, "GET", "/api/messages/bob?limit=2", NULL, tb, &o), 200);
    json_t *ms = json_object_get(o, "messages");
    cr_assert_eq(json_array_size(ms), 2);
    cr_assert(json_is_true(json_object_get(o, "more")));
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(ms, 0), "message_index")), idx[0]);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(ms, 1), "sender_id")), "alice");
    cr_assert_not_null(json_string_value(json_object_get(json_array_get(ms, 1), "content")));
    cr_assert(json_is_integer(json_object_get(json_array_get(ms, 1), "received_at")));
    json_decref(o);
    char p[96];
    snprintf(p, sizeof p, "/api/messages/bob?after=%lld", (long long)idx[1]);
    cr_assert_eq(call(&t, "GET", p, NULL, tb, &o), 200);
    ms = json_object_get(o, "messages");
    cr_assert_eq(json_array_size(ms), 3);
    cr_assert(json_is_false(json_object_get(o, "more")));
    /* Each one opens. */
    for (size_t i = 0; i < 3; i++) {
        uint8_t *env = malloc(MSG_ENV_MAX + 3);
        long n = msg_b64_decode(env, MSG_ENV_MAX + 3, json_string_value(json_object_get(json_array_get(ms, i), "content")));
        msg_received rcv;
        give_bundle(&a, &b);
        cr_assert_eq(msg_user_open(b.ctx, env, (size_t)n, &rcv), MSG_OK);
        msg_received_free(&rcv);
        free(env);
    }
    json_decref(o);
    cr_assert_eq(call(&t, "GET", "/api/messages/bob", NULL, tb, &o), 200);
    cr_assert_eq(json_array_size(json_object_get(o, "message_indexes")), 5); /* v1 answer */
    json_decref(o);
    free(ta);
    free(tb);
    msg_relay_close(t.r);
    tuser_free(&a);
    tuser_free(&b);
}

/* Two relays on one database: register at A, send through B, fetch from A;
 * 50 parallel bundle requests split over A and B hand out each OPK at most once. */
typedef struct {
    tgt *t;
    const char *tok;
    char opk[8192];
    int st;
} bundle_job;
static void *bundle_thread(void *arg)
{
    bundle_job *j = arg;
    json_t *o;
    j->st = call(j->t, "GET", "/api/users/bob/bundle", NULL, j->tok, &o);
    const char *s = json_string_value(json_object_get(o, "opk_record"));
    snprintf(j->opk, sizeof j->opk, "%s", s ? s : "");
    json_decref(o);
    return NULL;
}

static void two_relays(tgt A, tgt B)
{
    tuser a, b;
    tuser_new(&a, "alice", 0);
    tuser_new(&b, "bob", 30);
    reg(&A, &a, 0, NULL);
    reg(&A, &b, 30, NULL);
    char *ta = login(&B, &a, NULL), *tb = login(&A, &b, NULL); /* tokens from either relay work at the other */
    give_bundle(&b, &a);
    json_t *ix;
    cr_assert_eq(call(&B, "POST", "/api/messages", upload_body(&a, &b, "via B"), ta, &ix), 201);
    json_decref(ix);
    json_t *o;
    cr_assert_eq(call(&A, "GET", "/api/messages/bob?after=0", NULL, tb, &o), 200);
    cr_assert_eq(json_array_size(json_object_get(o, "messages")), 1);
    json_decref(o);
    static bundle_job jobs[50];
    pthread_t th[50];
    for (int i = 0; i < 50; i++) {
        jobs[i].t = i % 2 ? &A : &B;
        jobs[i].tok = ta;
        cr_assert_eq(pthread_create(&th[i], NULL, bundle_thread, &jobs[i]), 0);
    }
    int with = 0;
    for (int i = 0; i < 50; i++) {
        pthread_join(th[i], NULL);
        cr_assert_eq(jobs[i].st, 200);
        if (jobs[i].opk[0] == '\0') continue;
        with++;
        for (int k = 0; k < i; k++) cr_assert_str_neq(jobs[i].opk, jobs[k].opk, "an OPK was served twice");
    }
    cr_assert_eq(with, 30, "every OPK served exactly once");
    /* Revocation across relays: bob's token, just checked (and cached) at A,
     * is revoked at B; B refuses it at once, A within its token cache
     * lifetime (1 s, PROTOCOL.md 14). */
    cr_assert_eq(call(&A, "GET", "/api/messages/bob", NULL, tb, NULL), 200);
    cr_assert_eq(call(&B, "POST", "/api/auth/revoke", NULL, tb, NULL), 200);
    cr_assert_eq(call(&B, "GET", "/api/messages/bob", NULL, tb, NULL), 401);
    struct timespec pause = {1, 200000000};
    nanosleep(&pause, NULL);
    cr_assert_eq(call(&A, "GET", "/api/messages/bob", NULL, tb, NULL), 401);
    free(ta);
    free(tb);
    tuser_free(&a);
    tuser_free(&b);
}

Test(relay, two_relays_one_database)
{
    char db[512];
    fresh_db(db, sizeof db);
    tgt A = {open_relay(db, 0, 1000), 0, "10.0.1.1"}, B = {open_relay(db, 0, 1000), 0, "10.0.1.2"};
    two_relays(A, B);
    msg_relay_close(A.r);
    msg_relay_close(B.r);
}

/* ---- over HTTP, against aegis-relay processes ------------------------------------------ */
static int find_relay(char bin[PATH_MAX])
{
    const char *env = getenv("AEGIS_RELAY_BIN");
    char self[PATH_MAX];
    if (env) return realpath(env, bin) != NULL;
    ssize_t l = readlink("/proc/self/exe", self, sizeof self - 32);
    if (l <= 0) return 0;
    self[l] = '\0';
    char *s = strrchr(self, '/');
    if (s == NULL) return 0;
    *s = '\0';
    s = strrchr(self, '/');
    if (s == NULL) return 0;
    snprintf(s, 32, "/aegis-relay");
    return access(self, X_OK) == 0 && realpath(self, bin) != NULL;
}

typedef struct {
    pid_t pid;
    int port, mport;
    char log[256];
} server;

/* Start aegis-relay on kernel-chosen loopback ports; extra: more arguments. */
static void start_server(server *s, const char *db, const char *const *extra)
{
    static char bin[PATH_MAX];
    if (!find_relay(bin)) cr_skip_test("aegis-relay not built");
    char pf[256];
    snprintf(pf, sizeof pf, "%s/port%d", root, db_counter * 100 + (int)(random() % 100));
    snprintf(s->log, sizeof s->log, "%s/relay-log%d", root, (int)(random() % 100000));
    unlink(pf);
    const char *argv[40] = {bin, "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--db", db,
                            "--port-file", pf, "--threads", "2"};
    int n = 11;
    for (int i = 0; extra && extra[i] && n < 38; i++) argv[n++] = extra[i];
    argv[n] = NULL;
    s->pid = fork();
    cr_assert_geq(s->pid, 0);
    if (s->pid == 0) {
        int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) dup2(fd, 2);
        int nul = open("/dev/null", O_RDWR);
        if (nul >= 0) dup2(nul, 1), dup2(nul, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed test leaves no server behind */
        setenv("AEGIS_LOG", "info", 1);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    for (int i = 0; i < 300; i++) {
        FILE *f = fopen(pf, "r");
        if (f) {
            int ok = fscanf(f, "%d %d", &s->port, &s->mport) == 2;
            fclose(f);
            if (ok) return;
        }
        usleep(20000);
    }
    kill(s->pid, SIGKILL);
    cr_assert_fail("aegis-relay did not start");
}

static int stop_server(server *s, int sig)
{
    int st;
    kill(s->pid, sig);
    waitpid(s->pid, &st, 0);
    return st;
}

static long rss_hwm_kb(pid_t pid)
{
    char p[64], line[256];
    long kb = -1;
    snprintf(p, sizeof p, "/proc/%d/status", (int)pid);
    FILE *f = fopen(p, "r");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld", &kb) == 1) break;
    if (f) fclose(f);
    return kb;
}

/* The same with two aegis-relay processes on one database, over HTTP. */
Test(relay, two_relay_processes_one_database)
{
    char db[512];
    fresh_db(db, sizeof db);
    server sa, sb;
    const char *ex[] = {"--rate-scale", "0", "--opk-budget", "1000", NULL};
    start_server(&sa, db, ex);
    start_server(&sb, db, ex);
    two_relays((tgt){NULL, sa.port, NULL}, (tgt){NULL, sb.port, NULL});
    stop_server(&sa, SIGTERM);
    stop_server(&sb, SIGTERM);
}

/* healthz, readyz, 405 with Allow, 429 with Retry-After, the metrics
 * listener (not the public port) with HELP/TYPE and full histograms, and an
 * access log with route templates only. */
Test(relay, http_endpoints_metrics_log)
{
    char db[512], *body, *hdr;
    fresh_db(db, sizeof db);
    server s;
    start_server(&s, db, NULL);
    cr_assert_eq(http(s.port, NULL, "GET", "/healthz", NULL, NULL, &body, NULL), 200);
    free(body);
    cr_assert_eq(http(s.port, NULL, "GET", "/readyz", NULL, NULL, &body, NULL), 200);
    free(body);
    cr_assert_eq(http(s.port, NULL, "GET", "/metrics", NULL, NULL, &body, NULL), 404);
    free(body);
    cr_assert_eq(http(s.port, NULL, "DELETE", "/api/users", NULL, NULL, &body, &hdr), 405);
    cr_assert_not_null(strstr(hdr, "Allow: POST"));
    free(body);
    free(hdr);
    cr_assert_eq(http(s.port, NULL, "GET", "/api/messages%2Fbob", NULL, NULL, &body, NULL), 400);
    free(body);
    cr_assert_eq(http(s.port, NULL, "GET", "/%6detrics", NULL, NULL, &body, NULL), 400);
    free(body);
    int got429 = 0;
    for (int i = 0; i < 40 && !got429; i++) {
        int st = http(s.port, "127.0.0.3", "POST", "/api/users", NULL, "{}", &body, &hdr);
        if (st == 429) {
            got429 = 1;
            cr_assert_not_null(strstr(hdr, "Retry-After: "));
        }
        free(body);
        free(hdr);
    }
    cr_assert(got429, "registration flood from one address must get 429");
    cr_assert_eq(http(s.mport, NULL, "GET", "/metrics", NULL, NULL, &body, NULL), 200);
    static const char *const want[] = {
        "# HELP aegis_relay_requests_total", "# TYPE aegis_relay_requests_total counter",
        "aegis_relay_requests_total{route=\"GET /healthz\",status=\"200\"} 1",
        "# TYPE aegis_relay_request_duration_seconds histogram",
        "aegis_relay_request_duration_seconds_bucket{route=\"GET /healthz\",le=\"+Inf\"} 1",
        "aegis_relay_request_duration_seconds_sum{route=\"GET /healthz\"}",
        "aegis_relay_request_duration_seconds_count{route=\"GET /healthz\"} 1",
        "aegis_relay_upload_verify_seconds_count", "aegis_relay_rejected_total{reason=\"rate_limited\"}",
        "aegis_relay_active_users", "aegis_relay_envelopes_queued 0", "aegis_relay_opk_stock 0"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) cr_expect_not_null(strstr(body, want[i]), "%s", want[i]);
    free(body);
    cr_assert_eq(http(s.mport, NULL, "GET", "/api/users/x/bundle", NULL, NULL, &body, NULL), 404);
    free(body);
    int st = stop_server(&s, SIGTERM);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "clean exit on SIGTERM");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "grep -q 'relay: GET /healthz 200 ' %s && ! grep -q 'bob' %s", s.log, s.log);
    cr_assert_eq(system(cmd), 0, "access log lines carry the route template, never ids");
}

/* Oversize or unauthenticated bodies are refused before they are read, and
 * 800 connections each declaring 1 MiB leave the server's RSS bounded. */
Test(relay, bodies_refused_before_read)
{
    char db[512], *body;
    fresh_db(db, sizeof db);
    server s;
    const char *ex[] = {"--per-ip", "5000", "--rate-scale", "100", NULL};
    start_server(&s, db, ex);
    char req[512];
    /* Declared too large: 413 from the headers alone. */
    int n = snprintf(req, sizeof req, "POST /api/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                      "Content-Length: 52428800\r\n\r\n");
    cr_assert_eq(http_raw(s.port, NULL, req, (size_t)n, &body, NULL), 413);
    free(body);
    /* Needs a token: 401 before the body. */
    n = snprintf(req, sizeof req, "POST /api/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                  "Content-Length: 50000\r\n\r\n");
    cr_assert_eq(http_raw(s.port, NULL, req, (size_t)n, &body, NULL), 401);
    free(body);
    n = snprintf(req, sizeof req, "PUT /api/users/bob/prekeys HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                  "Content-Length: 900000\r\nAuthorization: Bearer %064d\r\n\r\n", 0);
    cr_assert_eq(http_raw(s.port, NULL, req, (size_t)n, &body, NULL), 401);
    free(body);
    /* Streamed (chunked) past the cap: cut off, never read to the end. */
    int fd = connect_from(s.port, NULL);
    n = snprintf(req, sizeof req, "POST /api/users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    cr_assert_eq(send_all(fd, req, (size_t)n), 0);
    static char chunk[65536 + 16];
    int hl = snprintf(chunk, 16, "10000\r\n");
    memset(chunk + hl, 'A', 65536);
    memcpy(chunk + hl + 65536, "\r\n", 2);
    size_t sent = 0;
    while (sent < (50u << 20) && send_all(fd, chunk, (size_t)hl + 65538) == 0) sent += 65536;
    close(fd);
    cr_assert_lt(sent, 50u << 20, "a 50 MiB chunked upload must be cut off");
    /* 800 unauthenticated 1 MiB uploads, headers sent, bodies held back. */
    static int fds[800];
    for (int i = 0; i < 800; i++) {
        fds[i] = connect_from(s.port, NULL);
        n = snprintf(req, sizeof req, "PUT /api/users/bob/prekeys HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
        if (fds[i] >= 0) send_all(fds[i], req, (size_t)n);
    }
    static char junk[16384];
    memset(junk, '{', sizeof junk);
    for (int i = 0; i < 800; i++)
        if (fds[i] >= 0) send(fds[i], junk, sizeof junk, MSG_NOSIGNAL | MSG_DONTWAIT);
    usleep(500000);
    long kb = rss_hwm_kb(s.pid);
    for (int i = 0; i < 800; i++)
        if (fds[i] >= 0) close(fds[i]);
    cr_assert_gt(kb, 0);
    cr_assert_lt(kb, 100 * 1024, "server RSS high-water %ld KiB", kb);
    stop_server(&s, SIGTERM);
}

/* Review: two Content-Length headers, or Content-Length beside
 * Transfer-Encoding, are ambiguous framing (a proxy in front may split the
 * stream elsewhere: request smuggling): 400, never served. */
Test(relay, ambiguous_framing_refused)
{
    char db[512], *body, req[512];
    fresh_db(db, sizeof db);
    server s;
    start_server(&s, db, NULL);
    static const char *const reqs[] = {
        "POST /api/auth/challenge HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 14\r\n"
        "Content-Length: 5000\r\n\r\n{\"id\":\"alice\"}",
        "POST /api/auth/challenge HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 14\r\n"
        "content-length: 14\r\n\r\n{\"id\":\"alice\"}",
        "POST /api/auth/challenge HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 14\r\n"
        "Transfer-Encoding: chunked\r\n\r\ne\r\n{\"id\":\"alice\"}\r\n0\r\n\r\n",
        "POST /api/auth/challenge HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        "Transfer-Encoding: identity\r\n\r\n{\"id\":\"alice\"}",
        "POST /api/auth/challenge HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        "Transfer-Encoding: gzip, chunked\r\n\r\ne\r\n{\"id\":\"alice\"}\r\n0\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
        body = NULL;
        cr_expect_eq(http_raw(s.port, NULL, reqs[i], strlen(reqs[i]), &body, NULL), 400, "request %zu", i);
        cr_expect(body == NULL || strstr(body, "nonce") == NULL, "request %zu served", i);
        free(body);
    }
    /* Either framing alone is served. */
    int n = snprintf(req, sizeof req, "POST /api/auth/challenge HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                      "Content-Length: 14\r\n\r\n{\"id\":\"alice\"}");
    cr_assert_eq(http_raw(s.port, NULL, req, (size_t)n, &body, NULL), 200);
    free(body);
    n = snprintf(req, sizeof req, "POST /api/auth/challenge HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\ne\r\n{\"id\":\"alice\"}\r\n0\r\n\r\n");
    cr_assert_eq(http_raw(s.port, NULL, req, (size_t)n, &body, NULL), 200);
    free(body);
    stop_server(&s, SIGTERM);
}

/* 1,500 slow connections (a header byte now and then) do not stop a
 * legitimate register / send / fetch; the header deadline then closes them. */
Test(relay, slow_connections_do_not_lock_out)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < 4000 && rl.rlim_max >= 4000) {
        rl.rlim_cur = 4000;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < 1600) cr_skip_test("RLIMIT_NOFILE too low");
    char db[512];
    fresh_db(db, sizeof db);
    server s;
    const char *ex[] = {"--per-ip", "4000", "--header-timeout", "3", "--rate-scale", "100", NULL};
    start_server(&s, db, ex);
    static int fds[1500];
    int open_n = 0;
    for (int i = 0; i < 1500; i++) {
        fds[i] = connect_from(s.port, "127.0.0.2");
        if (fds[i] >= 0 && send_all(fds[i], "GET /healthz HTTP/1.1\r\nX-Slow: ", 31) == 0) open_n++;
    }
    cr_assert_eq(open_n, 1500);
    tuser a, b;
    tuser_new(&a, "alice", 0);
    tuser_new(&b, "bob", 1);
    tgt t = {NULL, s.port, NULL};
    for (int i = 0; i < 1500; i++) send(fds[i], "x", 1, MSG_NOSIGNAL);
    reg(&t, &a, 0, NULL);
    reg(&t, &b, 1, NULL);
    char *ta = login(&t, &a, NULL), *tb = login(&t, &b, NULL);
    give_bundle(&b, &a);
    cr_assert_eq(call(&t, "POST", "/api/messages", upload_body(&a, &b, "through the crowd"), ta, NULL), 201);
    json_t *o;
    cr_assert_eq(call(&t, "GET", "/api/messages/bob?after=0", NULL, tb, &o), 200);
    cr_assert_eq(json_array_size(json_object_get(o, "messages")), 1);
    json_decref(o);
    /* Past the 3 s header deadline the slow connections are closed. */
    sleep(4);
    int closed = 0;
    for (int i = 0; i < 1500; i++) {
        char c;
        struct pollfd p = {fds[i], POLLIN, 0};
        if (poll(&p, 1, 0) == 1 && recv(fds[i], &c, 1, MSG_DONTWAIT) <= 0) closed++;
        close(fds[i]);
    }
    cr_assert_gt(closed, 1400, "only %d slow connections were closed by the deadline", closed);
    free(ta);
    free(tb);
    stop_server(&s, SIGTERM);
    tuser_free(&a);
    tuser_free(&b);
}

/* A body that trickles in slower than --body-timeout is cut off. */
/* Review: the metrics listener (64 connections) has the same header
 * deadline: a client trickling header bytes is cut off, not kept forever. */
Test(relay, metrics_listener_header_deadline)
{
    char db[512];
    fresh_db(db, sizeof db);
    server s;
    const char *ex[] = {"--header-timeout", "1", NULL};
    start_server(&s, db, ex);
    int fd = connect_from(s.mport, NULL);
    cr_assert_geq(fd, 0);
    cr_assert_eq(send_all(fd, "GET /metrics HTTP/1.1\r\n", 24), 0);
    int closed = 0;
    for (int i = 0; i < 40 && !closed; i++) {
        usleep(100000);
        send(fd, "X", 1, MSG_NOSIGNAL); /* a header byte per 100 ms: never idle, always late */
        struct pollfd p = {fd, POLLIN, 0};
        char c;
        closed = poll(&p, 1, 0) == 1 && recv(fd, &c, 1, MSG_DONTWAIT) <= 0;
    }
    close(fd);
    cr_assert(closed, "the slow metrics request was not cut off");
    stop_server(&s, SIGTERM);
}

Test(relay, body_deadline)
{
    char db[512], req[256];
    fresh_db(db, sizeof db);
    server s;
    const char *ex[] = {"--body-timeout", "1", NULL};
    start_server(&s, db, ex);
    int fd = connect_from(s.port, NULL);
    int n = snprintf(req, sizeof req, "POST /api/auth/challenge HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n{\"id\":");
    cr_assert_eq(send_all(fd, req, (size_t)n), 0);
    int closed = 0;
    for (int i = 0; i < 40 && !closed; i++) {
        usleep(100000);
        send(fd, " ", 1, MSG_NOSIGNAL); /* one byte per 100 ms: never idle, always late */
        struct pollfd p = {fd, POLLIN, 0};
        char c;
        closed = poll(&p, 1, 0) == 1 && recv(fd, &c, 1, MSG_DONTWAIT) <= 0;
    }
    close(fd);
    cr_assert(closed, "the slow body was not cut off");
    stop_server(&s, SIGTERM);
}

/* kill -9 during uploads loses no envelope that got a 201. */
typedef struct {
    int port;
    const char *tok;
    char **bodies;
    int from, to;
    json_int_t *idx; /* 0: no 201 */
} up_job;
static void *up_thread(void *arg)
{
    up_job *j = arg;
    for (int i = j->from; i < j->to; i++) {
        char *resp = NULL;
        int st = http(j->port, NULL, "POST", "/api/messages", j->tok, j->bodies[i], &resp, NULL);
        json_t *o = st == 201 && resp ? json_loads(resp, 0, NULL) : NULL;
        j->idx[i] = o ? json_integer_value(json_object_get(o, "message_index")) : 0;
        json_decref(o);
        free(resp);
    }
    return NULL;
}

Test(relay, kill9_loses_no_acknowledged_upload)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser a, b;
    tuser_new(&a, "alice", 0);
    tuser_new(&b, "bob", 0);
    give_bundle(&b, &a);
    enum { N = 60 };
    static char *bodies[N];
    static json_int_t idx[N];
    for (int i = 0; i < N; i++) {
        char text[32];
        snprintf(text, sizeof text, "durable %d", i);
        json_t *j = upload_body(&a, &b, text);
        bodies[i] = json_dumps(j, JSON_COMPACT);
        json_decref(j);
    }
    server s;
    const char *ex[] = {"--rate-scale", "100", NULL};
    start_server(&s, db, ex);
    tgt t = {NULL, s.port, NULL};
    reg(&t, &a, 0, NULL);
    reg(&t, &b, 0, NULL);
    char *ta = login(&t, &a, NULL);
    up_job jobs[3];
    pthread_t th[3];
    for (int k = 0; k < 3; k++) {
        jobs[k] = (up_job){s.port, ta, bodies, k * N / 3, (k + 1) * N / 3, idx};
        pthread_create(&th[k], NULL, up_thread, &jobs[k]);
    }
    usleep(150000 + (useconds_t)(random() % 200000));
    stop_server(&s, SIGKILL);
    for (int k = 0; k < 3; k++) pthread_join(th[k], NULL);
    int acked = 0;
    for (int i = 0; i < N; i++) acked += idx[i] != 0;
    start_server(&s, db, ex);
    t.port = s.port;
    char *tb = login(&t, &b, NULL);
    json_t *o;
    cr_assert_eq(call(&t, "GET", "/api/messages/bob", NULL, tb, &o), 200);
    json_t *have = json_object_get(o, "message_indexes");
    for (int i = 0; i < N; i++) {
        if (idx[i] == 0) continue;
        int found = 0;
        for (size_t k = 0; k < json_array_size(have); k++) found |= json_integer_value(json_array_get(have, k)) == idx[i];
        cr_assert(found, "envelope %d got 201 (index %lld) but is gone after kill -9", i, (long long)idx[i]);
    }
    cr_log_info("kill -9 after %d of %d uploads acknowledged; all present after restart", acked, N);
    json_decref(o);
    stop_server(&s, SIGTERM);
    for (int i = 0; i < N; i++) free(bodies[i]);
    free(ta);
    free(tb);
    tuser_free(&a);
    tuser_free(&b);
}

/* SIGTERM: the listener closes, a request in flight (body half sent) still
 * completes with 201, the process exits 0, and the envelope is there after a
 * restart. Also: concurrent uploads share group commits (figures logged, not
 * asserted), and the access log never names users or tokens. */
Test(relay, sigterm_drains_in_flight)
{
    char db[512];
    fresh_db(db, sizeof db);
    tuser a, b;
    tuser_new(&a, "alice", 0);
    tuser_new(&b, "bob", 0);
    give_bundle(&b, &a);
    enum { N = 31 };
    static char *bodies[N];
    static json_int_t idx[N];
    for (int i = 0; i < N; i++) {
        char text[32];
        snprintf(text, sizeof text, "drain %d", i);
        json_t *j = upload_body(&a, &b, text);
        bodies[i] = json_dumps(j, JSON_COMPACT);
        json_decref(j);
    }
    server s;
    const char *ex[] = {"--rate-scale", "100", NULL};
    start_server(&s, db, ex);
    tgt t = {NULL, s.port, NULL};
    reg(&t, &a, 0, NULL);
    reg(&t, &b, 0, NULL);
    char *ta = login(&t, &a, NULL);
    up_job jobs[3];
    pthread_t th[3];
    for (int k = 0; k < 3; k++) {
        jobs[k] = (up_job){s.port, ta, bodies, k * 10, (k + 1) * 10, idx};
        pthread_create(&th[k], NULL, up_thread, &jobs[k]);
    }
    for (int k = 0; k < 3; k++) pthread_join(th[k], NULL);
    for (int i = 0; i < 30; i++) cr_assert_neq(idx[i], 0, "upload %d", i);
    char *m;
    cr_assert_eq(http(s.mport, NULL, "GET", "/metrics", NULL, NULL, &m, NULL), 200);
    const char *gc = strstr(m, "\naegis_relay_group_commits_total "), *gd = strstr(m, "\naegis_relay_group_committed_total ");
    if (gc && gd) cr_log_info("30 uploads on 3 connections: %lld envelopes in %lld commits", atoll(gd + 35), atoll(gc + 33));
    free(m);
    /* One upload in flight across the SIGTERM. */
    size_t bl = strlen(bodies[30]);
    char hdr[512];
    int n = snprintf(hdr, sizeof hdr, "POST /api/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                      "Authorization: Bearer %s\r\nContent-Length: %zu\r\n\r\n", ta, bl);
    int fd = connect_from(s.port, NULL);
    cr_assert_eq(send_all(fd, hdr, (size_t)n), 0);
    cr_assert_eq(send_all(fd, bodies[30], bl / 2), 0);
    usleep(200000);
    kill(s.pid, SIGTERM);
    usleep(300000);
    int late = connect_from(s.port, NULL);
    cr_assert_lt(late, 0, "the listener must be closed after SIGTERM");
    cr_assert_eq(send_all(fd, bodies[30] + bl / 2, bl - bl / 2), 0);
    cr_assert_eq(read_resp(fd, NULL, NULL), 201, "the request in flight completes");
    close(fd);
    int st;
    waitpid(s.pid, &st, 0);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    char log1[256];
    snprintf(log1, sizeof log1, "%s", s.log);
    start_server(&s, db, ex);
    t.port = s.port;
    char *tb = login(&t, &b, NULL);
    json_t *o;
    cr_assert_eq(call(&t, "GET", "/api/messages/bob", NULL, tb, &o), 200);
    cr_assert_eq(json_array_size(json_object_get(o, "message_indexes")), N);
    json_decref(o);
    stop_server(&s, SIGTERM);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "grep -q 'relay: POST /api/messages 201 ' %s && ! grep -q -e alice -e bob -e '%.16s' %s",
             log1, ta, log1);
    if (system(cmd) != 0) {
        snprintf(cmd, sizeof cmd, "cat %s >&2", s.log);
        if (system(cmd)) {}
        cr_assert_fail("access log: route templates only, no ids or tokens");
    }
    for (int i = 0; i < N; i++) free(bodies[i]);
    free(ta);
    free(tb);
    tuser_free(&a);
    tuser_free(&b);
}

/* Native TLS: an https round trip with a throwaway self-signed certificate. */
Test(relay, https_round_trip)
{
    if (system("command -v openssl >/dev/null 2>&1 && command -v curl >/dev/null 2>&1") != 0)
        cr_skip_test("openssl or curl missing");
    static char cmd[PATH_MAX + 1024];
    char cert[128], key[128], db[512];
    snprintf(cert, sizeof cert, "%s/cert.pem", root);
    snprintf(key, sizeof key, "%s/key.pem", root);
    snprintf(cmd, sizeof cmd, "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                              "-keyout %s -out %s >/dev/null 2>&1", key, cert);
    cr_assert_eq(system(cmd), 0);
    fresh_db(db, sizeof db);
    server s;
    const char *ex[] = {"--tls-cert", cert, "--tls-key", key, NULL};
    static char bin[PATH_MAX];
    if (!find_relay(bin)) cr_skip_test("aegis-relay not built");
    snprintf(cmd, sizeof cmd, "%s --check-tls >/dev/null 2>&1", bin);
    if (system(cmd) != 0) cr_skip_test("this libmicrohttpd has no TLS support");
    start_server(&s, db, ex);
    snprintf(cmd, sizeof cmd, "curl -s --cacert %s https://127.0.0.1:%d/healthz | grep -q ok", cert, s.port);
    cr_assert_eq(system(cmd), 0, "https GET /healthz");
    snprintf(cmd, sizeof cmd, "test \"$(curl -s -o /dev/null -w '%%{http_code}' --cacert %s -X POST -d '{}' "
                              "https://127.0.0.1:%d/api/auth/challenge)\" = 400", cert, s.port);
    cr_assert_eq(system(cmd), 0, "https POST");
    stop_server(&s, SIGTERM);
}

#endif
