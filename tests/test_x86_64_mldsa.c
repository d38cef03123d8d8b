/*
 * test_x86_64_mldsa.c -- the AVX2 backend of mldsa/ (mldsa/x86_64/) against
 * the portable functions it replaces, on random and edge-case inputs. The
 * KATs (tests/test_mldsa.c) then run through the backend in the
 * `make BACKEND=x86_64` build. In the portable build (no -mavx2) this file
 * compiles to a suite with no tests.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "../mldsa/params.h"
#include "vectors.h"

#if MLDSA_X86_64

/* xorshift64*: deterministic test inputs. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rnd64(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717u;
}

/* Uniform in [-bound, bound]. */
static int32_t rnd_in(int32_t bound)
{
    return (int32_t)((int64_t)(rnd64() % (2 * (uint64_t)bound + 1)) - bound);
}

/* Fills w: mode 0 random in [-bound, bound], 1 all +bound, 2 all -bound,
 * 3 alternating, 4 zero, 5 random signs of bound. */
static void fill(int32_t w[MLDSA_N], int mode, int32_t bound)
{
    for (unsigned n = 0; n < MLDSA_N; n++) {
        switch (mode) {
        case 0: w[n] = rnd_in(bound); break;
        case 1: w[n] = bound; break;
        case 2: w[n] = -bound; break;
        case 3: w[n] = (n & 1) ? bound : -bound; break;
        case 4: w[n] = 0; break;
        default: w[n] = (rnd64() & 1) ? bound : -bound; break;
        }
    }
}

#define MODES 6
#define TRIALS 2000

Test(x86_64_mldsa, ntt_equals_portable)
{
    const int32_t bound = (int32_t)((1u << 31) - 8 * MLDSA_Q - 1);
    int32_t a[MLDSA_N], b[MLDSA_N];
    for (int t = 0; t < TRIALS; t++) {
        fill(a, t < MODES ? t : 0, t % 3 == 0 ? bound : MLDSA_Q);
        memcpy(b, a, sizeof a);
        mldsa_ntt(a);
        mldsa_ntt_avx2(b);
        cr_assert(memcmp(a, b, sizeof a) == 0, "NTT differs, trial %d", t);
    }
}

Test(x86_64_mldsa, invntt_equals_portable)
{
    int32_t a[MLDSA_N], b[MLDSA_N];
    for (int t = 0; t < TRIALS; t++) {
        fill(a, t < MODES ? t : 0, MLDSA_Q - 1);
        memcpy(b, a, sizeof a);
        mldsa_invntt_tomont(a);
        mldsa_invntt_tomont_avx2(b);
        cr_assert(memcmp(a, b, sizeof a) == 0, "NTT^-1 differs, trial %d", t);
    }
}

Test(x86_64_mldsa, ntt_roundtrip_through_backend)
{
    int32_t a[MLDSA_N], b[MLDSA_N];
    for (int t = 0; t < 200; t++) {
        fill(a, 0, MLDSA_Q - 1);
        memcpy(b, a, sizeof a);
        mldsa_ntt_avx2(b);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            b[n] = mldsa_reduce32(b[n]);
        }
        mldsa_invntt_tomont_avx2(b); /* times 2^32: a * 2^32 mod q */
        for (unsigned n = 0; n < MLDSA_N; n++) {
            int64_t want = ((int64_t)a[n] * ((int64_t)1 << 32)) % MLDSA_Q;
            cr_assert_eq(mldsa_freeze(b[n]), mldsa_freeze(mldsa_reduce32((int32_t)want)));
        }
    }
}

