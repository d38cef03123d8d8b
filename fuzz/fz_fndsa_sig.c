/*
 * fz_fndsa_sig.c -- compressed s2 decoding (bad-inputs.md items 24, 27):
 * whatever the bytes, decoding must not misbehave, and an accepted
 * encoding must re-encode to exactly the same bytes (canonicity). The
 * first byte picks the degree (logn 1..9) so short inputs reach the end
 * checks.
 */
#include <stdint.h>
#include <string.h>
#include "../fndsa/inner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int16_t x[512];
    uint8_t enc[2048];
    unsigned logn;
    size_t v, w;

    if (size < 1) return 0;
    logn = 1 + data[0] % 9;
    data++;
    size--;
    v = fndsa_comp_decode(x, logn, data, size);
    if (v == 0) return 0;
    if (v > size) __builtin_trap();
    for (size_t i = 0; i < ((size_t)1 << logn); i++) {
        if (x[i] < -2047 || x[i] > 2047) __builtin_trap();
    }
    w = fndsa_comp_encode(enc, sizeof enc, x, logn);
    if (w != v || memcmp(enc, data, v) != 0) __builtin_trap();
    return 0;
}
