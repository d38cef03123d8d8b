/*
 * sign.c -- Falcon-512 signing ([Falcon] spec v1.2, §3.9: Sign,
 * ffSampling, and the Falcon tree of the expanded key, ffLDL*) with the
 * round-3 reference's exact computation order, so that signatures match
 * the official known answers bit for bit; the signature encodings. The
 * message is hashed to a point by hash.c, the secret key decoded by keys.c.
 *
 * Deviation from the pseudo-code (as in the reference): the LDL tree of
 * the basis is not precomputed and stored; it is recomputed level by level
 * during ffSampling from the Gram matrix ("dynamic tree"), which needs far
 * less memory. The arithmetic performed is the reference's sign_dyn path.
 *
 * Constant time: everything runs on integer-emulated binary64 (fpr.c);
 * the only data-dependent branches are the sampler's rejection loop
 * (sampler.c) and the final norm check, whose outcome only says that a
 * candidate signature was discarded (../shared/docs/constant-time.md §1.4).
 */
#include <string.h>

#include "inner.h"
#include "ct.h"

/* ---------------------------------------------------------------------
 * ffSampling.
 * --------------------------------------------------------------------- */

static void smallints_to_fpr(fpr *r, const int8_t *t, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;

    for (u = 0; u < n; u++) {
        r[u] = fpr_of(t[u]);
    }
}

/*
 * The basis B = [[g, -f], [G, -F]] of the secret key in FFT form
 * ([Falcon] §3.9.2, B-hat of Keygen): b00 = FFT(g), b01 = -FFT(f),
 * b10 = FFT(G), b11 = -FFT(F). Both signing paths and the key expansion
 * start from it.
 */
static inline void basis_fft(fpr *b00, fpr *b01, fpr *b10, fpr *b11, const int8_t *f,
                             const int8_t *g, const int8_t *F, const int8_t *G)
{
    const unsigned logn = FNDSA_LOGN;

    smallints_to_fpr(b01, f, logn);
    smallints_to_fpr(b00, g, logn);
    smallints_to_fpr(b11, F, logn);
    smallints_to_fpr(b10, G, logn);
    FFT(b01, logn);
    FFT(b00, logn);
    FFT(b11, logn);
    FFT(b10, logn);
    poly_neg(b01, logn);
    poly_neg(b11, logn);
}

/*
 * ffSampling (as ffsampling_tree below) with the LDL tree built on the fly
 * (ffLDL*, one level per call). The Gram matrix
 * G = [[g00, g01], [adj(g01), g11]] (FFT form) is overwritten; the sampled
 * vector replaces (t0, t1). tmp: 4 polynomials of this level.
 */
static void ffsampling_dyn(fndsa_sampler_ctx *spc, fpr *t0, fpr *t1,
                           fpr *g00, fpr *g01, fpr *g11,
                           unsigned orig_logn, unsigned logn, fpr *tmp)
{
    size_t n, hn;
    fpr *z0, *z1;

    if (logn == 0) {
        /* leaf: sigma' = sigma / sqrt(g00); pass 1/sigma' */
        fpr leaf = fpr_mul(fpr_sqrt(g00[0]), fpr_inv_sigma[orig_logn]);

        t0[0] = fpr_of(fndsa_sampler(spc, t0[0], leaf));
        t1[0] = fpr_of(fndsa_sampler(spc, t1[0], leaf));
        return;
    }
    n = (size_t)1 << logn;
    hn = n >> 1;

    /* LDL: d00 = g00, d11 -> g11, l10 -> g01 */
    poly_LDL_fft(g00, g01, g11, logn);

    /* split d00 and d11 into the two half-size Gram matrices:
     * left (g00, g00 + hn, g01), right (g11, g11 + hn, g01 + hn); l10 -> tmp */
    poly_split_fft(tmp, tmp + hn, g00, logn);
    memcpy(g00, tmp, n * sizeof *tmp);
    poly_split_fft(tmp, tmp + hn, g11, logn);
    memcpy(g11, tmp, n * sizeof *tmp);
    memcpy(tmp, g01, n * sizeof *g01);
    memcpy(g01, g00, hn * sizeof *g00);
    memcpy(g01 + hn, g11, hn * sizeof *g00);

    /* z1 = ffSampling(split(t1), right subtree), merged into tmp + 2n */
    z1 = tmp + n;
    poly_split_fft(z1, z1 + hn, t1, logn);
    ffsampling_dyn(spc, z1, z1 + hn, g11, g11 + hn, g01 + hn, orig_logn, logn - 1, z1 + n);
    poly_merge_fft(tmp + (n << 1), z1, z1 + hn, logn);

    /* t0' = t0 + (t1 - z1) * l10; z1 replaces t1 */
    memcpy(z1, t1, n * sizeof *t1);
    poly_sub(z1, tmp + (n << 1), logn);
    memcpy(t1, tmp + (n << 1), n * sizeof *tmp);
    poly_mul_fft(tmp, z1, logn);
    poly_add(t0, tmp, logn);

    /* z0 = ffSampling(split(t0'), left subtree) */
    z0 = tmp;
    poly_split_fft(z0, z0 + hn, t0, logn);
    ffsampling_dyn(spc, z0, z0 + hn, g00, g00 + hn, g01, orig_logn, logn - 1, z0 + n);
    poly_merge_fft(t0, z0, z0 + hn, logn);
}

