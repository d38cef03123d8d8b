/*
 * test_msg.c -- AEGIS-MSG v1 (msg/): a deterministic end-to-end vector, an
 * independent re-derivation of the seal, every item of msg/PROTOCOL.md
 * section 12 (test names p12_*), the envelope-parser items 39-47 of
 * ../shared/docs/bad-inputs.md (test names item39_* .. item47_*), forward
 * secrecy on the database file, and crash safety by fault injection.
 *
 * Why one file (1,900 lines): a Criterion suite is one tests/test_*.c and
 * one binary (Makefile); the deterministic identities, the independent seal
 * and the CLI helpers serve every test in it.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vectors.h"

#if defined(__has_include)
#if __has_include("../aes/aes.h") && __has_include("../mlkem/mlkem768.h") && \
    __has_include("../mldsa/mldsa65.h") && __has_include("../fndsa/fndsa512.h")
#define HAVE_MSG 1
#endif
#endif

#ifndef HAVE_MSG
Test(msg, needs_primitives)
{
    cr_skip_test("msg/ builds once aes/, mlkem/, mldsa/ and fndsa/ are in the tree");
}
#else

#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../aes/aes.h"
#include "../kat/drbg.h"
#include "../msg/client.h"
#include "../msg/msg.h"
#include "../msg/relay.h"
#include "../sha3/sha3.h"

/* ---- fixtures ------------------------------------------------------------ */
#define T0 1764000000000ull /* 2025-11-24T16:00:00Z, the vector's clock */

static void seed_drbg(uint8_t tag)
{
    uint8_t e[48];
    memset(e, tag, sizeof e);
    randombytes_init(e, NULL, 256);
}

static void fill(uint8_t *p, size_t n, uint8_t v) { memset(p, v, n); }

static void peer_of(msg_peer *p, const msg_identity *id)
{
    memset(p, 0, sizeof *p);
    memcpy(p->uid, id->uid, sizeof p->uid);
    p->created_ms = id->created_ms;
    memcpy(p->mldsa_pk, id->mldsa_pk, sizeof p->mldsa_pk);
    memcpy(p->fndsa_pk, id->fndsa_pk, sizeof p->fndsa_pk);
    memcpy(p->ik_hash, id->ik_hash, sizeof p->ik_hash);
}

/* Low-level world: fixed seeds for Alice, Bob, Carol and Bob's prekeys. */
typedef struct {
    msg_identity alice, bob, carol;
    msg_peer alice_p, bob_p, carol_p;
    uint8_t spk_seed[64], opk_seed[64];
    msg_recipient to_bob;
} fx;

static fx *fx_new(void)
{
    fx *f = calloc(1, sizeof *f);
    uint8_t s[32], dk[MLKEM768_SECRETKEYBYTES];
    cr_assert_not_null(f);
    fill(s, 32, 0x01);
    cr_assert_eq(msg_identity_generate(&f->alice, "alice", T0 - 1000, s), MSG_OK);
    fill(s, 32, 0x02);
    cr_assert_eq(msg_identity_generate(&f->bob, "bob", T0 - 2000, s), MSG_OK);
    fill(s, 32, 0x06);
    cr_assert_eq(msg_identity_generate(&f->carol, "carol", T0 - 3000, s), MSG_OK);
    peer_of(&f->alice_p, &f->alice);
    peer_of(&f->bob_p, &f->bob);
    peer_of(&f->carol_p, &f->carol);
    fill(f->spk_seed, 64, 0x03);
    fill(f->opk_seed, 64, 0x04);
    memcpy(f->to_bob.ik_hash, f->bob.ik_hash, 32);
    f->to_bob.spk_id = 7;
    cr_assert_eq(msg_prekey_derive(f->to_bob.spk_ek, dk, f->spk_seed), MSG_OK);
    f->to_bob.has_opk = 1;
    f->to_bob.opk_id = 42;
    cr_assert_eq(msg_prekey_derive(f->to_bob.opk_ek, dk, f->opk_seed), MSG_OK);
    return f;
}

static const char vec_body[] = "AEGIS-MSG-v1 test vector: hello Bob";

/* Seal Alice -> Bob deterministically (coins = 32 x c). */
static uint8_t *fx_seal(fx *f, int with_opk, uint64_t counter, uint64_t ts, uint8_t c, size_t *len)
{
    uint8_t coins[32], *env = NULL;
    fill(coins, 32, c);
    msg_recipient r = f->to_bob;
    r.has_opk = with_opk;
    cr_assert_eq(msg_seal(&env, len, &f->alice, &r, counter, ts, MSG_CT_TEXT,
                          (const uint8_t *)vec_body, strlen(vec_body), coins), MSG_OK);
    return env;
}

/* Bob's receive pipeline without the database: parse, recipient, both
 * signatures, prekey lookup (spk 7, opk 42), decrypt. */
static int fx_open(fx *f, const uint8_t *env, size_t len, msg_plaintext *pt)
{
    msg_envelope e;
    memset(pt, 0, sizeof *pt);
    int rc = msg_envelope_parse(&e, env, len);
    if (rc != MSG_OK) return rc;
    if (memcmp(e.recipient_ik, f->bob.ik_hash, 32) != 0) return MSG_ERR_NOT_FOR_US;
    const msg_peer *s = memcmp(e.sender_ik, f->alice.ik_hash, 32) == 0 ? &f->alice_p
                      : memcmp(e.sender_ik, f->carol.ik_hash, 32) == 0 ? &f->carol_p : NULL;
    if (s == NULL) return MSG_ERR_UNKNOWN_SENDER;
    if ((rc = msg_envelope_verify(&e, s)) != MSG_OK) return rc;
    if (e.spk_id != 7) return MSG_ERR_EXPIRED;
    if (e.ct_opk && e.opk_id != 42) return MSG_ERR_REPLAY;
    return msg_open_decrypt(pt, &e, f->spk_seed, e.ct_opk ? f->opk_seed : NULL);
}

/* Re-sign an envelope (as a malicious sender would) after editing it. */
static void resign(uint8_t *env, size_t len, const msg_identity *as)
{
    msg_envelope e;
    cr_assert_eq(msg_envelope_parse(&e, env, len), MSG_OK);
    cr_assert_eq(msg_csig_sign(env + e.signed_len, as, "envelope", env, e.signed_len, NULL), MSG_OK);
}

/* ---- 1. deterministic end-to-end vector ----------------------------------- */

/* SHA3-256 of the vector envelope. Recorded with the real primitives: aes/ and
 * mlkem/ of main 6118048, mldsa/ of branch mldsa 400e560 and fndsa/ of branch
 * fndsa 192187a (each passing its KATs); every input is fixed and every
 * primitive call deterministic (FIPS 203 _derand, FIPS 204 rnd = 0, Falcon
 * with explicit nonce and seed), so any change here means the bytes changed.
 * An empty string skips the check and prints the digest. Recipe: identities from seeds 32 x 01 (alice) and 32 x 02 (bob), SPK seed
 * 64 x 03 (spk_id 7), OPK seed 64 x 04 (opk_id 42), seal coins 32 x 05,
 * counter 1, timestamp 1764000000000, content type 1, body vec_body. */
#define VECTOR_SHA3 "0082b631a24776240dd9a458d87ceaa7092eaff6e660ae1e38f1bada418e279b"

Test(msg, vector_e2e_digest)
{
    fx *f = fx_new();
    size_t n1, n2;
    uint8_t *e1 = fx_seal(f, 1, 1, T0, 0x05, &n1);
    uint8_t *e2 = fx_seal(f, 1, 1, T0, 0x05, &n2);
    cr_assert_eq(n1, 6315 + 256);
    cr_assert(n1 == n2 && memcmp(e1, e2, n1) == 0, "deterministic seal must repeat");
    msg_plaintext pt;
    cr_assert_eq(fx_open(f, e1, n1, &pt), MSG_OK);
    cr_assert_eq(pt.body_len, strlen(vec_body));
    cr_assert(memcmp(pt.body, vec_body, pt.body_len) == 0);
    msg_plaintext_free(&pt);
    uint8_t d[32];
    sha3_256(d, e1, n1);
    char *hex = hex_str(d, 32);
    fprintf(stderr, "msg: vector envelope %zu bytes, SHA3-256 %s\n", n1, hex);
    free(e1);
    free(e2);
    free(f);
    if (strlen(VECTOR_SHA3) == 0) {
        static char shown[65];
        memcpy(shown, hex, 65);
        free(hex);
        cr_skip_test("vector digest not recorded yet (needs the real primitives): %s", shown);
    }
    cr_assert_str_eq(hex, VECTOR_SHA3);
    free(hex);
}

/* The key schedule alone depends only on SHA-3 (FIPS 202), so its output is
 * pinned here. Inputs: flags 1, ss_spk 32 x 11, ss_opk 32 x 22, H(ek_spk)
 * 32 x 33, H(ek_opk) 32 x 44, TH = SHA3-256(L("AEGIS-MSG-v1 transcript") ||
 * 112 x 55). The expected value was computed independently below with the
 * one-shot API over the concatenated input. */
Test(msg, kdf_matches_spec_concatenation)
{
    uint8_t ss1[32], ss2[32], h1[32], h2[32], hdr[112], th[32], okm[76], okm2[76];
    fill(ss1, 32, 0x11);
    fill(ss2, 32, 0x22);
    fill(h1, 32, 0x33);
    fill(h2, 32, 0x44);
    fill(hdr, 112, 0x55);
    msg_transcript_hash(th, hdr, 112);
    uint8_t tin[1 + 23 + 112];
    tin[0] = 23;
    memcpy(tin + 1, "AEGIS-MSG-v1 transcript", 23);
    memcpy(tin + 24, hdr, 112);
    uint8_t th2[32];
    sha3_256(th2, tin, sizeof tin);
    cr_assert(memcmp(th, th2, 32) == 0);
    msg_kdf(okm, 1, ss1, ss2, h1, h2, th);
    uint8_t kin[1 + 16 + 1 + 32 * 5];
    kin[0] = 16;
    memcpy(kin + 1, "AEGIS-MSG-v1 kdf", 16);
    kin[17] = 1;
    memcpy(kin + 18, ss1, 32);
    memcpy(kin + 50, ss2, 32);
    memcpy(kin + 82, h1, 32);
    memcpy(kin + 114, h2, 32);
    memcpy(kin + 146, th, 32);
    shake256(okm2, 76, kin, sizeof kin);
    cr_assert(memcmp(okm, okm2, 76) == 0);
    /* Without OPK the bracketed parts disappear. */
    msg_kdf(okm, 0, ss1, NULL, h1, NULL, th);
    kin[17] = 0;
    memcpy(kin + 50, h1, 32);
    memcpy(kin + 82, th, 32);
    shake256(okm2, 76, kin, 1 + 16 + 1 + 32 * 3);
    cr_assert(memcmp(okm, okm2, 76) == 0);
}

/* An independent seal written from PROTOCOL.md 5 (the test's own code), with
 * arbitrary plaintext bytes: used to check msg_seal byte for byte and to
 * build envelopes that a malicious sender could send (bad padding, ...). */
/* item37: 1 = write the commitment of another key, 2 = encrypt under another
 * key (the commitment stays right); the envelope is still signed correctly. */
static int raw_tamper;

static uint8_t *raw_seal(fx *f, const msg_identity *sender, const msg_recipient *r, uint64_t counter,
                         uint64_t ts, const uint8_t *pt, size_t ptlen, uint8_t c, size_t *len)
{
    uint8_t coins32[32], coins[112];
    fill(coins32, 32, c);
    uint8_t cin[1 + 23 + 32];
    cin[0] = 23;
    memcpy(cin + 1, "AEGIS-MSG-v1 seal coins", 23);
    memcpy(cin + 24, coins32, 32);
    shake256(coins, sizeof coins, cin, sizeof cin);
    size_t h = r->has_opk ? 2288 : 1200, total = h + 4027 + ptlen;
    uint8_t *b = calloc(1, total), ss1[32], ss2[32], h1[32], h2[32], th[32], okm[76];
    memcpy(b, "AEGM\x01\x01", 6);
    b[6] = r->has_opk ? 1 : 0;
    memcpy(b + 8, sender->ik_hash, 32);
    memcpy(b + 40, r->ik_hash, 32);
    for (int i = 0; i < 4; i++) {
        b[72 + i] = (uint8_t)(r->spk_id >> (24 - 8 * i));
        b[76 + i] = (uint8_t)((r->has_opk ? r->opk_id : 0) >> (24 - 8 * i));
    }
    memcpy(b + 80, coins, 16);
    for (int i = 0; i < 8; i++) {
        b[96 + i] = (uint8_t)(counter >> (56 - 8 * i));
        b[104 + i] = (uint8_t)(ts >> (56 - 8 * i));
    }
    cr_assert_eq(mlkem768_encaps_derand(b + 112, ss1, r->spk_ek, coins + 16), 0);
    if (r->has_opk) cr_assert_eq(mlkem768_encaps_derand(b + 1200, ss2, r->opk_ek, coins + 48), 0);
    msg_transcript_hash(th, b, h);
    sha3_256(h1, r->spk_ek, MLKEM768_PUBLICKEYBYTES);
    sha3_256(h2, r->opk_ek, MLKEM768_PUBLICKEYBYTES);
    msg_kdf(okm, b[6], ss1, r->has_opk ? ss2 : NULL, h1, r->has_opk ? h2 : NULL, th);
    memcpy(b + h, okm + 44, 32);
    if (raw_tamper == 1) b[h + 5] ^= 0x20;
    if (raw_tamper == 2) okm[7] ^= 0x01;
    for (int i = 0; i < 4; i++) b[h + 32 + i] = (uint8_t)(ptlen >> (24 - 8 * i));
    cr_assert_eq(aes256gcm_encrypt(b + h + 36, b + h + 36 + ptlen, okm, okm + 32, 12, b, h + 36, pt, ptlen), 0);
    cr_assert_eq(msg_csig_sign(b + h + 52 + ptlen, sender, "envelope", b, h + 52 + ptlen, coins + 80), MSG_OK);
    (void)f;
    *len = total;
    return b;
}

