/*
 * seal.c -- the AEGIS-MSG v1 envelope: transcript hash and SHAKE256 key
 * schedule with key commitment, seal (msg/PROTOCOL.md section 6), and the
 * signature and decryption steps of open (section 7, steps 4-8).
 */
#include "msg.h"

#include <stdlib.h>

#include "../aes/aes.h"
#include "../sha3/sha3.h"
#include "internal.h"

#define GCM_NONCE_BYTES 12

/* TH = SHA3-256(L("AEGIS-MSG-v1 transcript") || bytes[0 .. H)). */
void msg_transcript_hash(uint8_t th[MSG_HASH_BYTES], const uint8_t *hdr, size_t hlen)
{
    sha3_ctx c;
    sha3_256_init(&c);
    msg_absorb_label(&c, MSG_LABEL_PREFIX "transcript");
    sha3_absorb(&c, hdr, hlen);
    sha3_256_final(&c, th);
}

/* okm = SHAKE256(L("AEGIS-MSG-v1 kdf") || flags || ss_spk || [ss_opk] ||
 *                SHA3-256(ek_spk) || [SHA3-256(ek_opk)] || TH, 76). Every part
 * has a fixed length, so the concatenation is unambiguous. */
void msg_kdf(uint8_t okm[MSG_OKM_BYTES], uint8_t flags, const uint8_t ss_spk[32],
             const uint8_t *ss_opk, const uint8_t hek_spk[32], const uint8_t *hek_opk,
             const uint8_t th[MSG_HASH_BYTES])
{
    sha3_ctx c;
    shake256_init(&c);
    msg_absorb_label(&c, MSG_LABEL_PREFIX "kdf");
    sha3_absorb(&c, &flags, 1);
    sha3_absorb(&c, ss_spk, 32);
    if (ss_opk != NULL) sha3_absorb(&c, ss_opk, 32);
    sha3_absorb(&c, hek_spk, 32);
    if (hek_opk != NULL) sha3_absorb(&c, hek_opk, 32);
    sha3_absorb(&c, th, MSG_HASH_BYTES);
    shake_finalize(&c);
    shake_squeeze(&c, okm, MSG_OKM_BYTES);
    sha3_wipe(&c);
}

static size_t padded_len(size_t body_len)
{
    return (MSG_PT_HDR + body_len + MSG_PAD - 1) / MSG_PAD * MSG_PAD;
}

