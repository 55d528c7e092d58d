// Transformation tests, as data.
//
// 1. Fixtures: data/transform/<kind>/<name>.before.c with <name>.after.c (the expected text,
//    written by hand) or <name>.refused.c (with `// expect-refused: <regex>` matched against the
//    reason and the blockers). Line 1 of every fixture holds the CLI flags:
//    `// loopsmith-test: --nest f:12 --tile i=4,j=8 -D n=20`. checkTransform / checkRefused are
//    the only code that calls engine.transform for fixtures.
// 2. Differential tests with gcc: for every sample and every fixture's before.c, every candidate
//    spec (layout, fission, permutations, tiles, unrolls) of every nest; each spec the engine
//    accepts is compiled with the same driver as the original (`gcc -std=gnu11 -O1
//    -ffp-contract=off -Wall -Wextra`), run, and its printed arrays compared: bit for bit, or
//    within a relative 1e-5 when the result's notes say it reorders floating-point additions.
//    The rewritten file must not bring a warning the original did not have. Drivers: samples use
//    data/diff-drivers/<sample>.c (it #includes "kernel.c"); a fixture's driver is generated from
//    its `// loopsmith-driver: call(); other(3); float A B; int C` line (calls, then the global
//    arrays by element type: every one is filled before the calls and printed after).
//
//    In npm test, 2. covers every sample and a sample of the fixtures and specs (below); LOOPSMITH_FULL=1, all.
//
// Engine bugs found here are listed in KNOWN_ENGINE_BUGS / FIXTURE_BUGS: those cases run as
// `it.fails`, so the suite turns red when a fix lands and the entry must go.

import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine, shippedTarget, type TransformResult, type TransformSpec } from "../src/engine";
import type { Loop, Node } from "../src/engine/ir/types";
import { initParser } from "../src/engine/syntax/parser";
import { fileScopeNames } from "./harness/memtrace";
import { repoRoot } from "./helpers/engine";
import { compareOutputs, fixtureDriver } from "./helpers/gcc";
import { includesOf, joinChunks, stripSuffix, type Chunk } from "./helpers/oneUnit";
import { FULL, firstOfEach, sampled } from "./helpers/sample";

const run = promisify(execFile);
const engine = await Engine.create();
const parser = await initParser();
const fixturesDir = join(repoRoot, "server", "test", "data", "transform");
const driversDir = join(repoRoot, "server", "test", "data", "diff-drivers");
const samplesDir = join(repoRoot, "samples");
const KINDS = ["permute", "layout", "fission", "fuse", "tile", "unroll", "unrollJam", "scalarReplace", "scalarExpand", "simd", "parallel", "splitAccumulators", "accumulateInPlace", "whileToFor", "subscripts", "privatize"] as const;
const FP_NOTE = /floating-point additions/;

// ---- fixtures -----------------------------------------------------------------------------------

interface Flags { spec: TransformSpec; defines: Record<string, number> }

/** The `// loopsmith-test:` line: the CLI flags without FILE. */
export function parseFlags(text: string): Flags {
  const m = /^\/\/ loopsmith-test:(.*)$/m.exec(text.split("\n", 1)[0]);
  if (!m) throw new Error("line 1 must be `// loopsmith-test: <flags>`");
  const args = m[1].trim().split(/\s+/);
  let nest = "";
  let spec: TransformSpec | undefined;
  let line: number | undefined;
  const defines: Record<string, number> = {};
  const pairs = (s: string) => Object.fromEntries(s.split(",").map((p) => { const [k, v] = p.split("="); return [k, Number(v)]; }));
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--nest") nest = args[++i];
    else if (a === "--permute") spec = { kind: "permute", nest, order: args[++i].split(",") };
    else if (a === "--layout") spec = { kind: "layout", nest };
    else if (a === "--fission") spec = { kind: "fission", nest };
    else if (a === "--tile") spec = { kind: "tile", nest, sizes: pairs(args[++i]) };
    else if (a === "--unroll") { const [[loop, factor]] = Object.entries(pairs(args[++i])); spec = { kind: "unroll", nest, loop, factor }; }
    else if (a === "--unroll-jam") { const [[loop, factor]] = Object.entries(pairs(args[++i])); spec = { kind: "unrollJam", nest, loop, factor }; }
    else if (a === "--fuse") spec = { kind: "fuse", nest };
    else if (a === "--scalar-expand") spec = { kind: "scalarExpand", nest, name: args[++i] };
    else if (a === "--max-trips" && spec?.kind === "scalarExpand") spec = { ...spec, maxTrips: pairs(args[++i]) };
    else if (a === "--accumulate-in-place") spec = { kind: "accumulateInPlace", nest, name: args[++i] };
    else if (a === "--simd") spec = { kind: "simd", nest };
    else if (a === "--parallel") spec = { kind: "parallel", nest };
    else if (a === "--while-to-for") spec = { kind: "whileToFor", nest };
    else if (a === "--subscripts") spec = { kind: "subscripts", nest };
    else if (a === "--privatize") spec = { kind: "privatize", nest, name: args[++i] };
    else if (a === "--split-accumulators") spec = { kind: "splitAccumulators", nest, factor: Number(args[++i]) };
    else if (a === "--scalar-replace") spec = { kind: "scalarReplace", nest, array: args[++i] };
    else if (a === "--at") line = Number(args[++i]);
    else if (a.startsWith("-D")) { const [k, v] = (a === "-D" ? args[++i] : a.slice(2)).split("="); defines[k] = Number(v); }
    else throw new Error(`unknown flag ${a}`);
  }
  if (!spec || !nest) throw new Error(`flags need --nest and a transformation: ${m[1]}`);
  return { spec: { ...spec, nest, ...(line !== undefined ? { line } : {}) } as TransformSpec, defines };
}

