/*
 * sign.c -- ML-DSA-65 key generation, signing and verification (FIPS 204):
 * the external functions ML-DSA.KeyGen / Sign / Verify (Algorithms 1-3) and
 * the internal ones (Algorithms 6-8), with pkEncode / skEncode / sigEncode
 * and their decoders (Algorithms 22-27) applied polynomial by polynomial.
 *
 * Memory plan (the reason for the deviations marked below): no function holds
 * a whole k x l matrix of 32-bit coefficients. KeyGen and Verify use each
 * entry of A-hat once, so they expand it right where it is used (row by row,
 * on the fly). Sign needs A-hat in every attempt: it expands it once and keeps
 * it as 3-byte coefficients (23 KB instead of 30 KB); s1, s2 and t0 are read
 * from sk when needed; y is kept as ExpandMask's packed output.
 */
#include <string.h>

#include "ct.h"
#include "params.h"

/* ---- small helpers ---------------------------------------------------- */

/*
 * The input checks shared by the external functions (FIPS 204, Algorithm 2
 * steps 1-3, Algorithm 3 steps 1-3, Algorithms 4 and 5 steps 1-3): |ctx| <= 255,
 * and a NULL pointer only with length 0 (API rule). Returns 0 or an error.
 */
static int check_msg_ctx(const uint8_t *m, size_t mlen, const uint8_t *ctx, size_t ctxlen)
{
    if (ctxlen > MLDSA65_CTX_MAXBYTES) {
        return MLDSA65_ERR_CTX;
    }
    if ((m == NULL && mlen > 0) || (ctx == NULL && ctxlen > 0)) {
        return MLDSA65_ERR_NULL;
    }
    return 0;
}

/* 1 if some |a_n| >= bound (the infinity-norm test of Algorithms 7 and 8),
 * without branching: the caller declassifies the bit when allowed. */
static uint32_t norm_exceeds(const int32_t a[MLDSA_N], int32_t bound)
{
#if MLDSA_X86_64
    return mldsa_norm_exceeds_avx2(a, bound);
#else
    uint32_t t = 0;
    for (unsigned n = 0; n < MLDSA_N; n++) {
        int32_t s = a[n] >> 31;
        int32_t abs = (a[n] ^ s) - s;
        t |= (uint32_t)(bound - 1 - abs) >> 31;
    }
    return t;
#endif
}

#if !MLDSA_X86_64 /* the backend uses mldsa_pointwise_acc_avx2 instead */
/* AddNTT / MultiplyNTT (Algorithms 44, 45) on the accumulated row sums: */
/* acc += a o b without reduction (64-bit sums of at most l + 1 products,
 * each below 9 q^2, far from overflow); reduced once by acc_reduce. */
static void pointwise_acc64(int64_t acc[MLDSA_N], const int32_t a[MLDSA_N],
                            const int32_t b[MLDSA_N])
{
    for (unsigned n = 0; n < MLDSA_N; n++) {
        acc[n] += (int64_t)a[n] * b[n];
    }
}

/* w = MontgomeryReduce(acc) (|acc| < 2^31 q), then below q in absolute value. */
static void acc_reduce(int32_t w[MLDSA_N], const int64_t acc[MLDSA_N])
{
    const int64_t q = mldsa_q_opaque();
    for (unsigned n = 0; n < MLDSA_N; n++) {
        w[n] = mldsa_montgomery_reduce_q(acc[n], q);
    }
}

#endif

/* The same with a stored as 3 little-endian bytes a coefficient (Sign). */
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

/*
 * NTT^-1 of an accumulated sum of at most l Montgomery products, then the
 * representative in [0, q). The sum is first brought below q in absolute
 * value, as mldsa_invntt_tomont requires.
 */
static void invntt_freeze(int32_t w[MLDSA_N])
{
#if MLDSA_X86_64
    mldsa_invntt_freeze_avx2(w);
#else
    for (unsigned n = 0; n < MLDSA_N; n++) {
        w[n] = mldsa_reduce32(w[n]);
    }
    mldsa_invntt_tomont(w);
    for (unsigned n = 0; n < MLDSA_N; n++) {
        w[n] = mldsa_caddq(w[n]);
    }
#endif
}

#if MLDSA_X86_64
/*
 * The entries (r, s) of A-hat in the order the backend expands them, four
 * at a time: e = l r + s, padded to a multiple of 4 by repeating the last.
 */
#define MLDSA_AE ((MLDSA_K * MLDSA_L + 3) / 4 * 4)
static void a_entries(uint8_t er[MLDSA_AE], uint8_t es[MLDSA_AE])
{
    unsigned e = 0;
    for (unsigned r = 0; r < MLDSA_K; r++) {
        for (unsigned s = 0; s < MLDSA_L; s++, e++) {
            er[e] = (uint8_t)r;
            es[e] = (uint8_t)s;
        }
    }
    for (; e < MLDSA_AE; e++) {
        er[e] = MLDSA_K - 1;
        es[e] = MLDSA_L - 1;
    }
}

