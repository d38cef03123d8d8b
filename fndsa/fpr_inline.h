/*
 * fpr_inline.h -- the frequent binary64 operations of fpr.c as static
 * inline functions (private to fndsa/; included by inner.h). See fpr.c for
 * the representation, the rounding rule and the constant-time notes; the
 * out-of-line fndsa_fpr_* functions there wrap these. Included by
 * inner.h after the fpr typedef.
 */
#ifndef AEGIS_FNDSA_FPR_INLINE_H
#define AEGIS_FNDSA_FPR_INLINE_H

#include <stdint.h>

#include "ct.h"

#ifndef FPR_MANT_MASK
#define FPR_MANT_MASK ((((uint64_t)1) << 52) - 1)
#endif

/* 1 if a < b (unsigned), else 0; constant time. */
static inline uint64_t fpr_lt_u64(uint64_t a, uint64_t b)
{
    uint64_t d = a - b;
    return fndsa_ct_barrier64(((~a & b) | (~(a ^ b) & d)) >> 63);
}

/* 1 if x != 0, else 0; constant time. */
static inline uint64_t fpr_nz_u64(uint64_t x)
{
    return fndsa_ct_barrier64((x | (0 - x)) >> 63);
}

/*
 * Left-shift nonzero m until its top bit (bit 63) is set and subtract the
 * shift count from *e. For m = 0, m stays 0 and *e is garbage (callers
 * get a zero from fpr_pack regardless).
 *
 * With gcc/clang on 64-bit targets this uses the count-leading-zeros
 * instruction (BSR or LZCNT on x86-64, CLZ on AArch64), whose latency does
 * not depend on the operand on these cores. On 32-bit targets a 64-bit clz
 * is not one instruction (i386 gcc tests the high word and branches), so
 * there the 32-bit clz of the high word, or of the low word when the high
 * word is zero, is chosen with a mask. Define FNDSA_NO_CLZ to use the
 * portable six-step masked shift instead.
 */
static inline uint64_t fpr_norm64(uint64_t m, int *e)
{
#if (defined(__GNUC__) || defined(__clang__)) && !defined(FNDSA_NO_CLZ) && \
    defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 8
    int k = __builtin_clzll(m | 1);            /* m | 1: clz(0) is undefined */

    *e -= k;
    return m << k;
#elif (defined(__GNUC__) || defined(__clang__)) && !defined(FNDSA_NO_CLZ)
    /* The shift too is done in 32-bit halves: i386 gcc compiles a 64-bit
     * shift by a variable count to a test of bit 5 and a branch. */
    uint32_t hi = (uint32_t)(m >> 32), lo = (uint32_t)m;
    uint32_t hz = fndsa_ct_barrier32(((hi | (0u - hi)) >> 31) - 1u);  /* hi == 0 */
    int c;

    hi ^= (hi ^ lo) & hz;                      /* m <<= 32 if hi == 0 */
    lo &= ~hz;
    c = __builtin_clz(hi | 1);                 /* 0..31 */
    *e -= c + (int)(hz & 32);                  /* clzll(m | 1) in all */
    hi = (hi << c) | ((lo >> 1) >> (31 - c));
    lo <<= c;
    return ((uint64_t)hi << 32) | lo;
#else
    uint64_t c;

#define FPR_NORM_STEP(k) \
    c = fpr_nz_u64(m >> (64 - (k))) - 1;   /* all-ones if the top k bits are 0 */ \
    m ^= (m ^ (m << (k))) & c; \
    *e -= (k) & (int)c
    FPR_NORM_STEP(32);
    FPR_NORM_STEP(16);
    FPR_NORM_STEP(8);
    FPR_NORM_STEP(4);
    FPR_NORM_STEP(2);
    FPR_NORM_STEP(1);
#undef FPR_NORM_STEP
    return m;
#endif
}

/*
 * Encode (-1)^s * m * 2^e, m in [2^54, 2^55) with sticky low bit, or
 * m = 0 (signed zero). Rounding to nearest-even uses the two low bits of
 * m (round bit, sticky bit) and the lowest kept bit: increment when the
 * three bits are 011, 110 or 111 (mask 0xC8). A carry out of the mantissa
 * bumps the exponent, which is exactly right. e + 1076 < 0 (below the
 * normal range) gives a zero.
 */