const read = (kind: string, name: string) => readFileSync(join(fixturesDir, kind, name), "utf8");
const fixtureNames = (kind: string, suffix: string) =>
  readdirSync(join(fixturesDir, kind)).filter((f) => f.endsWith(suffix)).sort().map((f) => f.slice(0, -suffix.length));

function checkTransform(kind: string, name: string): void {
  const before = read(kind, `${name}.before.c`);
  const { spec, defines } = parseFlags(before);
  expect(spec.kind).toBe(kind);
  const r = engine.transform(before, spec, { defines });
  expect(r.ok ? "" : `${r.reason}\n${r.blockers.join("\n")}`, "refused").toBe("");
  if (!r.ok) return;
  expect(r.text).toBe(read(kind, `${name}.after.c`));
  expect(r.title).not.toBe("");
}

function checkRefused(kind: string, name: string): void {
  const src = read(kind, `${name}.refused.c`);
  const { spec, defines } = parseFlags(src);
  expect(spec.kind).toBe(kind);
  const want = /^\/\/ expect-refused: (.*)$/m.exec(src);
  expect(want, "a refused fixture needs `// expect-refused: <regex>`").not.toBeNull();
  const r = engine.transform(src, spec, { defines });
  expect(r.ok, "applied a transformation that must be refused").toBe(false);
  if (r.ok) return;
  expect([r.reason, ...r.blockers].join("\n")).toMatch(new RegExp(want![1]));
}

/** Fixture cases the engine gets wrong (the hand-written after.c is the correct text); none known. */
const FIXTURE_BUGS: Record<string, string> = {};

describe("transformation fixtures", () => {
  for (const kind of KINDS) {
    describe(kind, () => {
      for (const name of fixtureNames(kind, ".before.c")) {
        const bug = FIXTURE_BUGS[`${kind}/${name}`];
        (bug ? it.fails : it)(`${name}${bug ? ` (engine bug: ${bug})` : ""}`, () => checkTransform(kind, name));
      }
      for (const name of fixtureNames(kind, ".refused.c")) it(`${name} is refused`, () => checkRefused(kind, name));
    });
  }
});

// ---- differential tests with gcc ----------------------------------------------------------------

/** Cases where the engine produces wrong code: `${target} ${label}` -> the bug; none known. */
const KNOWN_ENGINE_BUGS: Record<string, string> = {};

interface Target { name: string; text: string; defines: Record<string, number>; driver: string; known: boolean }

// A .c file a user drops into samples/ has no differential driver: say so, once, rather than fail.
const undriven = readdirSync(samplesDir).filter((f) => f.endsWith(".c") && !readdirSync(driversDir).includes(f));
if (undriven.length) console.log(`differential: no driver in data/diff-drivers/ for ${undriven.map((f) => `samples/${f}`).join(", ")}: not run with gcc here`);

