// Helpers shared by the gcc-based tests (differential transformation checks, unseen kernels).

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Built { output?: string; warnings: Set<string>; error?: string }

/**
 * Writes `kernel` as kernel.c next to a driver (and the data dir's common.h), compiles with
 * gcc (sizes as -DS_name=value), runs it. Warnings are those gcc reports in kernel.c.
 */
export function compileKernel(dir: string, kernel: string, o: { dataDir: string; driver: string; sizes: Record<string, number>; opt: string[] }): Built {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.c"), kernel);
  copyFileSync(join(o.dataDir, o.driver), join(dir, "driver.c"));
  copyFileSync(join(o.dataDir, "common.h"), join(dir, "common.h"));
  const sizes = Object.entries(o.sizes).map(([k, v]) => `-DS_${k}=${v}`);
  const c = spawnSync("gcc", ["-std=gnu11", ...o.opt, ...sizes, "-o", "a.out", "driver.c", "-lm"], { cwd: dir, encoding: "utf8" });
  if (c.status !== 0) return { warnings: new Set(), error: `gcc failed:\n${c.stderr}` };
  const warnings = new Set([...c.stderr.matchAll(/^kernel\.c:\d+(?::\d+)?: warning: (.*)$/gm)].map((m) => m[1]));
  const r = spawnSync(join(dir, "a.out"), [], { cwd: dir, encoding: "utf8", maxBuffer: 64 << 20, timeout: 20_000 });
  if (r.status !== 0) return { warnings, error: `run failed (${r.status}): ${r.stderr}` };
  return { output: r.stdout, warnings };
}

/** First difference between two printed runs, or null; `tol` > 0 compares numbers relatively. */
export function compareOutputs(a: string, b: string, tol: number): string | null {
  const la = a.split("\n"), lb = b.split("\n");
  if (la.length !== lb.length) return `${la.length} lines printed by the original, ${lb.length} by the rewrite`;
  for (let i = 0; i < la.length; i++) {
    if (la[i] === lb[i]) continue;
    const [na, ka, va] = la[i].split(" "), [nb, kb, vb] = lb[i].split(" ");
    const x = Number(va), y = Number(vb);
    const close = tol > 0 && na === nb && ka === kb && Math.abs(x - y) <= tol * Math.max(Math.abs(x), Math.abs(y), 1);
    if (!close) return `original "${la[i]}", rewrite "${lb[i]}"`;
  }
  return null;
}

/** The harness runtime includes <stdio.h>/<stdlib.h>/<stdint.h>, which clash with a file that is
 *  already preprocessed: use builtins and the compiler's own size types instead. */
export function ppSafeRuntime(code: string): string {
  return code
    .replace("#include <stdio.h>\n#include <stdlib.h>\n#include <stdint.h>\n", "typedef __SIZE_TYPE__ size_t;\ntypedef __UINTPTR_TYPE__ uintptr_t;\n")
    .replace(/fprintf\(stderr, /g, "__builtin_printf(").replace(/\bcalloc\(/g, "__builtin_calloc(").replace(/\bfree\(/g, "__builtin_free(")
    .replace(/\babort\(\)/g, "__builtin_abort()").replace(/\bprintf\(/g, "__builtin_printf(").replace("fflush(stdout);", "");
}


/**
 * The differential driver of a fixture, from its `// loopsmith-driver:` line (arrays to fill and
 * print by type, calls to make); null when it has none. The LCG and the FILL/PRINT macros come
 * from the drivers' shared header (data/diff-drivers/diff-driver.h).
 */
export function fixtureDriver(text: string): string | null {
  const m = /^\/\/ loopsmith-driver:(.*)$/m.exec(text);
  if (!m) return null;
  const calls: string[] = [], fill: string[] = [], print: string[] = [];
  for (const part of m[1].split(";").map((s) => s.trim()).filter(Boolean)) {
    if (part.includes("(")) { calls.push(`    ${part};`); continue; }
    const [type, ...arrays] = part.split(/\s+/);
    const real = type === "float" || type === "double";
    for (const a of arrays) {
      fill.push(real ? `    FILL_REAL(${a}, ${type});` : `    FILL_INT(${a}, ${type}, -100, 100);`);
      print.push(real ? `    PRINT_${type === "float" ? "F" : "D"}(${a}, ${type});` : `    PRINT_I(${a}, ${type});`);
    }
  }
  return `#include <stdint.h>\n#include "kernel.c"\n#include "diff-driver.h"\n\nint main(void)\n{\n${[...fill, ...calls, ...print].join("\n")}\n    return 0;\n}\n`;
}
