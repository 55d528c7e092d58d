// Diagnostics: the one table of codes, messages and README anchors, and the mapping from an
// engine report to LSP diagnostics. The engine decides what is wrong (stride advice,
// unknowns, intensity); this file only picks ranges, severities and wording.

import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { FileReport, NestReport } from "../engine";
import type { Settings, Severity } from "./config";
import { toRange } from "./convert";

export const SOURCE = "loopsmith";
export const DOCS_BASE = "https://github.com/loopsmith/loopsmith";

/** Every diagnostic Loopsmith publishes. Codes are stable; anchors are README headings. */
export const CODES = {
  LS001: { setting: "nonUnitStride", anchor: "ls001", title: "non-unit stride in the innermost loop" },
  LS002: { setting: "unknownFigures", anchor: "ls002", title: "figures unknown" },
  LS003: { setting: "lowIntensity", anchor: "ls003", title: "low arithmetic intensity" },
} as const satisfies Record<string, { setting: keyof Settings["diagnostics"]; anchor: string; title: string }>;

export type Code = keyof typeof CODES;

const SEVERITY: Record<Exclude<Severity, "off">, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function diagnostics(doc: TextDocument, report: FileReport, settings: Settings): Diagnostic[] {
  if (!settings.diagnostics.enable) return [];
  const out: Diagnostic[] = [];
  const make = (code: Code, start: number, end: number, message: string) => {
    const severity = settings.diagnostics[CODES[code].setting] as Severity;
    if (severity === "off") return;
    out.push({
      range: toRange(doc, start, end), severity: SEVERITY[severity], source: SOURCE, code,
      codeDescription: { href: `${DOCS_BASE}#${CODES[code].anchor}` }, message: message.replace(/\s+/g, " "),
    });
  };
  for (const nest of report.nests) {
    const header = headerSpan(nest);
    for (const a of nest.strideAdvice) make("LS001", a.start, a.end, a.message);
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
      const threshold = settings.diagnostics.lowIntensityThreshold;
      if (ai !== null && ai < threshold && (nest.flops.value ?? 0) > 0) {
        make("LS003", header.start, header.end,
          `${CODES.LS003.title}: ${ai.toPrecision(3)} FLOP/B (under ${threshold} FLOP/B): nest ${nest.id} is likely bound by memory traffic`);
      }
    }
  }
  return out;
}

/** The outermost loop's header (`for (...)`), where nest-level diagnostics sit. */
function headerSpan(nest: NestReport): { start: number; end: number } {
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
