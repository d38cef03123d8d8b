/*
 * relay_mailbox.c -- the relay's mailbox endpoints (msg/PROTOCOL.md 14):
 * registration (POST /api/users), prekey upload and the bundle with its OPK
 * drain budget, and the messages: every upload verified before it is stored
 * (strict parse, ids, freshness, both signatures, duplicates), then listed,
 * fetched in batches, fetched one by one and deleted by their recipient.
 */
#define _POSIX_C_SOURCE 200809L
#include "relay_internal.h"

#include <stdlib.h>
#include <string.h>


int relay_post_users(rq *x, json_t *in)
{
    const char *id = json_string_value(json_object_get(in, "id"));
    const char *name = json_string_value(json_object_get(in, "name"));
    size_t n;
    uint8_t *rec = relay_j_b64(in, "identity_record", MSG_IDREC_MAX, &n);
    msg_peer p;
    int st = 400, reason = R_MALFORMED;
    if (id == NULL || rec == NULL || !relay_id_ok(id)) goto out;
    if (name && strlen(name) > 256) goto out;
    if (msg_identity_record_verify(&p, rec, n) != MSG_OK) {
        reason = R_SIG;
        goto out;
    }
    if (strcmp(p.uid, id) != 0) goto out;
    int rc = x->c->ops->user_add(x->c, id, name ? name : "", p.ik_hash, rec, n);
    if (rc != RS_OK) {
        st = rc == RS_DUP ? 409 : 503;
        reason = rc == RS_DUP ? R_DUP : R_STORE;
        goto out;
    }
    free(rec);
    char *h = relay_hex(p.ik_hash, 32);
    st = relay_reply(x, 201, json_pack("{s:s}", "ik_hash", h));
    free(h);
    return st;
out:
    free(rec);
    return relay_fail(x, st, reason);
}


int relay_put_prekeys(rq *x, json_t *in)
{
    const char *id = x->m.id;
    msg_peer p;
    rs_user u;
    if (!relay_load_peer(x->c, id, &p, &u)) return relay_fail(x, 404, R_NOTFOUND);
    json_t *opks = json_object_get(in, "opk_records");
    if (opks != NULL && (!json_is_array(opks) || json_array_size(opks) > MSG_BUNDLE_MAX_OPK))
        return relay_fail(x, 400, R_MALFORMED);
    size_t n, k = opks ? json_array_size(opks) : 0;
    msg_pkrec pr;
    uint8_t *spk = NULL, *recs = malloc((k ? k : 1) * MSG_OPKREC_BYTES);
    uint32_t ids[MSG_BUNDLE_MAX_OPK];
    int status = 400, reason = R_MALFORMED;
    if (recs == NULL) goto bad;
    if (json_object_get(in, "spk_record") != NULL) {
        spk = relay_j_b64(in, "spk_record", MSG_SPKREC_BYTES, &n);
        if (spk == NULL || n != MSG_SPKREC_BYTES) goto bad;
        int v = msg_prekey_record_verify(&pr, 1, spk, n, &p);
        if (v != MSG_OK) {
            reason = v == MSG_ERR_SIGNATURE ? R_SIG : R_MALFORMED;
            goto bad;
        }
        if (relay_now(x->r) >= pr.not_after_ms) {
            reason = R_STALE;
            goto bad;
        }
    }
    for (size_t i = 0; i < k; i++) {
        const char *s = json_string_value(json_array_get(opks, i));
        uint8_t rec[MSG_OPKREC_BYTES + 3];
        long l = s && strlen(s) <= 4 * ((MSG_OPKREC_BYTES + 2) / 3) ? msg_b64_decode(rec, sizeof rec, s) : -1;
        if (l != MSG_OPKREC_BYTES || msg_prekey_record_verify(&pr, 0, rec, (size_t)l, &p) != MSG_OK) goto bad;
        memcpy(recs + i * MSG_OPKREC_BYTES, rec, MSG_OPKREC_BYTES);
        ids[i] = msg_rd32(rec + 40);
    }
    int added = 0;
    int64_t stock = 0;
    if (x->c->ops->prekeys_put(x->c, id, spk, recs, ids, k, &added, &stock) != RS_OK) {
        status = 503;
        reason = R_STORE;
        goto bad;
    }
    free(spk);
    free(recs);
    /* The stock lets the client decide when to refill. */
    return relay_reply(x, 200, json_pack("{s:i,s:I}", "opks_added", added, "opk_stock", (json_int_t)stock));
bad:
    free(spk);
    free(recs);
    return relay_fail(x, status, reason);
}

/* The OPK drain budget: a requester gets at most opk_budget OPKs of one
 * target per day; past it the bundle has "opk_record": null (the SPK-only
 * last-resort path of PROTOCOL.md 6), so the target keeps its stock. */
