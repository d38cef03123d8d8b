/*
 * ct_x86_64_sha3.c -- the 4-way Keccak of sha3/x86_64 with secret input and
 * secret output: the permutation on four secret states, and the x4 SHAKE128 /
 * SHAKE256 absorb and squeeze on four secret inputs; only lengths are public.
 * Without -mavx2 (the portable ct run) there is nothing to check.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "ct.h"
#include "../../sha3/sha3.h"
#include "../../sha3/x86_64/keccak_x4.h"

int main(void)
{
#if defined(__AVX2__)
    static uint8_t in[4][2 * 168 + 5], out[4][3 * 168];
    sha3_x4_state st;
    __m256i s[25];
    for (size_t j = 0; j < 4; j++)
        for (size_t i = 0; i < sizeof in[j]; i++) in[j][i] = (uint8_t)(i * 31 + 7 * j);
    memcpy(s, in, sizeof s);
    CT_SECRET(in, sizeof in);
    CT_SECRET(s, sizeof s);

    sha3_keccakf1600_x4(s);
    for (size_t n = 0; n <= sizeof in[0]; n += 67) {
        shake128_x4_absorb_once(&st, in[0], in[1], in[2], in[3], n);
        shake128_x4_squeezeblocks(&st, out[0], out[1], out[2], out[3], 3);
        shake256_x4_absorb_once(&st, in[0], in[1], in[2], in[3], n);
        shake256_x4_squeezeblocks(&st, out[0], out[1], out[2], out[3], 2);
    }
    sha3_x4_wipe(&st);

    /* The outputs are secret too; declassify only to show they are computed. */
    CT_PUBLIC(out, sizeof out);
    CT_PUBLIC(s, sizeof s);
    return out[0][0] == 0x5a && out[3][1] == 0xa5 && ((uint8_t *)s)[7] == 1 ? 3 : 0;
#else
    printf("ct_x86_64_sha3: portable build, no backend to check\n");
    return 0;
#endif
}