static uint8_t *padded(uint8_t ctype, const char *body, size_t *ptlen)
{
    size_t bl = strlen(body), n = (5 + bl + 255) / 256 * 256;
    uint8_t *p = calloc(1, n);
    p[0] = ctype;
    p[1] = (uint8_t)(bl >> 24); p[2] = (uint8_t)(bl >> 16); p[3] = (uint8_t)(bl >> 8); p[4] = (uint8_t)bl;
    memcpy(p + 5, body, bl);
    *ptlen = n;
    return p;
}

Test(msg, seal_matches_independent_derivation)
{
    fx *f = fx_new();
    for (int opk = 0; opk <= 1; opk++) {
        size_t n1, n2, ptlen;
        uint8_t *e1 = fx_seal(f, opk, 9, T0, 0x05, &n1);
        uint8_t *pt = padded(MSG_CT_TEXT, vec_body, &ptlen);
        msg_recipient r = f->to_bob;
        r.has_opk = opk;
        uint8_t *e2 = raw_seal(f, &f->alice, &r, 9, T0, pt, ptlen, 0x05, &n2);
        cr_assert_eq(n1, n2);
        cr_assert(memcmp(e1, e2, n1) == 0, "msg_seal differs from the spec derivation (opk=%d)", opk);
        free(e1);
        free(e2);
        free(pt);
    }
    free(f);
}

/* ---- 2. envelope parser: bad-inputs 39-47 ------------------------------- */

Test(msg, item39_truncation_every_offset)
{
    fx *f = fx_new();
    size_t n;
    uint8_t *env = fx_seal(f, 1, 1, T0, 0x05, &n);
    unsigned rejected = 0;
    for (size_t len = 0; len < n; len++) {
        uint8_t *cut = malloc(len ? len : 1); /* exact size: ASan sees any over-read */
        memcpy(cut, env, len);
        msg_envelope e;
        if (msg_envelope_parse(&e, cut, len) == MSG_ERR_PARSE) rejected++;
        free(cut);
    }
    cr_assert_eq(rejected, n);
    fprintf(stderr, "msg item39: %u of %zu truncations rejected\n", rejected, n);
    free(env);
    free(f);
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

Test(msg, item40_length_fields)
{
    fx *f = fx_new();
    size_t n;
    uint8_t *env = fx_seal(f, 0, 1, T0, 0x05, &n);
    size_t off = 1200 + 32; /* ct_len */
    const uint32_t bad[] = {0, 1, 255, 257, 512, (uint32_t)(n - off - 4), (uint32_t)(n - off),
                            (uint32_t)n, 0x7fffff00u, 0xffffff00u, 0xffffffffu, MSG_MAX_CT_LEN + 256};
    msg_envelope e;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        put32(env + off, bad[i]);
        cr_assert_eq(msg_envelope_parse(&e, env, n), MSG_ERR_PARSE, "ct_len %u accepted", bad[i]);
    }
    put32(env + off, 256);
    cr_assert_eq(msg_envelope_parse(&e, env, n), MSG_OK);
    /* Identity records: uid_len 0, 65, and inconsistent with the length. */
    uint8_t rec[MSG_IDREC_MAX];
    size_t rl;
    cr_assert_eq(msg_identity_record(rec, &rl, &f->alice, NULL), MSG_OK);
    msg_idrec ir;
    cr_assert_eq(msg_idrec_parse(&ir, rec, rl), MSG_OK);
    const uint8_t uls[] = {0, 4, 6, 65, 255};
    for (size_t i = 0; i < sizeof uls; i++) {
        uint8_t save = rec[6];
        rec[6] = uls[i];
        cr_assert_eq(msg_idrec_parse(&ir, rec, rl), MSG_ERR_PARSE);
        rec[6] = save;
    }
    /* Bundle: n_opk larger than the data, and 0xffff. */
    uint8_t spk[MSG_SPKREC_BYTES];
    cr_assert_eq(msg_spk_record(spk, &f->alice, 1, T0, T0 + 1000, f->to_bob.spk_ek, NULL), MSG_OK);
    uint8_t *b;
    size_t bl;
    cr_assert_eq(msg_bundle_encode(&b, &bl, "Alice", rec, rl, spk, NULL, 0), MSG_OK);
    msg_bundle bb;
    cr_assert_eq(msg_bundle_parse(&bb, b, bl), MSG_OK);
    b[6] = 0; b[7] = 1;
    cr_assert_eq(msg_bundle_parse(&bb, b, bl), MSG_ERR_PARSE);
    b[6] = 0xff; b[7] = 0xff;
    cr_assert_eq(msg_bundle_parse(&bb, b, bl), MSG_ERR_PARSE);
    b[6] = 0; b[7] = 0;
    b[8] = 200; /* name_len beyond the cap */
    cr_assert_eq(msg_bundle_parse(&bb, b, bl), MSG_ERR_PARSE);
    free(b);
    free(env);
    free(f);
}

Test(msg, item41_unknown_version_suite_flags_and_trailing)
{
    fx *f = fx_new();
    size_t n;
    uint8_t *env = fx_seal(f, 1, 1, T0, 0x05, &n);
    msg_envelope e;
    struct { size_t off; uint8_t v; } edits[] = {
        {0, 'X'}, {3, 'N'}, {4, 0x00}, {4, 0x02}, {4, 0xff}, {5, 0x00}, {5, 0x02},
        {6, 0x02}, {6, 0x03}, {6, 0x80}, {6, 0x00} /* flag clear, opk_id set */, {7, 0x01},
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        uint8_t save = env[edits[i].off];
        env[edits[i].off] = edits[i].v;
        cr_assert_eq(msg_envelope_parse(&e, env, n), MSG_ERR_PARSE, "edit %zu accepted", i);
        env[edits[i].off] = save;
    }
    /* opk_id 0 with the flag set (missing field). */
    uint8_t save[4];
    memcpy(save, env + 76, 4);
    memset(env + 76, 0, 4);
    cr_assert_eq(msg_envelope_parse(&e, env, n), MSG_ERR_PARSE);
    memcpy(env + 76, save, 4);
    /* Trailing bytes: one zero byte, one copy of the signature (duplicate field). */
    uint8_t *longer = malloc(n + MSG_CSIG_BYTES);
    memcpy(longer, env, n);
    memset(longer + n, 0, MSG_CSIG_BYTES);
    cr_assert_eq(msg_envelope_parse(&e, longer, n + 1), MSG_ERR_PARSE);
    memcpy(longer + n, env + n - MSG_CSIG_BYTES, MSG_CSIG_BYTES);
    cr_assert_eq(msg_envelope_parse(&e, longer, n + MSG_CSIG_BYTES), MSG_ERR_PARSE);
    cr_assert_eq(msg_envelope_parse(&e, env, n), MSG_OK);
    free(longer);
    free(env);
    free(f);
}

Test(msg, item42_size_caps)
{
    msg_envelope e;
    msg_bundle b;
    msg_idrec ir;
    /* Lengths beyond the caps are refused before any field is read: a
     * 1-byte buffer with a huge claimed length must not be touched. */
    uint8_t one = 'A';
    cr_assert_eq(msg_envelope_parse(&e, &one, (size_t)MSG_ENV_MAX + 1), MSG_ERR_PARSE);
    cr_assert_eq(msg_envelope_parse(&e, &one, SIZE_MAX), MSG_ERR_PARSE);
    cr_assert_eq(msg_bundle_parse(&b, &one, (size_t)MSG_BUNDLE_MAX + 1), MSG_ERR_PARSE);
    cr_assert_eq(msg_idrec_parse(&ir, &one, (size_t)MSG_IDREC_MAX + 1), MSG_ERR_PARSE);
    cr_assert_eq(msg_envelope_parse(&e, NULL, 0), MSG_ERR_PARSE);
    /* A body over the cap cannot be sealed. */
    fx *f = fx_new();
    uint8_t *big = calloc(1, MSG_MAX_BODY + 1), *env;
    size_t n;
    cr_assert_eq(msg_seal(&env, &n, &f->alice, &f->to_bob, 1, T0, 1, big, MSG_MAX_BODY + 1, NULL), MSG_ERR_TOO_LARGE);
    cr_assert_null(env);
    /* The largest body is fine and exactly at the cap. */
    cr_assert_eq(msg_seal(&env, &n, &f->alice, &f->to_bob, 1, T0, 1, big, MSG_MAX_BODY, NULL), MSG_OK);
    cr_assert_eq(n, (size_t)MSG_ENV_MAX);
    cr_assert_eq(msg_envelope_parse(&e, env, n), MSG_OK);
    free(env);
    free(big);
    free(f);
}

Test(msg, item43_wrong_length_fields_and_swapped_ids)
{
    fx *f = fx_new();
    size_t n;
    uint8_t *env = fx_seal(f, 1, 1, T0, 0x05, &n);
    msg_envelope e;
    /* Toggle the OPK flag: the embedded KEM ciphertext area no longer fits. */
    env[6] = 0;
    memset(env + 76, 0, 4);
    cr_assert_eq(msg_envelope_parse(&e, env, n), MSG_ERR_PARSE);
    free(env);
    env = fx_seal(f, 1, 1, T0, 0x05, &n);
    /* Swapped sender/recipient: not for Bob; equal ids: malformed. */
    uint8_t tmp[32];
    memcpy(tmp, env + 8, 32);
    memcpy(env + 8, env + 40, 32);
    memcpy(env + 40, tmp, 32);
    msg_plaintext pt;
    cr_assert_eq(fx_open(f, env, n, &pt), MSG_ERR_NOT_FOR_US);
    memcpy(env + 8, env + 40, 32);
    cr_assert_eq(msg_envelope_parse(&e, env, n), MSG_ERR_PARSE);
    /* Records of the wrong length: SPK 5218/5220, OPK 5202/5204. */
    uint8_t *rec = calloc(1, MSG_SPKREC_BYTES + 1);
    msg_pkrec pr;
    cr_assert_eq(msg_spk_record(rec, &f->bob, 7, T0, T0 + 1, f->to_bob.spk_ek, NULL), MSG_OK);
    cr_assert_eq(msg_spkrec_parse(&pr, rec, MSG_SPKREC_BYTES), MSG_OK);
    cr_assert_eq(msg_spkrec_parse(&pr, rec, MSG_SPKREC_BYTES - 1), MSG_ERR_PARSE);
    cr_assert_eq(msg_spkrec_parse(&pr, rec, MSG_SPKREC_BYTES + 1), MSG_ERR_PARSE);
    cr_assert_eq(msg_opkrec_parse(&pr, rec, MSG_SPKREC_BYTES), MSG_ERR_PARSE); /* type confusion */
    cr_assert_eq(msg_opk_record(rec, &f->bob, 42, f->to_bob.opk_ek, NULL), MSG_OK);
    cr_assert_eq(msg_opkrec_parse(&pr, rec, MSG_OPKREC_BYTES), MSG_OK);
    cr_assert_eq(msg_opkrec_parse(&pr, rec, MSG_OPKREC_BYTES - 1), MSG_ERR_PARSE);
    cr_assert_eq(msg_opkrec_parse(&pr, rec, MSG_OPKREC_BYTES + 1), MSG_ERR_PARSE);
    free(rec);
    free(env);
    free(f);
}

/* Every byte of the envelope flipped in turn: header, KEM ciphertexts,
 * commitment, length, AES-GCM ciphertext, tag, ML-DSA and Falcon signatures. */
