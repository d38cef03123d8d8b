/*
 * inner.h -- private internal header of fndsa/ (Falcon-512, round 3, v1.2),
 * one section per file: fpr (fpr.c), FFT (fft.c), codec (codec.c),
 * hash-to-point (hash.c), mod q (modq.c), key material (keys.c), key
 * generation (keygen.c; its parts have their own header, keygen.h), the
 * sampler and signing (sampler.c, sign.c), and the x86-64 backend.
 * Verification (verify.c) needs only the codec, hash-to-point and mod-q
 * sections (README "Verify-only embedding").
 *
 * Naming: every extern symbol here carries the fndsa_ prefix so that all
 * crypto dirs link into one program. The floating-point emulation keeps the
 * round-3 reference's operation names (fpr_add, fpr_mul, ...) through
 * macros, so that code ported from the specification/reference reads
 * naturally; the frequent ones map to the static inline versions of
 * fpr_inline.h, the others (and the out-of-line fndsa_fpr_* entry points)
 * live in fpr.c. Everything works for n = 2^logn, logn in 1..9 (the FFT code is
 * used at every depth of ffSampling and NTRUSolve), but the public API is
 * Falcon-512 only.
 *
 * References:
 *   [Falcon] Falcon: Fast-Fourier Lattice-based Compact Signatures over NTRU,
 *            specification v1.2 (round 3), 2020-10-01.
 *   [IEEE]   IEEE 754-2008 binary64, round-to-nearest-even.
 */
#ifndef AEGIS_FNDSA_INNER_H
#define AEGIS_FNDSA_INNER_H

#include <stddef.h>
#include <stdint.h>

#include "fndsa512.h"
#include FNDSA_FIPS202_HEADER   /* SHA-3: ../sha3/sha3.h unless configured */

/* The files call the randomness hook randombytes; fndsa_config.h names it. */
#define randombytes FNDSA_RANDOMBYTES

#define FNDSA_LOGN 9
#define FNDSA_N 512
#define FNDSA_Q 12289

/* ======================================================================
 * fpr: IEEE-754 binary64 emulated with integers (fpr.c).
 *
 * An fpr holds the 64-bit binary64 encoding (sign, 11-bit exponent,
 * 52-bit mantissa). All operations round to nearest-even exactly as a
 * binary64 FPU would (bit-identical to the round-3 reference built with
 * FALCON_FPEMU), with these documented limits (same as the reference):
 * no NaN / infinity / subnormal support (subnormals are flushed to zero),
 * operands are assumed finite; floor(-0) = -1 as in the reference. Every
 * operation is constant time: no data-dependent branch, index, division
 * or sqrt instruction (see fpr.c and fpr_inline.h for the assumptions).
 * ====================================================================== */
typedef uint64_t fpr;

/* Conversions. */
fpr fndsa_fpr_scaled(int64_t i, int sc);     /* i * 2^sc, rounded */
fpr fndsa_fpr_of(int64_t i);                 /* (double)i */
int64_t fndsa_fpr_rint(fpr x);               /* round to nearest-even integer */
int64_t fndsa_fpr_floor(fpr x);              /* floor(x); |x| < 2^63 */
int64_t fndsa_fpr_trunc(fpr x);              /* trunc(x); |x| < 2^63 */

/* Arithmetic. */
fpr fndsa_fpr_add(fpr x, fpr y);
fpr fndsa_fpr_sub(fpr x, fpr y);
fpr fndsa_fpr_neg(fpr x);
fpr fndsa_fpr_half(fpr x);                   /* x / 2 */
fpr fndsa_fpr_double(fpr x);                 /* x * 2 */
fpr fndsa_fpr_mul(fpr x, fpr y);
fpr fndsa_fpr_sqr(fpr x);
fpr fndsa_fpr_div(fpr x, fpr y);
fpr fndsa_fpr_inv(fpr x);                    /* 1 / x */
fpr fndsa_fpr_sqrt(fpr x);                   /* x >= 0 */
int fndsa_fpr_lt(fpr x, fpr y);              /* 1 if x < y, else 0 */

/*
 * ccs * exp(-x) * 2^63, rounded to an integer, for 0 <= x < log(2) and
 * 0 <= ccs <= 1 (ApproxExp, with the reference's
 * polynomial and integer arithmetic).
 */
