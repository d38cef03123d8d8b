/*
 * keygen_poly.c -- key generation: polynomials of Z[x]/(x^n + 1) with
 * big-integer coefficients (keygen_zint.c), as NTRUSolve uses them: their
 * top words as fpr (the floating-point part of Babai's reduction) and F <- F - k f 2^sc, schoolbook for small degrees or
 * through the NTTs modulo small primes and the CRT for large ones
 * ([Falcon] §3.8.2, Reduce), with the two scaled big-integer updates
 * they use.
 */
#include "keygen.h"

/*
 * x <- x + k*y*2^sc (signed; truncated to xlen words), sc = 31*sch + scl,
 * xlen >= ylen.
 */
static void zint_add_scaled_mul_small(uint32_t *x, size_t xlen, const uint32_t *y,
                                      size_t ylen, int32_t k, uint32_t sch, uint32_t scl)
{
    size_t u;
    uint32_t ysign, tw = 0;
    int32_t cc = 0;

    if (ylen == 0) {
        return;
    }
    ysign = -(y[ylen - 1] >> 30) >> 1;
    for (u = sch; u < xlen; u++) {
        size_t v = u - sch;
        uint32_t wy = v < ylen ? y[v] : ysign; /* public lengths */
        uint32_t wys = ((wy << scl) & 0x7FFFFFFF) | tw;
        uint64_t z;

        tw = wy >> (31 - scl);
        /* |wys*k + x + cc| < 2^63: no overflow. */
        z = (uint64_t)((int64_t)wys * (int64_t)k + (int64_t)x[u] + cc);
        x[u] = (uint32_t)z & 0x7FFFFFFF;
        cc = u32_to_i32((uint32_t)(z >> 31));
    }
}

/* x <- x - y*2^sc (signed; truncated to xlen words), sc = 31*sch + scl. */
static void zint_sub_scaled(uint32_t *x, size_t xlen, const uint32_t *y, size_t ylen,
                            uint32_t sch, uint32_t scl)
{
    size_t u;
    uint32_t ysign, tw = 0, cc = 0;

    if (ylen == 0) {
        return;
    }
    ysign = -(y[ylen - 1] >> 30) >> 1;
    for (u = sch; u < xlen; u++) {
        size_t v = u - sch;
        uint32_t wy = v < ylen ? y[v] : ysign;
        uint32_t wys = ((wy << scl) & 0x7FFFFFFF) | tw;
        uint32_t w;

        tw = wy >> (31 - scl);
        w = x[u] - wys - cc;
        x[u] = w & 0x7FFFFFFF;
        cc = w >> 31;
    }
}

/*
 * d[u] <- fpr value of the u-th big integer (flen words, stride fstride).
 * Callers pass a pointer to the top words of larger integers (scaling).
 */
void poly_big_to_fp(fpr *d, const uint32_t *f, size_t flen, size_t fstride,
                    unsigned logn)
{
    size_t u, n = MKN(logn);

    if (flen == 0) {
        for (u = 0; u < n; u++) {
            d[u] = fpr_zero;
        }
        return;
    }
    for (u = 0; u < n; u++, f += fstride) {
        /* Convert |x| word by word (sign-negated), then adjust the sign. */
        uint32_t neg = -(f[flen - 1] >> 30), xm = neg >> 1, cc = neg & 1;
        fpr x = fpr_zero;
        int64_t lo = 0;
        size_t v;

        for (v = 0; v < flen; v++) {
            uint32_t w = (f[v] ^ xm) + cc;

            cc = w >> 31;
            w &= 0x7FFFFFFF;
            w -= (w << 1) & neg;
            /* Deviation: the reference computes fpr_of(w) * 2^(31v) with
             * two multiplications by powers of two; both are exact here
             * (|w| < 2^31, v < 10), so fpr_scaled gives the same value.
             * Deviation (same value, one addition less): the first two
             * words are summed as an integer (|w0 + w1 2^31| < 2^62, all
             * words have the same sign) and rounded once by fpr_scaled,
             * which is what the reference's 0 + w0 + w1 2^31 rounds to
             * (w0 is exact; the second addition rounds the exact sum). */
            if (v == 0) { /* public index */
                lo = u32_to_i32(w);
                if (flen == 1) {
                    x = fpr_scaled(lo, 0);
                }
            } else if (v == 1) {
                x = fpr_scaled(lo + (int64_t)u32_to_i32(w) * ((int64_t)1 << 31), 0);
            } else {
                x = fpr_add(x, fpr_scaled(u32_to_i32(w), 31 * (int)v));
            }
        }
        d[u] = x;
    }
}

/*
 * F <- F - k*f*2^sc over Z[x]/(x^n+1), k with small (int32) coefficients;
 * schoolbook product (for the deep levels, where n is small).
 *
 * Deviation (same result, fewer operations): the reference shifts f_v by
 * sc bits inside each of the n^2 word loops (zint_add_scaled_mul_small);
 * we shift each f_v once into ys (sign-extended, truncated to Flen - sch
 * words, exactly the words that loop would use), then each of the n^2
 * products is a plain multiply-accumulate. ys (KG_YS_WORDS words, from the
 * caller, which wipes it once) holds n*(Flen - sch) words: at most 336 for
 * logn_top = 9 (depth 5: 16 * 21); the reference loop is kept for larger
 * sizes.
 */
