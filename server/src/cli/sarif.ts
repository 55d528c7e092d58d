// `loopsmith analyze --sarif`: the findings the editor shows (../findings.ts) as a SARIF 2.1.0
// log for code review in CI, and `--fail-on LEVEL` / `--severity CODE=LEVEL` for gating.
// Invariants:
// - one result per finding, with the editor's code, message and (default) severity: LS001
//   warning -> "warning", LS002 hint -> "note", LS003 information -> "note";
// - regions are 1-based, columns in UTF-16 code units (SARIF's default columnKind; engine
//   offsets are UTF-16 indices already), endColumn exclusive;
// - partialFingerprints never contain a line or an offset: the file (as its artifact URI), rule,
//   function, the reference (or the nest's loop header) without whitespace, and its occurrence
//   index among equal keys, so an edit above a finding keeps its fingerprint, and the same
//   finding in two files (a copied kernel) has two;
// - syntax and analysis problems are not results (the editor does not show them as
//   diagnostics): they are tool execution notifications, and never gate.

import { createHash } from "node:crypto";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnalyzeOptions, Engine, FileReport, Figure, QuickFix, SourceDocument, StrideAdvice, TransformResult, TransformSpec } from "../engine";
import { CODES, DOCS_BASE, findings, fixOffered, fixSpec, quickFixTitle, headerSpan, helpUri, unknownReasons, type Code, type Finding, type Severity } from "../findings";

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

/** Exit code of `analyze --fail-on LEVEL` when some finding is at or above LEVEL (README "CI (SARIF)"). */
export const EXIT_FINDINGS = 5;

export type Level = "error" | "warning" | "note";
const RANK: Record<Level, number> = { note: 1, warning: 2, error: 3 };
const LEVEL_OF: Record<Exclude<Severity, "off">, Level> = { error: "error", warning: "warning", information: "note", hint: "note" };
const SEVERITIES: readonly Severity[] = ["error", "warning", "information", "hint", "off"];

/** The review options of `analyze`: the gate and per-code severities (the CLI has no settings: defaults otherwise). */
export class Review {
  failOn: Level | null = null;
  private readonly severity = new Map<Code, Severity>();

  /** Reads `--fail-on LEVEL` or `--severity CODE=LEVEL`; returns what is wrong, or null. */
  option(flag: string, value: string | undefined): string | null {
    if (flag === "--fail-on") {
      if (value !== "error" && value !== "warning" && value !== "note") return `--fail-on expects error, warning or note, got '${value ?? ""}'`;
      this.failOn = value;
      return null;
    }
    const m = /^(LS\d{3})=(\w+)$/.exec(value ?? "");
    if (!m || !Object.hasOwn(CODES, m[1]) || !SEVERITIES.includes(m[2] as Severity)) {
      return `--severity expects CODE=LEVEL with CODE one of ${Object.keys(CODES).join(", ")} and LEVEL one of ${SEVERITIES.join(", ")}, got '${value ?? ""}'`;
    }
    this.severity.set(m[1] as Code, m[2] as Severity);
    return null;
  }

  /** The SARIF level of a code, or null when it is off. */
  level(code: Code): Level | null {
    const s = this.severity.get(code) ?? CODES[code].defaultSeverity;
    return s === "off" ? null : LEVEL_OF[s];
  }

  /** The findings of a report that are reported (not off). */
  findings(report: FileReport): Finding[] {
    return findings(report).filter((f) => this.level(f.code) !== null);
  }

  /** When --fail-on is given and some findings are at or above it: the one line that says so; else null. */
  gate(reports: readonly FileReport[]): string | null {
    const gate = this.failOn;
    if (gate === null) return null;
    const byCode = new Map<Code, number>();
    for (const r of reports) for (const f of this.findings(r)) if (RANK[this.level(f.code)!] >= RANK[gate]) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
    const n = [...byCode.values()].reduce((a, b) => a + b, 0);
    return n ? `${n} diagnostic${n > 1 ? "s" : ""} at or above ${gate} (--fail-on ${gate}): ${[...byCode].map(([c, k]) => `${c} ×${k}`).join(", ")}` : null;
  }
}

export interface SarifInput { file: string; text: string; report: FileReport }

