/*
 * msg.h -- AEGIS-MSG v1: post-quantum, end-to-end encrypted, dual-signed
 * messages (msg/PROTOCOL.md). ML-KEM-768 prekeys, SHAKE256 key schedule with
 * a key commitment, AES-256-GCM, and a composite ML-DSA-65 + Falcon-512
 * signature over every record and envelope.
 *
 * Layers, bottom up:
 *   wire.c      strict parsers and encoders of the byte formats (no crypto)
 *   identity.c  identities, ik_hash, safety numbers, the composite signature
 *   prekey.c    signed / one-time prekey records
 *   seal.c      the envelope: key schedule, seal, and the crypto half of open
 *   store.c     SQLite storage; client.c: init / bundle / import / seal /
 *               open / rotate / status / history on top of it
 *   config.c, log.c   environment configuration and secret-free logging
 *   relay_*.c, relay_client.c   the relay's REST API and its client (relay.h)
 *   rng.c       randombytes() from getrandom (programs only; tests use kat/)
 *
 * Conventions (API.md, "msg/: the application layer"): 0 = success, negative
 * MSG_ERR_* = failure (msg/'s own reason set, not the crypto directories'
 * error set); on failure every output is zeroed / NULL. Buffers returned through uint8_t ** are malloc'd
 * and belong to the caller (free, or msg_free_secret for plaintexts).
 */
#ifndef AEGIS_MSG_H
#define AEGIS_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "../fndsa/fndsa512.h"
#include "../mldsa/mldsa65.h"
#include "../mlkem/mlkem768.h"

#ifdef __cplusplus
extern "C" {
#endif

/* MSG_MUST_CHECK: a result the caller must use (warn_unused_result; API.md,
 * "Results that must be used"). Predefine it to override. */
#ifndef MSG_MUST_CHECK
#if defined(__GNUC__) || defined(__clang__)
#define MSG_MUST_CHECK __attribute__((warn_unused_result))
#else
#define MSG_MUST_CHECK
#endif
#endif

/* ---- constants of the wire format (PROTOCOL.md sections 4 and 5) -------- */
#define MSG_VERSION 0x01
#define MSG_SUITE 0x01              /* ML-KEM-768, SHAKE256, AES-256-GCM, ML-DSA-65 + Falcon-512 */
#define MSG_HASH_BYTES 32           /* SHA3-256 */
#define MSG_ID_BYTES 16
#define MSG_CSIG_BYTES (MLDSA65_SIGBYTES + FNDSA512_SIGBYTES) /* 3975 */
#define MSG_UID_MAX 64
#define MSG_NAME_MAX 64
#define MSG_PAD 256                 /* plaintext padding granule */
#define MSG_MAX_BODY 65536          /* hard cap on a message body */
#define MSG_PT_HDR 5                /* content_type (1) || body_len (4) */
#define MSG_MAX_CT_LEN ((MSG_MAX_BODY + MSG_PT_HDR + MSG_PAD - 1) / MSG_PAD * MSG_PAD) /* 65792 */
#define MSG_OKM_BYTES 76            /* aes_key 32 || nonce 12 || commit 32 */

#define MSG_ENV_FLAG_OPK 0x01
#define MSG_ENV_FIXED 112           /* bytes before ct_spk */
#define MSG_ENV_H_NO_OPK (MSG_ENV_FIXED + MLKEM768_CIPHERTEXTBYTES)        /* 1200 */
#define MSG_ENV_H_OPK (MSG_ENV_H_NO_OPK + MLKEM768_CIPHERTEXTBYTES)        /* 2288 */
#define MSG_ENV_TAIL (32 + 4 + 16 + MSG_CSIG_BYTES)                       /* 4027 */
#define MSG_ENV_MAX (MSG_ENV_H_OPK + MSG_ENV_TAIL + MSG_MAX_CT_LEN)

#define MSG_IDREC_FIXED (4 + 1 + 1 + 1 + 8 + MLDSA65_PUBLICKEYBYTES + FNDSA512_PUBLICKEYBYTES + MSG_CSIG_BYTES)
#define MSG_IDREC_MAX (MSG_IDREC_FIXED + MSG_UID_MAX)
#define MSG_SPKREC_BYTES (4 + 2 + 2 + 32 + 4 + 8 + 8 + MLKEM768_PUBLICKEYBYTES + MSG_CSIG_BYTES) /* 5219 */
#define MSG_OPKREC_BYTES (4 + 2 + 2 + 32 + 4 + MLKEM768_PUBLICKEYBYTES + MSG_CSIG_BYTES)         /* 5203 */
#define MSG_BUNDLE_MAX_OPK 100
#define MSG_BUNDLE_MAX (4 + 1 + 1 + 2 + 1 + MSG_NAME_MAX + MSG_IDREC_MAX + MSG_SPKREC_BYTES + \
                        MSG_BUNDLE_MAX_OPK * MSG_OPKREC_BYTES)

