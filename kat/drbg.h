/*
 * drbg.h -- the NIST PQC known-answer DRBG: SP 800-90A CTR_DRBG with AES-256,
 * no derivation function, no prediction resistance, no reseed, with the
 * randombytes_init / randombytes behaviour of NIST's rng.c (every
 * randombytes call ends with an Update, so the output depends on how the
 * bytes are split across calls). For KAT generation and tests only.
 * See ../shared/kat/hashes/README.md, section 4.1.
 */
#ifndef AEGIS_KAT_DRBG_H
#define AEGIS_KAT_DRBG_H

#include <stddef.h>
#include <stdint.h>

/* Instantiate the one process-wide DRBG (personalization may be NULL). */
void randombytes_init(const uint8_t entropy_input[48], const uint8_t personalization[48],
                      int security_strength);

/* The randomness hook the algorithm directories declare; 0 on success. */
int randombytes(uint8_t *buf, size_t len);

#endif
