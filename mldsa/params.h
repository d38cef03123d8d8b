/*
 * params.h -- ML-DSA-65 parameters (FIPS 204, Section 4, Table 1) and the
 * private interface between the files of mldsa/. Every name here carries the
 * private prefix mldsa_ (the public API, mldsa65_*, is in mldsa65.h).
 */
#ifndef AEGIS_MLDSA_PARAMS_H
#define AEGIS_MLDSA_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "mldsa65.h"
#include MLDSA_FIPS202_HEADER   /* SHA-3: ../sha3/sha3.h unless configured */

/* The files call the randomness hook randombytes; mldsa_config.h names it. */
#define randombytes MLDSA_RANDOMBYTES

/* FIPS 204, Table 1, ML-DSA-65 */
#define MLDSA_N 256
#define MLDSA_Q 8380417
#define MLDSA_D 13
#define MLDSA_TAU 49
#define MLDSA_LAMBDA 192
#define MLDSA_GAMMA1 (1 << 19)
#define MLDSA_GAMMA2 ((MLDSA_Q - 1) / 32)
#define MLDSA_K 6
#define MLDSA_L 5
#define MLDSA_ETA 4
#define MLDSA_BETA (MLDSA_TAU * MLDSA_ETA)
#define MLDSA_OMEGA 55

/* Byte lengths of the pieces (FIPS 204, Section 7.2). */
#define MLDSA_SEEDBYTES 32                 /* rho, K, xi, rnd */
#define MLDSA_CRHBYTES 64                  /* rho', rho'', mu, tr */
#define MLDSA_CTILDEBYTES (MLDSA_LAMBDA / 4) /* 48 */
#define MLDSA_T1_POLYBYTES 320             /* 10 bits a coefficient */
#define MLDSA_ETA_POLYBYTES 128            /* 4 bits */
#define MLDSA_T0_POLYBYTES 416             /* 13 bits */
#define MLDSA_Z_POLYBYTES 640              /* 20 bits */
#define MLDSA_W1_POLYBYTES 128             /* 4 bits */
#define MLDSA_A_POLYBYTES 768              /* 3 bytes a coefficient of A-hat */

/* Offsets in pk, sk and sigma (pkEncode, Algorithm 22; skEncode, Algorithm 24;
 * sigEncode, Algorithm 26). */
#define MLDSA_PK_T1 32
#define MLDSA_SK_K 32
#define MLDSA_SK_TR 64
#define MLDSA_SK_S1 128
#define MLDSA_SK_S2 (MLDSA_SK_S1 + MLDSA_L * MLDSA_ETA_POLYBYTES)
#define MLDSA_SK_T0 (MLDSA_SK_S2 + MLDSA_K * MLDSA_ETA_POLYBYTES)
#define MLDSA_SIG_Z MLDSA_CTILDEBYTES
#define MLDSA_SIG_H (MLDSA_SIG_Z + MLDSA_L * MLDSA_Z_POLYBYTES)

/* Compile-time checks: the parameters reproduce the public sizes. */
typedef char mldsa_check_pk[(MLDSA_PK_T1 + MLDSA_K * MLDSA_T1_POLYBYTES ==
                             MLDSA65_PUBLICKEYBYTES) ? 1 : -1];
typedef char mldsa_check_sk[(MLDSA_SK_T0 + MLDSA_K * MLDSA_T0_POLYBYTES ==
                             MLDSA65_SECRETKEYBYTES) ? 1 : -1];
typedef char mldsa_check_sig[(MLDSA_SIG_H + MLDSA_OMEGA + MLDSA_K == MLDSA65_SIGBYTES) ? 1 : -1];

/* ---- reduce.h, ntt.c: arithmetic mod q (MontgomeryReduce, Algorithm 49) and
 * the NTT (Algorithm 41) and NTT^-1 (Algorithm 42) ----
 * reduce.h and rounding.h use the parameters above: include them only from here. */
#include "reduce.h"
/* zeta^BitRev8(m) * 2^32 mod q, centered (FIPS 204, Appendix B, in Montgomery
 * form); ntt.c. The x86-64 backend broadcasts from it too. */
extern const int32_t mldsa_zetas[MLDSA_N];
void mldsa_ntt(int32_t w[MLDSA_N]);
void mldsa_invntt_tomont(int32_t w[MLDSA_N]);

/* ---- rounding.h: Power2Round, Decompose, MakeHint, UseHint (static inline) ---- */
#include "rounding.h"

/* ---- sample.c: SampleInBall, RejNTTPoly, RejBoundedPoly, ExpandMask ---- */
void mldsa_sample_in_ball(int32_t c[MLDSA_N], const uint8_t ctilde[MLDSA_CTILDEBYTES]);
void mldsa_rej_ntt_poly(int32_t a[MLDSA_N], const uint8_t rho[MLDSA_SEEDBYTES], uint8_t s,
                        uint8_t r);