/* ---------------------------------------------------------------------
 * Expanded key: the basis in FFT form and the normalised LDL tree
 * (ffLDL*, then the leaves sigma / sqrt(leaf); we
 * store 1/sigma' as the reference does), computed once per key. Signing
 * with it performs exactly the floating-point operations of the dynamic
 * path (same LDL formulas, same splits, and commutative products and sums
 * in the same places), so both give the same signatures.
 * --------------------------------------------------------------------- */

/* Tree size for degree 2^logn: (logn + 1) 2^logn elements. */
static size_t ldl_treesize(unsigned logn)
{
    return (size_t)(logn + 1) << logn;
}

/* ffLDL of the quasicyclic matrix [[g0, g1], [adj(g1), g0]]; g0, g1 are
 * used as scratch; tmp: one polynomial. */
static void ffldl_inner(fpr *tree, fpr *g0, fpr *g1, unsigned logn, fpr *tmp)
{
    size_t n = (size_t)1 << logn, hn = n >> 1;

    if (n == 1) {
        tree[0] = g0[0];
        return;
    }
    poly_LDLmv_fft(tmp, tree, g0, g1, g0, logn);      /* d11 -> tmp, l10 -> tree */
    poly_split_fft(g1, g1 + hn, g0, logn);            /* d00 */
    poly_split_fft(g0, g0 + hn, tmp, logn);           /* d11 */
    ffldl_inner(tree + n, g1, g1 + hn, logn - 1, tmp);
    ffldl_inner(tree + n + ldl_treesize(logn - 1), g0, g0 + hn, logn - 1, tmp);
}

/* [Falcon] Algorithm 9, ffLDL*: the Falcon tree of the Gram matrix
 * [[g00, g01], [adj(g01), g11]] (FFT form); tmp: three polynomials. */
static void ffldl(fpr *tree, const fpr *g00, const fpr *g01, const fpr *g11,
                  unsigned logn, fpr *tmp)
{
    size_t n = (size_t)1 << logn, hn = n >> 1;
    fpr *d00 = tmp, *d11 = tmp + n;

    tmp += n << 1;
    memcpy(d00, g00, n * sizeof *g00);
    poly_LDLmv_fft(d11, tree, g00, g01, g11, logn);
    poly_split_fft(tmp, tmp + hn, d00, logn);
    poly_split_fft(d00, d00 + hn, d11, logn);
    memcpy(d11, tmp, n * sizeof *tmp);
    ffldl_inner(tree + n, d11, d11 + hn, logn - 1, tmp);
    ffldl_inner(tree + n + ldl_treesize(logn - 1), d00, d00 + hn, logn - 1, tmp);
}

/* Leaves x -> sqrt(x) / sigma (the inverse of sigma' = sigma / sqrt(x)). */
static void ffldl_normalize(fpr *tree, unsigned logn)
{
    size_t n = (size_t)1 << logn;

    if (n == 1) {
        tree[0] = fpr_mul(fpr_sqrt(tree[0]), fpr_inv_sigma[FNDSA_LOGN]);
        return;
    }
    ffldl_normalize(tree + n, logn - 1);
    ffldl_normalize(tree + n + ldl_treesize(logn - 1), logn - 1);
}

