/*
 * sample_avx2.c -- AVX2 versions of mlkem/sample.c (FIPS 203, Section 4.2.2):
 * A-hat from SampleNTT (Algorithm 7) four entries at a time on the 4-way
 * Keccak of sha3/x86_64, and SamplePolyCBD_2 (Algorithm 8) on PRF_2 four
 * polynomials at a time. Same byte streams (SHAKE128 / SHAKE256 of the same
 * inputs), same parsing, so the same polynomials as the portable code.
 */
#if defined(__AVX2__) && defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

#include "../../sha3/x86_64/keccak_x4.h"
#include "../ct.h"
#include "../poly.h"
#include "rej_idx_avx2.h"

#define XOF_LANES (SHAKE128_RATE / 8)   /* 21 */
#define HASH_RATE 136                   /* SHA3-256 and SHAKE256 */

/*
 * SamplePolyCBD_2 of one 128-byte PRF output (as mlkem_poly_cbd_eta2 in
 * mlkem/sample.c): the bit pairs are added as in the portable code
 * (nibble = f + 4), then each byte's two nibbles become coefficients 2B and
 * 2B + 1 (byte B of the stream), minus 4.
 */
static void cbd2_from_bytes(mlkem_poly *r, const uint8_t *buf)
{
    const __m256i m1 = _mm256_set1_epi8(0x55), m2 = _mm256_set1_epi8(0x33);
    const __m256i four = _mm256_set1_epi8(0x44), m4 = _mm256_set1_epi8(0x0F);
    const __m256i four16 = _mm256_set1_epi16(4);
    for (unsigned v = 0; v < 4; v++) {
        __m256i t = _mm256_loadu_si256((const __m256i *)(const void *)(buf + 32 * v));
        __m256i d = _mm256_add_epi8(_mm256_and_si256(t, m1),
                                    _mm256_and_si256(_mm256_srli_epi16(t, 1), m1));
        __m256i e = _mm256_sub_epi8(_mm256_add_epi8(_mm256_and_si256(d, m2), four),
                                    _mm256_and_si256(_mm256_srli_epi16(d, 2), m2));
        __m256i lo = _mm256_and_si256(e, m4);
        __m256i hi = _mm256_and_si256(_mm256_srli_epi16(e, 4), m4);
        __m256i u0 = _mm256_unpacklo_epi8(lo, hi); /* bytes 0-7 | 16-23, as nibble pairs */
        __m256i u1 = _mm256_unpackhi_epi8(lo, hi); /* bytes 8-15 | 24-31 */
        __m256i w0 = _mm256_permute2x128_si256(u0, u1, 0x20); /* bytes 0-15 */
        __m256i w1 = _mm256_permute2x128_si256(u0, u1, 0x31); /* bytes 16-31 */
        int16_t *c = r->c + 64 * v;
        _mm256_storeu_si256((__m256i *)(void *)c,
                            _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_castsi256_si128(w0)), four16));
        _mm256_storeu_si256((__m256i *)(void *)(c + 16),
                            _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_extracti128_si256(w0, 1)), four16));
        _mm256_storeu_si256((__m256i *)(void *)(c + 32),
                            _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_castsi256_si128(w1)), four16));
        _mm256_storeu_si256((__m256i *)(void *)(c + 48),
                            _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_extracti128_si256(w1, 1)), four16));
    }
}

/*
 * A hash on one lane of the 4-way Keccak: SHA3-256 (ds SHA3_SUFFIX_SHA3) or
 * SHAKE256 (ds SHA3_SUFFIX_SHAKE), both of rate 136 bytes, of in0 || in1,
 * outlen <= 136 bytes out (FIPS 202: the sponge of Section 4, the domain bits
 * of Section 6).
 */
typedef struct {
    const uint8_t *in0, *in1;
    size_t len0, len1;
    uint8_t ds;
    uint8_t *out;
    size_t outlen;
} mlkem_hash_job;

/* Bytes [off, off + n) of in0 || in1 into t. */
static void job_bytes(uint8_t *t, const mlkem_hash_job *j, size_t off, size_t n)
{
    if (off < j->len0) {
        const size_t m = n < j->len0 - off ? n : j->len0 - off;
        memcpy(t, j->in0 + off, m);
        t += m;
        n -= m;
        off += m;
    }
    if (n > 0) {
        memcpy(t, j->in1 + (off - j->len0), n);
    }
}

