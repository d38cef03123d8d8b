/*
 * test_x86_64_sha3.c -- the sha3/x86_64 backend against the portable code:
 * the single-state AVX2 Keccak-f[1600] against sha3_keccakf1600_c, the
 * four-way Keccak-f[1600] and SHAKE128/SHAKE256 x4 against four calls of
 * sha3_keccakf1600_c / shake128 / shake256, on random and edge-case inputs
 * (every length 0..3r+1 around the block boundaries, all-zero and all-one
 * states, four different inputs per call).
 *
 * In the portable build (no -mavx2) the backend is not compiled and each test
 * here is skipped.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../sha3/sha3.h"
#include "../sha3/keccak_impl.h"
#include "../sha3/x86_64/keccak_x4.h"

#if defined(__AVX2__)
#define NEED_BACKEND() ((void)0)
#else
#define NEED_BACKEND() cr_skip_test("portable build: no x86_64 backend compiled")
#endif

#if defined(__AVX2__)
/* A small deterministic generator (splitmix64) for reproducible inputs. */
static uint64_t rng_state = 0x0123456789abcdefULL;
static uint64_t rng64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static void rng_bytes(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)rng64();
}

/* Four scalar states -> lane registers and back. */
static void to_x4(__m256i v[25], uint64_t s[4][25])
{
    for (int i = 0; i < 25; i++)
        v[i] = _mm256_set_epi64x((long long)s[3][i], (long long)s[2][i], (long long)s[1][i],
                                 (long long)s[0][i]);
}
static void from_x4(uint64_t s[4][25], const __m256i v[25])
{
    for (int i = 0; i < 25; i++) {
        uint64_t t[4];
        memcpy(t, &v[i], sizeof t);
        for (int j = 0; j < 4; j++) s[j][i] = t[j];
    }
}

static void check_perm(uint64_t s[4][25], int reps)
{
    __m256i v[25];
    uint64_t got[4][25];
    to_x4(v, s);
    for (int r = 0; r < reps; r++) {
        sha3_keccakf1600_x4(v);
        for (int j = 0; j < 4; j++) sha3_keccakf1600_c(s[j]);
    }
    from_x4(got, v);
    for (int j = 0; j < 4; j++)
        cr_assert(memcmp(got[j], s[j], sizeof got[j]) == 0, "state %d differs after %d reps", j, reps);
}
#endif

Test(x86_64_sha3, keccakf1600_avx2_vs_portable)
{
    NEED_BACKEND();
#if SHA3_X86_64
    uint64_t a[25], b[25];
    for (int t = 0; t < 2000; t++) {
        for (int i = 0; i < 25; i++) {
            switch (t) {
            case 0: a[i] = 0; break;
            case 1: a[i] = ~0ULL; break;
            case 2: a[i] = i == 24 ? 1 : 0; break;          /* the lane kept apart */
            case 3: a[i] = (i % 5 == 4) ? 0x8000000000000001ULL : 0; break; /* column 4 */
            default: a[i] = rng64(); break;
            }
        }
        memcpy(b, a, sizeof a);
        for (int r = 0; r < 1 + t % 3; r++) {
            sha3_keccakf1600_c(a);
            sha3_keccakf1600_avx2(b);
        }
        cr_assert(memcmp(a, b, sizeof a) == 0, "trial %d differs", t);
    }
#endif
}

Test(x86_64_sha3, keccakf1600_x4_vs_portable)
{
    NEED_BACKEND();
#if defined(__AVX2__)
    uint64_t s[4][25];
    memset(s, 0, sizeof s);            /* all zero */
    check_perm(s, 1);
    memset(s, 0xff, sizeof s);         /* all one */
    check_perm(s, 2);
    for (int j = 0; j < 4; j++)        /* a single bit set, a different one per state */
        for (int i = 0; i < 25; i++) s[j][i] = (i == 7 * j) ? (1ULL << (63 - j)) : 0;
    check_perm(s, 1);
    for (int t = 0; t < 200; t++) {    /* random, and iterated */
        for (int j = 0; j < 4; j++)
            for (int i = 0; i < 25; i++) s[j][i] = rng64();
        check_perm(s, 1 + t % 3);
    }
#endif
}

#if defined(__AVX2__)
typedef void (*absorb_fn)(sha3_x4_state *, const uint8_t *, const uint8_t *, const uint8_t *,
                          const uint8_t *, size_t);
typedef void (*squeeze_fn)(sha3_x4_state *, uint8_t *, uint8_t *, uint8_t *, uint8_t *, size_t);
typedef void (*init_fn)(sha3_ctx *);

