/*
 * relay_core.c -- the relay's REST API (msg/PROTOCOL.md 14): the route table
 * matched on the raw path, the request pipeline (route, size, rate limits,
 * authorization, then the endpoint), the answers, and the relay's
 * lifecycle. Access control is relay_auth.c, the endpoints of the mailbox
 * relay_mailbox.c, counters and /metrics relay_metrics.c, all over the
 * storage interface of relay_store.h. Nothing secret is stored. Every
 * upload is verified; clients still verify everything themselves. Errors:
 * 400 malformed, 401, 403, 404, 405, 409 duplicate, 413 too large, 429 --
 * with no detail that could serve as an oracle.
 */
#define _POSIX_C_SOURCE 200809L
#include "relay_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- routes (PROTOCOL.md 14) ------------------------------------------------- */
/* Caps: the largest valid body of each route, base64 and JSON included. */
#define CAP_SMALL 1024u
#define CAP_RECORD 16384u
#define CAP_ENV (4u * ((UPLOAD_ENV_MAX + 2) / 3) + 1024u)
const route relay_routes[N_RT] = {
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

const char *msg_relay_route_name(int rt) { return rt >= 0 && rt < N_RT ? relay_routes[rt].tmpl : "(none)"; }
size_t msg_relay_body_cap(int rt) { return rt >= 0 && rt < N_RT ? relay_routes[rt].cap : 0; }

/* A relay id: msg_uid_valid, and never a dot segment. */
int relay_id_ok(const char *s) { return msg_uid_valid(s) && strcmp(s, ".") != 0 && strcmp(s, "..") != 0; }

/* Strict decimal: "0" or [1-9][0-9]*, at most 18 digits (fits int64). */
int relay_dec_parse(const char *s, size_t n, int64_t *v)
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
        const char *t = relay_routes[rt].tmpl;
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
                    if (!relay_id_ok(id)) bad = 1;
                }
            } else if (tl == 7 && memcmp(t, "{index}", 7) == 0) {
                if (!relay_dec_parse(seg[k], len[k], &index)) bad = 1;
            } else if (tl != len[k] || memcmp(t, seg[k], tl) != 0) {
                ok = 0;
            }
            t += tl;
            k++;
        }
        if (!ok || k != ns) continue;
        if (bad) return 400;
        if (strcmp(relay_routes[rt].method, method) == 0) {
            m->rt = rt;
            memcpy(m->id, id, sizeof id);
            m->index = index;
            return 0;
        }
        status = 405;
        *allow = relay_routes[rt].allow;
    }
    return status;
}

/* ---- clocks ------------------------------------------------------------------ */
/* Wall clock in ms (a test may set it), for expiries and freshness. */
uint64_t relay_now(msg_relay *r)
{
    uint64_t o = atomic_load(&r->now_override);
    return o ? o : msg_now_ms();
}
void msg_relay_set_now(msg_relay *r, uint64_t now_ms) { atomic_store(&r->now_override, now_ms); }
const char *msg_relay_backend(const msg_relay *r) { return rs_backend(r->store); }

/* Monotonic ns, for durations and the token cache. */
uint64_t relay_mono_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/* ---- responses ------------------------------------------------------------------ */
int relay_reply(rq *x, int status, json_t *j)
{
    x->out->ctype = "application/json";
    x->out->body = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return status;
}

int relay_fail(rq *x, int status, int reason)
{
    static const char *const text[] = {[400] = "malformed", [401] = "unauthorized", [403] = "forbidden",
                                       [404] = "not found", [405] = "method not allowed", [409] = "duplicate",
                                       [413] = "too large", [429] = "too many requests",
                                       [503] = "unavailable"};
    x->reason = relay_reject_names[reason];
    const char *t = status < (int)(sizeof text / sizeof text[0]) && text[status] ? text[status] : "error";
    return relay_reply(x, status, json_pack("{s:s}", "error", t));
}

int relay_limited(rq *x, unsigned wait)
{
    x->out->retry_after = wait;
    return relay_fail(x, 429, R_RATE);
}

/* Decode a base64 string member into a malloc'd buffer of at most cap bytes. */
uint8_t *relay_j_b64(json_t *o, const char *key, size_t cap, size_t *len)
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

char *relay_hex(const uint8_t *p, size_t n)
{
    char *s = malloc(2 * n + 1);
    for (size_t i = 0; s && i < n; i++) snprintf(s + 2 * i, 3, "%02x", p[i]);
    return s;
}

