/*
 * Why one file (over 800 lines): one Criterion binary per primitive, its
 * cases sharing the vector readers and fixtures below; split by source it
 * would repeat them.
 * test_mldsa.c -- ML-DSA-65 (FIPS 204, mldsa/) against:
 *  - NIST ACVP keyGen v1.1.0.40 and sigGen / sigVer v1.1.0.35 (internal
 *    interface, deterministic and hedged), every ML-DSA-65 group;
 *  - the C2SP/CCTV accumulated test (10,000 keygen + deterministic sign) and
 *    its field-operation test (../shared/kat/hashes/CCTV-accumulated.md);
 *  - the NIST .rsp count-0 digest (PQClean nistkat-sha256) and our 100-count
 *    file digest (kat/digests.txt), through kat/genkat_mldsa.c;
 *  - four ACVP sigVer vectors of the external interface: pure with a 230-byte
 *    context, HashML-DSA with SHA3-512, SHAKE-128 and SHA2-224 (embedded,
 *    provenance at each); the pre-hashes of mldsa/sha2.c against hashlib;
 *  - round trips (contexts 0, 1, 255 bytes; messages 0 bytes and 1 MiB);
 *  - every ML-DSA item (11-20) of ../shared/docs/bad-inputs.md, the item
 *    number in the test name.
 *
 * Why one file (2,300 lines): a Criterion suite is one tests/test_*.c and
 * one binary (Makefile); its ACVP and CCTV loaders and the textbook helpers
 * serve every test in it.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kat/genkat.h"
#include "../mldsa/mldsa65.h"
#include "../mldsa/params.h"
#include "../sha3/sha3.h"
#include "vectors.h"

#define PKB MLDSA65_PUBLICKEYBYTES
#define SKB MLDSA65_SECRETKEYBYTES
#define SIGB MLDSA65_SIGBYTES

static const char *hexs(const uint8_t *p, size_t n, char *buf)
{
    for (size_t i = 0; i < n; i++) sprintf(buf + 2 * i, "%02x", p[i]);
    buf[2 * n] = '\0';
    return buf;
}

/* ---- NIST ACVP ----------------------------------------------------------- */

static json_t *groups_of(json_t *j) { return json_object_get(j, "testGroups"); }

static int is65(json_t *g)
{
    const char *ps = json_string_value(json_object_get(g, "parameterSet"));
    return ps != NULL && strcmp(ps, "ML-DSA-65") == 0;
}

Test(acvp, keygen_v1_1_0_40)
{
    json_t *j = kat_json("mldsa/acvp-v1.1.0.40/ML-DSA-keyGen-FIPS204/internalProjection.json");
    size_t gi, ti;
    json_t *g, *t;
    int n = 0;
    static uint8_t pk[PKB], sk[SKB];
    json_array_foreach(groups_of(j), gi, g) {
        if (!is65(g)) continue;
        json_array_foreach(json_object_get(g, "tests"), ti, t) {
            size_t sl, pl, kl;
            uint8_t *seed = json_hex(t, "seed", &sl);
            uint8_t *epk = json_hex(t, "pk", &pl);
            uint8_t *esk = json_hex(t, "sk", &kl);
            cr_assert_eq(sl, 32);
            cr_assert_eq(pl, PKB);
            cr_assert_eq(kl, SKB);
            cr_assert_eq(mldsa65_keypair_derand(pk, sk, seed), 0);
            cr_assert(memcmp(pk, epk, PKB) == 0, "keyGen tcId %d: pk differs",
                      (int)json_integer_value(json_object_get(t, "tcId")));
            cr_assert(memcmp(sk, esk, SKB) == 0, "keyGen tcId %d: sk differs",
                      (int)json_integer_value(json_object_get(t, "tcId")));
            free(seed); free(epk); free(esk);
            n++;
        }
    }
    json_decref(j);
    cr_assert_eq(n, 25);
    fprintf(stderr, "ACVP ML-DSA-65 keyGen v1.1.0.40: %d of %d records pass\n", n, n);
}

Test(acvp, siggen_v1_1_0_35_internal)
{
    json_t *j = kat_json("mldsa/acvp-v1.1.0.35/ML-DSA-sigGen-FIPS204/internalProjection.json");
    size_t gi, ti;
    json_t *g, *t;
    int n = 0, ndet = 0, nhedged = 0;
    static uint8_t sig[SIGB];
    json_array_foreach(groups_of(j), gi, g) {
        if (!is65(g)) continue;
        int det = json_is_true(json_object_get(g, "deterministic"));
        json_array_foreach(json_object_get(g, "tests"), ti, t) {
            size_t kl, ml, sl, rl;
            uint8_t rnd[32] = {0};
            uint8_t *sk = json_hex(t, "sk", &kl);
            uint8_t *msg = json_hex(t, "message", &ml);
            uint8_t *esig = json_hex(t, "signature", &sl);
            if (!det) {
                uint8_t *r = json_hex(t, "rnd", &rl);
                cr_assert_eq(rl, 32);
                memcpy(rnd, r, 32);
                free(r);
            }
            cr_assert_eq(kl, SKB);
            cr_assert_eq(sl, SIGB);
            cr_assert_eq(mldsa65_sign_internal(sig, msg, ml, rnd, sk), 0);
            cr_assert(memcmp(sig, esig, SIGB) == 0, "sigGen tcId %d differs",
                      (int)json_integer_value(json_object_get(t, "tcId")));
            free(sk); free(msg); free(esig);
            n++;
            if (det) ndet++; else nhedged++;
        }
    }
    json_decref(j);
    cr_assert_eq(n, 20);
    fprintf(stderr, "ACVP ML-DSA-65 sigGen v1.1.0.35 (internal): %d of %d records pass "
            "(%d deterministic, %d hedged)\n", n, n, ndet, nhedged);
}

Test(acvp, sigver_v1_1_0_35_internal)
{
    json_t *j = kat_json("mldsa/acvp-v1.1.0.35/ML-DSA-sigVer-FIPS204/internalProjection.json");
    size_t gi, ti;
    json_t *g, *t;
    int n = 0, nvalid = 0;
    json_array_foreach(groups_of(j), gi, g) {
        if (!is65(g)) continue;
        size_t pl;
        uint8_t *pk = json_hex(g, "pk", &pl);
        cr_assert_eq(pl, PKB);
        json_array_foreach(json_object_get(g, "tests"), ti, t) {
            size_t ml, sl;
            uint8_t *msg = json_hex(t, "message", &ml);
            uint8_t *sig = json_hex(t, "signature", &sl);
            int expect = json_is_true(json_object_get(t, "testPassed"));
            int rc = mldsa65_verify_internal(sig, sl, msg, ml, pk);
            cr_assert_eq(rc == 0, expect, "sigVer tcId %d (%s): got %d",
                         (int)json_integer_value(json_object_get(t, "tcId")),
                         json_string_value(json_object_get(t, "reason")), rc);
            free(msg); free(sig);
            n++;
            nvalid += expect;
        }
        free(pk);
    }
    json_decref(j);
    cr_assert_eq(n, 15);
    fprintf(stderr, "ACVP ML-DSA-65 sigVer v1.1.0.35 (internal): %d of %d records pass "
            "(%d valid, %d invalid)\n", n, n, nvalid, n - nvalid);
}

/* ---- C2SP/CCTV accumulated tests --------------------------------------- */

static void cctv_accumulated(int N, const char *expect)
{
    sha3_ctx rng, acc;
    static uint8_t pk[PKB], sk[SKB], sig[SIGB];
    uint8_t xi[32], out[32];
    char hx[65];
    static const uint8_t zero[32];
    shake128_init(&rng);
    shake_finalize(&rng);
    shake128_init(&acc);
    for (int i = 0; i < N; i++) {
        shake_squeeze(&rng, xi, 32);
        cr_assert_eq(mldsa65_keypair_derand(pk, sk, xi), 0);
        cr_assert_eq(mldsa65_sign_derand(sig, NULL, 0, NULL, 0, zero, sk), 0);
        cr_assert_eq(mldsa65_verify(sig, SIGB, NULL, 0, NULL, 0, pk), 0, "test %d", i);
        sha3_absorb(&acc, pk, PKB);
        sha3_absorb(&acc, sig, SIGB);
    }
    shake_squeeze(&acc, out, 32);
    cr_assert_str_eq(hexs(out, 32, hx), expect);
    fprintf(stderr, "CCTV ML-DSA-65 accumulated: %d of %d tests pass, digest %s\n", N, N, hx);
}

Test(cctv, accumulated_100)
{
    cctv_accumulated(100, "8358a1843220194417cadbc2651295cd8fc65125b5a5c1a239a16dc8b57ca199");
}

Test(cctv, accumulated_10000, .timeout = 120)
{
    cctv_accumulated(10000, "5ff5e196f0b830c3b10a9eb5358e7c98a3a20136cb677f3ae3b90175c3ace329");
}

/* Field-operation test: 12 decimal lines for every r in [0, q). */

static char *put_int(char *p, int32_t v)
{
    char tmp[16];
    int n = 0;
    uint32_t u;
    if (v < 0) {
        *p++ = '-';
        u = (uint32_t)(-(int64_t)v);
    } else {
        u = (uint32_t)v;
    }
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    while (n > 0) *p++ = tmp[--n];
    *p++ = '\n';
    return p;
}

/* Independent textbook FIPS 204 Algorithms 36, 40 for gamma2 = (q-1)/88 (the
 * ML-DSA-44 value, which mldsa/ does not implement), with plain division. */
static int32_t modpm(int32_t r, int32_t a) /* r mod+- a, a even: (-a/2, a/2] */
{
    int32_t t = r % a;
    if (t < 0) t += a;
    if (t > a / 2) t -= a;
    return t;
}

static void decompose_ref(int32_t r, int32_t g2, int32_t *r1, int32_t *r0)
{
    int32_t rp = r % MLDSA_Q;
    *r0 = modpm(rp, 2 * g2);
    if (rp - *r0 == MLDSA_Q - 1) {
        *r1 = 0;
        *r0 -= 1;
    } else {
        *r1 = (rp - *r0) / (2 * g2);
    }
}

static int32_t use_hint_ref(int h, int32_t r, int32_t g2)
{
    int32_t m = (MLDSA_Q - 1) / (2 * g2), r1, r0;
    decompose_ref(r, g2, &r1, &r0);
    if (h == 1 && r0 > 0) return (r1 + 1) % m;
    if (h == 1 && r0 <= 0) return (r1 - 1 + m) % m;
    return r1;
}

Test(cctv, field_operations, .timeout = 120)
{
    sha3_ctx acc;
    static char buf[1 << 16];
    char *p = buf;
    uint8_t out[32];
    char hx[65];
    const int32_t g44 = (MLDSA_Q - 1) / 88;
    shake128_init(&acc);
    for (int32_t r = 0; r < MLDSA_Q; r++) {
        int32_t c = modpm(r, MLDSA_Q), r1, r0, a1, a0;
        p = put_int(p, c);
        p = put_int(p, c < 0 ? -c : c);
        mldsa_power2round(&r1, &r0, r);                 /* mldsa/, Algorithm 35 */
        p = put_int(p, r1);
        p = put_int(p, r0 < 0 ? r0 + MLDSA_Q : r0);
        decompose_ref(r, g44, &a1, &a0);                /* gamma2 = (q-1)/88: test oracle */
        p = put_int(p, use_hint_ref(0, r, g44));
        p = put_int(p, use_hint_ref(1, r, g44));
        p = put_int(p, a0);
        p = put_int(p, a0 < 0 ? -a0 : a0);
        r1 = mldsa_decompose(&r0, r);                   /* mldsa/, Algorithms 36-38, 40 */
        cr_assert_eq(mldsa_use_hint(0, r), r1);
        p = put_int(p, r1);
        p = put_int(p, mldsa_use_hint(1, r));
        p = put_int(p, r0);
        p = put_int(p, r0 < 0 ? -r0 : r0);
        if (r == 6010000) {
            char row[256];
            *p = '\0';
            /* The README's check row (12 values). */
            const char *want = "-2370417\n2370417\n734\n8377489\n32\n31\n-84848\n84848\n"
                               "11\n12\n248464\n248464\n";
            size_t wl = strlen(want);
            cr_assert((size_t)(p - buf) >= wl);
            memcpy(row, p - wl, wl);
            row[wl] = '\0';
            cr_assert_str_eq(row, want);
        }
        if (p - buf > (long)sizeof buf - 256) {
            sha3_absorb(&acc, (const uint8_t *)buf, (size_t)(p - buf));
            p = buf;
        }
    }
    sha3_absorb(&acc, (const uint8_t *)buf, (size_t)(p - buf));
    shake_squeeze(&acc, out, 32);
    cr_assert_str_eq(hexs(out, 32, hx),
                     "f930663417278156ab05d940294a77210a809c924d8ab63ec72f4526247602c7");
    fprintf(stderr, "CCTV ML-DSA field operations: %d of %d values pass, digest %s\n", MLDSA_Q,
            MLDSA_Q, hx);
}

/* ---- NIST PQCgenKAT .rsp (kat/genkat_mldsa.c, kat/digests.txt) ---------- */

static void rsp_text(int ncounts, char **text, size_t *len)
{
    FILE *f = open_memstream(text, len);
    cr_assert_not_null(f);
    cr_assert_eq(genkat_mldsa65_rsp(f, ncounts), 0);
    fclose(f);
}

/* SHA-256 via the coreutils tool, read back: the tree has no SHA-2. */
static void sha256_lines(const char *text, int first, int last, char out[65])
{
    char tmpl[] = "/tmp/mldsa_rsp_XXXXXX";
    int fd = mkstemp(tmpl);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    const char *p = text;
    int line = 1;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p + 1) : strlen(p);
        if (line >= first && (last < 0 || line <= last)) fwrite(p, 1, n, f);
        p += n;
        line++;
    }
    fclose(f);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "sha256sum %s", tmpl);
    FILE *s = popen(cmd, "r");
    cr_assert_not_null(s);
    cr_assert_eq(fscanf(s, "%64s", out), 1);
    pclose(s);
    remove(tmpl);
}

Test(nist_rsp, count0_digest_pqclean)
{
    char *text;
    size_t len;
    char d[65];
    rsp_text(1, &text, &len);
    sha256_lines(text, 3, 10, d);
    cr_assert_str_eq(d, "7cb96242eac9907a55b5c84c202f0ebd552419c50b2e986dc2e28f07ecebf072");
    fprintf(stderr, "NIST .rsp ML-DSA-65 count 0: 1 of 1 records pass (PQClean nistkat-sha256 %s)\n", d);
    free(text);
}

Test(nist_rsp, file_100_digest)
{
    char *text;
    size_t len;
    char d[65];
    rsp_text(GENKAT_COUNT, &text, &len);
    sha256_lines(text, 1, -1, d);
    cr_assert_str_eq(d, "6f1f2f8205b323abcf16ab5acd69a67fc48f2a0b7163e19141f041894ae3cc1d");
    fprintf(stderr, "NIST .rsp ML-DSA-65: %d of %d records, whole-file SHA-256 %s\n", GENKAT_COUNT,
            GENKAT_COUNT, d);
    free(text);
}

/* ---- fixtures ------------------------------------------------------------- */

static uint8_t fx_pk[PKB], fx_sk[SKB];
static const uint8_t zero32[32];

/* The key of seed 01 00..00; messages "i" below are 4 little-endian bytes. */
static void fixture(void)
{
    uint8_t seed[32] = {1};
    cr_assert_eq(mldsa65_keypair_derand(fx_pk, fx_sk, seed), 0);
}

static void msg_of(uint8_t m[4], unsigned i)
{
    m[0] = (uint8_t)i; m[1] = (uint8_t)(i >> 8); m[2] = 0; m[3] = 0;
}

/* Deterministic signature of message i under the fixture key, empty ctx. */
static void sign_i(uint8_t sig[SIGB], unsigned i)
{
    uint8_t m[4];
    msg_of(m, i);
    cr_assert_eq(mldsa65_sign_derand(sig, m, 4, NULL, 0, zero32, fx_sk), 0);
}

static int verify_i(const uint8_t *sig, size_t siglen, unsigned i)
{
    uint8_t m[4];
    msg_of(m, i);
    return mldsa65_verify(sig, siglen, m, 4, NULL, 0, fx_pk);
}

/* ---- round trips ---------------------------------------------------------- */

Test(roundtrip, contexts_0_1_255_and_256_rejected)
{
    static uint8_t sig[SIGB], sig2[SIGB];
    uint8_t ctx[256], m[40];
    int n = 0;
    fixture();
    test_rand(ctx, sizeof ctx, "ctx", 0);
    test_rand(m, sizeof m, "msg", 0);
    const size_t lens[] = {0, 1, 255};
    for (int k = 0; k < 3; k++) {
        cr_assert_eq(mldsa65_sign(sig, m, sizeof m, ctx, lens[k], fx_sk), 0);
        cr_assert_eq(mldsa65_verify(sig, SIGB, m, sizeof m, ctx, lens[k], fx_pk), 0);
        /* Cross-context: the same signature under any other context fails. */
        for (int o = 0; o < 3; o++) {
            if (o != k)
                cr_assert_eq(mldsa65_verify(sig, SIGB, m, sizeof m, ctx, lens[o], fx_pk),
                             MLDSA65_ERR_VERIFY, "ctx %zu accepted under %zu", lens[k], lens[o]);
        }
        /* Same length, one byte different. */
        if (lens[k] > 0) {
            uint8_t c2[256];
            memcpy(c2, ctx, sizeof c2);
            c2[lens[k] - 1] ^= 1;
            cr_assert_eq(mldsa65_verify(sig, SIGB, m, sizeof m, c2, lens[k], fx_pk),
                         MLDSA65_ERR_VERIFY);
        }
        n++;
    }
    memset(sig2, 0xAA, sizeof sig2);
    cr_assert_eq(mldsa65_sign(sig2, m, sizeof m, ctx, 256, fx_sk), MLDSA65_ERR_LENGTH);
    for (size_t i = 0; i < SIGB; i++) cr_assert_eq(sig2[i], 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, sizeof m, ctx, 256, fx_pk), MLDSA65_ERR_LENGTH);
    fprintf(stderr, "round trip: contexts of 0, 1, 255 bytes: %d of %d pass; 256 rejected\n", n, n);
}

Test(roundtrip, messages_0_bytes_and_1MiB)
{
    static uint8_t sig[SIGB];
    const size_t big = 1u << 20;
    uint8_t *m = malloc(big);
    cr_assert_not_null(m);
    fixture();
    test_rand(m, big, "big", 0);
    cr_assert_eq(mldsa65_sign(sig, NULL, 0, NULL, 0, fx_sk), 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, NULL, 0, NULL, 0, fx_pk), 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, 1, NULL, 0, fx_pk), MLDSA65_ERR_VERIFY);
    cr_assert_eq(mldsa65_sign(sig, m, big, (const uint8_t *)"c", 1, fx_sk), 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, big, (const uint8_t *)"c", 1, fx_pk), 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, big - 1, (const uint8_t *)"c", 1, fx_pk),
                 MLDSA65_ERR_VERIFY);
    m[big / 2] ^= 0x80;
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, big, (const uint8_t *)"c", 1, fx_pk),
                 MLDSA65_ERR_VERIFY);
    free(m);
    fprintf(stderr, "round trip: messages of 0 bytes and 1 MiB: 2 of 2 pass\n");
}

Test(roundtrip, external_equals_internal_with_prefix)
{
    static uint8_t s1[SIGB], s2[SIGB];
    uint8_t mp[2 + 3 + 5] = {0, 3, 'a', 'b', 'c', 'h', 'e', 'l', 'l', 'o'};
    uint8_t rnd[32];
    fixture();
    test_rand(rnd, 32, "rnd", 1);
    cr_assert_eq(mldsa65_sign_derand(s1, mp + 5, 5, mp + 2, 3, rnd, fx_sk), 0);
    cr_assert_eq(mldsa65_sign_internal(s2, mp, sizeof mp, rnd, fx_sk), 0);
    cr_assert(memcmp(s1, s2, SIGB) == 0);
    cr_assert_eq(mldsa65_verify_internal(s1, SIGB, mp, sizeof mp, fx_pk), 0);
}

Test(roundtrip, keypair_from_randombytes)
{
    static uint8_t pk[PKB], sk[SKB], sig[SIGB];
    uint8_t e[48] = {7};
    randombytes_init(e, NULL, 256);
    cr_assert_eq(mldsa65_keypair(pk, sk), 0);
    cr_assert_eq(mldsa65_sign(sig, (const uint8_t *)"x", 1, NULL, 0, sk), 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, (const uint8_t *)"x", 1, NULL, 0, pk), 0);
}

/* ---- bad inputs (../shared/docs/bad-inputs.md, items 11-20) -------------- */

Test(bad_inputs, item11_pk_length_1951_1953_trailing_zero)
{
    static uint8_t sig[SIGB], pk2[PKB + 1];
    fixture();
    sign_i(sig, 1);
    uint8_t m[4];
    msg_of(m, 1);
    memcpy(pk2, fx_pk, PKB);
    pk2[PKB] = 0; /* one trailing zero byte */
    cr_assert_eq(mldsa65_verify_pklen(sig, SIGB, m, 4, NULL, 0, pk2, PKB), 0);
    cr_assert_eq(mldsa65_verify_pklen(sig, SIGB, m, 4, NULL, 0, pk2, PKB + 1), MLDSA65_ERR_LENGTH);
    cr_assert_eq(mldsa65_verify_pklen(sig, SIGB, m, 4, NULL, 0, pk2, PKB - 1), MLDSA65_ERR_LENGTH);
    cr_assert_eq(mldsa65_verify_pklen(sig, SIGB, m, 4, NULL, 0, pk2, 0), MLDSA65_ERR_LENGTH);
}

Test(bad_inputs, item12_sig_length_3308_3310_trailing_zero)
{
    static uint8_t sig[SIGB + 1];
    fixture();
    sign_i(sig, 2);
    sig[SIGB] = 0;
    cr_assert_eq(verify_i(sig, SIGB, 2), 0);
    cr_assert_eq(verify_i(sig, SIGB + 1, 2), MLDSA65_ERR_VERIFY);
    cr_assert_eq(verify_i(sig, SIGB - 1, 2), MLDSA65_ERR_VERIFY);
    cr_assert_eq(verify_i(sig, 0, 2), MLDSA65_ERR_VERIFY);
    cr_assert_eq(mldsa65_verify_internal(sig, SIGB + 1, (const uint8_t *)"", 0, fx_pk),
                 MLDSA65_ERR_VERIFY);
}

/* M' with a wrongly encoded context length, signed through the internal API. */
static void sign_bad_prefix(uint8_t sig[SIGB], const uint8_t *pre, size_t prelen,
                            const uint8_t *m, size_t mlen)
{
    static uint8_t mp[2 + 300 + 64];
    cr_assert(prelen + mlen <= sizeof mp);
    memcpy(mp, pre, prelen);
    memcpy(mp + prelen, m, mlen);
    cr_assert_eq(mldsa65_sign_internal(sig, mp, prelen + mlen, zero32, fx_sk), 0);
}

Test(bad_inputs, item13_context_256_and_misencoded_lengths)
{
    static uint8_t sig[SIGB];
    uint8_t ctx[300], pre[303], m[16];
    fixture();
    test_rand(ctx, sizeof ctx, "ctx13", 0);
    test_rand(m, sizeof m, "m13", 0);
    /* 256 (and more): sign error with a zeroed signature, verify false. */
    memset(sig, 0x55, SIGB);
    cr_assert_eq(mldsa65_sign_derand(sig, m, 16, ctx, 256, zero32, fx_sk), MLDSA65_ERR_LENGTH);
    for (size_t i = 0; i < SIGB; i++) cr_assert_eq(sig[i], 0);
    cr_assert_eq(mldsa65_sign_derand(sig, m, 16, ctx, 300, zero32, fx_sk), MLDSA65_ERR_LENGTH);
    /* len mod 256 for a 256-byte ctx: 0 || 0x00 || ctx(256) || m. */
    pre[0] = 0; pre[1] = 0; memcpy(pre + 2, ctx, 256);
    sign_bad_prefix(sig, pre, 258, m, 16);
    cr_assert_neq(mldsa65_verify(sig, SIGB, m, 16, ctx, 256, fx_pk), 0);
    cr_assert_neq(mldsa65_verify(sig, SIGB, m, 16, ctx, 0, fx_pk), 0);
    /* min(len, 255) for a 256-byte ctx. */
    pre[1] = 255;
    sign_bad_prefix(sig, pre, 258, m, 16);
    cr_assert_neq(mldsa65_verify(sig, SIGB, m, 16, ctx, 256, fx_pk), 0);
    cr_assert_neq(mldsa65_verify(sig, SIGB, m, 16, ctx, 255, fx_pk), 0);
    /* A 2-byte length for a 10-byte ctx: 0 || 00 0A || ctx || m (big and little endian). */
    pre[0] = 0; pre[1] = 0; pre[2] = 10; memcpy(pre + 3, ctx, 10);
    sign_bad_prefix(sig, pre, 13, m, 16);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, 16, ctx, 10, fx_pk), MLDSA65_ERR_VERIFY);
    pre[1] = 10; pre[2] = 0;
    sign_bad_prefix(sig, pre, 13, m, 16);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, 16, ctx, 10, fx_pk), MLDSA65_ERR_VERIFY);
    /* No prefix at all (internal signature checked externally). */
    sign_bad_prefix(sig, pre, 0, m, 16);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, 16, NULL, 0, fx_pk), MLDSA65_ERR_VERIFY);
    /* Lengths 0 and 255 are valid (and the correct encoding verifies). */
    cr_assert_eq(mldsa65_sign_derand(sig, m, 16, ctx, 255, zero32, fx_sk), 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, 16, ctx, 255, fx_pk), 0);
    cr_assert_eq(mldsa65_sign_derand(sig, m, 16, NULL, 0, zero32, fx_sk), 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, 16, NULL, 0, fx_pk), 0);
}

#define HOFF MLDSA_SIG_H
#define YCNT(i) (HOFF + MLDSA_OMEGA + (i))

