/*
 * test_x86_64_aes.c -- the x86-64 AES-NI/PCLMULQDQ backend (aes/x86_64/)
 * against the portable code it replaces, byte for byte: the cipher
 * (aes_ct64_init/encrypt_blocks), GCTR (aes_ct64_gctr, counters across the
 * 2^32 wrap), GHASH (aes_ghash_update), and GCM-AE/AD (aes_ct64_gcm_*:
 * plaintext 0..1000 bytes, AAD and IV lengths other than 12, unaligned
 * buffers, in place, wrong tags, bad arguments, large messages).
 * In the portable build (no -maes -mpclmul) this is a suite with no tests.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../aes/aes.h"
#include "../aes/aes_internal.h"
#include "vectors.h"

#if AES_X86_64

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t d = 0;
    for (size_t i = 0; i < n; i++) d |= p[i];
    return d == 0;
}

/* aes256_init / aes256_encrypt_blocks are the backend here; the context
 * layout is documented in aes_internal.h. */
Test(x86_64_aes, blocks_equal_portable)
{
    static uint8_t in[16 * 21 + 15], a[16 * 21 + 15], b[16 * 21];
    int checked = 0;
    for (uint64_t t = 0; t < 120; t++) {
        uint8_t key[32];
        test_rand(key, 32, "x86-blk-key", t);
        test_rand(in, sizeof in, "x86-blk-in", t);
        size_t n = (size_t)(t % 22), off = (size_t)(t % 16);  /* 0..21 blocks, any alignment */
        aes256_ctx cx, cp;
        aes_x86_init(&cx, key);
        aes_ct64_init(&cp, key);
        aes256_ctx cpub;
        aes256_init(&cpub, key);
        cr_assert(memcmp(&cx, &cpub, sizeof cx) == 0, "aes256_init is the backend");
        /* round keys at 16k, the rest zero */
        cr_assert(all_zero((const uint8_t *)&cx + 16 * (AES256_ROUNDS + 1),
                           sizeof cx - 16 * (AES256_ROUNDS + 1)));
        aes_x86_encrypt_blocks(&cx, a + off, in + off, n);
        aes_ct64_encrypt_blocks(&cp, b, in + off, n);
        cr_assert(memcmp(a + off, b, 16 * n) == 0, "trial %llu, %zu blocks", (unsigned long long)t, n);
        aes_x86_encrypt_blocks(&cx, in + off, in + off, n);   /* in place */
        cr_assert(memcmp(in + off, b, 16 * n) == 0);
        aes256_wipe(&cx);
        aes256_wipe(&cp);
        aes256_wipe(&cpub);
        checked += (int)n;
    }
    fprintf(stderr, "x86_64 aes: AES-NI = bitsliced on %d blocks\n", checked);
}

/* GCTR from counters just below 2^32 (the wrap keeps the first 96 bits),
 * lengths 0..300, unaligned, in place. */
Test(x86_64_aes, gctr_equal_portable_across_wrap)
{
    static uint8_t in[301 + 15], a[301 + 15], b[301];
    uint8_t key[32], icb[16];
    int checked = 0;
    for (uint64_t t = 0; t < 301; t++) {
        test_rand(key, 32, "x86-ctr-key", t % 7);
        test_rand(icb, 16, "x86-ctr-icb", t);
        test_rand(in, sizeof in, "x86-ctr-in", t);
        if (t % 3 != 2) {                          /* low 32 bits 2^32 - 1 - (0..20) */
            uint32_t c = 0xffffffffu - (uint32_t)(t % 21);
            icb[12] = (uint8_t)(c >> 24); icb[13] = (uint8_t)(c >> 16);
            icb[14] = (uint8_t)(c >> 8); icb[15] = (uint8_t)c;
        }
        size_t len = (size_t)t, off = (size_t)((t * 7) % 16);
        aes256_ctx cx, cp;
        aes_x86_init(&cx, key);
        aes_ct64_init(&cp, key);
        aes_x86_gctr(&cx, icb, a + off, in + off, len);
        aes_ct64_gctr(&cp, icb, b, in + off, len);
        cr_assert(memcmp(a + off, b, len) == 0, "length %zu", len);
        aes_x86_gctr(&cx, icb, in + off, in + off, len);
        cr_assert(memcmp(in + off, b, len) == 0, "in place, length %zu", len);
        aes256_wipe(&cx);
        aes256_wipe(&cp);
        checked++;
    }
    fprintf(stderr, "x86_64 aes: GCTR equal on %d lengths across the 2^32 wrap\n", checked);
}

