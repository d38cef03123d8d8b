/*
 * test_sha3.c -- FIPS 202 against the NIST CAVP files, the FIPS 202 example
 * digests, and an independent textbook Keccak (Algorithms 1-7 written
 * step by step) for every length 0 .. 3r+1 and every split.
 * Bad-input item 38 (../shared/docs/bad-inputs.md) is covered here.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../sha3/sha3.h"
#include "vectors.h"

/* ---- a textbook Keccak-p[1600, 24], straight from FIPS 202 Section 3 ---- */

#define IDX(x, y) ((x) + 5 * (y))
static uint64_t rotl(uint64_t v, unsigned n) { n %= 64; return n ? (v << n) | (v >> (64 - n)) : v; }

static void ref_theta(uint64_t A[25])   /* Algorithm 1 */
{
    uint64_t C[5], D[5];
    for (int x = 0; x < 5; x++)
        C[x] = A[IDX(x, 0)] ^ A[IDX(x, 1)] ^ A[IDX(x, 2)] ^ A[IDX(x, 3)] ^ A[IDX(x, 4)];
    for (int x = 0; x < 5; x++)
        D[x] = C[(x + 4) % 5] ^ rotl(C[(x + 1) % 5], 1);
    for (int i = 0; i < 25; i++) A[i] ^= D[i % 5];
}

static void ref_rho(uint64_t A[25])     /* Algorithm 2 */
{
    int x = 1, y = 0;
    for (int t = 0; t < 24; t++) {
        A[IDX(x, y)] = rotl(A[IDX(x, y)], (unsigned)(((t + 1) * (t + 2) / 2) % 64));
        int nx = y, ny = (2 * x + 3 * y) % 5;
        x = nx; y = ny;
    }
}

static void ref_pi(uint64_t A[25])      /* Algorithm 3 */
{
    uint64_t B[25];
    for (int x = 0; x < 5; x++)
        for (int y = 0; y < 5; y++) B[IDX(x, y)] = A[IDX((x + 3 * y) % 5, x)];
    memcpy(A, B, sizeof B);
}

static void ref_chi(uint64_t A[25])     /* Algorithm 4 */
{
    uint64_t B[25];
    for (int x = 0; x < 5; x++)
        for (int y = 0; y < 5; y++)
            B[IDX(x, y)] = A[IDX(x, y)] ^ (~A[IDX((x + 1) % 5, y)] & A[IDX((x + 2) % 5, y)]);
    memcpy(A, B, sizeof B);
}

static int ref_rc(int t)                /* Algorithm 5 */
{
    if (t % 255 == 0) return 1;
    unsigned R = 1; /* bits R[0..7], R[0] is bit 0 */
    for (int i = 1; i <= t % 255; i++) {
        unsigned r8 = (R >> 7) & 1;   /* R = 0 || R, then the taps, then truncate */
        R = (R << 1) & 0xff;
        R ^= r8 | r8 << 4 | r8 << 5 | r8 << 6;
    }
    return (int)(R & 1);
}

static void ref_iota(uint64_t A[25], int ir)  /* Algorithm 6 */
{
    uint64_t RC = 0;
    for (int j = 0; j <= 6; j++) RC |= (uint64_t)ref_rc(j + 7 * ir) << ((1u << j) - 1);
    A[0] ^= RC;
}

static void ref_keccakp(uint64_t A[25]) /* Algorithm 7, nr = 24 */
{
    for (int ir = 0; ir < 24; ir++) {
        ref_theta(A); ref_rho(A); ref_pi(A); ref_chi(A); ref_iota(A, ir);
    }
}

/* Sponge (Algorithm 8) with pad10*1, byte-wise, on the textbook permutation. */
static void ref_sponge(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen,
                       size_t rate, uint8_t ds)
{
    uint64_t A[25] = {0};
    size_t padded = (inlen / rate + 1) * rate;
    uint8_t *P = calloc(padded, 1);
    cr_assert_not_null(P);
    if (inlen) memcpy(P, in, inlen);
    P[inlen] ^= ds;
    P[padded - 1] ^= 0x80;
    for (size_t off = 0; off < padded; off += rate) {
        for (size_t i = 0; i < rate; i++) A[i / 8] ^= (uint64_t)P[off + i] << (8 * (i % 8));
        ref_keccakp(A);
    }
    for (size_t o = 0; o < outlen; o++) {
        if (o > 0 && o % rate == 0) ref_keccakp(A);
        out[o] = (uint8_t)(A[(o % rate) / 8] >> (8 * (o % 8)));
    }
    free(P);
}

