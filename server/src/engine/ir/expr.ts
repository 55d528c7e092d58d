// C expressions -> (a) affine polynomials for bounds and subscripts, (b) per-statement
// operation counts and array accesses. The counting rules (what is a FLOP, what is a MAC)
// are the ones in README "How figures are defined"; keep the two in step.

import type { SyntaxNode } from "../syntax/parser";
import { Poly } from "../symbolic/poly";
import { INT, POINTER, UNKNOWN_TYPE, FLOAT, DOUBLE, mathFunction, promote, scalarType } from "./ctypes";
import type { FileFacts, Scope } from "./scope";
import type { Access, CType, OpCounts, ScalarAccess, Span, Unknown } from "./types";

export type Affine = Poly | { readonly reason: string };
export function isReason(a: Affine): a is { readonly reason: string } { return !(a instanceof Poly); }

export function spanOf(n: SyntaxNode): Span {
  return { start: n.startIndex, end: n.endIndex, line: n.startPosition.row + 1, column: n.startPosition.column + 1 };
}

/** Strips parentheses (and casts, when `casts`) around an expression. */
export function strip(n: SyntaxNode, casts = false): SyntaxNode {
  for (;;) {
    if (n.type === "parenthesized_expression" && n.namedChildCount === 1) n = n.namedChild(0)!;
    else if (casts && n.type === "cast_expression" && n.childForFieldName("value")) n = n.childForFieldName("value")!;
    else return n;
  }
}

const op = (n: SyntaxNode): string => n.childForFieldName("operator")?.text ?? "";
const short = (t: string) => (t.length > 48 ? `${t.slice(0, 45).replace(/\s+/g, " ")}...` : t.replace(/\s+/g, " "));

