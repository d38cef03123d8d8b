/*
 * ct.h -- marks for the constant-time harnesses (tests/ct/ct_*.c).
 * A harness is a plain main() run under valgrind memcheck with
 * --error-exitcode=1: CT_SECRET makes bytes "undefined", so any branch,
 * memory index or (valgrind-checked) libc call that depends on them is
 * reported; CT_PUBLIC declassifies a result before the harness looks at it.
 * See ../shared/docs/constant-time.md.
 */
#ifndef AEGIS_TESTS_CT_H
#define AEGIS_TESTS_CT_H

#include <valgrind/memcheck.h>

#define CT_SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define CT_PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
/* Errors counted so far (lets a harness assert that a control fired). */
#define CT_ERRORS() VALGRIND_COUNT_ERRORS
#define CT_ON_VALGRIND() RUNNING_ON_VALGRIND

#endif
