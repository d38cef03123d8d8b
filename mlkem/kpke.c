/*
 * kpke.c -- K-PKE (FIPS 203, Section 5): KeyGen (Algorithm 13), Encrypt
 * (Algorithm 14) and Decrypt (Algorithm 15), for k = 3, eta1 = eta2 = 2,
 * du = 10, dv = 4.
 *
 * Every polynomial or seed derived from d, m or r is secret and wiped
 * before return (FIPS 203, Section 3.3); A-hat, t-hat and rho are public.
 */
#include <string.h>

#include "ct.h"
#include "kpke.h"
#include "poly.h"

/* The precomputation for a vector b-hat used as right operand of products. */
static void mlkem_polyvec_mulcache_compute(mlkem_polyvec_mulcache *cache, const mlkem_polyvec *b)
{
    for (unsigned j = 0; j < MLKEM_K; j++) {
        mlkem_poly_mulcache(&cache->m[j], &b->p[j]);
    }
}

/* FIPS 203, Algorithm 13, K-PKE.KeyGen(d). */
void mlkem_kpke_keygen(uint8_t ek[MLKEM768_PUBLICKEYBYTES], uint8_t dk[MLKEM_POLYVECBYTES],
                       const uint8_t d[MLKEM_SYMBYTES])
{
    uint8_t dk_in[MLKEM_SYMBYTES + 1];
    uint8_t rho_sigma[2 * MLKEM_SYMBYTES];
    const uint8_t *rho = rho_sigma, *sigma = rho_sigma + MLKEM_SYMBYTES;
    mlkem_polyvec A[MLKEM_K];
    mlkem_polyvec s, e, t;
    mlkem_polyvec_mulcache s_cache;

    /* line 1: (rho, sigma) = G(d || k), G = SHA3-512 (eq. 4.5) */
    memcpy(dk_in, d, MLKEM_SYMBYTES);
    dk_in[MLKEM_SYMBYTES] = MLKEM_K;
    sha3_512(rho_sigma, dk_in, sizeof dk_in);
    /* rho is public (it is the last 32 bytes of ek); SampleNTT branches on
     * its XOF output (constant-time.md 1.4, ML-KEM item 1). */
    MLKEM_CT_DECLASSIFY(rho_sigma, MLKEM_SYMBYTES);

    /* lines 3-7: A-hat[i, j] = SampleNTT(rho || j || i);
     * lines 8-15: s[i], e[i] = SamplePolyCBD_eta1(PRF_eta1(sigma, N)), N = 0..2k-1
     * (one call: the backend runs the streams side by side) */
    mlkem_keygen_prep(A, &s, &e, rho, sigma);
    /* lines 16-17: s-hat = NTT(s), e-hat = NTT(e) */
    for (unsigned i = 0; i < MLKEM_K; i++) {
        mlkem_ntt(&s.p[i]);
        mlkem_ntt(&e.p[i]);
    }
    /* line 18: t-hat = A-hat o s-hat + e-hat. The dot product leaves a factor
     * R^-1, which tomont (times R) removes before e-hat is added. */
    mlkem_polyvec_mulcache_compute(&s_cache, &s);
    for (unsigned i = 0; i < MLKEM_K; i++) {
        mlkem_polyvec_basemul_acc(&t.p[i], &A[i], &s, &s_cache);
        mlkem_poly_tomont(&t.p[i]);
        mlkem_poly_add(&t.p[i], &e.p[i]);
        mlkem_poly_reduce(&t.p[i]);
    }
    /* line 19: ek = ByteEncode12(t-hat) || rho */
    for (unsigned i = 0; i < MLKEM_K; i++) {
        mlkem_poly_encode12(ek + i * MLKEM_POLYBYTES, &t.p[i]);
    }
    memcpy(ek + MLKEM_POLYVECBYTES, rho, MLKEM_SYMBYTES);
    /* line 20: dk = ByteEncode12(s-hat) */
    for (unsigned i = 0; i < MLKEM_K; i++) {
        mlkem_poly_reduce(&s.p[i]);
        mlkem_poly_encode12(dk + i * MLKEM_POLYBYTES, &s.p[i]);
    }

    mlkem_ct_wipe(dk_in, sizeof dk_in);
    mlkem_ct_wipe(rho_sigma, sizeof rho_sigma);
    mlkem_ct_wipe(&s, sizeof s);
    mlkem_ct_wipe(&e, sizeof e);
    mlkem_ct_wipe(&s_cache, sizeof s_cache);
    mlkem_ct_wipe(&t, sizeof t);  /* t-hat - e-hat would reveal A s */
}

