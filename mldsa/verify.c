/*
 * verify.c -- ML-DSA-65 verification (FIPS 204): ML-DSA.Verify_internal
 * (Algorithm 8), ML-DSA.Verify (Algorithm 3), HashML-DSA.Verify (Algorithm 5;
 * the pre-hash table is in prehash.c), the external mu and verification from it,
 * with pkDecode and sigDecode applied polynomial by polynomial at the offsets
 * of params.h. Nothing here calls the signer: a verify-only program links
 * this file, prehash.c (for HashML-DSA), ntt.c, sample.c, encode.c and
 * sha2.c, not keygen.c or sign.c. The memory plan is in internal.h.
 */
#include <string.h>

#include "ct.h"
#include "internal.h"

/*
 * FIPS 204, Algorithm 8, ML-DSA.Verify_internal, all steps but 6-7: mu is
 * given (computed by verify_core from M', or by the external-mu caller).
 * Verification works on public data only (constant-time.md 1.4, ML-DSA
 * item 7): it may branch and return early.
 */
static int verify_from_mu(const uint8_t *sig, size_t siglen, const uint8_t mu[MLDSA_CRHBYTES],
                          const uint8_t pk[MLDSA65_PUBLICKEYBYTES])
{
    struct {
        int32_t zhat[MLDSA_L][MLDSA_N];
#if MLDSA_X86_64
        int32_t w[MLDSA_K][MLDSA_N]; /* A-hat o NTT(z), all rows */
        int32_t a4[4][MLDSA_N];
#else
        int64_t acc[MLDSA_N];
        int32_t w[MLDSA_N];
#endif
        int32_t a[MLDSA_N];
        int16_t ext[2 * MLDSA_N];
        uint8_t h[MLDSA_K][MLDSA_N];
        uint8_t w1buf[MLDSA_W1_POLYBYTES];
    } ws;
    mldsa_sparse_c c;
    sha3_ctx ctx;
    uint8_t ctilde2[MLDSA_CTILDEBYTES];
    const uint8_t *rho = pk;

    /* Exact length (sigDecode reads exactly MLDSA65_SIGBYTES). */
    if (siglen != MLDSA65_SIGBYTES) {
        return MLDSA65_ERR_VERIFY;
    }
    /* Steps 2-4: sigDecode; h = bottom (non-canonical hints) rejects. */
    if (mldsa_hint_bit_unpack(ws.h, sig + MLDSA_SIG_H) != 0) {
        return MLDSA65_ERR_VERIFY;
    }
    /* Step 13 (first half), checked early: ||z|| < gamma1 - beta. */
    for (unsigned j = 0; j < MLDSA_L; j++) {
#if MLDSA_X86_64
        mldsa_unpack_z_avx2(ws.zhat[j], sig + MLDSA_SIG_Z + j * MLDSA_Z_POLYBYTES);
#else
        mldsa_unpack_z(ws.zhat[j], sig + MLDSA_SIG_Z + j * MLDSA_Z_POLYBYTES);
#endif
        if (mldsa_norm_exceeds(ws.zhat[j], MLDSA_GAMMA1 - MLDSA_BETA)) {
            return MLDSA65_ERR_VERIFY;
        }
        MLDSA_NTT(ws.zhat[j]);
    }

    /* Step 8: c <- SampleInBall(c-tilde), as a sparse list. */
    mldsa_sample_in_ball(ws.a, sig);
    mldsa_sparse_from_poly(&c, ws.a);

    /* Steps 9-12 row by row: w'_approx = NTT^-1(A-hat o NTT(z) - NTT(c) o NTT(t1 2^d)),
     * w1' <- UseHint(h, w'_approx), c-tilde' <- H(mu || w1Encode(w1'), 48).
     * Deviations: A-hat (step 5) is expanded entry by entry where it is used;
     * c t1 is the sparse product (see sparse_mul16), |c t1 2^d| < 2^29, and
     * is subtracted after NTT^-1 (the same element of R_q). */
#if MLDSA_X86_64
    mldsa_matrix_mul_x4(ws.w, ws.zhat, rho, ws.a4); /* backend: A-hat o NTT(z), all rows */
#endif
    shake256_init(&ctx);
    (void)sha3_absorb(&ctx, mu, MLDSA_CRHBYTES);
    for (unsigned i = 0; i < MLDSA_K; i++) {
#if MLDSA_X86_64
        int32_t *w = ws.w[i];
        mldsa_invntt_freeze(w); /* in [0, q) instead of (-q, q): the same mod q */
#else
        int32_t *w = ws.w;
        memset(ws.acc, 0, sizeof ws.acc);
        for (unsigned j = 0; j < MLDSA_L; j++) {
            mldsa_rej_ntt_poly(ws.a, rho, (uint8_t)j, (uint8_t)i);
            mldsa_pointwise_acc64(ws.acc, ws.a, ws.zhat[j]);
        }
        mldsa_acc_reduce(ws.w, ws.acc);
        mldsa_invntt_tomont(ws.w);
#endif
        mldsa_unpack_t1(ws.a, pk + MLDSA_PK_T1 + i * MLDSA_T1_POLYBYTES); /* pkDecode */
#if MLDSA_X86_64
        mldsa_sparse_mul32_avx2(ws.a, ws.a, c.off);
        mldsa_use_hint_encode_avx2(ws.w1buf, w, ws.a, ws.h[i]);
#else
        mldsa_make_ext16(ws.ext, ws.a);
        mldsa_sparse_mul32(ws.a, ws.ext, &c);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            int32_t wn = mldsa_freeze(w[n] - ws.a[n] * (1 << MLDSA_D));
            ws.a[n] = mldsa_use_hint(ws.h[i][n], wn);
        }
        mldsa_pack_w1(ws.w1buf, ws.a);
#endif
        (void)sha3_absorb(&ctx, ws.w1buf, sizeof ws.w1buf);
    }
    shake_finalize(&ctx);
    shake_squeeze(&ctx, ctilde2, sizeof ctilde2);

    /* Step 13: all 48 bytes of c-tilde compared (no early exit). */
    if (mldsa_ct_memneq(sig, ctilde2, MLDSA_CTILDEBYTES) != 0) {
        return MLDSA65_ERR_VERIFY;
    }
    return 0;
}

