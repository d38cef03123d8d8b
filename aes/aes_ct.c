/*
 * aes_ct.c -- AES-256 (FIPS 197), bitsliced on 64-bit words, four blocks
 * per pass; KeyExpansion in constant time; GCTR (SP 800-38D, Section 6.5).
 *
 * Representation. Four blocks k = 0..3, each a state s[r][c] (FIPS 197,
 * Section 3.4: input byte in[r + 4c] goes to s[r][c]). Bit b of every byte
 * is kept in one word q[b] (q[0] the least significant bit), at position
 *     16*r + 4*c + k.
 * So a row is a 16-bit lane and a column a nibble of each lane; MixColumns
 * combines lanes with word rotations, and ShiftRows is folded into it
 * ("fixslicing", see aes_ct64_cipher). SubBytes is a boolean circuit
 * applied to the eight words at once; no table is indexed by key or data
 * anywhere. The idea follows T. Pornin's BearSSL aes_ct64 and Adomnicai and
 * Peyrin's fixslicing; the layout and code here are derived from FIPS 197.
 * Figure and equation numbers below are those of the 2001 text of FIPS 197.
 */
#include <string.h>

#include "aes.h"
#include "aes_internal.h"
#include "ct.h"

/* Little-endian 32-bit access; a plain memcpy on little-endian hosts. */
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint32_t load_le32(const uint8_t *p)
{
    uint32_t x;
    memcpy(&x, p, 4);
    return x;
}

static inline void store_le32(uint8_t *p, uint32_t x)
{
    memcpy(p, &x, 4);
}
#else
static inline uint32_t load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void store_le32(uint8_t *p, uint32_t x)
{
    p[0] = (uint8_t)x;
    p[1] = (uint8_t)(x >> 8);
    p[2] = (uint8_t)(x >> 16);
    p[3] = (uint8_t)(x >> 24);
}
#endif

static void store_be32(uint8_t *p, uint32_t x)
{
    p[0] = (uint8_t)(x >> 24);
    p[1] = (uint8_t)(x >> 16);
    p[2] = (uint8_t)(x >> 8);
    p[3] = (uint8_t)x;
}

/* ---- bit-plane conversion ------------------------------------------------ */

/* Bytes 0..3 of x to bytes 0, 2, 4, 6 of the result. */
static uint64_t spread(uint32_t x)
{
    uint64_t v = x;
    v = (v | v << 16) & 0x0000FFFF0000FFFFu;
    v = (v | v << 8) & 0x00FF00FF00FF00FFu;
    return v;
}

/* Inverse of spread (bytes 1, 3, 5, 7 of v must be zero). */
static uint32_t unspread(uint64_t v)
{
    v = (v | v >> 8) & 0x0000FFFF0000FFFFu;
    return (uint32_t)(v | v >> 16);
}

/* Exchange the bits of a selected by m << n with the bits of b selected by m. */
#define SWAPN(a, b, m, n)                                                     \
    do {                                                                      \
        uint64_t a_ = (a), b_ = (b);                                          \
        (a) = (a_ & (m)) | ((b_ & (m)) << (n));                               \
        (b) = ((a_ >> (n)) & (m)) | (b_ & ((m) << (n)));                      \
    } while (0)

/*
 * Transpose the 8x8 bit matrix found in every byte position of q[0..7]:
 * afterwards bit j of byte m of q[b] is what was bit b of byte m of q[j].
 * It is its own inverse.
 */
static void ortho(uint64_t q[8])
{
    SWAPN(q[0], q[1], 0x5555555555555555u, 1);
    SWAPN(q[2], q[3], 0x5555555555555555u, 1);
    SWAPN(q[4], q[5], 0x5555555555555555u, 1);
    SWAPN(q[6], q[7], 0x5555555555555555u, 1);
    SWAPN(q[0], q[2], 0x3333333333333333u, 2);
    SWAPN(q[1], q[3], 0x3333333333333333u, 2);
    SWAPN(q[4], q[6], 0x3333333333333333u, 2);
    SWAPN(q[5], q[7], 0x3333333333333333u, 2);
    SWAPN(q[0], q[4], 0x0F0F0F0F0F0F0F0Fu, 4);
    SWAPN(q[1], q[5], 0x0F0F0F0F0F0F0F0Fu, 4);
    SWAPN(q[2], q[6], 0x0F0F0F0F0F0F0F0Fu, 4);
    SWAPN(q[3], q[7], 0x0F0F0F0F0F0F0F0Fu, 4);
}

