/*
 * sign.c -- ML-DSA-65 signing (FIPS 204): ML-DSA.Sign_internal (Algorithm 7),
 * ML-DSA.Sign (Algorithm 2), HashML-DSA.Sign (Algorithm 4; the pre-hash
 * table is in prehash.c) and signing from an external mu, with skDecode and
 * sigEncode applied polynomial by polynomial at the offsets of params.h.
 * The memory plan is in internal.h.
 */
#include <string.h>

#include "ct.h"
#include "internal.h"

/*
 * One column of Sign step 12, r += A-hat[.][j] o NTT(y[j]), with A-hat stored
 * as 3 little-endian bytes a coefficient: one MontgomeryReduce a product.
 */
static void pointwise_acc_packed(int32_t *restrict r, const uint8_t *restrict a,
                                 const int32_t *restrict b)
{
#if MLDSA_X86_64
    mldsa_pointwise_acc_packed_avx2(r, a, b);
#else
    const int64_t q = mldsa_q_opaque();
    for (unsigned n = 0; n < MLDSA_N; n++) {
        int32_t an = (int32_t)((uint32_t)a[3 * n] | (uint32_t)a[3 * n + 1] << 8 |
                               (uint32_t)a[3 * n + 2] << 16);
        r[n] += mldsa_montgomery_reduce_q((int64_t)an * b[n], q);
    }
#endif
}

#if !MLDSA_X86_64 /* the backend: mldsa_sparse_mul_eta_avx2 */
/*
 * r = c * s for s = s1[j] or s2[i] given by its ext table (see
 * mldsa_sparse_mul32 in internal.h), summed in 16 bits: |c s| <= 49 * 11 even
 * for a malformed sk, and the compiler adds 8 coefficients at once.
 */
static void sparse_mul16(int32_t r[MLDSA_N], const int16_t *restrict ext,
                         const mldsa_sparse_c *c)
{
    int16_t acc[MLDSA_N];
    memset(acc, 0, sizeof acc);
    for (unsigned k = 0; k < MLDSA_TAU; k++) {
        const int16_t *restrict e = ext + MLDSA_N - c->pos[k];
        if (c->sgn[k] > 0) {
            for (unsigned n = 0; n < MLDSA_N; n++) {
                acc[n] = (int16_t)(acc[n] + e[n]);
            }
        } else {
            for (unsigned n = 0; n < MLDSA_N; n++) {
                acc[n] = (int16_t)(acc[n] - e[n]);
            }
        }
    }
    for (unsigned n = 0; n < MLDSA_N; n++) {
        r[n] = acc[n];
    }
    mldsa_ct_wipe(acc, sizeof acc);
}
#endif

/*
 * The signer's working memory. A is A-hat (Algorithm 7 step 5) as 3-byte
 * coefficients; ybuf holds ExpandMask's output, i.e. BitPack(y, gamma1-1, gamma1)
 * (Algorithm 34 step 4), and later, in place, BitPack(z) for sigEncode.
 */
typedef struct {
    uint8_t A[MLDSA_K * MLDSA_L][MLDSA_A_POLYBYTES];
    uint8_t ybuf[MLDSA_L][MLDSA_Z_POLYBYTES];
    int32_t w[MLDSA_K][MLDSA_N];
    int32_t tmp[MLDSA_N];
    int16_t ext[2 * MLDSA_N]; /* the ext table of s1, s2 or t0 */
    uint8_t h[MLDSA_K][MLDSA_N];
    uint8_t w1buf[MLDSA_W1_POLYBYTES];
#if MLDSA_X86_64
    /* Backend: ExpandMask outputs for kappa = 4b .. 4b + 3 in ycache[b & 1]
     * (tag ytag[b & 1] = b + 1; 0 = empty), so that the five polynomials of
     * an attempt come from x4 batches that the next attempt may share. */
    uint8_t ycache[2][4][MLDSA_Z_POLYBYTES];
    unsigned ytag[2];
    /* Backend: mu || w1Encode(w1), hashed in one call (whole lanes). */
    uint8_t hin[MLDSA_CRHBYTES + MLDSA_K * MLDSA_W1_POLYBYTES];
#endif
} sign_ws;

