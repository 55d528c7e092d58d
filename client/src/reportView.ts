// The report view: a webview beside the editor showing the figures of each nest of one C file,
// its traffic per cache level, the roofline chart and the nest's ranked rewrites. Every figure
// and the chart (SVG) come from the server's `loopsmith/reportData` request; this file only lays
// them out. It refreshes on edits to the file (debounced), when the target changes, and when
// another C editor becomes active while the view is open.
//
// The page: a Content-Security-Policy with one nonce for its one style and one script, no remote
// resources, no inline style attributes. The script shows the before -> after arrow of the
// rewrite the user points at or picks (the SVG carries every arrow, hidden).

import * as vscode from "vscode";

/** The server's answer (server/src/lsp/report.ts ReportData), as far as the view reads it. */
interface Figure { expr: string | null; value: number | null; reason?: string }
interface ReportOffer { title: string; ok: boolean; reason?: string; before?: number; after?: number; arrow?: string }
interface ReportNest {
  id: string; function: string; line: number; macs: Figure; flops: Figure; estimate: string; seconds: number | null;
  limiter: string | null; bound: "compute" | "memory" | null; dramBytes: number | null; dramSource: "model" | "compulsory";
  writebackBytes: Figure; intensity: number | null; unit: string; rate: number | null; rateUnit: string; percentOfPeak: number | null;
  levels: { level: string; misses: Figure; bytes: Figure }[]; method: string; notes: string[]; offChart?: string;
  offers: ReportOffer[]; offersNote?: string;
}
export interface ReportData {
  file: string;
  target: { name: string; description?: string; compute: { label: string; rate: number; unit: string }[]; bandwidth: { label: string; gbs: number }[]; notes: string[] };
  nests: ReportNest[];
  problems: { message: string; line: number; severity: string }[];
  partial: boolean;
  svg: string;
  /** The chart's styles (theme variables), put in a <style> carrying the page's nonce. */
  css: string;
}

const DEBOUNCE_MS = 400;

export class ReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private uri: string | undefined;
  private focus: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private html = "";
  private css = "";
  /** Only the answer to the latest request is shown (an edit may overtake a slow one). */
  private seq = 0;
  private readonly subscriptions: vscode.Disposable[] = [];

  private pending: vscode.CancellationTokenSource | undefined;

  constructor(private readonly request: (uri: string, token: vscode.CancellationToken) => Promise<ReportData | null>) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.document.uri.toString() === this.uri) this.schedule(); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration("loopsmith")) this.schedule(); }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const doc = editor?.document;
        if (!this.panel || !doc || (doc.languageId !== "c" && doc.languageId !== "cpp") || doc.uri.toString() === this.uri) return;
        this.uri = doc.uri.toString(); this.focus = undefined; this.schedule(0);
      }),
    );
  }

  /** Opens (or reveals) the view on `uri`, scrolled to nest `focus` when given. */
  show(uri: string, focus?: string): void {
    this.uri = uri;
    this.focus = focus;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel("loopsmith.report", "Loopsmith report", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, localResourceRoots: [] });
      this.panel.webview.html = this.page(this.panel.webview);
      this.panel.onDidDispose(() => { this.panel = undefined; this.uri = undefined; }, null, this.subscriptions);
      this.panel.webview.onDidReceiveMessage((m: { type?: string; line?: unknown }) => {
        if (m?.type === "ready") void this.post();
        else if (m?.type === "reveal" && typeof m.line === "number") void this.reveal(m.line);
      }, null, this.subscriptions);
    } else this.panel.reveal(vscode.ViewColumn.Beside, true);
    this.schedule(0);
  }

  private schedule(ms = DEBOUNCE_MS): void {
    if (!this.panel || !this.uri) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; void this.refresh(); }, ms);
  }

  private async refresh(): Promise<void> {
    const uri = this.uri, seq = ++this.seq;
    if (!uri || !this.panel) return;
    // A newer refresh cancels the one in flight (the server stops computing its rewrites).
    this.pending?.cancel();
    const pending = this.pending = new vscode.CancellationTokenSource();
    let body: string;
    try {
      const data = await this.request(uri, pending.token);
      body = data ? render(data) : `<p class="note">Loopsmith: ${esc(vscode.Uri.parse(uri).path.split("/").pop() ?? uri)} is not open in the language server.</p>`;
      if (data) { this.panel.title = `Loopsmith: ${data.file}`; this.css = data.css; }
    } catch (e) {
      body = `<p class="note">Loopsmith: the report could not be computed: ${esc(String((e as Error)?.message ?? e))}</p>`;
    }
    pending.dispose();
    if (seq !== this.seq) return;
    this.pending = undefined;
    this.html = body;
    await this.post();
  }

  private async post(): Promise<void> {
    if (!this.panel || !this.html) return;
    await this.panel.webview.postMessage({ type: "render", html: this.html, css: this.css, focus: this.focus });
    this.focus = undefined;
  }

  private async reveal(line: number): Promise<void> {
    if (!this.uri) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(this.uri));
    const pos = new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
  }

  private page(webview: vscode.Webview): string {
    const nonce = Array.from({ length: 32 }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(Math.random() * 62)]).join("");
    const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">${PAGE_CSS}</style></head>
