// Loop orders: which orders of a band are legal (dependence directions stay
// lexicographically non-negative), what each costs in memory strides, and the best legal
// one. Used by the stride diagnostic (is there a legal fix?) and by the permute/layout
// transformations (titles such as "innermost stride 884 -> 1", the order to apply).
// Cost per order, compared from the innermost loop outward over the three innermost loops:
// bytes brought in per iteration summed over the references (0 invariant, the element size
// when contiguous, up to a 64-byte line when strided); ties keep the order closest to the
// original (fewest inversions).

import type { Bindings } from "../symbolic/poly";
import { Rational } from "../symbolic/rational";
import type { Access, Loop, Node, Stmt } from "../ir/types";
import { reorderBounds } from "./bounds";
import { describe as describeDependence, type Dependence, type Dir } from "./dependences";

/** The statements of `nodes` at any depth, in source order (an `if`'s condition before its branches). */
export function stmtsIn(nodes: readonly Node[]): Stmt[] {
  const out: Stmt[] = [];
  const visit = (n: Node) => {
    if (n.kind === "stmt") out.push(n);
    else if (n.kind === "loop") n.body.forEach(visit);
    else if (n.kind === "if") { out.push(n.cond); [...n.then, ...n.else].forEach(visit); }
  };
  nodes.forEach(visit);
  return out;
}

/** Array references of statements inside `l` (any depth). */
export function accessesIn(l: Loop): Access[] {
  return stmtsIn([l]).flatMap((s) => s.accesses);
}

/** The accesses a statement makes, those inside the same-file callees it calls (analysed as if
 *  inlined: `t += at(a, ld, i, j)` reads a inside at()) included. */
export function accessesWithCallees(s: Stmt): Access[] {
  return [...s.accesses, ...(s.inlined ?? []).flatMap((c) => stmtsIn(c.body).flatMap(accessesWithCallees))];
}

/** Elements the reference moves when `l` advances one step; null when symbolic or not affine. */
export function strideOf(a: Access, l: Loop, b: Bindings): number | null {
  if (!a.offset || l.step === null || a.offset.degreeIn(l.var) > 1 || a.offset.mentionsInsideFloor(l.var)) return null;
  const c = a.offset.coefficientOf(l.var, 1).evaluate(b);
  return c ? c.mul(Rational.of(l.step)).toNumber() : null;
}

/**
 * Bytes brought in per iteration for a reference walked with this stride: 0 when invariant
 * (kept in a register), the element size when contiguous, and up to a whole 64-byte cache
 * line when strided.
 */
export function strideCost(s: number | null, bytes: number | null): number {
  const b = bytes ?? 8;
  if (s === null) return 64;
  if (s === 0) return 0;
  return Math.min(Math.abs(s) * b, 64);
}

/** Largest |stride| of the references in the innermost loop, for titles. */
export function innermostStride(refs: readonly Access[], inner: Loop, b: Bindings): number | null {
  let worst: number | null = 0;
  for (const a of refs) {
    const s = strideOf(a, inner, b);
    if (s === null) return null;
    if (worst !== null && Math.abs(s) > worst) worst = Math.abs(s);
  }
  return worst;
}

/**
 * The loops of `l`'s chain: l, then each loop that is the only statement of the previous body.
 * A declaration between two loops (`float t;` has no statement in the IR) makes it imperfect.
 */
export function perfectChain(start: Loop): Loop[] {
  const chain = [start];
  let l = start;
  while (l.body.length === 1 && l.body[0].kind === "loop" && !l.decls?.length) { l = l.body[0]; chain.push(l); }
  return chain;
}

/** Why a loop cannot be rewritten from its header text (a counted while/do, a header read as a
 *  whole), or null when it can. */
export function notRewritable(l: Loop): string | null {
  if (l.parts) return null;
  if (l.counted) return `loop ${l.var} is the ${l.counted.form === "do" ? "do-while" : "while"} loop \`${l.counted.text}\` (line ${l.span.line}): Loopsmith counts it but rewrites only for loops with a plain header`;
  return `loop ${l.var} (line ${l.span.line}): ${l.unknown?.reason ?? "its header is not of the form for (i = L; i < U; i += s), so it is not rewritten"}`;
}

