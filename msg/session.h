/*
 * session.h -- AEGIS-MSG v2 "sessions": a post-quantum KEM ratchet on
 * ML-KEM-768 with strictly alternating epochs (../shared/docs/sessions.md,
 * msg/PROTOCOL.md part II). Every message keeps both v1 signatures.
 *
 *   session_wire.c    strict parser / encoder of the AEGR v2 message
 *   session.c         derivations (init, root, chain, message), the in-memory
 *                     state machine: create, accept, seal, open
 *   session_client.c  the SQLite tables and the client operations on top:
 *                     one entry to seal to a contact, one to open any envelope
 *
 * The core (session.c) never touches the disk: callers run it on a scratch
 * copy of the state and store the copy only after full success.
 */
#ifndef AEGIS_MSG_SESSION_H
#define AEGIS_MSG_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"
#include "msg.h"

/* ---- wire format (sessions.md 3.1) ------------------------------------ */
#define MSG_SESS_VERSION 0x02
#define MSG_SESS_TYPE_INIT 0x01
#define MSG_SESS_TYPE_RATCHET 0x02
#define MSG_SESS_FLAG_OPK 0x01
#define MSG_SESS_FIXED 140                                  /* bytes before the KEM block */
#define MSG_SESS_EK MLKEM768_PUBLICKEYBYTES                 /* 1184 */
#define MSG_SESS_CT MLKEM768_CIPHERTEXTBYTES                /* 1088 */
#define MSG_SESS_K_RATCHET (MSG_SESS_CT + MSG_SESS_EK)      /* 2272 */
#define MSG_SESS_K_INIT (8 + MSG_SESS_CT + MSG_SESS_EK)     /* 2280 */
#define MSG_SESS_K_INIT_OPK (MSG_SESS_K_INIT + MSG_SESS_CT) /* 3368 */
#define MSG_SESS_K_MAX MSG_SESS_K_INIT_OPK
#define MSG_SESS_TAIL (32 + 4 + 16 + MSG_CSIG_BYTES)        /* 4027, as v1 */
#define MSG_SESS_MAX (MSG_SESS_FIXED + MSG_SESS_K_MAX + MSG_SESS_TAIL + MSG_MAX_CT_LEN)
/* The largest envelope of either version (v2 is the larger). */
#define MSG_ANY_ENV_MAX (MSG_SESS_MAX > MSG_ENV_MAX ? MSG_SESS_MAX : MSG_ENV_MAX)
#define MSG_SESS_SEED_BYTES 64                              /* ratchet seed d || z */
#define MSG_SESS_COINS 176      /* msg_id 16 || seed 64 || coins A 32 || coins B 32 || det 32 */
#define MSG_SESS_MAX_JUMP 25000 /* chain derivations per received message (sessions.md 4.1) */
#define MSG_SESS_MAX_PER_PEER 4 /* sessions kept per peer (sessions.md 5.3) */
#define MSG_CT_RESET 4          /* content type: session-reset notice */

typedef struct {
    uint8_t type, flags;
    const uint8_t *sender_ik, *recipient_ik, *session_id, *msg_id;
    uint32_t epoch, n, prev_n;
    uint64_t timestamp_ms;
    const uint8_t *block;      /* KEM block, block_len bytes */
    size_t block_len;
    uint32_t spk_id, opk_id;   /* init only */
    const uint8_t *ct_spk, *ct_opk, *kem_ct; /* ct_opk NULL without OPK; kem_ct ratchet only */
    const uint8_t *ek_next;    /* the last 1184 bytes of the block (both types) */
    const uint8_t *commit;
    uint32_t ct_len;
    const uint8_t *ct, *tag, *csig;
    size_t hlen, signed_len, total;
    const uint8_t *raw;
} msg_sess_msg;

/* Strict parse: exact length, caps before length-dependent reads, no reserved
 * bits, type iff epoch, opk_id iff flag, the init session_id recomputed, and
 * the FIPS 203 7.2 modulus check of ek_next. MSG_ERR_PARSE otherwise. */
int msg_sess_parse(msg_sess_msg *m, const uint8_t *buf, size_t len);
int msg_sess_serialize(uint8_t *out, size_t cap, size_t *outlen, const msg_sess_msg *m);

/* ---- derivations (sessions.md 2.2-2.4), exposed for tests ------------- */
void msg_sess_id(uint8_t sid[32], const uint8_t sender_ik[32], const uint8_t recipient_ik[32],
                 const uint8_t *block, size_t blen);
