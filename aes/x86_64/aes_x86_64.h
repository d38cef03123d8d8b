/*
 * aes_x86_64.h -- private inline helpers of the x86-64 backend: AES-256 with
 * AES-NI (FIPS 197 Cipher and KeyExpansion), GCTR eight blocks per pass and
 * GHASH with PCLMULQDQ (SP 800-38D Sections 6.3-6.5). Included only by the
 * files in aes/x86_64/, and only when AES_X86_64 is set (aes_internal.h).
 *
 * Constant time: AESENC/AESENCLAST/AESKEYGENASSIST and PCLMULQDQ take a time
 * independent of their operands on the CPUs this backend claims (README.md,
 * "x86-64 backend"); nothing here branches on or indexes by a secret. Loops
 * and table indices depend on lengths only.
 */
#ifndef AEGIS_AES_X86_64_H
#define AEGIS_AES_X86_64_H

#include "../aes_internal.h"
#include "../ct.h"

#if AES_X86_64
#include <immintrin.h>

#if defined(__GNUC__) || defined(__clang__)
#define AESX_INLINE static inline __attribute__((always_inline))
#else
#define AESX_INLINE static inline
#endif

/* ---- FIPS 197, Section 5.2, KeyExpansion (Nk = 8, Nr = 14) ------------- */

/*
 * A 128-bit register holds four words w[4k..4k+3] (w[4k] in the low 32
 * bits, bytes in FIPS 197 order), i.e. round key k as AESENC wants it.
 * AESKEYGENASSIST(X, rcon) gives, from the top word X3 = w[i-1]:
 * dword 3 = RotWord(SubWord(X3)) ^ rcon, dword 2 = SubWord(X3).
 * For i = 0 mod 8: w[i] = w[i-8] ^ SubWord(RotWord(w[i-1])) ^ Rcon[i/8]
 * (RotWord and SubWord commute); for i = 4 mod 8: w[i] = w[i-8] ^
 * SubWord(w[i-1]). The next three words are w[i+j] = w[i+j-8] ^ w[i+j-1],
 * so the four new words are the prefix XOR of the block two back, XOR t.
 */
AESX_INLINE __m128i aesx_prefix_xor(__m128i x)
{
    x = _mm_xor_si128(x, _mm_slli_si128(x, 4));
    return _mm_xor_si128(x, _mm_slli_si128(x, 8));
}

/* Round key k = 2j (j = 1..7): rcon = Rcon[j] = x^(j-1), an immediate. */
#define AESX_EXPAND_EVEN(rk, k, rcon)                                              \
    (rk)[k] = _mm_xor_si128(aesx_prefix_xor((rk)[(k) - 2]),                       \
                            _mm_shuffle_epi32(_mm_aeskeygenassist_si128((rk)[(k) - 1], rcon), 0xFF))
/* Round key k = 2j + 1: SubWord only. */
#define AESX_EXPAND_ODD(rk, k)                                                     \
    (rk)[k] = _mm_xor_si128(aesx_prefix_xor((rk)[(k) - 2]),                       \
                            _mm_shuffle_epi32(_mm_aeskeygenassist_si128((rk)[(k) - 1], 0), 0xAA))

/* FIPS 197, Section 5.2, KeyExpansion (as aes_ct64_init, aes_ct.c): the 15
 * round keys w[4k..4k+3]. */
AESX_INLINE void aesx_expand(__m128i rk[AES256_ROUNDS + 1], const uint8_t key[AES256_KEYBYTES])
{
    rk[0] = _mm_loadu_si128((const __m128i *)(const void *)key);
    rk[1] = _mm_loadu_si128((const __m128i *)(const void *)(key + 16));
    AESX_EXPAND_EVEN(rk, 2, 0x01);
    AESX_EXPAND_ODD(rk, 3);
    AESX_EXPAND_EVEN(rk, 4, 0x02);
    AESX_EXPAND_ODD(rk, 5);
    AESX_EXPAND_EVEN(rk, 6, 0x04);
    AESX_EXPAND_ODD(rk, 7);
    AESX_EXPAND_EVEN(rk, 8, 0x08);
    AESX_EXPAND_ODD(rk, 9);
    AESX_EXPAND_EVEN(rk, 10, 0x10);
    AESX_EXPAND_ODD(rk, 11);
    AESX_EXPAND_EVEN(rk, 12, 0x20);
    AESX_EXPAND_ODD(rk, 13);
    AESX_EXPAND_EVEN(rk, 14, 0x40);
}

