// File-level facts: object-like #defines (with arithmetic), enum constants, const integer
// globals, typedefs, function-like macro names, functions, global arrays, the in-source
// assumption comment `// loopsmith: assume N=64, C=3`, and -D values from the caller.
// Precedence of values: source definitions < assumption comments < caller's defines.

import type { Parser } from "web-tree-sitter";
import type { SyntaxNode, Tree } from "../syntax/parser";
import { Poly } from "../symbolic/poly";
import { Rational } from "../symbolic/rational";
import { INT, UNKNOWN_TYPE, pointerType, resolveType, scalarType, type DataModel } from "./ctypes";
import { readDeclarator, type Declarator } from "./declarations";
import { integerLiteral, isReason, literalType, toAffine } from "./expr";
import { Scope, type FileFacts, type StructField, type StructVar } from "./scope";
import type { ArrayInfo, CType, Unknown } from "./types";

export interface FileContext {
  readonly facts: FileFacts;
  readonly globals: Scope;
  readonly problems: Unknown[];
  /** Assumptions or defines were checked against the names of the file (edits anywhere may change that). */
  readonly namesChecked?: boolean;
}

const written = new WeakMap<Tree, Set<string>>();

/** Names assigned anywhere in the file (`x = ..`, `x += ..`, `x++`): a global int written there is no size symbol. */
function writtenIn(root: SyntaxNode): Set<string> {
  let s = written.get(root.tree);
  if (!s) {
    s = new Set();
    for (const a of root.descendantsOfType(["assignment_expression", "update_expression"])) {
      let t = a && (a.type === "assignment_expression" ? a.childForFieldName("left") : a.childForFieldName("argument"));
      while (t && t.type === "parenthesized_expression") t = t.namedChild(0);
      if (t?.type === "identifier") s.add(t.text);
    }
    written.set(root.tree, s);
  }
  return s;
}

/** Items at file level, looking through #if/#ifdef blocks and extern "C" style wrappers. */
export function* topLevel(root: SyntaxNode): Generator<SyntaxNode> {
  for (const c of root.namedChildren) {
    if (!c) continue;
    if (/^preproc_(if|ifdef|else|elif|elifdef)$/.test(c.type) || c.type === "linkage_specification" || c.type === "declaration_list") yield* topLevel(c);
    else yield c;
  }
}

export { resolveType };

/** Turns a declarator into an array description (or null for a plain scalar). */
export function arrayOf(d: Declarator, element: CType, scope: Scope, facts: FileFacts, isParameter: boolean, line: number): ArrayInfo | null {
  if (d.derivations.length === 0 || d.isFunction) return null;
  // derivations run from the name outward: `(*A)[M]` is [pointer, array M]; `**p` is [pointer, pointer].
  const dims: (Poly | null)[] = [];
  let discontiguous: string | undefined;
  d.derivations.forEach((dv, i) => {
    if (dv.kind === "pointer") {
      dims.push(null);
      if (i > 0) discontiguous = `${d.name} is an array of pointers (rows are not contiguous in memory)`;
    } else {
      const sz = dv.size ? toAffine(dv.size, scope, facts) : null;
      dims.push(sz && !isReason(sz) ? sz : null);
    }
  });
  return { name: d.name, element, dims, discontiguous, isParameter, restrict: d.restrict, line };
}

/** A symbol name as the user may bind it: `N`, `l.batch`, `dims->c` (no spaces). */
export const SYMBOL_NAME = /^[A-Za-z_]\w*(?:(?:\.|->)[A-Za-z_]\w*)*$/;

/** The struct a declared type names (`dims_t`, `struct layer`, `struct { ... }`), if defined in the file. */
export function structKeyOf(facts: FileFacts, typeNode: SyntaxNode | null): string | undefined {
  if (!typeNode) return undefined;
  if (typeNode.type === "struct_specifier") {
    const name = typeNode.childForFieldName("name")?.text;
    return name ? `struct ${name}` : `struct@${typeNode.startIndex}`;
  }
  if (typeNode.type === "type_identifier") return facts.structTypedefs.get(typeNode.text);
  return undefined;
}

