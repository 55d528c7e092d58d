// The language-server fuzzer (issue 8): documents mutated from the samples and test fixtures,
// random incremental edit sequences with hover, lens, hints, code actions, resolve and cancel
// interleaved at random positions (also past the end of the document), against the built server
// over stdio, as an editor talks to it. Seeded: a failure prints the seed and the sequence.
//
// Invariants checked after every request and every sequence:
//   - no error response to a well-formed request (a cancelled one may answer RequestCancelled);
//   - every request answered within its budget x 2 (counted), and none over 1 s (a failure);
//   - the server's RSS stays under a bound;
//   - incremental == fresh: the report of the edited document equals that of the same text
//     opened fresh (the `loopsmith/report` request, which runs the whole analysis).
// Used by `npm run fuzz` (scripts/fuzz.ts) and by a short seeded run in the test suite.

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CancellationTokenSource } from "vscode-jsonrpc";
import type { CodeAction, Position, Range, TextDocumentContentChangeEvent } from "vscode-languageserver-protocol";
import { LspClient } from "../helpers/lspClient";
import { mulberry32 } from "../helpers/prng";

export interface FuzzOptions {
  readonly seed: number;
  /** Wall-clock time to fuzz for. */
  readonly ms: number;
  /** Stop after this many edit sequences (one document each), unless `ms` runs out first: the same work on a loaded machine. */
  readonly sequences?: number;
  /** How to start the server (node arguments). */
  readonly serverArgs: string[];
  /** C files to mutate. */
  readonly corpus: readonly string[];
  /** Largest documents generated (the 100k-line and 1 MB-line cases); smaller for the test suite. */
  readonly large?: boolean;
  /** RSS bound of the server, in MiB. */
  readonly rssLimitMiB?: number;
  /** A request slower than this is a failure (default 1,000 ms; the test suite, on a loaded machine, allows more). */
  readonly latencyLimitMs?: number;
  readonly log?: (line: string) => void;
  /** Where a failing sequence is written whole (its document and every step), for `--replay`. */
  readonly dumpDir?: string;
}

/** One step of a sequence, as data: `npm run fuzz -- --replay FILE` runs a dumped sequence again. */
export type Step =
  | { readonly op: "change"; readonly changes: TextDocumentContentChangeEvent[] }
  | { readonly op: "hover"; readonly position: Position }
  | { readonly op: "codeLens" }
  | { readonly op: "inlayHint"; readonly end: Position }
  | { readonly op: "codeAction"; readonly range: Range }
  | { readonly op: "resolve"; readonly action: CodeAction }
  | { readonly op: "cancelled"; readonly method: string; readonly params: unknown };

/** A dumped sequence: the document it opened and its steps. */
export interface Dump { readonly seed: number; readonly sequence: number; readonly failures: string[]; readonly text: string; readonly steps: Step[] }

export interface FuzzStats {
  documents: number; edits: number; requests: number; cancelled: number; comparisons: number;
  overBudget: number; maxLatency: Record<string, number>; rssMiB: [number, number];
  failures: string[];
}

/** The C files the fuzzer mutates: the samples and every test fixture under `root`. */
export function fuzzCorpus(root: string): string[] {
  const cFiles = (dir: string): string[] => readdirSync(dir).sort().flatMap((f) => { const p = join(dir, f); return statSync(p).isDirectory() ? cFiles(p) : p.endsWith(".c") ? [p] : []; });
  return [...cFiles(join(root, "samples")), ...cFiles(join(root, "server", "test", "data"))];
}

/** Budget of each request in ms (lsp/requests.ts BUDGET_MS; the report request runs the whole analysis). */
const BUDGET: Record<string, number> = { "textDocument/hover": 50, "textDocument/codeLens": 50, "textDocument/inlayHint": 50, "textDocument/codeAction": 200, "codeAction/resolve": 1000 };
const HARD_LIMIT_MS = 1000;

type Rng = { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T };
function rng(seed: number): Rng {
  const f = mulberry32(seed);
  return { next: f, int: (n) => Math.floor(f() * n), pick: (xs) => xs[Math.floor(f() * xs.length)] };
}

