/*
 * relay_store.c -- the relay's connection pool over one storage backend
 * (relay_store.h): nconn connections opened at start, one per worker thread.
 */
#define _POSIX_C_SOURCE 200809L
#include "relay_store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rs_store {
    int pg;
    void *shared;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    rs_conn *free_list;
    rs_conn **all;
    unsigned n;
};

int rs_open(rs_store **out, const char *url, unsigned nconn, char *err, size_t errlen)
{
    *out = NULL;
    rs_store *s = calloc(1, sizeof *s);
    if (s == NULL || nconn == 0 || (s->all = calloc(nconn, sizeof *s->all)) == NULL) {
        free(s);
        snprintf(err, errlen, "out of memory");
        return RS_ERR;
    }
    s->pg = strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    for (unsigned i = 0; i < nconn; i++) {
        rs_conn *c = s->pg ? rs_pg_connect(url, &s->shared, err, errlen)
                           : rs_sqlite_connect(url, &s->shared, err, errlen);
        if (c == NULL) {
            rs_close(s);
            return RS_ERR;
        }
        s->all[s->n++] = c;
        c->next_free = s->free_list;
        s->free_list = c;
    }
    *out = s;
    return RS_OK;
}

rs_conn *rs_acquire(rs_store *s)
{
    pthread_mutex_lock(&s->mu);
    while (s->free_list == NULL) pthread_cond_wait(&s->cv, &s->mu);
    rs_conn *c = s->free_list;
    s->free_list = c->next_free;
    pthread_mutex_unlock(&s->mu);
    return c;
}

void rs_release(rs_store *s, rs_conn *c)
{
    pthread_mutex_lock(&s->mu);
    c->next_free = s->free_list;
    s->free_list = c;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

void rs_close(rs_store *s)
{
    if (s == NULL) return;
    for (unsigned i = 0; i < s->n; i++) s->all[i]->ops->close(s->all[i]);
    if (s->shared) (s->pg ? rs_pg_shared_free : rs_sqlite_shared_free)(s->shared);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s->all);
    free(s);
}

const char *rs_backend(const rs_store *s) { return s->pg ? "postgresql" : "sqlite"; }
