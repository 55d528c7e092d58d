// Data dependences of a nest: for every pair of references to the same array or scalar (at
// least one a write), the feasible direction vectors over their common loops.
// Tests, per direction vector, refined hierarchically from (*, *, ...):
//  - the GCD test on each subscript equation, and
//  - Banerjee's inequalities: the extreme values of f(i) - g(j) over the region the direction
//    vector allows (exact vertices of the per-loop triangles L <= x < y <= U).
// Both are conservative: they may keep a dependence that does not exist, never drop one that
// does. Anything not analysable (non-affine subscript, unbound symbolic coefficient, possible
// aliasing) is a dependence in every direction with its reason.
// References: Banerjee, "Dependence Analysis for Supercomputing" (1988); Wolfe, "High
// Performance Compilers for Parallel Computing" (1996), ch. 7.

import { Poly, type Bindings } from "../symbolic/poly";
import { Rational } from "../symbolic/rational";
import type { ArrayInfo, Loop, Nest, Stmt } from "../ir/types";
import { emptyOps } from "../ir/expr";
import { Domain, walk, type Enclosing } from "./domain";

export type Dir = "<" | "=" | ">";
type Dir4 = Dir | "*";

export interface RefPoint { readonly text: string; readonly line: number; readonly start: number; readonly end: number }

export interface Dependence {
  readonly kind: "flow" | "anti" | "output";
  /** Array or scalar name (for may-alias pairs, "A/B"). */
  readonly name: string;
  readonly scalar: boolean;
  readonly source: RefPoint;
  readonly sink: RefPoint;
  /** Common loops, outer to inner. */
  readonly loops: readonly string[];
  /** Feasible direction vectors (sink iteration relative to source), lexicographically >= 0. */
  readonly directions: readonly (readonly Dir[])[];
  /** Both ends are the update of one `x += ...` statement: reorderable as a reduction. */
  readonly reduction: boolean;
  /** The reduction is on floating-point values (reordering changes rounding). */
  readonly floatReduction: boolean;
  /** Set when the dependence is assumed rather than proven (with the reason). */
  readonly assumed?: string;
}

interface Ref {
  readonly name: string;
  readonly kind: "read" | "write";
  readonly point: RefPoint;
  readonly subscripts: readonly (Poly | null)[] | null; // null: not analysable
  readonly reason?: string;
  readonly loops: readonly Loop[];
  readonly order: number; // textual order of the statement
  readonly stmt: Stmt;
  readonly scalar: boolean;
  readonly owner?: string;
  readonly info?: ArrayInfo;
  /** A call that is not pure: it may touch any array and any global (the reason says why). */
  readonly effect?: string;
  /** A file-scope scalar (calls may touch it). */
  readonly global?: boolean;
}

export function collectRefs(nest: Nest): Ref[] {
  const refs: Ref[] = [];
  let order = 0;
  walk([nest.root], [], (n, path) => {
    const st = n.kind === "stmt" ? n : n.kind === "if" ? n.cond : null;
    const loops = path.filter((p): p is Loop => p.kind === "loop");
    const effects = (st: Stmt | null, list: Stmt["effects"]) => {
      const stmt: Stmt = st ?? { kind: "stmt", span: n.span, ops: emptyOps(), accesses: [], scalars: [], unknowns: [] };
      for (const e of list ?? [])
        refs.push({ name: `${e.call}()`, kind: e.kind, point: pt(`${e.call}()`, e.span), subscripts: null, reason: e.reason, loops, order, stmt, scalar: false, effect: e.reason });
    };
    if (n.kind === "opaque") {
      // Accesses in a construct that is not analysed: assumed written, in every direction.
      const stmt: Stmt = { kind: "stmt", span: n.span, ops: emptyOps(), accesses: [], scalars: [], unknowns: [n.unknown] };
      for (const a of n.accesses) refs.push({ name: a.array, kind: "write", point: pt(a.text, a.span), subscripts: null, reason: n.unknown.reason, loops, order, stmt, scalar: false, info: a.info });
      effects(stmt, n.effects);
      order++;
      return;
    }
    if (!st) return;
    effects(st, st.effects);
    for (const a of st.accesses)
      refs.push({ name: a.array, kind: a.kind, point: pt(a.text, a.span), subscripts: a.subscripts.some((s) => !s) ? null : a.subscripts, reason: a.reason, loops, order, stmt: st, scalar: false, info: a.info });
    for (const s of st.scalars)
      refs.push({ name: s.name, kind: s.kind, point: pt(s.name, s.span), subscripts: [], loops, order, stmt: st, scalar: true, owner: s.owner, global: s.global });
    order++;
  });
  return refs;
}