#define MSG_PREKEY_SEED_BYTES 64    /* d || z, FIPS 203 Algorithm 16 inputs */
#define MSG_SAFETY_CHARS 36         /* "ddddd ddddd ddddd ddddd ddddd ddddd" + NUL */

/* Content types (PROTOCOL.md 5.2). */
#define MSG_CT_TEXT 1
#define MSG_CT_RECEIPT 2
#define MSG_CT_KEYCHANGE 3

/* ---- results: one generic rejection outside, a precise reason locally ---
 * An application-level vocabulary (the CLI and the relay print them by
 * name, msg_reason); the numbers are msg/'s own, independent of the crypto
 * directories' shared error set (API.md). */
enum {
    MSG_OK = 0,
    MSG_ERR_PARSE = -1,            /* malformed, unknown version/suite/flags, bad length */
    MSG_ERR_NOT_FOR_US = -2,       /* recipient_ik is not ours (forwarded) */
    MSG_ERR_UNKNOWN_SENDER = -3,   /* sender_ik not a pinned contact */
    MSG_ERR_STALE = -4,            /* timestamp outside the freshness window */
    MSG_ERR_REPLAY = -5,           /* msg_id / counter seen, or one-time prekey consumed */
    MSG_ERR_SIGNATURE = -6,        /* composite signature invalid (either half) */
    MSG_ERR_EXPIRED = -7,          /* signed prekey unknown or already erased */
    MSG_ERR_DECRYPT = -8,          /* key commitment or GCM tag */
    MSG_ERR_PLAINTEXT = -9,        /* content type, length or padding */
    MSG_ERR_KEY_CHANGED = -10,     /* a pinned contact presents a different identity */
    MSG_ERR_BUNDLE = -11,          /* bundle / record invalid or prekey out of validity */
    MSG_ERR_STORE = -12,           /* database */
    MSG_ERR_RNG = -13,             /* OS randomness unavailable */
    MSG_ERR_CONFIG = -14,
    MSG_ERR_ARG = -15,             /* invalid argument / not initialised / unknown contact */
    MSG_ERR_NOMEM = -16,
    MSG_ERR_TOO_LARGE = -17,
    MSG_ERR_CRYPTO = -18,          /* a primitive returned an error */
    MSG_ERR_DESYNC = -19,          /* v2: signed fork / rollback / epoch out of order */
    MSG_ERR_NO_SESSION = -20,      /* v2: session unknown or deleted */
    MSG_ERR_TRIMMED = -21          /* v2: skipped key evicted, expired or never cached */
};
#define MSG_NREASONS 22
/* Short local name of a result ("signature", "replay", ...). */
const char *msg_reason(int err);

/* ---- byte formats: strict parsers without crypto (wire.c) -------------- */
typedef struct {
    uint8_t flags;
    const uint8_t *sender_ik, *recipient_ik, *msg_id;
    uint32_t spk_id, opk_id;
    uint64_t counter, timestamp_ms;
    const uint8_t *ct_spk, *ct_opk;   /* ct_opk NULL without OPK */
    const uint8_t *commit;
    uint32_t ct_len;
    const uint8_t *ct, *tag, *csig;
    size_t hlen;                      /* H: 1200 or 2288 */
    size_t signed_len;                /* H + 52 + ct_len */
    size_t total;                     /* H + 4027 + ct_len */
    const uint8_t *raw;               /* the parsed buffer (AAD and signed bytes) */
} msg_envelope;

/* PROTOCOL.md 5: accept only the one canonical encoding (exact length). */
MSG_MUST_CHECK
int msg_envelope_parse(msg_envelope *e, const uint8_t *buf, size_t len);
/* Re-encode a parsed envelope into out[cap]; *outlen = e->total. */
MSG_MUST_CHECK
int msg_envelope_serialize(uint8_t *out, size_t cap, size_t *outlen, const msg_envelope *e);

typedef struct {
    char uid[MSG_UID_MAX + 1];
    uint64_t created_ms;
    const uint8_t *mldsa_pk, *fndsa_pk, *csig;
    size_t signed_len, total;
} msg_idrec;
MSG_MUST_CHECK
int msg_idrec_parse(msg_idrec *r, const uint8_t *buf, size_t len);

