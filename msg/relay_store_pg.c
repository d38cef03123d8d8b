/*
 * relay_store_pg.c -- the relay's PostgreSQL backend (relay_store.h) through
 * libpq, so several relay processes share one database: versioned schema
 * migrations (schema_migrations, under an advisory lock), OPKs popped with
 * DELETE ... FOR UPDATE SKIP LOCKED (each served at most once across all
 * relays), the duplicate check as a primary key, message indexes from a
 * sequence. Parameters and results are in binary format.
 */
#define _POSIX_C_SOURCE 200809L
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "internal.h"
#include "relay_store.h"

static const char *const migrations[] = {
    "CREATE TABLE users(num BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
    " ik_hash BYTEA NOT NULL UNIQUE, idrec BYTEA NOT NULL, spkrec BYTEA, gen BIGINT NOT NULL DEFAULT 0);"
    "CREATE TABLE opks(id TEXT NOT NULL, opk_id BIGINT NOT NULL, rec BYTEA NOT NULL, PRIMARY KEY (id, opk_id));"
    "CREATE TABLE messages(idx BIGSERIAL PRIMARY KEY, recipient TEXT NOT NULL, received_ms BIGINT NOT NULL,"
    " sender_id TEXT NOT NULL, sender_ik BYTEA NOT NULL, msg_id BYTEA NOT NULL, env BYTEA NOT NULL);"
    "CREATE INDEX messages_mailbox ON messages(recipient, idx);"
    "CREATE INDEX messages_retention ON messages(received_ms);"
    "CREATE TABLE seen(sender_ik BYTEA NOT NULL, msg_id BYTEA NOT NULL, until_ms BIGINT NOT NULL,"
    " PRIMARY KEY (sender_ik, msg_id));"
    "CREATE INDEX seen_until ON seen(until_ms);"
    "CREATE TABLE nonces(h BYTEA PRIMARY KEY, until_ms BIGINT NOT NULL);"
    "CREATE INDEX nonces_until ON nonces(until_ms);"
    "CREATE TABLE opk_grants(requester TEXT NOT NULL, target TEXT NOT NULL, since_ms BIGINT NOT NULL,"
    " n BIGINT NOT NULL, PRIMARY KEY (requester, target));"
    "CREATE TABLE meta(k TEXT PRIMARY KEY, v BYTEA NOT NULL);",
};
#define N_MIGRATIONS (int)(sizeof migrations / sizeof migrations[0])

typedef struct {
    rs_conn base;
    PGconn *pg;
} pg_conn;
#define PG(x) ((pg_conn *)(x))

/* Binary parameters. */
typedef struct {
    const char *v[8];
    int l[8], f[8], n;
    uint8_t ints[8][8];
} args;
static void a_text(args *a, const char *s)
{
    a->v[a->n] = s;
    a->l[a->n] = (int)strlen(s);
    a->f[a->n++] = 1;
}
static void a_bytes(args *a, const uint8_t *p, size_t n)
{
    a->v[a->n] = (const char *)p;
    a->l[a->n] = (int)n;
    a->f[a->n++] = 1;
}
static void a_int(args *a, int64_t x)
{
    msg_be64(a->ints[a->n], (uint64_t)x);
    a->v[a->n] = (const char *)a->ints[a->n];
    a->l[a->n] = 8;
    a->f[a->n++] = 1;
}

/* Run one statement; NULL on error (logged, unless a unique violation,
 * which sets *dup). */
static PGresult *run(pg_conn *c, const char *sql, const args *a, int *dup)
{
    if (dup) *dup = 0;
    if (PQstatus(c->pg) != CONNECTION_OK) PQreset(c->pg);
    PGresult *r = PQexecParams(c->pg, sql, a ? a->n : 0, NULL, a ? a->v : NULL, a ? a->l : NULL,
                               a ? a->f : NULL, 1);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return r;
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (dup && state && strcmp(state, "23505") == 0) *dup = 1;
    else msg_log(MSG_LOG_ERROR, "relay store (postgresql): %s", PQerrorMessage(c->pg));
    PQclear(r);
    return NULL;
}

static int simple(pg_conn *c, const char *sql)
{
    PGresult *r = PQexec(c->pg, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok) msg_log(MSG_LOG_ERROR, "relay store (postgresql): %s", PQerrorMessage(c->pg));
    PQclear(r);
    return ok ? RS_OK : RS_ERR;
}

static int64_t col_int(PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col)) return 0;
    const uint8_t *p = (const uint8_t *)PQgetvalue(r, row, col);
    int n = PQgetlength(r, row, col);
    if (n == 8) return (int64_t)msg_rd64(p);
    if (n == 4) return (int32_t)msg_rd32(p);
    return 0;
}