Test(msg, item44_p12_flip_every_byte_rejected, .timeout = 120)
{
    fx *f = fx_new();
    size_t n;
    uint8_t *env = fx_seal(f, 1, 1, T0, 0x05, &n);
    unsigned rejected = 0, by_parse = 0, by_sig = 0;
    for (size_t i = 0; i < n; i++) {
        env[i] ^= 0x01;
        msg_plaintext pt;
        int rc = fx_open(f, env, n, &pt);
        if (rc != MSG_OK) rejected++;
        by_parse += rc == MSG_ERR_PARSE;
        by_sig += rc == MSG_ERR_SIGNATURE;
        cr_assert_null(pt.body, "plaintext released for a flipped byte %zu", i);
        env[i] ^= 0x01;
    }
    cr_assert_eq(rejected, n);
    fprintf(stderr, "msg item44: %u of %zu single-byte flips rejected (%u parse, %u signature, %u other)\n",
            rejected, n, by_parse, by_sig, rejected - by_parse - by_sig);
    msg_plaintext pt;
    cr_assert_eq(fx_open(f, env, n, &pt), MSG_OK);
    msg_plaintext_free(&pt);
    free(env);
    free(f);
}

/* A malicious but authentic sender (valid signatures) cannot tell a bad KEM
 * ciphertext (implicit rejection -> wrong key), a bad commitment and a bad
 * tag apart: same error, no plaintext. */
Test(msg, item45_uniform_errors_no_partial_plaintext)
{
    fx *f = fx_new();
    const size_t offs[] = {112 + 5 /* ct_spk */, 1200 + 9 /* ct_opk */, 2288 + 3 /* commit */,
                           2288 + 36 + 17 /* aes ct */, 2288 + 36 + 256 + 2 /* tag */};
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        size_t n;
        uint8_t *env = fx_seal(f, 1, 1, T0, 0x05, &n);
        env[offs[i]] ^= 0x40;
        resign(env, n, &f->alice);
        msg_plaintext pt;
        cr_assert_eq(fx_open(f, env, n, &pt), MSG_ERR_DECRYPT, "offset %zu", offs[i]);
        cr_assert_null(pt.body);
        cr_assert_eq(pt.body_len, 0);
        free(env);
    }
    free(f);
}

/* Replay handling at the client level is tested in p12_replay_*. Here: the
 * seen-cache keys on (sender, msg_id) and on (sender, counter). */
static void world_new(void);
static void world_free(void);

Test(msg, item47_parse_serialize_roundtrip)
{
    fx *f = fx_new();
    for (int opk = 0; opk <= 1; opk++) {
        size_t n, m;
        uint8_t *env = fx_seal(f, opk, 3, T0, 0x07, &n);
        msg_envelope e;
        cr_assert_eq(msg_envelope_parse(&e, env, n), MSG_OK);
        uint8_t *out = malloc(n);
        cr_assert_eq(msg_envelope_serialize(out, n, &m, &e), MSG_OK);
        cr_assert(m == n && memcmp(out, env, n) == 0);
        free(out);
        free(env);
    }
    free(f);
}

/* ---- 3. protocol section 12: the remaining negative tests ---------------- */

Test(msg, p12_remove_or_duplicate_signature)
{
    fx *f = fx_new();
    size_t n;
    uint8_t *env = fx_seal(f, 0, 1, T0, 0x05, &n);
    msg_plaintext pt;
    size_t sig = n - MSG_CSIG_BYTES;
    /* Remove Falcon / remove ML-DSA: the length is no longer exact. */
    cr_assert_eq(fx_open(f, env, n - FNDSA512_SIGBYTES, &pt), MSG_ERR_PARSE);
    uint8_t *cut = malloc(n);
    memcpy(cut, env, sig);
    memcpy(cut + sig, env + sig + MLDSA65_SIGBYTES, FNDSA512_SIGBYTES);
    cr_assert_eq(fx_open(f, cut, sig + FNDSA512_SIGBYTES, &pt), MSG_ERR_PARSE);
    /* Zeroed Falcon half, zeroed ML-DSA half, halves swapped: AND-verify. */
    memcpy(cut, env, n);
    memset(cut + sig + MLDSA65_SIGBYTES, 0, FNDSA512_SIGBYTES);
    cr_assert_eq(fx_open(f, cut, n, &pt), MSG_ERR_SIGNATURE);
    memcpy(cut, env, n);
    memset(cut + sig, 0, MLDSA65_SIGBYTES);
    cr_assert_eq(fx_open(f, cut, n, &pt), MSG_ERR_SIGNATURE);
    /* Falcon half from another valid envelope of the same sender. */
    size_t n2;
    uint8_t *other = fx_seal(f, 0, 2, T0, 0x09, &n2);
    memcpy(cut, env, n);
    memcpy(cut + sig + MLDSA65_SIGBYTES, other + n2 - FNDSA512_SIGBYTES, FNDSA512_SIGBYTES);
    cr_assert_eq(fx_open(f, cut, n, &pt), MSG_ERR_SIGNATURE);
    /* Duplicate: sig || sig. */
    uint8_t *dup = malloc(n + MSG_CSIG_BYTES);
    memcpy(dup, env, n);
    memcpy(dup + n, env + sig, MSG_CSIG_BYTES);
    cr_assert_eq(fx_open(f, dup, n + MSG_CSIG_BYTES, &pt), MSG_ERR_PARSE);
    /* Labels separate record types: an SPK signature is not an OPK one. */
    uint8_t s[MSG_CSIG_BYTES], body[10] = {0};
    cr_assert_eq(msg_csig_sign(s, &f->alice, "spk", body, 10, NULL), MSG_OK);
    cr_assert_eq(msg_csig_verify(s, "spk", body, 10, f->alice.mldsa_pk, f->alice.fndsa_pk), MSG_OK);
    cr_assert_eq(msg_csig_verify(s, "opk", body, 10, f->alice.mldsa_pk, f->alice.fndsa_pk), MSG_ERR_SIGNATURE);
    cr_assert_eq(msg_csig_verify(s, "spk", body, 10, f->bob.mldsa_pk, f->bob.fndsa_pk), MSG_ERR_SIGNATURE);
    free(dup);
    free(other);
    free(cut);
    free(env);
    free(f);
}

Test(msg, p12_forwarding_recipient_swap)
{
    fx *f = fx_new();
    size_t n;
    uint8_t *env = fx_seal(f, 0, 1, T0, 0x05, &n);
    msg_plaintext pt;
    /* Bob forwards to Carol unchanged: Carol's check of recipient_ik. */
    msg_envelope e;
    cr_assert_eq(msg_envelope_parse(&e, env, n), MSG_OK);
    cr_assert_neq(memcmp(e.recipient_ik, f->carol.ik_hash, 32), 0);
    /* Bob rewrites recipient_ik to Carol's: Alice's signature breaks. */
    memcpy(env + 40, f->carol.ik_hash, 32);
    cr_assert_eq(msg_envelope_verify(&e, &f->alice_p), MSG_ERR_SIGNATURE);
    free(env);
    free(f);
    (void)pt;
}

Test(msg, p12_sender_substitution_resigned)
{
    fx *f = fx_new();
    size_t n;
    uint8_t *env = fx_seal(f, 1, 1, T0, 0x05, &n);
    msg_plaintext pt;
    /* Carol strips Alice's signature, claims the envelope and signs it. */
    memcpy(env + 8, f->carol.ik_hash, 32);
    resign(env, n, &f->carol);
    cr_assert_eq(fx_open(f, env, n, &pt), MSG_ERR_DECRYPT);
    cr_assert_null(pt.body);
    /* Keeping sender_ik = Alice but signing as Carol: signature fails. */
    free(env);
    env = fx_seal(f, 1, 1, T0, 0x05, &n);
    resign(env, n, &f->carol);
    cr_assert_eq(fx_open(f, env, n, &pt), MSG_ERR_SIGNATURE);
    free(env);
    free(f);
}

Test(msg, p12_nonzero_padding_and_bad_plaintext)
{
    fx *f = fx_new();
    size_t ptlen, n;
    msg_plaintext pt;
    msg_recipient r = f->to_bob;
    uint8_t *p = padded(MSG_CT_TEXT, "padding test", &ptlen);
    uint8_t *env = raw_seal(f, &f->alice, &r, 1, T0, p, ptlen, 0x05, &n);
    cr_assert_eq(fx_open(f, env, n, &pt), MSG_OK);
    msg_plaintext_free(&pt);
    free(env);
    struct { size_t off; uint8_t v; } bad[] = {
        {ptlen - 1, 1},   /* last padding byte */
        {5 + 12, 0x80},   /* first padding byte */
        {0, 0},           /* content type 0 */
        {0, 4},           /* content type 4 */
        {3, 1},           /* body_len 268: needs a second block */
        {1, 0xff},        /* body_len huge */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t save = p[bad[i].off];
        p[bad[i].off] = bad[i].v;
        env = raw_seal(f, &f->alice, &r, 1, T0, p, ptlen, 0x05, &n);
        cr_assert_eq(fx_open(f, env, n, &pt), MSG_ERR_PLAINTEXT, "case %zu", i);
        cr_assert_null(pt.body);
        free(env);
        p[bad[i].off] = save;
    }
    /* Over-padding (an extra all-zero block) is not canonical either. */
    uint8_t *p2 = calloc(1, ptlen + 256);
    memcpy(p2, p, ptlen);
    env = raw_seal(f, &f->alice, &r, 1, T0, p2, ptlen + 256, 0x05, &n);
    cr_assert_eq(fx_open(f, env, n, &pt), MSG_ERR_PLAINTEXT);
    free(env);
    free(p2);
    free(p);
    free(f);
}

/* Bad-inputs item 37: GCM is not key-committing, so AEGIS-MSG carries a key
 * commitment (okm[44..76), PROTOCOL.md 5) checked in addition to the tag; key
 * and nonce are derived per envelope from the KEM secrets (okm[0..44)), never
 * random, so no key ever sees a second nonce. Two properly signed envelopes
 * by the real sender: one whose tag is valid but whose commitment belongs to
 * another key, one whose commitment is right but whose ciphertext was made
 * under another key: both are "decrypt" failures with no plaintext. Key and
 * nonce derivation byte for byte: seal_matches_independent_derivation. */
Test(msg, item37_key_commitment_and_derived_nonce)
{
    fx *f = fx_new();
    msg_recipient r = f->to_bob;
    size_t ptlen, n;
    uint8_t *p = padded(MSG_CT_TEXT, "salamander", &ptlen);
    for (int mode = 1; mode <= 2; mode++) {
        msg_plaintext pt;
        memset(&pt, 0, sizeof pt);
        raw_tamper = mode;
        uint8_t *env = raw_seal(f, &f->alice, &r, 1, T0, p, ptlen, 0x05, &n);
        raw_tamper = 0;
        cr_assert_eq(fx_open(f, env, n, &pt), MSG_ERR_DECRYPT, "mode %d", mode);
        cr_assert_null(pt.body);
        free(env);
    }
    /* Control: the same envelope untampered opens, so the failures above are
     * the commitment and the tag, nothing else. */
    msg_plaintext pt;
    uint8_t *env = raw_seal(f, &f->alice, &r, 1, T0, p, ptlen, 0x05, &n);
    cr_assert_eq(fx_open(f, env, n, &pt), MSG_OK);
    msg_plaintext_free(&pt);
    free(env);
    /* Another seal (other coins): other KEM secrets, so another key, nonce
     * and commitment, the header's commitment field differs. */
    size_t n2;
    uint8_t *e1 = raw_seal(f, &f->alice, &r, 2, T0, p, ptlen, 0x06, &n);
    uint8_t *e2 = raw_seal(f, &f->alice, &r, 3, T0, p, ptlen, 0x07, &n2);
    cr_assert(n == n2 && memcmp(e1 + 1200, e2 + 1200, 32) != 0, "commitment repeated across envelopes");
    free(e1);
    free(e2);
    free(p);
    free(f);
}

Test(msg, error_paths_zero_outputs)
{
    fx *f = fx_new();
    uint8_t *env = (uint8_t *)1;
    size_t n = 99;
    msg_recipient r = f->to_bob;
    memcpy(r.ik_hash, f->alice.ik_hash, 32); /* to oneself: refused */
    cr_assert_eq(msg_seal(&env, &n, &f->alice, &r, 1, T0, 1, (const uint8_t *)"x", 1, NULL), MSG_ERR_ARG);
    cr_assert(env == NULL && n == 0);
    r = f->to_bob;
    r.spk_ek[0] ^= 0; /* valid */
    env = (uint8_t *)1;
    cr_assert_eq(msg_seal(&env, &n, &f->alice, &r, 0, T0, 1, (const uint8_t *)"x", 1, NULL), MSG_ERR_ARG);
    cr_assert_null(env);
    msg_envelope e;
    memset(&e, 0xaa, sizeof e);
    uint8_t junk[6000] = {0};
    cr_assert_eq(msg_envelope_parse(&e, junk, sizeof junk), MSG_ERR_PARSE);
    cr_assert(e.raw == NULL && e.csig == NULL && e.total == 0);
    msg_peer p;
    memset(&p, 0xaa, sizeof p);
    cr_assert_neq(msg_identity_record_verify(&p, junk, 100), MSG_OK);
    uint8_t zero[sizeof p] = {0};
    cr_assert(memcmp(&p, zero, sizeof p) == 0);
    free(f);
}

