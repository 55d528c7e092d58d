// Loop and control forms (issue 7, items 3 and 9): counted while/do loops, nests inside other
// whiles, for headers with no initialiser or two variables, break/continue/switch in loops.
// Kernels are data (data/loops/<name>.c with <name>.driver.c), written for this suite.
//
//  1. Figures: every statement count, nest iteration count and footprint the engine gives as a
//     number equals what an instrumented gcc run counts (harness/), at two sets of sizes; the
//     nests listed in EXACT must be known in full; the others must say why they are not.
//  2. Figures by hand for the counted forms (blocks of 4 with a tail, batch loops).
//  3. Rewrites refuse while/do loops with a reason naming them; a legal rewrite inside a
//     while-rooted nest keeps the output.
//  4. Nothing vanishes: every `for` of every function of the samples, the test kernels and
//     these fixtures is a loop of some nest or has a problem or unknown on its line.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine, type FileReport, type NestReport, type TransformSpec } from "../src/engine";
import { initParser, parse, type SyntaxNode } from "../src/engine/syntax/parser";
import { instrument } from "./harness/instrument";
import { compareRun, parseRun } from "./harness/compare";
import { compareOutputs, compileKernel } from "./helpers/gcc";
import { repoRoot } from "./helpers/engine";
import { FULL, firstOfEach, sampled } from "./helpers/sample";

const dataDir = join(repoRoot, "server", "test", "data", "loops");

type Sizes = Record<string, number>;
/** Two sets of sizes per kernel: the engine gets them as -D NAME, the driver as -DS_NAME. */
const SIZES: Record<string, Sizes[]> = {
  blocks4: [{ n: 10, len: 10 }, { n: 17, len: 17 }],
  batch: [
    { batch: 2, nin: 3, nout: 4, n: 10, reps: 3, layers: 3, width: 4 },
    { batch: 3, nin: 5, nout: 2, n: 7, reps: 1, layers: 1, width: 6 },
  ],
  control: [{ n: 10, k: 3, lo: 3, width: 4 }, { n: 13, k: 0, lo: 0, width: 5 }],
};

/** Nests whose every figure must be a number (iterations, each statement, each footprint). */
const EXACT: Record<string, string[]> = {
  blocks4: ["dot_blocks:10", "dot_blocks:19", "scale_blocks:32", "scale_blocks:40", "axpy_tail:50", "axpy_tail:56", "relu_back:64"],
  batch: ["dense_batch:7", "smooth_reps:21", "layer_bias:33"],
  control: ["offdiag:17", "act_layers:29", "pad_copy:59", "pad_copy:61", "reverse:69", "tri_break:97", "tail_down:111", "tri_late:121"],
};

let engine: Engine;
let work: string;
beforeAll(async () => {
  engine = await Engine.create();
  work = mkdtempSync(join(tmpdir(), "loopsmith-loops-"));
});
afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

const text = (name: string) => readFileSync(join(dataDir, `${name}.c`), "utf8");
const analyse = (name: string, sizes: Sizes): FileReport => engine.analyze(text(name), { file: `${name}.c`, defines: sizes });
const nest = (r: FileReport, id: string): NestReport => {
  const n = r.nests.find((x) => x.id === id);
  if (!n) throw new Error(`no nest ${id} (nests: ${r.nests.map((x) => x.id).join(", ")})`);
  return n;
};

// ---- 1. figures against instrumented runs ----------------------------------------------------

