/*
 * fft.c -- the FFT over C[x]/(x^n + 1) and the FFT-domain polynomial
 * operations of Falcon ([Falcon] spec v1.2: §3.5 FFT and FFT-domain
 * arithmetic; §3.6 splitfft and mergefft; §3.8.3 LDL*, one level, as
 * ffLDL* and ffSampling use it).
 *
 * Floating-point operations are not associative, so to reproduce the
 * round-3 known answers bit for bit every function performs exactly the
 * reference implementation's sequence of fpr operations (same butterflies,
 * same twiddle order, same formula for each complex product, quotient and
 * norm). Representation: n = 2^logn reals hold n/2 complex values,
 * f[0..n/2-1] real parts, f[n/2..n-1] imaginary parts, in bit-reversed
 * order of the roots (only one root of each conjugate pair is kept).
 */
#include "inner.h"

/* Complex helpers; results are returned through pointers (overlap-safe:
 * inputs are read before any output is written). */
static inline void c_add(fpr *dr, fpr *di, fpr ar, fpr ai, fpr br, fpr bi)
{
    fpr r = fpr_add(ar, br), i = fpr_add(ai, bi);
    *dr = r;
    *di = i;
}

static inline void c_sub(fpr *dr, fpr *di, fpr ar, fpr ai, fpr br, fpr bi)
{
    fpr r = fpr_sub(ar, br), i = fpr_sub(ai, bi);
    *dr = r;
    *di = i;
}

/* (ar + i ai)(br + i bi) = (ar br - ai bi) + i (ar bi + ai br) */
static inline void c_mul(fpr *dr, fpr *di, fpr ar, fpr ai, fpr br, fpr bi)
{
    fpr r = fpr_sub(fpr_mul(ar, br), fpr_mul(ai, bi));
    fpr i = fpr_add(fpr_mul(ar, bi), fpr_mul(ai, br));
    *dr = r;
    *di = i;
}

/* a / b = a * (conj(b) / |b|^2) */
static inline void c_div(fpr *dr, fpr *di, fpr ar, fpr ai, fpr br, fpr bi)
{
    fpr m = fpr_inv(fpr_add(fpr_sqr(br), fpr_sqr(bi)));
    fpr cr = fpr_mul(br, m), ci = fpr_mul(fpr_neg(bi), m);
    c_mul(dr, di, ar, ai, cr, ci);
}

/*
 * x * p for p a positive power of two (zero mantissa field), as fpr_mul
 * computes it: the product is exact, so only the exponent moves; a result
 * below the normal range (exponent field <= 0) or a zero x gives x's
 * signed zero, exactly as fpr_pack64() flushes it.
 */
static inline fpr fpr_mul_p2(fpr x, fpr p)
{
    uint64_t ex, d, f, keep, sgn;

    ex = (x >> 52) & 0x7FF;
    d = ((p >> 52) & 0x7FF) - 1023;                 /* log2(p), mod 2^64 */
    f = ex + d;                                     /* new exponent field */
    /* all-ones if x != 0 and f >= 1: else ex - 1 or f - 1 is negative
     * (|ex|, |d| < 2^11, so the top bit is the sign) */
    keep = fndsa_ct_barrier64(((f - 1) | (ex - 1)) >> 63) - 1;
    sgn = x & ((uint64_t)1 << 63);
    return ((x + (d << 52)) & keep) | (sgn & ~keep);
}

/*
 * FFT ([Falcon] §3.5, iterative bit-reversed form). The first layer
 * (twiddle i) is implicit in the storage layout; the remaining layers only
 * touch the kept half of the roots.
 */
void fndsa_FFT(fpr *f, unsigned logn)
{
    size_t n, hn, t, m, u;

    n = (size_t)1 << logn;
    hn = n >> 1;
    t = hn;
    for (u = 1, m = 2; u < logn; u++, m <<= 1) {
        size_t ht = t >> 1, hm = m >> 1, i1, j1;

        for (i1 = 0, j1 = 0; i1 < hm; i1++, j1 += t) {
            fpr sr = fpr_gm_tab[((m + i1) << 1) + 0];
            fpr si = fpr_gm_tab[((m + i1) << 1) + 1];
            size_t j;

            for (j = j1; j < j1 + ht; j++) {
                fpr xr = f[j], xi = f[j + hn];
                fpr yr, yi;

                c_mul(&yr, &yi, f[j + ht], f[j + ht + hn], sr, si);
                c_add(&f[j], &f[j + hn], xr, xi, yr, yi);
                c_sub(&f[j + ht], &f[j + ht + hn], xr, xi, yr, yi);
            }
        }
        t = ht;
    }
}