const pt = (text: string, span: { line: number; start: number; end: number }): RefPoint => ({ text, line: span.line, start: span.start, end: span.end });

/** Dependences of a nest. `bindings` supply symbol values for the tests. */
export function dependences(nest: Nest, bindings: Bindings): Dependence[] {
  const domain = new Domain(bindings);
  walk([nest.root], [], (n) => { if (n.kind === "loop" && n.tripCount) domain.enter(n); });
  const refs = collectRefs(nest);
  const out: Dependence[] = [];
  for (let x = 0; x < refs.length; x++) {
    for (let y = x; y < refs.length; y++) {
      const a = refs[x], b = refs[y];
      if (a.kind === "read" && b.kind === "read") continue;
      if (x === y && a.kind !== "write") continue;
      if (a.name !== b.name) {
        const alias = mayAlias(a, b);
        if (alias) out.push(...assumeAll(a, b, `${a.name}/${b.name}`, alias));
        continue;
      }
      out.push(...pair(a, b, x === y, domain, bindings));
    }
  }
  return out;
}

function mayAlias(a: Ref, b: Ref): string | null {
  // A call that is not pure may touch every array and every global, and two such calls
  // (side effects: output, state) keep their order.
  for (const [x, y] of [[a, b], [b, a]]) {
    if (!x.effect) continue;
    if (y.scalar && !y.global) return null;
    return y.effect ? `${x.point.text} and ${y.point.text} are calls that may read and write memory: ${x.effect}` : `${x.effect}; it may touch ${y.name}`;
  }
  if (a.scalar || b.scalar) return null;
  // A reference whose array is not known (a pointer whose target is not proven, a struct
  // field) may be any array its type allows.
  for (const [x, y] of [[a, b], [b, a]])
    if (!x.info) return `${x.point.text} (line ${x.point.line}): ${x.reason ?? `the target of ${x.name} is not known`}; it may overlap ${y.name}`;
  if (!a.info || !b.info) return null;
  const param = (r: Ref) => r.info!.isParameter;
  if (!param(a) && !param(b)) return null; // two distinct global/local arrays never overlap
  if (a.info.restrict || b.info.restrict) return null;
  return `${a.name} and ${b.name} may alias (pointer parameters); declare them restrict`;
}

function common(a: Ref, b: Ref): Loop[] {
  const c: Loop[] = [];
  for (let i = 0; i < Math.min(a.loops.length, b.loops.length) && a.loops[i] === b.loops[i]; i++) c.push(a.loops[i]);
  return c;
}

function assumeAll(a: Ref, b: Ref, name: string, reason: string): Dependence[] {
  const loops = common(a, b);
  const all = enumerate(loops.length);
  return classify(a, b, all, loops, name, false, reason);
}

/** All full direction vectors of length m. */
function enumerate(m: number): Dir[][] {
  let vs: Dir[][] = [[]];
  for (let i = 0; i < m; i++) vs = vs.flatMap((v) => (["<", "=", ">"] as Dir[]).map((d) => [...v, d]));
  return vs;
}

