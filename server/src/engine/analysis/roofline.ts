// The time estimate of one nest on one target, and its roofline position. Pure: exact work
// counts (polynomials), the traffic (analysis/traffic.ts, or compulsory traffic when the
// target has no cache model or the model has no figure) and a Target in; plain data out.
//
// The model (Williams, Waterman, Patterson, "Roofline", CACM 52(4), 2009, with the per-level
// terms of Kerncraft's ECM-less "roofline" mode):
//   time = max(compute, each cache level's fill bytes / its bandwidth, DRAM bytes / bandwidth)
//          + math-call cycles / clock
// - compute counts issue slots: a floating-point FMA slot does one MAC or one other FLOP, so
//   a target with P FLOP/cycle (FMA = 2 FLOPs) has P/2 slots per cycle for the nest's element
//   precision (fp64 when a floating-point array is double, else fp32). Integer MACs run at
//   int8MacsPerCycle on 8-bit data, else at intOpsPerCycle; other integer ops at intOpsPerCycle
//   (a quarter of int8MacsPerCycle when not given). On the course notes' target (2 FLOP, 1 int
//   op per cycle) this is exactly "one MAC or one other operation per cycle".
// - a math call with a cycle figure on the target (mathCallCycles) is timed by it and leaves the
//   compute term; one without is one operation, as before, and the estimate says so.
// - one core for a "core"-scope target (the C is sequential); the whole device for "device".
// - vector lanes only where a compiler can use them: when a reference in the nest's innermost
//   loop walks memory with a stride other than 0 or 1 element (or an unknown one), or the loop
//   runs fewer than 4 iterations (a 3-wide window), gcc does not vectorise that loop, so
//   floating-point work runs at the core's scalar rate
//   (peak.scalarFlopsPerCycle: one scalar FMA per cycle, 2 FLOP, when the file does not say).
//   A stride-fixing reorder is then predicted faster on compute-bound nests too.
// Floats appear only here, for the final time (STYLE: exact first).

import { Poly, type Bindings } from "../symbolic/poly";
import { Rational } from "../symbolic/rational";
import type { Target } from "../model/targets";
import { rooflineOnly } from "../model/targets";
import type { Traffic } from "./traffic";
import type { ArrayReport, Figure, RooflineReport, TrafficReport } from "./report";

/** Exact work of a nest: each total a polynomial, or null with the reason it is unknown. */
export interface Work {
  readonly macs: Poly | null; readonly fmacs: Poly | null; readonly flops: Poly | null; readonly intOps: Poly | null;
  /** Math-library calls by name (`expf`); their sum may be less than the FLOPs of kind "call"
   *  when a callee's calls are counted only in its per-call cost. */
  readonly mathCalls: ReadonlyMap<string, Poly | null>;
  readonly reason?: string;
}

export interface Cost {
  estimate: { target: string; cycles: Figure; seconds: number | null; text: string };
  roofline: RooflineReport;
  traffic: TrafficReport;
}

const rat = (x: number): Rational => {
  // Target figures are decimals (0.48 GHz, 0.5 FLOP/cycle): exact as a fraction of 10^k.
  for (let k = 0, d = 1; k <= 9; k++, d *= 10) if (Number.isInteger(x * d)) return Rational.of(BigInt(Math.round(x * d)), BigInt(d));
  return Rational.of(BigInt(Math.round(x * 1e9)), 1_000_000_000n);
};

/** The floating-point precision whose peak times the nest: fp64 when a floating-point array is double. */
export function precisionOf(arrays: readonly ArrayReport[]): "fp32" | "fp64" {
  return arrays.some((a) => /double|float64/.test(a.elementType) || (a.elementType === "long double")) ? "fp64" : "fp32";
}

/** Integer MACs on 8-bit data (int8_t, q7_t, char) run at the int8 peak. */
const int8Data = (arrays: readonly ArrayReport[]) => arrays.some((a) => a.read && a.elementBytes === 1);

/** The reference of the innermost loop that keeps it from being vectorised (its text and stride), if any. */
export interface Scalar { readonly text: string; readonly stride: string;
  /** Set when the loop is too short to fill a vector (its trip count), rather than strided. */
  readonly trip?: number;
  /** Set when only part of the nest's innermost loops run scalar: their share of its FLOPs. */
  readonly share?: number }

/** The floating-point FLOP/cycle of one core without vector lanes (one scalar FMA per cycle unless the target says). */
export function scalarFlopsPerCycle(target: Target, vectorPeak: number): number {
  return Math.min(vectorPeak, target.peak.scalarFlopsPerCycle ?? 2);
}