/* Layout of the expanded key: b00 b01 b10 b11 (FFT) then the tree. */
#define EK_B00 0
#define EK_B01 (1 * FNDSA_N)
#define EK_B10 (2 * FNDSA_N)
#define EK_B11 (3 * FNDSA_N)
#define EK_TREE (4 * FNDSA_N)

static void expand_key(fpr *ek, const int8_t *f, const int8_t *g, const int8_t *F,
                       const int8_t *G, fpr *tmp)
{
    const unsigned logn = FNDSA_LOGN;
    const size_t n = FNDSA_N;
    fpr *b00 = ek + EK_B00, *b01 = ek + EK_B01, *b10 = ek + EK_B10, *b11 = ek + EK_B11;
    fpr *g00 = tmp, *g01 = tmp + n, *g11 = tmp + 2 * n, *gxx = tmp + 3 * n;

    basis_fft(b00, b01, b10, b11, f, g, F, G);

    /* Gram matrix, with the dynamic path's operand order */
    memcpy(g00, b00, n * sizeof *b00);
    poly_mulselfadj_fft(g00, logn);
    memcpy(gxx, b01, n * sizeof *b01);
    poly_mulselfadj_fft(gxx, logn);
    poly_add(g00, gxx, logn);                          /* b00 adj(b00) + b01 adj(b01) */

    memcpy(g01, b01, n * sizeof *b01);
    poly_muladj_fft(g01, b11, logn);
    memcpy(gxx, b00, n * sizeof *b00);
    poly_muladj_fft(gxx, b10, logn);
    poly_add(g01, gxx, logn);                          /* b01 adj(b11) + b00 adj(b10) */

    memcpy(g11, b10, n * sizeof *b10);
    poly_mulselfadj_fft(g11, logn);
    memcpy(gxx, b11, n * sizeof *b11);
    poly_mulselfadj_fft(gxx, logn);
    poly_add(g11, gxx, logn);                          /* b10 adj(b10) + b11 adj(b11) */

    ffldl(ek + EK_TREE, g00, g01, g11, logn, gxx);
    ffldl_normalize(ek + EK_TREE, logn);
}

/* [Falcon] Algorithm 11, ffSampling, with the stored tree. z0, z1 get
 * the sample; tmp: two polynomials of this level (more for recursion). */
static void ffsampling_tree(fndsa_sampler_ctx *spc, fpr *z0, fpr *z1, const fpr *tree,
                            const fpr *t0, const fpr *t1, unsigned logn, fpr *tmp)
{
    size_t n = (size_t)1 << logn, hn = n >> 1;
    const fpr *tree0, *tree1;

    if (n == 1) {
        z0[0] = fpr_of(fndsa_sampler(spc, t0[0], tree[0]));
        z1[0] = fpr_of(fndsa_sampler(spc, t1[0], tree[0]));
        return;
    }
    tree0 = tree + n;
    tree1 = tree + n + ldl_treesize(logn - 1);

    /* z1 from t1 and the right subtree */
    poly_split_fft(z1, z1 + hn, t1, logn);
    ffsampling_tree(spc, tmp, tmp + hn, tree1, z1, z1 + hn, logn - 1, tmp + n);
    poly_merge_fft(z1, tmp, tmp + hn, logn);

    /* t0' = t0 + (t1 - z1) l10 (products and sums commute bit-exactly
     * with the dynamic path's l10 (t1 - z1) + t0 ordering) */
    memcpy(tmp, t1, n * sizeof *t1);
    poly_sub(tmp, z1, logn);
    poly_mul_fft(tmp, tree, logn);
    poly_add(tmp, t0, logn);

    /* z0 from t0' and the left subtree */
    poly_split_fft(z0, z0 + hn, tmp, logn);
    ffsampling_tree(spc, tmp, tmp + hn, tree0, z0, z0 + hn, logn - 1, tmp + n);
    poly_merge_fft(z0, tmp, tmp + hn, logn);
}

/* The norm check of Sign, with the saturated squared norm of s1 already
 * summed in sqn (inner.h). */
int fndsa_is_short_half(uint32_t sqn, const int16_t *s2, unsigned logn)
{
    size_t u, n = (size_t)1 << logn;
    uint32_t ng = 0u - (sqn >> 31);

    for (u = 0; u < n; u++) {
        int32_t z = s2[u];

        sqn += (uint32_t)(z * z);
        ng |= sqn;
    }
    sqn |= 0u - (ng >> 31);
    return sqn <= FNDSA_L2BOUND;
}

