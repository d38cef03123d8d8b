/*
 * test_x86_64_fndsa.c -- the fndsa/x86_64 backend (hardware binary64, AVX2)
 * against the integer emulation it must reproduce bit for bit:
 *  - every fpr operation (fpr_n_* of x86_64/fpr_native.h against fpr_i_* /
 *    fndsa_fpr_* of fpr_inline.h / fpr.c) on random and edge-case operands
 *    (equal exponents, cancellation, all-ones and empty mantissas, signed
 *    zeros, ties, -0 for floor, 2^63 for ApproxExp's conversion);
 *  - every FFT-domain function of fft_avx2.c against fft.c compiled here a
 *    second time on the emulated operations (emu_*), and against the
 *    library's fft.c on the hardware scalar unit, for logn 1..9;
 *  - the AVX2 ChaCha20 refill against the portable one;
 *  - the AVX2 NTT mod q (through h = g/f, G from the NTRU equation, and
 *    verification) against modq.c, keys.c and verify.c compiled here with
 *    the scalar NTTs;
 *  - the AVX2 mod-p NTTs, NTT power tables, zint_mod_small rows and mkgauss
 *    rank of keygen_avx2.c against keygen*.c compiled here with their
 *    scalar loops, and a whole key pair against that copy (random primes,
 *    data, strides, edge values);
 *  - the AVX2 SamplerZ (with BerExp) against
 *    sampler.c compiled here on the emulated operations, on fixed seeds.
 *  - no subnormal operand or result in key generation and signing (MXCSR
 *    flags).
 * Whole signatures: test_fndsa.c checks the official KAT in both builds.
 *
 * In the portable build (no -mavx2) the backend is not compiled and this
 * suite has no tests.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../fndsa/inner.h"

#if defined(FNDSA_NATIVE_FPR)

/* ---- fft.c and sampler.c again, on the integer emulation ------------- */
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
#define fpr_scaled   fpr_i_scaled
#define fpr_of       fpr_i_of
#define fpr_rint     fpr_i_rint
#define fpr_floor    fpr_i_floor
#define fpr_trunc    fpr_i_trunc
#define fpr_add      fpr_i_add
#define fpr_sub      fpr_i_sub
#define fpr_half     fpr_i_half
#define fpr_double   fpr_i_double
#define fpr_mul      fpr_i_mul
#define fpr_sqr      fpr_i_sqr
#define fpr_div      fndsa_fpr_div
#define fpr_inv      fndsa_fpr_inv
#define fpr_sqrt     fndsa_fpr_sqrt
#define fpr_expm_p63 fndsa_fpr_expm_p63

#define FFT_NAMES(X) X(FFT) X(iFFT) X(poly_add) X(poly_sub) X(poly_neg) X(poly_adj_fft) \
    X(poly_mul_fft) X(poly_muladj_fft) X(poly_mulselfadj_fft) X(poly_mulconst) \
    X(poly_div_fft) X(poly_invnorm2_fft) X(poly_add_muladj_fft) X(poly_mul_autoadj_fft) \
    X(poly_div_autoadj_fft) X(poly_LDL_fft) X(poly_LDLmv_fft) X(poly_split_fft) \
    X(poly_merge_fft)
#define fndsa_FFT                 emu_FFT
#define fndsa_iFFT                emu_iFFT
#define fndsa_poly_add            emu_poly_add
#define fndsa_poly_sub            emu_poly_sub
#define fndsa_poly_neg            emu_poly_neg
#define fndsa_poly_adj_fft        emu_poly_adj_fft
#define fndsa_poly_mul_fft        emu_poly_mul_fft
#define fndsa_poly_muladj_fft     emu_poly_muladj_fft
#define fndsa_poly_mulselfadj_fft emu_poly_mulselfadj_fft
#define fndsa_poly_mulconst       emu_poly_mulconst
#define fndsa_poly_div_fft        emu_poly_div_fft
#define fndsa_poly_invnorm2_fft   emu_poly_invnorm2_fft
#define fndsa_poly_add_muladj_fft emu_poly_add_muladj_fft
#define fndsa_poly_mul_autoadj_fft emu_poly_mul_autoadj_fft
#define fndsa_poly_div_autoadj_fft emu_poly_div_autoadj_fft
#define fndsa_poly_LDL_fft        emu_poly_LDL_fft
#define fndsa_poly_LDLmv_fft      emu_poly_LDLmv_fft
#define fndsa_poly_split_fft      emu_poly_split_fft
#define fndsa_poly_merge_fft      emu_poly_merge_fft
void fndsa_FFT(fpr *f, unsigned logn);
void fndsa_iFFT(fpr *f, unsigned logn);
void fndsa_poly_add(fpr *a, const fpr *b, unsigned logn);
void fndsa_poly_sub(fpr *a, const fpr *b, unsigned logn);
void fndsa_poly_neg(fpr *a, unsigned logn);
void fndsa_poly_adj_fft(fpr *a, unsigned logn);
void fndsa_poly_mul_fft(fpr *a, const fpr *b, unsigned logn);
void fndsa_poly_muladj_fft(fpr *a, const fpr *b, unsigned logn);
void fndsa_poly_mulselfadj_fft(fpr *a, unsigned logn);
void fndsa_poly_mulconst(fpr *a, fpr x, unsigned logn);
void fndsa_poly_div_fft(fpr *a, const fpr *b, unsigned logn);
void fndsa_poly_invnorm2_fft(fpr *d, const fpr *a, const fpr *b, unsigned logn);
void fndsa_poly_add_muladj_fft(fpr *d, const fpr *F, const fpr *G,
                               const fpr *f, const fpr *g, unsigned logn);
