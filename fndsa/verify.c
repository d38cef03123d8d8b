/*
 * verify.c -- Falcon-512 verification ([Falcon] spec v1.2, §3.10): decode
 * the public key and the signature, c = HashToPoint(r || m) (hash.c),
 * s1 = c - s2 h mod q with the NTT of modq.c, and the norm check; plus the
 * public-key check. Everything a verify-only program links is here and in
 * codec.c, hash.c, modq.c and sha3/ (README "Verify-only embedding").
 *
 * Verification is strict: header bytes, exact lengths, pk coefficients
 * < q, the canonical compressed encoding (codec.c) and zero padding, and
 * the norm bound ||(s1, s2)||^2 <= 34034726 ([Falcon] Table 3.3, beta^2),
 * accumulated in 32 bits with saturation so it cannot overflow. Its inputs
 * are public; the mod-q arithmetic is constant time anyway.
 */
#include "inner.h"

/* The norm check of Verify: 1 if ||(s1, s2)||^2 <= FNDSA_L2BOUND, else 0,
 * summed in 32 bits with saturation (inner.h). */
int fndsa_is_short(const int16_t *s1, const int16_t *s2, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;
    uint32_t s = 0, ng = 0;

    for (u = 0; u < n; u++) {
        int32_t z = s1[u];

        s += (uint32_t)(z * z);
        ng |= s;
        z = s2[u];
        s += (uint32_t)(z * z);
        ng |= s;
    }
    s |= 0u - (ng >> 31);
    return s <= FNDSA_L2BOUND;
}

/*
 * The core of Verify: given c = HashToPoint(r || m),
 * s2 and the public key h, compute s1 = c - s2 h mod q (centered) and
 * check the norm. Returns 1 if valid. h is overwritten (its NTT).
 */
static int verify_raw(const uint16_t *c, const int16_t *s2, uint16_t *h)
{
    uint16_t t[FNDSA_N];
    int16_t s1[FNDSA_N];
    size_t u;

    for (u = 0; u < FNDSA_N; u++) {
        t[u] = mq_of(s2[u]);
    }
    mq_NTT(t);
    mq_NTT(h);                                         /* h is not used after */
    for (u = 0; u < FNDSA_N; u++) {
        t[u] = (uint16_t)mq_mont(t[u], h[u]);
    }
    mq_iNTT(t);                                        /* s2 h mod q */
    for (u = 0; u < FNDSA_N; u++) {
        int32_t w = (int32_t)mq_sub(c[u], t[u]);     /* s1 mod q */

        w -= (int32_t)(FNDSA_Q & (0u - ((FNDSA_Q / 2 - (uint32_t)w) >> 31)));
        s1[u] = (int16_t)w;
    }
    return fndsa_is_short(s1, s2, FNDSA_LOGN);
}

/* [Falcon] Algorithm 16, Verify: sig = 0x39 || nonce || comp(s2) ||
 * padding of the given total length (padding, if any, must be zero), for
 * the public key pk. */
static int verify_sig(const uint8_t *sig, size_t siglen, int padded,
                      const uint8_t *m, size_t mlen, const uint8_t *pk)
{
    uint16_t h[FNDSA_N], c[FNDSA_N];
    int16_t s2[FNDSA_N];
    size_t v, u;

    if (pk == NULL || (sig == NULL && siglen != 0) || (m == NULL && mlen != 0)) {
        return FNDSA512_ERR_NULL;
    }
    /* public key: header 0x00 + logn, then 512 x 14 bits, all < q */
    if (pk[0] != 0x00 + FNDSA_LOGN) {
        return FNDSA512_ERR_PK;
    }
    if (fndsa_modq_decode(h, FNDSA_LOGN, pk + 1, FNDSA512_PUBLICKEYBYTES - 1)
        != FNDSA512_PUBLICKEYBYTES - 1) {
        return FNDSA512_ERR_PK;
    }
    /* signature: header 0x30 + logn (compressed s2) */
    if (padded) {
        if (siglen != FNDSA512_SIGBYTES) {
            return FNDSA512_ERR_VERIFY;
        }
    } else if (siglen < 1 + FNDSA512_NONCEBYTES + 1
               || siglen > FNDSA512_COMPRESSED_MAXBYTES) {
        return FNDSA512_ERR_VERIFY;
    }
    if (sig[0] != 0x30 + FNDSA_LOGN) {
        return FNDSA512_ERR_VERIFY;
    }
    v = fndsa_comp_decode(s2, FNDSA_LOGN, sig + 1 + FNDSA512_NONCEBYTES,
                          siglen - 1 - FNDSA512_NONCEBYTES);
    if (v == 0) {
        return FNDSA512_ERR_VERIFY;
    }
    v += 1 + FNDSA512_NONCEBYTES;
    if (!padded && v != siglen) {
        return FNDSA512_ERR_VERIFY;                   /* trailing bytes */
    }
    for (u = v; u < siglen; u++) {
        if (sig[u] != 0) {
            return FNDSA512_ERR_VERIFY;               /* non-zero padding */
        }
    }
    fndsa_hash_message(c, sig + 1, m, mlen);
    return verify_raw(c, s2, h) ? 0 : FNDSA512_ERR_VERIFY;
}

/* Verify (verify_sig), padded signature (§3.11.6). */
int fndsa512_verify(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                    const uint8_t pk[FNDSA512_PUBLICKEYBYTES])
{
    return verify_sig(sig, siglen, 1, m, mlen, pk);
}

/* Verify (verify_sig), compressed signature, no trailing byte. */
int fndsa512_verify_compressed(const uint8_t *sig, size_t siglen, const uint8_t *m,
                               size_t mlen, const uint8_t pk[FNDSA512_PUBLICKEYBYTES])
{
    return verify_sig(sig, siglen, 0, m, mlen, pk);
}

/* Public-key decoding ([Falcon] §3.11.4), strict: length, header, h < q. */
int fndsa512_check_pk(const uint8_t *pk, size_t pklen)
{
    uint16_t h[FNDSA_N];

    if (pk == NULL && pklen != 0) {
        return FNDSA512_ERR_NULL;
    }
    if (pklen != FNDSA512_PUBLICKEYBYTES) {
        return FNDSA512_ERR_LENGTH;
    }
    if (pk[0] != 0x00 + FNDSA_LOGN) {
        return FNDSA512_ERR_PK;
    }
    if (fndsa_modq_decode(h, FNDSA_LOGN, pk + 1, pklen - 1) != pklen - 1) {
        return FNDSA512_ERR_PK;
    }
    return 0;
}
