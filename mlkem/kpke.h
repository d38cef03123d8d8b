/*
 * kpke.h -- K-PKE, the CPA-secure public-key encryption inside ML-KEM
 * (FIPS 203, Section 5): K-PKE.KeyGen, K-PKE.Encrypt, K-PKE.Decrypt.
 * Private to mlkem/.
 */
#ifndef AEGIS_MLKEM_KPKE_H
#define AEGIS_MLKEM_KPKE_H

#include <stdint.h>

#include "params.h"
#include "poly.h"

/* Algorithm 13, K-PKE.KeyGen(d): ek_PKE (384k + 32 bytes), dk_PKE (384k). */
void mlkem_kpke_keygen(uint8_t ek[MLKEM768_PUBLICKEYBYTES], uint8_t dk[MLKEM_POLYVECBYTES],
                       const uint8_t d[MLKEM_SYMBYTES]);

/*
 * Algorithm 14, K-PKE.Encrypt(ek_PKE, m, r): c (32(du k + dv) bytes).
 * Deviation: lines 4-8 (A-hat^T from rho) are the caller's, At is their
 * output (mlkem_encaps_prep / mlkem_decaps_prep draw it beside the hashes).
 */
void mlkem_kpke_encrypt(uint8_t c[MLKEM768_CIPHERTEXTBYTES],
                        const uint8_t ek[MLKEM768_PUBLICKEYBYTES],
                        const mlkem_polyvec At[MLKEM_K],
                        const uint8_t m[MLKEM_SYMBYTES], const uint8_t r[MLKEM_SYMBYTES]);

/* Algorithm 15, K-PKE.Decrypt(dk_PKE, c): m (32 bytes). */
void mlkem_kpke_decrypt(uint8_t m[MLKEM_SYMBYTES], const uint8_t dk[MLKEM_POLYVECBYTES],
                        const uint8_t c[MLKEM768_CIPHERTEXTBYTES]);

#endif
