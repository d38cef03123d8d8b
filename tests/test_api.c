/*
 * test_api.c -- the API convention of API.md against the public headers:
 *  - the error table: every name a row lists is defined by the header of the
 *    directory the row names, with exactly the row's number (the value the
 *    compiler sees); every *_OK / *_ERR_* a crypto header defines outside its
 *    deprecated-alias block is in the table; each row names one constant per
 *    directory it lists;
 *  - the rename table: every alias of a header's deprecated block is a row
 *    (old -> new), stands for its new name, and every renamed row has its
 *    alias;
 *  - msg/'s reason table against the enum of msg/msg.h;
 *  - each header has its extern "C" guard, and marks its int functions with
 *    DIR_MUST_CHECK (sha3/ excepted, API.md);
 *  - each public header compiles as C++ (g++ -fsyntax-only) and declares C
 *    linkage (no mangled name in a C++ object calling it), when g++ exists.
 * Runs from the top of the tree (make run-tests does), where API.md is.
 */
#undef AEGIS_NO_DEPRECATED /* the aliases are under test here */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../aes/aes.h"
#include "../fndsa/fndsa512.h"
#include "../mldsa/mldsa65.h"
#include "../mlkem/mlkem768.h"
#include "../sha3/sha3.h"

/* ---- what the compiler sees ---------------------------------------------- */

#define K(x) { #x, (long)(x) }
/* Every result constant the crypto headers define (the test checks this list
 * against the headers' text, so a new constant must be added here). */
static const struct { const char *name; long value; } known[] = {
    K(SHA3_OK), K(SHA3_ERR_NULL), K(SHA3_ERR_LENGTH), K(SHA3_ERR_PARAM), K(SHA3_ERR_STATE),
    K(AES256GCM_OK), K(AES256GCM_ERR_VERIFY), K(AES256GCM_ERR_NULL), K(AES256GCM_ERR_LENGTH),
    K(MLKEM768_OK), K(MLKEM768_ERR_NULL), K(MLKEM768_ERR_RANDOM), K(MLKEM768_ERR_PK),
    K(MLKEM768_ERR_SK),
    K(MLDSA65_OK), K(MLDSA65_ERR_VERIFY), K(MLDSA65_ERR_NULL), K(MLDSA65_ERR_LENGTH),
    K(MLDSA65_ERR_RANDOM), K(MLDSA65_ERR_SK), K(MLDSA65_ERR_PARAM), K(MLDSA65_ERR_ATTEMPTS),
    K(FNDSA512_OK), K(FNDSA512_ERR_VERIFY), K(FNDSA512_ERR_NULL), K(FNDSA512_ERR_LENGTH),
    K(FNDSA512_ERR_RANDOM), K(FNDSA512_ERR_PK), K(FNDSA512_ERR_SK), K(FNDSA512_ERR_ATTEMPTS),
};

/* The deprecated value aliases, with the value of their new name. */
#define A(old, new) { #old, (long)(old), #new, (long)(new) }
static const struct { const char *old; long oldv; const char *new_; long newv; } aliases[] = {
    A(AES256GCM_ERR_AUTH, AES256GCM_ERR_VERIFY), A(AES256GCM_ERR_IV, AES256GCM_ERR_LENGTH),
    A(MLKEM768_BYTES, MLKEM768_SSBYTES),
    A(MLDSA65_BYTES, MLDSA65_SIGBYTES), A(MLDSA65_ERR_CTX, MLDSA65_ERR_LENGTH),
    A(MLDSA65_ERR_SECRETKEY, MLDSA65_ERR_SK), A(MLDSA65_ERR_PREHASH, MLDSA65_ERR_PARAM),
    A(FNDSA512_BYTES, FNDSA512_SIGBYTES), A(FNDSA512_ERR_BADARG, FNDSA512_ERR_PK),
    A(FNDSA512_ERR_RNG, FNDSA512_ERR_RANDOM), A(FNDSA512_ERR_KEY, FNDSA512_ERR_SK),
    A(FNDSA512_ERR_SIZE, FNDSA512_ERR_ATTEMPTS),
};

