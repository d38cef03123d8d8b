/*
 * ct.h -- the constant-time vocabulary of fndsa/ (private; each directory
 * keeps its own copy so that it can be dropped into another project alone).
 *
 * FNDSA_CT_SECRET(p, n) / FNDSA_CT_DECLASSIFY(p, n) mark memory as secret /
 * public for the valgrind-based constant-time check (AEGIS_CT builds only);
 * every DECLASSIFY site says why the value may be public
 * (../shared/docs/constant-time.md §1.4).
 */
#ifndef AEGIS_FNDSA_CT_H
#define AEGIS_FNDSA_CT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef AEGIS_CT
#include <valgrind/memcheck.h>
#define FNDSA_CT_SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define FNDSA_CT_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#else
#define FNDSA_CT_SECRET(p, n) ((void)(p), (void)(n))
#define FNDSA_CT_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

/* Value barrier: the compiler cannot see through it, so cannot turn masked
 * arithmetic back into branches. */
#if defined(__GNUC__) || defined(__clang__)
static inline uint32_t fndsa_ct_barrier32(uint32_t x)
{
    __asm__ __volatile__("" : "+r"(x));
    return x;
}
static inline uint64_t fndsa_ct_barrier64(uint64_t x)
{
    __asm__ __volatile__("" : "+r"(x));
    return x;
}
#else
/* Fallback opt-blocker: a volatile zero the compiler cannot assume is zero
 * (was an extern never defined, so a non-GNU build did not link). */
static volatile uint64_t fndsa_ct_optblocker = 0;
static inline uint32_t fndsa_ct_barrier32(uint32_t x)
{
    return x ^ (uint32_t)fndsa_ct_optblocker;
}
static inline uint64_t fndsa_ct_barrier64(uint64_t x)
{
    return x ^ fndsa_ct_optblocker;
}
#endif

/* All-ones if b (0 or 1) is 1, else 0. */
static inline uint32_t fndsa_ct_mask32(uint32_t b)
{
    return -fndsa_ct_barrier32(b);
}
static inline uint64_t fndsa_ct_mask64(uint64_t b)
{
    return -fndsa_ct_barrier64(b);
}

/* Select: m all-ones -> x, m zero -> y. */
static inline uint32_t fndsa_ct_sel32(uint32_t m, uint32_t x, uint32_t y)
{
    return y ^ (m & (x ^ y));
}
static inline uint64_t fndsa_ct_sel64(uint64_t m, uint64_t x, uint64_t y)
{
    return y ^ (m & (x ^ y));
}

/* Wipe n bytes at p, in a way the compiler cannot remove as dead stores:
 * memset followed by an asm that may read the memory at p (gcc, clang);
 * byte-wise volatile stores elsewhere. */
static inline void fndsa_ct_wipe(void *p, size_t n)
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
