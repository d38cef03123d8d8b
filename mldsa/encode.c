/*
 * encode.c -- FIPS 204, Section 7.1 and 7.2, the bit packings on one
 * polynomial: SimpleBitPack (Algorithm 16), BitPack (Algorithm 17),
 * SimpleBitUnpack (Algorithm 18) and BitUnpack (Algorithm 19), one function
 * per width ML-DSA-65 uses, and HintBitPack (Algorithm 20) and HintBitUnpack
 * (Algorithm 21). The key and signature encodings (from pkEncode, Algorithm 22
 * to w1Encode, Algorithm 28) have no function of their own: keygen.c, sign.c and
 * verify.c apply these packings at the offsets of params.h. mldsa65_check_sk,
 * at the end, is skDecode's range check alone.
 *
 * Bits are little-endian (BitsToBytes, Algorithm 12): coefficient 0 takes the
 * lowest bits of the first byte. No branch depends on coefficient values,
 * except in HintBitPack (run on a declassified hint, constant-time.md 1.4
 * ML-DSA item 6) and HintBitUnpack (verification: public data).
 */
#include <string.h>

#include "ct.h"
#include "params.h"

/*
 * The packings work in whole groups: 1 byte = 2 x 4 bits, 5 bytes = 4 x 10
 * or 2 x 20 bits, 13 bytes = 8 x 13 bits.
 */
static inline uint64_t load40(const uint8_t *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32;
}

static inline void store40(uint8_t *p, uint64_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
    p[4] = (uint8_t)(v >> 32);
}

/* pkEncode step 3 (Algorithm 22): SimpleBitPack (Algorithm 16) of t1[i], b = 2^10 - 1. */
void mldsa_pack_t1(uint8_t *p, const int32_t t1[MLDSA_N])
{
    for (unsigned i = 0; i < MLDSA_N; i += 4, p += 5) {
        store40(p, (uint64_t)(uint32_t)t1[i] | (uint64_t)(uint32_t)t1[i + 1] << 10 |
                       (uint64_t)(uint32_t)t1[i + 2] << 20 | (uint64_t)(uint32_t)t1[i + 3] << 30);
    }
}

/* pkDecode step 4 (Algorithm 23): SimpleBitUnpack (Algorithm 18) of z_i, b = 2^10 - 1. */
void mldsa_unpack_t1(int32_t t1[MLDSA_N], const uint8_t *p)
{
    for (unsigned i = 0; i < MLDSA_N; i += 4, p += 5) {
        uint64_t v = load40(p);
        t1[i] = (int32_t)(v & 0x3FF);
        t1[i + 1] = (int32_t)((v >> 10) & 0x3FF);
        t1[i + 2] = (int32_t)((v >> 20) & 0x3FF);
        t1[i + 3] = (int32_t)((v >> 30) & 0x3FF);
    }
}

/* skEncode steps 3, 6 (Algorithm 24): BitPack (Algorithm 17) of s, a = b = eta. */
void mldsa_pack_eta(uint8_t *p, const int32_t s[MLDSA_N])
{
    for (unsigned i = 0; i < MLDSA_N; i += 2) {
        *p++ = (uint8_t)((MLDSA_ETA - s[i]) | (MLDSA_ETA - s[i + 1]) << 4);
    }
}

/*
 * skDecode steps 5, 8 (Algorithm 25): BitUnpack (Algorithm 19) of y, a = b = eta.
 * Returns 1 if a
 * value falls outside [-eta, eta] (a half-byte 9..15, which KeyGen never
 * writes; FIPS 204 leaves such keys undefined), else 0, without branching.
 */
