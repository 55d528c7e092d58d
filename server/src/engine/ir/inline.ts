// Same-file callees analysed as if inlined: at a call to a function defined in the file, its
// lowered body is instantiated with the actual arguments and attached to the calling statement
// (Stmt.inlined), so its accesses, guards (early returns), loops and calls count in the
// caller's figures and dependences.
//
// Instantiation, per call site:
//  - integer parameters become the argument values (affine in the caller's loop variables and
//    symbols); a parameter whose argument is not affine makes every figure that depends on it
//    unknown, with the reason (never the -D value of a caller symbol of the same name);
//  - pointer (and array) parameters become the caller's pointer targets: `a[i*m + j]` in
//    put(a + k, ...) is an access to the caller's base array at offset k + i*m + j (elements);
//    a pointer argument whose target is not proven leaves the callee's accesses through it
//    unknown and free to alias every array (dependences stay conservative);
//  - the callee's loop variables are renamed `f.i` (distinct from the caller's), its local
//    arrays `f.tmp`, its local scalars are private to the call and dropped; globals stay.
// Recursion (any function on a call cycle), a return not at the end of the body, and chains of
// calls deeper than MAX_DEPTH are not inlined: they stay calls that may read and write memory
// (calls.ts), with a cost that is unknown.

import type { Tree } from "../syntax/parser";
import { callHeight } from "./calls";
import { Poly } from "../symbolic/poly";
import { flatView, isTarget, mapPolys, type PointerTarget } from "./memory";
import type { Access, FunctionIR, InlinedCall, Loop, Node, Span, Stmt } from "./types";

function* stmtsOf(ns: readonly Node[]): Generator<Stmt> {
  for (const n of ns) {
    if (n.kind === "stmt") { yield n; for (const c of n.inlined ?? []) yield* stmtsOf(c.body); }
    else if (n.kind === "loop") yield* stmtsOf(n.body);
    else if (n.kind === "if") { yield n.cond; yield* stmtsOf(n.then); yield* stmtsOf(n.else); }
  }
}

/** A call to a function of the file, as the statement visitor saw it. */
export interface CallSite {
  readonly name: string;
  readonly span: Span;
  /** Arguments as affine values (null where not affine). */
  readonly args: readonly (Poly | null)[];
  readonly argText: readonly string[];
  /** Arguments as pointer values, or why they are not. */
  readonly targets: readonly (PointerTarget | { reason: string; within?: PointerTarget })[];
  /** Set when the call runs only sometimes in its statement. */
  readonly sometimes?: string;
}

/** How deep calls are followed (f calls g calls h ...): a callee whose own chain of same-file
 *  calls (calls.ts callHeight) is this long is not inlined. */
export const MAX_DEPTH = 4;

type Result = { readonly ir: FunctionIR } | { readonly reason: string };
interface State {
  readonly done: Map<string, Result>;
  /** Callees being lowered, outermost first (a call back into one of them is a cycle). */
  readonly active: string[];
  readonly cyclic: Set<string>;
}
/** Per parse tree and file context: each callee is lowered once, the same whoever calls it. */
const memo = new WeakMap<Tree, WeakMap<object, State>>();

/**
 * The callee's IR to inline at a call, or why it is not inlined. The answer depends on the
 * callee alone (never on who asks first), so incremental and fresh analyses agree: a function
 * on a call cycle is recursive wherever the cycle is entered.
 */
export function calleeIR(tree: Tree, ctx: object, name: string, lower: () => FunctionIR | null): FunctionIR | { reason: string } {
  let byCtx = memo.get(tree);
  if (!byCtx) { byCtx = new WeakMap(); memo.set(tree, byCtx); }
  let st = byCtx.get(ctx);
  if (!st) { st = { done: new Map(), active: [], cyclic: new Set() }; byCtx.set(ctx, st); }
  const hit = st.done.get(name);
  if (hit) return "ir" in hit ? hit.ir : hit;
  // Checked before lowering (the chain is read from the text), so lowering recurses at most MAX_DEPTH deep.
  const h = callHeight(tree, name);
  if (h >= MAX_DEPTH) {
    const r = { reason: `${name}() starts a chain of calls ${h} deep (${MAX_DEPTH} or more are not followed)` };
    st.done.set(name, r);
    return r;
  }
  const i = st.active.indexOf(name);
  if (i >= 0) {
    for (const f of st.active.slice(i)) st.cyclic.add(f);
    return { reason: `${name}() is recursive: its effects are not analysed` };
  }
  st.active.push(name);
  let ir: FunctionIR | null;
  try { ir = lower(); } finally { st.active.pop(); }
  let r: Result;
  if (st.cyclic.has(name)) r = { reason: `${name}() is recursive: its effects are not analysed` };
  else if (!ir) r = { reason: `${name}() could not be read` };
  else if (ir.earlyReturn) r = { reason: `${name}(): ${ir.earlyReturn}` };
  else if (ir.keepsState) r = { reason: `${name}() ${ir.keepsState}` };
  else r = { ir };
  st.done.set(name, r);
  return "ir" in r ? r.ir : r;
}

