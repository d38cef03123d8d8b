/*
 * relay_core.c -- the relay's REST API (msg/PROTOCOL.md 14) on SQLite.
 * Nothing secret is stored. Every upload is verified; clients still verify
 * everything themselves. Errors: 400 malformed, 401, 403, 404, 409
 * duplicate, 413 too large -- with no detail that could serve as an oracle.
 */
#define _POSIX_C_SOURCE 200809L
#include "relay.h"
#include "session.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sha3/sha3.h"
#include "internal.h"

#define MAX_TOKENS 256
#define NONCE_TTL_MS 60000ull
#define TOKEN_TTL_MS 600000ull

typedef struct {
    char id[MSG_UID_MAX + 1];
    uint8_t secret[32];    /* nonce (challenge) or token */
    uint64_t expires_ms;
    int is_token;
} relay_cred;

struct msg_relay {
    sqlite3 *db;
    msg_config cfg;
    char server_name[128];
    uint64_t now_override;
    relay_cred creds[MAX_TOKENS];
    uint64_t n_req, n_stored, n_reject[8];
    uint64_t size_hist[5]; /* stored envelopes by size: <=6 KiB, 8, 16, 64, more */
};
static const size_t size_bounds[4] = {6144, 8192, 16384, 65536};

enum { R_MALFORMED, R_AUTH, R_FORBIDDEN, R_NOTFOUND, R_DUP, R_TOOBIG, R_SIG, R_STALE };
static const char *const reject_names[8] = {"malformed", "unauthenticated", "forbidden", "not_found",
                                            "duplicate", "too_large", "signature", "stale"};

/* ---- base64 (RFC 4648, section 4) ----------------------------------------- */
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *msg_b64_encode(const uint8_t *p, size_t n)
{
    char *s = malloc(4 * ((n + 2) / 3) + 1), *o = s;
    if (s == NULL) return NULL;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        *o++ = b64[v >> 18 & 63];
        *o++ = b64[v >> 12 & 63];
        *o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
        *o++ = i + 2 < n ? b64[v & 63] : '=';
    }
    *o = '\0';
    return s;
}

static int b64val(char c)
{
    const char *p = c ? strchr(b64, c) : NULL;
    return p ? (int)(p - b64) : -1;
}

long msg_b64_decode(uint8_t *out, size_t cap, const char *s)
{
    size_t n = strlen(s), o = 0;
    if (n % 4 != 0) return -1;
    for (size_t i = 0; i < n; i += 4) {
        int v[4], pad = 0;
        for (int k = 0; k < 4; k++) {
            if (s[i + k] == '=' && i + 4 == n && k >= 2) {
                v[k] = 0;
                pad++;
            } else {
                if (pad) return -1;
                v[k] = b64val(s[i + k]);
                if (v[k] < 0) return -1;
            }
        }
        if (pad == 2 && s[i + 3] != '=') return -1;
        uint32_t x = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
        /* Canonical: unused bits of the last group must be zero. */
        if ((pad == 1 && (x & 0xff)) || (pad == 2 && (x & 0xffff))) return -1;
        size_t k = 3 - (size_t)pad;
        if (o + k > cap) return -1;
        out[o++] = (uint8_t)(x >> 16);
        if (k > 1) out[o++] = (uint8_t)(x >> 8);
        if (k > 2) out[o++] = (uint8_t)x;
    }
    return (long)o;
}

/* ---- helpers ---------------------------------------------------------------- */
static uint64_t rnow(msg_relay *r) { return r->now_override ? r->now_override : msg_now_ms(); }
void msg_relay_set_now(msg_relay *r, uint64_t now_ms) { r->now_override = now_ms; }

static int reply(char **resp, const char **ctype, int status, json_t *j)
{
    *ctype = "application/json";
    *resp = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return status;
}

static int err(msg_relay *r, char **resp, const char **ctype, int status, int reason)
{
    static const char *const text[] = {[400] = "malformed", [401] = "unauthorized", [403] = "forbidden",
                                       [404] = "not found", [409] = "duplicate", [413] = "too large"};
    r->n_reject[reason]++;
    msg_log(MSG_LOG_INFO, "relay: %d (%s)", status, reject_names[reason]);
    return reply(resp, ctype, status, json_pack("{s:s}", "error", text[status] ? text[status] : "error"));
}

