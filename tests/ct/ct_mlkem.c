/*
 * ct_mlkem.c -- constant-time harness for mlkem/ (run under valgrind
 * memcheck, --error-exitcode=1; see tests/ct/ct.h and constant-time.md).
 *
 * Secret: d, z (key generation coins), m (encapsulation coins), the whole
 * dk. Public: ek, c. Only K and c are declassified here, and only to compare
 * them (constant-time.md 1.4, ML-KEM item 7); the library itself declassifies
 * rho after G(d || k), and the embedded ek || H(ek) of dk (items 1, 3, 4).
 * Decapsulation runs with the valid ciphertext (accept path) and with
 * tampered and random ones (implicit-rejection path, item 6 / bad-input 10).
 */
#include <stdio.h>
#include <string.h>

#include "../../mlkem/mlkem768.h"
#include "ct.h"

/* Deterministic "randomness", marked secret like real RBG output. */
int randombytes(uint8_t *buf, size_t len)
{
    static uint8_t x = 1;
    for (size_t i = 0; i < len; i++) {
        x = (uint8_t)(x * 29 + 7);
        buf[i] = x;
    }
    CT_SECRET(buf, len);
    return 0;
}

static int fail(const char *what)
{
    fprintf(stderr, "ct_mlkem: %s\n", what);
    return 1;
}

int main(void)
{
    static uint8_t pk[MLKEM768_PUBLICKEYBYTES], sk[MLKEM768_SECRETKEYBYTES];
    static uint8_t ct[MLKEM768_CIPHERTEXTBYTES], ct2[MLKEM768_CIPHERTEXTBYTES];
    uint8_t coins[64], m[32], k[32], k2[32], k3[32];

    for (int i = 0; i < 64; i++) coins[i] = (uint8_t)(i * 7 + 3);
    for (int i = 0; i < 32; i++) m[i] = (uint8_t)(i * 11 + 5);
    CT_SECRET(coins, sizeof coins);
    CT_SECRET(m, sizeof m);

    /* ML-KEM.KeyGen_internal with secret d || z; ek is public output. */
    if (mlkem768_keypair_derand(pk, sk, coins) != 0) return fail("keypair_derand");
    CT_PUBLIC(pk, sizeof pk);
    if (mlkem768_check_pk(pk) != 0) return fail("check_pk");

    /* ML-KEM.Encaps_internal with secret m; c is public output. */
    if (mlkem768_encaps_derand(ct, k, pk, m) != 0) return fail("encaps_derand");
    CT_PUBLIC(ct, sizeof ct);

    /* ML-KEM.Decaps, secret dk, accept path. */
    CT_SECRET(sk, sizeof sk);
    if (mlkem768_check_sk(sk) != 0) return fail("check_sk");
    CT_SECRET(sk, sizeof sk);
    if (mlkem768_decaps(k2, ct, sk) != 0) return fail("decaps");
    CT_PUBLIC(k, sizeof k);
    CT_PUBLIC(k2, sizeof k2);
    if (memcmp(k, k2, 32) != 0) return fail("decaps(valid c) != K");

    /* Reject path: a flipped bit in c1, in c2, and a random c. */
    for (int t = 0; t < 3; t++) {
        memcpy(ct2, ct, sizeof ct);
        if (t == 0) ct2[17] ^= 0x04;
        if (t == 1) ct2[1000] ^= 0x80;
        if (t == 2) for (size_t i = 0; i < sizeof ct2; i++) ct2[i] = (uint8_t)(i * 13 + 1);
        CT_SECRET(sk, sizeof sk);
        if (mlkem768_decaps(k3, ct2, sk) != 0) return fail("decaps(tampered c)");
        CT_PUBLIC(k3, sizeof k3);
        if (memcmp(k, k3, 32) == 0) return fail("decaps(tampered c) == K");
    }

    /* The randomized functions (randombytes output is secret). */
    CT_PUBLIC(sk, sizeof sk);
    if (mlkem768_keypair(pk, sk) != 0) return fail("keypair");
    CT_PUBLIC(pk, sizeof pk);
    if (mlkem768_encaps(ct, k, pk) != 0) return fail("encaps");
    CT_PUBLIC(ct, sizeof ct);
    if (mlkem768_decaps(k2, ct, sk) != 0) return fail("decaps (2)");
    CT_PUBLIC(k, sizeof k);
    CT_PUBLIC(k2, sizeof k2);
    if (memcmp(k, k2, 32) != 0) return fail("round trip");

    fprintf(stderr, "ct_mlkem: keygen, encaps, decaps (accept + 3 reject) done\n");
    return 0;
}
