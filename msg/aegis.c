/*
 * aegis.c -- the `aegis` command line: file-based AEGIS-MSG v1 messaging with
 * no server. Exit codes: 0 ok, 1 rejected or failed, 2 usage. Errors are one
 * line on stderr. See msg/PROTOCOL.md and `aegis --help`.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"
#include "relay_client.h"
#include "session.h"
#include "version.h"

#define EX_OK 0
#define EX_FAIL 1
#define EX_USAGE 2

static const char *prog = "aegis";

static const char usage_main[] =
    "usage: aegis [--home DIR] COMMAND [ARGS]  |  aegis --version\n"
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
    "  fetch --relay URL                 download, verify, decrypt and acknowledge messages\n"
    "                                    (relay URL: http:// or https://; --cacert FILE)\n"
    "  sessions [CONTACT]                v2 sessions: id, epochs, last activity, state\n"
    "  reset CONTACT [--out FILE]        start a new session (writes its first message)\n"
    "  help [COMMAND]                    this text, or the help of COMMAND\n\n"
    "Each command has --help. Exit status: 0 ok, 1 rejected or failed, 2 usage.\n"
    "Environment: AEGIS_HOME (default ~/.aegis; --home overrides),\n"
    "AEGIS_KEY_ROTATION_INTERVAL (s, 3600..2592000, default 604800),\n"
    "AEGIS_MESSAGE_RETENTION_DAYS (1..90, default 30),\n"
    "AEGIS_MAX_CLOCK_SKEW_SECONDS (0..86400, default 300), AEGIS_OPK_BATCH (0..100,\n"
    "default 10), AEGIS_LOG (error|warn|info|debug, default warn),\n"
    "AEGIS_SESSION_MAX_SKIPPED (0..10000, default 1000), AEGIS_AUTO_RECEIPTS (0|1, default 1).\n";

/* Everything this program writes to stderr goes through say(): one line, and
 * every byte outside printable ASCII shown as '?', so that arguments, paths,
 * environment values and peer data can never drive the terminal. */
