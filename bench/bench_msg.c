/*
 * bench_msg.c -- AEGIS-MSG v1: seal and open of 100-byte and 64 KiB messages
 * and the per-step split (encapsulation, decapsulation, key schedule,
 * AES-256-GCM, ML-DSA-65 and Falcon-512 sign and verify). After the cycle
 * table it prints messages per second (wall clock, one core) next to the
 * original product brief's figures. Library level: no database.
 * v2 sessions (msg/session.c) beside them: seal and open of a 100-byte
 * message inside an epoch and at an epoch change (each on a fresh copy of a
 * fixed state, signature and its check included), and the bytes on the wire.
 */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include "../aes/aes.h"
#include "../msg/msg.h"
#include "../msg/session.h"
#include "../sha3/sha3.h"
#include "bench.h"

static msg_identity alice, bob;
static msg_peer alice_p;
static msg_recipient to_bob;
static uint8_t spk_seed[64], opk_seed[64];
static uint8_t body[65536];
static uint8_t *env100, *env64k, *env100o;
static size_t len100, len64k, len100o;
static uint8_t ek[MLKEM768_PUBLICKEYBYTES], dk[MLKEM768_SECRETKEYBYTES], kct[MLKEM768_CIPHERTEXTBYTES], ss[32];
static uint8_t sig[MSG_CSIG_BYTES], gbuf[65536 + 256], tag[16];
static volatile int sink;

static void seal_n(size_t n, int opk)
{
    uint8_t *e;
    size_t l;
    msg_recipient r = to_bob;
    r.has_opk = opk;
    sink ^= msg_seal(&e, &l, &alice, &r, 1, msg_now_ms(), MSG_CT_TEXT, body, n, NULL);
    free(e);
}
static void open_env(const uint8_t *e, size_t l)
{
    msg_envelope pe;
    msg_plaintext pt;
    sink ^= msg_envelope_parse(&pe, e, l);
    sink ^= msg_envelope_verify(&pe, &alice_p);
    sink ^= msg_open_decrypt(&pt, &pe, spk_seed, pe.ct_opk ? opk_seed : NULL);
    msg_plaintext_free(&pt);
}
static void b_seal100(void) { seal_n(100, 0); }
static void b_seal100_opk(void) { seal_n(100, 1); }
static void b_seal64k(void) { seal_n(65536, 0); }
static void b_open100(void) { open_env(env100, len100); }
static void b_open100_opk(void) { open_env(env100o, len100o); }
static void b_open64k(void) { open_env(env64k, len64k); }
static void b_encaps(void) { sink ^= mlkem768_encaps(kct, ss, ek); }
static void b_decaps(void)
{
    uint8_t e2[MLKEM768_PUBLICKEYBYTES];
    sink ^= msg_prekey_derive(e2, dk, spk_seed); /* open re-derives dk from the seed */
    sink ^= mlkem768_decaps(ss, kct, dk);
}
static void b_kdf(void)
{
    uint8_t th[32], okm[76], h[32];
    msg_transcript_hash(th, env100, 1200);
    sha3_256(h, ek, sizeof ek);
    msg_kdf(okm, 0, ss, NULL, h, NULL, th);
    sink ^= okm[0];
}
static void b_gcm256(void) { sink ^= aes256gcm_encrypt(gbuf, tag, ss, ss, 12, env100, 1236, gbuf, 256); }
static void b_gcm64k(void) { sink ^= aes256gcm_encrypt(gbuf, tag, ss, ss, 12, env100, 1236, gbuf, 65792); }
static void b_mldsa_sign(void)
{
    sink ^= mldsa65_sign(sig, env100, len100 - MSG_CSIG_BYTES, (const uint8_t *)"AEGIS-MSG-v1", 12, alice.mldsa_sk);
}
static void b_falcon_sign(void) { sink ^= fndsa512_sign(sig + MLDSA65_SIGBYTES, env100, len100 - MSG_CSIG_BYTES, alice.fndsa_sk); }
static void b_mldsa_verify(void)
{
    sink ^= mldsa65_verify(sig, MLDSA65_SIGBYTES, env100, len100 - MSG_CSIG_BYTES, (const uint8_t *)"AEGIS-MSG-v1", 12,
                           alice.mldsa_pk);
}
static void b_falcon_verify(void)
{
    sink ^= fndsa512_verify(sig + MLDSA65_SIGBYTES, FNDSA512_SIGBYTES, env100, len100 - MSG_CSIG_BYTES, alice.fndsa_pk);
}
static void b_csig_verify(void)
{
    msg_envelope pe;
    msg_envelope_parse(&pe, env100, len100);
    sink ^= msg_envelope_verify(&pe, &alice_p);
}