/** Integer value of a C integer literal, or null for floating literals. */
export function integerLiteral(text: string): bigint | null {
  // tree-sitter-c reads `-1` in `for (dx = -1; ...)` as one number literal.
  const sign = /^\s*-/.test(text) ? -1n : 1n;
  const t = text.replace(/'/g, "").replace(/^\s*[-+]\s*/, "");
  if (/^0[xX][0-9a-fA-F]+[uUlL]*$/.test(t)) return sign * BigInt(t.replace(/[uUlL]+$/, ""));
  if (/^0[bB][01]+[uUlL]*$/.test(t)) return sign * BigInt(t.replace(/[uUlL]+$/, ""));
  if (/^0[0-7]+[uUlL]*$/.test(t)) return sign * BigInt("0o" + t.replace(/[uUlL]+$/, "").slice(1));
  if (/^\d+[uUlL]*$/.test(t)) return sign * BigInt(t.replace(/[uUlL]+$/, ""));
  return null;
}

export function literalType(text: string): CType {
  if (integerLiteral(text) !== null) return INT;
  return /[fF]$/.test(text) && !/^0[xX]/.test(text) ? FLOAT : DOUBLE;
}

/**
 * Reads an integer expression as a polynomial in loop variables and symbols, or says why not.
 * Integer division is accepted only when the numerator has no loop variable (sizes such as
 * H/2, which are non-negative, so C's truncation equals floor).
 */
export function toAffine(node: SyntaxNode, scope: Scope, facts: FileFacts): Affine {
  const n = strip(node);
  switch (n.type) {
    case "number_literal": {
      const v = integerLiteral(n.text);
      return v === null ? { reason: `floating-point constant ${n.text} in an integer expression` } : Poly.constant(v);
    }
    case "char_literal": {
      const m = /^'(.)'$/.exec(n.text);
      return m ? Poly.constant(m[1].charCodeAt(0)) : { reason: `character constant ${n.text}` };
    }
    case "true": return Poly.ONE;
    case "false": return Poly.ZERO;
    case "identifier": {
      const name = n.text;
      const v = scope.lookup(name);
      if (!v) {
        if (facts.functionMacros.has(name)) return { reason: `${name} is a function-like macro` };
        if (facts.macroTypes.get(name)?.kind === "float") return { reason: `${name} is a floating-point constant` };
        return Poly.symbol(name);
      }
      switch (v.kind) {
        case "loop": case "symbol": return Poly.symbol(name);
        case "array": return { reason: `${name} is an array` };
        case "scalar":
          if (v.alias) return v.alias;
          if (v.type.kind === "float") return { reason: `${name} is a floating-point variable` };
          return { reason: `${name} is a variable whose value changes (not a loop index or constant)` };
      }
      return { reason: `${name} is not understood` };
    }
    case "binary_expression": {
      const l = n.childForFieldName("left"), r = n.childForFieldName("right");
      if (!l || !r) return { reason: "incomplete expression" };
      const a = toAffine(l, scope, facts);
      if (isReason(a)) return a;
      const b = toAffine(r, scope, facts);
      if (isReason(b)) return b;
      switch (op(n)) {
        case "+": return a.add(b);
        case "-": return a.sub(b);
        case "*": return a.mul(b);
        case "&": {
          // `n & 3` is n - 4*floor(n/4) in two's complement, for any n.
          const m = b.evaluate(facts.values);
          if (m && m.isInteger() && m.num > 0n && (m.num & (m.num + 1n)) === 0n && !hasLoopVar(a, scope))
            return a.sub(Poly.floorDiv(a, m.num + 1n).scale(Poly.constant(m.num + 1n).constantValue()!));
          return { reason: `${n.text}: & of a loop-dependent value or by a mask other than 2^k - 1 is not affine` };
        }
        case "<<": {
          const k = b.evaluate(facts.values);
          return k && k.isInteger() && k.num >= 0n && k.num < 64n ? a.mul(Poly.constant(1n << k.num)) : { reason: `shift by non-constant ${r.text}` };
        }
        case "/": case "%": case ">>": {
          const d = b.evaluate(facts.values);
          const c = a.constantValue(); // only literal constants fold; H/2 stays floor(H/2)
          if (c && d && c.isInteger() && d.isInteger() && d.num !== 0n) {
            const q = c.num / d.num; // C truncation
            return Poly.constant(op(n) === "/" ? q : op(n) === "%" ? c.num - q * d.num : c.num >> d.num);
          }
          if (op(n) === "/" && d && d.isInteger() && d.num > 0n && !hasLoopVar(a, scope))
            return Poly.floorDiv(a, d.num);
          // `n >> 2` is floor(n/4) (gcc shifts signed values arithmetically); `n % 4` is
          // n - 4*floor(n/4) for the non-negative sizes `/` already assumes.
          if (op(n) === ">>" && d && d.isInteger() && d.num >= 0n && d.num < 62n && !hasLoopVar(a, scope))
            return Poly.floorDiv(a, 1n << d.num);
          if (op(n) === "%" && d && d.isInteger() && d.num > 0n && !hasLoopVar(a, scope))
            return a.sub(Poly.floorDiv(a, d.num).scale(Poly.constant(d.num).constantValue()!));
          return { reason: `${n.text}: ${op(n)} of a loop-dependent or symbolic value is not affine` };
        }
        default:
          return { reason: `operator ${op(n)} in ${n.text}` };
      }
    }
    case "unary_expression": {
      const arg = n.childForFieldName("argument");
      if (!arg) return { reason: "incomplete expression" };
      const a = toAffine(arg, scope, facts);
      if (isReason(a)) return a;
      if (op(n) === "-") return a.neg();
      if (op(n) === "+") return a;
      return { reason: `operator ${op(n)} in ${n.text}` };
    }
    case "cast_expression": {
      const t = n.childForFieldName("type")?.text ?? "";
      const ct = scalarType(t) ?? facts.typedefs.get(t);
      const v = n.childForFieldName("value");
      if (ct?.kind === "int" && v) return toAffine(v, scope, facts);
      return { reason: `cast to ${t}` };
    }
    case "sizeof_expression": {
      const td = n.childForFieldName("type");
      const t = td ? scalarType(td.text) ?? facts.typedefs.get(td.text) : undefined;
      if (t?.bytes) return Poly.constant(t.bytes);
      return { reason: `${n.text} of a non-scalar type` };
    }
    case "subscript_expression": return { reason: `data-dependent value ${n.text}` };
    case "call_expression": {
      const f = n.childForFieldName("function")?.text ?? "";
      return { reason: facts.functionMacros.has(f) ? `${f}(...) is a function-like macro (run the file through gcc -E to expand it)` : `call ${f}(...)` };
    }
    default:
      return { reason: `${n.text} is not an affine expression` };
  }
}

function hasLoopVar(p: Poly, scope: Scope): boolean {
  for (const s of p.symbols()) if (scope.lookup(s)?.kind === "loop") return true;
  return false;
}

export function emptyOps(): OpCounts {
  return { fadd: 0, fmul: 0, fdiv: 0, fcall: 0, macs: 0, fmacs: 0, intOps: 0, userCalls: {}, unknownCalls: [], untyped: [], uncertain: [] };
}

type Mode = "read" | "write" | "rw" | "index" | "addr";

/**
 * Walks one statement's expressions, counting operations and recording array accesses.
 * `onLoopVarWrite` reports assignments to scalars so lowering can refuse loops whose
 * variable changes in the body and nests where a pointer moves.
 */
export class StatementVisitor {
  readonly ops = emptyOps();
  readonly accesses: Access[] = [];
  readonly scalars: ScalarAccess[] = [];
  readonly unknowns: Unknown[] = [];

  constructor(
    private readonly scope: Scope,
    private readonly facts: FileFacts,
  ) {}

  visit(node: SyntaxNode, mode: Mode = "read"): CType {
    const n = node;
    const counting = mode !== "index" && mode !== "addr";
    switch (n.type) {
      case "parenthesized_expression":
        return n.namedChild(0) ? this.visit(n.namedChild(0)!, mode) : UNKNOWN_TYPE;
      case "number_literal": return literalType(n.text);
      case "char_literal": return INT;
      case "string_literal": case "concatenated_string": return POINTER;
      case "true": case "false": return INT;
      case "identifier": return this.identifier(n, mode);
      case "field_expression": {
        const arg = n.childForFieldName("argument");
        if (arg) this.visit(arg, "index");
        return UNKNOWN_TYPE;
      }
      case "subscript_expression": return this.subscript(n, mode);
      case "pointer_expression": {
        const arg = n.childForFieldName("argument");
        if (!arg) return UNKNOWN_TYPE;
        if (op(n) === "&") { this.visit(arg, "addr"); return POINTER; }
        return this.dereference(n, arg, mode);
      }
      case "assignment_expression": return this.assignment(n, mode);
      case "update_expression": {
        const arg = n.childForFieldName("argument");
        if (!arg) return UNKNOWN_TYPE;
        return this.visit(arg, mode === "index" ? "index" : "rw"); // ++/-- are not counted as operations
      }
      case "binary_expression": return this.binary(n, mode);
      case "unary_expression": {
        const arg = n.childForFieldName("argument");
        const t = arg ? this.visit(arg, counting ? "read" : mode) : UNKNOWN_TYPE;
        return op(n) === "!" ? INT : t;
      }
      case "cast_expression": {
        const v = n.childForFieldName("value");
        const tn = n.childForFieldName("type");
        if (v) this.visit(v, mode === "write" || mode === "rw" ? "read" : mode);
        const ts = tn?.text ?? "";
        return scalarType(ts) ?? this.facts.typedefs.get(ts) ?? (ts.includes("*") ? POINTER : UNKNOWN_TYPE);
      }
      case "conditional_expression": return this.conditional(n, mode);
      case "call_expression": return this.call(n, mode);
      case "comma_expression": {
        let t: CType = UNKNOWN_TYPE;
        for (const c of n.namedChildren) if (c) t = this.visit(c, mode);
        return t;
      }
      case "sizeof_expression": case "alignof_expression": case "offsetof_expression": return INT;
      case "compound_literal_expression": case "initializer_list": {
        for (const c of n.namedChildren) if (c) this.visit(c, "read");
        return UNKNOWN_TYPE;
      }
      case "comment": return UNKNOWN_TYPE;
      default:
        for (const c of n.namedChildren) if (c) this.visit(c, mode);
        return UNKNOWN_TYPE;
    }
  }

  private identifier(n: SyntaxNode, mode: Mode): CType {
    const v = this.scope.lookup(n.text);
    if (!v) return this.facts.macroTypes.get(n.text) ?? (this.facts.functions.has(n.text) ? POINTER : UNKNOWN_TYPE);
    if ((mode === "write" || mode === "rw") && v.kind === "scalar" && v.type.kind === "pointer")
      this.unknowns.push({ what: `pointer ${n.text}`, reason: `${n.text} is moved inside the nest (pointer increment); its accesses are not modelled`, line: n.startPosition.row + 1 });
    if (v.kind === "scalar" && mode !== "addr") {
      const base = { name: n.text, span: spanOf(n), owner: v.owner };
      if (mode === "read" || mode === "index" || mode === "rw") this.scalars.push({ ...base, kind: "read" });
      if (mode === "write" || mode === "rw") this.scalars.push({ ...base, kind: "write" });
    }
    if (mode === "addr" && v.kind === "scalar")
      this.unknowns.push({ what: `&${n.text}`, reason: `the address of ${n.text} is taken; writes through it are not tracked`, line: n.startPosition.row + 1 });
    if (v.kind === "array") {
      if (mode === "write" || mode === "rw")
        this.unknowns.push({ what: `pointer ${n.text}`, reason: `${n.text} is moved inside the nest (pointer increment); its accesses are not modelled`, line: n.startPosition.row + 1 });
      return POINTER;
    }
    return v.type;
  }

  /** Counts one binary arithmetic operator of result type t. */
  private count(operator: string, t: CType, n: SyntaxNode, mac: boolean): void {
    if (mac) { this.ops.macs++; if (t.kind === "float") this.ops.fmacs++; }
    if (t.kind === "float") {
      if (operator === "+" || operator === "-") this.ops.fadd++;
      else if (operator === "*") this.ops.fmul++;
      else if (operator === "/") this.ops.fdiv++;
    } else if (t.kind === "int") {
      if (["+", "-", "*", "/", "%"].includes(operator)) this.ops.intOps++;
    } else if (t.kind === "unknown" && ["+", "-", "*", "/"].includes(operator)) {
      this.ops.untyped.push(n.text.length > 60 ? n.text.slice(0, 57) + "..." : n.text);
    }
  }

  private isProduct(n: SyntaxNode | null): boolean {
    if (!n) return false;
    const s = strip(n, true);
    return s.type === "binary_expression" && op(s) === "*";
  }

  private binary(n: SyntaxNode, mode: Mode): CType {
    const l = n.childForFieldName("left"), r = n.childForFieldName("right");
    const o = op(n);
    const inner: Mode = mode === "index" || mode === "addr" ? mode : "read";
    if ((o === "&&" || o === "||") && l && r) {
      // C evaluates the right side only when the left does not decide: its work is conditional.
      const before = this.accesses.length;
      this.visit(l, inner);
      const always = new Set(this.accesses.slice(before).map((x) => x.text));
      const right = new StatementVisitor(this.scope, this.facts);
      right.visit(r, inner);
      const why = `the right side of ${o} in ${short(n.text)} runs only when the left side does not decide`;
      right.accesses.splice(0, right.accesses.length, ...right.accesses.map((x) => (always.has(x.text) ? x : { ...x, conditional: why })));
      const b = right.ops;
      const counted = b.fadd + b.fmul + b.fdiv + b.fcall + b.macs + b.intOps + Object.keys(b.userCalls).length + b.untyped.length > 0;
      if (counted) {
        const kinds = (["fadd", "fmul", "fdiv", "fcall", "macs", "fmacs", "intOps"] as const).filter((k) => b[k] > 0 || (Object.keys(b.userCalls).length > 0 && k !== "intOps") || b.untyped.length > 0);
        right.ops.fadd = right.ops.fmul = right.ops.fdiv = right.ops.fcall = right.ops.macs = right.ops.fmacs = right.ops.intOps = 0;
        right.ops.userCalls = {}; right.ops.untyped = [];
        this.ops.uncertain.push({ reason: `${why} (line ${n.startPosition.row + 1})`, kinds: [...kinds] });
      }
      this.merge(right);
      return INT;
    }
    const lt = l ? this.visit(l, inner) : UNKNOWN_TYPE;
    const rt = r ? this.visit(r, inner) : UNKNOWN_TYPE;
    if (["<", "<=", ">", ">=", "==", "!=", "&&", "||"].includes(o)) return INT;
    const t = promote(lt, rt);
    if (mode !== "index" && mode !== "addr") {
      const mac = (o === "+" || o === "-") && (this.isProduct(l) || this.isProduct(r));
      if (["+", "-", "*", "/", "%"].includes(o)) this.count(o, t, n, mac);
    }
    return t;
  }

  private assignment(n: SyntaxNode, mode: Mode): CType {
    const l = n.childForFieldName("left"), r = n.childForFieldName("right");
    const o = op(n);
    const lt = l ? this.visit(l, o === "=" ? "write" : "rw") : UNKNOWN_TYPE;
    if (r) this.visit(r, mode === "index" ? "index" : "read");
    if (o !== "=" && l && mode !== "index") {
      const base = o.slice(0, -1);
      this.count(base, lt, n, (base === "+" || base === "-") && this.isProduct(r));
    }
    return lt;
  }

  private conditional(n: SyntaxNode, mode: Mode): CType {
    const c = n.childForFieldName("condition");
    const before = this.accesses.length;
    if (c) this.visit(c, mode === "index" ? "index" : "read");
    const always = new Set(this.accesses.slice(before).map((x) => x.text));
    const branches = [n.childForFieldName("consequence"), n.childForFieldName("alternative")];
    const results = branches.map((b) => {
      const v = new StatementVisitor(this.scope, this.facts);
      const t = b ? v.visit(b, mode) : UNKNOWN_TYPE;
      return { v, t };
    });
    const [a, b] = results;
    const same = JSON.stringify(a.v.ops) === JSON.stringify(b.v.ops);
    const sameAccesses = a.v.accesses.map((x) => x.text + x.kind).join() === b.v.accesses.map((x) => x.text + x.kind).join();
    if (!sameAccesses) {
      // An element read in the condition, or in both branches, is touched whatever the branch.
      const why = `the branches of ${short(n.text)} touch different elements`;
      const inA = new Set(a.v.accesses.map((x) => x.text)), inB = new Set(b.v.accesses.map((x) => x.text));
      for (const v of [a.v, b.v])
        v.accesses.splice(0, v.accesses.length, ...v.accesses.map((x) => (always.has(x.text) || (inA.has(x.text) && inB.has(x.text)) ? x : { ...x, conditional: why })));
      this.merge(b.v, true);
    }
    this.merge(a.v);
    if (!same) {
      const kinds = (["fadd", "fmul", "fdiv", "fcall", "macs", "fmacs", "intOps"] as const).filter((k) => a.v.ops[k] !== b.v.ops[k]);
      const reason = `the branches of ${short(n.text)} do different work`;
      this.ops.uncertain.push({ reason: `${reason} (line ${n.startPosition.row + 1})`, kinds: kinds.length ? [...kinds] : ["fadd", "fmul", "fdiv", "fcall", "macs", "intOps"] });
      this.unknowns.push({ what: "operation count", reason, line: n.startPosition.row + 1 });
    }
    return promote(a.t, b.t);
  }

  private merge(o: StatementVisitor, accessesOnly = false): void {
    this.accesses.push(...o.accesses);
    this.scalars.push(...o.scalars);
    this.unknowns.push(...o.unknowns);
    if (accessesOnly) return;
    const a = this.ops, b = o.ops;
    a.fadd += b.fadd; a.fmul += b.fmul; a.fdiv += b.fdiv; a.fcall += b.fcall; a.macs += b.macs; a.fmacs += b.fmacs; a.intOps += b.intOps;
    for (const [k, v] of Object.entries(b.userCalls)) a.userCalls[k] = (a.userCalls[k] ?? 0) + v;
    a.unknownCalls.push(...b.unknownCalls);
    a.untyped.push(...b.untyped);
    a.uncertain.push(...b.uncertain);
  }

  private call(n: SyntaxNode, mode: Mode): CType {
    const f = n.childForFieldName("function");
    const args = n.childForFieldName("arguments");
    const argMode: Mode = mode === "index" || mode === "addr" ? "index" : "read";
    for (const a of args?.namedChildren ?? []) if (a) this.visit(a, argMode);
    const name = f?.type === "identifier" ? f.text : f?.text ?? "?";
    const counting = mode !== "index" && mode !== "addr";
    const math = mathFunction(name);
    const user = this.facts.functions.get(name);
    if (user?.defined) { if (counting) this.ops.userCalls[name] = (this.ops.userCalls[name] ?? 0) + 1; return user.returnType; }
    if (math) { if (counting) this.ops.fcall++; return math; }
    if (counting) {
      if (this.facts.functionMacros.has(name)) this.ops.unknownCalls.push(`${name}(...) (function-like macro: run the file through gcc -E to expand it)`);
      else this.ops.unknownCalls.push(`${name}() (not defined in this file)`);
    }
    return user?.returnType ?? UNKNOWN_TYPE;
  }

  /** `*p` or `*(p + i)`: an access to p at offset i. */
  private dereference(n: SyntaxNode, arg: SyntaxNode, mode: Mode): CType {
    const a = strip(arg);
    let base: SyntaxNode | null = a;
    let index: SyntaxNode | null = null;
    if (a.type === "binary_expression" && op(a) === "+") {
      const l = a.childForFieldName("left"), r = a.childForFieldName("right");
      if (l && strip(l).type === "identifier" && this.scope.lookup(strip(l).text)?.type.kind === "pointer") { base = strip(l); index = r; }
      else if (r && strip(r).type === "identifier" && this.scope.lookup(strip(r).text)?.type.kind === "pointer") { base = strip(r); index = l; }
    }
    if (base?.type !== "identifier") { this.visit(arg, "index"); return UNKNOWN_TYPE; }
    if (index) this.visit(index, "index");
    const v = this.scope.lookup(base.text);
    if (!v || v.kind !== "array") {
      this.unknowns.push({ what: n.text, reason: `dereference of ${base.text}, whose target is not known`, line: n.startPosition.row + 1 });
      return UNKNOWN_TYPE;
    }
    const sub = index ? toAffine(index, this.scope, this.facts) : Poly.ZERO;
    this.record(n, base.text, [sub], v.array.dims.length <= 1 ? v.array : undefined, mode);
    return v.array.element;
  }

  private subscript(n: SyntaxNode, mode: Mode): CType {
    const indices: SyntaxNode[] = [];
    let base: SyntaxNode = n;
    while (base.type === "subscript_expression") {
      const idx = base.childForFieldName("index");
      if (idx) indices.unshift(idx);
      base = strip(base.childForFieldName("argument") ?? base);
      if (base === n) break;
    }
    for (const idx of indices) this.visit(idx, "index");
    const subs = indices.map((i) => toAffine(i, this.scope, this.facts));
    if (base.type !== "identifier") {
      if (base.type !== "field_expression") this.visit(base, "index");
      this.record(n, base.text, subs, undefined, mode);
      return UNKNOWN_TYPE;
    }
    const v = this.scope.lookup(base.text);
    if (!v || v.kind !== "array") {
      this.record(n, base.text, subs, undefined, mode);
      return UNKNOWN_TYPE;
    }
    const arr = v.array;
    if (indices.length < arr.dims.length) return POINTER; // a row's address, not an element
    this.record(n, base.text, subs, arr, mode);
    return arr.element;
  }

  private record(n: SyntaxNode, array: string, subs: Affine[], arr: import("./types").ArrayInfo | undefined, mode: Mode): void {
    if (mode === "addr") return;
    if (n.hasError || array.includes("\n")) {
      this.unknowns.push({ what: n.text.split("\n")[0].slice(0, 40), reason: `syntax error at line ${n.startPosition.row + 1}`, line: n.startPosition.row + 1 });
      return;
    }
    const polys = subs.map((s) => (isReason(s) ? null : s));
    const bad = subs.find(isReason);
    let offset: Poly | null = null;
    let reason: string | undefined;
    if (bad) reason = `subscript is not affine: ${bad.reason}`;
    else if (!arr) reason = `${array}: declaration not found, so its shape is unknown`;
    else if (arr.discontiguous) reason = arr.discontiguous;
    else if (subs.length !== arr.dims.length) reason = `${array} has ${arr.dims.length} dimension(s) but is indexed with ${subs.length}`;
    else {
      offset = Poly.ZERO;
      for (let j = 0; j < polys.length; j++) {
        if (j > 0) {
          const d = arr.dims[j];
          if (!d) { offset = null; reason = `extent of dimension ${j + 1} of ${array} is unknown`; break; }
          offset = offset.mul(d);
        }
        offset = offset.add(polys[j]!);
      }
    }
    const base = { text: n.text, array, span: spanOf(n), subscripts: polys, offset, reason, elementBytes: arr?.element.bytes ?? null, info: arr };
    if (mode === "read" || mode === "index" || mode === "rw") this.accesses.push({ ...base, kind: "read" });
    if (mode === "write" || mode === "rw") this.accesses.push({ ...base, kind: "write" });
  }
}
