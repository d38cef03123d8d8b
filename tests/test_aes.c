/*
 * test_aes.c -- AES-256 (FIPS 197) and AES-256-GCM (SP 800-38D).
 *
 * Block cipher: the FIPS 197 Appendix C.3 example, and an independent
 * textbook AES-256 written here byte by byte from FIPS 197 (S-box computed
 * from the GF(2^8) inverse and the affine map, KeyExpansion, Cipher) on
 * random keys and blocks.
 * GCM: McGrew-Viega test cases 13-18, every AES-256 group of Wycheproof
 * aes_gcm_test.json, a textbook GCM (SP 800-38D Algorithms 1-5 bit by bit)
 * on many lengths, bit flips, round trips, and the AES-GCM items 29-36 of
 * ../shared/docs/bad-inputs.md (item 37 is messaging level: aes/README.md).
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../aes/aes.h"
#include "../aes/aes_internal.h"
#include "../aes/ct.h"
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
    aes256_wipe(&ctx);
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
        aes256_wipe(&ctx);
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
    aes256_wipe(&ctx);
}

/* ---- a textbook GCM, SP 800-38D Sections 6.3-7.2, bit by bit ------------- */

/* Algorithm 1: X * Y in GF(2^128), blocks as bytes (bit 0 = MSB of byte 0). */
static void ref_gf_mult(uint8_t Z[16], const uint8_t X[16], const uint8_t Y[16])
{
    uint8_t z[16] = {0}, v[16];
    memcpy(v, Y, 16);
    for (int i = 0; i < 128; i++) {
        if ((X[i / 8] >> (7 - i % 8)) & 1)
            for (int j = 0; j < 16; j++) z[j] ^= v[j];
        int lsb = v[15] & 1;                       /* V >> 1, then R if LSB1 */
        for (int j = 15; j > 0; j--) v[j] = (uint8_t)(v[j] >> 1 | v[j - 1] << 7);
        v[0] >>= 1;
        if (lsb) v[0] ^= 0xe1;
    }
    memcpy(Z, z, 16);
}

/* Algorithm 2 over X zero-padded to whole blocks, continuing from Y. */
static void ref_ghash(uint8_t Y[16], const uint8_t H[16], const uint8_t *X, size_t n)
{
    for (size_t off = 0; off < n; off += 16) {
        for (size_t j = 0; j < 16 && off + j < n; j++) Y[j] ^= X[off + j];
        ref_gf_mult(Y, Y, H);
    }
}

static void ref_len_block(uint8_t Y[16], const uint8_t H[16], uint64_t a, uint64_t b)
{
    uint8_t L[16];
    for (int i = 0; i < 8; i++) {
        L[i] = (uint8_t)(a >> (56 - 8 * i));
        L[8 + i] = (uint8_t)(b >> (56 - 8 * i));
    }
    ref_ghash(Y, H, L, 16);
}

/* Algorithm 4 (GCTR of Algorithm 3 inlined). */
static void ref_gcm(uint8_t *C, uint8_t T[16], const uint8_t K[32], const uint8_t *IV, size_t ivlen,
                    const uint8_t *A, size_t alen, const uint8_t *P, size_t plen)
{
    uint8_t H[16], zero[16] = {0}, J0[16] = {0}, CB[16], E[16];
    ref_aes256(H, K, zero);
    if (ivlen == 12) {
        memcpy(J0, IV, 12);
        J0[15] = 1;
    } else {
        ref_ghash(J0, H, IV, ivlen);
        ref_len_block(J0, H, 0, (uint64_t)ivlen * 8);
    }
    memcpy(CB, J0, 16);
    for (size_t off = 0; off < plen; off += 16) {
        for (int j = 15; j >= 12; j--) if (++CB[j] != 0) break;   /* inc_32 */
        ref_aes256(E, K, CB);
        for (size_t j = 0; j < 16 && off + j < plen; j++) C[off + j] = P[off + j] ^ E[j];
    }
    uint8_t S[16] = {0};
    ref_ghash(S, H, A, alen);
    ref_ghash(S, H, C, plen);
    ref_len_block(S, H, (uint64_t)alen * 8, (uint64_t)plen * 8);
    ref_aes256(E, K, J0);
    for (int j = 0; j < 16; j++) T[j] = S[j] ^ E[j];
}

/* ---- helpers -------------------------------------------------------------- */

static int all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) if (p[i]) return 0;
    return 1;
}

static uint8_t *hx(const char *h, size_t *n) { return hex_alloc(h, n); }

/* ---- McGrew and Viega, "The Galois/Counter Mode of Operation", test cases 13-18 */

struct mv { int tc; const char *K, *P, *A, *IV, *C, *T; };
#define MV_K2 "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
#define MV_P60 "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" \
               "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define MV_A "feedfacedeadbeeffeedfacedeadbeefabaddad2"
