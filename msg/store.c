/*
 * store.c -- one SQLite database per user (<home>/aegis.db): identity
 * secrets, prekey seeds, pinned contacts, counters, the seen-cache and the
 * message history. File mode 0600 in a 0700 directory, WAL journal,
 * secure_delete (erased rows are overwritten with zeros), full sync.
 * Schema: msg/PROTOCOL.md 10.
 */
#define _POSIX_C_SOURCE 200809L
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const schema =
    "CREATE TABLE IF NOT EXISTS identity(id INTEGER PRIMARY KEY CHECK (id = 1),"
    " uid TEXT NOT NULL, name TEXT NOT NULL, created_ms INTEGER NOT NULL,"
    " mldsa_pk BLOB NOT NULL, mldsa_sk BLOB NOT NULL, fndsa_pk BLOB NOT NULL,"
    " fndsa_sk BLOB NOT NULL, ik_hash BLOB NOT NULL, record BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS spk(spk_id INTEGER PRIMARY KEY, seed BLOB NOT NULL,"
    " not_before INTEGER NOT NULL, not_after INTEGER NOT NULL, record BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS opk(opk_id INTEGER PRIMARY KEY, seed BLOB NOT NULL,"
    " record BLOB NOT NULL, published INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS contacts(ik_hash BLOB PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL, idrec BLOB NOT NULL, spkrec BLOB NOT NULL, spk_id INTEGER NOT NULL,"
    " send_counter INTEGER NOT NULL DEFAULT 0, recv_max_counter INTEGER NOT NULL DEFAULT 0,"
    " pinned_ms INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS contact_opk(ik_hash BLOB NOT NULL, opk_id INTEGER NOT NULL,"
    " record BLOB NOT NULL, PRIMARY KEY (ik_hash, opk_id));"
    "CREATE TABLE IF NOT EXISTS contact_opk_used(ik_hash BLOB NOT NULL, opk_id INTEGER NOT NULL,"
    " PRIMARY KEY (ik_hash, opk_id));"
    "CREATE TABLE IF NOT EXISTS seen(sender_ik BLOB NOT NULL, msg_id BLOB NOT NULL,"
    " counter INTEGER NOT NULL, ts INTEGER NOT NULL, PRIMARY KEY (sender_ik, msg_id),"
    " UNIQUE (sender_ik, counter));"
    "CREATE TABLE IF NOT EXISTS messages(id INTEGER PRIMARY KEY, dir TEXT NOT NULL,"
    " peer_ik BLOB NOT NULL, peer_uid TEXT NOT NULL, msg_id BLOB NOT NULL,"
    " counter INTEGER NOT NULL, ts INTEGER NOT NULL, ctype INTEGER NOT NULL,"
    " body BLOB NOT NULL, stored_ms INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
    /* v2 sessions (sessions.md 4.3). CREATE IF NOT EXISTS is the migration: a
     * v1 database gains the empty tables on its next open, nothing else changes. */
    "CREATE TABLE IF NOT EXISTS sessions(session_id BLOB PRIMARY KEY, peer_ik BLOB NOT NULL,"
    " role INTEGER NOT NULL, status TEXT NOT NULL, created_ms INTEGER NOT NULL,"
    " last_send_ms INTEGER NOT NULL, last_recv_ms INTEGER NOT NULL, newest_peer_ts INTEGER NOT NULL,"
    " rk BLOB NOT NULL, e_s INTEGER NOT NULL, n_s INTEGER NOT NULL, prev_n INTEGER NOT NULL,"
    " ck_s BLOB NOT NULL, send_block BLOB NOT NULL, dk_seed BLOB, e_r INTEGER NOT NULL,"
    " n_r INTEGER NOT NULL, ck_r BLOB NOT NULL, recv_block_hash BLOB NOT NULL, peer_ek BLOB,"
    " need_epoch INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS session_skipped(session_id BLOB NOT NULL, epoch INTEGER NOT NULL,"
    " n INTEGER NOT NULL, mks BLOB NOT NULL, created_ms INTEGER NOT NULL,"
    " PRIMARY KEY (session_id, epoch, n));"
    "CREATE TABLE IF NOT EXISTS session_seen_idx(session_id BLOB NOT NULL, epoch INTEGER NOT NULL,"
    " n INTEGER NOT NULL, msg_id_hash BLOB NOT NULL, sender_ik BLOB NOT NULL, ts INTEGER NOT NULL,"
    " PRIMARY KEY (session_id, epoch, n));"
    "CREATE INDEX IF NOT EXISTS session_seen_msgid ON session_seen_idx(sender_ik, msg_id_hash);"
    "CREATE TABLE IF NOT EXISTS session_tombstones(session_id BLOB PRIMARY KEY,"
    " deleted_ms INTEGER NOT NULL);";

