/*
 * fft_avx2.c -- x86-64 backend: the FFT, the FFT-domain operations and
 * splitfft / mergefft of fft.c on AVX2, four binary64 lanes at a time.
 * Each function replaces the fft.c function of the same name without the
 * avx2_ prefix (fndsa_avx2_FFT replaces fndsa_FFT, ...) and performs, lane
 * by lane, exactly the same sequence of roundings ([Falcon] §3.5-3.6,
 * the round-3 reference's formulas), so results are
 * bit-identical; only the order in which independent coefficients are
 * processed changes. Degrees below 16 (logn < 4) use the fft.c code (on
 * the hardware scalar unit, fpr_native.h). Inverses use fpr_n_inv (no
 * divsd). Compiled only in the backend build (FNDSA_NATIVE_FPR, set in
 * inner.h); an empty translation unit otherwise.
 */
#include "../inner.h"

#if defined(FNDSA_NATIVE_FPR)

#include <immintrin.h>

#define LD(p) _mm256_loadu_pd((const double *)(const void *)(p))
#define ST(p, v) _mm256_storeu_pd((double *)(void *)(p), (v))

static inline __m256d vneg(__m256d a)
{
    return _mm256_xor_pd(a, _mm256_set1_pd(-0.0));
}

/* (ar + i ai)(br + i bi), as c_mul in fft.c: (ar br - ai bi, ar bi + ai br) */
#define VCMUL(dr, di, ar, ai, br, bi) do { \
        __m256d vcm_ar = (ar), vcm_ai = (ai), vcm_br = (br), vcm_bi = (bi); \
        (dr) = _mm256_sub_pd(_mm256_mul_pd(vcm_ar, vcm_br), _mm256_mul_pd(vcm_ai, vcm_bi)); \
        (di) = _mm256_add_pd(_mm256_mul_pd(vcm_ar, vcm_bi), _mm256_mul_pd(vcm_ai, vcm_br)); \
    } while (0)

static inline __m256d bcast(fpr x)
{
    return _mm256_set1_pd(fpr_n_d(x));
}

