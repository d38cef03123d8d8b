/*
 * session.c -- the AEGIS-MSG v2 KEM ratchet (../shared/docs/sessions.md 2-3,
 * msg/PROTOCOL.md part II): the SHAKE256 init, root, chain and message
 * derivations, and the in-memory state machine (create, accept, seal, open).
 * No disk access: session_client.c runs these on a scratch copy of the state
 * and commits the copy only after full success.
 */
#include "session.h"

#include <stdlib.h>
#include <string.h>

#include "../aes/aes.h"
#include "../sha3/sha3.h"
#include "internal.h"

#define V2 "AEGIS-MSG-v2 "
#define GCM_NONCE_BYTES 12

static void (*key_hook)(const char *kind, const uint8_t *key, size_t len);
void msg_sess_set_key_hook(void (*hook)(const char *kind, const uint8_t *key, size_t len))
{
    key_hook = hook;
}
static void log_key(const char *kind, const uint8_t *key, size_t len)
{
    if (key_hook) key_hook(kind, key, len);
}

/* ---- derivations (sessions.md 2.2-2.4) --------------------------------- */

/* session_id = SHA3-256(L("AEGIS-MSG-v2 session id") || sender_ik || recipient_ik || B1). */
void msg_sess_id(uint8_t sid[32], const uint8_t sender_ik[32], const uint8_t recipient_ik[32],
                 const uint8_t *block, size_t blen)
{
    sha3_ctx c;
    sha3_256_init(&c);
    msg_absorb_label(&c, V2 "session id");
    sha3_absorb(&c, sender_ik, 32);
    sha3_absorb(&c, recipient_ik, 32);
    sha3_absorb(&c, block, blen);
    sha3_256_final(&c, sid);
}

/* TE_e = SHA3-256(L("AEGIS-MSG-v2 epoch") || session_id || be32(e) || sender_ik ||
 *                 recipient_ik || B_e). */
void msg_sess_epoch_hash(uint8_t te[32], const uint8_t sid[32], uint32_t epoch,
                         const uint8_t sender_ik[32], const uint8_t recipient_ik[32],
                         const uint8_t *block, size_t blen)
{
    uint8_t e4[4];
    msg_be32(e4, epoch);
    sha3_ctx c;
    sha3_256_init(&c);
    msg_absorb_label(&c, V2 "epoch");
    sha3_absorb(&c, sid, 32);
    sha3_absorb(&c, e4, 4);
    sha3_absorb(&c, sender_ik, 32);
    sha3_absorb(&c, recipient_ik, 32);
    sha3_absorb(&c, block, blen);
    sha3_256_final(&c, te);
}

/* Squeeze 64 bytes as two 32-byte keys. */
static void squeeze2(sha3_ctx *c, uint8_t a[32], uint8_t b[32])
{
    uint8_t out[64];
    shake_finalize(c);
    shake_squeeze(c, out, 64);
    sha3_wipe(c);
    memcpy(a, out, 32);
    memcpy(b, out + 32, 32);
    msg_wipe(out, sizeof out);
}

/* rk || ck = SHAKE256(L("AEGIS-MSG-v2 init") || flags || ss_spk || [ss_opk] ||
 *                     SHA3-256(ek_spk) || [SHA3-256(ek_opk)] || TE_1, 64). */
void msg_sess_kdf_init(uint8_t rk[32], uint8_t ck[32], uint8_t flags, const uint8_t ss_spk[32],
                       const uint8_t *ss_opk, const uint8_t hek_spk[32], const uint8_t *hek_opk,
                       const uint8_t te[32])
{
    sha3_ctx c;
    shake256_init(&c);
    msg_absorb_label(&c, V2 "init");
    sha3_absorb(&c, &flags, 1);
    sha3_absorb(&c, ss_spk, 32);
    if (ss_opk) sha3_absorb(&c, ss_opk, 32);
    sha3_absorb(&c, hek_spk, 32);
    if (hek_opk) sha3_absorb(&c, hek_opk, 32);
    sha3_absorb(&c, te, 32);
    squeeze2(&c, rk, ck);
}

