// Declarations that are statements of a loop body (`const float *p = A + k;`, `float tmp[4];`,
// `int a, b;`), read from the CST for the rewrites: lowering keeps only the initialisers as
// statements, but a rewrite that copies or splits a body must keep every declaration in scope
// of its uses (unroll copies get their own block; fission copies a pure declaration into each
// part that uses it, or refuses naming it). Also the plain `{ ... }` blocks of the body, which
// lowering flattens and a split must not cut.
// Invariants: spans are in the document's offsets; `uses` are identifier occurrences that
// refer to the declared names (an inner declaration of the same name hides them); `impure` and
// `modified` err on the safe side (a call that is not a known math function is impure; `&x`
// or passing an array to a call counts as a write).

import type { SyntaxNode } from "../syntax/parser";
import { mathFunction } from "./ctypes";
import { readDeclarator } from "./declarations";
import { spanOf } from "./expr";
import type { LocalDecl, Span } from "./types";

const line = (n: SyntaxNode) => n.startPosition.row + 1;

/** Why evaluating `n` twice differs from evaluating it once (a write, a call), or undefined. */
function impurity(n: SyntaxNode): string | undefined {
  if (n.type === "assignment_expression" || n.type === "update_expression") return `it assigns (${n.text})`;
  if (n.type === "call_expression") {
    const f = n.childForFieldName("function");
    if (!(f?.type === "identifier" && mathFunction(f.text))) return `it calls ${f?.text ?? "a function"}`;
  }
  for (const c of n.namedChildren) { const r = c && impurity(c); if (r) return r; }
  return undefined;
}

/** Identifiers under `n` naming one of `active`, with inner declarations hiding them. */
function usesIn(n: SyntaxNode, active: ReadonlySet<string>, out: SyntaxNode[]): void {
  if (active.size === 0) return;
  if (n.type === "identifier") { if (active.has(n.text)) out.push(n); return; }
  if (n.type === "compound_statement") {
    const act = new Set(active);
    for (const c of n.namedChildren) if (c) declarationAware(c, act, out);
    return;
  }
  if (n.type === "for_statement") {
    const act = new Set(active);
    for (const c of n.namedChildren) if (c) declarationAware(c, act, out);
    return;
  }
  for (const c of n.namedChildren) if (c) usesIn(c, active, out);
}

/** Visits `c`; when it is a declaration, its names hide `act`'s from then on (mutates `act`). */
function declarationAware(c: SyntaxNode, act: Set<string>, out: SyntaxNode[]): void {
  if (c.type !== "declaration") { usesIn(c, act, out); return; }
  for (const d of c.childrenForFieldName("declarator")) {
    const dd = d && readDeclarator(d);
    if (!d || !dd) continue;
    const skip = dd.nameNode;
    const visit = (x: SyntaxNode) => { if (x.startIndex === skip.startIndex && x.endIndex === skip.endIndex && x.type === skip.type) return; if (x.type === "identifier") usesIn(x, act, out); else for (const k of x.namedChildren) if (k) visit(k); };
    visit(d);
    act.delete(dd.name);
  }
}

const same = (a: SyntaxNode | null | undefined, b: SyntaxNode) => !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;

/** Why a use changes the variable (or may: `&x`, an array passed whole), or undefined for a read. */
function writeAt(id: SyntaxNode, kind: "array" | "pointer" | "value"): string | undefined {
  let n = id;
  // Up through parentheses, and for arrays and struct values through `x[k]` and `x.f` (writing
  // an element or a field changes the variable; through a pointer it changes memory instead).
  const up = (p: SyntaxNode | null): boolean => !!p && (p.type === "parenthesized_expression"
    || (kind !== "pointer" && p.type === "subscript_expression" && same(p.childForFieldName("argument"), n))
    || (kind !== "pointer" && p.type === "field_expression" && p.childForFieldName("operator")?.text === "." && same(p.childForFieldName("argument"), n)));
  while (up(n.parent)) n = n.parent!;
  const p = n.parent;
  if (!p) return undefined;
  const where = (s: SyntaxNode) => `${s.text.split("\n")[0].slice(0, 48)} (line ${line(id)})`;
  if (p.type === "assignment_expression" && same(p.childForFieldName("left"), n)) return `${id.text} is assigned in ${where(p)}`;
  if (p.type === "update_expression") return `${id.text} is updated in ${where(p)}`;
  if (p.type === "pointer_expression" && p.childForFieldName("operator")?.text === "&") return `the address of ${id.text} is taken in ${where(p)}`;
  if (kind === "array" && same(n, id) && p.type !== "sizeof_expression") return `the array ${id.text} is used whole (it may be written through a pointer) in ${where(p)}`;
  return undefined;
}

