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

/* zetas[i] = zeta^BitRev7(i) * 2^16 mod q, centred (Algorithms 9 and 10). */
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

/* gammas[i] = zeta^(2 BitRev7(i) + 1) * 2^16 mod q, centred (Algorithm 11). */
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

/*
 * FIPS 203, Algorithm 9, NTT. Each of the 7 layers adds less than q to the
 * largest |coefficient| (t = zeta * f[j + len] is reduced to |t| < q), so
 * from |f| <= q the values stay below 8q < 2^15; one Barrett reduction per
 * coefficient at the end (Deviation: the spec reduces every step).
 */
void mlkem_ntt(mlkem_poly *f)
{
    unsigned i = 1;
    /* Layer l has len = 128 >> l and 2^l blocks; counting blocks rather
     * than stepping start by 2 len keeps clang from computing the trip
     * count with a div instruction (harmless here, but the no-div gate is
     * simpler with none at all). */
    for (unsigned l = 0; l < 7; l++) {
        const unsigned len = 128u >> l;
        for (unsigned blk = 0; blk < (1u << l); blk++) {
            const unsigned start = 2 * len * blk;
            const int16_t zeta = mlkem_zetas[i++];
            for (unsigned j = start; j < start + len; j++) {
                int16_t t = mlkem_fqmul(zeta, f->c[j + len]);
                f->c[j + len] = (int16_t)(f->c[j] - t);
                f->c[j] = (int16_t)(f->c[j] + t);
            }
        }
    }
    for (unsigned j = 0; j < MLKEM_N; j++) {
        f->c[j] = mlkem_barrett_reduce(f->c[j]);
    }
}

/*
 * FIPS 203, Algorithm 10, NTT^-1. Sums are Barrett-reduced at once (|.| <=
 * (q-1)/2) and differences go through a Montgomery multiplication (|.| < q),
 * so every value stays below q and every sum or difference below 2q. Deviation: the final factor
 * 128^-1 = 3303 is replaced by f = 2^32 / 128 mod q = 1441 under a
 * Montgomery multiplication, which gives 128^-1 * R: the output carries a
 * factor R that cancels the R^-1 left by mlkem_polyvec_basemul_acc.
 */
void mlkem_invntt_tomont(mlkem_poly *f)
{
    const int16_t f128 = 1441; /* 2^32 * 128^-1 mod q */
    unsigned i = 127;
    for (unsigned l = 7; l-- > 0;) {
        const unsigned len = 128u >> l;
        for (unsigned blk = 0; blk < (1u << l); blk++) {
            const unsigned start = 2 * len * blk;
            const int16_t zeta = mlkem_zetas[i--];
            for (unsigned j = start; j < start + len; j++) {
                int16_t t = f->c[j];
                f->c[j] = mlkem_barrett_reduce((int16_t)(t + f->c[j + len]));
                f->c[j + len] = mlkem_fqmul(zeta, (int16_t)(f->c[j + len] - t));
            }
        }
    }
    for (unsigned j = 0; j < MLKEM_N; j++) {
        f->c[j] = mlkem_fqmul(f->c[j], f128);
    }
}

/* cache[i] = b[2i+1] * gamma_i (a Montgomery product with gamma_i * R). */
void mlkem_poly_mulcache(mlkem_mulcache *cache, const mlkem_poly *b)
{
    for (unsigned i = 0; i < MLKEM_N / 2; i++) {
        cache->c[i] = mlkem_fqmul(b->c[2 * i + 1], mlkem_gammas[i]);
    }
}

/*
 * FIPS 203, Algorithms 11 (MultiplyNTTs) and 12 (BaseCaseMultiply), summed
 * over j < k:  r[2i]   = sum_j a0 b0 + a1 (b1 gamma_i)
 *              r[2i+1] = sum_j a0 b1 + a1 b0
 * with a = a[j], b = b[j] and the cached b1 gamma_i all below q in absolute
 * value. Each sum is below k * 2 q^2 < q 2^15, so one Montgomery reduction
 * ends it: the result is the product times R^-1, |.| < q.
 */
void mlkem_polyvec_basemul_acc(mlkem_poly *r, const mlkem_polyvec *a, const mlkem_polyvec *b,
                               const mlkem_polyvec_mulcache *bcache)
{
    for (unsigned i = 0; i < MLKEM_N / 2; i++) {
        int32_t c0 = 0, c1 = 0;
        for (unsigned j = 0; j < MLKEM_K; j++) {
            const int32_t a0 = a->p[j].c[2 * i], a1 = a->p[j].c[2 * i + 1];
            const int32_t b0 = b->p[j].c[2 * i], b1 = b->p[j].c[2 * i + 1];
            c0 += a0 * b0 + a1 * bcache->m[j].c[i];
            c1 += a0 * b1 + a1 * b0;
        }
        r->c[2 * i] = mlkem_montgomery_reduce(c0);
        r->c[2 * i + 1] = mlkem_montgomery_reduce(c1);
    }
}
