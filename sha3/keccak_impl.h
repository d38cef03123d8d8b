/*
 * keccak_impl.h -- private to sha3/: the two implementations behind the
 * public sha3_keccakf1600 (sha3.h), and the readable reference.
 * sha3_keccakf1600_c (keccak.c) is the portable fast code, always compiled;
 * sha3_keccakf1600_avx2 (x86_64/keccak_avx2.c) exists only when the compiler targets AVX2 on
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

/* KECCAK-f[1600] = KECCAK-p[1600, 24] (FIPS 202, Section 3.4): the fast
 * portable code of keccak.c. */
void sha3_keccakf1600_c(uint64_t s[25]);

/* The same permutation written step by step as FIPS 202 writes it
 * (keccak_ref.c): the teaching version, used by the tests only. */
void sha3_keccakf1600_ref(uint64_t s[25]);

#if SHA3_X86_64
/* The same permutation with the state in AVX2 registers (x86_64/keccak_avx2.c). */
void sha3_keccakf1600_avx2(uint64_t s[25]);
#endif

/* The implementation sha3_keccakf1600 runs; sha3.c calls it directly. */
#if SHA3_X86_64 && defined(SHA3_KECCAK_AVX2)
#define SHA3_KECCAKF1600_IMPL sha3_keccakf1600_avx2
#else
#define SHA3_KECCAKF1600_IMPL sha3_keccakf1600_c
#endif

#endif
