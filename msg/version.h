/*
 * version.h -- the one version string of Aegis PQ, shared by `aegis --version`,
 * `aegis-relay --version`, the shared libraries' file names and the pkg-config
 * files (install.mk reads AEGIS_VERSION from here).
 */
#ifndef AEGIS_VERSION_H
#define AEGIS_VERSION_H

#define AEGIS_VERSION "0.2.0"

/* What --version prints after "PROGRAM VERSION": the primitives and their standards. */
#define AEGIS_VERSION_PRIMITIVES                                                   \
    "protocol: AEGIS-MSG v1 envelopes and v2 sessions (msg/PROTOCOL.md)\n"  \
    "primitives:\n"                                                                \
    "  ML-KEM-768        key encapsulation   FIPS 203\n"                           \
    "  ML-DSA-65         signature           FIPS 204\n"                           \
    "  Falcon-512        signature           Falcon spec v1.2 (future FN-DSA, FIPS 206)\n" \
    "  AES-256-GCM       AEAD                FIPS 197, NIST SP 800-38D\n"          \
    "  SHA3, SHAKE       hash and XOF        FIPS 202\n"

#endif
