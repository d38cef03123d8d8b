/*
 * fpr_native.h -- x86-64 backend: the fpr operations on the hardware
 * binary64 unit (SSE2 scalar double), bit-identical to the integer
 * emulation of fpr_inline.h / fpr.c. Private to fndsa/; included at the
 * end of inner.h only when FNDSA_NATIVE_FPR is set (the fast-path flags,
 * see inner.h), after which the reference names (fpr_add, fpr_mul, ...,
 * FFT, poly_*) denote the functions here and in fft_avx2.c. The
 * integer-emulated functions keep their names (fpr_i_*, fndsa_fpr_*,
 * fndsa_FFT, fndsa_poly_*) so that tests compare the two.
 *
 * An fpr stays the 64-bit encoding (uint64_t): constants, sign flips,
 * comparisons and the keygen's masked selections work unchanged; each
 * operation moves the bits to an XMM register (compilers fold the moves
 * into loads and stores).
 *
 * Bit-identity with the emulation rests on:
 *  - IEEE-754 binary64 with round-to-nearest-even: the MXCSR rounding mode
 *    must be the default (RC = 00) and FTZ/DAZ off; we never change MXCSR
 *    (no global state), a caller who does gets other signatures;
 *  - no contraction into fused multiply-add: every product is rounded
 *    before it is added. The drop-in flags (-mavx2 ... without -mfma) give
 *    the compiler no FMA instruction; if FMA is enabled (-mfma, -march=...)
 *    the pragmas below forbid contraction: gcc's optimize("fp-contract=off")
 *    (gcc ignores STDC FP_CONTRACT, and gnu11 defaults to -ffp-contract=fast),
 *    clang's "fp contract(off)" (clang's own -ffp-contract=fast overrides
 *    pragmas by design: do not pass it); checked: no vfmadd/vfmsub in the
 *    fndsa objects built with -mfma by gcc and clang, -std=gnu11 and c11;
 *  - no subnormal operand or result (the emulation flushes them to zero,
 *    the FPU does not): Falcon's values are zero or far from 2^-1022
 *    (README, "x86-64 backend");
 *  - conversions to integers by the SSE2 instructions (cvtsd2si rounds
 *    with MXCSR = nearest-even; cvttsd2si truncates), never by C casts
 *    (a C cast of an out-of-range double is undefined; the instruction
 *    returns 2^63 for a corrupt key's huge values).
 *
 * Constant time: addsd/subsd/mulsd and the conversions have fixed latency
 * on normal operands on the cores we claim; division and square root do
 * not on all cores, so divsd/sqrtsd are never used: fpr_n_div and
 * fpr_n_sqrt compute the same correctly rounded results from a
 * Newton-Raphson estimate (multiplications only) and an exact integer
 * correction.
 */
#ifndef AEGIS_FNDSA_X86_64_FPR_NATIVE_H
#define AEGIS_FNDSA_X86_64_FPR_NATIVE_H

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

static inline double fpr_n_d(fpr x)
{
    double d;

    memcpy(&d, &x, sizeof d);
    return d;
}

static inline fpr fpr_n_f(double d)
{
    fpr x;

    memcpy(&x, &d, sizeof x);
    return x;
}

/* Replaces fpr_i_add: addsd (one binary64 operation per expression, so
 * not even ISO contraction could fuse it with another). */
static inline fpr fpr_n_add(fpr x, fpr y)
{
    return fpr_n_f(fpr_n_d(x) + fpr_n_d(y));
}

/* Replaces fpr_i_sub: subsd. */
static inline fpr fpr_n_sub(fpr x, fpr y)
{
    return fpr_n_f(fpr_n_d(x) - fpr_n_d(y));
}

/* Replaces fpr_i_mul: mulsd. */
static inline fpr fpr_n_mul(fpr x, fpr y)
{
    return fpr_n_f(fpr_n_d(x) * fpr_n_d(y));
}

/* Replaces fpr_i_sqr. */
static inline fpr fpr_n_sqr(fpr x)
{
    return fpr_n_mul(x, x);
}

/* Replaces fpr_i_half: x * 0.5 (exact for every normal result). */
static inline fpr fpr_n_half(fpr x)
{
    return fpr_n_mul(x, fpr_onehalf);
}

/* Replaces fpr_i_double: x * 2 (exact). */
static inline fpr fpr_n_double(fpr x)
{
    return fpr_n_mul(x, fpr_two);
}

