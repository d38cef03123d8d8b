/*
 * keygen_avx2.c -- x86-64 backend: the NTTs modulo the 31-bit primes of
 * NTRUSolve on AVX2, eight 32-bit lanes; replaces the NTTs of
 * keygen_modp.c (ntt2 and intt2 call these for logn >= 4, their own
 * scalar loops otherwise). Same butterflies, same twiddles (gm / igm of
 * modp_mkgm2), same Montgomery arithmetic, every value kept in [0, p)
 * exactly as there, values stored in the same order: the results are
 * identical word for word. Layers whose half-block is at least 8 values
 * pair whole registers (one broadcast twiddle per block); the three layers
 * with half-blocks of 4, 2 and 1 values regroup two registers with
 * permute2x128 / unpack (and a lane swap) so that they pair whole registers
 * too, with one twiddle per lane. A strided vector (stride > 1: one RNS
 * word of each big integer) is copied to a contiguous stack buffer and
 * back.
 * Constant time: no branch or index on data (conditional subtractions are
 * unsigned minima, as in ntt_avx2.c); only logn and stride, public, steer.
 * Compiled only in the backend build (FNDSA_NATIVE_FPR, set in inner.h);
 * an empty translation unit otherwise.
 */
#include "../inner.h"

#if defined(FNDSA_NATIVE_FPR)

#include <immintrin.h>

/* 8-lane modp_montymul: a*b/2^31 mod p for a, b in [0, p), p0i = -1/p mod
 * 2^31. Even and odd lanes through two mul_epu32 chains. */
static inline __m256i mm_montymul(__m256i a, __m256i b, __m256i p, __m256i p0i)
{
    const __m256i m31 = _mm256_set1_epi64x(0x7FFFFFFF);
    __m256i ze = _mm256_mul_epu32(a, b);
    __m256i zo = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(b, 32));
    __m256i we = _mm256_mul_epu32(_mm256_and_si256(_mm256_mul_epu32(ze, p0i), m31), p);
    __m256i wo = _mm256_mul_epu32(_mm256_and_si256(_mm256_mul_epu32(zo, p0i), m31), p);
    /* (z + w) >> 31 < 2p: even lanes to the low words, odd to the high */
    __m256i re = _mm256_srli_epi64(_mm256_add_epi64(ze, we), 31);
    __m256i ro = _mm256_slli_epi64(_mm256_add_epi64(zo, wo), 1);
    __m256i d = _mm256_blend_epi32(re, ro, 0xAA);

    return _mm256_min_epu32(d, _mm256_sub_epi32(d, p));
}

/* modp_add / modp_sub: a + b and a - b mod p for a, b in [0, p) */
static inline __m256i mm_add(__m256i a, __m256i b, __m256i p)
{
    __m256i d = _mm256_add_epi32(a, b);

    return _mm256_min_epu32(d, _mm256_sub_epi32(d, p));
}

static inline __m256i mm_sub(__m256i a, __m256i b, __m256i p)
{
    __m256i d = _mm256_sub_epi32(a, b);

    return _mm256_min_epu32(d, _mm256_add_epi32(d, p));
}

#define LD(x) _mm256_loadu_si256((const __m256i *)(const void *)(x))
#define ST(x, v) _mm256_storeu_si256((__m256i *)(void *)(x), (v))

/* Forward (Cooley-Tukey) butterfly on whole registers: x + ys, x - ys. */
#define CT_BF(x, y, s) do { \
        __m256i t_ = mm_montymul((y), (s), pv, p0v); \
        (y) = mm_sub((x), t_, pv); \
        (x) = mm_add((x), t_, pv); \
    } while (0)

/* Inverse (Gentleman-Sande) butterfly: x + y, (x - y)s. */
#define GS_BF(x, y, s) do { \
        __m256i t_ = mm_sub((x), (y), pv); \
        (x) = mm_add((x), (y), pv); \
        (y) = mm_montymul(t_, (s), pv, p0v); \
    } while (0)

/* Lane-swap of values 1 and 2 in each 128-bit half (an involution). */
#define SW12(x) _mm256_shuffle_epi32((x), 0xD8)

