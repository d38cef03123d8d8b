/*
 * poly.h -- polynomials of R_q = Z_q[X]/(X^256 + 1) and T_q, and the
 * building blocks of FIPS 203 Sections 4.2-4.3: modular arithmetic; NTT,
 * NTT^-1, MultiplyNTTs, BaseCaseMultiply (ntt.c); ByteEncode_d, ByteDecode_d
 * fused with Compress_d, Decompress_d (poly.c); SampleNTT, SamplePolyCBD_eta
 * (sample.c). Each prototype names what it implements; README.md has the
 * index of the FIPS 203 algorithms. Private to mlkem/.
 *
 * Representation (Deviation from the spec's Z_q elements, for speed): a
 * coefficient is an int16_t congruent to the spec's value modulo q, not
 * always in [0, q). Each function states the range it accepts and returns;
 * values are brought to [0, q) before anything is encoded. Multiplication
 * uses Montgomery reduction with R = 2^16; where a factor R or R^-1 is left
 * in a result, the comment says so and where it cancels.
 *
 * Implementation-defined behaviour relied on (true for gcc, clang, MSVC):
 * right shift of a negative integer is arithmetic, and converting an
 * out-of-range value to a signed type wraps modulo 2^width.
 */
#ifndef AEGIS_MLKEM_POLY_H
#define AEGIS_MLKEM_POLY_H

#include <stddef.h>
#include <stdint.h>

#include "mlkem_config.h"
#include MLKEM_FIPS202_HEADER   /* SHA-3: ../sha3/sha3.h unless configured */
#include "params.h"

/* The files call the randomness hook randombytes; mlkem_config.h names it. */
#define randombytes MLKEM_RANDOMBYTES

typedef struct {
    int16_t c[MLKEM_N];
} mlkem_poly;

typedef struct {
    mlkem_poly p[MLKEM_K];
} mlkem_polyvec;

/*
 * For a polynomial b in T_q used as the right operand of many products:
 * cache[i] = b[2i+1] * gamma_i (gamma_i = zeta^(2 BitRev7(i) + 1)), the one
 * product of BaseCaseMultiply that depends only on b.
 */
typedef struct {
    int16_t c[MLKEM_N / 2];
} mlkem_mulcache;

typedef struct {
    mlkem_mulcache m[MLKEM_K];
} mlkem_polyvec_mulcache;

/* ---- arithmetic modulo q ------------------------------------------------ */

#define MLKEM_QINV 62209u   /* q^-1 mod 2^16 */

/*
 * Montgomery reduction: for |a| < q * 2^15, returns r = a * 2^-16 mod q with
 * |r| < q. t = a q^-1 mod 2^16 makes a - t q divisible by 2^16.
 */
static inline int16_t mlkem_montgomery_reduce(int32_t a)
{
    int16_t t = (int16_t)(uint16_t)((uint32_t)a * MLKEM_QINV);
    return (int16_t)((a - (int32_t)t * MLKEM_Q) >> 16);
}

/* a * b * 2^-16 mod q, |result| < q, for |a * b| < q * 2^15. */
static inline int16_t mlkem_fqmul(int16_t a, int16_t b)
{
    return mlkem_montgomery_reduce((int32_t)a * b);
}

/*
 * Barrett reduction: for any int16_t a, the representative of a mod q in
 * [-(q-1)/2, (q-1)/2]. v = round(2^26 / q); the quotient estimate is exact
 * up to rounding, which the centred range absorbs.
 */
static inline int16_t mlkem_barrett_reduce(int16_t a)
{
    const int32_t v = ((1 << 26) + MLKEM_Q / 2) / MLKEM_Q;
    int32_t t = (v * a + (1 << 25)) >> 26;
    return (int16_t)(a - t * MLKEM_Q);
}

