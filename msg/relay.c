/*
 * relay.c -- aegis-relay: the AEGIS-MSG mailbox server over HTTP(S) with
 * libmicrohttpd (epoll, a thread pool); all request logic is relay_core.c
 * and the files it dispatches to (relay_auth.c, relay_mailbox.c, relay_metrics.c).
 * This file: listening sockets, connection limits and deadlines, deciding
 * size and authorization before a body is read, the separate metrics
 * listener, and a draining shutdown. The relay never holds keys or plaintext.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "relay.h"
#include "version.h"

#define USAGE                                                                                                   \
    "usage: aegis-relay [--listen ADDR:PORT] [--port N] [--db FILE|postgresql://...] [--name SERVER_NAME]\n"    \
    "                   [--threads N] [--metrics-listen ADDR:PORT|off] [--tls-cert FILE --tls-key FILE]\n"     \
    "                   [--max-connections N] [--per-ip N] [--header-timeout S] [--body-timeout S]\n"          \
    "                   [--idle-timeout S] [--rate-scale F] [--opk-budget N] [--port-file FILE]\n"             \
    "       aegis-relay --help | --version | --check-tls\n"                                             \
    "The AEGIS-MSG mailbox relay (REST API in msg/PROTOCOL.md section 14).\n"                                   \
    "Defaults: --listen 127.0.0.1:8787, --metrics-listen 127.0.0.1:9787, --threads = 32 x cores,\n"              \
    "database $AEGIS_RELAY_DB or $AEGIS_HOME/relay.db.\n"

static atomic_int stop;

/* ---- connection registry: header and body deadlines ---------------------------- */
/* libmicrohttpd's timeout is per idle period, so a client sending a byte every
 * few seconds would hold a connection forever; the sweeper shuts down any
 * connection whose headers (or body) took longer than the deadline. */
typedef struct cnode {
    struct cnode *prev, *next;
    int fd;
    int phase;            /* 0 waiting for headers, 1 reading the body, 2 handled */
    uint64_t since_ms;
} cnode;
static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;
static cnode reg_head = {&reg_head, &reg_head, -1, 2, 0};
static unsigned header_ms = 10000, body_ms = 30000;
static atomic_long in_flight, n_conns;

static uint64_t mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

static void set_phase(struct MHD_Connection *conn, int phase)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    cnode *n = ci ? ci->socket_context : NULL;
    if (n == NULL) return;
    pthread_mutex_lock(&reg_mu);
    n->phase = phase;
    n->since_ms = mono_ms();
    pthread_mutex_unlock(&reg_mu);
}

static void notify_conn(void *cls, struct MHD_Connection *conn, void **socket_context,
                        enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        cnode *n = calloc(1, sizeof *n);
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = n;
        if (n == NULL) return;
        n->fd = ci ? ci->connect_fd : -1;
        n->since_ms = mono_ms();
        pthread_mutex_lock(&reg_mu);
        n->next = reg_head.next;
        n->prev = &reg_head;
        reg_head.next->prev = n;
        reg_head.next = n;
        pthread_mutex_unlock(&reg_mu);
        atomic_fetch_add(&n_conns, 1);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        cnode *n = *socket_context;
        pthread_mutex_lock(&reg_mu); /* the fd is still open here: no reuse race */
        n->prev->next = n->next;
        n->next->prev = n->prev;
        pthread_mutex_unlock(&reg_mu);
        free(n);
        *socket_context = NULL;
        atomic_fetch_sub(&n_conns, 1);
    }
}

static void *sweeper(void *arg)
{
    (void)arg;
    while (!stop) {
        usleep(250000);
        uint64_t now = mono_ms();
        pthread_mutex_lock(&reg_mu);
        for (cnode *n = reg_head.next; n != &reg_head; n = n->next) {
            unsigned lim = n->phase == 0 ? header_ms : n->phase == 1 ? body_ms : 0;
            if (lim && n->fd >= 0 && now - n->since_ms > lim) {
                shutdown(n->fd, SHUT_RDWR); /* libmicrohttpd sees the end and closes it */
                n->phase = 2;
            }
        }
        pthread_mutex_unlock(&reg_mu);
    }
    return NULL;
}

/* ---- requests ------------------------------------------------------------------------ */
typedef struct {
    char *uri;                 /* raw request target, undecoded */
    char *query;               /* points into uri, or NULL */
    int started, refused;
    size_t cap;
    uint8_t *buf;
    size_t len;
    int too_big;
    msg_relay_resp pre;
} req_ctx;

