/*
 * keygen_solve.c -- key generation: NTRUSolve ([Falcon] §3.8.2, NTRUSolve
 * and Reduce; [PP19]), as the round-3 reference computes it.
 *
 * Depth d works on degree n = 2^(logn_top - d): (f_d, g_d) = N(f_{d-1},
 * g_{d-1}) (field norm, keygen_tower.c), down to the resultants at
 * d = logn_top, where a binary GCD gives (F, G) (keygen_gcd.c); each level
 * up lifts (F, G) by F = F'(x^2) g(-x), G = G'(x^2) f(-x) and Babai-reduces
 * it against (f_d, g_d). Integers are big (thousands of bits at the bottom) and are
 * kept in RNS (one 31-bit word per small prime), NTT form where useful;
 * the two top levels fit in one word per coefficient.
 *
 * Work space: tmp is 28 n bytes (7 n words, FNDSA_KEYGEN_TMPSIZE), the
 * (f_d, g_d) cache at its end; solve_NTRU_intermediate adds KG_YS_WORDS *
 * 4 = 1536 bytes of stack scratch (poly_sub_scaled).
 */
#include "keygen.h"

/* Average and standard deviation of the bit length of (f_d, g_d) coefs. */
static const struct {
    int avg;
    int std;
} BITLENGTH[] = {
    { 4, 0 },    { 11, 1 },   { 24, 1 },   { 50, 1 },    { 102, 1 },  { 202, 2 },
    { 401, 4 },  { 794, 5 },  { 1577, 8 }, { 3138, 13 }, { 6308, 25 },
};

/* From this depth up (d <= 4), k*f in Reduce uses the NTT. */
#define DEPTH_INT_FG 4

/* Pointer to the first fpr-aligned position at or after p, within tmp. */
static fpr *align_fpr(void *base, void *p)
{
    size_t k = (size_t)((uint8_t *)p - (uint8_t *)base);

    k = (k + sizeof(fpr) - 1) & ~(sizeof(fpr) - 1);
    return (fpr *)(void *)((uint8_t *)base + k);
}

static uint32_t *align_u32(void *base, void *p)
{
    size_t k = (size_t)((uint8_t *)p - (uint8_t *)base);

    k = (k + sizeof(uint32_t) - 1) & ~(sizeof(uint32_t) - 1);
    return (uint32_t *)(void *)((uint8_t *)base + k);
}

/*
 * Intermediate level 'depth' (from the deepest - 1 up to 2): the lift of
 * (F', G'), then [Falcon] Algorithm 7, Reduce, on big integers. On entry
 * tmp holds (F', G') of degree n/2 at MAX_BL_SMALL(depth+1) words; on
 * success it holds the reduced (F, G) of degree n at MAX_BL_SMALL(depth)
 * words.
 * Returns 0 if a reduction coefficient goes out of range (declassified
 * failure of a discarded candidate).
 */
