/*
 * sample.c -- sampling of FIPS 203, Section 4.2.2: SampleNTT (Algorithm 7),
 * the matrix A-hat it fills (K-PKE.KeyGen, lines 3-7) and SamplePolyCBD_eta
 * (Algorithm 8) on PRF_eta (Section 4.1, eq. 4.3), for eta = 2.
 *
 * XOF = SHAKE128 and PRF = SHAKE256 run on sha3/'s generic sponge: the
 * 34- or 33-byte input is absorbed and padded in one call
 * (sha3_sponge_absorb_once). Deviation, for speed: each block is parsed in
 * place from the state's lanes (sha3_sponge_squeeze_lanes), which hold the
 * output bytes in little-endian order (FIPS 202, Appendix B.1), so the
 * sampling reads 64-bit words of the SHAKE128 / SHAKE256 streams instead of
 * bytes; the streams are exactly the same.
 */
#include <string.h>

#include "ct.h"
#include "poly.h"

#define MLKEM_XOF_LANES (SHAKE128_RATE / 8)   /* 21 */

/*
 * Parse one XOF block (SampleNTT, lines 5-15) into a[n..256): every 24
 * bits C0 C1 C2 give d1 = C0 + 256 (C1 mod 16) and d2 = floor(C1 / 16) +
 * 16 C2, i.e. the consecutive 12-bit fields of the little-endian stream,
 * each kept if below q. Three lanes hold 16 fields; field 5 and field 10
 * straddle two lanes. Returns the new n. The tests branch on XOF output,
 * which is public (it depends on rho only).
 */
/* Store candidate d at a[n]; keep it (advance n) only if d < q. Needs n < 256. */
#define MLKEM_REJ_KEEP(d)                                                     \
    do {                                                                      \
        const uint16_t d_ = (uint16_t)(d);                                    \
        a[n] = (int16_t)d_;                                                   \
        n += d_ < MLKEM_Q;                                                    \
    } while (0)

/* Field k (0..15) of the 192-bit little-endian number x + 2^64 y + 2^128 z. */
#define MLKEM_FIELD(x, y, z, k)                                               \
    ((k) < 5 ? (x) >> (12 * (k)) :                                           \
     (k) == 5 ? ((x) >> 60 | (y) << 4) :                                     \
     (k) < 10 ? (y) >> (12 * (k) - 64) :                                     \
     (k) == 10 ? ((y) >> 56 | (z) << 8) : (z) >> (12 * (k) - 128))

unsigned mlkem_rej_uniform(int16_t a[MLKEM_N], unsigned n, const uint64_t s[MLKEM_XOF_LANES])
{
    for (unsigned g = 0; g < MLKEM_XOF_LANES; g += 3) {
        const uint64_t x = s[g], y = s[g + 1], z = s[g + 2];
        if (n + 16 <= MLKEM_N) {
            /* room for all 16: store each, advance only when accepted */
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 0) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 1) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 2) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 3) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 4) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 5) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 6) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 7) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 8) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 9) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 10) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 11) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 12) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 13) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 14) & 0xFFF);
            MLKEM_REJ_KEEP(MLKEM_FIELD(x, y, z, 15) & 0xFFF);
        } else {
            for (unsigned k = 0; k < 16 && n < MLKEM_N; k++) {
                const uint16_t d = (uint16_t)(MLKEM_FIELD(x, y, z, k) & 0xFFF);
                if (d < MLKEM_Q) {
                    a[n++] = (int16_t)d;
                }
            }
        }
    }
    return n;
}

/*
 * FIPS 203, Algorithm 7, SampleNTT(rho || j || i), XOF = SHAKE128. Blocks
 * are squeezed one at a time until 256 coefficients are accepted; there is
 * no limit on the number of blocks (bad-input item 3).
 */
void mlkem_sample_ntt(mlkem_poly *a, const uint8_t rho[MLKEM_SYMBYTES], uint8_t j, uint8_t i)
{
    sha3_ctx xof;
    uint8_t in[MLKEM_SYMBYTES + 2];
    unsigned n = 0;

    memcpy(in, rho, MLKEM_SYMBYTES);
    in[MLKEM_SYMBYTES] = j;
    in[MLKEM_SYMBYTES + 1] = i;
    (void)sha3_sponge_absorb_once(&xof, SHAKE128_RATE, SHA3_SUFFIX_SHAKE, in, sizeof in);
    while (n < MLKEM_N) {
        n = mlkem_rej_uniform(a->c, n, sha3_sponge_squeeze_lanes(&xof));
    }
}

