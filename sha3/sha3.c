/*
 * sha3.c -- the sponge construction with pad10*1 (FIPS 202, Algorithms 8-9)
 * and the SHA-3 / SHAKE instances of Sections 6.1 and 6.2.
 *
 * Deviation from the bit-level pseudo-code: messages are byte strings, so the
 * SHA-3 suffix 01 and pad10*1 fold into the byte 0x06 after the message and
 * 0x80 into the last byte of the block; SHAKE's suffix 1111 gives 0x1F
 * (FIPS 202, Appendix B.2). Lanes are little-endian 64-bit words.
 */
#include "sha3.h"
#include "ct.h"

#define SHA3_DS 0x06
#define SHAKE_DS 0x1F

/*
 * ctx->state: nonzero only while the context is live, so a context that was
 * wiped (final, sha3_wipe) or never initialised (all zero) is refused. Two
 * arbitrary 32-bit patterns, unlikely in garbage memory.
 */
#define SHA3_STATE_ABSORB 0x53A3AB50u
#define SHA3_STATE_SQUEEZE 0x53A35E5Au

/*
 * A context is usable only if it was made by one of the init functions and
 * has not been wiped since: state, the (rate, ds) pair and pos are checked on
 * every call, so a zeroed, finalised, wiped or corrupted context returns
 * SHA3_ERR_STATE before anything is read or written (with rate 0 the loops
 * below would never end, and pos > rate would index past the state).
 * ctx_ok is only called on a non-NULL ctx (ctx_err reports NULL first).
 */
static int ctx_ok(const sha3_ctx *ctx)
{
    if (!((ctx->rate == SHA3_256_RATE && (ctx->ds == SHA3_DS || ctx->ds == SHAKE_DS)) ||
          (ctx->rate == SHA3_512_RATE && ctx->ds == SHA3_DS) ||
          (ctx->rate == SHAKE128_RATE && ctx->ds == SHAKE_DS))) {
        return 0;
    }
    if (ctx->state == SHA3_STATE_ABSORB) {
        return ctx->pos < ctx->rate;
    }
    return ctx->state == SHA3_STATE_SQUEEZE && ctx->pos <= ctx->rate;
}

/* The error of a call on ctx: SHA3_ERR_NULL, SHA3_ERR_STATE, or SHA3_OK. */
static int ctx_err(const sha3_ctx *ctx)
{
    if (ctx == NULL) {
        return SHA3_ERR_NULL;
    }
    return ctx_ok(ctx) ? SHA3_OK : SHA3_ERR_STATE;
}

/*
 * Lanes are little-endian (FIPS 202, Appendix B.1). On a little-endian host
 * a lane is one memcpy (one load or store); elsewhere the bytes are shifted.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#include <string.h>
static uint64_t load64_le(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static void store64_le(uint8_t *p, uint64_t v)
{
    memcpy(p, &v, 8);
}
#else
static uint64_t load64_le(const uint8_t *p)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

static void store64_le(uint8_t *p, uint64_t v)
{
    for (unsigned i = 0; i < 8; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}
#endif

/* XOR byte b into byte position i (0 <= i < 200) of the state. */
static void xor_byte(uint64_t s[25], unsigned i, uint8_t b)
{
    s[i / 8] ^= (uint64_t)b << (8 * (i % 8));
}

static void sponge_init(sha3_ctx *ctx, unsigned rate, uint8_t ds)
{
    for (unsigned i = 0; i < 25; i++) {
        ctx->s[i] = 0;
    }
    ctx->pos = 0;
    ctx->rate = rate;
    ctx->ds = ds;
    ctx->state = SHA3_STATE_ABSORB;
}

void sha3_256_init(sha3_ctx *ctx) { sponge_init(ctx, SHA3_256_RATE, SHA3_DS); }
void sha3_512_init(sha3_ctx *ctx) { sponge_init(ctx, SHA3_512_RATE, SHA3_DS); }
void shake128_init(sha3_ctx *ctx) { sponge_init(ctx, SHAKE128_RATE, SHAKE_DS); }
void shake256_init(sha3_ctx *ctx) { sponge_init(ctx, SHAKE256_RATE, SHAKE_DS); }

/* FIPS 202, Algorithm 8, steps 4-6: XOR each r-bit block into S, apply f. */
int sha3_absorb(sha3_ctx *ctx, const uint8_t *in, size_t inlen)
{
    int err = ctx_err(ctx);
    if (err == SHA3_OK && ctx->state != SHA3_STATE_ABSORB) {
        err = SHA3_ERR_STATE;
    }
    if (err == SHA3_OK && in == NULL && inlen > 0) {
        err = SHA3_ERR_NULL;
    }
    if (err != SHA3_OK) {
        return err;
    }
    unsigned pos = ctx->pos;
    const unsigned rate = ctx->rate;

    /* Finish a partly filled block byte by byte. */
    while (inlen > 0 && pos != 0) {
        xor_byte(ctx->s, pos, *in++);
        inlen--;
        if (++pos == rate) {
            sha3_keccakf1600(ctx->s);
            pos = 0;
        }
    }
    /* Whole blocks, a lane at a time. */
    while (inlen >= rate) {
        for (unsigned i = 0; i < rate / 8; i++) {
            ctx->s[i] ^= load64_le(in + 8 * i);
        }
        sha3_keccakf1600(ctx->s);
        in += rate;
        inlen -= rate;
    }
    /* The tail waits in the state for more input or the padding. */
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
    return 0;
}

