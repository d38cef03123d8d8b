/*
 * x86_64/poly_avx2.c -- AVX2 versions of the coefficient loops of
 * ../keygen.c, ../sign.c, ../verify.c, ../internal.h and ../encode.c: the
 * 3-byte A-hat store, the sparse products c s (FIPS 204, Algorithm 7 steps
 * 18-19, 25 and Algorithm 8 step 9), and the rounding steps of ../rounding.h
 * on whole polynomials (Power2Round, Decompose, MakeHint, UseHint) with the
 * infinity norm checks and w1Encode.
 *
 * Each function names the portable code it replaces and computes the same
 * integers (tests/test_x86_64_mldsa.c). Constant time: arithmetic, compares
 * into masks, shuffles; memory indices depend only on loop counters and on
 * the public positions of c. The 16-byte stores of the packers land in local
 * buffers with slack, then whole encodings are copied out.
 */
#include "backend.h"

#if MLDSA_X86_64
#include <immintrin.h>
#include <string.h>

#include "../ct.h"
#include "../params.h"

static inline __m256i load8(const int32_t *p)
{
    return _mm256_loadu_si256((const __m256i *)(const void *)p);
}

static inline void store8(int32_t *p, __m256i v)
{
    _mm256_storeu_si256((__m256i *)(void *)p, v);
}

/*
 * Replaces the 3-byte store of A-hat in sign_from_mu (../sign.c, step 5):
 * a[3n..3n+2] = the 24 low bits of w[n], little-endian (w[n] in [0, q)).
 */
void mldsa_pack_a_avx2(uint8_t a[MLDSA_A_POLYBYTES], const int32_t w[MLDSA_N])
{
    const __m256i shuf = _mm256_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1,
                                          0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
    const __m256i join = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7);
    for (unsigned n = 0; n < MLDSA_N; n += 8) {
        __m256i v = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(load8(w + n), shuf), join);
        uint8_t *p = a + 3 * n;
        _mm_storeu_si128((__m128i *)(void *)p, _mm256_castsi256_si128(v));
        _mm_storel_epi64((__m128i *)(void *)(p + 16), _mm256_extracti128_si256(v, 1));
    }
}

/*
 * The sparse product r = c s (sparse_mul16 of ../sign.c, mldsa_sparse_mul32
 * and mldsa_make_ext16 of ../internal.h): c has tau coefficients +-1 at the public positions p_k.
 * With ext = (-s, s, -s) (768 entries), x^p s is ext[256 - p ..] and -x^p s
 * is ext[512 - p ..], so every term is one unaligned add per vector; the
 * sign only moves the (public) offset off[k] (mldsa_sparse_offsets_avx2).
 */
void mldsa_sparse_offsets_avx2(uint16_t off[MLDSA_TAU], const uint8_t pos[MLDSA_TAU],
                               const int8_t sgn[MLDSA_TAU])
{
    for (unsigned k = 0; k < MLDSA_TAU; k++) {
        off[k] = (uint16_t)(MLDSA_N - pos[k] + (sgn[k] < 0 ? MLDSA_N : 0));
    }
}

/*
 * Keeps eight accumulators in their registers across the loop: without it
 * gcc 12 computes each sum into a new register and copies it back (eight
 * extra vmovdqa per term). An empty asm, no instruction emitted.
 */
#if defined(__GNUC__) || defined(__clang__)
#define PIN8(a0, a1, a2, a3, a4, a5, a6, a7)                                                  \
    __asm__("" : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5), "+x"(a6), "+x"(a7))
#else
#define PIN8(a0, a1, a2, a3, a4, a5, a6, a7) ((void)0)
#endif

/*
 * Replaces unpack_eta + make_ext16 + sparse_mul16 (s1, s2 in Sign): r = c s
 * for s = BitUnpack(p, eta, eta) (skDecode, Algorithm 25), summed in 16-bit
 * lanes as the portable code does (|c s| <= 49 * 11).
 */
