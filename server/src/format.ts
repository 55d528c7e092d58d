// Plain-text rendering of engine reports, shared by the CLI (`loopsmith analyze`) and the
// language server's "Show report"; byte and figure formatting used by hovers.

import type { Figure, FileReport, NestReport } from "./engine";

const int = (v: number) => (Number.isInteger(v) ? v.toLocaleString("en-US") : v.toPrecision(4));

export function bytes(v: number): string {
  if (v < 1024) return `${v} B`;
  if (v < 1024 * 1024) return `${(v / 1024).toPrecision(3)} KiB`;
  if (v < 1024 ** 3) return `${(v / 1024 ** 2).toPrecision(3)} MiB`;
  return `${(v / 1024 ** 3).toPrecision(3)} GiB`;
}

/** "442,368 = N*FW*FH*K*K*C", "N*(N + 1)/2 (N unbound)", or "unknown: reason". */
export function figure(f: Figure, unit?: (v: number) => string): string {
  if (f.value !== null) {
    const v = unit ? `${unit(f.value)}` : int(f.value);
    return f.expr && f.expr !== String(f.value) ? `${v} = ${f.expr}` : v;
  }
  if (f.expr) return `${f.expr}  (${f.reason ?? "no value"})`;
  return `unknown: ${f.reason ?? "not modelled"}`;
}

