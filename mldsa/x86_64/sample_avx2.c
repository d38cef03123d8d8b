/*
 * x86_64/sample_avx2.c -- ExpandA (FIPS 204 Algorithm 32) with RejNTTPoly
 * (Algorithm 30), ExpandS (Algorithm 33) with RejBoundedPoly (Algorithm 31)
 * and ExpandMask (Algorithm 34), four polynomials at a time on the 4-way
 * AVX2 Keccak of ../../sha3/x86_64/keccak_x4.h.
 *
 * Replace mldsa_rej_ntt_poly, mldsa_rej_bounded_poly and
 * mldsa_expand_mask_poly (../sample.c) called on four (s, r) / r / kappa
 * values: each lane is the same SHAKE stream as the portable call (the x4
 * sponge equals four portable sponges), consumed in the same order, so the
 * outputs are equal. ExpandA runs on the permutation sha3_keccakf1600_x4
 * itself (its one-block input written into the lanes, its output parsed from
 * the state registers); ExpandS squeezes 2 blocks up front and ExpandMask 5,
 * through shake*_x4_absorb_once / squeezeblocks, and ExpandS more one at a
 * time if a lane needs them.
 */
#include "backend.h"

#if MLDSA_X86_64
#include <immintrin.h>
#include <string.h>

#include "../../sha3/x86_64/keccak_x4.h"
#include "../ct.h"
#include "../params.h"

/* compress_idx[m]: the positions of the set bits of m, in order (padding 0):
 * vpermd with it packs the accepted lanes of a group of 8 to the front. */
