/*
 * mlkem_config.h -- build-time settings of mlkem/, read first by
 * mlkem768.h (and so by every file of the directory). The defaults change
 * nothing: the drop-in build of mlkem/ and sha3/ needs no flag.
 *
 * Set a setting with -D, or in a file of your own named by
 * -DMLKEM_CONFIG_FILE='"my_mlkem_config.h"' (found as any #include "..." is,
 * so an absolute path or one on -I): that file is read here first, and what
 * it leaves undefined takes the default below.
 *
 * MLKEM_NAMESPACE       a prefix for every external symbol mlkem/'s objects
 *                       define (the public functions and the internal ones,
 *                       functions and tables alike): -DMLKEM_NAMESPACE=app1_
 *                       turns mlkem768_keypair into app1_mlkem768_keypair,
 *                       so two copies of mlkem/ link into one program.
 *                       Callers keep the plain names: compile them with the
 *                       same setting. Undefined (default): no prefix. sha3/'s
 *                       symbols follow SHA3_NAMESPACE (../sha3/sha3_config.h).
 * MLKEM_RANDOMBYTES     the name of the randomness hook the program defines,
 *                       int NAME(uint8_t *buf, size_t len), 0 on success
 *                       (default randombytes). MLKEM_NAMESPACE leaves it alone.
 * MLKEM_FIPS202_HEADER  the SHA-3 header mlkem/ includes (default
 *                       "../sha3/sha3.h", relative to mlkem/): a FIPS 202 of
 *                       your own declares what README.md, "Embedding", lists.
 */
#ifndef AEGIS_MLKEM_CONFIG_H
#define AEGIS_MLKEM_CONFIG_H

#if defined(MLKEM_CONFIG_FILE)
#include MLKEM_CONFIG_FILE
#endif

/* #define MLKEM_NAMESPACE app1_ */

#if !defined(MLKEM_RANDOMBYTES)
#define MLKEM_RANDOMBYTES randombytes
#endif

#if !defined(MLKEM_FIPS202_HEADER)
#define MLKEM_FIPS202_HEADER "../sha3/sha3.h"
#endif

#include "mlkem_namespace.h"

#endif