/* FIPS 204 errata, Appendix C, Table 3: the signing loop may not be bounded
 * below 821 attempts (814 in the August 2024 text). */
_Static_assert(MLDSA65_MAX_SIGN_ATTEMPTS >= 821, "FIPS 204 (errata) Table 3 minimum");

/*
 * FIPS 204, Algorithm 7, ML-DSA.Sign_internal, all steps but 6: mu =
 * H(BytesToBits(tr) || M', 64) is given (computed by mldsa_sign_core from M',
 * or by the external-mu caller).
 */
static int sign_from_mu(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t mu[MLDSA_CRHBYTES],
                        const uint8_t rnd[MLDSA_SEEDBYTES],
                        const uint8_t sk[MLDSA65_SECRETKEYBYTES], unsigned max_attempts)
{
    sign_ws ws;
    sha3_ctx ctx;
    mldsa_sparse_c c;
    uint8_t rho[MLDSA_SEEDBYTES];
    uint8_t rhopp[MLDSA_CRHBYTES];
    uint8_t ctilde[MLDSA_CTILDEBYTES];
    uint32_t bad_sk = 0, mask;
    int ret = MLDSA65_ERR_ATTEMPTS;

    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (mu == NULL || rnd == NULL || sk == NULL) {
        memset(sig, 0, MLDSA65_SIGBYTES);
        return MLDSA65_ERR_NULL;
    }
    if (max_attempts > 13000) { /* kappa + r must fit IntegerToBytes(., 2) */
        max_attempts = 13000;
    }

    /*
     * Step 1, skDecode (Algorithm 25). Deviation: s1, s2, t0 are not decoded
     * into memory here but read from sk where used. The half-bytes of s1 and
     * s2 are range-checked (bad-input item 18) without branching; the result
     * is applied with masks at the end.
     */
#if MLDSA_X86_64
    bad_sk = mldsa_eta_check_avx2(sk + MLDSA_SK_S1, (MLDSA_L + MLDSA_K) * MLDSA_ETA_POLYBYTES);
#else
    for (unsigned r = 0; r < MLDSA_L + MLDSA_K; r++) {
        bad_sk |= mldsa_unpack_eta(ws.tmp, sk + MLDSA_SK_S1 + r * MLDSA_ETA_POLYBYTES);
    }
#endif
    memcpy(rho, sk, MLDSA_SEEDBYTES);
    /* rho, the public seed of A-hat, taken from sk (constant-time.md 1.4,
     * ML-DSA item 1): ExpandA's rejection sampling may branch on it. */
    MLDSA_CT_DECLASSIFY(rho, sizeof rho);

    /* Step 5: A-hat <- ExpandA(rho), stored with 3 bytes a coefficient. */
#if MLDSA_X86_64
    {
        /* Backend: four entries at a time (ws.w as the 4-polynomial buffer). */
        uint8_t er[MLDSA_AE], es[MLDSA_AE];
        mldsa_a_entries(er, es);
        for (unsigned e = 0; e < MLDSA_K * MLDSA_L; e += 4) {
            mldsa_rej_ntt_poly_x4(ws.w, rho, es + e, er + e);
            for (unsigned k = 0; k < 4 && e + k < MLDSA_K * MLDSA_L; k++) {
                mldsa_pack_a_avx2(ws.A[e + k], ws.w[k]);
            }
        }
    }
#else
    for (unsigned i = 0; i < MLDSA_K; i++) {
        for (unsigned j = 0; j < MLDSA_L; j++) {
            uint8_t *a = ws.A[i * MLDSA_L + j];
            mldsa_rej_ntt_poly(ws.tmp, rho, (uint8_t)j, (uint8_t)i);
            for (unsigned n = 0; n < MLDSA_N; n++) {
                uint32_t v = (uint32_t)ws.tmp[n];
                a[3 * n] = (uint8_t)v;
                a[3 * n + 1] = (uint8_t)(v >> 8);
                a[3 * n + 2] = (uint8_t)(v >> 16);
            }
        }
    }
#endif

    /* Step 7: rho'' <- H(K || rnd || mu, 64). */
    shake256_init(&ctx);
    (void)sha3_absorb(&ctx, sk + MLDSA_SK_K, MLDSA_SEEDBYTES);
    (void)sha3_absorb(&ctx, rnd, MLDSA_SEEDBYTES);
    (void)sha3_absorb(&ctx, mu, MLDSA_CRHBYTES);
    shake_finalize(&ctx);
    shake_squeeze(&ctx, rhopp, sizeof rhopp);

#if MLDSA_X86_64
    ws.ytag[0] = ws.ytag[1] = 0;
#endif
    /*
     * Steps 8-31, the rejection loop, bounded by max_attempts (FIPS 204,
     * Appendix C). kappa = attempt * l.
     */
    for (unsigned attempt = 0; attempt < max_attempts; attempt++) {
        const unsigned kappa = attempt * MLDSA_L;
        uint32_t reject, cnt;

        /* Step 11: y <- ExpandMask(rho'', kappa) (kept packed in ybuf). */
#if MLDSA_X86_64
        /* Backend: y[j] = ExpandMask(rho'', kappa + j) taken from x4 batches
         * of four consecutive kappa (kappa + 3 < 2^16: max_attempts <= 13000). */
        for (unsigned j = 0; j < MLDSA_L; j++) {
            const unsigned b = (kappa + j) >> 2, slot = b & 1;
            if (ws.ytag[slot] != b + 1) {
                const uint16_t k4[4] = {(uint16_t)(4 * b), (uint16_t)(4 * b + 1),
                                        (uint16_t)(4 * b + 2), (uint16_t)(4 * b + 3)};
                mldsa_expand_mask_x4(ws.ycache[slot], rhopp, k4);
                ws.ytag[slot] = b + 1;
            }
            memcpy(ws.ybuf[j], ws.ycache[slot][(kappa + j) & 3], MLDSA_Z_POLYBYTES);
        }
#else
        for (unsigned j = 0; j < MLDSA_L; j++) {
            mldsa_expand_mask_poly(ws.ybuf[j], rhopp, (uint16_t)(kappa + j));
        }
#endif

        /* Step 12: w <- NTT^-1(A-hat o NTT(y)), column by column. */
        memset(ws.w, 0, sizeof ws.w);
        for (unsigned j = 0; j < MLDSA_L; j++) {
#if MLDSA_X86_64
            mldsa_unpack_z_avx2(ws.tmp, ws.ybuf[j]);
#else
            mldsa_unpack_z(ws.tmp, ws.ybuf[j]);
#endif
            MLDSA_NTT(ws.tmp);
            for (unsigned i = 0; i < MLDSA_K; i++) {
                pointwise_acc_packed(ws.w[i], ws.A[i * MLDSA_L + j], ws.tmp);
            }
        }

        /* Steps 13, 15: w1 <- HighBits(w); c-tilde <- H(mu || w1Encode(w1), 48). */
        shake256_init(&ctx);
#if MLDSA_X86_64
        memcpy(ws.hin, mu, MLDSA_CRHBYTES);
        for (unsigned i = 0; i < MLDSA_K; i++) {
            mldsa_invntt_freeze(ws.w[i]);
            mldsa_w1_encode_avx2(ws.hin + MLDSA_CRHBYTES + i * MLDSA_W1_POLYBYTES, ws.w[i]);
        }
        (void)sha3_absorb(&ctx, ws.hin, sizeof ws.hin);
#else
        (void)sha3_absorb(&ctx, mu, MLDSA_CRHBYTES);
        for (unsigned i = 0; i < MLDSA_K; i++) {
            mldsa_invntt_freeze(ws.w[i]);
            for (unsigned n = 0; n < MLDSA_N; n++) {
                int32_t r0;
                ws.tmp[n] = mldsa_decompose(&r0, ws.w[i][n]);
            }
            mldsa_pack_w1(ws.w1buf, ws.tmp);
            (void)sha3_absorb(&ctx, ws.w1buf, sizeof ws.w1buf);
        }
#endif
        shake_finalize(&ctx);
        shake_squeeze(&ctx, ctilde, sizeof ctilde);
        /* c-tilde is a random-oracle output and part of the signature:
         * declassified (constant-time.md 1.4, ML-DSA item 4), also for
         * attempts later rejected. */
        MLDSA_CT_DECLASSIFY(ctilde, sizeof ctilde);

        /* Step 16: c <- SampleInBall(c-tilde), as a sparse list. */
        mldsa_sample_in_ball(ws.tmp, ctilde);
        mldsa_sparse_from_poly(&c, ws.tmp);

        /* Steps 18, 20, 23 (first half): z <- y + <<c s1>>, ||z|| < gamma1 - beta. */
        reject = 0;
        for (unsigned j = 0; j < MLDSA_L; j++) {
#if MLDSA_X86_64
            mldsa_sparse_mul_eta_avx2(ws.tmp, sk + MLDSA_SK_S1 + j * MLDSA_ETA_POLYBYTES, c.off);
            /* z = y + c s1, its norm check and sigEncode step 3, in place */
            reject |= mldsa_z_finish_avx2(ws.ybuf[j], ws.tmp, MLDSA_GAMMA1 - MLDSA_BETA);
#else
            (void)mldsa_unpack_eta(ws.tmp, sk + MLDSA_SK_S1 + j * MLDSA_ETA_POLYBYTES);
            mldsa_make_ext16(ws.ext, ws.tmp);
            sparse_mul16(ws.tmp, ws.ext, &c);
            mldsa_unpack_z_acc(ws.tmp, ws.ybuf[j]); /* z = y + c s1 */
            reject |= mldsa_norm_exceeds(ws.tmp, MLDSA_GAMMA1 - MLDSA_BETA);
            mldsa_pack_z(ws.ybuf[j], ws.tmp); /* sigEncode step 3, in place */
#endif
        }
        /* The rejection bit z_invalid (constant-time.md 1.4, ML-DSA item 5). */
        MLDSA_CT_DECLASSIFY(&reject, sizeof reject);
        if (reject) {
            continue;
        }

        /* Steps 19, 21, 23 (second half): r0 <- LowBits(w - <<c s2>>),
         * ||r0|| < gamma2 - beta. w - <<c s2>> replaces w (in [0, q)). */
        for (unsigned i = 0; i < MLDSA_K; i++) {
#if MLDSA_X86_64
            mldsa_sparse_mul_eta_avx2(ws.tmp, sk + MLDSA_SK_S2 + i * MLDSA_ETA_POLYBYTES, c.off);
            reject |= mldsa_sub_lowbits_exceeds_avx2(ws.w[i], ws.tmp, MLDSA_GAMMA2 - MLDSA_BETA);
#else
            (void)mldsa_unpack_eta(ws.tmp, sk + MLDSA_SK_S2 + i * MLDSA_ETA_POLYBYTES);
            mldsa_make_ext16(ws.ext, ws.tmp);
            sparse_mul16(ws.tmp, ws.ext, &c);
            for (unsigned n = 0; n < MLDSA_N; n++) {
                int32_t r0;
                ws.w[i][n] = mldsa_freeze(ws.w[i][n] - ws.tmp[n]);
                (void)mldsa_decompose(&r0, ws.w[i][n]);
                ws.tmp[n] = r0;
            }
            reject |= mldsa_norm_exceeds(ws.tmp, MLDSA_GAMMA2 - MLDSA_BETA);
#endif
        }
        /* The rejection bit w0_invalid (constant-time.md 1.4, ML-DSA item 5). */
        MLDSA_CT_DECLASSIFY(&reject, sizeof reject);
        if (reject) {
            continue;
        }

        /* Steps 25-27: <<c t0>>, h <- MakeHint(-<<c t0>>, w - <<c s2>> + <<c t0>>),
         * reject if ||<<c t0>>|| >= gamma2 or h has more than omega ones.
         * MakeHint(-ct0, r + ct0) = [HighBits(r) != HighBits(r + ct0)]. */
        cnt = 0;
        for (unsigned i = 0; i < MLDSA_K; i++) {
            mldsa_unpack_t0(ws.tmp, sk + MLDSA_SK_T0 + i * MLDSA_T0_POLYBYTES);
#if MLDSA_X86_64
            mldsa_sparse_mul32_avx2(ws.tmp, ws.tmp, c.off);
            reject |= mldsa_norm_exceeds(ws.tmp, MLDSA_GAMMA2);
            cnt += mldsa_make_hint_avx2(ws.h[i], ws.tmp, ws.w[i]);
#else
            mldsa_make_ext16(ws.ext, ws.tmp);
            mldsa_sparse_mul32(ws.tmp, ws.ext, &c);
            reject |= mldsa_norm_exceeds(ws.tmp, MLDSA_GAMMA2);
            for (unsigned n = 0; n < MLDSA_N; n++) {
                int32_t hb = mldsa_make_hint(ws.tmp[n], ws.w[i][n]);
                ws.h[i][n] = (uint8_t)hb;
                cnt += (uint32_t)hb;
            }
#endif
        }
        reject |= (uint32_t)(MLDSA_OMEGA - (int32_t)cnt) >> 31;
        /* The rejection bit h_invalid (constant-time.md 1.4, ML-DSA item 5). */
        MLDSA_CT_DECLASSIFY(&reject, sizeof reject);
        if (reject) {
            continue;
        }

        /* Step 32: sigma <- sigEncode(c-tilde, z mod+- q, h). All checks passed,
         * so z and h are public (constant-time.md 1.4, ML-DSA item 6):
         * HintBitPack may branch on h. */
        MLDSA_CT_DECLASSIFY(ws.h, sizeof ws.h);
        MLDSA_CT_DECLASSIFY(ws.ybuf, sizeof ws.ybuf);
        memcpy(sig, ctilde, MLDSA_CTILDEBYTES);
        memcpy(sig + MLDSA_SIG_Z, ws.ybuf, sizeof ws.ybuf);
        mldsa_hint_bit_pack(sig + MLDSA_SIG_H, ws.h);
        ret = 0;
        break;
    }
    if (ret != 0) { /* the loop bound was reached: no signature */
        memset(sig, 0, MLDSA65_SIGBYTES);
    }

    /* A malformed sk (s1/s2 outside [-eta, eta]) gives MLDSA65_ERR_SK and
     * a zeroed signature, selected with a mask (no branch on sk). */
    mask = mldsa_ct_barrier_u32(0u - mldsa_ct_nonzero_bit(bad_sk));
    {
        const uint8_t keep = (uint8_t)mldsa_ct_barrier_u32(~mask);
        for (unsigned n = 0; n < MLDSA65_SIGBYTES; n++) {
            sig[n] &= keep;
        }
    }
    ret = (int)(((uint32_t)ret & ~mask) | ((uint32_t)MLDSA65_ERR_SK & mask));

    mldsa_ct_wipe(ws.ybuf, sizeof ws.ybuf);
    mldsa_ct_wipe(ws.w, sizeof ws.w);
    mldsa_ct_wipe(ws.tmp, sizeof ws.tmp);
    mldsa_ct_wipe(ws.ext, sizeof ws.ext);
    mldsa_ct_wipe(ws.h, sizeof ws.h);
    mldsa_ct_wipe(ws.w1buf, sizeof ws.w1buf);
#if MLDSA_X86_64
    mldsa_ct_wipe(ws.ycache, sizeof ws.ycache);
    mldsa_ct_wipe(ws.hin, sizeof ws.hin);
#endif
    mldsa_ct_wipe(rhopp, sizeof rhopp);
    sha3_wipe(&ctx);
    return ret;
}

