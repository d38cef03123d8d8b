/*
 * log.c -- logging to stderr, one line per event. Callers pass only outcome
 * codes, sizes, record types and hashed ids (msg_log_id); keys, shared
 * secrets, okm and plaintext never reach this file (PROTOCOL.md 11).
 */
#include "client.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../sha3/sha3.h"

static int log_level = MSG_LOG_WARN;
static int log_capture;
static char log_first[256];
static int log_first_level;

void msg_log_set_level(int level) { log_level = level; }

void msg_log_capture(int on)
{
    log_capture = on;
    log_first[0] = '\0';
}

const char *msg_log_captured(void) { return log_first; }

void msg_sanitize(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e) *s = '?';
}

void msg_log(int level, const char *fmt, ...)
{
    static const char *const names[] = {"error", "warn", "info", "debug"};
    if (level > log_level || level < 0 || level > 3) return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* Ids, names and paths in a line may come from a peer or the command
     * line: no byte of them may drive the terminal. */
    msg_sanitize(line);
    if (log_capture && level <= MSG_LOG_WARN) {
        /* Keep the first line, but an error outranks an earlier warning. */
        if (log_first[0] == '\0' || (level < log_first_level)) {
            log_first_level = level;
            size_t n = strlen(line);
            if (n >= sizeof log_first) n = sizeof log_first - 1;
            memcpy(log_first, line, n);
            log_first[n] = '\0';
        }
        return;
    }
    fprintf(stderr, "aegis[%s]: %s\n", names[level], line);
}

void msg_log_id(char out[9], const uint8_t *p, size_t n)
{
    uint8_t d[32];
    sha3_256(d, p, n);
    for (int i = 0; i < 4; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}
