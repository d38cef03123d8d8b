/*
 * config.c -- configuration from the environment (msg/PROTOCOL.md 11),
 * validated at start: a malformed or out-of-range value is an error that
 * names the variable and the accepted range, never a silent default.
 */
#define _POSIX_C_SOURCE 200809L
#include "client.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ; /* POSIX (XBD 8.1); unistd.h declares it only as an extension */

void msg_config_defaults(msg_config *c)
{
    memset(c, 0, sizeof *c);
    c->rotation_s = 604800;
    c->retention_days = 30;
    c->skew_s = 300;
    c->opk_batch = 10;
    c->grace_s = 86400;
    c->log_level = MSG_LOG_WARN;
    c->max_skipped = 1000;
    c->auto_receipts = 1;
}

static int env_u32(const char *name, uint32_t lo, uint32_t hi, uint32_t *out, char *err, size_t errlen)
{
    const char *v = getenv(name);
    if (v == NULL || *v == '\0') return 0;
    char *end = NULL;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || v[0] == '-' || v[0] == '+' || v[0] == ' ' ||
        x < lo || x > hi) {
        snprintf(err, errlen, "%s=\"%.40s\": expected an integer in [%u, %u]", name, v, lo, hi);
        return -1;
    }
    *out = (uint32_t)x;
    return 0;
}

/* Every AEGIS_* variable read anywhere in the project (msg/, bench/, tests/,
 * the Makefile): the configuration of section 11, the relay's database path,
 * and the build and test switches. Any other AEGIS_* name is a typo or a
 * setting this version does not have, and gets a warning (never silence). */
static const char *const known_vars[] = {
    "AEGIS_KEY_ROTATION_INTERVAL", "AEGIS_MESSAGE_RETENTION_DAYS", "AEGIS_MAX_CLOCK_SKEW_SECONDS",
    "AEGIS_OPK_BATCH", "AEGIS_SESSION_MAX_SKIPPED", "AEGIS_AUTO_RECEIPTS", "AEGIS_HOME", "AEGIS_LOG",
    "AEGIS_PQC_ALGORITHMS", "AEGIS_SECURE_MESSAGING_ENABLED", "AEGIS_RELAY_DB",
    /* tests and benchmarks */
    "AEGIS_SLOW", "AEGIS_CT", "AEGIS_BIN", "AEGIS_RELAY_BIN", "AEGIS_DEMO_BIN", "AEGIS_TEST_PG",
};

/* Case-insensitive equality of s[0..n) and the NUL-terminated word w. */
static int word_is(const char *s, size_t n, const char *w)
{
    if (strlen(w) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != w[i]) return 0;
    return 1;
}

/* AEGIS_PQC_ALGORITHMS (PROTOCOL.md 11): the suite is fixed, so the variable
 * is accepted only when it names that suite: a list separated by commas,
 * spaces or '+', any order and case, that names the KEM, both signatures
 * and nothing else outside the suite (AES-256-GCM and SHA-3 may be named,
 * need not be). Anything else, e.g. the brief's "kyber,dilithium" without
 * Falcon, is refused: honouring it is impossible and ignoring it a lie. */
static int check_algorithms(char *err, size_t errlen)
{
    const char *v = getenv("AEGIS_PQC_ALGORITHMS");
    if (v == NULL || *v == '\0') return 0;
    static const char *const kem[] = {"ml-kem-768", "mlkem768", "ml-kem", "mlkem", "kyber", "kyber768", NULL};
    static const char *const dsa[] = {"ml-dsa-65", "mldsa65", "ml-dsa", "mldsa", "dilithium", "dilithium3", NULL};
    static const char *const fal[] = {"falcon-512", "falcon512", "falcon", "fn-dsa-512", "fn-dsa", "fndsa", NULL};
    static const char *const opt[] = {"aes-256-gcm", "aes256gcm", "aes-gcm", "aes", "sha-3", "sha3", NULL};
    static const char *const *const groups[] = {kem, dsa, fal, opt};
    int seen[4] = {0, 0, 0, 0}, bad = 0;
    const char *p = v;
    while (*p != '\0') {
        size_t n = strcspn(p, ", +");
        if (n > 0) {
            int g = -1;
            for (int k = 0; k < 4 && g < 0; k++)
                for (const char *const *w = groups[k]; *w != NULL; w++)
                    if (word_is(p, n, *w)) g = k;
            if (g < 0) bad = 1;
            else seen[g] = 1;
        }
        p += n;
        if (*p != '\0') p++;
    }
    if (!bad && seen[0] && seen[1] && seen[2]) return 0;
    snprintf(err, errlen,
             "AEGIS_PQC_ALGORITHMS=\"%.40s\": the suite is fixed (ML-KEM-768 + ML-DSA-65 + Falcon-512 + "
             "AES-256-GCM + SHA-3, PROTOCOL.md 11) and cannot be changed; unset the variable or name "
             "that suite, e.g. \"kyber,dilithium,falcon\"",
             v);
    return -1;
}

