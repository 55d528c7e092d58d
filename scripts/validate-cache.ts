// Cache-model validation: `npm run validate:cache [-- --polybench ../shared/polybench]`
// (bundled by scripts/build.mjs into server/dist/validate-cache.js).
//
// For each kernel (the samples, the transformation fixtures with a `loopsmith-driver:` line,
// the six matmul orders of server/test/data/traffic, and the PolyBench/C 4.2.1 kernels when
// given their path), compiles a driver with gcc -O2 and runs it under cachegrind at three
// cache geometries, twice: with and without the kernel call. The driver flushes the caches
// (a walk over a buffer 4x the largest last level, then a warm-up of the stack) before and
// after the call (noipa: gcc may not move array accesses across them), so the two runs differ
// only by the kernel: the difference of the D1 and LLd
// misses is the kernel's. The model's prediction (analysis/traffic.ts, the function's nests in
// sequence) is printed next to it with the ratio; then a summary: median error, share within
// 20%, and matmul's six orders ranked predicted vs measured.
//
// Globals are compiled with -malign-data=cacheline (the model assumes arrays start on a line;
// PolyBench allocates its arrays 4096-aligned). Prints figures; exits 1 only when a driver
// fails to build or run.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { Engine } from "../server/src/engine";
import { withLocals } from "../server/src/engine/ir/scope";
import { inSequence, trafficOf, type CacheGeometry } from "../server/src/engine/analysis/traffic";

const root = resolve(__dirname, "..", "..");

interface Geometry { name: string; caches: CacheGeometry[] }
const GEOMETRIES: Geometry[] = [
  { name: "32K/8w/64+256K/8w", caches: [{ level: "D1", sizeBytes: 32768, ways: 8, lineBytes: 64 }, { level: "LL", sizeBytes: 262144, ways: 8, lineBytes: 64 }] },
  { name: "16K/4w/32+128K/8w", caches: [{ level: "D1", sizeBytes: 16384, ways: 4, lineBytes: 32 }, { level: "LL", sizeBytes: 131072, ways: 8, lineBytes: 32 }] },
  { name: "8K/8w/64+1M/16w", caches: [{ level: "D1", sizeBytes: 8192, ways: 8, lineBytes: 64 }, { level: "LL", sizeBytes: 1048576, ways: 16, lineBytes: 64 }] },
];

interface Kernel {
  name: string;
  /** The C text the model reads, and the function whose nests run. */
  text: string; fn: string;
  defines: Record<string, number>;
  /** Builds the binary into `exe`. */
  build(dir: string, exe: string): void;
  group: "sample" | "fixture" | "traffic" | "polybench";
}

const args = process.argv.slice(2);
const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const polybench = opt("--polybench");
const dataset = opt("--dataset") ?? "SMALL";
const only = opt("--only");
const work = join(tmpdir(), `loopsmith-validate-${process.pid}`);
mkdirSync(work, { recursive: true });

const FLUSH = `
static char loopsmith_flushbuf[4 << 20] __attribute__((aligned(4096)));
static void __attribute__((noipa)) loopsmith_warm(void) { volatile char s[4096]; for (int i = 0; i < 4096; i += 16) s[i] = 0; }
static void __attribute__((noipa)) loopsmith_flush(void) {
  for (unsigned long i = 0; i < sizeof loopsmith_flushbuf; i += 16) ((volatile char *)loopsmith_flushbuf)[i]++;
  loopsmith_warm();
}
`;
const CFLAGS = ["-O2", "-malign-data=cacheline", "-fno-common", "-w"];

/** `float A B; int X` -> declarations to initialise and checksum. */
function arraysOfDriver(spec: string): { type: string; name: string }[] {
  const out: { type: string; name: string }[] = [];
  for (const part of spec.split(";")) {
    const w = part.trim().split(/\s+/).filter(Boolean);
    let type = "";
    for (const x of w) if (/^(float|double|int|long|short|char|int8_t|int16_t|int32_t|uint8_t|int64_t)$/.test(x)) type = x; else if (type) out.push({ type, name: x });
  }
  return out;
}

