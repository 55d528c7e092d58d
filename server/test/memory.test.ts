// The pointer and counter model (ir/memory.ts): accesses through pointers are accesses to the
// array they point into, at an affine offset, in strides, footprints, compulsory bytes and
// dependences; counters and pointers that move by a fixed amount per iteration (`*p++`,
// `out[k++]`, `src += n*m`) are induction variables; anything else is unknown with the reason
// and may overlap every array. Expected figures are counted by hand in each test's comment.

import { describe, expect, it } from "vitest";
import type { NestReport, TransformSpec } from "../src/engine";
import { getEngine, onlyNest, analyze } from "./helpers/engine";

const arr = (n: NestReport, name: string) => n.arrays.find((a) => a.name === name);
const acc = (n: NestReport, text: string) => n.accesses.find((a) => a.text === text);

describe("pointers into arrays", () => {
  it("a row pointer is the array it points into (issue 7, case 1)", async () => {
    // out[i] += row[j] over n x m: reads A[i*m + j], n*m distinct; an add, not a MAC.
    const n = await onlyNest(`void rowsum(float *A, float *out, int n, int m) {
    for (int i = 0; i < n; i++) { float *row = A + i * m;
        for (int j = 0; j < m; j++) out[i] += row[j]; } }`, { n: 3, m: 4 });
    expect(arr(n, "row")).toBeUndefined();
    expect(arr(n, "A")?.footprintElements.value).toBe(12);
    expect(acc(n, "row[j]")?.array).toBe("A");
    expect(acc(n, "row[j]")?.strides.j.elements).toBe(1);
    expect(acc(n, "row[j]")?.strides.i.elements).toBe(4);
    expect(n.macs.value).toBe(0);
    expect(n.flops.value).toBe(12);
    expect(n.intOps.value).toBe(0);
  });

  it("&A[i][0] and A[i] of a 2-D array, and *(p + k)", async () => {
    // 4 x 5 array, row pointer; each row read at k and k+1 for k < 4: all 20 elements... k+1 <= 4.
    const n = await onlyNest(`float A[4][5], S[4];
void f(void) { for (int i = 0; i < 4; i++) { float *p = &A[i][0]; const float *q = A[i];
  for (int k = 0; k < 4; k++) S[i] += *(p + k) * q[k + 1]; } }`);
    expect(acc(n, "*(p + k)")?.array).toBe("A");
    expect(acc(n, "*(p + k)")?.strides.i.elements).toBe(5);
    expect(arr(n, "A")?.footprintElements.value).toBe(20);
    expect(n.macs.value).toBe(16);
  });

  it("a pointer declared in the body, read through *p, with a strided walk (issue 7, case 6)", async () => {
    // acc += *p with p = lhs + k*ch + c: column sums, every element of a rows x ch matrix once.
    const n = await onlyNest(`void colsum(const float *lhs, float *out, int rows, int ch) {
    for (int c = 0; c < ch; ++c) { float acc = 0.0f;
        for (int k = 0; k < rows; ++k) { const float *p = lhs + k * ch + c; acc += *p; }
        out[c] = acc; } }`, { rows: 3, ch: 5 });
    expect(acc(n, "*p")?.array).toBe("lhs");
    expect(acc(n, "*p")?.strides.k.elements).toBe(5);
    expect(arr(n, "lhs")?.footprintElements.value).toBe(15);
    expect(n.macs.value).toBe(0);
    expect(n.flops.value).toBe(15);
  });

  it("*x++ and *wp++ walks are induction pointers", async () => {
    // conv1d: x starts at in + i and steps 1 per j: in[0 .. n+k-2]; w[0 .. k-1]; out[0 .. n-1] via *op++.
    const n = await onlyNest(`void conv1d(const float *in, const float *w, float *out, int n, int k) {
    float *op = out;
    for (int i = 0; i < n; i++) {
        const float *x = in + i; const float *wp = w; float acc = 0.0f;
        for (int j = 0; j < k; j++) acc += *x++ * *wp++;
        *op++ = acc; } }`, { n: 5, k: 3 });
    expect(arr(n, "in")?.footprintElements.value).toBe(7);
    expect(arr(n, "w")?.footprintElements.value).toBe(3);
    expect(arr(n, "out")?.footprintElements.value).toBe(5);
    expect(acc(n, "*op++")?.strides.i.elements).toBe(1);
    expect(n.macs.value).toBe(15);
  });

  it("an integer counter out[k++] is an induction variable", async () => {
    // im2col: col[idx++] over C x (H-R+1) x W = 2 x 3 x 3 = 18 consecutive elements.
    const n = await onlyNest(`void im2col(const float *img, float *col, int C, int H, int W, int R) {
    int idx = 0;
    for (int c = 0; c < C; c++)
        for (int y = 0; y + R <= H; y++)
            for (int x = 0; x < W; x++)
                col[idx++] = img[c * H * W + y * W + x]; }`, { C: 2, H: 4, W: 3, R: 2 });
    const col = acc(n, "col[idx++]")!;
    expect(col.strides.c.elements).toBe(9);
    expect(col.strides.y.elements).toBe(3);
    expect(col.strides.x.elements).toBe(1);
    expect(arr(n, "col")?.footprintElements.value).toBe(18);
    expect(n.intOps.value).toBe(0);
  });

  it("a pointer parameter moved by an outer loop (src += n*m)", async () => {
    const n = await onlyNest(`void k(float *dst, const float *src, int n, int m, int batch) {
    for (int b = 0; b < batch; b++) { for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) dst[i*m+j] = src[i*m+j] * 2.0f;
        src += n * m; dst += n * m; } }`, { n: 3, m: 4, batch: 2 });
    expect(arr(n, "src")?.footprintElements.value).toBe(24);
    expect(acc(n, "src[i*m+j]")?.strides.b.elements).toBe(12);
  });
});

