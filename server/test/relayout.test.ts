// --relayout ARRAY=LAYOUT, as data: data/transform/relayout/<name>.before.c with the hand-written
// <name>.after.c, or <name>.refused.c with `// expect-refused: <regex>` (format:
// helpers/layoutFixtures.ts). Then every rewrite is compiled and run with gcc at each of its
// `// loopsmith-sizes:` sets: the driver fills every array through a function of its logical
// index, storing the relayouted array's element (i0, i1, ...) at the permuted position given by
// the fixture's hand-written `// loopsmith-perm:` line, and prints every array in logical order,
// so original and rewrite must print the same lines bit for bit (the arithmetic is unchanged;
// with --and-reorder, within 1e-5 when the notes say floating-point sums are reordered).
// As a check that the comparison can fail, the rewrite driven as if nothing moved (no
// permutation) must print something else.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Engine } from "../src/engine";
import { repoRoot } from "./helpers/engine";
import { sampled } from "./helpers/sample";
import { compareOutputs } from "./helpers/gcc";
import { compileAndRun, logicalDriver, parseLayoutFlags, perms, resized, sizeSets } from "./helpers/layoutFixtures";

const engine = await Engine.create();
const KIND = "relayout";
const dir = join(repoRoot, "server", "test", "data", "transform", KIND);
const read = (name: string) => readFileSync(join(dir, name), "utf8");
const names = (suffix: string) => readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => f.slice(0, -suffix.length));
const work = mkdtempSync(join(tmpdir(), "loopsmith-relayout-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("relayout fixtures", () => {
  for (const name of names(".before.c")) {
    it(name, () => {
      const before = read(`${name}.before.c`);
      const { spec, defines } = parseLayoutFlags(before);
      expect(spec.kind).toBe(KIND);
      const r = engine.transform(before, spec, { defines });
      expect(r.ok ? "" : `${r.reason}\n${r.blockers.join("\n")}`, "refused").toBe("");
      if (!r.ok) return;
      expect(r.text).toBe(read(`${name}.after.c`));
      expect(r.title).toMatch(/^Change \w+ to \w+ layout \(was \w+\)/);
    });
  }
  for (const name of names(".refused.c")) {
    it(`${name} is refused`, () => {
      const src = read(`${name}.refused.c`);
      const { spec, defines } = parseLayoutFlags(src);
      const want = /^\/\/ expect-refused: (.*)$/m.exec(src);
      expect(want, "a refused fixture needs `// expect-refused: <regex>`").not.toBeNull();
      const r = engine.transform(src, spec, { defines });
      expect(r.ok, "applied a relayout that must be refused").toBe(false);
      if (r.ok) return;
      expect([r.reason, ...r.blockers].join("\n")).toMatch(new RegExp(want![1]));
    });
  }
  it("a parameter's relayout says that callers outside the file must pass the new layout", () => {
    const src = read("params.before.c");
    const r = engine.transform(src, parseLayoutFlags(src).spec);
    expect(r.ok && r.notes.join("\n")).toMatch(/signature of conv\(\) changes: callers outside this file must pass I in the HWC layout/);
  });
});

// npm test runs the differential test on the first fixture and about one in DIFF_SAMPLE of the
// others (by name, helpers/sample.ts); LOOPSMITH_FULL=1 (a step of .ci/run): every fixture.
const DIFF_SAMPLE = 3;
describe("relayout differential tests with gcc, two sizes each", () => {
  const all = names(".before.c");
  for (const name of sampled(all, (n) => n, DIFF_SAMPLE, (n) => n === all[0])) {
    it(name, async () => {
      const text = read(`${name}.before.c`);
      const { spec, defines } = parseLayoutFlags(text);
      const perm = perms(text);
      expect(Object.keys(perm).length, "a relayout fixture needs // loopsmith-perm:").toBe(1);
      const sets = sizeSets(text);
      expect(sets.length).toBeGreaterThanOrEqual(2);
      for (const [k, sizes] of sets.entries()) {
        const src = resized(text, sizes);
        const r = engine.transform(src, spec, { defines });
        expect(r.ok ? "" : r.reason).toBe("");
        if (!r.ok) return;
        const orig = await compileAndRun(join(work, `${name}-${k}`, "orig"), src, logicalDriver(src));
        const mine = await compileAndRun(join(work, `${name}-${k}`, "new"), r.text, logicalDriver(src, perm));
        expect(orig.error).toBeUndefined();
        expect(mine.error, `${mine.error}\n--- rewritten ---\n${r.text}`).toBeUndefined();
        // Exact, unless --and-reorder's loop orders reorder floating-point sums (its notes say so).
        const tol = r.notes.some((n) => /floating-point additions/.test(n)) ? 1e-5 : 0;
        expect(compareOutputs(orig.output!, mine.output!, tol), `outputs differ at ${JSON.stringify(sizes)}\n--- rewritten ---\n${r.text}`).toBeNull();
        expect(mine.warnings.filter((w) => !orig.warnings.includes(w))).toEqual([]);
        const blind = await compileAndRun(join(work, `${name}-${k}`, "blind"), r.text, logicalDriver(src));
        expect(compareOutputs(orig.output!, blind.output!, 0), "the rewrite read without its permutation should differ").not.toBeNull();
      }
    }, 60_000);
  }
});

describe("the CLI", () => {
  const cli = (...args: string[]) => spawnSync("node", [join(repoRoot, "server", "bin", "loopsmith.js"), "transform", ...args], { cwd: repoRoot, encoding: "utf8" });
  it("--relayout needs no --nest, prints the file and the title; a refusal exits 3 with the reason", () => {
    const ok = cli("samples/conv_nchw.c", "--relayout", "I=HWC");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("float I[FW + K - 1][FH + K - 1][C];");
    expect(ok.stderr).toMatch(/^loopsmith: Change I to HWC layout \(was CHW\)/);
    const no = cli("server/test/data/transform/relayout/escape.refused.c", "--relayout", "I=HWC");
    expect(no.status).toBe(3);
    expect(no.stderr).toMatch(/refused: I's address escapes to load_input\(\)/);
    expect(cli("samples/conv.c", "--relayout", "I").status).toBe(2);
    expect(cli("samples/conv.c", "--nest", "conv:27", "--layout", "--and-reorder").status).toBe(2);
  });
  it("--to-layout takes NCHW or NHWC", () => {
    const ok = cli("samples/conv_nchw.c", "--nest", "conv_nchw:27", "--to-layout", "NCHW");
    expect(ok.status).toBe(0);
    expect(ok.stderr).toMatch(/NCHW order \(n,k,x,i,j,y = K,C,H,R,S,W\)/);
    expect(cli("samples/conv_nchw.c", "--nest", "conv_nchw:27", "--to-layout", "CHWN").status).toBe(2);
  });
});
