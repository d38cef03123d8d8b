/*
 * bench_aes.c -- AES-256-GCM of 16 KiB and 1 MiB (12-byte IV, no AAD),
 * encrypt and decrypt, plus the key schedule. Anchor (issue 3): BearSSL
 * aes_ct64 + ghash_ctmul64, 2.51M instructions for 16 KiB, 159.8M for 1 MiB.
 */
#define _POSIX_C_SOURCE 200809L /* bench.h: posix_memalign, pthread_attr_setstack */
#include "bench.h"

#include "../aes/aes.h"

#define KIB16 16384u
#define MIB (1u << 20)

static uint8_t key[32], iv[12];
static uint8_t pt[MIB], ct[MIB], out[MIB], tag[16];
static uint8_t ct16[KIB16], out16[KIB16], tag16[16];
static volatile uint8_t sink;

static void enc(size_t n)
{
    aes256gcm_encrypt(out, tag, key, iv, sizeof iv, NULL, 0, pt, n);
    sink ^= tag[0];
}

static void enc_100(void) { enc(100); }   /* a short message (msg/ seals about this) */
static void enc_16k(void) { enc(KIB16); }
static void enc_1m(void) { enc(MIB); }

/* ct/tag and ct16/tag16 hold valid encryptions (made in main). */
static void dec_16k(void)
{
    if (aes256gcm_decrypt(out16, key, iv, sizeof iv, NULL, 0, ct16, KIB16, tag16) != 0) abort();
    sink ^= out16[0];
}

static void dec_1m(void)
{
    if (aes256gcm_decrypt(out, key, iv, sizeof iv, NULL, 0, ct, MIB, tag) != 0) abort();
    sink ^= out[0];
}

static void keysched(void)
{
    aes256_ctx ctx;
    aes256_init(&ctx, key);
    sink ^= (uint8_t)ctx.rk[14][0];
    aes256_wipe(&ctx);
}

static void block4(void)
{
    aes256_ctx ctx;
    aes256_init(&ctx, key);
    aes256_encrypt_blocks(&ctx, out, pt, 4);
    aes256_wipe(&ctx);
    sink ^= out[0];
}

int main(int argc, char **argv)
{
    for (size_t i = 0; i < sizeof key; i++) key[i] = (uint8_t)(i * 7 + 1);
    for (size_t i = 0; i < sizeof iv; i++) iv[i] = (uint8_t)(i * 13 + 5);
    for (size_t i = 0; i < MIB; i++) pt[i] = (uint8_t)(i * 131 + (i >> 9));
    aes256gcm_encrypt(ct, tag, key, iv, sizeof iv, NULL, 0, pt, MIB);
    aes256gcm_encrypt(ct16, tag16, key, iv, sizeof iv, NULL, 0, pt, KIB16);
    static const bench_op ops[] = {
        {"aes256_keyschedule", keysched, 1001, 0},
        {"aes256_init+4blocks", block4, 1001, 64},
        {"aes256gcm_encrypt_100B", enc_100, 1001, 100},
        {"aes256gcm_encrypt_16KiB", enc_16k, 201, KIB16},
        {"aes256gcm_decrypt_16KiB", dec_16k, 201, KIB16},
        {"aes256gcm_encrypt_1MiB", enc_1m, 11, MIB},
        {"aes256gcm_decrypt_1MiB", dec_1m, 11, MIB},
    };
    return bench_main(argc, argv, ops, sizeof ops / sizeof ops[0]);
}
