// The Loopsmith language server: connection and wiring only. Each feature lives in lsp/
// (hover, diagnostics, codeLens, inlayHints, report); documents.ts keeps the engine's
// incremental documents and the per-version report cache; convert.ts maps positions.
// Transport from argv (--stdio, --node-ipc, --socket=N); stdio when none is given.
//
// Ordering: notifications (open/change/close/configuration) run one after another on a
// serial chain; requests wait for the chain, so they always see the latest text. Diagnostics
// are computed on the next tick after a change and skipped if the version moved on meanwhile.

import {
  createConnection, ProposedFeatures, TextDocumentSyncKind, DidChangeConfigurationNotification, CodeLensRefreshRequest,
  CodeActionKind, type ClientCapabilities, type InitializeResult,
} from "vscode-languageserver/node";
import { codeActions, resolveCodeAction } from "./lsp/codeActions";
import { Engine } from "./engine";
import { Documents, type OpenDocument } from "./lsp/documents";
import { DEFAULT_SETTINGS, TARGETS, parseSettings, type Settings } from "./lsp/config";
import { diagnostics } from "./lsp/diagnostics";
import { hover } from "./lsp/hover";
import { codeLenses } from "./lsp/codeLens";
import { inlayHints } from "./lsp/inlayHints";
import { REPORT_REQUEST, reportMarkdown, type ReportParams, type ReportResult } from "./lsp/report";
import { toOffset } from "./lsp/convert";

if (!process.argv.some((a) => a === "--stdio" || a === "--node-ipc" || a.startsWith("--socket") || a.startsWith("--pipe"))) process.argv.push("--stdio");

const connection = createConnection(ProposedFeatures.all);
const log = (m: string) => connection.console.error(m);
const enginePromise = Engine.create();

let caps: ClientCapabilities = {};
let settings: Settings = DEFAULT_SETTINGS;
let initialOptions: unknown;
let docs: Documents | undefined;
let chain: Promise<unknown> = Promise.resolve();
const serial = (job: () => unknown): void => {
  chain = chain.then(job).catch((e) => log(`loopsmith: ${(e as Error).stack ?? e}`));
};
const ready = async () => { await chain; return docs!; };

connection.onInitialize((params): InitializeResult => {
  caps = params.capabilities;
  initialOptions = params.initializationOptions;
  settings = parseSettings(initialOptions);
  serial(async () => { docs = new Documents(await enginePromise, settings.assumptions, log, settings.assumeNoAlias, settings.pureFunctions); });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      inlayHintProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite], resolveProvider: true },
    },
    serverInfo: { name: "loopsmith", version: "0.1.0" },
  };
});

connection.onInitialized(() => {
  if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: "loopsmith" });
  }
  if (caps.workspace?.configuration) serial(refreshSettings);
});

async function refreshSettings(pushed?: unknown): Promise<void> {
  // Clients without a `loopsmith` section (Helix sends its `config` as initializationOptions) keep those.
  const fetched: unknown = caps.workspace?.configuration ? await connection.workspace.getConfiguration("loopsmith") : pushed;
  const raw = fetched ?? initialOptions;
  settings = parseSettings(raw);
  docs!.setDefines(settings.assumptions, settings.assumeNoAlias, settings.pureFunctions);
  for (const doc of docs!.all()) publish(doc);
  if (caps.workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type);
  if (caps.workspace?.inlayHint?.refreshSupport) void connection.languages.inlayHint.refresh();
}

connection.onDidChangeConfiguration((params) => {
  const pushed = (params.settings as Record<string, unknown> | null)?.loopsmith;
  serial(() => refreshSettings(pushed));
});

/** Publishes diagnostics on the next tick, unless the document changed again meanwhile. */
function schedule(doc: OpenDocument): void {
  const version = doc.text.version;
  setImmediate(() => { if (docs?.get(doc.uri) === doc && doc.text.version === version) publish(doc, version); });
}

/** Analysis slice per tick: a large file's first diagnostics appear after one slice, the rest follow. */
const SLICE_MS = 120;

function publish(doc: OpenDocument, version = doc.text.version): void {
  const report = docs!.report(doc, SLICE_MS);
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.text.version, diagnostics: diagnostics(doc.text, report, settings) });
  if (report.partial) setImmediate(() => { if (docs?.get(doc.uri) === doc && doc.text.version === version) publish(doc, version); });
}

connection.onDidOpenTextDocument(({ textDocument: t }) => { serial(() => schedule(docs!.open(t.uri, t.languageId, t.version, t.text))); });
connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
  serial(() => {
    const doc = docs!.change(t.uri, t.version ?? 0, contentChanges);
    if (doc) schedule(doc);
  });
});
connection.onDidCloseTextDocument(({ textDocument: t }) => {
  serial(() => {
    docs!.close(t.uri);
    void connection.sendDiagnostics({ uri: t.uri, diagnostics: [] });
  });
});

connection.onHover(async ({ textDocument, position }, token) => {
  const doc = (await ready()).get(textDocument.uri);
  if (!doc || token.isCancellationRequested) return null;
  return hover(doc.text, docs!.report(doc), toOffset(doc.text, position), settings, (offset) => doc.source.loopAt(offset));
});

connection.onCodeLens(async ({ textDocument }, token) => {
  const doc = (await ready()).get(textDocument.uri);
  if (!doc || token.isCancellationRequested) return [];
  return codeLenses(doc.text, docs!.report(doc), settings);
});

connection.languages.inlayHint.on(async ({ textDocument, range }, token) => {
  const doc = (await ready()).get(textDocument.uri);
  if (!doc || token.isCancellationRequested) return [];
  return inlayHints(doc.text, docs!.report(doc), range, settings);
});

connection.onRequest(REPORT_REQUEST, async (params: ReportParams): Promise<ReportResult | null> => {
  const doc = (await ready()).get(params.uri);
  return doc ? { markdown: reportMarkdown(docs!.report(doc)) } : null;
});

connection.onRequest("loopsmith/targets", () => ({ targets: TARGETS, current: settings.target }));

connection.listen();

connection.onCodeAction(async (params, token) => {
  const doc = (await ready()).get(params.textDocument.uri);
  if (!doc || token.isCancellationRequested) return [];
  return codeActions(doc, docs!.report(doc), params, caps.textDocument?.codeAction?.disabledSupport ?? false);
});

connection.onCodeActionResolve(async (action) => {
  const uri = (action.data as { uri?: string } | undefined)?.uri;
  const doc = uri ? (await ready()).get(uri) : undefined;
  const { action: resolved, error } = resolveCodeAction(action, doc);
  if (error) void connection.window.showWarningMessage(error);
  return resolved;
});
