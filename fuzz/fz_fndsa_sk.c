/*
 * fz_fndsa_sk.c -- secret-key decoding through the signing API
 * (bad-inputs.md item 26; the API contract). The input, padded with zeros
 * to 1281 bytes, is a secret key (header forced to 0x59 when the first
 * input byte is even, so that the f/g/F decoders are reached). Key
 * expansion and fndsa512_check_sk must return 0 or FNDSA512_ERR_SK, both
 * the same; signing the same, or FNDSA512_ERR_ATTEMPTS for a key that
 * decodes but whose basis is not short; on error the signature / expanded
 * key must be all zero.
 */
#include <stdint.h>
#include <string.h>
#include "../fndsa/fndsa512.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static fndsa512_expanded_key ek;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t sk[FNDSA512_SECRETKEYBYTES], sig[FNDSA512_SIGBYTES], r[88];
    static const uint8_t msg[] = "fuzz";
    int rc, rc2;

    memset(sk, 0, sizeof sk);
    memcpy(sk, data, size < sizeof sk ? size : sizeof sk);
    if (size > 0 && (data[0] & 1) == 0) {
        sk[0] = 0x59;
    }
    memset(r, 5, sizeof r);
    memset(sig, 0xAA, sizeof sig);
    rc = fndsa512_sign_derand(sig, msg, sizeof msg, r, r + 40, sk);
    if (rc != 0 && rc != FNDSA512_ERR_SK && rc != FNDSA512_ERR_ATTEMPTS) __builtin_trap();
    if (rc != 0) {
        for (size_t i = 0; i < sizeof sig; i++) {
            if (sig[i] != 0) __builtin_trap();
        }
    }
    rc2 = fndsa512_expand_sk(&ek, sk);
    if (rc2 != 0 && rc2 != FNDSA512_ERR_SK) __builtin_trap();
    if (rc == 0 && rc2 != 0) __builtin_trap();   /* a key that signs expands */
    if ((rc == FNDSA512_ERR_SK) != (rc2 != 0)) __builtin_trap(); /* one decoder */
    if (fndsa512_check_sk(sk) != rc2) __builtin_trap();
    if (rc2 != 0) {
        for (size_t i = 0; i < FNDSA512_EXPANDEDKEY_WORDS; i++) {
            if (ek.w[i] != 0) __builtin_trap();
        }
    }
    fndsa512_expanded_key_wipe(&ek);
    return 0;
}
