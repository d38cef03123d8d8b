/*
 * aes_ct.c -- AES-256 (FIPS 197), bitsliced on 64-bit words, four blocks
 * per pass; KeyExpansion in constant time; GCTR (SP 800-38D, Section 6.5).
 *
 * Representation. Four blocks k = 0..3, each a state s[r][c] (FIPS 197,
 * Section 3.4: input byte in[r + 4c] goes to s[r][c]). Bit b of every byte
 * is kept in one word q[b] (q[0] the least significant bit), at position
 *     16*r + 4*c + k.
 * So a row is a 16-bit lane, ShiftRows rotates nibbles inside each lane and
 * MixColumns combines lanes with 16- and 32-bit word rotations. SubBytes is
 * a boolean circuit applied to the eight words at once; no table is indexed
 * by key or data anywhere. The idea follows T. Pornin's BearSSL aes_ct64;
 * the layout and code here are derived from FIPS 197 directly.
 */
#include <string.h>

#include "aes.h"
#include "aes_internal.h"
#include "ct.h"

static uint32_t load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void store_le32(uint8_t *p, uint32_t x)
{
    p[0] = (uint8_t)x;
    p[1] = (uint8_t)(x >> 8);
    p[2] = (uint8_t)(x >> 16);
    p[3] = (uint8_t)(x >> 24);
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
 * The S-box as the depth-16, 128-gate circuit of J. Boyar and R. Peralta,
 * "A depth-16 circuit for the AES S-box" (2011), Figures 2-4: a linear top
 * layer, the shared nonlinear middle (GF(2^8) inversion) and a linear bottom
 * layer that also applies the affine map of FIPS 197 eq. 5.1. Names follow
 * the paper (U0 is the most significant input bit, S0 the most significant
 * output bit; "#" in the paper is XNOR, written ~(a ^ b) here).
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

/* ---- FIPS 197, Section 5.1.2, ShiftRows ---------------------------------- */

/*
 * s'[r][c] = s[r][(c + r) mod 4]: in row lane r (bits 16r..16r+15, one
 * nibble per column) the nibbles rotate right by r places.
 */
static void shift_rows(uint64_t q[8])
{
    for (int i = 0; i < 8; i++) {
        uint64_t x = q[i];
        q[i] = (x & 0x000000000000FFFFu)
             | ((x >> 4) & 0x000000000FFF0000u) | ((x << 12) & 0x00000000F0000000u)
             | ((x >> 8) & 0x000000FF00000000u) | ((x << 8) & 0x0000FF0000000000u)
             | ((x >> 12) & 0x000F000000000000u) | ((x << 4) & 0xFFF0000000000000u);
    }
}

/* ---- FIPS 197, Section 5.1.3, MixColumns --------------------------------- */

static uint64_t rotr16(uint64_t x) { return x >> 16 | x << 48; }
static uint64_t rotr32(uint64_t x) { return x >> 32 | x << 32; }

/*
 * Equation 5.6: s'[r] = {02}s[r] ^ {03}s[r+1] ^ s[r+2] ^ s[r+3] (rows mod 4),
 * rewritten as s'[r] = xtime(t) ^ s[r+1] ^ rotr32(t) with t = s[r] ^ s[r+1];
 * rotr16 brings row r+1 into lane r, rotr32 row r+2 (so rotr32(t) is
 * s[r+2] ^ s[r+3]). xtime (Section 4.2.1) on bit planes: shift the planes up
 * by one and fold the old top plane back in with {1b} = bits 0, 1, 3, 4.
 */
static void mix_columns(uint64_t q[8])
{
    uint64_t n[8], t[8];
    for (int i = 0; i < 8; i++) {
        n[i] = rotr16(q[i]);
        t[i] = q[i] ^ n[i];
    }
    q[0] = t[7] ^ n[0] ^ rotr32(t[0]);
    q[1] = t[0] ^ t[7] ^ n[1] ^ rotr32(t[1]);
    q[2] = t[1] ^ n[2] ^ rotr32(t[2]);
    q[3] = t[2] ^ t[7] ^ n[3] ^ rotr32(t[3]);
    q[4] = t[3] ^ t[7] ^ n[4] ^ rotr32(t[4]);
    q[5] = t[4] ^ n[5] ^ rotr32(t[5]);
    q[6] = t[5] ^ n[6] ^ rotr32(t[6]);
    q[7] = t[6] ^ n[7] ^ rotr32(t[7]);
}

/* ---- FIPS 197, Section 5.1.4, AddRoundKey -------------------------------- */

static void add_round_key(uint64_t q[8], const uint64_t rk[8])
{
    for (int i = 0; i < 8; i++) {
        q[i] ^= rk[i];
    }
}

/* FIPS 197, Section 5.1, Cipher (Figure 5), Nr = 14, on four blocks. */
void aes_ct64_cipher(const aes256_ctx *ctx, uint64_t q[8])
{
    add_round_key(q, ctx->rk[0]);
    for (int round = 1; round < AES256_ROUNDS; round++) {
        sub_bytes(q);
        shift_rows(q);
        mix_columns(q);
        add_round_key(q, ctx->rk[round]);
    }
    sub_bytes(q);
    shift_rows(q);
    add_round_key(q, ctx->rk[AES256_ROUNDS]);
}

/* ---- FIPS 197, Section 5.2, KeyExpansion --------------------------------- */

/*
 * SubWord: the S-box on each byte of w (byte j in bits 8j..8j+7), through
 * the same circuit: bit b of byte j goes to bit j of plane b.
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
 * Figure 11 with Nk = 8, Nr = 14: 60 words w[i]; word w[i] holds bytes
 * key[4i..4i+3] with the first in the low bits, so RotWord is a rotation
 * right by 8 and Rcon[j] = x^(j-1) sits in the low byte. Only i (public)
 * decides which step runs. Each round key w[4r..4r+3] is then stored
 * bitsliced, repeated for the four block positions.
 */
void aes256_init(aes256_ctx *ctx, const uint8_t key[AES256_KEYBYTES])
{
    uint32_t w[4 * (AES256_ROUNDS + 1)];
    uint8_t rk4[64];
    uint32_t rcon = 0x01;

    for (int i = 0; i < 8; i++) {
        w[i] = load_le32(key + 4 * i);
    }
    for (int i = 8; i < 4 * (AES256_ROUNDS + 1); i++) {
        uint32_t temp = w[i - 1];
        if (i % 8 == 0) {
            temp = sub_word(temp >> 8 | temp << 24) ^ rcon;
            rcon <<= 1; /* xtime; never reaches 0x80 for Nk = 8 */
        } else if (i % 8 == 4) {
            temp = sub_word(temp);
        }
        w[i] = w[i - 8] ^ temp;
    }
    for (int r = 0; r <= AES256_ROUNDS; r++) {
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 4; j++) {
                store_le32(rk4 + 16 * k + 4 * j, w[4 * r + j]);
            }
        }
        aes_ct64_load4(ctx->rk[r], rk4);
    }
    aes_ct_wipe(w, sizeof w);
    aes_ct_wipe(rk4, sizeof rk4);
}

