/*
 * ntt.c -- the number-theoretic transform of FIPS 203, Section 4.3:
 * NTT (Algorithm 9), NTT^-1 (Algorithm 10), MultiplyNTTs (Algorithm 11) and
 * BaseCaseMultiply (Algorithm 12).
 *
 * Deviations, for speed, none changing a result modulo q:
 *  - The powers zeta^BitRev7(i) and zeta^(2 BitRev7(i) + 1) of zeta = 17
 *    (Appendix A) are precomputed, multiplied by R = 2^16 and centred, so a
 *    Montgomery multiplication by them is an ordinary multiplication mod q.
 *  - Coefficients are not reduced after every butterfly: the comments give
 *    the bounds that keep every value inside int16_t / the Montgomery range.
 *  - MultiplyNTTs is summed over the k terms of a dot product in 32 bits,
 *    with one Montgomery reduction per coefficient at the end.
 */
#include "poly.h"

/* The 3-layer helpers are inlined so that len is a constant in each copy
 * (addresses become base + fixed offsets), and BaseCaseMultiply into its
 * loop; a hint only, for speed. */
#if defined(__GNUC__) || defined(__clang__)
#define MLKEM_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define MLKEM_ALWAYS_INLINE static inline
#endif

/* zetas[i] = zeta^BitRev7(i) * 2^16 mod q, centred (for NTT and NTT^-1). */
static const int16_t mlkem_zetas[128] = {
    -1044, -758,  -359,  -1517, 1493,  1422,  287,   202,   -171,  622,   1577,  182,
    962,   -1202, -1474, 1468,  573,   -1325, 264,   383,   -829,  1458,  -1602, -130,
    -681,  1017,  732,   608,   -1542, 411,   -205,  -1571, 1223,  652,   -552,  1015,
    -1293, 1491,  -282,  -1544, 516,   -8,    -320,  -666,  -1618, -1162, 126,   1469,
    -853,  -90,   -271,  830,   107,   -1421, -247,  -951,  -398,  961,   -1508, -725,
    448,   -1065, 677,   -1275, -1103, 430,   555,   843,   -1251, 871,   1550,  105,
    422,   587,   177,   -235,  -291,  -460,  1574,  1653,  -246,  778,   1159,  -147,
    -777,  1483,  -602,  1119,  -1590, 644,   -872,  349,   418,   329,   -156,  -75,
    817,   1097,  603,   610,   1322,  -1285, -1465, 384,   -1215, -136,  1218,  -1335,
    -874,  220,   -1187, -1659, -1185, -1530, -1278, 794,   -1510, -854,  -870,  478,
    -108,  -308,  996,   991,   958,   -1460, 1522,  1628,
};

/* gammas[i] = zeta^(2 BitRev7(i) + 1) * 2^16 mod q, centred (MultiplyNTTs, line 2). */
static const int16_t mlkem_gammas[128] = {
    -1103, 1103,  430,   -430,  555,   -555,  843,   -843,  -1251, 1251,  871,   -871,
    1550,  -1550, 105,   -105,  422,   -422,  587,   -587,  177,   -177,  -235,  235,
    -291,  291,   -460,  460,   1574,  -1574, 1653,  -1653, -246,  246,   778,   -778,
    1159,  -1159, -147,  147,   -777,  777,   1483,  -1483, -602,  602,   1119,  -1119,
    -1590, 1590,  644,   -644,  -872,  872,   349,   -349,  418,   -418,  329,   -329,
    -156,  156,   -75,   75,    817,   -817,  1097,  -1097, 603,   -603,  610,   -610,
    1322,  -1322, -1285, 1285,  -1465, 1465,  384,   -384,  -1215, 1215,  -136,  136,
    1218,  -1218, -1335, 1335,  -874,  874,   220,   -220,  -1187, 1187,  -1659, 1659,
    -1185, 1185,  -1530, 1530,  -1278, 1278,  794,   -794,  -1510, 1510,  -854,  854,
    -870,  870,   478,   -478,  -108,  108,   -308,  308,   996,   -996,  991,   -991,
    958,   -958,  -1460, 1460,  1522,  -1522, 1628,  -1628,
};