/* Sign_internal with M' = pre || m: Algorithm 7 step 6 (mu), then sign_from_mu. */
int mldsa_sign_core(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *pre, size_t prelen,
                    const uint8_t *m, size_t mlen, const uint8_t rnd[MLDSA_SEEDBYTES],
                    const uint8_t sk[MLDSA65_SECRETKEYBYTES], unsigned max_attempts)
{
    sha3_ctx ctx;
    uint8_t mu[MLDSA_CRHBYTES];
    int ret;
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (sk == NULL || rnd == NULL) {
        memset(sig, 0, MLDSA65_SIGBYTES);
        return MLDSA65_ERR_NULL;
    }
    /* Step 6: mu <- H(BytesToBits(tr) || M', 64). */
    shake256_init(&ctx);
    (void)sha3_absorb(&ctx, sk + MLDSA_SK_TR, MLDSA_CRHBYTES);
    (void)sha3_absorb(&ctx, pre, prelen);
    (void)sha3_absorb(&ctx, m, mlen);
    shake_finalize(&ctx);
    shake_squeeze(&ctx, mu, sizeof mu);
    sha3_wipe(&ctx);
    ret = sign_from_mu(sig, mu, rnd, sk, max_attempts);
    mldsa_ct_wipe(mu, sizeof mu);
    return ret;
}