export function costOn(target: Target, work: Work, arrays: readonly ArrayReport[], compulsory: Figure, traffic: Traffic | null,
  bindings: Bindings, figure: (p: Poly | null, reason?: string) => Figure, scalar: Scalar | null = null): Cost {
  const name = target.name;
  const notes: string[] = [];
  const precision = precisionOf(arrays);
  const vectorPeak = precision === "fp64" ? target.peak.fp64FlopsPerCycle : target.peak.fp32FlopsPerCycle;
  const scalarPeak = scalarFlopsPerCycle(target, vectorPeak);
  const scalarOnly = scalar !== null && target.peakScope === "core" && scalarPeak < vectorPeak;
  // Part scalar: the rate at which the nest's FLOPs run, a share at each peak.
  const share = scalar?.share;
  const fpPeak = !scalarOnly ? vectorPeak : share !== undefined ? 1 / (share / scalarPeak + (1 - share) / vectorPeak) : scalarPeak;
  const why = scalar ? (scalar.trip !== undefined ? `the innermost ${scalar.text} runs ${scalar.trip} iterations, too few to fill a vector` : `${scalar.text} has stride ${scalar.stride} in the innermost loop`) : "";
  if (scalarOnly && share !== undefined) notes.push(`partly vectorised: ${Math.round(100 * share)}% of the FLOPs run in innermost loops that are not (${why}), at the scalar ${scalarPeak} FLOP/cycle (vector peak ${vectorPeak})`);
  else if (scalarOnly) notes.push(`not vectorised: ${why}, so ${precision} runs at the scalar ${fpPeak} FLOP/cycle (vector peak ${vectorPeak})`);
  const intRate = target.peak.intOpsPerCycle ?? target.peak.int8MacsPerCycle / 4;
  const int8 = int8Data(arrays);
  const macRate = int8 ? target.peak.int8MacsPerCycle : intRate;
  const scope = target.peakScope === "device" ? "" : " (one core)";

  // Math calls timed by the target's cycle figures.
  const priced: { name: string; calls: Poly | null; each: number }[] = [];
  const unpriced: string[] = [];
  for (const [fn, calls] of work.mathCalls) {
    const each = target.mathCallCycles[fn];
    if (each !== undefined) priced.push({ name: fn, calls, each });
    else unpriced.push(fn);
  }
  if (unpriced.length && Object.keys(target.mathCallCycles).length) notes.push(`no cycle figure for ${unpriced.join(", ")} on ${name}: counted as one operation each`);

  // Exact compute cycles: slots / rate per group.
  let compute: Poly | null = null, computeReason = work.reason;
  // At the peak (the roofline's percentage) when the loop is not vectorised: the same work at the vector rate.
  let computeAtPeak: Poly | null = null;
  const { macs, fmacs, flops, intOps } = work;
  if (macs && fmacs && flops && intOps && priced.every((p) => p.calls)) {
    const pricedCalls = priced.reduce((s, p) => s.add(p.calls!), Poly.ZERO);
    const fpSlots = flops.sub(fmacs).sub(pricedCalls);             // each FMA slot: one MAC or one other FLOP
    const intMacs = macs.sub(fmacs);
    const intOther = intOps.sub(intMacs.scale(Rational.of(2n)));
    const cycles = (fpRate: number): Poly | null => {
      const groups: [Poly, number, string][] = [[fpSlots, fpRate / 2, `${precision} floating point`], [intMacs, macRate, int8 ? "int8 MACs" : "integer MACs"], [intOther, intRate, "integer operations"]];
      let c = Poly.ZERO;
      for (const [p, r, what] of groups) {
        if (p.isZero()) continue;
        if (r <= 0) { computeReason = `${name} does no ${what} (its peak is 0): this nest cannot run on it as written`; return null; }
        c = c.add(p.scale(Rational.ONE.div(rat(r))));
      }
      return c;
    };
    compute = cycles(fpPeak);
    computeAtPeak = scalarOnly ? cycles(vectorPeak) : compute;
  } else computeReason ??= macs ? flops ? intOps ? "math-call counts unknown" : "integer ops unknown" : "FLOPs unknown" : "MACs unknown";
  const mathCycles = priced.every((p) => p.calls) ? priced.reduce((s, p) => s.add(p.calls!.scale(rat(p.each))), Poly.ZERO) : null;
  const valueOf = (p: Poly | null) => (p ? p.evaluate(bindings)?.toNumber() ?? null : null);
  const hz = target.clockGHz * 1e9;
  const computeS = compute ? (valueOf(compute) ?? null) : null;
  const computeSeconds = computeS === null ? null : computeS / hz;
  const mathC = valueOf(mathCycles);
  const mathSeconds = mathC === null ? null : mathC / hz;

  // Traffic: the model's, or compulsory where the target has no cache model or the model no figure.
  const levels = traffic?.levels ?? [];
  const memory: RooflineReport["terms"]["memory"] = [];
  target.caches.forEach((c, i) => {
    if (!c.bandwidthBytesPerCycle) return;
    const b = levels[i]?.bytes.value ?? null;
    memory.push({ level: c.level, bytes: b, seconds: b === null ? null : b / (c.bandwidthBytesPerCycle * hz) });
  });
  // DRAM bytes: the model's reads plus write-backs, else the compulsory traffic (also on a
  // target without a memory term, where they give the intensity but no time term).
  let dramBytes: number | null;
  let dramSource: RooflineReport["dramSource"];
  const model = traffic?.dramBytes.value ?? null;
  if (model !== null) {
    dramBytes = model + (traffic!.writebackBytes.value ?? 0);
    dramSource = "model";
    if (traffic!.writebackBytes.value === null) notes.push(`write-backs unknown (${traffic!.writebackBytes.reason ?? "no figure"}): DRAM bytes are reads only`);
  } else {
    dramBytes = compulsory.value;
    dramSource = "compulsory";
    if (target.dram) notes.push(rooflineOnly(target) ? "roofline only: no cache model, DRAM traffic = compulsory traffic"
      : `DRAM traffic = compulsory traffic, the cache model has no figure: ${traffic?.dramBytes.reason ?? "not run"}`);
  }
  if (target.dram) {
    memory.push({ level: "DRAM", bytes: dramBytes, seconds: dramBytes === null ? null : dramBytes / (target.dram.bandwidthGBs * 1e9) });
  }

  // The bound: the largest term.
  let seconds: number | null = null, limiter: string | null = null, reason: string | undefined;
  if (computeSeconds === null) reason = computeReason ?? "compute time unknown";
  else if (mathSeconds === null) reason = "math-call counts unknown";
  else if (memory.some((m) => m.seconds === null)) reason = `${memory.find((m) => m.seconds === null)!.level} traffic unknown: ${target.dram && dramBytes === null ? compulsory.reason ?? "no figure" : "no figure"}`;
  else {
    let top = computeSeconds; limiter = "compute";
    for (const m of memory) if (m.seconds! > top) { top = m.seconds!; limiter = m.level; }
    seconds = top + mathSeconds;
    // Math calls run on the core: when they take longer than the largest term, they bound it.
    if (mathSeconds > top) limiter = "math calls";
  }
  const bound: RooflineReport["bound"] = limiter === null ? null : limiter === "compute" || limiter === "math calls" ? "compute" : "memory";

  // Work per byte and the ridge, in FLOP/B (or op/B for an integer nest: a MAC is 2 ops).
  const flopsV = valueOf(flops), macsV = valueOf(macs), fmacsV = valueOf(fmacs), intV = valueOf(intOps);
  const isFloat = (flopsV ?? 0) > 0;
  const workV = isFloat ? flopsV : macsV !== null && fmacsV !== null && intV !== null ? intV : null;
  const unit = isFloat ? "FLOP/B" : "op/B";
  const peakPerCycle = isFloat ? vectorPeak : 2 * macRate;
  const ridge = target.dram && peakPerCycle > 0 ? (peakPerCycle * target.clockGHz) / target.dram.bandwidthGBs : null;
  const intensityDram = workV !== null && dramBytes ? workV / dramBytes : null;
  const gflops = seconds && flopsV !== null ? flopsV / seconds / 1e9 : seconds === 0 ? null : seconds !== null ? 0 : null;
  const atPeak = computeAtPeak === compute ? computeS : valueOf(computeAtPeak);
  const percentOfPeak = seconds && atPeak !== null ? (100 * atPeak / hz) / seconds : null;

  // Math calls and their share of the time.
  const mathRows: RooflineReport["mathCalls"] = priced.map((p) => {
    const n = valueOf(p.calls);
    const cycles = n === null ? null : n * p.each;
    return { name: p.name, calls: n, cyclesEach: p.each, cycles, share: seconds && cycles !== null ? cycles / hz / seconds : null };
  });
  const top = [...mathRows].sort((a, b) => (b.share ?? 0) - (a.share ?? 0))[0];
  const totalShare = mathRows.reduce((s, m) => s + (m.share ?? 0), 0);
  // ReLU (`x > 0 ? x : 0`) is one compare-and-select: one operation, a cycle.
  const hint = top && totalShare > 0.3
    ? `${top.name}: ~${top.cyclesEach} cycles x ${top.calls!.toLocaleString("en-US")} calls = ${Math.round(100 * top.share!)}% of this nest on ${short(name)}; ReLU is ~1 cycle`
    : undefined;

  // The estimate: exact cycles when only the compute and math terms exist, else the bound's number.
  const timeOnly = memory.length === 0;
  let cycles: Figure;
  if (timeOnly) cycles = compute && mathCycles ? figure(compute.add(mathCycles)) : figure(null, reason ?? computeReason ?? "unknown");
  else cycles = seconds === null ? { expr: null, value: null, reason: reason ?? "unknown" } : { expr: null, value: Math.round(seconds * hz), reason: `the larger of the compute and memory times at ${target.clockGHz} GHz (a number for the bound values only)` };
  const estSeconds = timeOnly ? (cycles.value === null ? null : cycles.value / hz) : seconds;
  const isCourse = timeOnly && target.clockGHz === 1 && vectorPeak === 2 && intRate === 1 && macRate === 1 && priced.length === 0;
  let text: string;
  if (estSeconds === null) text = `unknown (${cycles.reason ?? reason ?? "unknown"})`;
  else if (estSeconds === 0) text = "no arithmetic to time: this nest only moves data (see compulsory traffic)";
  else if (isCourse) text = `at 1 MAC/cycle on a 1 GHz core this nest takes ${seconds3(estSeconds)}`;
  else {
    const what = limiter === "math calls" ? `compute-bound${scope} by math calls` : limiter === "compute" || limiter === null ? `compute-bound${scope}` : `memory-bound: ${limiter} ${bytes3(memory.find((m) => m.level === limiter)!.bytes!)}${limiter === "DRAM" ? ` at ${target.dram!.bandwidthGBs} GB/s` : ""}`;
    const math = top && totalShare > 0 ? `; math calls ${Math.round(100 * totalShare)}%` : "";
    text = `~${seconds3(estSeconds)} on ${name}: ${what}${math}${notes.map((x) => `; ${x}`).join("")}`;
  }

  const trafficReport: TrafficReport = traffic
    ? { target: name, levels: traffic.levels, dramBytes: traffic.dramBytes, writebackBytes: traffic.writebackBytes, method: traffic.method }
    : {
      target: name, levels: [], dramBytes: compulsory,
      writebackBytes: { expr: null, value: null, reason: "no cache model: the compulsory traffic counts each written element's store" },
      method: "no cache model on this target: compulsory traffic (each distinct element loaded once, stored once if written)",
    };
  const roofline: RooflineReport = {
    target: name, intensityDram, unit, ridge, bound, limiter, seconds: estSeconds, gflops, percentOfPeak, precision,
    peakGflops: isFloat ? (vectorPeak * target.clockGHz) : null,
    rateKind: isFloat ? precision : int8 ? "int8" : "int",
    peakRate: peakPerCycle > 0 ? peakPerCycle * target.clockGHz : null,
    rate: seconds && workV !== null ? workV / seconds / 1e9 : null,
    terms: { compute: computeSeconds, math: mathSeconds, memory },
    dramBytes, dramSource, mathCalls: mathRows, ...(hint ? { hint } : {}), notes,
    ...(reason ? { reason } : {}),
  };
  return { estimate: { target: name, cycles, seconds: estSeconds, text }, roofline, traffic: trafficReport };
}

/** The target's name up to its first parenthesis ("Cortex-A53 (Raspberry Pi 3)" -> "Cortex-A53"). */
const short = (name: string) => name.replace(/\s*\(.*$/, "") || name;

function seconds3(s: number): string {
  if (s >= 1) return `${s.toPrecision(3)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toPrecision(3)} ms`;
  if (s >= 1e-6) return `${(s * 1e6).toPrecision(3)} µs`;
  return `${(s * 1e9).toPrecision(3)} ns`;
}

function bytes3(v: number): string {
  if (v < 1024) return `${v} B`;
  if (v < 1024 * 1024) return `${(v / 1024).toPrecision(3)} KiB`;
  if (v < 1024 ** 3) return `${(v / 1024 ** 2).toPrecision(3)} MiB`;
  return `${(v / 1024 ** 3).toPrecision(3)} GiB`;
}
