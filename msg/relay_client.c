/*
 * relay_client.c -- the client side of the relay API (msg/PROTOCOL.md 14):
 * HTTP and HTTPS through libcurl (one handle per run, so connections and TLS
 * sessions are reused), and the register / send / fetch flows behind
 * `aegis register|send|fetch --relay URL`. Everything fetched is verified
 * locally exactly as in file mode; the relay is never trusted, neither for
 * its answers nor for how long it takes to give them.
 */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "relay.h"
#include "relay_client.h"
#include "session.h"

/* ---- transport ---------------------------------------------------------- */
struct msg_http {
    CURL *curl;
    char *base; /* scheme://host[:port][/prefix], no trailing '/' */
    msg_http_opts o;
    msg_http_stats st;
    char err[CURL_ERROR_SIZE];
};

typedef struct {
    char *p;
    size_t n, cap;
    int too_big;
} rbuf;

static size_t on_data(char *data, size_t size, size_t nmemb, void *arg)
{
    rbuf *b = arg;
    size_t n = size * nmemb;
    if (b->n + n > MSG_HTTP_MAX_RESPONSE) {
        b->too_big = 1;
        return 0; /* aborts the transfer: a relay cannot make us buffer without bound */
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1) cap *= 2;
        char *q = realloc(b->p, cap);
        if (q == NULL) return 0;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, n);
    b->n += n;
    b->p[b->n] = '\0';
    return n;
}

/* Strict base URL: http or https, a host, a port in 1..65535 if given, a path
 * prefix if any; user info, query and fragment are refused (they would either
 * leak into logs or change what every request means). */
static char *normalise_base(const char *base)
{
    for (const char *p = base; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f) return NULL;
    /* libcurl's parser forgives "http:/h" and "http:///h"; we do not. */
    size_t sl = strncmp(base, "http://", 7) == 0 ? 7 : strncmp(base, "https://", 8) == 0 ? 8 : 0;
    if (sl == 0 || base[sl] == '/' || base[sl] == '\0') return NULL;
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *x = NULL, *out = NULL;
    if (u == NULL || curl_url_set(u, CURLUPART_URL, base, 0) != CURLUE_OK) goto done;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0))
        goto done;
    if (curl_url_get(u, CURLUPART_USER, &x, 0) != CURLUE_NO_USER) goto done;
    if (curl_url_get(u, CURLUPART_PASSWORD, &x, 0) != CURLUE_NO_PASSWORD) goto done;
    if (curl_url_get(u, CURLUPART_QUERY, &x, 0) != CURLUE_NO_QUERY) goto done;
    if (curl_url_get(u, CURLUPART_FRAGMENT, &x, 0) != CURLUE_NO_FRAGMENT) goto done;
    if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || host[0] == '\0') goto done;
    CURLUcode pc = curl_url_get(u, CURLUPART_PORT, &port, 0);
    if (pc != CURLUE_OK && pc != CURLUE_NO_PORT) goto done;
    if (pc == CURLUE_OK) {
        char *end;
        unsigned long pn = strtoul(port, &end, 10);
        if (*end != '\0' || pn == 0 || pn > 65535) goto done;
    }
    if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK) goto done;
    size_t pl = strlen(path);
    while (pl > 0 && path[pl - 1] == '/') pl--;
    size_t n = strlen(scheme) + strlen(host) + (port ? strlen(port) : 0) + pl + 8;
    out = malloc(n);
    if (out) snprintf(out, n, "%s://%s%s%s%.*s", scheme, host, port ? ":" : "", port ? port : "", (int)pl, path);
done:
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(path);
    curl_free(x);
    curl_url_cleanup(u);
    return out;
}

