/*
 * test_sha3.c -- FIPS 202 against the NIST CAVP files, the FIPS 202 example
 * digests, and the textbook Keccak of sha3/keccak_ref.c (Algorithms 1-7
 * written step by step) under a byte-wise sponge for every length 0 .. 3r+1
 * and every split; the generic sponge (any rate, any suffix) likewise.
 * Bad-input item 38 (../shared/docs/bad-inputs.md) is covered here.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../sha3/sha3.h"
#include "../sha3/keccak_impl.h"
#include "vectors.h"

/* ---- the textbook Keccak-p[1600, 24]: sha3/keccak_ref.c ------------------- */

#define ref_keccakp sha3_keccakf1600_ref

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
    /* The fast permutation against the readable one: zero, all-one, every
     * single bit, and 10,000 random states (each also iterated once more). */
    uint64_t a[25], b[25];
    memset(a, 0, sizeof a);
    memcpy(b, a, sizeof a);
    sha3_keccakf1600(a);
    ref_keccakp(b);
    cr_assert(memcmp(a, b, sizeof a) == 0, "zero state");
    memset(a, 0xff, sizeof a);
    memcpy(b, a, sizeof a);
    sha3_keccakf1600(a);
    ref_keccakp(b);
    cr_assert(memcmp(a, b, sizeof a) == 0, "all-one state");
    for (unsigned bit = 0; bit < 1600; bit++) {
        memset(a, 0, sizeof a);
        a[bit / 64] = (uint64_t)1 << (bit % 64);
        memcpy(b, a, sizeof a);
        sha3_keccakf1600(a);
        ref_keccakp(b);
        cr_assert(memcmp(a, b, sizeof a) == 0, "bit %u", bit);
    }
    for (uint64_t t = 0; t < 10000; t++) {
        test_rand((uint8_t *)a, sizeof a, "keccak-state", t);
        memcpy(b, a, sizeof a);
        sha3_keccakf1600(a);
        ref_keccakp(b);
        cr_assert(memcmp(a, b, sizeof a) == 0, "state %llu", (unsigned long long)t);
        sha3_keccakf1600(a);
        ref_keccakp(b);
        cr_assert(memcmp(a, b, sizeof a) == 0, "state %llu, twice", (unsigned long long)t);
    }
}

/* The first KECCAK-f[1600] of the zero state (the Keccak team's published
 * intermediate value), so the reference is pinned to the standard as well. */
Test(reference, permutation_of_the_zero_state)
{
    uint64_t s[25] = {0};
    ref_keccakp(s);
    cr_assert_eq(s[0], 0xF1258F7940E1DDE7ULL);
    cr_assert_eq(s[1], 0x84D5CCF933C0478AULL);
    cr_assert_eq(s[24], 0xEAF1FF7B5CECA249ULL);
}

/* ---- the generic sponge: any rate and suffix ------------------------------ */

/* Rates and suffixes beyond the four instances: SHA3-224 and SHA3-384
 * (144, 104), the smallest and largest rate, the Keccak suffix 0x01, cSHAKE's
 * 0x04, and 0x7F, whose top bits share the last byte with pad10*1's final 1. */
static const struct { unsigned rate; uint8_t suffix; } generic_insts[] = {
    {144, 0x06}, {104, 0x06}, {8, 0x1F}, {192, 0x7F}, {136, 0x01}, {168, 0x04}, {72, 0x7F},
};