/* Inverse FFT ([Falcon] §3.5); the last layer is folded into the final
 * scaling by 2/n (fpr_p2_tab[logn]). */
void fndsa_iFFT(fpr *f, unsigned logn)
{
    size_t n, hn, t, m, u;

    n = (size_t)1 << logn;
    hn = n >> 1;
    t = 1;
    m = n;
    for (u = logn; u > 1; u--) {
        size_t hm = m >> 1, dt = t << 1, i1, j1;

        for (i1 = 0, j1 = 0; j1 < hn; i1++, j1 += dt) {
            fpr sr = fpr_gm_tab[((hm + i1) << 1) + 0];
            fpr si = fpr_neg(fpr_gm_tab[((hm + i1) << 1) + 1]);
            size_t j;

            for (j = j1; j < j1 + t; j++) {
                fpr xr = f[j], xi = f[j + hn];
                fpr yr = f[j + t], yi = f[j + t + hn];

                c_add(&f[j], &f[j + hn], xr, xi, yr, yi);
                c_sub(&xr, &xi, xr, xi, yr, yi);
                c_mul(&f[j + t], &f[j + t + hn], xr, xi, sr, si);
            }
        }
        t = dt;
        m = hm;
    }
    if (logn > 0) {
        fpr ni = fpr_p2_tab[logn];

        for (u = 0; u < n; u++) {
            f[u] = fpr_mul_p2(f[u], ni);        /* = fpr_mul(f[u], ni) */
        }
    }
}

/*
 * FFT-domain arithmetic ([Falcon] §3.5: in FFT representation, addition,
 * multiplication and division act coordinate by coordinate; adj(a), §3.3,
 * is the complex conjugate of every coordinate).
 */
void fndsa_poly_add(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;

    for (u = 0; u < n; u++) {
        a[u] = fpr_add(a[u], b[u]);
    }
}

void fndsa_poly_sub(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;

    for (u = 0; u < n; u++) {
        a[u] = fpr_sub(a[u], b[u]);
    }
}

void fndsa_poly_neg(fpr *a, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;

    for (u = 0; u < n; u++) {
        a[u] = fpr_neg(a[u]);
    }
}

/* adj(a): complex conjugate of every FFT coefficient. */
void fndsa_poly_adj_fft(fpr *a, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;

    for (u = n >> 1; u < n; u++) {
        a[u] = fpr_neg(a[u]);
    }
}

void fndsa_poly_mul_fft(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    for (u = 0; u < hn; u++) {
        c_mul(&a[u], &a[u + hn], a[u], a[u + hn], b[u], b[u + hn]);
    }
}

void fndsa_poly_muladj_fft(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    for (u = 0; u < hn; u++) {
        c_mul(&a[u], &a[u + hn], a[u], a[u + hn], b[u], fpr_neg(b[u + hn]));
    }
}

void fndsa_poly_mulselfadj_fft(fpr *a, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    for (u = 0; u < hn; u++) {
        a[u] = fpr_add(fpr_sqr(a[u]), fpr_sqr(a[u + hn]));
        a[u + hn] = fpr_zero;
    }
}

void fndsa_poly_mulconst(fpr *a, fpr x, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;

    for (u = 0; u < n; u++) {
        a[u] = fpr_mul(a[u], x);
    }
}

void fndsa_poly_div_fft(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    for (u = 0; u < hn; u++) {
        c_div(&a[u], &a[u + hn], a[u], a[u + hn], b[u], b[u + hn]);
    }
}

void fndsa_poly_invnorm2_fft(fpr *d, const fpr *a, const fpr *b, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    for (u = 0; u < hn; u++) {
        fpr na = fpr_add(fpr_sqr(a[u]), fpr_sqr(a[u + hn]));
        fpr nb = fpr_add(fpr_sqr(b[u]), fpr_sqr(b[u + hn]));

        d[u] = fpr_inv(fpr_add(na, nb));
    }
}

void fndsa_poly_add_muladj_fft(fpr *d, const fpr *F, const fpr *G,
                               const fpr *f, const fpr *g, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    for (u = 0; u < hn; u++) {
        fpr ar, ai, br, bi;

        c_mul(&ar, &ai, F[u], F[u + hn], f[u], fpr_neg(f[u + hn]));
        c_mul(&br, &bi, G[u], G[u + hn], g[u], fpr_neg(g[u + hn]));
        d[u] = fpr_add(ar, br);
        d[u + hn] = fpr_add(ai, bi);
    }
}

