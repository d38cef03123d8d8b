/*
 * gcm_clmul.c -- x86-64 backend: GHASH with PCLMULQDQ (SP 800-38D, Sections
 * 6.3 and 6.4, eight blocks per reduction) and GCM-AE (Section 7.1) /
 * GCM-AD (Section 7.2) on AES-NI, encryption fusing GCTR and GHASH. An empty
 * translation unit unless AES_X86_64 (aes_internal.h).
 *
 * Same contract as the portable gcm.c, whose public functions call these
 * after their argument checks: lengths, IV, AAD and ciphertext public; key,
 * round keys, H and its powers, J0 (for IVs other than 96 bits), keystream,
 * plaintext, S and the computed tag secret, wiped before returning (copies
 * in registers excepted, README.md). Decryption checks the tag in constant
 * time before it writes any plaintext; the 0/1 result is the one value
 * declassified.
 */
#include "aes_x86_64.h"

#if AES_X86_64

/* Everything derived from the key for one message. */
typedef struct {
    __m128i rk[AES256_ROUNDS + 1];
    aesx_ghash_key gk;
    __m128i j0;  /* pre-counter block J0, as bytes */
    __m128i ej0; /* CIPH_K(J0), masks S into the tag */
} gcm_x86_state;

/* Y = (Y ^ [a]_64 || [c]_64) * H: the length block, reflected. */
static __m128i ghash_lengths(__m128i y, const aesx_ghash_key *gk, uint64_t abits, uint64_t cbits)
{
    aesx_acc z;
    __m128i l = _mm_set_epi64x((long long)abits, (long long)cbits);
    aesx_acc_first(&z, _mm_xor_si128(y, l), gk->h[0], gk->k[0]);
    return aesx_acc_reduce(&z);
}

/*
 * GCM-AE steps 1-2 (GCM-AD steps 2-3): H = CIPH_K(0^128); J0 = IV || 0^31 || 1
 * for a 96-bit IV, else J0 = GHASH_H(IV || 0^(s+64) || [len(IV)]_64); and
 * CIPH_K(J0) for the last step.
 */
static void gcm_setup(gcm_x86_state *st, const uint8_t key[32], const uint8_t *iv, size_t ivlen)
{
    aesx_expand(st->rk, key);
    aesx_ghash_init(&st->gk, aesx_encrypt1(st->rk, _mm_setzero_si128()));
    if (ivlen == AES256GCM_IVBYTES) {
        uint8_t b[16];
        memcpy(b, iv, 12);
        b[12] = 0;
        b[13] = 0;
        b[14] = 0;
        b[15] = 1;
        st->j0 = aesx_load(b);
    } else {
        __m128i y = aesx_ghash(_mm_setzero_si128(), &st->gk, iv, ivlen);
        y = ghash_lengths(y, &st->gk, 0, (uint64_t)ivlen * 8);
        st->j0 = aesx_bswap(y);
    }
    st->ej0 = aesx_encrypt1(st->rk, st->j0);
}

/* GCM-AE steps 5-6 (GCM-AD steps 6-7): S = GHASH over A, C and the
 * length block; T = CIPH_K(J0) ^ S, as bytes. */
static void gcm_finish(uint8_t t[16], const gcm_x86_state *st, __m128i s, size_t aadlen,
                       size_t clen)
{
    s = ghash_lengths(s, &st->gk, (uint64_t)aadlen * 8, (uint64_t)clen * 8);
    aesx_store(t, _mm_xor_si128(aesx_bswap(s), st->ej0));
}

/* Replaces aes_ghash_init + aes_ghash_update (ghash.c): aesx_ghash_init, aesx_ghash. */
void aes_x86_ghash(uint8_t y[16], const uint8_t H[16], const uint8_t *data, size_t len)
{
    aesx_ghash_key gk;
    aesx_ghash_init(&gk, aesx_load(H));
    aesx_store(y, aesx_bswap(aesx_ghash(aesx_bswap(aesx_load(y)), &gk, data, len)));
    aes_ct_wipe(&gk, sizeof gk);
}

/*
 * Replaces the body of aes_ct64_gcm_encrypt (gcm.c), SP 800-38D Section
 * 7.1, Algorithm 4, GCM-AE_K(IV, P, A) = (C, T); the arguments are checked.
 * Deviation (same result): GCTR (step 3) and GHASH over C (step 5) run
 * together, eight blocks at a time, GHASH one group behind GCTR.
 */
