/*
 * session_client.c -- AEGIS-MSG v2 sessions on the user database
 * (../shared/docs/sessions.md 4-5, msg/PROTOCOL.md part II): the session
 * rows, the skipped-key cache, the per-index seen records and tombstones;
 * sealing to a contact (msg_user_send), opening any envelope
 * (msg_user_open_any), reset, listing, maintenance, and the relay's upload
 * check. One transaction per send or receive; a message leaves only after
 * its state commit, and the WAL is truncated after each commit so erased
 * keys leave the -wal file too (sessions.md 4.4).
 *
 * Why one file (850 lines): sending and opening share the session-row codec
 * (row_read, sess_load, sess_save), the seen records and one transaction
 * each; the open order of sessions.md 4.1 is checked best read in one place.
 */
#define _POSIX_C_SOURCE 200809L
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sha3/sha3.h"
#include "internal.h"
#include "store.h"

#define HOUR_MS 3600000ull

static void bind_blob(sqlite3_stmt *st, int i, const void *p, size_t n)
{
    sqlite3_bind_blob(st, i, p, (int)n, SQLITE_TRANSIENT);
}
static int col_copy(sqlite3_stmt *st, int i, void *dst, size_t n)
{
    const void *p = sqlite3_column_blob(st, i);
    if (p == NULL || (size_t)sqlite3_column_bytes(st, i) != n) return MSG_ERR_STORE;
    memcpy(dst, p, n);
    return MSG_OK;
}
static int step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
    sqlite3_finalize(st);
    return rc;
}
static uint64_t ret_ms(msg_ctx *ctx) { return 86400000ull * ctx->cfg.retention_days; }

/* ---- session rows ------------------------------------------------------ */
typedef struct {
    char status[12];
    uint64_t created_ms, last_send_ms, last_recv_ms, newest_peer_ts;
} row_meta;

#define SESS_COLS "session_id, peer_ik, role, status, created_ms, last_send_ms, last_recv_ms," \
                  " newest_peer_ts, rk, e_s, n_s, prev_n, ck_s, send_block, dk_seed, e_r, n_r, ck_r," \
                  " recv_block_hash, peer_ek, need_epoch"

static int row_read(sqlite3_stmt *st, msg_session *s, row_meta *meta, const uint8_t self_ik[32])
{
    memset(s, 0, sizeof *s);
    memset(meta, 0, sizeof *meta);
    int rc = col_copy(st, 0, s->session_id, 32) | col_copy(st, 1, s->peer_ik, 32) |
             col_copy(st, 8, s->rk, 32) | col_copy(st, 12, s->ck_s, 32) | col_copy(st, 17, s->ck_r, 32) |
             col_copy(st, 18, s->recv_block_hash, 32);
    if (rc) return MSG_ERR_STORE;
    s->role = (uint8_t)sqlite3_column_int(st, 2);
    const unsigned char *t = sqlite3_column_text(st, 3);
    snprintf(meta->status, sizeof meta->status, "%s", t ? (const char *)t : "");
    meta->created_ms = (uint64_t)sqlite3_column_int64(st, 4);
    meta->last_send_ms = (uint64_t)sqlite3_column_int64(st, 5);
    meta->last_recv_ms = (uint64_t)sqlite3_column_int64(st, 6);
    meta->newest_peer_ts = (uint64_t)sqlite3_column_int64(st, 7);
    s->e_s = (uint32_t)sqlite3_column_int64(st, 9);
    s->n_s = (uint32_t)sqlite3_column_int64(st, 10);
    s->prev_n = (uint32_t)sqlite3_column_int64(st, 11);
    int bl = sqlite3_column_bytes(st, 13);
    if (bl < 0 || bl > MSG_SESS_K_MAX) return MSG_ERR_STORE;
    if (bl) memcpy(s->send_block, sqlite3_column_blob(st, 13), (size_t)bl);
    s->send_block_len = (uint32_t)bl;
    if (sqlite3_column_type(st, 14) != SQLITE_NULL) {
        if (col_copy(st, 14, s->dk_seed, 64) != MSG_OK) return MSG_ERR_STORE;
        s->has_dk = 1;
    }
    s->e_r = (uint32_t)sqlite3_column_int64(st, 15);
    s->n_r = (uint32_t)sqlite3_column_int64(st, 16);
    if (sqlite3_column_type(st, 19) != SQLITE_NULL) {
        if (col_copy(st, 19, s->peer_ek, MSG_SESS_EK) != MSG_OK) return MSG_ERR_STORE;
        s->has_peer_ek = 1;
    }
    s->need_epoch = (uint8_t)sqlite3_column_int(st, 20);
    memcpy(s->self_ik, self_ik, 32);
    if (s->role != MSG_SESS_INITIATOR && s->role != MSG_SESS_RESPONDER) return MSG_ERR_STORE;
    return MSG_OK;
}

/* Load by session id (MSG_ERR_NO_SESSION if absent). */
static int sess_load(msg_ctx *ctx, const uint8_t sid[32], const uint8_t self_ik[32], msg_session *s,
                     row_meta *meta)
{
    sqlite3_stmt *st;
    if (msg_db_prepare(ctx, &st, "SELECT " SESS_COLS " FROM sessions WHERE session_id = ?1") != MSG_OK)
        return MSG_ERR_STORE;
    bind_blob(st, 1, sid, 32);
    int rc = sqlite3_step(st) == SQLITE_ROW ? row_read(st, s, meta, self_ik) : MSG_ERR_NO_SESSION;
    sqlite3_finalize(st);
    if (rc != MSG_OK) msg_wipe(s, sizeof *s);
    return rc;
}

