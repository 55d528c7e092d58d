// Compares an instrumented run's output (`stmt K COUNT`, `array LABEL DISTINCT`) with the
// engine's figures, and finds which statements sit under an `if` (data-dependent guards,
// whose counts the engine may leave unknown) by scanning the C text itself.

import type { FileReport, NestReport, StatementReport } from "../../src/engine";
import type { Instrumented } from "./instrument";

export interface RunCounts {
  stmts: Map<number, number>;
  arrays: Map<string, number>;
}

export function parseRun(output: string): RunCounts {
  const stmts = new Map<number, number>();
  const arrays = new Map<string, number>();
  for (const line of output.split("\n")) {
    const m = /^stmt (\d+) (\d+)$/.exec(line.trim());
    if (m) { stmts.set(Number(m[1]), Number(m[2])); continue; }
    const a = /^array (\S+) (\d+)$/.exec(line.trim());
    if (a) arrays.set(a[1], Number(a[2]));
  }
  return { stmts, arrays };
}

export interface Comparison {
  /** Human-readable mismatches; empty when everything compared agrees. */
  mismatches: string[];
  /** What was actually compared (for the "top-level figures were checked" assertions). */
  comparedStatements: Set<StatementReport>;
  comparedIterations: Set<NestReport>;
  comparedArrays: number;
  /** Lines describing figures left unknown by the engine (not compared). */
  unknown: string[];
}

/** The statement whose counter stands for the nest's iterations: the first statement inside the
 *  innermost loop of the deepest path (the first one of a body runs on every iteration). */
export function innermostStatement(nest: NestReport): StatementReport | null {
  const inner = nest.loops[nest.loops.length - 1];
  if (!inner) return null;
  const inside = nest.statements.filter((s) => s.start >= inner.start && s.end <= inner.end);
  inside.sort((a, b) => a.start - b.start);
  return inside[0] ?? null;
}

export function compareRun(text: string, report: FileReport, inst: Instrumented, run: RunCounts): Comparison {
  const mismatches: string[] = [];
  const unknown: string[] = [];
  const comparedStatements = new Set<StatementReport>();
  const comparedIterations = new Set<NestReport>();
  let comparedArrays = 0;
  const snippet = (s: StatementReport) => JSON.stringify(text.slice(s.exprStart ?? s.start, s.exprEnd ?? s.end).replace(/\s+/g, " "));
  const counterOf = new Map<StatementReport, number>();
  for (const st of inst.statements) {
    const got = run.stmts.get(st.index);
    if (got === undefined) { mismatches.push(`stmt ${st.index} missing from the run's output`); continue; }
    counterOf.set(st.stmt, got);
    const nest = report.nests[st.nest];
    const fig = st.stmt.executions;
    if (fig.value === null) { unknown.push(`${nest.id} line ${st.stmt.line} ${snippet(st.stmt)}: ${fig.reason ?? "no value"} (ran ${got})`); continue; }
    comparedStatements.add(st.stmt);
    if (fig.value !== got) mismatches.push(`${nest.id} line ${st.stmt.line} ${snippet(st.stmt)}: engine says ${fig.value} (${fig.expr}), run counted ${got}`);
  }
  for (const ar of inst.arrays) {
    const nest = report.nests[ar.nest];
    const fig = nest.arrays.find((a) => a.name === ar.name)?.footprintElements;
    const got = run.arrays.get(ar.label);
    if (got === undefined) { mismatches.push(`array ${ar.label} missing from the run's output`); continue; }
    if (!fig) { mismatches.push(`${nest.id}: array ${ar.name} is accessed but not in the report's arrays`); continue; }
    if (fig.value === null) { unknown.push(`${nest.id} footprint of ${ar.name}: ${fig.reason ?? "no value"} (ran ${got})`); continue; }
    comparedArrays++;
    if (fig.value !== got) mismatches.push(`${nest.id} footprint of ${ar.name}: engine says ${fig.value} (${fig.expr}), run touched ${got} distinct elements`);
  }
  for (const nest of report.nests) {
    const st = innermostStatement(nest);
    if (!st) { mismatches.push(`${nest.id}: no statement inside its innermost loop to count iterations with`); continue; }
    const got = counterOf.get(st);
    if (got === undefined) { mismatches.push(`${nest.id}: innermost statement ${snippet(st)} was not instrumented`); continue; }
    if (nest.iterations.value === null) { unknown.push(`${nest.id} iterations: ${nest.iterations.reason ?? "no value"} (ran ${got})`); continue; }
    comparedIterations.add(nest);
    if (nest.iterations.value !== got) mismatches.push(`${nest.id} iterations: engine says ${nest.iterations.value} (${nest.iterations.expr}), innermost statement ${snippet(st)} ran ${got} times`);
  }
  return { mismatches, comparedStatements, comparedIterations, comparedArrays, unknown };
}

// ---- guards -------------------------------------------------------------------------------

/** Offsets [start, end) of the bodies (then and else) of every `if` in the text. */
export function guardedRanges(text: string): [number, number][] {
  const src = blankComments(text);
  const out: [number, number][] = [];
  const re = /\bif\s*\(/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const open = m.index + m[0].length - 1;
    const close = matchClose(src, open);
    if (close < 0) continue;
    const thenEnd = statementEnd(src, close + 1);
    out.push([close + 1, thenEnd]);
    const rest = /^\s*else\b/.exec(src.slice(thenEnd));
    if (rest) out.push([thenEnd + rest[0].length, statementEnd(src, thenEnd + rest[0].length)]);
  }
  return out;
}

export function isGuarded(stmt: StatementReport, ranges: [number, number][]): boolean {
  return ranges.some(([s, e]) => stmt.start >= s && stmt.end <= e);
}

function blankComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, " "));
}

function matchClose(src: string, open: number): number {
  const pairs: Record<string, string> = { "(": ")", "{": "}", "[": "]" };
  const want: string[] = [];
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (pairs[ch]) want.push(pairs[ch]);
    else if (ch === ")" || ch === "}" || ch === "]") {
      if (want.pop() !== ch) return -1;
      if (want.length === 0) return i;
    }
  }
  return -1;
}

/** End (exclusive) of the statement starting at or after `from`: a block, or up to `;` at depth 0. */
function statementEnd(src: string, from: number): number {
  let i = from;
  while (i < src.length && /\s/.test(src[i])) i++;
  if (src[i] === "{") { const c = matchClose(src, i); return c < 0 ? src.length : c + 1; }
  const head = /^(if|for|while|switch)\s*\(/.exec(src.slice(i));
  if (head) {
    const c = matchClose(src, i + head[0].length - 1);
    const end = statementEnd(src, c + 1);
    if (head[1] === "if") {
      const rest = /^\s*else\b/.exec(src.slice(end));
      if (rest) return statementEnd(src, end + rest[0].length);
    }
    return end;
  }
  let depth = 0;
  for (; i < src.length; i++) {
    const ch = src[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === ";" && depth === 0) return i + 1;
  }
  return src.length;
}