/* Replaces fpr_i_of: cvtsi2sd, rounded to nearest-even like fpr_i_of. */
static inline fpr fpr_n_of(int64_t i)
{
    return fpr_n_f(_mm_cvtsd_f64(_mm_cvtsi64_sd(_mm_setzero_pd(), (long long)i)));
}

/* Replaces fpr_i_scaled: i * 2^sc, one rounding (the conversion; the
 * power-of-two product is exact). 2^sc is built from its exponent field,
 * -1022 <= sc <= 1023 (Falcon: 0 <= sc <= 310). */
static inline fpr fpr_n_scaled(int64_t i, int sc)
{
    return fpr_n_mul(fpr_n_of(i), (fpr)(uint64_t)(sc + 1023) << 52);
}

/* Replaces fpr_i_rint: cvtsd2si, round to nearest-even (MXCSR default). */
static inline int64_t fpr_n_rint(fpr x)
{
    return (int64_t)_mm_cvtsd_si64(_mm_set_sd(fpr_n_d(x)));
}

/* Replaces fpr_i_trunc: cvttsd2si. */
static inline int64_t fpr_n_trunc(fpr x)
{
    return (int64_t)_mm_cvttsd_si64(_mm_set_sd(fpr_n_d(x)));
}

/*
 * Replaces fpr_i_floor: t = trunc(x), minus 1 when x is negative and not
 * the integer t (compared as encodings, so -0, whose t = 0 converts back
 * to +0, also gives -1, the reference's floor(-0) = -1).
 */
static inline int64_t fpr_n_floor(fpr x)
{
    int64_t t = fpr_n_trunc(x);
    uint64_t back = fpr_n_of(t);
    uint64_t ne = fpr_nz_u64(back ^ x);

    /* unsigned: a corrupt key's huge value (t = -2^63) must not overflow */
    return (int64_t)((uint64_t)t - (ne & (x >> 63)));
}

/*
 * Exact-correction helpers for division and square root: 1 if the signed
 * 64-bit value is negative.
 */
static inline uint64_t fpr_n_isneg(uint64_t v)
{
    return fndsa_ct_barrier64(v >> 63);
}

/*
 * Replaces fndsa_fpr_div: x / y (y != 0), correctly rounded, without divsd.
 * Same quotient as the emulation's restoring division: q = floor(xu 2^55
 * / yu) and its remainder, computed as
 *   1. r ~ 1/d, d = yu 2^-52 in [1, 2): linear start 24/17 - 8/17 d
 *      (relative error <= 1/17), four Newton steps r = r (2 - d r)
 *      (error squared each time, down to the rounding of binary64);
 *   2. q1 = trunc(xd r 2^55), within +-64 of q; R = xu 2^55 - q1 yu is exact
 *      in wrapping 64-bit arithmetic since |R| < 2^60;
 *   3. q2 = q1 + round(R r 2^-52) (error of the estimate far below 1/2),
 *      R2 = R - (q2 - q1) yu, then one masked step brings R2 into [0, yu).
 * Then the emulation's normalisation and fpr_pack on the same (q, sticky).
 */
static inline fpr fpr_n_div(fpr x, fpr y)
{
    uint64_t xu, yu, q, R, w, nz, neg;
    int64_t q1, dq;
    double d, xd, r;
    int ex, ey, e;

    ex = (int)((x >> 52) & 0x7FF);
    ey = (int)((y >> 52) & 0x7FF);
    xu = (x & FPR_MANT_MASK) | ((uint64_t)1 << 52);
    yu = (y & FPR_MANT_MASK) | ((uint64_t)1 << 52);

    d = fpr_n_d((y & FPR_MANT_MASK) | fpr_one);
    xd = fpr_n_d((x & FPR_MANT_MASK) | fpr_one);
    r = fpr_n_d(fpr_n_sub(0x3FF6969696969697u /* 24/17 */,
                          fpr_n_mul(0x3FDE1E1E1E1E1E1Eu /* 8/17 */, fpr_n_f(d))));
#define FPR_N_RECIP_STEP \
    r = fpr_n_d(fpr_n_mul(fpr_n_f(r), fpr_n_sub(fpr_two, fpr_n_mul(fpr_n_f(d), fpr_n_f(r)))))
    FPR_N_RECIP_STEP;
    FPR_N_RECIP_STEP;
    FPR_N_RECIP_STEP;
    FPR_N_RECIP_STEP;
#undef FPR_N_RECIP_STEP
    q1 = fpr_n_trunc(fpr_n_mul(fpr_n_mul(fpr_n_f(xd), fpr_n_f(r)),
                               (fpr)(uint64_t)(1023 + 55) << 52));
    R = (xu << 55) - (uint64_t)q1 * yu;
    dq = fpr_n_rint(fpr_n_mul(fpr_n_mul(fpr_n_of((int64_t)R), fpr_n_f(r)),
                              (fpr)(uint64_t)(1023 - 52) << 52));
    q = (uint64_t)q1 + (uint64_t)dq;
    R -= (uint64_t)dq * yu;
    neg = 0 - fpr_n_isneg(R);
    q += neg;                                   /* q - 1 if R < 0 */
    R += yu & neg;

    /* as fndsa_fpr_div from here: q in [2^54, 2^56), sticky, pack */
    q |= fpr_nz_u64(R);
    w = fndsa_ct_barrier64(q >> 55);
    q = (q >> w) | (q & w);
    e = ex - ey - 55 + (int)w;
    nz = fpr_nz_u64((uint64_t)ex);              /* x = 0 gives 0 */
    q &= 0 - nz;
    return fpr_pack(((x ^ y) >> 63) & nz, e, q);
}

