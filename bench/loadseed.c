/*
 * loadseed.c -- inputs for `make loadtest` (bench/loadtest.sh): throwaway
 * identities, distinct valid envelopes sealed in advance, registration with
 * a relay and bearer tokens, through the public API only (PROTOCOL.md 14),
 * so it runs against any relay that speaks it (v1 and v2).
 *
 *   loadseed gen DIR NFETCH NRCPT NENV NMAIL [WORKERS]
 *       NFETCH users lf0.. (fetchers and senders), NRCPT recipients lr0..;
 *       NENV envelopes lf(i % NFETCH) -> lr(i % NRCPT) as upload bodies in
 *       DIR/uploads.txt ("sender_id json-body" per line), NMAIL envelopes
 *       per fetcher (from the next fetcher) in DIR/mail.txt; identities in
 *       DIR/ids.bin (secret keys: a benchmark's throwaway users, mode 0600).
 *       Prints the median time of one upload verification (strict parse +
 *       both signatures, what the relay does per upload) and of one seal.
 *   loadseed register URL DIR   register everyone, upload SPKs and mail.txt
 *   loadseed login URL DIR      DIR/tokens.txt: "uid token" per user
 *   loadseed sink URL DIR N     upload the first N envelopes of DIR/uploads.txt
 *                               (or of DIR/$SINK_FILE): a queue depth
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../msg/client.h"
#include "../msg/internal.h"
#include "../msg/msg.h"
#include "../msg/relay.h"
#include "../msg/relay_client.h"

typedef struct {
    msg_identity id;
    uint8_t spkrec[MSG_SPKREC_BYTES];
    uint8_t spk_ek[MLKEM768_PUBLICKEYBYTES];
    uint8_t idrec[MSG_IDREC_MAX];
    size_t idrec_len;
} luser;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void die(const char *what)
{
    fprintf(stderr, "loadseed: %s\n", what);
    exit(1);
}

static void uname_of(char *out, size_t n, int i, int nfetch)
{
    if (i < nfetch) snprintf(out, n, "lf%d", i);
    else snprintf(out, n, "lr%d", i - nfetch);
}

static void make_user(luser *u, const char *uid, uint64_t now)
{
    uint8_t seed[MSG_PREKEY_SEED_BYTES], dk[MLKEM768_SECRETKEYBYTES];
    if (msg_identity_generate(&u->id, uid, now, NULL) != MSG_OK) die("identity");
    if (msg_identity_record(u->idrec, &u->idrec_len, &u->id, NULL) != MSG_OK) die("identity record");
    if (msg_random(seed, sizeof seed) != MSG_OK || msg_prekey_derive(u->spk_ek, dk, seed) != MSG_OK) die("prekey");
    /* Valid from an hour ago for 30 days: the envelopes stay openable. */
    if (msg_spk_record(u->spkrec, &u->id, 1, now - 3600000, now + 30 * 86400000ull, u->spk_ek, NULL) != MSG_OK)
        die("spk record");
    msg_wipe(dk, sizeof dk);
}

static char *seal_body(const luser *from, const luser *to, uint64_t counter, uint64_t now, size_t *envlen,
                       uint8_t **env_out)
{
    msg_recipient r;
    memset(&r, 0, sizeof r);
    memcpy(r.ik_hash, to->id.ik_hash, sizeof r.ik_hash);
    r.spk_id = 1;
    memcpy(r.spk_ek, to->spk_ek, sizeof r.spk_ek);
    char text[64];
    snprintf(text, sizeof text, "load test message %llu", (unsigned long long)counter);
    uint8_t *env;
    if (msg_seal(&env, envlen, &from->id, &r, counter, now, MSG_CT_TEXT, (const uint8_t *)text, strlen(text), NULL) !=
        MSG_OK)
        die("seal");
    char *b = msg_b64_encode(env, *envlen);
    json_t *j = json_pack("{s:s,s:s,s:s}", "sender_id", from->id.uid, "recipient_id", to->id.uid, "content", b);
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    free(b);
    if (env_out) *env_out = env;
    else free(env);
    return s;
}