/*
 * Backend of KeyGen step 5 and Verify step 9: w[r] = sum_s A-hat[r][s] o v[s]
 * (Montgomery products, |w| < l q), with A-hat (ExpandA, Algorithm 32)
 * expanded four entries at a time into a4 and used at once. (v is not
 * const-qualified: C11 does not convert int32_t (*)[256] to const implicitly.)
 */
static void matrix_mul_x4(int32_t w[MLDSA_K][MLDSA_N], int32_t v[MLDSA_L][MLDSA_N],
                          const uint8_t rho[MLDSA_SEEDBYTES], int32_t a4[4][MLDSA_N])
{
    uint8_t er[MLDSA_AE], es[MLDSA_AE];
    a_entries(er, es);
    memset(w, 0, (size_t)MLDSA_K * MLDSA_N * sizeof w[0][0]);
    for (unsigned e = 0; e < MLDSA_K * MLDSA_L; e += 4) {
        mldsa_rej_ntt_poly_x4(a4, rho, es + e, er + e);
        for (unsigned k = 0; k < 4 && e + k < MLDSA_K * MLDSA_L; k++) {
            mldsa_pointwise_acc_avx2(w[er[e + k]], a4[k], v[es[e + k]]);
        }
    }
}
#endif

/* ---- Algorithm 6, ML-DSA.KeyGen_internal ---------------------------------- */

/* FIPS 204, Algorithm 6, ML-DSA.KeyGen_internal(xi). */
int mldsa65_keypair_derand(uint8_t pk[MLDSA65_PUBLICKEYBYTES],
                           uint8_t sk[MLDSA65_SECRETKEYBYTES],
                           const uint8_t seed[MLDSA65_SEEDBYTES])
{
    uint8_t in[MLDSA_SEEDBYTES + 2];
    uint8_t seeds[2 * MLDSA_SEEDBYTES + MLDSA_CRHBYTES]; /* rho || rho' || K */
    const uint8_t *rho = seeds, *rhop = seeds + MLDSA_SEEDBYTES;
    const uint8_t *key = seeds + MLDSA_SEEDBYTES + MLDSA_CRHBYTES;
    struct {
        int32_t s1hat[MLDSA_L][MLDSA_N];
#if MLDSA_X86_64
        int32_t t[MLDSA_K][MLDSA_N]; /* A-hat o NTT(s1), all rows */
        int32_t a4[4][MLDSA_N];
#else
        int64_t acc[MLDSA_N];
        int32_t t[MLDSA_N];
#endif
        int32_t a[MLDSA_N];
    } ws;

    if (pk == NULL || sk == NULL || seed == NULL) {
        if (pk != NULL) {
            memset(pk, 0, MLDSA65_PUBLICKEYBYTES);
        }
        if (sk != NULL) {
            memset(sk, 0, MLDSA65_SECRETKEYBYTES);
        }
        return MLDSA65_ERR_NULL;
    }
    /* Step 1: (rho, rho', K) <- H(xi || IntegerToBytes(k, 1) || IntegerToBytes(l, 1), 128). */
    memcpy(in, seed, MLDSA_SEEDBYTES);
    in[MLDSA_SEEDBYTES] = MLDSA_K;
    in[MLDSA_SEEDBYTES + 1] = MLDSA_L;
    shake256(seeds, sizeof seeds, in, sizeof in);
    /* rho is the public seed of A-hat (it goes into pk): declassified
     * (constant-time.md 1.4, ML-DSA item 1) so that ExpandA may branch. */
    MLDSA_CT_DECLASSIFY(seeds, MLDSA_SEEDBYTES);

#if MLDSA_X86_64
    /* Backend: step 4 (ExpandS), all l + k polynomials four at a time
     * (r = 0..10, the last batch repeats r = 10); skEncode steps 3, 6 (s1
     * and s2 are contiguous in sk); NTT(s1) for step 5. */
    for (unsigned b = 0; b < MLDSA_L + MLDSA_K; b += 4) {
        uint16_t r4[4];
        for (unsigned k = 0; k < 4; k++) {
            r4[k] = (uint16_t)(b + k < MLDSA_L + MLDSA_K ? b + k : MLDSA_L + MLDSA_K - 1);
        }
        mldsa_rej_bounded_poly_x4(ws.a4, rhop, r4);
        for (unsigned k = 0; k < 4 && b + k < MLDSA_L + MLDSA_K; k++) {
            mldsa_pack_eta_avx2(sk + MLDSA_SK_S1 + (b + k) * MLDSA_ETA_POLYBYTES, ws.a4[k]);
            if (b + k < MLDSA_L) {
                memcpy(ws.s1hat[b + k], ws.a4[k], sizeof ws.a4[k]);
                MLDSA_NTT(ws.s1hat[b + k]);
            }
        }
    }
    /* Steps 3, 5: A-hat o NTT(s1) for all rows, A-hat four entries at a time. */
    matrix_mul_x4(ws.t, ws.s1hat, rho, ws.a4);
#else
    /* Step 4 (ExpandS, first half): s1; skEncode step 3; NTT(s1) for step 5. */
    for (unsigned r = 0; r < MLDSA_L; r++) {
        mldsa_rej_bounded_poly(ws.s1hat[r], rhop, (uint16_t)r);
        mldsa_pack_eta(sk + MLDSA_SK_S1 + r * MLDSA_ETA_POLYBYTES, ws.s1hat[r]);
        MLDSA_NTT(ws.s1hat[r]);
    }
#endif

    /*
     * Steps 3, 5, 6 row by row. Deviation: A-hat[i][j] is expanded (step 3,
     * ExpandA) just before its one use, so the matrix is never stored whole.
     */
    for (unsigned i = 0; i < MLDSA_K; i++) {
#if MLDSA_X86_64
        /* Backend: A-hat o NTT(s1) is ready for every row (above). */
        invntt_freeze(ws.t[i]); /* NTT^-1(A-hat o NTT(s1))[i] */
        /* Steps 5, 6 with s2[i] read back from skEncode (written above). */
        mldsa_power2round_avx2(ws.t[i], ws.a, sk + MLDSA_SK_S2 + i * MLDSA_ETA_POLYBYTES);
        mldsa_pack_t1_avx2(pk + MLDSA_PK_T1 + i * MLDSA_T1_POLYBYTES, ws.t[i]); /* pkEncode 3 */
        mldsa_pack_t0_avx2(sk + MLDSA_SK_T0 + i * MLDSA_T0_POLYBYTES, ws.a); /* skEncode 9 */
#else
        memset(ws.acc, 0, sizeof ws.acc);
        for (unsigned j = 0; j < MLDSA_L; j++) {
            mldsa_rej_ntt_poly(ws.a, rho, (uint8_t)j, (uint8_t)i);
            pointwise_acc64(ws.acc, ws.a, ws.s1hat[j]);
        }
        acc_reduce(ws.t, ws.acc);
        invntt_freeze(ws.t); /* NTT^-1(A-hat o NTT(s1))[i] */
        /* Step 4 (ExpandS, second half): s2[i]; skEncode step 6. */
        mldsa_rej_bounded_poly(ws.a, rhop, (uint16_t)(MLDSA_L + i));
        mldsa_pack_eta(sk + MLDSA_SK_S2 + i * MLDSA_ETA_POLYBYTES, ws.a);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            int32_t t1, t0;
            /* Step 5: t = ... + s2, in [0, q); step 6: Power2Round. */
            mldsa_power2round(&t1, &t0, mldsa_freeze(ws.t[n] + ws.a[n]));
            ws.t[n] = t1;
            ws.a[n] = t0;
        }
        mldsa_pack_t1(pk + MLDSA_PK_T1 + i * MLDSA_T1_POLYBYTES, ws.t); /* pkEncode step 3 */
        mldsa_pack_t0(sk + MLDSA_SK_T0 + i * MLDSA_T0_POLYBYTES, ws.a); /* skEncode step 9 */
#endif
    }

    /* Step 8: pkEncode(rho, t1); step 9: tr <- H(pk, 64); step 10: skEncode. */
    memcpy(pk, rho, MLDSA_SEEDBYTES);
    memcpy(sk, rho, MLDSA_SEEDBYTES);
    memcpy(sk + MLDSA_SK_K, key, MLDSA_SEEDBYTES);
    shake256(sk + MLDSA_SK_TR, MLDSA_CRHBYTES, pk, MLDSA65_PUBLICKEYBYTES);

    mldsa_ct_wipe(&ws, sizeof ws);
    mldsa_ct_wipe(seeds, sizeof seeds);
    mldsa_ct_wipe(in, sizeof in);
    return 0;
}

