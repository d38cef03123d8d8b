/*
 * verify.c -- arithmetic modulo q = 12289 (NTT over Z_q[x]/(x^512 + 1)) and
 * Falcon-512 verification ([Falcon] spec v1.2, §3.10, Algorithm 16 Verify),
 * plus the two mod-q helpers of key handling: h = g/f mod q (public key,
 * [Falcon] Algorithm 4 line 8) and G from the NTRU equation fG - gF = q.
 *
 * Verification is strict: header bytes, exact lengths, pk coefficients
 * < q, the canonical compressed encoding (codec.c) and zero padding, and
 * the norm bound ||(s1, s2)||^2 <= 34034726 ([Falcon] Table 3.3, beta^2),
 * accumulated in 32 bits with saturation so it cannot overflow.
 *
 * NTT: negacyclic, Cooley-Tukey forward / Gentleman-Sande inverse, with
 * Montgomery multiplication (R = 2^16). Any exact NTT gives the same
 * results mod q, so this part need not follow the reference's code.
 * All mod-q code is constant time (no secret branch, index or division).
 */
#include <string.h>

#include "inner.h"
#include "ct.h"

#define Q     12289u
#define QINV  12287u   /* -1/q mod 2^16 */
#define R2    10952u   /* 2^32 mod q */
#define NINVR 7510u    /* 2^32 / 512 mod q: final scaling of the inverse NTT */

#if !defined(FNDSA_NATIVE_FPR) /* the backend has its own (x86_64/ntt_avx2.c) */
/* zetas[k] = psi^brv9(k) * 2^16 mod q, psi = 11^12 = 10302, a primitive
 * 1024-th root of unity mod q (11 generates Z_q^*). */
