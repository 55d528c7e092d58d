// C expressions -> (a) affine polynomials for bounds and subscripts, (b) per-statement
// operation counts and array accesses. The counting rules (what is a FLOP, what is a MAC)
// are the ones in README "How figures are defined"; keep the two in step.

import type { SyntaxNode } from "../syntax/parser";
import { DEPTH_CAP } from "../syntax/depth";
import { Poly } from "../symbolic/poly";
import { INT, POINTER, UNKNOWN_TYPE, FLOAT, DOUBLE, mathFunction, promote, scalarType } from "./ctypes";
import type { FileFacts, Scope, StructField, StructVar } from "./scope";
import type { Access, ArrayInfo, CType, Effect, OpCounts, ScalarAccess, Span, Unknown } from "./types";
import { addressParams, callEffect } from "./calls";
import { advance, forgetCell, isTarget, linearOffset, pointerValue, sameUnit, flatView, subscriptChain, type Cell, type PointerTarget } from "./memory";
import type { CallSite } from "./inline";

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
export function toAffine(node: SyntaxNode, scope: Scope, facts: FileFacts, depth = 0): Affine {
  // Bounded recursion: file-level values (macros, const globals) are read without the
  // per-statement depth check of lowering (syntax/depth.ts), so the cap is applied here too.
  if (depth > DEPTH_CAP) return { reason: `expression nested more than ${DEPTH_CAP} deep: not analysed` };
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
          if (v.cell?.kind === "int") return v.cell.value instanceof Poly ? v.cell.value : { reason: v.cell.reason ?? `${name} is a variable whose value changes (not a loop index or constant)` };
          if (v.alias) return v.alias;
          if (v.type.kind === "float") return { reason: `${name} is a floating-point variable` };
          return { reason: `${name} is a variable whose value changes (not a loop index or constant)` };
      }
      return { reason: `${name} is not understood` };
    }
    case "binary_expression": {
      const l = n.childForFieldName("left"), r = n.childForFieldName("right");
      if (!l || !r) return { reason: "incomplete expression" };
      const a = toAffine(l, scope, facts, depth + 1);
      if (isReason(a)) return a;
      const b = toAffine(r, scope, facts, depth + 1);
      if (isReason(b)) return b;
      switch (op(n)) {
        case "+": return a.add(b);
        case "-": return a.sub(b);
        case "*": return a.mul(b);
        case "&": {
          // `n & 3` is n - 4*floor(n/4) in two's complement, for any n.
          const m = b.evaluate(facts.values);
          if (m && m.isInteger() && m.num > 0n && (m.num & (m.num + 1n)) === 0n && divisible(a, scope, facts))
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
          // A loop-dependent numerator proven non-negative (`y / s` for y counting up from 0, s
          // bound): C's truncation is floor.
          const ok = divisible(a, scope, facts);
          if (op(n) === "/" && d && d.isInteger() && d.num > 0n && ok)
            return Poly.floorDiv(a, d.num);
          // `n >> 2` is floor(n/4) (gcc shifts signed values arithmetically); `n % 4` is
          // n - 4*floor(n/4) for the non-negative sizes `/` already assumes.
          if (op(n) === ">>" && d && d.isInteger() && d.num >= 0n && d.num < 62n && ok)
            return Poly.floorDiv(a, 1n << d.num);
          if (op(n) === "%" && d && d.isInteger() && d.num > 0n && ok)
            return a.sub(Poly.floorDiv(a, d.num).scale(Poly.constant(d.num).constantValue()!));
          if (!d || !d.isInteger()) return { reason: `${n.text}: ${op(n)} by ${r.text}, which is not a constant (bind it with -D)` };
          if (d.num <= 0n) return { reason: `${n.text}: ${op(n)} by ${d.toString()} is not a positive divisor` };
          return { reason: `${n.text}: ${op(n)} of a value not proven non-negative (C's ${op(n)} truncates toward zero) is not affine` };
        }
        default:
          return { reason: `operator ${op(n)} in ${n.text}` };
      }
    }
    case "unary_expression": {
      const arg = n.childForFieldName("argument");
      if (!arg) return { reason: "incomplete expression" };
      const a = toAffine(arg, scope, facts, depth + 1);
      if (isReason(a)) return a;
      if (op(n) === "-") return a.neg();
      if (op(n) === "+") return a;
      return { reason: `operator ${op(n)} in ${n.text}` };
    }
    case "cast_expression": {
      const t = n.childForFieldName("type")?.text ?? "";
      const ct = scalarType(t, facts.dataModel) ?? facts.typedefs.get(t);
      const v = n.childForFieldName("value");
      if (ct?.kind === "int" && v) return toAffine(v, scope, facts, depth + 1);
      return { reason: `cast to ${t}` };
    }
    case "sizeof_expression": {
      const td = n.childForFieldName("type");
      const t = td ? scalarType(td.text, facts.dataModel) ?? facts.typedefs.get(td.text) : undefined;
      if (t?.bytes) return Poly.constant(t.bytes);
      return { reason: `${n.text} of a non-scalar type` };
    }
    case "subscript_expression": return { reason: `data-dependent value ${n.text}` };
    case "update_expression": {
      // `k++` is k's value before the increment, `++k` the value after (the visitor applies it).
      const arg = n.childForFieldName("argument");
      if (!arg) return { reason: "incomplete expression" };
      const a = toAffine(arg, scope, facts, depth + 1);
      if (isReason(a)) return a;
      const prefix = n.children[0]?.type === "++" || n.children[0]?.type === "--";
      return prefix ? a.add(Poly.constant(op(n) === "++" ? 1n : -1n)) : a;
    }
    case "field_expression": return fieldSymbol(n, scope, facts);
    case "call_expression": {
      const f = n.childForFieldName("function")?.text ?? "";
      return { reason: facts.functionMacros.has(f) ? `${f}(...) is a function-like macro (run the file through gcc -E to expand it)` : `call ${f}(...)` };
    }
    default:
      return { reason: `${n.text} is not an affine expression` };
  }
}