/*
 * Block k, columns c and c + 2 (c = 0, 1) go to word 4c + k, byte 2r + h
 * holding s[r][c + 2h]; the transpose then puts bit b of that byte in q[b]
 * at position 8(2r + h) + 4c + k = 16r + 4(c + 2h) + k, as described above.
 */
void aes_ct64_load4(uint64_t q[8], const uint8_t in[64])
{
    for (int k = 0; k < 4; k++) {
        const uint8_t *blk = in + 16 * k;
        for (int c = 0; c < 2; c++) {
            q[4 * c + k] = spread(load_le32(blk + 4 * c)) | spread(load_le32(blk + 4 * c + 8)) << 8;
        }
    }
    ortho(q);
}

/* Inverse of aes_ct64_load4 (q is destroyed). */
void aes_ct64_store4(uint8_t out[64], uint64_t q[8])
{
    ortho(q);
    for (int k = 0; k < 4; k++) {
        uint8_t *blk = out + 16 * k;
        for (int c = 0; c < 2; c++) {
            uint64_t w = q[4 * c + k];
            store_le32(blk + 4 * c, unspread(w & 0x00FF00FF00FF00FFu));
            store_le32(blk + 4 * c + 8, unspread((w >> 8) & 0x00FF00FF00FF00FFu));
        }
    }
}

/* ---- FIPS 197, Section 5.1.1, SubBytes ----------------------------------- */

/*
 * FIPS 197, Section 5.1.1, SubBytes: the S-box as the depth-16, 128-gate
 * circuit of J. Boyar and R. Peralta, "A depth-16 circuit for the AES S-box"
 * (2011), Figures 2-4: a linear top layer, the shared nonlinear middle
 * (GF(2^8) inversion) and a linear bottom layer that also applies the
 * affine map of FIPS 197 eq. 5.1. Names follow the paper (U0 is the most
 * significant input bit, S0 the most significant output bit; "#" in the
 * paper is XNOR, written ~(a ^ b) here).
 */
