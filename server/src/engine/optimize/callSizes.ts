// Sizes for the plan's cost model from the calls in the file: a kernel `trimv(int n, ...)` that
// main() calls as `trimv(N, L, x, y)` with `#define N 3000`, or `matmul(&a, &b, &c)` with
// `mat_t a = { N, N, buf }`, runs with n = 3000 and a->rows = N in this program, so the search
// may price its candidates with those values (the sizes a user's own driver passes), where the
// code leaves them unbound. Like the extents of plannedSizes.ts, only the prediction uses them:
// every rewrite is made and checked with the sizes unknown.
// A value is taken when every call of the function in the file passes the same constant: an
// integer expression of literals and the file's constants (defines, enums, const globals), or a
// local of the caller initialised so and never assigned again; a struct argument (`&a`, `a`)
// gives the integer fields of its initialiser (`{ N, N, buf }`, `{ .rows = N }`) and of plain
// assignments `a.rows = N;` in the caller, each assigned once.

import type { SyntaxNode } from "../syntax/parser";
import { functionDefinitions } from "../syntax/parser";
import { mirror } from "../syntax/mirror";
import type { Node } from "web-tree-sitter";
import { parametersOf, readDeclarator } from "../ir/declarations";
import type { FileFacts } from "../ir/scope";
import type { PlannedSize } from "./plannedSizes";

/** The constant each parameter symbol of `fn` gets from every call in the file (`n`, `a->rows`). */
export function callSizes(root: Node, text: string, fn: string, facts: FileFacts): Map<string, PlannedSize> {
  const defs = functionDefinitions(root).map((d) => mirror(d, text));
  const target = defs.find((d) => nameOf(d) === fn);
  if (!target) return new Map();
  const params = paramsOf(target);
  const seen = new Map<string, { value: number; from: string } | null>();
  const put = (k: string, v: number | null, from: string) => {
    const was = seen.get(k);
    if (was === undefined && v !== null) seen.set(k, { value: v, from });
    else if (was && (v === null || was.value !== v)) seen.set(k, null);
    else if (was === undefined) seen.set(k, null);
  };
  for (const caller of defs) {
    if (caller === target) continue;
    const body = caller.childForFieldName("body");
    if (!body) continue;
    for (const call of body.descendantsOfType("call_expression")) {
      if (!call || call.childForFieldName("function")?.text !== fn) continue;
      const args = call.childForFieldName("arguments")?.namedChildren.filter((a): a is SyntaxNode => !!a && a.type !== "comment") ?? [];
      const from = `${fn}(${args.map((a) => a.text).join(", ")}), line ${call.startPosition.row + 1}`;
      params.forEach((p, i) => {
        const a = args[i];
        if (!a) return;
        if (p.kind === "int") { put(p.name, evaluate(a, body, facts), from); return; }
        if (p.kind !== "struct") return;
        const addr = a.type === "pointer_expression" && a.text.startsWith("&") ? a.childForFieldName("argument") : null;
        const v = addr ?? a;
        if (v.type !== "identifier" || (p.pointer !== !!addr)) return;
        for (const [field, value] of structFields(v.text, body, facts, fn)) put(`${p.name}${p.pointer ? "->" : "."}${field}`, value, from);
      });
    }
  }
  const out = new Map<string, PlannedSize>();
  for (const [k, v] of seen) if (v && v.value > 0) out.set(k, { value: v.value, from: v.from, call: true });
  return out;
}

function nameOf(fn: SyntaxNode): string | null {
  const d = fn.childForFieldName("declarator");
  return d ? readDeclarator(d)?.name ?? null : null;
}

interface Param { readonly name: string; readonly kind: "int" | "struct" | "other"; readonly pointer: boolean }

function paramsOf(fn: SyntaxNode): Param[] {
  return parametersOf(fn).flatMap(({ decl: p, declarator: dd }) => {
    if (!dd) return [];
    const type = p.childForFieldName("type")?.text ?? "";
    const pointer = dd.derivations.length === 1 && dd.derivations[0].kind === "pointer";
    const int = dd.derivations.length === 0 && /^(unsigned\s+|signed\s+)?(int|long|short|size_t|u?int\d+_t|char)(\s+int)?$/.test(type.replace(/\bconst\b\s*/g, "").trim());
    return [{ name: dd.name, kind: int ? "int" : dd.derivations.length <= 1 ? "struct" : "other", pointer }];
  });
}