uint64_t fndsa_fpr_expm_p63(fpr x, fpr ccs);

#include "fpr_inline.h"

/* Reference names: the frequent operations map to the inline versions. */
#define fpr_scaled   fpr_i_scaled
#define fpr_of       fpr_i_of
#define fpr_rint     fpr_i_rint
#define fpr_floor    fpr_i_floor
#define fpr_trunc    fpr_i_trunc
#define fpr_add      fpr_i_add
#define fpr_sub      fpr_i_sub
#define fpr_neg      fpr_i_neg
#define fpr_half     fpr_i_half
#define fpr_double   fpr_i_double
#define fpr_mul      fpr_i_mul
#define fpr_sqr      fpr_i_sqr
#define fpr_div      fndsa_fpr_div
#define fpr_inv      fndsa_fpr_inv
#define fpr_sqrt     fndsa_fpr_sqrt
#define fpr_lt       fndsa_fpr_lt
#define fpr_expm_p63 fndsa_fpr_expm_p63

/* Constants (binary64 encodings). */
#define fpr_zero            ((fpr)0)
#define fpr_one             ((fpr)4607182418800017408u)   /* 1.0 */
#define fpr_two             ((fpr)4611686018427387904u)   /* 2.0 */
#define fpr_onehalf         ((fpr)4602678819172646912u)   /* 0.5 */
#define fpr_invsqrt2        ((fpr)4604544271217802189u)   /* 1/sqrt(2) */
#define fpr_invsqrt8        ((fpr)4600040671590431693u)   /* 1/sqrt(8) */
#define fpr_q               ((fpr)4667981563525332992u)   /* 12289.0 */
#define fpr_inverse_of_q    ((fpr)4545632735260551042u)   /* 1/12289 */
#define fpr_inv_2sqrsigma0  ((fpr)4594603506513722306u)   /* 1/(2*1.8205^2) */
#define fpr_log2            ((fpr)4604418534313441775u)   /* ln 2 */
#define fpr_inv_log2        ((fpr)4609176140021203710u)   /* 1/ln 2 */
#define fpr_bnorm_max       ((fpr)4670353323383631276u)   /* 16822.4121 */
#define fpr_ptwo31          ((fpr)4746794007248502784u)   /* 2^31 */
#define fpr_ptwo31m1        ((fpr)4746794007244308480u)   /* 2^31-1 */
#define fpr_mtwo31m1        ((fpr)13970166044099084288u)  /* -(2^31-1) */
#define fpr_ptwo63m1        ((fpr)4890909195324358656u)   /* 2^63-1 (rounds to 2^63) */
#define fpr_mtwo63m1        ((fpr)14114281232179134464u)  /* -(2^63-1) */
#define fpr_ptwo63          ((fpr)4890909195324358656u)   /* 2^63 */

/* 1/sigma and sigma_min for logn = 0..10 (index 0 unused). */
extern const fpr fndsa_fpr_inv_sigma[11];
extern const fpr fndsa_fpr_sigma_min[11];
#define fpr_inv_sigma fndsa_fpr_inv_sigma
#define fpr_sigma_min fndsa_fpr_sigma_min

/*
 * FFT twiddles: for k in 0..1023, fpr_gm_tab[2k], [2k+1] = real and
 * imaginary parts of exp(i*pi*rev10(k)/1024) (rev10 = 10-bit bit reversal),
 * as in the reference. fpr_p2_tab[logn] = 2^(-logn) ... (2/2^logn).
 */
extern const fpr fndsa_fpr_gm_tab[2048];
extern const fpr fndsa_fpr_p2_tab[11];
#define fpr_gm_tab fndsa_fpr_gm_tab
#define fpr_p2_tab fndsa_fpr_p2_tab

/* ======================================================================
 * FFT and FFT-domain polynomial operations (fft.c), [Falcon] §3.5-3.6.
 * A polynomial of degree < n = 2^logn in FFT representation is n fpr:
 * f[0..n/2-1] real parts, f[n/2..n-1] imaginary parts (only half the
 * complex roots are stored, the others are conjugates). Bit-identical to
 * the reference's fft.c.
 * ====================================================================== */