/* For a in (-q, q): a + q if a < 0, else a; the result is in [0, q). */
static inline int16_t mlkem_caddq(int16_t a)
{
    uint16_t neg = (uint16_t)((uint16_t)a >> 15);
    return (int16_t)(a + (int16_t)((0u - neg) & MLKEM_Q));
}

/* For a in [0, 2q): a - q if a >= q, else a; the result is in [0, q). */
static inline int16_t mlkem_csubq(int16_t a)
{
    return mlkem_caddq((int16_t)(a - MLKEM_Q));
}

/* ---- ntt.c: FIPS 203 Section 4.3 ---------------------------------------- */

/*
 * Each function below that has a _c and an _avx2 version: the _c one is the
 * portable reference (always compiled); the _avx2 one (mlkem/x86_64/, only
 * with -mavx2 on x86-64) computes exactly the same values; the inline
 * dispatcher of the plain name picks the backend when the compiler flags
 * allow it (MLKEM_X86_64), else the portable code.
 */
#if defined(__AVX2__) && defined(__x86_64__)
#define MLKEM_X86_64 1
#else
#define MLKEM_X86_64 0
#endif
#if MLKEM_X86_64
#define MLKEM_DISPATCH(name, args) name##_avx2 args
#else
#define MLKEM_DISPATCH(name, args) name##_c args
#endif

/* Algorithm 9, NTT; input |coefficients| <= q, output in [-(q-1)/2, (q-1)/2]. */
void mlkem_ntt_c(mlkem_poly *f);
/* Algorithm 10, NTT^-1, times R; input |coefficients| < q, output |.| < q. */
void mlkem_invntt_tomont_c(mlkem_poly *f);
/* cache for b (see mlkem_mulcache); b with |coefficients| < 2^15. */
void mlkem_poly_mulcache_c(mlkem_mulcache *cache, const mlkem_poly *b);
/*
 * Algorithm 11, MultiplyNTTs, summed over the k terms before one reduction:
 * r = sum_j a[j] x_T b[j] * R^-1; |a|, |b| < q; output |.| < q.
 */
void mlkem_polyvec_basemul_acc_c(mlkem_poly *r, const mlkem_polyvec *a, const mlkem_polyvec *b,
                                 const mlkem_polyvec_mulcache *bcache);

/* ---- poly.c: FIPS 203 Sections 4.2.1 and 4.2.2 -------------------------- */

void mlkem_poly_add(mlkem_poly *r, const mlkem_poly *a);      /* r += a */
void mlkem_poly_sub(mlkem_poly *r, const mlkem_poly *a);      /* r -= a */
void mlkem_poly_reduce_c(mlkem_poly *r);                      /* to [0, q) */
void mlkem_poly_tomont_c(mlkem_poly *r);                      /* r * R, |.| < q */

/* ByteEncode_12 (Algorithm 5, d = 12); input in [0, q). */
void mlkem_poly_encode12_c(uint8_t r[MLKEM_POLYBYTES], const mlkem_poly *a);
/*
 * ByteDecode_12 (Algorithm 6, d = 12, m = q): output in [0, q). Returns 0 if
 * every 12-bit value was already below q, nonzero otherwise (the modulus
 * check of Section 7.2); constant time.
 */
uint32_t mlkem_poly_decode12_c(mlkem_poly *r, const uint8_t a[MLKEM_POLYBYTES]);

/* ByteEncode_du(Compress_du(u)) for one poly of u; input |.| < 2q. */
void mlkem_poly_compress_du_c(uint8_t r[32 * MLKEM_DU], const mlkem_poly *a);
/* Decompress_du(ByteDecode_du(.)): output in [0, q). */
void mlkem_poly_decompress_du_c(mlkem_poly *r, const uint8_t a[32 * MLKEM_DU]);
/* ByteEncode_dv(Compress_dv(v)); input |.| < 2q. */
void mlkem_poly_compress_dv_c(uint8_t r[32 * MLKEM_DV], const mlkem_poly *a);
/* Decompress_dv(ByteDecode_dv(.)): output in [0, q). */
void mlkem_poly_decompress_dv_c(mlkem_poly *r, const uint8_t a[32 * MLKEM_DV]);
/* Decompress_1(ByteDecode_1(m)) (K-PKE.Encrypt, line 20). */
void mlkem_poly_frommsg_c(mlkem_poly *r, const uint8_t m[MLKEM_SYMBYTES]);
/* ByteEncode_1(Compress_1(w)) (K-PKE.Decrypt, line 7); input |.| < 2q. */
void mlkem_poly_tomsg_c(uint8_t m[MLKEM_SYMBYTES], const mlkem_poly *w);

