/*
 * aegis_cmd_relay.c -- the `aegis` commands of relay mode: register, send,
 * fetch. HTTP or HTTPS through libcurl (msg/relay_client.h); the relay is
 * trusted with nothing, every record and message is verified locally.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aegis_cli.h"
#include "relay_client.h"
#include "session.h"

/* --relay URL [--cacert FILE]: a malformed URL is a usage error (exit 2), an
 * unreadable CA file a failure (exit 1). */
static int relay_open(msg_http **h, const char *url, const char *cacert)
{
    msg_http_opts o;
    memset(&o, 0, sizeof o);
    o.cacert = cacert;
    if (cacert && access(cacert, R_OK) != 0) {
        cli_say(1, "cannot read %s: %s", cacert, strerror(errno));
        return EX_FAIL;
    }
    int rc = msg_http_open(h, url, &o);
    if (rc == MSG_ERR_ARG) return cli_usage_err("relay URL must be http[s]://HOST[:PORT][/PREFIX]", url);
    return rc == MSG_OK ? EX_OK : cli_fail("relay", rc);
}

static const char relay_help[] =
    "URL is http://HOST[:PORT] or https://HOST[:PORT] (optionally with a path prefix);\n"
    "https checks the relay's certificate against the system CA store, or against\n"
    "--cacert FILE (PEM) only. One connection is reused; 429/503 answers are retried\n"
    "(Retry-After honoured, at most 4 times).\n";
int cmd_register(const msg_config *cfg, int argc, char **argv)
{
    const char *url = NULL, *ca = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (cli_is_help(argv[i])) {
            printf("usage: aegis register --relay URL [--cacert FILE]\n"
                   "Register your identity record with the relay (log in by signing its challenge\n"
                   "with both identity keys) and upload your signed prekey and AEGIS_OPK_BATCH\n"
                   "fresh one-time prekeys. Run again after `aegis rotate` or to top up.\n%s",
                   relay_help);
            return EX_OK;
        } else if ((r = cli_opt_val(argc, argv, &i, "--relay", &url)) != 0 ||
                   (r = cli_opt_val(argc, argv, &i, "--cacert", &ca)) != 0) {
            if (r < 0) return EX_USAGE;
        } else {
            return cli_usage_err("unexpected argument", argv[i]);
        }
    }
    if (url == NULL) return cli_usage_err("register needs --relay URL", NULL);
    msg_http *h;
    int ex = relay_open(&h, url, ca);
    if (ex != EX_OK) return ex;
    msg_ctx *ctx = cli_open_ctx(cfg, 0);
    if (ctx == NULL) {
        msg_http_close(h);
        return EX_FAIL;
    }
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_relay_register(ctx, h, cfg->opk_batch);
    msg_ctx_close(ctx);
    msg_http_close(h);
    if (rc != MSG_OK) return cli_fail("register", rc);
    printf("registered with %s; signed prekey and %u one-time prekeys uploaded\n", url, cfg->opk_batch);
    return EX_OK;
}

