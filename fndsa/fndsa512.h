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
 * error; on error every output is zeroed (every output pointer that is not
 * NULL). A NULL key, seed, nonce, output or length pointer, or a NULL
 * message/signature pointer with a non-zero length, is FNDSA512_ERR_NULL
 * (never a crash); NULL with length 0 is the empty string.
 */
#ifndef AEGIS_FNDSA512_H
#define AEGIS_FNDSA512_H

#include <stddef.h>
#include <stdint.h>

#include "fndsa_config.h"   /* namespace, randombytes hook, FIPS 202 header */

#define FNDSA512_PUBLICKEYBYTES 897
#define FNDSA512_SECRETKEYBYTES 1281
#define FNDSA512_BYTES 666          /* padded signature */
#define FNDSA512_SIGBYTES FNDSA512_BYTES
#define FNDSA512_COMPRESSED_MAXBYTES 752 /* compressed signature upper bound */
#define FNDSA512_NONCEBYTES 40
#define FNDSA512_SEEDBYTES 48

#define FNDSA512_ERR_BADARG    (-1)  /* malformed public key (length, header, h >= q) */
#define FNDSA512_ERR_RNG       (-2)  /* randombytes failed */
#define FNDSA512_ERR_KEY       (-3)  /* secret key rejected (header, values, f not invertible,
                                        NTRU equation), or signing gave up (corrupt key) */
#define FNDSA512_ERR_SIZE      (-4)  /* never returned (an s2 that does not fit is redrawn) */
#define FNDSA512_ERR_VERIFY    (-5)  /* signature malformed (any length but 666 /
                                        42..752) or invalid */
#define FNDSA512_ERR_NULL      (-6)  /* NULL pointer (see above); outputs present zeroed */

/* Randomness hook, provided by whoever links (0 on success). */
int FNDSA_RANDOMBYTES(uint8_t *buf, size_t len); /* randombytes unless configured */

/*
 * Key generation (Falcon spec v1.2, Algorithm 4 Keygen, as the round-3
 * reference implements it from a 48-byte seed fed to SHAKE256).
 */
int fndsa512_keypair_derand(uint8_t pk[FNDSA512_PUBLICKEYBYTES],
                            uint8_t sk[FNDSA512_SECRETKEYBYTES],
                            const uint8_t seed[FNDSA512_SEEDBYTES]);
int fndsa512_keypair(uint8_t pk[FNDSA512_PUBLICKEYBYTES],
                     uint8_t sk[FNDSA512_SECRETKEYBYTES]);

/*
 * Signing, padded format (666 bytes). The derand twin takes the 40-byte
 * nonce r and the 48-byte seed of the sampler's PRNG explicitly. As in the
 * round-3 reference, if the compressed s2 does not fit in 666 bytes a new
 * signature is drawn with the same PRNG stream (the nonce is kept).
 */
int fndsa512_sign_derand(uint8_t sig[FNDSA512_BYTES], const uint8_t *m, size_t mlen,
                         const uint8_t nonce[FNDSA512_NONCEBYTES],
                         const uint8_t seed[FNDSA512_SEEDBYTES],
                         const uint8_t sk[FNDSA512_SECRETKEYBYTES]);
int fndsa512_sign(uint8_t sig[FNDSA512_BYTES], const uint8_t *m, size_t mlen,
                  const uint8_t sk[FNDSA512_SECRETKEYBYTES]);

/* Verification of a padded signature (siglen must be 666). 0 = valid. */
int fndsa512_verify(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                    const uint8_t pk[FNDSA512_PUBLICKEYBYTES]);

/*
 * Compressed (variable-length) signature: 0x39 || nonce(40) || comp(s2),
 * no padding, *siglen set to its length (at most 752). Sign draws the nonce
 * (40 bytes) then the PRNG seed (48 bytes) from randombytes, in that order,
 * as the round-3 reference does.
 */
int fndsa512_sign_compressed_derand(uint8_t sig[FNDSA512_COMPRESSED_MAXBYTES], size_t *siglen,
                                    const uint8_t *m, size_t mlen,
                                    const uint8_t nonce[FNDSA512_NONCEBYTES],
                                    const uint8_t seed[FNDSA512_SEEDBYTES],
                                    const uint8_t sk[FNDSA512_SECRETKEYBYTES]);
int fndsa512_sign_compressed(uint8_t sig[FNDSA512_COMPRESSED_MAXBYTES], size_t *siglen,
                             const uint8_t *m, size_t mlen,
                             const uint8_t sk[FNDSA512_SECRETKEYBYTES]);
/*
 * Expanded secret key: the basis in FFT form and the normalised LDL tree
 * ((4 + 10) * 512 binary64 values, 56 KiB), computed once, for faster
 * repeated signing. The signatures are identical to fndsa512_sign_derand's
 * for the same (nonce, seed). Secret: wipe it with
 * fndsa512_expanded_key_clear. Signing with a key that did not come from
 * a successful fndsa512_expand_sk (e.g. the zeroed one a failed call
 * leaves) returns FNDSA512_ERR_KEY in bounded time.
 */
#define FNDSA512_EXPANDEDKEY_WORDS ((4 + 10) * 512)
typedef struct {
    uint64_t w[FNDSA512_EXPANDEDKEY_WORDS];
} fndsa512_expanded_key;
int fndsa512_expand_sk(fndsa512_expanded_key *ek, const uint8_t sk[FNDSA512_SECRETKEYBYTES]);
void fndsa512_expanded_key_clear(fndsa512_expanded_key *ek);
int fndsa512_sign_expanded_derand(uint8_t sig[FNDSA512_BYTES], const uint8_t *m, size_t mlen,
                                  const uint8_t nonce[FNDSA512_NONCEBYTES],
                                  const uint8_t seed[FNDSA512_SEEDBYTES],
                                  const fndsa512_expanded_key *ek);
int fndsa512_sign_expanded(uint8_t sig[FNDSA512_BYTES], const uint8_t *m, size_t mlen,
                           const fndsa512_expanded_key *ek);

/*
 * Public-key check: 0 if pk is a valid encoding (length 897, header 0x09,
 * every coefficient < q, as verification requires), else negative.
 */
int fndsa512_pk_check(const uint8_t *pk, size_t pklen);

/* Strict verification of a compressed signature (no trailing bytes). */
int fndsa512_verify_compressed(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                               const uint8_t pk[FNDSA512_PUBLICKEYBYTES]);

#endif
