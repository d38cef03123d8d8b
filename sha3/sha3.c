/*
 * sha3.c -- the sponge construction (FIPS 202, Section 4) as KECCAK[c] with
 * a caller-chosen rate and domain suffix (Section 5.2), and the SHA-3 /
 * SHAKE instances of Sections 6.1 and 6.2 on top of it.
 *
 * Deviation from the bit-level pseudo-code: messages are byte strings, so the
 * suffix (SHA-3's 01, SHAKE's 1111) and the first bit of pad10*1 fold into
 * one byte after the message (0x06, 0x1F) and the last bit into 0x80 in the
 * last byte of the block (FIPS 202, Appendix B.2); see sha3_pad_first in
 * sha3.h. Lanes are little-endian 64-bit words.
 */
#include "sha3.h"
#include "ct.h"
#include "keccak_impl.h"

/* f = KECCAK-p[1600, 24], called without the public wrapper's extra jump. */
#define keccak_f SHA3_KECCAKF1600_IMPL

/*
 * ctx->state: nonzero only while the context is live, so a context that was
 * wiped (final, release) or never initialised (all zero) is refused. Two
 * arbitrary 32-bit patterns, unlikely in garbage memory.
 */
#define SHA3_STATE_ABSORB 0x53A3AB50u
#define SHA3_STATE_SQUEEZE 0x53A35E5Au

/*
 * The sponges this code runs: whole lanes of rate (8 <= rate <= 192, a
 * multiple of 8) and a suffix byte that leaves bit 7 free for pad10*1's last
 * bit (see sha3_pad_first).
 */
static int params_ok(unsigned rate, unsigned suffix)
{
    return rate >= 8 && rate <= 192 && rate % 8 == 0 && suffix >= 0x01 && suffix <= 0x7F;
}

/*
 * A context is usable only if it was made by one of the init functions and
 * has not been wiped since: state, the (rate, ds) pair and pos are checked on
 * every call, so a zeroed, finalised, released or corrupted context returns
 * SHA3_ERR_STATE before anything is read or written (with rate 0 the loops
 * below would never end, and pos > rate would index past the state).
 */
