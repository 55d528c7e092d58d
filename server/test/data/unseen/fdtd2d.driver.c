#include "kernel.c"
#include "common.h"
int main(void) {
  int tmax = S_tmax, nx = S_nx, ny = S_ny;
  double (*ex)[ny] = malloc(sizeof(double) * nx * ny), (*ey)[ny] = malloc(sizeof(double) * nx * ny), (*hz)[ny] = malloc(sizeof(double) * nx * ny), *f = malloc(sizeof(double) * tmax);
  FILL(&ex[0][0], nx * ny, 13); FILL(&ey[0][0], nx * ny, 7); FILL(&hz[0][0], nx * ny, 5); FILL(f, tmax, 3);
  kernel_fdtd_2d(tmax, nx, ny, ex, ey, hz, f);
  REPORT(); prd("ex", &ex[0][0], nx * ny); prd("ey", &ey[0][0], nx * ny); prd("hz", &hz[0][0], nx * ny); return 0;
}
