/*
 * relay_store_sqlite.c -- the relay's embedded storage backend (relay_store.h)
 * on SQLite: WAL, synchronous=FULL, one connection per worker, versioned
 * schema (PRAGMA user_version), indexes for every query. Envelope uploads
 * go through one writer thread that commits whatever has queued up in one
 * transaction (group commit): a burst shares one fsync, and each caller
 * waits until the commit holding its envelope is durable.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "relay_store.h"

/* ---- schema ---------------------------------------------------------------- */
/* Version 1 is the v1 relay's layout (kept so old databases open); version 2
 * adds user numbers and token generations, the indexes, duplicate
 * tombstones, used challenges, OPK budgets and the server key. */
static const char *const migrations[] = {
    "CREATE TABLE IF NOT EXISTS users(id TEXT PRIMARY KEY, name TEXT, ik_hash BLOB UNIQUE,"
    " idrec BLOB NOT NULL, spkrec BLOB);"
    "CREATE TABLE IF NOT EXISTS opks(id TEXT, opk_id INTEGER, rec BLOB, PRIMARY KEY (id, opk_id));"
    "CREATE TABLE IF NOT EXISTS messages(idx INTEGER PRIMARY KEY AUTOINCREMENT,"
    " recipient TEXT NOT NULL, sender_id TEXT NOT NULL, sender_ik BLOB NOT NULL, msg_id BLOB NOT NULL,"
    " env BLOB NOT NULL, received_ms INTEGER NOT NULL, UNIQUE (sender_ik, msg_id));",

    "ALTER TABLE users ADD COLUMN num INTEGER;"
    "ALTER TABLE users ADD COLUMN gen INTEGER NOT NULL DEFAULT 0;"
    "UPDATE users SET num = rowid;"
    "CREATE UNIQUE INDEX users_num ON users(num);"
    "CREATE INDEX messages_mailbox ON messages(recipient, idx);"
    "CREATE INDEX messages_retention ON messages(received_ms);"
    "CREATE TABLE seen(sender_ik BLOB NOT NULL, msg_id BLOB NOT NULL, until_ms INTEGER NOT NULL,"
    " PRIMARY KEY (sender_ik, msg_id)) WITHOUT ROWID;"
    "CREATE INDEX seen_until ON seen(until_ms);"
    /* v1 rows: keep them for the longest retention (90 days) + 2 days. */
    "INSERT OR IGNORE INTO seen SELECT sender_ik, msg_id, received_ms + 7948800000 FROM messages;"
    "CREATE TABLE nonces(h BLOB PRIMARY KEY, until_ms INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE opk_grants(requester TEXT NOT NULL, target TEXT NOT NULL, since_ms INTEGER NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY (requester, target)) WITHOUT ROWID;"
    "CREATE TABLE meta(k TEXT PRIMARY KEY, v BLOB NOT NULL);",
};
#define N_MIGRATIONS (int)(sizeof migrations / sizeof migrations[0])

