// Aliasing by versioning: pointer parameters that may overlap block most rewrites (a write to
// out may change in). The optimiser then plans the nest as if they did not overlap, and this
// file makes that plan safe: the rewritten statements run only when a run-time check of the
// address ranges the nest touches (from its subscripts and loop bounds) proves the arrays
// disjoint; otherwise the code as written runs.
//
//   if ((long)H >= 0 && (out + K*oh*ow <= in || in + C*H*W <= out)) {
//       <the optimised nest>
//   } else {
//       <the nest as written>
//   }
//
// The ranges are sound bounds, never guesses: for each reference, the extreme offsets over
// the iteration domain, loop by loop from the innermost (an affine subscript is extreme at an
// end of each loop's range; a bound that depends on an outer counter is an affine function of
// it, so the outer loop is taken next). The sign of a symbolic coefficient (W, H*W) is read
// with its symbols >= 0, and the check holds those signs (`(long)W >= 0`) before the ranges.
// Anything not bounded this way (a non-affine subscript, a loop without a trip count, a
// reference in a construct that is not analysed, a pointer assigned in the nest) leaves the
// nest unversioned, with the reason.

import type { ArrayInfo, Loop, Nest } from "../ir/types";
import { Poly } from "../symbolic/poly";
import type { Rational } from "../symbolic/rational";
import { ALL_CALLS, fromLeast, leastSymbols, walk } from "../analysis/domain";
import { parameterPairs } from "../analysis/dependences";
import type { SyntaxNode } from "../syntax/parser";

/** The run-time check, and the arrays it proves apart. */
export interface AliasGuard {
  /** A C condition: true only when no pair of `pairs` overlaps. */
  readonly condition: string;
  readonly pairs: readonly (readonly [string, string])[];
  /** The identifiers the condition reads (for the scope check). */
  readonly names: readonly string[];
  /** What the check proves, for the comment above it (default: the pairs do not overlap). */
  readonly what?: string;
}