/* mu = H(BytesToBits(H(pk, 64)) || pre || m, 64): Algorithm 8 steps 6-7. */
static void compute_mu(uint8_t mu[MLDSA_CRHBYTES], const uint8_t *pre, size_t prelen,
                       const uint8_t *m, size_t mlen, const uint8_t pk[MLDSA65_PUBLICKEYBYTES])
{
    sha3_ctx ctx;
    uint8_t tr[MLDSA_CRHBYTES];
    shake256(tr, sizeof tr, pk, MLDSA65_PUBLICKEYBYTES);
    shake256_init(&ctx);
    (void)sha3_absorb(&ctx, tr, sizeof tr);
    (void)sha3_absorb(&ctx, pre, prelen);
    (void)sha3_absorb(&ctx, m, mlen);
    shake_finalize(&ctx);
    shake_squeeze(&ctx, mu, MLDSA_CRHBYTES);
    sha3_wipe(&ctx);
}

static int verify_core(const uint8_t *sig, size_t siglen, const uint8_t *pre, size_t prelen,
                       const uint8_t *m, size_t mlen, const uint8_t pk[MLDSA65_PUBLICKEYBYTES])
{
    uint8_t mu[MLDSA_CRHBYTES];
    if ((sig == NULL && siglen > 0) || pk == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (siglen != MLDSA65_SIGBYTES) {
        return MLDSA65_ERR_VERIFY;
    }
    compute_mu(mu, pre, prelen, m, mlen, pk);
    return verify_from_mu(sig, siglen, mu, pk);
}

/* ML-DSA.Verify_internal (verify_from_mu) on a caller-formatted M', the ACVP
 * internal interface. */
int mldsa65_verify_internal(const uint8_t *sig, size_t siglen, const uint8_t *mp, size_t mplen,
                            const uint8_t pk[MLDSA65_PUBLICKEYBYTES])
{
    if (mp == NULL && mplen > 0) {
        return MLDSA65_ERR_NULL;
    }
    return verify_core(sig, siglen, NULL, 0, mp, mplen, pk);
}

/* FIPS 204, Algorithm 3, ML-DSA.Verify: steps 1-3 reject |ctx| > 255; step 5
 * builds M' = 0 || |ctx| || ctx || M (hashed in two pieces, as in Sign). */
int mldsa65_verify(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                   const uint8_t *ctx, size_t ctxlen, const uint8_t pk[MLDSA65_PUBLICKEYBYTES])
{
    uint8_t pre[2 + MLDSA65_CTX_MAXBYTES];
    int ret = mldsa_check_msg_ctx(m, mlen, ctx, ctxlen);
    if (ret != 0) {
        return ret;
    }
    pre[0] = 0;
    pre[1] = (uint8_t)ctxlen;
    if (ctxlen > 0) {
        memcpy(pre + 2, ctx, ctxlen);
    }
    return verify_core(sig, siglen, pre, 2 + ctxlen, m, mlen, pk);
}

/* mldsa65_verify after the length check of bad-input item 11. */
int mldsa65_verify_pklen(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                         const uint8_t *ctx, size_t ctxlen, const uint8_t *pk, size_t pklen)
{
    if (pk == NULL && pklen > 0) {
        return MLDSA65_ERR_NULL;
    }
    if (pklen != MLDSA65_PUBLICKEYBYTES) {
        return MLDSA65_ERR_LENGTH;
    }
    return mldsa65_verify(sig, siglen, m, mlen, ctx, ctxlen, pk);
}

/* External mu (FIPS 204, Section 6.2 note): mu = H(BytesToBits(H(pk, 64)) || M', 64),
 * M' = 0 || |ctx| || ctx || M: Algorithm 2 step 10 with Algorithm 7 step 6
 * (tr = H(pk, 64), Algorithm 6 step 9). Here beside the verifier, which
 * computes the same mu (Algorithm 8 steps 6-7). */
int mldsa65_compute_mu(uint8_t mu[MLDSA65_MUBYTES], const uint8_t *m, size_t mlen,
                       const uint8_t *ctx, size_t ctxlen,
                       const uint8_t pk[MLDSA65_PUBLICKEYBYTES])
{
    uint8_t pre[2 + MLDSA65_CTX_MAXBYTES];
    int ret = mldsa_check_msg_ctx(m, mlen, ctx, ctxlen);
    if (mu == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (ret == 0 && pk == NULL) {
        ret = MLDSA65_ERR_NULL;
    }
    if (ret != 0) {
        memset(mu, 0, MLDSA65_MUBYTES);
        return ret;
    }
    pre[0] = 0;
    pre[1] = (uint8_t)ctxlen;
    if (ctxlen > 0) {
        memcpy(pre + 2, ctx, ctxlen);
    }
    compute_mu(mu, pre, 2 + ctxlen, m, mlen, pk);
    return 0;
}

/* ML-DSA.Verify_internal with mu given (Algorithm 8 without steps 6-7):
 * verify_from_mu. */
int mldsa65_verify_mu(const uint8_t *sig, size_t siglen, const uint8_t mu[MLDSA65_MUBYTES],
                      const uint8_t pk[MLDSA65_PUBLICKEYBYTES])
{
    if ((sig == NULL && siglen > 0) || mu == NULL || pk == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (siglen != MLDSA65_SIGBYTES) {
        return MLDSA65_ERR_VERIFY;
    }
    return verify_from_mu(sig, siglen, mu, pk);
}

/* FIPS 204, Algorithm 5, HashML-DSA.Verify: steps 1-3, the pre-hash prefix
 * of steps 4-16 (mldsa_prehash_prefix, prehash.c), then M' and
 * Verify_internal. */
int mldsa65_prehash_verify(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                           const uint8_t *ctx, size_t ctxlen, int ph,
                           const uint8_t pk[MLDSA65_PUBLICKEYBYTES])
{
    uint8_t pre[MLDSA_PH_PREBYTES], ph_m[MLDSA_PH_MAXBYTES];
    size_t prelen, phlen = 0;
    int ret = mldsa_check_msg_ctx(m, mlen, ctx, ctxlen);
    if (ret != 0) {
        return ret;
    }
    prelen = mldsa_prehash_prefix(pre, ph_m, &phlen, m, mlen, ctx, ctxlen, ph);
    if (prelen == 0) {
        return MLDSA65_ERR_PARAM;
    }
    return verify_core(sig, siglen, pre, prelen, ph_m, phlen, pk);
}