enum {
    Q_USER_ADD, Q_USER_GET, Q_USER_NUM, Q_REVOKE, Q_SPK_SET, Q_OPK_ADD, Q_OPK_COUNT, Q_SPK_GET, Q_GRANT_GET,
    Q_GRANT_SET, Q_OPK_FIRST, Q_OPK_DEL, Q_SEEN_ADD, Q_MSG_ADD, Q_LIST_IDX, Q_LIST_ENV, Q_MSG_GET, Q_MSG_DEL,
    Q_SEEN_SET, Q_NONCE, Q_KEY_SET, Q_KEY_GET, N_Q
};
static const char *const sql[N_Q] = {
    [Q_USER_ADD] = "INSERT INTO users(id, name, ik_hash, idrec, num, gen)"
                   " VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(num), 0) + 1 FROM users), 0)",
    [Q_USER_GET] = "SELECT num, gen, id, ik_hash, idrec FROM users WHERE id = ?1",
    [Q_USER_NUM] = "SELECT num, gen, id, ik_hash, idrec FROM users WHERE num = ?1",
    [Q_REVOKE] = "UPDATE users SET gen = gen + 1 WHERE id = ?1",
    [Q_SPK_SET] = "UPDATE users SET spkrec = ?1 WHERE id = ?2",
    [Q_OPK_ADD] = "INSERT OR IGNORE INTO opks(id, opk_id, rec) VALUES (?1, ?2, ?3)",
    [Q_OPK_COUNT] = "SELECT count(*) FROM opks WHERE id = ?1",
    [Q_SPK_GET] = "SELECT spkrec FROM users WHERE id = ?1",
    [Q_GRANT_GET] = "SELECT since_ms, n FROM opk_grants WHERE requester = ?1 AND target = ?2",
    [Q_GRANT_SET] = "INSERT OR REPLACE INTO opk_grants(requester, target, since_ms, n) VALUES (?1, ?2, ?3, ?4)",
    [Q_OPK_FIRST] = "SELECT opk_id, rec FROM opks WHERE id = ?1 ORDER BY opk_id LIMIT 1",
    [Q_OPK_DEL] = "DELETE FROM opks WHERE id = ?1 AND opk_id = ?2",
    [Q_SEEN_ADD] = "INSERT INTO seen(sender_ik, msg_id, until_ms) VALUES (?1, ?2, ?3)",
    [Q_MSG_ADD] = "INSERT INTO messages(recipient, sender_id, sender_ik, msg_id, env, received_ms)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_LIST_IDX] = "SELECT idx FROM messages WHERE recipient = ?1 AND idx > ?2 ORDER BY idx LIMIT ?3",
    [Q_LIST_ENV] = "SELECT idx, received_ms, sender_id, env FROM messages WHERE recipient = ?1 AND idx > ?2"
                   " ORDER BY idx LIMIT ?3",
    [Q_MSG_GET] = "SELECT idx, received_ms, sender_id, env FROM messages WHERE recipient = ?1 AND idx = ?2",
    [Q_MSG_DEL] = "DELETE FROM messages WHERE recipient = ?1 AND idx = ?2 RETURNING sender_ik, msg_id",
    [Q_SEEN_SET] = "UPDATE seen SET until_ms = max(until_ms, ?3) WHERE sender_ik = ?1 AND msg_id = ?2",
    [Q_NONCE] = "INSERT INTO nonces(h, until_ms) VALUES (?1, ?2)",
    [Q_KEY_SET] = "INSERT OR IGNORE INTO meta(k, v) VALUES ('server_key', ?1)",
    [Q_KEY_GET] = "SELECT v FROM meta WHERE k = 'server_key'",
};

typedef struct gc_job gc_job;
typedef struct {
    sqlite3 *db;        /* the writer's own connection */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    gc_job *head, **tail;
    int stop, started;
    sqlite3_stmt *seen_add, *msg_add;
    int64_t commits, committed;  /* under mu */
} gc_shared;

struct gc_job {
    gc_job *next;
    const char *rid, *sid;
    const uint8_t *sender_ik, *msg_id, *env;
    size_t n;
    uint64_t now, seen_until;
    int64_t index;
    int rc, finished;
};

typedef struct {
    rs_conn base;
    sqlite3 *db;
    gc_shared *gc;
    sqlite3_stmt *st[N_Q];
} sq_conn;

static sqlite3_stmt *Q(sq_conn *c, int k)
{
    if (c->st[k] == NULL &&
        sqlite3_prepare_v3(c->db, sql[k], -1, SQLITE_PREPARE_PERSISTENT, &c->st[k], NULL) != SQLITE_OK) {
        msg_log(MSG_LOG_ERROR, "relay store: %s", sqlite3_errmsg(c->db));
        return NULL;
    }
    sqlite3_reset(c->st[k]);
    sqlite3_clear_bindings(c->st[k]);
    return c->st[k];
}
#define SQ(x) ((sq_conn *)(x))

static int exec(sqlite3 *db, const char *s)
{
    char *e = NULL;
    if (sqlite3_exec(db, s, NULL, NULL, &e) != SQLITE_OK) {
        msg_log(MSG_LOG_ERROR, "relay store: %s", e ? e : sqlite3_errmsg(db));
        sqlite3_free(e);
        return RS_ERR;
    }
    return RS_OK;
}

