/*
 * sample.c -- FIPS 204, Section 7.3, pseudorandom sampling: SampleInBall
 * (Algorithm 29), RejNTTPoly (30), RejBoundedPoly (31), and the per-polynomial
 * steps of ExpandA (32), ExpandS (33) and ExpandMask (34).
 *
 * H = SHAKE256 and G = SHAKE128 (FIPS 204, Section 3.7). Deviation from the
 * byte-at-a-time squeezing of the pseudo-code: whole blocks are squeezed into
 * a buffer and consumed in order, which yields the same byte stream.
 */
#include <string.h>

#include "ct.h"
#include "params.h"

/*
 * FIPS 204, Algorithm 29, SampleInBall(rho): the polynomial c with tau
 * coefficients in {-1, 1} and the rest 0. rho is c-tilde (all 48 bytes).
 * Runs on public data only: c-tilde is declassified by the signer as soon as
 * it is computed (constant-time.md 1.4, ML-DSA item 4), so the rejection loop
 * and the memory indices j may depend on it.
 */
void mldsa_sample_in_ball(int32_t c[MLDSA_N], const uint8_t ctilde[MLDSA_CTILDEBYTES])
{
    sha3_ctx ctx;
    uint8_t buf[SHAKE256_RATE];
    unsigned pos = 8;
    uint64_t h = 0;

    shake256_init(&ctx);
    (void)sha3_absorb(&ctx, ctilde, MLDSA_CTILDEBYTES);
    shake_finalize(&ctx);
    shake_squeezeblocks(&ctx, buf, 1);
    for (unsigned i = 0; i < 8; i++) { /* step 3: h <- BytesToBits(s), s 8 bytes */
        h |= (uint64_t)buf[i] << (8 * i);
    }
    memset(c, 0, MLDSA_N * sizeof c[0]);
    for (unsigned i = MLDSA_N - MLDSA_TAU; i < MLDSA_N; i++) {
        unsigned j;
        do { /* steps 6-9: j <- next byte until j <= i */
            if (pos == SHAKE256_RATE) {
                shake_squeezeblocks(&ctx, buf, 1);
                pos = 0;
            }
            j = buf[pos++];
        } while (j > i);
        c[i] = c[j];
        c[j] = 1 - 2 * (int32_t)(h & 1); /* (-1)^h[i + tau - 256] */
        h >>= 1;
    }
    sha3_release(&ctx);
}

/*
 * FIPS 204, Algorithm 30, RejNTTPoly(rho') with rho' = rho || s || r
 * (Algorithm 32, ExpandA, steps 3-4: A-hat[r][s] from the column index s then
 * the row index r). CoeffFromThreeBytes (Algorithm 14): the top bit of the
 * third byte is dropped and values >= q rejected. rho is public (declassified
 * in KeyGen and Sign, constant-time.md 1.4 item 1), so the rejection may branch.
 * The number of blocks is not limited (bad-input item 3/17).
 */
void mldsa_rej_ntt_poly(int32_t a[MLDSA_N], const uint8_t rho[MLDSA_SEEDBYTES], uint8_t s,
                        uint8_t r)
{
    sha3_ctx ctx;
    uint8_t buf[SHAKE128_RATE];
    uint8_t idx[2] = {s, r};
    unsigned j = 0;

    shake128_init(&ctx);
    (void)sha3_absorb(&ctx, rho, MLDSA_SEEDBYTES);
    (void)sha3_absorb(&ctx, idx, 2);
    shake_finalize(&ctx);
    while (j < MLDSA_N) {
        shake_squeezeblocks(&ctx, buf, 1);
        if (j + SHAKE128_RATE / 3 <= MLDSA_N) {
            /* A whole block fits: store every candidate, advance j on accept. */
            for (unsigned p = 0; p < SHAKE128_RATE; p += 3) {
                uint32_t t = (uint32_t)buf[p] | (uint32_t)buf[p + 1] << 8 |
                             (uint32_t)(buf[p + 2] & 0x7F) << 16;
                a[j] = (int32_t)t;
                j += (t < MLDSA_Q);
            }
            continue;
        }
        for (unsigned p = 0; p + 3 <= SHAKE128_RATE && j < MLDSA_N; p += 3) {
            uint32_t t = (uint32_t)buf[p] | (uint32_t)buf[p + 1] << 8 |
                         (uint32_t)(buf[p + 2] & 0x7F) << 16;
            if (t < MLDSA_Q) {
                a[j++] = (int32_t)t;
            }
        }
    }
}

