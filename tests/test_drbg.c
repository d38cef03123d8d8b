/*
 * test_drbg.c -- the NIST PQC KAT DRBG (kat/drbg.c, SP 800-90A CTR_DRBG with
 * AES-256) against the seeds and messages of the round-3 Falcon-512 .rsp:
 * the master generator (entropy 00..2F) drawn as a signature .req does
 * (48-byte seed, then 33*(i+1) message bytes, i = 0..99) must reproduce
 * every seed and msg line (../shared/kat/hashes/README.md, section 4.2).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../kat/drbg.h"
#include "../kat/genkat.h"
#include "vectors.h"

Test(drbg, falcon512_rsp_seeds_and_messages)
{
    static uint8_t seeds[GENKAT_COUNT][GENKAT_SEEDBYTES];
    static uint8_t msgs[GENKAT_MSG_TOTAL];
    genkat_sign_seeds(seeds, msgs);

    FILE *f = kat_open("fndsa/falcon512-KAT.rsp");
    kat_record r;
    int count = 0;
    while (kat_next(f, &r)) {
        const char *cnt = kat_get(&r, "count"), *seed = kat_get(&r, "seed");
        const char *mlen = kat_get(&r, "mlen"), *msg = kat_get(&r, "msg");
        if (!cnt || !seed || !mlen || !msg) { kat_record_free(&r); continue; }
        long i = strtol(cnt, NULL, 10);
        cr_assert(i == count && i < GENKAT_COUNT, "count %ld out of order", i);
        size_t slen, mlen_got;
        uint8_t *s = hex_alloc(seed, &slen);
        uint8_t *m = hex_alloc(msg, &mlen_got);
        cr_assert_eq(slen, GENKAT_SEEDBYTES);
        cr_assert_eq(strtoul(mlen, NULL, 10), GENKAT_MLEN(i));
        cr_assert_eq(mlen_got, GENKAT_MLEN(i));
        cr_assert(memcmp(s, seeds[i], GENKAT_SEEDBYTES) == 0, "seed of count %ld differs", i);
        cr_assert(memcmp(m, msgs + GENKAT_MSG_OFFSET(i), mlen_got) == 0, "msg of count %ld differs", i);
        free(s); free(m); kat_record_free(&r);
        count++;
    }
    fclose(f);
    cr_assert_eq(count, GENKAT_COUNT, "expected %d records, saw %d", GENKAT_COUNT, count);
    fprintf(stderr, "drbg: falcon512-KAT.rsp seed+msg %d of %d records pass\n", count, GENKAT_COUNT);
}

/* The KEM .req draws only the seeds; seed 0 is the same as above (the first
 * call is identical), seed 1 differs (no msg call in between). */
Test(drbg, kem_seed_order)
{
    static uint8_t kem[GENKAT_COUNT][GENKAT_SEEDBYTES], sig[GENKAT_COUNT][GENKAT_SEEDBYTES];
    static uint8_t msgs[GENKAT_MSG_TOTAL];
    genkat_kem_seeds(kem);
    genkat_sign_seeds(sig, msgs);
    cr_assert(memcmp(kem[0], sig[0], 48) == 0);
    cr_assert(memcmp(kem[1], sig[1], 48) != 0);
}

/* The output depends on how a request is split: each call ends with an
 * Update (section 4.1). 32 bytes in one call = the first 32 of a 48-byte
 * call, but not 16 + 16. */
Test(drbg, per_call_update)
{
    uint8_t e[48], a[48], b[32], c[32];
    for (int i = 0; i < 48; i++) e[i] = (uint8_t)i;
    randombytes_init(e, NULL, 256);
    randombytes(a, 48);
    randombytes_init(e, NULL, 256);
    randombytes(b, 32);
    randombytes_init(e, NULL, 256);
    randombytes(c, 16);
    randombytes(c + 16, 16);
    cr_assert(memcmp(a, b, 32) == 0);
    cr_assert(memcmp(c, b, 16) == 0);
    cr_assert(memcmp(c + 16, b + 16, 16) != 0);
}

/* Personalization is XORed into the seed material: entropy E with
 * personalization P equals entropy E ^ P without. */
Test(drbg, personalization_xor)
{
    uint8_t e[48], p[48], ep[48], a[40], b[40];
    test_rand(e, 48, "drbg-e", 0);
    test_rand(p, 48, "drbg-p", 0);
    for (int i = 0; i < 48; i++) ep[i] = e[i] ^ p[i];
    randombytes_init(e, p, 256);
    randombytes(a, sizeof a);
    randombytes_init(ep, NULL, 256);
    randombytes(b, sizeof b);
    cr_assert(memcmp(a, b, sizeof a) == 0);
}

/* genkat.h printing helpers (section 4.4): UPPERCASE hex, "00" for an empty
 * string, decimal integers, the header line. */
Test(genkat, field_format)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    const uint8_t v[3] = {0x0a, 0xbc, 0xff};
    genkat_header(f, "Falcon-512");
    genkat_int(f, "count", 0);
    genkat_hex(f, "seed", v, 3);
    genkat_hex(f, "msg", v, 0);
    genkat_int(f, "mlen", 3300);
    fclose(f);
    cr_assert_str_eq(buf, "# Falcon-512\n\ncount = 0\nseed = 0ABCFF\nmsg = 00\nmlen = 3300\n");
    free(buf);
}

/* GENKAT_MSG_OFFSET lays the 100 messages end to end. */
Test(genkat, message_offsets)
{
    size_t off = 0;
    for (int i = 0; i < GENKAT_COUNT; i++) {
        cr_assert_eq(GENKAT_MSG_OFFSET(i), off);
        off += GENKAT_MLEN(i);
    }
    cr_assert_eq(GENKAT_MSG_TOTAL, off);
    cr_assert_eq(GENKAT_MLEN(99), 3300u);
}
