// Findings: the one table of diagnostic codes (titles, descriptions, default severities,
// README anchors) and the decision of what an engine report shows as a diagnostic: which
// references and nests, where, and with what message. Plain data, no LSP types: the language
// server (lsp/diagnostics.ts) maps findings to LSP diagnostics with the user's severity
// settings, the CLI (cli/sarif.ts) to SARIF results and `--fail-on` with the defaults. The
// engine decides what is wrong (stride advice, unknowns, intensity); this file only picks the
// spans and the wording.

import { adviceSpec, FIX_MARGIN, formatSeconds, speedup, type FileReport, type NestReport, type QuickFix, type StrideAdvice, type TransformSpec } from "./engine";

export const SOURCE = "loopsmith";
export const DOCS_BASE = "https://github.com/loopsmith/loopsmith";

/** A severity as the settings name it (`loopsmith.diagnostics.*`); `off` silences a code. */
export type Severity = "error" | "warning" | "information" | "hint" | "off";

/**
 * Every diagnostic Loopsmith reports. Codes are stable; anchors are README headings; the
 * default severities are the settings' defaults (lsp/config.ts and package.json say the same,
 * a test checks it); `description` is the README's paragraph in one line.
 */
export const CODES = {
  LS001: {
    setting: "nonUnitStride", anchor: "ls001", name: "NonUnitStride", title: "non-unit stride in the innermost loop", defaultSeverity: "warning",
    description: "The innermost loop walks an array reference with a stride other than one element, and a loop reorder that dependence analysis proves legal makes it contiguous. Each step otherwise touches a new cache line. The fix applies that reorder (splitting the nest first when the loops around the reference are not a perfect band); on a target with a memory model, the reorder the cost model predicts fastest, titled with its predicted time. References no legal reorder can fix are not reported.",
  },
  LS002: {
    setting: "unknownFigures", anchor: "ls002", name: "UnknownFigures", title: "figures unknown", defaultSeverity: "hint",
    description: "A nest has figures Loopsmith cannot compute; the message lists every reason: an unbound symbol (bind it with -D, loopsmith.assumptions or a `// loopsmith: assume N=64` comment), a while loop, a non-affine subscript, a call to a function outside the file, a statement under an if. Nothing is guessed.",
  },
  LS003: {
    setting: "lowIntensity", anchor: "ls003", name: "LowArithmeticIntensity", title: "low arithmetic intensity", defaultSeverity: "information",
    description: "The nest performs fewer FLOPs per byte of compulsory traffic than the threshold (loopsmith.diagnostics.lowIntensityThreshold, default 1 FLOP/B), so it is likely bound by memory bandwidth rather than arithmetic. Not reported when the intensity is unknown, nor for nests without floating-point operations.",
  },
} as const satisfies Record<string, {
  setting: "nonUnitStride" | "unknownFigures" | "lowIntensity"; anchor: string; name: string; title: string;
  defaultSeverity: Exclude<Severity, "off">; description: string;
}>;

export type Code = keyof typeof CODES;

export const helpUri = (code: Code): string => `${DOCS_BASE}#${CODES[code].anchor}`;

/** One diagnostic as the editor shows it, before a severity is chosen. Offsets are UTF-16 units. */
export interface Finding {
  code: Code;
  start: number;
  end: number;
  /** One line (whitespace runs collapsed). */
  message: string;
  nest: NestReport;
  /** LS001: the stride advice it reports (with the fix spec). */
  advice?: StrideAdvice;
}

export interface FindingOptions {
  /** FLOP per byte of compulsory traffic under which LS003 is reported (default 1). */
  lowIntensityThreshold?: number;
}

/** The findings of a report, per nest in order: its LS001s, then LS002, then LS003. */
export function findings(report: FileReport, options: FindingOptions = {}): Finding[] {
  const threshold = options.lowIntensityThreshold ?? 1;
  const out: Finding[] = [];
  for (const nest of report.nests) {
    let memo = decided.get(nest);
    if (!memo || memo.threshold !== threshold) decided.set(nest, (memo = { threshold, found: nestFindings(nest, threshold) }));
    // Spans are kept from the nest's start: an edit elsewhere moves the nest (engine: moveNest).
    for (const f of memo.found) out.push({ code: f.code, start: nest.start + f.start, end: nest.start + f.end, message: f.message, nest, ...(f.advice ? { advice: f.advice } : {}) });
  }
  return out;
}

/**
 * Each nest's findings, once: the editor asks for every nest's on each edit, and a large file's
 * cached nests are the same objects from edit to edit (their figures never change, only their
 * place in the text).
 */
const decided = new WeakMap<NestReport, { threshold: number; found: Omit<Finding, "nest">[] }>();