describe("loop forms: engine figures equal instrumented gcc runs", () => {
  for (const name of Object.keys(SIZES)) {
    SIZES[name].forEach((sizes, k) => {
      it(`${name} at sizes #${k + 1} ${JSON.stringify(sizes)}`, () => {
        const src = text(name);
        const report = analyse(name, sizes);
        expect(report.problems.filter((p) => /not analysed/.test(p.message))).toEqual([]);
        const inst = instrument(src, report);
        expect(inst.skipped.map((s) => s.stmt.line)).toEqual([]);
        const run = compileKernel(join(work, "fig", name, String(k)), inst.code, { dataDir, driver: `${name}.driver.c`, sizes, opt: ["-O0", "-w"] });
        expect(run.error).toBeUndefined();
        const cmp = compareRun(src, report, inst, parseRun(run.output!));
        expect(cmp.mismatches, cmp.mismatches.join("\n")).toEqual([]);
        for (const id of EXACT[name]) {
          const n = nest(report, id);
          expect(cmp.comparedIterations.has(n), `${id} iterations: ${n.iterations.reason}`).toBe(true);
          for (const st of n.statements) expect(cmp.comparedStatements.has(st), `${id} line ${st.line}: ${st.executions.reason}`).toBe(true);
          for (const a of n.arrays) expect(a.footprintElements.value, `${id} footprint of ${a.name}: ${a.footprintElements.reason}`).not.toBeNull();
        }
        for (const n of report.nests) {
          // Editors place hints at start + header length: the header is the source text there.
          for (const l of n.allLoops) expect(src.slice(l.start, l.start + l.header.length)).toBe(l.header);
          if (n.iterations.value === null) expect(n.iterations.reason ?? "").not.toBe("");
          for (const u of n.unknowns) { expect(u.reason.trim()).not.toBe(""); expect(u.line).toBeGreaterThan(0); }
        }
        expect(cmp.comparedArrays).toBeGreaterThan(0);
      });
    });
  }
});

// ---- 2. figures by hand ----------------------------------------------------------------------

describe("counted while/do loops: trip counts and figures", () => {
  for (const n of [10, 17, 3]) {
    it(`blocks of 4 and a tail (n = ${n}): floor(n/4) blocks, n % 4 tail iterations, 4 MACs per block`, () => {
      const r = analyse("blocks4", { n, len: n });
      const blocks = Math.floor(n / 4), tail = n % 4;
      for (const id of ["dot_blocks:10", "scale_blocks:32", "axpy_tail:50"]) {
        expect(nest(r, id).loops[0].tripCount.value, id).toBe(blocks);
        expect(nest(r, id).macs.value, id).toBe(4 * blocks);
      }
      for (const id of ["dot_blocks:19", "scale_blocks:40", "axpy_tail:56"]) {
        expect(nest(r, id).loops[0].tripCount.value, id).toBe(tail);
        expect(nest(r, id).macs.value, id).toBe(tail);
      }
      // The index stepped at the end of a block is affine: 4 elements per block, contiguous in the tail.
      const a = nest(r, "dot_blocks:10").accesses.find((x) => x.text === "a[i + 2]")!;
      expect(a.strides["cnt'"].elements).toBe(4);
      expect(nest(r, "dot_blocks:19").arrays.find((x) => x.name === "a")!.footprintElements.value).toBe(tail);
      // Stepping the counter or the index is bookkeeping, not work.
      expect(nest(r, "dot_blocks:10").intOps.value).toBe(0);
    });
  }
  it("the formulas are in the source's symbols", () => {
    const r = engine.analyze(text("blocks4"), { file: "blocks4.c" });
    expect(nest(r, "dot_blocks:10").loops[0].tripCount.expr).toBe("floor(n/4)");
    expect(nest(r, "dot_blocks:19").loops[0].tripCount.expr).toBe("n - 4*floor(n/4)");
    expect(nest(r, "axpy_tail:56").loops[0].tripCount.expr).toBe("n - 4*floor(n/4)");
    expect(nest(r, "relu_back:64").loops[0].tripCount.expr).toBe("len");
    // while (c--) entered with c = len: the body reads c = len - 1 - t, walking v backwards.
    expect(nest(r, "relu_back:64").accesses[0].strides["c'"].elements).toBe(-1);
    const b = engine.analyze(text("batch"), { file: "batch.c" });
    expect(nest(b, "dense_batch:7").macs.expr).toBe("batch*nin*nout"); // parameter order
    expect(nest(b, "smooth_reps:21").loops[0].tripCount.expr).toBe("reps");
    expect(nest(b, "smooth_reps:21").assumptions.join("\n")).toMatch(/reps >= 1/);
    expect(nest(b, "layer_bias:33").iterations.expr).toBe("layers*width");
  });
  it("batch loop counting down: item b's rows are nin apart, the weights are shared", () => {
    const s = SIZES.batch[0];
    const n = nest(analyse("batch", s), "dense_batch:7");
    expect(n.macs.value).toBe(s.batch * s.nout * s.nin);
    const inRef = n.accesses.find((x) => x.array === "in")!;
    expect(inRef.strides["batch'"].elements).toBe(-s.nin);
    expect(n.arrays.find((x) => x.name === "w")!.footprintElements.value).toBe(s.nout * s.nin);
  });
  it("do { } while (--reps) entered with reps <= 0 wraps around: not counted", () => {
    const n = nest(analyse("batch", { ...SIZES.batch[0], reps: 0 }), "smooth_reps:21");
    expect(n.loops[0].tripCount.value).toBeNull();
    expect(n.loops[0].tripCount.reason).toMatch(/runs its body once before the first test/);
    expect(n.iterations.value).toBeNull();
  });
  it("while (c--) with a counter that changes in the body is not counted, with the reason", () => {
    const r = engine.analyze("void f(float *v, int n) { int c = n; while (c--) { v[c] = 0; if (v[0] > 1) c--; } }", { defines: { n: 8 } });
    expect(r.nests).toEqual([]);
    const r2 = engine.analyze("void f(float *v, int n) { int c = n; while (c--) { for (int j = 0; j < 4; j++) v[j] = 0; if (v[0] > 1) c--; } }", { defines: { n: 8 } });
    expect(r2.nests[0].unknowns.map((u) => u.reason).join("\n")).toMatch(/while loop at line 1: its trip count is not known \(c is also changed inside the loop body\)/);
    expect(r2.nests[0].iterations.value).toBeNull();
  });
  it("a parameter counter: -D cnt binds its value on entry, the body reads cnt - 1 - t", () => {
    const src = "void f(float *v, int cnt) {\n  while (cnt--)\n    v[cnt] *= 2.0f;\n}\n";
    const n = engine.analyze(src, { defines: { cnt: 6 } }).nests[0];
    expect(n.loops[0].tripCount).toMatchObject({ expr: "cnt", value: 6 });
    expect(n.arrays[0].footprintElements.value).toBe(6);
    expect(n.accesses[0].strides["cnt'"].elements).toBe(-1);
  });
});

