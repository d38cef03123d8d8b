/*
 * aegis.c -- the `aegis` command line: file-based AEGIS-MSG v1 messaging with
 * no server. Exit codes: 0 ok, 1 rejected or failed, 2 usage. Errors are one
 * line on stderr. See msg/PROTOCOL.md and `aegis --help`.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "relay.h"

#define EX_OK 0
#define EX_FAIL 1
#define EX_USAGE 2

static const char *prog = "aegis";

static const char usage_main[] =
    "usage: aegis [--home DIR] COMMAND [ARGS]\n"
    "Post-quantum end-to-end encrypted messages (AEGIS-MSG v1: ML-KEM-768,\n"
    "AES-256-GCM, ML-DSA-65 + Falcon-512). Works on files; no server needed.\n\n"
    "commands:\n"
    "  init USER_ID [--name NAME]        create your identity and prekeys\n"
    "  bundle [--out FILE]               write your public bundle (identity + prekeys)\n"
    "  import FILE [--accept-new-key]    verify and pin a contact's bundle\n"
    "  seal RECIPIENT [--in F] [--out F] encrypt and sign a message (stdin/stdout)\n"
    "  open [--in FILE]                  verify and decrypt a message\n"
    "  rotate                            new signed prekey now; erase expired ones\n"
    "  status                            keys, prekey stock and counters\n"
    "  history [CONTACT]                 local message history\n"
    "  register --relay URL              register with a relay and upload prekeys\n"
    "  send RECIPIENT --relay URL [--in F]  fetch, verify and pin the bundle; seal; upload\n"
    "  fetch --relay URL                 download, verify, decrypt and acknowledge messages\n\n"
    "Each command has --help. Exit status: 0 ok, 1 rejected or failed, 2 usage.\n"
    "Environment: AEGIS_HOME (default ~/.aegis; --home overrides),\n"
    "AEGIS_KEY_ROTATION_INTERVAL (s, 3600..2592000, default 604800),\n"
    "AEGIS_MESSAGE_RETENTION_DAYS (1..90, default 30),\n"
    "AEGIS_MAX_CLOCK_SKEW_SECONDS (0..86400, default 300), AEGIS_OPK_BATCH (0..100,\n"
    "default 10), AEGIS_LOG (error|warn|info|debug, default warn).\n";

static int usage_err(const char *msg, const char *arg)
{
    fprintf(stderr, "%s: %s%s%s (try --help)\n", prog, msg, arg ? ": " : "", arg ? arg : "");
    return EX_USAGE;
}

static int fail(const char *what, int rc)
{
    fprintf(stderr, "%s: %s failed: %s\n", prog, what, msg_reason(rc));
    return EX_FAIL;
}

/* Read all of a file (or stdin for NULL / "-"), at most max bytes. */
static int read_all(const char *path, size_t max, uint8_t **out, size_t *len)
{
    FILE *f = (path == NULL || strcmp(path, "-") == 0) ? stdin : fopen(path, "rb");
    *out = NULL;
    *len = 0;
    if (f == NULL) {
        fprintf(stderr, "%s: cannot read %s: %s\n", prog, path, strerror(errno));
        return -1;
    }
    size_t cap = 65536, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf != NULL) {
        if (n == cap) {
            if (cap > max) break;
            uint8_t *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    int err = buf == NULL || ferror(f);
    if (f != stdin) fclose(f);
    if (err) {
        free(buf);
        fprintf(stderr, "%s: cannot read %s\n", prog, path ? path : "stdin");
        return -1;
    }
    if (n > max) {
        free(buf);
        fprintf(stderr, "%s: input %s is larger than %zu bytes\n", prog, path ? path : "stdin", max);
        return -1;
    }
    *out = buf;
    *len = n;
    return 0;
}

static int write_all(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = (path == NULL || strcmp(path, "-") == 0) ? stdout : fopen(path, "wb");
    if (f == NULL) {
        fprintf(stderr, "%s: cannot write %s: %s\n", prog, path, strerror(errno));
        return -1;
    }
    int bad = fwrite(p, 1, n, f) != n;
    bad |= (f == stdout) ? fflush(f) != 0 : fclose(f) != 0;
    if (bad) fprintf(stderr, "%s: cannot write %s\n", prog, path ? path : "stdout");
    return bad ? -1 : 0;
}

static void fmt_time(char out[32], uint64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void hex8(char out[17], const uint8_t *p)
{
    for (int i = 0; i < 8; i++) snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static int is_help(const char *a) { return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0; }

/* Option parsing shared by the subcommands: --opt VALUE or --opt=VALUE. */
static int opt_val(int argc, char **argv, int *i, const char *name, const char **val)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0) return 0;
    if (argv[*i][n] == '=') {
        *val = argv[*i] + n + 1;
        return 1;
    }
    if (argv[*i][n] != '\0') return 0;
    if (*i + 1 >= argc) return -1;
    *val = argv[++*i];
    return 1;
}

static msg_ctx *open_ctx(const msg_config *cfg, int create)
{
    msg_ctx *ctx = NULL;
    if (msg_ctx_open(&ctx, cfg, create) != MSG_OK) return NULL;
    return ctx;
}

/* ---- subcommands ---------------------------------------------------------- */
static int cmd_init(const msg_config *cfg, int argc, char **argv)
{
    const char *uid = NULL, *name = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (is_help(argv[i])) {
            printf("usage: aegis init USER_ID [--name NAME]\n"
                   "Create an identity (ML-DSA-65 + Falcon-512), a signed prekey and a batch of\n"
                   "one-time prekeys in AEGIS_HOME. USER_ID: 1-64 of [a-z0-9._-].\n");
            return EX_OK;
        } else if ((r = opt_val(argc, argv, &i, "--name", &name)) != 0) {
            if (r < 0) return usage_err("--name needs a value", NULL);
        } else if (argv[i][0] == '-') {
            return usage_err("unknown option", argv[i]);
        } else if (uid == NULL) {
            uid = argv[i];
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    if (uid == NULL) return usage_err("init needs a USER_ID", NULL);
    if (!msg_uid_valid(uid)) return usage_err("USER_ID must be 1-64 of [a-z0-9._-]", uid);
    msg_ctx *ctx = open_ctx(cfg, 1);
    if (ctx == NULL) return EX_FAIL;
    int rc = msg_user_init(ctx, uid, name, NULL);
    if (rc != MSG_OK) {
        msg_ctx_close(ctx);
        return fail("init", rc);
    }
    msg_status_info st;
    msg_user_status(ctx, &st);
    char h[17];
    hex8(h, st.ik_hash);
    printf("created identity %s in %s\nik_hash %s...  signed prekey %u, %u one-time prekeys\n", uid,
           cfg->home, h, st.spk_id, st.opk_secrets);
    msg_ctx_close(ctx);
    return EX_OK;
}

static int cmd_bundle(const msg_config *cfg, int argc, char **argv)
{
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (is_help(argv[i])) {
            printf("usage: aegis bundle [--out FILE]\n"
                   "Write your public bundle: the signed identity record, the current signed\n"
                   "prekey and AEGIS_OPK_BATCH one-time prekeys never exported before.\n"
                   "Give it to a contact, who runs `aegis import FILE`. Default: stdout.\n");
            return EX_OK;
        } else if ((r = opt_val(argc, argv, &i, "--out", &out)) != 0) {
            if (r < 0) return usage_err("--out needs a value", NULL);
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) return EX_FAIL;
    uint8_t *b = NULL;
    size_t n = 0;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_bundle(ctx, &b, &n, cfg->opk_batch);
    msg_ctx_close(ctx);
    if (rc != MSG_OK) return fail("bundle", rc);
    int w = write_all(out, b, n);
    free(b);
    if (w != 0) return EX_FAIL;
    if (out) fprintf(stderr, "wrote %s (%zu bytes)\n", out, n);
    return EX_OK;
}

static int cmd_import(const msg_config *cfg, int argc, char **argv)
{
    const char *file = NULL;
    int accept = 0;
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i])) {
            printf("usage: aegis import FILE [--accept-new-key]\n"
                   "Verify a contact's bundle (both signatures on every record, prekey validity,\n"
                   "ML-KEM key checks), pin the identity on first contact and print the safety\n"
                   "number to compare out of band. A different identity for a pinned user is\n"
                   "refused unless --accept-new-key (compare the new safety number first).\n");
            return EX_OK;
        } else if (strcmp(argv[i], "--accept-new-key") == 0) {
            accept = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return usage_err("unknown option", argv[i]);
        } else if (file == NULL) {
            file = argv[i];
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    if (file == NULL) return usage_err("import needs a FILE", NULL);
    uint8_t *b;
    size_t n;
    if (read_all(file, MSG_BUNDLE_MAX, &b, &n) != 0) return EX_FAIL;
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) {
        free(b);
        return EX_FAIL;
    }
    msg_import_info info;
    int rc = msg_user_import(ctx, b, n, accept, &info);
    msg_ctx_close(ctx);
    free(b);
    if (rc == MSG_ERR_KEY_CHANGED) {
        fprintf(stderr, "%s: WARNING: this bundle carries a DIFFERENT identity key for a pinned "
                        "contact; refused (new safety number %s)\n", prog, info.safety);
        return EX_FAIL;
    }
    if (rc != MSG_OK) return fail("import", rc);
    printf("%s %s (%s): signed prekey %u, %u one-time prekeys\nsafety number: %s\n",
           info.is_new ? "pinned new contact" : "updated contact", info.uid, info.name, info.spk_id,
           info.opks_added, info.safety);
    if (info.is_new) printf("compare the safety number with %s over another channel\n", info.uid);
    return EX_OK;
}