/* Replaces fndsa_FFT. */
void fndsa_avx2_FFT(fpr *f, unsigned logn)
{
    size_t n, hn, t, m, u;

    if (logn < 4) {
        fndsa_FFT(f, logn);
        return;
    }
    n = (size_t)1 << logn;
    hn = n >> 1;
    t = hn;
    for (u = 1, m = 2; u < logn; u++, m <<= 1) {
        size_t ht = t >> 1, hm = m >> 1, i1, j1, j;

        if (ht >= 4) {
            for (i1 = 0, j1 = 0; i1 < hm; i1++, j1 += t) {
                __m256d sr = bcast(fpr_gm_tab[((m + i1) << 1) + 0]);
                __m256d si = bcast(fpr_gm_tab[((m + i1) << 1) + 1]);

                for (j = j1; j < j1 + ht; j += 4) {
                    __m256d xr = LD(f + j), xi = LD(f + j + hn), yr, yi;

                    VCMUL(yr, yi, LD(f + j + ht), LD(f + j + ht + hn), sr, si);
                    ST(f + j, _mm256_add_pd(xr, yr));
                    ST(f + j + hn, _mm256_add_pd(xi, yi));
                    ST(f + j + ht, _mm256_sub_pd(xr, yr));
                    ST(f + j + ht + hn, _mm256_sub_pd(xi, yi));
                }
            }
        } else if (ht == 2) {
            /* blocks of 4 (t = 4): x = f[4k], f[4k+1], y = f[4k+2], f[4k+3];
             * two blocks per step, lanes (4k, 4k+1, 4k+4, 4k+5) */
            for (j = 0, i1 = 0; j < hn; j += 8, i1 += 2) {
                __m256d a = LD(f + j), b = LD(f + j + 4);
                __m256d ai = LD(f + j + hn), bi = LD(f + j + hn + 4);
                __m256d g = LD(fpr_gm_tab + ((m + i1) << 1));
                __m256d sr = _mm256_movedup_pd(g), si = _mm256_permute_pd(g, 0xF);
                __m256d xr = _mm256_permute2f128_pd(a, b, 0x20);
                __m256d yr0 = _mm256_permute2f128_pd(a, b, 0x31);
                __m256d xi = _mm256_permute2f128_pd(ai, bi, 0x20);
                __m256d yi0 = _mm256_permute2f128_pd(ai, bi, 0x31);
                __m256d yr, yi, pr, qr, pi, qi;

                VCMUL(yr, yi, yr0, yi0, sr, si);
                pr = _mm256_add_pd(xr, yr);
                qr = _mm256_sub_pd(xr, yr);
                pi = _mm256_add_pd(xi, yi);
                qi = _mm256_sub_pd(xi, yi);
                ST(f + j, _mm256_permute2f128_pd(pr, qr, 0x20));
                ST(f + j + 4, _mm256_permute2f128_pd(pr, qr, 0x31));
                ST(f + j + hn, _mm256_permute2f128_pd(pi, qi, 0x20));
                ST(f + j + hn + 4, _mm256_permute2f128_pd(pi, qi, 0x31));
            }
        } else {
            /* ht = 1 (t = 2): pairs (2k, 2k+1); four pairs per step, lanes
             * in the order of unpacklo: (2k, 2k+4, 2k+2, 2k+6) */
            for (j = 0, i1 = 0; j < hn; j += 8, i1 += 4) {
                __m256d a = LD(f + j), b = LD(f + j + 4);
                __m256d ai = LD(f + j + hn), bi = LD(f + j + hn + 4);
                __m256d g1 = LD(fpr_gm_tab + ((m + i1) << 1));
                __m256d g2 = LD(fpr_gm_tab + ((m + i1) << 1) + 4);
                __m256d sr = _mm256_unpacklo_pd(g1, g2), si = _mm256_unpackhi_pd(g1, g2);
                __m256d xr = _mm256_unpacklo_pd(a, b), yr0 = _mm256_unpackhi_pd(a, b);
                __m256d xi = _mm256_unpacklo_pd(ai, bi), yi0 = _mm256_unpackhi_pd(ai, bi);
                __m256d yr, yi, pr, qr, pi, qi;

                VCMUL(yr, yi, yr0, yi0, sr, si);
                pr = _mm256_add_pd(xr, yr);
                qr = _mm256_sub_pd(xr, yr);
                pi = _mm256_add_pd(xi, yi);
                qi = _mm256_sub_pd(xi, yi);
                ST(f + j, _mm256_unpacklo_pd(pr, qr));
                ST(f + j + 4, _mm256_unpackhi_pd(pr, qr));
                ST(f + j + hn, _mm256_unpacklo_pd(pi, qi));
                ST(f + j + hn + 4, _mm256_unpackhi_pd(pi, qi));
            }
        }
        t = ht;
    }
}

