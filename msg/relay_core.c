/*
 * relay_core.c -- the relay's REST API (msg/PROTOCOL.md 14): a route table
 * matched on the raw path, stateless MAC'd challenges and tokens, token
 * bucket rate limits, the OPK drain budget, and Prometheus metrics, over the
 * storage interface of relay_store.h. Nothing secret is stored. Every upload
 * is verified; clients still verify everything themselves. Errors: 400
 * malformed, 401, 403, 404, 405, 409 duplicate, 413 too large, 429 -- with
 * no detail that could serve as an oracle.
 */
#define _POSIX_C_SOURCE 200809L
#include "relay.h"
#include "session.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../sha3/sha3.h"
#include "internal.h"
#include "relay_store.h"

#define NONCE_TTL_MS 60000ull
#define TOKEN_TTL_MS 600000ull
#define ACTIVE_WINDOW_MS 300000ull
#define OPK_WINDOW_MS 86400000ull
/* The largest envelope verify_upload takes (a new envelope type raises it here). */
#define UPLOAD_ENV_MAX MSG_ANY_ENV_MAX
/* Token cache: a revoke on another relay of the same database takes
 * effect here within TOKEN_CACHE_MS (on this relay at once). */
#define TOKEN_CACHE_MS 1000ull
#define TOKEN_CACHE_SLOTS 1024
#define BATCH_DEFAULT 50
#define BATCH_MAX 100

/* ---- base64 (RFC 4648, section 4) ----------------------------------------- */
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *msg_b64_encode(const uint8_t *p, size_t n)
{
    char *s = malloc(4 * ((n + 2) / 3) + 1), *o = s;
    if (s == NULL) return NULL;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        *o++ = b64[v >> 18 & 63];
        *o++ = b64[v >> 12 & 63];
        *o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
        *o++ = i + 2 < n ? b64[v & 63] : '=';
    }
    *o = '\0';
    return s;
}

/* The value of each byte as an alphabet character, or -1: a table lookup
 * without branches (a strchr over the alphabet per character was 12% of the
 * relay's CPU under uploads, a branch per class still 13%). */
static const signed char b64_val[256] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
    -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
    -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};
static int b64val(char c) { return b64_val[(unsigned char)c]; }

long msg_b64_decode(uint8_t *out, size_t cap, const char *s)
{
    size_t n = strlen(s), o = 0;
    if (n % 4 != 0) return -1;
    /* Every group but the last has no padding: four lookups, one check. */
    size_t i = 0;
    for (; i + 4 < n; i += 4) {
        int a = b64val(s[i]), b = b64val(s[i + 1]), c = b64val(s[i + 2]), d = b64val(s[i + 3]);
        if ((a | b | c | d) < 0 || o + 3 > cap) return -1;
        uint32_t x = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
        out[o++] = (uint8_t)(x >> 16);
        out[o++] = (uint8_t)(x >> 8);
        out[o++] = (uint8_t)x;
    }
    for (; i < n; i += 4) {
        int v[4], pad = 0;
        for (int k = 0; k < 4; k++) {
            if (s[i + k] == '=' && i + 4 == n && k >= 2) {
                v[k] = 0;
                pad++;
            } else {
                if (pad) return -1;
                v[k] = b64val(s[i + k]);
                if (v[k] < 0) return -1;
            }
        }
        if (pad == 2 && s[i + 3] != '=') return -1;
        uint32_t x = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
        /* Canonical: unused bits of the last group must be zero. */
        if ((pad == 1 && (x & 0xff)) || (pad == 2 && (x & 0xffff))) return -1;
        size_t k = 3 - (size_t)pad;
        if (o + k > cap) return -1;
        out[o++] = (uint8_t)(x >> 16);
        if (k > 1) out[o++] = (uint8_t)(x >> 8);
        if (k > 2) out[o++] = (uint8_t)x;
    }
    return (long)o;
}

/* ---- routes (PROTOCOL.md 14) ------------------------------------------------- */
enum {
    RT_USERS, RT_CHALLENGE, RT_TOKEN, RT_REVOKE, RT_PREKEYS, RT_BUNDLE, RT_SEND, RT_LIST, RT_GET, RT_DEL,
    RT_METRICS, RT_HEALTH, RT_READY, RT_NONE, N_RT
};
enum { A_NONE, A_ANY, A_AS_ID }; /* authorization: none, any user, the user of {id} */
typedef struct {
    const char *method, *tmpl; /* template segments: literal, {id}, {index} */
    int auth;
    size_t cap;                /* body cap in bytes (0: no body) */
    const char *allow;         /* every method of this path, for 405 */
} route;
/* Caps: the largest valid body of each route, base64 and JSON included. */
#define CAP_SMALL 1024u
#define CAP_RECORD 16384u
#define CAP_ENV (4u * ((UPLOAD_ENV_MAX + 2) / 3) + 1024u)
static const route routes[N_RT] = {
    [RT_USERS] = {"POST", "/api/users", A_NONE, CAP_RECORD, "POST"},
    [RT_CHALLENGE] = {"POST", "/api/auth/challenge", A_NONE, CAP_SMALL, "POST"},
    [RT_TOKEN] = {"POST", "/api/auth/token", A_NONE, CAP_RECORD, "POST"},
    [RT_REVOKE] = {"POST", "/api/auth/revoke", A_ANY, CAP_SMALL, "POST"},
    [RT_PREKEYS] = {"PUT", "/api/users/{id}/prekeys", A_AS_ID, MSG_RELAY_MAX_BODY, "PUT"},
    [RT_BUNDLE] = {"GET", "/api/users/{id}/bundle", A_ANY, 0, "GET"},
    [RT_SEND] = {"POST", "/api/messages", A_ANY, CAP_ENV, "POST"},
    [RT_LIST] = {"GET", "/api/messages/{id}", A_AS_ID, 0, "GET"},
    [RT_GET] = {"GET", "/api/messages/{id}/{index}", A_AS_ID, 0, "GET, DELETE"},
    [RT_DEL] = {"DELETE", "/api/messages/{id}/{index}", A_AS_ID, 0, "GET, DELETE"},
    [RT_METRICS] = {"GET", "/metrics", A_NONE, 0, "GET"},
    [RT_HEALTH] = {"GET", "/healthz", A_NONE, 0, "GET"},
    [RT_READY] = {"GET", "/readyz", A_NONE, 0, "GET"},
    [RT_NONE] = {"", "(none)", A_NONE, 0, ""},
};