/*
 * Blocks a job absorbs: floor(len / 136) + 1 (the last one padded). The make
 * ct gate admits no division instruction, even on public values: gcc -Os and
 * -O0 emit one for / 136, and clang -Oz turned a subtraction loop back into
 * a div. So floor(len / 136) = (len * 241) >> 15, exact for every len < 4215
 * (checked exhaustively); the jobs hash ek (1184 bytes), z || c (1120) or
 * sigma || N (33).
 */
_Static_assert(HASH_RATE == 136 && MLKEM768_PUBLICKEYBYTES < 4215 &&
                   MLKEM_SYMBYTES + MLKEM768_CIPHERTEXTBYTES < 4215,
               "job_blocks: (len * 241) >> 15 = len / 136 needs len < 4215");
static size_t job_blocks(const mlkem_hash_job *j)
{
    const size_t len = j->len0 + j->len1;
    return ((len * 241u) >> 15) + 1;
}

/* Row i and column j of A-hat entry e = 3i + j (tables: no division, as above). */
static const uint8_t mlkem_entry_i[9] = {0, 0, 0, 1, 1, 1, 2, 2, 2};
static const uint8_t mlkem_entry_j[9] = {0, 1, 2, 0, 1, 2, 0, 1, 2};

/* Four states: as registers for the permutation, as lanes w[x + 5y][k] of state k. */
typedef union {
    __m256i v[25];
    uint64_t w[25][4];
} mlkem_x4_lanes;

static uint64_t ld64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8); /* x86-64 is little-endian, as FIPS 202, Appendix B.1 */
    return v;
}

/*
 * XOR block b (rate 136) into lane k; the last block gets the job's suffix
 * and pad10*1, in lane form as sha3/'s sponge pads (sha3_pad_first and
 * SHA3_PAD_LAST, sha3.h).
 */
static void job_absorb(mlkem_x4_lanes *S, unsigned k, const mlkem_hash_job *j, size_t b)
{
    uint8_t t[HASH_RATE];
    const size_t len = j->len0 + j->len1, off = HASH_RATE * b;
    const int last = off + HASH_RATE > len;
    if (!last) {
        job_bytes(t, j, off, HASH_RATE);
    } else {
        memset(t, 0, sizeof t);
        job_bytes(t, j, off, len - off);
    }
    for (unsigned i = 0; i < HASH_RATE / 8; i++) {
        S->w[i][k] ^= ld64(t + 8 * i);
    }
    if (last) {
        S->w[(len - off) / 8][k] ^= sha3_pad_first(j->ds, (unsigned)(len - off));
        S->w[HASH_RATE / 8 - 1][k] ^= SHA3_PAD_LAST;
    }
    mlkem_ct_wipe(t, sizeof t);
}

/*
 * Replaces mlkem_rej_uniform (mlkem/sample.c): SampleNTT, lines 5-15, on
 * one 168-byte XOF block (buf, readable up to byte 176). Sixteen candidates
 * (24 bytes) at a time: the 12-bit fields d1 = C0 + 256 (C1 mod 16), d2 =
 * floor(C1 / 16) + 16 C2 become 16-bit lanes, the compare with q gives an
 * accept mask, and a table shuffle moves the accepted values, in order, to
 * a[n..). While fewer than 16 free places remain, the portable parser's
 * one-by-one loop finishes the block. Same coefficients as the portable code.
 */
