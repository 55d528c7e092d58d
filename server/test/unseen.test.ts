// Unseen-kernel acceptance checks: PolyBench-style kernels that are not samples of this repo
// (data/unseen/<name>.c, each with data/unseen/<name>.driver.c), run through `gcc -E -P`
// first (system headers, GNU attributes, `#pragma scop`, VLA parameters bound with -D).
//
//  1. Figures: every statement count, nest iteration count and array footprint the engine
//     reports as a number must equal what an instrumented gcc run counts (harness/), and every
//     unguarded figure must be known. MACs/FLOPs of a few kernels are checked by hand below.
//  2. Transformations: a representative set of rewrites must compile, print the same output
//     as the original (relative 1e-5 when the engine notes reassociated floating-point
//     additions) and add no gcc -Wall -Wextra warning; reorders of kernels with in-place
//     dependences (seidel-2d, floyd-warshall, lu) must be refused, naming the dependence.
//
// Drivers get their sizes as -DS_<name>=<value>; the engine gets the same values as -D <name>.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine, type FileReport, type NestReport, type TransformSpec } from "../src/engine";
import { instrument } from "./harness/instrument";
import { compareRun, guardedRanges, isGuarded, parseRun } from "./harness/compare";
import { compareOutputs, compileKernel, ppSafeRuntime, type Built } from "./helpers/gcc";
import { FULL, firstOfEach, sampled } from "./helpers/sample";

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, "data/unseen");

type Sizes = Record<string, number>;
const SIZES: Record<string, Sizes> = {
  gemm: { ni: 7, nj: 9, nk: 5 },
  "2mm": { ni: 6, nj: 5, nk: 8, nl: 7 },
  atax: { m: 9, n: 11 },
  bicg: { m: 10, n: 7 },
  mvt: { n: 13 },
  gesummv: { n: 12 },
  syr2k: { n: 9, m: 6 },
  trmm: { m: 8, n: 7 },
  lu: { n: 11 },
  jacobi2d: { tsteps: 3, n: 10 },
  seidel2d: { tsteps: 3, n: 9 },
  fdtd2d: { tmax: 3, nx: 8, ny: 7 },
  covariance: { m: 7, n: 9 },
  heat3d: { tsteps: 2, n: 7 },
  doitgen: { nr: 4, nq: 5, np: 6 },
  floyd: { n: 10 },
  conv_nhwc: { H: 7, W: 6, C: 3, K: 4, R: 3, S: 2 },
  softmax: { rows: 5, cols: 9 },
  fdtd_min: {},
};

/** Figure checks the engine gets wrong: kernel -> the bug; none known. (fdtd2d and fdtd_min
 *  caught sibling loops reusing a variable name being merged in the footprint union.) */
const FIGURE_BUGS: Record<string, string> = {};

/** The kernel with `restrict` on every VLA parameter (`DATA_TYPE X[` -> `DATA_TYPE X[restrict `)
 *  and on conv_nhwc's bias and out pointers. */
