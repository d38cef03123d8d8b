/*
 * hash.c -- hashing the message to a point of Z_q[x]/(x^512 + 1)
 * ([Falcon] spec v1.2, §3.7), for signing and verification.
 *
 * FIPS 206 is expected to change the hash input (a domain separator, a
 * context string, possibly the hashed public key): fndsa_hash_message is
 * the only place that formats it.
 */
#include "inner.h"

/*
 * [Falcon] Algorithm 3, HashToPoint: read 16-bit big-endian values from
 * SHAKE256, keep those < 5q = 61445, reduce them mod q. Inputs and output
 * are public (the signature and message), so this may run in variable
 * time; its output equals the reference's constant-time variant.
 */
void fndsa_hash_to_point(uint16_t *x, sha3_ctx *sc, unsigned logn)
{
    uint8_t buf[SHAKE256_RATE];
    size_t n = (size_t)1 << logn, u = 0, k = sizeof buf;

    while (u < n) {
        uint32_t w;

        if (k == sizeof buf) {
            shake_squeeze(sc, buf, sizeof buf);  /* same stream as 2-byte reads */
            k = 0;
        }
        w = ((uint32_t)buf[k] << 8) | buf[k + 1];
        k += 2;
        if (w < 61445u) {
            /* w mod q for w < 5q: floor(w / q) = (w * 87375) >> 30 on
             * this range (checked for every w < 61445), written out because
             * clang -Oz turned the reference's subtraction loop into a
             * division, which the no-division gate of make ct forbids */
            w -= FNDSA_Q * (uint32_t)(((uint64_t)w * 87375u) >> 30);
            x[u++] = (uint16_t)w;
        }
    }
}

void fndsa_hash_message(uint16_t c[FNDSA_N], const uint8_t nonce[FNDSA512_NONCEBYTES],
                        const uint8_t *m, size_t mlen)
{
    sha3_ctx sc;

    /* Round-3 Falcon: c = HashToPoint(r || m). */
    shake256_init(&sc);
    sha3_absorb(&sc, nonce, FNDSA512_NONCEBYTES);
    if (mlen > 0) {
        sha3_absorb(&sc, m, mlen);
    }
    shake_finalize(&sc);
    fndsa_hash_to_point(c, &sc, FNDSA_LOGN);
    sha3_wipe(&sc);
}
