/* Shared by the differential drivers: deterministic inputs and printing of whole arrays.
 * Included after the kernel, so the arrays it names are in scope. */
#include <stddef.h>
#include <stdio.h>

/* Deterministic pseudo-random inputs: a 32-bit LCG, values on a 1/256 grid (exact in float). */
static unsigned ls_state = 20250101u;
static inline int ls_next(int lo, int hi) { ls_state = ls_state * 1664525u + 1013904223u; return lo + (int)((ls_state >> 8) % (unsigned)(hi - lo + 1)); }
static inline float ls_real(void) { return (float)ls_next(-1024, 1024) / 256.0f; }
#define FILL_REAL(X, T) for (size_t q = 0; q < sizeof(X) / sizeof(T); q++) ((T *)(void *)(X))[q] = (T)ls_real()
#define FILL_INT(X, T, LO, HI) for (size_t q = 0; q < sizeof(X) / sizeof(T); q++) ((T *)(void *)(X))[q] = (T)ls_next(LO, HI)
#define PRINT_F(X, T) for (size_t q = 0; q < sizeof(X) / sizeof(T); q++) printf(#X " %zu %.9g\n", q, (double)((T *)(void *)(X))[q])
#define PRINT_D(X, T) for (size_t q = 0; q < sizeof(X) / sizeof(T); q++) printf(#X " %zu %.17g\n", q, (double)((T *)(void *)(X))[q])
#define PRINT_I(X, T) for (size_t q = 0; q < sizeof(X) / sizeof(T); q++) printf(#X " %zu %lld\n", q, (long long)((T *)(void *)(X))[q])
