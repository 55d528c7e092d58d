// CST -> loop-nest IR. One function at a time; a nest is an outermost `for` in a function.
// Loops are normalised to var = lower + step*t, t in [0, tripCount); anything not
// understood becomes an Unknown with its reason, never a guess. Parsing errors only
// make the broken statements opaque: every nest outside the broken region is kept.

import { functionOrder } from "../symbolic/order";
import type { SyntaxNode } from "../syntax/parser";
import { depthKey, tooDeepStatements, type TooDeep } from "../syntax/depth";
import { Poly } from "../symbolic/poly";
import { INT, POINTER } from "./ctypes";
import { parametersOf, readDeclarator } from "./declarations";
import { StatementVisitor, emptyOps, fieldProblem, isReason, spanOf, strip, toAffine } from "./expr";
import { localsOf, staticLocals } from "./locals";
import { arrayOf, resolveType, structVarOf, type FileContext } from "./facts";
import type { FieldWrites, Scope } from "./scope";
import { mathFunction } from "./ctypes";
import { JUMPS, countedLoop, exitsOf, jumpTarget, type ControlReader } from "./control";
import type { CType, FunctionIR, Guard, InlinedCall, Loop, Nest, Node, Opaque, Pred, ScalarAccess, Stmt, Unknown } from "./types";
import { definitionOf } from "./calls";
import { calleeIR, instantiate, type CallSite } from "./inline";
import { addressOnlyLocals } from "./address";
import { check } from "../budget";
import { advance, counter, forgetCell, isTarget, mapPolys, pointerValue, unifyRanks, type Cell, type PointerTarget } from "./memory";

const op = (n: SyntaxNode): string => n.childForFieldName("operator")?.text ?? "";

/** Where each name is assigned in a subtree (`x = ..`, `x += ..`, `x++`): name -> offsets. */
function assignments(n: SyntaxNode): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const a of n.descendantsOfType(["assignment_expression", "update_expression", "pointer_expression"])) {
    // `&x` lets anything change x: it counts as an assignment.
    if (a?.type === "pointer_expression" && a.childForFieldName("operator")?.text !== "&") continue;
    const t = a && (a.type === "assignment_expression" ? a.childForFieldName("left") : a.childForFieldName("argument"));
    const s = t && strip(t);
    if (s?.type === "identifier") out.set(s.text, [...(out.get(s.text) ?? []), s.startIndex]);
  }
  return out;
}

/** What a function body does to struct fields and struct variables (see FieldWrites), and the
 *  variables whose address it takes. */
function fieldWrites(body: SyntaxNode, keeps: (fn: string, arg: number) => KeptParam | null = () => null): { writes: FieldWrites; addressed: Set<string> } {
  const fields = new Map<string, number>();
  const byField = new Map<string, { text: string; line: number }>();
  const bases = new Map<string, { reason: string; call: boolean }>();
  const through = new Map<string, { base: string; reason: string; arrow?: boolean; line?: number }>();
  const addressed = new Set<string>();
  let call: FieldWrites["call"];
  const line = (x: SyntaxNode) => x.startPosition.row + 1;
  const baseOf = (x: SyntaxNode): SyntaxNode | null => {
    let b = strip(x, true);
    while (b.type === "field_expression" || b.type === "subscript_expression" || (b.type === "pointer_expression" && op(b) === "*")) {
      const a = b.childForFieldName("argument");
      if (!a) return null;
      b = strip(a, true);
    }
    return b.type === "identifier" ? b : null;
  };
  const written = (t: SyntaxNode, why: string) => {
    const s = strip(t);
    if (s.type === "field_expression") {
      const text = s.text.replace(/\s+/g, "");
      if (!fields.has(text)) fields.set(text, line(s));
      const f = s.childForFieldName("field")?.text;
      if (f && !byField.has(f)) byField.set(f, { text, line: line(s) });
      return;
    }
    const b = baseOf(s);
    if (!b) return;
    // `l.output[k] = x`, `l->output[k] = x`: written through the field of the struct l points to or holds.
    let f: SyntaxNode | null = null;
    for (let x: SyntaxNode = s; x.id !== b.id;) {
      if (x.type === "field_expression") f = x;
      const a = x.childForFieldName("argument");
      if (!a) break;
      x = strip(a, true);
    }
    if (f && strip(f.childForFieldName("argument")!, true).id === b.id) {
      const text = f.text.replace(/\s+/g, "");
      const arrow = f.children.some((c) => c?.type === "->");
      if (!through.has(text)) through.set(text, { base: b.text, reason: `${b.text} ${why} (line ${line(s)})`, ...(arrow ? { arrow, line: line(s) } : {}) });
      return;
    }
    if (!bases.has(b.text)) bases.set(b.text, { reason: `${b.text} ${why} (line ${line(s)})`, call: false });
  };
  for (const a of body.descendantsOfType(["assignment_expression", "update_expression", "pointer_expression", "call_expression"])) {
    if (!a) continue;
    if (a.type === "assignment_expression") { const l = a.childForFieldName("left"); if (l) written(l, strip(l).type === "identifier" ? "is assigned" : "is written through"); }
    else if (a.type === "update_expression") { const l = a.childForFieldName("argument"); if (l) written(l, strip(l).type === "identifier" ? "is moved" : "is written through"); }
    else if (a.type === "pointer_expression") {
      const arg = a.childForFieldName("argument");
      if (op(a) !== "&" || !arg) continue;
      const s = strip(arg);
      if (s.type === "identifier") addressed.add(s.text);
      written(arg, "has its address taken");
    } else {
      const f = a.childForFieldName("function");
      const name = f?.type === "identifier" ? f.text : f?.text ?? "?";
      if (mathFunction(name)) continue;
      call ??= { name, line: line(a) };
      (a.childForFieldName("arguments")?.namedChildren ?? []).forEach((x, i) => {
        const s = x && strip(x, true);
        if (s?.type !== "identifier") return;
        const kept = keeps(name, i);
        // A same-file callee that only stores through the struct's pointer fields: those stores, as the caller's.
        if (kept) { for (const t of kept.through) if (!through.has(`${s.text}->${t.field}`)) through.set(`${s.text}->${t.field}`, { base: s.text, reason: `${s.text}->${t.field} is written through by ${name}() (line ${line(s)})`, arrow: true, line: line(s) }); }
        else if (!bases.has(s.text)) bases.set(s.text, { reason: `${s.text} is passed to ${name}() (line ${line(s)})`, call: true });
      });
    }
  }
  return { writes: { fields, byField, bases, through, call }, addressed };
}

/**
 * What a function of the file does to the struct its parameter `arg` points to, when it writes
 * none of its fields and does not assign, move, or hand the pointer on (to any call, or by
 * address): only the stores through its pointer fields (`m->v[k] = x`), which the caller counts
 * as its own (their type decides whether they may change a size field); null otherwise. Read
 * from the callee's own text (fieldWrites, not followed further), so a caller passing a struct
 * to get(m, i, j) or set(m, i, j, x) keeps its fields as sizes.
 */
interface KeptParam { readonly through: readonly { readonly field: string }[] }
const keepsMemo = new WeakMap<SyntaxNode, (KeptParam | null)[]>();
function keepsParam(fn: SyntaxNode, arg: number): KeptParam | null {
  let memo = keepsMemo.get(fn);
  if (!memo) {
    const names = parametersOf(fn).map((p) => p.declarator?.name ?? null);
    const body = fn.childForFieldName("body");
    const w = body ? fieldWrites(body).writes : null;
    memo = names.map((n) => {
      if (!n || !w || w.bases.has(n) || [...w.fields.keys()].some((f) => f.startsWith(`${n}->`) || f.startsWith(`${n}.`))) return null;
      const through: { field: string }[] = [];
      for (const [text, t] of w.through) {
        if (t.base !== n) continue;
        if (!t.arrow || !text.startsWith(`${n}->`) || /[.>]/.test(text.slice(n.length + 2))) return null;
        through.push({ field: text.slice(n.length + 2) });
      }
      return { through };
    });
    keepsMemo.set(fn, memo);
  }
  return memo[arg] ?? null;
}

/** `X += E`, `X -= E`, `X *= E`, `X = X + E`, `X = X * E` with X not read in E. */
function reductionUpdate(e: SyntaxNode, st: Stmt): Stmt["update"] {
  const a = strip(e);
  if (a.type !== "assignment_expression") return undefined;
  const l = a.childForFieldName("left"), r = a.childForFieldName("right");
  if (!l || !r) return undefined;
  const target = strip(l).text;
  let o = op(a);
  let rest: SyntaxNode | null = r;
  if (o === "=") {
    const b = strip(r);
    const bl = b.childForFieldName("left");
    if (b.type !== "binary_expression" || !bl || strip(bl).text !== target || !["+", "-", "*"].includes(op(b))) return undefined;
    o = op(b) + "=";
    rest = b.childForFieldName("right");
  }
  if (!["+=", "-=", "*="].includes(o) || !rest) return undefined;
  const mentions = (n: SyntaxNode): boolean => strip(n).text === target || n.namedChildren.some((c) => !!c && mentions(c));
  if (mentions(rest)) return undefined;
  const float = st.ops.fadd + st.ops.fmul > 0;
  return { target, op: o, float };
}

export class FunctionLowering {
  private readonly nests: Nest[] = [];
  /** Variables of the loops around the statement being lowered, outer first. */
  private readonly loopStack: string[] = [];
  private assigned = new Set<string>();
  private assignedAt = new Map<string, number[]>();
  /** Variables whose address is taken (`&n`): they may change behind the function's back. */
  private addressed = new Set<string>();
  /** Integer locals that are named symbols, with their definitions when affine (declaration order). */
  private locals = new Map<string, Poly>();
  private fnName = "";
  /** Every changing variable's cell (ir/memory.ts), to save and restore values around branches. */
  private cells: Cell[] = [];
  private placeholders = 0;
  /** Integer locals used only to form addresses (ir/address.ts). */
  private addressOnly = new Set<string>();
  /** The function's break/continue/return/goto statements, read once. */
  private jumpsCache: SyntaxNode[] | null = null;
  /** Statements holding something nested deeper than the cap (syntax/depth.ts): not lowered. */
  private tooDeep = new Map<string, TooDeep>();
  private get jumps(): SyntaxNode[] {
    return (this.jumpsCache ??= (this.fnBody?.descendantsOfType(JUMPS) ?? []).filter((x): x is SyntaxNode => !!x));
  }

  constructor(private readonly ctx: FileContext) {}

  private newCell(name: string, kind: Cell["kind"], value: Cell["value"] | { reason: string }, element?: CType): Cell {
    const known = value instanceof Poly || isTarget(value as Cell["value"]);
    const within = known ? undefined : (value as { within?: PointerTarget } | null)?.within;
    const c: Cell = { name, kind, ...(element ? { element, elementBytes: element.bytes } : {}), value: known ? (value as Cell["value"]) : null, reason: known ? undefined : (value as { reason: string } | null)?.reason ?? `${name} has no initial value`, ...(within ? { within } : {}) };
    this.cells.push(c);
    return c;
  }

  private snapshot(): Map<Cell, { value: Cell["value"]; reason?: string; within?: PointerTarget }> {
    return new Map(this.cells.map((c) => [c, { value: c.value, reason: c.reason, within: c.within }]));
  }

  /** Cells assigned anywhere in `n` (by name, as seen from `scope`). */
  private cellsChangedIn(n: SyntaxNode, scope: Scope): Cell[] {
    const out: Cell[] = [];
    for (const [name, offsets] of this.assignedAt) {
      if (!offsets.some((o) => o >= n.startIndex && o < n.endIndex)) continue;
      const v = scope.lookup(name);
      if (v?.kind === "scalar" && v.cell && !out.includes(v.cell)) out.push(v.cell);
    }
    return out;
  }