/** The struct tag of a declaration's variable (`const dims_t *d`, `layer l`), or undefined. */
export function structVarOf(facts: FileFacts, decl: SyntaxNode, d: Declarator): StructVar | undefined {
  const key = structKeyOf(facts, decl.childForFieldName("type"));
  if (!key || d.derivations.length > 1 || d.derivations.some((x) => x.kind === "array")) return undefined;
  const isConst = decl.children.some((c) => c?.type === "type_qualifier" && c.text === "const");
  return { key, pointer: d.derivations.length === 1, readonly: isConst };
}

export interface FactsOptions {
  /** Pointer parameters do not overlap (--assume-noalias, the loopsmith.assumeNoAlias setting). */
  readonly noalias?: boolean;
  /** How the caller's defines are named in messages (`-D`, `loopsmith.assumptions`). */
  readonly definesLabel?: string;
  /** Functions not defined in the file that have no memory or side effects (`--pure f`). */
  readonly pure?: Iterable<string>;
  /** Sizes of `long`, pointers and `size_t` (the target's data model); LP64 when absent. */
  readonly dataModel?: DataModel;
  /** Leave out every assumed value (assumption comments' sizes; the caller leaves out its defines):
   *  the IR then holds only what the source itself fixes, for rewrites that print it (whileToFor.ts). */
  readonly unassumed?: boolean;
}