/* Replaces fndsa_iFFT. */
void fndsa_avx2_iFFT(fpr *f, unsigned logn)
{
    size_t n, hn, t, m, u, j;
    __m256d ni;

    if (logn < 4) {
        fndsa_iFFT(f, logn);
        return;
    }
    n = (size_t)1 << logn;
    hn = n >> 1;
    t = 1;
    m = n;
    for (u = logn; u > 1; u--) {
        size_t hm = m >> 1, dt = t << 1, i1, j1;

        if (t >= 4) {
            for (i1 = 0, j1 = 0; j1 < hn; i1++, j1 += dt) {
                __m256d sr = bcast(fpr_gm_tab[((hm + i1) << 1) + 0]);
                __m256d si = vneg(bcast(fpr_gm_tab[((hm + i1) << 1) + 1]));

                for (j = j1; j < j1 + t; j += 4) {
                    __m256d xr = LD(f + j), xi = LD(f + j + hn);
                    __m256d yr = LD(f + j + t), yi = LD(f + j + t + hn);
                    __m256d dr, di;

                    ST(f + j, _mm256_add_pd(xr, yr));
                    ST(f + j + hn, _mm256_add_pd(xi, yi));
                    dr = _mm256_sub_pd(xr, yr);
                    di = _mm256_sub_pd(xi, yi);
                    VCMUL(dr, di, dr, di, sr, si);
                    ST(f + j + t, dr);
                    ST(f + j + t + hn, di);
                }
            }
        } else if (t == 2) {
            /* blocks of 4: x = f[4k], f[4k+1], y = f[4k+2], f[4k+3] */
            for (j = 0, i1 = 0; j < hn; j += 8, i1 += 2) {
                __m256d a = LD(f + j), b = LD(f + j + 4);
                __m256d ai = LD(f + j + hn), bi = LD(f + j + hn + 4);
                __m256d g = LD(fpr_gm_tab + ((hm + i1) << 1));
                __m256d sr = _mm256_movedup_pd(g), si = vneg(_mm256_permute_pd(g, 0xF));
                __m256d xr = _mm256_permute2f128_pd(a, b, 0x20);
                __m256d yr = _mm256_permute2f128_pd(a, b, 0x31);
                __m256d xi = _mm256_permute2f128_pd(ai, bi, 0x20);
                __m256d yi = _mm256_permute2f128_pd(ai, bi, 0x31);
                __m256d pr, pi, dr, di;

                pr = _mm256_add_pd(xr, yr);
                pi = _mm256_add_pd(xi, yi);
                dr = _mm256_sub_pd(xr, yr);
                di = _mm256_sub_pd(xi, yi);
                VCMUL(dr, di, dr, di, sr, si);
                ST(f + j, _mm256_permute2f128_pd(pr, dr, 0x20));
                ST(f + j + 4, _mm256_permute2f128_pd(pr, dr, 0x31));
                ST(f + j + hn, _mm256_permute2f128_pd(pi, di, 0x20));
                ST(f + j + hn + 4, _mm256_permute2f128_pd(pi, di, 0x31));
            }
        } else {
            /* t = 1: pairs (2k, 2k+1), lanes (2k, 2k+4, 2k+2, 2k+6) */
            for (j = 0, i1 = 0; j < hn; j += 8, i1 += 4) {
                __m256d a = LD(f + j), b = LD(f + j + 4);
                __m256d ai = LD(f + j + hn), bi = LD(f + j + hn + 4);
                __m256d g1 = LD(fpr_gm_tab + ((hm + i1) << 1));
                __m256d g2 = LD(fpr_gm_tab + ((hm + i1) << 1) + 4);
                __m256d sr = _mm256_unpacklo_pd(g1, g2);
                __m256d si = vneg(_mm256_unpackhi_pd(g1, g2));
                __m256d xr = _mm256_unpacklo_pd(a, b), yr = _mm256_unpackhi_pd(a, b);
                __m256d xi = _mm256_unpacklo_pd(ai, bi), yi = _mm256_unpackhi_pd(ai, bi);
                __m256d pr, pi, dr, di;

                pr = _mm256_add_pd(xr, yr);
                pi = _mm256_add_pd(xi, yi);
                dr = _mm256_sub_pd(xr, yr);
                di = _mm256_sub_pd(xi, yi);
                VCMUL(dr, di, dr, di, sr, si);
                ST(f + j, _mm256_unpacklo_pd(pr, dr));
                ST(f + j + 4, _mm256_unpackhi_pd(pr, dr));
                ST(f + j + hn, _mm256_unpacklo_pd(pi, di));
                ST(f + j + hn + 4, _mm256_unpackhi_pd(pi, di));
            }
        }
        t = dt;
        m = hm;
    }
    /* the 2/n scaling: a product by a power of two, exact (= fpr_mul_p2) */
    ni = bcast(fpr_p2_tab[logn]);
    for (j = 0; j < n; j += 4) {
        ST(f + j, _mm256_mul_pd(LD(f + j), ni));
    }
}

/* Replaces fndsa_poly_add. */
void fndsa_avx2_poly_add(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;

    if (logn < 2) {
        fndsa_poly_add(a, b, logn);
        return;
    }
    for (u = 0; u < n; u += 4) {
        ST(a + u, _mm256_add_pd(LD(a + u), LD(b + u)));
    }
}

/* Replaces fndsa_poly_sub. */
void fndsa_avx2_poly_sub(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;

    if (logn < 2) {
        fndsa_poly_sub(a, b, logn);
        return;
    }
    for (u = 0; u < n; u += 4) {
        ST(a + u, _mm256_sub_pd(LD(a + u), LD(b + u)));
    }
}