int msg_seal(uint8_t **env, size_t *envlen, const msg_identity *sender, const msg_recipient *r,
             uint64_t counter, uint64_t timestamp_ms, uint8_t content_type,
             const uint8_t *body, size_t body_len, const uint8_t *coins32)
{
    *env = NULL;
    *envlen = 0;
    if (body_len > MSG_MAX_BODY) return MSG_ERR_TOO_LARGE;
    if (content_type < MSG_CT_TEXT || content_type > MSG_CT_KEYCHANGE || counter == 0 ||
        memcmp(sender->ik_hash, r->ik_hash, MSG_HASH_BYTES) == 0 || (r->has_opk && r->opk_id == 0))
        return MSG_ERR_ARG;
    /* FIPS 203, 7.2: the modulus check, again, right before use. */
    if (mlkem768_check_pk(r->spk_ek) != 0 || (r->has_opk && mlkem768_check_pk(r->opk_ek) != 0))
        return MSG_ERR_BUNDLE;

    /* Coins: msg_id (16) || encaps coins for SPK (32) and OPK (32) || signing det (32). */
    uint8_t coins[16 + 32 + 32 + 32];
    if (coins32 != NULL) {
        sha3_ctx c;
        shake256_init(&c);
        msg_absorb_label(&c, MSG_LABEL_PREFIX "seal coins");
        sha3_absorb(&c, coins32, 32);
        shake_finalize(&c);
        shake_squeeze(&c, coins, sizeof coins);
        sha3_wipe(&c);
    } else if (msg_random(coins, sizeof coins) != MSG_OK) {
        return MSG_ERR_RNG;
    }

    const uint8_t flags = r->has_opk ? MSG_ENV_FLAG_OPK : 0;
    const size_t h = r->has_opk ? MSG_ENV_H_OPK : MSG_ENV_H_NO_OPK;
    const size_t ct_len = padded_len(body_len);
    const size_t total = h + MSG_ENV_TAIL + ct_len;
    uint8_t *buf = calloc(1, total);
    uint8_t *pt = calloc(1, ct_len);
    uint8_t ss_spk[32], ss_opk[32], hek_spk[32], hek_opk[32], th[32], okm[MSG_OKM_BYTES];
    int rc = MSG_ERR_CRYPTO;
    if (buf == NULL || pt == NULL) {
        rc = MSG_ERR_NOMEM;
        goto out;
    }

    /* Header (PROTOCOL.md 5). */
    memcpy(buf, "AEGM", 4);
    buf[4] = MSG_VERSION;
    buf[5] = MSG_SUITE;
    buf[6] = flags;
    buf[7] = 0;
    memcpy(buf + 8, sender->ik_hash, 32);
    memcpy(buf + 40, r->ik_hash, 32);
    msg_be32(buf + 72, r->spk_id);
    msg_be32(buf + 76, r->has_opk ? r->opk_id : 0);
    memcpy(buf + 80, coins, 16);
    msg_be64(buf + 96, counter);
    msg_be64(buf + 104, timestamp_ms);

    /* FIPS 203, Algorithm 20 (ML-KEM.Encaps), to the SPK and the OPK. */
    if (coins32 != NULL) {
        if (mlkem768_encaps_derand(buf + MSG_ENV_FIXED, ss_spk, r->spk_ek, coins + 16) != 0) goto out;
        if (r->has_opk &&
            mlkem768_encaps_derand(buf + MSG_ENV_H_NO_OPK, ss_opk, r->opk_ek, coins + 48) != 0)
            goto out;
    } else {
        if (mlkem768_encaps(buf + MSG_ENV_FIXED, ss_spk, r->spk_ek) != 0) goto out;
        if (r->has_opk && mlkem768_encaps(buf + MSG_ENV_H_NO_OPK, ss_opk, r->opk_ek) != 0) goto out;
    }

    /* Key schedule, commitment, length. */
    msg_transcript_hash(th, buf, h);
    sha3_256(hek_spk, r->spk_ek, MLKEM768_PUBLICKEYBYTES);
    if (r->has_opk) sha3_256(hek_opk, r->opk_ek, MLKEM768_PUBLICKEYBYTES);
    msg_kdf(okm, flags, ss_spk, r->has_opk ? ss_opk : NULL, hek_spk, r->has_opk ? hek_opk : NULL, th);
    memcpy(buf + h, okm + 44, 32);
    msg_be32(buf + h + 32, (uint32_t)ct_len);

    /* Plaintext: content_type || body_len || body || zero padding. */
    pt[0] = content_type;
    msg_be32(pt + 1, (uint32_t)body_len);
    if (body_len) memcpy(pt + MSG_PT_HDR, body, body_len);

    /* SP 800-38D GCM-AE with AAD = bytes[0 .. H+36). */
    if (aes256gcm_encrypt(buf + h + 36, buf + h + 36 + ct_len, okm, okm + 32, GCM_NONCE_BYTES,
                          buf, h + 36, pt, ct_len) != 0)
        goto out;

    /* Declassify: everything signed here is the published envelope. */
    MSG_CT_DECLASSIFY(buf, h + 52 + ct_len);
    rc = msg_csig_sign(buf + h + 52 + ct_len, sender, "envelope", buf, h + 52 + ct_len,
                       coins32 != NULL ? coins + 80 : NULL);
out:
    msg_wipe(ss_spk, sizeof ss_spk);
    msg_wipe(ss_opk, sizeof ss_opk);
    msg_wipe(okm, sizeof okm);
    msg_wipe(coins, sizeof coins);
    msg_free_secret(pt, pt ? ct_len : 0);
    if (rc != MSG_OK) {
        free(buf);
        return rc;
    }
    *env = buf;
    *envlen = total;
    return MSG_OK;
}

int msg_envelope_verify(const msg_envelope *e, const msg_peer *sender)
{
    if (memcmp(e->sender_ik, sender->ik_hash, MSG_HASH_BYTES) != 0) return MSG_ERR_SIGNATURE;
    return msg_csig_verify(e->csig, "envelope", e->raw, e->signed_len, sender->mldsa_pk,
                           sender->fndsa_pk);
}

void msg_plaintext_free(msg_plaintext *pt)
{
    if (pt->body) msg_free_secret(pt->body, pt->body_len + 1);
    pt->body = NULL;
    pt->body_len = 0;
    pt->content_type = 0;
}