/* The five crypto headers: directory, path, constant prefix, MUST_CHECK macro. */
static const struct { const char *dir, *path, *prefix, *must; } hdrs[] = {
    { "sha3", "sha3/sha3.h", "SHA3_", NULL },
    { "aes", "aes/aes.h", "AES256GCM_", "AES_MUST_CHECK" },
    { "mlkem", "mlkem/mlkem768.h", "MLKEM768_", "MLKEM_MUST_CHECK" },
    { "mldsa", "mldsa/mldsa65.h", "MLDSA65_", "MLDSA_MUST_CHECK" },
    { "fndsa", "fndsa/fndsa512.h", "FNDSA512_", "FNDSA_MUST_CHECK" },
};
#define NHDRS (sizeof hdrs / sizeof hdrs[0])
static const char *msg_h = "msg/msg.h";

static int lookup(const char *name, long *v)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(known[i].name, name) == 0) {
            *v = known[i].value;
            return 1;
        }
    }
    return 0;
}

static const char *dir_of(const char *name)
{
    for (size_t i = 0; i < NHDRS; i++) {
        if (strncmp(name, hdrs[i].prefix, strlen(hdrs[i].prefix)) == 0) return hdrs[i].dir;
    }
    return NULL;
}

/* ---- reading the text ---------------------------------------------------- */

/* The lines of a file (malloc'd, NULL-terminated); fails the test if absent. */
static char **read_lines(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    cr_assert(f != NULL, "%s not found (run from the top of the tree)", path);
    size_t cap = 256, k = 0;
    char **v = malloc(cap * sizeof *v), *line = NULL;
    size_t lcap = 0;
    while (getline(&line, &lcap, f) > 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (k + 1 == cap) v = realloc(v, (cap *= 2) * sizeof *v);
        v[k++] = strdup(line);
    }
    free(line);
    fclose(f);
    v[k] = NULL;
    *n = k;
    return v;
}

static void free_lines(char **v)
{
    for (size_t i = 0; v[i] != NULL; i++) free(v[i]);
    free(v);
}

/* Split a Markdown table row "| a | b | c |" into at most max trimmed cells. */
static int cells(char *row, char **cell, int max)
{
    int n = 0;
    char *p = row;
    if (*p != '|') return 0;
    p++;
    while (*p != '\0' && n < max) {
        char *end = strchr(p, '|');
        if (end == NULL) break;
        *end = '\0';
        while (isspace((unsigned char)*p)) p++;
        char *q = end;
        while (q > p && isspace((unsigned char)q[-1])) *--q = '\0';
        cell[n++] = p;
        p = end + 1;
    }
    return n;
}

/* The backticked words of s, in order, into w[] (at most max). */
static int ticked(const char *s, char w[][64], int max)
{
    int n = 0;
    const char *p = s;
    while (n < max && (p = strchr(p, '`')) != NULL) {
        const char *e = strchr(p + 1, '`');
        if (e == NULL) break;
        size_t len = (size_t)(e - p - 1);
        if (len < 64) {
            memcpy(w[n], p + 1, len);
            w[n][len] = '\0';
            n++;
        }
        p = e + 1;
    }
    return n;
}

/* The rows of the API.md table between "<!-- TAG" and "<!-- end TAG", data
 * rows only (the header row and the |---| line are skipped), ncols cells each. */
