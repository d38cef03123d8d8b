/*
 * keygen.h -- private header of Falcon-512 key generation, shared by the
 * keygen*.c files, one per part of the procedure ([Falcon] spec v1.2,
 * §3.8, computed exactly as the round-3 reference does):
 *
 *   keygen.c        Keygen and NTRUGen: draw (f, g), check them, h = g/f,
 *                   NTRUSolve; the public key-pair API and encodings
 *   keygen_gauss.c  the Gaussian sampling of f and g from SHAKE256
 *   keygen_solve.c  NTRUSolve: each level's lift of (F, G) and its Babai
 *                   reduction (Reduce), the two one-word top levels
 *   keygen_gcd.c    NTRUSolve's deepest level: the resultants and the
 *                   extended binary GCD
 *   keygen_tower.c  the field norms (f_d, g_d) down the tower of rings
 *   keygen_poly.c   big-integer polynomials: to fpr, F - k f 2^sc
 *   keygen_zint.c   big integers (31-bit words): residues, CRT
 *   keygen_modp.c   arithmetic and NTTs modulo the small primes p < 2^31
 *
 * (each file uses only those listed after it). Split from one file, these
 * cost the compilers some inlining across the parts: the small hot
 * functions are static inline here, and the stride-1 NTTs are compiled on
 * their own (gcc -O2 key generation: 71.6M instructions, 72.6M as one
 * file; clang -O2 about 0.5% more than as one file). Everything here is for
 * n = 2^logn, logn <= 9; the public API is Falcon-512 (logn = 9).
 *
 * Names: a function or table used by another keygen*.c file is named
 * FNDSA_KG(name), fndsa_kg_name by default, so that every extern symbol
 * carries the fndsa_ prefix; the macros below let the code use the
 * reference's names (modp_montymul, zint_bezout, ...). A test that
 * compiles these files a second time into its own program defines
 * FNDSA_KG first (e.g. #define FNDSA_KG(x) test_##x).
 *
 * Constant time: no branch, memory index, division or modulo depends on
 * secret data, except the rejection decisions on candidates that are then
 * discarded (NTRUGen's "restart"); each such bit is declassified
 * (FNDSA_CT_DECLASSIFY) where it is computed, with a why-comment
 * (../shared/docs/constant-time.md §1.4, Falcon item 1). The time taken
 * thus depends on how many candidates are drawn and at which check each
 * one fails, never on the key that is kept.
 *
 * x86-64 backend (FNDSA_NATIVE_FPR): the mod-p NTTs, the NTT power
 * tables, the residues of big integers and mkgauss's table comparisons call
 * x86_64/keygen_avx2.c (same values word for word; README "x86-64 backend").
 *
 * References:
 *   [Falcon]  Falcon specification v1.2 (round 3), 2020-10-01, §3.8.
 *   [PP19]    T. Pornin, T. Prest, "More Efficient Algorithms for the NTRU
 *             Key Generation using the Field Norm", PKC 2019.
 */
#ifndef AEGIS_FNDSA_KEYGEN_H
#define AEGIS_FNDSA_KEYGEN_H

#include <string.h>

#include "ct.h"
#include "inner.h"

#ifndef FNDSA_KG
#define FNDSA_KG(name) fndsa_kg_##name
#endif

#define MKN(logn) ((size_t)1 << (logn))

/* ======================================================================
 * Portable two's complement helpers (C leaves unsigned -> signed
 * conversion of large values and >> of negative values
 * implementation-defined; these spell out what we mean and compile to
 * nothing on gcc/clang).
 * ====================================================================== */
static inline int32_t u32_to_i32(uint32_t x)
{
    /* int32_t is two's complement without padding (C11 7.20.1.1): the
     * object representation is the one we want; memcpy of 4 bytes
     * compiles to nothing (the arithmetic spelling did not). */
    int32_t r;

    memcpy(&r, &x, sizeof r);
    return r;
}

