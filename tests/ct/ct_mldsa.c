/*
 * ct_mldsa.c -- ML-DSA-65 key generation and signing under valgrind with
 * the seed, the secret key, rnd, the message and the context all marked
 * secret (constant-time.md 1.4, ML-DSA item 8). The library declassifies
 * only what 1.4 allows (rho, the rej_eta accept bits, c-tilde, the three
 * rejection bits, and z / h of the accepted attempt); everything else that
 * branches or indexes on these bytes is reported. Outputs are declassified
 * here, in the harness, before they are looked at. Last, signing with a
 * malformed secret key (the MLDSA65_ERR_SK path) is checked the same way.
 */
#include <stdint.h>
#include <string.h>
#include "ct.h"
#include "../../mldsa/mldsa65.h"

int main(void)
{
    static uint8_t pk[MLDSA65_PUBLICKEYBYTES], sk[MLDSA65_SECRETKEYBYTES];
    static uint8_t sig[MLDSA65_SIGBYTES];
    uint8_t seed[32], rnd[32], msg[200], ctx[255];
    int fails = 0;

    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)(i * 7 + round);
        CT_SECRET(seed, sizeof seed);
        int rc = mldsa65_keypair_derand(pk, sk, seed);
        CT_PUBLIC(&rc, sizeof rc);
        CT_PUBLIC(pk, sizeof pk); /* the public key is public */
        fails += rc != 0;

        for (int k = 0; k < 3; k++) {
            size_t mlen = (size_t)(k * 97), ctxlen = (size_t)(k == 2 ? 255 : k);
            for (size_t i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)(i + k);
            for (size_t i = 0; i < sizeof ctx; i++) ctx[i] = (uint8_t)(3 * i + k);
            for (size_t i = 0; i < sizeof rnd; i++) rnd[i] = (uint8_t)(k ? i ^ k : 0);
            CT_SECRET(sk, sizeof sk);
            rc = mldsa65_check_sk(sk); /* skDecode's range check on a secret sk */
            CT_PUBLIC(&rc, sizeof rc);
            fails += rc != 0;
            CT_SECRET(msg, sizeof msg);
            CT_SECRET(ctx, sizeof ctx);
            CT_SECRET(rnd, sizeof rnd);
            rc = mldsa65_sign_derand(sig, msg, mlen, ctx, ctxlen, rnd, sk);
            CT_PUBLIC(&rc, sizeof rc);
            CT_PUBLIC(sig, sizeof sig);
            CT_PUBLIC(msg, sizeof msg);
            CT_PUBLIC(ctx, sizeof ctx);
            fails += rc != 0;
            fails += mldsa65_verify(sig, sizeof sig, msg, mlen, ctx, ctxlen, pk) != 0;

            CT_SECRET(msg, sizeof msg);
            rc = mldsa65_sign_internal(sig, msg, mlen, rnd, sk);
            CT_PUBLIC(&rc, sizeof rc);
            CT_PUBLIC(sig, sizeof sig);
            CT_PUBLIC(msg, sizeof msg);
            fails += rc != 0;
            fails += mldsa65_verify_internal(sig, sizeof sig, msg, mlen, pk) != 0;

            /* Extras: signing from a secret mu, and HashML-DSA. */
            uint8_t mu[MLDSA65_MUBYTES];
            fails += mldsa65_compute_mu(mu, msg, mlen, ctx, ctxlen, pk) != 0;
            CT_SECRET(mu, sizeof mu);
            rc = mldsa65_sign_mu_derand(sig, mu, rnd, sk);
            CT_PUBLIC(&rc, sizeof rc);
            CT_PUBLIC(sig, sizeof sig);
            CT_PUBLIC(mu, sizeof mu);
            fails += rc != 0 || mldsa65_verify_mu(sig, sizeof sig, mu, pk) != 0;
            CT_SECRET(msg, sizeof msg);
            CT_SECRET(ctx, sizeof ctx);
            rc = mldsa65_prehash_sign_derand(sig, msg, mlen, ctx, ctxlen, 1 + k, rnd, sk);
            CT_PUBLIC(&rc, sizeof rc);
            CT_PUBLIC(sig, sizeof sig);
            CT_PUBLIC(msg, sizeof msg);
            CT_PUBLIC(ctx, sizeof ctx);
            fails += rc != 0 ||
                     mldsa65_prehash_verify(sig, sizeof sig, msg, mlen, ctx, ctxlen, 1 + k, pk) != 0;
            /* The SHA-2 / SHA3-224/384 pre-hashes of sha2.c on the secret message:
             * ph 5, 6, 8, 9, 11, 12 (SHA-384 and SHA-512/256, 7 and 10, run the
             * same SHA-512 code as 8 and 9). */
            for (int ph = 5 + 3 * k; ph < 5 + 3 * k + 2; ph++) {
                CT_SECRET(msg, sizeof msg);
                CT_SECRET(ctx, sizeof ctx);
                rc = mldsa65_prehash_sign_derand(sig, msg, mlen, ctx, ctxlen, ph, rnd, sk);
                CT_PUBLIC(&rc, sizeof rc);
                CT_PUBLIC(sig, sizeof sig);
                CT_PUBLIC(msg, sizeof msg);
                CT_PUBLIC(ctx, sizeof ctx);
                fails += rc != 0 ||
                         mldsa65_prehash_verify(sig, sizeof sig, msg, mlen, ctx, ctxlen, ph, pk) != 0;
            }
        }
    }
    /*
     * A malformed secret key (an s1 half-byte of 9, outside [-eta, eta]; bad-input
     * item 18): whether sk is malformed is itself secret, so the signer must
     * not branch on it either; the error is applied with masks at the end.
     * Offset 128 = rho || K || tr, the start of s1 (FIPS 204, Algorithm 24).
     */
    {
        uint8_t m1[1] = {7};
        sk[128] = (uint8_t)((sk[128] & 0xF0) | 9);
        CT_SECRET(sk, sizeof sk);
        CT_SECRET(rnd, sizeof rnd);
        int rc = mldsa65_sign_derand(sig, m1, 1, NULL, 0, rnd, sk);
        CT_PUBLIC(&rc, sizeof rc);
        CT_PUBLIC(sig, sizeof sig);
        fails += rc != MLDSA65_ERR_SK;
        for (size_t i = 0; i < sizeof sig; i++) fails += sig[i] != 0;
    }
    return fails != 0;
}
