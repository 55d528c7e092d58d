// Target machines as data: the schema of a target file, its validation, and the shipped
// targets (server/targets/*.json, imported so the bundles carry them: no file paths at run
// time). Pure: the caller reads and parses a user's file, this validates the parsed value and
// returns a Target or errors that name the file and the field.
//
// Invariants of a valid Target: every number is finite and >= 0 (clock, sizes and lines > 0),
// cache levels are given innermost first with power-of-two lines, and `sources` cites where
// each group of numbers comes from (a datasheet, a reference manual, or a measurement with the
// command that made it), as Kerncraft's machine files do.

import type { CacheGeometry } from "../analysis/traffic";
import type { DataModel } from "../ir/ctypes";
import courseNotes from "../../../targets/course-notes.json";
import cortexM7 from "../../../targets/cortex-m7.json";
import cortexA53 from "../../../targets/cortex-a53-rpi3.json";
import cortexA72 from "../../../targets/cortex-a72-rpi4.json";
import cortexA78 from "../../../targets/cortex-a78ae-orin.json";
import x86 from "../../../targets/x86-64-desktop.json";
import orinGpu from "../../../targets/orin-gpu.json";
import ethosU55 from "../../../targets/ethos-u55.json";

export type { DataModel };

export interface TargetCache extends CacheGeometry {
  /** Bytes per cycle at which this level is filled from the next one; no bandwidth term when absent. */
  readonly bandwidthBytesPerCycle?: number;
}

export interface Target {
  readonly name: string;
  readonly description?: string;
  readonly clockGHz: number;
  readonly cores: number;
  /** Per core, or for the whole device when `peakScope` is "device" (accelerators). */
  readonly peak: {
    readonly fp32FlopsPerCycle: number;
    readonly fp64FlopsPerCycle: number;
    readonly int8MacsPerCycle: number;
    /** Integer operations that are not MACs; when absent, a quarter of int8MacsPerCycle (32-bit lanes). */
    readonly intOpsPerCycle?: number;
    /** Floating-point FLOP/cycle without vector lanes (a loop the compiler cannot vectorise); when absent, 2 (one scalar FMA per cycle). */
    readonly scalarFlopsPerCycle?: number;
  };
  readonly peakScope: "core" | "device";
  /** Innermost first; empty: no cache model (compulsory traffic reaches DRAM). */
  readonly caches: readonly TargetCache[];
  /** Absent: no memory term at all (the course notes' back-of-envelope). */
  readonly dram?: { readonly bandwidthGBs: number };
  readonly dataModel: DataModel;
  /** Cycles per call of a math function, by C name (`expf`, `tanhf`). */
  readonly mathCallCycles: Readonly<Record<string, number>>;
  readonly sources: Readonly<Record<string, string>>;
  /** Where it was read from (a shipped file's name, or the user's path). */
  readonly file: string;
}

export type TargetResult = { ok: true; target: Target } | { ok: false; errors: string[] };

const DATA_MODELS: readonly DataModel[] = ["LP64", "ILP32", "LLP64"];
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const show = (x: unknown) => (x === undefined ? "nothing" : JSON.stringify(x));

/**
 * Validates a parsed target file. Every problem is reported, each as `FILE: FIELD: what is
 * wrong`; extra fields are allowed (and kept out of the Target).
 */