/* Cooley-Tukey butterfly of the NTT, lines 8-10, without reduction. */
static inline void mlkem_ct_butterfly(int16_t *a, int16_t *b, int16_t zeta)
{
    int16_t t = mlkem_fqmul(zeta, *b);
    *b = (int16_t)(*a - t);
    *a = (int16_t)(*a + t);
}

/*
 * NTT layer l (0..6) has len = 128 >> l and 2^l blocks; block b uses
 * zeta^BitRev7(2^l + b) (the spec's counter i runs through these in order).
 * Deviation, for speed: three consecutive layers are done at once on 8
 * coefficients x[m] = f[start + j + m len/4] held in locals, the 12
 * butterflies of the three layers on them in the order of the spec (each
 * value is loaded and stored once per three layers instead of once per
 * layer). The results are the same as layer by layer.
 */
MLKEM_ALWAYS_INLINE void mlkem_ntt_3layers(int16_t f[MLKEM_N], unsigned l)
{
    const unsigned len = 128u >> l, d = len / 4;
    for (unsigned b = 0; b < (1u << l); b++) {
        const unsigned start = 2 * len * b;
        const int16_t z0 = mlkem_zetas[(1u << l) + b];
        const int16_t z10 = mlkem_zetas[(2u << l) + 2 * b];
        const int16_t z11 = mlkem_zetas[(2u << l) + 2 * b + 1];
        const int16_t z20 = mlkem_zetas[(4u << l) + 4 * b];
        const int16_t z21 = mlkem_zetas[(4u << l) + 4 * b + 1];
        const int16_t z22 = mlkem_zetas[(4u << l) + 4 * b + 2];
        const int16_t z23 = mlkem_zetas[(4u << l) + 4 * b + 3];
        for (unsigned j = start; j < start + d; j++) {
            int16_t x0 = f[j], x1 = f[j + d], x2 = f[j + 2 * d], x3 = f[j + 3 * d];
            int16_t x4 = f[j + 4 * d], x5 = f[j + 5 * d], x6 = f[j + 6 * d], x7 = f[j + 7 * d];
            /* layer l: distance len = 4d */
            mlkem_ct_butterfly(&x0, &x4, z0);
            mlkem_ct_butterfly(&x1, &x5, z0);
            mlkem_ct_butterfly(&x2, &x6, z0);
            mlkem_ct_butterfly(&x3, &x7, z0);
            /* layer l + 1: distance 2d */
            mlkem_ct_butterfly(&x0, &x2, z10);
            mlkem_ct_butterfly(&x1, &x3, z10);
            mlkem_ct_butterfly(&x4, &x6, z11);
            mlkem_ct_butterfly(&x5, &x7, z11);
            /* layer l + 2: distance d */
            mlkem_ct_butterfly(&x0, &x1, z20);
            mlkem_ct_butterfly(&x2, &x3, z21);
            mlkem_ct_butterfly(&x4, &x5, z22);
            mlkem_ct_butterfly(&x6, &x7, z23);
            f[j] = x0; f[j + d] = x1; f[j + 2 * d] = x2; f[j + 3 * d] = x3;
            f[j + 4 * d] = x4; f[j + 5 * d] = x5; f[j + 6 * d] = x6; f[j + 7 * d] = x7;
        }
    }
}

/*
 * FIPS 203, Algorithm 9, NTT: layers 0-2 and 3-5 three at a time, then
 * layer 6 (len = 2) with the Barrett reduction folded in. Each layer adds
 * less than q to the largest |coefficient| (t = zeta * f[j + len] is
 * reduced to |t| < q), so from |f| <= q the values stay below 8q < 2^15
 * until that reduction (Deviation: the spec reduces every step).
 */
void mlkem_ntt_c(mlkem_poly *f)
{
    mlkem_ntt_3layers(f->c, 0);
    mlkem_ntt_3layers(f->c, 3);
    for (unsigned b = 0; b < 64; b++) {
        const int16_t zeta = mlkem_zetas[64 + b];
        int16_t *x = f->c + 4 * b;
        for (unsigned j = 0; j < 2; j++) {
            int16_t a = x[j], c = x[j + 2];
            mlkem_ct_butterfly(&a, &c, zeta);
            x[j] = mlkem_barrett_reduce(a);
            x[j + 2] = mlkem_barrett_reduce(c);
        }
    }
}