static luser *load_ids(const char *dir, int *n, int *nfetch)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/ids.bin", dir);
    FILE *f = fopen(p, "rb");
    if (f == NULL) die("cannot read ids.bin");
    int hdr[2];
    if (fread(hdr, sizeof hdr, 1, f) != 1) die("ids.bin");
    luser *u = calloc((size_t)hdr[0], sizeof *u);
    if (u == NULL || fread(u, sizeof *u, (size_t)hdr[0], f) != (size_t)hdr[0]) die("ids.bin");
    fclose(f);
    *n = hdr[0];
    *nfetch = hdr[1];
    return u;
}

static int cmd_gen(const char *dir, int nfetch, int nrcpt, int nenv, int nmail, int workers)
{
    int n = nfetch + nrcpt;
    uint64_t now = msg_now_ms();
    luser *u = calloc((size_t)n, sizeof *u);
    if (u == NULL) die("memory");
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        char uid[16];
        uname_of(uid, sizeof uid, i, nfetch);
        make_user(&u[i], uid, now);
    }
    fprintf(stderr, "loadseed: %d identities in %.1f s\n", n, now_s() - t0);
    char p[4200];
    snprintf(p, sizeof p, "%s/ids.bin", dir);
    umask(077);
    FILE *f = fopen(p, "wb");
    int hdr[2] = {n, nfetch};
    if (f == NULL || fwrite(hdr, sizeof hdr, 1, f) != 1 || fwrite(u, sizeof *u, (size_t)n, f) != (size_t)n ||
        fclose(f) != 0)
        die("cannot write ids.bin");
    /* Envelopes: WORKERS processes, each its share into its own file. */
    t0 = now_s();
    if (workers < 1) workers = 1;
    for (int w = 0; w < workers; w++) {
        pid_t pid = fork();
        if (pid < 0) die("fork");
        if (pid > 0) continue;
        snprintf(p, sizeof p, "%s/uploads.%d", dir, w);
        FILE *o = fopen(p, "w");
        if (o == NULL) _exit(1);
        for (int i = w; i < nenv; i += workers) {
            size_t el;
            char *s = seal_body(&u[i % nfetch], &u[nfetch + i % nrcpt], (uint64_t)i + 1, now, &el, NULL);
            fprintf(o, "%s %s\n", u[i % nfetch].id.uid, s);
            free(s);
        }
        if (w == 0) {
            snprintf(p, sizeof p, "%s/mail.txt", dir);
            FILE *m = fopen(p, "w");
            if (m == NULL) _exit(1);
            for (int i = 0; i < nfetch; i++)
                for (int k = 0; k < nmail; k++) {
                    size_t el;
                    char *s = seal_body(&u[(i + 1) % nfetch], &u[i], 1000000000ull + (uint64_t)(i * nmail + k), now,
                                        &el, NULL);
                    fprintf(m, "%s %s\n", u[(i + 1) % nfetch].id.uid, s);
                    free(s);
                }
            fclose(m);
        }
        _exit(fclose(o) == 0 ? 0 : 1);
    }
    int ok = 1;
    for (int w = 0; w < workers; w++) {
        int st;
        wait(&st);
        ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    if (!ok) die("a sealing worker failed");
    double seal_wall = now_s() - t0;
    fprintf(stderr, "loadseed: %d envelopes in %.1f s (%d workers)\n", nenv + nfetch * nmail, seal_wall, workers);
    /* The measured cost of one upload verification (what the relay does
     * per upload before storing: strict parse + both signatures) and of one
     * seal, median of 200 on this machine. */
    enum { K = 200 };
    static double tv[K], ts[K];
    msg_peer sp;
    memset(&sp, 0, sizeof sp);
    memcpy(sp.uid, u[0].id.uid, sizeof sp.uid);
    memcpy(sp.mldsa_pk, u[0].id.mldsa_pk, sizeof sp.mldsa_pk);
    memcpy(sp.fndsa_pk, u[0].id.fndsa_pk, sizeof sp.fndsa_pk);
    memcpy(sp.ik_hash, u[0].id.ik_hash, sizeof sp.ik_hash);
    for (int k = 0; k < K; k++) {
        size_t el;
        uint8_t *env;
        double a = now_s();
        char *s = seal_body(&u[0], &u[nfetch], 5000000000ull + (uint64_t)k, now, &el, &env);
        double b = now_s();
        msg_envelope e;
        if (msg_envelope_parse(&e, env, el) != MSG_OK || msg_envelope_verify(&e, &sp) != MSG_OK) die("verify");
        double c = now_s();
        ts[k] = b - a;
        tv[k] = c - b;
        free(env);
        free(s);
    }
    qsort(tv, K, sizeof tv[0], cmp_d);
    qsort(ts, K, sizeof ts[0], cmp_d);
    printf("verify_us %.1f\nseal_us %.1f\n", tv[K / 2] * 1e6, ts[K / 2] * 1e6);
    free(u);
    return 0;
}

