// `loopsmith` command line: analyze (text, --json or --sarif). Built on engine/index.ts only.
// Exit codes (README "Command line"): 0 success, 1 a file cannot be read (or -o cannot be
// written), 2 usage error, 3 a transformation refused, 4 internal error (a bug: one line and a
// hint, the stack only with LOOPSMITH_DEBUG=1), 5 a diagnostic at or above `--fail-on`.
// Every failure is one line on standard error.

import { readFileSync, writeFileSync } from "node:fs";
import { Engine, overlapCondition, parseTarget, SHIPPED_TARGETS, shippedTarget, rooflineOnly, formatSeconds, type AnalyzeOptions, type FileReport, type OptimizeOutcome, type Target, type TransformSpec } from "../engine";
import { formatFile } from "../format";
import { probeTarget } from "./probe";
import { EXIT_FINDINGS, Review, sarifLog, type SarifInput } from "./sarif";

const USAGE = `usage: loopsmith analyze [--json | --sarif] [--fail-on LEVEL] [--severity CODE=LEVEL]... [--target NAME|PATH] [--assume-noalias] [-D NAME=VALUE]... [--pure NAME]... FILE...   (FILE - reads standard input)
       loopsmith transform FILE --nest ID [--at LINE] TRANSFORM [--target NAME|PATH] [--assume-noalias] [-D NAME=VALUE]... [--pure NAME]... [-o OUT]
       loopsmith transform FILE [--nest ID | --function NAME] --optimize [--threads N] [--no-fp-reorder] [--target NAME|PATH] [-D NAME=VALUE]... [-o OUT]
       loopsmith target --list | --show NAME|PATH | --probe [--name NAME] [--quick] [-o FILE]
                                                                 (the machines estimates are made for; --probe measures
                                                                  this one with gcc and writes a target file)
       loopsmith lsp [--stdio]                                   (language server for any LSP editor)

Prints, for every loop nest in each C file: loops and trip counts, MACs, FLOPs by kind,
array strides per loop, footprints, compulsory traffic, arithmetic intensity, and the
traffic, roofline and time estimate on a target (default: 1 GHz, 1 MAC/cycle).

  --json             print the report as JSON (contract version 1)
  --target NAME|PATH the machine of the estimate: a shipped target's name (or a unique
                     prefix such as Cortex-A53; see loopsmith target --list) or a target file
  --sarif            print the diagnostics (LS001-LS003, as the editor shows them, with the
                     LS001 fixes) as a SARIF 2.1.0 log, for code review in CI
  --fail-on LEVEL    exit 5 when a diagnostic is at or above LEVEL: error, warning or note
                     (LS001 is a warning, LS002 and LS003 are notes); with any output format
  --severity CODE=LEVEL  change a code's severity (error, warning, information, hint, off),
                     like the editor's loopsmith.diagnostics settings; repeatable
  -D NAME=VALUE      bind a symbol (a parameter, a VLA size, a const local, a struct field
                     such as l.batch or 'dims->c') to an integer >= 0 (a size); repeatable
  --assume-noalias   treat pointer parameters as not overlapping (every figure and rewrite
                     that relies on it says so); the default assumes they may
  --pure NAME[,NAME] declare functions not defined in the file pure (no memory effects, no
                     side effects), so rewrites may move code across their calls; repeatable
  -h, --help         this text
  --version          print the version

transform writes the whole rewritten file to standard output (or OUT). TRANSFORM is one of
  --permute a,b,c    run the loops of a perfect band in this order (outer to inner)
  --layout           the legal order whose innermost loop walks memory contiguously
                     (splits an imperfect nest first when that is legal)
  --to-layout NCHW|NHWC  the legal order that follows the named layout, from the loops'
                     tensor roles (N, K, C, H, W; window loops R, S where they cost least)
  --relayout I=HWC   store array I in another layout (its arrays[].layout letters reordered):
                     its declarations and every subscript of it in the file are permuted
                     (no --nest needed); refused when I escapes to code that is not rewritten
  --and-reorder      with --relayout: then reorder each nest using I as --layout does
  --fission          split the nest around the statements of its outer band's body
                     (--at LINE: split the loop on that line, inside the loops around it)
  --fuse             fuse the nest with the nest right after it (identical loop headers)
  --tile i=32,j=32   tile a perfect band; size 0 (every size 0) picks the sizes: with
                     --target a target with caches, the ones its cache model predicts
                     fastest, each below its loop's trip count; else cubes fitting 32 KiB
  --unroll j=4       unroll loop j by 4 (with a remainder loop when needed; factor 2 to 64)
  --unroll-jam i=2   unroll outer loop i by 2 and jam the copies into its inner loops
  --scalar-replace C keep the references to C that are invariant in the innermost loop in
                     locals: loaded once before it, stored once after (--at LINE: which loop)
  --accumulate-in-place s  accumulate scalar s (declared in a loop body, stored once: E = s;) in
                     that element E instead, so the nest can be split and reordered
  --scalar-expand acc  turn scalar acc, declared in a loop body, into an array with one element
                     per iteration of the loops around it (so the nest can be split, reordered);
                     --max-trips j=1500 sizes it for loops whose count the source leaves open,
                     and the rewrite runs under a run-time check (m <= 1500), else the original
  --simd             #pragma omp simd (with reduction(...)) on the innermost loop (--at LINE)
  --parallel         #pragma omp parallel for (with private/reduction clauses) on the outermost
                     loop that carries no dependence (--at LINE: that loop)
  --split-accumulators K  split each sum of the innermost loop (s += ..., y[o] += ...) into K
                     partial sums, combined after it (--at LINE: which loop; FP sums reordered)
  --while-to-for     rewrite a counted while loop (while (cnt--) with pointer walks *p++, p += w)
                     as a for loop with subscripts of the walked arrays (--at LINE: which one)
  --subscripts       replace the pointer walks of a for loop (acc += *w++ * *x++) by subscripts
                     of the walked arrays (--at LINE: which loop; the nest's outermost by default)
  --privatize v      declare scalar v, declared at the top of the function, in the one loop body
                     that sets it before each use (so --accumulate-in-place or --scalar-expand apply)
--optimize picks the rewrites itself: the chain of checked rewrites (reorders, tiles, then
unroll-and-jam, scalar replacement and split accumulators by rule; with --threads N > 1 also
OpenMP parallel for) predicted fastest on --target (default: the shipped target of this kind of
machine, said on standard error). The plan (each step as a transform flag) and the predicted
time go to standard error. Without --nest or --function it optimises every function but main.
Exit 3 when no plan beats the code as written (the file is then not written). --no-fp-reorder
leaves out every step that reorders a floating-point sum (the results stay bit-identical).
--nest takes an id from analyze --json (function:line); --at LINE picks the loop (or the band's
first loop) on that line when sibling loops share a name. Exit codes: 0 applied, 3 refused
(the reason and the blocking dependences on standard error), 2 usage error, 1 unreadable FILE
or unwritable OUT, 4 internal error.`;

