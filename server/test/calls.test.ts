// Calls and what they may do to memory (ir/calls.ts, analysis/dependences.ts): a call that is
// not pure is a dependence with every array and every other such call, so no rewrite moves code
// across it; math.h functions, same-file functions that only compute on scalars, and functions
// the user declares pure (`--pure f`, `// loopsmith: pure f`) are free to move.

import { describe, expect, it } from "vitest";
import type { TransformSpec } from "../src/engine";
import { analyze, getEngine, onlyNest } from "./helpers/engine";

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

  it("a same-file helper that reads memory blocks reorders against writes, naming its access", async () => {
    const text = `float at(const float *a, int k) { return a[k]; }
void shift(int n, int m, float *restrict a) {
  for (int i = 1; i < n; i++)
    for (int j = 0; j < m - 1; j++)
      a[i * m + j] = at(a, (i - 1) * m + j + 1);
}`;
    const r = await transform(text, permute("shift:3", ["j", "i"]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.blockers.join("\n")).toMatch(/dependence on a: a\[i \* m \+ j\] \(line 5\) to a\[k\] in at\(\)/);
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
    if (!r.ok) expect(r.blockers.join("\n")).toMatch(/dependence on calls/);
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

/** The last nest of a snippet (the caller, after its callees). */
const lastNest = async (text: string, defines: Record<string, number>) => { const r = await analyze(text, defines); return r.nests[r.nests.length - 1]; };

describe("a call costs its callee with the actual arguments", () => {
  const sum = `float sum_array(float *a, int n) { float s = 0; for (int i = 0; i < n; ++i) s += a[i]; return s; }\n`;

  it("the argument, not a -D of the parameter's name, sizes the callee (issue 7, case 3)", async () => {
    // rows x (cols adds in sum_array + 1 add of out[r] +=) = 2 x (9 + 1) = 20, whatever -D n says.
    const n = await lastNest(`${sum}void rowsums(float *out, float *d, int rows, int cols) {
    for (int r = 0; r < rows; ++r) out[r] += sum_array(d + cols * r, cols); }`, { n: 2, rows: 2, cols: 9 });
    expect(n.flops.value).toBe(20);
    expect(n.flops.expr).toBe("rows*(cols + 1)");
    expect(n.macs.value).toBe(0);
    expect(n.intOps.value).toBe(0); // d + cols * r is the address of a row
    expect(n.calls.sum_array.value).toBe(2);
  });

  it("an argument that varies with the loop is summed over it", async () => {
    // sum over r < R of r adds, plus R adds of acc += : R*(R-1)/2 + R = 10 + 5 = 15 for R = 5.
    const n = await lastNest(`${sum}float tri(float *d, int R) { float acc = 0;
    for (int r = 0; r < R; ++r) acc += sum_array(d, r); return acc; }`, { R: 5 });
    expect(n.flops.value).toBe(15);
  });

  it("swapped argument names are substituted at once", async () => {
    // f(x, y) does x*y multiplies: called as f(m, n) with n = 2, m = 3: 6 per call, 4 calls.
    const n = await lastNest(`void f(int x, int y, float *a) { for (int i = 0; i < x; i++) for (int j = 0; j < y; j++) a[0] *= 2.0f; }
void g(int n, int m, float *a) { for (int k = 0; k < 4; k++) f(m, n, a); }`, { n: 2, m: 3 });
    expect(n.flops.value).toBe(24);
  });

  it("an argument is read before it runs: f(k++) passes k", async () => {
    // k = 2, 3, 4, 5 over the four calls; f does x multiplies: 2 + 3 + 4 + 5 = 14.
    const n = await lastNest(`void f(int x, float *a) { for (int i = 0; i < x; i++) a[0] *= 2.0f; }
void g(float *a) { int k = 2; for (int j = 0; j < 4; j++) f(k++, a); }`, {});
    expect(n.flops.value).toBe(14);
  });

  it("an argument that is not an affine value leaves the cost unknown, with the reason", async () => {
    const n = await lastNest(`${sum}void g(float *out, float *d, int *len, int rows) {
    for (int r = 0; r < rows; ++r) out[r] = sum_array(d, len[r]); }`, { rows: 4 });
    expect(n.flops.value).toBeNull();
    expect(n.flops.reason).toMatch(/argument len\[r\] of sum_array\(\) is not an affine value/);
  });

  it("memory the callee touches is in the nest's footprint, on the caller's array", async () => {
    const n = await lastNest(`${sum}void rowsums(float *out, float *d, int rows, int cols) {
    for (int r = 0; r < rows; ++r) out[r] += sum_array(d + cols * r, cols); }`, { rows: 2, cols: 9 });
    // out: 2 floats; d: 2 rows of 9 floats, read through sum_array's a.
    expect(n.arrays.find((a) => a.name === "d")?.footprintElements.value).toBe(18);
    expect(n.footprintBytes.value).toBe(80);
  });

  it("memory touched through a pointer argument whose target is not known leaves the footprint unknown", async () => {
    const n = await lastNest(`${sum}void rows(float *out, float **d, int n, int cols) {
    for (int r = 0; r < n; ++r) out[r] += sum_array(d[r], cols); }`, { n: 2, cols: 9 });
    expect(n.footprintBytes.value).toBeNull();
    expect(n.footprintBytes.reason).toMatch(/argument d\[r\] of sum_array\(\)/);
  });
});

describe("a struct passed to an accessor: the callee's m->v and m->cols are the argument's fields", () => {
  const mat = `typedef struct { int rows, cols; float *v; } mat_t;
static inline float get(const mat_t *m, int i, int j) { return m->v[i * m->cols + j]; }
static inline void bump(mat_t *m) { m->cols = m->cols + 1; }
`;
  const footprint = async (body: string) => {
    const r = await analyze(`${mat}void f(mat_t *a, float *out, int n) {\n  for (int i = 0; i < n; i++) { ${body} }\n}`, { n: 4, "a->cols": 3 });
    const n = r.nests[r.nests.length - 1];
    return n.arrays.find((x) => x.name === "a->v" || x.name === "m->v")!.footprintElements;
  };

  it("get(a, i, 0) reads a->v at i * a->cols", async () => {
    expect((await footprint("out[i] = get(a, i, 0);")).value).toBe(4);
  });
  it("a size the loop changes through another helper is not a size", async () => {
    expect((await footprint("out[i] = get(a, i, 0); bump(a);")).reason).toMatch(/a->cols here: a is passed to bump\(\).*may change/);
  });
  it("nor one the loop assigns, nor a struct pointer the loop moves", async () => {
    expect((await footprint("out[i] = get(a, i, 0); a->cols = i;")).reason).toMatch(/a->cols is written in this function/);
    expect((await footprint("out[i] = get(a, i, 0); a++;")).reason).toMatch(/a is moved/);
  });
});

describe("address arithmetic is not work (issue 7, case 5)", () => {
  it("index locals computed with % and from each other", async () => {
    const n = await onlyNest(`void gather(float *out, const float *in, int channels, int n, int k) {
    for (int c = 0; c < channels; ++c) { int off = c % k;
        for (int h = 0; h < n; ++h) { int row = off + h * k; out[c * n + h] = in[row]; } } }`, { channels: 4, n: 8, k: 3 });
    expect(n.macs.value).toBe(0);
    expect(n.intOps.value).toBe(0);
    expect(n.flops.value).toBe(0);
  });

  it("integer multiply-accumulates on loaded data stay MACs", async () => {
    // n*m MACs; the adds and multiplies are int ops (2 per MAC).
    const n = await onlyNest(`void requant(const signed char *a, const signed char *b, int *out, int n, int m) {
    for (int i = 0; i < n; i++) { int acc = 0; for (int j = 0; j < m; j++) acc += a[i*m+j] * b[j]; out[i] = acc; } }`, { n: 3, m: 5 });
    expect(n.macs.value).toBe(15);
    expect(n.intOps.value).toBe(30);
  });

  it("a value computed from an index and then stored is data", async () => {
    const n = await onlyNest(`void iota(int *out, int n) { for (int i = 0; i < n; i++) { int v = i * 3 + 1; out[i] = v * v; } }`, { n: 4 });
    expect(n.intOps.value).toBe(4); // v * v per element; v's own arithmetic is affine naming
  });
});

describe("the loopsmith.pureFunctions setting", () => {
  it("is read as a list of function names (others dropped) and reaches the engine through the documents", async () => {
    const { parseSettings } = await import("../src/lsp/config");
    expect(parseSettings({ pureFunctions: ["gelu_approx", "not a name", 3] }).pureFunctions).toEqual(["gelu_approx"]);
    expect(parseSettings({}).pureFunctions).toEqual([]);
    const { Documents } = await import("../src/lsp/documents");
    const spec: TransformSpec = { kind: "permute", nest: "act:3", order: ["j", "i"] };
    const pure = new Documents(await getEngine(), { n: 8, m: 6 }, () => {}, false, ["gelu_approx"]);
    expect(pure.open("file:///t.c", "c", 1, external).source.apply(spec).ok).toBe(true);
    const plain = new Documents(await getEngine(), { n: 8, m: 6 }, () => {}, false, []);
    expect(plain.open("file:///t.c", "c", 1, external).source.apply(spec).ok).toBe(false);
    expect(plain.setDefines({ n: 8, m: 6 }, false, ["gelu_approx"])).toBe(true);
    expect(plain.get("file:///t.c")!.source.apply(spec).ok).toBe(true);
  });
});

describe("callees analysed as if inlined", () => {
  const callee = `float sum_array(const float *a, int n) { float s = 0; for (int i = 0; i < n; ++i) s += a[i]; return s; }\n`;
  const caller = `void rowsums(float *out, const float *d, int rows, int cols) {
    for (int r = 0; r < rows; ++r) out[r] += sum_array(d + cols * r, cols); }`;

  it("an edit of the callee changes the caller's figures as a fresh analysis does", async () => {
    const engine = await getEngine();
    const options = { file: "t.c", defines: { rows: 2, cols: 9 } };
    const doc = engine.open(callee + caller, options);
    const before = doc.report().nests.find((n) => n.function === "rowsums")!;
    expect(before.arrays.find((a) => a.name === "d")?.footprintElements.value).toBe(18);
    const at = callee.indexOf("i < n") + "i < n".length;
    doc.edit({ start: at, oldEnd: at, text: " - 1" });
    const after = doc.report().nests.find((n) => n.function === "rowsums")!;
    const fresh = engine.analyze(doc.text, options).nests.find((n) => n.function === "rowsums")!;
    expect(after.arrays.find((a) => a.name === "d")?.footprintElements.value).toBe(16);
    expect(after.flops.value).toBe(fresh.flops.value);
    expect(JSON.stringify(after.arrays)).toBe(JSON.stringify(fresh.arrays));
  });

  it("a callee's local accumulator is private to each call: the caller's loops reorder", async () => {
    const text = `static float dot(const float *a, const float *b, int k) { float s = 0; for (int p = 0; p < k; p++) s += a[p] * b[p]; return s; }
void gemm(const float *restrict A, const float *restrict B, float *restrict C, int M, int N, int K) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++)
      C[i * N + j] = dot(A + i * K, B + j * K, K);
}`;
    expect((await transform(text, permute("gemm:3", ["j", "i"]))).ok).toBe(true);
  });

  it("a callee that prints keeps the caller's order, naming the call", async () => {
    const text = `static void show(int r, float v) { printf("%d %f\\n", r, v); }
void dump(const float *restrict m, int n) {
  for (int r = 0; r < n; r++)
    for (int c = 0; c < n; c++)
      show(r, m[r * n + c]);
}`;
    const r = await transform(text, permute("dump:3", ["c", "r"]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.blockers.join("\n")).toMatch(/printf\(\)/);
  });

  it("a callee that returns early from inside a loop is not inlined: its cost is unknown", async () => {
    const n = await lastNest(`static float first_neg(const float *a, int n) { for (int i = 0; i < n; i++) if (a[i] < 0) return a[i]; return 0; }
void g(float *out, const float *d, int rows, int cols) {
  for (int r = 0; r < rows; ++r) out[r] = first_neg(d + r * cols, cols); }`, { rows: 2, cols: 3 });
    expect(n.footprintBytes.value).toBeNull();
    expect(n.footprintBytes.reason).toMatch(/first_neg/);
  });
});

describe("callees that keep state", () => {
  it("a static local is state kept between calls: the calls keep their order", async () => {
    const text = `static float noise(void) { static unsigned seed = 7; seed = seed * 1103515245u + 12345u; return (float)(seed >> 16); }
void fill(int n, int m, float A[restrict n][m]) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      A[i][j] = noise();
}`;
    const r = await transform(text, permute("fill:3", ["j", "i"]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.blockers.join("\n")).toMatch(/noise\(\) writes the global seed|static seed/);
  });
});

describe("names across an inlined call", () => {
  it("a global the callee uses is not the caller's local of the same name", async () => {
    const n = await lastNest(`float buf[8];
static void touch(int i) { buf[i] += 1.0f; }
void f(void) {
  float buf[8];
  for (int i = 0; i < 8; i++) { buf[i] = 0.0f; touch(i); }
}`, {});
    // Two arrays of 8 floats, not one.
    expect(n.footprintBytes.value).toBe(64);
  });
});
