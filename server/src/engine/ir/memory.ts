// The memory model for pointers and counters that change: every pointer value is a base
// array plus an affine offset in elements (`T *p = A + e`, `&A[i][0]`, `A[i]` of a 2-D array,
// `p + k`, `p++`, `p += s`, casts between element types of the same size), and every integer
// variable that is assigned holds an affine value where one can be proven. One place decides
// what a pointer may touch; lowering (lower.ts) and the statement visitor (expr.ts) ask it.
//
// Values live in Cells, one per variable, updated in program order while a function is
// lowered. Inside a loop a changing value is `value before the loop + t*D` (t the loop's
// normalised counter, D a placeholder symbol); once the body is lowered, D is the change over
// one iteration, proven free of the loop's counters, and is substituted into the body's IR
// (the classic induction-variable recognition). A change that depends on the iteration, happens
// only under a condition, or is not affine makes the value unknown, with the reason: accesses
// through it are then unknown and may overlap any array (dependences stay conservative).

import type { SyntaxNode } from "../syntax/parser";
import { Poly } from "../symbolic/poly";
import { Rational } from "../symbolic/rational";
import { scalarType } from "./ctypes";
import { fieldArray, isReason, strip, toAffine } from "./expr";
import type { FileFacts, Scope } from "./scope";
import type { Access, ArrayInfo, CType, Loop, Node, Pred } from "./types";

/** Where a pointer points: element `offset` of `array` (row-major, in elements). */
export interface PointerTarget {
  readonly base: string;
  readonly array: ArrayInfo;
  readonly offset: Poly;
}

/** The current value of a variable that changes (an int counter or a pointer). */
export interface Cell {
  readonly name: string;
  readonly kind: "int" | "pointer";
  /** The pointed-to element type (pointers), to type `*p` and refuse casts that change the unit. */
  readonly element?: CType;
  readonly elementBytes?: number | null;
  value: Poly | PointerTarget | null;
  /** Why the value is not known (when value is null). */
  reason?: string;
  /** A pointer with no known offset may still be known to point into this array. */
  within?: PointerTarget;
}

export const isTarget = (v: unknown): v is PointerTarget => !!v && typeof v === "object" && "base" in v && "offset" in v;

/** A cell's value moved by k (elements for a pointer). */
export function advance(v: Poly | PointerTarget, k: Poly): Poly | PointerTarget {
  return v instanceof Poly ? v.add(k) : { ...v, offset: v.offset.add(k) };
}

/** The cell has no known value any more (not even the array it points into), for this reason. */
export function forgetCell(c: Cell, reason: string): void {
  c.value = null; c.within = undefined; c.reason = reason;
}

const op = (n: SyntaxNode): string => n.childForFieldName("operator")?.text ?? "";

/** The row-major offset of `A[s0]..[sk]` (k may be fewer than the rank: a row's address). */
export function linearOffset(a: ArrayInfo, subs: readonly Poly[]): Poly | string {
  if (a.discontiguous) return a.discontiguous;
  let off = Poly.ZERO;
  for (let j = 0; j < a.dims.length; j++) {
    if (j > 0) {
      const d = a.dims[j];
      if (!d) return `extent of dimension ${j + 1} of ${a.name} is unknown`;
      off = off.mul(d);
    }
    if (j < subs.length) off = off.add(subs[j]);
  }
  return off;
}

/**
 * The value of a pointer expression, or why it is not known. Pure: it reads cells, never
 * updates them (`p++` is the value before the increment; the visitor applies the update).
 */
