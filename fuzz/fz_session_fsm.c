/*
 * fz_session_fsm.c -- two-party state-machine fuzzer for the AEGIS-MSG v2
 * ratchet (msg/session.c; sessions.md 6 item 14). Fuzz bytes drive Alice and
 * Bob: send, deliver, drop, duplicate, tamper, reorder. Invariants checked
 * after every step: an untouched message opens on its first delivery with
 * exactly the plaintext that was sent (out of order and across epochs too);
 * a re-delivery or a tampered copy never opens; a rejected message leaves
 * the receiver's state byte-identical; the skipped-key cache stays bounded.
 * Signatures are left out here (AEGIS_FUZZ_NOSIG; the parser fuzzer and the
 * tests cover them), so tampering is confined to the bytes the signature
 * would cover: the AEAD and the key schedule alone must reject it.
 */
#define _POSIX_C_SOURCE 200809L
#define AEGIS_FUZZ_NOSIG 1
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

#define QMAX 12
#define OPS_MAX 48
#define CMAX 64
#define MAXSKIP 16

typedef struct {
    msg_session s;
    int has;
    msg_sess_skip cache[CMAX];
    size_t nc;
} party;
typedef struct {
    uint8_t *b;
    size_t n;
    int to_b;      /* recipient: 1 Bob, 0 Alice */
    uint32_t id;   /* the plaintext is "m<id>" */
    int tampered, delivered;
} qmsg;

static msg_identity ida, idb;
static msg_recipient to_b;
static uint8_t spk_seed[64] = {3}, opk_seed[64] = {4};
static int ready, evicted; /* evicted: some skipped key was dropped by the bound */

static void setup(void)
{
    uint8_t s[32], dk[MLKEM768_SECRETKEYBYTES];
    memset(s, 1, 32);
    if (msg_identity_generate(&ida, "alice", 1, s) != MSG_OK) abort();
    memset(s, 2, 32);
    if (msg_identity_generate(&idb, "bob", 1, s) != MSG_OK) abort();
    memcpy(to_b.ik_hash, idb.ik_hash, 32);
    to_b.spk_id = 7;
    to_b.has_opk = 1;
    to_b.opk_id = 42;
    if (msg_prekey_derive(to_b.spk_ek, dk, spk_seed) != MSG_OK || msg_prekey_derive(to_b.opk_ek, dk, opk_seed) != MSG_OK)
        abort();
    ready = 1;
}