function nestFindings(nest: NestReport, threshold: number): Omit<Finding, "nest">[] {
  const out: Omit<Finding, "nest">[] = [];
  const make = (code: Code, start: number, end: number, message: string, advice?: StrideAdvice) =>
    out.push({ code, start: start - nest.start, end: end - nest.start, message: message.replace(/\s+/g, " "), ...(advice ? { advice } : {}) });
  const header = headerSpan(nest);
  for (const a of nest.strideAdvice) make("LS001", a.start, a.end, a.message, a);
  const unknown = unknownReasons(nest);
  if (unknown.length) make("LS002", header.start, header.end, `${CODES.LS002.title} for nest ${nest.id}: ${unknown.join("; ")}`);
  // FLOP/B says nothing about integer kernels (int8 MACs, max pooling): no FLOPs, no LS003.
  // On a target with a ridge point (peak FLOP/s / DRAM bandwidth) the nest's FLOPs per DRAM
  // byte are compared with it; without one (the default target) with the fixed threshold.
  const r = nest.roofline;
  if (r && r.ridge !== null && r.unit === "FLOP/B") {
    if (r.intensityDram !== null && r.intensityDram < r.ridge && (nest.flops.value ?? 0) > 0)
      make("LS003", header.start, header.end,
        `${CODES.LS003.title}: ${r.intensityDram.toPrecision(3)} FLOP/B of DRAM traffic, under the ridge point of ${r.target} (${r.ridge.toPrecision(3)} FLOP/B): nest ${nest.id} is memory-bound there`);
  } else {
    const ai = nest.arithmeticIntensity.value;
    if (ai !== null && ai < threshold && (nest.flops.value ?? 0) > 0)
      make("LS003", header.start, header.end,
        `${CODES.LS003.title}: ${ai.toPrecision(3)} FLOP/B (under ${threshold} FLOP/B): nest ${nest.id} is likely bound by memory traffic`);
  }
  return out;
}

/** The outermost loop's header (`for (...)`), where nest-level diagnostics sit. */
export function headerSpan(nest: NestReport): { start: number; end: number } {
  const outer = nest.loops[0] ?? nest.allLoops[0];
  return outer ? { start: outer.start, end: outer.start + outer.header.length } : { start: nest.start, end: nest.start + 3 };
}

/** Why some figure of the nest has no value: the engine's unknowns, then null headline figures. */
export function unknownReasons(nest: NestReport): string[] {
  const reasons = nest.unknowns.map((u) => `${u.what}: ${u.reason}${u.line ? ` (line ${u.line})` : ""}`);
  const figures: [string, { value: number | null; reason?: string }][] = [
    ["MACs", nest.macs], ["FLOPs", nest.flops], ["iterations", nest.iterations], ["compulsory bytes", nest.compulsoryBytes],
  ];
  const byReason = new Map<string, string[]>();
  for (const [name, f] of figures) {
    if (f.value !== null) continue;
    const reason = f.reason ?? "no value";
    byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
  }
  for (const [reason, names] of byReason) reasons.push(`${names.join(", ")}: ${reason}`);
  return [...new Set(reasons)];
}

/** Said after the title of a rewrite that reorders floating-point sums. */
export const FP_NOTE = " (reorders floating-point sums)";

/** The fix the advice itself names, as a transformation spec (a permute, or a split then reorder):
 *  the quick fix on a target without a memory model; elsewhere SourceDocument.quickFix decides. */
export function fixSpec(a: StrideAdvice): TransformSpec {
  return adviceSpec(a);
}

/** The advice's own fix's title: `Reorder loops to k,i,j: innermost stride 884 -> 1`. */
export function fixTitle(a: StrideAdvice): string {
  const before = a.stride.elements ?? a.stride.expr;
  return `${a.fix.kind === "layout" ? "Split the nest and reorder to" : "Reorder loops to"} ${a.fix.order.join(",")}: innermost stride ${before} -> ${a.message.includes("in place") ? 0 : 1}${a.fix.floatReorder ? FP_NOTE : ""}`;
}

/** The LS001 quick fix's title as decided: the advice's own fix, or the faster rewrite's title, with the predicted times. */
export function quickFixTitle(a: StrideAdvice, fix: QuickFix): string {
  const fp = fix.result?.ok && fix.result.notes.some((n) => n.includes("floating-point"));
  const title = fix.own || !fix.result?.ok ? fixTitle(a) : fix.result.title + (fp ? FP_NOTE : "");
  return title + predictedText(fix.predicted);
}

/** Whether the decided fix is offered: not when the model predicts it slower than the code as it is
 *  (such rewrites sit in the refactor menu, marked slower, and are no quick fix). */
export function fixOffered(fix: QuickFix): boolean {
  return !fix.predicted || speedup(fix.predicted) >= FIX_MARGIN;
}

/** `: ~442 µs -> ~120 µs on Cortex-A53 (3.7x)`, or ` (slower: ...)`, from the cost model's prediction. */
export function predictedText(p: { before: number; after: number; target: string } | undefined): string {
  if (!p) return "";
  const ratio = speedup(p);
  const times = `~${formatSeconds(p.before)} -> ~${formatSeconds(p.after)} on ${p.target}`;
  if (ratio < FIX_MARGIN) return ` (slower: ${times})`;
  return `: ${times} (${ratio >= 1.02 ? `${ratio.toFixed(1)}x` : "no change"})`;
}