/** Why a band cannot be reordered by swapping headers (a bound depends on another band loop), or null. */
export function rectangular(band: readonly Loop[], order?: readonly string[]): string | null {
  for (const l of band) {
    if (!l.tripCount || !l.lower || l.step === null || !l.parts) return notRewritable(l) ?? `loop ${l.var}: ${l.unknown?.reason ?? "not understood"}`;
    for (const o of band) {
      if (o === l) continue;
      if (!l.tripCount.mentions(o.var) && !l.lower.mentions(o.var)) continue;
      // A bound on an outer counter (j <= i) stays valid in an order that keeps that loop outside.
      if (order && order.indexOf(o.var) >= 0 && order.indexOf(o.var) < order.indexOf(l.var)) continue;
      return `the bounds of loop ${l.var} depend on loop ${o.var} (a triangular band)${order ? `, which would move inside it` : ""}; reordering it so needs new bounds, which Loopsmith does not derive yet`;
    }
  }
  return null;
}

/** The refusal of a triangular reorder whose new bounds cannot be derived: rectangular()'s reason, with why not. */
export function boundsNotDerived(moved: string, why: string): string {
  return `${moved.replace(/; reordering it so needs new bounds.*$/, "")}: the new bounds cannot be derived (${why})`;
}

export interface OrderCheck { readonly ok: boolean; readonly blockers: string[]; readonly floatReorder: boolean }

/**
 * Is running the band's loops in `order` (outer to inner) legal? Legal iff every dependence
 * direction vector, permuted, stays lexicographically non-negative. Reductions may be
 * reordered; floating-point ones are reported (they change the order of additions).
 */
export function checkOrder(band: readonly Loop[], order: readonly string[], deps: readonly Dependence[]): OrderCheck {
  const blockers: string[] = [];
  let floatReorder = false;
  const vars = band.map((l) => l.var);
  for (const d of deps) {
    const pos = vars.map((v) => d.loops.indexOf(v));
    if (pos.some((p) => p < 0)) continue; // not inside the whole band: unaffected
    const violates = d.directions.some((v) => {
      const w: Dir[] = [...v];
      order.forEach((name, k) => { w[pos[k]] = v[d.loops.indexOf(name)]; });
      const first = w.find((x) => x !== "=");
      return first === ">" || first === "*"; // '*' may be '>' 
    });
    if (!violates) continue;
    if (d.reduction && !d.assumed) { if (d.floatReduction) floatReorder = true; continue; }
    blockers.push(describeDependence(d));
  }
  return { ok: blockers.length === 0, blockers: [...new Set(blockers)], floatReorder };
}

/**
 * The memory order of a band made legal greedily (Kennedy and McKinley, "Optimizing for
 * Parallelism and Data Locality", ICS 1992): loops sorted by the bytes their step brings in
 * (most expensive outermost), then from the outside in, the first loop in that order under which
 * no dependence not yet carried by the loops placed so far would run backwards ('>' or '*').
 * When the current order is legal a choice always exists (the remaining loops in their current order).
 */
