/* internal.h -- private helpers of msg/ (big-endian codecs, labels). */
#ifndef AEGIS_MSG_INTERNAL_H
#define AEGIS_MSG_INTERNAL_H

#include <stdint.h>
#include <string.h>

/* Constant-time test marks (tests/ct/ct_msg.c): with AEGIS_CT, declassify
 * maps to valgrind; otherwise it is nothing. Each use says why. */
#ifdef AEGIS_CT
#include <valgrind/memcheck.h>
#define MSG_CT_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#else
#define MSG_CT_DECLASSIFY(p, n) ((void)0)
#endif

#define MSG_LABEL_PREFIX "AEGIS-MSG-v1 "
#define MSG_MLDSA_CTX "AEGIS-MSG-v1"

static inline void msg_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
static inline void msg_be64(uint8_t *p, uint64_t v)
{
    msg_be32(p, (uint32_t)(v >> 32));
    msg_be32(p + 4, (uint32_t)v);
}
static inline uint32_t msg_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint64_t msg_rd64(const uint8_t *p)
{
    return (uint64_t)msg_rd32(p) << 32 | msg_rd32(p + 4);
}

/* Absorb L(s) = one length byte || s (PROTOCOL.md 2). */
#include "../sha3/sha3.h"
static inline void msg_absorb_label(sha3_ctx *c, const char *s)
{
    uint8_t n = (uint8_t)strlen(s);
    sha3_absorb(c, &n, 1);
    sha3_absorb(c, (const uint8_t *)s, n);
}

#endif
