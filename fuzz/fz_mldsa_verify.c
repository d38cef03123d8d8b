/*
 * fz_mldsa_verify.c -- ML-DSA-65 verification on patched copies of one valid
 * (pk, msg, ctx, signature) (liboqs-style structure-aware fuzzing;
 * ../shared/docs/bad-inputs.md section 3 and item 20).
 *
 * Input: byte 0 = flags, byte 1 = context length (plus 256 if flag 0x04),
 * byte 2 = signed change of the signature length, then 4-byte patches
 * (target, offset lo, offset hi, xor value) on sig / pk / msg / ctx; with
 * flag 0x08 the rest of the input replaces the signature bytes instead.
 * Oracle: ctx longer than 255 bytes is rejected; an accepted signature is
 * byte-identical to the baseline with the same pk, msg and ctx (strong
 * unforgeability: anything else is a decoder bug).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../mldsa/mldsa65.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MSGLEN 64
static uint8_t b_pk[MLDSA65_PUBLICKEYBYTES], b_sk[MLDSA65_SECRETKEYBYTES];
static uint8_t b_sig[MLDSA65_SIGBYTES], b_msg[MSGLEN], b_ctx[300];
static const size_t b_ctxlen = 7;
static int ready;

static void baseline(void)
{
    uint8_t seed[32] = {42}, rnd[32] = {0};
    for (size_t i = 0; i < sizeof b_msg; i++) b_msg[i] = (uint8_t)(i * 13);
    for (size_t i = 0; i < sizeof b_ctx; i++) b_ctx[i] = (uint8_t)(i * 5 + 1);
    if (mldsa65_keypair_derand(b_pk, b_sk, seed) != 0 ||
        mldsa65_sign_derand(b_sig, b_msg, MSGLEN, b_ctx, b_ctxlen, rnd, b_sk) != 0 ||
        mldsa65_verify(b_sig, MLDSA65_SIGBYTES, b_msg, MSGLEN, b_ctx, b_ctxlen, b_pk) != 0) {
        abort();
    }
    ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t sig[MLDSA65_SIGBYTES + 128], pk[MLDSA65_PUBLICKEYBYTES], msg[MSGLEN], ctx[300];
    if (!ready) baseline();
    if (size < 3) return 0;
    const uint8_t flags = data[0];
    size_t ctxlen = (flags & 1) ? (size_t)data[1] + ((flags & 4) ? 256 : 0) : b_ctxlen;
    if (ctxlen > sizeof ctx) ctxlen = sizeof ctx;
    size_t siglen = (size_t)((long)MLDSA65_SIGBYTES + (int8_t)data[2]);
    if (!(flags & 2)) siglen = MLDSA65_SIGBYTES;

    memset(sig, 0, sizeof sig);
    memcpy(sig, b_sig, MLDSA65_SIGBYTES);
    memcpy(pk, b_pk, sizeof pk);
    memcpy(msg, b_msg, sizeof msg);
    memcpy(ctx, b_ctx, sizeof ctx);
    if (flags & 8) {
        size_t n = size - 3 < MLDSA65_SIGBYTES ? size - 3 : MLDSA65_SIGBYTES;
        memcpy(sig, data + 3, n);
    } else {
        for (size_t p = 3; p + 4 <= size; p += 4) {
            size_t off = (size_t)data[p + 1] | (size_t)data[p + 2] << 8;
            uint8_t v = data[p + 3];
            switch (data[p] & 3) {
            case 0: sig[off % sizeof sig] ^= v; break;
            case 1: pk[off % sizeof pk] ^= v; break;
            case 2: msg[off % sizeof msg] ^= v; break;
            default: ctx[off % sizeof ctx] ^= v; break;
            }
        }
    }
    int rc = mldsa65_verify(sig, siglen, msg, MSGLEN, ctx, ctxlen, pk);
    if (ctxlen > 255 && rc == 0) abort();
    if (rc == 0) {
        if (siglen != MLDSA65_SIGBYTES || ctxlen != b_ctxlen ||
            memcmp(sig, b_sig, MLDSA65_SIGBYTES) != 0 || memcmp(pk, b_pk, sizeof pk) != 0 ||
            memcmp(msg, b_msg, sizeof msg) != 0 || memcmp(ctx, b_ctx, ctxlen) != 0) {
            abort(); /* a second signature accepted: malleability */
        }
    }
    return 0;
}
