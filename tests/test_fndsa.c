/*
 * test_fndsa.c -- Falcon-512 (round 3, spec v1.2): the official known
 * answers, round trips, bit flips and every Falcon item (21-28) of
 * ../shared/docs/bad-inputs.md.
 *
 * KAT: `genkat fndsa512` output (kat/genkat_fndsa.c) must be the official
 * falcon512-KAT.rsp byte for byte: the digests are checked without the
 * file (LF-normalised SHA-256 dd75c946..., count-0 record da27fe8a...),
 * and the record-by-record comparison with the file names the first
 * differing count and field.
 *
 * Why one file (1,100 lines): a Criterion suite is one tests/test_*.c and
 * one binary (Makefile); the KAT reader (with its own SHA-256) and the key
 * and signature fixtures serve every test in it.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../fndsa/fndsa512.h"
#include "../fndsa/inner.h"
#include "../kat/drbg.h"
#include "../kat/genkat.h"
#include "../kat/genkat_fndsa.h"
#include "vectors.h"

/* ---------------------------------------------------------------------
 * A small SHA-256 (FIPS 180-4) for the self-contained digest checks.
 * --------------------------------------------------------------------- */
typedef struct {
    uint32_t h[8];
    uint8_t buf[64];
    uint64_t len;
} t_sha256;

static uint32_t ror(uint32_t x, int k) { return (x >> k) | (x << (32 - k)); }

static void t_sha256_block(t_sha256 *c, const uint8_t *p)
{
    static const uint32_t K[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
    };
    uint32_t w[64], a[8];
    for (int i = 0; i < 16; i++) {
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(a, c->h, sizeof a);
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = a[7] + (ror(a[4], 6) ^ ror(a[4], 11) ^ ror(a[4], 25)) + ((a[4] & a[5]) ^ (~a[4] & a[6])) + K[i] + w[i];
        uint32_t t2 = (ror(a[0], 2) ^ ror(a[0], 13) ^ ror(a[0], 22)) + ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]));
        memmove(a + 1, a, 7 * sizeof a[0]);
        a[4] += t1;
        a[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++) c->h[i] += a[i];
}

static void t_sha256_init(t_sha256 *c)
{
    static const uint32_t H0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memcpy(c->h, H0, sizeof H0);
    c->len = 0;
}

static void t_sha256_update(t_sha256 *c, const void *data, size_t n)
{
    const uint8_t *p = data;
    while (n--) {
        c->buf[c->len++ % 64] = *p++;
        if (c->len % 64 == 0) t_sha256_block(c, c->buf);
    }
}

static void t_sha256_hex(t_sha256 *c, char out[65])
{
    uint64_t bits = c->len * 8;
    uint8_t b = 0x80;
    t_sha256_update(c, &b, 1);
    b = 0;
    while (c->len % 64 != 56) t_sha256_update(c, &b, 1);
    for (int i = 7; i >= 0; i--) { b = (uint8_t)(bits >> (8 * i)); t_sha256_update(c, &b, 1); }
    for (int i = 0; i < 8; i++) sprintf(out + 8 * i, "%08x", c->h[i]);
}