/* FIPS 202, Algorithm 9, pad10*1, with the domain bits (Section 6). */
static void sponge_pad(sha3_ctx *ctx)
{
    xor_byte(ctx->s, ctx->pos, ctx->ds);
    xor_byte(ctx->s, ctx->rate - 1, 0x80);
    sha3_keccakf1600(ctx->s);
    ctx->pos = 0;
    ctx->state = SHA3_STATE_SQUEEZE;
}

int shake_finalize(sha3_ctx *ctx)
{
    int err = ctx_err(ctx);
    if (err != SHA3_OK) {
        return err;
    }
    if (ctx->state != SHA3_STATE_ABSORB) {
        return SHA3_ERR_STATE;
    }
    sponge_pad(ctx);
    return 0;
}

/*
 * FIPS 202, Algorithm 8, steps 7-10: output the first r bits of S, apply f,
 * repeat. pos counts the bytes of the current block already handed out.
 */
int shake_squeeze(sha3_ctx *ctx, uint8_t *out, size_t outlen)
{
    int err = ctx_err(ctx);
    if (err == SHA3_OK && out == NULL && outlen > 0) {
        err = SHA3_ERR_NULL;
    }
    if (err != SHA3_OK) {
        if (out != NULL) {
            sha3_ct_wipe(out, outlen);
        }
        return err;
    }
    if (ctx->state == SHA3_STATE_ABSORB) {
        sponge_pad(ctx);
    }
    unsigned pos = ctx->pos;
    const unsigned rate = ctx->rate;

    while (outlen > 0) {
        if (pos == rate) {
            sha3_keccakf1600(ctx->s);
            pos = 0;
        }
        if (pos == 0 && outlen >= rate) {
            for (unsigned i = 0; i < rate / 8; i++) {
                store64_le(out + 8 * i, ctx->s[i]);
            }
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
    return 0;
}

int shake_squeezeblocks(sha3_ctx *ctx, uint8_t *out, size_t nblocks)
{
    /* nblocks * rate must not wrap: rate < 256, so nblocks < 2^(w-8) is
     * enough (no such buffer exists) and needs no division, which the
     * no-division gate of make ct forbids even on public values. */
    int err = ctx_err(ctx);
    if (err != SHA3_OK) {
        return err;
    }
    if (nblocks > (SIZE_MAX >> 8)) {
        return SHA3_ERR_LENGTH;
    }
    return shake_squeeze(ctx, out, nblocks * ctx->rate);
}

int sha3_wipe(sha3_ctx *ctx)
{
    int err = ctx_err(ctx);
    if (err != SHA3_OK) {
        return err;
    }
    sha3_ct_wipe(ctx, sizeof *ctx);
    return 0;
}

/* Pad, squeeze outlen bytes, wipe: the tail of every one-shot function. */
static void sha3_final(sha3_ctx *ctx, uint8_t *out, size_t outlen)
{
    (void)shake_squeeze(ctx, out, outlen);
    sha3_ct_wipe(ctx, sizeof *ctx);
}

/* SHA3-256/512 final: only on a live, still absorbing context of that rate. */
static int sha3_fixed_final(sha3_ctx *ctx, unsigned rate, uint8_t *out, size_t outlen)
{
    int err = ctx_err(ctx);
    if (err == SHA3_OK &&
        (ctx->state != SHA3_STATE_ABSORB || ctx->rate != rate || ctx->ds != SHA3_DS)) {
        err = SHA3_ERR_STATE;
    }
    if (err == SHA3_OK && out == NULL) {
        err = SHA3_ERR_NULL;
    }
    if (err != SHA3_OK) {
        if (out != NULL) {
            sha3_ct_wipe(out, outlen);
        }
        return err;
    }
    sha3_final(ctx, out, outlen);
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

/* FIPS 202, Section 6.1: SHA3-256(M) = KECCAK[512](M || 01, 256). */
void sha3_256(uint8_t out[SHA3_256_BYTES], const uint8_t *in, size_t inlen)
{
    sha3_ctx ctx;
    sha3_256_init(&ctx);
    (void)sha3_absorb(&ctx, in, inlen);
    sha3_256_final(&ctx, out);
}

/* FIPS 202, Section 6.1: SHA3-512(M) = KECCAK[1024](M || 01, 512). */
void sha3_512(uint8_t out[SHA3_512_BYTES], const uint8_t *in, size_t inlen)
{
    sha3_ctx ctx;
    sha3_512_init(&ctx);
    (void)sha3_absorb(&ctx, in, inlen);
    sha3_512_final(&ctx, out);
}

/* FIPS 202, Section 6.2: SHAKE128(M, d) = KECCAK[256](M || 1111, d). */
void shake128(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
    sha3_ctx ctx;
    shake128_init(&ctx);
    (void)sha3_absorb(&ctx, in, inlen);
    sha3_final(&ctx, out, outlen);
}

/* FIPS 202, Section 6.2: SHAKE256(M, d) = KECCAK[512](M || 1111, d). */
void shake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
    sha3_ctx ctx;
    shake256_init(&ctx);
    (void)sha3_absorb(&ctx, in, inlen);
    sha3_final(&ctx, out, outlen);
}