static const struct mv mv_cases[] = {
    {13, "0000000000000000000000000000000000000000000000000000000000000000", "", "",
     "000000000000000000000000", "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {14, "0000000000000000000000000000000000000000000000000000000000000000",
     "00000000000000000000000000000000", "", "000000000000000000000000",
     "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"},
    {15, MV_K2, MV_P60 "1aafd255", "", "cafebabefacedbaddecaf888",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {16, MV_K2, MV_P60, MV_A, "cafebabefacedbaddecaf888",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
    {17, MV_K2, MV_P60, MV_A, "cafebabefacedbad",
     "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0"
     "feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f",
     "3a337dbf46a792c45e454913fe2ea8f2"},
    {18, MV_K2, MV_P60, MV_A,
     "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728"
     "c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
     "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf4"
     "0fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f",
     "a44a8266ee1c8eb0c8b5d4cf5ae9f19a"},
};

Test(gcm, mcgrew_viega_13_to_18)
{
    int n = 0;
    for (size_t i = 0; i < sizeof mv_cases / sizeof mv_cases[0]; i++) {
        const struct mv *v = &mv_cases[i];
        size_t kl, pl, al, il, cl, tl;
        uint8_t *K = hx(v->K, &kl), *P = hx(v->P, &pl), *A = hx(v->A, &al);
        uint8_t *IV = hx(v->IV, &il), *C = hx(v->C, &cl), *T = hx(v->T, &tl);
        uint8_t c[64], t[16], p[64];
        cr_assert_eq(aes256gcm_encrypt(c, t, K, IV, il, A, al, P, pl), 0);
        cr_assert(memcmp(c, C, cl) == 0 && memcmp(t, T, 16) == 0, "test case %d", v->tc);
        cr_assert_eq(aes256gcm_decrypt(p, K, IV, il, A, al, C, cl, T), 0, "test case %d", v->tc);
        cr_assert(memcmp(p, P, pl) == 0, "test case %d", v->tc);
        free(K); free(P); free(A); free(IV); free(C); free(T);
        n++;
    }
    fprintf(stderr, "gcm: McGrew-Viega test cases 13-18: %d of 6 pass\n", n);
}

/* ---- Wycheproof aes_gcm_test.json ------------------------------------------ */

Test(gcm, wycheproof_aes256)
{
    json_t *root = kat_json("aes/wycheproof/aes_gcm_test.json");
    json_t *groups = json_object_get(root, "testGroups");
    size_t gi, ti;
    json_t *g, *t;
    int valid = 0, invalid = 0, skipped = 0, skipped_groups = 0, total = 0;
    json_array_foreach(groups, gi, g) {
        json_t *tests = json_object_get(g, "tests");
        int keysize = (int)json_integer_value(json_object_get(g, "keySize"));
        int tagsize = (int)json_integer_value(json_object_get(g, "tagSize"));
        total += (int)json_array_size(tests);
        if (keysize != 256) {
            skipped += (int)json_array_size(tests);
            skipped_groups++;
            continue;
        }
        cr_assert_eq(tagsize, 128, "only 128-bit tags are in the file");
        json_array_foreach(tests, ti, t) {
            int id = (int)json_integer_value(json_object_get(t, "tcId"));
            const char *result = json_string_value(json_object_get(t, "result"));
            size_t kl, il, al, ml, cl, tl;
            uint8_t *K = json_hex(t, "key", &kl), *IV = json_hex(t, "iv", &il);
            uint8_t *A = json_hex(t, "aad", &al), *M = json_hex(t, "msg", &ml);
            uint8_t *C = json_hex(t, "ct", &cl), *T = json_hex(t, "tag", &tl);
            cr_assert_eq(kl, 32);
            cr_assert_eq(tl, 16, "tcId %d", id);
            cr_assert_eq(ml, cl);
            uint8_t *c = malloc(ml + 1), *p = malloc(cl + 1), tag[16];
            memset(p, 0xA5, cl + 1);
            int rd = aes256gcm_decrypt(p, K, IV, il, A, al, C, cl, T);
            if (strcmp(result, "valid") == 0) {
                int re = aes256gcm_encrypt(c, tag, K, IV, il, A, al, M, ml);
                cr_assert_eq(re, 0, "tcId %d encrypt rc %d", id, re);
                cr_assert(memcmp(c, C, cl) == 0, "tcId %d ct", id);
                cr_assert(memcmp(tag, T, 16) == 0, "tcId %d tag", id);
                cr_assert_eq(rd, 0, "tcId %d decrypt rc %d", id, rd);
                cr_assert(memcmp(p, M, ml) == 0, "tcId %d pt", id);
                valid++;
            } else {
                cr_assert_str_eq(result, "invalid", "tcId %d: result %s", id, result);
                cr_assert_neq(rd, 0, "tcId %d: invalid input accepted", id);
                cr_assert(all_zero(p, cl), "tcId %d: output not zeroed", id);
                cr_assert_eq(p[cl], 0xA5, "tcId %d: wrote past the end", id);
                if (il == 0) cr_assert_eq(rd, AES256GCM_ERR_LENGTH, "tcId %d", id);
                else cr_assert_eq(rd, AES256GCM_ERR_VERIFY, "tcId %d", id);
                invalid++;
            }
            free(K); free(IV); free(A); free(M); free(C); free(T); free(c); free(p);
        }
    }
    json_decref(root);
    cr_assert_gt(valid, 0);
    fprintf(stderr, "gcm: wycheproof aes_gcm_test.json AES-256: %d of %d pass (%d valid, %d invalid); "
            "%d tests in %d AES-128/192 groups skipped; %d tests in the file\n",
            valid + invalid, valid + invalid, valid, invalid, skipped, skipped_groups, total);
}

/* ---- the textbook GCM on many shapes ------------------------------------- */

Test(gcm, reference_lengths_and_iv_sizes)
{
    ref_init();
    static const size_t ivlens[] = {12, 1, 8, 11, 13, 16, 17, 32, 60, 64, 100};
    uint8_t K[32], IV[100], A[80], P[300], c[300], t[16], rc[300], rt[16];
    int n = 0;
    for (size_t pl = 0; pl <= 300; pl += (pl < 80 ? 1 : 37)) {
        uint64_t s = pl;
        test_rand(K, 32, "gcm-ref-k", s);
        test_rand(IV, sizeof IV, "gcm-ref-iv", s);
        test_rand(A, sizeof A, "gcm-ref-a", s);
        test_rand(P, sizeof P, "gcm-ref-p", s);
        size_t al = (pl * 7) % 81, il = ivlens[pl % (sizeof ivlens / sizeof ivlens[0])];
        cr_assert_eq(aes256gcm_encrypt(c, t, K, IV, il, A, al, P, pl), 0);
        ref_gcm(rc, rt, K, IV, il, A, al, P, pl);
        cr_assert(memcmp(c, rc, pl) == 0 && memcmp(t, rt, 16) == 0, "pt %zu aad %zu iv %zu", pl, al, il);
        n++;
    }
    fprintf(stderr, "gcm: textbook GCM agrees on %d shapes\n", n);
}

/* Lengths around the 4 KiB encrypt chunk (GCTR and GHASH interleaved), with
 * 12- and 20-byte IVs, against the textbook GCM. */
Test(gcm, reference_chunk_boundaries)
{
    ref_init();
    static const size_t lens[] = {4032, 4095, 4096, 4097, 4160, 8192 + 16 + 5};
    static uint8_t P[8192 + 21], C[8192 + 21], R[8192 + 21];
    uint8_t K[32], IV[20], A[7], T[16], RT[16];
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        test_rand(K, 32, "gcm-chunk-k", i);
        test_rand(IV, sizeof IV, "gcm-chunk-iv", i);
        test_rand(A, sizeof A, "gcm-chunk-a", i);
        test_rand(P, lens[i], "gcm-chunk-p", i);
        size_t il = (i & 1) ? 12 : 20;
        cr_assert_eq(aes256gcm_encrypt(C, T, K, IV, il, A, sizeof A, P, lens[i]), 0);
        ref_gcm(R, RT, K, IV, il, A, sizeof A, P, lens[i]);
        cr_assert(memcmp(C, R, lens[i]) == 0 && memcmp(T, RT, 16) == 0, "length %zu", lens[i]);
    }
}

/* GHASH alone against Algorithm 2 for 0..12 blocks (every aggregation split). */
Test(gcm, ghash_against_algorithm_2)
{
    uint8_t H[16], X[16 * 12 + 5], Y[16], R[16];
    for (uint64_t t = 0; t < 40; t++) {
        test_rand(H, 16, "ghash-h", t);
        test_rand(X, sizeof X, "ghash-x", t);
        size_t n = (size_t)(t * 5) % sizeof X;
        aes_ghash_key gk;
        aes_ghash_init(&gk, H);
        uint64_t y[2] = {0, 0};
        aes_ghash_update(y, &gk, X, n);
        for (int i = 0; i < 8; i++) {
            Y[i] = (uint8_t)(y[1] >> (56 - 8 * i));
            Y[8 + i] = (uint8_t)(y[0] >> (56 - 8 * i));
        }
        memset(R, 0, 16);
        ref_ghash(R, H, X, n);
        cr_assert(memcmp(Y, R, 16) == 0, "trial %llu, %zu bytes", (unsigned long long)t, n);
    }
}

/* ---- round trips ------------------------------------------------------------ */

Test(gcm, round_trip_0_to_1000_and_in_place)
{
    static uint8_t P[1001], C[1001], Q[1001], B[1001];
    uint8_t K[32], IV[12], A[33], T[16], T2[16];
    test_rand(K, 32, "rt-k", 0);
    test_rand(P, sizeof P, "rt-p", 0);
    test_rand(A, sizeof A, "rt-a", 0);
    for (size_t n = 0; n <= 1000; n++) {
        test_rand(IV, 12, "rt-iv", n);
        size_t al = n % 34;
        cr_assert_eq(aes256gcm_encrypt(C, T, K, IV, 12, A, al, P, n), 0);
        cr_assert_eq(aes256gcm_decrypt(Q, K, IV, 12, A, al, C, n, T), 0, "length %zu", n);
        cr_assert(memcmp(P, Q, n) == 0, "length %zu", n);
        memcpy(B, P, n);                                   /* in place */
        cr_assert_eq(aes256gcm_encrypt(B, T2, K, IV, 12, A, al, B, n), 0);
        cr_assert(memcmp(B, C, n) == 0 && memcmp(T, T2, 16) == 0, "in place, length %zu", n);
        cr_assert_eq(aes256gcm_decrypt(B, K, IV, 12, A, al, B, n, T2), 0);
        cr_assert(memcmp(B, P, n) == 0, "in place, length %zu", n);
    }
    fprintf(stderr, "gcm: round trips 0..1000 (separate and in place): 1001 of 1001 pass\n");
}

Test(gcm, round_trip_large)
{
    static const size_t sizes[] = {65536, 65536 + 15, (1u << 20) + 13, 3u << 20};
    uint8_t K[32], IV[16], T[16];
    test_rand(K, 32, "rtl-k", 0);
    test_rand(IV, 16, "rtl-iv", 0);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i];
        uint8_t *P = malloc(n), *C = malloc(n), *Q = malloc(n);
        cr_assert(P && C && Q);
        test_rand(P, n, "rtl-p", i);
        size_t il = (i % 2) ? 16 : 12;
        cr_assert_eq(aes256gcm_encrypt(C, T, K, IV, il, P, 100, P, n), 0);
        cr_assert_eq(aes256gcm_decrypt(Q, K, IV, il, P, 100, C, n, T), 0);
        cr_assert(memcmp(P, Q, n) == 0, "size %zu", n);
        /* a flip in the last byte is caught */
        C[n - 1] ^= 0x80;
        cr_assert_eq(aes256gcm_decrypt(Q, K, IV, il, P, 100, C, n, T), AES256GCM_ERR_VERIFY);
        cr_assert(all_zero(Q, n));
        free(P); free(C); free(Q);
    }
}