/* FIPS 204, Algorithm 1, ML-DSA.KeyGen. */
int mldsa65_keypair(uint8_t pk[MLDSA65_PUBLICKEYBYTES], uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    uint8_t xi[MLDSA_SEEDBYTES];
    int ret;
    if (pk == NULL || sk == NULL) {
        return mldsa65_keypair_derand(pk, sk, NULL); /* MLDSA65_ERR_NULL, outputs zeroed */
    }
    if (randombytes(xi, sizeof xi) != 0) {
        mldsa_ct_wipe(xi, sizeof xi);
        memset(pk, 0, MLDSA65_PUBLICKEYBYTES);
        memset(sk, 0, MLDSA65_SECRETKEYBYTES);
        return MLDSA65_ERR_RANDOM;
    }
    ret = mldsa65_keypair_derand(pk, sk, xi);
    mldsa_ct_wipe(xi, sizeof xi);
    return ret;
}

/* ---- Algorithm 7, ML-DSA.Sign_internal ------------------------------------ */

/*
 * c = SampleInBall(c-tilde) as the list of its tau non-zero positions and
 * signs. c is public (it follows from the declassified c-tilde).
 */
typedef struct {
    uint8_t pos[MLDSA_TAU];
    int8_t sgn[MLDSA_TAU];
#if MLDSA_X86_64
    uint16_t off[MLDSA_TAU]; /* backend: the term offsets of mldsa_sparse_offsets_avx2 */
#endif
} sparse_c;

