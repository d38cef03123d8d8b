/*
 * identity.c -- identities (an ML-DSA-65 key and a Falcon-512 key), ik_hash,
 * the safety number, the composite signature CSig, and the signed identity
 * record (msg/PROTOCOL.md sections 2, 3 and 4).
 */
#include "msg.h"

#include <stdlib.h>

#include "../sha3/sha3.h"
#include "internal.h"

void msg_ik_hash(uint8_t out[MSG_HASH_BYTES], const uint8_t mldsa_pk[MLDSA65_PUBLICKEYBYTES],
                 const uint8_t fndsa_pk[FNDSA512_PUBLICKEYBYTES])
{
    sha3_ctx c;
    sha3_256_init(&c);
    msg_absorb_label(&c, MSG_LABEL_PREFIX "ik");
    sha3_absorb(&c, mldsa_pk, MLDSA65_PUBLICKEYBYTES);
    sha3_absorb(&c, fndsa_pk, FNDSA512_PUBLICKEYBYTES);
    sha3_256_final(&c, out);
}

/* PROTOCOL.md 2, safety number: SHA3-256(L("AEGIS-MSG-v1 safety") || min || max), first 30
 * bytes as six 40-bit big-endian chunks, each mod 100000 as five digits. */
void msg_safety_number(char out[MSG_SAFETY_CHARS], const uint8_t ik_a[MSG_HASH_BYTES],
                       const uint8_t ik_b[MSG_HASH_BYTES])
{
    const uint8_t *lo = ik_a, *hi = ik_b;
    if (memcmp(ik_a, ik_b, MSG_HASH_BYTES) > 0) {
        lo = ik_b;
        hi = ik_a;
    }
    uint8_t d[32];
    sha3_ctx c;
    sha3_256_init(&c);
    msg_absorb_label(&c, MSG_LABEL_PREFIX "safety");
    sha3_absorb(&c, lo, MSG_HASH_BYTES);
    sha3_absorb(&c, hi, MSG_HASH_BYTES);
    sha3_256_final(&c, d);
    char *p = out;
    for (int i = 0; i < 6; i++) {
        uint64_t v = 0;
        for (int j = 0; j < 5; j++) v = v << 8 | d[5 * i + j];
        v %= 100000;
        for (int k = 4; k >= 0; k--) {
            p[k] = (char)('0' + v % 10);
            v /= 10;
        }
        p += 5;
        *p++ = (i < 5) ? ' ' : '\0';
    }
}

int msg_identity_generate(msg_identity *id, const char *uid, uint64_t created_ms,
                          const uint8_t *seed32)
{
    uint8_t seed[32], ks[32 + 48];
    int rc = MSG_OK;
    memset(id, 0, sizeof *id);
    if (uid == NULL || !msg_uid_valid(uid)) return MSG_ERR_ARG;
    if (seed32 != NULL) {
        memcpy(seed, seed32, 32);
    } else if (msg_random(seed, 32) != 0) {
        return MSG_ERR_RNG;
    }
    /* One identity seed expands to both schemes' key-generation seeds. */
    sha3_ctx c;
    shake256_init(&c);
    msg_absorb_label(&c, MSG_LABEL_PREFIX "identity seed");
    sha3_absorb(&c, seed, 32);
    shake_finalize(&c);
    shake_squeeze(&c, ks, sizeof ks);
    sha3_wipe(&c);
    if (mldsa65_keypair_derand(id->mldsa_pk, id->mldsa_sk, ks) != 0 ||
        fndsa512_keypair_derand(id->fndsa_pk, id->fndsa_sk, ks + 32) != 0) {
        rc = MSG_ERR_CRYPTO;
        msg_wipe(id, sizeof *id);
    } else {
        memcpy(id->uid, uid, strlen(uid) + 1);
        id->created_ms = created_ms;
        msg_ik_hash(id->ik_hash, id->mldsa_pk, id->fndsa_pk);
    }
    msg_wipe(seed, sizeof seed);
    msg_wipe(ks, sizeof ks);
    return rc;
}

void msg_identity_wipe(msg_identity *id) { msg_wipe(id, sizeof *id); }

/* The two signature domains: v1's CSig and v2's CSig2 (sessions.md 3.2)
 * differ only in the label prefix, the ML-DSA context and the label of the
 * deterministic Falcon coins. */