export function pointerValue(node: SyntaxNode, scope: Scope, facts: FileFacts): PointerTarget | { reason: string; within?: PointerTarget } {
  const n = strip(node);
  switch (n.type) {
    case "identifier": {
      const v = scope.lookup(n.text);
      if (!v) return { reason: `${n.text} is not declared in this file` };
      if (v.kind === "array") {
        if (v.array.discontiguous) return { reason: v.array.discontiguous };
        if (v.array.dims.length > 1) return { reason: `${n.text} decays to a pointer to rows (use &${n.text}[i][0] or ${n.text}[i])` };
        return { base: n.text, array: v.array, offset: Poly.ZERO };
      }
      if (v.kind === "scalar" && v.cell?.kind === "pointer") {
        const c = v.cell;
        return isTarget(c.value) ? c.value : { reason: c.reason ?? `the target of ${n.text} is not known`, ...(c.within ? { within: c.within } : {}) };
      }
      if (v.kind === "scalar" && v.type.kind === "pointer") return { reason: `the target of ${n.text} is not known` };
      return { reason: `${n.text} is not a pointer` };
    }
    case "binary_expression": {
      const o = op(n);
      const l = n.childForFieldName("left"), r = n.childForFieldName("right");
      if (!l || !r || (o !== "+" && o !== "-")) return { reason: `${n.text} is not pointer arithmetic` };
      // Which side is the pointer: the one that has a pointer value.
      const pl = pointerValue(l, scope, facts);
      if ("base" in pl) {
        const k = toAffine(r, scope, facts);
        // `table + tokens[t] * dim`: inside table, at an offset that is not known.
        if (isReason(k)) return { reason: `offset ${r.text}: ${k.reason}`, within: pl };
        return { ...pl, offset: o === "+" ? pl.offset.add(k) : pl.offset.sub(k) };
      }
      if (o === "+") {
        const pr = pointerValue(r, scope, facts);
        if ("base" in pr) {
          const k = toAffine(l, scope, facts);
          if (isReason(k)) return { reason: `offset ${l.text}: ${k.reason}`, within: pr };
          return { ...pr, offset: pr.offset.add(k) };
        }
      }
      return pl;
    }
    case "pointer_expression": {
      const arg = n.childForFieldName("argument");
      if (!arg) return { reason: "incomplete expression" };
      if (op(n) === "&") return addressOf(arg, scope, facts);
      return { reason: `${n.text} loads a pointer from memory` };
    }
    case "subscript_expression": {
      // A row of a multi-dimensional array: `A[i]` of `float A[N][M]` is &A[i][0].
      const { base, indices } = subscriptChain(n);
      const v = base.type === "identifier" ? scope.lookup(base.text) : undefined;
      if (v?.kind === "array" && indices.length < v.array.dims.length) {
        const subs: Poly[] = [];
        for (const i of indices) { const s = toAffine(i, scope, facts); if (isReason(s)) return { reason: `subscript ${i.text}: ${s.reason}` }; subs.push(s); }
        const off = linearOffset(v.array, subs);
        return typeof off === "string" ? { reason: off } : { base: base.text, array: v.array, offset: off };
      }
      return { reason: `${n.text} loads a pointer from memory` };
    }
    case "update_expression": {
      const arg = n.childForFieldName("argument");
      if (!arg) return { reason: "incomplete expression" };
      const p = pointerValue(arg, scope, facts);
      if (!("base" in p)) return p;
      const prefix = n.children[0]?.type === "++" || n.children[0]?.type === "--";
      if (!prefix) return p;
      return { ...p, offset: p.offset.add(Poly.constant(op(n) === "++" ? 1n : -1n)) };
    }
    case "cast_expression": {
      const v = n.childForFieldName("value");
      const t = n.childForFieldName("type");
      if (!v || !t) return { reason: "incomplete cast" };
      const p = pointerValue(v, scope, facts);
      if (!("base" in p)) return p;
      // `(const float *)p` keeps the unit; a cast to another element size does not.
      const spelled = t.text.replace(/\*/g, "").trim();
      const et = scalarType(spelled, facts.dataModel) ?? facts.typedefs.get(spelled);
      if (!t.text.includes("*")) return { reason: `cast of a pointer to ${t.text}` };
      if (et?.kind === "void") return { reason: `cast to ${t.text}: the element size is lost` };
      if (!et?.bytes || et.bytes !== p.array.element.bytes) return { reason: `cast to ${t.text} changes the element size` };
      return p;
    }
    case "call_expression": return { reason: `the pointer returned by ${n.childForFieldName("function")?.text ?? "a call"}() is not known` };
    case "field_expression": {
      // `l->weights` (+ k): a pointer field that does not change is an array of its own.
      const fa = fieldArray(n, scope, facts);
      return fa ? { base: fa.name, array: fa, offset: Poly.ZERO } : { reason: `${n.text} is a pointer loaded from a struct` };
    }
    case "conditional_expression": return { reason: `${n.text.slice(0, 40)}: the pointer depends on a condition` };
    case "number_literal": return { reason: "a null or constant address" };
    default: return { reason: `${n.text.slice(0, 40)} is not a pointer expression Loopsmith can follow` };
  }
}

