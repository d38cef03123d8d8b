/*
 * aegis_cmd_file.c -- the `aegis` commands of file mode (no server): init,
 * bundle, import, seal, open, rotate, status, history. Each parses its own
 * arguments, opens the user database and calls one msg/client.h entry.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aegis_cli.h"
#include "session.h"

int cmd_init(const msg_config *cfg, int argc, char **argv)
{
    const char *uid = NULL, *name = NULL;
    int ddash = 0; /* after "--" everything is an operand */
    for (int i = 1; i < argc; i++) {
        if (!ddash && strcmp(argv[i], "--") == 0) {
            ddash = 1;
            continue;
        }
        int r;
        if (!ddash && cli_is_help(argv[i])) {
            printf("usage: aegis init USER_ID [--name NAME]\n"
                   "Create an identity (ML-DSA-65 + Falcon-512), a signed prekey and a batch of\n"
                   "one-time prekeys in AEGIS_HOME. USER_ID: 1-64 of [a-z0-9._-].\n");
            return EX_OK;
        } else if (!ddash && ((r = cli_opt_val(argc, argv, &i, "--name", &name)) != 0)) {
            if (r < 0) return EX_USAGE;
        } else if (!ddash && argv[i][0] == '-') {
            return cli_usage_err("unknown option", argv[i]);
        } else if (uid == NULL) {
            uid = argv[i];
        } else {
            return cli_usage_err("unexpected argument", argv[i]);
        }
    }
    if (uid == NULL) return cli_usage_err("init needs a USER_ID", NULL);
    if (!msg_uid_valid(uid)) return cli_usage_err("USER_ID must be 1-64 of [a-z0-9._-]", uid);
    if (name != NULL) {
        size_t nl = strlen(name);
        int ok = nl <= MSG_NAME_MAX;
        for (size_t k = 0; k < nl; k++) ok &= name[k] >= 0x20 && name[k] <= 0x7e;
        if (!ok) return cli_usage_err("NAME must be 1-64 printable ASCII characters", name);
    }
    msg_ctx *ctx = cli_open_ctx(cfg, 1);
    if (ctx == NULL) return EX_FAIL;
    int rc = msg_user_init(ctx, uid, name, NULL);
    if (rc != MSG_OK) {
        msg_ctx_close(ctx);
        return cli_fail("init", rc);
    }
    msg_status_info st;
    msg_user_status(ctx, &st);
    char h[17];
    cli_hex8(h, st.ik_hash);
    printf("created identity %s in %s\nik_hash %s...  signed prekey %u, %u one-time prekeys\n", uid,
           cfg->home, h, st.spk_id, st.opk_secrets);
    msg_ctx_close(ctx);
    return EX_OK;
}

int cmd_bundle(const msg_config *cfg, int argc, char **argv)
{
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (cli_is_help(argv[i])) {
            printf("usage: aegis bundle [--out FILE]\n"
                   "Write your public bundle: the signed identity record, the current signed\n"
                   "prekey and AEGIS_OPK_BATCH one-time prekeys never exported before.\n"
                   "Give it to a contact, who runs `aegis import FILE`. Default: stdout.\n");
            return EX_OK;
        } else if ((r = cli_opt_val(argc, argv, &i, "--out", &out)) != 0) {
            if (r < 0) return EX_USAGE;
        } else {
            return cli_usage_err("unexpected argument", argv[i]);
        }
    }
    out_file of;
    if (cli_out_open(&of, out, 1, cfg) != 0) return EX_FAIL;
    msg_ctx *ctx = cli_open_ctx(cfg, 0);
    if (ctx == NULL) {
        cli_out_abort(&of);
        return EX_FAIL;
    }
    uint8_t *b = NULL;
    size_t n = 0;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_bundle(ctx, &b, &n, cfg->opk_batch);
    msg_ctx_close(ctx);
    if (rc != MSG_OK) {
        cli_out_abort(&of);
        return cli_fail("bundle", rc);
    }
    int w = cli_out_write(&of, b, n);
    free(b);
    if (w != 0) return EX_FAIL;
    if (out) cli_say(0, "wrote %s (%zu bytes)", out, n);
    return EX_OK;
}

