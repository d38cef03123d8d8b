/*
 * test_client.c -- the relay client (msg/relay_client.c, `aegis
 * register|send|fetch`): URL checks and exit codes, retries on 429/503 with
 * Retry-After, connection reuse, timeouts and size caps against a scripted
 * fake server (a socket thread), the batch fetch route (paged, failures
 * counted), the v1 fallback against the real aegis-relay with 200 envelopes,
 * and HTTPS with --cacert against a TLS relay started inside the test
 * (libmicrohttpd + msg_relay_handle) with a throwaway self-signed certificate.
 *
 * Why one file (830 lines): a Criterion suite is one tests/test_*.c and one
 * binary (Makefile); the fake server thread and the TLS relay serve every
 * test in it.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_include)
#if __has_include("../aes/aes.h") && __has_include("../mlkem/mlkem768.h") && \
    __has_include("../mldsa/mldsa65.h") && __has_include("../fndsa/fndsa512.h") && __has_include(<microhttpd.h>)
#define HAVE_MSG 1
#endif
#endif

#ifndef HAVE_MSG
Test(client, needs_primitives)
{
    cr_skip_test("msg/ builds once aes/, mlkem/, mldsa/ and fndsa/ are in the tree");
}
#else

#include <arpa/inet.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kat/drbg.h"
#include "../msg/client.h"
#include "../msg/msg.h"
#include "../msg/relay.h"
#include "../msg/relay_client.h"

#define T0 1764000000000ull

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A listening socket on 127.0.0.1, port chosen by the kernel. */
static int listen_any(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(fd, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t l = sizeof a;
    cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    cr_assert_eq(listen(fd, 64), 0);
    cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &l), 0);
    *port = ntohs(a.sin_port);
    return fd;
}

/* ---- a scripted HTTP/1.1 server (keep-alive, one thread per connection) -- */
typedef struct fake fake;
typedef struct {
    int status;
    char headers[256]; /* extra header lines, each ending in \r\n */
    char *body;        /* malloc'd, or NULL */
    long declared_len; /* > 0: announce this Content-Length, send nothing */
    int hang_s;        /* sleep before answering */
} fake_reply;
typedef void (*fake_fn)(fake *f, const char *method, const char *target, const char *body, fake_reply *r);
struct fake {
    int lfd, port;
    fake_fn fn;
    void *arg;
    pthread_t th, conn_th[16];
    int conn_fd[16], nconn, nreq;
    pthread_mutex_t mu;
    char last_target[16][256]; /* the last 16 request targets, for assertions */
};

typedef struct {
    fake *f;
    int fd;
} conn_arg;

static void *fake_conn(void *p)
{
    conn_arg *ca = p;
    fake *f = ca->f;
    int fd = ca->fd;
    free(ca);
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        char *sep;
        buf[n] = '\0';
        while ((sep = strstr(buf, "\r\n\r\n")) == NULL) {
            ssize_t r = recv(fd, buf + n, cap - n, 0);
            if (r <= 0) goto out;
            n += (size_t)r;
            buf[n] = '\0';
        }
        size_t hl = (size_t)(sep + 4 - buf), cl = 0;
        char method[16] = "", target[256] = "";
        sscanf(buf, "%15s %255s", method, target);
        for (char *h = strstr(buf, "\r\n"); h && h < sep; h = strstr(h + 2, "\r\n"))
            if (strncasecmp(h + 2, "Content-Length:", 15) == 0) cl = strtoul(h + 17, NULL, 10);
        while (n < hl + cl) {
            ssize_t r = recv(fd, buf + n, cap - n, 0);
            if (r <= 0) goto out;
            n += (size_t)r;
        }
        char *body = malloc(cl + 1);
        memcpy(body, buf + hl, cl);
        body[cl] = '\0';
        memmove(buf, buf + hl + cl, n - hl - cl);
        n -= hl + cl;
        fake_reply rep;
        memset(&rep, 0, sizeof rep);
        rep.status = 404;
        pthread_mutex_lock(&f->mu);
        snprintf(f->last_target[f->nreq % 16], 256, "%s %s", method, target);
        f->nreq++;
        f->fn(f, method, target, body, &rep);
        pthread_mutex_unlock(&f->mu);
        free(body);
        if (rep.hang_s) sleep((unsigned)rep.hang_s);
        size_t bl = rep.body ? strlen(rep.body) : 0;
        char head[512];
        int k = snprintf(head, sizeof head, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %ld\r\n%s\r\n",
                         rep.status, rep.declared_len > 0 ? rep.declared_len : (long)bl, rep.headers);
        int ok = send(fd, head, (size_t)k, MSG_NOSIGNAL) == k;
        if (ok && bl && rep.declared_len <= 0) ok = send(fd, rep.body, bl, MSG_NOSIGNAL) == (ssize_t)bl;
        free(rep.body);
        if (!ok || rep.declared_len > 0) break;
    }