void fndsa_FFT(fpr *f, unsigned logn);
void fndsa_iFFT(fpr *f, unsigned logn);
void fndsa_poly_add(fpr *a, const fpr *b, unsigned logn);        /* a += b */
void fndsa_poly_sub(fpr *a, const fpr *b, unsigned logn);        /* a -= b */
void fndsa_poly_neg(fpr *a, unsigned logn);                      /* a = -a */
void fndsa_poly_adj_fft(fpr *a, unsigned logn);                  /* a = adj(a) */
void fndsa_poly_mul_fft(fpr *a, const fpr *b, unsigned logn);    /* a *= b */
void fndsa_poly_muladj_fft(fpr *a, const fpr *b, unsigned logn); /* a *= adj(b) */
void fndsa_poly_mulselfadj_fft(fpr *a, unsigned logn);           /* a *= adj(a) */
void fndsa_poly_mulconst(fpr *a, fpr x, unsigned logn);          /* a *= x */
void fndsa_poly_div_fft(fpr *a, const fpr *b, unsigned logn);    /* a /= b */
/* d = 1/(|a|^2 + |b|^2) (auto-adjoint, only the real half is written: n/2) */
void fndsa_poly_invnorm2_fft(fpr *d, const fpr *a, const fpr *b, unsigned logn);
/* d = F*adj(f) + G*adj(g) */
void fndsa_poly_add_muladj_fft(fpr *d, const fpr *F, const fpr *G,
                               const fpr *f, const fpr *g, unsigned logn);
/* a *= b, b auto-adjoint (only b[0..n/2-1] used) */
void fndsa_poly_mul_autoadj_fft(fpr *a, const fpr *b, unsigned logn);
/* a /= b, b auto-adjoint (only b[0..n/2-1] used) */
void fndsa_poly_div_autoadj_fft(fpr *a, const fpr *b, unsigned logn);
/* LDL of the Gram matrix [[g00 g01] [adj(g01) g11]]: g01 <- L10, g11 <- D11 */
void fndsa_poly_LDL_fft(const fpr *g00, fpr *g01, fpr *g11, unsigned logn);
/* Same, outputs d11 and l10 separately (inputs unchanged) */
void fndsa_poly_LDLmv_fft(fpr *d11, fpr *l10, const fpr *g00, const fpr *g01,
                          const fpr *g11, unsigned logn);
/* f (n) -> f0, f1 (n/2 each): splitfft */
void fndsa_poly_split_fft(fpr *f0, fpr *f1, const fpr *f, unsigned logn);
/* f0, f1 (n/2 each) -> f (n): mergefft */
void fndsa_poly_merge_fft(fpr *f, const fpr *f0, const fpr *f1, unsigned logn);

/* Reference names. */
#define FFT                     fndsa_FFT
#define iFFT                    fndsa_iFFT
#define poly_add                fndsa_poly_add
#define poly_sub                fndsa_poly_sub
#define poly_neg                fndsa_poly_neg
#define poly_adj_fft            fndsa_poly_adj_fft
#define poly_mul_fft            fndsa_poly_mul_fft
#define poly_muladj_fft         fndsa_poly_muladj_fft
#define poly_mulselfadj_fft     fndsa_poly_mulselfadj_fft
#define poly_mulconst           fndsa_poly_mulconst
#define poly_div_fft            fndsa_poly_div_fft
#define poly_invnorm2_fft       fndsa_poly_invnorm2_fft
#define poly_add_muladj_fft     fndsa_poly_add_muladj_fft
#define poly_mul_autoadj_fft    fndsa_poly_mul_autoadj_fft
#define poly_div_autoadj_fft    fndsa_poly_div_autoadj_fft
#define poly_LDL_fft            fndsa_poly_LDL_fft
#define poly_LDLmv_fft          fndsa_poly_LDLmv_fft
#define poly_split_fft          fndsa_poly_split_fft
#define poly_merge_fft          fndsa_poly_merge_fft

/* ======================================================================
 * Codec (codec.c), [Falcon] §3.11. Each encoder returns the number of
 * bytes written, or 0 on error (value out of range or buffer too small);
 * when out is NULL it returns the needed length. Each decoder returns the
 * number of bytes read, or 0 on error. Same contracts as the reference.
 * ====================================================================== */
