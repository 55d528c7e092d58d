// Speed benchmark of issue 10: `npm run bench:kernels [-- --polybench ../shared/polybench]`
// (bundled by scripts/build.mjs into server/dist/bench-kernels.js). Prints figures, asserts nothing.
//
// Per kernel (bench/kernels/*.c, each with a `// bench:` header naming its function, its
// -D sizes for --quick and its FLOP count; PolyBench/C 4.2.1 kernels when given its path),
// variants compiled single-threaded with -O3 -march=native -ffp-contract=off (STYLE rule 12:
// every variant the same way, so an order-preserving rewrite matches bit for bit):
//   -O3 (gcc, the baseline), Graphite (gcc -floop-nest-optimize), Polly (clang -mllvm -polly),
//   Loopsmith (`loopsmith transform FILE --function FN --optimize -o OUT`, then gcc as the
//   baseline; exit 3 = no plan beats the code: Loopsmith = original), OpenBLAS for the gemms.
// With --threads 2: Loopsmith `--threads 2` with -fopenmp and Polly -polly-parallel, OMP_NUM_THREADS=2.
// Runs are interleaved (round-robin over variants), the median of --runs (default 3) is shown.
// Outputs are compared with the baseline's: bitwise, or within 1e-4 (float) / 1e-9 (double)
// relative to each element or to 1/100 of the array's largest magnitude (PolyBench prints two decimals: one unit of the last printed digit is allowed too);
// a variant whose output differs is a FAILURE, not a figure.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";

const root = resolve(__dirname, "..", "..");
const cli = join(root, "server", "bin", "loopsmith.js");
const args = process.argv.slice(2);
const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const quick = args.includes("--quick");
const runs = quick ? 1 : Math.max(1, Number(opt("--runs") ?? 3));
const only = opt("--only")?.split(",");
const threads = Number(opt("--threads") ?? 0);
const polybench = opt("--polybench");
const dataset = opt("--dataset") ?? "LARGE";
const jsonOut = opt("--json");
/** Kernels of one's own (each file with a `// bench:` header, bench.h beside it or in -I bench/kernels). */
const kernelsDir = resolve(opt("--kernels") ?? join(root, "bench", "kernels"));
const COMMON = ["-O3", "-march=native", "-ffp-contract=off", "-std=gnu11"];
const RUN_TIMEOUT = 120_000;

type Variant = "O3" | "graphite" | "polly" | "loopsmith" | "openblas" | "polly-par" | "loopsmith-t2";
interface Kernel {
  name: string; group: "kernels" | "polybench";
  /** Source the baseline compiles; the text Loopsmith rewrites is `loopsmithInput`. */
  file: string; fn: string; defines: string[]; flags: string[]; extra: string[];
  flops?: number; gemm?: "sgemm" | "dgemm"; control: boolean;
  /** Builds the Loopsmith source from the CLI's output (identity for whole files). */
  loopsmithInput(dir: string): { file: string; splice(out: string): string };
  out: "file" | "stderr";
}

function have(cmd: string, a: string[]): boolean { return spawnSync(cmd, a, { stdio: "ignore" }).status === 0; }
function ensureTools(): { clang: boolean; blas: boolean } {
  const blasOk = () => existsSync("/usr/include/x86_64-linux-gnu/cblas.h") || existsSync("/usr/include/cblas.h");
  if ((!have("clang", ["--version"]) || !blasOk()) && process.getuid?.() === 0) {
    console.error("installing clang and libopenblas-dev (apt-get)...");
    spawnSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libopenblas-dev"], { stdio: "inherit" });
  }
  const clang = have("clang", ["--version"]), blas = blasOk();
  if (!clang) console.error("clang not found (as root the script installs it: apt-get install clang): Polly columns are n/a");
  if (!blas) console.error("OpenBLAS not found (apt-get install libopenblas-dev): OpenBLAS column is n/a");
  return { clang, blas };
}

function header(text: string): Record<string, string> {
  const m = /^\/\/ bench: (.*)$/m.exec(text);
  const out: Record<string, string> = {};
  for (const w of (m?.[1] ?? "").split(/\s+/)) { const [k, v] = w.split("="); if (k) out[k] = w.slice(k.length + 1) || "true"; if (v === undefined) out[k] = "true"; }
  return out;
}