const char *msg_relay_route_name(int rt) { return rt >= 0 && rt < N_RT ? routes[rt].tmpl : "(none)"; }
size_t msg_relay_body_cap(int rt) { return rt >= 0 && rt < N_RT ? routes[rt].cap : 0; }

/* A relay id: msg_uid_valid, and never a dot segment. */
static int id_ok(const char *s) { return msg_uid_valid(s) && strcmp(s, ".") != 0 && strcmp(s, "..") != 0; }

/* Strict decimal: "0" or [1-9][0-9]*, at most 18 digits (fits int64). */
static int dec_parse(const char *s, size_t n, int64_t *v)
{
    if (n == 0 || n > 18 || (s[0] == '0' && n > 1)) return 0;
    int64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        x = 10 * x + (s[i] - '0');
    }
    *v = x;
    return 1;
}

typedef struct {
    int rt;
    char id[MSG_UID_MAX + 1];
    int64_t index;
} match;

/* 0: matched (m->rt); else the status: 400 bad segment, 404, 405. */
static int route_match(const char *method, const char *path, match *m, const char **allow)
{
    m->rt = RT_NONE;
    m->id[0] = '\0';
    m->index = 0;
    if (path[0] != '/' || strchr(path, '%') != NULL) return path[0] == '/' ? 400 : 404;
    const char *seg[6];
    size_t len[6];
    int ns = 0;
    for (const char *p = path; *p == '/';) {
        p++;
        size_t l = strcspn(p, "/");
        if (ns == 6) return 404;
        if ((l == 1 && p[0] == '.') || (l == 2 && p[0] == '.' && p[1] == '.')) return 400;
        seg[ns] = p;
        len[ns++] = l;
        p += l;
    }
    int status = 404;
    for (int rt = 0; rt < RT_NONE; rt++) {
        const char *t = routes[rt].tmpl;
        int k = 0, ok = 1, bad = 0;
        char id[MSG_UID_MAX + 1] = "";
        int64_t index = 0;
        while (ok && *t == '/') {
            t++;
            size_t tl = strcspn(t, "/");
            if (k == ns) {
                ok = 0;
                break;
            }
            if (tl == 4 && memcmp(t, "{id}", 4) == 0) {
                if (len[k] == 0 || len[k] > MSG_UID_MAX) bad = 1;
                else {
                    memcpy(id, seg[k], len[k]);
                    id[len[k]] = '\0';
                    if (!id_ok(id)) bad = 1;
                }
            } else if (tl == 7 && memcmp(t, "{index}", 7) == 0) {
                if (!dec_parse(seg[k], len[k], &index)) bad = 1;
            } else if (tl != len[k] || memcmp(t, seg[k], tl) != 0) {
                ok = 0;
            }
            t += tl;
            k++;
        }
        if (!ok || k != ns) continue;
        if (bad) return 400;
        if (strcmp(routes[rt].method, method) == 0) {
            m->rt = rt;
            memcpy(m->id, id, sizeof id);
            m->index = index;
            return 0;
        }
        status = 405;
        *allow = routes[rt].allow;
    }
    return status;
}

/* ---- rate limits: token buckets ----------------------------------------------- */
/* Per source IP and per identity, for each class. Budgets (per second, burst)
 * are meant for people, not load tests: a client logs in once per 10 min
 * token, uploads a message at a time, fetches a bundle once per new contact.
 * The bursts absorb a batch send or a reinstall. Over the limit: 429 with
 * Retry-After. The tables are fixed-size and keyed by a secret hash, so a
 * flood can neither grow memory nor aim at a chosen victim's bucket; a
 * collision only ever shares (never forgets) a budget. */
enum { L_REGISTER_IP, L_CHALLENGE_IP, L_CHALLENGE_ID, L_TOKEN_IP, L_TOKEN_ID, L_SEND_IP, L_SEND_ID,
       L_BUNDLE_IP, L_BUNDLE_ID, N_LIMIT };
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
#define BUCKETS 16384
typedef struct {
    uint64_t key;
    double tokens;
    uint64_t last_ms;
} bucket;

/* ---- metrics ------------------------------------------------------------------ */
enum { R_MALFORMED, R_AUTH, R_FORBIDDEN, R_NOTFOUND, R_DUP, R_TOOBIG, R_SIG, R_STALE, R_RATE, R_METHOD,
       R_STORE, N_REASON };
static const char *const reject_names[N_REASON] = {"malformed", "unauthenticated", "forbidden", "not_found",
                                                   "duplicate", "too_large", "signature", "stale",
                                                   "rate_limited", "method", "store"};
static const int statuses[] = {200, 201, 400, 401, 403, 404, 405, 409, 413, 429, 500, 503};
#define N_STATUS (int)(sizeof statuses / sizeof statuses[0])
static const double lat_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
#define N_LAT (int)(sizeof lat_bounds / sizeof lat_bounds[0])
typedef struct {
    atomic_ullong bucket[N_LAT + 1], count, sum_ns;
} histo;
static const size_t size_bounds[4] = {6144, 8192, 16384, 65536};

struct msg_relay {
    rs_store *store;
    msg_config cfg;
    msg_relay_opts opts;
    char server_name[128];
    atomic_ullong now_override;
    uint8_t key[32];           /* the deployment's MAC key (stored in the database) */
    uint64_t hash_seed;
    pthread_mutex_t mu;        /* buckets and active */
    bucket buckets[N_LIMIT][BUCKETS];
    struct {
        int64_t num;
        uint64_t ms;
    } active[BUCKETS];
    atomic_ullong reqs[N_RT][N_STATUS + 1], rejects[N_REASON], n_stored, size_hist[5];
    histo lat[N_RT], verify;
    /* Tokens recently checked against the database (token_check): slot by
     * user number, valid for TOKEN_CACHE_MS and while tok_epoch (bumped by
     * every revoke on this relay) is unchanged. */
    pthread_mutex_t tmu;
    struct {
        uint8_t t[32];
        uint64_t until_ns, epoch;
        int64_t num, gen;
        uint8_t ik_hash[32];
        char id[MSG_UID_MAX + 1];
    } tcache[TOKEN_CACHE_SLOTS];
    atomic_ullong tok_epoch;
    pthread_t purger;
    int purger_on, stopping;
    pthread_mutex_t pmu;
    pthread_cond_t pcv;
};

