/*
 * sha3.h -- SHA-3 and SHAKE (FIPS 202, August 2015): SHA3-256, SHA3-512,
 * SHAKE128, SHAKE256, one-shot and incremental.
 *
 * Depends on nothing but <stddef.h> and <stdint.h>. No heap, no I/O, no global
 * mutable state. Keccak-f[1600] has no data-dependent branch or memory index,
 * so every function here runs in time that depends only on the lengths.
 */
#ifndef AEGIS_SHA3_H
#define AEGIS_SHA3_H

#include <stddef.h>
#include <stdint.h>

#include "sha3_config.h"   /* SHA3_NAMESPACE */

/* Rates r = 1600 - c in bytes (FIPS 202, Sections 6.1 and 6.2). */
#define SHA3_256_RATE 136
#define SHA3_512_RATE 72
#define SHAKE128_RATE 168
#define SHAKE256_RATE 136

#define SHA3_256_BYTES 32
#define SHA3_512_BYTES 64

/*
 * Error returned by the incremental API on misuse: absorbing after finalize,
 * or any call on a context that is not live (never initialised, zeroed,
 * wiped by sha3_*_final or sha3_release, or corrupted).
 */
#define SHA3_ERR_STATE (-1)

/*
 * Sponge state for the incremental API (FIPS 202, Algorithm 8, SPONGE).
 * Allocate it yourself (stack is fine); treat the fields as private.
 * s    : the 25 lanes of the state, lane (x, y) at s[x + 5y]
 * pos  : bytes absorbed into / squeezed from the current block
 * rate : r / 8
 * ds   : domain-separation and first padding bit (0x06 SHA-3, 0x1F SHAKE)
 * state: a magic value for absorbing / squeezing; 0 (wiped) means dead
 */
typedef struct {
    uint64_t s[25];
    unsigned pos;
    unsigned rate;
    uint32_t state;
    uint8_t ds;
} sha3_ctx;

/* One-shot functions (FIPS 202, Section 6). */
void sha3_256(uint8_t out[SHA3_256_BYTES], const uint8_t *in, size_t inlen);
void sha3_512(uint8_t out[SHA3_512_BYTES], const uint8_t *in, size_t inlen);
void shake128(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);
void shake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);

/*
 * Incremental API. init, absorb any number of times, then
 *   sha3_256_final / sha3_512_final   (writes the digest, wipes the state), or
 *   shake_finalize, then shake_squeeze any number of times, then sha3_release.
 * shake_squeeze on a state still absorbing finalizes it first.
 *
 * Every function returns 0, or SHA3_ERR_STATE on misuse and then leaves the
 * context unchanged: absorb or shake_finalize after finalization; any call
 * on a context that is not live (all zero, after sha3_*_final or
 * sha3_release, or never initialised); sha3_256_final / sha3_512_final on a
 * context of another function; NULL pointers with nonzero lengths. On error
 * the digest / squeeze output is zeroed (shake_squeezeblocks: untouched, its
 * length depends on the rate of a context that is not valid).
 */
void sha3_256_init(sha3_ctx *ctx);
void sha3_512_init(sha3_ctx *ctx);
void shake128_init(sha3_ctx *ctx);
void shake256_init(sha3_ctx *ctx);

int sha3_absorb(sha3_ctx *ctx, const uint8_t *in, size_t inlen);

int sha3_256_final(sha3_ctx *ctx, uint8_t out[SHA3_256_BYTES]);
int sha3_512_final(sha3_ctx *ctx, uint8_t out[SHA3_512_BYTES]);

int shake_finalize(sha3_ctx *ctx);
int shake_squeeze(sha3_ctx *ctx, uint8_t *out, size_t outlen);

/*
 * Squeeze whole blocks straight from the state: nblocks * rate bytes.
 * Only valid right after shake_finalize or a previous squeezeblocks call
 * (nothing squeezed byte-wise yet); used by the rejection samplers.
 */
int shake_squeezeblocks(sha3_ctx *ctx, uint8_t *out, size_t nblocks);

/*
 * Wipe the state (call when done with a SHAKE state holding secrets). A
 * context that is already dead is refused (SHA3_ERR_STATE) and not written.
 */
int sha3_release(sha3_ctx *ctx);

/* Keccak-f[1600] on 25 lanes (FIPS 202, Algorithm 7 with nr = 24). */
void sha3_keccakf1600(uint64_t s[25]);

#endif
