/*
 * relay_auth.c -- who may call the relay, and how often: token-bucket rate
 * limits per address and per identity, the stateless MAC'd challenge nonces
 * and bearer tokens (with their short cache), and the login endpoints
 * (POST /api/auth/challenge, /token, /revoke; msg/PROTOCOL.md 14).
 */
#define _POSIX_C_SOURCE 200809L
#include "relay_internal.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sha3/sha3.h"

/* ---- rate limits: token buckets ----------------------------------------------- */
/* Per source IP and per identity, for each class. Budgets (per second, burst)
 * are meant for people, not load tests: a client logs in once per 10 min
 * token, uploads a message at a time, fetches a bundle once per new contact.
 * The bursts absorb a batch send or a reinstall. Over the limit: 429 with
 * Retry-After. The tables are fixed-size and keyed by a secret hash, so a
 * flood can neither grow memory nor aim at a chosen victim's bucket; a
 * collision only ever shares (never forgets) a budget. */
static const struct {
    const char *name;
    double rate, burst;
} limits[N_LIMIT] = {
    [L_REGISTER_IP] = {"register_ip", 0.2, 20},  [L_CHALLENGE_IP] = {"challenge_ip", 10, 100},
    [L_CHALLENGE_ID] = {"challenge_id", 1, 30},  [L_TOKEN_IP] = {"login_ip", 10, 100},
    [L_TOKEN_ID] = {"login_id", 0.5, 20},        [L_SEND_IP] = {"upload_ip", 100, 1000},
    [L_SEND_ID] = {"upload_id", 20, 200},        [L_BUNDLE_IP] = {"bundle_ip", 20, 200},
    [L_BUNDLE_ID] = {"bundle_id", 5, 60},
};

/* 64-bit keyed mix (not cryptographic; the seed is secret and random). */
static uint64_t mix(uint64_t seed, const char *a, const char *b)
{
    uint64_t h = seed ^ 0x9e3779b97f4a7c15ull;
    for (const char *s = a; s && *s; s++) h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
    h ^= 0xff;
    for (const char *s = b; s && *s; s++) h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
}

/* Take one token of limit l for key; 0 if allowed, else the seconds to wait. */
unsigned relay_rate_take(msg_relay *r, int l, const char *key)
{
    double scale = r->opts.rate_scale;
    if (scale <= 0 || key == NULL || key[0] == '\0') return 0;
    double rate = limits[l].rate * scale, burst = limits[l].burst * scale;
    uint64_t h = mix(r->hash_seed, limits[l].name, key), now = relay_now(r);
    unsigned wait = 0;
    pthread_mutex_lock(&r->mu);
    bucket *b = &r->buckets[l][h % BUCKETS];
    if (b->key != h) {
        /* A different key in the slot: start from the fuller of the two. */
        double refill = b->tokens + (now > b->last_ms ? rate * (double)(now - b->last_ms) / 1000.0 : 0);
        b->key = h;
        b->tokens = b->last_ms == 0 || refill > burst ? burst : refill;
        b->last_ms = now;
    }
    if (now > b->last_ms) {
        b->tokens += rate * (double)(now - b->last_ms) / 1000.0;
        if (b->tokens > burst) b->tokens = burst;
        b->last_ms = now;
    }
    if (b->tokens >= 1.0) b->tokens -= 1.0;
    else wait = (unsigned)((1.0 - b->tokens) / rate) + 1;
    pthread_mutex_unlock(&r->mu);
    return wait;
}

/* The per-address key: an IPv6 peer counts by its /64 (one subscriber's
 * prefix, which it can fill with any number of addresses); IPv4 and
 * anything else as given. */
const char *relay_addr_key(const char *peer, char out[INET6_ADDRSTRLEN])
{
    struct in6_addr a;
    if (peer == NULL || inet_pton(AF_INET6, peer, &a) != 1 || IN6_IS_ADDR_V4MAPPED(&a)) return peer;
    memset(a.s6_addr + 8, 0, 8);
    return inet_ntop(AF_INET6, &a, out, INET6_ADDRSTRLEN) ? out : peer;
}

/* Before authentication, an identity's budget is per (identity, address):
 * otherwise anyone could spend it and lock the real user out of logging in. */
static unsigned rate_take_pair(msg_relay *r, int l, const char *id, const char *peer)
{
    char k[MSG_UID_MAX + 80], a[INET6_ADDRSTRLEN];
    peer = relay_addr_key(peer, a);
    snprintf(k, sizeof k, "%s|%s", id, peer ? peer : "");
    return relay_rate_take(r, l, k);
}

static void mark_active(msg_relay *r, int64_t num)
{
    pthread_mutex_lock(&r->mu);
    uint64_t i = (uint64_t)num * 0x9e3779b97f4a7c15ull >> 50; /* 14 bits */
    r->active[i % BUCKETS].num = num;
    r->active[i % BUCKETS].ms = relay_now(r);
    pthread_mutex_unlock(&r->mu);
}

