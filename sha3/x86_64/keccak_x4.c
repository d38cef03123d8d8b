/*
 * keccak_x4.c -- Keccak-f[1600] on four states at once with AVX2, and the
 * four-way SHAKE128/SHAKE256 absorb and squeeze (FIPS 202, Sections 3.3, 4
 * and 6.2). Replaces four calls of the portable sha3_keccakf1600
 * (sha3/keccak.c) and of shake128 / shake256 (sha3/sha3.c) where a scheme
 * needs four independent streams (matrix and vector expansion).
 *
 * Each 256-bit register holds one lane (x, y) of the four states, state j in
 * 64-bit slot j, so every step of the round is the scalar step done on four
 * lanes by one instruction. The round follows sha3/keccak.c (one pass, plane
 * by plane, two rounds per loop iteration from A into E and back); AVX2 has
 * and-not (vpandn), so chi needs no lane complementing. Rotations by 8 and 56
 * are byte shuffles, the others two shifts and an or. Nothing depends on the
 * data: no branch, no memory index on the state.
 */
#if defined(__AVX2__)
#include <string.h>

#include "keccak_x4.h"
#include "../sha3.h"
#include "../ct.h"

/* iota round constants RC[i_r] (FIPS 202, Section 3.2.5; as in keccak.c). */
static const uint64_t keccak_x4_rc[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL,
    0x8000000080008000ULL, 0x000000000000808bULL, 0x0000000080000001ULL,
    0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL,
    0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
    0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL,
    0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL,
    0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

#define XOR(a, b) _mm256_xor_si256((a), (b))
#define ANDN(a, b) _mm256_andnot_si256((a), (b)) /* ~a & b */
/* Rotation of the four lanes by n in 1..63 (rho, Section 3.2.2). */
#define ROL(a, n) _mm256_or_si256(_mm256_slli_epi64((a), (n)), _mm256_srli_epi64((a), 64 - (n)))
#define ROL8(a) _mm256_shuffle_epi8((a), rot8)
#define ROL56(a) _mm256_shuffle_epi8((a), rot56)

/* theta (Section 3.2.1): column sums C and D[x] = C[x-1] ^ rot(C[x+1], 1). */
#define THETA_C0(A)                                                           \
    Ca = XOR(XOR(XOR(A##ba, A##ga), XOR(A##ka, A##ma)), A##sa);               \
    Ce = XOR(XOR(XOR(A##be, A##ge), XOR(A##ke, A##me)), A##se);               \
    Ci = XOR(XOR(XOR(A##bi, A##gi), XOR(A##ki, A##mi)), A##si);               \
    Co = XOR(XOR(XOR(A##bo, A##go), XOR(A##ko, A##mo)), A##so);               \
    Cu = XOR(XOR(XOR(A##bu, A##gu), XOR(A##ku, A##mu)), A##su)
#define THETA_D                                                               \
    Da = XOR(Cu, ROL(Ce, 1));                                                 \
    De = XOR(Ca, ROL(Ci, 1));                                                 \
    Di = XOR(Ce, ROL(Co, 1));                                                 \
    Do = XOR(Ci, ROL(Cu, 1));                                                 \
    Du = XOR(Co, ROL(Ca, 1))
#define THETA_C_FIRST(E, y)                                                   \
    Ca = E##y##a; Ce = E##y##e; Ci = E##y##i; Co = E##y##o; Cu = E##y##u
#define THETA_C(E, y)                                                         \
    Ca = XOR(Ca, E##y##a); Ce = XOR(Ce, E##y##e); Ci = XOR(Ci, E##y##i);      \
    Co = XOR(Co, E##y##o); Cu = XOR(Cu, E##y##u)

/* chi (Section 3.2.4) on one plane: A'[x] = A[x] ^ (~A[x+1] & A[x+2]). */
#define CHI(E, y)                                                             \
    E##y##a = XOR(Ba, ANDN(Be, Bi)); E##y##e = XOR(Be, ANDN(Bi, Bo));         \
    E##y##i = XOR(Bi, ANDN(Bo, Bu)); E##y##o = XOR(Bo, ANDN(Bu, Ba));         \
    E##y##u = XOR(Bu, ANDN(Ba, Be))

/*
 * One round from A into E, as ROUND in keccak.c: pi (Section 3.2.3) gathers
 * output plane y from a diagonal of the input, each lane gets theta's D and
 * rho's offset first, then chi; iota (Section 3.2.5) adds RC to lane (0, 0).
 */
#define ROUND(A, E, rc)                                                       \
    THETA_D;                                                                  \
    Ba = XOR(A##ba, Da);          Be = ROL(XOR(A##ge, De), 44);               \
    Bi = ROL(XOR(A##ki, Di), 43); Bo = ROL(XOR(A##mo, Do), 21);               \
    Bu = ROL(XOR(A##su, Du), 14);                                             \
    CHI(E, b);                                                                \
    E##ba = XOR(E##ba, _mm256_set1_epi64x((long long)(rc)));                  \
    THETA_C_FIRST(E, b);                                                      \
    Ba = ROL(XOR(A##bo, Do), 28); Be = ROL(XOR(A##gu, Du), 20);               \
    Bi = ROL(XOR(A##ka, Da), 3);  Bo = ROL(XOR(A##me, De), 45);               \
    Bu = ROL(XOR(A##si, Di), 61);                                             \
    CHI(E, g);                                                                \
    THETA_C(E, g);                                                            \
    Ba = ROL(XOR(A##be, De), 1);  Be = ROL(XOR(A##gi, Di), 6);                \
    Bi = ROL(XOR(A##ko, Do), 25); Bo = ROL8(XOR(A##mu, Du));                  \
    Bu = ROL(XOR(A##sa, Da), 18);                                             \
    CHI(E, k);                                                                \
    THETA_C(E, k);                                                            \
    Ba = ROL(XOR(A##bu, Du), 27); Be = ROL(XOR(A##ga, Da), 36);               \
    Bi = ROL(XOR(A##ke, De), 10); Bo = ROL(XOR(A##mi, Di), 15);               \
    Bu = ROL56(XOR(A##so, Do));                                               \
    CHI(E, m);                                                                \
    THETA_C(E, m);                                                            \
    Ba = ROL(XOR(A##bi, Di), 62); Be = ROL(XOR(A##go, Do), 55);               \
    Bi = ROL(XOR(A##ku, Du), 39); Bo = ROL(XOR(A##ma, Da), 41);               \
    Bu = ROL(XOR(A##se, De), 2);                                              \
    CHI(E, s);                                                                \
    THETA_C(E, s)

/* KECCAK-p[1600, 24] (FIPS 202, Section 3.3) on four states. */
void sha3_keccakf1600_x4(__m256i s[25])
{
    /* vpshufb masks: rotate each 64-bit lane left by 8 and by 56 bits. */
    const __m256i rot8 = _mm256_setr_epi8(7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14,
                                          7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14);
    const __m256i rot56 = _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8,
                                           1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8);
    __m256i Aba = s[0], Abe = s[1], Abi = s[2], Abo = s[3], Abu = s[4];
    __m256i Aga = s[5], Age = s[6], Agi = s[7], Ago = s[8], Agu = s[9];
    __m256i Aka = s[10], Ake = s[11], Aki = s[12], Ako = s[13], Aku = s[14];
    __m256i Ama = s[15], Ame = s[16], Ami = s[17], Amo = s[18], Amu = s[19];
    __m256i Asa = s[20], Ase = s[21], Asi = s[22], Aso = s[23], Asu = s[24];
    __m256i Eba, Ebe, Ebi, Ebo, Ebu, Ega, Ege, Egi, Ego, Egu;
    __m256i Eka, Eke, Eki, Eko, Eku, Ema, Eme, Emi, Emo, Emu;
    __m256i Esa, Ese, Esi, Eso, Esu;
    __m256i Ca, Ce, Ci, Co, Cu, Da, De, Di, Do, Du;
    __m256i Ba, Be, Bi, Bo, Bu;
    unsigned ir;

    THETA_C0(A);
    for (ir = 0; ir < 24; ir += 2) {
        ROUND(A, E, keccak_x4_rc[ir]);
        ROUND(E, A, keccak_x4_rc[ir + 1]);
    }

    s[0] = Aba;  s[1] = Abe;  s[2] = Abi;  s[3] = Abo;  s[4] = Abu;
    s[5] = Aga;  s[6] = Age;  s[7] = Agi;  s[8] = Ago;  s[9] = Agu;
    s[10] = Aka; s[11] = Ake; s[12] = Aki; s[13] = Ako; s[14] = Aku;
    s[15] = Ama; s[16] = Ame; s[17] = Ami; s[18] = Amo; s[19] = Amu;
    s[20] = Asa; s[21] = Ase; s[22] = Asi; s[23] = Aso; s[24] = Asu;
}

/* Lane i of the four inputs (little-endian, as load64_le in sha3.c). */
static __m256i load_lane_x4(const uint8_t *in0, const uint8_t *in1, const uint8_t *in2,
                            const uint8_t *in3, size_t off)
{
    uint64_t v0, v1, v2, v3;
    memcpy(&v0, in0 + off, 8);
    memcpy(&v1, in1 + off, 8);
    memcpy(&v2, in2 + off, 8);
    memcpy(&v3, in3 + off, 8);
    return _mm256_set_epi64x((long long)v3, (long long)v2, (long long)v1, (long long)v0);
}

/* The last n < 8 bytes of an input as the low bytes of a lane. */
static uint64_t load_tail(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

/*
 * Four sponges side by side, as sha3_sponge_absorb_once (sha3.c) does for
 * one: fresh states, absorb four inputs of the same length inlen a lane at a
 * time (f after each whole block), then the suffix and pad10*1 on the last,
 * partial block, with sha3_pad_first / SHA3_PAD_LAST (sha3.h). The f on the
 * padded block is left to squeezeblocks, as in sha3.c.
 */
static void sponge_x4_absorb_once(sha3_x4_state *st, unsigned rate, uint8_t suffix,
                                  const uint8_t *in0, const uint8_t *in1, const uint8_t *in2,
                                  const uint8_t *in3, size_t inlen)
{
    size_t off = 0;
    unsigned i;

    for (i = 0; i < 25; i++) {
        st->s[i] = _mm256_setzero_si256();
    }
    while (inlen - off >= rate) {
        for (i = 0; i < rate / 8; i++) {
            st->s[i] = XOR(st->s[i], load_lane_x4(in0, in1, in2, in3, off + 8 * i));
        }
        sha3_keccakf1600_x4(st->s);
        off += rate;
    }
    /* The last block: whole lanes, the tail lane, the padding. */
    const size_t rem = inlen - off;
    for (i = 0; i < rem / 8; i++) {
        st->s[i] = XOR(st->s[i], load_lane_x4(in0, in1, in2, in3, off + 8 * i));
    }
    off += 8 * i;
    const size_t n = rem % 8;
    const uint64_t pad = sha3_pad_first(suffix, (unsigned)rem);
    const __m256i tail = _mm256_set_epi64x((long long)(load_tail(in3 + off, n) ^ pad),
                                           (long long)(load_tail(in2 + off, n) ^ pad),
                                           (long long)(load_tail(in1 + off, n) ^ pad),
                                           (long long)(load_tail(in0 + off, n) ^ pad));
    st->s[i] = XOR(st->s[i], tail);
    st->s[rate / 8 - 1] = XOR(st->s[rate / 8 - 1], _mm256_set1_epi64x((long long)SHA3_PAD_LAST));
}

/*
 * sha3_sponge_squeezeblocks (sha3.c) on four states, nblocks times: permute,
 * then write the first rate bytes of each state. Four lanes at a time are
 * transposed (lane registers -> one register per output) so each output gets
 * 32-byte stores.
 */
static void sponge_x4_squeezeblocks(sha3_x4_state *st, unsigned rate, uint8_t *out0,
                                    uint8_t *out1, uint8_t *out2, uint8_t *out3,
                                    size_t nblocks)
{
    uint8_t *out[4];
    unsigned i, j;

    out[0] = out0; out[1] = out1; out[2] = out2; out[3] = out3;
    while (nblocks-- > 0) {
        sha3_keccakf1600_x4(st->s);
        for (i = 0; i + 4 <= rate / 8; i += 4) {
            /* a..d: lanes i..i+3; after the transpose, w[j] = state j's lanes. */
            __m256i a = st->s[i], b = st->s[i + 1], c = st->s[i + 2], d = st->s[i + 3];
            __m256i ab0 = _mm256_unpacklo_epi64(a, b); /* a0 b0 a2 b2 */
            __m256i ab1 = _mm256_unpackhi_epi64(a, b); /* a1 b1 a3 b3 */
            __m256i cd0 = _mm256_unpacklo_epi64(c, d); /* c0 d0 c2 d2 */
            __m256i cd1 = _mm256_unpackhi_epi64(c, d); /* c1 d1 c3 d3 */
            __m256i w[4];
            w[0] = _mm256_permute2x128_si256(ab0, cd0, 0x20); /* a0 b0 c0 d0 */
            w[1] = _mm256_permute2x128_si256(ab1, cd1, 0x20);
            w[2] = _mm256_permute2x128_si256(ab0, cd0, 0x31);
            w[3] = _mm256_permute2x128_si256(ab1, cd1, 0x31);
            for (j = 0; j < 4; j++) {
                _mm256_storeu_si256((__m256i *)(void *)(out[j] + 8 * i), w[j]);
            }
        }
        for (; i < rate / 8; i++) {
            uint64_t v[4];
            _mm256_storeu_si256((__m256i *)(void *)v, st->s[i]);
            for (j = 0; j < 4; j++) {
                memcpy(out[j] + 8 * i, &v[j], 8);
            }
            sha3_ct_wipe(v, sizeof v);
        }
        for (j = 0; j < 4; j++) {
            out[j] += rate;
        }
    }
}

void shake128_x4_absorb_once(sha3_x4_state *st, const uint8_t *in0, const uint8_t *in1,
                             const uint8_t *in2, const uint8_t *in3, size_t inlen)
{
    sponge_x4_absorb_once(st, SHAKE128_RATE, SHA3_SUFFIX_SHAKE, in0, in1, in2, in3, inlen);
}

void shake256_x4_absorb_once(sha3_x4_state *st, const uint8_t *in0, const uint8_t *in1,
                             const uint8_t *in2, const uint8_t *in3, size_t inlen)
{
    sponge_x4_absorb_once(st, SHAKE256_RATE, SHA3_SUFFIX_SHAKE, in0, in1, in2, in3, inlen);
}

void shake128_x4_squeezeblocks(sha3_x4_state *st, uint8_t *out0, uint8_t *out1,
                               uint8_t *out2, uint8_t *out3, size_t nblocks)
{
    sponge_x4_squeezeblocks(st, SHAKE128_RATE, out0, out1, out2, out3, nblocks);
}

void shake256_x4_squeezeblocks(sha3_x4_state *st, uint8_t *out0, uint8_t *out1,
                               uint8_t *out2, uint8_t *out3, size_t nblocks)
{
    sponge_x4_squeezeblocks(st, SHAKE256_RATE, out0, out1, out2, out3, nblocks);
}

void sha3_x4_wipe(sha3_x4_state *st)
{
    sha3_ct_wipe(st, sizeof *st);
}

#else
/* Without AVX2 this file is empty (ISO C wants a declaration). */
typedef int sha3_keccak_x4_unused;
#endif
