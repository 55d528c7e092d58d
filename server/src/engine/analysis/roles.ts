// Tensor roles: the deep-learning names of a nest's loops (batch N, output channels K, input
// channels C, output rows/columns H/W, kernel window R/S), each array's layout in those names
// (`I` is CHW) and the order the loops walk memory in (`KHWRSC`): the course notes' first
// question (which order does this conv walk memory in?) in the user's vocabulary.
//
// Roles come only from how the loops index the arrays, never from the letters: the written
// array is the output; a read array with a window subscript (`x + i`, `x*S + i - P`) is the
// input; the other read arrays are weights (indexed by a reduction loop) or per-output
// parameters (bias). A loop that the evidence does not pin down gets no role (and a matmul,
// whose two operands are interchangeable, gets only reduction flags): an absent role is an
// answer, a guessed one is a wrong answer. Every role carries the subscripts it came from.
//
// Invariants: pure (IR and bound values in, plain data out); a role string is one of
// N K C H W R S; a layout exists only when every dimension of the array has a role.

import type { Bindings } from "../symbolic/poly";
import { Poly } from "../symbolic/poly";
import type { Access, Loop, Nest, Node } from "../ir/types";

export type Role = "N" | "K" | "C" | "H" | "W" | "R" | "S";

export interface LoopRole {
  /** Absent when only the reduction flag is certain. */
  role?: Role;
  /** The loop does not index the written array: its iterations accumulate into the same elements. */
  reduction: boolean;
  /** Which subscripts of which arrays the role (or flag) was read from. */
  evidence: string;
}

export interface ArrayWalk {
  /** The roles of the array's dimensions in the order the nest's loops walk them, outer to inner (`HWRSC`). */
  order: string;
  /** The loops walk the array's dimensions outer to inner, as it is laid out. */
  inLayoutOrder: boolean;
  /** The innermost loop of the nest, its role, and the role of the array dimension it moves
   *  (a window loop moves its window's dimension: S moves W); absent when it does not index the array. */
  innermost: { loop: string; role: Role; moves?: Role };
}

export interface TensorRoles {
  /** By loop variable; loops with neither a role nor a reduction flag are not listed. */
  roles: Map<string, LoopRole>;
  /** Array name -> layout (`CHW`), for arrays whose every dimension has a role. */
  layouts: Map<string, string>;
  /** Roles of the deepest path's loops, outer to inner, when every one has a role. */
  accessOrder: string | null;
  walks: Map<string, ArrayWalk>;
}

/** A reference to analyse: the access and the loops around it (outer to inner). */
export interface RoleRef { readonly access: Access; readonly loops: readonly Loop[] }

/** One subscript in terms of loop variables: `x*S + i - P` is [{x, S}, {i, 1}]. */
type Term = { v: string; coef: Poly };
type Sub = { terms: Term[]; text: string } | null;

const NONE: TensorRoles = { roles: new Map(), layouts: new Map(), accessOrder: null, walks: new Map() };

