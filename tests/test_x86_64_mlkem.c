/*
 * test_x86_64_mlkem.c -- every mlkem/x86_64 function against the portable
 * function it replaces (the _c twin in mlkem/ntt.c, poly.c, sample.c), on random inputs over the
 * whole documented input range and on its edges, compared exactly
 * (coefficient by coefficient, byte by byte). The KAT suites (test_mlkem.c)
 * run on top of this in the backend build.
 *
 * In the portable build (no -mavx2) the backend is not compiled and each test
 * here is skipped.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../mlkem/poly.h"

#if MLKEM_X86_64
#define NEED_BACKEND() ((void)0)
#else
#define NEED_BACKEND() cr_skip_test("portable build: no x86_64 backend compiled")
#endif

#define Q 3329

#if MLKEM_X86_64
static uint64_t rng_state = 0x243f6a8885a308d3ULL;
static uint64_t rng64(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
/* uniform in [lo, hi] */
static int16_t rnd(int lo, int hi) { return (int16_t)(lo + (int)(rng64() % (uint64_t)(hi - lo + 1))); }

/*
 * Fill p for trial t: t = 0..5 are edge cases (all lo, all hi, alternating
 * lo/hi, all zero, lo..hi ramp, single hi), the rest uniform in [lo, hi].
 */
static void fill(mlkem_poly *p, int lo, int hi, int t)
{
    for (int i = 0; i < MLKEM_N; i++) {
        switch (t) {
        case 0: p->c[i] = (int16_t)lo; break;
        case 1: p->c[i] = (int16_t)hi; break;
        case 2: p->c[i] = (int16_t)((i & 1) ? hi : lo); break;
        case 3: p->c[i] = 0; break;
        case 4: p->c[i] = (int16_t)(lo + (int)((long)(hi - lo) * i / (MLKEM_N - 1))); break;
        case 5: p->c[i] = (int16_t)(i == 77 ? hi : 0); break;
        default: p->c[i] = rnd(lo, hi); break;
        }
    }
}

static void same_poly(const mlkem_poly *a, const mlkem_poly *b, const char *what, int t)
{
    for (int i = 0; i < MLKEM_N; i++)
        cr_assert_eq(a->c[i], b->c[i], "%s, trial %d: coefficient %d: portable %d, backend %d",
                     what, t, i, a->c[i], b->c[i]);
}

#define TRIALS 300
#endif

Test(x86_64_mlkem, ntt)
{
    NEED_BACKEND();
#if MLKEM_X86_64
    for (int t = 0; t < TRIALS; t++) {
        mlkem_poly a, b;
        fill(&a, -Q, Q, t); /* documented input: |f| <= q */
        b = a;
        mlkem_ntt_c(&a);
        mlkem_ntt_avx2(&b);
        same_poly(&a, &b, "NTT", t);
    }
#endif
}

Test(x86_64_mlkem, invntt_tomont)
{
    NEED_BACKEND();
#if MLKEM_X86_64
    for (int t = 0; t < TRIALS; t++) {
        mlkem_poly a, b;
        fill(&a, -(Q - 1), Q - 1, t); /* |f| < q */
        b = a;
        mlkem_invntt_tomont_c(&a);
        mlkem_invntt_tomont_avx2(&b);
        same_poly(&a, &b, "NTT^-1", t);
    }
#endif
}

Test(x86_64_mlkem, mulcache_and_basemul)
{
    NEED_BACKEND();
#if MLKEM_X86_64
    for (int t = 0; t < TRIALS; t++) {
        mlkem_polyvec a, b;
        mlkem_polyvec_mulcache c1, c2;
        mlkem_poly r1, r2, wide;
        for (int j = 0; j < MLKEM_K; j++) {
            fill(&a.p[j], -(Q - 1), Q - 1, (t + j) % TRIALS);
            fill(&b.p[j], -(Q - 1), Q - 1, (t + 2 * j + 1) % TRIALS);
            mlkem_poly_mulcache_c(&c1.m[j], &b.p[j]);
            mlkem_poly_mulcache_avx2(&c2.m[j], &b.p[j]);
            for (int i = 0; i < MLKEM_N / 2; i++)
                cr_assert_eq(c1.m[j].c[i], c2.m[j].c[i], "mulcache trial %d poly %d entry %d", t, j, i);
        }
        mlkem_polyvec_basemul_acc_c(&r1, &a, &b, &c1);
        mlkem_polyvec_basemul_acc_avx2(&r2, &a, &b, &c2);
        same_poly(&r1, &r2, "basemul_acc", t);
        /* mulcache accepts any |b| < 2^15 */
        fill(&wide, -32767, 32767, t);
        mlkem_poly_mulcache_c(&c1.m[0], &wide);
        mlkem_poly_mulcache_avx2(&c2.m[0], &wide);
        cr_assert(memcmp(&c1.m[0], &c2.m[0], sizeof c1.m[0]) == 0, "mulcache wide trial %d", t);
    }
#endif
}

