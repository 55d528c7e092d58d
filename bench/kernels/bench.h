/* Shared driver helpers of the speed benchmark (scripts/bench-kernels.ts): deterministic
 * inputs, a clock around the kernel call only, and the output written for comparison.
 * A driver prints `time <seconds>` and `checksum <sum>` on stdout; when BENCH_OUT is set in
 * the environment it also writes the output array's raw bytes there, preceded by one type
 * letter (f float, d double, i int32), so the script compares outputs element by element. */
#ifndef BENCH_H
#define BENCH_H
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#ifdef BENCH_CBLAS
#include <cblas.h>
#endif

static unsigned bench_state = 20250101u;
static inline int bench_next(int lo, int hi) { bench_state = bench_state * 1664525u + 1013904223u; return lo + (int)((bench_state >> 8) % (unsigned)(hi - lo + 1)); }
/* Values on a 1/256 grid in [-4, 4]: exact in float. */
#define BENCH_FILL(X, T) for (size_t q = 0; q < sizeof(X) / sizeof(T); q++) ((T *)(void *)(X))[q] = (T)bench_next(-1024, 1024) / (T)256
#define BENCH_FILL_INT(X, T, LO, HI) for (size_t q = 0; q < sizeof(X) / sizeof(T); q++) ((T *)(void *)(X))[q] = (T)bench_next(LO, HI)

static struct timespec bench_t0;
static inline void bench_start(void) { clock_gettime(CLOCK_MONOTONIC, &bench_t0); }
static inline void bench_stop(void)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("time %.9f\n", (double)(t1.tv_sec - bench_t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - bench_t0.tv_nsec));
}

static inline void bench_output(const void *p, size_t n, size_t size, char tag)
{
    double s = 0;
    for (size_t q = 0; q < n; q++)
        s += tag == 'f' ? (double)((const float *)p)[q] : tag == 'd' ? ((const double *)p)[q] : (double)((const int32_t *)p)[q];
    printf("checksum %.17g\n", s);
    const char *path = getenv("BENCH_OUT");
    if (!path) return;
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); exit(1); }
    fputc(tag, f);
    fwrite(p, size, n, f);
    fclose(f);
}
#define BENCH_OUTPUT(X, T, TAG) bench_output((X), sizeof(X) / sizeof(T), sizeof(T), (TAG))
#endif
