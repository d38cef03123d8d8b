/*
 * fz_envelope.c -- libFuzzer target for the AEGIS-MSG v1 envelope parser
 * (msg/wire.c). Oracle besides "no crash / no UB": an accepted input
 * re-serializes to exactly the same bytes (bad-inputs 47), and every view the
 * parser returns lies inside the input.
 * Input model: byte 0 even = raw bytes; odd = structure-aware: a well-formed
 * skeleton (right magic, sizes and ct_len) patched with the remaining bytes,
 * so mutations reach the checks behind the length gate.
 * Build: clang -fsanitize=fuzzer,address,undefined -I. fuzz/fz_envelope.c + crypto sources;
 * with -DFUZZ_MAIN it is a corpus replayer: fz_envelope FILE...
 */
#include <stdint.h>
#include <stddef.h>

#if defined(__has_include)
#if __has_include("../mlkem/mlkem768.h") && __has_include("../mldsa/mldsa65.h") && \
    __has_include("../fndsa/fndsa512.h")
#define HAVE_SIZES 1
#endif
#endif

#ifndef HAVE_SIZES
/* msg/ needs the scheme headers for its size macros; until then, nothing to fuzz. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    return 0;
}
#else
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../msg/wire.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile uint8_t sink;

static void check(const uint8_t *buf, size_t len)
{
    msg_envelope e;
    if (msg_envelope_parse(&e, buf, len) != MSG_OK) return;
    if (e.total != len || e.raw != buf || e.csig + MSG_CSIG_BYTES != buf + len) abort();
    uint8_t *out = malloc(len);
    size_t olen = 0;
    if (out == NULL) return;
    if (msg_envelope_serialize(out, len, &olen, &e) != MSG_OK || olen != len || memcmp(out, buf, len) != 0)
        abort();
    sink ^= out[len - 1] ^ e.tag[15] ^ e.commit[0];
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    if ((data[0] & 1) == 0) {
        uint8_t *copy = malloc(size - 1 ? size - 1 : 1); /* exact size for ASan */
        if (copy == NULL) return 0;
        memcpy(copy, data + 1, size - 1);
        check(copy, size - 1);
        free(copy);
        return 0;
    }
    if (size < 3) return 0;
    int opk = data[1] & 1;
    size_t ct_len = (size_t)(data[2] % 4 + 1) * MSG_PAD;
    size_t h = opk ? MSG_ENV_H_OPK : MSG_ENV_H_NO_OPK, total = h + MSG_ENV_TAIL + ct_len;
    uint8_t *b = calloc(1, total);
    if (b == NULL) return 0;
    memcpy(b, "AEGM", 4);
    b[4] = MSG_VERSION;
    b[5] = MSG_SUITE;
    b[6] = (uint8_t)opk;
    b[8] = 1;                 /* sender != recipient */
    b[79] = (uint8_t)opk;     /* opk_id */
    b[103] = 1;               /* counter */
    b[h + 34] = (uint8_t)(ct_len >> 8);
    /* Patch: (offset hi, offset lo, value) triples from the rest. */
    for (size_t i = 3; i + 2 < size; i += 3) {
        size_t off = ((size_t)data[i] << 8 | data[i + 1]) % total;
        b[off] = data[i + 2];
    }
    check(b, total);
    if (total > 0) check(b, total - 1);
    free(b);
    return 0;
}

#ifdef FUZZ_MAIN
int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL) continue;
        static uint8_t buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
    }
    printf("fz_envelope: %d input(s) replayed\n", argc - 1);
    return 0;
}
#endif
#endif /* HAVE_SIZES */