Test(bad_inputs, item14_hint_encoding)
{
    static uint8_t sig[SIGB], t[SIGB];
    int cases = 0;
    fixture();
    sign_i(sig, 25); /* 52 hints in total */
    cr_assert_eq(verify_i(sig, SIGB, 25), 0);
    int total = sig[YCNT(MLDSA_K - 1)];
    cr_assert(total > 2 && total < MLDSA_OMEGA);
    /* A count byte smaller than the previous one. */
    for (int i = 1; i < MLDSA_K; i++) {
        memcpy(t, sig, SIGB);
        if (t[YCNT(i - 1)] == 0) continue;
        t[YCNT(i)] = (uint8_t)(t[YCNT(i - 1)] - 1);
        cr_assert_eq(verify_i(t, SIGB, 25), MLDSA65_ERR_VERIFY); cases++;
    }
    /* A count above omega (56, 255), first and last polynomial. */
    const uint8_t big[] = {MLDSA_OMEGA + 1, 255};
    for (int b = 0; b < 2; b++) {
        memcpy(t, sig, SIGB); t[YCNT(MLDSA_K - 1)] = big[b];
        cr_assert_eq(verify_i(t, SIGB, 25), MLDSA65_ERR_VERIFY); cases++;
        memcpy(t, sig, SIGB); t[YCNT(0)] = big[b];
        cr_assert_eq(verify_i(t, SIGB, 25), MLDSA65_ERR_VERIFY); cases++;
    }
    /* Indices out of order within a polynomial: swap a pair, and repeat one. */
    int first = 0;
    for (int i = 0; i < MLDSA_K; i++) {
        int end = sig[YCNT(i)];
        if (end - first >= 2) {
            memcpy(t, sig, SIGB);
            uint8_t a = t[HOFF + first];
            t[HOFF + first] = t[HOFF + first + 1];
            t[HOFF + first + 1] = a;
            cr_assert_eq(verify_i(t, SIGB, 25), MLDSA65_ERR_VERIFY); cases++;
            memcpy(t, sig, SIGB);
            t[HOFF + first + 1] = t[HOFF + first];
            cr_assert_eq(verify_i(t, SIGB, 25), MLDSA65_ERR_VERIFY); cases++;
        }
        first = end;
    }
    /* Non-zero padding after the last index. */
    for (int p = total; p < MLDSA_OMEGA; p++) {
        memcpy(t, sig, SIGB); t[HOFF + p] = 1;
        cr_assert_eq(verify_i(t, SIGB, 25), MLDSA65_ERR_VERIFY); cases++;
    }
    /* Counts that would read past the index area: all counts = omega, last 56. */
    memcpy(t, sig, SIGB);
    for (int i = 0; i < MLDSA_K; i++) t[YCNT(i)] = MLDSA_OMEGA;
    cr_assert_eq(verify_i(t, SIGB, 25), MLDSA65_ERR_VERIFY); cases++;
    t[YCNT(MLDSA_K - 1)] = MLDSA_OMEGA + 1;
    cr_assert_eq(verify_i(t, SIGB, 25), MLDSA65_ERR_VERIFY); cases++;

    /* HintBitUnpack alone on crafted encodings. */
    uint8_t y[MLDSA_OMEGA + MLDSA_K];
    static uint8_t h[MLDSA_K][MLDSA_N];
    memset(y, 0, sizeof y);
    cr_assert_eq(mldsa_hint_bit_unpack(h, y), 0); /* no hints at all: valid */
    for (int i = 0; i < MLDSA_OMEGA; i++) y[i] = (uint8_t)(i + 1);
    for (int i = 0; i < MLDSA_K; i++) y[MLDSA_OMEGA + i] = MLDSA_OMEGA; /* omega hints in poly 0 */
    cr_assert_eq(mldsa_hint_bit_unpack(h, y), 0);
    y[MLDSA_OMEGA + MLDSA_K - 1] = MLDSA_OMEGA + 1;
    cr_assert_eq(mldsa_hint_bit_unpack(h, y), -1); cases++;
    y[MLDSA_OMEGA + MLDSA_K - 1] = MLDSA_OMEGA;
    y[10] = y[9]; /* repeated */
    cr_assert_eq(mldsa_hint_bit_unpack(h, y), -1); cases++;
    fprintf(stderr, "item 14: %d malformed hint encodings rejected\n", cases);
}

static int32_t z_coef(const uint8_t *sig, int poly, int n)
{
    static int32_t z[MLDSA_N];
    mldsa_unpack_z(z, sig + MLDSA_SIG_Z + poly * MLDSA_Z_POLYBYTES);
    return z[n];
}

static void set_z_coef(uint8_t *sig, int poly, int n, int32_t v)
{
    static int32_t z[MLDSA_N];
    mldsa_unpack_z(z, sig + MLDSA_SIG_Z + poly * MLDSA_Z_POLYBYTES);
    z[n] = v;
    mldsa_pack_z(sig + MLDSA_SIG_Z + poly * MLDSA_Z_POLYBYTES, z);
}

Test(bad_inputs, item15_z_norm_boundary_both_directions)
{
    static uint8_t sig[SIGB], t[SIGB];
    const int32_t lim = MLDSA_GAMMA1 - MLDSA_BETA; /* 524092 */
    fixture();
    /* Message 25 has z[2][249] = gamma1 - beta - 1 = 524091: valid, at the edge. */
    sign_i(sig, 25);
    cr_assert_eq(z_coef(sig, 2, 249), lim - 1);
    cr_assert_eq(verify_i(sig, SIGB, 25), 0);
    /* Exactly +-(gamma1 - beta), and beyond, in several positions: rejected. */
    const int32_t vals[] = {lim, -lim, lim + 1, -(lim + 1), MLDSA_GAMMA1, -MLDSA_GAMMA1 + 1};
    const int pos[][2] = {{0, 0}, {2, 249}, {4, 255}};
    int cases = 0;
    for (int v = 0; v < 6; v++) {
        for (int p = 0; p < 3; p++) {
            memcpy(t, sig, SIGB);
            set_z_coef(t, pos[p][0], pos[p][1], vals[v]);
            cr_assert_eq(verify_i(t, SIGB, 25), MLDSA65_ERR_VERIFY);
            cases++;
        }
    }
    /* Every 20-bit pattern decodes; 0xFFFFF is gamma1 - 2^20 + 1 = -524287. */
    memcpy(t, sig, SIGB);
    memset(t + MLDSA_SIG_Z, 0xFF, 5);
    cr_assert_eq(z_coef(t, 0, 0), MLDSA_GAMMA1 - 0xFFFFF);
    cr_assert_eq(verify_i(t, SIGB, 25), MLDSA65_ERR_VERIFY);
    fprintf(stderr, "item 15: %d out-of-bound z rejected, the %d edge accepted\n", cases, lim - 1);
}

Test(bad_inputs, item16_ctilde_all_48_bytes_and_bit_flips)
{
    static uint8_t sig[SIGB], t[SIGB];
    int cases = 0;
    fixture();
    /* Message 109: c-tilde starts with a zero byte (a strcmp would stop there). */
    sign_i(sig, 109);
    cr_assert_eq(sig[0], 0);
    cr_assert_eq(verify_i(sig, SIGB, 109), 0);
    for (int i = 0; i < MLDSA_CTILDEBYTES; i++) {
        for (int b = 0; b < 8; b += 7) {
            memcpy(t, sig, SIGB);
            t[i] ^= (uint8_t)(1 << b);
            cr_assert_eq(verify_i(t, SIGB, 109), MLDSA65_ERR_VERIFY, "c-tilde byte %d", i);
            cases++;
        }
    }
    /* z of each polynomial, hints, the last byte. */
    const size_t offs[] = {MLDSA_SIG_Z, MLDSA_SIG_Z + 640 + 17, MLDSA_SIG_Z + 2 * 640 + 300,
                           MLDSA_SIG_Z + 3 * 640 + 639, MLDSA_SIG_Z + 4 * 640 + 5, HOFF, SIGB - 1};
    for (size_t k = 0; k < sizeof offs / sizeof offs[0]; k++) {
        memcpy(t, sig, SIGB);
        t[offs[k]] ^= 0x01;
        cr_assert_eq(verify_i(t, SIGB, 109), MLDSA65_ERR_VERIFY, "offset %zu", offs[k]);
        cases++;
    }
    fprintf(stderr, "item 16: %d modified signatures rejected\n", cases);
}

Test(bad_inputs, item17_valid_edge_cases)
{
    static uint8_t sig[SIGB];
    fixture();
    /* Exactly omega hints (message 970). */
    sign_i(sig, 970);
    cr_assert_eq(sig[YCNT(MLDSA_K - 1)], MLDSA_OMEGA);
    cr_assert_eq(verify_i(sig, SIGB, 970), 0);
    /* A polynomial with zero hints: find one among the fixture signatures. */
    int found = 0;
    for (unsigned i = 0; i < 200 && !found; i++) {
        sign_i(sig, i);
        for (int k = 0; k < MLDSA_K; k++) {
            int prev = k ? sig[YCNT(k - 1)] : 0;
            if (sig[YCNT(k)] == prev) {
                found = 1;
                cr_assert_eq(verify_i(sig, SIGB, i), 0);
            }
        }
    }
    cr_assert(found);
    /* Rounding boundaries (the field-operation test checks every r as well). */
    int32_t r0, r1;
    mldsa_power2round(&r1, &r0, 4096);  cr_assert(r1 == 0 && r0 == 4096);
    mldsa_power2round(&r1, &r0, 4097);  cr_assert(r1 == 1 && r0 == -4095);
    mldsa_power2round(&r1, &r0, MLDSA_Q - 1); cr_assert(r1 == 1023 && r0 == 0);
    r1 = mldsa_decompose(&r0, MLDSA_GAMMA2);     cr_assert(r1 == 0 && r0 == MLDSA_GAMMA2);
    r1 = mldsa_decompose(&r0, MLDSA_GAMMA2 + 1); cr_assert(r1 == 1 && r0 == -MLDSA_GAMMA2 + 1);
    r1 = mldsa_decompose(&r0, MLDSA_Q - 1 - MLDSA_GAMMA2); /* 15 * 2 gamma2 + gamma2 */
    cr_assert(r1 == 15 && r0 == MLDSA_GAMMA2);
    r1 = mldsa_decompose(&r0, MLDSA_Q - MLDSA_GAMMA2);     /* the special case */
    cr_assert(r1 == 0 && r0 == -MLDSA_GAMMA2);
    r1 = mldsa_decompose(&r0, MLDSA_Q - 1);  cr_assert(r1 == 0 && r0 == -1);
    cr_assert_eq(mldsa_use_hint(1, MLDSA_Q - 1), 15);  /* r1 = 0, r0 <= 0: 0 - 1 mod 16 */
    cr_assert_eq(mldsa_use_hint(1, MLDSA_GAMMA2), 1);
    cr_assert_eq(mldsa_use_hint(1, 0), 15);
    cr_assert_eq(mldsa_make_hint(1, MLDSA_GAMMA2), 1);
    cr_assert_eq(mldsa_make_hint(0, MLDSA_GAMMA2), 0);
    cr_assert_eq(mldsa_make_hint(-1, 0), 0); /* 0 - 1 = q - 1: special case, HighBits 0 */
    cr_assert_eq(mldsa_make_hint(-1, MLDSA_GAMMA2 + 1), 1);
}

/* A zero t1: pk = rho || 0. With t1 = 0 anyone can sign (z = y, no hints):
 * build such a signature by following Algorithm 7 with s1 = s2 = t0 = 0. */
Test(bad_inputs, item17_zero_t1_public_key_accepted)
{
    static uint8_t pk[PKB], sig[SIGB];
    static int32_t y[MLDSA_L][MLDSA_N], yh[MLDSA_L][MLDSA_N], w[MLDSA_N], a[MLDSA_N];
    static uint8_t w1[MLDSA_W1_POLYBYTES], hz[MLDSA_K][MLDSA_N];
    uint8_t mu[64], tr[64], seed[64];
    memset(pk, 0, sizeof pk);
    test_rand(pk, 32, "rho17", 0);
    shake256(tr, 64, pk, PKB);
    uint8_t mp[2] = {0, 0};
    sha3_ctx c;
    shake256_init(&c); sha3_absorb(&c, tr, 64); sha3_absorb(&c, mp, 2);
    shake_squeeze(&c, mu, 64);
    for (unsigned attempt = 0;; attempt++) {
        cr_assert(attempt < 100);
        test_rand(seed, 64, "y17", attempt);
        int ok = 1;
        for (int j = 0; j < MLDSA_L; j++) {
            mldsa_expand_mask_poly(sig + MLDSA_SIG_Z + j * 640, seed, (uint16_t)j);
            mldsa_unpack_z(y[j], sig + MLDSA_SIG_Z + j * 640);
            for (int n = 0; n < MLDSA_N; n++)
                if (y[j][n] >= MLDSA_GAMMA1 - MLDSA_BETA || y[j][n] <= -(MLDSA_GAMMA1 - MLDSA_BETA))
                    ok = 0;
            memcpy(yh[j], y[j], sizeof yh[j]);
            mldsa_ntt(yh[j]);
        }
        if (!ok) continue;
        shake256_init(&c); sha3_absorb(&c, mu, 64);
        for (int i = 0; i < MLDSA_K; i++) {
            memset(w, 0, sizeof w);
            for (int j = 0; j < MLDSA_L; j++) {
                mldsa_rej_ntt_poly(a, pk, (uint8_t)j, (uint8_t)i);
                for (int n = 0; n < MLDSA_N; n++)
                    w[n] += mldsa_montgomery_reduce((int64_t)a[n] * yh[j][n]);
            }
            for (int n = 0; n < MLDSA_N; n++) w[n] = mldsa_reduce32(w[n]);
            mldsa_invntt_tomont(w);
            for (int n = 0; n < MLDSA_N; n++) {
                int32_t r0;
                a[n] = mldsa_decompose(&r0, mldsa_caddq(w[n]));
            }
            mldsa_pack_w1(w1, a);
            sha3_absorb(&c, w1, sizeof w1);
        }
        shake_squeeze(&c, sig, MLDSA_CTILDEBYTES);
        memset(hz, 0, sizeof hz);
        mldsa_hint_bit_pack(sig + MLDSA_SIG_H, hz);
        break;
    }
    cr_assert_eq(mldsa65_verify_internal(sig, SIGB, mp, 2, pk), 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, NULL, 0, NULL, 0, pk), 0);
}

Test(bad_inputs, item17_many_signing_iterations)
{
    static uint8_t sig[SIGB], ref[SIGB];
    uint8_t m[4];
    int maxit = 0;
    fixture();
    /* The attempt count of message i is the smallest bound that succeeds. */
    for (unsigned i = 0; i < 60 && maxit < 12; i++) {
        msg_of(m, i);
        uint8_t pre[2] = {0, 0};
        cr_assert_eq(mldsa_sign_core(ref, pre, 2, m, 4, zero32, fx_sk, MLDSA65_MAX_SIGN_ATTEMPTS), 0);
        unsigned it = 1;
        while (mldsa_sign_core(sig, pre, 2, m, 4, zero32, fx_sk, it) != 0) it++;
        cr_assert(memcmp(sig, ref, SIGB) == 0);
        cr_assert_eq(verify_i(sig, SIGB, i), 0);
        if ((int)it > maxit) maxit = (int)it;
    }
    cr_assert_geq(maxit, 10);
    fprintf(stderr, "item 17: signatures needing 1 to %d attempts verify\n", maxit);
}

Test(bad_inputs, item18_secret_key_length_range_and_loop_bound)
{
    static uint8_t sig[SIGB], sk[SKB + 1];
    uint8_t m[4];
    fixture();
    msg_of(m, 3);
    /* Wrong length. */
    memcpy(sk, fx_sk, SKB);
    memset(sig, 0xAA, SIGB);
    cr_assert_eq(mldsa65_sign_sklen(sig, m, 4, NULL, 0, sk, SKB + 1), MLDSA65_ERR_LENGTH);
    for (size_t i = 0; i < SIGB; i++) cr_assert_eq(sig[i], 0);
    memset(sig, 0xAA, SIGB);
    cr_assert_eq(mldsa65_sign_sklen(sig, m, 4, NULL, 0, sk, SKB - 1), MLDSA65_ERR_LENGTH);
    for (size_t i = 0; i < SIGB; i++) cr_assert_eq(sig[i], 0);
    cr_assert_eq(mldsa65_sign_sklen(sig, m, 4, NULL, 0, sk, SKB), 0);
    /* s1 / s2 half-bytes 9..15 (outside [-eta, eta]): rejected, signature zeroed. */
    const size_t offs[] = {MLDSA_SK_S1, MLDSA_SK_S1 + 300, MLDSA_SK_S2 - 1, MLDSA_SK_S2,
                           MLDSA_SK_T0 - 1};
    int cases = 0;
    for (size_t k = 0; k < sizeof offs / sizeof offs[0]; k++) {
        for (int v = 9; v <= 15; v++) {
            for (int hi = 0; hi < 2; hi++) {
                memcpy(sk, fx_sk, SKB);
                sk[offs[k]] = (uint8_t)(hi ? (sk[offs[k]] & 0x0F) | v << 4 : (sk[offs[k]] & 0xF0) | v);
                memset(sig, 0xAA, SIGB);
                cr_assert_eq(mldsa65_sign_derand(sig, m, 4, NULL, 0, zero32, sk),
                             MLDSA65_ERR_SK);
                for (size_t i = 0; i < SIGB; i++) cr_assert_eq(sig[i], 0);
                cr_assert_eq(mldsa65_check_sk(sk), MLDSA65_ERR_SK); /* the same check alone */
                cases++;
            }
        }
    }
    /* Half-byte 8 (coefficient -4) is in range. */
    memcpy(sk, fx_sk, SKB);
    sk[MLDSA_SK_S1] = 0x88;
    cr_assert_eq(mldsa65_sign_derand(sig, m, 4, NULL, 0, zero32, sk), 0);
    cr_assert_eq(mldsa65_check_sk(sk), 0);
    cr_assert_eq(mldsa65_check_sk(fx_sk), 0);
    cr_assert_eq(mldsa65_check_sk(NULL), MLDSA65_ERR_NULL);
    /* The bounded loop: a bound the message needs more than gives the distinct
     * error and a zeroed signature. */
    uint8_t pre[2] = {0, 0};
    unsigned it = 1;
    for (unsigned i = 3; it == 1; i++) { /* a message that needs 2 or more attempts */
        msg_of(m, i);
        it = 1;
        while (mldsa_sign_core(sig, pre, 2, m, 4, zero32, fx_sk, it) != 0) it++;
    }
    memset(sig, 0xAA, SIGB);
    cr_assert_eq(mldsa_sign_core(sig, pre, 2, m, 4, zero32, fx_sk, it - 1), MLDSA65_ERR_ATTEMPTS);
    for (size_t i = 0; i < SIGB; i++) cr_assert_eq(sig[i], 0);
    cr_assert_eq(mldsa_sign_core(sig, pre, 2, m, 4, zero32, fx_sk, 0), MLDSA65_ERR_ATTEMPTS);
    /* FIPS 204 errata: the Table 3 minimum is 821 (was 814); issue #15 item 4. */
    cr_assert_geq(MLDSA65_MAX_SIGN_ATTEMPTS, 821);
    fprintf(stderr, "item 18: %d out-of-range keys rejected; loop bound %d\n", cases,
            MLDSA65_MAX_SIGN_ATTEMPTS);
}

Test(bad_inputs, item19_deterministic_and_hedged)
{
    static uint8_t d1[SIGB], d2[SIGB], h1[SIGB], h2[SIGB];
    uint8_t rnd[32];
    fixture();
    /* rnd = 0^32 is deterministic (the ACVP deterministic groups check the values). */
    cr_assert_eq(mldsa65_sign_derand(d1, (const uint8_t *)"m", 1, NULL, 0, zero32, fx_sk), 0);
    cr_assert_eq(mldsa65_sign_derand(d2, (const uint8_t *)"m", 1, NULL, 0, zero32, fx_sk), 0);
    cr_assert(memcmp(d1, d2, SIGB) == 0);
    test_rand(rnd, 32, "rnd19", 0);
    cr_assert_eq(mldsa65_sign_derand(h1, (const uint8_t *)"m", 1, NULL, 0, rnd, fx_sk), 0);
    cr_assert(memcmp(d1, h1, SIGB) != 0);
    cr_assert_eq(mldsa65_sign(h2, (const uint8_t *)"m", 1, NULL, 0, fx_sk), 0);
    cr_assert(memcmp(h2, h1, SIGB) != 0 && memcmp(h2, d1, SIGB) != 0);
    const uint8_t *all[] = {d1, h1, h2};
    for (int k = 0; k < 3; k++)
        cr_assert_eq(mldsa65_verify(all[k], SIGB, (const uint8_t *)"m", 1, NULL, 0, fx_pk), 0);
}

Test(bad_inputs, item20_no_modified_signature_verifies)
{
    static uint8_t sig[SIGB], t[SIGB];
    int cases = 0;
    fixture();
    sign_i(sig, 7);
    cr_assert_eq(verify_i(sig, SIGB, 7), 0);
    /* One bit flipped in every byte (the bit rotates with the position). */
    for (size_t i = 0; i < SIGB; i++) {
        memcpy(t, sig, SIGB);
        t[i] ^= (uint8_t)(1u << (i % 8));
        cr_assert_eq(verify_i(t, SIGB, 7), MLDSA65_ERR_VERIFY, "byte %zu", i);
        cases++;
    }
    /* Re-encoding: z coefficients moved by +-1, and a hint index moved. */
    for (int p = 0; p < MLDSA_L; p++) {
        memcpy(t, sig, SIGB);
        set_z_coef(t, p, 100, z_coef(sig, p, 100) + 1);
        cr_assert_eq(verify_i(t, SIGB, 7), MLDSA65_ERR_VERIFY);
        cases++;
    }
    fprintf(stderr, "item 20: %d modified signatures, none accepted\n", cases);
}

/* ---- extras: external mu and HashML-DSA (no known-answer vectors here) ---- */

Test(extras, external_mu_equals_sign)
{
    static uint8_t s1[SIGB], s2[SIGB];
    uint8_t mu[MLDSA65_MUBYTES], rnd[32], m[50], ctx[9];
    fixture();
    test_rand(rnd, 32, "rnd-mu", 0);
    test_rand(m, sizeof m, "m-mu", 0);
    test_rand(ctx, sizeof ctx, "ctx-mu", 0);
    cr_assert_eq(mldsa65_compute_mu(mu, m, sizeof m, ctx, sizeof ctx, fx_pk), 0);
    cr_assert_eq(mldsa65_sign_mu_derand(s1, mu, rnd, fx_sk), 0);
    cr_assert_eq(mldsa65_sign_derand(s2, m, sizeof m, ctx, sizeof ctx, rnd, fx_sk), 0);
    cr_assert(memcmp(s1, s2, SIGB) == 0);
    cr_assert_eq(mldsa65_verify_mu(s1, SIGB, mu, fx_pk), 0);
    cr_assert_eq(mldsa65_verify_mu(s1, SIGB - 1, mu, fx_pk), MLDSA65_ERR_VERIFY);
    cr_assert_eq(mldsa65_sign_mu(s2, mu, fx_sk), 0);
    cr_assert_eq(mldsa65_verify(s2, SIGB, m, sizeof m, ctx, sizeof ctx, fx_pk), 0);
    mu[63] ^= 1;
    cr_assert_eq(mldsa65_verify_mu(s1, SIGB, mu, fx_pk), MLDSA65_ERR_VERIFY);
    uint8_t big[256] = {0};
    cr_assert_eq(mldsa65_compute_mu(mu, m, sizeof m, big, 256, fx_pk), MLDSA65_ERR_LENGTH);
}

Test(extras, hashmldsa_four_prehashes)
{
    static uint8_t sig[SIGB], ref[SIGB], mp[2 + 255 + MLDSA_OIDBYTES + MLDSA_PH_MAXBYTES];
    uint8_t rnd[32], m[77], ctx[5] = {'h', 'a', 's', 'h', '!'};
    /* The pre-hashes of sha3/; OID, digest length and PH from mldsa_prehashes. */
    const int phs[4] = {MLDSA65_PH_SHA3_256, MLDSA65_PH_SHA3_512, MLDSA65_PH_SHAKE128,
                        MLDSA65_PH_SHAKE256};
    fixture();
    test_rand(rnd, 32, "rnd-ph", 0);
    test_rand(m, sizeof m, "m-ph", 0);
    for (int k = 0; k < 4; k++) {
        const mldsa_prehash *p = mldsa_prehash_find(phs[k]);
        cr_assert(p != NULL);
        cr_assert_eq(mldsa65_prehash_sign_derand(sig, m, sizeof m, ctx, 5, phs[k], rnd, fx_sk), 0);
        cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, sizeof m, ctx, 5, phs[k], fx_pk), 0);
        /* The same as Sign_internal on M' = 1 || |ctx| || ctx || OID || PH(M) (Alg. 4). */
        size_t n = 0;
        mp[n++] = 1; mp[n++] = 5;
        memcpy(mp + n, ctx, 5); n += 5;
        memcpy(mp + n, p->oid, MLDSA_OIDBYTES); n += MLDSA_OIDBYTES;
        p->hash(mp + n, m, sizeof m); n += p->dlen;
        cr_assert_eq(mldsa65_sign_internal(ref, mp, n, rnd, fx_sk), 0);
        cr_assert(memcmp(sig, ref, SIGB) == 0, "pre-hash %s", p->name);
        /* Domain separation: not a pure signature, not another pre-hash. */
        cr_assert_eq(mldsa65_verify(sig, SIGB, m, sizeof m, ctx, 5, fx_pk), MLDSA65_ERR_VERIFY);
        cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, sizeof m, ctx, 5, phs[(k + 1) % 4],
                                            fx_pk), MLDSA65_ERR_VERIFY);
        cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, sizeof m - 1, ctx, 5, phs[k], fx_pk),
                     MLDSA65_ERR_VERIFY);
    }
    cr_assert_eq(mldsa65_prehash_sign(sig, m, sizeof m, NULL, 0, MLDSA65_PH_SHAKE256, fx_sk), 0);
    cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, sizeof m, NULL, 0, MLDSA65_PH_SHAKE256,
                                        fx_pk), 0);
    memset(sig, 0xAA, SIGB);
    cr_assert_eq(mldsa65_prehash_sign_derand(sig, m, sizeof m, ctx, 5, 0, rnd, fx_sk),
                 MLDSA65_ERR_PARAM);
    for (size_t i = 0; i < SIGB; i++) cr_assert_eq(sig[i], 0);
    cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, sizeof m, ctx, 5, 13, fx_pk),
                 MLDSA65_ERR_PARAM);
    uint8_t big[256] = {0};
    cr_assert_eq(mldsa65_prehash_sign_derand(sig, m, 1, big, 256, 1, rnd, fx_sk), MLDSA65_ERR_LENGTH);
    cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, 1, big, 256, 1, fx_pk), MLDSA65_ERR_LENGTH);
    fprintf(stderr, "HashML-DSA: 4 of 4 pre-hashes round-trip and match Sign_internal\n");
}

/* ---- samplers against textbook versions (byte-at-a-time squeezing) ------- */

static void tb_rej_ntt(int32_t a[MLDSA_N], const uint8_t rho[32], uint8_t s, uint8_t r)
{
    sha3_ctx g;
    uint8_t idx[2] = {s, r}, b[3];
    shake128_init(&g); sha3_absorb(&g, rho, 32); sha3_absorb(&g, idx, 2);
    for (int j = 0; j < MLDSA_N;) {              /* Algorithm 30 */
        shake_squeeze(&g, b, 3);
        int32_t z = (b[2] & 127) << 16 | b[1] << 8 | b[0];   /* Algorithm 14 */
        if (z < MLDSA_Q) a[j++] = z;
    }
}

static void tb_rej_bounded(int32_t a[MLDSA_N], const uint8_t rhop[64], uint16_t r)
{
    sha3_ctx h;
    uint8_t idx[2] = {(uint8_t)r, (uint8_t)(r >> 8)}, z;
    shake256_init(&h); sha3_absorb(&h, rhop, 64); sha3_absorb(&h, idx, 2);
    for (int j = 0; j < MLDSA_N;) {              /* Algorithm 31, Algorithm 15 */
        shake_squeeze(&h, &z, 1);
        int z0 = z % 16, z1 = z / 16;
        if (z0 < 9) a[j++] = 4 - z0;
        if (z1 < 9 && j < MLDSA_N) a[j++] = 4 - z1;
    }
}

static void tb_sample_in_ball(int32_t c[MLDSA_N], const uint8_t ct[48])
{
    sha3_ctx h;
    uint8_t s[8], j;
    memset(c, 0, MLDSA_N * sizeof c[0]);
    shake256_init(&h); sha3_absorb(&h, ct, 48);
    shake_squeeze(&h, s, 8);                     /* Algorithm 29 */
    for (int i = MLDSA_N - MLDSA_TAU; i < MLDSA_N; i++) {
        do shake_squeeze(&h, &j, 1); while (j > i);
        int bit = (s[(i + MLDSA_TAU - MLDSA_N) / 8] >> ((i + MLDSA_TAU - MLDSA_N) % 8)) & 1;
        c[i] = c[j];
        c[j] = bit ? -1 : 1;
    }
}

