// The Loopsmith language server: connection and wiring only. Each feature lives in lsp/
// (hover, diagnostics, codeLens, inlayHints, report); documents.ts keeps the engine's
// incremental documents and the per-version report cache; convert.ts maps positions.
// Transport from argv (--stdio, --node-ipc, --socket=N); stdio when none is given.
//
// Every request is guarded (lsp/requests.ts): a time budget, cancellation, checked params.
//
// Ordering: notifications (open/change/close/configuration) run one after another on a
// serial chain; requests wait for the chain, so they always see the latest text. Diagnostics
// are computed on the next tick after a change and skipped if the version moved on meanwhile.

import {
  createConnection, ProposedFeatures, TextDocumentSyncKind, DidChangeConfigurationNotification, CodeLensRefreshRequest,
  CodeActionKind, ShowMessageNotification, MessageType, type CancellationToken, type ClientCapabilities, type CodeAction, type InitializeResult,
} from "vscode-languageserver/node";
import { join } from "node:path";
import { codeActions, resolveCodeAction } from "./lsp/codeActions";
import { BackgroundPlans } from "./lsp/plans";
import { Engine, type ActionOffer } from "./engine";
import { Documents, type OpenDocument } from "./lsp/documents";
import { DEFAULT_SETTINGS, TARGETS, parseSettings, type Settings } from "./lsp/config";
import { diagnostics } from "./lsp/diagnostics";
import { hover, hoverFormat, type HoverFormat } from "./lsp/hover";
import { codeLenses } from "./lsp/codeLens";
import { inlayHints } from "./lsp/inlayHints";
import { REPORT_DATA_REQUEST, REPORT_REQUEST, reportData, reportMarkdown, type ReportData, type ReportParams, type ReportResult } from "./lsp/report";
import { toOffset } from "./lsp/convert";
import { BUDGET_MS, InvalidParams, TRACE, budgetFor, documentUri, guarded, position, range } from "./lsp/requests";

if (!process.argv.some((a) => a === "--stdio" || a === "--node-ipc" || a.startsWith("--socket") || a.startsWith("--pipe"))) process.argv.push("--stdio");

const connection = createConnection(ProposedFeatures.all);
/** The command behind each code action for clients that cannot resolve one (see onCodeAction). */
const APPLY_ACTION_COMMAND = "loopsmith.server.applyCodeAction";
const log = (m: string) => connection.console.error(m);
const enginePromise = Engine.create();
// A failed promise nobody awaited (a client answering a request of ours with an error) is logged, never fatal.
process.on("unhandledRejection", (e) => log(`loopsmith: unhandled rejection: ${(e as Error)?.stack ?? e}`));

let caps: ClientCapabilities = {};
let settings: Settings = DEFAULT_SETTINGS;
let initialOptions: unknown;
let docs: Documents | undefined;
let chain: Promise<unknown> = Promise.resolve();
const serial = (job: () => unknown): void => {
  chain = chain.then(job).catch((e) => log(`loopsmith: ${(e as Error).stack ?? e}`));
};
const ready = async () => { await chain; return docs!; };

/** Optimise plans too long for a code action, made off this thread (lsp/plans.ts). */
const plans = new BackgroundPlans(join(__dirname, "plan-worker.js"), log);

/** How hovers are laid out for this client (lsp/hover.ts hoverFormat). */
let hoverStyle: HoverFormat = "tables";

connection.onInitialize((params): InitializeResult => {
  caps = params.capabilities;
  hoverStyle = hoverFormat(params.clientInfo?.name, caps.textDocument?.hover?.contentFormat);
  initialOptions = params.initializationOptions;
  settings = parseSettings(initialOptions);
  serial(async () => { docs = new Documents(await enginePromise, settings.assumptions, log, settings.assumeNoAlias, settings.pureFunctions, settings.targetChoice.target); });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      inlayHintProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite], resolveProvider: true },
      // For clients that cannot resolve an action's edit (Emacs's eglot 1.9): see onCodeAction.
      executeCommandProvider: { commands: [APPLY_ACTION_COMMAND] },
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
  plans.clear(); // made for the old target or assumptions
  // Clients without a `loopsmith` section (Helix sends its `config` as initializationOptions) keep those.
  const fetched: unknown = caps.workspace?.configuration ? await connection.workspace.getConfiguration("loopsmith") : pushed;
  const raw = fetched ?? initialOptions;
  settings = parseSettings(raw);
  for (const p of settings.targetChoice.problems) log(`loopsmith: loopsmith.targets: ${p}`);
  docs!.setDefines(settings.assumptions, settings.assumeNoAlias, settings.pureFunctions, settings.targetChoice.target);
  for (const doc of docs!.all()) publish(doc);
  refreshViews();
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
const SLICE_MS = 60;

