/*
 * codec.c -- Falcon encodings ([Falcon] spec v1.2, §3.11):
 *   - modq: 14 bits per coefficient of h (public key), big-endian bit order;
 *   - trim_i8: signed 'bits'-bit two's complement packing of f, g, F
 *     (secret key), the value -2^(bits-1) being forbidden;
 *   - comp: the compressed encoding of s2 (Compress and Decompress,
 *     §3.11.2): sign bit, 7 low bits, high part in unary.
 *
 * Decoders are strict: they reject every non-canonical input (values out
 * of range, "-0", non-zero padding bits), so that an accepted encoding has
 * exactly one byte string. Decoders of secret data (trim_i8) run in time
 * independent of the values, except for the rejection of the forbidden
 * value, which only reveals that the key is invalid.
 */
#include "inner.h"
#include "ct.h"

/* Maximum bit sizes of f,g (and F,G) per degree ([Falcon] §3.11.5). */
const uint8_t fndsa_max_fg_bits[11] = { 0, 8, 8, 8, 8, 8, 7, 7, 6, 6, 5 };
const uint8_t fndsa_max_FG_bits[11] = { 0, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8 };

size_t fndsa_modq_encode(uint8_t *out, size_t max_out_len, const uint16_t *x, unsigned logn)
{
    size_t n = (size_t)1 << logn, out_len, u, v;
    uint32_t acc;
    unsigned acc_len;

    /* x is the public key h, public by definition (§1.4 Falcon item 6) */
    FNDSA_CT_DECLASSIFY(x, n * sizeof *x);
    for (u = 0; u < n; u++) {
        if (x[u] >= FNDSA_Q) {
            return 0;
        }
    }
    out_len = ((n * 14) + 7) >> 3;
    if (out == NULL) {
        return out_len;
    }
    if (out_len > max_out_len) {
        return 0;
    }
    acc = 0;
    acc_len = 0;
    v = 0;
    for (u = 0; u < n; u++) {
        acc = (acc << 14) | x[u];
        acc_len += 14;
        while (acc_len >= 8) {
            acc_len -= 8;
            out[v++] = (uint8_t)(acc >> acc_len);
        }
    }
    if (acc_len > 0) {
        out[v++] = (uint8_t)(acc << (8 - acc_len));
    }
    return out_len;
}

size_t fndsa_modq_decode(uint16_t *x, unsigned logn, const uint8_t *in, size_t max_in_len)
{
    size_t n = (size_t)1 << logn, in_len, u, v;
    uint32_t acc;
    unsigned acc_len;

    in_len = ((n * 14) + 7) >> 3;
    if (in_len > max_in_len) {
        return 0;
    }
    acc = 0;
    acc_len = 0;
    u = 0;
    v = 0;
    while (u < n) {
        acc = (acc << 8) | in[v++];
        acc_len += 8;
        if (acc_len >= 14) {
            uint32_t w;

            acc_len -= 14;
            w = (acc >> acc_len) & 0x3FFF;
            if (w >= FNDSA_Q) {
                return 0;
            }
            x[u++] = (uint16_t)w;
        }
    }
    /* unused low bits of the last byte must be zero */
    if ((acc & ((1u << acc_len) - 1u)) != 0) {
        return 0;
    }
    return in_len;
}

size_t fndsa_trim_i8_encode(uint8_t *out, size_t max_out_len, const int8_t *x,
                            unsigned logn, unsigned bits)
{
    size_t n = (size_t)1 << logn, out_len, u, v;
    int maxv, minv;
    uint32_t acc, mask, bad;
    unsigned acc_len;

    maxv = (1 << (bits - 1)) - 1;
    minv = -maxv;
    bad = 0;
    for (u = 0; u < n; u++) {
        /* constant time: fold the range checks into one flag */
        bad |= (uint32_t)(x[u] - minv) >> 31;
        bad |= (uint32_t)(maxv - x[u]) >> 31;
    }
    bad = fndsa_ct_barrier32(bad);
    FNDSA_CT_DECLASSIFY(&bad, sizeof bad); /* only says the key is invalid */
    if (bad) {
        return 0;
    }
    out_len = ((n * bits) + 7) >> 3;
    if (out == NULL) {
        return out_len;
    }
    if (out_len > max_out_len) {
        return 0;
    }
    acc = 0;
    acc_len = 0;
    v = 0;
    mask = ((uint32_t)1 << bits) - 1;
    for (u = 0; u < n; u++) {
        acc = (acc << bits) | ((uint32_t)(uint8_t)x[u] & mask);
        acc_len += bits;
        while (acc_len >= 8) {
            acc_len -= 8;
            out[v++] = (uint8_t)(acc >> acc_len);
        }
    }
    if (acc_len > 0) {
        out[v++] = (uint8_t)(acc << (8 - acc_len));
    }
    return out_len;
}