/* ---- bit flips: ct, tag, aad, iv ------------------------------------------ */

static void flip_everywhere(size_t ivlen)
{
    uint8_t K[32], IV[60], A[20], P[67], C[67], T[16], Q[68];
    test_rand(K, 32, "flip-k", ivlen);
    test_rand(IV, sizeof IV, "flip-iv", ivlen);
    test_rand(A, sizeof A, "flip-a", ivlen);
    test_rand(P, sizeof P, "flip-p", ivlen);
    cr_assert_eq(aes256gcm_encrypt(C, T, K, IV, ivlen, A, sizeof A, P, sizeof P), 0);
    struct { uint8_t *p; size_t n; const char *what; } fields[] = {
        {C, sizeof C, "ct"}, {T, sizeof T, "tag"}, {A, sizeof A, "aad"}, {IV, ivlen, "iv"},
    };
    int n = 0;
    for (size_t f = 0; f < 4; f++) {
        for (size_t bit = 0; bit < 8 * fields[f].n; bit++) {
            fields[f].p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            memset(Q, 0xA5, sizeof Q);
            int rc = aes256gcm_decrypt(Q, K, IV, ivlen, A, sizeof A, C, sizeof C, T);
            fields[f].p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            cr_assert_eq(rc, AES256GCM_ERR_VERIFY, "%s bit %zu accepted (iv %zu)", fields[f].what, bit, ivlen);
            cr_assert(all_zero(Q, sizeof C), "%s bit %zu: output not zeroed", fields[f].what, bit);
            cr_assert_eq(Q[sizeof C], 0xA5);
            n++;
        }
    }
    cr_assert_eq(aes256gcm_decrypt(Q, K, IV, ivlen, A, sizeof A, C, sizeof C, T), 0);
    cr_assert(memcmp(Q, P, sizeof P) == 0);
    fprintf(stderr, "gcm: iv %zu bytes: %d of %d single-bit flips rejected, output zeroed\n", ivlen, n, n);
}