static const uint8_t compress_idx[256][8] = {
    {0, 0, 0, 0, 0, 0, 0, 0},
    {0, 0, 0, 0, 0, 0, 0, 0},
    {1, 0, 0, 0, 0, 0, 0, 0},
    {0, 1, 0, 0, 0, 0, 0, 0},
    {2, 0, 0, 0, 0, 0, 0, 0},
    {0, 2, 0, 0, 0, 0, 0, 0},
    {1, 2, 0, 0, 0, 0, 0, 0},
    {0, 1, 2, 0, 0, 0, 0, 0},
    {3, 0, 0, 0, 0, 0, 0, 0},
    {0, 3, 0, 0, 0, 0, 0, 0},
    {1, 3, 0, 0, 0, 0, 0, 0},
    {0, 1, 3, 0, 0, 0, 0, 0},
    {2, 3, 0, 0, 0, 0, 0, 0},
    {0, 2, 3, 0, 0, 0, 0, 0},
    {1, 2, 3, 0, 0, 0, 0, 0},
    {0, 1, 2, 3, 0, 0, 0, 0},
    {4, 0, 0, 0, 0, 0, 0, 0},
    {0, 4, 0, 0, 0, 0, 0, 0},
    {1, 4, 0, 0, 0, 0, 0, 0},
    {0, 1, 4, 0, 0, 0, 0, 0},
    {2, 4, 0, 0, 0, 0, 0, 0},
    {0, 2, 4, 0, 0, 0, 0, 0},
    {1, 2, 4, 0, 0, 0, 0, 0},
    {0, 1, 2, 4, 0, 0, 0, 0},
    {3, 4, 0, 0, 0, 0, 0, 0},
    {0, 3, 4, 0, 0, 0, 0, 0},
    {1, 3, 4, 0, 0, 0, 0, 0},
    {0, 1, 3, 4, 0, 0, 0, 0},
    {2, 3, 4, 0, 0, 0, 0, 0},
    {0, 2, 3, 4, 0, 0, 0, 0},
    {1, 2, 3, 4, 0, 0, 0, 0},
    {0, 1, 2, 3, 4, 0, 0, 0},
    {5, 0, 0, 0, 0, 0, 0, 0},
    {0, 5, 0, 0, 0, 0, 0, 0},
    {1, 5, 0, 0, 0, 0, 0, 0},
    {0, 1, 5, 0, 0, 0, 0, 0},
    {2, 5, 0, 0, 0, 0, 0, 0},
    {0, 2, 5, 0, 0, 0, 0, 0},
    {1, 2, 5, 0, 0, 0, 0, 0},
    {0, 1, 2, 5, 0, 0, 0, 0},
    {3, 5, 0, 0, 0, 0, 0, 0},
    {0, 3, 5, 0, 0, 0, 0, 0},
    {1, 3, 5, 0, 0, 0, 0, 0},
    {0, 1, 3, 5, 0, 0, 0, 0},
    {2, 3, 5, 0, 0, 0, 0, 0},
    {0, 2, 3, 5, 0, 0, 0, 0},
    {1, 2, 3, 5, 0, 0, 0, 0},
    {0, 1, 2, 3, 5, 0, 0, 0},
    {4, 5, 0, 0, 0, 0, 0, 0},
    {0, 4, 5, 0, 0, 0, 0, 0},
    {1, 4, 5, 0, 0, 0, 0, 0},
    {0, 1, 4, 5, 0, 0, 0, 0},
    {2, 4, 5, 0, 0, 0, 0, 0},
    {0, 2, 4, 5, 0, 0, 0, 0},
    {1, 2, 4, 5, 0, 0, 0, 0},
    {0, 1, 2, 4, 5, 0, 0, 0},
    {3, 4, 5, 0, 0, 0, 0, 0},
    {0, 3, 4, 5, 0, 0, 0, 0},
    {1, 3, 4, 5, 0, 0, 0, 0},
    {0, 1, 3, 4, 5, 0, 0, 0},
    {2, 3, 4, 5, 0, 0, 0, 0},
    {0, 2, 3, 4, 5, 0, 0, 0},
    {1, 2, 3, 4, 5, 0, 0, 0},
    {0, 1, 2, 3, 4, 5, 0, 0},
    {6, 0, 0, 0, 0, 0, 0, 0},
    {0, 6, 0, 0, 0, 0, 0, 0},
    {1, 6, 0, 0, 0, 0, 0, 0},
    {0, 1, 6, 0, 0, 0, 0, 0},
    {2, 6, 0, 0, 0, 0, 0, 0},
    {0, 2, 6, 0, 0, 0, 0, 0},
    {1, 2, 6, 0, 0, 0, 0, 0},
    {0, 1, 2, 6, 0, 0, 0, 0},
    {3, 6, 0, 0, 0, 0, 0, 0},
    {0, 3, 6, 0, 0, 0, 0, 0},
    {1, 3, 6, 0, 0, 0, 0, 0},
    {0, 1, 3, 6, 0, 0, 0, 0},
    {2, 3, 6, 0, 0, 0, 0, 0},
    {0, 2, 3, 6, 0, 0, 0, 0},
    {1, 2, 3, 6, 0, 0, 0, 0},
    {0, 1, 2, 3, 6, 0, 0, 0},
    {4, 6, 0, 0, 0, 0, 0, 0},
    {0, 4, 6, 0, 0, 0, 0, 0},
    {1, 4, 6, 0, 0, 0, 0, 0},
    {0, 1, 4, 6, 0, 0, 0, 0},
    {2, 4, 6, 0, 0, 0, 0, 0},
    {0, 2, 4, 6, 0, 0, 0, 0},
    {1, 2, 4, 6, 0, 0, 0, 0},
    {0, 1, 2, 4, 6, 0, 0, 0},
    {3, 4, 6, 0, 0, 0, 0, 0},
    {0, 3, 4, 6, 0, 0, 0, 0},
    {1, 3, 4, 6, 0, 0, 0, 0},
    {0, 1, 3, 4, 6, 0, 0, 0},
    {2, 3, 4, 6, 0, 0, 0, 0},
    {0, 2, 3, 4, 6, 0, 0, 0},
    {1, 2, 3, 4, 6, 0, 0, 0},
    {0, 1, 2, 3, 4, 6, 0, 0},
    {5, 6, 0, 0, 0, 0, 0, 0},
    {0, 5, 6, 0, 0, 0, 0, 0},
    {1, 5, 6, 0, 0, 0, 0, 0},
    {0, 1, 5, 6, 0, 0, 0, 0},
    {2, 5, 6, 0, 0, 0, 0, 0},
    {0, 2, 5, 6, 0, 0, 0, 0},
    {1, 2, 5, 6, 0, 0, 0, 0},
    {0, 1, 2, 5, 6, 0, 0, 0},
    {3, 5, 6, 0, 0, 0, 0, 0},
    {0, 3, 5, 6, 0, 0, 0, 0},
    {1, 3, 5, 6, 0, 0, 0, 0},
    {0, 1, 3, 5, 6, 0, 0, 0},
    {2, 3, 5, 6, 0, 0, 0, 0},
    {0, 2, 3, 5, 6, 0, 0, 0},
    {1, 2, 3, 5, 6, 0, 0, 0},
    {0, 1, 2, 3, 5, 6, 0, 0},
    {4, 5, 6, 0, 0, 0, 0, 0},
    {0, 4, 5, 6, 0, 0, 0, 0},
    {1, 4, 5, 6, 0, 0, 0, 0},
    {0, 1, 4, 5, 6, 0, 0, 0},
    {2, 4, 5, 6, 0, 0, 0, 0},
    {0, 2, 4, 5, 6, 0, 0, 0},
    {1, 2, 4, 5, 6, 0, 0, 0},
    {0, 1, 2, 4, 5, 6, 0, 0},
    {3, 4, 5, 6, 0, 0, 0, 0},
    {0, 3, 4, 5, 6, 0, 0, 0},
    {1, 3, 4, 5, 6, 0, 0, 0},
    {0, 1, 3, 4, 5, 6, 0, 0},
    {2, 3, 4, 5, 6, 0, 0, 0},
    {0, 2, 3, 4, 5, 6, 0, 0},
    {1, 2, 3, 4, 5, 6, 0, 0},
    {0, 1, 2, 3, 4, 5, 6, 0},
    {7, 0, 0, 0, 0, 0, 0, 0},
    {0, 7, 0, 0, 0, 0, 0, 0},
    {1, 7, 0, 0, 0, 0, 0, 0},
    {0, 1, 7, 0, 0, 0, 0, 0},
    {2, 7, 0, 0, 0, 0, 0, 0},
    {0, 2, 7, 0, 0, 0, 0, 0},
    {1, 2, 7, 0, 0, 0, 0, 0},
    {0, 1, 2, 7, 0, 0, 0, 0},
    {3, 7, 0, 0, 0, 0, 0, 0},
    {0, 3, 7, 0, 0, 0, 0, 0},
    {1, 3, 7, 0, 0, 0, 0, 0},
    {0, 1, 3, 7, 0, 0, 0, 0},
    {2, 3, 7, 0, 0, 0, 0, 0},
    {0, 2, 3, 7, 0, 0, 0, 0},
    {1, 2, 3, 7, 0, 0, 0, 0},
    {0, 1, 2, 3, 7, 0, 0, 0},
    {4, 7, 0, 0, 0, 0, 0, 0},
    {0, 4, 7, 0, 0, 0, 0, 0},
    {1, 4, 7, 0, 0, 0, 0, 0},
    {0, 1, 4, 7, 0, 0, 0, 0},
    {2, 4, 7, 0, 0, 0, 0, 0},
    {0, 2, 4, 7, 0, 0, 0, 0},
    {1, 2, 4, 7, 0, 0, 0, 0},
    {0, 1, 2, 4, 7, 0, 0, 0},
    {3, 4, 7, 0, 0, 0, 0, 0},
    {0, 3, 4, 7, 0, 0, 0, 0},
    {1, 3, 4, 7, 0, 0, 0, 0},
    {0, 1, 3, 4, 7, 0, 0, 0},
    {2, 3, 4, 7, 0, 0, 0, 0},
    {0, 2, 3, 4, 7, 0, 0, 0},
    {1, 2, 3, 4, 7, 0, 0, 0},
    {0, 1, 2, 3, 4, 7, 0, 0},
    {5, 7, 0, 0, 0, 0, 0, 0},
    {0, 5, 7, 0, 0, 0, 0, 0},
    {1, 5, 7, 0, 0, 0, 0, 0},
    {0, 1, 5, 7, 0, 0, 0, 0},
    {2, 5, 7, 0, 0, 0, 0, 0},
    {0, 2, 5, 7, 0, 0, 0, 0},
    {1, 2, 5, 7, 0, 0, 0, 0},
    {0, 1, 2, 5, 7, 0, 0, 0},
    {3, 5, 7, 0, 0, 0, 0, 0},
    {0, 3, 5, 7, 0, 0, 0, 0},
    {1, 3, 5, 7, 0, 0, 0, 0},
    {0, 1, 3, 5, 7, 0, 0, 0},
    {2, 3, 5, 7, 0, 0, 0, 0},
    {0, 2, 3, 5, 7, 0, 0, 0},
    {1, 2, 3, 5, 7, 0, 0, 0},
    {0, 1, 2, 3, 5, 7, 0, 0},
    {4, 5, 7, 0, 0, 0, 0, 0},
    {0, 4, 5, 7, 0, 0, 0, 0},
    {1, 4, 5, 7, 0, 0, 0, 0},
    {0, 1, 4, 5, 7, 0, 0, 0},
    {2, 4, 5, 7, 0, 0, 0, 0},
    {0, 2, 4, 5, 7, 0, 0, 0},
    {1, 2, 4, 5, 7, 0, 0, 0},
    {0, 1, 2, 4, 5, 7, 0, 0},
    {3, 4, 5, 7, 0, 0, 0, 0},
    {0, 3, 4, 5, 7, 0, 0, 0},
    {1, 3, 4, 5, 7, 0, 0, 0},
    {0, 1, 3, 4, 5, 7, 0, 0},
    {2, 3, 4, 5, 7, 0, 0, 0},
    {0, 2, 3, 4, 5, 7, 0, 0},
    {1, 2, 3, 4, 5, 7, 0, 0},
    {0, 1, 2, 3, 4, 5, 7, 0},
    {6, 7, 0, 0, 0, 0, 0, 0},
    {0, 6, 7, 0, 0, 0, 0, 0},
    {1, 6, 7, 0, 0, 0, 0, 0},
    {0, 1, 6, 7, 0, 0, 0, 0},
    {2, 6, 7, 0, 0, 0, 0, 0},
    {0, 2, 6, 7, 0, 0, 0, 0},
    {1, 2, 6, 7, 0, 0, 0, 0},
    {0, 1, 2, 6, 7, 0, 0, 0},
    {3, 6, 7, 0, 0, 0, 0, 0},
    {0, 3, 6, 7, 0, 0, 0, 0},
    {1, 3, 6, 7, 0, 0, 0, 0},
    {0, 1, 3, 6, 7, 0, 0, 0},
    {2, 3, 6, 7, 0, 0, 0, 0},
    {0, 2, 3, 6, 7, 0, 0, 0},
    {1, 2, 3, 6, 7, 0, 0, 0},
    {0, 1, 2, 3, 6, 7, 0, 0},
    {4, 6, 7, 0, 0, 0, 0, 0},
    {0, 4, 6, 7, 0, 0, 0, 0},
    {1, 4, 6, 7, 0, 0, 0, 0},
    {0, 1, 4, 6, 7, 0, 0, 0},
    {2, 4, 6, 7, 0, 0, 0, 0},
    {0, 2, 4, 6, 7, 0, 0, 0},
    {1, 2, 4, 6, 7, 0, 0, 0},
    {0, 1, 2, 4, 6, 7, 0, 0},
    {3, 4, 6, 7, 0, 0, 0, 0},
    {0, 3, 4, 6, 7, 0, 0, 0},
    {1, 3, 4, 6, 7, 0, 0, 0},
    {0, 1, 3, 4, 6, 7, 0, 0},
    {2, 3, 4, 6, 7, 0, 0, 0},
    {0, 2, 3, 4, 6, 7, 0, 0},
    {1, 2, 3, 4, 6, 7, 0, 0},
    {0, 1, 2, 3, 4, 6, 7, 0},
    {5, 6, 7, 0, 0, 0, 0, 0},
    {0, 5, 6, 7, 0, 0, 0, 0},
    {1, 5, 6, 7, 0, 0, 0, 0},
    {0, 1, 5, 6, 7, 0, 0, 0},
    {2, 5, 6, 7, 0, 0, 0, 0},
    {0, 2, 5, 6, 7, 0, 0, 0},
    {1, 2, 5, 6, 7, 0, 0, 0},
    {0, 1, 2, 5, 6, 7, 0, 0},
    {3, 5, 6, 7, 0, 0, 0, 0},
    {0, 3, 5, 6, 7, 0, 0, 0},
    {1, 3, 5, 6, 7, 0, 0, 0},
    {0, 1, 3, 5, 6, 7, 0, 0},
    {2, 3, 5, 6, 7, 0, 0, 0},
    {0, 2, 3, 5, 6, 7, 0, 0},
    {1, 2, 3, 5, 6, 7, 0, 0},
    {0, 1, 2, 3, 5, 6, 7, 0},
    {4, 5, 6, 7, 0, 0, 0, 0},
    {0, 4, 5, 6, 7, 0, 0, 0},
    {1, 4, 5, 6, 7, 0, 0, 0},
    {0, 1, 4, 5, 6, 7, 0, 0},
    {2, 4, 5, 6, 7, 0, 0, 0},
    {0, 2, 4, 5, 6, 7, 0, 0},
    {1, 2, 4, 5, 6, 7, 0, 0},
    {0, 1, 2, 4, 5, 6, 7, 0},
    {3, 4, 5, 6, 7, 0, 0, 0},
    {0, 3, 4, 5, 6, 7, 0, 0},
    {1, 3, 4, 5, 6, 7, 0, 0},
    {0, 1, 3, 4, 5, 6, 7, 0},
    {2, 3, 4, 5, 6, 7, 0, 0},
    {0, 2, 3, 4, 5, 6, 7, 0},
    {1, 2, 3, 4, 5, 6, 7, 0},
    {0, 1, 2, 3, 4, 5, 6, 7}
};