export const VERSION = "0.1.0";

interface Io { out: (s: string) => void; err: (s: string) => void; read: (path: string) => string; write: (path: string, text: string) => void }
const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  read: (p) => readFileSync(p === "-" || p === "/dev/stdin" ? 0 : p, "utf8"),
  write: (p, text) => writeFileSync(p, text),
};

/** Runs a command; an exception is a bug: one line with a hint and exit code 4, never a stack trace. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    const message = String((e as Error)?.message ?? e).split("\n")[0];
    io.err(`loopsmith: internal error: ${message} (a bug: please report it with the input file; LOOPSMITH_DEBUG=1 prints the stack)\n`);
    if (process.env.LOOPSMITH_DEBUG === "1") io.err(`${(e as Error)?.stack ?? e}\n`);
    return 4;
  }
}

/** One line for a failed read or write: what happened, not the raw errno text. */
function ioReason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case "ENOENT": return "no such file";
    case "EISDIR": return "is a directory";
    case "ENOTDIR": return "a component of the path is not a directory";
    case "EACCES": case "EPERM": return "permission denied";
    case "EROFS": return "read-only file system";
    case "ENOSPC": return "no space left on the device";
    default: return String((e as Error)?.message ?? e).split("\n")[0];
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "-h" || command === "--help" || command === "help") {
    (command ? io.out : io.err)(USAGE + "\n");
    return command ? 0 : 2;
  }
  if (command === "--version") { io.out(`loopsmith ${VERSION}\n`); return 0; }
  if (command === "lsp") {
    // The language server is its own bundle next to this one (server/dist/server.js): the
    // CLI bundle stays free of LSP code. It reads its transport from argv (stdio by default).
    require(require("node:path").join(__dirname, "server.js"));
    return new Promise<number>(() => {});
  }
  if (command === "transform") return transformCommand(rest, io);
  if (command === "target") return targetCommand(rest, io);
  if (command !== "analyze") {
    io.err(`loopsmith: unknown command '${command}'\n\n${USAGE}\n`);
    return 2;
  }
  let json = false, assumeNoAlias = false, sarif = false;
  let target: Target | undefined;
  const review = new Review();
  // C names as keys: a Map (a `-D __proto__=4` on `{}` would set the prototype instead).
  const defines = new Map<string, bigint>();
  const pure: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === "--json") json = true;
    else if (a === "--sarif") sarif = true;
    else if (a === "--fail-on" || a === "--severity") {
      const e = review.option(a, rest[++i]);
      if (e) { io.err(`loopsmith: ${e}\n\n${USAGE}\n`); return 2; }
    }
    else if (a === "--pure") {
      const names = parsePure(rest[++i]);
      if (!names) { io.err(`loopsmith: --pure expects NAME[,NAME...], got '${rest[i] ?? ""}'\n`); return 2; }
      pure.push(...names);
    }
    else if (a === "--assume-noalias") assumeNoAlias = true;
    else if (a === "--target" || a.startsWith("--target=")) {
      const r = resolveTarget(a === "--target" ? rest[++i] : a.slice(9), io);
      if (typeof r === "number") return r;
      target = r;
    }
    else if (a === "-h" || a === "--help") { io.out(USAGE + "\n"); return 0; }
    else if (a === "-D" || a.startsWith("-D")) {
      const spec = a === "-D" ? rest[++i] : a.slice(2);
      const d = parseDefine(spec);
      if (typeof d === "string") { io.err(`loopsmith: ${d}\n`); return 2; }
      defines.set(d[0], d[1]);
    } else if (a.startsWith("-") && a !== "-") { io.err(`loopsmith: unknown option '${a}'\n\n${USAGE}\n`); return 2; }
    else files.push(a);
  }
  if (files.length === 0) { io.err(`loopsmith: analyze needs at least one FILE\n\n${USAGE}\n`); return 2; }
  if (json && sarif) { io.err(`loopsmith: --json and --sarif are two output formats: choose one\n\n${USAGE}\n`); return 2; }

  const engine = await Engine.create();
  const reports: FileReport[] = [];
  const analysed: SarifInput[] = [], unreadable: { file: string; reason: string }[] = [];
  let failed = false;
  for (const file of files) {
    let text: string;
    try { text = io.read(file); }
    catch (e) {
      io.err(`loopsmith: cannot read ${file}: ${ioReason(e)}\n`);
      unreadable.push({ file, reason: ioReason(e) });
      failed = true;
      continue;
    }
    const r = engine.analyze(text, { file, defines: Object.fromEntries(defines), assumeNoAlias, pure, ...(target ? { target } : {}) });
    reports.push(r);
    analysed.push({ file, text, report: r });
    for (const p of r.problems) if (json || / no symbol /.test(p.message)) io.err(`${file}:${p.line}: ${p.severity}: ${p.message}\n`);
  }
  if (sarif) io.out(JSON.stringify(sarifLog(analysed, { engine, analyze: { defines: Object.fromEntries(defines), assumeNoAlias, pure, ...(target ? { target } : {}) }, review, version: VERSION, unreadable }), null, 2) + "\n");
  else if (json) io.out(JSON.stringify({ version: 1, files: reports }, null, 2) + "\n");
  else io.out(reports.map(formatFile).join("\n\n") + (reports.length ? "\n" : ""));
  // An unreadable file (1) wins over findings (5): the review is incomplete.
  const gate = failed ? null : review.gate(reports);
  if (gate) io.err(`loopsmith: ${gate}\n`);
  return failed ? 1 : gate ? EXIT_FINDINGS : 0;
}

