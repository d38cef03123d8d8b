/*
 * bench.h -- tiny benchmark harness shared by bench/bench_*.c.
 *
 * A bench program lists operations; bench_main() then either
 *   - times each one (median of rdtsc cycles over many runs), or
 *   - with "--stack", prints the peak stack of one call of each, or
 *   - with "--callgrind NAME", runs NAME once with callgrind collection
 *     switched on around exactly that call (bench/run.sh runs it under
 *     valgrind --tool=callgrind --collect-atstart=no and reads the total).
 * Performance is measured here, never asserted by tests.
 */
#ifndef AEGIS_BENCH_H
#define AEGIS_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <valgrind/callgrind.h>

typedef struct {
    const char *name;        /* e.g. "sha3_256_1KiB" */
    void (*fn)(void);        /* one call of the operation */
    unsigned runs;           /* timed runs (median taken) */
    double bytes;            /* bytes processed per call, or 0 */
} bench_op;

static inline uint64_t bench_cycles(void)
{
#if defined(__x86_64__) || defined(__i386__)
    uint32_t lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
#else
    return 0;
#endif
}

static int bench_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/*
 * Peak stack of one call: run it on a thread whose stack we allocate and
 * paint, then find the deepest byte it changed.
 */
#define BENCH_STACK_SIZE (1u << 20)
static void *bench_stack_thunk(void *arg)
{
    void (*fn)(void);
    memcpy(&fn, arg, sizeof fn);
    fn();
    return NULL;
}

static void bench_stack_empty(void) {}

static inline size_t bench_stack_raw(void (*fn)(void))
{
    uint8_t *stk = NULL;
    pthread_attr_t attr;
    pthread_t th;
    size_t i, peak = 0;
    if (posix_memalign((void **)&stk, 4096, BENCH_STACK_SIZE) != 0) return 0;
    memset(stk, 0xA5, BENCH_STACK_SIZE);
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, stk, BENCH_STACK_SIZE);
    if (pthread_create(&th, &attr, bench_stack_thunk, &fn) == 0) {
        pthread_join(th, NULL);
        for (i = 0; i < BENCH_STACK_SIZE && stk[i] == 0xA5; i++) {
        }
        peak = BENCH_STACK_SIZE - i;
    }
    pthread_attr_destroy(&attr);
    free(stk);
    return peak;
}

/* Minus the thread start-up frames (measured with an empty function). */
static inline size_t bench_stack_peak(void (*fn)(void))
{
    size_t base = bench_stack_raw(bench_stack_empty), p = bench_stack_raw(fn);
    return p > base ? p - base : 0;
}

static inline int bench_main(int argc, char **argv, const bench_op *ops, size_t nops)
{
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < nops; i++) printf("%s\n", ops[i].name);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "--callgrind") == 0) {
        for (size_t i = 0; i < nops; i++) {
            if (strcmp(ops[i].name, argv[2]) == 0) {
                ops[i].fn(); /* warm-up: lazy binding, first-touch */
                CALLGRIND_TOGGLE_COLLECT;
                ops[i].fn();
                CALLGRIND_TOGGLE_COLLECT;
                return 0;
            }
        }
        fprintf(stderr, "unknown operation %s\n", argv[2]);
        return 2;
    }
    if (argc == 2 && strcmp(argv[1], "--stack") == 0) {
        for (size_t i = 0; i < nops; i++)
            printf("%-28s peak stack %8zu bytes\n", ops[i].name, bench_stack_peak(ops[i].fn));
        return 0;
    }
    for (size_t i = 0; i < nops; i++) {
        unsigned n = ops[i].runs ? ops[i].runs : 101;
        uint64_t *t = malloc(n * sizeof *t);
        if (!t) return 1;
        ops[i].fn();
        for (unsigned r = 0; r < n; r++) {
            uint64_t t0 = bench_cycles();
            ops[i].fn();
            t[r] = bench_cycles() - t0;
        }
        qsort(t, n, sizeof *t, bench_cmp_u64);
        if (ops[i].bytes > 0)
            printf("%-28s median %12llu cycles  %8.2f cycles/byte\n", ops[i].name,
                   (unsigned long long)t[n / 2], (double)t[n / 2] / ops[i].bytes);
        else
            printf("%-28s median %12llu cycles\n", ops[i].name, (unsigned long long)t[n / 2]);
        free(t);
    }
    return 0;
}

#endif