/* ---- v2 sessions ---- */
static msg_peer bob_p;
static msg_session bob_fresh, bob_in_epoch, alice_pre2, alice_in2, work;
static uint8_t *v2_init, *v2_e2n1, *v2_e2n2;
static size_t v2_init_n, v2_e2n1_n, v2_e2n2_n;
static uint8_t v2_coins[MSG_SESS_COINS];
static void v2_seal(const msg_session *tmpl)
{
    uint8_t *e;
    size_t l;
    memcpy(&work, tmpl, sizeof work);
    sink ^= msg_sess_seal(&work, &bob, msg_now_ms(), MSG_CT_TEXT, body, 100, v2_coins, 0, &e, &l);
    free(e);
}
static void v2_open(const msg_session *tmpl, const uint8_t *e, size_t l)
{
    msg_sess_msg m;
    msg_sess_skip *added;
    size_t na;
    int used, ne;
    msg_plaintext pt;
    memcpy(&work, tmpl, sizeof work);
    sink ^= msg_sess_parse(&m, e, l);
    sink ^= msg_sess_verify(&m, &bob_p);
    sink ^= msg_sess_open(&work, &m, NULL, 1000, &added, &na, &used, &ne, &pt);
    free(added);
    msg_plaintext_free(&pt);
}
static void b_v2_seal_epoch(void) { v2_seal(&bob_in_epoch); }
static void b_v2_seal_change(void) { v2_seal(&bob_fresh); }
static void b_v2_open_epoch(void) { v2_open(&alice_in2, v2_e2n2, v2_e2n2_n); }
static void b_v2_open_change(void) { v2_open(&alice_pre2, v2_e2n1, v2_e2n1_n); }

static int v2_setup(void)
{
    msg_sess_msg m;
    msg_sess_skip *added;
    size_t na;
    int used, ne;
    msg_plaintext pt;
    static msg_session a;
    memcpy(bob_p.mldsa_pk, bob.mldsa_pk, sizeof bob_p.mldsa_pk);
    memcpy(bob_p.fndsa_pk, bob.fndsa_pk, sizeof bob_p.fndsa_pk);
    memcpy(bob_p.ik_hash, bob.ik_hash, 32);
    msg_recipient r = to_bob;
    r.has_opk = 0;
    if (msg_random(v2_coins, sizeof v2_coins) != MSG_OK) return 1;
    if (msg_sess_create(&a, alice.ik_hash, &r, v2_coins) != MSG_OK ||
        msg_sess_seal(&a, &alice, msg_now_ms(), 1, body, 100, v2_coins, 0, &v2_init, &v2_init_n) != MSG_OK ||
        msg_sess_parse(&m, v2_init, v2_init_n) != MSG_OK ||
        msg_sess_accept(&bob_fresh, &m, bob.ik_hash, spk_seed, NULL) != MSG_OK ||
        msg_sess_open(&bob_fresh, &m, NULL, 1000, &added, &na, &used, &ne, &pt) != MSG_OK)
        return 1;
    msg_plaintext_free(&pt);
    memcpy(&alice_pre2, &a, sizeof a);
    memcpy(&bob_in_epoch, &bob_fresh, sizeof bob_in_epoch);
    if (msg_random(v2_coins, sizeof v2_coins) != MSG_OK ||
        msg_sess_seal(&bob_in_epoch, &bob, msg_now_ms(), 1, body, 100, v2_coins, 0, &v2_e2n1, &v2_e2n1_n) != MSG_OK ||
        msg_sess_seal(&bob_in_epoch, &bob, msg_now_ms(), 1, body, 100, v2_coins, 0, &v2_e2n2, &v2_e2n2_n) != MSG_OK)
        return 1;
    memcpy(&alice_in2, &a, sizeof a);
    if (msg_sess_parse(&m, v2_e2n1, v2_e2n1_n) != MSG_OK ||
        msg_sess_open(&alice_in2, &m, NULL, 1000, &added, &na, &used, &ne, &pt) != MSG_OK)
        return 1;
    msg_plaintext_free(&pt);
    return 0;
}

static const bench_op ops[] = {
    {"v2_seal_100B_in_epoch", b_v2_seal_epoch, 31, 0},  {"v2_seal_100B_new_epoch", b_v2_seal_change, 31, 0},
    {"v2_open_100B_in_epoch", b_v2_open_epoch, 31, 0},  {"v2_open_100B_new_epoch", b_v2_open_change, 31, 0},
    {"seal_100B", b_seal100, 31, 0},          {"seal_100B_opk", b_seal100_opk, 31, 0},
    {"open_100B", b_open100, 31, 0},          {"open_100B_opk", b_open100_opk, 31, 0},
    {"seal_64KiB", b_seal64k, 11, 65536},     {"open_64KiB", b_open64k, 11, 65536},
    {"mlkem768_encaps", b_encaps, 101, 0},    {"mlkem768_decaps_seed", b_decaps, 101, 0},
    {"key_schedule", b_kdf, 101, 0},          {"aes256gcm_256B", b_gcm256, 101, 256},
    {"aes256gcm_64KiB", b_gcm64k, 11, 65792}, {"mldsa65_sign", b_mldsa_sign, 31, 0},
    {"falcon512_sign", b_falcon_sign, 31, 0}, {"mldsa65_verify", b_mldsa_verify, 31, 0},
    {"falcon512_verify", b_falcon_verify, 31, 0}, {"csig_verify_envelope", b_csig_verify, 31, 0},
};

