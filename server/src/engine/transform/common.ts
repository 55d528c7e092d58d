// Shared pieces of the transformations: results, bands, legality of a loop order, text edits.
// A transformation is a pure function (IR + source) -> edits, or a refusal with the reason and
// the blocking dependences. Legality is decided here and in analysis/dependences.ts, never in
// the rewrite itself.

import type { Bindings } from "../symbolic/poly";
import type { Loop, Nest, Node } from "../ir/types";
import type { Dependence } from "../analysis/dependences";
import type { SyntaxNode } from "../syntax/parser";

export interface TextEdit { readonly start: number; readonly end: number; readonly newText: string }

export type TransformResult =
  | { readonly ok: true; readonly title: string; readonly edits: readonly TextEdit[]; readonly text: string; readonly notes: readonly string[]; readonly warnings?: readonly string[];
      /** Fission: where each piece of the new text was copied from (new offset `at` <- source offset `from`). */
      readonly origins?: readonly { readonly at: number; readonly from: number; readonly length: number }[];
      /** Tile: the sizes applied (size 0 resolved), so an offer can carry them and apply exactly what its title says. */
      readonly tileSizes?: Readonly<Record<string, number>>;
      /** C conditions the rewrite is correct only under (`m <= 1500`: an array made for that many
       *  iterations): the caller runs it under a run-time check of them (Engine versions it). */
      readonly requires?: readonly string[] }
  | { readonly ok: false; readonly reason: string; readonly blockers: readonly string[]; readonly warnings?: readonly string[] };

export const refuse = (reason: string, blockers: readonly string[] = []): TransformResult => ({ ok: false, reason, blockers });

export interface TransformContext {
  readonly text: string;
  readonly nest: Nest;
  readonly bindings: Bindings;
  /** Symbols whose value is only assumed (-D, assumption comment): never rely on them for a rewrite's correctness. */
  readonly assumed: ReadonlySet<string>;
  /** Dependences of the nest (computed on first use). */
  readonly deps: () => readonly Dependence[];
  /** The function definition of `text` holding `offset`, as syntax (for rewrites that follow
   *  variables through declarations and assignments: whileToFor.ts). */
  readonly functionAt?: (offset: number) => SyntaxNode | null;
  /** The nests of a text of this function lowered without assumed values (-D, assumption comments'
   *  sizes), for rewrites that print figures of the IR into the code (whileToFor.ts). */
  readonly lowerUnassumed?: (text: string) => readonly Nest[];
  /** `bindings` with sizes that only guide a choice among legal rewrites (the loop order --layout
   *  picks: a 3-iteration window is no vector loop); never for legality nor printed. */
  readonly hints?: Bindings;
}

export { perfectChain, rectangular, checkOrder, notRewritable, type OrderCheck } from "../analysis/loopOrder";
import { notRewritable } from "../analysis/loopOrder";

/** Whether a counter's C type is known to be signed (a typedef or an unsigned type is not): only
 *  then may a rewritten bound or remainder go below zero without wrapping around. */
export function signedType(typeText: string): boolean {
  return /^\s*(signed\s+|const\s+)*(int|long|long\s+int|long\s+long|long\s+long\s+int|short|signed|ptrdiff_t|ssize_t|int(8|16|32|64)_t|intptr_t)\s*$/.test(typeText);
}

/** All loops of a nest in pre-order. */
export function loopsOf(n: Node): Loop[] {
  if (n.kind === "loop") return [n, ...n.body.flatMap(loopsOf)];
  if (n.kind === "if") return [...n.then, ...n.else].flatMap(loopsOf);
  return [];
}

/** The order of first use in `text` (a symbol's first whole-word occurrence), for printing a
 *  polynomial's terms in the user's order (Poly.toC). */
export const firstUse = (text: string) => (sym: string) => { const m = new RegExp(`\\b${sym.replace(/[^\w]/g, "\\$&")}\\b`).exec(text); return m ? m.index : Number.MAX_SAFE_INTEGER; };

