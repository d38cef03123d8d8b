/*
 * keygen_gcd.c -- key generation, the deepest level of NTRUSolve
 * ([Falcon] §3.8.2; [PP19]): the resultants Res(f), Res(g) (the field
 * norms down to degree 1), then the extended binary GCD of these big
 * integers, which gives the (F, G) of degree 1.
 */
#include "keygen.h"

/* a <- -a if ctl = 1 (ctl is 0 or 1). */
static void zint_negate(uint32_t *a, size_t len, uint32_t ctl)
{
    size_t u;
    uint32_t cc = ctl, m = -ctl >> 1;

    for (u = 0; u < len; u++) {
        uint32_t aw = (a[u] ^ m) + cc;

        a[u] = aw & 0x7FFFFFFF;
        cc = aw >> 31;
    }
}

/*
 * a <- (a*xa + b*xb)/2^31, b <- (a*ya + b*yb)/2^31 (exact divisions), each
 * made non-negative; returns bit 0 = a was negated, bit 1 = b was negated.
 */
static uint32_t zint_co_reduce(uint32_t *a, uint32_t *b, size_t len, int64_t xa, int64_t xb,
                               int64_t ya, int64_t yb)
{
    size_t u;
    int64_t cca = 0, ccb = 0;
    uint32_t nega, negb;

    for (u = 0; u < len; u++) {
        uint32_t wa = a[u], wb = b[u];
        uint64_t za = wa * (uint64_t)xa + wb * (uint64_t)xb + (uint64_t)cca;
        uint64_t zb = wa * (uint64_t)ya + wb * (uint64_t)yb + (uint64_t)ccb;

        if (u > 0) {
            a[u - 1] = (uint32_t)za & 0x7FFFFFFF;
            b[u - 1] = (uint32_t)zb & 0x7FFFFFFF;
        }
        cca = asr64_31(za);
        ccb = asr64_31(zb);
    }
    a[len - 1] = (uint32_t)cca;
    b[len - 1] = (uint32_t)ccb;
    nega = (uint32_t)((uint64_t)cca >> 63);
    negb = (uint32_t)((uint64_t)ccb >> 63);
    zint_negate(a, len, nega);
    zint_negate(b, len, negb);
    return nega | (negb << 1);
}

/*
 * Final step of a Montgomery reduction modulo odd m: if neg, -m <= a < 0,
 * add m; else 0 <= a < 2m (top word may use 32 bits), subtract m if a >= m.
 * The reference's first pass (cc = borrow of a - m, i.e. a < m) is done by
 * the caller, zint_co_reduce_mod, while it writes a.
 */
static void zint_finish_mod_cc(uint32_t *a, size_t len, const uint32_t *m, uint32_t neg,
                               uint32_t cc)
{
    size_t u;
    uint32_t xm, ym;

    /* Subtract m (neg = 0, a >= m), or -m (neg = 1), or nothing. */
    xm = -neg >> 1;
    ym = -(neg | (1 - cc));
    cc = neg;
    for (u = 0; u < len; u++) {
        uint32_t mw = (m[u] ^ xm) & ym;
        uint32_t aw = a[u] - mw - cc;

        a[u] = aw & 0x7FFFFFFF;
        cc = aw >> 31;
    }
}

/*
 * a <- (a*xa + b*xb)/2^31 mod m, b <- (a*ya + b*yb)/2^31 mod m (four
 * combined Montgomery multiplications); m odd, m0i = -1/m[0] mod 2^31.
 */
static void zint_co_reduce_mod(uint32_t *a, uint32_t *b, const uint32_t *m, size_t len,
                               uint32_t m0i, int64_t xa, int64_t xb, int64_t ya, int64_t yb)
{
    size_t u;
    int64_t cca = 0, ccb = 0;
    uint32_t fa, fb, bra = 0, brb = 0;

    fa = ((a[0] * (uint32_t)xa + b[0] * (uint32_t)xb) * m0i) & 0x7FFFFFFF;
    fb = ((a[0] * (uint32_t)ya + b[0] * (uint32_t)yb) * m0i) & 0x7FFFFFFF;
    for (u = 0; u < len; u++) {
        uint32_t wa = a[u], wb = b[u];
        uint64_t za = wa * (uint64_t)xa + wb * (uint64_t)xb + m[u] * (uint64_t)fa
                      + (uint64_t)cca;
        uint64_t zb = wa * (uint64_t)ya + wb * (uint64_t)yb + m[u] * (uint64_t)fb
                      + (uint64_t)ccb;

        if (u > 0) {
            uint32_t na = (uint32_t)za & 0x7FFFFFFF, nb = (uint32_t)zb & 0x7FFFFFFF;

            a[u - 1] = na;
            b[u - 1] = nb;
            /* Deviation (same values, one pass less): zint_finish_mod's
             * borrow chain of a - m, b - m, on each word as it is made. */
            bra = (na - m[u - 1] - bra) >> 31;
            brb = (nb - m[u - 1] - brb) >> 31;
        }
        cca = asr64_31(za);
        ccb = asr64_31(zb);
    }
    a[len - 1] = (uint32_t)cca;
    b[len - 1] = (uint32_t)ccb;
    bra = ((uint32_t)cca - m[len - 1] - bra) >> 31;
    brb = ((uint32_t)ccb - m[len - 1] - brb) >> 31;
    /* Now -m <= a, b < 2m. */
    zint_finish_mod_cc(a, len, m, (uint32_t)((uint64_t)cca >> 63), bra);
    zint_finish_mod_cc(b, len, m, (uint32_t)((uint64_t)ccb >> 63), brb);
}