/* Replaces fndsa_poly_neg. */
void fndsa_avx2_poly_neg(fpr *a, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;

    if (logn < 2) {
        fndsa_poly_neg(a, logn);
        return;
    }
    for (u = 0; u < n; u += 4) {
        ST(a + u, vneg(LD(a + u)));
    }
}

/* Replaces fndsa_poly_adj_fft. */
void fndsa_avx2_poly_adj_fft(fpr *a, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;

    if (logn < 3) {
        fndsa_poly_adj_fft(a, logn);
        return;
    }
    for (u = n >> 1; u < n; u += 4) {
        ST(a + u, vneg(LD(a + u)));
    }
}

/* Replaces fndsa_poly_mul_fft. */
void fndsa_avx2_poly_mul_fft(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    if (logn < 3) {
        fndsa_poly_mul_fft(a, b, logn);
        return;
    }
    for (u = 0; u < hn; u += 4) {
        __m256d dr, di;

        VCMUL(dr, di, LD(a + u), LD(a + u + hn), LD(b + u), LD(b + u + hn));
        ST(a + u, dr);
        ST(a + u + hn, di);
    }
}

/* Replaces fndsa_poly_muladj_fft. */
void fndsa_avx2_poly_muladj_fft(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    if (logn < 3) {
        fndsa_poly_muladj_fft(a, b, logn);
        return;
    }
    for (u = 0; u < hn; u += 4) {
        __m256d dr, di;

        VCMUL(dr, di, LD(a + u), LD(a + u + hn), LD(b + u), vneg(LD(b + u + hn)));
        ST(a + u, dr);
        ST(a + u + hn, di);
    }
}

/* Replaces fndsa_poly_mulselfadj_fft. */
void fndsa_avx2_poly_mulselfadj_fft(fpr *a, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    if (logn < 3) {
        fndsa_poly_mulselfadj_fft(a, logn);
        return;
    }
    for (u = 0; u < hn; u += 4) {
        __m256d ar = LD(a + u), ai = LD(a + u + hn);

        ST(a + u, _mm256_add_pd(_mm256_mul_pd(ar, ar), _mm256_mul_pd(ai, ai)));
        ST(a + u + hn, _mm256_setzero_pd());
    }
}

/* Replaces fndsa_poly_mulconst. */
void fndsa_avx2_poly_mulconst(fpr *a, fpr x, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;
    __m256d vx = bcast(x);

    if (logn < 2) {
        fndsa_poly_mulconst(a, x, logn);
        return;
    }
    for (u = 0; u < n; u += 4) {
        ST(a + u, _mm256_mul_pd(LD(a + u), vx));
    }
}

/* 1 / v lane by lane with fpr_n_inv (constant time, no divsd). */
static inline __m256d vinv(__m256d v)
{
    fpr t[4];
    int k;

    ST(t, v);
    for (k = 0; k < 4; k++) {
        t[k] = fpr_n_inv(t[k]);
    }
    return LD(t);
}

/* a / b as c_div in fft.c: m = 1 / (br^2 + bi^2), a * (br m, (-bi) m) */
#define VCDIV(dr, di, ar, ai, br, bi) do { \
        __m256d vcd_br = (br), vcd_bi = (bi), vcd_m; \
        vcd_m = vinv(_mm256_add_pd(_mm256_mul_pd(vcd_br, vcd_br), _mm256_mul_pd(vcd_bi, vcd_bi))); \
        VCMUL(dr, di, ar, ai, _mm256_mul_pd(vcd_br, vcd_m), _mm256_mul_pd(vneg(vcd_bi), vcd_m)); \
    } while (0)

/* Replaces fndsa_poly_div_fft. */
void fndsa_avx2_poly_div_fft(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    if (logn < 3) {
        fndsa_poly_div_fft(a, b, logn);
        return;
    }
    for (u = 0; u < hn; u += 4) {
        __m256d dr, di;

        VCDIV(dr, di, LD(a + u), LD(a + u + hn), LD(b + u), LD(b + u + hn));
        ST(a + u, dr);
        ST(a + u + hn, di);
    }
}