int relay_load_peer(rs_conn *c, const char *id, msg_peer *p, rs_user *u)
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
        return relay_fail(x, 405, R_METHOD);
    }
    if (st != 0) return relay_fail(x, st, st == 404 ? R_NOTFOUND : R_MALFORMED);
    int rt = x->m.rt;
    if (rt == RT_METRICS && q->public_port) {
        x->m.rt = x->out->route = RT_NONE;
        return relay_fail(x, 404, R_NOTFOUND);
    }
    if (declared != UINT64_MAX && declared > relay_routes[rt].cap) return relay_fail(x, 413, R_TOOBIG);
    if (take_limits) {
        static const int ip_limit[N_RT] = {[RT_USERS] = L_REGISTER_IP + 1, [RT_CHALLENGE] = L_CHALLENGE_IP + 1,
                                           [RT_TOKEN] = L_TOKEN_IP + 1, [RT_SEND] = L_SEND_IP + 1,
                                           [RT_BUNDLE] = L_BUNDLE_IP + 1};
        char a[INET6_ADDRSTRLEN];
        unsigned w = ip_limit[rt] ? relay_rate_take(x->r, ip_limit[rt] - 1, relay_addr_key(q->peer, a)) : 0;
        if (w) return relay_limited(x, w);
    }
    if (relay_routes[rt].auth == A_NONE) return 0;
    if (!relay_token_check(x->r, x->c, q->bearer, &x->me)) return relay_fail(x, 401, R_AUTH);
    x->authed = 1;
    if (relay_routes[rt].auth == A_AS_ID && strcmp(x->me.id, x->m.id) != 0) return relay_fail(x, 403, R_FORBIDDEN);
    if (take_limits && (rt == RT_SEND || rt == RT_BUNDLE)) {
        unsigned w = relay_rate_take(x->r, rt == RT_SEND ? L_SEND_ID : L_BUNDLE_ID, x->me.id);
        if (w) return relay_limited(x, w);
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
    uint64_t ns = relay_mono_ns() - t0;
    int rt = x->out->route;
    msg_relay_count(x->r, rt, status, status >= 400 ? x->reason : NULL);
    relay_histo_add(&x->r->lat[rt >= 0 && rt < N_RT ? rt : RT_NONE], ns);
    /* The access log: no ids, tokens, addresses or bodies. */
    msg_log(MSG_LOG_INFO, "relay: %s %s %d %.3f ms", safe_method(x->q->method), msg_relay_route_name(rt), status,
            (double)ns / 1e6);
}

int msg_relay_precheck(msg_relay *r, const msg_relay_req *q, uint64_t declared, msg_relay_resp *out)
{
    uint64_t t0 = relay_mono_ns();
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
    uint64_t t0 = relay_mono_ns();
    memset(out, 0, sizeof *out);
    out->route = RT_NONE;
    rq x = {r, rs_acquire(r->store), q, out, {RT_NONE, "", 0}, {0}, 0, NULL};
    /* A front end that ran msg_relay_precheck has taken the rate-limit tokens. */
    int st = gate(&x, q->body_len, !q->prechecked);
    json_t *in = NULL;
    if (st == 0 && relay_routes[x.m.rt].cap > 0 && (q->body_len > 0 || x.m.rt != RT_REVOKE)) {
        json_error_t je;
        in = json_loadb((const char *)q->body, q->body_len, JSON_REJECT_DUPLICATES, &je);
        if (!json_is_object(in)) st = relay_fail(&x, 400, R_MALFORMED);
    }
    if (st == 0) switch (x.m.rt) {
        case RT_USERS: st = relay_post_users(&x, in); break;
        case RT_CHALLENGE: st = relay_post_challenge(&x, in); break;
        case RT_TOKEN: st = relay_post_token(&x, in); break;
        case RT_REVOKE: st = relay_post_revoke(&x); break;
        case RT_PREKEYS: st = relay_put_prekeys(&x, in); break;
        case RT_BUNDLE: st = relay_get_bundle(&x); break;
        case RT_SEND: st = relay_post_message(&x, in); break;
        case RT_LIST: st = relay_get_list(&x); break;
        case RT_GET: st = relay_get_one(&x); break;
        case RT_DEL: st = relay_del_one(&x); break;
        case RT_METRICS: st = relay_metrics(&x); break;
        case RT_HEALTH: st = relay_reply(&x, 200, json_pack("{s:s}", "status", "ok")); break;
        case RT_READY:
            st = x.c->ops->ping(x.c) == RS_OK ? relay_reply(&x, 200, json_pack("{s:s}", "status", "ready"))
                                               : relay_fail(&x, 503, R_STORE);
            break;
        default: st = relay_fail(&x, 404, R_NOTFOUND); break;
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
    if (c->ops->purge(c, relay_now(r), 86400000ull * r->cfg.retention_days) != RS_OK)
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