const JS_NAMES = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf", "prototype"];
const TOKENS = ["{", "}", "(", ")", ";", "for", "while", "if", "else", "+", "*", "[", "]", "=", "0", "-1", "N", "i", "\n", "  ", "/*", "*/", "//", "#define", "\"", "'", "\\", "é", "😀", "\u0000", "goto", "return", "99999999999999999999999"];

/** Whole documents made to hurt: each a known hard case from the issue. */
function special(r: Rng, large: boolean): string {
  const n = large ? 100_000 : 4_000;
  switch (r.int(12)) {
    case 0: { const d = 20 + r.int(31); let s = "float A[2];\nvoid f(void) {\n"; for (let k = 0; k < d; k++) s += `for (int i${k} = 0; i${k} < 2; i${k}++)\n`; return s + "A[0] += 1.0f;\n}\n"; }
    case 1: return `float a[8];\nvoid f(void) { for (int i = 0; i < 8; i++) a[i] = 1.0f; }\n// ${"x".repeat(large ? 1 << 20 : 1 << 16)}\n`;
    case 2: { let s = "#define N 8\nfloat a[N];\n"; for (let k = 0; k < n / 4; k++) s += `void f${k}(void) {\n  for (int i = 0; i < N; i++) a[i] += ${k}.0f;\n}\n`; return s; }
    case 3: return `void f(float *a) {\n  for (int i = 0; i < 8; i++) a[i] = ${"a[i] + ".repeat(large ? 3000 : 800)}1.0f;\n}\n`;
    case 4: return `void f(float *a) {\n  for (int i = 0; i < 8; i++) a[i] = ${"(".repeat(large ? 4000 : 1000)}1${")".repeat(large ? 4000 : 1000)};\n}\n`;
    case 5: return `void f(float *a, int n) {\n  for (int i = 0; i < n; i += 0) a[i] = 1;\n  for (int i = n; i > 0; i -= -1) a[i] = 2;\n  for (;;) { a[0]++; if (a[0] > 3) break; }\n  goto out;\nout:\n  return;\n}\n`;
    case 6: return `int f(a, n)\n  float *a; int n;\n{\n  int i;\n  for (i = 0; i < n; i++) a[i] = 0;\n  return 0;\n}\n`;
    case 7: return `#define LOOP(i, n) for (int i = 0; i < (n); i++)\n#define AT(a, i) a[i]\nfloat x[16];\nvoid f(void) {\n  LOOP(i, 16) AT(x, i) = 1.0f;\n}\n`;
    case 8: { const nm = r.pick(JS_NAMES); return `float ${nm}[8];\nfloat ${nm}_f(float v) { return v * 2.0f; }\nvoid f(void) {\n  for (int ${nm}_i = 0; ${nm}_i < 8; ${nm}_i++) ${nm}[${nm}_i] = ${nm}_f(${nm}[${nm}_i]);\n}\n`; }
    case 9: return `void f(float *a) {\n  for (int i = 0; i < 18446744073709551616; i++) a[i] = 0;\n  for (int i = 0x7fffffffffffffff; i < 0x7fffffffffffffff + 2; i++) a[0] += i;\n}\n`;
    case 10: return `float a[8];\nvoid f(void) {\n  for (int i (= 0; i < 8; i++) a[i] = 1;\n  for (int i = 0; i < 8; i++ { a[i] = 2; }\n}\n`;
    default: { let s = "#define N 4\nfloat a[N];\nvoid f(void) {\n"; for (let k = 0; k < (large ? 8000 : 800); k++) s += `  for (int i = 0; i < N; i++) a[i] += ${k}.0f;\n`; return s + "}\n"; }
  }
}

/** A mutation of a corpus file: cuts, insertions of random tokens, unbalanced braces, unicode, NUL. */
function mutate(r: Rng, text: string): string {
  let t = text;
  for (let k = r.int(4); k > 0; k--) {
    const at = r.int(t.length + 1);
    switch (r.int(5)) {
      case 0: t = t.slice(0, at) + t.slice(Math.min(t.length, at + 1 + r.int(40))); break;
      case 1: t = t.slice(0, at) + r.pick(TOKENS) + t.slice(at); break;
      case 2: t = t.slice(0, at) + (r.next() < 0.5 ? "{" : "}") + t.slice(at); break;
      case 3: t = t.slice(0, at) + r.pick(JS_NAMES) + t.slice(at); break;
      default: { const b = r.int(t.length + 1); t = t.slice(0, at) + t.slice(Math.min(at, b), Math.max(at, b)).slice(0, 400) + t.slice(at); }
    }
  }
  return t;
}