static const uint16_t zetas[512] = {
     4091,  4401,  1081,  1229,  2530,  6014,  7947,  5329,
     9710,  7538,  5825,   586,  5266,  9477,  6399,  1591,
    10164,  3109,  1364,  1960,  1885, 10601, 10414,  4189,
     8546,  6442,  5190,  7674, 10578,   965, 11155,  6407,
     4843, 10599,  8417, 12275,  2181,  5981,  5719,  3569,
     4679,  1534,  7863,  3983,   100,   432,  1237, 10751,
     2564,  7144,  5664,  8247,  6458,  2829,  4431,  3412,
     7882,  7506, 10740,  7072,  6049,    79, 11292,   117,
     4676,  9386,  7703,   834, 12276,  5351,  3403,  6836,
     9179,  8685,  2083,  8507,  9843,  7621,  8822,  9109,
    10527, 11559,  8435,  2030,  3269,  5274,  6397, 10922,
     9729, 11061,  2742,    48, 10078, 11094,  4970,  1808,
     8966,   883,  3012,  6130,  1820,   489,  2851,  1502,
     5285,   711,  3316,  1053, 10637,  2203,  6109,  2796,
      900,  3888, 11133, 10736,  9322, 11269,  1517,  7045,
     2019, 12163,  9368,  5569,  2315,  7543,  4673,  4949,
    10541,  7687,   989,   340, 11989, 10993,  8578,  4614,
     5746,  6635,  7421,  1582, 11616,    42,  5070,  2240,
      932,  2060,  4647,  3362,  6431, 12052,  2991, 11938,
     5204,  3802, 11285,  2053,  7586, 12126,  3146,  7692,
    11229,  5252,  9008,  1556,  5133,  9394,  3402,  5357,
     6634,  5064,  5625, 12011,  8197,  6409,  2962,  5914,
     4699,  6536,   737,  8591,  9046,  8602, 11375, 12273,
     8780,  8436,  5381,  7516,  7103, 10531,  1964,  4552,
     8723, 10156,  2341,  9130,  4956,  5680,  6251,  3901,
     6829, 10822,  3736,  7783,  3253,  6188,  9640,  2320,
     6232,   378,  8763,  7871,  5344,  1949, 10559,  9731,
     8901,  3060,  7738,  3443,  3468,  4659,   625,  2700,
     7680,  3684,  4063, 12145,  6633,  3585,  9668,  6865,
     2482,  8756,  5387,  4101, 11562,  6199,  2190,  7003,
       39,  8525,  2080,  4070,  1469,  9787,  8709,  1739,
     7338,  1715, 10401,  9540,  6040, 11346, 10812,  2959,
     6501,  4981,  2628,  3488, 11380,  7379,   676,  4395,
    12249,  2285,  1963,  3073,  6686,  8238,  4302,  9245,
     7248,  3784,  5601,  1093,  2650, 11448,  2058,  8399,
     2496,  4884, 10230,  2411,  7993, 11918,  4371,   695,
    11535,  3133,   750,  3240,  4370, 11505,  3672, 11439,
     5600, 11903,  7827, 12184, 10213,  1846, 12170,  8334,
     5267, 10956,  2356,  6737,  9959,  7139,  6816,  3884,
     6941,  4424,  5613,  6552, 11568,  2784,  2510,  1012,
    11561,  4720,  6233,  1857,  1253,  9837,  9478,  8502,
    10492,  8950,  2472,  6255,  6047,  9410,  7089,  2114,
    11018,   408,  1851,  9471,  5378,  3079,  8276,   360,
    11363,  6814,  7962,  2936,  6084,  2688,  4966,  8181,
     3608,  2806, 12188, 10378,  8915, 11477,   292,  1753,
     5800,   478, 10301,  9108,  1361,  9812,  2949, 11265,
     5894,  4325, 11218,  1272,  8998, 11344,  8815, 11045,
     6750,  4582,  3619,  6786,  8470,  4639,  5233,  9826,
     7778,  1158,  1097,   315,  6228,  6751,   357, 11865,
    11468,  2352,  1273,  2550, 10039,  2569,  2890, 10027,
     3755, 11306,  7739,  4922,  2163,  3937,  4759,  9253,
     6990,  3161,  4130,   637,  5221,  4367,  3999,  3512,
     4801,  9926,  6177,  5056,   599,  1113, 11465, 10204,
     4339,  2523,  6115, 11670,  7775,  9010,   937,  9455,
     2727,  2441, 10261, 11393,  4405,  1825,  9635,  7214,
     4520, 12153, 11672,  9132,  6400,  3070,  5434, 12169,
     7178, 10855,  5964,  9543,  8206,  7431,  3442,  3072,
    10122,  2436, 11413,  7030,   303,  5733,  3871, 10824,
     4328, 10832,  1432,  4220, 11457, 10661,  8879,  7389,
     9873,  2835, 10422,  3732,  3213,  8473, 11603,  5393,
     2778,  4136,   692,  3481,  6326,  4225,  9680,    35,
     8444,  3052, 12039, 11209,  6736,  8454, 11065,  8476,
     8530,  7356,  8433, 11361,  5879,  6718, 10418, 10105,
     6437,  8637,  3311,  5947,  4873,  5813, 10017,  6898,
};
#endif

/* x * y / 2^16 mod q, for x, y < q; result in [0, q). */
static inline uint32_t mq_mont(uint32_t x, uint32_t y)
{
    uint32_t z = x * y;
    uint32_t m = (z * QINV) & 0xFFFF;

    z = (z + m * Q) >> 16;       /* < 2q */
    z -= Q;
    z += Q & (0u - (z >> 31));
    return z;
}

#if !defined(FNDSA_NATIVE_FPR) /* only the portable NTTs add */
static inline uint32_t mq_add(uint32_t x, uint32_t y)
{
    uint32_t z = x + y - Q;

    return z + (Q & (0u - (z >> 31)));
}
#endif

static inline uint32_t mq_sub(uint32_t x, uint32_t y)
{
    uint32_t z = x - y;

    return z + (Q & (0u - (z >> 31)));
}

/* Signed small value to [0, q). */
static inline uint16_t mq_of(int32_t x)
{
    uint32_t z = (uint32_t)x;

    return (uint16_t)(z + (Q & (0u - (z >> 31))));
}