Test(generic, sponge_every_length_any_rate_and_suffix)
{
    static uint8_t m[3 * 192 + 2], a[3 * 192 + 9], b[3 * 192 + 9], c2[3 * 192 + 9];
    test_rand(m, sizeof m, "sha3-generic", 0);
    for (size_t k = 0; k < sizeof generic_insts / sizeof generic_insts[0]; k++) {
        const unsigned rate = generic_insts[k].rate;
        const uint8_t sfx = generic_insts[k].suffix;
        const size_t outlen = 2 * rate + 9;
        for (size_t n = 0; n <= 3 * (size_t)rate + 1; n++) {
            ref_sponge(b, outlen, m, n, rate, sfx);
            cr_assert_eq(sha3_keccak(a, outlen, m, n, rate, sfx), 0);
            cr_assert(memcmp(a, b, outlen) == 0, "one-shot rate %u suffix %02x length %zu", rate, sfx, n);
            /* incremental: split in two, squeeze in two */
            sha3_ctx c;
            cr_assert_eq(sha3_sponge_init(&c, rate, sfx), 0);
            cr_assert_eq(sha3_sponge_absorb(&c, m, n / 3), 0);
            cr_assert_eq(sha3_sponge_absorb(&c, m + n / 3, n - n / 3), 0);
            cr_assert_eq(sha3_sponge_finalize(&c), 0);
            cr_assert_eq(sha3_sponge_squeeze(&c, c2, n % 11), 0);
            cr_assert_eq(sha3_sponge_squeeze(&c, c2 + n % 11, outlen - n % 11), 0);
            cr_assert_eq(sha3_wipe(&c), 0);
            cr_assert(memcmp(c2, b, outlen) == 0, "incremental rate %u suffix %02x length %zu", rate, sfx, n);
            /* absorb_once, then whole blocks: bytes and lanes in place */
            cr_assert_eq(sha3_sponge_absorb_once(&c, rate, sfx, m, n), 0);
            cr_assert_eq(sha3_sponge_squeezeblocks(&c, c2, 1), 0);
            const uint64_t *L = sha3_sponge_squeeze_lanes(&c);
            cr_assert_not_null(L);
            for (unsigned i = 0; i < rate; i++) c2[rate + i] = (uint8_t)(L[i / 8] >> (8 * (i % 8)));
            cr_assert(memcmp(c2, b, 2 * rate) == 0, "blocks rate %u suffix %02x length %zu", rate, sfx, n);
            cr_assert_eq(sha3_wipe(&c), 0);
        }
    }
}

/* The instances are the generic sponge with their rate and suffix. */
Test(generic, instances_are_the_generic_sponge)
{
    uint8_t m[300], a[200], b[200];
    test_rand(m, sizeof m, "sha3-inst", 0);
    for (size_t n = 0; n < sizeof m; n += 7) {
        sha3_256(a, m, n);
        cr_assert_eq(sha3_keccak(b, 32, m, n, SHA3_256_RATE, SHA3_SUFFIX_SHA3), 0);
        cr_assert(memcmp(a, b, 32) == 0);
        sha3_512(a, m, n);
        cr_assert_eq(sha3_keccak(b, 64, m, n, SHA3_512_RATE, SHA3_SUFFIX_SHA3), 0);
        cr_assert(memcmp(a, b, 64) == 0);
        shake128(a, 200, m, n);
        cr_assert_eq(sha3_keccak(b, 200, m, n, SHAKE128_RATE, SHA3_SUFFIX_SHAKE), 0);
        cr_assert(memcmp(a, b, 200) == 0);
        shake256(a, 200, m, n);
        cr_assert_eq(sha3_keccak(b, 200, m, n, SHAKE256_RATE, SHA3_SUFFIX_SHAKE), 0);
        cr_assert(memcmp(a, b, 200) == 0);
    }
    /* a generic context with the SHA3-256 parameters finalizes as SHA3-256 */
    sha3_ctx c;
    cr_assert_eq(sha3_sponge_init(&c, SHA3_256_RATE, SHA3_SUFFIX_SHA3), 0);
    cr_assert_eq(sha3_sponge_absorb(&c, m, 100), 0);
    cr_assert_eq(sha3_256_final(&c, a), 0);
    sha3_256(b, m, 100);
    cr_assert(memcmp(a, b, 32) == 0);
}

