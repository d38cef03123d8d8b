/*
 * demo.c -- secure_messaging: the AEGIS-MSG v1 story on real keys in a
 * temporary directory (`make demo`). Every number printed is measured on
 * this machine or read from the bytes actually produced (chapter 6: v2
 * sessions, forward secrecy and healing against stolen database copies); the only simulated
 * thing is the calendar (days passing), which is labelled where it is used.
 *   secure_messaging [--quiet] [--verbose]
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../aes/aes.h"
#include "../sha3/sha3.h"
#include "client.h"
#include "session.h"

static int quiet, verbose;
static char tmpdir[256];

#define say(...) do { if (!quiet) printf(__VA_ARGS__); } while (0)

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Median of n runs of a block, in milliseconds. */
#define TIME_MS(out, n, block)                                              \
    do {                                                                    \
        double t_[n];                                                       \
        for (int i_ = 0; i_ < (n); i_++) {                                  \
            double s_ = now_s();                                            \
            block;                                                          \
            t_[i_] = (now_s() - s_) * 1e3;                                  \
        }                                                                   \
        for (int a_ = 1; a_ < (n); a_++)                                    \
            for (int b_ = a_; b_ > 0 && t_[b_ - 1] > t_[b_]; b_--) {        \
                double x_ = t_[b_]; t_[b_] = t_[b_ - 1]; t_[b_ - 1] = x_;   \
            }                                                               \
        out = t_[(n) / 2];                                                  \
    } while (0)

static void die(const char *what, int rc)
{
    fprintf(stderr, "secure_messaging: %s failed: %s\n", what, msg_reason(rc));
    exit(1);
}

typedef struct {
    const char *uid;
    msg_ctx *ctx;
    msg_config cfg;
} user;

static void user_new(user *u, const char *dir, const char *uid, const char *name, unsigned opks)
{
    msg_config_defaults(&u->cfg);
    u->cfg.opk_batch = opks;
    u->cfg.log_level = verbose ? MSG_LOG_INFO : MSG_LOG_ERROR;
    snprintf(u->cfg.home, sizeof u->cfg.home, "%s/%s", tmpdir, dir);
    u->uid = uid;
    int rc = msg_ctx_open(&u->ctx, &u->cfg, 1);
    if (rc == MSG_OK) rc = msg_user_init(u->ctx, uid, name, NULL);
    if (rc != MSG_OK) die("init", rc);
}

static void introduce(user *from, user *to, unsigned opks)
{
    uint8_t *b;
    size_t n;
    msg_import_info info;
    int rc = msg_user_bundle(from->ctx, &b, &n, opks);
    if (rc != MSG_OK) die("bundle", rc);
    rc = msg_user_import(to->ctx, b, n, 0, &info);
    if (rc != MSG_OK) die("import", rc);
    say("  %-5s imports %s's bundle (%zu bytes, %u one-time prekeys): pinned, safety number %s\n",
        to->uid, from->uid, n, opks, info.safety);
    free(b);
}

static int expect_reject(const char *story, user *u, const uint8_t *env, size_t n, int want)
{
    msg_received r;
    int rc = msg_user_open(u->ctx, env, n, &r);
    if (rc == MSG_OK) msg_received_free(&r);
    int ok = rc == want;
    say("  %-52s -> %s (%s)%s\n", story, rc == MSG_OK ? "ACCEPTED" : "rejected", msg_reason(rc),
        ok ? "" : "  UNEXPECTED");
    return ok;
}

static void rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) return;
    struct dirent *e;
    char p[600];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (unlink(p) != 0) rm_tree(p);
    }
    closedir(d);
    rmdir(dir);
}

/* ---- chapter 6 helpers: v2 sessions ------------------------------------- */
static void copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = NULL;
    if (a == NULL) return; /* no -wal file: nothing to copy */
    b = fopen(to, "wb");
    char buf[65536];
    size_t r;
    while (b && (r = fread(buf, 1, sizeof buf, a)) > 0) fwrite(buf, 1, r, b);
    fclose(a);
    if (b) fclose(b);
}