#if !defined(FNDSA_NATIVE_FPR)
/* Forward NTT, in place, values in [0, q); output in bit-reversed order. */
static void mq_NTT(uint16_t *a)
{
    size_t len, m, i, j, k = 0;

    /* m blocks of 2*len; loop counts written without a division so no
     * compiler derives one (disassembly gate) */
    for (m = 1, len = FNDSA_N / 2; m < FNDSA_N; m <<= 1, len >>= 1) {
        for (i = 0; i < m; i++) {
            size_t start = i * 2 * len;
            uint32_t z = zetas[++k];

            for (j = start; j < start + len; j++) {
                uint32_t t = mq_mont(z, a[j + len]);

                a[j + len] = (uint16_t)mq_sub(a[j], t);
                a[j] = (uint16_t)mq_add(a[j], t);
            }
        }
    }
}

/* Inverse NTT, in place; also multiplies by 2^16 (undoing one Montgomery
 * factor of a pointwise product). */
static void mq_iNTT(uint16_t *a)
{
    size_t len, m, i, j, k = FNDSA_N;

    for (m = FNDSA_N / 2, len = 1; m >= 1; m >>= 1, len <<= 1) {
        for (i = 0; i < m; i++) {
            size_t start = i * 2 * len;
            uint32_t z = Q - zetas[--k];

            for (j = start; j < start + len; j++) {
                uint32_t t = a[j];

                a[j] = (uint16_t)mq_add(t, a[j + len]);
                a[j + len] = (uint16_t)mq_mont(z, mq_sub(t, a[j + len]));
            }
        }
    }
    for (j = 0; j < FNDSA_N; j++) {
        a[j] = (uint16_t)mq_mont(a[j], NINVR);
    }
}

/* x^(q-2) * 2^16 = (1/x) * 2^16 mod q for x given as x * 2^16 (Montgomery
 * form); 0 maps to 0. Fixed square-and-multiply chain on the public
 * exponent q - 2 = 12287 = 0b10111111111111. */
static uint32_t mq_inv_mont(uint32_t xm)
{
    uint32_t r = xm;
    int i;

    for (i = 12; i >= 0; i--) {
        r = mq_mont(r, r);
        if ((12287u >> i) & 1u) {          /* public exponent bits */
            r = mq_mont(r, xm);
        }
    }
    return r;
}

/*
 * 1/f in the NTT domain, each value times 2^16 (so that mq_mont(a, finv)
 * = a / f, in plain form). Returns 1 if some NTT coefficient of f is zero (f not
 * invertible), else 0; constant time.
 */
static uint32_t ntt_inverse(uint16_t *finv, const int8_t *f)
{
    uint32_t zero = 0;
    size_t u;

    for (u = 0; u < FNDSA_N; u++) {
        finv[u] = mq_of(f[u]);
    }
    mq_NTT(finv);
    for (u = 0; u < FNDSA_N; u++) {
        uint32_t x = finv[u];

        zero |= 1u - ((x | (0u - x)) >> 31);
        /* x -> x * 2^16 (Montgomery form) -> 1/x * 2^16 */
        finv[u] = (uint16_t)mq_inv_mont(mq_mont(x, R2));
    }
    return zero;
}
#else
/* x86-64 backend (fpr_native.h): the NTTs and the inversion run on AVX2
 * (x86_64/ntt_avx2.c), in a permuted NTT order that the code below cannot see */
#define mq_NTT fndsa_avx2_mq_NTT
#define mq_iNTT fndsa_avx2_mq_iNTT
#define ntt_inverse fndsa_avx2_ntt_inverse
#endif

int fndsa_compute_public(uint16_t *h, const int8_t *f, const int8_t *g,
                         unsigned logn, uint8_t *tmp)
{
    uint16_t *finv = (uint16_t *)(void *)tmp;
    uint32_t bad;
    size_t u;

    if (logn != FNDSA_LOGN) {
        return -1;
    }
    bad = ntt_inverse(finv, f);
    for (u = 0; u < FNDSA_N; u++) {
        h[u] = mq_of(g[u]);
    }
    mq_NTT(h);
    for (u = 0; u < FNDSA_N; u++) {
        /* (g/f) / 2^16; the inverse NTT multiplies back by 2^16 */
        h[u] = (uint16_t)mq_mont(mq_mont(h[u], finv[u]), 1);
    }
    mq_iNTT(h);
    bad = fndsa_ct_barrier32(bad);
    FNDSA_CT_DECLASSIFY(&bad, sizeof bad); /* keygen rejection of a discarded f (§1.4) */
    return bad ? -1 : 0;
}