/* The portable pointwise loops of sign.c (static there), written again. */
Test(x86_64_mldsa, pointwise_equals_portable)
{
    int32_t a[MLDSA_N], b[MLDSA_N], r1[MLDSA_N], r2[MLDSA_N];
    uint8_t pa[MLDSA_A_POLYBYTES];
    for (int t = 0; t < TRIALS; t++) {
        int mode = t < MODES ? t : 0;
        fill(b, mode, t & 1 ? INT32_MAX : MLDSA_Q * 9);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            a[n] = mode == 1 ? MLDSA_Q - 1 : (int32_t)(rnd64() % MLDSA_Q);
            pa[3 * n] = (uint8_t)a[n];
            pa[3 * n + 1] = (uint8_t)(a[n] >> 8);
            pa[3 * n + 2] = (uint8_t)(a[n] >> 16);
            r1[n] = r2[n] = rnd_in(4 * MLDSA_Q);
        }
        memcpy(r2, r1, sizeof r1);
        mldsa_pointwise_acc_packed_avx2(r2, pa, b);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            r1[n] += mldsa_montgomery_reduce((int64_t)a[n] * b[n]);
        }
        cr_assert(memcmp(r1, r2, sizeof r1) == 0, "packed pointwise differs, trial %d", t);
        mldsa_pointwise_acc_avx2(r2, a, b);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            r1[n] += mldsa_montgomery_reduce((int64_t)a[n] * b[n]);
        }
        cr_assert(memcmp(r1, r2, sizeof r1) == 0, "pointwise differs, trial %d", t);
    }
}

Test(x86_64_mldsa, invntt_freeze_equals_portable)
{
    int32_t a[MLDSA_N], b[MLDSA_N];
    for (int t = 0; t < TRIALS; t++) {
        fill(a, t < MODES ? t : 0, 6 * MLDSA_Q);
        memcpy(b, a, sizeof a);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            a[n] = mldsa_reduce32(a[n]);
        }
        mldsa_invntt_tomont(a);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            a[n] = mldsa_caddq(a[n]);
        }
        mldsa_invntt_freeze_avx2(b);
        cr_assert(memcmp(a, b, sizeof a) == 0, "invntt_freeze differs, trial %d", t);
    }
}

/* ---- sample_avx2.c: the x4 expansions against four portable calls ---- */

static void rnd_bytes(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t)rnd64();
    }
}

Test(x86_64_mldsa, expand_a_x4_equals_portable)
{
    int32_t a4[4][MLDSA_N], a[MLDSA_N];
    uint8_t rho[32];
    for (int t = 0; t < 60; t++) {
        uint8_t s4[4], r4[4];
        rnd_bytes(rho, sizeof rho);
        if (t == 0) memset(rho, 0, sizeof rho);
        if (t == 1) memset(rho, 0xFF, sizeof rho);
        for (int k = 0; k < 4; k++) {
            s4[k] = (uint8_t)(t < 30 ? (uint64_t)((4 * t + k) % 5) : rnd64());
            r4[k] = (uint8_t)(t < 30 ? (uint64_t)(((4 * t + k) / 5) % 6) : rnd64());
        }
        mldsa_rej_ntt_poly_x4(a4, rho, s4, r4);
        for (int k = 0; k < 4; k++) {
            mldsa_rej_ntt_poly(a, rho, s4[k], r4[k]);
            cr_assert(memcmp(a, a4[k], sizeof a) == 0, "ExpandA lane %d differs, trial %d", k, t);
        }
    }
}

Test(x86_64_mldsa, expand_s_x4_equals_portable)
{
    int32_t a4[4][MLDSA_N], a[MLDSA_N];
    uint8_t rhop[64];
    for (int t = 0; t < 200; t++) {
        uint16_t r4[4];
        rnd_bytes(rhop, sizeof rhop);
        if (t == 0) memset(rhop, 0, sizeof rhop);
        for (int k = 0; k < 4; k++) {
            r4[k] = (uint16_t)(t < 3 ? (uint64_t)(4 * t + k) : rnd64());
        }
        mldsa_rej_bounded_poly_x4(a4, rhop, r4);
        for (int k = 0; k < 4; k++) {
            mldsa_rej_bounded_poly(a, rhop, r4[k]);
            cr_assert(memcmp(a, a4[k], sizeof a) == 0, "ExpandS lane %d differs, trial %d", k, t);
        }
    }
}