typedef struct {
    int is_spk;
    const uint8_t *ik_hash, *ek, *csig;
    uint32_t id;
    uint64_t not_before_ms, not_after_ms; /* SPK only */
    size_t signed_len, total;
} msg_pkrec;
MSG_MUST_CHECK
int msg_spkrec_parse(msg_pkrec *r, const uint8_t *buf, size_t len);
MSG_MUST_CHECK
int msg_opkrec_parse(msg_pkrec *r, const uint8_t *buf, size_t len);

typedef struct {
    char name[MSG_NAME_MAX + 1];  /* unauthenticated display hint */
    const uint8_t *idrec;
    size_t idrec_len;
    const uint8_t *spkrec;
    unsigned n_opk;
    const uint8_t *opkrec;        /* n_opk records of MSG_OPKREC_BYTES */
    size_t total;
} msg_bundle;
MSG_MUST_CHECK
int msg_bundle_parse(msg_bundle *b, const uint8_t *buf, size_t len);
/* Encode; *out is malloc'd. */
MSG_MUST_CHECK
int msg_bundle_encode(uint8_t **out, size_t *outlen, const char *name, const uint8_t *idrec,
                      size_t idrec_len, const uint8_t spkrec[MSG_SPKREC_BYTES],
                      const uint8_t *opkrecs, unsigned n_opk);
/* User ids: 1..64 bytes of [a-z0-9._-]. */
MSG_MUST_CHECK
int msg_uid_valid(const char *uid);

/* ---- identities and the composite signature (identity.c) --------------- */
typedef struct {
    char uid[MSG_UID_MAX + 1];
    uint64_t created_ms;
    uint8_t mldsa_pk[MLDSA65_PUBLICKEYBYTES];
    uint8_t mldsa_sk[MLDSA65_SECRETKEYBYTES];
    uint8_t fndsa_pk[FNDSA512_PUBLICKEYBYTES];
    uint8_t fndsa_sk[FNDSA512_SECRETKEYBYTES];
    uint8_t ik_hash[MSG_HASH_BYTES];
} msg_identity;

typedef struct {
    char uid[MSG_UID_MAX + 1];
    uint64_t created_ms;
    uint8_t mldsa_pk[MLDSA65_PUBLICKEYBYTES];
    uint8_t fndsa_pk[FNDSA512_PUBLICKEYBYTES];
    uint8_t ik_hash[MSG_HASH_BYTES];
} msg_peer;

/* ik_hash = SHA3-256(L("AEGIS-MSG-v1 ik") || mldsa65_pk || falcon512_pk). */
void msg_ik_hash(uint8_t out[MSG_HASH_BYTES], const uint8_t mldsa_pk[MLDSA65_PUBLICKEYBYTES],
                 const uint8_t fndsa_pk[FNDSA512_PUBLICKEYBYTES]);
/* 30 digits in six groups, the same for both parties. */
void msg_safety_number(char out[MSG_SAFETY_CHARS], const uint8_t ik_a[MSG_HASH_BYTES],
                       const uint8_t ik_b[MSG_HASH_BYTES]);
/* Generate both identity keys; seed NULL = from randombytes, else deterministic. */
MSG_MUST_CHECK
int msg_identity_generate(msg_identity *id, const char *uid, uint64_t created_ms,
                          const uint8_t *seed32);
void msg_identity_wipe(msg_identity *id);

/* CSig(label, body) = ML-DSA-65(ctx "AEGIS-MSG-v1") || Falcon-512 padded, both over
 * L("AEGIS-MSG-v1 " label) || body. det32 NULL = hedged (randomised);
 * otherwise deterministic signing coins derived from det32 (test vectors). */
MSG_MUST_CHECK
int msg_csig_sign(uint8_t sig[MSG_CSIG_BYTES], const msg_identity *id, const char *label,
                  const uint8_t *body, size_t len, const uint8_t *det32);
/* 0 iff BOTH signatures verify. */
MSG_MUST_CHECK
int msg_csig_verify(const uint8_t sig[MSG_CSIG_BYTES], const char *label, const uint8_t *body,
                    size_t len, const uint8_t mldsa_pk[MLDSA65_PUBLICKEYBYTES],
                    const uint8_t fndsa_pk[FNDSA512_PUBLICKEYBYTES]);