void mldsa_rej_bounded_poly(int32_t a[MLDSA_N], const uint8_t rhop[MLDSA_CRHBYTES], uint16_t r);
void mldsa_expand_mask_poly(uint8_t v[MLDSA_Z_POLYBYTES], const uint8_t rhopp[MLDSA_CRHBYTES],
                            uint16_t kappa);

/* ---- encode.c: the bit packings and the hint encoding, one polynomial each ---- */
void mldsa_pack_t1(uint8_t *p, const int32_t t1[MLDSA_N]);
void mldsa_unpack_t1(int32_t t1[MLDSA_N], const uint8_t *p);
void mldsa_pack_eta(uint8_t *p, const int32_t s[MLDSA_N]);
uint32_t mldsa_unpack_eta(int32_t s[MLDSA_N], const uint8_t *p);
void mldsa_pack_t0(uint8_t *p, const int32_t t0[MLDSA_N]);
void mldsa_unpack_t0(int32_t t0[MLDSA_N], const uint8_t *p);
void mldsa_pack_z(uint8_t *p, const int32_t z[MLDSA_N]);
void mldsa_unpack_z(int32_t z[MLDSA_N], const uint8_t *p);
void mldsa_unpack_z_acc(int32_t z[MLDSA_N], const uint8_t *p);
void mldsa_pack_w1(uint8_t *p, const int32_t w1[MLDSA_N]);
void mldsa_hint_bit_pack(uint8_t y[MLDSA_OMEGA + MLDSA_K], uint8_t h[MLDSA_K][MLDSA_N]);
int mldsa_hint_bit_unpack(uint8_t h[MLDSA_K][MLDSA_N], const uint8_t y[MLDSA_OMEGA + MLDSA_K]);

/* sha2.c: the other pre-hashes of HashML-DSA (FIPS 180-4; FIPS 202 SHA3-224/384). */
void mldsa_sha2_224(uint8_t out[28], const uint8_t *m, size_t mlen);
void mldsa_sha2_256(uint8_t out[32], const uint8_t *m, size_t mlen);
void mldsa_sha2_384(uint8_t out[48], const uint8_t *m, size_t mlen);
void mldsa_sha2_512(uint8_t out[64], const uint8_t *m, size_t mlen);
void mldsa_sha2_512_224(uint8_t out[28], const uint8_t *m, size_t mlen);
void mldsa_sha2_512_256(uint8_t out[32], const uint8_t *m, size_t mlen);
void mldsa_sha3_224(uint8_t out[28], const uint8_t *m, size_t mlen);
void mldsa_sha3_384(uint8_t out[48], const uint8_t *m, size_t mlen);

/* ---- x86_64/: the AVX2 backend (x86_64/backend.h). Under the fast path's
 * flags (MLDSA_X86_64 = 1) the portable files call the backend through these
 * names; the portable ones above stay compiled under their own names (the
 * equality tests call both). ---- */
#include "x86_64/backend.h"
#if MLDSA_X86_64
#define MLDSA_NTT mldsa_ntt_avx2
#define MLDSA_INVNTT mldsa_invntt_tomont_avx2
#else
#define MLDSA_NTT mldsa_ntt
#define MLDSA_INVNTT mldsa_invntt_tomont
#endif

/* ---- prehash.c: the pre-hashes of HashML-DSA (FIPS 204, Section 5.4), one
 * table that sign.c, verify.c and the tests use ---- */
#define MLDSA_PH_COUNT 12
#define MLDSA_OIDBYTES 11    /* DER of 2.16.840.1.101.3.4.2.x */
#define MLDSA_PH_MAXBYTES 64 /* the longest digest */
#define MLDSA_PH_PREBYTES (2 + MLDSA65_CTX_MAXBYTES + MLDSA_OIDBYTES)
typedef struct {
    int ph;                      /* MLDSA65_PH_* identifier */
    const char *name;            /* ACVP "hashAlg" name */
    uint8_t dlen;                /* digest length in bytes */
    uint8_t oid[MLDSA_OIDBYTES]; /* DER encoding of the OID */
    void (*hash)(uint8_t *out, const uint8_t *m, size_t mlen); /* PH(M), dlen bytes */
} mldsa_prehash;
extern const mldsa_prehash mldsa_prehashes[MLDSA_PH_COUNT];
/* The entry of identifier ph, or NULL. */
const mldsa_prehash *mldsa_prehash_find(int ph);
size_t mldsa_prehash_prefix(uint8_t pre[MLDSA_PH_PREBYTES], uint8_t ph_m[MLDSA_PH_MAXBYTES],
                            size_t *phlen, const uint8_t *m, size_t mlen, const uint8_t *ctx,
                            size_t ctxlen, int ph);

/* ---- sign.c: the core with the signing-loop bound as a parameter (tests
 * call it with a small bound to reach the MLDSA65_ERR_ATTEMPTS path) ---- */
int mldsa_sign_core(uint8_t sig[MLDSA65_SIGBYTES], const uint8_t *pre, size_t prelen,
                    const uint8_t *m, size_t mlen, const uint8_t rnd[MLDSA_SEEDBYTES],
                    const uint8_t sk[MLDSA65_SECRETKEYBYTES], unsigned max_attempts);

#endif
