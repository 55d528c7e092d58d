// Fixtures of the layout rewrites (data/transform/toLayout, data/transform/relayout), read as
// data like transform.test.ts's: line 1 `// loopsmith-test: <flags>`, then
//   // loopsmith-driver: conv(); float I[C][H][W] O[K][H][W]; int T[4]
//       calls, then the global arrays by element type with their dimensions in logical order
//   // loopsmith-sizes: C=2,H=5 | C=3,H=7     two (or more) sets of #define values to run at
//   // loopsmith-perm: I=1,2,0                 (relayout) the new layout's dimension k holds the
//                                              old dimension perm[k]; written by hand
//   // expect-refused: <regex>                 (a .refused.c fixture)
// The driver fills every array through an index function of the logical index and prints it in
// logical order, so a relayouted array is compared element by element with the original.

import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TransformSpec } from "../../src/engine";

const run = promisify(execFile);

export function parseLayoutFlags(text: string): { spec: TransformSpec; defines: Record<string, number> } {
  const m = /^\/\/ loopsmith-test:(.*)$/m.exec(text.split("\n", 1)[0]);
  if (!m) throw new Error("line 1 must be `// loopsmith-test: <flags>`");
  const args = m[1].trim().split(/\s+/);
  let nest = "";
  let spec: TransformSpec | undefined;
  const defines: Record<string, number> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--nest") nest = args[++i];
    else if (a === "--to-layout") spec = { kind: "toLayout", nest: "", layout: args[++i] as "NCHW" | "NHWC" };
    else if (a === "--relayout") { const [array, layout] = args[++i].split("="); spec = { kind: "relayout", nest: "", array, layout }; }
    else if (a === "--and-reorder" && spec?.kind === "relayout") spec = { ...spec, reorder: true };
    else if (a.startsWith("-D")) { const [k, v] = (a === "-D" ? args[++i] : a.slice(2)).split("="); defines[k] = Number(v); }
    else throw new Error(`unknown flag ${a}`);
  }
  if (!spec) throw new Error(`flags need a transformation: ${m[1]}`);
  return { spec: { ...spec, nest } as TransformSpec, defines };
}

/** The `// loopsmith-sizes:` sets. */
export function sizeSets(text: string): Record<string, number>[] {
  const m = /^\/\/ loopsmith-sizes:(.*)$/m.exec(text);
  if (!m) return [];
  return m[1].split("|").map((set) => Object.fromEntries(set.trim().split(",").map((p) => { const [k, v] = p.trim().split("="); return [k, Number(v)]; })));
}

/** `// loopsmith-perm: I=1,2,0` -> {I: [1, 2, 0]}. */
export function perms(text: string): Record<string, number[]> {
  const m = /^\/\/ loopsmith-perm:(.*)$/m.exec(text);
  if (!m) return {};
  return Object.fromEntries(m[1].trim().split(/\s+/).map((p) => { const [k, v] = p.split("="); return [k, v.split(",").map(Number)]; }));
}

/** The file with its `#define NAME value` lines set to `sizes` (every name must be defined). */
export function resized(text: string, sizes: Record<string, number>): string {
  let out = text;
  for (const [k, v] of Object.entries(sizes)) {
    const re = new RegExp(`^#define ${k} .*$`, "m");
    if (!re.test(out)) throw new Error(`no #define ${k}`);
    out = out.replace(re, `#define ${k} ${v}`);
  }
  return out;
}

/**
 * The driver: arrays filled with a function of their logical index (the row-major index over the
 * dimensions listed in the driver line) and printed in logical order. `perm[name]`: the kernel
 * stores logical element (i0, i1, ...) at name[i_perm[0]][i_perm[1]]...
 */
export function logicalDriver(text: string, perm: Record<string, number[]> = {}): string {
  const m = /^\/\/ loopsmith-driver:(.*)$/m.exec(text);
  if (!m) throw new Error("no // loopsmith-driver: line");
  const calls: string[] = [], fill: string[] = [], print: string[] = [];
  for (const part of m[1].split(";").map((s) => s.trim()).filter(Boolean)) {
    if (part.includes("(")) { calls.push(`    ${part};`); continue; }
    const type = part.split(/\s+/, 1)[0];
    const real = type === "float" || type === "double";
    const arrays = [...part.slice(type.length).matchAll(/(\w+)\s*((?:\[[^\]]+\]\s*)*)/g)].filter((x) => x[1]);
    for (const mm of arrays) {
      if (!mm[2]) throw new Error(`driver array ${mm[1]} needs its dimensions`);
      const name = mm[1];
      const dims = [...mm[2].matchAll(/\[([^\]]+)\]/g)].map((x) => x[1]);
      const p = perm[name] ?? dims.map((_, k) => k);
      const loops = dims.map((d, k) => `for (int i${k} = 0; i${k} < (${d}); i${k}++) `).join("");
      const at = `${name}${p.map((k) => `[i${k}]`).join("")}`;
      fill.push(`    { size_t q = 0; ${loops}{ ${at} = (${type})ls_value(q++, ${real ? 1 : 0}); } }`);
      print.push(`    { size_t q = 0; ${loops}{ printf("${name} %zu %.17g\\n", q++, (double)${at}); } }`);
    }
  }
  return `#include <stdio.h>\n#include <stddef.h>\n#include "kernel.c"\n\n/* A value per logical index: a hash on a 1/256 grid (exact in float), or an integer. */\nstatic double ls_value(size_t q, int real) { unsigned h = (unsigned)q * 2654435761u + 12345u; h ^= h >> 13; int v = (int)(h % 2049u) - 1024; return real ? v / 256.0 : v % 100; }\n\nint main(void)\n{\n${[...fill, ...calls, ...print].join("\n")}\n    return 0;\n}\n`;
}

const GCC = ["-std=gnu11", "-O1", "-ffp-contract=off", "-Wall", "-Wextra"];

type Ran = { output?: string; error?: string; warnings: string[] };
/** Builds by text: the same kernel with the same driver (an original at one size, asked for by
 *  several rewrites of it) is compiled and run once. */
const built = new Map<string, Promise<Ran>>();

/** Compiles kernel + driver in `dir` and runs it: its output, or the error. */
export function compileAndRun(dir: string, kernel: string, driver: string): Promise<Ran> {
  const key = `${kernel}\0${driver}`;
  let p = built.get(key);
  if (!p) built.set(key, (p = compileAndRunIn(dir, kernel, driver)));
  return p;
}

async function compileAndRunIn(dir: string, kernel: string, driver: string): Promise<Ran> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.c"), kernel);
  writeFileSync(join(dir, "driver.c"), driver);
  let stderr: string;
  try { stderr = (await run("gcc", [...GCC, "-I", join(__dirname, "..", "data", "diff-drivers"), "-o", "a.out", "driver.c"], { cwd: dir })).stderr; } catch (e) {
    return { error: `gcc failed:\n${(e as { stderr?: string }).stderr ?? String(e)}`, warnings: [] };
  }
  const warnings = [...stderr.matchAll(/^kernel\.c:\d+:\d+: warning: (.*)$/gm)].map((x) => x[1]);
  try { return { output: (await run(join(dir, "a.out"), [], { cwd: dir, maxBuffer: 64 << 20, timeout: 20_000 })).stdout, warnings }; } catch (e) {
    return { error: `run failed: ${String(e)}`, warnings };
  }
}
