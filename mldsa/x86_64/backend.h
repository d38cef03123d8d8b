/*
 * x86_64/backend.h -- the AVX2 backend of mldsa/ (private; see the
 * "x86-64 backend" section of ../README.md).
 *
 * MLDSA_X86_64 is 1 exactly when the compiler targets x86-64 with AVX2, BMI2
 * and POPCNT (the fast path's flags: -mavx2 -mbmi2 -mpopcnt). Then the files
 * of x86_64/ compile to the functions below and the portable code calls them;
 * otherwise they are empty translation units and nothing here is declared.
 * Each function names the portable function (or loop) it replaces and gives
 * the same result; tests/test_x86_64_mldsa.c checks that on random and edge
 * inputs. Nothing here branches on or indexes by secret data.
 */
#ifndef AEGIS_MLDSA_X86_64_BACKEND_H
#define AEGIS_MLDSA_X86_64_BACKEND_H

#if defined(__x86_64__) && defined(__AVX2__) && defined(__BMI2__) && defined(__POPCNT__)
#define MLDSA_X86_64 1
#else
#define MLDSA_X86_64 0
#endif

#if MLDSA_X86_64
#include <stddef.h>
#include <stdint.h>

#include "../mldsa_config.h"   /* MLDSA_NAMESPACE */

/* ntt_avx2.c */
void mldsa_ntt_avx2(int32_t w[256]);
void mldsa_invntt_tomont_avx2(int32_t w[256]);
void mldsa_pointwise_acc_avx2(int32_t r[256], const int32_t a[256], const int32_t b[256]);
void mldsa_pointwise_acc_packed_avx2(int32_t r[256], const uint8_t a[768], const int32_t b[256]);
void mldsa_invntt_freeze_avx2(int32_t w[256]);

/* sample_avx2.c: four polynomials at a time on the x4 Keccak */
void mldsa_rej_ntt_poly_x4(int32_t a[4][256], const uint8_t rho[32], const uint8_t s[4],
                           const uint8_t r[4]);
void mldsa_rej_bounded_poly_x4(int32_t a[4][256], const uint8_t rhop[64], const uint16_t r[4]);
void mldsa_expand_mask_x4(uint8_t v[4][640], const uint8_t rhopp[64], const uint16_t kappa[4]);

/* poly_avx2.c: coefficient loops of keygen.c, sign.c, verify.c, encode.c */
void mldsa_pack_a_avx2(uint8_t a[768], const int32_t w[256]);
void mldsa_sparse_offsets_avx2(uint16_t off[49], const uint8_t pos[49], const int8_t sgn[49]);
void mldsa_sparse_mul_eta_avx2(int32_t r[256], const uint8_t p[128], const uint16_t off[49]);
void mldsa_sparse_mul32_avx2(int32_t r[256], const int32_t t[256], const uint16_t off[49]);
void mldsa_w1_encode_avx2(uint8_t out[128], const int32_t w[256]);
uint32_t mldsa_sub_lowbits_exceeds_avx2(int32_t w[256], const int32_t cs2[256], int32_t bound);
uint32_t mldsa_norm_exceeds_avx2(const int32_t a[256], int32_t bound);
uint32_t mldsa_make_hint_avx2(uint8_t h[256], const int32_t ct0[256], const int32_t w[256]);
void mldsa_pack_eta_avx2(uint8_t p[128], const int32_t s[256]);
void mldsa_power2round_avx2(int32_t t[256], int32_t t0[256], const uint8_t s2p[128]);
void mldsa_pack_t1_avx2(uint8_t p[320], const int32_t t1[256]);
void mldsa_pack_t0_avx2(uint8_t p[416], const int32_t t0[256]);
void mldsa_unpack_z_avx2(int32_t z[256], const uint8_t p[640]);
uint32_t mldsa_z_finish_avx2(uint8_t v[640], const int32_t cs1[256], int32_t bound);
uint32_t mldsa_eta_check_avx2(const uint8_t *p, size_t len);
void mldsa_use_hint_encode_avx2(uint8_t out[128], const int32_t w[256], const int32_t ct1[256],
                                const uint8_t h[256]);
#endif

#endif