Test(x86_64_mldsa, expand_mask_x4_equals_portable)
{
    uint8_t v4[4][MLDSA_Z_POLYBYTES], v[MLDSA_Z_POLYBYTES], rhopp[64];
    for (int t = 0; t < 100; t++) {
        uint16_t k4[4];
        rnd_bytes(rhopp, sizeof rhopp);
        for (int k = 0; k < 4; k++) {
            k4[k] = (uint16_t)(t == 0 ? (uint64_t)(65532 + k) : rnd64());
        }
        mldsa_expand_mask_x4(v4, rhopp, k4);
        for (int k = 0; k < 4; k++) {
            mldsa_expand_mask_poly(v, rhopp, k4[k]);
            cr_assert(memcmp(v, v4[k], sizeof v) == 0, "ExpandMask lane %d differs, trial %d", k, t);
        }
    }
}

/* A rho' whose r = 0 stream needs a third SHAKE256 block (found for
 * tests/test_mldsa.c, item17_rejbounded_third_block): the x4 sampler's
 * extra-block path, in every lane position. */
Test(x86_64_mldsa, expand_s_x4_third_block)
{
    int32_t a4[4][MLDSA_N], a[MLDSA_N];
    uint8_t seed[64];
    test_rand(seed, 64, "blocks", 124933);
    for (unsigned lane = 0; lane < 4; lane++) {
        uint16_t r4[4] = {1, 2, 3, 4};
        r4[lane] = 0;
        mldsa_rej_bounded_poly_x4(a4, seed, r4);
        for (unsigned k = 0; k < 4; k++) {
            mldsa_rej_bounded_poly(a, seed, r4[k]);
            cr_assert(memcmp(a, a4[k], sizeof a) == 0, "lane %u (r = %u) differs", k, r4[k]);
        }
    }
}

/* ---- poly_avx2.c ---- */

/* A random c: tau distinct positions, random signs (as SampleInBall makes). */
static void rnd_c(uint8_t pos[MLDSA_TAU], int8_t sgn[MLDSA_TAU], int mode)
{
    uint8_t used[MLDSA_N] = {0};
    for (unsigned k = 0; k < MLDSA_TAU; k++) {
        unsigned p;
        if (mode == 1) {
            p = k; /* positions 0..48 */
        } else if (mode == 2) {
            p = MLDSA_N - 1 - k; /* 207..255 */
        } else {
            do {
                p = (unsigned)(rnd64() & 0xFF);
            } while (used[p]);
        }
        used[p] = 1;
        pos[k] = (uint8_t)p;
        sgn[k] = (int8_t)(mode == 1 ? 1 : mode == 2 ? -1 : (rnd64() & 1) ? 1 : -1);
    }
}

/* Schoolbook c * s in Z[x]/(x^256 + 1). */
static void sparse_ref(int32_t r[MLDSA_N], const int32_t s[MLDSA_N], const uint8_t pos[MLDSA_TAU],
                       const int8_t sgn[MLDSA_TAU])
{
    memset(r, 0, MLDSA_N * sizeof r[0]);
    for (unsigned k = 0; k < MLDSA_TAU; k++) {
        for (unsigned n = 0; n < MLDSA_N; n++) {
            unsigned m = n + pos[k];
            int32_t v = sgn[k] * s[n];
            if (m >= MLDSA_N) {
                r[m - MLDSA_N] -= v;
            } else {
                r[m] += v;
            }
        }
    }
}

