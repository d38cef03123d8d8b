/*
 * aegis_cmd_session.c -- the `aegis` commands for v2 sessions
 * (msg/session.h): sessions (list) and reset (start a new one).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aegis_cli.h"
#include "session.h"

static void print_session(void *arg, const msg_session_info *si)
{
    char c[32], a[32];
    (void)arg;
    cli_fmt_time(c, si->created_ms);
    cli_fmt_time(a, si->last_send_ms > si->last_recv_ms ? si->last_send_ms : si->last_recv_ms);
    printf("%-16s %02x%02x%02x%02x%02x%02x%02x%02x  %-8s %s  sent e%u/n%u  recv e%u/n%u  skipped %u  created %s"
           "  last %s\n", si->peer_uid, si->session_id[0], si->session_id[1], si->session_id[2], si->session_id[3],
           si->session_id[4], si->session_id[5], si->session_id[6], si->session_id[7], si->status,
           si->role == 1 ? "initiator" : "responder", si->e_s, si->n_s, si->e_r, si->n_r, si->skipped, c, a);
}

int cmd_sessions(const msg_config *cfg, int argc, char **argv)
{
    const char *who = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            printf("usage: aegis sessions [CONTACT]\n"
                   "List the v2 sessions (all, or with CONTACT): id, state (current / retained /\n"
                   "broken), role, epochs and indices sent and received, cached skipped keys, activity.\n");
            return EX_OK;
        } else if (who == NULL && argv[i][0] != '-') {
            who = argv[i];
        } else {
            return cli_usage_err("unexpected argument", argv[i]);
        }
    }
    msg_ctx *ctx = cli_open_ctx(cfg, 0);
    if (ctx == NULL) return EX_FAIL;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_sessions(ctx, who, print_session, NULL);
    msg_ctx_close(ctx);
    return rc == MSG_OK ? EX_OK : cli_fail("sessions", rc);
}

int cmd_reset(const msg_config *cfg, int argc, char **argv)
{
    const char *who = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (cli_is_help(argv[i])) {
            printf("usage: aegis reset CONTACT [--out FILE]\n"
                   "Start a new session with CONTACT from the pinned bundle; its first message\n"
                   "(a reset notice) goes to FILE or stdout. Older sessions stay decrypt-only.\n");
            return EX_OK;
        } else if ((r = cli_opt_val(argc, argv, &i, "--out", &out)) != 0) {
            if (r < 0) return EX_USAGE;
        } else if (who == NULL && argv[i][0] != '-') {
            who = argv[i];
        } else {
            return cli_usage_err("unexpected argument", argv[i]);
        }
    }
    if (who == NULL) return cli_usage_err("reset needs a CONTACT", NULL);
    if (!msg_uid_valid(who)) return cli_usage_err("CONTACT must be 1-64 of [a-z0-9._-]", who);
    out_file of;
    msg_ctx *ctx = NULL;
    if (cli_out_open(&of, out, 1, cfg) != 0 || (ctx = cli_open_ctx(cfg, 0)) == NULL) {
        cli_out_abort(&of);
        return EX_FAIL;
    }
    uint8_t *env = NULL;
    size_t envlen = 0;
    int rc = msg_user_maintain(ctx, 0, NULL);
    if (rc == MSG_OK) rc = msg_user_session_reset(ctx, who, 0, &env, &envlen);
    msg_ctx_close(ctx);
    if (rc != MSG_OK) {
        cli_out_abort(&of);
        return cli_fail("reset", rc);
    }
    int w = cli_out_write(&of, env, envlen);
    free(env);
    if (w != 0) return EX_FAIL;
    if (out) cli_say(0, "new session with %s: first message in %s (%zu bytes)", who, out, envlen);
    return EX_OK;
}