/* Replaces fndsa_poly_invnorm2_fft. */
void fndsa_avx2_poly_invnorm2_fft(fpr *d, const fpr *a, const fpr *b, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    if (logn < 3) {
        fndsa_poly_invnorm2_fft(d, a, b, logn);
        return;
    }
    for (u = 0; u < hn; u += 4) {
        __m256d ar = LD(a + u), ai = LD(a + u + hn);
        __m256d br = LD(b + u), bi = LD(b + u + hn);
        __m256d na = _mm256_add_pd(_mm256_mul_pd(ar, ar), _mm256_mul_pd(ai, ai));
        __m256d nb = _mm256_add_pd(_mm256_mul_pd(br, br), _mm256_mul_pd(bi, bi));

        ST(d + u, vinv(_mm256_add_pd(na, nb)));
    }
}

/* Replaces fndsa_poly_add_muladj_fft. */
void fndsa_avx2_poly_add_muladj_fft(fpr *d, const fpr *F, const fpr *G,
                                    const fpr *f, const fpr *g, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    if (logn < 3) {
        fndsa_poly_add_muladj_fft(d, F, G, f, g, logn);
        return;
    }
    for (u = 0; u < hn; u += 4) {
        __m256d ar, ai, br, bi;

        VCMUL(ar, ai, LD(F + u), LD(F + u + hn), LD(f + u), vneg(LD(f + u + hn)));
        VCMUL(br, bi, LD(G + u), LD(G + u + hn), LD(g + u), vneg(LD(g + u + hn)));
        ST(d + u, _mm256_add_pd(ar, br));
        ST(d + u + hn, _mm256_add_pd(ai, bi));
    }
}

/* Replaces fndsa_poly_mul_autoadj_fft. */
void fndsa_avx2_poly_mul_autoadj_fft(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    if (logn < 3) {
        fndsa_poly_mul_autoadj_fft(a, b, logn);
        return;
    }
    for (u = 0; u < hn; u += 4) {
        __m256d vb = LD(b + u);

        ST(a + u, _mm256_mul_pd(LD(a + u), vb));
        ST(a + u + hn, _mm256_mul_pd(LD(a + u + hn), vb));
    }
}

/* Replaces fndsa_poly_div_autoadj_fft. */
void fndsa_avx2_poly_div_autoadj_fft(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    if (logn < 3) {
        fndsa_poly_div_autoadj_fft(a, b, logn);
        return;
    }
    for (u = 0; u < hn; u += 4) {
        __m256d ib = vinv(LD(b + u));

        ST(a + u, _mm256_mul_pd(LD(a + u), ib));
        ST(a + u + hn, _mm256_mul_pd(LD(a + u + hn), ib));
    }
}

/* ldl_one of fft.c on four lanes: mu = g01 / g00, d11 = g11 - mu adj(g01),
 * l10 = adj(mu). */
static inline void vldl(fpr *d11, fpr *l10, const fpr *g00, const fpr *g01,
                        const fpr *g11, size_t u, size_t hn)
{
    __m256d g01r = LD(g01 + u), g01i = LD(g01 + u + hn);
    __m256d g11r = LD(g11 + u), g11i = LD(g11 + u + hn);
    __m256d mur, mui, pr, pi;

    VCDIV(mur, mui, g01r, g01i, LD(g00 + u), LD(g00 + u + hn));
    VCMUL(pr, pi, mur, mui, g01r, vneg(g01i));
    ST(d11 + u, _mm256_sub_pd(g11r, pr));
    ST(d11 + u + hn, _mm256_sub_pd(g11i, pi));
    ST(l10 + u, mur);
    ST(l10 + u + hn, vneg(mui));
}

/* Replaces fndsa_poly_LDL_fft. */
void fndsa_avx2_poly_LDL_fft(const fpr *g00, fpr *g01, fpr *g11, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    if (logn < 3) {
        fndsa_poly_LDL_fft(g00, g01, g11, logn);
        return;
    }
    for (u = 0; u < hn; u += 4) {
        vldl(g11, g01, g00, g01, g11, u, hn);
    }
}

/* Replaces fndsa_poly_LDLmv_fft. */
void fndsa_avx2_poly_LDLmv_fft(fpr *d11, fpr *l10, const fpr *g00, const fpr *g01,
                               const fpr *g11, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    if (logn < 3) {
        fndsa_poly_LDLmv_fft(d11, l10, g00, g01, g11, logn);
        return;
    }
    for (u = 0; u < hn; u += 4) {
        vldl(d11, l10, g00, g01, g11, u, hn);
    }
}

