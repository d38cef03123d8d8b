/*
 * test_fndsa_keygen.c -- Falcon-512 key generation (fndsa/keygen.c):
 *   - the 100 key pairs of the official round-3 falcon512-KAT.rsp (per
 *     count: randombytes_init(seed), keygen draws 48 bytes);
 *   - determinism of keypair_derand, and keypair == derand on the same
 *     48 bytes;
 *   - the NTRU equation f G - g F = q and h f = g mod q on generated keys;
 *   - every rejection path of NTRUGen / NTRUSolve exercised on purpose.
 *
 * keygen.c is included here (its extern names renamed) so that the static
 * rejection predicates can be called directly; the public API under test
 * is still the library's.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#define fndsa_keygen_inner kgt_keygen_inner
#define fndsa512_keypair_derand kgt_keypair_derand
#define fndsa512_keypair kgt_keypair
#include "../fndsa/keygen.c"
#undef fndsa_keygen_inner
#undef fndsa512_keypair_derand
#undef fndsa512_keypair

#include "../kat/drbg.h"
#include "vectors.h"

/* The library's own entry points (the renamed copies above are unused). */
int fndsa512_keypair_derand(uint8_t pk[FNDSA512_PUBLICKEYBYTES],
                            uint8_t sk[FNDSA512_SECRETKEYBYTES],
                            const uint8_t seed[FNDSA512_SEEDBYTES]);
int fndsa512_keypair(uint8_t pk[FNDSA512_PUBLICKEYBYTES], uint8_t sk[FNDSA512_SECRETKEYBYTES]);
int fndsa_keygen_inner(int8_t *f, int8_t *g, int8_t *F, int8_t *G, uint16_t *h, sha3_ctx *rng,
                       uint8_t *tmp);

static uint64_t kg_tmp[(FNDSA_KEYGEN_TMPSIZE + 7) / 8];

static void seeded_shake(sha3_ctx *rng, const char *label, uint64_t n)
{
    uint8_t seed[48];

    test_rand(seed, sizeof seed, label, n);
    shake256_init(rng);
    sha3_absorb(rng, seed, sizeof seed);
    shake_finalize(rng);
}

/* a*b in Z[x]/(x^n+1), schoolbook, int64 coefficients. */
static void negacyclic_mul(int64_t *c, const int8_t *a, const int8_t *b, size_t n)
{
    memset(c, 0, n * sizeof *c);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            int64_t t = (int64_t)a[i] * b[j];
            if (i + j < n) {
                c[i + j] += t;
            } else {
                c[i + j - n] -= t;
            }
        }
    }
}

/* ---------------------------------------------------------------------
 * Known answers.
 * --------------------------------------------------------------------- */
Test(fndsa_keygen, kat_100_keypairs, .timeout = 120)
{
    FILE *fp = kat_open("fndsa/falcon512-KAT.rsp");
    if (fp == NULL) {
        return;
    }
    kat_record r;
    int n = 0, ok = 0;
    static uint8_t pk[FNDSA512_PUBLICKEYBYTES], sk[FNDSA512_SECRETKEYBYTES];
    static uint8_t epk[FNDSA512_PUBLICKEYBYTES], esk[FNDSA512_SECRETKEYBYTES];
    uint8_t seed[48], s48[48];

    while (kat_next(fp, &r)) {
        cr_assert_eq(hex_decode(seed, sizeof seed, kat_get(&r, "seed")), 48);
        cr_assert_eq(hex_decode(epk, sizeof epk, kat_get(&r, "pk")), FNDSA512_PUBLICKEYBYTES);
        cr_assert_eq(hex_decode(esk, sizeof esk, kat_get(&r, "sk")), FNDSA512_SECRETKEYBYTES);
        randombytes_init(seed, NULL, 256);
        cr_assert_eq(randombytes(s48, sizeof s48), 0);
        cr_assert_eq(fndsa512_keypair_derand(pk, sk, s48), 0, "count %d", n);
        cr_expect(memcmp(pk, epk, sizeof pk) == 0, "count %d: pk differs", n);
        cr_expect(memcmp(sk, esk, sizeof sk) == 0, "count %d: sk differs", n);
        ok += memcmp(pk, epk, sizeof pk) == 0 && memcmp(sk, esk, sizeof sk) == 0;
        /* The randomised API draws the same 48 bytes. */
        if (n < 3) {
            randombytes_init(seed, NULL, 256);
            cr_assert_eq(fndsa512_keypair(pk, sk), 0);
            cr_expect(memcmp(pk, epk, sizeof pk) == 0 && memcmp(sk, esk, sizeof sk) == 0,
                      "count %d: fndsa512_keypair differs from the KAT", n);
        }
        kat_record_free(&r);
        n++;
    }
    fclose(fp);
    cr_assert_eq(n, 100);
    fprintf(stderr, "fndsa keygen: falcon512-KAT.rsp %d of %d key pairs pass\n", ok, n);
    cr_assert_eq(ok, n);
}

