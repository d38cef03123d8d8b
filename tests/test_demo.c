/*
 * test_demo.c -- the secure_messaging demo (../msg/demo.c, `make demo`) as a
 * person reads it and as a script reads it: exit 0, every line within 80
 * columns (plain and --verbose), safety numbers only in whole 5-digit
 * groups, and --json parsing with the expected keys and sane figures.
 * It runs the built binary ($(B)/secure_messaging next to this suite's
 * directory, or $AEGIS_DEMO_BIN) and skips when it is not built.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../msg/msg.h"

#define WIDTH 80
#define SAFETY_GROUPS (MSG_SAFETY_CHARS / 6) /* "ddddd " x 6, the last with NUL */

/* $(B)/secure_messaging beside $(B)/tests/, or $AEGIS_DEMO_BIN. */
static int find_demo(char bin[PATH_MAX])
{
    static char self[PATH_MAX];
    const char *rel = getenv("AEGIS_DEMO_BIN");
    if (rel == NULL) {
        ssize_t l = readlink("/proc/self/exe", self, sizeof self - 32);
        char *slash = NULL;
        if (l > 0) {
            self[l] = '\0';
            slash = strrchr(self, '/');
        }
        if (slash) *slash = '\0';
        slash = strrchr(self, '/');
        if (slash) snprintf(slash, 32, "/secure_messaging");
        rel = slash ? self : "secure_messaging";
    }
    return access(rel, X_OK) == 0 && realpath(rel, bin) != NULL;
}

/* Runs the demo with args; its stdout (malloc'd, NUL-terminated) and exit
 * status (-1 if it did not exit). */
static char *run_demo(const char *args, int *status)
{
    static char bin[PATH_MAX], cmd[PATH_MAX + 128];
    if (!find_demo(bin)) cr_skip_test("secure_messaging not built (set AEGIS_DEMO_BIN)");
    snprintf(cmd, sizeof cmd, "'%s' %s 2>/dev/null", bin, args);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "popen %s", cmd);
    size_t cap = 1 << 16, n = 0, r;
    char *out = malloc(cap);
    cr_assert_not_null(out);
    while ((r = fread(out + n, 1, cap - n - 1, p)) > 0) {
        n += r;
        if (cap - n < 2) {
            out = realloc(out, cap *= 2);
            cr_assert_not_null(out);
        }
    }
    out[n] = '\0';
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

/* Every token of s (space-separated) is exactly 5 digits; their count. */
static int whole_groups(const char *s, int *ok)
{
    int n = 0;
    while (*s) {
        while (*s == ' ') s++;
        if (*s == '\0') break;
        int len = 0;
        while (s[len] && s[len] != ' ') {
            if (!isdigit((unsigned char)s[len])) *ok = 0;
            len++;
        }
        if (len != 5) *ok = 0;
        n++;
        s += len;
    }
    return n;
}

/* Checks the text: width, and each safety number in whole groups (its first
 * line "...safety number: ddddd ...", continuation lines of groups only).
 * Returns how many safety numbers it saw. */
static int check_text(char *out)
{
    int safeties = 0, lineno = 0, in_safety = 0, groups = 0;
    for (char *line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        lineno++;
        cr_expect(strlen(line) <= WIDTH, "line %d is %zu columns: %s", lineno, strlen(line), line);
        const char *tag = strstr(line, "safety number:");
        int ok = 1;
        if (tag) {
            if (in_safety) cr_expect_eq(groups, SAFETY_GROUPS, "a safety number of %d groups", groups);
            safeties++;
            in_safety = 1;
            groups = whole_groups(tag + strlen("safety number:"), &ok);
            cr_expect(ok && groups > 0, "line %d: not whole 5-digit groups: %s", lineno, line);
            continue;
        }
        if (in_safety && line[0] == ' ' && strspn(line, " 0123456789") == strlen(line)) {
            groups += whole_groups(line, &ok);
            cr_expect(ok, "line %d: a safety number's group cut: %s", lineno, line);
            continue;
        }
        if (in_safety) cr_expect_eq(groups, SAFETY_GROUPS, "a safety number of %d groups", groups);
        in_safety = 0;
    }
    if (in_safety) cr_expect_eq(groups, SAFETY_GROUPS, "a safety number of %d groups", groups);
    return safeties;
}

Test(demo, text_fits_80_columns_whole_safety_groups, .timeout = 120)
{
    int st;
    char *out = run_demo("", &st);
    cr_assert_eq(st, 0, "demo exit status %d", st);
    cr_expect_not_null(strstr(out, "all attacks rejected as expected"));
    cr_expect_null(strstr(out, "UNEXPECTED"));
    cr_expect_null(strstr(out, "MISMATCH"));
    cr_expect_not_null(strstr(out, "load"), "no line says the machine's load moves the times");
    cr_expect_not_null(strstr(out, "What the counts include"));
    /* 4 pinned bundles in chapter 2, 1 changed key in 4, 1 fetched in 6 */
    cr_expect_eq(check_text(out), 6);
    free(out);
}