/* Decode a base64 string member into a malloc'd buffer of at most cap bytes. */
static uint8_t *j_b64(json_t *o, const char *key, size_t cap, size_t *len)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (s == NULL || strlen(s) > 4 * ((cap + 2) / 3)) return NULL;
    uint8_t *b = malloc(cap ? cap : 1);
    long n = b ? msg_b64_decode(b, cap, s) : -1;
    if (n < 0) {
        free(b);
        return NULL;
    }
    *len = (size_t)n;
    return b;
}

/* The registered identity of a user id. */
static int load_user(msg_relay *r, const char *id, msg_peer *p, uint8_t **idrec, size_t *idlen)
{
    sqlite3_stmt *st;
    int ok = 0;
    if (sqlite3_prepare_v2(r->db, "SELECT idrec FROM users WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) return 0;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const uint8_t *b = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        msg_idrec ir;
        if (msg_idrec_parse(&ir, b, n) == MSG_OK) {
            memcpy(p->uid, ir.uid, sizeof p->uid);
            memcpy(p->mldsa_pk, ir.mldsa_pk, MLDSA65_PUBLICKEYBYTES);
            memcpy(p->fndsa_pk, ir.fndsa_pk, FNDSA512_PUBLICKEYBYTES);
            msg_ik_hash(p->ik_hash, p->mldsa_pk, p->fndsa_pk);
            if (idrec) {
                *idrec = malloc(n);
                if (*idrec) memcpy(*idrec, b, n);
                *idlen = n;
            }
            ok = 1;
        }
    }
    sqlite3_finalize(st);
    return ok;
}

static const char *authed(msg_relay *r, const char *bearer)
{
    uint8_t tok[32];
    if (bearer == NULL || strlen(bearer) != 64) return NULL;
    for (int i = 0; i < 32; i++) {
        unsigned v;
        if (sscanf(bearer + 2 * i, "%2x", &v) != 1) return NULL;
        tok[i] = (uint8_t)v;
    }
    uint64_t now = rnow(r);
    for (int i = 0; i < MAX_TOKENS; i++) {
        relay_cred *c = &r->creds[i];
        if (c->is_token && c->expires_ms > now && msg_ct_equal(c->secret, tok, 32)) return c->id;
    }
    return NULL;
}

static relay_cred *cred_slot(msg_relay *r)
{
    uint64_t now = rnow(r);
    relay_cred *oldest = &r->creds[0];
    for (int i = 0; i < MAX_TOKENS; i++) {
        if (r->creds[i].expires_ms <= now) return &r->creds[i];
        if (r->creds[i].expires_ms < oldest->expires_ms) oldest = &r->creds[i];
    }
    return oldest;
}

static char *hex(const uint8_t *p, size_t n)
{
    char *s = malloc(2 * n + 1);
    for (size_t i = 0; s && i < n; i++) snprintf(s + 2 * i, 3, "%02x", p[i]);
    return s;
}

/* ---- endpoints -------------------------------------------------------------- */
static int post_users(msg_relay *r, json_t *in, char **resp, const char **ct)
{
    const char *id = json_string_value(json_object_get(in, "id"));
    const char *name = json_string_value(json_object_get(in, "name"));
    size_t n;
    uint8_t *rec = j_b64(in, "identity_record", MSG_IDREC_MAX, &n);
    msg_peer p;
    int st = 400, reason = R_MALFORMED;
    if (id == NULL || rec == NULL || !msg_uid_valid(id)) goto out;
    if (msg_identity_record_verify(&p, rec, n) != MSG_OK) {
        reason = R_SIG;
        goto out;
    }
    if (strcmp(p.uid, id) != 0) goto out;
    sqlite3_stmt *s;
    sqlite3_prepare_v2(r->db, "INSERT INTO users(id, name, ik_hash, idrec) VALUES (?1, ?2, ?3, ?4)", -1, &s, NULL);
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, name ? name : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 3, p.ik_hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 4, rec, (int)n, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        st = 409;
        reason = R_DUP;
        goto out;
    }
    free(rec);
    char *h = hex(p.ik_hash, 32);
    st = reply(resp, ct, 201, json_pack("{s:s}", "ik_hash", h));
    free(h);
    return st;
out:
    free(rec);
    return err(r, resp, ct, st, reason);
}