out:
    free(buf);
    shutdown(fd, SHUT_RDWR);
    return NULL;
}

static void *fake_accept(void *p)
{
    fake *f = p;
    for (;;) {
        int fd = accept(f->lfd, NULL, NULL);
        if (fd < 0) return NULL;
        pthread_mutex_lock(&f->mu);
        int i = f->nconn < 16 ? f->nconn++ : -1;
        pthread_mutex_unlock(&f->mu);
        if (i < 0) {
            close(fd);
            continue;
        }
        f->conn_fd[i] = fd;
        conn_arg *ca = malloc(sizeof *ca);
        ca->f = f;
        ca->fd = fd;
        pthread_create(&f->conn_th[i], NULL, fake_conn, ca);
    }
}

static fake *fake_start(fake_fn fn, void *arg)
{
    fake *f = calloc(1, sizeof *f);
    f->fn = fn;
    f->arg = arg;
    pthread_mutex_init(&f->mu, NULL);
    f->lfd = listen_any(&f->port);
    pthread_create(&f->th, NULL, fake_accept, f);
    return f;
}

static void fake_stop(fake *f)
{
    shutdown(f->lfd, SHUT_RDWR);
    pthread_join(f->th, NULL);
    close(f->lfd);
    for (int i = 0; i < f->nconn; i++) {
        shutdown(f->conn_fd[i], SHUT_RDWR);
        pthread_join(f->conn_th[i], NULL);
        close(f->conn_fd[i]);
    }
    pthread_mutex_destroy(&f->mu);
    free(f);
}

static msg_http *http_to(fake *f, unsigned retries, unsigned timeout_s)
{
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", f->port);
    msg_http_opts o;
    memset(&o, 0, sizeof o);
    o.max_retries = retries;
    o.retries_set = 1;
    o.timeout_s = timeout_s;
    msg_http *h;
    cr_assert_eq(msg_http_open(&h, url, &o), MSG_OK);
    return h;
}

/* ---- transport ----------------------------------------------------------- */
Test(client, base_url_is_checked)
{
    static const char *const bad[] = {"ftp://h", "h:80", "http:/h", "http:///h", "http://", "http://u:p@h",
                                      "http://u@h", "http://h:0", "http://h:65536", "http://h:x", "http://h/?q=1",
                                      "http://h/#f", "http://h /", "https://h\n", "file:///etc/passwd", ""};
    msg_http *h;
    msg_log_set_level(-1);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(msg_http_open(&h, bad[i], NULL), MSG_ERR_ARG, "accepted %s", bad[i]);
    static const char *const good[][2] = {{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
                                          {"https://relay.example/", "https://relay.example"},
                                          {"http://[::1]:80/aegis//", "http://[::1]:80/aegis"},
                                          {"https://relay.example:8443/p/q", "https://relay.example:8443/p/q"}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        cr_assert_eq(msg_http_open(&h, good[i][0], NULL), MSG_OK, "refused %s", good[i][0]);
        cr_assert_str_eq(msg_http_base(h), good[i][1]);
        msg_http_close(h);
    }
}

static void reply_json(fake_reply *r, int status, const char *body)
{
    r->status = status;
    r->body = strdup(body);
}

/* 429 with Retry-After: 1, then 200. */
static void fn_429_once(fake *f, const char *m, const char *t, const char *b, fake_reply *r)
{
    (void)m, (void)t, (void)b;
    if (f->nreq == 1) {
        reply_json(r, 429, "{\"error\":\"slow down\"}");
        snprintf(r->headers, sizeof r->headers, "Retry-After: 1\r\n");
    } else {
        reply_json(r, 200, "{\"ok\":true}");
    }
}

Test(client, retry_after_429_is_honoured_and_the_connection_reused)
{
    fake *f = fake_start(fn_429_once, NULL);
    msg_http *h = http_to(f, 3, 0);
    int st;
    char *resp;
    double t = now_s();
    cr_assert_eq(msg_http_request(h, "POST", "/api/x", NULL, "{}", &st, &resp), MSG_OK);
    double dt = now_s() - t;
    cr_assert_eq(st, 200);
    cr_assert_str_eq(resp, "{\"ok\":true}");
    free(resp);
    cr_assert_geq(dt, 0.9, "Retry-After: 1 not waited for (%.2f s)", dt);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(msg_http_request(h, "GET", "/api/y", "00ff", NULL, &st, &resp), MSG_OK);
        cr_assert_eq(st, 200);
        free(resp);
    }
    msg_http_stats hs;
    msg_http_get_stats(h, &hs);
    msg_http_close(h);
    cr_assert_eq(f->nreq, 5);
    cr_assert_eq(f->nconn, 1, "connection not reused: %d connections", f->nconn);
    cr_assert_eq(hs.retries, 1);
    cr_assert_eq(hs.connections, 1);
    fake_stop(f);
}