function targets(): Target[] {
  const out: Target[] = [];
  // The samples that have a driver (a .c file a user drops into samples/ has none: not tested here).
  for (const f of readdirSync(driversDir).filter((f) => f.endsWith(".c")).sort())
    out.push({ name: `samples/${f}`, text: readFileSync(join(samplesDir, f), "utf8"), defines: {}, driver: readFileSync(join(driversDir, f), "utf8"), known: false });
  for (const kind of KINDS) for (const name of fixtureNames(kind, ".before.c")) {
    const text = read(kind, `${name}.before.c`);
    const driver = fixtureDriver(text);
    if (!driver) throw new Error(`${kind}/${name}.before.c has no // loopsmith-driver: line`);
    out.push({ name: `${kind}/${name}`, text, defines: parseFlags(text).defines, driver, known: false });
  }
  // Refused fixtures run too when they have a driver; their own spec must be refused.
  for (const kind of KINDS) for (const name of fixtureNames(kind, ".refused.c")) {
    const text = read(kind, `${name}.refused.c`);
    const driver = fixtureDriver(text);
    if (driver) out.push({ name: `${kind}/${name}.refused`, text, defines: parseFlags(text).defines, driver, known: true });
  }
  return out;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

const label = (s: TransformSpec): string => {
  switch (s.kind) {
    case "permute": return `${s.nest} --permute ${s.order.join(",")}`;
    case "layout": return `${s.nest} --layout`;
    case "fission": return `${s.nest} --fission${s.line !== undefined ? ` --at ${s.line}` : ""}`;
    case "tile": return `${s.nest} --tile ${Object.entries(s.sizes).map(([k, v]) => `${k}=${v}`).join(",")}`;
    case "unroll": return `${s.nest} --unroll ${s.loop}=${s.factor}`;
    case "unrollJam": return `${s.nest} --unroll-jam ${s.loop}=${s.factor}`;
    case "fuse": return `${s.nest} --fuse`;
    case "toLayout": return `${s.nest} --to-layout ${s.layout}`;
    case "scalarExpand": return `${s.nest} --scalar-expand ${s.name}`;
    case "simd": case "parallel": return `${s.nest} --${s.kind}${s.line !== undefined ? ` --at ${s.line}` : ""}`;
    case "scalarReplace": return `${s.nest} --scalar-replace ${s.array}${s.line !== undefined ? ` --at ${s.line}` : ""}`;
    case "splitAccumulators": return `${s.nest} --split-accumulators ${s.factor}${s.line !== undefined ? ` --at ${s.line}` : ""}`;
    case "whileToFor": return `${s.nest} --while-to-for`;
    case "subscripts": return `${s.nest} --subscripts`;
    default: return JSON.stringify(s);
  }
};

/** Candidate specs of one nest: loops are its deepest path, outermost first. */
function candidates(nest: string, loops: readonly string[], arrays: readonly string[] = [], locals: readonly string[] = []): TransformSpec[] {
  const specs: TransformSpec[] = [{ kind: "layout", nest }, { kind: "fission", nest }, { kind: "toLayout", nest, layout: "NCHW" }, { kind: "toLayout", nest, layout: "NHWC" }];
  // Permutations of every prefix of 2..4 loops (a prefix that is not a perfect band is refused).
  for (let k = 2; k <= Math.min(4, loops.length); k++)
    for (const p of permutations(loops.slice(0, k))) if (p.join() !== loops.slice(0, k).join()) specs.push({ kind: "permute", nest, order: p });
  // Tiles of prefixes of 1..3 loops: the default size, and small sizes 2-4 so remainders happen.
  for (let k = 1; k <= Math.min(3, loops.length); k++) {
    const band = loops.slice(0, k);
    specs.push({ kind: "tile", nest, sizes: Object.fromEntries(band.map((v) => [v, 0])) });
    specs.push({ kind: "tile", nest, sizes: Object.fromEntries(band.map((v, i) => [v, [3, 2, 4][i]])) });
  }
  for (const v of loops) for (const factor of [2, 3]) specs.push({ kind: "unroll", nest, loop: v, factor });
  for (const v of loops.slice(0, -1)) specs.push({ kind: "unrollJam", nest, loop: v, factor: 2 });
  specs.push({ kind: "fuse", nest });
  for (const array of arrays) specs.push({ kind: "scalarReplace", nest, array });
  specs.push({ kind: "simd", nest }, { kind: "parallel", nest }, { kind: "splitAccumulators", nest, factor: 2 }, { kind: "splitAccumulators", nest, factor: 3 }, { kind: "whileToFor", nest }, { kind: "subscripts", nest });
  for (const name of locals) specs.push({ kind: "scalarExpand", nest, name }, { kind: "accumulateInPlace", nest, name });
  return specs;
}

interface Case { target: Target; spec: TransformSpec; result: TransformResult; key: string }

/** Targets whose cache model picks tile sizes, by a small (16 KiB) and a large L1 / last level. */
const MODEL_TARGETS = ["Cortex-M7", "x86-64"].map((n) => [n, shippedTarget(n)!] as const);

const loopsIn = (n: Node): Loop[] => (n.kind === "loop" ? [n, ...n.body.flatMap(loopsIn)] : n.kind === "if" ? [...n.then, ...n.else].flatMap(loopsIn) : []);

// npm test runs the differential test on every sample, the first fixture of every family (kind)
// and about one in DIFF_SAMPLE of the other fixtures (by name, helpers/sample.ts); of their
// candidate specs, each fixture's own, the first of every kind of transformation on each sample
// and in each fixture family, and about one in SPEC_SAMPLE of the others (by key: the samples'
// deep nests have dozens of permutations). LOOPSMITH_FULL=1 (a step of .ci/run): every spec on
// every file.
const DIFF_SAMPLE = 8;
const SPEC_SAMPLE = 10;
const allTargets = targets();
const familyOf = (t: Target) => (t.name.startsWith("samples/") ? t.name : t.name.split("/")[0]);
const firstOfFamily = firstOfEach(allTargets, familyOf);
const diffTargets = sampled(allTargets, (t) => t.name, DIFF_SAMPLE, (t) => t.name.startsWith("samples/") || firstOfFamily(t));
if (!FULL) console.log(`differential: ${diffTargets.length} of ${allTargets.length} files (a sample: LOOPSMITH_FULL=1 runs them all)`);

function allCases(): Case[] {
  // The candidate specs of every file first: the sample keeps the first spec of each kind per
  // sample and per fixture family (and each fixture's own spec), then one in SPEC_SAMPLE by key.
  const pending: { target: Target; spec: TransformSpec; key: string; own: boolean }[] = [];
  const modelCases = new Map<Target, Case[]>();
  for (const target of diffTargets) {
    const report = engine.analyze(target.text, { file: target.name, defines: target.defines });
    // Scalars declared in loop bodies, per nest (the scalar expansion candidates).
    const locals = new Map(engine.lowerAll(target.text, { defines: target.defines }).nests.map((n) => [n.id, [...new Set(loopsIn(n.root).flatMap((l) => (l.decls ?? []).flatMap((d) => d.names)))]]));
    // A fixture's own spec runs too (its sizes, its --at), unless a candidate is the same.
    const own = target.name.startsWith("samples/") || target.known ? [] : [parseFlags(target.text).spec];
    const seen = new Set<string>();
    for (const nest of report.nests)
      for (const spec of [...candidates(nest.id, nest.loops.map((l) => l.var), nest.arrays.map((a) => a.name), locals.get(nest.id) ?? []), ...own.filter((s) => s.nest === nest.id)]) {
        const key = `${target.name} ${label(spec)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pending.push({ target, spec, key, own: own.includes(spec) });
      }
    // Tile sizes from the cache model (size 0 on a target with caches): the sizes differ from
    // the fixed default and leave remainders on the samples' trip counts.
    if (!target.name.startsWith("samples/")) continue;
    const mine: Case[] = [];
    for (const [cpu, machine] of MODEL_TARGETS) for (const nest of report.nests) {
      const band = nest.loops.map((l) => l.var).slice(0, 3);
      const spec: TransformSpec = { kind: "tile", nest: nest.id, sizes: Object.fromEntries(band.map((v) => [v, 0])) };
      const result = engine.transform(target.text, spec, { defines: target.defines, target: machine });
      mine.push({ target, spec, result, key: `${target.name} ${label(spec)} --target ${cpu}${result.ok && result.tileSizes ? ` (${Object.values(result.tileSizes).join("x")})` : ""}` });
    }
    modelCases.set(target, mine);
  }
  const firstOfKind = firstOfEach(pending, (p) => `${familyOf(p.target)} ${p.spec.kind}`);
  const chosen = new Set(sampled(pending, (p) => p.key, SPEC_SAMPLE, (p) => p.own || firstOfKind(p)));
  if (!FULL) console.log(`differential: ${chosen.size} of ${pending.length} candidate specs (a sample: LOOPSMITH_FULL=1 runs them all)`);
  const cases: Case[] = [];
  for (const target of diffTargets) {
    for (const p of pending) if (p.target === target && chosen.has(p)) cases.push({ target, spec: p.spec, key: p.key, result: engine.transform(target.text, p.spec, { defines: target.defines }) });
    cases.push(...(modelCases.get(target) ?? []));
  }
  return cases;
}

// -fopenmp for the pragma rewrites (simd, parallel): they run with two threads (OMP_NUM_THREADS=2).
const GCC = ["-std=gnu11", "-O1", "-ffp-contract=off", "-fopenmp", "-Wall", "-Wextra"];

interface Outcome { output?: string; warnings: Set<string>; error?: string }

/** Compiles kernel + driver in `dir`, runs it; warnings are the kernel's, without locations. */
async function compileAndRun(dir: string, kernel: string, driver: string): Promise<Outcome> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.c"), kernel);
  writeFileSync(join(dir, "driver.c"), driver);
  let stderr: string;
  try {
    stderr = (await run("gcc", [...GCC, "-I", driversDir, "-o", "a.out", "driver.c"], { cwd: dir })).stderr;
  } catch (e) {
    return { warnings: new Set(), error: `gcc failed:\n${(e as { stderr?: string }).stderr ?? String(e)}` };
  }
  const warnings = new Set([...stderr.matchAll(/^kernel\.c:\d+:\d+: warning: (.*)$/gm)].map((m) => m[1]));
  try {
    const r = await run(join(dir, "a.out"), [], { cwd: dir, maxBuffer: 64 << 20, timeout: 20_000, env: { ...process.env, OMP_NUM_THREADS: "2" } });
    return { output: r.stdout, warnings };
  } catch (e) {
    return { warnings, error: `run failed: ${String(e)}` };
  }
}

/**
 * The original and its rewrites (`kernels`, all of one target) built as one executable per set
 * of #include lines (helpers/oneUnit.ts: one gcc process instead of one per rewrite, the same
 * flags), each run on its own as `./a.out <i>`. Warnings are those gcc names in the kernel's
 * chunk, as compileAndRun reports them. When such a unit does not build, its kernels are
 * compiled one by one with compileAndRun (which reports each one's own gcc error).
 */
const unitStats = { units: 0, fallbacks: 0 };
async function buildTarget(dir: string, t: Target, kernels: readonly string[]): Promise<Outcome[]> {
  const at = t.driver.indexOf('#include "kernel.c"');
  if (at < 0) throw new Error(`${t.name}: the driver does not #include "kernel.c"`);
  const head = t.driver.slice(0, at), tail = t.driver.slice(at + '#include "kernel.c"'.length);
  const out: Outcome[] = new Array(kernels.length);
  const groups = new Map<string, number[]>();
  kernels.forEach((k, i) => { const key = includesOf(k); groups.set(key, [...(groups.get(key) ?? []), i]); });
  let g = 0;
  for (const members of groups.values()) {
    const gdir = join(dir, `u${g++}`);
    mkdirSync(gdir, { recursive: true });
    // diff-driver.h has no include guard: the first chunk includes it, the others use it.
    const chunks: Chunk[] = members.map((i, n) => ({
      names: fileScopeNames(parser, kernels[i]),
      parts: [{ file: `d${i}.c`, text: head }, { file: `k${i}.c`, text: kernels[i] }, { file: `d${i}.c`, text: n === 0 ? tail : tail.replace('#include "diff-driver.h"', "") }],
    }));
    const dispatch = `#line 1 "dispatch.c"\nint main(int argc, char **argv)\n{\n  int k = 0;\n  for (const char *p = argc > 1 ? argv[1] : \"\"; *p; p++) k = 10 * k + (*p - '0');\n  switch (k) {\n${members.map((_, n) => `  case ${n}: return main__u${n}();\n`).join("")}  }\n  return 99;\n}\n`;
    const decls = members.map((_, n) => `int main__u${n}(void);\n`).join("");
    writeFileSync(join(gdir, "all.c"), joinChunks(chunks) + decls + dispatch);
    let stderr: string;
    try {
      stderr = (await run("gcc", [...GCC, "-I", driversDir, "-o", "a.out", "all.c"], { cwd: gdir, maxBuffer: 64 << 20 })).stderr;
    } catch (e) {
      unitStats.fallbacks++;
      console.log(`${t.name}: the unit of ${members.length} files did not build, building them one by one:\n${(e as { stderr?: string }).stderr?.slice(0, 1500)}`);
      for (const i of members) out[i] = await compileAndRun(join(gdir, `alone${i}`), kernels[i], t.driver);
      continue;
    }
    unitStats.units++;
    await Promise.all(members.map(async (i, n) => {
      const warnings = new Set([...stderr.matchAll(new RegExp(`^k${i}\\.c:\\d+:\\d+: warning: (.*)$`, "gm"))].map((m) => stripSuffix(m[1])));
      try {
        const r = await run(join(gdir, "a.out"), [String(n)], { cwd: gdir, maxBuffer: 64 << 20, timeout: 20_000, env: { ...process.env, OMP_NUM_THREADS: "2" } });
        out[i] = { output: r.stdout, warnings };
      } catch (e) {
        out[i] = { warnings, error: `run failed: ${String(e)}` };
      }
    }));
  }
  return out;
}

/** Small pool: at most `n` jobs at a time. */
async function pool<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, async () => {
    while (next < jobs.length) { const k = next++; out[k] = await jobs[k](); }
  }));
  return out;
}


