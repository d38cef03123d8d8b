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