static void ntt_contig(uint32_t *a, const uint32_t *gm, unsigned logn, uint32_t p,
                       uint32_t p0i)
{
    const __m256i pv = _mm256_set1_epi32((int)p);
    const __m256i p0v = _mm256_set1_epi32((int)p0i);
    const __m256i i2 = _mm256_setr_epi32(0, 0, 2, 2, 1, 1, 3, 3);
    const __m256i i1 = _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7);
    size_t n = (size_t)1 << logn, m, t = n, u, v;

    /* layers with half-block ht >= 8 */
    for (m = 1; t > 8; m <<= 1) {
        size_t ht = t >> 1;

        for (u = 0; u < m; u++) {
            __m256i s = _mm256_set1_epi32((int)gm[m + u]);
            uint32_t *r1 = a + u * t, *r2 = r1 + ht;

            for (v = 0; v < ht; v += 8) {
                __m256i x = LD(r1 + v), y = LD(r2 + v);

                CT_BF(x, y, s);
                ST(r1 + v, x);
                ST(r2 + v, y);
            }
        }
        t = ht;
    }
    /* m = n/8, n/4, n/2 (ht = 4, 2, 1): 16 values (two registers) at a time */
    for (v = 0; v < n; v += 16) {
        __m256i A = LD(a + v), B = LD(a + v + 8), x, y, s;
        size_t k = v >> 3; /* blocks of 8 before this pair */

        /* ht = 4: blocks a[v..v+7], a[v+8..v+15], twiddles gm[n/8 + k], +1 */
        s = _mm256_permutevar8x32_epi32(
            _mm256_castsi128_si256(_mm_loadl_epi64((const __m128i *)(const void *)(gm + (n >> 3) + k))),
            _mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1));
        x = _mm256_permute2x128_si256(A, B, 0x20);
        y = _mm256_permute2x128_si256(A, B, 0x31);
        CT_BF(x, y, s);
        A = _mm256_permute2x128_si256(x, y, 0x20);
        B = _mm256_permute2x128_si256(x, y, 0x31);
        /* ht = 2: four blocks of 4, twiddles gm[n/4 + 2k .. +3] */
        s = _mm256_permutevar8x32_epi32(
            _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(gm + (n >> 2) + (k << 1)))),
            i2);
        x = _mm256_unpacklo_epi64(A, B);
        y = _mm256_unpackhi_epi64(A, B);
        CT_BF(x, y, s);
        A = _mm256_unpacklo_epi64(x, y);
        B = _mm256_unpackhi_epi64(x, y);
        /* ht = 1: eight pairs, twiddles gm[n/2 + 4k .. +7] */
        s = _mm256_permutevar8x32_epi32(LD(gm + (n >> 1) + (k << 2)), i1);
        A = SW12(A);
        B = SW12(B);
        x = _mm256_unpacklo_epi64(A, B);
        y = _mm256_unpackhi_epi64(A, B);
        CT_BF(x, y, s);
        ST(a + v, SW12(_mm256_unpacklo_epi64(x, y)));
        ST(a + v + 8, SW12(_mm256_unpackhi_epi64(x, y)));
    }
}