/* ML-DSA.Sign_internal (sign_from_mu) on a caller-formatted M', the ACVP
 * internal interface. */
int mldsa65_sign_internal(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *mp, size_t mplen,
                          const uint8_t rnd[MLDSA65_RNDBYTES],
                          const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (mp == NULL && mplen > 0) {
        memset(sig, 0, MLDSA65_SIGBYTES);
        return MLDSA65_ERR_NULL;
    }
    return mldsa_sign_core(sig, NULL, 0, mp, mplen, rnd, sk, MLDSA65_MAX_SIGN_ATTEMPTS);
}

/*
 * FIPS 204, Algorithm 2, ML-DSA.Sign, rnd given. Steps 1-3: ctx of more than
 * 255 bytes is an error. Step 10: M' = IntegerToBytes(0, 1) ||
 * IntegerToBytes(|ctx|, 1) || ctx || M. Deviation: M' is not built in memory;
 * the prefix and M are hashed one after the other (the same bytes).
 */
int mldsa65_sign_derand(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *m, size_t mlen,
                        const uint8_t *ctx, size_t ctxlen, const uint8_t rnd[MLDSA65_RNDBYTES],
                        const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    uint8_t pre[2 + MLDSA65_CTX_MAXBYTES];
    int ret = mldsa_check_msg_ctx(m, mlen, ctx, ctxlen);
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (ret != 0) {
        memset(sig, 0, MLDSA65_SIGBYTES);
        return ret;
    }
    pre[0] = 0;
    pre[1] = (uint8_t)ctxlen;
    if (ctxlen > 0) {
        memcpy(pre + 2, ctx, ctxlen);
    }
    return mldsa_sign_core(sig, pre, 2 + ctxlen, m, mlen, rnd, sk, MLDSA65_MAX_SIGN_ATTEMPTS);
}