static int step_done(sqlite3_stmt *s)
{
    if (s == NULL) return RS_ERR;
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_DONE) return RS_OK;
    return (rc & 0xff) == SQLITE_CONSTRAINT ? RS_DUP : RS_ERR;
}

static sqlite3 *open_db(const char *path, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s", path);
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 10000);
    if (exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;") != RS_OK) {
        snprintf(err, errlen, "cannot set WAL mode on %s", path);
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

/* Apply the migrations past PRAGMA user_version, each in its own transaction. */
static int migrate(sqlite3 *db)
{
    sqlite3_stmt *s;
    int v = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK) return RS_ERR;
    if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    for (; v < N_MIGRATIONS; v++) {
        char set[64];
        snprintf(set, sizeof set, "PRAGMA user_version = %d;", v + 1);
        if (exec(db, "BEGIN IMMEDIATE") != RS_OK) return RS_ERR;
        if (exec(db, migrations[v]) != RS_OK || exec(db, set) != RS_OK) {
            exec(db, "ROLLBACK");
            return RS_ERR;
        }
        if (exec(db, "COMMIT") != RS_OK) return RS_ERR;
        msg_log(MSG_LOG_INFO, "relay store: schema migrated to version %d", v + 1);
    }
    return RS_OK;
}

/* ---- group commit ------------------------------------------------------------ */
static void gc_run_one(gc_shared *g, gc_job *j)
{
    sqlite3_stmt *s = g->seen_add;
    sqlite3_reset(s);
    sqlite3_bind_blob(s, 1, j->sender_ik, 32, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, j->msg_id, 16, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, (int64_t)j->seen_until);
    j->rc = step_done(s);
    if (j->rc != RS_OK) return;
    s = g->msg_add;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, j->rid, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, j->sid, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 3, j->sender_ik, 32, SQLITE_STATIC);
    sqlite3_bind_blob(s, 4, j->msg_id, 16, SQLITE_STATIC);
    sqlite3_bind_blob(s, 5, j->env, (int)j->n, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, (int64_t)j->now);
    j->rc = step_done(s);
    if (j->rc == RS_OK) j->index = sqlite3_last_insert_rowid(g->db);
}

