/* bench_sha3.c -- SHA3-256 of 1 KiB and 1 MiB, SHAKE128 squeezing 1 MiB. */
#include "bench.h"
#include "../sha3/sha3.h"

static uint8_t buf[1 << 20], out[64];

static void sha3_256_1k(void) { sha3_256(out, buf, 1024); }
static void sha3_256_1m(void) { sha3_256(out, buf, sizeof buf); }
static void shake128_1m(void) { shake128(buf, sizeof buf, out, 32); }

int main(int argc, char **argv)
{
    static const bench_op ops[] = {
        {"sha3_256_1KiB", sha3_256_1k, 2001, 1024},
        {"sha3_256_1MiB", sha3_256_1m, 21, 1 << 20},
        {"shake128_squeeze_1MiB", shake128_1m, 21, 1 << 20},
    };
    return bench_main(argc, argv, ops, sizeof ops / sizeof ops[0]);
}