/** `locals`: integer locals with their definitions (`OL = L - K + 1`), to prove flat subscripts split. */
export function tensorRoles(refs: readonly RoleRef[], loops: readonly Loop[], deepest: readonly string[], bindings: Bindings, locals?: ReadonlyMap<string, Poly>): TensorRoles {
  // One written array and at least one read one, or no roles (checked before the subscripts' work).
  const arrays = new Set(refs.map((r) => r.access.array));
  if (new Set(refs.filter((r) => r.access.kind === "write").map((r) => r.access.array)).size !== 1 || arrays.size < 2) return NONE;
  const loopVars = new Set(loops.map((l) => l.var));
  const byVar = new Map(loops.map((l) => [l.var, l] as const));
  // Subscripts of each array, one list per access; an array with a subscript that is not a sum
  // of loop terms (a data-dependent index, a flat index that does not split) ends the analysis.
  const subs = new Map<string, Sub[][]>();
  for (const r of refs) {
    const s = dimensions(r.access, loopVars, byVar, bindings, locals);
    if (!s || s.some((d) => d === null)) return NONE;
    subs.set(r.access.array, [...(subs.get(r.access.array) ?? []), s]);
  }
  for (const list of subs.values()) if (list.some((s) => s.length !== list[0].length)) return NONE;
  const written = [...new Set(refs.filter((r) => r.access.kind === "write").map((r) => r.access.array))];
  if (written.length !== 1) return NONE;
  const out = written[0];
  const reads = [...subs.keys()].filter((a) => a !== out);
  if (reads.length === 0) return NONE;

  // Where each loop appears: per array, the dimensions where it is alone (coefficient 1) and
  // the dimensions where it is summed with other loops.
  const alone = (a: string, v: string): number[] => dimsWhere(subs.get(a)!, (s) => s.terms.length === 1 && s.terms[0].v === v && isOne(s.terms[0].coef));
  const anywhere = (a: string, v: string): boolean => subs.get(a)!.some((acc) => acc.some((s) => s!.terms.some((t) => t.v === v)));
  const inOut = (v: string) => anywhere(out, v);
  const reduction = new Set([...loopVars].filter((v) => !inOut(v) && reads.some((a) => anywhere(a, v))));

  // Window subscripts of read arrays: one loop indexing the output alone plus one reduction loop.
  type Window = { array: string; dim: number; spatial: string; window: string };
  const windows: Window[] = [];
  for (const a of reads) {
    const dims = subs.get(a)![0].length;
    for (let d = 0; d < dims; d++) {
      const forms = subs.get(a)!.map((acc) => acc[d]!);
      const two = forms[0].terms.length === 2 ? forms[0].terms : null;
      if (!two || forms.some((f) => f!.terms.length !== 2 || f!.terms.some((t, i) => t.v !== two[i].v))) continue;
      const sp = two.find((t) => !reduction.has(t.v) && alone(out, t.v).length === 1);
      const wi = two.find((t) => reduction.has(t.v));
      if (sp && wi && sp !== wi) windows.push({ array: a, dim: d, spatial: sp.v, window: wi.v });
    }
  }
  // Transposed conv, scatter form (`O[k][x*2 + i][y*2 + j] += I[c][x][y] * W[c][k][i][j]`): the
  // window sums are in the written array, of a loop that indexes one read array alone (the
  // input's spatial loop) and a loop that indexes another alone and not the first (the window).
  let scatter = false;
  if (windows.length === 0) {
    const dims = subs.get(out)![0].length;
    const found: Window[] = [];
    for (let d = 0; d < dims; d++) {
      const forms = subs.get(out)!.map((acc) => acc[d]!);
      const two = forms[0].terms.length === 2 ? forms[0].terms : null;
      if (!two || forms.some((f) => f!.terms.length !== 2 || f!.terms.some((t, i) => t.v !== two[i].v))) continue;
      for (const [u, v] of [[two[0].v, two[1].v], [two[1].v, two[0].v]]) {
        const xs = reads.filter((a) => alone(a, u).length === 1 && !anywhere(a, v));
        const ws = reads.filter((a) => alone(a, v).length === 1 && !anywhere(a, u));
        if (xs.length === 1 && ws.length >= 1 && isOne(two.find((t) => t.v === v)!.coef)) found.push({ array: xs[0], dim: d, spatial: u, window: v });
      }
    }
    if (found.length && new Set(found.map((w) => w.array)).size === 1 && new Set(found.map((w) => w.dim)).size === found.length) {
      windows.push(...found);
      scatter = true;
    }
  }
  const inputs = [...new Set(windows.map((w) => w.array))];
  if (inputs.length > 1) return NONE;
  let input: string | undefined = inputs[0];
  const roles = new Map<string, LoopRole>();
  const at = (a: string, dims: number[]) => `${a}'s dim ${dims.map((d) => d + 1).join(",")}`;
  if (input) {
    // First window dimension H (rows), second W (columns); one alone is a 1-D conv's W.
    const names: [Role, Role][] = windows.length === 2 ? [["H", "R"], ["W", "S"]] : windows.length === 1 ? [["W", "S"]] : [];
    if (!names.length) input = undefined;
    windows.forEach((w, k) => {
      if (!names.length || roles.has(w.spatial) || roles.has(w.window)) return;
      if (scatter) {
        const sub = subs.get(out)![0][w.dim]!.text;
        const wts = reads.filter((a) => a !== w.array && alone(a, w.window).length === 1);
        roles.set(w.spatial, { role: names[k][0], reduction: false, evidence: `${w.spatial} indexes ${at(w.array, alone(w.array, w.spatial))} and is summed with window loop ${w.window} in ${out}'s dim ${w.dim + 1} (${sub}): transposed conv` });
        roles.set(w.window, { role: names[k][1], reduction: false, evidence: `${w.window} indexes ${wts.map((a) => at(a, alone(a, w.window))).join(" and ")}, not ${w.array}, and is summed with input loop ${w.spatial} in ${out}'s dim ${w.dim + 1} (${sub}): transposed conv` });
        return;
      }
      const sub = subs.get(w.array)![0][w.dim]!.text;
      roles.set(w.spatial, { role: names[k][0], reduction: false, evidence: `${w.spatial} indexes ${at(out, alone(out, w.spatial))} and is summed with reduction loop ${w.window} in ${w.array}'s dim ${w.dim + 1} (${sub})` });
      roles.set(w.window, { role: names[k][1], reduction: true, evidence: `${w.window} does not index ${out} and is summed with output loop ${w.spatial} in ${w.array}'s dim ${w.dim + 1} (${sub})` });
    });
  } else {
    // No window (FC, matrix-vector): the input is the one operand indexed by reduction loops
    // only (every output reads all of it). Two operands that both carry output loops are a
    // matmul (= a batched FC): nothing tells input from weights, so no roles there.
    const onlyReduction = reads.filter((a) => [...loopVars].every((v) => !anywhere(a, v) || reduction.has(v)) && [...reduction].some((v) => anywhere(a, v)));
    const mixed = reads.filter((a) => [...reduction].some((v) => anywhere(a, v)) && [...loopVars].some((v) => anywhere(a, v) && !reduction.has(v)));
    if (onlyReduction.length === 1 && mixed.length === 1) input = onlyReduction[0];
  }
  const windowLoops = new Set(windows.map((w) => w.window));
  const weights = input ? reads.filter((a) => a !== input && [...reduction, ...(scatter ? windowLoops : [])].some((v) => anywhere(a, v))) : [];
  const params = input ? reads.filter((a) => a !== input && !weights.includes(a)) : [];

  if (input) {
    const inIn = (v: string) => anywhere(input!, v);
    const inW = (v: string) => weights.some((a) => anywhere(a, v));
    const where = (v: string, arrays: string[]) => arrays.filter((a) => alone(a, v).length === 1).map((a) => at(a, alone(a, v)));
    // Loops that index the output and the input alone, not the weights: batch, or (pooling,
    // depthwise without weights) channels.
    const shared: string[] = [];
    for (const v of loopVars) {
      if (roles.has(v)) continue;
      const o = alone(out, v), i = alone(input, v);
      if (o.length === 1 && !inIn(v) && [...loopVars].every((u) => u === v || !subs.get(out)!.some((acc) => acc[o[0]]!.terms.some((t) => t.v === u)))) {
        roles.set(v, { role: "K", reduction: false, evidence: `${v} indexes ${[at(out, o), ...where(v, [...weights, ...params])].join(" and ")}, not ${input}` });
      } else if (reduction.has(v) && i.length === 1 && weights.every((a) => alone(a, v).length === 1)) {
        roles.set(v, { role: "C", reduction: true, evidence: `${v} indexes ${[at(input, i), ...where(v, weights)].join(" and ")}, not ${out}` });
      } else if (o.length === 1 && i.length === 1 && weights.length > 0 && weights.every((a) => alone(a, v).length === 1)) {
        roles.set(v, { role: "C", reduction: false, evidence: `${v} indexes ${[at(out, o), at(input, i), ...where(v, weights)].join(" and ")}: one filter per channel (depthwise)` });
      } else if (o.length === 1 && i.length === 1 && !inW(v)) shared.push(v);
    }
    const first = (v: string) => alone(out, v)[0] === 0 && alone(input!, v)[0] === 0;
    const why = (v: string) => `${v} indexes ${at(out, alone(out, v))} and ${at(input!, alone(input!, v))}${weights.length ? `, not ${weights.join(", ")}` : ""}`;
    const firsts = shared.filter(first);
    if (weights.length > 0) {
      // With weights, only the outermost dimension of both is certain: the batch.
      for (const v of firsts) roles.set(v, { role: "N", reduction: false, evidence: `${why(v)}: the outermost dimension of both` });
    } else if (shared.length === 1) {
      roles.set(shared[0], { role: "C", reduction: false, evidence: `${why(shared[0])}: with no weights, the channel (pooling)` });
    } else if (shared.length === 2 && firsts.length === 1) {
      // Pooling over a batch: the outermost of the two is the batch, the other the channel.
      const [n] = firsts, c = shared.find((v) => v !== n)!;
      roles.set(n, { role: "N", reduction: false, evidence: `${why(n)}: the outermost dimension of both` });
      roles.set(c, { role: "C", reduction: false, evidence: `${why(c)}: with no weights, the channel (pooling) inside the batch ${n}` });
    }
  }
  if (!input && reduction.size === 0 && subs.get(out)![0].length >= 3) {
    // Elementwise over a tensor with per-channel parameters (batch norm, bias + activation):
    // the one loop that indexes every 1-D parameter is the channel; the other dimensions have
    // no evidence (batch and spatial dimensions look alike), so they get no role.
    const params1 = reads.filter((a) => subs.get(a)![0].length === 1);
    const v = params1.length ? subs.get(params1[0])![0][0]!.terms : [];
    const c = v.length === 1 ? v[0].v : undefined;
    if (c && params1.every((a) => alone(a, c).length === 1) && alone(out, c).length === 1 && reads.every((a) => params1.includes(a) || alone(a, c).length === 1))
      roles.set(c, { role: "C", reduction: false, evidence: `${c} indexes ${[out, ...reads.filter((a) => !params1.includes(a))].map((a) => at(a, alone(a, c))).join(" and ")} and is the only index of the per-channel ${params1.join(", ")}` });
  }
  // A role that two loops would share (two loops both K: a grouped or split dimension) says
  // nothing certain about either: withheld, the reduction flag kept.
  const holders = new Map<Role, string[]>();
  for (const [v, r] of roles) if (r.role) holders.set(r.role, [...(holders.get(r.role) ?? []), v]);
  for (const [role, vs] of holders) if (vs.length > 1) for (const v of vs) {
    const r = roles.get(v)!;
    if (r.reduction) roles.set(v, { reduction: true, evidence: `${r.evidence}; role ${role} withheld: ${vs.filter((u) => u !== v).join(", ")} would have it too` });
    else roles.delete(v);
  }
  for (const v of reduction) if (!roles.has(v)) roles.set(v, { reduction: true, evidence: `${v} does not index ${out} (written), only ${reads.filter((a) => anywhere(a, v)).join(", ")}` });

  // Layouts: each dimension's role (a window dimension has its output loop's role).
  const layouts = new Map<string, string>();
  for (const [a, list] of subs) {
    const rs = list[0].map((_, d) => {
      const got = new Set(list.map((acc) => {
        const s = acc[d]!;
        const named = s.terms.map((t) => roles.get(t.v)?.role);
        if (s.terms.length === 1) return named[0] ?? null;
        const w = windows.find((x) => (scatter ? a === out : x.array === a) && x.dim === d);
        return w && roles.get(w.spatial)?.role ? roles.get(w.spatial)!.role! : null;
      }));
      return got.size === 1 ? [...got][0] : null;
    });
    if (rs.length && rs.every((r) => r) && new Set(rs).size === rs.length) layouts.set(a, rs.join(""));
  }

  const order = deepest.map((v) => roles.get(v)?.role);
  const accessOrder = order.length && order.every((r) => r) ? order.join("") : null;
  const walks = new Map<string, ArrayWalk>();
  const innerVar = deepest[deepest.length - 1];
  const innerRole = innerVar ? roles.get(innerVar)?.role : undefined;
  if (accessOrder && innerRole) for (const [a, list] of subs) {
    if (!layouts.has(a)) continue;
    // The dimension each loop of the path moves, in loop order; a window loop moves its window's dimension.
    const moved: { role: Role; dim: number }[] = [];
    for (const v of deepest) {
      const d = list[0].findIndex((s) => s!.terms.some((t) => t.v === v));
      if (d >= 0) moved.push({ role: roles.get(v)!.role!, dim: d });
    }
    const d = list[0].findIndex((s) => s!.terms.some((t) => t.v === innerVar));
    const layout = layouts.get(a)!;
    walks.set(a, {
      order: moved.map((m) => m.role).join(""), inLayoutOrder: moved.every((m, k) => k === 0 || moved[k - 1].dim <= m.dim),
      innermost: { loop: innerVar, role: innerRole, ...(d >= 0 ? { moves: layout[d] as Role } : {}) },
    });
  }
  return { roles, layouts, accessOrder, walks };
}

