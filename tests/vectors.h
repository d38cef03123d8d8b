/*
 * vectors.h -- shared helpers for the Criterion suites: hex, the KAT_DIR
 * lookup with its CI rule, a reader for NIST "Key = value" record files
 * (.rsp / CAVP .txt), and JSON (ACVP, Wycheproof) through libjansson.
 *
 * Why jansson: the ACVP and Wycheproof files are large, nested JSON; a
 * Debian-packaged, well-tested parser keeps the test code short and leaves
 * nothing to doubt in the reader itself. The crypto never sees it.
 */
#ifndef AEGIS_TESTS_VECTORS_H
#define AEGIS_TESTS_VECTORS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

/* Path of a file under $KAT_DIR (default ../shared/kat), in a static buffer. */
const char *kat_path(const char *rel);

/*
 * Open a KAT file. If it is missing: under CI=true the current test fails;
 * elsewhere it is skipped with a message that names the path.
 */
FILE *kat_open(const char *rel);

/* Load a JSON KAT file with the same missing-file rule. */
json_t *kat_json(const char *rel);

/* Decode hex (upper or lower case, even length) into out (at most max bytes).
 * Returns the number of bytes, or -1 on bad hex or overflow. */
long hex_decode(uint8_t *out, size_t max, const char *hex);
/* Same, into a malloc'd buffer (at least 1 byte); *len gets the length. Aborts
 * the test on bad hex. */
uint8_t *hex_alloc(const char *hex, size_t *len);
/* Lowercase hex of n bytes into a malloc'd string. */
char *hex_str(const uint8_t *p, size_t n);

/* A record of a NIST "Key = value" file: lines up to a blank line. */
#define KAT_MAX_FIELDS 16
typedef struct {
    int n;
    char *key[KAT_MAX_FIELDS];
    char *val[KAT_MAX_FIELDS];
    char *buf[KAT_MAX_FIELDS];
} kat_record;

/* Read the next record (skipping '#' and '[' lines). Returns 1, or 0 at EOF. */
int kat_next(FILE *f, kat_record *r);
/* The value of key in r, or NULL. */
const char *kat_get(const kat_record *r, const char *key);
void kat_record_free(kat_record *r);

/* JSON helpers: hex field of an object decoded to malloc'd bytes. */
uint8_t *json_hex(json_t *obj, const char *key, size_t *len);

/* Deterministic test randomness (SHAKE128 stream of a label). */
void test_rand(uint8_t *out, size_t len, const char *label, uint64_t n);

#endif
