// The engine's answer for a file: plain, JSON-ready data. The CLI prints it (as text or as
// the `--json` contract), the language server turns it into hovers and diagnostics. Field
// names here ARE the JSON contract of `loopsmith analyze --json` (version 1): add fields,
// never rename or remove them.

/** An exact figure: `expr` in the user's symbols, `value` when every symbol is bound. */
export interface Figure {
  expr: string | null;
  value: number | null;
  /** Why the figure (or its value) is missing. */
  reason?: string;
  /** When the value is missing only because these symbols have no value. */
  unbound?: string[];
}

/**
 * A JSON object keyed by C names (strides by loop variable, calls by callee), built without a
 * prototype: a C name such as `__proto__` or `constructor` is then an ordinary own key (an
 * assignment to `{}["__proto__"]` would set the prototype and lose the row, and a lookup of
 * `toString` would find Object.prototype's). JSON.stringify prints it like any object.
 */
export function byName<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

export interface Stride { elements: number | null; expr: string | null; bytes: number | null; reason?: string }

export interface AccessReport {
  text: string;
  array: string;
  kind: "read" | "write";
  line: number;
  column: number;
  start: number;
  end: number;
  elementBytes: number | null;
  /** Stride per enclosing loop (outer to inner), per step of that loop. */
  strides: Record<string, Stride>;
  /** The innermost enclosing loop, whose stride decides contiguity. */
  innermost: string | null;
}

export interface LoopReport {
  var: string;
  line: number;
  header: string;
  start: number;
  end: number;
  tripCount: Figure;
}

export interface ArrayReport {
  name: string;
  elementType: string;
  elementBytes: number | null;
  dims: (string | null)[];
  read: boolean;
  written: boolean;
  footprintElements: Figure;
  footprintBytes: Figure;
  /** Tensor layout: the roles of its dimensions in declaration order (`CHW`), when every one has a role (analysis/roles.ts). */
  layout?: string;
  /** How the nest's loops walk it, when the nest's access order is known: its dimensions' roles in
   *  loop order (`HWRSC`), whether that is its layout order, and the innermost loop: its role, the
   *  role of the dimension it moves (a window loop S moves W) and its stride. */
  walk?: { order: string; inLayoutOrder: boolean; innermost: { loop: string; role: string; moves?: string; stride: Stride | null } };
}

/** A loop's tensor role (analysis/roles.ts): N K C H W R S, a reduction flag, and where they were read from. */
export interface LoopRoleReport { role?: string; reduction: boolean; evidence: string }

export interface Unknown { what: string; reason: string; line?: number }

/** A statement (or if-condition) of the nest and how often it runs. */
export interface StatementReport {
  line: number;
  start: number;
  end: number;
  /** Offsets of its expression / initialiser / condition (to instrument or highlight it). */
  exprStart: number | null;
  exprEnd: number | null;
  kind: "statement" | "condition";
  executions: Figure;
}

/**
 * A reference whose innermost loop walks it with a non-unit stride while another enclosing
 * loop would walk it contiguously: the basis of the stride diagnostic and its quick fix.
 */
export interface StrideAdvice {
  /** The reference as written and where. */
  text: string; array: string; line: number; start: number; end: number;
  /** The innermost loop and its stride for this reference. */
  loop: string; stride: Stride;
  /** An enclosing loop whose stride for this reference is 1 element. */
  contiguousLoop: string;
  /** Plain-text explanation, e.g. "innermost loop k walks I's outermost dimension: stride 884 elements = 3.45 KiB; ...". */
  message: string;
  /**
   * The legal rewrite that fixes it, as a transformation spec: `permute` (reorder the band
   * around the reference, `loopsmith transform --permute`) or `layout` (split the nest, then
   * reorder; `order` is then the order of the split-off nest).
   */
  fix: { kind: "permute" | "layout"; nest: string; order: string[]; floatReorder: boolean; line: number };
}