/* Replaces fndsa_fpr_inv. */
static inline fpr fpr_n_inv(fpr x)
{
    return fpr_n_div(fpr_one, x);
}

/*
 * Replaces fndsa_fpr_sqrt: sqrt(x), x >= 0, correctly rounded, without
 * sqrtsd. Same root as the emulation's digit-by-digit loop: with
 * N = xu 2^56 (xu doubled when the exponent is odd), q = floor(sqrt(N)) in
 * [2^54, 2^55) and whether N - q^2 is 0, computed as
 *   1. s ~ 1/sqrt(m), m = xu 2^-52 in [1, 4): the classic integer start
 *      (magic constant minus half the encoding, relative error < 3.5%), then
 *      four Newton steps s = s (3 - m s^2) / 2;
 *   2. q1 = trunc(m s 2^54), within +-16 of sqrt(N); R = N - q1^2 is
 *      exact in wrapping 64-bit arithmetic since |R| < 2^61;
 *   3. q2 = q1 + round(R s 2^-55) (Newton on the root: the error left is
 *      below 1/2), R2 = N - q2^2, then one masked step each way brings
 *      R2 into [0, 2 q2].
 */
static inline fpr fpr_n_sqrt(fpr x)
{
    uint64_t xu, q, R, odd, nz, neg, big;
    int64_t q1, dq;
    fpr m, s;
    int ex, E;

    ex = (int)((x >> 52) & 0x7FF);
    xu = (x & FPR_MANT_MASK) | ((uint64_t)1 << 52);
    E = ex - 1075;
    odd = fndsa_ct_barrier64((uint64_t)(E & 1));
    xu += xu & (0 - odd);
    E -= (int)odd;

    /* m = xu 2^-52 in [1, 4): exponent field 1023 + odd */
    m = (x & FPR_MANT_MASK) | ((uint64_t)(1023 + odd) << 52);
    s = 0x5FE6EB50C7B537A9u - (m >> 1);
#define FPR_N_RSQRT_STEP \
    s = fpr_n_mul(fpr_n_mul(s, fpr_onehalf), \
                  fpr_n_sub(0x4008000000000000u /* 3 */, fpr_n_mul(m, fpr_n_sqr(s))))
    FPR_N_RSQRT_STEP;
    FPR_N_RSQRT_STEP;
    FPR_N_RSQRT_STEP;
    FPR_N_RSQRT_STEP;
#undef FPR_N_RSQRT_STEP
    q1 = fpr_n_trunc(fpr_n_mul(fpr_n_mul(m, s), (fpr)(uint64_t)(1023 + 54) << 52));
    R = (xu << 56) - (uint64_t)q1 * (uint64_t)q1;
    dq = fpr_n_rint(fpr_n_mul(fpr_n_mul(fpr_n_of((int64_t)R), s),
                              (fpr)(uint64_t)(1023 - 55) << 52));
    q = (uint64_t)q1 + (uint64_t)dq;
    R = (xu << 56) - q * q;
    neg = 0 - fpr_n_isneg(R);                   /* q^2 > N: q - 1 */
    R += (2 * q - 1) & neg;
    q += neg;
    big = 0 - fpr_n_isneg(2 * q - R);           /* (q + 1)^2 <= N: q + 1 */
    R -= (2 * q + 1) & big;
    q -= big;

    /* as fndsa_fpr_sqrt from here */
    q |= fpr_nz_u64(R);
    E = ((E + 2048 - 56) >> 1) - 1024;
    nz = fpr_nz_u64((uint64_t)ex);
    q &= 0 - nz;
    return fpr_pack(0, E, q);
}

