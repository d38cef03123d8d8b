/* Built against the installed libaegis-sha3 by tests/install_test.sh. */
#include <aegis/sha3/sha3.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    /* FIPS 202 example: SHA3-256("abc") begins 3a985da7. */
    static const uint8_t want[4] = {0x3a, 0x98, 0x5d, 0xa7};
    uint8_t h[SHA3_256_BYTES];
    sha3_256(h, (const uint8_t *)"abc", 3);
    if (memcmp(h, want, sizeof want) != 0) return 1;
    puts("sha3 ok");
    return 0;
}
