/*
 * keccak_impl.h -- private to sha3/: the two implementations behind the
 * public sha3_keccakf1600 (sha3.h). sha3_keccakf1600_c (keccak.c) is the
 * portable reference, always compiled; sha3_keccakf1600_avx2
 * (x86_64/keccak_avx2.c) exists only when the compiler targets AVX2 on
 * x86-64, and sha3_keccakf1600 calls it only if SHA3_KECCAK_AVX2 is defined
 * too (opt-in: fewer instructions, more cycles; see keccak.c).
 */
#ifndef AEGIS_SHA3_KECCAK_IMPL_H
#define AEGIS_SHA3_KECCAK_IMPL_H

#include <stdint.h>

#include "sha3_config.h"   /* SHA3_NAMESPACE */

#if defined(__AVX2__) && defined(__x86_64__)
#define SHA3_X86_64 1
#else
#define SHA3_X86_64 0
#endif

/* FIPS 202, Algorithm 7, KECCAK-p[1600, 24]: the portable code of keccak.c. */
void sha3_keccakf1600_c(uint64_t s[25]);

#if SHA3_X86_64
/* The same permutation with the state in AVX2 registers (x86_64/keccak_avx2.c). */
void sha3_keccakf1600_avx2(uint64_t s[25]);
#endif

#endif