void fndsa_poly_mul_autoadj_fft(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    for (u = 0; u < hn; u++) {
        a[u] = fpr_mul(a[u], b[u]);
        a[u + hn] = fpr_mul(a[u + hn], b[u]);
    }
}

void fndsa_poly_div_autoadj_fft(fpr *a, const fpr *b, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    for (u = 0; u < hn; u++) {
        fpr ib = fpr_inv(b[u]);

        a[u] = fpr_mul(a[u], ib);
        a[u + hn] = fpr_mul(a[u + hn], ib);
    }
}

/*
 * LDL* of the 2x2 Gram matrix G = [[g00, g01], [adj(g01), g11]]
 * ([Falcon] Algorithm 8, LDL*, for one level): mu = g01 / g00,
 * d11 = g11 - mu * adj(g01), l10 = adj(mu).
 */
static inline void ldl_one(fpr *d11r, fpr *d11i, fpr *l10r, fpr *l10i,
                           fpr g00r, fpr g00i, fpr g01r, fpr g01i,
                           fpr g11r, fpr g11i)
{
    fpr mur, mui, pr, pi;

    c_div(&mur, &mui, g01r, g01i, g00r, g00i);
    c_mul(&pr, &pi, mur, mui, g01r, fpr_neg(g01i));
    c_sub(d11r, d11i, g11r, g11i, pr, pi);
    *l10r = mur;
    *l10i = fpr_neg(mui);
}

void fndsa_poly_LDL_fft(const fpr *g00, fpr *g01, fpr *g11, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    for (u = 0; u < hn; u++) {
        ldl_one(&g11[u], &g11[u + hn], &g01[u], &g01[u + hn],
                g00[u], g00[u + hn], g01[u], g01[u + hn], g11[u], g11[u + hn]);
    }
}

void fndsa_poly_LDLmv_fft(fpr *d11, fpr *l10, const fpr *g00, const fpr *g01,
                          const fpr *g11, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1;

    for (u = 0; u < hn; u++) {
        ldl_one(&d11[u], &d11[u + hn], &l10[u], &l10[u + hn],
                g00[u], g00[u + hn], g01[u], g01[u + hn], g11[u], g11[u + hn]);
    }
}

/*
 * splitfft ([Falcon] Algorithm 1): f(x) = f0(x^2) + x f1(x^2). In the
 * bit-reversed layout the two roots +-zeta of each pair are adjacent:
 * f0 = (f(z) + f(-z)) / 2, f1 = (f(z) - f(-z)) / (2 z).
 */
void fndsa_poly_split_fft(fpr *f0, fpr *f1, const fpr *f, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1, qn = hn >> 1;

    /* logn = 1: one complex value, the loop below is empty. */
    f0[0] = f[0];
    f1[0] = f[hn];
    for (u = 0; u < qn; u++) {
        fpr ar = f[(u << 1) + 0], ai = f[(u << 1) + 0 + hn];
        fpr br = f[(u << 1) + 1], bi = f[(u << 1) + 1 + hn];
        fpr tr, ti;

        c_add(&tr, &ti, ar, ai, br, bi);
        f0[u] = fpr_half(tr);
        f0[u + qn] = fpr_half(ti);
        c_sub(&tr, &ti, ar, ai, br, bi);
        c_mul(&tr, &ti, tr, ti, fpr_gm_tab[((u + hn) << 1) + 0],
              fpr_neg(fpr_gm_tab[((u + hn) << 1) + 1]));
        f1[u] = fpr_half(tr);
        f1[u + qn] = fpr_half(ti);
    }
}

/* mergefft ([Falcon] Algorithm 2), the inverse of splitfft. */
void fndsa_poly_merge_fft(fpr *f, const fpr *f0, const fpr *f1, unsigned logn)
{
    size_t u, hn = (size_t)1 << logn >> 1, qn = hn >> 1;

    f[0] = f0[0];
    f[hn] = f1[0];
    for (u = 0; u < qn; u++) {
        fpr ar = f0[u], ai = f0[u + qn];
        fpr br, bi, tr, ti;

        c_mul(&br, &bi, f1[u], f1[u + qn], fpr_gm_tab[((u + hn) << 1) + 0],
              fpr_gm_tab[((u + hn) << 1) + 1]);
        c_add(&tr, &ti, ar, ai, br, bi);
        f[(u << 1) + 0] = tr;
        f[(u << 1) + 0 + hn] = ti;
        c_sub(&tr, &ti, ar, ai, br, bi);
        f[(u << 1) + 1] = tr;
        f[(u << 1) + 1 + hn] = ti;
    }
}
