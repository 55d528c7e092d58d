/* Included once at the top of every realcode build (helpers/multibuild.ts): the C library,
   the driver helpers, sizes read at run time, and the hooks of the instrumented variant
   (REPORT() prints the counters; REG(p, n) names a buffer of n elements so that distinct
   addresses are counted per base array). LS_REPORT_HOOK/LS_REG_HOOK are defined per variant. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#define REPORT() LS_REPORT_HOOK()
#define REGN(name, p, n) LS_REG_HOOK(name, (const void *)(p), sizeof(*(p)), (long)(n))
/* S_x expands to __ls_size("x"): the value of x in LS_SIZES ("C=2,L=9"). */
static long __ls_size(const char *name) {
  const char *s = getenv("LS_SIZES");
  size_t n = strlen(name);
  while (s && *s) {
    if (strncmp(s, name, n) == 0 && s[n] == '=') return atol(s + n + 1);
    s = strchr(s, ',');
    if (s) s++;
  }
  fprintf(stderr, "size %s is not in LS_SIZES\n", name);
  exit(97);
}
#define REG(p, n) REGN(#p, p, n)
static double val(long i, long m) { return (double)((i * 7 + 3) % m) / (double)m + 0.25; }
static float *falloc(long n, long m) {
  float *p = malloc(sizeof(float) * (size_t)(n > 0 ? n : 1));
  for (long i = 0; i < n; i++) p[i] = (float)val(i, m);
  return p;
}
static void prf(const char *nm, const float *p, long n) { for (long i = 0; i < n; i++) printf("%s %ld %.9g\n", nm, i, (double)p[i]); }
static void pri(const char *nm, const int *p, long n) { for (long i = 0; i < n; i++) printf("%s %ld %d\n", nm, i, p[i]); }
