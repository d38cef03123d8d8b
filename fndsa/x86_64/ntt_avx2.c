/*
 * ntt_avx2.c -- x86-64 backend: the NTT modulo q = 12289 of modq.c on
 * AVX2, sixteen 16-bit lanes; replaces mq_NTT, mq_iNTT (modq.c) and
 * ntt_inverse (keys.c), which are compiled only in the portable build.
 * Same butterflies, the same zeta for each block and the same Montgomery
 * arithmetic as modq.c, every value kept in [0, q) exactly as there; the
 * only change is where the NTT-domain values are stored: after the five
 * layers with len >= 16 (whole registers, one broadcast zeta per block)
 * each group of sixteen 16-coefficient blocks is transposed, so that the
 * four last layers (len 8, 4, 2, 1) pair whole registers too, with one
 * zeta per lane (tables ZF, ZI below, taken from modq.c's zetas). The NTT
 * domain is thus a fixed permutation of modq.c's; every caller only
 * multiplies NTT values pointwise, tests them for zero or inverts them,
 * and goes back with the inverse NTT, so the results are the same (any
 * exact NTT works, modq.c's header). Constant time: no branch or index on data.
 * Compiled only in the backend build (FNDSA_NATIVE_FPR, set in inner.h);
 * an empty translation unit otherwise.
 */
#include "../inner.h"

#if defined(FNDSA_NATIVE_FPR)

#include <immintrin.h>

#define Q     12289
#define QINV  12287   /* -1/q mod 2^16 */
#define R2    10952   /* 2^32 mod q */
#define NINVR 7510    /* 2^32 / 512 mod q */

/* modq.c's zetas[0..31] (psi^brv9(k) * 2^16 mod q): the five first layers */
static const uint16_t zetas32[32] = {
     4091,  4401,  1081,  1229,  2530,  6014,  7947,  5329,
     9710,  7538,  5825,   586,  5266,  9477,  6399,  1591,
    10164,  3109,  1364,  1960,  1885, 10601, 10414,  4189,
     8546,  6442,  5190,  7674, 10578,   965, 11155,  6407,
};

/*
 * Per-lane zetas of the four last layers, for each group g of 256
 * coefficients (lane l = block 16g + l of 16 coefficients): row 0 layer
 * len 8 (modq.c zetas[32 + b]), rows 1-2 len 4 (zetas[64 + 2b + h]),
 * rows 3-6 len 2 (zetas[128 + 4b + q]), rows 7-14 len 1 (zetas[256 + 8b + o]);
 * ZI the same for the inverse: q - zetas[2m - 1 - i] for block i of a
 * layer of m blocks.
 */