static unsigned rej_uniform_avx2(int16_t a[MLKEM_N], unsigned n, const uint8_t *buf)
{
    /* bytes 3t, 3t+1 and 3t+1, 3t+2 of each 12-byte half, as 16-bit lanes */
    const __m256i spread = _mm256_setr_epi8(0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11,
                                            4, 5, 5, 6, 7, 8, 8, 9, 10, 11, 11, 12, 13, 14, 14, 15);
    const __m256i m12 = _mm256_set1_epi16(0x0FFF), q = _mm256_set1_epi16(MLKEM_Q);
    unsigned pos = 0;

    while (pos + 24 <= SHAKE128_RATE && n + 16 <= MLKEM_N) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(buf + pos));
        v = _mm256_permute4x64_epi64(v, 0x94);  /* bytes 0-15 | 8-23 */
        v = _mm256_shuffle_epi8(v, spread);
        v = _mm256_blend_epi16(_mm256_and_si256(v, m12), _mm256_srli_epi16(v, 4), 0xAA);
        /* one byte per candidate: bits 0-7 candidates 0-7, bits 16-23 8-15 */
        const __m256i acc = _mm256_cmpgt_epi16(q, v);
        const uint32_t ok = (uint32_t)_mm256_movemask_epi8(_mm256_packs_epi16(acc, acc));
        const unsigned m0 = ok & 0xFF, m1 = (ok >> 16) & 0xFF;
        __m128i lo = _mm_shuffle_epi8(_mm256_castsi256_si128(v),
                                      _mm_load_si128((const __m128i *)(const void *)mlkem_rej_idx[m0]));
        __m128i hi = _mm_shuffle_epi8(_mm256_extracti128_si256(v, 1),
                                      _mm_load_si128((const __m128i *)(const void *)mlkem_rej_idx[m1]));
        _mm_storeu_si128((__m128i *)(void *)(a + n), lo);
        n += (unsigned)__builtin_popcount(m0); /* popcnt with -mpopcnt */
        _mm_storeu_si128((__m128i *)(void *)(a + n), hi);
        n += (unsigned)__builtin_popcount(m1);
        pos += 24;
    }
    /* the last places: one candidate at a time, as the portable parser */
    for (; pos + 3 <= SHAKE128_RATE && n < MLKEM_N; pos += 3) {
        const uint16_t d1 = (uint16_t)(buf[pos] | ((unsigned)buf[pos + 1] & 0xF) << 8);
        const uint16_t d2 = (uint16_t)(buf[pos + 1] >> 4 | (unsigned)buf[pos + 2] << 4);
        if (d1 < MLKEM_Q) {
            a[n++] = (int16_t)d1;
        }
        if (d2 < MLKEM_Q && n < MLKEM_N) {
            a[n++] = (int16_t)d2;
        }
    }
    return n;
}

/*
 * Replaces mlkem_gen_matrix_c (mlkem/sample.c) and, with hash jobs, the
 * hashes the portable code computes next to it (mlkem_keygen_prep_c,
 * mlkem_encaps_prep_c, mlkem_decaps_prep_c): A-hat (K-PKE.KeyGen, lines 3-7,
 * or its transpose, K-PKE.Encrypt, lines 4-8) with each SampleNTT XOF
 * (SHAKE128 of rho || j || i) on one lane of the 4-way Keccak,
 * and the hash jobs on lanes of their own. A lane whose entry has its 256
 * coefficients, or whose hash is done, takes the next entry of A-hat (or
 * the next job) at once, so the four lanes stay busy: in Decaps, 9 entries
 * of about 3 blocks each and two 9-block hashes take 12 permutations instead
 * of 9 4-way and 18 single ones. jobs_first: long hashes start at once (they
 * finish with the matrix); else the jobs fill the lanes the matrix leaves
 * idle at its end. The schedule depends on XOF output of rho and on the
 * (fixed) input lengths only, which are public; secret job input (sigma,
 * z) only goes through XORs and the permutation.
 */