Test(x86_64_mldsa, sparse_products_equal_schoolbook)
{
    uint8_t pos[MLDSA_TAU], pk[MLDSA_ETA_POLYBYTES];
    int8_t sgn[MLDSA_TAU];
    uint16_t off[MLDSA_TAU];
    int32_t s[MLDSA_N], r1[MLDSA_N], r2[MLDSA_N];
    for (int t = 0; t < 300; t++) {
        rnd_c(pos, sgn, t % 3);
        mldsa_sparse_offsets_avx2(off, pos, sgn);
        /* s from half-bytes 0..15 (9..15 only in a malformed sk) */
        for (unsigned i = 0; i < MLDSA_ETA_POLYBYTES; i++) {
            pk[i] = (uint8_t)(t % 5 == 0 ? 0xFF : t % 5 == 1 ? 0x88 : t % 5 == 2 ? 0 : rnd64());
        }
        for (unsigned n = 0; n < MLDSA_N; n += 2) {
            s[n] = MLDSA_ETA - (pk[n / 2] & 15);
            s[n + 1] = MLDSA_ETA - (pk[n / 2] >> 4);
        }
        sparse_ref(r1, s, pos, sgn);
        mldsa_sparse_mul_eta_avx2(r2, pk, off);
        cr_assert(memcmp(r1, r2, sizeof r1) == 0, "c s (eta) differs, trial %d", t);
        /* t0-sized and t1-sized values */
        fill(s, t % 6, t & 1 ? 4096 : 1023);
        sparse_ref(r1, s, pos, sgn);
        mldsa_sparse_mul32_avx2(r2, s, off);
        cr_assert(memcmp(r1, r2, sizeof r1) == 0, "c t differs, trial %d", t);
    }
}

/* Coefficients in [0, q) with the Decompose boundaries: k 2 gamma2 + {-1, 0, 1},
 * gamma2 around them, q - 1, 0. */
static void fill_modq(int32_t w[MLDSA_N], int mode)
{
    for (unsigned n = 0; n < MLDSA_N; n++) {
        int32_t v;
        if (mode == 0) {
            v = (int32_t)(rnd64() % MLDSA_Q);
        } else {
            int32_t k = (int32_t)(rnd64() % 17), d = (int32_t)(rnd64() % 5) - 2;
            v = k * 2 * MLDSA_GAMMA2 + (mode == 2 ? MLDSA_GAMMA2 : 0) + d;
            if (n == 0) v = MLDSA_Q - 1;
            if (n == 1) v = 0;
            v = ((v % MLDSA_Q) + MLDSA_Q) % MLDSA_Q;
        }
        w[n] = v;
    }
}

