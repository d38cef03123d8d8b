/*
 * sha2.c -- the pre-hash functions HashML-DSA (FIPS 204, Section 5.4) may use
 * that sha3/ does not provide: SHA-224, SHA-256, SHA-384, SHA-512,
 * SHA-512/224 and SHA-512/256 (FIPS 180-4, Sections 6.2-6.7), and SHA3-224,
 * SHA3-384 (FIPS 202, Section 6.1, on sha3/'s generic Keccak sponge).
 *
 * Only PH(M) of HashML-DSA uses them. No branch or index depends on the
 * message bytes (only on its length). The constants are those of FIPS 180-4,
 * Sections 4.2.2, 4.2.3 and 5.3 (generated from the primes as the standard
 * defines them, the SHA-512/t IVs by the Section 5.3.6 IV generation).
 */
#include <string.h>

#include "ct.h"
#include "params.h"

/* FIPS 180-4, Section 4.2.2: SHA-224/256 constants. */
static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};
/* Section 5.3.2 and 5.3.3: SHA-224 and SHA-256 initial hash values. */
static const uint32_t H224[8] = {
    0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511,
    0x64f98fa7, 0xbefa4fa4,
};
static const uint32_t H256[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
    0x1f83d9ab, 0x5be0cd19,
};
/* Section 4.2.3: SHA-384/512/512-t constants. */
static const uint64_t K512[80] = {
    0x428a2f98d728ae22u, 0x7137449123ef65cdu, 0xb5c0fbcfec4d3b2fu,
    0xe9b5dba58189dbbcu, 0x3956c25bf348b538u, 0x59f111f1b605d019u,
    0x923f82a4af194f9bu, 0xab1c5ed5da6d8118u, 0xd807aa98a3030242u,
    0x12835b0145706fbeu, 0x243185be4ee4b28cu, 0x550c7dc3d5ffb4e2u,
    0x72be5d74f27b896fu, 0x80deb1fe3b1696b1u, 0x9bdc06a725c71235u,
    0xc19bf174cf692694u, 0xe49b69c19ef14ad2u, 0xefbe4786384f25e3u,
    0x0fc19dc68b8cd5b5u, 0x240ca1cc77ac9c65u, 0x2de92c6f592b0275u,
    0x4a7484aa6ea6e483u, 0x5cb0a9dcbd41fbd4u, 0x76f988da831153b5u,
    0x983e5152ee66dfabu, 0xa831c66d2db43210u, 0xb00327c898fb213fu,
    0xbf597fc7beef0ee4u, 0xc6e00bf33da88fc2u, 0xd5a79147930aa725u,
    0x06ca6351e003826fu, 0x142929670a0e6e70u, 0x27b70a8546d22ffcu,
    0x2e1b21385c26c926u, 0x4d2c6dfc5ac42aedu, 0x53380d139d95b3dfu,
    0x650a73548baf63deu, 0x766a0abb3c77b2a8u, 0x81c2c92e47edaee6u,
    0x92722c851482353bu, 0xa2bfe8a14cf10364u, 0xa81a664bbc423001u,
    0xc24b8b70d0f89791u, 0xc76c51a30654be30u, 0xd192e819d6ef5218u,
    0xd69906245565a910u, 0xf40e35855771202au, 0x106aa07032bbd1b8u,
    0x19a4c116b8d2d0c8u, 0x1e376c085141ab53u, 0x2748774cdf8eeb99u,
    0x34b0bcb5e19b48a8u, 0x391c0cb3c5c95a63u, 0x4ed8aa4ae3418acbu,
    0x5b9cca4f7763e373u, 0x682e6ff3d6b2b8a3u, 0x748f82ee5defb2fcu,
    0x78a5636f43172f60u, 0x84c87814a1f0ab72u, 0x8cc702081a6439ecu,
    0x90befffa23631e28u, 0xa4506cebde82bde9u, 0xbef9a3f7b2c67915u,
    0xc67178f2e372532bu, 0xca273eceea26619cu, 0xd186b8c721c0c207u,
    0xeada7dd6cde0eb1eu, 0xf57d4f7fee6ed178u, 0x06f067aa72176fbau,
    0x0a637dc5a2c898a6u, 0x113f9804bef90daeu, 0x1b710b35131c471bu,
    0x28db77f523047d84u, 0x32caab7b40c72493u, 0x3c9ebe0a15c9bebcu,
    0x431d67c49c100d4cu, 0x4cc5d4becb3e42b6u, 0x597f299cfc657e2au,
    0x5fcb6fab3ad6faecu, 0x6c44198c4a475817u,
};
/* Sections 5.3.4, 5.3.5, 5.3.6.1, 5.3.6.2: initial hash values. */
static const uint64_t H384[8] = {
    0xcbbb9d5dc1059ed8u, 0x629a292a367cd507u, 0x9159015a3070dd17u,
    0x152fecd8f70e5939u, 0x67332667ffc00b31u, 0x8eb44a8768581511u,
    0xdb0c2e0d64f98fa7u, 0x47b5481dbefa4fa4u,
};
static const uint64_t H512[8] = {
    0x6a09e667f3bcc908u, 0xbb67ae8584caa73bu, 0x3c6ef372fe94f82bu,
    0xa54ff53a5f1d36f1u, 0x510e527fade682d1u, 0x9b05688c2b3e6c1fu,
    0x1f83d9abfb41bd6bu, 0x5be0cd19137e2179u,
};
static const uint64_t H512_224[8] = {
    0x8c3d37c819544da2u, 0x73e1996689dcd4d6u, 0x1dfab7ae32ff9c82u,
    0x679dd514582f9fcfu, 0x0f6d2b697bd44da8u, 0x77e36f7304c48942u,
    0x3f9d85a86a1d36c8u, 0x1112e6ad91d692a1u,
};
static const uint64_t H512_256[8] = {
    0x22312194fc2bf72cu, 0x9f555fa3c84c64c2u, 0x2393b86b6f53b151u,
    0x963877195940eabdu, 0x96283ee2a88effe3u, 0xbe5e1e2553863992u,
    0x2b0199fc2c85b8aau, 0x0eb72ddc81c52ca2u,
};