/** Documents whose lenses or hints were answered from a partial report: refreshed when it completes. */
const stale = new Set<OpenDocument>();

/** Documents whose diagnostics are being computed slice by slice (one chain of slices each). */
const publishing = new Set<OpenDocument>();

/** When each document's diagnostics were last sent from a partial report (they are re-sent at most every PARTIAL_MS). */
const lastPartial = new WeakMap<OpenDocument, number>();
const PARTIAL_MS = 500;

function publish(doc: OpenDocument, version = doc.text.version): void {
  const t0 = performance.now();
  const report = docs!.report(doc, SLICE_MS);
  if (TRACE) log(`loopsmith: diagnostics slice at ${t0.toFixed(0)}: ${(performance.now() - t0).toFixed(1)} ms (${report.nests.length} nests${report.partial ? ", partial" : ""})`);
  // A large file's first diagnostics go out after one slice, then every PARTIAL_MS and when
  // complete (each message repeats all the file's diagnostics: sent per slice, they would grow quadratically).
  const now = performance.now(), last = lastPartial.get(doc);
  if (!report.partial || last === undefined || now - last >= PARTIAL_MS) {
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.text.version, diagnostics: diagnostics(doc.text, report, settings) });
    if (report.partial) lastPartial.set(doc, now); else lastPartial.delete(doc);
  }
  if (report.partial) {
    publishing.add(doc);
    afterQueuedMessages(() => {
      publishing.delete(doc);
      if (docs?.get(doc.uri) === doc && doc.text.version === version) publish(doc, version);
    });
  } else if (stale.delete(doc)) refreshViews();
}

/**
 * Runs `job` after several turns of the event loop. vscode-jsonrpc dispatches one queued message
 * per turn (setImmediate), so a slice scheduled for the very next turn would let one message
 * through per slice: a hover behind two responses would wait three slices.
 */
function afterQueuedMessages(job: () => void, turns = 8): void {
  setImmediate(() => (turns > 1 ? afterQueuedMessages(job, turns - 1) : job()));
}

function refreshViews(): void {
  if (caps.workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type);
  if (caps.workspace?.inlayHint?.refreshSupport) void connection.languages.inlayHint.refresh();
}

/** The report within a request's budget: possibly partial (then the views are refreshed later). */
function reportWithin(doc: OpenDocument, ms: number, focus?: number) {
  const report = docs!.report(doc, ms, focus);
  if (report.partial) { stale.add(doc); if (!publishing.has(doc)) schedule(doc); }
  return report;
}

connection.onDidOpenTextDocument(({ textDocument: t }) => { serial(() => schedule(docs!.open(t.uri, t.languageId, t.version, t.text))); });
connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
  serial(() => {
    const doc = docs!.change(t.uri, t.version ?? 0, contentChanges);
    if (doc) { plans.touch(doc.uri, doc.text.version); schedule(doc); }
  });
});
connection.onDidCloseTextDocument(({ textDocument: t }) => {
  serial(() => {
    docs!.close(t.uri);
    plans.touch(t.uri, null);
    void connection.sendDiagnostics({ uri: t.uri, diagnostics: [] });
  });
});

connection.onHover(guarded("textDocument/hover", log, async (params, token) => {
  const uri = documentUri(params), at = position(params.position);
  const doc = (await ready()).get(uri);
  if (!doc || token.isCancellationRequested) return null;
  const budget = budgetFor(BUDGET_MS.hover, token), offset = toOffset(doc.text, at);
  return hover(doc.text, reportWithin(doc, BUDGET_MS.hover, offset), offset, settings, (o) => doc.source.loopAt(o, budget), hoverStyle);
}));

connection.onCodeLens(guarded("textDocument/codeLens", log, async (params, token) => {
  const doc = (await ready()).get(documentUri(params));
  if (!doc || token.isCancellationRequested) return [];
  return codeLenses(doc.text, reportWithin(doc, BUDGET_MS.codeLens), settings);
}));

connection.languages.inlayHint.on(guarded("textDocument/inlayHint", log, async (params, token) => {
  const uri = documentUri(params), r = range(params.range);
  const doc = (await ready()).get(uri);
  if (!doc || token.isCancellationRequested) return [];
  return inlayHints(doc.text, reportWithin(doc, BUDGET_MS.inlayHint), r, settings);
}));

connection.onRequest(REPORT_REQUEST, guarded(REPORT_REQUEST, log, async (params: ReportParams): Promise<ReportResult | null> => {
  if (typeof params?.uri !== "string") throw new InvalidParams("uri must be a string");
  const doc = (await ready()).get(params.uri);
  return doc ? { markdown: reportMarkdown(docs!.report(doc)) } : null;
}));

