/*
 * keygen_tower.c -- key generation, NTRUSolve going down the tower of
 * rings ([Falcon] §3.8.2 eq. (3.25); [PP19] §3): (f_d, g_d) = N(f_{d-1},
 * g_{d-1}), the field norm, at degree n = 2^(logn_top - d), in RNS (one
 * 31-bit word per small prime) and NTT form, with the word lengths the
 * reference fixed for each depth; and a cache of the deep levels' (f_d,
 * g_d) so that each level going up need not recompute the tower.
 */
#include "keygen.h"

/*
 * One field-norm step: data holds f, g of degree n = 2^logn at depth
 * 'depth' (n coefficients of MAX_BL_SMALL(depth) words each, RNS, NTT form
 * if in_ntt); replaces them with f' = N(f), g' = N(g) (degree n/2,
 * MAX_BL_SMALL(depth+1) words, NTT form if out_ntt). The first slen
 * primes come straight from the residues; f and g are then rebuilt (CRT)
 * to get their residues modulo the further primes.
 */
static void make_fg_step(uint32_t *data, unsigned logn, unsigned depth, int in_ntt,
                         int out_ntt)
{
    size_t n = MKN(logn), hn = n >> 1, u;
    size_t slen = MAX_BL_SMALL(depth), tlen = MAX_BL_SMALL(depth + 1);
    uint32_t *fd = data, *gd = fd + hn * tlen, *fs = gd + hn * tlen, *gs = fs + n * slen;
    uint32_t *gm = gs + n * slen, *igm = gm + n, *t1 = igm + n;

    memmove(fs, data, 2 * n * slen * sizeof *data);

    for (u = 0; u < slen; u++) {
        uint32_t p = PRIMES[u].p, p0i = modp_ninv31(p), R2 = modp_R2(p, p0i);
        size_t v;
        uint32_t *x;

        modp_mkgm2(gm, igm, logn, PRIMES[u].g, p, p0i);

        for (v = 0, x = fs + u; v < n; v++, x += slen) {
            t1[v] = *x;
        }
        if (!in_ntt) {
            modp_NTT2(t1, gm, logn, p, p0i);
        }
        for (v = 0, x = fd + u; v < hn; v++, x += tlen) {
            *x = modp_montymul(modp_montymul(t1[(v << 1) + 0], t1[(v << 1) + 1], p, p0i), R2,
                               p, p0i);
        }
        if (in_ntt) {
            modp_iNTT2_ext(fs + u, slen, igm, logn, p, p0i);
        }

        for (v = 0, x = gs + u; v < n; v++, x += slen) {
            t1[v] = *x;
        }
        if (!in_ntt) {
            modp_NTT2(t1, gm, logn, p, p0i);
        }
        for (v = 0, x = gd + u; v < hn; v++, x += tlen) {
            *x = modp_montymul(modp_montymul(t1[(v << 1) + 0], t1[(v << 1) + 1], p, p0i), R2,
                               p, p0i);
        }
        if (in_ntt) {
            modp_iNTT2_ext(gs + u, slen, igm, logn, p, p0i);
        }

        if (!out_ntt) {
            modp_iNTT2_ext(fd + u, tlen, igm, logn - 1, p, p0i);
            modp_iNTT2_ext(gd + u, tlen, igm, logn - 1, p, p0i);
        }
    }

    /* fs, gs are now plain RNS: rebuild them as big integers. */
    zint_rebuild_CRT(fs, slen, slen, n, 1, gm);
    zint_rebuild_CRT(gs, slen, slen, n, 1, gm);

    for (u = slen; u < tlen; u++) {
        uint32_t p = PRIMES[u].p, p0i = modp_ninv31(p), R2 = modp_R2(p, p0i);
        uint32_t Rx = modp_Rx((unsigned)slen, p, p0i, R2);
        size_t v;
        uint32_t *x;

        modp_mkgm2(gm, igm, logn, PRIMES[u].g, p, p0i);
        zint_mod_small_signed_rows(t1, 1, fs, slen, n, slen, p, p0i, R2, Rx);
        modp_NTT2(t1, gm, logn, p, p0i);
        for (v = 0, x = fd + u; v < hn; v++, x += tlen) {
            *x = modp_montymul(modp_montymul(t1[(v << 1) + 0], t1[(v << 1) + 1], p, p0i), R2,
                               p, p0i);
        }
        zint_mod_small_signed_rows(t1, 1, gs, slen, n, slen, p, p0i, R2, Rx);
        modp_NTT2(t1, gm, logn, p, p0i);
        for (v = 0, x = gd + u; v < hn; v++, x += tlen) {
            *x = modp_montymul(modp_montymul(t1[(v << 1) + 0], t1[(v << 1) + 1], p, p0i), R2,
                               p, p0i);
        }
        if (!out_ntt) {
            modp_iNTT2_ext(fd + u, tlen, igm, logn - 1, p, p0i);
            modp_iNTT2_ext(gd + u, tlen, igm, logn - 1, p, p0i);
        }
    }
}

