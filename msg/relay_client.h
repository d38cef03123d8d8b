/*
 * relay_client.h -- the client side of the relay API (msg/PROTOCOL.md 14):
 * HTTP(S) through libcurl, and the register / send / fetch flows behind
 * `aegis register|send|fetch --relay URL`. Everything fetched is verified
 * locally exactly as in file mode; the relay is never trusted.
 */
#ifndef AEGIS_MSG_RELAY_CLIENT_H
#define AEGIS_MSG_RELAY_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"

/* ---- transport --------------------------------------------------------- */
typedef struct msg_http msg_http;

typedef struct {
    const char *cacert;         /* PEM file of trusted CAs; NULL = the system store */
    unsigned connect_timeout_s; /* 0 = MSG_HTTP_CONNECT_TIMEOUT_S */
    unsigned timeout_s;         /* per request (one attempt), 0 = MSG_HTTP_TIMEOUT_S */
    unsigned max_retries;       /* on 429/503; MSG_HTTP_RETRIES_DEFAULT if retries_set is 0 */
    int retries_set;
    unsigned max_wait_s;        /* longest Retry-After honoured, 0 = MSG_HTTP_MAX_WAIT_S */
} msg_http_opts;

#define MSG_HTTP_CONNECT_TIMEOUT_S 10
#define MSG_HTTP_TIMEOUT_S 60
#define MSG_HTTP_RETRIES_DEFAULT 4
#define MSG_HTTP_MAX_WAIT_S 30
#define MSG_HTTP_MAX_RESPONSE (32u << 20) /* a batch of 100 largest envelopes is ~9 MB */

typedef struct {
    unsigned requests;    /* exchanges that got an HTTP status (retries included) */
    unsigned connections; /* new TCP connections opened (connection reuse keeps this at 1) */
    unsigned retries;     /* 429/503 answers retried */
} msg_http_stats;

/* A client for one relay base URL: http:// or https://, a host, an optional
 * port and path prefix; no user info, query or fragment. One libcurl handle,
 * so the connection (and TLS session) is reused by every request of a run.
 * MSG_ERR_ARG: the URL is malformed (a usage error for the CLI). opts NULL =
 * defaults. */
int msg_http_open(msg_http **h, const char *base, const msg_http_opts *opts);
void msg_http_close(msg_http *h);
const char *msg_http_base(const msg_http *h); /* the normalised base, no trailing '/' */
void msg_http_get_stats(const msg_http *h, msg_http_stats *st);

/* One request (path begins with '/', may carry a query). Retries 429 and 503
 * up to max_retries times, waiting Retry-After (seconds or an HTTP date) or
 * else an exponential backoff; a Retry-After above max_wait_s is not waited
 * for. MSG_OK with *status and *resp (malloc'd, NUL-terminated) once an
 * HTTP status arrived (the last one, after retries); MSG_ERR_ARG if the
 * exchange failed (connect, TLS, timeout, oversize), logged once. */
int msg_http_request(msg_http *h, const char *method, const char *path, const char *bearer, const char *body,
                     int *status, char **resp);

/* ---- flows ------------------------------------------------------------- */
/* Challenge-response login (PROTOCOL.md 14); token: 64 hex digits + NUL. */
int msg_relay_login(msg_ctx *ctx, msg_http *h, char token[65]);
/* Register the identity (an existing registration is fine) and upload the
 * current SPK and n_opk fresh OPKs. */
int msg_relay_register(msg_ctx *ctx, msg_http *h, unsigned n_opk);
/* Fetch the recipient's bundle (verified and pinned exactly like `aegis
 * import`), seal, upload. *index gets the server's message_index. */
int msg_relay_send(msg_ctx *ctx, msg_http *h, const char *to, const uint8_t *body, size_t body_len,
                   uint64_t *index);

/* Download, open and acknowledge every waiting envelope, until the relay
 * says the mailbox is drained (batch route, or the v1 list + per-index GET
 * on a v1 relay). cb sees each opened envelope (rc = MSG_OK with r filled,
 * or the local rejection reason). */
typedef void (*msg_fetch_cb)(void *arg, int rc, const msg_received *r);
typedef struct {
    unsigned processed;       /* envelopes downloaded and given to open */
    unsigned verified;        /* opened */
    unsigned rejected;        /* open refused them (or local storage failed) */
    unsigned download_failed; /* listed but not downloaded or not decodable */
    unsigned ack_failed;      /* processed, but the acknowledgement failed */
    int drained;              /* 1: the relay reported an empty mailbox at the end */
    int batch;                /* 1: the batch route was used, 0: v1 fallback */
} msg_fetch_stats;
#define MSG_FETCH_MAX 100000u /* envelopes per run: a relay cannot keep us forever */
#define MSG_FETCH_LIMIT 100   /* envelopes per batch request */
/* MSG_OK with *st filled (failures are counted there), or a negative error
 * if nothing could be fetched (login or first listing failed). */
int msg_relay_fetch(msg_ctx *ctx, msg_http *h, msg_fetch_cb cb, void *arg, msg_fetch_stats *st);

#endif
