/* Built against the installed libaegis-mlkem by tests/install_test.sh. */
#include <aegis/mlkem/mlkem768.h>
#include <stdio.h>
#include <string.h>
#include "rng.h"

int main(void)
{
    static uint8_t pk[MLKEM768_PUBLICKEYBYTES], sk[MLKEM768_SECRETKEYBYTES];
    static uint8_t ct[MLKEM768_CIPHERTEXTBYTES];
    uint8_t ss1[MLKEM768_SSBYTES], ss2[MLKEM768_SSBYTES];
    if (mlkem768_keypair(pk, sk) != 0 || mlkem768_encaps(ct, ss1, pk) != 0 ||
        mlkem768_decaps(ss2, ct, sk) != 0 || memcmp(ss1, ss2, sizeof ss1) != 0)
        return 1;
    puts("mlkem ok");
    return 0;
}