static json_t *b64j(const uint8_t *p, size_t n)
{
    char *s = msg_b64_encode(p, n);
    json_t *j = json_string(s);
    free(s);
    return j;
}

static json_t *call(msg_http *h, const char *method, const char *path, const char *tok, const char *body, int *st)
{
    char *resp = NULL;
    *st = 0;
    if (msg_http_request(h, method, path, tok, body, st, &resp) != MSG_OK) return NULL;
    json_t *j = json_loads(resp, 0, NULL);
    free(resp);
    return j;
}

static json_t *callj(msg_http *h, const char *method, const char *path, const char *tok, json_t *in, int *st)
{
    char *body = json_dumps(in, JSON_COMPACT);
    json_decref(in);
    json_t *j = call(h, method, path, tok, body, st);
    free(body);
    return j;
}

/* The login of PROTOCOL.md 14 with an in-memory identity: CSig("auth",
 * nonce || server_name || ik_hash || timestamp_ms). */
static int login(msg_http *h, const luser *u, char token[65])
{
    int st;
    json_t *ch = callj(h, "POST", "/api/auth/challenge", NULL, json_pack("{s:s}", "id", u->id.uid), &st);
    const char *nb = json_string_value(json_object_get(ch, "nonce"));
    const char *sn = json_string_value(json_object_get(ch, "server_name"));
    uint8_t nonce[33], m[32 + 128 + 32 + 8], sig[MSG_CSIG_BYTES];
    if (st != 200 || !nb || !sn || strlen(sn) > 127 || msg_b64_decode(nonce, sizeof nonce, nb) != 32) {
        json_decref(ch);
        return -1;
    }
    size_t snl = strlen(sn);
    uint64_t ts = msg_now_ms();
    memcpy(m, nonce, 32);
    memcpy(m + 32, sn, snl);
    memcpy(m + 32 + snl, u->id.ik_hash, 32);
    msg_be64(m + 64 + snl, ts);
    json_decref(ch);
    if (msg_csig_sign(sig, &u->id, "auth", m, 72 + snl, NULL) != MSG_OK) return -1;
    json_t *t = callj(h, "POST", "/api/auth/token", NULL,
                      json_pack("{s:s,s:o,s:I,s:o}", "id", u->id.uid, "nonce", b64j(nonce, 32), "timestamp_ms",
                                (json_int_t)ts, "csig", b64j(sig, sizeof sig)),
                      &st);
    const char *tok = json_string_value(json_object_get(t, "token"));
    int rc = -1;
    if (st == 200 && tok && strlen(tok) < 65) {
        snprintf(token, 65, "%s", tok);
        rc = 0;
    }
    json_decref(t);
    return rc;
}

static msg_http *open_relay(const char *url)
{
    msg_http_opts o;
    memset(&o, 0, sizeof o);
    o.max_retries = 8; /* a rate-limited relay: wait as it asks */
    o.retries_set = 1;
    msg_http *h;
    if (msg_http_open(&h, url, &o) != MSG_OK) die("bad relay URL");
    return h;
}

/* Upload the lines of DIR/file ("sender json") with each sender's token;
 * at most max lines (-1: all). Returns the number of 201s. */