/*
 * One group of 8 CoeffFromThreeBytes candidates (24 bytes in the low 24 bytes
 * of v) for RejNTTPoly (Algorithm 30 steps 4-11): appends the accepted
 * values to a[ctr..], at most MLDSA_N; returns the new count. While 8 more
 * fit, all at once: the accepted lanes are moved to the front by vpermd with
 * the (public) accept mask as table index; near the end, one at a time.
 * Runs on public data (rho is public; constant-time.md 1.4 ML-DSA item 1).
 */
static inline unsigned rej_uniform8(int32_t a[MLDSA_N], unsigned ctr, __m256i v)
{
    const __m256i shuf = _mm256_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1,
                                          4, 5, 6, -1, 7, 8, 9, -1, 10, 11, 12, -1, 13, 14, 15, -1);
    if (ctr + 8 <= MLDSA_N) {
        v = _mm256_permute4x64_epi64(v, 0x94); /* quads 0, 1, 1, 2: bytes 0..15 | 8..23 */
        v = _mm256_and_si256(_mm256_shuffle_epi8(v, shuf), _mm256_set1_epi32(0x7FFFFF));
        unsigned m = (unsigned)_mm256_movemask_ps(
            _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32(MLDSA_Q), v)));
        __m256i idx = _mm256_cvtepu8_epi32(
            _mm_loadl_epi64((const __m128i *)(const void *)compress_idx[m]));
        _mm256_storeu_si256((__m256i *)(void *)(a + ctr), _mm256_permutevar8x32_epi32(v, idx));
        return ctr + (unsigned)_mm_popcnt_u32(m);
    }
    uint8_t b[32];
    _mm256_storeu_si256((__m256i *)(void *)b, v);
    for (unsigned p = 0; p < 24 && ctr < MLDSA_N; p += 3) {
        uint32_t t = (uint32_t)b[p] | (uint32_t)b[p + 1] << 8 | (uint32_t)(b[p + 2] & 0x7F) << 16;
        if (t < MLDSA_Q) {
            a[ctr++] = (int32_t)t;
        }
    }
    return ctr;
}