/* rk' || ck_{e,0} = SHAKE256(L("AEGIS-MSG-v2 root") || rk || ss || SHA3-256(ek) || TE_e, 64). */
void msg_sess_kdf_root(uint8_t rk_out[32], uint8_t ck_out[32], const uint8_t rk[32],
                       const uint8_t ss[32], const uint8_t hek[32], const uint8_t te[32])
{
    sha3_ctx c;
    shake256_init(&c);
    msg_absorb_label(&c, V2 "root");
    sha3_absorb(&c, rk, 32);
    sha3_absorb(&c, ss, 32);
    sha3_absorb(&c, hek, 32);
    sha3_absorb(&c, te, 32);
    squeeze2(&c, rk_out, ck_out);
}

/* ck_{e,n} || mks_{e,n} = SHAKE256(L("AEGIS-MSG-v2 chain") || ck_{e,n-1} || be32(n), 64). */
void msg_sess_kdf_chain(uint8_t ck_out[32], uint8_t mks[32], const uint8_t ck[32], uint32_t n)
{
    uint8_t n4[4];
    msg_be32(n4, n);
    sha3_ctx c;
    shake256_init(&c);
    msg_absorb_label(&c, V2 "chain");
    sha3_absorb(&c, ck, 32);
    sha3_absorb(&c, n4, 4);
    squeeze2(&c, ck_out, mks);
}

/* okm = SHAKE256(L("AEGIS-MSG-v2 message") || mks || TH, 76). */
void msg_sess_kdf_message(uint8_t okm[MSG_OKM_BYTES], const uint8_t mks[32], const uint8_t th[32])
{
    sha3_ctx c;
    shake256_init(&c);
    msg_absorb_label(&c, V2 "message");
    sha3_absorb(&c, mks, 32);
    sha3_absorb(&c, th, 32);
    shake_finalize(&c);
    shake_squeeze(&c, okm, MSG_OKM_BYTES);
    sha3_wipe(&c);
}

/* TH = SHA3-256(L("AEGIS-MSG-v2 transcript") || bytes[0, H)). */
void msg_sess_transcript(uint8_t th[32], const uint8_t *hdr, size_t hlen)
{
    sha3_ctx c;
    sha3_256_init(&c);
    msg_absorb_label(&c, V2 "transcript");
    sha3_absorb(&c, hdr, hlen);
    sha3_256_final(&c, th);
}

void msg_sess_coins(uint8_t out[MSG_SESS_COINS], const uint8_t coins32[32])
{
    sha3_ctx c;
    shake256_init(&c);
    msg_absorb_label(&c, V2 "send coins");
    sha3_absorb(&c, coins32, 32);
    shake_finalize(&c);
    shake_squeeze(&c, out, MSG_SESS_COINS);
    sha3_wipe(&c);
}

int msg_sess_verify(const msg_sess_msg *m, const msg_peer *sender)
{
    if (memcmp(m->sender_ik, sender->ik_hash, 32) != 0) return MSG_ERR_SIGNATURE;
    return msg_csig2_verify(m->csig, "session", m->raw, m->signed_len, sender->mldsa_pk, sender->fndsa_pk);
}