const withRestrict = (text: string) => text.replace(/DATA_TYPE (\w+)\[(restrict )?/g, "DATA_TYPE $1[restrict ")
  .replace("const int32_t *bias, int8_t *out", "const int32_t *restrict bias, int8_t *restrict out");

let engine: Engine;
let work: string;
const pp = new Map<string, string>();

/** `gcc -E -P` of a kernel (restrict variant when `r`). */
function preprocessed(name: string, r = false): string {
  const key = `${name}${r ? "_r" : ""}`;
  let text = pp.get(key);
  if (text === undefined) {
    const src = readFileSync(join(dataDir, `${name}.c`), "utf8");
    const dir = join(work, "pp"); mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${key}.c`), r ? withRestrict(src) : src);
    text = execFileSync("gcc", ["-E", "-P", `${key}.c`], { cwd: dir, encoding: "utf8" });
    pp.set(key, text);
  }
  return text;
}


/** The kernel compiled with its driver (data dir, sizes as -DS_name) and run. */
const compileAndRun = (dir: string, kernel: string, name: string, opt: string[]): Built =>
  compileKernel(dir, kernel, { dataDir, driver: `${name}.driver.c`, sizes: SIZES[name], opt });

beforeAll(async () => {
  engine = await Engine.create();
  work = mkdtempSync(join(tmpdir(), "loopsmith-unseen-"));
});
afterAll(() => { if (work && !process.env.UNSEEN_KEEP) rmSync(work, { recursive: true, force: true }); });

// ---- 1. figures against instrumented runs ----------------------------------------------------

/** The report of a kernel (restrict variant when `r`): analysed once, read by several tests. */
const reports = new Map<string, FileReport>();
function analyse(name: string, r = false): FileReport {
  const key = `${name}${r ? "_r" : ""}`;
  let report = reports.get(key);
  if (!report) reports.set(key, (report = engine.analyze(preprocessed(name, r), { file: `${name}.c`, defines: SIZES[name] })));
  return report;
}

describe("unseen kernels (gcc -E -P): engine figures equal instrumented gcc runs", () => {
  for (const name of Object.keys(SIZES)) {
    const bug = FIGURE_BUGS[name];
    (bug ? it.fails : it)(`${name}${bug ? ` (engine bug: ${bug})` : ""}`, () => {
      const text = preprocessed(name);
      const report = analyse(name);
      expect(report.problems).toEqual([]);
      expect(report.nests.length).toBeGreaterThan(0);
      const inst = instrument(text, report);
      expect(inst.skipped.map((s) => s.stmt.line)).toEqual([]);
      const run = compileAndRun(join(work, "bf", name), ppSafeRuntime(inst.code), name, ["-O0", "-w"]);
      expect(run.error).toBeUndefined();
      const cmp = compareRun(text, report, inst, parseRun(run.output!));
      expect(cmp.mismatches, cmp.mismatches.join("\n")).toEqual([]);
      const guards = guardedRanges(text);
      for (const nest of report.nests) {
        expect(cmp.comparedIterations.has(nest), `${nest.id} iterations unknown: ${nest.iterations.reason}`).toBe(true);
        for (const st of nest.statements)
          if (!isGuarded(st, guards)) expect(cmp.comparedStatements.has(st), `${nest.id} line ${st.line}: ${st.executions.reason}`).toBe(true);
        // A figure without a value must say why.
        for (const a of nest.arrays) if (a.footprintElements.value === null) expect(a.footprintElements.reason ?? "").not.toBe("");
        for (const u of nest.unknowns) expect(u.reason.trim()).not.toBe("");
      }
      expect(cmp.comparedArrays).toBeGreaterThan(0);
    });
  }
});

describe("unseen kernels: MACs and FLOPs by hand", () => {
  const fig = (n: NestReport) => ({ macs: n.macs.value, add: n.flops.byKind.add.value, mul: n.flops.byKind.mul.value, div: n.flops.byKind.div.value, call: n.flops.byKind.call.value });
  const only = (name: string, i = 0) => analyse(name).nests[i];
  it("gemm: one MAC per inner iteration, beta scaling is a mul", () => {
    const { ni, nj, nk } = SIZES.gemm;
    expect(fig(only("gemm"))).toEqual({ macs: ni * nj * nk, add: ni * nj * nk, mul: ni * nj * (2 * nk + 1), div: 0, call: 0 });
  });
  it("gesummv: y = alpha*tmp + beta*y is one more MAC per row", () => {
    const { n } = SIZES.gesummv;
    expect(fig(only("gesummv"))).toEqual({ macs: n * (2 * n + 1), add: n * (2 * n + 1), mul: 2 * n * (n + 1), div: 0, call: 0 });
  });
  it("syr2k (triangular): a + of two products is one MAC, the += of a sum is not", () => {
    const { n, m } = SIZES.syr2k;
    const tri = (n * (n + 1)) / 2;
    expect(fig(only("syr2k"))).toEqual({ macs: m * tri, add: 2 * m * tri, mul: 4 * m * tri + tri, div: 0, call: 0 });
  });
  it("lu: triangular in-place, one division per strictly-lower element", () => {
    const { n } = SIZES.lu;
    const macs = (n * (n - 1) * (2 * n - 1)) / 6;
    expect(fig(only("lu"))).toEqual({ macs, add: macs, mul: macs, div: (n * (n - 1)) / 2, call: 0 });
  });
  it("covariance: the division by (float_n - 1.0) adds a subtraction", () => {
    const { m, n } = SIZES.covariance;
    const tri = (m * (m + 1)) / 2;
    expect(fig(only("covariance", 0))).toEqual({ macs: 0, add: m * n, mul: 0, div: m, call: 0 });
    expect(fig(only("covariance", 2))).toEqual({ macs: n * tri, add: n * tri + tri, mul: n * tri, div: tri, call: 0 });
  });
  it("heat-3d: five MACs per point and statement", () => {
    const { tsteps, n } = SIZES.heat3d;
    const pts = tsteps * (n - 2) ** 3;
    expect(fig(only("heat3d"))).toEqual({ macs: 10 * pts, add: 18 * pts, mul: 12 * pts, div: 0, call: 0 });
  });
  it("fdtd-2d: three update sweeps", () => {
    const { tmax, nx, ny } = SIZES.fdtd2d;
    const macs = tmax * ((nx - 1) * ny + nx * (ny - 1) + (nx - 1) * (ny - 1));
    expect(fig(only("fdtd2d"))).toEqual({ macs, add: tmax * (2 * (nx - 1) * ny + 2 * nx * (ny - 1) + 4 * (nx - 1) * (ny - 1)), mul: macs, div: 0, call: 0 });
  });
  it("softmax: fmaxf and expf are math calls", () => {
    const { rows, cols } = SIZES.softmax;
    expect(fig(only("softmax"))).toEqual({ macs: 0, add: 2 * rows * cols, mul: 0, div: rows * cols, call: rows * (2 * cols - 1) });
  });
  it("conv2d NHWC int8: integer MACs, no FLOPs", () => {
    const { H, W, C, K, R, S } = SIZES.conv_nhwc;
    const n = only("conv_nhwc");
    expect(n.macs.value).toBe((H - R + 1) * (W - S + 1) * K * R * S * C);
    expect(n.flops.value).toBe(0);
  });
  it("floyd-warshall: a ?: with different work is unknown with a reason, not guessed", () => {
    const n = only("floyd");
    expect(n.unknowns.map((u) => u.reason).join("\n")).toMatch(/branches .* do different work/);
  });
});

// ---- 2. transformations ------------------------------------------------------------------------

const FP_NOTE = /floating-point additions/;

interface TCase { name: string; restrict: boolean; nest: number; spec: Omit<TransformSpec, "nest">; label: string }
const t = (name: string, restrict: boolean, nest: number, spec: Record<string, unknown>, label: string): TCase =>
  ({ name, restrict, nest, spec: spec as Omit<TransformSpec, "nest">, label });

/** Must be applied, compile, run and print the same as the original. */
const APPLIED: TCase[] = [
  t("gemm", true, 0, { kind: "fission" }, "--fission"),
  t("gemm", true, 0, { kind: "unrollJam", loop: "k", factor: 3 }, "--unroll-jam k=3"),
  t("gemm", false, 0, { kind: "unroll", loop: "j", factor: 3 }, "--unroll j=3"),
  t("2mm", false, 0, { kind: "layout" }, "--layout"),
  t("2mm", false, 0, { kind: "tile", sizes: { i: 3, j: 4 } }, "--tile i=3,j=4"),
  t("2mm", false, 0, { kind: "unrollJam", loop: "i", factor: 2 }, "--unroll-jam i=2"),
  t("mvt", false, 0, { kind: "fuse" }, "--fuse"),
  t("mvt", false, 1, { kind: "layout" }, "--layout"),
  t("mvt", false, 1, { kind: "unrollJam", loop: "i", factor: 3 }, "--unroll-jam i=3"),
  t("atax", true, 1, { kind: "fission" }, "--fission"),
  t("syr2k", false, 0, { kind: "unroll", loop: "j", factor: 3 }, "--unroll j=3"),
  t("trmm", false, 0, { kind: "unroll", loop: "k", factor: 3 }, "--unroll k=3"),
  t("jacobi2d", false, 0, { kind: "unroll", loop: "t", factor: 2 }, "--unroll t=2"),
  t("jacobi2d", true, 0, { kind: "unrollJam", loop: "i", factor: 3 }, "--unroll-jam i=3"),
  t("2mm", true, 0, { kind: "fuse" }, "--fuse"),
  t("2mm", true, 1, { kind: "layout" }, "--layout"),
  t("gesummv", true, 0, { kind: "fission" }, "--fission"),
  t("trmm", true, 0, { kind: "tile", sizes: { i: 3, j: 4 } }, "--tile i=3,j=4"),
  t("covariance", true, 0, { kind: "layout" }, "--layout"),
  t("covariance", true, 1, { kind: "permute", order: ["j", "i"] }, "--permute j,i"),
  t("heat3d", true, 0, { kind: "unrollJam", loop: "j", factor: 3 }, "--unroll-jam j=3"),
  t("doitgen", false, 0, { kind: "unroll", loop: "s", factor: 3 }, "--unroll s=3"),
  t("heat3d", false, 0, { kind: "unroll", loop: "k", factor: 3 }, "--unroll k=3"),
  t("floyd", false, 0, { kind: "unrollJam", loop: "i", factor: 3 }, "--unroll-jam i=3"),
  t("conv_nhwc", false, 0, { kind: "unrollJam", loop: "s", factor: 3 }, "--unroll-jam s=3"),
  t("conv_nhwc", true, 0, { kind: "unrollJam", loop: "oh", factor: 2 }, "--unroll-jam oh=2"),
  t("softmax", false, 0, { kind: "unroll", loop: "c", factor: 3 }, "--unroll c=3"),
];

/** Must be refused; the reason or a blocker must match. */
const REFUSED: (TCase & { why: RegExp })[] = [
  // The picked tile size holds every loop of these small kernels whole: refused, not a no-op tiling.
  { ...t("mvt", false, 0, { kind: "tile", sizes: { i: 0, j: 0 } }, "--tile i=0,j=0"), why: /nothing to tile/ },
  { ...t("seidel2d", false, 0, { kind: "permute", order: ["i", "t", "j"] }, "--permute i,t,j"), why: /dependence on A: A\[/ },
  { ...t("seidel2d", false, 0, { kind: "tile", sizes: { i: 0, j: 0 } }, "--tile i=0,j=0"), why: /dependence on A/ },
  { ...t("seidel2d", false, 0, { kind: "layout" }, "--layout"), why: /dependence on A/ },
  { ...t("floyd", false, 0, { kind: "permute", order: ["i", "k", "j"] }, "--permute i,k,j"), why: /dependence on path: .*path\[k\]\[j\]/ },
  { ...t("floyd", false, 0, { kind: "permute", order: ["j", "i", "k"] }, "--permute j,i,k"), why: /dependence on path/ },
  { ...t("floyd", false, 0, { kind: "unrollJam", loop: "k", factor: 2 }, "--unroll-jam k=2"), why: /dependence on path/ },
  { ...t("lu", false, 0, { kind: "fission" }, "--fission"), why: /dependence on A/ },
  { ...t("lu", false, 0, { kind: "layout" }, "--layout"), why: /dependence on A/ },
];

/** Transform cases the engine gets wrong: `${name} ${label}` -> the bug. */
const TRANSFORM_BUGS: Record<string, string> = {};

function nestId(name: string, restrict: boolean, index: number): string {
  const nest = analyse(name, restrict).nests[index];
  if (!nest) throw new Error(`${name}: no nest #${index}`);
  return nest.id;
}

/** Sibling loops often share a name here (PolyBench declares i, j once): name the first one by its line. */
function atFirstLoop(text: string, spec: TransformSpec, name: string): TransformSpec {
  if (spec.kind !== "unroll" && spec.kind !== "unrollJam") return spec;
  const nest = engine.analyze(text, { defines: SIZES[name] }).nests.find((n) => n.id === spec.nest);
  const loop = nest?.allLoops.find((l) => l.var === spec.loop);
  return loop ? { ...spec, line: loop.line } : spec;
}


const GCC = ["-O1", "-ffp-contract=off", "-Wall", "-Wextra"];

// Each applied case compiles and runs the rewrite at -O1. npm test runs the first case of every
// kind of transformation and about one in APPLIED_SAMPLE of the others (by name,
// helpers/sample.ts); every kernel's figures are checked above all the same. LOOPSMITH_FULL=1 (a
// step of .ci/run) runs them all.
const APPLIED_SAMPLE = 10;
const caseName = (c: TCase) => `${c.name}${c.restrict ? " (restrict)" : ""} nest#${c.nest} ${c.label}`;
const appliedSample = sampled(APPLIED, caseName, APPLIED_SAMPLE, firstOfEach(APPLIED, (c) => String(c.spec.kind)));
if (!FULL) console.log(`unseen: ${appliedSample.length} of ${APPLIED.length} applied cases (a sample: LOOPSMITH_FULL=1 runs them all)`);

describe("unseen kernels (gcc -E -P): applied transformations keep the output", () => {
  const originals = new Map<string, Built>();
  for (const c of appliedSample) {
    const key = `${c.name}${c.restrict ? " (restrict)" : ""} nest#${c.nest} ${c.label}`;
    const bug = TRANSFORM_BUGS[key];
    (bug ? it.fails : it)(`${key}${bug ? ` (engine bug: ${bug})` : ""}`, () => {
      const text = preprocessed(c.name, c.restrict);
      const okey = `${c.name}${c.restrict ? "_r" : ""}`;
      if (!originals.has(okey)) originals.set(okey, compileAndRun(join(work, "tr", okey, "orig"), text, c.name, GCC));
      const orig = originals.get(okey)!;
      expect(orig.error).toBeUndefined();
      const r = engine.transform(text, atFirstLoop(text, { ...c.spec, nest: nestId(c.name, c.restrict, c.nest) } as TransformSpec, c.name), { defines: SIZES[c.name] });
      expect(r.ok ? "" : `${r.reason}\n${r.blockers.join("\n")}`, "refused").toBe("");
      if (!r.ok) return;
      const mine = compileAndRun(join(work, "tr", okey, c.label.replace(/[^a-z0-9]+/gi, "_")), r.text, c.name, GCC);
      expect(mine.error).toBeUndefined();
      const fp = r.notes.some((n) => FP_NOTE.test(n));
      expect(compareOutputs(orig.output!, mine.output!, fp ? 1e-5 : 0)).toBeNull();
      expect([...mine.warnings].filter((w) => !orig.warnings.has(w)), "new warnings").toEqual([]);
    });
  }
});

describe("unseen kernels (gcc -E -P): reorders of in-place kernels are refused naming the dependence", () => {
  for (const c of REFUSED) {
    it(`${c.name} nest#${c.nest} ${c.label}`, () => {
      const text = preprocessed(c.name, c.restrict);
      const r = engine.transform(text, { ...c.spec, nest: nestId(c.name, c.restrict, c.nest) } as TransformSpec, { defines: SIZES[c.name] });
      expect(r.ok, "applied a transformation that must be refused").toBe(false);
      if (r.ok) return;
      expect([r.reason, ...r.blockers].join("\n")).toMatch(c.why);
    });
  }
});
