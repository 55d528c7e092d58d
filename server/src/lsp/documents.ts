// Open documents: the synced text (for position mapping) next to the engine's incremental
// SourceDocument, and the engine report cached per document version. Edits go to both in
// the order they arrive; the engine reparses incrementally and re-analyses only functions
// whose text changed. Assumption changes re-open every document (defines are fixed per open).

import type { TextDocumentContentChangeEvent } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { DEFAULT_TARGET, type Engine, type FileReport, type SourceDocument, type Target } from "../engine";
import { toTextChange } from "./convert";

export interface OpenDocument {
  readonly uri: string;
  text: TextDocument;
  /** The engine's document of `text` (a broken file's pending changes are parsed when it is read). */
  source: SourceDocument;
  cached: { version: number; report: FileReport } | null;
}

/**
 * An open document whose engine side may lag behind its text: while the file has a syntax error
 * each change would be a fresh parse (error recovery differs between incremental and fresh
 * parses), so changes are only noted, and the text is parsed once when the engine is next asked
 * (a burst of keystrokes queued behind a slow parse costs one parse, not one each).
 */
class Synced implements OpenDocument {
  cached: { version: number; report: FileReport } | null = null;
  /** The text has changes the engine's document has not parsed. */
  stale = false;
  constructor(readonly uri: string, public text: TextDocument, private engineDoc: SourceDocument) {}
  get source(): SourceDocument {
    if (this.stale) { this.stale = false; this.engineDoc.setText(this.text.getText()); }
    return this.engineDoc;
  }
  set source(s: SourceDocument) { this.engineDoc = s; this.stale = false; }
  /** Whether the engine's document (as last parsed) has a syntax error. */
  get broken(): boolean { return this.stale || this.engineDoc.hasSyntaxErrors; }
}

export class Documents {
  private readonly docs = new Map<string, Synced>();
  constructor(
    private readonly engine: Engine,
    private defines: Record<string, number>,
    private readonly log: (message: string) => void = () => {},
    /** The loopsmith.assumeNoAlias setting. */
    private noalias = false,
    /** The loopsmith.pureFunctions setting. */
    private pure: readonly string[] = [],
    /** The target of the estimates (the settings' targetChoice). */
    private target: Target = DEFAULT_TARGET,
  ) {}

  private options(uri: string) {
    return { file: fileName(uri), defines: this.defines, assumeNoAlias: this.noalias, pure: this.pure, definesLabel: "loopsmith.assumptions", target: this.target };
  }

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const doc = new Synced(uri, TextDocument.create(uri, languageId, version, text), this.engine.open(text, this.options(uri)));
    this.docs.set(uri, doc);
    return doc;
  }

  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    // A file with syntax errors is parsed afresh, once, when next read (Synced).
    if (doc.broken) {
      doc.text = TextDocument.update(doc.text, [...changes], version);
      doc.stale = true;
      doc.cached = null;
      return doc;
    }
    for (const change of changes) {
      const edit = toTextChange(doc.text, change);
      doc.text = TextDocument.update(doc.text, [change], version);
      if (edit) doc.source.edit(edit);
      else doc.source.setText(change.text);
    }
    if (doc.source.text !== doc.text.getText()) {
      // Never expected; if the two ever disagree, the synced text wins.
      this.log(`loopsmith: engine text out of sync for ${uri}; reparsing`);
      doc.source.setText(doc.text.getText());
    }
    doc.cached = null;
    return doc;
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }

  /**
   * The report of the document's current version (computed once per version). With a
   * `budgetMs`, the engine may stop early and return a `partial` report (not cached): the
   * caller publishes it and asks again for the rest.
   */
  report(doc: OpenDocument, budgetMs?: number, focus?: number): FileReport {
    if (doc.cached && doc.cached.version === doc.text.version) return doc.cached.report;
    let report: FileReport;
    try {
      report = doc.source.report(budgetMs === undefined ? undefined : performance.now() + budgetMs, focus);
      if (report.partial) return report;
    } catch (e) {
      // An engine exception is a bug; keep serving the editor rather than dying.
      this.log(`loopsmith: analysis failed for ${doc.uri}: ${(e as Error).stack ?? e}`);
      report = { file: fileName(doc.uri), nests: [], problems: [] };
    }
    doc.cached = { version: doc.text.version, report };
    return report;
  }

  /** New symbol assumptions (or no-alias setting, or target): re-open every document with them. Returns true when they changed. */
  setDefines(defines: Record<string, number>, noalias = this.noalias, pure: readonly string[] = this.pure, target: Target = this.target): boolean {
    if (JSON.stringify(defines) === JSON.stringify(this.defines) && noalias === this.noalias && pure.join() === this.pure.join() && sameTarget(target, this.target)) return false;
    this.target = target;
    this.defines = defines;
    this.noalias = noalias;
    this.pure = pure;
    for (const doc of this.docs.values()) {
      doc.source = this.engine.open(doc.text.getText(), this.options(doc.uri));
      doc.cached = null;
    }
    return true;
  }
}

/** User targets are read again with every settings change: the same file gives an equal, not the same, object. */
const sameTarget = (a: Target, b: Target) => a === b || JSON.stringify(a) === JSON.stringify(b);

function fileName(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname.split("/").pop() ?? uri);
  } catch {
    return uri;
  }
}
