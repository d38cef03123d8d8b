/*
 * test_aes.c -- AES-256 (FIPS 197) and AES-256-GCM (SP 800-38D).
 *
 * Block cipher: the FIPS 197 Appendix C.3 example, and an independent
 * textbook AES-256 written here byte by byte from FIPS 197 (S-box computed
 * from the GF(2^8) inverse and the affine map, KeyExpansion, Cipher) on
 * random keys and blocks.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../aes/aes.h"
#include "vectors.h"

/* ---- a textbook AES-256, straight from FIPS 197 ------------------------- */

static uint8_t gf_mul(uint8_t a, uint8_t b)            /* Section 4.2 */
{
    uint8_t p = 0;
    for (int i = 0; i < 8; i++) {
        if (b & 1) p ^= a;
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return p;
}

static uint8_t ref_sbox(uint8_t x)                     /* Section 5.1.1 */
{
    uint8_t inv = 0;
    for (int c = 1; c < 256 && x; c++)
        if (gf_mul(x, (uint8_t)c) == 1) inv = (uint8_t)c;
    uint8_t s = 0;
    for (int i = 0; i < 8; i++) {
        int bit = ((inv >> i) ^ (inv >> ((i + 4) % 8)) ^ (inv >> ((i + 5) % 8)) ^
                   (inv >> ((i + 6) % 8)) ^ (inv >> ((i + 7) % 8)) ^ (0x63 >> i)) & 1;
        s |= (uint8_t)(bit << i);
    }
    return s;
}

static uint8_t SB[256];

static void ref_init(void)
{
    for (int i = 0; i < 256; i++) SB[i] = ref_sbox((uint8_t)i);
}

static void ref_aes256(uint8_t out[16], const uint8_t key[32], const uint8_t in[16])
{
    uint8_t w[60][4], s[4][4], t[4][4];
    for (int i = 0; i < 8; i++) for (int j = 0; j < 4; j++) w[i][j] = key[4 * i + j];
    uint8_t rcon = 1;
    for (int i = 8; i < 60; i++) {                     /* Section 5.2 */
        uint8_t tmp[4];
        memcpy(tmp, w[i - 1], 4);
        if (i % 8 == 0) {
            uint8_t r0 = tmp[0];
            tmp[0] = (uint8_t)(SB[tmp[1]] ^ rcon); tmp[1] = SB[tmp[2]];
            tmp[2] = SB[tmp[3]]; tmp[3] = SB[r0];
            rcon = gf_mul(rcon, 2);
        } else if (i % 8 == 4) {
            for (int j = 0; j < 4; j++) tmp[j] = SB[tmp[j]];
        }
        for (int j = 0; j < 4; j++) w[i][j] = w[i - 8][j] ^ tmp[j];
    }
    for (int c = 0; c < 4; c++) for (int r = 0; r < 4; r++) s[r][c] = in[r + 4 * c];
    for (int round = 0; round <= 14; round++) {        /* Section 5.1 */
        if (round > 0) {
            for (int r = 0; r < 4; r++) for (int c = 0; c < 4; c++) t[r][c] = SB[s[r][(c + r) % 4]];
            if (round < 14) {
                for (int c = 0; c < 4; c++) for (int r = 0; r < 4; r++)
                    s[r][c] = gf_mul(2, t[r][c]) ^ gf_mul(3, t[(r + 1) % 4][c]) ^
                              t[(r + 2) % 4][c] ^ t[(r + 3) % 4][c];
            } else {
                memcpy(s, t, sizeof s);
            }
        }
        for (int c = 0; c < 4; c++) for (int r = 0; r < 4; r++) s[r][c] ^= w[4 * round + c][r];
    }
    for (int c = 0; c < 4; c++) for (int r = 0; r < 4; r++) out[r + 4 * c] = s[r][c];
}

/* ---- FIPS 197 ------------------------------------------------------------ */

static void expect_hex(const uint8_t *got, size_t n, const char *want)
{
    char *s = hex_str(got, n);
    cr_assert_str_eq(s, want);
    free(s);
}

Test(fips197, appendix_c3_aes256)
{
    uint8_t key[32], pt[16], ct[16];
    for (int i = 0; i < 32; i++) key[i] = (uint8_t)i;
    for (int i = 0; i < 16; i++) pt[i] = (uint8_t)(0x11 * i);
    aes256_ctx ctx;
    aes256_init(&ctx, key);
    aes256_encrypt_block(&ctx, ct, pt);
    expect_hex(ct, 16, "8ea2b7ca516745bfeafc49904b496089");
    aes256_encrypt_block(&ctx, pt, pt); /* in place */
    expect_hex(pt, 16, "8ea2b7ca516745bfeafc49904b496089");
    aes256_release(&ctx);
    const uint8_t *p = (const uint8_t *)&ctx;
    for (size_t i = 0; i < sizeof ctx; i++) cr_assert_eq(p[i], 0, "release must wipe");
    fprintf(stderr, "fips197: C.3 1 of 1 pass\n");
}

/* Random keys and 1..9 blocks per call (every remainder mod 4), against
 * the textbook reference; then the same in place. */
Test(fips197, reference_random_keys_and_blocks)
{
    ref_init();
    int checked = 0;
    for (uint64_t t = 0; t < 200; t++) {
        uint8_t key[32], in[16 * 9], a[16 * 9], b[16];
        test_rand(key, 32, "aes-key", t);
        test_rand(in, sizeof in, "aes-in", t);
        size_t n = 1 + (size_t)(t % 9);   /* 1..9 blocks: every remainder mod 4 */
        aes256_ctx ctx;
        aes256_init(&ctx, key);
        aes256_encrypt_blocks(&ctx, a, in, n);
        for (size_t j = 0; j < n; j++) {
            ref_aes256(b, key, in + 16 * j);
            cr_assert(memcmp(a + 16 * j, b, 16) == 0, "trial %llu block %zu", (unsigned long long)t, j);
            checked++;
        }
        aes256_encrypt_blocks(&ctx, in, in, n);   /* in place */
        cr_assert(memcmp(in, a, 16 * n) == 0);
        aes256_release(&ctx);
    }
    fprintf(stderr, "fips197: textbook AES-256 agrees on %d blocks\n", checked);
}

/* Every S-box input goes through the circuit: byte i of block j = 16j + i
 * runs through all 256 values over 4 calls, compared with the reference. */
Test(fips197, all_sbox_inputs_through_the_cipher)
{
    ref_init();
    uint8_t key[32], in[256], a[256], b[16];
    test_rand(key, 32, "aes-sbox-key", 0);
    for (int i = 0; i < 256; i++) in[i] = (uint8_t)i;
    aes256_ctx ctx;
    aes256_init(&ctx, key);
    aes256_encrypt_blocks(&ctx, a, in, 16);
    for (int j = 0; j < 16; j++) {
        ref_aes256(b, key, in + 16 * j);
        cr_assert(memcmp(a + 16 * j, b, 16) == 0, "block %d", j);
    }
    aes256_release(&ctx);
}