export function validateTarget(value: unknown, file: string): TargetResult {
  const errors: string[] = [];
  const bad = (field: string, what: string) => errors.push(`${file}: ${field}: ${what}`);
  if (!isObject(value)) return { ok: false, errors: [`${file}: expected a JSON object (a target), got ${Array.isArray(value) ? "an array" : show(value)}`] };
  const num = (obj: Record<string, unknown>, key: string, field: string, opts: { positive?: boolean; optional?: boolean } = {}): number | undefined => {
    const v = obj[key];
    if (v === undefined) { if (!opts.optional) bad(field, "missing (a number)"); return undefined; }
    if (typeof v !== "number" || !Number.isFinite(v)) { bad(field, `expected a number, got ${show(v)}`); return undefined; }
    if (opts.positive ? v <= 0 : v < 0) { bad(field, `expected a number ${opts.positive ? "> 0" : ">= 0"}, got ${v}`); return undefined; }
    return v;
  };
  const name = value.name;
  if (typeof name !== "string" || !name.trim()) bad("name", name === undefined ? "missing (a string)" : `expected a non-empty string, got ${show(name)}`);
  const description = value.description;
  if (description !== undefined && typeof description !== "string") bad("description", `expected a string, got ${show(description)}`);
  const clockGHz = num(value, "clockGHz", "clockGHz", { positive: true });
  const cores = num(value, "cores", "cores", { positive: true });
  if (cores !== undefined && !Number.isInteger(cores)) bad("cores", `expected a whole number, got ${cores}`);

  let peak: Target["peak"] | undefined;
  if (!isObject(value.peak)) bad("peak", value.peak === undefined ? "missing (an object with fp32FlopsPerCycle, fp64FlopsPerCycle, int8MacsPerCycle)" : `expected an object, got ${show(value.peak)}`);
  else {
    const p = value.peak;
    const fp32 = num(p, "fp32FlopsPerCycle", "peak.fp32FlopsPerCycle");
    const fp64 = num(p, "fp64FlopsPerCycle", "peak.fp64FlopsPerCycle");
    const int8 = num(p, "int8MacsPerCycle", "peak.int8MacsPerCycle");
    const intOps = num(p, "intOpsPerCycle", "peak.intOpsPerCycle", { optional: true });
    const scalar = num(p, "scalarFlopsPerCycle", "peak.scalarFlopsPerCycle", { optional: true });
    if (fp32 !== undefined && fp64 !== undefined && int8 !== undefined) {
      if (fp32 + fp64 + int8 === 0) bad("peak", "every peak is 0: the target cannot compute");
      peak = { fp32FlopsPerCycle: fp32, fp64FlopsPerCycle: fp64, int8MacsPerCycle: int8, ...(intOps !== undefined ? { intOpsPerCycle: intOps } : {}), ...(scalar !== undefined ? { scalarFlopsPerCycle: scalar } : {}) };
    }
  }
  const scope = value.peakScope ?? "core";
  if (scope !== "core" && scope !== "device") bad("peakScope", `expected "core" or "device", got ${show(scope)}`);

  const caches: TargetCache[] = [];
  if (!Array.isArray(value.caches)) bad("caches", value.caches === undefined ? "missing (an array of levels, innermost first; [] for none)" : `expected an array, got ${show(value.caches)}`);
  else value.caches.forEach((c: unknown, i: number) => {
    const at = `caches[${i}]`;
    if (!isObject(c)) { bad(at, `expected an object {level, sizeBytes, lineBytes, ways}, got ${show(c)}`); return; }
    const level = c.level;
    if (typeof level !== "string" || !level.trim()) bad(`${at}.level`, level === undefined ? "missing (a name such as \"L1\")" : `expected a non-empty string, got ${show(level)}`);
    else if (caches.some((x) => x.level === level)) bad(`${at}.level`, `${level} is given twice`);
    const size = num(c, "sizeBytes", `${at}.sizeBytes`, { positive: true });
    const line = num(c, "lineBytes", `${at}.lineBytes`, { positive: true });
    const ways = num(c, "ways", `${at}.ways`, { positive: true });
    const bw = num(c, "bandwidthBytesPerCycle", `${at}.bandwidthBytesPerCycle`, { positive: true, optional: true });
    if (c.shared !== undefined && typeof c.shared !== "boolean") bad(`${at}.shared`, `expected true or false, got ${show(c.shared)}`);
    if (line !== undefined && (!Number.isInteger(line) || (line & (line - 1)) !== 0)) bad(`${at}.lineBytes`, `expected a power of two, got ${line}`);
    if (ways !== undefined && !Number.isInteger(ways)) bad(`${at}.ways`, `expected a whole number, got ${ways}`);
    if (size !== undefined && line !== undefined && ways !== undefined && Number.isInteger(ways) && size % (line * ways) !== 0) bad(`${at}.sizeBytes`, `${size} is not a whole number of sets of ${ways} lines of ${line} B`);
    if (typeof level === "string" && size !== undefined && line !== undefined && ways !== undefined) {
      const prev = caches[caches.length - 1];
      if (prev && prev.sizeBytes > size) bad(`${at}.sizeBytes`, `${level} (${size} B) is smaller than ${prev.level} (${prev.sizeBytes} B): give levels innermost first`);
      caches.push({ level, sizeBytes: size, lineBytes: line, ways, ...(c.shared === true ? { shared: true } : {}), ...(bw !== undefined ? { bandwidthBytesPerCycle: bw } : {}) });
    }
  });

  let dram: Target["dram"];
  if (value.dram !== undefined) {
    if (!isObject(value.dram)) bad("dram", `expected an object {bandwidthGBs}, got ${show(value.dram)}`);
    else { const bw = num(value.dram, "bandwidthGBs", "dram.bandwidthGBs", { positive: true }); if (bw !== undefined) dram = { bandwidthGBs: bw }; }
  } else if (Array.isArray(value.caches) && value.caches.length > 0) bad("dram", "missing (an object {bandwidthGBs}): a target with caches needs the bandwidth behind them");

  const dataModel = value.dataModel;
  const models = DATA_MODELS.map((d) => `"${d}"`).join(", ");
  if (dataModel === undefined) bad("dataModel", `missing (one of ${models})`);
  else if (typeof dataModel !== "string" || !DATA_MODELS.includes(dataModel as DataModel)) bad("dataModel", `expected one of ${models}, got ${show(dataModel)}`);

  const mathCallCycles: Record<string, number> = Object.create(null);
  if (!isObject(value.mathCallCycles)) bad("mathCallCycles", value.mathCallCycles === undefined ? "missing (an object such as {\"expf\": 40}; {} for none)" : `expected an object, got ${show(value.mathCallCycles)}`);
  else for (const [k, v] of Object.entries(value.mathCallCycles)) {
    if (!/^[A-Za-z_]\w*$/.test(k)) bad(`mathCallCycles.${k}`, "expected a C function name");
    else if (typeof v !== "number" || !Number.isFinite(v) || v < 0) bad(`mathCallCycles.${k}`, `expected a number of cycles >= 0, got ${show(v)}`);
    else mathCallCycles[k] = v;
  }

  const sources: Record<string, string> = Object.create(null);
  if (!isObject(value.sources)) bad("sources", value.sources === undefined ? "missing (an object citing where each number comes from)" : `expected an object, got ${show(value.sources)}`);
  else {
    for (const [k, v] of Object.entries(value.sources)) {
      if (typeof v !== "string" || !v.trim()) bad(`sources.${k}`, `expected a citation (a string), got ${show(v)}`);
      else sources[k] = v;
    }
    // Every group of numbers cites where it comes from.
    const needed = ["clockGHz", "peak", ...(Array.isArray(value.caches) && value.caches.length ? ["caches"] : []), ...(value.dram !== undefined ? ["dram"] : []),
      ...(isObject(value.mathCallCycles) && Object.keys(value.mathCallCycles).length ? ["mathCallCycles"] : [])];
    for (const k of needed) if (!(k in sources) && isObject(value.sources) && value.sources[k] === undefined) bad(`sources.${k}`, `missing: every number cites its source (a datasheet, a reference manual, or a measurement with its command)`);
  }

  if (errors.length || !peak || clockGHz === undefined || cores === undefined) return { ok: false, errors: errors.length ? errors : [`${file}: invalid target`] };
  return {
    ok: true,
    target: {
      name: (name as string).trim(), ...(typeof description === "string" ? { description } : {}), clockGHz, cores, peak,
      peakScope: scope as Target["peakScope"], caches, ...(dram ? { dram } : {}), dataModel: dataModel as DataModel, mathCallCycles, sources, file,
    },
  };
}