describe("pointers that cannot be followed are unknown, never guessed", () => {
  const reasonOf = (n: NestReport, name: string) => arr(n, name)?.footprintElements.reason ?? "";

  it("a pointer chosen by a condition", async () => {
    const n = await onlyNest(`void sel(float *a, float *restrict b, int n, int f) { float *q = f ? a : b;
  for (int i = 0; i < n; i++) b[i] = q[i] + 1.0f; }`, { n: 8 });
    expect(arr(n, "q")?.footprintElements.value).toBeNull();
    expect(reasonOf(n, "q")).toMatch(/depends on a condition/);
  });

  it("a pointer loaded from memory or returned by a call", async () => {
    const n = await onlyNest(`float *get(int i);
void f(float **rows, float *out, int n) { for (int i = 0; i < n; i++) { float *r = rows[i]; float *g = get(i); out[i] = r[0] + g[0]; } }`, { n: 8 });
    expect(reasonOf(n, "r")).toMatch(/array of pointers|loads a pointer/);
    expect(reasonOf(n, "g")).toMatch(/returned by get/);
  });

  it("a cast to another element size", async () => {
    const n = await onlyNest(`void f(float *a, int n) { for (int i = 0; i < n; i++) { char *c = (char *)a; c[i] = 0; } }`, { n: 8 });
    expect(n.arrays.every((a) => a.footprintElements.value === null)).toBe(true);
  });

  it("a step that differs per iteration (triangular walk)", async () => {
    const n = await onlyNest(`void tri(float *a, int n) { float *p = a;
  for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) *p++ = 1.0f; }`, { n: 4 });
    expect(arr(n, "a")?.footprintElements.value).toBeNull();
    expect(reasonOf(n, "a")).toMatch(/p changes by an amount/);
  });

  it("a counter changed under a data-dependent if", async () => {
    const n = await onlyNest(`void pack(const float *x, float *out, int n) { int k = 0;
  for (int i = 0; i < n; i++) { if (x[i] > 0) k++; out[k] = x[i]; } }`, { n: 8 });
    expect(arr(n, "out")?.footprintElements.value).toBeNull();
    expect(reasonOf(n, "out")).toMatch(/k changes under the if/);
  });

  it("a pointer whose address escapes, read before and after the call", async () => {
    const n = await onlyNest(`void adv(float **pp);
void f(float *a, int n) { float *p = a; for (int i = 0; i < n; i++) { *p = 1; adv(&p); } }`, { n: 8 });
    expect(arr(n, "a")?.footprintElements.value ?? null).toBeNull();
    expect(n.accesses.every((x) => Object.values(x.strides).every((s) => s.elements === null))).toBe(true);
  });

  it("a walk in a loop that may end an iteration early", async () => {
    const n = await onlyNest(`void f(const float *x, float *out, int n) { const float *p = x;
  for (int i = 0; i < n; i++) { if (out[i] < 0) continue; out[i] = *p++; } }`, { n: 8 });
    expect(arr(n, "p")?.footprintElements.value).toBeNull();
    expect(arr(n, "p")?.footprintElements.reason ?? "").toMatch(/may end an iteration early \(continue at line 2\)/);
  });

  it("a pointer whose address escapes", async () => {
    const n = await onlyNest(`void adv(float **pp);
void f(float *a, int n) { float *p = a; for (int i = 0; i < n; i++) { adv(&p); *p = 0; } }`, { n: 8 });
    expect(n.arrays.length).toBeGreaterThan(0);
    expect(n.arrays.every((a) => a.footprintElements.value === null)).toBe(true);
    expect(JSON.stringify(n.unknowns)).toMatch(/address of p is taken/);
  });
});