/* ---- establishment (sessions.md 2.2) ------------------------------------ */
int msg_sess_create(msg_session *s, const uint8_t self_ik[32], const msg_recipient *r,
                    const uint8_t coins[MSG_SESS_COINS])
{
    uint8_t dk[MLKEM768_SECRETKEYBYTES], ss_spk[32], ss_opk[32], hek_spk[32], hek_opk[32], te[32];
    int rc = MSG_ERR_CRYPTO;
    memset(s, 0, sizeof *s);
    if (memcmp(self_ik, r->ik_hash, 32) == 0 || r->spk_id == 0 || (r->has_opk && r->opk_id == 0))
        return MSG_ERR_ARG;
    if (mlkem768_check_pk(r->spk_ek) != 0 || (r->has_opk && mlkem768_check_pk(r->opk_ek) != 0))
        return MSG_ERR_BUNDLE;
    const uint8_t flags = r->has_opk ? MSG_SESS_FLAG_OPK : 0;
    const size_t k = r->has_opk ? MSG_SESS_K_INIT_OPK : MSG_SESS_K_INIT;
    uint8_t *b = s->send_block;
    /* Steps 1-3: ratchet key pair (FIPS 203 Alg. 16), Encaps to SPK and OPK (Alg. 17/20). */
    memcpy(s->dk_seed, coins + 16, MSG_SESS_SEED_BYTES);
    if (mlkem768_keypair_derand(b + k - MSG_SESS_EK, dk, s->dk_seed) != 0) goto out;
    msg_be32(b, r->spk_id);
    msg_be32(b + 4, r->has_opk ? r->opk_id : 0);
    if (mlkem768_encaps_derand(b + 8, ss_spk, r->spk_ek, coins + 80) != 0) goto out;
    if (r->has_opk && mlkem768_encaps_derand(b + 8 + MSG_SESS_CT, ss_opk, r->opk_ek, coins + 112) != 0)
        goto out;
    /* Declassify: the block is published in every epoch-1 message. */
    MSG_CT_DECLASSIFY(b, k);
    /* Steps 4-6. */
    msg_sess_id(s->session_id, self_ik, r->ik_hash, b, k);
    msg_sess_epoch_hash(te, s->session_id, 1, self_ik, r->ik_hash, b, k);
    sha3_256(hek_spk, r->spk_ek, MSG_SESS_EK);
    if (r->has_opk) sha3_256(hek_opk, r->opk_ek, MSG_SESS_EK);
    msg_sess_kdf_init(s->rk, s->ck_s, flags, ss_spk, r->has_opk ? ss_opk : NULL, hek_spk,
                      r->has_opk ? hek_opk : NULL, te);
    memcpy(s->self_ik, self_ik, 32);
    memcpy(s->peer_ik, r->ik_hash, 32);
    s->role = MSG_SESS_INITIATOR;
    s->e_s = 1;
    s->send_block_len = (uint32_t)k;
    s->has_dk = 1;
    log_key("seed", s->dk_seed, 64);
    log_key("rk", s->rk, 32);
    log_key("ck", s->ck_s, 32);
    rc = MSG_OK;
out:
    msg_wipe(dk, sizeof dk);
    msg_wipe(ss_spk, sizeof ss_spk);
    msg_wipe(ss_opk, sizeof ss_opk);
    if (rc != MSG_OK) msg_wipe(s, sizeof *s);
    return rc;
}

/* Decapsulate with the key pair of seed: ss and SHA3-256(ek). */
static int decap_seed(uint8_t ss[32], uint8_t hek[32], const uint8_t seed[64], const uint8_t *ct)
{
    uint8_t ek[MSG_SESS_EK], dk[MLKEM768_SECRETKEYBYTES];
    int rc = MSG_ERR_CRYPTO;
    /* FIPS 203, Algorithms 16 and 21 (never fails on a bad ct: implicit rejection). */
    if (mlkem768_keypair_derand(ek, dk, seed) == 0 && mlkem768_decaps(ss, ct, dk) == 0) {
        sha3_256(hek, ek, sizeof ek);
        rc = MSG_OK;
    }
    msg_wipe(dk, sizeof dk);
    return rc;
}

int msg_sess_accept(msg_session *s, const msg_sess_msg *m, const uint8_t self_ik[32],
                    const uint8_t spk_seed[64], const uint8_t *opk_seed)
{
    uint8_t ss_spk[32], ss_opk[32], hek_spk[32], hek_opk[32], te[32];
    const int has_opk = m->ct_opk != NULL;
    int rc = MSG_ERR_CRYPTO;
    memset(s, 0, sizeof *s);
    if (m->type != MSG_SESS_TYPE_INIT || has_opk != (opk_seed != NULL) ||
        memcmp(m->recipient_ik, self_ik, 32) != 0)
        return MSG_ERR_ARG;
    if (decap_seed(ss_spk, hek_spk, spk_seed, m->ct_spk) != MSG_OK ||
        (has_opk && decap_seed(ss_opk, hek_opk, opk_seed, m->ct_opk) != MSG_OK))
        goto out;
    msg_sess_epoch_hash(te, m->session_id, 1, m->sender_ik, m->recipient_ik, m->block, m->block_len);
    msg_sess_kdf_init(s->rk, s->ck_r, m->flags, ss_spk, has_opk ? ss_opk : NULL, hek_spk,
                      has_opk ? hek_opk : NULL, te);
    memcpy(s->session_id, m->session_id, 32);
    memcpy(s->self_ik, self_ik, 32);
    memcpy(s->peer_ik, m->sender_ik, 32);
    s->role = MSG_SESS_RESPONDER;
    s->e_r = 1;
    s->n_r = 0;
    s->need_epoch = 1;
    memcpy(s->peer_ek, m->ek_next, MSG_SESS_EK); /* modulus-checked by the parser */
    s->has_peer_ek = 1;
    sha3_256(s->recv_block_hash, m->block, m->block_len);
    log_key("rk", s->rk, 32);
    log_key("ck", s->ck_r, 32);
    rc = MSG_OK;
out:
    msg_wipe(ss_spk, sizeof ss_spk);
    msg_wipe(ss_opk, sizeof ss_opk);
    if (rc != MSG_OK) msg_wipe(s, sizeof *s);
    return rc;
}