static inline uint64_t load64le(const uint8_t *p)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

/*
 * Replaces four mldsa_rej_ntt_poly(a[k], rho, s[k], r[k]) (ExpandA, Algorithm
 * 32, step 4: A-hat[r][s] = RejNTTPoly(rho || s || r)), directly on the
 * four-state permutation sha3_keccakf1600_x4: the 34-byte inputs and the
 * SHAKE128 suffix and pad10*1 fit one block, written into the state lanes
 * as sha3/'s sponge pads (sha3_pad_first and SHA3_PAD_LAST, sha3.h; rho is
 * the same in all four states); each squeezed block (21 lanes = 7 groups of 24
 * bytes, in stream order) is parsed straight from the registers: lanes
 * 3g, 3g + 1, 3g + 2 of the four states are transposed into one vector per
 * state. The same bytes as four SHAKE128 sponges (tests/test_x86_64_mldsa.c).
 */
void mldsa_rej_ntt_poly_x4(int32_t a[4][MLDSA_N], const uint8_t rho[MLDSA_SEEDBYTES],
                           const uint8_t s[4], const uint8_t r[4])
{
    __m256i st[25];
    unsigned ctr[4] = {0, 0, 0, 0};
    uint64_t last[4];

    for (unsigned i = 0; i < 25; i++) {
        st[i] = _mm256_setzero_si256();
    }
    for (unsigned i = 0; i < MLDSA_SEEDBYTES / 8; i++) {
        st[i] = _mm256_set1_epi64x((long long)load64le(rho + 8 * i));
    }
    /* bytes 32, 33: s, r; byte 34: the SHAKE suffix and the first pad bit;
     * byte 167, the last of the rate: the final pad bit. */
    for (unsigned k = 0; k < 4; k++) {
        last[k] = ((uint64_t)s[k] | (uint64_t)r[k] << 8) ^
                  sha3_pad_first(SHA3_SUFFIX_SHAKE, MLDSA_SEEDBYTES + 2);
    }
    st[4] = _mm256_set_epi64x((long long)last[3], (long long)last[2], (long long)last[1],
                              (long long)last[0]);
    st[SHAKE128_RATE / 8 - 1] = _mm256_set1_epi64x((long long)SHA3_PAD_LAST);

    while (ctr[0] < MLDSA_N || ctr[1] < MLDSA_N || ctr[2] < MLDSA_N || ctr[3] < MLDSA_N) {
        sha3_keccakf1600_x4(st);
        for (unsigned g = 0; g < SHAKE128_RATE / 24; g++) {
            __m256i t0 = _mm256_unpacklo_epi64(st[3 * g], st[3 * g + 1]);
            __m256i t1 = _mm256_unpackhi_epi64(st[3 * g], st[3 * g + 1]);
            __m256i t2 = _mm256_unpacklo_epi64(st[3 * g + 2], st[3 * g + 2]);
            __m256i t3 = _mm256_unpackhi_epi64(st[3 * g + 2], st[3 * g + 2]);
            ctr[0] = rej_uniform8(a[0], ctr[0], _mm256_permute2x128_si256(t0, t2, 0x20));
            ctr[1] = rej_uniform8(a[1], ctr[1], _mm256_permute2x128_si256(t1, t3, 0x20));
            ctr[2] = rej_uniform8(a[2], ctr[2], _mm256_permute2x128_si256(t0, t2, 0x31));
            ctr[3] = rej_uniform8(a[3], ctr[3], _mm256_permute2x128_si256(t1, t3, 0x31));
        }
    }
}