describe("control forms inside loops", () => {
  const r = () => analyse("control", SIZES.control[0]);
  it("a data-dependent break: the trip count is unknown and says where the loop ends", () => {
    const n = nest(r(), "first_above:8");
    expect(n.loops[0].tripCount.value).toBeNull();
    expect(n.loops[0].tripCount.reason).toMatch(/break at line 10 when score\[i\] >= thr/);
  });
  it("if (j > i) break; first in the body bounds j by min(n, i + 1): n(n+1)/2 taps, exact for bound sizes", () => {
    for (const s of SIZES.control) {
      const x = nest(analyse("control", s), "tri_break:97");
      expect(x.iterations.value).toBe((s.n * (s.n + 1)) / 2);
      expect(x.flops.value).toBe((s.n * (s.n + 1)) / 2);
      expect(x.loops[1].tripCount.reason).toMatch(/break at line 100 or at its bound: j < min\(n, i \+ 1\)/);
      expect(nest(analyse("control", s), "tail_down:111").iterations.value).toBe(s.n - s.lo);
    }
    // Unbound sizes: no formula, and the reason says how it would be counted.
    expect(nest(engine.analyze(text("control"), { file: "control.c" }), "tri_break:97").iterations.value).toBeNull();
    // A break that reads data leaves the trip count unknown.
    const data = engine.analyze("void f(float *a, int n) { for (int j = 0; j < n; j++) { a[j] = 0; if (a[j + 1] > 3) break; } }", { defines: { n: 9 } }).nests[0];
    expect(data.loops[0].tripCount.reason).toMatch(/break at line 1 when a\[j \+ 1\] > 3/);
    expect(data.iterations.value).toBeNull();
  });
  it("a break after other statements: they run once more, the rest runs while the condition fails", () => {
    // j > 3: a[j] for j <= min(n-1, 4), b[j] for j <= min(n-1, 3); counting down, j < 3: a for j >= 2, b for j >= 3.
    const src = `void up(float *a, float *b, int n) { for (int j = 0; j < n; j++) { a[j] = 0; if (j > 3) break; b[j] = 1; } }
void down(float *a, float *b, int n) { for (int j = n - 1; j >= 0; j--) { a[j] = 0; if (j < 3) break; b[j] = 1; } }
void tri(float *a, float *b, int n) { for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { a[i*n+j] = 0; if (j >= i) break; b[i*n+j] = 1; } }`;
    for (const n of [0, 2, 4, 9]) {
      const [u, d, t] = engine.analyze(src, { defines: { n } }).nests;
      const fp = (x: NestReport, name: string) => x.arrays.find((a) => a.name === name)?.footprintElements.value;
      expect(u.loops[0].tripCount.value).toBe(Math.min(n, 5));
      expect([fp(u, "a"), fp(u, "b")]).toEqual([Math.min(n, 5), Math.min(n, 4)]);
      expect([fp(d, "a"), fp(d, "b")]).toEqual([Math.max(0, n - 2), Math.max(0, n - 3)]);
      expect([fp(t, "a"), fp(t, "b")]).toEqual([(n * (n + 1)) / 2, n ? (n * (n - 1)) / 2 : 0]);
      expect(t.loops[1].tripCount.value).toBeNull(); // depends on i
    }
    // Unbound sizes: unknown, naming the break.
    expect(engine.analyze(src, {}).nests[0].loops[0].tripCount.reason).toMatch(/ends at the break at line 1 or at its bound: j < min\(n, 5\)/);
    // Step 2 (j = 0, 2, 4, ...; j > 2 first at 4): a for j in {0, 2, 4}, b for {0, 2}; counting down by 3 from 9 (9, 6, 3; j < 5 first at 3).
    const steps = `void up2(float *a, float *b, int n) { for (int j = 0; j < n; j += 2) { a[j] = 0; if (j > 2) break; b[j] = 1; } }
void down3(float *a, float *b, int n) { for (int j = n - 1; j >= 0; j -= 3) { a[j] = 0; if (j < 5) break; b[j] = 1; } }`;
    for (const n of [3, 5, 10]) {
      const [u2, d3] = engine.analyze(steps, { defines: { n } }).nests;
      const fp = (x: NestReport, name: string) => x.arrays.find((a) => a.name === name)?.footprintElements.value;
      const run = (from: number, step: number, cap: (j: number) => boolean) => {
        const a = [], b = [];
        for (let j = from; step > 0 ? j < n : j >= 0; j += step) { a.push(j); if (cap(j)) break; b.push(j); }
        return [a.length, b.length];
      };
      expect([fp(u2, "a"), fp(u2, "b")]).toEqual(run(0, 2, (j) => j > 2));
      expect([fp(d3, "a"), fp(d3, "b")]).toEqual(run(n - 1, -3, (j) => j < 5));
    }
  });
  it("a break bounded by sizes that are all bound gives the loop's trip count (attn_causal_break)", () => {
    const src = "void f(const float *q, const float *kc, float *att, int T, int hd, int pos) { for (int t = 0; t < T; t++) { if (t > pos) break; float s = 0; for (int i = 0; i < hd; i++) s += q[i] * kc[t * hd + i]; att[t] = s; } }";
    for (const [T, pos] of [[6, 3], [4, 7], [4, -2]]) {
      const x = engine.analyze(src, { defines: { T, hd: 3, pos } }).nests[0];
      const trips = Math.max(0, Math.min(T, pos + 1));
      expect(x.loops[0].tripCount.value).toBe(trips);
      expect(x.macs.value).toBe(trips * 3);
      expect(x.arrays.find((a) => a.name === "kc")?.footprintElements.value).toBe(trips * 3);
    }
    expect(engine.analyze(src, { defines: { T: 6, hd: 3 } }).nests[0].loops[0].tripCount.value).toBeNull();
  });
  it("if (j == i) continue; guards the rest of the body: n*(n-1) squares", () => {
    const { n } = SIZES.control[0];
    const x = nest(r(), "offdiag:17");
    expect(x.flops.byKind.mul.value).toBe(n * (n - 1));
    expect(x.arrays.find((a) => a.name === "d")!.footprintElements.value).toBe(n * (n - 1));
  });
  it("switch on the loop variable: each case body runs for its own value of l", () => {
    const { width } = SIZES.control[0];
    const x = nest(r(), "act_layers:29");
    expect(x.flops.byKind.mul.value).toBe(width);
    expect(x.flops.byKind.add.value).toBe(width);
  });
  it("switch on data: the cases' counts are unknown, naming the switch", () => {
    const x = nest(r(), "apply_ops:46");
    expect(x.flops.value).toBeNull();
    expect(x.flops.reason).toMatch(/ops\[i\]/);
  });
  it("for (; i < n; i++) after for (i = 0; i < k; i++) starts at k", () => {
    const { n, k } = SIZES.control[0];
    expect(nest(r(), "pad_copy:61").loops[0].tripCount.value).toBe(n - k);
    const un = engine.analyze("void f(float *o, int n, int k, int *m) {\n  int i = 0;\n  if (m[0]) i = k;\n  for (; i < n; i++) o[i] = 0;\n}\n", { defines: { n: 9, k: 2 } }).nests[0];
    expect(un.loops[0].tripCount.value).toBeNull();
    expect(un.loops[0].tripCount.reason).toMatch(/i is changed inside the if at line 3/);
  });
  it("a blocked loop with no initialiser, then a tail loop from its exit value (saxpy_tail)", () => {
    const src = "void f(float *y, const float *x, float a, int n) {\n  int i = 0;\n  for (; i + 3 < n; i += 4) { y[i] += a * x[i]; y[i + 1] += a * x[i + 1]; y[i + 2] += a * x[i + 2]; y[i + 3] += a * x[i + 3]; }\n  for (; i < n; i++) y[i] += a * x[i];\n}\n";
    for (const n of [0, 3, 4, 10, 7]) {
      const [main, tail] = engine.analyze(src, { defines: { n } }).nests;
      expect(main.loops[0].tripCount.value).toBe(Math.floor(n / 4));
      expect(main.macs.value).toBe(4 * Math.floor(n / 4));
      expect(tail.loops[0].tripCount.value).toBe(n % 4);
      expect(tail.arrays.find((a) => a.name === "y")?.footprintElements.value).toBe(n % 4);
    }
    const sym = engine.analyze(src, {}).nests;
    expect(sym.map((x) => x.loops[0].tripCount.expr)).toEqual(["floor(n/4)", "n - 4*floor(n/4)"]);
    // Two header variables stepping by 2 and 4: the one in the condition counts, the other is its alias.
    const two = engine.analyze("void g(float *y, int n) { int i, j; for (i = 0, j = 1; i < n; i += 2, j += 4) y[j] = 0; }", { defines: { n: 9 } }).nests[0];
    expect(two.loops[0].tripCount.value).toBe(5);
    expect(two.accesses[0].strides.i.elements).toBe(4); // j moves 4 per iteration
    expect(engine.analyze("void g(float *y, int n) { int i, j; for (i = 0, j = 0; i < n; i += 4, j += 2) y[j] = 0; }", { defines: { n: 9 } }).nests[0].loops[0].tripCount.value).toBeNull();
  });
  it("two counters in one header: i < j meets in the middle", () => {
    for (const n of [10, 13]) expect(nest(analyse("control", { ...SIZES.control[0], n }), "reverse:69").loops[0].tripCount.value).toBe(Math.floor(n / 2));
  });
  it("a for inside a convergence while: figures are per sweep, totals unknown with the while's line", () => {
    const x = nest(r(), "relax:83");
    expect(x.iterations.value).toBeNull();
    expect(x.iterations.expr).toBe("n - 2");
    expect(x.iterations.reason).toMatch(/per iteration of the loop at line 81/);
    expect(x.unknowns.some((u) => u.line === 81)).toBe(true);
  });
  it("a goto into a loop: its trip count is unknown, naming the label", () => {
    const n = engine.analyze("void f(float *a, int n) {\n  int i = 0;\n  if (n > 5) goto mid;\n  for (i = 0; i < n; i++) {\n  mid: a[i] = 0;\n  }\n}\n", { defines: { n: 10 } }).nests[0];
    expect(n.loops[0].tripCount.reason).toMatch(/goto may enter the loop at the label at line 5/);
  });
  it("a variable the header only initialises is its initial value in the condition", () => {
    const r = engine.analyze("void f(float *a, int n) { for (int i = 0, n4 = n / 4; i < n4; i++) a[i] = 0; }\nvoid g(float *a, int n) { int i, m; for (i = 0, m = n - 1; i < m; i++) a[i] = a[i + 1]; }", { defines: { n: 10 } });
    expect(r.nests.map((x) => x.loops[0].tripCount.expr)).toEqual(["floor(n/4)", "n - 1"]);
    const changed = engine.analyze("void f(float *a, int n) { int m; for (int i = 0, m = n; i < m; i++) { a[i] = 0; if (a[0] > 1) m--; } }", { defines: { n: 10 } }).nests[0];
    expect(changed.loops[0].tripCount.value).toBeNull();
  });
  it("a pointer set and stepped by the header is an induction pointer into its array", () => {
    // p = x + 2i for i < 5: x[0], x[2], .., x[8]: 5 elements, stride 2.
    const n = engine.analyze("void f(float *y, const float *x, int n) { const float *p; int i; for (i = 0, p = x; i < n; i++, p += 2) y[i] = *p; }", { defines: { n: 5 } }).nests[0];
    expect(n.loops[0].tripCount.value).toBe(5);
    expect(n.unknowns).toEqual([]);
    expect(n.arrays.find((a) => a.name === "x")?.footprintElements.value).toBe(5);
    expect(n.accesses.find((a) => a.text === "*p")?.strides.i.elements).toBe(2);
  });
  it("a header step that depends on the iteration or on data leaves the pointer unknown, and its reads count", () => {
    const a = (h: string) => engine.analyze(`void f(float *y, const float *x, int n, int *m) { const float *p; int i; ${h} y[i] = *p; }`, { defines: { n: 5 } }).nests[0];
    const byI = a("for (i = 0, p = x; i < n; i++, p += i)");
    expect(byI.arrays.find((x) => x.name === "x")?.footprintElements.reason).toMatch(/p changes by an amount Loopsmith cannot follow/);
    const byData = a("for (i = 0, p = x; i < n; i++, p += m[i])");
    expect(byData.arrays.find((x) => x.name === "x")?.footprintElements.value ?? null).toBeNull();
    expect(byData.arrays.find((x) => x.name === "m")?.footprintElements.value).toBe(5);
    // A continue skips nothing of the header's step, but the body's own steps: followed conservatively (unknown).
    const cont = a("for (i = 0, p = x; i < n; i++, p += 2) if (m[i]) continue; else");
    expect(cont.accesses.find((x) => x.text === "*p")?.array ?? "p").not.toBe("x");
  });
});

