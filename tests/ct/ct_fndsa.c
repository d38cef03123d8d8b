/*
 * ct_fndsa.c -- Falcon-512 key generation and signing with secret inputs
 * (the 48-byte key seed, the secret key, the sampler seed). Public: the
 * message, the nonce, the outputs once produced (constant-time.md §1.4,
 * Falcon items 1-6; the library declassifies the rejection decisions and
 * the accepted s2 itself).
 */
#include <stdint.h>
#include <string.h>
#include "ct.h"
#include "../../fndsa/fndsa512.h"
#include "../../fndsa/inner.h"

int randombytes(uint8_t *buf, size_t len)
{
    /* not used by the _derand functions; deterministic filler */
    for (size_t i = 0; i < len; i++) buf[i] = (uint8_t)(i * 7 + 1);
    return 0;
}

int main(void)
{
    static uint8_t pk[FNDSA512_PUBLICKEYBYTES], sk[FNDSA512_SECRETKEYBYTES];
    static uint8_t sig[FNDSA512_SIGBYTES], seed[48], rseed[48], nonce[40], msg[100];
    int r, bad = 0;

    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)(i * 13 + 5);
    for (size_t i = 0; i < sizeof rseed; i++) rseed[i] = (uint8_t)(i * 29 + 3);
    for (size_t i = 0; i < sizeof nonce; i++) nonce[i] = (uint8_t)(i + 100);
    for (size_t i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)i;

    /* key generation on a secret seed */
    CT_SECRET(seed, sizeof seed);
    r = fndsa512_keypair_derand(pk, sk, seed);
    CT_PUBLIC(&r, sizeof r);
    CT_PUBLIC(pk, sizeof pk);
    bad |= r != 0;

    /* signing with a secret key and a secret sampler seed, twice */
    for (int k = 0; k < 2; k++) {
        CT_SECRET(sk, sizeof sk);
        CT_SECRET(rseed, sizeof rseed);
        r = fndsa512_sign_derand(sig, msg, sizeof msg, nonce, rseed, sk);
        CT_PUBLIC(&r, sizeof r);
        CT_PUBLIC(sig, sizeof sig);
        bad |= r != 0;
        rseed[0] ^= 1;
    }
    /* the expanded-key path: expansion and signing with secret data */
    static fndsa512_expanded_key ek;
    static uint8_t sig2[FNDSA512_SIGBYTES];
    CT_SECRET(sk, sizeof sk);
    CT_SECRET(rseed, sizeof rseed);
    r = fndsa512_check_sk(sk);
    CT_PUBLIC(&r, sizeof r);
    bad |= r != 0;
    r = fndsa512_expand_sk(&ek, sk);
    CT_PUBLIC(&r, sizeof r);
    bad |= r != 0;
    r = fndsa512_sign_expanded_derand(sig2, msg, sizeof msg, nonce, rseed, &ek);
    CT_PUBLIC(&r, sizeof r);
    CT_PUBLIC(sig2, sizeof sig2);
    bad |= r != 0;
    fndsa512_expanded_key_wipe(&ek);

    /* the compressed format */
    static uint8_t csig[FNDSA512_COMPRESSED_MAXBYTES];
    size_t clen = 0;
    CT_SECRET(sk, sizeof sk);
    CT_SECRET(rseed, sizeof rseed);
    r = fndsa512_sign_compressed_derand(csig, &clen, msg, sizeof msg, nonce, rseed, sk);
    CT_PUBLIC(&r, sizeof r);
    CT_PUBLIC(&clen, sizeof clen);
    CT_PUBLIC(csig, sizeof csig);
    bad |= r != 0;

    /* error paths with secret malformed keys: the library declassifies only
     * the "key invalid" bit (constant-time.md §1.4 Falcon item 5); the
     * outputs must come back zeroed */
    static uint8_t badsk[FNDSA512_SECRETKEYBYTES], sig3[FNDSA512_SIGBYTES];
    for (int c = 0; c < 3; c++) {
        CT_PUBLIC(sk, sizeof sk);
        memcpy(badsk, sk, sizeof badsk);
        if (c == 0) badsk[1] = (uint8_t)((badsk[1] & 0x03) | 0x80);  /* f[0] = -32 */
        if (c == 1) badsk[1280] = 0x80;                               /* F[511] = -128 */
        if (c == 2) badsk[769 + 10] ^= 0x11;                          /* G out of range */
        CT_SECRET(badsk, sizeof badsk);
        CT_SECRET(rseed, sizeof rseed);
        r = fndsa512_sign_derand(sig3, msg, sizeof msg, nonce, rseed, badsk);
        CT_PUBLIC(&r, sizeof r);
        CT_PUBLIC(sig3, sizeof sig3);
        bad |= r != FNDSA512_ERR_SK;
        for (size_t i = 0; i < sizeof sig3; i++) bad |= sig3[i] != 0;
        r = fndsa512_expand_sk(&ek, badsk);
        CT_PUBLIC(&r, sizeof r);
        bad |= r != FNDSA512_ERR_SK;
        r = fndsa512_check_sk(badsk);
        CT_PUBLIC(&r, sizeof r);
        bad |= r != FNDSA512_ERR_SK;
    }

    /* the "fits in max bytes" test on a secret candidate s2: only its
     * result may be made public (issue #15 item 5) */
    static int16_t s2[512];
    for (int c = 0; c < 3; c++) {
        /* |s2| < 32: 576 bytes; < 1024: too long for 625; c = 2: 2048 */
        static const int spread[3] = { 32, 1024, 2047 };
        for (size_t i = 0; i < 512; i++) s2[i] = (int16_t)((int)((i * 37) % (2u * (unsigned)spread[c])) - spread[c]);
        if (c == 2) s2[7] = 2048;
        CT_SECRET(s2, sizeof s2);
        uint32_t f1 = fndsa_comp_fits(625, s2, 9), f2 = fndsa_comp_fits(2000, s2, 9);
        CT_PUBLIC(&f1, sizeof f1);
        CT_PUBLIC(&f2, sizeof f2);
        CT_PUBLIC(s2, sizeof s2);
        static uint8_t enc[2000];
        bad |= (int)(f1 != (fndsa_comp_encode(enc, 625, s2, 9) != 0));
        bad |= (int)(f2 != (fndsa_comp_encode(enc, 2000, s2, 9) != 0));
        bad |= (int)(f1 != (c == 0)) | (int)(f2 != (c != 2));
    }

    /* everything public now: the signatures must verify */
    CT_PUBLIC(rseed, sizeof rseed);
    bad |= fndsa512_verify(sig2, sizeof sig2, msg, sizeof msg, pk) != 0;
    CT_PUBLIC(sk, sizeof sk);
    bad |= fndsa512_verify(sig, sizeof sig, msg, sizeof msg, pk) != 0;
    bad |= fndsa512_verify_compressed(csig, clen, msg, sizeof msg, pk) != 0;
    return bad;
}