  /** Identifiers of the function body, read once (wasm calls are the costly part). */
  private identifiers: { text: string; span: ReturnType<typeof spanOf> }[] | null = null;
  private fnBody: SyntaxNode | null = null;
  private identifiersIn(n: SyntaxNode): { text: string; span: ReturnType<typeof spanOf> }[] {
    const ids = (this.identifiers ??= (this.fnBody?.descendantsOfType("identifier") ?? []).filter((x): x is SyntaxNode => !!x)
      .map((x) => ({ text: x.text, span: spanOf(x) })).sort((a, b) => a.span.start - b.span.start));
    // Binary search for the first identifier inside n (a scan per loop would be quadratic in sibling loops).
    let lo = 0, hi = ids.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (ids[mid].span.start < n.startIndex) lo = mid + 1; else hi = mid; }
    const out: typeof ids = [];
    for (let i = lo; i < ids.length && ids[i].span.start < n.endIndex; i++) if (ids[i].span.end <= n.endIndex) out.push(ids[i]);
    return out;
  }

  lower(fn: SyntaxNode): FunctionIR | null {
    const decl = fn.childForFieldName("declarator");
    const d = decl && readDeclarator(decl);
    const body = fn.childForFieldName("body");
    if (!d || !body) return null;
    this.fnName = d.name;
    this.fnBody = body;
    this.identifiers = null;
    this.assignedAt = assignments(body);
    this.assigned = new Set(this.assignedAt.keys());
    this.cells = [];
    this.jumpsCache = null;
    this.tooDeep = tooDeepStatements(body);
    const fdecl = decl.type === "function_declarator" ? decl : decl.descendantsOfType("function_declarator")[0];
    const paramNodes = fdecl?.childForFieldName("parameters")?.namedChildren.filter((p): p is SyntaxNode => p?.type === "parameter_declaration") ?? [];
    this.addressOnly = addressOnlyLocals(body, (d) => resolveType(this.ctx.facts, d.childForFieldName("type")?.text ?? "").kind === "int", paramNodes);
    const scope = this.ctx.globals.child();
    const tree = body.tree;
    const fw = fieldWrites(body, (name, i) => { const fn = definitionOf(tree, name, this.ctx.facts); return fn ? keepsParam(fn, i) : null; });
    scope.writes = fw.writes;
    this.addressed = fw.addressed;
    // Parameters: integer scalars stay symbolic; arrays and pointers get shapes.
    for (const p of paramNodes) {
      if (p?.type !== "parameter_declaration") continue;
      const t = resolveType(this.ctx.facts, p.childForFieldName("type")?.text ?? "");
      const pd = p.childForFieldName("declarator");
      const dd = pd && readDeclarator(pd);
      if (!dd) continue;
      const arr = arrayOf(dd, t, scope, this.ctx.facts, true, p.startPosition.row + 1);
      if (arr && this.assigned.has(dd.name) && arr.dims.length === 1 && !arr.discontiguous) {
        // A pointer parameter that moves (`src += n`): a cell starting at its own element 0.
        scope.define(dd.name, { kind: "scalar", type: POINTER, assigned: true, cell: this.newCell(dd.name, "pointer", { base: dd.name, array: arr, offset: Poly.ZERO }, t) });
      } else if (arr) scope.define(dd.name, { kind: "array", type: t, array: this.assigned.has(dd.name) ? { ...arr, reassigned: true } : arr });
      else if (t.kind === "int" && this.assigned.has(dd.name) && dd.derivations.length === 0) {
        // An integer parameter that changes (`while (n > 0) { ...; n--; }`): its value starts as the symbol.
        scope.define(dd.name, { kind: "scalar", type: t, assigned: true, cell: this.newCell(dd.name, "int", Poly.symbol(dd.name)), ...(this.addressOnly.has(dd.name) ? { address: true } : {}) });
      } else if (t.kind === "int" && !this.assigned.has(dd.name)) {
        scope.define(dd.name, { kind: "symbol", type: t });
      } else scope.define(dd.name, { kind: "scalar", type: t, assigned: this.assigned.has(dd.name) });
      const sv = structVarOf(this.ctx.facts, p, dd);
      if (sv) scope.defineStruct(dd.name, sv);
    }
    const params = paramNodes.map((p) => { const pd = p.childForFieldName("declarator"); return (pd && readDeclarator(pd)?.name) ?? ""; });
    const pointerParams = new Map<number, CType>();
    params.forEach((p, i) => {
      const v = p ? scope.lookup(p) : undefined;
      if (v?.kind === "array") pointerParams.set(i, v.array.element);
      else if (v?.kind === "scalar" && v.cell?.kind === "pointer" && isTarget(v.cell.value)) pointerParams.set(i, v.cell.value.array.element);
    });
    const nodes = this.block(body, scope, 0);
    const locals = this.locals, noalias = this.ctx.facts.noalias;
    const early = earlyReturn(body, this.jumps);
    const st = staticLocals(body)[0];
    return {
      name: d.name, span: spanOf(fn), nests: this.nests.map((n) => ({ ...n, locals, ...(noalias ? { noalias } : {}) })), body: nodes, params,
      returnType: resolveType(this.ctx.facts, fn.childForFieldName("type")?.text ?? ""), locals, pointerParams, ...(early ? { earlyReturn: early } : {}),
      ...(st ? { keepsState: `keeps state in static ${st.name} (line ${st.line})` } : {}),
      ...(this.tooDeep.size ? { tooDeep: [...this.tooDeep.values()] } : {}),
    };
  }

  /** The statement with its calls to functions of the file inlined (ir/inline.ts), where they can be. */
  private inlineCalls(st: Stmt, sites: readonly CallSite[], at: SyntaxNode, scope: Scope): Stmt {
    const tree = at.tree;
    const calls: InlinedCall[] = [];
    const done = new Set<number>();
    const seen = new Map<string, number>();
    for (const site of sites) {
      const fn = definitionOf(tree, site.name, this.ctx.facts);
      if (!fn) continue;
      const ir = calleeIR(tree, this.ctx, site.name, () => new FunctionLowering(this.ctx).lower(fn));
      if ("reason" in ir) continue; // stays a call that may touch memory, with an unknown cost
      const k = seen.get(site.name) ?? 0;
      seen.set(site.name, k + 1);
      calls.push(instantiate(ir, site, k, (name) => !!this.ctx.globals.lookup(name) && !scope.isGlobal(name), (name, kind) => fieldProblem(name, kind, scope, this.ctx.facts)));
      done.add(site.span.start);
    }
    if (!calls.length) return st;
    const effects = st.effects?.filter((e) => !done.has(e.span.start));
    const { effects: _e, ...rest } = st;
    return { ...rest, ops: { ...st.ops, userCallArgs: st.ops.userCallArgs.filter((c) => !done.has(c.at)) }, inlined: calls, ...(effects?.length ? { effects } : {}) };
  }

  /** Lowers the statements of a block (or a single statement). `depth` = enclosing loops. */
  private block(n: SyntaxNode, scope: Scope, depth: number): Node[] {
    if (n.type === "compound_statement") {
      const inner = scope.child();
      const out = this.statements(n.namedChildren.filter((c): c is SyntaxNode => !!c), inner, depth);
      this.forgetDeclared(n);
      return out;
    }
    return this.statement(n, scope, depth);
  }

  private statement(n: SyntaxNode, scope: Scope, depth: number): Node[] {
    this.functionState();
    const deep = this.tooDeep.get(depthKey(n.startIndex, n.type));
    if (deep) return [this.tooDeepOpaque(n, scope, deep)];
    switch (n.type) {
      case "compound_statement": return this.block(n, scope, depth);
      case "for_statement": {
        const loop = this.loop(n, scope, depth);
        const unified = loop.kind === "loop" ? unifyRanks(loop) : loop;
        if (depth === 0 && unified.kind === "loop") this.addNest(unified);
        return [unified];
      }
      case "expression_statement": {
        const e = n.namedChild(0);
        if (!e || e.type === "comment") return [];
        const st = this.stmt(n, [e], scope);
        const update = reductionUpdate(e, st);
        this.track(e, scope);
        return [update ? { ...st, update } : st];
      }
      case "declaration": {
        const out = this.declaration(n, scope);
        this.trackDeclaration(n, scope);
        return out;
      }
      case "if_statement": {
        const c = n.childForFieldName("condition");
        const then = n.childForFieldName("consequence");
        const alt = n.childForFieldName("alternative");
        const altBody = alt?.type === "else_clause" ? alt.namedChild(0) : alt;
        const pred = c ? this.predicate(c, scope) : null;
        const cond = this.stmt(c ?? n, c ? [c] : [], scope);
        // Each branch starts from the values after the condition; a variable the branches leave
        // with different values has no known value after the if.
        const before = this.snapshot();
        const beforeKnown = new Map(this.known);
        const thenNodes = then ? this.block(then, scope, depth) : [];
        const afterThen = this.snapshot();
        for (const [cell, v] of before) { cell.value = v.value; cell.reason = v.reason; cell.within = v.within; }
        this.known = new Map(beforeKnown);
        const elseNodes = altBody ? this.block(altBody, scope, depth) : [];
        for (const [cell, t] of afterThen) {
          const same = t.value === cell.value || (t.value instanceof Poly && cell.value instanceof Poly && t.value.equals(cell.value))
            || (isTarget(t.value) && isTarget(cell.value) && t.value.base === cell.value.base && t.value.offset.equals(cell.value.offset));
          if (!same) forgetCell(cell, `${cell.name} changes under the if at line ${n.startPosition.row + 1}`);
        }
        this.known = beforeKnown;
        this.forget(n);
        return [{
          kind: "if", span: spanOf(n), condition: c?.text ?? "", ...(pred && "op" in pred ? { pred } : { notAffine: pred?.reason ?? "no condition" }),
          cond, then: thenNodes, else: elseNodes,
        }];
      }
      case "while_statement": case "do_statement":
        return this.whileLoop(n, scope, depth);
      case "switch_statement":
        return this.switchStatement(n, scope, depth);
      case "return_statement": {
        const e = n.namedChild(0);
        const value = e && e.type !== "comment" ? [this.stmt(n, [e], scope)] : [];
        return depth > 0 ? [...value, this.opaque(n, scope, "return inside a loop: the loop may end early")] : value;
      }
      case "break_statement": case "goto_statement":
        if (n.type === "break_statement" && jumpTarget(n)?.type === "switch_statement") return []; // ends a case: the switch lowering reads it
        return depth > 0 ? [this.opaque(n, scope, `${n.text.split(/[\s;]/)[0]} inside a loop: the loop may end early`)] : [];
      case "continue_statement":
        return [this.opaque(n, scope, "continue inside a loop: the rest of the body may be skipped")];
      case "labeled_statement": {
        const s = n.namedChildren.find((c) => c && c.type !== "statement_identifier");
        return s ? this.statement(s, scope, depth) : [];
      }
      case "ERROR":
        return [this.opaque(n, scope, `syntax error at line ${n.startPosition.row + 1}`)];
      case "comment": case "preproc_call": case "preproc_def": case "preproc_function_def": case "preproc_include":
      case "type_definition": case "struct_specifier": case "enum_specifier": case "union_specifier":
        return [];
      default:
        if (n.type.startsWith("preproc_if") || n.type === "preproc_ifdef" || n.type === "preproc_else" || n.type === "preproc_elif")
          return n.namedChildren.flatMap((c) => (c && c.type !== "identifier" && !c.type.endsWith("expression") ? this.statement(c, scope, depth) : []));
        this.forget(n);
        return [];
    }
  }

  // ---- control forms (while/do, switch, continue) and straight-line values -----------------

  /** Straight-line values of the function's integer variables where lowering stands: a
   *  polynomial, or null when an assignment in a branch or loop made it unknown. */
  private known = new Map<string, Poly | null>();
  private knownWhy = new Map<string, string>();
  private knownFor: SyntaxNode | null = null;
  private paramNames = new Set<string>();
  /** Set when the function has a goto: values are then not followed across statements. */
  private noTracking = false;
  /** Whiles with no trip count around the statement being lowered (outside any loop). */
  private within: Unknown[] = [];

  /** Resets the per-function state when a new function is being lowered. */
  private functionState(): void {
    if (this.knownFor === this.fnBody) return;
    this.knownFor = this.fnBody;
    this.known = new Map(); this.knownWhy = new Map(); this.within = [];
    const fn = this.fnBody?.parent;
    const decl = fn?.childForFieldName("declarator");
    const fdecl = decl?.type === "function_declarator" ? decl : decl?.descendantsOfType("function_declarator")[0];
    this.paramNames = new Set();
    for (const p of fdecl?.childForFieldName("parameters")?.namedChildren ?? []) {
      const pd = p?.type === "parameter_declaration" ? p.childForFieldName("declarator") : null;
      const dd = pd && readDeclarator(pd);
      if (dd && dd.derivations.length === 0) this.paramNames.add(dd.name);
    }
    this.noTracking = (this.fnBody?.descendantsOfType("goto_statement").length ?? 0) > 0;
  }

  private addNest(loop: Loop): void {
    this.nests.push({ id: `${this.fnName}:${loop.span.line}`, function: this.fnName, root: unifyRanks(loop), arrays: new Map(), ...(this.within.length ? { within: [...this.within] } : {}) });
  }

  /** Forgets the values of every variable assigned inside `n`. */
  private forget(n: SyntaxNode): void {
    for (const [name, offsets] of this.assignedAt) {
      const at = offsets.find((o) => o >= n.startIndex && o < n.endIndex);
      if (at === undefined) continue;
      if (this.known.get(name) === null && this.knownWhy.has(name)) continue; // keep the first reason
      this.known.set(name, null);
      this.knownWhy.set(name, `${name} is changed inside the ${n.type.replace(/_statement$/, "").replace(/_/g, " ")} at line ${n.startPosition.row + 1}, so its value before the loop is not known`);
    }
  }

  /** Names declared directly in a block stop being followed when it ends (an outer one may be shadowed). */
  private forgetDeclared(block: SyntaxNode): void {
    for (const d of block.namedChildren) {
      if (d?.type !== "declaration") continue;
      for (const x of d.childrenForFieldName("declarator")) {
        const dd = x && readDeclarator(x);
        if (dd) { this.known.set(dd.name, null); this.knownWhy.set(dd.name, `${dd.name} is declared in an inner block`); }
      }
    }
  }

  /** `scope` with the followed values of variables as aliases (reads `x` as its current value). */
  private withKnown(scope: Scope, known: ReadonlyMap<string, Poly | null> = this.known): Scope {
    const s = scope.child();
    for (const [name, value] of known) {
      const v = scope.lookup(name);
      if (value && v?.kind === "scalar" && v.type.kind === "int") s.define(name, { ...v, alias: value });
    }
    return s;
  }

  /** The value of `name` on entry to a loop: followed from straight-line code, or the parameter's value. */
  private entryValue(name: string, known: ReadonlyMap<string, Poly | null>, scope: Scope): Poly | string {
    const v = scope.lookup(name);
    if (!v || v.kind === "array" || v.type.kind !== "int") return `${name} is not an integer variable`;
    if (v.kind === "loop" || v.kind === "symbol") return `${name} is not a variable this loop can count`;
    if (this.noTracking) return `the function uses goto, so the value of ${name} before the loop is not followed`;
    const k = known.get(name);
    if (k) return k;
    if (k === null) return this.knownWhy.get(name) ?? `the value of ${name} before the loop is not known`;
    if (this.paramNames.has(name)) {
      return Poly.symbol(name); // not assigned yet: the argument's value
    }
    if (v.alias) return v.alias;
    return `the value of ${name} before the loop is not known`;
  }

  /** Follows `x = e;`, `x += c;`, `x++;` of integer variables; forgets what else the statement assigns. */
  private track(e: SyntaxNode, scope: Scope): void {
    if (this.noTracking) return;
    const a = strip(e);
    let name: string | null = null, value: Poly | null = null;
    const sc = this.withKnown(scope);
    if (a.type === "assignment_expression") {
      const l = a.childForFieldName("left"), r = a.childForFieldName("right");
      const t = l && strip(l);
      if (t?.type === "identifier" && r) {
        name = t.text;
        const rv = toAffine(r, sc, this.ctx.facts);
        const cur = this.known.get(name);
        const o = op(a);
        if (!isReason(rv)) {
          if (o === "=") value = rv;
          else if ((o === "+=" || o === "-=") && cur) value = o === "+=" ? cur.add(rv) : cur.sub(rv);
        }
      }
    } else if (a.type === "update_expression") {
      const arg = a.childForFieldName("argument");
      const t = arg && strip(arg);
      if (t?.type === "identifier") {
        name = t.text;
        const cur = this.known.get(name);
        if (cur) value = cur.add(Poly.constant(op(a) === "++" ? 1 : -1));
      }
    }
    this.forget(e);
    const v = name ? scope.lookup(name) : undefined;
    if (name && value && v?.kind === "scalar" && v.type.kind === "int") { this.known.set(name, value); this.knownWhy.delete(name); }
  }

  private trackDeclaration(n: SyntaxNode, scope: Scope): void {
    const t = resolveType(this.ctx.facts, n.childForFieldName("type")?.text ?? "");
    for (const d of n.childrenForFieldName("declarator")) {
      const dd = d && readDeclarator(d);
      if (!dd || dd.isFunction) continue;
      let value: Poly | null = null;
      if (!this.noTracking && t.kind === "int" && dd.derivations.length === 0 && dd.value) {
        const a = toAffine(dd.value, this.withKnown(scope), this.ctx.facts);
        if (!isReason(a)) value = a;
      }
      this.known.set(dd.name, value);
      if (value) this.knownWhy.delete(dd.name);
      else this.knownWhy.set(dd.name, dd.value ? `the initial value of ${dd.name} (line ${n.startPosition.row + 1}) is not affine` : `${dd.name} has no initial value (line ${n.startPosition.row + 1})`);
    }
  }

  /** After an exact loop with no early exit: the values its header variables end with. */
  private setFinal(n: SyntaxNode, loop: Loop, scope: Scope): void {
    if (this.noTracking || !loop.tripCount || !loop.lower || loop.step === null) return;
    let trip = loop.tripCount;
    const v = trip.evaluate(this.ctx.facts.values);
    if (v) trip = v.sign() < 0 ? Poly.ZERO : trip; // the formula, valid where it is not negative (as here)
    else if (trip.printsMinus()) {
      this.known.set(loop.var, null);
      this.knownWhy.set(loop.var, `the value of ${loop.var} after the loop at line ${n.startPosition.row + 1} depends on whether it runs at all (trip count ${loop.tripCount.toString()} may be negative)`);
      return;
    }
    const final = loop.lower.add(trip.scale(Poly.constant(loop.step).constantValue()!));
    const info = scope.lookup(loop.var);
    if (n.childForFieldName("initializer")?.type !== "declaration" && info?.kind === "scalar" && info.type.kind === "int" && !final.symbols().has(loop.var)) {
      this.known.set(loop.var, final);
      this.knownWhy.delete(loop.var);
    }
  }

  /** Why a loop may end early or skip part of its body in ways not modelled, with the line; null when it does not. */
  private exitReason(n: SyntaxNode): string | null {
    const { breaks, continues, returns } = exitsOf(n, this.jumps);
    const body = n.childForFieldName("body");
    const line = (x: SyntaxNode) => x.startPosition.row + 1;
    const label = this.labelInside(n);
    if (label) return `a goto may enter the loop at the label at line ${line(label)}`;
    if (returns.length) return `the loop may end early: ${returns[0].text.split(/[\s;(]/)[0]} at line ${line(returns[0])}`;
    if (breaks.length) {
      const b = breaks[0];
      const guard = b.parent?.type === "if_statement" ? b.parent : b.parent?.type === "compound_statement" && b.parent.parent?.type === "if_statement" ? b.parent.parent : null;
      const c = guard?.childForFieldName("condition");
      return `the loop may end early: break at line ${line(b)}${c ? ` when ${c.text.replace(/^\((.*)\)$/s, "$1")}` : ""} (its trip count is then not known)`;
    }
    for (const c of continues) if (!this.continueGuard(c, body)) return `a continue at line ${line(c)} skips the rest of the body in a way not modelled (only \`if (cond) continue;\` at the top of the body is)`;
    return null;
  }

  /** In a function with a goto, a label inside `n` (a jump may enter the loop there). */
  private labelInside(n: SyntaxNode): SyntaxNode | null {
    return this.noTracking ? (n.descendantsOfType("labeled_statement")[0] ?? null) : null;
  }

  /**
   * The `if (c) break;` standing directly in the loop's body block, when it is the loop's only
   * exit: first in the body, or later (then no continue: the statements after it run only
   * while !c, a guard). Null otherwise.
   */
  private breakFirst(n: SyntaxNode): { g: SyntaxNode; first: boolean } | null {
    const { breaks, continues, returns } = exitsOf(n, this.jumps);
    const body = n.childForFieldName("body");
    if (breaks.length !== 1 || returns.length || continues.some((c) => !this.continueGuard(c, body))) return null;
    const list = body?.type === "compound_statement" ? body.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== "comment") : body ? [body] : [];
    const b = breaks[0];
    const g = b.parent?.type === "if_statement" ? b.parent : b.parent?.type === "compound_statement" && b.parent.parent?.type === "if_statement" ? b.parent.parent : null;
    if (!g || g.childForFieldName("alternative") || !list.some((x) => x.id === g.id)) return null;
    const then = g.childForFieldName("consequence");
    const only = then?.type === "compound_statement" ? then.namedChildren.filter((c) => c && c.type !== "comment") : [then];
    if (only.length !== 1 || only[0]?.id !== b.id) return null;
    const first = list[0].id === g.id;
    return first || continues.length === 0 ? { g, first } : null;
  }

  /** The bounds of a loop whose first statement is `if (c) break;`, or why c does not give one. */
  private breakBound(g: SyntaxNode, v: string, step: bigint, relation: string, bound: Poly, scope: Scope): NonNullable<Loop["minMax"]> | string {
    const c = g.childForFieldName("condition");
    if (!c) return "no condition";
    const why = `the break condition ${c.text} is not ${v} compared with a bound it reaches`;
    const st = this.stmt(c, [c], scope);
    const o = st.ops;
    if (st.accesses.length || st.unknowns.length || o.fadd + o.fmul + o.fdiv + o.fcall + o.macs + o.intOps + o.userCalls.size + o.unknownCalls.length > 0) return `${why} (it reads data or does work)`;
    const p = this.predicate(c, scope);
    if (!("op" in p) || !("lhs" in p)) return "reason" in p ? `the break condition: ${p.reason}` : why;
    const diff = p.lhs.sub(p.rhs);
    const a = diff.coefficientOf(v, 1).constantValue();
    const rest = diff.coefficientOf(v, 0);
    if (diff.degreeIn(v) !== 1 || !a || rest.mentions(v) || !(a.equals(Poly.ONE.constantValue()!) || a.equals(Poly.ONE.neg().constantValue()!))) return why;
    const FLIP: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=" };
    const up = step > 0n;
    const [rel, lim] = a.sign() > 0 ? [p.op, rest.neg()] : [FLIP[p.op], rest];
    const one = Poly.ONE;
    // The loop goes on while v < cap (counting up) or v > cap (counting down).
    let cap: Poly | null = null;
    if (up && rel === ">=") cap = lim; else if (up && rel === ">") cap = lim.add(one);
    else if (!up && rel === "<=") cap = lim; else if (!up && rel === "<") cap = lim.sub(one);
    if (!cap) return why;
    let main: Poly | null = null;
    if (up && relation === "<") main = bound; else if (up && relation === "<=") main = bound.add(one);
    else if (!up && relation === ">") main = bound; else if (!up && relation === ">=") main = bound.sub(one);
    if (!main) return `the loop condition ${relation} does not combine with the break`;
    return { op: up ? "min" : "max", args: [main, cap], relation: up ? "<" : ">" };
  }

  /** The `if` of `if (cond) continue;` when it stands directly in the loop's body block. */
  private continueGuard(c: SyntaxNode, body: SyntaxNode | null): SyntaxNode | null {
    const g = c.parent?.type === "if_statement" ? c.parent : c.parent?.type === "compound_statement" && c.parent.namedChildren.filter((x) => x && x.type !== "comment").length === 1 && c.parent.parent?.type === "if_statement" ? c.parent.parent : null;
    if (!g || g.childForFieldName("alternative") || !body || body.type !== "compound_statement" || g.parent?.id !== body.id) return null;
    return g;
  }

  /** The statements of a block; `if (c) continue;` at the top of a loop body guards the rest with !(c),
   *  and so does `if (c) return ...;` among the statements of the function's body. */
  private statements(list: SyntaxNode[], scope: Scope, depth: number): Node[] {
    const out: Node[] = [];
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      const ret = depth === 0 && c.parent?.id === this.fnBody?.id ? returnGuard(c) : null;
      if (ret && i < list.length - 1) {
        const { cond, pred, text } = this.jumpCondition(c, scope);
        const value = ret.namedChild(0);
        const then = value && value.type !== "comment" ? [this.stmt(ret, [value], scope)] : [];
        const rest = this.statements(list.slice(i + 1), scope, depth);
        out.push({
          kind: "if", span: { ...spanOf(c), end: list[list.length - 1].endIndex }, condition: text,
          ...(pred && "op" in pred ? { pred } : { notAffine: pred?.reason ?? "no condition" }),
          cond, then, else: rest, jump: `if (${text}) return (line ${c.startPosition.row + 1}) skips the rest of the function`,
        });
        break;
      }
      const cont = c.type === "if_statement" ? c.descendantsOfType("continue_statement").find((x) => x && jumpTarget(x)?.id === c.parent?.parent?.id) : undefined;
      const g = cont && c.parent?.parent?.childForFieldName("body")?.id === c.parent?.id ? this.continueGuard(cont, c.parent) : null;
      if (!g) { out.push(...this.statement(c, scope, depth)); continue; }
      const { cond, pred, text } = this.jumpCondition(g, scope);
      const before = new Map(this.known);
      const rest = this.statements(list.slice(i + 1), scope, depth);
      this.known = before;
      for (const r of list.slice(i + 1)) this.forget(r);
      const last = list[list.length - 1];
      const guard: Guard = {
        kind: "if", span: { ...spanOf(g), end: last.endIndex }, condition: `!(${text})`,
        ...(pred && "op" in pred ? { pred: { op: "!", arg: pred } } : { notAffine: pred?.reason ?? "no condition" }),
        cond, then: rest, else: [], jump: `if (${text}) continue; (line ${g.startPosition.row + 1}) skips the rest of the body`,
      };
      out.push(guard);
      break;
    }
    return out;
  }

  /** The condition of the `if` of a jump (`if (c) continue;`, `if (c) return ...;`): its statement, predicate and text without parentheses. */
  private jumpCondition(g: SyntaxNode, scope: Scope): { cond: Stmt; pred: Pred | { reason: string } | null; text: string } {
    const cn = g.childForFieldName("condition");
    return {
      pred: cn ? this.predicate(cn, scope) : null,
      cond: this.stmt(cn ?? g, cn ? [cn] : [], scope),
      text: (cn?.text ?? "").replace(/^\((.*)\)$/s, "$1"),
    };
  }

  /** A reader of while/do headers for control.ts, in the scope around the loop. */
  private controlReader(scope: Scope, before: ReadonlyMap<string, Poly | null>): ControlReader {
    return {
      affine: (x) => toAffine(x, scope, this.ctx.facts),
      entry: (name) => this.entryValue(name, before, scope),
      assignedIn: (name, s, e) => (this.assignedAt.get(name) ?? []).some((o) => o >= s && o < e),
      constant: (x) => {
        const p = toAffine(x, scope, this.ctx.facts);
        if (isReason(p)) return null;
        const q = p.evaluate(this.ctx.facts.values);
        return q && q.isInteger() ? q.num : null;
      },
    };
  }

  /**
   * `while`/`do`: a counted form is a loop over its iteration number (`cnt'` for counter cnt)
   * with an exact trip count and the counter as an affine alias in the body; it has no `parts`,
   * so no rewrite touches it. Any other while is a loop with an unknown trip count; outside any
   * loop, the `for` nests inside it are nests whose figures are per iteration of the while.
   */
  private whileLoop(n: SyntaxNode, scope: Scope, depth: number): Node[] {
    this.functionState();
    const before = new Map(this.known);
    this.forget(n);
    const isDo = n.type === "do_statement";
    const body = n.childForFieldName("body");
    const condNode = n.childForFieldName("condition");
    const line = n.startPosition.row + 1;
    // The header as written from the keyword (reports place hints at start + its length): `while (...)`, or `do`.
    const headerEnd = isDo ? n.startIndex + 2 : condNode ? condNode.endIndex : body ? body.startIndex : n.endIndex;
    const header = { ...spanOf(n), end: headerEnd };
    const headerText = n.text.slice(0, headerEnd - n.startIndex);
    const counted = countedLoop(n, this.controlReader(scope, before));
    const exits = exitsOf(n, this.jumps);
    const earlyExit = this.labelInside(n) ?? exits.returns[0] ?? exits.breaks[0] ?? exits.continues.find((x) => !this.continueGuard(x, body));
    const inner = scope.child();
    let result: Node[];
    const finals: [string, Poly][] = [];
    if (!("reason" in counted) && !earlyExit) {
      const v = `${counted.counter}'`;
      const outer = scope.lookup(counted.counter);
      inner.define(v, { kind: "loop", type: INT, min: Poly.ZERO }); // the iteration number
      const alias = counted.bodyStart.add(Poly.symbol(v).scale(Poly.constant(counted.step).constantValue()!));
      inner.define(counted.counter, { kind: "scalar", type: outer && outer.kind !== "array" ? outer.type : INT, alias, assigned: true, owner: outer?.kind === "scalar" ? outer.owner : undefined });
      // The counter and the integers stepped at the end of the body are aliases here (control.ts);
      // the other changing variables (pointers walked in the body) are induction cells (memory.ts).
      const own = new Set([counted.counter, ...counted.inductions.map((iv) => iv.name)]);
      const ownCells = [...own].map((x) => scope.lookup(x)).flatMap((o) => (o?.kind === "scalar" && o.cell ? [o.cell] : []));
      for (const iv of counted.inductions) {
        const o = scope.lookup(iv.name);
        if (o?.kind !== "scalar") continue;
        inner.define(iv.name, { ...o, cell: undefined, alias: iv.entry.add(Poly.symbol(v).scale(Poly.constant(iv.step).constantValue()!)), assigned: true });
      }
      this.loopStack.push(v);
      // The steps at the end of the body are the loop's own bookkeeping, like a for header's update: not counted as work.
      const steps = new Set(counted.steps.map((x) => x.startIndex));
      const lowered = (body ? this.inductive(body, inner, scope, depth, { var: v, lower: Poly.ZERO, step: 1n, trip: counted.trip, line }, ownCells) : []).map((x) => (x.kind === "stmt" && steps.has(x.span.start) ? { ...x, ops: emptyOps() } : x));
      this.loopStack.pop();
      for (const c of ownCells) forgetCell(c, `${c.name} after the while loop at line ${line}`);
      const loop: Loop = {
        kind: "loop", var: v, span: spanOf(n), header, headerText, lower: Poly.ZERO, step: 1n, tripCount: counted.trip,
        body: lowered, bodySpan: body ? spanOf(body) : undefined,
        counted: { form: counted.form, counter: counted.counter, text: counted.text, ...(counted.requires ? { requires: counted.requires } : {}) },
      };
      if (depth === 0) this.addNest(loop);
      result = [loop];
      // Exact and no early exit: the induction variables end at entry + step*trip.
      const trip = counted.trip.evaluate(this.ctx.facts.values);
      const req = counted.requires?.min ?? 0;
      if (!this.noTracking && (trip ? trip.compare(Poly.constant(req).constantValue()!) >= 0 : !counted.trip.printsMinus()))
        for (const iv of counted.inductions) finals.push([iv.name, iv.entry.add(counted.trip.scale(Poly.constant(iv.step).constantValue()!))]);
    } else {
      const why = earlyExit ? `${earlyExit.type === "continue_statement" ? "it skips part of its body" : earlyExit.type === "labeled_statement" ? "a goto may enter it" : "it may end early"} (${earlyExit.text.split(/[\s;(]/)[0]} at line ${earlyExit.startPosition.row + 1})` : (counted as { reason: string }).reason;
      const text = isDo ? `do ... while ${condNode?.text ?? ""}` : `while ${condNode?.text ?? ""}`;
      const unknown: Unknown = { what: `trip count of ${text}`, reason: `${isDo ? "do-while" : "while"} loop at line ${line}: its trip count is not known (${why})`, line };
      // Variables that change in a loop whose iterations are not counted have no known value.
      for (const c of this.cellsChangedIn(n, scope)) forgetCell(c, `${c.name} changes in the ${isDo ? "do-while" : "while"} loop at line ${line}, whose trip count is not known`);
      const cond = condNode ? [this.stmt(condNode, [condNode], inner)] : [];
      let lowered: Node[];
      if (depth === 0) {
        this.within.push(unknown);
        lowered = body ? this.block(body, inner, 0) : [];
        this.within.pop();
      } else {
        inner.define("?", { kind: "loop", type: INT });
        this.loopStack.push("?");
        lowered = body ? this.block(body, inner, depth + 1) : [];
        this.loopStack.pop();
      }
      result = [{
        kind: "loop", var: "?", span: spanOf(n), header, headerText, lower: null, step: null, tripCount: null, unknown,
        body: isDo ? [...lowered, ...cond] : [...cond, ...lowered], bodySpan: body ? spanOf(body) : undefined,
      }];
    }
    this.forget(n);
    for (const [k, v] of finals) { this.known.set(k, v); this.knownWhy.delete(k); }
    return result;
  }

  /**
   * `switch (v)`: each case's statements are guarded by `v == c` (or, through fall-through,
   * by the cases that reach them; `default` by v differing from every case). Exact when v is
   * affine and the cases are constants; else the guards are not affine, with the reason.
   */
  private switchStatement(n: SyntaxNode, scope: Scope, depth: number): Node[] {
    this.forget(n);
    const c = n.childForFieldName("condition");
    const body = n.childForFieldName("body");
    if (!c || !body) return [this.opaque(n, scope, "incomplete switch statement")];
    const condText = c.text.replace(/^\((.*)\)$/s, "$1");
    const value = toAffine(c, scope, this.ctx.facts);
    const cases = body.namedChildren.filter((x): x is SyntaxNode => x?.type === "case_statement");
    const labels = cases.map((k) => {
      const v = k.childForFieldName("value");
      if (!v) return { node: k, label: null as Poly | null, text: "default" };
      const p = toAffine(v, scope, this.ctx.facts);
      const q = isReason(p) ? null : p.evaluate(this.ctx.facts.values);
      return { node: k, label: q ? Poly.constant(q) : (null as Poly | null), text: v.text, bad: q ? undefined : `case ${v.text} is not a constant` };
    });
    const stmtsOf = (k: SyntaxNode) => k.namedChildren.filter((x): x is SyntaxNode => !!x && x.id !== k.childForFieldName("value")?.id && x.type !== "comment");
    // A case ends with break (or is the last); a break elsewhere in it is not modelled.
    let structural: string | null = null;
    for (const k of cases) {
      const st = stmtsOf(k);
      const ownBreaks = k.descendantsOfType("break_statement").filter((b) => b && jumpTarget(b)?.id === n.id);
      const last = st[st.length - 1];
      if (ownBreaks.some((b) => b!.id !== last?.id)) structural = `a break inside case ${labels[cases.indexOf(k)].text} (line ${ownBreaks[0]!.startPosition.row + 1}) ends it early`;
    }
    const eq = (l: Poly): Pred => ({ op: "==", lhs: value as Poly, rhs: l });
    const labelPred = (i: number): Pred => {
      const l = labels[i].label;
      if (l) return eq(l);
      return { op: "&&", args: labels.filter((x) => x.label).map((x) => ({ op: "!=" as const, lhs: value as Poly, rhs: x.label! })) };
    };
    const notAffine = isReason(value) ? `switch (${condText}): ${value.reason}` : structural ?? labels.find((x) => x.bad)?.bad;
    const out: Node[] = [];
    const before = new Map(this.known);
    let chain: number[] = [];
    cases.forEach((k, i) => {
      chain.push(i);
      const st = stmtsOf(k);
      const last = st[st.length - 1];
      const ends = last?.type === "break_statement" && jumpTarget(last)?.id === n.id;
      const run = ends ? st.slice(0, -1) : st;
      if (run.length) {
        this.known = new Map(before);
        const nodes = this.statements(run, scope.child(), depth);
        const preds = chain.map(labelPred);
        const condition = chain.map((j) => (labels[j].label ? `${condText} == ${labels[j].text}` : `${condText} matches no case`)).join(" || ");
        const first = out.length === 0;
        const st0 = this.stmt(c, [c], scope);
        const cond: Stmt = first ? st0 : { ...st0, ops: emptyOps(), accesses: [], scalars: [], unknowns: [] };
        out.push({
          kind: "if", span: spanOf(k), condition, cond, then: nodes, else: [],
          ...(notAffine ? { notAffine } : { pred: preds.length === 1 ? preds[0] : { op: "||", args: preds } }),
        });
      }
      if (ends || (last && ["return_statement", "continue_statement", "goto_statement"].includes(last.type))) chain = [];
    });
    this.known = before;
    this.forget(n);
    return out;
  }

  /** An if-condition as an affine predicate, or why it is not one. */
  private predicate(n: SyntaxNode, scope: Scope): Pred | { reason: string } {
    const e = strip(n);
    if (e.type === "unary_expression" && op(e) === "!") {
      const a = e.childForFieldName("argument");
      const p = a ? this.predicate(a, scope) : { reason: "incomplete condition" };
      return "op" in p ? { op: "!", arg: p } : p;
    }
    if (e.type !== "binary_expression") return { reason: `${e.text} is not a comparison` };
    const o = op(e);
    const l = e.childForFieldName("left"), r = e.childForFieldName("right");
    if (!l || !r) return { reason: "incomplete condition" };
    if (o === "&&" || o === "||") {
      const a = this.predicate(l, scope), b = this.predicate(r, scope);
      return "op" in a ? ("op" in b ? { op: o, args: [a, b] } : b) : a;
    }
    if (!["<", "<=", ">", ">=", "==", "!="].includes(o)) return { reason: `${e.text} is not a comparison` };
    const lhs = toAffine(l, scope, this.ctx.facts), rhs = toAffine(r, scope, this.ctx.facts);
    if (isReason(lhs)) return lhs;
    if (isReason(rhs)) return rhs;
    return { op: o as "<", lhs, rhs };
  }

  private stmt(n: SyntaxNode, exprs: SyntaxNode[], scope: Scope, writes: SyntaxNode[] = [], mode: "read" | "index" = "read"): Stmt {
    const v = new StatementVisitor(scope, this.ctx.facts);
    for (const w of writes) v.visit(w, "write");
    for (const e of exprs) v.visit(e, mode);
    const unknowns: Unknown[] = [...v.unknowns];
    if (n.hasError) unknowns.push({ what: n.text.slice(0, 40), reason: `syntax error at line ${n.startPosition.row + 1}`, line: n.startPosition.row + 1 });
    const st: Stmt = { kind: "stmt", span: spanOf(n), expr: exprs[0] ? spanOf(exprs[0]) : undefined, ops: v.ops, accesses: v.accesses, scalars: v.scalars, unknowns, ...(v.effects.length ? { effects: v.effects } : {}) };
    return v.sites.length ? this.inlineCalls(st, v.sites, n, scope) : st;
  }

  /**
   * A statement nested past the cap: nothing inside is visited (that is the point), so its
   * accesses are unknown; a write effect on memory stands for them, which keeps every
   * dependence test and footprint honest (no rewrite moves code across it).
   */
  private tooDeepOpaque(n: SyntaxNode, scope: Scope, deep: TooDeep): Opaque {
    for (const cell of this.cellsChangedIn(n, scope)) forgetCell(cell, `${cell.name} changes in a statement that is not analysed (line ${deep.line}: ${deep.message})`);
    const span = spanOf(n);
    return {
      kind: "opaque", span, unknown: { what: n.text.split("\n")[0].slice(0, 60), reason: deep.message, line: deep.line },
      accesses: [], effects: [{ call: `the statement at line ${deep.line}`, kind: "write", reason: `${deep.message}; it may read and write any memory`, span, touchesArrays: true }],
    };
  }

  private opaque(n: SyntaxNode, scope: Scope, reason: string): Opaque {
    // Everything inside is visited (bodies too): its accesses and calls are not modelled, so
    // the dependence analysis must see all of them (as writes, in every direction).
    const why = `inside ${n.type.replace(/_statement$/, "")} (line ${n.startPosition.row + 1}): ${reason}`;
    const v = new StatementVisitor(scope, this.ctx.facts, why);
    for (const c of n.namedChildren) if (c) v.visit(c, "read");
    for (const cell of this.cellsChangedIn(n, scope)) forgetCell(cell, `${cell.name} changes ${why}`);
    return {
      kind: "opaque", span: spanOf(n), unknown: { what: n.text.split("\n")[0].slice(0, 60), reason, line: n.startPosition.row + 1 },
      accesses: v.accesses.map((a) => ({ ...a, conditional: a.conditional ?? why })),
      ...(v.effects.length ? { effects: v.effects } : {}),
    };
  }

  private declaration(n: SyntaxNode, scope: Scope): Node[] {
    const t = resolveType(this.ctx.facts, n.childForFieldName("type")?.text ?? "");
    const out: Node[] = [];
    for (const d of n.childrenForFieldName("declarator")) {
      const dd = d && readDeclarator(d);
      if (!dd || dd.isFunction) continue;
      const owner = this.loopStack[this.loopStack.length - 1];
      const decl = dd.nameNode.startIndex;
      const initWrite = () => {
        // The initialiser is a write of the new variable (private to `owner`).
        const st = out[out.length - 1] as Stmt;
        (st.scalars as ScalarAccess[]).push({ name: dd.name, kind: "write", span: spanOf(dd.nameNode), owner, decl });
      };
      if (dd.derivations.length === 1 && dd.derivations[0].kind === "pointer") {
        // `float *row = A + i*m;`: a pointer into an array (ir/memory.ts), its initialiser is
        // address arithmetic. Accesses through it are accesses to the array it points into.
        const value = dd.value ? pointerValue(dd.value, scope, this.ctx.facts) : { reason: `${dd.name} has no initial value` };
        if (dd.value) { out.push(this.stmt(d!, [dd.value], scope, [], "index")); initWrite(); }
        scope.define(dd.name, { kind: "scalar", type: POINTER, assigned: true, owner, decl, cell: this.newCell(dd.name, "pointer", value, t) });
        const sv = structVarOf(this.ctx.facts, n, dd);
        if (sv) scope.defineStruct(dd.name, sv);
        continue;
      }
      const found = arrayOf(dd, t, scope, this.ctx.facts, false, n.startPosition.row + 1);
      const frame = found && dd.derivations.every((x) => x.kind === "array") && !n.children.some((c) => c?.type === "storage_class_specifier" && /\b(static|extern)\b/.test(c.text));
      const arr = found && frame ? { ...found, automatic: true } : found;
      if (arr) {
        scope.define(dd.name, { kind: "array", type: t, array: arr });
        if (dd.value) out.push(this.stmt(d!, [dd.value], scope));
        continue;
      }
      const type = t;
      let alias: Poly | undefined;
      let named = false;
      let affine: ReturnType<typeof toAffine> | null = null;
      if (dd.value && type.kind === "int") affine = toAffine(dd.value, scope, this.ctx.facts);
      const address = type.kind === "int" && this.addressOnly.has(dd.name);
      if (dd.value) {
        out.push(this.stmt(d!, [dd.value], scope, [], address ? "index" : "read"));
        // (`scan(&m)` may change m: neither an alias nor a symbol.)
        if (affine && type.kind === "int" && !this.assigned.has(dd.name) && !this.addressed.has(dd.name)) named = this.namedLocal(dd.name, affine, scope, owner);
        if (affine && !isReason(affine)) {
          if (!this.assigned.has(dd.name) && !this.addressed.has(dd.name) && !named) alias = affine;
          // `int iy = oy * 2 - P + ky;` only names an index: address arithmetic, not work.
          const st = out[out.length - 1] as Stmt;
          out[out.length - 1] = { ...st, ops: { ...st.ops, intOps: 0, macs: st.ops.macs - (st.ops.macs - st.ops.fmacs) } };
        }
        initWrite();
      }
      if (type.kind === "int" && (this.assigned.has(dd.name) || this.addressed.has(dd.name))) {
        // An integer that changes (`int k = 0; ... out[k++] = ...`): its value is followed.
        const value = affine ?? { reason: `${dd.name} has no initial value` };
        scope.define(dd.name, { kind: "scalar", type, assigned: true, owner, decl, cell: this.newCell(dd.name, "int", value), ...(address ? { address } : {}) });
      } else if (named) scope.define(dd.name, { kind: "symbol", type });
      else scope.define(dd.name, { kind: "scalar", type, alias, assigned: this.assigned.has(dd.name), owner, decl, ...(address ? { address } : {}) });
      const sv = structVarOf(this.ctx.facts, n, dd);
      if (sv) scope.defineStruct(dd.name, sv);
    }
    return out;
  }

  /**
   * Whether a never-reassigned integer local becomes a named symbol (`const int c = d->c;`:
   * trip counts read `c`, bindable with -D c=5; its value follows from d->c when that is bound).
   * Yes when its initialiser is affine in symbols only (no loop variable: those name an index,
   * kept as an alias), or when it is declared outside every loop (its value is then fixed for
   * each run of the nest whatever the initialiser). No when its address is taken, or when it
   * shadows a name the source gives a value (an enum constant, a const global).
   */
  private namedLocal(name: string, init: ReturnType<typeof toAffine>, scope: Scope, owner: string | undefined): boolean {
    if (this.addressed.has(name)) return false;
    const f = this.ctx.facts;
    if (f.values.has(name) && !f.assumed.has(name)) return false;
    if (this.locals.has(name) || this.loopStack.includes(name)) return false;
    if (isReason(init)) {
      if (owner !== undefined) return false;
    } else if ([...init.symbols()].some((s) => scope.lookup(s)?.kind === "loop")) return false;
    this.locals.set(name, isReason(init) ? Poly.symbol(name) : init);
    return true;
  }

  /**
   * A `for` statement. Values assigned inside the loop are not known inside it (nor after it,
   * except the counter's final value of an exact loop); an early exit of the loop (a break,
   * return or goto, or a continue other than `if (c) continue;` at the top of the body) leaves
   * its trip count unknown with the line of the exit.
   */
  private loop(n: SyntaxNode, scope: Scope, depth: number): Loop | Opaque {
    check(); // under a request's budget, lowering a function of thousands of loops can stop
    this.functionState();
    const before = new Map(this.known);
    this.forget(n);
    const exit = this.exitReason(n);
    const loop = this.forLoop(n, scope, depth, before, exit);
    this.forget(n);
    if (loop.kind === "loop" && loop.tripCount && loop.lower && loop.step !== null && !exit) this.setFinal(n, loop, scope);
    return loop;
  }

  private forLoop(n: SyntaxNode, scope: Scope, depth: number, before: ReadonlyMap<string, Poly | null>, exit: string | null): Loop | Opaque {
    const init = n.childForFieldName("initializer");
    const cond = n.childForFieldName("condition");
    const update = n.childForFieldName("update");
    const body = n.childForFieldName("body");
    const headerEnd = body ? body.startIndex : n.endIndex;
    const headerText = n.text.slice(0, headerEnd - n.startIndex).trim();
    const header = { ...spanOf(n), end: headerEnd };
    const inner = scope.child();
    const fail = (reason: string, v = "?"): Loop => {
      inner.define(v, { kind: "loop", type: INT });
      // Variables that change in a loop whose iterations are not counted have no known value.
      for (const c of this.cellsChangedIn(n, scope)) forgetCell(c, `${c.name} changes in the loop at line ${n.startPosition.row + 1}, whose trip count is not known`);
      this.afterLoop(v, scope, n);
      this.loopStack.push(v);
      const lowered = body ? this.block(body, inner, depth + 1) : [];
      this.loopStack.pop();
      return {
        kind: "loop", var: v, span: spanOf(n), header, headerText, lower: null, step: null, tripCount: null,
        unknown: { what: `trip count of ${headerText}`, reason, line: n.startPosition.row + 1 },
        body: lowered, bodySpan: body ? spanOf(body) : undefined, ...(body ? localsOf(body) : {}),
      };
    };
    // No initialiser, several variables (`i = 0, j = n - 1`, `i++, p += s`): the general reading.
    if (!init || (init.type === "declaration" && init.childrenForFieldName("declarator").length !== 1) || strip(init).type === "comma_expression" || (update && strip(update).type === "comma_expression"))
      return this.headerLoop(n, inner, depth, before, exit, fail);
    // Initialiser: `int i = L` or `i = L`.
    let v: string | undefined;
    let lowerNode: SyntaxNode | null = null;
    if (init?.type === "declaration") {
      const ds = init.childrenForFieldName("declarator");
      if (ds.length !== 1) return fail("the loop initialises several variables");
      const dd = ds[0] && readDeclarator(ds[0]);
      if (!dd?.value) return fail("the loop variable has no initial value");
      v = dd.name; lowerNode = dd.value;
    } else if (init && strip(init).type === "assignment_expression" && op(strip(init)) === "=") {
      const a = strip(init);
      const l = a.childForFieldName("left");
      if (l?.type !== "identifier") return fail(`cannot read the initialiser ${init.text}`);
      v = l.text; lowerNode = a.childForFieldName("right");
    } else return fail(init ? `cannot read the initialiser ${init.text}` : "the loop has no initialiser");
    if (!lowerNode) return fail("the loop variable has no initial value", v);
    if (scope.lookup(v)?.kind === "loop") return fail(`${v} is already the variable of an enclosing loop`, v);
    const lower = toAffine(lowerNode, scope, this.ctx.facts);
    if (isReason(lower)) return fail(`lower bound: ${lower.reason}`, v);
    inner.define(v, { kind: "loop", type: INT });
    // Update: i++, ++i, i--, i += c, i -= c, i = i + c, i = c + i, i = i - c.
    if (!update && cond && /(\+\+|--)/.test(cond.text)) return fail(`${v} changes in the condition (${cond.text}): this loop form is not read yet`, v);
    const step = this.step(update, v, scope);
    if (typeof step === "string") return fail(step, v);
    const brk = exit ? this.breakFirst(n) : null;
    if (exit && !brk) return fail(exit, v);
    // Condition: v op U (either side), with v's coefficient +1 or -1.
    if (!cond) return fail("the loop has no condition (runs until break)", v);
    const c = strip(cond);
    const rel = c.type === "binary_expression" ? op(c) : "";
    if (!["<", "<=", ">", ">=", "!="].includes(rel)) return fail(`cannot read the condition ${cond.text}`, v);
    const l = c.childForFieldName("left"), r = c.childForFieldName("right");
    const mm = l && r ? this.minMaxBound(l, r, rel, v, inner) : null;
    if (mm) {
      if (exit) return fail(exit, v);
      if (step < 0n ? mm.relation === "<" || mm.relation === "<=" : mm.relation === ">" || mm.relation === ">=") return fail(`the loop counts ${step < 0n ? "down" : "up"} but the condition is ${mm.relation}`, v);
      const text = mm.args.map((x) => x.toString()).join(", ");
      const loop = fail(`the bound is ${mm.op}(${text}): no closed form; counted exactly when every size is bound`, v);
      // The header as written, so that rewrites that need no trip count (unroll's remainder
      // form, unroll-and-jam inside a tile) can rebuild it; `bound` is the first argument.
      const mmNode = strip(l!).text === v ? r : strip(r!).text === v ? l : null;
      const mmClose = n.children.filter((c) => c?.type === ")").pop();
      const mmParts = init && update && lowerNode ? {
        init: spanOf(init), cond: spanOf(cond), update: spanOf(update), declared: init.type === "declaration",
        relation: mm.relation, bound: mm.args[0], boundText: mmNode ? mmNode.text : null, lowerText: lowerNode.text,
        headerClose: mmClose ? mmClose.endIndex : headerEnd,
        typeText: init.type === "declaration" ? (init.childForFieldName("type")?.text ?? "int") : "int",
      } : undefined;
      const mmUses = body ? this.identifiersIn(body).filter((x) => x.text === v).map((x) => x.span) : [];
      return this.boundMinMax({ ...loop, lower, step, minMax: mm, uses: mmUses, ...(mmParts ? { parts: mmParts } : {}) });
    }
    const la = l && toAffine(l, inner, this.ctx.facts);
    const ra = r && toAffine(r, inner, this.ctx.facts);
    if (!la || !ra) return fail(`cannot read the condition ${cond.text}`, v);
    if (isReason(la)) return fail(`condition: ${la.reason}`, v);
    if (isReason(ra)) return fail(`condition: ${ra.reason}`, v);
    const diff = la.sub(ra); // condition is diff REL 0
    const a = diff.coefficientOf(v, 1).constantValue();
    if (diff.degreeIn(v) !== 1 || !a || !(a.equals(Poly.ONE.constantValue()!) || a.equals(Poly.ONE.neg().constantValue()!)))
      return fail(`the condition ${cond.text} is not of the form ${v} < bound`, v);
    let relation = rel;
    let bound = diff.coefficientOf(v, 0).neg(); // v + rest REL 0  =>  v REL -rest
    if (a.sign() < 0) {
      bound = diff.coefficientOf(v, 0); // -v + rest REL 0  =>  v FLIP(REL) rest
      relation = ({ "<": ">", "<=": ">=", ">": "<", ">=": "<=", "!=": "!=" } as Record<string, string>)[rel];
    }
    if (bound.mentions(v)) return fail(`the bound of ${v} depends on ${v}`, v);
    // An unsigned counter is never below 0: `i >= 0` holds forever (C wraps around).
    const vType = init.type === "declaration" ? (init.childForFieldName("type")?.text ?? "") : (() => { const x = scope.lookup(v); return x && x.kind !== "array" ? x.type.base : ""; })();
    if (/^(unsigned|size_t|uint\d+_t|uint_fast|uint_least)/.test(vType.replace(/\b(const|volatile|register)\s+/g, "")) && (step < 0n) && (relation === ">=" || relation === ">") && (bound.constantValue()?.sign() ?? 1) <= 0 && !(relation === ">" && bound.constantValue()?.isZero()))
      return fail(`${v} is ${vType}: ${v} ${relation} ${bound.toString()} always holds, so the loop does not end where it seems to (it wraps around)`, v);
    let trip = tripCount(lower, bound, relation, step);
    if (typeof trip === "string") return fail(trip, v);
    if ((trip.constantValue()?.sign() ?? 0) < 0) trip = Poly.ZERO; // e.g. for (i = 5; i < 3; i++)
    // The body must not change v.
    if (body && (this.assignedAt.get(v) ?? []).some((o) => o >= body.startIndex && o < body.endIndex)) return fail(`${v} is changed inside the loop body`, v);
    if (brk) {
      // `if (c) break;` in the body, c affine and monotone in v: the loop runs while v is below
      // both bounds, a min (max counting down) counted exactly when every size is bound. A break
      // after other statements lets them run once more (the bound moves by one step) and
      // guards the statements after it by !c.
      const g = brk.g;
      const mm0 = this.breakBound(g, v, step, relation, bound, inner);
      if (typeof mm0 === "string") return fail(`${exit}; ${mm0}`, v);
      // (The first v at or past the break's cap is in [cap, cap + step): it still runs the head.)
      const mm = brk.first ? mm0 : { ...mm0, args: [mm0.args[0], mm0.args[1].add(Poly.constant(step))] };
      const text = mm.args.map((x) => x.toString(functionOrder(this.ctx.facts.order, g.text))).join(", ");
      const line = g.startPosition.row + 1;
      const loop = fail(`the loop ends at the break at line ${line} or at its bound: ${v} ${mm.relation} ${mm.op}(${text}); no closed form, counted exactly when every size is bound`, v);
      const at = loop.body.findIndex((x) => x.span.start === g.startIndex);
      if (at < 0) return fail(exit!, v);
      const head = loop.body.slice(0, at), rest = loop.body.slice(at + 1);
      // First in the body, the if is dropped: the loop's bound says it all (its test runs once more
      // than the body on the iteration that breaks, and is not reported as a statement).
      let body: Node[] = brk.first ? rest : head;
      if (!brk.first && rest.length) {
        const c = g.childForFieldName("condition")!;
        const pred = this.predicate(c, inner);
        if (!("op" in pred)) return fail(`${exit}; the break condition: ${pred.reason}`, v);
        const cn = c.text.replace(/^\((.*)\)$/s, "$1");
        const last = rest[rest.length - 1];
        body = [...head, {
          kind: "if", span: { ...spanOf(g), end: last.span.end }, condition: `!(${cn})`, pred: { op: "!", arg: pred },
          cond: { ...this.stmt(c, [c], inner), ops: emptyOps() }, then: rest, else: [], jump: `if (${cn}) break; (line ${line}) ends the loop before the rest of the body`,
        }];
      }
      return this.boundMinMax({ ...loop, body, lower, step, minMax: mm });
    }
    inner.define(v, { kind: "loop", type: INT, ...this.loopMin(lower, step, relation, bound) });
    const uses = body ? this.identifiersIn(body).filter((x) => x.text === v).map((x) => x.span) : [];
    const boundNode = l && strip(l).text === v ? r : r && strip(r).text === v ? l : null;
    const close = n.children.filter((c) => c?.type === ")").pop();
    const parts = {
      init: spanOf(init!), cond: spanOf(cond), update: spanOf(update!), declared: init!.type === "declaration",
      relation, bound, boundText: boundNode ? boundNode.text : null, lowerText: lowerNode.text,
      headerClose: close ? close.endIndex : headerEnd,
      typeText: init!.type === "declaration" ? (init!.childForFieldName("type")?.text ?? "int") : (() => { const x = scope.lookup(v); return x && x.kind !== "array" && x.type.kind === "int" ? x.type.base : "int"; })(),
    };
    this.loopStack.push(v);
    const lowered = body ? this.inductive(body, inner, scope, depth, { var: v, lower, step, trip, line: n.startPosition.row + 1 }) : [];
    this.loopStack.pop();
    this.afterLoop(v, scope, n);
    return {
      kind: "loop", var: v, span: spanOf(n), header, headerText, lower, step, tripCount: trip,
      body: lowered, bodySpan: body ? spanOf(body) : undefined, ...(body ? localsOf(body) : {}), uses, parts,
    };
  }

  /**
   * A loop bounded by min/max whose bounds are all bound values (-D, assumptions, constants):
   * its trip count for those values (a constant, exact for them only, like every bound figure),
   * and no longer a piecewise loop. Otherwise the loop as it is (counted by enumeration).
   */
  private boundMinMax(loop: Loop): Loop {
    const mm = loop.minMax, vals = this.ctx.facts.values;
    if (!mm || !loop.lower || loop.step === null) return loop;
    const lo = loop.lower.evaluate(vals);
    const args = mm.args.map((a) => a.evaluate(vals));
    if (!lo || !lo.isInteger() || args.some((a) => !a || !a.isInteger())) return loop;
    const pick = (args as NonNullable<(typeof args)[number]>[]).reduce((a, b) => ((mm.op === "min" ? b.compare(a) < 0 : b.compare(a) > 0) ? b : a));
    const t = tripCount(Poly.constant(lo), Poly.constant(pick), mm.relation, loop.step);
    const tv = typeof t === "string" ? null : t.evaluate(vals);
    if (!tv) return loop;
    const { unknown: _u, ...rest } = loop;
    return { ...rest, tripCount: Poly.constant(tv.sign() < 0 ? 0 : tv) };
  }

  /** The value a loop variable never goes below in the body: its start counting up; counting
   *  down while v >= b (v > b), b (b + 1). */
  private loopMin(lower: Poly, step: bigint, relation: string | null, bound: Poly | null): { min?: Poly } {
    if (step > 0n) return { min: lower };
    if (bound && relation === ">=") return { min: bound };
    if (bound && relation === ">") return { min: bound.add(Poly.ONE) };
    return {};
  }

  /** A loop variable that is also a changing variable outside the loop has no followed value after it. */
  private afterLoop(v: string, scope: Scope, n: SyntaxNode): void {
    const outer = scope.lookup(v);
    if (outer?.kind === "scalar" && outer.cell) forgetCell(outer.cell, `${v} after the loop at line ${n.startPosition.row + 1}`);
  }

  /**
   * Lowers a counted loop's body with its induction variables (ir/memory.ts): each cell that
   * changes in the body is `before + t*D` at the top of iteration t; D is then the change over
   * one iteration, which must not depend on the iteration, and is substituted into the body.
   */
  private inductive(body: SyntaxNode, inner: Scope, outer: Scope, depth: number, l: { var: string; lower: Poly; step: bigint; trip: Poly; line: number }, exclude: readonly Cell[] = [], update: readonly SyntaxNode[] = []): Node[] {
    // Cells with no known value stay unknown whatever the body does: only known ones are followed.
    // `update`: the for header's steps of pointers (`p += s`), run after the body in each iteration.
    const changing = [...new Set([body, ...update].flatMap((x) => this.cellsChangedIn(x, outer)))].filter((c) => !exclude.includes(c) && c.value !== null);
    // The header's steps move the cells; one that reads memory or calls (`p += len[i]`) is also a statement of the body.
    const withSteps = (nodes: Node[]): Node[] => {
      for (const u of update) {
        const st = this.stmt(u, [u], inner);
        if (st.accesses.length || st.unknowns.length || st.effects || Object.keys(st.ops.userCalls).length || st.ops.unknownCalls.length) nodes.push(st);
      }
      return nodes;
    };
    if (changing.length === 0) return withSteps(this.block(body, inner, depth + 1));
    // An iteration that may end early (break, continue, return, goto) does not make the full step.
    const exit = this.jumps.find((j) => j.startIndex >= body.startIndex && j.endIndex <= body.endIndex);
    if (exit) {
      for (const c of changing) forgetCell(c, `${c.name} changes in the loop at line ${l.line}, which may end an iteration early (${exit.text.split(/[\s;]/)[0]} at line ${exit.startPosition.row + 1})`);
      return withSteps(this.block(body, inner, depth + 1));
    }
    const t = counter(l);
    const start = new Map<Cell, { before: Poly | PointerTarget; d: string }>();
    for (const c of changing) {
      const d = `$d${this.placeholders++}`;
      start.set(c, { before: c.value!, d });
      c.value = advance(c.value!, t.mul(Poly.symbol(d)));
    }
    const nodes = withSteps(this.block(body, inner, depth + 1));
    const deltas = new Map<string, Poly | null>();
    const why = new Map<string, string>();
    const own = new Set([...start.values()].map((x) => x.d));
    for (const c of changing) {
      const s = start.get(c)!;
      const top = advance(s.before, t.mul(Poly.symbol(s.d)));
      const end = c.value;
      let delta: Poly | null = null;
      if (end instanceof Poly && top instanceof Poly) delta = end.sub(top);
      else if (isTarget(end) && isTarget(top) && end.base === top.base) delta = end.offset.sub(top.offset);
      const bad = !delta ? (c.reason ?? `${c.name} is re-pointed in the loop`) : [...delta.symbols()].find((x) => x === l.var || own.has(x) || (inner.lookup(x)?.kind === "loop" && x !== l.var && this.loopStack.includes(x)));
      if (!delta || bad) {
        deltas.set(s.d, null);
        why.set(s.d, `${c.name} changes by an amount Loopsmith cannot follow in each iteration of ${l.var} (line ${l.line})${typeof bad === "string" && bad.includes(" ") ? `: ${bad}` : ""}`);
        forgetCell(c, why.get(s.d)!);
      } else {
        deltas.set(s.d, delta);
        c.value = advance(s.before, l.trip.mul(delta));
        c.reason = undefined;
      }
    }
    // Placeholders become the proven steps; where a step is not proven, the polynomials that use it are unknown.
    const touches = (p: Poly) => [...p.symbols()].some((x) => deltas.has(x));
    const f = (p: Poly): Poly | null => {
      let q = p;
      for (const [d, delta] of deltas) {
        if (!q.mentions(d)) continue;
        if (!delta) return null;
        q = q.substitute(d, delta);
      }
      return q;
    };
    const firstBad = [...deltas].find(([, v]) => !v);
    return mapPolys(nodes, f, firstBad ? why.get(firstBad[0])! : "", touches);
  }

  /**
   * A `for` header read as a whole: no initialiser (the counter continues from its value
   * before the loop), several variables (`i = 0, j = n - 1; i < j; i++, j--`). Every variable
   * stepped by the update is affine in the iteration: the counter is one stepped by 1 (the
   * one in the condition first), the others are aliases of it. A pointer the header sets and
   * steps (`i = 0, p = in; ...; i++, p += s`) is an induction cell like one stepped at the end
   * of a counted while's body (inductive(), memory.ts); a pointer declared in the header is not
   * modelled (its accesses are unknown). The loop has no `parts`: no rewrite touches it.
   */
  private headerLoop(n: SyntaxNode, inner: Scope, depth: number, before: ReadonlyMap<string, Poly | null>, exit: string | null, fail: (reason: string, v?: string) => Loop): Loop {
    const scope = inner.parent!;
    const init = n.childForFieldName("initializer"), cond = n.childForFieldName("condition"), update = n.childForFieldName("update");
    const body = n.childForFieldName("body");
    const commaParts = (e: SyntaxNode): SyntaxNode[] => {
      const s = strip(e);
      return s.type === "comma_expression" ? s.namedChildren.filter((x): x is SyntaxNode => !!x).flatMap(commaParts) : [s];
    };
    const inits = new Map<string, SyntaxNode>();
    const pointers = new Set<string>();
    const declared = init?.type === "declaration";
    if (init?.type === "declaration") {
      const t = resolveType(this.ctx.facts, init.childForFieldName("type")?.text ?? "");
      for (const d of init.childrenForFieldName("declarator")) {
        const dd = d && readDeclarator(d);
        if (!dd) continue;
        if (dd.derivations.length || t.kind !== "int") { pointers.add(dd.name); inner.define(dd.name, { kind: "scalar", type: dd.derivations.length ? POINTER : t, assigned: true }); continue; }
        if (!dd.value) return fail(`${dd.name} has no initial value`);
        inits.set(dd.name, dd.value);
      }
    } else if (init) {
      for (const a of commaParts(init)) {
        const l = a.type === "assignment_expression" && op(a) === "=" ? a.childForFieldName("left") : null;
        const r = a.childForFieldName("right");
        if (l?.type !== "identifier" || !r) return fail(`cannot read the initialiser ${init.text}`);
        inits.set(l.text, r);
      }
    }
    if (!update) return fail("the loop has no update (runs until break)");
    if (!cond) return fail("the loop has no condition (runs until break)");
    // Steps of the header's variables.
    const steps = new Map<string, bigint>();
    for (const u of commaParts(update)) {
      const target = u.type === "update_expression" ? u.childForFieldName("argument") : u.type === "assignment_expression" ? u.childForFieldName("left") : null;
      const name = target && strip(target).type === "identifier" ? strip(target).text : null;
      if (!name) return fail(`cannot read the update ${update.text}`);
      const info = inner.lookup(name);
      if (pointers.has(name) || info?.kind === "array" || (info && info.type.kind === "pointer")) { pointers.add(name); continue; }
      const s = this.step(u, name, scope);
      if (typeof s === "string") return fail(s, name);
      steps.set(name, s);
    }
    const inCond = new Set(cond.descendantsOfType("identifier").map((x) => x?.text ?? ""));
    if (strip(cond).type === "identifier") inCond.add(strip(cond).text);
    const unit = [...steps].filter(([, s]) => s === 1n || s === -1n).map(([k]) => k);
    // Else a variable of the condition with a larger step (`for (; i + 3 < n; i += 4)`), when the
    // others step by multiples of it (each is then an integer alias of it).
    const wide = [...steps].find(([k, s]) => inCond.has(k) && [...steps.values()].every((o) => o % s === 0n))?.[0];
    const v = unit.find((k) => inCond.has(k)) ?? unit[0] ?? wide;
    if (!v) return fail(`no variable of ${update.text} steps by 1, so the loop has no counter Loopsmith can read`);
    if (scope.lookup(v)?.kind === "loop" && !declared) return fail(`${v} is already the variable of an enclosing loop`, v);
    for (const k of steps.keys()) if (!inCond.has(k) && k !== v) { /* a variable stepped alongside: an alias below */ }
    // Values on entry: the initialiser, else the value before the loop.
    const entry = new Map<string, Poly>();
    const sc = this.withKnown(scope, before);
    for (const k of steps.keys()) {
      const node = inits.get(k);
      const e = node ? toAffine(node, sc, this.ctx.facts) : this.entryValue(k, before, scope);
      if (typeof e === "string") return fail(`${k} has no initialiser in this header, and ${e.replace(/^the value of \S+ before the loop is not known$/, "its value before the loop is not known")}`, v);
      if (isReason(e)) return fail(`lower bound: ${e.reason}`, v);
      entry.set(k, e);
    }
    const lower = entry.get(v)!;
    const sv = steps.get(v)!;
    inner.define(v, { kind: "loop", type: INT, ...this.loopMin(lower, sv, null, null) });
    for (const [k, s] of steps) {
      if (k === v) continue;
      // k = k0 + s*t with t = (v - v0)/sv (s is a multiple of sv).
      const alias = entry.get(k)!.add(Poly.symbol(v).sub(lower).scale(Poly.constant(s / sv).constantValue()!));
      const outer = scope.lookup(k);
      inner.define(k, { kind: "scalar", type: outer && outer.kind !== "array" ? outer.type : INT, alias, assigned: true });
    }
    // Variables the header only initialises (`int i = 0, n4 = n / 4`): their initial value, unless the loop changes them.
    // Pointer variables of the function (cells, memory.ts) the header sets or steps: followed.
    const cellOf = (k: string): Cell | undefined => { const o = scope.lookup(k); return !declared && o?.kind === "scalar" && o.cell?.kind === "pointer" ? o.cell : undefined; };
    for (const [k, node] of inits) {
      if (steps.has(k) || cellOf(k)) continue;
      const outer = scope.lookup(k);
      const type = declared || !outer || outer.kind === "array" ? INT : outer.type;
      const val = toAffine(node, sc, this.ctx.facts);
      const changed = (this.assignedAt.get(k) ?? []).some((o) => o >= (cond.startIndex) && o < n.endIndex);
      inner.define(k, { kind: "scalar", type, assigned: true, ...(!changed && !isReason(val) && type.kind === "int" ? { alias: val } : {}) });
    }
    // Condition: affine in v (through the aliases), `diff REL 0` with diff = a*v + rest.
    const c = strip(cond);
    let rel = c.type === "binary_expression" ? op(c) : "!=";
    let diff: Poly;
    if (c.type === "binary_expression" && ["<", "<=", ">", ">=", "!="].includes(rel)) {
      const l = c.childForFieldName("left"), r = c.childForFieldName("right");
      const la = l && toAffine(l, inner, this.ctx.facts), ra = r && toAffine(r, inner, this.ctx.facts);
      if (!la || !ra) return fail(`cannot read the condition ${cond.text}`, v);
      if (isReason(la)) return fail(`condition: ${la.reason}`, v);
      if (isReason(ra)) return fail(`condition: ${ra.reason}`, v);
      diff = la.sub(ra);
    } else if (c.type === "identifier") {
      const a = toAffine(c, inner, this.ctx.facts);
      if (isReason(a)) return fail(`condition: ${a.reason}`, v);
      diff = a; rel = "!=";
    } else return fail(`cannot read the condition ${cond.text}`, v);
    const a = diff.coefficientOf(v, 1).constantValue();
    if (diff.degreeIn(v) !== 1 || !a || !a.isInteger() || diff.coefficientOf(v, 0).mentions(v)) return fail(`the condition ${cond.text} is not affine in ${v}`, v);
    // At iteration t the condition reads diff(v0) + a*sv*t REL 0.
    const trip0 = tripCount(diff.substitute(v, lower), Poly.ZERO, rel, a.num * sv);
    if (typeof trip0 === "string") return fail(trip0, v);
    const trip = (trip0.constantValue()?.sign() ?? 0) < 0 ? Poly.ZERO : trip0;
    for (const k of [...steps.keys(), ...pointers])
      if (body && (this.assignedAt.get(k) ?? []).some((o) => o >= body.startIndex && o < body.endIndex)) return fail(`${k} is changed inside the loop body`, v);
    if (exit) return fail(exit, v);
    const stepOf = (p: string) => commaParts(update).find((x) => (x.childForFieldName("argument") ?? x.childForFieldName("left"))?.text === p);
    const followed = [...pointers].filter((p) => cellOf(p));
    const moved: Stmt[] = [...pointers].filter((p) => !cellOf(p) && stepOf(p)).map((p) => {
      const u = commaParts(update).find((x) => (x.childForFieldName("argument") ?? x.childForFieldName("left"))?.text === p)!;
      return { kind: "stmt", span: spanOf(u), expr: spanOf(u), ops: emptyOps(), accesses: [], scalars: [],
        unknowns: [{ what: `pointer ${p}`, reason: `${p} is moved by the loop header (${u.text}); accesses through it are not modelled`, line: u.startPosition.row + 1 }] };
    });
    const headerEnd = body ? body.startIndex : n.endIndex;
    // The header's pointer initialisations run once before the loop (`p = in` sets p's cell).
    for (const a of init && !declared ? commaParts(init) : []) {
      const l = a.childForFieldName("left");
      if (l && cellOf(strip(l).text)) this.stmt(a, [a], scope);
    }
    // The header's counters are aliases in the loop: their cells are not followed. Its pointers
    // and the cells the body changes are induction cells (inductive()).
    const inBody = body ? this.cellsChangedIn(body, scope) : [];
    const ptrCells = followed.map((p) => cellOf(p)!);
    for (const c of this.cellsChangedIn(n, scope)) if (!inBody.includes(c) && !ptrCells.includes(c)) forgetCell(c, `${c.name} changes in the loop at line ${n.startPosition.row + 1} (${n.text.slice(0, headerEnd - n.startIndex).trim()}), which is not followed`);
    this.loopStack.push(v);
    const steps1 = followed.map((p) => stepOf(p)).filter((x): x is SyntaxNode => !!x);
    const lowered = body ? this.inductive(body, inner, scope, depth, { var: v, lower, step: sv, trip, line: n.startPosition.row + 1 }, [], steps1) : [];
    this.loopStack.pop();
    return {
      kind: "loop", var: v, span: spanOf(n), header: { ...spanOf(n), end: headerEnd }, headerText: n.text.slice(0, headerEnd - n.startIndex).trim(),
      lower, step: sv, tripCount: trip, body: [...lowered, ...moved], bodySpan: body ? spanOf(body) : undefined,
      uses: body ? this.identifiersIn(body).filter((x) => x.text === v).map((x) => x.span) : [],
    };
  }

  /** `v REL (a < b ? a : b)` (either side): the bound as min/max of affine expressions. */
  private minMaxBound(l: SyntaxNode, r: SyntaxNode, rel: string, v: string, scope: Scope): Loop["minMax"] | null {
    const flip: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "!=": "!=" };
    const [other, relation] = strip(l).text === v ? [strip(r), rel] : strip(r).text === v ? [strip(l), flip[rel]] : [null, rel];
    if (!other || other.type !== "conditional_expression") return null;
    const cnd = other.childForFieldName("condition"), x = other.childForFieldName("consequence"), y = other.childForFieldName("alternative");
    const c = cnd && strip(cnd);
    if (!c || !x || !y || c.type !== "binary_expression") return null;
    const o = op(c);
    const a = c.childForFieldName("left"), b = c.childForFieldName("right");
    if (!a || !b || !["<", "<=", ">", ">="].includes(o)) return null;
    const same = (p: SyntaxNode, q: SyntaxNode) => strip(p).text.replace(/\s+/g, "") === strip(q).text.replace(/\s+/g, "");
    const less = o === "<" || o === "<=";
    let kind: "min" | "max";
    if (same(x, a) && same(y, b)) kind = less ? "min" : "max";
    else if (same(x, b) && same(y, a)) kind = less ? "max" : "min";
    else return null;
    const pa = toAffine(a, scope, this.ctx.facts), pb = toAffine(b, scope, this.ctx.facts);
    if (isReason(pa) || isReason(pb) || pa.mentions(v) || pb.mentions(v)) return null;
    return { op: kind, args: [pa, pb], relation };
  }

  private step(update: SyntaxNode | null, v: string, scope: Scope): bigint | string {
    if (!update) return "the loop has no update (runs until break)";
    const u = strip(update);
    const constant = (e: SyntaxNode | null): bigint | null => {
      if (!e) return null;
      const p = toAffine(e, scope, this.ctx.facts);
      if (isReason(p)) return null;
      const q = p.evaluate(this.ctx.facts.values);
      return q && q.isInteger() ? q.num : null;
    };
    if (u.type === "update_expression" && strip(u.childForFieldName("argument")!).text === v) return op(u) === "++" ? 1n : -1n;
    if (u.type === "assignment_expression" && strip(u.childForFieldName("left")!).text === v) {
      const r = u.childForFieldName("right");
      if (op(u) === "+=" || op(u) === "-=") {
        const s = constant(r);
        if (s === null || s === 0n) return `step ${r?.text} is not a known non-zero constant`;
        return op(u) === "+=" ? s : -s;
      }
      if (op(u) === "=" && r && strip(r).type === "binary_expression") {
        const b = strip(r);
        const bl = b.childForFieldName("left"), br = b.childForFieldName("right");
        if (bl && strip(bl).text === v && (op(b) === "+" || op(b) === "-")) {
          const s = constant(br);
          if (s !== null && s !== 0n) return op(b) === "+" ? s : -s;
        }
        if (br && strip(br).text === v && op(b) === "+") {
          const s = constant(bl);
          if (s !== null && s !== 0n) return s;
        }
      }
    }
    return `cannot read the update ${update.text} as a constant step of ${v}`;
  }
}