describe("dependences through pointers", () => {
  const transform = async (text: string, spec: TransformSpec, defines: Record<string, number>) => (await getEngine()).transform(text, spec, { file: "t.c", defines });

  it("a write through a pointer local blocks an illegal interchange (issue 7, case 2)", async () => {
    const wave = `void wave(float *restrict a, int n, int m) {
    for (int i = 1; i < n; i++) for (int j = 0; j < m - 1; j++) {
        float *p = a + i * m + j;  *p = *(p - m + 1) + 1.0f; } }`;
    for (const spec of [{ kind: "permute", nest: "wave:2", order: ["j", "i"] }, { kind: "tile", nest: "wave:2", sizes: { i: 2, j: 2 } }] as TransformSpec[]) {
      const r = await transform(wave, spec, { n: 6, m: 5 });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.blockers.join("\n")).toMatch(/dependence on a: \*p \(line 3\) to \*\(p - m \+ 1\) \(line 3\)/);
    }
  });

  it("a pointer with an unknown target may overlap any array: refused naming it", async () => {
    const r = await transform(`void sel(float *a, float *restrict b, int n, int m, int f) { float *q = f ? a : b;
  for (int i = 1; i < n; i++) for (int j = 0; j < m; j++) b[i*m+j] = q[(i-1)*m+j] + 1.0f; }`, { kind: "permute", nest: "sel:2", order: ["j", "i"] }, { n: 6, m: 5 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.blockers.join("\n")).toMatch(/the target of q is not known/);
  });

  it("a legal interchange through a row pointer stays legal", async () => {
    const r = await transform(`void scale(float *restrict A, int n, int m) {
  for (int j = 0; j < m; j++) for (int i = 0; i < n; i++) { float *row = A + i * m; row[j] *= 2.0f; } }`, { kind: "permute", nest: "scale:2", order: ["i", "j"] }, { n: 6, m: 5 });
    expect(r.ok).toBe(true);
  });

  it("references through a pointer and by subscripts of the same 2-D array are compared flat", async () => {
    const text = `float A[6][5];
void f(void) { for (int i = 1; i < 6; i++) for (int j = 0; j < 4; j++) { float *p = &A[i][j]; *p = A[i - 1][j + 1] + 1.0f; } }`;
    const r = await transform(text, { kind: "permute", nest: "f:2", order: ["j", "i"] }, {});
    expect(r.ok).toBe(false);
    const n = (await analyze(text)).nests[0];
    // written rows 1..5 x cols 0..3, read rows 0..4 x cols 1..4: the 6 x 5 array but A[0][0] and A[5][4].
    expect(arr(n, "A")?.footprintElements.value).toBe(28);
  });
});