void msg_sess_epoch_hash(uint8_t te[32], const uint8_t sid[32], uint32_t epoch,
                         const uint8_t sender_ik[32], const uint8_t recipient_ik[32],
                         const uint8_t *block, size_t blen);
void msg_sess_kdf_init(uint8_t rk[32], uint8_t ck[32], uint8_t flags, const uint8_t ss_spk[32],
                       const uint8_t *ss_opk, const uint8_t hek_spk[32], const uint8_t *hek_opk,
                       const uint8_t te[32]);
void msg_sess_kdf_root(uint8_t rk_out[32], uint8_t ck_out[32], const uint8_t rk[32],
                       const uint8_t ss[32], const uint8_t hek[32], const uint8_t te[32]);
void msg_sess_kdf_chain(uint8_t ck_out[32], uint8_t mks[32], const uint8_t ck[32], uint32_t n);
void msg_sess_kdf_message(uint8_t okm[MSG_OKM_BYTES], const uint8_t mks[32], const uint8_t th[32]);
void msg_sess_transcript(uint8_t th[32], const uint8_t *hdr, size_t hlen);
/* Deterministic send coins (test vectors): SHAKE256(L("AEGIS-MSG-v2 send coins") || c32, 176). */
void msg_sess_coins(uint8_t out[MSG_SESS_COINS], const uint8_t coins32[32]);

/* CSig2(label, body): v1's CSig with the v2 prefix and ML-DSA context. */
int msg_csig2_sign(uint8_t sig[MSG_CSIG_BYTES], const msg_identity *id, const char *label,
                   const uint8_t *body, size_t len, const uint8_t *det32);
int msg_csig2_verify(const uint8_t sig[MSG_CSIG_BYTES], const char *label, const uint8_t *body,
                     size_t len, const uint8_t mldsa_pk[MLDSA65_PUBLICKEYBYTES],
                     const uint8_t fndsa_pk[FNDSA512_PUBLICKEYBYTES]);
/* The message's CSig2 under the sender's pinned keys. */
int msg_sess_verify(const msg_sess_msg *m, const msg_peer *sender);

/* ---- the state of one session (sessions.md 2.1) ------------------------ */
#define MSG_SESS_INITIATOR 1
#define MSG_SESS_RESPONDER 2
typedef struct {
    uint8_t session_id[32], self_ik[32], peer_ik[32];
    uint8_t role;               /* MSG_SESS_INITIATOR / MSG_SESS_RESPONDER */
    uint8_t need_epoch;         /* our next send opens epoch e_r + 1 */
    uint8_t has_dk, has_peer_ek;
    uint8_t rk[32];
    uint32_t e_s, n_s, prev_n;  /* sending epoch, last index sent, n_s of epoch e_s - 2 */
    uint8_t ck_s[32];
    uint32_t send_block_len;
    uint8_t send_block[MSG_SESS_K_MAX]; /* public B_{e_s} */
    uint8_t dk_seed[MSG_SESS_SEED_BYTES];
    uint32_t e_r, n_r;          /* newest peer epoch, highest index received in it */
    uint8_t ck_r[32];
    uint8_t recv_block_hash[32];
    uint8_t peer_ek[MSG_SESS_EK];
} msg_session;

/* One cached message-key seed of a skipped index. */
typedef struct {
    uint32_t epoch, n;
    uint8_t mks[32];
} msg_sess_skip;

/* Test hook: every rk, ck, mks, okm and dk_seed the core uses (kind is
 * "rk", "ck", "mks", "okm" or "seed"); NULL = none. */
void msg_sess_set_key_hook(void (*hook)(const char *kind, const uint8_t *key, size_t len));

/* Initiator: open a session to r (a verified bundle, sessions.md 2.2) with
 * coins (MSG_SESS_COINS bytes: seed, coins A, coins B are used). */
int msg_sess_create(msg_session *s, const uint8_t self_ik[32], const msg_recipient *r,
                    const uint8_t coins[MSG_SESS_COINS]);
/* Responder: set up from an init message whose signature was checked, with the
 * seeds of the SPK and (iff flag OPK) the OPK it names. */
int msg_sess_accept(msg_session *s, const msg_sess_msg *m, const uint8_t self_ik[32],
                    const uint8_t spk_seed[64], const uint8_t *opk_seed);
/* Seal the next message on s (opening a new epoch first if one is due). s is
 * updated in place: the caller stores it before handing the message out.
 * det = 1: signatures deterministic from the coins (test vectors). */