/* ---- sample.c: FIPS 203 Sections 4.1 and 4.2.2 -------------------------- */

/* Algorithm 7, SampleNTT(rho || j || i): output in [0, q). rho is public. */
void mlkem_sample_ntt(mlkem_poly *a, const uint8_t rho[MLKEM_SYMBYTES], uint8_t j, uint8_t i);
/*
 * A-hat (K-PKE.KeyGen, lines 3-7): A[i].p[j] = SampleNTT(rho || j || i), or
 * its transpose when transposed != 0 (as K-PKE.Encrypt, line 19 uses it).
 */
void mlkem_gen_matrix_c(mlkem_polyvec A[MLKEM_K], const uint8_t rho[MLKEM_SYMBYTES],
                        int transposed);
/*
 * SampleNTT's loop body (lines 5-15) on one XOF block read as 21
 * little-endian lanes: appends the accepted 12-bit values to a[n..256),
 * returns the new n.
 */
unsigned mlkem_rej_uniform(int16_t a[MLKEM_N], unsigned n, const uint64_t s[SHAKE128_RATE / 8]);
/* SamplePolyCBD_2(PRF_2(s, b)) (Algorithm 8 with eq. 4.3), output in [-2, 2]. */
void mlkem_poly_cbd_eta2(mlkem_poly *r, const uint8_t s[MLKEM_SYMBYTES], uint8_t b);
/* A-hat, s and e of K-PKE.KeyGen (mlkem/sample.c). */
void mlkem_keygen_prep_c(mlkem_polyvec A[MLKEM_K], mlkem_polyvec *s, mlkem_polyvec *e,
                         const uint8_t rho[MLKEM_SYMBYTES], const uint8_t sigma[MLKEM_SYMBYTES]);
/* A-hat^T and H(ek) (mlkem/sample.c, for Encaps); At and h are outputs. */
void mlkem_encaps_prep_c(mlkem_polyvec At[MLKEM_K], uint8_t h[MLKEM_SYMBYTES],
                         const uint8_t ek[MLKEM768_PUBLICKEYBYTES]);
/* A-hat^T, H(ek) and K-bar = J(z || c) (mlkem/sample.c, for Decaps). */
void mlkem_decaps_prep_c(mlkem_polyvec At[MLKEM_K], uint8_t h[MLKEM_SYMBYTES],
                         uint8_t kbar[MLKEM_SYMBYTES], const uint8_t ek[MLKEM768_PUBLICKEYBYTES],
                         const uint8_t z[MLKEM_SYMBYTES],
                         const uint8_t c[MLKEM768_CIPHERTEXTBYTES]);
/* The same for r_k, b_k (k = 0..3); a NULL r_k is skipped. */
void mlkem_poly_cbd_eta2_x4_c(mlkem_poly *r0, mlkem_poly *r1, mlkem_poly *r2, mlkem_poly *r3,
                              const uint8_t s[MLKEM_SYMBYTES], uint8_t b0, uint8_t b1,
                              uint8_t b2, uint8_t b3);

/* ---- the x86-64 backend (mlkem/x86_64/) and the dispatchers -------------- */