typedef struct {
    msg_relay *r;
    int public_port;
} listener;

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    req_ctx *x = calloc(1, sizeof *x);
    if (x == NULL) return NULL;
    x->uri = strdup(uri);
    if (x->uri == NULL) {
        free(x);
        return NULL;
    }
    char *q = strchr(x->uri, '?');
    if (q) {
        *q = '\0';
        x->query = q + 1;
    }
    return x;
}

/* Routing is on the raw path: nothing is percent-decoded. */
static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

static enum MHD_Result send_resp(struct MHD_Connection *conn, int status, msg_relay_resp *o)
{
    const char *b = o->body ? o->body : "";
    struct MHD_Response *mr = MHD_create_response_from_buffer(strlen(b), (void *)b, MHD_RESPMEM_MUST_COPY);
    free(o->body);
    o->body = NULL;
    if (mr == NULL) return MHD_NO;
    MHD_add_response_header(mr, "Content-Type", o->ctype ? o->ctype : "application/json");
    if (status == 429) {
        char ra[24];
        snprintf(ra, sizeof ra, "%u", o->retry_after ? o->retry_after : 1);
        MHD_add_response_header(mr, "Retry-After", ra);
    }
    if (status == 405 && o->allow) MHD_add_response_header(mr, "Allow", o->allow);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, mr);
    MHD_destroy_response(mr);
    return ret;
}

static void peer_of(struct MHD_Connection *conn, char *out, size_t n)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    out[0] = '\0';
    if (ci == NULL || ci->client_addr == NULL) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

static enum MHD_Result count_cl(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    (void)value;
    if (strcasecmp(key, "Content-Length") == 0) ++*(int *)cls;
    return MHD_YES;
}

/* Strict Content-Length: digits only, one header, never beside
 * Transfer-Encoding; Transfer-Encoding only "chunked" (RFC 9112 6.3: the
 * framings a proxy in front could read differently, i.e. request
 * smuggling; any other coding left the request hanging to the deadline). */
static uint64_t declared_length(struct MHD_Connection *conn)
{
    const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    int ncl = 0;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_cl, &ncl);
    if (ncl > 1 || (te != NULL && (cl != NULL || strcasecmp(te, "chunked") != 0))) return UINT64_MAX - 1;
    if (te != NULL) return UINT64_MAX;
    if (cl == NULL) return 0;
    uint64_t v = 0;
    if (*cl == '\0' || strlen(cl) > 18) return UINT64_MAX - 1;
    for (const char *p = cl; *p; p++) {
        if (*p < '0' || *p > '9') return UINT64_MAX - 1;
        v = 10 * v + (uint64_t)(*p - '0');
    }
    return v;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)url;
    (void)version;
    listener *L = cls;
    req_ctx *x = *con_cls;
    if (x == NULL) return MHD_NO;
    const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    const char *bearer = (auth && strncmp(auth, "Bearer ", 7) == 0) ? auth + 7 : NULL;
    char peer[64];
    peer_of(conn, peer, sizeof peer);
    msg_relay_req q = {method, x->uri, x->query, NULL, 0, bearer, peer, L->public_port, 1};
    if (!x->started) {
        /* Headers are in: decide everything that does not need the body. */
        x->started = 1;
        atomic_fetch_add(&in_flight, 1);
        set_phase(conn, 1);
        uint64_t decl = declared_length(conn);
        if (!L->public_port && strcmp(x->uri, "/metrics") != 0 && strcmp(x->uri, "/healthz") != 0 &&
            strcmp(x->uri, "/readyz") != 0) {
            x->refused = 1;
            msg_relay_resp o = {strdup("{\"error\":\"not found\"}"), "application/json", 0, NULL, 0};
            return send_resp(conn, 404, &o);
        }
        int st = decl == UINT64_MAX - 1 ? 400 : msg_relay_precheck(L->r, &q, decl, &x->pre);
        if (st == 400 && decl == UINT64_MAX - 1) x->pre.body = strdup("{\"error\":\"malformed\"}");
        if (st != 0) {
            x->refused = 1;
            set_phase(conn, 2);
            return send_resp(conn, st, &x->pre);
        }
        x->cap = msg_relay_body_cap(x->pre.route);
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (x->len + *upload_size > x->cap) {
            /* A streamed (chunked) body past the route's cap: libmicrohttpd
             * 0.9.75 cannot queue a response in mid-body, so the connection
             * is closed here; the rest is never read or buffered. */
            x->too_big = 1;
            msg_relay_count(L->r, x->pre.route, 413, "too_large");
            set_phase(conn, 2);
            return MHD_NO;
        }
        if (x->buf == NULL && (x->buf = malloc(x->cap)) == NULL) return MHD_NO;
        memcpy(x->buf + x->len, upload_data, *upload_size);
        x->len += *upload_size;
        *upload_size = 0;
        return MHD_YES;
    }
    set_phase(conn, 2);
    q.body = x->buf;
    q.body_len = x->len;
    msg_relay_resp o;
    int st = msg_relay_serve(L->r, &q, &o);
    return send_resp(conn, st, &o);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)toe;
    req_ctx *x = *con_cls;
    if (x) {
        if (x->started) atomic_fetch_sub(&in_flight, 1);
        free(x->buf);
        free(x->pre.body);
        free(x->uri);
        free(x);
    }
    *con_cls = NULL;
    set_phase(conn, 0); /* keep-alive: the next request's headers are on the clock */
}

