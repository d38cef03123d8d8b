/*
 * ntt.c -- the number-theoretic transform of FIPS 204: NTT (Algorithm 41) and
 * NTT^-1 (Algorithm 42), on MontgomeryReduce (Algorithm 49) of reduce.h. The
 * zetas are stored in bit-reversed order, so BitRev8 (Algorithm 43) is not
 * computed.
 *
 * Deviation from the pseudo-code, for speed: the zetas are stored in
 * Montgomery form (zeta * 2^32 mod q), so each "zeta * w mod q" is one
 * MontgomeryReduce of a 64-bit product, and coefficients are kept in signed
 * representatives of bounded size instead of [0, q). Nothing here branches
 * on or indexes by data. Signed right shifts are arithmetic (gcc, clang).
 */
#include "params.h"

/*
 * zetas[m] = zeta^BitRev8(m) * 2^32 mod q, centered, with zeta = 1753
 * (FIPS 204, Appendix B lists zeta^BitRev8(m) mod q; here in Montgomery form).
 * zetas[0] is not used.
 */
const int32_t mldsa_zetas[MLDSA_N] = {
    -4186625, 25847, -2608894, -518909, 237124, -777960, -876248, 466468,
    1826347, 2353451, -359251, -2091905, 3119733, -2884855, 3111497, 2680103,
    2725464, 1024112, -1079900, 3585928, -549488, -1119584, 2619752, -2108549,
    -2118186, -3859737, -1399561, -3277672, 1757237, -19422, 4010497, 280005,
    2706023, 95776, 3077325, 3530437, -1661693, -3592148, -2537516, 3915439,
    -3861115, -3043716, 3574422, -2867647, 3539968, -300467, 2348700, -539299,
    -1699267, -1643818, 3505694, -3821735, 3507263, -2140649, -1600420, 3699596,
    811944, 531354, 954230, 3881043, 3900724, -2556880, 2071892, -2797779,
    -3930395, -1528703, -3677745, -3041255, -1452451, 3475950, 2176455, -1585221,
    -1257611, 1939314, -4083598, -1000202, -3190144, -3157330, -3632928, 126922,
    3412210, -983419, 2147896, 2715295, -2967645, -3693493, -411027, -2477047,
    -671102, -1228525, -22981, -1308169, -381987, 1349076, 1852771, -1430430,
    -3343383, 264944, 508951, 3097992, 44288, -1100098, 904516, 3958618,
    -3724342, -8578, 1653064, -3249728, 2389356, -210977, 759969, -1316856,
    189548, -3553272, 3159746, -1851402, -2409325, -177440, 1315589, 1341330,
    1285669, -1584928, -812732, -1439742, -3019102, -3881060, -3628969, 3839961,
    2091667, 3407706, 2316500, 3817976, -3342478, 2244091, -2446433, -3562462,
    266997, 2434439, -1235728, 3513181, -3520352, -3759364, -1197226, -3193378,
    900702, 1859098, 909542, 819034, 495491, -1613174, -43260, -522500,
    -655327, -3122442, 2031748, 3207046, -3556995, -525098, -768622, -3595838,
    342297, 286988, -2437823, 4108315, 3437287, -3342277, 1735879, 203044,
    2842341, 2691481, -2590150, 1265009, 4055324, 1247620, 2486353, 1595974,
    -3767016, 1250494, 2635921, -3548272, -2994039, 1869119, 1903435, -1050970,
    -1333058, 1237275, -3318210, -1430225, -451100, 1312455, 3306115, -1962642,
    -1279661, 1917081, -2546312, -1374803, 1500165, 777191, 2235880, 3406031,
    -542412, -2831860, -1671176, -1846953, -2584293, -3724270, 594136, -3776993,
    -2013608, 2432395, 2454455, -164721, 1957272, 3369112, 185531, -1207385,
    -3183426, 162844, 1616392, 3014001, 810149, 1652634, -3694233, -1799107,
    -3038916, 3523897, 3866901, 269760, 2213111, -975884, 1717735, 472078,
    -426683, 1723600, -1803090, 1910376, -1667432, -1104333, -260646, -3833893,
    -2939036, -2235985, -420899, -2286327, 183443, -976891, 1612842, -3545687,
    -554416, 3919660, -48306, -1362209, 3937738, 1400424, -846154, 1976782,
};

/*
 * FIPS 204, Algorithm 41, NTT. Input |w_j| < 2^31 - 8q; each of the 8 layers
 * grows the bound by at most q, so the output fits in int32_t.
 */
void mldsa_ntt(int32_t w[MLDSA_N])
{
    const int64_t q = mldsa_q_opaque();
    unsigned m = 0;
    /* Layer k has 2^k groups of len = 128 >> k butterflies. Deviation: the
     * loops count groups (start = 2 len g), which keeps the compiler from
     * deriving trip counts with a division. */
    for (unsigned k = 0; k < 8; k++) {
        const unsigned len = 128u >> k;
        for (unsigned g = 0; g < (1u << k); g++) {
            const unsigned start = 2 * len * g;
            const int64_t z = mldsa_zetas[++m];
            for (unsigned j = start; j < start + len; j++) {
                int32_t t = mldsa_montgomery_reduce_q(z * w[j + len], q);
                w[j + len] = w[j] - t;
                w[j] = w[j] + t;
            }
        }
    }
}

/*
 * FIPS 204, Algorithm 42, NTT^-1, times 2^32 ("to Montgomery").
 * Deviations: the final multiplication by f = 256^-1 mod q uses the constant
 * F = f * 2^64 mod q = 41978, so the result carries an extra factor 2^32; that
 * cancels the 2^-32 that each MontgomeryReduce'd pointwise product carries,
 * giving NTT^-1(a-hat o b-hat) exactly. F is folded into the last layer
 * (len = 128): its outputs are F (t + u) and (F -zeta_1) (t - u), one
 * MontgomeryReduce each. Input |w_j| < q: the additions at most double a
 * coefficient per layer, 128 q < 2^31. Output |w_j| < q.
 */
void mldsa_invntt_tomont(int32_t w[MLDSA_N])
{
    const int64_t q = mldsa_q_opaque();
    unsigned m = MLDSA_N;
    const int64_t f = 41978;
    /* -zeta_1 * F * 2^-32 mod q, in Montgomery form: (-mldsa_zetas[1] * F) * 2^-32. */
    const int64_t fz = mldsa_montgomery_reduce(-(int64_t)mldsa_zetas[1] * f);
    for (unsigned k = 0; k < 7; k++) { /* len = 2^k, 128 >> k groups */
        const unsigned len = 1u << k;
        for (unsigned g = 0; g < (128u >> k); g++) {
            const unsigned start = 2 * len * g;
            const int64_t z = -mldsa_zetas[--m];
            for (unsigned j = start; j < start + len; j++) {
                int32_t t = w[j];
                w[j] = t + w[j + len];
                w[j + len] = mldsa_montgomery_reduce_q(z * (t - w[j + len]), q);
            }
        }
    }
    for (unsigned j = 0; j < MLDSA_N / 2; j++) {
        int32_t t = w[j];
        w[j] = mldsa_montgomery_reduce_q(f * (t + w[j + 128]), q);
        w[j + 128] = mldsa_montgomery_reduce_q(fz * (t - w[j + 128]), q);
    }
}