/** The pointer an expression goes through, for messages: `p` in `*(p + k)` or `*p++`. */
function pointerName(n: SyntaxNode): string {
  const a = strip(n, true);
  if (a.type === "identifier") return a.text;
  if (a.type === "update_expression") { const x = a.childForFieldName("argument"); return x ? pointerName(x) : a.text; }
  if (a.type === "binary_expression") {
    const l = a.childForFieldName("left");
    if (l) { const x = strip(l, true); if (x.type === "identifier" || x.type === "update_expression" || x.type === "binary_expression") return pointerName(l); }
    const r = a.childForFieldName("right");
    if (r) return pointerName(r);
  }
  return a.text.slice(0, 40);
}

/**
 * A struct field read (`l.batch`, `p->n`, `l->dims.c`) as a symbol named as written, when the
 * struct is defined in the file, the field is an integer, and nothing in the function writes
 * the field, the struct or the pointer (FieldWrites); otherwise why not.
 */
function fieldSymbol(n: SyntaxNode, scope: Scope, facts: FileFacts): Affine {
  const f = readField(n, scope, facts);
  if ("reason" in f) return f;
  if (f.field.derived || f.field.type.kind !== "int") return { reason: `${f.name} is a ${f.field.derived ? "pointer or array" : f.field.type.base === "?" ? "non-integer" : f.field.type.base} field, not an integer size` };
  const why = fieldChanges(f, scope, facts);
  if (why) return { reason: why };
  return Poly.symbol(f.name);
}

/**
 * A pointer field (`l.weights` of `layer l`, `l->weights` of `layer *l`; a parameter or local,
 * not a global) that nothing in the function changes: a base array of its own, like a pointer
 * parameter (it may alias the others: isParameter). Undefined otherwise.
 */
export function fieldArray(n: SyntaxNode, scope: Scope, facts: FileFacts): ArrayInfo | undefined {
  const f = readField(n, scope, facts);
  if ("reason" in f || !f.field.element || f.path.length !== 1 || scope.isGlobal(f.base)) return undefined;
  if (fieldChanges(f, scope, facts)) return undefined;
  return { name: f.name, element: f.field.element, dims: [null], isParameter: true, restrict: false, line: n.startPosition.row + 1 };
}

interface FieldRead { readonly name: string; readonly base: string; readonly path: readonly string[]; readonly sv: StructVar; readonly field: StructField }