Test(fndsa, sha256_selftest)
{
    t_sha256 c;
    char hex[65];
    t_sha256_init(&c);
    t_sha256_update(&c, "abc", 3);
    t_sha256_hex(&c, hex);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* ---------------------------------------------------------------------
 * Helpers.
 * --------------------------------------------------------------------- */
static void unhex_to(uint8_t *out, size_t n, const char *hex)
{
    cr_assert(hex != NULL);
    cr_assert_eq(hex_decode(out, n, hex), (long)n);
}

/* A key pair and a padded signature from test randomness. */
static void make_key(uint8_t *pk, uint8_t *sk, uint64_t n)
{
    uint8_t seed[48];
    test_rand(seed, sizeof seed, "fndsa keygen", n);
    cr_assert_eq(fndsa512_keypair_derand(pk, sk, seed), 0);
}

static void make_sig(uint8_t *sig, const uint8_t *m, size_t mlen, const uint8_t *sk, uint64_t n)
{
    uint8_t r[88];
    test_rand(r, sizeof r, "fndsa sign", n);
    cr_assert_eq(fndsa512_sign_derand(sig, m, mlen, r, r + 40, sk), 0);
}

/* The official record i (count i) fields, read once. */
typedef struct {
    uint8_t pk[897], sk[1281];
    uint8_t *msg, *sm;
    size_t mlen, smlen;
} kat_rec;

static int load_kat(kat_rec *recs)
{
    FILE *f = kat_open("fndsa/falcon512-KAT.rsp");
    kat_record r;
    int n = 0;
    if (f == NULL) return 0;
    while (n < GENKAT_COUNT && kat_next(f, &r)) {
        if (kat_get(&r, "sm") == NULL) { kat_record_free(&r); continue; }
        unhex_to(recs[n].pk, 897, kat_get(&r, "pk"));
        unhex_to(recs[n].sk, 1281, kat_get(&r, "sk"));
        recs[n].msg = hex_alloc(kat_get(&r, "msg"), &recs[n].mlen);
        recs[n].sm = hex_alloc(kat_get(&r, "sm"), &recs[n].smlen);
        kat_record_free(&r);
        n++;
    }
    fclose(f);
    return n;
}

/* Detached compressed signature (0x39 || nonce || comp s2) from an sm. */
static size_t sm_to_sig(uint8_t *sig, const kat_rec *k)
{
    size_t L = (size_t)k->sm[0] << 8 | k->sm[1];
    sig[0] = 0x39;
    memcpy(sig + 1, k->sm + 2, 40);
    memcpy(sig + 41, k->sm + 2 + 40 + k->mlen + 1, L - 1);
    return 40 + L;
}

/* ---------------------------------------------------------------------
 * Known answers.
 * --------------------------------------------------------------------- */

/* The whole .rsp: digests (self-contained), then record by record. */
Test(fndsa, kat_genkat_full_rsp)
{
    FILE *t = tmpfile();
    cr_assert_not_null(t);
    cr_assert_eq(genkat_fndsa512_write(t, 0, GENKAT_COUNT), 0);
    long len = ftell(t);
    cr_assert(len > 0);
    char *out = malloc((size_t)len + 1);
    rewind(t);
    cr_assert_eq(fread(out, 1, (size_t)len, t), (size_t)len);
    out[len] = 0;

    /* 1. LF-normalised SHA-256 of the whole file */
    t_sha256 c;
    char hex[65];
    t_sha256_init(&c);
    t_sha256_update(&c, out, (size_t)len);
    t_sha256_hex(&c, hex);
    cr_expect_str_eq(hex, "dd75c946fdedef4ec46a2bee7e10c65c9126f1a839b9ced6921fd45f7354b5cd",
                     "whole-file digest differs");

    /* 2. count-0 record = lines 3..10 (PQClean's nistkat digest) */
    const char *p = out;
    for (int i = 0; i < 2; i++) p = strchr(p, '\n') + 1;
    const char *e = p;
    for (int i = 0; i < 8; i++) e = strchr(e, '\n') + 1;
    t_sha256_init(&c);
    t_sha256_update(&c, p, (size_t)(e - p));
    t_sha256_hex(&c, hex);
    cr_expect_str_eq(hex, "da27fe8a462de7307ddf1f9b00072a457d9c5b14e838c148fbe2662094b9a2ca",
                     "count-0 record digest differs");

    /* 3. record by record against the official file */
    FILE *ref = kat_open("fndsa/falcon512-KAT.rsp");
    if (ref != NULL) {
        rewind(t);
        kat_record a, b;
        int n = 0;
        while (kat_next(ref, &b)) {
            cr_assert(kat_next(t, &a), "generated file ends before count %d", n);
            cr_assert_eq(a.n, b.n, "count %d: field count differs", n);
            for (int i = 0; i < b.n; i++) {
                cr_assert_str_eq(a.key[i], b.key[i], "count %d: field %d name", n, i);
                cr_assert(strcmp(a.val[i], b.val[i]) == 0,
                          "first difference: count %d, field %s", n, b.key[i]);
            }
            kat_record_free(&a);
            kat_record_free(&b);
            n++;
        }
        fclose(ref);
        cr_assert_eq(n, GENKAT_COUNT);
        fprintf(stderr, "fndsa: falcon512-KAT.rsp %d of %d records pass (keygen + sign)\n", n,
                GENKAT_COUNT);
    }
    fclose(t);
    free(out);
}

/*
 * Signing alone, with the official secret keys and the DRBG drawn as in
 * the .rsp (48 bytes for keygen skipped, then nonce 40, then seed 48);
 * and the official signatures verify (compressed and, re-padded, padded).
 */
Test(fndsa, kat_sign_and_verify_with_official_keys)
{
    static kat_rec k[GENKAT_COUNT];
    static uint8_t seeds[GENKAT_COUNT][GENKAT_SEEDBYTES];
    static uint8_t msgs[GENKAT_MSG_TOTAL];
    int n = load_kat(k), pass = 0;
    if (n == 0) return;
    cr_assert_eq(n, GENKAT_COUNT);
    genkat_sign_seeds(seeds, msgs);
    for (int i = 0; i < n; i++) {
        uint8_t skip[48], nonce[40], rs[48], sig[752], want[752], pad[666];
        size_t siglen;
        randombytes_init(seeds[i], NULL, 256);
        randombytes(skip, 48);
        randombytes(nonce, 40);
        randombytes(rs, 48);
        cr_assert_eq(fndsa512_sign_compressed_derand(sig, &siglen, k[i].msg, k[i].mlen, nonce, rs,
                                                     k[i].sk), 0);
        size_t wl = sm_to_sig(want, &k[i]);
        cr_assert_eq(siglen, wl, "count %d: signature length", i);
        cr_assert(memcmp(sig, want, wl) == 0, "count %d: signature differs", i);
        cr_assert_eq(fndsa512_verify_compressed(want, wl, k[i].msg, k[i].mlen, k[i].pk), 0,
                     "count %d: official signature rejected", i);
        if (wl <= 666) {
            memset(pad, 0, sizeof pad);
            memcpy(pad, want, wl);
            cr_assert_eq(fndsa512_verify(pad, 666, k[i].msg, k[i].mlen, k[i].pk), 0);
        }
        pass++;
    }
    for (int i = 0; i < n; i++) { free(k[i].msg); free(k[i].sm); }
    fprintf(stderr, "fndsa: sign with official keys %d of %d records pass\n", pass, n);
}

/* Every padded signature produced verifies; keys and signatures are
 * deterministic in the seeds. */
Test(fndsa, padded_signatures_verify)
{
    static uint8_t pk[897], sk[1281], pk2[897], sk2[1281], sig[666], sig2[666];
    int count = 0;
    for (uint64_t kk = 0; kk < 3; kk++) {
        make_key(pk, sk, kk);
        make_key(pk2, sk2, kk);
        cr_assert(memcmp(pk, pk2, 897) == 0 && memcmp(sk, sk2, 1281) == 0);
        cr_assert_eq(pk[0], 0x09);
        cr_assert_eq(sk[0], 0x59);
        cr_assert_eq(fndsa512_check_pk(pk, sizeof pk), 0);
        for (uint64_t j = 0; j < 10; j++) {
            uint8_t m[200];
            size_t mlen = (size_t)(j * 19);
            test_rand(m, sizeof m, "fndsa msg", j);
            make_sig(sig, m, mlen, sk, kk * 100 + j);
            make_sig(sig2, m, mlen, sk, kk * 100 + j);
            cr_assert(memcmp(sig, sig2, 666) == 0);
            cr_assert_eq(sig[0], 0x39);
            cr_assert_eq(fndsa512_verify(sig, 666, m, mlen, pk), 0, "key %d msg %d", (int)kk, (int)j);
            count++;
        }
    }
    /* the randomised API too */
    uint8_t m[5] = "hello";
    cr_assert_eq(fndsa512_keypair(pk, sk), 0);
    cr_assert_eq(fndsa512_sign(sig, m, 5, sk), 0);
    cr_assert_eq(fndsa512_verify(sig, 666, m, 5, pk), 0);
    size_t sl;
    uint8_t cs[752];
    cr_assert_eq(fndsa512_sign_compressed(cs, &sl, m, 5, sk), 0);
    cr_assert_eq(fndsa512_verify_compressed(cs, sl, m, 5, pk), 0);
    fprintf(stderr, "fndsa: %d of %d padded signatures verify\n", count, count);
}

/* Flipping any bit of the signature, of the message or of the key makes
 * verification fail. */
Test(fndsa, bit_flips_fail)
{
    static uint8_t pk[897], sk[1281], sig[666];
    uint8_t m[33];
    test_rand(m, sizeof m, "fndsa flip msg", 0);
    make_key(pk, sk, 7);
    make_sig(sig, m, sizeof m, sk, 7);
    cr_assert_eq(fndsa512_verify(sig, 666, m, sizeof m, pk), 0);
    long tried = 0;
    for (size_t i = 0; i < 666 * 8; i++) {
        sig[i / 8] ^= (uint8_t)(1u << (i % 8));
        cr_assert_neq(fndsa512_verify(sig, 666, m, sizeof m, pk), 0, "sig bit %zu", i);
        sig[i / 8] ^= (uint8_t)(1u << (i % 8));
        tried++;
    }
    for (size_t i = 0; i < sizeof m * 8; i++) {
        m[i / 8] ^= (uint8_t)(1u << (i % 8));
        cr_assert_neq(fndsa512_verify(sig, 666, m, sizeof m, pk), 0, "msg bit %zu", i);
        m[i / 8] ^= (uint8_t)(1u << (i % 8));
        tried++;
    }
    for (size_t i = 0; i < 897 * 8; i++) {
        pk[i / 8] ^= (uint8_t)(1u << (i % 8));
        cr_assert_neq(fndsa512_verify(sig, 666, m, sizeof m, pk), 0, "pk bit %zu", i);
        pk[i / 8] ^= (uint8_t)(1u << (i % 8));
        tried++;
    }
    cr_assert_eq(fndsa512_verify(sig, 666, m, sizeof m, pk), 0);
    fprintf(stderr, "fndsa: %ld of %ld bit flips rejected\n", tried, tried);
}

/* ---------------------------------------------------------------------
 * Bad inputs (../shared/docs/bad-inputs.md, Falcon items 21-28).
 * --------------------------------------------------------------------- */

/* 21. pk length != 897 or header != 0x09 -> reject. */
Test(fndsa, item21_pk_length_and_header)
{
    static uint8_t pk[898], sk[1281], sig[666];
    uint8_t m[3] = "abc";
    make_key(pk, sk, 21);
    make_sig(sig, m, 3, sk, 21);
    pk[897] = 0;
    cr_assert_eq(fndsa512_check_pk(pk, 897), 0);
    cr_assert_eq(fndsa512_check_pk(pk, 896), FNDSA512_ERR_LENGTH);
    cr_assert_eq(fndsa512_check_pk(pk, 898), FNDSA512_ERR_LENGTH, "one trailing zero byte");
    cr_assert_eq(fndsa512_check_pk(pk, 0), FNDSA512_ERR_LENGTH);
    static const uint8_t bad_hdr[] = { 0x00, 0x08, 0x0A, 0x19, 0x89, 0x39, 0x59, 0xFF };
    for (size_t i = 0; i < sizeof bad_hdr; i++) {
        uint8_t h = pk[0];
        pk[0] = bad_hdr[i];
        cr_assert_eq(fndsa512_check_pk(pk, 897), FNDSA512_ERR_PK);
        cr_assert_eq(fndsa512_verify(sig, 666, m, 3, pk), FNDSA512_ERR_PK, "header %02x", bad_hdr[i]);
        pk[0] = h;
    }
    cr_assert_eq(fndsa512_verify(sig, 666, m, 3, pk), 0);
}

/* 22. Any 14-bit pk coefficient >= 12289 -> reject. */
Test(fndsa, item22_pk_coefficient_ge_q)
{
    static uint8_t pk[897], sk[1281], sig[666];
    uint8_t m[3] = "abc";
    uint16_t h[512];
    make_key(pk, sk, 22);
    make_sig(sig, m, 3, sk, 22);
    cr_assert_eq(fndsa_modq_decode(h, 9, pk + 1, 896), 896);
    static const uint16_t badv[] = { 12289, 12290, 16383 };
    static const size_t pos[] = { 0, 1, 255, 511 };
    for (size_t a = 0; a < 3; a++) {
        for (size_t b = 0; b < 4; b++) {
            uint8_t bad[897];
            /* re-pack by hand: 14 bits per value, big-endian bit order */
            uint16_t hv[512];
            memcpy(hv, h, sizeof hv);
            hv[pos[b]] = badv[a];
            memset(bad, 0, sizeof bad);
            bad[0] = 0x09;
            for (size_t i = 0; i < 512; i++) {
                for (int k = 0; k < 14; k++) {
                    size_t bit = i * 14 + (size_t)k;
                    if ((hv[i] >> (13 - k)) & 1) bad[1 + bit / 8] |= (uint8_t)(0x80 >> (bit % 8));
                }
            }
            cr_assert_neq(fndsa512_check_pk(bad, 897), 0);
            cr_assert_neq(fndsa512_verify(sig, 666, m, 3, bad), 0);
        }
    }
    /* 12288 = q - 1 is valid */
    h[3] = 12288;
    uint8_t ok[897];
    ok[0] = 0x09;
    cr_assert_eq(fndsa_modq_encode(ok + 1, 896, h, 9), 896);
    cr_assert_eq(fndsa512_check_pk(ok, 897), 0);
}

/* 23. sig header != 0x39, other degree, lengths. */
Test(fndsa, item23_sig_header_and_length)
{
    static uint8_t pk[897], sk[1281], sig[666], cs[800];
    uint8_t m[3] = "abc";
    size_t cl;
    make_key(pk, sk, 23);
    make_sig(sig, m, 3, sk, 23);
    cr_assert_eq(fndsa512_sign_compressed_derand(cs, &cl, m, 3, sig + 1, sig + 1, sk), 0);
    cr_assert_eq(fndsa512_verify_compressed(cs, cl, m, 3, pk), 0);
    static const uint8_t bad_hdr[] = { 0x3A, 0x29, 0x2A, 0x30, 0x38, 0x59, 0x09, 0xB9, 0x00 };
    for (size_t i = 0; i < sizeof bad_hdr; i++) {
        uint8_t h = sig[0];
        sig[0] = bad_hdr[i];
        cs[0] = bad_hdr[i];
        cr_assert_neq(fndsa512_verify(sig, 666, m, 3, pk), 0, "header %02x", bad_hdr[i]);
        cr_assert_neq(fndsa512_verify_compressed(cs, cl, m, 3, pk), 0);
        sig[0] = h;
        cs[0] = h;
    }
    /* a 1024 public key header (0x0A) with a 512 signature */
    pk[0] = 0x0A;
    cr_assert_neq(fndsa512_verify(sig, 666, m, 3, pk), 0);
    pk[0] = 0x09;
    /* lengths: padded exactly 666; compressed at least 42, at most 752 */
    for (size_t l = 0; l <= 41; l++) {
        cr_assert_neq(fndsa512_verify_compressed(cs, l, m, 3, pk), 0);
        cr_assert_neq(fndsa512_verify(sig, l, m, 3, pk), 0);
    }
    cr_assert_neq(fndsa512_verify(sig, 665, m, 3, pk), 0);
    static uint8_t big[800];
    memcpy(big, sig, 666);
    cr_assert_neq(fndsa512_verify(big, 667, m, 3, pk), 0);
    memset(big, 0, sizeof big);
    memcpy(big, cs, cl);
    cr_assert_neq(fndsa512_verify_compressed(big, 753, m, 3, pk), 0);
    cr_assert_neq(fndsa512_verify_compressed(big, 800, m, 3, pk), 0);
    cr_assert_eq(fndsa512_verify(sig, 666, m, 3, pk), 0);
}

/* 24. comp_decode strictness. Small degree (logn = 1, two values) for
 * hand-made encodings: each value is sign(1) low7(7) unary(high zeros, 1). */
Test(fndsa, item24_comp_decode_strict)
{
    int16_t x[2];
    /* valid: (0, 0) = 0 0000000 1 | 0 0000000 1 | 000000 padding */
    const uint8_t ok0[] = { 0x00, 0x80, 0x40 };
    cr_assert_eq(fndsa_comp_decode(x, 1, ok0, 3), 3);
    cr_assert(x[0] == 0 && x[1] == 0);
    /* valid extreme 2047 = 127 + 15*128: 0 1111111 then 15 zeros then 1 */
    {
        const int16_t v[2] = { 2047, -2047 };
        uint8_t enc[16];
        size_t n = fndsa_comp_encode(enc, sizeof enc, v, 1);
        cr_assert(n > 0);
        cr_assert_eq(fndsa_comp_decode(x, 1, enc, n), n);
        cr_assert(x[0] == 2047 && x[1] == -2047);
        const int16_t w[2] = { 2048, 0 };
        cr_assert_eq(fndsa_comp_encode(enc, sizeof enc, w, 1), 0);
    }
    /* magnitude > 2047: 127 + 16*128 (unary run too long) */
    const uint8_t big[] = { 0x7F, 0x00, 0x00, 0x80, 0x00, 0x40, 0x00 };
    cr_assert_eq(fndsa_comp_decode(x, 1, big, sizeof big), 0);
    /* "-0": sign 1, value 0 */
    const uint8_t m0[] = { 0x80, 0x80, 0x40 };
    cr_assert_eq(fndsa_comp_decode(x, 1, m0, sizeof m0), 0);
    /* "+0" in the same place is fine */
    const uint8_t p0[] = { 0x00, 0x80, 0x40 };
    cr_assert_eq(fndsa_comp_decode(x, 1, p0, 3), 3);
    const uint8_t p1[] = { 0x01, 0x80, 0x40 };  /* (+1, 0) */
    cr_assert_eq(fndsa_comp_decode(x, 1, p1, 3), 3);
    cr_assert(x[0] == 1 && x[1] == 0);
    /* non-zero unused bits in the last byte */
    for (int b = 0; b < 6; b++) {
        uint8_t t[3] = { 0x00, 0x80, (uint8_t)(0x40 | (1u << b)) };
        cr_assert_eq(fndsa_comp_decode(x, 1, t, 3), 0, "padding bit %d", b);
    }
    /* input exhausted before all coefficients */
    cr_assert_eq(fndsa_comp_decode(x, 1, ok0, 2), 0);
    cr_assert_eq(fndsa_comp_decode(x, 1, ok0, 1), 0);
    cr_assert_eq(fndsa_comp_decode(x, 1, ok0, 0), 0);

    /* trailing bytes: compressed -> reject; padded -> only zeros allowed */
    static uint8_t pk[897], sk[1281], sig[666], cs[800];
    uint8_t m[3] = "abc";
    size_t cl;
    make_key(pk, sk, 24);
    make_sig(sig, m, 3, sk, 24);
    cr_assert_eq(fndsa512_sign_compressed_derand(cs, &cl, m, 3, sig + 1, sig + 1, sk), 0);
    cs[cl] = 0;
    cr_assert_neq(fndsa512_verify_compressed(cs, cl + 1, m, 3, pk), 0, "trailing zero byte");
    cr_assert_neq(fndsa512_verify_compressed(cs, cl - 1, m, 3, pk), 0, "truncated");
    cr_assert_eq(fndsa512_verify_compressed(cs, cl, m, 3, pk), 0);
    /* padded: find the end of comp(s2) and set a padding byte */
    int16_t s2[512];
    size_t v = fndsa_comp_decode(s2, 9, sig + 41, 666 - 41);
    cr_assert(v > 0 && 41 + v < 666);
    sig[41 + v] = 0x01;
    cr_assert_neq(fndsa512_verify(sig, 666, m, 3, pk), 0, "non-zero padding");
    sig[41 + v] = 0;
    sig[665] = 0x80;
    cr_assert_neq(fndsa512_verify(sig, 666, m, 3, pk), 0, "non-zero last padding byte");
    sig[665] = 0;
    cr_assert_eq(fndsa512_verify(sig, 666, m, 3, pk), 0);
}

/* 25. Norm bound 34034726, inclusive, no overflow. */
Test(fndsa, item25_norm_bound)
{
    static int16_t s1[512], s2[512];
    /* 8 * 2047^2 + 716^2 + 19^2 + 6^2 + 1^2 = 34034726 */
    memset(s1, 0, sizeof s1);
    memset(s2, 0, sizeof s2);
    for (int i = 0; i < 8; i++) s1[i] = (int16_t)(i & 1 ? -2047 : 2047);
    s2[0] = 716; s2[1] = -19; s2[2] = 6; s2[3] = 1;
    cr_assert_eq(fndsa_is_short(s1, s2, 9), 1, "exactly the bound must pass");
    uint32_t sq = 8u * 2047u * 2047u;
    cr_assert_eq(fndsa_is_short_half(sq, s2, 9), 1);
    s2[4] = 1;
    cr_assert_eq(fndsa_is_short(s1, s2, 9), 0, "bound + 1 must fail");
    cr_assert_eq(fndsa_is_short_half(sq, s2, 9), 0);
    /* overflow: every value large (sum > 2^32) must not wrap to small */
    for (int i = 0; i < 512; i++) { s1[i] = 32767; s2[i] = -32767; }
    cr_assert_eq(fndsa_is_short(s1, s2, 9), 0);
    cr_assert_eq(fndsa_is_short_half(0x7FFFFFFFu, s2, 9), 0);
    cr_assert_eq(fndsa_is_short_half(0xFFFFFFFFu, s2, 9), 0);
    /* through verify: a valid signature with s2 pushed toward large values */
    static uint8_t pk[897], sk[1281], sig[666], bad[666];
    uint8_t m[3] = "abc";
    make_key(pk, sk, 25);
    make_sig(sig, m, 3, sk, 25);
    cr_assert(fndsa_comp_decode(s2, 9, sig + 41, 625) > 0);
    for (int i = 0; i < 512; i += 64) {
        s2[i] = (int16_t)(s2[i] > 0 ? 2047 : -2047);
        memcpy(bad, sig, 41);
        memset(bad + 41, 0, 625);
        size_t v = fndsa_comp_encode(bad + 41, 625, s2, 9);
        if (v == 0) break;
        cr_assert_neq(fndsa512_verify(bad, 666, m, 3, pk), 0);
    }
}

/* 26. sk decode: header, forbidden minimum values, non-invertible f. */
Test(fndsa, item26_secret_key_decode)
{
    static uint8_t pk[897], sk[1281], bad[1281], sig[666];
    uint8_t m[3] = "abc", r[88] = { 0 };
    make_key(pk, sk, 26);
    cr_assert_eq(fndsa512_sign_derand(sig, m, 3, r, r + 40, sk), 0);
    static const uint8_t hdr[] = { 0x50, 0x58, 0x5A, 0x09, 0x39, 0xD9 };
    for (size_t i = 0; i < sizeof hdr; i++) {
        memcpy(bad, sk, sizeof bad);
        bad[0] = hdr[i];
        memset(sig, 0xAA, sizeof sig);
        cr_assert_eq(fndsa512_sign_derand(sig, m, 3, r, r + 40, bad), FNDSA512_ERR_SK);
        for (size_t j = 0; j < 666; j++) cr_assert_eq(sig[j], 0, "output not zeroed");
    }
    /* f[0] = -32 (6 bits 100000), g[0] = -32, F[0] = -128 */
    static const size_t off[] = { 1, 1 + 384, 1 + 384 + 384 };
    static const uint8_t top[] = { 0x80, 0x80, 0x80 };
    static const uint8_t keep[] = { 0x03, 0x03, 0x00 };
    for (int i = 0; i < 3; i++) {
        memcpy(bad, sk, sizeof bad);
        bad[off[i]] = (uint8_t)((bad[off[i]] & keep[i]) | top[i]);
        memset(sig, 0xAA, sizeof sig);
        cr_assert_eq(fndsa512_sign_derand(sig, m, 3, r, r + 40, bad), FNDSA512_ERR_SK, "field %d", i);
        for (size_t j = 0; j < 666; j++) cr_assert_eq(sig[j], 0);
    }
    /* f = 0: not invertible mod q -> error, no signature */
    memcpy(bad, sk, sizeof bad);
    memset(bad + 1, 0, 384);
    memset(sig, 0xAA, sizeof sig);
    cr_assert_eq(fndsa512_sign_derand(sig, m, 3, r, r + 40, bad), FNDSA512_ERR_SK);
    for (size_t j = 0; j < 666; j++) cr_assert_eq(sig[j], 0);
    /* a changed F gives a G outside [-127, 127] -> error */
    memcpy(bad, sk, sizeof bad);
    bad[1 + 384 + 384 + 10] ^= 0x11;
    cr_assert_eq(fndsa512_sign_derand(sig, m, 3, r, r + 40, bad), FNDSA512_ERR_SK);
    cr_assert_eq(fndsa512_sign_derand(sig, m, 3, r, r + 40, sk), 0);
}

/* 27. Canonicity: re-encoding an accepted signature / public key gives
 * the same bytes (the fuzz oracle, here on the official vectors). */
Test(fndsa, item27_reencode_roundtrip)
{
    static kat_rec k[GENKAT_COUNT];
    int n = load_kat(k);
    for (int i = 0; i < n; i++) {
        uint8_t sig[752], enc[752], pke[896];
        int16_t s2[512];
        uint16_t h[512];
        size_t wl = sm_to_sig(sig, &k[i]);
        cr_assert_eq(fndsa512_verify_compressed(sig, wl, k[i].msg, k[i].mlen, k[i].pk), 0);
        size_t v = fndsa_comp_decode(s2, 9, sig + 41, wl - 41);
        cr_assert_eq(v, wl - 41);
        cr_assert_eq(fndsa_comp_encode(enc, sizeof enc, s2, 9), v);
        cr_assert(memcmp(enc, sig + 41, v) == 0, "count %d: s2 re-encoding differs", i);
        cr_assert_eq(fndsa_modq_decode(h, 9, k[i].pk + 1, 896), 896);
        cr_assert_eq(fndsa_modq_encode(pke, sizeof pke, h, 9), 896);
        cr_assert(memcmp(pke, k[i].pk + 1, 896) == 0);
        free(k[i].msg);
        free(k[i].sm);
    }
}

/* 28. Target: round-3 Falcon-512 (spec v1.2): hash-to-point is
 * SHAKE256(nonce || message), no public-key hash, no context. Checked by
 * hashing the official count-0 message. */
Test(fndsa, item28_target_round3_hash_to_point)
{
    static kat_rec k[GENKAT_COUNT];
    int n = load_kat(k);
    if (n == 0) return;
    uint16_t c[512], c2[512];
    const uint8_t *nonce = k[0].sm + 2;
    fndsa_hash_message(c, nonce, k[0].msg, k[0].mlen);
    sha3_ctx sc;
    shake256_init(&sc);
    sha3_absorb(&sc, nonce, 40);
    sha3_absorb(&sc, k[0].msg, k[0].mlen);
    shake_finalize(&sc);
    fndsa_hash_to_point(c2, &sc, 9);
    sha3_wipe(&sc);
    cr_assert(memcmp(c, c2, sizeof c) == 0);
    for (int i = 0; i < 512; i++) cr_assert(c[i] < 12289);
    uint8_t sig[752];
    size_t wl = sm_to_sig(sig, &k[0]);
    cr_assert_eq(fndsa512_verify_compressed(sig, wl, k[0].msg, k[0].mlen, k[0].pk), 0);
    for (int i = 0; i < n; i++) { free(k[i].msg); free(k[i].sm); }
}

/* The integer-emulated binary64 against the FPU (sqrt exhaustively was
 * compared with libm sqrt on millions of operands during development) (when the build's double
 * is IEEE-754 binary64 with round-to-nearest, as on x86-64 and AArch64). */
Test(fndsa, fpr_matches_binary64)
{
    uint64_t s = 0x9E3779B97F4A7C15u;
    int n = 0;
    for (int it = 0; it < 200000; it++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        uint64_t a = s;
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        uint64_t b = s;
        /* normal operands with moderate exponents */
        a = (a & 0x800FFFFFFFFFFFFFu) | ((uint64_t)(1023 - 60 + (int)((a >> 52) % 120)) << 52);
        b = (b & 0x800FFFFFFFFFFFFFu) | ((uint64_t)(1023 - 60 + (int)((b >> 52) % 120)) << 52);
        double x, y, r;
        memcpy(&x, &a, 8);
        memcpy(&y, &b, 8);
        uint64_t want;
        r = x + y; memcpy(&want, &r, 8); cr_assert_eq(fpr_add(a, b), want);
        r = x * y; memcpy(&want, &r, 8); cr_assert_eq(fpr_mul(a, b), want);
        r = x / y; memcpy(&want, &r, 8); cr_assert_eq(fpr_div(a, b), want);
        /* sqrt: r = fpr_sqrt(|a|) is correctly rounded iff r^2 is the
         * closest square; check r*r rounds back to |a| within one ulp */
        uint64_t aa = a & 0x7FFFFFFFFFFFFFFFu, q = fpr_sqrt(aa);
        double rq, sq;
        memcpy(&rq, &q, 8);
        sq = rq * rq;
        uint64_t sqb;
        memcpy(&sqb, &sq, 8);
        cr_assert(sqb + 1 >= aa && sqb <= aa + 1);
        n++;
    }
    fprintf(stderr, "fndsa: fpr %d of %d random add/mul/div/sqrt match binary64\n", n, n);
}

/* The expanded-key path gives the same signatures as the dynamic one
 * (official keys and DRBG draws, then fresh keys). */
Test(fndsa, expanded_key_signatures_equal_dynamic)
{
    static kat_rec k[GENKAT_COUNT];
    static uint8_t seeds[GENKAT_COUNT][GENKAT_SEEDBYTES];
    static uint8_t msgs[GENKAT_MSG_TOTAL];
    static fndsa512_expanded_key ek;
    static uint8_t a[666], b[666], pk[897], sk[1281];
    int n = load_kat(k), same = 0, total = 0;
    if (n > 0) {
        genkat_sign_seeds(seeds, msgs);
        for (int i = 0; i < n; i += 5) {
            uint8_t skip[48], nonce[40], rs[48];
            randombytes_init(seeds[i], NULL, 256);
            randombytes(skip, 48);
            randombytes(nonce, 40);
            randombytes(rs, 48);
            cr_assert_eq(fndsa512_expand_sk(&ek, k[i].sk), 0);
            int ra = fndsa512_sign_derand(a, k[i].msg, k[i].mlen, nonce, rs, k[i].sk);
            int rb = fndsa512_sign_expanded_derand(b, k[i].msg, k[i].mlen, nonce, rs, &ek);
            cr_assert_eq(ra, rb);
            cr_assert(memcmp(a, b, 666) == 0, "count %d: expanded-key signature differs", i);
            cr_assert_eq(fndsa512_verify(b, 666, k[i].msg, k[i].mlen, k[i].pk), 0);
            same++;
            total++;
        }
        for (int i = 0; i < n; i++) { free(k[i].msg); free(k[i].sm); }
    }
    make_key(pk, sk, 99);
    cr_assert_eq(fndsa512_expand_sk(&ek, sk), 0);
    for (uint64_t j = 0; j < 5; j++) {
        uint8_t m[50];
        test_rand(m, sizeof m, "fndsa ek msg", j);
        make_sig(a, m, sizeof m, sk, 500 + j);
        uint8_t r[88];
        test_rand(r, sizeof r, "fndsa sign", 500 + j);
        cr_assert_eq(fndsa512_sign_expanded_derand(b, m, sizeof m, r, r + 40, &ek), 0);
        cr_assert(memcmp(a, b, 666) == 0);
        same++;
        total++;
    }
    /* a bad key is refused and the expanded key zeroed */
    sk[0] = 0x5A;
    cr_assert_eq(fndsa512_expand_sk(&ek, sk), FNDSA512_ERR_SK);
    for (size_t i = 0; i < FNDSA512_EXPANDEDKEY_WORDS; i++) cr_assert_eq(ek.w[i], 0);
    fndsa512_expanded_key_wipe(&ek);
    fprintf(stderr, "fndsa: expanded-key signing %d of %d equal to dynamic\n", same, total);
}

/* ---------------------------------------------------------------------
 * API contract: every public function, every error code; on error every
 * output that is present is zeroed (outputs pre-filled with 0xAA).
 * --------------------------------------------------------------------- */

static int api_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) acc |= b[i];
    return acc == 0;
}

