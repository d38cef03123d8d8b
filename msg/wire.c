/*
 * wire.c -- strict parsers and encoders of the AEGIS-MSG v1 byte formats
 * (msg/PROTOCOL.md sections 4 and 5): envelope, identity record, signed and
 * one-time prekey records, bundle. No crypto and no allocation driven by an
 * unvalidated length: every length is checked against its cap and against
 * the exact buffer length before any field is read (bad-inputs 39-43).
 */
#include "msg.h"

#include <stdlib.h>

#include "internal.h"

int msg_uid_valid(const char *uid)
{
    size_t n = strlen(uid);
    if (n < 1 || n > MSG_UID_MAX) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = uid[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

/* magic, version, suite: the common prefix of every record. */
static int check_prefix(const uint8_t *buf, const char magic[4])
{
    return memcmp(buf, magic, 4) == 0 && buf[4] == MSG_VERSION && buf[5] == MSG_SUITE;
}

/* ---- envelope (PROTOCOL.md 5) ------------------------------------------ */
int msg_envelope_parse(msg_envelope *e, const uint8_t *buf, size_t len)
{
    memset(e, 0, sizeof *e);
    if (buf == NULL || len < MSG_ENV_H_NO_OPK + MSG_ENV_TAIL || len > MSG_ENV_MAX) goto bad;
    if (!check_prefix(buf, "AEGM")) goto bad;
    uint8_t flags = buf[6];
    if ((flags & ~MSG_ENV_FLAG_OPK) != 0 || buf[7] != 0) goto bad;
    size_t h = (flags & MSG_ENV_FLAG_OPK) ? MSG_ENV_H_OPK : MSG_ENV_H_NO_OPK;
    uint32_t opk_id = msg_rd32(buf + 76);
    if (((flags & MSG_ENV_FLAG_OPK) != 0) != (opk_id != 0)) goto bad;
    if (len < h + MSG_ENV_TAIL) goto bad;
    uint32_t ct_len = msg_rd32(buf + h + 32);
    /* ct_len: at least one padding block, at most the cap, whole blocks; the
     * total must then be exact. All in size_t well below overflow (cap checked first). */
    if (ct_len == 0 || ct_len > MSG_MAX_CT_LEN || ct_len % MSG_PAD != 0) goto bad;
    if (len != h + MSG_ENV_TAIL + (size_t)ct_len) goto bad;
    /* sender and recipient must differ (a swapped or copied id is malformed). */
    if (memcmp(buf + 8, buf + 40, 32) == 0) goto bad;

    e->flags = flags;
    e->sender_ik = buf + 8;
    e->recipient_ik = buf + 40;
    e->spk_id = msg_rd32(buf + 72);
    e->opk_id = opk_id;
    e->msg_id = buf + 80;
    e->counter = msg_rd64(buf + 96);
    e->timestamp_ms = msg_rd64(buf + 104);
    e->ct_spk = buf + MSG_ENV_FIXED;
    e->ct_opk = (flags & MSG_ENV_FLAG_OPK) ? buf + MSG_ENV_H_NO_OPK : NULL;
    e->commit = buf + h;
    e->ct_len = ct_len;
    e->ct = buf + h + 36;
    e->tag = buf + h + 36 + ct_len;
    e->csig = buf + h + 52 + ct_len;
    e->hlen = h;
    e->signed_len = h + 52 + ct_len;
    e->total = len;
    e->raw = buf;
    if (e->counter == 0) goto bad;
    return MSG_OK;
bad:
    memset(e, 0, sizeof *e);
    return MSG_ERR_PARSE;
}

int msg_envelope_serialize(uint8_t *out, size_t cap, size_t *outlen, const msg_envelope *e)
{
    *outlen = 0;
    size_t h = (e->flags & MSG_ENV_FLAG_OPK) ? MSG_ENV_H_OPK : MSG_ENV_H_NO_OPK;
    size_t total = h + MSG_ENV_TAIL + (size_t)e->ct_len;
    if (e->ct_len > MSG_MAX_CT_LEN || cap < total) return MSG_ERR_ARG;
    memcpy(out, "AEGM", 4);
    out[4] = MSG_VERSION;
    out[5] = MSG_SUITE;
    out[6] = e->flags;
    out[7] = 0;
    memmove(out + 8, e->sender_ik, 32);
    memmove(out + 40, e->recipient_ik, 32);
    msg_be32(out + 72, e->spk_id);
    msg_be32(out + 76, e->opk_id);
    memmove(out + 80, e->msg_id, 16);
    msg_be64(out + 96, e->counter);
    msg_be64(out + 104, e->timestamp_ms);
    memmove(out + MSG_ENV_FIXED, e->ct_spk, MLKEM768_CIPHERTEXTBYTES);
    if (e->flags & MSG_ENV_FLAG_OPK) memmove(out + MSG_ENV_H_NO_OPK, e->ct_opk, MLKEM768_CIPHERTEXTBYTES);
    memmove(out + h, e->commit, 32);
    msg_be32(out + h + 32, e->ct_len);
    memmove(out + h + 36, e->ct, e->ct_len);
    memmove(out + h + 36 + e->ct_len, e->tag, 16);
    memmove(out + h + 52 + e->ct_len, e->csig, MSG_CSIG_BYTES);
    *outlen = total;
    return MSG_OK;
}

/* ---- identity record (PROTOCOL.md 4) ----------------------------------- */
int msg_idrec_parse(msg_idrec *r, const uint8_t *buf, size_t len)
{
    memset(r, 0, sizeof *r);
    if (buf == NULL || len < MSG_IDREC_FIXED + 1 || len > MSG_IDREC_MAX) goto bad;
    if (!check_prefix(buf, "AEGI")) goto bad;
    size_t ul = buf[6];
    if (ul < 1 || ul > MSG_UID_MAX || len != MSG_IDREC_FIXED + ul) goto bad;
    memcpy(r->uid, buf + 7, ul);
    r->uid[ul] = '\0';
    if (!msg_uid_valid(r->uid) || strlen(r->uid) != ul) goto bad;
    size_t o = 7 + ul;
    r->created_ms = msg_rd64(buf + o);
    o += 8;
    r->mldsa_pk = buf + o;
    o += MLDSA65_PUBLICKEYBYTES;
    r->fndsa_pk = buf + o;
    o += FNDSA512_PUBLICKEYBYTES;
    r->csig = buf + o;
    r->signed_len = o;
    r->total = len;
    return MSG_OK;
bad:
    memset(r, 0, sizeof *r);
    return MSG_ERR_PARSE;
}

/* ---- prekey records (PROTOCOL.md 4) ------------------------------------ */
int msg_spkrec_parse(msg_pkrec *r, const uint8_t *buf, size_t len)
{
    memset(r, 0, sizeof *r);
    if (buf == NULL || len != MSG_SPKREC_BYTES || !check_prefix(buf, "AEGS") || buf[6] != 0 || buf[7] != 0)
        goto bad;
    r->is_spk = 1;
    r->ik_hash = buf + 8;
    r->id = msg_rd32(buf + 40);
    r->not_before_ms = msg_rd64(buf + 44);
    r->not_after_ms = msg_rd64(buf + 52);
    r->ek = buf + 60;
    r->csig = buf + 60 + MLKEM768_PUBLICKEYBYTES;
    r->signed_len = 60 + MLKEM768_PUBLICKEYBYTES;
    r->total = len;
    if (r->id == 0 || r->not_after_ms <= r->not_before_ms) goto bad;
    return MSG_OK;
bad:
    memset(r, 0, sizeof *r);
    return MSG_ERR_PARSE;
}

int msg_opkrec_parse(msg_pkrec *r, const uint8_t *buf, size_t len)
{
    memset(r, 0, sizeof *r);
    if (buf == NULL || len != MSG_OPKREC_BYTES || !check_prefix(buf, "AEGO") || buf[6] != 0 || buf[7] != 0)
        goto bad;
    r->ik_hash = buf + 8;
    r->id = msg_rd32(buf + 40);
    r->ek = buf + 44;
    r->csig = buf + 44 + MLKEM768_PUBLICKEYBYTES;
    r->signed_len = 44 + MLKEM768_PUBLICKEYBYTES;
    r->total = len;
    if (r->id == 0) goto bad;
    return MSG_OK;
bad:
    memset(r, 0, sizeof *r);
    return MSG_ERR_PARSE;
}

/* ---- bundle (PROTOCOL.md 4): what `aegis bundle` writes -----------------
 * magic "AEGB" | version | suite | n_opk (2) | name_len (1) | name |
 * identity record | SPK record | n_opk OPK records. */
int msg_bundle_parse(msg_bundle *b, const uint8_t *buf, size_t len)
{
    memset(b, 0, sizeof *b);
    if (buf == NULL || len < 9 || len > MSG_BUNDLE_MAX || !check_prefix(buf, "AEGB")) goto bad;
    unsigned n_opk = (unsigned)buf[6] << 8 | buf[7];
    size_t nl = buf[8];
    if (n_opk > MSG_BUNDLE_MAX_OPK || nl > MSG_NAME_MAX) goto bad;
    size_t o = 9;
    if (len < o + nl + 7) goto bad;
    for (size_t i = 0; i < nl; i++)
        if (buf[o + i] < 0x20 || buf[o + i] > 0x7e) goto bad;
    memcpy(b->name, buf + o, nl);
    b->name[nl] = '\0';
    o += nl;
    size_t ul = buf[o + 6];
    size_t il = MSG_IDREC_FIXED + ul;
    if (ul < 1 || ul > MSG_UID_MAX) goto bad;
    /* Exact total before looking further: every part has a fixed size now. */
    if (len != o + il + MSG_SPKREC_BYTES + (size_t)n_opk * MSG_OPKREC_BYTES) goto bad;
    b->idrec = buf + o;
    b->idrec_len = il;
    o += il;
    b->spkrec = buf + o;
    o += MSG_SPKREC_BYTES;
    b->n_opk = n_opk;
    b->opkrec = n_opk ? buf + o : NULL;
    b->total = len;
    /* Each part must itself parse. */
    msg_idrec ir;
    msg_pkrec pr;
    if (msg_idrec_parse(&ir, b->idrec, b->idrec_len) != MSG_OK) goto bad;
    if (msg_spkrec_parse(&pr, b->spkrec, MSG_SPKREC_BYTES) != MSG_OK) goto bad;
    for (unsigned i = 0; i < n_opk; i++) {
        if (msg_opkrec_parse(&pr, b->opkrec + (size_t)i * MSG_OPKREC_BYTES, MSG_OPKREC_BYTES) != MSG_OK)
            goto bad;
        /* One-time prekey ids are unique within a bundle (a duplicate field). */
        for (unsigned j = 0; j < i; j++)
            if (msg_rd32(b->opkrec + (size_t)j * MSG_OPKREC_BYTES + 40) == pr.id) goto bad;
    }
    return MSG_OK;
bad:
    memset(b, 0, sizeof *b);
    return MSG_ERR_PARSE;
}

int msg_bundle_encode(uint8_t **out, size_t *outlen, const char *name, const uint8_t *idrec,
                      size_t idrec_len, const uint8_t spkrec[MSG_SPKREC_BYTES],
                      const uint8_t *opkrecs, unsigned n_opk)
{
    *out = NULL;
    *outlen = 0;
    size_t nl = name ? strlen(name) : 0;
    if (nl > MSG_NAME_MAX || n_opk > MSG_BUNDLE_MAX_OPK || idrec_len > MSG_IDREC_MAX) return MSG_ERR_ARG;
    for (size_t i = 0; i < nl; i++)
        if ((unsigned char)name[i] < 0x20 || (unsigned char)name[i] > 0x7e) return MSG_ERR_ARG;
    size_t n = 9 + nl + idrec_len + MSG_SPKREC_BYTES + (size_t)n_opk * MSG_OPKREC_BYTES;
    uint8_t *p = malloc(n);
    if (p == NULL) return MSG_ERR_NOMEM;
    memcpy(p, "AEGB", 4);
    p[4] = MSG_VERSION;
    p[5] = MSG_SUITE;
    p[6] = (uint8_t)(n_opk >> 8);
    p[7] = (uint8_t)n_opk;
    p[8] = (uint8_t)nl;
    size_t o = 9;
    memcpy(p + o, name, nl);
    o += nl;
    memcpy(p + o, idrec, idrec_len);
    o += idrec_len;
    memcpy(p + o, spkrec, MSG_SPKREC_BYTES);
    o += MSG_SPKREC_BYTES;
    if (n_opk) memcpy(p + o, opkrecs, (size_t)n_opk * MSG_OPKREC_BYTES);
    *out = p;
    *outlen = n;
    return MSG_OK;
}