/* ---- 4. client level: two or three homes on disk ------------------------- */
static char root[128];
typedef struct {
    msg_ctx *ctx;
    msg_config cfg;
} tuser;
static tuser A, B, C;

static void tuser_new(tuser *u, const char *dir, const char *uid, unsigned opks)
{
    msg_config_defaults(&u->cfg);
    u->cfg.opk_batch = opks;
    u->cfg.log_level = MSG_LOG_ERROR;
    snprintf(u->cfg.home, sizeof u->cfg.home, "%s/%s", root, dir);
    cr_assert_eq(msg_ctx_open(&u->ctx, &u->cfg, 1), MSG_OK);
    msg_ctx_set_now(u->ctx, T0);
    cr_assert_eq(msg_user_init(u->ctx, uid, NULL, NULL), MSG_OK);
}

static void give_bundle(tuser *from, tuser *to, unsigned opks)
{
    uint8_t *b;
    size_t n;
    msg_import_info info;
    cr_assert_eq(msg_user_bundle(from->ctx, &b, &n, opks), MSG_OK);
    cr_assert_eq(msg_user_import(to->ctx, b, n, 0, &info), MSG_OK);
    free(b);
}

static void world_new(void)
{
    seed_drbg(0x5a);
    msg_log_set_level(MSG_LOG_ERROR);
    /* The library's lines about expected rejections are captured (as the CLI
     * does), not printed: `make test` shows no error line that is not a
     * failure. Tests that provoke one assert its text via msg_log_captured. */
    msg_log_capture(1);
    snprintf(root, sizeof root, "/tmp/aegis-test-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    tuser_new(&A, "a", "alice", 2);
    tuser_new(&B, "b", "bob", 2);
    tuser_new(&C, "c", "carol", 0);
    give_bundle(&A, &B, 0);
    give_bundle(&B, &A, 1); /* Alice holds one of Bob's OPKs */
    give_bundle(&C, &B, 0);
    give_bundle(&B, &C, 0);
}

static void world_free(void)
{
    msg_ctx_close(A.ctx);
    msg_ctx_close(B.ctx);
    msg_ctx_close(C.ctx);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "cleanup of %s failed\n", root);
}

static uint8_t *a_seal(const char *text, size_t *n)
{
    uint8_t *env;
    cr_assert_eq(msg_user_seal(A.ctx, "bob", MSG_CT_TEXT, (const uint8_t *)text, strlen(text), &env, n), MSG_OK);
    return env;
}

static int b_open(const uint8_t *env, size_t n)
{
    msg_received r;
    int rc = msg_user_open(B.ctx, env, n, &r);
    if (rc == MSG_OK) msg_received_free(&r);
    else cr_assert_null(r.pt.body);
    return rc;
}

Test(msg, client_roundtrip_two_homes, .init = world_new, .fini = world_free)
{
    size_t n1, n2;
    uint8_t *e1 = a_seal("first (uses Bob's one-time prekey)", &n1);
    uint8_t *e2 = a_seal("second (signed prekey only)", &n2);
    cr_assert_eq(n1, 6315 + 256);
    cr_assert_eq(n2, 5227 + 256);
    msg_received r;
    cr_assert_eq(msg_user_open(B.ctx, e1, n1, &r), MSG_OK);
    cr_assert_str_eq(r.sender_uid, "alice");
    cr_assert_str_eq((char *)r.pt.body, "first (uses Bob's one-time prekey)");
    cr_assert(r.used_opk && r.counter == 1);
    msg_received_free(&r);
    cr_assert_eq(msg_user_open(B.ctx, e2, n2, &r), MSG_OK);
    cr_assert(!r.used_opk && r.counter == 2);
    msg_received_free(&r);
    msg_status_info st;
    cr_assert_eq(msg_user_status(B.ctx, &st), MSG_OK);
    cr_assert(st.received == 2 && st.messages == 2);
    cr_assert_eq(msg_user_status(A.ctx, &st), MSG_OK);
    cr_assert(st.sent == 2 && st.messages == 2);
    /* The database is private to its owner. */
    struct stat sb;
    cr_assert_eq(stat(msg_ctx_path(B.ctx), &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0600);
    free(e1);
    free(e2);
}

Test(msg, item46_p12_replay_same_envelope, .init = world_new, .fini = world_free)
{
    size_t n;
    uint8_t *e = a_seal("once", &n);
    cr_assert_eq(b_open(e, n), MSG_OK);
    cr_assert_eq(b_open(e, n), MSG_ERR_REPLAY);
    msg_status_info st;
    msg_user_status(B.ctx, &st);
    cr_assert_eq(st.rejected[-MSG_ERR_REPLAY], 1);
    cr_assert_eq(st.received, 1);
    free(e);
}

Test(msg, item46_p12_replay_counter_and_consumed_opk, .init = world_new, .fini = world_free)
{
    /* Alice's client never reuses either, so build envelopes by hand with
     * her real keys: same counter with a new msg_id, and a second use of an
     * already consumed OPK with a new counter. */
    msg_identity *alice = malloc(sizeof *alice);
    cr_assert_eq(msg_user_identity(A.ctx, alice), MSG_OK);
    size_t n;
    uint8_t *e1 = a_seal("consumes the OPK", &n);
    msg_envelope pe;
    cr_assert_eq(msg_envelope_parse(&pe, e1, n), MSG_OK);
    cr_assert_not_null(pe.ct_opk);
    msg_recipient r;
    memset(&r, 0, sizeof r);
    memcpy(r.ik_hash, pe.recipient_ik, 32);
    r.spk_id = pe.spk_id;
    /* Bob's public prekeys, re-derived from his bundle. */
    uint8_t *b;
    size_t bl;
    cr_assert_eq(msg_user_bundle(B.ctx, &b, &bl, 0), MSG_OK);
    msg_bundle bb;
    msg_pkrec spk;
    cr_assert_eq(msg_bundle_parse(&bb, b, bl), MSG_OK);
    cr_assert_eq(msg_spkrec_parse(&spk, bb.spkrec, MSG_SPKREC_BYTES), MSG_OK);
    memcpy(r.spk_ek, spk.ek, sizeof r.spk_ek);
    cr_assert_eq(b_open(e1, n), MSG_OK);
    /* Same counter (1), fresh msg_id. */
    uint8_t *e2;
    size_t n2;
    cr_assert_eq(msg_seal(&e2, &n2, alice, &r, 1, T0, 1, (const uint8_t *)"x", 1, NULL), MSG_OK);
    cr_assert_eq(b_open(e2, n2), MSG_ERR_REPLAY);
    free(e2);
    /* A fresh counter is accepted (gaps are allowed). */
    cr_assert_eq(msg_seal(&e2, &n2, alice, &r, 5, T0, 1, (const uint8_t *)"x", 1, NULL), MSG_OK);
    cr_assert_eq(b_open(e2, n2), MSG_OK);
    free(e2);
    /* The consumed OPK again (its public key is still known to Alice's side):
     * fetch it from the first envelope's id and Bob's OPK record is gone. */
    r.has_opk = 1;
    r.opk_id = pe.opk_id;
    memcpy(r.opk_ek, spk.ek, sizeof r.opk_ek); /* any valid ek: the secret is gone anyway */
    cr_assert_eq(msg_seal(&e2, &n2, alice, &r, 6, T0, 1, (const uint8_t *)"x", 1, NULL), MSG_OK);
    cr_assert_eq(b_open(e2, n2), MSG_ERR_REPLAY);
    free(e2);
    free(b);
    msg_identity_wipe(alice);
    free(alice);
    free(e1);
}

/* Re-importing an old bundle must not bring back a one-time prekey Alice has
 * already used: Bob erased its secret, so the next message would be refused
 * as a replay (found by the CLI attack review: seal, import again, seal). */
Test(msg, item46_reimported_bundle_does_not_revive_used_opk, .init = world_new, .fini = world_free)
{
    uint8_t *b;
    size_t bl, n;
    msg_import_info info;
    cr_assert_eq(msg_user_bundle(B.ctx, &b, &bl, 1), MSG_OK); /* one fresh OPK */
    cr_assert_eq(msg_user_import(A.ctx, b, bl, 0, &info), MSG_OK);
    cr_assert_eq(info.opks_added, 1);
    uint8_t *e1 = a_seal("uses the first OPK", &n);
    cr_assert_eq(b_open(e1, n), MSG_OK);
    uint8_t *e2 = a_seal("uses the second OPK", &n);
    cr_assert_eq(b_open(e2, n), MSG_OK);
    /* The same bundle again: nothing comes back. */
    cr_assert_eq(msg_user_import(A.ctx, b, bl, 0, &info), MSG_OK);
    cr_assert_eq(info.opks_added, 0);
    uint8_t *e3 = a_seal("signed prekey only, still delivered", &n);
    msg_envelope pe;
    cr_assert_eq(msg_envelope_parse(&pe, e3, n), MSG_OK);
    cr_assert_null(pe.ct_opk);
    cr_assert_eq(b_open(e3, n), MSG_OK);
    free(b);
    free(e1);
    free(e2);
    free(e3);
}

/* The seen-cache is purged after retention + 2 skew. A later run with a
 * longer AEGIS_MESSAGE_RETENTION_DAYS used to accept a purged envelope again
 * (its timestamp was inside the new, wider window): a replay. The newest
 * purged timestamp is now a horizon. */
Test(msg, item46_replay_after_seen_purge_and_longer_retention, .init = world_new, .fini = world_free)
{
    size_t n1, n2;
    uint8_t *e1 = a_seal("uses the OPK", &n1);
    uint8_t *e2 = a_seal("signed prekey only", &n2);
    cr_assert_eq(b_open(e1, n1), MSG_OK);
    cr_assert_eq(b_open(e2, n2), MSG_OK);
    uint64_t later = T0 + 86400000ull * (B.cfg.retention_days + 1);
    msg_ctx_set_now(B.ctx, later);
    cr_assert_eq(msg_user_maintain(B.ctx, 0, NULL), MSG_OK); /* purges the seen-cache */
    msg_ctx_close(B.ctx);
    B.cfg.retention_days = 90;
    cr_assert_eq(msg_ctx_open(&B.ctx, &B.cfg, 0), MSG_OK);
    msg_ctx_set_now(B.ctx, later);
    cr_assert_eq(msg_user_maintain(B.ctx, 0, NULL), MSG_OK);
    cr_assert_eq(b_open(e2, n2), MSG_ERR_STALE);
    free(e1);
    free(e2);
}

/* A bundle carrying the same one-time prekey record twice is a duplicate
 * field: refused by the parser (it was accepted and silently de-duplicated). */
Test(msg, item41_bundle_duplicate_opk_record, .init = world_new, .fini = world_free)
{
    uint8_t *b;
    size_t bl;
    msg_bundle pb;
    msg_import_info info;
    cr_assert_eq(msg_user_bundle(B.ctx, &b, &bl, 2), MSG_OK);
    cr_assert_eq(msg_bundle_parse(&pb, b, bl), MSG_OK);
    cr_assert_eq(pb.n_opk, 2);
    size_t first = (size_t)(pb.opkrec - b);
    memcpy(b + first + MSG_OPKREC_BYTES, b + first, MSG_OPKREC_BYTES);
    cr_assert_eq(msg_bundle_parse(&pb, b, bl), MSG_ERR_PARSE);
    cr_assert_eq(msg_user_import(A.ctx, b, bl, 0, &info), MSG_ERR_PARSE);
    free(b);
}

/* A stranger's bundle that claims OUR user id: pinning it would route what we
 * seal to our own id to the stranger. Refused. */
Test(msg, import_bundle_claiming_own_uid, .init = world_new, .fini = world_free)
{
    tuser D;
    tuser_new(&D, "d", "alice", 1);
    uint8_t *b;
    size_t bl;
    msg_import_info info;
    cr_assert_eq(msg_user_bundle(D.ctx, &b, &bl, 1), MSG_OK);
    msg_log_capture(1);
    cr_assert_eq(msg_user_import(A.ctx, b, bl, 0, &info), MSG_ERR_BUNDLE);
    cr_assert_not_null(strstr(msg_log_captured(), "claims your own user id"), "%s", msg_log_captured());
    cr_assert_eq(msg_user_import(A.ctx, b, bl, 1, &info), MSG_ERR_BUNDLE);
    cr_assert_eq(msg_user_import(B.ctx, b, bl, 0, &info), MSG_ERR_KEY_CHANGED); /* Bob knows alice */
    free(b);
    msg_ctx_close(D.ctx);
}

Test(msg, p12_timestamp_window, .init = world_new, .fini = world_free)
{
    uint64_t skew = 1000ull * B.cfg.skew_s, ret = 86400000ull * B.cfg.retention_days;
    size_t n;
    uint8_t *e;
    /* Alice's clock runs ahead of Bob's by skew + 1 s: rejected; by skew: accepted. */
    msg_ctx_set_now(A.ctx, T0 + skew + 1000);
    e = a_seal("from the future", &n);
    cr_assert_eq(b_open(e, n), MSG_ERR_STALE);
    free(e);
    msg_ctx_set_now(A.ctx, T0 + skew);
    e = a_seal("edge of the window", &n);
    cr_assert_eq(b_open(e, n), MSG_OK);
    free(e);
    /* Older than the retention window: rejected. */
    msg_ctx_set_now(A.ctx, T0);
    e = a_seal("delivered too late", &n);
    msg_ctx_set_now(B.ctx, T0 + ret + 1);
    cr_assert_eq(b_open(e, n), MSG_ERR_STALE);
    free(e);
}

Test(msg, p12_wrong_recipient_and_unknown_sender, .init = world_new, .fini = world_free)
{
    size_t n;
    uint8_t *e = a_seal("for Bob only", &n);
    msg_received r;
    cr_assert_eq(msg_user_open(C.ctx, e, n, &r), MSG_ERR_NOT_FOR_US);
    free(e);
    /* Carol never imported Alice: a message from Alice to Carol is from an
     * unknown sender (no TOFU without a verified identity record). */
    uint8_t *cb;
    size_t cbl;
    msg_import_info info;
    cr_assert_eq(msg_user_bundle(C.ctx, &cb, &cbl, 0), MSG_OK);
    cr_assert_eq(msg_user_import(A.ctx, cb, cbl, 0, &info), MSG_OK);
    cr_assert_eq(msg_user_seal(A.ctx, "carol", 1, (const uint8_t *)"hi", 2, &e, &n), MSG_OK);
    cr_assert_eq(msg_user_open(C.ctx, e, n, &r), MSG_ERR_UNKNOWN_SENDER);
    free(e);
    free(cb);
}

Test(msg, p12_expired_spk_and_stale_bundle, .init = world_new, .fini = world_free)
{
    size_t n;
    uint8_t *e1 = a_seal("uses the OPK", &n);
    free(e1);
    uint8_t *e = a_seal("to SPK 1 only", &n);
    uint64_t day = 86400000ull, rot = 1000ull * B.cfg.rotation_s, grace = 1000ull * B.cfg.grace_s;
    uint64_t ret = day * B.cfg.retention_days;
    /* Bob rotates when due; SPK 1 lives until not_after + retention. */
    msg_ctx_set_now(B.ctx, T0 + rot);
    int rotated = 0;
    cr_assert_eq(msg_user_maintain(B.ctx, 0, &rotated), MSG_OK);
    cr_assert(rotated);
    msg_ctx_set_now(B.ctx, T0 + rot + grace + ret - 1000);
    cr_assert_eq(msg_user_maintain(B.ctx, 0, NULL), MSG_OK);
    msg_status_info st;
    msg_user_status(B.ctx, &st);
    cr_assert_geq(st.spk_secrets, 2, "SPK 1 erased too early");
    msg_ctx_set_now(B.ctx, T0 + rot + grace + ret + 1000);
    cr_assert_eq(msg_user_maintain(B.ctx, 0, NULL), MSG_OK);
    /* With Bob's clock honest the envelope is stale; with it wound back (a
     * thief with a copy) the secret is simply gone. */
    cr_assert_eq(b_open(e, n), MSG_ERR_STALE);
    msg_ctx_set_now(B.ctx, T0 + 1000);
    cr_assert_eq(b_open(e, n), MSG_ERR_EXPIRED);
    /* Sender side: Alice refuses to seal to Bob's SPK past its not_after. */
    msg_ctx_set_now(A.ctx, T0 + rot + grace + 1);
    uint8_t *e2;
    size_t n2;
    msg_log_capture(1);
    cr_assert_eq(msg_user_seal(A.ctx, "bob", 1, (const uint8_t *)"x", 1, &e2, &n2), MSG_ERR_BUNDLE);
    cr_assert_not_null(strstr(msg_log_captured(), "has expired"), "%s", msg_log_captured());
    cr_assert_null(e2);
    free(e);
}

Test(msg, identity_pinning_key_change, .init = world_new, .fini = world_free)
{
    /* Mallory presents a new identity under the uid "alice". */
    tuser M;
    tuser_new(&M, "m", "alice", 0);
    uint8_t *b;
    size_t n;
    msg_import_info info;
    cr_assert_eq(msg_user_bundle(M.ctx, &b, &n, 0), MSG_OK);
    cr_assert_eq(msg_user_import(B.ctx, b, n, 0, &info), MSG_ERR_KEY_CHANGED);
    cr_assert_neq(strlen(info.safety), 0);
    /* Messages from the real Alice still open; accepting the change is explicit. */
    size_t en;
    uint8_t *e = a_seal("still me", &en);
    cr_assert_eq(b_open(e, en), MSG_OK);
    free(e);
    cr_assert_eq(msg_user_import(B.ctx, b, n, 1, &info), MSG_OK);
    e = a_seal("old key now", &en);
    cr_assert_eq(b_open(e, en), MSG_ERR_UNKNOWN_SENDER);
    free(e);
    free(b);
    msg_ctx_close(M.ctx);
}

Test(msg, bundle_tampering_rejected, .init = world_new, .fini = world_free)
{
    uint8_t *b;
    size_t n;
    msg_import_info info;
    cr_assert_eq(msg_user_bundle(C.ctx, &b, &n, 2), MSG_OK);
    /* One flipped byte in each part: name is an unauthenticated hint, the
     * identity, SPK and OPK records are signed. */
    msg_bundle bb;
    cr_assert_eq(msg_bundle_parse(&bb, b, n), MSG_OK);
    size_t offs[] = {(size_t)(bb.idrec - b) + 20, (size_t)(bb.idrec - b) + bb.idrec_len - 5,
                     (size_t)(bb.spkrec - b) + 70, (size_t)(bb.opkrec - b) + 50,
                     (size_t)(bb.opkrec - b) + MSG_OPKREC_BYTES + 4000};
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        b[offs[i]] ^= 0x10;
        cr_assert_neq(msg_user_import(A.ctx, b, n, 0, &info), MSG_OK, "offset %zu", offs[i]);
        b[offs[i]] ^= 0x10;
    }
    cr_assert_eq(msg_user_import(A.ctx, b, n, 0, &info), MSG_OK);
    cr_assert_str_eq(info.uid, "carol");
    /* The safety number is symmetric. */
    msg_identity *a = malloc(sizeof *a), *c = malloc(sizeof *c);
    msg_user_identity(A.ctx, a);
    msg_user_identity(C.ctx, c);
    char s1[MSG_SAFETY_CHARS], s2[MSG_SAFETY_CHARS];
    msg_safety_number(s1, a->ik_hash, c->ik_hash);
    msg_safety_number(s2, c->ik_hash, a->ik_hash);
    cr_assert_str_eq(s1, s2);
    cr_assert_str_eq(s1, info.safety);
    cr_assert_eq(strlen(s1), 35);
    free(a);
    free(c);
    free(b);
}

