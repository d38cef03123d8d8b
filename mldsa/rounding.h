/*
 * rounding.h -- FIPS 204, Section 7.4: Power2Round (Algorithm 35), Decompose
 * (Algorithm 36), MakeHint (Algorithm 39), UseHint (Algorithm 40), for
 * ML-DSA-65 (d = 13, gamma2 = (q-1)/32). HighBits (Algorithm 37) and LowBits
 * (Algorithm 38) have no function: they are r1 and r0 of mldsa_decompose.
 *
 * Constant time: no branch, no table, no division. The divisions by 2^d and by
 * 2 gamma2 = 523776 = 2^9 * 1023 in the specification are shifts and one
 * multiply-and-shift (the KyberSlash lesson: compilers may emit a
 * variable-time div for "/" by a constant at some optimisation levels).
 * All inputs r are representatives in [0, q) (r+ = r mod q done by the caller).
 * Static inline (included through params.h): they run once per coefficient.
 */
#ifndef AEGIS_MLDSA_ROUNDING_H
#define AEGIS_MLDSA_ROUNDING_H

#include <stdint.h>

#include "reduce.h"

/*
 * FIPS 204, Algorithm 35, Power2Round(r): r0 = r mod+- 2^d, r1 = (r - r0) / 2^d.
 * With r0 in (-2^12, 2^12]: r1 = floor((r + 2^12 - 1) / 2^13).
 */
static inline void mldsa_power2round(int32_t *r1, int32_t *r0, int32_t r)
{
    int32_t a1 = (r + (1 << (MLDSA_D - 1)) - 1) >> MLDSA_D;
    *r1 = a1;
    *r0 = r - (a1 << MLDSA_D);
}

/*
 * FIPS 204, Algorithm 36, Decompose(r) for gamma2 = (q-1)/32; returns r1 and
 * writes r0 (in (-gamma2, gamma2], or r - q in the special case).
 *
 * r0 = r mod+- 2 gamma2 lies in (-gamma2, gamma2], so r1 = (r - r0) / (2 gamma2)
 * = floor((r + gamma2 - 1) / (2 gamma2)). Deviation (no division): with
 * 2 gamma2 = 512 * 1023, u = (r + gamma2 - 1) >> 9 <= 16879 and
 * floor(u / 1023) = (u * 32801) >> 25; 32801 = ceil(2^25 / 1023) and the error
 * u * 991 / (2^25 * 1023) < 1/1023 over the whole range, so the quotient is
 * exact (every r in [0, q) is checked by the field-operation test).
 * Special case of step 3: r - r0 = q - 1 exactly when r1 = 16; then r1 = 0
 * and r0 = r0 - 1, done with a mask.
 */
static inline int32_t mldsa_decompose(int32_t *r0, int32_t r)
{
    int32_t u = (r + MLDSA_GAMMA2 - 1) >> 9;
    int32_t a1 = (u * 32801) >> 25;
    int32_t a0 = r - a1 * 2 * MLDSA_GAMMA2;
    int32_t wrap = a1 >> 4; /* 1 iff a1 = 16 = (q-1) / (2 gamma2) */
    *r0 = a0 - wrap;
    return a1 & 15;
}

/*
 * FIPS 204, Algorithm 39, MakeHint(z, r): 1 iff HighBits(r) != HighBits(r + z).
 * r in [0, q); r + z is reduced mod q here (|z| < 2^30).
 */
static inline int32_t mldsa_make_hint(int32_t z, int32_t r)
{
    int32_t t0;
    int32_t r1 = mldsa_decompose(&t0, r);
    int32_t v1 = mldsa_decompose(&t0, mldsa_freeze(r + z));
    return (int32_t)(((uint32_t)(r1 ^ v1) | (0u - (uint32_t)(r1 ^ v1))) >> 31);
}

/*
 * FIPS 204, Algorithm 40, UseHint(h, r), m = (q-1)/(2 gamma2) = 16:
 * r1 + 1 mod m if h = 1 and r0 > 0, r1 - 1 mod m if h = 1 and r0 <= 0, else r1.
 * h in {0, 1}. The "mod 16" is a mask.
 */
static inline int32_t mldsa_use_hint(int32_t h, int32_t r)
{
    int32_t r0;
    int32_t r1 = mldsa_decompose(&r0, r);
    int32_t pos = (int32_t)((uint32_t)(-r0) >> 31); /* 1 iff r0 > 0 */
    return (r1 + h * (2 * pos - 1)) & 15;
}

#endif