static inline fpr fpr_pack(uint64_t s, int e, uint64_t m)
{
    uint64_t x, under, nz;
    uint32_t be;

    e += 1076;
    under = fndsa_ct_barrier64((uint64_t)((uint32_t)e >> 31));     /* 1 if e < 0 */
    m &= under - 1;
    nz = fndsa_ct_barrier64(m >> 54);                              /* 1 if m != 0 */
    be = (uint32_t)e & (uint32_t)(0 - nz);
    /* m >> 2 holds the implicit bit at position 52: it adds 1 to the
     * biased exponent field (e + 1076 + 1 = true exponent + 1023). */
    x = ((s << 63) | (m >> 2)) + ((uint64_t)be << 52);
    x += (0xC8u >> ((unsigned)m & 7u)) & 1u;
    return x;
}

/*
 * Encode (-1)^s * m * 2^e, m in [2^63, 2^64) (normalised, no separate
 * sticky bit: all 64 bits are exact) or m = 0 (signed zero), rounded to
 * nearest-even. The kept mantissa is m >> 11 (implicit bit at 52); the
 * 11 dropped bits plus 0x3FF plus the lowest kept bit carry into bit 11
 * exactly when the result must round up (round bit set, and a lower bit
 * or the kept lowest bit set). Same results as fpr_pack() on
 * (m >> 9) | sticky, with one masking and rounding step fewer.
 */
static inline fpr fpr_pack64(uint64_t s, int e, uint64_t m)
{
    uint64_t under, mant, rnd;
    uint32_t be;

    e += 1085;                                  /* biased exponent - 1 */
    under = fndsa_ct_barrier64((uint64_t)((uint32_t)e >> 31));     /* 1 if e < 0 */
    m &= under - 1;
    mant = m >> 11;
    be = (uint32_t)e & (uint32_t)(0 - (m >> 63));                  /* 0 if m == 0 */
    rnd = ((m & 0x7FF) + 0x3FF + (mant & 1)) >> 11;
    return ((s << 63) | mant) + ((uint64_t)be << 52) + rnd;
}

/* i * 2^sc, rounded ([Falcon] §3.9: conversion of integers to fpr). */
static inline fpr fpr_i_scaled(int64_t i, int sc)
{
    uint64_t s, m, nz;
    int e;

    s = fndsa_ct_barrier64((uint64_t)i >> 63);
    m = ((uint64_t)i ^ (0 - s)) + s;           /* |i| (i != -2^63) */
    nz = fpr_nz_u64(m);
    e = sc;
    m = fpr_norm64(m, &e);                         /* m in [2^63, 2^64) */
    m &= 0 - nz;
    return fpr_pack64(s, e, m);
}

static inline fpr fpr_i_of(int64_t i)
{
    return fpr_i_scaled(i, 0);
}

/*
 * Extract the magnitude of x as a 63-bit integer M (implicit bit at
 * position 62) and the right-shift count cc such that |x| = M * 2^-cc.
 * cc may be >= 64 (|x| < 1/2, or zero).
 */
static inline uint64_t fpr_mant63(fpr x, int *cc)
{
    *cc = 1085 - (int)((x >> 52) & 0x7FF);
    return ((x << 10) | ((uint64_t)1 << 62)) & ((((uint64_t)1) << 63) - 1);
}

/* Round to nearest integer, ties to even. |x| must be < 2^62. */
static inline int64_t fpr_i_rint(fpr x)
{
    uint64_t m, q, r, p, big, up, s;
    int cc;

    m = fpr_mant63(x, &cc);
    big = fndsa_ct_barrier64((uint64_t)((uint32_t)(63 - cc) >> 31));   /* 1 if cc >= 64 */
    m &= big - 1;                                  /* then the result is 0 */
    cc &= 63;
    q = m >> cc;
    r = m - (q << cc);                             /* dropped bits */
    /* 2 * (one half); the barrier keeps compilers from turning the tests
     * below into bit-test instructions on the secret position cc */
    p = fndsa_ct_barrier64((uint64_t)1 << cc);
    /* round up if 2r > 2^cc, or 2r == 2^cc and q is odd */
    up = fpr_lt_u64(p, r << 1) | ((1 - fpr_nz_u64((r << 1) ^ p)) & q);
    q += up & 1;
    s = fndsa_ct_barrier64(x >> 63);
    return (int64_t)((q ^ (0 - s)) + s);
}