int cmd_import(const msg_config *cfg, int argc, char **argv)
{
    const char *file = NULL;
    int accept = 0;
    int ddash = 0; /* after "--" everything is an operand */
    for (int i = 1; i < argc; i++) {
        if (!ddash && strcmp(argv[i], "--") == 0) {
            ddash = 1;
            continue;
        }
        if (!ddash && cli_is_help(argv[i])) {
            printf("usage: aegis import FILE [--accept-new-key]\n"
                   "Verify a contact's bundle (both signatures on every record, prekey validity,\n"
                   "ML-KEM key checks), pin the identity on first contact and print the safety\n"
                   "number to compare out of band. A different identity for a pinned user is\n"
                   "refused unless --accept-new-key (compare the new safety number first).\n");
            return EX_OK;
        } else if (!ddash && strcmp(argv[i], "--accept-new-key") == 0) {
            accept = 1;
        } else if (!ddash && argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_err("unknown option", argv[i]);
        } else if (file == NULL) {
            file = argv[i];
        } else {
            return cli_usage_err("unexpected argument", argv[i]);
        }
    }
    if (file == NULL) return cli_usage_err("import needs a FILE", NULL);
    uint8_t *b;
    size_t n;
    if (cli_read_all(file, MSG_BUNDLE_MAX, &b, &n) != 0) return EX_FAIL;
    msg_ctx *ctx = cli_open_ctx(cfg, 0);
    if (ctx == NULL) {
        free(b);
        return EX_FAIL;
    }
    msg_import_info info;
    int rc = msg_user_import(ctx, b, n, accept, &info);
    msg_ctx_close(ctx);
    free(b);
    if (rc == MSG_ERR_KEY_CHANGED) {
        cli_say(1, "WARNING: this bundle carries a DIFFERENT identity key for a pinned "
               "contact; refused (new safety number %s)", info.safety);
        return EX_FAIL;
    }
    if (rc != MSG_OK) return cli_fail("import", rc);
    msg_sanitize(info.uid);
    msg_sanitize(info.name);
    printf("%s %s (%s): signed prekey %u, %u one-time prekeys\nsafety number: %s\n",
           info.is_new ? "pinned new contact" : "updated contact", info.uid, info.name, info.spk_id,
           info.opks_added, info.safety);
    if (info.is_new) printf("compare the safety number with %s over another channel\n", info.uid);
    return EX_OK;
}

int cmd_seal(const msg_config *cfg, int argc, char **argv)
{
    const char *to = NULL, *in = NULL, *out = NULL;
    int ddash = 0; /* after "--" everything is an operand */
    for (int i = 1; i < argc; i++) {
        if (!ddash && strcmp(argv[i], "--") == 0) {
            ddash = 1;
            continue;
        }
        int r;
        if (!ddash && cli_is_help(argv[i])) {
            printf("usage: aegis seal RECIPIENT [--in FILE] [--out FILE]\n"
                   "Encrypt a message (at most %d bytes) to a pinned contact and sign it with\n"
                   "both identity keys. Reads stdin and writes the envelope to stdout by default.\n",
                   MSG_MAX_BODY);
            return EX_OK;
        } else if (!ddash && ((r = cli_opt_val(argc, argv, &i, "--in", &in)) != 0 ||
                   (r = cli_opt_val(argc, argv, &i, "--out", &out)) != 0)) {
            if (r < 0) return EX_USAGE;
        } else if (!ddash && argv[i][0] == '-') {
            return cli_usage_err("unknown option", argv[i]);
        } else if (to == NULL) {
            to = argv[i];
        } else {
            return cli_usage_err("unexpected argument", argv[i]);
        }
    }
    if (to == NULL) return cli_usage_err("seal needs a RECIPIENT", NULL);
    if (!msg_uid_valid(to)) return cli_usage_err("RECIPIENT must be 1-64 of [a-z0-9._-]", to);
    uint8_t *body;
    size_t n;
    if ((in == NULL || strcmp(in, "-") == 0) && isatty(STDIN_FILENO))
        cli_say(0, "type the message, then Ctrl-D on an empty line");
    if (cli_read_all(in, MSG_MAX_BODY, &body, &n) != 0) return EX_FAIL;
    out_file of;
    msg_ctx *ctx = NULL;
    if (cli_out_open(&of, out, 1, cfg) != 0 || (ctx = cli_open_ctx(cfg, 0)) == NULL) {
        cli_out_abort(&of);
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
        cli_out_abort(&of);
        return cli_fail("seal", rc);
    }
    int w = cli_out_write(&of, env, envlen);
    free(env);
    if (w != 0) return EX_FAIL;
    if (out) cli_say(0, "sealed %zu-byte message to %s: %s (%zu bytes)", n, to, out, envlen);
    return EX_OK;
}