typedef struct { char *c[4]; int n; char *buf; } row_t;
static size_t table(const char *tag, int ncols, row_t *rows, size_t max)
{
    size_t n, k = 0;
    char **l = read_lines("API.md", &n);
    char open[64], close[64];
    snprintf(open, sizeof open, "<!-- %s", tag);
    snprintf(close, sizeof close, "<!-- end %s", tag);
    int in = 0, seen = 0;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(l[i], open, strlen(open)) == 0) { in = 1; seen = 1; continue; }
        if (strncmp(l[i], close, strlen(close)) == 0) { in = 0; continue; }
        if (!in || l[i][0] != '|' || strncmp(l[i], "|---", 4) == 0) continue;
        cr_assert(k < max);
        rows[k].buf = strdup(l[i]);
        rows[k].n = cells(rows[k].buf, rows[k].c, 4);
        cr_assert_eq(rows[k].n, ncols, "API.md %s: row with %d cells: %s", tag, rows[k].n, l[i]);
        if (k == 0 && !isdigit((unsigned char)rows[0].c[0][0]) && rows[0].c[0][0] != '-' &&
            rows[0].c[0][0] != '`') { /* the header row */
            free(rows[0].buf);
            continue;
        }
        k++;
    }
    cr_assert(seen, "API.md has no '%s' table", tag);
    free_lines(l);
    return k;
}

static void free_rows(row_t *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) free(rows[i].buf);
}

/* Does the comma-separated list contain word? */
static int listed(const char *list, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += wl) {
        int start = p == list || p[-1] == ' ' || p[-1] == ',';
        int end = p[wl] == '\0' || p[wl] == ',' || p[wl] == ' ';
        if (start && end) return 1;
    }
    return 0;
}

/* "#define NAME ..." outside the deprecated-alias block: NAME into out. */
static int define_name(const char *line, char out[64])
{
    const char *p = line;
    while (isspace((unsigned char)*p)) p++;
    if (*p++ != '#') return 0;
    while (isspace((unsigned char)*p)) p++;
    if (strncmp(p, "define", 6) != 0 || !isspace((unsigned char)p[6])) return 0;
    p += 6;
    while (isspace((unsigned char)*p)) p++;
    size_t len = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
    if (len == 0 || len >= 64) return 0;
    memcpy(out, p, len);
    out[len] = '\0';
    return 1;
}

static int is_result_name(const char *name)
{
    size_t len = strlen(name);
    return strstr(name, "_ERR_") != NULL || (len > 3 && strcmp(name + len - 3, "_OK") == 0);
}

/* ---- the error table ----------------------------------------------------- */

Test(api, error_table_matches_every_header)
{
    static row_t rows[32];
    size_t n = table("error-table", 4, rows, 32), checked = 0;
    cr_assert(n >= 10, "API.md error table: %zu rows", n);
    for (size_t r = 0; r < n; r++) {
        char *end;
        long number = strtol(rows[r].c[0], &end, 10);
        cr_assert(*end == '\0', "API.md error table: number '%s'", rows[r].c[0]);
        const char *dirs = rows[r].c[2];
        char w[16][64];
        int nw = ticked(rows[r].c[3], w, 16), per_dir[NHDRS] = {0};
        cr_assert(nw > 0, "API.md error table, %ld: no names", number);
        for (int i = 0; i < nw; i++) {
            long v;
            const char *d = dir_of(w[i]);
            cr_assert(d != NULL, "API.md: %s has no directory prefix", w[i]);
            cr_assert(listed(dirs, d), "API.md, %ld: %s is %s's but the row lists '%s'", number,
                      w[i], d, dirs);
            cr_assert(lookup(w[i], &v), "API.md lists %s: not defined by %s's header (or not in "
                      "test_api.c's list)", w[i], d);
            cr_assert_eq(v, number, "%s is %ld in its header, %ld in API.md", w[i], v, number);
            for (size_t h = 0; h < NHDRS; h++) {
                if (strcmp(hdrs[h].dir, d) == 0) per_dir[h]++;
            }
            checked++;
        }
        for (size_t h = 0; h < NHDRS; h++) {
            cr_assert(per_dir[h] == (listed(dirs, hdrs[h].dir) ? 1 : 0),
                      "API.md, %ld: %s listed %d times for %s", number, hdrs[h].dir, per_dir[h],
                      dirs);
        }
    }
    /* every constant the compiler knows is in the table... */
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        int found = 0;
        for (size_t r = 0; r < n && !found; r++) {
            char w[16][64];
            int nw = ticked(rows[r].c[3], w, 16);
            for (int j = 0; j < nw; j++) found |= strcmp(w[j], known[i].name) == 0;
        }
        cr_assert(found, "%s (%ld) is not in API.md's error table", known[i].name, known[i].value);
    }
    /* ...and every result constant a header defines is one the compiler knows */
    size_t defined = 0;
    for (size_t h = 0; h < NHDRS; h++) {
        size_t nl;
        char **l = read_lines(hdrs[h].path, &nl);
        int in_alias = 0;
        for (size_t i = 0; i < nl; i++) {
            char name[64];
            long v;
            if (strstr(l[i], "BEGIN deprecated aliases")) in_alias = 1;
            if (strstr(l[i], "END deprecated aliases")) in_alias = 0;
            if (in_alias || !define_name(l[i], name) || !is_result_name(name)) continue;
            cr_assert(lookup(name, &v), "%s defines %s: not in API.md's table / test_api.c",
                      hdrs[h].path, name);
            cr_assert_str_eq(dir_of(name), hdrs[h].dir, "%s defines %s", hdrs[h].path, name);
            defined++;
        }
        free_lines(l);
    }
    cr_assert_eq(defined, sizeof known / sizeof known[0], "headers define %zu result constants, "
                 "test_api.c knows %zu", defined, sizeof known / sizeof known[0]);
    free_rows(rows, n);
    fprintf(stderr, "api: %zu names of API.md's error table match the 5 headers\n", checked);
}

