/*
 * gcm.c -- AES-256-GCM: GCM-AE (NIST SP 800-38D, Section 7.1, Algorithm 4)
 * and GCM-AD (Section 7.2, Algorithm 5), with the 128-bit tag only.
 *
 * Implementation notes.
 * - Lengths, IV, AAD and ciphertext are public; key, H, J0 (for IVs other
 *   than 96 bits it is GHASH_H(IV)), keystream, plaintext, S and the
 *   computed tag are secret and wiped before returning.
 * - Decryption is two passes: GHASH over the ciphertext, constant-time
 *   tag comparison, and only on success GCTR into pt. So no plaintext is
 *   ever written for a forged input, and in-place operation (pt == ct)
 *   works; pt and ct must otherwise not overlap.
 * - The only value declassified is the 0/1 result of the tag comparison
 *   (../shared/docs/constant-time.md, section 1.4: it is public, since the
 *   caller learns it from the return value anyway).
 */
#include <string.h>

#include "aes.h"
#include "aes_internal.h"
#include "ct.h"

/* Everything derived from the key for one message. */
typedef struct {
    aes256_ctx aes;
    aes_ghash_key gk;
    uint8_t j0[16];  /* pre-counter block J0 */
    uint8_t ej0[16]; /* CIPH_K(J0), masks S into the tag */
} gcm_state;

static void store_be64(uint8_t *p, uint64_t x)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)x;
        x >>= 8;
    }
}

static void y_to_bytes(uint8_t out[16], const uint64_t y[2])
{
    store_be64(out, y[1]);
    store_be64(out + 8, y[0]);
}

/*
 * Continue GHASH with the length block [a]_64 || [c]_64 (lengths in bits):
 * the end of S (GCM-AE step 5), and with a = 0, c = len(IV) the end of J0 =
 * GHASH_H(IV || 0^(s+64) || [len(IV)]_64) (GCM-AE step 2).
 */
static void ghash_lengths(uint64_t y[2], const aes_ghash_key *gk, uint64_t abits, uint64_t cbits)
{
    uint8_t lb[16];
    store_be64(lb, abits);
    store_be64(lb + 8, cbits);
    aes_ghash_update(y, gk, lb, 16);
}

/*
 * GCM-AE steps 1-2 (GCM-AD steps 2-3): H = CIPH_K(0^128); J0 = IV || 0^31 || 1
 * for a 96-bit IV, else J0 = GHASH_H(IV || 0^(s+64) || [len(IV)]_64).
 * Also CIPH_K(J0) for the last step. For a 96-bit IV, H and CIPH_K(J0) come
 * from one bitsliced pass.
 */
static void gcm_setup(gcm_state *st, const uint8_t key[32], const uint8_t *iv, size_t ivlen)
{
    uint8_t blocks[32];
    aes_ct64_init(&st->aes, key);
    memset(blocks, 0, sizeof blocks);
    if (ivlen == AES256GCM_IVBYTES) {
        memcpy(st->j0, iv, 12);
        st->j0[12] = 0;
        st->j0[13] = 0;
        st->j0[14] = 0;
        st->j0[15] = 1;
        memcpy(blocks + 16, st->j0, 16);
        aes_ct64_encrypt_blocks(&st->aes, blocks, blocks, 2);
        aes_ghash_init(&st->gk, blocks);
        memcpy(st->ej0, blocks + 16, 16);
    } else {
        uint64_t y[2] = {0, 0};
        aes_ct64_encrypt_blocks(&st->aes, blocks, blocks, 1);
        aes_ghash_init(&st->gk, blocks);
        aes_ghash_update(y, &st->gk, iv, ivlen);
        ghash_lengths(y, &st->gk, 0, (uint64_t)ivlen * 8);
        y_to_bytes(st->j0, y);
        aes_ct64_encrypt_blocks(&st->aes, st->ej0, st->j0, 1);
        aes_ct_wipe(y, sizeof y);
    }
    aes_ct_wipe(blocks, sizeof blocks);
}

/* CB + k (Section 6.2, inc_32 applied k times): the last 32 bits plus k,
 * modulo 2^32; the first 96 bits never change. out may equal in (the
 * counter is advanced in place), hence memmove: memcpy on overlapping
 * buffers is undefined. */
static void add32(uint8_t out[16], const uint8_t in[16], uint32_t k)
{
    uint32_t c = (uint32_t)in[12] << 24 | (uint32_t)in[13] << 16 | (uint32_t)in[14] << 8 | in[15];
    c += k;
    memmove(out, in, 12);
    out[12] = (uint8_t)(c >> 24);
    out[13] = (uint8_t)(c >> 16);
    out[14] = (uint8_t)(c >> 8);
    out[15] = (uint8_t)c;
}