/* ---- MACs: keyed SHAKE256 ------------------------------------------------------ */
/* tag = SHAKE256(key || L(label) || fields, 16 bytes): a prefix-keyed sponge
 * MAC (the construction KMAC256 of SP 800-185 formalises; here without its
 * bytepad framing, the fields are fixed-length or length-prefixed instead). */
static void mac16(const msg_relay *r, uint8_t tag[16], const char *label, const char *id, const uint8_t *f,
                  size_t fl)
{
    sha3_ctx c;
    shake256_init(&c);
    sha3_absorb(&c, r->key, 32);
    msg_absorb_label(&c, label);
    msg_absorb_label(&c, id);
    sha3_absorb(&c, f, fl);
    shake_finalize(&c);
    shake_squeeze(&c, tag, 16);
    sha3_wipe(&c);
}

/* Challenge nonce (32 bytes): expiry_ms (8, BE) || random (8) || tag (16)
 * with tag = MAC("AEGIS-RELAY-v2 challenge", id, expiry || random). Made for
 * any well-formed id, registered or not (no enumeration), and kept nowhere. */
static int make_nonce(msg_relay *r, const char *id, uint8_t n[32])
{
    msg_be64(n, relay_now(r) + NONCE_TTL_MS);
    if (msg_random(n + 8, 8) != MSG_OK) return -1;
    mac16(r, n + 16, "AEGIS-RELAY-v2 challenge", id, n, 16);
    return 0;
}

static int nonce_ok(msg_relay *r, const char *id, const uint8_t n[32])
{
    uint8_t t[16];
    mac16(r, t, "AEGIS-RELAY-v2 challenge", id, n, 16);
    uint64_t exp = msg_rd64(n), now = relay_now(r);
    /* Other relays' clocks may run ahead by up to the skew. */
    return msg_ct_equal(t, n + 16, 16) && exp > now && exp <= now + NONCE_TTL_MS + 1000ull * r->cfg.skew_s;
}

/* Token (32 bytes, 64 lowercase hex digits): user number (8, BE) ||
 * expiry_ms (8, BE) || tag (16), tag = MAC("AEGIS-RELAY-v2 token", id,
 * number || expiry || generation (8, BE)). Bumping the generation revokes. */
static void make_token(msg_relay *r, const rs_user *u, uint64_t exp, uint8_t t[32])
{
    uint8_t f[24];
    msg_be64(t, (uint64_t)u->num);
    msg_be64(t + 8, exp);
    memcpy(f, t, 16);
    msg_be64(f + 16, (uint64_t)u->gen);
    mac16(r, t + 16, "AEGIS-RELAY-v2 token", u->id, f, 24);
}

static int hexval(char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; }

/* Strict: exactly 64 of [0-9a-f]. 1 and *u filled if valid and current. */
int relay_token_check(msg_relay *r, rs_conn *c, const char *bearer, rs_user *u)
{
    uint8_t t[32], want[32];
    if (bearer == NULL || strlen(bearer) != 64) return 0;
    for (int i = 0; i < 32; i++) {
        int hi = hexval(bearer[2 * i]), lo = hexval(bearer[2 * i + 1]);
        if (hi < 0 || lo < 0) return 0;
        t[i] = (uint8_t)(hi << 4 | lo);
    }
    uint64_t num = msg_rd64(t), exp = msg_rd64(t + 8), now = relay_now(r);
    if (exp <= now || exp > now + TOKEN_TTL_MS + 1000ull * r->cfg.skew_s || num == 0 || num > INT64_MAX) return 0;
    /* The slot is chosen by the user number (public), never by the tag. */
    size_t slot = (size_t)(num % TOKEN_CACHE_SLOTS);
    uint64_t mono = relay_mono_ns(), epoch = atomic_load(&r->tok_epoch);
    int hit = 0;
    pthread_mutex_lock(&r->tmu);
    if (r->tcache[slot].until_ns > mono && r->tcache[slot].epoch == epoch && msg_ct_equal(r->tcache[slot].t, t, 32)) {
        /* A hit fills what the routes use: number, generation, id, ik_hash. */
        memset(u, 0, sizeof *u);
        u->num = r->tcache[slot].num;
        u->gen = r->tcache[slot].gen;
        memcpy(u->ik_hash, r->tcache[slot].ik_hash, 32);
        memcpy(u->id, r->tcache[slot].id, sizeof u->id);
        hit = 1;
    }
    pthread_mutex_unlock(&r->tmu);
    if (!hit) {
        if (c->ops->user_by_num(c, (int64_t)num, u) != RS_OK) return 0;
        make_token(r, u, exp, want);
        if (!msg_ct_equal(want, t, 32)) return 0;
        pthread_mutex_lock(&r->tmu);
        memcpy(r->tcache[slot].t, t, 32);
        r->tcache[slot].until_ns = mono + TOKEN_CACHE_MS * 1000000ull;
        r->tcache[slot].epoch = epoch;
        r->tcache[slot].num = u->num;
        r->tcache[slot].gen = u->gen;
        memcpy(r->tcache[slot].ik_hash, u->ik_hash, 32);
        memcpy(r->tcache[slot].id, u->id, sizeof u->id);
        pthread_mutex_unlock(&r->tmu);
    }
    mark_active(r, u->num);
    return 1;
}