/* ML-DSA.Sign, hedged: Algorithm 2 step 5, rnd <- 32 random bytes, then
 * mldsa65_sign_derand. */
int mldsa65_sign(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *m, size_t mlen, const uint8_t *ctx,
                 size_t ctxlen, const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    uint8_t rnd[MLDSA65_RNDBYTES];
    int ret = mldsa_check_msg_ctx(m, mlen, ctx, ctxlen);
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (ret != 0) { /* checked first: a rejected call consumes no randomness */
        memset(sig, 0, MLDSA65_SIGBYTES);
        return ret;
    }
    if (randombytes(rnd, sizeof rnd) != 0) {
        mldsa_ct_wipe(rnd, sizeof rnd);
        memset(sig, 0, MLDSA65_SIGBYTES);
        return MLDSA65_ERR_RANDOM;
    }
    ret = mldsa65_sign_derand(sig, m, mlen, ctx, ctxlen, rnd, sk);
    mldsa_ct_wipe(rnd, sizeof rnd);
    return ret;
}

/* mldsa65_sign after the length check of bad-input item 18 (the "type check"
 * a byte string of unknown length needs). */
int mldsa65_sign_sklen(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *m, size_t mlen,
                       const uint8_t *ctx, size_t ctxlen, const uint8_t *sk, size_t sklen)
{
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (sk == NULL && sklen > 0) {
        memset(sig, 0, MLDSA65_SIGBYTES);
        return MLDSA65_ERR_NULL;
    }
    if (sklen != MLDSA65_SECRETKEYBYTES) {
        memset(sig, 0, MLDSA65_SIGBYTES);
        return MLDSA65_ERR_LENGTH;
    }
    return mldsa65_sign(sig, m, mlen, ctx, ctxlen, sk);
}