Test(x86_64_mlkem, reduce_every_int16_and_tomont)
{
    NEED_BACKEND();
#if MLKEM_X86_64
    for (int base = -32768; base < 32768; base += MLKEM_N) {
        mlkem_poly a, b;
        for (int i = 0; i < MLKEM_N; i++) a.c[i] = (int16_t)(base + i);
        b = a;
        mlkem_poly_reduce_c(&a);
        mlkem_poly_reduce_avx2(&b);
        same_poly(&a, &b, "reduce", base);
        for (int i = 0; i < MLKEM_N; i++) a.c[i] = (int16_t)(base + i);
        b = a;
        mlkem_poly_tomont_c(&a);
        mlkem_poly_tomont_avx2(&b);
        same_poly(&a, &b, "tomont", base);
    }
#endif
}

Test(x86_64_mlkem, gen_matrix)
{
    NEED_BACKEND();
#if MLKEM_X86_64
    for (int t = 0; t < 60; t++) {
        uint8_t rho[MLKEM_SYMBYTES];
        mlkem_polyvec A1[MLKEM_K], A2[MLKEM_K];
        for (int i = 0; i < MLKEM_SYMBYTES; i++) rho[i] = (uint8_t)(t < 2 ? -t : (int)rng64());
        for (int tr = 0; tr < 2; tr++) {
            mlkem_gen_matrix_c(A1, rho, tr);
            mlkem_gen_matrix_avx2(A2, rho, tr);
            cr_assert(memcmp(A1, A2, sizeof A1) == 0, "A-hat, trial %d, transposed %d", t, tr);
        }
    }
#endif
}

Test(x86_64_mlkem, cbd_eta2_x4)
{
    NEED_BACKEND();
#if MLKEM_X86_64
    for (int t = 0; t < 100; t++) {
        uint8_t s[MLKEM_SYMBYTES];
        uint8_t b[4];
        mlkem_poly r1[4], r2[4];
        for (int i = 0; i < MLKEM_SYMBYTES; i++) s[i] = (uint8_t)(t == 0 ? 0 : t == 1 ? 0xff : (int)rng64());
        for (int k = 0; k < 4; k++) b[k] = (uint8_t)(t < 2 ? 255 * (k & 1) : (int)rng64());
        memset(r1, 0x5a, sizeof r1);
        memset(r2, 0x5a, sizeof r2);
        /* lane k is NULL when bit k of t is set (t = 15 mod 16: all NULL) */
        mlkem_poly *p1[4], *p2[4];
        for (int k = 0; k < 4; k++) {
            p1[k] = ((t >> k) & 1) && t >= 16 ? NULL : &r1[k];
            p2[k] = ((t >> k) & 1) && t >= 16 ? NULL : &r2[k];
        }
        mlkem_poly_cbd_eta2_x4_c(p1[0], p1[1], p1[2], p1[3], s, b[0], b[1], b[2], b[3]);
        mlkem_poly_cbd_eta2_x4_avx2(p2[0], p2[1], p2[2], p2[3], s, b[0], b[1], b[2], b[3]);
        for (int k = 0; k < 4; k++) same_poly(&r1[k], &r2[k], "CBD_2", t);
    }
#endif
}

/* A-hat^T with H(ek) (encaps) and with H(ek) and J(z || c) (decaps). */
Test(x86_64_mlkem, encaps_and_decaps_prep)
{
    NEED_BACKEND();
#if MLKEM_X86_64
    static uint8_t ek[MLKEM768_PUBLICKEYBYTES], c[MLKEM768_CIPHERTEXTBYTES];
    for (int t = 0; t < 40; t++) {
        uint8_t z[MLKEM_SYMBYTES], h1[32], h2[32], k1[32], k2[32];
        mlkem_polyvec A1[MLKEM_K], A2[MLKEM_K];
        for (size_t i = 0; i < sizeof ek; i++) ek[i] = (uint8_t)(t == 0 ? 0 : t == 1 ? 0xff : (int)rng64());
        for (size_t i = 0; i < sizeof c; i++) c[i] = (uint8_t)(t == 0 ? 0 : (int)rng64());
        for (size_t i = 0; i < sizeof z; i++) z[i] = (uint8_t)rng64();
        mlkem_encaps_prep_c(A1, h1, ek);
        mlkem_encaps_prep_avx2(A2, h2, ek);
        cr_assert(memcmp(A1, A2, sizeof A1) == 0, "encaps A-hat^T, trial %d", t);
        cr_assert(memcmp(h1, h2, 32) == 0, "encaps H(ek), trial %d", t);
        memset(A2, 0, sizeof A2);
        mlkem_decaps_prep_c(A1, h1, k1, ek, z, c);
        mlkem_decaps_prep_avx2(A2, h2, k2, ek, z, c);
        cr_assert(memcmp(A1, A2, sizeof A1) == 0, "decaps A-hat^T, trial %d", t);
        cr_assert(memcmp(h1, h2, 32) == 0, "decaps H(ek), trial %d", t);
        cr_assert(memcmp(k1, k2, 32) == 0, "decaps J(z || c), trial %d", t);
    }
#endif
}