/* The peer's current session, if any (MSG_ERR_NO_SESSION otherwise). */
static int sess_current(msg_ctx *ctx, const uint8_t peer_ik[32], const uint8_t self_ik[32],
                        msg_session *s, row_meta *meta)
{
    sqlite3_stmt *st;
    if (msg_db_prepare(ctx, &st, "SELECT " SESS_COLS " FROM sessions WHERE peer_ik = ?1"
                                 " AND status = 'current' LIMIT 1") != MSG_OK)
        return MSG_ERR_STORE;
    bind_blob(st, 1, peer_ik, 32);
    int rc = sqlite3_step(st) == SQLITE_ROW ? row_read(st, s, meta, self_ik) : MSG_ERR_NO_SESSION;
    sqlite3_finalize(st);
    if (rc != MSG_OK) msg_wipe(s, sizeof *s);
    return rc;
}

/* Write the whole row (the old row's cells are zeroed by secure_delete). */
static int sess_save(msg_ctx *ctx, const msg_session *s, const row_meta *meta)
{
    sqlite3_stmt *st;
    if (msg_db_prepare(ctx, &st, "INSERT OR REPLACE INTO sessions(" SESS_COLS ") VALUES (?1, ?2, ?3, ?4,"
                                 " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)") != MSG_OK)
        return MSG_ERR_STORE;
    bind_blob(st, 1, s->session_id, 32);
    bind_blob(st, 2, s->peer_ik, 32);
    sqlite3_bind_int(st, 3, s->role);
    sqlite3_bind_text(st, 4, meta->status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, (int64_t)meta->created_ms);
    sqlite3_bind_int64(st, 6, (int64_t)meta->last_send_ms);
    sqlite3_bind_int64(st, 7, (int64_t)meta->last_recv_ms);
    sqlite3_bind_int64(st, 8, (int64_t)meta->newest_peer_ts);
    bind_blob(st, 9, s->rk, 32);
    sqlite3_bind_int64(st, 10, s->e_s);
    sqlite3_bind_int64(st, 11, s->n_s);
    sqlite3_bind_int64(st, 12, s->prev_n);
    bind_blob(st, 13, s->ck_s, 32);
    bind_blob(st, 14, s->send_block_len ? (const void *)s->send_block : "", s->send_block_len);
    if (s->has_dk) bind_blob(st, 15, s->dk_seed, 64);
    else sqlite3_bind_null(st, 15);
    sqlite3_bind_int64(st, 16, s->e_r);
    sqlite3_bind_int64(st, 17, s->n_r);
    bind_blob(st, 18, s->ck_r, 32);
    bind_blob(st, 19, s->recv_block_hash, 32);
    if (s->has_peer_ek) bind_blob(st, 20, s->peer_ek, MSG_SESS_EK);
    else sqlite3_bind_null(st, 20);
    sqlite3_bind_int(st, 21, s->need_epoch);
    return step_done(st);
}

static int set_status(msg_ctx *ctx, const uint8_t sid[32], const char *status)
{
    sqlite3_stmt *st;
    if (msg_db_prepare(ctx, &st, "UPDATE sessions SET status = ?2 WHERE session_id = ?1") != MSG_OK)
        return MSG_ERR_STORE;
    bind_blob(st, 1, sid, 32);
    sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
    return step_done(st);
}

/* The peer's current session (other than keep) becomes retained. */
static int demote_current(msg_ctx *ctx, const uint8_t peer_ik[32], const uint8_t keep[32])
{
    sqlite3_stmt *st;
    if (msg_db_prepare(ctx, &st, "UPDATE sessions SET status = 'retained' WHERE peer_ik = ?1"
                                 " AND status = 'current' AND session_id <> ?2") != MSG_OK)
        return MSG_ERR_STORE;
    bind_blob(st, 1, peer_ik, 32);
    bind_blob(st, 2, keep, 32);
    return step_done(st);
}

/* Delete one session: the row, its skipped keys; a tombstone (sessions.md 4.4). */
static int sess_delete(msg_ctx *ctx, const uint8_t sid[32], uint64_t now)
{
    static const char *const sql[3] = {
        "DELETE FROM session_skipped WHERE session_id = ?1",
        "DELETE FROM sessions WHERE session_id = ?1",
        "INSERT OR REPLACE INTO session_tombstones(session_id, deleted_ms) VALUES (?1, ?2)",
    };
    for (int i = 0; i < 3; i++) {
        sqlite3_stmt *st;
        if (msg_db_prepare(ctx, &st, sql[i]) != MSG_OK) return MSG_ERR_STORE;
        bind_blob(st, 1, sid, 32);
        if (i == 2) sqlite3_bind_int64(st, 2, (int64_t)now);
        if (step_done(st) != MSG_OK) return MSG_ERR_STORE;
    }
    return MSG_OK;
}

/* At most MSG_SESS_MAX_PER_PEER sessions per peer: the least recently used
 * non-current ones go first. */
static int cap_sessions(msg_ctx *ctx, const uint8_t peer_ik[32], uint64_t now)
{
    for (;;) {
        sqlite3_stmt *st;
        uint8_t sid[32];
        if (msg_db_prepare(ctx, &st, "SELECT session_id, (SELECT count(*) FROM sessions WHERE peer_ik = ?1)"
                                     " FROM sessions WHERE peer_ik = ?1 AND status <> 'current'"
                                     " ORDER BY max(last_send_ms, last_recv_ms, created_ms) LIMIT 1") != MSG_OK)
            return MSG_ERR_STORE;
        bind_blob(st, 1, peer_ik, 32);
        int over = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 1) > MSG_SESS_MAX_PER_PEER &&
                   col_copy(st, 0, sid, 32) == MSG_OK;
        sqlite3_finalize(st);
        if (!over) return MSG_OK;
        if (sess_delete(ctx, sid, now) != MSG_OK) return MSG_ERR_STORE;
    }
}

/* ---- sending ------------------------------------------------------------ */

/* A recipient from the pinned bundle: the SPK (within validity) and one
 * unused OPK, consumed here (v1 rules, PROTOCOL.md 6). */
