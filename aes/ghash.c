/*
 * ghash.c -- GHASH_H (NIST SP 800-38D, Section 6.4, Algorithm 2) with the
 * multiplication in GF(2^128) of Section 6.3, in constant time.
 *
 * The carry-less products are computed with ordinary 64x64->64-bit integer
 * multiplies on operands whose set bits are spaced four apart ("holes"), so
 * carries never reach a bit that is kept (T. Pornin's BearSSL ghash_ctmul64
 * idea; the code here is written from the argument below). There are no
 * tables and no branches; the time is constant provided the CPU multiplier
 * is (see README.md for which CPUs).
 *
 * Representation. A block b0..b15 is the 128-bit big-endian integer
 * (y1 = b0..b7, y0 = b8..b15). GCM's bit order (Section 6.3: the leftmost
 * bit is the coefficient of x^0) makes integer bit 127 - i the coefficient
 * of x^i, so the integer carry-less product C of two such values has bit k
 * equal to the coefficient of x^(254 - k), and D = C << 1 has the field
 * element's low coefficients in its high 128 bits; reduction folds the low
 * 128 bits (x^128 .. x^255) back with x^128 = 1 + x + x^2 + x^7.
 */
#include "aes_internal.h"
#include "ct.h"

static uint64_t load_be64(const uint8_t *p)
{
    uint64_t x = 0;
    for (int i = 0; i < 8; i++) {
        x = x << 8 | p[i];
    }
    return x;
}

/* Bit reversal of a 64-bit word. */
static uint64_t rev64(uint64_t x)
{
    x = ((x >> 1) & 0x5555555555555555u) | ((x & 0x5555555555555555u) << 1);
    x = ((x >> 2) & 0x3333333333333333u) | ((x & 0x3333333333333333u) << 2);
    x = ((x >> 4) & 0x0F0F0F0F0F0F0F0Fu) | ((x & 0x0F0F0F0F0F0F0F0Fu) << 4);
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_bswap64(x);
#else
    x = ((x >> 8) & 0x00FF00FF00FF00FFu) | ((x & 0x00FF00FF00FF00FFu) << 8);
    x = ((x >> 16) & 0x0000FFFF0000FFFFu) | ((x & 0x0000FFFF0000FFFFu) << 16);
    return x >> 32 | x << 32;
#endif
}

/*
 * Low 64 bits of the carry-less product x * y. Split each operand into four
 * classes of bits (positions = c mod 4). For classes i and j the integer
 * product x_i * y_j has, at position i + j + 4t, the count of pairs with
 * a + b = t, which is at most t + 1 <= 15 for every position below 64 but
 * the last digit (whose overflow leaves the word): no carry crosses into
 * another digit, so the bit at i + j + 4t is the parity, i.e. the
 * carry-less product bit. The other bits of each digit are garbage and are
 * masked away. y arrives already split: ys[j] = y & M[j].
 */
#define M0 0x1111111111111111u
#define M1 0x2222222222222222u
#define M2 0x4444444444444444u
#define M3 0x8888888888888888u

static inline uint64_t bmul64(uint64_t x, const uint64_t ys[4])
{
    uint64_t x0 = x & M0, x1 = x & M1, x2 = x & M2, x3 = x & M3;
    uint64_t z0 = (x0 * ys[0]) ^ (x1 * ys[3]) ^ (x2 * ys[2]) ^ (x3 * ys[1]);
    uint64_t z1 = (x0 * ys[1]) ^ (x1 * ys[0]) ^ (x2 * ys[3]) ^ (x3 * ys[2]);
    uint64_t z2 = (x0 * ys[2]) ^ (x1 * ys[1]) ^ (x2 * ys[0]) ^ (x3 * ys[3]);
    uint64_t z3 = (x0 * ys[3]) ^ (x1 * ys[2]) ^ (x2 * ys[1]) ^ (x3 * ys[0]);
    return (z0 & M0) | (z1 & M1) | (z2 & M2) | (z3 & M3);
}

static void split4(uint64_t ys[4], uint64_t y)
{
    ys[0] = y & M0;
    ys[1] = y & M1;
    ys[2] = y & M2;
    ys[3] = y & M3;
}

/*
 * Accumulator of up to four unreduced products. For 64-bit halves, the
 * high half of the 128-bit carry-less product is
 *     hi(x * y) = rev64(lo(rev64(x) * rev64(y))) >> 1,
 * and rev64 and >> 1 are linear, so the reversed low products are summed
 * and reversed once. Karatsuba: with A = a1:a0 and B = b1:b0,
 *     A * B = a1b1 << 128  ^  (m ^ a1b1 ^ a0b0) << 64  ^  a0b0,
 *     m = (a0 ^ a1)(b0 ^ b1).
 */
typedef struct {
    uint64_t lo[3];  /* lo(a0b0), lo(a1b1), lo(m), summed */
    uint64_t rlo[3]; /* the same for the bit-reversed operands */
} acc;

/*
 * SP 800-38D, Section 6.3, Algorithm 1, X * Y in GF(2^128), in two parts:
 * acc += A * B, the 256-bit carry-less product, here; the reduction modulo
 * P in acc_reduce. Deviation: not Algorithm 1's bit-serial loop, but the
 * same product from integer multiplications (above), and up to four
 * products share one reduction. B is given as hp = {b0, b1, b0^b1, rev64
 * of each}, each split into its four bit classes.
 */