/** `l.batch`, `p->n`, `l->dims.c`: the field of a struct defined in the file, or why not. */
function readField(n: SyntaxNode, scope: Scope, facts: FileFacts): FieldRead | { reason: string } {
  const path: string[] = [];
  let base = n;
  while (base.type === "field_expression") {
    const f = base.childForFieldName("field"), arg = base.childForFieldName("argument");
    if (!f || !arg) return { reason: `cannot read ${n.text}` };
    path.unshift(f.text);
    base = strip(arg);
  }
  const name = n.text.replace(/\s+/g, "");
  if (base.type !== "identifier") return { reason: `${name}: a field of ${short(base.text)}, which is not a variable` };
  return resolveField(name, base.text, path, scope, facts);
}

/**
 * Why the caller's field `a->cols` (or `s.v`), named as text, is not a size symbol (kind "size")
 * or a base array (kind "array") that keeps one value through this function; null when it is.
 * For a callee's field of a struct parameter read through the caller's argument (ir/inline.ts).
 */
export function fieldProblem(name: string, kind: "size" | "array", scope: Scope, facts: FileFacts): string | null {
  const m = /^([A-Za-z_]\w*)((?:(?:->|\.)[A-Za-z_]\w*)+)$/.exec(name);
  if (!m) return `${name} is not a field of a variable`;
  const f = resolveField(name, m[1], m[2].split(/->|\./).filter(Boolean), scope, facts);
  if ("reason" in f) return f.reason;
  if (kind === "size" && (f.field.derived || f.field.type.kind !== "int")) return `${name} is not an integer size field`;
  if (kind === "array" && (!f.field.element || f.path.length !== 1 || scope.isGlobal(f.base))) return `${name} is not a pointer field of a local or parameter`;
  return fieldChanges(f, scope, facts);
}

function resolveField(name: string, baseText: string, path: readonly string[], scope: Scope, facts: FileFacts): FieldRead | { reason: string } {
  const base = { text: baseText };
  const sv = scope.structOf(base.text);
  if (!sv) return { reason: scope.lookup(base.text) ? `${name}: the struct type of ${base.text} is not defined in this file` : `${name}: ${base.text} is not declared here` };
  let key: string | undefined = sv.key;
  let last: StructField | undefined;
  for (let i = 0; i < path.length; i++) {
    const field: StructField | undefined = key ? facts.structs.get(key)?.get(path[i]) : undefined;
    if (!field) return { reason: `${name}: no field ${path[i]} in the struct definitions of this file` };
    last = field;
    if (i < path.length - 1) key = field.struct;
  }
  return { name, base: base.text, path, sv, field: last! };
}

/** Why the field read may not keep one value through the function (FieldWrites), or null. */
function fieldChanges(f: FieldRead, scope: Scope, facts: FileFacts): string | null {
  const { name, path, sv } = f;
  const base = { text: f.base };
  const w = scope.fieldWrites();
  if (w) {
    // Stores through pointer fields of structs reached by pointer (`q->out[k] = v`): only a
    // floating-point one is known not to change an integer or pointer field.
    for (const [text, t] of w.through) {
      if (!t.arrow) continue;
      const key = scope.structOf(t.base)?.key;
      const fname = text.slice(t.base.length + 2);
      const e = key && !/[.>]/.test(fname) ? facts.structs.get(key)?.get(fname)?.element : undefined;
      if (e?.kind !== "float") return `${text}[...] is written in this function (line ${t.line}) and may overlap ${name}`;
    }
    const pieces = name.split(/(?=\.|->)/); // d->c: ["d", "->c"]; l.dims.c: ["l", ".dims", ".c"]
    const prefixes = pieces.slice(1).map((_, i) => pieces.slice(0, i + 2).join(""));
    for (const p of prefixes) { const at = w.fields.get(p); if (at) return `${p} is written in this function (line ${at}), so ${name} is not a constant`; }
    const other = w.byField.get(path[path.length - 1]);
    if (other) return `${other.text} is written in this function (line ${other.line}) and may be the same struct, so ${name} is not a constant`;
    const b = w.bases.get(base.text);
    if (b && !(b.call && (!sv.pointer || sv.readonly))) return `${b.reason}, so ${name} may change`;
    if (scope.isGlobal(base.text)) {
      if (w.call) return `${name} is a global and ${w.call.name}() (line ${w.call.line}) may change it`;
      const t = [...w.through.values()].find((x) => x.base === base.text);
      if (t) return `${t.reason}, so ${name} may change`;
    }
  }
  return null;
}

