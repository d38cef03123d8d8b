/*
 * sample_avx2.c -- AVX2 versions of mlkem/sample.c (FIPS 203, Section 4.2.2):
 * A-hat from SampleNTT (Algorithm 7) four entries at a time on the 4-way
 * Keccak of sha3/x86_64, and SamplePolyCBD_2 (Algorithm 8) on PRF_2 four
 * polynomials at a time. Same byte streams (SHAKE128 / SHAKE256 of the same
 * inputs), same parsing, so the same polynomials as the portable code.
 */
#if defined(__AVX2__) && defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

#include "../../sha3/sha3.h"
#include "../../sha3/x86_64/keccak_x4.h"
#include "../ct.h"
#include "../poly.h"

#define XOF_LANES (SHAKE128_RATE / 8)   /* 21 */
#define FIRST_BLOCKS 3                  /* 504 bytes: 336 candidates, 256 needed */

/*
 * Replaces mlkem_gen_matrix_c (mlkem/sample.c): A-hat (Algorithm 13, lines
 * 3-7, or its transpose, Algorithm 14, lines 4-8). The nine entries go in
 * batches of four XOF streams (the last batch has one real stream; the other
 * lanes recompute it and are dropped). Three blocks are squeezed at once,
 * then one more for all four while any entry still lacks coefficients. The
 * counts and the loop depend on XOF output of rho only, which is public.
 */
void mlkem_gen_matrix_avx2(mlkem_polyvec A[MLKEM_K], const uint8_t rho[MLKEM_SYMBYTES],
                           int transposed)
{
    uint64_t buf[4][FIRST_BLOCKS * XOF_LANES];
    uint8_t in[4][MLKEM_SYMBYTES + 2];
    mlkem_poly spare;
    sha3_x4_state st;

    for (unsigned e0 = 0; e0 < MLKEM_K * MLKEM_K; e0 += 4) {
        mlkem_poly *out[4];
        unsigned n[4];
        for (unsigned k = 0; k < 4; k++) {
            const unsigned e = e0 + k < MLKEM_K * MLKEM_K ? e0 + k : e0;
            const uint8_t i = (uint8_t)(e / MLKEM_K), j = (uint8_t)(e % MLKEM_K);
            out[k] = e0 + k < MLKEM_K * MLKEM_K ? &A[i].p[j] : &spare;
            memcpy(in[k], rho, MLKEM_SYMBYTES);
            /* A-hat[i, j] = SampleNTT(rho || j || i); transposed: rho || i || j */
            in[k][MLKEM_SYMBYTES] = transposed ? i : j;
            in[k][MLKEM_SYMBYTES + 1] = transposed ? j : i;
            n[k] = 0;
        }
        shake128_x4_absorb_once(&st, in[0], in[1], in[2], in[3], MLKEM_SYMBYTES + 2);
        shake128_x4_squeezeblocks(&st, (uint8_t *)buf[0], (uint8_t *)buf[1], (uint8_t *)buf[2],
                                  (uint8_t *)buf[3], FIRST_BLOCKS);
        for (unsigned k = 0; k < 4; k++) {
            for (unsigned b = 0; b < FIRST_BLOCKS && n[k] < MLKEM_N; b++) {
                n[k] = mlkem_rej_uniform(out[k]->c, n[k], buf[k] + XOF_LANES * b);
            }
        }
        while (n[0] < MLKEM_N || n[1] < MLKEM_N || n[2] < MLKEM_N || n[3] < MLKEM_N) {
            shake128_x4_squeezeblocks(&st, (uint8_t *)buf[0], (uint8_t *)buf[1],
                                      (uint8_t *)buf[2], (uint8_t *)buf[3], 1);
            for (unsigned k = 0; k < 4; k++) {
                if (n[k] < MLKEM_N) {
                    n[k] = mlkem_rej_uniform(out[k]->c, n[k], buf[k]);
                }
            }
        }
    }
    sha3_x4_wipe(&st);
}

/*
 * SamplePolyCBD_2 of one 128-byte PRF output (Algorithm 8, as
 * mlkem_poly_cbd_eta2_c): the bit pairs are added as in the portable code
 * (nibble = f + 4), then each byte's two nibbles become coefficients 2B and
 * 2B + 1 (byte B of the stream), minus 4.
 */
