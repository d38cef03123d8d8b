/*
 * mlkem768.h -- ML-KEM-768, the module-lattice key-encapsulation mechanism of
 * FIPS 203 (final, August 2024), parameter set k = 3, eta1 = eta2 = 2,
 * du = 10, dv = 4 (FIPS 203, Section 8, Table 2).
 *
 * Conventions (all functions; API.md):
 *  - 0 on success, a negative MLKEM768_ERR_* value on error; on error every
 *    output buffer is zeroed. A NULL buffer pointer is MLKEM768_ERR_NULL (the
 *    outputs that are not NULL are zeroed).
 *  - Buffers have the fixed sizes below; the caller checks lengths of byte
 *    strings received from elsewhere before calling (FIPS 203, Sections
 *    7.2 and 7.3, "type check").
 *  - A wrong ciphertext is NOT an error: decapsulation then returns the
 *    implicit-rejection key K-bar = J(z || c) (FIPS 203, ML-KEM.Decaps_internal).
 *  - Everything that touches secrets runs in constant time and wipes its
 *    intermediate secrets (FIPS 203, Section 3.3). See README.md.
 *
 * Randomness: the randomized functions call the hook randombytes() below,
 * which whoever links this directory must provide (0 on success).
 */
#ifndef AEGIS_MLKEM768_H
#define AEGIS_MLKEM768_H

#include <stddef.h>
#include <stdint.h>

#include "mlkem_config.h"   /* namespace, randombytes hook, FIPS 202 header */