int relay_get_bundle(rq *x)
{
    const char *id = x->m.id;
    rs_user u;
    uint8_t spk[MSG_SPKREC_BYTES], opk[MSG_OPKREC_BYTES];
    int have_opk = 0;
    int rc = x->c->ops->user_get(x->c, id, &u);
    if (rc != RS_OK) return rc == RS_NOTFOUND ? relay_fail(x, 404, R_NOTFOUND) : relay_fail(x, 503, R_STORE);
    rc = x->c->ops->bundle(x->c, id, x->me.id, relay_now(x->r), strcmp(id, x->me.id) != 0, x->r->opts.opk_budget,
                           OPK_WINDOW_MS, spk, opk, &have_opk);
    if (rc != RS_OK) return rc == RS_NOTFOUND ? relay_fail(x, 404, R_NOTFOUND) : relay_fail(x, 503, R_STORE);
    json_t *o = json_object();
    char *b = msg_b64_encode(u.idrec, u.idrec_len);
    json_object_set_new(o, "identity_record", json_string(b));
    free(b);
    b = msg_b64_encode(spk, MSG_SPKREC_BYTES);
    json_object_set_new(o, "spk_record", json_string(b));
    free(b);
    if (have_opk) {
        b = msg_b64_encode(opk, MSG_OPKREC_BYTES);
        json_object_set_new(o, "opk_record", json_string(b));
        free(b);
    } else {
        json_object_set_new(o, "opk_record", json_null());
    }
    return relay_reply(x, 200, o);
}

/* What the duplicate check and storage need of a verified upload. */
typedef struct {
    uint8_t sender_ik[32], msg_id[16];
} upload_meta;

/* Verify one uploaded envelope before it is stored: strict parse, the ids
 * bound to its identity hashes, freshness within the skew, both signatures.
 * Returns 0 or the status (with *reason). This is the one place a new
 * envelope type (e.g. the v2 session envelope "AEGR") is recognised by its
 * magic and verified. */
static int verify_upload(msg_relay *r, const uint8_t *env, size_t n, const msg_peer *sp, const msg_peer *rp,
                         upload_meta *meta, int *reason)
{
    msg_upload_info e; /* v1 envelope or v2 session message (session.h) */
    *reason = R_MALFORMED;
    if (msg_upload_check(&e, env, n, NULL) != MSG_OK) return 400;
    /* The ids must be the ones bound to the envelope's identity hashes. */
    if (memcmp(e.sender_ik, sp->ik_hash, 32) != 0 || memcmp(e.recipient_ik, rp->ik_hash, 32) != 0) {
        *reason = R_FORBIDDEN;
        return 403;
    }
    uint64_t now = relay_now(r), skew = 1000ull * r->cfg.skew_s;
    if (e.timestamp_ms + skew < now || e.timestamp_ms > now + skew) {
        *reason = R_STALE;
        return 400;
    }
    if (msg_upload_check(&e, env, n, sp) != MSG_OK) {
        *reason = R_SIG;
        return 400;
    }
    memcpy(meta->sender_ik, e.sender_ik, 32);
    memcpy(meta->msg_id, e.msg_id, 16);
    return 0;
}

/* The duplicate record lives retention + 2 x skew (after deletion too), so
 * an acknowledged envelope cannot be uploaded again while it is fresh. */
static uint64_t seen_until(msg_relay *r)
{
    return relay_now(r) + 86400000ull * r->cfg.retention_days + 2000ull * r->cfg.skew_s;
}

int relay_post_message(rq *x, json_t *in)
{
    msg_relay *r = x->r;
    const char *sid = json_string_value(json_object_get(in, "sender_id"));
    const char *rid = json_string_value(json_object_get(in, "recipient_id"));
    const char *c = json_string_value(json_object_get(in, "content"));
    if (sid == NULL || rid == NULL || c == NULL || !relay_id_ok(sid) || !relay_id_ok(rid)) return relay_fail(x, 400, R_MALFORMED);
    if (strlen(c) > 4 * ((UPLOAD_ENV_MAX + 2) / 3)) return relay_fail(x, 413, R_TOOBIG);
    if (strcmp(x->me.id, sid) != 0) return relay_fail(x, 403, R_FORBIDDEN);
    msg_peer sp, rp;
    rs_user su, ru;
    if (!relay_load_peer(x->c, sid, &sp, &su) || !relay_load_peer(x->c, rid, &rp, &ru)) return relay_fail(x, 404, R_NOTFOUND);
    uint8_t *env = malloc(UPLOAD_ENV_MAX + 3);
    long n = env ? msg_b64_decode(env, UPLOAD_ENV_MAX + 3, c) : -1;
    upload_meta meta;
    int st = 400, reason = R_MALFORMED;
    if (n < 0) goto bad;
    uint64_t t0 = relay_mono_ns();
    st = verify_upload(r, env, (size_t)n, &sp, &rp, &meta, &reason);
    relay_histo_add(&r->verify, relay_mono_ns() - t0);
    if (st != 0) goto bad;
    int64_t index = 0;
    int rc = x->c->ops->msg_put(x->c, rid, sid, meta.sender_ik, meta.msg_id, env, (size_t)n, relay_now(r),
                                seen_until(r), &index);
    if (rc != RS_OK) {
        st = rc == RS_DUP ? 409 : 503;
        reason = rc == RS_DUP ? R_DUP : R_STORE;
        goto bad;
    }
    free(env);
    relay_count_stored(r, (size_t)n);
    return relay_reply(x, 201, json_pack("{s:I}", "message_index", (json_int_t)index));
bad:
    free(env);
    return relay_fail(x, st, reason);
}