export function formatNest(n: NestReport): string {
  const out: string[] = [];
  out.push(`  nest ${n.id} in ${n.function}(), line ${n.line}`);
  const loops = n.loops.map((l) => `${l.var} ×${l.tripCount.value !== null ? int(l.tripCount.value) : l.tripCount.expr ?? "?"}`).join(" › ");
  out.push(`    loops        ${loops}`);
  out.push(`    iterations   ${figure(n.iterations)}`);
  out.push(`    MACs         ${figure(n.macs)}`);
  const k = n.flops.byKind;
  const kinds = [["add", k.add], ["mul", k.mul], ["div", k.div], ["math calls", k.call]]
    .map(([name, f]) => `${name} ${(f as Figure).value !== null ? int((f as Figure).value!) : (f as Figure).expr ?? "?"}`).join(" · ");
  out.push(`    FLOPs        ${figure(n.flops)}${n.flops.expr !== null ? `  (${kinds})` : ""}`);
  out.push(`    int ops      ${figure(n.intOps)}`);
  for (const [name, f] of Object.entries(n.calls)) out.push(`    calls        ${name}() ×${f.value !== null ? int(f.value) : f.expr ?? "?"}`);
  out.push("    accesses     (stride per step of each loop, in elements; innermost loop last)");
  const seen = new Set<string>();
  for (const a of n.accesses) {
    const key = `${a.text}|${a.kind}|${a.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const strides = Object.entries(a.strides).map(([v, s]) => `${v}:${s.elements !== null ? int(s.elements) : s.expr ?? "?"}`).join(" ");
    const inner = a.innermost ? a.strides[a.innermost] : undefined;
    const note = inner && inner.elements !== null && Math.abs(inner.elements) > 1 && inner.bytes !== null ? `  ← ${a.innermost} jumps ${bytes(Math.abs(inner.bytes))}` : "";
    out.push(`      ${a.text.padEnd(24)} ${a.kind.padEnd(5)} line ${String(a.line).padEnd(4)} ${strides}${note}`);
  }
  out.push("    footprint");
  for (const a of n.arrays) {
    const shape = `${a.elementType}${a.dims.map((d) => `[${d ?? ""}]`).join("")}`;
    const rw = a.read && a.written ? "read+write" : a.written ? "write" : "read";
    out.push(`      ${a.name.padEnd(10)} ${shape.padEnd(24)} ${rw.padEnd(10)} ${figure(a.footprintElements)} elements, ${a.footprintBytes.value !== null ? bytes(a.footprintBytes.value) : a.footprintBytes.expr ?? "unknown"}`);
  }
  out.push(`    footprint    ${figure(n.footprintBytes, bytes)}`);
  out.push(`    compulsory   ${figure(n.compulsoryBytes, bytes)}  (each distinct element loaded once, stored once if written)`);
  out.push(`    intensity    ${n.arithmeticIntensity.value !== null ? `${n.arithmeticIntensity.value.toPrecision(3)} FLOP/B` : `unknown: ${n.arithmeticIntensity.reason}`}`);
  out.push(`    estimate     ${n.estimate.text}`);
  out.push(...rooflineLines(n));
  // Tensor roles (analysis/roles.ts): `*` marks a reduction loop; evidence is in the JSON.
  const roles = Object.entries(n.roles ?? {});
  if (roles.length) {
    out.push(`    roles        ${roles.map(([v, r]) => `${v}=${r.role ?? "-"}${r.reduction ? "*" : ""}`).join(" ")}  (* reduction)${n.accessOrder ? ` · access order ${[...n.accessOrder].join(",")}` : ""}`);
    const laid = n.arrays.filter((a) => a.layout);
    if (laid.length) out.push(`    layouts      ${laid.map((a) => `${a.name} ${a.layout}${a.walk ? ` (walked ${[...a.walk.order].join(",")}${a.walk.innermost.stride?.elements != null && Math.abs(a.walk.innermost.stride.elements) > 1 ? `; innermost ${a.walk.innermost.loop} steps ${a.walk.innermost.moves ?? "?"}: ${int(Math.abs(a.walk.innermost.stride.elements))} elements` : ""})` : ""}`).join(", ")}`);
  }
  for (const a of n.assumptions) out.push(`    assumes      ${a.replace(/^assuming /, "")}`);
  for (const u of n.unknowns) out.push(`    unknown      ${u.what}: ${u.reason}${u.line ? ` (line ${u.line})` : ""}`);
  return out.join("\n");
}

/**
 * The target's roofline and traffic, when the target has a memory term (the default target's
 * back-of-envelope has none, and its report reads as before): bound, intensity against the
 * ridge, per-level traffic, and the math-call hint.
 */
export function rooflineLines(n: NestReport): string[] {
  const r = n.roofline, t = n.traffic;
  if (!r) return [];
  const out: string[] = [];
  if (r.ridge !== null || r.terms.memory.length) {
    const bound = r.limiter === null ? `bound unknown: ${r.reason ?? "no figure"}` : r.limiter === "compute" ? "compute-bound" : r.limiter === "math calls" ? "compute-bound (math calls)" : `memory-bound (${r.limiter})`;
    const ai = r.intensityDram !== null ? `${r.intensityDram.toPrecision(3)} ${r.unit} per DRAM byte` : "intensity unknown";
    const ridge = r.ridge !== null ? ` (ridge ${r.ridge.toPrecision(3)})` : "";
    const perf = r.gflops !== null && r.gflops > 0 ? ` · ${r.gflops.toPrecision(3)} GFLOP/s` : "";
    const pct = r.percentOfPeak !== null ? ` = ${r.percentOfPeak.toPrecision(3)}% of ${r.precision} peak` : "";
    out.push(`    roofline     ${bound} · ${ai}${ridge}${perf}${pct}`);
    const terms = [`compute ${r.terms.compute !== null ? secs(r.terms.compute) : "?"}`, ...r.terms.memory.map((m) => `${m.level} ${m.bytes !== null ? bytes(m.bytes) : "?"} ${m.seconds !== null ? secs(m.seconds) : "?"}`)];
    if (r.terms.math) terms.push(`math calls ${secs(r.terms.math)}`);
    out.push(`    terms        ${terms.join(" · ")}`);
    for (const l of t.levels) out.push(`    ${l.level.padEnd(12)} ${l.misses.value !== null ? `${int(l.misses.value)} misses, ${l.bytes.value !== null ? bytes(l.bytes.value) : "?"}` : `misses unknown: ${l.misses.reason ?? "no figure"}`}`);
    out.push(`    traffic      ${t.method}${r.dramSource === "compulsory" && t.levels.length ? " (DRAM taken as compulsory)" : ""}`);
  }
  if (r.hint) out.push(`    hint         ${r.hint}`);
  return out;
}

const secs = (s: number) => (s >= 1 ? `${s.toPrecision(3)} s` : s >= 1e-3 ? `${(s * 1e3).toPrecision(3)} ms` : s >= 1e-6 ? `${(s * 1e6).toPrecision(3)} µs` : `${(s * 1e9).toPrecision(3)} ns`);

export function formatFile(r: FileReport): string {
  const out = [`${r.file}: ${r.nests.length} loop nest${r.nests.length === 1 ? "" : "s"}`];
  for (const p of r.problems) out.push(`  ${p.severity} line ${p.line}: ${p.message}`);
  for (const n of r.nests) out.push("", formatNest(n));
  return out.join("\n");
}