static void intt_contig(uint32_t *a, const uint32_t *igm, unsigned logn, uint32_t p,
                        uint32_t p0i, uint32_t ni)
{
    const __m256i pv = _mm256_set1_epi32((int)p);
    const __m256i p0v = _mm256_set1_epi32((int)p0i);
    const __m256i i2 = _mm256_setr_epi32(0, 0, 2, 2, 1, 1, 3, 3);
    const __m256i i1 = _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7);
    size_t n = (size_t)1 << logn, hm, t, u, v;

    /* t = 1, 2, 4 (hm = n/2, n/4, n/8): 16 values at a time */
    for (v = 0; v < n; v += 16) {
        __m256i A = LD(a + v), B = LD(a + v + 8), x, y, s;
        size_t k = v >> 3;

        s = _mm256_permutevar8x32_epi32(LD(igm + (n >> 1) + (k << 2)), i1);
        A = SW12(A);
        B = SW12(B);
        x = _mm256_unpacklo_epi64(A, B);
        y = _mm256_unpackhi_epi64(A, B);
        GS_BF(x, y, s);
        A = SW12(_mm256_unpacklo_epi64(x, y));
        B = SW12(_mm256_unpackhi_epi64(x, y));

        s = _mm256_permutevar8x32_epi32(
            _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(igm + (n >> 2) + (k << 1)))),
            i2);
        x = _mm256_unpacklo_epi64(A, B);
        y = _mm256_unpackhi_epi64(A, B);
        GS_BF(x, y, s);
        A = _mm256_unpacklo_epi64(x, y);
        B = _mm256_unpackhi_epi64(x, y);

        s = _mm256_permutevar8x32_epi32(
            _mm256_castsi128_si256(_mm_loadl_epi64((const __m128i *)(const void *)(igm + (n >> 3) + k))),
            _mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1));
        x = _mm256_permute2x128_si256(A, B, 0x20);
        y = _mm256_permute2x128_si256(A, B, 0x31);
        GS_BF(x, y, s);
        ST(a + v, _mm256_permute2x128_si256(x, y, 0x20));
        ST(a + v + 8, _mm256_permute2x128_si256(x, y, 0x31));
    }
    /* t = 8 .. n/4 (hm = n/16 .. 2) */
    for (t = 8, hm = n >> 4; hm >= 2; t <<= 1, hm >>= 1) {
        for (u = 0; u < hm; u++) {
            __m256i s = _mm256_set1_epi32((int)igm[hm + u]);
            uint32_t *r1 = a + u * (t << 1), *r2 = r1 + t;

            for (v = 0; v < t; v += 8) {
                __m256i x = LD(r1 + v), y = LD(r2 + v);

                GS_BF(x, y, s);
                ST(r1 + v, x);
                ST(r2 + v, y);
            }
        }
    }
    /* last layer (m = 2, t = n/2) with the factor ni, as modp_iNTT2_ext_sc */
    {
        __m256i nv = _mm256_set1_epi32((int)ni);
        __m256i sv = mm_montymul(_mm256_set1_epi32((int)igm[1]), nv, pv, p0v);
        uint32_t *r1 = a, *r2 = a + (n >> 1);

        for (v = 0; v < (n >> 1); v += 8) {
            __m256i x = LD(r1 + v), y = LD(r2 + v);

            ST(r1 + v, mm_montymul(mm_add(x, y, pv), nv, pv, p0v));
            ST(r2 + v, mm_montymul(mm_sub(x, y, pv), sv, pv, p0v));
        }
    }
}

/* Replaces keygen_modp.c's ntt2 (4 <= logn <= 9). */
void fndsa_avx2_modp_NTT2(uint32_t *a, size_t stride, const uint32_t *gm, unsigned logn,
                          uint32_t p, uint32_t p0i)
{
    size_t u, n = (size_t)1 << logn;

    if (stride == 1) {
        ntt_contig(a, gm, logn, p, p0i);
    } else {
        uint32_t buf[512]; /* n <= 512: Falcon-512 */

        for (u = 0; u < n; u++) {
            buf[u] = a[u * stride];
        }
        ntt_contig(buf, gm, logn, p, p0i);
        for (u = 0; u < n; u++) {
            a[u * stride] = buf[u];
        }
    }
}

/* Replaces keygen_modp.c's intt2 (4 <= logn <= 9). */
void fndsa_avx2_modp_iNTT2(uint32_t *a, size_t stride, const uint32_t *igm, unsigned logn,
                           uint32_t p, uint32_t p0i, uint32_t ni)
{
    size_t u, n = (size_t)1 << logn;

    if (stride == 1) {
        intt_contig(a, igm, logn, p, p0i, ni);
    } else {
        uint32_t buf[512]; /* n <= 512: Falcon-512 */

        for (u = 0; u < n; u++) {
            buf[u] = a[u * stride];
        }
        intt_contig(buf, igm, logn, p, p0i, ni);
        for (u = 0; u < n; u++) {
            a[u * stride] = buf[u];
        }
    }
}

