#include <string.h>
#include <stdio.h>
#include "mlkem768.h"
int randombytes(uint8_t *b, size_t n){ for(size_t i=0;i<n;i++) b[i]=(uint8_t)(i*7+1); return 0; }
int main(void){ static uint8_t pk[MLKEM768_PUBLICKEYBYTES], sk[MLKEM768_SECRETKEYBYTES], ct[MLKEM768_CIPHERTEXTBYTES], s1[32], s2[32];
 if(mlkem768_keypair(pk,sk)||mlkem768_encaps(ct,s1,pk)||mlkem768_decaps(s2,ct,sk)||memcmp(s1,s2,32)) {puts("FAIL");return 1;} puts("ok"); return 0;}
