/*
 * prekey.c -- signed prekeys (SPK) and one-time prekeys (OPK): ML-KEM-768 key
 * pairs kept as their 64-byte seed, and their signed records
 * (msg/PROTOCOL.md section 2, and the prekey records of section 4).
 */
#include "msg.h"

#include "internal.h"

/* FIPS 203, Algorithm 16 (ML-KEM.KeyGen_internal) with (d, z) = seed. Storing
 * the seed instead of the expanded dk sidesteps the FIPS 203 7.3 hash check
 * and the MAL-BIND concerns about crafted expanded keys (PROTOCOL.md 2,
 * "Decapsulation keys are re-derived from their seed"). */
int msg_prekey_derive(uint8_t ek[MLKEM768_PUBLICKEYBYTES], uint8_t dk[MLKEM768_SECRETKEYBYTES],
                      const uint8_t seed[MSG_PREKEY_SEED_BYTES])
{
    return mlkem768_keypair_derand(ek, dk, seed) == 0 ? MSG_OK : MSG_ERR_CRYPTO;
}

static void put_pk_prefix(uint8_t *out, const char magic[4], const uint8_t ik[32], uint32_t id)
{
    memcpy(out, magic, 4);
    out[4] = MSG_VERSION;
    out[5] = MSG_SUITE;
    out[6] = 0;
    out[7] = 0;
    memcpy(out + 8, ik, 32);
    msg_be32(out + 40, id);
}

int msg_spk_record(uint8_t out[MSG_SPKREC_BYTES], const msg_identity *id, uint32_t spk_id,
                   uint64_t not_before_ms, uint64_t not_after_ms,
                   const uint8_t ek[MLKEM768_PUBLICKEYBYTES], const uint8_t *det32)
{
    if (spk_id == 0 || not_after_ms <= not_before_ms) return MSG_ERR_ARG;
    put_pk_prefix(out, "AEGS", id->ik_hash, spk_id);
    msg_be64(out + 44, not_before_ms);
    msg_be64(out + 52, not_after_ms);
    memcpy(out + 60, ek, MLKEM768_PUBLICKEYBYTES);
    return msg_csig_sign(out + 60 + MLKEM768_PUBLICKEYBYTES, id, "spk", out,
                         60 + MLKEM768_PUBLICKEYBYTES, det32);
}

int msg_opk_record(uint8_t out[MSG_OPKREC_BYTES], const msg_identity *id, uint32_t opk_id,
                   const uint8_t ek[MLKEM768_PUBLICKEYBYTES], const uint8_t *det32)
{
    if (opk_id == 0) return MSG_ERR_ARG;
    put_pk_prefix(out, "AEGO", id->ik_hash, opk_id);
    memcpy(out + 44, ek, MLKEM768_PUBLICKEYBYTES);
    return msg_csig_sign(out + 44 + MLKEM768_PUBLICKEYBYTES, id, "opk", out,
                         44 + MLKEM768_PUBLICKEYBYTES, det32);
}

int msg_prekey_record_verify(msg_pkrec *r, int is_spk, const uint8_t *rec, size_t len,
                             const msg_peer *owner)
{
    int rc = is_spk ? msg_spkrec_parse(r, rec, len) : msg_opkrec_parse(r, rec, len);
    if (rc != MSG_OK) return MSG_ERR_PARSE;
    if (memcmp(r->ik_hash, owner->ik_hash, MSG_HASH_BYTES) != 0) return MSG_ERR_BUNDLE;
    if (msg_csig_verify(r->csig, is_spk ? "spk" : "opk", rec, r->signed_len, owner->mldsa_pk,
                        owner->fndsa_pk) != MSG_OK)
        return MSG_ERR_SIGNATURE;
    /* FIPS 203, 7.2: modulus check on every received encapsulation key. */
    if (mlkem768_check_pk(r->ek) != 0) return MSG_ERR_BUNDLE;
    return MSG_OK;
}