/*
 * The end of one signing attempt of Sign, shared by both signers:
 * (t0, t1) = z B, back to coefficients,
 * s1 = hm - round(t0), s2 = -round(t1), and the norm check. On entry t0, t1
 * hold z (FFT form); tx, ty are two polynomials of scratch. Returns 1 if the
 * candidate is short enough.
 */
static int finish_attempt(int16_t *s2, const uint16_t *hm, fpr *t0, fpr *t1, fpr *tx, fpr *ty,
                          const fpr *b00, const fpr *b01, const fpr *b10, const fpr *b11)
{
    const unsigned logn = FNDSA_LOGN;
    const size_t n = FNDSA_N;
    uint32_t sqn, ng;
    size_t u;
    int ok;

    /* z B: (z0 b00 + z1 b10, z0 b01 + z1 b11) */
    memcpy(tx, t0, n * sizeof *t0);
    memcpy(ty, t1, n * sizeof *t1);
    poly_mul_fft(tx, b00, logn);
    poly_mul_fft(ty, b10, logn);
    poly_add(tx, ty, logn);
    memcpy(ty, t0, n * sizeof *t0);
    poly_mul_fft(ty, b01, logn);
    memcpy(t0, tx, n * sizeof *tx);
    poly_mul_fft(t1, b11, logn);
    poly_add(t1, ty, logn);
    iFFT(t0, logn);
    iFFT(t1, logn);

    /* s1 = hm - round(t0), s2 = -round(t1); saturated squared norm */
    sqn = 0;
    ng = 0;
    for (u = 0; u < n; u++) {
        /* z^2 mod 2^32 in unsigned arithmetic: the reference's int32
         * product, without its overflow (undefined behaviour) when a
         * corrupt key gives huge values */
        uint32_t z = (uint32_t)hm[u] - (uint32_t)fpr_rint(t0[u]);

        sqn += z * z;
        ng |= sqn;
    }
    sqn |= 0u - (ng >> 31);
    /* s2 is written even for a rejected candidate (the caller retries
     * and wipes it); unlike the reference, s2 never overlaps hm here */
    for (u = 0; u < n; u++) {
        s2[u] = (int16_t)(0u - (uint32_t)fpr_rint(t1[u]));
    }
    ok = fndsa_is_short_half(sqn, s2, logn);
    FNDSA_CT_DECLASSIFY(&ok, sizeof ok); /* a too-long candidate is discarded (§1.4) */
    return ok;
}

/* One signing attempt with an expanded key; tmp: six polynomials. */
static int do_sign_tree(fndsa_sampler_ctx *spc, int16_t *s2, const fpr *ek,
                        const uint16_t *hm, fpr *tmp)
{
    const unsigned logn = FNDSA_LOGN;
    const size_t n = FNDSA_N;
    const fpr *b00 = ek + EK_B00, *b01 = ek + EK_B01, *b10 = ek + EK_B10, *b11 = ek + EK_B11;
    fpr *t0 = tmp, *t1 = tmp + n, *tx = tmp + 2 * n, *ty = tmp + 3 * n;
    size_t u;

    for (u = 0; u < n; u++) {
        t0[u] = fpr_of(hm[u]);
    }
    FFT(t0, logn);
    memcpy(t1, t0, n * sizeof *t0);
    poly_mul_fft(t1, b01, logn);
    poly_mulconst(t1, fpr_neg(fpr_inverse_of_q), logn);
    poly_mul_fft(t0, b11, logn);
    poly_mulconst(t0, fpr_inverse_of_q, logn);

    ffsampling_tree(spc, tx, ty, ek + EK_TREE, t0, t1, logn, ty + n);
    memcpy(t0, tx, n * sizeof *tx);
    memcpy(t1, ty, n * sizeof *ty);
    return finish_attempt(s2, hm, t0, t1, tx, ty, b00, b01, b10, b11);
}

/* Signing attempts before a key is declared unusable. */
#define FNDSA_SIGN_MAX_ATTEMPTS 1000u

/* Number of fpr in the signing scratch area: nine polynomials. */
#define SIGN_TMP_FPR (9u * FNDSA_N)

