/*
 * poly.c -- encodings and compression of FIPS 203, Section 4.2.1:
 * ByteEncode_d (Algorithm 5) and ByteDecode_d (Algorithm 6) for d = 12,
 * du = 10, dv = 4 and 1, fused with Compress_d / Decompress_d (eqs. 4.7 and
 * 4.8), plus coefficient-wise helpers.
 *
 * Constant time: Compress_d needs round(2^d x / q); the division by q is a
 * multiplication by 2580335 = ceil(2^33 / q) and a shift, exact for every
 * numerator that occurs (below 2^24) (checked for all inputs by tests/test_mlkem.c). A
 * real division would leak through its latency (KyberSlash, 2023-24).
 * Deviations, for speed, with the same results: ByteEncode_d(Compress_d(.))
 * and Decompress_d(ByteDecode_d(.)) are fused, one pass per polynomial
 * instead of two; the bit-level loops of ByteEncode_d / ByteDecode_d (with
 * BitsToBytes / BytesToBits) become shifts on whole bytes in the same
 * (little-endian) bit order.
 */
#include "poly.h"
#include "ct.h"

/* r = r + a, coefficient by coefficient, without reduction. */
void mlkem_poly_add(mlkem_poly *r, const mlkem_poly *a)
{
    for (unsigned i = 0; i < MLKEM_N; i++) {
        r->c[i] = (int16_t)(r->c[i] + a->c[i]);
    }
}

/* r = r - a, coefficient by coefficient, without reduction. */
void mlkem_poly_sub(mlkem_poly *r, const mlkem_poly *a)
{
    for (unsigned i = 0; i < MLKEM_N; i++) {
        r->c[i] = (int16_t)(r->c[i] - a->c[i]);
    }
}

/* r * R mod q (a Montgomery product with R^2 mod q = 1353), |.| < q. */
void mlkem_poly_tomont_c(mlkem_poly *r)
{
    const int16_t r2 = 1353; /* 2^32 mod q */
    for (unsigned i = 0; i < MLKEM_N; i++) {
        r->c[i] = mlkem_fqmul(r->c[i], r2);
    }
}

/* Any int16_t to its representative in [0, q). */
static inline int16_t mlkem_freeze(int16_t x)
{
    return mlkem_caddq(mlkem_barrett_reduce(x));
}

/* floor(n / q) for n < 4q 2^10 + q < 2^24, by multiply and shift (no division). */
static inline uint32_t mlkem_div_q(uint32_t n)
{
    return (uint32_t)(((uint64_t)n * 2580335u) >> 33);
}

/*
 * Compress_d(x) = round(2^d x / q) mod 2^d (eq. 4.7), for any x with
 * |x| < 2q. round(y / q) = floor((y + (q-1)/2) / q) since q is odd (no
 * ties). Deviation: x is not first reduced to [0, q); x + 2q is in (0, 4q)
 * and adding a multiple of q to x adds a multiple of 2^d to 2^d x / q,
 * which the final mod 2^d removes. The numerator stays below 2^24, where
 * mlkem_div_q is exact.
 */
static inline uint32_t mlkem_compress(int16_t x, unsigned d)
{
    uint32_t n = ((uint32_t)(x + 2 * MLKEM_Q) << d) + (MLKEM_Q - 1) / 2;
    return mlkem_div_q(n) & ((1u << d) - 1);
}

/* Decompress_d(y) = round(q y / 2^d) = floor((q y + 2^(d-1)) / 2^d) (eq. 4.8). */
static inline int16_t mlkem_decompress(uint32_t y, unsigned d)
{
    return (int16_t)((y * MLKEM_Q + (1u << (d - 1))) >> d);
}

/* Algorithm 5, ByteEncode_12: two coefficients to three bytes. */
void mlkem_poly_encode12_c(uint8_t r[MLKEM_POLYBYTES], const mlkem_poly *a)
{
    for (unsigned i = 0; i < MLKEM_N / 2; i++) {
        uint16_t a0 = (uint16_t)a->c[2 * i], a1 = (uint16_t)a->c[2 * i + 1];
        r[3 * i + 0] = (uint8_t)a0;
        r[3 * i + 1] = (uint8_t)((a0 >> 8) | (a1 << 4));
        r[3 * i + 2] = (uint8_t)(a1 >> 4);
    }
}

/*
 * Algorithm 6, ByteDecode_12 with m = q: each 12-bit value is reduced mod q
 * (values 3329..4095 only occur in keys that are not well-formed); the
 * return value records, without a branch, whether any was >= q.
 */
uint32_t mlkem_poly_decode12_c(mlkem_poly *r, const uint8_t a[MLKEM_POLYBYTES])
{
    uint32_t below = 1;  /* stays 1 while every value is below q */
    for (unsigned i = 0; i < MLKEM_N / 2; i++) {
        const uint32_t t = (uint32_t)a[3 * i] | (uint32_t)a[3 * i + 1] << 8 |
                           (uint32_t)a[3 * i + 2] << 16;
        /* x - q is negative exactly when x < q; then q is added back */
        const uint32_t x0 = (t & 0xFFF) - MLKEM_Q, x1 = (t >> 12) - MLKEM_Q;
        const uint32_t n0 = x0 >> 31, n1 = x1 >> 31;
        below &= n0 & n1;
        r->c[2 * i] = (int16_t)(x0 + ((0u - n0) & MLKEM_Q));
        r->c[2 * i + 1] = (int16_t)(x1 + ((0u - n1) & MLKEM_Q));
    }
    return below ^ 1;
}