export function collectFacts(tree: Tree, parser: Parser, defines: ReadonlyMap<string, Rational>, options: FactsOptions = {}): FileContext {
  const facts: FileFacts = {
    values: new Map(), macroTypes: new Map(), functionMacros: new Set(), functions: new Map(),
    typedefs: new Map(), order: new Map(), assumed: new Set(), structs: new Map(), structTypedefs: new Map(),
    noalias: !!options.noalias, pure: new Set(options.pure ?? []), dataModel: options.dataModel ?? "LP64",
  };
  const problems: Unknown[] = [];
  const globals = new Scope();
  const root = tree.rootNode;
  const macroValues: { name: string; value: string }[] = [];
  let rank = 0;
  const see = (name: string) => { if (!facts.order.has(name)) facts.order.set(name, rank++); };

  // One walk of the tree for the three kinds of node read anywhere in it (each walk is a
  // pass over every node of the file).
  const anywhere = root.descendantsOfType(["struct_specifier", "function_definition", "comment"]);
  const ofType = (type: string) => anywhere.filter((n) => n?.type === type);

  // Struct definitions anywhere (typedef'd, named, nested), fields with their types.
  for (const s of ofType("struct_specifier")) {
    const body = s?.childForFieldName("body");
    if (!s || !body) continue;
    const fields = new Map<string, StructField>();
    facts.structs.set(structKeyOf(facts, s)!, fields);
    for (const f of body.namedChildren) {
      if (f?.type !== "field_declaration") continue;
      const typeNode = f.childForFieldName("type");
      const t = resolveType(facts, typeNode?.text ?? "");
      for (const d of f.childrenForFieldName("declarator")) {
        const dd = d && readDeclarator(d);
        if (!dd) continue;
        const key = structKeyOf(facts, typeNode);
        const onePointer = dd.derivations.length === 1 && dd.derivations[0].kind === "pointer";
        fields.set(dd.name, { type: dd.derivations.length ? pointerType(facts.dataModel) : t, ...(key ? { struct: key } : {}), ...(dd.derivations.length ? { derived: true } : {}), ...(onePointer && !key ? { element: t } : {}) });
      }
    }
  }
  for (const item of topLevel(root)) {
    switch (item.type) {
      case "preproc_def": {
        const name = item.childForFieldName("name")?.text;
        const value = (item.childForFieldName("value")?.text ?? "").replace(/\/\*.*?\*\/|\/\/.*$/gs, "").trim();
        if (!name) break;
        see(name);
        const asType = scalarType(value, facts.dataModel) ?? facts.typedefs.get(value);
        if (asType) facts.typedefs.set(name, asType);
        else if (value) macroValues.push({ name, value });
        break;
      }
      case "preproc_function_def": {
        const name = item.childForFieldName("name")?.text;
        if (name) facts.functionMacros.add(name);
        break;
      }
      case "type_definition": {
        const t = resolveType(facts, item.childForFieldName("type")?.text ?? "");
        const sk = structKeyOf(facts, item.childForFieldName("type"));
        for (const d of item.childrenForFieldName("declarator")) {
          const dd = d && readDeclarator(d);
          if (dd && dd.derivations.length === 0) { facts.typedefs.set(dd.name, t); if (sk) facts.structTypedefs.set(dd.name, sk); }
        }
        enums(item);
        break;
      }
      case "function_definition": {
        const d = item.childForFieldName("declarator");
        const dd = d && readDeclarator(d);
        const t = resolveType(facts, item.childForFieldName("type")?.text ?? "");
        if (dd) facts.functions.set(dd.name, { returnType: dd.derivations.some((x) => x.kind === "pointer") ? pointerType(facts.dataModel) : t, defined: true });
        break;
      }
      case "declaration": {
        enums(item);
        const t = resolveType(facts, item.childForFieldName("type")?.text ?? "");
        const isConst = item.children.some((c) => c?.type === "type_qualifier" && c.text === "const");
        for (const d of item.childrenForFieldName("declarator")) {
          const dd = d && readDeclarator(d);
          if (!dd) continue;
          if (dd.isFunction) {
            if (!facts.functions.has(dd.name)) facts.functions.set(dd.name, { returnType: t, defined: false });
            continue;
          }
          const arr = arrayOf(dd, t, globals, facts, false, item.startPosition.row + 1);
          if (arr) { globals.define(dd.name, { kind: "array", type: t, array: arr }); continue; }
          if (isConst && t.kind === "int" && dd.value) {
            see(dd.name);
            macroValues.push({ name: dd.name, value: dd.value.text });
            globals.define(dd.name, { kind: "symbol", type: t });
          } else if (t.kind === "int" && !dd.value && !writtenIn(tree.rootNode).has(dd.name)) {
            globals.define(dd.name, { kind: "symbol", type: t }); // e.g. `int n;` set elsewhere: a symbol here
          } else {
            globals.define(dd.name, { kind: "scalar", type: dd.derivations.length ? pointerType(facts.dataModel) : t, assigned: true });
            const sv = structVarOf(facts, item, dd);
            if (sv) globals.defineStruct(dd.name, sv);
          }
        }
        break;
      }
      case "enum_specifier":
        enums(item);
        break;
      case "ERROR":
        break;
    }
  }

  // Function definitions that error recovery left inside other nodes still define functions
  // (the analysis reads them too, see functionNodes in index.ts).
  for (const fn of ofType("function_definition")) {
    const d = fn?.childForFieldName("declarator");
    const dd = d && readDeclarator(d);
    if (dd && !facts.functions.get(dd.name)?.defined)
      facts.functions.set(dd.name, { returnType: resolveType(facts, fn!.childForFieldName("type")?.text ?? ""), defined: true });
  }

  function enums(n: SyntaxNode): void {
    for (const spec of n.descendantsOfType("enum_specifier")) {
      let next = 0n;
      let known = true;
      for (const e of spec?.childForFieldName("body")?.namedChildren ?? []) {
        if (e?.type !== "enumerator") continue;
        const name = e.childForFieldName("name")?.text;
        const value = e.childForFieldName("value");
        if (!name) continue;
        see(name);
        if (value) {
          const lit = integerLiteral(value.text.trim());
          if (lit !== null) { next = lit; known = true; }
          else { macroValues.push({ name, value: value.text }); known = false; continue; }
        }
        if (known) facts.values.set(name, Rational.of(next));
        next++;
      }
    }
  }

  // Macro and const values may refer to each other: parse them all once, then evaluate
  // until nothing changes.
  if (macroValues.length > 0) {
    const snippet = macroValues.map((m, i) => `int __ls${i} = (${m.value});`).join("\n");
    const t = parser.parse(snippet);
    const decls = (t?.rootNode.namedChildren ?? []).filter((c) => c?.type === "declaration");
    const exprs = new Map<string, SyntaxNode>();
    for (const d of decls) {
      const init = d?.childForFieldName("declarator")?.childForFieldName("value");
      const m = /^__ls(\d+)$/.exec(d?.childForFieldName("declarator")?.childForFieldName("declarator")?.text ?? "");
      if (init && m) exprs.set(macroValues[Number(m[1])].name, init);
    }
    for (const m of macroValues) {
      const lit = m.value.replace(/^\((.*)\)$/, "$1").trim();
      if (/^[-+]?(\d+\.\d*|\.\d+|\d+[eE][-+]?\d+|\d+\.?\d*[eE][-+]?\d+)[fFlL]?$|^[-+]?\d+\.?\d*[fF]$/.test(lit)) facts.macroTypes.set(m.name, literalType(lit.replace(/^[-+]/, "")));
    }
    for (let pass = 0; pass < 8; pass++) {
      let changed = false;
      for (const m of macroValues) {
        if (facts.values.has(m.name) || facts.macroTypes.has(m.name)) continue;
        const e = exprs.get(m.name);
        if (!e) continue;
        const p = toAffine(e, globals, facts);
        if (isReason(p)) continue;
        const v = p.evaluate(facts.values);
        if (v && v.isInteger()) { facts.values.set(m.name, v); facts.macroTypes.set(m.name, INT); changed = true; }
      }
      if (!changed) break;
    }
  }

  // `// loopsmith: assume N=64, C=3, l.batch=3` and `// loopsmith: assume noalias` anywhere in the
  // file; `// loopsmith: pure f, g`.
  const named: { name: string; what: string; line?: number }[] = [];
  for (const c of ofType("comment")) {
    const pm = /loopsmith:\s*pure\s+(.*?)(\*\/)?$/s.exec(c?.text ?? "");
    if (pm) for (const f of pm[1].split(/[,\s]+/).filter(Boolean)) facts.pure.add(f);
    const m = /loopsmith:\s*assume\s+(.*?)(\*\/)?$/s.exec(c?.text ?? "");
    if (!m) continue;
    const line = (c?.startPosition.row ?? 0) + 1;
    for (const part of m[1].split(/[,\s]+/).filter(Boolean)) {
      const kv = /^(.+)=(-?\d+)$/.exec(part);
      if (part === "noalias") facts.noalias = true;
      else if (kv && SYMBOL_NAME.test(kv[1])) { if (options.unassumed) continue; facts.values.set(kv[1], Rational.of(BigInt(kv[2]))); facts.assumed.add(kv[1]); named.push({ name: kv[1], what: `assume ${part}`, line }); }
      else problems.push({ what: "assumption", reason: `cannot read "${part}" in the assume comment (write NAME=INTEGER, l.batch=INTEGER or noalias)`, line });
    }
  }
  for (const [k, v] of defines) { facts.values.set(k, v); facts.assumed.add(k); named.push({ name: k, what: `${options.definesLabel ?? "-D"} ${k}=${v}` }); }
  // A value for a name the file never mentions is a typo or the wrong file: say so.
  if (named.length > 0) {
    const mentioned = new Set<string>();
    for (const n of root.descendantsOfType(["identifier", "field_expression"])) if (n) mentioned.add(n.type === "identifier" ? n.text : n.text.replace(/\s+/g, ""));
    for (const d of named)
      if (!mentioned.has(d.name)) problems.push({ what: "assumption", reason: `${d.what}: no symbol ${d.name} in this file`, ...(d.line ? { line: d.line } : {}) });
  }
  for (const k of facts.values.keys()) see(k);
  return { facts, globals, problems, namesChecked: named.length > 0 };
}
