/*
 * keygen.c -- Falcon-512 key pair generation ([Falcon] spec v1.2, §3.8),
 * computed exactly as the round-3 reference does it (same SHAKE256
 * consumption, same rejection checks, same resultant tower with big
 * integers in RNS, same Babai reduction with emulated binary64), so that
 * the round-3 KAT keys are reproduced bit for bit: NTRUGen's loop (draw f,
 * g; check their norms; h = g/f mod q; NTRUSolve), then the round-3
 * encodings of pk and sk. The parts of the procedure are the keygen*.c
 * files (keygen.h lists them).
 *
 * Work space: fndsa_keygen_inner needs FNDSA_KEYGEN_TMPSIZE = 28 n =
 * 14,336 bytes of tmp (the reference's FALCON_KEYGEN_TEMP_9), no heap.
 */
#include "keygen.h"

/* Squared norm of a small vector, saturated to 2^32-1 if >= 2^31. */
static uint32_t poly_small_sqnorm(const int8_t *f, unsigned logn)
{
    size_t u, n = MKN(logn);
    uint32_t s = 0, ng = 0;

    for (u = 0; u < n; u++) {
        int32_t z = f[u];

        s += (uint32_t)(z * z);
        ng |= s;
    }
    return s | -(ng >> 31);
}

static void poly_small_to_fp(fpr *x, const int8_t *f, unsigned logn)
{
    size_t u, n = MKN(logn);

    for (u = 0; u < n; u++) {
        x[u] = fpr_of(f[u]);
    }
}

/*
 * Squared norm of (q adj(f)/(f adj(f) + g adj(g)), q adj(g)/(...)), the
 * Gram-Schmidt norm of NTRUGen, exactly as the reference computes it: rt1,
 * rt2 = FFT(f), FFT(g), rt3 = 1/(|f|^2 + |g|^2) (n/2 reals); rt1 and rt2
 * are overwritten.
 */
static fpr gs_norm_reference(fpr *rt1, fpr *rt2, const fpr *rt3, unsigned logn)
{
    size_t u, n = MKN(logn);
    fpr bnorm = fpr_zero;

    poly_adj_fft(rt1, logn);
    poly_adj_fft(rt2, logn);
    poly_mulconst(rt1, fpr_q, logn);
    poly_mulconst(rt2, fpr_q, logn);
    poly_mul_autoadj_fft(rt1, rt3, logn);
    poly_mul_autoadj_fft(rt2, rt3, logn);
    iFFT(rt1, logn);
    iFFT(rt2, logn);
    for (u = 0; u < n; u++) {
        bnorm = fpr_add(bnorm, fpr_sqr(rt1[u]));
        bnorm = fpr_add(bnorm, fpr_sqr(rt2[u]));
    }
    return bnorm;
}

/*
 * Early rejection estimate of the same norm, in fixed point (integers
 * only, much cheaper than the emulated binary64 FFT).
 *
 * By Parseval, the norm is T = (2 q^2 / n) * sum_j 1/(|f_j|^2 + |g_j|^2)
 * over the n/2 stored FFT points f_j = f(w_j). We compute f_j, g_j with
 * the reference FFT's butterflies on Q20 integers (|values| < 2^35) and
 * Q62 twiddles (from fpr_gm_tab), rounding each product to Q20. In complex
 * modulus, a butterfly adds at most sqrt(2) * 2^-20 (two roundings per
 * component; the twiddle errors, ~2^-53, are negligible) and errors at
 * most double per layer, so after the 8 layers every f_j, g_j is within
 * 255 * sqrt(2) * 2^-20 < 3.5e-4. den_j and 1/den_j are then computed in
 * binary64.
 *
 * Soundness: if the reference keeps the candidate, its norm R < bound,
 * so T < bound (1 + 1e-11) (the reference's own rounding) and every
 * den_j > (2 q^2 / n) / T > 35. Then each computed den_j is within a
 * relative 2 sqrt(2) * 3.5e-4 / sqrt(35) + 2 (3.5e-4)^2 / 35 < 1.7e-4, so
 * the estimate is below bound (1 + 2e-4):
 * an estimate >= bound (1 + 2^-10) proves that the reference rejects.
 */

