// Code lens over each outermost loop: the nest's headline figures in one line; clicking it
// runs the client command that shows the full report.

import type { CodeLens } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Figure, FileReport, NestReport } from "../engine";
import type { Settings } from "./config";
import { toRange } from "./convert";

/** Client-side command (client/src/extension.ts) that opens the report at a nest. */
export const SHOW_REPORT_COMMAND = "loopsmith.showReport";

export function codeLenses(doc: TextDocument, report: FileReport, settings: Settings): CodeLens[] {
  if (!settings.codeLens.enable) return [];
  return report.nests.map((nest) => {
    const outer = nest.loops[0] ?? nest.allLoops[0];
    const start = outer?.start ?? nest.start;
    return {
      range: toRange(doc, start, start + (outer?.header.length ?? 0)),
      command: { title: lensTitle(nest), command: SHOW_REPORT_COMMAND, arguments: [doc.uri, nest.id] },
    };
  });
}

/** "442 k MAC · 885 kFLOP · AI 7.85 FLOP/B · ~442 µs @ 1 GHz, 1 MAC/cycle" (", memory-bound" on a target with a memory term) */
export function lensTitle(nest: NestReport): string {
  const parts = [`${amount(nest.macs, " ")}MAC`, `${amount(nest.flops, "")}FLOP`];
  const ai = nest.arithmeticIntensity.value;
  parts.push(ai === null ? "AI ?" : ai === 0 ? "AI 0 FLOP/B" : `AI ${ai.toPrecision(3)} FLOP/B`);
  const bound = nest.roofline?.bound && (nest.roofline.ridge !== null || nest.roofline.terms.memory.length) ? `, ${nest.roofline.bound}-bound` : "";
  parts.push(nest.estimate.seconds !== null ? `~${seconds(nest.estimate.seconds)} @ ${nest.estimate.target}${bound}` : `time ? @ ${nest.estimate.target}`);
  return parts.join(" · ");
}

/** SI-scaled value with 3 significant digits and the unit's separator ("1.18 M ", "2.40 M"), or the expression. */
function amount(f: Figure, unitSep: string): string {
  if (f.value === null) return f.expr ? `${f.expr} ` : "? ";
  const v = Math.abs(f.value);
  const scales: [number, string][] = [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];
  for (const [s, p] of scales) if (v >= s) return `${(f.value / s).toPrecision(3)} ${p}${unitSep}`;
  return `${f.value} `;
}

function seconds(s: number): string {
  if (s === 0) return "0 s";
  if (s >= 1) return `${s.toPrecision(3)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toPrecision(3)} ms`;
  if (s >= 1e-6) return `${(s * 1e6).toPrecision(3)} µs`;
  return `${(s * 1e9).toPrecision(3)} ns`;
}