/*
 * For inlen and nblocks: the x4 calls against four incremental portable
 * sponges (init, absorb, finalize, squeezeblocks), on four different inputs,
 * squeezing in two calls to check that the state carries over.
 */
static void check_shake(absorb_fn ab, squeeze_fn sq, init_fn init, size_t rate, size_t inlen,
                        size_t nb1, size_t nb2)
{
    enum { MAXIN = 3 * 168 + 2, MAXB = 6 };
    static uint8_t in[4][MAXIN], got[4][MAXB * 168], want[4][MAXB * 168];
    sha3_x4_state st;
    cr_assert(inlen <= MAXIN && nb1 + nb2 <= MAXB);
    for (int j = 0; j < 4; j++) rng_bytes(in[j], inlen);
    if (inlen > 0 && inlen % 5 == 0) memset(in[1], 0xff, inlen); /* an all-one input too */
    ab(&st, in[0], in[1], in[2], in[3], inlen);
    sq(&st, got[0], got[1], got[2], got[3], nb1);
    sq(&st, got[0] + nb1 * rate, got[1] + nb1 * rate, got[2] + nb1 * rate, got[3] + nb1 * rate,
       nb2);
    sha3_x4_wipe(&st);
    for (int j = 0; j < 4; j++) {
        sha3_ctx c;
        init(&c);
        cr_assert_eq(sha3_absorb(&c, in[j], inlen), 0);
        shake_finalize(&c);
        shake_squeezeblocks(&c, want[j], nb1 + nb2);
        sha3_wipe(&c);
        cr_assert(memcmp(got[j], want[j], (nb1 + nb2) * rate) == 0,
                  "rate %zu inlen %zu blocks %zu+%zu: stream %d differs", rate, inlen, nb1, nb2, j);
    }
    /* The wipe leaves zeros. */
    static const sha3_x4_state zero;
    cr_assert(memcmp(&st, &zero, sizeof st) == 0);
}
#endif

Test(x86_64_sha3, shake128_x4_vs_portable)
{
    NEED_BACKEND();
#if defined(__AVX2__)
    for (size_t n = 0; n <= 3 * SHAKE128_RATE + 1; n++)
        check_shake(shake128_x4_absorb_once, shake128_x4_squeezeblocks, shake128_init,
                    SHAKE128_RATE, n, n % 4, (n / 4) % 3);
    /* The lengths ML-KEM and ML-DSA use: 34-byte seeds, 3 or 5 blocks. */
    check_shake(shake128_x4_absorb_once, shake128_x4_squeezeblocks, shake128_init,
                SHAKE128_RATE, 34, 3, 1);
    check_shake(shake128_x4_absorb_once, shake128_x4_squeezeblocks, shake128_init,
                SHAKE128_RATE, 34, 5, 0);
#endif
}

Test(x86_64_sha3, shake256_x4_vs_portable)
{
    NEED_BACKEND();
#if defined(__AVX2__)
    for (size_t n = 0; n <= 3 * SHAKE256_RATE + 1; n++)
        check_shake(shake256_x4_absorb_once, shake256_x4_squeezeblocks, shake256_init,
                    SHAKE256_RATE, n, n % 4, (n / 4) % 3);
    check_shake(shake256_x4_absorb_once, shake256_x4_squeezeblocks, shake256_init,
                SHAKE256_RATE, 33, 1, 0);
    check_shake(shake256_x4_absorb_once, shake256_x4_squeezeblocks, shake256_init,
                SHAKE256_RATE, 66, 5, 0);
#endif
}

/* One-shot shake128/shake256 as a second, independent reference. */
Test(x86_64_sha3, shake_x4_vs_oneshot)
{
    NEED_BACKEND();
#if defined(__AVX2__)
    uint8_t in[4][64], got[4][2 * 168], want[2 * 168];
    sha3_x4_state st;
    for (int j = 0; j < 4; j++) rng_bytes(in[j], sizeof in[j]);
    shake128_x4_absorb_once(&st, in[0], in[1], in[2], in[3], 64);
    shake128_x4_squeezeblocks(&st, got[0], got[1], got[2], got[3], 2);
    for (int j = 0; j < 4; j++) {
        shake128(want, 2 * 168, in[j], 64);
        cr_assert(memcmp(got[j], want, 2 * 168) == 0);
    }
    shake256_x4_absorb_once(&st, in[0], in[1], in[2], in[3], 64);
    shake256_x4_squeezeblocks(&st, got[0], got[1], got[2], got[3], 2);
    for (int j = 0; j < 4; j++) {
        shake256(want, 2 * 136, in[j], 64);
        cr_assert(memcmp(got[j], want, 2 * 136) == 0);
    }
    sha3_x4_wipe(&st);
#endif
}
