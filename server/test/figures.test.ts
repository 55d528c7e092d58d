// Small fixtures with hand-derived figures: loop forms, symbols, shapes, counting rules,
// and the honest-unknown cases. Each expectation was worked out from the C, not the engine.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { analyze, onlyNest } from "./helpers/engine";

const trip = async (header: string, defines: Record<string, number> = {}, pre = "") =>
  (await onlyNest(`${pre}\nvoid f(int N, int L, float *a) { int i; ${header} a[0] += 1.0f; }`, defines)).loops[0].tripCount;

describe("trip counts of loop forms", () => {
  const cases: [string, Record<string, number>, string | null, number | null][] = [
    ["for (i = 0; i < N; i++)", { N: 64 }, "N", 64],
    ["for (int k = 0; k < N; ++k)", {}, "N", null],
    ["for (i = N - 1; i >= 0; i--)", { N: 10 }, "N", 10],
    ["for (i = 10; i > 0; i -= 3)", {}, "4", 4], // 10, 7, 4, 1
    ["for (i = 0; i != N; i++)", { N: 7 }, "N", 7],
    ["for (i = 3; i <= L - 1; i += 4)", { L: 50 }, "floor(L/4)", 12], // 3, 7, ..., 47
    ["for (i = 0; i < N; i = i + 2)", { N: 9 }, "floor((N + 1)/2)", 5],
    ["for (i = 1; N > i; i++)", { N: 5 }, "N - 1", 4],
    ["for (i = 0; i <= N; i += 1)", { N: 5 }, "N + 1", 6],
    ["for (i = 5; i < 3; i++)", {}, "0", 0],
  ];
  for (const [header, defines, expr, value] of cases)
    it(header, async () => {
      const t = await trip(header, defines);
      expect(t.expr).toBe(expr);
      expect(t.value).toBe(value);
    });

  it("a step that is a #define constant", async () => {
    const n = await onlyNest(`#define S 3\nvoid f(float *a) { for (int i = 0; i < 10; i += S) a[i] = 0; }`);
    expect(n.loops[0].tripCount.value).toBe(4); // 0, 3, 6, 9
    expect(n.accesses[0].strides.i.elements).toBe(3);
  });
});

describe("triangular and dependent domains", () => {
  it("j <= i gives N*(N + 1)/2", async () => {
    const n = await onlyNest(`void f(int N, float A[N][N]) { for (int i = 0; i < N; i++) for (int j = 0; j <= i; j++) A[i][j] = 0; }`, { N: 40 });
    expect(n.iterations).toMatchObject({ expr: "N*(N + 1)/2", value: 820 });
    expect(n.arrays[0].footprintElements.value).toBe(820);
  });
  it("j from i + 1 gives N*(N - 1)/2", async () => {
    const n = await onlyNest(`void f(int N, float A[N][N]) { for (int i = 0; i < N; i++) for (int j = i + 1; j < N; j++) A[i][j] = 0; }`, { N: 10 });
    expect(n.iterations).toMatchObject({ expr: "N*(N - 1)/2", value: 45 });
  });
  it("a cubic tetrahedral nest", async () => {
    const n = await onlyNest(`void f(int N, float *s) { for (int i = 0; i < N; i++) for (int j = 0; j <= i; j++) for (int k = 0; k <= j; k++) s[0] += 1.0f; }`, { N: 10 });
    expect(n.iterations.value).toBe(220); // C(12, 3)
  });
  it("an inner range that is empty for some outer iterations is unknown, not wrong", async () => {
    const n = await onlyNest(`void f(int N, float *s) { for (int i = 0; i < N; i++) for (int j = 0; j < i - 5; j++) s[j] = 0; }`, { N: 10 });
    expect(n.iterations.value).toBeNull();
    expect(n.iterations.reason).toMatch(/zero times/);
  });
  it("the same nest with N unbound states its assumption", async () => {
    const n = await onlyNest(`void f(int N, float *s) { for (int i = 0; i < N; i++) for (int j = 0; j < i - 5; j++) s[j] = 0; }`);
    expect(n.assumptions.join(";")).toMatch(/i - 5 >= 0/);
  });
});

