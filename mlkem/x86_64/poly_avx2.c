/*
 * poly_avx2.c -- AVX2 versions of the encodings and compressions of
 * mlkem/poly.c (FIPS 203, Section 4.2.1: ByteEncode_d (Algorithm 5) and
 * ByteDecode_d (Algorithm 6), fused with Compress_d / Decompress_d, eqs. 4.7
 * and 4.8).
 * Each gives exactly the bytes / coefficients of the portable function it
 * replaces, 16 coefficients at a time.
 *
 * Constant time: as in poly.c, Compress_d divides by q with the
 * multiplication by 2580335 = ceil(2^33 / q) and a shift (here 32x32 -> 64
 * bit vpmuludq), never a division; Decompress_d uses vpmulhrsw; no branch
 * or memory index depends on a coefficient or a message bit.
 */
#if defined(__AVX2__) && defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

#include "../poly.h"

#define LDU(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define STU(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))

/* floor(n / q) for 32-bit lanes n < 2^24 (mlkem_div_q): (n * 2580335) >> 33. */
static inline __m256i div_q(__m256i n)
{
    const __m256i m = _mm256_set1_epi32(2580335);
    __m256i even = _mm256_srli_epi64(_mm256_mul_epu32(n, m), 33);
    __m256i odd = _mm256_srli_epi64(_mm256_mul_epu32(_mm256_srli_epi64(n, 32), m), 33);
    return _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
}

/* Compress_d of 8 coefficients in 32-bit lanes (mlkem_compress): x + 2q, as poly.c. */
static inline __m256i compress8(__m256i x, int d)
{
    __m256i n = _mm256_slli_epi32(_mm256_add_epi32(x, _mm256_set1_epi32(2 * MLKEM_Q)), d);
    n = _mm256_add_epi32(n, _mm256_set1_epi32((MLKEM_Q - 1) / 2));
    return _mm256_and_si256(div_q(n), _mm256_set1_epi32((1 << d) - 1));
}

/* Compress_d of 16 coefficients (|x| < 2q), results in 16-bit lanes, in order. */
static inline __m256i compress16(__m256i x, int d)
{
    __m256i lo = compress8(_mm256_cvtepi16_epi32(_mm256_castsi256_si128(x)), d);
    __m256i hi = compress8(_mm256_cvtepi16_epi32(_mm256_extracti128_si256(x, 1)), d);
    return _mm256_permute4x64_epi64(_mm256_packus_epi32(lo, hi), 0xD8);
}

/* Replaces mlkem_poly_encode12_c (mlkem/poly.c): FIPS 203, Algorithm 5, ByteEncode_12. */
void mlkem_poly_encode12_avx2(uint8_t r[MLKEM_POLYBYTES], const mlkem_poly *a)
{
    const __m256i pair = _mm256_set1_epi32(1 | (1 << 28)); /* (1, 4096) as int16 pairs */
    /* three low bytes of each 32-bit lane, four lanes per 128-bit half */
    const __m256i pick = _mm256_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1,
                                          0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
    const __m256i join = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7);
    for (unsigned g = 0; g < 16; g++) {
        /* c0 + 4096 c1 for each pair: 24 bits, little-endian, as ByteEncode_12 */
        __m256i w = _mm256_madd_epi16(LDU(a->c + 16 * g), pair);
        w = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(w, pick), join);
        _mm_storeu_si128((__m128i *)(void *)(r + 24 * g), _mm256_castsi256_si128(w));
        _mm_storel_epi64((__m128i *)(void *)(r + 24 * g + 16), _mm256_extracti128_si256(w, 1));
    }
}

/*
 * 24 bytes at p (24 g within a 384-byte string) as 16 12-bit fields in
 * 16-bit lanes. The last group loads from 352 so as not to read past 384.
 */
static inline __m256i load12(const uint8_t *base, unsigned g)
{
    /* bytes 3t, 3t+1 and 3t+1, 3t+2 of each 12-byte half */
    const __m256i spread = _mm256_setr_epi8(0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11,
                                            4, 5, 5, 6, 7, 8, 8, 9, 10, 11, 11, 12, 13, 14, 14, 15);
    __m256i v;
    if (g < 15) {
        v = _mm256_permute4x64_epi64(LDU(base + 24 * g), 0x94);      /* bytes 0-15 | 8-23 */
    } else {
        v = _mm256_permute4x64_epi64(LDU(base + 24 * g - 8), 0xE9);  /* the same from -8 */
    }
    v = _mm256_shuffle_epi8(v, spread);
    return _mm256_blend_epi16(_mm256_and_si256(v, _mm256_set1_epi16(0x0FFF)),
                              _mm256_srli_epi16(v, 4), 0xAA);
}

