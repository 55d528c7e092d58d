// Targets as data (model/targets.ts), the estimate and roofline on a target (analysis/roofline.ts),
// the data model's sizes, and the editor's use of them (hover, lens, LS003, Select target).
// Figures are derived by hand in each test from the target's numbers.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TARGET, SHIPPED_TARGETS, shippedTarget, validateTarget, parseTarget, type Target } from "../src/engine";
import { getEngine, readSample, repoRoot } from "./helpers/engine";
import { LspClient, hoverText, serverBundle } from "./helpers/lspClient";

const targetsDir = join(repoRoot, "server", "targets");
const shippedFiles = readdirSync(targetsDir).filter((f) => f.endsWith(".json"));

/** A small valid target whose figures are easy to derive by hand: 1 GHz, 1 FMA slot/cycle, 1 GB/s. */
const hand = (extra: Record<string, unknown> = {}) => ({
  name: "hand", clockGHz: 1, cores: 1,
  peak: { fp32FlopsPerCycle: 2, fp64FlopsPerCycle: 1, int8MacsPerCycle: 4, intOpsPerCycle: 1 },
  caches: [], dram: { bandwidthGBs: 1 }, dataModel: "LP64", mathCallCycles: { tanhf: 60 },
  sources: { clockGHz: "test", peak: "test", dram: "test", mathCallCycles: "test" }, ...extra,
});
const valid = (v: unknown): Target => {
  const r = validateTarget(v, "hand.json");
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.target;
};
async function nestOn(text: string, target?: Target, defines: Record<string, number> = {}) {
  const r = (await getEngine()).analyze(text, { file: "t.c", defines, ...(target ? { target } : {}) });
  expect(r.nests).toHaveLength(1);
  return r.nests[0];
}

describe("shipped targets", () => {
  it("every file in server/targets validates and is shipped, the default first", () => {
    expect(shippedFiles.length).toBeGreaterThanOrEqual(8);
    for (const f of shippedFiles) {
      const r = parseTarget(readFileSync(join(targetsDir, f), "utf8"), f);
      expect(r.ok ? [] : r.errors).toEqual([]);
      if (r.ok) expect(SHIPPED_TARGETS.map((t) => t.name)).toContain(r.target.name);
    }
    expect(SHIPPED_TARGETS).toHaveLength(shippedFiles.length);
    expect(DEFAULT_TARGET.name).toBe("1 GHz, 1 MAC/cycle");
    expect(new Set(SHIPPED_TARGETS.map((t) => t.name)).size).toBe(SHIPPED_TARGETS.length);
  });

  it("ships the issue's machines, each number citing its source", () => {
    const names = SHIPPED_TARGETS.map((t) => t.name).join("\n");
    for (const m of ["Cortex-M7", "Cortex-A53", "Cortex-A72", "Cortex-A78AE", "x86-64", "Orin GPU", "Ethos-U55"]) expect(names).toContain(m);
    const m7 = shippedTarget("Cortex-M7")!;
    expect(m7.dataModel).toBe("ILP32");
    expect(m7.caches).toEqual([{ level: "L1", sizeBytes: 16384, lineBytes: 32, ways: 4 }]);
    for (const t of SHIPPED_TARGETS) {
      for (const k of ["clockGHz", "peak", ...(t.caches.length ? ["caches"] : []), ...(t.dram ? ["dram"] : []), ...(Object.keys(t.mathCallCycles).length ? ["mathCallCycles"] : [])])
        expect(t.sources[k], `${t.name}: sources.${k}`).toMatch(/\S.{10,}/);
    }
    // Roofline-only: peak and bandwidth, no cache model.
    for (const n of ["Jetson AGX Orin GPU", "Ethos-U55"]) { const t = shippedTarget(n)!; expect(t.caches).toEqual([]); expect(t.dram).toBeDefined(); }
  });

  it("the loopsmith.target setting lists every shipped target with a description", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    const t = pkg.contributes.configuration.properties["loopsmith.target"];
    expect(t.default).toBe(DEFAULT_TARGET.name);
    const e = t.anyOf.find((x: { enum?: string[] }) => x.enum);
    expect(e.enum).toEqual(SHIPPED_TARGETS.map((x) => x.name));
    expect(e.enumDescriptions).toHaveLength(SHIPPED_TARGETS.length);
    expect(t.anyOf.some((x: { type?: string; enum?: unknown }) => x.type === "string" && !x.enum)).toBe(true);
    expect(pkg.contributes.configuration.properties["loopsmith.targets"]).toMatchObject({ type: "array", items: { type: "string" } });
  });

  it("names are looked up exactly, case-insensitively, or by a unique prefix", () => {
    expect(shippedTarget("Cortex-A53")!.name).toBe("Cortex-A53 (Raspberry Pi 3)");
    expect(shippedTarget("cortex-a72 (raspberry pi 4)")!.name).toBe("Cortex-A72 (Raspberry Pi 4)");
    expect(shippedTarget("Cortex-A")).toBeUndefined(); // ambiguous
    expect(shippedTarget("VAX")).toBeUndefined();
  });
});