static inline int64_t u64_to_i64(uint64_t x)
{
    int64_t r;

    memcpy(&r, &x, sizeof r);
    return r;
}

/* Arithmetic right shift of a signed 64-bit value by 31. */
static inline int64_t asr64_31(uint64_t x)
{
    return u64_to_i64((x >> 31) | ((uint64_t)0 - (x >> 63)) << 33);
}

/* ======================================================================
 * Arithmetic modulo small primes p, 2^30 < p < 2^31, p = 1 mod 2048
 * (keygen_modp.c). Montgomery representation with R = 2^31: x is kept as
 * x*R mod p. All operands are in 0..p-1.
 * ====================================================================== */

/*
 * The small primes (PRIMES[157], keygen_modp.c): all primes p = 1 mod 2048
 * below 2^31, in decreasing order.
 *   p  the prime;
 *   g  a primitive 2048-th root of 1 mod p;
 *   s  1/(product of the previous primes) mod p, Montgomery form (for CRT).
 */
typedef struct {
    uint32_t p;
    uint32_t g;
    uint32_t s;
} small_prime;
#define KG_NUM_PRIMES 157
#define PRIMES FNDSA_KG(primes)
extern const small_prime PRIMES[KG_NUM_PRIMES];

/* x mod p for -p < x < p. */
static inline uint32_t modp_set(int32_t x, uint32_t p)
{
    uint32_t w = (uint32_t)x;
    w += p & -(w >> 31);
    return w;
}

/* x mod p (0..p-1) to the signed representative in -p/2..p/2. */
static inline int32_t modp_norm(uint32_t x, uint32_t p)
{
    return u32_to_i32(x - (p & (((x - ((p + 1) >> 1)) >> 31) - 1)));
}

/* -1/p mod 2^31 (Newton iteration on the 2-adic inverse), p odd. */
static inline uint32_t modp_ninv31(uint32_t p)
{
    uint32_t y = 2 - p;
    y *= 2 - p * y;
    y *= 2 - p * y;
    y *= 2 - p * y;
    y *= 2 - p * y;
    return (uint32_t)0x7FFFFFFF & -y;
}

/* R = 2^31 mod p = 2^31 - p (as 2^30 < p < 2^31): 1 in Montgomery form. */
static inline uint32_t modp_R(uint32_t p)
{
    return ((uint32_t)1 << 31) - p;
}

static inline uint32_t modp_add(uint32_t a, uint32_t b, uint32_t p)
{
    uint32_t d = a + b - p;
    d += p & -(d >> 31);
    return d;
}

static inline uint32_t modp_sub(uint32_t a, uint32_t b, uint32_t p)
{
    uint32_t d = a - b;
    d += p & -(d >> 31);
    return d;
}

/* a*b/R mod p (Montgomery multiplication); p0i = -1/p mod 2^31. */
static inline uint32_t modp_montymul(uint32_t a, uint32_t b, uint32_t p, uint32_t p0i)
{
    uint64_t z = (uint64_t)a * (uint64_t)b;
    uint64_t w = ((z * p0i) & (uint64_t)0x7FFFFFFF) * p;
    uint32_t d = (uint32_t)((z + w) >> 31) - p;
    d += p & -(d >> 31);
    return d;
}

/* R2 = 2^62 mod p (Montgomery form of 2^31). */
static inline uint32_t modp_R2(uint32_t p, uint32_t p0i)
{
    /* z = 2R (Montgomery form of 2); five Montgomery squarings give the
     * Montgomery form of 2^32, i.e. 2^63 mod p; halve it. */
    uint32_t z = modp_R(p);
    int i;

    z = modp_add(z, z, p);
    for (i = 0; i < 5; i++) {
        z = modp_montymul(z, z, p, p0i);
    }
    return (z + (p & -(z & 1))) >> 1;
}

