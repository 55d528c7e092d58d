// Every place a file names one array: its declarations (with the text span of each dimension's
// size), its whole-element references (`I[c][x + i][y + j]`, with the span of each subscript),
// the calls it is passed to, and every other use (an escape: a row `I[c]`, an address, a pointer
// copy, a macro body). Plain data for transform/relayout.ts, which decides what is safe.
//
// Invariant: every identifier token equal to the name is accounted for in exactly one list
// (field names and type names are other tokens); anything not understood is an escape.

import type { SyntaxNode } from "../syntax/parser";

export interface Span { readonly start: number; readonly end: number; readonly text: string }

export interface ArrayDecl {
  readonly line: number;
  /** `global`, `param` (of a definition or a prototype) or `local`. */
  readonly scope: "global" | "param" | "local";
  /** The function whose parameter or local it is (the prototype's name for a prototype). */
  readonly fn: string | null;
  /** Sizes, outermost dimension first; null for an empty `[]`. */
  readonly sizes: readonly (Span | null)[];
  /** Why it cannot be rewritten as an array of dimensions (a pointer, an initialiser, a typedef), or null. */
  readonly problem: string | null;
  readonly storage: string | null;
}

export interface ArrayRef { readonly line: number; readonly text: string; readonly start: number; readonly end: number; readonly indices: readonly Span[]; readonly fn: string | null }
export interface ArrayCall {
  readonly line: number; readonly text: string; readonly callee: string; readonly arg: number;
  /** The array whose whole size the last argument is (`sizeof I`, `sizeof(I)`), if it is one. */
  readonly lastIsSizeOf: string | null;
}
/** A call to a function of the file that has a parameter of the name: what it passes there. */
export interface ParamCall { readonly line: number; readonly text: string; readonly callee: string; readonly argument: string | null }
export interface ArrayEscape { readonly line: number; readonly text: string; readonly why: string }

export interface ArrayUses {
  readonly decls: readonly ArrayDecl[];
  readonly refs: readonly ArrayRef[];
  readonly calls: readonly ArrayCall[];
  readonly escapes: readonly ArrayEscape[];
  readonly paramCalls: readonly ParamCall[];
  /** Functions defined in the file: name -> parameter names in order. */
  readonly functions: ReadonlyMap<string, readonly (string | null)[]>;
}

const lineOf = (n: SyntaxNode) => n.startPosition.row + 1;
const span = (n: SyntaxNode): Span => ({ start: n.startIndex, end: n.endIndex, text: n.text });

/** The name a declarator declares (through arrays, pointers, parentheses, functions). */
function declaredName(d: SyntaxNode | null): SyntaxNode | null {
  while (d && d.type !== "identifier") d = d.childForFieldName("declarator") ?? (d.type === "parenthesized_declarator" ? d.namedChild(0) : null);
  return d;
}