Test(x86_64_mldsa, rounding_equals_portable)
{
    int32_t w[MLDSA_N], w2[MLDSA_N], z[MLDSA_N], tmp[MLDSA_N], t0a[MLDSA_N], t0b[MLDSA_N];
    uint8_t b1[MLDSA_W1_POLYBYTES], b2[MLDSA_W1_POLYBYTES], h1[MLDSA_N], h2[MLDSA_N];
    uint8_t sk2[MLDSA_ETA_POLYBYTES];
    for (int t = 0; t < TRIALS; t++) {
        const int mode = t % 3;
        /* w1Encode(HighBits(w)) */
        fill_modq(w, mode);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            int32_t r0;
            tmp[n] = mldsa_decompose(&r0, w[n]);
        }
        mldsa_pack_w1(b1, tmp);
        mldsa_w1_encode_avx2(b2, w);
        cr_assert(memcmp(b1, b2, sizeof b1) == 0, "w1Encode differs, trial %d", t);

        /* w - cs2, LowBits and its norm check */
        fill(z, t % 6, MLDSA_TAU * 11);
        memcpy(w2, w, sizeof w);
        uint32_t bad1 = 0, bad2;
        for (unsigned n = 0; n < MLDSA_N; n++) {
            int32_t r0;
            w[n] = mldsa_freeze(w[n] - z[n]);
            (void)mldsa_decompose(&r0, w[n]);
            bad1 |= (uint32_t)(r0 >= MLDSA_GAMMA2 - MLDSA_BETA || -r0 >= MLDSA_GAMMA2 - MLDSA_BETA);
        }
        bad2 = mldsa_sub_lowbits_exceeds_avx2(w2, z, MLDSA_GAMMA2 - MLDSA_BETA);
        cr_assert(memcmp(w, w2, sizeof w) == 0, "w - cs2 differs, trial %d", t);
        cr_assert_eq(bad1, bad2, "LowBits norm differs, trial %d", t);

        /* MakeHint with ct0 (|ct0| <= 49 * 2^12) */
        fill(z, t % 6, MLDSA_TAU * 4096);
        uint32_t c1 = 0;
        for (unsigned n = 0; n < MLDSA_N; n++) {
            h1[n] = (uint8_t)mldsa_make_hint(z[n], w[n]);
            c1 += h1[n];
        }
        cr_assert_eq(c1, mldsa_make_hint_avx2(h2, z, w), "hint count differs, trial %d", t);
        cr_assert(memcmp(h1, h2, sizeof h1) == 0, "MakeHint differs, trial %d", t);

        /* UseHint on w - ct1 2^d, then w1Encode (Verify) */
        fill(z, t % 6, MLDSA_TAU * 1023);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            h1[n] = (uint8_t)(mode == 1 ? 1 : rnd64() & 1);
            tmp[n] = mldsa_use_hint(h1[n], mldsa_freeze(w[n] - z[n] * (1 << MLDSA_D)));
        }
        mldsa_pack_w1(b1, tmp);
        mldsa_use_hint_encode_avx2(b2, w, z, h1);
        cr_assert(memcmp(b1, b2, sizeof b1) == 0, "UseHint differs, trial %d", t);

        /* Power2Round of t + s2 */
        fill_modq(w, mode);
        rnd_bytes(sk2, sizeof sk2);
        for (unsigned i = 0; i < sizeof sk2; i++) {
            sk2[i] = (uint8_t)((sk2[i] & 0x0F) % 9 | ((sk2[i] >> 4) % 9) << 4);
        }
        (void)mldsa_unpack_eta(tmp, sk2);
        memcpy(w2, w, sizeof w);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            int32_t t1;
            mldsa_power2round(&t1, &t0a[n], mldsa_freeze(w[n] + tmp[n]));
            w[n] = t1;
        }
        mldsa_power2round_avx2(w2, t0b, sk2);
        cr_assert(memcmp(w, w2, sizeof w) == 0, "Power2Round t1 differs, trial %d", t);
        cr_assert(memcmp(t0a, t0b, sizeof t0a) == 0, "Power2Round t0 differs, trial %d", t);
    }
}

/* Every r in [0, q): w1Encode(HighBits(r)) and UseHint(h, r) for h = 0, 1
 * (which reads the sign of r0), as the CCTV field-operation test does for
 * the portable Decompose. */
Test(x86_64_mldsa, decompose_every_r, .timeout = 60)
{
    int32_t w[MLDSA_N], tmp[MLDSA_N], zero[MLDSA_N];
    uint8_t h0[MLDSA_N], h1[MLDSA_N], b1[MLDSA_W1_POLYBYTES], b2[MLDSA_W1_POLYBYTES];
    memset(zero, 0, sizeof zero);
    memset(h0, 0, sizeof h0);
    memset(h1, 1, sizeof h1);
    for (int32_t base = 0; base < MLDSA_Q; base += MLDSA_N) {
        for (unsigned n = 0; n < MLDSA_N; n++) {
            w[n] = base + (int32_t)n < MLDSA_Q ? base + (int32_t)n : MLDSA_Q - 1;
        }
        for (unsigned n = 0; n < MLDSA_N; n++) {
            int32_t r0;
            tmp[n] = mldsa_decompose(&r0, w[n]);
        }
        mldsa_pack_w1(b1, tmp);
        mldsa_w1_encode_avx2(b2, w);
        cr_assert(memcmp(b1, b2, sizeof b1) == 0, "HighBits differs near r = %d", (int)base);
        mldsa_use_hint_encode_avx2(b2, w, zero, h0);
        cr_assert(memcmp(b1, b2, sizeof b1) == 0, "UseHint(0) differs near r = %d", (int)base);
        for (unsigned n = 0; n < MLDSA_N; n++) {
            tmp[n] = mldsa_use_hint(1, w[n]);
        }
        mldsa_pack_w1(b1, tmp);
        mldsa_use_hint_encode_avx2(b2, w, zero, h1);
        cr_assert(memcmp(b1, b2, sizeof b1) == 0, "UseHint(1) differs near r = %d", (int)base);
    }
}

