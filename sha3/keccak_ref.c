/*
 * keccak_ref.c -- the readable reference: KECCAK-p[1600, 24] written step by
 * step as FIPS 202 writes it, the step mappings theta, rho, pi, chi and iota
 * of Section 3.2 and the rounds of Section 3.3, one function per algorithm.
 *
 * Teaching version only: nothing in the library calls it (the fast path is
 * sha3_keccakf1600, keccak.c); tests/test_sha3.c checks the two against each
 * other, and its textbook sponge runs on this one. The state is the array A
 * of Section 3.1 with w = 64: lane A[x, y] (all z at once, bit z of the
 * 64-bit word) at A[x + 5y]. Constant time: every index and branch depends
 * only on x, y, t and the round number, never on the state.
 */
#include <string.h>

#include "keccak_impl.h"

#define A_XY(x, y) A[(x) + 5 * (y)]

/* v mod 5 for 0 <= v < 25 by three conditional subtractions: make ct
 * forbids division instructions, which compilers emit for % 5 (and clang
 * -Oz for a subtraction loop) at some levels. The v are indices, public. */
static unsigned mod5(unsigned v)
{
    v = v >= 15 ? v - 15 : v; /* v < 15 */
    v = v >= 10 ? v - 10 : v; /* v < 10 */
    return v >= 5 ? v - 5 : v;
}

/* A lane rotated by n: A'[z] = A[(z - n) mod w], w = 64 (a public n). */
static uint64_t rot(uint64_t lane, unsigned n)
{
    n &= 63;
    return n == 0 ? lane : (lane << n) | (lane >> (64 - n));
}

/* FIPS 202, Algorithm 1, theta(A). */
static void theta(uint64_t A[25])
{
    uint64_t C[5], D[5];

    /* Step 1: C[x] = A[x, 0] xor A[x, 1] xor ... xor A[x, 4]. */
    for (unsigned x = 0; x < 5; x++) {
        C[x] = A_XY(x, 0) ^ A_XY(x, 1) ^ A_XY(x, 2) ^ A_XY(x, 3) ^ A_XY(x, 4);
    }
    /* Step 2: D[x] = C[(x - 1) mod 5] xor C[(x + 1) mod 5] rotated by 1. */
    for (unsigned x = 0; x < 5; x++) {
        D[x] = C[mod5(x + 4)] ^ rot(C[mod5(x + 1)], 1);
    }
    /* Step 3: A'[x, y] = A[x, y] xor D[x]. */
    for (unsigned y = 0; y < 5; y++) {
        for (unsigned x = 0; x < 5; x++) {
            A_XY(x, y) ^= D[x];
        }
    }
}

/* FIPS 202, Algorithm 2, rho(A). */
static void rho(uint64_t A[25])
{
    unsigned x = 1, y = 0;

    /* Step 1, A'[0, 0] = A[0, 0], is the identity in place. Steps 2-3: walk
     * (x, y) over the other 24 lanes, lane t rotated by (t + 1)(t + 2) / 2. */
    for (unsigned t = 0; t < 24; t++) {
        const unsigned nx = y, ny = mod5(2 * x + 3 * y);
        A_XY(x, y) = rot(A_XY(x, y), ((t + 1) * (t + 2) / 2) % 64);
        x = nx;
        y = ny;
    }
}

/* FIPS 202, Algorithm 3, pi(A): A'[x, y] = A[(x + 3y) mod 5, x]. */
static void pi(uint64_t A[25])
{
    uint64_t B[25];

    for (unsigned y = 0; y < 5; y++) {
        for (unsigned x = 0; x < 5; x++) {
            B[x + 5 * y] = A_XY(mod5(x + 3 * y), x);
        }
    }
    memcpy(A, B, sizeof B);
}

/* FIPS 202, Algorithm 4, chi(A):
 * A'[x, y] = A[x, y] xor ((A[(x + 1) mod 5, y] xor 1) and A[(x + 2) mod 5, y]). */
static void chi(uint64_t A[25])
{
    uint64_t B[25];

    for (unsigned y = 0; y < 5; y++) {
        for (unsigned x = 0; x < 5; x++) {
            B[x + 5 * y] = A_XY(x, y) ^ (~A_XY(mod5(x + 1), y) & A_XY(mod5(x + 2), y));
        }
    }
    memcpy(A, B, sizeof B);
}

/* FIPS 202, Algorithm 5, rc(t): the output bit of an 8-bit LFSR. */
static unsigned rc(unsigned t)
{
    unsigned R = 0x01; /* R = 10000000: bit R[i] is bit i of the word */

    /* Step 1: t mod 255 = 0 gives 1; t < 255 here (t = j + 7 ir <= 167). */
    if (t == 0) {
        return 1;
    }
    /* Step 3: for i = 1 to t mod 255. */
    for (unsigned i = 1; i <= t; i++) {
        const unsigned r8 = (R >> 7) & 1;      /* a. R = 0 || R: R[8] is the old R[7] */
        R = (R << 1) & 0xFF;                   /* f. R = Trunc_8(R), done early */
        R ^= r8 | r8 << 4 | r8 << 5 | r8 << 6; /* b.-e. R[0, 4, 5, 6] ^= R[8] */
    }
    return R & 1; /* step 4: R[0] */
}

/* FIPS 202, Algorithm 6, iota(A, ir). */
static void iota(uint64_t A[25], unsigned ir)
{
    uint64_t RC = 0;

    /* Step 3: RC[2^j - 1] = rc(j + 7 ir) for j = 0..l, l = 6. */
    for (unsigned j = 0; j <= 6; j++) {
        RC |= (uint64_t)rc(j + 7 * ir) << ((1u << j) - 1);
    }
    /* Step 4: A'[0, 0] = A[0, 0] xor RC. */
    A_XY(0, 0) ^= RC;
}

/*
 * FIPS 202, Algorithm 7, KECCAK-p[1600, 24](S): the rounds ir = 12 + 2l - nr
 * .. 12 + 2l - 1 = 0 .. 23 of Rnd(A, ir) = iota(chi(pi(rho(theta(A)))), ir)
 * (Section 3.3). s holds the state as lanes (the conversions of Section 3.1.2
 * are the little-endian lane reads of sha3.c).
 */
void sha3_keccakf1600_ref(uint64_t s[25])
{
    for (unsigned ir = 0; ir < 24; ir++) {
        theta(s);
        rho(s);
        pi(s);
        chi(s);
        iota(s, ir);
    }
}