/** A random position in `doc`, sometimes past its end (an editor's stale view). */
function position(r: Rng, doc: TextDocument): Position {
  if (r.next() < 0.1) return { line: doc.lineCount + r.int(1000), character: r.int(200) };
  const off = r.int(doc.getText().length + 1);
  const p = doc.positionAt(off);
  return r.next() < 0.05 ? { line: p.line, character: p.character + 500 } : p;
}

/** A random incremental change (sometimes several, sometimes a range given end first). */
function edit(r: Rng, doc: TextDocument): TextDocumentContentChangeEvent {
  const text = doc.getText();
  const a = r.int(text.length + 1), b = Math.min(text.length, a + r.int(30));
  const insert = r.next() < 0.6 ? r.pick(TOKENS) + (r.next() < 0.3 ? r.pick(TOKENS) : "") : r.next() < 0.5 ? "" : text.slice(r.int(text.length), r.int(text.length) + 60);
  let range: Range = { start: doc.positionAt(a), end: doc.positionAt(b) };
  if (r.next() < 0.05) range = { start: range.end, end: range.start };
  return { range, text: insert };
}

export async function fuzz(o: FuzzOptions): Promise<FuzzStats> {
  const r = rng(o.seed);
  const log = o.log ?? (() => {});
  const stats: FuzzStats = { documents: 0, edits: 0, requests: 0, cancelled: 0, comparisons: 0, overBudget: 0, maxLatency: {}, rssMiB: [Infinity, 0], failures: [] };
  const corpus = o.corpus.map((f) => readFileSync(f, "utf8"));
  const client = await LspClient.start({ inlayHints: { enable: true } }, o.serverArgs, 1);
  const pid = client.child.pid!;
  const rss = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      const mib = m ? Number(m[1]) / 1024 : 0;
      stats.rssMiB = [Math.min(stats.rssMiB[0], mib), Math.max(stats.rssMiB[1], mib)];
      return mib;
    } catch { return 0; }
  };
  const end = Date.now() + o.ms;
  let seq = 0;
  const fail = (what: string, trail: () => string[]) => {
    const msg = `seed ${o.seed}, sequence ${seq}: ${what}\n  ${trail().slice(-12).join("\n  ")}`;
    stats.failures.push(msg);
    log(`FAIL ${msg}`);
  };
  const timed = async <T>(method: string, p: Promise<T>, trail: () => string[], cancelled = false): Promise<T | null> => {
    const t0 = performance.now();
    stats.requests++;
    try {
      const v = await p;
      const ms = performance.now() - t0;
      stats.maxLatency[method] = Math.max(stats.maxLatency[method] ?? 0, ms);
      if (ms > 2 * (BUDGET[method] ?? HARD_LIMIT_MS)) stats.overBudget++;
      if (ms > (o.latencyLimitMs ?? HARD_LIMIT_MS) && method !== "loopsmith/report") fail(`${method} took ${Math.round(ms)} ms`, trail);
      return v;
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (cancelled && code === -32800) { stats.cancelled++; return null; }
      fail(`${method} answered an error ${code}: ${(e as Error).message}`, trail);
      return null;
    }
  };
  try {
    while (Date.now() < end && seq < (o.sequences ?? Infinity) && client.child.exitCode === null) {
      seq++;
      const steps: Step[] = [];
      const failuresBefore = stats.failures.length;
      const base = r.next() < 0.25 ? special(r, !!o.large) : mutate(r, r.pick(corpus));
      const uri = `file:///fuzz/inc/doc${seq}.c`;
      let doc = TextDocument.create(uri, "c", 1, base);
      const opened = `open ${JSON.stringify(base.length > 300 ? `${base.slice(0, 300)}... (${base.length} chars)` : base)}`;
      const trail = () => [opened, ...steps.map(describe)];
      await client.open(uri, base);
      stats.documents++;
      /** Records a step and sends its request (timed; a cancelled one may answer RequestCancelled). */
      const perform = async (st: Exclude<Step, { op: "change" }>) => {
        steps.push(st);
        const [method, reply] = request(client, uri, st);
        return timed(method, reply, trail, st.op === "cancelled");
      };
      const count = 5 + r.int(20);
      for (let k = 0; k < count && Date.now() < end; k++) {
        const choice = r.next();
        if (choice < 0.45) {
          const changes = Array.from({ length: 1 + (r.next() < 0.2 ? r.int(4) : 0) }, () => { const c = edit(r, doc); doc = TextDocument.update(doc, [c], doc.version + 1); return c; });
          steps.push({ op: "change", changes });
          await client.change(uri, changes);
          stats.edits += changes.length;
          continue;
        }
        const pos = position(r, doc);
        const at = { start: pos, end: r.next() < 0.8 ? pos : position(r, doc) };
        if (choice < 0.6) await perform({ op: "hover", position: pos });
        else if (choice < 0.68) await perform({ op: "codeLens" });
        else if (choice < 0.76) await perform({ op: "inlayHint", end: pos });
        else if (choice < 0.92) {
          const actions = (await perform({ op: "codeAction", range: at })) as CodeAction[] | null;
          const usable = (actions ?? []).filter((a) => !a.disabled && a.data);
          if (usable.length && r.next() < 0.5) await perform({ op: "resolve", action: r.pick(usable) });
        } else {
          // Cancelled at once: the answer is the result or RequestCancelled, never another error.
          const method = r.next() < 0.5 ? "textDocument/codeAction" : "textDocument/hover";
          await perform({ op: "cancelled", method, params: method === "textDocument/hover" ? { textDocument: { uri }, position: pos } : { textDocument: { uri }, range: at, context: { diagnostics: [] } } });
        }
        if (rss() > (o.rssLimitMiB ?? 1024)) fail(`server RSS ${Math.round(rss())} MiB over ${o.rssLimitMiB ?? 1024} MiB`, trail);
      }
      // Incremental == fresh: the same text opened anew gives the same report.
      const freshUri = `file:///fuzz/fresh/doc${seq}.c`;
      const differs = await diffWithFresh(client, uri, freshUri, doc.getText(), (p) => timed("loopsmith/report", p, trail));
      stats.comparisons++;
      if (differs) fail(differs, () => [...trail(), `final text ${JSON.stringify(doc.getText().slice(0, 2000))}`]);
      if (o.dumpDir && stats.failures.length > failuresBefore) {
        mkdirSync(o.dumpDir, { recursive: true });
        const file = join(o.dumpDir, `seed-${o.seed}-sequence-${seq}.json`);
        writeFileSync(file, JSON.stringify({ seed: o.seed, sequence: seq, failures: stats.failures.slice(failuresBefore), text: base, steps } satisfies Dump));
        log(`  sequence ${seq} written to ${file} (npm run fuzz -- --replay ${file})`);
      }
      await client.rpc.sendNotification("textDocument/didClose", { textDocument: { uri } });
      await client.rpc.sendNotification("textDocument/didClose", { textDocument: { uri: freshUri } });
      if (seq % 10 === 0) log(`  ${seq} sequences, ${stats.requests} requests, ${stats.failures.length} failures, RSS ${Math.round(stats.rssMiB[1])} MiB`);
    }
    if (client.child.exitCode !== null) stats.failures.push(`seed ${o.seed}, sequence ${seq}: the server exited (${client.child.exitCode}): ${client.stderr.join("").slice(-2000)}`);
  } finally {
    await client.stop();
  }
  return stats;
}

