// A minimal LSP client over stdio for the protocol tests and the LSP benchmark: spawns the
// built server, answers workspace/configuration from a settings object, and lets callers
// await published diagnostics (events, never sleeps).

import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type {
  CodeLens, Diagnostic, Hover, InlayHint, InitializeParams, Position, PublishDiagnosticsParams, Range,
  TextDocumentContentChangeEvent, ConfigurationParams,
} from "vscode-languageserver-protocol";

export const serverBundle = join(__dirname, "..", "..", "dist", "server.js");

type Waiter = { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly stderr: string[] = [];
  refreshes = 0;
  private waiters: Waiter[] = [];
  private versions = new Map<string, number>();

  private constructor(readonly child: ChildProcess, readonly rpc: MessageConnection, public settings: Record<string, unknown>) {}

  /** `budgetScale` multiplies the server's request budgets (LOOPSMITH_BUDGET_SCALE): tests that are
   *  not about budgets run with room for a cold, loaded machine (x20 = a 1 s hover was not enough
   *  for a first hover's per-loop figures with a benchmark running beside the suite on 2 cores). */
  static async start(settings: Record<string, unknown> = {}, args: string[] = [serverBundle, "--stdio"], budgetScale = 100): Promise<LspClient> {
    const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, LOOPSMITH_BUDGET_SCALE: String(budgetScale) } });
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, rpc, settings);
    child.stderr!.on("data", (d) => client.stderr.push(String(d)));
    rpc.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      client.published.push(p);
      client.waiters = client.waiters.filter((w) => (w.uri === p.uri && w.pred(p) ? (w.resolve(p), false) : true));
    });
    rpc.onNotification("window/logMessage", (p: { message: string }) => { client.stderr.push(p.message); });
    rpc.onRequest("workspace/configuration", (p: ConfigurationParams) =>
      p.items.map((i) => (i.section === "loopsmith" ? client.settings : null)));
    rpc.onRequest("workspace/codeLens/refresh", () => { client.refreshes++; return null; });
    rpc.onRequest("workspace/inlayHint/refresh", () => null);
    rpc.onRequest("client/registerCapability", () => null);
    rpc.listen();
    const init: InitializeParams = {
      processId: process.pid, rootUri: null, workspaceFolders: null,
      clientInfo: { name: "Visual Studio Code (Loopsmith test client)" }, // renders Markdown tables
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } },
        textDocument: {
          hover: { contentFormat: ["markdown"] }, publishDiagnostics: { versionSupport: true },
          codeAction: { disabledSupport: true, resolveSupport: { properties: ["edit"] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "refactor"] } } },
        },
      },
    };
    await rpc.sendRequest("initialize", init);
    await rpc.sendNotification("initialized", {});
    return client;
  }

  /** Resolves with the first diagnostics for `uri` (already published or to come) matching `pred`. */
  diagnostics(uri: string, pred: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean = () => true, after = 0): Promise<PublishDiagnosticsParams> {
    const p2 = (p: PublishDiagnosticsParams) => pred(p.diagnostics, p);
    const done = this.published.slice(after).find((p) => p.uri === uri && p2(p));
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ uri, pred: p2, resolve }));
  }

  open(uri: string, text: string, languageId = "c"): Promise<void> {
    this.versions.set(uri, 1);
    return this.rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends incremental changes; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async configure(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.rpc.sendNotification("workspace/didChangeConfiguration", { settings: { loopsmith: settings } });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.rpc.sendRequest("textDocument/hover", { textDocument: { uri }, position });
  }

  codeLens(uri: string): Promise<CodeLens[] | null> {
    return this.rpc.sendRequest("textDocument/codeLens", { textDocument: { uri } });
  }

  inlayHints(uri: string, range: Range): Promise<InlayHint[] | null> {
    return this.rpc.sendRequest("textDocument/inlayHint", { textDocument: { uri }, range });
  }

  request<R>(method: string, params?: unknown): Promise<R> {
    return this.rpc.sendRequest(method, params);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.rpc.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 2000))]);
      await this.rpc.sendNotification("exit");
    } catch { /* already gone */ }
    this.rpc.dispose();
    if (this.child.exitCode === null) await new Promise((r) => { this.child.once("exit", r); setTimeout(() => { this.child.kill(); r(null); }, 2000); });
  }
}

/** The hover's Markdown text. */
export function hoverText(h: Hover | null): string {
  if (!h) return "";
  const c = h.contents as unknown;
  if (typeof c === "string") return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === "string" ? x : x.value)).join("\n");
  return (c as { value: string }).value;
}