/*
 * GCM-AE steps 4-6 (GCM-AD steps 5-7): u and v zero bits pad C and
 * A to whole blocks; S = GHASH_H(A || 0^v || C || 0^u || [len(A)]_64 ||
 * [len(C)]_64); T = MSB_128(GCTR_K(J0, S)) = CIPH_K(J0) ^ S. Here s holds
 * GHASH over A || 0^v || C || 0^u so far; this adds the length block.
 */
static void gcm_finish(uint8_t t[16], const gcm_state *st, uint64_t s[2], size_t aadlen,
                       size_t clen)
{
    ghash_lengths(s, &st->gk, (uint64_t)aadlen * 8, (uint64_t)clen * 8);
    y_to_bytes(t, s);
    for (int i = 0; i < 16; i++) {
        t[i] ^= st->ej0[i];
    }
}

/* Encryption interleaves GCTR and GHASH in chunks this size (a multiple of
 * 64, the four-block pass), so the ciphertext is hashed while in cache. */
#define GCM_CHUNK 4096

/*
 * The checks of Section 5.2.1.1 and the API: len(P) <= 2^39 - 256 bits,
 * len(A) <= 2^64 - 1 bits, 1 <= len(IV) <= 2^64 - 1 bits (whole bytes
 * here); pointers present where a length needs them. Compared as uint64_t,
 * so no size_t arithmetic can overflow (nothing is added to a length).
 */
/*
 * n > max for a size_t length n, through a uint64_t parameter: on LP64 the
 * limits are below SIZE_MAX and the test is real; on ILP32 every size_t is
 * below them (SIZE_MAX < 2^36 - 32), the test is always false there and the
 * compiler drops it. Writing it as `(uint64_t)len > MAX` directly makes gcc
 * -Wtype-limits (in -Wextra) fail the 32-bit build.
 */
static int gcm_exceeds(uint64_t n, uint64_t max)
{
    return n > max;
}

static int gcm_check(const uint8_t *key, const uint8_t *iv, size_t ivlen, const uint8_t *aad,
                     size_t aadlen, const uint8_t *in, const uint8_t *out, size_t len,
                     const uint8_t *tag)
{
    if (gcm_exceeds(len, AES256GCM_MAX_PT) || gcm_exceeds(aadlen, AES256GCM_MAX_AAD)) {
        return AES256GCM_ERR_LENGTH;
    }
    if (key == NULL || tag == NULL || (len > 0 && (in == NULL || out == NULL)) ||
        (aadlen > 0 && aad == NULL) || (ivlen > 0 && iv == NULL)) {
        return AES256GCM_ERR_NULL;
    }
    if (ivlen == 0 || gcm_exceeds(ivlen, AES256GCM_MAX_IV)) {
        return AES256GCM_ERR_LENGTH;
    }
    return AES256GCM_OK;
}

/* On error: zero every output whose size is known to be sane. */
static void zero_outputs(uint8_t *out, size_t len, uint8_t *tag)
{
    if (out != NULL && !gcm_exceeds(len, AES256GCM_MAX_PT)) {
        aes_ct_wipe(out, len);
    }
    if (tag != NULL) {
        aes_ct_wipe(tag, AES256GCM_TAGBYTES);
    }
}

/* SP 800-38D, Section 7.1, Algorithm 4: GCM-AE_K(IV, P, A) = (C, T). */
int aes_ct64_gcm_encrypt(uint8_t *ct, uint8_t tag[AES256GCM_TAGBYTES],
                         const uint8_t key[AES256GCM_KEYBYTES], const uint8_t *iv, size_t ivlen,
                         const uint8_t *aad, size_t aadlen, const uint8_t *pt, size_t ptlen)
{
    int rc = gcm_check(key, iv, ivlen, aad, aadlen, pt, ct, ptlen, tag);
    if (rc != AES256GCM_OK) {
        zero_outputs(ct, ptlen, tag);
        return rc;
    }
    gcm_state st;
    uint8_t cb[16];
    uint64_t s[2] = {0, 0};
    gcm_setup(&st, key, iv, ivlen);                   /* steps 1-2 */
    aes_ghash_update(s, &st.gk, aad, aadlen);         /* step 5: A || 0^v */
    add32(cb, st.j0, 1);                              /* inc_32(J0) */
    for (size_t off = 0; off < ptlen; off += GCM_CHUNK) {
        size_t n = ptlen - off < GCM_CHUNK ? ptlen - off : GCM_CHUNK;
        aes_ct64_gctr(&st.aes, cb, ct + off, pt + off, n);  /* step 3 */
        aes_ghash_update(s, &st.gk, ct + off, n);     /* step 5: C || 0^u */
        add32(cb, cb, GCM_CHUNK / 16);
    }
    gcm_finish(tag, &st, s, aadlen, ptlen);           /* steps 5-6 */
    aes_ct_wipe(&st, sizeof st);
    aes_ct_wipe(cb, sizeof cb);
    aes_ct_wipe(s, sizeof s);
    return AES256GCM_OK;
}