<body><main id="root"><p class="note">Loopsmith: computing the report…</p></main>
<script nonce="${nonce}">${SCRIPT}</script></body></html>`;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.pending?.cancel();
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

// ---- layout (presentation only: every figure is the server's) -------------------------------

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const int = (v: number) => Math.round(v).toLocaleString("en-US");
const sig3 = (v: number) => (Math.abs(v) >= 1000 ? int(v) : String(Number(v.toPrecision(3))));

function bytes(v: number): string {
  if (v < 1024) return `${v} B`;
  if (v < 1024 ** 2) return `${(v / 1024).toPrecision(3)} KiB`;
  if (v < 1024 ** 3) return `${(v / 1024 ** 2).toPrecision(3)} MiB`;
  return `${(v / 1024 ** 3).toPrecision(3)} GiB`;
}

function seconds(s: number): string {
  if (s >= 1) return `${s.toPrecision(3)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toPrecision(3)} ms`;
  if (s >= 1e-6) return `${(s * 1e6).toPrecision(3)} µs`;
  return `${(s * 1e9).toPrecision(3)} ns`;
}

/** A figure: its value (with the expression when symbolic), or "unknown" with the reason. */
function figure(f: Figure, fmt: (v: number) => string = int): string {
  if (f.value === null) return `<span class="unknown">unknown</span>${f.reason ? ` <span class="dim">(${esc(f.reason)})</span>` : ""}`;
  const expr = f.expr && !/^[0-9]+$/.test(f.expr) ? ` <code>${esc(f.expr)}</code>` : "";
  return `${esc(fmt(f.value))}${expr}`;
}

const row = (label: string, value: string) => `<tr><th scope="row">${esc(label)}</th><td>${value}</td></tr>`;

function render(d: ReportData): string {
  const t = d.target;
  const out: string[] = [];
  out.push(`<header><h1>${esc(d.file)}</h1><p class="target">on <strong>${esc(t.name)}</strong>${t.description ? ` <span class="dim">— ${esc(t.description)}</span>` : ""}</p></header>`);
  if (d.partial) out.push(`<p class="note">Still analysing: some functions follow.</p>`);
  const roofs = [...t.compute.map((c) => `${c.label} ${sig3(c.rate)} ${c.unit}`), ...t.bandwidth.map((b) => `${b.label} ${sig3(b.gbs)} GB/s`)];
  // The chart is a child of the page itself, so that it can stay in sight over every nest.
  out.push(`<h2>Roofline</h2><div class="chart-box">${d.svg}</div><div class="chart-notes">`,
    `<p class="dim">Roofs: ${esc(roofs.join(" · ") || "none")}. Points: each nest's predicted work per second at its intensity (work per DRAM byte). Point at a rewrite below to see where the model puts it.</p>`);
  for (const n of t.notes) out.push(`<p class="note">${esc(n)}</p>`);
  out.push(`</div>`);
  if (d.problems.length) out.push(`<section><h2>Problems</h2><ul>${d.problems.map((p) => `<li>line ${p.line}, ${esc(p.severity)}: ${esc(p.message)}</li>`).join("")}</ul></section>`);
  if (!d.nests.length) out.push(`<p class="note">No loop nest in this file.</p>`);
  for (const n of d.nests) out.push(nest(n));
  return out.join("");
}

