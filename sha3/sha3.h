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

#ifdef __cplusplus
extern "C" {
#endif

/*
 * SHA3_MUST_CHECK marks a result the caller must use (warn_unused_result;
 * API.md, "Results that must be used"). No sha3/ function carries it: the
 * one-shot functions return nothing, and the incremental ones fail only on
 * misuse of a context (below), which a caller that owns its context cannot
 * meet. Predefine it to override.
 */
#ifndef SHA3_MUST_CHECK
#if defined(__GNUC__) || defined(__clang__)
#define SHA3_MUST_CHECK __attribute__((warn_unused_result))
#else
#define SHA3_MUST_CHECK
#endif
#endif

/* Rates r = 1600 - c in bytes (FIPS 202, Sections 6.1 and 6.2). */
#define SHA3_256_RATE 136
#define SHA3_512_RATE 72
#define SHAKE128_RATE 168
#define SHAKE256_RATE 136

#define SHA3_256_BYTES 32
#define SHA3_512_BYTES 64

/*
 * Results of the incremental API (the shared error set of API.md; sha3/
 * returns only these):
 *   SHA3_OK          success
 *   SHA3_ERR_NULL    ctx NULL, or in / out NULL with a nonzero length
 *   SHA3_ERR_LENGTH  shake_squeezeblocks: nblocks * rate would not fit a size_t
 *   SHA3_ERR_STATE   the context is not live (never initialised, zeroed,
 *                    wiped by sha3_*_final or sha3_wipe, or corrupted), or the
 *                    call is out of order (absorbing after finalize, a final of
 *                    another function)
 */
#define SHA3_OK 0
#define SHA3_ERR_NULL (-2)
#define SHA3_ERR_LENGTH (-3)
#define SHA3_ERR_STATE (-9)

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
 *   shake_finalize, then shake_squeeze any number of times, then sha3_wipe.
 * shake_squeeze on a state still absorbing finalizes it first.
 *
 * Every function returns SHA3_OK, or an error on misuse and then leaves the
 * context unchanged: SHA3_ERR_NULL for a NULL ctx, or a NULL in / out with a
 * nonzero length (a NULL digest buffer for the finals); SHA3_ERR_STATE for
 * absorb or shake_finalize after finalization, any call on a context that is
 * not live (all zero, after sha3_*_final or sha3_wipe, or never
 * initialised), and sha3_256_final / sha3_512_final on a context of another
 * function. A dead context is reported before a NULL buffer. On error the
 * digest / squeeze output is zeroed (shake_squeezeblocks: untouched, its
 * length depends on the rate of a context that is not valid).
 */
void sha3_256_init(sha3_ctx *ctx);
void sha3_512_init(sha3_ctx *ctx);
void shake128_init(sha3_ctx *ctx);
void shake256_init(sha3_ctx *ctx);

/* @retval SHA3_OK, SHA3_ERR_NULL, SHA3_ERR_STATE */
int sha3_absorb(sha3_ctx *ctx, const uint8_t *in, size_t inlen);

/* @retval SHA3_OK, SHA3_ERR_NULL, SHA3_ERR_STATE (out zeroed) */
int sha3_256_final(sha3_ctx *ctx, uint8_t out[SHA3_256_BYTES]);
int sha3_512_final(sha3_ctx *ctx, uint8_t out[SHA3_512_BYTES]);

/* @retval SHA3_OK, SHA3_ERR_NULL, SHA3_ERR_STATE */
int shake_finalize(sha3_ctx *ctx);
/* @retval SHA3_OK, SHA3_ERR_NULL, SHA3_ERR_STATE (out zeroed) */
int shake_squeeze(sha3_ctx *ctx, uint8_t *out, size_t outlen);

/*
 * Squeeze whole blocks straight from the state: nblocks * rate bytes.
 * Only valid right after shake_finalize or a previous squeezeblocks call
 * (nothing squeezed byte-wise yet); used by the rejection samplers.
 * @retval SHA3_OK, SHA3_ERR_NULL, SHA3_ERR_LENGTH, SHA3_ERR_STATE
 */
int shake_squeezeblocks(sha3_ctx *ctx, uint8_t *out, size_t nblocks);

/*
 * Wipe the state (call when done with a SHAKE state holding secrets). A
 * context that is already dead is refused and not written.
 * @retval SHA3_OK, SHA3_ERR_NULL, SHA3_ERR_STATE
 */
int sha3_wipe(sha3_ctx *ctx);

/* Keccak-f[1600] on 25 lanes (FIPS 202, Algorithm 7 with nr = 24). */
void sha3_keccakf1600(uint64_t s[25]);

/* ---- BEGIN deprecated aliases (API.md, "Renamed in 0.3.0") ---- */
#ifndef AEGIS_NO_DEPRECATED
#define sha3_release sha3_wipe
#endif
/* ---- END deprecated aliases ---- */

#ifdef __cplusplus
}
#endif

#endif
