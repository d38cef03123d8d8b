/*
 * keygen_zint.c -- key generation: big integers ("zint"), little-endian
 * arrays of 31-bit words (the top bit of each uint32_t is 0), two's
 * complement for negative values, as NTRUSolve keeps them in RNS (one
 * residue per small prime): the CRT reconstruction from residues (Garner)
 * and the small multiplications it needs ([Falcon] §3.8.2; [PP19]); the
 * residues modulo a small prime are inline in keygen.h, the binary GCD is
 * in keygen_gcd.c. All loops run over public lengths only.
 */
#include "keygen.h"

/* a <- a - b if ctl = 1 (a unchanged if ctl = 0); returns the borrow. */
static uint32_t zint_sub(uint32_t *a, const uint32_t *b, size_t len, uint32_t ctl)
{
    size_t u;
    uint32_t cc = 0, m = -ctl;

    for (u = 0; u < len; u++) {
        uint32_t aw = a[u];
        uint32_t w = aw - b[u] - cc;

        cc = w >> 31;
        aw ^= ((w & 0x7FFFFFFF) ^ aw) & m;
        a[u] = aw;
    }
    return cc;
}

/* m <- m * x (x < 2^31); returns the carry word. */
uint32_t zint_mul_small(uint32_t *m, size_t mlen, uint32_t x)
{
    size_t u;
    uint32_t cc = 0;

    for (u = 0; u < mlen; u++) {
        uint64_t z = (uint64_t)m[u] * (uint64_t)x + cc;

        m[u] = (uint32_t)z & 0x7FFFFFFF;
        cc = (uint32_t)(z >> 31);
    }
    return cc;
}

/* x <- x + y*s (x, y of len words, x gets len+1 words; s < 2^31). */
static void zint_add_mul_small(uint32_t *x, const uint32_t *y, size_t len, uint32_t s)
{
    size_t u;
    uint32_t cc = 0;

    for (u = 0; u < len; u++) {
        uint64_t z = (uint64_t)y[u] * (uint64_t)s + (uint64_t)x[u] + (uint64_t)cc;

        x[u] = (uint32_t)z & 0x7FFFFFFF;
        cc = (uint32_t)(z >> 31);
    }
    x[len] = cc;
}

/*
 * x <- x - p if x > (p-1)/2 (x, p of len words, p odd): x mod p to the
 * signed representative around 0.
 */
static void zint_norm_zero(uint32_t *x, const uint32_t *p, size_t len)
{
    size_t u = len;
    uint32_t r = 0, bb = 0;

    /* r: -1, 0 or 1 as (p-1)/2 <, =, > x (first differing word from top). */
    while (u-- > 0) {
        uint32_t wx = x[u];
        uint32_t wp = (p[u] >> 1) | (bb << 30);
        uint32_t cc;

        bb = p[u] & 1;
        cc = wp - wx;
        cc = ((-cc) >> 31) | -(cc >> 31);
        r |= cc & ((r & 1) - 1);
    }
    zint_sub(x, p, len, r >> 31);
}

/*
 * CRT reconstruction: num integers of xlen words each (stride xstride);
 * word u of each holds the value mod primes[u]. Replaces them with their
 * binary value (Garner's scheme, one prime at a time), normalised to
 * -m/2..m/2 (m = product of the primes) if normalize_signed. tmp: xlen words.
 */
void zint_rebuild_CRT(uint32_t *xx, size_t xlen, size_t xstride, size_t num,
                      int normalize_signed, uint32_t *tmp)
{
    size_t u;
    uint32_t *x;

    tmp[0] = PRIMES[0].p;
    for (u = 1; u < xlen; u++) {
        /* Invariant: the first u words of each x are rebuilt, tmp[0..u-1]
         * is the product Q of the first u primes. */
        uint32_t p = PRIMES[u].p, s = PRIMES[u].s;
        uint32_t p0i = modp_ninv31(p), R2 = modp_R2(p, p0i);
        size_t v;

#if defined(FNDSA_NATIVE_FPR)
        /* x86_64/keygen_avx2.c: the xq of eight integers at once */
        for (v = 0, x = xx; v < num; v += 8) {
            size_t j, nb = num - v < 8 ? num - v : 8;
            uint32_t xq8[8];

            fndsa_avx2_zint_mod_small(xq8, 1, x, xstride, nb, u, p, p0i, R2, 0, 0);
            for (j = 0; j < nb; j++, x += xstride) {
                uint32_t xr = modp_montymul(s, modp_sub(x[u], xq8[j], p), p, p0i);

                zint_add_mul_small(x, tmp, u, xr);
            }
        }
#else
        for (v = 0, x = xx; v < num; v++, x += xstride) {
            uint32_t xp = x[u];
            uint32_t xq = zint_mod_small_unsigned(x, u, p, p0i, R2);
            /* x <- (x mod Q) + Q * ((xp - xq)/Q mod p) */
            uint32_t xr = modp_montymul(s, modp_sub(xp, xq, p), p, p0i);

            zint_add_mul_small(x, tmp, u, xr);
        }
#endif
        tmp[u] = zint_mul_small(tmp, u, p);
    }
    if (normalize_signed) {
        for (u = 0, x = xx; u < num; u++, x += xstride) {
            zint_norm_zero(x, tmp, xlen);
        }
    }
}
