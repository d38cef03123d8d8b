/*
 * ct.h -- the constant-time vocabulary of aes/ (private; each crypto
 * directory keeps its own copy so that it can be dropped into another
 * project alone). See ../shared/docs/constant-time.md.
 */
#ifndef AEGIS_AES_CT_H
#define AEGIS_AES_CT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Secret / declassify marks for the valgrind constant-time check (make ct).
 * They are client requests only when AEGIS_CT is defined, nothing otherwise.
 */
#ifdef AEGIS_CT
#include <valgrind/memcheck.h>
#define AES_CT_SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define AES_CT_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#else
#define AES_CT_SECRET(p, n) ((void)(p), (void)(n))
#define AES_CT_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

/*
 * Value barrier: the compiler must assume x may have changed, so it cannot
 * see that a mask is 0 or all-ones and turn a select back into a branch.
 */
static inline uint32_t aes_ct_barrier_u32(uint32_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    __asm__ __volatile__("" : "+r"(x));
    return x;
#else
    volatile uint32_t v = x;
    return v;
#endif
}

/* 1 if the n bytes at a and b differ, 0 if equal; time depends on n only.
 * OR-accumulates the differences (no early exit, no memcmp). */
static inline uint32_t aes_ct_differ(const uint8_t *a, const uint8_t *b, size_t n)
{
    uint32_t d = 0;
    for (size_t i = 0; i < n; i++) {
        d |= (uint32_t)(a[i] ^ b[i]);
    }
    d = aes_ct_barrier_u32(d);
    /* d in 0..255: (0 - d) has its top bit set exactly when d != 0. */
    return (uint32_t)((0u - d) >> 31);
}

/*
 * Wipe n bytes at p. With gcc/clang: memset, then an empty asm that takes p
 * and clobbers memory, so the compiler must assume the zeros are read and
 * cannot drop the stores (the explicit_bzero technique). Elsewhere: stores
 * through a volatile pointer.
 */
static inline void aes_ct_wipe(void *p, size_t n)
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