/* Q62 fixed-point value of a table constant (|x| <= 1; public data). */
static int64_t fpr_to_q62(fpr x)
{
    int e = (int)((x >> 52) & 0x7FF), sh = e - 1013;
    uint64_t m = (x & (((uint64_t)1 << 52) - 1)) | ((uint64_t)1 << 52), r;

    if (e == 0 || sh < -63) {
        return 0;
    }
    if (sh >= 0) {
        r = m << sh;
    } else {
        r = (m + (((uint64_t)1 << (-sh)) >> 1)) >> (-sh);
    }
    return (x >> 63) ? -(int64_t)r : (int64_t)r;
}

/* round(v * t / 2^62) for |v| < 2^40, |t| <= 2^62; constant time. */
static inline int64_t fx_mulq62(int64_t v, int64_t t)
{
    uint64_t a = (uint64_t)v, b = (uint64_t)t;
    uint64_t a0 = a & 0xFFFFFFFF, a1 = a >> 32, b0 = b & 0xFFFFFFFF, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFF) + (p10 & 0xFFFFFFFF);
    uint64_t lo = (p00 & 0xFFFFFFFF) | (mid << 32);
    uint64_t hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);

    /* Unsigned product to signed (two's complement correction). */
    hi -= b & ((uint64_t)0 - (a >> 63));
    hi -= a & ((uint64_t)0 - (b >> 63));
    /* Add 2^61 (rounding) and shift the 128-bit value right by 62. The
     * carry out of lo is 1 exactly when its top three bits were all ones;
     * computed from them, not as lo < 2^61 (a 64-bit comparison that i386
     * compilers turn into a branch). */
    hi += ((lo >> 61) + 1) >> 3;
    lo += (uint64_t)1 << 61;
    return u64_to_i64((hi << 2) | (lo >> 62));
}

/* The reference FFT's butterflies on Q20 integers (real, imaginary halves). */
static void fx_FFT(int64_t *f, unsigned logn)
{
    size_t n = MKN(logn), hn = n >> 1, t = hn, m, u;

    for (u = 1, m = 2; u < logn; u++, m <<= 1) {
        size_t ht = t >> 1, hm = m >> 1, i1, j1;

        for (i1 = 0, j1 = 0; i1 < hm; i1++, j1 += t) {
            int64_t sr = fpr_to_q62(fpr_gm_tab[((m + i1) << 1) + 0]);
            int64_t si = fpr_to_q62(fpr_gm_tab[((m + i1) << 1) + 1]);
            size_t j;

            for (j = j1; j < j1 + ht; j++) {
                int64_t xr = f[j], xi = f[j + hn], ar = f[j + ht], ai = f[j + ht + hn];
                int64_t yr = fx_mulq62(ar, sr) - fx_mulq62(ai, si);
                int64_t yi = fx_mulq62(ar, si) + fx_mulq62(ai, sr);

                f[j] = xr + yr;
                f[j + hn] = xi + yi;
                f[j + ht] = xr - yr;
                f[j + ht + hn] = xi - yi;
            }
        }
        t = ht;
    }
}