static uint64_t rnow(msg_relay *r)
{
    uint64_t o = atomic_load(&r->now_override);
    return o ? o : msg_now_ms();
}
void msg_relay_set_now(msg_relay *r, uint64_t now_ms) { atomic_store(&r->now_override, now_ms); }
const char *msg_relay_backend(const msg_relay *r) { return rs_backend(r->store); }

static uint64_t mono_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void histo_add(histo *h, uint64_t ns)
{
    double s = (double)ns / 1e9;
    int b = 0;
    while (b < N_LAT && s > lat_bounds[b]) b++;
    atomic_fetch_add(&h->bucket[b], 1);
    atomic_fetch_add(&h->count, 1);
    atomic_fetch_add(&h->sum_ns, ns);
}

static int reason_of(const char *name)
{
    for (int i = 0; name && i < N_REASON; i++)
        if (strcmp(reject_names[i], name) == 0) return i;
    return -1;
}

void msg_relay_count(msg_relay *r, int rt, int status, const char *reason)
{
    int k = 0;
    if (rt < 0 || rt >= N_RT) rt = RT_NONE;
    while (k < N_STATUS && statuses[k] != status) k++;
    atomic_fetch_add(&r->reqs[rt][k], 1);
    int re = reason_of(reason);
    if (re >= 0) atomic_fetch_add(&r->rejects[re], 1);
}

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
static unsigned rate_take(msg_relay *r, int l, const char *key)
{
    double scale = r->opts.rate_scale;
    if (scale <= 0 || key == NULL || key[0] == '\0') return 0;
    double rate = limits[l].rate * scale, burst = limits[l].burst * scale;
    uint64_t h = mix(r->hash_seed, limits[l].name, key), now = rnow(r);
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
static const char *addr_key(const char *peer, char out[INET6_ADDRSTRLEN])
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
    peer = addr_key(peer, a);
    snprintf(k, sizeof k, "%s|%s", id, peer ? peer : "");
    return rate_take(r, l, k);
}

static void mark_active(msg_relay *r, int64_t num)
{
    pthread_mutex_lock(&r->mu);
    uint64_t i = (uint64_t)num * 0x9e3779b97f4a7c15ull >> 50; /* 14 bits */
    r->active[i % BUCKETS].num = num;
    r->active[i % BUCKETS].ms = rnow(r);
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
    msg_be64(n, rnow(r) + NONCE_TTL_MS);
    if (msg_random(n + 8, 8) != MSG_OK) return -1;
    mac16(r, n + 16, "AEGIS-RELAY-v2 challenge", id, n, 16);
    return 0;
}

