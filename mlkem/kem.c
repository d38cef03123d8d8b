/*
 * kem.c -- ML-KEM-768 (FIPS 203, Sections 6 and 7): the internal algorithms
 * ML-KEM.KeyGen_internal (Algorithm 16), ML-KEM.Encaps_internal
 * (Algorithm 17), ML-KEM.Decaps_internal (Algorithm 18); the external
 * ML-KEM.KeyGen (Algorithm 19), ML-KEM.Encaps (Algorithm 20), ML-KEM.Decaps
 * (Algorithm 21); and the input checks of Sections 7.2 (modulus check) and
 * 7.3 (hash check).
 *
 * Hash functions (Section 4.1): H = SHA3-256, G = SHA3-512, J(s) =
 * SHAKE256(s, 256 bits). This is the final FIPS 203: G(d || k) in K-PKE
 * key generation, m is not hashed, implicit rejection with J(z || c).
 */
#include <string.h>

#include "ct.h"
#include "kpke.h"
#include "mlkem768.h"
#include "poly.h"

/* Zero the outputs that are present (API rule: on error every output is zeroed). */
static void mlkem_zero_outputs(uint8_t *a, size_t alen, uint8_t *b, size_t blen)
{
    if (a != NULL) {
        memset(a, 0, alen);
    }
    if (b != NULL) {
        memset(b, 0, blen);
    }
}

/* FIPS 203, Section 7.2, modulus check: every 12-bit value of t-hat < q. */
int mlkem768_check_pk(const uint8_t pk[MLKEM768_PUBLICKEYBYTES])
{
    mlkem_poly t;
    uint32_t bad = 0;

    if (pk == NULL) {
        return MLKEM768_ERR_NULL;
    }

    for (unsigned i = 0; i < MLKEM_K; i++) {
        bad |= mlkem_poly_decode12(&t, pk + i * MLKEM_POLYBYTES);
    }
    /* ek is public input: branching on the check's result leaks nothing. */
    return bad ? MLKEM768_ERR_PK : 0;
}

/*
 * FIPS 203, Section 7.3, hash check: H(dk[384k : 768k + 32]) equals
 * dk[768k + 32 : 768k + 64]. Both parts are public (the embedded ek and its
 * hash; constant-time.md 1.4, ML-KEM item 4); compared without early exit
 * all the same.
 */
int mlkem768_check_sk(const uint8_t sk[MLKEM768_SECRETKEYBYTES])
{
    uint8_t h[MLKEM_SYMBYTES];
    uint32_t neq;

    if (sk == NULL) {
        return MLKEM768_ERR_NULL;
    }
    MLKEM_CT_DECLASSIFY(sk + MLKEM_DK_EK_OFFSET, MLKEM768_PUBLICKEYBYTES + MLKEM_SYMBYTES);
    sha3_256(h, sk + MLKEM_DK_EK_OFFSET, MLKEM768_PUBLICKEYBYTES);
    neq = mlkem_ct_neq_mask(h, sk + MLKEM_DK_H_OFFSET, MLKEM_SYMBYTES);
    return neq ? MLKEM768_ERR_SK : 0;
}

/* FIPS 203, Algorithm 16, ML-KEM.KeyGen_internal(d, z). */
static void mlkem_keygen_internal(uint8_t ek[MLKEM768_PUBLICKEYBYTES],
                                  uint8_t dk[MLKEM768_SECRETKEYBYTES],
                                  const uint8_t d[MLKEM_SYMBYTES],
                                  const uint8_t z[MLKEM_SYMBYTES])
{
    /* line 1: (ek_PKE, dk_PKE) = K-PKE.KeyGen(d) */
    mlkem_kpke_keygen(ek, dk, d);
    /* line 3: dk = dk_PKE || ek || H(ek) || z */
    memcpy(dk + MLKEM_DK_EK_OFFSET, ek, MLKEM768_PUBLICKEYBYTES);
    sha3_256(dk + MLKEM_DK_H_OFFSET, ek, MLKEM768_PUBLICKEYBYTES);
    memcpy(dk + MLKEM_DK_Z_OFFSET, z, MLKEM_SYMBYTES);
}

/* FIPS 203, Algorithm 17, ML-KEM.Encaps_internal(ek, m). */
static void mlkem_encaps_internal(uint8_t c[MLKEM768_CIPHERTEXTBYTES], uint8_t K[MLKEM_SYMBYTES],
                                  const uint8_t ek[MLKEM768_PUBLICKEYBYTES],
                                  const uint8_t m[MLKEM_SYMBYTES])
{
    uint8_t m_h[2 * MLKEM_SYMBYTES];
    uint8_t K_r[2 * MLKEM_SYMBYTES];
    mlkem_polyvec At[MLKEM_K];

    /* line 1: (K, r) = G(m || H(ek)); H(ek) comes with A-hat^T of line 2's
     * K-PKE.Encrypt (its lines 4-8), which depends on ek alone */
    memcpy(m_h, m, MLKEM_SYMBYTES);
    mlkem_encaps_prep(At, m_h + MLKEM_SYMBYTES, ek);
    sha3_512(K_r, m_h, sizeof m_h);
    /* line 2: c = K-PKE.Encrypt(ek, m, r) */
    mlkem_kpke_encrypt(c, ek, At, m, K_r + MLKEM_SYMBYTES);
    memcpy(K, K_r, MLKEM_SYMBYTES);

    mlkem_ct_wipe(m_h, sizeof m_h);
    mlkem_ct_wipe(K_r, sizeof K_r);
}