Test(x86_64_mldsa, norm_check_boundaries)
{
    int32_t a[MLDSA_N];
    const int32_t bounds[3] = {MLDSA_GAMMA1 - MLDSA_BETA, MLDSA_GAMMA2 - MLDSA_BETA, MLDSA_GAMMA2};
    for (int b = 0; b < 3; b++) {
        for (int t = 0; t < 200; t++) {
            fill(a, 0, bounds[b] - 1);
            cr_assert_eq(mldsa_norm_exceeds_avx2(a, bounds[b]), 0);
            a[rnd64() % MLDSA_N] = (t & 1) ? bounds[b] : -bounds[b];
            cr_assert_eq(mldsa_norm_exceeds_avx2(a, bounds[b]), 1);
            a[t % MLDSA_N] = (t & 2) ? INT32_MAX : INT32_MIN + 1;
            cr_assert_eq(mldsa_norm_exceeds_avx2(a, bounds[b]), 1);
        }
    }
}

Test(x86_64_mldsa, packings_equal_portable)
{
    int32_t a[MLDSA_N], b[MLDSA_N], c[MLDSA_N];
    uint8_t p1[11 * MLDSA_ETA_POLYBYTES], p2[11 * MLDSA_ETA_POLYBYTES];
    for (int t = 0; t < TRIALS; t++) {
        const int mode = t % 6;
        /* t1: 10 bits */
        for (unsigned n = 0; n < MLDSA_N; n++) {
            a[n] = mode == 1 ? 1023 : mode == 4 ? 0 : (int32_t)(rnd64() & 1023);
        }
        mldsa_pack_t1(p1, a);
        mldsa_pack_t1_avx2(p2, a);
        cr_assert(memcmp(p1, p2, MLDSA_T1_POLYBYTES) == 0, "pack_t1 differs, trial %d", t);
        /* t0 in (-2^12, 2^12] */
        for (unsigned n = 0; n < MLDSA_N; n++) {
            a[n] = mode == 1 ? 4096 : mode == 2 ? -4095 : rnd_in(4095) + (int32_t)(rnd64() & 1);
        }
        mldsa_pack_t0(p1, a);
        mldsa_pack_t0_avx2(p2, a);
        cr_assert(memcmp(p1, p2, MLDSA_T0_POLYBYTES) == 0, "pack_t0 differs, trial %d", t);
        /* s in [-eta, eta] */
        fill(a, mode, MLDSA_ETA);
        mldsa_pack_eta(p1, a);
        mldsa_pack_eta_avx2(p2, a);
        cr_assert(memcmp(p1, p2, MLDSA_ETA_POLYBYTES) == 0, "pack_eta differs, trial %d", t);
        /* the eta range check on any bytes */
        rnd_bytes(p1, 11 * MLDSA_ETA_POLYBYTES);
        for (unsigned i = 0; i < 11 * MLDSA_ETA_POLYBYTES; i++) {
            p1[i] = (uint8_t)((p1[i] & 0x0F) % 9 | ((p1[i] >> 4) % 9) << 4);
        }
        if (mode >= 3) {
            p1[rnd64() % (11 * MLDSA_ETA_POLYBYTES)] |= (uint8_t)(mode == 3 ? 0x09 : mode == 4 ? 0x90 : 0xFF);
        }
        uint32_t bad = 0;
        for (unsigned r = 0; r < 11; r++) {
            bad |= mldsa_unpack_eta(a, p1 + r * MLDSA_ETA_POLYBYTES);
        }
        cr_assert_eq(bad, mldsa_eta_check_avx2(p1, 11 * MLDSA_ETA_POLYBYTES), "eta check, trial %d", t);
        /* z: BitUnpack, then y + cs1 / norm / BitPack */
        rnd_bytes(p1, MLDSA_Z_POLYBYTES);
        if (mode == 1) memset(p1, 0xFF, MLDSA_Z_POLYBYTES);
        if (mode == 2) memset(p1, 0, MLDSA_Z_POLYBYTES);
        mldsa_unpack_z(a, p1);
        mldsa_unpack_z_avx2(b, p1);
        cr_assert(memcmp(a, b, sizeof a) == 0, "unpack_z differs, trial %d", t);
        fill(c, mode, MLDSA_BETA);
        memcpy(p2, p1, MLDSA_Z_POLYBYTES);
        mldsa_unpack_z_acc(c, p1);
        uint32_t bad1 = 0;
        for (unsigned n = 0; n < MLDSA_N; n++) {
            bad1 |= (uint32_t)(c[n] >= MLDSA_GAMMA1 - MLDSA_BETA || -c[n] >= MLDSA_GAMMA1 - MLDSA_BETA);
        }
        mldsa_pack_z(p1, c);
        fill(c, mode, MLDSA_BETA); /* the same values again (fill is deterministic only for modes 1-4) */
        if (mode == 0 || mode == 5) continue;
        cr_assert_eq(bad1, mldsa_z_finish_avx2(p2, c, MLDSA_GAMMA1 - MLDSA_BETA), "z norm, trial %d", t);
        cr_assert(memcmp(p1, p2, MLDSA_Z_POLYBYTES) == 0, "z pack differs, trial %d", t);
    }
}

