/*
 * One copy of mlkem/ seen from its embedder: compiled once per copy with
 * the copy's settings (-DMLKEM_NAMESPACE=a_ -DMLKEM_RANDOMBYTES=rng_a, or
 * -DMLKEM_CONFIG_FILE=...) and -DCOPY_RUN=run_a. The names below are the
 * plain ones; mlkem_config.h turns them into the copy's.
 */
#include <string.h>

#include "../../mlkem/mlkem768.h"
#include "../../sha3/sha3.h"
#include "copy.h"

#ifndef MLKEM768_SSBYTES   /* API.md's name; MLKEM768_SSBYTES before it */
#define MLKEM768_SSBYTES MLKEM768_SSBYTES
#endif

/* This copy's randomness hook (its name is MLKEM_RANDOMBYTES): a counter. */
static unsigned hook_calls;
static uint8_t hook_next;
int MLKEM_RANDOMBYTES(uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = hook_next++;
    }
    hook_calls++;
    return 0;
}

/* C2SP CCTV "accumulated" ML-KEM-768 procedure, N = 100 (as tests/test_mlkem.c). */
static int cctv_100(uint8_t digest[32])
{
    static uint8_t pk[MLKEM768_PUBLICKEYBYTES], sk[MLKEM768_SECRETKEYBYTES];
    static uint8_t ct[MLKEM768_CIPHERTEXTBYTES], c_rand[MLKEM768_CIPHERTEXTBYTES];
    uint8_t coins[64], m[32], k[MLKEM768_SSBYTES], k2[MLKEM768_SSBYTES], k_rand[MLKEM768_SSBYTES];
    sha3_ctx rng, acc;
    int bad = 0;

    shake128_init(&rng);
    bad |= shake_finalize(&rng);
    shake128_init(&acc);
    for (int i = 0; i < 100; i++) {
        bad |= shake_squeeze(&rng, coins, sizeof coins);
        bad |= shake_squeeze(&rng, m, sizeof m);
        bad |= shake_squeeze(&rng, c_rand, sizeof c_rand);
        bad |= mlkem768_keypair_derand(pk, sk, coins);
        bad |= mlkem768_encaps_derand(ct, k, pk, m);
        bad |= mlkem768_decaps(k2, ct, sk);
        bad |= memcmp(k, k2, sizeof k) != 0;
        bad |= mlkem768_decaps(k_rand, c_rand, sk);
        bad |= sha3_absorb(&acc, pk, sizeof pk);
        bad |= sha3_absorb(&acc, sk, sizeof sk);
        bad |= sha3_absorb(&acc, ct, sizeof ct);
        bad |= sha3_absorb(&acc, k, sizeof k);
        bad |= sha3_absorb(&acc, k_rand, sizeof k_rand);
    }
    bad |= shake_squeeze(&acc, digest, 32);
    return bad;
}

int COPY_RUN(copy_result *r)
{
    static uint8_t pk[MLKEM768_PUBLICKEYBYTES], sk[MLKEM768_SECRETKEYBYTES];
    static uint8_t ct[MLKEM768_CIPHERTEXTBYTES];
    uint8_t k[MLKEM768_SSBYTES], k2[MLKEM768_SSBYTES];
    sha3_ctx h;

    memset(r, 0, sizeof *r);
    r->keypair = mlkem768_keypair;
    if (cctv_100(r->cctv) != 0) {
        return 1;
    }
    hook_calls = 0;
    hook_next = 0;
    if (mlkem768_keypair(pk, sk) != 0 || mlkem768_encaps(ct, k, pk) != 0
        || mlkem768_decaps(k2, ct, sk) != 0 || memcmp(k, k2, sizeof k) != 0) {
        return 2;
    }
    r->hook_calls = hook_calls;
    sha3_256_init(&h);
    if (sha3_absorb(&h, pk, sizeof pk) != 0 || sha3_absorb(&h, ct, sizeof ct) != 0
        || sha3_absorb(&h, k, sizeof k) != 0 || sha3_256_final(&h, r->randomized) != 0) {
        return 3;
    }
    return 0;
}
