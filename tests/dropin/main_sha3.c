#include <stdio.h>
#include "sha3.h"
int main(void){ uint8_t o[32]; sha3_256(o,(const uint8_t*)"abc",3); printf("%02x%02x ok\n",o[0],o[1]); return 0;}