int fndsa_complete_private(int8_t *G, const int8_t *f, const int8_t *g,
                           const int8_t *F, unsigned logn, uint8_t *tmp)
{
    uint16_t *finv = (uint16_t *)(void *)tmp;
    uint16_t *t = finv + FNDSA_N;
    uint32_t bad;
    size_t u;

    if (logn != FNDSA_LOGN) {
        return -1;
    }
    /* fG - gF = q  =>  G = gF / f mod q */
    bad = ntt_inverse(finv, f);
    for (u = 0; u < FNDSA_N; u++) {
        t[u] = mq_of(g[u]);
    }
    mq_NTT(t);
    for (u = 0; u < FNDSA_N; u++) {
        finv[u] = (uint16_t)mq_mont(t[u], finv[u]);      /* g/f */
        t[u] = mq_of(F[u]);
    }
    mq_NTT(t);
    for (u = 0; u < FNDSA_N; u++) {
        t[u] = (uint16_t)mq_mont(t[u], finv[u]);         /* gF/f / 2^16 */
    }
    mq_iNTT(t);
    for (u = 0; u < FNDSA_N; u++) {
        /* centered representative, must lie in [-127, 127] */
        int32_t w = (int32_t)t[u];

        w -= (int32_t)(Q & (0u - ((Q / 2 - (uint32_t)w) >> 31)));
        bad |= (uint32_t)(w + 127) >> 31;
        bad |= (uint32_t)(127 - w) >> 31;
        G[u] = (int8_t)w;
    }
    fndsa_ct_wipe(tmp, 4 * FNDSA_N);
    bad = fndsa_ct_barrier32(bad);
    FNDSA_CT_DECLASSIFY(&bad, sizeof bad); /* only says the secret key is invalid */
    return bad ? -1 : 0;
}

/*
 * Squared norm check ([Falcon] Algorithm 16 line 4): 1 if
 * ||(s1, s2)||^2 <= 34034726, else 0. The sum is kept in 32 bits; once it
 * exceeds 2^31 - 1 the top bit is recorded and the result saturated, so
 * no overflow can make a long vector look short (each term is < 2^31).
 */
#define FNDSA_L2BOUND 34034726u

int fndsa_is_short(const int16_t *s1, const int16_t *s2, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;
    uint32_t s = 0, ng = 0;

    for (u = 0; u < n; u++) {
        int32_t z = s1[u];

        s += (uint32_t)(z * z);
        ng |= s;
        z = s2[u];
        s += (uint32_t)(z * z);
        ng |= s;
    }
    s |= 0u - (ng >> 31);
    return s <= FNDSA_L2BOUND;
}

/* Same, with the squared norm of s1 already summed (saturated) in sqn. */
int fndsa_is_short_half(uint32_t sqn, const int16_t *s2, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;
    uint32_t ng = 0u - (sqn >> 31);

    for (u = 0; u < n; u++) {
        int32_t z = s2[u];

        sqn += (uint32_t)(z * z);
        ng |= sqn;
    }
    sqn |= 0u - (ng >> 31);
    return sqn <= FNDSA_L2BOUND;
}

/*
 * [Falcon] Algorithm 16 (Verify), core: given c = HashToPoint(r || m),
 * s2 and the public key h, compute s1 = c - s2 h mod q (centered) and
 * check the norm. Returns 1 if valid.
 */
static int verify_raw(const uint16_t *c, const int16_t *s2, const uint16_t *h)
{
    uint16_t t[FNDSA_N], hh[FNDSA_N];
    int16_t s1[FNDSA_N];
    size_t u;

    for (u = 0; u < FNDSA_N; u++) {
        t[u] = mq_of(s2[u]);
        hh[u] = h[u];
    }
    mq_NTT(t);
    mq_NTT(hh);
    for (u = 0; u < FNDSA_N; u++) {
        t[u] = (uint16_t)mq_mont(t[u], hh[u]);
    }
    mq_iNTT(t);                                        /* s2 h mod q */
    for (u = 0; u < FNDSA_N; u++) {
        int32_t w = (int32_t)mq_sub(c[u], t[u]);     /* s1 mod q */

        w -= (int32_t)(Q & (0u - ((Q / 2 - (uint32_t)w) >> 31)));
        s1[u] = (int16_t)w;
    }
    return fndsa_is_short(s1, s2, FNDSA_LOGN);
}

