/*
 * client.c -- the operations of an AEGIS-MSG v1 user on the database of
 * store.c: init, bundle, import (TOFU pinning), seal, open (the fixed order
 * of msg/PROTOCOL.md 7 ending in one transaction), maintenance (prekey
 * rotation, erasure, retention), status and history.
 *
 * Why one file (900 lines): each operation is one database transaction built
 * from the same private helpers (load_contact, store_history, col_blob, the
 * fault hook of the crash tests); apart, they would all have to be exported.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sha3/sha3.h"
#include "internal.h"
#include "store.h"

static void (*fault_hook)(int step);
void msg_set_fault_hook(void (*hook)(int step)) { fault_hook = hook; }
static void fault(int step)
{
    if (fault_hook) fault_hook(step);
}

/* Copy a blob column of exactly n bytes. */
static int col_blob(sqlite3_stmt *st, int i, void *dst, size_t n)
{
    const void *p = sqlite3_column_blob(st, i);
    if (p == NULL || (size_t)sqlite3_column_bytes(st, i) != n) return MSG_ERR_STORE;
    memcpy(dst, p, n);
    return MSG_OK;
}
static void col_text(sqlite3_stmt *st, int i, char *dst, size_t cap)
{
    const unsigned char *p = sqlite3_column_text(st, i);
    snprintf(dst, cap, "%s", p ? (const char *)p : "");
}

static uint64_t now_ms(msg_ctx *ctx) { return msg_ctx_now(ctx); }

static int count_reject(msg_ctx *ctx, int reason)
{
    char name[48];
    snprintf(name, sizeof name, "rejected.%s", msg_reason(reason));
    return msg_db_count(ctx, name, 1);
}

static int next_id(msg_ctx *ctx, const char *name, uint32_t *id)
{
    int64_t v = msg_db_counter(ctx, name) + 1;
    if (v <= 0 || v > 0xffffffffLL) return MSG_ERR_STORE;
    *id = (uint32_t)v;
    return msg_db_count(ctx, name, 1);
}

int msg_user_identity(msg_ctx *ctx, msg_identity *id)
{
    sqlite3_stmt *st;
    int rc = MSG_ERR_ARG;
    memset(id, 0, sizeof *id);
    if (msg_db_prepare(ctx, &st, "SELECT uid, created_ms, mldsa_pk, mldsa_sk, fndsa_pk, fndsa_sk,"
                                 " ik_hash FROM identity WHERE id = 1") != MSG_OK)
        return MSG_ERR_STORE;
    if (sqlite3_step(st) == SQLITE_ROW) {
        col_text(st, 0, id->uid, sizeof id->uid);
        id->created_ms = (uint64_t)sqlite3_column_int64(st, 1);
        rc = col_blob(st, 2, id->mldsa_pk, sizeof id->mldsa_pk) |
             col_blob(st, 3, id->mldsa_sk, sizeof id->mldsa_sk) |
             col_blob(st, 4, id->fndsa_pk, sizeof id->fndsa_pk) |
             col_blob(st, 5, id->fndsa_sk, sizeof id->fndsa_sk) |
             col_blob(st, 6, id->ik_hash, sizeof id->ik_hash);
        rc = rc ? MSG_ERR_STORE : MSG_OK;
    } else {
        msg_log(MSG_LOG_ERROR, "no identity in %s (run `aegis init`)", ctx->path);
    }
    sqlite3_finalize(st);
    if (rc != MSG_OK) msg_wipe(id, sizeof *id);
    return rc;
}

/* A new SPK: seed, record, row. Inside the caller's transaction. */
static int new_spk(msg_ctx *ctx, const msg_identity *id, uint64_t now)
{
    uint8_t seed[MSG_PREKEY_SEED_BYTES], ek[MLKEM768_PUBLICKEYBYTES], dk[MLKEM768_SECRETKEYBYTES];
    uint8_t rec[MSG_SPKREC_BYTES];
    uint32_t spk_id;
    uint64_t not_after = now + 1000ull * (ctx->cfg.rotation_s + ctx->cfg.grace_s);
    int rc = next_id(ctx, "next.spk_id", &spk_id);
    if (rc == MSG_OK) rc = msg_random(seed, sizeof seed);
    if (rc == MSG_OK) rc = msg_prekey_derive(ek, dk, seed);
    if (rc == MSG_OK) rc = msg_spk_record(rec, id, spk_id, now, not_after, ek, NULL);
    if (rc == MSG_OK) {
        sqlite3_stmt *st;
        rc = msg_db_prepare(ctx, &st, "INSERT INTO spk(spk_id, seed, not_before, not_after, record)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5)");
        if (rc == MSG_OK) {
            sqlite3_bind_int64(st, 1, spk_id);
            sqlite3_bind_blob(st, 2, seed, sizeof seed, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 3, (int64_t)now);
            sqlite3_bind_int64(st, 4, (int64_t)not_after);
            sqlite3_bind_blob(st, 5, rec, sizeof rec, SQLITE_TRANSIENT);
            rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
            sqlite3_finalize(st);
        }
    }
    if (rc == MSG_OK) msg_log(MSG_LOG_INFO, "new signed prekey %u", spk_id);
    msg_wipe(seed, sizeof seed);
    msg_wipe(dk, sizeof dk);
    return rc;
}

/* A new unpublished OPK. Inside the caller's transaction. */
static int new_opk(msg_ctx *ctx, const msg_identity *id)
{
    uint8_t seed[MSG_PREKEY_SEED_BYTES], ek[MLKEM768_PUBLICKEYBYTES], dk[MLKEM768_SECRETKEYBYTES];
    uint8_t rec[MSG_OPKREC_BYTES];
    uint32_t opk_id;
    int rc = next_id(ctx, "next.opk_id", &opk_id);
    if (rc == MSG_OK) rc = msg_random(seed, sizeof seed);
    if (rc == MSG_OK) rc = msg_prekey_derive(ek, dk, seed);
    if (rc == MSG_OK) rc = msg_opk_record(rec, id, opk_id, ek, NULL);
    if (rc == MSG_OK) {
        sqlite3_stmt *st;
        rc = msg_db_prepare(ctx, &st, "INSERT INTO opk(opk_id, seed, record) VALUES (?1, ?2, ?3)");
        if (rc == MSG_OK) {
            sqlite3_bind_int64(st, 1, opk_id);
            sqlite3_bind_blob(st, 2, seed, sizeof seed, SQLITE_TRANSIENT);
            sqlite3_bind_blob(st, 3, rec, sizeof rec, SQLITE_TRANSIENT);
            rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
            sqlite3_finalize(st);
        }
    }
    msg_wipe(seed, sizeof seed);
    msg_wipe(dk, sizeof dk);
    return rc;
}