Test(gcm, bit_flips_fail_and_zero_iv12) { flip_everywhere(12); }
Test(gcm, bit_flips_fail_and_zero_iv8) { flip_everywhere(8); }
Test(gcm, bit_flips_fail_and_zero_iv60) { flip_everywhere(60); }

/* ---- bad inputs: ../shared/docs/bad-inputs.md items 29-36 -------------------- */

static const uint8_t BK[32] = {1, 2, 3};
static const uint8_t BIV[12] = {9, 8, 7};

/* Item 29: tag mismatch in every form -> auth error, no plaintext released. */
Test(bad_input, item29_tag_mismatch_releases_nothing)
{
    uint8_t P[40], C[40], T[16], X[16], Q[40];
    test_rand(P, sizeof P, "i29", 0);
    cr_assert_eq(aes256gcm_encrypt(C, T, BK, BIV, 12, NULL, 0, P, sizeof P), 0);
    int n = 0;
    for (int form = 0; form < 4 + 128 + 120; form++) {
        memcpy(X, T, 16);
        if (form == 0) memset(X, 0, 16);
        else if (form == 1) memset(X, 0xff, 16);
        else if (form == 2) X[0] ^= 0x80;            /* MSB */
        else if (form == 3) X[15] ^= 0x01;           /* LSB */
        else if (form < 132) X[(form - 4) / 8] ^= (uint8_t)(1u << ((form - 4) % 8));
        else { int k = form - 132; X[k % 16] ^= 1; X[(k * 7 + 3) % 16] ^= 0x40; } /* pairs */
        if (memcmp(X, T, 16) == 0) continue;
        memset(Q, 0xA5, sizeof Q);
        cr_assert_eq(aes256gcm_decrypt(Q, BK, BIV, 12, NULL, 0, C, sizeof C, X), AES256GCM_ERR_VERIFY);
        cr_assert(all_zero(Q, sizeof Q), "form %d", form);
        n++;
    }
    /* in place: the ciphertext buffer is zeroed, no plaintext appears */
    cr_assert_eq(aes256gcm_decrypt(C, BK, BIV, 12, NULL, 0, C, sizeof C, X), AES256GCM_ERR_VERIFY);
    cr_assert(all_zero(C, sizeof C));
    fprintf(stderr, "bad_input item29: %d of %d modified tags rejected\n", n, n);
}