void mldsa_sparse_mul_eta_avx2(int32_t r[MLDSA_N], const uint8_t p[MLDSA_ETA_POLYBYTES],
                               const uint16_t off[MLDSA_TAU])
{
    int16_t ext[3 * MLDSA_N];
    const __m128i m4 = _mm_set1_epi8(0x0F);
    const __m256i eta = _mm256_set1_epi16(MLDSA_ETA), zero = _mm256_setzero_si256();
    for (unsigned i = 0; i < MLDSA_ETA_POLYBYTES; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i lo = _mm_and_si128(b, m4), hi = _mm_and_si128(_mm_srli_epi16(b, 4), m4);
        /* coefficients 2i+0.. in order: lo0 hi0 lo1 hi1 ... */
        __m256i s0 = _mm256_sub_epi16(eta, _mm256_cvtepu8_epi16(_mm_unpacklo_epi8(lo, hi)));
        __m256i s1 = _mm256_sub_epi16(eta, _mm256_cvtepu8_epi16(_mm_unpackhi_epi8(lo, hi)));
        int16_t *e = ext + 2 * i;
        _mm256_storeu_si256((__m256i *)(void *)(e + MLDSA_N), s0);
        _mm256_storeu_si256((__m256i *)(void *)(e + MLDSA_N + 16), s1);
        _mm256_storeu_si256((__m256i *)(void *)e, _mm256_sub_epi16(zero, s0));
        _mm256_storeu_si256((__m256i *)(void *)(e + 16), _mm256_sub_epi16(zero, s1));
        _mm256_storeu_si256((__m256i *)(void *)(e + 2 * MLDSA_N), _mm256_sub_epi16(zero, s0));
        _mm256_storeu_si256((__m256i *)(void *)(e + 2 * MLDSA_N + 16), _mm256_sub_epi16(zero, s1));
    }
    for (unsigned h = 0; h < MLDSA_N; h += 128) {
        /* Eight accumulators held in registers (written out: gcc -O2 does
         * not unroll an inner loop over an array of vectors). */
        __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0,
                a6 = a0, a7 = a0;
        for (unsigned k = 0; k < MLDSA_TAU; k++) {
            const __m256i *e = (const __m256i *)(const void *)(ext + off[k] + h);
            a0 = _mm256_add_epi16(a0, _mm256_loadu_si256(e));
            a1 = _mm256_add_epi16(a1, _mm256_loadu_si256(e + 1));
            a2 = _mm256_add_epi16(a2, _mm256_loadu_si256(e + 2));
            a3 = _mm256_add_epi16(a3, _mm256_loadu_si256(e + 3));
            a4 = _mm256_add_epi16(a4, _mm256_loadu_si256(e + 4));
            a5 = _mm256_add_epi16(a5, _mm256_loadu_si256(e + 5));
            a6 = _mm256_add_epi16(a6, _mm256_loadu_si256(e + 6));
            a7 = _mm256_add_epi16(a7, _mm256_loadu_si256(e + 7));
            PIN8(a0, a1, a2, a3, a4, a5, a6, a7);
        }
        {
            const __m256i acc[8] = {a0, a1, a2, a3, a4, a5, a6, a7};
            for (unsigned v = 0; v < 8; v++) {
                store8(r + h + 16 * v, _mm256_cvtepi16_epi32(_mm256_castsi256_si128(acc[v])));
                store8(r + h + 16 * v + 8,
                       _mm256_cvtepi16_epi32(_mm256_extracti128_si256(acc[v], 1)));
            }
        }
    }
    mldsa_ct_wipe(ext, sizeof ext);
}

/*
 * Replaces make_ext16 + sparse_mul32 (c t0 in Sign, c t1 in Verify): r = c t
 * in 32-bit lanes (|c t| <= 49 * 2^12). r may be t (t is copied into ext
 * first).
 */