function addressOf(arg: SyntaxNode, scope: Scope, facts: FileFacts): PointerTarget | { reason: string } {
  const a = strip(arg);
  if (a.type === "subscript_expression") {
    const { base, indices } = subscriptChain(a);
    const subs: Poly[] = [];
    for (const i of indices) { const s = toAffine(i, scope, facts); if (isReason(s)) return { reason: `subscript ${i.text}: ${s.reason}` }; subs.push(s); }
    const v = base.type === "identifier" ? scope.lookup(base.text) : undefined;
    if (v?.kind === "array" && subs.length <= v.array.dims.length) {
      const off = linearOffset(v.array, subs);
      return typeof off === "string" ? { reason: off } : { base: base.text, array: v.array, offset: off };
    }
    if (subs.length === 1) {
      const p = pointerValue(base, scope, facts);
      return "base" in p ? { ...p, offset: p.offset.add(subs[0]) } : p;
    }
    return { reason: `&${a.text}: not an element of a known array` };
  }
  if (a.type === "pointer_expression" && op(a) === "*") {
    const inner = a.childForFieldName("argument");
    return inner ? pointerValue(inner, scope, facts) : { reason: "incomplete expression" };
  }
  return { reason: `&${a.text} is the address of a variable` };
}

/** `A[i][j]` -> A and [i, j]. */
export function subscriptChain(n: SyntaxNode): { base: SyntaxNode; indices: SyntaxNode[] } {
  const indices: SyntaxNode[] = [];
  let base: SyntaxNode = n;
  while (base.type === "subscript_expression") {
    const idx = base.childForFieldName("index");
    if (idx) indices.unshift(idx);
    const next = base.childForFieldName("argument");
    if (!next) break;
    base = strip(next);
  }
  return { base, indices };
}

/** A flat view of an array (for references reached through pointers, in elements). */
export function flatView(a: ArrayInfo): ArrayInfo {
  if (a.dims.length <= 1) return a;
  let total: Poly | null = Poly.ONE;
  for (const d of a.dims) total = d && total ? total.mul(d) : null;
  return { ...a, dims: [total] };
}

/** Whether a pointer to elements of `cellBytes` bytes counts offsets in `a`'s elements (undefined: no declared type to compare). */
export function sameUnit(cellBytes: number | null | undefined, a: ArrayInfo): boolean {
  return cellBytes === undefined ? true : cellBytes === a.element.bytes;
}

/** Normalised counter of a loop: t = (var - lower) / step, for var = lower + step*t. */
export function counter(l: { var: string; lower: Poly; step: bigint }): Poly {
  return Poly.symbol(l.var).sub(l.lower).scale(Rational.of(1n, l.step));
}

// ---- rewriting IR polynomials (placeholders of induction variables) --------------------------

type PolyMap = (p: Poly) => Poly | null;

function mapPred(p: Pred, f: PolyMap): Pred | null {
  if ("args" in p) {
    const args = p.args.map((a) => mapPred(a, f));
    return args.every((a) => a) ? { op: p.op, args: args as Pred[] } : null;
  }
  if ("arg" in p) { const a = mapPred(p.arg, f); return a ? { op: "!", arg: a } : null; }
  const lhs = f(p.lhs), rhs = f(p.rhs);
  return lhs && rhs ? { op: p.op, lhs, rhs } : null;
}

function mapAccess(a: Access, f: PolyMap, reason: string): Access {
  const subs = a.subscripts.map((s) => (s ? f(s) : null));
  const offset = a.offset ? f(a.offset) : null;
  const lost = subs.some((s, i) => !s && a.subscripts[i]) || (!offset && a.offset);
  return lost ? { ...a, subscripts: subs, offset: null, reason } : { ...a, subscripts: subs, offset };
}