static void cbd2_from_bytes(mlkem_poly *r, const uint8_t *buf)
{
    const __m256i m1 = _mm256_set1_epi8(0x55), m2 = _mm256_set1_epi8(0x33);
    const __m256i four = _mm256_set1_epi8(0x44), m4 = _mm256_set1_epi8(0x0F);
    const __m256i four16 = _mm256_set1_epi16(4);
    for (unsigned v = 0; v < 4; v++) {
        __m256i t = _mm256_loadu_si256((const __m256i *)(const void *)(buf + 32 * v));
        __m256i d = _mm256_add_epi8(_mm256_and_si256(t, m1),
                                    _mm256_and_si256(_mm256_srli_epi16(t, 1), m1));
        __m256i e = _mm256_sub_epi8(_mm256_add_epi8(_mm256_and_si256(d, m2), four),
                                    _mm256_and_si256(_mm256_srli_epi16(d, 2), m2));
        __m256i lo = _mm256_and_si256(e, m4);
        __m256i hi = _mm256_and_si256(_mm256_srli_epi16(e, 4), m4);
        __m256i u0 = _mm256_unpacklo_epi8(lo, hi); /* bytes 0-7 | 16-23, as nibble pairs */
        __m256i u1 = _mm256_unpackhi_epi8(lo, hi); /* bytes 8-15 | 24-31 */
        __m256i w0 = _mm256_permute2x128_si256(u0, u1, 0x20); /* bytes 0-15 */
        __m256i w1 = _mm256_permute2x128_si256(u0, u1, 0x31); /* bytes 16-31 */
        int16_t *c = r->c + 64 * v;
        _mm256_storeu_si256((__m256i *)(void *)c,
                            _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_castsi256_si128(w0)), four16));
        _mm256_storeu_si256((__m256i *)(void *)(c + 16),
                            _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_extracti128_si256(w0, 1)), four16));
        _mm256_storeu_si256((__m256i *)(void *)(c + 32),
                            _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_castsi256_si128(w1)), four16));
        _mm256_storeu_si256((__m256i *)(void *)(c + 48),
                            _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_extracti128_si256(w1, 1)), four16));
    }
}

/*
 * Replaces mlkem_poly_cbd_eta2_x4_c (mlkem/sample.c): r_k =
 * SamplePolyCBD_2(PRF_2(s, b_k)) for k = 0..3, the four PRF = SHAKE256
 * streams on the 4-way Keccak (one permutation for all four). A NULL r_k is
 * computed into a scratch polynomial and dropped.
 */
void mlkem_poly_cbd_eta2_x4_avx2(mlkem_poly *r0, mlkem_poly *r1, mlkem_poly *r2, mlkem_poly *r3,
                                 const uint8_t s[MLKEM_SYMBYTES], uint8_t b0, uint8_t b1,
                                 uint8_t b2, uint8_t b3)
{
    uint8_t in[4][MLKEM_SYMBYTES + 1];
    uint8_t buf[4][SHAKE256_RATE];
    mlkem_poly spare;
    mlkem_poly *r[4];
    const uint8_t b[4] = {b0, b1, b2, b3};
    sha3_x4_state st;

    r[0] = r0 ? r0 : &spare;
    r[1] = r1 ? r1 : &spare;
    r[2] = r2 ? r2 : &spare;
    r[3] = r3 ? r3 : &spare;
    for (unsigned k = 0; k < 4; k++) {
        memcpy(in[k], s, MLKEM_SYMBYTES);
        in[k][MLKEM_SYMBYTES] = b[k];
    }
    shake256_x4_absorb_once(&st, in[0], in[1], in[2], in[3], MLKEM_SYMBYTES + 1);
    shake256_x4_squeezeblocks(&st, buf[0], buf[1], buf[2], buf[3], 1);
    for (unsigned k = 0; k < 4; k++) {
        cbd2_from_bytes(r[k], buf[k]);
    }
    sha3_x4_wipe(&st);
    mlkem_ct_wipe(in, sizeof in);
    mlkem_ct_wipe(buf, sizeof buf);
    mlkem_ct_wipe(&spare, sizeof spare);
}

#else
/* Without AVX2 this file is empty (ISO C wants a declaration). */
typedef int mlkem_sample_avx2_unused;
#endif