/* Decapsulate one prekey: ss and SHA3-256(ek). */
static int decap(uint8_t ss[32], uint8_t hek[32], const uint8_t seed[MSG_PREKEY_SEED_BYTES],
                 const uint8_t ct[MLKEM768_CIPHERTEXTBYTES])
{
    uint8_t ek[MLKEM768_PUBLICKEYBYTES], dk[MLKEM768_SECRETKEYBYTES];
    int rc = MSG_ERR_CRYPTO;
    if (msg_prekey_derive(ek, dk, seed) == MSG_OK &&
        mlkem768_decaps(ss, ct, dk) == 0) { /* FIPS 203, Algorithm 21; never fails on a bad ct */
        sha3_256(hek, ek, sizeof ek);
        rc = MSG_OK;
    }
    msg_wipe(dk, sizeof dk);
    return rc;
}

int msg_open_decrypt(msg_plaintext *out, const msg_envelope *e,
                     const uint8_t spk_seed[MSG_PREKEY_SEED_BYTES], const uint8_t *opk_seed)
{
    uint8_t ss_spk[32], ss_opk[32], hek_spk[32], hek_opk[32], th[32], okm[MSG_OKM_BYTES];
    const int has_opk = (e->flags & MSG_ENV_FLAG_OPK) != 0;
    uint8_t *pt = NULL;
    int rc = MSG_ERR_DECRYPT;
    memset(out, 0, sizeof *out);
    if (has_opk != (opk_seed != NULL)) return MSG_ERR_ARG;

    if (decap(ss_spk, hek_spk, spk_seed, e->ct_spk) != MSG_OK ||
        (has_opk && decap(ss_opk, hek_opk, opk_seed, e->ct_opk) != MSG_OK)) {
        rc = MSG_ERR_CRYPTO;
        goto out;
    }
    msg_transcript_hash(th, e->raw, e->hlen);
    msg_kdf(okm, e->flags, ss_spk, has_opk ? ss_opk : NULL, hek_spk, has_opk ? hek_opk : NULL, th);

    pt = malloc(e->ct_len);
    if (pt == NULL) {
        rc = MSG_ERR_NOMEM;
        goto out;
    }
    /* Step 7: commitment (constant time) and GCM-AD. Both always run, and a
     * failure of either gives the same result: a wrong key from implicit
     * rejection and a bad tag are indistinguishable (bad-inputs 45). */
    int commit_ok = msg_ct_equal(okm + 44, e->commit, 32);
    int gcm_ok = aes256gcm_decrypt(pt, okm, okm + 32, GCM_NONCE_BYTES, e->raw, e->hlen + 36, e->ct,
                                   e->ct_len, e->tag) == 0;
    int ok = commit_ok & gcm_ok;
    /* Declassify: accept/reject is the public outcome of open. */
    MSG_CT_DECLASSIFY(&ok, sizeof ok);
    if (!ok) goto out;
    /* Declassify: an authenticated plaintext is released to the caller; its
     * structure checks below need not hide it from the caller. */
    MSG_CT_DECLASSIFY(pt, e->ct_len);

    /* Step 8: structure and canonical zero padding. */
    uint8_t ctype = pt[0];
    uint32_t blen = msg_rd32(pt + 1);
    rc = MSG_ERR_PLAINTEXT;
    if (ctype < MSG_CT_TEXT || ctype > MSG_CT_KEYCHANGE) goto out;
    if (blen > MSG_MAX_BODY || blen > e->ct_len - MSG_PT_HDR || padded_len(blen) != e->ct_len) goto out;
    uint8_t nz = 0;
    for (size_t i = MSG_PT_HDR + blen; i < e->ct_len; i++) nz |= pt[i];
    if (nz != 0) goto out;
    out->body = malloc((size_t)blen + 1);
    if (out->body == NULL) {
        rc = MSG_ERR_NOMEM;
        goto out;
    }
    memcpy(out->body, pt + MSG_PT_HDR, blen);
    out->body[blen] = 0;
    out->body_len = blen;
    out->content_type = ctype;
    rc = MSG_OK;
out:
    msg_wipe(ss_spk, sizeof ss_spk);
    msg_wipe(ss_opk, sizeof ss_opk);
    msg_wipe(okm, sizeof okm);
    if (pt) msg_free_secret(pt, e->ct_len);
    return rc;
}