int msg_sess_seal(msg_session *s, const msg_identity *me, uint64_t timestamp_ms, uint8_t ctype,
                  const uint8_t *body, size_t body_len, const uint8_t coins[MSG_SESS_COINS],
                  int det, uint8_t **out, size_t *outlen);
/* Open m (signature already checked) on s, a scratch copy that receives the
 * new state. cached: the skipped-key seed for (epoch, n) if the cache has one.
 * On success *added holds the new skipped entries (at most max_skipped, the
 * newest), *used_cache says whether cached was consumed, *new_epoch whether a
 * new peer epoch began. Results: MSG_ERR_DESYNC (fork / rollback / epoch
 * order), MSG_ERR_TRIMMED (key evicted or never cached), MSG_ERR_TOO_LARGE
 * (jump > MAX_JUMP), MSG_ERR_DECRYPT, MSG_ERR_PLAINTEXT. */
int msg_sess_open(msg_session *s, const msg_sess_msg *m, const uint8_t *cached, uint32_t max_skipped,
                  msg_sess_skip **added, size_t *n_added, int *used_cache, int *new_epoch,
                  msg_plaintext *pt);

/* ---- client level (session_client.c) ----------------------------------- */
/* Seal to a pinned contact: on its current session, or on a new session
 * opened from the pinned bundle when there is none (or it is broken). */
int msg_user_send(msg_ctx *ctx, const char *recipient_uid, uint8_t content_type,
                  const uint8_t *body, size_t body_len, uint8_t **env, size_t *envlen);
/* Open any envelope: v1 (AEGM) or v2 (AEGR). On `no-session` (v2) only
 * out->sender_uid is set: the verified sender, for msg_user_reply_due. */
int msg_user_open_any(msg_ctx *ctx, const uint8_t *env, size_t len, msg_received *out);
/* A new session to the contact whose first message is a reset notice. auto_ = 1
 * (after no-session): at most once per peer per hour, else MSG_ERR_REPLAY. */
int msg_user_session_reset(msg_ctx *ctx, const char *uid, int auto_, uint8_t **env, size_t *envlen);

/* The delivery receipt that advances the epoch (sessions.md 2.6): when
 * AEGIS_AUTO_RECEIPTS is on and r (just opened) began a new peer epoch, a
 * content-type-2 message back to its sender in *env (NULL when none is due). */
int msg_user_receipt(msg_ctx *ctx, const msg_received *r, uint8_t **env, size_t *envlen);
/* What a fetching client sends back after opening one message (rc, r as
 * returned by msg_user_open_any): the receipt above, or, after `no-session`,
 * an automatic reset (at most once per peer per hour, sessions.md 5.1) to the
 * verified sender: r->sender_uid (open_any fills only that field on
 * `no-session`), or sender_hint when r is NULL. *env NULL when nothing is
 * due; to gets the recipient's uid. */
int msg_user_reply_due(msg_ctx *ctx, int rc, const msg_received *r, const char *sender_hint, uint8_t **env,
                       size_t *envlen, char to[MSG_UID_MAX + 1]);

typedef struct {
    char peer_uid[MSG_UID_MAX + 1];
    uint8_t session_id[32];
    char status[12];         /* current / retained / broken */
    int role;
    uint32_t e_s, n_s, e_r, n_r;
    unsigned skipped;
    uint64_t created_ms, last_send_ms, last_recv_ms;
} msg_session_info;
typedef void (*msg_session_cb)(void *arg, const msg_session_info *si);
int msg_user_sessions(msg_ctx *ctx, const char *contact, msg_session_cb cb, void *arg);
/* Load a stored session row (tests and the demo's thief). */
int msg_session_load(msg_ctx *ctx, const uint8_t sid[32], msg_session *s, char status[12]);
/* Erase skipped keys past retention and idle retained sessions (tombstoned). */
int msg_session_maintain(msg_ctx *ctx);

/* What the relay checks on an upload of either version: strict parse and the
 * CSig under sender (the caller looks the sender up by *sender_ik first:
 * call with sender NULL to get the fields only). */
typedef struct {
    int version;                        /* 1 or 2 */
    const uint8_t *sender_ik, *recipient_ik, *msg_id;
    uint64_t timestamp_ms;
} msg_upload_info;
int msg_upload_check(msg_upload_info *info, const uint8_t *buf, size_t len, const msg_peer *sender);

#endif