/* ByteEncode_10(Compress_10(.)): four 10-bit values to five bytes. */
void mlkem_poly_compress_du_c(uint8_t r[32 * MLKEM_DU], const mlkem_poly *a)
{
    for (unsigned i = 0; i < MLKEM_N / 4; i++) {
        uint32_t t[4];
        for (unsigned k = 0; k < 4; k++) {
            t[k] = mlkem_compress((a->c[4 * i + k]), MLKEM_DU);
        }
        r[5 * i + 0] = (uint8_t)t[0];
        r[5 * i + 1] = (uint8_t)((t[0] >> 8) | (t[1] << 2));
        r[5 * i + 2] = (uint8_t)((t[1] >> 6) | (t[2] << 4));
        r[5 * i + 3] = (uint8_t)((t[2] >> 4) | (t[3] << 6));
        r[5 * i + 4] = (uint8_t)(t[3] >> 2);
    }
}

/* Decompress_10(ByteDecode_10(.)): five bytes to four coefficients. */
void mlkem_poly_decompress_du_c(mlkem_poly *r, const uint8_t a[32 * MLKEM_DU])
{
    for (unsigned i = 0; i < MLKEM_N / 4; i++) {
        const uint8_t *b = a + 5 * i;
        uint32_t t[4];
        t[0] = ((uint32_t)b[0] | (uint32_t)b[1] << 8) & 0x3FF;
        t[1] = ((uint32_t)b[1] >> 2 | (uint32_t)b[2] << 6) & 0x3FF;
        t[2] = ((uint32_t)b[2] >> 4 | (uint32_t)b[3] << 4) & 0x3FF;
        t[3] = ((uint32_t)b[3] >> 6 | (uint32_t)b[4] << 2) & 0x3FF;
        for (unsigned k = 0; k < 4; k++) {
            r->c[4 * i + k] = mlkem_decompress(t[k], MLKEM_DU);
        }
    }
}

/* ByteEncode_4(Compress_4(.)): two 4-bit values per byte. */
void mlkem_poly_compress_dv_c(uint8_t r[32 * MLKEM_DV], const mlkem_poly *a)
{
    for (unsigned i = 0; i < MLKEM_N / 2; i++) {
        uint32_t t0 = mlkem_compress((a->c[2 * i]), MLKEM_DV);
        uint32_t t1 = mlkem_compress((a->c[2 * i + 1]), MLKEM_DV);
        r[i] = (uint8_t)(t0 | (t1 << 4));
    }
}

/* Decompress_4(ByteDecode_4(.)). */
void mlkem_poly_decompress_dv_c(mlkem_poly *r, const uint8_t a[32 * MLKEM_DV])
{
    for (unsigned i = 0; i < MLKEM_N / 2; i++) {
        r->c[2 * i] = mlkem_decompress(a[i] & 0x0Fu, MLKEM_DV);
        r->c[2 * i + 1] = mlkem_decompress((uint32_t)a[i] >> 4, MLKEM_DV);
    }
}

/*
 * Decompress_1(ByteDecode_1(m)): bit 1 gives round(q/2) = 1665, bit 0 gives 0.
 * The bit becomes an all-ones/zero mask behind a value barrier, so the
 * compiler cannot turn the selection into a branch on the message.
 */
void mlkem_poly_frommsg_c(mlkem_poly *r, const uint8_t m[MLKEM_SYMBYTES])
{
    for (unsigned i = 0; i < MLKEM_SYMBYTES; i++) {
        for (unsigned j = 0; j < 8; j++) {
            uint32_t mask = mlkem_ct_barrier_u32(0u - (uint32_t)((m[i] >> j) & 1u));
            r->c[8 * i + j] = (int16_t)(mask & (MLKEM_Q + 1) / 2);
        }
    }
}

/* ByteEncode_1(Compress_1(w)): bit i = round(2 w_i / q) mod 2. */
void mlkem_poly_tomsg_c(uint8_t m[MLKEM_SYMBYTES], const mlkem_poly *w)
{
    for (unsigned i = 0; i < MLKEM_SYMBYTES; i++) {
        uint32_t byte = 0;
        for (unsigned j = 0; j < 8; j++) {
            byte |= mlkem_compress((w->c[8 * i + j]), 1) << j;
        }
        m[i] = (uint8_t)byte;
    }
}

/* Any int16_t coefficients to the representative in [0, q). */
void mlkem_poly_reduce_c(mlkem_poly *r)
{
    for (unsigned i = 0; i < MLKEM_N; i++) {
        r->c[i] = mlkem_freeze(r->c[i]);
    }
}