int msg_user_init(msg_ctx *ctx, const char *uid, const char *name, const uint8_t *seed32)
{
    if (uid == NULL || !msg_uid_valid(uid)) return MSG_ERR_ARG;
    if (name == NULL) name = uid;
    if (strlen(name) > MSG_NAME_MAX) return MSG_ERR_ARG;
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e) return MSG_ERR_ARG;
    msg_identity *id = malloc(sizeof *id);
    uint8_t *rec = malloc(MSG_IDREC_MAX);
    size_t reclen = 0;
    int rc = (id && rec) ? MSG_OK : MSG_ERR_NOMEM;
    if (rc == MSG_OK) rc = msg_db_begin(ctx);
    if (rc != MSG_OK) goto out;
    sqlite3_stmt *st;
    if ((rc = msg_db_prepare(ctx, &st, "SELECT count(*) FROM identity")) != MSG_OK) goto fail;
    int exists = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    if (exists) {
        msg_log(MSG_LOG_ERROR, "%s already holds an identity", ctx->path);
        rc = MSG_ERR_ARG;
        goto fail;
    }
    uint64_t now = now_ms(ctx);
    if ((rc = msg_identity_generate(id, uid, now, seed32)) != MSG_OK) goto fail;
    if ((rc = msg_identity_record(rec, &reclen, id, NULL)) != MSG_OK) goto fail;
    if ((rc = msg_db_prepare(ctx, &st, "INSERT INTO identity(id, uid, name, created_ms, mldsa_pk,"
                                       " mldsa_sk, fndsa_pk, fndsa_sk, ik_hash, record)"
                                       " VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")) != MSG_OK)
        goto fail;
    sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, (int64_t)now);
    sqlite3_bind_blob(st, 4, id->mldsa_pk, sizeof id->mldsa_pk, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 5, id->mldsa_sk, sizeof id->mldsa_sk, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 6, id->fndsa_pk, sizeof id->fndsa_pk, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 7, id->fndsa_sk, sizeof id->fndsa_sk, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 8, id->ik_hash, sizeof id->ik_hash, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 9, rec, (int)reclen, SQLITE_TRANSIENT);
    rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
    sqlite3_finalize(st);
    if (rc != MSG_OK) goto fail;
    if ((rc = new_spk(ctx, id, now)) != MSG_OK) goto fail;
    for (uint32_t i = 0; i < ctx->cfg.opk_batch; i++)
        if ((rc = new_opk(ctx, id)) != MSG_OK) goto fail;
    rc = msg_db_commit(ctx);
    if (rc == MSG_OK) msg_log(MSG_LOG_INFO, "identity %s created", uid);
    goto out;
fail:
    msg_db_rollback(ctx);
out:
    if (id) msg_free_secret(id, sizeof *id);
    free(rec);
    return rc;
}