export interface NestReport {
  id: string;
  function: string;
  line: number;
  start: number;
  end: number;
  /** Loops along the deepest path, outer to inner. */
  loops: LoopReport[];
  /** Every loop of the nest (also the ones off the deepest path), in source order. */
  allLoops: LoopReport[];
  iterations: Figure;
  macs: Figure;
  flops: Figure & { byKind: { add: Figure; mul: Figure; div: Figure; call: Figure } };
  intOps: Figure;
  /** Calls to functions of the same file, by callee. */
  calls: Record<string, Figure>;
  accesses: AccessReport[];
  statements: StatementReport[];
  arrays: ArrayReport[];
  /** Non-unit innermost strides that another loop order would make contiguous. */
  strideAdvice: StrideAdvice[];
  footprintBytes: Figure;
  /** Bytes every run must move at least once: footprint of each array, twice if read and written. */
  compulsoryBytes: Figure;
  arithmeticIntensity: { value: number | null; reason?: string };
  /** The time on the selected target (analysis/roofline.ts); on the default target, the course
   *  notes' back-of-envelope: 1 MAC (or other op) per cycle at 1 GHz. */
  estimate: { target: string; cycles: Figure; seconds: number | null; text: string };
  /** Calls to math-library functions (`expf`, `tanhf`) by name. */
  mathCalls: Record<string, Figure>;
  /** Cache traffic on the selected target (analysis/traffic.ts). */
  traffic: TrafficReport;
  /** Roofline position and time terms on the selected target (analysis/roofline.ts). */
  roofline: RooflineReport;
  unknowns: Unknown[];
  /** Conditions the symbolic expressions rely on (e.g. `N - 2 >= 0`). */
  assumptions: string[];
  /** Tensor roles by loop variable; empty when the nest does not read as a tensor kernel. */
  roles: Record<string, LoopRoleReport>;
  /** Roles of the deepest path's loops, outer to inner (`KHWRSC`), or null when some loop has none. */
  accessOrder: string | null;
}

/** Lines filled into each cache level and the bytes reaching DRAM (analysis/traffic.ts), for one target. */
export interface TrafficReport {
  target: string;
  levels: { level: string; misses: Figure; bytes: Figure }[];
  /** Bytes read from main memory; on a target without caches, the compulsory traffic. */
  dramBytes: Figure;
  writebackBytes: Figure;
  method: string;
}

/** The roofline of a nest on one target: time = max(compute, memory terms) + math calls. */
export interface RooflineReport {
  target: string;
  /** Work per DRAM byte (FLOP/B, or op/B for an integer nest), with the DRAM bytes below. */
  intensityDram: number | null;
  unit: "FLOP/B" | "op/B";
  /** Peak work per second / DRAM bandwidth, same unit; null when the target has no memory term. */
  ridge: number | null;
  /** Which kind of term bounds the time; null when unknown. */
  bound: "compute" | "memory" | null;
  /** The bounding term: "compute", a cache level ("L2"), "DRAM", or "math calls" (they take longer than every other term; bound "compute"). */
  limiter: string | null;
  seconds: number | null;
  gflops: number | null;
  /** Compute time at peak / predicted time, in percent. */
  percentOfPeak: number | null;
  /** The floating-point peak used (fp64 when a floating-point array is double). */
  precision: "fp32" | "fp64";
  peakGflops: number | null;
  /** What the work rate counts, the roofline's y: FLOPs at the fp32 or fp64 peak, or integer
   *  ops (a MAC is 2) at the int8 MAC peak or the integer peak. */
  rateKind: "fp32" | "fp64" | "int8" | "int";
  /** Peak and attained work per second in 10^9 (GFLOP/s, or GOP/s for an integer nest). */
  peakRate: number | null;
  rate: number | null;
  /** Each term in seconds; memory: the levels with a bandwidth, then DRAM. */
  terms: { compute: number | null; math: number | null; memory: { level: string; bytes: number | null; seconds: number | null }[] };
  /** DRAM bytes (reads and write-backs) and where they come from: the cache model, or the compulsory traffic (no cache model, or the model has no figure). */
  dramBytes: number | null;
  dramSource: "model" | "compulsory";
  /** Math calls with a cycle figure on the target, their cycles and share of the time. */
  mathCalls: { name: string; calls: number | null; cyclesEach: number; cycles: number | null; share: number | null }[];
  /** Set when math calls take over 30% of the time (the course notes: replace sigmoid/tanh by ReLU). */
  hint?: string;
  /** What the figures assume (compulsory traffic in place of a cache model, unpriced calls). */
  notes: string[];
  reason?: string;
}

export interface Problem { message: string; line: number; severity: "error" | "warning" }

export interface FileReport {
  file: string;
  nests: NestReport[];
  problems: Problem[];
  /** Set on a report cut short by a deadline: some functions are not analysed yet. */
  partial?: boolean;
}