/* A thief's copy of u's database (and its WAL) in tmpdir/<name>; opened. */
static msg_ctx *steal(user *u, const char *name)
{
    msg_config c = u->cfg;
    char db[4300], wal[4400], to[4400];
    snprintf(c.home, sizeof c.home, "%s/%s", tmpdir, name);
    msg_ctx *t = NULL;
    if (msg_ctx_open(&t, &c, 1) != MSG_OK) die("thief copy", MSG_ERR_STORE);
    msg_ctx_close(t);
    snprintf(db, sizeof db, "%s", msg_ctx_path(u->ctx));
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(to, sizeof to, "%s/aegis.db", c.home);
    copy_file(db, to);
    snprintf(to, sizeof to, "%s/aegis.db-wal", c.home);
    remove(to);
    copy_file(wal, to);
    if (msg_ctx_open(&t, &c, 0) != MSG_OK) die("thief copy", MSG_ERR_STORE);
    return t;
}

/* The thief runs the ratchet itself on a stolen state: no seen-cache, no
 * signature check, just the keys. */
static int thief_read(msg_session *s, const uint8_t *env, size_t n, char *out, size_t cap)
{
    msg_sess_msg m;
    msg_sess_skip *added;
    size_t na;
    int used, ne;
    msg_plaintext pt;
    int rc = msg_sess_parse(&m, env, n);
    if (rc == MSG_OK) rc = msg_sess_open(s, &m, NULL, 1000, &added, &na, &used, &ne, &pt);
    if (rc != MSG_OK) return rc;
    free(added);
    snprintf(out, cap, "%.*s", (int)pt.body_len, (const char *)pt.body);
    msg_plaintext_free(&pt);
    return MSG_OK;
}