static int migrate(pg_conn *c)
{
    if (simple(c, "SELECT pg_advisory_lock(727301)") != RS_OK) return RS_ERR;
    int rc = simple(c, "CREATE TABLE IF NOT EXISTS schema_migrations(version INT PRIMARY KEY,"
                       " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    PGresult *r = rc == RS_OK ? run(c, "SELECT coalesce(max(version), 0)::int8 FROM schema_migrations", NULL, NULL) : NULL;
    int v = r ? (int)col_int(r, 0, 0) : -1;
    PQclear(r);
    if (v < 0) rc = RS_ERR;
    for (; rc == RS_OK && v < N_MIGRATIONS; v++) {
        args a = {0};
        a_int(&a, v + 1);
        rc = simple(c, "BEGIN");
        if (rc == RS_OK) rc = simple(c, migrations[v]);
        if (rc == RS_OK) {
            PGresult *x = run(c, "INSERT INTO schema_migrations(version) VALUES ($1::int8::int)", &a, NULL);
            rc = x ? RS_OK : RS_ERR;
            PQclear(x);
        }
        if (rc == RS_OK) rc = simple(c, "COMMIT");
        else simple(c, "ROLLBACK");
        if (rc == RS_OK) msg_log(MSG_LOG_INFO, "relay store: schema migrated to version %d", v + 1);
    }
    simple(c, "SELECT pg_advisory_unlock(727301)");
    return rc;
}

/* ---- operations ------------------------------------------------------------------------ */
static int user_row(PGresult *r, rs_user *u)
{
    if (r == NULL) return RS_ERR;
    int rc = RS_NOTFOUND;
    if (PQntuples(r) == 1) {
        int il = PQgetlength(r, 0, 2), hl = PQgetlength(r, 0, 3), rl = PQgetlength(r, 0, 4);
        rc = RS_ERR;
        if (il <= MSG_UID_MAX && hl == 32 && rl <= (int)sizeof u->idrec) {
            u->num = col_int(r, 0, 0);
            u->gen = col_int(r, 0, 1);
            memcpy(u->id, PQgetvalue(r, 0, 2), (size_t)il);
            u->id[il] = '\0';
            memcpy(u->ik_hash, PQgetvalue(r, 0, 3), 32);
            memcpy(u->idrec, PQgetvalue(r, 0, 4), (size_t)rl);
            u->idrec_len = (size_t)rl;
            rc = RS_OK;
        }
    }
    PQclear(r);
    return rc;
}

static int pg_user_add(rs_conn *c, const char *id, const char *name, const uint8_t ik[32], const uint8_t *rec,
                       size_t n)
{
    args a = {0};
    int dup;
    a_text(&a, id);
    a_text(&a, name);
    a_bytes(&a, ik, 32);
    a_bytes(&a, rec, n);
    PGresult *r = run(PG(c), "INSERT INTO users(id, name, ik_hash, idrec) VALUES ($1, $2, $3, $4)", &a, &dup);
    PQclear(r);
    return r ? RS_OK : dup ? RS_DUP : RS_ERR;
}

static int pg_user_get(rs_conn *c, const char *id, rs_user *u)
{
    args a = {0};
    a_text(&a, id);
    return user_row(run(PG(c), "SELECT num, gen, id, ik_hash, idrec FROM users WHERE id = $1", &a, NULL), u);
}

static int pg_user_by_num(rs_conn *c, int64_t num, rs_user *u)
{
    args a = {0};
    a_int(&a, num);
    return user_row(run(PG(c), "SELECT num, gen, id, ik_hash, idrec FROM users WHERE num = $1::int8", &a, NULL), u);
}

static int pg_user_revoke(rs_conn *c, const char *id)
{
    args a = {0};
    a_text(&a, id);
    PGresult *r = run(PG(c), "UPDATE users SET gen = gen + 1 WHERE id = $1", &a, NULL);
    PQclear(r);
    return r ? RS_OK : RS_ERR;
}

static int pg_prekeys_put(rs_conn *c, const char *id, const uint8_t *spk, const uint8_t *opks,
                          const uint32_t *opk_ids, size_t n, int *added, int64_t *stock)
{
    pg_conn *p = PG(c);
    *added = 0;
    if (simple(p, "BEGIN") != RS_OK) return RS_ERR;
    int ok = 1;
    if (spk) {
        args a = {0};
        a_bytes(&a, spk, MSG_SPKREC_BYTES);
        a_text(&a, id);
        PGresult *r = run(p, "UPDATE users SET spkrec = $1 WHERE id = $2", &a, NULL);
        ok = r != NULL;
        PQclear(r);
    }
    for (size_t i = 0; ok && i < n; i++) {
        args a = {0};
        a_text(&a, id);
        a_int(&a, opk_ids[i]);
        a_bytes(&a, opks + i * MSG_OPKREC_BYTES, MSG_OPKREC_BYTES);
        PGresult *r = run(p, "INSERT INTO opks(id, opk_id, rec) VALUES ($1, $2::int8, $3) ON CONFLICT DO NOTHING", &a, NULL);
        ok = r != NULL;
        if (r) *added += atoi(PQcmdTuples(r));
        PQclear(r);
    }
    if (ok) {
        args a = {0};
        a_text(&a, id);
        PGresult *r = run(p, "SELECT count(*) FROM opks WHERE id = $1", &a, NULL);
        ok = r != NULL && PQntuples(r) == 1;
        if (ok) *stock = col_int(r, 0, 0);
        PQclear(r);
    }
    if (ok && simple(p, "COMMIT") == RS_OK) return RS_OK;
    simple(p, "ROLLBACK");
    return RS_ERR;
}

static int pg_bundle(rs_conn *c, const char *id, const char *requester, uint64_t now, int want_opk,
                     uint32_t budget, uint64_t window_ms, uint8_t spk[MSG_SPKREC_BYTES],
                     uint8_t opk[MSG_OPKREC_BYTES], int *have_opk)
{
    pg_conn *p = PG(c);
    *have_opk = 0;
    args a = {0};
    a_text(&a, id);
    PGresult *r = run(p, "SELECT spkrec FROM users WHERE id = $1", &a, NULL);
    if (r == NULL) return RS_ERR;
    int found = PQntuples(r) == 1 && PQgetlength(r, 0, 0) == MSG_SPKREC_BYTES;
    if (found) memcpy(spk, PQgetvalue(r, 0, 0), MSG_SPKREC_BYTES);
    PQclear(r);
    if (!found) return RS_NOTFOUND;
    if (!want_opk || budget == 0) return RS_OK;
    if (simple(p, "BEGIN") != RS_OK) return RS_ERR;
    /* The budget row is locked by the upsert: same-pair requests serialise. */
    args g = {0};
    a_text(&g, requester);
    a_text(&g, id);
    a_int(&g, (int64_t)now);
    a_int(&g, (int64_t)window_ms);
    r = run(p, "INSERT INTO opk_grants AS o(requester, target, since_ms, n) VALUES ($1, $2, $3::int8, 1)"
               " ON CONFLICT (requester, target) DO UPDATE SET"
               " since_ms = CASE WHEN o.since_ms + $4::int8 <= $3::int8 THEN $3::int8 ELSE o.since_ms END,"
               " n = CASE WHEN o.since_ms + $4::int8 <= $3::int8 THEN 1 ELSE o.n + 1 END RETURNING n",
            &g, NULL);
    int ok = r != NULL && PQntuples(r) == 1;
    int64_t used = ok ? col_int(r, 0, 0) : 0;
    PQclear(r);
    if (ok && used <= (int64_t)budget) {
        /* Pop one OPK: a row another relay is popping is skipped, never shared. */
        r = run(p, "DELETE FROM opks WHERE (id, opk_id) = (SELECT id, opk_id FROM opks WHERE id = $1"
                   " ORDER BY opk_id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING rec", &a, NULL);
        ok = r != NULL;
        if (ok && PQntuples(r) == 1 && PQgetlength(r, 0, 0) == MSG_OPKREC_BYTES) {
            memcpy(opk, PQgetvalue(r, 0, 0), MSG_OPKREC_BYTES);
            *have_opk = 1;
        }
        PQclear(r);
    }
    /* Nothing served (budget spent, or no stock): the budget is not charged,
     * as in the SQLite backend; only OPKs handed out count. */
    if (ok && !*have_opk) return simple(p, "ROLLBACK") == RS_OK ? RS_OK : RS_ERR;
    if (ok && simple(p, "COMMIT") == RS_OK) return RS_OK;
    simple(p, "ROLLBACK");
    *have_opk = 0;
    return RS_ERR;
}

static int pg_msg_put(rs_conn *c, const char *rid, const char *sid, const uint8_t sender_ik[32],
                      const uint8_t msg_id[16], const uint8_t *env, size_t n, uint64_t now, uint64_t seen_until,
                      int64_t *index)
{
    args a = {0};
    a_bytes(&a, sender_ik, 32);
    a_bytes(&a, msg_id, 16);
    a_int(&a, (int64_t)seen_until);
    a_text(&a, rid);
    a_text(&a, sid);
    a_bytes(&a, env, n);
    a_int(&a, (int64_t)now);
    /* One atomic statement: the duplicate record and the envelope, or neither.
     * It returns after the commit is durable (synchronous_commit = on). */
    PGresult *r = run(PG(c), "WITH s AS (INSERT INTO seen(sender_ik, msg_id, until_ms) VALUES ($1, $2, $3::int8)"
                             " ON CONFLICT DO NOTHING RETURNING 1)"
                             " INSERT INTO messages(recipient, sender_id, sender_ik, msg_id, env, received_ms)"
                             " SELECT $4, $5, $1, $2, $6, $7::int8 FROM s RETURNING idx",
                      &a, NULL);
    if (r == NULL) return RS_ERR;
    int rc = PQntuples(r) == 1 ? RS_OK : RS_DUP;
    if (rc == RS_OK) *index = col_int(r, 0, 0);
    PQclear(r);
    return rc;
}

static int emit(PGresult *r, int with_env, rs_msg_cb cb, void *arg, int limit, int *more)
{
    if (r == NULL) return RS_ERR;
    int n = PQntuples(r);
    if (more) *more = limit >= 0 && n > limit;
    for (int i = 0; i < n && (limit < 0 || i < limit); i++) {
        rs_msg m;
        memset(&m, 0, sizeof m);
        m.index = col_int(r, i, 0);
        if (with_env) {
            int sl = PQgetlength(r, i, 2);
            m.received_ms = (uint64_t)col_int(r, i, 1);
            if (sl > MSG_UID_MAX) sl = MSG_UID_MAX;
            memcpy(m.sender_id, PQgetvalue(r, i, 2), (size_t)sl);
            m.env = (const uint8_t *)PQgetvalue(r, i, 3);
            m.env_len = (size_t)PQgetlength(r, i, 3);
        }
        if (cb(arg, &m)) break;
    }
    PQclear(r);
    return RS_OK;
}

static int pg_msg_list(rs_conn *c, const char *rid, int64_t after, int limit, int with_env, rs_msg_cb cb,
                       void *arg, int *more)
{
    args a = {0};
    a_text(&a, rid);
    a_int(&a, after);
    a_int(&a, limit < 0 ? INT64_MAX : (int64_t)limit + 1);
    PGresult *r = run(PG(c), with_env ? "SELECT idx, received_ms, sender_id, env FROM messages WHERE recipient = $1"
                                        " AND idx > $2::int8 ORDER BY idx LIMIT $3::int8"
                                      : "SELECT idx FROM messages WHERE recipient = $1 AND idx > $2::int8"
                                        " ORDER BY idx LIMIT $3::int8",
                      &a, NULL);
    return emit(r, with_env, cb, arg, limit, more);
}

typedef struct {
    rs_msg_cb cb;
    void *arg;
    int found;
} get_ctx;
static int get_cb(void *arg, const rs_msg *m)
{
    get_ctx *g = arg;
    g->found = 1;
    return g->cb(g->arg, m);
}

static int pg_msg_get(rs_conn *c, const char *rid, int64_t index, rs_msg_cb cb, void *arg)
{
    args a = {0};
    a_text(&a, rid);
    a_int(&a, index);
    get_ctx g = {cb, arg, 0};
    int rc = emit(run(PG(c), "SELECT idx, received_ms, sender_id, env FROM messages WHERE recipient = $1"
                             " AND idx = $2::int8", &a, NULL),
                  1, get_cb, &g, -1, NULL);
    return rc != RS_OK ? rc : g.found ? RS_OK : RS_NOTFOUND;
}

static int pg_msg_del(rs_conn *c, const char *rid, int64_t index, uint64_t seen_until)
{
    args a = {0};
    a_text(&a, rid);
    a_int(&a, index);
    a_int(&a, (int64_t)seen_until);
    /* The tombstone: the duplicate record outlives the envelope. */
    PGresult *r = run(PG(c), "WITH d AS (DELETE FROM messages WHERE recipient = $1 AND idx = $2::int8"
                             " RETURNING sender_ik, msg_id),"
                             " u AS (UPDATE seen SET until_ms = greatest(seen.until_ms, $3::int8) FROM d"
                             " WHERE seen.sender_ik = d.sender_ik AND seen.msg_id = d.msg_id)"
                             " SELECT count(*) FROM d", &a, NULL);
    if (r == NULL) return RS_ERR;
    int rc = PQntuples(r) == 1 && col_int(r, 0, 0) > 0 ? RS_OK : RS_NOTFOUND;
    PQclear(r);
    return rc;
}

static int pg_nonce_use(rs_conn *c, const uint8_t h[32], uint64_t expires)
{
    args a = {0};
    int dup;
    a_bytes(&a, h, 32);
    a_int(&a, (int64_t)expires);
    PGresult *r = run(PG(c), "INSERT INTO nonces(h, until_ms) VALUES ($1, $2::int8)", &a, &dup);
    PQclear(r);
    return r ? RS_OK : dup ? RS_DUP : RS_ERR;
}

static int pg_purge(rs_conn *c, uint64_t now, uint64_t retention_ms)
{
    static const char *const del[] = {
        "DELETE FROM messages WHERE received_ms < $1::int8", "DELETE FROM seen WHERE until_ms < $2::int8",
        "DELETE FROM nonces WHERE until_ms < $2::int8", "DELETE FROM opk_grants WHERE since_ms < $1::int8"};
    int rc = RS_OK;
    for (int i = 0; i < 4; i++) {
        args a = {0};
        a_int(&a, (int64_t)(now > retention_ms ? now - retention_ms : 0));
        a_int(&a, (int64_t)now);
        /* Unused parameters still need a type. */
        char sql[160];
        snprintf(sql, sizeof sql, "%s AND $1::int8 IS NOT NULL AND $2::int8 IS NOT NULL", del[i]);
        PGresult *r = run(PG(c), sql, &a, NULL);
        if (r == NULL) rc = RS_ERR;
        PQclear(r);
    }
    return rc;
}

static int pg_stats(rs_conn *c, rs_stats *s)
{
    PGresult *r = run(PG(c), "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM messages),"
                             " (SELECT count(*) FROM opks)", NULL, NULL);
    if (r == NULL || PQntuples(r) != 1) {
        PQclear(r);
        return RS_ERR;
    }
    s->users = col_int(r, 0, 0);
    s->queued = col_int(r, 0, 1);
    s->opk_stock = col_int(r, 0, 2);
    s->commits = s->committed = 0; /* PostgreSQL groups commits itself (commit_delay) */
    PQclear(r);
    return RS_OK;
}

static int pg_server_key(rs_conn *c, const uint8_t cand[32], uint8_t key[32])
{
    args a = {0};
    a_bytes(&a, cand, 32);
    PGresult *r = run(PG(c), "INSERT INTO meta(k, v) VALUES ('server_key', $1) ON CONFLICT DO NOTHING", &a, NULL);
    if (r == NULL) return RS_ERR;
    PQclear(r);
    r = run(PG(c), "SELECT v FROM meta WHERE k = 'server_key'", NULL, NULL);
    int rc = r && PQntuples(r) == 1 && PQgetlength(r, 0, 0) == 32 ? RS_OK : RS_ERR;
    if (rc == RS_OK) memcpy(key, PQgetvalue(r, 0, 0), 32);
    PQclear(r);
    return rc;
}

static int pg_ping(rs_conn *c)
{
    PGresult *r = run(PG(c), "SELECT 1", NULL, NULL);
    PQclear(r);
    return r ? RS_OK : RS_ERR;
}

static void pg_close(rs_conn *c)
{
    PQfinish(PG(c)->pg);
    free(c);
}

static const rs_ops pg_ops = {pg_user_add, pg_user_get, pg_user_by_num, pg_user_revoke, pg_prekeys_put,
                              pg_bundle,   pg_msg_put,  pg_msg_list,    pg_msg_get,     pg_msg_del,
                              pg_nonce_use, pg_purge,   pg_stats,       pg_server_key,  pg_ping,
                              pg_close};

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

rs_conn *rs_pg_connect(const char *url, void **shared, char *err, size_t errlen)
{
    pg_conn *c = calloc(1, sizeof *c);
    if (c == NULL) return NULL;
    c->base.ops = &pg_ops;
    c->pg = PQconnectdb(url);
    if (PQstatus(c->pg) != CONNECTION_OK) {
        /* The URL may hold a password: say only that it failed. */
        snprintf(err, errlen, "cannot connect to the PostgreSQL database");
        PQfinish(c->pg);
        free(c);
        return NULL;
    }
    PQsetNoticeProcessor(c->pg, quiet, NULL);
    PQclear(PQexec(c->pg, "SET synchronous_commit = on"));
    if (*shared == NULL) {
        /* First connection: bring the schema up to date once. */
        if (migrate(c) != RS_OK) {
            snprintf(err, errlen, "PostgreSQL schema migration failed");
            PQfinish(c->pg);
            free(c);
            return NULL;
        }
        *shared = (void *)1;
    }
    return &c->base;
}

void rs_pg_shared_free(void *shared) { (void)shared; }