int cmd_send(const msg_config *cfg, int argc, char **argv)
{
    const char *url = NULL, *to = NULL, *in = NULL, *ca = NULL;
    int ddash = 0; /* after "--" everything is an operand */
    for (int i = 1; i < argc; i++) {
        if (!ddash && strcmp(argv[i], "--") == 0) {
            ddash = 1;
            continue;
        }
        int r;
        if (!ddash && cli_is_help(argv[i])) {
            printf("usage: aegis send RECIPIENT --relay URL [--cacert FILE] [--in FILE]\n"
                   "Fetch RECIPIENT's bundle from the relay, verify and pin it exactly like\n"
                   "`aegis import` (a changed identity is refused), seal the message (stdin by\n"
                   "default) and upload the envelope. The relay only ever sees the envelope.\n%s",
                   relay_help);
            return EX_OK;
        } else if (!ddash && ((r = cli_opt_val(argc, argv, &i, "--relay", &url)) != 0 ||
                   (r = cli_opt_val(argc, argv, &i, "--cacert", &ca)) != 0 ||
                   (r = cli_opt_val(argc, argv, &i, "--in", &in)) != 0)) {
            if (r < 0) return EX_USAGE;
        } else if (!ddash && argv[i][0] == '-') {
            return cli_usage_err("unknown option", argv[i]);
        } else if (to == NULL) {
            to = argv[i];
        } else {
            return cli_usage_err("unexpected argument", argv[i]);
        }
    }
    if (url == NULL || to == NULL) return cli_usage_err("send needs RECIPIENT and --relay URL", NULL);
    if (!msg_uid_valid(to)) return cli_usage_err("RECIPIENT must be 1-64 of [a-z0-9._-]", to);
    msg_http *h;
    int ex = relay_open(&h, url, ca);
    if (ex != EX_OK) return ex;
    uint8_t *body;
    size_t n;
    if ((in == NULL || strcmp(in, "-") == 0) && isatty(STDIN_FILENO))
        cli_say(0, "type the message, then Ctrl-D on an empty line");
    if (cli_read_all(in, MSG_MAX_BODY, &body, &n) != 0) {
        msg_http_close(h);
        return EX_FAIL;
    }
    msg_ctx *ctx = cli_open_ctx(cfg, 0);
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
        cli_say(1, "WARNING: the relay served a DIFFERENT identity key for %s; nothing sent", to);
        return EX_FAIL;
    }
    if (rc != MSG_OK) return cli_fail("send", rc);
    cli_say(0, "sent %zu-byte message to %s (relay message index %llu)", n, to, (unsigned long long)idx);
    return EX_OK;
}

static void on_fetched(void *arg, int rc, const msg_received *r)
{
    (void)arg;
    if (rc != MSG_OK) {
        cli_say(1, "message rejected (local reason: %s)", msg_reason(rc));
        return;
    }
    char ts[32];
    cli_fmt_time(ts, r->timestamp_ms);
    printf("--- from %s (verified: ML-DSA-65 and Falcon-512), sent %s, counter %llu\n", r->sender_uid, ts,
           (unsigned long long)r->counter);
    cli_put_text(stdout, r->pt.body, r->pt.body_len, 0);
    if (r->pt.body_len == 0 || r->pt.body[r->pt.body_len - 1] != '\n') putchar('\n');
}

int cmd_fetch(const msg_config *cfg, int argc, char **argv)
{
    const char *url = NULL, *ca = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (cli_is_help(argv[i])) {
            printf("usage: aegis fetch --relay URL [--cacert FILE]\n"
                   "Download every waiting envelope until the mailbox is drained, open each\n"
                   "exactly like `aegis open` (both signatures, freshness, replay), print the\n"
                   "verified ones and acknowledge (delete) them on the relay. Exit status 1 if\n"
                   "any envelope failed to download, open or be acknowledged (the last line\n"
                   "says how many), or the mailbox could not be drained.\n%s",
                   relay_help);
            return EX_OK;
        } else if ((r = cli_opt_val(argc, argv, &i, "--relay", &url)) != 0 ||
                   (r = cli_opt_val(argc, argv, &i, "--cacert", &ca)) != 0) {
            if (r < 0) return EX_USAGE;
        } else {
            return cli_usage_err("unexpected argument", argv[i]);
        }
    }
    if (url == NULL) return cli_usage_err("fetch needs --relay URL", NULL);
    msg_http *h;
    int ex = relay_open(&h, url, ca);
    if (ex != EX_OK) return ex;
    msg_ctx *ctx = cli_open_ctx(cfg, 0);
    if (ctx == NULL) {
        msg_http_close(h);
        return EX_FAIL;
    }
    msg_fetch_stats fs;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_relay_fetch(ctx, h, on_fetched, NULL, &fs);
    msg_ctx_close(ctx);
    msg_http_close(h);
    if (rc != MSG_OK) return cli_fail("fetch", rc);
    unsigned bad = fs.rejected + fs.download_failed + fs.ack_failed;
    if (bad == 0 && fs.drained) {
        cli_say(0, "%u message(s): %u verified, 0 rejected", fs.processed, fs.verified);
        return EX_OK;
    }
    cli_say(1, "fetch: %u of %u envelope(s) failed: %u rejected, %u not downloaded, %u not acknowledged%s", bad,
        fs.processed + fs.download_failed, fs.rejected, fs.download_failed, fs.ack_failed,
        fs.drained ? "" : "; mailbox not drained");
    return EX_FAIL;
}