/* The estimate of the Gram-Schmidt norm (see above); tmp: 2n int64. */
static fpr gs_norm_estimate(const int8_t *f, const int8_t *g, unsigned logn, int64_t *tmp)
{
    size_t u, n = MKN(logn), hn = n >> 1;
    int64_t *xf = tmp, *xg = tmp + n;
    fpr sum = fpr_zero;

    for (u = 0; u < n; u++) {
        xf[u] = (int64_t)f[u] * ((int64_t)1 << 20);
        xg[u] = (int64_t)g[u] * ((int64_t)1 << 20);
    }
    fx_FFT(xf, logn);
    fx_FFT(xg, logn);
    for (u = 0; u < hn; u++) {
        fpr a = fpr_scaled(xf[u], -20), b = fpr_scaled(xf[u + hn], -20);
        fpr c = fpr_scaled(xg[u], -20), d = fpr_scaled(xg[u + hn], -20);

        sum = fpr_add(sum, fpr_inv(fpr_add(fpr_add(fpr_sqr(a), fpr_sqr(b)),
                                           fpr_add(fpr_sqr(c), fpr_sqr(d)))));
    }
    return fpr_mul(sum, fpr_scaled(2 * (int64_t)FNDSA_Q * FNDSA_Q, -(int)logn));
}

/* bnorm_max * (1 + 2^-10): an estimate above it proves the rejection. */
static fpr gs_norm_early_bound(void)
{
    return fpr_mul(fpr_bnorm_max, fpr_add(fpr_one, fpr_scaled(1, -10)));
}

/* Outcomes of keygen_check_fg. */
#define KG_ACCEPT 0
#define KG_REJECT_NORM 1   /* coefficient range or ||(g, -f)|| */
#define KG_REJECT_GSNORM 2 /* Gram-Schmidt norm */

/*
 * The shortness checks of NTRUGen ([Falcon] §3.8.2, gamma <= 1.17 sqrt(q)),
 * as the reference makes them:
 *   - every |f_i|, |g_i| < 2^(max_fg_bits - 1) (so that sk encodes);
 *   - ||(g, -f)||^2 < 16823 (1.17^2 q = 16822.41, integer norm);
 *   - ||(q adj(f)/(f adj(f) + g adj(g)), q adj(g)/(...))||^2 < 16822.4121,
 *     computed in emulated binary64 through the FFT (gs_norm_reference).
 * Returns KG_ACCEPT or the (declassified) reason of the rejection.
 * tmp: 3n fpr.
 *
 * Deviation (in the work done, not in the decisions): a candidate whose
 * fixed-point estimate exceeds the bound by a factor 1 + 2^-10 is rejected
 * without the reference computation (the reference rejects it too: see
 * gs_norm_estimate; tests/test_fndsa_keygen.c also checks it on real
 * candidates). Every candidate that is kept runs the full reference
 * computation, so only the rejection of a discarded candidate is faster,
 * and that decision is declassified (constant-time.md §1.4 Falcon item 1).
 */
static int keygen_check_fg(const int8_t *f, const int8_t *g, unsigned logn, fpr *tmp)
{
    size_t u, n = MKN(logn);
    fpr *rt1 = tmp, *rt2 = rt1 + n, *rt3 = rt2 + n;
    uint32_t normf, normg, norm, bad = 0;
    int32_t lim = (int32_t)1 << (fndsa_max_fg_bits[logn] - 1);

    for (u = 0; u < n; u++) {
        bad |= (uint32_t)(f[u] + lim - 1) >> 31; /* f_i <= -lim */
        bad |= (uint32_t)(lim - 1 - f[u]) >> 31; /* f_i >= lim */
        bad |= (uint32_t)(g[u] + lim - 1) >> 31;
        bad |= (uint32_t)(lim - 1 - g[u]) >> 31;
    }
    normf = poly_small_sqnorm(f, logn);
    normg = poly_small_sqnorm(g, logn);
    norm = (normf + normg) | -((normf | normg) >> 31);
    bad |= 1 ^ (uint32_t)(((uint64_t)norm - 16823) >> 63); /* norm >= 16823 */
    /* Declassify: whether this candidate (f, g) is rejected; a rejected
     * candidate is discarded (constant-time.md §1.4 Falcon item 1). */
    FNDSA_CT_DECLASSIFY(&bad, sizeof bad);
    if (bad) {
        return KG_REJECT_NORM;
    }

    bad = (uint32_t)(1 - fpr_lt(gs_norm_estimate(f, g, logn, (int64_t *)(void *)tmp),
                                gs_norm_early_bound()));
    /* Declassify: early rejection of a candidate that is then discarded
     * (constant-time.md §1.4 Falcon item 1). */
    FNDSA_CT_DECLASSIFY(&bad, sizeof bad);
    if (bad) {
        return KG_REJECT_GSNORM;
    }

    poly_small_to_fp(rt1, f, logn);
    poly_small_to_fp(rt2, g, logn);
    FFT(rt1, logn);
    FFT(rt2, logn);
    poly_invnorm2_fft(rt3, rt1, rt2, logn);

    bad = (uint32_t)(1 - fpr_lt(gs_norm_reference(rt1, rt2, rt3, logn), fpr_bnorm_max));
    /* Declassify: the Gram-Schmidt norm check of a candidate that is then
     * discarded (constant-time.md §1.4 Falcon item 1). */
    FNDSA_CT_DECLASSIFY(&bad, sizeof bad);
    return bad ? KG_REJECT_GSNORM : KG_ACCEPT;
}

