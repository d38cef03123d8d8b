/* store.h -- private: the client context and SQLite helpers (store.c). */
#ifndef AEGIS_MSG_STORE_H
#define AEGIS_MSG_STORE_H

#include <sqlite3.h>

#include "client.h"

struct msg_ctx {
    sqlite3 *db;
    msg_config cfg;
    uint64_t now_override;
    char path[4200];
};

/* Run SQL without results; MSG_OK or MSG_ERR_STORE (logged). */
int msg_db_exec(msg_ctx *ctx, const char *sql);
/* Prepare; MSG_OK or MSG_ERR_STORE. */
int msg_db_prepare(msg_ctx *ctx, sqlite3_stmt **st, const char *sql);
int msg_db_begin(msg_ctx *ctx);       /* BEGIN IMMEDIATE */
int msg_db_commit(msg_ctx *ctx);
void msg_db_rollback(msg_ctx *ctx);
/* Counters table: add delta (inside the caller's transaction, or alone). */
int msg_db_count(msg_ctx *ctx, const char *name, int64_t delta);
int64_t msg_db_counter(msg_ctx *ctx, const char *name);
/* Move committed pages out of the WAL and truncate it, so erased secrets do
 * not linger in the -wal file (secure_delete has zeroed them in the db). */
void msg_db_checkpoint(msg_ctx *ctx);

/* client.c internals shared with session_client.c (v2 sessions). */
void msg_client_fault(int step);
int msg_client_count_reject(msg_ctx *ctx, int reason);
int msg_client_load_contact(msg_ctx *ctx, const char *uid, const uint8_t *ik, msg_peer *p,
                            uint8_t spkrec[MSG_SPKREC_BYTES]);
int msg_client_store_history(msg_ctx *ctx, const char *dir, const msg_peer *peer, const uint8_t *msg_id,
                             uint64_t counter, uint64_t ts, uint8_t ctype, const uint8_t *body, size_t blen);
int msg_client_load_seed(msg_ctx *ctx, int spk, uint32_t kid, uint8_t seed[MSG_PREKEY_SEED_BYTES]);
int msg_session_maintain(msg_ctx *ctx);

#endif