/**
 * Whether p is >= 0 wherever it is evaluated in this scope. p grows with a loop variable v when
 * it is linear in v with a coefficient proven >= 0, so p >= p(v = min of v); once no loop
 * variable is left, every symbol must be bound and the value >= 0. (Unbound sizes are not
 * assumed non-negative here.)
 */
export function provablyNonNegative(p: Poly, scope: Scope, facts: FileFacts, depth = 0): boolean {
  if (depth > 12) return false;
  for (const a of p.atoms()) {
    const v = scope.lookup(a);
    if (v?.kind !== "loop") continue;
    if (!v.min || v.min.mentions(a) || p.degreeIn(a) !== 1 || p.mentionsInsideFloor(a)) return false;
    return provablyNonNegative(p.coefficientOf(a, 1), scope, facts, depth + 1) && provablyNonNegative(p.substitute(a, v.min), scope, facts, depth + 1);
  }
  if ([...p.symbols()].some((x) => scope.lookup(x)?.kind === "loop")) return false; // inside a floor term
  const c = p.bind(facts.values).constantValue();
  return c !== null && c.sign() >= 0;
}

/** `a / d` for C (truncation): floor(a/d) when a involves no loop variable (sizes, assumed
 *  non-negative as everywhere) or is proven non-negative; d a positive constant. */
function divisible(a: Poly, scope: Scope, facts: FileFacts): boolean {
  return !hasLoopVar(a, scope) || provablyNonNegative(a, scope, facts);
}

function hasLoopVar(p: Poly, scope: Scope): boolean {
  for (const s of p.symbols()) if (scope.lookup(s)?.kind === "loop") return true;
  return false;
}

