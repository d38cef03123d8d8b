/*
 * ntt_avx2.c -- AVX2 versions of mlkem/ntt.c (FIPS 203, Section 4.3: NTT,
 * NTT^-1, MultiplyNTTs, BaseCaseMultiply) and of the coefficient-wise
 * helpers of poly.c (tomont, reduce).
 *
 * Each function computes exactly the values of the portable function it
 * replaces (same butterflies, same reductions at the same places, same
 * Montgomery and Barrett formulas), 16 coefficients per instruction; the
 * equality tests compare them coefficient by coefficient.
 *
 * Vector Montgomery product (as mlkem_fqmul): for a * b with b known,
 *   lo = a * (b q^-1 mod 2^16)  (low 16 bits),  hi = (a b) >> 16,
 *   result = hi - ((lo q) >> 16).
 * a b - lo q is divisible by 2^16, so the low halves of a b and lo q are
 * equal and hi - ((lo q) >> 16) = (a b - lo q) >> 16: the scalar result.
 *
 * The last three NTT layers (len 8, 4, 2) pair coefficients inside one
 * register. Two registers A, B (32 coefficients) are rearranged so that each
 * layer's pairs sit in the same lanes of two registers X, Y: 128-bit halves
 * (len 8), then 64-bit (len 4), then 32-bit units (len 2). Each step is its
 * own inverse, so the same steps in reverse order restore the order.
 *
 * No branch, no memory index depends on the coefficients.
 */
#if defined(__AVX2__) && defined(__x86_64__)
#include <immintrin.h>

#include "../poly.h"
#include "zetas_avx2.h"

#define LD(p) _mm256_load_si256((const __m256i *)(const void *)(p))
#define LDU(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define STU(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))

/* a * b * 2^-16 mod q, |.| < q (mlkem_fqmul), with bq = b q^-1 mod 2^16. */
static inline __m256i fqmul(__m256i a, __m256i b, __m256i bq)
{
    const __m256i q = _mm256_set1_epi16(MLKEM_Q);
    __m256i lo = _mm256_mullo_epi16(a, bq);
    __m256i hi = _mm256_mulhi_epi16(a, b);
    return _mm256_sub_epi16(hi, _mm256_mulhi_epi16(lo, q));
}

/* b q^-1 mod 2^16 for a broadcast zeta. */
static inline __m256i zq(__m256i b)
{
    return _mm256_mullo_epi16(b, _mm256_set1_epi16((int16_t)MLKEM_QINV));
}

/*
 * mlkem_barrett_reduce: t = (v a + 2^25) >> 26 = (((v a) >> 16) + 2^9) >> 10
 * (adding an integer commutes with the floor), a - t q.
 */
static inline __m256i barrett(__m256i a)
{
    const __m256i v = _mm256_set1_epi16(((1 << 26) + MLKEM_Q / 2) / MLKEM_Q);
    const __m256i half = _mm256_set1_epi16(1 << 9);
    __m256i t = _mm256_mulhi_epi16(a, v);
    t = _mm256_srai_epi16(_mm256_add_epi16(t, half), 10);
    return _mm256_sub_epi16(a, _mm256_mullo_epi16(t, _mm256_set1_epi16(MLKEM_Q)));
}

/* Cooley-Tukey butterfly (mlkem_ct_butterfly): t = zeta b; b = a - t; a = a + t. */
#define CT_BF(a, b, z, zqv)                                                   \
    do {                                                                      \
        __m256i t_ = fqmul((b), (z), (zqv));                                  \
        (b) = _mm256_sub_epi16((a), t_);                                      \
        (a) = _mm256_add_epi16((a), t_);                                      \
    } while (0)

/* Gentleman-Sande butterfly (mlkem_gs_butterfly): a = a + b; b = zeta (b - a). */
#define GS_BF(a, b, z, zqv)                                                   \
    do {                                                                      \
        __m256i t_ = (a);                                                     \
        (a) = _mm256_add_epi16(t_, (b));                                      \
        (b) = fqmul(_mm256_sub_epi16((b), t_), (z), (zqv));                   \
    } while (0)

