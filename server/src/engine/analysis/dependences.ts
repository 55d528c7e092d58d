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
import type { ArrayInfo, Loop, Nest, Node, Stmt } from "../ir/types";
import { emptyOps } from "../ir/expr";
import { SYMBOL_NAME } from "../ir/facts";
import { ALL_CALLS, Domain, fromLeast, leastSymbols, walk, type Enclosing } from "./domain";
import { check } from "../budget";
import { difference, feasible as solvable, linearOf, type Linear } from "./fourierMotzkin";

/** A direction of a dependence at one loop; `*` is any of the three, left unrefined where listing
 *  them would exceed MAX_VECTORS (deep nests): every consumer treats it as possibly `>`. */
export type Dir = "<" | "=" | ">" | "*";

/** Direction vectors kept per pair of references: 3^6, so the work is polynomial in nest depth. */
const MAX_VECTORS = 729;

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
  /** Declarator offset of a scalar: same-named variables declared in sibling scopes are distinct. */
  readonly decl?: number;
  readonly info?: ArrayInfo;
  /** A call that is not pure: it may touch any array and any global (the reason says why). */
  readonly effect?: string;
  /** A file-scope scalar (calls may touch it). */
  readonly global?: boolean;
}

export function collectRefs(nest: Nest): Ref[] {
  const refs: Ref[] = [];
  let order = 0;
  // Inside an inlined call, every reference belongs to the calling statement (its order, its
  // Stmt): rewrites move that statement whole.
  let caller: { st: Stmt; order: number } | null = null;
  const visit = (n: Node, path: readonly Enclosing[]) => {
    const st = n.kind === "stmt" ? n : n.kind === "if" ? n.cond : null;
    if (caller) {
      const outer = caller;
      const mine = refs.length;
      const saved = order;
      order = outer.order;
      visitOne(n, path, st);
      order = saved;
      for (let i = mine; i < refs.length; i++) refs[i] = { ...refs[i], stmt: outer.st, order: outer.order };
      return;
    }
    visitOne(n, path, st);
    const calls = st?.inlined;
    if (st && calls?.length) {
      caller = { st, order: order - 1 };
      for (const c of calls) walk(c.body, path, visit, ALL_CALLS);
      caller = null;
    }
  };
  const visitOne = (n: Node, path: readonly Enclosing[], st: Stmt | null) => {
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
      refs.push({ name: s.name, kind: s.kind, point: pt(s.name, s.span), subscripts: [], loops, order, stmt: st, scalar: true, owner: s.owner, global: s.global, decl: s.decl });
    order++;
  };
  walk([nest.root], [], visit);
  return refs;
}

const pt = (text: string, span: { line: number; start: number; end: number }): RefPoint => ({ text, line: span.line, start: span.start, end: span.end });

/** Dependences of a nest. `bindings` supply symbol values for the tests. */
/** While set (rowsFitting), a linearised subscript whose rows are only assumed to fit their
 *  stride is delinearised anyway, and the condition (`c->cols - b->cols >= 0`) collected. */
let rowConditions: Map<string, Poly> | null = null;

/** Records `p >= 0` as a row condition, when rowsFitting allows one and p names only sizes a
 *  run-time check can spell (`cols`, `c->cols`, `l.batch`, not an internal symbol) and none of
 *  `loopVars`; false when it cannot be assumed. */
function assumeRow(p: Poly, loopVars: ReadonlySet<string> = new Set()): boolean {
  if (!rowConditions || p.constantValue() || [...p.symbols()].some((s) => loopVars.has(s) || !SYMBOL_NAME.test(s))) return false;
  rowConditions.set(p.key(), p);
  return true;
}

/**
 * Runs `f` with the dependence tests allowed to assume that each row of a linearised subscript
 * fits its stride (`c->v[i*c->cols + j]` with j < b->cols: b->cols <= c->cols), where only
 * that keeps two rows apart; returns the conditions assumed, which the caller must check at
 * run time before the code that relied on them (Engine.transform under deferGuards).
 */
export function rowsFitting<T>(f: () => T): { value: T; conditions: Poly[] } {
  const saved = rowConditions;
  rowConditions = new Map();
  try {
    const value = f();
    return { value, conditions: [...rowConditions.values()] };
  } finally { rowConditions = saved; }
}

