/* util.c -- wiping, constant-time comparison, randomness and clock for msg/. */
#define _POSIX_C_SOURCE 200809L
#include "msg.h"

#include <stdlib.h>
#include <time.h>

void msg_wipe(void *p, size_t n)
{
    /* A volatile pointer keeps the stores from being optimised away. */
    volatile uint8_t *v = (volatile uint8_t *)p;
    while (n--) *v++ = 0;
}

void msg_free_secret(void *p, size_t n)
{
    if (p == NULL) return;
    msg_wipe(p, n);
    free(p);
}

int msg_ct_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
    uint32_t d = 0;
    for (size_t i = 0; i < n; i++) d |= (uint32_t)(a[i] ^ b[i]);
    /* d == 0 -> 1, else 0, without a branch on d. */
    return (int)(1 & ((d - 1) >> 8));
}

int msg_random(uint8_t *buf, size_t n)
{
    return randombytes(buf, n) == 0 ? MSG_OK : MSG_ERR_RNG;
}

uint64_t msg_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static const char *const reasons[MSG_NREASONS] = {
    "ok", "parse", "not-for-us", "unknown-sender", "stale", "replay", "signature",
    "expired-prekey", "decrypt", "plaintext", "key-changed", "bad-bundle", "store",
    "rng", "config", "argument", "nomem", "too-large", "crypto", "desync", "no-session",
    "trimmed",
};

const char *msg_reason(int err)
{
    if (err > 0 || -err >= MSG_NREASONS) return "unknown";
    return reasons[-err];
}