function pair(a: Ref, b: Ref, self: boolean, domain: Domain, bindings: Bindings): Dependence[] {
  const loops = common(a, b);
  if (!a.subscripts || !b.subscripts) return classify(a, b, enumerate(loops.length), loops, a.name, self, a.reason ?? b.reason ?? "subscript not analysable");
  // A private scalar: only the iterations of its owner (and outer loops) that declare it share it.
  const forcedEqual = new Set<number>();
  if (a.scalar && a.owner) {
    const k = loops.findIndex((l) => l.var === a.owner);
    for (let i = 0; i <= k; i++) forcedEqual.add(i);
  }
  // Subscript equations h = f(i) - g(j) over renamed variables.
  const va = (v: string) => `a:${v}`, vb = (v: string) => `b:${v}`;
  const rename = (p: Poly, ls: readonly Loop[], f: (v: string) => string) => ls.reduce((q, l) => q.substitute(l.var, Poly.symbol(f(l.var))), p.bind(bindings));
  if (a.subscripts.length !== b.subscripts.length) return classify(a, b, enumerate(loops.length), loops, a.name, self, "references of different rank");
  const eqs: Poly[] = a.subscripts.map((s, d) => rename(s!, a.loops, va).sub(rename(b.subscripts![d]!, b.loops, vb)));
  const vars = [...a.loops.map((l) => ({ name: va(l.var), loop: l })), ...b.loops.map((l) => ({ name: vb(l.var), loop: l }))];
  // Numeric coefficients per variable and constant term, per equation.
  const lin: { coef: Map<string, Rational>; c: Rational }[] = [];
  for (const h of eqs) {
    const coef = new Map<string, Rational>();
    let rest = h;
    for (const v of vars) {
      if (h.degreeIn(v.name) > 1 || h.mentionsInsideFloor(v.name)) return classify(a, b, enumerate(loops.length), loops, a.name, self, `${a.point.text} / ${b.point.text}: subscript not linear`);
      const c = h.coefficientOf(v.name, 1).constantValue();
      if (!c) return classify(a, b, enumerate(loops.length), loops, a.name, self, `${a.point.text} / ${b.point.text}: symbolic coefficient (bind the sizes with -D)`);
      if (!c.isZero()) coef.set(v.name, c);
      rest = rest.coefficientOf(v.name, 0);
    }
    const c = rest.constantValue();
    if (!c) return classify(a, b, enumerate(loops.length), loops, a.name, self, `${a.point.text} / ${b.point.text}: symbolic offset (bind the sizes with -D)`);
    lin.push({ coef, c });
  }
  const range = (l: Loop) => domain.rangeOf(l);
  const feasible = (psi: Dir4[]): boolean => {
    for (let k = 0; k < psi.length; k++) if (forcedEqual.has(k) && psi[k] !== "=" && psi[k] !== "*") return false;
    for (const { coef, c } of lin) {
      // GCD test.
      let g = 0n;
      const add = (q: Rational) => { g = gcdBig(g, q.num); };
      let integral = c.isInteger();
      const terms: { x?: Rational; y?: Rational; dir: Dir4 | null; loop: Loop }[] = [];
      for (let k = 0; k < loops.length; k++) {
        const ca = coef.get(va(loops[k].var)) ?? Rational.ZERO, cb = (coef.get(vb(loops[k].var)) ?? Rational.ZERO);
        terms.push({ x: ca, y: cb, dir: forcedEqual.has(k) ? "=" : psi[k], loop: loops[k] });
        if (!ca.isInteger() || !cb.isInteger()) integral = false;
      }
      for (const l of a.loops.slice(loops.length)) terms.push({ x: coef.get(va(l.var)) ?? Rational.ZERO, dir: null, loop: l });
      for (const l of b.loops.slice(loops.length)) terms.push({ y: coef.get(vb(l.var)) ?? Rational.ZERO, dir: null, loop: l });
      if (integral) {
        for (const t of terms) {
          if (t.dir === "=") add(t.x!.add(t.y!));
          else { if (t.x) add(t.x); if (t.y) add(t.y); }
        }
        if (g === 0n ? c.num !== 0n : c.num % g !== 0n) return false;
      }
      // Banerjee bounds: h = sum_k (x_k*i_k + y_k*j_k) + c where y_k are the coefficients of
      // the b-variables in f(i) - g(j). Exact vertices when the loop's range is known; with
      // an unknown range, the unbounded forms (i < j is j = i + d, d >= 1).
      let lo = c.toNumber(), hi = c.toNumber();
      for (const t of terms) {
        const x = (t.x ?? Rational.ZERO).toNumber(), y = (t.y ?? Rational.ZERO).toNumber();
        if (x === 0 && y === 0) continue;
        const r = range(t.loop);
        let tl: number, th: number;
        if (r) {
          const L = r[0].toNumber(), U = r[1].toNumber();
          let pts: [number, number][];
          if (t.dir === null) pts = [[L, L], [U, U]].map(([p]) => (t.x ? [p, 0] : [0, p]) as [number, number]);
          else if (t.dir === "=") pts = [[L, L], [U, U]];
          else if (t.dir === "<") { if (U - L < 1) return false; pts = [[L, L + 1], [L, U], [U - 1, U]]; }
          else if (t.dir === ">") { if (U - L < 1) return false; pts = [[L + 1, L], [U, L], [U, U - 1]]; }
          else pts = [[L, L], [L, U], [U, L], [U, U]];
          const vals = pts.map(([p, q]) => x * p + y * q);
          tl = Math.min(...vals); th = Math.max(...vals);
        } else if (t.dir === null || t.dir === "*" || x + y !== 0) {
          tl = -Infinity; th = Infinity;
        } else if (t.dir === "=") { tl = 0; th = 0; }
        else { // x = -y: h_k = y*(j - i) with j - i >= 1 ('<') or <= -1 ('>')
          const s = t.dir === "<" ? y : -y;
          [tl, th] = s > 0 ? [s, Infinity] : [-Infinity, s];
        }
        lo += tl; hi += th;
      }
      if (lo > 0 || hi < 0) return false;
    }
    return true;
  };
  // Hierarchical refinement from all-'*'.
  const found: Dir[][] = [];
  const refine = (psi: Dir4[], k: number) => {
    if (!feasible(psi)) return;
    if (k === psi.length) { found.push(psi as Dir[]); return; }
    for (const d of ["<", "=", ">"] as Dir[]) refine([...psi.slice(0, k), d, ...psi.slice(k + 1)], k + 1);
  };
  refine(loops.map(() => "*"), 0);
  return classify(a, b, found, loops, a.name, self);
}