Test(samplers, match_textbook_versions)
{
    static int32_t a[MLDSA_N], b[MLDSA_N];
    uint8_t seed[64];
    int n = 0;
    for (int t = 0; t < 300; t++) {
        test_rand(seed, 64, "samplers", (uint64_t)t);
        mldsa_rej_ntt_poly(a, seed, (uint8_t)t, (uint8_t)(t >> 3));
        tb_rej_ntt(b, seed, (uint8_t)t, (uint8_t)(t >> 3));
        cr_assert(memcmp(a, b, sizeof a) == 0, "RejNTTPoly %d", t);
        mldsa_rej_bounded_poly(a, seed, (uint16_t)(t * 7));
        tb_rej_bounded(b, seed, (uint16_t)(t * 7));
        cr_assert(memcmp(a, b, sizeof a) == 0, "RejBoundedPoly %d", t);
        mldsa_sample_in_ball(a, seed);
        tb_sample_in_ball(b, seed);
        cr_assert(memcmp(a, b, sizeof a) == 0, "SampleInBall %d", t);
        n += 3;
    }
    fprintf(stderr, "samplers: %d of %d outputs equal the textbook versions\n", n, n);
}

/* Item 17: a sampler that needs more SHAKE blocks than usual. For this
 * rho' (test_rand "blocks", 124933) RejBoundedPoly(rho' || 0) consumes 277
 * bytes, a third SHAKE256 block (found by search; ExpandA needing a sixth
 * block or SampleInBall a second one is too rare to find this way). */
Test(bad_inputs, item17_rejbounded_third_block)
{
    static int32_t a[MLDSA_N], b[MLDSA_N];
    uint8_t seed[64];
    test_rand(seed, 64, "blocks", 124933);
    mldsa_rej_bounded_poly(a, seed, 0);
    tb_rej_bounded(b, seed, 0);
    cr_assert(memcmp(a, b, sizeof a) == 0);
}

/* ---- API contract: every error path returns its code and zeroes every output ---- */

static int sig_all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) acc |= p[i];
    return acc == 0;
}

/* Call EXPR with the output pre-filled with 0xAA; check the code and a zeroed output. */
#define EXPECT_ZEROED(buf, len, code, expr)                                              \
    do {                                                                                \
        memset((buf), 0xAA, (len));                                                     \
        int rc_ = (expr);                                                               \
        cr_assert_eq(rc_, (code), "%s: got %d, expected %d", #expr, rc_, (int)(code));  \
        cr_assert(sig_all_zero((buf), (len)), "%s: output not zeroed", #expr);          \
    } while (0)

Test(api, mldsa65_sign_derand_err_ctx_and_err_null)
{
    static uint8_t sig[SIGB];
    uint8_t ctx[256] = {0}, m[4] = {1, 2, 3, 4};
    fixture();
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_LENGTH,
                  mldsa65_sign_derand(sig, m, 4, ctx, 256, zero32, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_LENGTH,
                  mldsa65_sign_derand(sig, m, 4, ctx, SIZE_MAX, zero32, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL,
                  mldsa65_sign_derand(sig, NULL, 1, ctx, 0, zero32, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL,
                  mldsa65_sign_derand(sig, m, 4, NULL, 1, zero32, fx_sk));
    /* NULL with length 0 is the empty string. */
    cr_assert_eq(mldsa65_sign_derand(sig, NULL, 0, NULL, 0, zero32, fx_sk), 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, (const uint8_t *)"", 0, (const uint8_t *)"", 0,
                                fx_pk), 0);
}

Test(api, mldsa65_sign_err_ctx_and_err_null)
{
    static uint8_t sig[SIGB];
    uint8_t ctx[256] = {0}, m[4] = {1, 2, 3, 4};
    fixture();
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_LENGTH, mldsa65_sign(sig, m, 4, ctx, 256, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL, mldsa65_sign(sig, NULL, 4, ctx, 0, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL, mldsa65_sign(sig, m, 4, NULL, 3, fx_sk));
}

Test(api, mldsa65_sign_sklen_err_length_ctx_null)
{
    static uint8_t sig[SIGB];
    uint8_t ctx[256] = {0}, m[4] = {1, 2, 3, 4};
    fixture();
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_LENGTH,
                  mldsa65_sign_sklen(sig, m, 4, NULL, 0, fx_sk, 0));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL,
                  mldsa65_sign_sklen(sig, m, 4, NULL, 0, NULL, SKB));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_LENGTH,
                  mldsa65_sign_sklen(sig, m, 4, ctx, 256, fx_sk, SKB));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL,
                  mldsa65_sign_sklen(sig, NULL, 4, NULL, 0, fx_sk, SKB));
}