static int cmd_seal(const msg_config *cfg, int argc, char **argv)
{
    const char *to = NULL, *in = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (is_help(argv[i])) {
            printf("usage: aegis seal RECIPIENT [--in FILE] [--out FILE]\n"
                   "Encrypt a message (at most %d bytes) to a pinned contact and sign it with\n"
                   "both identity keys. Reads stdin and writes the envelope to stdout by default.\n",
                   MSG_MAX_BODY);
            return EX_OK;
        } else if ((r = opt_val(argc, argv, &i, "--in", &in)) != 0 ||
                   (r = opt_val(argc, argv, &i, "--out", &out)) != 0) {
            if (r < 0) return usage_err("option needs a value", argv[i]);
        } else if (argv[i][0] == '-') {
            return usage_err("unknown option", argv[i]);
        } else if (to == NULL) {
            to = argv[i];
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    if (to == NULL) return usage_err("seal needs a RECIPIENT", NULL);
    uint8_t *body;
    size_t n;
    if (read_all(in, MSG_MAX_BODY, &body, &n) != 0) return EX_FAIL;
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) {
        msg_free_secret(body, n);
        return EX_FAIL;
    }
    uint8_t *env = NULL;
    size_t envlen = 0;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_seal(ctx, to, MSG_CT_TEXT, body, n, &env, &envlen);
    msg_ctx_close(ctx);
    msg_free_secret(body, n);
    if (rc != MSG_OK) return fail("seal", rc);
    int w = write_all(out, env, envlen);
    free(env);
    if (w != 0) return EX_FAIL;
    if (out) fprintf(stderr, "sealed %zu-byte message to %s: %s (%zu bytes)\n", n, to, out, envlen);
    return EX_OK;
}

