/*
 * client.h -- the AEGIS-MSG v1 client on top of msg.h: configuration from the
 * environment, secret-free logging, one SQLite database per user, and the
 * operations behind the `aegis` CLI, the demo and the relay.
 */
#ifndef AEGIS_MSG_CLIENT_H
#define AEGIS_MSG_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

/* ---- configuration (config.c) ----------------------------------------- */
typedef struct {
    uint32_t rotation_s;      /* AEGIS_KEY_ROTATION_INTERVAL, [3600, 2592000], 604800 */
    uint32_t retention_days;  /* AEGIS_MESSAGE_RETENTION_DAYS, [1, 90], 30 */
    uint32_t skew_s;          /* AEGIS_MAX_CLOCK_SKEW_SECONDS, [0, 86400], 300 */
    uint32_t opk_batch;       /* AEGIS_OPK_BATCH, [0, 100], 10 */
    uint32_t grace_s;         /* SPK grace after rotation (fixed: 86400) */
    int log_level;            /* AEGIS_LOG: error 0, warn 1, info 2, debug 3 */
    char home[4096];          /* AEGIS_HOME or --home, default ~/.aegis */
    uint32_t max_skipped;     /* AEGIS_SESSION_MAX_SKIPPED, [0, 10000], 1000 (v2 sessions) */
    uint32_t auto_receipts;   /* AEGIS_AUTO_RECEIPTS, [0, 1], 1 (v2 sessions) */
} msg_config;

/* Defaults, then the environment; home_override (--home) wins over AEGIS_HOME.
 * A malformed or out-of-range value is an error with a message in err. */
int msg_config_load(msg_config *c, const char *home_override, char *err, size_t errlen);
void msg_config_defaults(msg_config *c);

/* ---- logging (log.c): never keys, shared secrets or plaintext --------- */
enum { MSG_LOG_ERROR = 0, MSG_LOG_WARN = 1, MSG_LOG_INFO = 2, MSG_LOG_DEBUG = 3 };
void msg_log_set_level(int level);
void msg_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Capture mode (the CLI): error and warn lines are not printed; the first one
 * since msg_log_capture() is kept for msg_log_captured() ("" if none), so the
 * program can print exactly one error line. */
void msg_log_capture(int on);
const char *msg_log_captured(void);
/* Replace every byte outside printable ASCII (0x20..0x7e) by '?' in place. */
void msg_sanitize(char *s);
/* First 8 hex digits of SHA3-256(msg_id): what logs show instead of the id. */
void msg_log_id(char out[9], const uint8_t *p, size_t n);

/* ---- the client (store.c, client.c) ----------------------------------- */
typedef struct msg_ctx msg_ctx;

/* Open (create = 1: create the directory and database) the user database
 * <home>/aegis.db: mode 0600, WAL, secure_delete. */
int msg_ctx_open(msg_ctx **ctx, const msg_config *cfg, int create);
void msg_ctx_close(msg_ctx *ctx);
/* Test clock: ms since the epoch, 0 = the real clock. */
void msg_ctx_set_now(msg_ctx *ctx, uint64_t now_ms);
uint64_t msg_ctx_now(const msg_ctx *ctx);
const char *msg_ctx_path(const msg_ctx *ctx);

/* Fault injection for the crash tests: called with a step number between the
 * steps of msg_user_open's final transaction (NULL = none). */
void msg_set_fault_hook(void (*hook)(int step));

/* aegis init: a new identity, first SPK, first OPK batch. seed32 NULL = random. */
int msg_user_init(msg_ctx *ctx, const char *uid, const char *name, const uint8_t *seed32);
int msg_user_identity(msg_ctx *ctx, msg_identity *id);  /* load own identity */

/* aegis bundle: identity record, current SPK, up to n_opk fresh (never
 * exported before) OPKs, generated on demand. */
int msg_user_bundle(msg_ctx *ctx, uint8_t **out, size_t *outlen, unsigned n_opk);

typedef struct {
    char uid[MSG_UID_MAX + 1];
    char name[MSG_NAME_MAX + 1];
    char safety[MSG_SAFETY_CHARS];
    int is_new;          /* first contact: pinned now (TOFU) */
    unsigned opks_added;
    uint32_t spk_id;
} msg_import_info;
/* aegis import: verify everything, pin (TOFU), store prekeys. A different
 * identity for a pinned uid is MSG_ERR_KEY_CHANGED unless accept_change. */
int msg_user_import(msg_ctx *ctx, const uint8_t *bundle, size_t len, int accept_change,
                    msg_import_info *info);

/* 1 iff ik_hash is a pinned contact. */
int msg_user_knows(msg_ctx *ctx, const uint8_t ik_hash[MSG_HASH_BYTES]);

/* aegis seal: to a pinned contact's current SPK (+ one OPK if any left). */
int msg_user_seal(msg_ctx *ctx, const char *recipient_uid, uint8_t content_type,
                  const uint8_t *body, size_t body_len, uint8_t **env, size_t *envlen);

typedef struct {
    char sender_uid[MSG_UID_MAX + 1];
    char safety[MSG_SAFETY_CHARS];
    uint64_t timestamp_ms, counter;
    uint64_t counter_gap;   /* counters skipped since the highest seen */
    int used_opk;
    msg_plaintext pt;
    /* v2 session messages (version 2); zero for v1 envelopes. */
    int version;
    uint8_t session_id[MSG_HASH_BYTES];
    uint32_t epoch, n;
    int new_peer_epoch;     /* a new peer epoch began: a receipt would advance ours */
} msg_received;
/* aegis open: PROTOCOL.md 7, steps 1-9; the result is a precise local
 * reason (MSG_ERR_*), which callers show the outside only as "rejected". */
int msg_user_open(msg_ctx *ctx, const uint8_t *env, size_t len, msg_received *out);
void msg_received_free(msg_received *r);

/* aegis rotate: new SPK if due (or force), then erase expired SPK secrets,
 * purge seen-cache and history older than the retention. Also run by every
 * command. rotated gets 1 if a new SPK was made. */
int msg_user_maintain(msg_ctx *ctx, int force_rotate, int *rotated);

typedef struct {
    char uid[MSG_UID_MAX + 1];
    char name[MSG_NAME_MAX + 1];
    uint8_t ik_hash[MSG_HASH_BYTES];
    uint32_t spk_id;
    uint64_t spk_age_s, spk_not_after_ms;
    unsigned spk_secrets, opk_secrets, opk_unpublished, contacts, messages;
    uint64_t sent, received, rejected[MSG_NREASONS];
} msg_status_info;
int msg_user_status(msg_ctx *ctx, msg_status_info *st);

typedef void (*msg_history_cb)(void *arg, const char *direction, const char *peer_uid,
                               uint64_t timestamp_ms, uint64_t counter, uint8_t content_type,
                               const uint8_t *body, size_t body_len);
/* History, oldest first; contact NULL = all; a contact neither pinned nor in
 * the history is MSG_ERR_ARG. */
int msg_user_history(msg_ctx *ctx, const char *contact, msg_history_cb cb, void *arg);

#endif
