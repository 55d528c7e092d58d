// --to-layout NCHW|NHWC, as data: data/transform/toLayout/<name>.before.c with the hand-written
// <name>.after.c, or <name>.refused.c with `// expect-refused: <regex>` (format:
// helpers/layoutFixtures.ts). Then every fixture that is rewritten is compiled and run with gcc
// at each of its `// loopsmith-sizes:` sets (the rewrite made at that size), against the
// original at the same size: bit for bit, or within 1e-5 when the notes say floating-point
// additions are reordered. The samples conv_nchw.c and conv_nhwc.c run the same way.

import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Engine, type TransformSpec } from "../src/engine";
import { repoRoot } from "./helpers/engine";
import { FULL, sampled } from "./helpers/sample";
import { compareOutputs } from "./helpers/gcc";
import { compileAndRun, logicalDriver, parseLayoutFlags, resized, sizeSets } from "./helpers/layoutFixtures";

const engine = await Engine.create();
const KIND = "toLayout";
const dir = join(repoRoot, "server", "test", "data", "transform", KIND);
const read = (name: string) => readFileSync(join(dir, name), "utf8");
const names = (suffix: string) => readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => f.slice(0, -suffix.length));
const work = mkdtempSync(join(tmpdir(), "loopsmith-tolayout-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function checkTransform(name: string): void {
  const before = read(`${name}.before.c`);
  const { spec, defines } = parseLayoutFlags(before);
  expect(spec.kind).toBe(KIND);
  const r = engine.transform(before, spec, { defines });
  expect(r.ok ? "" : `${r.reason}\n${r.blockers.join("\n")}`, "refused").toBe("");
  if (!r.ok) return;
  expect(r.text).toBe(read(`${name}.after.c`));
  expect(r.title).toMatch(new RegExp(`${(spec as { layout: string }).layout} order`));
}

function checkRefused(name: string): void {
  const src = read(`${name}.refused.c`);
  const { spec, defines } = parseLayoutFlags(src);
  const want = /^\/\/ expect-refused: (.*)$/m.exec(src);
  expect(want, "a refused fixture needs `// expect-refused: <regex>`").not.toBeNull();
  const r = engine.transform(src, spec, { defines });
  expect(r.ok, "applied a transformation that must be refused").toBe(false);
  if (r.ok) return;
  expect([r.reason, ...r.blockers].join("\n")).toMatch(new RegExp(want![1]));
}

describe("toLayout fixtures", () => {
  for (const name of names(".before.c")) it(name, () => checkTransform(name));
  for (const name of names(".refused.c")) it(`${name} is refused`, () => checkRefused(name));
});

/** Runs the rewrite of `text` at each size set against the original at that size. */
async function differential(label: string, text: string, spec: TransformSpec, sets: Record<string, number>[], driverOf: (src: string) => string): Promise<void> {
  const defines = {};
  expect(sets.length, `${label} needs // loopsmith-sizes: with two sets`).toBeGreaterThanOrEqual(2);
  for (const [k, sizes] of sets.entries()) {
    const src = resized(text, sizes);
    const r = engine.transform(src, spec, { defines });
    expect(r.ok ? "" : r.reason, `refused at ${JSON.stringify(sizes)}`).toBe("");
    if (!r.ok) return;
    const driver = driverOf(src);
    const orig = await compileAndRun(join(work, `${label}-${k}`, "orig"), src, driver);
    const mine = await compileAndRun(join(work, `${label}-${k}`, "new"), r.text, driver);
    expect(orig.error).toBeUndefined();
    expect(mine.error, `${mine.error}\n--- rewritten ---\n${r.text}`).toBeUndefined();
    const fp = r.notes.some((n) => /floating-point additions/.test(n));
    expect(compareOutputs(orig.output!, mine.output!, fp ? 1e-5 : 0), `outputs differ at ${JSON.stringify(sizes)}\n--- rewritten ---\n${r.text}`).toBeNull();
    expect(mine.warnings.filter((w) => !orig.warnings.includes(w))).toEqual([]);
  }
}

// npm test runs the differential test on the first fixture and about one in DIFF_SAMPLE of the
// others (by name, helpers/sample.ts), and on each sample converted to the other layout;
// LOOPSMITH_FULL=1 (a step of .ci/run): every fixture, each sample to both layouts.
const DIFF_SAMPLE = 3;
describe("toLayout differential tests with gcc, two sizes each", () => {
  const all = names(".before.c");
  for (const name of sampled(all, (n) => n, DIFF_SAMPLE, (n) => n === all[0])) {
    it(name, async () => { const t = read(`${name}.before.c`); await differential(name, t, parseLayoutFlags(t).spec, sizeSets(t), (src) => logicalDriver(src)); }, 60_000);
  }
  for (const sample of ["conv_nchw.c", "conv_nhwc.c"]) {
    const path = join(repoRoot, "samples", sample);
    for (const layout of ["NCHW", "NHWC"] as const) {
      if (!FULL && sample.includes(layout.toLowerCase())) continue;
      it(`samples/${sample} --to-layout ${layout}`, async () => {
        const text = readFileSync(path, "utf8");
        const report = engine.analyze(text);
        const nest = report.nests.find((n) => Object.values(n.roles).some((r) => r.role))!;
        expect(nest, "the sample has a tensor nest").toBeDefined();
        // The sample's own differential driver (data/diff-drivers), at its sizes and at the
        // smaller ones in its `// loopsmith-sizes:` line.
        const driver = readFileSync(join(repoRoot, "server", "test", "data", "diff-drivers", sample), "utf8");
        await differential(`${sample}-${layout}`, text, { kind: "toLayout", nest: nest.id, layout }, [{}, ...sizeSets(text)], () => driver);
      }, 60_000);
    }
  }
});
