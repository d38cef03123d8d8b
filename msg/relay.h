/*
 * relay.h -- the AEGIS-MSG mailbox relay (msg/PROTOCOL.md 14): request
 * handling without HTTP, so tests drive it directly; relay.c puts it behind
 * libmicrohttpd. The relay stores only public records and envelopes, and
 * verifies every upload (strict parse, both signatures, ids, freshness,
 * duplicates) before storing it. Errors are coarse on purpose. Storage is
 * relay_store.h (SQLite or PostgreSQL). Every function here is thread safe.
 */
#ifndef AEGIS_MSG_RELAY_H
#define AEGIS_MSG_RELAY_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"

#define MSG_RELAY_MAX_BODY (1u << 20)

typedef struct msg_relay msg_relay;

typedef struct {
    unsigned connections;      /* database connections (one per worker thread); default 4 */
    double rate_scale;         /* multiplies every rate limit and burst; 0 = no limits; default 1 */
    uint32_t opk_budget;       /* OPKs per (requester, target) per day; default 3 */
    unsigned purge_interval_s; /* retention purge timer; 0 = none (call msg_relay_purge); default 60 */
} msg_relay_opts;
void msg_relay_opts_default(msg_relay_opts *o);

/* db: a SQLite path or a "postgresql://" URL. */
int msg_relay_open(msg_relay **r, const char *db_path, const msg_config *cfg, const char *server_name);
int msg_relay_open_opts(msg_relay **r, const char *db, const msg_config *cfg, const char *server_name,
                        const msg_relay_opts *o);
void msg_relay_close(msg_relay *r);
void msg_relay_set_now(msg_relay *r, uint64_t now_ms); /* tests; 0 = real clock */
const char *msg_relay_backend(const msg_relay *r);      /* "sqlite" or "postgresql" */

/* One request as it came off the wire: path and query undecoded. */
typedef struct {
    const char *method;
    const char *path;          /* raw path, no query */
    const char *query;         /* raw query after '?', or NULL */
    const uint8_t *body;
    size_t body_len;
    const char *bearer;        /* the token after "Bearer ", or NULL */
    const char *peer;          /* source address (rate limits), or NULL */
    int public_port;           /* 1: /metrics is not served here */
    int prechecked;            /* 1: msg_relay_precheck passed (its rate-limit tokens are taken) */
} msg_relay_req;

typedef struct {
    char *body;                /* malloc'd */
    const char *ctype;
    unsigned retry_after;      /* seconds, with 429 */
    const char *allow;         /* with 405 */
    int route;                 /* route number (msg_relay_route_name) */
} msg_relay_resp;

/* Before the body is read: route, method, authorization, rate limits and
 * the declared size (UINT64_MAX: unknown, e.g. chunked). Returns 0 to go
 * on (out->route set), else the final status with out filled. */
int msg_relay_precheck(msg_relay *r, const msg_relay_req *q, uint64_t declared_len, msg_relay_resp *out);
/* The largest body the route takes (413 past it, counted as it streams). */
size_t msg_relay_body_cap(int route);
/* The whole request. Returns the HTTP status; one access-log line. */
int msg_relay_serve(msg_relay *r, const msg_relay_req *q, msg_relay_resp *out);
const char *msg_relay_route_name(int route);
/* Record a request the front end answered itself (e.g. 413 mid-body). */
void msg_relay_count(msg_relay *r, int route, int status, const char *reason);
/* Retention purge now (the timer calls it). */
void msg_relay_purge(msg_relay *r);

/* v1 entry point: path may carry "?query"; no peer, metrics served.
 * Returns the HTTP status; *resp is a malloc'd body, *ctype its type. */
int msg_relay_handle(msg_relay *r, const char *method, const char *path, const uint8_t *body,
                     size_t body_len, const char *bearer, char **resp, const char **ctype);

/* RFC 4648 base64 (standard alphabet, padded). decode is strict: returns the
 * length, or -1 on any non-canonical input; out needs 3 * (len / 4) bytes. */
char *msg_b64_encode(const uint8_t *p, size_t n);
long msg_b64_decode(uint8_t *out, size_t cap, const char *s);

#endif