/*
 * Replaces fndsa_poly_split_fft (splitfft). Four u at a time;
 * the even/odd unpack gives lanes in the order (u, u+2, u+1, u+3), put
 * back in order by one permutation of each result.
 */
void fndsa_avx2_poly_split_fft(fpr *f0, fpr *f1, const fpr *f, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1, qn = hn >> 1;
    const __m256d half = _mm256_set1_pd(0.5);

    if (logn < 4) {
        fndsa_poly_split_fft(f0, f1, f, logn);
        return;
    }
    for (u = 0; u < qn; u += 4) {
        __m256d a = LD(f + (u << 1)), b = LD(f + (u << 1) + 4);
        __m256d ai = LD(f + (u << 1) + hn), bi = LD(f + (u << 1) + hn + 4);
        __m256d g1 = LD(fpr_gm_tab + ((u + hn) << 1));
        __m256d g2 = LD(fpr_gm_tab + ((u + hn) << 1) + 4);
        __m256d sr = _mm256_unpacklo_pd(g1, g2), si = vneg(_mm256_unpackhi_pd(g1, g2));
        __m256d xr = _mm256_unpacklo_pd(a, b), yr = _mm256_unpackhi_pd(a, b);
        __m256d xi = _mm256_unpacklo_pd(ai, bi), yi = _mm256_unpackhi_pd(ai, bi);
        __m256d tr, ti;

        tr = _mm256_add_pd(xr, yr);
        ti = _mm256_add_pd(xi, yi);
        ST(f0 + u, _mm256_permute4x64_pd(_mm256_mul_pd(tr, half), 0xD8));
        ST(f0 + u + qn, _mm256_permute4x64_pd(_mm256_mul_pd(ti, half), 0xD8));
        tr = _mm256_sub_pd(xr, yr);
        ti = _mm256_sub_pd(xi, yi);
        VCMUL(tr, ti, tr, ti, sr, si);
        ST(f1 + u, _mm256_permute4x64_pd(_mm256_mul_pd(tr, half), 0xD8));
        ST(f1 + u + qn, _mm256_permute4x64_pd(_mm256_mul_pd(ti, half), 0xD8));
    }
}

/* Replaces fndsa_poly_merge_fft (mergefft). */
void fndsa_avx2_poly_merge_fft(fpr *f, const fpr *f0, const fpr *f1, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1, qn = hn >> 1;

    if (logn < 4) {
        fndsa_poly_merge_fft(f, f0, f1, logn);
        return;
    }
    for (u = 0; u < qn; u += 4) {
        __m256d g1 = LD(fpr_gm_tab + ((u + hn) << 1));
        __m256d g2 = LD(fpr_gm_tab + ((u + hn) << 1) + 4);
        __m256d sr = _mm256_permute4x64_pd(_mm256_unpacklo_pd(g1, g2), 0xD8);
        __m256d si = _mm256_permute4x64_pd(_mm256_unpackhi_pd(g1, g2), 0xD8);
        __m256d ar = LD(f0 + u), ai = LD(f0 + u + qn);
        __m256d br, bi, pr, pi, qr, qi, lo, hi;

        VCMUL(br, bi, LD(f1 + u), LD(f1 + u + qn), sr, si);
        pr = _mm256_add_pd(ar, br);
        pi = _mm256_add_pd(ai, bi);
        qr = _mm256_sub_pd(ar, br);
        qi = _mm256_sub_pd(ai, bi);
        lo = _mm256_unpacklo_pd(pr, qr);
        hi = _mm256_unpackhi_pd(pr, qr);
        ST(f + (u << 1), _mm256_permute2f128_pd(lo, hi, 0x20));
        ST(f + (u << 1) + 4, _mm256_permute2f128_pd(lo, hi, 0x31));
        lo = _mm256_unpacklo_pd(pi, qi);
        hi = _mm256_unpackhi_pd(pi, qi);
        ST(f + (u << 1) + hn, _mm256_permute2f128_pd(lo, hi, 0x20));
        ST(f + (u << 1) + hn + 4, _mm256_permute2f128_pd(lo, hi, 0x31));
    }
}

#else
typedef int fndsa_x86_64_fft_avx2_empty; /* ISO C: no empty translation unit */
#endif