const cases = allCases();
const applied = cases.filter((c) => c.result.ok);
const work = mkdtempSync(join(tmpdir(), "loopsmith-diff-"));
const originals = new Map<string, Outcome>();
const rewrites = new Map<string, Outcome>();

describe("differential tests with gcc", () => {
  beforeAll(async () => {
    const started = Date.now();
    const uniqueTargets = [...new Map(cases.map((c) => [c.target.name, c.target])).values()];
    // One job per target: its original and every rewrite, built together (buildTarget).
    const jobs = uniqueTargets.map((t, i) => async () => {
      const mine = applied.filter((c) => c.target === t);
      const built = await buildTarget(join(work, `t${i}`), t, [t.text, ...mine.map((c) => (c.result as { text: string }).text)]);
      originals.set(t.name, built[0]);
      mine.forEach((c, k) => rewrites.set(c.key, built[k + 1]));
    });
    await pool(jobs, Math.max(2, cpus().length));
    const ok = applied.filter((c) => rewrites.get(c.key)?.output !== undefined).length;
    console.log(`differential: ${cases.length} specs on ${uniqueTargets.length} files, ${applied.length} applied (${ok} compiled and ran), ${cases.length - applied.length} refused; ${unitStats.units} units, ${unitStats.fallbacks} built one file at a time; ${((Date.now() - started) / 1000).toFixed(1)} s of gcc`);
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  for (const c of cases) {
    if (!c.result.ok) {
      it(`${c.key}: refused with a reason`, () => {
        const r = c.result as Extract<TransformResult, { ok: false }>;
        expect(r.reason.trim()).not.toBe("");
      });
      continue;
    }
    const bug = KNOWN_ENGINE_BUGS[c.key];
    (bug ? it.fails : it)(`${c.key}: same output${bug ? ` (engine bug: ${bug})` : ""}`, () => {
      const orig = originals.get(c.target.name)!;
      expect(orig.error, `${c.target.name} itself must compile and run`).toBeUndefined();
      const mine = rewrites.get(c.key)!;
      const text = (c.result as { text: string }).text;
      expect(mine.error, `${mine.error}\n--- rewritten ---\n${text}`).toBeUndefined();
      const fp = c.result.ok && c.result.notes.some((n) => FP_NOTE.test(n));
      expect(compareOutputs(orig.output!, mine.output!, fp ? 1e-5 : 0), `outputs differ\n--- rewritten ---\n${text}`).toBeNull();
      const added = [...mine.warnings].filter((w) => !orig.warnings.has(w));
      expect(added, `new warnings\n--- rewritten ---\n${text}`).toEqual([]);
    });
  }

  // A refused fixture with a driver must stay refused with its named dependence.
  for (const t of allTargets.filter((t) => t.known)) {
    it(`${t.name}: its own spec is refused`, () => {
      const { spec } = parseFlags(t.text);
      const r = engine.transform(t.text, spec, { defines: t.defines });
      expect(r.ok).toBe(false);
    });
  }
});