function greedyOrder(band: readonly Loop[], deps: readonly Dependence[], refs: readonly Access[], b: Bindings): Loop[] {
  const cost = new Map(band.map((l) => [l, refs.reduce((acc, a) => acc + strideCost(strideOf(a, l, b), a.elementBytes), 0)]));
  const memory = [...band].sort((x, y) => cost.get(y)! - cost.get(x)! || band.indexOf(x) - band.indexOf(y));
  const vars = band.map((l) => l.var);
  // Direction vectors restricted to the band's loops, of the dependences that order matters for.
  const open: Dir[][] = [];
  for (const d of deps) {
    if (d.reduction && !d.assumed) continue;
    const pos = vars.map((v) => d.loops.indexOf(v));
    if (pos.some((p) => p < 0)) continue;
    for (const v of d.directions) open.push(pos.map((p) => v[p]));
  }
  const order: Loop[] = [];
  let pending = open;
  const left = [...memory];
  while (left.length) {
    const pick = left.find((l) => { const k = band.indexOf(l); return pending.every((v) => v[k] === "<" || v[k] === "="); }) ?? left.find((l) => band.indexOf(l) === Math.min(...left.map((x) => band.indexOf(x))))!;
    const k = band.indexOf(pick);
    pending = pending.filter((v) => v[k] === "=");
    order.push(pick);
    left.splice(left.indexOf(pick), 1);
  }
  return order;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

/** An innermost loop of fewer iterations fills no 8-lane vector (orderScore). */
const SHORT_TRIP = 8;
const SHORT_PENALTY = 2;

/**
 * The cost of running `band` in `order`, compared lexicographically (orderBetter): bytes per
 * iteration of the innermost loop (a short one penalised), then of the next two loops outward,
 * then the number of inversions against the band's own order (ties keep the order closest to
 * the original).
 */
export function orderScore(band: readonly Loop[], order: readonly Loop[], refs: readonly Access[], b: Bindings): number[] {
  const s: number[] = [];
  for (let k = order.length - 1; k >= Math.max(0, order.length - 3); k--) {
    let bytes = refs.reduce((acc, a) => acc + strideCost(strideOf(a, order[k], b), a.elementBytes), 0);
    // A short innermost loop (a conv's 3-wide window) fills no vector and pays its loop overhead
    // on every few elements: SHORT_PENALTY bytes per missing iteration below SHORT_TRIP, so it
    // loses to a long loop that walks memory almost as well (measured: a 3x3 conv with its window
    // loop innermost 3x over -O3, with the image row innermost 11x; the row brings 4 more bytes
    // an iteration, the output element). Trips of SHORT_TRIP or more, or unknown, pay nothing.
    if (k === order.length - 1) bytes += SHORT_PENALTY * Math.max(0, SHORT_TRIP - (order[k].tripCount?.evaluate(b)?.toNumber() ?? SHORT_TRIP));
    s.push(bytes);
  }
  let inversions = 0;
  const idx = order.map((l) => band.indexOf(l));
  for (let i = 0; i < idx.length; i++) for (let j = i + 1; j < idx.length; j++) if (idx[i] > idx[j]) inversions++;
  s.push(inversions);
  return s;
}

/** Is score `x` strictly better (cheaper) than `y`? */
export function orderBetter(x: readonly number[], y: readonly number[]): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
}

/** The best legal order of a rectangular band, or why none improves on the current one. */
export function bestOrder(band: readonly Loop[], deps: readonly Dependence[], b: Bindings): { order: string[] } | { reason: string; blockers: string[] } {
  if (band.length < 2) return { reason: "the band has a single loop: there is no order to choose", blockers: [] };
  const rect = rectangular(band, band.map((l) => l.var));
  if (rect) return { reason: rect, blockers: [] };
  const refs = accessesIn(band[band.length - 1]);
  // Up to 7 loops every order is tried (5,040); a longer band tries the greedy memory order and
  // every order of its 6 innermost loops under it (720), so the search is polynomial in depth.
  let candidates: (readonly Loop[])[];
  if (band.length <= 7) candidates = permutations(band);
  else {
    const g = greedyOrder(band, deps, refs, b);
    const fixed = g.slice(0, g.length - 6);
    candidates = [g, ...permutations(g.slice(fixed.length)).map((p) => [...fixed, ...p])];
  }
  const score = (order: readonly Loop[]) => orderScore(band, order, refs, b);
  let best: readonly Loop[] = band, bestScore = score(band);
  let blockers: string[] = [];
  let bounds: string | null = null;
  for (const order of candidates) {
    const sc = score(order);
    if (!orderBetter(sc, bestScore)) continue;
    const moved = rectangular(band, order.map((l) => l.var));
    if (moved) {
      const derived = reorderBounds(band, order.map((l) => l.var));
      if (typeof derived === "string") { bounds ??= boundsNotDerived(moved, derived); continue; }
    }
    const check = checkOrder(band, order.map((l) => l.var), deps);
    if (!check.ok) { blockers = check.blockers; continue; }
    best = order; bestScore = sc;
  }
  if (best === band) {
    const s = innermostStride(refs, band[band.length - 1], b);
    return { reason: blockers.length ? "no legal order walks memory better than the current one" : bounds ?? `the current order is already the best for memory (innermost stride ${s ?? "symbolic"})`, blockers };
  }
  return { order: best.map((l) => l.var) };
}
