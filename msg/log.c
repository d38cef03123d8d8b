/*
 * log.c -- logging to stderr, one line per event. Callers pass only outcome
 * codes, sizes, record types and hashed ids (msg_log_id); keys, shared
 * secrets, okm and plaintext never reach this file (PROTOCOL.md 11).
 */
#include "client.h"

#include <stdarg.h>
#include <stdio.h>

#include "../sha3/sha3.h"

static int log_level = MSG_LOG_WARN;

void msg_log_set_level(int level) { log_level = level; }

void msg_log(int level, const char *fmt, ...)
{
    static const char *const names[] = {"error", "warn", "info", "debug"};
    if (level > log_level || level < 0 || level > 3) return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "aegis[%s]: ", names[level]);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void msg_log_id(char out[9], const uint8_t *p, size_t n)
{
    uint8_t d[32];
    sha3_256(d, p, n);
    for (int i = 0; i < 4; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}