static void portable_ghash(uint8_t Y[16], const uint8_t H[16], const uint8_t *X, size_t n)
{
    aes_ghash_key gk;
    uint64_t y[2] = {0, 0};
    for (int i = 0; i < 8; i++) {
        y[1] = y[1] << 8 | Y[i];
        y[0] = y[0] << 8 | Y[8 + i];
    }
    aes_ghash_init(&gk, H);
    aes_ghash_update(y, &gk, X, n);
    for (int i = 0; i < 8; i++) {
        Y[i] = (uint8_t)(y[1] >> (56 - 8 * i));
        Y[8 + i] = (uint8_t)(y[0] >> (56 - 8 * i));
    }
}

/* GHASH for every length 0..400 (every split into 8-block groups and a
 * tail), random and edge-case H (0, 1, x^0 alone, all ones) and start Y. */
Test(x86_64_aes, ghash_equal_portable)
{
    static uint8_t X[400 + 15];
    uint8_t H[16], Y0[16], ya[16], yb[16];
    for (uint64_t t = 0; t <= 400; t++) {
        test_rand(H, 16, "x86-gh-h", t);
        test_rand(Y0, 16, "x86-gh-y", t);
        test_rand(X, sizeof X, "x86-gh-x", t);
        switch (t % 11) {
        case 0: memset(H, 0, 16); break;
        case 1: memset(H, 0, 16); H[15] = 1; break;   /* x^127 */
        case 2: memset(H, 0, 16); H[0] = 0x80; break; /* x^0 = 1 */
        case 3: memset(H, 0xff, 16); break;
        case 4: memset(Y0, 0, 16); break;
        default: break;
        }
        size_t off = (size_t)(t % 16);
        memcpy(ya, Y0, 16);
        memcpy(yb, Y0, 16);
        aes_x86_ghash(ya, H, X + off, (size_t)t);
        portable_ghash(yb, H, X + off, (size_t)t);
        cr_assert(memcmp(ya, yb, 16) == 0, "length %llu", (unsigned long long)t);
    }
    fprintf(stderr, "x86_64 aes: GHASH equal on lengths 0..400\n");
}

/* memcmp, but n = 0 with a NULL pointer is equal (no call). */
static int eq(const uint8_t *a, const uint8_t *b, size_t n)
{
    return n == 0 || memcmp(a, b, n) == 0;
}

/* One shape: backend and portable encrypt agree; the backend decrypts
 * (separately and in place, unaligned); a flipped tag bit fails on both
 * with the output zeroed. */
static void gcm_shape(const uint8_t K[32], const uint8_t *iv, size_t ivlen, const uint8_t *aad,
                      size_t aadlen, const uint8_t *P, size_t n, size_t off)
{
    uint8_t *ca = malloc(n + 16), *cb = malloc(n + 16), *q = malloc(n + 16);
    uint8_t ta[16], tb[16];
    cr_assert(ca && cb && q);
    cr_assert_eq(aes256gcm_encrypt(ca + off, ta, K, iv, ivlen, aad, aadlen, P, n), 0);
    cr_assert_eq(aes_ct64_gcm_encrypt(cb, tb, K, iv, ivlen, aad, aadlen, P, n), 0);
    cr_assert(eq(ca + off, cb, n), "ct, n %zu aad %zu iv %zu", n, aadlen, ivlen);
    cr_assert(eq(ta, tb, 16), "tag, n %zu aad %zu iv %zu", n, aadlen, ivlen);
    cr_assert_eq(aes256gcm_decrypt(q + off, K, iv, ivlen, aad, aadlen, ca + off, n, ta), 0);
    cr_assert(eq(q + off, P, n));
    cr_assert_eq(aes256gcm_decrypt(ca + off, K, iv, ivlen, aad, aadlen, ca + off, n, ta), 0);
    cr_assert(eq(ca + off, P, n), "in place");
    if (n > 0) memcpy(ca + off, P, n);                        /* in place encryption */
    cr_assert_eq(aes256gcm_encrypt(ca + off, ta, K, iv, ivlen, aad, aadlen, ca + off, n), 0);
    cr_assert(eq(ca + off, cb, n) && eq(ta, tb, 16), "in place encrypt");
    ta[n % 16] ^= (uint8_t)(1u << (n % 8));
    memset(q, 0xA5, n + 16);
    cr_assert_eq(aes256gcm_decrypt(q + off, K, iv, ivlen, aad, aadlen, ca + off, n, ta),
                 AES256GCM_ERR_VERIFY);
    cr_assert(all_zero(q + off, n));
    cr_assert_eq(aes_ct64_gcm_decrypt(q, K, iv, ivlen, aad, aadlen, cb, n, ta), AES256GCM_ERR_VERIFY);
    free(ca);
    free(cb);
    free(q);
}