#define ROTR32(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define ROTR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

/* FIPS 180-4, Section 6.2.2, SHA-256 hash computation on one 64-byte block. */
static void sha256_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64], a[8];
    for (unsigned t = 0; t < 16; t++) {
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
               (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
    }
    for (unsigned t = 16; t < 64; t++) {
        uint32_t s0 = ROTR32(w[t - 15], 7) ^ ROTR32(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = ROTR32(w[t - 2], 17) ^ ROTR32(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    memcpy(a, h, sizeof a);
    for (unsigned t = 0; t < 64; t++) {
        uint32_t t1 = a[7] + (ROTR32(a[4], 6) ^ ROTR32(a[4], 11) ^ ROTR32(a[4], 25)) +
                      ((a[4] & a[5]) ^ (~a[4] & a[6])) + K256[t] + w[t];
        uint32_t t2 = (ROTR32(a[0], 2) ^ ROTR32(a[0], 13) ^ ROTR32(a[0], 22)) +
                      ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]));
        a[7] = a[6];
        a[6] = a[5];
        a[5] = a[4];
        a[4] = a[3] + t1;
        a[3] = a[2];
        a[2] = a[1];
        a[1] = a[0];
        a[0] = t1 + t2;
    }
    for (unsigned i = 0; i < 8; i++) {
        h[i] += a[i];
    }
    mldsa_ct_wipe(w, sizeof w);
    mldsa_ct_wipe(a, sizeof a);
}

/* FIPS 180-4, Section 6.4.2, SHA-512 hash computation on one 128-byte block. */
static void sha512_block(uint64_t h[8], const uint8_t *p)
{
    uint64_t w[80], a[8];
    for (unsigned t = 0; t < 16; t++) {
        uint64_t v = 0;
        for (unsigned k = 0; k < 8; k++) {
            v = v << 8 | p[8 * t + k];
        }
        w[t] = v;
    }
    for (unsigned t = 16; t < 80; t++) {
        uint64_t s0 = ROTR64(w[t - 15], 1) ^ ROTR64(w[t - 15], 8) ^ (w[t - 15] >> 7);
        uint64_t s1 = ROTR64(w[t - 2], 19) ^ ROTR64(w[t - 2], 61) ^ (w[t - 2] >> 6);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    memcpy(a, h, sizeof a);
    for (unsigned t = 0; t < 80; t++) {
        uint64_t t1 = a[7] + (ROTR64(a[4], 14) ^ ROTR64(a[4], 18) ^ ROTR64(a[4], 41)) +
                      ((a[4] & a[5]) ^ (~a[4] & a[6])) + K512[t] + w[t];
        uint64_t t2 = (ROTR64(a[0], 28) ^ ROTR64(a[0], 34) ^ ROTR64(a[0], 39)) +
                      ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]));
        a[7] = a[6];
        a[6] = a[5];
        a[5] = a[4];
        a[4] = a[3] + t1;
        a[3] = a[2];
        a[2] = a[1];
        a[1] = a[0];
        a[0] = t1 + t2;
    }
    for (unsigned i = 0; i < 8; i++) {
        h[i] += a[i];
    }
    mldsa_ct_wipe(w, sizeof w);
    mldsa_ct_wipe(a, sizeof a);
}

