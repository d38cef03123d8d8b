#include <string.h>
#include <stdio.h>
#include "mldsa65.h"
int randombytes(uint8_t *b, size_t n){ for(size_t i=0;i<n;i++) b[i]=(uint8_t)(i*7+1); return 0; }
int main(void){ static uint8_t pk[MLDSA65_PUBLICKEYBYTES], sk[MLDSA65_SECRETKEYBYTES], sig[MLDSA65_SIGBYTES];
 if(mldsa65_keypair(pk,sk)||mldsa65_sign(sig,(const uint8_t*)"hi",2,NULL,0,sk)||mldsa65_verify(sig,sizeof sig,(const uint8_t*)"hi",2,NULL,0,pk)) {puts("FAIL");return 1;} puts("ok"); return 0;}