describe("index arithmetic with / and % of loop variables", () => {
  it("y / s and x / s by a bound s, for counters from 0: floor terms, footprints counted (upsample)", async () => {
    const src = `void up(const float *in, float *out, int C, int H, int W, int s) {
  for (int c = 0; c < C; c++) for (int y = 0; y < H * s; y++) for (int x = 0; x < W * s; x++)
    out[(c * H * s + y) * W * s + x] = in[(c * H + y / s) * W + x / s]; }`;
    for (const [C, H, W, s] of [[2, 2, 3, 2], [1, 3, 2, 3]]) {
      const n = await onlyNest(src, { C, H, W, s });
      expect(arr(n, "in")?.footprintElements.value).toBe(C * H * W);
      expect(arr(n, "out")?.footprintElements.value).toBe(C * H * W * s * s);
      expect(n.intOps.value).toBe(0);
    }
    // s unbound: not a constant divisor, said so.
    expect(arr(await onlyNest(src, { C: 2, H: 2, W: 3 }), "in")?.footprintElements.reason).toMatch(/\/ by s, which is not a constant/);
  });
  it("locals from % and / in the body are aliases (issue 7, case 5; channel shuffle)", async () => {
    // off = c % k, row = off + h*k: rows {c%k + h*k}: k*n distinct when channels >= k; no arithmetic on data.
    const gather = `void gather(float *out, const float *in, int channels, int n, int k) {
    for (int c = 0; c < channels; ++c) { int off = c % k;
        for (int h = 0; h < n; ++h) { int row = off + h * k; out[c * n + h] = in[row]; } } }`;
    const g = await onlyNest(gather, { channels: 4, n: 3, k: 2 });
    expect(arr(g, "in")?.footprintElements.value).toBe(6);
    expect([g.macs.value, g.intOps.value, g.flops.value]).toEqual([0, 0, 0]);
    // The same with the locals declared before the loops and assigned in each iteration (cells, memory.ts).
    const outside = await onlyNest(`void gather(float *out, const float *in, int channels, int n, int k) { int off, row, c, h;
    for (c = 0; c < channels; ++c) { off = c % k; for (h = 0; h < n; ++h) { row = off + h * k; out[c * n + h] = in[row]; } } }`, { channels: 4, n: 3, k: 2 });
    expect(arr(outside, "in")?.footprintElements.value).toBe(6);
    const shuffle = `void shuffle(const float *in, float *out, int C, int groups, int hw) {
    const int cpg = C / groups;
    for (int c = 0; c < C; c++) { int g = c % groups; int k = c / groups; int oc = g * cpg + k;
        for (int p = 0; p < hw; p++) out[oc * hw + p] = in[c * hw + p]; } }`;
    const s = await onlyNest(shuffle, { C: 6, groups: 3, hw: 4 });
    expect(arr(s, "out")?.footprintElements.value).toBe(24);
    expect(s.intOps.value).toBe(0);
  });
  it("C's / truncates toward zero: a numerator not proven non-negative stays unknown, with the reason", async () => {
    const n = await onlyNest("void f(float *a, const float *b, int n) { for (int i = -3; i < n; i++) a[i + 3] = b[(i + 3) / 2] + b[i % 2 + 1]; }", { n: 8 });
    expect(arr(n, "b")?.footprintElements.reason).toMatch(/not proven non-negative \(C's [/%] truncates toward zero\)/);
    // Counting down to 0 is non-negative; from n - 1 down while j > -1 too.
    const d = await onlyNest("void f(float *a, const float *b, int n) { for (int j = n - 1; j >= 0; j--) a[j] = b[j / 2] + b[j % 3]; }", { n: 8 });
    expect(arr(d, "b")?.footprintElements.value).toBe(4);
    // Above a counter's start: (i + 3) / 2 from i = -3, (j - i) / 2 for j from i; but (i - 1) / 2 from i = 0 truncates -1/2 to 0.
    const above = await onlyNest("void f(float *a, const float *b, int n) { for (int i = -3; i < n; i++) a[i + 3] = b[(i + 3) / 2]; }", { n: 8 });
    expect(arr(above, "b")?.footprintElements.value).toBe(6);
    const tri = await onlyNest("void f(float *a, const float *b, int n) { for (int i = 0; i < n; i++) for (int j = i; j < n; j++) a[j] = b[(j - i) / 2 + (i - 1) / 2]; }", { n: 8 });
    expect(arr(tri, "b")?.footprintElements.reason).toMatch(/\(i - 1\) \/ 2: \/ of a value not proven non-negative/);
    // A counter of unknown sign (an unbound parameter as the start) is not assumed non-negative.
    const u = await onlyNest("void f(float *a, const float *b, int n, int lo) { for (int j = lo; j < n; j++) a[j - lo] = b[j / 2]; }", { n: 8 });
    expect(arr(u, "b")?.footprintElements.reason).toMatch(/not proven non-negative/);
  });
});