/* ---- CAVP files ---------------------------------------------------------- */

typedef void (*fixed_fn)(uint8_t *out, const uint8_t *in, size_t inlen);
static void f256(uint8_t *o, const uint8_t *i, size_t n) { sha3_256(o, i, n); }
static void f512(uint8_t *o, const uint8_t *i, size_t n) { sha3_512(o, i, n); }

static int run_fixed(const char *rel, fixed_fn fn, size_t mdlen)
{
    FILE *f = kat_open(rel);
    kat_record r;
    int count = 0;
    while (kat_next(f, &r)) {
        const char *len = kat_get(&r, "Len"), *msg = kat_get(&r, "Msg"), *md = kat_get(&r, "MD");
        if (!len || !msg || !md) { kat_record_free(&r); continue; }
        size_t mlen, elen;
        uint8_t *m = hex_alloc(msg, &mlen);
        uint8_t *e = hex_alloc(md, &elen);
        size_t bits = strtoul(len, NULL, 10);
        cr_assert_eq(bits % 8, 0);
        cr_assert_eq(elen, mdlen);
        uint8_t out[64];
        fn(out, m, bits / 8);
        cr_assert(memcmp(out, e, mdlen) == 0, "%s: record %d (Len %zu) differs", rel, count, bits);
        free(m); free(e); kat_record_free(&r);
        count++;
    }
    fclose(f);
    cr_assert_gt(count, 0, "%s: no records", rel);
    fprintf(stderr, "%s: %d of %d records pass\n", rel, count, count);
    return count;
}

typedef void (*xof_fn)(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);

static int run_xof(const char *rel, xof_fn fn, const char *outkey)
{
    FILE *f = kat_open(rel);
    kat_record r;
    int count = 0;
    while (kat_next(f, &r)) {
        const char *msg = kat_get(&r, "Msg"), *md = kat_get(&r, outkey);
        const char *len = kat_get(&r, "Len");
        if (!msg || !md) { kat_record_free(&r); continue; }
        size_t mlen, elen;
        uint8_t *m = hex_alloc(msg, &mlen);
        uint8_t *e = hex_alloc(md, &elen);
        if (len) {
            size_t bits = strtoul(len, NULL, 10);
            cr_assert_eq(bits % 8, 0);
            mlen = bits / 8;
        }
        const char *ol = kat_get(&r, "Outputlen");
        if (ol) cr_assert_eq(strtoul(ol, NULL, 10), 8 * elen);
        uint8_t *out = malloc(elen + 1);
        fn(out, elen, m, mlen);
        cr_assert(memcmp(out, e, elen) == 0, "%s: record %d differs", rel, count);
        free(out); free(m); free(e); kat_record_free(&r);
        count++;
    }
    fclose(f);
    cr_assert_gt(count, 0, "%s: no records", rel);
    fprintf(stderr, "%s: %d of %d records pass\n", rel, count, count);
    return count;
}

Test(cavp, sha3_256_short) { run_fixed("sha3/SHA3_256ShortMsg.txt", f256, 32); }
Test(cavp, sha3_256_long)  { run_fixed("sha3/SHA3_256LongMsg.txt", f256, 32); }
Test(cavp, sha3_512_short) { run_fixed("sha3/SHA3_512ShortMsg.txt", f512, 64); }
Test(cavp, sha3_512_long)  { run_fixed("sha3/SHA3_512LongMsg.txt", f512, 64); }
Test(cavp, shake128_short) { run_xof("sha3/SHAKE128ShortMsg.rsp", shake128, "Output"); }
Test(cavp, shake128_long)  { run_xof("sha3/SHAKE128LongMsg.rsp", shake128, "Output"); }
Test(cavp, shake256_short) { run_xof("sha3/SHAKE256ShortMsg.rsp", shake256, "Output"); }
Test(cavp, shake256_long)  { run_xof("sha3/SHAKE256LongMsg.rsp", shake256, "Output"); }
Test(cavp, shake128_varout) { run_xof("sha3/SHAKE128VariableOut.txt", shake128, "MD"); }
Test(cavp, shake256_varout) { run_xof("sha3/SHAKE256VariableOut.txt", shake256, "MD"); }

/* ---- FIPS 202 example values (the empty message) ------------------------- */