/* ---- sending (sessions.md 2.3, 2.4) ------------------------------------ */
static size_t sess_padded_len(size_t body_len)
{
    return (MSG_PT_HDR + body_len + MSG_PAD - 1) / MSG_PAD * MSG_PAD;
}

/* Open epoch e = e_r + 1 (sessions.md 2.4, sender steps 1-4). */
static int open_epoch(msg_session *s, const uint8_t coins[MSG_SESS_COINS])
{
    uint8_t dk[MLKEM768_SECRETKEYBYTES], ss[32], hek[32], te[32], rk2[32], ck0[32];
    uint8_t blk[MSG_SESS_K_RATCHET];
    int rc = MSG_ERR_CRYPTO;
    if (!s->has_peer_ek || s->e_r >= 0xfffffffeu) return MSG_ERR_ARG; /* epoch space exhausted: reset */
    const uint32_t e = s->e_r + 1;
    /* Step 1: fresh key pair, Encaps(peer_ek) with fresh coins. */
    if (mlkem768_keypair_derand(blk + MSG_SESS_CT, dk, coins + 16) != 0) goto out;
    if (mlkem768_encaps_derand(blk, ss, s->peer_ek, coins + 80) != 0) goto out;
    /* Declassify: B_e is published in every message of the epoch. */
    MSG_CT_DECLASSIFY(blk, sizeof blk);
    /* Steps 2-3. */
    msg_sess_epoch_hash(te, s->session_id, e, s->self_ik, s->peer_ik, blk, sizeof blk);
    sha3_256(hek, s->peer_ek, MSG_SESS_EK);
    msg_sess_kdf_root(rk2, ck0, s->rk, ss, hek, te);
    /* Step 4: the previous epoch's rk and ck_s are overwritten here. */
    s->prev_n = s->n_s;
    s->n_s = 0;
    s->e_s = e;
    memcpy(s->ck_s, ck0, 32);
    memcpy(s->rk, rk2, 32);
    memcpy(s->dk_seed, coins + 16, MSG_SESS_SEED_BYTES);
    s->has_dk = 1;
    s->need_epoch = 0;
    memcpy(s->send_block, blk, sizeof blk);
    s->send_block_len = sizeof blk;
    log_key("seed", s->dk_seed, 64);
    log_key("rk", s->rk, 32);
    log_key("ck", s->ck_s, 32);
    rc = MSG_OK;
out:
    msg_wipe(dk, sizeof dk);
    msg_wipe(ss, sizeof ss);
    msg_wipe(rk2, sizeof rk2);
    msg_wipe(ck0, sizeof ck0);
    return rc;
}