static int solve_NTRU_intermediate(unsigned logn_top, const int8_t *f, const int8_t *g,
                                   unsigned depth, uint32_t *tmp)
{
    unsigned logn = logn_top - depth;
    size_t n = MKN(logn), hn = n >> 1, u;
    size_t slen = MAX_BL_SMALL(depth), dlen = MAX_BL_SMALL(depth + 1);
    size_t llen = MAX_BL_LARGE(depth), FGlen, rlen;
    uint32_t *Fd, *Gd, *Ft, *Gt, *ft, *gt, *t1, *x, *y;
    fpr *rt1, *rt2, *rt3, *rt4, *rt5;
    int scale_fg, minbl_fg, maxbl_fg, maxbl_FG, scale_k;
    int32_t *k;
    uint32_t bad = 0;
    uint32_t ysh[KG_YS_WORDS]; /* poly_sub_scaled scratch (secret; wiped) */

    /* (f, g) for this depth, RNS + NTT, after (F', G'). */
    Fd = tmp;
    Gd = Fd + dlen * hn;
    ft = Gd + dlen * hn;
    if (depth >= FG_CACHE_MIN && depth <= FG_CACHE_MAX) {
        memcpy(ft, fg_cache_slot(tmp, logn_top, depth),
               fg_words(logn_top, depth) * sizeof *ft);
    } else {
        make_fg(ft, f, g, logn_top, depth, 1, NULL);
    }

    /* Layout: Ft, Gt (n*llen each), ft, gt (n*slen each), Fd, Gd. */
    Ft = tmp;
    Gt = Ft + n * llen;
    t1 = Gt + n * llen;
    memmove(t1, ft, 2 * n * slen * sizeof *ft);
    ft = t1;
    gt = ft + slen * n;
    t1 = gt + slen * n;
    memmove(t1, Fd, 2 * hn * dlen * sizeof *Fd);
    Fd = t1;
    Gd = Fd + hn * dlen;

    /* F', G' modulo every prime we need, into Ft, Gt (n/2 values each). */
    for (u = 0; u < llen; u++) {
        uint32_t p = PRIMES[u].p, p0i = modp_ninv31(p), R2 = modp_R2(p, p0i);
        uint32_t Rx = modp_Rx((unsigned)dlen, p, p0i, R2);

        zint_mod_small_signed_rows(Ft + u, llen, Fd, dlen, hn, dlen, p, p0i, R2, Rx);
        zint_mod_small_signed_rows(Gt + u, llen, Gd, dlen, hn, dlen, p, p0i, R2, Rx);
    }

    /* Unreduced F = F'(x^2) g(-x), G = G'(x^2) f(-x), modulo each prime. */
    for (u = 0; u < llen; u++) {
        uint32_t p = PRIMES[u].p, p0i = modp_ninv31(p), R2 = modp_R2(p, p0i);
        uint32_t *gm, *igm, *fx, *gx, *Fp, *Gp;
        size_t v;

        /* After slen primes, f and g are out of NTT: rebuild them. */
        if (u == slen) {
            zint_rebuild_CRT(ft, slen, slen, n, 1, t1);
            zint_rebuild_CRT(gt, slen, slen, n, 1, t1);
        }
        gm = t1;
        igm = gm + n;
        fx = igm + n;
        gx = fx + n;
        modp_mkgm2(gm, igm, logn, PRIMES[u].g, p, p0i);

        if (u < slen) {
            for (v = 0, x = ft + u, y = gt + u; v < n; v++, x += slen, y += slen) {
                fx[v] = *x;
                gx[v] = *y;
            }
            modp_iNTT2_ext(ft + u, slen, igm, logn, p, p0i);
            modp_iNTT2_ext(gt + u, slen, igm, logn, p, p0i);
        } else {
            uint32_t Rx = modp_Rx((unsigned)slen, p, p0i, R2);

            zint_mod_small_signed_rows(fx, 1, ft, slen, n, slen, p, p0i, R2, Rx);
            zint_mod_small_signed_rows(gx, 1, gt, slen, n, slen, p, p0i, R2, Rx);
            modp_NTT2(fx, gm, logn, p, p0i);
            modp_NTT2(gx, gm, logn, p, p0i);
        }

        Fp = gx + n;
        Gp = Fp + hn;
        for (v = 0, x = Ft + u, y = Gt + u; v < hn; v++, x += llen, y += llen) {
            Fp[v] = *x;
            Gp[v] = *y;
        }
        modp_NTT2(Fp, gm, logn - 1, p, p0i);
        modp_NTT2(Gp, gm, logn - 1, p, p0i);

        /* In NTT form, with w, -w adjacent: g(-x) at w is g at -w, so
         * F(w) = F'(w^2) g(-w), F(-w) = F'(w^2) g(w); same for G. */
        for (v = 0, x = Ft + u, y = Gt + u; v < hn; v++, x += (llen << 1), y += (llen << 1)) {
            uint32_t ftA = fx[(v << 1) + 0], ftB = fx[(v << 1) + 1];
            uint32_t gtA = gx[(v << 1) + 0], gtB = gx[(v << 1) + 1];
            uint32_t mFp = modp_montymul(Fp[v], R2, p, p0i);
            uint32_t mGp = modp_montymul(Gp[v], R2, p, p0i);

            x[0] = modp_montymul(gtB, mFp, p, p0i);
            x[llen] = modp_montymul(gtA, mFp, p, p0i);
            y[0] = modp_montymul(ftB, mGp, p, p0i);
            y[llen] = modp_montymul(ftA, mGp, p, p0i);
        }
        modp_iNTT2_ext(Ft + u, llen, igm, logn, p, p0i);
        modp_iNTT2_ext(Gt + u, llen, igm, logn, p, p0i);
    }
    zint_rebuild_CRT(Ft, llen, llen, n, 1, t1);
    zint_rebuild_CRT(Gt, llen, llen, n, 1, t1);

    /*
     * Reduce: repeatedly
     *   k = round((F adj(f) + G adj(g)) / (f adj(f) + g adj(g))),
     *   (F, G) -= k (f, g),
     * in floating point on the top words (at most 10 words = 310 bits) of
     * each value, with k scaled by 2^scale_k. The sizes of (F, G) are not
     * measured (constant time): they are assumed to shrink by 25 bits per
     * round from MAX_BL_LARGE, down to scale_k = 0.
     *
     * Layout after Ft, Gt, ft, gt: rt3 = adj(f), rt4 = adj(g) (n each),
     * rt5 = 1/(f adj(f) + g adj(g)) (n/2), rt1 (n; shared with k), rt2 (n);
     * t1 (after k) is the NTT scratch, used once rt2 is consumed.
     */
    rt3 = align_fpr(tmp, t1);
    rt4 = rt3 + n;
    rt5 = rt4 + n;
    rt1 = rt5 + (n >> 1);
    k = (int32_t *)align_u32(tmp, rt1);
    rt2 = align_fpr(tmp, k + n);
    if (rt2 < (rt1 + n)) {
        rt2 = rt1 + n;
    }
    t1 = (uint32_t *)k + n;

    rlen = (slen > 10) ? 10 : slen;
    poly_big_to_fp(rt3, ft + slen - rlen, rlen, slen, logn);
    poly_big_to_fp(rt4, gt + slen - rlen, rlen, slen, logn);
    scale_fg = 31 * (int)(slen - rlen); /* rt3, rt4 are (f, g) / 2^scale_fg */

    /* (f, g) bit length bounds: measured average -/+ 6 std. deviations. */
    minbl_fg = BITLENGTH[depth].avg - 6 * BITLENGTH[depth].std;
    maxbl_fg = BITLENGTH[depth].avg + 6 * BITLENGTH[depth].std;

    FFT(rt3, logn);
    FFT(rt4, logn);
    poly_invnorm2_fft(rt5, rt3, rt4, logn);
    poly_adj_fft(rt3, logn);
    poly_adj_fft(rt4, logn);

    FGlen = llen;
    maxbl_FG = 31 * (int)llen;
    scale_k = maxbl_FG - minbl_fg;

    for (;;) {
        int scale_FG, dc, new_maxbl_FG;
        uint32_t scl, sch;
        fpr pdc, pt;

        rlen = (FGlen > 10) ? 10 : FGlen;
        scale_FG = 31 * (int)(FGlen - rlen);
        poly_big_to_fp(rt1, Ft + FGlen - rlen, rlen, llen, logn);
        poly_big_to_fp(rt2, Gt + FGlen - rlen, rlen, llen, logn);

        FFT(rt1, logn);
        FFT(rt2, logn);
        poly_mul_fft(rt1, rt3, logn);
        poly_mul_fft(rt2, rt4, logn);
        poly_add(rt2, rt1, logn);
        poly_mul_autoadj_fft(rt2, rt5, logn);
        iFFT(rt2, logn);

        /* rt2 is k / 2^(scale_FG - scale_fg); we want k / 2^scale_k:
         * multiply by 2^(-dc) (dc public; exact powers of two). */
        dc = scale_k - scale_FG + scale_fg;
        if (dc < 0) {
            dc = -dc;
            pt = fpr_two;
        } else {
            pt = fpr_onehalf;
        }
        pdc = fpr_one;
        while (dc != 0) {
            if ((dc & 1) != 0) {
                pdc = fpr_mul(pdc, pt);
            }
            dc >>= 1;
            pt = fpr_sqr(pt);
        }

        for (u = 0; u < n; u++) {
            fpr xv = fpr_mul(rt2[u], pdc);
            /* Out of (-2^31+1, 2^31-1): the solve failed; record it and
             * round 0 instead (no out-of-range conversion). */
            uint32_t in = (uint32_t)(fpr_lt(fpr_mtwo31m1, xv) & fpr_lt(xv, fpr_ptwo31m1));

            bad |= in ^ 1;
            xv = fndsa_ct_sel64(fndsa_ct_mask64(in), xv, fpr_zero);
            k[u] = (int32_t)fpr_rint(xv);
        }
        /* Declassify: the reduction failed, the candidate is discarded
         * (constant-time.md §1.4 Falcon item 1, "floating point out of
         * range"). */
        FNDSA_CT_DECLASSIFY(&bad, sizeof bad);
        if (bad) {
            fndsa_ct_wipe(ysh, sizeof ysh);
            return 0;
        }

        /* sch = scale_k / 31, scl = scale_k % 31 (scale_k is public and
         * 0 <= scale_k < 2^16, where the multiply-shift is exact; no
         * division instruction, for the disassembly gate). */
        sch = ((uint32_t)scale_k * 67651u) >> 21;
        scl = (uint32_t)scale_k - 31u * sch;
        if (depth <= DEPTH_INT_FG) {
            poly_sub_scaled_ntt(Ft, FGlen, llen, ft, slen, slen, k, sch, scl, logn, t1);
            poly_sub_scaled_ntt(Gt, FGlen, llen, gt, slen, slen, k, sch, scl, logn, t1);
        } else {
            poly_sub_scaled(Ft, FGlen, llen, ft, slen, slen, k, sch, scl, logn, ysh);
            poly_sub_scaled(Gt, FGlen, llen, gt, slen, slen, k, sch, scl, logn, ysh);
        }

        /* New size bound for (F, G), assuming (f, g) of maximal size. */
        new_maxbl_FG = scale_k + maxbl_fg + 10;
        if (new_maxbl_FG < maxbl_FG) {
            maxbl_FG = new_maxbl_FG;
            if ((int)FGlen * 31 >= maxbl_FG + 31) {
                FGlen--;
            }
        }
        if (scale_k <= 0) {
            break;
        }
        scale_k -= 25;
        if (scale_k < 0) {
            scale_k = 0;
        }
    }

    /* Sign-extend if FGlen fell below slen, then pack to slen words. */
    if (FGlen < slen) {
        uint32_t *Fx = Ft, *Gx = Gt;

        for (u = 0; u < n; u++, Fx += llen, Gx += llen) {
            size_t v;
            uint32_t sw;

            sw = -(Fx[FGlen - 1] >> 30) >> 1;
            for (v = FGlen; v < slen; v++) {
                Fx[v] = sw;
            }
            sw = -(Gx[FGlen - 1] >> 30) >> 1;
            for (v = FGlen; v < slen; v++) {
                Gx[v] = sw;
            }
        }
    }
    for (u = 0, x = tmp, y = tmp; u < (n << 1); u++, x += slen, y += llen) {
        memmove(x, y, slen * sizeof *y);
    }
    fndsa_ct_wipe(ysh, sizeof ysh);
    return 1;
}

