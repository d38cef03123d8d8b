/*
 * keccak_avx2.c -- Keccak-f[1600] on one state held in AVX2 registers
 * (FIPS 202, Sections 3.2-3.4). Replaces the portable
 * sha3_keccakf1600_c of sha3/keccak.c when the compiler targets AVX2.
 *
 * Layout (our own): V_y holds lanes x = 0..3 of plane y (y = 0..4), W holds
 * lane x = 4 of planes 0..3, and Z lane (4, 4) in its slot 0 (its other
 * slots are ignored). Then theta's column sums are four XORs plus a
 * horizontal sum of W; rho is one variable rotation per register; pi, which
 * sends lane (x, y) to (y, 2x + 3y), gives new plane y' slot x' = old lane
 * (x' + 3y', x'): a 4x4 transpose of V_0..V_3 (columns T_0..T_3, T_4 = W)
 * and one blend chain per plane, since slot x' comes from T_(x' + 3y');
 * chi needs each plane rotated by one and two lanes (vpermq plus a blend of
 * lane 4). About 130 instructions a round instead of the scalar code's 215.
 * No branch or memory index depends on the state.
 */
#if defined(__AVX2__) && defined(__x86_64__)
#include <immintrin.h>
#include <stdint.h>

#include "../keccak_impl.h"

/* iota round constants RC[i_r] (FIPS 202, Section 3.2.5; as in keccak.c). */
static const uint64_t rc24[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL,
    0x8000000080008000ULL, 0x000000000000808bULL, 0x0000000080000001ULL,
    0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL,
    0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
    0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL,
    0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL,
    0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

/* rho offsets (Section 3.2.2, Table 2), per register: V0..V4 (x = 0..3), W, Z;
 * rho_r = 64 - rho_l (a count of 64 shifts to 0). */
static const _Alignas(32) uint64_t rho_l[7][4] = {
    {0, 1, 62, 28}, {36, 44, 6, 55}, {3, 10, 43, 25}, {41, 45, 15, 21}, {18, 2, 61, 56},
    {27, 20, 39, 8}, {14, 0, 0, 0},
};
static const _Alignas(32) uint64_t rho_r[7][4] = {
    {64, 63, 2, 36}, {28, 20, 58, 9}, {61, 54, 21, 39}, {23, 19, 49, 43}, {46, 62, 3, 8},
    {37, 44, 25, 56}, {50, 64, 64, 64},
};

#define ROLV(x, i) _mm256_or_si256(_mm256_sllv_epi64((x), _mm256_load_si256((const __m256i *)(const void *)rho_l[i])), \
                                   _mm256_srlv_epi64((x), _mm256_load_si256((const __m256i *)(const void *)rho_r[i])))
#define ROL1(x) _mm256_or_si256(_mm256_slli_epi64((x), 1), _mm256_srli_epi64((x), 63))
#define X(a, b) _mm256_xor_si256((a), (b))
#define P(a, i) _mm256_permute4x64_epi64((a), (i))
#define Q4(a, b, c, d) _mm256_set_epi64x((long long)(d), (long long)(c), (long long)(b), (long long)(a))

/*
 * Replaces sha3_keccakf1600_c (sha3/keccak.c): KECCAK-p[1600, 24]
 * (FIPS 202, Section 3.3), one round per iteration on the seven registers.
 */