/*
 * FIPS 203, Algorithm 18, ML-KEM.Decaps_internal(dk, c). Lines 9-11 ("if
 * c != c' then K' = K-bar") run without a branch: all 1088 bytes are
 * compared (bad-input item 8) into a mask that selects K-bar byte by byte.
 * Deviation: K-bar (line 7) and A-hat^T of line 8 come from the caller, who
 * computes them with the hash check (mlkem_decaps_prep).
 */
static void mlkem_decaps_internal(uint8_t K[MLKEM_SYMBYTES],
                                  const uint8_t dk[MLKEM768_SECRETKEYBYTES],
                                  const uint8_t c[MLKEM768_CIPHERTEXTBYTES],
                                  const mlkem_polyvec At[MLKEM_K],
                                  const uint8_t K_bar[MLKEM_SYMBYTES])
{
    /* lines 1-4: dk_PKE, ek_PKE, h, z are slices of dk */
    const uint8_t *dk_pke = dk;
    const uint8_t *ek_pke = dk + MLKEM_DK_EK_OFFSET;
    const uint8_t *h = dk + MLKEM_DK_H_OFFSET;
    uint8_t m_h[2 * MLKEM_SYMBYTES];   /* m' || h   */
    uint8_t K_r[2 * MLKEM_SYMBYTES];   /* K' || r'  */
    uint8_t c_prime[MLKEM768_CIPHERTEXTBYTES];
    uint32_t fail;

    /* line 5: m' = K-PKE.Decrypt(dk_PKE, c) */
    mlkem_kpke_decrypt(m_h, dk_pke, c);
    /* line 6: (K', r') = G(m' || h) */
    memcpy(m_h + MLKEM_SYMBYTES, h, MLKEM_SYMBYTES);
    sha3_512(K_r, m_h, sizeof m_h);
    /* line 7: K-bar = J(z || c), given */
    /* line 8: c' = K-PKE.Encrypt(ek_PKE, m', r') */
    mlkem_kpke_encrypt(c_prime, ek_pke, At, m_h, K_r + MLKEM_SYMBYTES);
    /* lines 9-11: if c != c' then K' = K-bar (masks, no branch) */
    fail = mlkem_ct_neq_mask(c, c_prime, MLKEM768_CIPHERTEXTBYTES);
    mlkem_ct_cmov(K_r, K_bar, MLKEM_SYMBYTES, fail);
    memcpy(K, K_r, MLKEM_SYMBYTES);

    mlkem_ct_wipe(m_h, sizeof m_h);
    mlkem_ct_wipe(K_r, sizeof K_r);
    mlkem_ct_wipe(c_prime, sizeof c_prime);
    mlkem_ct_wipe(&fail, sizeof fail);
}

/* ML-KEM.KeyGen_internal with d = coins[0:32], z = coins[32:64] (for tests and KATs). */
int mlkem768_keypair_derand(uint8_t pk[MLKEM768_PUBLICKEYBYTES],
                            uint8_t sk[MLKEM768_SECRETKEYBYTES],
                            const uint8_t coins[MLKEM768_KEYPAIRCOINBYTES])
{
    if (pk == NULL || sk == NULL || coins == NULL) {
        mlkem_zero_outputs(pk, MLKEM768_PUBLICKEYBYTES, sk, MLKEM768_SECRETKEYBYTES);
        return MLKEM768_ERR_NULL;
    }
    mlkem_keygen_internal(pk, sk, coins, coins + MLKEM_SYMBYTES);
    return 0;
}

/* FIPS 203, Algorithm 19, ML-KEM.KeyGen: d, z from one 64-byte RBG call. */
int mlkem768_keypair(uint8_t pk[MLKEM768_PUBLICKEYBYTES], uint8_t sk[MLKEM768_SECRETKEYBYTES])
{
    uint8_t coins[MLKEM768_KEYPAIRCOINBYTES];

    if (pk == NULL || sk == NULL) {
        mlkem_zero_outputs(pk, MLKEM768_PUBLICKEYBYTES, sk, MLKEM768_SECRETKEYBYTES);
        return MLKEM768_ERR_NULL;
    }
    if (randombytes(coins, sizeof coins) != 0) {
        mlkem_ct_wipe(coins, sizeof coins);
        memset(pk, 0, MLKEM768_PUBLICKEYBYTES);
        memset(sk, 0, MLKEM768_SECRETKEYBYTES);
        return MLKEM768_ERR_RANDOM;
    }
    mlkem_keygen_internal(pk, sk, coins, coins + MLKEM_SYMBYTES);
    mlkem_ct_wipe(coins, sizeof coins);
    return 0;
}

