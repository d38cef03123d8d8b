/*
 * fz_fndsa_verify.c -- strict verification (bad-inputs.md items 23-27).
 * A fixed key pair and a valid padded signature on a fixed message are
 * made once. The input is XORed into the signature (first 666 bytes,
 * padded form) or used as a compressed signature; any accepted signature
 * must be byte-identical to the genuine one (modulo nothing: Falcon
 * encodings are canonical), else verification accepted a modified
 * signature.
 */
#include <stdint.h>
#include <string.h>
#include "../fndsa/fndsa512.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t pk[FNDSA512_PUBLICKEYBYTES], sk[FNDSA512_SECRETKEYBYTES];
static uint8_t sig[FNDSA512_SIGBYTES], csig[FNDSA512_COMPRESSED_MAXBYTES];
static size_t clen;
static const uint8_t msg[] = "fuzz message";
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t s[FNDSA512_SIGBYTES];

    if (!ready) {
        uint8_t seed[48], r[88];
        memset(seed, 7, sizeof seed);
        memset(r, 9, sizeof r);
        if (fndsa512_keypair_derand(pk, sk, seed) != 0) __builtin_trap();
        if (fndsa512_sign_derand(sig, msg, sizeof msg, r, r + 40, sk) != 0) __builtin_trap();
        if (fndsa512_sign_compressed_derand(csig, &clen, msg, sizeof msg, r, r + 40, sk) != 0)
            __builtin_trap();
        ready = 1;
    }
    if (size == 0) return 0;
    if (data[0] & 1) {
        /* compressed: the input itself */
        if (fndsa512_verify_compressed(data + 1, size - 1, msg, sizeof msg, pk) == 0) {
            if (size - 1 != clen || memcmp(data + 1, csig, clen) != 0) __builtin_trap();
        }
        return 0;
    }
    memcpy(s, sig, sizeof s);
    for (size_t i = 1; i < size && i <= sizeof s; i++) s[i - 1] ^= data[i];
    if (fndsa512_verify(s, sizeof s, msg, sizeof msg, pk) == 0) {
        if (memcmp(s, sig, sizeof s) != 0) __builtin_trap();
    }
    return 0;
}