/**
 * Iterations of `for (v = L; v REL U; v += s)`, exact (floor terms for non-unit steps).
 * The result may be negative for some outer iterations; the counting analysis checks that.
 */
/** The return statement of `if (c) return ...;` (no else, nothing else in the branch), else null. */
function returnGuard(n: SyntaxNode): SyntaxNode | null {
  if (n.type !== "if_statement" || n.childForFieldName("alternative")) return null;
  const then = n.childForFieldName("consequence");
  const only = then?.type === "compound_statement" ? then.namedChildren.filter((c) => c && c.type !== "comment") : [then];
  return only.length === 1 && only[0]?.type === "return_statement" ? only[0] : null;
}

/**
 * Why not every statement of a function's body runs once per call: a return that is neither
 * followed by nothing (up to the end of the body) nor the `if (c) return ...;` of a top-level
 * guard (lowered as a guard of the rest). Undefined when every return is one of those.
 */
function earlyReturn(body: SyntaxNode, jumps: readonly SyntaxNode[]): string | undefined {
  const last = (b: SyntaxNode, x: SyntaxNode) => {
    const items = b.namedChildren.filter((c) => c && c.type !== "comment");
    return items[items.length - 1]?.id === x.id;
  };
  for (const r of jumps) {
    if (r.type !== "return_statement") continue;
    const g = r.parent?.type === "if_statement" ? r.parent : r.parent?.parent?.type === "if_statement" ? r.parent.parent : null;
    if (g && g.parent?.id === body.id && returnGuard(g)?.id === r.id) continue;
    // Nothing runs after it: each enclosing statement up to the body is the last of its block
    // (or a branch of an if), and no loop or switch is in between.
    let ok = true;
    for (let x: SyntaxNode = r; x.id !== body.id; x = x.parent!) {
      const p = x.parent;
      if (!p) { ok = false; break; }
      if (p.type === "compound_statement") { if (!last(p, x)) { ok = false; break; } }
      else if (p.type !== "if_statement" && p.type !== "else_clause") { ok = false; break; }
    }
    if (!ok) return `returns early at line ${r.startPosition.row + 1} (followed: a return at the end of the body, or a top-level \`if (c) return ...;\`)`;
  }
  return undefined;
}