/*
 * Depth 1: the unreduced F, G fit in 53 bits, so the reduction is a single
 * floating-point Babai step without scaling. On entry tmp holds (F', G')
 * of depth 2; on success, (F, G) of degree n_top/2, one word each.
 */
static int solve_NTRU_binary_depth1(unsigned logn_top, const int8_t *f, const int8_t *g,
                                    uint32_t *tmp)
{
    const unsigned depth = 1;
    unsigned logn = logn_top - depth;
    size_t n_top = MKN(logn_top), n = MKN(logn), hn = n >> 1, u;
    size_t slen = MAX_BL_SMALL(depth), dlen = MAX_BL_SMALL(depth + 1);
    size_t llen = MAX_BL_LARGE(depth);
    uint32_t *Fd, *Gd, *Ft, *Gt, *ft, *gt, *t1, *x, *y;
    fpr *rt1, *rt2, *rt3, *rt4, *rt5, *rt6;
    uint32_t bad = 0;

    Fd = tmp;
    Gd = Fd + dlen * hn;
    Ft = Gd + dlen * hn;
    Gt = Ft + llen * n;

    /* F', G' modulo each prime. */
    for (u = 0; u < llen; u++) {
        uint32_t p = PRIMES[u].p, p0i = modp_ninv31(p), R2 = modp_R2(p, p0i);
        uint32_t Rx = modp_Rx((unsigned)dlen, p, p0i, R2);

        zint_mod_small_signed_rows(Ft + u, llen, Fd, dlen, hn, dlen, p, p0i, R2, Rx);
        zint_mod_small_signed_rows(Gt + u, llen, Gd, dlen, hn, dlen, p, p0i, R2, Rx);
    }

    /* Drop Fd, Gd: Ft, Gt, then ft, gt (slen words each). */
    memmove(tmp, Ft, llen * n * sizeof(uint32_t));
    Ft = tmp;
    memmove(Ft + llen * n, Gt, llen * n * sizeof(uint32_t));
    Gt = Ft + llen * n;
    ft = Gt + llen * n;
    gt = ft + slen * n;
    t1 = gt + slen * n;

    for (u = 0; u < llen; u++) {
        uint32_t p = PRIMES[u].p, p0i = modp_ninv31(p), R2 = modp_R2(p, p0i);
        uint32_t *gm, *igm, *fx, *gx, *Fp, *Gp;
        unsigned e;
        size_t v;

        /* f_1, g_1 from the full-degree f, g (one field norm, in NTT). The
         * degree-n_top table igm overflows into fx, which is written after
         * (only its first n values are needed). */
        gm = t1;
        igm = gm + n_top;
        fx = igm + n;
        gx = fx + n_top;
        modp_mkgm2(gm, igm, logn_top, PRIMES[u].g, p, p0i);
        for (v = 0; v < n_top; v++) {
            fx[v] = modp_set(f[v], p);
            gx[v] = modp_set(g[v], p);
        }
        modp_NTT2(fx, gm, logn_top, p, p0i);
        modp_NTT2(gx, gm, logn_top, p, p0i);
        for (e = logn_top; e > logn; e--) {
            modp_poly_rec_res(fx, e, p, p0i, R2);
            modp_poly_rec_res(gx, e, p, p0i, R2);
        }

        /* Compact to degree-n tables: gm, igm, fx, gx (n each). The first
         * n entries of the degree-n_top tables are the degree-n ones. */
        memmove(gm + n, igm, n * sizeof *igm);
        igm = gm + n;
        memmove(igm + n, fx, n * sizeof *fx);
        fx = igm + n;
        memmove(fx + n, gx, n * sizeof *gx);
        gx = fx + n;

        Fp = gx + n;
        Gp = Fp + hn;
        for (v = 0, x = Ft + u, y = Gt + u; v < hn; v++, x += llen, y += llen) {
            Fp[v] = *x;
            Gp[v] = *y;
        }
        modp_NTT2(Fp, gm, logn - 1, p, p0i);
        modp_NTT2(Gp, gm, logn - 1, p, p0i);

        for (v = 0, x = Ft + u, y = Gt + u; v < hn; v++, x += (llen << 1), y += (llen << 1)) {
            uint32_t ftA = fx[(v << 1) + 0], ftB = fx[(v << 1) + 1];
            uint32_t gtA = gx[(v << 1) + 0], gtB = gx[(v << 1) + 1];
            uint32_t mFp = modp_montymul(Fp[v], R2, p, p0i);
            uint32_t mGp = modp_montymul(Gp[v], R2, p, p0i);

            x[0] = modp_montymul(gtB, mFp, p, p0i);
            x[llen] = modp_montymul(gtA, mFp, p, p0i);
            y[0] = modp_montymul(ftB, mGp, p, p0i);
            y[llen] = modp_montymul(ftA, mGp, p, p0i);
        }
        modp_iNTT2_ext(Ft + u, llen, igm, logn, p, p0i);
        modp_iNTT2_ext(Gt + u, llen, igm, logn, p, p0i);

        /* Keep f_1, g_1 modulo the first slen primes (plain form). */
        if (u < slen) {
            modp_iNTT2(fx, igm, logn, p, p0i);
            modp_iNTT2(gx, igm, logn, p, p0i);
            for (v = 0, x = ft + u, y = gt + u; v < n; v++, x += slen, y += slen) {
                *x = fx[v];
                *y = gx[v];
            }
        }
    }

    /* F, G are consecutive (2n integers), and so are f, g. */
    zint_rebuild_CRT(Ft, llen, llen, n << 1, 1, t1);
    zint_rebuild_CRT(ft, slen, slen, n << 1, 1, t1);

    /* Babai step, all in floating point: rt1 = F, rt2 = G. */
    rt1 = align_fpr(tmp, gt + slen * n);
    rt2 = rt1 + n;
    poly_big_to_fp(rt1, Ft, llen, llen, logn);
    poly_big_to_fp(rt2, Gt, llen, llen, logn);

    /* Squeeze out Ft, Gt: ft, gt, then rt1..rt4 = F, G, f, g. */
    memmove(tmp, ft, 2 * slen * n * sizeof *ft);
    ft = tmp;
    gt = ft + slen * n;
    rt3 = align_fpr(tmp, gt + slen * n);
    memmove(rt3, rt1, 2 * n * sizeof *rt1);
    rt1 = rt3;
    rt2 = rt1 + n;
    rt3 = rt2 + n;
    rt4 = rt3 + n;
    poly_big_to_fp(rt3, ft, slen, slen, logn);
    poly_big_to_fp(rt4, gt, slen, slen, logn);
    memmove(tmp, rt1, 4 * n * sizeof *rt1);
    rt1 = (fpr *)(void *)tmp;
    rt2 = rt1 + n;
    rt3 = rt2 + n;
    rt4 = rt3 + n;

    FFT(rt1, logn);
    FFT(rt2, logn);
    FFT(rt3, logn);
    FFT(rt4, logn);

    /* rt5 = (F adj(f) + G adj(g)) / (f adj(f) + g adj(g)). */
    rt5 = rt4 + n;
    rt6 = rt5 + n;
    poly_add_muladj_fft(rt5, rt1, rt2, rt3, rt4, logn);
    poly_invnorm2_fft(rt6, rt3, rt4, logn);
    poly_mul_autoadj_fft(rt5, rt6, logn);
    iFFT(rt5, logn);

    /* k = round(rt5); every value must be within +/-(2^63-1). */
    for (u = 0; u < n; u++) {
        fpr z = rt5[u];
        uint32_t in = (uint32_t)(fpr_lt(z, fpr_ptwo63m1) & fpr_lt(fpr_mtwo63m1, z));

        bad |= in ^ 1;
        z = fndsa_ct_sel64(fndsa_ct_mask64(in), z, fpr_zero);
        rt5[u] = fpr_of(fpr_rint(z));
    }
    /* Declassify: failure of a discarded candidate (constant-time.md §1.4
     * Falcon item 1, "floating point out of range"). */
    FNDSA_CT_DECLASSIFY(&bad, sizeof bad);
    if (bad) {
        return 0;
    }
    FFT(rt5, logn);

    /* (F, G) -= k (f, g). */
    poly_mul_fft(rt3, rt5, logn);
    poly_mul_fft(rt4, rt5, logn);
    poly_sub(rt1, rt3, logn);
    poly_sub(rt2, rt4, logn);
    iFFT(rt1, logn);
    iFFT(rt2, logn);

    /* Back to one-word integers. */
    Ft = tmp;
    Gt = Ft + n;
    rt3 = align_fpr(tmp, Gt + n);
    memmove(rt3, rt1, 2 * n * sizeof *rt1);
    rt1 = rt3;
    rt2 = rt1 + n;
    for (u = 0; u < n; u++) {
        Ft[u] = (uint32_t)fpr_rint(rt1[u]);
        Gt[u] = (uint32_t)fpr_rint(rt2[u]);
    }
    return 1;
}