/* ---------------------------------------------------------------------
 * Determinism and the key equations.
 * --------------------------------------------------------------------- */
Test(fndsa_keygen, derand_deterministic)
{
    static uint8_t pk1[FNDSA512_PUBLICKEYBYTES], sk1[FNDSA512_SECRETKEYBYTES];
    static uint8_t pk2[FNDSA512_PUBLICKEYBYTES], sk2[FNDSA512_SECRETKEYBYTES];
    uint8_t seed[48];

    test_rand(seed, sizeof seed, "fndsa keygen determinism", 0);
    cr_assert_eq(fndsa512_keypair_derand(pk1, sk1, seed), 0);
    cr_assert_eq(fndsa512_keypair_derand(pk2, sk2, seed), 0);
    cr_assert(memcmp(pk1, pk2, sizeof pk1) == 0 && memcmp(sk1, sk2, sizeof sk1) == 0);
    cr_assert_eq(pk1[0], 0x09);
    cr_assert_eq(sk1[0], 0x59);
    seed[47] ^= 1;
    cr_assert_eq(fndsa512_keypair_derand(pk2, sk2, seed), 0);
    cr_assert(memcmp(pk1, pk2, sizeof pk1) != 0 && memcmp(sk1, sk2, sizeof sk1) != 0);
}

Test(fndsa_keygen, ntru_equation_and_public_key)
{
    static int8_t f[FNDSA_N], g[FNDSA_N], F[FNDSA_N], G[FNDSA_N];
    static uint16_t h[FNDSA_N];
    static int64_t a[FNDSA_N], b[FNDSA_N];
    sha3_ctx rng;

    for (uint64_t k = 0; k < 3; k++) {
        seeded_shake(&rng, "fndsa keygen equation", k);
        cr_assert_eq(fndsa_keygen_inner(f, g, F, G, h, &rng, (uint8_t *)kg_tmp), 0);
        sha3_release(&rng);
        /* f G - g F = q exactly over Z[x]/(x^n+1). */
        negacyclic_mul(a, f, G, FNDSA_N);
        negacyclic_mul(b, g, F, FNDSA_N);
        cr_assert_eq(a[0] - b[0], FNDSA_Q);
        for (size_t i = 1; i < FNDSA_N; i++) {
            cr_assert_eq(a[i] - b[i], 0, "coefficient %zu", i);
        }
        /* h f = g mod q: check (h f)[i] mod q term by term, h reduced
         * through a split h = 128*hi + lo with int8 parts. */
        for (size_t i = 0; i < FNDSA_N; i++) {
            cr_assert(h[i] < FNDSA_Q);
        }
        {
            static int8_t hl[FNDSA_N], hh[FNDSA_N];
            for (size_t i = 0; i < FNDSA_N; i++) {
                hl[i] = (int8_t)(h[i] & 127);
                hh[i] = (int8_t)(h[i] >> 7);
            }
            negacyclic_mul(a, hl, f, FNDSA_N);
            negacyclic_mul(b, hh, f, FNDSA_N);
            for (size_t i = 0; i < FNDSA_N; i++) {
                int64_t v = (a[i] + 128 * b[i] - g[i]) % FNDSA_Q;
                cr_assert_eq(v, 0, "h f != g at %zu", i);
            }
        }
        /* Coefficient bounds of the encodings. */
        for (size_t i = 0; i < FNDSA_N; i++) {
            cr_assert(f[i] > -32 && f[i] < 32 && g[i] > -32 && g[i] < 32);
            cr_assert(F[i] >= -127 && G[i] >= -127);
        }
    }
}

/* ---------------------------------------------------------------------
 * Rejection paths (each predicate driven to both outcomes).
 * --------------------------------------------------------------------- */

/* Sampling: coefficients in range, odd sum (odd resultant), and the draw
 * of a wrong-parity last coefficient happens (redraw path). */