void fndsa_poly_mul_autoadj_fft(fpr *a, const fpr *b, unsigned logn);
void fndsa_poly_div_autoadj_fft(fpr *a, const fpr *b, unsigned logn);
void fndsa_poly_LDL_fft(const fpr *g00, fpr *g01, fpr *g11, unsigned logn);
void fndsa_poly_LDLmv_fft(fpr *d11, fpr *l10, const fpr *g00, const fpr *g01,
                          const fpr *g11, unsigned logn);
void fndsa_poly_split_fft(fpr *f0, fpr *f1, const fpr *f, unsigned logn);
void fndsa_poly_merge_fft(fpr *f, const fpr *f0, const fpr *f1, unsigned logn);
#include "../fndsa/fft.c"
#undef fndsa_FFT
#undef fndsa_iFFT
#undef fndsa_poly_add
#undef fndsa_poly_sub
#undef fndsa_poly_neg
#undef fndsa_poly_adj_fft
#undef fndsa_poly_mul_fft
#undef fndsa_poly_muladj_fft
#undef fndsa_poly_mulselfadj_fft
#undef fndsa_poly_mulconst
#undef fndsa_poly_div_fft
#undef fndsa_poly_invnorm2_fft
#undef fndsa_poly_add_muladj_fft
#undef fndsa_poly_mul_autoadj_fft
#undef fndsa_poly_div_autoadj_fft
#undef fndsa_poly_LDL_fft
#undef fndsa_poly_LDLmv_fft
#undef fndsa_poly_split_fft
#undef fndsa_poly_merge_fft

/* sampler.c on the emulation, its PRNG refill the portable one */
#undef fndsa_prng_refill
#undef fndsa_sampler
#define fndsa_prng_init emu_prng_init
#define fndsa_prng_refill emu_prng_refill
#define fndsa_sampler emu_sampler
void fndsa_prng_init(fndsa_prng *p, sha3_ctx *src);
void fndsa_prng_refill(fndsa_prng *p);
int fndsa_sampler(fndsa_sampler_ctx *spc, fpr mu, fpr isigma);
#include "../fndsa/sampler.c"
#undef fndsa_prng_init
#undef fndsa_prng_refill
#undef fndsa_sampler

/* modq.c, keys.c and verify.c with the portable NTTs (FNDSA_NATIVE_FPR off
 * for them) */
#undef FNDSA_NATIVE_FPR
#undef mq_NTT
#undef mq_iNTT
#define fndsa_mq_NTT emu_mq_NTT
#define fndsa_mq_iNTT emu_mq_iNTT
#define mq_NTT emu_mq_NTT
#define mq_iNTT emu_mq_iNTT
#define fndsa_compute_public emu_compute_public
#define fndsa_complete_private emu_complete_private
#define fndsa_decode_sk emu_decode_sk
#define fndsa_is_short emu_is_short
#define fndsa512_verify emu_verify
#define fndsa512_verify_compressed emu_verify_compressed
#define fndsa512_check_pk emu_pk_check
#define fndsa512_check_sk emu_check_sk
void fndsa_mq_NTT(uint16_t *a);
void fndsa_mq_iNTT(uint16_t *a);
int fndsa_compute_public(uint16_t *h, const int8_t *f, const int8_t *g,
                         unsigned logn, uint8_t *tmp);
int fndsa_complete_private(int8_t *G, const int8_t *f, const int8_t *g,
                           const int8_t *F, unsigned logn, uint8_t *tmp);
int fndsa_decode_sk(int8_t *f, int8_t *g, int8_t *F, int8_t *G, const uint8_t *sk,
                    uint8_t *tmp);
int fndsa_is_short(const int16_t *s1, const int16_t *s2, unsigned logn);
int fndsa512_verify(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                    const uint8_t pk[FNDSA512_PUBLICKEYBYTES]);
int fndsa512_verify_compressed(const uint8_t *sig, size_t siglen, const uint8_t *m,
                               size_t mlen, const uint8_t pk[FNDSA512_PUBLICKEYBYTES]);
int fndsa512_check_pk(const uint8_t *pk, size_t pklen);
int fndsa512_check_sk(const uint8_t sk[FNDSA512_SECRETKEYBYTES]);
#include "../fndsa/modq.c"
#include "../fndsa/keys.c"
#include "../fndsa/verify.c"

/* keygen.c and keygen_*.c with their scalar mod-p NTTs and zint_mod_small
 * loops (FNDSA_NATIVE_FPR still off), for their static functions */
#undef NINVR
#define FNDSA_KG(name) emu_kg_##name
#define fndsa_keygen_inner emu_keygen_inner
#define fndsa512_keypair_derand emu_keypair_derand
#define fndsa512_keypair emu_keypair
int fndsa_keygen_inner(int8_t *f, int8_t *g, int8_t *F, int8_t *G, uint16_t *h,
                       sha3_ctx *rng, uint8_t *tmp);
int fndsa512_keypair_derand(uint8_t pk[FNDSA512_PUBLICKEYBYTES],
                            uint8_t sk[FNDSA512_SECRETKEYBYTES], const uint8_t seed[48]);