Test(x86_64_mlkem, encode12_decode12)
{
    NEED_BACKEND();
#if MLKEM_X86_64
    for (int t = 0; t < TRIALS; t++) {
        mlkem_poly a, r1, r2;
        uint8_t b1[MLKEM_POLYBYTES], b2[MLKEM_POLYBYTES];
        fill(&a, 0, Q - 1, t); /* encode12 takes [0, q) */
        mlkem_poly_encode12_c(b1, &a);
        mlkem_poly_encode12_avx2(b2, &a);
        cr_assert(memcmp(b1, b2, sizeof b1) == 0, "encode12 trial %d", t);
        /* decode12 on any bytes: all-zero, all-one, one value >= q at each end, random */
        for (size_t i = 0; i < sizeof b1; i++) b1[i] = (uint8_t)(t == 0 ? 0 : t == 1 ? 0xff : (int)rng64());
        if (t >= 2 && t < 10) {
            mlkem_poly_encode12_c(b1, &a);
            b1[t & 1 ? 0 : sizeof b1 - 1] |= (uint8_t)(t & 1 ? 0xff : 0xf0); /* q <= value */
            if (t & 1) b1[1] |= 0x0f;
        }
        uint32_t e1 = mlkem_poly_decode12_c(&r1, b1), e2 = mlkem_poly_decode12_avx2(&r2, b1);
        cr_assert_eq(e1, e2, "decode12 flag trial %d: portable %u, backend %u", t, e1, e2);
        same_poly(&r1, &r2, "decode12", t);
    }
#endif
}

Test(x86_64_mlkem, compress_decompress)
{
    NEED_BACKEND();
#if MLKEM_X86_64
    for (int t = 0; t < TRIALS; t++) {
        mlkem_poly a, r1, r2;
        uint8_t u1[32 * MLKEM_DU], u2[32 * MLKEM_DU], v1[32 * MLKEM_DV], v2[32 * MLKEM_DV];
        uint8_t m1[32], m2[32];
        fill(&a, -(2 * Q - 1), 2 * Q - 1, t); /* compress takes |x| < 2q */
        mlkem_poly_compress_du_c(u1, &a);
        mlkem_poly_compress_du_avx2(u2, &a);
        cr_assert(memcmp(u1, u2, sizeof u1) == 0, "compress_du trial %d", t);
        mlkem_poly_compress_dv_c(v1, &a);
        mlkem_poly_compress_dv_avx2(v2, &a);
        cr_assert(memcmp(v1, v2, sizeof v1) == 0, "compress_dv trial %d", t);
        mlkem_poly_tomsg_c(m1, &a);
        mlkem_poly_tomsg_avx2(m2, &a);
        cr_assert(memcmp(m1, m2, sizeof m1) == 0, "tomsg trial %d", t);
        /* decompress and frommsg on any bytes */
        for (size_t i = 0; i < sizeof u1; i++) u1[i] = (uint8_t)(t == 0 ? 0 : t == 1 ? 0xff : (int)rng64());
        for (size_t i = 0; i < sizeof v1; i++) v1[i] = u1[i + 7];
        for (size_t i = 0; i < sizeof m1; i++) m1[i] = u1[i + 100];
        mlkem_poly_decompress_du_c(&r1, u1);
        mlkem_poly_decompress_du_avx2(&r2, u1);
        same_poly(&r1, &r2, "decompress_du", t);
        mlkem_poly_decompress_dv_c(&r1, v1);
        mlkem_poly_decompress_dv_avx2(&r2, v1);
        same_poly(&r1, &r2, "decompress_dv", t);
        mlkem_poly_frommsg_c(&r1, m1);
        mlkem_poly_frommsg_avx2(&r2, m1);
        same_poly(&r1, &r2, "frommsg", t);
    }
#endif
}

/* A-hat with s and e of K-PKE.KeyGen (the PRF streams fill the idle lanes). */
Test(x86_64_mlkem, keygen_prep)
{
    NEED_BACKEND();
#if MLKEM_X86_64
    for (int t = 0; t < 40; t++) {
        uint8_t rho[MLKEM_SYMBYTES], sigma[MLKEM_SYMBYTES];
        mlkem_polyvec A1[MLKEM_K], A2[MLKEM_K], s1, s2, e1, e2;
        for (int i = 0; i < MLKEM_SYMBYTES; i++) {
            rho[i] = (uint8_t)(t == 0 ? 0 : (int)rng64());
            sigma[i] = (uint8_t)(t == 0 ? 0xff : (int)rng64());
        }
        mlkem_keygen_prep_c(A1, &s1, &e1, rho, sigma);
        mlkem_keygen_prep_avx2(A2, &s2, &e2, rho, sigma);
        cr_assert(memcmp(A1, A2, sizeof A1) == 0, "keygen A-hat, trial %d", t);
        cr_assert(memcmp(&s1, &s2, sizeof s1) == 0, "keygen s, trial %d", t);
        cr_assert(memcmp(&e1, &e2, sizeof e1) == 0, "keygen e, trial %d", t);
    }
#endif
}