#define S_BLOCKS 2 /* 272 bytes = 544 half-bytes; 256 are needed, 9/16 accepted */

/*
 * RejBoundedPoly's inner loop (Algorithm 31 steps 4-13, eta = 4) on
 * buf[0..len): eight half-bytes at a time (lo, hi of each byte, in order),
 * the accepted ones moved to the front by vpermd, then one at a time as in
 * ../sample.c. The sampled values are secret, only each accept bit is
 * declassified (constant-time.md 1.4, ML-DSA item 2).
 */
static unsigned rej_eta(int32_t a[MLDSA_N], unsigned j, const uint8_t *buf, unsigned len)
{
    const __m128i dup = _mm_setr_epi8(0, 0, 1, 1, 2, 2, 3, 3, -1, -1, -1, -1, -1, -1, -1, -1);
    const __m256i sh = _mm256_setr_epi32(0, 4, 0, 4, 0, 4, 0, 4);
    const __m256i m4 = _mm256_set1_epi32(0x0F), nine = _mm256_set1_epi32(9);
    const __m256i eta = _mm256_set1_epi32(MLDSA_ETA);
    unsigned p = 0;
    /* Eight half-bytes (4 bytes) at a time while 8 more values fit. */
    while (j + 8 <= MLDSA_N && p + 4 <= len) {
        uint32_t w4;
        memcpy(&w4, buf + p, 4);
        __m128i b = _mm_shuffle_epi8(_mm_cvtsi32_si128((int)w4), dup);
        __m256i z = _mm256_and_si256(_mm256_srlv_epi32(_mm256_cvtepu8_epi32(b), sh), m4);
        uint32_t m = (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpgt_epi32(nine, z)));
        /* The eight accept bits only (constant-time.md 1.4, ML-DSA item 2):
         * they choose the permutation and the count, never a value. */
        MLDSA_CT_DECLASSIFY(&m, sizeof m);
        __m256i idx = _mm256_cvtepu8_epi32(
            _mm_loadl_epi64((const __m128i *)(const void *)compress_idx[m]));
        z = _mm256_sub_epi32(eta, _mm256_permutevar8x32_epi32(z, idx));
        _mm256_storeu_si256((__m256i *)(void *)(a + j), z);
        j += (unsigned)_mm_popcnt_u32(m);
        p += 4;
    }
    for (; p < len && j < MLDSA_N; p++) {
        int32_t z0 = buf[p] & 0x0F;
        int32_t z1 = buf[p] >> 4;
        uint32_t ok0 = (uint32_t)(z0 - 9) >> 31; /* 1 iff z0 < 9 */
        uint32_t ok1 = (uint32_t)(z1 - 9) >> 31;
        MLDSA_CT_DECLASSIFY(&ok0, sizeof ok0);
        MLDSA_CT_DECLASSIFY(&ok1, sizeof ok1);
        if (j + 2 <= MLDSA_N) {
            a[j] = 4 - z0;
            j += ok0;
            a[j] = 4 - z1;
            j += ok1;
            continue;
        }
        if (ok0) {
            a[j++] = 4 - z0;
        }
        if (ok1 && j < MLDSA_N) {
            a[j++] = 4 - z1;
        }
    }
    return j;
}