void poly_sub_scaled(uint32_t *F, size_t Flen, size_t Fstride, const uint32_t *f,
                     size_t flen, size_t fstride, const int32_t *k, uint32_t sch,
                     uint32_t scl, unsigned logn, uint32_t *ys)
{
    size_t u, n = MKN(logn), m;

    if (flen == 0 || Flen <= sch) {
        return;
    }
    m = Flen - sch;
    if (n * m > KG_YS_WORDS) {
        for (u = 0; u < n; u++) {
            int32_t kf = -k[u];
            uint32_t *x = F + u * Fstride;
            const uint32_t *y = f;
            size_t v;

            for (v = 0; v < n; v++) {
                zint_add_scaled_mul_small(x, Flen, y, flen, kf, sch, scl);
                if (u + v == n - 1) { /* wrap around x^n = -1 (public indices) */
                    x = F;
                    kf = -kf;
                } else {
                    x += Fstride;
                }
                y += fstride;
            }
        }
        return;
    }

    /* ys row v = f_v * 2^scl, sign-extended, m words. */
    for (u = 0; u < n; u++) {
        const uint32_t *y = f + u * fstride;
        uint32_t *d = ys + u * m;
        uint32_t ysign = -(y[flen - 1] >> 30) >> 1, tw = 0;
        size_t j;

        for (j = 0; j < m; j++) {
            uint32_t wy = j < flen ? y[j] : ysign; /* public lengths */

            d[j] = ((wy << scl) & 0x7FFFFFFF) | tw;
            tw = wy >> (31 - scl);
        }
    }
    for (u = 0; u < n; u++) {
        int32_t kf = -k[u];
        uint32_t *x = F + u * Fstride;
        const uint32_t *y = ys;
        size_t v;

        for (v = 0; v < n; v++) {
            uint32_t *xw = x + sch;
            int32_t cc = 0;
            size_t j;

            for (j = 0; j < m; j++) {
                /* |y*k + x + cc| < 2^63: no overflow. */
                uint64_t z = (uint64_t)((int64_t)y[j] * (int64_t)kf + (int64_t)xw[j] + cc);

                xw[j] = (uint32_t)z & 0x7FFFFFFF;
                cc = u32_to_i32((uint32_t)(z >> 31));
            }
            if (u + v == n - 1) { /* wrap around x^n = -1 (public indices) */
                x = F;
                kf = -kf;
            } else {
                x += Fstride;
            }
            y += m;
        }
    }
}

/*
 * Same as poly_sub_scaled, with k*f computed through NTTs modulo
 * flen+1 small primes and the CRT (for the large degrees).
 * tmp: 2n + n*(flen+1) + n words.
 */
void poly_sub_scaled_ntt(uint32_t *F, size_t Flen, size_t Fstride, const uint32_t *f,
                         size_t flen, size_t fstride, const int32_t *k, uint32_t sch,
                         uint32_t scl, unsigned logn, uint32_t *tmp)
{
    size_t u, n = MKN(logn), tlen = flen + 1;
    uint32_t *gm = tmp, *igm = gm + n, *fk = igm + n, *t1 = fk + n * tlen, *x;
    const uint32_t *y;

    for (u = 0; u < tlen; u++) {
        uint32_t p = PRIMES[u].p, p0i = modp_ninv31(p), R2 = modp_R2(p, p0i);
        uint32_t Rx = modp_Rx((unsigned)flen, p, p0i, R2);
        size_t v;

        modp_mkgm2(gm, igm, logn, PRIMES[u].g, p, p0i);
        for (v = 0; v < n; v++) {
            t1[v] = modp_set(k[v], p);
        }
        modp_NTT2(t1, gm, logn, p, p0i);
        zint_mod_small_signed_rows(fk + u, tlen, f, fstride, n, flen, p, p0i, R2, Rx);
        modp_NTT2_ext(fk + u, tlen, gm, logn, p, p0i);
        for (v = 0, x = fk + u; v < n; v++, x += tlen) {
            *x = modp_montymul(t1[v], *x, p, p0i);
        }
        /* Deviation (same values): the reference multiplies each product
         * by R2 here; that factor is folded into the inverse NTT's 1/n. */
        modp_iNTT2_ext_sc(fk + u, tlen, igm, logn, p, p0i,
                          modp_montymul((uint32_t)1 << (31 - logn), R2, p, p0i));
    }
    zint_rebuild_CRT(fk, tlen, tlen, n, 1, t1);
    for (u = 0, x = F, y = fk; u < n; u++, x += Fstride, y += tlen) {
        zint_sub_scaled(x, Flen, y, tlen, sch, scl);
    }
}