static int idx_cb(void *arg, const rs_msg *m)
{
    return json_array_append_new(arg, json_integer(m->index)) != 0;
}

static json_t *msg_json(const rs_msg *m, int with_index)
{
    char *b = msg_b64_encode(m->env, m->env_len);
    json_t *o = json_pack("{s:s,s:I,s:s}", "content", b ? b : "", "received_at", (json_int_t)m->received_ms,
                          "sender_id", m->sender_id);
    free(b);
    if (o && with_index) json_object_set_new(o, "message_index", json_integer(m->index));
    return o;
}
static int batch_cb(void *arg, const rs_msg *m) { return json_array_append_new(arg, msg_json(m, 1)) != 0; }
static int one_cb(void *arg, const rs_msg *m)
{
    *(json_t **)arg = msg_json(m, 0);
    return 0;
}

/* Query of the batch fetch: after=N and/or limit=M, each at most once,
 * strict decimal; nothing else. 0 ok, -1 malformed. */
static int batch_query(const char *q, int64_t *after, int64_t *limit)
{
    int seen_a = 0, seen_l = 0;
    *after = 0;
    *limit = BATCH_DEFAULT;
    while (*q) {
        size_t l = strcspn(q, "&");
        const char *eq = memchr(q, '=', l);
        if (eq == NULL) return -1;
        size_t kl = (size_t)(eq - q), vl = l - kl - 1;
        int64_t v;
        if (!relay_dec_parse(eq + 1, vl, &v)) return -1;
        if (kl == 5 && memcmp(q, "after", 5) == 0 && !seen_a++) *after = v;
        else if (kl == 5 && memcmp(q, "limit", 5) == 0 && !seen_l++) *limit = v;
        else return -1;
        q += l;
        if (*q == '&') {
            q++;
            if (*q == '\0') return -1;
        }
    }
    return *limit >= 1 && *limit <= BATCH_MAX ? 0 : -1;
}

int relay_get_list(rq *x)
{
    const char *q = x->q->query;
    int more = 0;
    if (q == NULL || *q == '\0') {
        json_t *a = json_array();
        if (x->c->ops->msg_list(x->c, x->m.id, 0, -1, 0, idx_cb, a, &more) != RS_OK) {
            json_decref(a);
            return relay_fail(x, 503, R_STORE);
        }
        return relay_reply(x, 200, json_pack("{s:o}", "message_indexes", a));
    }
    int64_t after, limit;
    if (batch_query(q, &after, &limit) != 0) return relay_fail(x, 400, R_MALFORMED);
    json_t *a = json_array();
    if (x->c->ops->msg_list(x->c, x->m.id, after, (int)limit, 1, batch_cb, a, &more) != RS_OK) {
        json_decref(a);
        return relay_fail(x, 503, R_STORE);
    }
    return relay_reply(x, 200, json_pack("{s:o,s:b}", "messages", a, "more", more));
}

int relay_get_one(rq *x)
{
    json_t *o = NULL;
    if (x->m.index <= 0) return relay_fail(x, 404, R_NOTFOUND);
    int rc = x->c->ops->msg_get(x->c, x->m.id, x->m.index, one_cb, &o);
    if (rc == RS_OK && o) return relay_reply(x, 200, o);
    json_decref(o);
    return rc == RS_NOTFOUND ? relay_fail(x, 404, R_NOTFOUND) : relay_fail(x, 503, R_STORE);
}

int relay_del_one(rq *x)
{
    if (x->m.index <= 0) return relay_fail(x, 404, R_NOTFOUND);
    int rc = x->c->ops->msg_del(x->c, x->m.id, x->m.index, seen_until(x->r));
    if (rc == RS_OK) return relay_reply(x, 200, json_object());
    return rc == RS_NOTFOUND ? relay_fail(x, 404, R_NOTFOUND) : relay_fail(x, 503, R_STORE);
}