/** The loops of a nest whose body declares `name` (a scalar of the accumulator rewrites). */
export function loopsDeclaring(n: Node, name: string): Loop[] {
  return loopsOf(n).filter((l) => (l.decls ?? []).some((d) => d.names.includes(name)));
}

/**
 * The loop named `v` (on `line`, when given). Sibling loops may reuse a name: then the line is
 * required, and the answer says which lines to choose from.
 */
export function findLoop(nest: Nest, v: string, line?: number): Loop | string {
  const all = loopsOf(nest.root).filter((l) => l.var === v);
  const hits = line === undefined ? all : all.filter((l) => l.span.line === line);
  if (hits.length === 1) return hits[0];
  if (all.length === 0) return `no loop ${v} in nest ${nest.id} (loops: ${loopsOf(nest.root).map((l) => l.var).join(", ")})`;
  if (hits.length === 0) return `no loop ${v} on line ${line} (loop ${v} is on line${all.length > 1 ? "s" : ""} ${all.map((l) => l.span.line).join(", ")})`;
  return `several loops are named ${v} (lines ${all.map((l) => l.span.line).join(", ")}): say which with its line (--at LINE)`;
}

/** Any statement the rewrite cannot move safely (break, while, syntax errors). */
export function opaqueInside(l: Loop): string | null {
  const visit = (n: Node): string | null => {
    if (n.kind === "opaque") return `${n.unknown.reason} (line ${n.span.line})`;
    if (n.kind === "loop") { if (!n.tripCount && !(n.minMax && n.parts)) return `loop ${n.var}: ${n.unknown?.reason}`; if (n.counted) return notRewritable(n); for (const c of n.body) { const r = visit(c); if (r) return r; } }
    if (n.kind === "if") { if (n.jump) return n.jump; for (const c of [...n.then, ...n.else]) { const r = visit(c); if (r) return r; } }
    return null;
  };
  return visit(l);
}

/** The first loop of `loops` that cannot be rewritten, as a refusal reason. */
export function firstNotRewritable(loops: readonly Loop[]): string | null {
  for (const l of loops) { const r = notRewritable(l); if (r) return r; }
  return null;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** One edit covering the changed region between two texts (common prefix and suffix kept). */
export function diffEdit(before: string, after: string): TextEdit {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  return { start: p, end: before.length - s, newText: after.slice(p, after.length - s) };
}

/** The edit deleting the statement [start, end), with its line when nothing else is on it. */
export function deleteWithLine(text: string, s: { readonly start: number; readonly end: number }): TextEdit {
  const ls = text.lastIndexOf("\n", s.start - 1) + 1;
  let le = text.indexOf("\n", s.end);
  if (le < 0) le = text.length;
  if (!text.slice(ls, s.start).trim() && !text.slice(s.end, le).trim()) return { start: ls, end: Math.min(le + 1, text.length), newText: "" };
  return { start: s.start, end: s.end, newText: "" };
}

/** Whitespace between the start of the line holding `offset` and `offset`. */
export function lineIndent(text: string, offset: number): string {
  const ls = text.lastIndexOf("\n", offset - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(ls, offset));
  return m ? m[0] : "";
}

/** The file's indentation step: a tab, or the most common difference between nested lines. */
export function indentUnit(text: string): string {
  const counts = new Map<number, number>();
  let prev = 0;
  let tabs = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    if (line.startsWith("\t")) tabs++;
    const n = /^ */.exec(line)![0].length;
    if (n > prev) counts.set(n - prev, (counts.get(n - prev) ?? 0) + 1);
    prev = n;
  }
  if (tabs > counts.size * 2 && tabs > 3) return "\t";
  let best = 4, bestCount = 0;
  for (const [k, c] of counts) if (k >= 2 && k <= 8 && c > bestCount) { best = k; bestCount = c; }
  return " ".repeat(best);
}

/**
 * Statements wrapped in a block of their own at `indent` (the first line re-indented, the
 * others moved in by one `unit`), so the declarations among them end with the block.
 */
export function ownBlock(stmts: string, indent: string, unit: string): string {
  const [first, ...rest] = stmts.replace(/^\s+/, "").replace(/\s+$/, "").split("\n");
  return `${indent}{\n${indent}${unit}${first}${rest.map((l) => (l.trim() ? `\n${unit}${l}` : "\n")).join("")}\n${indent}}`;
}