/** An integer constant expression, with the file's constants and the caller's constant locals; else null. */
function evaluate(n: SyntaxNode, body: SyntaxNode, facts: FileFacts, depth = 0): number | null {
  if (depth > 20) return null;
  switch (n.type) {
    case "number_literal": {
      const t = n.text.replace(/[uUlL]+$/, "");
      return /^(0x[0-9a-f]+|\d+)$/i.test(t) ? Number(t) : null;
    }
    case "parenthesized_expression": { const x = n.namedChildren[0]; return x ? evaluate(x, body, facts, depth + 1) : null; }
    case "cast_expression": { const x = n.childForFieldName("value"); return x ? evaluate(x, body, facts, depth + 1) : null; }
    case "unary_expression": {
      const x = n.childForFieldName("argument");
      const v = x ? evaluate(x, body, facts, depth + 1) : null;
      const op = n.child(0)?.text;
      return v === null ? null : op === "-" ? -v : op === "+" ? v : null;
    }
    case "binary_expression": {
      const l = n.childForFieldName("left"), r = n.childForFieldName("right");
      const a = l ? evaluate(l, body, facts, depth + 1) : null, b = r ? evaluate(r, body, facts, depth + 1) : null;
      if (a === null || b === null) return null;
      switch (n.childForFieldName("operator")?.text ?? n.child(1)?.text) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/": return b !== 0 ? Math.trunc(a / b) : null;
        case "%": return b !== 0 ? a % b : null;
        default: return null;
      }
    }
    case "identifier": {
      const k = facts.values.get(n.text);
      if (k) return k.isInteger() ? k.toNumber() : null;
      const init = onlyValue(n.text, body);
      return init ? evaluate(init, body, facts, depth + 1) : null;
    }
    default: return null;
  }
}

/** The initialiser of a caller local `T x = e;` that nothing in the caller assigns again; else null. */
function onlyValue(name: string, body: SyntaxNode): SyntaxNode | null {
  let value: SyntaxNode | null = null, count = 0;
  for (const d of body.descendantsOfType("init_declarator")) {
    const id = d?.childForFieldName("declarator");
    if (id?.type === "identifier" && id.text === name) { value = d!.childForFieldName("value"); count++; }
  }
  if (count !== 1 || !value || assigned(name, body)) return null;
  return value;
}

function assigned(name: string, body: SyntaxNode): boolean {
  for (const a of body.descendantsOfType(["assignment_expression", "update_expression", "pointer_expression"])) {
    if (!a) continue;
    const t = a.type === "assignment_expression" ? a.childForFieldName("left") : a.childForFieldName("argument");
    if (a.type === "pointer_expression" && !a.text.startsWith("&")) continue;
    if (t?.type === "identifier" && t.text === name) return true;
  }
  return false;
}

/** The integer fields of a caller's struct variable: its initialiser and its field assignments, each set once. */
function structFields(name: string, body: SyntaxNode, facts: FileFacts, fn: string): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const set = (f: string, v: number | null) => out.set(f, out.has(f) ? null : v);
  let decls = 0;
  for (const d of body.descendantsOfType("init_declarator")) {
    const id = d?.childForFieldName("declarator");
    if (id?.type !== "identifier" || id.text !== name) continue;
    decls++;
    const list = d!.childForFieldName("value");
    const type = d!.parent?.childForFieldName("type")?.text.replace(/\bconst\b\s*/g, "").trim() ?? "";
    const key = facts.structTypedefs.get(type) ?? (type.startsWith("struct ") ? type.replace(/\s+/g, " ") : undefined);
    const fields = key ? [...(facts.structs.get(key)?.keys() ?? [])] : [];
    if (list?.type !== "initializer_list") continue;
    let k = 0;
    for (const e of list.namedChildren) {
      if (!e || e.type === "comment") continue;
      if (e.type === "initializer_pair") {
        const des = e.childForFieldName("designator") ?? e.namedChildren[0];
        const f = des?.type === "field_designator" ? des.text.replace(/^\./, "") : null;
        const v = e.childForFieldName("value");
        if (f && v) { set(f, evaluate(v, body, facts)); k = fields.indexOf(f) + 1; }
        continue;
      }
      const f = fields[k++];
      if (f) set(f, evaluate(e, body, facts));
    }
  }
  // Handed to another function by address, the struct may get its fields there: none taken.
  const handed = body.descendantsOfType("call_expression").some((c) => c?.childForFieldName("function")?.text !== fn
    && (c?.childForFieldName("arguments")?.namedChildren ?? []).some((x) => x?.type === "pointer_expression" && x.childForFieldName("argument")?.text === name));
  if (decls !== 1 || handed) return new Map();
  for (const a of body.descendantsOfType(["assignment_expression", "update_expression"])) {
    const l = a?.type === "assignment_expression" ? a.childForFieldName("left") : a?.childForFieldName("argument");
    if (l?.type !== "field_expression" || l.childForFieldName("argument")?.text !== name) continue;
    const f = l.childForFieldName("field")?.text;
    if (!f) continue;
    const r = a!.type === "assignment_expression" && a!.childForFieldName("operator")?.text === "=" ? a!.childForFieldName("right") : null;
    set(f, r ? evaluate(r, body, facts) : null);
  }
  return out;
}