/*
 * Replaces keygen.h's zint_mod_small_unsigned (is_signed = 0) and
 * zint_mod_small_signed (is_signed = 1; Rx = 2^(31 dlen) mod p) on num
 * integers at once: dst[v dstride] = src[v sstride .. + dlen-1] mod p for
 * v < num, eight integers per register (word i of each by one gather; the
 * addresses depend only on the public strides). Same Horner steps as
 * zint_mod_small_unsigned: y <- (y R2 + d_i)/2^31 mod p, then y R2/2^31.
 */
void fndsa_avx2_zint_mod_small(uint32_t *dst, size_t dstride, const uint32_t *src,
                               size_t sstride, size_t num, size_t dlen, uint32_t p,
                               uint32_t p0i, uint32_t R2, uint32_t Rx, int is_signed)
{
    const __m256i pv = _mm256_set1_epi32((int)p);
    const __m256i p0v = _mm256_set1_epi32((int)p0i);
    const __m256i r2v = _mm256_set1_epi32((int)R2);
    const __m256i rxv = _mm256_set1_epi32((int)Rx);
    const __m256i m31 = _mm256_set1_epi64x(0x7FFFFFFF);
    const __m256i m32 = _mm256_set1_epi64x(0xFFFFFFFF);
    size_t v, j;

    for (v = 0; v < num; v += 8) {
        size_t nb = num - v < 8 ? num - v : 8, i;
        int32_t ix[8];
        uint32_t out[8];
        __m256i idx, y = _mm256_setzero_si256(), top = _mm256_setzero_si256();

        /* lanes past num repeat the last integer (computed, not stored) */
        for (j = 0; j < 8; j++) {
            ix[j] = (int32_t)((j < nb ? j : nb - 1) * sstride);
        }
        idx = _mm256_loadu_si256((const __m256i *)(const void *)ix);
        for (i = dlen; i-- > 0;) {
            __m256i d = _mm256_i32gather_epi32((const int *)(const void *)(src + v * sstride + i),
                                               idx, 4);
            __m256i ze = _mm256_add_epi64(_mm256_mul_epu32(y, r2v), _mm256_and_si256(d, m32));
            __m256i zo = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(y, 32), r2v),
                                          _mm256_srli_epi64(d, 32));
            __m256i we = _mm256_mul_epu32(_mm256_and_si256(_mm256_mul_epu32(ze, p0v), m31), pv);
            __m256i wo = _mm256_mul_epu32(_mm256_and_si256(_mm256_mul_epu32(zo, p0v), m31), pv);
            __m256i re = _mm256_srli_epi64(_mm256_add_epi64(ze, we), 31);
            __m256i ro = _mm256_slli_epi64(_mm256_add_epi64(zo, wo), 1);

            y = _mm256_blend_epi32(re, ro, 0xAA);
            y = _mm256_min_epu32(y, _mm256_sub_epi32(y, pv));
            if (i == dlen - 1) {
                top = d;
            }
        }
        if (dlen > 0) {
            y = mm_montymul(y, r2v, pv, p0v);
        }
        if (is_signed) {
            /* minus 2^(31 dlen) if the top word's bit 30 (the sign) is set */
            __m256i neg = _mm256_srai_epi32(_mm256_slli_epi32(top, 1), 31);

            y = mm_sub(y, _mm256_and_si256(rxv, neg), pv);
        }
        _mm256_storeu_si256((__m256i *)(void *)out, y);
        for (j = 0; j < nb; j++) {
            dst[(v + j) * dstride] = out[j];
        }
    }
}

/* scalar modp_montymul, for the first powers below */
static inline uint32_t montymul1(uint32_t a, uint32_t b, uint32_t p, uint32_t p0i)
{
    uint64_t z = (uint64_t)a * (uint64_t)b;
    uint64_t w = ((z * p0i) & (uint64_t)0x7FFFFFFF) * p;
    uint32_t d = (uint32_t)((z + w) >> 31) - p;

    d += p & -(d >> 31);
    return d;
}