export interface SarifOptions {
  engine: Engine;
  /** The options the reports were made with (the fixes are computed with the same). */
  analyze: Omit<AnalyzeOptions, "file">;
  review: Review;
  version: string;
  /** Artifact URIs are relative to it (uriBaseId %SRCROOT%); default the working directory. */
  cwd?: string;
  /** Files that could not be read, with why (execution notifications; the run is then unsuccessful). */
  unreadable?: readonly { file: string; reason: string }[];
}

type Json = Record<string, unknown>;

/** The SARIF 2.1.0 log of the given analysed files: one run. */
export function sarifLog(inputs: readonly SarifInput[], o: SarifOptions): Json {
  const cwd = o.cwd ?? process.cwd();
  const codes = Object.keys(CODES) as Code[];
  const notifications: Json[] = [];
  const results: Json[] = [];
  for (const u of o.unreadable ?? []) {
    notifications.push({ level: "error", descriptor: { id: "unreadable" }, message: { text: `cannot read ${u.file}: ${u.reason}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(u.file, cwd) } }] });
  }
  for (const input of inputs) {
    const artifact = artifactLocation(input.file, cwd);
    const lines = lineStarts(input.text);
    for (const p of input.report.problems) {
      notifications.push({ level: p.severity, descriptor: { id: "problem" }, message: { text: p.message },
        locations: [{ physicalLocation: { artifactLocation: artifact, ...(p.line >= 1 ? { region: { startLine: p.line } } : {}) } }] });
    }
    const seen = new Map<string, number>();
    // Fixes are applied as the editor's quick fix is: on a kept document, lowering only the
    // function around the nest (engine.transform would lower the whole file per finding); a
    // layout fix still re-lowers the whole rewritten text to check it (SourceDocument.runSpec).
    // Findings with the same fix (I and W of one band) share one rewrite.
    // The fix is the editor's quick fix as the engine decides it (SourceDocument.quickFix: the
    // best reorder by predicted time on a target with a memory model), without a time budget.
    let doc: SourceDocument | undefined;
    const rewrites = new Map<string, { decided: QuickFix; result: TransformResult }>();
    const decide = (a: StrideAdvice) => {
      const key = JSON.stringify(fixSpec(a));
      if (!rewrites.has(key)) {
        const d = (doc ??= o.engine.open(input.text, { ...o.analyze, file: input.file }));
        const decided = d.quickFix(a);
        rewrites.set(key, { decided, result: decided.result ?? d.apply(decided.spec) });
      }
      return rewrites.get(key)!;
    };
    const fixOf = (a: StrideAdvice) => {
      const { decided, result } = decide(a);
      return fixOffered(decided) ? fix(quickFixTitle(a, decided), result, artifact, lines) : [];
    };
    for (const f of o.review.findings(input.report)) {
      const key = fingerprintKey(f, input.text);
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const fixes = f.advice ? fixOf(f.advice) : [];
      results.push({
        ruleId: f.code, ruleIndex: codes.indexOf(f.code), level: o.review.level(f.code), message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: artifact,
            region: { ...region(lines, f.start, f.end), snippet: { text: input.text.slice(f.start, f.end) } },
            contextRegion: contextRegion(input.text, lines, f.start, f.end),
          },
          logicalLocations: [{ name: f.nest.function, kind: "function" }],
        }],
        partialFingerprints: { "loopsmith/v1": createHash("sha256").update(`${artifact.uri}\u0000${key}\u0000${occurrence}`).digest("hex").slice(0, 32) },
        properties: figures(f, f.advice ? decide(f.advice).decided.spec : undefined),
        ...(fixes.length ? { fixes } : {}),
      });
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [{
      tool: { driver: {
        name: "Loopsmith", version: o.version, semanticVersion: o.version, informationUri: DOCS_BASE,
        rules: codes.map((code) => rule(code)),
        notifications: [
          { id: "problem", name: "AnalysisProblem", shortDescription: { text: "A syntax or analysis problem." },
            fullDescription: { text: "A syntax error, or code Loopsmith does not analyse (with the reason): the nests outside it are analysed. Not a diagnostic: it never gates --fail-on." },
            help: { text: "Fix the syntax error, or see the README's Limits section for what Loopsmith reports unknown and why." },
            helpUri: `${DOCS_BASE}#limits-what-is-reported-unknown-with-the-reason` },
          { id: "unreadable", name: "UnreadableFile", shortDescription: { text: "A file that cannot be read." },
            fullDescription: { text: "A file named on the command line cannot be read (missing, a directory, no permission): it is not analysed, the run is not successful and the exit code is 1." },
            help: { text: "Check the path and its permissions." } },
        ],
      } },
      invocations: [{ executionSuccessful: !(o.unreadable ?? []).length, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
      originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(cwd).href.replace(/\/?$/, "/") } },
      columnKind: "utf16CodeUnits",
      results,
    }],
  };
}