static void *gc_thread(void *arg)
{
    gc_shared *g = arg;
    pthread_mutex_lock(&g->mu);
    for (;;) {
        while (g->head == NULL && !g->stop) pthread_cond_wait(&g->work, &g->mu);
        if (g->head == NULL && g->stop) break;
        gc_job *batch = g->head;
        g->head = NULL;
        g->tail = &g->head;
        pthread_mutex_unlock(&g->mu);
        int ok = exec(g->db, "BEGIN IMMEDIATE") == RS_OK;
        for (gc_job *j = batch; j; j = j->next) {
            if (!ok) {
                j->rc = RS_ERR;
                continue;
            }
            /* A savepoint per job: a duplicate undoes only its own rows. */
            exec(g->db, "SAVEPOINT j");
            gc_run_one(g, j);
            exec(g->db, j->rc == RS_OK ? "RELEASE j" : "ROLLBACK TO j; RELEASE j");
        }
        /* COMMIT returns after the WAL is fsynced (synchronous=FULL). */
        if (ok && exec(g->db, "COMMIT") != RS_OK) {
            exec(g->db, "ROLLBACK");
            ok = 0;
        }
        pthread_mutex_lock(&g->mu);
        g->commits += ok;
        for (gc_job *j = batch; j; j = j->next) {
            if (!ok) j->rc = RS_ERR;
            g->committed += ok && j->rc == RS_OK;
            j->finished = 1;
        }
        pthread_cond_broadcast(&g->done);
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

void rs_sqlite_shared_free(void *p)
{
    gc_shared *g = p;
    if (g->started) {
        pthread_mutex_lock(&g->mu);
        g->stop = 1;
        pthread_cond_signal(&g->work);
        pthread_mutex_unlock(&g->mu);
        pthread_join(g->thread, NULL);
    }
    sqlite3_finalize(g->seen_add);
    sqlite3_finalize(g->msg_add);
    sqlite3_close(g->db);
    pthread_mutex_destroy(&g->mu);
    pthread_cond_destroy(&g->work);
    pthread_cond_destroy(&g->done);
    free(g);
}

static gc_shared *gc_start(const char *path, char *err, size_t errlen)
{
    gc_shared *g = calloc(1, sizeof *g);
    if (g == NULL) return NULL;
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->work, NULL);
    pthread_cond_init(&g->done, NULL);
    g->tail = &g->head;
    /* The writer's page cache: 32 MiB instead of SQLite's 2 MiB, so that the
     * random-order duplicate indexes (messages, seen) of a deep queue stay
     * cached (100,000 queued: about 6 MiB each). */
    if ((g->db = open_db(path, err, errlen)) == NULL || migrate(g->db) != RS_OK ||
        exec(g->db, "PRAGMA cache_size=-32768") != RS_OK ||
        sqlite3_prepare_v2(g->db, sql[Q_SEEN_ADD], -1, &g->seen_add, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(g->db, sql[Q_MSG_ADD], -1, &g->msg_add, NULL) != SQLITE_OK ||
        pthread_create(&g->thread, NULL, gc_thread, g) != 0) {
        if (!*err) snprintf(err, errlen, "cannot prepare the database %s", path);
        rs_sqlite_shared_free(g);
        return NULL;
    }
    g->started = 1;
    return g;
}

static int sq_msg_put(rs_conn *c, const char *rid, const char *sid, const uint8_t sender_ik[32],
                      const uint8_t msg_id[16], const uint8_t *env, size_t n, uint64_t now, uint64_t seen_until,
                      int64_t *index)
{
    gc_shared *g = SQ(c)->gc;
    gc_job j = {NULL, rid, sid, sender_ik, msg_id, env, n, now, seen_until, 0, RS_ERR, 0};
    pthread_mutex_lock(&g->mu);
    *g->tail = &j;
    g->tail = &j.next;
    pthread_cond_signal(&g->work);
    while (!j.finished) pthread_cond_wait(&g->done, &g->mu);
    pthread_mutex_unlock(&g->mu);
    *index = j.index;
    return j.rc;
}

/* ---- the other operations, on the caller's connection ------------------------ */
static int row_user(sqlite3_stmt *s, rs_user *u)
{
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? RS_NOTFOUND : RS_ERR;
    }
    size_t n = (size_t)sqlite3_column_bytes(s, 4);
    const char *id = (const char *)sqlite3_column_text(s, 2);
    if (n > sizeof u->idrec || sqlite3_column_bytes(s, 3) != 32 || id == NULL || strlen(id) > MSG_UID_MAX) {
        sqlite3_reset(s);
        return RS_ERR;
    }
    u->num = sqlite3_column_int64(s, 0);
    u->gen = sqlite3_column_int64(s, 1);
    snprintf(u->id, sizeof u->id, "%s", id);
    memcpy(u->ik_hash, sqlite3_column_blob(s, 3), 32);
    memcpy(u->idrec, sqlite3_column_blob(s, 4), n);
    u->idrec_len = n;
    sqlite3_reset(s);
    return RS_OK;
}

static int sq_user_add(rs_conn *c, const char *id, const char *name, const uint8_t ik[32], const uint8_t *rec,
                       size_t n)
{
    sqlite3_stmt *s = Q(SQ(c), Q_USER_ADD);
    if (s == NULL) return RS_ERR;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 3, ik, 32, SQLITE_STATIC);
    sqlite3_bind_blob(s, 4, rec, (int)n, SQLITE_STATIC);
    return step_done(s);
}

static int sq_user_get(rs_conn *c, const char *id, rs_user *u)
{
    sqlite3_stmt *s = Q(SQ(c), Q_USER_GET);
    if (s == NULL) return RS_ERR;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    return row_user(s, u);
}

static int sq_user_by_num(rs_conn *c, int64_t num, rs_user *u)
{
    sqlite3_stmt *s = Q(SQ(c), Q_USER_NUM);
    if (s == NULL) return RS_ERR;
    sqlite3_bind_int64(s, 1, num);
    return row_user(s, u);
}