static int ctx_ok(const sha3_ctx *ctx)
{
    if (ctx == NULL || !params_ok(ctx->rate, ctx->ds)) {
        return 0;
    }
    if (ctx->state == SHA3_STATE_ABSORB) {
        return ctx->pos < ctx->rate;
    }
    return ctx->state == SHA3_STATE_SQUEEZE && ctx->pos <= ctx->rate;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#include <string.h>
#define SHA3_LITTLE_ENDIAN 1
#else
#define SHA3_LITTLE_ENDIAN 0
#endif

/*
 * FIPS 202, Algorithm 10, h2b, with Section 3.1.2 (string to state array):
 * bit i of a byte string is bit i mod 8 of byte i / 8, and lane (x, y) is
 * bits 64 (x + 5y) .. 64 (x + 5y) + 63 of the string, so a lane is 8 bytes
 * read little-endian: one memcpy (one load) on a little-endian host.
 */
static uint64_t load64_le(const uint8_t *p)
{
    uint64_t v = 0;
#if SHA3_LITTLE_ENDIAN
    memcpy(&v, p, 8);
#else
    for (unsigned i = 0; i < 8; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
#endif
    return v;
}

/* FIPS 202, Algorithm 11, b2h: the inverse, a lane back to 8 bytes. */
static void store64_le(uint8_t *p, uint64_t v)
{
#if SHA3_LITTLE_ENDIAN
    memcpy(p, &v, 8);
#else
    for (unsigned i = 0; i < 8; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
#endif
}

/* XOR byte b into byte position i (0 <= i < 200) of the state. */
static void xor_byte(uint64_t s[25], unsigned i, uint8_t b)
{
    s[i / 8] ^= (uint64_t)b << (8 * (i % 8));
}

/*
 * The workers below assume a live context of the right phase; the public
 * functions check that first. Section 4, SPONGE step 5: S = 0^b.
 */
static void sponge_init(sha3_ctx *ctx, unsigned rate, uint8_t suffix)
{
    for (unsigned i = 0; i < 25; i++) {
        ctx->s[i] = 0;
    }
    ctx->pos = 0;
    ctx->rate = rate;
    ctx->ds = suffix;
    ctx->state = SHA3_STATE_ABSORB;
}

/*
 * Section 4, SPONGE step 6: S = f(S xor (P_i || 0^c)) for each r-bit block
 * P_i; pos counts the bytes of the current block absorbed so far, and the
 * last, partial block waits in the state for more input or the padding.
 */
static void sponge_absorb(sha3_ctx *ctx, const uint8_t *in, size_t inlen)
{
    unsigned pos = ctx->pos;
    const unsigned rate = ctx->rate;

    /* Finish a partly filled block byte by byte. */
    while (inlen > 0 && pos != 0) {
        xor_byte(ctx->s, pos, *in++);
        inlen--;
        if (++pos == rate) {
            keccak_f(ctx->s);
            pos = 0;
        }
    }
    /* Whole blocks, a lane at a time. */
    while (inlen >= rate) {
        for (unsigned i = 0; i < rate / 8; i++) {
            ctx->s[i] ^= load64_le(in + 8 * i);
        }
        keccak_f(ctx->s);
        in += rate;
        inlen -= rate;
    }
    /* The tail. */
    while (inlen >= 8) {
        ctx->s[pos / 8] ^= load64_le(in);
        pos += 8;
        in += 8;
        inlen -= 8;
    }
    while (inlen > 0) {
        xor_byte(ctx->s, pos++, *in++);
        inlen--;
    }
    ctx->pos = pos;
}

/*
 * Section 4, SPONGE steps 1-2: P = N || pad(r, len(N)), here the suffix and
 * pad10*1 XORed into the partial last block (sha3_pad_first, sha3.h).
 * Deviation: the f of step 6 on this last block is left to the squeeze,
 * which applies f whenever the current block is used up (pos = rate); the
 * sequence of f calls is the same, and the rejection samplers can read the
 * lanes in place after each f (sha3_sponge_squeeze_lanes).
 */
static void sponge_pad(sha3_ctx *ctx)
{
    ctx->s[ctx->pos / 8] ^= sha3_pad_first(ctx->ds, ctx->pos);
    ctx->s[ctx->rate / 8 - 1] ^= SHA3_PAD_LAST;
    ctx->pos = ctx->rate;
    ctx->state = SHA3_STATE_SQUEEZE;
}

/*
 * sponge_init, sponge_absorb and sponge_pad for a message shorter than a
 * block (a seed), in straight lines: the last partial lane is the top bytes
 * of the message's last 8 (no byte loop) when it has 8 bytes or more.
 */
static void sponge_start_short(sha3_ctx *ctx, unsigned rate, uint8_t suffix,
                               const uint8_t *in, unsigned inlen)
{
    const unsigned whole = inlen / 8, n = inlen % 8;

    sponge_init(ctx, rate, suffix);
    /* A few lanes: clang would vectorize this into a call of memcpy or a
     * loop with run-time checks that costs more than it saves. */
#if defined(__clang__)
#pragma clang loop vectorize(disable) interleave(disable)
#endif
    for (unsigned i = 0; i < whole; i++) {
        ctx->s[i] = load64_le(in + 8 * i);
    }
    if (n > 0 && inlen >= 8) {
        ctx->s[whole] = load64_le(in + inlen - 8) >> (64 - 8 * n);
    } else if (n > 0) {
        for (unsigned k = 0; k < n; k++) {
            ctx->s[0] |= (uint64_t)in[k] << (8 * k);
        }
    }
    ctx->pos = inlen;
    sponge_pad(ctx);
}

/*
 * Section 4, SPONGE steps 7-10: Z = Z || Trunc_r(S), S = f(S), until Z has
 * the output length. pos counts the bytes of the current block handed out.
 */
static void sponge_squeeze(sha3_ctx *ctx, uint8_t *out, size_t outlen)
{
    unsigned pos = ctx->pos;
    const unsigned rate = ctx->rate;

    while (outlen > 0) {
        if (pos == rate) {
            keccak_f(ctx->s);
            pos = 0;
        }
        if (pos == 0 && outlen >= rate) {
            /* A whole block: on a little-endian host the lanes are the bytes. */
#if SHA3_LITTLE_ENDIAN
            memcpy(out, ctx->s, rate);
#else
            for (unsigned i = 0; i < rate / 8; i++) {
                store64_le(out + 8 * i, ctx->s[i]);
            }
#endif
            out += rate;
            outlen -= rate;
            pos = rate;
            continue;
        }
        if (pos % 8 == 0 && outlen >= 8) {
            store64_le(out, ctx->s[pos / 8]);
            out += 8;
            pos += 8;
            outlen -= 8;
            continue;
        }
        *out++ = (uint8_t)(ctx->s[pos / 8] >> (8 * (pos % 8)));
        pos++;
        outlen--;
    }
    ctx->pos = pos;
}

/* ---- the generic sponge: KECCAK[c] with rate r = 1600 - c and a suffix ---- */

/*
 * The error of a refused call (API.md's order): a NULL ctx, then a context
 * that is not live or a call out of order (in_order 0), then a NULL buffer
 * with a nonzero length (buf_null). SHA3_OK if none applies.
 */
static int refusal(const sha3_ctx *ctx, int in_order, int buf_null)
{
    if (ctx == NULL) {
        return SHA3_ERR_NULL;
    }
    if (!ctx_ok(ctx) || !in_order) {
        return SHA3_ERR_STATE;
    }
    return buf_null ? SHA3_ERR_NULL : SHA3_OK;
}

int sha3_sponge_init(sha3_ctx *ctx, unsigned rate, uint8_t suffix)
{
    if (ctx == NULL) {
        return SHA3_ERR_NULL;
    }
    if (!params_ok(rate, suffix)) {
        sha3_ct_wipe(ctx, sizeof *ctx);
        return SHA3_ERR_PARAM;
    }
    sponge_init(ctx, rate, suffix);
    return 0;
}

int sha3_sponge_absorb(sha3_ctx *ctx, const uint8_t *in, size_t inlen)
{
    if (!ctx_ok(ctx) || ctx->state != SHA3_STATE_ABSORB || (in == NULL && inlen > 0)) {
        return refusal(ctx, ctx != NULL && ctx->state == SHA3_STATE_ABSORB,
                       in == NULL && inlen > 0);
    }
    sponge_absorb(ctx, in, inlen);
    return 0;
}

int sha3_sponge_finalize(sha3_ctx *ctx)
{
    if (!ctx_ok(ctx) || ctx->state != SHA3_STATE_ABSORB) {
        return refusal(ctx, 0, 0);
    }
    sponge_pad(ctx);
    return 0;
}

int sha3_sponge_squeeze(sha3_ctx *ctx, uint8_t *out, size_t outlen)
{
    if (!ctx_ok(ctx) || (out == NULL && outlen > 0)) {
        if (out != NULL) {
            sha3_ct_wipe(out, outlen);
        }
        return refusal(ctx, 1, out == NULL && outlen > 0);
    }
    if (ctx->state == SHA3_STATE_ABSORB) {
        sponge_pad(ctx);
    }
    sponge_squeeze(ctx, out, outlen);
    return 0;
}

int sha3_sponge_squeezeblocks(sha3_ctx *ctx, uint8_t *out, size_t nblocks)
{
    /* nblocks * rate must not wrap: rate < 256, so nblocks < 2^(w-8) is
     * enough (no such buffer exists) and needs no division, which the
     * no-division gate of make ct forbids even on public values. */
    if (!ctx_ok(ctx)) {
        return refusal(ctx, 1, 0);
    }
    if (nblocks > (SIZE_MAX >> 8)) {
        return SHA3_ERR_LENGTH;
    }
    return sha3_sponge_squeeze(ctx, out, nblocks * ctx->rate);
}

/* sha3_sponge_absorb_once for long messages and errors: kept out of line so
 * that the short-seed path below stays a small leaf function. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int absorb_once_other(sha3_ctx *ctx, unsigned rate, uint8_t suffix, const uint8_t *in,
                             size_t inlen)
{
    if (ctx == NULL) {
        return SHA3_ERR_NULL;
    }
    if (!params_ok(rate, suffix) || (in == NULL && inlen > 0)) {
        sha3_ct_wipe(ctx, sizeof *ctx);
        return params_ok(rate, suffix) ? SHA3_ERR_NULL : SHA3_ERR_PARAM;
    }
    sponge_init(ctx, rate, suffix);
    sponge_absorb(ctx, in, inlen);
    sponge_pad(ctx);
    return 0;
}

int sha3_sponge_absorb_once(sha3_ctx *ctx, unsigned rate, uint8_t suffix, const uint8_t *in,
                            size_t inlen)
{
    if (ctx != NULL && params_ok(rate, suffix) && inlen < rate && (in != NULL || inlen == 0)) {
        sponge_start_short(ctx, rate, suffix, in, (unsigned)inlen);
        return 0;
    }
    return absorb_once_other(ctx, rate, suffix, in, inlen);
}

const uint64_t *sha3_sponge_squeeze_lanes(sha3_ctx *ctx)
{
    /* The common case first, with the checks that matter for it: f and the
     * returned 25 lanes do not depend on the rate, and every other call
     * still checks the whole context. */
    if (ctx != NULL && ctx->state == SHA3_STATE_SQUEEZE && ctx->pos == ctx->rate) {
        keccak_f(ctx->s);
        return ctx->s;
    }
    if (!ctx_ok(ctx)) {
        return NULL;
    }
    if (ctx->state == SHA3_STATE_ABSORB) {
        sponge_pad(ctx);
    } else if (ctx->pos != ctx->rate) {
        return NULL;
    }
    /* The caller reads the whole block: it stays used up (pos = rate). */
    keccak_f(ctx->s);
    return ctx->s;
}

/*
 * FIPS 202, Algorithm 8, SPONGE[f, pad, r](N, d) with f = KECCAK-p[1600, 24]
 * and pad = pad10*1, i.e. KECCAK[c](N, d) of Section 5.2, on N = in || suffix
 * and d = 8 outlen: the steps above from init to squeeze, then the wipe.
 */
int sha3_keccak(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen, unsigned rate,
                uint8_t suffix)
{
    sha3_ctx ctx;

    if (!params_ok(rate, suffix) || (in == NULL && inlen > 0) || (out == NULL && outlen > 0)) {
        if (out != NULL) {
            sha3_ct_wipe(out, outlen);
        }
        return params_ok(rate, suffix) ? SHA3_ERR_NULL : SHA3_ERR_PARAM;
    }
    sponge_init(&ctx, rate, suffix);
    sponge_absorb(&ctx, in, inlen);
    sponge_pad(&ctx);
    sponge_squeeze(&ctx, out, outlen);
    sha3_ct_wipe(&ctx, sizeof ctx);
    return 0;
}

int sha3_wipe(sha3_ctx *ctx)
{
    if (!ctx_ok(ctx)) {
        return refusal(ctx, 1, 0);
    }
    sha3_ct_wipe(ctx, sizeof *ctx);
    return 0;
}

/* ---- the instances: FIPS 202, Section 6 ---------------------------------- */

/* FIPS 202, Section 6.1: SHA3-256(M) = KECCAK[512](M || 01, 256). */
void sha3_256(uint8_t out[SHA3_256_BYTES], const uint8_t *in, size_t inlen)
{
    (void)sha3_keccak(out, SHA3_256_BYTES, in, inlen, SHA3_256_RATE, SHA3_SUFFIX_SHA3);
}

/* FIPS 202, Section 6.1: SHA3-512(M) = KECCAK[1024](M || 01, 512). */
void sha3_512(uint8_t out[SHA3_512_BYTES], const uint8_t *in, size_t inlen)
{
    (void)sha3_keccak(out, SHA3_512_BYTES, in, inlen, SHA3_512_RATE, SHA3_SUFFIX_SHA3);
}

/* FIPS 202, Section 6.2: SHAKE128(M, d) = KECCAK[256](M || 1111, d). */
void shake128(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
    (void)sha3_keccak(out, outlen, in, inlen, SHAKE128_RATE, SHA3_SUFFIX_SHAKE);
}

/* FIPS 202, Section 6.2: SHAKE256(M, d) = KECCAK[512](M || 1111, d). */
void shake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
    (void)sha3_keccak(out, outlen, in, inlen, SHAKE256_RATE, SHA3_SUFFIX_SHAKE);
}

/* The incremental instances: sponge_init with their rate and suffix. */
void sha3_256_init(sha3_ctx *ctx)
{
    (void)sha3_sponge_init(ctx, SHA3_256_RATE, SHA3_SUFFIX_SHA3);
}

void sha3_512_init(sha3_ctx *ctx)
{
    (void)sha3_sponge_init(ctx, SHA3_512_RATE, SHA3_SUFFIX_SHA3);
}

void shake128_init(sha3_ctx *ctx)
{
    (void)sha3_sponge_init(ctx, SHAKE128_RATE, SHA3_SUFFIX_SHAKE);
}

void shake256_init(sha3_ctx *ctx)
{
    (void)sha3_sponge_init(ctx, SHAKE256_RATE, SHA3_SUFFIX_SHAKE);
}

/* SHA3-256/512 final: only on a live, still absorbing context of that rate. */
static int sha3_fixed_final(sha3_ctx *ctx, unsigned rate, uint8_t *out, size_t outlen)
{
    if (!ctx_ok(ctx) || ctx->state != SHA3_STATE_ABSORB || ctx->rate != rate ||
        ctx->ds != SHA3_SUFFIX_SHA3 || out == NULL) {
        if (out != NULL) {
            sha3_ct_wipe(out, outlen);
        }
        return refusal(ctx,
                       ctx != NULL && ctx->state == SHA3_STATE_ABSORB && ctx->rate == rate &&
                           ctx->ds == SHA3_SUFFIX_SHA3,
                       out == NULL);
    }
    sponge_pad(ctx);
    sponge_squeeze(ctx, out, outlen);
    sha3_ct_wipe(ctx, sizeof *ctx);
    return 0;
}

int sha3_256_final(sha3_ctx *ctx, uint8_t out[SHA3_256_BYTES])
{
    return sha3_fixed_final(ctx, SHA3_256_RATE, out, SHA3_256_BYTES);
}

int sha3_512_final(sha3_ctx *ctx, uint8_t out[SHA3_512_BYTES])
{
    return sha3_fixed_final(ctx, SHA3_512_RATE, out, SHA3_512_BYTES);
}

/* The older names of the generic calls. */
int sha3_absorb(sha3_ctx *ctx, const uint8_t *in, size_t inlen)
{
    return sha3_sponge_absorb(ctx, in, inlen);
}

int shake_finalize(sha3_ctx *ctx)
{
    return sha3_sponge_finalize(ctx);
}

int shake_squeeze(sha3_ctx *ctx, uint8_t *out, size_t outlen)
{
    return sha3_sponge_squeeze(ctx, out, outlen);
}

int shake_squeezeblocks(sha3_ctx *ctx, uint8_t *out, size_t nblocks)
{
    return sha3_sponge_squeezeblocks(ctx, out, nblocks);
}
