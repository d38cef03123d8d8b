/*
 * Three copies of mlkem/ in one program, beside one sha3/: a_ and b_ set by
 * -DMLKEM_NAMESPACE / -DMLKEM_RANDOMBYTES, c from custom_config.h through
 * -DMLKEM_CONFIG_FILE (tests/namespace/run.sh builds them). Each copy must
 * give the published CCTV digest, call only its own randomness hook, and
 * agree with the others on the randomized run.
 */
#include <stdio.h>
#include <string.h>

#include "copy.h"

/* C2SP CCTV accumulated ML-KEM-768, N = 100 (FIPS 203 final). */
static const uint8_t CCTV_100[32] = {
    0x8d, 0x65, 0xb9, 0x02, 0xf2, 0x8e, 0xdc, 0x68, 0x3c, 0xeb, 0xee, 0x28, 0x72, 0x96, 0x2f, 0xd1,
    0x65, 0xa4, 0xd1, 0x97, 0xc9, 0xe2, 0x4e, 0xc7, 0x4c, 0xaa, 0x44, 0x70, 0x27, 0x0d, 0xf0, 0xb7,
};

int main(void)
{
    int (*const run[3])(copy_result *) = { run_a, run_b, run_c };
    const char *const name[3] = { "a_", "b_", "c (config file)" };
    copy_result r[3];
    int fail = 0;

    for (int i = 0; i < 3; i++) {
        int rc = run[i](&r[i]);
        if (rc != 0) {
            printf("FAIL copy %s: step %d\n", name[i], rc);
            return 1;
        }
        if (memcmp(r[i].cctv, CCTV_100, 32) != 0) {
            printf("FAIL copy %s: CCTV accumulated digest differs\n", name[i]);
            fail = 1;
        }
        /* keypair draws d || z once, encaps m once */
        if (r[i].hook_calls != 2) {
            printf("FAIL copy %s: its hook ran %u times, not 2\n", name[i], r[i].hook_calls);
            fail = 1;
        }
        if (memcmp(r[i].randomized, r[0].randomized, 32) != 0) {
            printf("FAIL copy %s: randomized run differs from copy a_'s\n", name[i]);
            fail = 1;
        }
        for (int j = 0; j < i; j++) {
            if (r[i].keypair == r[j].keypair) {
                printf("FAIL copies %s and %s share mlkem768_keypair\n", name[j], name[i]);
                fail = 1;
            }
        }
    }
    if (!fail) {
        printf("three copies of mlkem/ in one program: CCTV N=100 digest matches in each, "
               "each called its own hook twice, same randomized outputs\n");
    }
    return fail;
}
