/*
 * Integer-emulated binary64 (fndsa/fpr_inline.h, fndsa/fpr.c) against the
 * FPU, on operands chosen to hit the edge cases of fpr_add and fpr_mul:
 * equal exponents, near-cancellation, every alignment shift 0..70, signed
 * zeros, x + (-x). Exponents stay in a range where no result is subnormal
 * (the emulation flushes those to zero, the FPU does not). Requires the
 * build's double to be IEEE-754 binary64, round-to-nearest (x86-64, AArch64).
 * The emulated functions are called by their own names (fpr_i_*): in the x86-64
 * backend build the reference names map to the hardware (test_x86_64_fndsa.c).
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "../fndsa/inner.h"

static uint64_t xs(uint64_t *s)
{
    *s ^= *s << 13; *s ^= *s >> 7; *s ^= *s << 17;
    return *s;
}

static uint64_t fpu_add(uint64_t a, uint64_t b)
{
    double x, y, r;
    uint64_t w;
    memcpy(&x, &a, 8); memcpy(&y, &b, 8);
    r = x + y;
    memcpy(&w, &r, 8);
    return w;
}

static uint64_t fpu_mul(uint64_t a, uint64_t b)
{
    double x, y, r;
    uint64_t w;
    memcpy(&x, &a, 8); memcpy(&y, &b, 8);
    r = x * y;
    memcpy(&w, &r, 8);
    return w;
}

/* A random operand shaped by r: zero, few mantissa bits set, or random. */
static uint64_t pick(uint64_t *s, int e)
{
    uint64_t r = xs(s), m;
    switch (r & 7) {
    case 0: return (r >> 3) & ((uint64_t)1 << 63);                   /* +-0 */
    case 1: m = 0; break;                                            /* power of 2 */
    case 2: m = FPR_MANT_MASK; break;                                /* all ones */
    case 3: m = ((uint64_t)1 << ((r >> 8) % 52)); break;             /* one bit */
    default: m = xs(s) & FPR_MANT_MASK; break;
    }
    return (r & ((uint64_t)1 << 63)) | ((uint64_t)e << 52) | m;
}

Test(fndsa_fpr, add_edge_cases)
{
    uint64_t s = 0x0123456789ABCDEFu;
    long n = 0;
    for (int it = 0; it < 400000; it++) {
        int ea = 1023 - 100 + (int)(xs(&s) % 200);
        int sh = (int)(xs(&s) % 72);
        uint64_t a = pick(&s, ea), b;
        uint64_t k = xs(&s) & 3;
        if (k == 0) {
            b = a ^ ((uint64_t)1 << 63);                              /* x + (-x) */
            b ^= xs(&s) & 0xF;                                        /* or nearly */
        } else if (k == 1) {
            b = a ^ ((uint64_t)1 << 63) ^ (xs(&s) & 0xFFFFFFFFFu);    /* cancellation */
        } else {
            b = pick(&s, ea - sh);
        }
        if (((b >> 52) & 0x7FF) == 0)
            b &= (uint64_t)1 << 63;                                   /* no subnormals */
        if (xs(&s) & 1) { uint64_t t = a; a = b; b = t; }
        cr_assert_eq(fpr_i_add(a, b), fpu_add(a, b), "add %016llx %016llx",
            (unsigned long long)a, (unsigned long long)b);
        cr_assert_eq(fpr_i_sub(a, b), fpu_add(a, b ^ ((uint64_t)1 << 63)));
        n += 2;
    }
    /* signed zeros */
    uint64_t z[2] = { 0, (uint64_t)1 << 63 };
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            cr_assert_eq(fpr_i_add(z[i], z[j]), fpu_add(z[i], z[j]));
            n++;
        }
    fprintf(stderr, "fndsa_fpr: %ld of %ld edge-case add/sub match binary64\n", n, n);
}

Test(fndsa_fpr, mul_edge_cases)
{
    uint64_t s = 0xFEDCBA9876543210u;
    long n = 0;
    for (int it = 0; it < 400000; it++) {
        uint64_t a = pick(&s, 1023 - 200 + (int)(xs(&s) % 400));
        uint64_t b = pick(&s, 1023 - 200 + (int)(xs(&s) % 400));
        cr_assert_eq(fpr_i_mul(a, b), fpu_mul(a, b), "mul %016llx %016llx",
            (unsigned long long)a, (unsigned long long)b);
        n++;
    }
    fprintf(stderr, "fndsa_fpr: %ld of %ld edge-case mul match binary64\n", n, n);
}

Test(fndsa_fpr, half_double)
{
    uint64_t s = 0x5555AAAA3333CCCCu;
    long n = 0;
    for (int it = 0; it < 100000; it++) {
        uint64_t a = pick(&s, 2 + (int)(xs(&s) % 2000));
        double x, h, d;
        uint64_t wh, wd;
        memcpy(&x, &a, 8);
        h = x * 0.5; d = x * 2.0;
        memcpy(&wh, &h, 8); memcpy(&wd, &d, 8);
        cr_assert_eq(fpr_i_half(a), wh);
        cr_assert_eq(fpr_i_double(a), wd);
        n += 2;
    }
    /* the smallest normals halve to a signed zero (flush, no subnormals) */
    cr_assert_eq(fpr_i_half((uint64_t)1 << 52), 0);
    cr_assert_eq(fpr_i_half(((uint64_t)1 << 52) | ((uint64_t)1 << 63)), (uint64_t)1 << 63);
    fprintf(stderr, "fndsa_fpr: %ld of %ld half/double match binary64\n", n, n);
}

/* fpr_norm64 (both the 64-bit clz path and the 32-bit halves used on
 * i386, issue #15 item 2) against a bit-by-bit reference: every power of
 * two, its neighbours, both 32-bit halves zero / nonzero, random values. */
Test(fpr, norm64_against_reference)
{
    uint64_t r = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 64 * 3 + 2000; i++) {
        uint64_t m;
        if (i < 64 * 3) m = ((uint64_t)1 << (i / 3)) + (uint64_t)(i % 3) - 1;
        else { r ^= r << 13; r ^= r >> 7; r ^= r << 17; m = r >> (r & 63); }
        if (i == 0) m = 0;
        int e = 1000, ew = 1000;
        uint64_t w = m;
        if (w != 0) while (!(w >> 63)) { w <<= 1; ew--; }
        uint64_t got = fpr_norm64(m, &e);
        cr_assert_eq(got, w, "m = %016llx", (unsigned long long)m);
        if (m != 0) cr_assert_eq(e, ew, "m = %016llx", (unsigned long long)m);
    }
}
