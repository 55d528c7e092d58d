// The sizes the optimiser prices a plan with when the code leaves them unbound
// (engine/optimize/plannedSizes.ts): the most each may be with every reference in bounds. The
// rewrite itself must not depend on them: data/optimize/param_extents.c runs the plan at sizes
// that divide no tile (optimize.test.ts).

import { describe, expect, it } from "vitest";
import { Engine, shippedTarget } from "../src/engine";
import { plannedSizes } from "../src/engine/optimize/plannedSizes";
import { withLocals } from "../src/engine/ir/scope";

const engine = await Engine.create();
const target = shippedTarget("x86-64")!;

function planned(code: string, defines?: Record<string, number>): Record<string, number> {
  const { nests, bindings } = engine.lowerAll(code, defines ? { defines } : {});
  return Object.fromEntries([...plannedSizes(nests, (n) => withLocals(bindings, n.locals))].map(([k, v]) => [k, v.value]));
}

describe("planned sizes", () => {
  it("bounds each size by the extent its counter indexes, the tightest reference winning", () => {
    const code = `void f(int n, int m, double A[100][60], double B[80][60]) {
  for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) A[i][j] = B[i][j];
}`;
    expect(planned(code)).toEqual({ n: 80, m: 60 });
  });

  it("counts the lower bound, the subscript's offset and the trip count's constant", () => {
    // i runs 1 .. n-2 and reads A[i + 1]: n - 2 + 1 <= 63, so n <= 64.
    const code = `void f(int n, double A[64], double B[64]) {
  for (int i = 1; i < n - 1; i++) B[i] = A[i - 1] + A[i + 1];
}`;
    expect(planned(code)).toEqual({ n: 64 });
  });

  it("leaves out bound sizes, triangular bounds, non-unit steps and flat subscripts", () => {
    const code = `#define N 50
void f(int n, int m, int p, double A[50][50], double F[2500]) {
  for (int i = 0; i < N; i++) for (int j = 0; j <= i; j++) A[i][j] = 0;
  for (int i = 0; i < n; i += 2) A[i][0] = 1;
  for (int i = 0; i < m; i++) for (int j = 0; j < p; j++) F[i * 50 + j] = 2;
}`;
    expect(planned(code)).toEqual({});
    expect(planned(`void g(int n, double A[40]) { for (int i = 0; i < n; i++) A[i] = 0; }`, { n: 10 })).toEqual({});
  });

  it("prices a plan that would have had no time, and says so", () => {
    const code = `void mm(int ni, int nj, int nk, double C[96][80], double A[96][88], double B[88][80]) {
  for (int i = 0; i < ni; i++)
    for (int j = 0; j < nj; j++)
      for (int k = 0; k < nk; k++)
        C[i][j] += A[i][k] * B[k][j];
}`;
    const r = engine.optimize(code, "file", { target, assumeNoAlias: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.before).not.toBeNull();
    expect(r.after).not.toBeNull();
    expect(r.after!).toBeLessThan(r.before!);
    expect(r.notes.join("\n")).toMatch(/priced with .*ni = 96 \(C\[i\]\[j\]\), nj = 80 \(C\[i\]\[j\]\), nk = 88 \(A\[i\]\[k\]\)/);
    // The rewrite names the sizes, never the priced values (it holds for any size).
    expect(r.text).not.toMatch(/\b(96|80|88)\b(?!\])/);
  });
});

describe("sizes from the file's calls (optimize/callSizes.ts)", () => {
  const sizes = (code: string, fn: string) => Object.fromEntries([...engine.callSizesOf(code, [fn])].map(([k, v]) => [k, v.value]));

  it("integer arguments: literals, defines, arithmetic, a constant local of the caller", () => {
    const code = `#define N 300
void k(int n, int m, int p, float *a) { for (int i = 0; i < n * m * p; i++) a[i] = 0; }
int main(void) { static float a[1]; int rows = 2 * N; k(N, rows, N / 3 + 1, a); return 0; }`;
    expect(sizes(code, "k")).toEqual({ n: 300, m: 600, p: 101 });
  });

  it("a struct's fields from its initialiser (positional, designated) and its field assignments", () => {
    const code = `typedef struct { int rows, cols; float *v; } mat_t;
struct dims { int h, w, c; };
void mm(const mat_t *a, struct dims d, mat_t *c) { }
int main(void) {
  mat_t a = { 70, 80, 0 }, c = { .cols = 9 };
  struct dims d = { 4, 5, 6 };
  c.rows = 11;
  mm(&a, d, &c);
  return 0;
}`;
    expect(sizes(code, "mm")).toEqual({ "a->rows": 70, "a->cols": 80, "d.h": 4, "d.w": 5, "d.c": 6, "c->rows": 11, "c->cols": 9 });
  });

  it("nothing where the calls disagree, a local is assigned again, or the struct is handed to another function", () => {
    const code = `typedef struct { int rows, cols; float *v; } mat_t;
void init(mat_t *m);
void k(int n, int m, const mat_t *s) { }
int main(int argc, char **argv) {
  int m = 5; mat_t s = { 3, 4, 0 };
  m += argc;
  init(&s);
  k(10, m, &s);
  k(20, m, &s);
  return 0;
}`;
    expect(sizes(code, "k")).toEqual({});
  });
});