/** The callee's body at one call site (see the file header). `k` tells apart calls of one statement. */
export function instantiate(ir: FunctionIR, site: CallSite, k: number, shadowed: (name: string) => boolean = () => false,
  fieldProblem: (name: string, kind: "size" | "array") => string | null = () => "fields are not followed"): InlinedCall {
  const f = ir.name;
  const prefix = k > 0 ? `${f}#${k + 1}` : f;
  const params = ir.params;
  const callee = (s: string) => `${s} in ${f}()`;
  // 1. Symbols: callee loop variables renamed; named locals by their definitions; integer
  //    parameters by the arguments (through temporaries: an argument may name another parameter).
  const loopVars = new Set<string>();
  const collect = (ns: readonly Node[]) => {
    for (const n of ns) {
      if (n.kind === "loop") { loopVars.add(n.var); collect(n.body); }
      else if (n.kind === "if") { collect(n.then); collect(n.else); }
    }
  };
  collect(ir.body);
  const poison = new Map<string, string>();
  params.forEach((p, i) => {
    if (ir.pointerParams?.has(i)) return;
    if (!site.args[i]) poison.set(`$arg${i}`, `argument ${site.argText[i] ?? "?"} of ${f}() is not an affine value`);
  });
  const locals = [...(ir.locals ?? [])];
  for (const [name, def] of locals) if (def.equals(Poly.symbol(name))) poison.set(name, `${name} in ${f}() is not an affine value of its arguments`);
  const isParamField = (s: string) => params.some((p) => s.startsWith(`${p}->`) || s.startsWith(`${p}.`));
  // A field of a struct parameter (`m->cols`, `m->v[...]`) is the caller's field of its argument
  // when the argument names the struct itself (`a` for `m->`, `&s` or `s` for `m.`): the same
  // memory, so the caller's own rules for `a->cols` apply. Not when the callee assigns a field of
  // a parameter, nor for any other argument (`&arr[i]`, `p + 1`): those stay unknown.
  const writesField = [...stmtsOf(ir.body)].some((st) => st.scalars.some((x) => x.kind === "write" && isParamField(x.name)) || st.accesses.some((a) => a.kind !== "read" && params.some((p) => a.array === p)));
  const fieldOf = new Map<string, string>();
  if (!writesField) params.forEach((p, i) => {
    const arg = site.argText[i]?.trim() ?? "";
    const id = /^[A-Za-z_]\w*$/.test(arg) ? arg : null, addr = /^&\s*([A-Za-z_]\w*)$/.exec(arg)?.[1] ?? null;
    if (id && !shadowed(id)) { fieldOf.set(`${p}->`, `${id}->`); fieldOf.set(`${p}.`, `${id}.`); }
    else if (addr && !shadowed(addr)) fieldOf.set(`${p}->`, `${addr}.`);
  });
  const fieldName = (s: string, kind: "size" | "array"): string | null => {
    for (const [from, to] of fieldOf) {
      if (!s.startsWith(from)) continue;
      const name = to + s.slice(from.length);
      const bad = fieldProblem(name, kind);
      if (bad) { poison.set(s, `${s} in ${f}() is ${name} here: ${bad}`); return null; }
      return name;
    }
    return null;
  };
  // The fields the body reads, checked first, so the reason below names the one that is not followed.
  mapPolys(ir.body, (p) => { for (const s of p.symbols()) if (isParamField(s)) fieldName(s, "size"); return p; }, "", (p) => p.symbols().size > 0);
  const why = [...new Set(poison.values())].join("; ") || `a value depends on a field of a parameter of ${f}(), which is not followed into the call`;
  const subst = (p: Poly): Poly | null => {
    let q = p;
    for (const v of loopVars) if (q.mentions(v)) q = q.substitute(v, Poly.symbol(`${prefix}.${v}`));
    for (let round = 0; round < 4; round++) {
      let changed = false;
      for (const [name, def] of locals) if (!poison.has(name) && q.mentions(name)) { q = q.substitute(name, def); changed = true; }
      if (!changed) break;
    }
    params.forEach((prm, i) => { if (q.mentions(prm)) q = q.substitute(prm, Poly.symbol(`$arg${i}`)); });
    for (const s of q.symbols()) {
      if (poison.has(s)) return null;
      if (isParamField(s)) { const to = fieldName(s, "size"); if (!to) return null; q = q.substitute(s, Poly.symbol(to)); }
    }
    params.forEach((_, i) => { const a = site.args[i]; if (a && q.mentions(`$arg${i}`)) q = q.substitute(`$arg${i}`, a); });
    return q;
  };
  const touches = (p: Poly) => p.symbols().size > 0;
  const body = mapPolys(ir.body, subst, `in ${f}(): ${why}`, touches);

  // 2. Names and accesses: callee loops renamed, accesses moved onto the caller's arrays.
  const paramIndex = new Map(params.map((p, i) => [p, i]));
  const remap = (a: Access): Access => {
    const base: Access = { ...a, text: callee(a.text), span: site.span, inlined: f, ...(site.sometimes ? { conditional: a.conditional ?? site.sometimes } : {}) };
    const i = paramIndex.get(a.array);
    if (i !== undefined && ir.pointerParams?.has(i)) {
      const t = site.targets[i];
      if (t && isTarget(t)) {
        if (a.elementBytes !== null && t.array.element.bytes !== null && a.elementBytes !== t.array.element.bytes)
          return { ...base, array: t.base, info: undefined, subscripts: a.subscripts.map(() => null), offset: null, reason: `${f}() reads ${site.argText[i]} as elements of another size` };
        const off = a.offset ? t.offset.add(a.offset) : null;
        return { ...base, array: t.base, info: flatView(t.array), via: a.via ?? a.array, subscripts: [off], offset: off, ...(off ? {} : { reason: a.reason ?? `${a.text} in ${f}(): not affine` }) };
      }
      const reason = `argument ${site.argText[i] ?? "?"} of ${f}(): ${t && "reason" in t ? t.reason : "not a pointer Loopsmith can follow"}`;
      const within = t && "within" in t ? t.within : undefined;
      return { ...base, array: within?.base ?? callee(a.array), info: undefined, subscripts: a.subscripts.map(() => null), offset: null, reason };
    }
    // An array field of a struct parameter: the argument's field (m->v as a->v).
    const field = isParamField(a.array) ? fieldName(a.array, "array") : null;
    if (field) return { ...base, array: field, ...(a.info ? { info: { ...a.info, name: field } } : {}) };
    // A local array of the callee: one per call.
    // (A global used in the callee is declared before it: C declares before use.)
    if (a.info && !a.info.isParameter && a.info.line >= ir.span.line)
      return { ...base, array: `${prefix}.${a.array}`, info: { ...a.info, name: `${prefix}.${a.array}` } };
    // A global whose name the caller's own variable hides at the call: another array.
    if (shadowed(a.array)) return { ...base, array: `::${a.array}`, ...(a.info ? { info: { ...a.info, name: `::${a.array}` } } : {}) };
    return base;
  };
  const stmt = (s: Stmt): Stmt => ({
    ...s,
    accesses: s.accesses.map(remap),
    scalars: s.scalars.filter((x) => x.global).map((x) => ({ ...x, span: site.span })),
    unknowns: s.unknowns.map((u) => ({ ...u, reason: `in ${f}(): ${u.reason}` })),
    ...(s.effects ? { effects: s.effects.map((e) => ({ ...e, span: site.span })) } : {}),
    ...(s.inlined ? { inlined: s.inlined.map((c) => ({ ...c, span: site.span, body: c.body.map(node) })) } : {}),
    update: undefined,
  });
  const node = (n: Node): Node => {
    switch (n.kind) {
      case "stmt": return stmt(n);
      case "if": return { ...n, cond: stmt(n.cond), then: n.then.map(node), else: n.else.map(node) };
      case "opaque": return { ...n, accesses: n.accesses.map(remap), ...(n.effects ? { effects: n.effects.map((e) => ({ ...e, span: site.span })) } : {}) };
      case "loop": return { ...n, var: loopVars.has(n.var) ? `${prefix}.${n.var}` : n.var, body: n.body.map(node), parts: undefined } as Loop;
    }
  };
  return { callee: f, span: site.span, body: body.map(node), ...(site.sometimes ? { sometimes: site.sometimes } : {}) };
}