export function dependences(nest: Nest, bindings: Bindings): Dependence[] {
  const domain = new Domain(bindings);
  walk([nest.root], [], (n) => { if (n.kind === "loop" && n.tripCount) domain.enter(n); }, ALL_CALLS);
  const refs = collectRefs(nest);
  const out: Dependence[] = [];
  for (let x = 0; x < refs.length; x++) {
    for (let y = x; y < refs.length; y++) {
      const a = refs[x], b = refs[y];
      if (a.kind === "read" && b.kind === "read") continue;
      check();
      if (x === y && a.kind !== "write") continue;
      if (a.scalar && b.scalar && a.decl !== b.decl) continue; // `int t` of one loop body is not the `t` of its sibling
      if (a.name !== b.name) {
        const alias = mayAlias(a, b, !!nest.noalias);
        if (alias) out.push(...assumeAll(a, b, `${a.name}/${b.name}`, alias));
        continue;
      }
      out.push(...pair(a, b, x === y, domain, bindings));
    }
  }
  return out;
}

/**
 * What `nest.noalias` assumes for this nest: "assuming out and in do not overlap", naming (in
 * order of first use) the arrays of every pair that may alias otherwise; null when no pair may.
 * Every figure, refusal and rewrite computed under the assumption carries this text.
 */
export function noAliasAssumption(nest: Nest): string | null {
  if (!nest.noalias) return null;
  const names: string[] = [];
  const add = (n: string) => { if (!names.includes(n)) names.push(n); };
  for (const [a, b] of parameterPairs(nest)) { add(a.name); add(b.name); }
  if (names.length < 2) return null;
  const list = names.length === 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `assuming ${list} do not overlap`;
}

/** Matches the note noAliasAssumption makes (rewrites that rely on the assumption carry it). */
export const NO_ALIAS_NOTE = /^assuming .* do not overlap$/;

/**
 * The pairs of references to two arrays (one of them written) that only the no-alias
 * assumption keeps apart (parametersMayAlias), each pair of names once, in order of first use.
 */
export function parameterPairs(nest: Nest): [Ref, Ref][] {
  const refs = collectRefs(nest).filter((r) => !r.scalar && r.info);
  const out: [Ref, Ref][] = [];
  const seen = new Set<string>();
  for (let x = 0; x < refs.length; x++)
    for (let y = x + 1; y < refs.length; y++) {
      const a = refs[x], b = refs[y];
      if (a.name === b.name || (a.kind === "read" && b.kind === "read") || !parametersMayAlias(a, b)) continue;
      const key = a.name < b.name ? `${a.name}\0${b.name}` : `${b.name}\0${a.name}`;
      if (!seen.has(key)) { seen.add(key); out.push([a, b]); }
    }
  return out;
}

/** Two known arrays, one of them a pointer parameter (which may point into the other), neither
 *  restrict: what the no-alias assumption (and a run-time overlap check, optimize/versioning.ts)
 *  rules out. Nothing else is assumed away by it. */
export function parametersMayAlias(a: { info?: ArrayFlags }, b: { info?: ArrayFlags }): boolean {
  // A parameter the function never assigns cannot point into an array of the function's own frame.
  if (a.info && b.info && ((a.info.automatic && !b.info.reassigned) || (b.info.automatic && !a.info.reassigned))) return false;
  return !!a.info && !!b.info && (a.info.isParameter || b.info.isParameter) && !a.info.restrict && !b.info.restrict;
}
type ArrayFlags = { isParameter: boolean; restrict: boolean; automatic?: boolean; reassigned?: boolean };

/** Why references to two different names may touch the same memory, or null. Under `noalias`
 *  two pointer parameters do not; a call that may touch memory, or a pointer whose target is not
 *  known, still may. */
