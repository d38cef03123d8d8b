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

/* ---- aes_ct.c: the bitsliced cipher on four blocks at a time ---------- */

/* Four 16-byte blocks (64 bytes) to the eight bit planes q[0..7], and back. */
void aes_ct64_load4(uint64_t q[8], const uint8_t in[64]);
void aes_ct64_store4(uint8_t out[64], uint64_t q[8]);

/* FIPS 197 Cipher on the four blocks held in q (in place). */
void aes_ct64_cipher(const aes256_ctx *ctx, uint64_t q[8]);

/*
 * SP 800-38D, Section 6.5, GCTR_K(ICB, X) with inc_32 (Section 6.2): the
 * counter blocks are ICB, inc_32(ICB), ...; only the last 32 bits count,
 * modulo 2^32, with no carry into the first 96 bits. out may equal in.
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

#endif