static int post_challenge(msg_relay *r, json_t *in, char **resp, const char **ct)
{
    const char *id = json_string_value(json_object_get(in, "id"));
    msg_peer p;
    if (id == NULL || !msg_uid_valid(id)) return err(r, resp, ct, 400, R_MALFORMED);
    if (!load_user(r, id, &p, NULL, NULL)) return err(r, resp, ct, 404, R_NOTFOUND);
    relay_cred *c = cred_slot(r);
    memset(c, 0, sizeof *c);
    if (msg_random(c->secret, 32) != MSG_OK) return err(r, resp, ct, 400, R_MALFORMED);
    snprintf(c->id, sizeof c->id, "%s", id);
    c->expires_ms = rnow(r) + NONCE_TTL_MS;
    char *nb = msg_b64_encode(c->secret, 32);
    int st = reply(resp, ct, 200, json_pack("{s:s,s:s}", "nonce", nb, "server_name", r->server_name));
    free(nb);
    return st;
}

/* auth message: nonce || server_name || ik_hash || timestamp_ms (8, big-endian). */
static int post_token(msg_relay *r, json_t *in, char **resp, const char **ct)
{
    const char *id = json_string_value(json_object_get(in, "id"));
    json_t *tsj = json_object_get(in, "timestamp_ms");
    size_t sl = 0, nl = 0;
    uint8_t *sig = j_b64(in, "csig", MSG_CSIG_BYTES, &sl), *nonce = j_b64(in, "nonce", 32, &nl);
    msg_peer p;
    int st = 401, reason = R_AUTH;
    if (id == NULL || sig == NULL || nonce == NULL || sl != MSG_CSIG_BYTES || nl != 32 || !json_is_integer(tsj)) {
        st = 400;
        reason = R_MALFORMED;
        goto out;
    }
    uint64_t ts = (uint64_t)json_integer_value(tsj), now = rnow(r);
    if (!load_user(r, id, &p, NULL, NULL)) goto out;
    relay_cred *c = NULL;
    for (int i = 0; i < MAX_TOKENS; i++)
        if (!r->creds[i].is_token && r->creds[i].expires_ms > now && strcmp(r->creds[i].id, id) == 0 &&
            msg_ct_equal(r->creds[i].secret, nonce, 32))
            c = &r->creds[i];
    if (c == NULL || ts + 1000ull * r->cfg.skew_s < now || ts > now + 1000ull * r->cfg.skew_s) goto out;
    size_t snl = strlen(r->server_name);
    uint8_t *m = malloc(32 + snl + 32 + 8);
    memcpy(m, nonce, 32);
    memcpy(m + 32, r->server_name, snl);
    memcpy(m + 32 + snl, p.ik_hash, 32);
    msg_be64(m + 64 + snl, ts);
    int ok = msg_csig_verify(sig, "auth", m, 72 + snl, p.mldsa_pk, p.fndsa_pk) == MSG_OK;
    free(m);
    c->expires_ms = 0; /* a nonce is used once, whatever the outcome */
    if (!ok) goto out;
    relay_cred *t = cred_slot(r);
    memset(t, 0, sizeof *t);
    if (msg_random(t->secret, 32) != MSG_OK) goto out;
    snprintf(t->id, sizeof t->id, "%s", id);
    t->is_token = 1;
    t->expires_ms = now + TOKEN_TTL_MS;
    char *h = hex(t->secret, 32);
    st = reply(resp, ct, 200, json_pack("{s:s,s:I}", "token", h, "expires_ms", (json_int_t)t->expires_ms));
    free(h);
    free(sig);
    free(nonce);
    return st;
out:
    free(sig);
    free(nonce);
    return err(r, resp, ct, st, reason);
}