/* ---- the login endpoints ------------------------------------------------------- */
int relay_post_challenge(rq *x, json_t *in)
{
    const char *id = json_string_value(json_object_get(in, "id"));
    uint8_t n[32];
    if (id == NULL || !relay_id_ok(id)) return relay_fail(x, 400, R_MALFORMED);
    unsigned w = rate_take_pair(x->r, L_CHALLENGE_ID, id, x->q->peer);
    if (w) return relay_limited(x, w);
    if (make_nonce(x->r, id, n) != 0) return relay_fail(x, 503, R_STORE);
    char *nb = msg_b64_encode(n, 32);
    int st = relay_reply(x, 200, json_pack("{s:s,s:s}", "nonce", nb, "server_name", x->r->server_name));
    free(nb);
    return st;
}

/* auth message: nonce || server_name || ik_hash || timestamp_ms (8, big-endian). */
int relay_post_token(rq *x, json_t *in)
{
    msg_relay *r = x->r;
    const char *id = json_string_value(json_object_get(in, "id"));
    json_t *tsj = json_object_get(in, "timestamp_ms");
    size_t sl = 0, nl = 0;
    uint8_t *sig = relay_j_b64(in, "csig", MSG_CSIG_BYTES, &sl), *nonce = relay_j_b64(in, "nonce", 32, &nl);
    msg_peer p;
    rs_user u;
    int st = 401, reason = R_AUTH;
    if (id == NULL || !relay_id_ok(id) || sig == NULL || nonce == NULL || sl != MSG_CSIG_BYTES || nl != 32 ||
        !json_is_integer(tsj) || json_integer_value(tsj) < 0) {
        st = 400;
        reason = R_MALFORMED;
        goto out;
    }
    unsigned w = rate_take_pair(r, L_TOKEN_ID, id, x->q->peer);
    if (w) {
        free(sig);
        free(nonce);
        return relay_limited(x, w);
    }
    uint64_t ts = (uint64_t)json_integer_value(tsj), now = relay_now(r), skew = 1000ull * r->cfg.skew_s;
    if (!nonce_ok(r, id, nonce) || !relay_load_peer(x->c, id, &p, &u)) goto out;
    if (ts + skew < now || ts > now + skew) goto out;
    size_t snl = strlen(r->server_name);
    uint8_t *m = malloc(32 + snl + 32 + 8);
    if (m == NULL) goto out;
    memcpy(m, nonce, 32);
    memcpy(m + 32, r->server_name, snl);
    memcpy(m + 32 + snl, p.ik_hash, 32);
    msg_be64(m + 64 + snl, ts);
    int ok = msg_csig_verify(sig, "auth", m, 72 + snl, p.mldsa_pk, p.fndsa_pk) == MSG_OK;
    free(m);
    if (!ok) {
        reason = R_SIG;
        goto out;
    }
    /* Single use across every relay of the database: the used nonce is
     * recorded (by hash) until it expires plus the skew (a relay whose clock
     * runs behind still takes it that long; a relay ahead purges by its own
     * clock); only signed logins reach this. */
    uint8_t h[32];
    sha3_256(h, nonce, 32);
    int rc = x->c->ops->nonce_use(x->c, h, msg_rd64(nonce) + skew);
    if (rc != RS_OK) {
        st = rc == RS_DUP ? 401 : 503;
        reason = rc == RS_DUP ? R_AUTH : R_STORE;
        goto out;
    }
    uint8_t t[32];
    uint64_t exp = now + TOKEN_TTL_MS;
    make_token(r, &u, exp, t);
    mark_active(r, u.num);
    char *hx = relay_hex(t, 32);
    st = relay_reply(x, 200, json_pack("{s:s,s:I}", "token", hx, "expires_ms", (json_int_t)exp));
    free(hx);
    free(sig);
    free(nonce);
    return st;
out:
    free(sig);
    free(nonce);
    return relay_fail(x, st, reason);
}

int relay_post_revoke(rq *x)
{
    if (x->c->ops->user_revoke(x->c, x->me.id) != RS_OK) return relay_fail(x, 503, R_STORE);
    atomic_fetch_add(&x->r->tok_epoch, 1); /* this relay's token cache */
    return relay_reply(x, 200, json_object());
}
