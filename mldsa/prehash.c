/*
 * prehash.c -- the pre-hashes of HashML-DSA (FIPS 204, Section 5.4): one
 * table of the twelve allowed hash functions (identifier, DER OID, digest
 * length, PH) and the message prefix built from it: the switch on PH of
 * HashML-DSA.Sign (Algorithm 4 steps 10-22, in sign.c) and HashML-DSA.Verify
 * (Algorithm 5 steps 4-16, in verify.c) and the M' that follows it.
 *
 * The two HashML-DSA functions live beside the signer and the verifier, not
 * here, so that a program that only verifies (HashML-DSA included) links
 * verify.o and this file but never sign.o.
 *
 * PH(M) is computed on the message, which may be secret: the hash functions
 * do not branch on or index by its bytes; the table is chosen by the public
 * identifier.
 */
#include <string.h>

#include "params.h"

/* SHAKE128 with 256 output bits and SHAKE256 with 512 (Section 5.4.1). */
static void shake128_256(uint8_t *out, const uint8_t *m, size_t mlen)
{
    shake128(out, 32, m, mlen);
}

static void shake256_512(uint8_t *out, const uint8_t *m, size_t mlen)
{
    shake256(out, 64, m, mlen);
}

/* The DER encoding of the NIST hashAlgs OID 2.16.840.1.101.3.4.2.x. */
#define OID(x) {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, (x)}

/* By identifier; the names are those of ACVP's "hashAlg". */
const mldsa_prehash mldsa_prehashes[MLDSA_PH_COUNT] = {
    {MLDSA65_PH_SHA3_256, "SHA3-256", 32, OID(0x08), sha3_256},
    {MLDSA65_PH_SHA3_512, "SHA3-512", 64, OID(0x0A), sha3_512},
    {MLDSA65_PH_SHAKE128, "SHAKE-128", 32, OID(0x0B), shake128_256},
    {MLDSA65_PH_SHAKE256, "SHAKE-256", 64, OID(0x0C), shake256_512},
    {MLDSA65_PH_SHA2_224, "SHA2-224", 28, OID(0x04), mldsa_sha2_224},
    {MLDSA65_PH_SHA2_256, "SHA2-256", 32, OID(0x01), mldsa_sha2_256},
    {MLDSA65_PH_SHA2_384, "SHA2-384", 48, OID(0x02), mldsa_sha2_384},
    {MLDSA65_PH_SHA2_512, "SHA2-512", 64, OID(0x03), mldsa_sha2_512},
    {MLDSA65_PH_SHA2_512_224, "SHA2-512/224", 28, OID(0x05), mldsa_sha2_512_224},
    {MLDSA65_PH_SHA2_512_256, "SHA2-512/256", 32, OID(0x06), mldsa_sha2_512_256},
    {MLDSA65_PH_SHA3_224, "SHA3-224", 28, OID(0x07), mldsa_sha3_224},
    {MLDSA65_PH_SHA3_384, "SHA3-384", 48, OID(0x09), mldsa_sha3_384},
};

const mldsa_prehash *mldsa_prehash_find(int ph)
{
    for (unsigned i = 0; i < MLDSA_PH_COUNT; i++) {
        if (mldsa_prehashes[i].ph == ph) {
            return &mldsa_prehashes[i];
        }
    }
    return NULL;
}

/*
 * M' without its last part: pre = IntegerToBytes(1, 1) || IntegerToBytes(|ctx|, 1)
 * || ctx || OID, and ph_m = PH(M) (phlen bytes), so that M' = pre || ph_m
 * (the switch of Algorithm 4 steps 10-22 / Algorithm 5 steps 4-16, then the
 * step after it). Deviation: M' is not built in memory; the signer and the
 * verifier hash pre, then ph_m (the same bytes). Returns the length of
 * pre, or 0 for an identifier that is not in the table. |ctx| <= 255 is
 * checked by the caller.
 */
size_t mldsa_prehash_prefix(uint8_t pre[MLDSA_PH_PREBYTES], uint8_t ph_m[MLDSA_PH_MAXBYTES],
                            size_t *phlen, const uint8_t *m, size_t mlen, const uint8_t *ctx,
                            size_t ctxlen, int ph)
{
    const mldsa_prehash *alg = mldsa_prehash_find(ph);
    if (alg == NULL) {
        return 0;
    }
    alg->hash(ph_m, m, mlen);
    *phlen = alg->dlen;
    pre[0] = 1;
    pre[1] = (uint8_t)ctxlen;
    if (ctxlen > 0) {
        memcpy(pre + 2, ctx, ctxlen);
    }
    memcpy(pre + 2 + ctxlen, alg->oid, MLDSA_OIDBYTES);
    return 2 + ctxlen + MLDSA_OIDBYTES;
}
