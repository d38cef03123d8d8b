/*
 * ct.h -- the constant-time vocabulary of sha3/ (private; each directory keeps
 * its own copy so that it can be dropped into another project alone).
 */
#ifndef AEGIS_SHA3_CT_H
#define AEGIS_SHA3_CT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Wipe n bytes at p. The stores go through a volatile pointer and are
 * followed by a compiler barrier, so they are not removed as dead stores.
 */
static inline void sha3_ct_wipe(void *p, size_t n)
{
    volatile uint8_t *v = (volatile uint8_t *)p;
    while (n--) {
        *v++ = 0;
    }
#if defined(__GNUC__) || defined(__clang__)
    __asm__ __volatile__("" : : "r"(p) : "memory");
#endif
}

#endif