/*
 * One signing attempt of Sign (dynamic tree): B = [[g, -f],
 * [G, -F]], t = (hm, 0) B^-1, z = ffSampling(t), s = (t - z) B. Writes
 * s2; returns 1 if ||(s1, s2)||^2 is within the bound, else 0.
 */
static int do_sign_dyn(fndsa_sampler_ctx *spc, int16_t *s2,
                       const int8_t *f, const int8_t *g, const int8_t *F, const int8_t *G,
                       const uint16_t *hm, fpr *tmp)
{
    const unsigned logn = FNDSA_LOGN;
    const size_t n = FNDSA_N;
    fpr *t0, *t1, *tx, *ty, *b00, *b01, *b10, *b11, *g00, *g01, *g11;
    size_t u;

    /* basis in FFT form */
    b00 = tmp;
    b01 = b00 + n;
    b10 = b01 + n;
    b11 = b10 + n;
    basis_fft(b00, b01, b10, b11, f, g, F, G);

    /* Gram matrix G = B B* (upper triangle), replacing B but keeping b01, b11:
     * g00 = b00 adj(b00) + b01 adj(b01), g01 = b00 adj(b10) + b01 adj(b11),
     * g11 = b10 adj(b10) + b11 adj(b11) */
    t0 = b11 + n;
    t1 = t0 + n;
    memcpy(t0, b01, n * sizeof *b01);
    poly_mulselfadj_fft(t0, logn);
    memcpy(t1, b00, n * sizeof *b00);
    poly_muladj_fft(t1, b10, logn);
    poly_mulselfadj_fft(b00, logn);
    poly_add(b00, t0, logn);
    memcpy(t0, b01, n * sizeof *b01);
    poly_muladj_fft(b01, b11, logn);
    poly_add(b01, t1, logn);
    poly_mulselfadj_fft(b10, logn);
    memcpy(t1, b11, n * sizeof *b11);
    poly_mulselfadj_fft(t1, logn);
    poly_add(b10, t1, logn);

    /* layout: g00 g01 g11 b11 b01 t0 t1 */
    g00 = b00;
    g01 = b01;
    g11 = b10;
    b01 = t0;
    t0 = b01 + n;
    t1 = t0 + n;

    /* target t = (hm, 0) B^-1 = (hm (-F) / q, -hm (-f) / q) in FFT form */
    for (u = 0; u < n; u++) {
        t0[u] = fpr_of(hm[u]);
    }
    FFT(t0, logn);
    memcpy(t1, t0, n * sizeof *t0);
    poly_mul_fft(t1, b01, logn);
    poly_mulconst(t1, fpr_neg(fpr_inverse_of_q), logn);
    poly_mul_fft(t0, b11, logn);
    poly_mulconst(t0, fpr_inverse_of_q, logn);

    /* layout: g00 g01 g11 t0 t1 */
    memcpy(b11, t0, n * 2 * sizeof *t0);
    t0 = g11 + n;
    t1 = t0 + n;

    ffsampling_dyn(spc, t0, t1, g00, g01, g11, logn, logn, t1 + n);

    /* layout: b00 b01 b10 b11 t0 t1 tx ty, basis recomputed */
    b00 = tmp;
    b01 = b00 + n;
    b10 = b01 + n;
    b11 = b10 + n;
    memmove(b11 + n, t0, n * 2 * sizeof *t0);
    t0 = b11 + n;
    t1 = t0 + n;
    basis_fft(b00, b01, b10, b11, f, g, F, G);
    tx = t1 + n;
    ty = tx + n;

    return finish_attempt(s2, hm, t0, t1, tx, ty, b00, b01, b10, b11);
}

/* ---------------------------------------------------------------------
 * Secret key decoding and the signing driver.
 * --------------------------------------------------------------------- */

/*
 * [Falcon] Algorithm 10, Sign: out = 0x39 || nonce || comp(s2), comp(s2)
 * at most max_comp bytes (a longer one is redrawn from the same SHAKE256
 * stream, as the reference does), from the encoded secret key sk (dynamic
 * tree) or the expanded key ek. Returns the total length, or a negative
 * error.
 */