/* Published digests of "abc" and "" for instances sha3.h does not name. */
Test(generic, known_answers)
{
    uint8_t o[48];
    const uint8_t *abc = (const uint8_t *)"abc";
    cr_assert_eq(sha3_keccak(o, 28, abc, 3, 144, SHA3_SUFFIX_SHA3), 0); /* SHA3-224 */
    expect_hex(o, 28, "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf");
    cr_assert_eq(sha3_keccak(o, 48, abc, 3, 104, SHA3_SUFFIX_SHA3), 0); /* SHA3-384 */
    expect_hex(o, 48, "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b2"
                      "98d88cea927ac7f539f1edf228376d25");
    cr_assert_eq(sha3_keccak(o, 32, NULL, 0, 136, SHA3_SUFFIX_KECCAK), 0); /* Keccak-256 */
    expect_hex(o, 32, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
}

Test(generic, parameters_outside_the_range_refused, .timeout = 10)
{
    static const unsigned bad_rates[] = {0, 1, 7, 9, 100, 135, 193, 199, 200, 208, 256, 0xA5A5A5A5u};
    static const uint8_t bad_suffixes[] = {0x00, 0x80, 0x86, 0x9F, 0xFF};
    uint8_t o[16], m[4] = {1, 2, 3, 4};
    sha3_ctx c;
    for (size_t i = 0; i < sizeof bad_rates / sizeof bad_rates[0]; i++) {
        memset(&c, 0x55, sizeof c);
        cr_assert_eq(sha3_sponge_init(&c, bad_rates[i], 0x06), SHA3_ERR_PARAM);
        cr_assert_eq(sha3_sponge_absorb(&c, m, 4), SHA3_ERR_STATE); /* zeroed, dead */
        memset(&c, 0x55, sizeof c);
        cr_assert_eq(sha3_sponge_absorb_once(&c, bad_rates[i], 0x1F, m, 4), SHA3_ERR_PARAM);
        cr_assert_null(sha3_sponge_squeeze_lanes(&c));
        memset(o, 0x55, sizeof o);
        cr_assert_eq(sha3_keccak(o, sizeof o, m, 4, bad_rates[i], 0x06), SHA3_ERR_PARAM);
        for (size_t k = 0; k < sizeof o; k++) cr_assert_eq(o[k], 0);
    }
    for (size_t i = 0; i < sizeof bad_suffixes; i++) {
        cr_assert_eq(sha3_sponge_init(&c, 136, bad_suffixes[i]), SHA3_ERR_PARAM);
        cr_assert_eq(sha3_sponge_absorb_once(&c, 136, bad_suffixes[i], m, 4), SHA3_ERR_PARAM);
        memset(o, 0x55, sizeof o);
        cr_assert_eq(sha3_keccak(o, sizeof o, m, 4, 136, bad_suffixes[i]), SHA3_ERR_PARAM);
        for (size_t k = 0; k < sizeof o; k++) cr_assert_eq(o[k], 0);
    }
    cr_assert_eq(sha3_sponge_init(NULL, 136, 0x06), SHA3_ERR_NULL);
    cr_assert_eq(sha3_sponge_absorb_once(NULL, 136, 0x06, m, 4), SHA3_ERR_NULL);
    cr_assert_eq(sha3_sponge_absorb_once(&c, 136, 0x06, NULL, 4), SHA3_ERR_NULL);
    cr_assert_null(sha3_sponge_squeeze_lanes(&c));
    cr_assert_eq(sha3_keccak(o, sizeof o, NULL, 4, 136, 0x06), SHA3_ERR_NULL);
    cr_assert_eq(sha3_keccak(NULL, 1, m, 4, 136, 0x06), SHA3_ERR_NULL);
    cr_assert_null(sha3_sponge_squeeze_lanes(NULL));
}

/* In-place blocks only on a block boundary; a refused call changes nothing. */
Test(generic, squeeze_lanes_only_on_a_block_boundary, .timeout = 10)
{
    uint8_t a[3 * 168], b[3 * 168];
    sha3_ctx c, copy;
    shake128(a, sizeof a, (const uint8_t *)"abc", 3);
    /* still absorbing: finalized first */
    shake128_init(&c);
    cr_assert_eq(sha3_absorb(&c, (const uint8_t *)"abc", 3), 0);
    for (int blk = 0; blk < 3; blk++) {
        const uint64_t *L = sha3_sponge_squeeze_lanes(&c);
        cr_assert_not_null(L);
        for (unsigned i = 0; i < 168; i++) b[168 * blk + i] = (uint8_t)(L[i / 8] >> (8 * (i % 8)));
    }
    cr_assert(memcmp(a, b, sizeof a) == 0);
    /* absorbing is refused afterwards, and byte-wise squeezing continues the stream */
    cr_assert_eq(sha3_absorb(&c, (const uint8_t *)"d", 1), SHA3_ERR_STATE);
    uint8_t more[5], want[3 * 168 + 5];
    shake128(want, sizeof want, (const uint8_t *)"abc", 3);
    cr_assert_eq(shake_squeeze(&c, more, 5), 0);
    cr_assert(memcmp(more, want + 3 * 168, 5) == 0);
    /* mid-block: refused, unchanged */
    memcpy(&copy, &c, sizeof c);
    cr_assert_null(sha3_sponge_squeeze_lanes(&c));
    cr_assert(memcmp(&c, &copy, sizeof c) == 0);
    cr_assert_eq(sha3_wipe(&c), 0);
    /* dead: refused */
    cr_assert_null(sha3_sponge_squeeze_lanes(&c));
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