const targetNames = () => SHIPPED_TARGETS.map((t) => `  ${t.name}`).join("\n");

/**
 * `--target` takes a shipped target's name (or a unique prefix) or a path to a target file
 * (anything with a `/` or ending in `.json`). Returns the target or the exit code, having said why:
 * 2 for an unknown name or an invalid file (the errors name the file and field), 1 for an unreadable one.
 */
function resolveTarget(spec: string | undefined, io: Io): Target | number {
  if (!spec) { io.err(`loopsmith: --target needs a NAME or a PATH; shipped targets:\n${targetNames()}\n`); return 2; }
  const named = shippedTarget(spec);
  if (named) return named;
  if (!/[\\/]|\.json$/i.test(spec)) { io.err(`loopsmith: unknown target '${spec}'; shipped targets (or give a path to a target file):\n${targetNames()}\n`); return 2; }
  let text: string;
  try { text = io.read(spec); }
  catch (e) { io.err(`loopsmith: cannot read target file ${spec}: ${ioReason(e)}\n`); return 1; }
  const r = parseTarget(text, spec);
  if (!r.ok) { io.err(r.errors.map((e) => `loopsmith: invalid target: ${e}\n`).join("")); return 2; }
  return r.target;
}

/** `loopsmith target --list` (names and one line each) or `--show NAME|PATH` (the validated target as JSON). */
async function targetCommand(args: string[], io: Io): Promise<number> {
  const [flag, value] = args;
  if (flag === "--list" && args.length === 1) {
    for (const t of SHIPPED_TARGETS) {
      const kind = t.caches.length ? t.caches.map((c) => `${c.level} ${c.sizeBytes >= 1 << 20 ? `${c.sizeBytes / (1 << 20)} MiB` : `${c.sizeBytes / 1024} KiB`}`).join(", ") : rooflineOnly(t) ? "roofline only (no cache model)" : "no memory term";
      io.out(`${t.name}\n    ${t.clockGHz} GHz · ${t.peak.fp32FlopsPerCycle} fp32 FLOP/cycle · ${t.peak.int8MacsPerCycle} int8 MAC/cycle${t.dram ? ` · DRAM ${t.dram.bandwidthGBs} GB/s` : ""} · ${kind} · ${t.dataModel}\n`);
    }
    return 0;
  }
  if (flag === "--show" && args.length === 2) {
    const r = resolveTarget(value, io);
    if (typeof r === "number") return r;
    io.out(JSON.stringify(r, null, 2) + "\n");
    return 0;
  }
  if (flag === "--probe") {
    let name: string | undefined, outFile: string | undefined, quick = false;
    for (let i = 1; i < args.length; i++) {
      const a = args[i];
      if (a === "--name" && args[i + 1]) name = args[++i];
      else if (a === "-o" && args[i + 1]) outFile = args[++i];
      else if (a === "--quick") quick = true;
      else { io.err(`loopsmith target --probe: unknown option '${a}'\n\n${USAGE}\n`); return 2; }
    }
    let json: Record<string, unknown>;
    try { json = probeTarget({ ...(name ? { name } : {}), quick }); }
    catch (e) { io.err(`loopsmith target --probe: the measurement failed (it needs gcc and a POSIX system): ${String((e as Error)?.message ?? e).split("\n")[0]}\n`); return 1; }
    // The measured file must validate like any other (a figure the probe could not measure says so here).
    const check = parseTarget(JSON.stringify(json), outFile ?? "probe");
    if (!check.ok) { io.err(check.errors.map((x) => `loopsmith target --probe: ${x}\n`).join("")); return 4; }
    const text = JSON.stringify(json, null, 2) + "\n";
    if (outFile) {
      try { io.write(outFile, text); }
      catch (e) { io.err(`loopsmith: cannot write ${outFile}: ${ioReason(e)}\n`); return 1; }
      io.err(`loopsmith: wrote ${outFile} (target "${check.target.name}"): use it with --target ${outFile} or the loopsmith.targets setting\n`);
    } else io.out(text);
    return 0;
  }
  if (flag === "-h" || flag === "--help") { io.out(USAGE + "\n"); return 0; }
  io.err(`loopsmith target: expected --list, --show NAME|PATH or --probe\n\n${USAGE}\n`);
  return 2;
}