// ---- 3. rewrites -----------------------------------------------------------------------------

describe("rewrites refuse while/do loops, naming them", () => {
  const sizes = SIZES.batch[0];
  const refuse = (name: string, spec: TransformSpec, why: RegExp) => {
    const r = engine.transform(text(name), spec, { defines: name === "batch" ? sizes : SIZES[name][0] });
    expect(r.ok, "applied a rewrite of a while loop").toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  };
  it("unroll of a while (cnt--) loop", () => refuse("blocks4", { kind: "unroll", nest: "scale_blocks:32", loop: "blk'", factor: 2 }, /while loop `while \(blk--\)` \(line 32\)/));
  it("unroll of a do-while loop", () => refuse("batch", { kind: "unroll", nest: "smooth_reps:21", loop: "reps'", factor: 2 }, /do-while loop/));
  it("permute a while with its inner for", () => refuse("batch", { kind: "permute", nest: "layer_bias:33", order: ["j", "l'"] }, /while loop `while \(l-- > 0\)`/));
  it("tile a while with its inner for", () => refuse("batch", { kind: "tile", nest: "layer_bias:33", sizes: { "l'": 2, j: 2 } }, /while loop/));
  it("unroll-and-jam of a while", () => refuse("batch", { kind: "unrollJam", nest: "layer_bias:33", loop: "l'", factor: 2 }, /while loop/));
  it("fission of a while-rooted nest", () => refuse("batch", { kind: "fission", nest: "dense_batch:7" }, /while loop `while \(batch\)`/));
  it("fuse two counted whiles", () => refuse("blocks4", { kind: "fuse", nest: "dot_blocks:10" }, /while loop|no nest follows/));
  it("a for with no initialiser or two counters is not rewritten", () => {
    const r = engine.transform(text("control"), { kind: "unroll", nest: "reverse:69", loop: "i", factor: 2 }, { defines: SIZES.control[0] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/its header is not of the form/);
  });
  it("a loop with if (c) continue; is not unrolled (the continue would skip the copies)", () => {
    const r = engine.transform(text("control"), { kind: "unroll", nest: "offdiag:17", loop: "j", factor: 2 }, { defines: SIZES.control[0] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/continue/);
  });
  it("unrolling the for inside a while-rooted nest is legal and keeps the output (two sizes)", () => {
    for (const [k, s] of SIZES.batch.entries()) {
      const src = text("batch");
      const t = engine.transform(src, { kind: "unroll", nest: "layer_bias:33", loop: "j", factor: 2 }, { defines: s });
      expect(t.ok ? "" : t.reason).toBe("");
      if (!t.ok) return;
      const opt = ["-O1", "-ffp-contract=off", "-Wall"];
      const a = compileKernel(join(work, "tr", String(k), "orig"), src, { dataDir, driver: "batch.driver.c", sizes: s, opt });
      const b = compileKernel(join(work, "tr", String(k), "new"), t.text, { dataDir, driver: "batch.driver.c", sizes: s, opt });
      expect(a.error).toBeUndefined();
      expect(b.error).toBeUndefined();
      expect(compareOutputs(a.output!, b.output!, 0)).toBeNull();
    }
  });
});

// ---- 4. nothing vanishes ---------------------------------------------------------------------

function cFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? cFiles(join(dir, e.name)) : e.name.endsWith(".c") ? [join(dir, e.name)] : []));
}