/** A target file's text (JSON) parsed and validated; a JSON syntax error names the file too. */
export function parseTarget(text: string, file: string): TargetResult {
  let value: unknown;
  try { value = JSON.parse(text); }
  catch (e) { return { ok: false, errors: [`${file}: not valid JSON: ${String((e as Error).message).split("\n")[0]}`] }; }
  return validateTarget(value, file);
}

const SHIPPED_FILES: readonly [string, unknown][] = [
  ["course-notes.json", courseNotes], ["cortex-m7.json", cortexM7], ["cortex-a53-rpi3.json", cortexA53], ["cortex-a72-rpi4.json", cortexA72],
  ["cortex-a78ae-orin.json", cortexA78], ["x86-64-desktop.json", x86], ["orin-gpu.json", orinGpu], ["ethos-u55.json", ethosU55],
];

/** The shipped targets, the default first. A shipped file that does not validate is a bug (the tests check each). */
export const SHIPPED_TARGETS: readonly Target[] = SHIPPED_FILES.map(([file, json]) => {
  const r = validateTarget(json, `server/targets/${file}`);
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.target;
});

/** The course notes' back-of-envelope, `1 GHz, 1 MAC/cycle`: the default. */
export const DEFAULT_TARGET: Target = SHIPPED_TARGETS[0];

/** A shipped target by name (exact, else case-insensitive, else a unique prefix such as "Cortex-A53"). */
export function shippedTarget(name: string, extra: readonly Target[] = []): Target | undefined {
  const all = [...SHIPPED_TARGETS, ...extra];
  const exact = all.find((t) => t.name === name);
  if (exact) return exact;
  const lower = name.trim().toLowerCase();
  const ci = all.find((t) => t.name.toLowerCase() === lower);
  if (ci) return ci;
  const prefixed = all.filter((t) => t.name.toLowerCase().startsWith(lower));
  return lower && prefixed.length === 1 ? prefixed[0] : undefined;
}

/** No cache levels but a bandwidth: the figures are a roofline (peak and bandwidth), said in every estimate. */
export const rooflineOnly = (t: Target) => t.caches.length === 0 && t.dram !== undefined;
