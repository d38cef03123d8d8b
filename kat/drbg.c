/*
 * drbg.c -- the NIST PQC known-answer DRBG: SP 800-90A Rev. 1, Section 10.2,
 * CTR_DRBG with AES-256, no derivation function, no prediction resistance,
 * no reseed, with the randombytes_init / randombytes behaviour of NIST's
 * rng.c, as ../shared/kat/hashes/README.md section 4.1 describes it.
 * For KAT generation and tests only: one process-wide state (kat/ is not a
 * crypto directory, so the global is allowed here), and no entropy source.
 */
#include "drbg.h"

#include <string.h>

#include "../aes/aes.h"

/* Internal state (SP 800-90A, Section 10.2.1.1): Key, V, reseed_counter. */
static struct {
    uint8_t key[32];
    uint8_t v[16];
    uint64_t reseed_counter;
} drbg;

/* V = (V + 1) mod 2^128, V a big-endian counter. */
static void increment_v(uint8_t v[16])
{
    for (int i = 15; i >= 0; i--) {
        if (++v[i] != 0) {
            break;
        }
    }
}

/*
 * SP 800-90A, Section 10.2.1.2, CTR_DRBG_Update(provided_data, Key, V) with
 * seedlen = 48: three blocks of AES-256(Key, ++V), XORed with
 * provided_data when there is one; the first 32 bytes are the new Key, the
 * last 16 the new V.
 */
static void drbg_update(const uint8_t *provided_data)
{
    uint8_t ctr[48], temp[48];
    aes256_ctx ctx;
    aes256_init(&ctx, drbg.key);
    for (int i = 0; i < 3; i++) {
        increment_v(drbg.v);
        memcpy(ctr + 16 * i, drbg.v, 16);
    }
    aes256_encrypt_blocks(&ctx, temp, ctr, 3); /* one bitsliced pass */
    aes256_wipe(&ctx);
    if (provided_data != NULL) {
        for (int i = 0; i < 48; i++) {
            temp[i] ^= provided_data[i];
        }
    }
    memcpy(drbg.key, temp, 32);
    memcpy(drbg.v, temp + 32, 16);
    memset(temp, 0, sizeof temp);
}

/*
 * SP 800-90A, Section 10.2.1.3.1, CTR_DRBG_Instantiate without a derivation
 * function: seed_material = entropy_input XOR personalization; Key = 0^256,
 * V = 0^128; Update(seed_material); reseed_counter = 1. security_strength
 * is accepted for NIST API compatibility (always 256 here).
 */
void randombytes_init(const uint8_t entropy_input[48], const uint8_t personalization[48],
                      int security_strength)
{
    uint8_t seed_material[48];
    (void)security_strength;
    memcpy(seed_material, entropy_input, 48);
    if (personalization != NULL) {
        for (int i = 0; i < 48; i++) {
            seed_material[i] ^= personalization[i];
        }
    }
    memset(drbg.key, 0, sizeof drbg.key);
    memset(drbg.v, 0, sizeof drbg.v);
    drbg_update(seed_material);
    drbg.reseed_counter = 1;
    memset(seed_material, 0, sizeof seed_material);
}

/*
 * SP 800-90A, Section 10.2.1.5.1, CTR_DRBG_Generate without additional
 * input: blocks AES-256(Key, ++V) until len bytes are out (the unused tail
 * of the last block is dropped), then Update(no data) and
 * reseed_counter + 1. Deviation (as NIST's rng.c): no reseed-interval check
 * and no request-size limit; each call is one Generate, so the output
 * depends on how a stream is split across calls.
 */
int randombytes(uint8_t *buf, size_t len)
{
    uint8_t ctr[64], block[64];
    aes256_ctx ctx;
    aes256_init(&ctx, drbg.key);
    while (len > 0) {
        /* up to four counter blocks V+1.. per bitsliced pass; same output */
        size_t nb = len >= 64 ? 4 : (len + 15) / 16;
        for (size_t j = 0; j < nb; j++) {
            increment_v(drbg.v);
            memcpy(ctr + 16 * j, drbg.v, 16);
        }
        aes256_encrypt_blocks(&ctx, block, ctr, nb);
        size_t n = len < 16 * nb ? len : 16 * nb;
        memcpy(buf, block, n);
        buf += n;
        len -= n;
    }
    aes256_wipe(&ctx);
    memset(block, 0, sizeof block);
    drbg_update(NULL);
    drbg.reseed_counter++;
    return 0;
}