/* ---- FIPS 197, Section 5.1, Cipher --------------------------------------- */

/* FIPS 197, Section 5.1, Cipher, one block (as aes_ct64_cipher, aes_ct.c):
 * AddRoundKey, rounds 1..13 (AESENC = SubBytes, ShiftRows, MixColumns,
 * AddRoundKey), round 14 without MixColumns (AESENCLAST). */
AESX_INLINE __m128i aesx_encrypt1(const __m128i rk[AES256_ROUNDS + 1], __m128i b)
{
    /* written out: gcc -O2 keeps a 13-step loop, three more instructions a round */
    b = _mm_xor_si128(b, rk[0]);
    b = _mm_aesenc_si128(b, rk[1]);
    b = _mm_aesenc_si128(b, rk[2]);
    b = _mm_aesenc_si128(b, rk[3]);
    b = _mm_aesenc_si128(b, rk[4]);
    b = _mm_aesenc_si128(b, rk[5]);
    b = _mm_aesenc_si128(b, rk[6]);
    b = _mm_aesenc_si128(b, rk[7]);
    b = _mm_aesenc_si128(b, rk[8]);
    b = _mm_aesenc_si128(b, rk[9]);
    b = _mm_aesenc_si128(b, rk[10]);
    b = _mm_aesenc_si128(b, rk[11]);
    b = _mm_aesenc_si128(b, rk[12]);
    b = _mm_aesenc_si128(b, rk[13]);
    return _mm_aesenclast_si128(b, rk[AES256_ROUNDS]);
}

/* Eight independent blocks b[0..7] in flight (written out so that they stay
 * in registers: AESENC has a latency of several cycles but a throughput of
 * one or two per cycle). */
#define AESX_STEP8(b, f, k)                                                        \
    do {                                                                           \
        __m128i k_ = (k);                                                          \
        b##0 = f(b##0, k_); b##1 = f(b##1, k_); b##2 = f(b##2, k_); b##3 = f(b##3, k_); \
        b##4 = f(b##4, k_); b##5 = f(b##5, k_); b##6 = f(b##6, k_); b##7 = f(b##7, k_); \
    } while (0)

#define AESX_ENCRYPT8(rk, b)                                                       \
    do {                                                                           \
        AESX_STEP8(b, _mm_xor_si128, (rk)[0]);                                     \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[1]);                                  \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[2]);                                  \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[3]);                                  \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[4]);                                  \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[5]);                                  \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[6]);                                  \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[7]);                                  \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[8]);                                  \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[9]);                                  \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[10]);                                 \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[11]);                                 \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[12]);                                 \
        AESX_STEP8(b, _mm_aesenc_si128, (rk)[13]);                                 \
        AESX_STEP8(b, _mm_aesenclast_si128, (rk)[14]);                             \
    } while (0)

/* ---- SP 800-38D, Section 6.5, GCTR with inc_32 (Section 6.2) ------------ */

/*
 * A counter block with its last four bytes reversed: dword 3 is then the
 * 32-bit counter as an integer, _mm_add_epi32 on it is inc_32 (mod 2^32,
 * no carry into the first 96 bits), and the same shuffle maps it back.
 */
