/*
 * sampler.c -- the Gaussian sampler of Falcon signing ([Falcon] spec v1.2,
 * §3.9.3: BaseSampler, BerExp and SamplerZ here, ApproxExp in fpr.c), fed
 * by the round-3 reference's PRNG.
 *
 * PRNG. The specification leaves the PRNG open; the round-3 known answers
 * depend on the reference's choice, reproduced here: 56 bytes are taken
 * from the signing SHAKE256 stream (32-byte ChaCha20 key, 16-byte IV,
 * 8-byte block counter, little-endian), and each refill runs eight
 * ChaCha20 (RFC 8439 core, 20 rounds) blocks with counters cc..cc+7 XORed
 * into the last two IV words, interleaving the output 32-bit words as an
 * 8-way SIMD implementation would (word v of block u goes to bytes
 * 4u + 32v .. +3). A 64-bit read refills first when fewer than 9 bytes
 * are left (dropping them); an 8-bit read refills when the buffer
 * becomes empty.
 *
 * Constant time: the base sampler scans the whole table; BerExp and
 * SamplerZ work on fpr values with constant-time operations. The only
 * data-dependent control flow is the rejection loop (SamplerZ line 9,
 * and BerExp's lazy byte comparison, which decides how many PRNG
 * bytes are used). Its acceptance probability does not depend on the
 * secret key (that is the purpose of the sigma_min/sigma scaling), so the
 * outcome is declassified (../shared/docs/constant-time.md §1.4, §1.6).
 */
#include <string.h>

#include "inner.h"
#include "ct.h"

static inline uint32_t rotl32(uint32_t x, int k)
{
    return (x << k) | (x >> (32 - k));
}

static inline uint32_t dec32le(const uint8_t *b)
{
    return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16)
           | ((uint32_t)b[3] << 24);
}

void fndsa_prng_init(fndsa_prng *p, sha3_ctx *src)
{
    uint8_t tmp[56];
    int i;

    shake_squeeze(src, tmp, sizeof tmp);
    for (i = 0; i < 12; i++) {
        p->kiv[i] = dec32le(tmp + 4 * i);
    }
    p->cc = (uint64_t)dec32le(tmp + 48) | ((uint64_t)dec32le(tmp + 52) << 32);
    fndsa_ct_wipe(tmp, sizeof tmp);
    fndsa_prng_refill(p);
}

#define QR(a, b, c, d) do { \
        st[a] += st[b]; st[d] = rotl32(st[d] ^ st[a], 16); \
        st[c] += st[d]; st[b] = rotl32(st[b] ^ st[c], 12); \
        st[a] += st[b]; st[d] = rotl32(st[d] ^ st[a], 8); \
        st[c] += st[d]; st[b] = rotl32(st[b] ^ st[c], 7); \
    } while (0)

/* (FNDSA_PORTABLE_DEF: the x86-64 backend redirects the calls, fpr_native.h) */
void FNDSA_PORTABLE_DEF(fndsa_prng_refill)(fndsa_prng *p)
{
    static const uint32_t CW[4] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
    uint64_t cc = p->cc;
    int u;

    for (u = 0; u < 8; u++) {
        uint32_t st[16];
        int i, v;

        memcpy(st, CW, sizeof CW);
        memcpy(st + 4, p->kiv, sizeof p->kiv);
        st[14] ^= (uint32_t)cc;
        st[15] ^= (uint32_t)(cc >> 32);
        for (i = 0; i < 10; i++) {
            QR(0, 4, 8, 12);
            QR(1, 5, 9, 13);
            QR(2, 6, 10, 14);
            QR(3, 7, 11, 15);
            QR(0, 5, 10, 15);
            QR(1, 6, 11, 12);
            QR(2, 7, 8, 13);
            QR(3, 4, 9, 14);
        }
        for (v = 0; v < 4; v++) {
            st[v] += CW[v];
        }
        for (v = 4; v < 14; v++) {
            st[v] += p->kiv[v - 4];
        }
        st[14] += p->kiv[10] ^ (uint32_t)cc;
        st[15] += p->kiv[11] ^ (uint32_t)(cc >> 32);
        cc++;
        for (v = 0; v < 16; v++) {
            uint8_t *d = p->buf + (u << 2) + (v << 5);

            d[0] = (uint8_t)st[v];
            d[1] = (uint8_t)(st[v] >> 8);
            d[2] = (uint8_t)(st[v] >> 16);
            d[3] = (uint8_t)(st[v] >> 24);
        }
        fndsa_ct_wipe(st, sizeof st);
    }
    p->cc = cc;
    p->ptr = 0;
}