/*
 * Replaces fndsa_fpr_expm_p63 (ApproxExp): the same
 * integer polynomial; only the two conversions floor(2^63 x), floor(2^63
 * ccs) run on the FPU (x, ccs >= 0, so trunc is floor; ccs = 1 gives 2^63,
 * which cvttsd2si turns into 2^63 like the emulation, then << 1 = 0 in
 * both).
 */
static inline uint64_t fpr_n_expm_p63(fpr x, fpr ccs)
{
    static const uint64_t C[13] = {
        0x00000004741183A3u, 0x00000036548CFC06u, 0x0000024FDCBF140Au,
        0x0000171D939DE045u, 0x0000D00CF58F6F84u, 0x000680681CF796E3u,
        0x002D82D8305B0FEAu, 0x011111110E066FD0u, 0x0555555555070F00u,
        0x155555555581FF00u, 0x400000000002B400u, 0x7FFFFFFFFFFF4800u,
        0x8000000000000000u
    };
    uint64_t y, z, lo;

    y = C[0];
    z = (uint64_t)fpr_n_trunc(fpr_n_mul(x, fpr_ptwo63)) << 1;
    /* Horner's rule, unrolled (public trip count) */
#define FPR_N_HORNER(u) y = C[u] - fpr_mul64hi(z, y, &lo)
    FPR_N_HORNER(1);
    FPR_N_HORNER(2);
    FPR_N_HORNER(3);
    FPR_N_HORNER(4);
    FPR_N_HORNER(5);
    FPR_N_HORNER(6);
    FPR_N_HORNER(7);
    FPR_N_HORNER(8);
    FPR_N_HORNER(9);
    FPR_N_HORNER(10);
    FPR_N_HORNER(11);
    FPR_N_HORNER(12);
#undef FPR_N_HORNER
    z = (uint64_t)fpr_n_trunc(fpr_n_mul(ccs, fpr_ptwo63)) << 1;
    return fpr_mul64hi(z, y, &lo);
}

/* The reference names now denote the hardware versions. */
#undef fpr_scaled
#undef fpr_of
#undef fpr_rint
#undef fpr_floor
#undef fpr_trunc
#undef fpr_add
#undef fpr_sub
#undef fpr_half
#undef fpr_double
#undef fpr_mul
#undef fpr_sqr
#undef fpr_div
#undef fpr_inv
#undef fpr_sqrt
#undef fpr_expm_p63
#define fpr_scaled   fpr_n_scaled
#define fpr_of       fpr_n_of
#define fpr_rint     fpr_n_rint
#define fpr_floor    fpr_n_floor
#define fpr_trunc    fpr_n_trunc
#define fpr_add      fpr_n_add
#define fpr_sub      fpr_n_sub
#define fpr_half     fpr_n_half
#define fpr_double   fpr_n_double
#define fpr_mul      fpr_n_mul
#define fpr_sqr      fpr_n_sqr
#define fpr_div      fpr_n_div
#define fpr_inv      fpr_n_inv
#define fpr_sqrt     fpr_n_sqrt
#define fpr_expm_p63 fpr_n_expm_p63

/* fft_avx2.c: each replaces the fft.c function without "avx2_". */
void fndsa_avx2_FFT(fpr *f, unsigned logn);
void fndsa_avx2_iFFT(fpr *f, unsigned logn);
void fndsa_avx2_poly_add(fpr *a, const fpr *b, unsigned logn);
void fndsa_avx2_poly_sub(fpr *a, const fpr *b, unsigned logn);
void fndsa_avx2_poly_neg(fpr *a, unsigned logn);
void fndsa_avx2_poly_adj_fft(fpr *a, unsigned logn);
void fndsa_avx2_poly_mul_fft(fpr *a, const fpr *b, unsigned logn);
void fndsa_avx2_poly_muladj_fft(fpr *a, const fpr *b, unsigned logn);
void fndsa_avx2_poly_mulselfadj_fft(fpr *a, unsigned logn);
void fndsa_avx2_poly_mulconst(fpr *a, fpr x, unsigned logn);
void fndsa_avx2_poly_div_fft(fpr *a, const fpr *b, unsigned logn);
void fndsa_avx2_poly_invnorm2_fft(fpr *d, const fpr *a, const fpr *b, unsigned logn);
void fndsa_avx2_poly_add_muladj_fft(fpr *d, const fpr *F, const fpr *G,
                                    const fpr *f, const fpr *g, unsigned logn);
