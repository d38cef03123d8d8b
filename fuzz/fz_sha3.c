/*
 * fz_sha3.c -- the first bytes are a schedule of absorb and squeeze chunk
 * sizes, the rest is the message; the incremental API driven by that
 * schedule must equal the one-shot functions.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../sha3/sha3.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 9) return 0;
    const uint8_t *plan = data;
    const uint8_t *msg = data + 8;
    size_t mlen = size - 8;
    unsigned which = plan[0] & 3;
    uint8_t a[512], b[512];
    size_t outlen = which < 2 ? (which == 0 ? 32 : 64) : (size_t)(plan[1] % 2 ? 512 : 200);

    sha3_ctx c;
    switch (which) {
    case 0: sha3_256(a, msg, mlen); sha3_256_init(&c); break;
    case 1: sha3_512(a, msg, mlen); sha3_512_init(&c); break;
    case 2: shake128(a, outlen, msg, mlen); shake128_init(&c); break;
    default: shake256(a, outlen, msg, mlen); shake256_init(&c); break;
    }
    size_t off = 0;
    for (unsigned i = 2; off < mlen; i++) {
        size_t step = plan[2 + i % 6] + (i % 3) * 60u;
        if (step > mlen - off) step = mlen - off;
        sha3_absorb(&c, msg + off, step);
        off += step;
    }
    if (which == 0) sha3_256_final(&c, b);
    else if (which == 1) sha3_512_final(&c, b);
    else {
        size_t o = 0;
        for (unsigned i = 0; o < outlen; i++) {
            size_t step = (size_t)plan[(i % 6) + 2] % 170 + 1;
            if (step > outlen - o) step = outlen - o;
            shake_squeeze(&c, b + o, step);
            o += step;
        }
        sha3_wipe(&c);
    }
    if (memcmp(a, b, outlen) != 0) abort();
    return 0;
}