/* ---- the rename table ---------------------------------------------------- */

Test(api, deprecated_aliases_match_the_rename_table)
{
    static row_t rows[64];
    size_t n = table("rename-table", 4, rows, 64), header_aliases = 0;
    /* every value alias: a row old -> new, the same value as new */
    for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++) {
        int found = 0;
        for (size_t r = 0; r < n; r++) {
            char o[4][64], nn[4][64];
            if (ticked(rows[r].c[0], o, 4) < 1 || strcmp(o[0], aliases[a].old) != 0) continue;
            cr_assert(ticked(rows[r].c[1], nn, 4) >= 1);
            cr_assert_str_eq(nn[0], aliases[a].new_, "API.md renames %s to %s", o[0], nn[0]);
            if (rows[r].c[3][0] != '\0') {
                cr_assert_eq(strtol(rows[r].c[3], NULL, 10), aliases[a].newv, "%s: new value",
                             aliases[a].old);
            }
            found = 1;
        }
        cr_assert(found, "alias %s is not in API.md's rename table", aliases[a].old);
        cr_assert_eq(aliases[a].oldv, aliases[a].newv, "%s != %s", aliases[a].old, aliases[a].new_);
    }
    /* the function aliases exist and are the new functions */
    cr_assert(sha3_release == sha3_wipe);
    cr_assert(aes256_release == aes256_wipe);
    cr_assert(fndsa512_pk_check == fndsa512_check_pk);
    cr_assert(fndsa512_expanded_key_clear == fndsa512_expanded_key_wipe);
    /* every "#define OLD NEW" of a header's alias block is a row old -> new,
     * and every row that renames has its alias in some header */
    int have[64] = {0};
    for (size_t h = 0; h < NHDRS; h++) {
        size_t nl;
        char **l = read_lines(hdrs[h].path, &nl);
        int in_alias = 0;
        for (size_t i = 0; i < nl; i++) {
            char old[64], new_[64];
            if (strstr(l[i], "BEGIN deprecated aliases")) in_alias = 1;
            if (strstr(l[i], "END deprecated aliases")) in_alias = 0;
            if (!in_alias || !define_name(l[i], old)) continue;
            if (sscanf(l[i], " # define %*s %63s", new_) != 1) continue;
            int found = 0;
            for (size_t r = 0; r < n; r++) {
                char o[4][64], nn[4][64];
                if (ticked(rows[r].c[0], o, 4) < 1 || strcmp(o[0], old) != 0) continue;
                cr_assert(ticked(rows[r].c[1], nn, 4) >= 1);
                cr_assert_str_eq(nn[0], new_, "%s: alias %s -> %s, API.md says %s", hdrs[h].path,
                                 old, new_, nn[0]);
                have[r] = found = 1;
            }
            cr_assert(found, "%s: alias %s not in API.md's rename table", hdrs[h].path, old);
            header_aliases++;
        }
        free_lines(l);
    }
    for (size_t r = 0; r < n; r++) {
        char o[4][64], nn[4][64];
        cr_assert(ticked(rows[r].c[0], o, 4) >= 1 && ticked(rows[r].c[1], nn, 4) >= 1);
        if (strcmp(o[0], nn[0]) != 0) {
            cr_assert(have[r], "API.md renames %s to %s: no header has the alias", o[0], nn[0]);
        } else { /* renumbered only: the new value is the header's */
            long v;
            cr_assert(lookup(nn[0], &v), "API.md rename table: %s unknown", nn[0]);
            cr_assert_eq(v, strtol(rows[r].c[3], NULL, 10), "%s: API.md's new value", nn[0]);
        }
    }
    free_rows(rows, n);
    fprintf(stderr, "api: %zu deprecated aliases match API.md's rename table\n", header_aliases);
}