static int sign_core(uint8_t *out, size_t max_comp, const uint8_t *m, size_t mlen,
                     const uint8_t nonce[FNDSA512_NONCEBYTES],
                     const uint8_t seed[FNDSA512_SEEDBYTES], const uint8_t *sk,
                     const fpr *ek)
{
    struct {
        int8_t f[FNDSA_N], g[FNDSA_N], F[FNDSA_N], G[FNDSA_N];
        uint16_t hm[FNDSA_N];
        int16_t s2[FNDSA_N];
        fndsa_sampler_ctx spc;
        sha3_ctx rng;
        union {
            fpr f[SIGN_TMP_FPR];
            uint8_t b[4 * FNDSA_N];
        } tmp;
    } st;
    int ret, ok;
    unsigned attempt;
    uint32_t fits;
    size_t v;

    shake256_init(&st.rng);
    if (ek == NULL && fndsa_decode_sk(st.f, st.g, st.F, st.G, sk, st.tmp.b) != 0) {
        ret = FNDSA512_ERR_SK;
        goto done;
    }
    /* c = HashToPoint(r || m) */
    fndsa_hash_message(st.hm, nonce, m, mlen);

    /* PRNG seed stream: SHAKE256(seed) */
    sha3_absorb(&st.rng, seed, FNDSA512_SEEDBYTES);
    shake_finalize(&st.rng);
    for (attempt = 0;; attempt++) {
        /*
         * Deviation: bounded. With a genuine key an attempt fails with
         * tiny probability; a crafted secret key whose basis is not short
         * would otherwise loop forever.
         */
        if (attempt == FNDSA_SIGN_MAX_ATTEMPTS) {
            ret = FNDSA512_ERR_ATTEMPTS;
            goto done;
        }
        st.spc.sigma_min = fpr_sigma_min[FNDSA_LOGN];
        st.spc.fail = 0;
        fndsa_prng_init(&st.spc.p, &st.rng);
        if (ek != NULL) {
            ok = do_sign_tree(&st.spc, st.s2, ek, st.hm, st.tmp.f);
        } else {
            ok = do_sign_dyn(&st.spc, st.s2, st.f, st.g, st.F, st.G, st.hm, st.tmp.f);
        }
        if (st.spc.fail) {
            /* SamplerZ did not terminate: not a genuine key (sampler.c) */
            ret = FNDSA512_ERR_ATTEMPTS;
            goto done;
        }
        if (!ok) {
            continue;
        }
        /* Whether the candidate fits in max_comp bytes, in constant time:
         * one that does not is discarded and redrawn for the same c, so
         * its s2 stays secret and only this bit is made public. */
        fits = fndsa_comp_fits(max_comp, st.s2, FNDSA_LOGN);
        FNDSA_CT_DECLASSIFY(&fits, sizeof fits);
        if (!fits) {
            continue;
        }
        /* s2 is the signature: public output (§1.4 Falcon item 6) */
        FNDSA_CT_DECLASSIFY(st.s2, sizeof st.s2);
        v = fndsa_comp_encode(out + 1 + FNDSA512_NONCEBYTES, max_comp, st.s2, FNDSA_LOGN);
        if (v != 0) {
            break;
        }
    }
    out[0] = 0x30 + FNDSA_LOGN;
    memcpy(out + 1, nonce, FNDSA512_NONCEBYTES);
    ret = (int)(1 + FNDSA512_NONCEBYTES + v);
done:
    sha3_wipe(&st.rng);
    fndsa_ct_wipe(&st, sizeof st);
    return ret;
}

/* Sign (sign_core), padded encoding (§3.11.6): see fndsa512.h. */
int fndsa512_sign_derand(uint8_t sig[FNDSA512_SIGBYTES], const uint8_t *m, size_t mlen,
                         const uint8_t nonce[FNDSA512_NONCEBYTES],
                         const uint8_t seed[FNDSA512_SEEDBYTES],
                         const uint8_t sk[FNDSA512_SECRETKEYBYTES])
{
    int r;

    if (sig == NULL) {
        return FNDSA512_ERR_NULL;
    }
    if (sk == NULL || nonce == NULL || seed == NULL || (m == NULL && mlen != 0)) {
        memset(sig, 0, FNDSA512_SIGBYTES);
        return FNDSA512_ERR_NULL;
    }
    r = sign_core(sig, FNDSA512_SIGBYTES - 1 - FNDSA512_NONCEBYTES, m, mlen, nonce, seed, sk, NULL);
    if (r < 0) {
        memset(sig, 0, FNDSA512_SIGBYTES);
        return r;
    }
    /* padded format: zeros up to 666 bytes (this also erases what a
     * candidate that did not fit wrote: it is a second signature for the
     * same (nonce, m), and must not be released) */
    memset(sig + r, 0, FNDSA512_SIGBYTES - (size_t)r);
    return 0;
}