describe("bad target files: a message naming the file and the field, nothing else breaks", () => {
  const base = hand({ caches: [{ level: "L1", sizeBytes: 32768, lineBytes: 64, ways: 4 }], sources: { clockGHz: "t", peak: "t", caches: "t", dram: "t", mathCallCycles: "t" } });
  const without = (path: string): unknown => {
    const v = structuredClone(base) as Record<string, unknown>;
    const keys = path.split(".");
    let o = v as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) o = (k === "caches[0]" ? (o.caches as unknown[])[0] : o[k]) as Record<string, unknown>;
    delete o[keys[keys.length - 1]];
    return v;
  };
  const errorsOf = (v: unknown) => { const r = validateTarget(v, "my-board.json"); return r.ok ? [] : r.errors; };

  it("the base file is valid", () => expect(errorsOf(base)).toEqual([]));

  for (const field of ["name", "clockGHz", "cores", "peak", "peak.fp32FlopsPerCycle", "peak.fp64FlopsPerCycle", "peak.int8MacsPerCycle", "caches",
    "caches[0].level", "caches[0].sizeBytes", "caches[0].lineBytes", "caches[0].ways", "dram", "dram.bandwidthGBs", "dataModel", "mathCallCycles", "sources", "sources.peak", "sources.caches"]) {
    it(`missing ${field}`, () => {
      const errs = errorsOf(without(field));
      expect(errs.length).toBeGreaterThan(0);
      expect(errs.some((e) => e.startsWith(`my-board.json: ${field}: `) && /missing/.test(e)), errs.join("\n")).toBe(true);
    });
  }

  const wrong: [string, (v: Record<string, any>) => void, RegExp][] = [
    ["clockGHz", (v) => { v.clockGHz = "1.2"; }, /expected a number, got "1.2"/],
    ["clockGHz", (v) => { v.clockGHz = 0; }, /> 0, got 0/],
    ["cores", (v) => { v.cores = 1.5; }, /whole number/],
    ["peak.fp32FlopsPerCycle", (v) => { v.peak.fp32FlopsPerCycle = -8; }, />= 0, got -8/],
    ["peak", (v) => { v.peak = [8]; }, /expected an object/],
    ["peak", (v) => { v.peak = { fp32FlopsPerCycle: 0, fp64FlopsPerCycle: 0, int8MacsPerCycle: 0 }; }, /cannot compute/],
    ["caches", (v) => { v.caches = { L1: 32768 }; }, /expected an array/],
    ["caches[0].lineBytes", (v) => { v.caches[0].lineBytes = 48; }, /power of two, got 48/],
    ["caches[0].sizeBytes", (v) => { v.caches[0].sizeBytes = 1000; }, /whole number of sets/],
    ["caches[1].sizeBytes", (v) => { v.caches.push({ level: "L2", sizeBytes: 16384, lineBytes: 64, ways: 4 }); }, /innermost first/],
    ["caches[1].level", (v) => { v.caches.push({ level: "L1", sizeBytes: 65536, lineBytes: 64, ways: 4 }); }, /given twice/],
    ["caches[0].shared", (v) => { v.caches[0].shared = "yes"; }, /true or false/],
    ["dram.bandwidthGBs", (v) => { v.dram.bandwidthGBs = null; }, /expected a number, got null/],
    ["dataModel", (v) => { v.dataModel = "LP32"; }, /one of "LP64", "ILP32", "LLP64", got "LP32"/],
    ["mathCallCycles.expf", (v) => { v.mathCallCycles.expf = "fast"; }, /cycles >= 0/],
    ["sources.peak", (v) => { v.sources.peak = 3; }, /citation/],
    ["peakScope", (v) => { v.peakScope = "cluster"; }, /"core" or "device"/],
  ];
  for (const [field, mutate, message] of wrong) {
    it(`wrong ${field}: ${message.source}`, () => {
      const v = structuredClone(base) as Record<string, any>;
      mutate(v);
      const errs = errorsOf(v);
      expect(errs.some((e) => e.startsWith(`my-board.json: ${field}: `) && message.test(e)), errs.join("\n")).toBe(true);
    });
  }

  it("not JSON, not an object; several problems are all reported", () => {
    const r = parseTarget("{ name: 1", "broken.json");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^broken\.json: not valid JSON/);
    expect(errorsOf([1, 2])[0]).toMatch(/^my-board\.json: expected a JSON object/);
    expect(errorsOf({ ...base, clockGHz: "x", dataModel: 3 })).toHaveLength(2);
  });

  it("extra fields are allowed", () => expect(errorsOf({ ...base, tcm: { dtcmBytes: 131072 }, notes: "mine" })).toEqual([]));

  it("the engine keeps working after a bad file (the bad one is simply not a target)", async () => {
    expect(validateTarget({}, "x.json").ok).toBe(false);
    const n = await nestOn("float a[8]; void f(void) { for (int i = 0; i < 8; i++) a[i] = a[i] * 2.0f; }", valid(hand()));
    expect(n.roofline.seconds).not.toBeNull();
  });
});

