// CST -> loop-nest IR. One function at a time; a nest is an outermost `for` in a function.
// Loops are normalised to var = lower + step*t, t in [0, tripCount); anything not
// understood becomes an Unknown with its reason, never a guess. Parsing errors only
// make the broken statements opaque: every nest outside the broken region is kept.

import type { SyntaxNode } from "../syntax/parser";
import { Poly } from "../symbolic/poly";
import { INT, POINTER } from "./ctypes";
import { readDeclarator } from "./declarations";
import { StatementVisitor, isReason, spanOf, strip, toAffine } from "./expr";
import { localsOf } from "./locals";
import { arrayOf, resolveType, structVarOf, type FileContext } from "./facts";
import type { FieldWrites, Scope } from "./scope";
import { mathFunction } from "./ctypes";
import type { CType, FunctionIR, Loop, Nest, Node, Opaque, Pred, ScalarAccess, Stmt, Unknown } from "./types";
import { addressOnlyLocals } from "./address";
import { counter, isTarget, mapPolys, pointerValue, unifyRanks, type Cell, type PointerTarget } from "./memory";

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
function fieldWrites(body: SyntaxNode): { writes: FieldWrites; addressed: Set<string> } {
  const fields = new Map<string, number>();
  const byField = new Map<string, { text: string; line: number }>();
  const bases = new Map<string, { reason: string; call: boolean }>();
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
    if (b && !bases.has(b.text)) bases.set(b.text, { reason: `${b.text} ${why} (line ${line(s)})`, call: false });
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
      for (const x of a.childForFieldName("arguments")?.namedChildren ?? []) {
        const s = x && strip(x, true);
        if (s?.type === "identifier" && !bases.has(s.text)) bases.set(s.text, { reason: `${s.text} is passed to ${name}() (line ${line(s)})`, call: true });
      }
    }
  }
  return { writes: { fields, byField, bases, call }, addressed };
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

  constructor(private readonly ctx: FileContext) {}

  private newCell(name: string, kind: Cell["kind"], value: Cell["value"] | { reason: string }, element?: CType): Cell {
    const known = value instanceof Poly || isTarget(value as Cell["value"]);
    const within = known ? undefined : (value as { within?: PointerTarget } | null)?.within;
    const c: Cell = { name, kind, ...(element ? { element, elementBytes: element.bytes } : {}), value: known ? (value as Cell["value"]) : null, reason: known ? undefined : (value as { reason: string } | null)?.reason ?? `${name} has no initial value`, ...(within ? { within } : {}) };
    this.cells.push(c);
    return c;
  }

  private snapshot(): Map<Cell, { value: Cell["value"]; reason?: string }> {
    return new Map(this.cells.map((c) => [c, { value: c.value, reason: c.reason }]));
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
    this.identifiers ??= (this.fnBody?.descendantsOfType("identifier") ?? []).filter((x): x is SyntaxNode => !!x).map((x) => ({ text: x.text, span: spanOf(x) }));
    return this.identifiers.filter((x) => x.span.start >= n.startIndex && x.span.end <= n.endIndex);
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
    const paramNodes = (decl.type === "function_declarator" ? decl : decl.descendantsOfType("function_declarator")[0])?.childForFieldName("parameters")?.namedChildren.filter((p): p is SyntaxNode => p?.type === "parameter_declaration") ?? [];
    this.addressOnly = addressOnlyLocals(body, (d) => resolveType(this.ctx.facts, d.childForFieldName("type")?.text ?? "").kind === "int", paramNodes);
    const scope = this.ctx.globals.child();
    const fw = fieldWrites(body);
    scope.writes = fw.writes;
    this.addressed = fw.addressed;
    // Parameters: integer scalars stay symbolic; arrays and pointers get shapes.
    const fdecl = decl.type === "function_declarator" ? decl : decl.descendantsOfType("function_declarator")[0];
    for (const p of fdecl?.childForFieldName("parameters")?.namedChildren ?? []) {
      if (p?.type !== "parameter_declaration") continue;
      const t = resolveType(this.ctx.facts, p.childForFieldName("type")?.text ?? "");
      const pd = p.childForFieldName("declarator");
      const dd = pd && readDeclarator(pd);
      if (!dd) continue;
      const arr = arrayOf(dd, t, scope, this.ctx.facts, true, p.startPosition.row + 1);
      if (arr && this.assigned.has(dd.name) && arr.dims.length === 1 && !arr.discontiguous) {
        // A pointer parameter that moves (`src += n`): a cell starting at its own element 0.
        scope.define(dd.name, { kind: "scalar", type: POINTER, assigned: true, cell: this.newCell(dd.name, "pointer", { base: dd.name, array: arr, offset: Poly.ZERO }, t) });
      } else if (arr) scope.define(dd.name, { kind: "array", type: t, array: arr });
      else if (t.kind === "int" && this.assigned.has(dd.name) && dd.derivations.length === 0) {
        // An integer parameter that changes (`while (n > 0) { ...; n--; }`): its value starts as the symbol.
        if (!this.ctx.facts.order.has(dd.name)) this.ctx.facts.order.set(dd.name, this.ctx.facts.order.size);
        scope.define(dd.name, { kind: "scalar", type: t, assigned: true, cell: this.newCell(dd.name, "int", Poly.symbol(dd.name)), ...(this.addressOnly.has(dd.name) ? { address: true } : {}) });
      } else if (t.kind === "int" && !this.assigned.has(dd.name)) {
        scope.define(dd.name, { kind: "symbol", type: t });
        if (!this.ctx.facts.order.has(dd.name)) this.ctx.facts.order.set(dd.name, this.ctx.facts.order.size);
      } else scope.define(dd.name, { kind: "scalar", type: t, assigned: this.assigned.has(dd.name) });
      const sv = structVarOf(this.ctx.facts, p, dd);
      if (sv) scope.defineStruct(dd.name, sv);
    }
    const nodes = this.block(body, scope, 0);
    const params = (fdecl?.childForFieldName("parameters")?.namedChildren ?? []).filter((p) => p?.type === "parameter_declaration")
      .map((p) => { const pd = p!.childForFieldName("declarator"); return (pd && readDeclarator(pd)?.name) ?? ""; });
    const locals = this.locals, noalias = this.ctx.facts.noalias;
    return {
      name: d.name, span: spanOf(fn), nests: this.nests.map((n) => ({ ...n, locals, ...(noalias ? { noalias } : {}) })), body: nodes, params,
      returnType: resolveType(this.ctx.facts, fn.childForFieldName("type")?.text ?? ""), locals,
    };
  }

  /** Lowers the statements of a block (or a single statement). `depth` = enclosing loops. */
  private block(n: SyntaxNode, scope: Scope, depth: number): Node[] {
    if (n.type === "compound_statement") {
      const inner = scope.child();
      return n.namedChildren.flatMap((c) => (c ? this.statement(c, inner, depth) : []));
    }
    return this.statement(n, scope, depth);
  }

  private statement(n: SyntaxNode, scope: Scope, depth: number): Node[] {
    switch (n.type) {
      case "compound_statement": return this.block(n, scope, depth);
      case "for_statement": {
        const loop = this.loop(n, scope, depth);
        const unified = loop.kind === "loop" ? unifyRanks(loop) : loop;
        if (depth === 0 && unified.kind === "loop") {
          this.nests.push({ id: `${this.fnName}:${unified.span.line}`, function: this.fnName, root: unified, arrays: new Map() });
        }
        return [unified];
      }
      case "expression_statement": {
        const e = n.namedChild(0);
        if (!e || e.type === "comment") return [];
        const st = this.stmt(n, [e], scope);
        const update = reductionUpdate(e, st);
        return [update ? { ...st, update } : st];
      }
      case "declaration": return this.declaration(n, scope);
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
        const thenNodes = then ? this.block(then, scope, depth) : [];
        const afterThen = this.snapshot();
        for (const [cell, v] of before) { cell.value = v.value; cell.reason = v.reason; }
        const elseNodes = altBody ? this.block(altBody, scope, depth) : [];
        for (const [cell, t] of afterThen) {
          const same = t.value === cell.value || (t.value instanceof Poly && cell.value instanceof Poly && t.value.equals(cell.value))
            || (isTarget(t.value) && isTarget(cell.value) && t.value.base === cell.value.base && t.value.offset.equals(cell.value.offset));
          if (!same) { cell.value = null; cell.within = undefined; cell.reason = `${cell.name} changes under the if at line ${n.startPosition.row + 1}`; }
        }
        return [{
          kind: "if", span: spanOf(n), condition: c?.text ?? "", ...(pred && "op" in pred ? { pred } : { notAffine: pred?.reason ?? "no condition" }),
          cond, then: thenNodes, else: elseNodes,
        }];
      }
      case "while_statement": case "do_statement":
        return [this.opaque(n, scope, `${n.type === "while_statement" ? "while" : "do-while"} loop: its trip count is not known statically`)];
      case "switch_statement":
        return [this.opaque(n, scope, "switch statement: which case runs is not modelled")];
      case "return_statement": {
        const e = n.namedChild(0);
        const value = e && e.type !== "comment" ? [this.stmt(n, [e], scope)] : [];
        return depth > 0 ? [...value, this.opaque(n, scope, "return inside a loop: the loop may end early")] : value;
      }
      case "break_statement": case "goto_statement":
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
        return [];
    }
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
    return { kind: "stmt", span: spanOf(n), expr: exprs[0] ? spanOf(exprs[0]) : undefined, ops: v.ops, accesses: v.accesses, scalars: v.scalars, unknowns, ...(v.effects.length ? { effects: v.effects } : {}) };
  }

  private opaque(n: SyntaxNode, scope: Scope, reason: string): Opaque {
    // Everything inside is visited (bodies too): its accesses and calls are not modelled, so
    // the dependence analysis must see all of them (as writes, in every direction).
    const why = `inside ${n.type.replace(/_statement$/, "")} (line ${n.startPosition.row + 1}): ${reason}`;
    const v = new StatementVisitor(scope, this.ctx.facts, why);
    for (const c of n.namedChildren) if (c) v.visit(c, "read");
    for (const cell of this.cellsChangedIn(n, scope)) { cell.value = null; cell.within = undefined; cell.reason = `${cell.name} changes ${why}`; }
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
      const arr = arrayOf(dd, t, scope, this.ctx.facts, false, n.startPosition.row + 1);
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
    if (!f.order.has(name)) f.order.set(name, f.order.size);
    return true;
  }

  private loop(n: SyntaxNode, scope: Scope, depth: number): Loop | Opaque {
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
      for (const c of body ? this.cellsChangedIn(body, scope) : []) { c.value = null; c.within = undefined; c.reason = `${c.name} changes in the loop at line ${n.startPosition.row + 1}, whose trip count is not known`; }
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
    // Condition: v op U (either side), with v's coefficient +1 or -1.
    if (!cond) return fail("the loop has no condition (runs until break)", v);
    const c = strip(cond);
    const rel = c.type === "binary_expression" ? op(c) : "";
    if (!["<", "<=", ">", ">=", "!="].includes(rel)) return fail(`cannot read the condition ${cond.text}`, v);
    const l = c.childForFieldName("left"), r = c.childForFieldName("right");
    const mm = l && r ? this.minMaxBound(l, r, rel, v, inner) : null;
    if (mm) {
      if (step < 0n ? mm.relation === "<" || mm.relation === "<=" : mm.relation === ">" || mm.relation === ">=") return fail(`the loop counts ${step < 0n ? "down" : "up"} but the condition is ${mm.relation}`, v);
      const text = mm.args.map((x) => x.toString()).join(", ");
      const loop = fail(`the bound is ${mm.op}(${text}): no closed form; counted exactly when every size is bound`, v);
      return { ...loop, lower, step, minMax: mm };
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
    inner.define(v, { kind: "loop", type: INT });
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

  /** A loop variable that is also a changing variable outside the loop has no followed value after it. */
  private afterLoop(v: string, scope: Scope, n: SyntaxNode): void {
    const outer = scope.lookup(v);
    if (outer?.kind === "scalar" && outer.cell) { outer.cell.value = null; outer.cell.reason = `${v} after the loop at line ${n.startPosition.row + 1}`; }
  }

  /**
   * Lowers a counted loop's body with its induction variables (ir/memory.ts): each cell that
   * changes in the body is `before + t*D` at the top of iteration t; D is then the change over
   * one iteration, which must not depend on the iteration, and is substituted into the body.
   */
  private inductive(body: SyntaxNode, inner: Scope, outer: Scope, depth: number, l: { var: string; lower: Poly; step: bigint; trip: Poly; line: number }): Node[] {
    const changing = this.cellsChangedIn(body, outer);
    if (changing.length === 0) return this.block(body, inner, depth + 1);
    // An iteration that may end early (break, continue, return, goto) does not make the full step.
    const exit = body.descendantsOfType(["break_statement", "continue_statement", "return_statement", "goto_statement"])[0];
    if (exit) {
      for (const c of changing) { c.value = null; c.within = undefined; c.reason = `${c.name} changes in the loop at line ${l.line}, which may end an iteration early (${exit.text.split(/[\s;]/)[0]} at line ${exit.startPosition.row + 1})`; }
      return this.block(body, inner, depth + 1);
    }
    const t = counter(l);
    const start = new Map<Cell, { before: Cell["value"]; reason?: string; d: string | null }>();
    const plus = (v: Poly | PointerTarget, k: Poly): Poly | PointerTarget => (v instanceof Poly ? v.add(k) : { ...v, offset: v.offset.add(k) });
    for (const c of changing) {
      const d = c.value === null ? null : `$d${this.placeholders++}`;
      start.set(c, { before: c.value, reason: c.reason, d });
      if (c.value !== null && d) c.value = plus(c.value, t.mul(Poly.symbol(d)));
    }
    const nodes = this.block(body, inner, depth + 1);
    const deltas = new Map<string, Poly | null>();
    const why = new Map<string, string>();
    const own = new Set([...start.values()].map((x) => x.d).filter((d): d is string => !!d));
    for (const c of changing) {
      const s = start.get(c)!;
      if (s.before === null || !s.d) { c.value = null; c.within = undefined; c.reason = s.reason; continue; }
      const top = plus(s.before, t.mul(Poly.symbol(s.d)));
      const end = c.value;
      let delta: Poly | null = null;
      if (end instanceof Poly && top instanceof Poly) delta = end.sub(top);
      else if (isTarget(end) && isTarget(top) && end.base === top.base) delta = end.offset.sub(top.offset);
      const bad = !delta ? (c.reason ?? `${c.name} is re-pointed in the loop`) : [...delta.symbols()].find((x) => x === l.var || own.has(x) || (inner.lookup(x)?.kind === "loop" && x !== l.var && this.loopStack.includes(x)));
      if (!delta || bad) {
        deltas.set(s.d, null);
        why.set(s.d, `${c.name} changes by an amount Loopsmith cannot follow in each iteration of ${l.var} (line ${l.line})${typeof bad === "string" && bad.includes(" ") ? `: ${bad}` : ""}`);
        c.value = null; c.within = undefined; c.reason = why.get(s.d);
      } else {
        deltas.set(s.d, delta);
        c.value = plus(s.before, l.trip.mul(delta));
        c.reason = undefined;
      }
    }
    const touches = (p: Poly) => [...p.symbols()].some((x) => deltas.has(x));
    let reason = "";
    const f = (p: Poly): Poly | null => {
      let q = p;
      for (const [d, delta] of deltas) {
        if (!q.mentions(d)) continue;
        if (!delta) { reason = why.get(d)!; return null; }
        q = q.substitute(d, delta);
      }
      return q;
    };
    const firstBad = [...deltas].find(([, v]) => !v);
    return mapPolys(nodes, f, firstBad ? why.get(firstBad[0])! : reason, touches);
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