function mayAlias(a: Ref, b: Ref, noalias: boolean): string | null {
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
  if (a.info.restrict || b.info.restrict || noalias || !parametersMayAlias(a, b)) return null;
  return `${a.name} and ${b.name} may alias (pointer parameters); declare them restrict, or assume they do not (--assume-noalias, // loopsmith: assume noalias)`;
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

/** Every direction vector of length m: the outer levels listed, `*` beyond MAX_VECTORS. */
function enumerate(m: number): Dir[][] {
  let vs: Dir[][] = [[]];
  for (let i = 0; i < m; i++) {
    const listed = vs.length * 3 <= MAX_VECTORS;
    vs = listed ? vs.flatMap((v) => (["<", "=", ">"] as Dir[]).map((d) => [...v, d])) : vs.map((v) => [...v, "*"]);
  }
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
  // A loop stepping by s != 1 from lo runs v = lo + s*t for t = 0, 1, ...: the renamed variable
  // is its counter t, so a distance d in v is d/s in t (none when s does not divide d) and the
  // directions are in iteration order (a loop counting down reverses them). Inner loops first:
  // a lower bound naming an outer loop's variable (`i = ii`) is renamed with that loop.
  const va = (v: string) => `a:${v}`, vb = (v: string) => `b:${v}`;
  // A loop starting at an outer loop's variable (the point loop of a tile, `i = i_t`) is also
  // renamed by its counter: i = i_t + t with t below the tile size ties i to its tile.
  const outerVars = new Set([...a.loops, ...b.loops].map((l) => l.var));
  const stepped = (l: Loop) => l.step !== null && !!l.lower && (l.step !== 1n || [...l.lower.bind(bindings).symbols()].some((s) => outerVars.has(s)));
  const rename = (p: Poly, ls: readonly Loop[], f: (v: string) => string) => [...ls].reverse().reduce((q, l) => q.substitute(l.var,
    stepped(l) ? l.lower!.bind(bindings).add(Poly.symbol(f(l.var)).scale(Rational.of(l.step!))) : Poly.symbol(f(l.var))), p.bind(bindings));
  if (a.subscripts.length !== b.subscripts.length) return classify(a, b, enumerate(loops.length), loops, a.name, self, "references of different rank");
  const [sa, sb] = delinearise(a, b, bindings, domain) ?? [a.subscripts as Poly[], b.subscripts as Poly[]];
  const eqs: Poly[] = sa.map((s, d) => rename(s, a.loops, va).sub(rename(sb[d], b.loops, vb)));
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
  // The counter's range for a renamed loop: 0 .. trip - 1 for a constant trip count, else
  // 0 .. (max - min of v) / |s| (a superset when the lower bound moves with outer loops).
  const range = (l: Loop): readonly [Rational, Rational] | null => {
    const r = domain.rangeOf(l);
    if (!r && stepped(l) && l.minMax?.op === "min" && l.step! > 0n) {
      // A tile's point loop `i < min(i_t + T, N)` from i_t, step s: s*t < T (<= T) whatever N is.
      const ends = l.minMax.args.map((a) => a.bind(bindings).sub(l.lower!.bind(bindings)).constantValue()).filter((c): c is Rational => !!c && c.isInteger());
      if (ends.length) {
        const end = ends.reduce((x, y) => (y.compare(x) < 0 ? y : x)).sub(l.minMax.relation === "<" ? Rational.ONE : Rational.ZERO);
        if (end.sign() < 0) return null;
        const last = end.div(Rational.of(l.step!));
        return [Rational.ZERO, Rational.of(last.num / last.den)];
      }
    }
    if (!r || !stepped(l)) return r;
    const trip = l.tripCount?.bind(bindings).constantValue();
    if (trip && trip.isInteger() && trip.sign() > 0) return [Rational.ZERO, trip.sub(Rational.ONE)];
    const s = l.step! < 0n ? -l.step! : l.step!;
    const span = r[1].sub(r[0]).div(Rational.of(s));
    return [Rational.ZERO, Rational.of(span.num / span.den)];
  };
  const exact = coupledSystem(a, b, lin, vars, loops, bindings, stepped, rename, range, va, vb);
  const feasible = (psi: Dir[]): boolean => {
    for (let k = 0; k < psi.length; k++) if (forcedEqual.has(k) && psi[k] !== "=" && psi[k] !== "*") return false;
    if (!separately(psi)) return false;
    return !exact || exact(psi.map((d, k) => (forcedEqual.has(k) ? "=" : d)));
  };
  function separately(psi: Dir[]): boolean {
    for (const { coef, c } of lin) {
      // GCD test.
      let g = 0n;
      const add = (q: Rational) => { g = gcdBig(g, q.num); };
      let integral = c.isInteger();
      const terms: { x?: Rational; y?: Rational; dir: Dir | null; loop: Loop }[] = [];
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
  }
  // Hierarchical refinement from all-'*', level by level (outer first); a level whose feasible
  // vectors would exceed MAX_VECTORS stays '*' with every level inside it.
  const start: Dir[] = loops.map(() => "*");
  let found: Dir[][] = feasible(start) ? [start] : [];
  for (let k = 0; k < loops.length && found.length > 0; k++) {
    check();
    const next: Dir[][] = [];
    for (const psi of found)
      for (const d of ["<", "=", ">"] as Dir[]) {
        const q = [...psi];
        q[k] = d;
        if (feasible(q)) next.push(q);
      }
    if (next.length > MAX_VECTORS) break;
    found = next;
  }
  return classify(a, b, found, loops, a.name, self);
}

/**
 * The subscript equations of a pair solved together, with the loops' bounds and a direction
 * vector (analysis/fourierMotzkin.ts): GCD and Banerjee test one equation at a time over
 * rectangular ranges, so `cov[j][i]` against `cov[i][j]` with j >= i (equal only on the
 * diagonal) kept directions no iteration pair has. Built only where that can matter: a
 * variable in two equations, or a loop whose bounds name an outer loop. Each loop's variable
 * as the equations name it: the counter t of a renamed loop (0 <= t <= trip - 1, the trip
 * count in the outer loops' variables), else v (lower <= v <= lower + trip - 1). A bound that
 * is not affine is left out (a larger region: conservative).
 */
function coupledSystem(a: Ref, b: Ref, lin: readonly { coef: Map<string, Rational>; c: Rational }[], vars: readonly { name: string; loop: Loop }[], loops: readonly Loop[], bindings: Bindings,
  stepped: (l: Loop) => boolean, rename: (p: Poly, ls: readonly Loop[], f: (v: string) => string) => Poly, range: (l: Loop) => readonly [Rational, Rational] | null,
  va: (v: string) => string, vb: (v: string) => string): ((psi: readonly Dir[]) => boolean) | null {
  const uses = new Map<string, number>();
  for (const e of lin) for (const x of e.coef.keys()) uses.set(x, (uses.get(x) ?? 0) + 1);
  const loopVars = new Set(vars.map((v) => v.loop.var));
  const triangular = [...a.loops, ...b.loops].some((l) => [...(l.lower?.bind(bindings).symbols() ?? []), ...(l.tripCount?.bind(bindings).symbols() ?? [])].some((x) => loopVars.has(x) && x !== l.var));
  if (!triangular && ![...uses.values()].some((n) => n > 1)) return null;
  const names = new Set(vars.map((v) => v.name));
  /** An affine polynomial as a constraint row (its size symbols as variables `s:NAME`), or null. */
  const affine = (p: Poly): Linear | null => linearOf(p, (x) => (names.has(x) ? x : `s:${x}`));
  const minus = difference;
  const one = (x: string): Linear => ({ coef: new Map([[x, Rational.ONE]]), c: Rational.ZERO });
  const ges: Linear[] = [];
  for (const [side, f] of [[a, va], [b, vb]] as const) {
    for (const l of side.loops) {
      const x = one(f(l.var));
      const r = range(l);
      if (r) ges.push({ coef: x.coef, c: r[0].neg() }, { coef: new Map([[f(l.var), Rational.of(-1)]]), c: r[1] });
      const trip = l.tripCount ? affine(rename(l.tripCount.bind(bindings), side.loops, f)) : null;
      if (stepped(l)) {
        ges.push(x);
        if (trip) ges.push(minus({ coef: trip.coef, c: trip.c.sub(Rational.ONE) }, x)); // trip - 1 - t >= 0
      } else if (l.lower) {
        const lower = affine(rename(l.lower.bind(bindings), side.loops, f));
        if (!lower) continue;
        ges.push(minus(x, lower)); // v - lower >= 0
        if (trip) ges.push(minus({ coef: new Map([...lower.coef, ...[...trip.coef].map(([k, v]) => [k, (lower.coef.get(k) ?? Rational.ZERO).add(v)] as const)]), c: lower.c.add(trip.c).sub(Rational.ONE) }, x));
      }
    }
  }
  const eqs: Linear[] = lin.map((e) => ({ coef: e.coef, c: e.c }));
  return (psi) => {
    const dirs: Linear[] = [];
    const eq2: Linear[] = [...eqs];
    psi.forEach((d, k) => {
      const xa = one(va(loops[k].var)), xb = one(vb(loops[k].var));
      if (d === "=") eq2.push(minus(xb, xa));
      else if (d === "<") dirs.push({ ...minus(xb, xa), c: Rational.of(-1) }); // xb - xa - 1 >= 0
      else if (d === ">") dirs.push({ ...minus(xa, xb), c: Rational.of(-1) });
    });
    return solvable(eq2, [...ges, ...dirs]);
  };
}

/**
 * A linearised subscript (`x[b*F*S + f*S + i]`) read as one subscript per digit, when its terms
 * are the digits of a mixed-radix number on both references: the loop variables are grouped by
 * coefficient C_1 < C_2 < ... and, over the loops' ranges, 0 <= sum_{j<k} C_j*g_j <= C_k - 1 for
 * every k (each C_j >= 1). Then f(i) = f(j) iff g_k(i) = g_k(j) for every k: equal subscripts
 * need equal digits (the argument of Maslov, "Delinearization: an efficient way to break
 * multiloop dependence equations", PLDI 1992). The conditions are proved, not assumed: exactly
 * for bound sizes, symbolically by requiring non-negative coefficients after writing every
 * symbol that is the trip count of a loop around either reference as 1 + (a non-negative
 * value) (both references run, so those loops run). Null when the form does not apply.
 */
function delinearise(a: Ref, b: Ref, bindings: Bindings, domain: Domain): [Poly[], Poly[]] | null {
  if (a.subscripts!.length !== 1 || b.subscripts!.length !== 1) return null;
  // Both references run only when every loop around them runs at least once (leastSymbols:
  // W - 2 iterations say W >= 3). A polynomial is non-negative when it is, written in
  // S' = S - least(S) >= 0, with non-negative coefficients.
  const least = leastSymbols([...a.loops, ...b.loops], bindings);
  const nonNegative = (p: Poly): boolean => {
    const { shifted, free } = fromLeast(p.bind(bindings), least);
    return free.length === 0 && shifted.nonNegativeCoefficients();
  };
  type Side = { digits: Map<string, { coef: Poly; vars: Loop[] }>; rest: Poly };
  const split = (p: Poly, loops: readonly Loop[]): Side | null => {
    const vars = new Set(loops.map((l) => l.var));
    const digits = new Map<string, { coef: Poly; vars: Loop[] }>();
    let rest = p.bind(bindings);
    for (const l of loops) {
      const d = rest.degreeIn(l.var);
      if (d === 0) continue;
      if (d > 1 || rest.mentionsInsideFloor(l.var)) return null;
      const coef = rest.coefficientOf(l.var, 1);
      if ([...coef.symbols()].some((s) => vars.has(s))) return null;
      rest = rest.coefficientOf(l.var, 0);
      const k = coef.key();
      digits.set(k, { coef, vars: [...(digits.get(k)?.vars ?? []), l] });
    }
    if ([...rest.symbols()].some((s) => vars.has(s))) return null;
    return { digits, rest };
  };
  const A = split(a.subscripts![0]!, a.loops), B = split(b.subscripts![0]!, b.loops);
  if (!A || !B || !A.rest.equals(B.rest)) return null;
  const coefs = new Map<string, Poly>();
  for (const s of [A, B]) for (const [k, d] of s.digits) coefs.set(k, d.coef);
  if (coefs.size < 2) return null;
  // Candidate order by size (unbound symbols as 1000); the conditions below prove it or fail.
  const big = new Map<string, Rational>([...bindings]);
  for (const c of coefs.values()) for (const s of c.symbols()) if (!big.has(s)) big.set(s, Rational.of(1000n));
  const size = (c: Poly) => c.evaluate(big)?.toNumber() ?? NaN;
  const levels = [...coefs.entries()].sort((x, y) => size(x[1]) - size(y[1]));
  if (levels.some(([, c]) => Number.isNaN(size(c)))) return null;
  for (const [, c] of levels) {
    if (nonNegative(c.sub(Poly.ONE))) continue;
    // A stride of at least 1 (c->cols >= 1): assumed with the rows' fit, or not known.
    if (!assumeRow(c.sub(Poly.ONE).bind(bindings))) return null;
  }
  const around = [...a.loops, ...b.loops];
  const loopVars = new Set(around.map((x) => x.var));
  // The values a loop's counter takes, as bounds in the symbols: a bound on an outer counter
  // (j <= i, triangular) is taken at that counter's own extreme (i <= n - 1, so j <= n - 1).
  const range = (l: Loop, depth = 0): [Poly, Poly] | null => {
    const r = domain.rangeOf(l);
    if (r) return [Poly.constant(r[0]), Poly.constant(r[1])];
    if (!l.lower || !l.tripCount || l.step === null || depth > 8) return null;
    const first = l.lower.bind(bindings), last = first.add(l.tripCount.bind(bindings).sub(Poly.ONE).scale(Rational.of(l.step)));
    const extreme = (p: Poly, wantMax: boolean): Poly | null => {
      for (const o of around) {
        if (o === l || !p.mentions(o.var)) continue;
        const c = p.degreeIn(o.var) === 1 ? p.coefficientOf(o.var, 1).constantValue() : null;
        const ro = c ? range(o, depth + 1) : null;
        if (!c || !ro) return null;
        p = p.coefficientOf(o.var, 0).add(ro[(c.sign() > 0) === wantMax ? 1 : 0].scale(c));
      }
      return [...p.symbols()].some((s) => loopVars.has(s)) ? null : p;
    };
    const [lo, hi] = l.step > 0n ? [extreme(first, false), extreme(last, true)] : [extreme(last, false), extreme(first, true)];
    return lo && hi ? [lo, hi] : null;
  };
  for (const side of [A, B]) {
    let min = Poly.ZERO, max = Poly.ZERO;
    for (let k = 0; k < levels.length; k++) {
      if (k > 0 && !nonNegative(min)) return null;
      const room = levels[k][1].sub(Poly.ONE).sub(max).bind(bindings);
      if (k > 0 && !nonNegative(room)) {
        // The lower digits may reach past the stride of this one: unless assumed (and checked).
        if (!assumeRow(room, loopVars)) return null;
      }
      for (const l of side.digits.get(levels[k][0])?.vars ?? []) {
        const r = range(l);
        if (!r) return null;
        min = min.add(levels[k][1].mul(r[0]));
        max = max.add(levels[k][1].mul(r[1]));
      }
    }
  }
  const digitsOf = (s: Side) => levels.map(([k]) => (s.digits.get(k)?.vars ?? []).reduce((p, l) => p.add(Poly.symbol(l.var)), Poly.ZERO)).reverse();
  return [digitsOf(A), digitsOf(B)];
}

/** Splits feasible vectors into dependences a->b and b->a, each with lexicographically positive directions. */
function classify(a: Ref, b: Ref, vectors: Dir[][], loops: readonly Loop[], name: string, self: boolean, assumed?: string): Dependence[] {
  const ab: Dir[][] = [], ba: Dir[][] = [];
  let independentEqual = false;
  for (const v of vectors.flatMap(leadingSplit)) {
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

/** A vector whose first non-'=' direction is '*', as the vectors with '<', then '=' (split again),
 *  then '>' there: after it every vector's first non-'=' direction is a real one. */
function leadingSplit(v: Dir[]): Dir[][] {
  const f = v.findIndex((d) => d !== "=");
  if (f < 0 || v[f] !== "*") return [v];
  const at = (d: Dir) => { const w = [...v]; w[f] = d; return w; };
  return [at("<"), ...leadingSplit(at("=")), at(">")];
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
