/*
 * rng.c -- the randombytes() hook for the programs (aegis, secure_messaging,
 * the relay): the kernel CSPRNG through getrandom(2). It fails loudly: any
 * error is reported on stderr and returned, and callers abort the operation.
 * Not linked into the tests, which use kat/drbg.c's deterministic DRBG.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

int randombytes(uint8_t *buf, size_t len);

int randombytes(uint8_t *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t r = getrandom(buf + done, len - done, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            fprintf(stderr, "aegis: FATAL: getrandom failed: %s\n", strerror(errno));
            memset(buf, 0, len);
            return -1;
        }
        done += (size_t)r;
    }
    return 0;
}
