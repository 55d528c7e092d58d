// Diagnostics: findings (../findings.ts: the table of codes, messages and README anchors, and
// what a report shows) as LSP diagnostics, with the user's severity settings. This file only
// maps spans to ranges and severities to LSP's; the CLI's SARIF writer maps the same findings.

import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { FileReport } from "../engine";
import { CODES, findings, helpUri, SOURCE } from "../findings";
import type { Settings, Severity } from "./config";
import { toRange } from "./convert";

export { CODES, DOCS_BASE, SOURCE, unknownReasons, type Code } from "../findings";

const SEVERITY: Record<Exclude<Severity, "off">, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function diagnostics(doc: TextDocument, report: FileReport, settings: Settings): Diagnostic[] {
  if (!settings.diagnostics.enable) return [];
  const out: Diagnostic[] = [];
  for (const f of findings(report, { lowIntensityThreshold: settings.diagnostics.lowIntensityThreshold })) {
    const severity = settings.diagnostics[CODES[f.code].setting];
    if (severity === "off") continue;
    out.push({
      range: toRange(doc, f.start, f.end), severity: SEVERITY[severity], source: SOURCE, code: f.code,
      codeDescription: { href: helpUri(f.code) }, message: f.message,
    });
  }
  return out;
}