void mldsa_sparse_mul32_avx2(int32_t r[MLDSA_N], const int32_t t[MLDSA_N],
                             const uint16_t off[MLDSA_TAU])
{
    int32_t ext[3 * MLDSA_N];
    const __m256i zero = _mm256_setzero_si256();
    for (unsigned n = 0; n < MLDSA_N; n += 8) {
        __m256i v = load8(t + n), m = _mm256_sub_epi32(zero, v);
        store8(ext + n, m);
        store8(ext + MLDSA_N + n, v);
        store8(ext + 2 * MLDSA_N + n, m);
    }
    for (unsigned h = 0; h < MLDSA_N; h += 64) {
        __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0,
                a6 = a0, a7 = a0;
        for (unsigned k = 0; k < MLDSA_TAU; k++) {
            const int32_t *e = ext + off[k] + h;
            a0 = _mm256_add_epi32(a0, load8(e));
            a1 = _mm256_add_epi32(a1, load8(e + 8));
            a2 = _mm256_add_epi32(a2, load8(e + 16));
            a3 = _mm256_add_epi32(a3, load8(e + 24));
            a4 = _mm256_add_epi32(a4, load8(e + 32));
            a5 = _mm256_add_epi32(a5, load8(e + 40));
            a6 = _mm256_add_epi32(a6, load8(e + 48));
            a7 = _mm256_add_epi32(a7, load8(e + 56));
            PIN8(a0, a1, a2, a3, a4, a5, a6, a7);
        }
        store8(r + h, a0);
        store8(r + h + 8, a1);
        store8(r + h + 16, a2);
        store8(r + h + 24, a3);
        store8(r + h + 32, a4);
        store8(r + h + 40, a5);
        store8(r + h + 48, a6);
        store8(r + h + 56, a7);
    }
    mldsa_ct_wipe(ext, sizeof ext);
}

/* ---- rounding (../rounding.h) on 8 lanes ---- */

/* mldsa_freeze: reduce32 then caddq. */
static inline __m256i freeze8(__m256i a)
{
    const __m256i q = _mm256_set1_epi32(MLDSA_Q);
    __m256i t = _mm256_srai_epi32(_mm256_add_epi32(a, _mm256_set1_epi32(1 << 22)), 23);
    a = _mm256_sub_epi32(a, _mm256_mullo_epi32(t, q));
    return _mm256_add_epi32(a, _mm256_and_si256(_mm256_srai_epi32(a, 31), q));
}

/* mldsa_decompose (Algorithm 36): returns r1, sets *r0; r in [0, q). */
static inline __m256i decompose8(__m256i *r0, __m256i r)
{
    __m256i u = _mm256_srai_epi32(_mm256_add_epi32(r, _mm256_set1_epi32(MLDSA_GAMMA2 - 1)), 9);
    __m256i a1 = _mm256_srai_epi32(_mm256_mullo_epi32(u, _mm256_set1_epi32(32801)), 25);
    __m256i a0 = _mm256_sub_epi32(r, _mm256_mullo_epi32(a1, _mm256_set1_epi32(2 * MLDSA_GAMMA2)));
    *r0 = _mm256_sub_epi32(a0, _mm256_srai_epi32(a1, 4));
    return _mm256_and_si256(a1, _mm256_set1_epi32(15));
}

/* All-ones lanes where |a| >= bound (mldsa_norm_exceeds of ../internal.h). */
static inline __m256i exceeds8(__m256i a, __m256i bm1)
{
    return _mm256_cmpgt_epi32(_mm256_abs_epi32(a), bm1);
}

/* 1 if any lane of the mask is set (the mask bits are secret: no branch). */
static inline uint32_t any8(__m256i m)
{
    return mldsa_ct_nonzero_bit((uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(m)));
}

