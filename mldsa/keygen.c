/*
 * keygen.c -- ML-DSA-65 key generation (FIPS 204): ML-DSA.KeyGen_internal
 * (Algorithm 6) and ML-DSA.KeyGen (Algorithm 1), with pkEncode and skEncode
 * applied polynomial by polynomial at the offsets of params.h. The memory
 * plan is in internal.h.
 */
#include <string.h>

#include "ct.h"
#include "internal.h"

/* FIPS 204, Algorithm 6, ML-DSA.KeyGen_internal(xi). */
int mldsa65_keypair_derand(uint8_t pk[MLDSA65_PUBLICKEYBYTES],
                           uint8_t sk[MLDSA65_SECRETKEYBYTES],
                           const uint8_t seed[MLDSA65_SEEDBYTES])
{
    uint8_t in[MLDSA_SEEDBYTES + 2];
    uint8_t seeds[2 * MLDSA_SEEDBYTES + MLDSA_CRHBYTES]; /* rho || rho' || K */
    const uint8_t *rho = seeds, *rhop = seeds + MLDSA_SEEDBYTES;
    const uint8_t *key = seeds + MLDSA_SEEDBYTES + MLDSA_CRHBYTES;
    struct {
        int32_t s1hat[MLDSA_L][MLDSA_N];
#if MLDSA_X86_64
        int32_t t[MLDSA_K][MLDSA_N]; /* A-hat o NTT(s1), all rows */
        int32_t a4[4][MLDSA_N];
#else
        int64_t acc[MLDSA_N];
        int32_t t[MLDSA_N];
#endif
        int32_t a[MLDSA_N];
    } ws;

    if (pk == NULL || sk == NULL || seed == NULL) {
        if (pk != NULL) {
            memset(pk, 0, MLDSA65_PUBLICKEYBYTES);
        }
        if (sk != NULL) {
            memset(sk, 0, MLDSA65_SECRETKEYBYTES);
        }
        return MLDSA65_ERR_NULL;
    }
    /* Step 1: (rho, rho', K) <- H(xi || IntegerToBytes(k, 1) || IntegerToBytes(l, 1), 128). */
    memcpy(in, seed, MLDSA_SEEDBYTES);
    in[MLDSA_SEEDBYTES] = MLDSA_K;
    in[MLDSA_SEEDBYTES + 1] = MLDSA_L;
    shake256(seeds, sizeof seeds, in, sizeof in);
    /* rho is the public seed of A-hat (it goes into pk): declassified
     * (constant-time.md 1.4, ML-DSA item 1) so that ExpandA may branch. */
    MLDSA_CT_DECLASSIFY(seeds, MLDSA_SEEDBYTES);

#if MLDSA_X86_64
    /* Backend: step 4 (ExpandS), all l + k polynomials four at a time
     * (r = 0..10, the last batch repeats r = 10); skEncode steps 3, 6 (s1
     * and s2 are contiguous in sk); NTT(s1) for step 5. */
    for (unsigned b = 0; b < MLDSA_L + MLDSA_K; b += 4) {
        uint16_t r4[4];
        for (unsigned k = 0; k < 4; k++) {
            r4[k] = (uint16_t)(b + k < MLDSA_L + MLDSA_K ? b + k : MLDSA_L + MLDSA_K - 1);
        }
        mldsa_rej_bounded_poly_x4(ws.a4, rhop, r4);
        for (unsigned k = 0; k < 4 && b + k < MLDSA_L + MLDSA_K; k++) {
            mldsa_pack_eta_avx2(sk + MLDSA_SK_S1 + (b + k) * MLDSA_ETA_POLYBYTES, ws.a4[k]);
            if (b + k < MLDSA_L) {
                memcpy(ws.s1hat[b + k], ws.a4[k], sizeof ws.a4[k]);
                MLDSA_NTT(ws.s1hat[b + k]);
            }
        }
    }
    /* Steps 3, 5: A-hat o NTT(s1) for all rows, A-hat four entries at a time. */
    mldsa_matrix_mul_x4(ws.t, ws.s1hat, rho, ws.a4);
#else
    /* Step 4 (ExpandS, first half): s1; skEncode step 3; NTT(s1) for step 5. */
    for (unsigned r = 0; r < MLDSA_L; r++) {
        mldsa_rej_bounded_poly(ws.s1hat[r], rhop, (uint16_t)r);
        mldsa_pack_eta(sk + MLDSA_SK_S1 + r * MLDSA_ETA_POLYBYTES, ws.s1hat[r]);
        MLDSA_NTT(ws.s1hat[r]);
    }
#endif

    /*
     * Steps 3, 5, 6 row by row. Deviation: A-hat[i][j] is expanded (step 3,
     * ExpandA) just before its one use, so the matrix is never stored whole.
     */
    for (unsigned i = 0; i < MLDSA_K; i++) {
#if MLDSA_X86_64
        /* Backend: A-hat o NTT(s1) is ready for every row (above). */
        mldsa_invntt_freeze(ws.t[i]); /* NTT^-1(A-hat o NTT(s1))[i] */
        /* Steps 5, 6 with s2[i] read back from skEncode (written above). */
        mldsa_power2round_avx2(ws.t[i], ws.a, sk + MLDSA_SK_S2 + i * MLDSA_ETA_POLYBYTES);
        mldsa_pack_t1_avx2(pk + MLDSA_PK_T1 + i * MLDSA_T1_POLYBYTES, ws.t[i]); /* pkEncode 3 */
        mldsa_pack_t0_avx2(sk + MLDSA_SK_T0 + i * MLDSA_T0_POLYBYTES, ws.a); /* skEncode 9 */
#else
        memset(ws.acc, 0, sizeof ws.acc);
        for (unsigned j = 0; j < MLDSA_L; j++) {
            mldsa_rej_ntt_poly(ws.a, rho, (uint8_t)j, (uint8_t)i);
            mldsa_pointwise_acc64(ws.acc, ws.a, ws.s1hat[j]);
        }
        mldsa_acc_reduce(ws.t, ws.acc);
        mldsa_invntt_freeze(ws.t); /* NTT^-1(A-hat o NTT(s1))[i] */
        /* Step 4 (ExpandS, second half): s2[i]; skEncode step 6. */
        mldsa_rej_bounded_poly(ws.a, rhop, (uint16_t)(MLDSA_L + i));
        mldsa_pack_eta(sk + MLDSA_SK_S2 + i * MLDSA_ETA_POLYBYTES, ws.a);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            int32_t t1, t0;
            /* Step 5: t = ... + s2, in [0, q); step 6: Power2Round. */
            mldsa_power2round(&t1, &t0, mldsa_freeze(ws.t[n] + ws.a[n]));
            ws.t[n] = t1;
            ws.a[n] = t0;
        }
        mldsa_pack_t1(pk + MLDSA_PK_T1 + i * MLDSA_T1_POLYBYTES, ws.t); /* pkEncode step 3 */
        mldsa_pack_t0(sk + MLDSA_SK_T0 + i * MLDSA_T0_POLYBYTES, ws.a); /* skEncode step 9 */
#endif
    }

    /* Step 8: pkEncode(rho, t1); step 9: tr <- H(pk, 64); step 10: skEncode. */
    memcpy(pk, rho, MLDSA_SEEDBYTES);
    memcpy(sk, rho, MLDSA_SEEDBYTES);
    memcpy(sk + MLDSA_SK_K, key, MLDSA_SEEDBYTES);
    shake256(sk + MLDSA_SK_TR, MLDSA_CRHBYTES, pk, MLDSA65_PUBLICKEYBYTES);

    mldsa_ct_wipe(&ws, sizeof ws);
    mldsa_ct_wipe(seeds, sizeof seeds);
    mldsa_ct_wipe(in, sizeof in);
    return 0;
}

/* FIPS 204, Algorithm 1, ML-DSA.KeyGen. */
int mldsa65_keypair(uint8_t pk[MLDSA65_PUBLICKEYBYTES], uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    uint8_t xi[MLDSA_SEEDBYTES];
    int ret;
    if (pk == NULL || sk == NULL) {
        return mldsa65_keypair_derand(pk, sk, NULL); /* MLDSA65_ERR_NULL, outputs zeroed */
    }
    if (randombytes(xi, sizeof xi) != 0) {
        mldsa_ct_wipe(xi, sizeof xi);
        memset(pk, 0, MLDSA65_PUBLICKEYBYTES);
        memset(sk, 0, MLDSA65_SECRETKEYBYTES);
        return MLDSA65_ERR_RANDOM;
    }
    ret = mldsa65_keypair_derand(pk, sk, xi);
    mldsa_ct_wipe(xi, sizeof xi);
    return ret;
}
