/*
 * sha3_config.h -- build-time settings of sha3/, read first by sha3.h (and so
 * by every file that includes it, mlkem/, mldsa/ and fndsa/ too). The
 * defaults change nothing: the drop-in build of sha3/ needs no flag.
 *
 * Set a setting with -D, or in a file of your own named by
 * -DSHA3_CONFIG_FILE='"my_sha3_config.h"' (found as any #include "..." is,
 * so an absolute path or one on -I): that file is read here first.
 *
 * SHA3_NAMESPACE  a prefix for every external symbol sha3/'s objects define
 *                 (the public functions and the internal ones alike):
 *                 -DSHA3_NAMESPACE=app1_ turns sha3_256 into app1_sha3_256, so
 *                 sha3/ links beside another SHA-3 that exports the same names
 *                 (PQClean's common code has shake128, sha3_256, ...). Callers
 *                 keep writing sha3_256: compile every file that includes
 *                 sha3.h with the same setting. Undefined (default): no prefix.
 */
#ifndef AEGIS_SHA3_CONFIG_H
#define AEGIS_SHA3_CONFIG_H

#if defined(SHA3_CONFIG_FILE)
#include SHA3_CONFIG_FILE
#endif

/* #define SHA3_NAMESPACE app1_ */

#include "sha3_namespace.h"

#endif