int fndsa512_keypair(uint8_t pk[FNDSA512_PUBLICKEYBYTES], uint8_t sk[FNDSA512_SECRETKEYBYTES]);
#include "../fndsa/keygen.c"
#include "../fndsa/keygen_gauss.c"
#include "../fndsa/keygen_solve.c"
#include "../fndsa/keygen_gcd.c"
#include "../fndsa/keygen_tower.c"
#include "../fndsa/keygen_poly.c"
#include "../fndsa/keygen_zint.c"
#include "../fndsa/keygen_modp.c"
#undef fndsa_keygen_inner
#undef fndsa512_keypair_derand
#undef fndsa512_keypair
#undef fndsa_mq_NTT
#undef fndsa_mq_iNTT
#undef mq_NTT
#undef mq_iNTT
#define mq_NTT fndsa_avx2_mq_NTT
#define mq_iNTT fndsa_avx2_mq_iNTT
#undef fndsa_compute_public
#undef fndsa_complete_private
#undef fndsa_decode_sk
#undef fndsa_is_short
#undef fndsa512_verify
#undef fndsa512_verify_compressed
#undef fndsa512_check_pk
#define FNDSA_NATIVE_FPR 1

/* ---- helpers ---------------------------------------------------------- */
static uint64_t rs = 0x9E3779B97F4A7C15u;
static uint64_t rnd(void)
{
    rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17;
    return rs;
}

/* A finite operand with biased exponent e, shaped at random: zero, empty or
 * all-ones mantissa, one bit, random. */
static fpr pick(int e)
{
    uint64_t r = rnd(), m;

    switch (r & 7) {
    case 0: return (r >> 3) & ((uint64_t)1 << 63);
    case 1: m = 0; break;
    case 2: m = FPR_MANT_MASK; break;
    case 3: m = (uint64_t)1 << ((r >> 8) % 52); break;
    case 4: m = FPR_MANT_MASK ^ ((uint64_t)1 << ((r >> 8) % 52)); break;
    default: m = rnd() & FPR_MANT_MASK; break;
    }
    return (r & ((uint64_t)1 << 63)) | ((uint64_t)e << 52) | m;
}

#define EQ(a, b, what, x, y) cr_assert_eq((a), (b), "%s(%016llx, %016llx): %016llx != %016llx", \
    (what), (unsigned long long)(x), (unsigned long long)(y), \
    (unsigned long long)(a), (unsigned long long)(b))

Test(x86_64_fndsa, fpr_add_sub_mul)
{
    long n = 0;

    for (int it = 0; it < 1000000; it++) {
        int ea = 1023 - 150 + (int)(rnd() % 300);
        uint64_t k = rnd() % 5;
        fpr a = pick(ea), b;

        if (k == 0) {
            b = a ^ ((uint64_t)1 << 63) ^ (rnd() & 0xFF);               /* cancellation */
        } else if (k == 1) {
            b = pick(ea);                                               /* same exponent */
        } else {
            b = pick(ea - (int)(rnd() % 72));                           /* any alignment */
        }
        if (((b >> 52) & 0x7FF) == 0) {
            b &= (uint64_t)1 << 63;
        }
        EQ(fpr_n_add(a, b), fpr_i_add(a, b), "add", a, b);
        EQ(fpr_n_sub(a, b), fpr_i_sub(a, b), "sub", a, b);
        EQ(fpr_n_mul(a, b), fpr_i_mul(a, b), "mul", a, b);
        EQ(fpr_n_sqr(a), fpr_i_sqr(a), "sqr", a, a);
        EQ(fpr_n_half(a), fpr_i_half(a), "half", a, a);
        EQ(fpr_n_double(a), fpr_i_double(a), "double", a, a);
        n += 6;
    }
    fprintf(stderr, "x86_64_fndsa: %ld of %ld add/sub/mul/sqr/half/double equal to the emulation\n",
            n, n);
}

Test(x86_64_fndsa, fpr_div_inv_sqrt)
{
    long n = 0;

    for (int it = 0; it < 1000000; it++) {
        fpr a = pick(1023 - 200 + (int)(rnd() % 400));
        fpr b = pick(1023 - 200 + (int)(rnd() % 400));

        if (((b >> 52) & 0x7FF) == 0) {
            b |= (uint64_t)1023 << 52;                                  /* y != 0 */
        }
        EQ(fpr_n_div(a, b), fndsa_fpr_div(a, b), "div", a, b);
        EQ(fpr_n_inv(b), fndsa_fpr_inv(b), "inv", b, b);
        a &= ~((uint64_t)1 << 63);
        EQ(fpr_n_sqrt(a), fndsa_fpr_sqrt(a), "sqrt", a, a);
        n += 3;
    }
    /* exact squares and quotients (zero remainder), and their neighbours */
    for (int it = 0; it < 200000; it++) {
        uint64_t q = (rnd() >> 38) | 1, d = (rnd() >> 38) | 1;
        fpr x = fpr_i_of((int64_t)(q * q)), y = fpr_i_of((int64_t)d);
        fpr z = fpr_i_of((int64_t)(q * d));

        for (int k = -1; k <= 1; k++) {
            EQ(fpr_n_sqrt(x + (uint64_t)(int64_t)k), fndsa_fpr_sqrt(x + (uint64_t)(int64_t)k),
               "sqrt", x, x);
            EQ(fpr_n_div(z + (uint64_t)(int64_t)k, y), fndsa_fpr_div(z + (uint64_t)(int64_t)k, y),
               "div", z, y);
            n += 2;
        }
    }
    fprintf(stderr, "x86_64_fndsa: %ld of %ld div/inv/sqrt equal to the emulation\n", n, n);
}

