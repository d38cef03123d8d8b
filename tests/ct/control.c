/*
 * control.c -- the negative control of `make ct`: two deliberately leaky
 * functions on secret data. Each must raise valgrind errors; the program
 * counts them itself and says so. If either is not flagged (a build with
 * NVALGRIND, or marks that do nothing), tests/ct/run.sh fails.
 */
#include <stdint.h>
#include <stdio.h>
#include "ct.h"

/* Early-exit compare: branches on the first differing secret byte. */
static int __attribute__((noinline)) leaky_compare(const volatile uint8_t *a,
                                                   const volatile uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return 1;
        }
    }
    return 0;
}

static const uint8_t sbox[256] = {1, 2, 3};

/* Table lookup at a secret index. */
static uint8_t __attribute__((noinline)) leaky_lookup(const volatile uint8_t *k)
{
    return sbox[k[0]];
}

int main(void)
{
    uint8_t key[16] = {7}, guess[16] = {7};
    volatile int sink = 0;
    unsigned before, after;

    if (!CT_ON_VALGRIND()) {
        printf("control: not running under valgrind\n");
        return 1;
    }
    CT_SECRET(key, sizeof key);

    before = CT_ERRORS();
    sink += leaky_compare(key, guess, sizeof key);
    after = CT_ERRORS();
    if (after > before) printf("control: early-exit compare flagged (%u errors)\n", after - before);

    before = CT_ERRORS();
    sink += leaky_lookup(key);
    after = CT_ERRORS();
    if (after > before) printf("control: secret-indexed table flagged (%u errors)\n", after - before);

    (void)sink;
    return 0;
}