int msg_sess_seal(msg_session *s, const msg_identity *me, uint64_t timestamp_ms, uint8_t ctype,
                  const uint8_t *body, size_t body_len, const uint8_t coins[MSG_SESS_COINS],
                  int det, uint8_t **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    if (body_len > MSG_MAX_BODY) return MSG_ERR_TOO_LARGE;
    if (ctype < MSG_CT_TEXT || ctype > MSG_CT_RESET || memcmp(me->ik_hash, s->self_ik, 32) != 0)
        return MSG_ERR_ARG;
    int rc;
    if (s->need_epoch || s->e_s == 0) {
        if ((rc = open_epoch(s, coins)) != MSG_OK) return rc;
    }
    if (s->n_s == 0xffffffffu) return MSG_ERR_ARG; /* index space exhausted: reset the session */

    const int init = s->e_s == 1;
    const size_t k = s->send_block_len;
    const size_t h = MSG_SESS_FIXED + k, ct_len = sess_padded_len(body_len);
    const size_t total = h + MSG_SESS_TAIL + ct_len;
    uint8_t *buf = calloc(1, total), *pt = calloc(1, ct_len);
    uint8_t mks[32], th[32], okm[MSG_OKM_BYTES];
    rc = MSG_ERR_NOMEM;
    if (buf == NULL || pt == NULL) goto out;

    /* Chain step (2.3): ck_{e,n-1} is overwritten by ck_{e,n}. */
    const uint32_t n = s->n_s + 1;
    msg_sess_kdf_chain(s->ck_s, mks, s->ck_s, n);
    s->n_s = n;
    log_key("ck", s->ck_s, 32);
    log_key("mks", mks, 32);

    /* Header (3.1). */
    memcpy(buf, "AEGR", 4);
    buf[4] = MSG_SESS_VERSION;
    buf[5] = MSG_SUITE;
    buf[6] = init ? MSG_SESS_TYPE_INIT : MSG_SESS_TYPE_RATCHET;
    buf[7] = (init && k == MSG_SESS_K_INIT_OPK) ? MSG_SESS_FLAG_OPK : 0;
    memcpy(buf + 8, s->self_ik, 32);
    memcpy(buf + 40, s->peer_ik, 32);
    memcpy(buf + 72, s->session_id, 32);
    msg_be32(buf + 104, s->e_s);
    msg_be32(buf + 108, n);
    msg_be32(buf + 112, s->e_s <= 2 ? 0 : s->prev_n);
    memcpy(buf + 116, coins, 16);
    msg_be64(buf + 132, timestamp_ms);
    memcpy(buf + MSG_SESS_FIXED, s->send_block, k);
    /* Declassify: the header is public (msg_id comes from the coins). */
    MSG_CT_DECLASSIFY(buf, h);

    msg_sess_transcript(th, buf, h);
    msg_sess_kdf_message(okm, mks, th);
    log_key("okm", okm, sizeof okm);
    memcpy(buf + h, okm + 44, 32);
    msg_be32(buf + h + 32, (uint32_t)ct_len);
    pt[0] = ctype;
    msg_be32(pt + 1, (uint32_t)body_len);
    if (body_len) memcpy(pt + MSG_PT_HDR, body, body_len);
    rc = MSG_ERR_CRYPTO;
    /* SP 800-38D GCM-AE, AAD = bytes[0, H+36). */
    if (aes256gcm_encrypt(buf + h + 36, buf + h + 36 + ct_len, okm, okm + 32, GCM_NONCE_BYTES, buf, h + 36,
                          pt, ct_len) != 0)
        goto out;
    /* Declassify: everything signed is the published message. */
    MSG_CT_DECLASSIFY(buf, h + 52 + ct_len);
#ifdef AEGIS_FUZZ_NOSIG
    /* Only in fuzz/fz_session_fsm.c (which includes this file): an all-zero
     * signature, so the fuzzer explores the state machine at speed. */
    (void)det;
    rc = MSG_OK;
#else
    rc = msg_csig2_sign(buf + h + 52 + ct_len, me, "session", buf, h + 52 + ct_len, det ? coins + 144 : NULL);
#endif
out:
    msg_wipe(mks, sizeof mks);
    msg_wipe(okm, sizeof okm);
    if (pt) msg_free_secret(pt, ct_len);
    if (rc != MSG_OK) {
        free(buf);
        return rc;
    }
    *out = buf;
    *outlen = total;
    return MSG_OK;
}

/* ---- receiving (sessions.md 2.3, 2.4, 4.1) ------------------------------ */

/* Derive the chain ck from index from+1 to to, caching every index but the
 * last into skip[*ns] (caller's array); mks of `to` is returned. */
static void walk(uint8_t ck[32], uint32_t epoch, uint32_t from, uint32_t to, msg_sess_skip *skip,
                 size_t *ns, uint8_t mks_last[32])
{
    uint8_t mks[32];
    /* 64-bit counter: to may be 2^32 - 1, where a 32-bit i would wrap. */
    for (uint64_t j = (uint64_t)from + 1; j <= to; j++) {
        const uint32_t i = (uint32_t)j;
        msg_sess_kdf_chain(ck, mks, ck, i);
        log_key("ck", ck, 32);
        log_key("mks", mks, 32);
        if (i == to && mks_last != NULL) {
            memcpy(mks_last, mks, 32);
        } else {
            skip[*ns].epoch = epoch;
            skip[*ns].n = i;
            memcpy(skip[*ns].mks, mks, 32);
            (*ns)++;
        }
    }
    msg_wipe(mks, sizeof mks);
}