/*
 * [Falcon] Algorithm 5, NTRUGen, with Keygen's h = g/f mod q inside the
 * loop, as the round-3 reference computes them; see inner.h for the
 * contract.
 * A candidate (f, g) is drawn again until it passes, in this order (the
 * order only affects the work done, not which candidate is kept):
 * keygen_check_fg, f invertible mod q, NTRUSolve with |F_i|, |G_i| <= 127.
 */
int fndsa_keygen_inner(int8_t *f, int8_t *g, int8_t *F, int8_t *G, uint16_t *h, sha3_ctx *sc,
                       uint8_t *tmp)
{
    const unsigned logn = FNDSA_LOGN;
    int8_t Gbuf[FNDSA_N];
    int8_t *Gout = (G != NULL) ? G : Gbuf;
    int lim = (1 << (fndsa_max_FG_bits[logn] - 1)) - 1;
    kg_rng rng;

    kg_rng_init(&rng, sc);
    for (;;) {
        poly_small_mkgauss(&rng, f, logn);
        poly_small_mkgauss(&rng, g, logn);
        if (keygen_check_fg(f, g, logn, (fpr *)(void *)tmp) != KG_ACCEPT) {
            continue;
        }
        /* h = g/f mod q; fails if f is not invertible mod q (that bit is
         * declassified in fndsa_compute_public: the candidate is then
         * discarded, constant-time.md §1.4 Falcon item 1). */
        if (fndsa_compute_public(h, f, g, logn, tmp) != 0) {
            continue;
        }
        if (!solve_NTRU(logn, F, Gout, f, g, lim, (uint32_t *)(void *)tmp)) {
            continue;
        }
        break;
    }
    fndsa_ct_wipe(Gbuf, sizeof Gbuf);
    fndsa_ct_wipe(&rng, sizeof rng);
    return 0;
}

/* ======================================================================
 * Public API: key pair and its round-3 encodings ([Falcon] §3.11.3-4).
 * ====================================================================== */

/*
 * [Falcon] Algorithm 4, Keygen, as the round-3 reference: seed -> SHAKE256
 * -> NTRUGen and h (fndsa_keygen_inner), then the encodings of pk and sk.
 * The secret key holds (f, g, F), not the FFT basis and the Falcon tree
 * of the specification: signing recomputes them (G by keys.c, B-hat and
 * the tree by sign.c), and fndsa512_expand_sk stores them.
 */