/** Splits feasible vectors into dependences a->b and b->a, each with lexicographically positive directions. */
function classify(a: Ref, b: Ref, vectors: Dir[][], loops: readonly Loop[], name: string, self: boolean, assumed?: string): Dependence[] {
  const ab: Dir[][] = [], ba: Dir[][] = [];
  let independentEqual = false;
  for (const v of vectors) {
    const first = v.find((d) => d !== "=");
    if (first === "<") ab.push(v);
    else if (first === ">") { if (!self) ba.push(v.map((d) => (d === "<" ? ">" : d === ">" ? "<" : "=")) as Dir[]); }
    else if (!self) independentEqual = true;
  }
  // Loop-independent (all '='): textual order decides; within one statement reads come first.
  if (independentEqual) {
    const aFirst = a.order < b.order || (a.order === b.order && a.kind === "read");
    (aFirst ? ab : ba).push(loops.map(() => "=" as Dir));
  }
  const isReduction = (r: Ref) => !!r.stmt.update && r.stmt.update.target === r.point.text;
  const reduction = a.stmt === b.stmt && isReduction(a) && isReduction(b);
  const floatReduction = reduction && !!a.stmt.update?.float;
  const make = (src: Ref, dst: Ref, dirs: Dir[][]): Dependence | null =>
    dirs.length === 0 ? null : {
      kind: src.kind === "write" ? (dst.kind === "write" ? "output" : "flow") : "anti",
      name, scalar: src.scalar, source: src.point, sink: dst.point, loops: loops.map((l) => l.var),
      directions: dirs, reduction, floatReduction, ...(assumed ? { assumed } : {}),
    };
  return [make(a, b, ab), make(b, a, ba)].filter((d): d is Dependence => d !== null);
}

function gcdBig(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b) [a, b] = [b, a % b];
  return a;
}

export function describe(d: Dependence): string {
  const where = d.source.text === d.sink.text && d.source.line === d.sink.line
    ? `${d.source.text} (line ${d.source.line})` : `${d.source.text} (line ${d.source.line}) to ${d.sink.text} (line ${d.sink.line})`;
  const dirs = d.directions.slice(0, 3).map((v) => `(${v.join(", ")})`).join(" ");
  return `${d.kind} dependence on ${d.name}: ${where}, direction${d.directions.length > 1 ? "s" : ""} ${dirs} over (${d.loops.join(", ")})${d.assumed ? ` — assumed: ${d.assumed}` : ""}`;
}

export type { Enclosing };
