/* relay_store_pg.c -- placeholder until the PostgreSQL backend lands. */
#include <stdio.h>
#include "relay_store.h"
rs_conn *rs_pg_connect(const char *url, void **shared, char *err, size_t errlen)
{
    (void)url;
    (void)shared;
    snprintf(err, errlen, "PostgreSQL backend not built");
    return NULL;
}
void rs_pg_shared_free(void *shared) { (void)shared; }
