/*
 * demo.c -- secure_messaging: the AEGIS-MSG v1 story on real keys in a
 * temporary directory (`make demo`). Every number printed is measured on
 * this machine or read from the bytes actually produced (chapter 6: v2
 * sessions, forward secrecy and healing against stolen database copies);
 * the only simulated thing is the calendar (days passing), which is
 * labelled where it is used. Every line fits 80 columns; times are the
 * median of several runs with their min-max spread.
 *   secure_messaging [--quiet] [--verbose] [--json]
 * --quiet keeps chapters 5 and 6 and the verdict; --json prints only the
 * figures, as one JSON object (the exit status is the same).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../aes/aes.h"
#include "../sha3/sha3.h"
#include "client.h"
#include "session.h"

static int quiet, verbose, json_out;
static char tmpdir[256];
static json_t *J; /* the figures, printed by --json */

#define WIDTH 80 /* every line printed fits this many columns */
#define RUNS 9   /* runs per timed figure (odd: the median is one run) */

/* The story (not with --quiet or --json), and what --quiet keeps. */
#define say(...) do { if (!quiet && !json_out) printf(__VA_ARGS__); } while (0)
#define show(...) do { if (!json_out) printf(__VA_ARGS__); } while (0)

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* n runs of one operation, in milliseconds: median and spread. */
typedef struct {
    double med, min, max;
    int n;
} stat_ms;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static stat_ms stat_of(double *t, int n)
{
    stat_ms s = {0, 0, 0, n};
    if (n < 1) return s;
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    s.med = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    s.min = t[0];
    s.max = t[n - 1];
    return s;
}

#define TIME_MS(out, n, block)                                              \
    do {                                                                    \
        double t_[n];                                                       \
        for (int i_ = 0; i_ < (n); i_++) {                                  \
            double s_ = now_s();                                            \
            block;                                                          \
            t_[i_] = (now_s() - s_) * 1e3;                                  \
        }                                                                   \
        out = stat_of(t_, n);                                               \
    } while (0)

/* "1.234 ms (1.100-1.500)": median (min-max); four may share one printf. */
static const char *fmt_ms(stat_ms s)
{
    static char buf[4][48];
    static int k;
    char *b = buf[k++ % 4];
    int d = s.max >= 100 ? 1 : s.max >= 10 ? 2 : 3;
    snprintf(b, 48, "%.*f ms (%.*f-%.*f)", d, s.med, d, s.min, d, s.max);
    return b;
}

/* One run, with the digits fmt_ms would give it; four may share a printf. */
static const char *fmt_one(double ms)
{
    stat_ms s = {ms, ms, ms, 1};
    static char buf[4][48];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, 48, "%s", fmt_ms(s));
    strchr(b, '(')[-1] = '\0'; /* "1.234 ms" */
    return b;
}

static json_t *jstat(stat_ms s)
{
    return json_pack("{s:f, s:f, s:f, s:i}", "median_ms", s.med, "min_ms", s.min, "max_ms", s.max, "runs",
                     s.n);
}

/* J.key (an object, made on first use). */
static json_t *jobj(const char *key)
{
    json_t *o = json_object_get(J, key);
    if (o == NULL) json_object_set_new(J, key, o = json_object());
    return o;
}

static json_t *jarr(const char *key)
{
    json_t *o = json_object_get(J, key);
    if (o == NULL) json_object_set_new(J, key, o = json_array());
    return o;
}

static void die(const char *what, int rc)
{
    fprintf(stderr, "secure_messaging: %s failed: %s\n", what, msg_reason(rc));
    exit(1);
}

/* A primitive's result in the timing loops (its own error set, API.md):
 * anything but 0 ends the demo. */
static void must(int rc, const char *what)
{
    if (rc != 0) {
        fprintf(stderr, "secure_messaging: %s returned %d\n", what, rc);
        exit(1);
    }
}

/* A safety number after `lead`, in whole 5-digit groups: as many lines as
 * it takes to fit WIDTH columns, the groups spread evenly over them (12
 * groups that do not fit one line become 2 lines of 6 or 3 of 4), the
 * continuation lines aligned under the first group. A group is never cut. */
static void say_safety(const char *lead, const char *safety)
{
    char copy[MSG_SAFETY_CHARS + 1], *g[MSG_SAFETY_CHARS];
    int ng = 0;
    snprintf(copy, sizeof copy, "%s", safety);
    for (char *t = strtok(copy, " "); t != NULL; t = strtok(NULL, " ")) g[ng++] = t;
    int col = (int)strlen(lead), fit = (WIDTH - col) / 6; /* " ddddd" */
    if (fit < 1) fit = 1;
    int lines = (ng + fit - 1) / fit;
    int per = lines ? (ng + lines - 1) / lines : 1;
    for (int i = 0; i < ng; i++) {
        if (i == 0) say("%s", lead);
        else if (i % per == 0) say("\n%*s", col, "");
        say(" %s", g[i]);
    }
    say("\n");
}