/* Identity record: out must hold MSG_IDREC_MAX bytes. */
MSG_MUST_CHECK
int msg_identity_record(uint8_t *out, size_t *outlen, const msg_identity *id, const uint8_t *det32);
/* Strict parse + self-signature + ik_hash. */
MSG_MUST_CHECK
int msg_identity_record_verify(msg_peer *p, const uint8_t *rec, size_t len);

/* ---- prekeys (prekey.c) ------------------------------------------------ */
/* ML-KEM-768 key pair from its 64-byte seed d || z (FIPS 203, Algorithm 16). */
MSG_MUST_CHECK
int msg_prekey_derive(uint8_t ek[MLKEM768_PUBLICKEYBYTES], uint8_t dk[MLKEM768_SECRETKEYBYTES],
                      const uint8_t seed[MSG_PREKEY_SEED_BYTES]);
MSG_MUST_CHECK
int msg_spk_record(uint8_t out[MSG_SPKREC_BYTES], const msg_identity *id, uint32_t spk_id,
                   uint64_t not_before_ms, uint64_t not_after_ms,
                   const uint8_t ek[MLKEM768_PUBLICKEYBYTES], const uint8_t *det32);
MSG_MUST_CHECK
int msg_opk_record(uint8_t out[MSG_OPKREC_BYTES], const msg_identity *id, uint32_t opk_id,
                   const uint8_t ek[MLKEM768_PUBLICKEYBYTES], const uint8_t *det32);
/* Parse, check the owner's ik_hash, the CSig under owner's keys and the ML-KEM
 * modulus check of ek (FIPS 203 7.2). is_spk selects the record type. */
MSG_MUST_CHECK
int msg_prekey_record_verify(msg_pkrec *r, int is_spk, const uint8_t *rec, size_t len,
                             const msg_peer *owner);

/* ---- the envelope (seal.c) --------------------------------------------- */
typedef struct {
    uint8_t ik_hash[MSG_HASH_BYTES];
    uint32_t spk_id;
    uint8_t spk_ek[MLKEM768_PUBLICKEYBYTES];
    int has_opk;
    uint32_t opk_id;
    uint8_t opk_ek[MLKEM768_PUBLICKEYBYTES];
} msg_recipient;

typedef struct {
    uint8_t content_type;
    uint8_t *body;      /* malloc'd (+1 byte, NUL-terminated for convenience) */
    size_t body_len;
} msg_plaintext;

/* Seal body for r (PROTOCOL.md 6). coins32 NULL = fresh randomness (msg_id,
 * encapsulation coins, hedged signatures); else everything deterministic. */
MSG_MUST_CHECK
int msg_seal(uint8_t **env, size_t *envlen, const msg_identity *sender, const msg_recipient *r,
             uint64_t counter, uint64_t timestamp_ms, uint8_t content_type,
             const uint8_t *body, size_t body_len, const uint8_t *coins32);

/* Steps 5-8 of PROTOCOL.md 7 for an envelope whose signature was checked:
 * decapsulate, derive, check the commitment and the tag, check the padding.
 * opk_seed NULL iff the envelope has no OPK. */
MSG_MUST_CHECK
int msg_open_decrypt(msg_plaintext *pt, const msg_envelope *e,
                     const uint8_t spk_seed[MSG_PREKEY_SEED_BYTES], const uint8_t *opk_seed);
/* Step 4: the envelope's CSig under the sender's keys. */
MSG_MUST_CHECK
int msg_envelope_verify(const msg_envelope *e, const msg_peer *sender);
void msg_plaintext_free(msg_plaintext *pt);

/* Pieces of the key schedule, exposed for tests (PROTOCOL.md 5.1). */
void msg_transcript_hash(uint8_t th[MSG_HASH_BYTES], const uint8_t *hdr, size_t hlen);
void msg_kdf(uint8_t okm[MSG_OKM_BYTES], uint8_t flags, const uint8_t ss_spk[32],
             const uint8_t *ss_opk, const uint8_t hek_spk[32], const uint8_t *hek_opk,
             const uint8_t th[MSG_HASH_BYTES]);

/* ---- utilities ---------------------------------------------------------- */
void msg_wipe(void *p, size_t n);
void msg_free_secret(void *p, size_t n);   /* wipe, then free */
MSG_MUST_CHECK
int msg_ct_equal(const uint8_t *a, const uint8_t *b, size_t n); /* 1 iff equal, constant time */
MSG_MUST_CHECK
int msg_random(uint8_t *buf, size_t n);    /* randombytes, mapped to MSG_ERR_RNG */
uint64_t msg_now_ms(void);

#ifdef __cplusplus
}
#endif

#endif