int msg_db_exec(msg_ctx *ctx, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(ctx->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        msg_log(MSG_LOG_ERROR, "database: %s", err ? err : "error");
        sqlite3_free(err);
        return MSG_ERR_STORE;
    }
    return MSG_OK;
}

int msg_db_prepare(msg_ctx *ctx, sqlite3_stmt **st, const char *sql)
{
    if (sqlite3_prepare_v2(ctx->db, sql, -1, st, NULL) != SQLITE_OK) {
        msg_log(MSG_LOG_ERROR, "database: %s", sqlite3_errmsg(ctx->db));
        *st = NULL;
        return MSG_ERR_STORE;
    }
    return MSG_OK;
}

int msg_db_begin(msg_ctx *ctx) { return msg_db_exec(ctx, "BEGIN IMMEDIATE"); }
int msg_db_commit(msg_ctx *ctx) { return msg_db_exec(ctx, "COMMIT"); }
void msg_db_rollback(msg_ctx *ctx)
{
    if (!sqlite3_get_autocommit(ctx->db)) sqlite3_exec(ctx->db, "ROLLBACK", NULL, NULL, NULL);
}

int msg_db_count(msg_ctx *ctx, const char *name, int64_t delta)
{
    sqlite3_stmt *st;
    if (msg_db_prepare(ctx, &st,
                       "INSERT INTO counters(name, value) VALUES (?1, ?2) "
                       "ON CONFLICT(name) DO UPDATE SET value = value + ?2") != MSG_OK)
        return MSG_ERR_STORE;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, delta);
    int rc = sqlite3_step(st) == SQLITE_DONE ? MSG_OK : MSG_ERR_STORE;
    sqlite3_finalize(st);
    return rc;
}