/* Sign, padded: r and the sampler seed from randombytes. */
int fndsa512_sign(uint8_t sig[FNDSA512_SIGBYTES], const uint8_t *m, size_t mlen,
                  const uint8_t sk[FNDSA512_SECRETKEYBYTES])
{
    uint8_t rnd[FNDSA512_NONCEBYTES + FNDSA512_SEEDBYTES];
    int r;

    if (sig == NULL || sk == NULL || (m == NULL && mlen != 0)) {
        /* checked first: a rejected call consumes no randomness */
        return fndsa512_sign_derand(sig, m, mlen, NULL, NULL, sk); /* FNDSA512_ERR_NULL */
    }
    /* the reference draws the nonce first, then the PRNG seed */
    if (randombytes(rnd, FNDSA512_NONCEBYTES) != 0
        || randombytes(rnd + FNDSA512_NONCEBYTES, FNDSA512_SEEDBYTES) != 0) {
        fndsa_ct_wipe(rnd, sizeof rnd);
        memset(sig, 0, FNDSA512_SIGBYTES);
        return FNDSA512_ERR_RANDOM;
    }
    r = fndsa512_sign_derand(sig, m, mlen, rnd, rnd + FNDSA512_NONCEBYTES, sk);
    fndsa_ct_wipe(rnd, sizeof rnd);
    return r;
}

/* Sign (sign_core), compressed encoding without padding. */
int fndsa512_sign_compressed_derand(uint8_t sig[FNDSA512_COMPRESSED_MAXBYTES], size_t *siglen,
                                    const uint8_t *m, size_t mlen,
                                    const uint8_t nonce[FNDSA512_NONCEBYTES],
                                    const uint8_t seed[FNDSA512_SEEDBYTES],
                                    const uint8_t sk[FNDSA512_SECRETKEYBYTES])
{
    int r;

    if (sig == NULL || siglen == NULL || sk == NULL || nonce == NULL || seed == NULL
        || (m == NULL && mlen != 0)) {
        if (sig != NULL) {
            memset(sig, 0, FNDSA512_COMPRESSED_MAXBYTES);
        }
        if (siglen != NULL) {
            *siglen = 0;
        }
        return FNDSA512_ERR_NULL;
    }
    *siglen = 0;
    r = sign_core(sig, FNDSA512_COMPRESSED_MAXBYTES - 1 - FNDSA512_NONCEBYTES, m, mlen,
                  nonce, seed, sk, NULL);
    if (r < 0) {
        memset(sig, 0, FNDSA512_COMPRESSED_MAXBYTES);
        return r;
    }
    /* zero the unused tail: a candidate that did not fit wrote part of its
     * encoding there, and a second signature for the same (nonce, m) must
     * never be released (never happens in practice: 711 bytes of s2) */
    memset(sig + r, 0, FNDSA512_COMPRESSED_MAXBYTES - (size_t)r);
    *siglen = (size_t)r;
    return 0;
}

/* Sign, compressed, randomness from randombytes. */
int fndsa512_sign_compressed(uint8_t sig[FNDSA512_COMPRESSED_MAXBYTES], size_t *siglen,
                             const uint8_t *m, size_t mlen,
                             const uint8_t sk[FNDSA512_SECRETKEYBYTES])
{
    uint8_t rnd[FNDSA512_NONCEBYTES + FNDSA512_SEEDBYTES];
    int r;

    if (sig == NULL || siglen == NULL || sk == NULL || (m == NULL && mlen != 0)) {
        /* checked first: a rejected call consumes no randomness */
        return fndsa512_sign_compressed_derand(sig, siglen, m, mlen, NULL, NULL, sk);
    }
    if (randombytes(rnd, FNDSA512_NONCEBYTES) != 0
        || randombytes(rnd + FNDSA512_NONCEBYTES, FNDSA512_SEEDBYTES) != 0) {
        fndsa_ct_wipe(rnd, sizeof rnd);
        memset(sig, 0, FNDSA512_COMPRESSED_MAXBYTES);
        *siglen = 0;
        return FNDSA512_ERR_RANDOM;
    }
    r = fndsa512_sign_compressed_derand(sig, siglen, m, mlen, rnd, rnd + FNDSA512_NONCEBYTES, sk);
    fndsa_ct_wipe(rnd, sizeof rnd);
    return r;
}