/* ---- listening ------------------------------------------------------------------------ */
/* "ADDR:PORT", "[v6]:PORT"; a bound, listening socket or -1. *loopback set. */
static int listen_on(const char *spec, int *loopback, unsigned *port_out)
{
    char host[128];
    const char *colon = strrchr(spec, ':');
    if (colon == NULL || (size_t)(colon - spec) >= sizeof host) return -1;
    memcpy(host, spec, (size_t)(colon - spec));
    host[colon - spec] = '\0';
    char *end;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (*end || colon[1] == '\0' || port > 65535) return -1;
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t sl;
    int fam;
    size_t hl = strlen(host);
    if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1) return -1;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        *loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
        sl = sizeof *a;
        fam = AF_INET6;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        if (inet_pton(AF_INET, host, &a->sin_addr) != 1) return -1;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        *loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
        sl = sizeof *a;
        fam = AF_INET;
    }
    int fd = socket(fam, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    if (fd < 0) return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&ss, sl) != 0 || listen(fd, 4096) != 0) {
        close(fd);
        return -1;
    }
    sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    *port_out = ntohs(fam == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port : ((struct sockaddr_in6 *)&ss)->sin6_port);
    return fd;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    char *b = malloc(1 << 20);
    size_t n = b ? fread(b, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (b) b[n] = '\0';
    return b;
}

static int num_arg(const char *s, unsigned long lo, unsigned long hi, unsigned long *v)
{
    char *end;
    errno = 0;
    *v = strtoul(s, &end, 10);
    return *s >= '0' && *s <= '9' && *end == '\0' && errno == 0 && *v >= lo && *v <= hi;
}

/* ADDR:PORT as --listen takes it (PORT 0..65535, 0 = the kernel chooses):
 * a malformed one is a usage error (exit 2), a busy or absent address a
 * failure at listen time (exit 1). Same syntax as listen_on. */
static int addr_port_ok(const char *s)
{
    const char *c = strrchr(s, ':');
    if (c == NULL || c == s || c[1] == '\0' || strlen(c + 1) > 5) return 0;
    unsigned long p = 0;
    for (const char *d = c + 1; *d != '\0'; d++) {
        if (*d < '0' || *d > '9') return 0;
        p = p * 10 + (unsigned long)(*d - '0');
    }
    if (p > 65535) return 0;
    /* A numeric IPv4 address or a bracketed IPv6 one, as listen_on takes. */
    char host[128];
    size_t hl = (size_t)(c - s);
    if (hl >= sizeof host) return 0;
    memcpy(host, s, hl);
    host[hl] = '\0';
    uint8_t a[16];
    if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        return inet_pton(AF_INET6, host + 1, a) == 1;
    }
    return inet_pton(AF_INET, host, a) == 1;
}

