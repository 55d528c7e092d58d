#ifdef __LS_NSTMT
#define REPORT() __ls_report()
#else
#define REPORT() ((void)0)
#endif
static void prd(const char *nm, const double *p, long n) { for (long i = 0; i < n; i++) printf("%s %ld %.17g\n", nm, i, p[i]); }
static void prf(const char *nm, const float *p, long n) { for (long i = 0; i < n; i++) printf("%s %ld %.9g\n", nm, i, (double)p[i]); }
static void pri(const char *nm, const int *p, long n) { for (long i = 0; i < n; i++) printf("%s %ld %d\n", nm, i, p[i]); }
static double val(long i, long m) { return (double)((i * 7 + 3) % m) / (double)m + 0.25; }
#define FILL(p, n, m) do { for (long _i = 0; _i < (long)(n); _i++) (p)[_i] = val(_i, m); } while (0)