/* Shared body: sig = 0x39 || nonce || comp(s2) || padding of the given
 * total length; padding (if any) must be zero. */
static int verify_sig(const uint8_t *sig, size_t siglen, int padded,
                      const uint8_t *m, size_t mlen, const uint8_t *pk)
{
    uint16_t h[FNDSA_N], c[FNDSA_N];
    int16_t s2[FNDSA_N];
    size_t v, u;

    if (pk == NULL || (sig == NULL && siglen != 0) || (m == NULL && mlen != 0)) {
        return FNDSA512_ERR_NULL;
    }
    /* public key: header 0x00 + logn, then 512 x 14 bits, all < q */
    if (pk[0] != 0x00 + FNDSA_LOGN) {
        return FNDSA512_ERR_PK;
    }
    if (fndsa_modq_decode(h, FNDSA_LOGN, pk + 1, FNDSA512_PUBLICKEYBYTES - 1)
        != FNDSA512_PUBLICKEYBYTES - 1) {
        return FNDSA512_ERR_PK;
    }
    /* signature: header 0x30 + logn (compressed s2) */
    if (padded) {
        if (siglen != FNDSA512_SIGBYTES) {
            return FNDSA512_ERR_VERIFY;
        }
    } else if (siglen < 1 + FNDSA512_NONCEBYTES + 1
               || siglen > FNDSA512_COMPRESSED_MAXBYTES) {
        return FNDSA512_ERR_VERIFY;
    }
    if (sig[0] != 0x30 + FNDSA_LOGN) {
        return FNDSA512_ERR_VERIFY;
    }
    v = fndsa_comp_decode(s2, FNDSA_LOGN, sig + 1 + FNDSA512_NONCEBYTES,
                          siglen - 1 - FNDSA512_NONCEBYTES);
    if (v == 0) {
        return FNDSA512_ERR_VERIFY;
    }
    v += 1 + FNDSA512_NONCEBYTES;
    if (!padded && v != siglen) {
        return FNDSA512_ERR_VERIFY;                   /* trailing bytes */
    }
    for (u = v; u < siglen; u++) {
        if (sig[u] != 0) {
            return FNDSA512_ERR_VERIFY;               /* non-zero padding */
        }
    }
    fndsa_hash_message(c, sig + 1, m, mlen);
    return verify_raw(c, s2, h) ? 0 : FNDSA512_ERR_VERIFY;
}

/* [Falcon] Algorithm 16 (Verify), padded signature (§3.11.6). */
int fndsa512_verify(const uint8_t *sig, size_t siglen, const uint8_t *m, size_t mlen,
                    const uint8_t pk[FNDSA512_PUBLICKEYBYTES])
{
    return verify_sig(sig, siglen, 1, m, mlen, pk);
}

/* [Falcon] Algorithm 16 (Verify), compressed signature, no trailing byte. */
int fndsa512_verify_compressed(const uint8_t *sig, size_t siglen, const uint8_t *m,
                               size_t mlen, const uint8_t pk[FNDSA512_PUBLICKEYBYTES])
{
    return verify_sig(sig, siglen, 0, m, mlen, pk);
}

/* Public-key decoding ([Falcon] §3.11.4), strict: length, header, h < q. */
int fndsa512_check_pk(const uint8_t *pk, size_t pklen)
{
    uint16_t h[FNDSA_N];

    if (pk == NULL && pklen != 0) {
        return FNDSA512_ERR_NULL;
    }
    if (pklen != FNDSA512_PUBLICKEYBYTES) {
        return FNDSA512_ERR_LENGTH;
    }
    if (pk[0] != 0x00 + FNDSA_LOGN) {
        return FNDSA512_ERR_PK;
    }
    if (fndsa_modq_decode(h, FNDSA_LOGN, pk + 1, pklen - 1) != pklen - 1) {
        return FNDSA512_ERR_PK;
    }
    return 0;
}