/*
 * FIPS 204, Algorithm 31, RejBoundedPoly(rho'') for eta = 4, with
 * rho'' = rho' || IntegerToBytes(r, 2) (Algorithm 33, ExpandS: r < l gives s1[r],
 * r = l + i gives s2[i]). CoeffFromHalfByte (Algorithm 15, eta = 4): b < 9
 * gives 4 - b, otherwise rejected.
 * Constant time: the sampled values are secret. Only the accept bit of each
 * half-byte is declassified (constant-time.md 1.4, ML-DSA item 2): it says
 * that a rejected half-byte was in 9..15, nothing about the accepted ones.
 */
void mldsa_rej_bounded_poly(int32_t a[MLDSA_N], const uint8_t rhop[MLDSA_CRHBYTES], uint16_t r)
{
    sha3_ctx ctx;
    uint8_t buf[SHAKE256_RATE];
    uint8_t idx[2] = {(uint8_t)r, (uint8_t)(r >> 8)};
    unsigned j = 0;

    shake256_init(&ctx);
    (void)sha3_absorb(&ctx, rhop, MLDSA_CRHBYTES);
    (void)sha3_absorb(&ctx, idx, 2);
    shake_finalize(&ctx);
    while (j < MLDSA_N) {
        shake_squeezeblocks(&ctx, buf, 1);
        for (unsigned p = 0; p < SHAKE256_RATE && j < MLDSA_N; p++) {
            int32_t z0 = buf[p] & 0x0F;
            int32_t z1 = buf[p] >> 4;
            uint32_t ok0 = (uint32_t)(z0 - 9) >> 31; /* 1 iff z0 < 9 */
            uint32_t ok1 = (uint32_t)(z1 - 9) >> 31;
            /* Declassify the accept bits only (constant-time.md 1.4, ML-DSA 2). */
            MLDSA_CT_DECLASSIFY(&ok0, sizeof ok0);
            MLDSA_CT_DECLASSIFY(&ok1, sizeof ok1);
            if (j + 2 <= MLDSA_N) {
                /* Store both candidates; j (public) moves past the accepted ones. */
                a[j] = 4 - z0;
                j += ok0;
                a[j] = 4 - z1;
                j += ok1;
                continue;
            }
            if (ok0) {
                a[j++] = 4 - z0;
            }
            if (ok1 && j < MLDSA_N) {
                a[j++] = 4 - z1;
            }
        }
    }
    mldsa_ct_wipe(buf, sizeof buf);
    sha3_release(&ctx);
}

/*
 * FIPS 204, Algorithm 34, ExpandMask(rho'', kappa), one polynomial: the 640
 * bytes v = H(rho'' || IntegerToBytes(kappa + r, 2), 32 * 20) (step 4). The
 * caller applies BitUnpack(v, gamma1 - 1, gamma1) (step 5, mldsa_unpack_z)
 * when it needs y[r]; kappa here is the sum kappa + r.
 */
void mldsa_expand_mask_poly(uint8_t v[MLDSA_Z_POLYBYTES], const uint8_t rhopp[MLDSA_CRHBYTES],
                            uint16_t kappa)
{
    sha3_ctx ctx;
    uint8_t idx[2] = {(uint8_t)kappa, (uint8_t)(kappa >> 8)};

    shake256_init(&ctx);
    (void)sha3_absorb(&ctx, rhopp, MLDSA_CRHBYTES);
    (void)sha3_absorb(&ctx, idx, 2);
    shake_finalize(&ctx);
    shake_squeeze(&ctx, v, MLDSA_Z_POLYBYTES);
    sha3_release(&ctx);
}
