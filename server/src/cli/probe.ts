// `loopsmith target --probe`: measures the machine it runs on and writes a target file.
// Cache geometry from Linux sysfs (/sys/devices/system/cpu/cpu0/cache); the rest from a small C
// program compiled here with gcc -O3 -march=native: the clock from a chain of dependent integer
// adds (one cycle each on every core we know), fp32/fp64 FLOP/s from independent vector FMA chains,
// int8 MACs from an auto-vectorised int8 dot product, a STREAM-like triad (McCalpin's counting:
// 24 bytes per element, no write-allocate) for the DRAM bandwidth, math-call throughput, and
// sizeof(long)/sizeof(void *) for the data model. Best of a few repetitions, single-threaded.
// A measurement on a loaded machine is low: the file says how and when it was made.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";

const PROGRAM = String.raw`
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
#define BEST(var, reps, body) do { var = 1e30; for (int r_ = 0; r_ < (reps); r_++) { double t0_ = now(); body; double t_ = now() - t0_; if (t_ < var) var = t_; } } while (0)
typedef float vf __attribute__((vector_size(VBYTES)));
typedef double vd __attribute__((vector_size(VBYTES)));
volatile float sinkf; volatile double sinkd; volatile int64_t sinki;
int main(int argc, char **argv) {
  long scale = argc > 1 ? atol(argv[1]) : 1;
  /* clock: dependent adds, 8 per iteration, with an empty asm so the chain is not folded */
  { int64_t x = 1; long n = 20000000L * scale; double t;
    BEST(t, 5, { for (long i = 0; i < n; i++) { x += i; __asm__ volatile("" : "+r"(x)); x += 3; __asm__ volatile("" : "+r"(x)); x += 5; __asm__ volatile("" : "+r"(x)); x += 7; __asm__ volatile("" : "+r"(x));
                   x += 9; __asm__ volatile("" : "+r"(x)); x += 11; __asm__ volatile("" : "+r"(x)); x += 13; __asm__ volatile("" : "+r"(x)); x += 15; __asm__ volatile("" : "+r"(x)); } });
    sinki = x; printf("clock_hz %.6e\n", 8.0 * n / t); }
  /* fp32 / fp64: 10 independent vector FMA chains (without -ffast-math gcc keeps every FMA) */
#define FMAS(T, V, L, SINK, LABEL) { V m, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9; \
    for (int j = 0; j < L; j++) { m[j] = (T)0.999999; c[j] = (T)1e-7; a0[j] = 1 + j; a1[j] = 2 + j; a2[j] = 3 + j; a3[j] = 4 + j; a4[j] = 5 + j; a5[j] = 6 + j; a6[j] = 7 + j; a7[j] = 8 + j; a8[j] = 9 + j; a9[j] = 10 + j; } \
    long n = 2000000L * scale; double t; \
    BEST(t, 5, { for (long i = 0; i < n; i++) { a0 = a0 * m + c; a1 = a1 * m + c; a2 = a2 * m + c; a3 = a3 * m + c; a4 = a4 * m + c; a5 = a5 * m + c; a6 = a6 * m + c; a7 = a7 * m + c; a8 = a8 * m + c; a9 = a9 * m + c; } }); \
    V sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9; T s = 0; for (int j = 0; j < L; j++) s += sum[j]; SINK = s; \
    printf(LABEL " %.6e\n", 2.0 * 10 * L * n / t); }
  FMAS(float, vf, (int)(VBYTES / 4), sinkf, "fp32_flops")
  FMAS(double, vd, (int)(VBYTES / 8), sinkd, "fp64_flops")
  /* int8: a dot product over 4 KiB (in L1), auto-vectorised */
  { enum { N = 4096 }; static int8_t x[N], w[N]; for (int i = 0; i < N; i++) { x[i] = (int8_t)(i * 7); w[i] = (int8_t)(i * 13); }
    long reps = 2000L * scale; double t; int32_t acc = 0;
    BEST(t, 5, { for (long r = 0; r < reps; r++) { int32_t s = 0; for (int i = 0; i < N; i++) s += x[i] * w[i]; acc += s; __asm__ volatile("" : "+r"(acc) : : "memory"); } });
    sinki = acc; printf("int8_macs %.6e\n", (double)N * reps / t); }
  /* triad over 3 x 32 MiB of doubles (far beyond the caches) */
  { long n = 4L << 20; double *a = malloc(n * 8), *b = malloc(n * 8), *c = malloc(n * 8); double t;
    for (long i = 0; i < n; i++) { a[i] = 0; b[i] = 1; c[i] = 2; }
    BEST(t, 4, { for (long i = 0; i < n; i++) a[i] = b[i] + 3.0 * c[i]; __asm__ volatile("" : : "r"(a) : "memory"); });
    sinkd = a[n / 2]; printf("triad_bytes_per_s %.6e\n", 24.0 * n / t); free(a); free(b); free(c); }
  /* math calls: throughput over 4096 arguments */
  { enum { N = 4096 }; static float x[N]; for (int i = 0; i < N; i++) x[i] = 0.001f * (i + 1);
#define CALL(f) { long reps = 50L * scale; double t; float s = 0; BEST(t, 3, { for (long r = 0; r < reps; r++) { for (int i = 0; i < N; i++) s += f(x[i]); } }); sinkf = s; printf("call %s %.6e\n", #f, t / ((double)N * reps)); }
    CALL(expf) CALL(logf) CALL(tanhf) CALL(sqrtf) CALL(sinf) CALL(cosf) CALL(fabsf)
#define CALL2(f) { long reps = 50L * scale; double t; float s = 0; BEST(t, 3, { for (long r = 0; r < reps; r++) { for (int i = 0; i < N; i++) s += f(x[i], 0.5f); } }); sinkf = s; printf("call %s %.6e\n", #f, t / ((double)N * reps)); }
    CALL2(fmaxf) CALL2(fminf) }
  printf("sizeof_long %d\nsizeof_pointer %d\n", (int)sizeof(long), (int)sizeof(void *));
  return 0;
}
`;