int main(int argc, char **argv)
{
    const char *db = getenv("AEGIS_RELAY_DB"), *name = "aegis-relay", *listen_spec = "127.0.0.1:8787";
    const char *metrics_spec = NULL, *cert = NULL, *key = NULL, *port_file = NULL;
    char port_spec[32];
    /* Default 32 workers per core: a worker whose upload waits for the group
     * commit's fsync serves none of its other connections meanwhile, so more
     * workers than cores keep fetches going and let more uploads share one
     * commit (measured with bench/loadtest.sh; msg/README.md "Load test"). */
    long threads = 32 * sysconf(_SC_NPROCESSORS_ONLN);
    unsigned long max_conns = 60000, per_ip = 256, idle_s = 15, v;
    msg_relay_opts ro;
    msg_relay_opts_default(&ro);
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i], *n = i + 1 < argc ? argv[i + 1] : NULL;
        int ok = 1;
        if (strcmp(a, "--version") == 0) {
            printf("aegis-relay " AEGIS_VERSION "\n" AEGIS_VERSION_PRIMITIVES);
            return 0;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            printf(USAGE);
            return 0;
        } else if (strcmp(a, "--check-tls") == 0) {
            int tls = MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES;
            printf("native TLS: %s\n", tls ? "yes" : "no");
            return tls ? 0 : 1;
        } else if (n == NULL) {
            ok = 0;
        } else if (strcmp(a, "--port") == 0) {
            ok = num_arg(n, 1, 65535, &v);
            snprintf(port_spec, sizeof port_spec, "127.0.0.1:%lu", v);
            listen_spec = port_spec;
        } else if (strcmp(a, "--listen") == 0) ok = addr_port_ok(n), listen_spec = n;
        else if (strcmp(a, "--metrics-listen") == 0) ok = strcmp(n, "off") == 0 || addr_port_ok(n), metrics_spec = n;
        else if (strcmp(a, "--db") == 0) db = n;
        else if (strcmp(a, "--name") == 0) name = n;
        else if (strcmp(a, "--tls-cert") == 0) cert = n;
        else if (strcmp(a, "--tls-key") == 0) key = n;
        else if (strcmp(a, "--port-file") == 0) port_file = n;
        else if (strcmp(a, "--threads") == 0) ok = num_arg(n, 1, 256, &v), threads = (long)v;
        else if (strcmp(a, "--max-connections") == 0) ok = num_arg(n, 16, 1000000, &max_conns);
        else if (strcmp(a, "--per-ip") == 0) ok = num_arg(n, 1, 1000000, &per_ip);
        else if (strcmp(a, "--header-timeout") == 0) ok = num_arg(n, 1, 3600, &v), header_ms = (unsigned)v * 1000;
        else if (strcmp(a, "--body-timeout") == 0) ok = num_arg(n, 1, 3600, &v), body_ms = (unsigned)v * 1000;
        else if (strcmp(a, "--idle-timeout") == 0) ok = num_arg(n, 1, 3600, &idle_s);
        else if (strcmp(a, "--opk-budget") == 0) ok = num_arg(n, 0, 1000000, &v), ro.opk_budget = (uint32_t)v;
        else if (strcmp(a, "--rate-scale") == 0) {
            char *end;
            ro.rate_scale = strtod(n, &end);
            ok = *end == '\0' && ro.rate_scale >= 0 && ro.rate_scale <= 1e6;
        } else ok = 0;
        if (!ok) {
            fprintf(stderr, "aegis-relay: bad or unexpected argument %s (try --help)\n", a);
            return 2;
        }
    }
    if ((cert == NULL) != (key == NULL)) {
        fprintf(stderr, "aegis-relay: --tls-cert and --tls-key go together\n");
        return 2;
    }
    if (threads < 1) threads = 1;
    if (threads > 256) threads = 256;
    /* The database holds the token MAC key: files we create are 0600. */
    umask(077);
    /* SIGINT/SIGTERM are blocked in every thread (the ones started below
     * inherit the mask) and taken by sigwait in this one. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    msg_config cfg;
    char err[256], path[4200];
    if (msg_config_load(&cfg, NULL, err, sizeof err) != MSG_OK) {
        fprintf(stderr, "aegis-relay: configuration error: %s\n", err);
        return 2;
    }
    msg_log_set_level(cfg.log_level);
    if (db == NULL) {
        snprintf(path, sizeof path, "%s/relay.db", cfg.home);
        db = path;
    }
    /* File descriptors: one per connection, plus the database's. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
        if (rl.rlim_cur != RLIM_INFINITY && max_conns + 64 > rl.rlim_cur)
            max_conns = rl.rlim_cur > 128 ? (unsigned long)rl.rlim_cur - 64 : 64;
        fprintf(stderr, "aegis-relay: RLIMIT_NOFILE %llu, connection limit %lu, per address %lu\n",
                (unsigned long long)rl.rlim_cur, max_conns, per_ip);
    }
    int lb = 1, mlb = 1;
    unsigned port = 0, mport = 0;
    int fd = listen_on(listen_spec, &lb, &port);
    if (fd < 0) {
        fprintf(stderr, "aegis-relay: cannot listen on %s\n", listen_spec);
        return 1;
    }
    if (!lb) fprintf(stderr, "aegis-relay: warning: listening on the non-loopback address %s\n", listen_spec);
    int mfd = -1;
    if (metrics_spec == NULL || strcmp(metrics_spec, "off") != 0) {
        mfd = listen_on(metrics_spec ? metrics_spec : "127.0.0.1:9787", &mlb, &mport);
        if (mfd < 0 && metrics_spec) {
            fprintf(stderr, "aegis-relay: cannot listen on %s\n", metrics_spec);
            return 1;
        }
        if (mfd < 0) fprintf(stderr, "aegis-relay: warning: metrics port 127.0.0.1:9787 busy, no metrics listener\n");
    }
    ro.connections = (unsigned)threads + 2;
    msg_relay *r;
    if (msg_relay_open_opts(&r, db, &cfg, name, &ro) != MSG_OK) {
        fprintf(stderr, "aegis-relay: cannot open the database\n");
        return 1;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
    char *cert_pem = NULL, *key_pem = NULL;
    if (cert) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            fprintf(stderr, "aegis-relay: this libmicrohttpd has no TLS support\n");
            return 1;
        }
        if ((cert_pem = slurp(cert)) == NULL || (key_pem = slurp(key)) == NULL) {
            fprintf(stderr, "aegis-relay: cannot read the TLS certificate or key\n");
            return 1;
        }
        flags |= MHD_USE_TLS;
    }
    listener pub = {r, 1}, met = {r, 0};
    struct MHD_OptionItem tls_opts[] = {
        {cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert_pem},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, key_pem},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, handler, &pub, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)max_conns, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)per_ip, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)idle_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)32768, MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL, MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, notify_conn, NULL,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "aegis-relay: cannot start the HTTP server on %s\n", listen_spec);
        msg_relay_close(r);
        return 1;
    }
    struct MHD_Daemon *md = NULL;
    if (mfd >= 0) {
        md = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL, handler, &met,
                              MHD_OPTION_LISTEN_SOCKET, mfd, MHD_OPTION_CONNECTION_LIMIT, 64u,
                              MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL,
                              MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL, MHD_OPTION_NOTIFY_COMPLETED,
                              completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, notify_conn, NULL, /* deadlines too */
                              MHD_OPTION_END);
        if (md == NULL) fprintf(stderr, "aegis-relay: warning: metrics listener did not start\n");
    }
    pthread_t sw;
    pthread_create(&sw, NULL, sweeper, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (port_file) {
        char tmp[4200];
        snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
        FILE *f = fopen(tmp, "w");
        if (f) {
            fprintf(f, "%u %u\n", port, mport);
            fclose(f);
            rename(tmp, port_file);
        }
    }
    fprintf(stderr, "aegis-relay: listening on %s (port %u, %s), metrics on %s, %ld threads, %s database\n",
            listen_spec, port, cert ? "https" : "http", md ? (metrics_spec ? metrics_spec : "127.0.0.1:9787") : "none",
            threads, msg_relay_backend(r));
    int sig = 0;
    while (sigwait(&sigs, &sig) != 0) {
    }
    stop = 1;
    /* Stop accepting, let requests in flight finish (at most 10 s), close. */
    MHD_socket lfd = MHD_quiesce_daemon(d);
    if (lfd != MHD_INVALID_SOCKET) close(lfd);
    for (int i = 0; i < 1000 && atomic_load(&in_flight) > 0; i++) usleep(10000);
    fprintf(stderr, "aegis-relay: stopping (%ld requests still in flight)\n", (long)atomic_load(&in_flight));
    MHD_stop_daemon(d);
    if (md) MHD_stop_daemon(md);
    pthread_join(sw, NULL);
    msg_relay_close(r);
    free(cert_pem);
    free(key_pem);
    return 0;
}
