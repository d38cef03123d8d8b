/*
 * fz_fndsa_pk.c -- public-key decoding (bad-inputs.md items 21, 22, 27):
 * fndsa512_check_pk accepts exactly the canonical encodings (length 897,
 * header 0x09, every coefficient < q), and an accepted key re-encodes to
 * the same bytes; the secret-key field decoder (trim_i8) likewise.
 */
#include <stdint.h>
#include <string.h>
#include "../fndsa/inner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint16_t h[512];
    uint8_t enc[896];
    int8_t f[512];
    uint8_t e8[512];
    int ok = fndsa512_check_pk(data, size) == 0;

    if (size == 897) {
        size_t v = fndsa_modq_decode(h, 9, data + 1, 896);
        if (ok != (data[0] == 0x09 && v == 896)) __builtin_trap();
        if (v == 896) {
            if (fndsa_modq_encode(enc, sizeof enc, h, 9) != 896) __builtin_trap();
            if (memcmp(enc, data + 1, 896) != 0) __builtin_trap();
        }
    } else if (ok) {
        __builtin_trap();
    }
    if (size >= 1) {
        unsigned bits = 5 + data[0] % 4;   /* 5..8 */
        size_t v = fndsa_trim_i8_decode(f, 9, bits, data + 1, size - 1);
        if (v != 0) {
            size_t w = fndsa_trim_i8_encode(e8, sizeof e8, f, 9, bits);
            if (w != v || memcmp(e8, data + 1, v) != 0) __builtin_trap();
        }
    }
    return 0;
}