// The report view's data: figures, traffic, the roofline SVG and each nest's ranked rewrites.
// The rewrites are the costly part: one nest at a time, with a turn of the event loop between
// nests (hovers and edits go first), within one budget for the file; the client cancels the
// request when the file changes again. Nests past the budget or an edit say so.
connection.onRequest(REPORT_DATA_REQUEST, guarded(REPORT_DATA_REQUEST, log, async (params: ReportParams, token): Promise<ReportData | null> => {
  if (typeof params?.uri !== "string") throw new InvalidParams("uri must be a string");
  const doc = (await ready()).get(params.uri);
  if (!doc) return null;
  const report = docs!.report(doc), version = doc.text.version, target = settings.targetChoice.target;
  const budget = budgetFor(BUDGET_MS.reportData, token), deadline = performance.now() + BUDGET_MS.reportData;
  const offers = new Map<string, ActionOffer[] | string>();
  for (const nest of report.nests) {
    if (offers.size) await new Promise<void>((resolve) => setImmediate(resolve));
    if (token.isCancellationRequested) return null;
    offers.set(nest.id, doc.text.version !== version ? "rewrites not computed: the file changed meanwhile"
      : performance.now() > deadline ? "rewrites not computed: the report's time budget is spent"
        : doc.source.actionsAt(nest.loops[0]?.start ?? nest.start, budget));
  }
  return reportData(report, target, (nest) => offers.get(nest.id) ?? []);
}));

connection.onRequest("loopsmith/targets", () => ({ targets: TARGETS, current: settings.target, problems: settings.targetChoice.problems }));

connection.listen();

connection.onCodeAction(guarded("textDocument/codeAction", log, async (params, token) => {
  const uri = documentUri(params), r = range(params.range);
  if (!Array.isArray(params.context?.diagnostics)) throw new InvalidParams("context.diagnostics must be an array");
  const doc = (await ready()).get(uri);
  if (!doc || token.isCancellationRequested) return [];
  const budget = budgetFor(BUDGET_MS.codeAction, token);
  // Quick fixes come from the analysed functions (the one at the cursor first); the rest follow.
  const report = reportWithin(doc, BUDGET_MS.codeAction, toOffset(doc.text, r.start));
  const actions = codeActions(doc, report, { ...params, range: r }, caps.textDocument?.codeAction?.disabledSupport ?? false, budget, plans);
  // A client that does not resolve edits (no `resolveSupport` for `edit`) would apply nothing: its
  // actions carry a command instead, which resolves the edit here and sends it back (workspace/applyEdit).
  if (caps.textDocument?.codeAction?.resolveSupport?.properties?.includes("edit")) return actions;
  return actions.map((a) => (a.disabled || !a.data ? a : { ...a, command: { title: a.title, command: APPLY_ACTION_COMMAND, arguments: [a] } }));
}));

connection.onExecuteCommand(guarded("workspace/executeCommand", log, async (params, token) => {
  if (params?.command !== APPLY_ACTION_COMMAND) throw new InvalidParams(`unknown command ${String(params?.command)} (the server has ${APPLY_ACTION_COMMAND})`);
  const resolved = await resolveAction(params.arguments?.[0] as CodeAction | undefined, token, "arguments must be [the code action] as sent with it");
  if (!resolved.edit) return null;
  // The user may decline (eglot asks first): an answer either way, an error only in the log.
  const r = await connection.workspace.applyEdit({ label: resolved.title, edit: resolved.edit }).catch((e: unknown) => ({ applied: false, failureReason: String((e as Error)?.message ?? e) }));
  if (!r.applied) log(`loopsmith: the client did not apply "${resolved.title}"${r.failureReason ? `: ${r.failureReason}` : ""}`);
  return null;
}));

connection.onCodeActionResolve(guarded("codeAction/resolve", log, (action, token) => resolveAction(action, token, "data must be {uri, spec} as sent with the code action")));

/** The action with its edit (codeAction/resolve, or the command of a client that cannot resolve);
 *  why it no longer applies is shown to the user, and the action comes back without an edit. */
async function resolveAction(action: CodeAction | undefined, token: CancellationToken, malformed: string): Promise<CodeAction> {
  const data = action?.data as { uri?: unknown; spec?: { kind?: unknown; nest?: unknown } } | undefined;
  if (typeof data?.uri !== "string" || typeof data.spec?.kind !== "string" || typeof data.spec.nest !== "string") throw new InvalidParams(malformed);
  const doc = (await ready()).get(data.uri);
  const { action: resolved, error } = resolveCodeAction(action!, doc, budgetFor(BUDGET_MS.resolve, token));
  // A notification, not window/showMessageRequest: a client without that request must not fail the resolve.
  if (error && !token.isCancellationRequested) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: error });
  return resolved;
}
