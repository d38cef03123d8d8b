/*
 * ct_session.c -- constant-time harness for the AEGIS-MSG v2 ratchet
 * (msg/session.c, msg/session_wire.c; sessions.md 6 item 13), run under
 * valgrind memcheck by tests/ct/run.sh. Secret: identity signing keys, prekey
 * seeds, the ratchet seeds and encapsulation coins of every send, and through
 * them every rk, ck, mks, okm and dk_seed; the plaintext.
 * Public (declassified in msg/session.c, each with its reason, beyond what v1
 * declassifies): the KEM blocks (published in every message of an epoch), the
 * header with msg_id, and the epoch / index bookkeeping, which never touches a
 * secret. The harness itself makes public only msg_id and the signing det
 * coins (both end up in the published message).
 * Paths: create + init seal, accept + open, epoch opening (Encaps to the peer
 * key) and entering (Decaps with the stored seed), in-epoch seal/open, the
 * skipped-key cache, and the implicit-rejection path of a re-signed bad kem_ct.
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
    puts("ct_session: primitives missing, nothing to check");
    return 0;
}
#else
#include "../../msg/util.c"
#include "../../msg/wire.c"
#include "../../msg/identity.c"
#include "../../msg/prekey.c"
#include "../../msg/seal.c"
#include "../../msg/session_wire.c"
#include "../../msg/session.c"
#include "ct.h"

int randombytes(uint8_t *buf, size_t len)
{
    static uint8_t x = 7;
    for (size_t i = 0; i < len; i++) {
        x = (uint8_t)(x * 29 + 11);
        buf[i] = x;
    }
    CT_SECRET(buf, len);
    return 0;
}

/* Coins of one send: msg_id and signing det public, the rest secret. */
static void coins_for(uint8_t c[MSG_SESS_COINS], uint8_t tag)
{
    uint8_t c32[32];
    memset(c32, tag, 32);
    msg_sess_coins(c, c32);
    CT_SECRET(c + 16, 128);
}

static int recv_one(msg_session *s, const uint8_t *buf, size_t len, const msg_peer *from, const uint8_t *cached,
                    msg_sess_skip **added, size_t *na, int *used)
{
    msg_sess_msg m;
    msg_plaintext pt;
    int ne;
    CT_PUBLIC(buf, len);
    if (msg_sess_parse(&m, buf, len) != MSG_OK || msg_sess_verify(&m, from) != MSG_OK) return -100;
    int rc = msg_sess_open(s, &m, cached, 10, added, na, used, &ne, &pt);
    if (rc == MSG_OK) {
        CT_PUBLIC(pt.body, pt.body_len);
        if (pt.body_len != 64 || pt.body[0] != 'm') rc = -101;
        msg_plaintext_free(&pt);
    }
    return rc;
}