#if !MLDSA_X86_64 /* the backend: mldsa_sparse_mul_eta_avx2, mldsa_sparse_mul32_avx2 */
/*
 * ext[0..255] = -s and ext[256..511] = s for a polynomial s, so that the
 * negacyclic shift x^p * s is ext[256 - p .. 511 - p].
 */
static void make_ext16(int16_t ext[2 * MLDSA_N], const int32_t s[MLDSA_N])
{
    for (unsigned n = 0; n < MLDSA_N; n++) {
        ext[MLDSA_N + n] = (int16_t)s[n];
        ext[n] = (int16_t)-s[n];
    }
}

/*
 * r = c * s in R_q, with c sparse (tau coefficients +-1) and s given by its
 * ext table. Deviation: FIPS 204 writes <<c s1>> = NTT^-1(c-hat o s1-hat)
 * (Algorithm 7, steps 18, 19, 25; Algorithm 8, step 9 for c t1); for a c with
 * 49 non-zero coefficients the schoolbook product of the same polynomials is
 * cheaper than the NTTs and gives the same element of R_q, here as its exact
 * small integer representative. The memory indices follow the public
 * positions of c only; the secret s is only loaded and added.
 * The ext tables are 16-bit (|t0| <= 2^12, t1 < 2^10, |s| <= 11). Two widths
 * of sums: 16-bit for s1, s2 (|c s| <= 49 * 11 even for a malformed sk), so
 * that the compiler adds 8 coefficients at once, and 32-bit for t0 and t1
 * (|c t0| <= 49 * 4096).
 */
static void sparse_mul16(int32_t r[MLDSA_N], const int16_t *restrict ext, const sparse_c *c)
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

static void sparse_mul32(int32_t *restrict r, const int16_t *restrict ext, const sparse_c *c)
{
    memset(r, 0, MLDSA_N * sizeof r[0]);
    for (unsigned k = 0; k < MLDSA_TAU; k++) {
        const int16_t *restrict e = ext + MLDSA_N - c->pos[k];
        if (c->sgn[k] > 0) {
            for (unsigned n = 0; n < MLDSA_N; n++) {
                r[n] += e[n];
            }
        } else {
            for (unsigned n = 0; n < MLDSA_N; n++) {
                r[n] -= e[n];
            }
        }
    }
}

#endif

/* c as the list of its tau non-zero positions and signs (c is public). */
static void sparse_from_poly(sparse_c *c, const int32_t cpoly[MLDSA_N])
{
    unsigned k = 0;
    for (unsigned n = 0; n < MLDSA_N; n++) {
        if (cpoly[n] != 0) {
            c->pos[k] = (uint8_t)n;
            c->sgn[k] = (int8_t)cpoly[n];
            k++;
        }
    }
#if MLDSA_X86_64
    mldsa_sparse_offsets_avx2(c->off, c->pos, c->sgn);
#endif
}

/*
 * The signer's working memory. A is A-hat (Algorithm 7, step 5) as 3-byte
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
 * Algorithm 7 from step 7 on, with mu = H(BytesToBits(tr) || M', 64) given
 * (step 6 is done by the callers: mldsa_sign_core, or the external-mu API).
 */