/* 14-bit packing of n values < q (public key h). Decoding rejects >= q. */
size_t fndsa_modq_encode(uint8_t *out, size_t max_out_len, const uint16_t *x, unsigned logn);
size_t fndsa_modq_decode(uint16_t *x, unsigned logn, const uint8_t *in, size_t max_in_len);
/* Signed 'bits'-bit packing (f, g: 6 bits; F: 8 bits). -2^(bits-1) is forbidden. */
size_t fndsa_trim_i8_encode(uint8_t *out, size_t max_out_len, const int8_t *x,
                            unsigned logn, unsigned bits);
size_t fndsa_trim_i8_decode(int8_t *x, unsigned logn, unsigned bits,
                            const uint8_t *in, size_t max_in_len);
/* Compressed s2 (Golomb-Rice like: Compress, Decompress), strict. */
size_t fndsa_comp_encode(uint8_t *out, size_t max_out_len, const int16_t *x, unsigned logn);
/* 1 if fndsa_comp_encode(out, max_out_len, x, logn) would succeed, in constant time. */
uint32_t fndsa_comp_fits(size_t max_out_len, const int16_t *x, unsigned logn);
size_t fndsa_comp_decode(int16_t *x, unsigned logn, const uint8_t *in, size_t max_in_len);
/* Maximum bit sizes of f,g and F,G coefficients, indexed by logn. */
extern const uint8_t fndsa_max_fg_bits[11];
extern const uint8_t fndsa_max_FG_bits[11];

/* ======================================================================
 * Hash-to-point (hash.c), used by signing and verification, and the
 * signature norm bound.
 * ====================================================================== */
/*
 * HashToPoint on a SHAKE256 context that has absorbed the input and been
 * finalized: fills x with n values mod q. Its input (nonce and message)
 * and output are public, so it may take variable time.
 */
void fndsa_hash_to_point(uint16_t *x, sha3_ctx *sc, unsigned logn);
/*
 * c = HashToPoint(nonce || m) for n = 512: the whole hash-to-point input
 * formatting lives here (round 3: SHAKE256(r || m)).
 */
void fndsa_hash_message(uint16_t c[FNDSA_N], const uint8_t nonce[FNDSA512_NONCEBYTES],
                        const uint8_t *m, size_t mlen);

/*
 * floor(beta^2) for n = 512 ([Falcon] Table 3.3): a signature (s1, s2) is
 * valid iff ||(s1, s2)||^2 <= FNDSA_L2BOUND. The squared norm is summed in
 * 32 bits and saturated once it exceeds 2^31 - 1 (each term is < 2^31), so
 * no overflow can make a long vector look short. fndsa_is_short
 * (verify.c) checks (s1, s2); fndsa_is_short_half (sign.c) takes the
 * saturated squared norm of s1 already summed in sqn. Both return 1 if
 * short, else 0, in constant time.
 */
#define FNDSA_L2BOUND 34034726u
int fndsa_is_short(const int16_t *s1, const int16_t *s2, unsigned logn);
int fndsa_is_short_half(uint32_t sqn, const int16_t *s2, unsigned logn);

/* ======================================================================
 * Arithmetic modulo q = 12289 on Z_q[x]/(x^512 + 1) (modq.c), shared by
 * verification (verify.c) and the mod-q key computations (keys.c). Values
 * in [0, q); Montgomery multiplication with R = 2^16. Constant time.
 * ====================================================================== */
#define FNDSA_MQ_QINV 12287u   /* -1/q mod 2^16 */
#define FNDSA_MQ_R2   10952u   /* 2^32 mod q: mq_mont(x, R2) = x * 2^16 */

/* x * y / 2^16 mod q, for x, y < q; result in [0, q). */
static inline uint32_t mq_mont(uint32_t x, uint32_t y)
{
    const uint32_t q = FNDSA_Q;
    uint32_t z = x * y;
    uint32_t m = (z * FNDSA_MQ_QINV) & 0xFFFF;

    z = (z + m * q) >> 16;       /* < 2q */
    z -= q;
    z += q & (0u - (z >> 31));
    return z;
}

static inline uint32_t mq_add(uint32_t x, uint32_t y)
{
    const uint32_t q = FNDSA_Q;
    uint32_t z = x + y - q;

    return z + (q & (0u - (z >> 31)));
}