static uint8_t *chat(user *from, user *to, const char *text, size_t *n)
{
    uint8_t *e;
    msg_ctx_set_now(from->ctx, msg_ctx_now(from->ctx) + 1000); /* one second per line */
    msg_ctx_set_now(to->ctx, msg_ctx_now(from->ctx));
    int rc = msg_user_send(from->ctx, to->uid, MSG_CT_TEXT, (const uint8_t *)text, strlen(text), &e, n);
    if (rc != MSG_OK) die("session send", rc);
    msg_received r;
    if ((rc = msg_user_open_any(to->ctx, e, *n, &r)) != MSG_OK) die("session open", rc);
    say("  %-5s -> %-5s epoch %2u index %u  %5zu bytes  \"%s\"\n", from->uid, to->uid, r.epoch, r.n, *n, text);
    msg_received_free(&r);
    return e;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quiet") == 0) quiet = 1;
        else if (strcmp(argv[i], "--verbose") == 0) verbose = 1;
        else {
            fprintf(stderr, "usage: secure_messaging [--quiet] [--verbose]\n");
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    snprintf(tmpdir, sizeof tmpdir, "%s/aegis-demo-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    msg_log_set_level(verbose ? MSG_LOG_INFO : MSG_LOG_ERROR);
    setvbuf(stdout, NULL, _IOLBF, 0);
    int all_ok = 1;

    say("AEGIS-MSG v1 secure messaging demo (real ML-KEM-768, AES-256-GCM, ML-DSA-65, Falcon-512)\n");
    say("state in %s (deleted at the end)\n\n", tmpdir);

    /* ---- 1. keys ---- */
    say("1. Key generation (median of 5 runs on this machine)\n");
    {
        uint8_t *pk = malloc(4096), *sk = malloc(8192);
        double t_dsa, t_fal, t_kem;
        TIME_MS(t_dsa, 5, mldsa65_keypair(pk, sk));
        TIME_MS(t_fal, 5, fndsa512_keypair(pk, sk));
        TIME_MS(t_kem, 5, mlkem768_keypair(pk, sk));
        msg_wipe(sk, 8192);
        say("  %-34s public %5d B  secret %5d B  %9.3f ms\n", "ML-DSA-65 identity key", MLDSA65_PUBLICKEYBYTES,
            MLDSA65_SECRETKEYBYTES, t_dsa);
        say("  %-34s public %5d B  secret %5d B  %9.3f ms\n", "Falcon-512 identity key", FNDSA512_PUBLICKEYBYTES,
            FNDSA512_SECRETKEYBYTES, t_fal);
        say("  %-34s public %5d B  seed   %5d B  %9.3f ms\n", "ML-KEM-768 prekey", MLKEM768_PUBLICKEYBYTES,
            MSG_PREKEY_SEED_BYTES, t_kem);
        free(pk);
        free(sk);
    }
    user alice, bob, carol, mallory;
    double t0 = now_s();
    user_new(&alice, "alice", "alice", "Alice", 2);
    double t_alice = (now_s() - t0) * 1e3;
    user_new(&bob, "bob", "bob", "Bob", 2);
    user_new(&carol, "carol", "carol", "Carol", 2);
    say("  aegis init (identity, signed prekey, 2 one-time prekeys, all signed): alice %.1f ms\n\n", t_alice);

    say("2. Contacts exchange bundles and pin each other (trust on first use)\n");
    introduce(&bob, &alice, 1);   /* one OPK: the first message uses it, the next ones SPK only */
    introduce(&alice, &bob, 1);
    introduce(&carol, &bob, 1);
    introduce(&bob, &carol, 1);
    say("\n");

    /* ---- 3. messages ---- */
    say("3. Alice sends Bob messages\n");
    const char *texts[] = {"Hi Bob, the launch code is in the blue folder.",
                           "Second message: lunch at noon?", "Third: this one travels SPK-only."};
    uint8_t *env[3];
    size_t envlen[3];
    for (int i = 0; i < 3; i++) {
        double s = now_s();
        int rc = msg_user_seal(alice.ctx, "bob", MSG_CT_TEXT, (const uint8_t *)texts[i], strlen(texts[i]),
                               &env[i], &envlen[i]);
        double t = (now_s() - s) * 1e3;
        if (rc != MSG_OK) die("seal", rc);
        msg_envelope e;
        msg_envelope_parse(&e, env[i], envlen[i]);
        say("  seal #%d: %zu-byte text -> %zu-byte envelope (%s, ciphertext %u B), %.2f ms incl. database commit\n", i + 1,
            strlen(texts[i]), envlen[i], e.ct_opk ? "SPK + one-time prekey" : "SPK only", e.ct_len, t);
        if (verbose)
            say("      layout: header %d B | ct_spk %d B | ct_opk %d B | commit 32 B | ct_len 4 B | "
                "AES-GCM %u B | tag 16 B | ML-DSA-65 %d B | Falcon-512 %d B = %zu B\n",
                MSG_ENV_FIXED, MLKEM768_CIPHERTEXTBYTES, e.ct_opk ? MLKEM768_CIPHERTEXTBYTES : 0, e.ct_len,
                MLDSA65_BYTES, FNDSA512_BYTES, e.total);
    }
    for (int i = 0; i < 3; i++) {
        msg_received r;
        double s = now_s();
        int rc = msg_user_open(bob.ctx, env[i], envlen[i], &r);
        double t = (now_s() - s) * 1e3;
        if (rc != MSG_OK) die("open", rc);
        say("  Bob opens #%d in %.2f ms (incl. database commit): from %s, counter %llu, both signatures valid: \"%s\"\n", i + 1, t,
            r.sender_uid, (unsigned long long)r.counter, (const char *)r.pt.body);
        msg_received_free(&r);
    }

    /* Per-step sizes and times, measured on the primitives themselves. */
    {
        msg_identity *id = malloc(sizeof *id);
        uint8_t ek[MLKEM768_PUBLICKEYBYTES], dk[MLKEM768_SECRETKEYBYTES], ct[MLKEM768_CIPHERTEXTBYTES], ss[32];
        uint8_t seed[64] = {1}, sig[MSG_CSIG_BYTES], key[32] = {2}, iv[12] = {3}, tag[16];
        uint8_t *buf = calloc(1, 256), *out = malloc(256);
        double te, td, ta, tsd, tsf, tv;
        if (msg_user_identity(alice.ctx, id) != MSG_OK) die("identity", MSG_ERR_STORE);
        msg_prekey_derive(ek, dk, seed);
        TIME_MS(te, 11, mlkem768_encaps(ct, ss, ek));
        TIME_MS(td, 11, mlkem768_decaps(ss, ct, dk));
        TIME_MS(ta, 11, aes256gcm_encrypt(out, tag, key, iv, 12, buf, 64, buf, 256));
        const uint8_t *m = (const uint8_t *)texts[0];
        TIME_MS(tsd, 5, mldsa65_sign(sig, m, 40, (const uint8_t *)"AEGIS-MSG-v1", 12, id->mldsa_sk));
        TIME_MS(tsf, 5, fndsa512_sign(sig + MLDSA65_BYTES, m, 40, id->fndsa_sk));
        msg_csig_sign(sig, id, "envelope", m, 40, NULL);
        TIME_MS(tv, 5, msg_csig_verify(sig, "envelope", m, 40, id->mldsa_pk, id->fndsa_pk));
        say("\n  per step (median):\n");
        say("    ML-KEM-768 encapsulation   ciphertext %4d B   %8.3f ms   decapsulation %8.3f ms\n",
            MLKEM768_CIPHERTEXTBYTES, te, td);
        say("    AES-256-GCM, 256 B padded  tag %11d B   %8.3f ms\n", 16, ta);
        say("    ML-DSA-65 signature        %4d B              %8.3f ms\n", MLDSA65_BYTES, tsd);
        say("    Falcon-512 (padded)        %4d B              %8.3f ms\n", FNDSA512_BYTES, tsf);
        say("    verify both signatures                         %8.3f ms\n\n", tv);
        msg_identity_wipe(id);
        free(id);
        msg_wipe(dk, sizeof dk);
        free(buf);
        free(out);
    }

    /* ---- 4. attacks ---- */
    say("4. Attacks, each must be rejected (reason shown is Bob's local log; peers learn nothing)\n");
    uint8_t *b2 = malloc(MSG_ENV_MAX);
    {
        uint8_t *fresh;
        size_t fl;
        const char *t = "Meet me at 5.";
        int rc = msg_user_seal(alice.ctx, "bob", MSG_CT_TEXT, (const uint8_t *)t, strlen(t), &fresh, &fl);
        if (rc != MSG_OK) die("seal", rc);
        memcpy(b2, fresh, fl);
        b2[fl - MSG_ENV_TAIL] ^= 0x01; /* a byte of the AES-GCM ciphertext */
        all_ok &= expect_reject("a. one ciphertext byte flipped in transit", &bob, b2, fl, MSG_ERR_SIGNATURE);
        free(fresh);
    }
    all_ok &= expect_reject("b. the first message replayed", &bob, env[0], envlen[0], MSG_ERR_REPLAY);
    all_ok &= expect_reject("c. Bob's message forwarded as-is to Carol", &carol, env[1], envlen[1], MSG_ERR_NOT_FOR_US);
    {
        /* Carol claims authorship: she swaps in her ik_hash and re-signs. The
         * signature is now valid, but sender_ik is in the key schedule. */
        msg_identity *cid = malloc(sizeof *cid);
        msg_user_identity(carol.ctx, cid);
        memcpy(b2, env[2], envlen[2]);
        memcpy(b2 + 8, cid->ik_hash, 32);
        msg_envelope e;
        msg_envelope_parse(&e, b2, envlen[2]);
        msg_csig_sign((uint8_t *)e.csig, cid, "envelope", b2, e.signed_len, NULL);
        msg_identity_wipe(cid);
        free(cid);
        /* Bob has not opened this exact msg_id from Carol before. */
        all_ok &= expect_reject("d. Carol re-signs Alice's envelope as her own", &bob, b2, envlen[2], MSG_ERR_DECRYPT);
    }
    {
        /* Forward secrecy: an envelope captured in transit on day 0 and never
         * delivered; Bob rotates, and after not_after + retention the old
         * signed prekey's secret is erased. A thief who then copies Bob's
         * database and winds its clock back still cannot open it. */
        uint8_t *late;
        size_t latelen;
        const char *t = "Captured on day 0 and never delivered.";
        int rc = msg_user_seal(alice.ctx, "bob", MSG_CT_TEXT, (const uint8_t *)t, strlen(t), &late, &latelen);
        if (rc != MSG_OK) die("seal", rc);
        uint64_t day0 = msg_now_ms(), day = 86400000ull;
        msg_status_info st;
        msg_user_status(bob.ctx, &st);
        unsigned before = st.spk_secrets;
        msg_ctx_set_now(bob.ctx, day0 + 8 * day);
        msg_user_maintain(bob.ctx, 0, NULL);   /* rotation is due after 7 days */
        msg_ctx_set_now(bob.ctx, day0 + (8 + 31) * day);
        msg_user_maintain(bob.ctx, 0, NULL);   /* old SPK: not_after (day 8) + 30 days retention passed */
        msg_user_status(bob.ctx, &st);
        say("  (simulated calendar) Bob rotated to signed prekey %u; secrets held: %u before, %u now\n",
            st.spk_id, before, st.spk_secrets);
        msg_ctx_set_now(bob.ctx, day0 + 1000);  /* the thief's clock, back to day 0 */
        all_ok &= expect_reject("e. day-0 envelope after the prekey was erased", &bob, late, latelen, MSG_ERR_EXPIRED);
        msg_ctx_set_now(bob.ctx, 0);
        free(late);
    }
    {
        /* Mallory registers "alice" with her own keys and hands Bob that bundle. */
        user_new(&mallory, "mallory", "alice", "Alice", 1);
        uint8_t *b;
        size_t n;
        msg_import_info info;
        msg_user_bundle(mallory.ctx, &b, &n, 1);
        int rc = msg_user_import(bob.ctx, b, n, 0, &info);
        int ok = rc == MSG_ERR_KEY_CHANGED;
        all_ok &= ok;
        say("  %-52s -> %s (%s)%s\n", "f. a changed identity key for \"alice\"", rc == MSG_OK ? "ACCEPTED" : "rejected",
            msg_reason(rc), ok ? "" : "  UNEXPECTED");
        say("     WARNING shown to Bob: the identity key of 'alice' has CHANGED (new safety number %s)\n", info.safety);
        free(b);
        msg_ctx_close(mallory.ctx);
    }
    free(b2);

    /* ---- 5. status ---- */
    printf("\n5. Status (counters from each user's database)\n");
    printf("  %-6s %5s %5s %9s %7s %7s %7s %7s %7s %7s %6s %6s\n", "user", "sent", "recv", "rejected",
           "replay", "sig", "decrypt", "fwd", "expired", "keychg", "SPKs", "OPKs");
    user *us[] = {&alice, &bob, &carol};
    for (int i = 0; i < 3; i++) {
        msg_status_info st;
        msg_user_status(us[i]->ctx, &st);
        uint64_t rej = 0;
        for (int k = 1; k < MSG_NREASONS; k++) rej += st.rejected[k];
        printf("  %-6s %5llu %5llu %9llu %7llu %7llu %7llu %7llu %7llu %7llu %6u %6u\n", us[i]->uid,
               (unsigned long long)st.sent, (unsigned long long)st.received, (unsigned long long)rej,
               (unsigned long long)st.rejected[-MSG_ERR_REPLAY], (unsigned long long)st.rejected[-MSG_ERR_SIGNATURE],
               (unsigned long long)st.rejected[-MSG_ERR_DECRYPT], (unsigned long long)st.rejected[-MSG_ERR_NOT_FOR_US],
               (unsigned long long)st.rejected[-MSG_ERR_EXPIRED],
               (unsigned long long)st.rejected[-MSG_ERR_KEY_CHANGED], st.spk_secrets, st.opk_secrets);
    }
    printf("  (keychg: bundles refused at import; SPKs/OPKs: prekey secrets still held)\n");

    /* ---- 6. sessions (AEGIS-MSG v2) ---- */
    printf("\n6. Sessions (AEGIS-MSG v2): a KEM ratchet, forward secrecy and healing\n");
    {
        /* (simulated calendar) day 39, where chapter 4 left Bob's prekeys; Alice
         * fetches his current bundle first. */
        uint64_t d39 = msg_now_ms() + 39ull * 86400000ull;
        msg_ctx_set_now(alice.ctx, d39);
        msg_ctx_set_now(bob.ctx, d39);
        introduce(&bob, &alice, 1);
        static const char *const lines[] = {"v2 hello", "how are you?", "fine, thanks", "new topic",
                                            "ok", "one more", "and another", "bye for now"};
        static const int from_alice[] = {1, 1, 0, 1, 0, 0, 1, 0};
        uint8_t *to_bob[8] = {0};
        size_t to_bob_n[8] = {0};
        int nb = 0;
        for (int i = 0; i < 8; i++) {
            size_t n;
            uint8_t *e = chat(from_alice[i] ? &alice : &bob, from_alice[i] ? &bob : &alice, lines[i], &n);
            if (from_alice[i]) {
                to_bob[nb] = e;
                to_bob_n[nb++] = n;
            } else {
                free(e);
            }
        }
        /* Forward secrecy: a copy of Bob's database now. */
        msg_ctx *tb = steal(&bob, "thief-bob");
        msg_ctx_set_now(tb, d39);
        say("  stolen: a copy of Bob's database (with its WAL) after the conversation\n");
        int fs_ok = 1;
        for (int i = 0; i < nb; i++) {
            msg_received r;
            int rc = msg_user_open_any(tb, to_bob[i], to_bob_n[i], &r);
            if (rc == MSG_OK) msg_received_free(&r);
            msg_sess_msg m;
            msg_sess_parse(&m, to_bob[i], to_bob_n[i]);
            msg_session *ss = malloc(sizeof *ss);
            char out[64] = "";
            int rk = ss ? msg_session_load(tb, m.session_id, ss, NULL) : MSG_ERR_NOMEM;
            int rd = rk == MSG_OK ? thief_read(ss, to_bob[i], to_bob_n[i], out, sizeof out) : rk;
            free(ss);
            say("  recorded Alice->Bob epoch %u index %u: open with the copy -> %s (%s); ratchet keys of the copy"
                " -> %s (%s)\n", m.epoch, m.n, rc == MSG_OK ? "READ" : "rejected", msg_reason(rc),
                rd == MSG_OK ? "READ" : "no key", msg_reason(rd));
            fs_ok &= rc != MSG_OK && rd != MSG_OK;
            free(to_bob[i]);
        }
        msg_ctx_close(tb);
        say("  forward secrecy: %s\n", fs_ok ? "no delivered message is readable from the stolen copy" : "BROKEN");
        all_ok &= fs_ok;
        /* Healing: a copy of Alice's state; Bob keeps writing, Alice answers, Bob again. */
        msg_ctx *ta = steal(&alice, "thief-alice");
        msg_session *st = malloc(sizeof *st);
        int heal_ok = st != NULL;
        say("  stolen: a copy of Alice's database; the thief (passive) runs her ratchet on the traffic\n");
        static const struct { int alice; const char *t; int readable; } flow[] = {
            {0, "still in Bob's epoch", 1}, {0, "Bob again, same epoch", 1}, {1, "Alice answers (new epoch)", 0},
            {0, "Bob replies (next epoch)", 0}, {0, "and once more", 0}};
        for (size_t i = 0; heal_ok && i < sizeof flow / sizeof flow[0]; i++) {
            size_t n;
            uint8_t *e = chat(flow[i].alice ? &alice : &bob, flow[i].alice ? &bob : &alice, flow[i].t, &n);
            msg_sess_msg m;
            msg_sess_parse(&m, e, n);
            if (i == 0 && msg_session_load(ta, m.session_id, st, NULL) != MSG_OK) heal_ok = 0;
            if (!flow[i].alice) {
                char out[64] = "";
                int rc = thief_read(st, e, n, out, sizeof out);
                say("     thief tries Bob's epoch-%u message -> %s%s%s%s%s\n", m.epoch, rc == MSG_OK ? "READ \"" : "fails (",
                    rc == MSG_OK ? out : msg_reason(rc), rc == MSG_OK ? "\"" : ")",
                    rc == MSG_OK ? "" : ": it is encapsulated to Alice's new key; the copy holds no seed for it",
                    (rc == MSG_OK) == flow[i].readable ? "" : "  UNEXPECTED");
                heal_ok &= (rc == MSG_OK) == flow[i].readable;
            } else {
                say("     Alice drew a fresh ML-KEM key for this epoch: the thief's copy has no seed for it\n");
            }
            free(e);
        }
        free(st);
        msg_ctx_close(ta);
        say("  healing: %s\n", heal_ok ? "the stolen state reads until Alice's next epoch, then fails"
                                       : "NOT AS PREDICTED");
        all_ok &= heal_ok;
    }
    printf("\n%s\n", all_ok ? "all attacks rejected as expected" : "SOME ATTACK WAS NOT REJECTED AS EXPECTED");

    for (int i = 0; i < 3; i++) free(env[i]);
    msg_ctx_close(alice.ctx);
    msg_ctx_close(bob.ctx);
    msg_ctx_close(carol.ctx);
    rm_tree(tmpdir);
    return all_ok ? 0 : 1;
}
