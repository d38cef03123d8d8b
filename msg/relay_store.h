/*
 * relay_store.h -- private: the relay's storage interface (msg/PROTOCOL.md 14).
 * Every SQL statement of the relay lives behind it, in one backend file each:
 * relay_store_sqlite.c (embedded default) and relay_store_pg.c (libpq, for
 * several relays sharing one database). A store is a pool of connections;
 * a request takes one (rs_acquire), uses it, and gives it back.
 */
#ifndef AEGIS_MSG_RELAY_STORE_H
#define AEGIS_MSG_RELAY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

enum { RS_OK = 0, RS_NOTFOUND = 1, RS_DUP = 2, RS_ERR = -1 };

typedef struct {
    int64_t num;                  /* stable user number (tokens name it) */
    int64_t gen;                  /* token generation: bumping it revokes tokens */
    char id[MSG_UID_MAX + 1];
    uint8_t ik_hash[32];
    uint8_t idrec[MSG_IDREC_MAX];
    size_t idrec_len;
} rs_user;

typedef struct {
    int64_t index;
    uint64_t received_ms;
    char sender_id[MSG_UID_MAX + 1];
    const uint8_t *env;           /* valid during the callback only */
    size_t env_len;
} rs_msg;
typedef int (*rs_msg_cb)(void *arg, const rs_msg *m); /* nonzero stops */

typedef struct {
    int64_t users, queued, opk_stock;
    int64_t commits, committed; /* group commit (SQLite): transactions, envelopes in them */
} rs_stats;

typedef struct rs_conn rs_conn;
typedef struct rs_store rs_store;

typedef struct {
    int (*user_add)(rs_conn *c, const char *id, const char *name, const uint8_t ik_hash[32],
                    const uint8_t *idrec, size_t n);                   /* RS_DUP if id or key taken */
    int (*user_get)(rs_conn *c, const char *id, rs_user *u);
    int (*user_by_num)(rs_conn *c, int64_t num, rs_user *u);
    int (*user_revoke)(rs_conn *c, const char *id);                    /* gen += 1 */
    /* Replace the SPK (spk NULL: keep) and add OPKs (n records of
     * MSG_OPKREC_BYTES, ids given); *added new ones, *stock what is left. */
    int (*prekeys_put)(rs_conn *c, const char *id, const uint8_t *spk, const uint8_t *opks,
                       const uint32_t *opk_ids, size_t n, int *added, int64_t *stock);
    /* The SPK of id (RS_NOTFOUND if none), and if want_opk and the
     * (requester, target) budget of budget OPKs per window_ms is not spent,
     * pop one OPK atomically (each served at most once, across relays). */
    int (*bundle)(rs_conn *c, const char *id, const char *requester, uint64_t now, int want_opk,
                  uint32_t budget, uint64_t window_ms, uint8_t spk[MSG_SPKREC_BYTES],
                  uint8_t opk[MSG_OPKREC_BYTES], int *have_opk);
    /* Store an envelope; RS_DUP if (sender_ik, msg_id) is stored or tombstoned.
     * Durable when it returns RS_OK. seen_until: when the tombstone may go. */
    int (*msg_put)(rs_conn *c, const char *rid, const char *sid, const uint8_t sender_ik[32],
                   const uint8_t msg_id[16], const uint8_t *env, size_t n, uint64_t now,
                   uint64_t seen_until, int64_t *index);
    /* Envelopes of rid with index > after in increasing order, at most limit
     * (with_env 0: indexes only); *more is set if there are further ones. */
    int (*msg_list)(rs_conn *c, const char *rid, int64_t after, int limit, int with_env, rs_msg_cb cb,
                    void *arg, int *more);
    int (*msg_get)(rs_conn *c, const char *rid, int64_t index, rs_msg_cb cb, void *arg);
    /* Delete (acknowledge); the duplicate record stays until seen_until. */
    int (*msg_del)(rs_conn *c, const char *rid, int64_t index, uint64_t seen_until);
    /* Record a used login challenge (hash) until expires; RS_DUP if used. */
    int (*nonce_use)(rs_conn *c, const uint8_t h[32], uint64_t expires);
    /* Retention: envelopes older than now - retention_ms, expired tombstones,
     * used nonces and OPK budgets. */
    int (*purge)(rs_conn *c, uint64_t now, uint64_t retention_ms);
    int (*stats)(rs_conn *c, rs_stats *s);
    /* The deployment's MAC key: stored once (candidate if none yet), then
     * the same for every relay of the database. */
    int (*server_key)(rs_conn *c, const uint8_t candidate[32], uint8_t key[32]);
    int (*ping)(rs_conn *c);
    void (*close)(rs_conn *c);
} rs_ops;

struct rs_conn {
    const rs_ops *ops;
    rs_conn *next_free;
};

/* url: "postgresql://..." or "postgres://..." (libpq), anything else a
 * SQLite file path. nconn connections are opened now (one per worker). */
int rs_open(rs_store **s, const char *url, unsigned nconn, char *err, size_t errlen);
rs_conn *rs_acquire(rs_store *s);   /* waits for a free connection */
void rs_release(rs_store *s, rs_conn *c);
void rs_close(rs_store *s);
const char *rs_backend(const rs_store *s); /* "sqlite" or "postgresql" */

/* Backends (relay_store_sqlite.c, relay_store_pg.c): open one connection;
 * *shared is the backend's per-store state (created by the first call,
 * freed by its shared_free). */
rs_conn *rs_sqlite_connect(const char *path, void **shared, char *err, size_t errlen);
void rs_sqlite_shared_free(void *shared);
rs_conn *rs_pg_connect(const char *url, void **shared, char *err, size_t errlen);
void rs_pg_shared_free(void *shared);

#endif