export interface ProbeOptions { name?: string; quick?: boolean }

/** Runs the measurements; returns the target file's JSON value, or throws with what failed. */
export function probeTarget(opts: ProbeOptions = {}): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), "loopsmith-probe-"));
  try {
    const src = join(dir, "probe.c"), exe = join(dir, "probe");
    writeFileSync(src, PROGRAM);
    const results: Record<string, number>[] = [];
    const calls: Record<string, number> = {};
    for (const vbytes of [32, 64]) {
      const cc = ["-O3", "-march=native", "-ffp-contract=fast", `-DVBYTES=${vbytes}`, "-o", exe, src, "-lm"];
      execFileSync("gcc", cc, { stdio: ["ignore", "ignore", "pipe"] });
      const out = execFileSync(exe, [opts.quick ? "1" : "3"], { encoding: "utf8", timeout: 120_000 });
      const r: Record<string, number> = {};
      for (const line of out.trim().split("\n")) {
        const parts = line.split(" ");
        if (parts[0] === "call") calls[parts[1]] = Math.min(calls[parts[1]] ?? Infinity, Number(parts[2]));
        else r[parts[0]] = Number(parts[1]);
      }
      results.push(r);
    }
    const best = (k: string) => Math.max(...results.map((r) => r[k]));
    const clockHz = best("clock_hz");
    const perCycle = (x: number) => Math.max(0.01, Math.round((x / clockHz) * 100) / 100);
    const caches = sysfsCaches();
    const longBytes = results[0].sizeof_long, ptrBytes = results[0].sizeof_pointer;
    const dataModel = ptrBytes === 4 ? "ILP32" : longBytes === 4 ? "LLP64" : "LP64";
    const when = `measured by loopsmith target --probe on ${hostname()}, ${new Date().toISOString().slice(0, 10)}`;
    const mathCallCycles = Object.fromEntries(Object.entries(calls).map(([f, s]) => [f, Math.max(1, Math.round(s * clockHz))]));
    return {
      name: opts.name ?? `${hostname()} (probed)`,
      description: `Measured on ${hostname()} by loopsmith target --probe: one core`,
      clockGHz: Math.round(clockHz / 1e7) / 100,
      cores: cpuCount(),
      peak: { fp32FlopsPerCycle: perCycle(best("fp32_flops")), fp64FlopsPerCycle: perCycle(best("fp64_flops")), int8MacsPerCycle: perCycle(best("int8_macs")) },
      caches,
      dram: { bandwidthGBs: Math.round(best("triad_bytes_per_s") / 1e7) / 100 },
      dataModel,
      mathCallCycles,
      sources: {
        clockGHz: `${when}: chains of dependent integer adds (one per cycle), best of 5; a turbo or loaded core changes it`,
        cores: "os.cpus() of Node.js",
        peak: `${when}: 10 independent FMA chains on 32- and 64-byte GCC vectors (gcc -O3 -march=native), FLOP/s / clock; int8: a plain C int8 dot product over 4 KiB as gcc vectorises it (not hand-written SIMD: what C loops get), MACs/s / clock; best of 5`,
        ...(caches.length ? { caches: "Linux sysfs /sys/devices/system/cpu/cpu0/cache/index*/ (level, size, ways_of_associativity, coherency_line_size, shared_cpu_list); instruction caches left out" } : {}),
        dram: `${when}: STREAM-like triad a[i] = b[i] + 3*c[i] over 3 x 32 MiB of doubles, 24 bytes per element (McCalpin's counting), best of 4, one thread`,
        dataModel: `${when}: sizeof(long) = ${longBytes}, sizeof(void *) = ${ptrBytes}`,
        mathCallCycles: `${when}: throughput of each call over 4096 floats (glibc libm at gcc -O3 -march=native), seconds per call x clock`,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cpuCount(): number {
  try { return Math.max(1, require("node:os").cpus().length); } catch { return 1; }
}

/** Data and unified caches of cpu0, innermost first; [] when sysfs does not describe them. */
function sysfsCaches(): { level: string; sizeBytes: number; lineBytes: number; ways: number; shared?: boolean }[] {
  const base = "/sys/devices/system/cpu/cpu0/cache";
  let dirs: string[];
  try { dirs = readdirSync(base).filter((d) => /^index\d+$/.test(d)); } catch { return []; }
  const out: { level: string; sizeBytes: number; lineBytes: number; ways: number; shared?: boolean }[] = [];
  for (const d of dirs) {
    const read = (f: string) => { try { return readFileSync(join(base, d, f), "utf8").trim(); } catch { return ""; } };
    if (!/^(Data|Unified)$/.test(read("type"))) continue;
    const m = /^(\d+)([KMG]?)$/.exec(read("size"));
    if (!m) continue;
    const sizeBytes = Number(m[1]) * (m[2] === "K" ? 1024 : m[2] === "M" ? 1 << 20 : m[2] === "G" ? 1 << 30 : 1);
    const ways = Number(read("ways_of_associativity")), lineBytes = Number(read("coherency_line_size"));
    if (!(ways > 0) || !(lineBytes > 0) || sizeBytes % (ways * lineBytes) !== 0) continue;
    const shared = /[-,]/.test(read("shared_cpu_list"));
    out.push({ level: `L${read("level")}`, sizeBytes, lineBytes, ways, ...(shared ? { shared: true } : {}) });
  }
  return out.sort((a, b) => a.level.localeCompare(b.level) || a.sizeBytes - b.sizeBytes);
}