/* ---------------------------------------------------------------------
 * Expanded-key API.
 * --------------------------------------------------------------------- */

/* The B-hat and Falcon-tree steps of Keygen: FFT of the basis, ffLDL* of
 * its Gram matrix, leaf normalisation;
 * from a decoded secret key. */
int fndsa512_expand_sk(fndsa512_expanded_key *ek, const uint8_t sk[FNDSA512_SECRETKEYBYTES])
{
    struct {
        int8_t f[FNDSA_N], g[FNDSA_N], F[FNDSA_N], G[FNDSA_N];
        fpr tmp[6 * FNDSA_N];
    } st;
    int ret = 0;

    if (ek == NULL) {
        return FNDSA512_ERR_NULL;
    }
    if (sk == NULL) {
        ret = FNDSA512_ERR_NULL;
    } else if (fndsa_decode_sk(st.f, st.g, st.F, st.G, sk, (uint8_t *)(void *)st.tmp) != 0) {
        ret = FNDSA512_ERR_SK;
    } else {
        expand_key(ek->w, st.f, st.g, st.F, st.G, st.tmp);
    }
    if (ret != 0) {
        memset(ek, 0, sizeof *ek);
    }
    fndsa_ct_wipe(&st, sizeof st);
    return ret;
}

/* Wipe an expanded key (secret). */
void fndsa512_expanded_key_wipe(fndsa512_expanded_key *ek)
{
    if (ek != NULL) {
        fndsa_ct_wipe(ek, sizeof *ek);
    }
}

/* Sign (sign_core) with the stored tree (ffsampling_tree: ffSampling as
 * specified), padded encoding. */
int fndsa512_sign_expanded_derand(uint8_t sig[FNDSA512_SIGBYTES], const uint8_t *m, size_t mlen,
                                  const uint8_t nonce[FNDSA512_NONCEBYTES],
                                  const uint8_t seed[FNDSA512_SEEDBYTES],
                                  const fndsa512_expanded_key *ek)
{
    int r;

    if (sig == NULL) {
        return FNDSA512_ERR_NULL;
    }
    if (ek == NULL || nonce == NULL || seed == NULL || (m == NULL && mlen != 0)) {
        memset(sig, 0, FNDSA512_SIGBYTES);
        return FNDSA512_ERR_NULL;
    }
    r = sign_core(sig, FNDSA512_SIGBYTES - 1 - FNDSA512_NONCEBYTES, m, mlen, nonce, seed, NULL,
                  ek->w);
    if (r < 0) {
        memset(sig, 0, FNDSA512_SIGBYTES);
        return r;
    }
    memset(sig + r, 0, FNDSA512_SIGBYTES - (size_t)r);
    return 0;
}

/* As fndsa512_sign_expanded_derand, randomness from randombytes. */
int fndsa512_sign_expanded(uint8_t sig[FNDSA512_SIGBYTES], const uint8_t *m, size_t mlen,
                           const fndsa512_expanded_key *ek)
{
    uint8_t rnd[FNDSA512_NONCEBYTES + FNDSA512_SEEDBYTES];
    int r;

    if (sig == NULL || ek == NULL || (m == NULL && mlen != 0)) {
        /* checked first: a rejected call consumes no randomness */
        return fndsa512_sign_expanded_derand(sig, m, mlen, NULL, NULL, ek);
    }
    if (randombytes(rnd, FNDSA512_NONCEBYTES) != 0
        || randombytes(rnd + FNDSA512_NONCEBYTES, FNDSA512_SEEDBYTES) != 0) {
        fndsa_ct_wipe(rnd, sizeof rnd);
        memset(sig, 0, FNDSA512_SIGBYTES);
        return FNDSA512_ERR_RANDOM;
    }
    r = fndsa512_sign_expanded_derand(sig, m, mlen, rnd, rnd + FNDSA512_NONCEBYTES, ek);
    fndsa_ct_wipe(rnd, sizeof rnd);
    return r;
}