AESX_INLINE __m128i aesx_ctr_swap(__m128i x)
{
    return _mm_shuffle_epi8(x, _mm_set_epi8(12, 13, 14, 15, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
}

AESX_INLINE __m128i aesx_ctr_add(__m128i c, int k)
{
    return _mm_add_epi32(c, _mm_set_epi32(k, 0, 0, 0));
}

/* The eight counter blocks CB_{j+1} .. CB_{j+8} from c = CB_j (swapped). */
#define AESX_COUNTERS8(b, c)                                                       \
    do {                                                                           \
        b##0 = aesx_ctr_swap(aesx_ctr_add(c, 0)); b##1 = aesx_ctr_swap(aesx_ctr_add(c, 1)); \
        b##2 = aesx_ctr_swap(aesx_ctr_add(c, 2)); b##3 = aesx_ctr_swap(aesx_ctr_add(c, 3)); \
        b##4 = aesx_ctr_swap(aesx_ctr_add(c, 4)); b##5 = aesx_ctr_swap(aesx_ctr_add(c, 5)); \
        b##6 = aesx_ctr_swap(aesx_ctr_add(c, 6)); b##7 = aesx_ctr_swap(aesx_ctr_add(c, 7)); \
    } while (0)

AESX_INLINE __m128i aesx_load(const uint8_t *p)
{
    return _mm_loadu_si128((const __m128i *)(const void *)p);
}

AESX_INLINE void aesx_store(uint8_t *p, __m128i x)
{
    _mm_storeu_si128((__m128i *)(void *)p, x);
}

/*
 * Y_i = X_i ^ CIPH_K(CB_i) for i = 1..8 (128 bytes), b0..b7 holding the
 * keystream; out may equal in.
 */
#define AESX_XOR8(out, in, b)                                                      \
    do {                                                                           \
        aesx_store((out) + 0, _mm_xor_si128(b##0, aesx_load((in) + 0)));           \
        aesx_store((out) + 16, _mm_xor_si128(b##1, aesx_load((in) + 16)));         \
        aesx_store((out) + 32, _mm_xor_si128(b##2, aesx_load((in) + 32)));         \
        aesx_store((out) + 48, _mm_xor_si128(b##3, aesx_load((in) + 48)));         \
        aesx_store((out) + 64, _mm_xor_si128(b##4, aesx_load((in) + 64)));         \
        aesx_store((out) + 80, _mm_xor_si128(b##5, aesx_load((in) + 80)));         \
        aesx_store((out) + 96, _mm_xor_si128(b##6, aesx_load((in) + 96)));         \
        aesx_store((out) + 112, _mm_xor_si128(b##7, aesx_load((in) + 112)));       \
    } while (0)

/*
 * SP 800-38D, Section 6.5, Algorithm 3, GCTR_K(ICB, X) (as aes_ct64_gctr,
 * aes_ct.c), len bytes, from c = the swapped ICB, eight blocks per pass; a
 * last partial pass computes eight keystream blocks and uses the first len
 * of its bytes (the counters past the end are never output). out may equal
 * in.
 */
AESX_INLINE void aesx_gctr_c(const __m128i rk[AES256_ROUNDS + 1], __m128i c, uint8_t *out,
                             const uint8_t *in, size_t len)
{
    __m128i b0, b1, b2, b3, b4, b5, b6, b7;
    while (len >= 128) {
        AESX_COUNTERS8(b, c);
        AESX_ENCRYPT8(rk, b);
        AESX_XOR8(out, in, b);
        c = aesx_ctr_add(c, 8);
        in += 128;
        out += 128;
        len -= 128;
    }
    if (len > 0) {
        uint8_t buf[128];
        memset(buf, 0, sizeof buf);
        memcpy(buf, in, len);
        AESX_COUNTERS8(b, c);
        AESX_ENCRYPT8(rk, b);
        AESX_XOR8(buf, buf, b);
        memcpy(out, buf, len);
        aes_ct_wipe(buf, sizeof buf);
    }
}

/* The same from the counter block as bytes. */
AESX_INLINE void aesx_gctr(const __m128i rk[AES256_ROUNDS + 1], const uint8_t icb[16],
                           uint8_t *out, const uint8_t *in, size_t len)
{
    aesx_gctr_c(rk, aesx_ctr_swap(aesx_load(icb)), out, in, len);
}

/* ---- SP 800-38D, Sections 6.3-6.4, GHASH with PCLMULQDQ ------------------ */

/*
 * Representation. A block b0..b15 byte-reversed into a register is the
 * 128-bit big-endian integer of the block; GCM's bit order (Section 6.3:
 * the leftmost bit is x^0) makes its bit 127 - i the coefficient of x^i
 * ("reflected"). Multiplying by x is then a right shift, by x^-1 a left
 * shift.
 *
 * For reflected a, b the 255-bit carry-less product c = clmul(a, b) has bit
 * 254 - k = coefficient of x^k of A*B. Read as 256 bits with bit 255 - k =
 * coefficient of x^k, it stands for x*A*B. So the second operand is stored
 * as B' = B*x^-1 (aesx_times_x_inv): then clmul(a, b') read that way is A*B,
 * with no shift of the product (an idea of S. Gueron and M. Kounavis'
 * Intel white paper on carry-less multiplication and GCM; derived here).
 *
 * The 256-bit value is four quadwords v3 (x^0..x^63) : v2 : v1 : v0
 * (x^192..x^255). x^128 = 1 + x + x^2 + x^7 (mod P) folds v0 onto v2:v1 and
 * then v1 onto v3:v2, as in ghash.c; "w times (x + x^2 + x^7)" on a reflected
 * quadword w is the 128-bit carry-less product of w with 0xC2000000_00000000
 * (bits 63, 62, 57: w << 63 ^ w << 62 ^ w << 57 as 128-bit shifts).
 */
AESX_INLINE __m128i aesx_bswap(__m128i x)
{
    return _mm_shuffle_epi8(x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

/* [v3:v2] = hi, [v1:v0] = lo: the 256-bit value reduced mod P. */
AESX_INLINE __m128i aesx_reduce(__m128i hi, __m128i lo)
{
    const __m128i poly = _mm_set_epi64x(0, (long long)0xC200000000000000u);
    /* v0 * (x + x^2 + x^7): high half onto v2 (with v0 itself), low onto v1 */
    __m128i t = _mm_clmulepi64_si128(lo, poly, 0x00);
    lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4E), t);   /* [v0 ^ t.hi : v1 ^ t.lo] */
    /* the new v1 the same way, onto v3:v2 */
    t = _mm_clmulepi64_si128(lo, poly, 0x00);
    lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4E), t);
    return _mm_xor_si128(hi, lo);
}

/* B' = B * x^-1: a left shift by one; the bit shifted out (x^0) comes back
 * as x^-1 = x^127 + x^6 + x + 1 (bits 0, 121, 126, 127), under a mask. */
AESX_INLINE __m128i aesx_times_x_inv(__m128i b)
{
    __m128i top = _mm_srai_epi32(_mm_shuffle_epi32(b, 0xFF), 31);   /* all ones iff bit 127 */
    __m128i carry = _mm_slli_si128(_mm_srli_epi64(b, 63), 8);       /* bit 63 to bit 64 */
    b = _mm_or_si128(_mm_slli_epi64(b, 1), carry);
    return _mm_xor_si128(b, _mm_and_si128(top, _mm_set_epi64x((long long)0xC200000000000000u, 1)));
}

/*
 * Unreduced products, accumulated (Karatsuba on 64-bit halves: with
 * a = a1:a0, b = b1:b0, a*b = a1b1 << 128 ^ (m ^ a1b1 ^ a0b0) << 64 ^ a0b0,
 * m = (a0 ^ a1)(b0 ^ b1)). kb holds b0 ^ b1 in its low quadword.
 */
typedef struct {
    __m128i lo, hi, mid;
} aesx_acc;

AESX_INLINE void aesx_acc_first(aesx_acc *z, __m128i a, __m128i b, __m128i kb)
{
    __m128i am = _mm_xor_si128(a, _mm_shuffle_epi32(a, 0x4E));
    z->lo = _mm_clmulepi64_si128(a, b, 0x00);
    z->hi = _mm_clmulepi64_si128(a, b, 0x11);
    z->mid = _mm_clmulepi64_si128(am, kb, 0x00);
}

AESX_INLINE void aesx_acc_add(aesx_acc *z, __m128i a, __m128i b, __m128i kb)
{
    __m128i am = _mm_xor_si128(a, _mm_shuffle_epi32(a, 0x4E));
    z->lo = _mm_xor_si128(z->lo, _mm_clmulepi64_si128(a, b, 0x00));
    z->hi = _mm_xor_si128(z->hi, _mm_clmulepi64_si128(a, b, 0x11));
    z->mid = _mm_xor_si128(z->mid, _mm_clmulepi64_si128(am, kb, 0x00));
}

AESX_INLINE __m128i aesx_acc_reduce(const aesx_acc *z)
{
    __m128i mid = _mm_xor_si128(z->mid, _mm_xor_si128(z->lo, z->hi));
    __m128i lo = _mm_xor_si128(z->lo, _mm_slli_si128(mid, 8));
    __m128i hi = _mm_xor_si128(z->hi, _mm_srli_si128(mid, 8));
    return aesx_reduce(hi, lo);
}

/*
 * H^1..H^8, each as B' = H^i * x^-1 (reflected), and the XOR of its halves
 * for Karatsuba: eight blocks share one reduction.
 */
#define AESX_POWERS 8
typedef struct {
    __m128i h[AESX_POWERS];  /* h[i] = (H^(i+1))' */
    __m128i k[AESX_POWERS];  /* low quadword: the two halves of h[i] XORed */
} aesx_ghash_key;

/* H as bytes (CIPH_K(0^128)); the products of Section 6.3. */
AESX_INLINE void aesx_ghash_init(aesx_ghash_key *gk, __m128i hbytes)
{
    __m128i h1 = aesx_times_x_inv(aesx_bswap(hbytes));
    __m128i p = h1;
    for (int i = 0; i < AESX_POWERS; i++) {
        if (i > 0) {
            /* (H^(i+1))' = H^i' * H (the product of A = H^i' with B' = H'). */
            aesx_acc z;
            aesx_acc_first(&z, p, h1, gk->k[0]);
            p = aesx_acc_reduce(&z);
        }
        gk->h[i] = p;
        gk->k[i] = _mm_xor_si128(p, _mm_shuffle_epi32(p, 0x4E));
    }
}

/* Y = (Y ^ X_1) H^8 ^ X_2 H^7 ^ ... ^ X_8 H (eight of GHASH's step 3 at
 * once); x0..x7 are the blocks, already byte-reversed. */
#define AESX_GHASH8(y, gk, x)                                                      \
    do {                                                                           \
        aesx_acc z_;                                                               \
        aesx_acc_first(&z_, _mm_xor_si128(x##0, y), (gk)->h[7], (gk)->k[7]);       \
        aesx_acc_add(&z_, x##1, (gk)->h[6], (gk)->k[6]);                           \
        aesx_acc_add(&z_, x##2, (gk)->h[5], (gk)->k[5]);                           \
        aesx_acc_add(&z_, x##3, (gk)->h[4], (gk)->k[4]);                           \
        aesx_acc_add(&z_, x##4, (gk)->h[3], (gk)->k[3]);                           \
        aesx_acc_add(&z_, x##5, (gk)->h[2], (gk)->k[2]);                           \
        aesx_acc_add(&z_, x##6, (gk)->h[1], (gk)->k[1]);                           \
        aesx_acc_add(&z_, x##7, (gk)->h[0], (gk)->k[0]);                           \
        y = aesx_acc_reduce(&z_);                                                  \
    } while (0)

/*
 * SP 800-38D, Section 6.4, Algorithm 2, GHASH_H (as aes_ghash_update,
 * ghash.c): Y = GHASH_H over data || 0^v (the
 * data zero-padded to whole blocks), continuing from Y (reflected). Eight
 * blocks per reduction; the last 1..8 blocks with H^n..H^1, n public.
 */
AESX_INLINE __m128i aesx_ghash(__m128i y, const aesx_ghash_key *gk, const uint8_t *data,
                               size_t len)
{
    __m128i x0, x1, x2, x3, x4, x5, x6, x7;
    while (len >= 128) {
        x0 = aesx_bswap(aesx_load(data));
        x1 = aesx_bswap(aesx_load(data + 16));
        x2 = aesx_bswap(aesx_load(data + 32));
        x3 = aesx_bswap(aesx_load(data + 48));
        x4 = aesx_bswap(aesx_load(data + 64));
        x5 = aesx_bswap(aesx_load(data + 80));
        x6 = aesx_bswap(aesx_load(data + 96));
        x7 = aesx_bswap(aesx_load(data + 112));
        AESX_GHASH8(y, gk, x);
        data += 128;
        len -= 128;
    }
    if (len > 0) {
        uint8_t buf[128];
        size_t n = (len >> 4) + ((len & 15) != 0);   /* 1..8 blocks, without len + 15 */
        aesx_acc z;
        memset(buf, 0, sizeof buf);
        memcpy(buf, data, len);
        aesx_acc_first(&z, _mm_xor_si128(aesx_bswap(aesx_load(buf)), y), gk->h[n - 1],
                       gk->k[n - 1]);
        for (size_t j = 1; j < n; j++) {
            aesx_acc_add(&z, aesx_bswap(aesx_load(buf + 16 * j)), gk->h[n - 1 - j],
                         gk->k[n - 1 - j]);
        }
        y = aesx_acc_reduce(&z);
        aes_ct_wipe(buf, sizeof buf);
    }
    return y;
}

#endif /* AES_X86_64 */
#endif
