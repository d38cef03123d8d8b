/*
 * mldsa_config.h -- build-time settings of mldsa/, read first by
 * mldsa65.h (and so by every file of the directory). The defaults change
 * nothing: the drop-in build of mldsa/ and sha3/ needs no flag.
 *
 * Set a setting with -D, or in a file of your own named by
 * -DMLDSA_CONFIG_FILE='"my_mldsa_config.h"' (found as any #include "..." is,
 * so an absolute path or one on -I): that file is read here first, and what
 * it leaves undefined takes the default below.
 *
 * MLDSA_NAMESPACE       a prefix for every external symbol mldsa/'s objects
 *                       define (the public functions and the internal ones,
 *                       functions and tables alike): -DMLDSA_NAMESPACE=app1_
 *                       turns mldsa65_sign into app1_mldsa65_sign,
 *                       so two copies of mldsa/ link into one program.
 *                       Callers keep the plain names: compile them with the
 *                       same setting. Undefined (default): no prefix. sha3/'s
 *                       symbols follow SHA3_NAMESPACE (../sha3/sha3_config.h).
 * MLDSA_RANDOMBYTES     the name of the randomness hook the program defines,
 *                       int NAME(uint8_t *buf, size_t len), 0 on success
 *                       (default randombytes). MLDSA_NAMESPACE leaves it alone.
 * MLDSA_FIPS202_HEADER  the SHA-3 header mldsa/ includes (default
 *                       "../sha3/sha3.h", relative to mldsa/): a FIPS 202 of
 *                       your own declares what README.md, "Embedding", lists.
 */
#ifndef AEGIS_MLDSA_CONFIG_H
#define AEGIS_MLDSA_CONFIG_H

#if defined(MLDSA_CONFIG_FILE)
#include MLDSA_CONFIG_FILE
#endif

/* #define MLDSA_NAMESPACE app1_ */

#if !defined(MLDSA_RANDOMBYTES)
#define MLDSA_RANDOMBYTES randombytes
#endif

#if !defined(MLDSA_FIPS202_HEADER)
#define MLDSA_FIPS202_HEADER "../sha3/sha3.h"
#endif

#include "mldsa_namespace.h"

#endif
