/*
 * genkat.c -- the NIST PQCgenKAT .rsp generator (make kat -> build/genkat).
 *
 *   genkat drbg SEEDHEX [LEN ...]   one randombytes(LEN) call per LEN (default
 *                                   48) after randombytes_init(SEED), one
 *                                   UPPERCASE hex line each
 *   genkat mlkem768 | mldsa65 | fndsa512
 *                                   the scheme's .rsp on stdout (once the
 *                                   scheme's kat/genkat_<scheme>.c exists)
 *
 * Recipe: ../shared/kat/hashes/README.md, section 4.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drbg.h"
#include "genkat.h"

/*
 * The scheme subcommands are weak references: a scheme whose
 * kat/genkat_<scheme>.c is not in the build yet leaves a NULL entry and the
 * dispatcher says so, so the table need not change as schemes land.
 */
#if defined(__GNUC__) || defined(__clang__)
#pragma weak genkat_mlkem768
#pragma weak genkat_mldsa65
#pragma weak genkat_fndsa512
#endif

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* genkat drbg SEEDHEX [LEN ...] */
static int cmd_drbg(int argc, char **argv)
{
    uint8_t seed[48];
    if (argc < 2 || strlen(argv[1]) != 96) {
        fprintf(stderr, "usage: genkat drbg SEEDHEX(96 hex digits) [LEN ...]\n");
        return 2;
    }
    for (int i = 0; i < 48; i++) {
        int hi = hexval(argv[1][2 * i]), lo = hexval(argv[1][2 * i + 1]);
        if (hi < 0 || lo < 0) {
            fprintf(stderr, "genkat drbg: bad hex in seed\n");
            return 2;
        }
        seed[i] = (uint8_t)(hi << 4 | lo);
    }
    randombytes_init(seed, NULL, 256);
    int ncalls = argc > 2 ? argc - 2 : 1;
    for (int c = 0; c < ncalls; c++) {
        unsigned long len = 48;
        if (argc > 2) {
            char *end;
            len = strtoul(argv[2 + c], &end, 10);
            if (*end != '\0' || len > (1ul << 24)) {
                fprintf(stderr, "genkat drbg: bad length %s\n", argv[2 + c]);
                return 2;
            }
        }
        uint8_t *buf = malloc(len ? len : 1);
        if (buf == NULL) return 1;
        randombytes(buf, len);
        char name[32];
        snprintf(name, sizeof name, "out%d", c);
        genkat_hex(stdout, name, buf, len);
        free(buf);
    }
    return 0;
}

static const struct {
    const char *name;
    genkat_cmd_fn fn;
    const char *what;
} commands[] = {
    {"drbg", cmd_drbg, "print the CTR_DRBG stream for a 48-byte hex seed"},
    {"mlkem768", genkat_mlkem768, "PQCkemKAT_2400.rsp (ML-KEM-768)"},
    {"mldsa65", genkat_mldsa65, "PQCsignKAT ML-DSA-65 .rsp"},
    {"fndsa512", genkat_fndsa512, "falcon512-KAT.rsp (Falcon-512)"},
};

static void usage(void)
{
    fprintf(stderr, "usage: genkat COMMAND [ARGS]\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(stderr, "  %-10s %s%s\n", commands[i].name, commands[i].what,
                commands[i].fn ? "" : " (not built yet)");
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage();
        return 2;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            if (commands[i].fn == NULL) {
                fprintf(stderr, "genkat: %s is not built yet\n", argv[1]);
                return 2;
            }
            return commands[i].fn(argc - 1, argv + 1);
        }
    }
    usage();
    return 2;
}
