/*
 * fndsa512.h -- Falcon-512 (round-3 specification v1.2, the basis of the
 * coming FIPS 206 "FN-DSA"), with the round-3 encodings:
 *   public key  897 bytes: 0x09 || h (14 bits per coefficient)
 *   secret key 1281 bytes: 0x59 || f (6 bits) || g (6 bits) || F (8 bits)
 *   signature   666 bytes ("padded"): 0x39 || nonce(40) || comp(s2) || zeros
 * and the variable-length compressed signature used by the NIST .rsp
 * signed-message layout (at most 752 bytes, same header 0x39... see below).
 *
 * All functions return 0 on success and a negative FNDSA512_ERR_* value on
 * error (API.md); on error every output is zeroed (every output pointer that
 * is not NULL). A NULL key, seed, nonce, output or length pointer, or a NULL
 * message/signature pointer with a non-zero length, is FNDSA512_ERR_NULL
 * (never a crash); NULL with length 0 is the empty string. The randomized
 * functions check their arguments before drawing any randomness.
 */
#ifndef AEGIS_FNDSA512_H
#define AEGIS_FNDSA512_H

#include <stddef.h>
#include <stdint.h>

#include "fndsa_config.h"   /* namespace, randombytes hook, FIPS 202 header */

#ifdef __cplusplus
extern "C" {
#endif

/* FNDSA_MUST_CHECK: a result the caller must use (warn_unused_result; API.md,
 * "Results that must be used"). Predefine it to override. */
#ifndef FNDSA_MUST_CHECK
#if defined(__GNUC__) || defined(__clang__)
#define FNDSA_MUST_CHECK __attribute__((warn_unused_result))
#else
#define FNDSA_MUST_CHECK
#endif
#endif

#define FNDSA512_PUBLICKEYBYTES 897
#define FNDSA512_SECRETKEYBYTES 1281
#define FNDSA512_SIGBYTES 666       /* padded signature */
#define FNDSA512_COMPRESSED_MAXBYTES 752 /* compressed signature upper bound */
#define FNDSA512_NONCEBYTES 40
#define FNDSA512_SEEDBYTES 48

/* Results (the shared set of API.md; fndsa/ returns only these). */
#define FNDSA512_OK 0
#define FNDSA512_ERR_VERIFY    (-1)  /* signature malformed (any length but 666 /
                                        42..752) or invalid */
#define FNDSA512_ERR_NULL      (-2)  /* NULL pointer (see above); outputs present zeroed */
#define FNDSA512_ERR_LENGTH    (-3)  /* fndsa512_check_pk: pklen is not 897 */
#define FNDSA512_ERR_RANDOM    (-4)  /* randombytes failed */
#define FNDSA512_ERR_PK        (-5)  /* malformed public key (header, h >= q) */
#define FNDSA512_ERR_SK        (-6)  /* secret key rejected (header, values, f not
                                        invertible, NTRU equation) */
#define FNDSA512_ERR_ATTEMPTS  (-8)  /* signing gave up: the attempt bound or SamplerZ's
                                        iteration bound was reached (never with a
                                        genuine key; a corrupt expanded key) */

/* Randomness hook, provided by whoever links (0 on success). */
int FNDSA_RANDOMBYTES(uint8_t *buf, size_t len); /* randombytes unless configured */

/*
 * Key generation (Falcon spec v1.2, Algorithm 4 Keygen, as the round-3
 * reference implements it from a 48-byte seed fed to SHAKE256). The seed
 * (48 bytes) comes from randombytes in fndsa512_keypair.
 * keypair_derand @retval 0, FNDSA512_ERR_NULL, FNDSA512_ERR_SK (an encoding
 *                        that does not fit: cannot happen) (pk, sk zeroed)
 * keypair        @retval as keypair_derand, or FNDSA512_ERR_RANDOM
 */
FNDSA_MUST_CHECK
int fndsa512_keypair_derand(uint8_t pk[FNDSA512_PUBLICKEYBYTES],
                            uint8_t sk[FNDSA512_SECRETKEYBYTES],
                            const uint8_t seed[FNDSA512_SEEDBYTES]);
FNDSA_MUST_CHECK
int fndsa512_keypair(uint8_t pk[FNDSA512_PUBLICKEYBYTES],
                     uint8_t sk[FNDSA512_SECRETKEYBYTES]);

/*
 * Signing, padded format (666 bytes). The derand twin takes the 40-byte
 * nonce r and the 48-byte seed of the sampler's PRNG explicitly. As in the
 * round-3 reference, if the compressed s2 does not fit in 666 bytes a new
 * signature is drawn with the same PRNG stream (the nonce is kept).
 * sign_derand @retval 0, FNDSA512_ERR_NULL, FNDSA512_ERR_SK, FNDSA512_ERR_ATTEMPTS
 *                     (sig zeroed)
 * sign        @retval as sign_derand, or FNDSA512_ERR_RANDOM
 */
FNDSA_MUST_CHECK
int fndsa512_sign_derand(uint8_t sig[FNDSA512_SIGBYTES], const uint8_t *m, size_t mlen,
                         const uint8_t nonce[FNDSA512_NONCEBYTES],
                         const uint8_t seed[FNDSA512_SEEDBYTES],
                         const uint8_t sk[FNDSA512_SECRETKEYBYTES]);
FNDSA_MUST_CHECK
int fndsa512_sign(uint8_t sig[FNDSA512_SIGBYTES], const uint8_t *m, size_t mlen,
                  const uint8_t sk[FNDSA512_SECRETKEYBYTES]);

