/*
 * keccak_x4.h -- four Keccak-f[1600] states side by side in AVX2 registers
 * (FIPS 202, Section 3.4), and the SHAKE128/SHAKE256 calls the schemes use to
 * expand matrices and vectors four at a time (FIPS 203 and 204, SampleNTT,
 * ExpandA, ExpandS, ExpandMask).
 *
 * Compiled only with AVX2 (-mavx2); without it this header defines nothing
 * and sha3/x86_64/keccak_x4.c is an empty translation unit. There is no
 * portable x4 function: the portable equivalent is four calls of
 * sha3_keccakf1600 / shake128 / shake256, which tests/test_x86_64_sha3.c
 * compares against.
 */
#ifndef AEGIS_SHA3_KECCAK_X4_H
#define AEGIS_SHA3_KECCAK_X4_H

#if defined(__AVX2__)
#include <stddef.h>
#include <stdint.h>

#include "../sha3_config.h"   /* SHA3_NAMESPACE */
#include <immintrin.h>

/*
 * Four sponge states: s[x + 5y] holds lane (x, y) of states 0..3, state j in
 * 64-bit slot j. Rates as in sha3.h (SHAKE128_RATE, SHAKE256_RATE).
 */
typedef struct {
    __m256i s[25];
} sha3_x4_state;

/* Keccak-f[1600] on four states at once: four sha3_keccakf1600 (sha3.h). */
void sha3_keccakf1600_x4(__m256i s[25]);

/*
 * Fresh state, absorb four inputs of the same length inlen, pad for SHAKE
 * (suffix 1111 and pad10*1, FIPS 202, Section 6.2: sha3_pad_first and
 * SHA3_PAD_LAST of sha3.h, SHA3_SUFFIX_SHAKE). The permutation after
 * the padded last block is left to squeezeblocks, which permutes before each
 * block it outputs; together they equal four shake*_init / sha3_absorb /
 * shake_finalize / shake_squeezeblocks.
 */
void shake128_x4_absorb_once(sha3_x4_state *st, const uint8_t *in0, const uint8_t *in1,
                             const uint8_t *in2, const uint8_t *in3, size_t inlen);
void shake256_x4_absorb_once(sha3_x4_state *st, const uint8_t *in0, const uint8_t *in1,
                             const uint8_t *in2, const uint8_t *in3, size_t inlen);

/*
 * Squeeze nblocks whole blocks (nblocks * rate bytes) into each of out0..3:
 * for each block, permute the four states, then output their first rate bytes
 * (as sha3_sponge_squeezeblocks). Call again for more blocks.
 */
void shake128_x4_squeezeblocks(sha3_x4_state *st, uint8_t *out0, uint8_t *out1,
                               uint8_t *out2, uint8_t *out3, size_t nblocks);
void shake256_x4_squeezeblocks(sha3_x4_state *st, uint8_t *out0, uint8_t *out1,
                               uint8_t *out2, uint8_t *out3, size_t nblocks);

/* Wipe the four states (call when done if they hold secrets). */
void sha3_x4_wipe(sha3_x4_state *st);

#endif /* __AVX2__ */
#endif