#if MLKEM_X86_64
void mlkem_ntt_avx2(mlkem_poly *f);
void mlkem_invntt_tomont_avx2(mlkem_poly *f);
void mlkem_poly_mulcache_avx2(mlkem_mulcache *cache, const mlkem_poly *b);
void mlkem_polyvec_basemul_acc_avx2(mlkem_poly *r, const mlkem_polyvec *a,
                                    const mlkem_polyvec *b,
                                    const mlkem_polyvec_mulcache *bcache);
void mlkem_poly_reduce_avx2(mlkem_poly *r);
void mlkem_poly_tomont_avx2(mlkem_poly *r);
void mlkem_gen_matrix_avx2(mlkem_polyvec A[MLKEM_K], const uint8_t rho[MLKEM_SYMBYTES],
                           int transposed);
void mlkem_poly_cbd_eta2_x4_avx2(mlkem_poly *r0, mlkem_poly *r1, mlkem_poly *r2, mlkem_poly *r3,
                                 const uint8_t s[MLKEM_SYMBYTES], uint8_t b0, uint8_t b1,
                                 uint8_t b2, uint8_t b3);
void mlkem_poly_encode12_avx2(uint8_t r[MLKEM_POLYBYTES], const mlkem_poly *a);
uint32_t mlkem_poly_decode12_avx2(mlkem_poly *r, const uint8_t a[MLKEM_POLYBYTES]);
void mlkem_poly_compress_du_avx2(uint8_t r[32 * MLKEM_DU], const mlkem_poly *a);
void mlkem_poly_decompress_du_avx2(mlkem_poly *r, const uint8_t a[32 * MLKEM_DU]);
void mlkem_poly_compress_dv_avx2(uint8_t r[32 * MLKEM_DV], const mlkem_poly *a);
void mlkem_poly_decompress_dv_avx2(mlkem_poly *r, const uint8_t a[32 * MLKEM_DV]);
void mlkem_poly_frommsg_avx2(mlkem_poly *r, const uint8_t m[MLKEM_SYMBYTES]);
void mlkem_poly_tomsg_avx2(uint8_t m[MLKEM_SYMBYTES], const mlkem_poly *w);
void mlkem_keygen_prep_avx2(mlkem_polyvec A[MLKEM_K], mlkem_polyvec *s, mlkem_polyvec *e,
                            const uint8_t rho[MLKEM_SYMBYTES], const uint8_t sigma[MLKEM_SYMBYTES]);
void mlkem_encaps_prep_avx2(mlkem_polyvec At[MLKEM_K], uint8_t h[MLKEM_SYMBYTES],
                            const uint8_t ek[MLKEM768_PUBLICKEYBYTES]);
void mlkem_decaps_prep_avx2(mlkem_polyvec At[MLKEM_K], uint8_t h[MLKEM_SYMBYTES],
                            uint8_t kbar[MLKEM_SYMBYTES],
                            const uint8_t ek[MLKEM768_PUBLICKEYBYTES],
                            const uint8_t z[MLKEM_SYMBYTES],
                            const uint8_t c[MLKEM768_CIPHERTEXTBYTES]);
#endif

static inline void mlkem_ntt(mlkem_poly *f) { MLKEM_DISPATCH(mlkem_ntt, (f)); }
static inline void mlkem_invntt_tomont(mlkem_poly *f)
{
    MLKEM_DISPATCH(mlkem_invntt_tomont, (f));
}
static inline void mlkem_poly_mulcache(mlkem_mulcache *cache, const mlkem_poly *b)
{
    MLKEM_DISPATCH(mlkem_poly_mulcache, (cache, b));
}
static inline void mlkem_polyvec_basemul_acc(mlkem_poly *r, const mlkem_polyvec *a,
                                             const mlkem_polyvec *b,
                                             const mlkem_polyvec_mulcache *bcache)
{
    MLKEM_DISPATCH(mlkem_polyvec_basemul_acc, (r, a, b, bcache));
}
static inline void mlkem_poly_reduce(mlkem_poly *r) { MLKEM_DISPATCH(mlkem_poly_reduce, (r)); }
static inline void mlkem_poly_tomont(mlkem_poly *r) { MLKEM_DISPATCH(mlkem_poly_tomont, (r)); }
static inline void mlkem_gen_matrix(mlkem_polyvec A[MLKEM_K], const uint8_t rho[MLKEM_SYMBYTES],
                                    int transposed)
{
    MLKEM_DISPATCH(mlkem_gen_matrix, (A, rho, transposed));
}
static inline void mlkem_poly_cbd_eta2_x4(mlkem_poly *r0, mlkem_poly *r1, mlkem_poly *r2,
                                          mlkem_poly *r3, const uint8_t s[MLKEM_SYMBYTES],
                                          uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
    MLKEM_DISPATCH(mlkem_poly_cbd_eta2_x4, (r0, r1, r2, r3, s, b0, b1, b2, b3));
}