/*
 * Replaces mlkem_poly_decode12_c (mlkem/poly.c): FIPS 203, Algorithm 6, ByteDecode_12
 * with m = q; values >= q are reduced and reported (0: all below q, 1: not),
 * without a branch.
 */
uint32_t mlkem_poly_decode12_avx2(mlkem_poly *r, const uint8_t a[MLKEM_POLYBYTES])
{
    const __m256i q = _mm256_set1_epi16(MLKEM_Q);
    __m256i below = _mm256_set1_epi16(-1);
    uint32_t m;
    for (unsigned g = 0; g < 16; g++) {
        __m256i x = _mm256_sub_epi16(load12(a, g), q);   /* negative exactly when < q */
        __m256i neg = _mm256_srai_epi16(x, 15);
        below = _mm256_and_si256(below, neg);
        STU(r->c + 16 * g, _mm256_add_epi16(x, _mm256_and_si256(neg, q)));
    }
    m = ~(uint32_t)_mm256_movemask_epi8(below);         /* 0 when all were below q */
    return (uint32_t)(((uint64_t)m + 0xFFFFFFFFu) >> 32);
}

/* Replaces mlkem_poly_compress_du_c (mlkem/poly.c): ByteEncode_10(Compress_10(.)). */
void mlkem_poly_compress_du_avx2(uint8_t r[32 * MLKEM_DU], const mlkem_poly *a)
{
    const __m256i pair = _mm256_set1_epi32(1 | (1 << 26));      /* (1, 1024) */
    const __m256i low = _mm256_set1_epi64x(0xFFFFFFFF);
    /* bytes 0-4 and 8-12 of each 128-bit half: four 10-bit values each */
    const __m256i pick = _mm256_setr_epi8(0, 1, 2, 3, 4, 8, 9, 10, 11, 12, -1, -1, -1, -1, -1, -1,
                                          0, 1, 2, 3, 4, 8, 9, 10, 11, 12, -1, -1, -1, -1, -1, -1);
    uint8_t last[32];
    for (unsigned g = 0; g < 16; g++) {
        __m256i t = compress16(LDU(a->c + 16 * g), MLKEM_DU);
        __m256i w = _mm256_madd_epi16(t, pair);                 /* 20 bits per 32-bit lane */
        /* 40 bits per 64-bit lane: p0 + 2^20 p1 */
        w = _mm256_add_epi64(_mm256_and_si256(w, low),
                             _mm256_srli_epi64(_mm256_andnot_si256(low, w), 12));
        w = _mm256_shuffle_epi8(w, pick);
        if (g < 15) {   /* 16-byte stores overlap; the next group rewrites the tail */
            _mm_storeu_si128((__m128i *)(void *)(r + 20 * g), _mm256_castsi256_si128(w));
            _mm_storeu_si128((__m128i *)(void *)(r + 20 * g + 10), _mm256_extracti128_si256(w, 1));
        } else {
            _mm_storeu_si128((__m128i *)(void *)last, _mm256_castsi256_si128(w));
            _mm_storeu_si128((__m128i *)(void *)(last + 10), _mm256_extracti128_si256(w, 1));
            memcpy(r + 20 * g, last, 20);
        }
    }
}

/*
 * Replaces mlkem_poly_decompress_du_c (mlkem/poly.c): Decompress_10(ByteDecode_10(.)).
 * Field s (s = 0..3) of 5 bytes sits at bit 2s of the 16-bit word at byte
 * floor(10 s / 8); multiplying by 2^(6 - 2s) puts it at bits 6..15. Then
 * round(q y / 2^10) = floor((q y + 2^9) / 2^10) = vpmulhrsw(32 y, q).
 */
void mlkem_poly_decompress_du_avx2(mlkem_poly *r, const uint8_t a[32 * MLKEM_DU])
{
    const __m256i spread = _mm256_setr_epi8(0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 6, 7, 7, 8, 8, 9,
                                            0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 6, 7, 7, 8, 8, 9);
    const __m256i shl = _mm256_setr_epi16(64, 16, 4, 1, 64, 16, 4, 1, 64, 16, 4, 1, 64, 16, 4, 1);
    const __m256i mask = _mm256_set1_epi16(0x7FE0), q = _mm256_set1_epi16(MLKEM_Q);
    uint8_t last[32];
    for (unsigned g = 0; g < 16; g++) {
        __m128i lo, hi;
        if (g < 15) {
            lo = _mm_loadu_si128((const __m128i *)(const void *)(a + 20 * g));
            hi = _mm_loadu_si128((const __m128i *)(const void *)(a + 20 * g + 10));
        } else {
            memset(last, 0, sizeof last);
            memcpy(last, a + 20 * g, 20);
            lo = _mm_loadu_si128((const __m128i *)(const void *)last);
            hi = _mm_loadu_si128((const __m128i *)(const void *)(last + 10));
        }
        __m256i v = _mm256_inserti128_si256(_mm256_castsi128_si256(lo), hi, 1);
        v = _mm256_mullo_epi16(_mm256_shuffle_epi8(v, spread), shl);
        v = _mm256_and_si256(_mm256_srli_epi16(v, 1), mask);    /* 32 y */
        STU(r->c + 16 * g, _mm256_mulhrs_epi16(v, q));
    }
}