/*
 * Top level (depth 0): everything fits in 31 bits, so one prime
 * (PRIMES[0]) suffices; the Babai step divides in the FFT domain. On
 * entry tmp holds (F', G') of depth 1; on exit (F, G), one word each.
 */
static void solve_NTRU_binary_depth0(unsigned logn, const int8_t *f, const int8_t *g,
                                     uint32_t *tmp)
{
    size_t n = MKN(logn), hn = n >> 1, u;
    uint32_t p = PRIMES[0].p, p0i = modp_ninv31(p), R2 = modp_R2(p, p0i);
    uint32_t *Fp, *Gp, *t1, *t2, *t3, *t4, *t5, *gm, *igm, *ft, *gt;
    fpr *rt2, *rt3;

    Fp = tmp;
    Gp = Fp + hn;
    ft = Gp + hn;
    gt = ft + n;
    gm = gt + n;
    igm = gm + n;
    modp_mkgm2(gm, igm, logn, PRIMES[0].g, p, p0i);

    /* F', G' to NTT (degree n/2). */
    for (u = 0; u < hn; u++) {
        Fp[u] = modp_set(zint_one_to_plain(Fp + u), p);
        Gp[u] = modp_set(zint_one_to_plain(Gp + u), p);
    }
    modp_NTT2(Fp, gm, logn - 1, p, p0i);
    modp_NTT2(Gp, gm, logn - 1, p, p0i);

    for (u = 0; u < n; u++) {
        ft[u] = modp_set(f[u], p);
        gt[u] = modp_set(g[u], p);
    }
    modp_NTT2(ft, gm, logn, p, p0i);
    modp_NTT2(gt, gm, logn, p, p0i);

    /* Unreduced F = F'(x^2) g(-x), G = G'(x^2) f(-x), into ft, gt. */
    for (u = 0; u < n; u += 2) {
        uint32_t ftA = ft[u + 0], ftB = ft[u + 1], gtA = gt[u + 0], gtB = gt[u + 1];
        uint32_t mFp = modp_montymul(Fp[u >> 1], R2, p, p0i);
        uint32_t mGp = modp_montymul(Gp[u >> 1], R2, p, p0i);

        ft[u + 0] = modp_montymul(gtB, mFp, p, p0i);
        ft[u + 1] = modp_montymul(gtA, mFp, p, p0i);
        gt[u + 0] = modp_montymul(ftB, mGp, p, p0i);
        gt[u + 1] = modp_montymul(ftA, mGp, p, p0i);
    }
    modp_iNTT2(ft, igm, logn, p, p0i);
    modp_iNTT2(gt, igm, logn, p, p0i);

    /* Layout: Fp, Gp (n each, F and G), t1..t5 (n each). */
    Gp = Fp + n;
    t1 = Gp + n;
    memmove(Fp, ft, 2 * n * sizeof *ft);
    t2 = t1 + n;
    t3 = t2 + n;
    t4 = t3 + n;
    t5 = t4 + n;

    /* NTT tables in t1 (t2 is overwritten later). */
    modp_mkgm2(t1, t2, logn, PRIMES[0].g, p, p0i);
    modp_NTT2(Fp, t1, logn, p, p0i);
    modp_NTT2(Gp, t1, logn, p, p0i);

    /* t2 = F adj(f), t3 = f adj(f) (adj(f) = f(1/x) = f0 - sum f_i x^(n-i)). */
    t4[0] = t5[0] = modp_set(f[0], p);
    for (u = 1; u < n; u++) {
        t4[u] = modp_set(f[u], p);
        t5[n - u] = modp_set(-f[u], p);
    }
    modp_NTT2(t4, t1, logn, p, p0i);
    modp_NTT2(t5, t1, logn, p, p0i);
    for (u = 0; u < n; u++) {
        uint32_t w = modp_montymul(t5[u], R2, p, p0i);

        t2[u] = modp_montymul(w, Fp[u], p, p0i);
        t3[u] = modp_montymul(w, t4[u], p, p0i);
    }

    /* t2 += G adj(g), t3 += g adj(g). */
    t4[0] = t5[0] = modp_set(g[0], p);
    for (u = 1; u < n; u++) {
        t4[u] = modp_set(g[u], p);
        t5[n - u] = modp_set(-g[u], p);
    }
    modp_NTT2(t4, t1, logn, p, p0i);
    modp_NTT2(t5, t1, logn, p, p0i);
    for (u = 0; u < n; u++) {
        uint32_t w = modp_montymul(t5[u], R2, p, p0i);

        t2[u] = modp_add(t2[u], modp_montymul(w, Gp[u], p, p0i), p);
        t3[u] = modp_add(t3[u], modp_montymul(w, t4[u], p, p0i), p);
    }

    /* Back to coefficients (signed), into t1 (num) and t2 (den). */
    modp_mkgm2(t1, t4, logn, PRIMES[0].g, p, p0i);
    modp_iNTT2(t2, t4, logn, p, p0i);
    modp_iNTT2(t3, t4, logn, p, p0i);
    for (u = 0; u < n; u++) {
        t1[u] = (uint32_t)modp_norm(t2[u], p);
        t2[u] = (uint32_t)modp_norm(t3[u], p);
    }

    /* k = round(num / den) in the FFT domain (den is auto-adjoint, so its
     * FFT is real: keep the first n/2 values only). */
    rt3 = align_fpr(tmp, t3);
    for (u = 0; u < n; u++) {
        rt3[u] = fpr_of(u32_to_i32(t2[u]));
    }
    FFT(rt3, logn);
    rt2 = align_fpr(tmp, t2);
    memmove(rt2, rt3, hn * sizeof *rt3);

    rt3 = rt2 + hn;
    for (u = 0; u < n; u++) {
        rt3[u] = fpr_of(u32_to_i32(t1[u]));
    }
    FFT(rt3, logn);
    poly_div_autoadj_fft(rt3, rt2, logn);
    iFFT(rt3, logn);
    for (u = 0; u < n; u++) {
        t1[u] = modp_set((int32_t)fpr_rint(rt3[u]), p);
    }

    /* (F, G) -= k (f, g) modulo p (exact: all values fit in 31 bits). */
    t2 = t1 + n;
    t3 = t2 + n;
    t4 = t3 + n;
    t5 = t4 + n;
    modp_mkgm2(t2, t3, logn, PRIMES[0].g, p, p0i);
    for (u = 0; u < n; u++) {
        t4[u] = modp_set(f[u], p);
        t5[u] = modp_set(g[u], p);
    }
    modp_NTT2(t1, t2, logn, p, p0i);
    modp_NTT2(t4, t2, logn, p, p0i);
    modp_NTT2(t5, t2, logn, p, p0i);
    for (u = 0; u < n; u++) {
        uint32_t kw = modp_montymul(t1[u], R2, p, p0i);

        Fp[u] = modp_sub(Fp[u], modp_montymul(kw, t4[u], p, p0i), p);
        Gp[u] = modp_sub(Gp[u], modp_montymul(kw, t5[u], p, p0i), p);
    }
    modp_iNTT2(Fp, t3, logn, p, p0i);
    modp_iNTT2(Gp, t3, logn, p, p0i);
    for (u = 0; u < n; u++) {
        Fp[u] = (uint32_t)modp_norm(Fp[u], p);
        Gp[u] = (uint32_t)modp_norm(Gp[u], p);
    }
}