static inline void mlkem_poly_encode12(uint8_t r[MLKEM_POLYBYTES], const mlkem_poly *a)
{
    MLKEM_DISPATCH(mlkem_poly_encode12, (r, a));
}
static inline uint32_t mlkem_poly_decode12(mlkem_poly *r, const uint8_t a[MLKEM_POLYBYTES])
{
    return MLKEM_DISPATCH(mlkem_poly_decode12, (r, a));
}
static inline void mlkem_poly_compress_du(uint8_t r[32 * MLKEM_DU], const mlkem_poly *a)
{
    MLKEM_DISPATCH(mlkem_poly_compress_du, (r, a));
}
static inline void mlkem_poly_decompress_du(mlkem_poly *r, const uint8_t a[32 * MLKEM_DU])
{
    MLKEM_DISPATCH(mlkem_poly_decompress_du, (r, a));
}
static inline void mlkem_poly_compress_dv(uint8_t r[32 * MLKEM_DV], const mlkem_poly *a)
{
    MLKEM_DISPATCH(mlkem_poly_compress_dv, (r, a));
}
static inline void mlkem_poly_decompress_dv(mlkem_poly *r, const uint8_t a[32 * MLKEM_DV])
{
    MLKEM_DISPATCH(mlkem_poly_decompress_dv, (r, a));
}
static inline void mlkem_poly_frommsg(mlkem_poly *r, const uint8_t m[MLKEM_SYMBYTES])
{
    MLKEM_DISPATCH(mlkem_poly_frommsg, (r, m));
}
static inline void mlkem_poly_tomsg(uint8_t m[MLKEM_SYMBYTES], const mlkem_poly *w)
{
    MLKEM_DISPATCH(mlkem_poly_tomsg, (m, w));
}
static inline void mlkem_keygen_prep(mlkem_polyvec A[MLKEM_K], mlkem_polyvec *s,
                                     mlkem_polyvec *e, const uint8_t rho[MLKEM_SYMBYTES],
                                     const uint8_t sigma[MLKEM_SYMBYTES])
{
    MLKEM_DISPATCH(mlkem_keygen_prep, (A, s, e, rho, sigma));
}
static inline void mlkem_encaps_prep(mlkem_polyvec At[MLKEM_K], uint8_t h[MLKEM_SYMBYTES],
                                     const uint8_t ek[MLKEM768_PUBLICKEYBYTES])
{
    MLKEM_DISPATCH(mlkem_encaps_prep, (At, h, ek));
}
static inline void mlkem_decaps_prep(mlkem_polyvec At[MLKEM_K], uint8_t h[MLKEM_SYMBYTES],
                                     uint8_t kbar[MLKEM_SYMBYTES],
                                     const uint8_t ek[MLKEM768_PUBLICKEYBYTES],
                                     const uint8_t z[MLKEM_SYMBYTES],
                                     const uint8_t c[MLKEM768_CIPHERTEXTBYTES])
{
    MLKEM_DISPATCH(mlkem_decaps_prep, (At, h, kbar, ek, z, c));
}

#endif