void mlkem_gen_matrix_c(mlkem_polyvec A[MLKEM_K], const uint8_t rho[MLKEM_SYMBYTES],
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

/*
 * FIPS 203, Algorithm 8, SamplePolyCBD_2 on B = PRF_2(s, b) = SHAKE256(s || b)
 * (64 * eta = 128 bytes, the first 16 lanes of one squeezed block):
 * f_i = (b[4i] + b[4i+1]) - (b[4i+2] + b[4i+3]).
 * Deviation: 16 coefficients per 64-bit lane. d adds the bit pairs in
 * parallel (2-bit sums x, y in each nibble); e holds x + 4 - y in each
 * nibble (2..6, so nothing carries between nibbles); f_i = nibble - 4.
 * No branch or index depends on the (secret) output.
 */
void mlkem_poly_cbd_eta2(mlkem_poly *r, const uint8_t s[MLKEM_SYMBYTES], uint8_t b)
{
    const uint64_t m1 = 0x5555555555555555u, m2 = 0x3333333333333333u;
    const uint64_t four = 0x4444444444444444u;
    sha3_ctx prf;
    uint8_t in[MLKEM_SYMBYTES + 1];

    memcpy(in, s, MLKEM_SYMBYTES);
    in[MLKEM_SYMBYTES] = b;
    (void)sha3_sponge_absorb_once(&prf, SHAKE256_RATE, SHA3_SUFFIX_SHAKE, in, sizeof in);
    const uint64_t *st = sha3_sponge_squeeze_lanes(&prf);
    for (unsigned w = 0; w < 16; w++) {
        uint64_t t = st[w];
        uint64_t d = (t & m1) + ((t >> 1) & m1);
        uint64_t e = (d & m2) + four - ((d >> 2) & m2);
        for (unsigned k = 0; k < 16; k++) {
            r->c[16 * w + k] = (int16_t)((int16_t)(e & 0xF) - 4);
            e >>= 4;
        }
    }
    mlkem_ct_wipe(in, sizeof in);
    (void)sha3_wipe(&prf);
}

/*
 * r_k = SamplePolyCBD_2(PRF_2(s, b_k)) for each k = 0..3 with r_k != NULL:
 * the batch of four the x86-64 backend computes on the 4-way Keccak.
 */
void mlkem_poly_cbd_eta2_x4_c(mlkem_poly *r0, mlkem_poly *r1, mlkem_poly *r2, mlkem_poly *r3,
                              const uint8_t s[MLKEM_SYMBYTES], uint8_t b0, uint8_t b1,
                              uint8_t b2, uint8_t b3)
{
    mlkem_poly *r[4];
    const uint8_t b[4] = {b0, b1, b2, b3};

    r[0] = r0; r[1] = r1; r[2] = r2; r[3] = r3;
    for (unsigned k = 0; k < 4; k++) {
        if (r[k] != NULL) {
            mlkem_poly_cbd_eta2(r[k], s, b[k]);
        }
    }
}

/*
 * What ML-KEM.Encaps hashes and samples from ek alone, in one call so that
 * the x86-64 backend can run the ten streams side by side on the 4-way
 * Keccak: A-hat^T of K-PKE.Encrypt (lines 4-8) and H(ek) (ML-KEM.Encaps_internal,
 * line 1).
 */
void mlkem_encaps_prep_c(mlkem_polyvec At[MLKEM_K], uint8_t h[MLKEM_SYMBYTES],
                         const uint8_t ek[MLKEM768_PUBLICKEYBYTES])
{
    mlkem_gen_matrix_c(At, ek + MLKEM_POLYVECBYTES, 1);
    sha3_256(h, ek, MLKEM768_PUBLICKEYBYTES);
}

/*
 * The same for ML-KEM.Decaps: A-hat^T of the re-encryption
 * (ML-KEM.Decaps_internal, line 8), H(ek) for the hash check of Section 7.3,
 * and K-bar = J(z || c) (ML-KEM.Decaps_internal, line 7).
 */
void mlkem_decaps_prep_c(mlkem_polyvec At[MLKEM_K], uint8_t h[MLKEM_SYMBYTES],
                         uint8_t kbar[MLKEM_SYMBYTES], const uint8_t ek[MLKEM768_PUBLICKEYBYTES],
                         const uint8_t z[MLKEM_SYMBYTES],
                         const uint8_t c[MLKEM768_CIPHERTEXTBYTES])
{
    sha3_ctx j;

    mlkem_gen_matrix_c(At, ek + MLKEM_POLYVECBYTES, 1);
    sha3_256(h, ek, MLKEM768_PUBLICKEYBYTES);
    shake256_init(&j);
    (void)sha3_absorb(&j, z, MLKEM_SYMBYTES);
    (void)sha3_absorb(&j, c, MLKEM768_CIPHERTEXTBYTES);
    shake_finalize(&j);
    shake_squeeze(&j, kbar, MLKEM_SYMBYTES);
    sha3_wipe(&j);
}

/*
 * K-PKE.KeyGen's sampling (its lines 3-15), in one call so that
 * the x86-64 backend can run the 15 streams on the 4-way Keccak: A-hat from
 * rho, s[i] = SamplePolyCBD_2(PRF_2(sigma, i)), e[i] likewise with N = k + i.
 */
void mlkem_keygen_prep_c(mlkem_polyvec A[MLKEM_K], mlkem_polyvec *s, mlkem_polyvec *e,
                         const uint8_t rho[MLKEM_SYMBYTES], const uint8_t sigma[MLKEM_SYMBYTES])
{
    uint8_t N = 0;

    mlkem_gen_matrix_c(A, rho, 0);
    for (unsigned i = 0; i < MLKEM_K; i++) {
        mlkem_poly_cbd_eta2(&s->p[i], sigma, N++);
    }
    for (unsigned i = 0; i < MLKEM_K; i++) {
        mlkem_poly_cbd_eta2(&e->p[i], sigma, N++);
    }
}