Test(x86_64_mldsa, z_finish_random_equals_portable)
{
    int32_t c[MLDSA_N], d[MLDSA_N];
    uint8_t p1[MLDSA_Z_POLYBYTES], p2[MLDSA_Z_POLYBYTES];
    for (int t = 0; t < TRIALS; t++) {
        rnd_bytes(p1, sizeof p1);
        memcpy(p2, p1, sizeof p1);
        fill(c, 0, MLDSA_BETA);
        memcpy(d, c, sizeof c);
        mldsa_unpack_z_acc(c, p1);
        uint32_t bad1 = 0;
        for (unsigned n = 0; n < MLDSA_N; n++) {
            bad1 |= (uint32_t)(c[n] >= MLDSA_GAMMA1 - MLDSA_BETA || -c[n] >= MLDSA_GAMMA1 - MLDSA_BETA);
        }
        mldsa_pack_z(p1, c);
        cr_assert_eq(bad1, mldsa_z_finish_avx2(p2, d, MLDSA_GAMMA1 - MLDSA_BETA), "z norm, trial %d", t);
        cr_assert(memcmp(p1, p2, sizeof p1) == 0, "z pack differs, trial %d", t);
    }
}

Test(x86_64_mldsa, pack_a_equals_portable)
{
    int32_t a[MLDSA_N];
    uint8_t p1[MLDSA_A_POLYBYTES], p2[MLDSA_A_POLYBYTES];
    for (int t = 0; t < 200; t++) {
        for (unsigned n = 0; n < MLDSA_N; n++) {
            a[n] = t == 0 ? MLDSA_Q - 1 : (int32_t)(rnd64() % MLDSA_Q);
            p1[3 * n] = (uint8_t)a[n];
            p1[3 * n + 1] = (uint8_t)(a[n] >> 8);
            p1[3 * n + 2] = (uint8_t)(a[n] >> 16);
        }
        mldsa_pack_a_avx2(p2, a);
        cr_assert(memcmp(p1, p2, sizeof p1) == 0, "A-hat store differs, trial %d", t);
    }
}

#endif
