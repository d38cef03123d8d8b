/*
 * "PQClean beside us": sha3/, aes/, mlkem/, mldsa/ and fndsa/, every one
 * compiled with the prefix aegis_ and the randomness hook aegis_randombytes,
 * linked with pqclean_stub.c, whose randombytes, shake128, shake256,
 * sha3_256 and sha3_512 are another library's (tests/namespace/run.sh).
 * Our code must give its known answers, never call the stubs, and the
 * stubs must still answer their own callers. Without the prefixes the same
 * link fails (run.sh checks that too).
 */
#include <stdio.h>
#include <string.h>

#include "../../aes/aes.h"
#include "../../fndsa/fndsa512.h"
#include "../../mldsa/mldsa65.h"
#include "../../mlkem/mlkem768.h"
#include "../../sha3/sha3.h"

#ifndef MLKEM768_SSBYTES   /* API.md's names; the *_BYTES ones before them */
#define MLKEM768_SSBYTES MLKEM768_SSBYTES
#endif
#ifndef MLDSA65_SIGBYTES
#define MLDSA65_SIGBYTES MLDSA65_SIGBYTES
#endif
#ifndef FNDSA512_SIGBYTES
#define FNDSA512_SIGBYTES FNDSA512_SIGBYTES
#endif

unsigned pq_calls(void);
unsigned pq_selftest(void);

/* Known answers of the default build (no prefix, no other library; the
 * portable and the x86_64 backend builds agree). */
#define MLKEM_PK_CT "32a9f1e38ac03419018959be810ce564db2aacf3fb0994086179506c41dbbc39"
#define MLKEM_K "1345ffad8176a59e2c87a2f2118c7313a6e04ddd06ca857555f6156d4c9f4d95"
#define MLDSA_PK_SIG "1bfe469d8a8fda1bc1f621bfcdceec4d60cf4a37f9c0e7324673cb75d2816540"
#define FNDSA_PK_SIG "057671c343d20e767d5c0add4014ea51b6e479943e45a5d48cae09c42fe7cefa"

/* Our hook (MLKEM_RANDOMBYTES = MLDSA_RANDOMBYTES = FNDSA_RANDOMBYTES = aegis_randombytes). */
static unsigned hook_calls;
static uint8_t hook_next;
int aegis_randombytes(uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = hook_next++;
    }
    hook_calls++;
    return 0;
}

static int fail;

static void check(const char *what, const uint8_t *got, const char *hex)
{
    char s[129];
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++) {
        snprintf(s + 2 * i, 3, "%02x", got[i]);
    }
    if (strcmp(s, hex) != 0) {
        printf("FAIL %s: %s, want %s\n", what, s, hex);
        fail = 1;
    } else {
        printf("ok   %s\n", what);
    }
}

static void digest2(uint8_t d[32], const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    sha3_ctx h;
    sha3_256_init(&h);
    if (sha3_absorb(&h, a, alen) != 0 || sha3_absorb(&h, b, blen) != 0 || sha3_256_final(&h, d) != 0) {
        fail = 1;
    }
}

