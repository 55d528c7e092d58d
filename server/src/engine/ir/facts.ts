// File-level facts: object-like #defines (with arithmetic), enum constants, const integer
// globals, typedefs, function-like macro names, functions, global arrays, the in-source
// assumption comment `// loopsmith: assume N=64, C=3`, and -D values from the caller.
// Precedence of values: source definitions < assumption comments < caller's defines.

import type { Parser } from "web-tree-sitter";
import type { SyntaxNode, Tree } from "../syntax/parser";
import { Poly } from "../symbolic/poly";
import { Rational } from "../symbolic/rational";
import { INT, UNKNOWN_TYPE, scalarType } from "./ctypes";
import { readDeclarator, type Declarator } from "./declarations";
import { integerLiteral, isReason, literalType, toAffine } from "./expr";
import { Scope, type FileFacts } from "./scope";
import type { ArrayInfo, CType, Unknown } from "./types";

export interface FileContext {
  readonly facts: FileFacts;
  readonly globals: Scope;
  readonly problems: Unknown[];
}

/** Items at file level, looking through #if/#ifdef blocks and extern "C" style wrappers. */
export function* topLevel(root: SyntaxNode): Generator<SyntaxNode> {
  for (const c of root.namedChildren) {
    if (!c) continue;
    if (/^preproc_(if|ifdef|else|elif|elifdef)$/.test(c.type) || c.type === "linkage_specification" || c.type === "declaration_list") yield* topLevel(c);
    else yield c;
  }
}

export function resolveType(facts: FileFacts, spelling: string): CType {
  const s = spelling.replace(/\b(const|volatile|static|register|extern|inline|restrict|__restrict__|__restrict|_Alignas\([^)]*\))\b/g, " ").replace(/\s+/g, " ").trim();
  return scalarType(s) ?? facts.typedefs.get(s) ?? UNKNOWN_TYPE;
}

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

export function collectFacts(tree: Tree, parser: Parser, defines: ReadonlyMap<string, Rational>, pure: Iterable<string> = []): FileContext {
  const facts: FileFacts = {
    values: new Map(), macroTypes: new Map(), functionMacros: new Set(), functions: new Map(),
    typedefs: new Map(), order: new Map(), assumed: new Set(), pure: new Set(pure),
  };
  const problems: Unknown[] = [];
  const globals = new Scope();
  const root = tree.rootNode;
  const macroValues: { name: string; value: string }[] = [];
  let rank = 0;
  const see = (name: string) => { if (!facts.order.has(name)) facts.order.set(name, rank++); };

  for (const item of topLevel(root)) {
    switch (item.type) {
      case "preproc_def": {
        const name = item.childForFieldName("name")?.text;
        const value = (item.childForFieldName("value")?.text ?? "").replace(/\/\*.*?\*\/|\/\/.*$/gs, "").trim();
        if (!name) break;
        see(name);
        const asType = scalarType(value) ?? facts.typedefs.get(value);
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
        for (const d of item.childrenForFieldName("declarator")) {
          const dd = d && readDeclarator(d);
          if (dd && dd.derivations.length === 0) facts.typedefs.set(dd.name, t);
        }
        enums(item);
        break;
      }
      case "function_definition": {
        const d = item.childForFieldName("declarator");
        const dd = d && readDeclarator(d);
        const t = resolveType(facts, item.childForFieldName("type")?.text ?? "");
        if (dd) facts.functions.set(dd.name, { returnType: dd.derivations.some((x) => x.kind === "pointer") ? { base: "*", kind: "pointer", bytes: 8 } : t, defined: true });
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
          } else if (t.kind === "int" && !dd.value) {
            globals.define(dd.name, { kind: "symbol", type: t }); // e.g. `int n;` set elsewhere: a symbol here
          } else {
            globals.define(dd.name, { kind: "scalar", type: dd.derivations.length ? { base: "*", kind: "pointer", bytes: 8 } : t, assigned: true });
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
  for (const fn of root.descendantsOfType("function_definition")) {
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

  // `// loopsmith: assume N=64, C=3` anywhere in the file; `// loopsmith: pure f, g`.
  for (const c of root.descendantsOfType("comment")) {
    const pm = /loopsmith:\s*pure\s+(.*?)(\*\/)?$/s.exec(c?.text ?? "");
    if (pm) for (const f of pm[1].split(/[,\s]+/).filter(Boolean)) facts.pure.add(f);
    const m = /loopsmith:\s*assume\s+(.*?)(\*\/)?$/s.exec(c?.text ?? "");
    if (!m) continue;
    for (const part of m[1].split(/[,\s]+/).filter(Boolean)) {
      const kv = /^([A-Za-z_]\w*)=(-?\d+)$/.exec(part);
      if (kv) { facts.values.set(kv[1], Rational.of(BigInt(kv[2]))); facts.assumed.add(kv[1]); }
      else problems.push({ what: "assumption", reason: `cannot read "${part}" in the assume comment (write NAME=INTEGER)`, line: (c?.startPosition.row ?? 0) + 1 });
    }
  }
  for (const [k, v] of defines) { facts.values.set(k, v); facts.assumed.add(k); }
  for (const k of facts.values.keys()) see(k);
  return { facts, globals, problems };
}
