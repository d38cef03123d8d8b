/*
 * sha3.h -- SHA-3 and SHAKE (FIPS 202, August 2015): the Keccak sponge with a
 * caller-chosen rate and domain suffix, and its instances SHA3-256, SHA3-512,
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
 * Domain suffixes: the bits appended to the message before pad10*1, with
 * pad10*1's first 1 bit, as one byte (FIPS 202, Appendix B.2).
 */
#define SHA3_SUFFIX_KECCAK 0x01 /* none: KECCAK[c] itself (Section 5.2) */
#define SHA3_SUFFIX_SHA3 0x06   /* M || 01 (Section 6.1) */
#define SHA3_SUFFIX_SHAKE 0x1F  /* M || 1111 (Section 6.2) */

/*
 * Results of the incremental API (the shared error set of API.md; sha3/
 * returns only these):
 *   SHA3_OK          success
 *   SHA3_ERR_NULL    ctx NULL, or in / out NULL with a nonzero length
 *   SHA3_ERR_LENGTH  shake_squeezeblocks: nblocks * rate would not fit a size_t
 *   SHA3_ERR_PARAM   the generic sponge: a rate or suffix outside its range
 *   SHA3_ERR_STATE   the context is not live (never initialised, zeroed,
 *                    wiped by sha3_*_final or sha3_wipe, or corrupted), or the
 *                    call is out of order (absorbing after finalize, a final of
 *                    another function)
 */
#define SHA3_OK 0
#define SHA3_ERR_NULL (-2)
#define SHA3_ERR_LENGTH (-3)
#define SHA3_ERR_PARAM (-7)
#define SHA3_ERR_STATE (-9)

/*
 * Sponge state for the incremental API (FIPS 202, Section 4, the sponge
 * construction). Allocate it yourself (stack is fine); treat the fields as
 * private.
 * s    : the 25 lanes of the state, lane (x, y) at s[x + 5y]
 * pos  : bytes absorbed into / squeezed from the current block
 * rate : r / 8
 * ds   : the domain suffix byte (SHA3_SUFFIX_*)
 * state: a magic value for absorbing / squeezing; 0 (wiped) means dead
 */
typedef struct {
    uint64_t s[25];
    unsigned pos;
    unsigned rate;
    uint32_t state;
    uint8_t ds;
} sha3_ctx;

/*
 * FIPS 202, Algorithm 9, pad10*1, after the domain suffix, in lane form: the
 * one definition of the padding (the sponge below, the four-way code in
 * x86_64/keccak_x4.c and the schemes' backends that write a short final
 * block straight into lanes all pad with these two). A final block holding
 * len < rate bytes of message is padded by
 *   lane len / 8       ^= sha3_pad_first(suffix, len)  (suffix, then the first 1)
 *   lane rate / 8 - 1  ^= SHA3_PAD_LAST                (the last 1: bit 7 of byte rate - 1)
 * With suffix < 0x80 the two never need a block of their own, even when
 * they land in the same byte (len = rate - 1).
 */
static inline uint64_t sha3_pad_first(uint8_t suffix, unsigned len)
{
    return (uint64_t)suffix << (8 * (len % 8));
}
#define SHA3_PAD_LAST ((uint64_t)1 << 63)

/*
 * The generic sponge: KECCAK[c] = SPONGE[KECCAK-p[1600, 24], pad10*1, r]
 * (FIPS 202, Section 5.2), r = 1600 - c, on the message followed by a domain
 * suffix; SHA3-256/512 and SHAKE128/256 below are instances of it.
 *   rate   r / 8 in bytes: a multiple of 8 from 8 to 192 (every instance of
 *          FIPS 202 and SP 800-185 is: 72, 104, 136, 144, 168);
 *   suffix the suffix bits and pad10*1's first bit as one byte, 0x01..0x7F
 *          (SHA3_SUFFIX_*; e.g. cSHAKE's 00 is 0x04).
 * sha3_sponge_init refuses anything else with SHA3_ERR_PARAM and leaves the
 * context zeroed (dead), SHA3_ERR_NULL for a NULL ctx. The other calls
 * return 0, or an error exactly as the incremental API below (which they
 * implement):
 *   absorb      any number of times, any lengths;
 *   finalize    pad (once); absorbing afterwards is refused;
 *   squeeze     any number of times, any sizes (finalizes a context that is
 *               still absorbing first);
 *   squeezeblocks  nblocks * rate bytes;
 *   sha3_wipe      wipes the context when done.
 */
int sha3_sponge_init(sha3_ctx *ctx, unsigned rate, uint8_t suffix);
int sha3_sponge_absorb(sha3_ctx *ctx, const uint8_t *in, size_t inlen);
int sha3_sponge_finalize(sha3_ctx *ctx);
int sha3_sponge_squeeze(sha3_ctx *ctx, uint8_t *out, size_t outlen);
int sha3_sponge_squeezeblocks(sha3_ctx *ctx, uint8_t *out, size_t nblocks);

/*
 * Fast path for short seeds (the schemes' samplers): sha3_sponge_init,
 * sha3_sponge_absorb(in, inlen) and sha3_sponge_finalize in one call. Errors
 * as sha3_sponge_init (a NULL ctx, or a NULL in with inlen > 0: SHA3_ERR_NULL); on error
 * the context is zeroed.
 */
int sha3_sponge_absorb_once(sha3_ctx *ctx, unsigned rate, uint8_t suffix, const uint8_t *in,
                            size_t inlen);

/*
 * Squeeze one block in place, for rejection samplers: apply f and return the
 * state's lanes, whose first rate / 8 hold the next rate bytes of output
 * (byte 8i + k of the block is lane i >> 8k, FIPS 202, Appendix B.1). The
 * lanes are valid until the next call on ctx. Only on a block boundary: on a
 * context that is still absorbing (it is finalized first), or finalized and
 * since squeezed only by whole blocks; otherwise, or on a context that is not
 * live, NULL and the context is unchanged.
 */
const uint64_t *sha3_sponge_squeeze_lanes(sha3_ctx *ctx);

/*
 * One shot: out = KECCAK[1600 - 8 rate](in || suffix, 8 outlen), i.e. the
 * sponge above from init to release. Returns 0, SHA3_ERR_PARAM (rate or
 * suffix) or SHA3_ERR_NULL (a NULL pointer with a nonzero length); on
 * error out is zeroed.
 */
int sha3_keccak(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen, unsigned rate,
                uint8_t suffix);

/* One-shot functions (FIPS 202, Section 6): sha3_keccak with the rates and
 * suffixes above. */
void sha3_256(uint8_t out[SHA3_256_BYTES], const uint8_t *in, size_t inlen);
void sha3_512(uint8_t out[SHA3_512_BYTES], const uint8_t *in, size_t inlen);
void shake128(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);
void shake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);

/*
 * Incremental API: the generic sponge with the rates and suffixes above
 * (sha3_absorb, shake_finalize, shake_squeeze and shake_squeezeblocks are
 * sha3_sponge_absorb, _finalize, _squeeze and _squeezeblocks under their
 * older names). init, absorb any number of times, then
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

/* KECCAK-f[1600] = KECCAK-p[1600, 24] on 25 lanes (FIPS 202, Section 3.4). */
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
