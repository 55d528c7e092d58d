// Calls and what they may do to memory (ir/calls.ts, analysis/dependences.ts): a call that is
// not pure is a dependence with every array and every other such call, so no rewrite moves code
// across it; math.h functions, same-file functions that only compute on scalars, and functions
// the user declares pure (`--pure f`, `// loopsmith: pure f`) are free to move.

import { describe, expect, it } from "vitest";
import type { TransformSpec } from "../src/engine";
import { getEngine } from "./helpers/engine";

const permute = (nest: string, order: string[]): TransformSpec => ({ kind: "permute", nest, order });

async function transform(text: string, spec: TransformSpec, pure: string[] = []) {
  return (await getEngine()).transform(text, spec, { file: "t.c", defines: { n: 8, m: 6 }, pure });
}

const external = `float gelu_approx(float x);
void act(int n, int m, float A[restrict n][m], float B[restrict m][n]) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      B[j][i] = gelu_approx(A[i][j]);
}`;

describe("calls", () => {
  it("a function not defined in the file blocks a reorder, naming the call", async () => {
    const r = await transform(external, permute("act:3", ["j", "i"]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.blockers.join("\n")).toMatch(/gelu_approx\(\) is not defined in this file: it may read and write memory/);
  });

  it("--pure declares it free of effects", async () => {
    const r = await transform(external, permute("act:3", ["j", "i"]), ["gelu_approx"]);
    expect(r.ok).toBe(true);
  });

  it("so does a // loopsmith: pure comment", async () => {
    const r = await transform(`// loopsmith: pure gelu_approx\n${external}`, permute("act:4", ["j", "i"]));
    expect(r.ok).toBe(true);
  });

  it("math.h functions and same-file scalar helpers are pure", async () => {
    const text = `static inline float relu(float x) { return x > 0 ? x : 0; }
void act(int n, int m, float A[restrict n][m], float B[restrict m][n]) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      B[j][i] = relu(expf(A[i][j]));
}`;
    expect((await transform(text, permute("act:3", ["j", "i"]))).ok).toBe(true);
  });

  it("a same-file helper that reads memory blocks reorders against writes", async () => {
    const text = `float at(const float *a, int k) { return a[k]; }
void shift(int n, int m, float *restrict a) {
  for (int i = 1; i < n; i++)
    for (int j = 0; j < m - 1; j++)
      a[i * m + j] = at(a, (i - 1) * m + j + 1);
}`;
    const r = await transform(text, permute("shift:3", ["j", "i"]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.blockers.join("\n")).toMatch(/at\(\) reads memory/);
  });

  it("a helper that writes a global, or calls through a pointer, is not pure", async () => {
    const glob = `int calls;
float f(float x) { calls++; return x; }
void g(int n, int m, float A[restrict n][m], float B[restrict m][n]) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      B[j][i] = f(A[i][j]);
}`;
    const r = await transform(glob, permute("g:4", ["j", "i"]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.blockers.join("\n")).toMatch(/f\(\) writes the global calls/);
    const fp = `void g(int n, int m, float A[restrict n][m], float B[restrict m][n], float (*op)(float)) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      B[j][i] = op(A[i][j]);
}`;
    const q = await transform(fp, permute("g:2", ["j", "i"]));
    expect(q.ok).toBe(false);
  });

  it("a recursive helper is not analysed: conservative", async () => {
    const text = `float fact(float x, int k) { return k == 0 ? 1.0f : x * fact(x, k - 1); }
float h(float x) { return fact(x, 3); }
void g(int n, int m, float A[restrict n][m], float B[restrict m][n]) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      B[j][i] = h(A[i][j]);
}`;
    const r = await transform(text, permute("g:4", ["j", "i"]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.blockers.join("\n")).toMatch(/recursive/);
  });

  it("a loop with a write inside a while (not modelled) keeps its order", async () => {
    const text = `void g(int n, int m, float *restrict a, int *restrict cnt) {
  for (int i = 1; i < n; i++)
    for (int j = 0; j < m - 1; j++) {
      int k = cnt[j];
      while (k > 0) { a[i * m + j] = a[(i - 1) * m + j + 1] + 1.0f; k -= 2; }
    }
}`;
    const r = await transform(text, permute("g:2", ["j", "i"]));
    expect(r.ok).toBe(false);
  });
});
