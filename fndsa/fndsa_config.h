/*
 * fndsa_config.h -- build-time settings of fndsa/, read first by
 * fndsa512.h (and so by every file of the directory). The defaults change
 * nothing: the drop-in build of fndsa/ and sha3/ needs no flag.
 *
 * Set a setting with -D, or in a file of your own named by
 * -DFNDSA_CONFIG_FILE='"my_fndsa_config.h"' (found as any #include "..." is,
 * so an absolute path or one on -I): that file is read here first, and what
 * it leaves undefined takes the default below.
 *
 * FNDSA_NAMESPACE       a prefix for every external symbol fndsa/'s objects
 *                       define (the public functions and the internal ones,
 *                       functions and tables alike): -DFNDSA_NAMESPACE=app1_
 *                       turns fndsa512_sign into app1_fndsa512_sign,
 *                       so two copies of fndsa/ link into one program.
 *                       Callers keep the plain names: compile them with the
 *                       same setting. Undefined (default): no prefix. sha3/'s
 *                       symbols follow SHA3_NAMESPACE (../sha3/sha3_config.h).
 * FNDSA_RANDOMBYTES     the name of the randomness hook the program defines,
 *                       int NAME(uint8_t *buf, size_t len), 0 on success
 *                       (default randombytes). FNDSA_NAMESPACE leaves it alone.
 * FNDSA_FIPS202_HEADER  the SHA-3 header fndsa/ includes (default
 *                       "../sha3/sha3.h", relative to fndsa/): a FIPS 202 of
 *                       your own declares what README.md, "Embedding", lists.
 */
#ifndef AEGIS_FNDSA_CONFIG_H
#define AEGIS_FNDSA_CONFIG_H

#if defined(FNDSA_CONFIG_FILE)
#include FNDSA_CONFIG_FILE
#endif

/* #define FNDSA_NAMESPACE app1_ */

#if !defined(FNDSA_RANDOMBYTES)
#define FNDSA_RANDOMBYTES randombytes
#endif

#if !defined(FNDSA_FIPS202_HEADER)
#define FNDSA_FIPS202_HEADER "../sha3/sha3.h"
#endif

#include "fndsa_namespace.h"

#endif
