// The full report of a file as Markdown (for "Loopsmith: Show report" via the custom
// request `loopsmith/report`): the CLI's text rendering of each nest, under a heading.

import type { FileReport } from "../engine";
import { formatNest } from "../format";

export const REPORT_REQUEST = "loopsmith/report";
export interface ReportParams { uri: string; nest?: string }
export interface ReportResult { markdown: string }

export function reportMarkdown(report: FileReport): string {
  const out = [`# Loopsmith report: ${report.file}`, "", `${report.nests.length} loop nest${report.nests.length === 1 ? "" : "s"}.`];
  if (report.problems.length) {
    out.push("", "## Problems", "", ...report.problems.map((p) => `- line ${p.line}, ${p.severity}: ${p.message}`));
  }
  for (const nest of report.nests) {
    out.push("", `## ${nest.id}: ${nest.function}(), line ${nest.line}`, "", "```text", formatNest(nest).replace(/^ {2}/gm, ""), "```");
  }
  return out.join("\n") + "\n";
}
