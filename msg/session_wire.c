/*
 * session_wire.c -- strict parser and encoder of the AEGIS-MSG v2 session
 * message "AEGR" (../shared/docs/sessions.md 3.1, msg/PROTOCOL.md part II).
 * Every length is checked against its cap and the exact buffer length before
 * a field behind it is read (bad-inputs 39-43). Besides layout, the parser
 * does two public-data checks that make later stages simpler: it recomputes
 * the init session_id (sessions.md 2.2: a mismatch is `parse`) and runs the
 * FIPS 203 7.2 modulus check on ek_next.
 */
#include "session.h"

#include <string.h>

#include "internal.h"

int msg_sess_parse(msg_sess_msg *m, const uint8_t *buf, size_t len)
{
    memset(m, 0, sizeof *m);
    if (buf == NULL || len < MSG_SESS_FIXED + MSG_SESS_K_RATCHET + MSG_SESS_TAIL || len > MSG_SESS_MAX)
        goto bad;
    if (memcmp(buf, "AEGR", 4) != 0 || buf[4] != MSG_SESS_VERSION || buf[5] != MSG_SUITE) goto bad;
    uint8_t type = buf[6], flags = buf[7];
    uint32_t epoch = msg_rd32(buf + 104), n = msg_rd32(buf + 108), prev_n = msg_rd32(buf + 112);
    /* type iff epoch; reserved flag bits; OPK flag only on an init. */
    if (type == MSG_SESS_TYPE_INIT) {
        if (epoch != 1 || (flags & ~MSG_SESS_FLAG_OPK) != 0) goto bad;
    } else if (type == MSG_SESS_TYPE_RATCHET) {
        if (epoch < 2 || flags != 0) goto bad;
    } else {
        goto bad;
    }
    if (n == 0 || (epoch <= 2 && prev_n != 0)) goto bad;
    if (memcmp(buf + 8, buf + 40, 32) == 0) goto bad; /* reflection / copied id */
    size_t k = type == MSG_SESS_TYPE_RATCHET ? MSG_SESS_K_RATCHET
             : (flags & MSG_SESS_FLAG_OPK) ? MSG_SESS_K_INIT_OPK : MSG_SESS_K_INIT;
    size_t h = MSG_SESS_FIXED + k;
    if (len < h + MSG_SESS_TAIL) goto bad;
    uint32_t ct_len = msg_rd32(buf + h + 32);
    if (ct_len == 0 || ct_len > MSG_MAX_CT_LEN || ct_len % MSG_PAD != 0) goto bad;
    if (len != h + MSG_SESS_TAIL + (size_t)ct_len) goto bad;

    const uint8_t *b = buf + MSG_SESS_FIXED;
    m->type = type;
    m->flags = flags;
    m->sender_ik = buf + 8;
    m->recipient_ik = buf + 40;
    m->session_id = buf + 72;
    m->epoch = epoch;
    m->n = n;
    m->prev_n = prev_n;
    m->msg_id = buf + 116;
    m->timestamp_ms = msg_rd64(buf + 132);
    m->block = b;
    m->block_len = k;
    m->ek_next = b + k - MSG_SESS_EK;
    if (type == MSG_SESS_TYPE_INIT) {
        m->spk_id = msg_rd32(b);
        m->opk_id = msg_rd32(b + 4);
        m->ct_spk = b + 8;
        m->ct_opk = (flags & MSG_SESS_FLAG_OPK) ? b + 8 + MSG_SESS_CT : NULL;
        if (m->spk_id == 0 || ((flags & MSG_SESS_FLAG_OPK) != 0) != (m->opk_id != 0)) goto bad;
    } else {
        m->kem_ct = b;
    }
    m->commit = buf + h;
    m->ct_len = ct_len;
    m->ct = buf + h + 36;
    m->tag = buf + h + 36 + ct_len;
    m->csig = buf + h + 52 + ct_len;
    m->hlen = h;
    m->signed_len = h + 52 + ct_len;
    m->total = len;
    m->raw = buf;
    if (type == MSG_SESS_TYPE_INIT) {
        uint8_t sid[32];
        msg_sess_id(sid, m->sender_ik, m->recipient_ik, b, k);
        if (memcmp(sid, m->session_id, 32) != 0) goto bad;
    }
    /* FIPS 203, 7.2: ek_next becomes the target of our next epoch. */
    if (mlkem768_check_pk(m->ek_next) != 0) goto bad;
    return MSG_OK;
bad:
    memset(m, 0, sizeof *m);
    return MSG_ERR_PARSE;
}

int msg_sess_serialize(uint8_t *out, size_t cap, size_t *outlen, const msg_sess_msg *m)
{
    *outlen = 0;
    size_t h = MSG_SESS_FIXED + m->block_len;
    size_t total = h + MSG_SESS_TAIL + (size_t)m->ct_len;
    if (m->block_len > MSG_SESS_K_MAX || m->ct_len > MSG_MAX_CT_LEN || cap < total) return MSG_ERR_ARG;
    memcpy(out, "AEGR", 4);
    out[4] = MSG_SESS_VERSION;
    out[5] = MSG_SUITE;
    out[6] = m->type;
    out[7] = m->flags;
    memmove(out + 8, m->sender_ik, 32);
    memmove(out + 40, m->recipient_ik, 32);
    memmove(out + 72, m->session_id, 32);
    msg_be32(out + 104, m->epoch);
    msg_be32(out + 108, m->n);
    msg_be32(out + 112, m->prev_n);
    memmove(out + 116, m->msg_id, 16);
    msg_be64(out + 132, m->timestamp_ms);
    memmove(out + MSG_SESS_FIXED, m->block, m->block_len);
    memmove(out + h, m->commit, 32);
    msg_be32(out + h + 32, m->ct_len);
    memmove(out + h + 36, m->ct, m->ct_len);
    memmove(out + h + 36 + m->ct_len, m->tag, 16);
    memmove(out + h + 52 + m->ct_len, m->csig, MSG_CSIG_BYTES);
    *outlen = total;
    return MSG_OK;
}