/** tensorRoles of a whole nest, from its own references (null when a callee's are inlined, as in analyzeNest). */
export function nestRoles(nest: Nest, b: Bindings): TensorRoles | null {
  const refs: RoleRef[] = [];
  const all: Loop[] = [];
  let deepest: Loop[] = [];
  const visit = (n: Node, path: Loop[]) => {
    if (n.kind === "loop") {
      const p = [...path, n];
      all.push(n);
      if (p.length > deepest.length) deepest = p;
      n.body.forEach((c) => visit(c, p));
    } else if (n.kind === "if") {
      for (const a of n.cond.accesses) refs.push({ access: a, loops: path });
      [...n.then, ...n.else].forEach((c) => visit(c, path));
    } else for (const a of n.accesses) refs.push({ access: a, loops: path });
  };
  visit(nest.root, []);
  if (refs.some((r) => r.access.inlined)) return null;
  return tensorRoles(refs, all, deepest.map((l) => l.var), b, nest.locals);
}

const isOne = (p: Poly) => p.constantValue()?.equals(Poly.ONE.constantValue()!) ?? false;

function dimsWhere(list: Sub[][], pred: (s: { terms: Term[] }) => boolean): number[] {
  const out = new Set<number>();
  for (const acc of list) acc.forEach((s, d) => { if (s && pred(s)) out.add(d); });
  return [...out];
}