Test(x86_64_fndsa, fpr_conversions)
{
    long n = 0;

    for (int it = 0; it < 1000000; it++) {
        int64_t i = (int64_t)(rnd() >> (rnd() % 64));
        int sc = (int)(rnd() % 300);
        fpr x;

        if (rnd() & 1) {
            i = -i;
        }
        EQ(fpr_n_of(i), fpr_i_of(i), "of", (uint64_t)i, 0);
        EQ(fpr_n_scaled(i, sc), fpr_i_scaled(i, sc), "scaled", (uint64_t)i, (uint64_t)sc);
        /* |x| < 2^62: exponents up to 1023 + 61; halves and integers */
        x = pick(1023 - 70 + (int)(rnd() % 132));
        if ((rnd() & 3) == 0) {
            x = fpr_i_add(fpr_i_of(i >> 3), (rnd() & 1) ? fpr_onehalf : fpr_zero);
        }
        EQ((uint64_t)fpr_n_rint(x), (uint64_t)fpr_i_rint(x), "rint", x, 0);
        EQ((uint64_t)fpr_n_floor(x), (uint64_t)fpr_i_floor(x), "floor", x, 0);
        EQ((uint64_t)fpr_n_trunc(x), (uint64_t)fpr_i_trunc(x), "trunc", x, 0);
        n += 5;
    }
    /* floor(-0) = -1 like the reference, floor(+0) = 0 */
    cr_assert_eq(fpr_n_floor((uint64_t)1 << 63), -1);
    cr_assert_eq(fpr_n_floor(0), 0);
    cr_assert_eq(fpr_n_rint(fpr_onehalf), 0);
    cr_assert_eq(fpr_n_rint(fpr_onehalf | ((uint64_t)1 << 63)), 0);
    fprintf(stderr, "x86_64_fndsa: %ld of %ld of/scaled/rint/floor/trunc equal to the emulation\n",
            n, n);
}

Test(x86_64_fndsa, fpr_expm_p63)
{
    long n = 0;

    for (int it = 0; it < 300000; it++) {
        /* x in [0, ln 2), ccs in [0, 1] */
        fpr x = fpr_i_mul(fpr_i_of((int64_t)(rnd() >> 11)), 0x3CA0000000000000u);  /* [0,1) */
        fpr ccs = fpr_i_mul(fpr_i_of((int64_t)(rnd() >> 11)), 0x3CA0000000000000u);

        x = fpr_i_mul(x, fpr_log2);
        if ((it & 1023) == 0) {
            ccs = fpr_one;
        }
        EQ(fpr_n_expm_p63(x, ccs), fndsa_fpr_expm_p63(x, ccs), "expm_p63", x, ccs);
        n++;
    }
    fprintf(stderr, "x86_64_fndsa: %ld of %ld ApproxExp equal to the emulation\n", n, n);
}

/* ---- FFT-domain functions --------------------------------------------- */
#define NP 6

static void fill(fpr *p, size_t n, int kind)
{
    for (size_t u = 0; u < n; u++) {
        int64_t v = (int64_t)(rnd() % 4001) - 2000;

        p[u] = kind ? fpr_i_scaled((int64_t)(rnd() >> 12) - ((int64_t)1 << 51), -40) : fpr_i_of(v);
    }
}

static void cmp(const fpr *a, const fpr *b, size_t n, const char *what, unsigned logn)
{
    for (size_t u = 0; u < n; u++) {
        cr_assert_eq(a[u], b[u], "%s logn=%u [%zu]: %016llx != %016llx", what, logn, u,
                     (unsigned long long)a[u], (unsigned long long)b[u]);
    }
}

/* Run op on three copies of the inputs: AVX2, the library's fft.c on the
 * hardware scalar unit, fft.c on the emulation; outputs compared. */
#define THREE(call_avx2, call_hw, call_emu, what) do { \
        memcpy(A, in, sizeof in); memcpy(Hw, in, sizeof in); memcpy(E, in, sizeof in); \
        call_avx2; call_hw; call_emu; \
        for (int k = 0; k < NP; k++) { \
            cmp(A[k], E[k], n, what " (avx2 vs emulation)", logn); \
            cmp(Hw[k], E[k], n, what " (fft.c hw vs emulation)", logn); \
        } \
        count++; \
    } while (0)