/** `f,g` -> ["f", "g"]; null when malformed. */
function parsePure(spec: string | undefined): string[] | null {
  const names = (spec ?? "").split(",").map((s) => s.trim());
  return spec && names.every((n) => /^[A-Za-z_]\w*$/.test(n)) ? names : null;
}

/** `N=64`, `l.batch=3`, `dims->c=3` (a symbol, a struct field as written), or what is wrong. */
function parseDefine(spec: string | undefined): [string, bigint] | string {
  const m = spec ? /^([A-Za-z_]\w*(?:(?:\.|->)[A-Za-z_]\w*)*)=(-?\d+)$/.exec(spec) : null;
  if (!m) return `-D expects NAME=INTEGER, got '${spec ?? ""}'`;
  // What -D binds is a size (a trip count, a dimension): a negative one is a typing mistake,
  // and the figures would print it as a count (`i ×-5`).
  if (m[2].startsWith("-")) return `-D ${spec}: the value must be >= 0 (-D binds sizes)`;
  return [m[1], BigInt(m[2])];
}

/** `a=1,b=2` -> {a: 1, b: 2}; null when malformed. */
function parseSizes(spec: string | undefined): Record<string, number> | null {
  if (!spec) return null;
  const out: [string, number][] = [];
  for (const part of spec.split(",")) {
    const m = /^([A-Za-z_]\w*)=(\d+)$/.exec(part.trim());
    if (!m) return null;
    out.push([m[1], Number(m[2])]);
  }
  return Object.fromEntries(out); // own keys, also for a loop named __proto__
}