/* Item 30: the tag compare is constant time (tests/ct/ct_aes.c runs it
 * under valgrind with the key secret, only the 0/1 result declassified).
 * Here: the comparison helper is right for a difference in any bit. */
Test(bad_input, item30_ct_tag_compare_function)
{
    uint8_t a[16], b[16];
    test_rand(a, 16, "i30", 0);
    memcpy(b, a, 16);
    cr_assert_eq(aes_ct_differ(a, b, 16), 0);
    for (int bit = 0; bit < 128; bit++) {
        b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        cr_assert_eq(aes_ct_differ(a, b, 16), 1, "bit %d", bit);
        b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    cr_assert_eq(aes_ct_differ(a, b, 0), 0);
}

/* Item 31: only 128-bit tags exist in the API (a fixed 16-byte parameter),
 * so a shorter tag cannot be passed; a tag that matches in a prefix only
 * (what a truncated-tag check would accept) is rejected. The ciphertext is
 * separate from the tag, so "ciphertext shorter than the tag" is the
 * caller's framing; any ct length 0..n is a valid GCM input. */
Test(bad_input, item31_truncated_tag_match_rejected)
{
    uint8_t P[10], C[10], T[16], X[16], Q[10];
    test_rand(P, sizeof P, "i31", 0);
    cr_assert_eq(aes256gcm_encrypt(C, T, BK, BIV, 12, NULL, 0, P, sizeof P), 0);
    for (int keep = 4; keep < 16; keep++) {           /* first `keep` bytes right */
        memcpy(X, T, 16);
        for (int j = keep; j < 16; j++) X[j] = 0;
        if (memcmp(X, T, 16) == 0) continue;
        cr_assert_eq(aes256gcm_decrypt(Q, BK, BIV, 12, NULL, 0, C, sizeof C, X), AES256GCM_ERR_VERIFY);
    }
    /* empty ciphertext with its tag is valid; with a wrong tag it is not */
    cr_assert_eq(aes256gcm_encrypt(NULL, T, BK, BIV, 12, NULL, 0, NULL, 0), 0);
    cr_assert_eq(aes256gcm_decrypt(NULL, BK, BIV, 12, NULL, 0, NULL, 0, T), 0);
    T[5] ^= 4;
    cr_assert_eq(aes256gcm_decrypt(NULL, BK, BIV, 12, NULL, 0, NULL, 0, T), AES256GCM_ERR_VERIFY);
}

/* Item 32: a 0-byte IV is rejected (encrypt and decrypt); every other
 * length is supported through GHASH (Wycheproof SmallIv/LongIv and the
 * textbook comparison above cover 1..256 bytes); 96 bits use IV||0^31||1. */
Test(bad_input, item32_zero_length_iv_rejected_others_supported)
{
    uint8_t P[20], C[20], T[16], Q[20];
    test_rand(P, sizeof P, "i32", 0);
    memset(C, 0xA5, sizeof C);
    memset(T, 0xA5, sizeof T);
    cr_assert_eq(aes256gcm_encrypt(C, T, BK, BIV, 0, NULL, 0, P, sizeof P), AES256GCM_ERR_LENGTH);
    cr_assert(all_zero(C, sizeof C) && all_zero(T, 16));
    cr_assert_eq(aes256gcm_encrypt(C, T, BK, NULL, 12, NULL, 0, P, sizeof P), AES256GCM_ERR_NULL);
    cr_assert_eq(aes256gcm_encrypt(C, T, BK, NULL, 0, NULL, 0, P, sizeof P), AES256GCM_ERR_LENGTH);
    cr_assert_eq(aes256gcm_encrypt(C, T, BK, BIV, 12, NULL, 0, P, sizeof P), 0);
    memset(Q, 0xA5, sizeof Q);
    cr_assert_eq(aes256gcm_decrypt(Q, BK, BIV, 0, NULL, 0, C, sizeof C, T), AES256GCM_ERR_LENGTH);
    cr_assert(all_zero(Q, sizeof Q));
    /* 96-bit J0 = IV || 0^31 || 1: the first keystream block is CIPH(IV||0..02) */
    aes256_ctx ctx;
    uint8_t cb[16] = {0}, ks[16];
    memcpy(cb, BIV, 12);
    cb[15] = 2;
    aes256_init(&ctx, BK);
    aes256_encrypt_block(&ctx, ks, cb);
    aes256_wipe(&ctx);
    for (int i = 0; i < 16; i++) cr_assert_eq(C[i], P[i] ^ ks[i]);
    /* one-byte IV through GHASH, round trip */
    cr_assert_eq(aes256gcm_encrypt(C, T, BK, BIV, 1, NULL, 0, P, sizeof P), 0);
    cr_assert_eq(aes256gcm_decrypt(Q, BK, BIV, 1, NULL, 0, C, sizeof C, T), 0);
    cr_assert(memcmp(P, Q, sizeof P) == 0);
}

/* Item 33: inc_32 wraps the low 32 bits with no carry into the upper 96. */
Test(bad_input, item33_counter_wrap_no_carry)
{
    ref_init();
    uint8_t K[32], icb[16], in[16 * 6] = {0}, out[16 * 6], e[16], cb[16];
    test_rand(K, 32, "i33", 0);
    test_rand(icb, 16, "i33-icb", 0);
    icb[12] = icb[13] = icb[14] = 0xff;
    icb[15] = 0xfd;                                   /* ...fffffffd, fe, ff, 00, 01, 02 */
    aes256_ctx ctx;
    aes_ct64_init(&ctx, K);   /* the portable GCTR needs the portable key layout */
    aes_ct64_gctr(&ctx, icb, out, in, sizeof in);
    aes256_wipe(&ctx);
    for (uint32_t i = 0; i < 6; i++) {
        uint32_t c = 0xfffffffdu + i;
        memcpy(cb, icb, 12);
        cb[12] = (uint8_t)(c >> 24); cb[13] = (uint8_t)(c >> 16);
        cb[14] = (uint8_t)(c >> 8); cb[15] = (uint8_t)c;
        ref_aes256(e, K, cb);
        cr_assert(memcmp(out + 16 * i, e, 16) == 0, "block %u", i);
    }
    /* Wycheproof CounterWrap vectors run in gcm::wycheproof_aes256. */
}

/* Item 34: length limits, checked before any memory is touched. */
/* Whether a size_t length can exceed the SP 800-38D limits (LP64: yes;
 * ILP32: no, SIZE_MAX is below all of them). */
#define GCM_LIMITS_REACHABLE ((uint64_t)SIZE_MAX > AES256GCM_MAX_PT)

Test(bad_input, item34_length_limits)
{
    uint8_t buf[32] = {0}, T[16];
    const uint64_t maxpt = ((uint64_t)1 << 36) - 32;
    cr_assert_eq(AES256GCM_MAX_PT, maxpt);
    cr_assert_eq(AES256GCM_MAX_AAD, ((uint64_t)1 << 61) - 1);
    if (sizeof(size_t) >= 8) {
        size_t big = (size_t)(maxpt + 1);
        memset(T, 0xA5, 16);
        cr_assert_eq(aes256gcm_encrypt(buf, T, BK, BIV, 12, NULL, 0, buf, big), AES256GCM_ERR_LENGTH);
        cr_assert(all_zero(T, 16), "tag zeroed on error");
        cr_assert_eq(aes256gcm_decrypt(buf, BK, BIV, 12, NULL, 0, buf, big, T), AES256GCM_ERR_LENGTH);
        size_t bigaad = (size_t)(((uint64_t)1 << 61));
        cr_assert_eq(aes256gcm_encrypt(buf, T, BK, BIV, 12, buf, bigaad, buf, 1), AES256GCM_ERR_LENGTH);
        cr_assert_eq(aes256gcm_decrypt(buf, BK, BIV, 12, buf, bigaad, buf, 1, T), AES256GCM_ERR_LENGTH);
        size_t bigiv = (size_t)(((uint64_t)1 << 61));
        cr_assert_eq(aes256gcm_encrypt(buf, T, BK, buf, bigiv, NULL, 0, buf, 1), AES256GCM_ERR_LENGTH);
    }
    /* size_t overflow: nothing is added to a length, SIZE_MAX and
     * SIZE_MAX - 15 ("len + 16" would wrap) are refused as too long.
     * On ILP32 every size_t is within the limits (SIZE_MAX < 2^36 - 32):
     * no length can be refused there, and these calls would really read
     * 4 GiB, so they run only where size_t can exceed the limits. */
    if (!GCM_LIMITS_REACHABLE) {
        cr_assert((uint64_t)SIZE_MAX < AES256GCM_MAX_PT);
    } else {
        cr_assert_eq(aes256gcm_encrypt(buf, T, BK, BIV, 12, NULL, 0, buf, SIZE_MAX), AES256GCM_ERR_LENGTH);
        cr_assert_eq(aes256gcm_encrypt(buf, T, BK, BIV, 12, NULL, 0, buf, SIZE_MAX - 15), AES256GCM_ERR_LENGTH);
        cr_assert_eq(aes256gcm_decrypt(buf, BK, BIV, 12, NULL, 0, buf, SIZE_MAX - 15, T), AES256GCM_ERR_LENGTH);
        cr_assert_eq(aes256gcm_encrypt(buf, T, BK, BIV, 12, buf, SIZE_MAX, buf, 1), AES256GCM_ERR_LENGTH);
    }
    /* NULL with a nonzero length */
    cr_assert_eq(aes256gcm_encrypt(buf, T, BK, BIV, 12, NULL, 1, buf, 1), AES256GCM_ERR_NULL);
    cr_assert_eq(aes256gcm_encrypt(NULL, T, BK, BIV, 12, NULL, 0, buf, 1), AES256GCM_ERR_NULL);
    cr_assert_eq(aes256gcm_encrypt(buf, NULL, BK, BIV, 12, NULL, 0, buf, 1), AES256GCM_ERR_NULL);
    cr_assert_eq(aes256gcm_encrypt(buf, T, NULL, BIV, 12, NULL, 0, buf, 1), AES256GCM_ERR_NULL);
    cr_assert_eq(aes256gcm_decrypt(buf, BK, BIV, 12, NULL, 0, buf, 1, NULL), AES256GCM_ERR_NULL);
}

/* Item 35: empty plaintext and/or empty AAD are valid (the tag only). */
Test(bad_input, item35_empty_plaintext_and_aad)
{
    uint8_t A[5] = {1, 2, 3, 4, 5}, P[5] = {6, 7, 8, 9, 10}, C[5], T[16], Q[5];
    ref_init();
    uint8_t rc[5], rt[16];
    for (int m = 0; m < 4; m++) {
        size_t al = (m & 1) ? 5 : 0, pl = (m & 2) ? 5 : 0;
        cr_assert_eq(aes256gcm_encrypt(C, T, BK, BIV, 12, A, al, P, pl), 0);
        ref_gcm(rc, rt, BK, BIV, 12, A, al, P, pl);
        cr_assert(memcmp(T, rt, 16) == 0 && memcmp(C, rc, pl) == 0, "aad %zu pt %zu", al, pl);
        cr_assert_eq(aes256gcm_decrypt(Q, BK, BIV, 12, A, al, C, pl, T), 0);
    }
}

/* Item 36: in-place and unaligned buffers give the same result. */
Test(bad_input, item36_in_place_and_unaligned)
{
    static uint8_t P[300], C[300], T[16], big[300 + 32], T2[16];
    uint8_t K[32], IV[12], A[40];
    test_rand(K, 32, "i36", 0);
    test_rand(IV, 12, "i36", 1);
    test_rand(A, 40, "i36", 2);
    test_rand(P, 300, "i36", 3);
    cr_assert_eq(aes256gcm_encrypt(C, T, K, IV, 12, A, 40, P, 300), 0);
    for (size_t off = 1; off < 16; off++) {
        uint8_t *u = big + off;                     /* unaligned, in place */
        memcpy(u, P, 300);
        cr_assert_eq(aes256gcm_encrypt(u, T2, K, IV, 12, A, 40, u, 300), 0);
        cr_assert(memcmp(u, C, 300) == 0 && memcmp(T2, T, 16) == 0, "offset %zu", off);
        cr_assert_eq(aes256gcm_decrypt(u, K, IV, 12, A, 40, u, 300, T2), 0);
        cr_assert(memcmp(u, P, 300) == 0, "offset %zu", off);
        /* unaligned key, iv, aad and tag pointers too */
        uint8_t kb[32 + 16], ib[12 + 16], ab[40 + 16], tb[16 + 16];
        memcpy(kb + off, K, 32); memcpy(ib + off, IV, 12); memcpy(ab + off, A, 40);
        cr_assert_eq(aes256gcm_encrypt(big + 1, tb + off, kb + off, ib + off, 12, ab + off, 40, P, 300), 0);
        cr_assert(memcmp(big + 1, C, 300) == 0 && memcmp(tb + off, T, 16) == 0);
    }
}

/* API contract: every error code of aes256gcm_encrypt / aes256gcm_decrypt
 * zeroes every output it was given (tag always; ct / pt when the length is
 * within the limit), whatever the failing argument. */
Test(api, aes256gcm_encrypt_errors_zero_ct_and_tag)
{
    uint8_t P[33], C[33], T[16], A[7] = {0};
    test_rand(P, sizeof P, "api-enc", 0);
    struct { int want; const uint8_t *key, *iv; size_t ivlen; const uint8_t *aad; size_t aadlen;
             const uint8_t *pt; } cases[] = {
        {AES256GCM_ERR_NULL, NULL, BIV, 12, A, 7, P},   /* key NULL */
        {AES256GCM_ERR_NULL, BK, BIV, 12, NULL, 7, P},  /* aad NULL, aadlen 7 */
        {AES256GCM_ERR_NULL, BK, BIV, 12, A, 7, NULL},  /* pt NULL, ptlen 33 */
        {AES256GCM_ERR_NULL, BK, NULL, 12, A, 7, P},    /* iv NULL */
        {AES256GCM_ERR_LENGTH, BK, BIV, 0, A, 7, P},    /* ivlen 0 */
        {AES256GCM_ERR_LENGTH, BK, BIV, 12, A, SIZE_MAX, P},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        if (cases[k].aadlen == SIZE_MAX && !GCM_LIMITS_REACHABLE) continue;
        memset(C, 0xA5, sizeof C);
        memset(T, 0xA5, sizeof T);
        int rc = aes256gcm_encrypt(C, T, cases[k].key, cases[k].iv, cases[k].ivlen, cases[k].aad,
                                   cases[k].aadlen, cases[k].pt, sizeof P);
        cr_assert_eq(rc, cases[k].want, "case %zu: %d", k, rc);
        cr_assert(all_zero(C, sizeof C) && all_zero(T, 16), "case %zu: outputs not zeroed", k);
    }
    /* ct NULL: the tag is still zeroed; tag NULL: ct is zeroed. */
    memset(T, 0xA5, sizeof T);
    cr_assert_eq(aes256gcm_encrypt(NULL, T, BK, BIV, 12, A, 7, P, sizeof P), AES256GCM_ERR_NULL);
    cr_assert(all_zero(T, 16));
    memset(C, 0xA5, sizeof C);
    cr_assert_eq(aes256gcm_encrypt(C, NULL, BK, BIV, 12, A, 7, P, sizeof P), AES256GCM_ERR_NULL);
    cr_assert(all_zero(C, sizeof C));
}

Test(api, aes256gcm_decrypt_errors_zero_pt)
{
    uint8_t P[33], C[33], T[16], Q[33], A[7] = {0};
    test_rand(P, sizeof P, "api-dec", 0);
    cr_assert_eq(aes256gcm_encrypt(C, T, BK, BIV, 12, A, 7, P, sizeof P), 0);
    struct { int want; const uint8_t *key, *iv; size_t ivlen; const uint8_t *aad; size_t aadlen;
             const uint8_t *ct; const uint8_t *tag; } cases[] = {
        {AES256GCM_ERR_NULL, NULL, BIV, 12, A, 7, C, T},
        {AES256GCM_ERR_NULL, BK, BIV, 12, NULL, 7, C, T},
        {AES256GCM_ERR_NULL, BK, BIV, 12, A, 7, NULL, T},
        {AES256GCM_ERR_NULL, BK, BIV, 12, A, 7, C, NULL},
        {AES256GCM_ERR_NULL, BK, NULL, 12, A, 7, C, T},
        {AES256GCM_ERR_LENGTH, BK, BIV, 0, A, 7, C, T},
        {AES256GCM_ERR_LENGTH, BK, BIV, 12, A, SIZE_MAX, C, T},
        {AES256GCM_ERR_VERIFY, BK, BIV, 12, A, 6, C, T},  /* other AAD */
        {AES256GCM_ERR_VERIFY, BK, BIV, 11, A, 7, C, T},  /* other IV length */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        if (cases[k].aadlen == SIZE_MAX && !GCM_LIMITS_REACHABLE) continue;
        memset(Q, 0xA5, sizeof Q);
        int rc = aes256gcm_decrypt(Q, cases[k].key, cases[k].iv, cases[k].ivlen, cases[k].aad,
                                   cases[k].aadlen, cases[k].ct, sizeof C, cases[k].tag);
        cr_assert_eq(rc, cases[k].want, "case %zu: %d", k, rc);
        cr_assert(all_zero(Q, sizeof Q), "case %zu: pt not zeroed", k);
    }
    cr_assert_eq(aes256gcm_decrypt(Q, BK, BIV, 12, A, 7, C, sizeof C, T), 0);
    cr_assert(memcmp(P, Q, sizeof P) == 0);
}