/* ---- msg/'s reason codes ------------------------------------------------- */

Test(api, msg_reason_table_matches_msg_h)
{
    static row_t rows[64];
    size_t n = table("msg-table", 3, rows, 64), nl, found = 0;
    char **l = read_lines(msg_h, &nl);
    /* "    MSG_ERR_X = -N," lines of the enum */
    for (size_t i = 0; i < nl; i++) {
        char name[64];
        long v;
        if (sscanf(l[i], " %63[A-Z_] = %ld", name, &v) != 2 || strncmp(name, "MSG_", 4) != 0) continue;
        int ok = 0;
        for (size_t r = 0; r < n; r++) {
            char w[2][64];
            if (ticked(rows[r].c[1], w, 2) >= 1 && strcmp(w[0], name) == 0) {
                cr_assert_eq(strtol(rows[r].c[0], NULL, 10), v, "%s: msg.h %ld, API.md %s", name, v,
                             rows[r].c[0]);
                ok = 1;
            }
        }
        cr_assert(ok, "msg.h's %s is not in API.md's msg table", name);
        found++;
    }
    cr_assert_eq(found, n, "msg.h has %zu reasons, API.md's table %zu", found, n);
    free_lines(l);
    free_rows(rows, n);
}

/* ---- extern "C" and MUST_CHECK in the text -------------------------------- */

Test(api, headers_have_extern_c_and_must_check)
{
    static const char *all[] = { "sha3/sha3.h", "aes/aes.h", "mlkem/mlkem768.h",
                                 "mldsa/mldsa65.h", "fndsa/fndsa512.h", "msg/msg.h" };
    static const char *must[] = { NULL, "AES_MUST_CHECK", "MLKEM_MUST_CHECK", "MLDSA_MUST_CHECK",
                                  "FNDSA_MUST_CHECK", "MSG_MUST_CHECK" };
    size_t marked = 0;
    for (size_t h = 0; h < 6; h++) {
        size_t nl;
        char **l = read_lines(all[h], &nl);
        int ext = 0, close = 0;
        for (size_t i = 0; i < nl; i++) {
            ext |= strcmp(l[i], "extern \"C\" {") == 0;
            close |= ext && strcmp(l[i], "}") == 0;
            /* an int function (not the program's randombytes hook, DIR_RANDOMBYTES) */
            if (must[h] != NULL && strncmp(l[i], "int ", 4) == 0 && strchr(l[i], '(') &&
                strncmp(l[i], "int randombytes(", 16) != 0 && strstr(l[i], "_RANDOMBYTES(") == NULL) {
                cr_assert(i > 0 && strcmp(l[i - 1], must[h]) == 0, "%s: %s without %s", all[h],
                          l[i], must[h]);
                marked++;
            }
        }
        cr_assert(ext && close, "%s: no extern \"C\" block", all[h]);
        free_lines(l);
    }
    fprintf(stderr, "api: %zu int functions carry DIR_MUST_CHECK\n", marked);
}