static int recipient_from_contact(msg_ctx *ctx, const msg_peer *peer, const uint8_t *spkrec,
                                  msg_recipient *r, uint64_t now)
{
    msg_pkrec spk;
    sqlite3_stmt *st;
    memset(r, 0, sizeof *r);
    if (msg_spkrec_parse(&spk, spkrec, MSG_SPKREC_BYTES) != MSG_OK) return MSG_ERR_STORE;
    if (!(spk.not_before_ms <= now + 1000ull * ctx->cfg.skew_s && now < spk.not_after_ms)) {
        msg_log(MSG_LOG_ERROR, "the signed prekey of '%s' has expired: import a fresh bundle", peer->uid);
        return MSG_ERR_BUNDLE;
    }
    memcpy(r->ik_hash, peer->ik_hash, 32);
    r->spk_id = spk.id;
    memcpy(r->spk_ek, spk.ek, MSG_SESS_EK);
    if (msg_db_prepare(ctx, &st, "SELECT record FROM contact_opk WHERE ik_hash = ?1 ORDER BY opk_id LIMIT 1") != MSG_OK)
        return MSG_ERR_STORE;
    bind_blob(st, 1, peer->ik_hash, 32);
    if (sqlite3_step(st) == SQLITE_ROW) {
        msg_pkrec opk;
        if (msg_opkrec_parse(&opk, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0)) == MSG_OK) {
            r->has_opk = 1;
            r->opk_id = opk.id;
            memcpy(r->opk_ek, opk.ek, MSG_SESS_EK);
        }
    }
    sqlite3_finalize(st);
    if (!r->has_opk) return MSG_OK;
    if (msg_db_prepare(ctx, &st, "DELETE FROM contact_opk WHERE ik_hash = ?1 AND opk_id = ?2") != MSG_OK)
        return MSG_ERR_STORE;
    bind_blob(st, 1, peer->ik_hash, 32);
    sqlite3_bind_int64(st, 2, r->opk_id);
    if (step_done(st) != MSG_OK) return MSG_ERR_STORE;
    if (msg_db_prepare(ctx, &st, "INSERT OR IGNORE INTO contact_opk_used(ik_hash, opk_id) VALUES (?1, ?2)") != MSG_OK)
        return MSG_ERR_STORE;
    bind_blob(st, 1, peer->ik_hash, 32);
    sqlite3_bind_int64(st, 2, r->opk_id);
    return step_done(st);
}

/* Seal on the current session or a new one (force_new: always a new one). */
static int send_impl(msg_ctx *ctx, const char *uid, uint8_t ctype, const uint8_t *body, size_t body_len,
                     int force_new, uint8_t **env, size_t *envlen)
{
    *env = NULL;
    *envlen = 0;
    msg_identity *me = malloc(sizeof *me);
    msg_peer *peer = malloc(sizeof *peer);
    msg_session *s = malloc(sizeof *s);
    msg_recipient *r = malloc(sizeof *r);
    uint8_t *spkrec = malloc(MSG_SPKREC_BYTES);
    uint8_t coins[MSG_SESS_COINS];
    row_meta meta;
    int rc = (me && peer && s && r && spkrec) ? MSG_OK : MSG_ERR_NOMEM;
    if (rc != MSG_OK) goto out;
    if (body_len > MSG_MAX_BODY) {
        rc = MSG_ERR_TOO_LARGE;
        goto out;
    }
    if ((rc = msg_user_identity(ctx, me)) != MSG_OK) goto out;
    if ((rc = msg_db_begin(ctx)) != MSG_OK) goto out;
    if ((rc = msg_client_load_contact(ctx, uid, NULL, peer, spkrec)) != MSG_OK) {
        if (rc == MSG_ERR_ARG) msg_log(MSG_LOG_ERROR, "unknown contact '%s' (import their bundle)", uid);
        goto fail;
    }
    const uint64_t now = msg_ctx_now(ctx);
    if ((rc = msg_random(coins, sizeof coins)) != MSG_OK) goto fail;
    msg_client_fault(21);
    int fresh = force_new;
    if (!fresh) {
        rc = sess_current(ctx, peer->ik_hash, me->ik_hash, s, &meta);
        if (rc == MSG_ERR_NO_SESSION) fresh = 1;
        else if (rc != MSG_OK) goto fail;
        /* An init the peer never answered is replaced after the retention
         * period (sessions.md 5.3). */
        else if (s->role == MSG_SESS_INITIATOR && s->e_r == 0 && meta.created_ms + ret_ms(ctx) < now)
            fresh = 1;
    }
    if (fresh) {
        /* S1: our init becomes current; a broken current session stays broken. */
        if ((rc = recipient_from_contact(ctx, peer, spkrec, r, now)) != MSG_OK) goto fail;
        if ((rc = msg_sess_create(s, me->ik_hash, r, coins)) != MSG_OK) goto fail;
        memset(&meta, 0, sizeof meta);
        snprintf(meta.status, sizeof meta.status, "current");
        meta.created_ms = now;
        if ((rc = demote_current(ctx, peer->ik_hash, s->session_id)) != MSG_OK) goto fail;
    }
    msg_client_fault(22);
    if ((rc = msg_sess_seal(s, me, now, ctype, body, body_len, coins, 0, env, envlen)) != MSG_OK) goto fail;
    meta.last_send_ms = now;
    msg_client_fault(23);
    if ((rc = sess_save(ctx, s, &meta)) != MSG_OK) goto fail;
    msg_client_fault(24);
    if (fresh && (rc = cap_sessions(ctx, peer->ik_hash, now)) != MSG_OK) goto fail;
    if ((rc = msg_client_store_history(ctx, "out", peer, *env + 116, s->n_s, now, ctype, body, body_len)) != MSG_OK)
        goto fail;
    if ((rc = msg_db_count(ctx, "sent", 1)) != MSG_OK) goto fail;
    msg_client_fault(25);
    if ((rc = msg_db_commit(ctx)) != MSG_OK) goto fail;
    msg_client_fault(26);
    msg_db_checkpoint(ctx); /* the overwritten chain key leaves the WAL */
    char lid[9];
    msg_log_id(lid, *env + 116, MSG_ID_BYTES);
    msg_log(MSG_LOG_INFO, "sealed session message %s to %s: %zu bytes, epoch %u, index %u", lid, peer->uid,
            *envlen, s->e_s, s->n_s);
    goto out;
fail:
    msg_db_rollback(ctx);
    free(*env);
    *env = NULL;
    *envlen = 0;
out:
    msg_wipe(coins, sizeof coins);
    if (me) msg_free_secret(me, sizeof *me);
    if (s) msg_free_secret(s, sizeof *s);
    free(peer);
    if (r) msg_free_secret(r, sizeof *r);
    free(spkrec);
    return rc;
}