void aes_x86_gcm_encrypt(uint8_t *ct, uint8_t tag[AES256GCM_TAGBYTES],
                         const uint8_t key[AES256GCM_KEYBYTES], const uint8_t *iv, size_t ivlen,
                         const uint8_t *aad, size_t aadlen, const uint8_t *pt, size_t ptlen)
{
    gcm_x86_state st;
    gcm_setup(&st, key, iv, ivlen);                             /* steps 1-2 */
    __m128i s = aesx_ghash(_mm_setzero_si128(), &st.gk, aad, aadlen); /* step 5: A || 0^v */
    __m128i c = aesx_ctr_add(aesx_ctr_swap(st.j0), 1);          /* inc_32(J0) */
    __m128i b0, b1, b2, b3, b4, b5, b6, b7;
    size_t len = ptlen;
    uint8_t *out = ct;
    const uint8_t *in = pt;
    if (len >= 128) {
        /* The first eight blocks: GCTR only (step 3). */
        AESX_COUNTERS8(b, c);
        AESX_ENCRYPT8(st.rk, b);
        AESX_XOR8(out, in, b);
        c = aesx_ctr_add(c, 8);
        in += 128;
        out += 128;
        len -= 128;
        /* Then GCTR of the next eight blocks with GHASH of the previous
         * eight (step 5, from the output, still in L1) between its rounds,
         * so that the AES and carry-less multiplier units work together. */
        while (len >= 128) {
            const uint8_t *prev = out - 128;
            aesx_acc z;
            AESX_COUNTERS8(b, c);
            AESX_STEP8(b, _mm_xor_si128, st.rk[0]);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[1]);
            aesx_acc_first(&z, _mm_xor_si128(aesx_bswap(aesx_load(prev)), s), st.gk.h[7], st.gk.k[7]);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[2]);
            aesx_acc_add(&z, aesx_bswap(aesx_load(prev + 16)), st.gk.h[6], st.gk.k[6]);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[3]);
            aesx_acc_add(&z, aesx_bswap(aesx_load(prev + 32)), st.gk.h[5], st.gk.k[5]);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[4]);
            aesx_acc_add(&z, aesx_bswap(aesx_load(prev + 48)), st.gk.h[4], st.gk.k[4]);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[5]);
            aesx_acc_add(&z, aesx_bswap(aesx_load(prev + 64)), st.gk.h[3], st.gk.k[3]);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[6]);
            aesx_acc_add(&z, aesx_bswap(aesx_load(prev + 80)), st.gk.h[2], st.gk.k[2]);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[7]);
            aesx_acc_add(&z, aesx_bswap(aesx_load(prev + 96)), st.gk.h[1], st.gk.k[1]);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[8]);
            aesx_acc_add(&z, aesx_bswap(aesx_load(prev + 112)), st.gk.h[0], st.gk.k[0]);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[9]);
            s = aesx_acc_reduce(&z);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[10]);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[11]);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[12]);
            AESX_STEP8(b, _mm_aesenc_si128, st.rk[13]);
            AESX_STEP8(b, _mm_aesenclast_si128, st.rk[14]);
            AESX_XOR8(out, in, b);
            c = aesx_ctr_add(c, 8);
            in += 128;
            out += 128;
            len -= 128;
        }
        s = aesx_ghash(s, &st.gk, out - 128, 128);              /* the last eight */
    }
    aesx_gctr_c(st.rk, c, out, in, len);                        /* the last 0..127 bytes */
    s = aesx_ghash(s, &st.gk, out, len);                        /* C || 0^u */
    gcm_finish(tag, &st, s, aadlen, ptlen);                     /* steps 5-6 */
    aes_ct_wipe(&st, sizeof st);
}

/*
 * Replaces the body of aes_ct64_gcm_decrypt (gcm.c), SP 800-38D Section
 * 7.2, Algorithm 5, GCM-AD_K(IV, C, A, T) = P or FAIL; the arguments are
 * checked. Deviation (as gcm.c): the tag (steps 5-8) before GCTR (step 4),
 * so P is only produced for authentic input.
 */
int aes_x86_gcm_decrypt(uint8_t *pt, const uint8_t key[AES256GCM_KEYBYTES], const uint8_t *iv,
                        size_t ivlen, const uint8_t *aad, size_t aadlen, const uint8_t *ct,
                        size_t ctlen, const uint8_t tag[AES256GCM_TAGBYTES])
{
    gcm_x86_state st;
    uint8_t t[16];
    int rc = AES256GCM_OK;
    gcm_setup(&st, key, iv, ivlen);                             /* steps 2-3 */
    __m128i s = aesx_ghash(_mm_setzero_si128(), &st.gk, aad, aadlen); /* steps 5-7 */
    s = aesx_ghash(s, &st.gk, ct, ctlen);
    gcm_finish(t, &st, s, aadlen, ctlen);
    uint32_t bad = aes_ct_differ(t, tag, AES256GCM_TAGBYTES);   /* step 8 */
    /* Declassify: the comparison result is returned to the caller, so it is
     * public; the computed tag t itself stays secret. */
    AES_CT_DECLASSIFY(&bad, sizeof bad);
    if (bad) {
        rc = AES256GCM_ERR_VERIFY;
        if (ctlen > 0) {
            aes_ct_wipe(pt, ctlen);
        }
    } else {
        aesx_gctr_c(st.rk, aesx_ctr_add(aesx_ctr_swap(st.j0), 1), pt, ct, ctlen); /* step 4 */
    }
    aes_ct_wipe(&st, sizeof st);
    aes_ct_wipe(t, sizeof t);
    return rc;
}

#else
typedef int aes_x86_64_gcm_clmul_unused; /* ISO C forbids an empty translation unit */
#endif