int fndsa512_keypair_derand(uint8_t pk[FNDSA512_PUBLICKEYBYTES],
                            uint8_t sk[FNDSA512_SECRETKEYBYTES],
                            const uint8_t seed[FNDSA512_SEEDBYTES])
{
    uint64_t tmp[(FNDSA_KEYGEN_TMPSIZE + 7) / 8];
    int8_t f[FNDSA_N], g[FNDSA_N], F[FNDSA_N];
    uint16_t h[FNDSA_N];
    sha3_ctx rng;
    size_t u, v;
    int ret = 0;

    if (pk == NULL || sk == NULL || seed == NULL) {
        if (pk != NULL) {
            memset(pk, 0, FNDSA512_PUBLICKEYBYTES);
        }
        if (sk != NULL) {
            memset(sk, 0, FNDSA512_SECRETKEYBYTES);
        }
        return FNDSA512_ERR_NULL;
    }
    /* The reference's keygen RNG: SHAKE256(seed), read 8 bytes at a time. */
    shake256_init(&rng);
    sha3_absorb(&rng, seed, FNDSA512_SEEDBYTES);
    shake_finalize(&rng);
    fndsa_keygen_inner(f, g, F, NULL, h, &rng, (uint8_t *)tmp);

    /* sk = 0x50 + logn || f (6 bits) || g (6 bits) || F (8 bits). */
    sk[0] = 0x50 + FNDSA_LOGN;
    u = 1;
    v = fndsa_trim_i8_encode(sk + u, FNDSA512_SECRETKEYBYTES - u, f, FNDSA_LOGN,
                             fndsa_max_fg_bits[FNDSA_LOGN]);
    ret |= -(v == 0);
    u += v;
    v = fndsa_trim_i8_encode(sk + u, FNDSA512_SECRETKEYBYTES - u, g, FNDSA_LOGN,
                             fndsa_max_fg_bits[FNDSA_LOGN]);
    ret |= -(v == 0);
    u += v;
    v = fndsa_trim_i8_encode(sk + u, FNDSA512_SECRETKEYBYTES - u, F, FNDSA_LOGN,
                             fndsa_max_FG_bits[FNDSA_LOGN]);
    ret |= -(v == 0);
    u += v;
    ret |= -(u != FNDSA512_SECRETKEYBYTES);

    /* pk = 0x00 + logn || h (14 bits). */
    pk[0] = 0x00 + FNDSA_LOGN;
    v = fndsa_modq_encode(pk + 1, FNDSA512_PUBLICKEYBYTES - 1, h, FNDSA_LOGN);
    ret |= -(v != FNDSA512_PUBLICKEYBYTES - 1);

    fndsa_ct_wipe(tmp, sizeof tmp);
    fndsa_ct_wipe(f, sizeof f);
    fndsa_ct_wipe(g, sizeof g);
    fndsa_ct_wipe(F, sizeof F);
    fndsa_ct_wipe(h, sizeof h);
    sha3_wipe(&rng);
    if (ret != 0) {
        /* Cannot happen (keygen bounds the values); keep the contract. */
        fndsa_ct_wipe(pk, FNDSA512_PUBLICKEYBYTES);
        fndsa_ct_wipe(sk, FNDSA512_SECRETKEYBYTES);
        return FNDSA512_ERR_SK;
    }
    return 0;
}

int fndsa512_keypair(uint8_t pk[FNDSA512_PUBLICKEYBYTES], uint8_t sk[FNDSA512_SECRETKEYBYTES])
{
    uint8_t seed[FNDSA512_SEEDBYTES];
    int ret;

    if (pk == NULL || sk == NULL) {
        /* checked first: a rejected call consumes no randomness */
        return fndsa512_keypair_derand(pk, sk, NULL); /* FNDSA512_ERR_NULL */
    }
    if (randombytes(seed, sizeof seed) != 0) {
        fndsa_ct_wipe(seed, sizeof seed);
        fndsa_ct_wipe(pk, FNDSA512_PUBLICKEYBYTES);
        fndsa_ct_wipe(sk, FNDSA512_SECRETKEYBYTES);
        return FNDSA512_ERR_RANDOM;
    }
    ret = fndsa512_keypair_derand(pk, sk, seed);
    fndsa_ct_wipe(seed, sizeof seed);
    return ret;
}

