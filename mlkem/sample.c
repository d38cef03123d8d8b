/*
 * sample.c -- sampling of FIPS 203, Section 4.2.2: SampleNTT (Algorithm 7),
 * the matrix A-hat it fills (Algorithm 13, lines 3-7) and SamplePolyCBD_eta
 * (Algorithm 8) on PRF_eta (Section 4.1, eq. 4.3), for eta = 2.
 */
#include "../sha3/sha3.h"
#include "ct.h"
#include "poly.h"

/* Three SHAKE128 blocks give 168 candidates; 256 accepted need ~315 on average. */
#define MLKEM_XOF_FIRST_BLOCKS 3

/*
 * FIPS 203, Algorithm 7, SampleNTT(B) with B = rho || j || i: XOF =
 * SHAKE128; every 3 bytes C give d1 = C0 + 256 (C1 mod 16) and
 * d2 = floor(C1 / 16) + 16 C2, each kept if below q.
 * Deviation: the XOF is squeezed a whole block (168 = 56 * 3 bytes) at a
 * time, three blocks first; the byte stream is the same. The loop branches
 * on XOF output, which is public: it is derived from rho alone. There is no
 * limit on the number of blocks (bad-input item 3).
 */
void mlkem_sample_ntt(mlkem_poly *a, const uint8_t rho[MLKEM_SYMBYTES], uint8_t j, uint8_t i)
{
    uint8_t buf[MLKEM_XOF_FIRST_BLOCKS * SHAKE128_RATE];
    uint8_t ji[2] = {j, i};
    size_t len = sizeof buf;
    unsigned n = 0;
    sha3_ctx xof;

    shake128_init(&xof);
    (void)sha3_absorb(&xof, rho, MLKEM_SYMBYTES);
    (void)sha3_absorb(&xof, ji, 2);
    shake_finalize(&xof);
    shake_squeezeblocks(&xof, buf, MLKEM_XOF_FIRST_BLOCKS);
    for (;;) {
        for (size_t pos = 0; pos + 3 <= len && n < MLKEM_N; pos += 3) {
            uint16_t d1 = (uint16_t)(buf[pos] | ((buf[pos + 1] & 0x0F) << 8));
            uint16_t d2 = (uint16_t)((buf[pos + 1] >> 4) | (buf[pos + 2] << 4));
            if (d1 < MLKEM_Q) {
                a->c[n++] = (int16_t)d1;
            }
            if (d2 < MLKEM_Q && n < MLKEM_N) {
                a->c[n++] = (int16_t)d2;
            }
        }
        if (n == MLKEM_N) {
            break;
        }
        shake_squeezeblocks(&xof, buf, 1);
        len = SHAKE128_RATE;
    }
}

void mlkem_gen_matrix(mlkem_polyvec A[MLKEM_K], const uint8_t rho[MLKEM_SYMBYTES],
                      int transposed)
{
    for (uint8_t i = 0; i < MLKEM_K; i++) {
        for (uint8_t j = 0; j < MLKEM_K; j++) {
            if (transposed) {
                mlkem_sample_ntt(&A[i].p[j], rho, i, j);
            } else {
                mlkem_sample_ntt(&A[i].p[j], rho, j, i);
            }
        }
    }
}

static uint32_t load32_le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * FIPS 203, Algorithm 8, SamplePolyCBD_2 on B = PRF_2(s, b) = SHAKE256(s || b)
 * (64 * eta = 128 bytes): f_i = (b[4i] + b[4i+1]) - (b[4i+2] + b[4i+3]).
 * Deviation: eight coefficients at a time from a 32-bit word, adding the
 * bit pairs in parallel; the same sums.
 */
void mlkem_poly_cbd_eta2(mlkem_poly *r, const uint8_t s[MLKEM_SYMBYTES], uint8_t b)
{
    uint8_t in[MLKEM_SYMBYTES + 1];
    uint8_t B[64 * MLKEM_ETA1];

    for (unsigned i = 0; i < MLKEM_SYMBYTES; i++) {
        in[i] = s[i];
    }
    in[MLKEM_SYMBYTES] = b;
    shake256(B, sizeof B, in, sizeof in);
    for (unsigned i = 0; i < MLKEM_N / 8; i++) {
        uint32_t t = load32_le(B + 4 * i);
        uint32_t d = (t & 0x55555555u) + ((t >> 1) & 0x55555555u);
        for (unsigned k = 0; k < 8; k++) {
            int16_t x = (int16_t)((d >> (4 * k)) & 3u);
            int16_t y = (int16_t)((d >> (4 * k + 2)) & 3u);
            r->c[8 * i + k] = (int16_t)(x - y);
        }
    }
    mlkem_ct_wipe(in, sizeof in);
    mlkem_ct_wipe(B, sizeof B);
}