/* SP 800-38D, Section 7.2, Algorithm 5: GCM-AD_K(IV, C, A, T) = P or FAIL. */
int aes_ct64_gcm_decrypt(uint8_t *pt, const uint8_t key[AES256GCM_KEYBYTES], const uint8_t *iv,
                         size_t ivlen, const uint8_t *aad, size_t aadlen, const uint8_t *ct,
                         size_t ctlen, const uint8_t tag[AES256GCM_TAGBYTES])
{
    int rc = gcm_check(key, iv, ivlen, aad, aadlen, ct, pt, ctlen, tag);
    if (rc != AES256GCM_OK) {
        zero_outputs(pt, ctlen, NULL);
        return rc;
    }
    gcm_state st;
    uint8_t t[16], cb[16];
    uint64_t s[2] = {0, 0};
    gcm_setup(&st, key, iv, ivlen);                   /* steps 2-3 */
    /* Deviation: steps 4 (GCTR) and 5-7 (tag) swapped so that P is only
     * produced for authentic input; the result is the same. */
    aes_ghash_update(s, &st.gk, aad, aadlen);         /* steps 5-7 */
    aes_ghash_update(s, &st.gk, ct, ctlen);
    gcm_finish(t, &st, s, aadlen, ctlen);
    uint32_t bad = aes_ct_differ(t, tag, AES256GCM_TAGBYTES); /* step 8 */
    /* Declassify: the comparison result is returned to the caller, so it is
     * public; the computed tag t itself stays secret. */
    AES_CT_DECLASSIFY(&bad, sizeof bad);
    if (bad) {
        rc = AES256GCM_ERR_VERIFY;
        zero_outputs(pt, ctlen, NULL);
    } else {
        add32(cb, st.j0, 1);                          /* inc_32(J0) */
        aes_ct64_gctr(&st.aes, cb, pt, ct, ctlen);    /* step 4 */
    }
    aes_ct_wipe(&st, sizeof st);
    aes_ct_wipe(t, sizeof t);
    aes_ct_wipe(cb, sizeof cb);
    aes_ct_wipe(s, sizeof s);
    return rc;
}

/*
 * The public GCM-AE / GCM-AD: with the x86-64 backend compiled (AES_X86_64,
 * aes/x86_64/gcm_clmul.c), the same argument checks and error zeroing, then
 * its AES-NI/PCLMULQDQ body; else the portable functions above.
 */
int aes256gcm_encrypt(uint8_t *ct, uint8_t tag[AES256GCM_TAGBYTES],
                      const uint8_t key[AES256GCM_KEYBYTES], const uint8_t *iv, size_t ivlen,
                      const uint8_t *aad, size_t aadlen, const uint8_t *pt, size_t ptlen)
{
#if AES_X86_64
    int rc = gcm_check(key, iv, ivlen, aad, aadlen, pt, ct, ptlen, tag);
    if (rc != AES256GCM_OK) {
        zero_outputs(ct, ptlen, tag);
        return rc;
    }
    aes_x86_gcm_encrypt(ct, tag, key, iv, ivlen, aad, aadlen, pt, ptlen);
    return AES256GCM_OK;
#else
    return aes_ct64_gcm_encrypt(ct, tag, key, iv, ivlen, aad, aadlen, pt, ptlen);
#endif
}

int aes256gcm_decrypt(uint8_t *pt, const uint8_t key[AES256GCM_KEYBYTES], const uint8_t *iv,
                      size_t ivlen, const uint8_t *aad, size_t aadlen, const uint8_t *ct,
                      size_t ctlen, const uint8_t tag[AES256GCM_TAGBYTES])
{
#if AES_X86_64
    int rc = gcm_check(key, iv, ivlen, aad, aadlen, ct, pt, ctlen, tag);
    if (rc != AES256GCM_OK) {
        zero_outputs(pt, ctlen, NULL);
        return rc;
    }
    return aes_x86_gcm_decrypt(pt, key, iv, ivlen, aad, aadlen, ct, ctlen, tag);
#else
    return aes_ct64_gcm_decrypt(pt, key, iv, ivlen, aad, aadlen, ct, ctlen, tag);
#endif
}