/* Commitment, GCM and plaintext checks (v1 section 7 steps 7-8, uniform failure). */
static int decrypt(msg_plaintext *out, const msg_sess_msg *m, const uint8_t mks[32])
{
    uint8_t th[32], okm[MSG_OKM_BYTES];
    uint8_t *pt = malloc(m->ct_len);
    int rc = MSG_ERR_NOMEM;
    if (pt == NULL) goto out;
    msg_sess_transcript(th, m->raw, m->hlen);
    msg_sess_kdf_message(okm, mks, th);
    log_key("okm", okm, sizeof okm);
    int commit_ok = msg_ct_equal(okm + 44, m->commit, 32);
    int gcm_ok = aes256gcm_decrypt(pt, okm, okm + 32, GCM_NONCE_BYTES, m->raw, m->hlen + 36, m->ct,
                                   m->ct_len, m->tag) == 0;
    int ok = commit_ok & gcm_ok;
    /* Declassify: accept/reject is the public outcome of open. */
    MSG_CT_DECLASSIFY(&ok, sizeof ok);
    rc = MSG_ERR_DECRYPT;
    if (!ok) goto out;
    /* Declassify: the authenticated plaintext is released to the caller. */
    MSG_CT_DECLASSIFY(pt, m->ct_len);
    uint8_t ctype = pt[0];
    uint32_t blen = msg_rd32(pt + 1);
    rc = MSG_ERR_PLAINTEXT;
    if (ctype < MSG_CT_TEXT || ctype > MSG_CT_RESET) goto out;
    if (blen > MSG_MAX_BODY || blen > m->ct_len - MSG_PT_HDR || sess_padded_len(blen) != m->ct_len) goto out;
    uint8_t nz = 0;
    for (size_t i = MSG_PT_HDR + blen; i < m->ct_len; i++) nz |= pt[i];
    if (nz != 0) goto out;
    rc = MSG_ERR_NOMEM;
    out->body = malloc((size_t)blen + 1);
    if (out->body == NULL) goto out;
    memcpy(out->body, pt + MSG_PT_HDR, blen);
    out->body[blen] = 0;
    out->body_len = blen;
    out->content_type = ctype;
    rc = MSG_OK;
out:
    msg_wipe(okm, sizeof okm);
    if (pt) msg_free_secret(pt, m->ct_len);
    return rc;
}