static int nonce_ok(msg_relay *r, const char *id, const uint8_t n[32])
{
    uint8_t t[16];
    mac16(r, t, "AEGIS-RELAY-v2 challenge", id, n, 16);
    uint64_t exp = msg_rd64(n), now = rnow(r);
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
static int token_check(msg_relay *r, rs_conn *c, const char *bearer, rs_user *u)
{
    uint8_t t[32], want[32];
    if (bearer == NULL || strlen(bearer) != 64) return 0;
    for (int i = 0; i < 32; i++) {
        int hi = hexval(bearer[2 * i]), lo = hexval(bearer[2 * i + 1]);
        if (hi < 0 || lo < 0) return 0;
        t[i] = (uint8_t)(hi << 4 | lo);
    }
    uint64_t num = msg_rd64(t), exp = msg_rd64(t + 8), now = rnow(r);
    if (exp <= now || exp > now + TOKEN_TTL_MS + 1000ull * r->cfg.skew_s || num == 0 || num > INT64_MAX) return 0;
    /* The slot is chosen by the user number (public), never by the tag. */
    size_t slot = (size_t)(num % TOKEN_CACHE_SLOTS);
    uint64_t mono = mono_ns(), epoch = atomic_load(&r->tok_epoch);
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

/* ---- responses ------------------------------------------------------------------ */
typedef struct {
    msg_relay *r;
    rs_conn *c;
    const msg_relay_req *q;
    msg_relay_resp *out;
    match m;
    rs_user me;                /* the authenticated user, if authed */
    int authed;
    const char *reason;        /* rejection reason, for the metrics */
} rq;

static int reply(rq *x, int status, json_t *j)
{
    x->out->ctype = "application/json";
    x->out->body = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return status;
}

static int fail(rq *x, int status, int reason)
{
    static const char *const text[] = {[400] = "malformed", [401] = "unauthorized", [403] = "forbidden",
                                       [404] = "not found", [405] = "method not allowed", [409] = "duplicate",
                                       [413] = "too large", [429] = "too many requests",
                                       [503] = "unavailable"};
    x->reason = reject_names[reason];
    const char *t = status < (int)(sizeof text / sizeof text[0]) && text[status] ? text[status] : "error";
    return reply(x, status, json_pack("{s:s}", "error", t));
}

static int limited(rq *x, unsigned wait)
{
    x->out->retry_after = wait;
    return fail(x, 429, R_RATE);
}

/* Decode a base64 string member into a malloc'd buffer of at most cap bytes. */
static uint8_t *j_b64(json_t *o, const char *key, size_t cap, size_t *len)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (s == NULL || strlen(s) > 4 * ((cap + 2) / 3)) return NULL;
    uint8_t *b = malloc(cap ? cap : 1);
    long n = b ? msg_b64_decode(b, cap, s) : -1;
    if (n < 0) {
        free(b);
        return NULL;
    }
    *len = (size_t)n;
    return b;
}

static char *hex(const uint8_t *p, size_t n)
{
    char *s = malloc(2 * n + 1);
    for (size_t i = 0; s && i < n; i++) snprintf(s + 2 * i, 3, "%02x", p[i]);
    return s;
}

static int load_peer(rs_conn *c, const char *id, msg_peer *p, rs_user *u)
{
    msg_idrec ir;
    if (c->ops->user_get(c, id, u) != RS_OK || msg_idrec_parse(&ir, u->idrec, u->idrec_len) != MSG_OK) return 0;
    memcpy(p->uid, ir.uid, sizeof p->uid);
    memcpy(p->mldsa_pk, ir.mldsa_pk, MLDSA65_PUBLICKEYBYTES);
    memcpy(p->fndsa_pk, ir.fndsa_pk, FNDSA512_PUBLICKEYBYTES);
    /* The hash stored at registration (post_users: msg_ik_hash of these
     * keys), not recomputed per upload (2 x 21 Keccak blocks). */
    memcpy(p->ik_hash, u->ik_hash, 32);
    return 1;
}

/* ---- endpoints --------------------------------------------------------------------- */
static int post_users(rq *x, json_t *in)
{
    const char *id = json_string_value(json_object_get(in, "id"));
    const char *name = json_string_value(json_object_get(in, "name"));
    size_t n;
    uint8_t *rec = j_b64(in, "identity_record", MSG_IDREC_MAX, &n);
    msg_peer p;
    int st = 400, reason = R_MALFORMED;
    if (id == NULL || rec == NULL || !id_ok(id)) goto out;
    if (name && strlen(name) > 256) goto out;
    if (msg_identity_record_verify(&p, rec, n) != MSG_OK) {
        reason = R_SIG;
        goto out;
    }
    if (strcmp(p.uid, id) != 0) goto out;
    int rc = x->c->ops->user_add(x->c, id, name ? name : "", p.ik_hash, rec, n);
    if (rc != RS_OK) {
        st = rc == RS_DUP ? 409 : 503;
        reason = rc == RS_DUP ? R_DUP : R_STORE;
        goto out;
    }
    free(rec);
    char *h = hex(p.ik_hash, 32);
    st = reply(x, 201, json_pack("{s:s}", "ik_hash", h));
    free(h);
    return st;
out:
    free(rec);
    return fail(x, st, reason);
}

static int post_challenge(rq *x, json_t *in)
{
    const char *id = json_string_value(json_object_get(in, "id"));
    uint8_t n[32];
    if (id == NULL || !id_ok(id)) return fail(x, 400, R_MALFORMED);
    unsigned w = rate_take_pair(x->r, L_CHALLENGE_ID, id, x->q->peer);
    if (w) return limited(x, w);
    if (make_nonce(x->r, id, n) != 0) return fail(x, 503, R_STORE);
    char *nb = msg_b64_encode(n, 32);
    int st = reply(x, 200, json_pack("{s:s,s:s}", "nonce", nb, "server_name", x->r->server_name));
    free(nb);
    return st;
}

/* auth message: nonce || server_name || ik_hash || timestamp_ms (8, big-endian). */
static int post_token(rq *x, json_t *in)
{
    msg_relay *r = x->r;
    const char *id = json_string_value(json_object_get(in, "id"));
    json_t *tsj = json_object_get(in, "timestamp_ms");
    size_t sl = 0, nl = 0;
    uint8_t *sig = j_b64(in, "csig", MSG_CSIG_BYTES, &sl), *nonce = j_b64(in, "nonce", 32, &nl);
    msg_peer p;
    rs_user u;
    int st = 401, reason = R_AUTH;
    if (id == NULL || !id_ok(id) || sig == NULL || nonce == NULL || sl != MSG_CSIG_BYTES || nl != 32 ||
        !json_is_integer(tsj) || json_integer_value(tsj) < 0) {
        st = 400;
        reason = R_MALFORMED;
        goto out;
    }
    unsigned w = rate_take_pair(r, L_TOKEN_ID, id, x->q->peer);
    if (w) {
        free(sig);
        free(nonce);
        return limited(x, w);
    }
    uint64_t ts = (uint64_t)json_integer_value(tsj), now = rnow(r), skew = 1000ull * r->cfg.skew_s;
    if (!nonce_ok(r, id, nonce) || !load_peer(x->c, id, &p, &u)) goto out;
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
    char *hx = hex(t, 32);
    st = reply(x, 200, json_pack("{s:s,s:I}", "token", hx, "expires_ms", (json_int_t)exp));
    free(hx);
    free(sig);
    free(nonce);
    return st;
out:
    free(sig);
    free(nonce);
    return fail(x, st, reason);
}

static int post_revoke(rq *x)
{
    if (x->c->ops->user_revoke(x->c, x->me.id) != RS_OK) return fail(x, 503, R_STORE);
    atomic_fetch_add(&x->r->tok_epoch, 1); /* this relay's token cache */
    return reply(x, 200, json_object());
}

static int put_prekeys(rq *x, json_t *in)
{
    const char *id = x->m.id;
    msg_peer p;
    rs_user u;
    if (!load_peer(x->c, id, &p, &u)) return fail(x, 404, R_NOTFOUND);
    json_t *opks = json_object_get(in, "opk_records");
    if (opks != NULL && (!json_is_array(opks) || json_array_size(opks) > MSG_BUNDLE_MAX_OPK))
        return fail(x, 400, R_MALFORMED);
    size_t n, k = opks ? json_array_size(opks) : 0;
    msg_pkrec pr;
    uint8_t *spk = NULL, *recs = malloc((k ? k : 1) * MSG_OPKREC_BYTES);
    uint32_t ids[MSG_BUNDLE_MAX_OPK];
    int status = 400, reason = R_MALFORMED;
    if (recs == NULL) goto bad;
    if (json_object_get(in, "spk_record") != NULL) {
        spk = j_b64(in, "spk_record", MSG_SPKREC_BYTES, &n);
        if (spk == NULL || n != MSG_SPKREC_BYTES) goto bad;
        int v = msg_prekey_record_verify(&pr, 1, spk, n, &p);
        if (v != MSG_OK) {
            reason = v == MSG_ERR_SIGNATURE ? R_SIG : R_MALFORMED;
            goto bad;
        }
        if (rnow(x->r) >= pr.not_after_ms) {
            reason = R_STALE;
            goto bad;
        }
    }
    for (size_t i = 0; i < k; i++) {
        const char *s = json_string_value(json_array_get(opks, i));
        uint8_t rec[MSG_OPKREC_BYTES + 3];
        long l = s && strlen(s) <= 4 * ((MSG_OPKREC_BYTES + 2) / 3) ? msg_b64_decode(rec, sizeof rec, s) : -1;
        if (l != MSG_OPKREC_BYTES || msg_prekey_record_verify(&pr, 0, rec, (size_t)l, &p) != MSG_OK) goto bad;
        memcpy(recs + i * MSG_OPKREC_BYTES, rec, MSG_OPKREC_BYTES);
        ids[i] = msg_rd32(rec + 40);
    }
    int added = 0;
    int64_t stock = 0;
    if (x->c->ops->prekeys_put(x->c, id, spk, recs, ids, k, &added, &stock) != RS_OK) {
        status = 503;
        reason = R_STORE;
        goto bad;
    }
    free(spk);
    free(recs);
    /* The stock lets the client decide when to refill. */
    return reply(x, 200, json_pack("{s:i,s:I}", "opks_added", added, "opk_stock", (json_int_t)stock));
bad:
    free(spk);
    free(recs);
    return fail(x, status, reason);
}

/* The OPK drain budget: a requester gets at most opk_budget OPKs of one
 * target per day; past it the bundle has "opk_record": null (the SPK-only
 * last-resort path of PROTOCOL.md 6), so the target keeps its stock. */
static int get_bundle(rq *x)
{
    const char *id = x->m.id;
    rs_user u;
    uint8_t spk[MSG_SPKREC_BYTES], opk[MSG_OPKREC_BYTES];
    int have_opk = 0;
    int rc = x->c->ops->user_get(x->c, id, &u);
    if (rc != RS_OK) return rc == RS_NOTFOUND ? fail(x, 404, R_NOTFOUND) : fail(x, 503, R_STORE);
    rc = x->c->ops->bundle(x->c, id, x->me.id, rnow(x->r), strcmp(id, x->me.id) != 0, x->r->opts.opk_budget,
                           OPK_WINDOW_MS, spk, opk, &have_opk);
    if (rc != RS_OK) return rc == RS_NOTFOUND ? fail(x, 404, R_NOTFOUND) : fail(x, 503, R_STORE);
    json_t *o = json_object();
    char *b = msg_b64_encode(u.idrec, u.idrec_len);
    json_object_set_new(o, "identity_record", json_string(b));
    free(b);
    b = msg_b64_encode(spk, MSG_SPKREC_BYTES);
    json_object_set_new(o, "spk_record", json_string(b));
    free(b);
    if (have_opk) {
        b = msg_b64_encode(opk, MSG_OPKREC_BYTES);
        json_object_set_new(o, "opk_record", json_string(b));
        free(b);
    } else {
        json_object_set_new(o, "opk_record", json_null());
    }
    return reply(x, 200, o);
}

/* What the duplicate check and storage need of a verified upload. */
typedef struct {
    uint8_t sender_ik[32], msg_id[16];
} upload_meta;

/* Verify one uploaded envelope before it is stored: strict parse, the ids
 * bound to its identity hashes, freshness within the skew, both signatures.
 * Returns 0 or the status (with *reason). This is the one place a new
 * envelope type (e.g. the v2 session envelope "AEGR") is recognised by its
 * magic and verified. */
static int verify_upload(msg_relay *r, const uint8_t *env, size_t n, const msg_peer *sp, const msg_peer *rp,
                         upload_meta *meta, int *reason)
{
    msg_upload_info e; /* v1 envelope or v2 session message (session.h) */
    *reason = R_MALFORMED;
    if (msg_upload_check(&e, env, n, NULL) != MSG_OK) return 400;
    /* The ids must be the ones bound to the envelope's identity hashes. */
    if (memcmp(e.sender_ik, sp->ik_hash, 32) != 0 || memcmp(e.recipient_ik, rp->ik_hash, 32) != 0) {
        *reason = R_FORBIDDEN;
        return 403;
    }
    uint64_t now = rnow(r), skew = 1000ull * r->cfg.skew_s;
    if (e.timestamp_ms + skew < now || e.timestamp_ms > now + skew) {
        *reason = R_STALE;
        return 400;
    }
    if (msg_upload_check(&e, env, n, sp) != MSG_OK) {
        *reason = R_SIG;
        return 400;
    }
    memcpy(meta->sender_ik, e.sender_ik, 32);
    memcpy(meta->msg_id, e.msg_id, 16);
    return 0;
}

/* The duplicate record lives retention + 2 x skew (after deletion too), so
 * an acknowledged envelope cannot be uploaded again while it is fresh. */
static uint64_t seen_until(msg_relay *r)
{
    return rnow(r) + 86400000ull * r->cfg.retention_days + 2000ull * r->cfg.skew_s;
}

static int post_message(rq *x, json_t *in)
{
    msg_relay *r = x->r;
    const char *sid = json_string_value(json_object_get(in, "sender_id"));
    const char *rid = json_string_value(json_object_get(in, "recipient_id"));
    const char *c = json_string_value(json_object_get(in, "content"));
    if (sid == NULL || rid == NULL || c == NULL || !id_ok(sid) || !id_ok(rid)) return fail(x, 400, R_MALFORMED);
    if (strlen(c) > 4 * ((UPLOAD_ENV_MAX + 2) / 3)) return fail(x, 413, R_TOOBIG);
    if (strcmp(x->me.id, sid) != 0) return fail(x, 403, R_FORBIDDEN);
    msg_peer sp, rp;
    rs_user su, ru;
    if (!load_peer(x->c, sid, &sp, &su) || !load_peer(x->c, rid, &rp, &ru)) return fail(x, 404, R_NOTFOUND);
    uint8_t *env = malloc(UPLOAD_ENV_MAX + 3);
    long n = env ? msg_b64_decode(env, UPLOAD_ENV_MAX + 3, c) : -1;
    upload_meta meta;
    int st = 400, reason = R_MALFORMED;
    if (n < 0) goto bad;
    uint64_t t0 = mono_ns();
    st = verify_upload(r, env, (size_t)n, &sp, &rp, &meta, &reason);
    histo_add(&r->verify, mono_ns() - t0);
    if (st != 0) goto bad;
    int64_t index = 0;
    int rc = x->c->ops->msg_put(x->c, rid, sid, meta.sender_ik, meta.msg_id, env, (size_t)n, rnow(r),
                                seen_until(r), &index);
    if (rc != RS_OK) {
        st = rc == RS_DUP ? 409 : 503;
        reason = rc == RS_DUP ? R_DUP : R_STORE;
        goto bad;
    }
    free(env);
    atomic_fetch_add(&r->n_stored, 1);
    int b = 0;
    while (b < 4 && (size_t)n > size_bounds[b]) b++;
    atomic_fetch_add(&r->size_hist[b], 1);
    return reply(x, 201, json_pack("{s:I}", "message_index", (json_int_t)index));
bad:
    free(env);
    return fail(x, st, reason);
}

static int idx_cb(void *arg, const rs_msg *m)
{
    return json_array_append_new(arg, json_integer(m->index)) != 0;
}

static json_t *msg_json(const rs_msg *m, int with_index)
{
    char *b = msg_b64_encode(m->env, m->env_len);
    json_t *o = json_pack("{s:s,s:I,s:s}", "content", b ? b : "", "received_at", (json_int_t)m->received_ms,
                          "sender_id", m->sender_id);
    free(b);
    if (o && with_index) json_object_set_new(o, "message_index", json_integer(m->index));
    return o;
}
static int batch_cb(void *arg, const rs_msg *m) { return json_array_append_new(arg, msg_json(m, 1)) != 0; }
static int one_cb(void *arg, const rs_msg *m)
{
    *(json_t **)arg = msg_json(m, 0);
    return 0;
}

/* Query of the batch fetch: after=N and/or limit=M, each at most once,
 * strict decimal; nothing else. 0 ok, -1 malformed. */
static int batch_query(const char *q, int64_t *after, int64_t *limit)
{
    int seen_a = 0, seen_l = 0;
    *after = 0;
    *limit = BATCH_DEFAULT;
    while (*q) {
        size_t l = strcspn(q, "&");
        const char *eq = memchr(q, '=', l);
        if (eq == NULL) return -1;
        size_t kl = (size_t)(eq - q), vl = l - kl - 1;
        int64_t v;
        if (!dec_parse(eq + 1, vl, &v)) return -1;
        if (kl == 5 && memcmp(q, "after", 5) == 0 && !seen_a++) *after = v;
        else if (kl == 5 && memcmp(q, "limit", 5) == 0 && !seen_l++) *limit = v;
        else return -1;
        q += l;
        if (*q == '&') {
            q++;
            if (*q == '\0') return -1;
        }
    }
    return *limit >= 1 && *limit <= BATCH_MAX ? 0 : -1;
}

static int get_list(rq *x)
{
    const char *q = x->q->query;
    int more = 0;
    if (q == NULL || *q == '\0') {
        json_t *a = json_array();
        if (x->c->ops->msg_list(x->c, x->m.id, 0, -1, 0, idx_cb, a, &more) != RS_OK) {
            json_decref(a);
            return fail(x, 503, R_STORE);
        }
        return reply(x, 200, json_pack("{s:o}", "message_indexes", a));
    }
    int64_t after, limit;
    if (batch_query(q, &after, &limit) != 0) return fail(x, 400, R_MALFORMED);
    json_t *a = json_array();
    if (x->c->ops->msg_list(x->c, x->m.id, after, (int)limit, 1, batch_cb, a, &more) != RS_OK) {
        json_decref(a);
        return fail(x, 503, R_STORE);
    }
    return reply(x, 200, json_pack("{s:o,s:b}", "messages", a, "more", more));
}

static int get_one(rq *x)
{
    json_t *o = NULL;
    if (x->m.index <= 0) return fail(x, 404, R_NOTFOUND);
    int rc = x->c->ops->msg_get(x->c, x->m.id, x->m.index, one_cb, &o);
    if (rc == RS_OK && o) return reply(x, 200, o);
    json_decref(o);
    return rc == RS_NOTFOUND ? fail(x, 404, R_NOTFOUND) : fail(x, 503, R_STORE);
}

static int del_one(rq *x)
{
    if (x->m.index <= 0) return fail(x, 404, R_NOTFOUND);
    int rc = x->c->ops->msg_del(x->c, x->m.id, x->m.index, seen_until(x->r));
    if (rc == RS_OK) return reply(x, 200, json_object());
    return rc == RS_NOTFOUND ? fail(x, 404, R_NOTFOUND) : fail(x, 503, R_STORE);
}

/* ---- metrics (Prometheus text format 0.0.4) ------------------------------------- */
static void histo_print(FILE *f, const char *name, const char *labels, const histo *h)
{
    unsigned long long cum = 0;
    for (int b = 0; b <= N_LAT; b++) {
        cum += atomic_load(&h->bucket[b]);
        if (b < N_LAT) fprintf(f, "%s_bucket{%s%sle=\"%g\"} %llu\n", name, labels, *labels ? "," : "", lat_bounds[b], cum);
        else fprintf(f, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels, *labels ? "," : "", cum);
    }
    fprintf(f, "%s_sum%s%s%s %.6f\n%s_count%s%s%s %llu\n", name, *labels ? "{" : "", labels, *labels ? "}" : "",
            (double)atomic_load(&h->sum_ns) / 1e9, name, *labels ? "{" : "", labels, *labels ? "}" : "",
            (unsigned long long)atomic_load(&h->count));
}

static int metrics(rq *x)
{
    msg_relay *r = x->r;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL) return fail(x, 503, R_STORE);
    fprintf(f, "# HELP aegis_relay_requests_total Requests by route template and HTTP status.\n"
               "# TYPE aegis_relay_requests_total counter\n");
    for (int rt = 0; rt < N_RT; rt++)
        for (int k = 0; k <= N_STATUS; k++) {
            unsigned long long v = atomic_load(&r->reqs[rt][k]);
            if (v == 0) continue;
            fprintf(f, "aegis_relay_requests_total{route=\"%s %s\",status=\"%d\"} %llu\n", routes[rt].method,
                    routes[rt].tmpl, k < N_STATUS ? statuses[k] : 0, v);
        }
    fprintf(f, "# HELP aegis_relay_request_duration_seconds Time to answer a request (body read), by route.\n"
               "# TYPE aegis_relay_request_duration_seconds histogram\n");
    for (int rt = 0; rt < N_RT; rt++) {
        char lab[96];
        snprintf(lab, sizeof lab, "route=\"%s %s\"", routes[rt].method, routes[rt].tmpl);
        histo_print(f, "aegis_relay_request_duration_seconds", lab, &r->lat[rt]);
    }
    fprintf(f, "# HELP aegis_relay_upload_verify_seconds Time to verify one uploaded envelope.\n"
               "# TYPE aegis_relay_upload_verify_seconds histogram\n");
    histo_print(f, "aegis_relay_upload_verify_seconds", "", &r->verify);
    fprintf(f, "# HELP aegis_relay_rejected_total Rejected requests by coarse reason.\n"
               "# TYPE aegis_relay_rejected_total counter\n");
    for (int i = 0; i < N_REASON; i++)
        fprintf(f, "aegis_relay_rejected_total{reason=\"%s\"} %llu\n", reject_names[i],
                (unsigned long long)atomic_load(&r->rejects[i]));
    fprintf(f, "# HELP aegis_relay_envelopes_stored_total Envelopes accepted by this process.\n"
               "# TYPE aegis_relay_envelopes_stored_total counter\n"
               "aegis_relay_envelopes_stored_total %llu\n", (unsigned long long)atomic_load(&r->n_stored));
    fprintf(f, "# HELP aegis_relay_envelope_bytes Sizes of accepted envelopes.\n"
               "# TYPE aegis_relay_envelope_bytes histogram\n");
    unsigned long long cum = 0;
    for (int i = 0; i < 5; i++) {
        cum += atomic_load(&r->size_hist[i]);
        if (i < 4) fprintf(f, "aegis_relay_envelope_bytes_bucket{le=\"%zu\"} %llu\n", size_bounds[i], cum);
    }
    fprintf(f, "aegis_relay_envelope_bytes_bucket{le=\"+Inf\"} %llu\naegis_relay_envelope_bytes_count %llu\n", cum, cum);
    uint64_t now = rnow(r);
    long active = 0;
    pthread_mutex_lock(&r->mu);
    for (int i = 0; i < BUCKETS; i++) active += r->active[i].num != 0 && r->active[i].ms + ACTIVE_WINDOW_MS > now;
    pthread_mutex_unlock(&r->mu);
    fprintf(f, "# HELP aegis_relay_active_users Users authenticated at this process in the last 5 minutes.\n"
               "# TYPE aegis_relay_active_users gauge\naegis_relay_active_users %ld\n", active);
    rs_stats s;
    memset(&s, 0, sizeof s);
    if (x->c->ops->stats(x->c, &s) == RS_OK)
        fprintf(f, "# HELP aegis_relay_users Registered users.\n# TYPE aegis_relay_users gauge\naegis_relay_users %lld\n"
                   "# HELP aegis_relay_envelopes_queued Envelopes waiting for their recipient.\n"
                   "# TYPE aegis_relay_envelopes_queued gauge\naegis_relay_envelopes_queued %lld\n"
                   "# HELP aegis_relay_opk_stock One-time prekeys held for all users.\n"
                   "# TYPE aegis_relay_opk_stock gauge\naegis_relay_opk_stock %lld\n",
                (long long)s.users, (long long)s.queued, (long long)s.opk_stock);
    if (s.commits > 0)
        fprintf(f, "# HELP aegis_relay_group_commits_total Upload transactions (SQLite group commit).\n"
                   "# TYPE aegis_relay_group_commits_total counter\naegis_relay_group_commits_total %lld\n"
                   "# HELP aegis_relay_group_committed_total Envelopes stored by those transactions.\n"
                   "# TYPE aegis_relay_group_committed_total counter\naegis_relay_group_committed_total %lld\n",
                (long long)s.commits, (long long)s.committed);
    fclose(f);
    x->out->body = buf;
    x->out->ctype = "text/plain; version=0.0.4";
    return 200;
}