Test(fndsa_keygen, reject_sampling_parity)
{
    static int8_t f[FNDSA_N];
    sha3_ctx sc;
    kg_rng rng;
    int odd_first = 0, even_first = 0;

    for (uint64_t k = 0; k < 32; k++) {
        int32_t sum = 0, sum_head = 0;
        seeded_shake(&sc, "fndsa keygen sampling", k);
        kg_rng_init(&rng, &sc);
        poly_small_mkgauss(&rng, f, FNDSA_LOGN);
        sha3_release(&sc);
        for (size_t i = 0; i < FNDSA_N; i++) {
            cr_assert(f[i] >= -52 && f[i] <= 52);
            sum += f[i];
            sum_head += (i + 1 < FNDSA_N) ? f[i] : 0;
        }
        cr_assert_eq(sum & 1, 1, "sum of coefficients must be odd");
        odd_first += sum_head & 1;
        even_first += (sum_head & 1) ^ 1;
    }
    /* Both parities of the first n-1 coefficients occur, so the last
     * coefficient was constrained both ways. */
    cr_assert(odd_first > 0 && even_first > 0);
}

/* keygen_check_fg: integer-norm rejection, Gram-Schmidt-norm rejection and
 * acceptance all occur on real candidates; out-of-range coefficients are
 * rejected. */
Test(fndsa_keygen, reject_norms)
{
    static int8_t f[FNDSA_N], g[FNDSA_N];
    sha3_ctx sc;
    kg_rng rng;
    int count[3] = { 0, 0, 0 };

    seeded_shake(&sc, "fndsa keygen norms", 0);
    kg_rng_init(&rng, &sc);
    for (int k = 0; k < 400; k++) {
        poly_small_mkgauss(&rng, f, FNDSA_LOGN);
        poly_small_mkgauss(&rng, g, FNDSA_LOGN);
        count[keygen_check_fg(f, g, FNDSA_LOGN, (fpr *)(void *)kg_tmp)]++;
    }
    sha3_release(&sc);
    fprintf(stderr, "fndsa keygen: 400 candidates: %d accepted, %d norm-rejected, %d GS-norm-rejected\n",
            count[KG_ACCEPT], count[KG_REJECT_NORM], count[KG_REJECT_GSNORM]);
    cr_assert(count[KG_ACCEPT] > 0);
    cr_assert(count[KG_REJECT_NORM] > 0);
    cr_assert(count[KG_REJECT_GSNORM] > 0);

    /* A coefficient of 32 (does not fit the 6-bit sk field) is rejected
     * even with a tiny norm. */
    memset(f, 0, sizeof f);
    memset(g, 0, sizeof g);
    f[0] = 32;
    g[0] = 1;
    cr_assert_eq(keygen_check_fg(f, g, FNDSA_LOGN, (fpr *)(void *)kg_tmp), KG_REJECT_NORM);
    f[0] = -32;
    cr_assert_eq(keygen_check_fg(f, g, FNDSA_LOGN, (fpr *)(void *)kg_tmp), KG_REJECT_NORM);
}

/* f not invertible mod q: f = -108 + 25 x^256 vanishes where
 * x^256 = 1479 (1479^2 = -1 mod q, and 25*1479 = 108 mod q). */
Test(fndsa_keygen, reject_f_not_invertible)
{
    static int8_t f[FNDSA_N], g[FNDSA_N];
    static uint16_t h[FNDSA_N];

    memset(f, 0, sizeof f);
    memset(g, 0, sizeof g);
    g[0] = 1;
    f[0] = -108;
    f[256] = 25;
    cr_assert_eq(fndsa_compute_public(h, f, g, FNDSA_LOGN, (uint8_t *)kg_tmp), -1);
    f[0] = 1;
    f[256] = 0;
    cr_assert_eq(fndsa_compute_public(h, f, g, FNDSA_LOGN, (uint8_t *)kg_tmp), 0);
    cr_assert_eq(h[0], 1);
}

/* NTRUSolve failures: even resultant, resultants not coprime, (F, G) too
 * large; and a success on a real candidate. */
