/*
 * keccak.c -- the permutation Keccak-f[1600] = Keccak-p[1600, 24]
 * (FIPS 202, Sections 3.2-3.4), the fast portable code. keccak_ref.c has the
 * same function written step by step as the standard writes it.
 *
 * The 5x5 state of 64-bit lanes is kept in 25 local variables named as in the
 * Keccak team's code: rows y = 0..4 are b, g, k, m, s and columns x = 0..4 are
 * a, e, i, o, u, so lane A[x, y] = A[x + 5y] is named A<row><col> ("Age" is
 * x = 1, y = 1). Deviation from the pseudo-code, for speed only: the round
 * Rnd = iota . chi . pi . rho . theta (Section 3.3) is computed in
 * one pass, a plane at a time, from state A into state E and back, so two
 * rounds make one loop iteration and no lane is copied; and six lanes are
 * kept complemented (see chi below). Nothing depends on the data: no
 * branch, no table indexed by the state.
 */
#include "sha3.h"
#include "keccak_impl.h"

/* iota round constants RC[i_r] (FIPS 202, Section 3.2.5, from rc(t)) */
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
 * theta (Section 3.2.1): C[x] = xor of column x; D[x] = C[x-1] ^ rot(C[x+1], 1).
 * Deviation, for speed: the column sums C of the next round are gathered by
 * THETA_C while each output plane is still in registers (ROUND below), and
 * the D[x] are added to the lanes just before rho.
 */
#define THETA_C0(A)                                                           \
    Ca = A##ba ^ A##ga ^ A##ka ^ A##ma ^ A##sa;                               \
    Ce = A##be ^ A##ge ^ A##ke ^ A##me ^ A##se;                               \
    Ci = A##bi ^ A##gi ^ A##ki ^ A##mi ^ A##si;                               \
    Co = A##bo ^ A##go ^ A##ko ^ A##mo ^ A##so;                               \
    Cu = A##bu ^ A##gu ^ A##ku ^ A##mu ^ A##su
#define THETA_D                                                               \
    Da = Cu ^ ROL(Ce, 1);                                                     \
    De = Ca ^ ROL(Ci, 1);                                                     \
    Di = Ce ^ ROL(Co, 1);                                                     \
    Do = Ci ^ ROL(Cu, 1);                                                     \
    Du = Co ^ ROL(Ca, 1)
#define THETA_C_FIRST(E, y)                                                   \
    Ca = E##y##a; Ce = E##y##e; Ci = E##y##i; Co = E##y##o; Cu = E##y##u
#define THETA_C(E, y)                                                         \
    Ca ^= E##y##a; Ce ^= E##y##e; Ci ^= E##y##i; Co ^= E##y##o; Cu ^= E##y##u

/*
 * chi (Section 3.2.4): A'[x, y] = A[x, y] ^ (~A[x+1, y] & A[x+2, y]), with
 * "lane complementing" (Keccak implementation overview, Section 2.2).
 *
 * Deviation, for speed: six lanes, at positions
 *   P = {(1,0), (2,0), (3,1), (2,2), (2,3), (0,4)}  (Abe Abi Ago Aki Ami Asa),
 * are kept complemented during the 24 rounds. Theta then leaves D[0] and
 * D[3] complemented too (odd number of complemented lanes in columns 0..3).
 * With the complement state of each input B known, De Morgan's laws
 * (~b & c = ~(b | ~c), ...) give for every output lane a form with at most
 * one NOT per plane that lands the lane back in the same pattern P. The five
 * planes differ only in which form each position needs; the forms were
 * derived by truth table for each of the 25 lanes (and the test suite checks
 * them against a textbook Keccak). Five NOTs a round instead of twenty-five.
 */
#define CHI_B(E)                                                              \
    E##ba = Ba ^ (Be | Bi);  E##be = Be ^ (~Bi | Bo); E##bi = Bi ^ (Bo & Bu); \
    E##bo = Bo ^ (Bu | Ba);  E##bu = Bu ^ (Ba & Be)
#define CHI_G(E)                                                              \
    E##ga = Ba ^ (Be | Bi);  E##ge = Be ^ (Bi & Bo);  E##gi = Bi ^ (Bo | ~Bu); \
    E##go = Bo ^ (Bu | Ba);  E##gu = Bu ^ (Ba & Be)
#define CHI_K(E)                                                              \
    Nt = ~Bo;                                                                 \
    E##ka = Ba ^ (Be | Bi);  E##ke = Be ^ (Bi & Bo);  E##ki = Bi ^ (Nt & Bu); \
    E##ko = Nt ^ (Bu | Ba);  E##ku = Bu ^ (Ba & Be)
#define CHI_M(E)                                                              \
    Nt = ~Bo;                                                                 \
    E##ma = Ba ^ (Be & Bi);  E##me = Be ^ (Bi | Bo);  E##mi = Bi ^ (Nt | Bu); \
    E##mo = Nt ^ (Bu & Ba);  E##mu = Bu ^ (Ba | Be)
#define CHI_S(E)                                                              \
    Nt = ~Be;                                                                 \
    E##sa = Ba ^ (Nt & Bi);  E##se = Nt ^ (Bi | Bo);  E##si = Bi ^ (Bo & Bu); \
    E##so = Bo ^ (Bu | Ba);  E##su = Bu ^ (Ba & Be)