/** The shipped target of this machine's kind, the default of --optimize (said on standard error). */
function hostTarget(): Target | undefined {
  const name = process.arch === "x64" ? "x86-64" : process.arch === "arm64" ? "Cortex-A72" : null;
  return name ? shippedTarget(name) ?? undefined : undefined;
}

async function optimizeCommand(o: { file: string; nest?: string; fnName?: string; outFile?: string; threads: number; reassociate: boolean; target?: Target; options: AnalyzeOptions }, io: Io): Promise<number> {
  let text: string;
  try { text = io.read(o.file); }
  catch (e) { io.err(`loopsmith: cannot read ${o.file}: ${ioReason(e)}\n`); return 1; }
  let target = o.target;
  if (!target) {
    target = hostTarget();
    if (target) io.err(`loopsmith: target ${target.name} (the default for this kind of machine; --target to choose, or loopsmith target --probe to measure this one)\n`);
  }
  if (!target?.dram) io.err(`loopsmith: warning: ${target ? target.name : "the default target"} has no memory model: loop order and tiling do not change its estimate, so only rules apply\n`);
  const engine = await Engine.create();
  const what = o.nest ? { nest: o.nest } : o.fnName ? { fn: o.fnName } : "file" as const;
  const r = engine.optimize(text, what, { ...o.options, ...(target ? { target } : {}) }, { threads: o.threads, reassociate: o.reassociate });
  reportPlan(r, io, o.nest ?? o.fnName ?? o.file);
  return finishOptimize(r.ok, r.ok ? r.text : text, o.outFile, io);
}

function reportPlan(r: OptimizeOutcome, io: Io, what: string): void {
  const time = (s: number | null) => (s === null ? "unknown" : formatSeconds(s));
  if (!r.ok) { io.err(`loopsmith: ${what}: no plan: ${r.reason} (predicted ${time(r.before)})\n`); return; }
  const checked = r.versioned ? `  (versioned: runs when ${overlapCondition(r.versioned)})` : "";
  io.err(`plan: ${r.steps.map((s) => s.flag.replace(/^--/, "")).join("; ")}${checked}\n`);
  for (const s of r.steps) io.err(`  --nest ${s.spec.nest} ${s.flag}  -> ${time(s.after)}  (${s.stage}) ${s.title}\n`);
  const gain = r.before !== null && r.after !== null && r.after > 0 ? ` (${(r.before / r.after).toFixed(2)}x)` : "";
  io.err(`loopsmith: ${what}: predicted ${time(r.before)} -> ${time(r.after)}${gain}\n${r.notes.map((n) => `  note: ${n}\n`).join("")}`);
}

function finishOptimize(applied: boolean, text: string, outFile: string | undefined, io: Io): number {
  if (!applied) return 3;
  if (outFile) {
    try { io.write(outFile, text); }
    catch (e) { io.err(`loopsmith: cannot write ${outFile}: ${ioReason(e)}\n`); return 1; }
  } else io.out(text);
  return 0;
}