/*
 * Verification of a padded signature (siglen must be 666).
 * @retval 0 (valid), FNDSA512_ERR_VERIFY (invalid or malformed), FNDSA512_ERR_NULL,
 *         FNDSA512_ERR_PK (malformed public key)
 */
FNDSA_MUST_CHECK
int fndsa512_verify(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                    const uint8_t pk[FNDSA512_PUBLICKEYBYTES]);

/*
 * Compressed (variable-length) signature: 0x39 || nonce(40) || comp(s2),
 * no padding, *siglen set to its length (at most 752). Sign draws the nonce
 * (40 bytes) then the PRNG seed (48 bytes) from randombytes, in that order,
 * as the round-3 reference does.
 * @retval as fndsa512_sign_derand / fndsa512_sign (sig zeroed, *siglen = 0)
 */
FNDSA_MUST_CHECK
int fndsa512_sign_compressed_derand(uint8_t sig[FNDSA512_COMPRESSED_MAXBYTES], size_t *siglen,
                                    const uint8_t *m, size_t mlen,
                                    const uint8_t nonce[FNDSA512_NONCEBYTES],
                                    const uint8_t seed[FNDSA512_SEEDBYTES],
                                    const uint8_t sk[FNDSA512_SECRETKEYBYTES]);
FNDSA_MUST_CHECK
int fndsa512_sign_compressed(uint8_t sig[FNDSA512_COMPRESSED_MAXBYTES], size_t *siglen,
                             const uint8_t *m, size_t mlen,
                             const uint8_t sk[FNDSA512_SECRETKEYBYTES]);
/*
 * Expanded secret key: the basis in FFT form and the normalised LDL tree
 * ((4 + 10) * 512 binary64 values, 56 KiB), computed once, for faster
 * repeated signing. The signatures are identical to fndsa512_sign_derand's
 * for the same (nonce, seed). Secret: wipe it with
 * fndsa512_expanded_key_wipe. Signing with a key that did not come from
 * a successful fndsa512_expand_sk (e.g. the zeroed one a failed call
 * leaves) returns FNDSA512_ERR_ATTEMPTS in bounded time.
 * expand_sk           @retval 0, FNDSA512_ERR_NULL, FNDSA512_ERR_SK (*ek zeroed)
 * sign_expanded_derand @retval 0, FNDSA512_ERR_NULL, FNDSA512_ERR_ATTEMPTS (sig zeroed)
 * sign_expanded       @retval as sign_expanded_derand, or FNDSA512_ERR_RANDOM
 */
#define FNDSA512_EXPANDEDKEY_WORDS ((4 + 10) * 512)
typedef struct {
    uint64_t w[FNDSA512_EXPANDEDKEY_WORDS];
} fndsa512_expanded_key;
FNDSA_MUST_CHECK
int fndsa512_expand_sk(fndsa512_expanded_key *ek, const uint8_t sk[FNDSA512_SECRETKEYBYTES]);
void fndsa512_expanded_key_wipe(fndsa512_expanded_key *ek);
FNDSA_MUST_CHECK
int fndsa512_sign_expanded_derand(uint8_t sig[FNDSA512_SIGBYTES], const uint8_t *m, size_t mlen,
                                  const uint8_t nonce[FNDSA512_NONCEBYTES],
                                  const uint8_t seed[FNDSA512_SEEDBYTES],
                                  const fndsa512_expanded_key *ek);
FNDSA_MUST_CHECK
int fndsa512_sign_expanded(uint8_t sig[FNDSA512_SIGBYTES], const uint8_t *m, size_t mlen,
                           const fndsa512_expanded_key *ek);

/*
 * Public-key check: pk is a valid encoding (length 897, header 0x09, every
 * coefficient < q, as verification requires). Takes the length: it is meant
 * for keys received in buffers of untrusted length.
 * @retval 0 if pk passes, FNDSA512_ERR_PK (header or a coefficient),
 *         FNDSA512_ERR_LENGTH (pklen != 897), FNDSA512_ERR_NULL (pk NULL, pklen > 0)
 */
FNDSA_MUST_CHECK
int fndsa512_check_pk(const uint8_t *pk, size_t pklen);

/*
 * Secret-key check: the strict decoding every signer and fndsa512_expand_sk
 * make (header 0x59, coefficient ranges, f invertible mod q, G in range, the
 * NTRU equation f G - g F = q over Z), without signing. Constant time.
 * @retval 0 if sk passes, FNDSA512_ERR_SK otherwise, FNDSA512_ERR_NULL if sk is NULL
 */
FNDSA_MUST_CHECK
int fndsa512_check_sk(const uint8_t sk[FNDSA512_SECRETKEYBYTES]);

/*
 * Strict verification of a compressed signature (no trailing bytes).
 * @retval as fndsa512_verify
 */
FNDSA_MUST_CHECK
int fndsa512_verify_compressed(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                               const uint8_t pk[FNDSA512_PUBLICKEYBYTES]);

/* ---- BEGIN deprecated aliases (API.md, "Renamed in 0.3.0") ---- */
#ifndef AEGIS_NO_DEPRECATED
#define FNDSA512_BYTES FNDSA512_SIGBYTES
#define FNDSA512_ERR_BADARG FNDSA512_ERR_PK
#define FNDSA512_ERR_RNG FNDSA512_ERR_RANDOM
#define FNDSA512_ERR_KEY FNDSA512_ERR_SK
#define FNDSA512_ERR_SIZE FNDSA512_ERR_ATTEMPTS
#define fndsa512_pk_check fndsa512_check_pk
#define fndsa512_expanded_key_clear fndsa512_expanded_key_wipe
#endif
/* ---- END deprecated aliases ---- */

#ifdef __cplusplus
}
#endif

#endif