/**
 * The subscripts of an access as sums of loop terms, one per dimension. A flat subscript
 * (`I[(k*H + x + i)*W + y + j]`) is split into dimensions only when its loop coefficients are
 * numbers that nest without overlap (each larger than everything below it can reach), as in
 * Maslov's delinearisation; otherwise null (no roles).
 */
function dimensions(a: Access, vars: Set<string>, loops: Map<string, Loop>, b: Bindings, locals?: ReadonlyMap<string, Poly>): Sub[] | null {
  if (a.subscripts.some((s) => !s)) return null;
  if (a.via) return a.offset ? split(a.offset, vars, loops, b, locals) : null;
  if (a.subscripts.length > 1 || !mentionsMany(a.subscripts[0]!, vars)) return a.subscripts.map((s) => terms(s!, vars));
  // One subscript over several loops: a flat index to split, or a 1-D window (`x[i + k - 1]`).
  const one = terms(a.subscripts[0]!, vars);
  return split(a.subscripts[0]!, vars, loops, b, locals) ?? (one && one.terms.length === 2 && one.terms.every((t) => isOne(t.coef)) ? [one] : null);
}

function mentionsMany(p: Poly, vars: Set<string>): boolean {
  return [...vars].filter((v) => p.mentions(v)).length > 1;
}