function driverFor(source: string, call: string, arrays: { type: string; name: string }[], extra = ""): string {
  const init = arrays.map((a) => `  for (unsigned long q = 0; q < sizeof(${a.name}) / sizeof(${a.type}); q++) ((${a.type} *)${a.name})[q] = (${a.type})((q * 7 + 3) % 11);`).join("\n");
  const sum = arrays.map((a) => `  for (unsigned long q = 0; q < sizeof(${a.name}) / sizeof(${a.type}); q++) s += (double)((${a.type} *)${a.name})[q];`).join("\n");
  return `#include <stdio.h>\n#include <stdint.h>\n#include "${source}"\n${extra}\n${FLUSH}
int main(int argc, char **argv) {
  (void)argv;
  double s = 0;
${init}
  loopsmith_flush();
  if (argc > 1) { ${call} }
  loopsmith_flush();
${sum}
  printf("%g\\n", s);
  return 0;
}
`;
}

function cKernel(name: string, file: string, fn: string, call: string, arraySpec: string, group: Kernel["group"], defines: Record<string, number> = {}, extra = ""): Kernel {
  const text = readFileSync(file, "utf8");
  return {
    name, text, fn, defines, group,
    build(dir, exe) {
      const d = join(dir, `${name.replace(/[^\w]/g, "_")}.c`);
      writeFileSync(d, driverFor(file, call, arraysOfDriver(arraySpec), extra));
      execFileSync("gcc", [...CFLAGS, ...Object.entries(defines).map(([k, v]) => `-D${k}=${v}`), d, "-o", exe, "-lm"], { stdio: "pipe" });
    },
  };
}

function sampleKernels(): Kernel[] {
  const s = (f: string) => join(root, "samples", f);
  return [
    cKernel("conv", s("conv.c"), "conv", "conv();", "float O I W B", "sample"),
    cKernel("depthwise3x3", s("depthwise.c"), "depthwise3x3", "depthwise3x3();", "int8_t in wt; int32_t out", "sample"),
    cKernel("fc", s("fc.c"), "fc", "fc(fx, fw, fb, fy);", "float fx fw fb fy", "sample", {}, "static float fx[256] __attribute__((aligned(64))), fw[64 * 256] __attribute__((aligned(64))), fb[64] __attribute__((aligned(64))), fy[64] __attribute__((aligned(64)));"),
    cKernel("matmul", s("matmul.c"), "matmul", "matmul();", "float A B C", "sample"),
    cKernel("maxpool2x2", s("pooling.c"), "maxpool2x2", "maxpool2x2();", "float in out_max out_avg", "sample"),
    cKernel("avgpool2x2", s("pooling.c"), "avgpool2x2", "avgpool2x2();", "float in out_max out_avg", "sample"),
    cKernel("jacobi2d", s("stencil.c"), "jacobi2d", "jacobi2d();", "float A B", "sample"),
    cKernel("syrk", s("triangular.c"), "syrk", "syrk(1.5, 0.5);", "double A C D", "sample"),
    cKernel("every_fourth", s("triangular.c"), "every_fourth", "every_fourth();", "double A C D", "sample"),
  ];
}

function trafficKernels(): Kernel[] {
  const f = join(root, "server", "test", "data", "traffic", "matmul-orders.c");
  const out: Kernel[] = [];
  for (const o of ["ijk", "ikj", "jik", "jki", "kij", "kji"]) out.push(cKernel(`mm_${o}`, f, `mm_${o}`, `mm_${o}();`, "float A B C", "traffic"));
  for (const o of ["ijk", "ikj", "jik", "jki", "kij", "kji"]) out.push(cKernel(`mm_${o} 128x120x136`, f, `mm_${o}`, `mm_${o}();`, "float A B C", "traffic", { M: 128, N: 120, P: 136 }));
  const t = join(root, "server", "test", "data", "traffic", "kernels.c");
  if (existsSync(t)) {
    const text = readFileSync(t, "utf8");
    for (const m of text.matchAll(/^\/\/ validate: (\w+)\(\);\s*(.*)$/gm)) out.push(cKernel(m[1], t, m[1], `${m[1]}();`, m[2], "traffic"));
  }
  return out;
}