/* Section 7.2 input check, then ML-KEM.Encaps_internal with m = coins (tests and KATs). */
int mlkem768_encaps_derand(uint8_t ct[MLKEM768_CIPHERTEXTBYTES], uint8_t ss[MLKEM768_SSBYTES],
                           const uint8_t pk[MLKEM768_PUBLICKEYBYTES],
                           const uint8_t coins[MLKEM768_ENCAPSCOINBYTES])
{
    if (ct == NULL || ss == NULL || pk == NULL || coins == NULL) {
        mlkem_zero_outputs(ct, MLKEM768_CIPHERTEXTBYTES, ss, MLKEM768_SSBYTES);
        return MLKEM768_ERR_NULL;
    }
    /* Section 7.2: the modulus check before any use of ek. */
    if (mlkem768_check_pk(pk) != 0) {
        memset(ct, 0, MLKEM768_CIPHERTEXTBYTES);
        memset(ss, 0, MLKEM768_SSBYTES);
        return MLKEM768_ERR_PK;
    }
    mlkem_encaps_internal(ct, ss, pk, coins);
    return 0;
}

/* FIPS 203, Algorithm 20, ML-KEM.Encaps: m from one 32-byte RBG call. */
int mlkem768_encaps(uint8_t ct[MLKEM768_CIPHERTEXTBYTES], uint8_t ss[MLKEM768_SSBYTES],
                    const uint8_t pk[MLKEM768_PUBLICKEYBYTES])
{
    uint8_t m[MLKEM768_ENCAPSCOINBYTES];

    if (ct == NULL || ss == NULL || pk == NULL) {
        mlkem_zero_outputs(ct, MLKEM768_CIPHERTEXTBYTES, ss, MLKEM768_SSBYTES);
        return MLKEM768_ERR_NULL;
    }
    /* Section 7.2 first: a rejected ek consumes no randomness. */
    if (mlkem768_check_pk(pk) != 0) {
        memset(ct, 0, MLKEM768_CIPHERTEXTBYTES);
        memset(ss, 0, MLKEM768_SSBYTES);
        return MLKEM768_ERR_PK;
    }
    if (randombytes(m, sizeof m) != 0) {
        mlkem_ct_wipe(m, sizeof m);
        memset(ct, 0, MLKEM768_CIPHERTEXTBYTES);
        memset(ss, 0, MLKEM768_SSBYTES);
        return MLKEM768_ERR_RANDOM;
    }
    mlkem_encaps_internal(ct, ss, pk, m);
    mlkem_ct_wipe(m, sizeof m);
    return 0;
}

/* FIPS 203, Algorithm 21, ML-KEM.Decaps, with the hash check of Section 7.3. */
int mlkem768_decaps(uint8_t ss[MLKEM768_SSBYTES], const uint8_t ct[MLKEM768_CIPHERTEXTBYTES],
                    const uint8_t sk[MLKEM768_SECRETKEYBYTES])
{
    mlkem_polyvec At[MLKEM_K];
    uint8_t h[MLKEM_SYMBYTES];
    uint8_t K_bar[MLKEM_SYMBYTES];

    if (ss == NULL || ct == NULL || sk == NULL) {
        mlkem_zero_outputs(ss, MLKEM768_SSBYTES, NULL, 0);
        return MLKEM768_ERR_NULL;
    }
    /*
     * Section 7.3 hash check (as mlkem768_check_sk: ek || H(ek) of dk are
     * public, constant-time.md 1.4, ML-KEM item 4), computed together with
     * A-hat^T and K-bar = J(z || c) of ML-KEM.Decaps_internal (one pass of
     * the 4-way Keccak in the backend).
     */
    MLKEM_CT_DECLASSIFY(sk + MLKEM_DK_EK_OFFSET, MLKEM768_PUBLICKEYBYTES + MLKEM_SYMBYTES);
    mlkem_decaps_prep(At, h, K_bar, sk + MLKEM_DK_EK_OFFSET, sk + MLKEM_DK_Z_OFFSET, ct);
    if (mlkem_ct_neq_mask(h, sk + MLKEM_DK_H_OFFSET, MLKEM_SYMBYTES) != 0) {
        mlkem_ct_wipe(K_bar, sizeof K_bar);
        memset(ss, 0, MLKEM768_SSBYTES);
        return MLKEM768_ERR_SK;
    }
    mlkem_decaps_internal(ss, sk, ct, At, K_bar);
    mlkem_ct_wipe(K_bar, sizeof K_bar);
    return 0;
}