static int sign_from_mu(uint8_t sig[MLDSA65_BYTES], const uint8_t mu[MLDSA_CRHBYTES],
                        const uint8_t rnd[MLDSA_SEEDBYTES],
                        const uint8_t sk[MLDSA65_SECRETKEYBYTES], unsigned max_attempts)
{
    sign_ws ws;
    sha3_ctx ctx;
    sparse_c c;
    uint8_t rho[MLDSA_SEEDBYTES];
    uint8_t rhopp[MLDSA_CRHBYTES];
    uint8_t ctilde[MLDSA_CTILDEBYTES];
    uint32_t bad_sk = 0, mask;
    int ret = MLDSA65_ERR_ATTEMPTS;

    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (mu == NULL || rnd == NULL || sk == NULL) {
        memset(sig, 0, MLDSA65_BYTES);
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
        a_entries(er, es);
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
            invntt_freeze(ws.w[i]);
            mldsa_w1_encode_avx2(ws.hin + MLDSA_CRHBYTES + i * MLDSA_W1_POLYBYTES, ws.w[i]);
        }
        (void)sha3_absorb(&ctx, ws.hin, sizeof ws.hin);
#else
        (void)sha3_absorb(&ctx, mu, MLDSA_CRHBYTES);
        for (unsigned i = 0; i < MLDSA_K; i++) {
            invntt_freeze(ws.w[i]);
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
        sparse_from_poly(&c, ws.tmp);

        /* Steps 18, 20, 23 (first half): z <- y + <<c s1>>, ||z|| < gamma1 - beta. */
        reject = 0;
        for (unsigned j = 0; j < MLDSA_L; j++) {
#if MLDSA_X86_64
            mldsa_sparse_mul_eta_avx2(ws.tmp, sk + MLDSA_SK_S1 + j * MLDSA_ETA_POLYBYTES, c.off);
            /* z = y + c s1, its norm check and sigEncode step 3, in place */
            reject |= mldsa_z_finish_avx2(ws.ybuf[j], ws.tmp, MLDSA_GAMMA1 - MLDSA_BETA);
#else
            (void)mldsa_unpack_eta(ws.tmp, sk + MLDSA_SK_S1 + j * MLDSA_ETA_POLYBYTES);
            make_ext16(ws.ext, ws.tmp);
            sparse_mul16(ws.tmp, ws.ext, &c);
            mldsa_unpack_z_acc(ws.tmp, ws.ybuf[j]); /* z = y + c s1 */
            reject |= norm_exceeds(ws.tmp, MLDSA_GAMMA1 - MLDSA_BETA);
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
            make_ext16(ws.ext, ws.tmp);
            sparse_mul16(ws.tmp, ws.ext, &c);
            for (unsigned n = 0; n < MLDSA_N; n++) {
                int32_t r0;
                ws.w[i][n] = mldsa_freeze(ws.w[i][n] - ws.tmp[n]);
                (void)mldsa_decompose(&r0, ws.w[i][n]);
                ws.tmp[n] = r0;
            }
            reject |= norm_exceeds(ws.tmp, MLDSA_GAMMA2 - MLDSA_BETA);
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
            reject |= norm_exceeds(ws.tmp, MLDSA_GAMMA2);
            cnt += mldsa_make_hint_avx2(ws.h[i], ws.tmp, ws.w[i]);
#else
            make_ext16(ws.ext, ws.tmp);
            sparse_mul32(ws.tmp, ws.ext, &c);
            reject |= norm_exceeds(ws.tmp, MLDSA_GAMMA2);
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
        memset(sig, 0, MLDSA65_BYTES);
    }

    /* A malformed sk (s1/s2 outside [-eta, eta]) gives MLDSA65_ERR_SECRETKEY and
     * a zeroed signature, selected with a mask (no branch on sk). */
    mask = mldsa_ct_barrier_u32(0u - mldsa_ct_nonzero_bit(bad_sk));
    {
        const uint8_t keep = (uint8_t)mldsa_ct_barrier_u32(~mask);
        for (unsigned n = 0; n < MLDSA65_BYTES; n++) {
            sig[n] &= keep;
        }
    }
    ret = (int)(((uint32_t)ret & ~mask) | ((uint32_t)MLDSA65_ERR_SECRETKEY & mask));

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
    sha3_release(&ctx);
    return ret;
}

/* Algorithm 7 with M' = pre || m: step 6, then sign_from_mu. */
int mldsa_sign_core(uint8_t sig[MLDSA65_BYTES], const uint8_t *pre, size_t prelen,
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
        memset(sig, 0, MLDSA65_BYTES);
        return MLDSA65_ERR_NULL;
    }
    /* Step 6: mu <- H(BytesToBits(tr) || M', 64). */
    shake256_init(&ctx);
    (void)sha3_absorb(&ctx, sk + MLDSA_SK_TR, MLDSA_CRHBYTES);
    (void)sha3_absorb(&ctx, pre, prelen);
    (void)sha3_absorb(&ctx, m, mlen);
    shake_finalize(&ctx);
    shake_squeeze(&ctx, mu, sizeof mu);
    sha3_release(&ctx);
    ret = sign_from_mu(sig, mu, rnd, sk, max_attempts);
    mldsa_ct_wipe(mu, sizeof mu);
    return ret;
}