/*
 * Replaces four mldsa_rej_bounded_poly(a[k], rhop, r[k]) (ExpandS,
 * Algorithm 33: RejBoundedPoly(rho' || IntegerToBytes(r, 2))).
 */
void mldsa_rej_bounded_poly_x4(int32_t a[4][MLDSA_N], const uint8_t rhop[MLDSA_CRHBYTES],
                               const uint16_t r[4])
{
    sha3_x4_state st;
    uint8_t in[4][MLDSA_CRHBYTES + 2];
    uint8_t buf[4][S_BLOCKS * SHAKE256_RATE];
    unsigned ctr[4];

    for (unsigned k = 0; k < 4; k++) {
        memcpy(in[k], rhop, MLDSA_CRHBYTES);
        in[k][MLDSA_CRHBYTES] = (uint8_t)r[k];
        in[k][MLDSA_CRHBYTES + 1] = (uint8_t)(r[k] >> 8);
    }
    shake256_x4_absorb_once(&st, in[0], in[1], in[2], in[3], sizeof in[0]);
    shake256_x4_squeezeblocks(&st, buf[0], buf[1], buf[2], buf[3], S_BLOCKS);
    for (unsigned k = 0; k < 4; k++) {
        ctr[k] = rej_eta(a[k], 0, buf[k], S_BLOCKS * SHAKE256_RATE);
    }
    /* Whether a lane needs another block follows from the accept bits. */
    while (ctr[0] < MLDSA_N || ctr[1] < MLDSA_N || ctr[2] < MLDSA_N || ctr[3] < MLDSA_N) {
        shake256_x4_squeezeblocks(&st, buf[0], buf[1], buf[2], buf[3], 1);
        for (unsigned k = 0; k < 4; k++) {
            ctr[k] = rej_eta(a[k], ctr[k], buf[k], SHAKE256_RATE);
        }
    }
    mldsa_ct_wipe(buf, sizeof buf);
    mldsa_ct_wipe(in, sizeof in);
    sha3_x4_wipe(&st);
}