int main(void)
{
    static msg_identity alice, bob;
    static msg_peer ap, bp;
    static msg_recipient r;
    static msg_session sa, sb;
    static uint8_t dk[MLKEM768_SECRETKEYBYTES];
    uint8_t seed[32], spk_seed[64], opk_seed[64], coins[MSG_SESS_COINS];
    memset(seed, 1, 32);
    if (msg_identity_generate(&alice, "alice", 1, seed) != MSG_OK) return 1;
    memset(seed, 2, 32);
    if (msg_identity_generate(&bob, "bob", 1, seed) != MSG_OK) return 1;
    memcpy(ap.mldsa_pk, alice.mldsa_pk, sizeof ap.mldsa_pk);
    memcpy(ap.fndsa_pk, alice.fndsa_pk, sizeof ap.fndsa_pk);
    memcpy(ap.ik_hash, alice.ik_hash, 32);
    memcpy(bp.mldsa_pk, bob.mldsa_pk, sizeof bp.mldsa_pk);
    memcpy(bp.fndsa_pk, bob.fndsa_pk, sizeof bp.fndsa_pk);
    memcpy(bp.ik_hash, bob.ik_hash, 32);
    memset(spk_seed, 3, 64);
    memset(opk_seed, 4, 64);
    memcpy(r.ik_hash, bob.ik_hash, 32);
    r.spk_id = 1;
    r.has_opk = 1;
    r.opk_id = 2;
    if (msg_prekey_derive(r.spk_ek, dk, spk_seed) != MSG_OK || msg_prekey_derive(r.opk_ek, dk, opk_seed) != MSG_OK)
        return 1;
    CT_PUBLIC(r.spk_ek, sizeof r.spk_ek);
    CT_PUBLIC(r.opk_ek, sizeof r.opk_ek);
    CT_PUBLIC(&ap, sizeof ap);
    CT_PUBLIC(&bp, sizeof bp);
    CT_PUBLIC(alice.ik_hash, 32);
    CT_PUBLIC(bob.ik_hash, 32);
    CT_SECRET(alice.mldsa_sk, sizeof alice.mldsa_sk);
    CT_SECRET(alice.fndsa_sk, sizeof alice.fndsa_sk);
    CT_SECRET(bob.mldsa_sk, sizeof bob.mldsa_sk);
    CT_SECRET(bob.fndsa_sk, sizeof bob.fndsa_sk);
    CT_SECRET(spk_seed, 64);
    CT_SECRET(opk_seed, 64);
    uint8_t body[64];
    memset(body, 'm', sizeof body);
    CT_SECRET(body, sizeof body);

    uint8_t *m1, *m2, *m3, *m4;
    size_t l1, l2, l3, l4, na;
    msg_sess_skip *added;
    int used, ok = 1;
    /* Epoch 1: create (two Encaps) and the init message. */
    coins_for(coins, 1);
    if (msg_sess_create(&sa, alice.ik_hash, &r, coins) != MSG_OK) return 1;
    if (msg_sess_seal(&sa, &alice, 1000, 1, body, sizeof body, coins, 1, &m1, &l1) != MSG_OK) return 1;
    /* Bob: accept (two Decaps from the secret seeds), open. */
    msg_sess_msg pm;
    CT_PUBLIC(m1, l1);
    if (msg_sess_parse(&pm, m1, l1) != MSG_OK) return 1;
    if (msg_sess_accept(&sb, &pm, bob.ik_hash, spk_seed, opk_seed) != MSG_OK) return 1;
    ok &= recv_one(&sb, m1, l1, &ap, NULL, &added, &na, &used) == MSG_OK;
    free(added);
    /* Epoch 2: Bob opens it (KeyGen + Encaps to ek_I1); two messages. */
    coins_for(coins, 2);
    if (msg_sess_seal(&sb, &bob, 1001, 1, body, sizeof body, coins, 1, &m2, &l2) != MSG_OK) return 1;
    coins_for(coins, 3);
    if (msg_sess_seal(&sb, &bob, 1002, 1, body, sizeof body, coins, 1, &m3, &l3) != MSG_OK) return 1;
    /* Reject path first: a re-signed bad kem_ct (implicit rejection -> commitment/tag). */
    m4 = malloc(l3);
    memcpy(m4, m3, l3);
    m4[MSG_SESS_FIXED + 10] ^= 1;
    if (msg_csig2_sign(m4 + l3 - MSG_CSIG_BYTES, &bob, "session", m4, l3 - MSG_CSIG_BYTES, coins + 144) != MSG_OK)
        return 1;
    ok &= recv_one(&sa, m4, l3, &bp, NULL, &added, &na, &used) == MSG_ERR_DECRYPT;
    free(m4);
    /* Alice enters epoch 2 on the second message (Decaps with her seed), caching index 1. */
    ok &= recv_one(&sa, m3, l3, &bp, NULL, &added, &na, &used) == MSG_OK && na == 1;
    /* ... then opens index 1 from the cache. */
    msg_sess_skip k = added[0];
    free(added);
    ok &= recv_one(&sa, m2, l2, &bp, k.mks, &added, &na, &used) == MSG_OK && used;
    free(added);
    /* Epoch 3 by Alice, received in the current chain by Bob. */
    coins_for(coins, 4);
    if (msg_sess_seal(&sa, &alice, 1003, 1, body, sizeof body, coins, 1, &m4, &l4) != MSG_OK) return 1;
    ok &= recv_one(&sb, m4, l4, &ap, NULL, &added, &na, &used) == MSG_OK;
    free(added);
    free(m1);
    free(m2);
    free(m3);
    free(m4);
    printf("ct_session: create, accept, epoch open/enter, in-epoch, cache and rejection paths ran%s\n",
           ok ? "" : " WRONG");
    return ok ? 0 : 1;
}
#endif
