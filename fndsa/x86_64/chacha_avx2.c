/*
 * chacha_avx2.c -- x86-64 backend: the sampler PRNG's refill (sampler.c,
 * fndsa_prng_refill, which it replaces) with the eight ChaCha20 blocks
 * (RFC 8439 core, 20 rounds, counters cc..cc+7 XORed into the last two IV
 * words, as the round-3 reference) computed together, one block per
 * 32-bit AVX2 lane. The interleaved output layout of the reference (word
 * v of block u at bytes 4u + 32v) is then exactly one 32-byte store per
 * state word. Compiled only in the backend build (FNDSA_NATIVE_FPR, set in
 * inner.h); an empty translation unit otherwise.
 */
#include "../inner.h"

#if defined(FNDSA_NATIVE_FPR)

#include <immintrin.h>

static inline __m256i rotl(__m256i x, int k)
{
    return _mm256_or_si256(_mm256_slli_epi32(x, k), _mm256_srli_epi32(x, 32 - k));
}

#define QR(a, b, c, d) do { \
        st[a] = _mm256_add_epi32(st[a], st[b]); \
        st[d] = _mm256_shuffle_epi8(_mm256_xor_si256(st[d], st[a]), r16); \
        st[c] = _mm256_add_epi32(st[c], st[d]); \
        st[b] = rotl(_mm256_xor_si256(st[b], st[c]), 12); \
        st[a] = _mm256_add_epi32(st[a], st[b]); \
        st[d] = _mm256_shuffle_epi8(_mm256_xor_si256(st[d], st[a]), r8); \
        st[c] = _mm256_add_epi32(st[c], st[d]); \
        st[b] = rotl(_mm256_xor_si256(st[b], st[c]), 7); \
    } while (0)

/* Replaces fndsa_prng_refill (sampler.c). */
void fndsa_avx2_prng_refill(fndsa_prng *p)
{
    static const uint32_t CW[4] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
    const __m256i r16 = _mm256_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
                                         2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
    const __m256i r8 = _mm256_setr_epi8(3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14,
                                        3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14);
    __m256i st[16], in[16], c0, c1;
    const uint64_t cc = p->cc;
    int i, v;

    /* The eight counters cc + u in 64-bit lanes, then their low and high
     * words gathered into block order (lanes u = 0..7). Done in registers:
     * cc comes from the secret-seeded SHAKE output, and a scalar loop
     * "lo[i] = ... (cc + i)" let gcc -O1 use cc + i as the induction
     * variable, so the store addresses and the loop branch were computed
     * from cc (make ct, gcc -O1, backend build). */
    c0 = _mm256_add_epi64(_mm256_set1_epi64x((long long)cc), _mm256_setr_epi64x(0, 1, 2, 3));
    c1 = _mm256_add_epi64(_mm256_set1_epi64x((long long)cc), _mm256_setr_epi64x(4, 5, 6, 7));
    c0 = _mm256_permutevar8x32_epi32(c0, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7));
    c1 = _mm256_permutevar8x32_epi32(c1, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7));
    for (v = 0; v < 4; v++) {
        in[v] = _mm256_set1_epi32((int)CW[v]);
    }
    for (v = 4; v < 14; v++) {
        in[v] = _mm256_set1_epi32((int)p->kiv[v - 4]);
    }
    in[14] = _mm256_xor_si256(_mm256_set1_epi32((int)p->kiv[10]),
                              _mm256_permute2x128_si256(c0, c1, 0x20));
    in[15] = _mm256_xor_si256(_mm256_set1_epi32((int)p->kiv[11]),
                              _mm256_permute2x128_si256(c0, c1, 0x31));
    for (v = 0; v < 16; v++) {
        st[v] = in[v];
    }
    for (i = 0; i < 10; i++) {
        QR(0, 4, 8, 12);
        QR(1, 5, 9, 13);
        QR(2, 6, 10, 14);
        QR(3, 7, 11, 15);
        QR(0, 5, 10, 15);
        QR(1, 6, 11, 12);
        QR(2, 7, 8, 13);
        QR(3, 4, 9, 14);
    }
    for (v = 0; v < 16; v++) {
        _mm256_storeu_si256((__m256i *)(void *)(p->buf + (v << 5)),
                            _mm256_add_epi32(st[v], in[v]));
    }
    p->cc = cc + 8;
    p->ptr = 0;
}

#else
typedef int fndsa_x86_64_chacha_avx2_empty; /* ISO C: no empty translation unit */
#endif