static void run_sha3(void)
{
    uint8_t d[64];
    sha3_256(d, (const uint8_t *)"abc", 3);   /* FIPS 202 examples */
    check("sha3_256(\"abc\")", d, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
    sha3_512(d, (const uint8_t *)"abc", 3);
    check("sha3_512(\"abc\")", d,
          "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
          "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0");
    shake128(d, 32, NULL, 0);
    check("shake128(\"\", 32)", d, "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
    shake256(d, 32, NULL, 0);
    check("shake256(\"\", 32)", d, "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f");
}

static void run_aes(void)
{
    /* SP 800-38D test case 14 (McGrew-Viega): zero key, IV and plaintext block */
    uint8_t key[32] = { 0 }, iv[12] = { 0 }, pt[16] = { 0 }, ct[16], tag[16];
    if (aes256gcm_encrypt(ct, tag, key, iv, sizeof iv, NULL, 0, pt, sizeof pt) != 0) {
        fail = 1;
    }
    check("aes256gcm_encrypt ct", ct, "cea7403d4d606b6e074ec5d3baf39d18");
    check("aes256gcm_encrypt tag", tag, "d0d1c8a799996bf0265b98b5d48ab919");
}

static void run_mlkem(void)
{
    static uint8_t pk[MLKEM768_PUBLICKEYBYTES], sk[MLKEM768_SECRETKEYBYTES];
    static uint8_t ct[MLKEM768_CIPHERTEXTBYTES];
    uint8_t coins[64], m[32], k[MLKEM768_SSBYTES], k2[MLKEM768_SSBYTES], d[32];
    for (int i = 0; i < 64; i++) {
        coins[i] = (uint8_t)i;
    }
    memset(m, 0x5a, sizeof m);
    if (mlkem768_keypair_derand(pk, sk, coins) != 0 || mlkem768_encaps_derand(ct, k, pk, m) != 0
        || mlkem768_decaps(k2, ct, sk) != 0 || memcmp(k, k2, sizeof k) != 0) {
        fail = 1;
    }
    digest2(d, pk, sizeof pk, ct, sizeof ct);
    check("mlkem768 derand SHA3-256(pk || ct)", d, MLKEM_PK_CT);
    check("mlkem768 derand K", k, MLKEM_K);
    if (mlkem768_keypair(pk, sk) != 0 || mlkem768_encaps(ct, k, pk) != 0
        || mlkem768_decaps(k2, ct, sk) != 0 || memcmp(k, k2, sizeof k) != 0) {
        printf("FAIL mlkem768 randomized round trip\n");
        fail = 1;
    }
}

static void run_mldsa(void)
{
    static uint8_t pk[MLDSA65_PUBLICKEYBYTES], sk[MLDSA65_SECRETKEYBYTES], sig[MLDSA65_SIGBYTES];
    uint8_t seed[32], rnd[32] = { 0 }, d[32];
    const uint8_t msg[] = "namespace";
    for (int i = 0; i < 32; i++) {
        seed[i] = (uint8_t)i;
    }
    if (mldsa65_keypair_derand(pk, sk, seed) != 0
        || mldsa65_sign_derand(sig, msg, sizeof msg - 1, NULL, 0, rnd, sk) != 0
        || mldsa65_verify(sig, sizeof sig, msg, sizeof msg - 1, NULL, 0, pk) != 0) {
        fail = 1;
    }
    digest2(d, pk, sizeof pk, sig, sizeof sig);
    check("mldsa65 derand SHA3-256(pk || sig)", d, MLDSA_PK_SIG);
    if (mldsa65_keypair(pk, sk) != 0 || mldsa65_sign(sig, msg, sizeof msg - 1, NULL, 0, sk) != 0
        || mldsa65_verify(sig, sizeof sig, msg, sizeof msg - 1, NULL, 0, pk) != 0) {
        printf("FAIL mldsa65 randomized round trip\n");
        fail = 1;
    }
}

static void run_fndsa(void)
{
    static uint8_t pk[FNDSA512_PUBLICKEYBYTES], sk[FNDSA512_SECRETKEYBYTES], sig[FNDSA512_SIGBYTES];
    uint8_t seed[FNDSA512_SEEDBYTES], nonce[FNDSA512_NONCEBYTES], d[32];
    const uint8_t msg[] = "namespace";
    for (int i = 0; i < FNDSA512_SEEDBYTES; i++) {
        seed[i] = (uint8_t)i;
    }
    memset(nonce, 0x33, sizeof nonce);
    if (fndsa512_keypair_derand(pk, sk, seed) != 0
        || fndsa512_sign_derand(sig, msg, sizeof msg - 1, nonce, seed, sk) != 0
        || fndsa512_verify(sig, sizeof sig, msg, sizeof msg - 1, pk) != 0) {
        fail = 1;
    }
    digest2(d, pk, sizeof pk, sig, sizeof sig);
    check("fndsa512 derand SHA3-256(pk || sig)", d, FNDSA_PK_SIG);
    if (fndsa512_keypair(pk, sk) != 0 || fndsa512_sign(sig, msg, sizeof msg - 1, sk) != 0
        || fndsa512_verify(sig, sizeof sig, msg, sizeof msg - 1, pk) != 0) {
        printf("FAIL fndsa512 randomized round trip\n");
        fail = 1;
    }
}

int main(void)
{
    unsigned pq;
    run_sha3();
    run_aes();
    run_mlkem();
    run_mldsa();
    run_fndsa();
    /* mlkem keypair + encaps: 2; mldsa keypair + sign: 2; fndsa keypair + sign: 1 + 2 */
    if (hook_calls != 7) {
        printf("FAIL aegis_randombytes ran %u times, not 7\n", hook_calls);
        fail = 1;
    } else {
        printf("ok   our hook aegis_randombytes ran 7 times\n");
    }
    if ((pq = pq_calls()) != 0) {
        printf("FAIL %u calls from our code landed in the other library\n", pq);
        fail = 1;
    } else {
        printf("ok   no call from our code reached the other library's functions\n");
    }
    if ((pq = pq_selftest()) != 5) {
        printf("FAIL the other library's own calls: %u of 5 reached it\n", pq);
        fail = 1;
    } else {
        printf("ok   the other library's randombytes, shake128/256, sha3_256/512 answer its calls\n");
    }
    return fail;
}