static const uint16_t ZF[2][15][16] = {
    {
        {  4843, 10599,  8417, 12275,  2181,  5981,  5719,  3569,  4679,  1534,  7863,  3983,   100,   432,  1237, 10751 },
        {  4676,  7703, 12276,  3403,  9179,  2083,  9843,  8822, 10527,  8435,  3269,  6397,  9729,  2742, 10078,  4970 },
        {  9386,   834,  5351,  6836,  8685,  8507,  7621,  9109, 11559,  2030,  5274, 10922, 11061,    48, 11094,  1808 },
        { 10541, 11989,  5746, 11616,   932,  6431,  5204,  7586, 11229,  5133,  6634,  8197,  4699,  9046,  8780,  7103 },
        {  7687, 10993,  6635,    42,  2060, 12052,  3802, 12126,  5252,  9394,  5064,  6409,  6536,  8602,  8436, 10531 },
        {   989,  8578,  7421,  5070,  4647,  2991, 11285,  3146,  9008,  3402,  5625,  2962,   737, 11375,  5381,  1964 },
        {   340,  4614,  1582,  2240,  3362, 11938,  2053,  7692,  1556,  5357, 12011,  5914,  8591, 12273,  7516,  4552 },
        {  6501, 12249,  7248,  2496, 11535,  5600,  5267,  6941, 11561, 10492, 11018, 11363,  3608,  5800,  5894,  6750 },
        {  4981,  2285,  3784,  4884,  3133, 11903, 10956,  4424,  4720,  8950,   408,  6814,  2806,   478,  4325,  4582 },
        {  2628,  1963,  5601, 10230,   750,  7827,  2356,  5613,  6233,  2472,  1851,  7962, 12188, 10301, 11218,  3619 },
        {  3488,  3073,  1093,  2411,  3240, 12184,  6737,  6552,  1857,  6255,  9471,  2936, 10378,  9108,  1272,  6786 },
        { 11380,  6686,  2650,  7993,  4370, 10213,  9959, 11568,  1253,  6047,  5378,  6084,  8915,  1361,  8998,  8470 },
        {  7379,  8238, 11448, 11918, 11505,  1846,  7139,  2784,  9837,  9410,  3079,  2688, 11477,  9812, 11344,  4639 },
        {   676,  4302,  2058,  4371,  3672, 12170,  6816,  2510,  9478,  7089,  8276,  4966,   292,  2949,  8815,  5233 },
        {  4395,  9245,  8399,   695, 11439,  8334,  3884,  1012,  8502,  2114,   360,  8181,  1753, 11265, 11045,  9826 },
    },
    {
        {  2564,  7144,  5664,  8247,  6458,  2829,  4431,  3412,  7882,  7506, 10740,  7072,  6049,    79, 11292,   117 },
        {  8966,  3012,  1820,  2851,  5285,  3316, 10637,  6109,   900, 11133,  9322,  1517,  2019,  9368,  2315,  4673 },
        {   883,  6130,   489,  1502,   711,  1053,  2203,  2796,  3888, 10736, 11269,  7045, 12163,  5569,  7543,  4949 },
        {  8723,  4956,  6829,  3253,  6232,  5344,  8901,  3468,  7680,  6633,  2482, 11562,    39,  1469,  7338,  6040 },
        { 10156,  5680, 10822,  6188,   378,  1949,  3060,  4659,  3684,  3585,  8756,  6199,  8525,  9787,  1715, 11346 },
        {  2341,  6251,  3736,  9640,  8763, 10559,  7738,   625,  4063,  9668,  5387,  2190,  2080,  8709, 10401, 10812 },
        {  9130,  3901,  7783,  2320,  7871,  9731,  3443,  2700, 12145,  6865,  4101,  7003,  4070,  1739,  9540,  2959 },
        {  7778, 11468,  3755,  6990,  4801,  4339,  2727,  4520,  7178, 10122,  4328,  9873,  2778,  8444,  8530,  6437 },
        {  1158,  2352, 11306,  3161,  9926,  2523,  2441, 12153, 10855,  2436, 10832,  2835,  4136,  3052,  7356,  8637 },
        {  1097,  1273,  7739,  4130,  6177,  6115, 10261, 11672,  5964, 11413,  1432, 10422,   692, 12039,  8433,  3311 },
        {   315,  2550,  4922,   637,  5056, 11670, 11393,  9132,  9543,  7030,  4220,  3732,  3481, 11209, 11361,  5947 },
        {  6228, 10039,  2163,  5221,   599,  7775,  4405,  6400,  8206,   303, 11457,  3213,  6326,  6736,  5879,  4873 },
        {  6751,  2569,  3937,  4367,  1113,  9010,  1825,  3070,  7431,  5733, 10661,  8473,  4225,  8454,  6718,  5813 },
        {   357,  2890,  4759,  3999, 11465,   937,  9635,  5434,  3442,  3871,  8879, 11603,  9680, 11065, 10418, 10017 },
        { 11865, 10027,  9253,  3512, 10204,  9455,  7214, 12169,  3072, 10824,  7389,  5393,    35,  8476, 10105,  6898 },
    },
};
static const uint16_t ZI[2][15][16] = {
    {
        { 12172,   997, 12210,  6240,  5217,  1549,  4783,  4407,  8877,  7858,  9460,  5831,  4042,  6625,  5145,  9725 },
        {  7340,  4746,  6720,   126,  5244,  1020,  1553,  8401,  9493, 10086, 11236, 11578, 10787, 11800,  6159, 11406 },
        {  7616,  9974,  2921, 10270, 10772,  2967,  1156, 11389,  6180,  1652,  8973,  7004,  9438, 10469,  9277,  3323 },
        {  9330,  2749, 10550,  8219,  5286,  8188,  5424,   144,  9589,  8846,  2558,  4418,  9969,  4506,  8388,  3159 },
        {  1477,  1888,  3580, 10209, 10099,  6902,  2621,  8226, 11664,  4551,  1730,  3526,  2649,  8553,  6038,  9948 },
        {   943, 10574,  2502,  3764,  6090,  3533,  8704,  8605,  7630,  9229, 10340, 11911,  6101,  1467,  6609,  2133 },
        {  6249,  4951, 10820, 12250,   727,  9807,  5656,  4609,  8821,  3388,  6945,  6057,  9036,  5460,  7333,  3566 },
        {  5391,  2184,  3813, 12254,  6896,  4900,  1465,  9217,   120,  5075,  2834,  2085,  8777,  3036,  2262,   424 },
        {  2272,  1871,  1224,  2609,   686,  3410,  8418,  8847,  6855,  2654, 11352,   824,  8290,  7530,  9399, 11932 },
        {  6476,  5571,  3835,  8064,  3816,  1628,  6556,  4858,  9219, 10464,  3279, 11176,  7922,  8352,  9720,  5538 },
        {  7416,  6410,  5553,  5963,  9076,   832, 11986,  4083,  5889,  7884,  4514, 11690,  7068, 10126,  2250,  6061 },
        {  6342,   928,  1080,  8808,  8557,  8069,  5259,  2746,  3157,   896,   619,  7233, 11652,  7367,  9739, 11974 },
        {  8978,  3856,   250, 11597,  1867, 10857,   876,  6325,   617,  2028,  6174,  6112,  8159,  4550, 11016, 11192 },
        {  3652,  4933,  9237,  8153,  9454,  1457,  9853,  1434,   136,  9848,  9766,  2363,  9128,   983,  9937, 11131 },
        {  5852,  3759,  3845,  9511,  2416,  7961,  2167,  5111,  7769,  9562,  7950,  7488,  5299,  8534,   821,  4511 },
    },
    {
        {  1538, 11052, 11857, 12189,  8306,  4426, 10755,  7610,  8720,  6570,  6308, 10108,    14,  3872,  1690,  7446 },
        { 10481,  1195, 12241,  1228,  1367,  7015, 10259,   730,  3180,  4668,  3782,  3604,  5453,  6938, 11455,  2903 },
        {  7319,  2211,  9547,  2560,  5892,  9020,  3854,  1762,  3467,  2446, 10206,  3110,  8886,    13,  4586,  7613 },
        {  7737,  4773,    16,  3698,  6375,   278,  6932, 10733,  4597, 10236,   351,  8927, 10049, 10707,  7675, 11949 },
        { 10325,  6908,   914, 11552,  9327,  6664,  8887,  3281,  9143,  1004,  9298,  7642,  7219,  4868,  3711, 11300 },
        {  1758,  3853,  3687,  5753,  5880,  7225,  2895,  7037,   163,  8487,   237, 10229, 12247,  5654,  1296,  4602 },
        {  5186,  3509,  3243,  7590,  4092,  5655,  7156,  1060,  4703,  7085,  5858, 11357,   673,  6543,   300,  1748 },
        {  2463,  1244,  1024, 10536,  4108, 11929, 10175,  3787, 11277,  8405,  3955,   850, 11594,  3890,  3044,  7894 },
        {  7056,  3474,  9340, 11997,  7323,  4013,  5200,  2811,  9779,  5473,   119,  8617,  7918, 10231,  7987, 11613 },
        {  7650,   945,  2477,   812,  9601,  9210,  2879,  2452,  9505,  5150, 10443,   784,   371,   841,  4051,  4910 },
        {  3819,  3291, 10928,  3374,  6205,  6911,  6242, 11036,   721,  2330,  2076,  7919,  4296,  9639,  5603,   909 },
        {  5503, 11017,  3181,  1911,  9353,  2818,  6034, 10432,  5737,  5552,   105,  9049,  9878, 11196,  9216,  8801 },
        {  8670,  1071,  1988,   101,  4327, 10438,  9817,  6056,  6676,  9933,  4462, 11539,  2059,  6688, 10326,  9661 },
        {  7707,  7964, 11811,  9483,  5475, 11881,  3339,  7569,  7865,  1333,   386,  9156,  7405,  8505, 10004,  7308 },
        {  5539,  6395,  6489,  8681,   926,  1271,  1797,   728,  5348,  7022,  6689,   754,  9793,  5041,    40,  5788 },
    },
};