function repoKernels(): Kernel[] {
  const dir = kernelsDir;
  return readdirSync(dir).filter((f) => f.endsWith(".c")).sort().map((f) => {
    const file = join(dir, f), h = header(readFileSync(file, "utf8"));
    const defines = quick && h.quick ? h.quick.split(",").filter(Boolean) : [];
    return {
      name: basename(f, ".c"), group: "kernels", file, fn: h.fn, defines, flags: [`-I${dir}`, `-I${join(root, "bench", "kernels")}`], extra: ["-lm"],
      flops: h.flops && h.flops !== "0" ? flopsOf(file, h.flops, defines) : undefined,
      gemm: h.gemm as Kernel["gemm"], control: h.control === "true", out: "file",
      loopsmithInput: () => ({ file, splice: (o) => o }),
    };
  });
}

/** Evaluates a FLOP formula with the file's #define values (overridden by -D). */
function flopsOf(file: string, formula: string, defines: string[]): number | undefined {
  const env: Record<string, number> = {};
  for (const m of readFileSync(file, "utf8").matchAll(/^#define (\w+) (\d+)$/gm)) env[m[1]] = Number(m[2]);
  for (const d of defines) { const [k, v] = d.split("="); env[k] = Number(v); }
  const e = formula.replace(/[A-Za-z_]\w*/g, (n) => (n in env ? String(env[n]) : "NaN"));
  const v = Function(`return (${e});`)() as number;
  return Number.isFinite(v) ? v : undefined;
}

function polybenchKernels(pb: string): Kernel[] {
  const util = join(pb, "utilities");
  const list = readFileSync(join(util, "benchmark_list"), "utf8").split("\n").map((x) => x.trim()).filter(Boolean);
  return list.map((rel) => {
    const file = join(pb, rel.replace(/^\.\//, "")), name = basename(file, ".c");
    const fn = `kernel_${name.replace(/-/g, "_")}`;
    const k: Kernel = {
      name: `pb/${name}`, group: "polybench", file, fn, defines: [`${quick ? "MINI" : dataset}_DATASET`, "POLYBENCH_TIME", "POLYBENCH_DUMP_ARRAYS"],
      flags: [`-I${util}`, `-I${dirname(file)}`], extra: [join(util, "polybench.c"), "-lm"], control: false, out: "stderr",
      loopsmithInput(dir) {
        // The kernel function preprocessed alone (constant bounds, no macros) is what Loopsmith
        // rewrites; the result replaces the function in the original file.
        const pre = execFileSync("gcc", ["-E", "-P", ...k.defines.map((d) => `-D${d}`), ...k.flags, file], { encoding: "utf8" });
        const fnText = functionText(pre, fn);
        const typedefs = [...pre.matchAll(/^typedef [^;{}()]*;$/gm)].map((m) => m[0]).filter((t) => !/__|\b_[A-Z]/.test(t)).join("\n");
        const input = join(dir, `${name}.kernel.c`);
        writeFileSync(input, `${typedefs}\n${fnText?.text.replace(/^\s*static\s+/, "") ?? ""}\n`);
        const src = readFileSync(file, "utf8");
        return {
          file: input,
          splice(out) {
            const mine = functionText(out, fn), orig = functionText(src, fn);
            if (!mine || !orig) throw new Error(`no function ${fn} to splice`);
            return `${src.slice(0, orig.start)}static ${mine.text.replace(/^\s*static\s+/, "")}${src.slice(orig.end)}`;
          },
        };
      },
    };
    if (name === "gemm") {
      k.gemm = "dgemm";
      // gemm.h's NI, NJ, NK per dataset; 2 FLOPs per multiply-add (the beta scaling left out).
      const sizes: Record<string, number[]> = { MINI: [20, 25, 30], SMALL: [60, 70, 80], MEDIUM: [200, 220, 240], LARGE: [1000, 1100, 1200], EXTRALARGE: [2000, 2300, 2600] };
      const d = sizes[k.defines[0].replace("_DATASET", "")];
      if (d) k.flops = 2 * d[0] * d[1] * d[2];
    }
    return k;
  });
}

/** `void fn(...) {...}`: its text and range, braces matched (comments skipped). */
function functionText(src: string, fn: string): { start: number; end: number; text: string } | undefined {
  const m = new RegExp(`(static\\s+)?void\\s+${fn}\\s*\\(`).exec(src);
  if (!m) return undefined;
  let depth = 0, i = src.indexOf("{", m.index);
  for (; i < src.length; i++) {
    if (src.startsWith("/*", i)) { i = src.indexOf("*/", i + 2) + 1; continue; }
    if (src[i] === "{") depth++; else if (src[i] === "}" && --depth === 0) { i++; break; }
  }
  return { start: m.index, end: i, text: src.slice(m.index, i) };
}

interface Built { exe?: string; error?: string; plan?: string; env?: Record<string, string> }
function compile(cc: string, flags: string[], k: Kernel, src: string, exe: string): string | undefined {
  const r = spawnSync(cc, [...COMMON, ...flags, ...k.defines.map((d) => `-D${d}`), ...k.flags, src, ...k.extra, "-o", exe], { encoding: "utf8", timeout: 300_000 });
  return r.status === 0 ? undefined : `compile failed: ${(r.stderr || r.error?.message || "").split("\n").find((l) => /error/.test(l)) ?? r.stderr.slice(0, 200)}`;
}

function buildLoopsmith(k: Kernel, dir: string, exe: string, nThreads: number, extra: readonly string[] = []): Built {
  let input: ReturnType<Kernel["loopsmithInput"]>;
  try { input = k.loopsmithInput(dir); } catch (e) { return { error: `error: ${(e as Error).message.split("\n")[0]}` }; }
  const out = join(dir, `${basename(exe)}.ls.c`);
  const cliArgs = [cli, "transform", input.file, "--function", k.fn, "--optimize", ...(nThreads > 1 ? ["--threads", String(nThreads)] : []),
    ...(k.group === "polybench" ? ["--assume-noalias"] : []), ...k.defines.filter((d) => /^\w+=\d+$/.test(d)).flatMap((d) => ["-D", d]), ...extra, "-o", out];
  const r = spawnSync("node", cliArgs, { encoding: "utf8", timeout: 120_000 });
  const plan = (r.stderr ?? "").split("\n").filter((l) => l.startsWith("plan:")).map((l) => l.slice(5).trim()).join(" | ");
  if (r.status === 3) return { plan: "-", exe: undefined };
  if (r.status !== 0) return { error: `error: ${(r.stderr || r.error?.message || `exit ${r.status}`).split("\n")[0].slice(0, 120)}` };
  const src = join(dir, `${basename(exe)}.spliced.c`);
  try { writeFileSync(src, input.splice(readFileSync(out, "utf8"))); } catch (e) { return { error: `error: ${(e as Error).message}` }; }
  const err = compile("gcc", nThreads > 1 ? ["-fopenmp"] : [], k, src, exe);
  return err ? { error: err, plan } : { exe, plan, env: nThreads > 1 ? { OMP_NUM_THREADS: String(nThreads) } : undefined };
}

interface Run { seconds?: number; output?: string; error?: string }
function runOnce(b: Built, dir: string, tag: string): Run {
  const outFile = join(dir, `${tag}.out`);
  const r = spawnSync(b.exe!, [], { encoding: "utf8", timeout: RUN_TIMEOUT, maxBuffer: 1 << 30, env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", ...b.env, BENCH_OUT: outFile } });
  if (r.status !== 0) return { error: r.error ? `timeout/crash: ${r.error.message}` : `exit ${r.status ?? r.signal}` };
  const t = /time ([\d.]+)/.exec(r.stdout) ?? /^([\d.]+)\s*$/m.exec(r.stdout);
  return { seconds: t ? Number(t[1]) : undefined, output: existsSync(outFile) ? outFile : r.stderr };
}

/** null when equal; otherwise the first difference. `bitwise` says whether they were identical. */
function compare(a: string, b: string, fromFile: boolean): { ok: boolean; bitwise: boolean; why?: string } {
  if (fromFile) {
    const x = readFileSync(a), y = readFileSync(b);
    if (x.equals(y)) return { ok: true, bitwise: true };
    if (x.length !== y.length || x[0] !== y[0]) return { ok: false, bitwise: false, why: "output size differs" };
    const tag = String.fromCharCode(x[0]), tol = tag === "f" ? 1e-4 : tag === "d" ? 1e-9 : 0;
    const view = (buf: Buffer) => { const c = new Uint8Array(buf.subarray(1)); return tag === "f" ? new Float32Array(c.buffer) : tag === "d" ? new Float64Array(c.buffer) : new Int32Array(c.buffer); };
    const u = view(x), v = view(y);
    // Relative per element, or relative to the array's largest magnitude divided by 100: a sum
    // that cancels to near zero keeps the rounding of its large terms (a reordered FP sum).
    let scale = 0;
    for (let i = 0; i < u.length; i++) scale = Math.max(scale, Math.abs(u[i]));
    for (let i = 0; i < u.length; i++) if (!(Math.abs(u[i] - v[i]) <= tol * Math.max(Math.abs(u[i]), Math.abs(v[i]), scale / 100, 1e-30))) return { ok: false, bitwise: false, why: `element ${i}: ${u[i]} vs ${v[i]}` };
    return { ok: true, bitwise: false };
  }
  if (a === b) return { ok: true, bitwise: true };
  const p = a.split(/\s+/), q = b.split(/\s+/);
  if (p.length !== q.length) return { ok: false, bitwise: false, why: "output length differs" };
  for (let i = 0; i < p.length; i++) {
    if (p[i] === q[i]) continue;
    const u = Number(p[i]), v = Number(q[i]), quantum = 10 ** -((p[i].split(".")[1] ?? "").length);
    if (!(Math.abs(u - v) <= 1e-9 * Math.max(Math.abs(u), Math.abs(v)) + quantum * 1.0001)) return { ok: false, bitwise: false, why: `value ${i}: ${p[i]} vs ${q[i]}` };
  }
  return { ok: true, bitwise: false };
}

function measurePeak(dir: string): number | undefined {
  // Independent FMA chains on the widest vector (gcc vector extensions): 12 accumulators.
  const c = `#include <stdio.h>
#include <time.h>
typedef double v4 __attribute__((vector_size(32)));
int main(int argc, char **argv) {
  (void)argv; v4 a[12], x = {1.0000001, 1.0000001, 1.0000001, 1.0000001}, y = {0.9999999, 0.9999999, 0.9999999, 0.9999999};
  for (int i = 0; i < 12; i++) a[i] = (v4){i, i + 1, i + 2, argc};
  long n = 100000000; struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long r = 0; r < n; r++) for (int i = 0; i < 12; i++) a[i] = a[i] * x + y;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s = 0; for (int i = 0; i < 12; i++) for (int j = 0; j < 4; j++) s += a[i][j];
  double t = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  printf("%.6f %g\\n", 2.0 * 4 * 12 * n / t / 1e9, s); return 0; }`;
  const src = join(dir, "peak.c"), exe = join(dir, "peak");
  writeFileSync(src, c);
  if (spawnSync("gcc", ["-O3", "-march=native", "-ffp-contract=fast", src, "-o", exe]).status !== 0) return undefined;
  const best = [0, 1, 2].map(() => Number(execFileSync(exe, { encoding: "utf8" }).split(" ")[0])).sort((a, b) => b - a)[0];
  return best;
}

interface Row { kernel: string; variant: Variant; seconds?: number; plan?: string; status: "ok" | "failure" | "n/a" | "error"; note?: string; bitwise?: boolean; gflops?: number }

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const fmtMs = (s: number) => { const m = s * 1e3; return m >= 100 ? m.toFixed(0) : m >= 10 ? m.toFixed(1) : m.toPrecision(3); };
const geomean = (xs: number[]) => (xs.length ? Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length) : NaN);

function main(): void {
  const t0 = Date.now();
  const tools = ensureTools();
  const dir = mkdtempSync(join(tmpdir(), "loopsmith-bench-kernels-"));
  const rows: Row[] = [];
  try {
    const peak = measurePeak(dir);
    console.log(`FMA peak, one core (double, 12 independent 256-bit chains): ${peak?.toFixed(1) ?? "?"} GFLOP/s (float: twice that)`);
    let kernels = [...repoKernels(), ...(polybench ? polybenchKernels(resolve(polybench)) : [])];
    if (only) kernels = kernels.filter((k) => only.some((o) => k.name === o || k.name === `pb/${o}`));
    for (const k of kernels) {
      const tag = k.name.replace(/\W/g, "_");
      if (k.group === "polybench" && dataset === "LARGE" && !quick) {
        // The issue's rule: LARGE, or MEDIUM where gcc -O3 takes more than 5 s (a probe run).
        const probe = join(dir, `${tag}.probe`);
        if (!compile("gcc", [], k, k.file, probe)) {
          const r = spawnSync(probe, [], { stdio: "ignore", timeout: 5000 });
          if (r.error || r.signal) { k.defines[0] = "MEDIUM_DATASET"; k.name += " (MEDIUM)"; if (k.gemm) k.flops = 2 * 200 * 220 * 240; }
        }
      }
      const variants: [Variant, () => Built][] = [
        ["O3", () => ({ exe: join(dir, `${tag}.O3`), error: compile("gcc", [], k, k.file, join(dir, `${tag}.O3`)) })],
        ["graphite", () => ({ exe: join(dir, `${tag}.gr`), error: compile("gcc", ["-floop-nest-optimize"], k, k.file, join(dir, `${tag}.gr`)) })],
        ["polly", () => (tools.clang ? { exe: join(dir, `${tag}.po`), error: compile("clang", ["-mllvm", "-polly"], k, k.file, join(dir, `${tag}.po`)) } : { error: "n/a" })],
        ["loopsmith", () => buildLoopsmith(k, dir, join(dir, `${tag}.ls`), 1)],
      ];
      if (k.gemm && k.group === "kernels") variants.push(["openblas", () => (tools.blas ? { exe: join(dir, `${tag}.bl`), error: compile("gcc", ["-DBENCH_CBLAS"], { ...k, extra: [...k.extra, "-lopenblas"] }, k.file, join(dir, `${tag}.bl`)) } : { error: "n/a" })]);
      if (k.gemm === "dgemm" && k.group === "polybench") variants.push(["openblas", () => {
        if (!tools.blas) return { error: "n/a" };
        // PolyBench's gemm with its kernel replaced by the library call (same arrays, same sizes).
        const src = readFileSync(k.file, "utf8"), f = functionText(src, k.fn);
        if (!f) return { error: `error: no ${k.fn}` };
        const head = f.text.slice(0, f.text.indexOf("{"));
        const body = "{\n  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, ni, nj, nk, alpha, &A[0][0], NK, &B[0][0], NJ, beta, &C[0][0], NJ);\n}";
        const c = join(dir, `${tag}.blas.c`), exe = join(dir, `${tag}.bl`);
        writeFileSync(c, `#include <cblas.h>\n${src.slice(0, f.start)}${head}${body}${src.slice(f.end)}`);
        return { exe, error: compile("gcc", [], { ...k, extra: [...k.extra, "-lopenblas"] }, c, exe) };
      }]);
      if (threads > 1) {
        variants.push(["polly-par", () => (tools.clang ? { exe: join(dir, `${tag}.pp`), env: { OMP_NUM_THREADS: String(threads) }, error: compile("clang", ["-mllvm", "-polly", "-mllvm", "-polly-parallel", "-lgomp"], k, k.file, join(dir, `${tag}.pp`)) } : { error: "n/a" })]);
        variants.push(["loopsmith-t2", () => buildLoopsmith(k, dir, join(dir, `${tag}.lt`), threads)]);
      }
      const built = new Map<Variant, Built>();
      for (const [v, b] of variants) {
        const r = b();
        // Exit 3: no plan beats the code as it is, so Loopsmith's figure is the original's.
        if (!r.error && !r.exe && r.plan === "-") built.set(v, { ...built.get("O3")!, plan: "-" }); else built.set(v, r);
      }
      const times = new Map<Variant, number[]>(), outputs = new Map<Variant, string>(), fails = new Map<Variant, string>();
      // No plan: Loopsmith leaves the file as it is, so its binary is -O3's; its runs are -O3's
      // (timing the same binary twice would only show the machine's noise as a speedup or a loss).
      const unchanged = (v: Variant) => v !== "O3" && built.get(v)?.plan === "-" && built.get(v)?.exe === built.get("O3")?.exe;
      for (let i = 0; i < runs; i++) {
        for (const [v] of variants) {
          const b = built.get(v)!;
          if (b.error || !b.exe || fails.has(v) || unchanged(v)) continue;
          const r = runOnce(b, dir, `${tag}.${v}.${i}`);
          if (r.error || r.seconds === undefined) { fails.set(v, r.error ?? "no time printed"); continue; }
          (times.get(v) ?? times.set(v, []).get(v)!).push(r.seconds);
          if (i === 0) outputs.set(v, r.output!);
        }
      }
      for (const [v] of variants) if (unchanged(v) && times.has("O3")) { times.set(v, times.get("O3")!); outputs.set(v, outputs.get("O3")!); }
      const base = outputs.get("O3");
      for (const [v] of variants) {
        const b = built.get(v)!, ts = times.get(v);
        const row: Row = { kernel: k.name, variant: v, plan: b.plan, status: "ok" };
        if (b.error) { row.status = b.error === "n/a" ? "n/a" : "error"; row.note = b.error; }
        else if (fails.has(v)) { row.status = "failure"; row.note = fails.get(v); }
        else if (ts?.length) {
          row.seconds = median(ts);
          if (k.flops) row.gflops = k.flops / row.seconds / 1e9;
          const o = outputs.get(v);
          if (v !== "O3" && base && o) {
            const c = compare(base, o, k.out === "file");
            row.bitwise = c.bitwise;
            if (!c.ok) { row.status = "failure"; row.note = `output differs: ${c.why}`; }
          }
        }
        // A plan that reorders floating-point sums on a numerically sensitive kernel (gramschmidt:
        // gcc -ffast-math changes its output as much) differs beyond the tolerance: what a user does
        // then, the plan made with --no-fp-reorder, is measured instead and the row says so.
        if (row.status === "failure" && /^output differs/.test(row.note ?? "") && (v === "loopsmith" || v === "loopsmith-t2") && base) {
          const exact = buildLoopsmith(k, dir, join(dir, `${tag}.${v}.exact`), v === "loopsmith-t2" ? threads : 0, ["--no-fp-reorder"]);
          const first = `${b.plan}, ${row.note}`;
          if (!exact.error && exact.plan === "-") Object.assign(row, { status: "ok", seconds: times.get("O3") ? median(times.get("O3")!) : undefined, plan: `- (with --no-fp-reorder: the plan ${first})`, note: undefined, bitwise: true });
          else if (!exact.error && exact.exe) {
            const ts: number[] = [];
            let out: string | undefined, bad: string | undefined;
            for (let i = 0; i < runs && !bad; i++) { const r = runOnce(exact, dir, `${tag}.${v}.exact.${i}`); if (r.error || r.seconds === undefined) bad = r.error ?? "no time printed"; else { ts.push(r.seconds); out ??= r.output; } }
            const c = out ? compare(base, out, k.out === "file") : null;
            if (!bad && c?.ok) Object.assign(row, { status: "ok", seconds: median(ts), gflops: k.flops ? k.flops / median(ts) / 1e9 : undefined, plan: `${exact.plan} (with --no-fp-reorder: the plan ${first})`, note: undefined, bitwise: c.bitwise });
          }
        }
        rows.push(row);
      }
      for (const f of readdirSync(dir)) if (f.endsWith(".out")) rmSync(join(dir, f), { force: true });
      process.stderr.write(`${k.name} `);
    }
    process.stderr.write("\n");
    print(rows, kernels, peak);
    if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ peakGflops: peak, runs, quick, rows }, null, 2));
  } finally { rmSync(dir, { recursive: true, force: true }); }
  console.log(`\nbench:kernels took ${((Date.now() - t0) / 1000).toFixed(0)} s (${runs} run${runs > 1 ? "s" : ""} per variant, interleaved; medians).`);
}

function print(rows: Row[], kernels: Kernel[], peak: number | undefined): void {
  const get = (k: string, v: Variant) => rows.find((r) => r.kernel === k && r.variant === v);
  const ms = (r?: Row) => (!r ? "" : r.status === "ok" && r.seconds !== undefined ? `${fmtMs(r.seconds)}${r.bitwise === false ? "~" : ""}` : r.status === "n/a" ? "n/a" : r.status === "failure" ? `FAILURE (${r.note})` : (r.note ?? "error"));
  console.log("\ntimes in ms (median); ~ = output within the FP tolerance, not bit-identical; plan - = no plan, the file unchanged: its time is -O3's\n");
  console.log("| kernel | -O3 | Graphite | Polly | Loopsmith | LS / -O3 | LS vs Polly | OpenBLAS | GFLOP/s -O3 / LS (% peak) | plan |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
  const speed = { gr: [] as number[], po: [] as number[], ls: [] as number[], grPb: [] as number[], poPb: [] as number[], lsPb: [] as number[], ctl: [] as string[] };
  let failures = 0;
  for (const k of kernels) {
    const b = get(k.name, "O3"), g = get(k.name, "graphite"), p = get(k.name, "polly"), l = get(k.name, "loopsmith"), o = get(k.name, "openblas");
    for (const r of [g, p, l, o, get(k.name, "polly-par"), get(k.name, "loopsmith-t2")]) if (r?.status === "failure") failures++;
    const ok = (r?: Row) => (r?.status === "ok" && r.seconds !== undefined ? r.seconds : undefined);
    const bs = ok(b), ls = ok(l), ps = ok(p), gs = ok(g);
    const counts = bs !== undefined && (k.group !== "polybench" || bs >= 0.01);
    if (counts && bs) {
      if (gs) (k.group === "polybench" ? speed.grPb : speed.gr).push(bs / gs);
      if (ps) (k.group === "polybench" ? speed.poPb : speed.po).push(bs / ps);
      if (ls) (k.group === "polybench" ? speed.lsPb : speed.ls).push(bs / ls);
    }
    if (k.control && bs && ls && ls > bs * 1.02) speed.ctl.push(k.name);
    // The peak is measured on doubles; a float vector holds twice as many lanes.
    const kpeak = peak && (k.gemm === "sgemm" ? 2 * peak : peak);
    const gf = (r?: Row) => (r?.gflops ? `${r.gflops.toFixed(1)}${kpeak ? ` (${((100 * r.gflops) / kpeak).toFixed(0)}%)` : ""}` : "-");
    console.log(`| ${k.name}${k.control ? " (control)" : ""} | ${ms(b)} | ${ms(g)} | ${ms(p)} | ${ms(l)} | ${bs && ls ? `${(bs / ls).toFixed(2)}x` : "-"} | ${ps && ls ? `${(ps / ls).toFixed(2)}` : "-"} | ${o ? ms(o) : ""} | ${k.gemm ? `${gf(b)} / ${gf(l)}${o?.gflops ? `; BLAS ${gf(o)}` : ""}` : ""} | ${l?.plan ?? ""} |`);
  }
  const f = (xs: number[]) => (xs.length ? `${geomean(xs).toFixed(2)}x (${xs.length})` : "-");
  console.log(`\ngeomean speedup over -O3, repo kernels: Graphite ${f(speed.gr)}, Polly ${f(speed.po)}, Loopsmith ${f(speed.ls)}`);
  if (speed.grPb.length || speed.poPb.length || speed.lsPb.length) console.log(`geomean speedup over -O3, PolyBench kernels >= 10 ms: Graphite ${f(speed.grPb)}, Polly ${f(speed.poPb)}, Loopsmith ${f(speed.lsPb)}`);
  if (speed.ctl.length) console.log(`controls slower with Loopsmith (> 2%): ${speed.ctl.join(", ")}`);
  if (rows.some((r) => r.variant === "loopsmith-t2" || r.variant === "polly-par")) {
    console.log("\n| kernel | Loopsmith 1 thread | Loopsmith --threads | speedup | Polly parallel | plan |");
    console.log("|---|---:|---:|---:|---:|---|");
    for (const k of kernels) {
      const l = get(k.name, "loopsmith"), t = get(k.name, "loopsmith-t2"), p = get(k.name, "polly-par");
      console.log(`| ${k.name} | ${ms(l)} | ${ms(t)} | ${l?.seconds && t?.seconds && t.status === "ok" ? `${(l.seconds / t.seconds).toFixed(2)}x` : "-"} | ${ms(p)} | ${t?.plan ?? ""} |`);
    }
  }
  console.log(`\nfailures (output differs from -O3's, crash or timeout): ${failures}`);
  process.exitCode = failures ? 1 : 0;
}

main();