/*
 * Cache of (f_d, g_d) for the deep levels FG_CACHE_MIN..FG_CACHE_MAX, in
 * RNS + NTT form, at the end of tmp: filled while the deepest level runs
 * the whole field-norm tower, read by the intermediate levels at those
 * depths instead of recomputing the tower (deviation from the reference:
 * same values, less work; the reference recomputes to save RAM, here the
 * cache fits in the 28 n bytes of tmp because the deep levels use little).
 */
/* Words of (f_d, g_d): 2 * 2^(logn-d) coefficients of MAX_BL_SMALL(d). */
size_t fg_words(unsigned logn_top, unsigned d)
{
    return 2 * MKN(logn_top - d) * MAX_BL_SMALL(d);
}

/* The cache slot of depth d (FG_CACHE_MIN <= d <= FG_CACHE_MAX). */
uint32_t *fg_cache_slot(uint32_t *tmp, unsigned logn_top, unsigned d)
{
    size_t off = 7 * MKN(logn_top); /* end of tmp: 28 n bytes */
    unsigned e;

    for (e = FG_CACHE_MIN; e <= FG_CACHE_MAX; e++) {
        off -= fg_words(logn_top, e);
    }
    for (e = FG_CACHE_MIN; e < d; e++) {
        off += fg_words(logn_top, e);
    }
    return tmp + off;
}

/*
 * (f_depth, g_depth) in RNS (NTT form if out_ntt) into data, at
 * MAX_BL_SMALL(depth) words per coefficient. If cache is not NULL (tmp),
 * the intermediate (NTT form) results of the cached depths are saved.
 */
void make_fg(uint32_t *data, const int8_t *f, const int8_t *g, unsigned logn,
             unsigned depth, int out_ntt, uint32_t *cache)
{
    size_t u, n = MKN(logn);
    uint32_t *ft = data, *gt = ft + n, p0 = PRIMES[0].p;
    unsigned d;

    for (u = 0; u < n; u++) {
        ft[u] = modp_set(f[u], p0);
        gt[u] = modp_set(g[u], p0);
    }
    if (depth == 0 && out_ntt) {
        uint32_t *gm = gt + n, *igm = gm + n, p0i = modp_ninv31(p0);

        modp_mkgm2(gm, igm, logn, PRIMES[0].g, p0, p0i);
        modp_NTT2(ft, gm, logn, p0, p0i);
        modp_NTT2(gt, gm, logn, p0, p0i);
        return;
    }
    for (d = 0; d < depth; d++) {
        int o = (d + 1) < depth || out_ntt;

        make_fg_step(data, logn - d, d, d != 0, o);
        if (cache != NULL && o && d + 1 >= FG_CACHE_MIN && d + 1 <= FG_CACHE_MAX) {
            memcpy(fg_cache_slot(cache, logn, d + 1), data,
                   fg_words(logn, d + 1) * sizeof *data);
        }
    }
}