describe("the data model", () => {
  const src = "long a[100]; size_t s[10]; void f(void) { for (int i = 0; i < 100; i++) a[i] = a[i] + 1; for (int j = 0; j < 10; j++) s[j] = 0; }";
  it("ILP32 makes long and size_t 4 bytes, LP64 8; LLP64 long 4, size_t 8", async () => {
    const engine = await getEngine();
    const sizes = (o: object) => engine.analyze(src, { file: "t.c", ...o }).nests.map((n) => [n.arrays[0].elementBytes, n.footprintBytes.value]);
    expect(sizes({})).toEqual([[8, 800], [8, 80]]);
    expect(sizes({ dataModel: "ILP32" })).toEqual([[4, 400], [4, 40]]);
    expect(sizes({ dataModel: "LLP64" })).toEqual([[4, 400], [8, 80]]);
    // The target's data model is the default: Cortex-M7 is ILP32.
    expect(sizes({ target: shippedTarget("Cortex-M7") })).toEqual([[4, 400], [4, 40]]);
    expect(sizes({ target: shippedTarget("Cortex-A53") })).toEqual([[8, 800], [8, 80]]);
  });

  it("pointer-sized sizeof and pointer fields follow it", async () => {
    const engine = await getEngine();
    const s = "char buf[4096]; void f(void) { for (int i = 0; i < 8; i++) buf[i * sizeof(long)] = 0; }";
    const stride = (o: object) => engine.analyze(s, { file: "t.c", ...o }).nests[0].accesses[0].strides.i.elements;
    expect(stride({})).toBe(8);
    expect(stride({ dataModel: "ILP32" })).toBe(4);
  });
});