Test(api, mldsa65_sign_internal_err_null)
{
    static uint8_t sig[SIGB];
    fixture();
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL,
                  mldsa65_sign_internal(sig, NULL, 5, zero32, fx_sk));
    cr_assert_eq(mldsa65_sign_internal(sig, NULL, 0, zero32, fx_sk), 0);
    cr_assert_eq(mldsa65_verify_internal(sig, SIGB, NULL, 0, fx_pk), 0);
    cr_assert_eq(mldsa65_verify_internal(sig, SIGB, NULL, 1, fx_pk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_verify_internal(NULL, SIGB, NULL, 0, fx_pk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_verify_internal(sig, 0, NULL, 0, fx_pk), MLDSA65_ERR_VERIFY);
}

Test(api, mldsa65_verify_err_ctx_null_length)
{
    static uint8_t sig[SIGB];
    uint8_t ctx[256] = {0}, m[4] = {1, 2, 3, 4};
    fixture();
    cr_assert_eq(mldsa65_sign_derand(sig, m, 4, ctx, 255, zero32, fx_sk), 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, 4, ctx, 255, fx_pk), 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, 4, ctx, 256, fx_pk), MLDSA65_ERR_LENGTH);
    cr_assert_eq(mldsa65_verify(sig, SIGB, NULL, 4, ctx, 255, fx_pk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, 4, NULL, 255, fx_pk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_verify(NULL, SIGB, m, 4, ctx, 255, fx_pk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_verify(sig, SIGB - 1, m, 4, ctx, 255, fx_pk), MLDSA65_ERR_VERIFY);
    cr_assert_eq(mldsa65_verify_pklen(sig, SIGB, m, 4, ctx, 255, fx_pk, PKB), 0);
    cr_assert_eq(mldsa65_verify_pklen(sig, SIGB, m, 4, ctx, 255, NULL, PKB), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_verify_pklen(sig, SIGB, m, 4, ctx, 255, fx_pk, PKB + 1),
                 MLDSA65_ERR_LENGTH);
}

Test(api, mldsa65_compute_mu_err_ctx_and_err_null)
{
    uint8_t mu[MLDSA65_MUBYTES], ctx[256] = {0}, m[4] = {1, 2, 3, 4};
    fixture();
    EXPECT_ZEROED(mu, sizeof mu, MLDSA65_ERR_LENGTH, mldsa65_compute_mu(mu, m, 4, ctx, 256, fx_pk));
    EXPECT_ZEROED(mu, sizeof mu, MLDSA65_ERR_NULL, mldsa65_compute_mu(mu, NULL, 4, ctx, 0, fx_pk));
    EXPECT_ZEROED(mu, sizeof mu, MLDSA65_ERR_NULL, mldsa65_compute_mu(mu, m, 4, NULL, 9, fx_pk));
    cr_assert_eq(mldsa65_verify_mu(NULL, SIGB, mu, fx_pk), MLDSA65_ERR_NULL);
}

Test(api, mldsa65_sign_mu_err_sk)
{
    static uint8_t sig[SIGB], sk[SKB];
    uint8_t mu[MLDSA65_MUBYTES] = {7};
    fixture();
    memcpy(sk, fx_sk, SKB);
    sk[MLDSA_SK_S1] = 0xFF; /* s1 half-bytes 15: outside [-eta, eta] */
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_SK, mldsa65_sign_mu_derand(sig, mu, zero32, sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_SK, mldsa65_sign_mu(sig, mu, sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_SK,
                  mldsa65_prehash_sign_derand(sig, mu, 1, NULL, 0, MLDSA65_PH_SHA3_256, zero32, sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_SK, mldsa65_sign(sig, mu, 1, NULL, 0, sk));
}

Test(api, mldsa65_prehash_sign_err_length_null_param)
{
    static uint8_t sig[SIGB];
    uint8_t ctx[256] = {0}, m[4] = {1, 2, 3, 4};
    fixture();
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_LENGTH,
                  mldsa65_prehash_sign(sig, m, 4, ctx, 256, MLDSA65_PH_SHA3_512, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_PARAM, mldsa65_prehash_sign(sig, m, 4, ctx, 0, 0, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_PARAM, mldsa65_prehash_sign(sig, m, 4, ctx, 0, 13, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL,
                  mldsa65_prehash_sign(sig, NULL, 4, ctx, 0, MLDSA65_PH_SHA3_512, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL,
                  mldsa65_prehash_sign_derand(sig, m, 4, NULL, 2, MLDSA65_PH_SHAKE128, zero32,
                                              fx_sk));
    cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, NULL, 4, ctx, 0, MLDSA65_PH_SHA3_512, fx_pk),
                 MLDSA65_ERR_NULL);
}

/* ---- Official vectors for the external interface (not in ../shared/kat) ---- */

/*
 * NIST ACVP ML-DSA-65 sigVer, external interface, pure (FIPS 204, Algorithm 3
 * with a 230-byte context): usnistgov/ACVP-Server, commit
 * 203f667c26e10a1be89dfe8da7a54498fde2d848,
 * gen-val/json-files/ML-DSA-sigVer-FIPS204/prompt.json, tgId 3
 * ("ML-DSA-65", "signatureInterface": "external", "preHash": "pure"), tcId 33;
 * expectedResults.json of the same commit: "testPassed": true.
 * Hex split into lines of 96 digits (ISO C string-length limit).
 */
static const char *const acvp33_pk[] = {
    "98AC2EC3D9585F925CE8CA80B7ADA54A856EDC8AA2895B67777B2854C7D26C1EBDD72D38ECBDDC066177A5DC0BA0F902",
    "C9BCDF1ECB478A2D49FD303BCB41EBDE48BDFA6797AE885AD998A2423A2A0DEEC1BCCB5CFFC72CAAC5F629777AF46393",
    "41E4872030A641A54EB3A3C5F0C5E20C474B69D569BD7C60097BD95EDCCCBC09D644F1B3D84CE8932D804086F5A7B17B",
    "BB98D034AEAB941BD863060306983E17ABB18620AEF52BF0BAA42AF7752B78C37861AEAA01713D9AE60516CB582F6CBA",
    "F052541082DF5828B1F4C1F50EE63EA5AE108B82E846908DE3E01008C2D7F48EF44447F19E14F66DA17FAF3ADA8F577D",
    "B7BEE2A6D721366C77B215A3CF311782F84D62D8178424842C550F132A08B809DCE7C9175AED1BE0949541B6769C6814",
    "70090E23374817524E6FA7190C6C988536DB54D554D6E60BA9B874AB6AF7219D584E4D5B805164DE853540608A7A93DA",
    "96743E82C59770A9C74FFFE206F294078FCAF07B19CE155A493EE94884C46ACBFC57B34C552D2EB9E7A296E836A30B40",
    "2070F4D481FF0D1D4FA80A01A538E948CE2DF19212A02430EDB1CC94DCBABFA109352D5236C4E22102DED46DDBEEB37C",
    "2D0B33AF72D4C8D310011A909F9A7492CCDD228977369BA570A59DB65FB2775920336FCE29D798D71DEF5933D8312C40",
    "6F378F556499F8DA33C40903DDE1BE4B7372A0C672676F32441CC1E37986F3F87B8F298401FE7F78D828060FAC7F6EA2",
    "96BE60DBDC61BE2124899517BE9D37DC99AB0F79F33F6A0F78091D3F60E64D0BDEE2EB51151C7E3F0227967566F3C590",
    "FD1B04EAB8B3DF2B6B874BD21DA87AEA6BD1CFE93D3630CE843D90CC19CA0DE23EBF7C534505EA0A4F8C0A7308C760D8",
    "804DB86B13E93DFC9FFB0DB99FE0AAF166D6464E10F4D5B0C892BED526AAC3446609A6EA379E505A4728ACF59FE5FF2A",
    "D1F7F1EAC5EBF57E39327AB7A757C7B868773FDA63C063B79117330FECBDC70D68F49141EB4D0055403A1613D3C9F369",
    "58B685FB19AE0406F32F30A8ABC5AAC19442C10E23642ED9210DAE22881754B1A51FB0EBDFD66BEA501B49477B7CCE03",
    "8D424BBE1DC3F4986D2F716C6B95DAEBE34E0C62B44487C034F3F39167D0FD6D8FC689AEAC159B39F6B0F033066B8490",
    "39621069A565483B0312E405AF83E8A0A6E62E5B731224E27479835F4042FDDE7AFA77C37E77B4799565CD99C6900EC7",
    "6B4A7EADD2A0021A53471FE3DA88D755F902D68CB8DA8B7AC634ABE4D0F0A4406ABDA526671433955B7A0F905717D15C",
    "995E39B7E56591F75AA68B6949837886CFB9365603BB89419BB8EB8095B94D80622D40A225D0B39007477CC0ABD563F5",
    "3BCEA4F3563EEA751F869BF92E95BAC6712AE108E0D66B9187F479AC7CB27D45D6780EE8882EBEA7EF7D923DB0BAD834",
    "9650522547EA27CF360919E598ACE09524CBF5C45AE35AD79459D279A6477821286076F31CDF99EB787AEE5AEBC657DC",
    "00E99BCAF3705C264CE8E36B76686EFEE0527CE7A2531A5AD9C619EACC9FBF1D88F2B6803E88708297B2001F30AE8F1B",
    "D7AD63A45068B7AE4C75DC848743A89F11459AD7D92A5403E5C3375DCFAFCDBF766F0648F6FB48010B27CABB8C78F397",
    "DCDF98301C344E6D377A28035A70035CE5CAF98BE8E73D88A805A6887E05260BA63562CD0957A8D812108584DC0BADE8",
    "1EA4CF3C10ABC1D1F711F3893B223D4246AA3A66EBA38B102615E764F66F3A32E7E60634F103036AA0CE71D6CB68A9CF",
    "2B1D96D3DB949CB42ECB1763929DAECDEF712D28FFD5877A35350BCCD31046D12830085585339783063276800C3B2ED4",
    "DA834C5D8D3853E0797688DC6568A956DFADB47FE236E3F773808259A463B02E8DF259EE5CD70084F71A136CE89D1793",
    "DB0B8B728EBD047ACF6B48D7221B4527CA8E67F831E01982438B70A39FE87A11B76F384768075FBFB3A1AC81FEA36D34",
    "C98FDFE463877F5FDAFF6C57228B9E0B1E7C09138028B9747E2F53E72DA4C5B0C8B52FFBE151B4F48E0F9752CE2F3175",
    "6E20CC8B82D0B8E0932B22F631C9CE158709396DEDA1089805DC303F34F78CABCAD53952A82CDA15263F0A71B762F9D6",
    "FA32092445C8C0E700A2A18CE1C91C28AF53958D1C2C5F46E29034B1D7362310329E0F2D1AF1A6CB049E17D0CE5F8871",
    "E4472136F6018FAE1D55267FCD12D2520DEAB3954489329E88D56D6BE2D88B065493E8592B09B86BB047942AA77A22D3",
    "DFF9AA5FA0AF79166554213863003A84AC771BB25E72C32DA1D3E17E4859DE5AE14BB9D06AC380A910D23111C551F0BA",
    "AA30E8444C37DEA822BB1870D65E11F0FE292FE6A6C270E89EB9D8834EF5DA8058CDCD571EB657714097405645A71A3C",
    "9EF611E013ECBFA347B460EC40EAD6E3A1C02C6C5757F9941DBBCA6B4B4EBECE48D3B60FF059F31BDFBF31327F113D21",
    "127E80C3FB538657A5A3CAB77EF1DB60C25D5072A9C0ACFA3300BC92FC8A2C7BF76B8F611C7280BEE38CD3195ADA0378",
    "E508D6DB714E057C0CC3764711B840C4FB0D613E67F7F40F21770A45963152E3DA8629B283A71D9CDEDA1830AFFCC70D",
    "AA5D75B49A80DF9640FE0B067B18DBF49B0EA07B25FCDD8CAF0038F08701F744E70446D145B6CFE10B4B545696E1C2BD",
    "01E80E27D03DB55248CDC58746B4F3FA3D378EC36F81B75BE936CAEF4B77B8A2E1B3C1E72215678D3713C8B28D2D046B",
    "9AE52656475E783BFD8461DE0C227B21DCF8F3F92D34C5F9890E7E46E15DCAB0",
    NULL};
static const char *const acvp33_msg[] = {
    "7269EF1EDAE0B914F58A8B35CDD9EA8071BD2E71161407C7F708CE0F59BA84603B7CAB2C915259D3525EAFED561CEC8A",
    "9884E501425FC61E95807134B40B72A478E152BA63830557BF71D0DD329D48693C831BCB5EFD428D360FAF96AA194523",
    "3BE18B9F85290DB34F44FE85EDFD2D44171B4DF92EAD850380D7E37136559CBEF6BDDA5FE25F84897C4A79E400C3651A",
    "80E5EB46D73BE015406DFE0AB28AFDC928FF485217AD2A026225340FC3C6717FE296FB341EC5BE3E10F10C0D62E7AEB1",
    "593DAA724347B07B1A090C967AF1074D7B60F1613C5706D3718B9AC729450C6EBBAF01CB13ECE0D3F8378B259830CAAB",
    "B936526E566A615B08BE5E231BA8B3A52EA5C6459DC083CDCF47CB9DB30E91D0AFB670DCEA3B1481F49F8C97BAB01AC3",
    "D43E332A007A612A133DAA6AEB55FA945618D4366C88E462CFC6BFFFEA970B7AB1B7F2ADA3E7E983ECDC65CF9EE348B3",
    "9E772FC52ACC7BC7ECD712E9FD4E06780C494E3408990B85DEFF03E74FD13AE1B0BC4DF10F18C300EBFB46AE6CC782EF",
    "C4B4A0D8C5F870EB683EDDEECC67C233867FB0803DCB2CAD22142D798474C3BBEDD04E1104C060613D8ABD3CC5E51418",
    "74CB23308270BF13C5A5992659AE76267AA3D4E18037FEA9AF33F0FDDEF253BB3B8727FA9A3E5EC1B1CE48036A10942E",
    "889C2E18A14F9F9BC5BE6EE13271E20EA90337EEDCFEC2A9BC75301FD3C4671E15236EC101FCBF727504F85DE71A37E2",
    "EE1BC8D22EA951F65D2F1560C1159FBE1C56FC6953D12A71D566972EF420D9D1D6F23573838374118CC1922B6E95D80D",
    "32ED7EC0EC0DD4248E4C56A3BBDDB8EF5B83F69A22D2AC9A17E87628F5B9BD2C0A530CAD103454CC8D57452F1E8CFA03",
    "EA87E52CC1E3603E9A8FF540DA627BD47B7430B5E0A27741AFB77D831047290C29518A718D39A03A09EC50877503840B",
    "DB55764898245474F87365621D692BEB166B445E6D572AF2BCC8D934176FB4141A9BEC3B3240776EAFF7C8B72C5D03E2",
    "2167F72A189EA6C891A9881092046CC02B91BF204C4C530E955DFD131FBB9B45D96C388430DFA6D9BB3988854F0DCBAD",
    "0BE773C7A3DC4F5AEC270ABF7861011A2ED81D5EB178A79F5963FD9BA73F369F1C757520D6C91DF7CAEAFCD87E003CB8",
    "D530C485ACE82380084991C1D31945E90088BFB51AD64AF25DCA46D4F9B0E8EA24D0B5EC283628DC2B8FF720BC7BC111",
    "BFF68867EB61898A1DEDBCD5C54E10006A4E3C952A04DF88F0AA16A46168E01AA00B230AB053396166DFF108BF198641",
    "3459889D96621CE20039BA24C2F06A0EF67BEE4B8F4559F3EBD3F747E7E0C1ABCED894CB77D7958E57B34F0A4625345E",
    "27D8E980C45519C825FF742BF0749550430149F64E91E7E0FCB3A1A90D7FF260FEE8BC7D3005AC18CEE35D5EB79242F9",
    "5C5D8939863347E3551A86716EE8AC835E2CBE326EF2ADCC3AD02996753DFA82241092B902518CBD1B2A6FDED1E7E8F8",
    "79D39CB115660AEE178B8B12F0620EC5F9575857E12556FBDDD39978E0C457C5E21AF88303F3DA7C6873DF584D6A90B5",
    "A350A329ACCB1272579FA5EFE37262F6E3D87D8118B2159C810423F497AD9B83C27CEB42BB3B9D609B113618905B818B",
    "677705E8EE53318F935E654A2CAE838DB8354A64FEC96DE8C06BD44A41A8FBE64E4FA21B3A53B90DE1E90C28245ECB70",
    "5B77C08B42D0DA0A923F3BA76113789F8789A8F81EDE0578C18C34D8D3FF28FC12355DBA48826FF747C1F93FCB7A9A16",
    "C2E0284C5ADEA6B831080DB1C722CB8C7F0721FB293B80AFD602D6C4973781CE3EFCFB9F8CA803343186F5C83245F91E",
    "8691764D49D912BD7FB4F55D13D73F27D140F7C040511DF6546AD43BF8FF64CB60E99CD75E520F36BD3CF0A99E589E06",
    "C2EEC8971159082268D49F580FCFFA705E93B6B1DE021599D7091A497486CBF4C2E40BF370C35E179B7AD973EBE63FD7",
    "856530694D61EBCEE1385A7070A49D42488B3E4FA77FD58EFC0413C9D0F6D231798BED11C813800134B27246515B1BAF",
    "43A96ABE17B8637276F87CCE631F80537EABCB8C53E1EBB24A56070BF14C8679D277E8514A51DC441840F2B4C6CA573B",
    "BD6492D8D5EE262CFBB50FF4FD7CB368AC4399BB5B3EB81083A17A7A0DE767594B0587A4B533BC6C32438F036160E692",
    "BAFF9B2E24A2414509470B925A59708BB87155E30E6D684771BD5E9C83C1578F33D4D37D721FCAA0E995121D7A2E2990",
    "E013C4B9F019668D7D0D4EEE432ADA1B6486C084E9509E7C2A45FC75FBE655BFACA1C75EDDBC15F358BCCE119CF5E6E6",
    "0B0D04D0EDD632A772A276050CBF4A4C1EEBE32910E6296956AD5A1CF8111FA14B0935453274AA8FCBD84407266CA1B3",
    "D9C622BC9631EF405337449866FE7FB7AA9D71AE72231240A77A5B00267DA09A46C01A78C8C93EBDB7A76945B5520A26",
    "D86A84C707E773F43FEA86D4EEA7E7BC7CF9EA702558222E647895E617512B2D4F4AA80E391D9431313FD0EAF8A2364D",
    "8E8197E08059708079BEE49B18A4340FD57E7724F5763E13DA6AC996D99BEC4814AE8B4B6101ACC66E9D8478316E9CFA",
    "D5A985E5EA4AFC19CDF9E22C1FDF1DFD361509B49F0AB95B63626FF18F0B0DBC97E975F698235D1E632A551B5C0F29DE",
    "8E14833E2B33E44BA01E0848685F4423143F3C49BEAB11B95334E883565A7A6CABD750D42E22FBD33234A2AADDB1534B",
    "AEAC76D67BD4B5DEE8B2602607178043C8E5FABBABF3CF8B16B81D738AFA6BB45BEF9BD69E4251A593FBC7FEAD118C50",
    "A72DA44966AE3B49821419CD7948DAAFB00D38936727716C2E606AE63C519F2F8597BC65AA1CC2938202FE0FAF8005FD",
    "E2044F4D4112E764924E652842BE4C8023C84E7F46BCB4FF5B79A54E8C03BA9488ACA488D1C3F8D41602215E1B1D0D28",
    "508A136A148EA9868C211039E6FE67B4AC81454FE69C0A3633620EEF4341206CB38B4CF4B86715CEFC8B25DCFA2B3625",
    "F2649F3C89C0B49D7ECBD1295DA511B2FD0B651D2359194BBDCF109A3A8902048C6C9554F31E7719A86F4ED1B2D39E0C",
    "256066FC30C39187B9935A01D95C0DCC9C84FDFCB23712630896E0B4E1D3DE18D0EAF747569F898968488B06817FAF89",
    "242FA491EB6EF71CA7BC9BB94DF9D04599DC8088E531FC4116E86AAA53BA20A44F2DADB21878F55173DD7953E09F72D3",
    "F2DFC1A224FEB7D2E2BD0AE1C06AFA21107C59C0CCC2255B7EA5879D03DEFE21CA2B154DDB3021A9EE7A743ED374F6FB",
    "7A7D32DFC03CFE072D9DD245A8A54C57FBDE55B766749E425C1AFDCACA53F851EA30425035FAFF1FE27BC27A727DC3EB",
    "453F91CCC5E12BBDCD68DAC05CE182F01745C26B9091968CAA1A9891316CAA36DA59AC4C430F96AD9BD3E2CC86AA397B",
    "0CF4E61DB39E44F18CD4DC5C8EC790B034606B965C8FE4FD637609D583226187772758C21CDF9745EF09DC270DFA24A5",
    "A965EEE731B0A265B602FD4BE434FA68FCE956B26C3A1522489C47FFF49B0060C1EE0A7E8A5D71CDDAC5FC3202E0E236",
    "08D1C20E5AE593B3E37945A27E7D2AB334FF2BC66B0339BEF8B19800EEF99C8D3FC57C1F4E345FEDB57681C41C697E72",
    "C5EB2B9E6E22FC85F01143BAD24929653D610BFDF0F09F609E99E968892AD03B6B6B49185FDAEF4BC36D0FED95FD869E",
    "DE0AEEECA4EADE0F038B785D6EC0F200FFD8B859E708702C4EB0E8CE00A2EB16F658287C2AD01324C53120CF073DFBAB",
    "3B0F9081147CF6078618BDB70EA341235A7F9A6A6C2E109059CDD6DE0FF6450B67F77241C5469690C294AA3A606DF19B",
    "102FC64C4863A2AD5156C7AB0DB99B31531E24003E515321CCE2CD0FDC61E62178E397AB2899298CF7B092196863738F",
    "A3869B468E6A7FA7DBEEE572EF9A5EE36F2F0F80483FB7EF65B36ABDF92E10B255BCA93A4555518864E0EAE0888F3F61",
    "6E8B477816C94C4CC1E19CE0F2E388C6CF6D012EFBCD6FB7A8254A958C79D001935CA181F4DF2057EBA408B50DF9ADAE",
    "7577595891D2BD100D3C57362037F1C996A9D99F92FD3D28C59300B8DD7CF3FF5B6BCD7E4266AB6CFC347F3207E6EAEC",
    "5DE53200F9091942F59CBE3C3FB9448C6E5F1C0B234FAFC8AAD3A9AC4033C484D03F722209625F7876F1CDF12E5640A5",
    "E0BF66CC6ABA2BD0073B6359829034C38EEC937F5F244CD42C87C64F1FB6030D2C2B3D74F7537163BFD24655378BFF3D",
    "41ECA832646DD11D345D1FDB1EEBA24E919AE482CE75B0361FF7ED314281314C62E43BC20594A811AE0BEAA789905AAC",
    "0489D669D762227CAFAEC70C7F7F291F04A96B7898A6D86804BCE4F0F15FE5E6046CB16BA036F5CE5DD368DDFDACCE92",
    "FCDB066F765E19B5F5779FCD30804F178CC4B94E1225FA0A18E2D7B15CCDDFA38A1470417771AABEBAC3919B400EB035",
    "84C5ABDC5059A66C1C7DE0211DD4798712E0DCE0B5D4DC37A00AA7B9921788F903F585D554F18467F4261553A84BC862",
    "7C23B2C908B32A0A9A00CED5C09B9332D1896CE536F6ABC5A9E493E0DE77386FDF6854254A59826FDABBCBFFB72E4C88",
    "06F4CBE1BAA8CAD149FD228A2205C6660086030D2499279C6A278D00C7F4C2CC6FB6E5A4DD39F5E27579BF71F6ED9768",
    "BC93F47AFABC3EEC99A91AB08A3F4A096E1977BA6E83F9F500FDC96386C04585D7184012FE31E5E7705328D72EF5E03E",
    "DC46313C726F81FDA5F2ACE0A3AF40C18048A66A7E274FA055E929EF809FE8ACDD6C12C681C6CD7E83BF394DD23BD199",
    "43A97616A2BDABEF0CB30240ED04BDDF407E1B7449836AF75F482829165C54582916F43E7E282BF9E15B49ECBD2DC6AC",
    "E950A92793FBAF37E7F53FCDB78C4B569FBF6DB3B1A62FEAA5AE70F8BA51EC9E16E0B661B2F41897CAA5E4AE12D1A851",
    "54043DA9CBDD8C9FB25B1BAB9279DDCBA4519F5FDE9F5ADD6938903D45E146C15A0372981D91F0B53F95010CD281D05A",
    "E32A9058920254C79C5B3BBC92CB34B368ED2D62D4C1F535AA32613367F639A5F423097A95AEAF8765475912C69BE7A0",
    "C968030B26C47EEDA42607428ABA0EF56E01577A6CFD1C6BF9542753AE9A5BB274EBEE76ECA7A64C9E7578B11AA8DC8D",
    "9A07AD224D5B8CB7DEEFB2CD111C631DD821EA6648A9FD1B23A4D6F8B5FB5BAB22387011B733D35E51361FE9C2CAF074",
    "6E2DAC7654FEC60B18645521BADEEEFED975980291D14A84973F640EB4167F79C591D6A3F93521BA3A01E302B86B9EB6",
    "45D4FF4244B60545D1A6AB75B8010CFC660E8C589433D3D9B7DCB897171C2B43B41D0FC112E68852EA6BD6CC0ED897F3",
    "98FA1EE3AE52D354961229CC08F0B0A872BA4E50F4A5F785F13AAB678869EBE0A9C187C8C49EFD026D0466096C798D95",
    "D25F35FAB940B420C3E381AB554059FD1B954695868307A8B40791A9C5BA6973E601A8E1660776EF560D4BCC46B10AFE",
    "AE2CC4D6ED73977A419B0130300B2E0EB0C85D5F3F0729E06C33091DFD4844B637C2B5F3C8193B4460E8E98FE7E32360",
    "2A49158A6742C163208CF029B8F7622A2BE913546C5857C553C5A2006B4A6D5C5DC21560736F9F4B17214C20DF8E0A03",
    "E955DA543F802240A988FA078DD8856DACCFB7C2FB4C80053D52D58E99014E4DCD2FD9F0B7192C148510ACF375DD9DEC",
    "B0E5212DDCD732C246916E6B95A750567C70E42BC43553CEFD949A2E0EC697ACBE6B36E958CABEB15B9E260BE829A91F",
    "3EBBB90D895C58E7CF79F89B898E606C9D56953FC78F11367E6D871D1D2248F62F23BC6E33340353AAFD786A013D1FE3",
    "BB432E3020D943FB29ED428CB003E448E3FAD8A8711BB0CB87B5180A8A3B23C1FA3720016B2BF008CC2D8AE3008A09C3",
    "0803A525FE1A1ADB45995C10E11028B4D14217B9C6ED4B891FD6C38CF7F664E3C6F91AB2EFF40412F1E7EFB7B510DE8F",
    "BA81DA646ECFBD23B6951A022C0CC334501121BF9FE236ABA785888410011F39D9EF98BA2BB5F4E7B9BA9526A0AB9779",
    "6BFFB8D44AB77F523C051A62B676DE4BBBBAAEC4852E3409E56B771F3572B0C1E83EFAEE4DDAF387B31EE95FBEDA5231",
    "D9CA98516D7FB866EE06AF3E3E32702665D83C09A8B716540B1B433E94230F94A9B652A598169A2548A3A6642FFFA3F7",
    "5C7E82CE6EFCE72C70316708A50009956ADE3DE12ACCA4E8A7AB058FE487867224E93E9EB87A73E6987C723DFE41D04D",
    "338AEBB671C7E09B1C3B48E1E380A8E36F664A764D3C1F5694AFA90B67C023EF8DE8108C6AF5D86E5F8CDAD7D0079641",
    "87DAFD22315E35431756AB4A353F27F61319E979C130BD6C887CD4837F37AD40F9DE4A8FB736097761D1BD286260EA33",
    "105A0E7D488F20D26AB5583BD59714D47F0EAB2073375121973208E2022721E1B7AA1B940B2C4FA4FFBDC70858A0A96A",
    "B3BF508442A2DE2BEE1AAA9734209031BDB1DB7F02C894D092EDC251633F3C41CA3D029359DF92922A1D5D9FFDE192C2",
    "0F2B4894E173A8B653AA63D43408494BBAA779C7E29F5C0546BDF3AA7EE77AF6C2F759AD8BF6E94304E432B6E4D84F1D",
    "C8DB8777D754B968D8D38BCBB7AC9A856048AD84251127411F511B9C0835D9D188AB57196DDA3E6F7C7FBEB238089520",
    "803AEBBEAAD8C81FF5F45216C335E79786C4D34CCC1BC04B06575CEE301D367167DFD2F0CC5F955BF724352D2645C6D8",
    "6DEFD06E79FDFF532AB81D3F33C0432B21795B890E558756324C4ACC6EEA04249790AF744857EAC369E04553B6C8A842",
    "F0A4172A695D691D6418C664C06833700CD408DC0234CF39A4C5E7",
    NULL};
static const char *const acvp33_ctx[] = {
    "F33A2EC332F041C37FA2740E52172C543533A823130632842B2B321CE7BBC2B1A0CE97A587D523F021426AFE873BD50D",
    "217B62B1783F448BE0B69956E06305E9A1FC4A28254ECF98E521625891133AC5811380EDA564ADEAF7BCF4576E091184",
    "9AFC12C1015621A2680716252A3C47D40D085FF2E7A0E5B3BD4C7F46F037A0FB468D94D9E847CDE006678D8A186B3676",
    "02E58F0E0558112FD5FA09CE372709F6922E9161B24ABA9C16644BF9D0BBAEC71AB66DFA2E3229D7EE4724A2E4E34551",
    "615E46C633512D70E0BD412E300076FA9CEEB27C786B54D9F4C4B2E0BA9A5A57937BF947B54A",
    NULL};
static const char *const acvp33_sig[] = {
    "DEEAABE4CE4595E6F56E26E9FF0937CC67EEE70DEE6AF5D8BCFF29ABB1909011148563065620A5B5FB3FFF944B386C4C",
    "7A03F6331170EC429AAEC14AEA56611907E1BE06327A5BAB22B70F77E37435B80DD0B3245A45F234A58683F3DDAEEA51",
    "8CBA54F17BCEA9225C50044200EB69F9212BF80A6A3DC3B5CEA3CFE982C7CEBF6EEB09BA671249A613314BB62F27E9A6",
    "AB41F2E16394D2EDDACAEC898AD7B5509732EAF6904E15E9D29260A7E0339F658AAAA1A6F46420D87B9E734E9B170E25",
    "F4425743EA34278DB690E7BCF0A5D1F9EDA5ACFE63954CCBF7AD1EAA7C1F05D832D37D668FFEC465B6C09CEB2E9AE142",
    "72C8AEB5A5978CDDE940B342CA5CF9C2FA685672FEDBEEA6AF74F404081E7B0D5409A35DBAC178E609ACF34CD6B4DFDD",
    "F881DD940D8769A1BCD06A2C3A697D4EA24EC8DF10CDA0E7F4F59BDC2921D637F70BD6237437881FB27901B1687DBDE7",
    "85DF8F81174B010D87E22FB3994C575CC918F31BDC8DA0C47483C105DB85BE711080DC77619B007278BEC657961CD740",
    "5D8CB5B67762ED5FEAB4F393FDC2EAB8455D3BDFBFDD39F9CB75C8EC14F430BEFEB1F3012FD74A8356CA93ED4D595D8F",
    "A80906885F84F26BE5D1700F1F0662E87E89F0A0A405FADFD2ACF49F3457B57DD17BD0ECEC41BBEEBD4CD14E15C38B47",
    "40053E3EA9B3300F8AD60D064E5ACE8BDDF78237719EF5D335D929B83A05F623730958627DAD3AC5E8F88222B0281DCB",
    "14F635E5AB8D526F8E02BAC772274E711C5391638F5DA1390300AEE561F72306C981E93E3D54A7D0C61317B1B3B93E2F",
    "9FC05439FE116CB26C727192A32441526AD14653729D6B06476F1BA29FCCA18F8FB71A8B95142466C2B8EC3C2E06CCC1",
    "DE557F80101424B2E3061B4CE63A07767AB5E9650FA5AF67DB07E6676389F78C1CA6C414C7270709E58D9BABAF772CC0",
    "3AE6C80C4E73CCE8731E0F7BF3EE1F7372CA4431A964EA32FD7B362A5B11498EBF526E5F9FF30C53D7C10DC84D617481",
    "DA54C447876E4B0AB7D769AB60306B1A89A0F8238BCFA8030085BF08CE06738F6F12CBE44BAFF936D6197A21273ABF5F",
    "ABF2733E8D732977305E036F2F49A4DB69A00D591AFE811B180F3D6F873661C054388673614B7C8D438D721FCD7F4D06",
    "987D4991F7A9FE49F96E903DF6E5400C6A09B3A0DC176132C2AD85ACFF72FE03EBC9AC64463D122863336DE2312EA2D5",
    "3D02C3086E9AE2C92E8036B7CD1C947F1BDFB774D8EDF52BA3D47F2B3BD8B4B1180751D0F8499FF6A3368728C6E1C0E5",
    "B82E04594BB15612E25FDEC090869878B84157BCE876F1A12044301D246EC963CA60A97D6A445B516BCE9449BA19B2C8",
    "F78D421D2767D73AC91406E75623C9CF2CCEFC0BCDC891EF43B6FBCD8B07568560A29DF37EC94C57F231D66CB8791DBA",
    "C639F850B1EA59BB2E618E3DD19CFE89954D6EF9DD0E8B8410A2EA92410E5A34B2A8FCC38F5CF3CD9C2D23FB9030ECD0",
    "B69B7C1FED922016D76E9EB0466AA9CEFD77481800A2E4B67DF24D6D0BCF099F93FDC81D46A9E63863402B7B6A7EAD18",
    "61409395A37A82536D15D8C65953EBBAE516B472EC47B4F5FF68992FC529B3306D70DD7ED17EF132AE06D391664B6279",
    "59291375B4B2362362C627A7622885728820225A1CB92EC45846B18C16A15354C3450B3A7EB584F7DEED7DC629BB4221",
    "EB0843B197CC7A25F289A6922057CE71BD1605081E7F442AB5874CD48A0B9F798762DE35EE897F009E41B68DD77A0833",
    "0D68FA8DA72BDBE2F8247927B2924600A1BD0EF34215FE16D9FCCEAB2FADCBC6FAF163D76B9B9D3B192FFFE268F2EB95",
    "120404BF798A5870F6874D7D8AEFE42740D6F21E9A7B5E60B7894ED604116ED6A0DAEB0DEC4D8372F3A3E9D6B647994E",
    "C27DA5B29B5543C91470D688669E92470B607C3FFE65D7D9E7C9F94E7B10E23E79E636E4FA0B620E94264A47DC202495",
    "65D5C7883CD5605F50FB8364719DCF9FE6ED2EC5C20174EA2BFA5DA7B52C059DE00D8A0BFC0546C7DB17981377D240C9",
    "E9E1840C812062D67845732351F7A1B46417BE484A5821810256479ECB680191C16B6C58ED69F47FCBDAB18D4565A306",
    "2BA73E7E8BBAB51C704898099A13310AAC04EDFC9DE5D778CB8B7304369083DFFA820FC8347B89B5FDE2303A0BB017E8",
    "E3F465743A3D8C15D7B21F30B75B4991F3F6EDEE9A2A06579817CD4B7B307E3BF694F1001391AB0BC30CFE77DFE2A072",
    "241848E46BB2B7B20E23C2DB13609018AD24399A76600F5C4F1C557AF98A55E89678FCB9E80CABD74734B5226EAE4100",
    "06CB65AD1ABDF11CF74520E00E622FB85989076F8BC6BBE46FC3161401F2094C97267C8091C2C28642D40312F37DBF40",
    "2A36EB2947C3879C9E39296BA5F40290CE74E48BB75E87D52179077A12AF37B6A3F0D22CDB23A394B13EFBE2F7D61E78",
    "F46498AC906E1A8C778585C31A969C45109E404B33FA8A00E9EA142717B92BFED9512F1F5E6D2A776C713579C7AB4DA5",
    "CF7E6EF33C4B8EF6E8C428EBAF01833EB99768CBD06FA2081D5F2903AC17F98E2D347FA03236DF5F5599AF341683E2EB",
    "73F3573C21D9602F7D257AEB932FEFF7BDED443976CEE50AB80753ABAF7A483D9559B0C376013C9D4BF690C80B17DC44",
    "4838602A8957A77C87B08BEE0077F604A9D08E1E8E501A748A7524C6D52466B431C01BB21D4F4E07F0613CE93A51F84B",
    "5F4386FA7F3983EAD0898CAA1961D1CD385E2C627C3CDC167FADBACBD738C530123F791FF10688C0D5225494FC3AB37C",
    "803CDE6F9CC239F1840B6957EA731C1CB1B16F2582F1F962CA76DEA01C3E99793B804F45014744BD1199DE346C9955E3",
    "E50750D825F8586CD45CFD7DF4B2477D1259187675690F95C48451E5506216DCDBF58E83FF23BC1F6CF144AD0C865183",
    "CD0B07CC7F629B380E411136CF3DD6F02706611E28667BC9387A2509166AD5AB2990324CDA22A634B07B9B69E3750646",
    "D8E3C273806B79FBCC7C496748454DBA61D66BC5C3BE7A4D09202D964B384E1515CFE73A345A66B7BFD879513A465A93",
    "D1DA4AE890D6519A9CD293ED59DC3532F24A6B17B71666C7A7C39121E7C6582A26EC3E11EB305E6A206CF24B5EBDE05A",
    "206AA98944E71FE680613C1F52C0AE5476FA7AFECE4EBBC91AF9B79CD09B9B58BB3D47E0B828B481FD143ADA542088F8",
    "F7604BC5CF0785D5BB54CCA15158B9A3A9652650C60C06C6A74FE50EB0D04C36BDE0ADEE57FF725E46D0A511153D5464",
    "5841D54BCBBD7BC343243CCF2D05C0A6B3E1DE64D53B4788D8DC1295CB1EFEB3111D7811A23E25F6806304D2D3986C45",
    "1BAFE33B824969A4F0380346907C52628266B4AE158BF7D1D54A946A2D9FE0F02491DA1A14D78200B75D6768AEA81804",
    "3B18AAA6765DACE9A07BC745601329489D065F432BAB67EE6C4C0DBBB07B8EE0563E5CC348CFA4DC81C17B86308DA14B",
    "3C68812CD892F9BD517DD72024263BB5A5F1791C2018FCF69CCD0D6E081C481E59F6B4F00F1D66C667BCB9E99EE44AB2",
    "FFCEE8EDEE34954BCD2BBB8133F56313750A8F31AF27412AC10587F15E33C5A72EBFC369ED29751762C80B993F88DD72",
    "140BE08D9F350A1E3694E9D2E640746B269C7203A90ABA63DD8AD0CCC53C81B3E73F5A338CAB165DC2678DCB92064F1F",
    "86CF87E01470D8D211040A187DD5E07AFE07E64DAA8E58AE693D4576236EF2F29F7DD0330CE7D136EA0CDD925DDEF141",
    "E13EA626487AAB1A78DD1E371003B00DED935D1D718A35FB8E3968BDCF794BB34D528791D443EF238523620BD605452B",
    "B6900B09D3D5265C97E3DBE86E4FC647B2B648B5872CDBFE07708A8E880DC783BDC180ECCF56C6E9D38DF041AC879185",
    "2B0067B731EB585CF931052A524CA53E258F5F722F5B34A6E5EC9E49A8BAD4152D9ED86BD94ACE69D59C59B3ADAF8238",
    "7AECCDCA469491E3D3A8E55676140B207B94CB298E6121037AC06762357B49B777715B8890DE7A9A09E9D6E484E1D161",
    "F85344A6C54729B4A54E505D581CA846D70023EF8933EF2A407C34ED254DE977D961C08228B5DBA71B5AC2FA63BF04C0",
    "153697E4C8FEC55C559F241B8C76F97044A53BEDE25618FE22BC1A932BB9829D4CC23CD8E4BA31BCE5C6DFC5D2EF1748",
    "404EC08A7C5007F17D98892CD3C57B221DBFF51D30C816D5873354386AFEA6751427DB6B4F7E0B06AA6EDD1E8754B192",
    "FDC0E14C8E353027CB94861152F06715BB3F3B3656B9B7A845C02AAA1C6866977ECEC130B928A338395AC97A64AC23FC",
    "78A0AC730CB3B4530F309995E7D20FF194BA9ECF8313224125B9EB0DE5C2276650867743E4D58E49F7D260BF6F65B109",
    "C4809AF9ECEEA66899CA4B6919BCDB64292CEECCC08A88A29EB7606D0427B86103CADB751F397DA14AEF4994B830A3C3",
    "52F4ACA7888A997F48D4121427C4DA4120FE67AA137EC4BCAD55FB2B7128297C6585E038F998D11A4A3A0EB60BD64DA3",
    "D6FB14FA147923EA27875D1E3FFF3635C568DFFCB10456BEA0FF995F2244BE875B9F4352468C805521E97E18AD9E5E68",
    "00EDDFEAB8E5C75FD9021F3B27610E57812968537020E54B8BE89674D94C9FDB1F2A2B2C4A768A9E1C3F578DE53D6D9E",
    "C4C5CDDCE7FE083D4C719EC4C6556DB2F900000000000000000000000000000000000000000000080D15161D21",
    NULL};

/* Decode a NULL-terminated list of hex lines into a malloc'd buffer. */
static uint8_t *hex_lines(const char *const *lines, size_t *len)
{
    size_t n = 0;
    for (size_t i = 0; lines[i] != NULL; i++) n += strlen(lines[i]);
    char *s = malloc(n + 1);
    cr_assert(s != NULL);
    s[0] = '\0';
    for (size_t i = 0; lines[i] != NULL; i++) strcat(s, lines[i]);
    uint8_t *out = hex_alloc(s, len);
    free(s);
    return out;
}

Test(acvp_external, sigver_ml_dsa_65_pure_with_context_tc33)
{
    size_t pklen, mlen, ctxlen, siglen;
    uint8_t *pk = hex_lines(acvp33_pk, &pklen), *m = hex_lines(acvp33_msg, &mlen);
    uint8_t *ctx = hex_lines(acvp33_ctx, &ctxlen), *sig = hex_lines(acvp33_sig, &siglen);
    cr_assert_eq(pklen, PKB);
    cr_assert_eq(siglen, SIGB);
    cr_assert_eq(ctxlen, 230);
    /* Algorithm 3 with M' = 0 || 230 || ctx || M: valid. */
    cr_assert_eq(mldsa65_verify(sig, siglen, m, mlen, ctx, ctxlen, pk), 0);
    /* The same through the length-checked and external-mu entry points. */
    cr_assert_eq(mldsa65_verify_pklen(sig, siglen, m, mlen, ctx, ctxlen, pk, pklen), 0);
    uint8_t mu[MLDSA65_MUBYTES];
    cr_assert_eq(mldsa65_compute_mu(mu, m, mlen, ctx, ctxlen, pk), 0);
    cr_assert_eq(mldsa65_verify_mu(sig, siglen, mu, pk), 0);
    /* Context bound into M': a shorter, altered or absent context fails, as
     * does the internal interface on M alone and HashML-DSA. */
    cr_assert_eq(mldsa65_verify(sig, siglen, m, mlen, ctx, ctxlen - 1, pk), MLDSA65_ERR_VERIFY);
    cr_assert_eq(mldsa65_verify(sig, siglen, m, mlen, NULL, 0, pk), MLDSA65_ERR_VERIFY);
    ctx[0] ^= 1;
    cr_assert_eq(mldsa65_verify(sig, siglen, m, mlen, ctx, ctxlen, pk), MLDSA65_ERR_VERIFY);
    ctx[0] ^= 1;
    cr_assert_eq(mldsa65_verify_internal(sig, siglen, m, mlen, pk), MLDSA65_ERR_VERIFY);
    cr_assert_eq(mldsa65_prehash_verify(sig, siglen, m, mlen, ctx, ctxlen, MLDSA65_PH_SHA3_256,
                                        pk), MLDSA65_ERR_VERIFY);
    fprintf(stderr, "ACVP ML-DSA-65 sigVer (external, pure, 230-byte ctx): 1 of 1 records pass\n");
    free(pk); free(m); free(ctx); free(sig);
}

/*
 * NIST ACVP ML-DSA-65 sigVer, external interface, HashML-DSA (FIPS 204,
 * Algorithm 5) with SHA3-512 and an empty context: usnistgov/ACVP-Server,
 * commit 203f667c26e10a1be89dfe8da7a54498fde2d848,
 * gen-val/json-files/ML-DSA-sigVer-FIPS204/prompt.json, tgId 4
 * ("ML-DSA-65", "signatureInterface": "external", "preHash": "preHash"),
 * tcId 50 ("hashAlg": "SHA3-512", "context": ""); expectedResults.json of the
 * same commit: "testPassed": true.
 */
static const char *const acvp50_pk[] = {
    "299E5B4CB6E5BB7712A9F867C3FA7F24E582D93ABF5C178A676C498B8D94AA3DDAA82FF7528E9C43BB6010DE12823D7E",
    "8BBCB57B4CD45D26E41494F22A53C2A881937D9EEFD8E50EDF1D41318AD7E9D9FB7BB48D0A22970346F6CAF569C6D9D6",
    "E3F643051E24EEF9B83A7E4D3B693BFD49F8F044C9FF08C14367D89017400D7D179C797FFE6886FDC0832E48FBBFA5F7",
    "35D7F5B3D1D93E1428EE503AB12A2F256606965527B8F50A1CCEBDB515900E26E571BD3D0AF48F0007E294EC2ADA631E",
    "CCAFE2577E43AAC9E6B3230408AEF3DD2784ECD2B84603E77C9B21C88175F2528411D9118CD40B34099624D93E17E525",
    "7D837A0DC7B5C6F2BCBCB31F81228A8E8F86BD6614F3FB615B2DB16D7D48AC9DCB9A1C5E76F2D6CBB1D6243A5955B5C1",
    "6DF46FCA532ACC896AC3E58362AC47730317EE9067F92529B7870CCAC343DD7C3DFB65E45E9B95AE5C00E1B8A3E5EE68",
    "7944253911E608816EC90D4EC4D210AC3051006EAD425BF9DBE6ECED39961CBD00238336A45A6D44B38011AB5341DF57",
    "3A35309ED6131F6E20EBFFA20318490A2289F12C994726E4ADB6A22F929F180A4E5AA7655F11A12E7E4AB3F824DB1916",
    "D68A7E4778ACE59DDDDE9AFE79757EFB9BF2D32C7A6DFED18CE2C94BF3F87A1F0761258371B3022651225387135C463E",
    "ADDBAB8E9E7C0C14B7C846527A915AD3811655438208BBAA08239A0BE275900E9123853E7EE55E632FCA8D34B9474079",
    "BD08A8D38B91EE02343FE95406D2F946ADDE3170E686AB17A02B8D50C1F28CA36135853B15EB31DDE456AE7920C4ED2E",
    "54060BD16969520B731BD6C34CE7CA55F23C791CF3D130726C18CBB62F3AB0EA28244EC89F64E9028776F34758E3774F",
    "2F55F6B583D233CDD2280CB65F4AF1E77569B7C7B0767917F1C3D92DC6BDF70BACA7FD4623E8D1E6E58EA3FEAF05A1BE",
    "7C1283A85E8CDEFED1EC152F3FE127B32AED8C5EE9785397666F35E1568EDD64917F9E5BF9B83CD58F4C46ACD47FB159",
    "814E22DB45441BD63BE4F081B77C9ABD7BA40BF9C3963A0967F68F153B2472B17E793047442EEBA91456B54821EABEE5",
    "445E28FE8A9B510082F29C5D56E42EB1ECC385095B4E035B01D07F8F5F89044E602FA045B7D42A19A4A5F44EDCE4EE03",
    "D8D9D0D8CB52397263508422B3EBB5DD8F660224D3B2367F3AFA6054F1EFA4887F85F8DBE430333A4F515E059D38AF85",
    "C9B8ADF3ABFB4CB8201537049AA5D8C7493FF4473160FD941DE9E1F1E4633E8AC4206152D07913945413AFBD2EA10A8D",
    "22EC9EF793756A83D1D472F64F48ABCD64E151F6CEB7B527CB93C76F34540D4C609C3AF102118B0DBE58E82FEE23111D",
    "A3D87708F37820FDD10C0448923CB3DBC0066A11A231537C88CCBA3E29517BD699DFFAC4BD8ADAEF426DD70342A8655C",
    "8DAA8F41FC3C6C8C1D35717BEE485D6601A5D3AFCCDF601790D4978E9C528DBC5BAEC855E26A753DFFF996BD6908A26C",
    "30C5DBB6908C8D14BD1A8142649954FA2F1DFD94D30BFB23E0E49C0819C9CB088CEFADA32955E7E1892217005C206466",
    "7EA86BC4B88EC3CDAAA57BE053BCBD026EA951C5B8B07781D8033CBD725F81153AE7D8526E8F713D120D563706500240",
    "BBDA4F6C7F71C89A9B7E73CC45AE0C471516729771FBF8D80410FEB8DBB52116CCF715FBCFFC4A7537829A0E864D4858",
    "35F79E3D43DE186DFF5BDDD4BEADD5B07D6885F3704AD6B1BE81896F31710B5B5F90CDAE14B2280C210F1BE45B6C36E2",
    "887FDE4532FE8B36C91784FF56785715EF57B0C6E455B7CA1BFBA7C5B6D6E94C3D5FD7448DD84B697DAF1DF2C84BA47F",
    "39A633B52C666BEDC0F4A496AD5E07DC01182EF21D5D618A22DBB85FA40AB09C837537260383271FEC35974884380E3C",
    "D0C92DA7A3496B5780E5110A67389157D32C4FA714063678B9EA8640318FC8153977B514728747EACD22950466FC1703",
    "9D85C2C8DADC8C3CAFD70C8F14A5793EB27CF8D4A6FE3BB7E8772FBB4FC57C50C751CE6188145F04EAD8E04122114FD0",
    "3D469A639FE04411C998436A6AA76C35588D428EC57B925B83B1412FCA0B60D99177DD373ED88DBDE7F02D40564948B6",
    "861FE9F65401D9B136C18D4D2BE5855550E36FF37C3F5832217B62B8016C5B22AC0016911D5C092EE47ED0F0BD52CBFA",
    "39FD5BF7B87D502B39F0E7B96ED32A31EE0C4AF019BB45E0DBA203B21C5443D41ABA078B7E07C02EECA1245AC57C3B48",
    "0FEE441A1093593013C04A1E0292ECB616C90CF06C09D5F564CE172810DBF547B5E5EB613F9BD2449E8A98ACFD5044FC",
    "505EE7BFE4F1ADB7F596EAD86FF3A4C21AB874BED34AEE2922B9817E3BB0C4C363CF4137570F1B268BE2984E6FB03BED",
    "16DD988A81A17EE432D565F1DFE08C6B7D1E980BBA1BBD71121926A1ADC944B15762DF210E6EF3BDF8A483606CE5B472",
    "FCB1C475BC711483565000D1E6C246F53938CE6F325D8CDB459B8AB8FF825C81CDD0A13847A5235FED7AA58E2C9F0873",
    "965AE39EAF073F3EA90326A85165A10658796A014B061ADB9D891AD194F48562708BE0271BC5C853A481C7D05AE49B5E",
    "50497F944504C0A098628383AEC2C8DBDB6860B015BE0B377A6F66F23D7CC36C4B93D6C905EC1A5292AA9A11A9B088AD",
    "F516707FF1C5A96BDE1EAEB4BCB5F270E3C1749A345DDD670A49A17C43D8FB0BEEE4E803A53FF74D4C1797BAAFC91079",
    "93493E91FAF9F327A8C4FECBD78B8A0EF153BD69659B0FCF7258F6215D218CB8",
    NULL};
static const char *const acvp50_msg[] = {
    "088025587F3AD6365DB131079D53B93BD6280DCE36D33D4721C7B5BD8504B21BB02CC3AE1C0406A14835301D7BC3E64C",
    "275003594E6C5BCB2E425D85DC1F6C8DCFACCB849FE18BD9815B3B929F6C8A7F4C92DCF29182C87BB0628FA8DD87FC83",
    "C8CF89054232DE034295DB16E70C2EBEEA3B0CD9A2345D59B10DB67EE4CE6E5C71239ECE2A75BA596B7F26EFDB7A8867",
    "E174774CE46EA6669DB47AFD8B49836984B790707310326187F047499BFA0D2C0B42C86837F214019412DE5DD6424AB2",
    "C9C1E9E8A693AAA9DCAE3EF86F3B797C11513FD6FC4C2B6DA036041EBA0F10C5E9B78414771E7E4A19C4B56360B43899",
    "30986DE70733694ED6610724DEC36E92129EACA8D4A9157E394709669B01CFA75BE3E129A12264956059BD8C9DB79122",
    "2B50642F5B947C12C10F0A6CC9C9A793EDA5DC6FE69AE276CD083D50BBD78D44B3D2304295BC4C3853C8C38499329D9D",
    "A979632BFB44F55B93F9EBA8CDCFDA8593A49E6667510D51D0D8B4DBF57570B9B00A1F965C21E851399793A20D1D1007",
    "A3B9FA0AEC4EA7C90FC04CE4962EF3279CF9C5DED67E3E8EAE8AB50E1A1D111CBC4A0AE99D0DB376E8F6149AAF96DBEE",
    "A6AEC01E39CD52AEA297179FC590BF245BFC7B721C99D55D18FFAB282CE026C6297A9FDA426C1837BC2783726ACB7694",
    "1F417BD55C05684588028A52050ED5250A826A3B24DE65D6D2D87785DF5D5FA251B1370106304894B5C3B8A742EB1034",
    "AC62D0CA6EC74556438206A5991D0941AACD3D15438288DA4CD8036A35A859D87D11A3E99E0A708FC77A848E0A946DB8",
    "2DEE509CC38D46504C6ED4DE570CD1C711113906D6362FFB6901A389D2D44921B75A7607706AEAB6187920CD05DA906A",
    "04566354B52412A4F5C006AD445EC96C3CDAB8E876D61D7465EF2BE8DB24BC6FAFE7E89C4086FB7042EDDD8EDE50A643",
    "62FBF2C1493F51ECF2A4DAB1945591D24FE5FDEAA22B672F9B0227C8C3101940A0BF3D6CF60B55ADD18AC7A8B597726A",
    "B5A09EF89046039F68E9CC9FEC2377BA4C8F4807BF4772EDDD8E31A6CBCF1868A114EB3ACB65D0E8C6FDB469F9323B03",
    "309378CD00147EA0DB695E602FCA9D1C52C6D12826A84EC55D481B3DE84D573BEF617068EC6B2E733C11E3192A2D31E2",
    "3B9CB7506D2A64A1FC64382F87BBB2BE82898E61ACD8B90A163F538A4A4A299577A3F99A0CDAC47DC21D40A57545B390",
    "9B2D6354C3A9853437C32B32A826BF3D0AAE743B4B4DEBE6DD510B320CF0CE4172FBB009873444ECDE45E8F7C0A2CECD",
    "504D964487258B4C36EA89079664791FBBECD477F40F8AA1F2FC60D79A21D16659A196860F892E4672A51812D536E93E",
    "1C82199209286FE7D3A6CDB56CFDF14EFD5E3E7FA395A1D47EDD9F63F65E47C0B1CCD48B70CEC59821391BB15DAC2411",
    "080E701CF79B0BF10D8960CEC09020EF572B62900FF95D6D7B351AAE86AF5DDFAC5FF3174D9EEB135CE485CD3B41CD3B",
    "E8A260BB8BD071FC26BDBBE2AF68D593579C0F8ECC0991B7E6ED6181F6832A3718C9165C42B57BBBEEC020DF56D201BD",
    "667B516678E605FFFEA270068C5FBC469C12B4B0253B0EA9028774D208905A57F4EDE1B2CAC749CD7A3C98515E7E4362",
    "92296FB029F6AB472E1C2EC1B3803B96F3CE85D0C24E700CC3DEA6D1833DC53149285244274D2679BEA4013AD40CAC21",
    "0E1B8E23AF8D8BE46D96FE4F7069EB2F5702CE5FA249B181F2355D4E33DDA3C22E173B6E6C1C341788F48ED9CF18AF1C",
    "F2341877CEDA38498AFA40E3A514D9FB70CE681F85DE63707A9D3ADA933C7C331803620DD913909636C04DD08DAEB4C2",
    "CF21154C4BC71F5541F28B5F706E0AD7CACD925AD7A91D851BB4E7A534A56205FCAB499D134701AB5D39B6F698AB4A1D",
    "668175F0B3B16E19BE28934D737D8FF8E9230BBB8C705840BD450B45C2DBAEAE015A22C39D4C290766D60D6C87BFF169",
    "7E79D2475A4C778844133CDCB8D5EFCB951B0C64E60E71BB6B660704F89D53FA22C41AB2A743CA0DBE08D10F07946D6E",
    "DA060ADAB9132D992C798A25593691162243712643CAD29FF6C57814A79D35F58B613A8AB4753D94EB5E7C79E3C0D336",
    "1D78AD3C8AF8D01490BE50F7A719F7A8F36DE52C6CAE8FCF80FB1F14DF635E47BC202D9E462863708EA7394345BE8F0A",
    "725BDD41078F564A17F465ED695EBCCA0196B537246904D0AFEDBCC3F9A6C4E6E989739B2D5FDE725751074BF9125E4A",
    "6B32E90AA57894E5F70AA0E501AE9C1E3F5F00C8A927FCEAA05AAFB84EFBDB50D3BE7196C50346E9511CC22A4A7ECC07",
    "095647D5633108DCC9AE0DEB62E501BA34EB64CEB5A675863563FAB204C699AE45129D50B6103B388C273C3A8A7B4D4B",
    "CFC7F0E32D1219A7A7FDE59E6A950405E89867B031D18124CE92E0CF4D1C841A02644708CB8146ADC2CE2137350ACA6C",
    "F68A560E9650AF16CFBB6574BFDC76C8341AA83401FB903FA6FD00E0E750E03306A0ACC3E5B935AA9849035BC1EDAAC3",
    "AF0988153DD10CA34E3CC7CBFA4860D2172661699F25D2BD30E6050E9EDE7B6EC9FB294823F85A670A4BE9B77665919E",
    "58A13A3D5C73BED852AB0E983917EE37F33E318CE7B8745164BDDD5EFE24693E7F3E268C166FACFA871001984ABE25E7",
    "A9E7DCDFA410DD7E2E50AC096E45E8534358575EFE981FD01DD69CC437A2A210C64BA3E677AC97D69D24253540CAD023",
    "D4383AECCFEC334DCE548C3CE77AA35485EDD33E69BD8C7E45274B31E6ED24A912833FDAF628FD9A8A0CA4042BDCFDE8",
    "560C236474E2A714133114CD86BD5A7358B718E463FA60A951472110D29FB059F4D1EF40617D612A68A3D457D14FE2AC",
    "1D76A4DB35F2BA464C84E1D50D0FB7E888E51D686977EAFC934ED71D40AD2E331D2F1F8988393F123A59B84B79F5793F",
    "C01504FF8300DC3D002C157504F49F05D05BCB874E78FE8DE5A06945B5EB29A8C3DB12E0B2FE8EE9B76E0286C625B2A3",
    "9F6D36A29E3D1BD3F6B6FE11E993AC03B3DB9AB7983F7206FD69C56A4CF443E4B252D961EEDC845E93AB2024058C527C",
    "D94E7B0A0964F578CE247F229CAE7F16DB049E3B1085522EE6A41C8EB8412B7D8B6119CB0A1FE8508DE9E7400B6A02AF",
    "3AD865310ADDDEF21A8529F2B58362B5658B8D9E5DB9EE4135A819EE786CB40F96D1111BF7910818FF7785F9601EF9A6",
    "D85FADC07A98814BF35CC212F6DD699F7E8911AF2A3A15124B0737DF05E29EF8BB10CCE10C3399A7803C550CA3532037",
    "568ADBFE17B4B7A441BAF314400188496966661715BF2A5A882863E1DF56CC3E1B78E18D2C075E2127E1A1378D22D0E4",
    "1D356370923CAF3718070576D6DE86E3F1803610E6A57ECCD7F853C4F742618E9E39BF6539BEBF5288C733ABD3351A7B",
    "A69879EFB06E1EDD9A9C2F518E38FE4BB2D9ACF0592C7B6B70E67F04831969064AE2FDF58D14674A2A1992B5292F3808",
    "CBB6C43D3C655DA48E070417B848F72C525981C640CA017717E855B6D00A7374FE384C7A45BB5FCCA93EBF8F8B7E3280",
    "D062BF9CA4364018300AF89B3106E24E978F96EBC8C78F11F526FD81E332810F8487BCB3580A0495231541D5CD55F3A6",
    "BFA3C20C8EB7078D1618A7A9CB642E72DFC5F124ACA1F1599C25A2D054A52A9DCFC9E511A560D575AC69554A63A1BAC6",
    "E5967AF7F2C370A5B4686D642CB3F66B620B4A862B14095ABDE3E71D46A6C10A89CF844B118DA81A501025AFBA935994",
    "879CF025AB439669E28C849BDDC0B5DA1727F786487E075230F6CAC17EEBE6427FC5DEFC80D8328055CCC918E0D9111A",
    "D2A39AA1D6D85A659870FEDDC4EB36ACA46574EFDB887DB2C8CD5EA2E4A0C32FD48FADB4978AA7F3B5BA84FD8AFB4EB4",
    "6EAEB8A308E5A97F57322B7ECB0F1F1D6E89D813A0A55A5D087CD48507D5E4F44B2AB204BD31B8ADA24D59F2E8B06F8A",
    "3F8CD36FEF9ADE21B276D4C1924CCDB125132E3B995FAA41F8C8AD7FC60CD3DD3D67D1D58609087A664B636872B1754F",
    "CD1FFEBC8EADF111625A79F814456C16DF4772089C9AD123CFBCE98B710C9B72C1C2C43322B325B06F6E70572DD8374F",
    "D7D5750E2436119152216FB35E617FD2B2A7D14B9444EB5455963FAE2C24453F7047EDF1DF4D19920D59770D087B47AF",
    "1C9D7C7217A797C5C6555B3DC91FEBCA2F772EA5119C6F2E19E9F22C09B1AAB1D408CD17EE74B69EECFE8D4F7B337C00",
    "8581BFB22C1BB8EAB56AE7CE4583C353A5D7714520704BEE295BC0C986249801B738B0CD054F88454EED883A63DFF9AD",
    "C7137414343339354EC501B56106D73DA54AAE3F318B6719EBA57959A69AB42A1022CF5E623E4B6678E1596D6874EBC8",
    "462ED5170A0ACF9772D752809AB117A8326A294CCE1E6C7A62B9490123D9F03E25130ABD43E6953A6E9E7DCFB9AE1FC2",
    "E37C4759B311DB51EC18FEA0443E35EFA60C2EBA73FA2579C4DD5DAA70589361598E4059C9974B54CE7DB868605917CB",
    "48ED284C0F795023D610F1FE65AACEA4815FFA5C0A7EDCCE593D33C41EFB8AB5DBC2543EFD14C054EB4AD7A565A49201",
    "41D763EB0FF28E9D2C2661D0CD3B6EADB657A2F7AC107CE54A094F991B08F4BA0E01008DA9400D7DBA004F7AF90B5E3A",
    "E3F3AE5A5FA00342640D2B1C70499E7CA05BDB2C7652A164B10198AF53E0F27626BFE2B9849416EA2D76DF4AA5BE7F52",
    "B0A35AEB8284FAC5AD32EF758A31B84457D0DBF09B4E1FFA475EB070174E97A07722E10B24494702B07D08A38F5D48DE",
    "E6F7993C5FF6",
    NULL};
static const char *const acvp50_sig[] = {
    "F1295FBE13D1481D522E1914B92EC2A57C30793579DC4B87ED9E39785A8DE74F74DCC1671CB5AE05E44197B9745D0E6A",
    "68E789DA80A478D255BA71B2D93ED727608F059C9C834C7B9F1482A4D51227E22478A103096E9C88BD81D1FAC65C5C11",
    "13C49149EDCF4450FDC441892C0DE37A7DDFAE56F23E51B6EFB0FAB3787294956C952270218B74686E2A25F8248D4E4A",
    "619453AFBFCBD59366200B8AA7F9F503B75A061946936E642ACE96B78E698D8B4F760619377F20FF5906DBED62DFD7E2",
    "5030D41F9C4273C632432CF3F27C7843387614421B815C19AE7107A259FF177806D2215413F05E33B7E8DD2AA660CAD4",
    "C19F004886900D6D3B464572DF45A4CA62B8A8DCB85176694848E8825B27C598363456889ACF882452B242CF82007D6C",
    "E028DE61D68544EBD09CB571480DBE3666E43F207427D137DD99582CBFC64AB374E410FCE17944B8A732E99A26F0DDF5",
    "64FDEE71F33DC41B815E4A409017073686D8C8599FDD0DE7EACE83FBE9EF2DB74854715AF0DCE520BCEAB6C3415F4856",
    "E9B581BF8EB84658C26C418C150A95CE6568C6196481AF2296DA3593569D1B785D522E17945F125205F9EB675CEAFA33",
    "4ECF6424C14D0792D46411AA3D9828077E46AE4802B5BAF4BA895D256AD3405528717FFB4E08B0B746E016B31400EBD6",
    "D086A290ADEEA8C225DEBD2CC72DD8A6980315272A9EDC1A02470CF7A19ACE4E472284B37987FC3251AA7DAFC109D18D",
    "662900267064DDC22239F47B3D7615549B0E48BC8365C0E4A779E1E4A8A79B7F42749F7A10A715ABD21D6D02B5F33F10",
    "64BEE0BFC7408B06DE8F9E191D540CA8F8758E817465742CD5B8163FCA9DE2FA1AEDDD2E9A06AD0D714ED9F5D1016ABB",
    "AE537203B5274900F10D78E118C97B347BCB16B3E5B353635AF25B33BD5974890EA0A9E46E1FFF1FF77B53C95D543DEB",
    "443E647C6AF34DECBD37CCD9D1473D3E72C76929DDCF9B7D7659203BC291B40787A94C34B00A5A9149951F4D72640762",
    "45327E224A2FBE3022609F832E04B66E1015EABBD39684C6A2E7A01C553FFA43D540FEAE5FD1AC13F77F720AE46698FD",
    "4ADCADC3C0533A40FA5B28469B52CCD046AB67C010CBEB0775491EE261809479DF853444EB1001D9557958A0E812F659",
    "56B8AC6D55B7ADB89FC46153AEF3459FEAA7B72CC67963E3C8C6ECC7E2215C8B7830ADFBABFEE7094EA1DE4912942DF7",
    "F3E6C96F7898CD3BDC78D548BE6C86EEF6B8D8CA934EC650685C018201E7E3FA20278989A2E69C7F4B95CDBF4AECEB5A",
    "8A5C1FEDD4764938C1B1E27166D4550434C2B1FACF8836115D865ABAA90CD057D5E0BED7F015889C33DFC4217B809CB1",
    "26E9F5D81571C589D09C00E24EAF72BB353D9C25E5D0F1F4DCAF74AF48A484D97FD91FD36C98EAC4F8EC6C773C514319",
    "4BA3BA79CF9EF4ECB3ECCFABD91AB002AE815DDC9FB6B2DF2D16DDFBA704C564ADAE84AFF9BBE92CC2B50A2E363EF433",
    "23EC949AAB7FDB47415DDCE7A4DFD1E1978374699B6AA91185056FAF7B9E05BF3BFFEDC39901B35D54E7BCE57938CC2D",
    "66DCC871FF4F15204CD68B295D96E824A8D6B9DCA456D83B3629BD77911D66EFF0E45A09EF0EDF33052EA8FE4C2CD45C",
    "3E95F184883A2097703F5BBA0AD3AAC10BA9C9A9C1781C26031828F5ABFED261FA4F1CA72220E895D03F453A507AF0B5",
    "16E155C911FBBA9B9397E3DACBD8226E8C90899526BC09BBB0FBAAACD24DAF1BE128CF8FB6CEFF1576E2B1654B1C77B7",
    "48F86F2F6AFEF5D8911E51F82EDE2C0CD7F4E4FB6D9302236B3405D3D54FE8406C1A479202AA956679A8A3063E771B2C",
    "239FC6D7140A2993DE6225A542B4F12077A23BF3C1BB27D6BB3E17B6D3CAE9B2BBEAE35FD9461FC7151B6B8E78F517CB",
    "D03BF9F14FFC093FD292FEC3C3E0CC30DABE714FC289FD4212A5171E0D28BCCCB62A86C8057B020B5AE824581270ADC3",
    "4CF298F7D3BC9895277C3CDCE821EACD41188DD483BBAAABE4D1F5E7DE1733C3625E5DD37989997A98CA3D4D32C2FAB8",
    "D0B6E2BB018697ACE0FB1CE289C265B39270A3582DEC02C85A245D9177F4FDFE2AC9D14C166127A08B0D97179594C81F",
    "86F3ACFBF4566DF5FEFD9C460822C13DA2E38470D4C4091AB683710E0478E3355063B2ACBED8D712A0C38FDCA47B4977",
    "C64E22ADDF4B2823FBB91EEA85A5984E2C7F6B8BDB12DC2BF3753558C385E8C065EA0130B78F734C1FE30F734D44B724",
    "F3C7D7212B3BB08D2CF33D490FEDEE2EF9DAB3449C2092178BD9F7600391D4315290DC23CB0820334627DD73D4BA92C7",
    "821E9A2477C1C76D2F26DBD356F24B59F0D1B388A943940CEF5A1D623B223939554CA2B9517737592FC1D608F4017AAE",
    "AF54E60FB6C7691595C9A10899CB7C5BCCC4C70AB0F195413447373D50F61846F38FF583FF56FE98AB626F8AE41FBF90",
    "EAA9E597298582BE1153D85922AD62D108135E2FC79599A2BFC75D6AB966E9156D2F74D342EA644CE3CB066E8E388320",
    "86A495F5D8D98FED93FC81BD1BC99A76B787A9C978FBE82A13D485A331733746E8FDA46EF50AF951B2FA9D815D68D447",
    "DDC840AC2F5930E255A777F90582A70CBCC62B26ADE1A6A5BE291A13E3F1F5168143CDA5BD77B364ABF852ACB5E71486",
    "C6A014EEC99DB6888FBA8B27B280FB28FE598ED1BC1C5F14AFC94ADF8C7FF63C25BF84B415CED46DF905825649F07AE3",
    "16045426BB7191C27BCC98CB6601BEDFDDB6414BB9D152A16604096BDD50949FE7A04D811C8B354F7D9EE1999854D0AB",
    "C5482F6E1D9AB7B56A1336FEE0DCFD3130749CD231D3E6C99E600CEB86CCEB3AEC3BF55979F5850483793B22EBE26E9A",
    "EB0BE63FE0371183FA2BAB83D57EC5140B9A0B952BCDFD4D6B05F69BAB51338C2F03F6C4BCE4DD2F7EEB1CC0072DFDF9",
    "DDA85FED0A09F7A6A81AD147D9154A7B3328C88BD9EDD2E67C9471D67F6AE25BCF66C9A3DB4A41A341F46301E5EBBF92",
    "D522FA61310458810A4E38095A31AAEFB6A84359C3A54B48B5BAD1A72570D03B136EECC55678AE34B200A4E5934C3785",
    "5EEAB371DD6B4024BF05E814D087115DBE3CF0D8057CE6CE12F90423552BE51843C5E14F62C36F7998E7DB248FA3C0D7",
    "C0D02E7A23AC8F2CAD0375F1B2A59DB4B462A5EDE8C8B85F0705EE0B8FCB231E61B62B2C7B7F0836F463AC6E0187BA9B",
    "2ECD70A568DB84003EBA9159C9AF6B325188DB2112FC31BAA0393F89DD73834F11EF86B15257C6E1CE2D780F4DAC6C53",
    "3402547AA5DFD8B4ADB6CC37E0D884846698115D152D5EC008C2504ED31695BE368FCB5F4F2812F92A6104A665FD5B16",
    "9D03731D12F552BA23BEBD0E11EB53E3E7742159809683E8DA227DD3A519F31D847E92629E6FCF4AC5022D28F72329FD",
    "68F856FD9D94846F495959B5C726848C071A7FDB61CD84DD879179458183283F5810990582EE0CE3A08D94D9E3E7BB84",
    "2C600B1A759DA04A9391B925211A484D5BC5708D01944CDDF9469FF45335792751D2F95DF17D6DB27B09B9ABE9E373C8",
    "4F10907940A3EA70D6217BD20D6EA0703268496E9DCA62933872D468D1953D31EEE18260DB9475BD909DF3526058022B",
    "EE65CDBEF699C09E2825AF221313F1459EE2DE4C0491FA4FD033B425B8E892FA136462CE626B6B1CC45CA9C83BD95D1D",
    "3B1A6A7B6C82576AC9D804169EE72F21C5BE250F78EE94FAD12870A021292F9F7693C435B4D5A3BBCEBE2EAF7912B81A",
    "F4AB349DC053914D0679CF3D3DCF6A807F75B58287725D33BF217FA149DAE915ECF56EABBD00918819E1BFBC2A6E2223",
    "3CACAE6F86F02F797CD2315540DAC191699749DDE2B33495588A5278429AB782D414BFECD68BFE0BC43E9A8625103925",
    "BFBCD06AD5517870E9F96D0F5618F2D49FDB54D0EE06F3FE4675E0650A672E9759604D7A3567C92584175ECDA0831DB9",
    "93964F0862B62C333FA8079653C02A7A1D4E5BA9848B37382478661EE6797A52CF4A8E316C8ABCE6B5B60967A88884B7",
    "182926479FCE7B6B8AD8095D062F6BA5AC55CA920F980F5FF86DAA5F84285E66730541D4A6DEC03FDFAA6D42B74335DC",
    "C33496A043E076D2408E425F7C7A9041011673B7D29B8E976BD189A32AE402CB67FBABD16EF92977189E4717512F1F9F",
    "00D6AD5DCA689B46DEA041FF2CA018406A1DE759DB717E180A4EF8742B3DEF6E4A35E884508DC54471369F3FA49B517F",
    "21FC764E70584A293F8DD0036126781743B74E9291157537F06C76BF2450F995B26CC6BB9A4FA8C7F7DA7DD2A6200AF8",
    "0185805D7983051E0542F843D8F542AD61EA8C5E60A887DE5B0CC375AE5BEA13D2F10AF490EEAF2DD2F8461CCFDAB667",
    "DDD51F8FC8967A6D78E6A20BB5EF8906489A00285675903A17E4AF5EAB2DED4A177AA7613F64C6B335F4787F1CEFF942",
    "EEB5DDCC4B7DBD74C3B0435FCF27B880B0B425AD4E1DB1FB82DC74879F4FBC52CDD27B53C3BB2500CD9D8AC70944FD2F",
    "3730C909E145A130D4D6C7529F994D65996113E86882FA5AF08D24F450ED31292D78E6F202F2E3CE5EF4AFAE18BC7E53",
    "F783409CB0109A279D80149DBF9C601824D3252CD097D64BF1D628815DE34B0B455C5D778DC0C82A2D4C556B7093A2D4",
    "E710144C6E8DA5B1F50B4174F8050B6D77F1000000000000000000000000000000000000000000070B11191D22",
    NULL};

Test(acvp_external, sigver_hashml_dsa_65_sha3_512_tc50)
{
    size_t pklen, mlen, siglen;
    uint8_t *pk = hex_lines(acvp50_pk, &pklen), *m = hex_lines(acvp50_msg, &mlen);
    uint8_t *sig = hex_lines(acvp50_sig, &siglen);
    cr_assert_eq(pklen, PKB);
    cr_assert_eq(siglen, SIGB);
    /* Algorithm 5: M' = 1 || 0 || OID(SHA3-512) || SHA3-512(M): valid. */
    cr_assert_eq(mldsa65_prehash_verify(sig, siglen, m, mlen, NULL, 0, MLDSA65_PH_SHA3_512, pk), 0);
    /* The same M' through the internal interface. */
    static const uint8_t oid[11] = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x0A};
    /* This literal, not mldsa_prehashes: the vector pins the table's entry. */
    cr_assert(memcmp(mldsa_prehash_find(MLDSA65_PH_SHA3_512)->oid, oid, sizeof oid) == 0);
    uint8_t mp[2 + 11 + 64];
    mp[0] = 1;
    mp[1] = 0;
    memcpy(mp + 2, oid, 11);
    sha3_512(mp + 13, m, mlen);
    cr_assert_eq(mldsa65_verify_internal(sig, siglen, mp, sizeof mp, pk), 0);
    /* Another pre-hash, a context, or the pure interface: invalid. */
    cr_assert_eq(mldsa65_prehash_verify(sig, siglen, m, mlen, NULL, 0, MLDSA65_PH_SHA3_256, pk),
                 MLDSA65_ERR_VERIFY);
    cr_assert_eq(mldsa65_prehash_verify(sig, siglen, m, mlen, (const uint8_t *)"x", 1,
                                        MLDSA65_PH_SHA3_512, pk), MLDSA65_ERR_VERIFY);
    cr_assert_eq(mldsa65_verify(sig, siglen, m, mlen, NULL, 0, pk), MLDSA65_ERR_VERIFY);
    fprintf(stderr, "ACVP ML-DSA-65 sigVer (external, HashML-DSA SHA3-512): 1 of 1 records pass\n");
    free(pk); free(m); free(sig);
}

/*
 * NIST ACVP ML-DSA-65 sigVer, external interface, HashML-DSA (FIPS 204,
 * Algorithm 5) with SHAKE-128 (256-bit digest) and a 203-byte context:
 * usnistgov/ACVP-Server, commit 203f667c26e10a1be89dfe8da7a54498fde2d848,
 * gen-val/json-files/ML-DSA-sigVer-FIPS204/prompt.json, tgId 4, tcId 54
 * ("hashAlg": "SHAKE-128"); expectedResults.json of the same commit:
 * "testPassed": true.
 */
static const char *const acvp54_pk[] = {
    "D8D1170517D75DB90659838E13D45E98ED20D1961D98AEC16D2F10C51DF289E7FC4ED97D52166C8C913E7CE9D2CA02AF",
    "D7791B95E8F2919F7487F9F1C6B0FE2133E2227FC405FD890DEE8C1B79114C329A7C3DD341D137810B67C84E9DF50BB9",
    "EF45C267F36432C371F19ED69A2127F1A7FB02DB0DF8678D48EAF99196DF46BD1A2BF5A0F44BC091DCDE4B9D9FD93987",
    "AF0842FC74A7F8D8D89715909FCB2A850655DA6B6D93F5F1323C1B6E66340DB8C64874E2D8CDE17393FF26E575FCA7CC",
    "7D032F40D4D74C92D6BEABC726ECCE599F85EC9406DF76EEBB0A4170B3F846021A287E174DA6BF729993F093A894372E",
    "3A4128D7A258D0B48E5B5C5A9782CE1798FEEC2D93D3FA6CC96719B6213D862CCB614DC302D1BDADC00D411FC033F351",
    "569EEEB15624BBFF1D2839AC7A9EBAACE2D2B3FE33D96575AB75485A82EBC98C42664E0B342E800107E02EE9C3F3F32C",
    "43AE35EC2CAF6E6D19F3E1FFB92724471E503E08656C0C9BF748F53A4EAD3995E8D2C612F77E07C2BDC47E40FD653502",
    "0C4697EF89E4DFB8AEC763EB426AA67265D3B675431D1530628A43420891492870328432577F7EA98EC81ECDD5985FB5",
    "040E85F167DCB42BD7B90717826D289B22C200FB429EDCA53963A50CAA6854296C85E08B28ED2C3486E4A73ACFE47079",
    "0093B022E08E773C6A45C7A1059530CB20F8A351EB64A9130DD520B318F356D3F2A7202B44E4CA3E3C6188BAD5F46514",
    "03E3BBB144D6A126F2D1BAB9DE7A0E3088AD0EABC5A80DB3C12214F32613E081434CD82705DF56E31EADE0641F8DFCC1",
    "340E30AEC50A8FECA999FA371F2BAE7123C271CD69F03DCC827678CA18619F10BB2775AE6E1C98075E6190B0726CA980",
    "834B799F5817428EDD952E5B78D8350E3A04ECCA5DD00BAB8D5A4E028E1782B90B2789CFFC34B2F69120B8C74DFB3501",
    "EC6B7E5B2F33170F6CE1AD03FE6E4D3FF205A6537FB27845C24FD0B7BC988C0D264B873599D10316C72656654C2A155A",
    "91B831942F7E9C6146843FCDB07642287787297A93AD322E601E92C3793885E3109BA9F578CFD449D796B68276BD91B2",
    "8FDBD442DCB65E330C95FEEA49CDDD5CFF8BA7042C571DEED98FE569EB584BAEF5A535175C55EDBC00B73B43369F9916",
    "EAD907E012027E3E2301D9D3999365B1822C0BFB007DFFD9F94900AA5D6269EB65CBC93095B6D6E42D62DDABABBCA065",
    "1981BA7FB77F8FDA1F953B7EE04DA90C43460F9D99E0D407EFBCC16E2294209794624FE7DC589E1ED2CDBD23FACDE396",
    "E569863C23A21CD6BDD4B14F716AB0B33419E54ABACB50273B3952EE226AEDE6461FEFFF01B4B532FE2382D7444974DC",
    "C3BD86167C0B62788DB741B446F9928B06EE26CBB66BB7886EAAECE5EE4525AE44201F5D962AB6744811192491901879",
    "BBECD24CCD96320FB63E47A7F1B1F8F8596054912F67658C9FD1B2D9DAC5424490072BE75BB90F677D155B997854FD23",
    "C25373998B6EE4E6577CD0191640F583C510B4F3A16293D3B6A7F23398DAF50C822E13E27BC6C119C89D7ECBC3FBE41E",
    "A8D50FC664D9795F2FAA3A5E37C72092602A34903A02C02E8E14B99CE045C07DB648AB5F88096B5FCC318E5DFE912B2E",
    "D3E46CEB9B56EB619C5F418DF303B87E6FC0EEABF6529479901849FDFA88D5403E287ED1A837618EB4EB91D850739177",
    "595F9CA0FF76D7038CB80187178A0BC6228E7CB10883EF4E06F2DDDA6AA9DC2C517588E82065C1610C73E2F745899131",
    "A6CC0ECE27A37AFEACFCCFB10D5BA7DCFA570EA9B970B7CC154298C2BC8402FFA281F9BC8E0E8386DD9B639F62FC81C6",
    "FF96DC72AE8BC0B31806F2DC0E956CA666283C4BD55E97339F1D05EF5E03D84B1B02A1CE434BE9E674E69FC244612385",
    "9A8F1D8EAB672D44C014EA5DD8840CB269284F2CF832DEE4A3F5CAF5F0A27889C65BAFB922023E9CBA1A322EF382CE54",
    "EA3C005C1C406A3BD19F4B174AF0F40E938664CAB0ED4597953FC843DEFC9E273E91361DFBA69768A5C1DB721FCF0695",
    "97209E75B5ECEE51B75381DBDE8DBEF3778B422AE68AD04A6E5AD27E157FA425859C26EFEB28F412B3BC56A4F7574431",
    "A5FA4999E7656D80FAE32D47C63C530F0B8368281C1D37E9F53E3BC56F66B4F077ACC0D816C48414CA37FA30440849A6",
    "C0ED59FF917436B678A1CD8C0503155144C96DAE1C74E8832B5AB171C990FB51C77849174B27A362447FE90C368A1734",
    "DB076D73EE040EAF9A883AC9021A9B2E3DCE6D3961473C03BAE6184CF067BA8152D41F61D9B2EA1C92282585F6ED314E",
    "19BD1A30734AA39B695CD82EE1CBC9CB2456CE414AD8B4B7BCBD6F0DFA0EF4F3C40E9D1CFED52389A82A6AA2463ACD73",
    "51A59FA69D31A4F9FF4199800EA6D3DAD06C59D2C2F8CC45488FFDE4811D8948C00E5CB0086E2B8755ED5D1EB730F552",
    "BA814A3644C79D408D302C6E8ED41AFD0BCDEB170EE6F4159C2ADD1623B84753F91A3E52E3C4BD63BE63FAFC2E12938B",
    "32332AAF7DA8D8D4CFB66296738C5C5A99E31A6F09910470E1F989E396112746672C8150D5FFD44164191967549A9D5A",
    "3CEC1C29FE7B6A6C74A261CA93A461A4C005B461FC4B0E529C6A4D70FE43B9B6F18856EBCB4E75143C7B53ADDC1128BE",
    "AAB1BE86A991FA0E075EF10989F7F93436274086C054DD92F2833132E4F6B73B279C36D88282C38B9FE6A643BBD056FB",
    "AF35E2E86E3080278BEC572C6F8D0110A83883D0869F71A3BEAB9BE9DED19310",
    NULL};
static const char *const acvp54_msg[] = {
    "4EEE5C11A84AC5C25154DCD48494A89D61061EA10044892355D2D4A8C90077D1BBD07F03608B08177A37E37A11D807E4",
    "5D39D59A1E9D96CEF2BD9DB1613FFA34CEEEAC8B7806D637A03C3E97127BE0F28436E8C43445BF675CF80A37C2A954B8",
    "CEF5F5F1CA8B1A45FD0ADFDD05F2C7FCF45F5BB6F8C82AC4DF7617934CD341801A4389DA77D451DFECE08C5E0A9FDE73",
    "8C560B042A6FFC57D06DC61C6B06258968EA7DE3665352FF648525F420FA31A592829A715DAA6A9827EF2DCAD3B66511",
    "D5AD583B4570F626C868AF95072347FD3799D2D018FA36C125C2545C791A68131A2C1868F7693F6553B26C946C905A7B",
    "4CA7E43BCA803DED1550A584D649D834FD1B25619F94A51CD59D5155E84C12CB472AA6524F652F408EB7FC9D851502A4",
    "0755E07F5BA2A5F3F933A1FAC0CBA512ED2A9AD8EEE08ADE9B810444889E4F779712218E5E00F6E1039532D943CAC192",
    "FC853BD58C99B729E33F7F5184A8892C0DE5C4825EA29729002672A50A6E1D1AD388ED11CB5D5C5B957F30F52AF60875",
    "3B3C4761E5951AEA960732E9F54CA91335AA488D1EC4695546AA17788C2E30331067F2B38252C41B150CD534B2A206AD",
    "F8BC245B2918DD2DF0C9B3AAB030F66C3BE58CFBF9A1D0590572A6FBF1591FF954C8A8839A6C189C63EB5452ABCA8EBB",
    "07C78ED19C5B75A040BEC742B54118441C5F743EEBFE33CAB628576F421117CCB45B3C0A9E3B59C9079482CD36CFC5BA",
    "5A9664C396421644D12C0DF5247D35C28CFE117AFB73DB81220B81024305F6C31E7BEC77D3A3CAC6D5387E79BD7BD489",
    "96C5D22D92E436470E37666109EC7D4FA6CA71F906CB875E2BA45E32BBE9B8896D8AEEC0549D8E9075F3425B02F66A33",
    "6B396375044214848527CA2174AB3A50926957731FE8890A40763B1A4F0C86F5C5D2DEF53A4BF2C5FE0EA8DDA7CE06B0",
    "0D926789EC3006492F9EC1F70712922D0572EF7A5C48E2FAF244A42631B8A8016D422DE13A8C68B54D3B3D1D46E509A3",
    "34DA9650D074F33A74A21554E554846DBB08DD10B5C7079BC2C0EF5082569D0898897BB625640A4B52E3A942282A753C",
    "8BC074E3EDA12CAF90BBB4DABF461E1DE43D7F5B91102D2FECCBB1E2779857769AAE96A074824517E40CC65393F61604",
    "C520DA7FA110EB2161E86633B911BC570E47D0D64AE33DBFBD206B7D318F1752FE6AF433EF66BE6B85E084B142023750",
    "89F8E2AB48156FBA54CAE65F7C7102E69AA835F162464FF1F319ECBA9E918AA380E7EE3475B2FB345C577A3F57B28571",
    "9B2343CDA5B838782C575D434ACB11CE0A3D1201E29D09DD75DBA99BBE7C48515D3685B05F95E092E9D1D17F8F700F05",
    "F238BCA003E2A720D3A362864A2249FED6EDB459D00306C7DD15E48ABEDC80D861F4BD087B1F3E129056B3665DBEA7CE",
    "5C8F5B104971F9AF4137BF41F537768709C045F2F0A58E32FDFECBCAB247FE9D57D9C235638A98A6E6ADAE09523C105B",
    "2066AE5B5CFEA81EC4BF9AE218E05DEF41127D059397EDB81BA1F199C453F298E0E4AB103740AFD5DF55CC5142B448D8",
    "46725D44D4F140CB76E59C0BD387749111DD9761B8A4619E5652F6D363649DB8ADC52038E50476774563B498DE0627D6",
    "2930B5DF6CF59D67AB42494A68852F2B7E7A12FB5D9EC2C7BD0456560B0CE0A09D5F59938F1B33BFC17ED6A7CB337B9C",
    "BAC0A5BFA6C53582C445FBA0B55EE681EA147EE421E9EB233AB9C19320860CB9A40CB5F28ECAB51C447B7D7A3F6D7982",
    "11F72ED8EC20A86FB2338A5BE179FD41C03B0D2FE1F87918ED6B04CA599E57C515A20D1EC8CCF4B13B96EA07E3A28749",
    "45D71897328E251F16F7A5E0D1E4069D3B6EFE68C24319D8D240BD06178F10924BD6AE5F3B9333130BD062E1A5C6F2F9",
    "9D0197F435D21FF437542A66A231EF78D94AA6C4DDA39FD262333BE237502DFCA660370608EADDF29B8C03DA66964747",
    "B29A32D2C29859D5089FDE12C5BB803B2E90FCEA78A1130B1D695D3679A7724146019DB88B5C8DA24AB0A81BF5FB5CF8",
    "C37C82D8D78D485052BD2F503BA485B0BBD40D21B343B8B169D378C1F266C94CB998DBFF582D15542351FC430DF675C2",
    "729B81BF4815919E7CDA05ECE26CA24F003C46B166F84B3C93563744E1348B6EBF5A2D94B5CA89FF4A41F7A46AA8AA5A",
    "96DD779965351C9F303689D115DBDF737E6F958CC6382D78D5ABE683987B731C274D20C1A70ADE54E6F4CDE2425FAB30",
    "C58F20DDC5D1A8B69F1EA4438A0394FD19CB30C10CA5029E4D5A5E6FEECC967AEF71872C798CE8580E2C66A9A92CAF45",
    "63BBAED9D99AA14CBB996AAD29B7E206C84D703949F8B9C8A4095BAEF1BE38B8078826D1D25FC75FAAD02432558C616A",
    "DA5868E1E4B7CD898C8138A1FA4C1DE0CBBF3A8B21BC5E312F55F017824549DDAA56FA0F9F03784114488E3190F7B49B",
    "E7A6789E690CC0D56807E55DF9E2D21AB3C998AEE80587435EA498E292C63814B2E9F95460FDA64304E3142647D7E6AD",
    "2A20F8C90B6685E1FAD99C1050C5B87C2E2C34DF8FFC3BAB92A4156DE6821CFAB4E9A84A436740E6C989509CA839E71A",
    "50FBA863D29A96D26B3B304C4C4E6A4B75444937DF0878D790067925CFA6E7C3F062BC51CD923FFE208753BB3ED1EC42",
    "AE1F4290FDD87C0C4C76F61198B65ABFF76F1D3991196BB8D4460F5C15C44D861712DC2965DF330E9B4D6A384A144430",
    "E469808C5704558B49A86F30E6185AB6AF4025DDE73E2878FB753DE6A4B4604477F6756F7BFCC63DEFC3688E572F83D9",
    "340FEDAA58BB2659D9FC891D42444FB136C75F6AF28EC59CEA7E990D9801748593802BF466970BD66067FE4199B1BC89",
    "D1008FCCB416595F035341639287C0D73D23CFFECD20B2C69314814BEDC9F02CE22B9458D8B2A8627EF915185D9EEAE1",
    "B2EB0A8ADE9EB46658687E5C79D859186C9F027D6873C348ADAD9D82870A2E1170FA2447E15CCBE4A8FDCB9CFA55101C",
    "7C9C238CAF5BDBD733ECE6AA835D64240478B289F4D5B58F2BB1D8444AF634945720E0EB2F33892383181C97ECF79681",
    "4216922FE9683C5C8853C0397F5FEF4F83D3A11ADEA63B96A79CF131313DE2EBEB57A43A46B867F93ABE926ACA31BF74",
    "4A4ED4CEE382D9E650D8E75161771B1ABD8A6B3FD4399E58A1849CB88D8B6F8FED53A94D58A07656967874E410087ED7",
    "7720F639C1ADC8F39B2C6F59D9705FC4BCF859E04E923AB4C42CEC9C2D3A8410DE7528EC502B884734F8DF93553A8383",
    "15A11E95195D4C9F0C476549F4FCEB7BBFC4935CF37466DA8E733D9B3147FB2976E19818B544D472D21B61B60616BA71",
    "9311DA5064FA64ADBAD3DAEECF1EBB6DFD6C60AF6E7F8C9A15F757572220AE68620CBAEDB5F995D790069741DFEA692A",
    "7383D6B57F1C7E4DFE904AF9D2F4B45215BAD838482EF0D421E0CCECCD8B2B5FF1294CD672C4233A45031BA6CEB7B75D",
    "F365CC0B495B53BF594979A357C4511A3718B08A51A8B7E2C522949CEE4A1D9A8324B11EA56278A2B39E7E29A6E85DD9",
    "9F0AF1EB513B81A483726DC2FD075ED872208BB59EF124280402C5D34C3A5433E491A44D2390BA0FD94F0FC98B7CA479",
    "71CB64FB1C426B4457147C0C4A5AF3933CF83FA281D0A4D61BA7F709357B3D800F102D40CD902C2334251DC767D6B7D0",
    "594545C8FDB48A9F0C328C48669F6A74DCE3E3012B4DD881C13C560B70B009A8F05DA9A0F01963F212598EA612ED608A",
    "318D77707EA72E02E536E160A69CF99AD89F35C62A9B02545361A95950BEB8A39CFCA7694AE1472523D33CF26DB653BB",
    "B2DE64CB90FC87D9F6C251C5CC51D621294F17FA57AB783D6AC5C2B175F816A52775AB27E0E1F2B4F6FF15C31EB2EBE6",
    "84B1EB845C7B315E0544AD82B17DD80B857077B7385BD315D3737589097E821748742E4E049C159F2DE382B3F6C6286C",
    "881E41A0C9335AB3FFEF21711A5F4187F8A349D9E9612AC71141EB930FD304F5E590E84B057ABB914E18B02E6326E119",
    "769186FBBB0DFC716A471B85C5A9CCAF1E8498FB78B7197F9F04E7E5D3940E2CC6B13CDB8223797D8B61031FFA5B9635",
    "FE83C37253A7CAB26C091F358A88D36D6615E05CDECA33E2F7EBA3436A8689BE3A726DA6027441A70D1AA6B60570682F",
    "A56DA58319D0A76C2AC5E6954FD8CC12C024A6F3B778DA0B98FA2D85375EA7DD80F31B379849E3E065251FDD80DAA13A",
    "9FDD14AD4EE922C1A43ECCFDB10D924AA2676FF0126CF0D4D1F5DDDA397F4965F7DE92C9A84A45F0E42EA4881EB4D643",
    "FF595CCA40981932A6BCF794DA06EF48C6EAB1875092A3FF31AF892B9F9791C989B7E129C81050A966E25B4C4A77A06E",
    "59431FAF7E60FAE18225DB90427F150209420B7A74498CE69A30E84A7326240C40CCABB4999A0C9531567254F7EAD94E",
    "2DCE726F84E03A05F7B94A8AF52C37F579D27A1CCE42D17BB1905BAF4E84A0E4BBDD77AA1B9EDFBAE879F76B16BD258C",
    "05C1D898CE952CA4798D0D649B227FEF2560481BB93CB6526B49B1FAE74B09BFF4F6D2CD73C54403F930E7D1F04B049A",
    "74DFB61F7C1983D78E4C5E139925D5605FFDAF9FBCF3CEDB7FC5353C14449EC95D4A20BDAB68BCA3968EC142A1C4C92E",
    "6DFB168E1461E5959D628839BD1966508EFFD86254435B758CC301A1896B3D07FFF2567A952CC835AD740107DE496697",
    "304AAEDFCCC820C475ABBBDD9692099E69668223B0979A3CDEA42B7407D12147A09734920AA76E811606113069A7D9D8",
    "E908D8FF90072E65DDB8863A4A36CA87DB2485706BF3A74166132BDFFC78F565DE75ABD258FD6B2607A085B1E8D49441",
    "E60EA85E0DB84E95DB30FCFC2D3605636A6F0FDF78B19683839228BA888272630F591602DB5FD4EE542483EE80EFB830",
    "5A0E345B38A39BFD1183BEE1A6A3B95F1F7DEBE66760719ECA478214AEA7074173CF5D42E191E0FA3F7E634CFE9E35D7",
    "38329688302C00B75016EC199EDB7B74D0BC7FDC7AF291B5061B126718C2B4B66021EF291CD7FDF3ACD8357347E71652",
    "E57B0EB25596F8285C",
    NULL};
static const char *const acvp54_ctx[] = {
    "F2D11E8B54CE7B5BC8737BFAA82209B9F0F3A1142B8C9F79FCC3406C26FD816F717A7F7DDCD0DEA7157539A09C87D2DE",
    "EB3B11B9F38D63724FFA5B337590D1011417817A00F4F401AC95A28FFFEF7457F6B5FCF8FF9586F2F58071D1D18B3CB7",
    "05389010DFC894E734104E7A8059F3C1CB2DBEB248D73AA428604395DB2912FB1022E8F2B04085B56744CF3939AE5338",
    "164DFAE3874CDAEE2A4051647EFC2C04498829D391090EC61145FE22C564E479C5C192072D5B8339F67AFCBF0696FB66",
    "67959E1E2718FAA855273F",
    NULL};
static const char *const acvp54_sig[] = {
    "3A27B77C12BCD14DD019FC20BA9B6EEC335EF936FB0EF5A1BB14989A956A3FEC964E922788FBA1BE04306FDFEA49DE28",
    "254CC2B4F10C03E629F100FE5D0AD629B3B1826A6270CE8884C0B81AA4D615E28939C3B37E4AB23436973633994A47BF",
    "AF8303E970706D6C36AE579AB83C35816CFBF27D410A316F0F91C2B485AFB6CE49D004CB8FC152C22D2A33BC549EDDDD",
    "57869D72F9B5A7C988E00FDD0789403FF637D97B008423ED77F0DDD1CBE2E368BE2AC9DFEA7844E909EC337121035B07",
    "0276E06CBB4CB6BC1614E8515F9C77F0746BD631486F20B776D787DE4485F8AD2C4C0439D6005FC04621BB1477EFF510",
    "A6E6C408448520E245378CD3842387229E7528D736FCABD166DA52A455A91308F75FA5831FF0DD94424CB0110F3F0C0C",
    "518B914F0CFE7EB718545A9C358BD890475A26AAC5580B21431B9EA23FB78E49CCC0C9ED081EE6AE71782B18CB644588",
    "FCDBC3A682748A377EDE7C54004434771B92E1E70CDD0781874AC9A4CBE6D34DE905698C0742DAE92524FBEC269B6018",
    "5A3D584AA4C5622A1191BED6001A31551BA13108666E53A86E990839061D1485D0BC7435824F59152465AC9FAEC29E3F",
    "7C86657D263699BC0B128DE859D0EA61DBCBB4513511803583220B03BF50D222EA2F5B0FF4AFD4386D719406C25CA48E",
    "C574EC0F50E2292D2EA7FD644C5C9DBA508D1E61783D2A16D8D371A6078051498DB47A1EED8AD3531CE46029930EF110",
    "3033E3D5023EA751C4829F499C5DD7F14403E970C0D8F4308271BBD2B3AD4B9A401A1431A40EFE1E55D57B8E9D50BBEC",
    "0A97CF77647A24A295E403A61219B0F14A9E1ACF19E9FC67D5989B8FBAFE6F3E21815BD3773C1BB938BBE46F656BD367",
    "FC76520B4E602F620AFA28853182022AB50BB19429F643B3A44EB0489619B21487F40BBF2859AE6D6AFA8DFF7E03D61A",
    "C169F81AB518F70DF8E2992814081E9A1E70AEE6E4641390E43B934BC413105D96975ADDA5E9D964E7848BDD80C6922F",
    "8FEF9643BC3DFEFCA2EA0A377C83257C28A7102092B2CC8EFCCE12BC6C1F2CB1A2DAA38E1B68BC448EAD258D1FB2A879",
    "DB81BAE35D97921A31C888703BB889E13F2AD0F28C17165C2DF8FD9F727529DB618564DF296169A3BC8F5E2D59FB3F99",
    "F7F327D1B211699286A0C735ACE3795297861C90E98BEF0EB51F9B2BBABBD48C84F8AA979C160733E600683E2D4CC9AA",
    "B535AAB81672C943F1D731A8EFB9A794A0DB65832A09FB7BEBDF873C00033FB87A3083027ED9A7966CC21BDF07A578B7",
    "1526A37993D126F4E7D1135C41F7C764DC022C8D85C6D15F00D82D1A58FA54771CECF5B776A383151733EB9DF06D5C82",
    "D3DE382567BAFCE418DD7E588C85A9A0049C67466FF086085CD4B58D4BA0A635E224071775D177E6593BA6C07AB44F2B",
    "50A95DC37E48E629CBD4A98D18DE4FE89DEA87AE57AEDBEBE7F976993A500957EA53B4F03C17C434FE00037DC887A5BD",
    "23DF1FDFECB149907AAA6F1EAE60DF85C52FC2BAC9EB60817D8E4B5003399DBE06215AE611EB1BCC5C76BFA246FFAC21",
    "8AD0EBED483A6C97EEC7ABC87B2967D38892BD531182CAB76B5856CDA2A44470FC995A3A6338D572E9D8E296B8CF0C71",
    "4AD2FC2FA8C3B69A0573551457A909A96BCEB907A1D8B5ACC4434C3488A9A67C377BDBA7BB3B79E3CC4E6817EEA761BD",
    "4864BB7F870CE0705236479EECB00EE3FEF275769B5AEE68930ED1258BDF9B607DF57504E3DB4EE92CCACADCA44E76AD",
    "9FD69647468F6FACB21BD44B258D3914422695AEFFA06AD0FC0EB505BB419ABC2E69316AF4AE597A7ED64432BC6034E6",
    "6B33E75FB2DB956B23F33C16A4EA9C23786D138CD62971AB5F231851D6EE3D10F387740F77B8E833AB982E18B5320C94",
    "3888E07FCC6CC37C81FFBC73E2C8D34EBC68E334036FC58DCCFB3E1D70C595C99412C58D976451AAD92814AAE900B223",
    "92EBE4320482E4E39BA34C0F95BFA682CAA3F5061521CA301C70CB3D87A81B76B7891EB837F01FB68EA92F66A4CD1441",
    "608911B843A3A1C71CF5014725CF355BE91E03C8122FEFE99267AD9B32DE812545E0ACC04446D92A5BDF2D8BDD1B96F8",
    "2DFE77BA0BEBC179BC0F69B47878A298B86FAD2318D29F6E7AB5A04C49B2E0ECE8B0B6C54CF272CDFCA40B8273DFF299",
    "CFC4B5CCE3789B5DC559801F46F5FDFAC61E0665054E1253453406C912942B0F21EBD68B286743FD4D86405696B566FB",
    "F4FEE72C11522D69784C9624866ADCB509046B5DBA187A536EE91769085A822C48AD87FB45969D0FD929ED95BF215527",
    "86B5005D34F650B4CEEAB8BA7358BCE4CAB03344C9F3553EE908942BC0AC19726E82F350C37E7CD258F44A977C599C3B",
    "1AD33E38397E8F9EC5D142589733843F585D5743610F12D8945E7BA05A7F0B30D8353C9FC120D96A64338B010B53B900",
    "EA63EFABF5C80D98040F9E83E1C9F1AC361A0A3847C2713E31E5242D44350AB767F6696503D47D3933C853597517F8DF",
    "E5898E5E08E5BA7D9FDE622AC5B623CD7E20215DCCC6A29322E848C15FAB76582745D533B1E93CE2913D2A5EDD455562",
    "07EEDD5CC7DAC81CDC1BED265C5EDD4745BDA5761C215C91D5B9B6F32241D7EB44D541D516C30EB8F72E298A36A830B2",
    "A26DDF7721EEBFF901D55FFC124D497423C286B682CB3D0BE82A9F86F3C64BBC95A110FABFB0557E62DD196E6D4E8DE1",
    "F65C1CC0F6CDBA0185D3C36C17A69FD486CCBEC54B05A6BE7924C29A1B32E6317B65B0D6C14131E503971C23E0AB9C84",
    "39D6F8EC7345825745D3F68AB45D60B01DB15CC04019F3169F6D5421922CCA186A5B2C0B559C793DFAF69A20ED7D9573",
    "E6B23CB1F64CB7624FF0DE31EA913F86CDC798BA7A8390699EAB3B017F6EC2B0C265F79430A47BD967C3CA65D28341F9",
    "320B092F877AB7EE16D57522983F46438FEB3F9D329FF0CC8167386C065445E765BEA3488C20346B82A47535A3F9F6CE",
    "E8AE3EC1AEF98C62B0774E06FF8D4B019A6CA6829C90412D81401035F7C92EFB946FF0729B832F52D387636910DA3204",
    "FDAFB68EC77E299F03F84D2E80ACA19E1AA0DE7A1E4FB0BA87162AE3B654D52DC0EEEFDB72DA335223177EAA550399EE",
    "B58210415336E04D033F12E7874F956DE90263B6F344605A5D49DADE119975C63E4EEBFD8746EAA8D5B8B703AC339BE9",
    "663CC3151AA4F4E142E32C9D14C14064ADEAA4D4C635D33DAE572A1FB1A988568264AC6F059C30B44933A6DA1D0BE809",
    "751306058B9A4C87AF3EE8AE276D6174AC515E82953B02EE2CBE2C057C3ACAAEFAF51AF289507413F16CF266519B69D9",
    "658266F2C73121D5BCF036D2F02AE675CDDEA66F50D26839B36D9056371615D6B19B3B6B05AAA491EA4CA6A90A4CC85C",
    "817A5E1C6524F3EFD02392445300839D14984CD5774B0E282DF9F2389054426EC5673041220522EBEF53A88257FD1509",
    "2E8AA44C5A25CF003565B32A287C89772B8B71A23F325035FE37ED7BC8E0F70C0A07A6AC642EDF87A354EA970B545C06",
    "07BCAF1A41DF7058B7E88E47714292286C7808E631937E11CAA5D2D60625CA5EBA29748395E4A3235F2A32D34CA29470",
    "4699DD587C10639BE2791678501ED3D9BEC3B8D98B5EDC2161200D27E1DBEF6A745F06EF96A7E992303A43C172F33853",
    "1DCD395F2F61CA619C3C076BBE17D782494FB750706A5D778FC47C5F3CB1C30417F29A681D20DCEE404AD0E9E48302E8",
    "1385373792165E7AB4DFEF1EAFC2E010C2B01F9E138AF6359859DABBFC26733A54F14DE77AE2B8BCDD29F17F85DDF2E1",
    "88DE8E34CC6123B1AC65546D866921468A6C4729D99D311D375D73C5ABD7EB0BE73600B998FA286F00ABC09F1206C217",
    "BB99E026554239410202A5AED459EF18C0919992B95E3293069F3FD3FE4E08CFD61DFCFAE34D9D8689E59A335BDF16F1",
    "5D75BBAE5F688BEBB8FB8F17E390A3A81448057966A97F81784A26D530796431D23811DED5A40029A7A3CD6117A17C9D",
    "F63BD5CBFDA216D04E7B682A4F6080F0393D6F6AC0DC9FE0A33F5E1153093CD2EBED21A9FD503C42E7B41A1BAAE9E395",
    "CE1654B5E54724DA87B7158A1947E51C0AAA60338F639A754C6F007F70A6078887C85C67E2249FBD3D4D9150FBCCF57F",
    "F8BF1DAE5102AB7A1D8ABEAB54B646AEB743803A6312121444C913F94BE8B05CDC7A9BC68A6F9FDA5402D3F51F2A1809",
    "A14472909ABDC9851E51AE0E4B4348873F4DE829087591C10D49724FC333A01396C07555CD0E5D58F2E69352834CB319",
    "E28F40DEC6A7E308F659B8624E7CA43EE16127FCEF23B276FADEC6C622C57A907E29D56CA0AB5400ACF0DBF0162DC8DC",
    "1CB5E7E0B6166219AA233D004C1175A31E8E4C48861D4AAB05E2584F17C7974D2FC64D031A942D92BBC833DFCBC99A7C",
    "0D4A461751DDC203F9A742A967850871755CA16949BBDC10A367CD63B582E38A096A3983D94040F5FF9EC19D4B922243",
    "0DEBC7BD4D3F18C48DB32FF50B7679DECBD7822F68BA804B67D02C5DA24A8E4E80F53C1996891AF21006A032354A7AE3",
    "8986D05DEB3D02B15B5999F398826CA9C60E8D4D5A2F248EAD9110B3C93980C20B142A6B85A6B9C8E1323FA2B8D2F14F",
    "6370A11A2D3547686A7E92FC334B68789697CED3F81A2782C4F100000000000000000000000000090F131C252A",
    NULL};

Test(acvp_external, sigver_hashml_dsa_65_shake128_with_context_tc54)
{
    size_t pklen, mlen, ctxlen, siglen;
    uint8_t *pk = hex_lines(acvp54_pk, &pklen), *m = hex_lines(acvp54_msg, &mlen);
    uint8_t *ctx = hex_lines(acvp54_ctx, &ctxlen), *sig = hex_lines(acvp54_sig, &siglen);
    cr_assert_eq(pklen, PKB);
    cr_assert_eq(siglen, SIGB);
    cr_assert_eq(ctxlen, 203);
    /* M' = 1 || 203 || ctx || OID(SHAKE128) || SHAKE128(M, 256): valid. */
    cr_assert_eq(mldsa65_prehash_verify(sig, siglen, m, mlen, ctx, ctxlen, MLDSA65_PH_SHAKE128,
                                        pk), 0);
    static const uint8_t oid[11] = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x0B};
    /* This literal, not mldsa_prehashes: the vector pins the table's entry. */
    cr_assert(memcmp(mldsa_prehash_find(MLDSA65_PH_SHAKE128)->oid, oid, sizeof oid) == 0);
    uint8_t mp[2 + 203 + 11 + 32];
    mp[0] = 1;
    mp[1] = 203;
    memcpy(mp + 2, ctx, 203);
    memcpy(mp + 205, oid, 11);
    shake128(mp + 216, 32, m, mlen);
    cr_assert_eq(mldsa65_verify_internal(sig, siglen, mp, sizeof mp, pk), 0);
    /* SHAKE256 or a 64-byte SHAKE128 digest would be another M'. */
    cr_assert_eq(mldsa65_prehash_verify(sig, siglen, m, mlen, ctx, ctxlen, MLDSA65_PH_SHAKE256,
                                        pk), MLDSA65_ERR_VERIFY);
    cr_assert_eq(mldsa65_prehash_verify(sig, siglen, m, mlen, ctx, ctxlen - 1,
                                        MLDSA65_PH_SHAKE128, pk), MLDSA65_ERR_VERIFY);
    fprintf(stderr, "ACVP ML-DSA-65 sigVer (external, HashML-DSA SHAKE-128, 203-byte ctx): "
                    "1 of 1 records pass\n");
    free(pk); free(m); free(ctx); free(sig);
}

/* API contract: a NULL key, seed, rnd, mu or signature pointer is
 * MLDSA65_ERR_NULL, never a crash; the outputs that are present are zeroed. */
Test(api, mldsa65_null_pointers_err_null)
{
    static uint8_t pk[PKB], sk[SKB], sig[SIGB];
    uint8_t seed[32] = {3}, mu[MLDSA65_MUBYTES] = {4}, m[1] = {5};
    fixture();
    /* mldsa65_keypair_derand / mldsa65_keypair */
    memset(sk, 0xAA, SKB);
    cr_assert_eq(mldsa65_keypair_derand(NULL, sk, seed), MLDSA65_ERR_NULL);
    cr_assert(sig_all_zero(sk, SKB));
    memset(pk, 0xAA, PKB);
    memset(sk, 0xAA, SKB);
    cr_assert_eq(mldsa65_keypair_derand(pk, sk, NULL), MLDSA65_ERR_NULL);
    cr_assert(sig_all_zero(pk, PKB) && sig_all_zero(sk, SKB));
    memset(pk, 0xAA, PKB);
    cr_assert_eq(mldsa65_keypair(pk, NULL), MLDSA65_ERR_NULL);
    cr_assert(sig_all_zero(pk, PKB));
    /* signing: sig NULL, sk NULL, rnd NULL, mu NULL */
    cr_assert_eq(mldsa65_sign_derand(NULL, m, 1, NULL, 0, zero32, fx_sk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_sign(NULL, m, 1, NULL, 0, fx_sk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_sign_internal(NULL, m, 1, zero32, fx_sk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_sign_sklen(NULL, m, 1, NULL, 0, fx_sk, SKB), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_sign_mu_derand(NULL, mu, zero32, fx_sk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_sign_mu(NULL, mu, fx_sk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_prehash_sign_derand(NULL, m, 1, NULL, 0, MLDSA65_PH_SHA3_256, zero32,
                                             fx_sk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_prehash_sign(NULL, m, 1, NULL, 0, MLDSA65_PH_SHA3_256, fx_sk),
                 MLDSA65_ERR_NULL);
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL, mldsa65_sign_derand(sig, m, 1, NULL, 0, zero32, NULL));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL, mldsa65_sign_derand(sig, m, 1, NULL, 0, NULL, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL, mldsa65_sign(sig, m, 1, NULL, 0, NULL));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL, mldsa65_sign_internal(sig, m, 1, NULL, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL, mldsa65_sign_mu_derand(sig, NULL, zero32, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL, mldsa65_sign_mu_derand(sig, mu, NULL, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL, mldsa65_sign_mu(sig, mu, NULL));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL, mldsa65_sign_mu(sig, NULL, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL,
                  mldsa65_prehash_sign_derand(sig, m, 1, NULL, 0, MLDSA65_PH_SHA3_256, NULL, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL,
                  mldsa65_prehash_sign(sig, m, 1, NULL, 0, MLDSA65_PH_SHA3_256, NULL));
    /* verification and mu: pk NULL, mu NULL */
    cr_assert_eq(mldsa65_sign_derand(sig, m, 1, NULL, 0, zero32, fx_sk), 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, 1, NULL, 0, NULL), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_verify_internal(sig, SIGB, m, 1, NULL), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, 1, NULL, 0, MLDSA65_PH_SHA3_256, NULL),
                 MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_verify_mu(sig, SIGB, NULL, fx_pk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_verify_mu(sig, SIGB, mu, NULL), MLDSA65_ERR_NULL);
    EXPECT_ZEROED(mu, sizeof mu, MLDSA65_ERR_NULL, mldsa65_compute_mu(mu, m, 1, NULL, 0, NULL));
    cr_assert_eq(mldsa65_compute_mu(NULL, m, 1, NULL, 0, fx_pk), MLDSA65_ERR_NULL);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, 1, NULL, 0, fx_pk), 0);
}

/* ---- HashML-DSA pre-hashes of mldsa/sha2.c (FIPS 180-4, FIPS 202) ---- */

/*
 * For each function: the digests of the messages m_L[i] = 7i + 1 (mod 256),
 * for the lengths below (every padding boundary of the 64-, 128-, 144- and
 * 104-byte blocks), concatenated and hashed with SHA3-256. The expected
 * values were computed with Python's hashlib (OpenSSL), an independent
 * implementation.
 */
Test(prehash, sha2_and_sha3_224_384_match_hashlib)
{
    static const size_t lens[] = {0, 1, 3, 27, 28, 55, 56, 63, 64, 65, 103, 104, 111, 112, 127, 128, 129, 143, 144, 200, 1000};
    static uint8_t m[1000], acc[sizeof lens / sizeof lens[0] * 64];
    static const struct {
        void (*f)(uint8_t *, const uint8_t *, size_t);
        size_t d;
        const char *name, *want;
    } fs[] = {
        {mldsa_sha2_224, 28, "mldsa_sha2_224",
         "970d41df5c8bd8932b041b65ddbf18a7ba2f179964cb5f75bde8ea79c2a99db9"},
        {mldsa_sha2_256, 32, "mldsa_sha2_256",
         "e1ffd1f47f9d432d4b51b77b0feda5a906847224f67706e69827247d38d9ee49"},
        {mldsa_sha2_384, 48, "mldsa_sha2_384",
         "c6f26f3f1a3e7c66512426eb5c843e05c897061763313e1578b1b4136478e797"},
        {mldsa_sha2_512, 64, "mldsa_sha2_512",
         "f8d6e5f5951babf15160b885af620296d5d22729e23535d09ac257bd75613ba8"},
        {mldsa_sha2_512_224, 28, "mldsa_sha2_512_224",
         "84a6f079e7fefedb860bf596e99d935db568265f9fcc6070aeadc8a68989b48c"},
        {mldsa_sha2_512_256, 32, "mldsa_sha2_512_256",
         "fe43ce16f44809734918fd22ba8dc0fa48739b5bfbe3fea4ef3a75ac09bcc5f5"},
        {mldsa_sha3_224, 28, "mldsa_sha3_224",
         "df3adadca6f8c78a1c34de613cb9557a2e2f8f6822c1fb7ff88cbdd3b320153b"},
        {mldsa_sha3_384, 48, "mldsa_sha3_384",
         "30be7722bf81ea8f50eca4fc17ae19bb5c23503102df3ef0b1be1f93e26efbdf"},
    };
    for (size_t i = 0; i < sizeof m; i++) m[i] = (uint8_t)(7 * i + 1);
    for (size_t k = 0; k < sizeof fs / sizeof fs[0]; k++) {
        size_t n = 0;
        uint8_t got[32], want[32];
        for (size_t j = 0; j < sizeof lens / sizeof lens[0]; j++) {
            fs[k].f(acc + n, m, lens[j]);
            n += fs[k].d;
        }
        sha3_256(got, acc, n);
        cr_assert_eq(hex_decode(want, 32, fs[k].want), 32);
        cr_assert(memcmp(got, want, 32) == 0, "%s", fs[k].name);
    }
    fprintf(stderr, "prehash: 8 of 8 hash functions match hashlib on %zu lengths\n",
            sizeof lens / sizeof lens[0]);
}

/* The eight further pre-hashes through HashML-DSA: each signs and verifies,
 * equals Sign_internal on M' = 1 || |ctx| || ctx || OID || PH(M) with its DER
 * OID (2.16.840.1.101.3.4.2.x) and digest length, and is bound to its OID. */
Test(prehash, hashml_dsa_sha2_and_sha3_224_384)
{
    static uint8_t sig[SIGB], ref[SIGB], mp[2 + 3 + MLDSA_OIDBYTES + MLDSA_PH_MAXBYTES];
    /* The pre-hashes of sha2.c; OID, digest length and PH from mldsa_prehashes. */
    const int phs[8] = {MLDSA65_PH_SHA2_224, MLDSA65_PH_SHA2_256, MLDSA65_PH_SHA2_384,
                        MLDSA65_PH_SHA2_512, MLDSA65_PH_SHA2_512_224, MLDSA65_PH_SHA2_512_256,
                        MLDSA65_PH_SHA3_224, MLDSA65_PH_SHA3_384};
    const uint8_t ctx[3] = {'p', 'h', '!'}, m[5] = {1, 2, 3, 4, 5};
    uint8_t rnd[32];
    fixture();
    test_rand(rnd, 32, "rnd-ph2", 0);
    for (size_t k = 0; k < 8; k++) {
        const mldsa_prehash *p = mldsa_prehash_find(phs[k]);
        cr_assert(p != NULL);
        cr_assert_eq(mldsa65_prehash_sign_derand(sig, m, 5, ctx, 3, p->ph, rnd, fx_sk), 0);
        cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, 5, ctx, 3, p->ph, fx_pk), 0);
        mp[0] = 1;
        mp[1] = 3;
        memcpy(mp + 2, ctx, 3);
        memcpy(mp + 5, p->oid, MLDSA_OIDBYTES);
        p->hash(mp + 5 + MLDSA_OIDBYTES, m, 5);
        cr_assert_eq(mldsa65_sign_internal(ref, mp, 5 + MLDSA_OIDBYTES + p->dlen, rnd, fx_sk), 0);
        cr_assert(memcmp(sig, ref, SIGB) == 0, "ph %s", p->name);
        cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, 5, ctx, 3, phs[(k + 1) % 8], fx_pk),
                     MLDSA65_ERR_VERIFY);
        cr_assert_eq(mldsa65_prehash_sign(sig, m, 5, ctx, 3, p->ph, fx_sk), 0);
        cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, 5, ctx, 3, p->ph, fx_pk), 0);
    }
}

/*
 * The table itself (prehash.c), checked from what its entries say rather
 * than against a second copy: the identifiers are 1..12, each once; each OID
 * is a DER OBJECT IDENTIFIER that decodes to 2.16.840.1.101.3.4.2.x (the NIST
 * hashAlgs arc), each x once, 1..12; the digest length follows from the ACVP
 * name (SHAKE-128 256 bits, SHAKE-256 512, otherwise the number after the
 * last '-' or '/'), and PH writes exactly that many bytes. The ACVP vectors
 * of tcId 50, 54 and 59 below pin three OIDs byte for byte.
 */
Test(prehash, table_entries_are_consistent)
{
    unsigned seen_ph = 0, seen_arc = 0;
    const uint8_t m[3] = {'a', 'b', 'c'};
    for (unsigned i = 0; i < MLDSA_PH_COUNT; i++) {
        const mldsa_prehash *p = &mldsa_prehashes[i];
        cr_assert(p->ph >= 1 && p->ph <= 12, "%s", p->name);
        cr_assert(!(seen_ph & (1u << p->ph)), "%s", p->name);
        seen_ph |= 1u << p->ph;
        cr_assert(mldsa_prehash_find(p->ph) == p);
        /* DER: tag 6, length 9, then base-128 arcs (the first byte 40 x + y). */
        cr_assert(p->oid[0] == 0x06 && p->oid[1] == MLDSA_OIDBYTES - 2, "%s", p->name);
        char dotted[64];
        unsigned long arc = 0;
        int n = snprintf(dotted, sizeof dotted, "%u.%u", p->oid[2] / 40, p->oid[2] % 40);
        for (unsigned j = 3; j < MLDSA_OIDBYTES; j++) {
            arc = arc << 7 | (p->oid[j] & 0x7F);
            if (!(p->oid[j] & 0x80)) {
                n += snprintf(dotted + n, sizeof dotted - (size_t)n, ".%lu", arc);
                arc = 0;
            }
        }
        cr_assert_eq(arc, 0, "%s: OID ends inside an arc", p->name);
        const char *base = "2.16.840.1.101.3.4.2.";
        cr_assert(strncmp(dotted, base, strlen(base)) == 0, "%s: %s", p->name, dotted);
        unsigned x = (unsigned)strtoul(dotted + strlen(base), NULL, 10);
        cr_assert(x >= 1 && x <= 12 && !(seen_arc & (1u << x)), "%s: %s", p->name, dotted);
        seen_arc |= 1u << x;
        /* The digest length from the name. */
        size_t bits;
        if (strcmp(p->name, "SHAKE-128") == 0) {
            bits = 256;
        } else if (strcmp(p->name, "SHAKE-256") == 0) {
            bits = 512;
        } else {
            const char *t = strrchr(p->name, '/') ? strrchr(p->name, '/') : strrchr(p->name, '-');
            bits = (size_t)strtoul(t + 1, NULL, 10);
        }
        cr_assert_eq(p->dlen, bits / 8, "%s", p->name);
        uint8_t out[MLDSA_PH_MAXBYTES + 8];
        memset(out, 0xA5, sizeof out);
        p->hash(out, m, sizeof m);
        for (size_t j = p->dlen; j < sizeof out; j++) cr_assert_eq(out[j], 0xA5, "%s", p->name);
    }
    cr_assert_eq(seen_ph, 0x1FFEu);
    cr_assert_eq(seen_arc, 0x1FFEu);
    cr_assert(mldsa_prehash_find(0) == NULL && mldsa_prehash_find(13) == NULL &&
              mldsa_prehash_find(-1) == NULL);
    fprintf(stderr, "prehash: the table's %d entries are consistent\n", MLDSA_PH_COUNT);
}

/*
 * NIST ACVP ML-DSA-65 sigVer, external interface, HashML-DSA (FIPS 204,
 * Algorithm 5) with SHA2-224 and a 72-byte context: usnistgov/ACVP-Server,
 * commit 203f667c26e10a1be89dfe8da7a54498fde2d848,
 * gen-val/json-files/ML-DSA-sigVer-FIPS204/prompt.json, tgId 4, tcId 59
 * ("hashAlg": "SHA2-224"); expectedResults.json of the same commit:
 * "testPassed": true.
 */
static const char *const acvp59_pk[] = {
    "001194E8535328BF5CB33C090C567FC18EE0B03F0A29739EC237524D51EEA9D10E314016352CC21ECE90C45EE36D0969",
    "F03A6853ACDCE279F0935183800B7530A37293F4829316FB1163FD6A2CAF4A035C5BD4DB85E7011EF5BB0682B5D09001",
    "5114E6226A8ADD6F897DB8BAF848521D02466C1144A9FDCF1FC31B2225834BBB7EFAE583E45FE135BC5732098A7DB30C",
    "95872432D47125BE8E107E560CBF82B646AB6E9E100A10B743408E0C6DEBBDC4E72C109D9883C1CBAA631BB027850FD4",
    "931D8B2C88EA058C8B0E9ACFD48A05F9400053B7776B0A4CE9F9EEB0DE1A4B2E12B51C9854D6BDB5E5FE134F6D47CC2B",
    "458B4A1515E4C1D93627B9F57CCC73CDF91028C79C7C514E5E0E48057EA080608678D671AE9065E0A7A051F92F2A48FE",
    "80DE5FA3D031791C2E5BABA21AFB685E6D94C2B10F5606D8E49D05E393EB2DB961CE669EA0E2BCBCA7DED95D842C828E",
    "4C4FF4552BEC3F6C23840B50026907CD11F84980B0A5931127A5F5E340793E6AEEBC75CF525A88C13180679F0CE35E49",
    "7D2903C1DC33DCDDDFCA4D5EAC4E88FDECD2540DB8EDFE94BBAF142F40400317E1F75360514CECCBB96E8CB8B6081280",
    "20BB86873373A80D7920A0590B9501D0ECEB2EE80902D3F11B64B64C82B031863AA0EAF0800750495D1B815844810BA9",
    "B55ED9734D0204A53D03BCA0EC3225DB37E517960341D6559C46EC7BA3F18B9971393DC90BD05FC92704C08D45F41FD8",
    "E49233EA64342ECE6DA851FE16DC986EEB0F07C2B109189753B09BA607EA259F3C2610AC4D8F9D947FCCBAF365A47889",
    "FC8358A053536605C689C3361F73021C4762E747B3B7620F67C8195BECBEC8B179C84BBBC4739BF9878B4FDB695AB4EA",
    "8D4AAE3216D0CD20216775802F661C3D7702E214BFAB4600D11F31D73303FE1B3C275E272E2AE08D0456FDABA860CE8C",
    "71C1C613FED4E7E6524F2B781FEF2459F071428A835E2CD9F4FA926E8E550625D853DB600F620F9782E057642CFEFD1B",
    "EFE5AE4AA035322F28886A1D6386EA97DF3FE85D276A724091538A3CC1CE1A6D67FDC3C356AEA5F477F3139E174AEC8C",
    "BCFF2B7CA65214F3DE2B4702CA09B17BAA212C9790EAA8F1234033F31315064092784A5E1FB776EEDD36E2C1DE93BB9F",
    "2511EA5A3686E55BDB05A37DC4E6A6F54E94CCB2D62FEF4C360C0BDC56DF0BB0618579B14D320BDCAC53BFE509407A53",
    "C61C04A178EA5AB37928A2F7A3FC31FB1EDB40A06DD6339C208A9FE70DFBFD24B33C8B2A91D45585C297D43F0597CB49",
    "1ACF950C5EC6B4F5CDEB6896779960604B298882563091304570DD35669B28DF26B5513B71FAD40418A6AFF054D83E52",
    "3A99838D7E952C0A98035287C94FCF7B09AFCB5588E0582D794EF6C4EEEF8976A608345EC6C8AEB64024033CCFBD3053",
    "F1E774272835F18681D4DB513FCF6CD7DC2321B0F815A7C8B387B94AEF171405F8F535B6EE36C58CCF9D55F7D10F6BAA",
    "5DC1D4352C4BCACC1FC3C51854504F894A4CF97BFE1426620CCEE6E79A7F6D0A80E37B469B95B4AE2FC550942FCCC976",
    "46874DF59B4508B2216183C3CAC519335F973502DAFFAA896CF441264B47785130C9703EFACCF5D4581E90C999881611",
    "C27A887673A944F70280CAD4619F3E2C7CDAE7ADF473E4FF1D524535398E59C173838378B6F9C2CB9F78FE39B84667CB",
    "517DBC144F85575C066FFB456BAB6E8655F50B15403E8E7E44BB7C3ABCFE2E4291B9B6DC825F93BF4D509AACDC2CFCD9",
    "92928CF05AFC29B5E90EDB9A72F852411B1853492C4AB994AC8996FB1C4ADFE30BFDCEF654A2A36427ED371B63DBBE62",
    "F3DDBBF086DD4B00ED648A5E5505EA9F79D87290711F8EE3BE350C90BE5F0CEE6BB4E96EFD26F5725177DC12EB1B94DE",
    "D97FC10D11BDC9A7D4010D65B2397C4C0192A998FD2C8CAD2377720F62490532A187C6EAA17A7C52E15DB68FF766CCE9",
    "CB9831B085E5E63D53202F87B578ACED2F5B87061DBB054D317FD4FF32E19410D233F018990A5C5937F7C7AC4AB9BF14",
    "BF2D0352C4ADE56347DE0AF49946CD702553296773711B6CCDDBD53DD614834E61343D7B8187AA3E4B442729EA8E3ED7",
    "6458C558A2D177E52B9CB3E45CC2C18B536C1813E1E9CDC8D57EE728B92AC344BC5FD27661FCA41EB3C4798105C30110",
    "133BF9F6E8454F23B1E691D76555CBDF3261117D383D4F5F4C567139E9CB80A94BC513AA1E6A02A9D1943DF86C0D7AE3",
    "2F5D95AA9C4BC4EAEE19DED66154C25D67916DA0318BDBC09623A021AA48244B84F8118B65B7A5A33108DBC93701AEEA",
    "84489A70BC38CBC54F3332A5975CE5D5B1C5A38E4D2D33C307372BDA212F50411E222269A30D4C50616F222D8BE59A95",
    "44637A79706D47EAEB10D4F693D15F0F9557F6C8EDF9EF9ED7085A364A7D15966F956B1A86EC37068B49A42FFE4D2413",
    "26473714C4F0E9D5C10FCB4B65DA499802A347E764C3AF82FA800B833CA43A8539DF41CBDFB7983AD65579C9E89B3767",
    "C31DB9BC4E5B328BEE825E716B5C46AE8EFC0623604FAE25A0628C9B933BC8184FEF50026FD583ECBC61678505AA4C6B",
    "211A899C494235A9EB3DA5188FA36CEC98532DFB9977B17069C463CC509FA2B82A091B282FD0EA313750B13FC84E7E99",
    "AC7819BBA75EF6E56C42DB2AFB55C1FA5DE70ADAA86149D1A630D7349C9605D030E786FE1D3527F33DB49D83E04906F8",
    "02B11284CAA826E5943E501E6B7A0241D0BA406E408098B511528F28D997B3D3",
    NULL};
static const char *const acvp59_msg[] = {
    "616DD4647D3553F74F6D52353472A694153D4002C4438063B2C5F34CF62B5E640FC9FA72BE22CF70CEDEBB0B841544CD",
    "4251FB808866935CE092874CA622D50B79D64B793FE8E611BEC868579F61F53A119A6FCC36D73A5A433A5BA5348D3937",
    "365B6D794F5667B11D3158C2C0D6963B37BBD9DF5A0C66E6509ACFA79A0443168B292E369C2DF5EB7AC9D89DBE8AF512",
    "E1F5A977A3C561649209A74541E17BF5CF164DB6E97830E1337DA5BC70F9EFF7E0118815FA122DD9DF17AFCC0E29691F",
    "854896AE81D523690AA489D19E417C41D6B56EAA00013E65C4CF8B0CE23B86BC4F43FDED3BC6AD4EBB88163978F1A86B",
    "24920895E5B8628336D1742E23DFF220DE01C347ACA1D4DE4B54636384753739FEAFECD55C64BE128BAA8E0FA4F8A21F",
    "EB9AAFAF2BA71B106764F9A4CAED2DC5E11927C6FEDEBB8DB1EEEEC7B23B4244F82D51B23A19522576EBB317F1700079",
    "72414BE73C9B4D3D4CE9C97DCC91FB1A7BEB14CA679F062C0063614B1B08777B6BBB59AE56BE300CF8B85141455289D8",
    "37CF2069EB6B34CBEFA1A56DA745F69E2B0ECF556932EA9C54FF369C6BF5CEA5D0099111A7A2893B11C2E1405A840C2F",
    "55BD3713F85AE1C8E0C70B75A6468DD0E2FFF1B4754B5B6222C7B04BFBCA636075DDE2F9C6B0A5C2BE075D0205AC02C1",
    "0DDD0BBDE5820D38B6FDC49D1DA0D03DCA1021A9079BADEDBDD73682831160E665CDEBCB082D719687E994749E639AF5",
    "89E0146593688EF9A914EB561994224B716200B795591EDE75B51295945601A92D4F17A55DD14966848125260CE64C99",
    "7F29CAA00CC745A0867136DCCE127ACE3AF83D652EA1743C020D7EDBFAA450AC92E0A80F253CA16AB54547D10E4C7303",
    "5C1FCB5D93DE7A2838EFDCAE32FAE6CD4345284216D7EE0655D043A9CAAD2CDFBBB1D5E07294F1BA23BEE61342F73BF8",
    "EE117F3A2B2FB432003DF185999EE61F031FA56EF3D4DFC27F5472CA09EF434756DC47B1CC30FF611FC9B55157710F95",
    "89EF03863E92D536C24C6A2A90D4FBB58F49F6A833700F06A6E300C90AA10FE97E039F05A4D2904C857B21DC36A54420",
    "92C0F3665A8E9829F5A759CEDF5AB1E328A1D0D5F58E7682AF5136CC9904AE00B2DF24BC85378A4FD894931B553F9EBB",
    "47BBE0E5A6F6FFB67C789DE5DD71BD88C3AE0E7D16F89E088677CCF444F2FA4D36143D578D71AFC05C3BB4244011C6A5",
    "89D70D4F8DD5D084126D5756B75CF1309DDDF7A4164760D0FE9B52E77DB176DECD83513523972B2DB9539EED42AE5BAF",
    "2231D5B6EF9428DA0D31E7B80289D8B05B9A04130C13627393E6393F226E01E65355715561D178D2975D49860ABF14F2",
    "93C05B4494AF04938737876866BF3857B7F277177C6B71B6DE99C310A7EAAA1B4FA0FF5AC5B9D8CB6DEDC1D387566B5A",
    "6EF170B5DA6393921B21FD6D7B7181490A0FBFD21AA64828A8527B0FFE8CD8DC073E822933B52A0E7219010EE1811DE9",
    "FDBF5F60337298F11AA46B047206AB1C2FDFEF995B7F096A6FF245B29763CC1357ED15A9A908BCF6D8DDA83C209900B8",
    "CC9971AE9574D613690868EF6871CEC2E18B9E72BE77B6A18D840E31927273D8E1AD246626AD9FF560D4215FA94A7AE6",
    "0F3AAF9372E266F000975C356A37E78A681239E357DEFD901F10542468B639EAB979697AFDDBEA1B907C45233EBF06B5",
    "F88915E334336079B5AC6F5DFDF76C45BB9AF471EDDF147EF56D17B857B23D8E6D521BD4FCF484AEEA56591159E088A8",
    "349DD67B4E7407135D11D8B8E14AD00EBEC83D869FA0E2921542E5F5F3728FCD25F90228C1FB57ABD8BA74DF8799F0D0",
    "4B4D84E9AEAEA136C59876A520E0CED2F05F52D21B1C5C42B2EC3440D7A82B8CE806D5C145802D78CB1E441E3E0A970D",
    "FA4C87B225D9D6210EC96ADB266C5509B7B4B0B7EDC81F781278ABF23D6B0C1DC85BAC2CB2E24198BDC38964F93FF077",
    "1082894A275F69A7793A95667194E5982E641B17E4658C40FFD717576F98B2A7DF1D8622033A81E37390923E234070D5",
    "1AF9FDACE7CF9597A48D85A843DC380B78B8A7E16900922B1003E679FC30CE84805A33A7A42B6086FFF022966691E659",
    "0A8F6FF1C4F02F4EA1A1D747559487C723EB3A2A36429BE8A96BD2994E33CDE84A3C0E84F8F16FBA846AEA3F1309F1D1",
    "8A71C9347A3196181467E234ABB4B98BE1EB5147661139ED1FB55BCD5BAF508C9F7D4E08BEAED49B84759631DE8F6FE0",
    "3745EE6396914FD87988E34ECD1B8EAA99C1C31A95F0D0D04FE7D9B6EAB375020328E8E959E94E6398E3F88F7F23835E",
    "2B81E5549273091F2E484DE4F5E7BC721762725079B92C7E15558E9E10FF189CCBCE9DA7258C64767961A2856864B927",
    "81098F97C04E2CC8280BE1F7E98281D1CEB648AE0E3D7CA7F9329FA6815489F64D782092D1E752147DACE5A2335EA818",
    "0824DAF25B069FA19C607F1362AA740DAD1555929A89F6A9A8A3B4AEDF180779460250F661370CA20BBA1CC790FBB731",
    "5AC4BB3BD7EE1A581B3C2967A9AB5CB8280F0E1ADCCFD268502D81B4E211E5D20A5E593BD13088541C2CC534A05CD08D",
    "6EFED875CDC28FB4008C6C60433785E170CAC47A38CBB70185DCDD6C83D3F5BD8EC5EB67F2569CCED8920788310E30FA",
    "98490795195F525A66CBCC6991684607159D6E74311D2A775FDDD98B251DCC51466FD4CADB0B5AFD391C851CCDFCACB1",
    "1D2CA6FE5F76696C13E2A1745C8C77EBE899663E196434BB9CCEEB9B8A3D5A015235179D08B4EBACADED2E0FC7F7CC25",
    "B70F5A28FDFFE635CAAEB34B23175A42F2686B28B12FFB42C2633EFF9AFE6A4F1A0EB2E4804C69BE5EC9CC03F7AD0FEB",
    "EDC80E3146E6336AF4DA7467BE44FE96B2AAF93203470B019AB20EE599EF1D36CAFC4498951DFA1341B52C8B4D04716D",
    "AE66F315E4DAE73261A44F40F9751F2066C26B2FB1ADFCA5C0DD0DEB796DA5E9F3085AB91084F8362BF64692C3BAF04E",
    "A0A5F8F3EE6475091F0399DC111328A83712FBEAC3C0C65FB55A9427B71CA959BA1EFEA215DCFCEEF31E79D6E3AD90C0",
    "1EFEAF6C14AA6D9F480ECFEB53692899DA7C8AA1D447A6E67F0F95315F0E6D8445E891DFB683D644C0D2E9BCC37CFE89",
    "4FD9E55032D5A8AFDD65F0EAEF2D7231CA926852F27872BFCDBD777CF6844B70FA855FD1403717AD3A84582843A40238",
    "4FE0410EEDF80EAFAA26884A83E333358D348FF166C1120BA1554A01271CE65607FB5F2ABAD9A48977C5935343B90384",
    "857F452AFA0A33AF0BFBE8928186753D79CC048667B9B5D35E89FC9A711D078AE7CB879C5A60220C81C7E370AD031273",
    "6004714A43EB500D1C9F8A1D16B577EF6B959594F9D541EA174771B8C6D273E8A61250E80C731F7D6081729C4B3953F3",
    "80AA4220EBB985B0EC7EBD6368B18E8E3CD5566AA9F799AEB5814E7F852E69D5ABDA695560AFBDFD7CF9DFA621D5FEAE",
    "01F7CAB40EFFCDEAFFA2CFA9B702A9CC24DF39675F8F860689656977E29950852B05812FFA8DB4E441C9E5E6B54763E5",
    "70C13F715A2AB48327C441C3E30FB4E48985F11AE81A8D645093911312AECACB284D86967DDA0A1C1F6A4A87F20578D3",
    "DDF89580128B33F758BD4C6546D3ED724C33C85CE292DC1E0503A61B11E5229DF9D8E7002016FFF0A968285AF90F20C5",
    "855C6D14A271ABC5F8B597117CDC6080184574669972CEBA476ACD8E57D5D39C1522F871663AE36D3E8173EED1475B76",
    "F77F30CDAC35E87DCDD44E85DFEA466BA36858D85357004813219C82F09C8E96F0AC789E4077046EFB4BC86683F68FDB",
    "03648A5FDD4C236F1E7144B0A3E3C9963AD17C6EC54ACF2DC7362477C61EB957D24066BA32C9686C1B3DE810A5CCA520",
    "C28F853D4E611B691EBD2846B93EAD0681EA7D49038C26C00FCACFE0B4EDEBF07DDEB674253B424F896A4659897737EA",
    "1E9DFE90BC22FE7803AA7890B0A4D46416B2BEF029CCA3807B3A6B0205296A875B7F85885202A23BCFDF40C9BBBD89F4",
    "6C4B83F3FF926AA42551935F5DCD584373344D399940B09AA6BD839370C9D10E99C8CF5D6DDEBCA9B91FC8039C48F852",
    "72B1928DCB22BD3BA8F1D1BB3B23C3EE542FA75620CBF506C1195C567B598B7778BFB734B7253D411FEF2862E47DC216",
    "75445C27C071122AE54AB20964DC2AD154B638FE393933B05768C732F5DA507423C033A62ADF2EB1BEF06DEBD695A9E7",
    "211D3D34F2E5D7A8EB8707EE23D01B5335899E0EC34CEF91EA2AE410E21E375E57EB03102E86FDC1CFF6F31A7118DCA2",
    "01500A0EF301D2242E6CBAF0A7A69FDFA1780700731CA33F97920F95711DFDA51A8CB681FED9D65EEB762DD2C59554DE",
    "8C65386EBEF72EB8D208E7CA5FBE9B5B3E8085FC842B44DAE6C6F8A2D575477F5C6F540D793B25A0883BAD43B3BD24E4",
    "1802480D15B04DE072B1AAE498B6F47F4B9B8784A2B35E868D9BACD10CB78B91AA9059C9F5931BE3F4F6C1D7C2B33B35",
    "0DBAFA3F4ECF7471CC3DA1309441D733896C98D4EB013A46DAD65417252AC32FCB4113E4EB15FE426445CA30D9F6BA48",
    "0EE60286E20776209EE5554D12D9B6976E7B264E8AE51A8CF27BDB6222D92B302367F1DCC232AAF28F9DCA05A2F1BE40",
    "A7EC090526DDAFFFC2C4B88DF906BE69EAF73ED01A5E8477804C2C39E4DD51AA08D568E042162762380B3A46A92B3EBC",
    "D7AFE2F39CC61510CD4C1C4D40E70AFD0B61B838C29518CDEADA972F6E51C39D9A6C21EFDA5C0CC00D2B755AE4113DCF",
    "3BA8976DC8D928F99EBC4FA887233B43A6005F7DB745A5A2CE8111EB8EB68A3A831F53A9946A9EF9E9D93580FFDB411F",
    "1604116E4CC0EE8E512CD767D312D2D33C4E84C9425147B86FAB3EA6D3F7CEA6E8E4FE618AC68807E895FADC220DA528",
    "7F0877CD812A0314669B35D4C8D7234C08FA75783A52DCB41C06F34666AE53A480067DF744D7A05E5D38B3667BA50DDC",
    "DB608A76B2252EFC00BCA52288604D1902B07AD6B3FEAD9370279E694EDC71C2287CA6B3C75655FADD30F6F16A1085FB",
    "A20243EC673658821452CC07200C2DF6AE10330E5CF01C469DE10D0C81C2E53C2FBF757CD31FD25C8B03A3E39CF3DCEA",
    "3C77B44F4DB4BA187E170C3992E385B73668FAFDF66A6D626081C316089A5DA91B9FF006791BA529BC6BE6418132DD4E",
    "19AB7EF99DF8892C7D2E6BF3DE778465588D6C70329F63B46297F68097EB90CB74A28E8C00B537880F22A6DDD007C1B3",
    "EC7E2D11FD51F0A8387FAFD481994F230B3BFAA02A70E3859F6AC222479C33116C7719E60F9C066F42B8FCE43BD6F2D1",
    "45ED7A04182D2A05643CAD04C132603563EAAA736B9411863F13CD557648C24C6E8355A8D197FC17EB857A2122458310",
    "0D722CFE2361559B954C9B1544158ADF5DCF4A44436EA890E9CED4C02FA7D2DB29126A0027201CB9C898167A28E5E5BF",
    "45AAC8F420AC227873541E401A1D34ABC6C4FA2AD5D08A25C46BF065E61CE4070EEFDE6352989F233D40D1B145E124B9",
    "FEFC960DECF4AF230E1A8DC0D05FB8450564213FD632A85DD1E71E85F49840512BC1C59E62EA6B2F2EB496FBF6700B5B",
    "C5C64A86324F7AC49BF8F75823DED8A5168330DBBB7D0C50EB538F50F74456C8404263CC3E57D45B9D811C6E3A5683BD",
    "058E3F4C394B9D289388DD07AB1745B86732AFA79BDD3455CF692758A69FD8C85B3A683DFCBDFBEFE9FFAA72ADA4C5C4",
    "D9C20D131FDFF86DCB3B09343B87273DFA8AAC70DC1F7B7446CF86944B0091D99E63E0CDDDD35307AB445D773142BE70",
    "93F5723E7E6328BA90EAE773E7A4B229B33B76FAF7BB336DC92AD304D90C5F2E426D38FD294415145DD78910411D327F",
    "493783917001DDCCF29B83937885911AFB28901923FB6036CCE7FBD58726094CBE4C8A6B265A57D3875CF8897BE1FC59",
    "AC11374A6AF1CBD3A2A9EBC7D56528EB24FE7574DF3E2B3273FB0BEFCE02E0B8AFD03AB0112D4B33C069AA528DCACE92",
    "4BC68C5C9AAB2AE7C24978B6258C3D4CFB7991A3F774B2B05A0F200925EE7BEBB1307B0B4FDC3140743125C4DEA643E0",
    "73CF4009B57FC2C6D2DB38CBEC9F19E70D575C686CB01C3B824723BA3B848C93DA0CA93ED588420D98E7BC6C18B38898",
    "EB61486B3A1DEC1C0E1691F88D5BAE8E47507E7437054955C2968659CD2B51143FB115EA13D3E45981E0441FDE04A41E",
    "4189976AC7C749014B5C3F1E776EFD523570FD3279F018DFBB463C810694B201B5FDC7CB7E87843CE48EDA2BB39FA0BD",
    "624AB391065A1C095415F14C042E902688F2BE172B609DE801038D96F96DF4AC9340AF96BA3AF47315F32B1B6F864071",
    "25D499A84C33FE12E06ECBFBCD32FC803161D3449FB5FA219A0A4B29737D57CDFE5BC8F6ED260D67854F4BB55B8E7E61",
    "1D9F99C6543FCCEECA86CE5A9B83622C2327894C94191FCA2828836BA3C5A86864E6ADD5A97BF588A75D100DF0368F09",
    "BBEF7A04F7E348CA74424249C8734BDA94BF902A8C1D1B9E2B812FDCE4940D6A714CDFEFA03C27F5113AF2C519200AD6",
    "39F4A1FDA001559ADE1A401FD8590467085C6AD24984CF",
    NULL};
static const char *const acvp59_ctx[] = {
    "C0A3414861706914768F08EF598C06AD1FDA638D3CF123307555EB85B99073F268BE426A9FBE7D7DB2DC50E80A2FC508",
    "71E4F55CB87020030EE006DFEE1BF0C777131F1F95779114",
    NULL};
static const char *const acvp59_sig[] = {
    "23C9142CA04ACB59A2A6B7D391E990D46BC2A80CA82FEA397C876C0E6F7C820B5E4A3495C249D6E9B0B76E4D2D8E3C67",
    "D1D89DF07A97A1107806176C9E3F12DD8FE98FC296131C7CF7F45FC5A47338EDC4A90248A121E2880DB9D95F6CDF534E",
    "12F9FB60740D889AB6D300C5D76A0468214E3F71398E4D939B7910F4615594EF18D865A5D579AD28D10950B8130CC8BF",
    "963BE81756C5E15CB1E28928C24C870EBB1AB61FAADA1ACBF7D490809C09DF626DDCDF01E196FC5B48647128A2012A1D",
    "AB8E2968516FF792CB8F1784E9EA7A250265FD9CADE1934A2317DCBD41F56A005695D14EC8E53FA1423DCCF47EA258A6",
    "EA4091019E2CCAA447F6384A4E4154D5522CFE7D8A8A2B73DAC764B913C7EAAFA29F74A65D99D45F9EB5FC8F58B555D1",
    "B4F1615EA8E3F83250D90075CBFCC701EF036E96D75745ED9A78E7D7A842B3502496F46C1A01ACF3FBF767627A653465",
    "8E3D9CC0C5F6D24F3F7E9EB3BB4CDA1932880FE785F7B18C473634382CE23985A3D7329D159021677FD52CEEF771BCE2",
    "867A1C86A4C45A2061FCAE6DE18BFAE780160125021B4E40DFC96B8482416A76DB9DE15F699676628603760EB393F71A",
    "F178AE311DA793076AAD04F537B3259EAAC5DE20DE23FDFC3D0ED717CFA0996DE6460BC4AB78033D2E82665C05CA6E73",
    "F0DFEDFA17CC84370978C5E9971E740F7996F2D949A11A948F94B67D57E33029692C662D9406E37CDF7122F07D2F4567",
    "B3D89F6E9839137C594182CD531A71705209D4160A5AABBC1B547D0116A623C781984C9BCA9FC9983ECC5A3451DE8763",
    "422848C3BE434BBB8C2ED779017BAF59E04BFC45D1B0F2F70DC25C1EF24896B0BCB464D2758BF95A72CE52EECB072FC3",
    "67F64774F9C9A3EC5C94EDE94B31ACCAF8238BBBB44CE6DF1D1DE25ACCD5E4AAE2CC655A3B71BCAE41587F725E8EF27C",
    "18AAE2704126D1CED69D5653E823671338E66D6E46807535C862E63A399F486B2BC23B766DDDA77B3C397D8923E60DC7",
    "6C01E3EF702B166363E973A1F8AE29DCB15D7C86D3C01C3078275B0AF2F68E3C87301561DE9B402679F4E09F12B33A38",
    "051E50B07427FED5B24672D62E1082A47CE9A6845FBE678A5C750348C3BAF66C3F1EF3E8B5470A599DBA511AD9311CCE",
    "F8EC23990599E64816F4725C6092338766CA5F6E9CCED4B47782EFC2E6EFFAA819DEDF5D7ADDCDEE74460D62CC613258",
    "07B5C3A13F762BF15CCA97D810EC908329C2F8BBB8779AE225A32DC9EC8A81447F749143DAC8948F9FAA6AB2AC033B8B",
    "AF2AC412A937D770E7698B7580E272D804C722671774EDD0466E20D1ED9E874CCCBE9E7C207479C6C094BC563D1EB367",
    "4C1BCBE9F82482C8472FE4A12E22E1F11E682447BEED3BEF0ACF18E32E91C96DD08D82457F9EB3E371BFB854CCAA9494",
    "70E46CFF522A3C78860BE38BBF10FCEA1D44DA44F9C6D04DECF803E18F49280E5C1CA8CCEDCFDADC860F6A90B987017F",
    "F850BC7C63C2200E79368DC30871E808FAAE3599BB5039B1215FB25D5B04D8909885DFC5BE4915269B3ED2633CD761D6",
    "A07E8020CE69ED6ED54D71974973CB2E8D39288C337D63C23F40139B33801100AC4D9A3470DB6D6A2F730CC9FCA62150",
    "1FF3FA8B8DBE5FBE2D44166FD208DD745B3A77F7D82FEB57761E0A32E8D132F440B61F1D329433B2225CD98D6E0F72AA",
    "4929EA9022C8E6B4917E2925697668E90648C952D126FC39B9F48AF9CB0AC296CE04BEBD3834B1D45EBC29999E201B41",
    "6A61EE93BFCC8ECBFCAF05952E4B379EC4EDAAC3C57FF2B6E193364F55BB13E8380976F3F6DA8DB4048F334E11241739",
    "83EF75FCFFE32DF4E8012C8B0B2EA0580307906C8E4F87831AFED6788677C89259F5AACDDDDF33D72BB0360E6BCC3C32",
    "62E4B7413C7DDA7E494EA2E92EE1BA328D164FBD7FB80845B284915BBF6F05EE3922E08AE5A45E112DEDBDAC1325A700",
    "64F745A3D96EF6C41E2102B2A101821F211221EF429F42C0884EA236B2D90C033C6FA2202C20895A40147E3865534FD7",
    "E8D20BEC77EDD89FEEC13D628BD37FCDA5C2FC5D67BEDB4295BF1B2B9C487FB388DBCA901315EBBE96024F511B115BE0",
    "7C80A46EF4C8DA37B2F5EF2FD9A575C8552D1BC4F95A9BC9D28FC46CED493B97CED75D67FFB05C0C7F38AF1883C01A7A",
    "DA1CF0996E6C576A179C38E19DF3E6CAE803078429BD642F06087B0160F7E4C7C5AB0138E4D2A0EE7AC4ECC3BA8F6670",
    "71D6A38777C0B6DB3DE0099AC2BBE7D40D909513DA71AD380EA5F4AE87F55EFAAC64BDE82DB38A34E1C45FE741E5B9B3",
    "7DBF13704414F39A3D4B51219D811F6BBABDCF41FE434EE41B59FB758FB05B8EDE48BEAA51B5E5C397FAD0562AF8B233",
    "4F798D82796EBE12A4F27F6AF8244433C9718E46D14303FAB25CB1EF7643159C61FAD4B261B1D5CE36AB97D621CB0AAD",
    "4F5CFFC5EEE6E8D64BF2EB069A0DD6D5E4319DA44642C6A2996C873DDA27592D5F50BB96E1CCD68B3374F0F3F38B6DF0",
    "67F259F5116631F48B5D7EBC8207608D8C61455656191C39150A47D576704D6B44C4A69B7FE9831661EB5DCCAA0DD98C",
    "3ACADB280E2754666D9216E2D8380516303CE741D74CED3D91F588E06DDF02DAFD26FB858B52159F732ADEA7C5D428D7",
    "955E88439FFCEAEA34DC775D18A7C31E771218F396AB5F6E9B3A2D8AA6CEB728DE61D44C5B1EA63297AB3C78DD410C01",
    "A30F2B11D9B80D16FB950F1EBFF98E935FC29A0DC6EBA3D52B61A9430545DD0CF0649F4C039760D6D04C8BFF16D801D4",
    "66B01318EB1C9A9DF62A3CDBD3065E590B60C33B88DBF88D0AB954FCAEC2546BA58AEAA9E9ABA26507EE3164351B2525",
    "FBE2BB9BC90F5B56B3E5B5BCCCE025F459CE6ECB495A07182E6EC077424025BAC172B527FB56ACE0D6E022EE2F480607",
    "82334F3DA97FD9E97B3B836CD107A3FB76D1BA55D2FA02965242811CA2F1ECBF7AB43B3B8B851EE12B9176B364548D4B",
    "B43ADB21EA637FC744688D82FD0F88AAD31BB396B49950906B0E07633ED864444132A5C2092E5964ACF3D2308F369FD2",
    "E316E58ED1AD609133C1B3F11FD29ADD3F8B42FC9FB499D32DF7E8D00E564D250F8C8A462D5EE7BC9A584F8FB73F6AF7",
    "D17BFF66BB1F55E2DE01449B6921CD7008A48F56F9F890231EA193A98336D2C57831B468875253244F9477A8E8CA6167",
    "48EDB707162C4142FCF7978934BBE0611F6B2A4F2ADE4E29F7340F93227B1A8D4A7AE5CCF3E9157D0EB1856D4F9A8298",
    "08936004836F77550CBD6B2221BF6F1597E4AD74880503CC0F3B6031829685BF48A27C8D80BF139C5EB115C63CFBE069",
    "0B0B9B24A1B4D5F99A624AA25E3380E2A0D58DE47F4348F032AC0E8BEE7E410BA54B1CD5DC9CF5E4CAF32778AFA8EBB9",
    "846F3C0CBE4172E92684DDDDCAFAC2BD5EA1A7120CDDF63180D529473B1D5CB3C4699AB9B94C5FB775BD13E9CA010469",
    "BFE8E646CD77E3736375110657E3505D598797089C6961FE5FE226E6CBC3B70140CAB1A8765144B4DD88D760EB8C676C",
    "4F7936D9C2C8BAF07C2810008B37086F56AF942EB5B21931656A94C5565F12A3DFDF9E777032AD12BD22784257D35930",
    "A630CEF8D4F1F9D1F004E2C0D03CF4EAB0D343AE1BBAE6A0A6D84FCF3C2C43B76A6191B1719576F105CFC2C1B9B89099",
    "A8B50DA287B28D44C8ED1FEB3950C76870B04ADD4DBA9325F21B692F34DCB9612AF36052A599CB9A7467B6B2F1CA4651",
    "0F4A96F160BADA00DE2B18DE648A95C8781B976BD38D047FC8E97B9F2DEFC633AE8E93879D2B7B9E9A5C1FF7BF437727",
    "85325313738CD91698B0FF72E168472A0B2F7F5C1975A5C6C58EA4FEE888E6B0B1D7DF661E5865C03E9D21AD96F81672",
    "8576999B5C3558F04D0FAACDF6881764CA4938CDDD906478B38DCA5EE8872152EDC8D3374E6D1372BB032513698353D0",
    "2BE3FF71023FEE3067E4D44252317D12B7554C542FD1D26B8BBA6219C14ABBA24C4D3085B6EAAC4525F5AC6E6382EA51",
    "D26469B5AD16897A7254325CAC43975DFEAFF59735D20F03AB82B4CE59567EFBFB0B8EA1959E78A90F73C0EF87EDC970",
    "BC4CE01570B418891012F07E93F07E17EA5FD1A48B73147B4BF5D90351A6F114E00AA918B9F837C92CF90449802EEF79",
    "49B5FD2F785443D5ADB9AA480E5BA0F7A27AC5F14E2D8F94AF9913E0A5E5AC03F987665430467800F41FF0230C1BE4C7",
    "E103246CCFAC9378D0EA72B5331F6009A88D4C3E0BBA3DB0C155F24A2F50F8FCFFE6FF2D9A7FF204D626B4B32AF61827",
    "7F6562392F304C6BEC46B11519E297AA8E63A9949553D612642F334FA30DC075B2E452A54FF1896A139202B42AE8354F",
    "D6D6A97A3692B8C1F815C00D519C94AD1D81AC381F32CCCF7437ED626B715B464631FB24C932B69DF20DA7426B81136B",
    "9448737C29BAFA8AC5192A65BBB19AF5ADACFF0E326D317CC22690247E74340BBCC5134DE08E5774CEC3E5B8AE1C12E4",
    "91F1FDED5C90E0D5D1A26505F0B7D43556679C0BD5044119B561DAC21775794E2B1DCD6BE2480FBBEAB96536E8416884",
    "C44C5DA3B9E7534F8B8B8F1F5E92E859231794544376F6E6FAF6CCC7F07D0D623F728B9D01447F96242A48809E9FA70C",
    "374F79879295B9CFD2DBFC043F52888BAFB523626869A8CBD9000000000000000000000000000004080F1B2229",
    NULL};

Test(acvp_external, sigver_hashml_dsa_65_sha2_224_with_context_tc59)
{
    size_t pklen, mlen, ctxlen, siglen;
    uint8_t *pk = hex_lines(acvp59_pk, &pklen), *m = hex_lines(acvp59_msg, &mlen);
    uint8_t *ctx = hex_lines(acvp59_ctx, &ctxlen), *sig = hex_lines(acvp59_sig, &siglen);
    cr_assert_eq(pklen, PKB);
    cr_assert_eq(siglen, SIGB);
    cr_assert_eq(ctxlen, 72);
    cr_assert_eq(mldsa65_prehash_verify(sig, siglen, m, mlen, ctx, ctxlen, MLDSA65_PH_SHA2_224,
                                        pk), 0);
    cr_assert_eq(mldsa65_prehash_verify(sig, siglen, m, mlen, ctx, ctxlen,
                                        MLDSA65_PH_SHA2_512_224, pk), MLDSA65_ERR_VERIFY);
    cr_assert_eq(mldsa65_prehash_verify(sig, siglen, m, mlen, ctx, ctxlen, MLDSA65_PH_SHA3_224,
                                        pk), MLDSA65_ERR_VERIFY);
    fprintf(stderr, "ACVP ML-DSA-65 sigVer (external, HashML-DSA SHA2-224, 72-byte ctx): "
                    "1 of 1 records pass\n");
    free(pk); free(m); free(ctx); free(sig);
}