/* Receive at p; returns the open result; checks the no-change-on-reject rule. */
static int recv_at(party *p, const msg_identity *self, const qmsg *q, char *out, size_t cap)
{
    msg_sess_msg m;
    if (msg_sess_parse(&m, q->b, q->n) != MSG_OK) return MSG_ERR_PARSE;
    msg_session *tmp = NULL, *s = &p->s;
    static party before;
    memcpy(&before, p, sizeof before);
    int rc;
    if (!p->has || memcmp(m.session_id, p->s.session_id, 32) != 0) {
        if (p->has || m.type != MSG_SESS_TYPE_INIT || m.spk_id != 7 || (m.ct_opk && m.opk_id != 42))
            return MSG_ERR_NO_SESSION;
        tmp = malloc(sizeof *tmp);
        if ((rc = msg_sess_accept(tmp, &m, self->ik_hash, spk_seed, m.ct_opk ? opk_seed : NULL)) != MSG_OK) {
            free(tmp);
            return rc;
        }
        s = tmp;
    }
    size_t ci = (size_t)-1;
    for (size_t i = 0; i < p->nc; i++)
        if (p->cache[i].epoch == m.epoch && p->cache[i].n == m.n) ci = i;
    msg_sess_skip *added;
    size_t na;
    int used, ne;
    msg_plaintext pt;
    rc = msg_sess_open(s, &m, ci != (size_t)-1 ? p->cache[ci].mks : NULL, MAXSKIP, &added, &na, &used, &ne, &pt);
    if (rc != MSG_OK) {
        if (pt.body != NULL || added != NULL) abort();
        if (memcmp(&before, p, sizeof before) != 0) abort(); /* rejected: state unchanged */
        if (tmp) free(tmp);
        return rc;
    }
    if (tmp) {
        p->s = *tmp;
        p->has = 1;
        free(tmp);
    }
    if (na > MAXSKIP) abort();
    if (na == MAXSKIP) evicted = 1; /* the core may have capped the gap */
    if (used) p->cache[ci] = p->cache[--p->nc];
    for (size_t i = 0; i < na; i++) p->cache[p->nc++] = added[i];
    while (p->nc > MAXSKIP) { /* evict the oldest (epoch, n) */
        evicted = 1;
        size_t o = 0;
        for (size_t i = 1; i < p->nc; i++)
            if (p->cache[i].epoch < p->cache[o].epoch ||
                (p->cache[i].epoch == p->cache[o].epoch && p->cache[i].n < p->cache[o].n))
                o = i;
        p->cache[o] = p->cache[--p->nc];
    }
    free(added);
    snprintf(out, cap, "%.*s", (int)(pt.body_len < cap - 1 ? pt.body_len : cap - 1), (const char *)pt.body);
    msg_plaintext_free(&pt);
    return MSG_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready) setup();
    static party A, B;
    memset(&A, 0, sizeof A);
    memset(&B, 0, sizeof B);
    qmsg q[QMAX];
    int nq = 0;
    uint32_t next_id = 1;
    evicted = 0;
    uint64_t ts = 1000;
    size_t i = 0;
    for (int op = 0; op < OPS_MAX && i < size; op++) {
        uint8_t c = data[i++];
        int kind = c % 7;
        if (kind <= 1) { /* send: 0 Alice, 1 Bob */
            party *S = kind == 0 ? &A : &B;
            if (nq == QMAX || (kind == 1 && !B.has)) continue;
            uint8_t coins[MSG_SESS_COINS];
            memset(coins, 0, sizeof coins);
            for (size_t k = 0; k < sizeof coins && i < size; k++) coins[k] = data[i++];
            coins[0] = (uint8_t)next_id; /* distinct msg_ids */
            coins[1] = (uint8_t)(next_id >> 8);
            if (!S->has) {
                if (msg_sess_create(&S->s, ida.ik_hash, &to_b, coins) != MSG_OK) abort();
                S->has = 1;
            }
            char body[16];
            int bl = snprintf(body, sizeof body, "m%u", next_id);
            qmsg *x = &q[nq];
            if (msg_sess_seal(&S->s, kind == 0 ? &ida : &idb, ts++, 1, (const uint8_t *)body, (size_t)bl, coins, 1,
                              &x->b, &x->n) != MSG_OK)
                abort();
            x->to_b = kind == 0;
            x->id = next_id++;
            x->tampered = x->delivered = 0;
            nq++;
        } else if (nq == 0) {
            continue;
        } else {
            size_t j = (size_t)(c / 7) % (size_t)nq;
            qmsg *x = &q[j];
            if (kind == 2 || kind == 4 || kind == 5) { /* deliver / duplicate-deliver / tamper-deliver */
                qmsg t = *x;
                uint8_t *copy = NULL;
                if (kind == 5) {
                    if (i + 2 > size) break;
                    size_t off = ((size_t)data[i] << 8 | data[i + 1]) % (x->n - MSG_CSIG_BYTES);
                    uint8_t v = data[i + 2 < size ? i + 2 : i];
                    i += 3;
                    copy = malloc(x->n);
                    memcpy(copy, x->b, x->n);
                    copy[off] ^= (uint8_t)(v | 1);
                    t.b = copy;
                    t.tampered = 1;
                }
                char got[32];
                int rc = recv_at(t.to_b ? &B : &A, t.to_b ? &idb : &ida, &t, got, sizeof got);
                if (t.tampered) {
                    if (rc == MSG_OK) abort(); /* tampered input accepted */
                } else if (x->delivered) {
                    if (rc == MSG_OK) abort(); /* a replay opened */
                } else if (rc == MSG_OK) {
                    char want[16];
                    snprintf(want, sizeof want, "m%u", x->id);
                    if (strcmp(got, want) != 0) abort(); /* wrong plaintext */
                    x->delivered = 1;
                } else if (rc != MSG_ERR_TRIMMED || !evicted) {
                    abort(); /* an honest first delivery fails only when its key was evicted */
                }
                free(copy);
                /* Delivered messages stay queued: later deliveries are replays. */
            } else if (kind == 3) { /* drop */
                free(x->b);
                q[j] = q[--nq];
            } else { /* 6: reorder */
                qmsg t = q[0];
                q[0] = q[j];
                q[j] = t;
            }
        }
        if (A.nc > MAXSKIP || B.nc > MAXSKIP) abort();
    }
    for (int k = 0; k < nq; k++) free(q[k].b);
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
    printf("fz_session_fsm: %d input(s) replayed\n", argc - 1);
    return 0;
}
#endif
#endif /* HAVE_ALL */