void aes256_release(aes256_ctx *ctx)
{
    aes_ct_wipe(ctx, sizeof *ctx);
}

void aes256_encrypt_blocks(const aes256_ctx *ctx, uint8_t *out, const uint8_t *in,
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

void aes256_encrypt_block(const aes256_ctx *ctx, uint8_t out[AES256_BLOCKBYTES],
                          const uint8_t in[AES256_BLOCKBYTES])
{
    aes256_encrypt_blocks(ctx, out, in, 1);
}

/* ---- SP 800-38D, Section 6.5, GCTR --------------------------------------- */

void aes_ct64_gctr(const aes256_ctx *ctx, const uint8_t icb[16], uint8_t *out,
                   const uint8_t *in, size_t len)
{
    uint8_t cb[64];
    uint64_t q[8];
    /* CB_1 = ICB; CB_i = inc_32(CB_{i-1}): the low 32 bits count mod 2^32. */
    uint32_t ctr = (uint32_t)icb[12] << 24 | (uint32_t)icb[13] << 16 | (uint32_t)icb[14] << 8 | icb[15];

    for (int k = 0; k < 4; k++) {
        memcpy(cb + 16 * k, icb, 12);
    }
    while (len > 0) {
        for (int k = 0; k < 4; k++) {
            uint32_t c = ctr + (uint32_t)k;
            cb[16 * k + 12] = (uint8_t)(c >> 24);
            cb[16 * k + 13] = (uint8_t)(c >> 16);
            cb[16 * k + 14] = (uint8_t)(c >> 8);
            cb[16 * k + 15] = (uint8_t)c;
        }
        ctr += 4;
        aes_ct64_load4(q, cb);
        aes_ct64_cipher(ctx, q);
        uint8_t ks[64];
        aes_ct64_store4(ks, q);
        size_t n = len < 64 ? len : 64;
        for (size_t i = 0; i < n; i++) {
            out[i] = (uint8_t)(in[i] ^ ks[i]);
        }
        aes_ct_wipe(ks, sizeof ks);
        in += n;
        out += n;
        len -= n;
    }
    aes_ct_wipe(cb, sizeof cb);
    aes_ct_wipe(q, sizeof q);
}
