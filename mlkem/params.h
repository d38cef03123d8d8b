/*
 * params.h -- ML-KEM-768 parameters (FIPS 203, Section 8, Table 2) and the
 * byte lengths they imply (Table 3). Private to mlkem/.
 */
#ifndef AEGIS_MLKEM_PARAMS_H
#define AEGIS_MLKEM_PARAMS_H

#include "mlkem768.h"

#define MLKEM_N 256          /* polynomial degree n                    */
#define MLKEM_Q 3329         /* modulus q = 2^8 * 13 + 1               */
#define MLKEM_K 3            /* module rank k                          */
#define MLKEM_ETA1 2         /* eta1: CBD parameter for s, e, y        */
#define MLKEM_ETA2 2         /* eta2: CBD parameter for e1, e2         */
#define MLKEM_DU 10          /* du: compression of u                   */
#define MLKEM_DV 4           /* dv: compression of v                   */

#define MLKEM_SYMBYTES 32                      /* d, z, m, rho, sigma, r, H, K */
#define MLKEM_POLYBYTES (32 * 12)              /* ByteEncode12 of one poly     */
#define MLKEM_POLYVECBYTES (MLKEM_K * MLKEM_POLYBYTES)
#define MLKEM_C1BYTES (32 * MLKEM_DU * MLKEM_K) /* ByteEncode_du of u          */
#define MLKEM_C2BYTES (32 * MLKEM_DV)           /* ByteEncode_dv of v          */

/* dk = dk_PKE || ek || H(ek) || z (FIPS 203, ML-KEM.KeyGen_internal, line 3) */
#define MLKEM_DK_EK_OFFSET MLKEM_POLYVECBYTES
#define MLKEM_DK_H_OFFSET (MLKEM_DK_EK_OFFSET + MLKEM768_PUBLICKEYBYTES)
#define MLKEM_DK_Z_OFFSET (MLKEM_DK_H_OFFSET + MLKEM_SYMBYTES)

/* The public sizes must be the ones the parameters give (Table 3). */
_Static_assert(MLKEM768_PUBLICKEYBYTES == MLKEM_POLYVECBYTES + MLKEM_SYMBYTES, "ek size");
_Static_assert(MLKEM768_SECRETKEYBYTES == MLKEM_DK_Z_OFFSET + MLKEM_SYMBYTES, "dk size");
_Static_assert(MLKEM768_CIPHERTEXTBYTES == MLKEM_C1BYTES + MLKEM_C2BYTES, "c size");
_Static_assert(MLKEM768_SSBYTES == MLKEM_SYMBYTES, "K size");

#endif