typedef struct {
    const char *prefix, *ctx, *coins;
} csig_domain;
static const csig_domain csig_v1 = {MSG_LABEL_PREFIX, MSG_MLDSA_CTX, MSG_LABEL_PREFIX "falcon coins"};
static const csig_domain csig_v2 = {"AEGIS-MSG-v2 ", "AEGIS-MSG-v2", "AEGIS-MSG-v2 falcon coins"};

/* m = L(prefix || label) || body, in a fresh buffer. */
static uint8_t *csig_message(const csig_domain *d, const char *label, const uint8_t *body, size_t len,
                             size_t *mlen)
{
    char full[64];
    size_t pl = strlen(d->prefix), ll = strlen(label);
    if (pl + ll >= sizeof full) return NULL;
    memcpy(full, d->prefix, pl);
    memcpy(full + pl, label, ll);
    size_t fl = pl + ll;
    uint8_t *m = malloc(1 + fl + len);
    if (m == NULL) return NULL;
    m[0] = (uint8_t)fl;
    memcpy(m + 1, full, fl);
    if (len) memcpy(m + 1 + fl, body, len);
    *mlen = 1 + fl + len;
    return m;
}

/* PROTOCOL.md 3: sigma1 = ML-DSA-65.Sign(sk, m, ctx) (FIPS 204, Algorithm 2),
 * sigma2 = Falcon-512 padded signature of m. */
static int csig_sign(const csig_domain *d, uint8_t sig[MSG_CSIG_BYTES], const msg_identity *id,
                     const char *label, const uint8_t *body, size_t len, const uint8_t *det32)
{
    size_t mlen = 0;
    uint8_t *m = csig_message(d, label, body, len, &mlen);
    int rc = MSG_OK;
    memset(sig, 0, MSG_CSIG_BYTES);
    if (m == NULL) return MSG_ERR_NOMEM;
    const uint8_t *ctx = (const uint8_t *)d->ctx;
    size_t ctxlen = strlen(d->ctx);
    int r1, r2;
    if (det32 == NULL) {
        r1 = mldsa65_sign(sig, m, mlen, ctx, ctxlen, id->mldsa_sk);
        r2 = fndsa512_sign(sig + MLDSA65_SIGBYTES, m, mlen, id->fndsa_sk);
    } else {
        /* Deterministic variant (test vectors only): ML-DSA with rnd = 0^32
         * (FIPS 204, 3.4); Falcon's nonce and sampler seed from det32 and the
         * message hash, so distinct messages never share them. */
        uint8_t rnd[32] = {0}, mh[32], fc[40 + 48];
        sha3_256(mh, m, mlen);
        sha3_ctx c;
        shake256_init(&c);
        msg_absorb_label(&c, d->coins);
        sha3_absorb(&c, det32, 32);
        sha3_absorb(&c, mh, 32);
        shake_finalize(&c);
        shake_squeeze(&c, fc, sizeof fc);
        sha3_wipe(&c);
        r1 = mldsa65_sign_derand(sig, m, mlen, ctx, ctxlen, rnd, id->mldsa_sk);
        r2 = fndsa512_sign_derand(sig + MLDSA65_SIGBYTES, m, mlen, fc, fc + 40, id->fndsa_sk);
        msg_wipe(fc, sizeof fc);
    }
    /* Declassify: whether signing succeeded is public, and so is the signature. */
    MSG_CT_DECLASSIFY(&r1, sizeof r1);
    MSG_CT_DECLASSIFY(&r2, sizeof r2);
    MSG_CT_DECLASSIFY(sig, MSG_CSIG_BYTES);
    if (r1 != 0 || r2 != 0) rc = MSG_ERR_CRYPTO;
    if (rc != MSG_OK) memset(sig, 0, MSG_CSIG_BYTES);
    free(m);
    return rc;
}

static int csig_verify(const csig_domain *d, const uint8_t sig[MSG_CSIG_BYTES], const char *label,
                       const uint8_t *body, size_t len, const uint8_t mldsa_pk[MLDSA65_PUBLICKEYBYTES],
                       const uint8_t fndsa_pk[FNDSA512_PUBLICKEYBYTES])
{
    size_t mlen = 0;
    uint8_t *m = csig_message(d, label, body, len, &mlen);
    if (m == NULL) return MSG_ERR_NOMEM;
    /* Both must verify, each at its exact length; no fallback. */
    int r1 = mldsa65_verify(sig, MLDSA65_SIGBYTES, m, mlen, (const uint8_t *)d->ctx, strlen(d->ctx), mldsa_pk);
    int r2 = fndsa512_verify(sig + MLDSA65_SIGBYTES, FNDSA512_SIGBYTES, m, mlen, fndsa_pk);
    free(m);
    return (r1 == 0 && r2 == 0) ? MSG_OK : MSG_ERR_SIGNATURE;
}

