/*
 * aes_ni.c -- x86-64 backend: AES-256 (FIPS 197, Sections 5.1-5.2) with the
 * AES-NI instructions, and GCTR (SP 800-38D, Section 6.5) eight blocks per
 * pass. An empty translation unit unless the compiler targets AES-NI,
 * PCLMULQDQ and SSSE3 (AES_X86_64, aes_internal.h).
 */
#include "aes_x86_64.h"

#if AES_X86_64

/* Round key k lives at byte 16k of the context (aes_internal.h). */
static void load_keys(__m128i rk[AES256_ROUNDS + 1], const aes256_ctx *ctx)
{
    const uint8_t *p = (const uint8_t *)ctx->rk;
    for (int k = 0; k <= AES256_ROUNDS; k++) {
        rk[k] = aesx_load(p + 16 * k);
    }
}

/* Replaces aes_ct64_init (aes_ct.c): aesx_expand, stored as aes_internal.h says. */
void aes_x86_init(aes256_ctx *ctx, const uint8_t key[AES256_KEYBYTES])
{
    __m128i rk[AES256_ROUNDS + 1];
    uint8_t *p = (uint8_t *)ctx->rk;
    aesx_expand(rk, key);
    memset(ctx, 0, sizeof *ctx);
    for (int k = 0; k <= AES256_ROUNDS; k++) {
        aesx_store(p + 16 * k, rk[k]);
    }
    aes_ct_wipe(rk, sizeof rk);
}

/* Replaces aes_ct64_encrypt_blocks (aes_ct.c): aesx_encrypt1 on each of
 * nblocks blocks; out may equal in. */
void aes_x86_encrypt_blocks(const aes256_ctx *ctx, uint8_t *out, const uint8_t *in,
                            size_t nblocks)
{
    __m128i rk[AES256_ROUNDS + 1];
    load_keys(rk, ctx);
    for (size_t i = 0; i < nblocks; i++) {
        aesx_store(out + 16 * i, aesx_encrypt1(rk, aesx_load(in + 16 * i)));
    }
    aes_ct_wipe(rk, sizeof rk);
}

/* Replaces aes_ct64_gctr (aes_ct.c): aesx_gctr with the context's round keys. */
void aes_x86_gctr(const aes256_ctx *ctx, const uint8_t icb[16], uint8_t *out,
                  const uint8_t *in, size_t len)
{
    __m128i rk[AES256_ROUNDS + 1];
    load_keys(rk, ctx);
    aesx_gctr(rk, icb, out, in, len);
    aes_ct_wipe(rk, sizeof rk);
}

#else
typedef int aes_x86_64_aes_ni_unused; /* ISO C forbids an empty translation unit */
#endif