function nest(n: ReportNest): string {
  const out: string[] = [];
  out.push(`<section class="nest" data-nest="${esc(n.id)}"><h2><a href="#" class="reveal" data-line="${n.line}">${esc(n.id)}</a> <span class="dim">${esc(n.function)}(), line ${n.line}</span></h2>`);
  const bound = n.limiter === null ? "unknown" : n.limiter === "compute" ? "compute" : n.limiter === "math calls" ? "math calls (compute)" : `memory: ${n.limiter}`;
  out.push(`<table class="figures"><tbody>`,
    row("MACs", figure(n.macs)), row("FLOPs", figure(n.flops)),
    row("time", esc(n.estimate)), row("bound by", esc(bound)),
    row("DRAM bytes", n.dramBytes === null ? `<span class="unknown">unknown</span>` : `${esc(bytes(n.dramBytes))} <span class="dim">(${int(n.dramBytes)} B, ${n.dramSource === "model" ? "cache model, with write-backs" : "compulsory traffic"})</span>`),
    row("intensity", n.intensity === null ? `<span class="unknown">unknown</span>` : `${esc(sig3(n.intensity))} ${esc(n.unit)}`),
    row("attained", n.rate === null ? `<span class="unknown">unknown</span>` : `${esc(sig3(n.rate))} ${esc(n.rateUnit)}${n.percentOfPeak !== null ? ` <span class="dim">(${Math.round(n.percentOfPeak)}% of peak)</span>` : ""}`),
    `</tbody></table>`);
  if (n.offChart) out.push(`<p class="note">${esc(n.offChart)}</p>`);
  for (const note of n.notes) out.push(`<p class="note">${esc(note)}</p>`);
  // Traffic per level.
  out.push(`<h3>Traffic</h3>`);
  if (n.levels.length) {
    out.push(`<table class="traffic"><thead><tr><th>level</th><th>misses (lines filled)</th><th>bytes</th></tr></thead><tbody>`,
      ...n.levels.map((l) => `<tr><th scope="row">${esc(l.level)}</th><td>${figure(l.misses)}</td><td>${figure(l.bytes, bytes)}</td></tr>`),
      `<tr><th scope="row">write-backs</th><td></td><td>${figure(n.writebackBytes, bytes)}</td></tr>`,
      `</tbody></table>`);
  } else out.push(`<p class="note">No per-level traffic: ${esc(n.method)}.</p>`);
  if (n.levels.length) out.push(`<p class="dim method">${esc(n.method)}</p>`);
  // Rewrites, as ranked by the engine.
  out.push(`<h3>Rewrites</h3>`);
  if (n.offersNote) out.push(`<p class="note">${esc(n.offersNote)}</p>`);
  if (n.offers.length) {
    out.push(`<ol class="offers">`);
    for (const o of n.offers) {
      let gain = "";
      if (o.before !== undefined && o.after !== undefined) {
        const r = o.before / o.after;
        gain = `<span class="gain ${r < 0.98 ? "slower" : r > 1.02 ? "faster" : "dim"}">~${esc(seconds(o.before))} → ~${esc(seconds(o.after))} (${r < 0.98 ? "slower" : r > 1.02 ? `${r.toFixed(1)}x` : "no change"})</span>`;
      }
      const attrs = o.arrow ? ` data-arrow="${esc(o.arrow)}" tabindex="0" role="button"` : "";
      out.push(`<li class="offer${o.ok ? "" : " disabled"}${o.arrow ? " has-arrow" : ""}"${attrs}><span class="title">${esc(o.title)}${o.ok ? "" : ` <span class="dim">(unavailable: ${esc(o.reason ?? "refused")})</span>`}</span>${gain}</li>`);
    }
    out.push(`</ol>`);
  }
  out.push(`</section>`);
  return out.join("");
}