describe("symbols", () => {
  it("reads #define arithmetic, enums, const globals, sizeof and the assume comment", async () => {
    const src = `
#define N 8
#define M (2 * N + 1)
enum { A = 3, B, C = B * 2 };
static const int K = 5;
// loopsmith: assume P=7
void f(float *x) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < C; j++)
      for (int k = 0; k < K * (int)sizeof(float); k++)
        for (int p = 0; p < P; p++)
          x[0] += 1.0f;
}`;
    const n = await onlyNest(src);
    expect(n.loops.map((l) => l.tripCount.value)).toEqual([17, 8, 20, 7]);
    expect(n.loops.map((l) => l.tripCount.expr)).toEqual(["M", "C", "4*K", "P"]);
  });
  it("-D values win over the source", async () => {
    const n = await onlyNest(`#define N 8\nvoid f(float *x) { for (int i = 0; i < N; i++) x[i] = 0; }`, { N: 3 });
    expect(n.iterations.value).toBe(3);
  });
  it("a typedef'd element type and #define'd type", async () => {
    const n = await onlyNest(`typedef double real;\n#define DATA_TYPE float\nreal A[10]; DATA_TYPE B[10];\nvoid f(void) { for (int i = 0; i < 10; i++) A[i] = B[i] * 2; }`);
    expect(n.arrays.map((a) => [a.name, a.elementBytes])).toEqual([["A", 8], ["B", 4]]);
    expect(n.flops.byKind.mul.value).toBe(10);
  });
});

describe("array shapes and strides", () => {
  it("VLA parameters bound with -D", async () => {
    const n = await onlyNest(`void f(int ni, int nj, double C[restrict ni][nj]) { for (int j = 0; j < nj; j++) for (int i = 0; i < ni; i++) C[i][j] = 0; }`, { ni: 20, nj: 30 });
    const s = n.accesses[0].strides;
    expect(s.i).toMatchObject({ elements: 30, expr: "nj", bytes: 240 });
    expect(s.j).toMatchObject({ elements: 1, bytes: 8 });
  });
  it("pointer to rows: float (*A)[M]", async () => {
    const n = await onlyNest(`#define M 16\nvoid f(int n, float (*A)[M]) { for (int i = 0; i < n; i++) for (int j = 0; j < M; j++) A[i][j] = 1; }`);
    expect(n.accesses[0].strides.i.elements).toBe(16);
  });
  it("flat pointer with a linearised subscript keeps a symbolic stride", async () => {
    const n = await onlyNest(`void fc(int IN, int OUT, const float *w, const float *x, float *y) { for (int o = 0; o < OUT; o++) { float acc = 0; for (int i = 0; i < IN; i++) acc += w[o * IN + i] * x[i]; y[o] = acc; } }`);
    const w = n.accesses.find((a) => a.array === "w")!;
    expect(w.strides.o).toMatchObject({ expr: "IN", elements: null });
    expect(w.strides.i).toMatchObject({ expr: "1", elements: 1, bytes: 4 });
    expect(n.macs.expr).toBe("IN*OUT");
  });
  it("element sizes per C type", async () => {
    const n = await onlyNest(`#include <stdint.h>\nint8_t a[4]; int16_t b[4]; int32_t c[4]; double d[4]; unsigned char e[4];\nvoid f(void) { for (int i = 0; i < 4; i++) c[i] = a[i] + b[i] + (int32_t)d[i] + e[i]; }`);
    expect(Object.fromEntries(n.arrays.map((x) => [x.name, x.elementBytes]))).toEqual({ a: 1, b: 2, c: 4, d: 8, e: 1 });
  });
  it("pointer-to-pointer rows have no fixed stride", async () => {
    const n = await onlyNest(`void f(float **A, int n) { for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) A[i][j] = 0; }`);
    expect(n.accesses[0].strides.i.elements).toBeNull();
    expect(n.accesses[0].strides.i.reason).toMatch(/pointers/);
  });
});