/* 2^(31*x) mod p (x public, 1 <= x < 2^11); R2 = 2^62 mod p. */
static inline uint32_t modp_Rx(unsigned x, uint32_t p, uint32_t p0i, uint32_t R2)
{
    uint32_t r = R2, z = modp_R(p);
    unsigned i;

    x--;
    for (i = 0; (1u << i) <= x; i++) {
        if ((x & (1u << i)) != 0) { /* x is public (a length) */
            z = modp_montymul(z, r, p, p0i);
        }
        r = modp_montymul(r, r, p, p0i);
    }
    return z;
}

/* NTT tables for degree 2^logn: gm[rev(i)] = w^i, igm[rev(i)] = w^(-i),
 * Montgomery form, w a primitive 2n-th root of 1 (from g, the prime's
 * 2048-th root). */
#define modp_mkgm2 FNDSA_KG(modp_mkgm2)
void modp_mkgm2(uint32_t *gm, uint32_t *igm, unsigned logn, uint32_t g, uint32_t p,
                uint32_t p0i);
/* In-place NTT of a[0], a[stride], ... (n = 2^logn values mod p);
 * modp_NTT2 for stride 1. */
#define modp_NTT2_ext FNDSA_KG(modp_NTT2_ext)
void modp_NTT2_ext(uint32_t *a, size_t stride, const uint32_t *gm, unsigned logn,
                   uint32_t p, uint32_t p0i);
#define modp_NTT2 FNDSA_KG(modp_NTT2)
void modp_NTT2(uint32_t *a, const uint32_t *gm, unsigned logn, uint32_t p, uint32_t p0i);
/* In-place inverse NTT, times ni/R (ni = R/n: the plain inverse NTT);
 * modp_iNTT2_sc for stride 1. */
#define modp_iNTT2_ext_sc FNDSA_KG(modp_iNTT2_ext_sc)
void modp_iNTT2_ext_sc(uint32_t *a, size_t stride, const uint32_t *igm, unsigned logn,
                       uint32_t p, uint32_t p0i, uint32_t ni);
#define modp_iNTT2_sc FNDSA_KG(modp_iNTT2_sc)
void modp_iNTT2_sc(uint32_t *a, const uint32_t *igm, unsigned logn, uint32_t p, uint32_t p0i,
                   uint32_t ni);
/* In-place inverse NTT (including the 1/n factor: R/n = 2^(31-logn) < p
 * in Montgomery form). */
static inline void modp_iNTT2_ext(uint32_t *a, size_t stride, const uint32_t *igm,
                                  unsigned logn, uint32_t p, uint32_t p0i)
{
    modp_iNTT2_ext_sc(a, stride, igm, logn, p, p0i, (uint32_t)1 << (31 - logn));
}

static inline void modp_iNTT2(uint32_t *a, const uint32_t *igm, unsigned logn, uint32_t p,
                              uint32_t p0i)
{
    modp_iNTT2_sc(a, igm, logn, p, p0i, (uint32_t)1 << (31 - logn));
}
/* Field norm in NTT form: f'(w^2) = f(w) f(-w), over the first half of f. */
#define modp_poly_rec_res FNDSA_KG(modp_poly_rec_res)
void modp_poly_rec_res(uint32_t *f, unsigned logn, uint32_t p, uint32_t p0i, uint32_t R2);

/* ======================================================================
 * Big integers ("zint", keygen_zint.c): little-endian arrays of 31-bit
 * words (top bit of each uint32_t is 0), two's complement for negative
 * values. All loops run over public lengths only.
 * ====================================================================== */
/* m <- m * x (x < 2^31); returns the carry word. */
#define zint_mul_small FNDSA_KG(zint_mul_small)
uint32_t zint_mul_small(uint32_t *m, size_t mlen, uint32_t x);
/*
 * d mod p for unsigned d (Horner from the top word); R2 = 2^62 mod p.
 *
 * Deviation (same result, fewer operations): the reference computes
 * x <- x*2^31 + d_i mod p with a Montgomery multiplication, a reduction of
 * d_i and a modular addition per word. We keep y = x/2^31 mod p instead:
 * y <- (y*R2 + d_i)/2^31 mod p is one Montgomery reduction per word (the
 * raw word d_i < 2^31 is added before it; y*R2 + d_i < p^2 + 2^31 keeps the
 * reduced value below 2p), and x = y*2^31 = montymul(y, R2) at the end.
 */