static void fn_503(fake *f, const char *m, const char *t, const char *b, fake_reply *r)
{
    (void)f, (void)m, (void)t, (void)b;
    reply_json(r, 503, "{\"error\":\"busy\"}");
}

static void fn_429_long(fake *f, const char *m, const char *t, const char *b, fake_reply *r)
{
    (void)f, (void)m, (void)t, (void)b;
    reply_json(r, 429, "{}");
    snprintf(r->headers, sizeof r->headers, "Retry-After: 3600\r\n");
}

/* Retries are bounded: 503 without Retry-After backs off (250, 500 ms) and
 * gives up after max_retries; a Retry-After over max_wait_s is not waited. */
Test(client, retries_are_bounded)
{
    fake *f = fake_start(fn_503, NULL);
    msg_http *h = http_to(f, 2, 0);
    int st;
    char *resp;
    double t = now_s();
    cr_assert_eq(msg_http_request(h, "GET", "/", NULL, NULL, &st, &resp), MSG_OK);
    double dt = now_s() - t;
    free(resp);
    msg_http_close(h);
    cr_assert_eq(st, 503);
    cr_assert_eq(f->nreq, 3, "%d attempts, want 1 + 2 retries", f->nreq);
    cr_assert(dt >= 0.7 && dt < 5, "backoff took %.2f s", dt);
    fake_stop(f);

    msg_log_set_level(-1);
    f = fake_start(fn_429_long, NULL);
    h = http_to(f, 4, 0);
    t = now_s();
    cr_assert_eq(msg_http_request(h, "GET", "/", NULL, NULL, &st, &resp), MSG_OK);
    dt = now_s() - t;
    free(resp);
    msg_http_close(h);
    cr_assert_eq(st, 429);
    cr_assert_eq(f->nreq, 1);
    cr_assert_lt(dt, 2.0);
    fake_stop(f);
}

static void fn_huge(fake *f, const char *m, const char *t, const char *b, fake_reply *r)
{
    (void)f, (void)m, (void)b;
    r->status = 200;
    if (strcmp(t, "/huge") == 0) r->declared_len = 1L << 30;
    else r->hang_s = 3;
}

/* A relay cannot make the client buffer without bound or wait forever. */
Test(client, oversize_and_silent_relays_fail)
{
    fake *f = fake_start(fn_huge, NULL);
    msg_http *h = http_to(f, 0, 1);
    int st;
    char *resp = NULL;
    msg_log_set_level(-1);
    cr_assert_eq(msg_http_request(h, "GET", "/huge", NULL, NULL, &st, &resp), MSG_ERR_ARG);
    cr_assert_null(resp);
    double t = now_s();
    cr_assert_eq(msg_http_request(h, "GET", "/slow", NULL, NULL, &st, &resp), MSG_ERR_ARG);
    cr_assert_lt(now_s() - t, 2.5);
    msg_http_close(h);
    fake_stop(f);
}

/* ---- users and envelopes ------------------------------------------------- */
static char root[64];
typedef struct {
    msg_ctx *ctx;
    msg_config cfg;
} tuser;