/*
 * Replaces the power loop of keygen_modp.c's modp_mkgm2 (logn >= 3): gm[rev(i)]
 * = g^i and igm[rev(i)] = ig^i (Montgomery form, rev the bit reversal over
 * logn bits) for i < n, g and ig in Montgomery form. The same Montgomery
 * products as the scalar chain x <- x g, regrouped: powers 0..7 scalar,
 * then eight at a time, x_{i+8} = x_i g^8 (exact modular values, so the
 * same words). The tables are public (they depend on the prime only).
 */
void fndsa_avx2_modp_powers_rev(uint32_t *gm, uint32_t *igm, unsigned logn, uint32_t g,
                                uint32_t ig, uint32_t p, uint32_t p0i)
{
    const __m256i pv = _mm256_set1_epi32((int)p);
    const __m256i p0v = _mm256_set1_epi32((int)p0i);
    size_t n = (size_t)1 << logn, u, v, j;
    uint32_t x1[8], x2[8], g8, ig8;
    __m256i X1, X2, G8, IG8;

    x1[0] = x2[0] = ((uint32_t)1 << 31) - p; /* R: 1 in Montgomery form */
    for (j = 1; j < 8; j++) {
        x1[j] = montymul1(x1[j - 1], g, p, p0i);
        x2[j] = montymul1(x2[j - 1], ig, p, p0i);
    }
    g8 = montymul1(x1[7], g, p, p0i);
    ig8 = montymul1(x2[7], ig, p, p0i);
    X1 = LD(x1);
    X2 = LD(x2);
    G8 = _mm256_set1_epi32((int)g8);
    IG8 = _mm256_set1_epi32((int)ig8);
    for (u = 0, v = 0; u < n; u += 8) {
        ST(x1, X1);
        ST(x2, X2);
        for (j = 0; j < 8; j++) {
            size_t mk = n >> 1;

            gm[v] = x1[j];
            igm[v] = x2[j];
            /* v <- rev(rev(v) + 1), as modp_mkgm2 (public) */
            while ((v & mk) != 0) {
                v ^= mk;
                mk >>= 1;
            }
            v |= mk;
        }
        X1 = mm_montymul(X1, G8, pv, p0v);
        X2 = mm_montymul(X2, IG8, pv, p0v);
    }
}

/*
 * Replaces the 26 comparisons of keygen_gauss.c's mkgauss: 1 + #{k in 1..26 :
 * r < table[k]} for r < 2^63 and table = gauss_1024_12289 (27 words, all
 * below 2^63, so the signed 64-bit compare is the unsigned one). Four
 * comparisons per register, the counts summed as masks (-1 each); r is
 * secret, no branch or index depends on it.
 */
uint32_t fndsa_avx2_gauss_rank(uint64_t r, const uint64_t *table)
{
    __m256i rv = _mm256_set1_epi64x((long long)r), acc;
    __m128i h;

    acc = _mm256_add_epi64(_mm256_cmpgt_epi64(LD(table + 1), rv),
                           _mm256_cmpgt_epi64(LD(table + 5), rv));
    acc = _mm256_add_epi64(acc, _mm256_cmpgt_epi64(LD(table + 9), rv));
    acc = _mm256_add_epi64(acc, _mm256_cmpgt_epi64(LD(table + 13), rv));
    acc = _mm256_add_epi64(acc, _mm256_cmpgt_epi64(LD(table + 17), rv));
    acc = _mm256_add_epi64(acc, _mm256_cmpgt_epi64(LD(table + 21), rv));
    /* table[25], table[26] and two zeros (r < 0 is false) */
    acc = _mm256_add_epi64(acc, _mm256_cmpgt_epi64(
        _mm256_setr_epi64x((long long)table[25], (long long)table[26], 0, 0), rv));
    h = _mm_add_epi64(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    h = _mm_add_epi64(h, _mm_unpackhi_epi64(h, h));
    return 1u - (uint32_t)_mm_cvtsi128_si32(h);
}

#endif