static inline uint32_t zint_mod_small_unsigned(const uint32_t *d, size_t dlen, uint32_t p,
                                               uint32_t p0i, uint32_t R2)
{
    uint32_t y = 0;
    size_t u = dlen;

    while (u-- > 0) {
        uint64_t z = (uint64_t)y * R2 + d[u];
        uint64_t w = (((uint32_t)z * p0i) & (uint64_t)0x7FFFFFFF) * p;

        y = (uint32_t)((z + w) >> 31) - p;
        y += p & -(y >> 31);
    }
    return modp_montymul(y, R2, p, p0i);
}

/* d mod p for signed d; Rx = 2^(31*dlen) mod p. */
static inline uint32_t zint_mod_small_signed(const uint32_t *d, size_t dlen, uint32_t p,
                                             uint32_t p0i, uint32_t R2, uint32_t Rx)
{
    uint32_t z;

    if (dlen == 0) {
        return 0;
    }
    z = zint_mod_small_unsigned(d, dlen, p, p0i, R2);
    return modp_sub(z, Rx & -(d[dlen - 1] >> 30), p);
}

/* d[v*dstride] = zint_mod_small_signed(s + v*sstride, ...) for v < num (the
 * rows of a polynomial with big coefficients, one prime). */
static inline void zint_mod_small_signed_rows(uint32_t *d, size_t dstride, const uint32_t *s,
                                              size_t sstride, size_t num, size_t slen,
                                              uint32_t p, uint32_t p0i, uint32_t R2,
                                              uint32_t Rx)
{
    size_t v;

#if defined(FNDSA_NATIVE_FPR)
    (void)v;
    fndsa_avx2_zint_mod_small(d, dstride, s, sstride, num, slen, p, p0i, R2, Rx, 1);
#else
    for (v = 0; v < num; v++) {
        d[v * dstride] = zint_mod_small_signed(s + v * sstride, slen, p, p0i, R2, Rx);
    }
#endif
}

/* CRT reconstruction of num integers of xlen words (stride xstride) from
 * their residues mod PRIMES[0..xlen-1]; signed (-m/2..m/2) if
 * normalize_signed. tmp: xlen words. */
#define zint_rebuild_CRT FNDSA_KG(zint_rebuild_CRT)
void zint_rebuild_CRT(uint32_t *xx, size_t xlen, size_t xstride, size_t num,
                      int normalize_signed, uint32_t *tmp);
/* One-word signed big integer to int32. */
static inline int32_t zint_one_to_plain(const uint32_t *x)
{
    uint32_t w = x[0];

    w |= (w & 0x40000000) << 1;
    return u32_to_i32(w);
}

/* ======================================================================
 * Polynomials with big-integer coefficients (keygen_poly.c).
 * ====================================================================== */
/* d[u] <- fpr value of the u-th big integer (flen words, stride fstride). */
#define poly_big_to_fp FNDSA_KG(poly_big_to_fp)
void poly_big_to_fp(fpr *d, const uint32_t *f, size_t flen, size_t fstride, unsigned logn);
/* F <- F - k*f*2^sc, schoolbook (ys: KG_YS_WORDS words of scratch), or
 * through NTTs and the CRT (tmp: 2n + n*(flen+1) + n words). */
#define KG_YS_WORDS 384
#define poly_sub_scaled FNDSA_KG(poly_sub_scaled)
void poly_sub_scaled(uint32_t *F, size_t Flen, size_t Fstride, const uint32_t *f, size_t flen,
                     size_t fstride, const int32_t *k, uint32_t sch, uint32_t scl,
                     unsigned logn, uint32_t *ys);