/*
 * floor(x). Like the reference, -0 floors to -1 (the arithmetic shift of a
 * negative mantissa rounds toward minus infinity, and the clamp for tiny
 * values keeps -1 for any negative sign); this matters for bit-exact
 * sampling. |x| must be < 2^62.
 */
static inline int64_t fpr_i_floor(fpr x)
{
    uint64_t m, s, big;
    int64_t xi;
    int cc;

    m = fpr_mant63(x, &cc);
    s = fndsa_ct_barrier64(x >> 63);
    xi = (int64_t)((m ^ (0 - s)) + s);
    big = fndsa_ct_barrier64((uint64_t)((uint32_t)(63 - cc) >> 31));   /* 1 if cc >= 64 */
    cc &= 63;
    xi >>= cc;                                     /* arithmetic shift: floor */
    /* cc >= 64: 0 for a positive sign, -1 for a negative one */
    xi ^= (xi ^ -(int64_t)s) & -(int64_t)big;
    return xi;
}

/* trunc(x) (round toward zero). |x| must be < 2^62. */
static inline int64_t fpr_i_trunc(fpr x)
{
    uint64_t m, s, big;
    int cc;

    m = fpr_mant63(x, &cc);
    big = fndsa_ct_barrier64((uint64_t)((uint32_t)(63 - cc) >> 31));
    cc &= 63;
    m = (m >> cc) & (big - 1);
    s = fndsa_ct_barrier64(x >> 63);
    return (int64_t)((m ^ (0 - s)) + s);
}

/* x + y, correctly rounded. */
static inline fpr fpr_i_add(fpr x, fpr y)
{
    const uint64_t m63 = (((uint64_t)1) << 63) - 1;
    uint64_t d, sw, t, xu, yu, sx, dsg, m, keep;
    int ex, ey, cc;

    /*
     * Order the operands so that |x| >= |y|. When |x| == |y| and x is
     * negative we also swap: then x - x gives +0, and (-0) + (+0) gives +0,
     * as IEEE-754 requires in round-to-nearest.
     */
    /* |x| - |y| - sign(x) lies in [-2^63, 2^63 - 1]: its top bit is the
     * swap condition (negative iff |x| < |y|, or |x| == |y| and x < 0). */
    d = (x & m63) - (y & m63) - (x >> 63);
    sw = fndsa_ct_barrier64(d >> 63);
    t = (x ^ y) & (0 - sw);
    x ^= t;
    y ^= t;

    /*
     * Unpack; mantissas scaled to [2^55, 2^56) (three extra low bits). A
     * zero y (exponent field 0) gets no implicit bit and has a zero
     * mantissa. x gets the implicit bit unconditionally: if x is a zero,
     * so is y (|y| <= |x|), xu = 2^55 and the result's biased exponent
     * 0 - 1078 - 8 + 1085 is negative, so fpr_pack64() returns a zero with
     * x's sign, as for a zero mantissa (subnormals: outside the domain).
     */
    ex = (int)(x >> 52) & 0x7FF;
    ey = (int)(y >> 52) & 0x7FF;
    sx = x >> 63;
    dsg = fndsa_ct_barrier64((x ^ y) >> 63);   /* 1 if the signs differ */
    xu = ((x & FPR_MANT_MASK) | ((uint64_t)1 << 52)) << 3;
    yu = ((y & FPR_MANT_MASK) | ((uint64_t)((uint32_t)(ey + 0x7FF) >> 11) << 52)) << 3;

    /*
     * Align y on x: right-shift by cc = ex - ey, folding the dropped bits
     * into the lowest kept bit (sticky): (yu & m) + m carries into bit cc
     * iff a dropped bit is set. A shift of 60 or more leaves y below the
     * rounding position of any result, so y is dropped entirely.
     */
    cc = ex - ey;
    keep = fndsa_ct_barrier64((uint64_t)((uint32_t)(cc - 60) >> 31));  /* cc < 60 */
    yu &= 0 - keep;
    cc &= 63;
    m = (((uint64_t)1) << cc) - 1;
    yu |= (yu & m) + m;
    yu >>= cc;

    /* Add or subtract the magnitudes; the result has x's sign. */
    xu = xu + yu - ((yu << 1) & (0 - dsg));

    /* Value is xu * 2^(ex - 1078); normalize and pack. */
    ex -= 1078;
    xu = fpr_norm64(xu, &ex);                  /* xu = 0 stays 0 */
    return fpr_pack64(sx, ex, xu);
}