/* Four 8-lane vectors of 4-bit values (r1 < 16) to 16 bytes, w1Encode order. */
static inline __m128i pack4x8_nibbles(__m256i a, __m256i b, __m256i c, __m256i d)
{
    /* 32-bit lanes -> 16 -> 8 bits (packs keep 128-bit lanes: fixed at the end). */
    __m256i ab = _mm256_packs_epi32(a, b), cd = _mm256_packs_epi32(c, d);
    __m256i x = _mm256_packus_epi16(ab, cd); /* a0-3 b0-3 c0-3 d0-3 | a4-7 b4-7 c4-7 d4-7 */
    x = _mm256_permutevar8x32_epi32(x, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    /* bytes now in coefficient order; join pairs: lo | hi << 4 */
    __m256i lo = _mm256_and_si256(x, _mm256_set1_epi16(0x00FF));
    __m256i hi = _mm256_srli_epi16(x, 8);
    __m256i y = _mm256_or_si256(lo, _mm256_slli_epi16(hi, 4)); /* 16 values in 16-bit lanes */
    y = _mm256_packus_epi16(y, y);
    y = _mm256_permute4x64_epi64(y, 0x08);
    return _mm256_castsi256_si128(y);
}

/*
 * Replaces, in sign_from_mu (steps 13, 15), the loop w1 = HighBits(w)
 * (Decompose) followed by mldsa_pack_w1 (w1Encode, Algorithm 28).
 */
void mldsa_w1_encode_avx2(uint8_t out[MLDSA_W1_POLYBYTES], const int32_t w[MLDSA_N])
{
    for (unsigned n = 0; n < MLDSA_N; n += 32) {
        __m256i r0, h[4];
        for (unsigned k = 0; k < 4; k++) {
            h[k] = decompose8(&r0, load8(w + n + 8 * k));
        }
        _mm_storeu_si128((__m128i *)(void *)(out + n / 2), pack4x8_nibbles(h[0], h[1], h[2], h[3]));
    }
}

/*
 * Replaces, in sign_from_mu (steps 19, 21, 23), the loop w = freeze(w - cs2),
 * r0 = LowBits(w), and mldsa_norm_exceeds(r0, bound): returns 1 if some
 * |r0| >= bound.
 */
uint32_t mldsa_sub_lowbits_exceeds_avx2(int32_t w[MLDSA_N], const int32_t cs2[MLDSA_N],
                                        int32_t bound)
{
    const __m256i bm1 = _mm256_set1_epi32(bound - 1);
    __m256i bad = _mm256_setzero_si256();
    for (unsigned n = 0; n < MLDSA_N; n += 8) {
        __m256i r0, v = freeze8(_mm256_sub_epi32(load8(w + n), load8(cs2 + n)));
        store8(w + n, v);
        (void)decompose8(&r0, v);
        bad = _mm256_or_si256(bad, exceeds8(r0, bm1));
    }
    return any8(bad);
}

/* Replaces the portable mldsa_norm_exceeds of ../internal.h: 1 if some |a[n]| >= bound. */
uint32_t mldsa_norm_exceeds_avx2(const int32_t a[MLDSA_N], int32_t bound)
{
    const __m256i bm1 = _mm256_set1_epi32(bound - 1);
    __m256i bad = _mm256_setzero_si256();
    for (unsigned n = 0; n < MLDSA_N; n += 8) {
        bad = _mm256_or_si256(bad, exceeds8(load8(a + n), bm1));
    }
    return any8(bad);
}

/*
 * Replaces, in sign_from_mu (steps 25-27), the MakeHint loop (Algorithm 39):
 * h[n] = [HighBits(w[n]) != HighBits(w[n] + ct0[n])]; returns the number of
 * ones.
 */
uint32_t mldsa_make_hint_avx2(uint8_t h[MLDSA_N], const int32_t ct0[MLDSA_N],
                              const int32_t w[MLDSA_N])
{
    __m256i cnt = _mm256_setzero_si256();
    const __m256i one = _mm256_set1_epi32(1);
    for (unsigned n = 0; n < MLDSA_N; n += 32) {
        __m256i r0, d[4];
        for (unsigned k = 0; k < 4; k++) {
            __m256i r = load8(w + n + 8 * k);
            __m256i a = decompose8(&r0, r);
            __m256i b = decompose8(&r0, freeze8(_mm256_add_epi32(r, load8(ct0 + n + 8 * k))));
            d[k] = _mm256_andnot_si256(_mm256_cmpeq_epi32(a, b), one); /* 0 or 1 */
            cnt = _mm256_add_epi32(cnt, d[k]);
        }
        /* 32 values 0/1 to 32 bytes in order. */
        __m256i x = _mm256_packus_epi16(_mm256_packs_epi32(d[0], d[1]), _mm256_packs_epi32(d[2], d[3]));
        x = _mm256_permutevar8x32_epi32(x, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        _mm256_storeu_si256((__m256i *)(void *)(h + n), x);
    }
    __m128i c = _mm_add_epi32(_mm256_castsi256_si128(cnt), _mm256_extracti128_si256(cnt, 1));
    c = _mm_add_epi32(c, _mm_shuffle_epi32(c, 0x4E));
    c = _mm_add_epi32(c, _mm_shuffle_epi32(c, 0xB1));
    return (uint32_t)_mm_cvtsi128_si32(c);
}

/*
 * Replaces, in verify_from_mu (../verify.c, steps 9-12), the loop w' = freeze(w - ct1 2^d),
 * w1' = UseHint(h, w') (Algorithm 40), then mldsa_pack_w1 (w1Encode).
 * Public data only (Verify).
 */
void mldsa_use_hint_encode_avx2(uint8_t out[MLDSA_W1_POLYBYTES], const int32_t w[MLDSA_N],
                                const int32_t ct1[MLDSA_N], const uint8_t h[MLDSA_N])
{
    const __m256i zero = _mm256_setzero_si256(), m15 = _mm256_set1_epi32(15);
    for (unsigned n = 0; n < MLDSA_N; n += 32) {
        __m256i u[4];
        for (unsigned k = 0; k < 4; k++) {
            __m256i r0, v = _mm256_sub_epi32(load8(w + n + 8 * k),
                                             _mm256_slli_epi32(load8(ct1 + n + 8 * k), MLDSA_D));
            __m256i r1 = decompose8(&r0, freeze8(v));
            __m256i hv = _mm256_cvtepu8_epi32(
                _mm_loadl_epi64((const __m128i *)(const void *)(h + n + 8 * k)));
            __m256i hm = _mm256_sub_epi32(zero, hv);              /* all-ones iff h = 1 */
            __m256i pos = _mm256_cmpgt_epi32(r0, zero);          /* all-ones iff r0 > 0 */
            /* h (2 pos - 1): +1 if pos, -1 otherwise, 0 where h = 0 */
            __m256i delta = _mm256_and_si256(hm, _mm256_or_si256(_mm256_and_si256(pos, _mm256_set1_epi32(1)),
                                                               _mm256_andnot_si256(pos, hm)));
            u[k] = _mm256_and_si256(_mm256_add_epi32(r1, delta), m15);
        }
        _mm_storeu_si128((__m128i *)(void *)(out + n / 2), pack4x8_nibbles(u[0], u[1], u[2], u[3]));
    }
}

/*
 * Replaces mldsa_pack_eta (../encode.c; skEncode steps 3, 6, BitPack(s, eta,
 * eta)): p[i] = (eta - s[2i]) | (eta - s[2i+1]) << 4.
 */
void mldsa_pack_eta_avx2(uint8_t p[MLDSA_ETA_POLYBYTES], const int32_t s[MLDSA_N])
{
    const __m256i eta = _mm256_set1_epi32(MLDSA_ETA);
    for (unsigned n = 0; n < MLDSA_N; n += 32) {
        __m128i x = pack4x8_nibbles(
            _mm256_sub_epi32(eta, load8(s + n)), _mm256_sub_epi32(eta, load8(s + n + 8)),
            _mm256_sub_epi32(eta, load8(s + n + 16)), _mm256_sub_epi32(eta, load8(s + n + 24)));
        _mm_storeu_si128((__m128i *)(void *)(p + n / 2), x);
    }
}

/*
 * Replaces, in mldsa65_keypair_derand (../keygen.c, steps 5, 6), the unpacking of s2[i]
 * from sk (mldsa_unpack_eta) and the loop t = freeze(t + s2),
 * (t1, t0) = Power2Round(t) (Algorithm 35). t (in [0, q)) becomes t1.
 */
void mldsa_power2round_avx2(int32_t t[MLDSA_N], int32_t t0[MLDSA_N],
                            const uint8_t s2p[MLDSA_ETA_POLYBYTES])
{
    const __m256i sh = _mm256_setr_epi32(0, 4, 0, 4, 0, 4, 0, 4), m4 = _mm256_set1_epi32(0x0F);
    const __m256i eta = _mm256_set1_epi32(MLDSA_ETA);
    const __m256i half = _mm256_set1_epi32((1 << (MLDSA_D - 1)) - 1);
    const __m128i dup = _mm_setr_epi8(0, 0, 1, 1, 2, 2, 3, 3, -1, -1, -1, -1, -1, -1, -1, -1);
    for (unsigned n = 0; n < MLDSA_N; n += 8) {
        uint32_t w4;
        memcpy(&w4, s2p + n / 2, 4);
        __m128i b = _mm_shuffle_epi8(_mm_cvtsi32_si128((int)w4), dup);
        __m256i s2 = _mm256_and_si256(_mm256_srlv_epi32(_mm256_cvtepu8_epi32(b), sh), m4);
        __m256i r = freeze8(_mm256_add_epi32(load8(t + n), _mm256_sub_epi32(eta, s2)));
        __m256i r1 = _mm256_srai_epi32(_mm256_add_epi32(r, half), MLDSA_D);
        store8(t + n, r1);
        store8(t0 + n, _mm256_sub_epi32(r, _mm256_slli_epi32(r1, MLDSA_D)));
    }
}

/*
 * Replaces mldsa_pack_t1 (../encode.c; pkEncode step 3, SimpleBitPack(t1,
 * 2^10 - 1)): 8 coefficients -> 10 bytes. Pairs are joined in each 64-bit
 * lane, then the two pairs of each 128-bit half (40 bits), written 5 bytes
 * each through a buffer with slack for the 16-byte stores.
 */
void mldsa_pack_t1_avx2(uint8_t p[MLDSA_T1_POLYBYTES], const int32_t t1[MLDSA_N])
{
    uint8_t buf[MLDSA_T1_POLYBYTES + 16];
    const __m256i lo32 = _mm256_set1_epi64x(0xFFFFFFFF);
    const __m256i shuf = _mm256_setr_epi8(0, 1, 2, 3, 4, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                          0, 1, 2, 3, 4, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    for (unsigned n = 0; n < MLDSA_N; n += 8) {
        __m256i v = load8(t1 + n);
        __m256i x = _mm256_or_si256(_mm256_and_si256(v, lo32),
                                    _mm256_slli_epi64(_mm256_srli_epi64(v, 32), 10));
        x = _mm256_or_si256(x, _mm256_slli_epi64(_mm256_bsrli_epi128(x, 8), 20));
        x = _mm256_shuffle_epi8(x, shuf);
        uint8_t *q = buf + 5 * n / 4;
        _mm_storeu_si128((__m128i *)(void *)q, _mm256_castsi256_si128(x));
        _mm_storeu_si128((__m128i *)(void *)(q + 5), _mm256_extracti128_si256(x, 1));
    }
    memcpy(p, buf, MLDSA_T1_POLYBYTES);
}

/*
 * Replaces mldsa_pack_t0 (../encode.c; skEncode step 9, BitPack(t0, 2^12 - 1,
 * 2^12)): 8 coefficients -> 13 bytes; the two 52-bit halves are joined in
 * general registers.
 */
void mldsa_pack_t0_avx2(uint8_t p[MLDSA_T0_POLYBYTES], const int32_t t0[MLDSA_N])
{
    uint8_t buf[MLDSA_T0_POLYBYTES + 16];
    const __m256i lo32 = _mm256_set1_epi64x(0xFFFFFFFF);
    const __m256i b = _mm256_set1_epi32(1 << (MLDSA_D - 1));
    for (unsigned n = 0; n < MLDSA_N; n += 8) {
        __m256i v = _mm256_sub_epi32(b, load8(t0 + n));
        __m256i x = _mm256_or_si256(_mm256_and_si256(v, lo32),
                                    _mm256_slli_epi64(_mm256_srli_epi64(v, 32), 13));
        x = _mm256_or_si256(x, _mm256_slli_epi64(_mm256_bsrli_epi128(x, 8), 26));
        uint64_t z0 = (uint64_t)_mm256_extract_epi64(x, 0), z1 = (uint64_t)_mm256_extract_epi64(x, 2);
        uint64_t lo = z0 | z1 << 52, hi = z1 >> 12;
        uint8_t *q = buf + 13 * n / 8;
        memcpy(q, &lo, 8); /* little-endian (x86-64) */
        memcpy(q + 8, &hi, 8);
    }
    memcpy(p, buf, MLDSA_T0_POLYBYTES);
    mldsa_ct_wipe(buf, sizeof buf);
}

/* ---- packings (../encode.c) ---- */

/*
 * BitUnpack(., gamma1 - 1, gamma1) of 8 coefficients (20 bytes at p): each
 * 128-bit half takes 4 coefficients from 10 bytes (loads at p and p + 4, so
 * nothing past p + 20 is read), then shifts by 0 or 4 and masks.
 */
static inline __m256i unpack_z8(const uint8_t *p)
{
    const __m256i shuf = _mm256_setr_epi8(0, 1, 2, -1, 2, 3, 4, -1, 5, 6, 7, -1, 7, 8, 9, -1,
                                          6, 7, 8, -1, 8, 9, 10, -1, 11, 12, 13, -1, 13, 14, 15, -1);
    const __m256i sh = _mm256_setr_epi32(0, 4, 0, 4, 0, 4, 0, 4);
    __m256i v = _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)p));
    v = _mm256_inserti128_si256(v, _mm_loadu_si128((const __m128i *)(const void *)(p + 4)), 1);
    v = _mm256_srlv_epi32(_mm256_shuffle_epi8(v, shuf), sh);
    v = _mm256_and_si256(v, _mm256_set1_epi32(0xFFFFF));
    return _mm256_sub_epi32(_mm256_set1_epi32(MLDSA_GAMMA1), v);
}

