/*
 * ct.h -- the constant-time vocabulary of sha3/ (private; each directory keeps
 * its own copy so that it can be dropped into another project alone).
 */
#ifndef AEGIS_SHA3_CT_H
#define AEGIS_SHA3_CT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Wipe n bytes at p. With gcc and clang: memset, then an empty asm that
 * takes p and clobbers memory, so the compiler must assume the zeros are
 * read and cannot drop them as dead stores. Elsewhere: a volatile loop.
 */
#if defined(__GNUC__) || defined(__clang__)
#include <string.h>
static inline void sha3_ct_wipe(void *p, size_t n)
{
    memset(p, 0, n);
    __asm__ __volatile__("" : : "r"(p) : "memory");
}
#else
static inline void sha3_ct_wipe(void *p, size_t n)
{
    volatile uint8_t *v = (volatile uint8_t *)p;
    while (n--) {
        *v++ = 0;
    }
}
#endif

#endif