static int put_prekeys(msg_relay *r, const char *id, const char *who, json_t *in, char **resp, const char **ct)
{
    msg_peer p;
    if (who == NULL) return err(r, resp, ct, 401, R_AUTH);
    if (strcmp(who, id) != 0) return err(r, resp, ct, 403, R_FORBIDDEN);
    if (!load_user(r, id, &p, NULL, NULL)) return err(r, resp, ct, 404, R_NOTFOUND);
    json_t *opks = json_object_get(in, "opk_records");
    if (opks != NULL && (!json_is_array(opks) || json_array_size(opks) > MSG_BUNDLE_MAX_OPK))
        return err(r, resp, ct, 400, R_MALFORMED);
    size_t n;
    msg_pkrec pr;
    uint8_t *spk = NULL;
    int status = 400, reason = R_MALFORMED;
    if (json_object_get(in, "spk_record") != NULL) {
        spk = j_b64(in, "spk_record", MSG_SPKREC_BYTES, &n);
        if (spk == NULL) goto bad;
        int v = msg_prekey_record_verify(&pr, 1, spk, n, &p);
        if (v != MSG_OK) {
            reason = v == MSG_ERR_SIGNATURE ? R_SIG : R_MALFORMED;
            goto bad;
        }
        if (rnow(r) >= pr.not_after_ms) {
            reason = R_STALE;
            goto bad;
        }
    }
    for (size_t i = 0; opks && i < json_array_size(opks); i++) {
        const char *s = json_string_value(json_array_get(opks, i));
        uint8_t rec[MSG_OPKREC_BYTES + 3];
        long l = s ? msg_b64_decode(rec, sizeof rec, s) : -1;
        if (l != MSG_OPKREC_BYTES || msg_prekey_record_verify(&pr, 0, rec, (size_t)l, &p) != MSG_OK) goto bad;
    }
    sqlite3_exec(r->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    sqlite3_stmt *s;
    if (spk) {
        sqlite3_prepare_v2(r->db, "UPDATE users SET spkrec = ?1 WHERE id = ?2", -1, &s, NULL);
        sqlite3_bind_blob(s, 1, spk, MSG_SPKREC_BYTES, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, id, -1, SQLITE_TRANSIENT);
        sqlite3_step(s);
        sqlite3_finalize(s);
    }
    int added = 0;
    for (size_t i = 0; opks && i < json_array_size(opks); i++) {
        uint8_t rec[MSG_OPKREC_BYTES + 3];
        msg_b64_decode(rec, sizeof rec, json_string_value(json_array_get(opks, i)));
        sqlite3_prepare_v2(r->db, "INSERT OR IGNORE INTO opks(id, opk_id, rec) VALUES (?1, ?2, ?3)", -1, &s, NULL);
        sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, msg_rd32(rec + 40));
        sqlite3_bind_blob(s, 3, rec, MSG_OPKREC_BYTES, SQLITE_TRANSIENT);
        sqlite3_step(s);
        added += sqlite3_changes(r->db);
        sqlite3_finalize(s);
    }
    sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL);
    free(spk);
    /* The stock lets the client decide when to refill. */
    int stock = 0;
    sqlite3_prepare_v2(r->db, "SELECT count(*) FROM opks WHERE id = ?1", -1, &s, NULL);
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW) stock = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return reply(resp, ct, 200, json_pack("{s:i,s:i}", "opks_added", added, "opk_stock", stock));
bad:
    free(spk);
    return err(r, resp, ct, status, reason);
}

static int get_bundle(msg_relay *r, const char *id, const char *who, char **resp, const char **ct)
{
    msg_peer p;
    uint8_t *idrec = NULL;
    size_t idlen = 0;
    if (who == NULL) return err(r, resp, ct, 401, R_AUTH);
    if (!load_user(r, id, &p, &idrec, &idlen)) return err(r, resp, ct, 404, R_NOTFOUND);
    sqlite3_stmt *s;
    json_t *o = json_object();
    char *b = msg_b64_encode(idrec, idlen);
    json_object_set_new(o, "identity_record", json_string(b));
    free(b);
    free(idrec);
    sqlite3_exec(r->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    sqlite3_prepare_v2(r->db, "SELECT spkrec FROM users WHERE id = ?1", -1, &s, NULL);
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    int have_spk = 0;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) == MSG_SPKREC_BYTES) {
        b = msg_b64_encode(sqlite3_column_blob(s, 0), MSG_SPKREC_BYTES);
        json_object_set_new(o, "spk_record", json_string(b));
        free(b);
        have_spk = 1;
    }
    sqlite3_finalize(s);
    /* Each OPK is served at most once, then deleted. */
    sqlite3_prepare_v2(r->db, "SELECT opk_id, rec FROM opks WHERE id = ?1 ORDER BY opk_id LIMIT 1", -1, &s, NULL);
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    int64_t opk_id = -1;
    if (sqlite3_step(s) == SQLITE_ROW) {
        b = msg_b64_encode(sqlite3_column_blob(s, 1), MSG_OPKREC_BYTES);
        json_object_set_new(o, "opk_record", json_string(b));
        free(b);
        opk_id = sqlite3_column_int64(s, 0);
    } else {
        json_object_set_new(o, "opk_record", json_null());
    }
    sqlite3_finalize(s);
    if (opk_id >= 0) {
        sqlite3_prepare_v2(r->db, "DELETE FROM opks WHERE id = ?1 AND opk_id = ?2", -1, &s, NULL);
        sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, opk_id);
        sqlite3_step(s);
        sqlite3_finalize(s);
    }
    sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL);
    if (!have_spk) {
        json_decref(o);
        return err(r, resp, ct, 404, R_NOTFOUND);
    }
    return reply(resp, ct, 200, o);
}