#undef QR

static inline uint64_t prng_get_u64(fndsa_prng *p)
{
    size_t u = p->ptr;
    uint64_t x = 0;
    int i;

    if (u >= sizeof p->buf - 9) {
        fndsa_prng_refill(p);
        u = 0;
    }
    p->ptr = u + 8;
    for (i = 7; i >= 0; i--) {
        x = (x << 8) | p->buf[u + (size_t)i];
    }
    return x;
}

static inline unsigned prng_get_u8(fndsa_prng *p)
{
    unsigned v = p->buf[p->ptr++];

    if (p->ptr == sizeof p->buf) {
        fndsa_prng_refill(p);
    }
    return v;
}

/*
 * [Falcon] Algorithm 12, BaseSampler: z0 = number of RCDT entries (Table
 * 3.1, 72-bit values, here as three 24-bit limbs, high limb first) that
 * are greater than a uniform 72-bit u. The whole table is always scanned.
 */
static int base_sampler(fndsa_prng *p)
{
    static const uint32_t RCDT[18][3] = {
        { 10745844u, 3068844u, 3741698u }, { 5559083u, 1580863u, 8248194u },
        { 2260429u, 13669192u, 2736639u }, { 708981u, 4421575u, 10046180u },
        { 169348u, 7122675u, 4136815u },   { 30538u, 13063405u, 7650655u },
        { 4132u, 14505003u, 7826148u },    { 417u, 16768101u, 11363290u },
        { 31u, 8444042u, 8086568u },       { 1u, 12844466u, 265321u },
        { 0u, 1232676u, 13644283u },       { 0u, 38047u, 9111839u },
        { 0u, 870u, 6138264u },            { 0u, 14u, 12545723u },
        { 0u, 0u, 3104126u },              { 0u, 0u, 28824u },
        { 0u, 0u, 198u },                  { 0u, 0u, 1u }
    };
    uint64_t lo;
    uint32_t v0, v1, v2, hi;
    int z = 0, k;

    /* u = 72 bits: 64 from a u64 read, then 8 from a byte read */
    lo = prng_get_u64(p);
    hi = prng_get_u8(p);
    v0 = (uint32_t)lo & 0xFFFFFF;
    v1 = (uint32_t)(lo >> 24) & 0xFFFFFF;
    v2 = (uint32_t)(lo >> 48) | (hi << 16);
    for (k = 0; k < 18; k++) {
        /* borrow of (v2:v1:v0) - RCDT[k]: 1 if u < RCDT[k] */
        uint32_t cc;

        cc = (v0 - RCDT[k][2]) >> 31;
        cc = (v1 - RCDT[k][1] - cc) >> 31;
        cc = (v2 - RCDT[k][0] - cc) >> 31;
        z += (int)cc;
    }
    return z;
}

/*
 * [Falcon] Algorithm 14, BerExp(x, ccs): a bit equal to 1 with probability
 * about ccs * exp(-x), x >= 0.
 */