/*
 * One round from A into E. pi (Section 3.2.3) moves lane A[(x + 3y) mod 5, x]
 * to position (x, y), so output plane y gathers one lane of each input plane
 * along a diagonal; each gathered lane first gets theta's D and rho's offset
 * (Section 3.2.2, the offsets of Table 2), then the plane goes through chi.
 * iota (Section 3.2.5) adds RC to lane (0, 0).
 */
#define ROUND(A, E, rc)                                                       \
    THETA_D;                                                                  \
    Ba = A##ba ^ Da;          Be = ROL(A##ge ^ De, 44); Bi = ROL(A##ki ^ Di, 43); \
    Bo = ROL(A##mo ^ Do, 21); Bu = ROL(A##su ^ Du, 14);                       \
    CHI_B(E);                                                                 \
    E##ba ^= (rc);                                                            \
    THETA_C_FIRST(E, b);                                                      \
    Ba = ROL(A##bo ^ Do, 28); Be = ROL(A##gu ^ Du, 20); Bi = ROL(A##ka ^ Da, 3);  \
    Bo = ROL(A##me ^ De, 45); Bu = ROL(A##si ^ Di, 61);                       \
    CHI_G(E);                                                                 \
    THETA_C(E, g);                                                           \
    Ba = ROL(A##be ^ De, 1);  Be = ROL(A##gi ^ Di, 6);  Bi = ROL(A##ko ^ Do, 25); \
    Bo = ROL(A##mu ^ Du, 8);  Bu = ROL(A##sa ^ Da, 18);                       \
    CHI_K(E);                                                                 \
    THETA_C(E, k);                                                           \
    Ba = ROL(A##bu ^ Du, 27); Be = ROL(A##ga ^ Da, 36); Bi = ROL(A##ke ^ De, 10); \
    Bo = ROL(A##mi ^ Di, 15); Bu = ROL(A##so ^ Do, 56);                       \
    CHI_M(E);                                                                 \
    THETA_C(E, m);                                                           \
    Ba = ROL(A##bi ^ Di, 62); Be = ROL(A##go ^ Do, 55); Bi = ROL(A##ku ^ Du, 39); \
    Bo = ROL(A##ma ^ Da, 41); Bu = ROL(A##se ^ De, 2);                        \
    CHI_S(E);                                                                 \
    THETA_C(E, s)

/*
 * gcc keeps more lanes in registers when it may rename registers (-4% of the
 * instructions here); it is not in -O2, so ask for it on this function only.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define KECCAK_OPT __attribute__((optimize("rename-registers")))
#else
#define KECCAK_OPT
#endif

/* KECCAK-p[1600, 24] = KECCAK-f[1600] (FIPS 202, Sections 3.3-3.4), fast. */
KECCAK_OPT void sha3_keccakf1600_c(uint64_t s[25])
{
    /* Enter the complemented representation (lanes of P, see chi above). */
    uint64_t Aba = s[0], Abe = ~s[1], Abi = ~s[2], Abo = s[3], Abu = s[4];
    uint64_t Aga = s[5], Age = s[6], Agi = s[7], Ago = ~s[8], Agu = s[9];
    uint64_t Aka = s[10], Ake = s[11], Aki = ~s[12], Ako = s[13], Aku = s[14];
    uint64_t Ama = s[15], Ame = s[16], Ami = ~s[17], Amo = s[18], Amu = s[19];
    uint64_t Asa = ~s[20], Ase = s[21], Asi = s[22], Aso = s[23], Asu = s[24];
    uint64_t Eba, Ebe, Ebi, Ebo, Ebu, Ega, Ege, Egi, Ego, Egu;
    uint64_t Eka, Eke, Eki, Eko, Eku, Ema, Eme, Emi, Emo, Emu;
    uint64_t Esa, Ese, Esi, Eso, Esu;
    uint64_t Ca, Ce, Ci, Co, Cu, Da, De, Di, Do, Du;
    uint64_t Ba, Be, Bi, Bo, Bu, Nt;
    unsigned ir;

    THETA_C0(A);
    /* clang does best fully unrolled (the round constants become immediates). */
#if defined(__clang__)
#pragma clang loop unroll(full)
#endif
    for (ir = 0; ir < 24; ir += 2) {
        ROUND(A, E, keccak_rc[ir]);
        ROUND(E, A, keccak_rc[ir + 1]);
    }

    /* Leave the complemented representation. */
    s[0] = Aba;  s[1] = ~Abe; s[2] = ~Abi; s[3] = Abo;  s[4] = Abu;
    s[5] = Aga;  s[6] = Age;  s[7] = Agi;  s[8] = ~Ago; s[9] = Agu;
    s[10] = Aka; s[11] = Ake; s[12] = ~Aki; s[13] = Ako; s[14] = Aku;
    s[15] = Ama; s[16] = Ame; s[17] = ~Ami; s[18] = Amo; s[19] = Amu;
    s[20] = ~Asa; s[21] = Ase; s[22] = Asi; s[23] = Aso; s[24] = Asu;
}

/*
 * The public permutation: the portable code above, or, in an AVX2 build
 * compiled with -DSHA3_KECCAK_AVX2, sha3/x86_64/keccak_avx2.c (the same
 * function of the state). That one is opt-in: it runs 39 % fewer
 * instructions but takes about 1.8 times the cycles of the scalar code on
 * the cores we measured (its shuffles queue on one port), see README.md.
 */
void sha3_keccakf1600(uint64_t s[25])
{
    SHA3_KECCAKF1600_IMPL(s);
}
