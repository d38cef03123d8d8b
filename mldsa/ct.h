/*
 * ct.h -- the constant-time vocabulary of mldsa/ (private; each directory
 * keeps its own copy so that it can be dropped into another project alone).
 * See ../shared/docs/constant-time.md: value barriers, masks, wipe, and the
 * valgrind classification macros used by the ct harness (AEGIS_CT only).
 */
#ifndef AEGIS_MLDSA_CT_H
#define AEGIS_MLDSA_CT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef AEGIS_CT
#include <valgrind/memcheck.h>
/* Mark n bytes at p public: allowed only as constant-time.md 1.4 says. */
#define MLDSA_CT_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#define MLDSA_CT_SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#else
#define MLDSA_CT_DECLASSIFY(p, n) ((void)(p), (void)(n))
#define MLDSA_CT_SECRET(p, n) ((void)(p), (void)(n))
#endif

/*
 * Value barrier: the compiler must assume x changed, so it cannot see that a
 * mask is 0 or all-ones and turn the arithmetic back into a branch.
 */
static inline uint32_t mldsa_ct_barrier_u32(uint32_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    __asm__ __volatile__("" : "+r"(x));
    return x;
#else
    volatile uint32_t v = x;
    return v;
#endif
}

static inline int32_t mldsa_ct_barrier_i32(int32_t x)
{
    return (int32_t)mldsa_ct_barrier_u32((uint32_t)x);
}

/* All-ones if x != 0, else 0. */
static inline uint32_t mldsa_ct_nonzero_mask(uint32_t x)
{
    x = mldsa_ct_barrier_u32(x);
    return (uint32_t)0 - ((x | ((uint32_t)0 - x)) >> 31);
}

/* 1 if x != 0 else 0 (a 0/1 value, not a mask). */
static inline uint32_t mldsa_ct_nonzero_bit(uint32_t x)
{
    x = mldsa_ct_barrier_u32(x);
    return (x | ((uint32_t)0 - x)) >> 31;
}

/* Constant-time compare of n bytes: 0 if equal, 1 otherwise. No early exit. */
static inline uint32_t mldsa_ct_memneq(const uint8_t *a, const uint8_t *b, size_t n)
{
    uint32_t d = 0;
    for (size_t i = 0; i < n; i++) {
        d |= (uint32_t)(a[i] ^ b[i]);
    }
    return mldsa_ct_nonzero_bit(d);
}

/*
 * Wipe n bytes at p. On gcc/clang: memset, then an empty asm that takes p and
 * clobbers memory, so the compiler must assume the zeros are read and cannot
 * drop the stores as dead. Elsewhere: stores through a volatile pointer.
 */
static inline void mldsa_ct_wipe(void *p, size_t n)
{
#if defined(__GNUC__) || defined(__clang__)
    memset(p, 0, n);
    __asm__ __volatile__("" : : "r"(p) : "memory");
#else
    volatile uint8_t *v = (volatile uint8_t *)p;
    while (n--) {
        *v++ = 0;
    }
#endif
}

#endif
