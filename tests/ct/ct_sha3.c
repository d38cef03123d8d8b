/*
 * ct_sha3.c -- SHA3-256/512 and SHAKE128/256 with secret input and secret
 * output: only the lengths are public (constant-time.md, SHA3/SHAKE).
 */
#include <stdint.h>
#include <string.h>
#include "ct.h"
#include "../../sha3/sha3.h"

int main(void)
{
    static uint8_t in[3 * 168 + 7], out[600];
    for (size_t i = 0; i < sizeof in; i++) in[i] = (uint8_t)(i * 31 + 7);
    CT_SECRET(in, sizeof in);

    for (size_t n = 0; n <= sizeof in; n += 37) {
        sha3_256(out, in, n);
        sha3_512(out, in, n);
        shake128(out, sizeof out, in, n);
        shake256(out, sizeof out, in, n);
    }
    sha3_ctx c;
    shake128_init(&c);
    sha3_absorb(&c, in, 5);
    sha3_absorb(&c, in + 5, 300);
    shake_squeeze(&c, out, 1);
    shake_squeeze(&c, out + 1, 400);
    shake_squeezeblocks(&c, out, 1);
    sha3_wipe(&c);

    /* The digest is secret too; declassify only to show it is computed. */
    CT_PUBLIC(out, sizeof out);
    return out[0] == 0x5a && out[1] == 0xa5 ? 3 : 0;
}