static void sub_bytes(uint64_t q[8])
{
    uint64_t U0 = q[7], U1 = q[6], U2 = q[5], U3 = q[4];
    uint64_t U4 = q[3], U5 = q[2], U6 = q[1], U7 = q[0];

    /* Top linear transform. */
    uint64_t T1 = U0 ^ U3;
    uint64_t T2 = U0 ^ U5;
    uint64_t T3 = U0 ^ U6;
    uint64_t T4 = U3 ^ U5;
    uint64_t T5 = U4 ^ U6;
    uint64_t T6 = T1 ^ T5;
    uint64_t T7 = U1 ^ U2;
    uint64_t T8 = U7 ^ T6;
    uint64_t T9 = U7 ^ T7;
    uint64_t T10 = T6 ^ T7;
    uint64_t T11 = U1 ^ U5;
    uint64_t T12 = U2 ^ U5;
    uint64_t T13 = T3 ^ T4;
    uint64_t T14 = T6 ^ T11;
    uint64_t T15 = T5 ^ T11;
    uint64_t T16 = T5 ^ T12;
    uint64_t T17 = T9 ^ T16;
    uint64_t T18 = U3 ^ U7;
    uint64_t T19 = T7 ^ T18;
    uint64_t T20 = T1 ^ T19;
    uint64_t T21 = U6 ^ U7;
    uint64_t T22 = T7 ^ T21;
    uint64_t T23 = T2 ^ T22;
    uint64_t T24 = T2 ^ T10;
    uint64_t T25 = T20 ^ T17;
    uint64_t T26 = T3 ^ T16;
    uint64_t T27 = T1 ^ T12;

    /* Shared nonlinear middle. */
    uint64_t M1 = T13 & T6;
    uint64_t M2 = T23 & T8;
    uint64_t M3 = T14 ^ M1;
    uint64_t M4 = T19 & U7;
    uint64_t M5 = M4 ^ M1;
    uint64_t M6 = T3 & T16;
    uint64_t M7 = T22 & T9;
    uint64_t M8 = T26 ^ M6;
    uint64_t M9 = T20 & T17;
    uint64_t M10 = M9 ^ M6;
    uint64_t M11 = T1 & T15;
    uint64_t M12 = T4 & T27;
    uint64_t M13 = M12 ^ M11;
    uint64_t M14 = T2 & T10;
    uint64_t M15 = M14 ^ M11;
    uint64_t M16 = M3 ^ M2;
    uint64_t M17 = M5 ^ T24;
    uint64_t M18 = M8 ^ M7;
    uint64_t M19 = M10 ^ M15;
    uint64_t M20 = M16 ^ M13;
    uint64_t M21 = M17 ^ M15;
    uint64_t M22 = M18 ^ M13;
    uint64_t M23 = M19 ^ T25;
    uint64_t M24 = M22 ^ M23;
    uint64_t M25 = M22 & M20;
    uint64_t M26 = M21 ^ M25;
    uint64_t M27 = M20 ^ M21;
    uint64_t M28 = M23 ^ M25;
    uint64_t M29 = M28 & M27;
    uint64_t M30 = M26 & M24;
    uint64_t M31 = M20 & M23;
    uint64_t M32 = M27 & M31;
    uint64_t M33 = M27 ^ M25;
    uint64_t M34 = M21 & M22;
    uint64_t M35 = M24 & M34;
    uint64_t M36 = M24 ^ M25;
    uint64_t M37 = M21 ^ M29;
    uint64_t M38 = M32 ^ M33;
    uint64_t M39 = M23 ^ M30;
    uint64_t M40 = M35 ^ M36;
    uint64_t M41 = M38 ^ M40;
    uint64_t M42 = M37 ^ M39;
    uint64_t M43 = M37 ^ M38;
    uint64_t M44 = M39 ^ M40;
    uint64_t M45 = M42 ^ M41;
    uint64_t M46 = M44 & T6;
    uint64_t M47 = M40 & T8;
    uint64_t M48 = M39 & U7;
    uint64_t M49 = M43 & T16;
    uint64_t M50 = M38 & T9;
    uint64_t M51 = M37 & T17;
    uint64_t M52 = M42 & T15;
    uint64_t M53 = M45 & T27;
    uint64_t M54 = M41 & T10;
    uint64_t M55 = M44 & T13;
    uint64_t M56 = M40 & T23;
    uint64_t M57 = M39 & T19;
    uint64_t M58 = M43 & T3;
    uint64_t M59 = M38 & T22;
    uint64_t M60 = M37 & T20;
    uint64_t M61 = M42 & T1;
    uint64_t M62 = M45 & T4;
    uint64_t M63 = M41 & T2;

    /* Bottom linear transform (with the affine constant 0x63 as XNORs). */
    uint64_t L0 = M61 ^ M62;
    uint64_t L1 = M50 ^ M56;
    uint64_t L2 = M46 ^ M48;
    uint64_t L3 = M47 ^ M55;
    uint64_t L4 = M54 ^ M58;
    uint64_t L5 = M49 ^ M61;
    uint64_t L6 = M62 ^ L5;
    uint64_t L7 = M46 ^ L3;
    uint64_t L8 = M51 ^ M59;
    uint64_t L9 = M52 ^ M53;
    uint64_t L10 = M53 ^ L4;
    uint64_t L11 = M60 ^ L2;
    uint64_t L12 = M48 ^ M51;
    uint64_t L13 = M50 ^ L0;
    uint64_t L14 = M52 ^ M61;
    uint64_t L15 = M55 ^ L1;
    uint64_t L16 = M56 ^ L0;
    uint64_t L17 = M57 ^ L1;
    uint64_t L18 = M58 ^ L8;
    uint64_t L19 = M63 ^ L4;
    uint64_t L20 = L0 ^ L1;
    uint64_t L21 = L1 ^ L7;
    uint64_t L22 = L3 ^ L12;
    uint64_t L23 = L18 ^ L2;
    uint64_t L24 = L15 ^ L9;
    uint64_t L25 = L6 ^ L10;
    uint64_t L26 = L7 ^ L9;
    uint64_t L27 = L8 ^ L10;
    uint64_t L28 = L11 ^ L14;
    uint64_t L29 = L11 ^ L17;

    q[7] = L6 ^ L24;        /* S0 */
    q[6] = ~(L16 ^ L26);    /* S1 */
    q[5] = ~(L19 ^ L28);    /* S2 */
    q[4] = L6 ^ L21;        /* S3 */
    q[3] = L20 ^ L22;       /* S4 */
    q[2] = L25 ^ L29;       /* S5 */
    q[1] = ~(L13 ^ L27);    /* S6 */
    q[0] = ~(L6 ^ L23);     /* S7 */
}

