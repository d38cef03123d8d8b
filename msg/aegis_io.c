/*
 * aegis_io.c -- what every `aegis` command shares: one line per message on
 * stderr with nothing that could drive the terminal, bounded input, output
 * opened before any state changes and written all at once, message text
 * made safe for a terminal, and the option parser.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aegis_cli.h"

static const char *prog = "aegis";

/* Everything this program writes to stderr goes through cli_say(): one line, and
 * every byte outside printable ASCII shown as '?', so that arguments, paths,
 * environment values and peer data can never drive the terminal. */
void cli_say(int with_prog, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    msg_sanitize(line);
    fprintf(stderr, "%s%s%s\n", with_prog ? prog : "", with_prog ? ": " : "", line);
}

int cli_usage_err(const char *msg, const char *arg)
{
    cli_say(1, "%s%s%s (try --help)", msg, arg ? ": " : "", arg ? arg : "");
    return EX_USAGE;
}

/* The library's own first error line (captured, see main) says more than the
 * reason code; print that one instead, so every failure is one line. */
int cli_fail(const char *what, int rc)
{
    const char *detail = msg_log_captured();
    cli_say(1, "%s failed: %s", what, *detail ? detail : msg_reason(rc));
    return EX_FAIL;
}

/* Read all of a file (or stdin for NULL / "-"), at most max bytes. The
 * input may be a plaintext: one buffer of max + 1 bytes is allocated up
 * front (no realloc leaving copies behind), stdio does not buffer it, and
 * the buffer is wiped on every failure. Memory stays bounded for /dev/zero. */
int cli_read_all(const char *path, size_t max, uint8_t **out, size_t *len)
{
    FILE *f = (path == NULL || strcmp(path, "-") == 0) ? stdin : fopen(path, "rb");
    *out = NULL;
    *len = 0;
    if (f == NULL) {
        cli_say(1, "cannot read %s: %s", path, strerror(errno));
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
        cli_say(1, "cannot read %s%s%s", path ? path : "stdin", e ? ": " : "", e ? strerror(e) : "");
        return -1;
    }
    if (n > max) {
        msg_free_secret(buf, cap);
        cli_say(1, "input %s is larger than %zu bytes", path ? path : "stdin", max);
        return -1;
    }
    *out = buf;
    *len = n;
    return 0;
}

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

int cli_out_open(out_file *o, const char *path, int binary, const msg_config *cfg)
{
    memset(o, 0, sizeof *o);
    if (path == NULL || strcmp(path, "-") == 0) {
        if (binary && isatty(STDOUT_FILENO)) {
            cli_say(1, "refusing to write binary data to a terminal; use --out FILE or a pipe");
            return -1;
        }
        if (fcntl(STDOUT_FILENO, F_GETFL) < 0) {
            cli_say(1, "cannot write stdout: %s", strerror(errno));
            return -1;
        }
        o->f = stdout;
        return 0;
    }
    o->path = path;
    if (is_db_file(path, cfg)) {
        cli_say(1, "refusing to overwrite the user database with %s", path);
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        o->created = fd >= 0;
    }
    if (fd < 0 || (o->f = fdopen(fd, "wb")) == NULL) {
        cli_say(1, "cannot write %s: %s", path, strerror(errno));
        if (fd >= 0) close(fd);
        if (o->created) unlink(path);
        return -1;
    }
    return 0;
}

void cli_out_abort(out_file *o)
{
    if (o->f == NULL || o->f == stdout) return;
    fclose(o->f);
    if (o->created) unlink(o->path);
    o->f = NULL;
}

int cli_out_write(out_file *o, const uint8_t *p, size_t n)
{
    int bad = 0;
    struct stat sb;
    if (o->f != stdout && fstat(fileno(o->f), &sb) == 0 && S_ISREG(sb.st_mode))
        bad = ftruncate(fileno(o->f), 0) != 0;
    if (n > 0) bad |= fwrite(p, 1, n, o->f) != n;
    bad |= (o->f == stdout) ? fflush(o->f) != 0 : fclose(o->f) != 0;
    if (bad) {
        cli_say(1, "cannot write %s", o->path ? o->path : "stdout");
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
void cli_put_text(FILE *f, const uint8_t *p, size_t n, int one_line)
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

void cli_fmt_time(char out[32], uint64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void cli_hex8(char out[17], const uint8_t *p)
{
    for (int i = 0; i < 8; i++) snprintf(out + 2 * i, 3, "%02x", p[i]);
}

int cli_is_help(const char *a) { return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0; }

/* Option parsing shared by the subcommands: --opt VALUE or --opt=VALUE.
 * 1 = matched, 0 = not this option, -1 = usage error (already printed). */
int cli_opt_val(int argc, char **argv, int *i, const char *name, const char **val)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0) return 0;
    if (argv[*i][n] != '=' && argv[*i][n] != '\0') return 0;
    /* Given twice or empty: refuse rather than guess. */
    if (*val != NULL) return cli_usage_err("option given twice", name), -1;
    if (argv[*i][n] == '=') {
        *val = argv[*i] + n + 1;
    } else {
        if (*i + 1 >= argc) return cli_usage_err("option needs a value", name), -1;
        *val = argv[++*i];
    }
    if (**val == '\0') return cli_usage_err("option needs a non-empty value", name), -1;
    return 1;
}

msg_ctx *cli_open_ctx(const msg_config *cfg, int create)
{
    msg_ctx *ctx = NULL;
    if (msg_ctx_open(&ctx, cfg, create) != MSG_OK) {
        const char *detail = msg_log_captured();
        cli_say(1, "%s", *detail ? detail : "cannot open the database");
        return NULL;
    }
    return ctx;
}

