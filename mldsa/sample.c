/*
 * sample.c -- FIPS 204, Section 7.3, pseudorandom sampling: SampleInBall
 * (Algorithm 29), RejNTTPoly (Algorithm 30), RejBoundedPoly (Algorithm 31),
 * ExpandMask (Algorithm 34) one polynomial at a time. ExpandA (Algorithm 32)
 * and ExpandS (Algorithm 33) are the loops over RejNTTPoly / RejBoundedPoly in
 * keygen.c, sign.c and verify.c; CoeffFromThreeBytes (Algorithm 14) and
 * CoeffFromHalfByte (Algorithm 15) are inline in the rejection loops.
 *
 * H = SHAKE256 and G = SHAKE128 (FIPS 204, Section 3.7), on sha3/'s generic
 * sponge: each seed || index is absorbed and padded in one call
 * (sha3_sponge_absorb_once). Deviation from the byte-at-a-time squeezing of
 * the pseudo-code: whole blocks are squeezed into a buffer and consumed in
 * order, which yields the same byte stream.
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

    (void)sha3_sponge_absorb_once(&ctx, SHAKE256_RATE, SHA3_SUFFIX_SHAKE, ctilde,
                                  MLDSA_CTILDEBYTES);
    (void)sha3_sponge_squeezeblocks(&ctx, buf, 1);
    for (unsigned i = 0; i < 8; i++) { /* step 3: h <- BytesToBits(s), s 8 bytes */
        h |= (uint64_t)buf[i] << (8 * i);
    }
    memset(c, 0, MLDSA_N * sizeof c[0]);
    for (unsigned i = MLDSA_N - MLDSA_TAU; i < MLDSA_N; i++) {
        unsigned j;
        do { /* steps 6-9: j <- next byte until j <= i */
            if (pos == SHAKE256_RATE) {
                (void)sha3_sponge_squeezeblocks(&ctx, buf, 1);
                pos = 0;
            }
            j = buf[pos++];
        } while (j > i);
        c[i] = c[j];
        c[j] = 1 - 2 * (int32_t)(h & 1); /* (-1)^h[i + tau - 256] */
        h >>= 1;
    }
    (void)sha3_wipe(&ctx);
}

/*
 * FIPS 204, Algorithm 30, RejNTTPoly(rho') with rho' = rho || s || r
 * (ExpandA, Algorithm 32 steps 3-4: A-hat[r][s] from the column index s then
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
    uint8_t in[MLDSA_SEEDBYTES + 2];
    unsigned j = 0;

    memcpy(in, rho, MLDSA_SEEDBYTES);
    in[MLDSA_SEEDBYTES] = s;
    in[MLDSA_SEEDBYTES + 1] = r;
    (void)sha3_sponge_absorb_once(&ctx, SHAKE128_RATE, SHA3_SUFFIX_SHAKE, in, sizeof in);
    while (j < MLDSA_N) {
        (void)sha3_sponge_squeezeblocks(&ctx, buf, 1);
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
 * rho'' = rho' || IntegerToBytes(r, 2) (ExpandS, Algorithm 33: r < l gives s1[r],
 * r = l + i gives s2[i]). CoeffFromHalfByte (Algorithm 15) for eta = 4: b < 9
 * gives 4 - b, otherwise rejected.
 * Constant time: the sampled values are secret. Only the accept bit of each
 * half-byte is declassified (constant-time.md 1.4, ML-DSA item 2): it says
 * that a rejected half-byte was in 9..15, nothing about the accepted ones.
 */
void mldsa_rej_bounded_poly(int32_t a[MLDSA_N], const uint8_t rhop[MLDSA_CRHBYTES], uint16_t r)
{
    sha3_ctx ctx;
    uint8_t buf[SHAKE256_RATE];
    uint8_t in[MLDSA_CRHBYTES + 2];
    unsigned j = 0;

    memcpy(in, rhop, MLDSA_CRHBYTES);
    in[MLDSA_CRHBYTES] = (uint8_t)r;
    in[MLDSA_CRHBYTES + 1] = (uint8_t)(r >> 8);
    (void)sha3_sponge_absorb_once(&ctx, SHAKE256_RATE, SHA3_SUFFIX_SHAKE, in, sizeof in);
    while (j < MLDSA_N) {
        (void)sha3_sponge_squeezeblocks(&ctx, buf, 1);
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
    mldsa_ct_wipe(in, sizeof in);
    (void)sha3_wipe(&ctx);
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
    uint8_t in[MLDSA_CRHBYTES + 2];

    memcpy(in, rhopp, MLDSA_CRHBYTES);
    in[MLDSA_CRHBYTES] = (uint8_t)kappa;
    in[MLDSA_CRHBYTES + 1] = (uint8_t)(kappa >> 8);
    (void)sha3_sponge_absorb_once(&ctx, SHAKE256_RATE, SHA3_SUFFIX_SHAKE, in, sizeof in);
    (void)sha3_sponge_squeeze(&ctx, v, MLDSA_Z_POLYBYTES);
    mldsa_ct_wipe(in, sizeof in);
    (void)sha3_wipe(&ctx);
}
