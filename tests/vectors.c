/* vectors.c -- see vectors.h. */
#define _POSIX_C_SOURCE 200809L
#include "vectors.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../sha3/sha3.h"

static int in_ci(void)
{
    const char *ci = getenv("CI");
    return ci != NULL && strcmp(ci, "true") == 0;
}

const char *kat_path(const char *rel)
{
    static char path[4096];
    const char *dir = getenv("KAT_DIR");
    if (dir == NULL || *dir == '\0') {
        dir = "../shared/kat";
    }
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return path;
}

FILE *kat_open(const char *rel)
{
    const char *path = kat_path(rel);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        if (in_ci()) {
            cr_assert_fail("missing KAT file %s (CI=true: a missing file is a failure)", path);
        }
        cr_skip_test("missing KAT file %s (set KAT_DIR)", path);
    }
    return f;
}

json_t *kat_json(const char *rel)
{
    FILE *f = kat_open(rel);
    json_error_t err;
    json_t *j = json_loadf(f, 0, &err);
    fclose(f);
    cr_assert_not_null(j, "JSON error in %s line %d: %s", rel, err.line, err.text);
    return j;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

long hex_decode(uint8_t *out, size_t max, const char *hex)
{
    size_t n = strlen(hex);
    if (n % 2 != 0 || n / 2 > max) {
        return -1;
    }
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval((unsigned char)hex[2 * i]);
        int lo = hexval((unsigned char)hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return -1;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return (long)(n / 2);
}

uint8_t *hex_alloc(const char *hex, size_t *len)
{
    size_t n = strlen(hex) / 2;
    uint8_t *p = malloc(n + 1);
    cr_assert_not_null(p);
    long r = hex_decode(p, n, hex);
    cr_assert(r >= 0, "bad hex string (%.40s...)", hex);
    *len = (size_t)r;
    return p;
}

char *hex_str(const uint8_t *p, size_t n)
{
    char *s = malloc(2 * n + 1);
    cr_assert_not_null(s);
    for (size_t i = 0; i < n; i++) {
        snprintf(s + 2 * i, 3, "%02x", p[i]);
    }
    s[2 * n] = '\0';
    return s;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) {
        s[--n] = '\0';
    }
    return s;
}

void kat_record_free(kat_record *r)
{
    for (int i = 0; i < r->n; i++) {
        free(r->buf[i]);
    }
    r->n = 0;
}

int kat_next(FILE *f, kat_record *r)
{
    char *line = NULL;
    size_t cap = 0;
    r->n = 0;
    while (getline(&line, &cap, f) >= 0) {
        char *t = trim(line);
        if (*t == '\0') {
            if (r->n > 0) break;
            continue;
        }
        if (*t == '#' || *t == '[') continue;
        char *eq = strchr(t, '=');
        if (eq == NULL || r->n == KAT_MAX_FIELDS) continue;
        *eq = '\0';
        char *k = trim(t);
        char *v = trim(eq + 1);
        size_t kl = strlen(k), vl = strlen(v);
        char *b = malloc(kl + vl + 2);
        cr_assert_not_null(b);
        memcpy(b, k, kl + 1);
        memcpy(b + kl + 1, v, vl + 1);
        r->buf[r->n] = b;
        r->key[r->n] = b;
        r->val[r->n] = b + kl + 1;
        r->n++;
    }
    free(line);
    return r->n > 0;
}

const char *kat_get(const kat_record *r, const char *key)
{
    for (int i = 0; i < r->n; i++) {
        if (strcmp(r->key[i], key) == 0) {
            return r->val[i];
        }
    }
    return NULL;
}

uint8_t *json_hex(json_t *obj, const char *key, size_t *len)
{
    const char *s = json_string_value(json_object_get(obj, key));
    cr_assert_not_null(s, "JSON field %s missing", key);
    return hex_alloc(s, len);
}

void test_rand(uint8_t *out, size_t len, const char *label, uint64_t n)
{
    sha3_ctx c;
    uint8_t nb[8];
    for (int i = 0; i < 8; i++) nb[i] = (uint8_t)(n >> (8 * i));
    shake128_init(&c);
    sha3_absorb(&c, (const uint8_t *)label, strlen(label));
    sha3_absorb(&c, nb, sizeof nb);
    shake_squeeze(&c, out, len);
    sha3_wipe(&c);
}
