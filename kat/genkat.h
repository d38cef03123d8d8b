/*
 * genkat.h -- shared pieces of the NIST PQCgenKAT .rsp generator (kat/genkat).
 *
 * The program (kat/genkat.c) dispatches on its first argument through a
 * table in genkat.c; each scheme adds one line there and puts its
 * subcommand in kat/genkat_<scheme>.c, declared below. The recipe is
 * ../shared/kat/hashes/README.md, section 4.
 *
 * The helpers are static inline on purpose: every kat/ source but genkat.c
 * is also linked into the test programs, so a genkat_<scheme>.c must not
 * depend on a symbol that lives only in genkat.c.
 */
#ifndef AEGIS_KAT_GENKAT_H
#define AEGIS_KAT_GENKAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "drbg.h"

/* Section 4.2: 100 counts; a signature count i signs 33*(i+1) bytes. */
#define GENKAT_COUNT 100
#define GENKAT_SEEDBYTES 48
#define GENKAT_MLEN(i) (33 * ((size_t)(i) + 1))
/* Offset of msg i in the concatenation of all messages, and the total. */
#define GENKAT_MSG_OFFSET(i) (33 * (size_t)(i) * ((size_t)(i) + 1) / 2)
#define GENKAT_MSG_TOTAL GENKAT_MSG_OFFSET(GENKAT_COUNT)

/* A subcommand: argv[0] is its own name; returns the process exit code. */
typedef int (*genkat_cmd_fn)(int argc, char **argv);

/* The scheme subcommands (kat/genkat_<scheme>.c), added as they land. */
int genkat_mlkem768(int argc, char **argv);
int genkat_mldsa65(int argc, char **argv);
/* kat/genkat_mldsa.c: header + first ncounts records of the ML-DSA-65 .rsp. */
int genkat_mldsa65_rsp(FILE *f, int ncounts);
int genkat_fndsa512(int argc, char **argv);

/* Section 4.4: "name = " then UPPERCASE hex, two digits a byte; an empty
 * string is written as "00". */
static inline void genkat_hex(FILE *f, const char *name, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789ABCDEF";
    fprintf(f, "%s = ", name);
    if (n == 0) {
        fputs("00", f);
    }
    for (size_t i = 0; i < n; i++) {
        fputc(digits[p[i] >> 4], f);
        fputc(digits[p[i] & 15], f);
    }
    fputc('\n', f);
}

/* "name = N" in decimal (count, mlen, smlen). */
static inline void genkat_int(FILE *f, const char *name, unsigned long long v)
{
    fprintf(f, "%s = %llu\n", name, v);
}

/* Section 4.4, line 1 and the empty line: "# Kyber768", "# Falcon-512", ... */
static inline void genkat_header(FILE *f, const char *algname)
{
    fprintf(f, "# %s\n\n", algname);
}

/* Section 4.2, master DRBG: entropy 0x00, 0x01, ..., 0x2F, no personalization. */
static inline void genkat_master_init(void)
{
    uint8_t entropy[48];
    for (int i = 0; i < 48; i++) {
        entropy[i] = (uint8_t)i;
    }
    randombytes_init(entropy, NULL, 256);
}

/* Section 4.2, KEM .req: seed_i = randombytes(48) for i = 0..99. */
static inline void genkat_kem_seeds(uint8_t seed[GENKAT_COUNT][GENKAT_SEEDBYTES])
{
    genkat_master_init();
    for (int i = 0; i < GENKAT_COUNT; i++) {
        randombytes(seed[i], GENKAT_SEEDBYTES);
    }
}

/* Section 4.2, signature .req: seed_i = randombytes(48), then msg_i =
 * randombytes(33*(i+1)), in that order; msg_i is stored at
 * msgs + GENKAT_MSG_OFFSET(i) (msgs holds GENKAT_MSG_TOTAL bytes). */
static inline void genkat_sign_seeds(uint8_t seed[GENKAT_COUNT][GENKAT_SEEDBYTES], uint8_t *msgs)
{
    genkat_master_init();
    for (int i = 0; i < GENKAT_COUNT; i++) {
        randombytes(seed[i], GENKAT_SEEDBYTES);
        randombytes(msgs + GENKAT_MSG_OFFSET(i), GENKAT_MLEN(i));
    }
}

#endif
