/*
 * internal.h -- what keygen.c, sign.c and verify.c share: the input check of
 * the external functions, the infinity-norm test, the NTT-domain row
 * products, and the sparse products with the challenge c. All static inline
 * (each file gets its own copy, as when they were static in one file);
 * params.h has the private prototypes between the files.
 *
 * Memory plan (the reason for the deviations marked in the three files): no
 * function holds a whole k x l matrix of 32-bit coefficients. KeyGen and
 * Verify use each entry of A-hat once, so they expand it right where it is
 * used (row by row, on the fly). Sign needs A-hat in every attempt: it
 * expands it once and keeps it as 3-byte coefficients (23 KB instead of
 * 30 KB); s1, s2 and t0 are read from sk when needed; y is kept as
 * ExpandMask's packed output.
 */
#ifndef AEGIS_MLDSA_INTERNAL_H
#define AEGIS_MLDSA_INTERNAL_H

#include <string.h>

#include "params.h"

/*
 * Two helpers keep the inlining the compilers chose when keygen, sign and
 * verify were one file (then each had two callers): inlined into their one
 * caller of a file, they cost instructions. MLDSA_NOINLINE (gcc and clang):
 * mldsa_matrix_mul_x4 (clang -O2 backend KeyGen and Verify +31 each);
 * MLDSA_NOINLINE_GCC (gcc only; clang inlined it before and still does):
 * mldsa_sparse_mul32 (gcc -O2 portable Verify +1.4 k, Sign +0.7 k).
 */
#if defined(__GNUC__) || defined(__clang__)
#define MLDSA_NOINLINE static __attribute__((noinline, unused))
#else
#define MLDSA_NOINLINE static inline
#endif
#if defined(__GNUC__) && !defined(__clang__)
#define MLDSA_NOINLINE_GCC static __attribute__((noinline, unused))
#else
#define MLDSA_NOINLINE_GCC static inline
#endif

/*
 * The input checks of the external functions (ML-DSA.Sign and ML-DSA.Verify
 * steps 1-3, HashML-DSA.Sign and HashML-DSA.Verify steps 1-3): |ctx| <= 255,
 * and a NULL pointer only with length 0 (API rule). Returns 0 or an error.
 */
static inline int mldsa_check_msg_ctx(const uint8_t *m, size_t mlen, const uint8_t *ctx,
                                      size_t ctxlen)
{
    if (ctxlen > MLDSA65_CTX_MAXBYTES) {
        return MLDSA65_ERR_LENGTH;
    }
    if ((m == NULL && mlen > 0) || (ctx == NULL && ctxlen > 0)) {
        return MLDSA65_ERR_NULL;
    }
    return 0;
}

/* 1 if some |a_n| >= bound (the infinity-norm test of Sign_internal and
 * Verify_internal), without branching: the caller declassifies the bit when
 * allowed. */
static inline uint32_t mldsa_norm_exceeds(const int32_t a[MLDSA_N], int32_t bound)
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
/*
 * One row of MatrixVectorNTT (KeyGen step 5, Verify step 9): MultiplyNTT
 * and AddNTT summed without reduction, acc += a o b (64-bit sums of at most
 * l + 1 products, each below 9 q^2, far from overflow); reduced once by
 * mldsa_acc_reduce.
 */
static inline void mldsa_pointwise_acc64(int64_t acc[MLDSA_N], const int32_t a[MLDSA_N],
                                         const int32_t b[MLDSA_N])
{
    for (unsigned n = 0; n < MLDSA_N; n++) {
        acc[n] += (int64_t)a[n] * b[n];
    }
}

/* w = MontgomeryReduce(acc) (|acc| < 2^31 q), then below q in absolute value. */
static inline void mldsa_acc_reduce(int32_t w[MLDSA_N], const int64_t acc[MLDSA_N])
{
    const int64_t q = mldsa_q_opaque();
    for (unsigned n = 0; n < MLDSA_N; n++) {
        w[n] = mldsa_montgomery_reduce_q(acc[n], q);
    }
}

#endif

/*
 * NTT^-1 of an accumulated sum of at most l Montgomery products, then the
 * representative in [0, q). The sum is first brought below q in absolute
 * value, as mldsa_invntt_tomont requires.
 */
static inline void mldsa_invntt_freeze(int32_t w[MLDSA_N])
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
static inline void mldsa_a_entries(uint8_t er[MLDSA_AE], uint8_t es[MLDSA_AE])
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
 * (Montgomery products, |w| < l q), with A-hat (ExpandA) expanded four
 * entries at a time into a4 and used at once. (v is not const-qualified:
 * C11 does not convert int32_t (*)[256] to const implicitly.)
 */
MLDSA_NOINLINE void mldsa_matrix_mul_x4(int32_t w[MLDSA_K][MLDSA_N], int32_t v[MLDSA_L][MLDSA_N],
                                       const uint8_t rho[MLDSA_SEEDBYTES], int32_t a4[4][MLDSA_N])
{
    uint8_t er[MLDSA_AE], es[MLDSA_AE];
    mldsa_a_entries(er, es);
    memset(w, 0, (size_t)MLDSA_K * MLDSA_N * sizeof w[0][0]);
    for (unsigned e = 0; e < MLDSA_K * MLDSA_L; e += 4) {
        mldsa_rej_ntt_poly_x4(a4, rho, es + e, er + e);
        for (unsigned k = 0; k < 4 && e + k < MLDSA_K * MLDSA_L; k++) {
            mldsa_pointwise_acc_avx2(w[er[e + k]], a4[k], v[es[e + k]]);
        }
    }
}
#endif

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
} mldsa_sparse_c;

#if !MLDSA_X86_64 /* the backend: mldsa_sparse_mul_eta_avx2, mldsa_sparse_mul32_avx2 */
/*
 * ext[0..255] = -s and ext[256..511] = s for a polynomial s, so that the
 * negacyclic shift x^p * s is ext[256 - p .. 511 - p].
 */
static inline void mldsa_make_ext16(int16_t ext[2 * MLDSA_N], const int32_t s[MLDSA_N])
{
    for (unsigned n = 0; n < MLDSA_N; n++) {
        ext[MLDSA_N + n] = (int16_t)s[n];
        ext[n] = (int16_t)-s[n];
    }
}

/*
 * r = c * s in R_q, with c sparse (tau coefficients +-1) and s given by its
 * ext table. Deviation: FIPS 204 writes <<c s1>> = NTT^-1(c-hat o s1-hat)
 * (Sign_internal steps 18, 19, 25; Verify_internal step 9 for c t1); for a c
 * with 49 non-zero coefficients the schoolbook product of the same
 * polynomials is cheaper than the NTTs and gives the same element of R_q,
 * here as its exact small integer representative. The memory indices follow
 * the public positions of c only; the secret s is only loaded and added.
 * The ext tables are 16-bit (|t0| <= 2^12, t1 < 2^10, |s| <= 11). Two widths
 * of sums: 16-bit for s1, s2 (mldsa_sparse_mul16 in sign.c: |c s| <= 49 * 11
 * even for a malformed sk), so that the compiler adds 8 coefficients at
 * once, and 32-bit here for t0 and t1 (|c t0| <= 49 * 4096).
 */
MLDSA_NOINLINE_GCC void mldsa_sparse_mul32(int32_t *restrict r, const int16_t *restrict ext,
                                      const mldsa_sparse_c *c)
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
static inline void mldsa_sparse_from_poly(mldsa_sparse_c *c, const int32_t cpoly[MLDSA_N])
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

#endif
