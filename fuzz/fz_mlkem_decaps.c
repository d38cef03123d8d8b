/*
 * fz_mlkem_decaps.c -- ML-KEM-768 decapsulation on fuzzed ciphertexts and
 * keys (bad-input items 7-9). A valid key pair and ciphertext are cached;
 * byte 0 picks a mode, the rest patches them (liboqs-style, so inputs get
 * past the fixed sizes):
 *   0: (offset16, value) triples patch c;      oracle: K = K0 iff c = c0,
 *                                               else K = J(z || c)
 *   1: the rest overwrites c from its start;    same oracle
 *   2: triples patch c and dk_PKE (s-hat);      oracle: success, deterministic
 *   3: triples patch anywhere in dk;            oracle: ERR_SK iff ek || H(ek)
 *                                               changed, and then K zeroed
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../mlkem/mlkem768.h"
#include "../sha3/sha3.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PKB MLKEM768_PUBLICKEYBYTES
#define SKB MLKEM768_SECRETKEYBYTES
#define CTB MLKEM768_CIPHERTEXTBYTES

static uint8_t pk0[PKB], sk0[SKB], ct0[CTB], k0[32];
static int ready;

static void setup(void)
{
    uint8_t coins[64], m[32];
    for (int i = 0; i < 64; i++) coins[i] = (uint8_t)(3 * i + 1);
    for (int i = 0; i < 32; i++) m[i] = (uint8_t)(5 * i + 2);
    if (mlkem768_keypair_derand(pk0, sk0, coins) != 0 ||
        mlkem768_encaps_derand(ct0, k0, pk0, m) != 0) abort();
    ready = 1;
}

static void J(uint8_t out[32], const uint8_t z[32], const uint8_t c[CTB])
{
    sha3_ctx x;
    shake256_init(&x);
    sha3_absorb(&x, z, 32);
    sha3_absorb(&x, c, CTB);
    shake_squeeze(&x, out, 32);
    sha3_wipe(&x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t sk[SKB], ct[CTB];
    uint8_t k[32], k2[32], kbar[32];

    if (!ready) setup();
    if (size < 1) return 0;
    memcpy(sk, sk0, SKB);
    memcpy(ct, ct0, CTB);
    unsigned mode = data[0] & 3;
    data++;
    size--;
    if (mode == 1) {
        memcpy(ct, data, size < CTB ? size : CTB);
    } else {
        for (size_t i = 0; i + 3 <= size; i += 3) {
            size_t off = (size_t)data[i] << 8 | data[i + 1];
            if (mode == 0) ct[off % CTB] = data[i + 2];
            else if (mode == 2 && (i / 3) % 2 == 0) ct[off % CTB] = data[i + 2];
            else if (mode == 2) sk[off % 1152] = data[i + 2];
            else sk[(off * 7) % SKB] = data[i + 2];
        }
    }

    memset(k, 0xEE, sizeof k);
    int r = mlkem768_decaps(k, ct, sk);
    if (mode == 3) {
        int ek_h_changed = memcmp(sk + 1152, sk0 + 1152, PKB + 32) != 0;
        if (ek_h_changed != (r == MLKEM768_ERR_SK)) abort();
        if (r != 0) {
            for (int i = 0; i < 32; i++) if (k[i] != 0) abort();
            return 0;
        }
    }
    if (r != 0) abort();                   /* a wrong c is never an error */
    if (mlkem768_decaps(k2, ct, sk) != 0 || memcmp(k, k2, 32) != 0) abort();
    if (mode == 2) return 0;               /* s-hat changed: any key */
    if (memcmp(sk, sk0, 2368) != 0) return 0;  /* mode 3 changed dk_PKE */
    if (memcmp(ct, ct0, CTB) == 0) {
        if (memcmp(sk + 2368, sk0 + 2368, 32) == 0 && memcmp(k, k0, 32) != 0) abort();
    } else {
        J(kbar, sk + 2368, ct);
        if (memcmp(k, kbar, 32) != 0) abort();
    }
    return 0;
}
