// Language-server benchmark: `npm run bench:lsp` (bundled by scripts/build.mjs into
// server/dist/bench-lsp.js). Starts server/dist/server.js over stdio from a real LSP client,
// opens a generated ~10,000-line C file with 500 nests, and measures: server start to first
// diagnostics, hover latency on loop headers, edit-to-diagnostics latency for one-character
// edits inside loop bodies, and the server's peak RSS. Prints a Markdown table with the
// budgets. Budgets are reported, not enforced (exit 0); sanity failures exit 1.
// Options: `--nests N` (500: ~10,000 lines; 5000: ~100,000), `--target NAME`, `--edits N`
// (edit/undo pairs, 100), `--cpu-prof DIR` (the server writes a V8 CPU profile there on exit),
// `--node-arg FLAG` (a Node/V8 flag for the server, repeatable).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { generateLargeC } from "./gen-large-c";
import { LspClient, hoverText } from "../server/test/helpers/lspClient";

const HOVERS = 300;
const BUDGETS = { coldMs: 500, hoverP95Ms: 5, editP95Ms: 50, rssMiB: 150 };
const uri = "file:///bench/large.c";

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

function position(text: string, offset: number) {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** Peak resident set (VmHWM) of a process, in MiB (Linux); NaN elsewhere. */
function peakRssMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch { return NaN; }
}

async function main(): Promise<number> {
  // `npm run bench:lsp -- --nests 5000` for the ~100,000-line file.
  const i = process.argv.indexOf("--nests");
  const nests = i > 0 ? Number(process.argv[i + 1]) : 500;
  // `-- --target Cortex-A53`: estimates with the cache model (the default target has none).
  const ti = process.argv.indexOf("--target");
  const settings = ti > 0 ? { target: process.argv[ti + 1] } : {};
  const ei = process.argv.indexOf("--edits");
  const EDITS = ei > 0 ? Number(process.argv[ei + 1]) : 100;
  const pi = process.argv.indexOf("--cpu-prof");
  // The server's Node flags: a CPU profile, and each `--node-arg FLAG` (e.g. --max-semi-space-size=4).
  const nodeArgs = [...(pi > 0 ? ["--cpu-prof", `--cpu-prof-dir=${process.argv[pi + 1]}`] : []), ...process.argv.flatMap((a, k) => (a === "--node-arg" ? [process.argv[k + 1]] : []))];
  const { text, functions } = generateLargeC({ nests });
  const failures: string[] = [];
  const lines = text.split("\n").length;

  // Cold start: spawn -> initialize -> didOpen -> first diagnostics of the file.
  const t0 = performance.now();
  const client = await LspClient.start(settings, [...nodeArgs, join(__dirname, "server.js"), "--stdio"], 1); // the real request budgets
  await client.open(uri, text);
  await client.diagnostics(uri);
  const coldMs = performance.now() - t0;
  // The server publishes a large file's diagnostics in slices; the report request runs the
  // whole analysis, so its answer marks the complete figures.
  await client.request("loopsmith/report", { uri });
  const completeMs = performance.now() - t0;
  const lenses = (await client.codeLens(uri)) ?? [];
  if (lenses.length !== nests) failures.push(`expected ${nests} code lenses (one per nest), got ${lenses.length}`);
  // Let the last slice's publish arrive: the complete diagnostics.
  for (let n = -1; n !== client.published.length;) { n = client.published.length; await new Promise((r) => setTimeout(r, 100)); }
  const first = client.published[client.published.length - 1];
  const rssAnalysed = peakRssMiB(client.child.pid!);

  // Hover on loop headers spread over the file.
  const hoverMs: number[] = [];
  for (let i = 0; i < HOVERS; i++) {
    const fn = functions[(i * 7) % functions.length];
    const at = text.indexOf("for (", fn.start);
    const t = performance.now();
    const h = await client.hover(uri, position(text, at + 1));
    hoverMs.push(performance.now() - t);
    if (i === 0 && !hoverText(h).includes("trip count")) failures.push(`hover on ${fn.name}'s loop shows no trip count`);
  }

  const rssHovered = peakRssMiB(client.child.pid!);

  // Edits: insert a digit inside a literal of an innermost loop body, then delete it again.
  // Neither changes a figure, so the edit's diagnostics are complete when they are as many as
  // before (a large file's first publish after an edit may be a partial slice).
  const complete = (d: unknown[], q: { version?: number }, v: number) => q.version === v && d.length === first.diagnostics.length;
  const editMs: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const fn = functions[(i * 13) % functions.length];
    const p = position(text, fn.editOffset);
    const before = client.published.length;
    const t = performance.now();
    const v1 = await client.change(uri, [{ range: { start: p, end: p }, text: "5" }]);
    await client.diagnostics(uri, (d, q) => complete(d, q, v1), before);
    editMs.push(performance.now() - t);
    const mid = client.published.length;
    const t2 = performance.now();
    const v2 = await client.change(uri, [{ range: { start: p, end: { line: p.line, character: p.character + 1 } }, text: "" }]);
    await client.diagnostics(uri, (d, q) => complete(d, q, v2), mid);
    editMs.push(performance.now() - t2);
  }
  for (let n = -1; n !== client.published.length;) { n = client.published.length; await new Promise((r) => setTimeout(r, 600)); }
  const last = client.published[client.published.length - 1];
  if (JSON.stringify(last.diagnostics) !== JSON.stringify(first.diagnostics)) failures.push("diagnostics after the edit/undo cycle differ from the first ones");

  const rss = peakRssMiB(client.child.pid!);
  await client.stop();

  const row = (what: string, value: number, unit: string, budget: number | null) =>
    `| ${what} | ${value.toFixed(unit === "MiB" ? 1 : 2)} ${unit} | ${budget === null ? "" : `<= ${budget} ${unit}`} | ${budget === null ? "" : value <= budget ? "ok" : "**over**"} |`;
  console.log(`loopsmith LSP benchmark: ${lines} lines, ${functions.length} functions, ${lenses.length} nests, ${first.diagnostics.length} diagnostics; ${HOVERS} hovers, ${EDITS * 2} edits (node ${process.version})\n`);
  console.log("| measure | value | budget | |\n|---|---|---|---|");
  console.log(row("cold start to first diagnostics", coldMs, "ms", BUDGETS.coldMs));
  console.log(row("cold start to complete figures", completeMs, "ms", null));
  console.log(row("hover p50", quantile(hoverMs, 0.5), "ms", null));
  console.log(row("hover p95", quantile(hoverMs, 0.95), "ms", BUDGETS.hoverP95Ms));
  console.log(row("edit to diagnostics p50", quantile(editMs, 0.5), "ms", null));
  console.log(row("edit to diagnostics p95", quantile(editMs, 0.95), "ms", BUDGETS.editP95Ms));
  console.log(row("server peak RSS", rss, "MiB", BUDGETS.rssMiB));
  console.log(`| server peak RSS by complete figures / after hovers | ${rssAnalysed.toFixed(1)} / ${rssHovered.toFixed(1)} MiB | | |`);
  if (failures.length) { console.error(`\nsanity failures:\n${failures.map((f) => `- ${f}`).join("\n")}`); return 1; }
  return 0;
}

main().then((code) => { process.exitCode = code; }, (e) => { console.error(e); process.exitCode = 1; });