static void matrix_and_hashes(mlkem_polyvec A[MLKEM_K], const uint8_t rho[MLKEM_SYMBYTES],
                              int transposed, const mlkem_hash_job *jobs, unsigned njobs,
                              int jobs_first)
{
    mlkem_x4_lanes S;
    uint64_t blk[XOF_LANES + 3] = {0}; /* + 24 bytes the vector parser may read */
    int entry[4];        /* the A-hat entry on lane k, or -1 */
    unsigned n[4];       /* its coefficients so far */
    int job[4];          /* the hash job on lane k, or -1 */
    size_t block[4];     /* the job's next block */
    size_t nblocks[4];   /* and its number of blocks */
    unsigned next = 0;   /* the next entry of A-hat to start */
    unsigned next_job = 0;

    memset(&S, 0, sizeof S);
    _Static_assert(MLKEM_K == 3, "the entry tables are written out for k = 3");
    for (unsigned k = 0; k < 4; k++) {
        entry[k] = -1;
        job[k] = -1;
        block[k] = 0;
        nblocks[k] = 0;
        n[k] = 0;
    }
    for (;;) {
        unsigned busy = 0;
        for (unsigned k = 0; k < 4; k++) {
            if (job[k] < 0 && entry[k] < 0 && next_job < njobs &&
                (jobs_first || next == MLKEM_K * MLKEM_K)) {
                job[k] = (int)next_job++;
                block[k] = 0;
                nblocks[k] = job_blocks(&jobs[job[k]]);
                for (unsigned w = 0; w < 25; w++) {
                    S.w[w][k] = 0;
                }
            }
            if (job[k] >= 0) {
                job_absorb(&S, k, &jobs[job[k]], block[k]);
                busy = 1;
                continue;
            }
            if (entry[k] < 0 && next < MLKEM_K * MLKEM_K) {
                /* a fresh SHAKE128 state absorbing rho || b0 || b1, padded */
                const uint8_t i = mlkem_entry_i[next], j = mlkem_entry_j[next];
                /* A-hat[i, j] = SampleNTT(rho || j || i); transposed: rho || i || j */
                const uint64_t b01 = transposed ? (uint64_t)i | (uint64_t)j << 8
                                                : (uint64_t)j | (uint64_t)i << 8;
                for (unsigned w = 4; w < 25; w++) {
                    S.w[w][k] = 0;
                }
                for (unsigned w = 0; w < 4; w++) {
                    S.w[w][k] = ld64(rho + 8 * w);
                }
                S.w[4][k] = b01 ^ sha3_pad_first(SHA3_SUFFIX_SHAKE, MLKEM_SYMBYTES + 2);
                S.w[XOF_LANES - 1][k] ^= SHA3_PAD_LAST;
                entry[k] = (int)next++;
                n[k] = 0;
            }
            busy |= entry[k] >= 0;
        }
        if (!busy) {
            break;
        }
        sha3_keccakf1600_x4(S.v);
        for (unsigned k = 0; k < 4; k++) {
            if (job[k] >= 0) {
                const mlkem_hash_job *jb = &jobs[job[k]];
                if (++block[k] == nblocks[k]) {
                    for (size_t o = 0; o < jb->outlen; o += 8) {
                        const size_t m = jb->outlen - o < 8 ? jb->outlen - o : 8;
                        memcpy(jb->out + o, &S.w[o >> 3][k], m);
                    }
                    job[k] = -1; /* the lane is free for the next entry or job */
                }
            } else if (entry[k] >= 0) {
                mlkem_poly *a = &A[mlkem_entry_i[entry[k]]].p[mlkem_entry_j[entry[k]]];
                for (unsigned w = 0; w < XOF_LANES; w++) {
                    blk[w] = S.w[w][k];
                }
                n[k] = rej_uniform_avx2(a->c, n[k], (const uint8_t *)blk);
                if (n[k] == MLKEM_N) {
                    entry[k] = -1;
                }
            }
        }
    }
    mlkem_ct_wipe(&S, sizeof S);
}

/*
 * Replaces mlkem_keygen_prep_c (mlkem/sample.c): A-hat, and s, e =
 * SamplePolyCBD_2(PRF_2(sigma, N)), N = 0..2k-1, the PRF streams on the
 * lanes the matrix leaves idle at its end.
 */
void mlkem_keygen_prep_avx2(mlkem_polyvec A[MLKEM_K], mlkem_polyvec *s, mlkem_polyvec *e,
                            const uint8_t rho[MLKEM_SYMBYTES], const uint8_t sigma[MLKEM_SYMBYTES])
{
    uint8_t N[2 * MLKEM_K];
    uint8_t buf[2 * MLKEM_K][64 * MLKEM_ETA1];
    mlkem_hash_job j[2 * MLKEM_K];
    for (unsigned k = 0; k < 2 * MLKEM_K; k++) {
        N[k] = (uint8_t)k;
        j[k].in0 = sigma; j[k].len0 = MLKEM_SYMBYTES; j[k].in1 = &N[k]; j[k].len1 = 1;
        j[k].ds = SHA3_SUFFIX_SHAKE; j[k].out = buf[k]; j[k].outlen = sizeof buf[k];
    }
    matrix_and_hashes(A, rho, 0, j, 2 * MLKEM_K, 0);
    for (unsigned k = 0; k < MLKEM_K; k++) {
        cbd2_from_bytes(&s->p[k], buf[k]);
        cbd2_from_bytes(&e->p[k], buf[MLKEM_K + k]);
    }
    mlkem_ct_wipe(buf, sizeof buf);
}

/* Replaces mlkem_gen_matrix_c (mlkem/sample.c). */
void mlkem_gen_matrix_avx2(mlkem_polyvec A[MLKEM_K], const uint8_t rho[MLKEM_SYMBYTES],
                           int transposed)
{
    matrix_and_hashes(A, rho, transposed, NULL, 0, 0);
}

