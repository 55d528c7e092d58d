// The one place that maps between engine offsets (UTF-16 code-unit indices into the
// document text) and LSP positions/ranges, and between LSP content changes and engine edits.
// Both sides count UTF-16 code units, so positionAt/offsetAt of the synced TextDocument are
// exact; the server advertises the default "utf-16" position encoding.

import type { Position, Range, TextDocumentContentChangeEvent } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { TextChange } from "../engine";

export function toPosition(doc: TextDocument, offset: number): Position {
  return doc.positionAt(offset);
}

export function toRange(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

export function toOffset(doc: TextDocument, position: Position): number {
  return doc.offsetAt(position);
}

/** An LSP change against `doc`'s current text as an engine edit; null for a full replacement. */
export function toTextChange(doc: TextDocument, change: TextDocumentContentChangeEvent): TextChange | null {
  if (!("range" in change) || !change.range) return null;
  // A range whose end comes before its start is read forwards, as TextDocument.update does.
  const a = doc.offsetAt(change.range.start), b = doc.offsetAt(change.range.end);
  return { start: Math.min(a, b), oldEnd: Math.max(a, b), text: change.text };
}
