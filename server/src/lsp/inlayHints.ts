// Inlay hints: the trip count after each loop header (`×32`, or the symbolic count `×N`).

import { InlayHintKind, type InlayHint, type Range } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { FileReport } from "../engine";
import type { Settings } from "./config";
import { toOffset, toPosition } from "./convert";

export function inlayHints(doc: TextDocument, report: FileReport, range: Range, settings: Settings): InlayHint[] {
  if (!settings.inlayHints.enable) return [];
  const from = toOffset(doc, range.start), to = toOffset(doc, range.end);
  const out: InlayHint[] = [];
  for (const nest of report.nests) {
    if (nest.end < from || nest.start > to) continue;
    for (const loop of nest.allLoops) {
      const at = loop.start + loop.header.length;
      if (at < from || at > to) continue;
      const t = loop.tripCount;
      const label = t.value !== null ? `×${t.value.toLocaleString("en-US")}` : t.expr ? `×${t.expr}` : "×?";
      out.push({
        position: toPosition(doc, at), label, kind: InlayHintKind.Type, paddingLeft: true,
        tooltip: t.value === null && t.reason ? `trip count of ${loop.var}: ${t.reason}` : `trip count of ${loop.var}`,
      });
    }
  }
  return out;
}