/** The run-time check of a rewrite's size conditions (TransformResult.requires: `m <= 1500`). */
export function sizeGuard(requires: readonly string[]): AliasGuard | string {
  if (!requires.length) return "nothing to check";
  const names = [...new Set(requires.flatMap((r) => r.match(/[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*/g) ?? []))];
  return { condition: requires.join(" && "), pairs: [], names, what: requires.join(" and ") };
}

/** How a plan and an action title say it is versioned: `A/C, B/C do not overlap, checked at run time`. */
export function overlapCondition(pairs: readonly (readonly [string, string])[]): string {
  return `${pairs.map(([a, b]) => `${a}/${b}`).join(", ")} do not overlap, checked at run time`;
}

/** Pairs of arrays of the nests (one written) that only the no-alias assumption keeps apart,
 *  each with its names in alphabetical order, and the arrays' declarations. */
export function aliasPairs(nests: readonly Nest[]): { pairs: [string, string][]; infos: Map<string, ArrayInfo> } {
  const pairs: [string, string][] = [];
  const infos = new Map<string, ArrayInfo>();
  const seen = new Set<string>();
  for (const n of nests)
    for (const [a, b] of parameterPairs(n)) {
      for (const r of [a, b]) if (!infos.has(r.name)) infos.set(r.name, r.info!);
      const [p, q] = a.name < b.name ? [a.name, b.name] : [b.name, a.name];
      if (!seen.has(`${p}\0${q}`)) { seen.add(`${p}\0${q}`); pairs.push([p, q]); }
    }
  return { pairs, infos };
}

/** Offsets from `lo` to `hi`, reached by references inside all of `loops`. */
type Range = { lo: Poly; hi: Poly; loops: readonly Loop[] };

/**
 * The extremes of `f` over the loops of `path` (outer to inner), the loops eliminated from the
 * innermost. `signs` collects the symbols whose sign (>= 0) a decision relied on.
 */
function extremes(f: Poly, path: readonly Loop[], signs: Set<string>): Range | string {
  const vars = new Set(path.map((l) => l.var));
  // The reference runs only when every loop on its path runs (leastSymbols: W - 2 iterations
  // say W >= 3), with no check needed: where that does not hold, the reference does not run and
  // its range does not matter.
  const least = leastSymbols(path);
  const signOf = (c: Poly) => signOver(c, least, signs);
  let lo = f, hi = f;
  for (let k = path.length - 1; k >= 0; k--) {
    const l = path[k];
    if (!l.lower || !l.tripCount || l.step === null || l.step === 0n) return `the trip count of loop ${l.var} (line ${l.span.line}) is not known`;
    const at = (g: Poly, wantMax: boolean): Poly | string => {
      if (!g.mentions(l.var)) return g;
      if (g.degreeIn(l.var) > 1 || g.mentionsInsideFloor(l.var)) return `a subscript is not affine in ${l.var}`;
      const c = g.coefficientOf(l.var, 1);
      for (const v of c.symbols()) if (vars.has(v)) return `a subscript multiplies loop counters (${l.var} and ${v})`;
      const sign = signOf(c);
      if (sign === null) return `the sign of ${c.toString()} (the step of a subscript along ${l.var}) is not known`;
      const rising = sign * (l.step! > 0n ? 1 : -1) > 0;
      // v = lower + step*t, t in [0, trip - 1]: the end of the range where g is largest (smallest).
      const t = rising === wantMax ? l.tripCount!.sub(Poly.ONE) : Poly.ZERO;
      return g.substitute(l.var, l.lower!.add(t.scale(Poly.constant(l.step!).constantValue()!)));
    };
    const h = at(hi, true), m = at(lo, false);
    if (typeof h === "string") return h;
    if (typeof m === "string") return m;
    hi = h; lo = m;
  }
  return { lo, hi, loops: path };
}

/** At most this many separate ranges of one array in a check (their pairs are and-ed). */
const MAX_RANGES = 4;

/**
 * The element ranges of `array` the nests touch: [lo, hi] offsets from its first element. The
 * references' ranges are merged where one end of each pair is provably the extreme; those that
 * cannot be ordered (a row read before a loop that may not run, `x[c]` then `x[c + w*r]` for r
 * from 1) stay apart, each checked on its own.
 */
function arrayRanges(nests: readonly Nest[], array: string, signs: Set<string>): Range[] | string {
  const out: Range[] = [];
  let why: string | null = null;
  const ranges: Range[] = [];
  for (const n of nests) {
    if (n.within?.length) return `nest ${n.id} runs inside a loop without a trip count`;
    walk([n.root], [], (node, path) => {
      if (why) return;
      if (node.kind === "opaque") { if (node.accesses.some((a) => a.array === array)) why = `${array} is used in a construct that is not analysed (line ${node.span.line})`; return; }
      const st = node.kind === "stmt" ? node : node.kind === "if" ? node.cond : null;
      if (!st) return;
      for (const a of st.accesses) {
        if (a.array !== array || why) continue;
        if (!a.offset) { why = `${a.text}: ${a.reason ?? "the subscript is not affine"}`; return; }
        const r = extremes(a.offset, path.filter((p): p is Loop => p.kind === "loop"), signs);
        if (typeof r === "string") { why = `${a.text}: ${r}`; return; }
        ranges.push(r);
      }
    }, ALL_CALLS);
    if (why) return why;
  }
  for (const r of ranges) {
    // Several references: the union's ends, when one of each pair is provably the extreme.
    // Only the loops around both references may be assumed to run (leastSymbols): where they
    // do not, neither reference runs. (A trial decides on its own signs, kept only when merged.)
    const merged = out.findIndex((o) => {
      const shared: Loop[] = [];
      for (let i = 0; i < Math.min(o.loops.length, r.loops.length) && o.loops[i] === r.loops[i]; i++) shared.push(r.loops[i]);
      const least = leastSymbols(shared);
      const trial = new Set<string>();
      const lo = pick(o.lo, r.lo, -1, trial, least), hi = pick(o.hi, r.hi, 1, trial, least);
      if (!lo || !hi) return false;
      for (const x of trial) signs.add(x);
      out[out.indexOf(o)] = { lo, hi, loops: shared };
      return true;
    });
    if (merged < 0) out.push(r);
    if (out.length > MAX_RANGES) return `the references to ${array} have more than ${MAX_RANGES} ranges that cannot be ordered symbolically`;
  }
  return out.length ? out : `${array} is not referenced`;
}

/** The larger (dir 1) or smaller (dir -1) of two bounds when their difference has a known sign. */
function pick(a: Poly, b: Poly, dir: 1 | -1, signs: Set<string>, least: ReadonlyMap<string, Rational>): Poly | null {
  const s = signOver(a.sub(b), least, signs);
  if (s === null) return null;
  return (s >= 0) === (dir === 1) ? a : b;
}

/**
 * The sign of `c` where symbols with a least value (leastSymbols) are at least that and the
 * others >= 0 (those are added to `signs`, for the check to hold); null when not decided.
 */
function signOver(c: Poly, least: ReadonlyMap<string, Rational>, signs: Set<string>): number | null {
  const v = c.constantValue();
  if (v) return v.sign();
  const { shifted, free } = fromLeast(c, least);
  const sign = shifted.nonNegativeCoefficients() ? 1 : shifted.neg().nonNegativeCoefficients() ? -1 : null;
  if (sign !== null) for (const x of free) signs.add(x);
  return sign;
}

/** The address of an array's first element: `out`, or `&A[0][0]` for an array of arrays. */
function base(info: ArrayInfo): string {
  return info.dims.length <= 1 ? info.name : `&${info.name}${"[0]".repeat(info.dims.length)}`;
}

/**
 * The run-time check that the nests' pairs of may-alias arrays do not overlap, or why there is
 * none. `order` prints symbols in the user's order.
 */
export function aliasGuard(nests: readonly Nest[], order?: (s: string) => number): AliasGuard | string {
  const { pairs, infos } = aliasPairs(nests);
  if (!pairs.length) return "no two arrays of the nest may overlap";
  const signs = new Set<string>();
  const ranges = new Map<string, Range[]>();
  for (const name of new Set(pairs.flat())) {
    const r = arrayRanges(nests, name, signs);
    if (typeof r === "string") return r;
    ranges.set(name, r);
  }
  const names = new Set<string>(signs);
  const at = (name: string, offset: Poly): string | null => {
    const info = infos.get(name)!;
    names.add(name);
    for (const s of offset.symbols()) names.add(s);
    const c = offset.toC(order);
    if (c === null) return null;
    return c === "0" ? base(info) : `${base(info)} + ${/^[\w.>-]+$/.test(c) && !c.startsWith("-") ? c : `(${c})`}`;
  };
  const parts: string[] = [];
  for (const [p, q] of pairs) {
    const ip = infos.get(p)!, iq = infos.get(q)!;
    const cast = ip.element.base.replace(/\bconst\b\s*/g, "") !== iq.element.base.replace(/\bconst\b\s*/g, "");
    const addr = (s: string | null) => (s === null ? null : cast ? `(const char *)(${s})` : s);
    for (const rp of ranges.get(p)!) for (const rq of ranges.get(q)!) {
      const pEnd = addr(at(p, rp.hi.add(Poly.ONE))), pBegin = addr(at(p, rp.lo));
      const qEnd = addr(at(q, rq.hi.add(Poly.ONE))), qBegin = addr(at(q, rq.lo));
      if (!pEnd || !pBegin || !qEnd || !qBegin) return `the range of ${p} or ${q} has no exact integer form in C`;
      parts.push(`(${pEnd} <= ${qBegin} || ${qEnd} <= ${pBegin})`);
    }
  }
  const rank = (s: string) => (order ? order(s) : 0);
  const guards = [...signs].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1)).map((s) => `(long)${s} >= 0`);
  return { condition: [...guards, ...parts].join(" && "), pairs, names: [...names] };
}

