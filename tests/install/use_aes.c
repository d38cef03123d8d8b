/* Built against the installed libaegis-aes by tests/install_test.sh. */
#include <aegis/aes/aes.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    uint8_t key[AES256GCM_KEYBYTES] = {1}, iv[12] = {2}, pt[16] = "installed", ct[16], back[16];
    uint8_t tag[AES256GCM_TAGBYTES];
    if (aes256gcm_encrypt(ct, tag, key, iv, sizeof iv, NULL, 0, pt, sizeof pt) != 0) return 1;
    if (aes256gcm_decrypt(back, key, iv, sizeof iv, NULL, 0, ct, sizeof ct, tag) != 0) return 1;
    if (memcmp(back, pt, sizeof pt) != 0) return 1;
    tag[0] ^= 1; /* a forged tag must be refused */
    if (aes256gcm_decrypt(back, key, iv, sizeof iv, NULL, 0, ct, sizeof ct, tag) == 0) return 1;
    puts("aes ok");
    return 0;
}