/* ---- the request pipeline -------------------------------------------------------- */
/* Route, size, limits by address, authorization: everything decided from the
 * request line and headers. 0 to go on, else the status (x->out filled). */
static int gate(rq *x, uint64_t declared, int take_limits)
{
    const msg_relay_req *q = x->q;
    const char *allow = NULL;
    int st = route_match(q->method, q->path, &x->m, &allow);
    x->out->route = x->m.rt;
    if (st == 405) {
        x->out->allow = allow;
        return fail(x, 405, R_METHOD);
    }
    if (st != 0) return fail(x, st, st == 404 ? R_NOTFOUND : R_MALFORMED);
    int rt = x->m.rt;
    if (rt == RT_METRICS && q->public_port) {
        x->m.rt = x->out->route = RT_NONE;
        return fail(x, 404, R_NOTFOUND);
    }
    if (declared != UINT64_MAX && declared > routes[rt].cap) return fail(x, 413, R_TOOBIG);
    if (take_limits) {
        static const int ip_limit[N_RT] = {[RT_USERS] = L_REGISTER_IP + 1, [RT_CHALLENGE] = L_CHALLENGE_IP + 1,
                                           [RT_TOKEN] = L_TOKEN_IP + 1, [RT_SEND] = L_SEND_IP + 1,
                                           [RT_BUNDLE] = L_BUNDLE_IP + 1};
        char a[INET6_ADDRSTRLEN];
        unsigned w = ip_limit[rt] ? rate_take(x->r, ip_limit[rt] - 1, addr_key(q->peer, a)) : 0;
        if (w) return limited(x, w);
    }
    if (routes[rt].auth == A_NONE) return 0;
    if (!token_check(x->r, x->c, q->bearer, &x->me)) return fail(x, 401, R_AUTH);
    x->authed = 1;
    if (routes[rt].auth == A_AS_ID && strcmp(x->me.id, x->m.id) != 0) return fail(x, 403, R_FORBIDDEN);
    if (take_limits && (rt == RT_SEND || rt == RT_BUNDLE)) {
        unsigned w = rate_take(x->r, rt == RT_SEND ? L_SEND_ID : L_BUNDLE_ID, x->me.id);
        if (w) return limited(x, w);
    }
    return 0;
}

