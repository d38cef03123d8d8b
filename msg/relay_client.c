/*
 * relay_client.c -- the client side of the relay API (msg/PROTOCOL.md 14):
 * a minimal HTTP/1.1 client over POSIX sockets (plain http://host:port, one
 * request per connection) and the register / send / fetch flows behind
 * `aegis register|send|fetch --relay URL`. Everything fetched is verified
 * locally exactly as in file mode; the relay is never trusted.
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "relay.h"
#include "session.h"

#define HTTP_MAX_RESPONSE (4u << 20)
#define HTTP_TIMEOUT_S 15  /* per socket operation */
#define HTTP_DEADLINE_S 60 /* per exchange */
#define FETCH_MAX 1000     /* envelopes opened per `aegis fetch` */

/* "http://host:port" -> host, port. */
static int parse_base(const char *base, char host[256], char port[8])
{
    if (strncmp(base, "http://", 7) != 0) return -1;
    const char *h = base + 7, *c = strchr(h, ':'), *end = h + strcspn(h, "/");
    if (c == NULL || c > end) {
        c = end;
        snprintf(port, 8, "80");
    } else {
        size_t pl = (size_t)(end - c - 1);
        if (pl == 0 || pl > 5) return -1;
        memcpy(port, c + 1, pl);
        port[pl] = '\0';
    }
    size_t hl = (size_t)(c - h);
    if (hl == 0 || hl > 255) return -1;
    memcpy(host, h, hl);
    host[hl] = '\0';
    return 0;
}

