/*
 * relay_internal.h -- private to the relay's files: what the request
 * pipeline (relay_core.c), access control (relay_auth.c), the mailbox
 * endpoints (relay_mailbox.c) and the metrics (relay_metrics.c) share: the
 * relay object, one request in flight (rq), the route, limit and reason
 * numbers, and the helpers each file takes from another (prefix relay_).
 */
#ifndef AEGIS_MSG_RELAY_INTERNAL_H
#define AEGIS_MSG_RELAY_INTERNAL_H

#include <arpa/inet.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "relay.h"
#include "relay_store.h"
#include "session.h"

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

/* ---- routes (PROTOCOL.md 14; the table is in relay_core.c) ------------------ */
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
extern const route relay_routes[N_RT];

typedef struct {
    int rt;
    char id[MSG_UID_MAX + 1];
    int64_t index;
} match;

/* ---- rate limits: token buckets (budgets in relay_auth.c) --------------------- */
enum { L_REGISTER_IP, L_CHALLENGE_IP, L_CHALLENGE_ID, L_TOKEN_IP, L_TOKEN_ID, L_SEND_IP, L_SEND_ID,
       L_BUNDLE_IP, L_BUNDLE_ID, N_LIMIT };
#define BUCKETS 16384
typedef struct {
    uint64_t key;
    double tokens;
    uint64_t last_ms;
} bucket;

/* ---- metrics (relay_metrics.c) ---------------------------------------------- */
enum { R_MALFORMED, R_AUTH, R_FORBIDDEN, R_NOTFOUND, R_DUP, R_TOOBIG, R_SIG, R_STALE, R_RATE, R_METHOD,
       R_STORE, N_REASON };
extern const char *const relay_reject_names[N_REASON];
#define N_STATUS 12 /* the HTTP statuses counted (relay_metrics.c) */
#define N_LAT 12    /* latency histogram bounds (relay_metrics.c) */
typedef struct {
    atomic_ullong bucket[N_LAT + 1], count, sum_ns;
} histo;

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
    /* Tokens recently checked against the database (relay_token_check): slot by
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

/* One request in flight. */
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

/* relay_core.c: clocks, answers, and what several endpoints parse. */
uint64_t relay_now(msg_relay *r);
uint64_t relay_mono_ns(void);
int relay_reply(rq *x, int status, json_t *j);
int relay_fail(rq *x, int status, int reason);
int relay_limited(rq *x, unsigned wait);
int relay_id_ok(const char *s);
int relay_dec_parse(const char *s, size_t n, int64_t *v);
uint8_t *relay_j_b64(json_t *o, const char *key, size_t cap, size_t *len);
char *relay_hex(const uint8_t *p, size_t n);
int relay_load_peer(rs_conn *c, const char *id, msg_peer *p, rs_user *u);

/* relay_auth.c: rate limits, tokens, and the login endpoints. */
unsigned relay_rate_take(msg_relay *r, int l, const char *key);
const char *relay_addr_key(const char *peer, char out[INET6_ADDRSTRLEN]);
int relay_token_check(msg_relay *r, rs_conn *c, const char *bearer, rs_user *u);
int relay_post_challenge(rq *x, json_t *in);
int relay_post_token(rq *x, json_t *in);
int relay_post_revoke(rq *x);

/* relay_mailbox.c: users, prekeys, bundles, messages. */
int relay_post_users(rq *x, json_t *in);
int relay_put_prekeys(rq *x, json_t *in);
int relay_get_bundle(rq *x);
int relay_post_message(rq *x, json_t *in);
int relay_get_list(rq *x);
int relay_get_one(rq *x);
int relay_del_one(rq *x);

/* relay_metrics.c: counters, histograms, GET /metrics. */
void relay_histo_add(histo *h, uint64_t ns);
void relay_count_stored(msg_relay *r, size_t env_len);
int relay_metrics(rq *x);

#endif