/* FIPS 204, Algorithm 7, ML-DSA.Sign_internal (M' given by the caller). */
int mldsa65_sign_internal(uint8_t sig[MLDSA65_BYTES], const uint8_t *mp, size_t mplen,
                          const uint8_t rnd[MLDSA65_RNDBYTES],
                          const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (mp == NULL && mplen > 0) {
        memset(sig, 0, MLDSA65_BYTES);
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
int mldsa65_sign_derand(uint8_t sig[MLDSA65_BYTES], const uint8_t *m, size_t mlen,
                        const uint8_t *ctx, size_t ctxlen, const uint8_t rnd[MLDSA65_RNDBYTES],
                        const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    uint8_t pre[2 + MLDSA65_CTX_MAXBYTES];
    int ret = check_msg_ctx(m, mlen, ctx, ctxlen);
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (ret != 0) {
        memset(sig, 0, MLDSA65_BYTES);
        return ret;
    }
    pre[0] = 0;
    pre[1] = (uint8_t)ctxlen;
    if (ctxlen > 0) {
        memcpy(pre + 2, ctx, ctxlen);
    }
    return mldsa_sign_core(sig, pre, 2 + ctxlen, m, mlen, rnd, sk, MLDSA65_MAX_SIGN_ATTEMPTS);
}

/* FIPS 204, Algorithm 2, ML-DSA.Sign, hedged: step 5, rnd <- 32 random bytes. */
int mldsa65_sign(uint8_t sig[MLDSA65_BYTES], const uint8_t *m, size_t mlen, const uint8_t *ctx,
                 size_t ctxlen, const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    uint8_t rnd[MLDSA65_RNDBYTES];
    int ret = check_msg_ctx(m, mlen, ctx, ctxlen);
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (ret != 0) { /* checked first: a rejected call consumes no randomness */
        memset(sig, 0, MLDSA65_BYTES);
        return ret;
    }
    if (randombytes(rnd, sizeof rnd) != 0) {
        mldsa_ct_wipe(rnd, sizeof rnd);
        memset(sig, 0, MLDSA65_BYTES);
        return MLDSA65_ERR_RANDOM;
    }
    ret = mldsa65_sign_derand(sig, m, mlen, ctx, ctxlen, rnd, sk);
    mldsa_ct_wipe(rnd, sizeof rnd);
    return ret;
}

/* FIPS 204, Algorithm 2 (hedged), after the length check of bad-input item 18
 * (the "type check" a byte string of unknown length needs). */
int mldsa65_sign_sklen(uint8_t sig[MLDSA65_BYTES], const uint8_t *m, size_t mlen,
                       const uint8_t *ctx, size_t ctxlen, const uint8_t *sk, size_t sklen)
{
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (sk == NULL && sklen > 0) {
        memset(sig, 0, MLDSA65_BYTES);
        return MLDSA65_ERR_NULL;
    }
    if (sklen != MLDSA65_SECRETKEYBYTES) {
        memset(sig, 0, MLDSA65_BYTES);
        return MLDSA65_ERR_LENGTH;
    }
    return mldsa65_sign(sig, m, mlen, ctx, ctxlen, sk);
}

/* ---- Algorithm 8, ML-DSA.Verify_internal ------------------------------------ */

/*
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
    sparse_c c;
    sha3_ctx ctx;
    uint8_t ctilde2[MLDSA_CTILDEBYTES];
    const uint8_t *rho = pk;

    /* Exact length (sigDecode reads exactly MLDSA65_BYTES). */
    if (siglen != MLDSA65_BYTES) {
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
        if (norm_exceeds(ws.zhat[j], MLDSA_GAMMA1 - MLDSA_BETA)) {
            return MLDSA65_ERR_VERIFY;
        }
        MLDSA_NTT(ws.zhat[j]);
    }

    /* Step 8: c <- SampleInBall(c-tilde), as a sparse list. */
    mldsa_sample_in_ball(ws.a, sig);
    sparse_from_poly(&c, ws.a);

    /* Steps 9-12 row by row: w'_approx = NTT^-1(A-hat o NTT(z) - NTT(c) o NTT(t1 2^d)),
     * w1' <- UseHint(h, w'_approx), c-tilde' <- H(mu || w1Encode(w1'), 48).
     * Deviations: A-hat (step 5) is expanded entry by entry where it is used;
     * c t1 is the sparse product (see sparse_mul16), |c t1 2^d| < 2^29, and
     * is subtracted after NTT^-1 (the same element of R_q). */
#if MLDSA_X86_64
    matrix_mul_x4(ws.w, ws.zhat, rho, ws.a4); /* backend: A-hat o NTT(z), all rows */
#endif
    shake256_init(&ctx);
    (void)sha3_absorb(&ctx, mu, MLDSA_CRHBYTES);
    for (unsigned i = 0; i < MLDSA_K; i++) {
#if MLDSA_X86_64
        int32_t *w = ws.w[i];
        invntt_freeze(w); /* in [0, q) instead of (-q, q): the same mod q */
#else
        int32_t *w = ws.w;
        memset(ws.acc, 0, sizeof ws.acc);
        for (unsigned j = 0; j < MLDSA_L; j++) {
            mldsa_rej_ntt_poly(ws.a, rho, (uint8_t)j, (uint8_t)i);
            pointwise_acc64(ws.acc, ws.a, ws.zhat[j]);
        }
        acc_reduce(ws.w, ws.acc);
        mldsa_invntt_tomont(ws.w);
#endif
        mldsa_unpack_t1(ws.a, pk + MLDSA_PK_T1 + i * MLDSA_T1_POLYBYTES); /* pkDecode */
#if MLDSA_X86_64
        mldsa_sparse_mul32_avx2(ws.a, ws.a, c.off);
        mldsa_use_hint_encode_avx2(ws.w1buf, w, ws.a, ws.h[i]);
#else
        make_ext16(ws.ext, ws.a);
        sparse_mul32(ws.a, ws.ext, &c);
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

/* mu = H(BytesToBits(H(pk, 64)) || pre || m, 64): Algorithm 8, steps 6-7. */
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
    sha3_release(&ctx);
}

static int verify_core(const uint8_t *sig, size_t siglen, const uint8_t *pre, size_t prelen,
                       const uint8_t *m, size_t mlen, const uint8_t pk[MLDSA65_PUBLICKEYBYTES])
{
    uint8_t mu[MLDSA_CRHBYTES];
    if ((sig == NULL && siglen > 0) || pk == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (siglen != MLDSA65_BYTES) {
        return MLDSA65_ERR_VERIFY;
    }
    compute_mu(mu, pre, prelen, m, mlen, pk);
    return verify_from_mu(sig, siglen, mu, pk);
}

/* FIPS 204, Algorithm 8, ML-DSA.Verify_internal. */
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
    int ret = check_msg_ctx(m, mlen, ctx, ctxlen);
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

/* FIPS 204, Algorithm 3, after the length check of bad-input item 11. */
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

/* ---- Extras: external mu (FIPS 204, Section 6.2 note) ---------------------- */

/* mu = H(BytesToBits(H(pk, 64)) || M', 64), M' = 0 || |ctx| || ctx || M: FIPS 204,
 * Algorithm 2 step 10 with Algorithm 7 step 6 (tr = H(pk, 64), Algorithm 6 step 9). */
int mldsa65_compute_mu(uint8_t mu[MLDSA65_MUBYTES], const uint8_t *m, size_t mlen,
                       const uint8_t *ctx, size_t ctxlen,
                       const uint8_t pk[MLDSA65_PUBLICKEYBYTES])
{
    uint8_t pre[2 + MLDSA65_CTX_MAXBYTES];
    int ret = check_msg_ctx(m, mlen, ctx, ctxlen);
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

/* FIPS 204, Algorithm 7, ML-DSA.Sign_internal from step 7 on, mu given. */
int mldsa65_sign_mu_derand(uint8_t sig[MLDSA65_BYTES], const uint8_t mu[MLDSA65_MUBYTES],
                           const uint8_t rnd[MLDSA65_RNDBYTES],
                           const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    return sign_from_mu(sig, mu, rnd, sk, MLDSA65_MAX_SIGN_ATTEMPTS);
}

/* As mldsa65_sign_mu_derand, rnd from randombytes() (Algorithm 2, step 5). */
int mldsa65_sign_mu(uint8_t sig[MLDSA65_BYTES], const uint8_t mu[MLDSA65_MUBYTES],
                    const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    uint8_t rnd[MLDSA65_RNDBYTES];
    int ret;
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (mu == NULL || sk == NULL) { /* checked first: no randomness drawn */
        memset(sig, 0, MLDSA65_BYTES);
        return MLDSA65_ERR_NULL;
    }
    if (randombytes(rnd, sizeof rnd) != 0) {
        mldsa_ct_wipe(rnd, sizeof rnd);
        memset(sig, 0, MLDSA65_BYTES);
        return MLDSA65_ERR_RANDOM;
    }
    ret = sign_from_mu(sig, mu, rnd, sk, MLDSA65_MAX_SIGN_ATTEMPTS);
    mldsa_ct_wipe(rnd, sizeof rnd);
    return ret;
}

/* FIPS 204, Algorithm 8, ML-DSA.Verify_internal with step 7 (mu) given. */
int mldsa65_verify_mu(const uint8_t *sig, size_t siglen, const uint8_t mu[MLDSA65_MUBYTES],
                      const uint8_t pk[MLDSA65_PUBLICKEYBYTES])
{
    if ((sig == NULL && siglen > 0) || mu == NULL || pk == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (siglen != MLDSA65_BYTES) {
        return MLDSA65_ERR_VERIFY;
    }
    return verify_from_mu(sig, siglen, mu, pk);
}

/* ---- Extras: HashML-DSA (FIPS 204, Algorithms 4 and 5) ------------------- */

/*
 * Algorithm 4, steps 10-22 / Algorithm 5, steps 4-16: the prefix
 * 1 || |ctx| || ctx || OID and PH(M) for the pre-hashes this tree has. The
 * OIDs are the DER encodings of NIST hashAlgs 2.16.840.1.101.3.4.2.x:
 * SHA-256 = 1, SHA-384 = 2, SHA-512 = 3, SHA-224 = 4, SHA-512/224 = 5,
 * SHA-512/256 = 6, SHA3-224 = 7, SHA3-256 = 8, SHA3-384 = 9, SHA3-512 = 10,
 * SHAKE128 = 11, SHAKE256 = 12 (SHAKE128 with 256 output bits, SHAKE256
 * with 512). Returns the length of pre, the
 * digest length in *phlen, or 0 for an unknown ph.
 */
static size_t hash_prefix(uint8_t pre[2 + MLDSA65_CTX_MAXBYTES + 11], uint8_t ph_m[64],
                          size_t *phlen, const uint8_t *m, size_t mlen, const uint8_t *ctx,
                          size_t ctxlen, int ph)
{
    static const uint8_t oid_prefix[10] = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                           0x65, 0x03, 0x04, 0x02};
    uint8_t last;
    switch (ph) {
    case MLDSA65_PH_SHA3_256:
        last = 0x08;
        sha3_256(ph_m, m, mlen);
        *phlen = 32;
        break;
    case MLDSA65_PH_SHA3_512:
        last = 0x0A;
        sha3_512(ph_m, m, mlen);
        *phlen = 64;
        break;
    case MLDSA65_PH_SHAKE128:
        last = 0x0B;
        shake128(ph_m, 32, m, mlen);
        *phlen = 32;
        break;
    case MLDSA65_PH_SHAKE256:
        last = 0x0C;
        shake256(ph_m, 64, m, mlen);
        *phlen = 64;
        break;
    case MLDSA65_PH_SHA2_256:
        last = 0x01;
        mldsa_sha2_256(ph_m, m, mlen);
        *phlen = 32;
        break;
    case MLDSA65_PH_SHA2_384:
        last = 0x02;
        mldsa_sha2_384(ph_m, m, mlen);
        *phlen = 48;
        break;
    case MLDSA65_PH_SHA2_512:
        last = 0x03;
        mldsa_sha2_512(ph_m, m, mlen);
        *phlen = 64;
        break;
    case MLDSA65_PH_SHA2_224:
        last = 0x04;
        mldsa_sha2_224(ph_m, m, mlen);
        *phlen = 28;
        break;
    case MLDSA65_PH_SHA2_512_224:
        last = 0x05;
        mldsa_sha2_512_224(ph_m, m, mlen);
        *phlen = 28;
        break;
    case MLDSA65_PH_SHA2_512_256:
        last = 0x06;
        mldsa_sha2_512_256(ph_m, m, mlen);
        *phlen = 32;
        break;
    case MLDSA65_PH_SHA3_224:
        last = 0x07;
        mldsa_sha3_224(ph_m, m, mlen);
        *phlen = 28;
        break;
    case MLDSA65_PH_SHA3_384:
        last = 0x09;
        mldsa_sha3_384(ph_m, m, mlen);
        *phlen = 48;
        break;
    default:
        return 0;
    }
    pre[0] = 1;
    pre[1] = (uint8_t)ctxlen;
    if (ctxlen > 0) {
        memcpy(pre + 2, ctx, ctxlen);
    }
    memcpy(pre + 2 + ctxlen, oid_prefix, sizeof oid_prefix);
    pre[2 + ctxlen + sizeof oid_prefix] = last;
    return 2 + ctxlen + 11;
}

/* FIPS 204, Algorithm 4, HashML-DSA.Sign, rnd given. */
int mldsa65_prehash_sign_derand(uint8_t sig[MLDSA65_BYTES], const uint8_t *m, size_t mlen,
                                const uint8_t *ctx, size_t ctxlen, int ph,
                                const uint8_t rnd[MLDSA65_RNDBYTES],
                                const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    uint8_t pre[2 + MLDSA65_CTX_MAXBYTES + 11], ph_m[64];
    size_t prelen, phlen = 0;
    int ret = check_msg_ctx(m, mlen, ctx, ctxlen);
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (ret != 0) {
        memset(sig, 0, MLDSA65_BYTES);
        return ret;
    }
    prelen = hash_prefix(pre, ph_m, &phlen, m, mlen, ctx, ctxlen, ph);
    if (prelen == 0) {
        memset(sig, 0, MLDSA65_BYTES);
        return MLDSA65_ERR_PREHASH;
    }
    ret = mldsa_sign_core(sig, pre, prelen, ph_m, phlen, rnd, sk, MLDSA65_MAX_SIGN_ATTEMPTS);
    mldsa_ct_wipe(ph_m, sizeof ph_m);
    return ret;
}

/* FIPS 204, Algorithm 4, HashML-DSA.Sign, hedged: steps 5-9, rnd from randombytes(). */
int mldsa65_prehash_sign(uint8_t sig[MLDSA65_BYTES], const uint8_t *m, size_t mlen,
                         const uint8_t *ctx, size_t ctxlen, int ph,
                         const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    uint8_t rnd[MLDSA65_RNDBYTES];
    int ret = check_msg_ctx(m, mlen, ctx, ctxlen);
    if (ret == 0 && !(ph >= MLDSA65_PH_SHA3_256 && ph <= MLDSA65_PH_SHA3_384)) {
        ret = MLDSA65_ERR_PREHASH;
    }
    if (sig == NULL) {
        return MLDSA65_ERR_NULL;
    }
    if (ret != 0) { /* checked first: a rejected call consumes no randomness */
        memset(sig, 0, MLDSA65_BYTES);
        return ret;
    }
    if (randombytes(rnd, sizeof rnd) != 0) {
        mldsa_ct_wipe(rnd, sizeof rnd);
        memset(sig, 0, MLDSA65_BYTES);
        return MLDSA65_ERR_RANDOM;
    }
    ret = mldsa65_prehash_sign_derand(sig, m, mlen, ctx, ctxlen, ph, rnd, sk);
    mldsa_ct_wipe(rnd, sizeof rnd);
    return ret;
}

/* FIPS 204, Algorithm 5, HashML-DSA.Verify. */
int mldsa65_prehash_verify(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                           const uint8_t *ctx, size_t ctxlen, int ph,
                           const uint8_t pk[MLDSA65_PUBLICKEYBYTES])
{
    uint8_t pre[2 + MLDSA65_CTX_MAXBYTES + 11], ph_m[64];
    size_t prelen, phlen = 0;
    int ret = check_msg_ctx(m, mlen, ctx, ctxlen);
    if (ret != 0) {
        return ret;
    }
    prelen = hash_prefix(pre, ph_m, &phlen, m, mlen, ctx, ctxlen, ph);
    if (prelen == 0) {
        return MLDSA65_ERR_PREHASH;
    }
    return verify_core(sig, siglen, pre, prelen, ph_m, phlen, pk);
}