const PAGE_CSS = `
body { color: var(--vscode-editor-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 24px; }
h1 { font-size: 1.4em; margin: 12px 0 2px; } h2 { font-size: 1.15em; margin: 18px 0 6px; border-bottom: 1px solid var(--vscode-panel-border, #8884); padding-bottom: 3px; }
h3 { font-size: 1em; margin: 12px 0 4px; }
.target { margin: 0 0 8px; } .dim { color: var(--vscode-descriptionForeground); }
.note { color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground)); margin: 4px 0; }
.unknown { font-style: italic; }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 3px; border-radius: 3px; }
table { border-collapse: collapse; margin: 4px 0; } th, td { text-align: left; padding: 2px 12px 2px 0; vertical-align: top; }
th[scope=row] { font-weight: normal; color: var(--vscode-descriptionForeground); white-space: nowrap; }
.traffic thead th { font-weight: 600; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
.traffic td { font-variant-numeric: tabular-nums; }
.method { font-size: 0.9em; }
/* The chart stays in sight while the nests scroll under it: a picked rewrite's arrow shows. */
.chart-box { position: sticky; top: 0; z-index: 1; background: var(--vscode-editor-background); border: 1px solid var(--vscode-panel-border, #8884); border-radius: 4px; padding: 6px; box-sizing: border-box; max-width: 100%; width: fit-content; }
.chart-box svg { display: block; max-height: 42vh; width: auto; max-width: 100%; }
a.reveal { color: var(--vscode-textLink-foreground); text-decoration: none; } a.reveal:hover { text-decoration: underline; }
ol.offers { padding-left: 1.6em; margin: 4px 0; } .offer { padding: 2px 4px; border-radius: 3px; }
.offer > .title { margin-right: 1em; } .offer > .gain { white-space: nowrap; float: right; } .offer::after { content: ""; display: block; clear: both; }
.offer.has-arrow { cursor: pointer; } .offer.has-arrow:hover, .offer.has-arrow:focus { background: var(--vscode-list-hoverBackground); outline: none; }
.offer.selected { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
.offer.selected .dim, .offer.selected .slower, .offer.selected .faster { color: inherit; }
.offer.disabled { color: var(--vscode-disabledForeground); }
.slower { color: var(--vscode-errorForeground); } .faster { color: var(--vscode-charts-green, var(--vscode-foreground)); }
`;

// The page's script: renders what the extension posts, keeps the picked rewrite across
// refreshes (by its arrow id), shows its arrow on hover and pick, and asks to reveal a line.
const SCRIPT = `
const vscode = acquireVsCodeApi();
const NONCE = document.currentScript.nonce;
const root = document.getElementById("root");
let picked = (vscode.getState() || {}).picked || null;
function showArrow(id) {
  for (const a of document.querySelectorAll("svg.roofline .arrow")) a.classList.toggle("shown", a.getAttribute("data-arrow") === id);
  for (const o of document.querySelectorAll(".offer[data-arrow]")) o.classList.toggle("selected", o.getAttribute("data-arrow") === picked);
}
function pick(id) { picked = picked === id ? null : id; vscode.setState({ picked }); showArrow(picked); }
window.addEventListener("message", (e) => {
  const m = e.data;
  if (!m || m.type !== "render") return;
  let style = document.getElementById("chart-css");
  if (!style) { style = document.createElement("style"); style.id = "chart-css"; style.nonce = NONCE; document.head.appendChild(style); }
  if (style.textContent !== m.css) style.textContent = m.css || "";
  root.innerHTML = m.html;
  if (picked && !document.querySelector('.offer[data-arrow="' + CSS.escape(picked) + '"]')) picked = null;
  showArrow(picked);
  if (m.focus) { const s = document.querySelector('.nest[data-nest="' + CSS.escape(m.focus) + '"]'); if (s) s.scrollIntoView(); }
});
root.addEventListener("click", (e) => {
  const o = e.target.closest(".offer[data-arrow]");
  if (o) { pick(o.getAttribute("data-arrow")); return; }
  const r = e.target.closest("a.reveal");
  if (r) { e.preventDefault(); vscode.postMessage({ type: "reveal", line: Number(r.getAttribute("data-line")) }); }
});
root.addEventListener("keydown", (e) => {
  const o = e.target.closest && e.target.closest(".offer[data-arrow]");
  if (o && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); pick(o.getAttribute("data-arrow")); }
});
root.addEventListener("mouseover", (e) => { const o = e.target.closest(".offer[data-arrow]"); if (o) showArrow(o.getAttribute("data-arrow")); });
root.addEventListener("mouseout", (e) => { const o = e.target.closest(".offer[data-arrow]"); if (o && !o.contains(e.relatedTarget)) showArrow(picked); });
vscode.postMessage({ type: "ready" });
`;
