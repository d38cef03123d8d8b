/*
 * test_mldsa.c -- ML-DSA-65 (FIPS 204, mldsa/) against:
 *  - NIST ACVP keyGen v1.1.0.40 and sigGen / sigVer v1.1.0.35 (internal
 *    interface, deterministic and hedged), every ML-DSA-65 group;
 *  - the C2SP/CCTV accumulated test (10,000 keygen + deterministic sign) and
 *    its field-operation test (../shared/kat/hashes/CCTV-accumulated.md);
 *  - the NIST .rsp count-0 digest (PQClean nistkat-sha256) and our 100-count
 *    file digest (kat/digests.txt), through kat/genkat_mldsa.c;
 *  - round trips (contexts 0, 1, 255 bytes; messages 0 bytes and 1 MiB);
 *  - every ML-DSA item (11-20) of ../shared/docs/bad-inputs.md, the item
 *    number in the test name.
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
#define SIGB MLDSA65_BYTES

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
    cr_assert_eq(mldsa65_sign(sig2, m, sizeof m, ctx, 256, fx_sk), MLDSA65_ERR_CTX);
    for (size_t i = 0; i < SIGB; i++) cr_assert_eq(sig2[i], 0);
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, sizeof m, ctx, 256, fx_pk), MLDSA65_ERR_CTX);
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
    cr_assert_eq(mldsa65_sign_derand(sig, m, 16, ctx, 256, zero32, fx_sk), MLDSA65_ERR_CTX);
    for (size_t i = 0; i < SIGB; i++) cr_assert_eq(sig[i], 0);
    cr_assert_eq(mldsa65_sign_derand(sig, m, 16, ctx, 300, zero32, fx_sk), MLDSA65_ERR_CTX);
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
                             MLDSA65_ERR_SECRETKEY);
                for (size_t i = 0; i < SIGB; i++) cr_assert_eq(sig[i], 0);
                cases++;
            }
        }
    }
    /* Half-byte 8 (coefficient -4) is in range. */
    memcpy(sk, fx_sk, SKB);
    sk[MLDSA_SK_S1] = 0x88;
    cr_assert_eq(mldsa65_sign_derand(sig, m, 4, NULL, 0, zero32, sk), 0);
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
    cr_assert_geq(MLDSA65_MAX_SIGN_ATTEMPTS, 814);
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
    cr_assert_eq(mldsa65_compute_mu(mu, m, sizeof m, big, 256, fx_pk), MLDSA65_ERR_CTX);
}