describe("the estimate and roofline on a target", () => {
  it("a loop gcc cannot vectorise (a strided reference innermost) computes at the scalar rate", async () => {
    // 64^3 matmul: 262,144 MACs. ijk walks B[k][j] with stride 64 in k: scalar, 1 FMA/cycle on
    // the A53 (2 FLOP/cycle); ikj walks every reference with stride 0 or 1: the 2-lane vector
    // peak (4 FLOP/cycle). The x86 core has 2 scalar FMA pipes (4 FLOP/cycle) of a 32 FLOP/cycle
    // peak; the GPU (a device-scope target) and the M7 (no vector lanes) see no difference.
    const mm = (order: string) => `float A[64][64], B[64][64], C[64][64];\nvoid mm(void) {\n${order}\n  C[i][j] += A[i][k] * B[k][j];\n}\n`;
    const ijk = mm("for (int i = 0; i < 64; i++) for (int j = 0; j < 64; j++) for (int k = 0; k < 64; k++)");
    const ikj = mm("for (int i = 0; i < 64; i++) for (int k = 0; k < 64; k++) for (int j = 0; j < 64; j++)");
    const compute = async (text: string, t: string) => {
      const target = shippedTarget(t);
      expect(target, t).toBeDefined();
      return (await getEngine()).analyze(text, { target }).nests[0].roofline.terms.compute!;
    };
    expect(await compute(ijk, "Cortex-A53")).toBeCloseTo(262144 / 1 / 1.2e9, 12);
    expect(await compute(ikj, "Cortex-A53")).toBeCloseTo(262144 / 2 / 1.2e9, 12);
    const x86 = shippedTarget("x86")!;
    expect(await compute(ijk, "x86")).toBeCloseTo(262144 / 2 / (x86.clockGHz * 1e9), 12);
    expect(await compute(ikj, "x86")).toBeCloseTo(262144 / 16 / (x86.clockGHz * 1e9), 12);
    expect(await compute(ijk, "Jetson AGX Orin GPU")).toBeCloseTo(await compute(ikj, "Jetson AGX Orin GPU"), 15);
    expect(await compute(ijk, "Cortex-M7")).toBeCloseTo(await compute(ikj, "Cortex-M7"), 15);
  });

  it("the default target keeps today's exact estimate", async () => {
    const n = (await getEngine()).analyze(readSample("conv.c"), { file: "conv.c" }).nests[0];
    expect(n.estimate).toEqual({ target: "1 GHz, 1 MAC/cycle", cycles: { expr: "N*C*K*K*FW*FH", value: 442368 }, seconds: 0.000442368, text: "at 1 MAC/cycle on a 1 GHz core this nest takes 442 µs" });
    expect(n.roofline).toMatchObject({ target: "1 GHz, 1 MAC/cycle", ridge: null, bound: "compute", dramSource: "compulsory", dramBytes: 112656, notes: [] });
    expect(n.roofline.terms.memory).toEqual([]);
    expect(n.roofline.intensityDram).toBe(n.arithmeticIntensity.value);
    expect(n.traffic).toMatchObject({ target: "1 GHz, 1 MAC/cycle", levels: [], dramBytes: { value: 112656 } });
  });

  it("memory-bound: a vector add (1,000 FLOPs, 12,000 compulsory bytes at 1 GB/s)", async () => {
    const n = await nestOn("float a[1000], b[1000]; void f(void) { for (int i = 0; i < 1000; i++) a[i] = a[i] + b[i]; }", valid(hand()));
    // compute: 1,000 adds at 1 slot/cycle = 1 µs; DRAM: a read and written (8,000 B) + b (4,000 B) = 12,000 B / 1 GB/s = 12 µs.
    expect(n.roofline.terms.compute).toBeCloseTo(1e-6, 12);
    expect(n.roofline.terms.memory).toEqual([{ level: "DRAM", bytes: 12000, seconds: 1.2e-5 }]);
    expect(n.roofline).toMatchObject({ bound: "memory", limiter: "DRAM", dramBytes: 12000, dramSource: "compulsory", unit: "FLOP/B", ridge: 2, precision: "fp32" });
    expect(n.roofline.seconds).toBeCloseTo(1.2e-5, 12);
    expect(n.roofline.intensityDram).toBeCloseTo(1000 / 12000, 12);
    expect(n.roofline.gflops).toBeCloseTo(1000 / 1.2e-5 / 1e9, 9);
    expect(n.roofline.percentOfPeak).toBeCloseTo((100 * 1) / 12, 9);
    expect(n.estimate).toMatchObject({ target: "hand", seconds: n.roofline.seconds, cycles: { expr: null, value: 12000 } });
    expect(n.estimate.text).toMatch(/^~12\.0 µs on hand: memory-bound: DRAM 11\.7 KiB at 1 GB\/s; roofline only/);
    expect(n.traffic).toMatchObject({ target: "hand", levels: [], dramBytes: { value: 12000 } });
  });

  it("compute-bound: a 32x32x32 matmul (32,768 MACs, 16,384 bytes)", async () => {
    const n = await nestOn("float A[32][32], B[32][32], C[32][32]; void f(void) { for (int i = 0; i < 32; i++) for (int j = 0; j < 32; j++) for (int k = 0; k < 32; k++) C[i][j] += A[i][k] * B[k][j]; }", valid(hand()));
    // compute: 32,768 MACs at one FMA slot per cycle = 32.768 µs; DRAM: A, B 4 KiB each, C 4 KiB twice = 16,384 B = 16.384 µs.
    expect(n.roofline).toMatchObject({ bound: "compute", limiter: "compute" });
    expect(n.roofline.seconds).toBeCloseTo(32.768e-6, 12);
    expect(n.roofline.gflops).toBeCloseTo(2, 9);
    expect(n.roofline.percentOfPeak).toBeCloseTo(100, 9);
    expect(n.roofline.intensityDram).toBeCloseTo(65536 / 16384, 12);
    // A double matmul runs at the fp64 peak (1 FLOP/cycle = half a slot): twice the time.
    const d = await nestOn("double A[32][32], B[32][32], C[32][32]; void f(void) { for (int i = 0; i < 32; i++) for (int j = 0; j < 32; j++) for (int k = 0; k < 32; k++) C[i][j] += A[i][k] * B[k][j]; }", valid(hand()));
    expect(d.roofline.precision).toBe("fp64");
    expect(d.roofline.terms.compute).toBeCloseTo(65.536e-6, 12);
  });

  it("a target without a memory term gives exact cycles; a cache level's bandwidth adds a term", async () => {
    const src = "float a[1000], b[1000]; void f(void) { for (int i = 0; i < 1000; i++) a[i] = a[i] + b[i]; }";
    const noMem = await nestOn(src, valid({ ...hand(), dram: undefined, sources: { clockGHz: "t", peak: "t", mathCallCycles: "t" } }));
    expect(noMem.estimate.cycles).toEqual({ expr: "1000", value: 1000 });
    expect(noMem.roofline).toMatchObject({ bound: "compute", ridge: null, dramSource: "compulsory", notes: [] });
    const cached = await nestOn(src, valid(hand({ caches: [{ level: "L1", sizeBytes: 1024, lineBytes: 64, ways: 2, bandwidthBytesPerCycle: 16 }], sources: { clockGHz: "t", peak: "t", caches: "t", dram: "t", mathCallCycles: "t" } })));
    // The cache model (traffic.ts) fills 4,000 B / 64 B = 62.5 -> 63 lines of each line-aligned array
    // into L1 (a streams through once, b too): 126 misses, and the L1 term is their bytes over its bandwidth.
    expect(cached.traffic.levels.map((l) => l.level)).toEqual(["L1"]);
    expect(cached.traffic.levels[0].misses.value).toBe(126);
    expect(cached.roofline.terms.memory.map((m) => m.level)).toEqual(["L1", "DRAM"]);
    expect(cached.roofline.dramSource).toBe("model");
    expect(cached.roofline.seconds).not.toBeNull();
  });

  it("on a cache target the DRAM bytes come from the cache model; a data-dependent if falls back to compulsory traffic and says so", async () => {
    const n = (await getEngine()).analyze(readSample("conv.c"), { file: "conv.c", target: shippedTarget("Cortex-A53")! }).nests[0];
    expect(n.traffic.target).toBe("Cortex-A53 (Raspberry Pi 3)");
    expect(n.traffic.levels.map((l) => l.level)).toEqual(["L1", "L2"]);
    expect(n.roofline.dramSource).toBe("model");
    expect(n.roofline.dramBytes).toBe(n.traffic.dramBytes.value! + n.traffic.writebackBytes.value!);
    expect(n.estimate.text).toMatch(/on Cortex-A53 \(Raspberry Pi 3\): compute-bound \(one core\)/);
    const g = (await getEngine()).analyze("float a[1000], b[1000];\nvoid f(void) { for (int i = 0; i < 1000; i++) if (a[i] > 0) b[i] = a[i] + 1.0f; }\n", { target: shippedTarget("Cortex-A53")! }).nests[0];
    expect(g.traffic.dramBytes.value).toBeNull();
    expect(g.roofline.dramSource).toBe("compulsory");
    expect(g.roofline.notes.join()).toMatch(/compulsory traffic, the cache model has no figure: .*depends on data/);
    // 884,736 FLOPs = 442,368 MACs. The innermost loop k walks I with stride 884: not vectorised,
    // so one scalar FMA per cycle (not the 2 lanes of the vector peak) at 1.2 GHz: 368.64 µs.
    expect(n.roofline.terms.compute).toBeCloseTo(442368 / 1 / 1.2e9, 12);
    expect(n.roofline.notes.join()).toMatch(/not vectorised: I\[k\]\[x \+ i\]\[y \+ j\] has stride 884 in the innermost loop, so fp32 runs at the scalar 2 FLOP\/cycle \(vector peak 4\)/);
    // The roofline's roof stays the machine's vector peak.
    expect(n.roofline.peakGflops).toBeCloseTo(4 * 1.2, 12);
    expect(n.roofline.percentOfPeak).toBeCloseTo(50, 9);
    expect(n.roofline.ridge).toBeCloseTo((4 * 1.2) / 3.6, 12);
  });

  it("math calls: cycles x calls, their share of the nest, and the activation hint", async () => {
    const n = await nestOn("float x[1024], y[1024]; void f(void) { for (int i = 0; i < 1024; i++) y[i] = tanhf(x[i]); }", valid(hand()));
    // 1,024 calls x 60 cycles = 61.44 µs at 1 GHz, after max(compute 0, DRAM 8,192 B = 8.192 µs).
    expect(n.mathCalls.tanhf).toMatchObject({ value: 1024 });
    expect(n.roofline.terms.math).toBeCloseTo(61.44e-6, 12);
    expect(n.roofline.seconds).toBeCloseTo(69.632e-6, 12);
    expect(n.roofline.mathCalls).toEqual([{ name: "tanhf", calls: 1024, cyclesEach: 60, cycles: 61440, share: expect.closeTo(61.44 / 69.632, 9) }]);
    expect(n.roofline.hint).toBe("tanhf: ~60 cycles x 1,024 calls = 88% of this nest on hand; ReLU is ~1 cycle");
    expect(n.roofline).toMatchObject({ bound: "compute", limiter: "math calls" });
    expect(n.estimate.text).toMatch(/^~69\.6 µs on hand: compute-bound \(one core\) by math calls; math calls 88%/);
    // A ReLU instead: no hint.
    const relu = await nestOn("float x[1024], y[1024]; void f(void) { for (int i = 0; i < 1024; i++) y[i] = x[i] > 0 ? x[i] : 0; }", valid(hand()));
    expect(relu.roofline.hint).toBeUndefined();
    // A call without a cycle figure counts as one operation, as before, and the notes say so.
    const expf = await nestOn("float x[1024], y[1024]; void f(void) { for (int i = 0; i < 1024; i++) y[i] = expf(x[i]); }", valid(hand()));
    expect(expf.roofline.terms.compute).toBeCloseTo(1024e-9, 12);
    expect(expf.roofline.notes.join()).toMatch(/no cycle figure for expf/);
    // On the default target a math call stays one operation: today's estimate.
    const dflt = await nestOn("float x[1024], y[1024]; void f(void) { for (int i = 0; i < 1024; i++) y[i] = tanhf(x[i]); }");
    expect(dflt.estimate.cycles.value).toBe(1024);
  });

  it("int8 MACs at the NPU's peak; floating point cannot run on it", async () => {
    const npu = shippedTarget("Ethos-U55")!;
    const q = await nestOn("signed char w[64][256], x[256]; int y[64]; void f(void) { for (int o = 0; o < 64; o++) for (int i = 0; i < 256; i++) y[o] += w[o][i] * x[i]; }", npu);
    // 16,384 int8 MACs / 256 per cycle = 64 cycles at 0.5 GHz = 128 ns; DRAM: 16,384 + 256 + 2 x 256 B = 17,152 B / 4 GB/s = 4.288 µs.
    expect(q.roofline.terms.compute).toBeCloseTo(128e-9, 12);
    expect(q.roofline).toMatchObject({ bound: "memory", unit: "op/B" });
    expect(q.roofline.seconds).toBeCloseTo(17152 / 4e9, 12);
    const f = await nestOn("float a[8]; void f(void) { for (int i = 0; i < 8; i++) a[i] = a[i] * 2.0f; }", npu);
    expect(f.estimate.seconds).toBeNull();
    expect(f.estimate.text).toMatch(/does no fp32 floating point.*cannot run on it as written/);
  });

  it("an inner loop's hover figures are on the same target", async () => {
    const doc = (await getEngine()).open(readSample("conv.c"), { file: "conv.c", target: shippedTarget("Cortex-A72")! });
    const outer = doc.report().nests[0];
    const inner = doc.loopAt(outer.allLoops[1].start)!;
    expect(inner.estimate.target).toBe("Cortex-A72 (Raspberry Pi 4)");
    expect(inner.roofline.target).toBe("Cortex-A72 (Raspberry Pi 4)");
  });
});

