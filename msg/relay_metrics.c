/*
 * relay_metrics.c -- what the relay counts: requests by route and status,
 * rejections by coarse reason, latency and upload-verification histograms,
 * the sizes of stored envelopes, and GET /metrics, which prints them with
 * the store's gauges in the Prometheus text format 0.0.4.
 */
#define _POSIX_C_SOURCE 200809L
#include "relay_internal.h"

#include <stdio.h>
#include <string.h>

const char *const relay_reject_names[N_REASON] = {"malformed", "unauthenticated", "forbidden", "not_found",
                                                   "duplicate", "too_large", "signature", "stale",
                                                   "rate_limited", "method", "store"};
static const int statuses[] = {200, 201, 400, 401, 403, 404, 405, 409, 413, 429, 500, 503};
_Static_assert(sizeof statuses / sizeof statuses[0] == N_STATUS, "N_STATUS (relay_internal.h)");
static const double lat_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
_Static_assert(sizeof lat_bounds / sizeof lat_bounds[0] == N_LAT, "N_LAT (relay_internal.h)");
static const size_t size_bounds[4] = {6144, 8192, 16384, 65536};

/* ---- counting ------------------------------------------------------------------ */
/* One envelope of env_len bytes stored. */
void relay_count_stored(msg_relay *r, size_t env_len)
{
    atomic_fetch_add(&r->n_stored, 1);
    int b = 0;
    while (b < 4 && env_len > size_bounds[b]) b++;
    atomic_fetch_add(&r->size_hist[b], 1);
}

void relay_histo_add(histo *h, uint64_t ns)
{
    double s = (double)ns / 1e9;
    int b = 0;
    while (b < N_LAT && s > lat_bounds[b]) b++;
    atomic_fetch_add(&h->bucket[b], 1);
    atomic_fetch_add(&h->count, 1);
    atomic_fetch_add(&h->sum_ns, ns);
}

static int reason_of(const char *name)
{
    for (int i = 0; name && i < N_REASON; i++)
        if (strcmp(relay_reject_names[i], name) == 0) return i;
    return -1;
}

void msg_relay_count(msg_relay *r, int rt, int status, const char *reason)
{
    int k = 0;
    if (rt < 0 || rt >= N_RT) rt = RT_NONE;
    while (k < N_STATUS && statuses[k] != status) k++;
    atomic_fetch_add(&r->reqs[rt][k], 1);
    int re = reason_of(reason);
    if (re >= 0) atomic_fetch_add(&r->rejects[re], 1);
}

/* ---- metrics (Prometheus text format 0.0.4) ------------------------------------- */
static void histo_print(FILE *f, const char *name, const char *labels, const histo *h)
{
    unsigned long long cum = 0;
    for (int b = 0; b <= N_LAT; b++) {
        cum += atomic_load(&h->bucket[b]);
        if (b < N_LAT) fprintf(f, "%s_bucket{%s%sle=\"%g\"} %llu\n", name, labels, *labels ? "," : "", lat_bounds[b], cum);
        else fprintf(f, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels, *labels ? "," : "", cum);
    }
    fprintf(f, "%s_sum%s%s%s %.6f\n%s_count%s%s%s %llu\n", name, *labels ? "{" : "", labels, *labels ? "}" : "",
            (double)atomic_load(&h->sum_ns) / 1e9, name, *labels ? "{" : "", labels, *labels ? "}" : "",
            (unsigned long long)atomic_load(&h->count));
}