Test(x86_64_fndsa, fft_domain)
{
    static fpr in[NP][FNDSA_N], A[NP][FNDSA_N], Hw[NP][FNDSA_N], E[NP][FNDSA_N];
    long count = 0;

    for (unsigned logn = 1; logn <= FNDSA_LOGN; logn++) {
        size_t n = (size_t)1 << logn;

        for (int rep = 0; rep < 8; rep++) {
            fpr c = fpr_i_scaled((int64_t)(rnd() >> 20) - ((int64_t)1 << 43), -40);

            for (int k = 0; k < NP; k++) {
                fill(in[k], FNDSA_N, rep & 1);
                emu_FFT(in[k], logn);               /* FFT-domain values */
            }
            THREE(fndsa_avx2_FFT(A[0], logn), fndsa_FFT(Hw[0], logn), emu_FFT(E[0], logn), "FFT");
            THREE(fndsa_avx2_iFFT(A[0], logn), fndsa_iFFT(Hw[0], logn), emu_iFFT(E[0], logn),
                  "iFFT");
            THREE(fndsa_avx2_poly_add(A[0], A[1], logn), fndsa_poly_add(Hw[0], Hw[1], logn),
                  emu_poly_add(E[0], E[1], logn), "poly_add");
            THREE(fndsa_avx2_poly_sub(A[0], A[1], logn), fndsa_poly_sub(Hw[0], Hw[1], logn),
                  emu_poly_sub(E[0], E[1], logn), "poly_sub");
            THREE(fndsa_avx2_poly_neg(A[0], logn), fndsa_poly_neg(Hw[0], logn),
                  emu_poly_neg(E[0], logn), "poly_neg");
            THREE(fndsa_avx2_poly_adj_fft(A[0], logn), fndsa_poly_adj_fft(Hw[0], logn),
                  emu_poly_adj_fft(E[0], logn), "poly_adj_fft");
            THREE(fndsa_avx2_poly_mul_fft(A[0], A[1], logn), fndsa_poly_mul_fft(Hw[0], Hw[1], logn),
                  emu_poly_mul_fft(E[0], E[1], logn), "poly_mul_fft");
            THREE(fndsa_avx2_poly_muladj_fft(A[0], A[1], logn),
                  fndsa_poly_muladj_fft(Hw[0], Hw[1], logn),
                  emu_poly_muladj_fft(E[0], E[1], logn), "poly_muladj_fft");
            THREE(fndsa_avx2_poly_mulselfadj_fft(A[0], logn), fndsa_poly_mulselfadj_fft(Hw[0], logn),
                  emu_poly_mulselfadj_fft(E[0], logn), "poly_mulselfadj_fft");
            THREE(fndsa_avx2_poly_mulconst(A[0], c, logn), fndsa_poly_mulconst(Hw[0], c, logn),
                  emu_poly_mulconst(E[0], c, logn), "poly_mulconst");
            THREE(fndsa_avx2_poly_div_fft(A[0], A[1], logn), fndsa_poly_div_fft(Hw[0], Hw[1], logn),
                  emu_poly_div_fft(E[0], E[1], logn), "poly_div_fft");
            THREE(fndsa_avx2_poly_invnorm2_fft(A[2], A[0], A[1], logn),
                  fndsa_poly_invnorm2_fft(Hw[2], Hw[0], Hw[1], logn),
                  emu_poly_invnorm2_fft(E[2], E[0], E[1], logn), "poly_invnorm2_fft");
            THREE(fndsa_avx2_poly_add_muladj_fft(A[4], A[0], A[1], A[2], A[3], logn),
                  fndsa_poly_add_muladj_fft(Hw[4], Hw[0], Hw[1], Hw[2], Hw[3], logn),
                  emu_poly_add_muladj_fft(E[4], E[0], E[1], E[2], E[3], logn),
                  "poly_add_muladj_fft");
            THREE(fndsa_avx2_poly_mul_autoadj_fft(A[0], A[1], logn),
                  fndsa_poly_mul_autoadj_fft(Hw[0], Hw[1], logn),
                  emu_poly_mul_autoadj_fft(E[0], E[1], logn), "poly_mul_autoadj_fft");
            THREE(fndsa_avx2_poly_div_autoadj_fft(A[0], A[1], logn),
                  fndsa_poly_div_autoadj_fft(Hw[0], Hw[1], logn),
                  emu_poly_div_autoadj_fft(E[0], E[1], logn), "poly_div_autoadj_fft");
            THREE(fndsa_avx2_poly_LDL_fft(A[0], A[1], A[2], logn),
                  fndsa_poly_LDL_fft(Hw[0], Hw[1], Hw[2], logn),
                  emu_poly_LDL_fft(E[0], E[1], E[2], logn), "poly_LDL_fft");
            THREE(fndsa_avx2_poly_LDLmv_fft(A[3], A[4], A[0], A[1], A[2], logn),
                  fndsa_poly_LDLmv_fft(Hw[3], Hw[4], Hw[0], Hw[1], Hw[2], logn),
                  emu_poly_LDLmv_fft(E[3], E[4], E[0], E[1], E[2], logn), "poly_LDLmv_fft");
            /* the quasicyclic call of ffLDL: g00 and g11 the same array */
            THREE(fndsa_avx2_poly_LDLmv_fft(A[3], A[4], A[0], A[1], A[0], logn),
                  fndsa_poly_LDLmv_fft(Hw[3], Hw[4], Hw[0], Hw[1], Hw[0], logn),
                  emu_poly_LDLmv_fft(E[3], E[4], E[0], E[1], E[0], logn), "poly_LDLmv_fft (g11 = g00)");
            THREE(fndsa_avx2_poly_split_fft(A[1], A[1] + n / 2, A[0], logn),
                  fndsa_poly_split_fft(Hw[1], Hw[1] + n / 2, Hw[0], logn),
                  emu_poly_split_fft(E[1], E[1] + n / 2, E[0], logn), "poly_split_fft");
            THREE(fndsa_avx2_poly_merge_fft(A[1], A[0], A[0] + n / 2, logn),
                  fndsa_poly_merge_fft(Hw[1], Hw[0], Hw[0] + n / 2, logn),
                  emu_poly_merge_fft(E[1], E[0], E[0] + n / 2, logn), "poly_merge_fft");
        }
    }
    fprintf(stderr, "x86_64_fndsa: %ld of %ld FFT-domain calls (logn 1..9) equal to the emulation\n",
            count, count);
}

