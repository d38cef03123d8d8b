/*
 * keygen_gauss.c -- key generation: sampling f and g ([Falcon] §3.8.2,
 * NTRUGen lines 1-6): each coefficient is a discrete Gaussian of
 * sigma_{f,g} = 1.17 sqrt(q/(2n)), obtained as the sum of 2^(10-logn)
 * samples of the table distribution for n = 1024 (the reference's method;
 * [Falcon] eq. (3.29) describes the same idea), read from the SHAKE256
 * stream of the seed exactly as the round-3 reference reads it.
 */
#include "keygen.h"

/*
 * The keygen RNG (kg_rng, keygen.h): the SHAKE256 output stream, read as
 * 64-bit little-endian words (the reference reads 8 bytes per call; SHAKE
 * is a stream, so squeezing a block at a time and reading it 8 bytes at a
 * time gives the same words).
 */
static inline uint64_t get_rng_u64(kg_rng *r)
{
    const uint8_t *b;

    if (r->ptr == sizeof r->buf) { /* public: depends on the count only */
        shake_squeeze(r->sc, r->buf, sizeof r->buf);
        r->ptr = 0;
    }
    b = r->buf + r->ptr;
    r->ptr += 8;
    return (uint64_t)b[0] | ((uint64_t)b[1] << 8) | ((uint64_t)b[2] << 16)
           | ((uint64_t)b[3] << 24) | ((uint64_t)b[4] << 32) | ((uint64_t)b[5] << 40)
           | ((uint64_t)b[6] << 48) | ((uint64_t)b[7] << 56);
}

/*
 * D(x) = exp(-x^2/(2 sigma^2)), sigma = 1.17*sqrt(12289/2048), scaled by
 * 2^63 and rounded to nearest: element 0 is P(x = 0); element k >= 1 is
 * P(|x| >= k+1 | x != 0). Computed with mpmath at 60 digits (sums over
 * |x| < 200).
 */
static const uint64_t gauss_1024_12289[] = {
    1283868770400643928u, 6416574995475331444u, 4078260278032692663u,
    2353523259288686585u, 1227179971273316331u, 575931623374121527u,
    242543240509105209u,  91437049221049666u,   30799446349977173u,
    9255276791179340u,    2478152334826140u,    590642893610164u,
    125206034929641u,     23590435911403u,      3948334035941u,
    586753615614u,        77391054539u,         9056793210u,
    940121950u,           86539696u,            7062824u,
    510971u,              32764u,               1862u,
    94u,                  4u,                   0u,
};

#define GAUSS_LEN (sizeof gauss_1024_12289 / sizeof gauss_1024_12289[0])
_Static_assert(GAUSS_LEN == 27, "mkgauss compares with table[1..26]");

/*
 * One Gaussian value for degree 2^logn: the sum of 2^(10-logn) table
 * samples. Per sample: a first 64-bit word gives the sign (top bit) and
 * "is zero" (low 63 bits < table[0]); a second one r (63 bits) gives the
 * magnitude: the first k >= 1 with table[k] <= r. Constant time (the
 * whole table is read every time).
 */
static int32_t mkgauss(kg_rng *rng, unsigned logn)
{
    unsigned u, g = 1u << (10 - logn);
    int32_t val = 0;

    for (u = 0; u < g; u++) {
        uint64_t r;
        uint32_t z, v, neg;

        r = get_rng_u64(rng);
        neg = (uint32_t)(r >> 63);
        r &= ~((uint64_t)1 << 63);
        z = (uint32_t)((r - gauss_1024_12289[0]) >> 63); /* value is 0 */

        /*
         * Deviation (same result, fewer operations): the reference scans
         * for the first k with table[k] <= r; the table decreases down to
         * table[26] = 0, so that k is 1 + #{k >= 1 : r < table[k]}.
         * (r and table[k] are below 2^63: the top bit of the difference
         * is the comparison.)
         */
        r = get_rng_u64(rng);
        r &= ~((uint64_t)1 << 63);
#if defined(FNDSA_NATIVE_FPR)
        v = fndsa_avx2_gauss_rank(r, gauss_1024_12289); /* x86_64/keygen_avx2.c */
#else
        /* Written out (GAUSS_LEN = 27): the table words become immediate
         * operands, with no loop control (same comparisons). */
#define KG_GLT(k) ((uint32_t)((r - gauss_1024_12289[k]) >> 63))
        v = 1 + KG_GLT(1) + KG_GLT(2) + KG_GLT(3) + KG_GLT(4) + KG_GLT(5) + KG_GLT(6)
            + KG_GLT(7) + KG_GLT(8) + KG_GLT(9) + KG_GLT(10) + KG_GLT(11) + KG_GLT(12)
            + KG_GLT(13) + KG_GLT(14) + KG_GLT(15) + KG_GLT(16) + KG_GLT(17) + KG_GLT(18)
            + KG_GLT(19) + KG_GLT(20) + KG_GLT(21) + KG_GLT(22) + KG_GLT(23) + KG_GLT(24)
            + KG_GLT(25) + KG_GLT(26);
#undef KG_GLT
#endif
        v &= z - 1;
        v = (v ^ -neg) + neg; /* conditional negation */
        val += u32_to_i32(v);
    }
    return val;
}

/*
 * f <- n Gaussian coefficients with an odd sum (so Res(f, x^n+1) is odd,
 * which the binary GCD at the bottom of NTRUSolve needs). A coefficient
 * outside -127..127 or a last coefficient of the wrong parity is drawn
 * again, as the reference does.
 */
void poly_small_mkgauss(kg_rng *rng, int8_t *f, unsigned logn)
{
    size_t u, n = MKN(logn);
    uint32_t mod2 = 0;

    for (u = 0; u < n; u++) {
        for (;;) {
            int32_t s = mkgauss(rng, logn);
            uint32_t redo;

            /* Out of int8 range: impossible for logn = 9 (|s| <= 52),
             * kept for the other degrees. */
            redo = ((uint32_t)(s + 127) >> 31) | ((uint32_t)(127 - s) >> 31);
            if (u == n - 1) {
                /* Last coefficient: the total must be odd. */
                redo |= (mod2 ^ (uint32_t)s ^ 1) & 1;
            }
            /* Declassify: only whether this drawn value is discarded
             * (constant-time.md §1.4 Falcon item 1, small (f,g) sampling);
             * the SHAKE stream consumption of the reference depends on it.
             * The kept coefficient is not revealed; the number of redraws
             * of the last one has the same distribution whatever the
             * parity of the others (a Gaussian of sigma ~ 4 is odd with
             * probability 1/2 up to ~exp(-2 pi^2 sigma^2)). */
            FNDSA_CT_DECLASSIFY(&redo, sizeof redo);
            if (redo) {
                continue;
            }
            mod2 ^= (uint32_t)s & 1;
            f[u] = (int8_t)s;
            break;
        }
    }
}