static const char *safe_method(const char *m)
{
    static const char *const known[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(m, known[i]) == 0) return known[i];
    return "OTHER";
}

static void finish(rq *x, int status, uint64_t t0)
{
    uint64_t ns = mono_ns() - t0;
    int rt = x->out->route;
    msg_relay_count(x->r, rt, status, status >= 400 ? x->reason : NULL);
    histo_add(&x->r->lat[rt >= 0 && rt < N_RT ? rt : RT_NONE], ns);
    /* The access log: no ids, tokens, addresses or bodies. */
    msg_log(MSG_LOG_INFO, "relay: %s %s %d %.3f ms", safe_method(x->q->method), msg_relay_route_name(rt), status,
            (double)ns / 1e6);
}

int msg_relay_precheck(msg_relay *r, const msg_relay_req *q, uint64_t declared, msg_relay_resp *out)
{
    uint64_t t0 = mono_ns();
    memset(out, 0, sizeof *out);
    out->route = RT_NONE;
    rq x = {r, rs_acquire(r->store), q, out, {RT_NONE, "", 0}, {0}, 0, NULL};
    int st = gate(&x, declared, 1);
    rs_release(r->store, x.c);
    msg_wipe(&x.me, sizeof x.me);
    if (st != 0) finish(&x, st, t0);
    return st;
}