/* Replaces mlkem_encaps_prep_c (mlkem/sample.c): A-hat^T and H(ek) together. */
void mlkem_encaps_prep_avx2(mlkem_polyvec At[MLKEM_K], uint8_t h[MLKEM_SYMBYTES],
                            const uint8_t ek[MLKEM768_PUBLICKEYBYTES])
{
    mlkem_hash_job j[1];
    j[0].in0 = ek; j[0].len0 = MLKEM768_PUBLICKEYBYTES; j[0].in1 = NULL; j[0].len1 = 0;
    j[0].ds = SHA3_SUFFIX_SHA3; j[0].out = h; j[0].outlen = MLKEM_SYMBYTES;
    matrix_and_hashes(At, ek + MLKEM_POLYVECBYTES, 1, j, 1, 1);
}

/*
 * Replaces mlkem_decaps_prep_c (mlkem/sample.c): A-hat^T, H(ek) and
 * K-bar = J(z || c) together.
 */
void mlkem_decaps_prep_avx2(mlkem_polyvec At[MLKEM_K], uint8_t h[MLKEM_SYMBYTES],
                            uint8_t kbar[MLKEM_SYMBYTES],
                            const uint8_t ek[MLKEM768_PUBLICKEYBYTES],
                            const uint8_t z[MLKEM_SYMBYTES],
                            const uint8_t c[MLKEM768_CIPHERTEXTBYTES])
{
    mlkem_hash_job j[2];
    j[0].in0 = ek; j[0].len0 = MLKEM768_PUBLICKEYBYTES; j[0].in1 = NULL; j[0].len1 = 0;
    j[0].ds = SHA3_SUFFIX_SHA3; j[0].out = h; j[0].outlen = MLKEM_SYMBYTES;
    j[1].in0 = z; j[1].len0 = MLKEM_SYMBYTES; j[1].in1 = c; j[1].len1 = MLKEM768_CIPHERTEXTBYTES;
    j[1].ds = SHA3_SUFFIX_SHAKE; j[1].out = kbar; j[1].outlen = MLKEM_SYMBYTES;
    matrix_and_hashes(At, ek + MLKEM_POLYVECBYTES, 1, j, 2, 1);
}

/*
 * Replaces mlkem_poly_cbd_eta2_x4_c (mlkem/sample.c): r_k =
 * SamplePolyCBD_2(PRF_2(s, b_k)) for k = 0..3, the four PRF = SHAKE256
 * streams on the 4-way Keccak (one permutation for all four). A NULL r_k is
 * computed into a scratch polynomial and dropped.
 */
void mlkem_poly_cbd_eta2_x4_avx2(mlkem_poly *r0, mlkem_poly *r1, mlkem_poly *r2, mlkem_poly *r3,
                                 const uint8_t s[MLKEM_SYMBYTES], uint8_t b0, uint8_t b1,
                                 uint8_t b2, uint8_t b3)
{
    uint8_t in[4][MLKEM_SYMBYTES + 1];
    uint8_t buf[4][SHAKE256_RATE];
    mlkem_poly spare;
    mlkem_poly *r[4];
    const uint8_t b[4] = {b0, b1, b2, b3};
    sha3_x4_state st;

    r[0] = r0 ? r0 : &spare;
    r[1] = r1 ? r1 : &spare;
    r[2] = r2 ? r2 : &spare;
    r[3] = r3 ? r3 : &spare;
    for (unsigned k = 0; k < 4; k++) {
        memcpy(in[k], s, MLKEM_SYMBYTES);
        in[k][MLKEM_SYMBYTES] = b[k];
    }
    shake256_x4_absorb_once(&st, in[0], in[1], in[2], in[3], MLKEM_SYMBYTES + 1);
    shake256_x4_squeezeblocks(&st, buf[0], buf[1], buf[2], buf[3], 1);
    for (unsigned k = 0; k < 4; k++) {
        cbd2_from_bytes(r[k], buf[k]);
    }
    sha3_x4_wipe(&st);
    mlkem_ct_wipe(in, sizeof in);
    mlkem_ct_wipe(buf, sizeof buf);
    mlkem_ct_wipe(&spare, sizeof spare);
}

#else
/* Without AVX2 this file is empty (ISO C wants a declaration). */
typedef int mlkem_sample_avx2_unused;
#endif
