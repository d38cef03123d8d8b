/*
 * genkat_fndsa.c -- `genkat fndsa512`: the round-3 Falcon-512 NIST KAT
 * (falcon512-KAT.rsp), following ../shared/kat/hashes/README.md §4:
 * per count, re-seed the DRBG with seed_i, keypair (one 48-byte draw),
 * then sign (40-byte nonce, then 48-byte sampler seed). The signed message
 * is: 2-byte big-endian L, nonce, msg, 0x29 (0x20 + logn), compressed s2,
 * with L = 1 + |compressed s2|.
 */
#include <stdlib.h>
#include <string.h>

#include "../fndsa/fndsa512.h"
#include "drbg.h"
#include "genkat.h"
#include "genkat_fndsa.h"

int genkat_fndsa512_write(FILE *out, int first, int count)
{
    static uint8_t seeds[GENKAT_COUNT][GENKAT_SEEDBYTES];
    uint8_t *msgs, *sm;
    uint8_t pk[FNDSA512_PUBLICKEYBYTES], sk[FNDSA512_SECRETKEYBYTES];
    uint8_t sig[FNDSA512_COMPRESSED_MAXBYTES];
    int ret = 0;

    msgs = malloc(GENKAT_MSG_TOTAL);
    sm = malloc(2 + FNDSA512_COMPRESSED_MAXBYTES + GENKAT_MLEN(GENKAT_COUNT - 1));
    if (msgs == NULL || sm == NULL) {
        free(msgs);
        free(sm);
        return -1;
    }
    genkat_sign_seeds(seeds, msgs);
    if (first == 0) {
        genkat_header(out, "Falcon-512");
    }
    for (int i = first; i < first + count && i < GENKAT_COUNT; i++) {
        const uint8_t *m = msgs + GENKAT_MSG_OFFSET(i);
        size_t mlen = GENKAT_MLEN(i), siglen, L;

        randombytes_init(seeds[i], NULL, 256);
        if (fndsa512_keypair(pk, sk) != 0
            || fndsa512_sign_compressed(sig, &siglen, m, mlen, sk) != 0) {
            ret = -1;
            break;
        }
        /* sig = 0x39 || nonce(40) || comp(s2) */
        L = siglen - FNDSA512_NONCEBYTES;
        sm[0] = (uint8_t)(L >> 8);
        sm[1] = (uint8_t)L;
        memcpy(sm + 2, sig + 1, FNDSA512_NONCEBYTES);
        memcpy(sm + 2 + FNDSA512_NONCEBYTES, m, mlen);
        sm[2 + FNDSA512_NONCEBYTES + mlen] = 0x20 + 9;
        memcpy(sm + 2 + FNDSA512_NONCEBYTES + mlen + 1, sig + 1 + FNDSA512_NONCEBYTES, L - 1);

        genkat_int(out, "count", (unsigned long long)i);
        genkat_hex(out, "seed", seeds[i], GENKAT_SEEDBYTES);
        genkat_int(out, "mlen", mlen);
        genkat_hex(out, "msg", m, mlen);
        genkat_hex(out, "pk", pk, sizeof pk);
        genkat_hex(out, "sk", sk, sizeof sk);
        genkat_int(out, "smlen", 2 + FNDSA512_NONCEBYTES + mlen + L);
        genkat_hex(out, "sm", sm, 2 + FNDSA512_NONCEBYTES + mlen + L);
        fputc('\n', out);
    }
    free(msgs);
    free(sm);
    return ret;
}

int genkat_fndsa512(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return genkat_fndsa512_write(stdout, 0, GENKAT_COUNT) == 0 ? 0 : 1;
}
