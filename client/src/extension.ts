// The Loopsmith VS Code client: starts the language server (server/dist/server.js, bundled
// in the extension) over IPC for C and C++ files, and adds the two commands (the report view:
// reportView.ts) and the status bar item. It never analyses anything: every figure comes from
// the server. It registers no language of its own, so it coexists with the C/C++ extension and clangd.

import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { ReportView, type ReportData } from "./reportView";

let client: LanguageClient | undefined;

interface Target { id: string; description: string }

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath("server/dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "c" }, { scheme: "file", language: "cpp" },
      { scheme: "untitled", language: "c" }, { scheme: "untitled", language: "cpp" },
    ],
    synchronize: { configurationSection: "loopsmith" },
    // The server reads the user's target files (loopsmith.targets): a relative path means the
    // workspace's, which only the client knows, so it is made absolute on the way.
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          const root = vscode.workspace.workspaceFolders?.[0]?.uri;
          return result.map((r: unknown, i: number) => {
            if (params.items[i]?.section !== "loopsmith" || !root || typeof r !== "object" || r === null) return r;
            const cfg = r as { targets?: unknown };
            if (!Array.isArray(cfg.targets)) return r;
            const targets = cfg.targets.map((p: unknown) => (typeof p === "string" && p && !p.startsWith("/") && !p.startsWith("~") && !/^[A-Za-z]:[\\/]/.test(p) ? vscode.Uri.joinPath(root, p).fsPath : p));
            return { ...cfg, targets };
          });
        },
      },
    },
  };
  client = new LanguageClient("loopsmith", "Loopsmith", serverOptions, clientOptions);

  // The report view (reportView.ts): a webview beside the editor, data from loopsmith/reportData.
  const reportView = new ReportView((uri, token) => client!.sendRequest<ReportData | null>("loopsmith/reportData", { uri }, token));
  context.subscriptions.push(reportView, vscode.commands.registerCommand("loopsmith.showReport", (uriArg?: string, nest?: string) => {
    const uri = uriArg ?? vscode.window.activeTextEditor?.document.uri.toString();
    if (!uri || !client) { void vscode.window.showInformationMessage("Loopsmith: open a C file first."); return; }
    reportView.show(uri, typeof nest === "string" ? nest : undefined);
  }));

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = "loopsmith.selectTarget";
  status.tooltip = "Loopsmith: target of the time estimates, traffic and roofline (click to change; add your own with loopsmith.targets)";
  const showStatus = () => {
    status.text = `$(dashboard) ${vscode.workspace.getConfiguration("loopsmith").get<string>("target") ?? ""}`;
    const lang = vscode.window.activeTextEditor?.document.languageId;
    if (lang === "c" || lang === "cpp") status.show(); else status.hide();
  };
  context.subscriptions.push(status,
    vscode.window.onDidChangeActiveTextEditor(showStatus),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration("loopsmith.target")) showStatus(); }));

  context.subscriptions.push(vscode.commands.registerCommand("loopsmith.selectTarget", async () => {
    if (!client) return;
    const { targets, current } = await client.sendRequest<{ targets: Target[]; current: string }>("loopsmith/targets");
    const pick = await vscode.window.showQuickPick(
      targets.map((t) => ({ label: t.id, description: t.id === current ? "current" : undefined, detail: t.description })),
      { placeHolder: "Target for Loopsmith's time estimates" });
    if (pick) await vscode.workspace.getConfiguration("loopsmith").update("target", pick.label, vscode.ConfigurationTarget.Global);
  }));

  await client.start();
  showStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