#define LDV(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define STV(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))

/* mq_mont of inner.h: x y / 2^16 mod q in [0, q), for x, y in [0, q).
 * (x y + m q) / 2^16 = hi(x y) + hi(m q) + carry, the carry out of the low
 * halves being 1 unless lo(x y) = 0 (the low halves sum to 0 mod 2^16). */
static inline __m256i vmont(__m256i x, __m256i y)
{
    const __m256i vq = _mm256_set1_epi16(Q), vqinv = _mm256_set1_epi16((short)QINV);
    __m256i lo = _mm256_mullo_epi16(x, y);
    __m256i hi = _mm256_mulhi_epu16(x, y);
    __m256i m = _mm256_mullo_epi16(lo, vqinv);
    __m256i c = _mm256_add_epi16(_mm256_set1_epi16(1),
                                 _mm256_cmpeq_epi16(lo, _mm256_setzero_si256()));
    __m256i z = _mm256_add_epi16(_mm256_add_epi16(hi, _mm256_mulhi_epu16(m, vq)), c);

    return _mm256_min_epu16(z, _mm256_sub_epi16(z, vq));     /* z < 2q -> [0, q) */
}

/* mq_add, mq_sub: results in [0, q) */
static inline __m256i vadd(__m256i x, __m256i y)
{
    __m256i z = _mm256_add_epi16(x, y);

    return _mm256_min_epu16(z, _mm256_sub_epi16(z, _mm256_set1_epi16(Q)));
}