uint32_t mldsa_unpack_eta(int32_t s[MLDSA_N], const uint8_t *p)
{
    uint32_t bad = 0;
    for (unsigned i = 0; i < MLDSA_N; i += 2, p++) {
        uint32_t lo = *p & 0x0Fu, hi = (uint32_t)*p >> 4;
        s[i] = MLDSA_ETA - (int32_t)lo;
        s[i + 1] = MLDSA_ETA - (int32_t)hi;
        bad |= ((2 * MLDSA_ETA - lo) | (2 * MLDSA_ETA - hi)) >> 31; /* lo or hi > 8 */
    }
    return bad;
}

/*
 * skEncode step 9: BitPack (Algorithm 17) of t0[i], a = 2^12 - 1, b = 2^12;
 * skDecode step 11: the BitUnpack (Algorithm 19) of it.
 * Groups of 8 x 13 bits = 13 bytes: the low 64 bits, then 40 more.
 */
static inline uint64_t load64le(const uint8_t *p)
{
    return load40(p) | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

void mldsa_pack_t0(uint8_t *p, const int32_t t0[MLDSA_N])
{
    for (unsigned i = 0; i < MLDSA_N; i += 8, p += 13) {
        uint64_t v[8];
        for (unsigned k = 0; k < 8; k++) {
            v[k] = (uint32_t)((1 << (MLDSA_D - 1)) - t0[i + k]);
        }
        uint64_t lo = v[0] | v[1] << 13 | v[2] << 26 | v[3] << 39 | v[4] << 52;
        uint64_t hi = v[4] >> 12 | v[5] << 1 | v[6] << 14 | v[7] << 27;
        store40(p, lo);
        p[5] = (uint8_t)(lo >> 40);
        p[6] = (uint8_t)(lo >> 48);
        p[7] = (uint8_t)(lo >> 56);
        store40(p + 8, hi);
    }
}

void mldsa_unpack_t0(int32_t t0[MLDSA_N], const uint8_t *p)
{
    for (unsigned i = 0; i < MLDSA_N; i += 8, p += 13) {
        uint64_t lo = load64le(p), hi = load40(p + 8);
        const uint64_t m = 0x1FFF;
        const int32_t b = 1 << (MLDSA_D - 1);
        t0[i] = b - (int32_t)(lo & m);
        t0[i + 1] = b - (int32_t)((lo >> 13) & m);
        t0[i + 2] = b - (int32_t)((lo >> 26) & m);
        t0[i + 3] = b - (int32_t)((lo >> 39) & m);
        t0[i + 4] = b - (int32_t)(((lo >> 52) | (hi << 12)) & m);
        t0[i + 5] = b - (int32_t)((hi >> 1) & m);
        t0[i + 6] = b - (int32_t)((hi >> 14) & m);
        t0[i + 7] = b - (int32_t)((hi >> 27) & m);
    }
}

/* sigEncode step 3 (Algorithm 26): BitPack (Algorithm 17) of z[i], a = gamma1 - 1,
 * b = gamma1. */
void mldsa_pack_z(uint8_t *p, const int32_t z[MLDSA_N])
{
    for (unsigned i = 0; i < MLDSA_N; i += 2, p += 5) {
        store40(p, (uint64_t)(uint32_t)(MLDSA_GAMMA1 - z[i]) |
                       (uint64_t)(uint32_t)(MLDSA_GAMMA1 - z[i + 1]) << 20);
    }
}

/* sigDecode step 4 (Algorithm 27) and ExpandMask step 5 (Algorithm 34):
 * BitUnpack (Algorithm 19), a = gamma1 - 1, b = gamma1. */
void mldsa_unpack_z(int32_t z[MLDSA_N], const uint8_t *p)
{
    for (unsigned i = 0; i < MLDSA_N; i += 2, p += 5) {
        uint64_t v = load40(p);
        z[i] = MLDSA_GAMMA1 - (int32_t)(v & 0xFFFFF);
        z[i + 1] = MLDSA_GAMMA1 - (int32_t)(v >> 20);
    }
}

/* The same, added to z (Sign: z = y + <<c s1>> with y read from its encoding). */
void mldsa_unpack_z_acc(int32_t z[MLDSA_N], const uint8_t *p)
{
    for (unsigned i = 0; i < MLDSA_N; i += 2, p += 5) {
        uint64_t v = load40(p);
        z[i] += MLDSA_GAMMA1 - (int32_t)(v & 0xFFFFF);
        z[i + 1] += MLDSA_GAMMA1 - (int32_t)(v >> 20);
    }
}

/* w1Encode step 2 (Algorithm 28): SimpleBitPack (Algorithm 16) of w1[i],
 * b = (q-1)/(2 gamma2) - 1 = 15. */
void mldsa_pack_w1(uint8_t *p, const int32_t w1[MLDSA_N])
{
    for (unsigned i = 0; i < MLDSA_N; i += 2) {
        *p++ = (uint8_t)(w1[i] | w1[i + 1] << 4);
    }
}

/*
 * FIPS 204, Algorithm 20, HintBitPack(h): the positions of the ones, row by
 * row, then the running counts in y[omega + i]. The caller has checked that
 * h has at most omega ones. (h is not const-qualified: C11 does not convert
 * uint8_t (*)[256] to const uint8_t (*)[256] implicitly.)
 */
void mldsa_hint_bit_pack(uint8_t y[MLDSA_OMEGA + MLDSA_K], uint8_t h[MLDSA_K][MLDSA_N])
{
    unsigned index = 0;
    memset(y, 0, MLDSA_OMEGA + MLDSA_K);
    for (unsigned i = 0; i < MLDSA_K; i++) {
        for (unsigned j = 0; j < MLDSA_N; j++) {
            if (h[i][j] != 0) {
                y[index++] = (uint8_t)j;
            }
        }
        y[MLDSA_OMEGA + i] = (uint8_t)index;
    }
}

/*
 * FIPS 204, Algorithm 21, HintBitUnpack(y): -1 (bottom) unless the encoding is
 * the canonical one: counts non-decreasing and at most omega (step 3),
 * indices strictly increasing within a polynomial (step 7), unused index
 * bytes zero (steps 13-15). 0 on success.
 */
int mldsa_hint_bit_unpack(uint8_t h[MLDSA_K][MLDSA_N], const uint8_t y[MLDSA_OMEGA + MLDSA_K])
{
    unsigned index = 0;
    memset(h, 0, (size_t)MLDSA_K * MLDSA_N);
    for (unsigned i = 0; i < MLDSA_K; i++) {
        unsigned cnt = y[MLDSA_OMEGA + i];
        if (cnt < index || cnt > MLDSA_OMEGA) {
            return -1;
        }
        unsigned first = index;
        while (index < cnt) {
            if (index > first && y[index - 1] >= y[index]) {
                return -1;
            }
            h[i][y[index]] = 1;
            index++;
        }
    }
    for (unsigned i = index; i < MLDSA_OMEGA; i++) {
        if (y[i] != 0) {
            return -1;
        }
    }
    return 0;
}

/*
 * The public secret-key check: skDecode steps 5 and 8 (Algorithm 25) on all
 * l + k polynomials of s1 and s2, the range check signing makes (bad-input
 * item 18). Constant time: the result is formed with a mask.
 */
int mldsa65_check_sk(const uint8_t sk[MLDSA65_SECRETKEYBYTES])
{
    int32_t s[MLDSA_N];
    uint32_t bad = 0;

    if (sk == NULL) {
        return MLDSA65_ERR_NULL;
    }
    for (unsigned r = 0; r < MLDSA_L + MLDSA_K; r++) {
        bad |= mldsa_unpack_eta(s, sk + MLDSA_SK_S1 + r * MLDSA_ETA_POLYBYTES);
    }
    mldsa_ct_wipe(s, sizeof s);
    return (int)((uint32_t)MLDSA65_ERR_SK & mldsa_ct_barrier_u32(0u - bad));
}