/* ML-DSA.Sign_internal with mu given (Algorithm 7 from step 7 on): sign_from_mu. */
int mldsa65_sign_mu_derand(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t mu[MLDSA65_MUBYTES],
                           const uint8_t rnd[MLDSA65_RNDBYTES],
                           const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    return sign_from_mu(sig, mu, rnd, sk, MLDSA65_MAX_SIGN_ATTEMPTS);
}

/* As mldsa65_sign_mu_derand, rnd from randombytes() (Algorithm 2 step 5). */
int mldsa65_sign_mu(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t mu[MLDSA65_MUBYTES],
                    const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    uint8_t rnd[MLDSA65_RNDBYTES];
    int ret;
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (mu == NULL || sk == NULL) { /* checked first: no randomness drawn */
        memset(sig, 0, MLDSA65_SIGBYTES);
        return MLDSA65_ERR_NULL;
    }
    if (randombytes(rnd, sizeof rnd) != 0) {
        mldsa_ct_wipe(rnd, sizeof rnd);
        memset(sig, 0, MLDSA65_SIGBYTES);
        return MLDSA65_ERR_RANDOM;
    }
    ret = sign_from_mu(sig, mu, rnd, sk, MLDSA65_MAX_SIGN_ATTEMPTS);
    mldsa_ct_wipe(rnd, sizeof rnd);
    return ret;
}