static inline uint32_t mq_sub(uint32_t x, uint32_t y)
{
    const uint32_t q = FNDSA_Q;
    uint32_t z = x - y;

    return z + (q & (0u - (z >> 31)));
}

/* Signed small value (|x| < q) to [0, q). */
static inline uint16_t mq_of(int32_t x)
{
    const uint32_t q = FNDSA_Q;
    uint32_t z = (uint32_t)x;

    return (uint16_t)(z + (q & (0u - (z >> 31))));
}

/* The NTT in place (output in bit-reversed order) and its inverse, which
 * also multiplies by 2^16 (undoing the 1/2^16 of one pointwise mq_mont).
 * mq_NTT / mq_iNTT name these, or the x86-64 backend's (end of file). */
void fndsa_mq_NTT(uint16_t *a);
void fndsa_mq_iNTT(uint16_t *a);

/* ======================================================================
 * Key material modulo q (keys.c): used by key generation (h) and by
 * signing and key expansion (secret-key decoding).
 * ====================================================================== */
/*
 * h = g/f mod (phi, q), the public key. Returns 0 on success, -1 if f is
 * not invertible mod q (then h is unspecified). tmp: 2*n bytes of scratch,
 * 2-byte aligned. Constant time except the returned invertibility bit.
 */
int fndsa_compute_public(uint16_t *h, const int8_t *f, const int8_t *g,
                         unsigned logn, uint8_t *tmp);
/*
 * G = (q + g*F)/f mod (phi, q), from f, g, F (the NTRU equation
 * f G - g F = q). Returns 0 on success, -1 if f is not invertible or G is
 * out of [-127, 127]. tmp: 4*n bytes of scratch, 2-byte aligned.
 */
int fndsa_complete_private(int8_t *G, const int8_t *f, const int8_t *g,
                           const int8_t *F, unsigned logn, uint8_t *tmp);
/*
 * Strict decoding of a 1281-byte secret key into f, g, F, with G
 * recomputed and f G - g F = q checked over Z. Returns 0, or -1 if the key
 * is malformed (only that bit is made public). tmp: 4*n bytes, wiped.
 */
int fndsa_decode_sk(int8_t *f, int8_t *g, int8_t *F, int8_t *G, const uint8_t *sk,
                    uint8_t *tmp);

/* ======================================================================
 * Key generation (keygen.c and the keygen_*.c files of keygen.h).
 *
 * fndsa_keygen_inner: NTRUGen and the public key h = g/f of Keygen,
 * exactly as the round-3 reference computes them (keygen() in the
 * reference's keygen.c), for logn = 9, from a SHAKE256 context already
 * seeded (absorbed + finalized):
 *     sha3_ctx rng;
 *     shake256_init(&rng); sha3_absorb(&rng, seed, 48); shake_finalize(&rng);
 *     fndsa_keygen_inner(f, g, F, G, h, &rng, tmp);
 * (the reference's inner_shake256_extract == shake_squeeze). Outputs
 * f, g, F (int8, n each), G (may be NULL), h (uint16, n, < q). tmp is
 * FNDSA_KEYGEN_TMPSIZE bytes, 8-byte aligned (e.g. a uint64_t array): 28 n,
 * the reference's FALCON_KEYGEN_TEMP_9 (its FALCON_TMPSIZE_KEYGEN adds 3 n
 * + 7 for f, g, F and alignment, which live elsewhere here).
 * Returns 0 (the procedure loops until it succeeds).
 *
 * keygen.c also provides the public fndsa512_keypair_derand /
 * fndsa512_keypair: seed -> SHAKE256 -> fndsa_keygen_inner, then
 *     pk = 0x09 || fndsa_modq_encode(h)                      (897 bytes)
 *     sk = 0x59 || trim_i8(f, 6) || trim_i8(g, 6) || trim_i8(F, 8) (1281)
 * wiping f, g, F, G, tmp and the SHAKE state on every path
 * (fndsa_ct_wipe from ct.h). keypair draws 48 bytes from randombytes.
 * ====================================================================== */
#define FNDSA_KEYGEN_TMPSIZE (28u << FNDSA_LOGN)
int fndsa_keygen_inner(int8_t *f, int8_t *g, int8_t *F, int8_t *G, uint16_t *h,
                       sha3_ctx *rng, uint8_t *tmp);

