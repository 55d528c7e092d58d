// Brute-force property test: for every sample, on a few random small sizes, the engine's exact
// figures (statement executions, nest iterations, array footprints) must equal what a real run
// counts. The sample is instrumented (harness/instrument.ts), compiled with gcc together with a
// hand-written driver (data/drivers/<sample>.c) and run.
//
// Reproduce a failure: the test name and message print the seed and the sizes; set
// BF_SEED=<seed> to rerun every sample with that seed.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine, type FileReport } from "../src/engine";
import { instrument } from "./harness/instrument";
import { compareRun, guardedRanges, isGuarded, parseRun } from "./harness/compare";
import { mulberry32 } from "./helpers/prng";

const here = dirname(fileURLToPath(import.meta.url));
const samplesDir = join(here, "../../samples");
const driversDir = join(here, "data/drivers");
const SETS = 4;
const MAX_ITERATIONS = 200_000;

// ---- deterministic randomness ---------------------------------------------------------------


interface Rng { int(lo: number, hi: number): number }
const rng = (seed: number): Rng => {
  const next = mulberry32(seed);
  return { int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
};

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

// ---- sizes per sample -------------------------------------------------------------------------
// Only the plain numeric #defines are rewritten; derived macros (depthwise OH/OW) follow.
// Ranges keep every nest well under MAX_ITERATIONS and the code valid (no zero-length arrays,
// no out-of-bounds accesses).

type Sizes = Record<string, number>;
const SIZES: Record<string, (r: Rng) => Sizes> = {
  // I is [C][FW+K-1][FH+K-1]; K >= 1 so the window stays inside I.
  conv: (r) => ({ N: r.int(1, 4), C: r.int(1, 4), K: r.int(1, 4), FW: r.int(1, 9), FH: r.int(1, 9) }),
  // OH = H - KH + 1 and OW = W - KW + 1 must be >= 1.
  depthwise: (r) => {
    const KH = r.int(1, 4), KW = r.int(1, 4);
    return { H: KH + r.int(0, 7), W: KW + r.int(0, 7), C: r.int(1, 6), KH, KW };
  },
  fc: (r) => ({ IN: r.int(1, 80), OUT: r.int(1, 40) }),
  matmul: (r) => ({ M: r.int(1, 14), N: r.int(1, 14), P: r.int(1, 14) }),
  // Both pooling loops work for any H, W >= 2 (odd sizes drop the last row/column: floor(H/2)).
  pooling: (r) => ({ C: r.int(1, 5), H: r.int(2, 15), W: r.int(2, 15) }),
  // The stencil sweeps 1..N-2; N >= 2 (N = 2 sweeps nothing).
  stencil: (r) => ({ N: r.int(2, 50) }),
  // every_fourth touches i = 3, 7, ... <= L - 1; L >= 1 keeps D non-empty.
  triangular: (r) => ({ N: r.int(1, 30), M: r.int(1, 30), L: r.int(1, 60) }),
};

interface Case { sample: string; set: number; seed: number; sizes: Sizes }

function cases(sample: string): Case[] {
  const seed = process.env.BF_SEED ? Number(process.env.BF_SEED) >>> 0 : (fnv1a(sample) ^ 0x5eed2025) >>> 0;
  const r = rng(seed);
  return Array.from({ length: SETS }, (_, set) => ({ sample, set, seed, sizes: SIZES[sample](r) }));
}

/** Engine bugs found by this test: `${sample}#${set}` -> why the case is expected to fail. */
const KNOWN_ENGINE_BUGS: Record<string, string> = {};

// ---- helpers ----------------------------------------------------------------------------------

/** Rewrites `#define NAME VALUE` lines; every size must occur exactly once as a plain number. */
export function rewriteDefines(text: string, sizes: Sizes): string {
  let out = text;
  for (const [name, value] of Object.entries(sizes)) {
    const re = new RegExp(`^([ \\t]*#[ \\t]*define[ \\t]+${name}[ \\t]+)\\d+[ \\t]*$`, "gm");
    const hits = out.match(re)?.length ?? 0;
    if (hits !== 1) throw new Error(`#define ${name} <number> occurs ${hits} times`);
    out = out.replace(re, `$1${value}`);
  }
  return out;
}

function compileAndRun(dir: string, kernel: string, driver: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.c"), kernel);
  writeFileSync(join(dir, "driver.c"), driver);
  const exe = join(dir, "a.out");
  try {
    execFileSync("gcc", ["-std=gnu11", "-O0", "-w", "-o", exe, "driver.c"], { cwd: dir, stdio: "pipe", encoding: "utf8" });
  } catch (e) {
    throw new Error(`gcc failed in ${dir}:\n${(e as { stderr?: string }).stderr ?? String(e)}`);
  }
  return execFileSync(exe, [], { cwd: dir, stdio: "pipe", encoding: "utf8", timeout: 20_000 });
}

/** Analyses `text`, instruments it, runs it with `driver` and asserts the figures agree. */
function checkAgainstRun(where: string, file: string, text: string, driver: string, dir: string): void {
  const report = engine.analyze(text, { file, defines: {} });
  expect(report.problems, `${where} engine problems`).toEqual([]);
  expect(report.nests.length, `${where} nests`).toBeGreaterThan(0);
  for (const fn of new Set(report.nests.map((n) => n.function)))
    expect(new RegExp(`\\b${fn}\\s*\\(`).test(driver.replace(/\/\*[\s\S]*?\*\//g, "")), `${where} the driver must call ${fn}()`).toBe(true);

  const inst = instrument(text, report);
  expect(inst.skipped.map((s) => s.stmt.line), `${where} statements without an expression span`).toEqual([]);
  const out = compileAndRun(dir, inst.code, driver);
  const cmp = compareRun(text, report, inst, parseRun(out));

  expect(cmp.mismatches, `${where}\n${cmp.mismatches.join("\n")}`).toEqual([]);
  // Top-level figures must be known (non-null) and therefore compared.
  const guards = guardedRanges(text);
  for (const nest of report.nests) {
    expect(cmp.comparedIterations.has(nest), `${where} ${nest.id}: iterations not compared (${nest.iterations.reason ?? "?"})`).toBe(true);
    expect(nest.iterations.value!, `${where} ${nest.id}: keep sizes small`).toBeLessThanOrEqual(MAX_ITERATIONS);
    for (const st of nest.statements) {
      if (isGuarded(st, guards)) continue;
      expect(cmp.comparedStatements.has(st), `${where} ${nest.id} line ${st.line}: unguarded statement not compared (${st.executions.reason ?? "?"})`).toBe(true);
    }
  }
  expect(cmp.comparedArrays, `${where} no footprint compared`).toBeGreaterThan(0);
}

const fmt = (s: Sizes) => Object.entries(s).map(([k, v]) => `${k}=${v}`).join(" ");

// ---- tests ------------------------------------------------------------------------------------

let engine: Engine;
let work: string;
beforeAll(async () => {
  engine = await Engine.create();
  work = mkdtempSync(join(tmpdir(), "loopsmith-bf-"));
});
afterAll(() => { if (work && !process.env.BF_KEEP) rmSync(work, { recursive: true, force: true }); });

describe("brute force: engine figures equal gcc-compiled runs", () => {
  for (const sample of Object.keys(SIZES)) {
    for (const c of cases(sample)) {
      const key = `${sample}#${c.set}`;
      const bug = KNOWN_ENGINE_BUGS[key];
      const title = `${key} seed=${c.seed} ${fmt(c.sizes)}`;
      (bug ? it.fails : it)(title, () => {
        const where = `[${sample} set ${c.set}, seed ${c.seed} (BF_SEED=${c.seed}), sizes ${fmt(c.sizes)}]`;
        const text = rewriteDefines(readFileSync(join(samplesDir, `${sample}.c`), "utf8"), c.sizes);
        const driver = readFileSync(join(driversDir, `${sample}.c`), "utf8");
        checkAgainstRun(where, `${sample}.c`, text, driver, join(work, `${sample}-${c.set}`));
      });
    }
  }
});

// A conv-style sliding window (I[x + i]) whose window loop may be empty. K = 0 is valid C here
// (unlike conv.c, where K sizes W[C][K][K]) and a real corner of the samples' formulas.
const windowKernel = (k: number) => `#define N 8
#define K ${k}
float I[N + 4];
float s;
void window(void)
{
    for (int x = 0; x < N; x++)
        for (int i = 0; i < K; i++)
            s += I[x + i];
}
`;
const windowDriver = `#include "kernel.c"
int main(void) { window(); __ls_report(); return 0; }
`;

describe("brute force: edge sizes", () => {
  for (const k of [1, 2, 5]) {
    it(`window K=${k}`, () => checkAgainstRun(`[window K=${k}]`, "window.c", windowKernel(k), windowDriver, join(work, `window-${k}`)));
  }
  // An empty window loop (K = 0) touches nothing: footprint 0, not N + K - 1.
  it("window K=0 (empty window loop)", () => checkAgainstRun("[window K=0]", "window.c", windowKernel(0), windowDriver, join(work, "window-0")));
});

describe("brute-force harness", () => {
  const snippet = `#define N 5
float a[N];
float s;
void f(void)
{
    for (int i = 0; i < N; i++) {
        float t = a[i] * 2.0f;
        a[i] = a[i] + 1.0f;
        if (t > 1.0f) s += t;
    }
}
`;
  // Also checks the instrumentation keeps writes working (a[] must be incremented).
  const driver = `#include "kernel.c"
int main(void) { a[3] = 5.0f; f(); __ls_report(); for (int i = 0; i < N; i++) if (a[i] != (i == 3 ? 6.0f : 1.0f)) return 3; return s == 10.0f ? 0 : 4; }
`;

  it("agrees on a tiny snippet and detects wrong expected values", () => {
    const report = engine.analyze(snippet, { file: "snippet.c" });
    const inst = instrument(snippet, report);
    const out = compileAndRun(join(work, "snippet"), inst.code, driver);
    const run = parseRun(out);
    const ok = compareRun(snippet, report, inst, run);
    expect(ok.mismatches).toEqual([]);
    expect(ok.comparedIterations.size).toBe(1);
    expect(ok.comparedArrays).toBe(1);
    // The guarded `s += t` is found by the guard scan; `t = ...`, `a[i] = ...` and the condition are not guarded.
    const guards = guardedRanges(snippet);
    expect(report.nests[0].statements.map((s) => isGuarded(s, guards))).toEqual([false, false, false, true]);
    expect(run.stmts.get(inst.statements.find((s) => s.stmt.kind === "condition")!.index)).toBe(5);

    // Deliberately wrong expectations must be reported as mismatches.
    const wrong: FileReport = structuredClone(report);
    const nest = wrong.nests[0];
    nest.iterations.value = 6;
    nest.statements[1].executions.value = 4;
    nest.arrays[0].footprintElements.value = 7;
    const bad = compareRun(snippet, wrong, instrument(snippet, wrong), run);
    expect(bad.mismatches).toHaveLength(3);
    expect(bad.mismatches.join("\n")).toMatch(/iterations: engine says 6/);
    expect(bad.mismatches.join("\n")).toMatch(/engine says 4 .*run counted 5/);
    expect(bad.mismatches.join("\n")).toMatch(/footprint of a: engine says 7 .*touched 5/);
  });

  it("composes nested edits: statement wrappers contain instrumented accesses", () => {
    const report = engine.analyze(snippet, { file: "snippet.c" });
    const code = instrument(snippet, report).code;
    const touch = "(*(__typeof__(&(a[i])))__ls_touch(0, (const void *)&(a[i])))";
    expect(code).toContain(`float t = (__ls_stmt(0), (${touch} * 2.0f));`);
    expect(code).toContain(`(__ls_stmt(1), (${touch} = ${touch} + 1.0f));`);
    expect(code).toContain("if (__ls_stmt(2), ((t > 1.0f))) (__ls_stmt(3), (s += t));");
  });
});
