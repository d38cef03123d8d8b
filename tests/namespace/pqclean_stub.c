/*
 * Stand-ins for PQClean's common code (fips202.c, randombytes.c): the same
 * external names our sha3/ and the schemes' hooks use by default, but not
 * the same functions. They fill their outputs with 0xAA and count calls, so
 * a call from our code that lands here shows (tests/namespace/run.sh, the
 * "PQClean beside us" program). Compiled without any of our headers.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int randombytes(uint8_t *out, size_t outlen);
void shake128(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);
void shake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);
void sha3_256(uint8_t out[32], const uint8_t *in, size_t inlen);
void sha3_512(uint8_t out[64], const uint8_t *in, size_t inlen);
unsigned pq_calls(void);
unsigned pq_selftest(void);

static unsigned calls;

int randombytes(uint8_t *out, size_t outlen)
{
    calls++;
    memset(out, 0xAA, outlen);
    return 0;
}

void shake128(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
    (void)in;
    (void)inlen;
    calls++;
    memset(out, 0xAA, outlen);
}

void shake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
    (void)in;
    (void)inlen;
    calls++;
    memset(out, 0xAA, outlen);
}

void sha3_256(uint8_t out[32], const uint8_t *in, size_t inlen)
{
    (void)in;
    (void)inlen;
    calls++;
    memset(out, 0xAA, 32);
}

void sha3_512(uint8_t out[64], const uint8_t *in, size_t inlen)
{
    (void)in;
    (void)inlen;
    calls++;
    memset(out, 0xAA, 64);
}

unsigned pq_calls(void)
{
    return calls;
}

/* PQClean's side calling its own functions: returns the calls that landed here (5). */
unsigned pq_selftest(void)
{
    uint8_t b[64];
    unsigned before = calls;
    if (randombytes(b, 8) != 0) {
        return 0;
    }
    shake128(b, 16, b, 1);
    shake256(b, 16, b, 1);
    sha3_256(b, b, 1);
    sha3_512(b, b, 1);
    return (b[0] == 0xAA) ? calls - before : 0;
}
