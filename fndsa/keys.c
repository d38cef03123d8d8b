/*
 * keys.c -- the mod-q computations on key material ([Falcon] spec v1.2,
 * §3.4 and §3.11.5): the public key h = g/f mod q (key generation), G from
 * the NTRU equation f G - g F = q, and the strict decoding of the secret
 * key, which recomputes G and checks the equation over Z (signing and key
 * expansion). Verification needs none of this.
 *
 * Constant time: no branch, index or division depends on key material;
 * the only bits made public say that a key (or a key-generation candidate)
 * is invalid, each declassified where it is computed
 * (../shared/docs/constant-time.md §1.4).
 */
#include <string.h>

#include "inner.h"
#include "ct.h"

#if !defined(FNDSA_NATIVE_FPR) /* the backend has its own (x86_64/ntt_avx2.c) */
/* x^(q-2) * 2^16 = (1/x) * 2^16 mod q for x given as x * 2^16 (Montgomery
 * form); 0 maps to 0. Fixed square-and-multiply chain on the public
 * exponent q - 2 = 12287 = 0b10111111111111. */
static uint32_t mq_inv_mont(uint32_t xm)
{
    uint32_t r = xm;
    int i;

    for (i = 12; i >= 0; i--) {
        r = mq_mont(r, r);
        if ((12287u >> i) & 1u) {          /* public exponent bits */
            r = mq_mont(r, xm);
        }
    }
    return r;
}

/*
 * 1/f in the NTT domain, each value times 2^16 (so that mq_mont(a, finv)
 * = a / f, in plain form). Returns 1 if some NTT coefficient of f is zero (f not
 * invertible), else 0; constant time.
 */
static uint32_t ntt_inverse(uint16_t *finv, const int8_t *f)
{
    uint32_t zero = 0;
    size_t u;

    for (u = 0; u < FNDSA_N; u++) {
        finv[u] = mq_of(f[u]);
    }
    mq_NTT(finv);
    for (u = 0; u < FNDSA_N; u++) {
        uint32_t x = finv[u];

        zero |= 1u - ((x | (0u - x)) >> 31);
        /* x -> x * 2^16 (Montgomery form) -> 1/x * 2^16 */
        finv[u] = (uint16_t)mq_inv_mont(mq_mont(x, FNDSA_MQ_R2));
    }
    return zero;
}
#else
/* x86-64 backend: x86_64/ntt_avx2.c inverts in its own (permuted) NTT order,
 * the one mq_NTT and mq_iNTT use there */
#define ntt_inverse fndsa_avx2_ntt_inverse
#endif

/* h = g/f mod q (Keygen line 8, the public key); see inner.h. */
int fndsa_compute_public(uint16_t *h, const int8_t *f, const int8_t *g,
                         unsigned logn, uint8_t *tmp)
{
    uint16_t *finv = (uint16_t *)(void *)tmp;
    uint32_t bad;
    size_t u;

    if (logn != FNDSA_LOGN) {
        return -1;
    }
    bad = ntt_inverse(finv, f);
    for (u = 0; u < FNDSA_N; u++) {
        h[u] = mq_of(g[u]);
    }
    mq_NTT(h);
    for (u = 0; u < FNDSA_N; u++) {
        /* (g/f) / 2^16; the inverse NTT multiplies back by 2^16 */
        h[u] = (uint16_t)mq_mont(mq_mont(h[u], finv[u]), 1);
    }
    mq_iNTT(h);
    bad = fndsa_ct_barrier32(bad);
    FNDSA_CT_DECLASSIFY(&bad, sizeof bad); /* keygen rejection of a discarded f (§1.4) */
    return bad ? -1 : 0;
}

/* G = gF/f mod q, from the NTRU equation f G - g F = q ([Falcon] §3.4, the
 * secret key stores f, g, F only); see inner.h. */
int fndsa_complete_private(int8_t *G, const int8_t *f, const int8_t *g,
                           const int8_t *F, unsigned logn, uint8_t *tmp)
{
    uint16_t *finv = (uint16_t *)(void *)tmp;
    uint16_t *t = finv + FNDSA_N;
    uint32_t bad;
    size_t u;

    if (logn != FNDSA_LOGN) {
        return -1;
    }
    /* fG - gF = q  =>  G = gF / f mod q */
    bad = ntt_inverse(finv, f);
    for (u = 0; u < FNDSA_N; u++) {
        t[u] = mq_of(g[u]);
    }
    mq_NTT(t);
    for (u = 0; u < FNDSA_N; u++) {
        finv[u] = (uint16_t)mq_mont(t[u], finv[u]);      /* g/f */
        t[u] = mq_of(F[u]);
    }
    mq_NTT(t);
    for (u = 0; u < FNDSA_N; u++) {
        t[u] = (uint16_t)mq_mont(t[u], finv[u]);         /* gF/f / 2^16 */
    }
    mq_iNTT(t);
    for (u = 0; u < FNDSA_N; u++) {
        /* centered representative, must lie in [-127, 127] */
        int32_t w = (int32_t)t[u];

        w -= (int32_t)(FNDSA_Q & (0u - ((FNDSA_Q / 2 - (uint32_t)w) >> 31)));
        bad |= (uint32_t)(w + 127) >> 31;
        bad |= (uint32_t)(127 - w) >> 31;
        G[u] = (int8_t)w;
    }
    fndsa_ct_wipe(tmp, 4 * FNDSA_N);
    bad = fndsa_ct_barrier32(bad);
    FNDSA_CT_DECLASSIFY(&bad, sizeof bad); /* only says the secret key is invalid */
    return bad ? -1 : 0;
}