static int cmd_open(const msg_config *cfg, int argc, char **argv)
{
    const char *in = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (is_help(argv[i])) {
            printf("usage: aegis open [--in FILE]\n"
                   "Verify (both signatures, freshness, replay) and decrypt an envelope from a\n"
                   "pinned contact. Prints the sender on stderr and the plaintext on stdout.\n"
                   "A rejected envelope prints one line with the local reason; exit status 1.\n");
            return EX_OK;
        } else if ((r = opt_val(argc, argv, &i, "--in", &in)) != 0) {
            if (r < 0) return usage_err("--in needs a value", NULL);
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    uint8_t *env;
    size_t n;
    if (read_all(in, MSG_ENV_MAX, &env, &n) != 0) return EX_FAIL;
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) {
        free(env);
        return EX_FAIL;
    }
    msg_received r;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_open(ctx, env, n, &r);
    msg_ctx_close(ctx);
    free(env);
    if (rc != MSG_OK) {
        fprintf(stderr, "%s: message rejected (local reason: %s)\n", prog, msg_reason(rc));
        return EX_FAIL;
    }
    char ts[32];
    fmt_time(ts, r.timestamp_ms);
    fprintf(stderr, "from %s (verified: ML-DSA-65 and Falcon-512), sent %s, counter %llu%s\n"
                    "safety number: %s\n",
            r.sender_uid, ts, (unsigned long long)r.counter, r.used_opk ? ", one-time prekey" : "",
            r.safety);
    if (r.counter_gap) fprintf(stderr, "note: %llu earlier message(s) from %s not seen yet\n",
                               (unsigned long long)r.counter_gap, r.sender_uid);
    /* On a terminal, control characters other than newline and tab are shown
     * as '?': an authenticated sender is still not allowed to drive the
     * terminal with escape sequences. Pipes and files get the exact bytes. */
    if (isatty(STDOUT_FILENO))
        for (size_t i = 0; i < r.pt.body_len; i++) {
            uint8_t c = r.pt.body[i];
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) r.pt.body[i] = '?';
        }
    int w = write_all(NULL, r.pt.body, r.pt.body_len);
    msg_received_free(&r);
    return w == 0 ? EX_OK : EX_FAIL;
}

