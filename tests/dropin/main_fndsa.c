#include <string.h>
#include <stdio.h>
#include "fndsa512.h"
int randombytes(uint8_t *b, size_t n){ static uint8_t c; for(size_t i=0;i<n;i++) b[i]=(uint8_t)(i*7+1+c++); return 0; }
int main(void){ static uint8_t pk[FNDSA512_PUBLICKEYBYTES], sk[FNDSA512_SECRETKEYBYTES], sig[FNDSA512_SIGBYTES];
 if(fndsa512_keypair(pk,sk)||fndsa512_sign(sig,(const uint8_t*)"hi",2,sk)||fndsa512_verify(sig,sizeof sig,(const uint8_t*)"hi",2,pk)) {puts("FAIL");return 1;} puts("ok"); return 0;}