/* d <- a*b mod 2^(31 len) (d distinct from a and b). */
static void zint_mul_trunc(uint32_t *d, const uint32_t *a, const uint32_t *b, size_t len)
{
    size_t i, j;

    memset(d, 0, len * sizeof *d);
    for (i = 0; i < len; i++) {
        uint32_t ai = a[i], cc = 0;

        for (j = 0; j < len - i; j++) {
            uint64_t z = (uint64_t)ai * b[j] + d[i + j] + cc;

            d[i + j] = (uint32_t)z & 0x7FFFFFFF;
            cc = (uint32_t)(z >> 31);
        }
    }
}

/* a <- c - a mod 2^(31 len), c < 2^31. */
static void zint_rsub_small(uint32_t *a, size_t len, uint32_t c)
{
    size_t u;
    uint32_t cc = c + 1; /* c - a = ~a + 1 + c */

    for (u = 0; u < len; u++) {
        uint32_t w = (~a[u] & 0x7FFFFFFF) + cc;

        a[u] = w & 0x7FFFFFFF;
        cc = w >> 31;
    }
}

/*
 * Extended binary GCD of odd x, y > 0 (len words each), constant time:
 * returns 1 if gcd(x, y) = 1, with 0 <= u <= y, 0 <= v <= x and
 * x*u - y*v = 1; returns 0 otherwise (or if x or y is even). The result
 * (u, v) is unique, so any correct algorithm gives the reference's values.
 * tmp: 4*len words.
 *
 * Invariants: a = x*u0 - y*v0, b = x*u1 - y*v1, 0 <= a <= x, 0 <= b <= y.
 * Each step: a even -> a/2; else b even -> b/2; else the larger of a, b
 * minus the smaller, halved; the u pair follows mod y (v is derived from u
 * at the end). 31 such steps
 * are computed on approximations (top two words and low word of a, b) as
 * a 2x2 matrix, then applied to the full values, reducing len(a)+len(b) by
 * at least 30 bits each round.
 */
