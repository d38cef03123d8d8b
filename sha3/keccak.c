/*
 * keccak.c -- the permutation Keccak-f[1600] = Keccak-p[1600, 24]
 * (FIPS 202, Section 3, Algorithms 1-7).
 *
 * The 5x5 state of 64-bit lanes is kept in 25 local variables named as in the
 * Keccak team's code: rows y = 0..4 are b, g, k, m, s and columns x = 0..4 are
 * a, e, i, o, u, so lane A[x, y] = A[x + 5y] is named A<row><col> ("Age" is
 * x = 1, y = 1). Deviation from the pseudo-code, for speed only: the round
 * Rnd = iota . chi . pi . rho . theta (Algorithm 7, step 2) is computed in
 * one pass, a plane at a time, from state A into state E and back, so two
 * rounds make one loop iteration and no lane is copied. Nothing depends on
 * the data: no branch, no table indexed by the state.
 */
#include "sha3.h"

/* iota round constants RC[i_r] (FIPS 202, Algorithm 5 rc(t), Section 3.2.5) */
static const uint64_t keccak_rc[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL,
    0x8000000080008000ULL, 0x000000000000808bULL, 0x0000000080000001ULL,
    0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL,
    0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
    0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL,
    0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL,
    0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

/* Rotation of a lane by n in 1..63 (rho's offsets, Section 3.2.2). */
#define ROL(a, n) (((a) << (n)) | ((a) >> (64 - (n))))

/*
 * theta (Algorithm 1): C[x] = xor of column x; D[x] = C[x-1] ^ rot(C[x+1], 1).
 * The D[x] are added to the lanes inside ROUND below, just before rho.
 */
#define THETA(A)                                                              \
    Ca = A##ba ^ A##ga ^ A##ka ^ A##ma ^ A##sa;                               \
    Ce = A##be ^ A##ge ^ A##ke ^ A##me ^ A##se;                               \
    Ci = A##bi ^ A##gi ^ A##ki ^ A##mi ^ A##si;                               \
    Co = A##bo ^ A##go ^ A##ko ^ A##mo ^ A##so;                               \
    Cu = A##bu ^ A##gu ^ A##ku ^ A##mu ^ A##su;                               \
    Da = Cu ^ ROL(Ce, 1);                                                     \
    De = Ca ^ ROL(Ci, 1);                                                     \
    Di = Ce ^ ROL(Co, 1);                                                     \
    Do = Ci ^ ROL(Cu, 1);                                                     \
    Du = Co ^ ROL(Ca, 1)

/*
 * chi (Algorithm 4) on one output plane:
 * A'[x, y] = A[x, y] ^ (~A[x+1, y] & A[x+2, y]).
 */
#define CHI(E, y)                                                             \
    E##y##a = Ba ^ (~Be & Bi);                                                \
    E##y##e = Be ^ (~Bi & Bo);                                                \
    E##y##i = Bi ^ (~Bo & Bu);                                                \
    E##y##o = Bo ^ (~Bu & Ba);                                                \
    E##y##u = Bu ^ (~Ba & Be)

/*
 * One round from A into E. pi (Algorithm 3) moves lane A[(x + 3y) mod 5, x]
 * to position (x, y), so output plane y gathers one lane of each input plane
 * along a diagonal; each gathered lane first gets theta's D and rho's offset
 * (Algorithm 2, the offsets of Table 2), then the plane goes through chi.
 * iota (Algorithm 6) adds RC to lane (0, 0).
 */
#define ROUND(A, E, rc)                                                       \
    THETA(A);                                                                 \
    Ba = A##ba ^ Da;          Be = ROL(A##ge ^ De, 44); Bi = ROL(A##ki ^ Di, 43); \
    Bo = ROL(A##mo ^ Do, 21); Bu = ROL(A##su ^ Du, 14);                       \
    CHI(E, b);                                                                \
    E##ba ^= (rc);                                                            \
    Ba = ROL(A##bo ^ Do, 28); Be = ROL(A##gu ^ Du, 20); Bi = ROL(A##ka ^ Da, 3);  \
    Bo = ROL(A##me ^ De, 45); Bu = ROL(A##si ^ Di, 61);                       \
    CHI(E, g);                                                                \
    Ba = ROL(A##be ^ De, 1);  Be = ROL(A##gi ^ Di, 6);  Bi = ROL(A##ko ^ Do, 25); \
    Bo = ROL(A##mu ^ Du, 8);  Bu = ROL(A##sa ^ Da, 18);                       \
    CHI(E, k);                                                                \
    Ba = ROL(A##bu ^ Du, 27); Be = ROL(A##ga ^ Da, 36); Bi = ROL(A##ke ^ De, 10); \
    Bo = ROL(A##mi ^ Di, 15); Bu = ROL(A##so ^ Do, 56);                       \
    CHI(E, m);                                                                \
    Ba = ROL(A##bi ^ Di, 62); Be = ROL(A##go ^ Do, 55); Bi = ROL(A##ku ^ Du, 39); \
    Bo = ROL(A##ma ^ Da, 41); Bu = ROL(A##se ^ De, 2);                        \
    CHI(E, s)

/* FIPS 202, Algorithm 7, KECCAK-p[1600, 24] (= Keccak-f[1600], Section 3.4). */
void sha3_keccakf1600(uint64_t s[25])
{
    uint64_t Aba = s[0], Abe = s[1], Abi = s[2], Abo = s[3], Abu = s[4];
    uint64_t Aga = s[5], Age = s[6], Agi = s[7], Ago = s[8], Agu = s[9];
    uint64_t Aka = s[10], Ake = s[11], Aki = s[12], Ako = s[13], Aku = s[14];
    uint64_t Ama = s[15], Ame = s[16], Ami = s[17], Amo = s[18], Amu = s[19];
    uint64_t Asa = s[20], Ase = s[21], Asi = s[22], Aso = s[23], Asu = s[24];
    uint64_t Eba, Ebe, Ebi, Ebo, Ebu, Ega, Ege, Egi, Ego, Egu;
    uint64_t Eka, Eke, Eki, Eko, Eku, Ema, Eme, Emi, Emo, Emu;
    uint64_t Esa, Ese, Esi, Eso, Esu;
    uint64_t Ca, Ce, Ci, Co, Cu, Da, De, Di, Do, Du;
    uint64_t Ba, Be, Bi, Bo, Bu;
    unsigned ir;

    for (ir = 0; ir < 24; ir += 2) {
        ROUND(A, E, keccak_rc[ir]);
        ROUND(E, A, keccak_rc[ir + 1]);
    }

    s[0] = Aba;  s[1] = Abe;  s[2] = Abi;  s[3] = Abo;  s[4] = Abu;
    s[5] = Aga;  s[6] = Age;  s[7] = Agi;  s[8] = Ago;  s[9] = Agu;
    s[10] = Aka; s[11] = Ake; s[12] = Aki; s[13] = Ako; s[14] = Aku;
    s[15] = Ama; s[16] = Ame; s[17] = Ami; s[18] = Amo; s[19] = Amu;
    s[20] = Asa; s[21] = Ase; s[22] = Asi; s[23] = Aso; s[24] = Asu;
}