function fixtureKernels(): Kernel[] {
  const out: Kernel[] = [];
  const dir = join(root, "server", "test", "data", "transform");
  const files: string[] = [];
  const visit = (d: string) => { for (const e of readdirSync(d)) { const p = join(d, e); if (statSync(p).isDirectory()) visit(p); else if (p.endsWith(".c")) files.push(p); } };
  visit(dir);
  for (const file of files.sort()) {
    const text = readFileSync(file, "utf8");
    const m = /\/\/ loopsmith-driver: (.*)$/m.exec(text);
    if (!m) continue;
    const parts = m[1].split(";").map((x) => x.trim()).filter(Boolean);
    const calls = parts.filter((p) => /^\w+\s*\(.*\)$/.test(p));
    const arrays = parts.filter((p) => !/\(/.test(p)).join(";");
    const first = calls[0];
    if (!first) continue;
    const fn = /^(\w+)/.exec(first)![1];
    // Integer arguments bind the callee's parameters of the same position (the model's -D).
    const params = new RegExp(`\\b${fn}\\s*\\(([^)]*)\\)\\s*\\{`).exec(text)?.[1].split(",").map((p) => /(\w+)\s*(\[.*\])?\s*$/.exec(p.trim())?.[1] ?? "") ?? [];
    const actual = /\((.*)\)/.exec(first)![1].split(",").map((x) => x.trim());
    const defines: Record<string, number> = {};
    actual.forEach((a, i) => { if (/^-?\d+$/.test(a) && params[i]) defines[params[i]] = Number(a); });
    const name = `${basename(dirname(file))}/${basename(file, ".c")}`;
    const k = cKernel(name, file, fn, `${first};`, arrays, "fixture");
    out.push({ ...k, defines, build: (d, e) => cKernel(name, file, fn, `${first};`, arrays, "fixture").build(d, e) });
  }
  return out;
}

function polybenchKernels(pb: string): Kernel[] {
  const out: Kernel[] = [];
  const util = join(pb, "utilities");
  const list = readFileSync(join(util, "benchmark_list"), "utf8").split("\n").map((x) => x.trim()).filter(Boolean);
  for (const rel of list) {
    const file = join(pb, rel.replace(/^\.\//, ""));
    const dir = dirname(file), name = basename(file, ".c");
    const flags = ["-DPOLYBENCH_USE_SCALAR_LB", `-D${dataset}_DATASET`, `-I${util}`, `-I${dir}`];
    let pre: string;
    try { pre = execFileSync("gcc", ["-E", "-P", ...flags, file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }); } catch { continue; }
    const fn = `kernel_${name.replace(/-/g, "_")}`;
    const at = pre.search(new RegExp(`\\bvoid\\s+${fn}\\s*\\(`));
    if (at < 0) continue;
    // The kernel function alone (its arrays are parameters with constant extents).
    let depth = 0, end = pre.indexOf("{", at);
    for (let i = end; i < pre.length; i++) { if (pre[i] === "{") depth++; else if (pre[i] === "}" && --depth === 0) { end = i + 1; break; } }
    // With the file's one-line typedefs (nussinov's `typedef char base;`).
    const typedefs = [...pre.matchAll(/^typedef [^;{}()]*;$/gm)].map((m) => m[0]).filter((t) => !/__|\b_[A-Z]/.test(t)).join("\n");
    const text = `${typedefs}\n${pre.slice(at, end).replace(/^\s*static\s+/, "")}`;
    out.push({
      name: `pb/${name}`, text, fn, defines: {}, group: "polybench",
      build(d, exe) {
        const src = readFileSync(file, "utf8");
        const call = new RegExp(`(\\n\\s*)(${fn}\\s*\\([^;]*\\);)`);
        if (!call.test(src)) throw new Error(`${name}: no call of ${fn} in main`);
        const patched = src.replace(call, "$1loopsmith_flush(); if (argc > 1) { $2 } loopsmith_flush();").replace(/(int\s+main\s*\()/, `${FLUSH}\n$1`);
        const c = join(d, `pb_${name.replace(/-/g, "_")}.c`);
        writeFileSync(c, patched);
        execFileSync("gcc", [...CFLAGS, ...flags, c, join(util, "polybench.c"), "-o", exe, "-lm"], { stdio: "pipe" });
      },
    });
  }
  return out;
}

/** D1 and LLd misses of one run (valgrind prints its summary on stderr). */
function misses(exe: string, g: Geometry, withKernel: boolean): { d1: number; ll: number } {
  const [d1, ll] = g.caches;
  const fmt = (c: CacheGeometry) => `${c.sizeBytes},${c.ways},${c.lineBytes}`;
  const r = spawnSync("valgrind", ["--tool=cachegrind", "--cache-sim=yes", `--I1=${fmt(d1)}`, `--D1=${fmt(d1)}`, `--LL=${fmt(ll)}`, "--cachegrind-out-file=/dev/null", exe, ...(withKernel ? ["run"] : [])], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cachegrind failed on ${exe}: ${r.stderr.slice(-400)}`);
  const num = (re: RegExp) => { const m = re.exec(r.stderr); if (!m) throw new Error(`no ${re} in cachegrind output`); return Number(m[1].replace(/,/g, "")); };
  return { d1: num(/D1\s+misses:\s+([\d,]+)/), ll: num(/LLd misses:\s+([\d,]+)/) };
}

interface Row { kernel: string; group: string; geometry: string; level: string; predicted: number | null; measured: number; reason?: string }

async function main(): Promise<void> {
  const engine = await Engine.create();
  let kernels = [...sampleKernels(), ...trafficKernels(), ...fixtureKernels(), ...(polybench ? polybenchKernels(resolve(polybench)) : [])];
  if (only) kernels = kernels.filter((k) => k.name.includes(only));
  const rows: Row[] = [];
  const costs: number[] = [];
  const models: (() => void)[] = [];
  let failed = 0;
  const t0 = performance.now();
  for (const k of kernels) {
    const exe = join(work, k.name.replace(/[^\w]/g, "_"));
    try { k.build(work, exe); } catch (e) { console.error(`build failed: ${k.name}: ${String((e as Error).message).slice(0, 400)}`); failed++; continue; }
    const { nests, bindings } = engine.lowerAll(k.text, { defines: k.defines });
    const mine = nests.filter((n) => n.function === k.fn);
    for (const g of GEOMETRIES) {
      let pred: (number | null)[] = [null, null];
      let reason: string | undefined;
      if (!mine.length) reason = "no nest";
      else {
        const seq = inSequence(mine);
        const b = withLocals(bindings, seq.locals);
        const t = trafficOf(seq, b, g.caches);
        models.push(() => { const s = performance.now(); trafficOf(seq, b, g.caches); costs.push(performance.now() - s); });
        pred = t.levels.map((l) => l.misses.value);
        reason = t.levels[0].misses.value === null ? t.levels[0].misses.reason : undefined;
      }
      let with_: { d1: number; ll: number }, without: { d1: number; ll: number };
      try { with_ = misses(exe, g, true); without = misses(exe, g, false); } catch (e) { console.error(String((e as Error).message)); failed++; continue; }
      const m = [with_.d1 - without.d1, with_.ll - without.ll];
      g.caches.forEach((c, i) => rows.push({ kernel: k.name, group: k.group, geometry: g.name, level: c.level, predicted: pred[i], measured: m[i], ...(reason ? { reason } : {}) }));
    }
    process.stderr.write(".");
  }
  process.stderr.write("\n");
  // Cost per call, warm (as in the language server): every kernel and geometry, three times.
  for (let i = 0; i < 3; i++) for (const m of models) m();
  print(rows, costs, (performance.now() - t0) / 1000);
  process.exitCode = failed ? 1 : 0;
}

const err = (r: Row) => (r.predicted === null ? null : r.measured === 0 ? (r.predicted === 0 ? 0 : 1) : Math.abs(r.predicted - r.measured) / r.measured);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN; }

function print(rows: Row[], costs: number[], seconds: number): void {
  console.log("| kernel | geometry | D1 predicted | D1 measured | ratio | LL predicted | LL measured | ratio |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|");
  const keys = [...new Set(rows.map((r) => `${r.kernel}\u0000${r.geometry}`))];
  for (const key of keys) {
    const [k, g] = key.split("\u0000");
    const rs = rows.filter((r) => r.kernel === k && r.geometry === g);
    const cell = (r: Row) => [r.predicted === null ? "?" : String(r.predicted), String(r.measured), r.predicted === null ? "-" : r.measured ? (r.predicted / r.measured).toFixed(2) : r.predicted ? "inf" : "1.00"];
    console.log(`| ${k} | ${g} | ${rs.flatMap(cell).join(" | ")} |${rs[0].reason ? ` ${rs[0].reason}` : ""}`);
  }
  console.log("\n## Summary\n");
  console.log("| set | figures | unknown | median error | within 20% |");
  console.log("|---|---:|---:|---:|---:|");
  const line = (label: string, rs: Row[]) => {
    const es = rs.map(err).filter((e): e is number => e !== null);
    console.log(`| ${label} | ${rs.length} | ${rs.length - es.length} | ${pct(median(es))} | ${pct(es.filter((e) => e <= 0.2).length / Math.max(1, es.length))} |`);
  };
  line("all", rows);
  // A kernel's constants and stack cost a few lines the model does not count (it models arrays):
  // figures of a few dozen lines are dominated by them.
  line("measured >= 64 lines", rows.filter((r) => r.measured >= 64));
  line("measured < 64 lines", rows.filter((r) => r.measured < 64));
  for (const g of GEOMETRIES) line(g.name, rows.filter((r) => r.geometry === g.name));
  for (const grp of ["sample", "fixture", "traffic", "polybench"]) { const rs = rows.filter((r) => r.group === grp); if (rs.length) line(grp, rs); }
  for (const lv of ["D1", "LL"]) line(`level ${lv}`, rows.filter((r) => r.level === lv));
  // Matmul's six orders: predicted vs measured ranking per geometry and level.
  console.log("\n## Matmul's six loop orders (fewest misses first; = marks a tie within 2%)\n");
  for (const size of ["", " 128x120x136"]) {
    for (const g of GEOMETRIES) for (const lv of ["D1", "LL"]) {
      const rs = ["ijk", "ikj", "jik", "jki", "kij", "kji"].map((o) => rows.find((r) => r.kernel === `mm_${o}${size}` && r.geometry === g.name && r.level === lv)).filter((r): r is Row => !!r);
      if (rs.length !== 6) continue;
      const rank = (v: (r: Row) => number) => [...rs].sort((a, b) => v(a) - v(b)).map((r, i, s) => `${i && Math.abs(v(r) - v(s[i - 1])) <= 0.02 * Math.max(v(r), 1) ? "=" : i ? "<" : ""}${r.kernel.slice(3, 6)}`).join(" ");
      // Ranked as measured: no pair ordered the other way by both by more than 2%.
      let agree = true;
      for (const a of rs) for (const b of rs) {
        const pa = a.predicted ?? NaN, pb = b.predicted ?? NaN;
        if (a.measured < b.measured * 0.98 && pa > pb * 1.02) agree = false;
      }
      console.log(`- ${(size.trim() || "96x80x72").padEnd(11)} ${g.name.padEnd(18)} ${lv}: predicted ${rank((r) => r.predicted ?? Infinity)} | measured ${rank((r) => r.measured)} | ${agree ? "same order" : "DIFFERENT"}`);
    }
  }
  const c = [...costs].sort((a, b) => a - b);
  console.log(`\nModel cost per call, warm (the nests of one kernel through one geometry, 3 runs each): median ${median(c).toFixed(2)} ms, p95 ${(c[Math.max(0, Math.ceil(0.95 * c.length) - 1)] ?? NaN).toFixed(2)} ms, max ${(c[c.length - 1] ?? NaN).toFixed(2)} ms over ${c.length} calls; validation took ${seconds.toFixed(0)} s.`);
}

void main();