/* ---- sampler ---------------------------------------------------------- */
static void seed_prng(fndsa_prng *p, uint8_t tag, int emu)
{
    sha3_ctx sc;
    uint8_t seed[48];

    memset(seed, tag, sizeof seed);
    shake256_init(&sc);
    sha3_absorb(&sc, seed, sizeof seed);
    shake_finalize(&sc);
    if (emu) {
        emu_prng_init(p, &sc);
    } else {
        fndsa_prng_init(p, &sc);
    }
    sha3_wipe(&sc);
}

Test(x86_64_fndsa, prng_refill)
{
    static fndsa_prng a, b;
    long n = 0;

    seed_prng(&a, 7, 1);
    memcpy(&b, &a, sizeof a);
    for (int it = 0; it < 200; it++) {
        if (it == 100) {
            a.cc = b.cc = 0xFFFFFFFFFFFFFFFCu;     /* counter carry into the high word */
        }
        emu_prng_refill(&a);
        fndsa_avx2_prng_refill(&b);
        cr_assert(memcmp(a.buf, b.buf, sizeof a.buf) == 0, "refill %d", it);
        cr_assert_eq(a.cc, b.cc);
        cr_assert_eq(b.ptr, 0);
        n++;
    }
    fprintf(stderr, "x86_64_fndsa: %ld of %ld ChaCha20 refills equal to the portable one\n", n, n);
}

Test(x86_64_fndsa, sampler)
{
    static fndsa_sampler_ctx a, b;
    long n = 0;

    for (int s = 0; s < 8; s++) {
        seed_prng(&a.p, (uint8_t)s, 1);
        seed_prng(&b.p, (uint8_t)s, 0);
        a.sigma_min = b.sigma_min = fpr_sigma_min[FNDSA_LOGN];
        a.fail = b.fail = 0;
        for (int it = 0; it < 20000; it++) {
            /* centres of any sign, including -0 and integers; 1/sigma'
             * between 1/sigma_max and 1/sigma_min */
            fpr mu = fpr_i_scaled((int64_t)(rnd() >> 40) - ((int64_t)1 << 23), -(int)(rnd() % 24));
            fpr isigma = fpr_i_add(0x3FE47AE147AE147Bu /* 0.64 */,
                                   fpr_i_scaled((int64_t)(rnd() >> 12), -52 - 3));
            int za, zb;

            if ((it & 255) == 0) {
                mu = (uint64_t)1 << 63;
            }
            za = emu_sampler(&a, mu, isigma);
            zb = fndsa_avx2_sampler(&b, mu, isigma);
            cr_assert_eq(za, zb, "seed %d call %d: %d != %d", s, it, za, zb);
            n++;
        }
        cr_assert_eq(a.p.ptr, b.p.ptr);
        cr_assert(memcmp(a.p.buf, b.p.buf, sizeof a.p.buf) == 0);
    }
    fprintf(stderr, "x86_64_fndsa: %ld of %ld SamplerZ outputs equal to the emulation\n", n, n);
}

/* ---- NTT mod q -------------------------------------------------------- */
Test(x86_64_fndsa, ntt_modq)
{
    static int8_t f[FNDSA_N], g[FNDSA_N], F[FNDSA_N], Ga[FNDSA_N], Ge[FNDSA_N];
    static uint16_t ha[FNDSA_N], he[FNDSA_N], x[FNDSA_N], y[FNDSA_N];
    static uint8_t tmp[4 * FNDSA_N];
    static uint8_t pk[FNDSA512_PUBLICKEYBYTES], sk[FNDSA512_SECRETKEYBYTES];
    static uint8_t sig[FNDSA512_SIGBYTES], seed[48], rr[88], msg[32];
    long n = 0;

    /* iNTT(NTT(x)) = x 2^16 mod q: 2^16 = 4091 mod 12289 */
    for (int it = 0; it < 200; it++) {
        for (size_t u = 0; u < FNDSA_N; u++) {
            x[u] = (uint16_t)(rnd() % 12289);
            y[u] = x[u];
        }
        if (it == 0) {
            memset(x, 0, sizeof x);
            memset(y, 0, sizeof y);
        }
        if (it == 1) {
            for (size_t u = 0; u < FNDSA_N; u++) {
                x[u] = y[u] = 12288;
            }
        }
        fndsa_avx2_mq_NTT(x);
        fndsa_avx2_mq_iNTT(x);
        for (size_t u = 0; u < FNDSA_N; u++) {
            cr_assert_eq(x[u], (uint16_t)((uint32_t)y[u] * 4091u % 12289u), "iNTT(NTT) [%zu]", u);
        }
        n++;
    }
    for (int it = 0; it < 2000; it++) {
        int ra, re;

        for (size_t u = 0; u < FNDSA_N; u++) {
            f[u] = (int8_t)((int)(rnd() % 63) - 31);
            g[u] = (int8_t)((int)(rnd() % 63) - 31);
            F[u] = (int8_t)((int)(rnd() % 255) - 127);
        }
        if (it % 500 == 0) {
            memset(f, 0, sizeof f);                 /* not invertible */
        }
        ra = fndsa_compute_public(ha, f, g, FNDSA_LOGN, tmp);
        re = emu_compute_public(he, f, g, FNDSA_LOGN, tmp);
        cr_assert_eq(ra, re);
        if (ra == 0) {
            cr_assert(memcmp(ha, he, sizeof ha) == 0, "h = g/f, iteration %d", it);
        }
        ra = fndsa_complete_private(Ga, f, g, F, FNDSA_LOGN, tmp);
        re = emu_complete_private(Ge, f, g, F, FNDSA_LOGN, tmp);
        cr_assert_eq(ra, re);
        if (ra == 0) {
            cr_assert(memcmp(Ga, Ge, sizeof Ga) == 0, "G, iteration %d", it);
        }
        n += 2;
    }
    /* verification: genuine and modified signatures */
    for (int it = 0; it < 4; it++) {
        seed[0] = (uint8_t)it;
        cr_assert_eq(fndsa512_keypair_derand(pk, sk, seed), 0);
        for (int k = 0; k < 10; k++) {
            rr[0] = (uint8_t)k;
            msg[0] = (uint8_t)k;
            cr_assert_eq(fndsa512_sign_derand(sig, msg, sizeof msg, rr, rr + 40, sk), 0);
            cr_assert_eq(fndsa512_verify(sig, sizeof sig, msg, sizeof msg, pk), 0);
            cr_assert_eq(emu_verify(sig, sizeof sig, msg, sizeof msg, pk), 0);
            sig[50 + k] ^= 0x10;
            cr_assert_eq(fndsa512_verify(sig, sizeof sig, msg, sizeof msg, pk),
                         emu_verify(sig, sizeof sig, msg, sizeof msg, pk));
            n += 3;
        }
    }
    fprintf(stderr, "x86_64_fndsa: %ld of %ld NTT mod q checks equal to modq.c's scalar NTTs\n",
            n, n);
}

