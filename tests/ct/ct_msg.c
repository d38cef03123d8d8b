/*
 * ct_msg.c -- constant-time harness for the crypto path of msg/ (seal.c,
 * identity.c, prekey.c): secret identity keys, prekey seeds, shared secrets
 * and plaintext; run under valgrind memcheck by tests/ct/run.sh.
 * Declassified (msg/seal.c, each with its reason): the sealed envelope bytes
 * before they are signed (they are published), the accept/reject bit of
 * open, and the plaintext once authenticated (it is released).
 * Open runs on the valid envelope (accept) and on a re-signed envelope with a
 * tampered KEM ciphertext (implicit rejection -> commitment/tag failure).
 * The msg sources are included here because run.sh compiles only the crypto
 * directories; without mldsa/ and fndsa/ the harness is a no-op.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_include)
#if __has_include("../../mldsa/mldsa65.h") && __has_include("../../fndsa/fndsa512.h") && \
    __has_include("../../mlkem/mlkem768.h") && __has_include("../../aes/aes.h")
#define HAVE_ALL 1
#endif
#endif

#ifndef HAVE_ALL
int main(void)
{
    puts("ct_msg: primitives missing, nothing to check");
    return 0;
}
#else
#include "../../msg/util.c"
#include "../../msg/wire.c"
#include "../../msg/identity.c"
#include "../../msg/prekey.c"
#include "../../msg/seal.c"
#include "ct.h"

int randombytes(uint8_t *buf, size_t len)
{
    static uint8_t x = 3;
    for (size_t i = 0; i < len; i++) {
        x = (uint8_t)(x * 29 + 11);
        buf[i] = x;
    }
    CT_SECRET(buf, len);
    return 0;
}

int main(void)
{
    static msg_identity alice, bob;
    static msg_peer ap;
    static msg_recipient r;
    uint8_t seed[32], spk_seed[64], opk_seed[64], coins[32];
    static uint8_t dk[MLKEM768_SECRETKEYBYTES];
    memset(seed, 1, 32);
    if (msg_identity_generate(&alice, "alice", 1, seed) != MSG_OK) return 1;
    memset(seed, 2, 32);
    if (msg_identity_generate(&bob, "bob", 1, seed) != MSG_OK) return 1;
    memcpy(ap.mldsa_pk, alice.mldsa_pk, sizeof ap.mldsa_pk);
    memcpy(ap.fndsa_pk, alice.fndsa_pk, sizeof ap.fndsa_pk);
    memcpy(ap.ik_hash, alice.ik_hash, 32);
    memset(spk_seed, 3, 64);
    memset(opk_seed, 4, 64);
    memcpy(r.ik_hash, bob.ik_hash, 32);
    r.spk_id = 1;
    r.has_opk = 1;
    r.opk_id = 2;
    if (msg_prekey_derive(r.spk_ek, dk, spk_seed) != MSG_OK || msg_prekey_derive(r.opk_ek, dk, opk_seed) != MSG_OK)
        return 1;
    /* Public keys are public. */
    CT_PUBLIC(r.spk_ek, sizeof r.spk_ek);
    CT_PUBLIC(r.opk_ek, sizeof r.opk_ek);
    CT_PUBLIC(&ap, sizeof ap);
    CT_PUBLIC(alice.ik_hash, 32);
    CT_PUBLIC(bob.ik_hash, 32);
    CT_PUBLIC(r.ik_hash, 32);

    /* Secrets: signing keys, prekey seeds, the message. */
    CT_SECRET(alice.mldsa_sk, sizeof alice.mldsa_sk);
    CT_SECRET(alice.fndsa_sk, sizeof alice.fndsa_sk);
    CT_SECRET(spk_seed, 64);
    CT_SECRET(opk_seed, 64);
    uint8_t body[100];
    memset(body, 'm', sizeof body);
    CT_SECRET(body, sizeof body);
    memset(coins, 5, 32); /* public coins: a deterministic, reproducible seal */
    uint8_t *env;
    size_t n;
    if (msg_seal(&env, &n, &alice, &r, 1, 1000, 1, body, sizeof body, coins) != MSG_OK) return 1;

    msg_envelope e;
    msg_plaintext pt;
    CT_PUBLIC(env, n);
    if (msg_envelope_parse(&e, env, n) != MSG_OK || msg_envelope_verify(&e, &ap) != MSG_OK) return 1;
    if (msg_open_decrypt(&pt, &e, spk_seed, opk_seed) != MSG_OK) return 1;
    CT_PUBLIC(pt.body, pt.body_len);
    int same = pt.body_len == sizeof body && memcmp(pt.body, "mmmm", 4) == 0;
    msg_plaintext_free(&pt);
    /* Reject path: a malicious sender tampers with ct_spk and re-signs. */
    env[200] ^= 1;
    if (msg_csig_sign(env + e.signed_len, &alice, "envelope", env, e.signed_len, coins) != MSG_OK) return 1;
    CT_PUBLIC(env, n);
    int rej = msg_open_decrypt(&pt, &e, spk_seed, opk_seed) == MSG_ERR_DECRYPT;
    free(env);
    printf("ct_msg: seal, open (accept) and open (implicit rejection) ran%s\n", same && rej ? "" : " WRONG");
    return same && rej ? 0 : 1;
}
#endif
