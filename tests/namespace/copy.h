/*
 * copy.h -- what one namespaced copy of mlkem/ reports to main_two_mlkem.c.
 * mlkem_copy.c is compiled once per copy, each time with that copy's
 * settings and -DCOPY_RUN naming its entry point.
 */
#ifndef AEGIS_TESTS_NAMESPACE_COPY_H
#define AEGIS_TESTS_NAMESPACE_COPY_H

#include <stdint.h>

typedef struct {
    uint8_t cctv[32];        /* CCTV accumulated digest, N = 100, derand functions */
    uint8_t randomized[32];  /* SHA3-256(pk || ct || K) of keypair / encaps via the hook */
    unsigned hook_calls;     /* calls of this copy's randomness hook */
    int (*keypair)(uint8_t *pk, uint8_t *sk);   /* this copy's mlkem768_keypair */
} copy_result;

/* 0, or the number of the step that failed. */
int run_a(copy_result *r);
int run_b(copy_result *r);
int run_c(copy_result *r);

#endif