static int post_message(msg_relay *r, const char *who, json_t *in, char **resp, const char **ct)
{
    const char *sid = json_string_value(json_object_get(in, "sender_id"));
    const char *rid = json_string_value(json_object_get(in, "recipient_id"));
    const char *c = json_string_value(json_object_get(in, "content"));
    if (who == NULL) return err(r, resp, ct, 401, R_AUTH);
    if (sid == NULL || rid == NULL || c == NULL) return err(r, resp, ct, 400, R_MALFORMED);
    if (strlen(c) > 4 * ((MSG_ANY_ENV_MAX + 2) / 3)) return err(r, resp, ct, 413, R_TOOBIG);
    if (strcmp(who, sid) != 0) return err(r, resp, ct, 403, R_FORBIDDEN);
    msg_peer sp, rp;
    if (!load_user(r, sid, &sp, NULL, NULL) || !load_user(r, rid, &rp, NULL, NULL))
        return err(r, resp, ct, 404, R_NOTFOUND);
    uint8_t *env = malloc(MSG_ANY_ENV_MAX + 3);
    long n = env ? msg_b64_decode(env, MSG_ANY_ENV_MAX + 3, c) : -1;
    msg_upload_info e; /* v1 envelope or v2 session message (session.h) */
    int st = 400, reason = R_MALFORMED;
    if (n < 0 || msg_upload_check(&e, env, (size_t)n, NULL) != MSG_OK) goto bad;
    /* The ids must be the ones bound to the envelope's identity hashes. */
    if (memcmp(e.sender_ik, sp.ik_hash, 32) != 0 || memcmp(e.recipient_ik, rp.ik_hash, 32) != 0) {
        st = 403;
        reason = R_FORBIDDEN;
        goto bad;
    }
    uint64_t now = rnow(r), skew = 1000ull * r->cfg.skew_s;
    if (e.timestamp_ms + skew < now || e.timestamp_ms > now + skew) {
        reason = R_STALE;
        goto bad;
    }
    if (msg_upload_check(&e, env, (size_t)n, &sp) != MSG_OK) {
        reason = R_SIG;
        goto bad;
    }
    sqlite3_stmt *s;
    sqlite3_prepare_v2(r->db, "INSERT INTO messages(recipient, sender_ik, msg_id, env, received_ms, sender_id)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &s, NULL);
    sqlite3_bind_text(s, 6, sid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 1, rid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 2, e.sender_ik, 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 3, e.msg_id, 16, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 4, env, (int)n, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 5, (int64_t)now);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        st = 409;
        reason = R_DUP;
        goto bad;
    }
    free(env);
    r->n_stored++;
    {
        int b = 0;
        while (b < 4 && (size_t)n > size_bounds[b]) b++;
        r->size_hist[b]++;
    }
    return reply(resp, ct, 201, json_pack("{s:I}", "message_index", (json_int_t)sqlite3_last_insert_rowid(r->db)));
bad:
    free(env);
    return err(r, resp, ct, st, reason);
}

