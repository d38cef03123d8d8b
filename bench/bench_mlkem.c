/*
 * bench_mlkem.c -- ML-KEM-768 key generation, encapsulation, decapsulation
 * (derandomized entry points, so the figures exclude the RBG). bench/run.sh
 * prints median cycles, peak stack (--stack) and callgrind instructions
 * (--callgrind keygen|encaps|decaps).
 */
#define _POSIX_C_SOURCE 200809L /* posix_memalign, pthread_attr_setstack in bench.h */
#include "../mlkem/mlkem768.h"
#include "bench.h"

static uint8_t pk[MLKEM768_PUBLICKEYBYTES], sk[MLKEM768_SECRETKEYBYTES];
static uint8_t ct[MLKEM768_CIPHERTEXTBYTES], ss[MLKEM768_SSBYTES], ss2[MLKEM768_SSBYTES];
static uint8_t kcoins[64], ecoins[32];

static void op_keygen(void)
{
    kcoins[0]++;
    mlkem768_keypair_derand(pk, sk, kcoins);
}

static void op_encaps(void)
{
    ecoins[0]++;
    mlkem768_encaps_derand(ct, ss, pk, ecoins);
}

static void op_decaps(void)
{
    mlkem768_decaps(ss2, ct, sk);
}

int main(int argc, char **argv)
{
    static const bench_op ops[] = {
        {"keygen", op_keygen, 2001, 0},
        {"encaps", op_encaps, 2001, 0},
        {"decaps", op_decaps, 2001, 0},
    };
    op_keygen();
    op_encaps();
    return bench_main(argc, argv, ops, sizeof ops / sizeof ops[0]);
}