void sha3_keccakf1600_avx2(uint64_t s[25])
{
    __m256i V0, V1, V2, V3, V4, W, Z;
    V0 = _mm256_loadu_si256((const __m256i *)(const void *)(s + 0));
    V1 = _mm256_loadu_si256((const __m256i *)(const void *)(s + 5));
    V2 = _mm256_loadu_si256((const __m256i *)(const void *)(s + 10));
    V3 = _mm256_loadu_si256((const __m256i *)(const void *)(s + 15));
    V4 = _mm256_loadu_si256((const __m256i *)(const void *)(s + 20));
    W = Q4(s[4], s[9], s[14], s[19]);
    Z = Q4(s[24], 0, 0, 0);
    for (unsigned ir = 0; ir < 24; ir++) {
        /* theta (Section 3.2.1): C = column sums, D[x] = C[x-1] ^ rot(C[x+1], 1) */
        __m256i C = X(X(X(V0, V1), X(V2, V3)), V4);
        __m256i c4 = X(W, P(W, 0x4E));
        c4 = X(X(c4, P(c4, 0xB1)), P(Z, 0x00));
        __m256i Cm1 = _mm256_blend_epi32(P(C, 0x90), c4, 0x03);
        __m256i Cp1 = _mm256_blend_epi32(P(C, 0x39), c4, 0xC0);
        __m256i D = X(Cm1, ROL1(Cp1));
        __m256i d4 = X(P(C, 0xFF), ROL1(P(C, 0x00)));
        V0 = X(V0, D); V1 = X(V1, D); V2 = X(V2, D); V3 = X(V3, D); V4 = X(V4, D);
        W = X(W, d4); Z = X(Z, d4);
        /* rho (Section 3.2.2): per-lane rotations, vpsllvq / vpsrlvq */
        V0 = ROLV(V0, 0); V1 = ROLV(V1, 1); V2 = ROLV(V2, 2); V3 = ROLV(V3, 3); V4 = ROLV(V4, 4);
        W = ROLV(W, 5); Z = ROLV(Z, 6);
        /* pi: new lane (x', y') = old (x' + 3y', x'); with T_x = column x of
         * planes 0..3 (a 4x4 transpose, T_4 = W), new plane y' takes slot x'
         * from T_{x' + 3y'}: one blend chain per plane */
        {
            __m256i a = _mm256_unpacklo_epi64(V0, V1), b = _mm256_unpackhi_epi64(V0, V1);
            __m256i c = _mm256_unpacklo_epi64(V2, V3), d = _mm256_unpackhi_epi64(V2, V3);
            __m256i T0 = _mm256_permute2x128_si256(a, c, 0x20);
            __m256i T1 = _mm256_permute2x128_si256(b, d, 0x20);
            __m256i T2 = _mm256_permute2x128_si256(a, c, 0x31);
            __m256i T3 = _mm256_permute2x128_si256(b, d, 0x31);
            __m256i T4 = W;
#define PICK(p, q, r, u) _mm256_blend_epi32(_mm256_blend_epi32((p), (q), 0x0C), \
                                            _mm256_blend_epi32((r), (u), 0xC0), 0xF0)
            W = _mm256_blend_epi32(P(V4, 0xC8), Z, 0x03);
            Z = P(V4, 0x01);
            V0 = PICK(T0, T1, T2, T3);
            V1 = PICK(T3, T4, T0, T1);
            V2 = PICK(T1, T2, T3, T4);
            V3 = PICK(T4, T0, T1, T2);
            V4 = PICK(T2, T3, T4, T0);
        }
        /* chi (Section 3.2.4): A[x] ^= ~A[x+1] & A[x+2] along each plane; the
         * x = 4 lanes of planes 0..3 (in W) with the x = 0, 1 lanes gathered */
        {
            __m256i u = _mm256_unpacklo_epi64(V0, V1), v = _mm256_unpacklo_epi64(V2, V3);
            __m256i B0s = _mm256_permute2x128_si256(u, v, 0x20);
            u = _mm256_unpackhi_epi64(V0, V1); v = _mm256_unpackhi_epi64(V2, V3);
            __m256i B1s = _mm256_permute2x128_si256(u, v, 0x20);
            __m256i b;
            __m256i Z2 = X(Z, _mm256_andnot_si256(V4, P(V4, 0x01)));
#define CHI(Vy, bc) \
            b = (bc); \
            Vy = X(Vy, _mm256_andnot_si256(_mm256_blend_epi32(P(Vy, 0x39), b, 0xC0), \
                                           _mm256_blend_epi32(P(Vy, 0x0E), b, 0x30)))
            CHI(V4, P(Z, 0x00));
            CHI(V0, P(W, 0x00));
            CHI(V1, P(W, 0x55));
            CHI(V2, P(W, 0xAA));
            CHI(V3, P(W, 0xFF));
            W = X(W, _mm256_andnot_si256(B0s, B1s));
            Z = Z2;
        }
        /* iota (Section 3.2.5) */
        V0 = X(V0, Q4(rc24[ir], 0, 0, 0));
    }
    {
        uint64_t wt[4], zt[4];
        _mm256_storeu_si256((__m256i *)(void *)wt, W);
        _mm256_storeu_si256((__m256i *)(void *)zt, Z);
        _mm256_storeu_si256((__m256i *)(void *)(s + 0), V0);
        _mm256_storeu_si256((__m256i *)(void *)(s + 5), V1);
        _mm256_storeu_si256((__m256i *)(void *)(s + 10), V2);
        _mm256_storeu_si256((__m256i *)(void *)(s + 15), V3);
        /* s + 20 .. 23 and s[24]: a 4-lane store at 20 is in bounds */
        _mm256_storeu_si256((__m256i *)(void *)(s + 20), V4);
        s[4] = wt[0]; s[9] = wt[1]; s[14] = wt[2]; s[19] = wt[3]; s[24] = zt[0];
    }
}
#else
/* Without AVX2 this file is empty (ISO C wants a declaration). */
typedef int sha3_keccak_avx2_unused;
#endif
