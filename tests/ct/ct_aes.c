/*
 * ct_aes.c -- constant-time harness for aes/ (run under valgrind memcheck
 * with --error-exitcode=1; build with -DAEGIS_CT so that the library's one
 * declassification, the 0/1 tag-compare result in aes256gcm_decrypt, is
 * active). Secret: the key and the plaintext (hence round keys, H, J0 for
 * non-96-bit IVs, keystream, S, the computed tag). Public: IV, AAD, lengths,
 * ciphertext, the received tag. Covered: KeyExpansion, block encryption,
 * GCM encrypt, GCM decrypt with the right and a wrong tag, for a 96-bit and
 * a non-96-bit IV, and lengths that are and are not multiples of 16 (128
 * and 1000 run the eight-block loops of the x86-64 backend, CT_BACKEND=x86_64).
 */
#include <stdio.h>
#include <string.h>

#include "../../aes/aes.h"
#include "ct.h"

/* tests/ct/run.sh links every crypto directory into each harness; the
 * schemes need this hook, AES does not use it. */
int randombytes(uint8_t *buf, size_t len);
int randombytes(uint8_t *buf, size_t len)
{
    memset(buf, 0, len);
    return 0;
}

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(seed + 31 * i + (i >> 3));
}

int main(void)
{
    static uint8_t key[32], pt[1000], ct[1000], out[1000], blk[64], aad[37], iv[60];
    uint8_t tag[16];
    int fails = 0;

    fill(key, sizeof key, 1);
    fill(pt, sizeof pt, 2);
    fill(aad, sizeof aad, 3);
    fill(iv, sizeof iv, 4);

    /* KeyExpansion and the block cipher, 1..5 blocks. */
    {
        aes256_ctx ctx;
        CT_SECRET(key, sizeof key);
        aes256_init(&ctx, key);
        memcpy(blk, pt, sizeof blk);
        CT_SECRET(blk, sizeof blk);
        for (size_t n = 1; n <= 4; n++) {
            aes256_encrypt_blocks(&ctx, blk, blk, n);
        }
        aes256_encrypt_block(&ctx, blk, blk);
        aes256_wipe(&ctx);
        CT_PUBLIC(blk, sizeof blk);
    }

    static const size_t ivlens[] = {12, 8, 60, 1};
    static const size_t lens[] = {0, 15, 64, 128, 1000};
    for (size_t a = 0; a < sizeof ivlens / sizeof ivlens[0]; a++) {
        for (size_t b = 0; b < sizeof lens / sizeof lens[0]; b++) {
            size_t n = lens[b], il = ivlens[a];
            /* GCM-AE: key and plaintext secret. */
            CT_SECRET(key, sizeof key);
            CT_SECRET(pt, n);
            int rc = aes256gcm_encrypt(ct, tag, key, iv, il, aad, sizeof aad, pt, n);
            /* The ciphertext and tag are public outputs. */
            CT_PUBLIC(ct, n);
            CT_PUBLIC(tag, sizeof tag);
            CT_PUBLIC(&rc, sizeof rc);
            if (rc != 0) fails++;

            /* GCM-AD, right tag: the plaintext comes out secret. */
            CT_SECRET(key, sizeof key);
            rc = aes256gcm_decrypt(out, key, iv, il, aad, sizeof aad, ct, n, tag);
            CT_PUBLIC(&rc, sizeof rc);
            CT_PUBLIC(out, n);
            CT_PUBLIC(pt, n);
            if (rc != 0 || memcmp(out, pt, n) != 0) fails++;

            /* GCM-AD, wrong tag. */
            tag[n % 16] ^= 0x10;
            CT_SECRET(key, sizeof key);
            rc = aes256gcm_decrypt(out, key, iv, il, aad, sizeof aad, ct, n, tag);
            CT_PUBLIC(&rc, sizeof rc);
            CT_PUBLIC(out, n);
            if (rc != AES256GCM_ERR_VERIFY) fails++;
            for (size_t i = 0; i < n; i++) if (out[i] != 0) { fails++; break; }
        }
    }
    CT_PUBLIC(key, sizeof key);
    if (fails != 0) {
        fprintf(stderr, "ct_aes: %d functional failures\n", fails);
        return 1;
    }
    printf("ct_aes: key schedule, blocks, GCM encrypt/decrypt (right and wrong tag), 4 IV sizes x 5 lengths\n");
    return 0;
}