#define poly_sub_scaled_ntt FNDSA_KG(poly_sub_scaled_ntt)
void poly_sub_scaled_ntt(uint32_t *F, size_t Flen, size_t Fstride, const uint32_t *f,
                         size_t flen, size_t fstride, const int32_t *k, uint32_t sch,
                         uint32_t scl, unsigned logn, uint32_t *tmp);

/* ======================================================================
 * Sampling f and g (keygen_gauss.c).
 * ====================================================================== */
/* The keygen RNG: the SHAKE256 output stream, read as 64-bit words. */
typedef struct {
    sha3_ctx *sc;
    size_t ptr;                     /* next unread byte of buf */
    uint8_t buf[SHAKE256_RATE * 2]; /* 272 bytes = 34 words */
} kg_rng;

static inline void kg_rng_init(kg_rng *r, sha3_ctx *sc)
{
    r->sc = sc;
    r->ptr = sizeof r->buf;
}

/* f <- n Gaussian coefficients in -127..127 with an odd sum. */
#define poly_small_mkgauss FNDSA_KG(poly_small_mkgauss)
void poly_small_mkgauss(kg_rng *rng, int8_t *f, unsigned logn);

/* ======================================================================
 * NTRUSolve (keygen_tower.c, keygen_gcd.c, keygen_solve.c).
 * ====================================================================== */
/*
 * Word lengths (31-bit words) at depth d: MAX_BL_SMALL(d) for f_d, g_d and
 * the reduced F_d, G_d; MAX_BL_LARGE(d) for the unreduced F_d, G_d. Chosen
 * by the reference from measured sizes (average + margin); part of the
 * exact procedure, since the Babai reduction reads the top words. (Tables
 * inside inline functions: a constant depth is a constant length in every
 * file that uses them.)
 */
static inline size_t MAX_BL_SMALL(unsigned d)
{
    static const size_t t[] = { 1, 1, 2, 2, 4, 7, 14, 27, 53, 106, 209 };

    return t[d];
}

static inline size_t MAX_BL_LARGE(unsigned d)
{
    static const size_t t[] = { 2, 2, 5, 7, 12, 21, 40, 78, 157, 308 };

    return t[d];
}
/* The depths whose (f_d, g_d) make_fg caches at the end of tmp. */
#define FG_CACHE_MIN 3 /* not 2: the depth-3 level's work space would overwrite it */
#define FG_CACHE_MAX 8
/* Words of (f_d, g_d), and the cache slot of depth d in tmp. */
#define fg_words FNDSA_KG(fg_words)
size_t fg_words(unsigned logn_top, unsigned d);
#define fg_cache_slot FNDSA_KG(fg_cache_slot)
uint32_t *fg_cache_slot(uint32_t *tmp, unsigned logn_top, unsigned d);
/* (f_depth, g_depth) in RNS (NTT form if out_ntt) into data; if cache is
 * not NULL (tmp), the cached depths are saved on the way. */
#define make_fg FNDSA_KG(make_fg)
void make_fg(uint32_t *data, const int8_t *f, const int8_t *g, unsigned logn, unsigned depth,
             int out_ntt, uint32_t *cache);
/* F, G with f G - g F = q, all coefficients in [-lim, lim]: 1, or 0 if
 * this (f, g) has no such solution (a declassified rejection).
 * tmp: FNDSA_KEYGEN_TMPSIZE bytes, u32-aligned. */
#define solve_NTRU_deepest FNDSA_KG(solve_NTRU_deepest)
int solve_NTRU_deepest(unsigned logn_top, const int8_t *f, const int8_t *g, uint32_t *tmp);
#define solve_NTRU FNDSA_KG(solve_NTRU)
int solve_NTRU(unsigned logn, int8_t *F, int8_t *G, const int8_t *f, const int8_t *g, int lim,
               uint32_t *tmp);

#endif