int msg_http(const char *base, const char *method, const char *path, const char *bearer,
             const char *body, int *status, char **resp)
{
    char host[256], port[8];
    *status = 0;
    *resp = NULL;
    if (parse_base(base, host, port) != 0) {
        msg_log(MSG_LOG_ERROR, "relay URL must look like http://host:port");
        return MSG_ERR_ARG;
    }
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &ai) != 0) {
        msg_log(MSG_LOG_ERROR, "cannot resolve %s", host);
        return MSG_ERR_ARG;
    }
    /* A relay is not trusted to answer at all: every socket operation times
     * out (on Linux SO_SNDTIMEO also bounds connect), and the whole exchange
     * has a deadline, so a silent or slow-dripping relay cannot hang us. */
    struct timeval tv = {HTTP_TIMEOUT_S, 0};
    int fd = -1;
    for (struct addrinfo *a = ai; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0) {
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        }
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(ai);
    if (fd < 0) {
        msg_log(MSG_LOG_ERROR, "cannot connect to %s:%s", host, port);
        return MSG_ERR_ARG;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t bl = body ? strlen(body) : 0;
    char head[1024];
    int hn = snprintf(head, sizeof head,
                      "%s %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\nContent-Length: %zu\r\n"
                      "Content-Type: application/json\r\n%s%s%s\r\n",
                      method, path, host, port, bl, bearer ? "Authorization: Bearer " : "",
                      bearer ? bearer : "", bearer ? "\r\n" : "");
    int rc = MSG_ERR_ARG;
    char *buf = NULL;
    if (hn < 0 || (size_t)hn >= sizeof head) goto out;
    const char *parts[2] = {head, body};
    size_t lens[2] = {(size_t)hn, bl};
    for (int k = 0; k < 2; k++)
        for (size_t o = 0; o < lens[k];) {
            /* MSG_NOSIGNAL: a relay that hangs up must not kill us with SIGPIPE. */
            ssize_t w = send(fd, parts[k] + o, lens[k] - o, MSG_NOSIGNAL);
            if (w <= 0) goto out;
            o += (size_t)w;
        }
    size_t cap = 65536, n = 0;
    buf = malloc(cap + 1);
    for (;;) {
        if (buf == NULL) goto out;
        if (n == cap) {
            if (cap >= HTTP_MAX_RESPONSE) goto out;
            char *nb = realloc(buf, 2 * cap + 1);
            if (nb == NULL) goto out;
            buf = nb;
            cap *= 2;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (t1.tv_sec - t0.tv_sec > HTTP_DEADLINE_S) goto out;
        ssize_t r = recv(fd, buf + n, cap - n, 0);
        if (r < 0) goto out;
        if (r == 0) break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    char *sep = strstr(buf, "\r\n\r\n");
    int st = 0;
    if (sep == NULL || sscanf(buf, "HTTP/1.%*d %d", &st) != 1) goto out;
    /* Bodies come with Content-Length and Connection: close; the rest of the
     * stream is the body. */
    size_t off = (size_t)(sep + 4 - buf);
    char *b = malloc(n - off + 1);
    if (b == NULL) goto out;
    memcpy(b, buf + off, n - off);
    b[n - off] = '\0';
    *resp = b;
    *status = st;
    rc = MSG_OK;
out:
    free(buf);
    close(fd);
    if (rc != MSG_OK) msg_log(MSG_LOG_ERROR, "HTTP exchange with %s failed", base);
    return rc;
}

/* Request with a JSON body; returns the parsed reply (or NULL) and status. */
static json_t *call(const char *base, const char *method, const char *path, const char *token, json_t *in,
                    int *status)
{
    char *body = in ? json_dumps(in, JSON_COMPACT) : NULL, *resp = NULL;
    json_decref(in);
    int rc = msg_http(base, method, path, token, body, status, &resp);
    free(body);
    json_t *out = (rc == MSG_OK && resp) ? json_loads(resp, 0, NULL) : NULL;
    free(resp);
    if (rc != MSG_OK) *status = 0;
    return out;
}

static json_t *b64j(const uint8_t *p, size_t n)
{
    char *s = msg_b64_encode(p, n);
    json_t *j = json_string(s ? s : "");
    free(s);
    return j;
}

int msg_relay_login(msg_ctx *ctx, const char *base, char token[65])
{
    msg_identity *me = malloc(sizeof *me);
    int st = 0, rc = me ? msg_user_identity(ctx, me) : MSG_ERR_NOMEM;
    token[0] = '\0';
    if (rc != MSG_OK) goto out;
    json_t *ch = call(base, "POST", "/api/auth/challenge", NULL, json_pack("{s:s}", "id", me->uid), &st);
    const char *nb = json_string_value(json_object_get(ch, "nonce"));
    const char *sn = json_string_value(json_object_get(ch, "server_name"));
    uint8_t nonce[33];
    rc = MSG_ERR_ARG;
    if (st != 200 || nb == NULL || sn == NULL || strlen(sn) > 127 || msg_b64_decode(nonce, sizeof nonce, nb) != 32) {
        msg_log(MSG_LOG_ERROR, "relay login: challenge refused (HTTP %d; registered?)", st);
        json_decref(ch);
        goto out;
    }
    size_t snl = strlen(sn);
    uint8_t m[32 + 128 + 32 + 8], sig[MSG_CSIG_BYTES];
    uint64_t ts = msg_ctx_now(ctx);
    memcpy(m, nonce, 32);
    memcpy(m + 32, sn, snl);
    memcpy(m + 32 + snl, me->ik_hash, 32);
    msg_be64(m + 64 + snl, ts);
    json_decref(ch);
    if ((rc = msg_csig_sign(sig, me, "auth", m, 72 + snl, NULL)) != MSG_OK) goto out;
    json_t *t = call(base, "POST", "/api/auth/token", NULL,
                     json_pack("{s:s,s:o,s:I,s:o}", "id", me->uid, "nonce", b64j(nonce, 32), "timestamp_ms",
                               (json_int_t)ts, "csig", b64j(sig, sizeof sig)),
                     &st);
    const char *tok = json_string_value(json_object_get(t, "token"));
    if (st == 200 && tok && strlen(tok) == 64) {
        memcpy(token, tok, 65);
        rc = MSG_OK;
    } else {
        msg_log(MSG_LOG_ERROR, "relay login refused (HTTP %d)", st);
        rc = MSG_ERR_ARG;
    }
    json_decref(t);
out:
    if (me) msg_free_secret(me, sizeof *me);
    return rc;
}

int msg_relay_register(msg_ctx *ctx, const char *base, unsigned n_opk)
{
    uint8_t *b = NULL;
    size_t n = 0;
    msg_bundle bb;
    char token[65], path[128];
    int st = 0;
    int rc = msg_user_bundle(ctx, &b, &n, n_opk);
    if (rc != MSG_OK) return rc;
    if (msg_bundle_parse(&bb, b, n) != MSG_OK) {
        free(b);
        return MSG_ERR_STORE;
    }
    msg_idrec ir;
    msg_idrec_parse(&ir, bb.idrec, bb.idrec_len);
    json_t *r = call(base, "POST", "/api/users", NULL,
                     json_pack("{s:s,s:s,s:o}", "id", ir.uid, "name", bb.name, "identity_record",
                               b64j(bb.idrec, bb.idrec_len)),
                     &st);
    json_decref(r);
    if (st != 201 && st != 409) {
        msg_log(MSG_LOG_ERROR, "relay refused the registration (HTTP %d)", st);
        free(b);
        return MSG_ERR_ARG;
    }
    if ((rc = msg_relay_login(ctx, base, token)) != MSG_OK) {
        free(b);
        return rc; /* 409 with someone else's key ends here */
    }
    json_t *opks = json_array();
    for (unsigned i = 0; i < bb.n_opk; i++)
        json_array_append_new(opks, b64j(bb.opkrec + (size_t)i * MSG_OPKREC_BYTES, MSG_OPKREC_BYTES));
    snprintf(path, sizeof path, "/api/users/%s/prekeys", ir.uid);
    r = call(base, "PUT", path, token,
             json_pack("{s:o,s:o}", "spk_record", b64j(bb.spkrec, MSG_SPKREC_BYTES), "opk_records", opks), &st);
    json_decref(r);
    free(b);
    if (st != 200) {
        msg_log(MSG_LOG_ERROR, "relay refused the prekeys (HTTP %d)", st);
        return MSG_ERR_ARG;
    }
    return MSG_OK;
}

/* GET /api/users/{who}/bundle, then verify and pin it exactly like `aegis
 * import` (msg_user_import). The relay is not trusted: a wrong bundle fails
 * verification, or pins an identity under which the envelope then fails. */
static int import_from_relay(msg_ctx *ctx, const char *base, const char *token, const char *who)
{
    char path[160];
    int st = 0, rc = MSG_ERR_BUNDLE;
    snprintf(path, sizeof path, "/api/users/%s/bundle", who);
    json_t *bj = call(base, "GET", path, token, NULL, &st);
    uint8_t *idrec = malloc(MSG_IDREC_MAX + 3), *spk = malloc(MSG_SPKREC_BYTES + 3), *opk = malloc(MSG_OPKREC_BYTES + 3);
    uint8_t *bundle = NULL;
    size_t bl = 0;
    if (st != 200 || !idrec || !spk || !opk) {
        msg_log(MSG_LOG_ERROR, "relay has no bundle for %s (HTTP %d)", who, st);
        goto out;
    }
    const char *is = json_string_value(json_object_get(bj, "identity_record"));
    const char *ss = json_string_value(json_object_get(bj, "spk_record"));
    const char *os = json_string_value(json_object_get(bj, "opk_record"));
    long il = is ? msg_b64_decode(idrec, MSG_IDREC_MAX + 3, is) : -1;
    long sl = ss ? msg_b64_decode(spk, MSG_SPKREC_BYTES + 3, ss) : -1;
    long ol = os ? msg_b64_decode(opk, MSG_OPKREC_BYTES + 3, os) : 0;
    if (il < 0 || sl != MSG_SPKREC_BYTES || (os && ol != MSG_OPKREC_BYTES)) goto out;
    /* The relay must answer for the user we asked about: a valid bundle of
     * someone else would otherwise be pinned as a side effect. */
    msg_idrec ir;
    if (msg_idrec_parse(&ir, idrec, (size_t)il) != MSG_OK || strcmp(ir.uid, who) != 0) {
        msg_log(MSG_LOG_ERROR, "relay answered for another user than %s; refused", who);
        goto out;
    }
    msg_import_info info;
    if ((rc = msg_bundle_encode(&bundle, &bl, who, idrec, (size_t)il, spk, os ? opk : NULL, os ? 1u : 0u)) != MSG_OK ||
        (rc = msg_user_import(ctx, bundle, bl, 0, &info)) != MSG_OK)
        goto out;
    if (info.is_new)
        fprintf(stderr, "WARNING: first contact with %s: identity pinned on trust (TOFU); safety number %s "
                        "-- compare it over another channel\n", who, info.safety);
out:
    json_decref(bj);
    free(idrec);
    free(spk);
    free(opk);
    free(bundle);
    return rc;
}

int msg_relay_send(msg_ctx *ctx, const char *base, const char *to, const uint8_t *body, size_t body_len,
                   uint64_t *index)
{
    char token[65];
    int st = 0, rc;
    uint8_t *env = NULL;
    size_t envlen = 0;
    *index = 0;
    if (!msg_uid_valid(to)) return MSG_ERR_ARG;
    if ((rc = msg_relay_login(ctx, base, token)) != MSG_OK) return rc;
    if ((rc = import_from_relay(ctx, base, token, to)) != MSG_OK) return rc;
    if ((rc = msg_user_send(ctx, to, MSG_CT_TEXT, body, body_len, &env, &envlen)) != MSG_OK) return rc;
    msg_identity *me = malloc(sizeof *me);
    if (me == NULL || (rc = msg_user_identity(ctx, me)) != MSG_OK) {
        free(me);
        free(env);
        return rc ? rc : MSG_ERR_NOMEM;
    }
    json_t *r = call(base, "POST", "/api/messages", token,
                     json_pack("{s:s,s:s,s:o}", "sender_id", me->uid, "recipient_id", to, "content", b64j(env, envlen)),
                     &st);
    msg_free_secret(me, sizeof *me);
    if (st == 201) {
        *index = (uint64_t)json_integer_value(json_object_get(r, "message_index"));
        rc = MSG_OK;
    } else {
        msg_log(MSG_LOG_ERROR, "relay refused the envelope (HTTP %d)", st);
        rc = MSG_ERR_ARG;
    }
    json_decref(r);
    free(env);
    return rc;
}

int msg_relay_fetch(msg_ctx *ctx, const char *base, msg_fetch_cb cb, void *arg)
{
    char token[65], path[160], uid[MSG_UID_MAX + 1];
    int st = 0, rc, count = 0;
    msg_status_info si;
    if ((rc = msg_user_status(ctx, &si)) != MSG_OK) return rc;
    snprintf(uid, sizeof uid, "%s", si.uid);
    if ((rc = msg_relay_login(ctx, base, token)) != MSG_OK) return rc;
    snprintf(path, sizeof path, "/api/messages/%s", uid);
    json_t *list = call(base, "GET", path, token, NULL, &st);
    json_t *ix = json_object_get(list, "message_indexes");
    if (st != 200 || !json_is_array(ix)) {
        json_decref(list);
        return MSG_ERR_ARG;
    }
    uint8_t *env = malloc(MSG_ANY_ENV_MAX + 3);
    for (size_t i = 0; env && i < json_array_size(ix) && i < FETCH_MAX; i++) {
        json_int_t k = json_integer_value(json_array_get(ix, i));
        snprintf(path, sizeof path, "/api/messages/%s/%lld", uid, (long long)k);
        json_t *m = call(base, "GET", path, token, NULL, &st);
        const char *c = json_string_value(json_object_get(m, "content"));
        const char *sid = json_string_value(json_object_get(m, "sender_id"));
        char sender[MSG_UID_MAX + 1] = "";
        if (sid && msg_uid_valid(sid)) snprintf(sender, sizeof sender, "%s", sid);
        long n = (st == 200 && c) ? msg_b64_decode(env, MSG_ANY_ENV_MAX + 3, c) : -1;
        json_decref(m);
        if (n < 0) continue;
        /* Unknown sender: fetch and verify its identity and pin it (TOFU,
         * with a visible warning) before opening (PROTOCOL.md 7, step 2). The
         * sender_id hint is the relay's word only: if it names someone else,
         * the envelope's sender_ik is still unknown and open rejects it. */
        msg_upload_info pe;
        if (sender[0] && msg_upload_check(&pe, env, (size_t)n, NULL) == MSG_OK && !msg_user_knows(ctx, pe.sender_ik))
            import_from_relay(ctx, base, token, sender);
        msg_received r;
        int orc = msg_user_open_any(ctx, env, (size_t)n, &r);
        cb(arg, orc, orc == MSG_OK ? &r : NULL);
        uint8_t *rcpt = NULL; /* v2: a receipt that advances the epoch, or a reset (session.h) */
        size_t rlen = 0;
        char rto[MSG_UID_MAX + 1];
        if (msg_user_reply_due(ctx, orc, orc == MSG_OK ? &r : NULL, sender, &rcpt, &rlen, rto) == MSG_OK && rcpt)
            json_decref(call(base, "POST", "/api/messages", token,
                             json_pack("{s:s,s:s,s:o}", "sender_id", uid, "recipient_id", rto, "content",
                                       b64j(rcpt, rlen)), &st));
        free(rcpt);
        if (orc == MSG_OK) msg_received_free(&r);
        count++;
        /* Acknowledge unless our own storage failed (then try again later). */
        if (orc != MSG_ERR_STORE && orc != MSG_ERR_NOMEM) json_decref(call(base, "DELETE", path, token, NULL, &st));
    }
    free(env);
    json_decref(list);
    return count;
}
