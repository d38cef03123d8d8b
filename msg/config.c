/*
 * config.c -- configuration from the environment (msg/PROTOCOL.md 11),
 * validated at start: a malformed or out-of-range value is an error that
 * names the variable and the accepted range, never a silent default.
 */
#define _POSIX_C_SOURCE 200809L
#include "client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    return MSG_OK;
}