Test(x86_64_aes, gcm_equal_portable_0_to_1000)
{
    static uint8_t P[1000 + 15], A[300 + 15], IV[200];
    static const size_t ivlens[] = {12, 1, 8, 11, 13, 16, 17, 60, 64, 127, 128, 129, 200};
    uint8_t K[32];
    int shapes = 0;
    for (size_t n = 0; n <= 1000; n++) {
        test_rand(K, 32, "x86-gcm-k", n);
        test_rand(P, sizeof P, "x86-gcm-p", n);
        test_rand(A, sizeof A, "x86-gcm-a", n);
        test_rand(IV, sizeof IV, "x86-gcm-iv", n);
        size_t ivlen = ivlens[n % (sizeof ivlens / sizeof ivlens[0])];
        size_t aadlen = (n * 37) % 300;
        if (n % 5 == 0) aadlen = 0;
        size_t off = n % 16;
        gcm_shape(K, IV, ivlen, aadlen ? A + off : NULL, aadlen, n ? P + off : NULL, n, (n * 3) % 16);
        shapes++;
    }
    fprintf(stderr, "x86_64 aes: GCM equal to the portable code on %d shapes "
                    "(pt 0..1000, AAD 0..299, IV 1..200 bytes, unaligned, in place)\n", shapes);
}

Test(x86_64_aes, gcm_equal_portable_large)
{
    static const size_t sizes[] = {4096, 4096 + 1, 16384, 65536 + 127, (1u << 20) + 13};
    uint8_t K[32], IV[12], A[40];
    test_rand(K, 32, "x86-big-k", 0);
    test_rand(IV, 12, "x86-big-iv", 0);
    test_rand(A, sizeof A, "x86-big-a", 0);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint8_t *P = malloc(sizes[i]);
        cr_assert(P);
        test_rand(P, sizes[i], "x86-big-p", i);
        gcm_shape(K, IV, i == 2 ? 7 : 12, A, i * 9, P, sizes[i], i);
        free(P);
    }
}

/* The same error codes and zeroed outputs as the portable code. */
Test(x86_64_aes, gcm_errors_equal_portable)
{
    uint8_t K[32] = {1}, IV[12] = {2}, P[40] = {3}, Ca[40], Cb[40], Ta[16], Tb[16];
    struct { const uint8_t *k, *iv; size_t ivlen; const uint8_t *aad; size_t aadlen; } cs[] = {
        {NULL, IV, 12, NULL, 0}, {K, NULL, 12, NULL, 0}, {K, IV, 0, NULL, 0},
        {K, IV, 12, NULL, 5},
    };
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
        memset(Ca, 0xA5, sizeof Ca); memset(Cb, 0xA5, sizeof Cb);
        memset(Ta, 0xA5, 16); memset(Tb, 0xA5, 16);
        int ra = aes256gcm_encrypt(Ca, Ta, cs[i].k, cs[i].iv, cs[i].ivlen, cs[i].aad, cs[i].aadlen, P, sizeof P);
        int rb = aes_ct64_gcm_encrypt(Cb, Tb, cs[i].k, cs[i].iv, cs[i].ivlen, cs[i].aad, cs[i].aadlen, P, sizeof P);
        cr_assert(ra < 0 && ra == rb, "case %zu: %d %d", i, ra, rb);
        cr_assert(all_zero(Ca, sizeof Ca) && all_zero(Ta, 16));
        memset(Ca, 0xA5, sizeof Ca);
        ra = aes256gcm_decrypt(Ca, cs[i].k, cs[i].iv, cs[i].ivlen, cs[i].aad, cs[i].aadlen, P, sizeof P, Tb);
        rb = aes_ct64_gcm_decrypt(Cb, cs[i].k, cs[i].iv, cs[i].ivlen, cs[i].aad, cs[i].aadlen, P, sizeof P, Tb);
        cr_assert(ra < 0 && ra == rb, "decrypt case %zu: %d %d", i, ra, rb);
        cr_assert(all_zero(Ca, sizeof Ca));
    }
    cr_assert_eq(aes256gcm_encrypt(Ca, NULL, K, IV, 12, NULL, 0, P, sizeof P), AES256GCM_ERR_NULL);
    cr_assert_eq(aes256gcm_decrypt(Ca, K, IV, 12, NULL, 0, P, sizeof P, NULL), AES256GCM_ERR_NULL);
    cr_assert_eq(aes256gcm_encrypt(NULL, Ta, K, IV, 12, NULL, 0, P, sizeof P), AES256GCM_ERR_NULL);
#if SIZE_MAX > 0xFFFFFFFFu
    /* Over the plaintext limit: refused before anything is read or written. */
    cr_assert_eq(aes256gcm_encrypt(Ca, Ta, K, IV, 12, NULL, 0, P, (size_t)AES256GCM_MAX_PT + 1),
                 AES256GCM_ERR_LENGTH);
    cr_assert(all_zero(Ta, 16));
#endif
}

#endif /* AES_X86_64 */