async function transformCommand(args: string[], io: Io): Promise<number> {
  const usage = (msg: string) => { io.err(`loopsmith transform: ${msg}\n\n${USAGE}\n`); return 2; };
  let file: string | undefined, nest: string | undefined, outFile: string | undefined, at: number | undefined, assumeNoAlias = false;
  const defines = new Map<string, bigint>();
  const pure: string[] = [];
  let spec: TransformSpec | undefined;
  let reorder = false;
  let target: Target | undefined;
  let optimizing = false, fnName: string | undefined, threads = 1, reassociate = true;
  const setSpec = (s: TransformSpec | null, flag: string): string | null => {
    if (spec) return `only one transformation at a time (${flag})`;
    if (!s) return `cannot read the value of ${flag}`;
    spec = s;
    return null;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let err: string | null = null;
    switch (a) {
      case "--nest": nest = args[++i]; if (!nest || !/^[A-Za-z_]\w*:\d+$/.test(nest)) err = `--nest needs an id FUNCTION:LINE such as conv:27 (see loopsmith analyze --json), got '${nest ?? ""}'`; break;
      case "-o": outFile = args[++i]; if (!outFile) err = "-o needs a file name"; break;
      case "--at": { const v = Number(args[++i]); if (!Number.isInteger(v) || v < 1) err = "--at needs a line number"; else at = v; break; }
      case "--permute": { const v = args[++i]; err = setSpec(v ? { kind: "permute", nest: "", order: v.split(",").map((x) => x.trim()) } : null, a); break; }
      case "--assume-noalias": assumeNoAlias = true; break;
      case "--target": { const r = resolveTarget(args[++i], io); if (typeof r === "number") return r; target = r; break; }
      case "--layout": err = setSpec({ kind: "layout", nest: "" }, a); break;
      case "--relayout": { const m = /^([A-Za-z_]\w*)=([A-Za-z]+)$/.exec(args[++i] ?? ""); err = setSpec(m ? { kind: "relayout", nest: "", array: m[1], layout: m[2].toUpperCase() } : null, a); break; }
      case "--and-reorder": reorder = true; break;
      case "--to-layout": { const v = (args[++i] ?? "").toUpperCase(); err = setSpec(v === "NCHW" || v === "NHWC" ? { kind: "toLayout", nest: "", layout: v } : null, a); break; }
      case "--fission": err = setSpec({ kind: "fission", nest: "" }, a); break;
      case "--optimize": optimizing = true; break;
      case "--no-fp-reorder": reassociate = false; break;
      case "--function": fnName = args[++i]; if (!fnName || !/^[A-Za-z_]\w*$/.test(fnName)) err = `--function needs a function name, got '${fnName ?? ""}'`; break;
      case "--threads": { const v = Number(args[++i]); if (!Number.isInteger(v) || v < 1 || v > 1024) err = "--threads needs a whole number from 1 to 1024"; else threads = v; break; }
      case "--fuse": err = setSpec({ kind: "fuse", nest: "" }, a); break;
      case "--tile": { const z = parseSizes(args[++i]); err = setSpec(z ? { kind: "tile", nest: "", sizes: z } : null, a); break; }
      case "--unroll": case "--unroll-jam": {
        const z = parseSizes(args[++i]);
        const entries = z ? Object.entries(z) : [];
        if (entries.length === 1 && entries[0][1] < 2) { err = `${a} ${args[i]}: the factor must be at least 2`; break; }
        err = setSpec(entries.length === 1 ? { kind: a === "--unroll" ? "unroll" : "unrollJam", nest: "", loop: entries[0][0], factor: entries[0][1] } : null, a);
        break;
      }
      case "--scalar-replace": { const v = args[++i]; err = setSpec(v && /^[A-Za-z_]\w*$/.test(v) ? { kind: "scalarReplace", nest: "", array: v } : null, a); break; }
      case "--scalar-expand": { const v = args[++i]; err = setSpec(v && /^[A-Za-z_]\w*$/.test(v) ? { kind: "scalarExpand", nest: "", name: v } : null, a); break; }
      case "--max-trips": {
        const v = args[++i] ?? "";
        const pairs = v.split(",").map((p) => /^([A-Za-z_]\w*)=([1-9]\d*)$/.exec(p));
        if (!spec || spec.kind !== "scalarExpand") err = "--max-trips goes after --scalar-expand NAME";
        else if (pairs.some((p) => !p)) err = `--max-trips expects LOOP=N[,LOOP=N...] with N >= 1, got '${v}'`;
        else spec = { ...spec, maxTrips: Object.fromEntries(pairs.map((p) => [p![1], Number(p![2])])) };
        break;
      }
      case "--simd": err = setSpec({ kind: "simd", nest: "" }, a); break;
      case "--parallel": err = setSpec({ kind: "parallel", nest: "" }, a); break;
      case "--while-to-for": err = setSpec({ kind: "whileToFor", nest: "" }, a); break;
      case "--subscripts": err = setSpec({ kind: "subscripts", nest: "" }, a); break;
      case "--privatize": { const v = args[++i]; err = setSpec(v && /^[A-Za-z_]\w*$/.test(v) ? { kind: "privatize", nest: "", name: v } : null, a); break; }
      case "--accumulate-in-place": { const v = args[++i]; err = setSpec(v && /^[A-Za-z_]\w*$/.test(v) ? { kind: "accumulateInPlace", nest: "", name: v } : null, a); break; }
      case "--split-accumulators": { const v = Number(args[++i]); err = Number.isInteger(v) && v >= 2 ? setSpec({ kind: "splitAccumulators", nest: "", factor: v }, a) : `--split-accumulators needs a factor of at least 2, got '${args[i] ?? ""}'`; break; }
      case "--pure": { const names = parsePure(args[++i]); if (!names) err = "--pure expects NAME[,NAME...]"; else pure.push(...names); break; }
      case "-h": case "--help": io.out(USAGE + "\n"); return 0;
      default:
        if (a.startsWith("-D")) {
          const d = parseDefine(a === "-D" ? args[++i] : a.slice(2));
          if (typeof d === "string") err = d;
          else defines.set(d[0], d[1]);
        } else if (a.startsWith("-") && a !== "-") err = `unknown option '${a}'`;
        else if (file) err = `one FILE at a time (got ${file} and ${a})`;
        else file = a;
    }
    if (err) return usage(err);
  }
  if (!file) return usage("needs a FILE");
  if (optimizing) {
    if (spec) return usage("--optimize picks the rewrites itself: give no other transformation");
    if (nest && fnName) return usage("--optimize takes --nest ID or --function NAME, not both");
    return optimizeCommand({ file, nest, fnName, outFile, threads, reassociate, target, options: { file, defines: Object.fromEntries(defines), assumeNoAlias, pure } }, io);
  }
  if (threads !== 1 || fnName || !reassociate) return usage(`${fnName ? "--function" : !reassociate ? "--no-fp-reorder" : "--threads"} goes with --optimize`);
  if (reorder && spec?.kind !== "relayout") return usage("--and-reorder goes with --relayout");
  if (reorder && spec?.kind === "relayout") spec = { ...spec, reorder: true };
  if (!nest && spec?.kind !== "relayout") return usage("needs --nest ID (see loopsmith analyze --json)");
  if (!spec) return usage("needs a transformation (--permute, --layout, --to-layout, --relayout, --fission, --fuse, --tile, --unroll, --unroll-jam, --scalar-replace, --scalar-expand, --accumulate-in-place, --simd, --parallel, --split-accumulators, --while-to-for, --subscripts, --privatize)");
  let text: string;
  try { text = io.read(file); }
  catch (e) { io.err(`loopsmith: cannot read ${file}: ${ioReason(e)}\n`); return 1; }
  const engine = await Engine.create();
  const r = engine.transform(text, { ...spec, nest: nest ?? "", ...(at !== undefined ? { line: at } : {}) } as TransformSpec, { file, defines: Object.fromEntries(defines), assumeNoAlias, pure, ...(target ? { target } : {}) });
  for (const w of r.warnings ?? []) io.err(`loopsmith: warning: ${w}\n`);
  if (!r.ok) {
    io.err(`loopsmith: refused: ${r.reason}\n${r.blockers.map((b) => `  blocked by ${b}\n`).join("")}`);
    return 3;
  }
  // The output is written before success is announced: a failed write says only that it failed.
  if (outFile) {
    try { io.write(outFile, r.text); }
    catch (e) { io.err(`loopsmith: cannot write ${outFile}: ${ioReason(e)}\n`); return 1; }
  }
  io.err(`loopsmith: ${r.title}\n${r.notes.map((n) => `  note: ${n}\n`).join("")}`);
  if (!outFile) io.out(r.text);
  return 0;
}