/* ---- FIPS 197, Sections 5.1.2-5.1.4: ShiftRows, MixColumns, AddRoundKey */

/*
 * Deviation: ShiftRows is not applied round by round ("fixslicing", A.
 * Adomnicai and T. Peyrin, TCHES 2021/1). After m skipped ShiftRows the
 * words hold P = SR^-m(L), L the FIPS 197 state: L[r][c] = P[r][c + m*r].
 * SubBytes commutes with SR, and one round
 *     L' = MixColumns(ShiftRows(SubBytes(L))) ^ K
 * becomes, with s = m + 1 (mod 4, since SR^4 is the identity),
 *     P' = MC_s(SubBytes(P)) ^ SR^-s(K),   MC_s = SR^-s o MixColumns o SR^s.
 * The round keys are stored as SR^-s(K) (aes256_init), and the last round
 * (no MixColumns; 14 = 2 mod 4) ends with one real SR^2.
 *
 * MC_s, from equation 5.6, s'[r][c] = {02}s[r][c] ^ {03}s[r+1][c] ^
 * s[r+2][c] ^ s[r+3][c], rewritten in P:
 *     P'[r][c] = {02}P[r][c] ^ {03}P[r+1][c+s] ^ P[r+2][c+2s] ^ P[r+3][c+3s]
 *              = xtime(t) ^ n ^ R_s(R_s(t)),   n = R_s(P), t = P ^ n,
 * where R_s brings row r+1, column c+s to row r, column c. In the words a row
 * is a 16-bit lane and a column a nibble in it, so R_s is a rotation of the
 * word by 16 (next row) merged with a rotation of every lane by s nibbles,
 * which is two word rotations and a mask.
 */
#if defined(__GNUC__) || defined(__clang__)
#define AES_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define AES_ALWAYS_INLINE static inline
#endif

AES_ALWAYS_INLINE uint64_t rotr(uint64_t x, unsigned n) { return x >> n | x << (64 - n); }

AES_ALWAYS_INLINE uint64_t row_next(uint64_t x, unsigned s)   /* R_s */
{
    switch (s) {
    case 1: return (rotr(x, 20) & 0x0FFF0FFF0FFF0FFFu) | (rotr(x, 4) & 0xF000F000F000F000u);
    case 2: return (rotr(x, 24) & 0x00FF00FF00FF00FFu) | (rotr(x, 8) & 0xFF00FF00FF00FF00u);
    case 3: return (rotr(x, 28) & 0x000F000F000F000Fu) | (rotr(x, 12) & 0xFFF0FFF0FFF0FFF0u);
    default: return rotr(x, 16);
    }
}

AES_ALWAYS_INLINE uint64_t row_next2(uint64_t x, unsigned s)  /* R_s o R_s */
{
    if (s & 1) {
        return (rotr(x, 40) & 0x00FF00FF00FF00FFu) | (rotr(x, 24) & 0xFF00FF00FF00FF00u);
    }
    return rotr(x, 32);
}