/** A step as one line of a failure's trail. */
function describe(st: Step): string {
  switch (st.op) {
    case "change": return `change ${JSON.stringify(st.changes)}`;
    case "hover": return `hover ${JSON.stringify(st.position)}`;
    case "codeLens": return "codeLens";
    case "inlayHint": return `inlayHint ${JSON.stringify({ start: { line: 0, character: 0 }, end: st.end })}`;
    case "codeAction": return `codeAction ${JSON.stringify(st.range)}`;
    case "resolve": return `resolve ${JSON.stringify(st.action.data)}`;
    case "cancelled": return `cancelled ${st.method} ${JSON.stringify(st.params)}`;
  }
}

/** The request a step sends on document `uri`, as [method, reply]; a cancelled one is cancelled at once. */
function request(client: LspClient, uri: string, st: Exclude<Step, { op: "change" }>): [string, Promise<unknown>] {
  switch (st.op) {
    case "hover": return ["textDocument/hover", client.hover(uri, st.position)];
    case "codeLens": return ["textDocument/codeLens", client.codeLens(uri)];
    case "inlayHint": return ["textDocument/inlayHint", client.inlayHints(uri, { start: { line: 0, character: 0 }, end: st.end })];
    case "codeAction": return ["textDocument/codeAction", client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: st.range, context: { diagnostics: [] } })];
    case "resolve": return ["codeAction/resolve", client.request("codeAction/resolve", st.action)];
    case "cancelled": {
      const source = new CancellationTokenSource();
      const reply = client.rpc.sendRequest(st.method, { ...(st.params as object), textDocument: { uri } }, source.token);
      source.cancel();
      return [st.method, reply];
    }
  }
}

