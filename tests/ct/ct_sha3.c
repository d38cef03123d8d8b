/*
 * ct_sha3.c -- SHA3-256/512 and SHAKE128/256, the generic sponge and the
 * readable reference permutation (keccak_ref.c) with secret input and secret
 * output: only the lengths are public (constant-time.md, SHA3/SHAKE).
 */
#include <stdint.h>
#include <string.h>
#include "ct.h"
#include "../../sha3/sha3.h"
#include "../../sha3/keccak_impl.h"

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

    /* The generic sponge: other rates and suffixes, the seed fast path and
     * the in-place block squeeze. */
    for (size_t n = 0; n <= 200; n += 23) {
        sha3_keccak(out, 100, in, n, 144, SHA3_SUFFIX_SHA3);
        sha3_keccak(out, 300, in, n, 8, 0x7F);
        sha3_sponge_absorb_once(&c, SHAKE128_RATE, SHA3_SUFFIX_SHAKE, in, n);
        const uint64_t *L = sha3_sponge_squeeze_lanes(&c);
        memcpy(out, L, 8 * 21);
        sha3_sponge_squeezeblocks(&c, out + 168, 2);
        sha3_wipe(&c);
    }

    /* The textbook permutation on a secret state. */
    uint64_t st[25];
    memcpy(st, in, sizeof st);
    sha3_keccakf1600_ref(st);
    memcpy(out, st, sizeof st);

    /* The digest is secret too; declassify only to show it is computed. */
    CT_PUBLIC(out, sizeof out);
    return out[0] == 0x5a && out[1] == 0xa5 ? 3 : 0;
}