/*
 * Deviation (hardening): check the NTRU equation f G - g F = q mod
 * (x^n + 1) ([Falcon] §3.4, private key) over Z, not only mod q. A crafted
 * key that decodes (e.g. f = x, g = F = 0, hence G = 0) is then rejected at
 * once instead of after the signer's 1000 futile attempts (sign.c).
 * G was derived mod q, so e = f G - g F - q is 0 mod q; every coefficient
 * of e is below 2 * 31 * 127 * 512 + q < 2^23 in magnitude, so e = 0 over Z
 * iff also e = 0 mod 2^16 (q 2^16 > 2^24): a schoolbook product in
 * wrapping uint16 arithmetic (public indices, vectorisable). Constant
 * time; only the "key invalid" bit is declassified. tmp: 4n bytes, wiped.
 */
static int ntru_equation_check(const int8_t *f, const int8_t *g, const int8_t *F,
                               const int8_t *G, uint8_t *tmp)
{
    uint16_t Fw[FNDSA_N], Gw[FNDSA_N];
    uint16_t *acc = (uint16_t *)(void *)tmp;      /* 2n values: the plain product */
    uint32_t bad = 0;
    size_t i, j;

    for (i = 0; i < FNDSA_N; i++) {
        Fw[i] = (uint16_t)F[i];
        Gw[i] = (uint16_t)G[i];
    }
    memset(acc, 0, 2 * FNDSA_N * sizeof *acc);
    for (i = 0; i < FNDSA_N; i++) {
        /* uint32_t operands: a uint16_t product would be promoted to int
         * and could overflow */
        uint32_t fi = (uint16_t)f[i], gi = (uint16_t)g[i];
        uint16_t *a = acc + i;

        for (j = 0; j < FNDSA_N; j++) {           /* fixed count: vectorisable */
            a[j] = (uint16_t)(a[j] + fi * Gw[j] - gi * Fw[j]);
        }
    }
    /* reduce mod x^n + 1: x^n = -1 */
    bad |= (uint16_t)(acc[0] - acc[FNDSA_N] - FNDSA_Q);
    for (i = 1; i < FNDSA_N; i++) {
        bad |= (uint16_t)(acc[i] - acc[i + FNDSA_N]);
    }
    fndsa_ct_wipe(acc, 2 * FNDSA_N * sizeof *acc);
    fndsa_ct_wipe(Fw, sizeof Fw);
    fndsa_ct_wipe(Gw, sizeof Gw);
    bad = fndsa_ct_barrier32((bad | (0u - bad)) >> 31);
    FNDSA_CT_DECLASSIFY(&bad, sizeof bad); /* only says the secret key is invalid */
    return bad ? -1 : 0;
}

/* Secret-key decoding ([Falcon] §3.11.5): sk = 0x50 + logn || f (6 bits) ||
 * g (6 bits) || F (8 bits); G recomputed from the NTRU equation (§3.4). */
int fndsa_decode_sk(int8_t *f, int8_t *g, int8_t *F, int8_t *G, const uint8_t *sk,
                    uint8_t *tmp)
{
    size_t u = 1, v;
    uint8_t hdr = sk[0];

    /* the header byte is a format tag, not key material */
    FNDSA_CT_DECLASSIFY(&hdr, 1);
    if (hdr != 0x50 + FNDSA_LOGN) {
        return -1;
    }
    v = fndsa_trim_i8_decode(f, FNDSA_LOGN, fndsa_max_fg_bits[FNDSA_LOGN], sk + u,
                             FNDSA512_SECRETKEYBYTES - u);
    if (v == 0) {
        return -1;
    }
    u += v;
    v = fndsa_trim_i8_decode(g, FNDSA_LOGN, fndsa_max_fg_bits[FNDSA_LOGN], sk + u,
                             FNDSA512_SECRETKEYBYTES - u);
    if (v == 0) {
        return -1;
    }
    u += v;
    v = fndsa_trim_i8_decode(F, FNDSA_LOGN, fndsa_max_FG_bits[FNDSA_LOGN], sk + u,
                             FNDSA512_SECRETKEYBYTES - u);
    if (v == 0) {
        return -1;
    }
    u += v;
    if (u != FNDSA512_SECRETKEYBYTES) {
        return -1;
    }
    /* G = gF/f mod q; fails if f is not invertible or G is out of range */
    if (fndsa_complete_private(G, f, g, F, FNDSA_LOGN, tmp) != 0) {
        return -1;
    }
    return ntru_equation_check(f, g, F, G, tmp);
}

/* Secret-key decoding ([Falcon] §3.11.5) alone: the check every signer
 * makes first (fndsa_decode_sk), as a public function; here,
 * beside the decoder, so that a key checker links no signer. */
int fndsa512_check_sk(const uint8_t sk[FNDSA512_SECRETKEYBYTES])
{
    struct {
        int8_t f[FNDSA_N], g[FNDSA_N], F[FNDSA_N], G[FNDSA_N];
        uint16_t tmp[2 * FNDSA_N]; /* fndsa_decode_sk: 4n bytes */
    } st;
    int ret;

    if (sk == NULL) {
        return FNDSA512_ERR_NULL;
    }
    ret = fndsa_decode_sk(st.f, st.g, st.F, st.G, sk, (uint8_t *)(void *)st.tmp) != 0
              ? FNDSA512_ERR_SK
              : 0;
    fndsa_ct_wipe(&st, sizeof st);
    return ret;
}