static inline __m256i vsub(__m256i x, __m256i y)
{
    __m256i z = _mm256_add_epi16(_mm256_sub_epi16(x, y), _mm256_set1_epi16(Q));

    return _mm256_min_epu16(z, _mm256_sub_epi16(z, _mm256_set1_epi16(Q)));
}

/* 16 x 16 transpose of 16-bit values: v[r] lane l <-> v[l] lane r. */
static void transpose16(__m256i *v)
{
    __m256i b[16], c[16], d[16];
    int h, k;

    /* 8 x 8 transposes inside each 128-bit half, rows 0-7 and 8-15 */
    for (h = 0; h < 16; h += 8) {
        for (k = 0; k < 4; k++) {
            b[h + 2 * k] = _mm256_unpacklo_epi16(v[h + 2 * k], v[h + 2 * k + 1]);
            b[h + 2 * k + 1] = _mm256_unpackhi_epi16(v[h + 2 * k], v[h + 2 * k + 1]);
        }
        c[h + 0] = _mm256_unpacklo_epi32(b[h + 0], b[h + 2]);
        c[h + 1] = _mm256_unpackhi_epi32(b[h + 0], b[h + 2]);
        c[h + 2] = _mm256_unpacklo_epi32(b[h + 1], b[h + 3]);
        c[h + 3] = _mm256_unpackhi_epi32(b[h + 1], b[h + 3]);
        c[h + 4] = _mm256_unpacklo_epi32(b[h + 4], b[h + 6]);
        c[h + 5] = _mm256_unpackhi_epi32(b[h + 4], b[h + 6]);
        c[h + 6] = _mm256_unpacklo_epi32(b[h + 5], b[h + 7]);
        c[h + 7] = _mm256_unpackhi_epi32(b[h + 5], b[h + 7]);
        for (k = 0; k < 4; k++) {
            d[h + 2 * k] = _mm256_unpacklo_epi64(c[h + k], c[h + k + 4]);
            d[h + 2 * k + 1] = _mm256_unpackhi_epi64(c[h + k], c[h + k + 4]);
        }
    }
    /* d[r] (r < 8): column r of rows 0-7 (low half: columns 0-7, high half:
     * columns 8-15); d[8 + r] the same for rows 8-15 */
    for (k = 0; k < 8; k++) {
        v[k] = _mm256_permute2x128_si256(d[k], d[8 + k], 0x20);
        v[k + 8] = _mm256_permute2x128_si256(d[k], d[8 + k], 0x31);
    }
}

/* Replaces mq_NTT (modq.c); output in the permuted NTT order above. */
void fndsa_avx2_mq_NTT(uint16_t *a)
{
    __m256i v[16];
    size_t len, m, i, j;
    int g, r;

    for (m = 1, len = FNDSA_N / 2; len >= 16; m <<= 1, len >>= 1) {
        for (i = 0; i < m; i++) {
            size_t start = i * 2 * len;
            __m256i z = _mm256_set1_epi16((short)zetas32[m + i]);

            for (j = start; j < start + len; j += 16) {
                __m256i x = LDV(a + j), t = vmont(z, LDV(a + j + len));

                STV(a + j + len, vsub(x, t));
                STV(a + j, vadd(x, t));
            }
        }
    }
    for (g = 0; g < 2; g++) {
        for (r = 0; r < 16; r++) {
            v[r] = LDV(a + 256 * g + 16 * r);
        }
        transpose16(v);
#define BF(x, y, zrow) do { \
        __m256i bt = vmont(LDV(ZF[g][zrow]), v[y]); \
        v[y] = vsub(v[x], bt); \
        v[x] = vadd(v[x], bt); \
    } while (0)
        for (r = 0; r < 8; r++) {
            BF(r, r + 8, 0);
        }
        for (r = 0; r < 16; r++) {
            if ((r & 4) == 0) {
                BF(r, r + 4, 1 + (r >> 3));
            }
        }
        for (r = 0; r < 16; r++) {
            if ((r & 2) == 0) {
                BF(r, r + 2, 3 + (r >> 2));
            }
        }
        for (r = 0; r < 16; r += 2) {
            BF(r, r + 1, 7 + (r >> 1));
        }
#undef BF
        for (r = 0; r < 16; r++) {
            STV(a + 256 * g + 16 * r, v[r]);
        }
    }
}