static void say(int with_prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(int with_prog, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    msg_sanitize(line);
    fprintf(stderr, "%s%s%s\n", with_prog ? prog : "", with_prog ? ": " : "", line);
}

static int usage_err(const char *msg, const char *arg)
{
    say(1, "%s%s%s (try --help)", msg, arg ? ": " : "", arg ? arg : "");
    return EX_USAGE;
}

/* The library's own first error line (captured, see main) says more than the
 * reason code; print that one instead, so every failure is one line. */
static int fail(const char *what, int rc)
{
    const char *detail = msg_log_captured();
    say(1, "%s failed: %s", what, *detail ? detail : msg_reason(rc));
    return EX_FAIL;
}

/* Read all of a file (or stdin for NULL / "-"), at most max bytes. The
 * input may be a plaintext: one buffer of max + 1 bytes is allocated up
 * front (no realloc leaving copies behind), stdio does not buffer it, and
 * the buffer is wiped on every failure. Memory stays bounded for /dev/zero. */
static int read_all(const char *path, size_t max, uint8_t **out, size_t *len)
{
    FILE *f = (path == NULL || strcmp(path, "-") == 0) ? stdin : fopen(path, "rb");
    *out = NULL;
    *len = 0;
    if (f == NULL) {
        say(1, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    setvbuf(f, NULL, _IONBF, 0);
    size_t cap = max + 1, n = 0;
    uint8_t *buf = malloc(cap);
    errno = 0;
    while (buf != NULL && n < cap) {
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    int err = buf == NULL || ferror(f);
    int e = errno;
    if (f != stdin) fclose(f);
    if (err) {
        msg_free_secret(buf, cap);
        say(1, "cannot read %s%s%s", path ? path : "stdin", e ? ": " : "", e ? strerror(e) : "");
        return -1;
    }
    if (n > max) {
        msg_free_secret(buf, cap);
        say(1, "input %s is larger than %zu bytes", path ? path : "stdin", max);
        return -1;
    }
    *out = buf;
    *len = n;
    return 0;
}

/* Output is opened before the command changes any state (seal consumes a
 * counter and a one-time prekey, open consumes the message), so an output
 * that cannot be written fails the command early. An existing file is only
 * truncated when the data is ready; a file we created is removed on failure.
 * Binary output never goes to a terminal. */
typedef struct {
    FILE *f;
    const char *path; /* NULL: stdout */
    int created;
} out_file;

/* Is path one of the files of the user database (aegis.db, -wal, -shm)? */
static int is_db_file(const char *path, const msg_config *cfg)
{
    struct stat a, b;
    if (stat(path, &a) != 0) return 0;
    static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
    for (size_t k = 0; k < sizeof sfx / sizeof sfx[0]; k++) {
        char db[sizeof cfg->home + 32];
        snprintf(db, sizeof db, "%s/aegis.db%s", cfg->home, sfx[k]);
        if (stat(db, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) return 1;
    }
    return 0;
}

static int out_open(out_file *o, const char *path, int binary, const msg_config *cfg)
{
    memset(o, 0, sizeof *o);
    if (path == NULL || strcmp(path, "-") == 0) {
        if (binary && isatty(STDOUT_FILENO)) {
            say(1, "refusing to write binary data to a terminal; use --out FILE or a pipe");
            return -1;
        }
        if (fcntl(STDOUT_FILENO, F_GETFL) < 0) {
            say(1, "cannot write stdout: %s", strerror(errno));
            return -1;
        }
        o->f = stdout;
        return 0;
    }
    o->path = path;
    if (is_db_file(path, cfg)) {
        say(1, "refusing to overwrite the user database with %s", path);
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        o->created = fd >= 0;
    }
    if (fd < 0 || (o->f = fdopen(fd, "wb")) == NULL) {
        say(1, "cannot write %s: %s", path, strerror(errno));
        if (fd >= 0) close(fd);
        if (o->created) unlink(path);
        return -1;
    }
    return 0;
}

static void out_abort(out_file *o)
{
    if (o->f == NULL || o->f == stdout) return;
    fclose(o->f);
    if (o->created) unlink(o->path);
    o->f = NULL;
}

static int out_write(out_file *o, const uint8_t *p, size_t n)
{
    int bad = 0;
    struct stat sb;
    if (o->f != stdout && fstat(fileno(o->f), &sb) == 0 && S_ISREG(sb.st_mode))
        bad = ftruncate(fileno(o->f), 0) != 0;
    if (n > 0) bad |= fwrite(p, 1, n, o->f) != n;
    bad |= (o->f == stdout) ? fflush(o->f) != 0 : fclose(o->f) != 0;
    if (bad) {
        say(1, "cannot write %s", o->path ? o->path : "stdout");
        if (o->f != stdout && o->created) unlink(o->path);
    }
    o->f = NULL;
    return bad ? -1 : 0;
}

/* Length of the valid UTF-8 sequence at p[0..n) that is not a C0/C1
 * control, or 0. Overlong forms, surrogates and code points above U+10FFFF
 * are invalid (RFC 3629 section 4); C1 (U+0080..U+009F) would be CSI & co. */
static size_t utf8_printable(const uint8_t *p, size_t n)
{
    uint8_t c = p[0];
    if (c < 0x80) return (c >= 0x20 && c != 0x7f) ? 1 : 0;
    size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (c < 0xc2 || c > 0xf4 || n < len) return 0;
    for (size_t k = 1; k < len; k++)
        if ((p[k] & 0xc0) != 0x80) return 0;
    if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) || (c == 0xf0 && p[1] < 0x90) ||
        (c == 0xf4 && p[1] > 0x8f) || (c == 0xc2 && p[1] < 0xa0))
        return 0;
    return len;
}

/* Message text for a terminal: valid printable UTF-8 as is, newline and tab
 * kept (newline shown as a space when one_line), everything else -- escape
 * sequences, C1 controls, invalid bytes -- as '?'. An authenticated sender is
 * still not allowed to drive the terminal. */
static void put_text(FILE *f, const uint8_t *p, size_t n, int one_line)
{
    for (size_t i = 0; i < n;) {
        size_t l = utf8_printable(p + i, n - i);
        if (l > 0) {
            fwrite(p + i, 1, l, f);
            i += l;
            continue;
        }
        putc(p[i] == '\n' ? (one_line ? ' ' : '\n') : (p[i] == '\t' && !one_line) ? '\t' : '?', f);
        i++;
    }
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

/* Option parsing shared by the subcommands: --opt VALUE or --opt=VALUE.
 * 1 = matched, 0 = not this option, -1 = usage error (already printed). */
static int opt_val(int argc, char **argv, int *i, const char *name, const char **val)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0) return 0;
    if (argv[*i][n] != '=' && argv[*i][n] != '\0') return 0;
    /* Given twice or empty: refuse rather than guess. */
    if (*val != NULL) return usage_err("option given twice", name), -1;
    if (argv[*i][n] == '=') {
        *val = argv[*i] + n + 1;
    } else {
        if (*i + 1 >= argc) return usage_err("option needs a value", name), -1;
        *val = argv[++*i];
    }
    if (**val == '\0') return usage_err("option needs a non-empty value", name), -1;
    return 1;
}

static msg_ctx *open_ctx(const msg_config *cfg, int create)
{
    msg_ctx *ctx = NULL;
    if (msg_ctx_open(&ctx, cfg, create) != MSG_OK) {
        const char *detail = msg_log_captured();
        say(1, "%s", *detail ? detail : "cannot open the database");
        return NULL;
    }
    return ctx;
}

/* ---- subcommands ---------------------------------------------------------- */
static int cmd_init(const msg_config *cfg, int argc, char **argv)
{
    const char *uid = NULL, *name = NULL;
    int ddash = 0; /* after "--" everything is an operand */
    for (int i = 1; i < argc; i++) {
        if (!ddash && strcmp(argv[i], "--") == 0) {
            ddash = 1;
            continue;
        }
        int r;
        if (!ddash && is_help(argv[i])) {
            printf("usage: aegis init USER_ID [--name NAME]\n"
                   "Create an identity (ML-DSA-65 + Falcon-512), a signed prekey and a batch of\n"
                   "one-time prekeys in AEGIS_HOME. USER_ID: 1-64 of [a-z0-9._-].\n");
            return EX_OK;
        } else if (!ddash && ((r = opt_val(argc, argv, &i, "--name", &name)) != 0)) {
            if (r < 0) return EX_USAGE;
        } else if (!ddash && argv[i][0] == '-') {
            return usage_err("unknown option", argv[i]);
        } else if (uid == NULL) {
            uid = argv[i];
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    if (uid == NULL) return usage_err("init needs a USER_ID", NULL);
    if (!msg_uid_valid(uid)) return usage_err("USER_ID must be 1-64 of [a-z0-9._-]", uid);
    if (name != NULL) {
        size_t nl = strlen(name);
        int ok = nl <= MSG_NAME_MAX;
        for (size_t k = 0; k < nl; k++) ok &= name[k] >= 0x20 && name[k] <= 0x7e;
        if (!ok) return usage_err("NAME must be 1-64 printable ASCII characters", name);
    }
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
            if (r < 0) return EX_USAGE;
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    out_file of;
    if (out_open(&of, out, 1, cfg) != 0) return EX_FAIL;
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) {
        out_abort(&of);
        return EX_FAIL;
    }
    uint8_t *b = NULL;
    size_t n = 0;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_bundle(ctx, &b, &n, cfg->opk_batch);
    msg_ctx_close(ctx);
    if (rc != MSG_OK) {
        out_abort(&of);
        return fail("bundle", rc);
    }
    int w = out_write(&of, b, n);
    free(b);
    if (w != 0) return EX_FAIL;
    if (out) say(0, "wrote %s (%zu bytes)", out, n);
    return EX_OK;
}

static int cmd_import(const msg_config *cfg, int argc, char **argv)
{
    const char *file = NULL;
    int accept = 0;
    int ddash = 0; /* after "--" everything is an operand */
    for (int i = 1; i < argc; i++) {
        if (!ddash && strcmp(argv[i], "--") == 0) {
            ddash = 1;
            continue;
        }
        if (!ddash && is_help(argv[i])) {
            printf("usage: aegis import FILE [--accept-new-key]\n"
                   "Verify a contact's bundle (both signatures on every record, prekey validity,\n"
                   "ML-KEM key checks), pin the identity on first contact and print the safety\n"
                   "number to compare out of band. A different identity for a pinned user is\n"
                   "refused unless --accept-new-key (compare the new safety number first).\n");
            return EX_OK;
        } else if (!ddash && strcmp(argv[i], "--accept-new-key") == 0) {
            accept = 1;
        } else if (!ddash && argv[i][0] == '-' && argv[i][1] != '\0') {
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
        say(1, "WARNING: this bundle carries a DIFFERENT identity key for a pinned "
               "contact; refused (new safety number %s)", info.safety);
        return EX_FAIL;
    }
    if (rc != MSG_OK) return fail("import", rc);
    msg_sanitize(info.uid);
    msg_sanitize(info.name);
    printf("%s %s (%s): signed prekey %u, %u one-time prekeys\nsafety number: %s\n",
           info.is_new ? "pinned new contact" : "updated contact", info.uid, info.name, info.spk_id,
           info.opks_added, info.safety);
    if (info.is_new) printf("compare the safety number with %s over another channel\n", info.uid);
    return EX_OK;
}

static int cmd_seal(const msg_config *cfg, int argc, char **argv)
{
    const char *to = NULL, *in = NULL, *out = NULL;
    int ddash = 0; /* after "--" everything is an operand */
    for (int i = 1; i < argc; i++) {
        if (!ddash && strcmp(argv[i], "--") == 0) {
            ddash = 1;
            continue;
        }
        int r;
        if (!ddash && is_help(argv[i])) {
            printf("usage: aegis seal RECIPIENT [--in FILE] [--out FILE]\n"
                   "Encrypt a message (at most %d bytes) to a pinned contact and sign it with\n"
                   "both identity keys. Reads stdin and writes the envelope to stdout by default.\n",
                   MSG_MAX_BODY);
            return EX_OK;
        } else if (!ddash && ((r = opt_val(argc, argv, &i, "--in", &in)) != 0 ||
                   (r = opt_val(argc, argv, &i, "--out", &out)) != 0)) {
            if (r < 0) return EX_USAGE;
        } else if (!ddash && argv[i][0] == '-') {
            return usage_err("unknown option", argv[i]);
        } else if (to == NULL) {
            to = argv[i];
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    if (to == NULL) return usage_err("seal needs a RECIPIENT", NULL);
    if (!msg_uid_valid(to)) return usage_err("RECIPIENT must be 1-64 of [a-z0-9._-]", to);
    uint8_t *body;
    size_t n;
    if ((in == NULL || strcmp(in, "-") == 0) && isatty(STDIN_FILENO))
        say(0, "type the message, then Ctrl-D on an empty line");
    if (read_all(in, MSG_MAX_BODY, &body, &n) != 0) return EX_FAIL;
    out_file of;
    msg_ctx *ctx = NULL;
    if (out_open(&of, out, 1, cfg) != 0 || (ctx = open_ctx(cfg, 0)) == NULL) {
        out_abort(&of);
        msg_free_secret(body, n);
        return EX_FAIL;
    }
    uint8_t *env = NULL;
    size_t envlen = 0;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_send(ctx, to, MSG_CT_TEXT, body, n, &env, &envlen); /* v2 session */
    msg_ctx_close(ctx);
    msg_free_secret(body, n);
    if (rc != MSG_OK) {
        out_abort(&of);
        return fail("seal", rc);
    }
    int w = out_write(&of, env, envlen);
    free(env);
    if (w != 0) return EX_FAIL;
    if (out) say(0, "sealed %zu-byte message to %s: %s (%zu bytes)", n, to, out, envlen);
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
            if (r < 0) return EX_USAGE;
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    uint8_t *env;
    size_t n;
    /* On a terminal, say what open waits for instead of waiting silently. */
    if ((in == NULL || strcmp(in, "-") == 0) && isatty(STDIN_FILENO))
        say(0, "reading an envelope from standard input (end with Ctrl-D; or use --in FILE)");
    if (read_all(in, MSG_ANY_ENV_MAX, &env, &n) != 0) return EX_FAIL;
    out_file of;
    msg_ctx *ctx = NULL;
    if (out_open(&of, NULL, 0, cfg) != 0 || (ctx = open_ctx(cfg, 0)) == NULL) {
        free(env);
        return EX_FAIL;
    }
    msg_received r;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_open_any(ctx, env, n, &r); /* v1 envelope or v2 session message */
    msg_ctx_close(ctx);
    free(env);
    if (rc != MSG_OK) {
        /* An envelope the protocol rejects, or a local failure (database...). */
        if ((rc <= MSG_ERR_PARSE && rc >= MSG_ERR_PLAINTEXT) || (rc <= MSG_ERR_DESYNC && rc >= MSG_ERR_TRIMMED)) {
            say(1, "message rejected (local reason: %s)", msg_reason(rc));
            return EX_FAIL;
        }
        return fail("open", rc);
    }
    char ts[32];
    fmt_time(ts, r.timestamp_ms);
    say(0, "from %s (verified: ML-DSA-65 and Falcon-512), sent %s, counter %llu%s", r.sender_uid, ts,
        (unsigned long long)r.counter, r.used_opk ? ", one-time prekey" : "");
    say(0, "safety number: %s", r.safety);
    if (r.version == 2) say(0, "session %02x%02x%02x%02x, epoch %u, index %u%s", r.session_id[0], r.session_id[1],
                            r.session_id[2], r.session_id[3], r.epoch, r.n,
                            r.pt.content_type == MSG_CT_RESET ? ": the peer reset the session" : "");
    if (r.counter_gap) say(0, "note: %llu earlier message(s) from %s not seen yet",
                           (unsigned long long)r.counter_gap, r.sender_uid);
    /* On a terminal the text goes through put_text; pipes and files get the
     * exact bytes. */
    int w;
    if (isatty(STDOUT_FILENO)) {
        put_text(stdout, r.pt.body, r.pt.body_len, 0);
        if (r.pt.body_len == 0 || r.pt.body[r.pt.body_len - 1] != '\n') putchar('\n');
        w = out_write(&of, NULL, 0);
    } else {
        w = out_write(&of, r.pt.body, r.pt.body_len);
    }
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
    msg_sanitize(st.uid);
    msg_sanitize(st.name);
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
    char t[32], who[MSG_UID_MAX + 1];
    fmt_time(t, ts);
    snprintf(who, sizeof who, "%s", peer ? peer : "?");
    msg_sanitize(who);
    printf("%s %s %-8s #%llu ", t, dir && strcmp(dir, "in") == 0 ? "<-" : "->", who, (unsigned long long)ctr);
    if (ctype != MSG_CT_TEXT) {
        printf("[content type %u, %zu bytes]\n", ctype, n);
        return;
    }
    put_text(stdout, body, n, 1);
    putchar('\n');
}

static int cmd_history(const msg_config *cfg, int argc, char **argv)
{
    const char *who = NULL;
    int ddash = 0; /* after "--" everything is an operand */
    for (int i = 1; i < argc; i++) {
        if (!ddash && strcmp(argv[i], "--") == 0) {
            ddash = 1;
            continue;
        }
        if (!ddash && is_help(argv[i])) {
            printf("usage: aegis history [CONTACT]\n"
                   "Print the local history (kept AEGIS_MESSAGE_RETENTION_DAYS), oldest first.\n");
            return EX_OK;
        } else if ((!ddash && argv[i][0] == '-') || who != NULL) {
            return usage_err("unexpected argument", argv[i]);
        }
        who = argv[i];
    }
    if (who != NULL && !msg_uid_valid(who)) return usage_err("CONTACT must be 1-64 of [a-z0-9._-]", who);
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) return EX_FAIL;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_history(ctx, who, print_hist, NULL);
    msg_ctx_close(ctx);
    return rc == MSG_OK ? EX_OK : fail("history", rc);
}

/* ---- relay mode (HTTP or HTTPS through libcurl; verify everything locally) */
/* --relay URL [--cacert FILE]: a malformed URL is a usage error (exit 2), an
 * unreadable CA file a failure (exit 1). */
static int relay_open(msg_http **h, const char *url, const char *cacert)
{
    msg_http_opts o;
    memset(&o, 0, sizeof o);
    o.cacert = cacert;
    if (cacert && access(cacert, R_OK) != 0) {
        say(1, "cannot read %s: %s", cacert, strerror(errno));
        return EX_FAIL;
    }
    int rc = msg_http_open(h, url, &o);
    if (rc == MSG_ERR_ARG) return usage_err("relay URL must be http[s]://HOST[:PORT][/PREFIX]", url);
    return rc == MSG_OK ? EX_OK : fail("relay", rc);
}

static const char relay_help[] =
    "URL is http://HOST[:PORT] or https://HOST[:PORT] (optionally with a path prefix);\n"
    "https checks the relay's certificate against the system CA store, or against\n"
    "--cacert FILE (PEM) only. One connection is reused; 429/503 answers are retried\n"
    "(Retry-After honoured, at most 4 times).\n";
static int cmd_register(const msg_config *cfg, int argc, char **argv)
{
    const char *url = NULL, *ca = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (is_help(argv[i])) {
            printf("usage: aegis register --relay URL [--cacert FILE]\n"
                   "Register your identity record with the relay (log in by signing its challenge\n"
                   "with both identity keys) and upload your signed prekey and AEGIS_OPK_BATCH\n"
                   "fresh one-time prekeys. Run again after `aegis rotate` or to top up.\n%s",
                   relay_help);
            return EX_OK;
        } else if ((r = opt_val(argc, argv, &i, "--relay", &url)) != 0 ||
                   (r = opt_val(argc, argv, &i, "--cacert", &ca)) != 0) {
            if (r < 0) return EX_USAGE;
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    if (url == NULL) return usage_err("register needs --relay URL", NULL);
    msg_http *h;
    int ex = relay_open(&h, url, ca);
    if (ex != EX_OK) return ex;
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) {
        msg_http_close(h);
        return EX_FAIL;
    }
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_relay_register(ctx, h, cfg->opk_batch);
    msg_ctx_close(ctx);
    msg_http_close(h);
    if (rc != MSG_OK) return fail("register", rc);
    printf("registered with %s; signed prekey and %u one-time prekeys uploaded\n", url, cfg->opk_batch);
    return EX_OK;
}

static int cmd_send(const msg_config *cfg, int argc, char **argv)
{
    const char *url = NULL, *to = NULL, *in = NULL, *ca = NULL;
    int ddash = 0; /* after "--" everything is an operand */
    for (int i = 1; i < argc; i++) {
        if (!ddash && strcmp(argv[i], "--") == 0) {
            ddash = 1;
            continue;
        }
        int r;
        if (!ddash && is_help(argv[i])) {
            printf("usage: aegis send RECIPIENT --relay URL [--cacert FILE] [--in FILE]\n"
                   "Fetch RECIPIENT's bundle from the relay, verify and pin it exactly like\n"
                   "`aegis import` (a changed identity is refused), seal the message (stdin by\n"
                   "default) and upload the envelope. The relay only ever sees the envelope.\n%s",
                   relay_help);
            return EX_OK;
        } else if (!ddash && ((r = opt_val(argc, argv, &i, "--relay", &url)) != 0 ||
                   (r = opt_val(argc, argv, &i, "--cacert", &ca)) != 0 ||
                   (r = opt_val(argc, argv, &i, "--in", &in)) != 0)) {
            if (r < 0) return EX_USAGE;
        } else if (!ddash && argv[i][0] == '-') {
            return usage_err("unknown option", argv[i]);
        } else if (to == NULL) {
            to = argv[i];
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    if (url == NULL || to == NULL) return usage_err("send needs RECIPIENT and --relay URL", NULL);
    if (!msg_uid_valid(to)) return usage_err("RECIPIENT must be 1-64 of [a-z0-9._-]", to);
    msg_http *h;
    int ex = relay_open(&h, url, ca);
    if (ex != EX_OK) return ex;
    uint8_t *body;
    size_t n;
    if ((in == NULL || strcmp(in, "-") == 0) && isatty(STDIN_FILENO))
        say(0, "type the message, then Ctrl-D on an empty line");
    if (read_all(in, MSG_MAX_BODY, &body, &n) != 0) {
        msg_http_close(h);
        return EX_FAIL;
    }
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) {
        msg_free_secret(body, n);
        msg_http_close(h);
        return EX_FAIL;
    }
    uint64_t idx = 0;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_relay_send(ctx, h, to, body, n, &idx);
    msg_ctx_close(ctx);
    msg_http_close(h);
    msg_free_secret(body, n);
    if (rc == MSG_ERR_KEY_CHANGED) {
        say(1, "WARNING: the relay served a DIFFERENT identity key for %s; nothing sent", to);
        return EX_FAIL;
    }
    if (rc != MSG_OK) return fail("send", rc);
    say(0, "sent %zu-byte message to %s (relay message index %llu)", n, to, (unsigned long long)idx);
    return EX_OK;
}

static void on_fetched(void *arg, int rc, const msg_received *r)
{
    (void)arg;
    if (rc != MSG_OK) {
        say(1, "message rejected (local reason: %s)", msg_reason(rc));
        return;
    }
    char ts[32];
    fmt_time(ts, r->timestamp_ms);
    printf("--- from %s (verified: ML-DSA-65 and Falcon-512), sent %s, counter %llu\n", r->sender_uid, ts,
           (unsigned long long)r->counter);
    put_text(stdout, r->pt.body, r->pt.body_len, 0);
    if (r->pt.body_len == 0 || r->pt.body[r->pt.body_len - 1] != '\n') putchar('\n');
}

static int cmd_fetch(const msg_config *cfg, int argc, char **argv)
{
    const char *url = NULL, *ca = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (is_help(argv[i])) {
            printf("usage: aegis fetch --relay URL [--cacert FILE]\n"
                   "Download every waiting envelope until the mailbox is drained, open each\n"
                   "exactly like `aegis open` (both signatures, freshness, replay), print the\n"
                   "verified ones and acknowledge (delete) them on the relay. Exit status 1 if\n"
                   "any envelope failed to download, open or be acknowledged (the last line\n"
                   "says how many), or the mailbox could not be drained.\n%s",
                   relay_help);
            return EX_OK;
        } else if ((r = opt_val(argc, argv, &i, "--relay", &url)) != 0 ||
                   (r = opt_val(argc, argv, &i, "--cacert", &ca)) != 0) {
            if (r < 0) return EX_USAGE;
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    if (url == NULL) return usage_err("fetch needs --relay URL", NULL);
    msg_http *h;
    int ex = relay_open(&h, url, ca);
    if (ex != EX_OK) return ex;
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) {
        msg_http_close(h);
        return EX_FAIL;
    }
    msg_fetch_stats fs;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_relay_fetch(ctx, h, on_fetched, NULL, &fs);
    msg_ctx_close(ctx);
    msg_http_close(h);
    if (rc != MSG_OK) return fail("fetch", rc);
    unsigned bad = fs.rejected + fs.download_failed + fs.ack_failed;
    if (bad == 0 && fs.drained) {
        say(0, "%u message(s): %u verified, 0 rejected", fs.processed, fs.verified);
        return EX_OK;
    }
    say(1, "fetch: %u of %u envelope(s) failed: %u rejected, %u not downloaded, %u not acknowledged%s", bad,
        fs.processed + fs.download_failed, fs.rejected, fs.download_failed, fs.ack_failed,
        fs.drained ? "" : "; mailbox not drained");
    return EX_FAIL;
}

/* ---- v2 sessions: list and reset (msg/session.h) ------------------------- */
static void print_session(void *arg, const msg_session_info *si)
{
    char c[32], a[32];
    (void)arg;
    fmt_time(c, si->created_ms);
    fmt_time(a, si->last_send_ms > si->last_recv_ms ? si->last_send_ms : si->last_recv_ms);
    printf("%-16s %02x%02x%02x%02x%02x%02x%02x%02x  %-8s %s  sent e%u/n%u  recv e%u/n%u  skipped %u  created %s"
           "  last %s\n", si->peer_uid, si->session_id[0], si->session_id[1], si->session_id[2], si->session_id[3],
           si->session_id[4], si->session_id[5], si->session_id[6], si->session_id[7], si->status,
           si->role == 1 ? "initiator" : "responder", si->e_s, si->n_s, si->e_r, si->n_r, si->skipped, c, a);
}

static int cmd_sessions(const msg_config *cfg, int argc, char **argv)
{
    const char *who = NULL;
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i])) {
            printf("usage: aegis sessions [CONTACT]\n"
                   "List the v2 sessions (all, or with CONTACT): id, state (current / retained /\n"
                   "broken), role, epochs and indices sent and received, cached skipped keys, activity.\n");
            return EX_OK;
        } else if (who == NULL && argv[i][0] != '-') {
            who = argv[i];
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    msg_ctx *ctx = open_ctx(cfg, 0);
    if (ctx == NULL) return EX_FAIL;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_sessions(ctx, who, print_session, NULL);
    msg_ctx_close(ctx);
    return rc == MSG_OK ? EX_OK : fail("sessions", rc);
}

static int cmd_reset(const msg_config *cfg, int argc, char **argv)
{
    const char *who = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (is_help(argv[i])) {
            printf("usage: aegis reset CONTACT [--out FILE]\n"
                   "Start a new session with CONTACT from the pinned bundle; its first message\n"
                   "(a reset notice) goes to FILE or stdout. Older sessions stay decrypt-only.\n");
            return EX_OK;
        } else if ((r = opt_val(argc, argv, &i, "--out", &out)) != 0) {
            if (r < 0) return EX_USAGE;
        } else if (who == NULL && argv[i][0] != '-') {
            who = argv[i];
        } else {
            return usage_err("unexpected argument", argv[i]);
        }
    }
    if (who == NULL) return usage_err("reset needs a CONTACT", NULL);
    if (!msg_uid_valid(who)) return usage_err("CONTACT must be 1-64 of [a-z0-9._-]", who);
    out_file of;
    msg_ctx *ctx = NULL;
    if (out_open(&of, out, 1, cfg) != 0 || (ctx = open_ctx(cfg, 0)) == NULL) {
        out_abort(&of);
        return EX_FAIL;
    }
    uint8_t *env = NULL;
    size_t envlen = 0;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_session_reset(ctx, who, 0, &env, &envlen);
    msg_ctx_close(ctx);
    if (rc != MSG_OK) {
        out_abort(&of);
        return fail("reset", rc);
    }
    int w = out_write(&of, env, envlen);
    free(env);
    if (w != 0) return EX_FAIL;
    if (out) say(0, "new session with %s: first message in %s (%zu bytes)", who, out, envlen);
    return EX_OK;
}

int main(int argc, char **argv)
{
    /* Identity secrets and plaintexts live in this process: no core dumps. */
    struct rlimit nocore = {0, 0};
    setrlimit(RLIMIT_CORE, &nocore);
    /* A reader that goes away is a write error (exit 1), not death by SIGPIPE
     * (exit 141): the exit status stays 0, 1 or 2. */
    signal(SIGPIPE, SIG_IGN);
    const char *home = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        int r;
        if (is_help(argv[i])) {
            fputs(usage_main, stdout);
            if (fflush(stdout) == 0 && !ferror(stdout)) return EX_OK;
            say(1, "cannot write stdout");
            return EX_FAIL;
        } else if (strcmp(argv[i], "--version") == 0) {
            fputs("aegis " AEGIS_VERSION "\n" AEGIS_VERSION_PRIMITIVES, stdout);
            return fflush(stdout) == 0 && !ferror(stdout) ? EX_OK : EX_FAIL;
        } else if ((r = opt_val(argc, argv, &i, "--home", &home)) != 0) {
            if (r < 0) return EX_USAGE;
        } else {
            return usage_err("unknown option", argv[i]);
        }
    }
    if (i >= argc) return usage_err("missing COMMAND; commands: init bundle import seal open rotate status "
                                    "history register send fetch help", NULL);
    /* "aegis help" and "aegis help COMMAND" (= "aegis COMMAND --help"). */
    static char help_opt[] = "--help";
    char *help_argv[2];
    if (strcmp(argv[i], "help") == 0) {
        if (i + 1 == argc) {
            fputs(usage_main, stdout);
            return fflush(stdout) == 0 && !ferror(stdout) ? EX_OK : EX_FAIL;
        }
        if (i + 2 != argc) return usage_err("help takes at most one COMMAND", NULL);
        /* "aegis help --help" and "aegis help help": the main usage. */
        if (is_help(argv[i + 1]) || strcmp(argv[i + 1], "help") == 0) {
            fputs(usage_main, stdout);
            return fflush(stdout) == 0 && !ferror(stdout) ? EX_OK : EX_FAIL;
        }
        help_argv[0] = argv[i + 1];
        help_argv[1] = help_opt;
        argv = help_argv;
        argc = 2;
        i = 0;
    }
    /* --home may also follow the command. */
    int sub_argc = 0;
    char **sub = calloc((size_t)argc, sizeof *sub);
    if (sub == NULL) return EX_FAIL;
    int ddash = 0;
    for (int j = i; j < argc; j++) {
        int r;
        ddash |= strcmp(argv[j], "--") == 0;
        if (j > i && !ddash && (r = opt_val(argc, argv, &j, "--home", &home)) != 0) {
            if (r < 0) {
                free(sub);
                return EX_USAGE;
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
                {"send", cmd_send},     {"fetch", cmd_fetch},   {"sessions", cmd_sessions},
                {"reset", cmd_reset}};
    int rc = -1;
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
        if (strcmp(sub[0], cmds[k].name) != 0) continue;
        int help = 0;
        for (int j = 1; j < sub_argc && strcmp(sub[j], "--") != 0; j++) help |= is_help(sub[j]);
        msg_config cfg;
        char err[256];
        if (!help && msg_config_load(&cfg, home, err, sizeof err) != MSG_OK) {
            say(1, "configuration error: %s", err);
            rc = EX_USAGE;
        } else {
            if (help) msg_config_defaults(&cfg);
            /* At the default levels the library's error lines are captured and
             * printed once by fail(); AEGIS_LOG=info/debug shows them all. */
            msg_log_capture(cfg.log_level <= MSG_LOG_WARN);
            rc = cmds[k].fn(&cfg, sub_argc, sub);
        }
        break;
    }
    if (rc < 0) rc = usage_err("unknown command", sub[0]);
    free(sub);
    /* A warning from a command that still succeeded (e.g. import
     * --accept-new-key replacing a pinned key) is shown, once. */
    if (rc == EX_OK && *msg_log_captured()) say(1, "warning: %s", msg_log_captured());
    /* Output that never arrived is a failure (closed stdout, full disk). */
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == EX_OK) {
        say(1, "cannot write stdout");
        rc = EX_FAIL;
    }
    return rc;
}