/* Call EXPR with buf pre-filled with 0xAA; check the code and a zeroed buf. */
#define EXPECT_ZEROED(buf, len, code, expr)                                             \
    do {                                                                               \
        memset((buf), 0xAA, (len));                                                    \
        int rc_ = (expr);                                                              \
        cr_assert_eq(rc_, (code), "%s: got %d, expected %d", #expr, rc_, (int)(code)); \
        cr_assert(api_zero((buf), (len)), "%s: output not zeroed", #expr);             \
    } while (0)

static uint8_t api_pk[897], api_sk[1281];
static const uint8_t api_r[88] = { 7 };

static void api_fixture(void)
{
    make_key(api_pk, api_sk, 4242);
    randombytes_init((uint8_t[48]){ 42 }, NULL, 256);
}

Test(api, fndsa512_keypair_derand_err_null)
{
    static uint8_t pk[897], sk[1281];
    uint8_t seed[48] = { 1 };
    EXPECT_ZEROED(sk, sizeof sk, FNDSA512_ERR_NULL, fndsa512_keypair_derand(NULL, sk, seed));
    EXPECT_ZEROED(pk, sizeof pk, FNDSA512_ERR_NULL, fndsa512_keypair_derand(pk, NULL, seed));
    memset(sk, 0xAA, sizeof sk);
    EXPECT_ZEROED(pk, sizeof pk, FNDSA512_ERR_NULL, fndsa512_keypair_derand(pk, sk, NULL));
    cr_assert(api_zero(sk, sizeof sk));
    cr_assert_eq(fndsa512_keypair_derand(NULL, NULL, NULL), FNDSA512_ERR_NULL);
}

Test(api, fndsa512_keypair_err_null)
{
    static uint8_t pk[897], sk[1281];
    uint8_t a[8], b[8];
    randombytes_init((uint8_t[48]){ 5 }, NULL, 256);
    EXPECT_ZEROED(sk, sizeof sk, FNDSA512_ERR_NULL, fndsa512_keypair(NULL, sk));
    EXPECT_ZEROED(pk, sizeof pk, FNDSA512_ERR_NULL, fndsa512_keypair(pk, NULL));
    /* a rejected call consumes no randomness */
    randombytes(a, sizeof a);
    randombytes_init((uint8_t[48]){ 5 }, NULL, 256);
    randombytes(b, sizeof b);
    cr_assert(memcmp(a, b, sizeof a) == 0);
}

Test(api, fndsa512_sign_derand_err_null)
{
    static uint8_t sig[666];
    uint8_t m[3] = "abc";
    api_fixture();
    cr_assert_eq(fndsa512_sign_derand(NULL, m, 3, api_r, api_r + 40, api_sk), FNDSA512_ERR_NULL);
    EXPECT_ZEROED(sig, 666, FNDSA512_ERR_NULL, fndsa512_sign_derand(sig, NULL, 3, api_r, api_r + 40, api_sk));
    EXPECT_ZEROED(sig, 666, FNDSA512_ERR_NULL, fndsa512_sign_derand(sig, m, 3, NULL, api_r + 40, api_sk));
    EXPECT_ZEROED(sig, 666, FNDSA512_ERR_NULL, fndsa512_sign_derand(sig, m, 3, api_r, NULL, api_sk));
    EXPECT_ZEROED(sig, 666, FNDSA512_ERR_NULL, fndsa512_sign_derand(sig, m, 3, api_r, api_r + 40, NULL));
    /* NULL with length 0 is the empty message */
    cr_assert_eq(fndsa512_sign_derand(sig, NULL, 0, api_r, api_r + 40, api_sk), 0);
    cr_assert_eq(fndsa512_verify(sig, 666, NULL, 0, api_pk), 0);
    cr_assert_eq(fndsa512_verify(sig, 666, (const uint8_t *)"", 0, api_pk), 0);
}

Test(api, fndsa512_sign_err_null)
{
    static uint8_t sig[666];
    uint8_t m[3] = "abc", a[8], b[8];
    api_fixture();
    randombytes_init((uint8_t[48]){ 6 }, NULL, 256);
    cr_assert_eq(fndsa512_sign(NULL, m, 3, api_sk), FNDSA512_ERR_NULL);
    EXPECT_ZEROED(sig, 666, FNDSA512_ERR_NULL, fndsa512_sign(sig, NULL, 1, api_sk));
    EXPECT_ZEROED(sig, 666, FNDSA512_ERR_NULL, fndsa512_sign(sig, m, 3, NULL));
    randombytes(a, sizeof a); /* no randomness consumed by the rejected calls */
    randombytes_init((uint8_t[48]){ 6 }, NULL, 256);
    randombytes(b, sizeof b);
    cr_assert(memcmp(a, b, sizeof a) == 0);
    cr_assert_eq(fndsa512_sign(sig, NULL, 0, api_sk), 0);
    cr_assert_eq(fndsa512_verify(sig, 666, NULL, 0, api_pk), 0);
}

Test(api, fndsa512_sign_compressed_derand_err_null)
{
    static uint8_t sig[752];
    uint8_t m[3] = "abc";
    size_t sl;
    api_fixture();
    sl = 99;
    cr_assert_eq(fndsa512_sign_compressed_derand(NULL, &sl, m, 3, api_r, api_r + 40, api_sk),
                 FNDSA512_ERR_NULL);
    cr_assert_eq(sl, 0, "*siglen not zeroed");
    EXPECT_ZEROED(sig, 752, FNDSA512_ERR_NULL,
                  fndsa512_sign_compressed_derand(sig, NULL, m, 3, api_r, api_r + 40, api_sk));
    const uint8_t *bad_m[] = { NULL, m, m, m };
    const uint8_t *bad_n[] = { api_r, NULL, api_r, api_r };
    const uint8_t *bad_s[] = { api_r + 40, api_r + 40, NULL, api_r + 40 };
    const uint8_t *bad_k[] = { api_sk, api_sk, api_sk, NULL };
    for (int i = 0; i < 4; i++) {
        sl = 99;
        EXPECT_ZEROED(sig, 752, FNDSA512_ERR_NULL,
                      fndsa512_sign_compressed_derand(sig, &sl, bad_m[i], 3, bad_n[i], bad_s[i],
                                                      bad_k[i]));
        cr_assert_eq(sl, 0, "case %d: *siglen not zeroed", i);
    }
    cr_assert_eq(fndsa512_sign_compressed_derand(sig, &sl, NULL, 0, api_r, api_r + 40, api_sk), 0);
    cr_assert_eq(fndsa512_verify_compressed(sig, sl, NULL, 0, api_pk), 0);
}

Test(api, fndsa512_sign_compressed_err_null)
{
    static uint8_t sig[752];
    uint8_t m[3] = "abc";
    size_t sl = 99;
    api_fixture();
    cr_assert_eq(fndsa512_sign_compressed(NULL, &sl, m, 3, api_sk), FNDSA512_ERR_NULL);
    cr_assert_eq(sl, 0);
    EXPECT_ZEROED(sig, 752, FNDSA512_ERR_NULL, fndsa512_sign_compressed(sig, NULL, m, 3, api_sk));
    sl = 99;
    EXPECT_ZEROED(sig, 752, FNDSA512_ERR_NULL, fndsa512_sign_compressed(sig, &sl, NULL, 3, api_sk));
    cr_assert_eq(sl, 0);
    sl = 99;
    EXPECT_ZEROED(sig, 752, FNDSA512_ERR_NULL, fndsa512_sign_compressed(sig, &sl, m, 3, NULL));
    cr_assert_eq(sl, 0);
    cr_assert_eq(fndsa512_sign_compressed(sig, &sl, m, 3, api_sk), 0);
    cr_assert_eq(fndsa512_verify_compressed(sig, sl, m, 3, api_pk), 0);
}

Test(api, fndsa512_expand_sk_and_sign_expanded_err_null)
{
    static fndsa512_expanded_key ek;
    static uint8_t sig[666];
    uint8_t m[3] = "abc";
    api_fixture();
    cr_assert_eq(fndsa512_expand_sk(NULL, api_sk), FNDSA512_ERR_NULL);
    EXPECT_ZEROED(&ek, sizeof ek, FNDSA512_ERR_NULL, fndsa512_expand_sk(&ek, NULL));
    fndsa512_expanded_key_wipe(NULL); /* no crash */
    cr_assert_eq(fndsa512_expand_sk(&ek, api_sk), 0);
    cr_assert_eq(fndsa512_sign_expanded_derand(NULL, m, 3, api_r, api_r + 40, &ek), FNDSA512_ERR_NULL);
    EXPECT_ZEROED(sig, 666, FNDSA512_ERR_NULL, fndsa512_sign_expanded_derand(sig, NULL, 3, api_r, api_r + 40, &ek));
    EXPECT_ZEROED(sig, 666, FNDSA512_ERR_NULL, fndsa512_sign_expanded_derand(sig, m, 3, NULL, api_r + 40, &ek));
    EXPECT_ZEROED(sig, 666, FNDSA512_ERR_NULL, fndsa512_sign_expanded_derand(sig, m, 3, api_r, NULL, &ek));
    EXPECT_ZEROED(sig, 666, FNDSA512_ERR_NULL, fndsa512_sign_expanded_derand(sig, m, 3, api_r, api_r + 40, NULL));
    cr_assert_eq(fndsa512_sign_expanded(NULL, m, 3, &ek), FNDSA512_ERR_NULL);
    EXPECT_ZEROED(sig, 666, FNDSA512_ERR_NULL, fndsa512_sign_expanded(sig, NULL, 3, &ek));
    EXPECT_ZEROED(sig, 666, FNDSA512_ERR_NULL, fndsa512_sign_expanded(sig, m, 3, NULL));
    cr_assert_eq(fndsa512_sign_expanded(sig, NULL, 0, &ek), 0);
    cr_assert_eq(fndsa512_verify(sig, 666, NULL, 0, api_pk), 0);
    fndsa512_expanded_key_wipe(&ek);
    cr_assert(api_zero(&ek, sizeof ek));
}

Test(api, fndsa512_verify_and_check_pk_err_null)
{
    static uint8_t sig[752];
    uint8_t m[3] = "abc";
    size_t sl;
    api_fixture();
    cr_assert_eq(fndsa512_sign_compressed_derand(sig, &sl, m, 3, api_r, api_r + 40, api_sk), 0);
    cr_assert_eq(fndsa512_verify_compressed(NULL, sl, m, 3, api_pk), FNDSA512_ERR_NULL);
    cr_assert_eq(fndsa512_verify_compressed(sig, sl, NULL, 3, api_pk), FNDSA512_ERR_NULL);
    cr_assert_eq(fndsa512_verify_compressed(sig, sl, m, 3, NULL), FNDSA512_ERR_NULL);
    cr_assert_eq(fndsa512_verify_compressed(NULL, 0, m, 3, api_pk), FNDSA512_ERR_VERIFY);
    cr_assert_eq(fndsa512_verify(NULL, 666, m, 3, api_pk), FNDSA512_ERR_NULL);
    cr_assert_eq(fndsa512_verify(sig, 666, NULL, 1, api_pk), FNDSA512_ERR_NULL);
    cr_assert_eq(fndsa512_verify(sig, 666, m, 3, NULL), FNDSA512_ERR_NULL);
    cr_assert_eq(fndsa512_verify(NULL, 0, m, 3, api_pk), FNDSA512_ERR_VERIFY);
    cr_assert_eq(fndsa512_check_pk(NULL, 897), FNDSA512_ERR_NULL);
    cr_assert_eq(fndsa512_check_pk(NULL, 0), FNDSA512_ERR_LENGTH);
    cr_assert_eq(fndsa512_check_pk(api_pk, 897), 0);
    cr_assert_eq(fndsa512_check_sk(NULL), FNDSA512_ERR_NULL);
    cr_assert_eq(fndsa512_check_sk(api_sk), 0);
}

/* siglen 0, 1, 40, 41, 665, 666, 667, 752, 753, huge, for both formats. */
Test(api, fndsa512_verify_and_verify_compressed_err_verify_siglen)
{
    static uint8_t sig[800], cs[800], pad[800];
    uint8_t m[3] = "abc";
    size_t cl;
    api_fixture();
    cr_assert_eq(fndsa512_sign_derand(sig, m, 3, api_r, api_r + 40, api_sk), 0);
    cr_assert_eq(fndsa512_sign_compressed_derand(cs, &cl, m, 3, api_r, api_r + 40, api_sk), 0);
    cr_assert(cl < 666);
    static const size_t lens[] = { 0, 1, 40, 41, 42, 665, 667, 752, 753, 65536,
                                   (size_t)1 << 31, SIZE_MAX / 2, SIZE_MAX - 1, SIZE_MAX };
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        cr_assert_eq(fndsa512_verify(sig, lens[i], m, 3, api_pk), FNDSA512_ERR_VERIFY,
                     "padded siglen %zu", lens[i]);
        if (lens[i] != cl) {
            cr_assert_eq(fndsa512_verify_compressed(cs, lens[i], m, 3, api_pk),
                         FNDSA512_ERR_VERIFY, "compressed siglen %zu", lens[i]);
        }
    }
    cr_assert_eq(fndsa512_verify(sig, 666, m, 3, api_pk), 0);
    cr_assert_eq(fndsa512_verify_compressed(cs, cl, m, 3, api_pk), 0);
    /* the same s2: the padded signature is the compressed one plus zeros */
    cr_assert(memcmp(sig, cs, cl) == 0 && api_zero(sig + cl, 666 - cl));
    /* a padded signature is not a compressed one (trailing zeros), and a
     * compressed one is not a padded one (wrong length) */
    cr_assert_eq(fndsa512_verify_compressed(sig, 666, m, 3, api_pk), FNDSA512_ERR_VERIFY);
    cr_assert_eq(fndsa512_verify(cs, cl, m, 3, api_pk), FNDSA512_ERR_VERIFY);
    /* a valid compressed signature in a 666-byte buffer with trailing
     * garbage: every single non-zero byte after comp(s2) is rejected */
    for (size_t j = cl; j < 666; j++) {
        memset(pad, 0, sizeof pad);
        memcpy(pad, cs, cl);
        pad[j] = (uint8_t)(1u << (j % 8));
        cr_assert_eq(fndsa512_verify(pad, 666, m, 3, api_pk), FNDSA512_ERR_VERIFY, "byte %zu", j);
    }
    memset(pad, 0xFF, sizeof pad);
    memcpy(pad, cs, cl);
    cr_assert_eq(fndsa512_verify(pad, 666, m, 3, api_pk), FNDSA512_ERR_VERIFY);
    /* a 1024 public key header (0x0A) for both formats */
    static uint8_t pk2[897];
    memcpy(pk2, api_pk, 897);
    pk2[0] = 0x0A;
    cr_assert_eq(fndsa512_verify(sig, 666, m, 3, pk2), FNDSA512_ERR_PK);
    cr_assert_eq(fndsa512_verify_compressed(cs, cl, m, 3, pk2), FNDSA512_ERR_PK);
    cr_assert_eq(fndsa512_check_pk(pk2, 897), FNDSA512_ERR_PK);
}

/* Item 26 through every signing entry point: a secret key with a wrong
 * header, a forbidden minimum (-32 in f/g at the first, a middle and the
 * last coefficient, -128 in F), a non-invertible f, a key that decodes but
 * fails the NTRU equation over Z -> FNDSA512_ERR_SK, every output zeroed;
 * fndsa512_check_sk says the same without signing. */
Test(api, item26_err_sk_every_sign_function)
{
    static uint8_t bad[1281], sig[752];
    static fndsa512_expanded_key ek;
    uint8_t m[3] = "abc";
    size_t sl;
    int cases = 0;
    api_fixture();
    for (int c = 0; c < 13; c++) {
        memcpy(bad, api_sk, sizeof bad);
        switch (c) {
        case 0: bad[0] = 0x5A; break;                                  /* Falcon-1024 header */
        case 1: bad[0] = 0x58; break;
        case 2: bad[0] = 0x09; break;
        case 3: bad[1] = (uint8_t)((bad[1] & 0x03) | 0x80); break;     /* f[0] = -32 */
        case 4: bad[384] = (uint8_t)((bad[384] & 0xC0) | 0x20); break; /* f[511] = -32 */
        case 5: bad[385 + 191] = (uint8_t)((bad[385 + 191] & 0xC0) | 0x20); break; /* g[255] */
        case 6: bad[768] = (uint8_t)((bad[768] & 0xC0) | 0x20); break; /* g[511] = -32 */
        case 7: bad[769] = 0x80; break;                                /* F[0] = -128 */
        case 8: bad[769 + 256] = 0x80; break;                          /* F[256] = -128 */
        case 9: bad[1280] = 0x80; break;                               /* F[511] = -128 */
        case 10: memset(bad + 1, 0, 384); break;                       /* f = 0 */
        case 11:                      /* f = x, g = F = 0: decodes (G = 0), fails f G - g F = q */
            memset(bad + 1, 0, 1280);
            bad[2] = 0x10;
            break;
        default: bad[0] = 0x00; break;
        }
        EXPECT_ZEROED(sig, 666, FNDSA512_ERR_SK,
                      fndsa512_sign_derand(sig, m, 3, api_r, api_r + 40, bad));
        EXPECT_ZEROED(sig, 666, FNDSA512_ERR_SK, fndsa512_sign(sig, m, 3, bad));
        sl = 99;
        EXPECT_ZEROED(sig, 752, FNDSA512_ERR_SK,
                      fndsa512_sign_compressed_derand(sig, &sl, m, 3, api_r, api_r + 40, bad));
        cr_assert_eq(sl, 0);
        sl = 99;
        EXPECT_ZEROED(sig, 752, FNDSA512_ERR_SK, fndsa512_sign_compressed(sig, &sl, m, 3, bad));
        cr_assert_eq(sl, 0);
        EXPECT_ZEROED(&ek, sizeof ek, FNDSA512_ERR_SK, fndsa512_expand_sk(&ek, bad));
        cr_assert_eq(fndsa512_check_sk(bad), FNDSA512_ERR_SK, "case %d", c);
        cases++;
    }
    /* the unmodified key signs */
    cr_assert_eq(fndsa512_sign_compressed_derand(sig, &sl, m, 3, api_r, api_r + 40, api_sk), 0);
    cr_assert_eq(fndsa512_verify_compressed(sig, sl, m, 3, api_pk), 0);
    fprintf(stderr, "fndsa: %d of %d malformed secret keys rejected by all 5 functions and fndsa512_check_sk\n",
            cases, cases);
}

/* A corrupt expanded key (the zeroed one a failed fndsa512_expand_sk
 * leaves; 1/sigma' = 2^52 everywhere, which made SamplerZ loop forever;
 * NaNs) -> FNDSA512_ERR_ATTEMPTS (a bound ran out) in bounded time,
 * signature zeroed, no undefined behaviour (make asan). */
Test(api, fndsa512_sign_expanded_derand_err_attempts_corrupt_expanded_key)
{
    static fndsa512_expanded_key ek;
    static uint8_t sig[666], bad[1281];
    uint8_t m[3] = "abc";
    static const uint64_t pats[] = { 0, 0x4330000000000000u, 0xFFFFFFFFFFFFFFFFu };
    api_fixture();
    memcpy(bad, api_sk, sizeof bad);
    bad[0] = 0x5A;
    cr_assert_eq(fndsa512_expand_sk(&ek, bad), FNDSA512_ERR_SK);
    for (size_t p = 0; p < sizeof pats / sizeof pats[0]; p++) {
        for (size_t i = 0; i < FNDSA512_EXPANDEDKEY_WORDS; i++) ek.w[i] = pats[p];
        EXPECT_ZEROED(sig, 666, FNDSA512_ERR_ATTEMPTS,
                      fndsa512_sign_expanded_derand(sig, m, 3, api_r, api_r + 40, &ek));
    }
    fprintf(stderr, "fndsa: %zu of %zu corrupt expanded keys rejected\n",
            sizeof pats / sizeof pats[0], sizeof pats / sizeof pats[0]);
}

/* The compressed signer zeroes the unused tail of its 752-byte buffer
 * (nothing of a discarded candidate is released). */
Test(api, fndsa512_sign_compressed_derand_tail_zeroed)
{
    static uint8_t sig[752];
    uint8_t m[3] = "abc";
    size_t sl;
    api_fixture();
    memset(sig, 0xAA, sizeof sig);
    cr_assert_eq(fndsa512_sign_compressed_derand(sig, &sl, m, 3, api_r, api_r + 40, api_sk), 0);
    cr_assert(sl < 752 && api_zero(sig + sl, 752 - sl));
    cr_assert_eq(fndsa512_verify_compressed(sig, sl, m, 3, api_pk), 0);
}

/* Issue #15 item 5: sign declassifies only "fits" before s2. fndsa_comp_fits
 * (constant time) must agree with the encoder on every length bound, for
 * random candidates of every size class, the 2047/2048 edge and -32768. */
Test(fndsa, comp_fits_agrees_with_encoder)
{
    static int16_t s2[512];
    static uint8_t enc[2048];
    uint32_t r = 12345;
    unsigned checked = 0, fit625 = 0;
    for (int it = 0; it < 400; it++) {
        unsigned logn = 1 + (unsigned)it % 9, n = 1u << logn;
        unsigned spread = 16u << (it % 8);               /* 16 .. 2048 */
        for (unsigned u = 0; u < n; u++) {
            r = r * 1103515245u + 12345u;
            int v = (int)((r >> 8) % (2 * spread + 1)) - (int)spread;
            s2[u] = (int16_t)v;
        }
        if (it % 37 == 0) s2[(unsigned)it % n] = (int16_t)((it & 64) ? -2048 : 2048);
        if (it % 41 == 0) s2[0] = (int16_t)-32768;
        if (it % 43 == 0) s2[n - 1] = (int16_t)((it & 64) ? -2047 : 2047);
        size_t len = fndsa_comp_encode(enc, sizeof enc, s2, logn);
        const size_t bounds[] = { 0, len ? len - 1 : 0, len, len + 1, 625, 626, 624, SIZE_MAX };
        for (size_t b = 0; b < sizeof bounds / sizeof bounds[0]; b++) {
            size_t want = fndsa_comp_encode(enc, bounds[b] < sizeof enc ? bounds[b] : sizeof enc, s2, logn);
            if (bounds[b] >= sizeof enc) want = len;
            cr_assert_eq(fndsa_comp_fits(bounds[b], s2, logn), want != 0,
                         "logn %u spread %u bound %zu len %zu", logn, spread, bounds[b], len);
            checked++;
        }
        if (logn == 9 && len > 0 && len <= 625) fit625++;
    }
    cr_assert_gt(fit625, 0);
    fprintf(stderr, "comp_fits: %u bound checks agree with fndsa_comp_encode\n", checked);
}

/* HashToPoint's reduction (issue #15 item 6: no division, written as a
 * multiply-shift) against [Falcon] Algorithm 3 read literally, on many
 * SHAKE256 streams; the whole range w < 5q is also checked directly. */
Test(fndsa, hash_to_point_against_algorithm3)
{
    static uint16_t got[512], want[512];
    for (unsigned seed = 0; seed < 64; seed++) {
        uint8_t in[4] = { (uint8_t)seed, 1, 2, 3 };
        sha3_ctx a, b;
        shake256_init(&a);
        cr_assert_eq(sha3_absorb(&a, in, sizeof in), 0);
        memcpy(&b, &a, sizeof a);
        fndsa_hash_to_point(got, &a, 9);
        for (size_t u = 0; u < 512;) {
            uint8_t t[2];
            cr_assert_eq(shake_squeeze(&b, t, 2), 0);
            uint32_t w = ((uint32_t)t[0] << 8) | t[1];
            if (w < 61445u) want[u++] = (uint16_t)(w % 12289u);
        }
        cr_assert(memcmp(got, want, sizeof got) == 0, "seed %u", seed);
        sha3_wipe(&a);
        sha3_wipe(&b);
    }
    for (uint32_t w = 0; w < 61445u; w++)
        cr_assert_eq(w - 12289u * (uint32_t)(((uint64_t)w * 87375u) >> 30), w % 12289u);
}