/* ---- 5. forward secrecy on the database file ---------------------------- */

/* 1 iff needle occurs in the file (db or its WAL). */
static int file_contains(const char *path, const uint8_t *needle, size_t nl)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return 0;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)sz + 1);
    size_t got = fread(buf, 1, (size_t)sz, f);
    fclose(f);
    int found = 0;
    for (size_t i = 0; !found && i + nl <= got; i++) found = memcmp(buf + i, needle, nl) == 0;
    free(buf);
    return found;
}

static int db_contains(const char *db, const uint8_t *needle, size_t nl)
{
    char wal[4300];
    snprintf(wal, sizeof wal, "%s-wal", db);
    return file_contains(db, needle, nl) || file_contains(wal, needle, nl);
}

static void read_seed(const char *db, const char *sql, uint8_t seed[64])
{
    sqlite3 *h;
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_bytes(st, 0), 64);
    memcpy(seed, sqlite3_column_blob(st, 0), 64);
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static void copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    cr_assert(a && b);
    char buf[65536];
    size_t r;
    while ((r = fread(buf, 1, sizeof buf, a)) > 0) cr_assert_eq(fwrite(buf, 1, r, b), r);
    fclose(a);
    fclose(b);
}

Test(msg, fs_spk_erased_db_copy_cannot_open, .init = world_new, .fini = world_free)
{
    size_t n;
    free(a_seal("uses the OPK", &n));
    uint8_t *e = a_seal("recorded by an adversary, never delivered", &n);
    uint8_t seed[64];
    read_seed(msg_ctx_path(B.ctx), "SELECT seed FROM spk WHERE spk_id = 1", seed);
    cr_assert(db_contains(msg_ctx_path(B.ctx), seed, 64), "control: the seed is in the file");
    /* Rotation, then not_after + retention passes. */
    uint64_t day = 86400000ull;
    msg_ctx_set_now(B.ctx, T0 + 8 * day);
    cr_assert_eq(msg_user_maintain(B.ctx, 0, NULL), MSG_OK);
    msg_ctx_set_now(B.ctx, T0 + (8 + 31) * day);
    cr_assert_eq(msg_user_maintain(B.ctx, 0, NULL), MSG_OK);
    cr_assert(!db_contains(msg_ctx_path(B.ctx), seed, 64), "SPK seed still in the database file");
    /* The thief copies the whole database and runs it with the clock wound back. */
    char dir[200], path[300], wal[300];
    snprintf(dir, sizeof dir, "%s/thief", root);
    cr_assert_eq(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/aegis.db", dir);
    copy_file(msg_ctx_path(B.ctx), path);
    snprintf(wal, sizeof wal, "%s-wal", msg_ctx_path(B.ctx));
    if (access(wal, F_OK) == 0) {
        char to[320];
        snprintf(to, sizeof to, "%s-wal", path);
        copy_file(wal, to);
    }
    tuser T;
    T.cfg = B.cfg;
    snprintf(T.cfg.home, sizeof T.cfg.home, "%s", dir);
    cr_assert_eq(msg_ctx_open(&T.ctx, &T.cfg, 0), MSG_OK);
    msg_ctx_set_now(T.ctx, T0 + 1000);
    msg_received r;
    cr_assert_eq(msg_user_open(T.ctx, e, n, &r), MSG_ERR_EXPIRED);
    msg_ctx_close(T.ctx);
    free(e);
}

Test(msg, fs_opk_erased_after_open, .init = world_new, .fini = world_free)
{
    size_t n;
    uint8_t *e = a_seal("uses the OPK", &n);
    msg_envelope pe;
    cr_assert_eq(msg_envelope_parse(&pe, e, n), MSG_OK);
    char sql[100];
    snprintf(sql, sizeof sql, "SELECT seed FROM opk WHERE opk_id = %u", pe.opk_id);
    uint8_t seed[64];
    read_seed(msg_ctx_path(B.ctx), sql, seed);
    cr_assert(db_contains(msg_ctx_path(B.ctx), seed, 64));
    cr_assert_eq(b_open(e, n), MSG_OK);
    cr_assert(!db_contains(msg_ctx_path(B.ctx), seed, 64), "OPK seed still in the database file");
    free(e);
}

/* ---- 6. crash safety: fault injection between the steps of open --------- */
static int crash_at;
static void crash_hook(int step)
{
    if (step == crash_at) _exit(77);
}

static unsigned history_count(msg_ctx *ctx)
{
    msg_status_info st;
    cr_assert_eq(msg_user_status(ctx, &st), MSG_OK);
    return st.messages;
}

Test(msg, crash_fault_injection_each_step, .init = world_new, .fini = world_free, .timeout = 120)
{
    for (int step = 1; step <= 7; step++) {
        size_t n;
        uint8_t *e = a_seal(step == 1 ? "crash test, with OPK" : "crash test", &n);
        unsigned before = history_count(B.ctx);
        msg_ctx_close(B.ctx);
        pid_t pid = fork();
        cr_assert_geq(pid, 0);
        if (pid == 0) {
            msg_ctx *c;
            if (msg_ctx_open(&c, &B.cfg, 0) != MSG_OK) _exit(1);
            msg_ctx_set_now(c, T0);
            crash_at = step;
            msg_set_fault_hook(crash_hook);
            msg_received r;
            msg_user_open(c, e, n, &r);
            _exit(0); /* not reached for steps 1-7 */
        }
        int status;
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 77, "step %d: no crash", step);
        cr_assert_eq(msg_ctx_open(&B.ctx, &B.cfg, 0), MSG_OK);
        msg_ctx_set_now(B.ctx, T0);
        /* The database is consistent... */
        sqlite3 *h;
        sqlite3_stmt *st;
        cr_assert_eq(sqlite3_open(msg_ctx_path(B.ctx), &h), SQLITE_OK);
        cr_assert_eq(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
        cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
        cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "ok");
        sqlite3_finalize(st);
        sqlite3_close(h);
        unsigned after = history_count(B.ctx);
        if (step <= 6) {
            /* ...a crash before COMMIT lost nothing: the message opens now, once. */
            cr_assert_eq(after, before, "step %d: partial commit", step);
            cr_assert_eq(b_open(e, n), MSG_OK, "step %d: message lost", step);
        } else {
            /* ...a crash after COMMIT kept everything. */
            cr_assert_eq(after, before + 1, "step %d: committed message missing", step);
        }
        cr_assert_eq(b_open(e, n), MSG_ERR_REPLAY, "step %d: replay accepted", step);
        free(e);
    }
    fprintf(stderr, "msg crash: 7 of 7 fault points leave a consistent database\n");
}

