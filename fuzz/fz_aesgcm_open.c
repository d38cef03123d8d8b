/*
 * fz_aesgcm_open.c -- libFuzzer target for aes256gcm_decrypt
 * (../shared/docs/bad-inputs.md, section 3: "(iv len, aad, ct||tag)
 * patched from a cached seal").
 *
 * A baseline seal (12-byte IV, 16-byte AAD, 48-byte plaintext) is made once.
 * Input: byte 0 = IV length (mod 61), byte 1 = AAD length (mod 41), byte 2 =
 * ciphertext length (mod 81), then (position, xor) pairs patched into
 * iv[60] || aad[40] || ct[80] || tag[16], which start as the baseline.
 * Oracle: success only for exactly the baseline (lengths and bytes), with
 * the baseline plaintext; on every failure the output is all zero, nothing
 * past it is written, and a 0-byte IV gives AES256GCM_ERR_LENGTH.
 *
 * Build with -DFUZZ_STANDALONE for a corpus replayer (main reads each file
 * named on the command line) that needs no libFuzzer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../aes/aes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { IV_MAX = 60, AAD_MAX = 40, CT_MAX = 80, BASE_IV = 12, BASE_AAD = 16, BASE_PT = 48 };
enum { OFF_IV = 0, OFF_AAD = IV_MAX, OFF_CT = OFF_AAD + AAD_MAX, OFF_TAG = OFF_CT + CT_MAX,
       TOTAL = OFF_TAG + 16 };

static const uint8_t key[32] = {0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae,
                                0xf0, 0x85, 0x7d, 0x77, 0x81, 0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61,
                                0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4};
static uint8_t base[TOTAL], base_pt[BASE_PT];
static int ready;

static void setup(void)
{
    for (int i = 0; i < BASE_IV; i++) base[OFF_IV + i] = (uint8_t)(0xc0 + i);
    for (int i = 0; i < BASE_AAD; i++) base[OFF_AAD + i] = (uint8_t)(0xa0 ^ i);
    for (int i = 0; i < BASE_PT; i++) base_pt[i] = (uint8_t)(i * 37 + 1);
    if (aes256gcm_encrypt(base + OFF_CT, base + OFF_TAG, key, base + OFF_IV, BASE_IV,
                          base + OFF_AAD, BASE_AAD, base_pt, BASE_PT) != 0) abort();
    ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready) setup();
    if (size < 3) return 0;
    size_t ivlen = data[0] % (IV_MAX + 1), aadlen = data[1] % (AAD_MAX + 1);
    size_t ctlen = data[2] % (CT_MAX + 1);
    uint8_t buf[TOTAL], out[CT_MAX + 16];
    memcpy(buf, base, TOTAL);
    for (size_t i = 3; i + 1 < size; i += 2) buf[data[i] % TOTAL] ^= data[i + 1];
    memset(out, 0xA5, sizeof out);

    int rc = aes256gcm_decrypt(out, key, buf + OFF_IV, ivlen, buf + OFF_AAD, aadlen,
                               buf + OFF_CT, ctlen, buf + OFF_TAG);

    int baseline = ivlen == BASE_IV && aadlen == BASE_AAD && ctlen == BASE_PT &&
                   memcmp(buf + OFF_IV, base + OFF_IV, BASE_IV) == 0 &&
                   memcmp(buf + OFF_AAD, base + OFF_AAD, BASE_AAD) == 0 &&
                   memcmp(buf + OFF_CT, base + OFF_CT, BASE_PT) == 0 &&
                   memcmp(buf + OFF_TAG, base + OFF_TAG, 16) == 0;
    if (baseline) {
        if (rc != 0 || memcmp(out, base_pt, BASE_PT) != 0) abort();
    } else {
        /* a forgery (2^-128 per try) or a bug */
        if (rc == 0) abort();
        for (size_t i = 0; i < ctlen; i++) if (out[i] != 0) abort();
        if (ivlen == 0 && rc != AES256GCM_ERR_LENGTH) abort();
    }
    for (size_t i = ctlen; i < sizeof out; i++) if (out[i] != 0xA5) abort();
    return 0;
}

#ifdef FUZZ_STANDALONE
#include <stdio.h>
int main(int argc, char **argv)
{
    for (int a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "rb");
        if (f == NULL) { perror(argv[a]); return 1; }
        static uint8_t in[1 << 16];
        size_t n = fread(in, 1, sizeof in, f);
        fclose(f);
        LLVMFuzzerTestOneInput(in, n);
    }
    printf("fz_aesgcm_open: %d inputs replayed\n", argc - 1);
    return 0;
}
#endif