size_t fndsa_trim_i8_decode(int8_t *x, unsigned logn, unsigned bits,
                            const uint8_t *in, size_t max_in_len)
{
    size_t n = (size_t)1 << logn, in_len, u, v;
    uint32_t acc, mask1, mask2, bad;
    unsigned acc_len;

    in_len = ((n * bits) + 7) >> 3;
    if (in_len > max_in_len) {
        return 0;
    }
    acc = 0;
    acc_len = 0;
    u = 0;
    v = 0;
    bad = 0;
    mask1 = ((uint32_t)1 << bits) - 1;
    mask2 = (uint32_t)1 << (bits - 1);
    while (u < n) {
        acc = (acc << 8) | in[v++];
        acc_len += 8;
        while (acc_len >= bits && u < n) {
            uint32_t w;

            acc_len -= bits;
            w = (acc >> acc_len) & mask1;
            /* -2^(bits-1) is forbidden: w == mask2 before sign extension */
            bad |= 1u - (uint32_t)(((w ^ mask2) | (0u - (w ^ mask2))) >> 31);
            w |= 0u - (w & mask2);           /* sign extension */
            x[u++] = (int8_t)(int32_t)w;
        }
    }
    bad |= (uint32_t)((acc & ((1u << acc_len) - 1u)) != 0);
    bad = fndsa_ct_barrier32(bad);
    FNDSA_CT_DECLASSIFY(&bad, sizeof bad); /* only says the key is invalid */
    if (bad) {
        return 0;
    }
    return in_len;
}

/*
 * 1 if fndsa_comp_encode(out, max_out_len, x, logn) would succeed, else 0, in
 * constant time: x is a secret candidate s2 until it is known to fit, and
 * a candidate that does not fit is redrawn, so only this bit may be made
 * public for it. From Compress (fndsa_comp_encode): each coefficient takes 1 sign
 * bit, 7 low bits and (|x| >> 7) + 1 unary bits, the total rounded up to
 * whole bytes; |x| must be at most 2047. Checked against the encoder in
 * tests/test_fndsa.c.
 */
uint32_t fndsa_comp_fits(size_t max_out_len, const int16_t *x, unsigned logn)
{
    size_t n = (size_t)1 << logn, u;
    uint32_t bits = 0, bad = 0, len;

    for (u = 0; u < n; u++) {
        uint32_t t = (uint32_t)(int32_t)x[u];
        uint32_t sm = 0u - (t >> 31);
        uint32_t a = (t ^ sm) - sm;         /* |x[u]| <= 32768 */

        bad |= (2047u - a) >> 31;           /* |x[u]| > 2047 */
        bits += 9u + (a >> 7);              /* at most 9 + 256 per value */
    }
    len = (bits + 7u) >> 3;                 /* n <= 1024: no overflow */
    /* len > max_out_len, with max_out_len clamped to 2^31 - 1 so that the
     * subtraction's borrow is the comparison */
    if (max_out_len > 0x7FFFFFFFu) {        /* public */
        max_out_len = 0x7FFFFFFFu;
    }
    bad |= ((uint32_t)max_out_len - len) >> 31;
    return fndsa_ct_barrier32(bad) ^ 1u;
}

/* [Falcon] Algorithm 17, Compress: x to out (at most max_out_len bytes; out
 * NULL: the length only); 0 if a value or the length does not fit. */
size_t fndsa_comp_encode(uint8_t *out, size_t max_out_len, const int16_t *x, unsigned logn)
{
    size_t n = (size_t)1 << logn, u, v;
    uint32_t acc;
    unsigned acc_len;

    /* |s2[i]| must fit in 11 bits */
    for (u = 0; u < n; u++) {
        if (x[u] < -2047 || x[u] > +2047) {
            return 0;
        }
    }
    acc = 0;
    acc_len = 0;
    v = 0;
    for (u = 0; u < n; u++) {
        int t = x[u];
        unsigned w;

        acc <<= 1;                       /* sign bit */
        if (t < 0) {
            t = -t;
            acc |= 1;
        }
        w = (unsigned)t;
        acc <<= 7;                       /* 7 low bits */
        acc |= w & 127u;
        w >>= 7;
        acc_len += 8;
        acc <<= (w + 1);                 /* high part in unary: w zeros, a one */
        acc |= 1;
        acc_len += w + 1;
        while (acc_len >= 8) {
            acc_len -= 8;
            if (out != NULL) {
                if (v >= max_out_len) {
                    return 0;
                }
                out[v] = (uint8_t)(acc >> acc_len);
            }
            v++;
        }
    }
    if (acc_len > 0) {
        if (out != NULL) {
            if (v >= max_out_len) {
                return 0;
            }
            out[v] = (uint8_t)(acc << (8 - acc_len));
        }
        v++;
    }
    return v;
}

/* [Falcon] Algorithm 18, Decompress, strict: the bytes read, or 0 if the
 * input is not the canonical encoding of n values of magnitude <= 2047. */
size_t fndsa_comp_decode(int16_t *x, unsigned logn, const uint8_t *in, size_t max_in_len)
{
    size_t n = (size_t)1 << logn, u, v;
    uint32_t acc;
    unsigned acc_len;

    acc = 0;
    acc_len = 0;
    v = 0;
    for (u = 0; u < n; u++) {
        unsigned b, s, m;

        /* sign bit and 7 low bits */
        if (v >= max_in_len) {
            return 0;
        }
        acc = (acc << 8) | in[v++];
        b = (unsigned)(acc >> acc_len) & 0xFF;
        s = b & 128;
        m = b & 127;
        /* unary high part */
        for (;;) {
            if (acc_len == 0) {
                if (v >= max_in_len) {
                    return 0;
                }
                acc = (acc << 8) | in[v++];
                acc_len = 8;
            }
            acc_len--;
            if (((acc >> acc_len) & 1) != 0) {
                break;
            }
            m += 128;
            if (m > 2047) {
                return 0;
            }
        }
        /* "-0" is not canonical */
        if (s && m == 0) {
            return 0;
        }
        x[u] = (int16_t)(s ? -(int)m : (int)m);
    }
    /* unused low bits of the last byte must be zero */
    if ((acc & ((1u << acc_len) - 1u)) != 0) {
        return 0;
    }
    return v;
}
