#include <string.h>
#include <stdio.h>
#include "aes.h"
int main(void){ uint8_t k[32]={1},iv[12]={2},pt[100]={3},ct[100],tag[16],out[100];
 if(aes256gcm_encrypt(ct,tag,k,iv,12,NULL,0,pt,100)||aes256gcm_decrypt(out,k,iv,12,NULL,0,ct,100,tag)||memcmp(out,pt,100)){puts("FAIL");return 1;} puts("ok"); return 0;}