/* ---- no subnormal operand or result ------------------------------------ */
/*
 * The emulation flushes subnormals to zero, the FPU does not, and a
 * subnormal costs a microcode assist (a timing leak): the README argues
 * that none occurs. Checked here with the sticky MXCSR flags DE (denormal
 * operand, bit 1) and UE (underflow, bit 4), cleared before and read after
 * key generation, key expansion and signing (the library never touches
 * MXCSR; only this test does).
 */
Test(x86_64_fndsa, no_subnormals)
{
    static uint8_t pk[FNDSA512_PUBLICKEYBYTES], sk[FNDSA512_SECRETKEYBYTES];
    static uint8_t sig[FNDSA512_SIGBYTES], seed[48], rr[88], msg[16];
    static fndsa512_expanded_key ek;
    long n = 0;

    for (int k = 0; k < 6; k++) {
        unsigned csr;

        seed[1] = (uint8_t)(k + 1);
        _mm_setcsr(_mm_getcsr() & ~0x3Fu);
        cr_assert_eq(fndsa512_keypair_derand(pk, sk, seed), 0);
        cr_assert_eq(fndsa512_expand_sk(&ek, sk), 0);
        for (int j = 0; j < 10; j++) {
            rr[0] = (uint8_t)j;
            msg[0] = (uint8_t)j;
            cr_assert_eq(fndsa512_sign_derand(sig, msg, sizeof msg, rr, rr + 40, sk), 0);
            cr_assert_eq(fndsa512_sign_expanded_derand(sig, msg, sizeof msg, rr, rr + 40, &ek), 0);
            n += 2;
        }
        csr = _mm_getcsr();
        cr_assert_eq(csr & 0x12u, 0, "MXCSR %08x: denormal operand or underflow (key %d)", csr, k);
        n += 2;
    }
    fprintf(stderr, "x86_64_fndsa: %ld of %ld keygen/expand/sign calls without subnormal "
            "operand or underflow\n", n, n);
}

