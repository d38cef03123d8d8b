#define _GNU_SOURCE /* posix_memalign, pthread_attr_setstack (bench.h) */
/* bench_fndsa.c -- Falcon-512 key generation, signing (padded, dynamic
 * tree), verification, and the expanded-key pair (expand once, sign with
 * the precomputed tree), all with integer-emulated floating point. */
#include "bench.h"
#include "../fndsa/fndsa512.h"

static uint8_t pk[FNDSA512_PUBLICKEYBYTES], sk[FNDSA512_SECRETKEYBYTES];
static uint8_t sig[FNDSA512_SIGBYTES], seed[48], rnd[88], msg[64];

static void keygen(void) { seed[0]++; fndsa512_keypair_derand(pk, sk, seed); }
static void sign(void) { rnd[50]++; fndsa512_sign_derand(sig, msg, sizeof msg, rnd, rnd + 40, sk); }
static fndsa512_expanded_key ek;
static void expand(void) { fndsa512_expand_sk(&ek, sk); }
static void sign_expanded(void)
{
    rnd[50]++;
    fndsa512_sign_expanded_derand(sig, msg, sizeof msg, rnd, rnd + 40, &ek);
}
static void verify(void)
{
    if (fndsa512_verify(sig, sizeof sig, msg, sizeof msg, pk) != 0) abort();
}

int main(int argc, char **argv)
{
    static const bench_op ops[] = {
        {"fndsa512_keygen", keygen, 21, 0},
        {"fndsa512_sign", sign, 101, 0},
        {"fndsa512_verify", verify, 1001, 0},
        {"fndsa512_expand_sk", expand, 101, 0},
        {"fndsa512_sign_expanded", sign_expanded, 101, 0},
    };
    fndsa512_keypair_derand(pk, sk, seed);
    fndsa512_sign_derand(sig, msg, sizeof msg, rnd, rnd + 40, sk);
    fndsa512_expand_sk(&ek, sk);
    return bench_main(argc, argv, ops, sizeof ops / sizeof ops[0]);
}
