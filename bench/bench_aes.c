/*
 * bench_aes.c -- AES-256-GCM of 16 KiB and 1 MiB (12-byte IV, no AAD),
 * encrypt and decrypt, plus the key schedule. Anchor (issue 3): BearSSL
 * aes_ct64 + ghash_ctmul64, 2.51M instructions for 16 KiB, 159.8M for 1 MiB.
 */
#include "bench.h"

#include "../aes/aes.h"

#define MIB (1u << 20)

static uint8_t key[32], iv[12], tag[16];
static uint8_t buf_in[MIB], buf_out[MIB];
static volatile uint8_t sink;

static void gcm_enc(size_t n)
{
    aes256gcm_encrypt(buf_out, tag, key, iv, sizeof iv, NULL, 0, buf_in, n);
    sink ^= tag[0];
}

static void gcm_dec(size_t n)
{
    /* buf_out/tag hold a valid encryption of n bytes (set up in main). */
    int rc = aes256gcm_decrypt(buf_in, key, iv, sizeof iv, NULL, 0, buf_out, n, tag);
    sink ^= (uint8_t)rc ^ buf_in[0];
}

static void enc_16k(void) { gcm_enc(16384); }
static void enc_1m(void) { gcm_enc(MIB); }
static void dec_16k(void) { aes256gcm_encrypt(buf_out, tag, key, iv, 12, NULL, 0, buf_in, 16384); gcm_dec(16384); }
static void dec_1m_only(void) { gcm_dec(MIB); }

static void keysched(void)
{
    aes256_ctx ctx;
    aes256_init(&ctx, key);
    sink ^= (uint8_t)ctx.rk[14][0];
    aes256_release(&ctx);
}

static void block4(void)
{
    aes256_ctx ctx;
    aes256_init(&ctx, key);
    aes256_encrypt_blocks(&ctx, buf_out, buf_in, 4);
    aes256_release(&ctx);
    sink ^= buf_out[0];
}

int main(int argc, char **argv)
{
    for (size_t i = 0; i < sizeof key; i++) key[i] = (uint8_t)(i * 7 + 1);
    for (size_t i = 0; i < sizeof iv; i++) iv[i] = (uint8_t)(i * 13 + 5);
    for (size_t i = 0; i < MIB; i++) buf_in[i] = (uint8_t)(i * 131 + (i >> 9));
    static const bench_op ops[] = {
        {"aes256_keyschedule", keysched, 1001, 0},
        {"aes256_init+4blocks", block4, 1001, 64},
        {"aes256gcm_encrypt_16KiB", enc_16k, 201, 16384},
        {"aes256gcm_encrypt_1MiB", enc_1m, 11, MIB},
        {"aes256gcm_enc+dec_16KiB", dec_16k, 201, 2 * 16384},
        {"aes256gcm_decrypt_1MiB", dec_1m_only, 11, MIB},
    };
    /* a valid 1 MiB encryption for the decrypt-only op */
    aes256gcm_encrypt(buf_out, tag, key, iv, sizeof iv, NULL, 0, buf_in, MIB);
    return bench_main(argc, argv, ops, sizeof ops / sizeof ops[0]);
}