int64_t msg_db_counter(msg_ctx *ctx, const char *name)
{
    sqlite3_stmt *st;
    int64_t v = 0;
    if (msg_db_prepare(ctx, &st, "SELECT value FROM counters WHERE name = ?1") != MSG_OK) return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

void msg_db_checkpoint(msg_ctx *ctx)
{
    sqlite3_wal_checkpoint_v2(ctx->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

int msg_ctx_open(msg_ctx **out, const msg_config *cfg, int create)
{
    *out = NULL;
    msg_ctx *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL) return MSG_ERR_NOMEM;
    ctx->cfg = *cfg;
    snprintf(ctx->path, sizeof ctx->path, "%s/aegis.db", cfg->home);
    if (create && mkdir(cfg->home, 0700) != 0 && errno != EEXIST) {
        msg_log(MSG_LOG_ERROR, "cannot create %s: %s", cfg->home, strerror(errno));
        free(ctx);
        return MSG_ERR_STORE;
    }
    /* The home holds identity secrets: it must be our own directory, and no
     * one else may write into it (they could plant the database, its -wal
     * or a symlink). Only read/search bits for others are tightened. */
    struct stat sb;
    int e = stat(cfg->home, &sb) != 0 ? errno : !S_ISDIR(sb.st_mode) ? ENOTDIR : 0;
    if (e != 0) {
        if (!create && e == ENOENT)
            msg_log(MSG_LOG_ERROR, "no database at %s (run `aegis init` first)", ctx->path);
        else
            msg_log(MSG_LOG_ERROR, "cannot use %s: %s", cfg->home, strerror(e));
        free(ctx);
        return (!create && e == ENOENT) ? MSG_ERR_ARG : MSG_ERR_STORE;
    }
    if (sb.st_uid != geteuid()) {
        msg_log(MSG_LOG_ERROR, "%s belongs to another user (uid %lu); refusing it", cfg->home,
                (unsigned long)sb.st_uid);
        free(ctx);
        return MSG_ERR_STORE;
    }
    if (sb.st_mode & 022) {
        msg_log(MSG_LOG_ERROR, "%s is writable by others (mode %03o); run chmod 700 on it", cfg->home,
                (unsigned)(sb.st_mode & 0777));
        free(ctx);
        return MSG_ERR_STORE;
    }
    if ((sb.st_mode & 077) && chmod(cfg->home, 0700) != 0) {
        msg_log(MSG_LOG_ERROR, "cannot chmod 700 %s: %s", cfg->home, strerror(errno));
        free(ctx);
        return MSG_ERR_STORE;
    }
    /* Create the file ourselves so it is 0600 from its first byte (SQLite
     * gives the -wal and -shm files the same mode); never through a symlink,
     * and only a regular file of ours. */
    int fd = open(ctx->path, O_RDWR | O_NOFOLLOW | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
    if (fd < 0) {
        e = errno;
        if (!create && e == ENOENT)
            msg_log(MSG_LOG_ERROR, "no database at %s (run `aegis init` first)", ctx->path);
        else
            msg_log(MSG_LOG_ERROR, "cannot open %s: %s", ctx->path, e == ELOOP ? "it is a symlink" : strerror(e));
        free(ctx);
        return (!create && e == ENOENT) ? MSG_ERR_ARG : MSG_ERR_STORE;
    }
    int ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
             ((sb.st_mode & 077) == 0 || fchmod(fd, 0600) == 0);
    close(fd);
    if (!ok) {
        msg_log(MSG_LOG_ERROR, "%s is not a regular file of ours; refusing it", ctx->path);
        free(ctx);
        return MSG_ERR_STORE;
    }
    int flags = SQLITE_OPEN_READWRITE;
#ifdef SQLITE_OPEN_NOFOLLOW
    flags |= SQLITE_OPEN_NOFOLLOW;
#endif
    if (sqlite3_open_v2(ctx->path, &ctx->db, flags, NULL) != SQLITE_OK) {
        msg_log(MSG_LOG_ERROR, "cannot open %s", ctx->path);
        sqlite3_close(ctx->db);
        free(ctx);
        return MSG_ERR_STORE;
    }
    sqlite3_busy_timeout(ctx->db, 5000);
    if (msg_db_exec(ctx, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                         "PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON;") != MSG_OK ||
        msg_db_exec(ctx, schema) != MSG_OK) {
        msg_ctx_close(ctx);
        return MSG_ERR_STORE;
    }
    *out = ctx;
    return MSG_OK;
}

void msg_ctx_close(msg_ctx *ctx)
{
    if (ctx == NULL) return;
    if (ctx->db) {
        msg_db_checkpoint(ctx);
        sqlite3_close(ctx->db);
    }
    msg_wipe(ctx, sizeof *ctx);
    free(ctx);
}

void msg_ctx_set_now(msg_ctx *ctx, uint64_t now_ms) { ctx->now_override = now_ms; }
uint64_t msg_ctx_now(const msg_ctx *ctx) { return ctx->now_override ? ctx->now_override : msg_now_ms(); }
const char *msg_ctx_path(const msg_ctx *ctx) { return ctx->path; }