/*
 * d <- the one-word signed integers s; returns 1 if all are in
 * [-lim, lim], else 0. Constant time up to the returned bit.
 */
static uint32_t poly_big_to_small(int8_t *d, const uint32_t *s, int lim, unsigned logn)
{
    size_t u, n = MKN(logn);
    uint32_t bad = 0;

    for (u = 0; u < n; u++) {
        int32_t z = zint_one_to_plain(s + u);

        /* bad |= (z < -lim) | (z > lim), from the sign bits. */
        bad |= (uint32_t)(z + lim) >> 31;
        bad |= (uint32_t)(lim - z) >> 31;
        d[u] = (int8_t)z;
    }
    return 1 - fndsa_ct_barrier32(bad);
}

/*
 * [Falcon] Algorithm 6, NTRUSolve: F, G with f G - g F = q and all
 * coefficients in [-lim, lim]. Returns 1 on success, 0 on failure (the
 * candidate (f, g) is discarded; every failure bit is declassified where
 * it is computed). tmp: FNDSA_KEYGEN_TMPSIZE bytes (u32-aligned).
 */
int solve_NTRU(unsigned logn, int8_t *F, int8_t *G, const int8_t *f, const int8_t *g,
               int lim, uint32_t *tmp)
{
    size_t u, n = MKN(logn);
    uint32_t *ft, *gt, *Ft, *Gt, *gm, p, p0i, r, ok, bad;
    unsigned depth;

    if (!solve_NTRU_deepest(logn, f, g, tmp)) {
        return 0;
    }
    /* Deviation from the reference: only logn > 2 (the reference also
     * supports logn <= 2 through intermediate levels only); keygen here
     * is for logn = 9. */
    depth = logn;
    while (depth-- > 2) {
        if (!solve_NTRU_intermediate(logn, f, g, depth, tmp)) {
            return 0;
        }
    }
    if (!solve_NTRU_binary_depth1(logn, f, g, tmp)) {
        return 0;
    }
    solve_NTRU_binary_depth0(logn, f, g, tmp);

    ok = poly_big_to_small(F, tmp, lim, logn);
    ok &= poly_big_to_small(G, tmp + n, lim, logn);

    /* Check f G - g F = q modulo PRIMES[0] (in NTT form): the values are
     * small, so this checks the equation over Z[x]/(x^n+1). */
    Gt = tmp;
    ft = Gt + n;
    gt = ft + n;
    Ft = gt + n;
    gm = Ft + n;
    p = PRIMES[0].p;
    p0i = modp_ninv31(p);
    modp_mkgm2(gm, tmp, logn, PRIMES[0].g, p, p0i);
    for (u = 0; u < n; u++) {
        Gt[u] = modp_set(G[u], p);
    }
    for (u = 0; u < n; u++) {
        ft[u] = modp_set(f[u], p);
        gt[u] = modp_set(g[u], p);
        Ft[u] = modp_set(F[u], p);
    }
    modp_NTT2(ft, gm, logn, p, p0i);
    modp_NTT2(gt, gm, logn, p, p0i);
    modp_NTT2(Ft, gm, logn, p, p0i);
    modp_NTT2(Gt, gm, logn, p, p0i);
    r = modp_montymul(FNDSA_Q, 1, p, p0i);
    bad = 0;
    for (u = 0; u < n; u++) {
        uint32_t z = modp_sub(modp_montymul(ft[u], Gt[u], p, p0i),
                              modp_montymul(gt[u], Ft[u], p, p0i), p);

        bad |= z ^ r;
    }
    ok &= 1 - ((bad | -bad) >> 31);
    /* Declassify: (F, G) too large or not a solution; the candidate is
     * discarded (constant-time.md §1.4 Falcon item 1). */
    FNDSA_CT_DECLASSIFY(&ok, sizeof ok);
    return (int)ok;
}
