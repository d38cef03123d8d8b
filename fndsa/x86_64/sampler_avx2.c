/*
 * sampler_avx2.c -- x86-64 backend: SamplerZ ([Falcon] spec v1.2, §3.9.3,
 * with BaseSampler and BerExp); replaces
 * fndsa_sampler (sampler.c). Same PRNG bytes consumed in the same order,
 * same floating-point operations (on the hardware unit, fpr_native.h),
 * same results; the differences are only in how they are computed:
 *  - BaseSampler compares the 72-bit uniform value with the 18 RCDT
 *    entries (Table 3.1) in three AVX2 registers of eight 24-bit limb
 *    triples (padded with zero entries, which never count), then sums the
 *    borrows;
 *  - the 64-bit PRNG read is one little-endian load;
 *  - the buffer refills with the AVX2 ChaCha20 (chacha_avx2.c).
 * Declassified, as in sampler.c: whether each BerExp byte differs (how
 * many PRNG bytes are read) and SamplerZ's accept/reject decision
 * (../shared/docs/constant-time.md §1.4 item 2). Compiled only in the
 * backend build (FNDSA_NATIVE_FPR, set in inner.h); an empty translation
 * unit otherwise.
 */
#include "../inner.h"

#if defined(FNDSA_NATIVE_FPR)

#include <immintrin.h>
#include <string.h>

#include "../ct.h"

/* As prng_get_u64 in sampler.c (x86-64 is little-endian). */
static inline uint64_t get_u64(fndsa_prng *p)
{
    size_t u = p->ptr;
    uint64_t x;

    if (u >= sizeof p->buf - 9) {
        fndsa_avx2_prng_refill(p);
        u = 0;
    }
    p->ptr = u + 8;
    memcpy(&x, p->buf + u, sizeof x);
    return x;
}

/* As prng_get_u8 in sampler.c. */
static inline unsigned get_u8(fndsa_prng *p)
{
    unsigned v = p->buf[p->ptr++];

    if (p->ptr == sizeof p->buf) {
        fndsa_avx2_prng_refill(p);
    }
    return v;
}

/* RCDT (Table 3.1) as 24-bit limbs, high, middle, low; entries 18..23 zero. */
static const uint32_t RCDT_HI[24] = {
    10745844u, 5559083u, 2260429u, 708981u, 169348u, 30538u, 4132u, 417u, 31u, 1u,
    0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u
};
static const uint32_t RCDT_MID[24] = {
    3068844u, 1580863u, 13669192u, 4421575u, 7122675u, 13063405u, 14505003u, 16768101u,
    8444042u, 12844466u, 1232676u, 38047u, 870u, 14u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u
};
static const uint32_t RCDT_LO[24] = {
    3741698u, 8248194u, 2736639u, 10046180u, 4136815u, 7650655u, 7826148u, 11363290u,
    8086568u, 265321u, 13644283u, 9111839u, 6138264u, 12545723u, 3104126u, 28824u, 198u, 1u,
    0u, 0u, 0u, 0u, 0u, 0u
};

/* BaseSampler, as base_sampler in sampler.c. */
static inline int base_sampler(fndsa_prng *p)
{
    uint64_t lo = get_u64(p);
    uint32_t hi = get_u8(p);
    __m256i v0 = _mm256_set1_epi32((int)((uint32_t)lo & 0xFFFFFF));
    __m256i v1 = _mm256_set1_epi32((int)((uint32_t)(lo >> 24) & 0xFFFFFF));
    __m256i v2 = _mm256_set1_epi32((int)((uint32_t)(lo >> 48) | (hi << 16)));
    __m256i acc = _mm256_setzero_si256();
    __m128i s;
    int k;

    for (k = 0; k < 24; k += 8) {
        /* borrow of (v2:v1:v0) - RCDT[k]: 1 if u < RCDT[k] */
        __m256i c;

        c = _mm256_srli_epi32(_mm256_sub_epi32(v0, _mm256_loadu_si256(
                (const __m256i *)(const void *)(RCDT_LO + k))), 31);
        c = _mm256_srli_epi32(_mm256_sub_epi32(_mm256_sub_epi32(v1, _mm256_loadu_si256(
                (const __m256i *)(const void *)(RCDT_MID + k))), c), 31);
        c = _mm256_srli_epi32(_mm256_sub_epi32(_mm256_sub_epi32(v2, _mm256_loadu_si256(
                (const __m256i *)(const void *)(RCDT_HI + k))), c), 31);
        acc = _mm256_add_epi32(acc, c);
    }
    s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    return _mm_cvtsi128_si32(s);
}

/* BerExp, as ber_exp in sampler.c. */
static inline int ber_exp(fndsa_prng *p, fpr x, fpr ccs)
{
    int s, i;
    fpr r;
    uint32_t sw, w, nz;
    uint64_t z;

    s = (int)fpr_trunc(fpr_mul(x, fpr_inv_log2));
    r = fpr_sub(x, fpr_mul(fpr_of(s), fpr_log2));
    /* s clamped to [0, 63] without a branch (sampler.c: deviation) */
    sw = (uint32_t)s;
    sw &= (sw >> 31) - 1u;
    sw ^= (sw ^ 63) & (0u - ((63 - sw) >> 31));
    s = (int)sw;
    z = ((fpr_expm_p63(r, ccs) << 1) - 1) >> s;
    i = 64;
    do {
        i -= 8;
        w = get_u8(p) - ((uint32_t)(z >> i) & 0xFF);
        nz = (w | (0u - w)) >> 31;
        /* only whether this byte differs: how many PRNG bytes are read */
        FNDSA_CT_DECLASSIFY(&nz, sizeof nz);
    } while (!nz && i > 0);
    return (int)(w >> 31);
}

/* Replaces fndsa_sampler: SamplerZ(mu, 1/isigma),
 * with sampler.c's bounded loop (deviation documented there). */
int fndsa_avx2_sampler(fndsa_sampler_ctx *spc, fpr mu, fpr isigma)
{
    int s, iter;
    fpr r, dss, ccs;

    if (spc->fail) {
        return 0;   /* public: set from declassified rejection decisions */
    }
    s = (int)fpr_floor(mu);
    r = fpr_sub(mu, fpr_of(s));
    dss = fpr_half(fpr_sqr(isigma));
    ccs = fpr_mul(isigma, spc->sigma_min);
    for (iter = 0; iter < FNDSA_SAMPLER_MAX_ITER; iter++) {
        int z0, z, b, acc;
        fpr x;

        z0 = base_sampler(&spc->p);
        b = (int)get_u8(&spc->p) & 1;
        z = b + ((b << 1) - 1) * z0;
        x = fpr_mul(fpr_sqr(fpr_sub(fpr_of(z), r)), dss);
        x = fpr_sub(x, fpr_mul(fpr_of(z0 * z0), fpr_inv_2sqrsigma0));
        acc = ber_exp(&spc->p, x, ccs);
        FNDSA_CT_DECLASSIFY(&acc, sizeof acc); /* rejection sampling (§1.4 item 2) */
        if (acc) {
            return (int)((unsigned)s + (unsigned)z);
        }
    }
    spc->fail = 1;
    return 0;
}

#else
typedef int fndsa_x86_64_sampler_avx2_empty; /* ISO C: no empty translation unit */
#endif