static int sq_user_revoke(rs_conn *c, const char *id)
{
    sqlite3_stmt *s = Q(SQ(c), Q_REVOKE);
    if (s == NULL) return RS_ERR;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    return step_done(s);
}

static int64_t opk_count(sq_conn *c, const char *id)
{
    sqlite3_stmt *s = Q(c, Q_OPK_COUNT);
    int64_t k = -1;
    if (s == NULL) return -1;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) k = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return k;
}

static int sq_prekeys_put(rs_conn *c, const char *id, const uint8_t *spk, const uint8_t *opks,
                          const uint32_t *opk_ids, size_t n, int *added, int64_t *stock)
{
    sq_conn *q = SQ(c);
    *added = 0;
    if (exec(q->db, "BEGIN IMMEDIATE") != RS_OK) return RS_ERR;
    int rc = RS_OK;
    if (spk) {
        sqlite3_stmt *s = Q(q, Q_SPK_SET);
        if (s == NULL) rc = RS_ERR;
        else {
            sqlite3_bind_blob(s, 1, spk, MSG_SPKREC_BYTES, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
            rc = step_done(s);
        }
    }
    for (size_t i = 0; rc == RS_OK && i < n; i++) {
        sqlite3_stmt *s = Q(q, Q_OPK_ADD);
        if (s == NULL) {
            rc = RS_ERR;
            break;
        }
        sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, opk_ids[i]);
        sqlite3_bind_blob(s, 3, opks + i * MSG_OPKREC_BYTES, MSG_OPKREC_BYTES, SQLITE_STATIC);
        rc = step_done(s);
        *added += sqlite3_changes(q->db);
    }
    if (rc == RS_OK) *stock = opk_count(q, id);
    if (rc != RS_OK || *stock < 0 || exec(q->db, "COMMIT") != RS_OK) {
        exec(q->db, "ROLLBACK");
        return RS_ERR;
    }
    return RS_OK;
}

static int sq_bundle(rs_conn *c, const char *id, const char *requester, uint64_t now, int want_opk,
                     uint32_t budget, uint64_t window_ms, uint8_t spk[MSG_SPKREC_BYTES],
                     uint8_t opk[MSG_OPKREC_BYTES], int *have_opk)
{
    sq_conn *q = SQ(c);
    *have_opk = 0;
    /* IMMEDIATE: the write lock is taken first, so two pops cannot race. */
    if (exec(q->db, "BEGIN IMMEDIATE") != RS_OK) return RS_ERR;
    int rc = RS_ERR;
    sqlite3_stmt *s = Q(q, Q_SPK_GET);
    if (s == NULL) goto out;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r != SQLITE_ROW || sqlite3_column_bytes(s, 0) != MSG_SPKREC_BYTES) {
        sqlite3_reset(s);
        rc = r == SQLITE_ROW || r == SQLITE_DONE ? RS_NOTFOUND : RS_ERR;
        goto out;
    }
    memcpy(spk, sqlite3_column_blob(s, 0), MSG_SPKREC_BYTES);
    sqlite3_reset(s);
    rc = RS_OK;
    if (!want_opk) goto out;
    /* The (requester, target) budget: at most budget OPKs per window. */
    int64_t since = (int64_t)now, used = 0;
    if ((s = Q(q, Q_GRANT_GET)) == NULL) goto fail;
    sqlite3_bind_text(s, 1, requester, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW && (uint64_t)sqlite3_column_int64(s, 0) + window_ms > now) {
        since = sqlite3_column_int64(s, 0);
        used = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    if (used >= (int64_t)budget) goto out;
    if ((s = Q(q, Q_OPK_FIRST)) == NULL) goto fail;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    int64_t opk_id = -1;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 1) == MSG_OPKREC_BYTES) {
        memcpy(opk, sqlite3_column_blob(s, 1), MSG_OPKREC_BYTES);
        opk_id = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    if (opk_id < 0) goto out;
    if ((s = Q(q, Q_OPK_DEL)) == NULL) goto fail;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, opk_id);
    if (step_done(s) != RS_OK) goto fail;
    if ((s = Q(q, Q_GRANT_SET)) == NULL) goto fail;
    sqlite3_bind_text(s, 1, requester, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, since);
    sqlite3_bind_int64(s, 4, used + 1);
    if (step_done(s) != RS_OK) goto fail;
    *have_opk = 1;
