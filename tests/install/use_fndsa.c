/* Built against the installed libaegis-fndsa by tests/install_test.sh. */
#include <aegis/fndsa/fndsa512.h>
#include <stdio.h>
#include "rng.h"

int main(void)
{
    static uint8_t pk[FNDSA512_PUBLICKEYBYTES], sk[FNDSA512_SECRETKEYBYTES], sig[FNDSA512_SIGBYTES];
    uint8_t m[3] = "abc";
    if (fndsa512_keypair(pk, sk) != 0 || fndsa512_sign(sig, m, sizeof m, sk) != 0 ||
        fndsa512_verify(sig, sizeof sig, m, sizeof m, pk) != 0)
        return 1;
    m[0] ^= 1; /* another message must not verify */
    if (fndsa512_verify(sig, sizeof sig, m, sizeof m, pk) == 0) return 1;
    puts("fndsa ok");
    return 0;
}