export function tripCount(L: Poly, U: Poly, rel: string, s: bigint): Poly | string {
  if (s > 0n) {
    if (rel === "<") return Poly.floorDiv(U.sub(L).add(Poly.constant(s - 1n)), s);
    if (rel === "<=") return Poly.floorDiv(U.sub(L).add(Poly.constant(s)), s);
    if (rel === "!=") {
      if (s === 1n) return U.sub(L);
      const d = U.sub(L).constantValue();
      if (d && d.isInteger() && d.num % s === 0n) return Poly.constant(d.num / s);
      return `with step ${s}, ${"!="} ends only if the distance is a multiple of ${s}`;
    }
    return `the loop counts up but the condition is ${rel}: it runs zero times or forever`;
  }
  const m = -s;
  if (rel === ">") return Poly.floorDiv(L.sub(U).add(Poly.constant(m - 1n)), m);
  if (rel === ">=") return Poly.floorDiv(L.sub(U).add(Poly.constant(m)), m);
  if (rel === "!=") {
    if (m === 1n) return L.sub(U);
    const d = L.sub(U).constantValue();
    if (d && d.isInteger() && d.num % m === 0n) return Poly.constant(d.num / m);
    return `with step ${s}, != ends only if the distance is a multiple of ${m}`;
  }
  return `the loop counts down but the condition is ${rel}: it runs zero times or forever`;
}