/**
 * `text` rewritten so that the statements `optimized` changed run only under the guard, the
 * original ones otherwise; or why that cannot be done. `nests` are the nests of `text` the
 * rewrite is of (the versioned region covers them whole); `root` is `text`'s syntax tree.
 */
export function versionText(text: string, optimized: string, nests: readonly Nest[], guard: AliasGuard, root: SyntaxNode): string | { reason: string } {
  let p = 0;
  const n = Math.min(text.length, optimized.length);
  while (p < n && text.charCodeAt(p) === optimized.charCodeAt(p)) p++;
  let s = 0;
  while (s < n - p && text.charCodeAt(text.length - 1 - s) === optimized.charCodeAt(optimized.length - 1 - s)) s++;
  let start = Math.min(p, ...nests.map((x) => x.root.span.start));
  let end = Math.max(text.length - s, ...nests.map((x) => x.root.span.end));
  // The innermost block holding the region, and the run of its statements that the region touches.
  let block: SyntaxNode | null = null;
  for (const c of root.descendantsOfType("compound_statement")) {
    if (c && c.startIndex < start && c.endIndex > end && (!block || c.endIndex - c.startIndex < block.endIndex - block.startIndex)) block = c;
  }
  if (!block) return { reason: "the rewritten code is not inside one block" };
  const stmts = block.namedChildren.filter((c): c is SyntaxNode => !!c && c.endIndex > start && c.startIndex < end);
  if (!stmts.length) return { reason: "the rewritten code is not a run of statements" };
  start = Math.min(start, stmts[0].startIndex);
  end = Math.max(end, stmts[stmts.length - 1].endIndex);
  if (start > p || text.length - end > s) return { reason: "internal: the versioned region does not hold the change" };
  const oldPart = text.slice(start, end), newPart = optimized.slice(start, optimized.length - (text.length - end));
  const after = text.slice(end, block.endIndex - 1);
  // Names declared by the wrapped statements stay visible only inside the new braces.
  for (const st of stmts) {
    if (st.type !== "declaration") continue;
    for (const d of st.childrenForFieldName("declarator")) {
      const id = declaredName(d);
      if (id && new RegExp(`\\b${id}\\b`).test(after)) return { reason: `${id} is declared in the rewritten statements and used after them` };
    }
  }
  const before = text.slice(0, start);
  for (const name of guard.names) {
    const head = name.split(/\.|->/)[0];
    if (!new RegExp(`\\b${head.replace(/[$]/g, "\\$")}\\b`).test(before)) return { reason: `${head} (in the run-time check) is not declared before the nest` };
    if (assignedIn(oldPart, head)) return { reason: `${head} is assigned in the nest, so the check before it would not hold for it` };
  }
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, start))![0];
  if (lineStart + indent.length !== start) return { reason: "the nest does not start its line" };
  const unit = indent.includes("\t") ? "\t" : "    ";
  const shift = (part: string) => unit + part.split("\n").map((l, i) => (i === 0 || l.trim() === "" ? l : unit + l)).join("\n");
  const what = guard.what ?? `${guard.pairs.map(([a, b]) => `${a} and ${b}`).join(", ")} do not overlap`;
  const wrapped = `/* loopsmith: the rewrite below runs only when ${what} (checked here); otherwise the code as written */\n`
    + `${indent}if (${guard.condition}) {\n${indent}${shift(newPart)}\n${indent}} else {\n${indent}${shift(oldPart)}\n${indent}}`;
  return text.slice(0, start) + wrapped + text.slice(end);
}

/** True when `name` is assigned (=, op=, ++, --) in `code`. */
function assignedIn(code: string, name: string): boolean {
  const n = name.replace(/[$]/g, "\\$");
  return new RegExp(`(?:\\b${n}\\s*(?:\\+\\+|--|[-+*/%&|^]?=(?!=)|<<=|>>=))|(?:(?:\\+\\+|--)\\s*${n}\\b)`).test(code);
}

/** The name a declarator declares (`x` of `x = 0`, `*p`, `a[4]`). */
function declaredName(d: SyntaxNode | null): string | null {
  while (d && d.type !== "identifier") d = d.childForFieldName("declarator");
  return d?.text ?? null;
}