static int zint_bezout(uint32_t *u, uint32_t *v, const uint32_t *x, const uint32_t *y,
                       size_t len, uint32_t *tmp)
{
    uint32_t *u0 = u, *v0 = v, *u1 = tmp, *v1 = u1 + len, *a = v1 + len, *b = a + len;
    uint32_t y0i, num, rc;
    size_t j, P;

    if (len == 0) {
        return 0;
    }
    y0i = modp_ninv31(y[0]);

    /* a = x, u0 = 1; b = y, u1 = y (v0, v1: see after the loop). */
    memcpy(a, x, len * sizeof *x);
    memcpy(b, y, len * sizeof *y);
    u0[0] = 1;
    memset(u0 + 1, 0, (len - 1) * sizeof *u0);
    memcpy(u1, y, len * sizeof *u1);

    for (num = 62 * (uint32_t)len + 30; num >= 30; num -= 30) {
        uint32_t c0 = (uint32_t)-1, c1 = (uint32_t)-1;
        uint32_t a0 = 0, a1 = 0, b0 = 0, b1 = 0, a_lo, b_lo, r;
        uint64_t a_hi, b_hi;
        int64_t pa = 1, pb = 0, qa = 0, qb = 1;
        int i;

        /* Top two non-zero words (jointly for a and b) of a and b. */
        j = len;
        while (j-- > 0) {
            uint32_t aw = a[j], bw = b[j];

            a0 ^= (a0 ^ aw) & c0;
            a1 ^= (a1 ^ aw) & c1;
            b0 ^= (b0 ^ bw) & c0;
            b1 ^= (b1 ^ bw) & c1;
            c1 = c0;
            c0 &= (((aw | bw) + 0x7FFFFFFF) >> 31) - (uint32_t)1;
        }
        /* c1 != 0 (only one word found): use it as the low word. */
        a1 |= a0 & c1;
        a0 &= ~c1;
        b1 |= b0 & c1;
        b0 &= ~c1;
        a_hi = ((uint64_t)a0 << 31) + a1;
        b_hi = ((uint64_t)b0 << 31) + b1;
        a_lo = a[0];
        b_lo = b[0];

        /* 31 binary-GCD steps on the approximations. */
        for (i = 0; i < 31; i++) {
            uint32_t rt, oa, ob, cAB, cBA, cA;
            uint64_t rz;

            rz = b_hi - a_hi; /* rt = (a_hi > b_hi) */
            rt = (uint32_t)((rz ^ ((a_hi ^ b_hi) & (a_hi ^ rz))) >> 63);
            oa = (a_lo >> i) & 1;
            ob = (b_lo >> i) & 1;
            cAB = oa & ob & rt;        /* a <- a - b */
            cBA = oa & ob & ~rt;       /* b <- b - a */
            cA = cAB | (oa ^ 1);       /* a halved (else b halved) */

            a_lo -= b_lo & -cAB;
            a_hi -= b_hi & -(uint64_t)cAB;
            pa -= qa & -(int64_t)cAB;
            pb -= qb & -(int64_t)cAB;
            b_lo -= a_lo & -cBA;
            b_hi -= a_hi & -(uint64_t)cBA;
            qa -= pa & -(int64_t)cBA;
            qb -= pb & -(int64_t)cBA;

            /* Halving = doubling the other one's low-word weights. */
            a_lo += a_lo & (cA - 1);
            pa += pa & ((int64_t)cA - 1);
            pb += pb & ((int64_t)cA - 1);
            a_hi ^= (a_hi ^ (a_hi >> 1)) & -(uint64_t)cA;
            b_lo += b_lo & -cA;
            qa += qa & -(int64_t)cA;
            qb += qb & -(int64_t)cA;
            b_hi ^= (b_hi ^ (b_hi >> 1)) & ((uint64_t)cA - 1);
        }

        /* Apply; fix the signs of the factors if a or b came out negative. */
        r = zint_co_reduce(a, b, len, pa, pb, qa, qb);
        pa -= (pa + pa) & -(int64_t)(r & 1);
        pb -= (pb + pb) & -(int64_t)(r & 1);
        qa -= (qa + qa) & -(int64_t)(r >> 1);
        qb -= (qb + qb) & -(int64_t)(r >> 1);
        zint_co_reduce_mod(u0, u1, y, len, y0i, pa, pb, qa, qb);
    }

    /* a now holds the GCD. */
    rc = a[0] ^ 1;
    for (j = 1; j < len; j++) {
        rc |= a[j];
    }

    /*
     * Deviation (same result, less work): the reference also tracks
     * v0, v1 modulo x through the loop. Given u, v = (x*u - 1)/y is unique
     * and 0 <= v <= x < 2^(31 len), so v = (x*u - 1) * y^-1 mod 2^(31 len)
     * (y odd), with y^-1 by Newton's iteration z <- z (2 - y z), which
     * doubles the number of correct low words each time. Scratch: u1, v1
     * and b (a is kept). If gcd(x, y) != 1 or x, y are even, v is
     * meaningless (and 0 is returned, as before).
     */
    {
        uint32_t *z = u1, *t = v1, *t2 = b;
        uint32_t y0inv = (uint32_t)-modp_ninv31(y[0] | 1) & 0x7FFFFFFF;

        memset(z, 0, len * sizeof *z);
        z[0] = y0inv;
        for (P = 1; P < len;) {
            size_t Q = (P << 1) < len ? (P << 1) : len;

            zint_mul_trunc(t, y, z, Q);     /* t = y z */
            zint_rsub_small(t, Q, 2);       /* t = 2 - y z */
            zint_mul_trunc(t2, z, t, Q);    /* z (2 - y z) */
            memcpy(z, t2, Q * sizeof *z);
            P = Q;
        }
        zint_mul_trunc(t, x, u0, len);      /* x u */
        zint_rsub_small(t, len, 1);         /* 1 - x u */
        zint_mul_trunc(t2, t, z, len);      /* (1 - x u) / y = -v */
        memcpy(v0, t2, len * sizeof *v0);
        zint_rsub_small(v0, len, 0);        /* v */
    }
    return (int)((1 - ((rc | -rc) >> 31)) & x[0] & y[0]);
}

/*
 * Deepest level (n = 1): Res(f), Res(g) by the field-norm tower, then the
 * binary GCD: F = v*q, G = u*q with Res(f) u - Res(g) v = 1. Output in
 * tmp (F then G, MAX_BL_SMALL(logn_top) words each). Returns 1 on
 * success, 0 if the resultants are not coprime or (F, G) overflow.
 * Both failure bits are declassified here.
 */
int solve_NTRU_deepest(unsigned logn_top, const int8_t *f, const int8_t *g, uint32_t *tmp)
{
    size_t len = MAX_BL_SMALL(logn_top);
    uint32_t *Fp = tmp, *Gp = Fp + len, *fp = Gp + len, *gp = fp + len, *t1 = gp + len;
    uint32_t ok;

    make_fg(fp, f, g, logn_top, logn_top, 0, tmp);
    /* Resultants are non-negative: unsigned CRT. */
    zint_rebuild_CRT(fp, len, len, 2, 0, t1);

    ok = (uint32_t)zint_bezout(Gp, Fp, fp, gp, len, t1);
    ok &= (uint32_t)(zint_mul_small(Fp, len, FNDSA_Q) == 0);
    ok &= (uint32_t)(zint_mul_small(Gp, len, FNDSA_Q) == 0);
    /* Declassify: NTRUSolve failure of a candidate that is then discarded
     * (constant-time.md §1.4 Falcon item 1). */
    FNDSA_CT_DECLASSIFY(&ok, sizeof ok);
    return (int)ok;
}
