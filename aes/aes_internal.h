/*
 * aes_internal.h -- private interfaces between aes_ct.c, ghash.c and gcm.c.
 * Names carry the private prefix aes_ so that every directory links into
 * one program without clashes.
 */
#ifndef AEGIS_AES_INTERNAL_H
#define AEGIS_AES_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "aes.h"

/*
 * The x86-64 backend (aes/x86_64/, README.md "x86-64 backend") is compiled,
 * and chosen by the public functions, exactly when the compiler targets
 * AES-NI, PCLMULQDQ and SSSE3 (e.g. -maes -mpclmul -mavx2); otherwise its
 * files are empty and the portable code below is all there is.
 */
#if defined(__AES__) && defined(__PCLMUL__) && defined(__SSSE3__)
#define AES_X86_64 1
#else
#define AES_X86_64 0
#endif

/* ---- aes_ct.c: the bitsliced cipher on four blocks at a time ---------- */

/* The portable aes256_init and aes256_encrypt_blocks (the public names
 * pick the backend when it is compiled). */
void aes_ct64_init(aes256_ctx *ctx, const uint8_t key[AES256_KEYBYTES]);
void aes_ct64_encrypt_blocks(const aes256_ctx *ctx, uint8_t *out, const uint8_t *in,
                             size_t nblocks);

/* Four 16-byte blocks (64 bytes) to the eight bit planes q[0..7], and back. */
void aes_ct64_load4(uint64_t q[8], const uint8_t in[64]);
void aes_ct64_store4(uint8_t out[64], uint64_t q[8]);

/* FIPS 197 Cipher on the four blocks held in q (in place). */
void aes_ct64_cipher(const aes256_ctx *ctx, uint64_t q[8]);

/*
 * SP 800-38D, Section 6.5, Algorithm 3, GCTR_K(ICB, X) with inc_32
 * (Section 6.2): the counter blocks are ICB, inc_32(ICB), ...; only the
 * last 32 bits count, modulo 2^32, with no carry into the first 96 bits.
 * out may equal in.
 */
void aes_ct64_gctr(const aes256_ctx *ctx, const uint8_t icb[16], uint8_t *out,
                   const uint8_t *in, size_t len);

/* ---- ghash.c: GHASH_H (SP 800-38D, Algorithm 2) ---------------------- */

/*
 * H and its powers H^1..H^4 (for four blocks per reduction), each as the
 * 64-bit halves (h0 low, h1 high) of the big-endian block value, their XOR,
 * and the three bit-reversed copies, each split into four bit classes
 * (6 x 4 words); see ghash.c.
 */
#define AES_GHASH_POWERS 4
typedef struct {
    uint64_t hp[AES_GHASH_POWERS][24];
} aes_ghash_key;

void aes_ghash_init(aes_ghash_key *gk, const uint8_t H[16]);

/*
 * Y = GHASH over data || 0^v, the data zero-padded to a whole number of
 * blocks, continuing from Y (y[1] = high half, y[0] = low half of the
 * big-endian block value).
 */
void aes_ghash_update(uint64_t y[2], const aes_ghash_key *gk, const uint8_t *data, size_t len);

/* ---- gcm.c: the portable aes256gcm_encrypt / aes256gcm_decrypt -------- */

int aes_ct64_gcm_encrypt(uint8_t *ct, uint8_t tag[AES256GCM_TAGBYTES],
                         const uint8_t key[AES256GCM_KEYBYTES], const uint8_t *iv, size_t ivlen,
                         const uint8_t *aad, size_t aadlen, const uint8_t *pt, size_t ptlen);
int aes_ct64_gcm_decrypt(uint8_t *pt, const uint8_t key[AES256GCM_KEYBYTES], const uint8_t *iv,
                         size_t ivlen, const uint8_t *aad, size_t aadlen, const uint8_t *ct,
                         size_t ctlen, const uint8_t tag[AES256GCM_TAGBYTES]);

#if AES_X86_64
/* ---- x86_64/aes_ni.c: AES-NI ------------------------------------------ */

/*
 * Replace aes_ct64_init / aes_ct64_encrypt_blocks / aes_ct64_gctr. The
 * context then holds round key k as its 16 FIPS 197 bytes at byte offset
 * 16k (the first 240 of its 960 bytes; the rest stay zero): a context
 * belongs to the build that made it.
 */
void aes_x86_init(aes256_ctx *ctx, const uint8_t key[AES256_KEYBYTES]);
void aes_x86_encrypt_blocks(const aes256_ctx *ctx, uint8_t *out, const uint8_t *in,
                            size_t nblocks);
void aes_x86_gctr(const aes256_ctx *ctx, const uint8_t icb[16], uint8_t *out,
                  const uint8_t *in, size_t len);

/* ---- x86_64/gcm_clmul.c: PCLMULQDQ GHASH and GCM ----------------------- */

/* Replaces aes_ghash_init + aes_ghash_update: y (16 bytes, the GHASH state
 * as a block) = GHASH_H over data || 0^v, continuing from y. */
void aes_x86_ghash(uint8_t y[16], const uint8_t H[16], const uint8_t *data, size_t len);

/*
 * Replace the bodies of aes_ct64_gcm_encrypt / aes_ct64_gcm_decrypt after
 * their argument checks (gcm.c runs those first): the arguments are valid.
 * Decryption returns 0 or AES256GCM_ERR_VERIFY (pt zeroed).
 */
void aes_x86_gcm_encrypt(uint8_t *ct, uint8_t tag[AES256GCM_TAGBYTES],
                         const uint8_t key[AES256GCM_KEYBYTES], const uint8_t *iv, size_t ivlen,
                         const uint8_t *aad, size_t aadlen, const uint8_t *pt, size_t ptlen);
int aes_x86_gcm_decrypt(uint8_t *pt, const uint8_t key[AES256GCM_KEYBYTES], const uint8_t *iv,
                        size_t ivlen, const uint8_t *aad, size_t aadlen, const uint8_t *ct,
                        size_t ctlen, const uint8_t tag[AES256GCM_TAGBYTES]);
#endif

#endif