int msg_user_send(msg_ctx *ctx, const char *recipient_uid, uint8_t content_type, const uint8_t *body,
                  size_t body_len, uint8_t **env, size_t *envlen)
{
    *env = NULL;
    *envlen = 0;
    if (recipient_uid == NULL || content_type == MSG_CT_RESET) return MSG_ERR_ARG;
    return send_impl(ctx, recipient_uid, content_type, body, body_len, 0, env, envlen);
}

int msg_user_session_reset(msg_ctx *ctx, const char *uid, int auto_, uint8_t **env, size_t *envlen)
{
    static const char note[] = "session reset";
    msg_peer p;
    char name[96], hex[17];
    *env = NULL;
    *envlen = 0;
    if (uid == NULL) return MSG_ERR_ARG;
    if (msg_client_load_contact(ctx, uid, NULL, &p, NULL) != MSG_OK) {
        msg_log(MSG_LOG_ERROR, "unknown contact '%s'", uid);
        return MSG_ERR_ARG;
    }
    for (int i = 0; i < 8; i++) snprintf(hex + 2 * i, 3, "%02x", p.ik_hash[i]);
    snprintf(name, sizeof name, "reset.%s", hex);
    const uint64_t now = msg_ctx_now(ctx);
    /* sessions.md 5.1: an automatic reset at most once per peer per hour (no loops). */
    int64_t last = msg_db_counter(ctx, name);
    if (auto_ && last != 0 && (uint64_t)last + HOUR_MS > now) return MSG_ERR_REPLAY;
    int rc = send_impl(ctx, uid, MSG_CT_RESET, (const uint8_t *)note, sizeof note - 1, 1, env, envlen);
    if (rc == MSG_OK) msg_db_count(ctx, name, (int64_t)now - last);
    return rc;
}

int msg_user_receipt(msg_ctx *ctx, const msg_received *r, uint8_t **env, size_t *envlen)
{
    uint8_t body[8];
    *env = NULL;
    *envlen = 0;
    if (!ctx->cfg.auto_receipts || r->version != 2 || !r->new_peer_epoch || r->pt.content_type == MSG_CT_RECEIPT)
        return MSG_OK;
    /* Body: the epoch and index received (the receipt's own header says the rest). */
    msg_be32(body, r->epoch);
    msg_be32(body + 4, r->n);
    return send_impl(ctx, r->sender_uid, MSG_CT_RECEIPT, body, sizeof body, 0, env, envlen);
}

int msg_user_reply_due(msg_ctx *ctx, int rc, const msg_received *r, const char *sender_hint, uint8_t **env,
                       size_t *envlen, char to[MSG_UID_MAX + 1])
{
    *env = NULL;
    *envlen = 0;
    to[0] = '\0';
    if (rc == MSG_OK && r != NULL) {
        snprintf(to, MSG_UID_MAX + 1, "%s", r->sender_uid);
        return msg_user_receipt(ctx, r, env, envlen);
    }
    msg_peer p;
    /* After no-session the verified sender (r->sender_uid) is the one to
     * reset with; the hint (the relay's word) only when r is not given. */
    if (rc == MSG_ERR_NO_SESSION && r != NULL) sender_hint = r->sender_uid[0] ? r->sender_uid : NULL;
    if (rc != MSG_ERR_NO_SESSION || sender_hint == NULL || !msg_uid_valid(sender_hint) ||
        msg_client_load_contact(ctx, sender_hint, NULL, &p, NULL) != MSG_OK)
        return MSG_OK;
    snprintf(to, MSG_UID_MAX + 1, "%s", sender_hint);
    rc = msg_user_session_reset(ctx, sender_hint, 1, env, envlen);
    if (rc == MSG_ERR_REPLAY) rc = MSG_OK; /* rate-limited: nothing due */
    if (rc == MSG_OK && *env) msg_log(MSG_LOG_WARN, "no session with %s (state lost?): sent a session reset", sender_hint);
    return rc;
}

/* ---- opening (sessions.md 4.1 open order) -------------------------------- */
static int seen_by_msgid(msg_ctx *ctx, const uint8_t sender[32], const uint8_t mh[32])
{
    sqlite3_stmt *st;
    if (msg_db_prepare(ctx, &st, "SELECT 1 FROM session_seen_idx WHERE sender_ik = ?1 AND msg_id_hash = ?2") != MSG_OK)
        return 1;
    bind_blob(st, 1, sender, 32);
    bind_blob(st, 2, mh, 32);
    int seen = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return seen;
}
static int seen_by_index(msg_ctx *ctx, const msg_sess_msg *m)
{
    sqlite3_stmt *st;
    if (msg_db_prepare(ctx, &st, "SELECT 1 FROM session_seen_idx WHERE session_id = ?1 AND epoch = ?2 AND n = ?3") != MSG_OK)
        return 1;
    bind_blob(st, 1, m->session_id, 32);
    sqlite3_bind_int64(st, 2, m->epoch);
    sqlite3_bind_int64(st, 3, m->n);
    int seen = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return seen;
}
static int tombstoned(msg_ctx *ctx, const uint8_t sid[32])
{
    sqlite3_stmt *st;
    if (msg_db_prepare(ctx, &st, "SELECT 1 FROM session_tombstones WHERE session_id = ?1") != MSG_OK) return 1;
    bind_blob(st, 1, sid, 32);
    int t = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return t;
}

