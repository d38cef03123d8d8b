/*
 * ct.h -- the constant-time vocabulary of mlkem/ (private; each crypto
 * directory keeps its own copy so it can be dropped into a project alone).
 *
 * Why a value barrier: the compiler may turn "mask arithmetic" back into a
 * branch when it can prove a value is 0/1 (the "clangover" bug of 2024 in
 * the Kyber reference's poly_frommsg under clang 15-18). An empty asm that
 * claims to modify the value hides its origin from the optimiser. Without
 * gcc/clang asm, XOR with a volatile zero does the same job.
 */
#ifndef AEGIS_MLKEM_CT_H
#define AEGIS_MLKEM_CT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(AEGIS_CT)
#include <valgrind/memcheck.h>
/* Tell valgrind p[0..n) is public (see constant-time.md, Section 1.4). */
#define MLKEM_CT_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
/* Tell valgrind p[0..n) is secret. */
#define MLKEM_CT_SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#else
#define MLKEM_CT_DECLASSIFY(p, n) ((void)(p), (void)(n))
#define MLKEM_CT_SECRET(p, n) ((void)(p), (void)(n))
#endif

#if defined(__GNUC__) || defined(__clang__)
static inline uint32_t mlkem_ct_barrier_u32(uint32_t x)
{
    __asm__ __volatile__("" : "+r"(x));
    return x;
}
#else
/* Fallback opt-blocker: a volatile the compiler cannot assume is zero. */
static volatile uint32_t mlkem_ct_zero_v = 0;
static inline uint32_t mlkem_ct_barrier_u32(uint32_t x)
{
    return x ^ mlkem_ct_zero_v;
}
#endif

/* 0xFFFFFFFF if x != 0, else 0; no branch. */
static inline uint32_t mlkem_ct_nonzero_mask(uint32_t x)
{
    uint64_t y = (uint64_t)x;
    return mlkem_ct_barrier_u32((uint32_t)0 - (uint32_t)((0 - y) >> 63));
}

/* 0 if a[0..n) == b[0..n), else 0xFFFFFFFF; reads every byte, no early exit. */
static inline uint32_t mlkem_ct_neq_mask(const uint8_t *a, const uint8_t *b, size_t n)
{
    uint32_t d = 0;
    for (size_t i = 0; i < n; i++) {
        d |= (uint32_t)(a[i] ^ b[i]);
    }
    return mlkem_ct_nonzero_mask(d);
}

/* r[i] = mask ? x[i] : r[i] for mask in {0, 0xFFFFFFFF}; no branch. */
static inline void mlkem_ct_cmov(uint8_t *r, const uint8_t *x, size_t n, uint32_t mask)
{
    uint8_t m = (uint8_t)mlkem_ct_barrier_u32(mask);
    for (size_t i = 0; i < n; i++) {
        r[i] ^= (uint8_t)(m & (r[i] ^ x[i]));
    }
}

/*
 * Wipe n bytes at p (FIPS 203, Section 3.3: destroy intermediate values).
 * memset followed by an asm that "reads" p and clobbers memory, so the
 * stores are not removed as dead; a volatile byte loop elsewhere.
 */
static inline void mlkem_ct_wipe(void *p, size_t n)
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