/** Applies `f` to every polynomial of the IR in `nodes`; a null result makes that figure unknown with `reason`. */
export function mapPolys(nodes: readonly Node[], f: PolyMap, reason: string, touches: (p: Poly) => boolean): Node[] {
  const g: PolyMap = (p) => (touches(p) ? f(p) : p);
  const visit = (n: Node): Node => {
    switch (n.kind) {
      case "stmt": {
        const accesses = n.accesses.some((a) => a.offset && touches(a.offset) || a.subscripts.some((s) => s && touches(s))) ? n.accesses.map((a) => mapAccess(a, g, reason)) : n.accesses;
        // Call arguments (`f(k++)`) are polynomials of the IR too.
        const calls = n.ops.userCallArgs.some((c) => c.args.some((x) => x && touches(x)))
          ? { ...n.ops, userCallArgs: n.ops.userCallArgs.map((c) => ({ ...c, args: c.args.map((x) => (x ? g(x) : null)) })) } : n.ops;
        // The bodies of inlined calls hold the caller's values too (pointer arguments).
        const inlined = n.inlined?.map((c) => ({ ...c, body: c.body.map(visit) }));
        return accesses === n.accesses && calls === n.ops && !inlined ? n : { ...n, accesses, ops: calls, ...(inlined ? { inlined } : {}) };
      }
      case "opaque": return { ...n, accesses: n.accesses.map((a) => mapAccess(a, g, reason)) };
      case "if": {
        const pred = n.pred ? mapPred(n.pred, g) : undefined;
        const base = { ...n, cond: visit(n.cond) as typeof n.cond, then: n.then.map(visit), else: n.else.map(visit) };
        if (n.pred && !pred) { const { pred: _drop, ...rest } = base; return { ...rest, notAffine: reason }; }
        return pred ? { ...base, pred } : base;
      }
      case "loop": {
        const body = n.body.map(visit);
        const lower = n.lower ? g(n.lower) : null, trip = n.tripCount ? g(n.tripCount) : null;
        const mm = n.minMax ? n.minMax.args.map(g) : null;
        if ((n.lower && !lower) || (n.tripCount && !trip) || (mm && mm.some((x) => !x)))
          return { ...n, body, lower: null, step: null, tripCount: null, minMax: undefined, parts: undefined, unknown: { what: `trip count of ${n.headerText}`, reason, line: n.span.line } };
        const parts = n.parts ? { ...n.parts, bound: g(n.parts.bound) ?? n.parts.bound } : undefined;
        return { ...n, body, lower, tripCount: trip, ...(mm ? { minMax: { ...n.minMax!, args: mm as Poly[] } } : {}), ...(parts ? { parts } : {}) } as Loop;
      }
    }
  };
  return nodes.map(visit);
}

/**
 * Puts references to one array in one form: when some are reached through pointers (a flat
 * offset) and others by subscripts of a multi-dimensional declaration, all become flat
 * offsets, so footprints and dependences compare like with like.
 */
export function unifyRanks(root: Loop): Loop {
  // Per array: "p" when some reference goes through a pointer, "s" when some subscripts a multi-dimensional declaration.
  const ranks = new Map<string, Set<string>>();
  const see = (a: Access) => {
    const kind = a.via ? "p" : a.info && a.info.dims.length > 1 ? "s" : null;
    if (!kind) return;
    const s = ranks.get(a.array) ?? new Set(); s.add(kind); ranks.set(a.array, s);
  };
  const walk = (n: Node) => {
    if (n.kind === "stmt" || n.kind === "opaque") n.accesses.forEach(see);
    if (n.kind === "stmt") n.inlined?.forEach((c) => c.body.forEach(walk));
    else if (n.kind === "if") { walk(n.cond); [...n.then, ...n.else].forEach(walk); }
    else if (n.kind === "loop") n.body.forEach(walk);
  };
  walk(root);
  const mixed = new Set([...ranks].filter(([, s]) => s.size > 1).map(([k]) => k));
  if (mixed.size === 0) return root;
  const flat = (a: Access): Access => {
    if (!mixed.has(a.array) || !a.info || a.via) return a;
    return { ...a, subscripts: [a.offset], info: flatView(a.info), ...(a.offset ? {} : { reason: a.reason ?? `${a.text}: not affine` }) };
  };
  const visit = (n: Node): Node => {
    switch (n.kind) {
      case "stmt": return { ...n, accesses: n.accesses.map(flat), ...(n.inlined ? { inlined: n.inlined.map((c) => ({ ...c, body: c.body.map(visit) })) } : {}) };
      case "opaque": return { ...n, accesses: n.accesses.map(flat) };
      case "if": return { ...n, cond: visit(n.cond) as typeof n.cond, then: n.then.map(visit), else: n.else.map(visit) };
      case "loop": return { ...n, body: n.body.map(visit) };
    }
  };
  return visit(root) as Loop;
}
