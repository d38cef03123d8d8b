/*
 * fz_mldsa_sig_decode.c -- HintBitUnpack (FIPS 204, Algorithm 21) on raw
 * bytes: an accepted encoding must re-encode to the same bytes with
 * HintBitPack (Algorithm 20), i.e. the decoder accepts only the canonical
 * form (bad-input item 14, fuzz table "fz_mldsa_sig_decode"). The z part
 * needs no such target: every 20-bit pattern is a valid encoding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../mldsa/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t y[MLDSA_OMEGA + MLDSA_K], y2[MLDSA_OMEGA + MLDSA_K];
    static uint8_t h[MLDSA_K][MLDSA_N];
    if (size != sizeof y) return 0;
    memcpy(y, data, sizeof y);
    if (mldsa_hint_bit_unpack(h, y) != 0) return 0;
    unsigned ones = 0;
    for (int i = 0; i < MLDSA_K; i++)
        for (int j = 0; j < MLDSA_N; j++) ones += h[i][j];
    if (ones > MLDSA_OMEGA) abort();
    mldsa_hint_bit_pack(y2, h);
    if (memcmp(y, y2, sizeof y) != 0) abort();
    return 0;
}