void fndsa_avx2_poly_mul_autoadj_fft(fpr *a, const fpr *b, unsigned logn);
void fndsa_avx2_poly_div_autoadj_fft(fpr *a, const fpr *b, unsigned logn);
void fndsa_avx2_poly_LDL_fft(const fpr *g00, fpr *g01, fpr *g11, unsigned logn);
void fndsa_avx2_poly_LDLmv_fft(fpr *d11, fpr *l10, const fpr *g00, const fpr *g01,
                               const fpr *g11, unsigned logn);
void fndsa_avx2_poly_split_fft(fpr *f0, fpr *f1, const fpr *f, unsigned logn);
void fndsa_avx2_poly_merge_fft(fpr *f, const fpr *f0, const fpr *f1, unsigned logn);
#undef FFT
#define FFT                      fndsa_avx2_FFT
#undef iFFT
#define iFFT                     fndsa_avx2_iFFT
#undef poly_add
#define poly_add                 fndsa_avx2_poly_add
#undef poly_sub
#define poly_sub                 fndsa_avx2_poly_sub
#undef poly_neg
#define poly_neg                 fndsa_avx2_poly_neg
#undef poly_adj_fft
#define poly_adj_fft             fndsa_avx2_poly_adj_fft
#undef poly_mul_fft
#define poly_mul_fft             fndsa_avx2_poly_mul_fft
#undef poly_muladj_fft
#define poly_muladj_fft          fndsa_avx2_poly_muladj_fft
#undef poly_mulselfadj_fft
#define poly_mulselfadj_fft      fndsa_avx2_poly_mulselfadj_fft
#undef poly_mulconst
#define poly_mulconst            fndsa_avx2_poly_mulconst
#undef poly_div_fft
#define poly_div_fft             fndsa_avx2_poly_div_fft
#undef poly_invnorm2_fft
#define poly_invnorm2_fft        fndsa_avx2_poly_invnorm2_fft
#undef poly_add_muladj_fft
#define poly_add_muladj_fft      fndsa_avx2_poly_add_muladj_fft
#undef poly_mul_autoadj_fft
#define poly_mul_autoadj_fft     fndsa_avx2_poly_mul_autoadj_fft
#undef poly_div_autoadj_fft
#define poly_div_autoadj_fft     fndsa_avx2_poly_div_autoadj_fft
#undef poly_LDL_fft
#define poly_LDL_fft             fndsa_avx2_poly_LDL_fft
#undef poly_LDLmv_fft
#define poly_LDLmv_fft           fndsa_avx2_poly_LDLmv_fft
#undef poly_split_fft
#define poly_split_fft           fndsa_avx2_poly_split_fft
#undef poly_merge_fft
#define poly_merge_fft           fndsa_avx2_poly_merge_fft

/* chacha_avx2.c: replaces fndsa_prng_refill (sampler.c defines the portable
 * one at FNDSA_PORTABLE_DEF(fndsa_prng_refill), so that this function-like
 * macro redirects only the calls). */
void fndsa_avx2_prng_refill(fndsa_prng *p);
#undef fndsa_prng_refill
#define fndsa_prng_refill(p) fndsa_avx2_prng_refill(p)

/* sampler_avx2.c: replaces fndsa_sampler (defined in sampler.c at
 * FNDSA_PORTABLE_DEF(fndsa_sampler), for the same reason). */
int fndsa_avx2_sampler(fndsa_sampler_ctx *spc, fpr mu, fpr isigma);
#undef fndsa_sampler
#define fndsa_sampler(spc, mu, isigma) fndsa_avx2_sampler(spc, mu, isigma)

/* With FNDSA_NAMESPACE the two #undefs above dropped the names'
 * fndsa_namespace.h macros: the portable definitions take the prefix here. */
#if defined(FNDSA_NAMESPACE)
#undef FNDSA_PORTABLE_DEF
#define FNDSA_PORTABLE_DEF(name) (FNDSA_NS(name))
#endif

/* ntt_avx2.c: replace modq.c's NTTs and keys.c's static ntt_inverse (inner.h
 * and keys.c map the names; theirs are compiled in the portable build). */
void fndsa_avx2_mq_NTT(uint16_t *a);
void fndsa_avx2_mq_iNTT(uint16_t *a);
uint32_t fndsa_avx2_ntt_inverse(uint16_t *finv, const int8_t *f);

#endif