int msg_relay_serve(msg_relay *r, const msg_relay_req *q, msg_relay_resp *out)
{
    uint64_t t0 = mono_ns();
    memset(out, 0, sizeof *out);
    out->route = RT_NONE;
    rq x = {r, rs_acquire(r->store), q, out, {RT_NONE, "", 0}, {0}, 0, NULL};
    /* A front end that ran msg_relay_precheck has taken the rate-limit tokens. */
    int st = gate(&x, q->body_len, !q->prechecked);
    json_t *in = NULL;
    if (st == 0 && routes[x.m.rt].cap > 0 && (q->body_len > 0 || x.m.rt != RT_REVOKE)) {
        json_error_t je;
        in = json_loadb((const char *)q->body, q->body_len, JSON_REJECT_DUPLICATES, &je);
        if (!json_is_object(in)) st = fail(&x, 400, R_MALFORMED);
    }
    if (st == 0) switch (x.m.rt) {
        case RT_USERS: st = post_users(&x, in); break;
        case RT_CHALLENGE: st = post_challenge(&x, in); break;
        case RT_TOKEN: st = post_token(&x, in); break;
        case RT_REVOKE: st = post_revoke(&x); break;
        case RT_PREKEYS: st = put_prekeys(&x, in); break;
        case RT_BUNDLE: st = get_bundle(&x); break;
        case RT_SEND: st = post_message(&x, in); break;
        case RT_LIST: st = get_list(&x); break;
        case RT_GET: st = get_one(&x); break;
        case RT_DEL: st = del_one(&x); break;
        case RT_METRICS: st = metrics(&x); break;
        case RT_HEALTH: st = reply(&x, 200, json_pack("{s:s}", "status", "ok")); break;
        case RT_READY:
            st = x.c->ops->ping(x.c) == RS_OK ? reply(&x, 200, json_pack("{s:s}", "status", "ready"))
                                               : fail(&x, 503, R_STORE);
            break;
        default: st = fail(&x, 404, R_NOTFOUND); break;
        }
    json_decref(in);
    rs_release(r->store, x.c);
    msg_wipe(&x.me, sizeof x.me);
    finish(&x, st, t0);
    return st;
}