/* FIPS 203, Algorithm 14, K-PKE.Encrypt(ek_PKE, m, r). */
void mlkem_kpke_encrypt(uint8_t c[MLKEM768_CIPHERTEXTBYTES],
                        const uint8_t ek[MLKEM768_PUBLICKEYBYTES],
                        const mlkem_polyvec At[MLKEM_K],
                        const uint8_t m[MLKEM_SYMBYTES], const uint8_t r[MLKEM_SYMBYTES])
{
    mlkem_polyvec t, y, u;
    mlkem_polyvec_mulcache y_cache;
    mlkem_poly v, e2, mu, w;

    /* lines 2-3: t-hat = ByteDecode12(ek[0:384k]), rho = ek[384k:384k+32] */
    for (unsigned i = 0; i < MLKEM_K; i++) {
        (void)mlkem_poly_decode12(&t.p[i], ek + i * MLKEM_POLYBYTES);
    }
    /* lines 4-8: A-hat, transposed for line 19: At, from the caller */
    /* lines 9-17: y, e1, e2 from PRF(r, N), N = 0..2k, four per call */
    /* (u holds e1 until line 19 adds to it) */
    _Static_assert(MLKEM_K == 3, "the batches below are written out for k = 3");
    mlkem_poly_cbd_eta2_x4(&y.p[0], &y.p[1], &y.p[2], &u.p[0], r, 0, 1, 2, 3);
    mlkem_poly_cbd_eta2_x4(&u.p[1], &u.p[2], &e2, NULL, r, 4, 5, 6, 0);
    /* line 18: y-hat = NTT(y) */
    for (unsigned i = 0; i < MLKEM_K; i++) {
        mlkem_ntt(&y.p[i]);
    }
    mlkem_polyvec_mulcache_compute(&y_cache, &y);
    /* line 19: u = NTT^-1(A-hat^T o y-hat) + e1 (R^-1 and R cancel) */
    for (unsigned i = 0; i < MLKEM_K; i++) {
        mlkem_polyvec_basemul_acc(&w, &At[i], &y, &y_cache);
        mlkem_invntt_tomont(&w);
        mlkem_poly_add(&u.p[i], &w);
    }
    /* line 20: mu = Decompress1(ByteDecode1(m)) */
    mlkem_poly_frommsg(&mu, m);
    /* line 21: v = NTT^-1(t-hat^T o y-hat) + e2 + mu */
    mlkem_polyvec_basemul_acc(&v, &t, &y, &y_cache);
    mlkem_invntt_tomont(&v);
    mlkem_poly_add(&v, &e2);
    mlkem_poly_add(&v, &mu);
    /* lines 22-24: c1 = ByteEncode_du(Compress_du(u)), c2 = ByteEncode_dv(Compress_dv(v)) */
    for (unsigned i = 0; i < MLKEM_K; i++) {
        mlkem_poly_compress_du(c + i * 32 * MLKEM_DU, &u.p[i]);
    }
    mlkem_poly_compress_dv(c + MLKEM_C1BYTES, &v);

    mlkem_ct_wipe(&y, sizeof y);
    mlkem_ct_wipe(&y_cache, sizeof y_cache);
    mlkem_ct_wipe(&u, sizeof u);
    mlkem_ct_wipe(&v, sizeof v);
    mlkem_ct_wipe(&e2, sizeof e2);
    mlkem_ct_wipe(&mu, sizeof mu);
    mlkem_ct_wipe(&w, sizeof w);
}

/* FIPS 203, Algorithm 15, K-PKE.Decrypt(dk_PKE, c). */
void mlkem_kpke_decrypt(uint8_t m[MLKEM_SYMBYTES], const uint8_t dk[MLKEM_POLYVECBYTES],
                        const uint8_t c[MLKEM768_CIPHERTEXTBYTES])
{
    mlkem_polyvec u, s;
    mlkem_polyvec_mulcache u_cache;
    mlkem_poly w, su;

    /* lines 1-4: u' = Decompress_du(ByteDecode_du(c1)), v' likewise from c2
     * (v' goes into w, from which line 6 subtracts) */
    for (unsigned i = 0; i < MLKEM_K; i++) {
        mlkem_poly_decompress_du(&u.p[i], c + i * 32 * MLKEM_DU);
    }
    mlkem_poly_decompress_dv(&w, c + MLKEM_C1BYTES);
    /* line 5: s-hat = ByteDecode12(dk_PKE) */
    for (unsigned i = 0; i < MLKEM_K; i++) {
        (void)mlkem_poly_decode12(&s.p[i], dk + i * MLKEM_POLYBYTES);
    }
    /* line 6: w = v' - NTT^-1(s-hat^T o NTT(u')) (R^-1 and R cancel) */
    for (unsigned i = 0; i < MLKEM_K; i++) {
        mlkem_ntt(&u.p[i]);
    }
    mlkem_polyvec_mulcache_compute(&u_cache, &u);
    mlkem_polyvec_basemul_acc(&su, &s, &u, &u_cache);
    mlkem_invntt_tomont(&su);
    mlkem_poly_sub(&w, &su);
    /* line 7: m = ByteEncode1(Compress1(w)) */
    mlkem_poly_tomsg(m, &w);

    /* u' and v' come from c and are public; s-hat, su and w are not. */
    mlkem_ct_wipe(&s, sizeof s);
    mlkem_ct_wipe(&su, sizeof su);
    mlkem_ct_wipe(&w, sizeof w);
}