/* S2 (sessions.md 5.3): does a new init from the peer become current? */
static int adopt_init(msg_ctx *ctx, const msg_sess_msg *m, const uint8_t self_ik[32])
{
    msg_session *c = malloc(sizeof *c);
    row_meta cm;
    if (c == NULL) return 0;
    int adopt = 1;
    if (sess_current(ctx, m->sender_ik, self_ik, c, &cm) == MSG_OK) {
        if (m->timestamp_ms < cm.newest_peer_ts) adopt = 0; /* a delayed init */
        else if (c->role == MSG_SESS_INITIATOR && c->e_r == 0 && memcmp(c->session_id, m->session_id, 32) < 0)
            adopt = 0; /* simultaneous initiation: the smaller session_id wins on both sides */
    }
    msg_free_secret(c, sizeof *c);
    return adopt;
}

/* S3: a retained session where the peer sent something newer than anything
 * on the current one becomes current, unless the current one is our own
 * unanswered init that wins the S2 tie-break. */
static int promote(msg_ctx *ctx, const msg_sess_msg *m, const uint8_t self_ik[32])
{
    msg_session *c = malloc(sizeof *c);
    row_meta cm;
    if (c == NULL) return 0;
    int p = 1;
    if (sess_current(ctx, m->sender_ik, self_ik, c, &cm) == MSG_OK) {
        if (m->timestamp_ms <= cm.newest_peer_ts) p = 0;
        else if (c->role == MSG_SESS_INITIATOR && c->e_r == 0 && memcmp(c->session_id, m->session_id, 32) < 0)
            p = 0;
    }
    msg_free_secret(c, sizeof *c);
    return p;
}