typedef struct {
    const char *uid;
    msg_ctx *ctx;
    msg_config cfg;
    /* what the story did, to check chapter 5's counters against */
    unsigned sent_story, sent_attack, received, rej_open, rej_import;
} user;

static double user_new(user *u, const char *dir, const char *uid, const char *name, unsigned opks)
{
    memset(u, 0, sizeof *u);
    msg_config_defaults(&u->cfg);
    u->cfg.opk_batch = opks;
    u->cfg.log_level = verbose ? MSG_LOG_INFO : MSG_LOG_ERROR;
    snprintf(u->cfg.home, sizeof u->cfg.home, "%s/%s", tmpdir, dir);
    u->uid = uid;
    double t0 = now_s();
    int rc = msg_ctx_open(&u->ctx, &u->cfg, 1);
    if (rc == MSG_OK) rc = msg_user_init(u->ctx, uid, name, NULL);
    if (rc != MSG_OK) die("init", rc);
    return (now_s() - t0) * 1e3;
}

static void introduce(user *from, user *to, unsigned opks)
{
    uint8_t *b;
    size_t n;
    msg_import_info info;
    int rc = msg_user_bundle(from->ctx, &b, &n, opks);
    if (rc != MSG_OK) die("bundle", rc);
    rc = msg_user_import(to->ctx, b, n, 0, &info);
    if (rc != MSG_OK) die("import", rc);
    say("  %-5s imports %s's bundle (%zu B, %u one-time prekey%s): pinned\n", to->uid, from->uid, n, opks,
        opks == 1 ? "" : "s");
    say_safety("    safety number:", info.safety);
    json_array_append_new(jarr("bundles"), json_pack("{s:s, s:s, s:I, s:i, s:s}", "from", from->uid, "to",
                                                     to->uid, "bytes", (json_int_t)n, "one_time_prekeys",
                                                     (int)opks, "safety_number", info.safety));
    free(b);
}

/* One attack: the line, and J.attacks[]. */
static int report_attack(const char *story, int rc, int want)
{
    int ok = rc == want;
    say("  %-46s -> %s (%s)\n", story, rc == MSG_OK ? "ACCEPTED" : "rejected", msg_reason(rc));
    if (!ok) say("     UNEXPECTED: the expected reason is (%s)\n", msg_reason(want));
    json_array_append_new(jarr("attacks"), json_pack("{s:s, s:s, s:s, s:b}", "attack", story, "expected",
                                                     msg_reason(want), "got", msg_reason(rc), "ok", ok));
    return ok;
}

static int expect_reject(const char *story, user *u, const uint8_t *env, size_t n, int want)
{
    msg_received r;
    int rc = msg_user_open(u->ctx, env, n, &r);
    if (rc == MSG_OK) msg_received_free(&r);
    else u->rej_open++;
    return report_attack(story, rc, want);
}

static void rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) return;
    struct dirent *e;
    char p[600];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (unlink(p) != 0) rm_tree(p);
    }
    closedir(d);
    rmdir(dir);
}

/* ---- chapter 6 helpers: v2 sessions ------------------------------------- */
static void copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = NULL;
    if (a == NULL) return; /* no -wal file: nothing to copy */
    b = fopen(to, "wb");
    char buf[65536];
    size_t r;
    while (b && (r = fread(buf, 1, sizeof buf, a)) > 0) fwrite(buf, 1, r, b);
    fclose(a);
    if (b) fclose(b);
}

/* A thief's copy of u's database (and its WAL) in tmpdir/<name>; opened. */
static msg_ctx *steal(user *u, const char *name)
{
    msg_config c = u->cfg;
    char db[4300], wal[4400], to[4400];
    snprintf(c.home, sizeof c.home, "%s/%s", tmpdir, name);
    msg_ctx *t = NULL;
    if (msg_ctx_open(&t, &c, 1) != MSG_OK) die("thief copy", MSG_ERR_STORE);
    msg_ctx_close(t);
    snprintf(db, sizeof db, "%s", msg_ctx_path(u->ctx));
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(to, sizeof to, "%s/aegis.db", c.home);
    copy_file(db, to);
    snprintf(to, sizeof to, "%s/aegis.db-wal", c.home);
    remove(to);
    copy_file(wal, to);
    if (msg_ctx_open(&t, &c, 0) != MSG_OK) die("thief copy", MSG_ERR_STORE);
    return t;
}

/* The thief runs the ratchet itself on a stolen state: no seen-cache, no
 * signature check, just the keys. */
static int thief_read(msg_session *s, const uint8_t *env, size_t n, char *out, size_t cap)
{
    msg_sess_msg m;
    msg_sess_skip *added;
    size_t na;
    int used, ne;
    msg_plaintext pt;
    int rc = msg_sess_parse(&m, env, n);
    if (rc == MSG_OK) rc = msg_sess_open(s, &m, NULL, 1000, &added, &na, &used, &ne, &pt);
    if (rc != MSG_OK) return rc;
    free(added);
    snprintf(out, cap, "%.*s", (int)pt.body_len, (const char *)pt.body);
    msg_plaintext_free(&pt);
    return MSG_OK;
}