/* FIPS 204, Algorithm 4, HashML-DSA.Sign, rnd given: steps 1-3, the pre-hash
 * prefix of steps 10-23 (mldsa_prehash_prefix, prehash.c), step 24. */
int mldsa65_prehash_sign_derand(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *m, size_t mlen,
                                const uint8_t *ctx, size_t ctxlen, int ph,
                                const uint8_t rnd[MLDSA65_RNDBYTES],
                                const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    uint8_t pre[MLDSA_PH_PREBYTES], ph_m[MLDSA_PH_MAXBYTES];
    size_t prelen, phlen = 0;
    int ret = mldsa_check_msg_ctx(m, mlen, ctx, ctxlen);
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (ret != 0) {
        memset(sig, 0, MLDSA65_SIGBYTES);
        return ret;
    }
    prelen = mldsa_prehash_prefix(pre, ph_m, &phlen, m, mlen, ctx, ctxlen, ph);
    if (prelen == 0) {
        memset(sig, 0, MLDSA65_SIGBYTES);
        return MLDSA65_ERR_PARAM;
    }
    ret = mldsa_sign_core(sig, pre, prelen, ph_m, phlen, rnd, sk, MLDSA65_MAX_SIGN_ATTEMPTS);
    mldsa_ct_wipe(ph_m, sizeof ph_m);
    return ret;
}

/* HashML-DSA.Sign, hedged: Algorithm 4 step 5, rnd from randombytes(), after
 * the checks (steps 1-3 and a known identifier), then
 * mldsa65_prehash_sign_derand. */
int mldsa65_prehash_sign(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *m, size_t mlen,
                         const uint8_t *ctx, size_t ctxlen, int ph,
                         const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    uint8_t rnd[MLDSA65_RNDBYTES];
    int ret = mldsa_check_msg_ctx(m, mlen, ctx, ctxlen);
    if (ret == 0 && mldsa_prehash_find(ph) == NULL) {
        ret = MLDSA65_ERR_PARAM;
    }
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (ret != 0) { /* checked first: a rejected call consumes no randomness */
        memset(sig, 0, MLDSA65_SIGBYTES);
        return ret;
    }
    if (randombytes(rnd, sizeof rnd) != 0) {
        mldsa_ct_wipe(rnd, sizeof rnd);
        memset(sig, 0, MLDSA65_SIGBYTES);
        return MLDSA65_ERR_RANDOM;
    }
    ret = mldsa65_prehash_sign_derand(sig, m, mlen, ctx, ctxlen, ph, rnd, sk);
    mldsa_ct_wipe(rnd, sizeof rnd);
    return ret;
}