static int ber_exp(fndsa_prng *p, fpr x, fpr ccs)
{
    int s, i;
    fpr r;
    uint32_t sw, w, nz;
    uint64_t z;

    /* x = s ln2 + r, 0 <= r < ln2 (x >= 0, so trunc is floor) */
    s = (int)fpr_trunc(fpr_mul(x, fpr_inv_log2));
    r = fpr_sub(x, fpr_mul(fpr_of(s), fpr_log2));

    /* s = min(s, 63) without a branch. Deviation: also s = max(s, 0); x >= 0
     * for every genuine key, so this changes nothing there, but a corrupt
     * expanded key (e.g. the zeroed one a failed fndsa512_expand_sk leaves)
     * gives x < 0, and a negative shift count would be undefined. */
    sw = (uint32_t)s;
    sw &= (sw >> 31) - 1u;
    sw ^= (sw ^ 63) & (0u - ((63 - sw) >> 31));
    s = (int)sw;

    /* z = (2 * ApproxExp(r, ccs) - 1) >> s ~ 2^64 ccs exp(-x) */
    z = ((fpr_expm_p63(r, ccs) << 1) - 1) >> s;

    /* Compare a uniform 64-bit value with z byte by byte, high first,
     * stopping at the first difference (BerExp lines 6-10). */
    i = 64;
    do {
        i -= 8;
        w = prng_get_u8(p) - ((uint32_t)(z >> i) & 0xFF);
        nz = (w | (0u - w)) >> 31;          /* w != 0 */
        /* Only whether this byte differs is made public: it says how many
         * PRNG bytes are read (§1.4 item 2); the difference itself, whose
         * sign is the result, stays secret until the caller's decision. */
        FNDSA_CT_DECLASSIFY(&nz, sizeof nz);
    } while (!nz && i > 0);
    return (int)(w >> 31);
}

/*
 * [Falcon] Algorithm 15, SamplerZ(mu, sigma'), with isigma = 1/sigma'.
 * Returns an integer z following D_{Z, mu, sigma'}.
 *
 * Deviation: the rejection loop (line 9, "while" without bound in the
 * spec) stops after FNDSA_SAMPLER_MAX_ITER iterations and sets spc->fail;
 * once set, the sampler returns 0 at once and the caller abandons the
 * signature (FNDSA512_ERR_ATTEMPTS). With sigma_min <= sigma' <= sigma_max (a
 * genuine key) an iteration accepts with probability about
 * sigma_min sqrt(2 pi) / (sigma_max sqrt(2 pi) + 1) = 0.58 whatever the
 * key, so 256 failures in a row (probability below 2^-300) never happen
 * and the known answers are unchanged; a corrupt expanded key (e.g. 1/sigma' =
 * 2^52) would otherwise make signing loop forever.
 */
/* (FNDSA_PORTABLE_DEF: the x86-64 backend redirects the calls, fpr_native.h) */
int FNDSA_PORTABLE_DEF(fndsa_sampler)(fndsa_sampler_ctx *spc, fpr mu, fpr isigma)
{
    int s, iter;
    fpr r, dss, ccs;

    if (spc->fail) {
        return 0;   /* public: set from declassified rejection decisions */
    }

    /* mu = s + r, s = floor(mu), 0 <= r < 1 */
    s = (int)fpr_floor(mu);
    r = fpr_sub(mu, fpr_of(s));
    /* dss = 1 / (2 sigma'^2); ccs = sigma_min / sigma' */
    dss = fpr_half(fpr_sqr(isigma));
    ccs = fpr_mul(isigma, spc->sigma_min);

    for (iter = 0; iter < FNDSA_SAMPLER_MAX_ITER; iter++) {
        int z0, z, b, acc;
        fpr x;

        /* bimodal half-Gaussian: z = b + (2b - 1) z0 */
        z0 = base_sampler(&spc->p);
        b = (int)prng_get_u8(&spc->p) & 1;
        z = b + ((b << 1) - 1) * z0;

        /* x = (z - r)^2 / (2 sigma'^2) - z0^2 / (2 sigma_max^2) */
        x = fpr_mul(fpr_sqr(fpr_sub(fpr_of(z), r)), dss);
        x = fpr_sub(x, fpr_mul(fpr_of(z0 * z0), fpr_inv_2sqrsigma0));
        acc = ber_exp(&spc->p, x, ccs);
        FNDSA_CT_DECLASSIFY(&acc, sizeof acc); /* rejection sampling (§1.4 item 2) */
        if (acc) {
            /* unsigned sum: no overflow even for a corrupt key's huge mu */
            return (int)((unsigned)s + (unsigned)z);
        }
    }
    spc->fail = 1;
    return 0;
}