int msg_http_open(msg_http **hp, const char *base, const msg_http_opts *opts)
{
    *hp = NULL;
    if (base == NULL) return MSG_ERR_ARG;
    msg_http *h = calloc(1, sizeof *h);
    if (h == NULL) return MSG_ERR_NOMEM;
    if (opts) h->o = *opts;
    if (!h->o.connect_timeout_s) h->o.connect_timeout_s = MSG_HTTP_CONNECT_TIMEOUT_S;
    if (!h->o.timeout_s) h->o.timeout_s = MSG_HTTP_TIMEOUT_S;
    if (!h->o.retries_set) h->o.max_retries = MSG_HTTP_RETRIES_DEFAULT;
    if (!h->o.max_wait_s) h->o.max_wait_s = MSG_HTTP_MAX_WAIT_S;
    /* curl_global_init is reference counted and thread-safe in libcurl >= 7.84. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        free(h);
        return MSG_ERR_NOMEM;
    }
    if ((h->base = normalise_base(base)) == NULL) {
        msg_log(MSG_LOG_ERROR, "relay URL must look like http[s]://HOST[:PORT][/PREFIX]");
        msg_http_close(h);
        return MSG_ERR_ARG;
    }
    if ((h->curl = curl_easy_init()) == NULL) {
        msg_http_close(h);
        return MSG_ERR_NOMEM;
    }
    CURL *c = h->curl;
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L); /* a relay does not send us elsewhere */
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->err);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)h->o.connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)h->o.timeout_s);
    /* A relay that drips under 1 byte/s for 15 s is given up on before the deadline. */
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 15L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    if (h->o.cacert) curl_easy_setopt(c, CURLOPT_CAINFO, h->o.cacert);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "aegis/1");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MSG_HTTP_MAX_RESPONSE); /* declared sizes */
    *hp = h;
    return MSG_OK;
}

void msg_http_close(msg_http *h)
{
    if (h == NULL) return;
    msg_log(MSG_LOG_INFO, "http: %u request(s) over %u connection(s), %u retried", h->st.requests,
            h->st.connections, h->st.retries);
    if (h->curl) curl_easy_cleanup(h->curl);
    free(h->base);
    free(h);
    curl_global_cleanup();
}

const char *msg_http_base(const msg_http *h) { return h->base; }
void msg_http_get_stats(const msg_http *h, msg_http_stats *st) { *st = h->st; }

static void sleep_ms(uint64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

int msg_http_request(msg_http *h, const char *method, const char *path, const char *bearer, const char *body,
                     int *status, char **resp)
{
    *status = 0;
    *resp = NULL;
    /* The token is 64 hex digits; anything else must not reach a header. */
    if (path[0] != '/' || (bearer && strlen(bearer) > 128)) return MSG_ERR_ARG;
    size_t ul = strlen(h->base) + strlen(path) + 1;
    char *url = malloc(ul), auth[160];
    if (url == NULL) return MSG_ERR_NOMEM;
    snprintf(url, ul, "%s%s", h->base, path);
    struct curl_slist *hd = curl_slist_append(NULL, "Accept: application/json");
    hd = curl_slist_append(hd, "Content-Type: application/json");
    hd = curl_slist_append(hd, "Expect:"); /* no 100-continue round trip */
    if (bearer) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer);
        hd = curl_slist_append(hd, auth);
    }
    CURL *c = h->curl;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hd);
    if (body || strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? strlen(body) : 0));
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST,
                     (strcmp(method, "GET") == 0 || strcmp(method, "POST") == 0) ? NULL : method);
    rbuf b = {NULL, 0, 0, 0};
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    int rc = MSG_ERR_ARG;
    for (unsigned attempt = 0;; attempt++) {
        b.n = 0;
        b.too_big = 0;
        h->err[0] = '\0';
        CURLcode cc = curl_easy_perform(c);
        long conns = 0, code = 0;
        curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &conns);
        h->st.connections += (unsigned)conns;
        if (cc != CURLE_OK) {
            msg_log(MSG_LOG_ERROR, "relay %s: %s", h->base,
                    b.too_big ? "answer too large" : h->err[0] ? h->err : curl_easy_strerror(cc));
            break;
        }
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        h->st.requests++;
        if ((code == 429 || code == 503) && attempt < h->o.max_retries) {
            /* Retry-After: delta-seconds or an HTTP date, parsed by libcurl;
             * without it, 250 ms doubling per attempt (max 8 s), plus up to
             * 25% jitter so that many clients do not come back together. */
            curl_off_t ra = 0;
            curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &ra);
            uint64_t wait = ra > 0 ? (uint64_t)ra * 1000u : 250u << (attempt < 5 ? attempt : 5);
            if (ra > 0 && (uint64_t)ra > h->o.max_wait_s) {
                msg_log(MSG_LOG_ERROR, "relay busy (HTTP %ld), asks to retry in %lld s", code, (long long)ra);
                *status = (int)code;
                rc = MSG_OK;
                break;
            }
            if (ra <= 0) {
                struct timespec ts;
                clock_gettime(CLOCK_MONOTONIC, &ts);
                wait += (uint64_t)ts.tv_nsec % (wait / 4 + 1);
            }
            h->st.retries++;
            msg_log(MSG_LOG_INFO, "relay answered %ld; retrying in %llu ms", code, (unsigned long long)wait);
            sleep_ms(wait);
            continue;
        }
        *status = (int)code;
        rc = MSG_OK;
        break;
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
    curl_slist_free_all(hd);
    msg_wipe(auth, sizeof auth);
    free(url);
    if (rc == MSG_OK) {
        *resp = b.p ? b.p : calloc(1, 1);
        if (*resp == NULL) rc = MSG_ERR_NOMEM;
    } else {
        free(b.p);
    }
    return rc;
}