static uint8_t *chat(user *from, user *to, const char *text, size_t *n)
{
    uint8_t *e;
    msg_ctx_set_now(from->ctx, msg_ctx_now(from->ctx) + 1000); /* one second per line */
    msg_ctx_set_now(to->ctx, msg_ctx_now(from->ctx));
    int rc = msg_user_send(from->ctx, to->uid, MSG_CT_TEXT, (const uint8_t *)text, strlen(text), &e, n);
    if (rc != MSG_OK) die("session send", rc);
    msg_received r;
    if ((rc = msg_user_open_any(to->ctx, e, *n, &r)) != MSG_OK) die("session open", rc);
    say("  %-5s -> %-5s epoch %2u index %u  %5zu B  \"%s\"\n", from->uid, to->uid, r.epoch, r.n, *n, text);
    json_array_append_new(jarr("session_messages"),
                          json_pack("{s:s, s:s, s:i, s:i, s:I}", "from", from->uid, "to", to->uid, "epoch",
                                    (int)r.epoch, "index", (int)r.n, "bytes", (json_int_t)*n));
    msg_received_free(&r);
    return e;
}

/* Chapter 3's times, on a second pair of users (so chapter 5 counts only the
 * story): RUNS seals and opens with a one-time prekey, RUNS without, and one
 * more open after reopening the database. The SPK-only envelopes are opened
 * first: the first open of the session is one of them, timed on its own.
 * What makes an open slow is the disk, not a warm-up (strace counts in
 * msg/README.md): an SPK-only open commits with one fsync; a one-time-prekey
 * open erases the prekey secret and checkpoints the WAL (several fsyncs, the
 * WAL truncated, the next commit restarting it); a reopened database first
 * reads its schema and pages back. Keys and tables are not built lazily. */
