/* Minimal reproducer: two sibling loops that reuse the induction variable name `i` inside one
 * nest. a[1..N-1] and a[0..N-2] together touch all N elements, the engine says N - 1 (it
 * evaluates every a[i] with the bounds of the last loop named i). */
#include <stdio.h>
#define N 8
double a[N];
void f(void)
{
  for (int t = 0; t < 2; t++) {
    for (int i = 1; i < N; i++)
      a[i] = 1.0;
    for (int i = 0; i < N - 1; i++)
      a[i] = 2.0;
  }
}
