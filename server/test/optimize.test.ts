// `transform --optimize` (engine/optimize/search.ts), as data: every file of data/optimize/ (a
// kernel with its `// loopsmith-driver:` line and an `// expect-plan:` line) and every sample
// with a differential driver (data/diff-drivers/). For each:
// - the plan holds what the fixture expects (a step's flag matched by a regex), or `none`:
//   no plan (a well-ordered kernel is left as it is);
// - the plan is data: replaying its steps with `transform`, one by one, gives the same text;
// - the search is deterministic (a second run gives the same text);
// - the optimised file compiles with `-Wall -Wextra` without a new warning and prints the same
//   outputs as the original (bit for bit, or within a relative 1e-4 when the plan reorders a
//   floating-point sum: split accumulators).
// Speed is measured by `npm run bench:kernels`, not here.

import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { Engine, shippedTarget, type OptimizeOutcome } from "../src/engine";
import { repoRoot } from "./helpers/engine";
import { compareOutputs, fixtureDriver } from "./helpers/gcc";
import { sampled } from "./helpers/sample";

const run = promisify(execFile);
const engine = await Engine.create();
const target = shippedTarget("x86-64")!;
const dataDir = join(repoRoot, "server", "test", "data", "optimize");
const driversDir = join(repoRoot, "server", "test", "data", "diff-drivers");
const work = mkdtempSync(join(tmpdir(), "loopsmith-optimize-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Case { name: string; text: string; driver: string; expect: string | null }

function cases(): Case[] {
  const out: Case[] = [];
  for (const f of readdirSync(dataDir).filter((x) => x.endsWith(".c")).sort()) {
    const text = readFileSync(join(dataDir, f), "utf8");
    out.push({ name: `optimize/${f}`, text, driver: fixtureDriver(text)!, expect: /^\/\/ expect-plan: (.*)$/m.exec(text)?.[1] ?? null });
  }
  for (const f of readdirSync(join(repoRoot, "samples")).filter((x) => x.endsWith(".c")).sort()) {
    const driver = join(driversDir, f);
    if (!existsSync(driver)) continue; // a sample without a driver has no differential run
    out.push({ name: `samples/${f}`, text: readFileSync(join(repoRoot, "samples", f), "utf8"), driver: readFileSync(driver, "utf8"), expect: null });
  }
  return out;
}

const GCC = ["-std=gnu11", "-O1", "-ffp-contract=off", "-Wall", "-Wextra"];

async function compileAndRun(dir: string, kernel: string, driver: string): Promise<{ output?: string; warnings: Set<string>; error?: string }> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.c"), kernel);
  writeFileSync(join(dir, "driver.c"), driver);
  let stderr: string;
  try { stderr = (await run("gcc", [...GCC, "-I", driversDir, "-o", "a.out", "driver.c", "-lm"], { cwd: dir })).stderr; }
  catch (e) { return { warnings: new Set(), error: `gcc failed:\n${(e as { stderr?: string }).stderr ?? String(e)}` }; }
  const warnings = new Set([...stderr.matchAll(/^kernel\.c:\d+:\d+: warning: (.*)$/gm)].map((m) => m[1]));
  try { return { output: (await run(join(dir, "a.out"), [], { cwd: dir, maxBuffer: 64 << 20, timeout: 20_000 })).stdout, warnings }; }
  catch (e) { return { warnings, error: `run failed: ${String(e)}` }; }
}

// "is deterministic" runs the search a second time: npm test checks it on the first case and
// about one in AGAIN_SAMPLE of the others (by name, helpers/sample.ts); LOOPSMITH_FULL=1 (a step
// of .ci/run) on every case.
const AGAIN_SAMPLE = 3;

// Every fixture of data/optimize/ (each states its plan); of the samples, npm test searches
// conv.c and about one in SAMPLE_SAMPLES of the others (by name); LOOPSMITH_FULL=1 all of them.
const SAMPLE_SAMPLES = 3;

describe("transform --optimize", () => {
  const every = cases();
  const all = sampled(every, (c) => c.name, SAMPLE_SAMPLES, (c) => !c.name.startsWith("samples/") || c.name === "samples/conv.c");
  const again = new Set(sampled(all, (c) => c.name, AGAIN_SAMPLE, (c) => c.name === "samples/conv.c"));
  all.forEach((c, i) => {
    describe(c.name, () => {
      const r: OptimizeOutcome = engine.optimize(c.text, "file", { target });
      const flags = r.ok ? r.steps.map((s) => s.flag).join("; ") : "none";

      if (c.expect !== null) it(`plan matches "${c.expect}" (plan: ${flags})`, () => {
        if (c.expect === "none") expect(r.ok, flags).toBe(false);
        else expect(flags).toMatch(new RegExp(c.expect!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
      });

      if (!r.ok) {
        it("says why nothing was done", () => expect(r.reason).toMatch(/predicted faster|unknown|no loop nest/));
        return;
      }

      it("replays: each step as a transform gives the same text", () => {
        // A versioned plan was made as if the pointer parameters did not overlap: replayed so,
        // its rewrite is the branch the run-time check guards.
        // A step that holds only under run-time size conditions (an array made for m <= 1500)
        // is replayed as made, and the plan's text put under their check at the end.
        const options = { target, deferGuards: true, ...(r.versioned ? { assumeNoAlias: true } : {}) };
        let text = c.text;
        for (const s of r.steps) {
          const t = engine.transform(text, s.spec, options);
          expect(t.ok, `${s.flag} on\n${text}\n${t.ok ? "" : t.reason}`).toBe(true);
          if (t.ok) text = t.text;
        }
        const nests = engine.lowerAll(c.text).nests.filter((n) => r.steps.some((s) => s.nest === n.id));
        if (r.requires) {
          const v = engine.versionRewrite(c.text, text, nests, r.requires, false);
          expect("text" in v, "the size check is placed").toBe(true);
          if ("text" in v) text = v.text;
        }
        if (!r.versioned) { expect(text).toBe(r.text); return; }
        const v = engine.versionRewrite(c.text, text, nests);
        expect("text" in v && v.text).toBe(r.text);
      });

      if (again.has(c)) it("is deterministic", () => {
        const again = engine.optimize(c.text, "file", { target });
        expect(again.ok && again.text).toBe(r.text);
      });

      it("keeps the outputs and adds no warning (gcc -Wall -Wextra)", async () => {
        const [orig, mine] = await Promise.all([
          compileAndRun(join(work, `${i}`, "orig"), c.text, c.driver),
          compileAndRun(join(work, `${i}`, "opt"), r.text, c.driver),
        ]);
        expect(orig.error).toBeUndefined();
        expect(mine.error, `${mine.error}\n--- optimised ---\n${r.text}`).toBeUndefined();
        const reorders = r.notes.some((n) => /floating-point (additions|sum)/.test(n));
        expect(compareOutputs(orig.output!, mine.output!, reorders ? 1e-4 : 0), `outputs differ\n--- optimised ---\n${r.text}`).toBeNull();
        expect([...mine.warnings].filter((w) => !orig.warnings.has(w)), r.text).toEqual([]);
      }, 60_000);
    });
  });
});

describe("a plan under a run-time check of row lengths", () => {
  // matmul_get.c's plan holds only where c->cols >= b->cols (its rows fit): called on output rows
  // shorter than b's, the checked code must take the code as written and agree with it.
  it("runs the code as written where the rows do not fit, with the same outputs", async () => {
    const c = cases().find((x) => x.name === "optimize/matmul_get.c")!;
    const r = engine.optimize(c.text, "file", { target });
    expect(r.ok && r.requires).toContain("c->cols >= b->cols");
    if (!r.ok) return;
    const short = (t: string) => t.replace("(void)d;", "matmul(&a, &b, &d);");
    expect(short(c.text)).not.toBe(c.text);
    const [orig, mine] = await Promise.all([
      compileAndRun(join(work, "rows", "orig"), short(c.text), c.driver),
      compileAndRun(join(work, "rows", "opt"), short(r.text), c.driver),
    ]);
    expect(orig.error).toBeUndefined();
    expect(mine.error).toBeUndefined();
    expect(compareOutputs(orig.output!, mine.output!, 1e-4), short(r.text)).toBeNull();
  }, 60_000);
});

describe("transform --optimize on the command line", () => {
  const cli = join(repoRoot, "server", "bin", "loopsmith.js");
  const exec = async (args: string[]) => {
    try { const r = await run("node", [cli, ...args]); return { code: 0, ...r }; }
    catch (e) { const x = e as { code: number; stdout: string; stderr: string }; return { code: x.code, stdout: x.stdout, stderr: x.stderr }; }
  };

  it("exit 0 with the plan on standard error and the file on standard output", async () => {
    const r = await exec(["transform", join(repoRoot, "samples", "matmul.c"), "--optimize", "--target", "x86-64"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^plan: layout/m);
    expect(r.stderr).toMatch(/predicted .* -> /);
    expect(r.stdout).toContain("void matmul(void)");
  });

  it("exit 3 and nothing written when no plan beats the code", async () => {
    const out = join(work, "unchanged.c");
    const r = await exec(["transform", join(dataDir, "blur_rows.c"), "--optimize", "--target", "x86-64", "-o", out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no plan/);
    expect(existsSync(out)).toBe(false);
  });

  it("exit 2 for --optimize with another transformation or an unknown function", async () => {
    expect((await exec(["transform", join(repoRoot, "samples", "matmul.c"), "--optimize", "--layout"])).code).toBe(2);
    expect((await exec(["transform", join(repoRoot, "samples", "matmul.c"), "--threads", "2", "--layout", "--nest", "matmul:19"])).code).toBe(2);
    const r = await exec(["transform", join(repoRoot, "samples", "matmul.c"), "--optimize", "--function", "nope"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no nest in function nope/);
  });

  it("--threads 2 leaves a nest of less predicted work than a fork and join sequential", async () => {
    // With the file's own sizes (40 x 24) the init and ReLU nests take well under a microsecond.
    const out = join(work, "threads-small.c");
    const r = await exec(["transform", join(dataDir, "fc_relu_column.c"), "--function", "fc", "--optimize", "--target", "x86-64", "--threads", "2", "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).not.toMatch(/#pragma omp/);
  });

  it("--threads 2 puts OpenMP only on a nest's outermost loop, never inside a loop that carries a dependence", async () => {
    // After the reorder, fc_relu_column's compute nest runs i (the reduction) around o: o is
    // parallel, but a pragma there would fork and join on every i. The init and ReLU nests' own
    // outer loops are parallel (with 4M outputs: each nest is then worth a region).
    const out = join(work, "threads.c");
    const r = await exec(["transform", join(dataDir, "fc_relu_column.c"), "--function", "fc", "--optimize", "--target", "x86-64", "--threads", "2", "-D", "in=64", "-D", "out=4000000", "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, "utf8").split("\n");
    const pragmas = lines.flatMap((l, i) => (/#pragma omp parallel for/.test(l) ? [i] : []));
    expect(pragmas.length).toBeGreaterThan(0);
    // Loops open at each line, by indentation (the file is K&R style, as the rewrites keep it).
    const open: number[] = [];
    lines.forEach((l, j) => {
      if (!l.trim()) return;
      const indent = l.length - l.trimStart().length;
      while (open.length && indent <= open[open.length - 1]) open.pop();
      if (pragmas.includes(j - 1)) expect(open, `the pragma on line ${j} is inside another loop`).toEqual([]);
      if (/^for \(/.test(l.trim())) open.push(indent);
    });
  });

  it("--no-fp-reorder leaves out the steps that reorder floating-point sums", async () => {
    const conv = join(repoRoot, "samples", "conv.c");
    const free = await exec(["transform", conv, "--optimize", "--target", "x86-64"]);
    expect(free.stderr).toMatch(/^plan: layout/m); // the conv's reorder changes the order of its sum
    const exact = await exec(["transform", conv, "--optimize", "--target", "x86-64", "--no-fp-reorder"]);
    // What is left is order-preserving, or nothing (exit 3: the conv's gain is its reorder).
    expect(exact.stderr).toMatch(exact.code === 0 ? /^plan: /m : /no plan/);
    expect(exact.stderr).not.toMatch(/^plan: .*(layout|split-accumulators)/m);
    const fc = await exec(["transform", join(dataDir, "fc_alias.c"), "--optimize", "--target", "x86-64", "--no-fp-reorder"]);
    expect(fc.code).toBe(0);
    expect(fc.stderr).toMatch(/^plan: /m);
    expect(fc.stderr).not.toMatch(/split-accumulators/);
    expect(exact.stderr).not.toMatch(/floating-point/);
  });

  it("without --target says which target it chose", async () => {
    const r = await exec(["transform", join(repoRoot, "samples", "matmul.c"), "--optimize"]);
    expect(r.stderr).toMatch(/target .*default for this kind of machine/);
  });
});
