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
    return (int32_t)(rnd64() % (2 * (uint64_t)bound + 1)) - bound;
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
            int64_t want = ((int64_t)a[n] << 32) % MLDSA_Q;
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

#endif