static int cmd_rotate(const msg_config *cfg, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i])) {
            printf("usage: aegis rotate\n"
                   "Make a new signed prekey now (it also happens automatically every\n"
                   "AEGIS_KEY_ROTATION_INTERVAL), and erase signed prekey secrets whose\n"
                   "not_after + retention has passed. Identity keys are never rotated.\n"
                   "Publish a fresh bundle afterwards.\n");
            return EX_OK;
        }
        return usage_err("unexpected argument", argv[i]);
    }
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) return EX_FAIL;
    int rot = 0;
    int rc = msg_user_maintain(ctx, 1, &rot);
    msg_status_info st;
    if (rc == MSG_OK) rc = msg_user_status(ctx, &st);
    msg_ctx_close(ctx);
    if (rc != MSG_OK) return fail("rotate", rc);
    printf("signed prekey %u is current; %u signed prekey secret(s) held\n", st.spk_id, st.spk_secrets);
    return EX_OK;
}

static int cmd_status(const msg_config *cfg, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i])) {
            printf("usage: aegis status\nShow identity, prekeys, contacts and counters.\n");
            return EX_OK;
        }
        return usage_err("unexpected argument", argv[i]);
    }
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) return EX_FAIL;
    msg_status_info st;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_status(ctx, &st);
    msg_ctx_close(ctx);
    if (rc != MSG_OK) return fail("status", rc);
    char h[17], na[32];
    hex8(h, st.ik_hash);
    fmt_time(na, st.spk_not_after_ms);
    printf("user          %s (%s)\nik_hash       %s...\n", st.uid, st.name, h);
    printf("signed prekey %u, age %llus, not after %s; %u secret(s) held\n", st.spk_id,
           (unsigned long long)st.spk_age_s, na, st.spk_secrets);
    printf("one-time      %u secret(s) held, %u not yet published\n", st.opk_secrets, st.opk_unpublished);
    printf("contacts      %u\nhistory       %u message(s)\n", st.contacts, st.messages);
    printf("sent          %llu\nreceived      %llu\n", (unsigned long long)st.sent,
           (unsigned long long)st.received);
    for (int i = 1; i < MSG_NREASONS; i++)
        if (st.rejected[i])
            printf("rejected      %-14s %llu\n", msg_reason(-i), (unsigned long long)st.rejected[i]);
    return EX_OK;
}

