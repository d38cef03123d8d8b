/*
 * aes_config.h -- build-time settings of aes/, read first by aes.h (and so by
 * every file of the directory). The defaults change nothing: the drop-in
 * build of aes/ needs no flag.
 *
 * Set a setting with -D, or in a file of your own named by
 * -DAES_CONFIG_FILE='"my_aes_config.h"' (found as any #include "..." is, so
 * an absolute path or one on -I): that file is read here first.
 *
 * AES_NAMESPACE  a prefix for every external symbol aes/'s objects define
 *                (the public functions and the internal ones alike):
 *                -DAES_NAMESPACE=app1_ turns aes256gcm_encrypt into
 *                app1_aes256gcm_encrypt, so two copies of aes/, or aes/ and
 *                another library with the same names, link into one program.
 *                Callers keep the plain names: compile them with the same
 *                setting. Undefined (default): no prefix.
 */
#ifndef AEGIS_AES_CONFIG_H
#define AEGIS_AES_CONFIG_H

#if defined(AES_CONFIG_FILE)
#include AES_CONFIG_FILE
#endif

/* #define AES_NAMESPACE app1_ */

#include "aes_namespace.h"

#endif