describe("counting rules", () => {
  const ops = async (body: string, decl = "float a, b, c, d; float x[8]; int p, q, r;") =>
    onlyNest(`${decl}\nfloat sq(float v) { return v * v; }\nvoid f(void) { for (int i = 0; i < 8; i++) { ${body} } }`);
  it("a = a + b*c and a -= b*c are MACs; x*y + z inside an expression too", async () => {
    const n = await ops("a = a + b * c; a -= b * c; d = (b * c) + x[i];");
    expect(n.macs.value).toBe(24);
    expect(n.flops.byKind.add.value).toBe(24);
    expect(n.flops.byKind.mul.value).toBe(24);
  });
  it("integer MACs count as MACs, not FLOPs", async () => {
    const n = await ops("p += q * r;");
    expect(n.macs.value).toBe(8);
    expect(n.flops.value).toBe(0);
    expect(n.intOps.value).toBe(16);
  });
  it("math.h calls count one FLOP each; comparisons, unary minus and subscripts count none", async () => {
    const n = await ops("a = expf(b) + sqrtf(c); if (a > b) d = -a; x[i + 1] = x[2 * i / 2];");
    expect(n.flops.byKind.call.value).toBe(16);
    expect(n.flops.byKind.add.value).toBe(8);
    expect(n.intOps.value).toBe(0);
  });
  it("division is its own kind; compound /= counts", async () => {
    const n = await ops("a /= b; c = a / d;");
    expect(n.flops.byKind.div.value).toBe(16);
  });
  it("a user function's body is attributed per call", async () => {
    const n = await ops("a += sq(x[i]);");
    expect(n.calls.sq.value).toBe(8);
    expect(n.flops.byKind.mul.value).toBe(8);
    expect(n.flops.byKind.add.value).toBe(8);
  });
  it("an external function is named as not included", async () => {
    const n = await ops("a += ext(x[i]);", "float a; float x[8]; float ext(float);");
    expect(n.unknowns.map((u) => u.what)).toContain("cost of ext()");
  });
});

describe("affine guards (counted exactly for bound sizes)", () => {
  it("a padded 1-D convolution: boundary taps skipped", async () => {
    const n = await onlyNest(`#define W 10\nfloat in[W], w[3], out[W];\nvoid pad(void) { for (int x = 0; x < W; x++) { float acc = 0; for (int i = 0; i < 3; i++) if (x + i - 1 >= 0 && x + i - 1 < W) acc += in[x + i - 1] * w[i]; out[x] = acc; } }`);
    expect(n.macs).toMatchObject({ value: 28, expr: null }); // 30 taps minus (x=0,i=0) and (x=9,i=2)
    expect(n.macs.reason).toMatch(/counted/);
    expect(n.arrays.find((a) => a.name === "in")!.footprintElements.value).toBe(10);
    expect(n.arrays.find((a) => a.name === "w")!.footprintElements.value).toBe(3);
  });
  it("off-diagonal updates: i != j", async () => {
    const n = await onlyNest(`double S[5][5];\nvoid damp(void) { for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) if (i != j) S[i][j] *= 0.5; }`);
    expect(n.flops.value).toBe(20);
    expect(n.arrays[0].footprintElements.value).toBe(20);
  });
  it("a guard on data stays unknown, and says why", async () => {
    const n = await onlyNest(`float a[8], b[8];\nvoid relu(void) { for (int i = 0; i < 8; i++) if (a[i] > 0) b[i] = a[i] * 2.0f; }`);
    expect(n.flops.value).toBeNull();
    expect(n.flops.reason).toMatch(/not an affine condition on loop variables: data-dependent value a\[i\]/);
  });
  it("with unbound sizes the guarded count is unknown, not guessed", async () => {
    const n = await onlyNest(`void f(int n, float *a) { for (int i = 0; i < n; i++) if (i > 2) a[i] *= 2.0f; }`);
    expect(n.flops.value).toBeNull();
  });
});

