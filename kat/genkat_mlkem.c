/*
 * genkat_mlkem.c -- `genkat mlkem768`: the 100-count NIST PQCgenKAT .rsp of
 * ML-KEM-768 (PQCkemKAT_2400.rsp), recipe ../shared/kat/hashes/README.md
 * section 4: master DRBG seeded with 00..2F draws seed_i; each count
 * re-seeds the DRBG with seed_i, then keypair() (one 64-byte randombytes
 * call: d || z) and encaps() (one 32-byte call: m); decaps() is run as a
 * self-check and not printed. Header "# ML-KEM-768" (PQClean's
 * CRYPTO_ALGNAME for this scheme).
 */
#include <stdio.h>
#include <string.h>

#include "../mlkem/mlkem768.h"
#include "genkat.h"

int genkat_mlkem768(int argc, char **argv)
{
    static uint8_t seed[GENKAT_COUNT][GENKAT_SEEDBYTES];
    static uint8_t pk[MLKEM768_PUBLICKEYBYTES], sk[MLKEM768_SECRETKEYBYTES];
    static uint8_t ct[MLKEM768_CIPHERTEXTBYTES];
    uint8_t ss[MLKEM768_SSBYTES], ss2[MLKEM768_SSBYTES];

    (void)argc;
    (void)argv;
    genkat_kem_seeds(seed);
    genkat_header(stdout, "ML-KEM-768");
    for (int i = 0; i < GENKAT_COUNT; i++) {
        randombytes_init(seed[i], NULL, 256);
        if (mlkem768_keypair(pk, sk) != 0 || mlkem768_encaps(ct, ss, pk) != 0 ||
            mlkem768_decaps(ss2, ct, sk) != 0 || memcmp(ss, ss2, sizeof ss) != 0) {
            fprintf(stderr, "genkat mlkem768: count %d fails its self-check\n", i);
            return 1;
        }
        genkat_int(stdout, "count", (unsigned long long)i);
        genkat_hex(stdout, "seed", seed[i], GENKAT_SEEDBYTES);
        genkat_hex(stdout, "pk", pk, sizeof pk);
        genkat_hex(stdout, "sk", sk, sizeof sk);
        genkat_hex(stdout, "ct", ct, sizeof ct);
        genkat_hex(stdout, "ss", ss, sizeof ss);
        fputc('\n', stdout);
    }
    return 0;
}