/* ---- keygen_avx2.c against keygen*.c's scalar functions -------------- */
Test(x86_64_fndsa, keygen_modp)
{
    static uint32_t gm[512], igm[512], a[512 * 3], b[512 * 3], d1[64 * 3], d2[64 * 3];
    static uint32_t big[64 * 48];
    static uint8_t pk1[FNDSA512_PUBLICKEYBYTES], sk1[FNDSA512_SECRETKEYBYTES];
    static uint8_t pk2[FNDSA512_PUBLICKEYBYTES], sk2[FNDSA512_SECRETKEYBYTES], seed[48];
    long n = 0;

    for (int it = 0; it < 120; it++) {
        size_t pi = (size_t)(rnd() % (sizeof PRIMES / sizeof PRIMES[0]));
        uint32_t p = PRIMES[pi].p, p0i = modp_ninv31(p), R2 = modp_R2(p, p0i);
        unsigned logn = 4 + (unsigned)(it % 6);
        size_t nn = (size_t)1 << logn, stride = 1 + (size_t)(rnd() % 3), u;
        uint32_t ni = (uint32_t)(rnd() % p);

        modp_mkgm2(gm, igm, logn, PRIMES[pi].g, p, p0i);
        {
            /* modp_mkgm2's g and 1/g, then the backend's power tables */
            static uint32_t gm2[512], igm2[512];
            uint32_t g = modp_montymul(PRIMES[pi].g, R2, p, p0i), ig;

            for (unsigned k = logn; k < 10; k++) {
                g = modp_montymul(g, g, p, p0i);
            }
            ig = modp_div(R2, g, p, p0i, modp_R(p));
            fndsa_avx2_modp_powers_rev(gm2, igm2, logn, g, ig, p, p0i);
            cr_assert_eq(memcmp(gm, gm2, nn * 4), 0, "mkgm2 gm logn %u", logn);
            cr_assert_eq(memcmp(igm, igm2, nn * 4), 0, "mkgm2 igm logn %u", logn);
            n++;
        }
        for (u = 0; u < nn * stride; u++) {
            uint32_t r = (uint32_t)(rnd() % p);

            a[u] = b[u] = it == 0 ? 0 : it == 1 ? p - 1 : r;
        }
        fndsa_avx2_modp_NTT2(a, stride, gm, logn, p, p0i);
        modp_NTT2_ext(b, stride, gm, logn, p, p0i);
        cr_assert_eq(memcmp(a, b, nn * stride * 4), 0, "NTT logn %u stride %zu", logn, stride);
        if (it == 2) {
            ni = p - 1;
        }
        fndsa_avx2_modp_iNTT2(a, stride, igm, logn, p, p0i, ni);
        modp_iNTT2_ext_sc(b, stride, igm, logn, p, p0i, ni);
        cr_assert_eq(memcmp(a, b, nn * stride * 4), 0, "iNTT logn %u stride %zu", logn, stride);
        /* with ni = R/n the inverse gives back the input */
        fndsa_avx2_modp_NTT2(a, stride, gm, logn, p, p0i);
        fndsa_avx2_modp_iNTT2(a, stride, igm, logn, p, p0i, (uint32_t)1 << (31 - logn));
        modp_NTT2_ext(b, stride, gm, logn, p, p0i);
        modp_iNTT2_ext(b, stride, igm, logn, p, p0i);
        cr_assert_eq(memcmp(a, b, nn * stride * 4), 0);
        n += 3;

        /* num big integers of dlen 31-bit words, sstride words apart */
        {
            size_t num = 1 + (size_t)(rnd() % 40), dlen = (size_t)(rnd() % 41);
            size_t sstride = dlen + (size_t)(rnd() % 3), dstride = 1 + (size_t)(rnd() % 3);
            uint32_t Rx = dlen ? modp_Rx((unsigned)dlen, p, p0i, R2) : 0;
            int sg = (int)(it & 1);

            for (u = 0; u < num * sstride + 1; u++) {
                uint32_t r = (uint32_t)rnd() & 0x7FFFFFFF;

                big[u] = (it % 8) == 2 ? 0x7FFFFFFF : (it % 8) == 4 ? 0 : r;
            }
            memset(d1, 0, sizeof d1);
            memset(d2, 0, sizeof d2);
            fndsa_avx2_zint_mod_small(d1, dstride, big, sstride, num, dlen, p, p0i, R2, Rx, sg);
            for (u = 0; u < num; u++) {
                d2[u * dstride] = sg ? zint_mod_small_signed(big + u * sstride, dlen, p, p0i, R2, Rx)
                                     : (dlen ? zint_mod_small_unsigned(big + u * sstride, dlen, p, p0i, R2) : 0);
            }
            cr_assert_eq(memcmp(d1, d2, sizeof d1), 0, "zint_mod_small num %zu dlen %zu", num, dlen);
            n++;
        }
    }
    /* mkgauss's rank: 1 + #{k in 1..26 : r < table[k]}, as keygen_gauss.c's
     * written-out comparisons; r random, each table word and its
     * neighbours, 0 and 2^63 - 1 */
    for (int it = 0; it < 20000; it++) {
        uint64_t r = rnd() & 0x7FFFFFFFFFFFFFFFu;
        uint32_t want = 1;

        if (it < 27 * 3) {
            r = gauss_1024_12289[it / 3] + (uint64_t)(it % 3) - 1;
        } else if (it == 81) {
            r = 0;
        } else if (it == 82) {
            r = 0x7FFFFFFFFFFFFFFFu;
        } else if (it & 1) {
            r >>= rnd() % 63;
        }
        r &= 0x7FFFFFFFFFFFFFFFu;
        for (size_t k = 1; k < GAUSS_LEN; k++) {
            want += (uint32_t)((r - gauss_1024_12289[k]) >> 63);
        }
        cr_assert_eq(fndsa_avx2_gauss_rank(r, gauss_1024_12289), want, "rank of %llx",
                     (unsigned long long)r);
        n++;
    }
    /* whole key pairs: the library (backend) against keygen*.c here (scalar
     * loops, emulated binary64) */
    for (int k = 0; k < 3; k++) {
        seed[0] = (uint8_t)(0xA0 + k);
        cr_assert_eq(fndsa512_keypair_derand(pk1, sk1, seed), 0);
        cr_assert_eq(emu_keypair_derand(pk2, sk2, seed), 0);
        cr_assert_eq(memcmp(pk1, pk2, sizeof pk1), 0);
        cr_assert_eq(memcmp(sk1, sk2, sizeof sk1), 0);
        n++;
    }
    fprintf(stderr, "x86_64_fndsa: %ld of %ld keygen NTT / power table / zint_mod_small / Gaussian rank / key pair checks "
            "equal to keygen*.c's scalar code\n", n, n);
}

#endif