out:
    if (exec(q->db, "COMMIT") == RS_OK) return rc;
fail:
    exec(q->db, "ROLLBACK");
    *have_opk = 0;
    return RS_ERR;
}

static int emit_rows(sqlite3_stmt *s, int with_env, rs_msg_cb cb, void *arg, int limit, int *more)
{
    int k = 0, r;
    if (more) *more = 0;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (limit >= 0 && k == limit) {
            if (more) *more = 1;
            break;
        }
        rs_msg m;
        memset(&m, 0, sizeof m);
        m.index = sqlite3_column_int64(s, 0);
        if (with_env) {
            const char *sid = (const char *)sqlite3_column_text(s, 2);
            m.received_ms = (uint64_t)sqlite3_column_int64(s, 1);
            snprintf(m.sender_id, sizeof m.sender_id, "%s", sid ? sid : "");
            m.env = sqlite3_column_blob(s, 3);
            m.env_len = (size_t)sqlite3_column_bytes(s, 3);
        }
        k++;
        if (cb(arg, &m)) break;
    }
    sqlite3_reset(s);
    return r == SQLITE_ROW || r == SQLITE_DONE ? RS_OK : RS_ERR;
}

static int sq_msg_list(rs_conn *c, const char *rid, int64_t after, int limit, int with_env, rs_msg_cb cb,
                       void *arg, int *more)
{
    sqlite3_stmt *s = Q(SQ(c), with_env ? Q_LIST_ENV : Q_LIST_IDX);
    if (s == NULL) return RS_ERR;
    sqlite3_bind_text(s, 1, rid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, after);
    sqlite3_bind_int64(s, 3, limit < 0 ? -1 : (int64_t)limit + 1);
    return emit_rows(s, with_env, cb, arg, limit, more);
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

static int sq_msg_get(rs_conn *c, const char *rid, int64_t index, rs_msg_cb cb, void *arg)
{
    sqlite3_stmt *s = Q(SQ(c), Q_MSG_GET);
    if (s == NULL) return RS_ERR;
    sqlite3_bind_text(s, 1, rid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, index);
    get_ctx g = {cb, arg, 0};
    int rc = emit_rows(s, 1, get_cb, &g, -1, NULL);
    return rc != RS_OK ? rc : g.found ? RS_OK : RS_NOTFOUND;
}

static int sq_msg_del(rs_conn *c, const char *rid, int64_t index, uint64_t seen_until)
{
    sq_conn *q = SQ(c);
    if (exec(q->db, "BEGIN IMMEDIATE") != RS_OK) return RS_ERR;
    sqlite3_stmt *s = Q(q, Q_MSG_DEL);
    int rc = RS_ERR;
    uint8_t ik[32], mid[16];
    if (s == NULL) goto fail;
    sqlite3_bind_text(s, 1, rid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, index);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32 && sqlite3_column_bytes(s, 1) == 16) {
        memcpy(ik, sqlite3_column_blob(s, 0), 32);
        memcpy(mid, sqlite3_column_blob(s, 1), 16);
        r = sqlite3_step(s);
        rc = RS_OK;
    } else if (r == SQLITE_DONE) {
        rc = RS_NOTFOUND;
    }
    sqlite3_reset(s);
    if (r != SQLITE_DONE) goto fail;
    if (rc == RS_OK) {
        /* The tombstone: the duplicate record outlives the envelope. */
        if ((s = Q(q, Q_SEEN_SET)) == NULL) goto fail;
        sqlite3_bind_blob(s, 1, ik, 32, SQLITE_STATIC);
        sqlite3_bind_blob(s, 2, mid, 16, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, (int64_t)seen_until);
        if (step_done(s) != RS_OK) goto fail;
    }
    if (exec(q->db, "COMMIT") == RS_OK) return rc;
fail:
    exec(q->db, "ROLLBACK");
    return RS_ERR;
}

