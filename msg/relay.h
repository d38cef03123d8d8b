/*
 * relay.h -- the AEGIS-MSG v1 mailbox relay (msg/PROTOCOL.md 14): request
 * handling without HTTP, so tests drive it directly; relay.c puts it behind
 * libmicrohttpd. The relay stores only public records and envelopes, and
 * verifies every upload (strict parse, both signatures, ids, freshness,
 * duplicates) before storing it. Errors are coarse on purpose.
 */
#ifndef AEGIS_MSG_RELAY_H
#define AEGIS_MSG_RELAY_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"

#define MSG_RELAY_MAX_BODY (1u << 20)

typedef struct msg_relay msg_relay;

int msg_relay_open(msg_relay **r, const char *db_path, const msg_config *cfg, const char *server_name);
void msg_relay_close(msg_relay *r);
void msg_relay_set_now(msg_relay *r, uint64_t now_ms); /* tests; 0 = real clock */

/* One request: method, path (no query), body, bearer token (or NULL).
 * Returns the HTTP status; *resp is a malloc'd body, *ctype its type. */
int msg_relay_handle(msg_relay *r, const char *method, const char *path, const uint8_t *body,
                     size_t body_len, const char *bearer, char **resp, const char **ctype);

/* RFC 4648 base64 (standard alphabet, padded). decode is strict: returns the
 * length, or -1 on any non-canonical input; out needs 3 * (len / 4) bytes. */
char *msg_b64_encode(const uint8_t *p, size_t n);
long msg_b64_decode(uint8_t *out, size_t cap, const char *s);

#endif

/* ---- the client side (relay_client.c): plain HTTP to "http://host:port" ---- */
/* One request; *status gets the HTTP status, *resp the body (malloc'd). */
int msg_http(const char *base, const char *method, const char *path, const char *bearer,
             const char *body, int *status, char **resp);
/* Challenge-response login (PROTOCOL.md 14); token: 64 hex digits + NUL. */
int msg_relay_login(msg_ctx *ctx, const char *base, char token[65]);
/* Register the identity (an existing registration is fine) and upload the
 * current SPK and n_opk fresh OPKs. */
int msg_relay_register(msg_ctx *ctx, const char *base, unsigned n_opk);
/* Fetch the recipient's bundle (verified and pinned exactly like `aegis
 * import`), seal, upload. *index gets the server's message_index. */
int msg_relay_send(msg_ctx *ctx, const char *base, const char *to, const uint8_t *body,
                   size_t body_len, uint64_t *index);
/* Download, open and acknowledge every waiting envelope; cb sees each result
 * (rc = MSG_OK with r filled, or the local rejection reason). Returns the
 * number of envelopes processed, or a negative error. */
typedef void (*msg_fetch_cb)(void *arg, int rc, const msg_received *r);
int msg_relay_fetch(msg_ctx *ctx, const char *base, msg_fetch_cb cb, void *arg);