static inline fpr fpr_i_sub(fpr x, fpr y)
{
    return fpr_i_add(x, y ^ ((uint64_t)1 << 63));
}

static inline fpr fpr_i_neg(fpr x)
{
    return x ^ ((uint64_t)1 << 63);
}

/* x / 2: decrement the exponent; a zero (or a result below the normal
 * range) stays / becomes a zero. */
static inline fpr fpr_i_half(fpr x)
{
    uint64_t e, keep;

    e = (x >> 52) & 0x7FF;
    /* all-ones if e >= 2 (a normal result): e - 2 wraps below 2 */
    keep = fndsa_ct_barrier64(((e - 2) >> 63) - 1);
    return ((x - ((uint64_t)1 << 52)) & keep) | (x & ~keep & ((uint64_t)1 << 63));
}

/* 2 * x: increment the exponent unless x is zero. */
static inline fpr fpr_i_double(fpr x)
{
    return x + (fpr_nz_u64((x >> 52) & 0x7FF) << 52);
}

/* High and low 64-bit halves of a * b (one 64x64->128 multiplication
 * where the compiler has it, else four 32x32->64 products). */
static inline uint64_t fpr_mul64hi(uint64_t a, uint64_t b, uint64_t *lo)
{
#if defined(__SIZEOF_INT128__)
    __extension__ typedef unsigned __int128 fpr_u128;
    fpr_u128 p = (fpr_u128)a * b;

    *lo = (uint64_t)p;
    return (uint64_t)(p >> 64);
#else
    uint64_t a0 = (uint32_t)a, a1 = a >> 32;
    uint64_t b0 = (uint32_t)b, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;

    *lo = (mid << 32) | (uint32_t)p00;
    return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
#endif
}

/* x * y, correctly rounded. */
static inline fpr fpr_i_mul(fpr x, fpr y)
{
    uint64_t xu, yu, hi, lo, zu, w, nz;
    int ex, ey, e;

    ex = (int)((x >> 52) & 0x7FF);
    ey = (int)((y >> 52) & 0x7FF);
    xu = (x & FPR_MANT_MASK) | ((uint64_t)1 << 52);
    yu = (y & FPR_MANT_MASK) | ((uint64_t)1 << 52);

    /*
     * 106-bit product p in [2^104, 2^106). m = top 64 bits of p << 22
     * (in [2^62, 2^64)) with the 42 dropped bits folded into bit 0 as a
     * sticky bit, then one more left shift if bit 63 is clear (the sticky
     * bit moves to bit 1: still below the round bit 10 of fpr_pack64).
     */
    hi = fpr_mul64hi(xu, yu, &lo);
    zu = (hi << 22) | (lo >> 42);
    zu |= fpr_nz_u64(lo & ((((uint64_t)1) << 42) - 1));
    w = fndsa_ct_barrier64((zu >> 63) ^ 1);
    zu <<= w;

    /* (xu*2^(ex-1075)) * (yu*2^(ey-1075)) = zu * 2^(ex+ey-2150+42-w) */
    e = ex + ey - 2108 - (int)w;
    /* a zero operand (exponent field 0) gives a zero: ex - 1 or ey - 1
     * is then negative (both fields are < 2^11) */
    nz = fndsa_ct_barrier64((uint64_t)(uint32_t)((ex - 1) | (ey - 1)) >> 31);
    zu &= nz - 1;
    return fpr_pack64((x ^ y) >> 63, e, zu);
}

static inline fpr fpr_i_sqr(fpr x)
{
    return fpr_i_mul(x, x);
}

#endif
