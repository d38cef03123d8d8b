/*
 * fz_bundle.c -- libFuzzer target for the bundle and record parsers
 * (msg/wire.c: msg_bundle_parse, msg_idrec_parse, msg_spkrec_parse,
 * msg_opkrec_parse). Oracle: an accepted bundle re-encodes from its parts to
 * exactly the input, and every part it returns parses on its own.
 * Byte 0 selects the parser (0 bundle, 1 identity, 2 SPK, 3 OPK); byte 1 odd
 * = structure-aware bundle skeleton patched by the rest.
 * With -DFUZZ_MAIN: a corpus replayer.
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

static void check_bundle(const uint8_t *buf, size_t len)
{
    msg_bundle b;
    if (msg_bundle_parse(&b, buf, len) != MSG_OK) return;
    msg_idrec ir;
    msg_pkrec pr;
    if (msg_idrec_parse(&ir, b.idrec, b.idrec_len) != MSG_OK) abort();
    if (msg_spkrec_parse(&pr, b.spkrec, MSG_SPKREC_BYTES) != MSG_OK) abort();
    uint8_t *out;
    size_t olen;
    if (msg_bundle_encode(&out, &olen, b.name, b.idrec, b.idrec_len, b.spkrec, b.opkrec, b.n_opk) != MSG_OK)
        abort();
    if (olen != len || memcmp(out, buf, len) != 0) abort();
    sink ^= out[olen - 1];
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    if ((data[1] & 1) == 0) {
        size_t n = size - 2;
        uint8_t *copy = malloc(n ? n : 1);
        if (copy == NULL) return 0;
        memcpy(copy, data + 2, n);
        msg_idrec ir;
        msg_pkrec pr;
        switch (data[0] & 3) {
        case 0: check_bundle(copy, n); break;
        case 1: if (msg_idrec_parse(&ir, copy, n) == MSG_OK) sink ^= ir.csig[0]; break;
        case 2: if (msg_spkrec_parse(&pr, copy, n) == MSG_OK) sink ^= pr.ek[0]; break;
        default: if (msg_opkrec_parse(&pr, copy, n) == MSG_OK) sink ^= pr.ek[0]; break;
        }
        free(copy);
        return 0;
    }
    /* Skeleton: name "x", uid "u", n_opk from data[0]. */
    unsigned n_opk = (unsigned)(data[0] >> 2) % 3;
    size_t il = MSG_IDREC_FIXED + 1, total = 9 + 1 + il + MSG_SPKREC_BYTES + n_opk * MSG_OPKREC_BYTES;
    uint8_t *b = calloc(1, total);
    if (b == NULL) return 0;
    memcpy(b, "AEGB\x01\x01", 6);
    b[7] = (uint8_t)n_opk;
    b[8] = 1;
    b[9] = 'x';
    uint8_t *p = b + 10;
    memcpy(p, "AEGI\x01\x01\x01u", 8);
    p += il;
    memcpy(p, "AEGS\x01\x01", 6);
    p[43] = 1;  /* spk_id */
    p[59] = 1;  /* not_after > not_before */
    p += MSG_SPKREC_BYTES;
    for (unsigned i = 0; i < n_opk; i++, p += MSG_OPKREC_BYTES) {
        memcpy(p, "AEGO\x01\x01", 6);
        p[43] = (uint8_t)(i + 1);
    }
    for (size_t i = 2; i + 2 < size; i += 3) {
        size_t off = ((size_t)data[i] << 8 | data[i + 1]) % total;
        b[off] = data[i + 2];
    }
    check_bundle(b, total);
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
    printf("fz_bundle: %d input(s) replayed\n", argc - 1);
    return 0;
}
#endif
#endif /* HAVE_SIZES */