static int sq_nonce_use(rs_conn *c, const uint8_t h[32], uint64_t expires)
{
    sqlite3_stmt *s = Q(SQ(c), Q_NONCE);
    if (s == NULL) return RS_ERR;
    sqlite3_bind_blob(s, 1, h, 32, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, (int64_t)expires);
    return step_done(s);
}

static int sq_purge(rs_conn *c, uint64_t now, uint64_t retention_ms)
{
    sq_conn *q = SQ(c);
    static const char *const del[] = {
        "DELETE FROM messages WHERE received_ms < ?1", "DELETE FROM seen WHERE until_ms < ?2",
        "DELETE FROM nonces WHERE until_ms < ?2", "DELETE FROM opk_grants WHERE since_ms < ?1"};
    int rc = RS_OK;
    for (int i = 0; i < 4; i++) {
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(q->db, del[i], -1, &s, NULL) != SQLITE_OK) return RS_ERR;
        /* OPK budget windows are at most a retention period long. */
        sqlite3_bind_int64(s, 1, (int64_t)(now > retention_ms ? now - retention_ms : 0));
        if (i > 0) sqlite3_bind_int64(s, 2, (int64_t)now);
        if (sqlite3_step(s) != SQLITE_DONE) rc = RS_ERR;
        sqlite3_finalize(s);
    }
    return rc;
}

static int sq_stats(rs_conn *c, rs_stats *st)
{
    sqlite3_stmt *s;
    int rc = RS_ERR;
    if (sqlite3_prepare_v2(SQ(c)->db, "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM messages),"
                                      " (SELECT count(*) FROM opks)", -1, &s, NULL) != SQLITE_OK)
        return RS_ERR;
    if (sqlite3_step(s) == SQLITE_ROW) {
        st->users = sqlite3_column_int64(s, 0);
        st->queued = sqlite3_column_int64(s, 1);
        st->opk_stock = sqlite3_column_int64(s, 2);
        rc = RS_OK;
    }
    sqlite3_finalize(s);
    gc_shared *g = SQ(c)->gc;
    pthread_mutex_lock(&g->mu);
    st->commits = g->commits;
    st->committed = g->committed;
    pthread_mutex_unlock(&g->mu);
    return rc;
}

static int sq_server_key(rs_conn *c, const uint8_t cand[32], uint8_t key[32])
{
    sqlite3_stmt *s = Q(SQ(c), Q_KEY_SET);
    if (s == NULL) return RS_ERR;
    sqlite3_bind_blob(s, 1, cand, 32, SQLITE_STATIC);
    if (step_done(s) != RS_OK || (s = Q(SQ(c), Q_KEY_GET)) == NULL) return RS_ERR;
    int rc = RS_ERR;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32) {
        memcpy(key, sqlite3_column_blob(s, 0), 32);
        rc = RS_OK;
    }
    sqlite3_reset(s);
    return rc;
}

static int sq_ping(rs_conn *c) { return exec(SQ(c)->db, "SELECT 1"); }

static void sq_close(rs_conn *c)
{
    sq_conn *q = SQ(c);
    for (int i = 0; i < N_Q; i++) sqlite3_finalize(q->st[i]);
    sqlite3_close(q->db);
    free(q);
}

static const rs_ops sq_ops = {sq_user_add, sq_user_get,  sq_user_by_num, sq_user_revoke, sq_prekeys_put,
                              sq_bundle,   sq_msg_put,   sq_msg_list,    sq_msg_get,     sq_msg_del,
                              sq_nonce_use, sq_purge,    sq_stats,       sq_server_key,  sq_ping,
                              sq_close};

rs_conn *rs_sqlite_connect(const char *path, void **shared, char *err, size_t errlen)
{
    err[0] = '\0';
    if (*shared == NULL && (*shared = gc_start(path, err, errlen)) == NULL) return NULL;
    sq_conn *c = calloc(1, sizeof *c);
    if (c == NULL) return NULL;
    c->base.ops = &sq_ops;
    c->gc = *shared;
    if ((c->db = open_db(path, err, errlen)) == NULL) {
        free(c);
        return NULL;
    }
    return &c->base;
}