export function emptyOps(): OpCounts {
  return { fadd: 0, fmul: 0, fdiv: 0, fcall: 0, macs: 0, fmacs: 0, intOps: 0, userCalls: new Map(), mathCalls: new Map(), userCallArgs: [], unknownCalls: [], untyped: [], uncertain: [] };
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
  /** Calls that are not pure, in evaluation order. */
  readonly effects: Effect[] = [];
  /** Calls to functions defined in the file, with their arguments (lowering inlines them: ir/inline.ts). */
  readonly sites: CallSite[] = [];

  constructor(
    private readonly scope: Scope,
    private readonly facts: FileFacts,
    /** Set when this code runs only sometimes (one side of `?:`, the right of `&&`, a while body):
     *  a variable changed here has no known value afterwards. */
    private readonly runsSometimes?: string,
  ) {}

  /** The cell of a changing variable named by `target` (an identifier), if any. */
  private cellOf(target: SyntaxNode | null): Cell | undefined {
    const t = target && strip(target);
    if (t?.type !== "identifier") return undefined;
    const v = this.scope.lookup(t.text);
    return v?.kind === "scalar" ? v.cell : undefined;
  }

  /** Sets a cell after an assignment, or makes it unknown with the reason. */
  private setCell(c: Cell, value: Poly | PointerTarget | { reason: string }, line: number): void {
    if (this.runsSometimes) return forgetCell(c, `${c.name} changes only sometimes (${this.runsSometimes}, line ${line})`);
    c.within = undefined;
    if (value instanceof Poly || isTarget(value as Cell["value"])) { c.value = value as Poly | PointerTarget; c.reason = undefined; return; }
    c.value = null; c.reason = `${c.name} is assigned a value Loopsmith cannot follow at line ${line}: ${(value as { reason: string }).reason}`;
    c.within = (value as { within?: PointerTarget }).within;
  }

  /** `c op= k` / `c++`: the new value from the old one. */
  private stepCell(c: Cell, k: Poly | { reason: string }, line: number): void {
    if (isReason(k)) return this.setCell(c, k, line);
    const v = c.value;
    // Pointer arithmetic keeps a pointer inside its array.
    if (v === null) return this.setCell(c, { reason: c.reason ?? "its value is not known", ...(c.within && !this.runsSometimes ? { within: c.within } : {}) }, line);
    this.setCell(c, advance(v, k), line);
  }

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
        const t = this.visit(arg, mode === "index" ? "index" : "rw"); // ++/-- are not counted as operations
        // Inside an address (`*p++`, `out[k++]`) the variable is still written: the dependences must
        // see it (without it, a permute, unroll-and-jam or OpenMP pragma of a loop walking `*p++`
        // was accepted, each iteration then reading another element).
        if (mode === "index") this.visit(arg, "write");
        const c = this.cellOf(arg);
        if (c) this.stepCell(c, Poly.constant(op(n) === "++" ? 1n : -1n), n.startPosition.row + 1);
        return t;
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
        return scalarType(ts, this.facts.dataModel) ?? this.facts.typedefs.get(ts) ?? (ts.includes("*") ? POINTER : UNKNOWN_TYPE);
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
    if ((mode === "write" || mode === "rw") && v.kind === "scalar" && v.type.kind === "pointer" && !v.cell)
      this.unknowns.push({ what: `pointer ${n.text}`, reason: `${n.text} is moved inside the nest (pointer increment); its accesses are not modelled`, line: n.startPosition.row + 1 });
    if (v.kind === "scalar" && mode !== "addr") {
      const base = { name: n.text, span: spanOf(n), owner: v.owner, decl: v.decl, ...(this.scope.isGlobal(n.text) ? { global: true } : {}), ...(v.type.kind === "float" || v.type.kind === "int" ? { type: v.type.base } : {}) };
      if (mode === "read" || mode === "index" || mode === "rw") this.scalars.push({ ...base, kind: "read" });
      if (mode === "write" || mode === "rw") this.scalars.push({ ...base, kind: "write" });
    }
    if (mode === "addr" && v.kind === "scalar") {
      this.unknowns.push({ what: `&${n.text}`, reason: `the address of ${n.text} is taken; writes through it are not tracked`, line: n.startPosition.row + 1 });
      if (v.cell) forgetCell(v.cell, `the address of ${n.text} is taken (line ${n.startPosition.row + 1})`);
    }
    if (v.kind === "array") {
      if (mode === "write" || mode === "rw")
        this.unknowns.push({ what: `pointer ${n.text}`, reason: `${n.text} is moved inside the nest (pointer increment); its accesses are not modelled`, line: n.startPosition.row + 1 });
      return POINTER;
    }
    return v.type;
  }

  /** Counts one binary arithmetic operator of result type t. */
  private count(operator: string, t: CType, n: SyntaxNode, mac: boolean): void {
    if (mac && (t.kind === "float" || t.kind === "int")) { this.ops.macs++; if (t.kind === "float") this.ops.fmacs++; }
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

  /**
   * A MAC is a multiply-accumulate on data: the product has a value loaded from memory, a
   * call's result, or a variable that holds data (not a loop index, size, counter or address).
   */
  private isDataProduct(n: SyntaxNode | null, t: CType): boolean {
    if (!this.isProduct(n)) return false;
    if (t.kind === "float") return true;
    const data = (x: SyntaxNode): boolean => {
      switch (x.type) {
        case "subscript_expression": case "pointer_expression": case "call_expression": case "field_expression": return true;
        case "identifier": {
          const v = this.scope.lookup(x.text);
          if (!v) return false;
          // A global int that is not a known constant is a variable of the program (data); a
          // parameter, a loop index, a counter or an address is not.
          if (v.kind === "symbol") return this.scope.isGlobal(x.text) && !this.facts.values.has(x.text);
          return v.kind === "scalar" && !v.alias && !v.cell && !v.address;
        }
        case "number_literal": return false;
        default: return x.namedChildren.some((c) => !!c && data(c));
      }
    };
    return data(n!);
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
      const why = `the right side of ${o} in ${short(n.text)} runs only when the left side does not decide`;
      const right = new StatementVisitor(this.scope, this.facts, why);
      right.visit(r, inner);
      right.accesses.splice(0, right.accesses.length, ...right.accesses.map((x) => (always.has(x.text) ? x : { ...x, conditional: why })));
      const b = right.ops;
      const counted = b.fadd + b.fmul + b.fdiv + b.fcall + b.macs + b.intOps + b.userCalls.size + b.untyped.length > 0;
      if (counted) {
        const kinds = (["fadd", "fmul", "fdiv", "fcall", "macs", "fmacs", "intOps"] as const).filter((k) => b[k] > 0 || (b.userCalls.size > 0 && k !== "intOps") || b.untyped.length > 0);
        right.ops.fadd = right.ops.fmul = right.ops.fdiv = right.ops.fcall = right.ops.macs = right.ops.fmacs = right.ops.intOps = 0;
        right.ops.userCalls = new Map(); right.ops.mathCalls = new Map(); right.ops.userCallArgs = []; right.ops.untyped = [];
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
      const mac = (o === "+" || o === "-") && (this.isDataProduct(l, t) || this.isDataProduct(r, t));
      if (["+", "-", "*", "/", "%"].includes(o)) this.count(o, t, n, mac);
    }
    return t;
  }

  private assignment(n: SyntaxNode, mode: Mode): CType {
    const l = n.childForFieldName("left"), r = n.childForFieldName("right");
    const o = op(n);
    // A changing variable's new value is read from the right side before it runs.
    const c = this.cellOf(l);
    const line = n.startPosition.row + 1;
    let next: (() => void) | null = null;
    if (c && r) {
      if (o === "=") { const v = c.kind === "int" ? toAffine(r, this.scope, this.facts) : pointerValue(r, this.scope, this.facts); next = () => this.setCell(c, v, line); }
      else if (o === "+=" || o === "-=") { const k = toAffine(r, this.scope, this.facts); next = () => this.stepCell(c, isReason(k) ? k : o === "+=" ? k : k.neg(), line); }
      else if (c.kind === "int" && (o === "*=" || o === "<<=")) { const k = toAffine(r, this.scope, this.facts); next = () => this.setCell(c, isReason(k) ? k : c.value instanceof Poly ? (o === "*=" ? c.value.mul(k) : { reason: `${n.text}: shift` }) : { reason: c.reason ?? "its value is not known" }, line); }
      else next = () => this.setCell(c, { reason: `${n.text} is not an affine update` }, line);
    }
    const lt = l ? this.visit(l, o === "=" ? "write" : "rw") : UNKNOWN_TYPE;
    // `p = A + i*m`, `p += s`: pointer arithmetic is address arithmetic, not work.
    const target = l && strip(l).type === "identifier" ? this.scope.lookup(strip(l).text) : undefined;
    const address = mode === "index" || (lt.kind === "pointer" && !!target) || (target?.kind === "scalar" && !!target.address);
    if (r) this.visit(r, address ? "index" : "read");
    next?.();
    if (address) return lt;
    if (o !== "=" && l) {
      const base = o.slice(0, -1);
      this.count(base, lt, n, (base === "+" || base === "-") && this.isDataProduct(r, lt));
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
      const v = new StatementVisitor(this.scope, this.facts, `one branch of ${short(n.text)}`);
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
    } else this.merge(b.v, true, false); // the same elements: but b's scalars, calls and effects are its own
    this.merge(a.v);
    if (!same) {
      const kinds = (["fadd", "fmul", "fdiv", "fcall", "macs", "fmacs", "intOps"] as const).filter((k) => a.v.ops[k] !== b.v.ops[k]);
      const reason = `the branches of ${short(n.text)} do different work`;
      this.ops.uncertain.push({ reason: `${reason} (line ${n.startPosition.row + 1})`, kinds: kinds.length ? [...kinds] : ["fadd", "fmul", "fdiv", "fcall", "macs", "intOps"] });
      this.unknowns.push({ what: "operation count", reason, line: n.startPosition.row + 1 });
    }
    return promote(a.t, b.t);
  }

  /** Takes in what `o` saw: with `accessesOnly`, not its operation counts; without `withAccesses`, not its accesses. */
  private merge(o: StatementVisitor, accessesOnly = false, withAccesses = true): void {
    if (withAccesses) this.accesses.push(...o.accesses);
    this.scalars.push(...o.scalars);
    this.unknowns.push(...o.unknowns);
    this.effects.push(...o.effects);
    this.sites.push(...o.sites);
    if (accessesOnly) return;
    const a = this.ops, b = o.ops;
    a.fadd += b.fadd; a.fmul += b.fmul; a.fdiv += b.fdiv; a.fcall += b.fcall; a.macs += b.macs; a.fmacs += b.fmacs; a.intOps += b.intOps;
    for (const [k, v] of b.userCalls) a.userCalls.set(k, (a.userCalls.get(k) ?? 0) + v);
    for (const [k, v] of b.mathCalls) a.mathCalls.set(k, (a.mathCalls.get(k) ?? 0) + v);
    a.userCallArgs.push(...b.userCallArgs);
    a.unknownCalls.push(...b.unknownCalls);
    a.untyped.push(...b.untyped);
    a.uncertain.push(...b.uncertain);
  }

  private call(n: SyntaxNode, mode: Mode): CType {
    const f = n.childForFieldName("function");
    const list = (n.childForFieldName("arguments")?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== "comment");
    const name = f?.type === "identifier" ? f.text : f?.text ?? "?";
    const counting = mode !== "index" && mode !== "addr";
    // Arguments are read before they run (`f(k++)` passes k), as subscripts are.
    const targets = list.map((a) => pointerValue(a, this.scope, this.facts));
    const pointers = targets.map((t) => "base" in t);
    const values = list.map((a) => { const v = toAffine(a, this.scope, this.facts); return isReason(v) ? null : v; });
    // A pointer argument (`d + cols * r`) is an address: computing it is not work.
    // So is an integer argument that the callee only uses to form addresses (a pixel's row and column).
    const argMode: Mode = mode === "index" || mode === "addr" ? "index" : "read";
    const addr = f?.type === "identifier" ? addressParams(n.tree, f.text, this.facts) : new Set<number>();
    list.forEach((a, i) => this.visit(a, addr.has(i) || pointers[i] ? "index" : argMode));
    const effect = f?.type === "identifier" ? callEffect(n.tree, name, this.facts)
      : { kind: "write" as const, reason: `${name}(...) is a call through a function pointer: it may read and write memory` };
    if (effect.kind !== "pure") {
      const pointerArg = list.some((a, i) => pointers[i] || (strip(a).type === "identifier" && this.scope.lookup(strip(a).text)?.type.kind === "pointer"));
      this.effects.push({ call: name, kind: effect.kind, reason: effect.reason, span: spanOf(n), touchesArrays: pointerArg || !!this.facts.functions.get(name)?.defined });
    }
    const math = mathFunction(name);
    const user = this.facts.functions.get(name);
    if (user?.defined) {
      if (counting) {
        this.ops.userCalls.set(name, (this.ops.userCalls.get(name) ?? 0) + 1);
        this.ops.userCallArgs.push({ name, args: values, at: n.startIndex });
      }
      // A whole array passed to an array parameter (`f(A)` with `float A[N][M]`): its element 0.
      const at = list.map((a, i) => {
        const t = targets[i], id = strip(a);
        const v = !("base" in t) && id.type === "identifier" ? this.scope.lookup(id.text) : undefined;
        return v?.kind === "array" && !v.array.discontiguous ? { base: id.text, array: v.array, offset: Poly.ZERO } : t;
      });
      this.sites.push({ name, span: spanOf(n), args: values, argText: list.map((a) => a.text), targets: at, ...(this.runsSometimes ? { sometimes: this.runsSometimes } : {}) });
      return user.returnType;
    }
    if (math) { if (counting) { this.ops.fcall++; this.ops.mathCalls.set(name, (this.ops.mathCalls.get(name) ?? 0) + 1); } return math; }
    if (counting) {
      if (this.facts.functionMacros.has(name)) this.ops.unknownCalls.push(`${name}(...) (function-like macro: run the file through gcc -E to expand it)`);
      else this.ops.unknownCalls.push(`${name}() (not defined in this file)`);
    }
    return user?.returnType ?? UNKNOWN_TYPE;
  }

  /** `*p`, `*(p + i)`, `*p++`: an access to the array p points into, at p's offset (+ i). */
  private dereference(n: SyntaxNode, arg: SyntaxNode, mode: Mode): CType {
    const target = pointerValue(arg, this.scope, this.facts); // before `p++` in arg applies
    this.visit(arg, "index");
    return this.through(n, pointerName(arg), target, Poly.ZERO, mode);
  }

  /** An access through a pointer value (or through one whose target is not known). */
  private through(n: SyntaxNode, via: string, target: PointerTarget | { reason: string }, extra: Affine, mode: Mode): CType {
    const v = this.scope.lookup(via);
    const cell = v?.kind === "scalar" ? v.cell : undefined;
    const declared = cell?.element ?? (v?.kind === "array" ? v.array.element : undefined);
    if (!("base" in target)) {
      this.unknowns.push({ what: n.text.slice(0, 40), reason: `${via}: ${target.reason}`, line: n.startPosition.row + 1 });
      const within = (target as { within?: PointerTarget }).within;
      if (within && (!cell || sameUnit(cell.elementBytes, within.array))) {
        // Somewhere inside a known array: that array, at an unknown offset.
        this.pushAccess(n, within.base, [null], null, `${via} points into ${within.base} at an offset that is not known: ${target.reason}`, flatView(within.array), mode, within.array.element.bytes, via);
        return declared ?? within.array.element;
      }
      this.pushAccess(n, via, [null], null, `the target of ${via} is not known: ${target.reason}`, undefined, mode, declared?.bytes ?? null, via);
      return declared ?? UNKNOWN_TYPE;
    }
    if (cell && !sameUnit(cell.elementBytes, target.array)) {
      const why = `${via} points to ${cell.element?.base ?? "?"} elements inside ${target.base} (${target.array.element.base}): offsets are not counted in the same unit`;
      this.unknowns.push({ what: n.text.slice(0, 40), reason: why, line: n.startPosition.row + 1 });
      this.pushAccess(n, target.base, [null], null, why, flatView(target.array), mode, cell.elementBytes ?? null, via);
      return declared ?? UNKNOWN_TYPE;
    }
    const info = flatView(target.array);
    if (isReason(extra)) this.pushAccess(n, target.base, [null], null, `subscript is not affine: ${extra.reason}`, info, mode, info.element.bytes, via);
    else { const off = target.offset.add(extra); this.pushAccess(n, target.base, [off], off, undefined, info, mode, info.element.bytes, via); }
    return declared ?? target.array.element;
  }

  private pushAccess(n: SyntaxNode, array: string, subscripts: (Poly | null)[], offset: Poly | null, reason: string | undefined, info: ArrayInfo | undefined, mode: Mode, elementBytes: number | null, via?: string): void {
    if (mode === "addr") return;
    if (n.hasError) {
      this.unknowns.push({ what: n.text.split("\n")[0].slice(0, 40), reason: `syntax error at line ${n.startPosition.row + 1}`, line: n.startPosition.row + 1 });
      return;
    }
    // `via` marks a reference reached through another pointer, or through one whose array is unknown.
    const base = { text: n.text, array, span: spanOf(n), subscripts, offset, reason, elementBytes, info, ...(via && (via !== array || !info) ? { via } : {}) };
    if (mode === "read" || mode === "index" || mode === "rw") this.accesses.push({ ...base, kind: "read" });
    if (mode === "write" || mode === "rw") this.accesses.push({ ...base, kind: "write" });
  }

  private subscript(n: SyntaxNode, mode: Mode): CType {
    const { base, indices } = subscriptChain(n);
    // Subscripts are read before they run (`out[k++]` is element k).
    const subs = indices.map((i) => toAffine(i, this.scope, this.facts));
    const v = base.type === "identifier" ? this.scope.lookup(base.text) : undefined;
    if (v?.kind === "scalar" && v.type.kind === "pointer" && indices.length === 1) {
      const target = pointerValue(base, this.scope, this.facts);
      for (const idx of indices) this.visit(idx, "index");
      return this.through(n, base.text, target, subs[0], mode);
    }
    for (const idx of indices) this.visit(idx, "index");
    if (base.type !== "identifier") {
      if (base.type !== "field_expression") this.visit(base, "index");
      // `l.weights[k]` of a struct value whose pointer field does not change: an array of its own.
      const fa = base.type === "field_expression" && indices.length === 1 ? fieldArray(base, this.scope, this.facts) : undefined;
      this.record(n, fa ? fa.name : base.text, subs, fa, mode);
      return fa ? fa.element : UNKNOWN_TYPE;
    }
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
      const off = linearOffset(arr, polys as Poly[]);
      if (typeof off === "string") reason = off; else offset = off;
    }
    const base = { text: n.text, array, span: spanOf(n), subscripts: polys, offset, reason, elementBytes: arr?.element.bytes ?? null, info: arr };
    if (mode === "read" || mode === "index" || mode === "rw") this.accesses.push({ ...base, kind: "read" });
    if (mode === "write" || mode === "rw") this.accesses.push({ ...base, kind: "write" });
  }
}