static void print_hist(void *arg, const char *dir, const char *peer, uint64_t ts, uint64_t ctr,
                       uint8_t ctype, const uint8_t *body, size_t n)
{
    (void)arg;
    char t[32];
    fmt_time(t, ts);
    printf("%s %s %-8s #%llu ", t, strcmp(dir, "in") == 0 ? "<-" : "->", peer, (unsigned long long)ctr);
    if (ctype != MSG_CT_TEXT) {
        printf("[content type %u, %zu bytes]\n", ctype, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = body[i];
        putchar(c == '\n' ? ' ' : (c < 0x20 || c == 0x7f) ? '?' : c);
    }
    putchar('\n');
}

static int cmd_history(const msg_config *cfg, int argc, char **argv)
{
    const char *who = NULL;
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i])) {
            printf("usage: aegis history [CONTACT]\n"
                   "Print the local history (kept AEGIS_MESSAGE_RETENTION_DAYS), oldest first.\n");
            return EX_OK;
        } else if (argv[i][0] == '-' || who != NULL) {
            return usage_err("unexpected argument", argv[i]);
        }
        who = argv[i];
    }
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) return EX_FAIL;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_history(ctx, who, print_hist, NULL);
    msg_ctx_close(ctx);
    return rc == MSG_OK ? EX_OK : fail("history", rc);
}

/* ---- relay mode (plain HTTP; verify everything locally) ------------------ */
static int cmd_register(const msg_config *cfg, int argc, char **argv)
{
    const char *url = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (is_help(argv[i])) {
            printf("usage: aegis register --relay http://HOST:PORT\n"
                   "Register your identity record with the relay (log in by signing its challenge\n"
                   "with both identity keys) and upload your signed prekey and AEGIS_OPK_BATCH\n"
                   "fresh one-time prekeys. Run again after `aegis rotate` or to top up.\n");
            return EX_OK;
        } else if ((r = opt_val(argc, argv, &i, "--relay", &url)) != 0) {
            if (r < 0) return usage_err("--relay needs a URL", NULL);
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    if (url == NULL) return usage_err("register needs --relay URL", NULL);
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) return EX_FAIL;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_relay_register(ctx, url, cfg->opk_batch);
    msg_ctx_close(ctx);
    if (rc != MSG_OK) return fail("register", rc);
    printf("registered with %s; signed prekey and %u one-time prekeys uploaded\n", url, cfg->opk_batch);
    return EX_OK;
}

static int cmd_send(const msg_config *cfg, int argc, char **argv)
{
    const char *url = NULL, *to = NULL, *in = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (is_help(argv[i])) {
            printf("usage: aegis send RECIPIENT --relay http://HOST:PORT [--in FILE]\n"
                   "Fetch RECIPIENT's bundle from the relay, verify and pin it exactly like\n"
                   "`aegis import` (a changed identity is refused), seal the message (stdin by\n"
                   "default) and upload the envelope. The relay only ever sees the envelope.\n");
            return EX_OK;
        } else if ((r = opt_val(argc, argv, &i, "--relay", &url)) != 0 ||
                   (r = opt_val(argc, argv, &i, "--in", &in)) != 0) {
            if (r < 0) return usage_err("option needs a value", argv[i]);
        } else if (argv[i][0] == '-') {
            return usage_err("unknown option", argv[i]);
        } else if (to == NULL) {
            to = argv[i];
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    if (url == NULL || to == NULL) return usage_err("send needs RECIPIENT and --relay URL", NULL);
    uint8_t *body;
    size_t n;
    if (read_all(in, MSG_MAX_BODY, &body, &n) != 0) return EX_FAIL;
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) {
        msg_free_secret(body, n);
        return EX_FAIL;
    }
    uint64_t idx = 0;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_relay_send(ctx, url, to, body, n, &idx);
    msg_ctx_close(ctx);
    msg_free_secret(body, n);
    if (rc == MSG_ERR_KEY_CHANGED) {
        fprintf(stderr, "%s: WARNING: the relay served a DIFFERENT identity key for %s; nothing sent\n", prog, to);
        return EX_FAIL;
    }
    if (rc != MSG_OK) return fail("send", rc);
    fprintf(stderr, "sent %zu-byte message to %s (relay message index %llu)\n", n, to, (unsigned long long)idx);
    return EX_OK;
}

