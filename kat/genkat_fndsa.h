/*
 * genkat_fndsa.h -- the Falcon-512 .rsp writer behind `genkat fndsa512`,
 * also used by tests/test_fndsa.c to compare with the official file.
 */
#ifndef AEGIS_KAT_GENKAT_FNDSA_H
#define AEGIS_KAT_GENKAT_FNDSA_H

#include <stdio.h>

/* Write counts [first, first + count) of the round-3 falcon512-KAT.rsp
 * (with the "# Falcon-512" header line when first == 0) to out.
 * Returns 0, or -1 if a key generation or signature failed. */
int genkat_fndsa512_write(FILE *out, int first, int count);

#endif