/*
 * FIPS 197, Section 5.1.3, MixColumns, in the fixsliced form MC_s, fused
 * with AddRoundKey (Section 5.1.4). xtime (Section 4.2.1) on bit planes: the
 * planes move up by one and the old top plane t[7] is added back at the
 * bits of {1b} = 0, 1, 3, 4.
 */
AES_ALWAYS_INLINE void mix_columns_ark(uint64_t q[8], unsigned s, const uint64_t rk[8])
{
    uint64_t n[8], t[8];
    for (int i = 0; i < 8; i++) {
        n[i] = row_next(q[i], s);
        t[i] = q[i] ^ n[i];
    }
    q[0] = t[7] ^ n[0] ^ row_next2(t[0], s) ^ rk[0];
    q[1] = t[0] ^ t[7] ^ n[1] ^ row_next2(t[1], s) ^ rk[1];
    q[2] = t[1] ^ n[2] ^ row_next2(t[2], s) ^ rk[2];
    q[3] = t[2] ^ t[7] ^ n[3] ^ row_next2(t[3], s) ^ rk[3];
    q[4] = t[3] ^ t[7] ^ n[4] ^ row_next2(t[4], s) ^ rk[4];
    q[5] = t[4] ^ n[5] ^ row_next2(t[5], s) ^ rk[5];
    q[6] = t[5] ^ n[6] ^ row_next2(t[6], s) ^ rk[6];
    q[7] = t[6] ^ n[7] ^ row_next2(t[7], s) ^ rk[7];
}

/* One copy per s, so that s is a constant in each. */
static void mix_columns_ark0(uint64_t q[8], const uint64_t rk[8]) { mix_columns_ark(q, 0, rk); }
static void mix_columns_ark1(uint64_t q[8], const uint64_t rk[8]) { mix_columns_ark(q, 1, rk); }
static void mix_columns_ark2(uint64_t q[8], const uint64_t rk[8]) { mix_columns_ark(q, 2, rk); }
static void mix_columns_ark3(uint64_t q[8], const uint64_t rk[8]) { mix_columns_ark(q, 3, rk); }

/* FIPS 197, Section 5.1.4, AddRoundKey (the round key as stored, SR^-s(K)). */
static void add_round_key(uint64_t q[8], const uint64_t rk[8])
{
    for (int i = 0; i < 8; i++) {
        q[i] ^= rk[i];
    }
}

/* FIPS 197, Section 5.1.2, ShiftRows, twice (SR^2): rows 1 and 3 rotate by
 * two columns (one byte of their lane), rows 0 and 2 stay. */
static void shift_rows2(uint64_t q[8])
{
    for (int i = 0; i < 8; i++) {
        uint64_t x = q[i];
        q[i] = (x & 0x0000FFFF0000FFFFu) | ((x >> 8) & 0x00FF000000FF0000u) |
               ((x << 8) & 0xFF000000FF000000u);
    }
}

/*
 * FIPS 197, Section 5.1, Cipher (Figure 5), Nr = 14, on four blocks, in the
 * fixsliced form above: round j uses MC_(j mod 4) and the key SR^-(j mod 4)(K_j).
 */
void aes_ct64_cipher(const aes256_ctx *ctx, uint64_t q[8])
{
    add_round_key(q, ctx->rk[0]);
    for (int round = 1; round < 13; round += 4) {
        sub_bytes(q);
        mix_columns_ark1(q, ctx->rk[round]);
        sub_bytes(q);
        mix_columns_ark2(q, ctx->rk[round + 1]);
        sub_bytes(q);
        mix_columns_ark3(q, ctx->rk[round + 2]);
        sub_bytes(q);
        mix_columns_ark0(q, ctx->rk[round + 3]);
    }
    sub_bytes(q);                                /* round 13 */
    mix_columns_ark1(q, ctx->rk[13]);
    sub_bytes(q);                                /* round 14: no MixColumns */
    add_round_key(q, ctx->rk[AES256_ROUNDS]);
    shift_rows2(q);                              /* SR^14 = SR^2 */
}