static void expect_hex(const uint8_t *got, size_t n, const char *want)
{
    char *s = hex_str(got, n);
    cr_assert_str_eq(s, want);
    free(s);
}

Test(fips202, empty_message)
{
    uint8_t o[64];
    sha3_256(o, NULL, 0);
    expect_hex(o, 32, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
    sha3_512(o, NULL, 0);
    expect_hex(o, 64, "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a6"
                      "15b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26");
    shake128(o, 32, NULL, 0);
    expect_hex(o, 32, "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
    shake256(o, 64, NULL, 0);
    expect_hex(o, 64, "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"
                      "d75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be");
}

Test(fips202, squeeze_zero_bytes)
{
    uint8_t o[4] = {0xAA, 0xAA, 0xAA, 0xAA};
    shake128(o, 0, (const uint8_t *)"x", 1);
    shake256(o, 0, NULL, 0);
    for (int i = 0; i < 4; i++) cr_assert_eq(o[i], 0xAA);
    sha3_ctx c;
    shake256_init(&c);
    shake_squeeze(&c, o, 0);
    shake_squeeze(&c, o, 1);
    uint8_t e[1];
    shake256(e, 1, NULL, 0);
    cr_assert_eq(o[0], e[0]);
    sha3_wipe(&c);
}

/* ---- independent reference: every length 0 .. 3r+1 (item 38) ------------ */

struct inst { const char *name; size_t rate; uint8_t ds; size_t outlen; };
static const struct inst insts[] = {
    {"SHA3-256", 136, 0x06, 32}, {"SHA3-512", 72, 0x06, 64},
    {"SHAKE128", 168, 0x1F, 400}, {"SHAKE256", 136, 0x1F, 300},
};

static void ours(const struct inst *in, uint8_t *out, const uint8_t *m, size_t n)
{
    if (in->rate == 136 && in->ds == 0x06) sha3_256(out, m, n);
    else if (in->rate == 72) sha3_512(out, m, n);
    else if (in->rate == 168) shake128(out, in->outlen, m, n);
    else shake256(out, in->outlen, m, n);
}

Test(reference, every_length_up_to_3r_plus_1)
{
    uint8_t m[3 * 168 + 2], a[400], b[400];
    test_rand(m, sizeof m, "sha3-lengths", 0);
    int checked = 0;
    for (size_t k = 0; k < 4; k++) {
        const struct inst *in = &insts[k];
        for (size_t n = 0; n <= 3 * in->rate + 1; n++) {
            ours(in, a, m, n);
            ref_sponge(b, in->outlen, m, n, in->rate, in->ds);
            cr_assert(memcmp(a, b, in->outlen) == 0, "%s length %zu", in->name, n);
            checked++;
        }
    }
    fprintf(stderr, "textbook Keccak agrees on %d lengths\n", checked);
}

Test(reference, permutation_on_random_states)
{
    for (uint64_t t = 0; t < 64; t++) {
        uint64_t a[25], b[25];
        test_rand((uint8_t *)a, sizeof a, "keccak-state", t);
        memcpy(b, a, sizeof a);
        sha3_keccakf1600(a);
        ref_keccakp(b);
        cr_assert(memcmp(a, b, sizeof a) == 0, "state %llu", (unsigned long long)t);
    }
}

/* ---- incremental == one-shot (item 38) ----------------------------------- */

static void init_inst(sha3_ctx *c, const struct inst *in)
{
    if (in->rate == 136 && in->ds == 0x06) sha3_256_init(c);
    else if (in->rate == 72) sha3_512_init(c);
    else if (in->rate == 168) shake128_init(c);
    else shake256_init(c);
}

static void final_inst(sha3_ctx *c, const struct inst *in, uint8_t *out, size_t chunk)
{
    if (in->ds == 0x06) {
        if (in->rate == 136) sha3_256_final(c, out); else sha3_512_final(c, out);
        return;
    }
    shake_finalize(c);
    for (size_t o = 0; o < in->outlen; o += chunk) {
        size_t n = in->outlen - o < chunk ? in->outlen - o : chunk;
        shake_squeeze(c, out + o, n);
    }
    sha3_wipe(c);
}

Test(incremental, split_at_every_offset)
{
    uint8_t m[2 * 168 + 3], a[400], b[400];
    test_rand(m, sizeof m, "sha3-split", 0);
    for (size_t k = 0; k < 4; k++) {
        const struct inst *in = &insts[k];
        size_t n = 2 * in->rate + 1;
        ours(in, a, m, n);
        for (size_t s1 = 0; s1 <= n; s1++) {
            sha3_ctx c;
            init_inst(&c, in);
            cr_assert_eq(sha3_absorb(&c, m, s1), 0);
            cr_assert_eq(sha3_absorb(&c, m + s1, n - s1), 0);
            final_inst(&c, in, b, in->outlen);
            cr_assert(memcmp(a, b, in->outlen) == 0, "%s split at %zu", in->name, s1);
        }
    }
}

Test(incremental, random_splits_and_odd_squeezes)
{
    static uint8_t m[5000];
    uint8_t a[400], b[400], rnd[64];
    test_rand(m, sizeof m, "sha3-rsplit", 0);
    for (uint64_t t = 0; t < 400; t++) {
        const struct inst *in = &insts[t % 4];
        test_rand(rnd, sizeof rnd, "sha3-rsplit-plan", t);
        size_t n = ((size_t)rnd[0] << 8 | rnd[1]) % sizeof m;
        ours(in, a, m, n);
        sha3_ctx c;
        init_inst(&c, in);
        size_t off = 0;
        for (int j = 2; off < n; j++) {
            size_t step = (size_t)rnd[j % 64] % (in->rate + 2);  /* 0 .. rate+1 */
            if (step > n - off) step = n - off;
            sha3_absorb(&c, m + off, step);
            off += step;
        }
        size_t chunk = (size_t)(t % 7 == 0 ? 1 : rnd[63] % 200 + 1);
        final_inst(&c, in, b, chunk);
        cr_assert(memcmp(a, b, in->outlen) == 0, "%s trial %llu", in->name, (unsigned long long)t);
    }
}

Test(incremental, squeeze_one_byte_at_a_time_across_blocks)
{
    uint8_t a[3 * 168 + 5], b[3 * 168 + 5];
    shake128(a, sizeof a, (const uint8_t *)"abc", 3);
    sha3_ctx c;
    shake128_init(&c);
    sha3_absorb(&c, (const uint8_t *)"abc", 3);
    for (size_t i = 0; i < sizeof b; i++) shake_squeeze(&c, b + i, 1);
    sha3_wipe(&c);
    cr_assert(memcmp(a, b, sizeof a) == 0);
    shake128_init(&c);
    sha3_absorb(&c, (const uint8_t *)"abc", 3);
    shake_finalize(&c);
    shake_squeezeblocks(&c, b, 3);
    shake_squeeze(&c, b + 3 * 168, 5);
    sha3_wipe(&c);
    cr_assert(memcmp(a, b, sizeof a) == 0);
}

/* Item 38: absorbing after finalization is refused and changes nothing. */
Test(bad_input, item38_absorb_after_finalize_refused)
{
    uint8_t a[32], b[32];
    sha3_ctx c;
    shake128_init(&c);
    sha3_absorb(&c, (const uint8_t *)"abc", 3);
    shake_finalize(&c);
    cr_assert_eq(sha3_absorb(&c, (const uint8_t *)"d", 1), SHA3_ERR_STATE);
    shake_squeeze(&c, a, 32);
    sha3_wipe(&c);
    shake128(b, 32, (const uint8_t *)"abc", 3);
    cr_assert(memcmp(a, b, 32) == 0);
}

Test(hygiene, final_and_sha3_wipe_zero_the_state)
{
    sha3_ctx c;
    uint8_t o[32];
    sha3_256_init(&c);
    sha3_absorb(&c, (const uint8_t *)"secret", 6);
    sha3_256_final(&c, o);
    const uint8_t *p = (const uint8_t *)&c;
    for (size_t i = 0; i < sizeof c; i++) cr_assert_eq(p[i], 0);
}

/*
 * Issue #15, item 1: every incremental call on a context that is not live
 * returns SHA3_ERR_STATE and leaves the context byte for byte unchanged.
 * Before the fix a wiped context had rate 0: absorb looped forever and
 * squeeze/final wrote ~4 GiB past the state. A misbehaving call here would
 * hang or crash: Criterion reports both as failures (each test runs in its
 * own process with a timeout).
 */
typedef void (*ctx_init_fn)(sha3_ctx *);
static const ctx_init_fn all_inits[4] = { sha3_256_init, sha3_512_init, shake128_init, shake256_init };

enum dead_kind { DEAD_ZEROED, DEAD_FINALIZED, DEAD_RELEASED, DEAD_GARBAGE };

/* A dead context of function f (index into all_inits), as kind k makes it. */
static void make_dead(sha3_ctx *c, int f, enum dead_kind k)
{
    uint8_t d[64];
    memset(c, 0, sizeof *c);
    if (k == DEAD_ZEROED) return;
    if (k == DEAD_GARBAGE) { memset(c, 0xA5, sizeof *c); return; }
    all_inits[f](c);
    cr_assert_eq(sha3_absorb(c, (const uint8_t *)"abc", 3), 0);
    if (k == DEAD_FINALIZED && f == 0) { cr_assert_eq(sha3_256_final(c, d), 0); return; }
    if (k == DEAD_FINALIZED && f == 1) { cr_assert_eq(sha3_512_final(c, d), 0); return; }
    if (k == DEAD_FINALIZED) {           /* SHAKE: finalize, squeeze, then release */
        cr_assert_eq(shake_finalize(c), 0);
        cr_assert_eq(shake_squeeze(c, d, sizeof d), 0);
    }
    cr_assert_eq(sha3_wipe(c), 0);
}

/* Run every incremental call on a copy of dead context *c; each must refuse. */
static void all_calls_refused(const sha3_ctx *dead, const char *what)
{
    static uint8_t big[3 * 168 + 5];
    uint8_t o[64];
    sha3_ctx c;
#define FRESH() memcpy(&c, dead, sizeof c)
#define SAME() cr_assert(memcmp(&c, dead, sizeof c) == 0, "%s: context changed", what)
    FRESH(); cr_assert_eq(sha3_absorb(&c, big, 1), SHA3_ERR_STATE, "%s: absorb 1", what); SAME();
    FRESH(); cr_assert_eq(sha3_absorb(&c, big, sizeof big), SHA3_ERR_STATE, "%s: absorb", what); SAME();
    FRESH(); cr_assert_eq(sha3_absorb(&c, big, 0), SHA3_ERR_STATE, "%s: absorb 0", what); SAME();
    FRESH(); memset(o, 0x55, sizeof o);
    cr_assert_eq(sha3_256_final(&c, o), SHA3_ERR_STATE, "%s: sha3_256_final", what); SAME();
    for (size_t i = 0; i < 32; i++) cr_assert_eq(o[i], 0, "%s: digest not zeroed", what);
    FRESH(); memset(o, 0x55, sizeof o);
    cr_assert_eq(sha3_512_final(&c, o), SHA3_ERR_STATE, "%s: sha3_512_final", what); SAME();
    for (size_t i = 0; i < 64; i++) cr_assert_eq(o[i], 0, "%s: digest not zeroed", what);
    FRESH(); cr_assert_eq(shake_finalize(&c), SHA3_ERR_STATE, "%s: finalize", what); SAME();
    FRESH(); memset(o, 0x55, sizeof o);
    cr_assert_eq(shake_squeeze(&c, o, sizeof o), SHA3_ERR_STATE, "%s: squeeze", what); SAME();
    for (size_t i = 0; i < sizeof o; i++) cr_assert_eq(o[i], 0, "%s: squeeze output not zeroed", what);
    FRESH(); cr_assert_eq(shake_squeeze(&c, o, 0), SHA3_ERR_STATE, "%s: squeeze 0", what); SAME();
    FRESH(); cr_assert_eq(shake_squeezeblocks(&c, big, 1), SHA3_ERR_STATE, "%s: squeezeblocks", what); SAME();
    FRESH(); cr_assert_eq(sha3_wipe(&c), SHA3_ERR_STATE, "%s: release", what); SAME();
#undef FRESH
#undef SAME
}

Test(misuse, every_call_on_a_zeroed_context_refused, .timeout = 10)
{
    sha3_ctx c;
    make_dead(&c, 0, DEAD_ZEROED);
    all_calls_refused(&c, "zeroed");
}

Test(misuse, every_call_on_a_garbage_context_refused, .timeout = 10)
{
    sha3_ctx c;
    make_dead(&c, 0, DEAD_GARBAGE);
    all_calls_refused(&c, "garbage");
}

Test(misuse, every_call_after_final_refused_for_each_function, .timeout = 10)
{
    static const char *names[4] = { "sha3-256 final", "sha3-512 final", "shake128 final", "shake256 final" };
    for (int f = 0; f < 4; f++) {
        sha3_ctx c;
        make_dead(&c, f, DEAD_FINALIZED);
        all_calls_refused(&c, names[f]);
    }
}

Test(misuse, every_call_after_wipe_refused_for_each_function, .timeout = 10)
{
    static const char *names[4] = { "sha3-256 released", "sha3-512 released", "shake128 released",
                                    "shake256 released" };
    for (int f = 0; f < 4; f++) {
        sha3_ctx c;
        make_dead(&c, f, DEAD_RELEASED);
        all_calls_refused(&c, names[f]);
    }
}

/* A live context of the wrong kind or state: refused, unchanged, still usable. */
Test(misuse, live_context_misuse_refused_and_harmless, .timeout = 10)
{
    uint8_t a[32], b[32], o[64];
    sha3_ctx c, copy;
    /* SHA3-256 final on SHAKE contexts, SHA3-512 final on SHA3-256. */
    for (int f = 0; f < 4; f++) {
        all_inits[f](&c);
        cr_assert_eq(sha3_absorb(&c, (const uint8_t *)"abc", 3), 0);
        memcpy(&copy, &c, sizeof c);
        if (f != 0) { cr_assert_eq(sha3_256_final(&c, o), SHA3_ERR_STATE); }
        if (f != 1) { cr_assert_eq(sha3_512_final(&c, o), SHA3_ERR_STATE); }
        cr_assert(memcmp(&c, &copy, sizeof c) == 0);
        cr_assert_eq(sha3_wipe(&c), 0);
    }
    /* Second finalize on a SHAKE state: refused, the output stream unchanged. */
    shake128_init(&c);
    cr_assert_eq(sha3_absorb(&c, (const uint8_t *)"abc", 3), 0);
    cr_assert_eq(shake_finalize(&c), 0);
    memcpy(&copy, &c, sizeof c);
    cr_assert_eq(shake_finalize(&c), SHA3_ERR_STATE);
    cr_assert(memcmp(&c, &copy, sizeof c) == 0);
    cr_assert_eq(shake_squeeze(&c, a, 32), 0);
    cr_assert_eq(sha3_wipe(&c), 0);
    shake128(b, 32, (const uint8_t *)"abc", 3);
    cr_assert(memcmp(a, b, 32) == 0);
    /* SHA3-256 final after the context was already squeezed. */
    sha3_256_init(&c);
    cr_assert_eq(shake_squeeze(&c, o, 1), 0);
    memcpy(&copy, &c, sizeof c);
    cr_assert_eq(sha3_256_final(&c, o), SHA3_ERR_STATE);
    cr_assert(memcmp(&c, &copy, sizeof c) == 0);
    /* NULL pointers with nonzero lengths (SHA3_ERR_NULL), and a wrapping
     * block count (SHA3_ERR_LENGTH); API.md's error set. */
    shake256_init(&c);
    memcpy(&copy, &c, sizeof c);
    cr_assert_eq(sha3_absorb(&c, NULL, 1), SHA3_ERR_NULL);
    cr_assert_eq(shake_squeeze(&c, NULL, 1), SHA3_ERR_NULL);
    cr_assert_eq(shake_squeezeblocks(&c, o, SIZE_MAX / SHAKE256_RATE + 1), SHA3_ERR_LENGTH);
    cr_assert_eq(shake_squeezeblocks(&c, o, (SIZE_MAX >> 8) + 1), SHA3_ERR_LENGTH);
    cr_assert(memcmp(&c, &copy, sizeof c) == 0);
    sha3_256_init(&c);
    memcpy(&copy, &c, sizeof c);
    cr_assert_eq(sha3_256_final(&c, NULL), SHA3_ERR_NULL);
    cr_assert(memcmp(&c, &copy, sizeof c) == 0);
    cr_assert_eq(sha3_wipe(&c), 0);
    cr_assert_eq(sha3_absorb(NULL, a, 1), SHA3_ERR_NULL);
    cr_assert_eq(shake_finalize(NULL), SHA3_ERR_NULL);
    memset(o, 0x55, sizeof o);
    cr_assert_eq(shake_squeeze(NULL, o, 1), SHA3_ERR_NULL);
    cr_assert_eq(o[0], 0, "squeeze output not zeroed");
    cr_assert_eq(shake_squeezeblocks(NULL, o, 1), SHA3_ERR_NULL);
    cr_assert_eq(sha3_512_final(NULL, o), SHA3_ERR_NULL);
    cr_assert_eq(sha3_wipe(NULL), SHA3_ERR_NULL);
}