static int open_v2_tx(msg_ctx *ctx, const msg_sess_msg *m, const msg_identity *me, msg_received *out,
                      int *desync_sid_known)
{
    msg_peer *peer = malloc(sizeof *peer);
    msg_session *s = malloc(sizeof *s);
    uint8_t spk_seed[64], opk_seed[64], mh[32], cached[32];
    msg_sess_skip *added = NULL;
    size_t n_added = 0;
    int used_cache = 0, new_epoch = 0, have_cached = 0, is_new = 0;
    row_meta meta;
    sqlite3_stmt *st;
    int rc;
    *desync_sid_known = 0;
    if (peer == NULL || s == NULL) {
        rc = MSG_ERR_NOMEM;
        goto out;
    }
    /* Routing: for us, from a pinned contact. */
    if (memcmp(m->recipient_ik, me->ik_hash, 32) != 0) {
        rc = MSG_ERR_NOT_FOR_US;
        goto out;
    }
    if ((rc = msg_client_load_contact(ctx, NULL, m->sender_ik, peer, NULL)) != MSG_OK) {
        if (rc == MSG_ERR_ARG) rc = MSG_ERR_UNKNOWN_SENDER;
        goto out;
    }
    /* Freshness and the seen caches (v1 section 7 step 3). */
    const uint64_t now = msg_ctx_now(ctx), skew = 1000ull * ctx->cfg.skew_s;
    if (m->timestamp_ms + ret_ms(ctx) < now || m->timestamp_ms > now + skew ||
        m->timestamp_ms <= (uint64_t)msg_db_counter(ctx, "seen.horizon")) {
        rc = MSG_ERR_STALE;
        goto out;
    }
    sha3_256(mh, m->msg_id, MSG_ID_BYTES);
    if (seen_by_msgid(ctx, m->sender_ik, mh)) {
        rc = MSG_ERR_REPLAY;
        goto out;
    }
    /* Both signatures before routing to the session: a `no-session` result
     * triggers an automatic reset to the sender (sessions.md 5.1), so it must
     * come only from a genuine message of the pinned sender, never from a
     * forgery naming a random session id. */
    if ((rc = msg_sess_verify(m, peer)) != MSG_OK) goto out;
    /* Routing to the session. A `no-session` result names the verified
     * sender in out->sender_uid (the one to reset with, sessions.md 5.1). */
    memcpy(out->sender_uid, peer->uid, sizeof out->sender_uid);
    if (tombstoned(ctx, m->session_id)) {
        rc = MSG_ERR_NO_SESSION;
        goto out;
    }
    rc = sess_load(ctx, m->session_id, me->ik_hash, s, &meta);
    if (rc == MSG_ERR_NO_SESSION && m->type == MSG_SESS_TYPE_INIT) {
        /* Establishment (2.2): signature checked above, then the prekey secrets. */
        if ((rc = msg_client_load_seed(ctx, 1, m->spk_id, spk_seed)) != MSG_OK) goto out;
        if (m->ct_opk && (rc = msg_client_load_seed(ctx, 0, m->opk_id, opk_seed)) != MSG_OK) goto out;
        if ((rc = msg_sess_accept(s, m, me->ik_hash, spk_seed, m->ct_opk ? opk_seed : NULL)) != MSG_OK) goto out;
        is_new = 1;
        memset(&meta, 0, sizeof meta);
        meta.created_ms = now;
        snprintf(meta.status, sizeof meta.status, "retained");
    } else if (rc != MSG_OK) {
        goto out;
    } else if (memcmp(s->peer_ik, m->sender_ik, 32) != 0) {
        rc = MSG_ERR_NO_SESSION; /* another peer's session id */
        goto out;
    }
    *desync_sid_known = !is_new;
    /* A repeated (epoch, n) under a new msg_id, validly signed: sender rollback (4.2). */
    if (seen_by_index(ctx, m)) {
        rc = MSG_ERR_DESYNC;
        goto out;
    }
    if (!is_new) {
        if (msg_db_prepare(ctx, &st, "SELECT mks FROM session_skipped WHERE session_id = ?1 AND epoch = ?2 AND n = ?3") != MSG_OK) {
            rc = MSG_ERR_STORE;
            goto out;
        }
        bind_blob(st, 1, m->session_id, 32);
        sqlite3_bind_int64(st, 2, m->epoch);
        sqlite3_bind_int64(st, 3, m->n);
        if (sqlite3_step(st) == SQLITE_ROW && col_copy(st, 0, cached, 32) == MSG_OK) have_cached = 1;
        sqlite3_finalize(st);
    }
    if ((rc = msg_sess_open(s, m, have_cached ? cached : NULL, ctx->cfg.max_skipped, &added, &n_added,
                            &used_cache, &new_epoch, &out->pt)) != MSG_OK)
        goto out;

    /* One commit for everything (the caller commits). */
    msg_client_fault(31);
    if (is_new) {
        if (adopt_init(ctx, m, me->ik_hash)) snprintf(meta.status, sizeof meta.status, "current");
    } else if (strcmp(meta.status, "retained") == 0 && promote(ctx, m, me->ik_hash)) {
        snprintf(meta.status, sizeof meta.status, "current");
    }
    if (strcmp(meta.status, "current") == 0 && (rc = demote_current(ctx, m->sender_ik, m->session_id)) != MSG_OK)
        goto out;
    meta.last_recv_ms = now;
    if (m->timestamp_ms > meta.newest_peer_ts) meta.newest_peer_ts = m->timestamp_ms;
    if ((rc = sess_save(ctx, s, &meta)) != MSG_OK) goto out;
    msg_client_fault(32);
    if (used_cache) {
        if (msg_db_prepare(ctx, &st, "DELETE FROM session_skipped WHERE session_id = ?1 AND epoch = ?2 AND n = ?3") != MSG_OK) {
            rc = MSG_ERR_STORE;
            goto out;
        }
        bind_blob(st, 1, m->session_id, 32);
        sqlite3_bind_int64(st, 2, m->epoch);
        sqlite3_bind_int64(st, 3, m->n);
        if ((rc = step_done(st)) != MSG_OK) goto out;
    }
    for (size_t i = 0; i < n_added; i++) {
        if (msg_db_prepare(ctx, &st, "INSERT OR REPLACE INTO session_skipped(session_id, epoch, n, mks, created_ms)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5)") != MSG_OK) {
            rc = MSG_ERR_STORE;
            goto out;
        }
        bind_blob(st, 1, m->session_id, 32);
        sqlite3_bind_int64(st, 2, added[i].epoch);
        sqlite3_bind_int64(st, 3, added[i].n);
        bind_blob(st, 4, added[i].mks, 32);
        sqlite3_bind_int64(st, 5, (int64_t)now);
        if ((rc = step_done(st)) != MSG_OK) goto out;
    }
    /* MAX_SKIPPED per session: the oldest (epoch, n) are evicted first (4.1).
     * On every receipt, not only one that adds keys: a lowered bound (down to
     * 0, cache nothing) then also erases keys cached under the old one. */
    {
        if (msg_db_prepare(ctx, &st, "DELETE FROM session_skipped WHERE session_id = ?1 AND rowid IN"
                                     " (SELECT rowid FROM session_skipped WHERE session_id = ?1"
                                     " ORDER BY epoch DESC, n DESC LIMIT -1 OFFSET ?2)") != MSG_OK) {
            rc = MSG_ERR_STORE;
            goto out;
        }
        bind_blob(st, 1, m->session_id, 32);
        sqlite3_bind_int64(st, 2, ctx->cfg.max_skipped);
        if ((rc = step_done(st)) != MSG_OK) goto out;
    }
    msg_client_fault(33);
    if (msg_db_prepare(ctx, &st, "INSERT INTO session_seen_idx(session_id, epoch, n, msg_id_hash, sender_ik, ts)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)") != MSG_OK) {
        rc = MSG_ERR_STORE;
        goto out;
    }
    bind_blob(st, 1, m->session_id, 32);
    sqlite3_bind_int64(st, 2, m->epoch);
    sqlite3_bind_int64(st, 3, m->n);
    bind_blob(st, 4, mh, 32);
    bind_blob(st, 5, m->sender_ik, 32);
    sqlite3_bind_int64(st, 6, (int64_t)m->timestamp_ms);
    if ((rc = step_done(st)) != MSG_OK) {
        rc = MSG_ERR_REPLAY;
        goto out;
    }
    if (is_new && m->ct_opk) {
        /* The OPK seed is erased in the receiving transaction (v1 rule). */
        if (msg_db_prepare(ctx, &st, "DELETE FROM opk WHERE opk_id = ?1") != MSG_OK) {
            rc = MSG_ERR_STORE;
            goto out;
        }
        sqlite3_bind_int64(st, 1, m->opk_id);
        rc = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(ctx->db) == 1 ? MSG_OK : MSG_ERR_REPLAY;
        sqlite3_finalize(st);
        if (rc != MSG_OK) goto out;
    }
    if (is_new && (rc = cap_sessions(ctx, m->sender_ik, now)) != MSG_OK) goto out;
    msg_client_fault(34);
    if ((rc = msg_client_store_history(ctx, "in", peer, m->msg_id, m->n, m->timestamp_ms, out->pt.content_type,
                                       out->pt.body, out->pt.body_len)) != MSG_OK)
        goto out;
    msg_client_fault(35);
    if ((rc = msg_db_count(ctx, "received", 1)) != MSG_OK) goto out;
    memcpy(out->sender_uid, peer->uid, sizeof out->sender_uid);
    msg_safety_number(out->safety, me->ik_hash, peer->ik_hash);
    out->timestamp_ms = m->timestamp_ms;
    out->counter = m->n;
    out->used_opk = is_new && m->ct_opk != NULL;
    out->version = 2;
    memcpy(out->session_id, m->session_id, 32);
    out->epoch = m->epoch;
    out->n = m->n;
    out->new_peer_epoch = new_epoch || is_new;
out:
    msg_wipe(spk_seed, sizeof spk_seed);
    msg_wipe(opk_seed, sizeof opk_seed);
    msg_wipe(cached, sizeof cached);
    if (added) msg_free_secret(added, sizeof *added * n_added);
    if (s) msg_free_secret(s, sizeof *s);
    free(peer);
    if (rc != MSG_OK) msg_plaintext_free(&out->pt);
    return rc;
}