int msg_relay_handle(msg_relay *r, const char *method, const char *path, const uint8_t *body, size_t body_len,
                     const char *bearer, char **resp, const char **ctype)
{
    char p[2048];
    const char *qm = strchr(path, '?');
    size_t pl = qm ? (size_t)(qm - path) : strlen(path);
    msg_relay_resp out;
    if (pl >= sizeof p) pl = sizeof p - 1;
    memcpy(p, path, pl);
    p[pl] = '\0';
    msg_relay_req q = {method, p, qm ? qm + 1 : NULL, body, body_len, bearer, NULL, 0, 0};
    int st = msg_relay_serve(r, &q, &out);
    *resp = out.body;
    *ctype = out.ctype ? out.ctype : "application/json";
    return st;
}

/* ---- lifecycle ---------------------------------------------------------------------- */
void msg_relay_purge(msg_relay *r)
{
    rs_conn *c = rs_acquire(r->store);
    if (c->ops->purge(c, rnow(r), 86400000ull * r->cfg.retention_days) != RS_OK)
        msg_log(MSG_LOG_WARN, "relay: retention purge failed");
    rs_release(r->store, c);
}

static void *purger(void *arg)
{
    msg_relay *r = arg;
    pthread_mutex_lock(&r->pmu);
    while (!r->stopping) {
        pthread_mutex_unlock(&r->pmu);
        msg_relay_purge(r);
        pthread_mutex_lock(&r->pmu);
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_sec += r->opts.purge_interval_s;
        while (!r->stopping && pthread_cond_timedwait(&r->pcv, &r->pmu, &t) == 0) {
        }
    }
    pthread_mutex_unlock(&r->pmu);
    return NULL;
}

void msg_relay_opts_default(msg_relay_opts *o)
{
    o->connections = 4;
    o->rate_scale = 1.0;
    o->opk_budget = 3;
    o->purge_interval_s = 60;
}

int msg_relay_open_opts(msg_relay **out, const char *db, const msg_config *cfg, const char *server_name,
                        const msg_relay_opts *o)
{
    *out = NULL;
    msg_relay *r = calloc(1, sizeof *r);
    if (r == NULL) return MSG_ERR_NOMEM;
    r->cfg = *cfg;
    r->opts = *o;
    if (r->opts.connections == 0) r->opts.connections = 1;
    snprintf(r->server_name, sizeof r->server_name, "%s", server_name);
    pthread_mutex_init(&r->mu, NULL);
    pthread_mutex_init(&r->pmu, NULL);
    pthread_mutex_init(&r->tmu, NULL);
    pthread_cond_init(&r->pcv, NULL);
    char e[256] = "";
    uint8_t cand[32], seed[8];
    if (rs_open(&r->store, db, r->opts.connections, e, sizeof e) != RS_OK) {
        msg_log(MSG_LOG_ERROR, "relay: %s", e);
        goto fail;
    }
    rs_conn *c = rs_acquire(r->store);
    int ok = msg_random(cand, 32) == MSG_OK && msg_random(seed, 8) == MSG_OK &&
             c->ops->server_key(c, cand, r->key) == RS_OK;
    rs_release(r->store, c);
    msg_wipe(cand, sizeof cand);
    if (!ok) goto fail;
    r->hash_seed = msg_rd64(seed);
    if (r->opts.purge_interval_s > 0) {
        if (pthread_create(&r->purger, NULL, purger, r) != 0) goto fail;
        r->purger_on = 1;
    }
    *out = r;
    return MSG_OK;
fail:
    rs_close(r->store);
    free(r);
    return MSG_ERR_STORE;
}

int msg_relay_open(msg_relay **r, const char *db_path, const msg_config *cfg, const char *server_name)
{
    msg_relay_opts o;
    msg_relay_opts_default(&o);
    o.purge_interval_s = 0;
    return msg_relay_open_opts(r, db_path, cfg, server_name, &o);
}

void msg_relay_close(msg_relay *r)
{
    if (r == NULL) return;
    if (r->purger_on) {
        pthread_mutex_lock(&r->pmu);
        r->stopping = 1;
        pthread_cond_signal(&r->pcv);
        pthread_mutex_unlock(&r->pmu);
        pthread_join(r->purger, NULL);
    }
    rs_close(r->store);
    pthread_mutex_destroy(&r->mu);
    pthread_mutex_destroy(&r->pmu);
    pthread_mutex_destroy(&r->tmu);
    pthread_cond_destroy(&r->pcv);
    msg_wipe(r->key, sizeof r->key);
    msg_wipe(r->tcache, sizeof r->tcache);
    free(r);
}