function terms(p: Poly, vars: Set<string>): Sub {
  const ts: Term[] = [];
  for (const v of vars) {
    if (!p.mentions(v)) continue;
    if (p.degreeIn(v) !== 1 || p.mentionsInsideFloor(v)) return null;
    const coef = p.coefficientOf(v, 1);
    if ([...coef.symbols()].some((s) => vars.has(s))) return null;
    ts.push({ v, coef });
  }
  return { terms: ts, text: p.toString() };
}

function split(p: Poly, vars: Set<string>, loops: Map<string, Loop>, b: Bindings, locals?: ReadonlyMap<string, Poly>): Sub[] | null {
  const q = p.bind(b);
  const t = terms(q, vars);
  if (!t || t.terms.length === 0) return null;
  const rest = t.terms.reduce((r, x) => r.coefficientOf(x.v, 0), q).constantValue();
  if (!rest || !rest.isZero()) return null;
  // Group terms by coefficient; a group of two is a window (x + i).
  const groups = new Map<string, { coef: Poly; terms: Term[] }>();
  for (const x of t.terms) {
    const k = x.coef.key();
    groups.set(k, { coef: x.coef, terms: [...(groups.get(k)?.terms ?? []), x] });
  }
  // Symbols that are a loop's whole trip count are at least 1 (the loop runs, as the figures assume).
  const positive = new Set<string>();
  for (const l of loops.values()) {
    const tc = l.tripCount?.bind(b);
    const syms = tc ? [...tc.symbols()] : [];
    if (tc && syms.length === 1 && tc.equals(Poly.symbol(syms[0]))) positive.add(syms[0]);
  }
  const expand = (x: Poly): Poly => {
    for (let round = 0; round < 4 && locals; round++) for (const [s, d] of locals) if (x.mentions(s)) x = x.substitute(s, d).bind(b);
    return x;
  };
  const nonNegative = (x: Poly): boolean => {
    let y = expand(x);
    for (const s of y.symbols()) { if (!positive.has(s)) return false; y = y.substitute(s, Poly.symbol(s).add(Poly.ONE)); }
    return y.nonNegativeCoefficients();
  };
  // The largest value a group's loops reach together (lower bounds known and non-negative).
  const reach = (ts: Term[]): Poly | null => {
    let m = Poly.ZERO;
    for (const x of ts) {
      const l = loops.get(x.v);
      const lo = l?.lower?.bind(b).constantValue();
      if (!l || !lo || lo.toNumber() < 0 || l.step === null || l.step <= 0n || !l.tripCount) return null;
      m = m.add(Poly.constant(lo)).add(l.tripCount.bind(b).sub(Poly.ONE).scale(Poly.constant(l.step).constantValue()!));
    }
    return m;
  };
  // Candidate order by size (unbound symbols as 1000); the checks below prove it or fail: each
  // coefficient is larger than everything the dimensions below it can reach (Maslov's condition).
  const big = new Map([...b]);
  for (const g of groups.values()) for (const s of g.coef.symbols()) if (!big.has(s)) big.set(s, Poly.constant(1000).constantValue()!);
  const size = (c: Poly) => c.evaluate(big)?.toNumber() ?? NaN;
  const levels = [...groups.values()].sort((x, y) => size(y.coef) - size(x.coef));
  if (levels.some((g) => Number.isNaN(size(g.coef)) || g.terms.length > 2)) return null;
  for (let k = 0; k < levels.length; k++) {
    let below = Poly.ZERO;
    for (const g of levels.slice(k + 1)) { const r = reach(g.terms); if (!r) return null; below = below.add(g.coef.mul(r)); }
    if (!nonNegative(levels[k].coef.sub(Poly.ONE).sub(below))) return null;
  }
  return levels.map((g) => ({ terms: g.terms.map((x) => ({ v: x.v, coef: Poly.ONE })), text: g.terms.map((x) => x.v).join(" + ") }));
}