static void tuser_new(tuser *u, const char *dir, const char *uid, uint64_t now)
{
    msg_config_defaults(&u->cfg);
    u->cfg.opk_batch = 2;
    u->cfg.log_level = MSG_LOG_ERROR;
    snprintf(u->cfg.home, sizeof u->cfg.home, "%s/%s", root, dir);
    cr_assert_eq(msg_ctx_open(&u->ctx, &u->cfg, 1), MSG_OK);
    msg_ctx_set_now(u->ctx, now);
    cr_assert_eq(msg_user_init(u->ctx, uid, NULL, NULL), MSG_OK);
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

static void rm_root(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "cleanup of %s failed\n", root);
}

static void mk_root(void)
{
    uint8_t e[48];
    memset(e, 0x3c, sizeof e);
    randombytes_init(e, NULL, 256);
    msg_log_set_level(MSG_LOG_ERROR);
    snprintf(root, sizeof root, "/tmp/aegis-client-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
}

/* A relay that answers the login with a 64-character token holding CR/LF
 * (a header injection into every later request). */
static void fn_bad_token(fake *f, const char *m, const char *t, const char *b, fake_reply *r)
{
    (void)f, (void)m, (void)b;
    if (strcmp(t, "/api/auth/challenge") == 0)
        reply_json(r, 200, "{\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"server_name\":\"fake\"}");
    else if (strcmp(t, "/api/auth/token") == 0)
        reply_json(r, 200, "{\"token\":\"0011223344556677\\r\\nX-Injected: 1\\r\\nX-Pad: 001122334455667788990011\","
                           "\"expires_ms\":1}");
    else
        reply_json(r, 404, "{}");
}

/* Review: the client takes only a token of 64 lowercase hex digits. */
Test(client, login_refuses_a_token_that_is_not_hex)
{
    mk_root();
    tuser a;
    tuser_new(&a, "a", "alice", msg_now_ms());
    fake *f = fake_start(fn_bad_token, NULL);
    msg_http *h = http_to(f, 0, 10);
    char tok[65];
    msg_log_set_level(-1);
    cr_assert_neq(msg_relay_login(a.ctx, h, tok), MSG_OK);
    msg_http_close(h);
    fake_stop(f);
    msg_ctx_close(a.ctx);
    rm_root();
}

/* A v2 mailbox in the fake server: the batch route, per-index DELETE, and a
 * login that accepts anything (the client's side of it is what is tested). */
#define MB_MAX 256
typedef struct {
    int n;
    long long idx[MB_MAX];
    char *content[MB_MAX];
    int acked[MB_MAX];
    long long fail_ack; /* this index answers 500 to DELETE */
    int batch_429;      /* the first batch GET answers 429 Retry-After: 1 */
} mailbox;

static void fn_v2(fake *f, const char *m, const char *t, const char *b, fake_reply *r)
{
    mailbox *mb = f->arg;
    (void)b;
    long long after = 0, k = 0;
    int limit = 0;
    if (strcmp(t, "/api/auth/challenge") == 0) {
        reply_json(r, 200, "{\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"server_name\":\"fake\"}");
    } else if (strcmp(t, "/api/auth/token") == 0) {
        reply_json(r, 200, "{\"token\":\"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\","
                           "\"expires_ms\":1}");
    } else if (strcmp(m, "GET") == 0 && sscanf(t, "/api/messages/bob?after=%lld&limit=%d", &after, &limit) == 2) {
        if (mb->batch_429) {
            mb->batch_429 = 0;
            reply_json(r, 429, "{}");
            snprintf(r->headers, sizeof r->headers, "Retry-After: 1\r\n");
            return;
        }
        json_t *a = json_array();
        int more = 0;
        for (int i = 0; i < mb->n; i++) {
            if (mb->acked[i] || mb->idx[i] <= after) continue;
            if ((int)json_array_size(a) == (limit < 100 ? limit : 100)) {
                more = 1;
                break;
            }
            json_array_append_new(a, json_pack("{s:I,s:s,s:I,s:s}", "message_index", (json_int_t)mb->idx[i], "content",
                                               mb->content[i], "received_at", (json_int_t)1, "sender_id", "alice"));
        }
        json_t *o = json_pack("{s:o,s:b}", "messages", a, "more", more);
        r->status = 200;
        r->body = json_dumps(o, JSON_COMPACT);
        json_decref(o);
    } else if (strcmp(m, "DELETE") == 0 && sscanf(t, "/api/messages/bob/%lld", &k) == 1) {
        for (int i = 0; i < mb->n; i++)
            if (mb->idx[i] == k && !mb->acked[i] && k != mb->fail_ack) {
                mb->acked[i] = 1;
                reply_json(r, 200, "{}");
                return;
            }
        reply_json(r, k == mb->fail_ack ? 500 : 404, "{\"error\":\"x\"}");
    } else {
        reply_json(r, 404, "{\"error\":\"not found\"}");
    }
}

static void mb_add(mailbox *mb, long long idx, const uint8_t *env, size_t n)
{
    mb->idx[mb->n] = idx;
    mb->content[mb->n] = msg_b64_encode(env, n);
    mb->n++;
}

static void mb_free(mailbox *mb)
{
    for (int i = 0; i < mb->n; i++) free(mb->content[i]);
}

static void seal_to_bob(tuser *a, mailbox *mb, int count, long long first_idx)
{
    for (int i = 0; i < count; i++) {
        char text[32];
        uint8_t *env;
        size_t n;
        snprintf(text, sizeof text, "message %d", i);
        cr_assert_eq(msg_user_seal(a->ctx, "bob", MSG_CT_TEXT, (const uint8_t *)text, strlen(text), &env, &n), MSG_OK);
        mb_add(mb, first_idx + 3 * i, env, n); /* indexes need not be dense */
        free(env);
    }
}

static int n_cb;
static void count_cb(void *arg, int rc, const msg_received *r)
{
    (void)arg, (void)r;
    if (rc == MSG_OK) n_cb++;
}

/* The batch route drains a mailbox larger than one page, in order, and
 * acknowledges each envelope; a 429 on the way is retried. */
Test(client, fetch_batch_route_drains_every_page)
{
    mk_root();
    tuser A, B;
    tuser_new(&A, "a", "alice", T0);
    tuser_new(&B, "b", "bob", T0);
    give_bundle(&B, &A);
    give_bundle(&A, &B);
    static mailbox mb;
    memset(&mb, 0, sizeof mb);
    seal_to_bob(&A, &mb, 130, 7);
    mb.batch_429 = 1;
    fake *f = fake_start(fn_v2, &mb);
    msg_http *h = http_to(f, 2, 0);
    msg_fetch_stats fs;
    n_cb = 0;
    cr_assert_eq(msg_relay_fetch(B.ctx, h, count_cb, NULL, &fs), MSG_OK);
    msg_http_stats hs;
    msg_http_get_stats(h, &hs);
    msg_http_close(h);
    cr_assert_eq(fs.verified, 130);
    cr_assert_eq(n_cb, 130);
    cr_assert_eq(fs.processed, 130);
    cr_assert_eq(fs.rejected + fs.download_failed + fs.ack_failed, 0);
    cr_assert(fs.drained && fs.batch);
    for (int i = 0; i < mb.n; i++) cr_assert(mb.acked[i], "envelope %d not acknowledged", i);
    /* challenge, token, 429 + 2 pages, 130 DELETEs; one connection. */
    cr_assert_eq(f->nreq, 2 + 3 + 130, "%d requests", f->nreq);
    cr_assert_eq(hs.retries, 1);
    cr_assert_eq(f->nconn, 1);
    fake_stop(f);
    mb_free(&mb);
    msg_ctx_close(A.ctx);
    msg_ctx_close(B.ctx);
    rm_root();
}

static int find_program(char bin[PATH_MAX], const char *name, const char *env)
{
    static char self[PATH_MAX];
    const char *rel = getenv(env);
    if (rel == NULL) {
        ssize_t l = readlink("/proc/self/exe", self, sizeof self - 32);
        char *slash = NULL;
        if (l > 0) {
            self[l] = '\0';
            slash = strrchr(self, '/');
        }
        if (slash) *slash = '\0';
        slash = strrchr(self, '/');
        if (slash) snprintf(slash, 32, "/%s", name);
        rel = slash ? self : name;
    }
    return access(rel, X_OK) == 0 && realpath(rel, bin) != NULL;
}

/* Run sh -c script with $AEGIS and $ROOT set; returns the exit status. */
static int sh(const char *script)
{
    static char bin[PATH_MAX];
    if (!find_program(bin, "aegis", "AEGIS_BIN")) return -1;
    size_t n = strlen(script) + 2 * PATH_MAX + 64;
    char *cmd = malloc(n);
    snprintf(cmd, n, "AEGIS='%s' ROOT='%s' sh -c '%s'", bin, root, script);
    int st = system(cmd);
    free(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

/* `aegis fetch` exits 1 when an envelope fails to download, open or be
 * acknowledged, and says how many; the good ones are still delivered. A bad
 * relay URL is a usage error. */
Test(client, cli_fetch_counts_failed_envelopes)
{
    mk_root();
    tuser A, B;
    tuser_new(&A, "a", "alice", 0);
    tuser_new(&B, "b", "bob", 0);
    give_bundle(&B, &A);
    give_bundle(&A, &B);
    static mailbox mb;
    memset(&mb, 0, sizeof mb);
    seal_to_bob(&A, &mb, 1, 1);                     /* 1: fine */
    mb.idx[mb.n] = 2, mb.content[mb.n++] = strdup("!!not base64!!"); /* 2: not downloaded */
    mb_add(&mb, 3, (const uint8_t *)"garbage!", 8); /* 3: rejected (parse) */
    seal_to_bob(&A, &mb, 1, 4);                     /* 4: DELETE fails */
    mb.fail_ack = 4;
    msg_ctx_close(A.ctx);
    msg_ctx_close(B.ctx);
    fake *f = fake_start(fn_v2, &mb);
    char script[512];
    snprintf(script, sizeof script,
             "B=\"$AEGIS --home $ROOT/b\"; $B fetch --relay http://127.0.0.1:%d >$ROOT/out 2>$ROOT/err; echo $? >$ROOT/rc",
             f->port);
    int rc = sh(script);
    if (rc == -1) cr_skip_test("aegis not built");
    fake_stop(f);
    rc = sh("test \"$(cat $ROOT/rc)\" = 1 &&"
            " test \"$(tail -1 $ROOT/err)\" = \"aegis: fetch: 3 of 4 envelope(s) failed: 1 rejected, 1 not downloaded,"
            " 1 not acknowledged\" && test \"$(grep -c \"^--- from alice\" $ROOT/out)\" = 2 || "
            "{ cat $ROOT/rc $ROOT/err >&2; exit 1; }");
    cr_assert_eq(rc, 0);
    cr_assert(mb.acked[0] && !mb.acked[1] && mb.acked[2] && !mb.acked[3]);
    /* Usage errors (2) versus an unreachable relay (1). */
    rc = sh("B=\"$AEGIS --home $ROOT/b\"; for u in ftp://x http:///x http://h:0 \"http://h/?q\" http://u@h nourl; do"
            " $B fetch --relay \"$u\" 2>/dev/null; [ $? = 2 ] || { echo \"$u: not 2\" >&2; exit 1; }; done;"
            " $B fetch --relay http://127.0.0.1:1 2>$ROOT/e; [ $? = 1 ] || exit 1; [ $(wc -l <$ROOT/e) = 1 ] || exit 1;"
            " $B fetch --relay http://127.0.0.1:1 --cacert /nonexistent 2>/dev/null; [ $? = 1 ]");
    cr_assert_eq(rc, 0, "exit codes");
    mb_free(&mb);
    rm_root();
}

/* ---- against the real aegis-relay (v1 routes only: the fallback) -------- */
static pid_t start_relay(const char *dir, int *port)
{
    static char bin[PATH_MAX], cmd[PATH_MAX + 64];
    if (!find_program(bin, "aegis-relay", "AEGIS_RELAY_BIN")) return -1;
    char db[128], ps[16];
    /* A v2 relay rate-limits logins per identity (PROTOCOL.md 14); this test
     * is about the client draining a mailbox, so the limits are lifted. */
    snprintf(cmd, sizeof cmd, "'%s' --help 2>&1 | grep -q -- --rate-scale", bin);
    int scale = system(cmd) == 0;
    for (int attempt = 0; attempt < 5; attempt++) {
        /* Let the kernel pick a free port, then hand it to the relay. */
        int fd = listen_any(port);
        close(fd);
        snprintf(db, sizeof db, "%s/relay.db", dir);
        snprintf(ps, sizeof ps, "%d", *port);
        pid_t pid = fork();
        cr_assert_geq(pid, 0);
        if (pid == 0) {
            int nul = open("/dev/null", O_WRONLY);
            if (nul >= 0) dup2(nul, 2);
            if (scale) execl(bin, bin, "--port", ps, "--db", db, "--rate-scale", "0", "--threads", "4", (char *)NULL);
            else execl(bin, bin, "--port", ps, "--db", db, "--threads", "4", (char *)NULL);
            _exit(127);
        }
        for (int i = 0; i < 300; i++) {
            usleep(100000);
            snprintf(cmd, sizeof cmd, "curl -s -o /dev/null http://127.0.0.1:%d/metrics", *port);
            if (system(cmd) == 0) return pid;
            if (waitpid(pid, NULL, WNOHANG) == pid) break;
        }
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    return 0;
}

static void stop_relay(pid_t pid)
{
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

/* 200 envelopes waiting: one `aegis fetch` processes all 200 (v1 bug: it
 * stopped after 41 and exited 0) over one reused connection. */
Test(client, cli_fetch_200_envelopes_from_the_relay, .timeout = 240)
{
    mk_root();
    int port;
    pid_t pid = start_relay(root, &port);
    if (pid < 0) cr_skip_test("aegis-relay not built");
    cr_assert_gt(pid, 0, "relay did not come up");
    char script[1024];
    snprintf(script, sizeof script,
             "set -e; A=\"$AEGIS --home $ROOT/a\"; B=\"$AEGIS --home $ROOT/b\"; U=http://127.0.0.1:%d;"
             "$A init alice >/dev/null; $B init bob >/dev/null;"
             "$A register --relay $U >/dev/null; $B register --relay $U/ >/dev/null;"
             "i=0; while [ $i -lt 200 ]; do i=$((i+1)); echo \"n$i\" | $A send bob --relay $U 2>/dev/null; done;"
             "AEGIS_LOG=info $B fetch --relay $U >$ROOT/out 2>$ROOT/err;"
             "test \"$(grep -c \"^--- from alice\" $ROOT/out)\" = 200;"
             "grep -q \"^n200$\" $ROOT/out; grep -q \"^n1$\" $ROOT/out;"
             "test \"$(tail -1 $ROOT/err)\" = \"200 message(s): 200 verified, 0 rejected\";"
             "grep -q \"over 1 connection(s)\" $ROOT/err;"
             "test \"$($B fetch --relay $U 2>&1 | tail -1)\" = \"0 message(s): 0 verified, 0 rejected\"",
             port);
    int rc = sh(script);
    stop_relay(pid);
    if (rc != 0) sh("tail -3 $ROOT/err >&2");
    rm_root();
    if (rc == -1) cr_skip_test("aegis not built");
    cr_assert_eq(rc, 0, "200-envelope fetch over the relay failed");
}

/* ---- HTTPS: a TLS relay inside the test ---------------------------------- */
typedef struct {
    uint8_t *buf;
    size_t len;
} req_body;

static enum MHD_Result tls_handler(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                   const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    req_body *b = *con_cls;
    if (b == NULL) {
        *con_cls = calloc(1, sizeof *b);
        return *con_cls ? MHD_YES : MHD_NO;
    }
    if (*upload_size > 0) {
        uint8_t *nb = b->len + *upload_size <= MSG_RELAY_MAX_BODY ? realloc(b->buf, b->len + *upload_size) : NULL;
        if (nb == NULL) return MHD_NO;
        memcpy(nb + b->len, upload_data, *upload_size);
        b->buf = nb;
        b->len += *upload_size;
        *upload_size = 0;
        return MHD_YES;
    }
    const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    const char *bearer = (auth && strncmp(auth, "Bearer ", 7) == 0) ? auth + 7 : NULL;
    char *resp = NULL;
    const char *ctype = "application/json";
    int status = msg_relay_handle(cls, method, url, b->buf, b->len, bearer, &resp, &ctype);
    struct MHD_Response *mr = MHD_create_response_from_buffer(resp ? strlen(resp) : 0, resp ? resp : (char *)"",
                                                              resp ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(mr, "Content-Type", ctype);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, mr);
    MHD_destroy_response(mr);
    return ret;
}

static void tls_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)conn, (void)toe;
    req_body *b = *con_cls;
    if (b) free(b->buf);
    free(b);
    *con_cls = NULL;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    char *s = calloc(1, 65536);
    size_t n = fread(s, 1, 65535, f);
    fclose(f);
    s[n] = '\0';
    return s;
}

/* register / send / fetch over https with --cacert; the same relay without
 * --cacert (system store: untrusted) and a certificate for another name are
 * refused before anything is sent. */
Test(client, https_relay_with_cacert, .timeout = 120)
{
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) cr_skip_test("libmicrohttpd without TLS");
    if (system("command -v openssl >/dev/null 2>&1") != 0) cr_skip_test("openssl CLI not installed");
    mk_root();
    char cmd[1024];
    /* A throwaway CA-less self-signed certificate for 127.0.0.1, and one for
     * another name (what a man in the middle with some valid cert holds). */
    snprintf(cmd, sizeof cmd,
             "cd %s && for n in good:IP:127.0.0.1 other:DNS:other.example; do f=${n%%%%:*}; s=${n#*:};"
             " openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=aegis-test"
             " -addext subjectAltName=$s -keyout $f.key -out $f.pem >/dev/null 2>&1 || exit 1; done",
             root);
    cr_assert_eq(system(cmd), 0, "openssl req failed");
    msg_config cfg;
    msg_config_defaults(&cfg);
    char db[128], path[128];
    snprintf(db, sizeof db, "%s/relay.db", root);
    msg_relay *r;
    cr_assert_eq(msg_relay_open(&r, db, &cfg, "relay.tls"), MSG_OK);
    struct MHD_Daemon *d[2];
    int port[2];
    char *key[2], *crt[2];
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s.key", root, i ? "other" : "good");
        key[i] = slurp(path);
        snprintf(path, sizeof path, "%s/%s.pem", root, i ? "other" : "good");
        crt[i] = slurp(path);
        cr_assert(key[i] && crt[i]);
        int lfd = listen_any(&port[i]);
        d[i] = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS, 0, NULL, NULL, tls_handler, r,
                                MHD_OPTION_LISTEN_SOCKET, lfd, MHD_OPTION_HTTPS_MEM_KEY, key[i],
                                MHD_OPTION_HTTPS_MEM_CERT, crt[i], MHD_OPTION_NOTIFY_COMPLETED, tls_completed, NULL,
                                MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
        cr_assert_not_null(d[i]);
    }
    snprintf(cmd, sizeof cmd,
             "set -e; A=\"$AEGIS --home $ROOT/a\"; B=\"$AEGIS --home $ROOT/b\"; U=https://127.0.0.1:%d;"
             "C=\"--cacert $ROOT/good.pem\"; $A init alice >/dev/null; $B init bob >/dev/null;"
             /* untrusted: the system store does not know our CA; wrong name: refused */
             "if $A register --relay $U 2>$ROOT/e1; then exit 11; fi; grep -qi certificate $ROOT/e1;"
             "if $A register --relay https://127.0.0.1:%d --cacert $ROOT/other.pem 2>$ROOT/e2; then exit 12; fi;"
             "if $A register --relay http://127.0.0.1:%d 2>/dev/null; then exit 13; fi;"
             "$A register --relay $U $C >/dev/null; $B register --relay $U $C >/dev/null;"
             "printf \"over tls\" | $A send bob --relay $U $C 2>/dev/null;"
             "$B fetch --relay $U --cacert=$ROOT/good.pem 2>/dev/null | grep -q \"over tls\"",
             port[0], port[1], port[0]);
    int rc = sh(cmd);
    for (int i = 0; i < 2; i++) {
        MHD_stop_daemon(d[i]);
        free(key[i]);
        free(crt[i]);
    }
    msg_relay_close(r);
    if (rc != 0) sh("cat $ROOT/e1 $ROOT/e2 >&2");
    rm_root();
    if (rc == -1) cr_skip_test("aegis not built");
    cr_assert_eq(rc, 0, "https flow failed at step %d", rc);
}

#endif /* HAVE_MSG */