/* SHA-224/256 of m (Section 5.1.1 padding, Section 6.2), outlen 28 or 32. */
static void sha256_family(uint8_t *out, size_t outlen, const uint32_t iv[8], const uint8_t *m,
                          size_t mlen)
{
    uint32_t h[8];
    uint8_t last[128];
    size_t full = mlen / 64, rest = mlen % 64, nb;
    uint64_t bits = (uint64_t)mlen * 8;
    memcpy(h, iv, sizeof h);
    for (size_t i = 0; i < full; i++) {
        sha256_block(h, m + 64 * i);
    }
    memset(last, 0, sizeof last);
    if (rest > 0) {
        memcpy(last, m + 64 * full, rest);
    }
    last[rest] = 0x80;
    nb = rest < 56 ? 1 : 2;
    for (unsigned i = 0; i < 8; i++) {
        last[64 * nb - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
    for (size_t i = 0; i < nb; i++) {
        sha256_block(h, last + 64 * i);
    }
    for (size_t i = 0; i < outlen; i++) {
        out[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
    }
    mldsa_ct_wipe(h, sizeof h);
    mldsa_ct_wipe(last, sizeof last);
}

/* SHA-384/512/512-224/512-256 of m (Section 5.1.2 padding, Section 6.4). */
static void sha512_family(uint8_t *out, size_t outlen, const uint64_t iv[8], const uint8_t *m,
                          size_t mlen)
{
    uint64_t h[8];
    uint8_t last[256];
    size_t full = mlen / 128, rest = mlen % 128, nb;
    uint64_t bits = (uint64_t)mlen * 8, bits_hi = (uint64_t)mlen >> 61;
    memcpy(h, iv, sizeof h);
    for (size_t i = 0; i < full; i++) {
        sha512_block(h, m + 128 * i);
    }
    memset(last, 0, sizeof last);
    if (rest > 0) {
        memcpy(last, m + 128 * full, rest);
    }
    last[rest] = 0x80;
    nb = rest < 112 ? 1 : 2;
    for (unsigned i = 0; i < 8; i++) {
        last[128 * nb - 1 - i] = (uint8_t)(bits >> (8 * i));
        last[128 * nb - 9 - i] = (uint8_t)(bits_hi >> (8 * i));
    }
    for (size_t i = 0; i < nb; i++) {
        sha512_block(h, last + 128 * i);
    }
    for (size_t i = 0; i < outlen; i++) {
        out[i] = (uint8_t)(h[i / 8] >> (56 - 8 * (i % 8)));
    }
    mldsa_ct_wipe(h, sizeof h);
    mldsa_ct_wipe(last, sizeof last);
}

/* SHA3-224 / SHA3-384 (FIPS 202, Section 6.1): KECCAK[2d](M || 01, d) with
 * rate r = 1600 - 2d bits, here in bytes (200 - 2d), on sha3/'s generic
 * sponge. */
static void sha3_d(uint8_t *out, size_t d, const uint8_t *m, size_t mlen)
{
    (void)sha3_keccak(out, d, m, mlen, (unsigned)(200 - 2 * d), SHA3_SUFFIX_SHA3);
}

void mldsa_sha2_224(uint8_t out[28], const uint8_t *m, size_t mlen)
{
    sha256_family(out, 28, H224, m, mlen);
}
void mldsa_sha2_256(uint8_t out[32], const uint8_t *m, size_t mlen)
{
    sha256_family(out, 32, H256, m, mlen);
}
void mldsa_sha2_384(uint8_t out[48], const uint8_t *m, size_t mlen)
{
    sha512_family(out, 48, H384, m, mlen);
}
void mldsa_sha2_512(uint8_t out[64], const uint8_t *m, size_t mlen)
{
    sha512_family(out, 64, H512, m, mlen);
}
void mldsa_sha2_512_224(uint8_t out[28], const uint8_t *m, size_t mlen)
{
    sha512_family(out, 28, H512_224, m, mlen);
}
void mldsa_sha2_512_256(uint8_t out[32], const uint8_t *m, size_t mlen)
{
    sha512_family(out, 32, H512_256, m, mlen);
}
void mldsa_sha3_224(uint8_t out[28], const uint8_t *m, size_t mlen)
{
    sha3_d(out, 28, m, mlen);
}
void mldsa_sha3_384(uint8_t out[48], const uint8_t *m, size_t mlen)
{
    sha3_d(out, 48, m, mlen);
}