int relay_metrics(rq *x)
{
    msg_relay *r = x->r;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL) return relay_fail(x, 503, R_STORE);
    fprintf(f, "# HELP aegis_relay_requests_total Requests by route template and HTTP status.\n"
               "# TYPE aegis_relay_requests_total counter\n");
    for (int rt = 0; rt < N_RT; rt++)
        for (int k = 0; k <= N_STATUS; k++) {
            unsigned long long v = atomic_load(&r->reqs[rt][k]);
            if (v == 0) continue;
            fprintf(f, "aegis_relay_requests_total{route=\"%s %s\",status=\"%d\"} %llu\n", relay_routes[rt].method,
                    relay_routes[rt].tmpl, k < N_STATUS ? statuses[k] : 0, v);
        }
    fprintf(f, "# HELP aegis_relay_request_duration_seconds Time to answer a request (body read), by route.\n"
               "# TYPE aegis_relay_request_duration_seconds histogram\n");
    for (int rt = 0; rt < N_RT; rt++) {
        char lab[96];
        snprintf(lab, sizeof lab, "route=\"%s %s\"", relay_routes[rt].method, relay_routes[rt].tmpl);
        histo_print(f, "aegis_relay_request_duration_seconds", lab, &r->lat[rt]);
    }
    fprintf(f, "# HELP aegis_relay_upload_verify_seconds Time to verify one uploaded envelope.\n"
               "# TYPE aegis_relay_upload_verify_seconds histogram\n");
    histo_print(f, "aegis_relay_upload_verify_seconds", "", &r->verify);
    fprintf(f, "# HELP aegis_relay_rejected_total Rejected requests by coarse reason.\n"
               "# TYPE aegis_relay_rejected_total counter\n");
    for (int i = 0; i < N_REASON; i++)
        fprintf(f, "aegis_relay_rejected_total{reason=\"%s\"} %llu\n", relay_reject_names[i],
                (unsigned long long)atomic_load(&r->rejects[i]));
    fprintf(f, "# HELP aegis_relay_envelopes_stored_total Envelopes accepted by this process.\n"
               "# TYPE aegis_relay_envelopes_stored_total counter\n"
               "aegis_relay_envelopes_stored_total %llu\n", (unsigned long long)atomic_load(&r->n_stored));
    fprintf(f, "# HELP aegis_relay_envelope_bytes Sizes of accepted envelopes.\n"
               "# TYPE aegis_relay_envelope_bytes histogram\n");
    unsigned long long cum = 0;
    for (int i = 0; i < 5; i++) {
        cum += atomic_load(&r->size_hist[i]);
        if (i < 4) fprintf(f, "aegis_relay_envelope_bytes_bucket{le=\"%zu\"} %llu\n", size_bounds[i], cum);
    }
    fprintf(f, "aegis_relay_envelope_bytes_bucket{le=\"+Inf\"} %llu\naegis_relay_envelope_bytes_count %llu\n", cum, cum);
    uint64_t now = relay_now(r);
    long active = 0;
    pthread_mutex_lock(&r->mu);
    for (int i = 0; i < BUCKETS; i++) active += r->active[i].num != 0 && r->active[i].ms + ACTIVE_WINDOW_MS > now;
    pthread_mutex_unlock(&r->mu);
    fprintf(f, "# HELP aegis_relay_active_users Users authenticated at this process in the last 5 minutes.\n"
               "# TYPE aegis_relay_active_users gauge\naegis_relay_active_users %ld\n", active);
    rs_stats s;
    memset(&s, 0, sizeof s);
    if (x->c->ops->stats(x->c, &s) == RS_OK)
        fprintf(f, "# HELP aegis_relay_users Registered users.\n# TYPE aegis_relay_users gauge\naegis_relay_users %lld\n"
                   "# HELP aegis_relay_envelopes_queued Envelopes waiting for their recipient.\n"
                   "# TYPE aegis_relay_envelopes_queued gauge\naegis_relay_envelopes_queued %lld\n"
                   "# HELP aegis_relay_opk_stock One-time prekeys held for all users.\n"
                   "# TYPE aegis_relay_opk_stock gauge\naegis_relay_opk_stock %lld\n",
                (long long)s.users, (long long)s.queued, (long long)s.opk_stock);
    if (s.commits > 0)
        fprintf(f, "# HELP aegis_relay_group_commits_total Upload transactions (SQLite group commit).\n"
                   "# TYPE aegis_relay_group_commits_total counter\naegis_relay_group_commits_total %lld\n"
                   "# HELP aegis_relay_group_committed_total Envelopes stored by those transactions.\n"
                   "# TYPE aegis_relay_group_committed_total counter\naegis_relay_group_committed_total %lld\n",
                (long long)s.commits, (long long)s.committed);
    fclose(f);
    x->out->body = buf;
    x->out->ctype = "text/plain; version=0.0.4";
    return 200;
}