/* ---- maintenance: rotation, erasure, retention (PROTOCOL.md 8) --------- */
int msg_user_maintain(msg_ctx *ctx, int force_rotate, int *rotated)
{
    int rc, rot = 0;
    if (rotated) *rotated = 0;
    msg_identity *id = malloc(sizeof *id);
    if (id == NULL) return MSG_ERR_NOMEM;
    if ((rc = msg_user_identity(ctx, id)) != MSG_OK) goto out;
    if ((rc = msg_db_begin(ctx)) != MSG_OK) goto out;
    uint64_t now = now_ms(ctx);
    uint64_t ret_ms = 86400000ull * ctx->cfg.retention_days;
    sqlite3_stmt *st;
    if ((rc = msg_db_prepare(ctx, &st, "SELECT max(not_before) FROM spk")) != MSG_OK) goto fail;
    int have = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    uint64_t nb = have ? (uint64_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (force_rotate || !have || now >= nb + 1000ull * ctx->cfg.rotation_s) {
        if ((rc = new_spk(ctx, id, now)) != MSG_OK) goto fail;
        rot = 1;
    }
    /* Erase SPK secrets past not_after + retention (never the newest one).
     * secure_delete overwrites the seed bytes; this is the forward secrecy. */
    if ((rc = msg_db_prepare(ctx, &st, "DELETE FROM spk WHERE not_after + ?1 <= ?2"
                                       " AND spk_id <> (SELECT max(spk_id) FROM spk)")) != MSG_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, (int64_t)ret_ms);
    sqlite3_bind_int64(st, 2, (int64_t)now);
    rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
    int erased = sqlite3_changes(ctx->db);
    sqlite3_finalize(st);
    if (rc != MSG_OK) goto fail;
    /* The seen-cache only needs to cover the freshness window; history is
     * kept for the retention period. The newest purged timestamp is kept as
     * a horizon that open refuses at or below: otherwise a later run with a
     * longer AEGIS_MESSAGE_RETENTION_DAYS would accept a purged envelope
     * again (a replay). */
    if ((rc = msg_db_prepare(ctx, &st, "INSERT INTO counters(name, value) SELECT 'seen.horizon', max(ts)"
                                       " FROM seen WHERE ts + ?1 < ?2 HAVING max(ts) IS NOT NULL ON CONFLICT(name) DO UPDATE"
                                       " SET value = max(value, excluded.value)")) != MSG_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, (int64_t)(ret_ms + 2000ull * ctx->cfg.skew_s));
    sqlite3_bind_int64(st, 2, (int64_t)now);
    rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
    sqlite3_finalize(st);
    if (rc != MSG_OK) goto fail;
    if ((rc = msg_db_prepare(ctx, &st, "DELETE FROM seen WHERE ts + ?1 < ?2")) != MSG_OK) goto fail;
    sqlite3_bind_int64(st, 1, (int64_t)(ret_ms + 2000ull * ctx->cfg.skew_s));
    sqlite3_bind_int64(st, 2, (int64_t)now);
    rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
    sqlite3_finalize(st);
    if (rc != MSG_OK) goto fail;
    if ((rc = msg_db_prepare(ctx, &st, "DELETE FROM messages WHERE stored_ms + ?1 < ?2")) != MSG_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, (int64_t)ret_ms);
    sqlite3_bind_int64(st, 2, (int64_t)now);
    rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
    sqlite3_finalize(st);
    if (rc != MSG_OK) goto fail;
    if ((rc = msg_db_commit(ctx)) != MSG_OK) goto out;
    if ((rc = msg_session_maintain(ctx)) != MSG_OK) goto out; /* v2 sessions (session_client.c) */
    if (erased > 0) {
        msg_log(MSG_LOG_INFO, "erased %d expired signed prekey secret(s)", erased);
        msg_db_checkpoint(ctx);
    }
    if (rotated) *rotated = rot;
    goto out;
fail:
    msg_db_rollback(ctx);
out:
    msg_free_secret(id, sizeof *id);
    return rc;
}

/* ---- bundle --------------------------------------------------------------- */
int msg_user_bundle(msg_ctx *ctx, uint8_t **out, size_t *outlen, unsigned n_opk)
{
    *out = NULL;
    *outlen = 0;
    if (n_opk > MSG_BUNDLE_MAX_OPK) return MSG_ERR_ARG;
    msg_identity *id = malloc(sizeof *id);
    uint8_t *idrec = malloc(MSG_IDREC_MAX), *spkrec = malloc(MSG_SPKREC_BYTES);
    uint8_t *opks = malloc((size_t)(n_opk ? n_opk : 1) * MSG_OPKREC_BYTES);
    char name[MSG_NAME_MAX + 1] = "";
    size_t idlen = 0;
    unsigned got = 0;
    int rc = (id && idrec && spkrec && opks) ? MSG_OK : MSG_ERR_NOMEM;
    if (rc == MSG_OK) rc = msg_user_identity(ctx, id);
    if (rc == MSG_OK) rc = msg_db_begin(ctx);
    if (rc != MSG_OK) goto out;
    sqlite3_stmt *st;
    if ((rc = msg_db_prepare(ctx, &st, "SELECT name, record FROM identity WHERE id = 1")) != MSG_OK)
        goto fail;
    if (sqlite3_step(st) == SQLITE_ROW) {
        col_text(st, 0, name, sizeof name);
        idlen = (size_t)sqlite3_column_bytes(st, 1);
        rc = (idlen <= MSG_IDREC_MAX) ? col_blob(st, 1, idrec, idlen) : MSG_ERR_STORE;
    } else {
        rc = MSG_ERR_STORE;
    }
    sqlite3_finalize(st);
    if (rc != MSG_OK) goto fail;
    if ((rc = msg_db_prepare(ctx, &st, "SELECT record FROM spk ORDER BY spk_id DESC LIMIT 1")) != MSG_OK)
        goto fail;
    rc = sqlite3_step(st) == SQLITE_ROW ? col_blob(st, 0, spkrec, MSG_SPKREC_BYTES) : MSG_ERR_STORE;
    sqlite3_finalize(st);
    if (rc != MSG_OK) goto fail;
    /* Top up unpublished OPKs, then publish n_opk of them exactly once. */
    if ((rc = msg_db_prepare(ctx, &st, "SELECT count(*) FROM opk WHERE published = 0")) != MSG_OK)
        goto fail;
    unsigned avail = sqlite3_step(st) == SQLITE_ROW ? (unsigned)sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    for (; avail < n_opk; avail++)
        if ((rc = new_opk(ctx, id)) != MSG_OK) goto fail;
    if ((rc = msg_db_prepare(ctx, &st, "SELECT opk_id, record FROM opk WHERE published = 0"
                                       " ORDER BY opk_id LIMIT ?1")) != MSG_OK)
        goto fail;
    sqlite3_bind_int(st, 1, (int)n_opk);
    while (got < n_opk && sqlite3_step(st) == SQLITE_ROW) {
        if ((rc = col_blob(st, 1, opks + (size_t)got * MSG_OPKREC_BYTES, MSG_OPKREC_BYTES)) != MSG_OK) break;
        got++;
    }
    sqlite3_finalize(st);
    if (rc != MSG_OK || got != n_opk) {
        rc = MSG_ERR_STORE;
        goto fail;
    }
    if ((rc = msg_db_prepare(ctx, &st, "UPDATE opk SET published = 1 WHERE opk_id IN"
                                       " (SELECT opk_id FROM opk WHERE published = 0"
                                       " ORDER BY opk_id LIMIT ?1)")) != MSG_OK)
        goto fail;
    sqlite3_bind_int(st, 1, (int)n_opk);
    rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
    sqlite3_finalize(st);
    if (rc != MSG_OK) goto fail;
    if ((rc = msg_bundle_encode(out, outlen, name, idrec, idlen, spkrec, opks, n_opk)) != MSG_OK)
        goto fail;
    if ((rc = msg_db_commit(ctx)) != MSG_OK) {
        free(*out);
        *out = NULL;
        *outlen = 0;
    }
    goto out;
fail:
    msg_db_rollback(ctx);
out:
    if (id) msg_free_secret(id, sizeof *id);
    free(idrec);
    free(spkrec);
    free(opks);
    return rc;
}

/* ---- import (PROTOCOL.md 9, and the checks of 6, step 1) ---------------- */
int msg_user_import(msg_ctx *ctx, const uint8_t *bundle, size_t len, int accept_change,
                    msg_import_info *info)
{
    msg_bundle b;
    msg_peer *peer = malloc(sizeof *peer);
    msg_identity *me = malloc(sizeof *me);
    msg_pkrec spk, opk;
    int rc;
    memset(info, 0, sizeof *info);
    if (peer == NULL || me == NULL) {
        rc = MSG_ERR_NOMEM;
        goto out;
    }
    if ((rc = msg_user_identity(ctx, me)) != MSG_OK) goto out;
    if (msg_bundle_parse(&b, bundle, len) != MSG_OK) {
        rc = MSG_ERR_PARSE;
        goto out;
    }
    if ((rc = msg_identity_record_verify(peer, b.idrec, b.idrec_len)) != MSG_OK) goto out;
    if (memcmp(peer->ik_hash, me->ik_hash, MSG_HASH_BYTES) == 0) {
        msg_log(MSG_LOG_ERROR, "that is your own bundle");
        rc = MSG_ERR_ARG;
        goto out;
    }
    if (strcmp(peer->uid, me->uid) == 0) {
        /* Pinned, it would receive what you seal to your own id. */
        msg_log(MSG_LOG_ERROR, "bundle claims your own user id '%s' with another key; refused", peer->uid);
        rc = MSG_ERR_BUNDLE;
        goto out;
    }
    uint64_t now = now_ms(ctx);
    if ((rc = msg_prekey_record_verify(&spk, 1, b.spkrec, MSG_SPKREC_BYTES, peer)) != MSG_OK) goto out;
    if (!(spk.not_before_ms <= now + 1000ull * ctx->cfg.skew_s && now < spk.not_after_ms)) {
        msg_log(MSG_LOG_ERROR, "signed prekey of %s is outside its validity period", peer->uid);
        rc = MSG_ERR_BUNDLE;
        goto out;
    }
    for (unsigned i = 0; i < b.n_opk; i++)
        if ((rc = msg_prekey_record_verify(&opk, 0, b.opkrec + (size_t)i * MSG_OPKREC_BYTES,
                                           MSG_OPKREC_BYTES, peer)) != MSG_OK)
            goto out;

    if ((rc = msg_db_begin(ctx)) != MSG_OK) goto out;
    sqlite3_stmt *st;
    /* Pinning: the uid is bound to ik_hash by the signed identity record. */
    if ((rc = msg_db_prepare(ctx, &st, "SELECT ik_hash, spk_id, uid FROM contacts WHERE uid = ?1 OR ik_hash = ?2")) != MSG_OK)
        goto fail;
    sqlite3_bind_text(st, 1, peer->uid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 2, peer->ik_hash, MSG_HASH_BYTES, SQLITE_TRANSIENT);
    int known = 0, changed = 0;
    int64_t old_spk = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        known = 1;
        const void *ik = sqlite3_column_blob(st, 0);
        const unsigned char *u = sqlite3_column_text(st, 2);
        if (sqlite3_column_bytes(st, 0) != MSG_HASH_BYTES || memcmp(ik, peer->ik_hash, MSG_HASH_BYTES) != 0 ||
            u == NULL || strcmp((const char *)u, peer->uid) != 0)
            changed = 1;
        else
            old_spk = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    if (changed) {
        msg_safety_number(info->safety, me->ik_hash, peer->ik_hash);
        if (!accept_change) {
            msg_log(MSG_LOG_WARN, "WARNING: the identity key of '%s' has CHANGED; refusing it", peer->uid);
            rc = MSG_ERR_KEY_CHANGED;
            goto fail;
        }
        msg_log(MSG_LOG_WARN, "identity key of '%s' changed; replacing the pinned key as requested",
                peer->uid);
        if ((rc = msg_db_prepare(ctx, &st, "DELETE FROM contact_opk WHERE ik_hash IN"
                                           " (SELECT ik_hash FROM contacts WHERE uid = ?1)")) != MSG_OK)
            goto fail;
        sqlite3_bind_text(st, 1, peer->uid, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_finalize(st);
        if ((rc = msg_db_prepare(ctx, &st, "DELETE FROM contacts WHERE uid = ?1 OR ik_hash = ?2")) != MSG_OK)
            goto fail;
        sqlite3_bind_text(st, 1, peer->uid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 2, peer->ik_hash, MSG_HASH_BYTES, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_finalize(st);
        known = 0;
    }
    if (!known) {
        rc = msg_db_prepare(ctx, &st, "INSERT INTO contacts(ik_hash, uid, name, idrec, spkrec, spk_id,"
                                      " pinned_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        if (rc != MSG_OK) goto fail;
        sqlite3_bind_blob(st, 1, peer->ik_hash, MSG_HASH_BYTES, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, peer->uid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, b.name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 4, b.idrec, (int)b.idrec_len, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 5, b.spkrec, MSG_SPKREC_BYTES, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 6, spk.id);
        sqlite3_bind_int64(st, 7, (int64_t)now);
        info->is_new = 1;
    } else {
        /* Same identity: keep the newer signed prekey. */
        rc = msg_db_prepare(ctx, &st, "UPDATE contacts SET spkrec = ?1, spk_id = ?2, name = ?3"
                                      " WHERE ik_hash = ?4 AND spk_id <= ?2");
        if (rc != MSG_OK) goto fail;
        sqlite3_bind_blob(st, 1, b.spkrec, MSG_SPKREC_BYTES, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, spk.id);
        sqlite3_bind_text(st, 3, b.name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 4, peer->ik_hash, MSG_HASH_BYTES, SQLITE_TRANSIENT);
        (void)old_spk;
    }
    rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
    sqlite3_finalize(st);
    if (rc != MSG_OK) goto fail;
    for (unsigned i = 0; i < b.n_opk; i++) {
        const uint8_t *r = b.opkrec + (size_t)i * MSG_OPKREC_BYTES;
        /* An OPK we already used stays used: re-importing an old bundle must
         * not bring it back (the owner erased its secret; a message to it
         * would be refused as a replay). */
        if ((rc = msg_db_prepare(ctx, &st, "INSERT OR IGNORE INTO contact_opk(ik_hash, opk_id, record)"
                                           " SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM"
                                           " contact_opk_used WHERE ik_hash = ?1 AND opk_id = ?2)")) != MSG_OK)
            goto fail;
        sqlite3_bind_blob(st, 1, peer->ik_hash, MSG_HASH_BYTES, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, msg_rd32(r + 40));
        sqlite3_bind_blob(st, 3, r, MSG_OPKREC_BYTES, SQLITE_TRANSIENT);
        rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
        info->opks_added += (unsigned)sqlite3_changes(ctx->db);
        sqlite3_finalize(st);
        if (rc != MSG_OK) goto fail;
    }
    if ((rc = msg_db_commit(ctx)) != MSG_OK) goto out;
    snprintf(info->uid, sizeof info->uid, "%s", peer->uid);
    snprintf(info->name, sizeof info->name, "%s", b.name);
    msg_safety_number(info->safety, me->ik_hash, peer->ik_hash);
    info->spk_id = spk.id;
    msg_log(MSG_LOG_INFO, "imported %s (%s), spk %u, %u one-time prekeys", peer->uid,
            info->is_new ? "new, pinned" : "known", spk.id, info->opks_added);
    goto out;
fail:
    msg_db_rollback(ctx);
    if (rc == MSG_ERR_KEY_CHANGED) count_reject(ctx, rc);
out:
    free(peer);
    if (me) msg_free_secret(me, sizeof *me);
    return rc;
}

/* Load a contact by uid or by ik_hash (one of them NULL). */
static int load_contact(msg_ctx *ctx, const char *uid, const uint8_t *ik, msg_peer *p,
                        uint8_t spkrec[MSG_SPKREC_BYTES], uint64_t *send_ctr, uint64_t *recv_max)
{
    sqlite3_stmt *st;
    int rc = MSG_ERR_ARG;
    memset(p, 0, sizeof *p);
    if (msg_db_prepare(ctx, &st, uid ? "SELECT idrec, spkrec, send_counter, recv_max_counter"
                                       " FROM contacts WHERE uid = ?1"
                                     : "SELECT idrec, spkrec, send_counter, recv_max_counter"
                                       " FROM contacts WHERE ik_hash = ?1") != MSG_OK)
        return MSG_ERR_STORE;
    if (uid) sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_blob(st, 1, ik, MSG_HASH_BYTES, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        /* Records were verified on import; the pinned identity is re-derived
         * from the stored record so ik_hash always matches the keys. */
        msg_idrec ir;
        if (msg_idrec_parse(&ir, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0)) != MSG_OK) {
            rc = MSG_ERR_STORE;
        } else {
            memcpy(p->uid, ir.uid, sizeof p->uid);
            p->created_ms = ir.created_ms;
            memcpy(p->mldsa_pk, ir.mldsa_pk, MLDSA65_PUBLICKEYBYTES);
            memcpy(p->fndsa_pk, ir.fndsa_pk, FNDSA512_PUBLICKEYBYTES);
            msg_ik_hash(p->ik_hash, p->mldsa_pk, p->fndsa_pk);
            rc = spkrec ? col_blob(st, 1, spkrec, MSG_SPKREC_BYTES) : MSG_OK;
            if (send_ctr) *send_ctr = (uint64_t)sqlite3_column_int64(st, 2);
            if (recv_max) *recv_max = (uint64_t)sqlite3_column_int64(st, 3);
        }
    }
    sqlite3_finalize(st);
    return rc;
}

int msg_user_knows(msg_ctx *ctx, const uint8_t ik_hash[MSG_HASH_BYTES])
{
    msg_peer *p = malloc(sizeof *p);
    int known = p != NULL && load_contact(ctx, NULL, ik_hash, p, NULL, NULL, NULL) == MSG_OK;
    free(p);
    return known;
}

static int store_history(msg_ctx *ctx, const char *dir, const msg_peer *peer, const uint8_t *msg_id,
                         uint64_t counter, uint64_t ts, uint8_t ctype, const uint8_t *body, size_t blen)
{
    sqlite3_stmt *st;
    if (msg_db_prepare(ctx, &st, "INSERT INTO messages(dir, peer_ik, peer_uid, msg_id, counter, ts,"
                                 " ctype, body, stored_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)") != MSG_OK)
        return MSG_ERR_STORE;
    sqlite3_bind_text(st, 1, dir, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, peer->ik_hash, MSG_HASH_BYTES, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, peer->uid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 4, msg_id, MSG_ID_BYTES, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, (int64_t)counter);
    sqlite3_bind_int64(st, 6, (int64_t)ts);
    sqlite3_bind_int(st, 7, ctype);
    sqlite3_bind_blob(st, 8, blen ? (const void *)body : "", (int)blen, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 9, (int64_t)now_ms(ctx));
    int rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
    sqlite3_finalize(st);
    return rc;
}

/* ---- seal (PROTOCOL.md 6, steps 1-5) ------------------------------------- */
int msg_user_seal(msg_ctx *ctx, const char *recipient_uid, uint8_t content_type,
                  const uint8_t *body, size_t body_len, uint8_t **env, size_t *envlen)
{
    *env = NULL;
    *envlen = 0;
    msg_identity *me = malloc(sizeof *me);
    msg_peer *peer = malloc(sizeof *peer);
    msg_recipient *r = malloc(sizeof *r);
    uint8_t *spkrec = malloc(MSG_SPKREC_BYTES);
    uint64_t ctr = 0;
    int rc = (me && peer && r && spkrec) ? MSG_OK : MSG_ERR_NOMEM;
    if (rc != MSG_OK) goto out;
    if (body_len > MSG_MAX_BODY) {
        rc = MSG_ERR_TOO_LARGE;
        goto out;
    }
    if ((rc = msg_user_identity(ctx, me)) != MSG_OK) goto out;
    if ((rc = msg_db_begin(ctx)) != MSG_OK) goto out;
    if ((rc = load_contact(ctx, recipient_uid, NULL, peer, spkrec, &ctr, NULL)) != MSG_OK) {
        if (rc == MSG_ERR_ARG && strcmp(recipient_uid, me->uid) == 0)
            msg_log(MSG_LOG_ERROR, "'%s' is you: sealing to yourself is not supported", recipient_uid);
        else if (rc == MSG_ERR_ARG)
            msg_log(MSG_LOG_ERROR, "unknown contact '%s' (import their bundle)", recipient_uid);
        goto fail;
    }
    msg_pkrec spk;
    uint64_t now = now_ms(ctx);
    if (msg_spkrec_parse(&spk, spkrec, MSG_SPKREC_BYTES) != MSG_OK) {
        rc = MSG_ERR_STORE;
        goto fail;
    }
    if (!(spk.not_before_ms <= now + 1000ull * ctx->cfg.skew_s && now < spk.not_after_ms)) {
        msg_log(MSG_LOG_ERROR, "the signed prekey of '%s' has expired: import a fresh bundle", peer->uid);
        rc = MSG_ERR_BUNDLE;
        goto fail;
    }
    memset(r, 0, sizeof *r);
    memcpy(r->ik_hash, peer->ik_hash, MSG_HASH_BYTES);
    r->spk_id = spk.id;
    memcpy(r->spk_ek, spk.ek, MLKEM768_PUBLICKEYBYTES);
    /* Consume one of the contact's one-time prekeys, if any remain. */
    sqlite3_stmt *st;
    if ((rc = msg_db_prepare(ctx, &st, "SELECT opk_id, record FROM contact_opk WHERE ik_hash = ?1"
                                       " ORDER BY opk_id LIMIT 1")) != MSG_OK)
        goto fail;
    sqlite3_bind_blob(st, 1, peer->ik_hash, MSG_HASH_BYTES, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        msg_pkrec opk;
        if (msg_opkrec_parse(&opk, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1)) == MSG_OK) {
            r->has_opk = 1;
            r->opk_id = opk.id;
            memcpy(r->opk_ek, opk.ek, MLKEM768_PUBLICKEYBYTES);
        }
    }
    sqlite3_finalize(st);
    if (r->has_opk) {
        if ((rc = msg_db_prepare(ctx, &st, "DELETE FROM contact_opk WHERE ik_hash = ?1 AND opk_id = ?2")) != MSG_OK)
            goto fail;
        sqlite3_bind_blob(st, 1, peer->ik_hash, MSG_HASH_BYTES, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, r->opk_id);
        rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
        sqlite3_finalize(st);
        if (rc != MSG_OK) goto fail;
        if ((rc = msg_db_prepare(ctx, &st, "INSERT OR IGNORE INTO contact_opk_used(ik_hash, opk_id)"
                                           " VALUES (?1, ?2)")) != MSG_OK)
            goto fail;
        sqlite3_bind_blob(st, 1, peer->ik_hash, MSG_HASH_BYTES, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, r->opk_id);
        rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
        sqlite3_finalize(st);
        if (rc != MSG_OK) goto fail;
    }
    ctr++;
    if ((rc = msg_db_prepare(ctx, &st, "UPDATE contacts SET send_counter = ?1 WHERE ik_hash = ?2")) != MSG_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, (int64_t)ctr);
    sqlite3_bind_blob(st, 2, peer->ik_hash, MSG_HASH_BYTES, SQLITE_TRANSIENT);
    rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
    sqlite3_finalize(st);
    if (rc != MSG_OK) goto fail;
    if ((rc = msg_seal(env, envlen, me, r, ctr, now, content_type, body, body_len, NULL)) != MSG_OK)
        goto fail;
    if ((rc = store_history(ctx, "out", peer, *env + 80, ctr, now, content_type, body, body_len)) != MSG_OK ||
        (rc = msg_db_count(ctx, "sent", 1)) != MSG_OK || (rc = msg_db_commit(ctx)) != MSG_OK) {
        free(*env);
        *env = NULL;
        *envlen = 0;
        goto fail;
    }
    char lid[9];
    msg_log_id(lid, *env + 80, MSG_ID_BYTES);
    msg_log(MSG_LOG_INFO, "sealed message %s to %s: %zu bytes, counter %llu, %s", lid, peer->uid,
            *envlen, (unsigned long long)ctr, r->has_opk ? "one-time prekey" : "signed prekey only");
    goto out;
fail:
    msg_db_rollback(ctx);
out:
    if (me) msg_free_secret(me, sizeof *me);
    free(peer);
    free(r);
    free(spkrec);
    return rc;
}

/* ---- open (PROTOCOL.md 7) -------------------------------------------------- */
void msg_received_free(msg_received *r) { msg_plaintext_free(&r->pt); }

/* Fetch a prekey seed; MSG_ERR_EXPIRED / MSG_ERR_REPLAY when it is gone. */
static int load_seed(msg_ctx *ctx, int spk, uint32_t kid, uint8_t seed[MSG_PREKEY_SEED_BYTES])
{
    sqlite3_stmt *st;
    int rc = spk ? MSG_ERR_EXPIRED : MSG_ERR_REPLAY;
    if (msg_db_prepare(ctx, &st, spk ? "SELECT seed FROM spk WHERE spk_id = ?1"
                                     : "SELECT seed FROM opk WHERE opk_id = ?1 AND published = 1") != MSG_OK)
        return MSG_ERR_STORE;
    sqlite3_bind_int64(st, 1, kid);
    if (sqlite3_step(st) == SQLITE_ROW) rc = col_blob(st, 0, seed, MSG_PREKEY_SEED_BYTES);
    sqlite3_finalize(st);
    return rc;
}

static int open_in_tx(msg_ctx *ctx, const msg_envelope *e, const msg_identity *me, msg_received *out)
{
    msg_peer *peer = malloc(sizeof *peer);
    uint8_t spk_seed[MSG_PREKEY_SEED_BYTES], opk_seed[MSG_PREKEY_SEED_BYTES];
    uint64_t recv_max = 0;
    sqlite3_stmt *st;
    int rc;
    if (peer == NULL) return MSG_ERR_NOMEM;

    /* Step 2: for us, from a pinned contact. */
    if (memcmp(e->recipient_ik, me->ik_hash, MSG_HASH_BYTES) != 0) {
        rc = MSG_ERR_NOT_FOR_US;
        goto out;
    }
    if ((rc = load_contact(ctx, NULL, e->sender_ik, peer, NULL, NULL, &recv_max)) != MSG_OK) {
        if (rc == MSG_ERR_ARG) rc = MSG_ERR_UNKNOWN_SENDER;
        goto out;
    }
    /* Step 3: freshness window, seen msg_id, seen counter. */
    uint64_t now = now_ms(ctx);
    uint64_t ret_ms = 86400000ull * ctx->cfg.retention_days, skew_ms = 1000ull * ctx->cfg.skew_s;
    if (e->timestamp_ms + ret_ms < now || e->timestamp_ms > now + skew_ms ||
        e->timestamp_ms <= (uint64_t)msg_db_counter(ctx, "seen.horizon")) {
        rc = MSG_ERR_STALE;
        goto out;
    }
    if ((rc = msg_db_prepare(ctx, &st, "SELECT count(*) FROM seen WHERE sender_ik = ?1"
                                       " AND (msg_id = ?2 OR counter = ?3)")) != MSG_OK)
        goto out;
    sqlite3_bind_blob(st, 1, e->sender_ik, MSG_HASH_BYTES, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 2, e->msg_id, MSG_ID_BYTES, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, (int64_t)e->counter);
    int seen = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
    sqlite3_finalize(st);
    if (seen) {
        rc = MSG_ERR_REPLAY;
        goto out;
    }
    /* Step 4: both signatures, under the pinned keys. */
    if ((rc = msg_envelope_verify(e, peer)) != MSG_OK) goto out;
    /* Step 5: the prekey secrets. */
    if ((rc = load_seed(ctx, 1, e->spk_id, spk_seed)) != MSG_OK) goto out;
    if (e->ct_opk && (rc = load_seed(ctx, 0, e->opk_id, opk_seed)) != MSG_OK) goto out;
    /* Steps 6-8. */
    if ((rc = msg_open_decrypt(&out->pt, e, spk_seed, e->ct_opk ? opk_seed : NULL)) != MSG_OK) goto out;

    /* Step 9, in this transaction: seen-cache, counter, OPK erasure,
     * history, counters. The caller commits; a crash before that changes
     * nothing, and after it the envelope is a replay. */
    fault(1);
    if ((rc = msg_db_prepare(ctx, &st, "INSERT INTO seen(sender_ik, msg_id, counter, ts)"
                                       " VALUES (?1, ?2, ?3, ?4)")) != MSG_OK)
        goto out;
    sqlite3_bind_blob(st, 1, e->sender_ik, MSG_HASH_BYTES, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 2, e->msg_id, MSG_ID_BYTES, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, (int64_t)e->counter);
    sqlite3_bind_int64(st, 4, (int64_t)e->timestamp_ms);
    rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_REPLAY;
    sqlite3_finalize(st);
    if (rc != MSG_OK) goto out;
    fault(2);
    if (e->counter > recv_max) {
        if ((rc = msg_db_prepare(ctx, &st, "UPDATE contacts SET recv_max_counter = ?1 WHERE ik_hash = ?2")) != MSG_OK)
            goto out;
        sqlite3_bind_int64(st, 1, (int64_t)e->counter);
        sqlite3_bind_blob(st, 2, e->sender_ik, MSG_HASH_BYTES, SQLITE_TRANSIENT);
        rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
        sqlite3_finalize(st);
        if (rc != MSG_OK) goto out;
    }
    fault(3);
    if (e->ct_opk) {
        if ((rc = msg_db_prepare(ctx, &st, "DELETE FROM opk WHERE opk_id = ?1")) != MSG_OK) goto out;
        sqlite3_bind_int64(st, 1, e->opk_id);
        rc = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(ctx->db) == 1 ? MSG_OK : MSG_ERR_REPLAY;
        sqlite3_finalize(st);
        if (rc != MSG_OK) goto out;
    }
    fault(4);
    if ((rc = store_history(ctx, "in", peer, e->msg_id, e->counter, e->timestamp_ms, out->pt.content_type,
                            out->pt.body, out->pt.body_len)) != MSG_OK)
        goto out;
    fault(5);
    if ((rc = msg_db_count(ctx, "received", 1)) != MSG_OK) goto out;
    fault(6);
    memcpy(out->sender_uid, peer->uid, sizeof out->sender_uid);
    msg_safety_number(out->safety, me->ik_hash, peer->ik_hash);
    out->timestamp_ms = e->timestamp_ms;
    out->counter = e->counter;
    out->counter_gap = e->counter > recv_max + 1 ? e->counter - recv_max - 1 : 0;
    out->used_opk = e->ct_opk != NULL;
out:
    msg_wipe(spk_seed, sizeof spk_seed);
    msg_wipe(opk_seed, sizeof opk_seed);
    free(peer);
    if (rc != MSG_OK) msg_plaintext_free(&out->pt);
    return rc;
}

int msg_user_open(msg_ctx *ctx, const uint8_t *env, size_t len, msg_received *out)
{
    msg_envelope e;
    memset(out, 0, sizeof *out);
    msg_identity *me = malloc(sizeof *me);
    int rc = me ? msg_user_identity(ctx, me) : MSG_ERR_NOMEM;
    if (rc != MSG_OK) goto out;
    /* Step 1: strict parse. */
    if ((rc = msg_envelope_parse(&e, env, len)) != MSG_OK) goto reject;
    if ((rc = msg_db_begin(ctx)) != MSG_OK) goto out;
    rc = open_in_tx(ctx, &e, me, out);
    if (rc == MSG_OK) {
        rc = msg_db_commit(ctx);
        fault(7);
        if (rc != MSG_OK) {
            msg_db_rollback(ctx);
            msg_received_free(out);
            goto out;
        }
        if (e.ct_opk) msg_db_checkpoint(ctx); /* flush the erased OPK out of the WAL */
        char lid[9];
        msg_log_id(lid, e.msg_id, MSG_ID_BYTES);
        msg_log(MSG_LOG_INFO, "opened message %s from %s: %zu bytes", lid, out->sender_uid, len);
        goto out;
    }
    msg_db_rollback(ctx);
reject:
    if (rc != MSG_ERR_STORE && rc != MSG_ERR_NOMEM) {
        char lid[9] = "-";
        if (len >= 96) msg_log_id(lid, env + 80, MSG_ID_BYTES);
        msg_log(MSG_LOG_WARN, "rejected envelope %s (%zu bytes): %s", lid, len, msg_reason(rc));
        count_reject(ctx, rc);
    }
out:
    if (me) msg_free_secret(me, sizeof *me);
    return rc;
}

/* ---- status and history ---------------------------------------------------- */
static unsigned count_rows(msg_ctx *ctx, const char *sql)
{
    sqlite3_stmt *st;
    unsigned n = 0;
    if (msg_db_prepare(ctx, &st, sql) != MSG_OK) return 0;
    if (sqlite3_step(st) == SQLITE_ROW) n = (unsigned)sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

int msg_user_status(msg_ctx *ctx, msg_status_info *s)
{
    sqlite3_stmt *st;
    memset(s, 0, sizeof *s);
    if (msg_db_prepare(ctx, &st, "SELECT uid, name, ik_hash FROM identity WHERE id = 1") != MSG_OK)
        return MSG_ERR_STORE;
    int rc = MSG_ERR_ARG;
    if (sqlite3_step(st) == SQLITE_ROW) {
        col_text(st, 0, s->uid, sizeof s->uid);
        col_text(st, 1, s->name, sizeof s->name);
        rc = col_blob(st, 2, s->ik_hash, MSG_HASH_BYTES);
    }
    sqlite3_finalize(st);
    if (rc != MSG_OK) return rc;
    if (msg_db_prepare(ctx, &st, "SELECT spk_id, not_before, not_after FROM spk ORDER BY spk_id DESC LIMIT 1") != MSG_OK)
        return MSG_ERR_STORE;
    if (sqlite3_step(st) == SQLITE_ROW) {
        uint64_t now = now_ms(ctx), nb = (uint64_t)sqlite3_column_int64(st, 1);
        s->spk_id = (uint32_t)sqlite3_column_int64(st, 0);
        s->spk_age_s = now > nb ? (now - nb) / 1000 : 0;
        s->spk_not_after_ms = (uint64_t)sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    s->spk_secrets = count_rows(ctx, "SELECT count(*) FROM spk");
    s->opk_secrets = count_rows(ctx, "SELECT count(*) FROM opk");
    s->opk_unpublished = count_rows(ctx, "SELECT count(*) FROM opk WHERE published = 0");
    s->contacts = count_rows(ctx, "SELECT count(*) FROM contacts");
    s->messages = count_rows(ctx, "SELECT count(*) FROM messages");
    s->sent = (uint64_t)msg_db_counter(ctx, "sent");
    s->received = (uint64_t)msg_db_counter(ctx, "received");
    for (int i = 1; i < MSG_NREASONS; i++) {
        char name[48];
        snprintf(name, sizeof name, "rejected.%s", msg_reason(-i));
        s->rejected[i] = (uint64_t)msg_db_counter(ctx, name);
    }
    return MSG_OK;
}

int msg_user_history(msg_ctx *ctx, const char *contact, msg_history_cb cb, void *arg)
{
    sqlite3_stmt *st;
    if (contact) {
        /* A contact we never pinned and never talked to is an error, not an
         * empty history (a typo would otherwise look like "no messages"). */
        if (msg_db_prepare(ctx, &st, "SELECT 1 FROM contacts WHERE uid = ?1 UNION ALL"
                                     " SELECT 1 FROM messages WHERE peer_uid = ?1 LIMIT 1") != MSG_OK)
            return MSG_ERR_STORE;
        sqlite3_bind_text(st, 1, contact, -1, SQLITE_TRANSIENT);
        int found = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
        if (!found) {
            msg_log(MSG_LOG_ERROR, "unknown contact '%s'", contact);
            return MSG_ERR_ARG;
        }
    }
    if (msg_db_prepare(ctx, &st, contact ? "SELECT dir, peer_uid, ts, counter, ctype, body FROM messages"
                                           " WHERE peer_uid = ?1 ORDER BY id"
                                         : "SELECT dir, peer_uid, ts, counter, ctype, body FROM messages"
                                           " ORDER BY id") != MSG_OK)
        return MSG_ERR_STORE;
    if (contact) sqlite3_bind_text(st, 1, contact, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW)
        cb(arg, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
           (uint64_t)sqlite3_column_int64(st, 2), (uint64_t)sqlite3_column_int64(st, 3),
           (uint8_t)sqlite3_column_int(st, 4), sqlite3_column_blob(st, 5),
           (size_t)sqlite3_column_bytes(st, 5));
    sqlite3_finalize(st);
    return MSG_OK;
}

/* ---- for session_client.c (store.h) ------------------------------------- */
void msg_client_fault(int step) { fault(step); }
int msg_client_count_reject(msg_ctx *ctx, int reason) { return count_reject(ctx, reason); }
int msg_client_load_contact(msg_ctx *ctx, const char *uid, const uint8_t *ik, msg_peer *p,
                            uint8_t spkrec[MSG_SPKREC_BYTES])
{
    return load_contact(ctx, uid, ik, p, spkrec, NULL, NULL);
}
int msg_client_store_history(msg_ctx *ctx, const char *dir, const msg_peer *peer, const uint8_t *msg_id,
                             uint64_t counter, uint64_t ts, uint8_t ctype, const uint8_t *body, size_t blen)
{
    return store_history(ctx, dir, peer, msg_id, counter, ts, ctype, body, blen);
}
int msg_client_load_seed(msg_ctx *ctx, int spk, uint32_t kid, uint8_t seed[MSG_PREKEY_SEED_BYTES])
{
    return load_seed(ctx, spk, kid, seed);
}