static int open_v2(msg_ctx *ctx, const uint8_t *env, size_t len, msg_received *out)
{
    msg_sess_msg m;
    int known = 0;
    msg_identity *me = malloc(sizeof *me);
    int rc = me ? msg_user_identity(ctx, me) : MSG_ERR_NOMEM;
    if (rc != MSG_OK) goto out;
    if ((rc = msg_sess_parse(&m, env, len)) != MSG_OK) goto reject;
    if ((rc = msg_db_begin(ctx)) != MSG_OK) goto out;
    rc = open_v2_tx(ctx, &m, me, out, &known);
    if (rc == MSG_OK) {
        rc = msg_db_commit(ctx);
        msg_client_fault(36);
        if (rc != MSG_OK) {
            msg_db_rollback(ctx);
            msg_received_free(out);
            goto out;
        }
        msg_db_checkpoint(ctx); /* erased chain keys, seeds and skipped keys leave the WAL */
        char lid[9];
        msg_log_id(lid, m.msg_id, MSG_ID_BYTES);
        msg_log(MSG_LOG_INFO, "opened session message %s from %s: epoch %u, index %u", lid, out->sender_uid,
                m.epoch, m.n);
        goto out;
    }
    msg_db_rollback(ctx);
    /* Desync on a validly signed message: the session is broken (5.2):
     * receive-only, and the next send opens a new session. */
    if (rc == MSG_ERR_DESYNC && known && msg_db_begin(ctx) == MSG_OK) {
        if (set_status(ctx, m.session_id, "broken") == MSG_OK) msg_db_commit(ctx);
        else msg_db_rollback(ctx);
        msg_log(MSG_LOG_WARN, "WARNING: session with %s is out of sync (rollback or fork); it is now broken",
                "the sender");
    }
reject:
    if (rc != MSG_ERR_STORE && rc != MSG_ERR_NOMEM) {
        char lid[9] = "-";
        if (len >= 132) msg_log_id(lid, env + 116, MSG_ID_BYTES);
        msg_log(MSG_LOG_WARN, "rejected session message %s (%zu bytes): %s", lid, len, msg_reason(rc));
        msg_client_count_reject(ctx, rc);
    }
out:
    if (me) msg_free_secret(me, sizeof *me);
    if (rc != MSG_OK) {
        char who[MSG_UID_MAX + 1];
        memcpy(who, out->sender_uid, sizeof who);
        memset(out, 0, sizeof *out);
        if (rc == MSG_ERR_NO_SESSION) memcpy(out->sender_uid, who, sizeof who);
    }
    return rc;
}

int msg_user_open_any(msg_ctx *ctx, const uint8_t *env, size_t len, msg_received *out)
{
    memset(out, 0, sizeof *out);
    if (env != NULL && len >= 4 && memcmp(env, "AEGR", 4) == 0) return open_v2(ctx, env, len, out);
    int rc = msg_user_open(ctx, env, len, out);
    if (rc == MSG_OK) out->version = 1;
    return rc;
}

/* ---- listing, loading, maintenance -------------------------------------- */
int msg_user_sessions(msg_ctx *ctx, const char *contact, msg_session_cb cb, void *arg)
{
    sqlite3_stmt *st;
    if (contact) {
        msg_peer p;
        if (msg_client_load_contact(ctx, contact, NULL, &p, NULL) != MSG_OK) {
            msg_log(MSG_LOG_ERROR, "unknown contact '%s'", contact);
            return MSG_ERR_ARG;
        }
    }
    if (msg_db_prepare(ctx, &st, "SELECT s.session_id, c.uid, s.status, s.role, s.e_s, s.n_s, s.e_r, s.n_r,"
                                 " (SELECT count(*) FROM session_skipped k WHERE k.session_id = s.session_id),"
                                 " s.created_ms, s.last_send_ms, s.last_recv_ms FROM sessions s"
                                 " LEFT JOIN contacts c ON c.ik_hash = s.peer_ik"
                                 " WHERE ?1 IS NULL OR c.uid = ?1 ORDER BY c.uid, s.created_ms") != MSG_OK)
        return MSG_ERR_STORE;
    if (contact) sqlite3_bind_text(st, 1, contact, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, 1);
    while (sqlite3_step(st) == SQLITE_ROW) {
        msg_session_info si;
        memset(&si, 0, sizeof si);
        if (col_copy(st, 0, si.session_id, 32) != MSG_OK) continue;
        const unsigned char *u = sqlite3_column_text(st, 1), *t = sqlite3_column_text(st, 2);
        snprintf(si.peer_uid, sizeof si.peer_uid, "%s", u ? (const char *)u : "?");
        snprintf(si.status, sizeof si.status, "%s", t ? (const char *)t : "?");
        si.role = sqlite3_column_int(st, 3);
        si.e_s = (uint32_t)sqlite3_column_int64(st, 4);
        si.n_s = (uint32_t)sqlite3_column_int64(st, 5);
        si.e_r = (uint32_t)sqlite3_column_int64(st, 6);
        si.n_r = (uint32_t)sqlite3_column_int64(st, 7);
        si.skipped = (unsigned)sqlite3_column_int(st, 8);
        si.created_ms = (uint64_t)sqlite3_column_int64(st, 9);
        si.last_send_ms = (uint64_t)sqlite3_column_int64(st, 10);
        si.last_recv_ms = (uint64_t)sqlite3_column_int64(st, 11);
        cb(arg, &si);
    }
    sqlite3_finalize(st);
    return MSG_OK;
}