/* ---- 7. configuration ----------------------------------------------------- */
Test(msg, config_from_environment)
{
    msg_config c;
    char err[256];
    setenv("AEGIS_HOME", "/tmp/x", 1);
    unsetenv("AEGIS_KEY_ROTATION_INTERVAL");
    unsetenv("AEGIS_MESSAGE_RETENTION_DAYS");
    unsetenv("AEGIS_MAX_CLOCK_SKEW_SECONDS");
    unsetenv("AEGIS_LOG");
    cr_assert_eq(msg_config_load(&c, NULL, err, sizeof err), MSG_OK);
    cr_assert(c.rotation_s == 604800 && c.retention_days == 30 && c.skew_s == 300);
    cr_assert_str_eq(c.home, "/tmp/x");
    cr_assert_eq(msg_config_load(&c, "/tmp/y", err, sizeof err), MSG_OK);
    cr_assert_str_eq(c.home, "/tmp/y");
    const char *bad[][2] = {{"AEGIS_KEY_ROTATION_INTERVAL", "abc"}, {"AEGIS_KEY_ROTATION_INTERVAL", "59"},
                            {"AEGIS_KEY_ROTATION_INTERVAL", "-3600"}, {"AEGIS_KEY_ROTATION_INTERVAL", "3600x"},
                            {"AEGIS_MESSAGE_RETENTION_DAYS", "0"}, {"AEGIS_MESSAGE_RETENTION_DAYS", "91"},
                            {"AEGIS_MAX_CLOCK_SKEW_SECONDS", "99999999999999999999"}, {"AEGIS_LOG", "verbose"},
                            {"AEGIS_PQC_ALGORITHMS", "kyber,dilithium"}, {"AEGIS_PQC_ALGORITHMS", "kyber,falcon,x"},
                            {"AEGIS_SECURE_MESSAGING_ENABLED", "false"}, {"AEGIS_SECURE_MESSAGING_ENABLED", "2"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv(bad[i][0], bad[i][1], 1);
        cr_assert_eq(msg_config_load(&c, NULL, err, sizeof err), MSG_ERR_CONFIG, "%s=%s", bad[i][0], bad[i][1]);
        cr_assert_not_null(strstr(err, bad[i][0]));
        unsetenv(bad[i][0]);
    }
    setenv("AEGIS_KEY_ROTATION_INTERVAL", "3600", 1);
    setenv("AEGIS_LOG", "debug", 1);
    cr_assert_eq(msg_config_load(&c, NULL, err, sizeof err), MSG_OK);
    cr_assert(c.rotation_s == 3600 && c.log_level == MSG_LOG_DEBUG);
}

/* ---- 8. the relay (request handler, no HTTP) ------------------------------ */
static msg_relay *R;

static int rq(const char *method, const char *path, json_t *body, const char *token, json_t **out)
{
    char *b = body ? json_dumps(body, JSON_COMPACT) : NULL, *resp = NULL;
    const char *ct;
    int st = msg_relay_handle(R, method, path, (const uint8_t *)b, b ? strlen(b) : 0, token, &resp, &ct);
    if (out) *out = resp && strcmp(ct, "application/json") == 0 ? json_loads(resp, 0, NULL) : NULL;
    free(b);
    free(resp);
    json_decref(body);
    return st;
}

static json_t *b64j(const uint8_t *p, size_t n)
{
    char *s = msg_b64_encode(p, n);
    json_t *j = json_string(s);
    free(s);
    return j;
}

/* Register a user from its own bundle; return a token. */
static char *relay_login(tuser *u, const char *id, int upload_prekeys)
{
    uint8_t *b;
    size_t n;
    msg_bundle bb;
    cr_assert_eq(msg_user_bundle(u->ctx, &b, &n, upload_prekeys ? 2 : 0), MSG_OK);
    cr_assert_eq(msg_bundle_parse(&bb, b, n), MSG_OK);
    cr_assert_eq(rq("POST", "/api/users", json_pack("{s:s,s:s,s:o}", "id", id, "name", id, "identity_record",
                                                    b64j(bb.idrec, bb.idrec_len)), NULL, NULL), 201);
    json_t *ch;
    cr_assert_eq(rq("POST", "/api/auth/challenge", json_pack("{s:s}", "id", id), NULL, &ch), 200);
    uint8_t nonce[32];
    cr_assert_eq(msg_b64_decode(nonce, 32, json_string_value(json_object_get(ch, "nonce"))), 32);
    const char *sn = json_string_value(json_object_get(ch, "server_name"));
    msg_identity *me = malloc(sizeof *me);
    cr_assert_eq(msg_user_identity(u->ctx, me), MSG_OK);
    uint8_t m[32 + 64 + 32 + 8], sig[MSG_CSIG_BYTES];
    size_t snl = strlen(sn);
    memcpy(m, nonce, 32);
    memcpy(m + 32, sn, snl);
    memcpy(m + 32 + snl, me->ik_hash, 32);
    uint64_t ts = T0;
    for (int i = 0; i < 8; i++) m[64 + snl + i] = (uint8_t)(ts >> (56 - 8 * i));
    cr_assert_eq(msg_csig_sign(sig, me, "auth", m, 72 + snl, NULL), MSG_OK);
    json_t *tok;
    cr_assert_eq(rq("POST", "/api/auth/token", json_pack("{s:s,s:o,s:I,s:o}", "id", id, "nonce", b64j(nonce, 32),
                                                         "timestamp_ms", (json_int_t)ts, "csig", b64j(sig, sizeof sig)),
                    NULL, &tok), 200);
    /* The nonce is single use. */
    cr_assert_eq(rq("POST", "/api/auth/token", json_pack("{s:s,s:o,s:I,s:o}", "id", id, "nonce", b64j(nonce, 32),
                                                         "timestamp_ms", (json_int_t)ts, "csig", b64j(sig, sizeof sig)),
                    NULL, NULL), 401);
    char *t = strdup(json_string_value(json_object_get(tok, "token")));
    json_decref(ch);
    json_decref(tok);
    if (upload_prekeys) {
        json_t *opks = json_array();
        for (unsigned i = 0; i < bb.n_opk; i++) json_array_append_new(opks, b64j(bb.opkrec + (size_t)i * MSG_OPKREC_BYTES, MSG_OPKREC_BYTES));
        char path[100];
        snprintf(path, sizeof path, "/api/users/%s/prekeys", id);
        cr_assert_eq(rq("PUT", path, json_pack("{s:o,s:o}", "spk_record", b64j(bb.spkrec, MSG_SPKREC_BYTES), "opk_records", opks), NULL, NULL), 401);
        opks = json_array();
        for (unsigned i = 0; i < bb.n_opk; i++) json_array_append_new(opks, b64j(bb.opkrec + (size_t)i * MSG_OPKREC_BYTES, MSG_OPKREC_BYTES));
        cr_assert_eq(rq("PUT", path, json_pack("{s:o,s:o}", "spk_record", b64j(bb.spkrec, MSG_SPKREC_BYTES), "opk_records", opks), t, NULL), 200);
    }
    msg_identity_wipe(me);
    free(me);
    free(b);
    return t;
}

Test(msg, relay_end_to_end, .init = world_new, .fini = world_free)
{
    char path[300];
    snprintf(path, sizeof path, "%s/relay.db", root);
    cr_assert_eq(msg_relay_open(&R, path, &B.cfg, "relay.test"), MSG_OK);
    msg_relay_set_now(R, T0);
    char *ta = relay_login(&A, "alice", 1), *tb = relay_login(&B, "bob", 1), *tc = relay_login(&C, "carol", 0);
    /* Alice fetches Bob's bundle (pops one OPK) and rebuilds the bundle file format. */
    json_t *bj;
    cr_assert_eq(rq("GET", "/api/users/bob/bundle", NULL, NULL, NULL), 401);
    cr_assert_eq(rq("GET", "/api/users/bob/bundle", NULL, ta, &bj), 200);
    uint8_t *idrec = malloc(MSG_IDREC_MAX), spk[MSG_SPKREC_BYTES + 3], opk[MSG_OPKREC_BYTES + 3];
    long il = msg_b64_decode(idrec, MSG_IDREC_MAX, json_string_value(json_object_get(bj, "identity_record")));
    cr_assert_eq(msg_b64_decode(spk, sizeof spk, json_string_value(json_object_get(bj, "spk_record"))), MSG_SPKREC_BYTES);
    cr_assert_eq(msg_b64_decode(opk, sizeof opk, json_string_value(json_object_get(bj, "opk_record"))), MSG_OPKREC_BYTES);
    json_decref(bj);
    uint8_t *bundle;
    size_t bl;
    cr_assert_eq(msg_bundle_encode(&bundle, &bl, "bob", idrec, (size_t)il, spk, opk, 1), MSG_OK);
    msg_import_info info;
    cr_assert_eq(msg_user_import(A.ctx, bundle, bl, 0, &info), MSG_OK);
    cr_assert_eq(info.opks_added, 1);
    /* Seal and upload. */
    uint8_t *env;
    size_t n;
    cr_assert_eq(msg_user_seal(A.ctx, "bob", 1, (const uint8_t *)"via the relay", 13, &env, &n), MSG_OK);
    cr_assert_eq(rq("POST", "/api/messages", json_pack("{s:s,s:s,s:o}", "sender_id", "alice", "recipient_id", "bob", "content", b64j(env, n)), NULL, NULL), 401);
    cr_assert_eq(rq("POST", "/api/messages", json_pack("{s:s,s:s,s:o}", "sender_id", "alice", "recipient_id", "bob", "content", b64j(env, n)), tc, NULL), 403);
    cr_assert_eq(rq("POST", "/api/messages", json_pack("{s:s,s:s,s:o}", "sender_id", "alice", "recipient_id", "carol", "content", b64j(env, n)), ta, NULL), 403);
    env[200] ^= 1;
    cr_assert_eq(rq("POST", "/api/messages", json_pack("{s:s,s:s,s:o}", "sender_id", "alice", "recipient_id", "bob", "content", b64j(env, n)), ta, NULL), 400);
    env[200] ^= 1;
    json_t *ix;
    cr_assert_eq(rq("POST", "/api/messages", json_pack("{s:s,s:s,s:o}", "sender_id", "alice", "recipient_id", "bob", "content", b64j(env, n)), ta, &ix), 201);
    json_int_t idx = json_integer_value(json_object_get(ix, "message_index"));
    json_decref(ix);
    cr_assert_eq(rq("POST", "/api/messages", json_pack("{s:s,s:s,s:o}", "sender_id", "alice", "recipient_id", "bob", "content", b64j(env, n)), ta, NULL), 409);
    /* Bob lists and fetches; Carol may not. */
    snprintf(path, sizeof path, "/api/messages/bob/%lld", (long long)idx);
    cr_assert_eq(rq("GET", path, NULL, tc, NULL), 403);
    json_t *mj;
    cr_assert_eq(rq("GET", "/api/messages/bob", NULL, tb, &mj), 200);
    cr_assert_eq(json_array_size(json_object_get(mj, "message_indexes")), 1);
    json_decref(mj);
    cr_assert_eq(rq("GET", path, NULL, tb, &mj), 200);
    uint8_t *got = malloc(MSG_ENV_MAX + 3);
    long gl = msg_b64_decode(got, MSG_ENV_MAX + 3, json_string_value(json_object_get(mj, "content")));
    json_decref(mj);
    cr_assert(gl == (long)n && memcmp(got, env, n) == 0);
    msg_received r;
    cr_assert_eq(msg_user_open(B.ctx, got, n, &r), MSG_OK);
    cr_assert_str_eq((char *)r.pt.body, "via the relay");
    msg_received_free(&r);
    cr_assert_eq(rq("DELETE", path, NULL, tb, NULL), 200);
    cr_assert_eq(rq("GET", path, NULL, tb, NULL), 404);
    /* Registration checks: id must match the record, no duplicates. */
    cr_assert_eq(rq("POST", "/api/users", json_pack("{s:s,s:o}", "id", "mallory", "identity_record", b64j(idrec, (size_t)il)), NULL, NULL), 400);
    cr_assert_eq(rq("POST", "/api/users", json_pack("{s:s,s:o}", "id", "bob", "identity_record", b64j(idrec, (size_t)il)), NULL, NULL), 409);
    idrec[100] ^= 1;
    cr_assert_eq(rq("POST", "/api/users", json_pack("{s:s,s:o}", "id", "bob", "identity_record", b64j(idrec, (size_t)il)), NULL, NULL), 400);
    /* Malformed JSON and unknown paths. */
    char *resp;
    const char *ct;
    cr_assert_eq(msg_relay_handle(R, "POST", "/api/users", (const uint8_t *)"{", 1, NULL, &resp, &ct), 400);
    free(resp);
    cr_assert_eq(rq("GET", "/api/nothing", NULL, ta, NULL), 404);
    cr_assert_eq(msg_relay_handle(R, "GET", "/metrics", NULL, 0, NULL, &resp, &ct), 200);
    cr_assert_not_null(strstr(resp, "aegis_relay_envelopes_stored_total 1"));
    free(resp);
    /* base64 strictness */
    uint8_t d[8];
    cr_assert_eq(msg_b64_decode(d, 8, "QUJD"), 3);
    cr_assert_eq(msg_b64_decode(d, 8, "QUI="), 2);
    cr_assert_eq(msg_b64_decode(d, 8, "QUJ="), -1); /* non-zero unused bits */
    cr_assert_eq(msg_b64_decode(d, 8, "QU=I"), -1);
    cr_assert_eq(msg_b64_decode(d, 8, "QUJ"), -1);
    free(got);
    free(env);
    free(bundle);
    free(idrec);
    free(ta);
    free(tb);
    free(tc);
    msg_relay_close(R);
}

/* ---- 9. the aegis CLI between two homes (needs the built binary) --------- */
/* A program of $(B)/ next to this test's $(B)/tests/ directory, or $env. */
static int find_program(char bin[PATH_MAX], const char *name, const char *env)
{
    static char self[PATH_MAX];
    const char *rel = getenv(env);
    if (rel == NULL) {
        ssize_t l = readlink("/proc/self/exe", self, sizeof self - 32);
        char *slash = NULL;
        if (l > 0) {
            self[l] = '\0';
            slash = strrchr(self, '/');
        }
        if (slash) *slash = '\0';
        slash = strrchr(self, '/');
        if (slash) snprintf(slash, 32, "/%s", name);
        rel = slash ? self : name;
    }
    return access(rel, X_OK) == 0 && realpath(rel, bin) != NULL;
}

Test(msg, cli_roundtrip_two_homes_exit_codes)
{
    static char bin[PATH_MAX];
    if (!find_program(bin, "aegis", "AEGIS_BIN")) cr_skip_test("aegis not built (set AEGIS_BIN)");
    char dir[] = "/tmp/aegis-cli-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char cmd[6 * PATH_MAX];
    snprintf(cmd, sizeof cmd,
             "set -e; A='%s --home %s/a'; B='%s --home %s/b'; cd %s;"
             "$A init alice --name Alice >/dev/null; $B init bob >/dev/null;"
             "$B bundle --out b.bundle 2>/dev/null; $A bundle --out a.bundle 2>/dev/null;"
             "$A import b.bundle >/dev/null; $B import a.bundle >/dev/null;"
             "printf 'hello over files' | $A seal bob > m1.env;"
             "$B open --in m1.env > out.txt 2>/dev/null; test \"$(cat out.txt)\" = 'hello over files';"
             "$B history alice | grep -q 'hello over files';"
             /* Logs at debug level never carry the plaintext. */
             "printf 'secret words' | AEGIS_LOG=debug $A seal bob --out m2.env 2>log.txt;"
             "AEGIS_LOG=debug $B open --in m2.env >/dev/null 2>>log.txt; test -s log.txt;"
             "! grep -q 'secret words' log.txt",
             bin, dir, bin, dir, dir);
    cr_assert_eq(system(cmd), 0, "CLI round trip failed");
    char c2[2 * PATH_MAX];
    snprintf(c2, sizeof c2, "%s --home %s/b open --in %s/m1.env >/dev/null 2>&1", bin, dir, dir);
    int st = system(c2);
    cr_assert_eq(WEXITSTATUS(st), 1, "replay must exit 1");
    snprintf(c2, sizeof c2, "%s --home %s/b frobnicate >/dev/null 2>&1", bin, dir);
    st = system(c2);
    cr_assert_eq(WEXITSTATUS(st), 2, "unknown command must exit 2");
    snprintf(c2, sizeof c2, "%s seal --help >/dev/null", bin);
    st = system(c2);
    cr_assert_eq(WEXITSTATUS(st), 0);
    snprintf(c2, sizeof c2, "AEGIS_MESSAGE_RETENTION_DAYS=0 %s --home %s/b status >/dev/null 2>&1", bin, dir);
    st = system(c2);
    cr_assert_eq(WEXITSTATUS(st), 2, "bad configuration must exit 2");
    snprintf(c2, sizeof c2, "rm -rf '%s'", dir);
    cr_assert_eq(system(c2), 0);
}

/* The relay binary over real HTTP (libmicrohttpd), driven with curl. */
Test(msg, relay_http_smoke)
{
    static char bin[PATH_MAX];
    if (!find_program(bin, "aegis-relay", "AEGIS_RELAY_BIN")) cr_skip_test("aegis-relay not built");
    if (system("command -v curl >/dev/null 2>&1") != 0) cr_skip_test("curl not installed");
    char dir[] = "/tmp/aegis-relay-XXXXXX", db[64], port[16], cmd[512];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/relay.db", dir);
    snprintf(port, sizeof port, "%d", 26000 + (int)(getpid() % 6000)); /* below the ephemeral range */
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        int nul = open("/dev/null", O_WRONLY);
        if (nul >= 0) dup2(nul, 2);
        execl(bin, bin, "--port", port, "--db", db, "--threads", "4", "--metrics-listen", "off", (char *)NULL);
        _exit(127);
    }
    int up = 0;
    for (int i = 0; i < 300 && !up; i++) {
        usleep(100000);
        snprintf(cmd, sizeof cmd, "curl -sf http://127.0.0.1:%s/healthz | grep -q ok", port);
        up = system(cmd) == 0;
    }
    int bad = -1, unauth = -1, flow = -1;
    static char cli[PATH_MAX], script[4 * PATH_MAX];
    int have_cli = find_program(cli, "aegis", "AEGIS_BIN");
    if (up && have_cli) {
        /* register, send (TOFU-pins bob), fetch (TOFU-pins alice), replay-free ack. */
        snprintf(script, sizeof script,
                 "set -e; A='%s --home %s/a'; B='%s --home %s/b'; U=http://127.0.0.1:%s;"
                 "$A init alice >/dev/null; $B init bob >/dev/null;"
                 "$A register --relay $U >/dev/null; $B register --relay $U >/dev/null;"
                 "printf 'over http' | $A send bob --relay $U 2>/dev/null;"
                 "$B fetch --relay $U 2>/dev/null | grep -q 'over http';"
                 "test \"$($B fetch --relay $U 2>&1 | tail -1)\" = '0 message(s): 0 verified, 0 rejected'",
                 cli, dir, cli, dir, port);
        flow = system(script);
    }
    if (up) {
        snprintf(cmd, sizeof cmd, "test \"$(curl -s -o /dev/null -w '%%{http_code}' -X POST -d '{' "
                                  "http://127.0.0.1:%s/api/users)\" = 400", port);
        bad = system(cmd);
        snprintf(cmd, sizeof cmd, "test \"$(curl -s -o /dev/null -w '%%{http_code}' "
                                  "http://127.0.0.1:%s/api/users/bob/bundle)\" = 401", port);
        unauth = system(cmd);
    }
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    cr_assert(up, "relay did not come up on port %s", port);
    cr_assert_eq(bad, 0, "malformed JSON must give 400");
    cr_assert_eq(unauth, 0, "bundle without a token must give 401");
    if (have_cli) cr_assert_eq(flow, 0, "aegis register/send/fetch over the relay failed");
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "relay did not stop cleanly on SIGTERM");
}