describe("nothing vanishes", () => {
  it("every for of every function is in a nest, or a problem or unknown on its line says why", async () => {
    const parser = await initParser();
    const every = [...cFiles(join(repoRoot, "samples")), ...cFiles(join(repoRoot, "server", "test", "data"))].filter((f) => !f.endsWith(".driver.c"));
    expect(every.length).toBeGreaterThan(30);
    // npm test: the first file of every directory and about one in 4 of the others (by name,
    // helpers/sample.ts); LOOPSMITH_FULL=1 (a step of .ci/run): every file.
    const files = sampled(every, (f) => f.slice(repoRoot.length), 4, firstOfEach(every, (f) => f.replace(/\/[^/]*$/, "")));
    expect(files.length).toBeGreaterThan(FULL ? 30 : 20);
    const extra = `
void k(float *dst, const float *src, int n, int m, int batch) {
  while (batch) { for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) dst[i*m+j] = src[i*m+j] * 2.0f;
                  src += n * m; dst += n * m; batch--; } }
void g(float *x, int n, int *t) {
  lbl: { for (int i = 0; i < n; i++) x[i] = 0; }
  switch (t[0]) { case 1: { for (int i = 0; i < n; i++) x[i] += 1; } break; default: for (;;) { if (x[0] > 1) break; x[0] += 1; } }
  do { for (int i = 0; i < n; i++) { while (x[i] > 0) { for (int j = 0; j < 2; j++) x[j] -= 1; } } } while (t[1]--);
  x[0] = ({ int s = 0; for (int i = 0; i < n; i++) s += i; s; });
}`;
    let checked = 0;
    const missing: string[] = [];
    for (const [file, src] of [...files.map((f) => [f, readFileSync(f, "utf8")] as const), ["extra.c", extra] as const]) {
      const report = engine.analyze(src, { file });
      const tree = parse(parser, src);
      const lines = new Set([...report.problems.map((p) => p.line), ...report.nests.flatMap((n) => n.unknowns.map((u) => u.line ?? -1))]);
      const starts = new Set(report.nests.flatMap((n) => n.allLoops.map((l) => l.start)));
      const visit = (n: SyntaxNode, inFunction: boolean) => {
        const fn = inFunction || n.type === "function_definition";
        if (n.type === "for_statement" && fn) {
          checked++;
          const line = n.startPosition.row + 1;
          if (!starts.has(n.startIndex) && !lines.has(line)) missing.push(`${file}:${line}: ${n.text.split("\n")[0].slice(0, 60)}`);
        }
        for (const c of n.namedChildren) if (c) visit(c, fn);
      };
      visit(tree.rootNode, false);
      tree.delete();
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});
