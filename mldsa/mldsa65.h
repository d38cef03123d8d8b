/*
 * mldsa65.h -- ML-DSA-65 (FIPS 204, Module-Lattice-Based Digital Signature
 * Standard, final version of August 13, 2024), parameter set ML-DSA-65.
 *
 * Depends only on ../sha3/ (SHAKE128, SHAKE256). No heap, no I/O, no global
 * mutable state. The caller links one function, randombytes(), used by the
 * randomized functions only (mldsa65_keypair, and the signers without
 * _derand or _internal); the _derand twins take the randomness explicitly.
 *
 * Conventions (API.md): 0 = success, negative = error (MLDSA65_ERR_*). On
 * error every output buffer is zeroed (every one that is not NULL). A
 * verification failure, a malformed signature included, is MLDSA65_ERR_VERIFY.
 */
#ifndef AEGIS_MLDSA65_H
#define AEGIS_MLDSA65_H

#include <stddef.h>
#include <stdint.h>

#include "mldsa_config.h"   /* namespace, randombytes hook, FIPS 202 header */

#ifdef __cplusplus
extern "C" {
#endif

/* MLDSA_MUST_CHECK: a result the caller must use (warn_unused_result; API.md,
 * "Results that must be used"). Predefine it to override. */
#ifndef MLDSA_MUST_CHECK
#if defined(__GNUC__) || defined(__clang__)
#define MLDSA_MUST_CHECK __attribute__((warn_unused_result))
#else
#define MLDSA_MUST_CHECK
#endif
#endif

/* Sizes in bytes (FIPS 204, Table 2). */
#define MLDSA65_PUBLICKEYBYTES 1952
#define MLDSA65_SECRETKEYBYTES 4032
#define MLDSA65_SIGBYTES 3309
#define MLDSA65_SEEDBYTES 32   /* xi, the key-generation seed */
#define MLDSA65_RNDBYTES 32    /* rnd, the per-signature randomness */
#define MLDSA65_CTX_MAXBYTES 255
#define MLDSA65_MUBYTES 64     /* mu, the message representative */

/* Results (the shared set of API.md; mldsa/ returns only these). */
#define MLDSA65_OK 0
#define MLDSA65_ERR_VERIFY (-1)   /* signature invalid or malformed (verify only) */
#define MLDSA65_ERR_NULL (-2)     /* a key/seed/rnd/mu/sig pointer NULL, or m, ctx, M'
                                     NULL with a non-zero length (outputs zeroed) */
#define MLDSA65_ERR_LENGTH (-3)   /* context string longer than 255 bytes, or a key of
                                     the wrong length (the _pklen / _sklen variants) */
#define MLDSA65_ERR_RANDOM (-4)   /* randombytes() failed */
#define MLDSA65_ERR_SK (-6)       /* malformed sk: s1/s2 coefficient outside [-eta, eta] */
#define MLDSA65_ERR_PARAM (-7)    /* unknown pre-hash identifier (HashML-DSA) */
#define MLDSA65_ERR_ATTEMPTS (-8) /* signing loop bound reached (FIPS 204, Appendix C) */

/*
 * Upper bound on the attempts of the signing loop (FIPS 204, Appendix C: an
 * implementation may bound the loop, but not below the minimum of Table 3).
 * FIPS 204 as published (August 2024) gave 814; NIST's errata for FIPS 204
 * corrected the expected repetitions of Table 1 (4.36 / 5.14 / 3.91 for
 * ML-DSA-44 / 65 / 87) and raised the Table 3 minimum to 821. The bound here
 * is that minimum; the probability of reaching it is negligible. Reaching it
 * returns MLDSA65_ERR_ATTEMPTS with a zeroed signature.
 */
#define MLDSA65_MAX_SIGN_ATTEMPTS 821

/* The randomness hook, provided by whoever links this directory. */
int MLDSA_RANDOMBYTES(uint8_t *buf, size_t len); /* randombytes unless configured */

/*
 * Key generation from a seed: FIPS 204, Algorithm 6, ML-DSA.KeyGen_internal.
 * @param[out] pk   MLDSA65_PUBLICKEYBYTES
 * @param[out] sk   MLDSA65_SECRETKEYBYTES (the FIPS 204 expanded encoding)
 * @param[in]  seed xi, 32 bytes
 * @retval 0, MLDSA65_ERR_NULL (pk, sk zeroed)
 */
MLDSA_MUST_CHECK
int mldsa65_keypair_derand(uint8_t pk[MLDSA65_PUBLICKEYBYTES],
                           uint8_t sk[MLDSA65_SECRETKEYBYTES],
                           const uint8_t seed[MLDSA65_SEEDBYTES]);

/* FIPS 204, Algorithm 1, ML-DSA.KeyGen: xi from randombytes().
 * @retval 0, MLDSA65_ERR_NULL, MLDSA65_ERR_RANDOM (pk, sk zeroed) */
MLDSA_MUST_CHECK
int mldsa65_keypair(uint8_t pk[MLDSA65_PUBLICKEYBYTES], uint8_t sk[MLDSA65_SECRETKEYBYTES]);

/*
 * FIPS 204, Algorithm 2, ML-DSA.Sign, with rnd given: rnd = 0^32 is the
 * deterministic variant, fresh random rnd the hedged one.
 * @param[out] sig  MLDSA65_SIGBYTES
 * @param[in]  m, mlen     message (m may be NULL if mlen == 0)
 * @param[in]  ctx, ctxlen context string, ctxlen <= 255 (ctx may be NULL if 0)
 * @param[in]  rnd  32 bytes
 * @param[in]  sk   MLDSA65_SECRETKEYBYTES
 * @retval 0, MLDSA65_ERR_NULL, MLDSA65_ERR_LENGTH (ctxlen > 255), MLDSA65_ERR_SK,
 *         MLDSA65_ERR_ATTEMPTS (sig zeroed)
 */
MLDSA_MUST_CHECK
int mldsa65_sign_derand(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *m, size_t mlen,
                        const uint8_t *ctx, size_t ctxlen, const uint8_t rnd[MLDSA65_RNDBYTES],
                        const uint8_t sk[MLDSA65_SECRETKEYBYTES]);

/* FIPS 204, Algorithm 2, ML-DSA.Sign, hedged: rnd from randombytes() (drawn
 * after the argument checks).
 * @retval as mldsa65_sign_derand, or MLDSA65_ERR_RANDOM */
MLDSA_MUST_CHECK
int mldsa65_sign(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *m, size_t mlen, const uint8_t *ctx,
                 size_t ctxlen, const uint8_t sk[MLDSA65_SECRETKEYBYTES]);

/*
 * FIPS 204, Algorithm 3, ML-DSA.Verify. Strict: siglen must be exactly
 * MLDSA65_SIGBYTES, the hint encoding canonical, ||z|| < gamma1 - beta, and all
 * 48 bytes of c-tilde must match.
 * @retval 0 (valid), MLDSA65_ERR_VERIFY (invalid, or malformed: any other siglen),
 *         MLDSA65_ERR_NULL (pk NULL, or m, ctx or sig NULL with a non-zero length),
 *         MLDSA65_ERR_LENGTH (ctxlen > 255)
 */
MLDSA_MUST_CHECK
int mldsa65_verify(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                   const uint8_t *ctx, size_t ctxlen, const uint8_t pk[MLDSA65_PUBLICKEYBYTES]);

/*
 * The internal interface (ACVP "internal"): ML-DSA.Sign_internal
 * (Algorithm 7) and ML-DSA.Verify_internal (Algorithm 8), on a
 * caller-formatted M' (no domain byte or context added).
 * sign_internal   @retval 0, MLDSA65_ERR_NULL, MLDSA65_ERR_SK, MLDSA65_ERR_ATTEMPTS
 * verify_internal @retval 0, MLDSA65_ERR_VERIFY, MLDSA65_ERR_NULL
 */
MLDSA_MUST_CHECK
int mldsa65_sign_internal(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *mp, size_t mplen,
                          const uint8_t rnd[MLDSA65_RNDBYTES],
                          const uint8_t sk[MLDSA65_SECRETKEYBYTES]);
MLDSA_MUST_CHECK
int mldsa65_verify_internal(const uint8_t *sig, size_t siglen, const uint8_t *mp, size_t mplen,
                            const uint8_t pk[MLDSA65_PUBLICKEYBYTES]);

/*
 * Length-checked variants for keys held in buffers of untrusted length
 * (bad-input items 11 and 18): MLDSA65_ERR_LENGTH (and a zeroed signature)
 * unless pklen == MLDSA65_PUBLICKEYBYTES / sklen == MLDSA65_SECRETKEYBYTES.
 * verify_pklen @retval as mldsa65_verify (MLDSA65_ERR_LENGTH for pklen too)
 * sign_sklen   @retval as mldsa65_sign (MLDSA65_ERR_LENGTH for sklen too)
 */
MLDSA_MUST_CHECK
int mldsa65_verify_pklen(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                         const uint8_t *ctx, size_t ctxlen, const uint8_t *pk, size_t pklen);
MLDSA_MUST_CHECK
int mldsa65_sign_sklen(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *m, size_t mlen,
                       const uint8_t *ctx, size_t ctxlen, const uint8_t *sk, size_t sklen);

/*
 * Secret-key check (FIPS 204, Algorithm 25, skDecode, steps 5 and 8): every
 * coefficient of s1 and s2 in [-eta, eta], i.e. no half-byte above 8 (KeyGen
 * never writes one). The same check signing makes, constant time. There is
 * no mldsa65_check_pk: every 1952-byte string decodes to a public key
 * (pkDecode, Algorithm 23, has nothing to reject).
 * @retval 0 if sk passes, MLDSA65_ERR_SK otherwise, MLDSA65_ERR_NULL if sk is NULL
 */
MLDSA_MUST_CHECK
int mldsa65_check_sk(const uint8_t sk[MLDSA65_SECRETKEYBYTES]);

/*
 * Extra: external mu. mu = H(BytesToBits(H(pk, 64)) || M', 64) with
 * M' = 0 || |ctx| || ctx || M (FIPS 204, Algorithm 7 step 6 / Algorithm 8
 * steps 6-7, computed by a party holding pk and M); the signer then runs
 * Algorithm 7 from step 7 on. mldsa65_sign_mu(compute_mu(M, ctx, pk)) gives the
 * same signature as mldsa65_sign(M, ctx) with the same rnd.
 * compute_mu     @retval 0, MLDSA65_ERR_NULL, MLDSA65_ERR_LENGTH (mu zeroed)
 * sign_mu_derand @retval 0, MLDSA65_ERR_NULL, MLDSA65_ERR_SK, MLDSA65_ERR_ATTEMPTS
 * sign_mu        @retval as sign_mu_derand, or MLDSA65_ERR_RANDOM
 * verify_mu      @retval 0, MLDSA65_ERR_VERIFY, MLDSA65_ERR_NULL
 */
MLDSA_MUST_CHECK
int mldsa65_compute_mu(uint8_t mu[MLDSA65_MUBYTES], const uint8_t *m, size_t mlen,
                       const uint8_t *ctx, size_t ctxlen,
                       const uint8_t pk[MLDSA65_PUBLICKEYBYTES]);
MLDSA_MUST_CHECK
int mldsa65_sign_mu_derand(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t mu[MLDSA65_MUBYTES],
                           const uint8_t rnd[MLDSA65_RNDBYTES],
                           const uint8_t sk[MLDSA65_SECRETKEYBYTES]);
MLDSA_MUST_CHECK
int mldsa65_sign_mu(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t mu[MLDSA65_MUBYTES],
                    const uint8_t sk[MLDSA65_SECRETKEYBYTES]);
MLDSA_MUST_CHECK
int mldsa65_verify_mu(const uint8_t *sig, size_t siglen, const uint8_t mu[MLDSA65_MUBYTES],
                      const uint8_t pk[MLDSA65_PUBLICKEYBYTES]);

/*
 * Extra: HashML-DSA (FIPS 204: HashML-DSA.Sign, Algorithm 4, and
 * HashML-DSA.Verify, Algorithm 5) with the twelve pre-hashes of the NIST hashAlgs arc
 * (FIPS 204, Section 5.4): SHA3-224/256/384/512, SHAKE128 (256-bit output),
 * SHAKE256 (512-bit output), SHA-224/256/384/512, SHA-512/224, SHA-512/256.
 * Any other identifier is MLDSA65_ERR_PARAM. The message M is hashed here:
 * PH(M) is computed by the function.
 * prehash_sign_derand @retval 0, MLDSA65_ERR_NULL, MLDSA65_ERR_LENGTH,
 *                             MLDSA65_ERR_PARAM, MLDSA65_ERR_SK, MLDSA65_ERR_ATTEMPTS
 * prehash_sign        @retval as prehash_sign_derand, or MLDSA65_ERR_RANDOM
 * prehash_verify      @retval 0, MLDSA65_ERR_VERIFY, MLDSA65_ERR_NULL,
 *                             MLDSA65_ERR_LENGTH, MLDSA65_ERR_PARAM
 */
#define MLDSA65_PH_SHA3_256 1
#define MLDSA65_PH_SHA3_512 2
#define MLDSA65_PH_SHAKE128 3
#define MLDSA65_PH_SHAKE256 4
#define MLDSA65_PH_SHA2_224 5
#define MLDSA65_PH_SHA2_256 6
#define MLDSA65_PH_SHA2_384 7
#define MLDSA65_PH_SHA2_512 8
#define MLDSA65_PH_SHA2_512_224 9
#define MLDSA65_PH_SHA2_512_256 10
#define MLDSA65_PH_SHA3_224 11
#define MLDSA65_PH_SHA3_384 12
MLDSA_MUST_CHECK
int mldsa65_prehash_sign_derand(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *m, size_t mlen,
                                const uint8_t *ctx, size_t ctxlen, int ph,
                                const uint8_t rnd[MLDSA65_RNDBYTES],
                                const uint8_t sk[MLDSA65_SECRETKEYBYTES]);
MLDSA_MUST_CHECK
int mldsa65_prehash_sign(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *m, size_t mlen,
                         const uint8_t *ctx, size_t ctxlen, int ph,
                         const uint8_t sk[MLDSA65_SECRETKEYBYTES]);
MLDSA_MUST_CHECK
int mldsa65_prehash_verify(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                           const uint8_t *ctx, size_t ctxlen, int ph,
                           const uint8_t pk[MLDSA65_PUBLICKEYBYTES]);

/* ---- BEGIN deprecated aliases (API.md, "Renamed in 0.3.0") ---- */
#ifndef AEGIS_NO_DEPRECATED
#define MLDSA65_BYTES MLDSA65_SIGBYTES
#define MLDSA65_ERR_CTX MLDSA65_ERR_LENGTH
#define MLDSA65_ERR_SECRETKEY MLDSA65_ERR_SK
#define MLDSA65_ERR_PREHASH MLDSA65_ERR_PARAM
#endif
/* ---- END deprecated aliases ---- */

#ifdef __cplusplus
}
#endif

#endif