export function arrayUses(root: SyntaxNode, name: string): ArrayUses {
  const decls: ArrayDecl[] = [], refs: ArrayRef[] = [], calls: ArrayCall[] = [], escapes: ArrayEscape[] = [], paramCalls: ParamCall[] = [];
  const functions = new Map<string, (string | null)[]>();
  for (const fn of root.descendantsOfType("function_definition")) {
    const fd = fn?.childForFieldName("declarator");
    let f: SyntaxNode | null = fd ?? null;
    while (f && f.type !== "function_declarator") f = f.childForFieldName("declarator");
    const fname = declaredName(f);
    const params = f?.childForFieldName("parameters");
    if (fname && params) functions.set(fname.text, params.namedChildren.filter((p): p is SyntaxNode => p?.type === "parameter_declaration").map((p) => declaredName(p.childForFieldName("declarator"))?.text ?? null));
  }
  for (const call of root.descendantsOfType("call_expression")) {
    const callee = call?.childForFieldName("function");
    const params = callee?.type === "identifier" ? functions.get(callee.text) : undefined;
    const k = params?.indexOf(name) ?? -1;
    if (!call || !callee || k < 0) continue;
    const args = call.childForFieldName("arguments")?.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== "comment") ?? [];
    paramCalls.push({ line: lineOf(call), text: call.text, callee: callee.text, argument: args[k]?.text ?? null });
  }
  const enclosingFunction = (n: SyntaxNode): string | null => {
    for (let p: SyntaxNode | null = n.parent; p; p = p.parent) {
      if (p.type === "function_definition" || (p.type === "declaration" && p.parent?.type === "translation_unit")) {
        let f: SyntaxNode | null = p.childForFieldName("declarator");
        while (f && f.type !== "function_declarator") f = f.childForFieldName("declarator");
        return f ? declaredName(f)?.text ?? null : null;
      }
    }
    return null;
  };
  // Macro bodies are text the parser does not read: a use there cannot be rewritten.
  const word = new RegExp(`\\b${name}\\b`);
  for (const m of root.descendantsOfType(["preproc_def", "preproc_function_def"])) {
    const body = m?.childForFieldName("value");
    if (m && body && word.test(body.text)) escapes.push({ line: lineOf(m), text: m.text.trim(), why: `the macro ${m.childForFieldName("name")?.text} uses ${name}, and macro bodies are not rewritten` });
  }
  for (const id of root.descendantsOfType("identifier")) {
    if (!id || id.text !== name) continue;
    const parent = id.parent;
    if (!parent) continue;
    // A declarator: climb to the declaration.
    if (["array_declarator", "pointer_declarator", "init_declarator", "parenthesized_declarator", "function_declarator", "declaration", "parameter_declaration", "field_declaration"].includes(parent.type)
        && (parent.childForFieldName("declarator")?.equals(id) || parent.type === "parenthesized_declarator")) {
      decls.push(declaration(id));
      continue;
    }
    // A whole chain of subscripts.
    let top: SyntaxNode = id;
    const indices: Span[] = [];
    while (top.parent?.type === "subscript_expression" && top.parent.childForFieldName("argument")?.equals(top)) {
      top = top.parent;
      const ix = top.childForFieldName("index");
      if (!ix) break;
      indices.push(span(ix)); // climbing outward meets the outermost dimension's subscript first
    }
    const up = top.parent;
    if (indices.length > 0) {
      const addressed = up?.type === "pointer_expression" && up.child(0)?.text === "&";
      refs.push({ line: lineOf(top), text: top.text, start: top.startIndex, end: top.endIndex, indices, fn: enclosingFunction(top) });
      if (addressed) escapes.push({ line: lineOf(up!), text: up!.text, why: `${up!.text} takes the address of an element: pointer arithmetic from it depends on the layout` });
      continue;
    }
    // The bare name.
    let p = parent;
    while (p.type === "parenthesized_expression" && p.parent) p = p.parent;
    if (p.type === "sizeof_expression") continue; // the whole array's size does not change
    if (p.type === "argument_list" && p.parent?.type === "call_expression") {
      const call = p.parent;
      const callee = call.childForFieldName("function");
      const arg = p.namedChildren.findIndex((c) => c && (c.equals(id) || (c.startIndex <= id.startIndex && c.endIndex >= id.endIndex)));
      const last = p.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== "comment").pop();
      let v = last?.type === "sizeof_expression" ? last.childForFieldName("value") ?? last.childForFieldName("type") : null;
      while (v?.type === "parenthesized_expression") v = v.namedChild(0);
      calls.push({ line: lineOf(call), text: call.text, callee: callee?.type === "identifier" ? callee.text : callee?.text ?? "?", arg, lastIsSizeOf: v?.type === "identifier" ? v.text : null });
      continue;
    }
    if (p.type === "field_expression" || p.type === "goto_statement" || p.type === "labeled_statement") continue;
    escapes.push({ line: lineOf(id), text: p.text.length > 80 ? `${p.text.slice(0, 77)}...` : p.text, why: `${name} is used as a pointer here` });
  }
  return { decls, refs, calls, escapes, paramCalls, functions };

  function declaration(id: SyntaxNode): ArrayDecl {
    const sizes: (Span | null)[] = [];
    let problem: string | null = null;
    let holder: SyntaxNode | null = null;
    for (let p = id.parent; p; p = p.parent) {
      if (p.type === "array_declarator") { const s = p.childForFieldName("size"); sizes.push(s ? span(s) : null); continue; }
      if (p.type === "pointer_declarator" || p.type === "parenthesized_declarator") { problem ??= `${name} is declared as a pointer (${p.text}): its layout is in the index arithmetic, which is not rewritten`; continue; }
      if (p.type === "function_declarator") { problem ??= `${name} is a function`; continue; }
      if (p.type === "init_declarator") { if (p.childForFieldName("value")) problem ??= `${name} has an initialiser, whose element order is the layout`; continue; }
      holder = p;
      break;
    }
    const scope: ArrayDecl["scope"] = holder?.type === "parameter_declaration" ? "param" : holder?.parent?.type === "translation_unit" ? "global" : "local";
    if (holder?.type === "field_declaration") problem ??= `${name} is a struct field`;
    if (sizes.length === 0) problem ??= `${name} is not declared as an array with its dimensions (${holder?.text ?? id.text})`;
    const storage = holder?.namedChildren.find((c) => c?.type === "storage_class_specifier")?.text ?? null;
    if (holder?.namedChildren.some((c) => c?.type === "type_identifier") && sizes.length === 0) problem ??= `${name}'s type is a type name: its dimensions are not in the declaration`;
    return { line: lineOf(id), scope, fn: scope === "global" ? null : enclosingFunction(id), sizes, problem, storage };
  }
}