int msg_session_load(msg_ctx *ctx, const uint8_t sid[32], msg_session *s, char status[12])
{
    msg_identity *me = malloc(sizeof *me);
    row_meta meta;
    int rc = me ? msg_user_identity(ctx, me) : MSG_ERR_NOMEM;
    if (rc == MSG_OK) rc = sess_load(ctx, sid, me->ik_hash, s, &meta);
    if (rc == MSG_OK && status) memcpy(status, meta.status, sizeof meta.status);
    if (me) msg_free_secret(me, sizeof *me);
    return rc;
}

int msg_session_maintain(msg_ctx *ctx)
{
    const uint64_t now = msg_ctx_now(ctx), ret = ret_ms(ctx), keep = ret + 2000ull * ctx->cfg.skew_s;
    sqlite3_stmt *st;
    int rc = msg_db_begin(ctx), changed = 0;
    if (rc != MSG_OK) return rc;
    /* Skipped keys expire at created + retention (4.1). */
    if ((rc = msg_db_prepare(ctx, &st, "DELETE FROM session_skipped WHERE created_ms + ?1 < ?2")) != MSG_OK) goto fail;
    sqlite3_bind_int64(st, 1, (int64_t)ret);
    sqlite3_bind_int64(st, 2, (int64_t)now);
    if ((rc = step_done(st)) != MSG_OK) goto fail;
    changed += sqlite3_changes(ctx->db);
    /* Retained (or broken) sessions idle longer than the retention are deleted. */
    for (;;) {
        uint8_t sid[32];
        if ((rc = msg_db_prepare(ctx, &st, "SELECT session_id FROM sessions WHERE status <> 'current' AND"
                                           " max(last_send_ms, last_recv_ms, created_ms) + ?1 < ?2 LIMIT 1")) != MSG_OK)
            goto fail;
        sqlite3_bind_int64(st, 1, (int64_t)ret);
        sqlite3_bind_int64(st, 2, (int64_t)now);
        int found = sqlite3_step(st) == SQLITE_ROW && col_copy(st, 0, sid, 32) == MSG_OK;
        sqlite3_finalize(st);
        if (!found) break;
        if ((rc = sess_delete(ctx, sid, now)) != MSG_OK) goto fail;
        changed++;
    }
    /* Per-index records follow the seen-cache rules, horizon included (v1 8). */
    if ((rc = msg_db_prepare(ctx, &st, "INSERT INTO counters(name, value) SELECT 'seen.horizon', max(ts)"
                                       " FROM session_seen_idx WHERE ts + ?1 < ?2 HAVING max(ts) IS NOT NULL"
                                       " ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)")) != MSG_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, (int64_t)keep);
    sqlite3_bind_int64(st, 2, (int64_t)now);
    if ((rc = step_done(st)) != MSG_OK) goto fail;
    if ((rc = msg_db_prepare(ctx, &st, "DELETE FROM session_seen_idx WHERE ts + ?1 < ?2")) != MSG_OK) goto fail;
    sqlite3_bind_int64(st, 1, (int64_t)keep);
    sqlite3_bind_int64(st, 2, (int64_t)now);
    if ((rc = step_done(st)) != MSG_OK) goto fail;
    if ((rc = msg_db_prepare(ctx, &st, "DELETE FROM session_tombstones WHERE deleted_ms + ?1 < ?2")) != MSG_OK) goto fail;
    sqlite3_bind_int64(st, 1, (int64_t)keep);
    sqlite3_bind_int64(st, 2, (int64_t)now);
    if ((rc = step_done(st)) != MSG_OK) goto fail;
    if ((rc = msg_db_commit(ctx)) != MSG_OK) return rc;
    if (changed) msg_db_checkpoint(ctx);
    return MSG_OK;
fail:
    msg_db_rollback(ctx);
    return rc;
}

/* ---- the relay's check ---------------------------------------------------- */
int msg_upload_check(msg_upload_info *info, const uint8_t *buf, size_t len, const msg_peer *sender)
{
    memset(info, 0, sizeof *info);
    if (buf != NULL && len >= 4 && memcmp(buf, "AEGR", 4) == 0) {
        msg_sess_msg m;
        if (msg_sess_parse(&m, buf, len) != MSG_OK) return MSG_ERR_PARSE;
        if (sender && msg_sess_verify(&m, sender) != MSG_OK) return MSG_ERR_SIGNATURE;
        info->version = 2;
        info->sender_ik = m.sender_ik;
        info->recipient_ik = m.recipient_ik;
        info->msg_id = m.msg_id;
        info->timestamp_ms = m.timestamp_ms;
        return MSG_OK;
    }
    msg_envelope e;
    if (msg_envelope_parse(&e, buf, len) != MSG_OK) return MSG_ERR_PARSE;
    if (sender && msg_envelope_verify(&e, sender) != MSG_OK) return MSG_ERR_SIGNATURE;
    info->version = 1;
    info->sender_ik = e.sender_ik;
    info->recipient_ik = e.recipient_ik;
    info->msg_id = e.msg_id;
    info->timestamp_ms = e.timestamp_ms;
    return MSG_OK;
}
