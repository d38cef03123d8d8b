/*
 * relay.c -- aegis-relay: the AEGIS-MSG v1 mailbox server over HTTP with
 * libmicrohttpd; all logic is in relay_core.c. Plain HTTP on purpose: put it
 * behind a TLS terminator. The relay never holds keys or plaintext.
 *   aegis-relay [--port N] [--db FILE] [--name SERVER_NAME]
 */
#define _POSIX_C_SOURCE 200809L
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "relay.h"

typedef struct {
    uint8_t *buf;
    size_t len;
    int too_big;
} req_body;

static volatile sig_atomic_t stop;
static void on_signal(int s)
{
    (void)s;
    stop = 1;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    msg_relay *r = cls;
    req_body *b = *con_cls;
    if (b == NULL) {
        b = calloc(1, sizeof *b);
        if (b == NULL) return MHD_NO;
        *con_cls = b;
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (b->len + *upload_size > MSG_RELAY_MAX_BODY) {
            b->too_big = 1;
        } else {
            uint8_t *nb = realloc(b->buf, b->len + *upload_size);
            if (nb == NULL) return MHD_NO;
            memcpy(nb + b->len, upload_data, *upload_size);
            b->buf = nb;
            b->len += *upload_size;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    const char *bearer = (auth && strncmp(auth, "Bearer ", 7) == 0) ? auth + 7 : NULL;
    char *resp = NULL;
    const char *ctype = "application/json";
    int status = msg_relay_handle(r, method, url, b->buf, b->too_big ? MSG_RELAY_MAX_BODY + 1 : b->len, bearer,
                                  &resp, &ctype);
    struct MHD_Response *mr = MHD_create_response_from_buffer(resp ? strlen(resp) : 0, resp ? resp : (char *)"",
                                                              resp ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(mr, "Content-Type", ctype);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, mr);
    MHD_destroy_response(mr);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    req_body *b = *con_cls;
    if (b) {
        free(b->buf);
        free(b);
    }
    *con_cls = NULL;
}

int main(int argc, char **argv)
{
    unsigned port = 8080;
    const char *db = NULL, *name = "aegis-relay";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            printf("usage: aegis-relay [--port N] [--db FILE] [--name SERVER_NAME]\n"
                   "The AEGIS-MSG v1 mailbox relay (REST API in msg/PROTOCOL.md section 14).\n"
                   "Default database: $AEGIS_HOME/relay.db. Serve it behind TLS.\n");
            return 0;
        } else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            char *end;
            unsigned long p = strtoul(argv[++i], &end, 10);
            if (*end || p == 0 || p > 65535) {
                fprintf(stderr, "aegis-relay: bad port\n");
                return 2;
            }
            port = (unsigned)p;
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc) {
            name = argv[++i];
        } else {
            fprintf(stderr, "aegis-relay: unexpected argument %s (try --help)\n", argv[i]);
            return 2;
        }
    }
    msg_config cfg;
    char err[256], path[4200];
    if (msg_config_load(&cfg, NULL, err, sizeof err) != MSG_OK) {
        fprintf(stderr, "aegis-relay: configuration error: %s\n", err);
        return 2;
    }
    if (db == NULL) {
        snprintf(path, sizeof path, "%s/relay.db", cfg.home);
        db = path;
    }
    msg_relay *r;
    if (msg_relay_open(&r, db, &cfg, name) != MSG_OK) {
        fprintf(stderr, "aegis-relay: cannot open %s\n", db);
        return 1;
    }
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, handler, r,
                                            MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                                            MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "aegis-relay: cannot listen on port %u\n", port);
        msg_relay_close(r);
        return 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    fprintf(stderr, "aegis-relay: listening on port %u, database %s\n", port, db);
    while (!stop) pause();
    MHD_stop_daemon(d);
    msg_relay_close(r);
    return 0;
}