/* The work of msg_sess_open on s, a scratch copy (garbage on failure). */
static int open_work(msg_session *s, const msg_sess_msg *m, const uint8_t *cached, uint32_t max_skipped,
                     msg_sess_skip **added, size_t *n_added, int *used_cache, int *new_epoch,
                     msg_plaintext *pt)
{
    uint8_t mks[32], ss[32], hek[32], te[32], bh[32];
    msg_sess_skip *skip = NULL;
    size_t ns = 0;
    int rc;
    if (memcmp(m->session_id, s->session_id, 32) != 0 || memcmp(m->sender_ik, s->peer_ik, 32) != 0 ||
        memcmp(m->recipient_ik, s->self_ik, 32) != 0)
        return MSG_ERR_ARG;
    /* Parity (2.1): odd epochs come from the initiator. */
    const int peer_is_initiator = s->role == MSG_SESS_RESPONDER;
    if ((int)(m->epoch & 1) != peer_is_initiator) return MSG_ERR_PARSE;
    sha3_256(bh, m->block, m->block_len);

    if (m->epoch < s->e_r || (m->epoch == s->e_r && m->n <= s->n_r)) {
        /* An older index: the skipped-key cache only. A known epoch with a
         * different block is a fork. */
        if (m->epoch == s->e_r && memcmp(bh, s->recv_block_hash, 32) != 0) return MSG_ERR_DESYNC;
        if (cached == NULL) return MSG_ERR_TRIMMED;
        memcpy(mks, cached, 32);
        *used_cache = 1;
    } else if (m->epoch == s->e_r) {
        if (memcmp(bh, s->recv_block_hash, 32) != 0) return MSG_ERR_DESYNC;
        if (m->n - s->n_r > MSG_SESS_MAX_JUMP) return MSG_ERR_TOO_LARGE;
        skip = malloc(sizeof *skip * (size_t)(m->n - s->n_r));
        if (skip == NULL) return MSG_ERR_NOMEM;
        walk(s->ck_r, m->epoch, s->n_r, m->n, skip, &ns, mks);
        s->n_r = m->n;
    } else if ((uint64_t)m->epoch == (uint64_t)s->e_r + 2) {
        /* A new peer epoch (2.4, receiver steps 1-3). */
        if (m->type != MSG_SESS_TYPE_RATCHET || s->e_s != m->epoch - 1 || !s->has_dk) return MSG_ERR_DESYNC;
        if (m->prev_n < s->n_r) return MSG_ERR_DESYNC;
        if ((uint64_t)(m->prev_n - s->n_r) + m->n > MSG_SESS_MAX_JUMP) return MSG_ERR_TOO_LARGE;
        skip = malloc(sizeof *skip * ((size_t)(m->prev_n - s->n_r) + m->n));
        if (skip == NULL) return MSG_ERR_NOMEM;
        /* Step 2: the old chain's gap up to prev_n, then drop ck_r. */
        if (s->e_r > 0) walk(s->ck_r, s->e_r, s->n_r, m->prev_n, skip, &ns, NULL);
        /* Step 3: decapsulate with the seed whose ek we sent in e_s. */
        if ((rc = decap_seed(ss, hek, s->dk_seed, m->kem_ct)) != MSG_OK) goto fail;
        msg_sess_epoch_hash(te, s->session_id, m->epoch, s->peer_ik, s->self_ik, m->block, m->block_len);
        msg_sess_kdf_root(s->rk, s->ck_r, s->rk, ss, hek, te);
        log_key("rk", s->rk, 32);
        log_key("ck", s->ck_r, 32);
        s->e_r = m->epoch;
        s->n_r = 0;
        memcpy(s->peer_ek, m->ek_next, MSG_SESS_EK); /* modulus-checked by the parser */
        s->has_peer_ek = 1;
        s->need_epoch = 1;
        memcpy(s->recv_block_hash, bh, 32);
        msg_wipe(s->dk_seed, sizeof s->dk_seed); /* its only use is done */
        s->has_dk = 0;
        *new_epoch = 1;
        walk(s->ck_r, m->epoch, 0, m->n, skip, &ns, mks);
        s->n_r = m->n;
    } else {
        return MSG_ERR_DESYNC;
    }
    if ((rc = decrypt(pt, m, mks)) != MSG_OK) goto fail;
    /* Keep only the newest max_skipped entries (the oldest are evicted first). */
    if (ns > max_skipped) {
        size_t drop = ns - max_skipped;
        msg_wipe(skip, sizeof *skip * drop);
        memmove(skip, skip + drop, sizeof *skip * max_skipped);
        msg_wipe(skip + max_skipped, sizeof *skip * drop);
        ns = max_skipped;
    }
    msg_wipe(mks, sizeof mks);
    msg_wipe(ss, sizeof ss);
    if (ns == 0) {
        free(skip);
        skip = NULL;
    }
    *added = skip;
    *n_added = ns;
    return MSG_OK;
fail:
    msg_wipe(mks, sizeof mks);
    msg_wipe(ss, sizeof ss);
    if (skip) msg_free_secret(skip, sizeof *skip * ns);
    msg_plaintext_free(pt);
    return rc;
}

int msg_sess_open(msg_session *s, const msg_sess_msg *m, const uint8_t *cached, uint32_t max_skipped,
                  msg_sess_skip **added, size_t *n_added, int *used_cache, int *new_epoch,
                  msg_plaintext *pt)
{
    *added = NULL;
    *n_added = 0;
    *used_cache = 0;
    *new_epoch = 0;
    memset(pt, 0, sizeof *pt);
    /* Only full success is applied (sessions.md 4.1): work on a copy. */
    msg_session *w = malloc(sizeof *w);
    if (w == NULL) return MSG_ERR_NOMEM;
    memcpy(w, s, sizeof *w);
    int rc = open_work(w, m, cached, max_skipped, added, n_added, used_cache, new_epoch, pt);
    if (rc == MSG_OK) memcpy(s, w, sizeof *s);
    else *used_cache = *new_epoch = 0;
    msg_free_secret(w, sizeof *w);
    return rc;
}
