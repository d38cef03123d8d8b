/*
 * aes.h -- AES-256 (FIPS 197, Nov 2001, updated May 2023) and AES-256-GCM
 * (NIST SP 800-38D, Nov 2007), constant time, portable C11.
 *
 * Depends on nothing but <stddef.h> and <stdint.h>. No heap, no I/O, no global
 * mutable state. The cipher is bitsliced (no table indexed by key or data),
 * GHASH uses masked integer multiplies, and the GCM tag check is constant
 * time; see README.md for the exact claims and their limits.
 */
#ifndef AEGIS_AES_H
#define AEGIS_AES_H

#include <stddef.h>
#include <stdint.h>

#include "aes_config.h"   /* AES_NAMESPACE */

#ifdef __cplusplus
extern "C" {
#endif

/* AES_MUST_CHECK: a result the caller must use (warn_unused_result; API.md,
 * "Results that must be used"). Predefine it to override. */
#ifndef AES_MUST_CHECK
#if defined(__GNUC__) || defined(__clang__)
#define AES_MUST_CHECK __attribute__((warn_unused_result))
#else
#define AES_MUST_CHECK
#endif
#endif

/* Sizes (FIPS 197 Section 5: Nk = 8, Nr = 14 for AES-256). */
#define AES256_KEYBYTES 32
#define AES256_BLOCKBYTES 16
#define AES256_ROUNDS 14
#define AES256GCM_KEYBYTES 32
#define AES256GCM_TAGBYTES 16
#define AES256GCM_IVBYTES 12 /* the recommended (fast-path) IV length */

/* SP 800-38D Section 5.2.1.1 limits, in bytes. */
#define AES256GCM_MAX_PT (((uint64_t)1 << 36) - 32)       /* 2^39 - 256 bits */
#define AES256GCM_MAX_AAD (((uint64_t)1 << 61) - 1)       /* 2^64 - 1 bits, rounded down */
#define AES256GCM_MAX_IV (((uint64_t)1 << 61) - 1)        /* 2^64 - 1 bits, rounded down */

/* Return codes: 0 on success, negative on error (the shared set of API.md;
 * aes/ returns only these). */
#define AES256GCM_OK 0
#define AES256GCM_ERR_VERIFY (-1) /* tag mismatch: the input is not authentic */
#define AES256GCM_ERR_NULL (-2)   /* a required pointer is NULL (key, iv, tag, or
                                     pt / ct / aad with a nonzero length) */
#define AES256GCM_ERR_LENGTH (-3) /* IV of length 0 or over the limit, plaintext /
                                     ciphertext or AAD over the limit */

/*
 * Expanded AES-256 key: the 15 round keys of KeyExpansion (FIPS 197,
 * Section 5.2), kept in the bitsliced form the cipher uses; built with the
 * x86-64 backend (aes/x86_64/, README.md), the same 960 bytes hold the round
 * keys as plain 16-byte blocks in the first 240. Allocate it yourself (stack
 * is fine); treat the fields as private; use it only with the build that
 * made it; wipe it with aes256_wipe when done.
 */
typedef struct {
    uint64_t rk[AES256_ROUNDS + 1][8];
} aes256_ctx;

/* FIPS 197, Section 5.2, KeyExpansion (constant time). */
void aes256_init(aes256_ctx *ctx, const uint8_t key[AES256_KEYBYTES]);

/*
 * FIPS 197, Section 5.1, Cipher: encrypt nblocks 16-byte blocks (ECB, a
 * building block only), four per bitsliced pass. out may equal in.
 */
void aes256_encrypt_blocks(const aes256_ctx *ctx, uint8_t *out, const uint8_t *in,
                           size_t nblocks);

/* One block: aes256_encrypt_blocks with nblocks = 1. */
void aes256_encrypt_block(const aes256_ctx *ctx, uint8_t out[AES256_BLOCKBYTES],
                          const uint8_t in[AES256_BLOCKBYTES]);

/* Wipe the expanded key. */
void aes256_wipe(aes256_ctx *ctx);

/*
 * SP 800-38D, Algorithm 4, GCM-AE_K(IV, P, A): authenticated encryption.
 * ct gets ptlen bytes (ct may equal pt), tag gets 16 bytes. ivlen >= 1
 * (12 is the fast path; any other length goes through GHASH). aad and pt
 * may be NULL when their length is 0.
 * @retval AES256GCM_OK, AES256GCM_ERR_NULL, AES256GCM_ERR_LENGTH; on error
 *         tag is zeroed, and ct too whenever ptlen itself is within the limit
 */
AES_MUST_CHECK
int aes256gcm_encrypt(uint8_t *ct, uint8_t tag[AES256GCM_TAGBYTES],
                      const uint8_t key[AES256GCM_KEYBYTES], const uint8_t *iv, size_t ivlen,
                      const uint8_t *aad, size_t aadlen, const uint8_t *pt, size_t ptlen);

/*
 * SP 800-38D, Algorithm 5, GCM-AD_K(IV, C, A, T): authenticated decryption.
 * The tag is recomputed over aad and ct and compared in constant time
 * before anything is decrypted; only then pt gets ctlen bytes (pt may
 * equal ct).
 * @retval AES256GCM_OK, AES256GCM_ERR_VERIFY (wrong tag), AES256GCM_ERR_NULL,
 *         AES256GCM_ERR_LENGTH; on every error pt is all zero (whenever ctlen
 *         itself is within the limit)
 */
AES_MUST_CHECK
int aes256gcm_decrypt(uint8_t *pt, const uint8_t key[AES256GCM_KEYBYTES], const uint8_t *iv,
                      size_t ivlen, const uint8_t *aad, size_t aadlen, const uint8_t *ct,
                      size_t ctlen, const uint8_t tag[AES256GCM_TAGBYTES]);

/* ---- BEGIN deprecated aliases (API.md, "Renamed in 0.3.0") ---- */
#ifndef AEGIS_NO_DEPRECATED
#define AES256GCM_ERR_AUTH AES256GCM_ERR_VERIFY
#define AES256GCM_ERR_IV AES256GCM_ERR_LENGTH
#define aes256_release aes256_wipe
#endif
/* ---- END deprecated aliases ---- */

#ifdef __cplusplus
}
#endif

#endif