static int fetched_ok, fetched_bad;
static void on_fetched(void *arg, int rc, const msg_received *r)
{
    (void)arg;
    if (rc != MSG_OK) {
        fetched_bad++;
        fprintf(stderr, "%s: message rejected (local reason: %s)\n", prog, msg_reason(rc));
        return;
    }
    fetched_ok++;
    char ts[32];
    fmt_time(ts, r->timestamp_ms);
    printf("--- from %s (verified: ML-DSA-65 and Falcon-512), sent %s, counter %llu\n", r->sender_uid, ts,
           (unsigned long long)r->counter);
    for (size_t i = 0; i < r->pt.body_len; i++) {
        unsigned char c = r->pt.body[i];
        putchar((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? '?' : c);
    }
    if (r->pt.body_len == 0 || r->pt.body[r->pt.body_len - 1] != '\n') putchar('\n');
}

static int cmd_fetch(const msg_config *cfg, int argc, char **argv)
{
    const char *url = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (is_help(argv[i])) {
            printf("usage: aegis fetch --relay http://HOST:PORT\n"
                   "Download every waiting envelope, open it exactly like `aegis open` (both\n"
                   "signatures, freshness, replay), print the verified ones and acknowledge\n"
                   "(delete) them on the relay. Exit status 1 if any was rejected.\n");
            return EX_OK;
        } else if ((r = opt_val(argc, argv, &i, "--relay", &url)) != 0) {
            if (r < 0) return usage_err("--relay needs a URL", NULL);
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    if (url == NULL) return usage_err("fetch needs --relay URL", NULL);
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) return EX_FAIL;
    int rc = msg_user_maintain(ctx, 0, NULL);
    int n = rc == MSG_OK ? msg_relay_fetch(ctx, url, on_fetched, NULL) : rc;
    msg_ctx_close(ctx);
    if (n < 0) return fail("fetch", n);
    fprintf(stderr, "%d message(s): %d verified, %d rejected\n", n, fetched_ok, fetched_bad);
    return fetched_bad ? EX_FAIL : EX_OK;
}

int main(int argc, char **argv)
{
    const char *home = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        int r;
        if (is_help(argv[i])) {
            fputs(usage_main, stdout);
            return EX_OK;
        } else if ((r = opt_val(argc, argv, &i, "--home", &home)) != 0) {
            if (r < 0) return usage_err("--home needs a value", NULL);
        } else {
            return usage_err("unknown option", argv[i]);
        }
    }
    if (i >= argc) {
        fputs(usage_main, stderr);
        return EX_USAGE;
    }
    /* --home may also follow the command. */
    int sub_argc = 0;
    char **sub = calloc((size_t)argc, sizeof *sub);
    if (sub == NULL) return EX_FAIL;
    for (int j = i; j < argc; j++) {
        int r;
        if (j > i && (r = opt_val(argc, argv, &j, "--home", &home)) != 0) {
            if (r < 0) {
                free(sub);
                return usage_err("--home needs a value", NULL);
            }
            continue;
        }
        sub[sub_argc++] = argv[j];
    }
    static const struct {
        const char *name;
        int (*fn)(const msg_config *, int, char **);
    } cmds[] = {{"init", cmd_init},     {"bundle", cmd_bundle}, {"import", cmd_import},
                {"seal", cmd_seal},     {"open", cmd_open},     {"rotate", cmd_rotate},
                {"status", cmd_status}, {"history", cmd_history}, {"register", cmd_register},
                {"send", cmd_send},     {"fetch", cmd_fetch}};
    int rc = -1;
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
        if (strcmp(sub[0], cmds[k].name) != 0) continue;
        int help = 0;
        for (int j = 1; j < sub_argc; j++) help |= is_help(sub[j]);
        msg_config cfg;
        char err[256];
        if (!help && msg_config_load(&cfg, home, err, sizeof err) != MSG_OK) {
            fprintf(stderr, "%s: configuration error: %s\n", prog, err);
            rc = EX_USAGE;
        } else {
            if (help) msg_config_defaults(&cfg);
            rc = cmds[k].fn(&cfg, sub_argc, sub);
        }
        break;
    }
    if (rc < 0) rc = usage_err("unknown command", sub[0]);
    free(sub);
    return rc;
}
