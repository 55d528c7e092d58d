// The OpenMP pragma rewrites (simd.ts, parallel.ts) built as they are meant to run: gcc -O3
// -march=native -fopenmp, two threads (OMP_NUM_THREADS=2), so the simd loops are vectorised
// and the parallel loops split. transform.test.ts runs the same specs at -O1; this suite checks
// that vector lanes and threads give the same printed arrays: bit for bit, or within a relative
// 1e-5 when the result's notes say it reorders floating-point additions (a reduction).
// Targets: the samples with a driver and the simd/parallel fixtures; specs: simd and parallel
// on every loop of every nest (by line), plus the nest-level defaults.

import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine, type TransformResult, type TransformSpec } from "../src/engine";
import { repoRoot } from "./helpers/engine";
import { compareOutputs, fixtureDriver } from "./helpers/gcc";
import { FULL, firstOfEach, sampled } from "./helpers/sample";

const run = promisify(execFile);
const engine = await Engine.create();
const driversDir = join(repoRoot, "server", "test", "data", "diff-drivers");
const fixturesDir = join(repoRoot, "server", "test", "data", "transform");
const GCC = ["-std=gnu11", "-O3", "-march=native", "-ffp-contract=off", "-fopenmp", "-Wall"];
const FP_NOTE = /floating-point additions/;

interface Target { name: string; text: string; defines: Record<string, number>; driver: string }

/** `-D NAME=VALUE` flags on a fixture's `// loopsmith-test:` line. */
function fixtureDefines(text: string): Record<string, number> {
  const line = text.split("\n", 1)[0];
  return Object.fromEntries([...line.matchAll(/-D\s*(\w+)=(-?\d+)/g)].map((m) => [m[1], Number(m[2])]));
}

function targets(): Target[] {
  const out: Target[] = [];
  for (const f of readdirSync(driversDir).filter((f) => f.endsWith(".c")).sort())
    out.push({ name: `samples/${f}`, text: readFileSync(join(repoRoot, "samples", f), "utf8"), defines: {}, driver: readFileSync(join(driversDir, f), "utf8") });
  for (const kind of ["simd", "parallel", "scalarReplace"])
    for (const f of readdirSync(join(fixturesDir, kind)).filter((f) => f.endsWith(".before.c")).sort()) {
      const text = readFileSync(join(fixturesDir, kind, f), "utf8");
      const driver = fixtureDriver(text);
      if (driver) out.push({ name: `${kind}/${f}`, text, defines: fixtureDefines(text), driver });
    }
  return out;
}

interface Case { target: Target; key: string; result: TransformResult }

function cases(): Case[] {
  const out: Case[] = [];
  for (const target of targets()) {
    const { nests } = engine.lowerAll(target.text, { defines: target.defines });
    for (const nest of nests) {
      const lines = new Set<number>();
      const visit = (n: import("../src/engine/ir/types").Node) => {
        if (n.kind === "loop") { lines.add(n.span.line); n.body.forEach(visit); }
        else if (n.kind === "if") [...n.then, ...n.else].forEach(visit);
      };
      visit(nest.root);
      const specs: TransformSpec[] = [{ kind: "simd", nest: nest.id }, { kind: "parallel", nest: nest.id }];
      for (const line of lines) specs.push({ kind: "simd", nest: nest.id, line }, { kind: "parallel", nest: nest.id, line });
      const seen = new Set<string>();
      for (const spec of specs) {
        const result = engine.transform(target.text, spec, { defines: target.defines });
        const key = `${target.name} ${nest.id} --${spec.kind}${"line" in spec && spec.line !== undefined ? ` --at ${spec.line}` : ""}`;
        if (result.ok && seen.has(result.text)) continue;
        if (result.ok) seen.add(result.text);
        out.push({ target, key, result });
      }
    }
  }
  return out;
}

async function build(dir: string, kernel: string, driver: string): Promise<{ output?: string; error?: string }> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.c"), kernel);
  writeFileSync(join(dir, "driver.c"), driver);
  try { await run("gcc", [...GCC, "-I", driversDir, "-o", "a.out", "driver.c", "-lm"], { cwd: dir }); }
  catch (e) { return { error: `gcc failed:\n${(e as { stderr?: string }).stderr ?? String(e)}` }; }
  try { return { output: (await run(join(dir, "a.out"), [], { cwd: dir, maxBuffer: 64 << 20, timeout: 20_000, env: { ...process.env, OMP_NUM_THREADS: "2" } })).stdout }; }
  catch (e) { return { error: `run failed: ${String(e)}` }; }
}

const all = cases();
// Each applied case is a gcc -O3 -fopenmp build and run. npm test runs the first simd and the
// first parallel case of the samples and of each fixture family, and about one in APPLIED_SAMPLE
// of the others (by key, helpers/sample.ts); LOOPSMITH_FULL=1 (a step of .ci/run) runs them all.
const APPLIED_SAMPLE = 5;
const everyApplied = all.filter((c) => c.result.ok);
const familyKind = (c: Case) => `${c.target.name.split("/")[0]} ${c.key.split(" --")[1].split(" ")[0]}`;
const applied = sampled(everyApplied, (c) => c.key, APPLIED_SAMPLE, firstOfEach(everyApplied, familyKind));
if (!FULL) console.log(`omp: ${applied.length} of ${everyApplied.length} applied cases (a sample: LOOPSMITH_FULL=1 runs them all)`);
const work = mkdtempSync(join(tmpdir(), "loopsmith-omp-"));
const originals = new Map<string, { output?: string; error?: string }>();
const rewrites = new Map<string, { output?: string; error?: string }>();

describe("OpenMP pragmas at -O3 with two threads", () => {
  beforeAll(async () => {
    const ts = [...new Map(applied.map((c) => [c.target.name, c.target])).values()];
    // One gcc at a time, two jobs: the machine is shared.
    const jobs = [
      ...ts.map((t, i) => async () => { originals.set(t.name, await build(join(work, `t${i}`), t.text, t.driver)); }),
      ...applied.map((c, i) => async () => { rewrites.set(c.key, await build(join(work, `c${i}`), (c.result as { text: string }).text, c.target.driver)); }),
    ];
    let next = 0;
    await Promise.all([0, 1].map(async () => { while (next < jobs.length) await jobs[next++](); }));
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("applies both pragmas somewhere, and refuses with reasons elsewhere", () => {
    const kinds = new Set(everyApplied.map((c) => c.key.split(" --")[1].split(" ")[0]));
    expect([...kinds].sort()).toEqual(["parallel", "simd"]);
    for (const c of all) if (!c.result.ok) expect(c.result.reason.trim(), c.key).not.toBe("");
  });

  for (const c of applied)
    it(`${c.key}: same output`, () => {
      const orig = originals.get(c.target.name)!;
      expect(orig.error).toBeUndefined();
      const mine = rewrites.get(c.key)!;
      const text = (c.result as { text: string }).text;
      expect(mine.error, `${mine.error}\n--- rewritten ---\n${text}`).toBeUndefined();
      const fp = c.result.ok && c.result.notes.some((n) => FP_NOTE.test(n));
      expect(compareOutputs(orig.output!, mine.output!, fp ? 1e-5 : 0), `outputs differ\n--- rewritten ---\n${text}`).toBeNull();
    });
});