describe("the editor on a target", () => {
  const convText = readSample("conv.c");
  const convUri = "file:///work/samples/conv.c";
  const dir = mkdtempSync(join(tmpdir(), "loopsmith-targets-"));
  const mine = join(dir, "mine.json"), bad = join(dir, "bad.json");
  writeFileSync(mine, JSON.stringify(hand({ name: "My board" })));
  writeFileSync(bad, JSON.stringify({ ...hand({ name: "Broken" }), clockGHz: "fast" }));
  const at = (needle: string) => {
    const i = convText.indexOf(needle, convText.indexOf("#define"));
    const before = convText.slice(0, i + 1).split("\n");
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  let client: LspClient;
  beforeAll(async () => {
    if (!existsSync(serverBundle)) spawnSync("node", ["scripts/build.mjs"], { cwd: repoRoot });
    client = await LspClient.start({ target: "Cortex-A53", targets: [mine, bad, join(dir, "missing.json")] });
    await client.open(convUri, convText);
  });
  afterAll(async () => { await client?.stop(); });

  it("hover and lens follow the selected target, with its bound", async () => {
    const h = hoverText(await client.hover(convUri, at("for (n = 0;")));
    expect(h).toMatch(/\| estimate \| ~369 µs on Cortex-A53: compute-bound/);
    expect(h).toMatch(/ridge 1\.33 on Cortex-A53/);
    const lens = (await client.codeLens(convUri))![0].command!.title;
    expect(lens).toBe("442 k MAC · 885 kFLOP · AI 7.85 FLOP/B · ~369 µs @ Cortex-A53 (Raspberry Pi 3), compute-bound");
  });

  it("Select target lists every shipped and user target; bad files cost only themselves", async () => {
    const r = await client.request<{ targets: { id: string; description: string }[]; current: string }>("loopsmith/targets");
    expect(r.targets.map((t) => t.id)).toEqual([...SHIPPED_TARGETS.map((t) => t.name), "My board"]);
    expect(r.current).toBe("Cortex-A53");
    await client.configure({ target: "My board", targets: [mine, bad] });
    expect(hoverText(await client.hover(convUri, at("for (n = 0;")))).toMatch(/\| estimate \| ~\S+ µs on My board: /);
    await client.configure({ target: "Broken", targets: [mine, bad] });
    const h = hoverText(await client.hover(convUri, at("for (n = 0;")));
    expect(h).toContain("target \"Broken\" is not a shipped or user target");
    expect(h).toContain("clockGHz: expected a number, got \"fast\"");
    expect(h).toContain("estimates for 1 GHz, 1 MAC/cycle");
  });

  it("LS003 uses the target's ridge point; the default target keeps the fixed threshold", async () => {
    const src = "float a[4096], b[4096];\nvoid f(void) {\n  for (int i = 0; i < 4096; i++) a[i] = a[i] + b[i];\n}\n";
    const uri = "file:///work/vadd.c";
    const before = client.published.length;
    await client.configure({ target: "Cortex-A72" });
    await client.open(uri, src);
    const p = await client.diagnostics(uri, (d) => d.some((x) => x.code === "LS003"), before);
    expect(p.diagnostics.find((x) => x.code === "LS003")!.message).toMatch(/0\.0833 FLOP\/B of DRAM traffic, under the ridge point of Cortex-A72 \(Raspberry Pi 4\) \(0\.938 FLOP\/B\)/);
    const b2 = client.published.length;
    await client.configure({ target: "1 GHz, 1 MAC/cycle" });
    const q = await client.diagnostics(uri, (d) => d.some((x) => x.code === "LS003" && /under 1 FLOP\/B/.test(String(x.message))), b2);
    expect(q.diagnostics.some((x) => x.code === "LS003")).toBe(true);
  });
});

describe("code actions ranked by the cost model", () => {
  it("on a target with a memory model each legal offer carries before/after times; one predicted slower is listed last", async () => {
    const text = readSample("stencil.c");
    const e = await getEngine();
    const at = text.indexOf("for (", text.indexOf("void")) + 1;
    const offers = e.open(text, { target: shippedTarget("Cortex-M7")! }).actionsAt(at);
    const predicted = offers.filter((o) => o.predicted);
    expect(predicted.length).toBeGreaterThan(2);
    for (const o of predicted) expect(o.predicted!.target).toMatch(/^Cortex-M7/);
    // The stencil walks rows contiguously: swapping its loops makes the inner loop stride a whole
    // row (64 floats = 8 lines of 32 B per element), which the cache model predicts slower.
    const swap = offers.find((o) => o.ok && o.title.startsWith("Reorder loops to j,i"))!;
    expect(swap.predicted!.after).toBeGreaterThan(swap.predicted!.before * 1.2);
    const gains = offers.filter((o) => o.ok).map((o) => (o.predicted ? o.predicted.before / o.predicted.after : 1));
    expect([...gains].sort((a, b) => b - a)).toEqual(gains); // best predicted gain first
    expect(offers.filter((o) => o.ok).pop()).toBe(swap);
    // Without a memory model (the default target) the order does not change the estimate: no predictions.
    expect(e.open(text).actionsAt(at).some((o) => o.predicted)).toBe(false);
  });
});