/* The three rearrangements (each its own inverse; see the header comment). */
static inline void swap128(__m256i *a, __m256i *b)
{
    __m256i x = _mm256_permute2x128_si256(*a, *b, 0x20);
    __m256i y = _mm256_permute2x128_si256(*a, *b, 0x31);
    *a = x;
    *b = y;
}

static inline void swap64(__m256i *a, __m256i *b)
{
    __m256i x = _mm256_unpacklo_epi64(*a, *b);
    __m256i y = _mm256_unpackhi_epi64(*a, *b);
    *a = x;
    *b = y;
}

static inline void swap32(__m256i *a, __m256i *b)
{
    __m256i x = _mm256_blend_epi32(*a, _mm256_slli_epi64(*b, 32), 0xAA);
    __m256i y = _mm256_blend_epi32(_mm256_srli_epi64(*a, 32), *b, 0xAA);
    *a = x;
    *b = y;
}

/*
 * Replaces mlkem_ntt_c (mlkem/ntt.c): FIPS 203, Algorithm 9, NTT. Layer 0
 * over all 16 registers, then for each half (coefficients 0..127, 128..255)
 * layers 1-3 between registers and 4-6 inside register pairs, then the
 * Barrett reduction of the portable code's last layer.
 */
void mlkem_ntt_avx2(mlkem_poly *f)
{
    __m256i r[16];
    unsigned i, h;

    for (i = 0; i < 16; i++) {
        r[i] = LDU(f->c + 16 * i);
    }
    {   /* layer 0, len 128: zetas[1] */
        const __m256i z = _mm256_set1_epi16(-758), zv = zq(z);
        for (i = 0; i < 8; i++) {
            CT_BF(r[i], r[i + 8], z, zv);
        }
    }
    for (h = 0; h < 2; h++) {
        __m256i *x = r + 8 * h;
        /* layer 1, len 64: block h, zetas[2 + h] */
        {
            const __m256i z = _mm256_set1_epi16(h ? -1517 : -359), zv = zq(z);
            for (i = 0; i < 4; i++) {
                CT_BF(x[i], x[i + 4], z, zv);
            }
        }
        /* layer 2, len 32: blocks 2h, 2h + 1, zetas[4 + 2h + b] */
        for (unsigned b = 0; b < 2; b++) {
            const __m256i z = _mm256_set1_epi16(mlkem_avx2_zetas_l23[2 * h + b]), zv = zq(z);
            CT_BF(x[4 * b], x[4 * b + 2], z, zv);
            CT_BF(x[4 * b + 1], x[4 * b + 3], z, zv);
        }
        /* layer 3, len 16: blocks 4h + b, zetas[8 + 4h + b] */
        for (unsigned b = 0; b < 4; b++) {
            const __m256i z = _mm256_set1_epi16(mlkem_avx2_zetas_l23[4 + 4 * h + b]), zv = zq(z);
            CT_BF(x[2 * b], x[2 * b + 1], z, zv);
        }
        /* layers 4-6 on each register pair m = 4h + p */
        for (unsigned p = 0; p < 4; p++) {
            const int16_t(*zt)[16] = mlkem_avx2_zetas_fwd[4 * h + p];
            __m256i a = x[2 * p], b = x[2 * p + 1];
            swap128(&a, &b);
            CT_BF(a, b, LD(zt[0]), LD(zt[1]));
            swap64(&a, &b);
            CT_BF(a, b, LD(zt[2]), LD(zt[3]));
            swap32(&a, &b);
            CT_BF(a, b, LD(zt[4]), LD(zt[5]));
            a = barrett(a);
            b = barrett(b);
            swap32(&a, &b);
            swap64(&a, &b);
            swap128(&a, &b);
            x[2 * p] = a;
            x[2 * p + 1] = b;
        }
    }
    for (i = 0; i < 16; i++) {
        STU(f->c + 16 * i, r[i]);
    }
}

/*
 * Replaces mlkem_invntt_tomont_c (mlkem/ntt.c): FIPS 203, Algorithm 10,
 * NTT^-1 times R, with the portable code's reductions: after layers 6-4,
 * Barrett on coefficients 0..7 of every 16; after layers 3-1, on 0..63 of
 * every 128; layer 0 with 128^-1 R folded in (1441, 1397).
 */