/* The demo tells the story truthfully: it exits 0 only if every attack was
 * rejected with the expected reason. */
Test(msg, demo_all_attacks_rejected, .timeout = 120)
{
    static char bin[PATH_MAX], cmd[PATH_MAX + 128];
    if (!find_program(bin, "secure_messaging", "AEGIS_DEMO_BIN")) cr_skip_test("secure_messaging not built");
    snprintf(cmd, sizeof cmd, "'%s' --quiet 2>/dev/null | grep -q 'all attacks rejected as expected'", bin);
    cr_assert_eq(system(cmd), 0);
}

/* ---- 10. hostile use of the CLI (regressions from the attack review) ---- */
/* Runs a sh script in a fresh temporary directory with $AEGIS = the binary
 * and the helpers below; returns its exit status (0 = all checks held), or
 * -1 if the binary is not built. The script's output goes to stderr on failure. */
static const char cli_prelude[] =
    "set -u\n"
    "A=\"$AEGIS --home $PWD/a\"; B=\"$AEGIS --home $PWD/b\"\n"
    "ESC=$(printf '\\033')\n"
    "fail() { echo \"FAIL: $*\"; exit 1; }\n"
    /* expect CODE CMD...: exit status CODE; a failure is exactly one line on
     * stderr; no ESC byte ever reaches stdout or stderr. */
    "expect() { want=$1; shift; \"$@\" >out.txt 2>err.txt </dev/null; got=$?;\n"
    "  [ $got -eq $want ] || fail \"$* -> $got, want $want: $(cat err.txt)\"\n"
    "  if [ $want -ne 0 ]; then [ $(wc -l <err.txt) -eq 1 ] || fail \"$*: not one line: $(cat err.txt)\"; fi\n"
    "  ! grep -q \"$ESC\" err.txt out.txt || fail \"$*: ESC byte printed\"; }\n"
    "pair() { $A init alice >/dev/null && $B init bob >/dev/null &&\n"
    "  $A bundle --out a.bun 2>/dev/null && $B bundle --out b.bun 2>/dev/null &&\n"
    "  $A import b.bun >/dev/null && $B import a.bun >/dev/null || fail pair; }\n";

