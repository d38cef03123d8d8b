/*
 * fz_session_parse.c -- libFuzzer target for the AEGIS-MSG v2 session message
 * parser (msg/session_wire.c, sessions.md 6 item 14). Oracle besides "no
 * crash / no UB": an accepted input re-serializes to exactly the same bytes,
 * every view lies inside the input, the signed part ends at the signature,
 * and an accepted init carries the recomputed session_id.
 * Input model: byte 0 even = raw bytes; odd = structure-aware: a well-formed
 * skeleton (magic, type, sizes, ct_len, a valid all-zero ek_next and, for an
 * init, the matching session_id) patched with (offset, value) triples, so
 * mutations reach the checks behind the length gate.
 * With -DFUZZ_MAIN it is a corpus replayer: fz_session_parse FILE...
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stddef.h>

#if defined(__has_include)
#if __has_include("../mlkem/mlkem768.h") && __has_include("../mldsa/mldsa65.h") && \
    __has_include("../fndsa/fndsa512.h") && __has_include("../aes/aes.h")
#define HAVE_ALL 1
#endif
#endif

#ifndef HAVE_ALL
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

#include "../msg/util.c"
#include "../msg/wire.c"
#include "../msg/identity.c"
#include "../msg/prekey.c"
#include "../msg/seal.c"
#include "../msg/session_wire.c"
#include "../msg/session.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile uint8_t sink;

static void check(const uint8_t *buf, size_t len)
{
    msg_sess_msg m;
    if (msg_sess_parse(&m, buf, len) != MSG_OK) return;
    if (m.total != len || m.raw != buf || m.csig + MSG_CSIG_BYTES != buf + len || m.signed_len + MSG_CSIG_BYTES != len)
        abort();
    if (m.block != buf + MSG_SESS_FIXED || m.block + m.block_len != buf + m.hlen || m.ek_next + MSG_SESS_EK != buf + m.hlen)
        abort();
    if ((m.type == MSG_SESS_TYPE_INIT) != (m.epoch == 1) || m.n == 0) abort();
    if (m.type == MSG_SESS_TYPE_INIT) {
        uint8_t sid[32];
        msg_sess_id(sid, m.sender_ik, m.recipient_ik, m.block, m.block_len);
        if (memcmp(sid, m.session_id, 32) != 0) abort();
    }
    uint8_t *out = malloc(len);
    size_t olen = 0;
    if (out == NULL) return;
    if (msg_sess_serialize(out, len, &olen, &m) != MSG_OK || olen != len || memcmp(out, buf, len) != 0) abort();
    sink ^= out[len - 1] ^ m.tag[15] ^ m.commit[0];
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
    int kind = data[1] % 3; /* 0 ratchet, 1 init, 2 init with OPK */
    size_t k = kind == 0 ? MSG_SESS_K_RATCHET : kind == 1 ? MSG_SESS_K_INIT : MSG_SESS_K_INIT_OPK;
    size_t ct_len = (size_t)(data[2] % 4 + 1) * MSG_PAD;
    size_t h = MSG_SESS_FIXED + k, total = h + MSG_SESS_TAIL + ct_len;
    uint8_t *b = calloc(1, total);
    if (b == NULL) return 0;
    memcpy(b, "AEGR", 4);
    b[4] = MSG_SESS_VERSION;
    b[5] = MSG_SUITE;
    b[6] = kind == 0 ? MSG_SESS_TYPE_RATCHET : MSG_SESS_TYPE_INIT;
    b[7] = kind == 2 ? MSG_SESS_FLAG_OPK : 0;
    b[8] = 1;                       /* sender != recipient */
    b[107] = kind == 0 ? 2 : 1;     /* epoch */
    b[111] = 1;                     /* n */
    if (kind != 0) {
        b[MSG_SESS_FIXED + 3] = 7;  /* spk_id */
        if (kind == 2) b[MSG_SESS_FIXED + 7] = 42; /* opk_id */
    }
    b[h + 34] = (uint8_t)(ct_len >> 8);
    /* Patch: (offset hi, offset lo, value) triples from the rest. */
    for (size_t i = 3; i + 2 < size; i += 3) {
        size_t off = ((size_t)data[i] << 8 | data[i + 1]) % total;
        b[off] = data[i + 2];
    }
    /* Odd patch count: make an init's session_id right again afterwards. */
    if (kind != 0 && ((size - 3) / 3) % 2 == 1) msg_sess_id(b + 72, b + 8, b + 40, b + MSG_SESS_FIXED, k);
    check(b, total);
    check(b, total - 1);
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
    printf("fz_session_parse: %d input(s) replayed\n", argc - 1);
    return 0;
}
#endif
#endif /* HAVE_ALL */