/** Opens `text` anew as `freshUri` (the same file name as `uri`: the report names it) and compares
 *  the two reports: the first line that differs, or null. `via` wraps each report request. */
async function diffWithFresh(client: LspClient, uri: string, freshUri: string, text: string, via: (p: Promise<{ markdown: string } | null>) => Promise<{ markdown: string } | null> = (p) => p): Promise<string | null> {
  await client.open(freshUri, text);
  const inc = await via(client.request<{ markdown: string } | null>("loopsmith/report", { uri }));
  const fresh = await via(client.request<{ markdown: string } | null>("loopsmith/report", { uri: freshUri }));
  if (!inc || !fresh || inc.markdown === fresh.markdown) return null;
  const a = inc.markdown.split("\n"), b = fresh.markdown.split("\n");
  const i = a.findIndex((l, k) => l !== b[k]);
  return `incremental report differs from fresh at line ${i + 1}: ${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])}`;
}

/** Runs a dumped sequence again against a fresh server: each request's latency, and whether the
 *  incremental report still differs from a fresh one. */
export async function replay(dump: Dump, serverArgs: string[], log: (line: string) => void): Promise<void> {
  const client = await LspClient.start({ inlayHints: { enable: true } }, serverArgs, 1);
  const uri = "file:///fuzz/replay/doc.c";
  let doc = TextDocument.create(uri, "c", 1, dump.text);
  try {
    await client.open(uri, dump.text);
    for (const [k, st] of dump.steps.entries()) {
      if (st.op === "change") { doc = TextDocument.update(doc, st.changes, doc.version + 1); await client.change(uri, st.changes); continue; }
      const t0 = performance.now();
      await request(client, uri, st)[1].catch(() => null);
      log(`  step ${k + 1} ${describe(st).slice(0, 120)}: ${Math.round(performance.now() - t0)} ms`);
    }
    log(`  ${(await diffWithFresh(client, uri, "file:///fuzz/replay-fresh/doc.c", doc.getText())) ?? "incremental report equals fresh"}`);
  } finally {
    await client.stop();
  }
}

export function formatStats(s: FuzzStats): string {
  const lat = Object.entries(s.maxLatency).map(([k, v]) => `${k.replace("textDocument/", "")} ${Math.round(v)} ms`).join(", ");
  return [
    `fuzz: ${s.documents} documents, ${s.edits} edits, ${s.requests} requests (${s.cancelled} cancelled), ${s.comparisons} incremental/fresh comparisons, ${s.failures.length} failures`,
    `  max latency: ${lat}; ${s.overBudget} requests over 2x their budget`,
    `  server RSS ${Math.round(s.rssMiB[0])}-${Math.round(s.rssMiB[1])} MiB`,
  ].join("\n");
}