/* Gentleman-Sande butterfly of NTT^-1, lines 8-10, without reduction. */
static inline void mlkem_gs_butterfly(int16_t *a, int16_t *b, int16_t zeta)
{
    int16_t t = *a;
    *a = (int16_t)(t + *b);
    *b = mlkem_fqmul(zeta, (int16_t)(*b - t));
}

/*
 * Three consecutive layers of NTT^-1 (see mlkem_invntt_tomont_c), from layer l + 2 (len = 32 >> l,
 * the smallest) up to layer l (len = 128 >> l), on 8 coefficients at a time;
 * the sums are Barrett-reduced at the end. Layer m's block b uses
 * zeta^BitRev7(2^(m+1) - 1 - b) (the spec's counter i runs downwards).
 * Inputs |.| < q: sums stay below 8q < 2^15, differences below 8q, and
 * fqmul(zeta, .) returns |.| < q.
 */
MLKEM_ALWAYS_INLINE void mlkem_invntt_3layers(int16_t f[MLKEM_N], unsigned l)
{
    const unsigned len = 128u >> l, d = len / 4;
    for (unsigned b = 0; b < (1u << l); b++) {
        const unsigned start = 2 * len * b;
        const int16_t z0 = mlkem_zetas[(2u << l) - 1 - b];
        const int16_t z10 = mlkem_zetas[(4u << l) - 1 - 2 * b];
        const int16_t z11 = mlkem_zetas[(4u << l) - 2 - 2 * b];
        const int16_t z20 = mlkem_zetas[(8u << l) - 1 - 4 * b];
        const int16_t z21 = mlkem_zetas[(8u << l) - 2 - 4 * b];
        const int16_t z22 = mlkem_zetas[(8u << l) - 3 - 4 * b];
        const int16_t z23 = mlkem_zetas[(8u << l) - 4 - 4 * b];
        for (unsigned j = start; j < start + d; j++) {
            int16_t x0 = f[j], x1 = f[j + d], x2 = f[j + 2 * d], x3 = f[j + 3 * d];
            int16_t x4 = f[j + 4 * d], x5 = f[j + 5 * d], x6 = f[j + 6 * d], x7 = f[j + 7 * d];
            /* layer l + 2: distance d */
            mlkem_gs_butterfly(&x0, &x1, z20);
            mlkem_gs_butterfly(&x2, &x3, z21);
            mlkem_gs_butterfly(&x4, &x5, z22);
            mlkem_gs_butterfly(&x6, &x7, z23);
            /* layer l + 1: distance 2d */
            mlkem_gs_butterfly(&x0, &x2, z10);
            mlkem_gs_butterfly(&x1, &x3, z10);
            mlkem_gs_butterfly(&x4, &x6, z11);
            mlkem_gs_butterfly(&x5, &x7, z11);
            /* layer l: distance 4d */
            mlkem_gs_butterfly(&x0, &x4, z0);
            mlkem_gs_butterfly(&x1, &x5, z0);
            mlkem_gs_butterfly(&x2, &x6, z0);
            mlkem_gs_butterfly(&x3, &x7, z0);
            f[j] = mlkem_barrett_reduce(x0);
            f[j + d] = mlkem_barrett_reduce(x1);
            f[j + 2 * d] = mlkem_barrett_reduce(x2);
            f[j + 3 * d] = mlkem_barrett_reduce(x3);
            f[j + 4 * d] = x4; f[j + 5 * d] = x5; f[j + 6 * d] = x6; f[j + 7 * d] = x7;
        }
    }
}

/*
 * FIPS 203, Algorithm 10, NTT^-1: layers 6-4 and 3-1 three at a time, then
 * layer 0 with the final factor folded in. Deviation: 128^-1 = 3303 is
 * replaced by f = 2^32 / 128 mod q = 1441 under a Montgomery multiplication,
 * which gives 128^-1 * R: the output carries a factor R that cancels the
 * R^-1 left by mlkem_polyvec_basemul_acc. In layer 0, f is merged into the
 * sum, and into zeta for the difference (1397 = zeta^BitRev7(1) * f * R^-1).
 * Input |.| < q; output |.| < q.
 */
