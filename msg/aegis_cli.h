/*
 * aegis_cli.h -- private to the `aegis` program (msg/aegis*.c): exit codes,
 * the helpers every command uses (one-line stderr, safe file and terminal
 * I/O, option parsing; aegis_io.c) and the commands the table in aegis.c
 * dispatches to (aegis_cmd_file.c, aegis_cmd_relay.c, aegis_cmd_session.c).
 */
#ifndef AEGIS_MSG_AEGIS_CLI_H
#define AEGIS_MSG_AEGIS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "client.h"

#define EX_OK 0
#define EX_FAIL 1
#define EX_USAGE 2

/* ---- aegis_io.c ------------------------------------------------------------ */
void cli_say(int with_prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_usage_err(const char *msg, const char *arg);
int cli_fail(const char *what, int rc);
int cli_read_all(const char *path, size_t max, uint8_t **out, size_t *len);
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
int cli_out_open(out_file *o, const char *path, int binary, const msg_config *cfg);
void cli_out_abort(out_file *o);
int cli_out_write(out_file *o, const uint8_t *p, size_t n);
void cli_put_text(FILE *f, const uint8_t *p, size_t n, int one_line);
void cli_fmt_time(char out[32], uint64_t ms);
void cli_hex8(char out[17], const uint8_t *p);
int cli_is_help(const char *a);
int cli_opt_val(int argc, char **argv, int *i, const char *name, const char **val);
msg_ctx *cli_open_ctx(const msg_config *cfg, int create);

/* ---- the commands: int cmd_NAME(cfg, argc, argv), argv[0] = NAME ----------- */
int cmd_init(const msg_config *cfg, int argc, char **argv);     /* aegis_cmd_file.c */
int cmd_bundle(const msg_config *cfg, int argc, char **argv);
int cmd_import(const msg_config *cfg, int argc, char **argv);
int cmd_seal(const msg_config *cfg, int argc, char **argv);
int cmd_open(const msg_config *cfg, int argc, char **argv);
int cmd_rotate(const msg_config *cfg, int argc, char **argv);
int cmd_status(const msg_config *cfg, int argc, char **argv);
int cmd_history(const msg_config *cfg, int argc, char **argv);
int cmd_register(const msg_config *cfg, int argc, char **argv); /* aegis_cmd_relay.c */
int cmd_send(const msg_config *cfg, int argc, char **argv);
int cmd_fetch(const msg_config *cfg, int argc, char **argv);
int cmd_sessions(const msg_config *cfg, int argc, char **argv); /* aegis_cmd_session.c */
int cmd_reset(const msg_config *cfg, int argc, char **argv);

#endif