/* Replaces mq_iNTT (modq.c): input in the permuted order of
 * fndsa_avx2_mq_NTT; also multiplies by 2^16, as mq_iNTT. */
void fndsa_avx2_mq_iNTT(uint16_t *a)
{
    __m256i v[16];
    const __m256i ninv = _mm256_set1_epi16((short)NINVR);
    size_t len, m, i, j;
    int g, r;

    for (g = 0; g < 2; g++) {
        for (r = 0; r < 16; r++) {
            v[r] = LDV(a + 256 * g + 16 * r);
        }
#define IBF(x, y, zrow) do { \
        __m256i bt = v[x]; \
        v[x] = vadd(bt, v[y]); \
        v[y] = vmont(LDV(ZI[g][zrow]), vsub(bt, v[y])); \
    } while (0)
        for (r = 0; r < 16; r += 2) {
            IBF(r, r + 1, 7 + (r >> 1));
        }
        for (r = 0; r < 16; r++) {
            if ((r & 2) == 0) {
                IBF(r, r + 2, 3 + (r >> 2));
            }
        }
        for (r = 0; r < 16; r++) {
            if ((r & 4) == 0) {
                IBF(r, r + 4, 1 + (r >> 3));
            }
        }
        for (r = 0; r < 8; r++) {
            IBF(r, r + 8, 0);
        }
#undef IBF
        transpose16(v);
        for (r = 0; r < 16; r++) {
            STV(a + 256 * g + 16 * r, v[r]);
        }
    }
    for (m = 16, len = 16; m >= 1; m >>= 1, len <<= 1) {
        for (i = 0; i < m; i++) {
            size_t start = i * 2 * len;
            __m256i z = _mm256_set1_epi16((short)(Q - zetas32[2 * m - 1 - i]));

            for (j = start; j < start + len; j += 16) {
                __m256i x = LDV(a + j), y = LDV(a + j + len);

                STV(a + j, vadd(x, y));
                STV(a + j + len, vmont(z, vsub(x, y)));
            }
        }
    }
    for (j = 0; j < FNDSA_N; j += 16) {
        STV(a + j, vmont(LDV(a + j), ninv));
    }
}

/*
 * Replaces ntt_inverse (keys.c): finv = 1/f in the NTT domain times 2^16
 * (each value x -> x 2^16 -> (x 2^16)^(q-2) 2^16... by the same fixed
 * square-and-multiply chain as mq_inv_mont on the public exponent q - 2);
 * returns 1 if an NTT coefficient of f is zero, else 0; constant time.
 */
uint32_t fndsa_avx2_ntt_inverse(uint16_t *finv, const int8_t *f)
{
    const __m256i r2 = _mm256_set1_epi16((short)R2);
    __m256i zero = _mm256_setzero_si256();
    size_t u;
    int i;

    for (u = 0; u < FNDSA_N; u++) {
        uint32_t z = (uint32_t)(int32_t)f[u];

        finv[u] = (uint16_t)(z + ((uint32_t)Q & (0u - (z >> 31))));   /* mq_of */
    }
    fndsa_avx2_mq_NTT(finv);
    for (u = 0; u < FNDSA_N; u += 16) {
        __m256i x = LDV(finv + u), xm, rr;

        zero = _mm256_or_si256(zero, _mm256_cmpeq_epi16(x, _mm256_setzero_si256()));
        xm = vmont(x, r2);
        rr = xm;
        for (i = 12; i >= 0; i--) {
            rr = vmont(rr, rr);
            if ((12287u >> i) & 1u) {          /* public exponent bits */
                rr = vmont(rr, xm);
            }
        }
        STV(finv + u, rr);
    }
    return (uint32_t)_mm256_testz_si256(zero, zero) ^ 1u;
}

#else
typedef int fndsa_x86_64_ntt_avx2_empty; /* ISO C: no empty translation unit */
#endif