Test(fndsa_keygen, reject_ntru_solve)
{
    static int8_t f[FNDSA_N], g[FNDSA_N], F[FNDSA_N], G[FNDSA_N];
    uint32_t *tmp = (uint32_t *)kg_tmp;
    sha3_ctx sc;
    kg_rng rng;

    seeded_shake(&sc, "fndsa keygen ntru", 0);
    kg_rng_init(&rng, &sc);
    poly_small_mkgauss(&rng, f, FNDSA_LOGN);
    poly_small_mkgauss(&rng, g, FNDSA_LOGN);
    sha3_release(&sc);
    cr_assert_eq(solve_NTRU(FNDSA_LOGN, F, G, f, g, 127, tmp), 1);

    /* Even Res(g) (Res(g) = g(1)^n mod 2): the binary GCD fails. */
    g[0] ^= 1;
    cr_assert_eq(solve_NTRU(FNDSA_LOGN, F, G, f, g, 127, tmp), 0);
    g[0] ^= 1;

    /* g = f: gcd(Res f, Res g) = Res f != 1. */
    cr_assert_eq(solve_NTRU(FNDSA_LOGN, F, G, f, f, 127, tmp), 0);

    /* (F, G) beyond the bound: same (f, g), bound 3 instead of 127. */
    cr_assert_eq(solve_NTRU(FNDSA_LOGN, F, G, f, g, 3, tmp), 0);

    /* Larger (f, g) = 3 (f, g) + x + x^2 (odd sums, coprime resultants
     * in general): the reduced (F, G) no longer fit in [-127, 127]. */
    for (size_t i = 0; i < FNDSA_N; i++) {
        f[i] = (int8_t)(3 * f[i] + (i == 1 || i == 2));
        g[i] = (int8_t)(3 * g[i] + (i == 1 || i == 2));
    }
    cr_assert_eq(solve_NTRU(FNDSA_LOGN, F, G, f, g, 127, tmp), 0);
}

/* The early Gram-Schmidt rejection never rejects a candidate that the
 * reference computation would keep, and the fixed-point estimate is close
 * to the reference value (checked on real candidates). */
static double fpr_to_double(fpr x)
{
    double d;
    memcpy(&d, &x, sizeof d);
    return d;
}

Test(fndsa_keygen, gs_norm_early_rejection_sound, .timeout = 120)
{
    static int8_t f[FNDSA_N], g[FNDSA_N];
    fpr *rt1 = (fpr *)(void *)kg_tmp, *rt2 = rt1 + FNDSA_N, *rt3 = rt2 + FNDSA_N;
    sha3_ctx sc;
    kg_rng rng;
    int checked = 0, early = 0, ref_reject = 0;
    double maxrel = 0;
    double bound = fpr_to_double(fpr_bnorm_max);

    seeded_shake(&sc, "fndsa keygen gs early", 0);
    kg_rng_init(&rng, &sc);
    while (checked < 400) {
        int32_t nf = 0;
        poly_small_mkgauss(&rng, f, FNDSA_LOGN);
        poly_small_mkgauss(&rng, g, FNDSA_LOGN);
        for (size_t i = 0; i < FNDSA_N; i++) {
            nf += f[i] * f[i] + g[i] * g[i];
        }
        if (nf >= 16823) {
            continue;
        }
        fpr P = gs_norm_estimate(f, g, FNDSA_LOGN, (int64_t *)(void *)kg_tmp);
        poly_small_to_fp(rt1, f, FNDSA_LOGN);
        poly_small_to_fp(rt2, g, FNDSA_LOGN);
        FFT(rt1, FNDSA_LOGN);
        FFT(rt2, FNDSA_LOGN);
        poly_invnorm2_fft(rt3, rt1, rt2, FNDSA_LOGN);
        fpr R = gs_norm_reference(rt1, rt2, rt3, FNDSA_LOGN);
        int e = !fpr_lt(P, gs_norm_early_bound());
        int r = !fpr_lt(R, fpr_bnorm_max);
        cr_assert(!e || r, "early rejection of a candidate the reference keeps");
        double p = fpr_to_double(P), q = fpr_to_double(R);
        if (q < 4 * bound) {
            double rel = (p > q ? p - q : q - p) / q;
            if (rel > maxrel) {
                maxrel = rel;
            }
        }
        early += e;
        ref_reject += r;
        checked++;
    }
    sha3_release(&sc);
    fprintf(stderr,
            "fndsa keygen: GS norm on %d candidates: %d rejected, %d of them early; "
            "max relative gap estimate/reference %.2e\n",
            checked, ref_reject, early, maxrel);
    cr_assert(early > 0);
    /* far inside the 2e-4 the soundness argument allows */
    cr_assert(maxrel < 1e-5);
}