describe("min/max bounds (tiled code)", () => {
  it("a tiled matmul has the same MACs and footprint as the untiled one", async () => {
    const { getEngine, readSample } = await import("./helpers/engine");
    const engine = await getEngine();
    const src = readSample("matmul.c");
    const split = engine.transform(src, { kind: "layout", nest: "matmul:19" });
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    const compute = engine.analyze(split.text).nests.find((n) => n.loops.length === 3)!;
    const tiled = engine.transform(split.text, { kind: "tile", nest: compute.id, sizes: { i: 16, k: 8, j: 5 } });
    expect(tiled.ok).toBe(true);
    if (!tiled.ok) return;
    const n = engine.analyze(tiled.text).nests.find((x) => x.line === compute.line)!;
    expect(n.macs.value).toBe(compute.macs.value); // 98,304, counted (j tiles of 5 leave remainders)
    expect(n.footprintBytes.value).toBe(compute.footprintBytes.value);
    expect(n.unknowns.some((u) => /min\(/.test(u.reason))).toBe(true); // says why there is no formula
  });
  it("a tiled band too large to walk is counted per tiled dimension (the product of each i_t, i pair's count)", async () => {
    const { getEngine, readSample } = await import("./helpers/engine");
    const engine = await getEngine();
    const defines = { M: 1000, N: 1024, P: 700 };
    const split = engine.transform(readSample("matmul.c"), { kind: "layout", nest: "matmul:19" }, { defines });
    if (!split.ok) throw new Error(split.reason);
    const compute = engine.analyze(split.text, { defines }).nests.find((n) => n.loops.length === 3)!;
    const tiled = engine.transform(split.text, { kind: "tile", nest: compute.id, sizes: { i: 64, k: 48, j: 100 } }, { defines });
    if (!tiled.ok) throw new Error(tiled.reason);
    const n = engine.analyze(tiled.text, { defines }).nests.find((x) => x.line === compute.line)!;
    // 716,800,000 MACs: far past the 1,000,000 points a walk may visit; every tile has remainders.
    expect(n.macs.value).toBe(1000 * 1024 * 700);
    expect(n.estimate.seconds).not.toBeNull();
  });
  it("a negative literal lower bound is an integer", async () => {
    const n = await onlyNest(`float a[10];\nvoid f(void) { for (int dx = -1; dx <= 1; dx++) a[dx + 1] = 0; }`);
    expect(n.loops[0].tripCount).toMatchObject({ expr: "3", value: 3 });
  });
});

describe("honest unknowns", () => {
  it("a while loop inside a nest", async () => {
    const n = await onlyNest(`void f(float *a, int n) { for (int i = 0; i < n; i++) { int k = 0; while (a[k] > 0) k++; a[i] += 1.0f; } }`);
    // The while does no arithmetic: FLOPs stay exact; what runs inside it is unknown, saying why.
    expect(n.flops.expr).toBe("n");
    const inWhile = n.statements.filter((s) => s.line === 1 && s.executions.value === null);
    expect(inWhile.length).toBeGreaterThan(0);
    expect(n.iterations.reason).toMatch(/while loop at line 1: its trip count is not known/);
  });
  it("a non-affine subscript", async () => {
    const n = await onlyNest(`void f(float *a, int *idx, int n) { for (int i = 0; i < n; i++) a[idx[i]] += 1.0f; }`);
    const a = n.accesses.find((x) => x.array === "a")!;
    expect(a.strides.i.elements).toBeNull();
    expect(a.strides.i.reason).toMatch(/not affine/);
    expect(n.arrays.find((x) => x.name === "a")!.footprintElements.value).toBeNull();
    expect(n.arrays.find((x) => x.name === "idx")!.footprintElements.expr).toBe("n");
  });
  it("a data-dependent bound", async () => {
    const n = await onlyNest(`void f(float *a, int *len, int n) { for (int i = 0; i < n; i++) for (int j = 0; j < len[i]; j++) a[j] += 1.0f; }`);
    expect(n.loops[1].tripCount.value).toBeNull();
    expect(n.loops[1].tripCount.reason).toMatch(/len\[i\]/);
    expect(n.iterations.value).toBeNull();
  });
  it("an unsigned counter tested against 0 never ends where it seems to", async () => {
    const n = await onlyNest(`float a[10];\nvoid f(void) { for (unsigned i = 9; i >= 0; i--) a[i] = 0; }`);
    expect(n.loops[0].tripCount.value).toBeNull();
    expect(n.loops[0].tripCount.reason).toMatch(/unsigned.*wraps around/);
  });
  it("a counter changed in the condition is not read as a plain loop", async () => {
    const n = await onlyNest(`float a[10];\nvoid f(void) { for (unsigned i = 10; i-- > 0;) a[i] = 0; }`);
    expect(n.loops[0].tripCount.reason).toMatch(/changes in the condition/);
  });
  it("a pointer increment under a data-dependent if", async () => {
    const n = await onlyNest(`void f(float *p, int n) { for (int i = 0; i < n; i++) { *p += 1.0f; if (*p > 2.0f) p++; } }`, { n: 8 });
    const p = n.arrays.find((a) => a.name === "p");
    expect(p?.footprintElements.value).toBeNull();
    expect(p?.footprintElements.reason).toMatch(/p changes under the if/);
  });
  it("break ends the loop early", async () => {
    const n = await onlyNest(`void f(float *a, int n) { for (int i = 0; i < n; i++) { if (a[i] < 0) break; a[i] *= 2.0f; } }`);
    expect(n.flops.value).toBeNull();
  });
  it("an if guard around floating-point work", async () => {
    const n = await onlyNest(`void f(float *a) { for (int i = 0; i < 10; i++) if (i % 2) a[i] *= 2.0f; }`);
    expect(n.flops.value).toBeNull();
    expect(n.flops.reason).toMatch(/if \(i % 2\)/);
  });
  it("a function-like macro in a subscript says to preprocess", async () => {
    const n = await onlyNest(`#define IDX(i, j) ((i) * 8 + (j))\nfloat A[64];\nvoid f(void) { for (int i = 0; i < 8; i++) A[IDX(i, 0)] = 0; }`);
    expect(n.accesses[0].strides.i.reason).toMatch(/gcc -E/);
  });
});

describe("robustness", () => {
  it("a syntax error in one function leaves the other nests analysed", async () => {
    const r = await analyze(`void broken(float *a) {\n  for (int i = 0; i < 4; i++) { a[i] = ; }\n}\nvoid half(float *a) { a[0] = 1 +\n}\nvoid ok(float *b) { for (int j = 0; j < 8; j++) b[j] = b[j] * 2.0f; }`);
    // tree-sitter's recovery may attach the last function to the broken one; the nest survives.
    const ok = r.nests.find((n) => n.line === 6);
    expect(ok?.flops.value).toBe(8);
    expect(r.nests.find((n) => n.line === 2)?.loops[0].tripCount.value).toBe(4);
    expect(r.problems.some((p) => p.severity === "error")).toBe(true);
  });
  it("comments and pragmas inside loops change nothing", async () => {
    const n = await onlyNest(`void f(float *a) {\n#pragma scop\n for (int i = 0; i < 4; i++) { /* c */ // d\n#pragma GCC unroll 4\n a[i] = a[i] * 2.0f; }\n#pragma endscop\n}`);
    expect(n.flops.value).toBe(4);
  });
  it("half-typed code does not crash", async () => {
    for (const src of ["void f(float *a) { for (int i = 0; i <", "for (;;) {", "void f() { for (i = 0; i < N; i++) { a[i", "#define N\nvoid f(float *a){for(int i=0;i<N;i++)a[i]=0;}"]) {
      const r = await analyze(src);
      expect(Array.isArray(r.nests)).toBe(true);
    }
  });
  it("code through gcc -E -P (system headers, GNU extensions) gives the same figures", async () => {
    const src = `#include <stdio.h>\n#include <math.h>\n#include <stdint.h>\n#include <stdlib.h>\n#define N 32\nstatic double A[N][N], x[N], y[N];\nvoid kernel(void) {\n#pragma scop\n  for (int i = 0; i < N; i++) { y[i] = 0; for (int j = 0; j < N; j++) y[i] = y[i] + A[i][j] * x[j]; y[i] = sqrt(y[i]); }\n#pragma endscop\n}\n`;
    const pre = execFileSync("gcc", ["-E", "-P", "-x", "c", "-"], { input: src }).toString();
    const r = await analyze(pre);
    const n = r.nests.find((x) => x.function === "kernel")!;
    expect(n.macs.value).toBe(1024);
    expect(n.flops.value).toBe(2048 + 32);
    expect(n.footprintBytes.value).toBe((1024 + 64) * 8);
  });
});