/* ---- FIPS 197, Section 5.2, KeyExpansion --------------------------------- */

/*
 * SubWord (Section 5.2): the S-box on each byte of w (byte j in bits
 * 8j..8j+7), through the same circuit: bit b of byte j goes to bit j of
 * plane b.
 */
static uint32_t sub_word(uint32_t w)
{
    uint64_t q[8];
    for (int b = 0; b < 8; b++) {
        q[b] = 0;
        for (int j = 0; j < 4; j++) {
            q[b] |= (uint64_t)((w >> (8 * j + b)) & 1u) << j;
        }
    }
    sub_bytes(q);
    uint32_t r = 0;
    for (int b = 0; b < 8; b++) {
        for (int j = 0; j < 4; j++) {
            r |= (uint32_t)((q[b] >> j) & 1u) << (8 * j + b);
        }
    }
    aes_ct_wipe(q, sizeof q);
    return r;
}

/*
 * FIPS 197, Section 5.2, KeyExpansion (Figure 11) with Nk = 8, Nr = 14:
 * 60 words w[i]; word w[i] holds bytes
 * key[4i..4i+3] with the first in the low bits, so RotWord is a rotation
 * right by 8 and Rcon[j] = x^(j-1) sits in the low byte. Only i (public)
 * decides which step runs. Each round key w[4r..4r+3] is then stored
 * bitsliced, repeated for the four block positions.
 */
void aes_ct64_init(aes256_ctx *ctx, const uint8_t key[AES256_KEYBYTES])
{
    uint32_t w[4 * (AES256_ROUNDS + 1)];
    uint8_t rk4[64];
    uint32_t rcon = 0x01;

    for (int i = 0; i < 8; i++) {
        w[i] = load_le32(key + 4 * i);
    }
    for (int i = 8; i < 4 * (AES256_ROUNDS + 1); i++) {
        uint32_t temp = w[i - 1];
        if ((i & 7) == 0) {
            temp = sub_word(temp >> 8 | temp << 24) ^ rcon;
            rcon <<= 1; /* xtime; never reaches 0x80 for Nk = 8 */
        } else if ((i & 7) == 4) {
            temp = sub_word(temp);
        }
        w[i] = w[i - 8] ^ temp;
    }
    for (int r = 0; r <= AES256_ROUNDS; r++) {
        uint8_t K[16];
        unsigned s = (unsigned)r & 3;
        for (int j = 0; j < 4; j++) {
            store_le32(K + 4 * j, w[4 * r + j]);
        }
        /* SR^-s(K)[row][c] = K[row][c - s*row] (see aes_ct64_cipher) */
        for (unsigned c = 0; c < 4; c++) {
            for (unsigned row = 0; row < 4; row++) {
                rk4[row + 4 * c] = K[row + 4 * ((c - s * row) & 3)];
            }
        }
        for (int k = 1; k < 4; k++) {
            memcpy(rk4 + 16 * k, rk4, 16);
        }
        aes_ct64_load4(ctx->rk[r], rk4);
        aes_ct_wipe(K, sizeof K);
    }
    aes_ct_wipe(w, sizeof w);
    aes_ct_wipe(rk4, sizeof rk4);
}

/* Wipe the expanded key: its round keys are as secret as the key itself. */
void aes256_wipe(aes256_ctx *ctx)
{
    aes_ct_wipe(ctx, sizeof *ctx);
}

/* The Cipher (aes_ct64_cipher) on nblocks blocks, four per bitsliced pass;
 * a short last pass is padded with zero blocks whose output is dropped. */