Test(extras, hashmldsa_four_prehashes)
{
    static uint8_t sig[SIGB], ref[SIGB], mp[2 + 255 + 11 + 64];
    uint8_t rnd[32], m[77], ctx[5] = {'h', 'a', 's', 'h', '!'}, ph_m[64];
    /* DER OIDs of NIST hashAlgs: SHA3-256 .8, SHA3-512 .10, SHAKE128 .11, SHAKE256 .12 */
    const uint8_t oid_last[4] = {0x08, 0x0A, 0x0B, 0x0C};
    const int phs[4] = {MLDSA65_PH_SHA3_256, MLDSA65_PH_SHA3_512, MLDSA65_PH_SHAKE128,
                        MLDSA65_PH_SHAKE256};
    const size_t dl[4] = {32, 64, 32, 64};
    fixture();
    test_rand(rnd, 32, "rnd-ph", 0);
    test_rand(m, sizeof m, "m-ph", 0);
    for (int k = 0; k < 4; k++) {
        cr_assert_eq(mldsa65_prehash_sign_derand(sig, m, sizeof m, ctx, 5, phs[k], rnd, fx_sk), 0);
        cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, sizeof m, ctx, 5, phs[k], fx_pk), 0);
        /* The same as Sign_internal on M' = 1 || |ctx| || ctx || OID || PH(M) (Alg. 4). */
        switch (k) {
        case 0: sha3_256(ph_m, m, sizeof m); break;
        case 1: sha3_512(ph_m, m, sizeof m); break;
        case 2: shake128(ph_m, 32, m, sizeof m); break;
        default: shake256(ph_m, 64, m, sizeof m); break;
        }
        const uint8_t oid[11] = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                 oid_last[k]};
        size_t n = 0;
        mp[n++] = 1; mp[n++] = 5;
        memcpy(mp + n, ctx, 5); n += 5;
        memcpy(mp + n, oid, 11); n += 11;
        memcpy(mp + n, ph_m, dl[k]); n += dl[k];
        cr_assert_eq(mldsa65_sign_internal(ref, mp, n, rnd, fx_sk), 0);
        cr_assert(memcmp(sig, ref, SIGB) == 0, "pre-hash %d", phs[k]);
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
                 MLDSA65_ERR_PREHASH);
    for (size_t i = 0; i < SIGB; i++) cr_assert_eq(sig[i], 0);
    cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, sizeof m, ctx, 5, 5, fx_pk),
                 MLDSA65_ERR_PREHASH);
    uint8_t big[256] = {0};
    cr_assert_eq(mldsa65_prehash_sign_derand(sig, m, 1, big, 256, 1, rnd, fx_sk), MLDSA65_ERR_CTX);
    cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, m, 1, big, 256, 1, fx_pk), MLDSA65_ERR_CTX);
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
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_CTX,
                  mldsa65_sign_derand(sig, m, 4, ctx, 256, zero32, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_CTX,
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
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_CTX, mldsa65_sign(sig, m, 4, ctx, 256, fx_sk));
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
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_CTX,
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
    cr_assert_eq(mldsa65_verify(sig, SIGB, m, 4, ctx, 256, fx_pk), MLDSA65_ERR_CTX);
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
    EXPECT_ZEROED(mu, sizeof mu, MLDSA65_ERR_CTX, mldsa65_compute_mu(mu, m, 4, ctx, 256, fx_pk));
    EXPECT_ZEROED(mu, sizeof mu, MLDSA65_ERR_NULL, mldsa65_compute_mu(mu, NULL, 4, ctx, 0, fx_pk));
    EXPECT_ZEROED(mu, sizeof mu, MLDSA65_ERR_NULL, mldsa65_compute_mu(mu, m, 4, NULL, 9, fx_pk));
    cr_assert_eq(mldsa65_verify_mu(NULL, SIGB, mu, fx_pk), MLDSA65_ERR_NULL);
}

Test(api, mldsa65_sign_mu_err_secretkey)
{
    static uint8_t sig[SIGB], sk[SKB];
    uint8_t mu[MLDSA65_MUBYTES] = {7};
    fixture();
    memcpy(sk, fx_sk, SKB);
    sk[MLDSA_SK_S1] = 0xFF; /* s1 half-bytes 15: outside [-eta, eta] */
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_SECRETKEY, mldsa65_sign_mu_derand(sig, mu, zero32, sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_SECRETKEY, mldsa65_sign_mu(sig, mu, sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_SECRETKEY,
                  mldsa65_prehash_sign_derand(sig, mu, 1, NULL, 0, MLDSA65_PH_SHA3_256, zero32, sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_SECRETKEY, mldsa65_sign(sig, mu, 1, NULL, 0, sk));
}

Test(api, mldsa65_prehash_sign_err_ctx_null_prehash)
{
    static uint8_t sig[SIGB];
    uint8_t ctx[256] = {0}, m[4] = {1, 2, 3, 4};
    fixture();
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_CTX,
                  mldsa65_prehash_sign(sig, m, 4, ctx, 256, MLDSA65_PH_SHA3_512, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_PREHASH, mldsa65_prehash_sign(sig, m, 4, ctx, 0, 0, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_PREHASH, mldsa65_prehash_sign(sig, m, 4, ctx, 0, 5, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL,
                  mldsa65_prehash_sign(sig, NULL, 4, ctx, 0, MLDSA65_PH_SHA3_512, fx_sk));
    EXPECT_ZEROED(sig, SIGB, MLDSA65_ERR_NULL,
                  mldsa65_prehash_sign_derand(sig, m, 4, NULL, 2, MLDSA65_PH_SHAKE128, zero32,
                                              fx_sk));
    cr_assert_eq(mldsa65_prehash_verify(sig, SIGB, NULL, 4, ctx, 0, MLDSA65_PH_SHA3_512, fx_pk),
                 MLDSA65_ERR_NULL);
}