/* Replaces mldsa_unpack_z (../encode.c; sigDecode step 4, ExpandMask step 5). */
void mldsa_unpack_z_avx2(int32_t z[MLDSA_N], const uint8_t p[MLDSA_Z_POLYBYTES])
{
    for (unsigned n = 0; n < MLDSA_N; n += 8) {
        store8(z + n, unpack_z8(p + 5 * n / 2));
    }
}

/*
 * Replaces, in sign_from_mu (steps 18, 20, 23 and sigEncode step 3),
 * mldsa_unpack_z_acc + mldsa_norm_exceeds + mldsa_pack_z: y (packed in v) plus
 * cs1 is z; v receives BitPack(z, gamma1 - 1, gamma1). Returns 1 if some
 * |z| >= bound. Each group of 8 is packed into 20 bytes of a buffer with 16
 * bytes of slack (the 16-byte stores overlap the next group).
 */
uint32_t mldsa_z_finish_avx2(uint8_t v[MLDSA_Z_POLYBYTES], const int32_t cs1[MLDSA_N],
                             int32_t bound)
{
    uint8_t buf[MLDSA_Z_POLYBYTES + 16];
    const __m256i bm1 = _mm256_set1_epi32(bound - 1), g1 = _mm256_set1_epi32(MLDSA_GAMMA1);
    const __m256i lo32 = _mm256_set1_epi64x(0xFFFFFFFF);
    const __m256i shuf = _mm256_setr_epi8(0, 1, 2, 3, 4, 8, 9, 10, 11, 12, -1, -1, -1, -1, -1, -1,
                                          0, 1, 2, 3, 4, 8, 9, 10, 11, 12, -1, -1, -1, -1, -1, -1);
    __m256i bad = _mm256_setzero_si256();
    for (unsigned n = 0; n < MLDSA_N; n += 8) {
        __m256i z = _mm256_add_epi32(unpack_z8(v + 5 * n / 2), load8(cs1 + n));
        bad = _mm256_or_si256(bad, exceeds8(z, bm1));
        __m256i u = _mm256_sub_epi32(g1, z); /* in [0, 2^20) when |z| < gamma1 */
        /* pairs into 40-bit values in each 64-bit lane, then 5 bytes each */
        __m256i x = _mm256_or_si256(_mm256_and_si256(u, lo32),
                                    _mm256_slli_epi64(_mm256_srli_epi64(u, 32), 20));
        x = _mm256_shuffle_epi8(x, shuf);
        uint8_t *p = buf + 5 * n / 2;
        _mm_storeu_si128((__m128i *)(void *)p, _mm256_castsi256_si128(x));
        _mm_storeu_si128((__m128i *)(void *)(p + 10), _mm256_extracti128_si256(x, 1));
    }
    memcpy(v, buf, MLDSA_Z_POLYBYTES);
    mldsa_ct_wipe(buf, sizeof buf);
    return any8(bad);
}

/*
 * Replaces the range check of mldsa_unpack_eta (../encode.c, skDecode
 * steps 5, 8) on len bytes (a multiple of 32): 1 if some half-byte is above
 * 2 eta = 8, without branching.
 */
uint32_t mldsa_eta_check_avx2(const uint8_t *p, size_t len)
{
    const __m256i m4 = _mm256_set1_epi8(0x0F), eight = _mm256_set1_epi8(8);
    __m256i bad = _mm256_setzero_si256();
    for (size_t i = 0; i < len; i += 32) {
        __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
        __m256i lo = _mm256_and_si256(b, m4), hi = _mm256_and_si256(_mm256_srli_epi16(b, 4), m4);
        bad = _mm256_or_si256(bad, _mm256_cmpgt_epi8(_mm256_max_epu8(lo, hi), eight));
    }
    return mldsa_ct_nonzero_bit((uint32_t)_mm256_movemask_epi8(bad));
}

#else
typedef int mldsa_x86_64_poly_empty; /* ISO C forbids an empty translation unit */
#endif
