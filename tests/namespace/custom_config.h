/*
 * An embedder's mlkem/ settings, read through
 * -DMLKEM_CONFIG_FILE='"<path>/custom_config.h"' (tests/namespace/run.sh).
 */
#define MLKEM_NAMESPACE cfg_
#define MLKEM_RANDOMBYTES cfg_randombytes