int cmd_open(const msg_config *cfg, int argc, char **argv)
{
    const char *in = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (cli_is_help(argv[i])) {
            printf("usage: aegis open [--in FILE]\n"
                   "Verify (both signatures, freshness, replay) and decrypt an envelope from a\n"
                   "pinned contact. Prints the sender on stderr and the plaintext on stdout.\n"
                   "A rejected envelope prints one line with the local reason; exit status 1.\n");
            return EX_OK;
        } else if ((r = cli_opt_val(argc, argv, &i, "--in", &in)) != 0) {
            if (r < 0) return EX_USAGE;
        } else {
            return cli_usage_err("unexpected argument", argv[i]);
        }
    }
    uint8_t *env;
    size_t n;
    /* On a terminal, say what open waits for instead of waiting silently. */
    if ((in == NULL || strcmp(in, "-") == 0) && isatty(STDIN_FILENO))
        cli_say(0, "reading an envelope from standard input (end with Ctrl-D; or use --in FILE)");
    if (cli_read_all(in, MSG_ANY_ENV_MAX, &env, &n) != 0) return EX_FAIL;
    out_file of;
    msg_ctx *ctx = NULL;
    if (cli_out_open(&of, NULL, 0, cfg) != 0 || (ctx = cli_open_ctx(cfg, 0)) == NULL) {
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
            cli_say(1, "message rejected (local reason: %s)", msg_reason(rc));
            return EX_FAIL;
        }
        return cli_fail("open", rc);
    }
    char ts[32];
    cli_fmt_time(ts, r.timestamp_ms);
    cli_say(0, "from %s (verified: ML-DSA-65 and Falcon-512), sent %s, counter %llu%s", r.sender_uid, ts,
        (unsigned long long)r.counter, r.used_opk ? ", one-time prekey" : "");
    cli_say(0, "safety number: %s", r.safety);
    if (r.version == 2) cli_say(0, "session %02x%02x%02x%02x, epoch %u, index %u%s", r.session_id[0], r.session_id[1],
                            r.session_id[2], r.session_id[3], r.epoch, r.n,
                            r.pt.content_type == MSG_CT_RESET ? ": the peer reset the session" : "");
    if (r.counter_gap) cli_say(0, "note: %llu earlier message(s) from %s not seen yet",
                           (unsigned long long)r.counter_gap, r.sender_uid);
    /* On a terminal the text goes through put_text; pipes and files get the
     * exact bytes. */
    int w;
    if (isatty(STDOUT_FILENO)) {
        cli_put_text(stdout, r.pt.body, r.pt.body_len, 0);
        if (r.pt.body_len == 0 || r.pt.body[r.pt.body_len - 1] != '\n') putchar('\n');
        w = cli_out_write(&of, NULL, 0);
    } else {
        w = cli_out_write(&of, r.pt.body, r.pt.body_len);
    }
    msg_received_free(&r);
    return w == 0 ? EX_OK : EX_FAIL;
}

int cmd_rotate(const msg_config *cfg, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            printf("usage: aegis rotate\n"
                   "Make a new signed prekey now (it also happens automatically every\n"
                   "AEGIS_KEY_ROTATION_INTERVAL), and erase signed prekey secrets whose\n"
                   "not_after + retention has passed. Identity keys are never rotated.\n"
                   "Publish a fresh bundle afterwards.\n");
            return EX_OK;
        }
        return cli_usage_err("unexpected argument", argv[i]);
    }
    msg_ctx *ctx = cli_open_ctx(cfg, 0);
    if (ctx == NULL) return EX_FAIL;
    int rot = 0;
    int rc = msg_user_maintain(ctx, 1, &rot);
    msg_status_info st;
    if (rc == MSG_OK) rc = msg_user_status(ctx, &st);
    msg_ctx_close(ctx);
    if (rc != MSG_OK) return cli_fail("rotate", rc);
    printf("signed prekey %u is current; %u signed prekey secret(s) held\n", st.spk_id, st.spk_secrets);
    return EX_OK;
}

int cmd_status(const msg_config *cfg, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            printf("usage: aegis status\nShow identity, prekeys, contacts and counters.\n");
            return EX_OK;
        }
        return cli_usage_err("unexpected argument", argv[i]);
    }
    msg_ctx *ctx = cli_open_ctx(cfg, 0);
    if (ctx == NULL) return EX_FAIL;
    msg_status_info st;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_status(ctx, &st);
    msg_ctx_close(ctx);
    if (rc != MSG_OK) return cli_fail("status", rc);
    char h[17], na[32];
    msg_sanitize(st.uid);
    msg_sanitize(st.name);
    cli_hex8(h, st.ik_hash);
    cli_fmt_time(na, st.spk_not_after_ms);
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
    cli_fmt_time(t, ts);
    snprintf(who, sizeof who, "%s", peer ? peer : "?");
    msg_sanitize(who);
    printf("%s %s %-8s #%llu ", t, dir && strcmp(dir, "in") == 0 ? "<-" : "->", who, (unsigned long long)ctr);
    if (ctype != MSG_CT_TEXT) {
        printf("[content type %u, %zu bytes]\n", ctype, n);
        return;
    }
    cli_put_text(stdout, body, n, 1);
    putchar('\n');
}

int cmd_history(const msg_config *cfg, int argc, char **argv)
{
    const char *who = NULL;
    int ddash = 0; /* after "--" everything is an operand */
    for (int i = 1; i < argc; i++) {
        if (!ddash && strcmp(argv[i], "--") == 0) {
            ddash = 1;
            continue;
        }
        if (!ddash && cli_is_help(argv[i])) {
            printf("usage: aegis history [CONTACT]\n"
                   "Print the local history (kept AEGIS_MESSAGE_RETENTION_DAYS), oldest first.\n");
            return EX_OK;
        } else if ((!ddash && argv[i][0] == '-') || who != NULL) {
            return cli_usage_err("unexpected argument", argv[i]);
        }
        who = argv[i];
    }
    if (who != NULL && !msg_uid_valid(who)) return cli_usage_err("CONTACT must be 1-64 of [a-z0-9._-]", who);
    msg_ctx *ctx = cli_open_ctx(cfg, 0);
    if (ctx == NULL) return EX_FAIL;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_history(ctx, who, print_hist, NULL);
    msg_ctx_close(ctx);
    return rc == MSG_OK ? EX_OK : cli_fail("history", rc);
}