/** Adds `extra` after every newline of a block of text (indents all but the first line). */
export function indentBlock(s: string, extra: string): string {
  return s.replace(/\n(?=[^\n])/g, `\n${extra}`);
}

/**
 * An edit replacing [start, end) by `newText`, which may hold several statements: when the
 * replaced statement is the only, unbraced statement of a `for`/`if`/`else`, braces are added
 * around it so every new statement stays under that parent.
 */
export function replaceStatement(text: string, start: number, end: number, newText: string): TextEdit {
  let p = start - 1;
  while (p >= 0 && /\s/.test(text[p])) p--;
  // A `)` ending a preprocessor line (`#pragma omp simd reduction(+:s)`) is not a header's.
  const onDirective = /^[ \t]*#/.test(text.slice(text.lastIndexOf("\n", p) + 1, p + 1));
  const parentIsHeader = !onDirective && (text[p] === ")" || (text.slice(Math.max(0, p - 3), p + 1) === "else" && !/\w/.test(text[p - 4] ?? " ")));
  if (!parentIsHeader || !newText.includes("\n")) return { start, end, newText };
  // The parent's indentation: the line holding the matching `(` of a header, or the `else`.
  let q = p;
  if (text[p] === ")") {
    let depth = 0;
    for (; q >= 0; q--) { if (text[q] === ")") depth++; else if (text[q] === "(" && --depth === 0) break; }
  }
  const lineStart = text.lastIndexOf("\n", q) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return { start: p + 1, end, newText: ` {${text.slice(p + 1, start)}${newText}\n${indent}}` };
}

/** Why `loop` is not in OpenMP's canonical form (`var < bound`, `bound > var`; not `!=`, not an
 *  unrolled loop's `i + 15 < n`, which gcc rejects as "invalid controlling predicate"), or null. */
export function ompFormProblem(text: string, loop: Loop): string | null {
  if (loop.parts!.relation === "!=") return `the condition of loop ${loop.var} uses !=: not an OpenMP loop form for every compiler`;
  if (loop.parts!.boundText === null) return `the condition of loop ${loop.var} is not of the OpenMP form ${loop.var} < bound (${text.slice(loop.parts!.cond.start, loop.parts!.cond.end).trim()})`;
  return null;
}

/** The `#pragma omp ...` line right above the loop's `for`, if any (only blank space between). */
export function ompPragmaOf(text: string, l: Loop): string | null {
  // Scanned back from the loop (a /[ \t]*$/ on the text before it is tried at every offset of
  // that text: quadratic over a file's loops).
  let end = l.span.start;
  while (end > 0 && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  if (end === 0 || text[end - 1] !== "\n") return null;
  const line = text.slice(text.lastIndexOf("\n", end - 2) + 1, end - 1).trim();
  return /^#\s*pragma\s+omp\b/.test(line) ? line : null;
}

/** Why a rewrite other than a pragma one does not touch this nest: a loop under an OpenMP pragma. */
export function ompInNest(text: string, root: Loop): string | null {
  for (const l of loopsOf(root)) {
    const p = ompPragmaOf(text, l);
    if (p) return `loop ${l.var} (line ${l.span.line}) is under ${p}: its clauses describe this loop order and these statements; remove the pragma before rewriting the nest`;
  }
  return null;
}

/**
 * The loop's text with a directive line above it (`#pragma omp simd`), for replaceStatement from
 * the loop's start: a directive must begin its own line, so when code precedes the loop on its
 * line (`{ float s = 0; for (...)`) the directive starts a new one.
 */
export function withDirective(text: string, loop: Loop, directive: string): string {
  const lineStart = text.lastIndexOf("\n", loop.span.start - 1) + 1;
  const ind = lineIndent(text, loop.span.start);
  const codeBefore = /\S/.test(text.slice(lineStart, loop.span.start));
  return `${codeBefore ? `\n${ind}` : ""}${directive}\n${ind}${text.slice(loop.span.start, loop.span.end)}`;
}
