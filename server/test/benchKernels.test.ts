// The speed benchmark's kernels (bench/kernels/*.c, run by `npm run bench:kernels`): each one
// compiles with gcc -Wall -Wextra without a warning, runs at its tiny `quick=` sizes from its
// `// bench:` header, and the engine finds at least one nest in its kernel function with no
// internal-error problem. No timing here (STYLE rule 11): the benchmark prints figures.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze, repoRoot } from "./helpers/engine";

const dir = join(repoRoot, "bench", "kernels");
const work = mkdtempSync(join(tmpdir(), "loopsmith-benchk-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function header(text: string): { fn: string; quick: string[] } {
  const h = /^\/\/ bench: (.*)$/m.exec(text)?.[1] ?? "";
  const field = (k: string) => new RegExp(`(?:^|\\s)${k}=(\\S*)`).exec(h)?.[1] ?? "";
  return { fn: field("fn"), quick: field("quick").split(",").filter(Boolean) };
}

describe("bench/kernels", () => {
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".c")).sort()) {
    it(`${f}: compiles warning-free, runs at tiny sizes, analyses its kernel`, async () => {
      const text = readFileSync(join(dir, f), "utf8");
      const { fn, quick } = header(text);
      expect(fn, "the // bench: header names the function").toBeTruthy();
      const exe = join(work, f.replace(/\.c$/, ""));
      const cc = spawnSync("gcc", ["-O1", "-std=gnu11", "-Wall", "-Wextra", ...quick.map((d) => `-D${d}`), `-I${dir}`, join(dir, f), "-o", exe, "-lm"], { encoding: "utf8" });
      expect(cc.status, cc.stderr).toBe(0);
      expect(cc.stderr, "no warning").toBe("");
      const run = spawnSync(exe, [], { encoding: "utf8", timeout: 5000 });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/time [\d.]+\nchecksum -?[\d.e+-]+/);
      const defines = Object.fromEntries(quick.map((d) => { const [k, v] = d.split("="); return [k, Number(v)]; }));
      const report = await analyze(text, defines);
      expect(report.nests.filter((n) => n.function === fn).length, `nests of ${fn}`).toBeGreaterThan(0);
      expect(report.problems.filter((p) => /internal/i.test(p.message))).toEqual([]);
    });
  }
});
