/*
 * genkat_mldsa.c -- `genkat mldsa65`: the NIST PQCgenKAT signature .rsp for
 * ML-DSA-65, as ../shared/kat/hashes/README.md section 4 describes it
 * (PQClean crypto_sign/ml-dsa-65 and its nistkat harness):
 *   master DRBG 00..2F -> seed_i (48 bytes), msg_i (33 (i+1) bytes);
 *   per count: randombytes_init(seed_i); mldsa65_keypair (one 32-byte call,
 *   xi); mldsa65_sign, hedged, empty context (one 32-byte call, rnd);
 *   sm = signature || msg.
 * Expected digests: kat/digests.txt.
 */
#include <stdlib.h>

#include "../mldsa/mldsa65.h"
#include "drbg.h"
#include "genkat.h"

/* Write the header and the first ncounts records to f; 0 on success. */
int genkat_mldsa65_rsp(FILE *f, int ncounts)
{
    static uint8_t seeds[GENKAT_COUNT][GENKAT_SEEDBYTES];
    static uint8_t msgs[GENKAT_MSG_TOTAL];
    static uint8_t pk[MLDSA65_PUBLICKEYBYTES], sk[MLDSA65_SECRETKEYBYTES];
    uint8_t *sm;

    if (ncounts < 0 || ncounts > GENKAT_COUNT) {
        return -1;
    }
    sm = malloc(MLDSA65_SIGBYTES + GENKAT_MLEN(GENKAT_COUNT - 1));
    if (sm == NULL) {
        return -1;
    }
    genkat_sign_seeds(seeds, msgs);
    genkat_header(f, "ML-DSA-65");
    for (int i = 0; i < ncounts; i++) {
        const size_t mlen = GENKAT_MLEN(i);
        const uint8_t *msg = msgs + GENKAT_MSG_OFFSET(i);
        randombytes_init(seeds[i], NULL, 256);
        if (mldsa65_keypair(pk, sk) != 0 ||
            mldsa65_sign(sm, msg, mlen, NULL, 0, sk) != 0 ||
            mldsa65_verify(sm, MLDSA65_SIGBYTES, msg, mlen, NULL, 0, pk) != 0) {
            free(sm);
            return -1;
        }
        for (size_t j = 0; j < mlen; j++) {
            sm[MLDSA65_SIGBYTES + j] = msg[j];
        }
        genkat_int(f, "count", (unsigned long long)i);
        genkat_hex(f, "seed", seeds[i], GENKAT_SEEDBYTES);
        genkat_int(f, "mlen", mlen);
        genkat_hex(f, "msg", msg, mlen);
        genkat_hex(f, "pk", pk, sizeof pk);
        genkat_hex(f, "sk", sk, sizeof sk);
        genkat_int(f, "smlen", MLDSA65_SIGBYTES + mlen);
        genkat_hex(f, "sm", sm, MLDSA65_SIGBYTES + mlen);
        fputc('\n', f);
    }
    free(sm);
    return 0;
}

/* genkat mldsa65: the 100-count file on stdout. */
int genkat_mldsa65(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (genkat_mldsa65_rsp(stdout, GENKAT_COUNT) != 0) {
        fprintf(stderr, "genkat mldsa65: failed\n");
        return 1;
    }
    return 0;
}