/* ---- flows -------------------------------------------------------------- */
/* Request with a JSON body; returns the parsed reply (or NULL) and status
 * (0 if the exchange failed). */
static json_t *call(msg_http *h, const char *method, const char *path, const char *token, json_t *in, int *status)
{
    char *body = in ? json_dumps(in, JSON_COMPACT) : NULL, *resp = NULL;
    json_decref(in);
    int rc = msg_http_request(h, method, path, token, body, status, &resp);
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

int msg_relay_login(msg_ctx *ctx, msg_http *h, char token[65])
{
    msg_identity *me = malloc(sizeof *me);
    int st = 0, rc = me ? msg_user_identity(ctx, me) : MSG_ERR_NOMEM;
    token[0] = '\0';
    if (rc != MSG_OK) goto out;
    json_t *ch = call(h, "POST", "/api/auth/challenge", NULL, json_pack("{s:s}", "id", me->uid), &st);
    const char *nb = json_string_value(json_object_get(ch, "nonce"));
    const char *sn = json_string_value(json_object_get(ch, "server_name"));
    uint8_t nonce[33];
    rc = MSG_ERR_ARG;
    if (st != 200 || nb == NULL || sn == NULL || strlen(sn) > 127 || msg_b64_decode(nonce, sizeof nonce, nb) != 32) {
        if (st) msg_log(MSG_LOG_ERROR, "relay login: challenge refused (HTTP %d; registered?)", st);
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
    json_t *t = call(h, "POST", "/api/auth/token", NULL,
                     json_pack("{s:s,s:o,s:I,s:o}", "id", me->uid, "nonce", b64j(nonce, 32), "timestamp_ms",
                               (json_int_t)ts, "csig", b64j(sig, sizeof sig)),
                     &st);
    const char *tok = json_string_value(json_object_get(t, "token"));
    /* Exactly 64 of [0-9a-f]: a hostile relay's CR/LF must not reach a header. */
    if (st == 200 && tok && strlen(tok) == 64 && strspn(tok, "0123456789abcdef") == 64) {
        memcpy(token, tok, 65);
        rc = MSG_OK;
    } else {
        if (st) msg_log(MSG_LOG_ERROR, "relay login refused (HTTP %d)", st);
        rc = MSG_ERR_ARG;
    }
    json_decref(t);
out:
    if (me) msg_free_secret(me, sizeof *me);
    return rc;
}

int msg_relay_register(msg_ctx *ctx, msg_http *h, unsigned n_opk)
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
    if (msg_idrec_parse(&ir, bb.idrec, bb.idrec_len) != MSG_OK) {
        free(b);
        return MSG_ERR_STORE;
    }
    json_t *r = call(h, "POST", "/api/users", NULL,
                     json_pack("{s:s,s:s,s:o}", "id", ir.uid, "name", bb.name, "identity_record",
                               b64j(bb.idrec, bb.idrec_len)),
                     &st);
    json_decref(r);
    if (st != 201 && st != 409) {
        if (st) msg_log(MSG_LOG_ERROR, "relay refused the registration (HTTP %d)", st);
        free(b);
        return MSG_ERR_ARG;
    }
    if ((rc = msg_relay_login(ctx, h, token)) != MSG_OK) {
        free(b);
        return rc; /* 409 with someone else's key ends here */
    }
    json_t *opks = json_array();
    for (unsigned i = 0; i < bb.n_opk; i++)
        json_array_append_new(opks, b64j(bb.opkrec + (size_t)i * MSG_OPKREC_BYTES, MSG_OPKREC_BYTES));
    snprintf(path, sizeof path, "/api/users/%s/prekeys", ir.uid);
    r = call(h, "PUT", path, token,
             json_pack("{s:o,s:o}", "spk_record", b64j(bb.spkrec, MSG_SPKREC_BYTES), "opk_records", opks), &st);
    json_decref(r);
    free(b);
    if (st != 200) {
        if (st) msg_log(MSG_LOG_ERROR, "relay refused the prekeys (HTTP %d)", st);
        return MSG_ERR_ARG;
    }
    return MSG_OK;
}

/* GET /api/users/{who}/bundle, then verify and pin it exactly like `aegis
 * import` (msg_user_import). The relay is not trusted: a wrong bundle fails
 * verification, or pins an identity under which the envelope then fails. */
static int import_from_relay(msg_ctx *ctx, msg_http *h, const char *token, const char *who)
{
    char path[160];
    int st = 0, rc = MSG_ERR_BUNDLE;
    snprintf(path, sizeof path, "/api/users/%s/bundle", who);
    json_t *bj = call(h, "GET", path, token, NULL, &st);
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

int msg_relay_send(msg_ctx *ctx, msg_http *h, const char *to, const uint8_t *body, size_t body_len, uint64_t *index)
{
    char token[65];
    int st = 0, rc;
    uint8_t *env = NULL;
    size_t envlen = 0;
    *index = 0;
    if (!msg_uid_valid(to)) return MSG_ERR_ARG;
    if ((rc = msg_relay_login(ctx, h, token)) != MSG_OK) return rc;
    if ((rc = import_from_relay(ctx, h, token, to)) != MSG_OK) return rc;
    if ((rc = msg_user_send(ctx, to, MSG_CT_TEXT, body, body_len, &env, &envlen)) != MSG_OK) return rc;
    msg_identity *me = malloc(sizeof *me);
    if (me == NULL || (rc = msg_user_identity(ctx, me)) != MSG_OK) {
        free(me);
        free(env);
        return rc ? rc : MSG_ERR_NOMEM;
    }
    json_t *r = call(h, "POST", "/api/messages", token,
                     json_pack("{s:s,s:s,s:o}", "sender_id", me->uid, "recipient_id", to, "content", b64j(env, envlen)),
                     &st);
    msg_free_secret(me, sizeof *me);
    if (st == 201) {
        *index = (uint64_t)json_integer_value(json_object_get(r, "message_index"));
        rc = MSG_OK;
    } else {
        if (st) msg_log(MSG_LOG_ERROR, "relay refused the envelope (HTTP %d)", st);
        rc = MSG_ERR_ARG;
    }
    json_decref(r);
    free(env);
    return rc;
}

/* ---- fetch -------------------------------------------------------------- */
typedef struct {
    msg_ctx *ctx;
    msg_http *h;
    char token[65], uid[MSG_UID_MAX + 1];
    unsigned relogins;
    uint8_t *env;
    msg_fetch_cb cb;
    void *arg;
    msg_fetch_stats *st;
} fetch_run;

/* An authenticated call; a 401 (the token expired during a long fetch, or
 * the relay revoked it) logs in again, at most 3 times per run. */
static json_t *fcall(fetch_run *f, const char *method, const char *path, int *st)
{
    json_t *j = call(f->h, method, path, f->token, NULL, st);
    while (*st == 401 && f->relogins < 3) {
        f->relogins++;
        json_decref(j);
        j = NULL;
        if (msg_relay_login(f->ctx, f->h, f->token) != MSG_OK) break;
        j = call(f->h, method, path, f->token, NULL, st);
    }
    return j;
}

/* One downloaded envelope: pin an unknown sender (TOFU) from the relay's
 * hint, open, report, acknowledge. */
static void process(fetch_run *f, json_int_t index, const char *content, const char *sid)
{
    char sender[MSG_UID_MAX + 1] = "", path[160];
    long n = content ? msg_b64_decode(f->env, MSG_ANY_ENV_MAX + 3, content) : -1;
    if (n < 0) {
        f->st->download_failed++;
        msg_log(MSG_LOG_ERROR, "relay envelope %lld: missing or not valid base64", (long long)index);
        return;
    }
    f->st->processed++;
    if (sid && msg_uid_valid(sid)) snprintf(sender, sizeof sender, "%s", sid);
    /* Unknown sender: fetch and verify its identity and pin it (TOFU, with a
     * visible warning) before opening (PROTOCOL.md 7, step 2). The sender_id
     * hint is the relay's word only: if it names someone else, the
     * envelope's sender_ik is still unknown and open rejects it. */
    msg_upload_info pe; /* v1 envelope or v2 session message (session.h) */
    if (sender[0] && msg_upload_check(&pe, f->env, (size_t)n, NULL) == MSG_OK && !msg_user_knows(f->ctx, pe.sender_ik))
        import_from_relay(f->ctx, f->h, f->token, sender);
    msg_received r;
    int orc = msg_user_open_any(f->ctx, f->env, (size_t)n, &r);
    if (orc == MSG_OK) f->st->verified++;
    else f->st->rejected++;
    f->cb(f->arg, orc, orc == MSG_OK ? &r : NULL);
    /* v2: a receipt that advances the epoch, or a reset after no-session (session.h). */
    uint8_t *rcpt = NULL;
    size_t rlen = 0;
    char rto[MSG_UID_MAX + 1];
    if (msg_user_reply_due(f->ctx, orc, (orc == MSG_OK || orc == MSG_ERR_NO_SESSION) ? &r : NULL, sender, &rcpt, &rlen,
                           rto) == MSG_OK && rcpt) {
        int rst = 0;
        json_decref(call(f->h, "POST", "/api/messages", f->token,
                         json_pack("{s:s,s:s,s:o}", "sender_id", f->uid, "recipient_id", rto, "content",
                                   b64j(rcpt, rlen)), &rst));
    }
    free(rcpt);
    if (orc == MSG_OK) msg_received_free(&r);
    /* Acknowledge unless our own storage failed (then it stays for the next
     * run). A rejected envelope is acknowledged too: it will never open. */
    if (orc == MSG_ERR_STORE || orc == MSG_ERR_NOMEM) return;
    int st = 0;
    snprintf(path, sizeof path, "/api/messages/%s/%lld", f->uid, (long long)index);
    json_decref(fcall(f, "DELETE", path, &st));
    if (st != 200 && st != 204) {
        f->st->ack_failed++;
        msg_log(MSG_LOG_ERROR, "relay did not acknowledge envelope %lld (HTTP %d)", (long long)index, st);
    }
}

static unsigned total(const msg_fetch_stats *s) { return s->processed + s->download_failed; }

/* v1 relays: the full index list, one GET per index; list again until no
 * index above the highest already handled remains. */
static void fetch_v1(fetch_run *f, json_t *list)
{
    json_int_t done_max = 0;
    char path[160];
    for (;;) {
        json_t *ix = json_object_get(list, "message_indexes");
        if (!json_is_array(ix)) break;
        json_int_t round_max = done_max;
        size_t i;
        json_t *v;
        json_array_foreach(ix, i, v)
        {
            json_int_t k = json_integer_value(v);
            if (!json_is_integer(v) || k <= done_max || total(f->st) >= MSG_FETCH_MAX) continue;
            if (k > round_max) round_max = k;
            int st = 0;
            snprintf(path, sizeof path, "/api/messages/%s/%lld", f->uid, (long long)k);
            json_t *m = fcall(f, "GET", path, &st);
            if (st == 200) {
                process(f, k, json_string_value(json_object_get(m, "content")),
                        json_string_value(json_object_get(m, "sender_id")));
            } else {
                f->st->download_failed++;
                msg_log(MSG_LOG_ERROR, "relay envelope %lld: download failed (HTTP %d)", (long long)k, st);
            }
            json_decref(m);
        }
        json_decref(list);
        list = NULL;
        if (round_max == done_max) {
            f->st->drained = 1; /* nothing new in the last list */
            break;
        }
        if (total(f->st) >= MSG_FETCH_MAX) break;
        done_max = round_max;
        int st = 0;
        snprintf(path, sizeof path, "/api/messages/%s", f->uid);
        list = fcall(f, "GET", path, &st);
        if (st != 200) break;
    }
    json_decref(list);
}

int msg_relay_fetch(msg_ctx *ctx, msg_http *h, msg_fetch_cb cb, void *arg, msg_fetch_stats *stats)
{
    fetch_run f;
    memset(&f, 0, sizeof f);
    memset(stats, 0, sizeof *stats);
    f.ctx = ctx;
    f.h = h;
    f.cb = cb;
    f.arg = arg;
    f.st = stats;
    msg_status_info si;
    int rc;
    if ((rc = msg_user_status(ctx, &si)) != MSG_OK) return rc;
    snprintf(f.uid, sizeof f.uid, "%s", si.uid);
    if ((rc = msg_relay_login(ctx, h, f.token)) != MSG_OK) return rc;
    if ((f.env = malloc(MSG_ANY_ENV_MAX + 3)) == NULL) return MSG_ERR_NOMEM;
    /* The batch route (PROTOCOL.md 14): envelopes with index > after, in
     * increasing order, at most limit per answer, "more" while some remain.
     * The cursor only moves forward, so a relay cannot keep us in a loop. */
    json_int_t after = 0;
    rc = MSG_OK;
    for (int first = 1;; first = 0) {
        char path[200];
        int st = 0;
        snprintf(path, sizeof path, "/api/messages/%s?after=%lld&limit=%d", f.uid, (long long)after, MSG_FETCH_LIMIT);
        json_t *j = fcall(&f, "GET", path, &st);
        json_t *ms = json_object_get(j, "messages");
        if (st == 200 && json_is_array(ms)) {
            stats->batch = 1;
            size_t i, n = json_array_size(ms);
            json_t *m;
            int ok = 1;
            json_array_foreach(ms, i, m)
            {
                json_t *jk = json_object_get(m, "message_index");
                json_int_t k = json_integer_value(jk);
                if (!json_is_integer(jk) || k <= after) {
                    msg_log(MSG_LOG_ERROR, "relay batch out of order or malformed; stopped");
                    ok = 0;
                    break;
                }
                after = k;
                process(&f, k, json_string_value(json_object_get(m, "content")),
                        json_string_value(json_object_get(m, "sender_id")));
            }
            int more = json_is_true(json_object_get(j, "more"));
            json_decref(j);
            if (ok && !more) stats->drained = 1;
            if (!ok || !more || n == 0 || total(stats) >= MSG_FETCH_MAX) break;
            continue;
        }
        /* A v1 relay ignores the query and lists indexes, or does not know
         * the route: fall back to the list + per-index GET. */
        if (first && ((st == 200 && json_is_array(json_object_get(j, "message_indexes"))) || st == 404 || st == 400)) {
            if (st != 200) {
                json_decref(j);
                snprintf(path, sizeof path, "/api/messages/%s", f.uid);
                j = fcall(&f, "GET", path, &st);
                if (st != 200 || !json_is_array(json_object_get(j, "message_indexes"))) {
                    json_decref(j);
                    if (st) msg_log(MSG_LOG_ERROR, "relay refused the mailbox list (HTTP %d)", st);
                    rc = MSG_ERR_ARG;
                    break;
                }
            }
            fetch_v1(&f, j);
            break;
        }
        json_decref(j);
        if (st) msg_log(MSG_LOG_ERROR, "relay refused the mailbox list (HTTP %d)", st);
        if (first) rc = MSG_ERR_ARG;
        break;
    }
    free(f.env);
    msg_wipe(f.token, sizeof f.token);
    return rc;
}