int msg_csig_sign(uint8_t sig[MSG_CSIG_BYTES], const msg_identity *id, const char *label,
                  const uint8_t *body, size_t len, const uint8_t *det32)
{
    return csig_sign(&csig_v1, sig, id, label, body, len, det32);
}

int msg_csig_verify(const uint8_t sig[MSG_CSIG_BYTES], const char *label, const uint8_t *body,
                    size_t len, const uint8_t mldsa_pk[MLDSA65_PUBLICKEYBYTES],
                    const uint8_t fndsa_pk[FNDSA512_PUBLICKEYBYTES])
{
    return csig_verify(&csig_v1, sig, label, body, len, mldsa_pk, fndsa_pk);
}

/* sessions.md 3.2: CSig2, the v2 domain (declared in session.h). */
int msg_csig2_sign(uint8_t sig[MSG_CSIG_BYTES], const msg_identity *id, const char *label,
                   const uint8_t *body, size_t len, const uint8_t *det32);
int msg_csig2_sign(uint8_t sig[MSG_CSIG_BYTES], const msg_identity *id, const char *label,
                   const uint8_t *body, size_t len, const uint8_t *det32)
{
    return csig_sign(&csig_v2, sig, id, label, body, len, det32);
}

int msg_csig2_verify(const uint8_t sig[MSG_CSIG_BYTES], const char *label, const uint8_t *body,
                     size_t len, const uint8_t mldsa_pk[MLDSA65_PUBLICKEYBYTES],
                     const uint8_t fndsa_pk[FNDSA512_PUBLICKEYBYTES]);
int msg_csig2_verify(const uint8_t sig[MSG_CSIG_BYTES], const char *label, const uint8_t *body,
                     size_t len, const uint8_t mldsa_pk[MLDSA65_PUBLICKEYBYTES],
                     const uint8_t fndsa_pk[FNDSA512_PUBLICKEYBYTES])
{
    return csig_verify(&csig_v2, sig, label, body, len, mldsa_pk, fndsa_pk);
}

int msg_identity_record(uint8_t *out, size_t *outlen, const msg_identity *id, const uint8_t *det32)
{
    size_t ul = strlen(id->uid);
    *outlen = 0;
    if (!msg_uid_valid(id->uid)) return MSG_ERR_ARG;
    memcpy(out, "AEGI", 4);
    out[4] = MSG_VERSION;
    out[5] = MSG_SUITE;
    out[6] = (uint8_t)ul;
    memcpy(out + 7, id->uid, ul);
    size_t o = 7 + ul;
    msg_be64(out + o, id->created_ms);
    o += 8;
    memcpy(out + o, id->mldsa_pk, MLDSA65_PUBLICKEYBYTES);
    o += MLDSA65_PUBLICKEYBYTES;
    memcpy(out + o, id->fndsa_pk, FNDSA512_PUBLICKEYBYTES);
    o += FNDSA512_PUBLICKEYBYTES;
    int rc = msg_csig_sign(out + o, id, "identity", out, o, det32);
    if (rc != MSG_OK) return rc;
    *outlen = o + MSG_CSIG_BYTES;
    return MSG_OK;
}

int msg_identity_record_verify(msg_peer *p, const uint8_t *rec, size_t len)
{
    msg_idrec r;
    memset(p, 0, sizeof *p);
    if (msg_idrec_parse(&r, rec, len) != MSG_OK) return MSG_ERR_PARSE;
    if (msg_csig_verify(r.csig, "identity", rec, r.signed_len, r.mldsa_pk, r.fndsa_pk) != MSG_OK)
        return MSG_ERR_SIGNATURE;
    memcpy(p->uid, r.uid, sizeof p->uid);
    p->created_ms = r.created_ms;
    memcpy(p->mldsa_pk, r.mldsa_pk, MLDSA65_PUBLICKEYBYTES);
    memcpy(p->fndsa_pk, r.fndsa_pk, FNDSA512_PUBLICKEYBYTES);
    msg_ik_hash(p->ik_hash, p->mldsa_pk, p->fndsa_pk);
    return MSG_OK;
}
