/* Built against the installed libaegis-mldsa by tests/install_test.sh. */
#include <aegis/mldsa/mldsa65.h>
#include <stdio.h>
#include "rng.h"

int main(void)
{
    static uint8_t pk[MLDSA65_PUBLICKEYBYTES], sk[MLDSA65_SECRETKEYBYTES], sig[MLDSA65_SIGBYTES];
    uint8_t m[3] = "abc";
    if (mldsa65_keypair(pk, sk) != 0 || mldsa65_sign(sig, m, sizeof m, NULL, 0, sk) != 0 ||
        mldsa65_verify(sig, sizeof sig, m, sizeof m, NULL, 0, pk) != 0)
        return 1;
    m[0] ^= 1; /* another message must not verify */
    if (mldsa65_verify(sig, sizeof sig, m, sizeof m, NULL, 0, pk) == 0) return 1;
    puts("mldsa ok");
    return 0;
}