static inline void acc_mul(acc *z, uint64_t a1, uint64_t a0, const uint64_t hp[24])
{
    uint64_t a2 = a0 ^ a1;
    uint64_t r0 = rev64(a0), r1 = rev64(a1), r2 = r0 ^ r1;
    z->lo[0] ^= bmul64(a0, hp);
    z->lo[1] ^= bmul64(a1, hp + 4);
    z->lo[2] ^= bmul64(a2, hp + 8);
    z->rlo[0] ^= bmul64(r0, hp + 12);
    z->rlo[1] ^= bmul64(r1, hp + 16);
    z->rlo[2] ^= bmul64(r2, hp + 20);
}

/* Y = (sum of the accumulated products) mod P, P = x^128 + x^7 + x^2 + x + 1. */
static void acc_reduce(uint64_t y[2], const acc *z)
{
    uint64_t p0lo = z->lo[0], p1lo = z->lo[1], mlo = z->lo[2];
    uint64_t p0hi = rev64(z->rlo[0]) >> 1, p1hi = rev64(z->rlo[1]) >> 1;
    uint64_t mhi = rev64(z->rlo[2]) >> 1;
    mlo ^= p0lo ^ p1lo;
    mhi ^= p0hi ^ p1hi;
    /* C = c3:c2:c1:c0 (c3 most significant). */
    uint64_t c0 = p0lo, c1 = p0hi ^ mlo, c2 = p1lo ^ mhi, c3 = p1hi;
    /* D = C << 1. */
    uint64_t d3 = c3 << 1 | c2 >> 63, d2 = c2 << 1 | c1 >> 63;
    uint64_t d1 = c1 << 1 | c0 >> 63, d0 = c0 << 1;
    /* d0 holds x^192..x^255 (bit k: x^(255-k)) = x^128 * (x^64..x^127):
     * add d0 * (1 + x + x^2 + x^7) at d2 (multiplying by x is >> 1 here). */
    d2 ^= d0 ^ (d0 >> 1) ^ (d0 >> 2) ^ (d0 >> 7);
    d1 ^= (d0 << 63) ^ (d0 << 62) ^ (d0 << 57);
    /* d1 holds x^128..x^191: the same fold onto d3. */
    d3 ^= d1 ^ (d1 >> 1) ^ (d1 >> 2) ^ (d1 >> 7);
    d2 ^= (d1 << 63) ^ (d1 << 62) ^ (d1 << 57);
    y[1] = d3;
    y[0] = d2;
}

static void set_power(uint64_t hp[24], uint64_t h1, uint64_t h0)
{
    split4(hp, h0);
    split4(hp + 4, h1);
    split4(hp + 8, h0 ^ h1);
    split4(hp + 12, rev64(h0));
    split4(hp + 16, rev64(h1));
    split4(hp + 20, rev64(h0) ^ rev64(h1));
}

/* H^1 .. H^4 (Section 6.3 products, H = CIPH_K(0^128)). */
void aes_ghash_init(aes_ghash_key *gk, const uint8_t H[16])
{
    uint64_t h[2] = {load_be64(H + 8), load_be64(H)};
    uint64_t p[2] = {h[0], h[1]};
    set_power(gk->hp[0], h[1], h[0]);
    for (int i = 1; i < AES_GHASH_POWERS; i++) {
        acc z = {{0, 0, 0}, {0, 0, 0}};
        acc_mul(&z, p[1], p[0], gk->hp[0]);
        acc_reduce(p, &z);
        set_power(gk->hp[i], p[1], p[0]);
        aes_ct_wipe(&z, sizeof z);
    }
    aes_ct_wipe(h, sizeof h);
    aes_ct_wipe(p, sizeof p);
}

/*
 * SP 800-38D, Section 6.4, Algorithm 2, GHASH_H(X), continued from Y (step
 * 2's Y_0 = 0 is the caller's): step 3, Y_i = (Y_{i-1} ^ X_i) * H.
 * Deviation (same result, fewer reductions): n <= 4 blocks at a time as
 *     Y = (Y ^ X_1) H^n ^ X_2 H^(n-1) ^ ... ^ X_n H,
 * reduced once. A final partial block is zero-padded, as GCM pads A and C.
 */
void aes_ghash_update(uint64_t y[2], const aes_ghash_key *gk, const uint8_t *data, size_t len)
{
    uint8_t last[16];
    acc z;
    while (len > 0) {
        /* blocks this round: min(4, ceil(len / 16)), without len + 15 */
        size_t nb = len >= 16 * AES_GHASH_POWERS ? AES_GHASH_POWERS : (len >> 4) + ((len & 15) != 0);
        for (int i = 0; i < 3; i++) {
            z.lo[i] = 0;
            z.rlo[i] = 0;
        }
        for (size_t j = 0; j < nb; j++) {
            const uint8_t *blk = data;
            size_t n = len < 16 ? len : 16;
            if (n < 16) {
                for (size_t i = 0; i < 16; i++) {
                    last[i] = i < n ? data[i] : 0;
                }
                blk = last;
            }
            uint64_t x1 = load_be64(blk), x0 = load_be64(blk + 8);
            if (j == 0) {
                x1 ^= y[1];
                x0 ^= y[0];
            }
            acc_mul(&z, x1, x0, gk->hp[nb - 1 - j]);
            data += n;
            len -= n;
        }
        acc_reduce(y, &z);
    }
    aes_ct_wipe(&z, sizeof z);
    aes_ct_wipe(last, sizeof last);
}