static double rate(void (*fn)(void))
{
    struct timespec a, b;
    unsigned n = 0;
    double el = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    do {
        fn();
        n++;
        clock_gettime(CLOCK_MONOTONIC, &b);
        el = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
    } while (el < 0.5 && n < 100000);
    return n / el;
}

int main(int argc, char **argv)
{
    uint8_t s[32] = {1};
    if (msg_identity_generate(&alice, "alice", 1, s) != MSG_OK) return 1;
    s[0] = 2;
    if (msg_identity_generate(&bob, "bob", 1, s) != MSG_OK) return 1;
    memcpy(alice_p.mldsa_pk, alice.mldsa_pk, sizeof alice_p.mldsa_pk);
    memcpy(alice_p.fndsa_pk, alice.fndsa_pk, sizeof alice_p.fndsa_pk);
    memcpy(alice_p.ik_hash, alice.ik_hash, 32);
    memset(spk_seed, 3, 64);
    memset(opk_seed, 4, 64);
    memcpy(to_bob.ik_hash, bob.ik_hash, 32);
    to_bob.spk_id = 1;
    to_bob.opk_id = 1;
    msg_prekey_derive(to_bob.spk_ek, dk, spk_seed);
    msg_prekey_derive(to_bob.opk_ek, dk, opk_seed);
    memcpy(ek, to_bob.spk_ek, sizeof ek);
    msg_prekey_derive(ek, dk, spk_seed);
    mlkem768_encaps(kct, ss, ek);
    memset(body, 'a', sizeof body);
    msg_recipient r = to_bob;
    r.has_opk = 0;
    if (msg_seal(&env100, &len100, &alice, &r, 1, msg_now_ms(), 1, body, 100, NULL) != MSG_OK ||
        msg_seal(&env64k, &len64k, &alice, &r, 2, msg_now_ms(), 1, body, 65536, NULL) != MSG_OK)
        return 1;
    r.has_opk = 1;
    if (msg_seal(&env100o, &len100o, &alice, &r, 3, msg_now_ms(), 1, body, 100, NULL) != MSG_OK) return 1;
    b_mldsa_sign();
    b_falcon_sign();
    if (v2_setup() != 0) return 1;
    int rc = bench_main(argc, argv, ops, sizeof ops / sizeof ops[0]);
    if (argc == 1) {
        printf("\nmessages per second, one core (wall clock; original brief in brackets):\n");
        printf("  seal 100 B   %9.1f /s   [40 encryptions/s]\n", rate(b_seal100));
        printf("  open 100 B   %9.1f /s   [33 decryptions/s]\n", rate(b_open100));
        printf("  seal 64 KiB  %9.1f /s\n", rate(b_seal64k));
        printf("  open 64 KiB  %9.1f /s\n", rate(b_open64k));
        printf("  CSig sign    %9.1f /s   [22 signatures/s]  (ML-DSA-65 + Falcon-512 on a 1.3 KB header)\n",
               1.0 / (1.0 / rate(b_mldsa_sign) + 1.0 / rate(b_falcon_sign)));
        printf("  CSig verify  %9.1f /s   [28 verifications/s]\n", rate(b_csig_verify));
        printf("\nv2 sessions beside v1 (100-byte message, bytes on the wire; rates as above):\n");
        printf("  v1 envelope SPK only / with OPK  %5zu / %5zu B   seal %7.1f /s  open %7.1f /s\n", len100, len100o,
               rate(b_seal100), rate(b_open100));
        printf("  v2 init (no OPK)                 %5zu B\n", v2_init_n);
        printf("  v2 ratchet, inside an epoch      %5zu B   seal %7.1f /s  open %7.1f /s\n", v2_e2n2_n,
               rate(b_v2_seal_epoch), rate(b_v2_open_epoch));
        printf("  v2 ratchet, opening an epoch     %5zu B   seal %7.1f /s  open %7.1f /s\n", v2_e2n1_n,
               rate(b_v2_seal_change), rate(b_v2_open_change));
    }
    msg_identity_wipe(&alice);
    msg_identity_wipe(&bob);
    free(env100);
    free(env64k);
    free(env100o);
    free(v2_init);
    free(v2_e2n1);
    free(v2_e2n2);
    return rc;
}