void aes_ct64_encrypt_blocks(const aes256_ctx *ctx, uint8_t *out, const uint8_t *in,
                             size_t nblocks)
{
    uint8_t buf[64];
    uint64_t q[8];
    while (nblocks > 0) {
        size_t n = nblocks < 4 ? nblocks : 4;
        memset(buf, 0, sizeof buf);
        memcpy(buf, in, 16 * n);
        aes_ct64_load4(q, buf);
        aes_ct64_cipher(ctx, q);
        aes_ct64_store4(buf, q);
        memcpy(out, buf, 16 * n);
        in += 16 * n;
        out += 16 * n;
        nblocks -= n;
    }
    aes_ct_wipe(buf, sizeof buf);
    aes_ct_wipe(q, sizeof q);
}

/* The public KeyExpansion and Cipher: the x86-64 backend (aes/x86_64/aes_ni.c)
 * when compiled with its flags, else the bitsliced code above. */
void aes256_init(aes256_ctx *ctx, const uint8_t key[AES256_KEYBYTES])
{
#if AES_X86_64
    aes_x86_init(ctx, key);
#else
    aes_ct64_init(ctx, key);
#endif
}

void aes256_encrypt_blocks(const aes256_ctx *ctx, uint8_t *out, const uint8_t *in,
                           size_t nblocks)
{
#if AES_X86_64
    aes_x86_encrypt_blocks(ctx, out, in, nblocks);
#else
    aes_ct64_encrypt_blocks(ctx, out, in, nblocks);
#endif
}

/* aes256_encrypt_blocks on one block. */
void aes256_encrypt_block(const aes256_ctx *ctx, uint8_t out[AES256_BLOCKBYTES],
                          const uint8_t in[AES256_BLOCKBYTES])
{
    aes256_encrypt_blocks(ctx, out, in, 1);
}

/* ---- SP 800-38D, Section 6.5, GCTR --------------------------------------- */

/*
 * SP 800-38D, Section 6.5, Algorithm 3, GCTR_K(ICB, X): four counter blocks
 * per bitsliced pass. Steps 1-3 (n blocks, the last one partial) are the
 * loop's length bookkeeping.
 */
void aes_ct64_gctr(const aes256_ctx *ctx, const uint8_t icb[16], uint8_t *out,
                   const uint8_t *in, size_t len)
{
    uint8_t cb[64], ks[64];
    uint64_t q[8];
    /* steps 4-5: CB_1 = ICB; CB_i = inc_32(CB_{i-1}): the low 32 bits count mod 2^32. */
    uint32_t ctr = (uint32_t)icb[12] << 24 | (uint32_t)icb[13] << 16 | (uint32_t)icb[14] << 8 | icb[15];

    for (int k = 0; k < 4; k++) {
        memcpy(cb + 16 * k, icb, 12);
    }
    while (len > 0) {
        /* Written out, not a loop over k: gcc -Os otherwise turns the loop
         * into "until ctr + k == ctr + 4", a compare on the (for non-96-bit
         * IVs secret) counter that valgrind rightly refuses to trust. */
        store_be32(cb + 12, ctr);
        store_be32(cb + 28, ctr + 1);
        store_be32(cb + 44, ctr + 2);
        store_be32(cb + 60, ctr + 3);
        ctr += 4;
        aes_ct64_load4(q, cb);
        aes_ct64_cipher(ctx, q);
        aes_ct64_store4(ks, q);
        if (len >= 64) {
            /* step 6: Y_i = X_i ^ CIPH_K(CB_i), eight bytes at a time
             * (memcpy: any alignment, and in == out is fine). */
            for (int i = 0; i < 64; i += 8) {
                uint64_t x, k;
                memcpy(&x, in + i, 8);
                memcpy(&k, ks + i, 8);
                x ^= k;
                memcpy(out + i, &x, 8);
            }
            in += 64;
            out += 64;
            len -= 64;
        } else {
            /* step 7: Y_n* = X_n* ^ MSB_len(CIPH_K(CB_n)): the rest is dropped. */
            for (size_t i = 0; i < len; i++) {
                out[i] = (uint8_t)(in[i] ^ ks[i]);
            }
            len = 0;
        }
    }
    aes_ct_wipe(ks, sizeof ks);
    aes_ct_wipe(cb, sizeof cb);
    aes_ct_wipe(q, sizeof q);
}