/* Replaces mlkem_poly_compress_dv_c (mlkem/poly.c): ByteEncode_4(Compress_4(.)). */
void mlkem_poly_compress_dv_avx2(uint8_t r[32 * MLKEM_DV], const mlkem_poly *a)
{
    for (unsigned g = 0; g < 16; g += 2) {
        __m256i t0 = compress16(LDU(a->c + 16 * g), MLKEM_DV);
        __m256i t1 = compress16(LDU(a->c + 16 * g + 16), MLKEM_DV);
        /* the 32 values as bytes, in order */
        __m256i b0 = _mm256_permute4x64_epi64(_mm256_packus_epi16(t0, t1), 0xD8);
        /* byte i = value 2i | value 2i + 1 << 4 */
        __m256i ev = _mm256_and_si256(b0, _mm256_set1_epi16(0x00FF));
        __m256i od = _mm256_srli_epi16(b0, 8);
        __m256i by = _mm256_or_si256(ev, _mm256_slli_epi16(od, 4));      /* in 16-bit lanes */
        by = _mm256_permute4x64_epi64(_mm256_packus_epi16(by, by), 0xD8);
        _mm_storeu_si128((__m128i *)(void *)(r + 8 * g), _mm256_castsi256_si128(by));
    }
}

/* Replaces mlkem_poly_decompress_dv_c (mlkem/poly.c): Decompress_4(ByteDecode_4(.)),
 * round(q y / 16) = vpmulhrsw(2^11 y, q). */
void mlkem_poly_decompress_dv_avx2(mlkem_poly *r, const uint8_t a[32 * MLKEM_DV])
{
    const __m256i q = _mm256_set1_epi16(MLKEM_Q);
    for (unsigned g = 0; g < 16; g++) {
        /* byte i gives value 2i (low nibble) and 2i + 1 (high nibble) */
        __m128i b8 = _mm_loadl_epi64((const __m128i *)(const void *)(a + 8 * g));
        __m128i n8 = _mm_unpacklo_epi8(_mm_and_si128(b8, _mm_set1_epi8(0x0F)),
                                       _mm_and_si128(_mm_srli_epi16(b8, 4), _mm_set1_epi8(0x0F)));
        __m256i y = _mm256_cvtepu8_epi16(n8);
        STU(r->c + 16 * g, _mm256_mulhrs_epi16(_mm256_slli_epi16(y, 11), q));
    }
}

/* Replaces mlkem_poly_tomsg_c (mlkem/poly.c): ByteEncode_1(Compress_1(w)). */
void mlkem_poly_tomsg_avx2(uint8_t m[MLKEM_SYMBYTES], const mlkem_poly *w)
{
    for (unsigned g = 0; g < 16; g += 2) {
        __m256i t0 = compress16(LDU(w->c + 16 * g), 1);
        __m256i t1 = compress16(LDU(w->c + 16 * g + 16), 1);
        /* bit j of a 16-bit lane -> the top bit of a byte, in order, then movemask */
        __m256i b = _mm256_permute4x64_epi64(_mm256_packus_epi16(t0, t1), 0xD8);
        uint32_t bits = (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(b, 7));
        memcpy(m + 2 * g, &bits, 4);
    }
}

/*
 * Replaces mlkem_poly_frommsg_c (mlkem/poly.c): Decompress_1(ByteDecode_1(m)),
 * bit 1 -> 1665, bit 0 -> 0, by a compare into an all-ones mask (no branch).
 */
void mlkem_poly_frommsg_avx2(mlkem_poly *r, const uint8_t m[MLKEM_SYMBYTES])
{
    const __m256i bit = _mm256_setr_epi16(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096,
                                          8192, 16384, -32768);
    const __m256i half = _mm256_set1_epi16((MLKEM_Q + 1) / 2);
    for (unsigned g = 0; g < 16; g++) {
        /* message bytes 2g (bits 0-7: lanes 0-7) and 2g + 1 (lanes 8-15) */
        __m256i v = _mm256_set1_epi16((int16_t)(m[2 * g] | m[2 * g + 1] << 8));
        __m256i sel = _mm256_cmpeq_epi16(_mm256_and_si256(v, bit), bit);
        STU(r->c + 16 * g, _mm256_and_si256(sel, half));
    }
}

#else
/* Without AVX2 this file is empty (ISO C wants a declaration). */
typedef int mlkem_poly_avx2_unused;
#endif
