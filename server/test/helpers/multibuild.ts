// Many variants of one kernel (the original, its instrumented copy, every rewrite) compiled
// as ONE translation unit and linked into ONE executable that runs variant i when given "i":
// a gcc process per variant would cost more than the whole analysis. Each variant is a chunk
//   #define <each file-scope name of the kernel and of the driver> <name>__v<i>
//   #line 1 "k<i>.c"  <the variant's kernel text>
//   #line 1 "d<i>.c"  <the driver>
//   #undef ...
// after one `#include "common.h"`, so a diagnostic names its variant by file name. Sizes are
// read at run time (S_x expands to __ls_size("x"), from the LS_SIZES environment variable), so
// one executable serves every size set.
// Compile check: `gcc -fsyntax-only -Wall -Werror=implicit` on the whole unit; while it fails,
// the variant of the first error is set aside (with its errors) and the rest checked again.
// Everything runs asynchronously: the caller may overlap the builds of several kernels.

import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface VariantSource {
  /** The kernel file's text (the driver is shared). */
  readonly kernel: string;
  /** File-scope names the kernel text defines (functions, typedefs, tags, globals): renamed per variant. */
  readonly names: readonly string[];
  /** REPORT() and REG() of the driver call the instrumentation runtime (which the kernel text holds). */
  readonly instrumented?: boolean;
}

export interface VariantResult {
  /** gcc's errors when the variant does not compile, else undefined. */
  readonly compileError?: string;
  /** Per size set: what it printed, or why it did not run. */
  readonly runs: { output?: string; error?: string }[];
}

interface Ran { status: number | null; signal: string | null; stdout: string; stderr: string }

/** Runs a command without blocking the event loop (so two builds can overlap). */
export function run(cmd: string, args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number }): Promise<Ran> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd: o.cwd, env: o.env });
    let stdout = "", stderr = "";
    const timer = o.timeout ? setTimeout(() => p.kill("SIGKILL"), o.timeout) : undefined;
    p.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    p.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    p.on("error", (e) => { if (timer) clearTimeout(timer); resolve({ status: -1, signal: null, stdout, stderr: stderr + String(e) }); });
    p.on("close", (status, signal) => { if (timer) clearTimeout(timer); resolve({ status, signal, stdout, stderr }); });
  });
}

/** At most `width` of the returned function's jobs run at once. */
export function limiter(width: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return <T>(job: () => Promise<T>) => new Promise<T>((resolve, reject) => {
    const start = () => {
      active++;
      job().then(resolve, reject).finally(() => { active--; queue.shift()?.(); });
    };
    if (active < width) start(); else queue.push(start);
  });
}

const CHECK = ["-std=gnu11", "-ffp-contract=off", "-fsyntax-only", "-Wall", "-Werror=implicit"];
const BUILD = ["-std=gnu11", "-ffp-contract=off", "-O0", "-w"];

function unit(variants: readonly VariantSource[], keep: readonly number[], driver: string, driverNames: readonly string[], sizeNames: readonly string[]): string {
  let out = `#include "common.h"\n${sizeNames.map((s) => `#define S_${s} __ls_size("${s}")\n`).join("")}`;
  for (const i of keep) {
    const v = variants[i];
    const names = [...new Set([...v.names, ...driverNames, "main"])];
    out += names.map((n) => `#define ${n} ${n}__v${i}\n`).join("");
    out += v.instrumented ? "#define LS_REPORT_HOOK() __ls_report()\n#define LS_REG_HOOK __ls_reg\n" : "#define LS_REPORT_HOOK() ((void)0)\n#define LS_REG_HOOK(a, b, c, d) ((void)0)\n";
    out += `#line 1 "k${i}.c"\n${v.kernel}\n#line 1 "d${i}.c"\n${driver}\n`;
    out += [...names, "LS_REPORT_HOOK", "LS_REG_HOOK"].map((n) => `#undef ${n}\n`).join("");
  }
  out += `#line 1 "dispatch.c"\nint main(int argc, char **argv) {\n  if (argc < 2) return 98;\n  switch (atoi(argv[1])) {\n${keep.map((i) => `  case ${i}: return main__v${i}();\n`).join("")}  }\n  return 99;\n}\n`;
  return out;
}

/**
 * Builds and runs every variant at every size set. `dir` is a fresh work directory; the
 * driver and common.h come from `dataDir`; `driverNames` are the driver's file-scope names.
 */
export async function buildVariants(dir: string, dataDir: string, driverFile: string, driverNames: readonly string[], variants: readonly VariantSource[], sizeSets: readonly Record<string, number>[]): Promise<VariantResult[]> {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(dataDir, "common.h"), join(dir, "common.h"));
  const driver = readFileSync(join(dataDir, driverFile), "utf8");
  const sizeNames = [...new Set(sizeSets.flatMap((s) => Object.keys(s)))];
  const errors = new Map<number, string>();
  let keep = variants.map((_, i) => i);
  for (;;) {
    writeFileSync(join(dir, "all.c"), unit(variants, keep, driver, driverNames, sizeNames));
    const c = await run("gcc", [...CHECK, "all.c"], { cwd: dir });
    if (c.status === 0) break;
    const lines = c.stderr.split("\n");
    const first = lines.map((l) => /^[kd](\d+)\.c:\d+(?::\d+)?: (?:fatal )?error/.exec(l)).find((m) => m);
    const culprit = first ? Number(first[1]) : -1;
    if (culprit < 0 || !keep.includes(culprit)) {
      // The first error is outside every variant (an unbalanced brace runs into the dispatcher):
      // check the variants one by one.
      const alone: number[] = [];
      for (const i of keep) {
        writeFileSync(join(dir, "one.c"), unit(variants, [i], driver, driverNames, sizeNames));
        const r = await run("gcc", [...CHECK, "one.c"], { cwd: dir });
        if (r.status !== 0) { errors.set(i, r.stderr.split("\n").filter((l) => /error/.test(l)).slice(0, 6).join("\n")); alone.push(i); }
      }
      if (alone.length === 0) {
        const why = `gcc failed outside the variants:\n${c.stderr.slice(0, 1500)}`;
        return variants.map(() => ({ compileError: why, runs: sizeSets.map(() => ({ error: why })) }));
      }
      keep = keep.filter((i) => !alone.includes(i));
      if (keep.length === 0) break;
      continue;
    }
    const own = lines.filter((l) => new RegExp(`^[kd]${culprit}\\.c:\\d+.*error`).test(l)).slice(0, 6).join("\n");
    errors.set(culprit, own);
    keep = keep.filter((i) => i !== culprit);
    if (keep.length === 0) break;
  }
  const b = keep.length ? await run("gcc", [...BUILD, "all.c", "-o", "run", "-lm"], { cwd: dir }) : null;
  const runs = await Promise.all(variants.map((_, i) => Promise.all(sizeSets.map(async (s): Promise<{ output?: string; error?: string }> => {
    if (errors.has(i)) return { error: "does not compile" };
    if (!b || b.status !== 0) return { error: `gcc failed:\n${b?.stderr.slice(0, 2000)}` };
    const env = { ...process.env, LS_SIZES: Object.entries(s).map(([k, v]) => `${k}=${v}`).join(",") };
    const r = await run(join(dir, "run"), [String(i)], { cwd: dir, env, timeout: 10_000 });
    if (r.status !== 0) return { error: `run failed (status ${r.status}, signal ${r.signal}): ${r.stderr.slice(0, 400)}` };
    return { output: r.stdout };
  }))));
  return variants.map((_, i): VariantResult => ({ compileError: errors.get(i), runs: runs[i] }));
}