#ifdef __cplusplus
extern "C" {
#endif

/* MLKEM_MUST_CHECK: a result the caller must use (warn_unused_result; API.md,
 * "Results that must be used"). Predefine it to override. */
#ifndef MLKEM_MUST_CHECK
#if defined(__GNUC__) || defined(__clang__)
#define MLKEM_MUST_CHECK __attribute__((warn_unused_result))
#else
#define MLKEM_MUST_CHECK
#endif
#endif

#define MLKEM768_PUBLICKEYBYTES 1184   /* ek: 384k + 32              */
#define MLKEM768_SECRETKEYBYTES 2400   /* dk: 768k + 96              */
#define MLKEM768_CIPHERTEXTBYTES 1088  /* c:  32(du k + dv)          */
#define MLKEM768_SSBYTES 32            /* K:  shared secret key       */
#define MLKEM768_KEYPAIRCOINBYTES 64   /* d || z                      */
#define MLKEM768_ENCAPSCOINBYTES 32    /* m                           */

/* Results (the shared set of API.md; mlkem/ returns only these). */
#define MLKEM768_OK 0
#define MLKEM768_ERR_NULL (-2)         /* a buffer pointer is NULL    */
#define MLKEM768_ERR_RANDOM (-4)       /* randombytes() failed        */
#define MLKEM768_ERR_PK (-5)           /* ek fails the modulus check  */
#define MLKEM768_ERR_SK (-6)           /* dk fails the hash check     */

/* The randomness hook: fill buf with len bytes from an approved RBG. */
int MLKEM_RANDOMBYTES(uint8_t *buf, size_t len); /* randombytes unless configured */

/*
 * Key generation from explicit coins (FIPS 203, Algorithm 16,
 * ML-KEM.KeyGen_internal), coins = d || z (32 + 32 bytes).
 * @param[out] pk  encapsulation key ek, MLKEM768_PUBLICKEYBYTES
 * @param[out] sk  decapsulation key dk, MLKEM768_SECRETKEYBYTES
 * @param[in]  coins  d || z, MLKEM768_KEYPAIRCOINBYTES
 * @retval 0, MLKEM768_ERR_NULL (pk, sk zeroed)
 */
MLKEM_MUST_CHECK
int mlkem768_keypair_derand(uint8_t pk[MLKEM768_PUBLICKEYBYTES],
                            uint8_t sk[MLKEM768_SECRETKEYBYTES],
                            const uint8_t coins[MLKEM768_KEYPAIRCOINBYTES]);

/*
 * Key generation (FIPS 203, Algorithm 19, ML-KEM.KeyGen): one 64-byte
 * randombytes() call gives d || z.
 * @retval 0, MLKEM768_ERR_NULL, MLKEM768_ERR_RANDOM (pk, sk zeroed)
 */
MLKEM_MUST_CHECK
int mlkem768_keypair(uint8_t pk[MLKEM768_PUBLICKEYBYTES],
                     uint8_t sk[MLKEM768_SECRETKEYBYTES]);

/*
 * Encapsulation from explicit coins m (FIPS 203, Algorithm 17,
 * ML-KEM.Encaps_internal), after the input check of Section 7.2.
 * @param[out] ct  ciphertext c, MLKEM768_CIPHERTEXTBYTES
 * @param[out] ss  shared secret K, MLKEM768_SSBYTES
 * @param[in]  pk  encapsulation key ek, MLKEM768_PUBLICKEYBYTES
 * @param[in]  coins  m, MLKEM768_ENCAPSCOINBYTES
 * @retval 0, MLKEM768_ERR_NULL, MLKEM768_ERR_PK (ct, ss zeroed)
 */
MLKEM_MUST_CHECK
int mlkem768_encaps_derand(uint8_t ct[MLKEM768_CIPHERTEXTBYTES],
                           uint8_t ss[MLKEM768_SSBYTES],
                           const uint8_t pk[MLKEM768_PUBLICKEYBYTES],
                           const uint8_t coins[MLKEM768_ENCAPSCOINBYTES]);

/*
 * Encapsulation (FIPS 203, Algorithm 20, ML-KEM.Encaps): one 32-byte
 * randombytes() call gives m.
 * @retval 0, MLKEM768_ERR_NULL, MLKEM768_ERR_RANDOM, MLKEM768_ERR_PK (ct, ss zeroed;
 *         a rejected ek consumes no randomness)
 */
MLKEM_MUST_CHECK
int mlkem768_encaps(uint8_t ct[MLKEM768_CIPHERTEXTBYTES], uint8_t ss[MLKEM768_SSBYTES],
                    const uint8_t pk[MLKEM768_PUBLICKEYBYTES]);

/*
 * Decapsulation (FIPS 203, Algorithm 21, ML-KEM.Decaps, with Algorithm 18,
 * ML-KEM.Decaps_internal), after the hash check of Section 7.3.
 * A ciphertext that does not re-encrypt gives K-bar = J(z || c), not an error.
 * @param[out] ss  shared secret K, MLKEM768_SSBYTES
 * @param[in]  ct  ciphertext c, MLKEM768_CIPHERTEXTBYTES
 * @param[in]  sk  decapsulation key dk, MLKEM768_SECRETKEYBYTES
 * @retval 0, MLKEM768_ERR_NULL, MLKEM768_ERR_SK (ss zeroed)
 */
MLKEM_MUST_CHECK
int mlkem768_decaps(uint8_t ss[MLKEM768_SSBYTES], const uint8_t ct[MLKEM768_CIPHERTEXTBYTES],
                    const uint8_t sk[MLKEM768_SECRETKEYBYTES]);

/*
 * Encapsulation-key check (FIPS 203, Section 7.2, "modulus check"):
 * ByteEncode12(ByteDecode12(ek[0:1152])) == ek[0:1152], i.e. every 12-bit
 * coefficient of t-hat is below q = 3329.
 * @retval 0 if ek passes, MLKEM768_ERR_PK otherwise, MLKEM768_ERR_NULL if pk is NULL
 */
MLKEM_MUST_CHECK
int mlkem768_check_pk(const uint8_t pk[MLKEM768_PUBLICKEYBYTES]);

/*
 * Decapsulation-key check (FIPS 203, Section 7.3, "hash check"):
 * H(dk[1152:2336]) == dk[2336:2368], the stored hash of the embedded ek.
 * @retval 0 if dk passes, MLKEM768_ERR_SK otherwise, MLKEM768_ERR_NULL if sk is NULL
 */
MLKEM_MUST_CHECK
int mlkem768_check_sk(const uint8_t sk[MLKEM768_SECRETKEYBYTES]);

/* ---- BEGIN deprecated aliases (API.md, "Renamed in 0.3.0") ---- */
#ifndef AEGIS_NO_DEPRECATED
#define MLKEM768_BYTES MLKEM768_SSBYTES
#endif
/* ---- END deprecated aliases ---- */

#ifdef __cplusplus
}
#endif

#endif