static int messages(msg_relay *r, const char *method, const char *rid, const char *idx, const char *who,
                    char **resp, const char **ct)
{
    if (who == NULL) return err(r, resp, ct, 401, R_AUTH);
    if (strcmp(who, rid) != 0) return err(r, resp, ct, 403, R_FORBIDDEN);
    sqlite3_stmt *s;
    if (idx == NULL) {
        if (strcmp(method, "GET") != 0) return err(r, resp, ct, 400, R_MALFORMED);
        json_t *a = json_array();
        sqlite3_prepare_v2(r->db, "SELECT idx FROM messages WHERE recipient = ?1 ORDER BY idx", -1, &s, NULL);
        sqlite3_bind_text(s, 1, rid, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(s) == SQLITE_ROW) json_array_append_new(a, json_integer(sqlite3_column_int64(s, 0)));
        sqlite3_finalize(s);
        return reply(resp, ct, 200, json_pack("{s:o}", "message_indexes", a));
    }
    char *end;
    long long k = strtoll(idx, &end, 10);
    if (*idx == '\0' || *end != '\0' || k <= 0) return err(r, resp, ct, 400, R_MALFORMED);
    if (strcmp(method, "DELETE") == 0) {
        sqlite3_prepare_v2(r->db, "DELETE FROM messages WHERE recipient = ?1 AND idx = ?2", -1, &s, NULL);
        sqlite3_bind_text(s, 1, rid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, k);
        sqlite3_step(s);
        int ch = sqlite3_changes(r->db);
        sqlite3_finalize(s);
        return ch ? reply(resp, ct, 200, json_object()) : err(r, resp, ct, 404, R_NOTFOUND);
    }
    sqlite3_prepare_v2(r->db, "SELECT env, received_ms, sender_id FROM messages WHERE recipient = ?1 AND idx = ?2", -1, &s, NULL);
    sqlite3_bind_text(s, 1, rid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, k);
    int st;
    if (sqlite3_step(s) == SQLITE_ROW) {
        char *b = msg_b64_encode(sqlite3_column_blob(s, 0), (size_t)sqlite3_column_bytes(s, 0));
        st = reply(resp, ct, 200, json_pack("{s:s,s:I,s:s}", "content", b, "received_at",
                                            (json_int_t)sqlite3_column_int64(s, 1), "sender_id",
                                            (const char *)sqlite3_column_text(s, 2)));
        free(b);
    } else {
        st = err(r, resp, ct, 404, R_NOTFOUND);
    }
    sqlite3_finalize(s);
    return st;
}