/* AEGIS_SECURE_MESSAGING_ENABLED: messaging is the program's only function
 * and cannot be switched off; true/1/yes/on is accepted, false/0/no/off is
 * refused with that reason, anything else as malformed. */
static int check_enabled(char *err, size_t errlen)
{
    const char *v = getenv("AEGIS_SECURE_MESSAGING_ENABLED");
    if (v == NULL || *v == '\0') return 0;
    size_t n = strlen(v);
    static const char *const on[] = {"true", "1", "yes", "on"}, *const off[] = {"false", "0", "no", "off"};
    for (int i = 0; i < 4; i++) {
        if (word_is(v, n, on[i])) return 0;
        if (word_is(v, n, off[i])) {
            snprintf(err, errlen,
                     "AEGIS_SECURE_MESSAGING_ENABLED=\"%.40s\": secure messaging cannot be disabled (it is "
                     "all this program does); unset the variable or set it to true",
                     v);
            return -1;
        }
    }
    snprintf(err, errlen, "AEGIS_SECURE_MESSAGING_ENABLED=\"%.40s\": expected true or 1 (false is refused)", v);
    return -1;
}

/* A warning per unknown AEGIS_* variable (names only, never values). */
static void warn_unknown(void)
{
    for (char **e = environ; e != NULL && *e != NULL; e++) {
        if (strncmp(*e, "AEGIS_", 6) != 0) continue;
        size_t n = strcspn(*e, "=");
        int known = 0;
        for (size_t k = 0; k < sizeof known_vars / sizeof known_vars[0]; k++)
            known |= strlen(known_vars[k]) == n && strncmp(*e, known_vars[k], n) == 0;
        if (!known)
            msg_log(MSG_LOG_WARN, "unknown variable %.*s ignored (PROTOCOL.md 11 lists the AEGIS_* variables)",
                    (int)(n > 64 ? 64 : n), *e);
    }
}

int msg_config_load(msg_config *c, const char *home_override, char *err, size_t errlen)
{
    msg_config_defaults(c);
    if (env_u32("AEGIS_KEY_ROTATION_INTERVAL", 3600, 2592000, &c->rotation_s, err, errlen) ||
        env_u32("AEGIS_MESSAGE_RETENTION_DAYS", 1, 90, &c->retention_days, err, errlen) ||
        env_u32("AEGIS_MAX_CLOCK_SKEW_SECONDS", 0, 86400, &c->skew_s, err, errlen) ||
        env_u32("AEGIS_OPK_BATCH", 0, MSG_BUNDLE_MAX_OPK, &c->opk_batch, err, errlen) ||
        env_u32("AEGIS_SESSION_MAX_SKIPPED", 0, 10000, &c->max_skipped, err, errlen) ||
        env_u32("AEGIS_AUTO_RECEIPTS", 0, 1, &c->auto_receipts, err, errlen))
        return MSG_ERR_CONFIG;
    if (check_algorithms(err, errlen) || check_enabled(err, errlen)) return MSG_ERR_CONFIG;
    const char *lv = getenv("AEGIS_LOG");
    if (lv != NULL && *lv != '\0') {
        static const char *const names[] = {"error", "warn", "info", "debug"};
        int found = -1;
        for (int i = 0; i < 4; i++)
            if (strcmp(lv, names[i]) == 0) found = i;
        if (found < 0) {
            snprintf(err, errlen, "AEGIS_LOG=\"%.40s\": expected error, warn, info or debug", lv);
            return MSG_ERR_CONFIG;
        }
        c->log_level = found;
    }
    const char *home = home_override;
    if (home == NULL || *home == '\0') home = getenv("AEGIS_HOME");
    int n;
    if (home != NULL && *home != '\0') {
        n = snprintf(c->home, sizeof c->home, "%s", home);
    } else {
        const char *h = getenv("HOME");
        if (h == NULL || *h == '\0') {
            snprintf(err, errlen, "neither AEGIS_HOME nor HOME is set");
            return MSG_ERR_CONFIG;
        }
        n = snprintf(c->home, sizeof c->home, "%s/.aegis", h);
    }
    if (n < 0 || (size_t)n >= sizeof c->home - 16) {
        snprintf(err, errlen, "AEGIS_HOME: path too long");
        return MSG_ERR_CONFIG;
    }
    msg_log_set_level(c->log_level);
    warn_unknown();
    return MSG_OK;
}