/*
 * Replaces four mldsa_expand_mask_poly(v[k], rhopp, kappa[k]) (ExpandMask,
 * Algorithm 34 step 4: 640 bytes of H(rho'' || IntegerToBytes(kappa, 2))).
 * Four whole blocks go straight to v, the fifth through a buffer.
 */
void mldsa_expand_mask_x4(uint8_t v[4][MLDSA_Z_POLYBYTES], const uint8_t rhopp[MLDSA_CRHBYTES],
                          const uint16_t kappa[4])
{
    sha3_x4_state st;
    uint8_t in[4][MLDSA_CRHBYTES + 2];
    uint8_t last[4][SHAKE256_RATE];
    const unsigned whole = MLDSA_Z_POLYBYTES / SHAKE256_RATE; /* 4 */

    for (unsigned k = 0; k < 4; k++) {
        memcpy(in[k], rhopp, MLDSA_CRHBYTES);
        in[k][MLDSA_CRHBYTES] = (uint8_t)kappa[k];
        in[k][MLDSA_CRHBYTES + 1] = (uint8_t)(kappa[k] >> 8);
    }
    shake256_x4_absorb_once(&st, in[0], in[1], in[2], in[3], sizeof in[0]);
    shake256_x4_squeezeblocks(&st, v[0], v[1], v[2], v[3], whole);
    shake256_x4_squeezeblocks(&st, last[0], last[1], last[2], last[3], 1);
    for (unsigned k = 0; k < 4; k++) {
        memcpy(v[k] + whole * SHAKE256_RATE, last[k], MLDSA_Z_POLYBYTES - whole * SHAKE256_RATE);
    }
    mldsa_ct_wipe(last, sizeof last);
    mldsa_ct_wipe(in, sizeof in);
    sha3_x4_wipe(&st);
}

#else
typedef int mldsa_x86_64_sample_empty; /* ISO C forbids an empty translation unit */
#endif
