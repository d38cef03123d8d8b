/*
 * test_aesgcm_fuzz.c -- the fz_aesgcm_open oracle (fuzz/fz_aesgcm_open.c)
 * in the normal test run: replay the committed corpus, then 20000
 * deterministic pseudo-random inputs, half of them with the baseline
 * lengths so that only the patches decide. Any oracle failure aborts,
 * which Criterion reports as a crash.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>

#include "../fuzz/fz_aesgcm_open.c"
#include "vectors.h"

Test(fuzz, aesgcm_open_corpus_and_random)
{
    int n = 0;
    DIR *d = opendir("fuzz/corpus/fz_aesgcm_open");
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.') continue;
            char path[512];
            snprintf(path, sizeof path, "fuzz/corpus/fz_aesgcm_open/%s", e->d_name);
            FILE *f = fopen(path, "rb");
            cr_assert_not_null(f, "%s", path);
            uint8_t in[4096];
            size_t len = fread(in, 1, sizeof in, f);
            fclose(f);
            LLVMFuzzerTestOneInput(in, len);
            n++;
        }
        closedir(d);
    }
    uint8_t in[64];
    for (uint64_t t = 0; t < 20000; t++) {
        test_rand(in, sizeof in, "fz-aesgcm", t);
        size_t len = 3 + in[63] % 40;
        if (t & 1) {            /* baseline lengths; patches only */
            in[0] = 12;
            in[1] = 16;
            in[2] = 48;
        }
        if (t % 8 == 0) len = 3;  /* no patch at all */
        LLVMFuzzerTestOneInput(in, len);
    }
    fprintf(stderr, "fuzz: fz_aesgcm_open oracle holds on %d corpus files + 20000 inputs\n", n);
}
