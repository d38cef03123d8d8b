/*
 * reduce.h -- arithmetic modulo q = 8380417: MontgomeryReduce (FIPS 204
 * Algorithm 49) and the reductions the NTT code needs, as static inline
 * functions so that every file of mldsa/ gets them without a call.
 * Constant time: multiplications, shifts and masks only (no "/" or "%").
 * Signed right shifts are arithmetic (gcc, clang; implementation-defined in C).
 */
#ifndef AEGIS_MLDSA_REDUCE_H
#define AEGIS_MLDSA_REDUCE_H

#include <stdint.h>

#define MLDSA_QINV 58728449 /* q^-1 mod 2^32 */

/*
 * FIPS 204, Algorithm 49, MontgomeryReduce: for |a| < 2^31 * q returns
 * r = a * 2^-32 mod q with -q < r < q.
 */
static inline int32_t mldsa_montgomery_reduce(int64_t a)
{
    int32_t t = (int32_t)(uint32_t)((uint64_t)a * MLDSA_QINV);
    return (int32_t)((a - (int64_t)t * MLDSA_Q) >> 32);
}

/* r = a mod q with |r| <= 6283008, for a <= 2^31 - 2^22 (no division). */
static inline int32_t mldsa_reduce32(int32_t a)
{
    int32_t t = (a + (1 << 22)) >> 23;
    return a - t * MLDSA_Q;
}

/* For -q < a < q: a mod q in [0, q), by adding q when the sign bit is set. */
static inline int32_t mldsa_caddq(int32_t a)
{
    return a + ((a >> 31) & MLDSA_Q);
}

/* a mod q in [0, q) for a <= 2^31 - 2^22. */
static inline int32_t mldsa_freeze(int32_t a)
{
    return mldsa_caddq(mldsa_reduce32(a));
}

/*
 * MontgomeryReduce with q passed in a register (q = MLDSA_Q, hidden from the
 * optimiser by mldsa_q_opaque): gcc otherwise expands "t * q" into a chain of
 * shifts and subtractions, which costs more instructions in the NTT loops.
 */
static inline int32_t mldsa_montgomery_reduce_q(int64_t a, int64_t q)
{
    int32_t t = (int32_t)(uint32_t)((uint64_t)a * MLDSA_QINV);
    return (int32_t)((a - (int64_t)t * q) >> 32);
}

static inline int64_t mldsa_q_opaque(void)
{
    int64_t q = MLDSA_Q;
#if defined(__GNUC__) || defined(__clang__)
    __asm__("" : "+r"(q));
#endif
    return q;
}

#endif
