/*
 * aegis.c -- the `aegis` command line: AEGIS-MSG messages on files or
 * through a relay, in v2 sessions. This file: the usage text, the global
 * options and the command table; the commands are in aegis_cmd_file.c,
 * aegis_cmd_relay.c and aegis_cmd_session.c, their shared helpers in
 * aegis_io.c. Exit codes: 0 ok, 1 rejected or failed, 2 usage. Errors are
 * one line on stderr. See msg/PROTOCOL.md and `aegis --help`.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "aegis_cli.h"
#include "version.h"

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
        if (cli_is_help(argv[i])) {
            fputs(usage_main, stdout);
            if (fflush(stdout) == 0 && !ferror(stdout)) return EX_OK;
            cli_say(1, "cannot write stdout");
            return EX_FAIL;
        } else if (strcmp(argv[i], "--version") == 0) {
            fputs("aegis " AEGIS_VERSION "\n" AEGIS_VERSION_PRIMITIVES, stdout);
            return fflush(stdout) == 0 && !ferror(stdout) ? EX_OK : EX_FAIL;
        } else if ((r = cli_opt_val(argc, argv, &i, "--home", &home)) != 0) {
            if (r < 0) return EX_USAGE;
        } else {
            return cli_usage_err("unknown option", argv[i]);
        }
    }
    if (i >= argc) return cli_usage_err("missing COMMAND; commands: init bundle import seal open rotate status "
                                    "history register send fetch help", NULL);
    /* "aegis help" and "aegis help COMMAND" (= "aegis COMMAND --help"). */
    static char help_opt[] = "--help";
    char *help_argv[2];
    if (strcmp(argv[i], "help") == 0) {
        if (i + 1 == argc) {
            fputs(usage_main, stdout);
            return fflush(stdout) == 0 && !ferror(stdout) ? EX_OK : EX_FAIL;
        }
        if (i + 2 != argc) return cli_usage_err("help takes at most one COMMAND", NULL);
        /* "aegis help --help" and "aegis help help": the main usage. */
        if (cli_is_help(argv[i + 1]) || strcmp(argv[i + 1], "help") == 0) {
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
        if (j > i && !ddash && (r = cli_opt_val(argc, argv, &j, "--home", &home)) != 0) {
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
        for (int j = 1; j < sub_argc && strcmp(sub[j], "--") != 0; j++) help |= cli_is_help(sub[j]);
        msg_config cfg;
        char err[256];
        if (!help && msg_config_load(&cfg, home, err, sizeof err) != MSG_OK) {
            cli_say(1, "configuration error: %s", err);
            rc = EX_USAGE;
        } else {
            if (help) msg_config_defaults(&cfg);
            /* At the default levels the library's error lines are captured and
             * printed once by cli_fail(); AEGIS_LOG=info/debug shows them all. */
            msg_log_capture(cfg.log_level <= MSG_LOG_WARN);
            rc = cmds[k].fn(&cfg, sub_argc, sub);
        }
        break;
    }
    if (rc < 0) rc = cli_usage_err("unknown command", sub[0]);
    free(sub);
    /* A warning from a command that still succeeded (e.g. import
     * --accept-new-key replacing a pinned key) is shown, once. */
    if (rc == EX_OK && *msg_log_captured()) cli_say(1, "warning: %s", msg_log_captured());
    /* Output that never arrived is a failure (closed stdout, full disk). */
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == EX_OK) {
        cli_say(1, "cannot write stdout");
        rc = EX_FAIL;
    }
    return rc;
}