const isStatic = (decl: SyntaxNode) => decl.namedChildren.some((c) => c?.type === "storage_class_specifier" && c.text === "static");

/** The static locals declared anywhere in `body`: state kept from one execution (or call) to the next. */
export function staticLocals(body: SyntaxNode): { name: string; line: number }[] {
  if (!/\bstatic\b/.test(body.text)) return [];
  return body.descendantsOfType("declaration").filter((d): d is SyntaxNode => !!d && isStatic(d))
    .flatMap((d) => d.childrenForFieldName("declarator").flatMap((x) => { const dd = x && readDeclarator(x); return dd ? [{ name: dd.name, line: line(d) }] : []; }));
}

/** The declarations and plain blocks that are statements of a loop body, and its static locals at any depth. */
export function localsOf(body: SyntaxNode): { decls: LocalDecl[]; blocks: Span[]; statics?: string[] } {
  const decls: LocalDecl[] = [];
  const blocks: Span[] = [];
  // Tree walks are wasm calls (the costly part of lowering): look only where the text says so.
  const text = body.text;
  const at = (n: SyntaxNode) => text.slice(n.startIndex - body.startIndex, n.endIndex - body.startIndex);
  const statics = staticLocals(body).map((x) => `${x.name} (line ${x.line})`);
  if (body.type !== "compound_statement") return { decls, blocks, ...(statics.length ? { statics } : {}) };
  const items = body.namedChildren.filter((c): c is SyntaxNode => !!c);
  let ids: { node: SyntaxNode; text: string }[] | null = null;
  let inner: SyntaxNode[] | null = null;
  items.forEach((c, i) => {
    if (c.type === "compound_statement") blocks.push(spanOf(c));
    if (c.type !== "declaration") return;
    const names: string[] = [];
    const kinds = new Map<string, "array" | "pointer" | "value">();
    // One object for every execution: a copy would be a different object.
    let impure: string | undefined = isStatic(c) ? "it is static" : undefined;
    for (const d of c.childrenForFieldName("declarator")) {
      const dd = d && readDeclarator(d);
      if (!dd || dd.isFunction) continue;
      names.push(dd.name);
      kinds.set(dd.name, dd.derivations[0]?.kind === "array" ? "array" : dd.derivations[0]?.kind === "pointer" ? "pointer" : "value");
      if (dd.value && !impure) { const r = impurity(dd.value); if (r) impure = `the initialiser of ${dd.name} is not pure: ${r}`; }
    }
    if (names.length === 0) return;
    // Later declarators of the same declaration (`int a = 1, b = a;`) stay with it: not uses.
    let found: SyntaxNode[] = [];
    const act = new Set(names);
    ids ??= body.descendantsOfType("identifier").filter((x): x is SyntaxNode => !!x).map((node) => ({ node, text: at(node) }));
    inner ??= body.descendantsOfType("declaration").filter((x): x is SyntaxNode => !!x);
    // Does a later declaration reuse one of the names (then it hides them: walk the scopes)?
    const hidden = inner.some((d) => d.startIndex >= c.endIndex && names.some((n) => new RegExp(`\\b${n}\\b`).test(at(d)))
      && d.childrenForFieldName("declarator").some((x) => { const dd = x && readDeclarator(x); return !!dd && act.has(dd.name); }));
    if (hidden) for (const later of items.slice(i + 1)) declarationAware(later, act, found);
    else found = ids.filter((x) => x.node.startIndex >= c.endIndex && act.has(x.text)).map((x) => x.node);
    let modified: string | undefined;
    for (const u of found) { modified = writeAt(u, kinds.get(at(u)) ?? "value"); if (modified) break; }
    decls.push({ names, span: spanOf(c), uses: found.map(spanOf), ...(impure ? { impure } : {}), ...(modified ? { modified } : {}) });
  });
  return { decls, blocks, ...(statics.length ? { statics } : {}) };
}