/* ======================================================================
 * Signing internals (sampler.c, sign.c).
 * ====================================================================== */
/*
 * The sampler's PRNG ([Falcon] §3.9.3; the reference's prng in rng.c):
 * ChaCha20-based, 8 interleaved blocks, seeded with 56 bytes taken from a
 * SHAKE256 context.
 */
typedef struct {
    uint8_t buf[512];   /* output of 8 ChaCha20 blocks, interleaved */
    size_t ptr;         /* next unread byte in buf */
    uint32_t kiv[12];   /* ChaCha20 key (8 words) then IV (4 words) */
    uint64_t cc;        /* block counter, XORed into the last IV words */
} fndsa_prng;
void fndsa_prng_init(fndsa_prng *p, sha3_ctx *src);
void fndsa_prng_refill(fndsa_prng *p);
/* The name where sampler.c defines a function the x86-64 backend replaces
 * (fpr_native.h): in parentheses, so that a function-like macro redirects the
 * calls only. */
#define FNDSA_PORTABLE_DEF(name) (name)

/* Sampler context: PRNG + sigma_min for the degree; fail is set (public)
 * when SamplerZ's rejection loop exceeds FNDSA_SAMPLER_MAX_ITER (never with
 * a genuine key; a corrupt expanded key could otherwise loop forever). */
typedef struct {
    fndsa_prng p;
    fpr sigma_min;
    uint32_t fail;
} fndsa_sampler_ctx;
#define FNDSA_SAMPLER_MAX_ITER 256
/* SamplerZ: an integer from D_{Z, mu, isigma^-1}. */
int fndsa_sampler(fndsa_sampler_ctx *spc, fpr mu, fpr isigma);

/* ======================================================================
 * x86-64 backend (fndsa/x86_64/, README "x86-64 backend"): with the
 * fast-path flags (-mavx2 ...) the fpr operations run on the hardware
 * binary64 unit and the FFT-domain code on AVX2, bit-identical to the
 * emulation above. Selected on __AVX2__, not on plain __x86_64__ (where
 * SSE2 alone would do): a no-flag build stays the integer-emulated
 * reference everywhere, and one switch selects every x86-64 fast path.
 * ====================================================================== */
#if defined(__AVX2__) && defined(__x86_64__) && !defined(FNDSA_NO_NATIVE_FPR)
#define FNDSA_NATIVE_FPR 1
#include "x86_64/fpr_native.h"
/* x86_64/keygen_avx2.c: keygen_modp.c's NTTs (ntt2 / intt2) */
void fndsa_avx2_modp_NTT2(uint32_t *a, size_t stride, const uint32_t *gm, unsigned logn,
                          uint32_t p, uint32_t p0i);
void fndsa_avx2_modp_iNTT2(uint32_t *a, size_t stride, const uint32_t *igm, unsigned logn,
                           uint32_t p, uint32_t p0i, uint32_t ni);
/* x86_64/keygen_avx2.c: keygen.h's zint_mod_small_(un)signed on num integers */
void fndsa_avx2_zint_mod_small(uint32_t *dst, size_t dstride, const uint32_t *src,
                               size_t sstride, size_t num, size_t dlen, uint32_t p,
                               uint32_t p0i, uint32_t R2, uint32_t Rx, int is_signed);
/* x86_64/keygen_avx2.c: the power tables of keygen_modp.c's modp_mkgm2 */
void fndsa_avx2_modp_powers_rev(uint32_t *gm, uint32_t *igm, unsigned logn, uint32_t g,
                                uint32_t ig, uint32_t p, uint32_t p0i);
/* x86_64/keygen_avx2.c: the table comparisons of keygen_gauss.c's mkgauss */
uint32_t fndsa_avx2_gauss_rank(uint64_t r, const uint64_t *table);
#endif

/* The mod-q NTTs: modq.c's, or x86_64/ntt_avx2.c's (which also replaces
 * keys.c's ntt_inverse; declared in fpr_native.h). */
#if defined(FNDSA_NATIVE_FPR)
#define mq_NTT  fndsa_avx2_mq_NTT
#define mq_iNTT fndsa_avx2_mq_iNTT
#else
#define mq_NTT  fndsa_mq_NTT
#define mq_iNTT fndsa_mq_iNTT
#endif

#endif