static int cli_check(const char *script)
{
    static char bin[PATH_MAX], cmd[3 * PATH_MAX];
    if (!find_program(bin, "aegis", "AEGIS_BIN")) return -1;
    char dir[] = "/tmp/aegis-atk-XXXXXX", path[64];
    if (mkdtemp(dir) == NULL) return -2;
    snprintf(path, sizeof path, "%s/t.sh", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL) return -2;
    fputs(cli_prelude, f);
    fputs(script, f);
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && AEGIS='%s' sh ./t.sh >log.txt 2>&1; s=$?; [ $s -ne 0 ] && cat log.txt >&2;"
             " cd /; rm -rf '%s'; exit $s", dir, bin, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

#define CLI_CHECK(script)                                                      \
    do {                                                                       \
        int cli_rc_ = cli_check(script);                                       \
        if (cli_rc_ == -1) cr_skip_test("aegis not built (set AEGIS_BIN)");    \
        cr_assert_eq(cli_rc_, 0, "CLI check failed (see stderr)");            \
    } while (0)

/* Every failure is one line on stderr, and nothing an attacker controls
 * (arguments, environment, paths, database content) can put an ESC byte on
 * the terminal. Before: a library log line plus the CLI's line, raw bytes. */
Test(msg, cli_one_line_errors_no_terminal_escapes, .timeout = 60)
{
    CLI_CHECK("pair\n"
              "expect 1 $A init alice\n"
              "expect 2 $A init \"a${ESC}[31m\"\n"
              "expect 2 $A seal \"${ESC}]0;x\" --frob\n"
              "expect 2 env AEGIS_LOG=\"${ESC}[31m\" $A status\n"
              "expect 1 env AEGIS_HOME=\"$PWD/${ESC}[2J\" $AEGIS status\n"
              "expect 1 $A import a.bun\n"
              "expect 1 $A import \"$PWD/no${ESC}[1m\"\n"
              "expect 1 $A seal carol\n"
              "expect 2 $A seal \"../${ESC}[1m\"\n"
              "expect 2 $A seal ../b\n"
              "expect 2 $A seal /etc/passwd\n"
              "expect 2 $A history ../../x\n"
              "expect 1 $A open --in /dev/null\n"
              "expect 1 $A open --in .\n"
              "expect 1 $A open --in /dev/zero\n"
              "expect 1 $A import /dev/zero\n"
              "echo hi | $A seal bob --out m1 2>/dev/null || fail seal\n"
              "expect 0 $B open --in m1\n"
              "expect 1 $B open --in m1\n"
              /* A changed identity: refused in one line; accepted on request,
               * with the library's warning shown (it was swallowed). */
              "$AEGIS --home $PWD/c init alice >/dev/null && $AEGIS --home $PWD/c bundle --out c.bun 2>/dev/null\n"
              "expect 1 $B import c.bun\n"
              "$B import c.bun --accept-new-key >/dev/null 2>w.txt || fail accept\n"
              "grep -q 'warning: identity key' w.txt || fail 'no warning on an accepted key change'\n");
}

/* The home and its database: never followed through a symlink (init used to
 * create the symlink's target), never another user's, never a directory
 * others can write into; a plain 0755 directory is tightened to 0700. */
Test(msg, cli_home_permissions_and_symlinks, .timeout = 60)
{
    CLI_CHECK("mkdir s && ln -s \"$PWD/victim\" s/aegis.db\n"
              "expect 1 $AEGIS --home s init x\n"
              "[ ! -e victim ] || fail 'init followed the symlink'\n"
              "expect 1 $AEGIS --home s status\n"
              "mkdir w && chmod 777 w\n"
              "expect 1 $AEGIS --home w init x\n"
              "[ ! -e w/aegis.db ] || fail 'database created in a world-writable home'\n"
              "mkdir p && chmod 755 p\n"
              "expect 0 $AEGIS --home p init x\n"
              "[ \"$(stat -c %a p)\" = 700 ] || fail 'home not tightened to 700'\n"
              "[ \"$(stat -c %a p/aegis.db)\" = 600 ] || fail 'database not 600'\n"
              "mkdir d && mkdir d/aegis.db && chmod 700 d\n"
              "expect 1 $AEGIS --home d status\n"
              "expect 1 $AEGIS --home /nonexistent/x status\n"
              "expect 1 $AEGIS --home /dev/null init x\n"
              "if [ \"$(id -u)\" = 0 ]; then\n"
              "  cp -r p o && chown -R 65534 o\n"
              "  expect 1 $AEGIS --home o status\n"
              "  chown 0 o; expect 1 $AEGIS --home o status\n"
              "fi\n");
}

/* Options and outputs: a repeated or empty option is a usage error; an
 * output that cannot be written fails the command BEFORE it changes state
 * (seal used to consume a counter and a one-time prekey, open to consume
 * the message, for output that never arrived); an existing --out file is
 * not clobbered by a failed seal; binary never goes to a terminal; a closed
 * or full stdout is exit 1, not 0. */
Test(msg, cli_options_and_unwritable_output, .timeout = 60)
{
    CLI_CHECK("pair\n"
              "sent() { $A status | sed -n 's/^sent *//p'; }\n"
              "expect 2 $A status --home b\n"
              "expect 2 $AEGIS --home= status\n"
              "expect 2 $A seal bob --in x --in y\n"
              "expect 2 $A seal bob --out ''\n"
              "expect 2 $A init x --name \"$(printf 'a\\001')\"\n"
              "expect 1 $A history carol\n"
              "expect 0 $A history bob\n"
              "expect 1 $A seal alice\n"
              /* "--" ends the options: a user id may start with '-'. */
              "expect 0 $AEGIS --home $PWD/d init -- -dash\n"
              "expect 1 $A import -- --help\n"
              "expect 2 $A seal bob -- --in\n"
              /* --out never overwrites the user's own database. */
              "expect 1 $A bundle --out a/aegis.db\n"
              "ln -s a/aegis.db dblink; expect 1 $A bundle --out dblink\n"
              "expect 0 $A status\n"
              "expect 2 $AEGIS\n"
              "expect 2 $AEGIS --home $PWD/a\n"
              "expect 0 $AEGIS help\n"
              "expect 0 $AEGIS help seal\n"
              "grep -q 'aegis seal RECIPIENT' out.txt || fail 'help seal'\n"
              "expect 2 $AEGIS help nosuch\n"
              "s0=$(sent)\n"
              "echo hi | $A seal bob --out /nonexistent/f 2>/dev/null && fail 'seal to a bad path'\n"
              "echo hi | $A seal bob >&- 2>/dev/null && fail 'seal to a closed stdout'\n"
              "[ \"$(sent)\" = \"$s0\" ] || fail 'a failed seal consumed state'\n"
              "echo keep > k; echo hi | $A seal carol --out k 2>/dev/null && fail 'seal to carol'\n"
              "[ \"$(cat k)\" = keep ] || fail 'failed seal clobbered --out'\n"
              "echo hi | $A seal bob --out m 2>/dev/null || fail seal\n"
              "$B open --in m >&- 2>/dev/null && fail 'open to a closed stdout'\n"
              "expect 0 $B open --in m\n"
              "[ \"$(cat out.txt)\" = hi ] || fail 'message lost'\n"
              "$A status >/dev/full 2>/dev/null && fail 'status to a full disk'\n"
              /* A reader that leaves early: exit 1, not 141 (SIGPIPE). */
              "for k in 1 2; do head -c 60000 /dev/zero | tr '\\000' x | $A seal bob --out h$k 2>/dev/null; done\n"
              "st=$( { $A history bob 2>/dev/null; echo $? >st.txt; } | head -c 1 >/dev/null; cat st.txt)\n"
              "[ \"$st\" = 0 ] || [ \"$st\" = 1 ] || fail \"history into a closed pipe: exit $st\"\n"
              "$AEGIS --help >/dev/full 2>/dev/null && fail 'help to a full disk'\n"
              "if command -v script >/dev/null 2>&1; then\n"
              "  script -qc \"$A bundle; echo rc=\\$?\" /dev/null </dev/null >tty.txt 2>&1\n"
              "  grep -q 'rc=1' tty.txt || fail 'binary bundle written to a terminal'\n"
              "  ! grep -q AEGB tty.txt || fail 'bundle bytes on the terminal'\n"
              "fi\n");
}

/* AEGIS_PQC_ALGORITHMS and AEGIS_SECURE_MESSAGING_ENABLED (PROTOCOL.md 11):
 * accepted only when they say what the program does (the fixed suite, any
 * order and case; enabled), refused with exit 2 and the reason otherwise;
 * an unknown AEGIS_* variable warns, no variable the project uses does.
 * Before: both were accepted and ignored, and a typo was silent. */
Test(msg, cli_config_fixed_suite_and_unknown_variables, .timeout = 60)
{
    CLI_CHECK("expect 0 env 'AEGIS_PQC_ALGORITHMS=Falcon, KYBER+dilithium' AEGIS_SECURE_MESSAGING_ENABLED=true"
              " $A init alice\n"
              "expect 0 env AEGIS_PQC_ALGORITHMS=ml-kem-768,ml-dsa-65,falcon-512,aes-256-gcm,sha3 $A status\n"
              "expect 0 env AEGIS_SECURE_MESSAGING_ENABLED=1 $A status\n"
              "for v in kyber,dilithium kyber,dilithium,falcon,rsa rsa , falcon,dilithium; do\n"
              "  expect 2 env AEGIS_PQC_ALGORITHMS=\"$v\" $A status\n"
              "  grep -q 'ML-KEM-768 + ML-DSA-65 + Falcon-512 + AES-256-GCM + SHA-3' err.txt ||"
              " fail \"$v: fixed suite not explained\"\n"
              "done\n"
              "for v in false 0 FALSE off; do\n"
              "  expect 2 env AEGIS_SECURE_MESSAGING_ENABLED=$v $A status\n"
              "  grep -q 'cannot be disabled' err.txt || fail \"ENABLED=$v: no reason\"\n"
              "done\n"
              "expect 2 env AEGIS_SECURE_MESSAGING_ENABLED=maybe $A status\n"
              "env AEGIS_ROTATION_INTERVAL=3600 $A status >out.txt 2>err.txt || fail 'unknown variable is fatal'\n"
              "grep -q 'unknown variable AEGIS_ROTATION_INTERVAL' err.txt || fail 'no warning for a typo'\n"
              "env AEGIS_LOG=warn AEGIS_HOME=x AEGIS_KEY_ROTATION_INTERVAL=3600 AEGIS_MESSAGE_RETENTION_DAYS=30"
              " AEGIS_MAX_CLOCK_SKEW_SECONDS=300 AEGIS_OPK_BATCH=10 AEGIS_SESSION_MAX_SKIPPED=1000"
              " AEGIS_AUTO_RECEIPTS=1 AEGIS_RELAY_DB=x AEGIS_SLOW=1 AEGIS_CT=1 AEGIS_BIN=x AEGIS_RELAY_BIN=x"
              " AEGIS_DEMO_BIN=x AEGIS_TEST_PG=x $A status >out.txt 2>err.txt || fail 'status with every variable'\n"
              "[ ! -s err.txt ] || fail \"a known variable warned: $(cat err.txt)\"\n");
}

/* Help and usage errors as a person meets them: "help --help" and every
 * "COMMAND --help" print help (exit 0); every usage error (unknown option,
 * missing value, malformed relay URL or listen address) is exit 2; open on a
 * terminal says what it waits for. Before: "help --help" was a usage error
 * and open waited silently. */
Test(msg, cli_help_usage_errors_and_open_on_a_terminal, .timeout = 60)
{
    CLI_CHECK("expect 0 $AEGIS help --help\n"
              "grep -q '^usage: aegis' out.txt || fail 'help --help printed no usage'\n"
              "expect 0 $AEGIS help help\n"
              "expect 0 $AEGIS help -h\n"
              "for c in init bundle import seal open rotate status history register send fetch sessions reset; do\n"
              "  expect 0 $A $c --help; grep -q \"aegis $c\" out.txt || fail \"$c --help\"\n"
              "  expect 0 $A help $c\n"
              "  expect 2 $A $c --frob\n"
              "done\n"
              "for c in register send fetch; do\n"
              "  for u in ftp://h:1 https:// http://h:99999 http://h:x 'http://h:1 x' h:1; do\n"
              "    expect 2 $A $c bob --relay \"$u\"\n"
              "  done\n"
              "  expect 2 $A $c bob --relay\n"
              "done\n"
              "expect 2 $A seal bob --in\n"
              "expect 2 $A open --in\n"
              "expect 2 $A help seal open\n"
              "R=$(dirname \"$AEGIS\")/aegis-relay\n"
              "if [ -x \"$R\" ]; then\n"
              "  for l in x:80 127.0.0.1:99999 127.0.0.1:x 127.0.0.1 ':1'; do\n"
              "    AEGIS_HOME=$PWD/r expect 2 \"$R\" --listen \"$l\"\n"
              "  done\n"
              "  AEGIS_HOME=$PWD/r expect 2 \"$R\" --metrics-listen foo\n"
              "  AEGIS_HOME=$PWD/r expect 2 \"$R\" --threads x\n"
              "  expect 0 \"$R\" --help\n"
              "fi\n"
              "if command -v script >/dev/null 2>&1; then\n"
              "  $A init alice >/dev/null\n"
              "  script -qc \"$A open; echo rc=\\$?\" /dev/null </dev/null >tty.txt 2>&1\n"
              "  grep -q 'reading an envelope from standard input' tty.txt || fail \"open on a terminal: $(cat tty.txt)\"\n"
              "  echo x | $A open >/dev/null 2>err.txt; ! grep -q 'reading an envelope' err.txt ||"
              " fail 'prompt printed for a pipe'\n"
              "fi\n");
}

/* Message text on a terminal and in history: ESC, C1 controls (raw 0x9b or
 * UTF-8 c2 9b, both CSI) and invalid UTF-8 become '?', valid UTF-8 stays.
 * Before: history and terminal output let 0x80..0x9f through. */
Test(msg, cli_message_text_cannot_drive_the_terminal, .timeout = 60)
{
    CLI_CHECK("pair\n"
              "printf 'caf\\303\\251 \\033[2J \\302\\233 \\233 x\\n' | $A seal bob --out m 2>/dev/null || fail seal\n"
              "C1=$(printf '\\233')\n"
              "if command -v script >/dev/null 2>&1; then\n"
              "  script -qc \"$B open --in m\" /dev/null </dev/null >tty.txt 2>&1\n"
              "  grep -q \"$(printf 'caf\\303\\251')\" tty.txt || fail 'valid UTF-8 lost'\n"
              "  ! grep -q \"$ESC\" tty.txt || fail 'ESC reached the terminal'\n"
              "  ! LC_ALL=C grep -q \"$C1\" tty.txt || fail 'C1 byte reached the terminal'\n"
              "else\n"
              "  $B open --in m >/dev/null 2>&1 || fail open\n"
              "fi\n"
              "$B history alice >h.txt 2>&1 || fail history\n"
              "! grep -q \"$ESC\" h.txt || fail 'ESC in history'\n"
              "! LC_ALL=C grep -q \"$C1\" h.txt || fail 'C1 byte in history'\n"
              "grep -q \"$(printf 'caf\\303\\251')\" h.txt || fail 'valid UTF-8 lost in history'\n");
}

#endif /* HAVE_MSG */