void mlkem_invntt_tomont_avx2(mlkem_poly *f)
{
    __m256i r[16];
    unsigned i, h;

    for (i = 0; i < 16; i++) {
        r[i] = LDU(f->c + 16 * i);
    }
    for (h = 0; h < 2; h++) {
        __m256i *x = r + 8 * h;
        for (unsigned p = 0; p < 4; p++) {
            const int16_t(*zt)[16] = mlkem_avx2_zetas_inv[4 * h + p];
            __m256i a = x[2 * p], b = x[2 * p + 1];
            swap128(&a, &b);
            swap64(&a, &b);
            swap32(&a, &b);
            GS_BF(a, b, LD(zt[0]), LD(zt[1]));    /* layer 6, len 2 */
            swap32(&a, &b);
            GS_BF(a, b, LD(zt[2]), LD(zt[3]));    /* layer 5, len 4 */
            swap64(&a, &b);
            GS_BF(a, b, LD(zt[4]), LD(zt[5]));    /* layer 4, len 8 */
            a = barrett(a);                        /* coefficients 0..7 of each 16 */
            swap128(&a, &b);
            x[2 * p] = a;
            x[2 * p + 1] = b;
        }
        /* layer 3, len 16: block 8 - 1 - ... : zetas[15 - (4h + b)] */
        for (unsigned b = 0; b < 4; b++) {
            const __m256i z = _mm256_set1_epi16(mlkem_avx2_zetas_l23[4 + 7 - (4 * h + b)]),
                          zv = zq(z);
            GS_BF(x[2 * b], x[2 * b + 1], z, zv);
        }
        /* layer 2, len 32: zetas[7 - (2h + b)] */
        for (unsigned b = 0; b < 2; b++) {
            const __m256i z = _mm256_set1_epi16(mlkem_avx2_zetas_l23[3 - (2 * h + b)]), zv = zq(z);
            GS_BF(x[4 * b], x[4 * b + 2], z, zv);
            GS_BF(x[4 * b + 1], x[4 * b + 3], z, zv);
        }
        /* layer 1, len 64: zetas[3 - h] */
        {
            const __m256i z = _mm256_set1_epi16(h ? -359 : -1517), zv = zq(z);
            for (i = 0; i < 4; i++) {
                GS_BF(x[i], x[i + 4], z, zv);
            }
        }
        for (i = 0; i < 4; i++) {                  /* coefficients 0..63 of each 128 */
            x[i] = barrett(x[i]);
        }
    }
    {   /* layer 0: f[j] = f128 (t + u), f[j + 128] = zf (u - t) */
        const __m256i f128 = _mm256_set1_epi16(1441), f128q = zq(f128);
        const __m256i zf = _mm256_set1_epi16(1397), zfq = zq(zf);
        for (i = 0; i < 8; i++) {
            __m256i t = r[i], u = r[i + 8];
            r[i] = fqmul(_mm256_add_epi16(t, u), f128, f128q);
            r[i + 8] = fqmul(_mm256_sub_epi16(u, t), zf, zfq);
        }
    }
    for (i = 0; i < 16; i++) {
        STU(f->c + 16 * i, r[i]);
    }
}

/*
 * Replaces mlkem_poly_mulcache_c (mlkem/ntt.c): cache[i] = fqmul(b[2i+1],
 * gammas[i]). The product is taken in the odd lanes, then the odd lanes of
 * two registers are packed into 16 cache entries.
 */
void mlkem_poly_mulcache_avx2(mlkem_mulcache *cache, const mlkem_poly *b)
{
    for (unsigned v = 0; v < 16; v += 2) {
        __m256i p0 = fqmul(LDU(b->c + 16 * v), LD(mlkem_avx2_gammas[v][0]),
                           LD(mlkem_avx2_gammas[v][1]));
        __m256i p1 = fqmul(LDU(b->c + 16 * v + 16), LD(mlkem_avx2_gammas[v + 1][0]),
                           LD(mlkem_avx2_gammas[v + 1][1]));
        /* odd lanes down to 32-bit values, pack (per 128-bit half), reorder */
        __m256i pk = _mm256_packs_epi32(_mm256_srai_epi32(p0, 16), _mm256_srai_epi32(p1, 16));
        STU(cache->c + 8 * v, _mm256_permute4x64_epi64(pk, 0xD8));
    }
}