static int upload_lines(msg_http *h, const char *dir, const char *file, luser *u, int n, char (*tok)[65], long max)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", dir, file);
    FILE *f = fopen(p, "r");
    if (f == NULL) die("cannot read the envelope file");
    char *line = NULL;
    size_t cap = 0;
    int ok = 0;
    long k = 0;
    while ((max < 0 || k < max) && getline(&line, &cap, f) > 0) {
        char *sp = strchr(line, ' ');
        if (sp == NULL) continue;
        *sp = '\0';
        int who = -1;
        for (int i = 0; i < n && who < 0; i++)
            if (strcmp(u[i].id.uid, line) == 0) who = i;
        if (who < 0) die("unknown sender in envelope file");
        int st;
        json_decref(call(h, "POST", "/api/messages", tok[who], sp + 1, &st));
        ok += st == 201;
        k++;
    }
    free(line);
    fclose(f);
    return ok;
}

static int cmd_register(const char *url, const char *dir)
{
    int n, nfetch;
    luser *u = load_ids(dir, &n, &nfetch);
    msg_http *h = open_relay(url);
    char(*tok)[65] = calloc((size_t)n, 65);
    for (int i = 0; i < n; i++) {
        int st;
        json_decref(callj(h, "POST", "/api/users", NULL,
                          json_pack("{s:s,s:s,s:o}", "id", u[i].id.uid, "name", "load", "identity_record",
                                    b64j(u[i].idrec, u[i].idrec_len)),
                          &st));
        if (st != 201 && st != 409) die("registration refused");
        if (login(h, &u[i], tok[i]) != 0) die("login refused");
        char path[128];
        snprintf(path, sizeof path, "/api/users/%s/prekeys", u[i].id.uid);
        json_decref(callj(h, "PUT", path, tok[i],
                          json_pack("{s:o,s:[]}", "spk_record", b64j(u[i].spkrec, MSG_SPKREC_BYTES), "opk_records"),
                          &st));
        if (st != 200) die("prekey upload refused");
    }
    int m = upload_lines(h, dir, "mail.txt", u, n, tok, -1);
    fprintf(stderr, "loadseed: %d users registered, %d mailbox envelopes stored\n", n, m);
    msg_http_close(h);
    free(tok);
    free(u);
    return 0;
}

static int cmd_login(const char *url, const char *dir)
{
    int n, nfetch;
    luser *u = load_ids(dir, &n, &nfetch);
    msg_http *h = open_relay(url);
    char p[4200], tok[65];
    snprintf(p, sizeof p, "%s/tokens.txt", dir);
    FILE *f = fopen(p, "w");
    if (f == NULL) die("cannot write tokens.txt");
    for (int i = 0; i < n; i++) {
        if (login(h, &u[i], tok) != 0) die("login refused");
        fprintf(f, "%s %s\n", u[i].id.uid, tok);
    }
    if (fclose(f) != 0) die("cannot write tokens.txt");
    msg_http_close(h);
    free(u);
    return 0;
}

static int cmd_sink(const char *url, const char *dir, long count)
{
    int n, nfetch;
    luser *u = load_ids(dir, &n, &nfetch);
    msg_http *h = open_relay(url);
    char(*tok)[65] = calloc((size_t)n, 65);
    for (int i = 0; i < n; i++)
        if (login(h, &u[i], tok[i]) != 0) die("login refused");
    const char *file = getenv("SINK_FILE");
    int ok = upload_lines(h, dir, file ? file : "uploads.txt", u, n, tok, count);
    printf("%d\n", ok);
    msg_http_close(h);
    free(tok);
    free(u);
    return 0;
}

int main(int argc, char **argv)
{
    msg_log_set_level(MSG_LOG_ERROR);
    if (argc >= 7 && strcmp(argv[1], "gen") == 0)
        return cmd_gen(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), atoi(argv[6]),
                       argc > 7 ? atoi(argv[7]) : 2);
    if (argc == 4 && strcmp(argv[1], "register") == 0) return cmd_register(argv[2], argv[3]);
    if (argc == 4 && strcmp(argv[1], "login") == 0) return cmd_login(argv[2], argv[3]);
    if (argc == 5 && strcmp(argv[1], "sink") == 0) return cmd_sink(argv[2], argv[3], atol(argv[4]));
    fprintf(stderr, "usage: loadseed gen DIR NFETCH NRCPT NENV NMAIL [WORKERS] | register URL DIR |"
                    " login URL DIR | sink URL DIR N\n");
    return 2;
}