void mlkem_invntt_tomont_c(mlkem_poly *f)
{
    const int16_t f128 = 1441;   /* 2^32 * 128^-1 mod q            */
    const int16_t zf = 1397;     /* zetas[1] * f128 * 2^-16 mod q  */
    mlkem_invntt_3layers(f->c, 4);
    mlkem_invntt_3layers(f->c, 1);
    for (unsigned j = 0; j < 128; j++) {
        int16_t t = f->c[j], u = f->c[j + 128];
        f->c[j] = mlkem_fqmul(f128, (int16_t)(t + u));
        f->c[j + 128] = mlkem_fqmul(zf, (int16_t)(u - t));
    }
}

/*
 * cache[i] = b[2i+1] * gamma_i (a Montgomery product with gamma_i * R): the
 * factor b1 gamma of BaseCaseMultiply's line 1, which depends on b alone.
 */
void mlkem_poly_mulcache_c(mlkem_mulcache *cache, const mlkem_poly *b)
{
    for (unsigned i = 0; i < MLKEM_N / 2; i++) {
        cache->c[i] = mlkem_fqmul(b->c[2 * i + 1], mlkem_gammas[i]);
    }
}

/* c0 + c1 X, the result of BaseCaseMultiply, before any reduction. */
typedef struct {
    int32_t c0, c1;
} mlkem_basecase_result;

/*
 * FIPS 203, Algorithm 12, BaseCaseMultiply(a0, a1, b0, b1, gamma): the
 * product of a0 + a1 X and b0 + b1 X modulo X^2 - gamma, c0 = a0 b0 +
 * a1 b1 gamma (line 1), c1 = a0 b1 + a1 b0 (line 2). Deviation: b1 gamma
 * comes from the cache (mlkem_poly_mulcache_c), and the 32-bit results are
 * not reduced here: the caller sums k of them and reduces once.
 */
MLKEM_ALWAYS_INLINE mlkem_basecase_result mlkem_basecase_multiply(int32_t a0, int32_t a1,
                                                                  int32_t b0, int32_t b1,
                                                                  int32_t b1_gamma)
{
    mlkem_basecase_result c;
    c.c0 = a0 * b0 + a1 * b1_gamma;
    c.c1 = a0 * b1 + a1 * b0;
    return c;
}

/*
 * FIPS 203, Algorithm 11, MultiplyNTTs, summed over the k terms of a dot
 * product: r = sum_j a[j] x_T b[j] * R^-1. For each i < 128 (line 1), the
 * BaseCaseMultiply of line 2, with the cached b1 gamma_i, is added up over
 * j < k; a, b and the cache are all below q in absolute value. Deviation:
 * each sum is below k * 2 q^2 < q 2^15, so one Montgomery reduction ends
 * it instead of one per product: |result| < q.
 */
void mlkem_polyvec_basemul_acc_c(mlkem_poly *r, const mlkem_polyvec *a, const mlkem_polyvec *b,
                                 const mlkem_polyvec_mulcache *bcache)
{
    _Static_assert(MLKEM_K == 3, "the sum below is written out for k = 3");
    for (unsigned i = 0; i < MLKEM_N / 2; i++) {
        int32_t c0 = 0, c1 = 0;
        mlkem_basecase_result t;
#define MLKEM_BASEMUL_TERM(j)                                                                 \
    t = mlkem_basecase_multiply(a->p[j].c[2 * i], a->p[j].c[2 * i + 1], b->p[j].c[2 * i],    \
                                b->p[j].c[2 * i + 1], bcache->m[j].c[i]);                   \
    c0 += t.c0;                                                                               \
    c1 += t.c1
        MLKEM_BASEMUL_TERM(0);
        MLKEM_BASEMUL_TERM(1);
        MLKEM_BASEMUL_TERM(2);
#undef MLKEM_BASEMUL_TERM
        r->c[2 * i] = mlkem_montgomery_reduce(c0);
        r->c[2 * i + 1] = mlkem_montgomery_reduce(c1);
    }
}