function rule(code: Code): Json {
  const c = CODES[code];
  const title = c.title[0].toUpperCase() + c.title.slice(1);
  return {
    id: code, name: c.name,
    shortDescription: { text: `${title}.` },
    fullDescription: { text: c.description },
    help: { text: `${c.description} See ${helpUri(code)}`, markdown: `**${title}** (${code}). ${c.description} [Read more](${helpUri(code)}).` },
    helpUri: helpUri(code),
    defaultConfiguration: { level: LEVEL_OF[c.defaultSeverity] },
    properties: { tags: ["performance"] },
  };
}

/** The reference (LS001) or the nest's outer loop header, without whitespace, with the rule and function. */
function fingerprintKey(f: Finding, text: string): string {
  const anchor = f.advice ? f.advice.text : text.slice(headerSpan(f.nest).start, headerSpan(f.nest).end);
  return [f.code, f.nest.function, anchor.replace(/\s+/g, "")].join("\u0000");
}

const figure = (f: Figure) => ({ expr: f.expr, value: f.value, ...(f.reason ? { reason: f.reason } : {}) });

/** The figures the diagnostic is about, as the report has them. */
function figures(f: Finding, fixed?: TransformSpec): Json {
  const n = f.nest;
  const out: Json = {
    function: n.function, nest: n.id,
    macs: figure(n.macs), flops: figure(n.flops), compulsoryBytes: figure(n.compulsoryBytes),
    arithmeticIntensity: n.arithmeticIntensity.value,
  };
  if (f.advice) {
    const a = f.advice;
    Object.assign(out, { reference: a.text, array: a.array, loop: a.loop, stride: a.stride, contiguousLoop: a.contiguousLoop, fixSpec: fixed ?? fixSpec(a) });
  }
  if (f.code === "LS002") out.unknowns = unknownReasons(n);
  return out;
}

/** The LS001 quick fix as a SARIF fix: the engine's rewrite, as replacements in the original text. */
function fix(title: string, r: TransformResult, artifact: Json, lines: number[]): Json[] {
  if (!r.ok || r.edits.length === 0) return [];
  return [{
    description: { text: title },
    artifactChanges: [{
      artifactLocation: artifact,
      replacements: [...r.edits].sort((x, y) => x.start - y.start).map((e) => ({ deletedRegion: region(lines, e.start, e.end), insertedContent: { text: e.newText } })),
    }],
  }];
}

/** Offsets where each line starts; a line ends at CR LF, LF or CR (SARIF's line breaks). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) lo = mid; else hi = mid - 1; }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

function region(starts: number[], start: number, end: number): Json {
  const a = position(starts, start), b = position(starts, end);
  return { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
}

/** The whole lines the span is on, with their text (without the final line break). */
function contextRegion(text: string, starts: number[], start: number, end: number): Json {
  const a = position(starts, start), b = position(starts, end);
  const from = starts[a.line - 1], to = b.line < starts.length ? starts[b.line] : text.length;
  return { startLine: a.line, endLine: b.line, snippet: { text: text.slice(from, to).replace(/(\r\n|\n|\r)$/, "") } };
}

/** Relative to `cwd` with uriBaseId %SRCROOT% when inside it, else an absolute file URI. */
function artifactLocation(file: string, cwd: string): Json {
  if (file === "-" || file === "/dev/stdin") return { uri: "stdin", description: { text: "standard input" } };
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  if (rel && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) return { uri: rel.split(sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
  return { uri: pathToFileURL(abs).href };
}