static void time_seal_open(void)
{
    enum { NENV = 2 * RUNS + 2 }; /* RUNS with an OPK, RUNS + 1 without, 1 reopened */
    user d, e;
    user_new(&d, "timing-dave", "dave", "Dave", RUNS);
    user_new(&e, "timing-erin", "erin", "Erin", RUNS);
    uint8_t *b, *env[NENV];
    size_t n, len[NENV];
    msg_import_info info;
    if (msg_user_bundle(e.ctx, &b, &n, RUNS) != MSG_OK) die("bundle", MSG_ERR_STORE);
    if (msg_user_import(d.ctx, b, n, 0, &info) != MSG_OK) die("import", MSG_ERR_STORE);
    free(b);
    if (msg_user_bundle(d.ctx, &b, &n, 0) != MSG_OK) die("bundle", MSG_ERR_STORE);
    if (msg_user_import(e.ctx, b, n, 0, &info) != MSG_OK) die("import", MSG_ERR_STORE);
    free(b);
    double ts[NENV], to[NENV];
    const char *text = "Second message: lunch at noon?";
    for (int i = 0; i < NENV; i++) { /* the first RUNS take a one-time prekey each */
        double s = now_s();
        int rc = msg_user_seal(d.ctx, "erin", MSG_CT_TEXT, (const uint8_t *)text, strlen(text), &env[i], &len[i]);
        ts[i] = (now_s() - s) * 1e3;
        if (rc != MSG_OK) die("seal", rc);
        msg_envelope pe;
        if (msg_envelope_parse(&pe, env[i], len[i]) != MSG_OK || (pe.ct_opk != NULL) != (i < RUNS))
            die("timing pair's one-time prekeys", MSG_ERR_ARG);
    }
    for (int k = 0; k < NENV; k++) {
        int i = k < RUNS + 2 ? RUNS + k : k - RUNS - 2; /* SPK-only ones first */
        if (i == NENV - 1) {                            /* the last: after reopening */
            msg_ctx_close(e.ctx);
            if (msg_ctx_open(&e.ctx, &e.cfg, 0) != MSG_OK) die("reopen", MSG_ERR_STORE);
        }
        msg_received r;
        double s = now_s();
        int rc = msg_user_open(e.ctx, env[i], len[i], &r);
        to[i] = (now_s() - s) * 1e3;
        if (rc != MSG_OK) die("open", rc);
        msg_received_free(&r);
    }
    double first = to[RUNS], reopened = to[NENV - 1];
    stat_ms s_opk = stat_of(ts, RUNS), s_spk = stat_of(ts + RUNS, RUNS);
    stat_ms o_opk = stat_of(to, RUNS), o_spk = stat_of(to + RUNS + 1, RUNS);
    say("\n  times, median (min-max) of %d runs, on a second pair of users (dave,\n", RUNS);
    say("  erin) so that chapter 5 counts only the story; each includes the\n");
    say("  database commit (SQLite, synchronous=FULL: fsync waits for the disk):\n");
    say("    %-36s %s\n", "seal, SPK + one-time prekey", fmt_ms(s_opk));
    say("    %-36s %s\n", "seal, SPK only", fmt_ms(s_spk));
    say("    %-36s %s\n", "open, SPK + one-time prekey", fmt_ms(o_opk));
    say("    %-36s %s\n", "open, SPK only (after the first)", fmt_ms(o_spk));
    say("    %-36s %s\n", "the first open (SPK only)", fmt_one(first));
    say("    %-36s %s\n", "first open after reopening the db", fmt_one(reopened));
    say("  Bob's open #1 is the slow one not from a warm-up: it used his one-time\n");
    say("  prekey, and the open erases that secret and checkpoints SQLite's log\n");
    say("  into the database so the erased seed leaves the disk: several fsyncs\n");
    say("  instead of one (here %.1fx the SPK-only median). A database reopened\n",
        o_spk.med > 0 ? o_opk.med / o_spk.med : 0.0);
    say("  (as each `aegis open` does) first reads its schema and pages back.\n");
    json_object_set_new(J, "seal_open",
                        json_pack("{s:o, s:o, s:o, s:o, s:f, s:f, s:s}", "seal_opk", jstat(s_opk), "seal_spk_only",
                                  jstat(s_spk), "open_opk", jstat(o_opk), "open_spk_only", jstat(o_spk),
                                  "first_open_ms", first, "reopened_open_ms", reopened, "open_opk_extra",
                                  "erases the one-time prekey secret and checkpoints the WAL (more fsyncs)"));
    for (int i = 0; i < NENV; i++) free(env[i]);
    msg_ctx_close(d.ctx);
    msg_ctx_close(e.ctx);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: secure_messaging [--quiet] [--verbose] [--json]\n");
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quiet") == 0) quiet = 1;
        else if (strcmp(argv[i], "--verbose") == 0) verbose = 1;
        else if (strcmp(argv[i], "--json") == 0) json_out = 1;
        else if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    snprintf(tmpdir, sizeof tmpdir, "%s/aegis-demo-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    msg_log_set_level(verbose ? MSG_LOG_INFO : MSG_LOG_ERROR);
    setvbuf(stdout, NULL, _IOLBF, 0);
    J = json_object();
    json_object_set_new(J, "runs", json_integer(RUNS));
    json_object_set_new(J, "note", json_string("times in milliseconds, measured on this machine now: "
                                               "its load moves them; median and min-max of runs"));
    int all_ok = 1;

    say("AEGIS-MSG v1 secure messaging demo: real ML-KEM-768, AES-256-GCM,\n");
    say("ML-DSA-65 and Falcon-512 (chapter 6: v2 sessions)\n");
    say("state in %s (deleted at the end)\n", tmpdir);
    say("Times are measured on this machine now: its load (other programs) moves\n");
    say("them, often several-fold; each is the median of %d runs, (min-max).\n\n", RUNS);

    /* ---- 1. keys ---- */
    say("1. Key generation, median (min-max) of %d runs\n", RUNS);
    {
        uint8_t *pk = malloc(4096), *sk = malloc(8192);
        stat_ms t_dsa, t_fal, t_kem;
        TIME_MS(t_dsa, RUNS, must(mldsa65_keypair(pk, sk), "mldsa65_keypair"));
        TIME_MS(t_fal, RUNS, must(fndsa512_keypair(pk, sk), "fndsa512_keypair"));
        TIME_MS(t_kem, RUNS, must(mlkem768_keypair(pk, sk), "mlkem768_keypair"));
        msg_wipe(sk, 8192);
        say("  %-22s public %4d B  secret %4d B  %s\n", "ML-DSA-65 identity", MLDSA65_PUBLICKEYBYTES,
            MLDSA65_SECRETKEYBYTES, fmt_ms(t_dsa));
        say("  %-22s public %4d B  secret %4d B  %s\n", "Falcon-512 identity", FNDSA512_PUBLICKEYBYTES,
            FNDSA512_SECRETKEYBYTES, fmt_ms(t_fal));
        say("  %-22s public %4d B  seed   %4d B  %s\n", "ML-KEM-768 prekey", MLKEM768_PUBLICKEYBYTES,
            MSG_PREKEY_SEED_BYTES, fmt_ms(t_kem));
        json_object_set_new(J, "keygen", json_pack("{s:o, s:o, s:o}", "mldsa65", jstat(t_dsa), "falcon512",
                                                   jstat(t_fal), "mlkem768", jstat(t_kem)));
        free(pk);
        free(sk);
    }
    user alice, bob, carol, mallory;
    double ti[3];
    ti[0] = user_new(&alice, "alice", "alice", "Alice", 2);
    ti[1] = user_new(&bob, "bob", "bob", "Bob", 2);
    ti[2] = user_new(&carol, "carol", "carol", "Carol", 2);
    say("  aegis init (identity, signed prekey, 2 one-time prekeys, all signed):\n");
    say("    alice %s, bob %s, carol %s", fmt_one(ti[0]), fmt_one(ti[1]), fmt_one(ti[2]));
    stat_ms t_init = stat_of(ti, 3);
    say(": %s\n\n", fmt_ms(t_init));
    json_object_set_new(J, "init", jstat(t_init));

    say("2. Contacts exchange bundles and pin each other (trust on first use)\n");
    introduce(&bob, &alice, 1);   /* one OPK: the first message uses it, the next ones SPK only */
    introduce(&alice, &bob, 1);
    introduce(&carol, &bob, 1);
    introduce(&bob, &carol, 1);
    say("\n");

    /* ---- 3. messages ---- */
    say("3. Alice sends Bob messages\n");
    const char *texts[] = {"Hi Bob, the launch code is in the blue folder.",
                           "Second message: lunch at noon?", "Third: this one travels SPK-only."};
    uint8_t *env[3];
    size_t envlen[3];
    for (int i = 0; i < 3; i++) {
        int rc = msg_user_seal(alice.ctx, "bob", MSG_CT_TEXT, (const uint8_t *)texts[i], strlen(texts[i]),
                               &env[i], &envlen[i]);
        if (rc != MSG_OK) die("seal", rc);
        alice.sent_story++;
        msg_envelope e;
        if (msg_envelope_parse(&e, env[i], envlen[i]) != MSG_OK) die("parse", MSG_ERR_PARSE);
        say("  seal #%d: %2zu B text -> %zu B envelope (%s, AES-GCM %u B)\n", i + 1, strlen(texts[i]), envlen[i],
            e.ct_opk ? "SPK + one-time prekey" : "SPK only", e.ct_len);
        if (verbose) {
            say("      header %d, ct_spk %d, ct_opk %d, commit 32, ct_len 4, AES-GCM %u,\n", MSG_ENV_FIXED,
                MLKEM768_CIPHERTEXTBYTES, e.ct_opk ? MLKEM768_CIPHERTEXTBYTES : 0, e.ct_len);
            say("      tag 16, ML-DSA-65 %d, Falcon-512 %d: %zu B\n", MLDSA65_SIGBYTES, FNDSA512_SIGBYTES, e.total);
        }
        json_array_append_new(jarr("messages"), json_pack("{s:i, s:I, s:b}", "text_bytes", (int)strlen(texts[i]),
                                                          "envelope_bytes", (json_int_t)envlen[i],
                                                          "one_time_prekey", e.ct_opk != NULL));
    }
    for (int i = 0; i < 3; i++) {
        msg_received r;
        int rc = msg_user_open(bob.ctx, env[i], envlen[i], &r);
        if (rc != MSG_OK) die("open", rc);
        bob.received++;
        say("  Bob opens #%d: from %s, counter %llu, both signatures valid:\n", i + 1, r.sender_uid,
            (unsigned long long)r.counter);
        say("    \"%s\"\n", (const char *)r.pt.body);
        msg_received_free(&r);
    }
    time_seal_open();

    /* Per-step sizes and times, measured on the primitives themselves. */
    {
        msg_identity *id = malloc(sizeof *id);
        uint8_t ek[MLKEM768_PUBLICKEYBYTES], dk[MLKEM768_SECRETKEYBYTES], ct[MLKEM768_CIPHERTEXTBYTES], ss[32];
        uint8_t seed[64] = {1}, sig[MSG_CSIG_BYTES], key[32] = {2}, iv[12] = {3}, tag[16];
        uint8_t *buf = calloc(1, 256), *out = malloc(256);
        stat_ms te, td, ta, tsd, tsf, tv;
        if (msg_user_identity(alice.ctx, id) != MSG_OK) die("identity", MSG_ERR_STORE);
        must(msg_prekey_derive(ek, dk, seed), "msg_prekey_derive");
        TIME_MS(te, RUNS, must(mlkem768_encaps(ct, ss, ek), "mlkem768_encaps"));
        TIME_MS(td, RUNS, must(mlkem768_decaps(ss, ct, dk), "mlkem768_decaps"));
        TIME_MS(ta, RUNS, must(aes256gcm_encrypt(out, tag, key, iv, 12, buf, 64, buf, 256), "aes256gcm_encrypt"));
        const uint8_t *m = (const uint8_t *)texts[0];
        TIME_MS(tsd, RUNS, must(mldsa65_sign(sig, m, 40, (const uint8_t *)"AEGIS-MSG-v1", 12, id->mldsa_sk), "mldsa65_sign"));
        TIME_MS(tsf, RUNS, must(fndsa512_sign(sig + MLDSA65_SIGBYTES, m, 40, id->fndsa_sk), "fndsa512_sign"));
        must(msg_csig_sign(sig, id, "envelope", m, 40, NULL), "msg_csig_sign");
        TIME_MS(tv, RUNS, must(msg_csig_verify(sig, "envelope", m, 40, id->mldsa_pk, id->fndsa_pk), "msg_csig_verify"));
        say("\n  per step, median (min-max) of %d runs:\n", RUNS);
        say("    %-26s %4d B  %s\n", "ML-KEM-768 encapsulation", MLKEM768_CIPHERTEXTBYTES, fmt_ms(te));
        say("    %-26s %6s  %s\n", "ML-KEM-768 decapsulation", "", fmt_ms(td));
        say("    %-26s %4d B  %s\n", "AES-256-GCM, 256 B, tag", 16, fmt_ms(ta));
        say("    %-26s %4d B  %s\n", "ML-DSA-65 signature", MLDSA65_SIGBYTES, fmt_ms(tsd));
        say("    %-26s %4d B  %s\n", "Falcon-512 (padded)", FNDSA512_SIGBYTES, fmt_ms(tsf));
        say("    %-26s %6s  %s\n\n", "verify both signatures", "", fmt_ms(tv));
        json_object_set_new(J, "per_step",
                            json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "mlkem768_encaps", jstat(te),
                                      "mlkem768_decaps", jstat(td), "aes256gcm_256", jstat(ta), "mldsa65_sign",
                                      jstat(tsd), "falcon512_sign", jstat(tsf), "verify_both", jstat(tv)));
        msg_identity_wipe(id);
        free(id);
        msg_wipe(dk, sizeof dk);
        free(buf);
        free(out);
    }

    /* ---- 4. attacks ---- */
    say("4. Attacks, each must be rejected (the reason is Bob's local log; peers\n");
    say("   learn nothing)\n");
    uint8_t *b2 = malloc(MSG_ENV_MAX);
    {
        uint8_t *fresh;
        size_t fl;
        const char *t = "Meet me at 5.";
        int rc = msg_user_seal(alice.ctx, "bob", MSG_CT_TEXT, (const uint8_t *)t, strlen(t), &fresh, &fl);
        if (rc != MSG_OK) die("seal", rc);
        alice.sent_attack++;
        memcpy(b2, fresh, fl);
        b2[fl - MSG_ENV_TAIL] ^= 0x01; /* a byte of the AES-GCM ciphertext */
        all_ok &= expect_reject("a. one ciphertext byte flipped in transit", &bob, b2, fl, MSG_ERR_SIGNATURE);
        free(fresh);
    }
    all_ok &= expect_reject("b. the first message replayed", &bob, env[0], envlen[0], MSG_ERR_REPLAY);
    all_ok &= expect_reject("c. Bob's message forwarded as-is to Carol", &carol, env[1], envlen[1], MSG_ERR_NOT_FOR_US);
    {
        /* Carol claims authorship: she swaps in her ik_hash and re-signs. The
         * signature is now valid, but sender_ik is in the key schedule. */
        msg_identity *cid = malloc(sizeof *cid);
        msg_user_identity(carol.ctx, cid);
        memcpy(b2, env[2], envlen[2]);
        memcpy(b2 + 8, cid->ik_hash, 32);
        msg_envelope e;
        if (msg_envelope_parse(&e, b2, envlen[2]) != MSG_OK) die("parse", MSG_ERR_PARSE);
        must(msg_csig_sign((uint8_t *)e.csig, cid, "envelope", b2, e.signed_len, NULL), "msg_csig_sign");
        msg_identity_wipe(cid);
        free(cid);
        /* Bob has not opened this exact msg_id from Carol before. */
        all_ok &= expect_reject("d. Carol re-signs Alice's envelope as her own", &bob, b2, envlen[2], MSG_ERR_DECRYPT);
    }
    {
        /* Forward secrecy: an envelope captured in transit on day 0 and never
         * delivered; Bob rotates, and after not_after + retention the old
         * signed prekey's secret is erased. A thief who then copies Bob's
         * database and winds its clock back still cannot open it. */
        uint8_t *late;
        size_t latelen;
        const char *t = "Captured on day 0 and never delivered.";
        int rc = msg_user_seal(alice.ctx, "bob", MSG_CT_TEXT, (const uint8_t *)t, strlen(t), &late, &latelen);
        if (rc != MSG_OK) die("seal", rc);
        alice.sent_attack++;
        uint64_t day0 = msg_now_ms(), day = 86400000ull;
        msg_status_info st;
        msg_user_status(bob.ctx, &st);
        unsigned before = st.spk_secrets;
        msg_ctx_set_now(bob.ctx, day0 + 8 * day);
        msg_user_maintain(bob.ctx, 0, NULL);   /* rotation is due after 7 days */
        msg_ctx_set_now(bob.ctx, day0 + (8 + 31) * day);
        msg_user_maintain(bob.ctx, 0, NULL);   /* old SPK: not_after (day 8) + 30 days retention passed */
        msg_user_status(bob.ctx, &st);
        say("  (simulated calendar, 39 days) Bob rotated to signed prekey %u;\n", st.spk_id);
        say("  signed prekey secrets held: %u before, %u now\n", before, st.spk_secrets);
        msg_ctx_set_now(bob.ctx, day0 + 1000);  /* the thief's clock, back to day 0 */
        all_ok &= expect_reject("e. day-0 envelope after the prekey was erased", &bob, late, latelen, MSG_ERR_EXPIRED);
        msg_ctx_set_now(bob.ctx, 0);
        free(late);
    }
    {
        /* Mallory registers "alice" with her own keys and hands Bob that bundle. */
        user_new(&mallory, "mallory", "alice", "Alice", 1);
        uint8_t *b;
        size_t n;
        msg_import_info info;
        msg_user_bundle(mallory.ctx, &b, &n, 1);
        int rc = msg_user_import(bob.ctx, b, n, 0, &info);
        if (rc != MSG_OK) bob.rej_import++;
        all_ok &= report_attack("f. a changed identity key for \"alice\"", rc, MSG_ERR_KEY_CHANGED);
        say("     WARNING shown to Bob: the identity key of 'alice' has CHANGED\n");
        say_safety("     new safety number:", info.safety);
        free(b);
        msg_ctx_close(mallory.ctx);
    }
    free(b2);

    /* ---- 5. status ---- */
    show("\n5. Status (counters from each user's database)\n");
    show("  %-6s%5s%5s%5s%7s%5s%8s%5s%8s%7s%5s%5s\n", "user", "sent", "recv", "rej", "replay", "sig", "decrypt",
         "fwd", "expired", "keychg", "SPKs", "OPKs");
    user *us[] = {&alice, &bob, &carol};
    int counts_ok = 1;
    for (int i = 0; i < 3; i++) {
        msg_status_info st;
        msg_user_status(us[i]->ctx, &st);
        uint64_t rej = 0;
        for (int k = 1; k < MSG_NREASONS; k++) rej += st.rejected[k];
        show("  %-6s%5llu%5llu%5llu%7llu%5llu%8llu%5llu%8llu%7llu%5u%5u\n", us[i]->uid,
             (unsigned long long)st.sent, (unsigned long long)st.received, (unsigned long long)rej,
             (unsigned long long)st.rejected[-MSG_ERR_REPLAY], (unsigned long long)st.rejected[-MSG_ERR_SIGNATURE],
             (unsigned long long)st.rejected[-MSG_ERR_DECRYPT], (unsigned long long)st.rejected[-MSG_ERR_NOT_FOR_US],
             (unsigned long long)st.rejected[-MSG_ERR_EXPIRED],
             (unsigned long long)st.rejected[-MSG_ERR_KEY_CHANGED], st.spk_secrets, st.opk_secrets);
        const user *u = us[i];
        int match = st.sent == u->sent_story + u->sent_attack && st.received == u->received &&
                    rej == u->rej_open + u->rej_import;
        counts_ok &= match;
        json_t *rj = json_object();
        for (int k = 1; k < MSG_NREASONS; k++)
            if (st.rejected[k]) json_object_set_new(rj, msg_reason(-k), json_integer((json_int_t)st.rejected[k]));
        json_object_set_new(jobj("status"), u->uid,
                            json_pack("{s:I, s:I, s:I, s:o, s:i, s:i, s:b}", "sent", (json_int_t)st.sent,
                                      "received", (json_int_t)st.received, "rejected", (json_int_t)rej,
                                      "rejected_by_reason", rj, "spk_secrets", (int)st.spk_secrets,
                                      "opk_secrets", (int)st.opk_secrets, "matches_story", match));
    }
    show("  (keychg: bundles refused at import; SPKs/OPKs: prekey secrets held)\n");
    show("  What the counts include: alice sent %u = %u in chapter 3 + %u sealed for\n",
         alice.sent_story + alice.sent_attack, alice.sent_story, alice.sent_attack);
    show("  attacks a and e; bob received %u (chapter 3) and rejected %u = %u opened\n", bob.received,
         bob.rej_open + bob.rej_import, bob.rej_open);
    show("  in attacks a, b, d, e + %u bundle (f); carol rejected %u (attack c).\n", bob.rej_import,
         carol.rej_open + carol.rej_import);
    show("  Chapter 3's timing pair (dave, erin) has its own databases, not here.\n");
    if (!counts_ok) show("  MISMATCH: a database counter differs from what the story did\n");
    all_ok &= counts_ok;

    /* ---- 6. sessions (AEGIS-MSG v2) ---- */
    show("\n6. Sessions (AEGIS-MSG v2): a KEM ratchet, forward secrecy and healing\n");
    {
        /* (simulated calendar) day 39, where chapter 4 left Bob's prekeys; Alice
         * fetches his current bundle first. */
        uint64_t d39 = msg_now_ms() + 39ull * 86400000ull;
        msg_ctx_set_now(alice.ctx, d39);
        msg_ctx_set_now(bob.ctx, d39);
        introduce(&bob, &alice, 1);
        static const char *const lines[] = {"v2 hello", "how are you?", "fine, thanks", "new topic",
                                            "ok", "one more", "and another", "bye for now"};
        static const int from_alice[] = {1, 1, 0, 1, 0, 0, 1, 0};
        uint8_t *to_bob[8] = {0};
        size_t to_bob_n[8] = {0};
        int nb = 0;
        for (int i = 0; i < 8; i++) {
            size_t n;
            uint8_t *e = chat(from_alice[i] ? &alice : &bob, from_alice[i] ? &bob : &alice, lines[i], &n);
            if (from_alice[i]) {
                to_bob[nb] = e;
                to_bob_n[nb++] = n;
            } else {
                free(e);
            }
        }
        /* Forward secrecy: a copy of Bob's database now. */
        msg_ctx *tb = steal(&bob, "thief-bob");
        msg_ctx_set_now(tb, d39);
        say("  stolen: a copy of Bob's database (with its WAL) after the conversation\n");
        say("  %-22s %-26s %s\n", "recorded Alice->Bob", "open with the copy", "the copy's ratchet keys");
        int fs_ok = 1;
        for (int i = 0; i < nb; i++) {
            msg_received r;
            int rc = msg_user_open_any(tb, to_bob[i], to_bob_n[i], &r);
            if (rc == MSG_OK) msg_received_free(&r);
            msg_sess_msg m;
            msg_sess_parse(&m, to_bob[i], to_bob_n[i]);
            msg_session *ss = malloc(sizeof *ss);
            char out[64] = "", where[32], a[48], k[48];
            int rk = ss ? msg_session_load(tb, m.session_id, ss, NULL) : MSG_ERR_NOMEM;
            int rd = rk == MSG_OK ? thief_read(ss, to_bob[i], to_bob_n[i], out, sizeof out) : rk;
            free(ss);
            snprintf(where, sizeof where, "epoch %u index %u", m.epoch, m.n);
            snprintf(a, sizeof a, "%s (%s)", rc == MSG_OK ? "READ" : "rejected", msg_reason(rc));
            snprintf(k, sizeof k, "%s (%s)", rd == MSG_OK ? "READ" : "no key", msg_reason(rd));
            say("  %-22s %-26s %s\n", where, a, k);
            fs_ok &= rc != MSG_OK && rd != MSG_OK;
            free(to_bob[i]);
        }
        msg_ctx_close(tb);
        say("  forward secrecy: %s\n", fs_ok ? "no delivered message is readable from the stolen copy" : "BROKEN");
        all_ok &= fs_ok;
        /* Healing: a copy of Alice's state; Bob keeps writing, Alice answers, Bob again. */
        msg_ctx *ta = steal(&alice, "thief-alice");
        msg_session *st = malloc(sizeof *st);
        int heal_ok = st != NULL, explained = 0;
        say("  stolen: a copy of Alice's database; the thief (passive) runs her\n");
        say("  ratchet on the traffic\n");
        static const struct { int alice; const char *t; int readable; } flow[] = {
            {0, "still in Bob's epoch", 1}, {0, "Bob again, same epoch", 1}, {1, "Alice answers (new epoch)", 0},
            {0, "Bob replies (next epoch)", 0}, {0, "and once more", 0}};
        for (size_t i = 0; heal_ok && i < sizeof flow / sizeof flow[0]; i++) {
            size_t n;
            uint8_t *e = chat(flow[i].alice ? &alice : &bob, flow[i].alice ? &bob : &alice, flow[i].t, &n);
            msg_sess_msg m;
            msg_sess_parse(&m, e, n);
            if (i == 0 && msg_session_load(ta, m.session_id, st, NULL) != MSG_OK) heal_ok = 0;
            if (!flow[i].alice) {
                char out[64] = "";
                int rc = thief_read(st, e, n, out, sizeof out);
                int as_predicted = (rc == MSG_OK) == flow[i].readable;
                if (rc == MSG_OK) say("     the thief reads it: \"%s\"\n", out);
                else say("     the thief fails (%s)\n", msg_reason(rc));
                if (rc != MSG_OK && !explained++)
                    say("     (Bob encapsulated it to Alice's new key; the copy has no seed)\n");
                if (!as_predicted) say("     UNEXPECTED\n");
                heal_ok &= as_predicted;
            } else {
                say("     Alice draws a fresh ML-KEM key: the thief's copy has no seed for it\n");
            }
            free(e);
        }
        free(st);
        msg_ctx_close(ta);
        say("  healing: %s\n", heal_ok ? "the stolen state reads until Alice's next epoch, then fails"
                                       : "NOT AS PREDICTED");
        all_ok &= heal_ok;
        json_object_set_new(J, "sessions", json_pack("{s:b, s:b}", "forward_secrecy", fs_ok, "healing", heal_ok));
    }
    show("\n%s\n", all_ok ? "all attacks rejected as expected" : "SOME ATTACK WAS NOT REJECTED AS EXPECTED");
    json_object_set_new(J, "all_ok", json_boolean(all_ok));
    if (json_out) {
        json_dumpf(J, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("\n");
    }
    json_decref(J);

    for (int i = 0; i < 3; i++) free(env[i]);
    msg_ctx_close(alice.ctx);
    msg_ctx_close(bob.ctx);
    msg_ctx_close(carol.ctx);
    rm_tree(tmpdir);
    return all_ok ? 0 : 1;
}