Test(demo, verbose_fits_80_columns, .timeout = 120)
{
    int st;
    char *out = run_demo("--verbose", &st);
    cr_assert_eq(st, 0, "demo --verbose exit status %d", st);
    cr_expect_not_null(strstr(out, "Falcon-512 666"), "no envelope layout under --verbose");
    check_text(out);
    free(out);
}

static void expect_stat(json_t *s, const char *what)
{
    cr_assert(json_is_object(s), "%s: no timing object", what);
    json_t *med = json_object_get(s, "median_ms"), *mn = json_object_get(s, "min_ms"),
           *mx = json_object_get(s, "max_ms"), *runs = json_object_get(s, "runs");
    cr_assert(json_is_number(med) && json_is_number(mn) && json_is_number(mx) && json_is_integer(runs),
              "%s: median_ms, min_ms, max_ms, runs", what);
    double a = json_number_value(mn), m = json_number_value(med), b = json_number_value(mx);
    cr_expect(a > 0 && a <= m && m <= b, "%s: min %g <= median %g <= max %g", what, a, m, b);
    cr_expect(json_integer_value(runs) >= 3, "%s: %lld runs", what, (long long)json_integer_value(runs));
}

Test(demo, json_figures, .timeout = 120)
{
    int st;
    char *out = run_demo("--json", &st);
    cr_assert_eq(st, 0, "demo --json exit status %d", st);
    json_error_t err;
    json_t *j = json_loads(out, 0, &err);
    cr_assert_not_null(j, "--json output does not parse: %s (line %d)", err.text, err.line);
    free(out);
    static const char *const keys[] = {"runs", "note", "keygen", "init", "bundles", "messages", "seal_open",
                                       "per_step", "attacks", "status", "session_messages", "sessions",
                                       "all_ok"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        cr_expect_not_null(json_object_get(j, keys[i]), "no \"%s\"", keys[i]);
    cr_expect(json_is_true(json_object_get(j, "all_ok")));
    const char *note = json_string_value(json_object_get(j, "note"));
    cr_expect(note && strstr(note, "load"), "the note does not say that load moves the times");
    json_t *kg = json_object_get(j, "keygen");
    expect_stat(json_object_get(kg, "mldsa65"), "keygen.mldsa65");
    expect_stat(json_object_get(kg, "falcon512"), "keygen.falcon512");
    expect_stat(json_object_get(kg, "mlkem768"), "keygen.mlkem768");
    json_t *so = json_object_get(j, "seal_open");
    static const char *const so_keys[] = {"seal_opk", "seal_spk_only", "open_opk", "open_spk_only"};
    for (size_t i = 0; i < 4; i++) expect_stat(json_object_get(so, so_keys[i]), so_keys[i]);
    cr_expect(json_is_number(json_object_get(so, "first_open_ms")));
    cr_expect(json_is_number(json_object_get(so, "reopened_open_ms")));
    json_t *ps = json_object_get(j, "per_step");
    cr_expect_eq(json_object_size(ps), 6);
    const char *k;
    json_t *v;
    json_object_foreach(ps, k, v) expect_stat(v, k);
    /* the six attacks, each rejected with the expected reason */
    json_t *at = json_object_get(j, "attacks");
    cr_assert_eq(json_array_size(at), 6);
    for (size_t i = 0; i < 6; i++) {
        json_t *a = json_array_get(at, i);
        const char *got = json_string_value(json_object_get(a, "got"));
        const char *want = json_string_value(json_object_get(a, "expected"));
        cr_expect(got && want && strcmp(got, want) == 0 && json_is_true(json_object_get(a, "ok")),
                  "attack %zu: got %s, expected %s", i, got, want);
    }
    /* chapter 5: the counters are the story's (3 + 2 sealed; 3 received) */
    json_t *stt = json_object_get(j, "status");
    static const char *const users[] = {"alice", "bob", "carol"};
    for (size_t i = 0; i < 3; i++)
        cr_expect(json_is_true(json_object_get(json_object_get(stt, users[i]), "matches_story")), "%s", users[i]);
    cr_expect_eq(json_integer_value(json_object_get(json_object_get(stt, "alice"), "sent")), 5);
    cr_expect_eq(json_integer_value(json_object_get(json_object_get(stt, "bob"), "received")), 3);
    cr_expect_eq(json_array_size(json_object_get(j, "messages")), 3);
    json_t *ss = json_object_get(j, "sessions");
    cr_expect(json_is_true(json_object_get(ss, "forward_secrecy")));
    cr_expect(json_is_true(json_object_get(ss, "healing")));
    json_t *b = json_object_get(j, "bundles");
    cr_expect_eq(json_array_size(b), 5);
    for (size_t i = 0; i < json_array_size(b); i++) {
        const char *sn = json_string_value(json_object_get(json_array_get(b, i), "safety_number"));
        cr_expect(sn && strlen(sn) == MSG_SAFETY_CHARS - 1, "safety number %zu", i);
    }
    json_decref(j);
}

Test(demo, usage_errors_exit_2, .timeout = 30)
{
    int st;
    free(run_demo("--no-such-flag", &st));
    cr_expect_eq(st, 2);
    char *out = run_demo("--help", &st);
    cr_expect_eq(st, 0);
    cr_expect_not_null(strstr(out, "--json"), "--help does not name --json");
    free(out);
}