/* The Montgomery reduction of 32-bit sums c (mlkem_montgomery_reduce), in
 * the even 16-bit lanes of the result: t = lo16(c) q^-1, hi16(c) - (t q >> 16). */
static inline __m256i mont32(__m256i c)
{
    __m256i t = _mm256_mullo_epi16(c, _mm256_set1_epi16((int16_t)MLKEM_QINV));
    t = _mm256_mulhi_epi16(t, _mm256_set1_epi16(MLKEM_Q));
    return _mm256_sub_epi16(_mm256_srli_epi32(c, 16), t);
}

/*
 * Replaces mlkem_polyvec_basemul_acc_c (mlkem/ntt.c):
 * FIPS 203, Algorithm 11, MultiplyNTTs, summed over the k terms. For 8 pairs
 * (a0, a1) at a time, vpmaddwd does BaseCaseMultiply: a0 b0 + a1 (b1 gamma)
 * against (b0, cache) and a0 b1 + a1 b0 against (b1, b0), the portable
 * 32-bit sums exactly, then one Montgomery reduction.
 */
void mlkem_polyvec_basemul_acc_avx2(mlkem_poly *r, const mlkem_polyvec *a,
                                    const mlkem_polyvec *b,
                                    const mlkem_polyvec_mulcache *bcache)
{
    /* swap the two 16-bit halves of each 32-bit unit: (b0, b1) -> (b1, b0) */
    const __m256i swap = _mm256_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
                                          2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
    for (unsigned v = 0; v < 16; v++) {
        __m256i c0 = _mm256_setzero_si256(), c1 = _mm256_setzero_si256();
        for (unsigned j = 0; j < MLKEM_K; j++) {
            __m256i av = LDU(a->p[j].c + 16 * v), bv = LDU(b->p[j].c + 16 * v);
            __m256i cv = _mm256_cvtepi16_epi32(
                _mm_loadu_si128((const __m128i *)(const void *)(bcache->m[j].c + 8 * v)));
            __m256i b0c = _mm256_blend_epi16(bv, _mm256_slli_epi32(cv, 16), 0xAA);
            c0 = _mm256_add_epi32(c0, _mm256_madd_epi16(av, b0c));
            c1 = _mm256_add_epi32(c1, _mm256_madd_epi16(av, _mm256_shuffle_epi8(bv, swap)));
        }
        STU(r->c + 16 * v, _mm256_blend_epi16(mont32(c0), _mm256_slli_epi32(mont32(c1), 16), 0xAA));
    }
}

/* Replaces mlkem_poly_tomont_c (mlkem/poly.c): r * R, fqmul by 1353. */
void mlkem_poly_tomont_avx2(mlkem_poly *r)
{
    const __m256i r2 = _mm256_set1_epi16(1353), r2q = zq(r2);
    for (unsigned i = 0; i < 16; i++) {
        STU(r->c + 16 * i, fqmul(LDU(r->c + 16 * i), r2, r2q));
    }
}

/* Replaces mlkem_poly_reduce_c (mlkem/poly.c): Barrett, then + q if negative. */
void mlkem_poly_reduce_avx2(mlkem_poly *r)
{
    const __m256i q = _mm256_set1_epi16(MLKEM_Q);
    for (unsigned i = 0; i < 16; i++) {
        __m256i x = barrett(LDU(r->c + 16 * i));
        x = _mm256_add_epi16(x, _mm256_and_si256(_mm256_srai_epi16(x, 15), q));
        STU(r->c + 16 * i, x);
    }
}

#else
/* Without AVX2 this file is empty (ISO C wants a declaration). */
typedef int mlkem_ntt_avx2_unused;
#endif