static int metrics(msg_relay *r, char **resp, const char **ct)
{
    char *b = malloc(2048);
    int o = snprintf(b, 2048, "aegis_relay_requests_total %llu\naegis_relay_envelopes_stored_total %llu\n",
                     (unsigned long long)r->n_req, (unsigned long long)r->n_stored);
    for (int i = 0; i < 8; i++)
        o += snprintf(b + o, 2048 - (size_t)o, "aegis_relay_rejected_total{reason=\"%s\"} %llu\n", reject_names[i],
                      (unsigned long long)r->n_reject[i]);
    uint64_t cum = 0;
    for (int i = 0; i < 5; i++) {
        cum += r->size_hist[i];
        if (i < 4)
            o += snprintf(b + o, 2048 - (size_t)o, "aegis_relay_envelope_bytes_bucket{le=\"%zu\"} %llu\n",
                          size_bounds[i], (unsigned long long)cum);
        else
            o += snprintf(b + o, 2048 - (size_t)o, "aegis_relay_envelope_bytes_bucket{le=\"+Inf\"} %llu\n",
                          (unsigned long long)cum);
    }
    sqlite3_stmt *s;
    long long stock = 0, users = 0, queued = 0;
    if (sqlite3_prepare_v2(r->db, "SELECT (SELECT count(*) FROM opks), (SELECT count(*) FROM users),"
                                  " (SELECT count(*) FROM messages)", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        stock = sqlite3_column_int64(s, 0);
        users = sqlite3_column_int64(s, 1);
        queued = sqlite3_column_int64(s, 2);
    }
    sqlite3_finalize(s);
    o += snprintf(b + o, 2048 - (size_t)o, "aegis_relay_users %lld\naegis_relay_opk_stock %lld\n"
                  "aegis_relay_envelopes_queued %lld\n", users, stock, queued);
    *resp = b;
    *ct = "text/plain; version=0.0.4";
    return 200;
}

static void purge(msg_relay *r)
{
    sqlite3_stmt *s;
    sqlite3_prepare_v2(r->db, "DELETE FROM messages WHERE received_ms + ?1 < ?2", -1, &s, NULL);
    sqlite3_bind_int64(s, 1, (int64_t)(86400000ull * r->cfg.retention_days));
    sqlite3_bind_int64(s, 2, (int64_t)rnow(r));
    sqlite3_step(s);
    sqlite3_finalize(s);
}

int msg_relay_handle(msg_relay *r, const char *method, const char *path, const uint8_t *body,
                     size_t body_len, const char *bearer, char **resp, const char **ctype)
{
    *resp = NULL;
    r->n_req++;
    purge(r);
    if (body_len > MSG_RELAY_MAX_BODY) return err(r, resp, ctype, 413, R_TOOBIG);
    json_t *in = NULL;
    if (body_len > 0) {
        json_error_t je;
        in = json_loadb((const char *)body, body_len, JSON_REJECT_DUPLICATES, &je);
        if (!json_is_object(in)) {
            json_decref(in);
            return err(r, resp, ctype, 400, R_MALFORMED);
        }
    }
    const char *who = authed(r, bearer);
    char seg[4][80];
    int ns = 0;
    const char *p = path;
    while (*p == '/' && ns < 4) {
        p++;
        size_t l = strcspn(p, "/");
        if (l == 0 || l >= sizeof seg[0]) break;
        memcpy(seg[ns], p, l);
        seg[ns++][l] = '\0';
        p += l;
    }
    int st;
    int post = strcmp(method, "POST") == 0, get = strcmp(method, "GET") == 0;
    if (*p != '\0') st = err(r, resp, ctype, 404, R_NOTFOUND);
    else if (get && ns == 1 && strcmp(seg[0], "metrics") == 0) st = metrics(r, resp, ctype);
    else if (ns < 2 || strcmp(seg[0], "api") != 0) st = err(r, resp, ctype, 404, R_NOTFOUND);
    else if (post && ns == 2 && strcmp(seg[1], "users") == 0 && in) st = post_users(r, in, resp, ctype);
    else if (post && ns == 3 && strcmp(seg[1], "auth") == 0 && strcmp(seg[2], "challenge") == 0 && in)
        st = post_challenge(r, in, resp, ctype);
    else if (post && ns == 3 && strcmp(seg[1], "auth") == 0 && strcmp(seg[2], "token") == 0 && in)
        st = post_token(r, in, resp, ctype);
    else if (strcmp(method, "PUT") == 0 && ns == 4 && strcmp(seg[1], "users") == 0 && strcmp(seg[3], "prekeys") == 0 && in)
        st = put_prekeys(r, seg[2], who, in, resp, ctype);
    else if (get && ns == 4 && strcmp(seg[1], "users") == 0 && strcmp(seg[3], "bundle") == 0)
        st = get_bundle(r, seg[2], who, resp, ctype);
    else if (post && ns == 2 && strcmp(seg[1], "messages") == 0 && in) st = post_message(r, who, in, resp, ctype);
    else if ((get || strcmp(method, "DELETE") == 0) && (ns == 3 || ns == 4) && strcmp(seg[1], "messages") == 0)
        st = messages(r, method, seg[2], ns == 4 ? seg[3] : NULL, who, resp, ctype);
    else st = err(r, resp, ctype, 404, R_NOTFOUND);
    json_decref(in);
    return st;
}

int msg_relay_open(msg_relay **out, const char *db_path, const msg_config *cfg, const char *server_name)
{
    msg_relay *r = calloc(1, sizeof *r);
    *out = NULL;
    if (r == NULL) return MSG_ERR_NOMEM;
    r->cfg = *cfg;
    snprintf(r->server_name, sizeof r->server_name, "%s", server_name);
    if (sqlite3_open(db_path, &r->db) != SQLITE_OK ||
        sqlite3_exec(r->db,
                     "PRAGMA journal_mode=WAL;"
                     "CREATE TABLE IF NOT EXISTS users(id TEXT PRIMARY KEY, name TEXT, ik_hash BLOB UNIQUE,"
                     " idrec BLOB NOT NULL, spkrec BLOB);"
                     "CREATE TABLE IF NOT EXISTS opks(id TEXT, opk_id INTEGER, rec BLOB, PRIMARY KEY (id, opk_id));"
                     "CREATE TABLE IF NOT EXISTS messages(idx INTEGER PRIMARY KEY AUTOINCREMENT,"
                     " recipient TEXT NOT NULL, sender_id TEXT NOT NULL, sender_ik BLOB NOT NULL, msg_id BLOB NOT NULL,"
                     " env BLOB NOT NULL,"
                     " received_ms INTEGER NOT NULL, UNIQUE (sender_ik, msg_id));",
                     NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(r->db);
        free(r);
        return MSG_ERR_STORE;
    }
    sqlite3_busy_timeout(r->db, 5000);
    *out = r;
    return MSG_OK;
}

void msg_relay_close(msg_relay *r)
{
    if (r == NULL) return;
    sqlite3_close(r->db);
    msg_wipe(r, sizeof *r);
    free(r);
}