/* ---- the headers as C++ --------------------------------------------------- */

Test(api, headers_compile_as_cplusplus_with_c_linkage, .timeout = 120)
{
    if (system("command -v g++ >/dev/null 2>&1") != 0) {
        cr_skip_test("g++ not installed (apt-get install g++; build-essential has it)");
    }
    char dir[] = "/tmp/aegis-test-api-XXXXXX", cmd[1024], path[512];
    cr_assert(mkdtemp(dir) != NULL);
    static const char *all[] = { "sha3/sha3.h", "aes/aes.h", "mlkem/mlkem768.h",
                                 "mldsa/mldsa65.h", "fndsa/fndsa512.h", "msg/msg.h" };
    for (size_t h = 0; h < 6; h++) {
        for (int nodep = 0; nodep < 2; nodep++) {
            snprintf(cmd, sizeof cmd, "g++ -std=c++11 -Wall -Wextra -Wpedantic -Werror %s "
                     "-fsyntax-only -x c++ %s", nodep ? "-DAEGIS_NO_DEPRECATED" : "", all[h]);
            cr_assert_eq(system(cmd), 0, "%s", cmd);
        }
    }
    /* C linkage: a C++ object calling one function of each header refers to
     * the plain C names (without extern "C" they would be mangled, _Z...). */
    char cwd[400];
    cr_assert(getcwd(cwd, sizeof cwd) != NULL);
    snprintf(path, sizeof path, "%s/use.cc", dir);
    FILE *f = fopen(path, "w");
    cr_assert(f != NULL);
    fprintf(f,
            "#include \"%s/sha3/sha3.h\"\n"
            "#include \"%s/aes/aes.h\"\n"
            "#include \"%s/msg/msg.h\"\n"
            "int use(uint8_t *b);\n"
            "int use(uint8_t *b)\n"
            "{\n"
            "    sha3_256(b, b, 1);\n"
            "    aes256_ctx c;\n"
            "    aes256_init(&c, b);\n"
            "    return aes256gcm_encrypt(b, b, b, b, 12, b, 0, b, 0) + mlkem768_keypair(b, b) +\n"
            "           mldsa65_keypair(b, b) + fndsa512_keypair(b, b) + msg_random(b, 1);\n"
            "}\n",
            cwd, cwd, cwd);
    fclose(f);
    snprintf(cmd, sizeof cmd, "cd %s && g++ -std=c++11 -Wall -Wextra -Werror -c use.cc -o use.o && "
             "nm -u use.o > undef.txt", dir);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    snprintf(path, sizeof path, "%s/undef.txt", dir);
    size_t nl, seen = 0;
    char **l = read_lines(path, &nl);
    static const char *want[] = { "sha3_256", "aes256_init", "aes256gcm_encrypt",
                                  "mlkem768_keypair", "mldsa65_keypair", "fndsa512_keypair",
                                  "msg_random" };
    for (size_t i = 0; i < nl; i++) {
        for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
            const char *p = strstr(l[i], want[w]);
            if (p != NULL && strcmp(p, want[w]) == 0 && (p == l[i] || p[-1] == ' ')) seen++;
        }
    }
    cr_assert_eq(seen, sizeof want / sizeof want[0], "C names referenced: %zu of %zu", seen,
                 sizeof want / sizeof want[0]);
    free_lines(l);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}
