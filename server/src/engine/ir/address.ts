// Which integer locals only form addresses: a variable whose every use is a subscript, a
// pointer offset, a loop bound or a condition, or the initialiser of another such variable
// (`int off = c % k; int row = off + h * k; out[row] = ...`). Computing them is address
// arithmetic, not work: no int ops and no MACs (README "How figures are defined"). A use in
// data arithmetic, a store of its value, a call argument or a return makes it data.

import type { SyntaxNode } from "../syntax/parser";
import { readDeclarator } from "./declarations";

const STATEMENT = /(_statement|^declaration|^function_definition|^translation_unit)$/;

/** Names of integer locals (declared in `body` with an int type, or parameters) used only as addresses. */
export function addressOnlyLocals(body: SyntaxNode, isIntDeclaration: (decl: SyntaxNode) => boolean, params: readonly SyntaxNode[] = [], allParams = false): Set<string> {
  const candidates = new Map<string, SyntaxNode[]>(); // name -> declarators
  const assigned = assignedNames(body.text);

  // Integer parameters too: `row -= pad;` in a pixel helper only moves an index.
  for (const p of params) {
    if (!isIntDeclaration(p)) continue;
    const x = p.childForFieldName("declarator");
    const dd = x && readDeclarator(x);
    // A parameter matters when the body computes with it (`row -= pad;`), or for a callee's
    // arguments (`allParams`, see calls.ts addressParams).
    if (dd && dd.derivations.length === 0 && (allParams || assigned.statements.has(dd.name))) candidates.set(dd.name, [dd.nameNode]);
  }
  for (const d of body.descendantsOfType("declaration")) {
    if (!d || !isIntDeclaration(d)) continue;
    for (const x of d.childrenForFieldName("declarator")) {
      const dd = x && readDeclarator(x);
      // Only a local whose computation could count as work needs the use analysis: one
      // initialised with arithmetic, or assigned later (an index initialised with a plain
      // value or an affine expression of loop variables is address arithmetic anyway).
      if (!dd || dd.derivations.length !== 0) continue;
      if (dd.value ? !/[-+*/%<>&|^]/.test(dd.value.text) && !assigned.anywhere.has(dd.name) : !assigned.statements.has(dd.name)) continue;
      const list = candidates.get(dd.name);
      if (list) list.push(dd.nameNode); else candidates.set(dd.name, [dd.nameNode]);
    }
  }
  if (candidates.size === 0) return new Set();
  // Each use: "index", "data", or the name of the variable whose value it feeds.
  const uses = new Map<string, (string | true | false)[]>();
  const declared = new Set([...candidates.values()].flat().map((n) => n.startIndex));
  for (const id of body.descendantsOfType("identifier")) {
    if (!id || !candidates.has(id.text) || declared.has(id.startIndex)) continue;
    const list = uses.get(id.text);
    // (Pushed, not copied: thousands of `int i` loops in one function made this quadratic.)
    if (list) list.push(classify(id)); else uses.set(id.text, [classify(id)]);
  }
  // Fixpoint: a variable is address-only when every use is an index use or feeds one.
  const result = new Set<string>([...candidates.keys()]);
  for (let changed = true; changed;) {
    changed = false;
    for (const name of [...result]) {
      const u = uses.get(name) ?? [];
      if (u.some((x) => x === false || (typeof x === "string" && !result.has(x)))) { result.delete(name); changed = true; }
    }
  }
  return result;
}

/** How one use of a variable is used: true = address or control, false = data, name = feeds that variable. */
function classify(id: SyntaxNode): string | boolean {
  let child: SyntaxNode = id;
  for (let p = id.parent; p; child = p, p = p.parent) {
    const is = (field: string) => p!.childForFieldName(field)?.equals(child) ?? false;
    switch (p.type) {
      case "subscript_expression":
        if (is("index")) return true;
        return false; // the variable is the array?
      case "pointer_expression":
        return p.childForFieldName("operator")?.text !== "&"; // *(p + off); &off lets anything read it
      case "init_declarator": {
        if (!is("value")) return false;
        const d = p.childForFieldName("declarator");
        const dd = d && readDeclarator(d);
        if (!dd) return false;
        return dd.derivations.length > 0 ? true : dd.name; // a pointer initialiser is an offset
      }
      case "assignment_expression": {
        if (!is("right")) return true; // the variable being assigned: not a use of its value
        const l = p.childForFieldName("left");
        if (l?.type === "identifier") return l.text;
        return false; // stored to memory
      }
      case "update_expression": return true;
      case "for_statement": case "while_statement": case "do_statement": case "if_statement": case "switch_statement":
        return is("condition") || p.type === "for_statement" && !is("body");
      case "conditional_expression":
        if (is("condition")) return true;
        continue;
      case "binary_expression": {
        const o = p.childForFieldName("operator")?.text ?? "";
        if (["<", "<=", ">", ">=", "==", "!=", "&&", "||"].includes(o)) return true; // a comparison: control
        continue;
      }
      case "call_expression": case "return_statement": case "expression_statement":
        return false;
      default:
        if (STATEMENT.test(p.type)) return false;
        continue;
    }
  }
  return false;
}

/**
 * The names assigned or stepped in the text of a body (a cheap textual test), read in one pass:
 * `anywhere` (`x = `, `x += `, `x++`, `--x`), and `statements`, only assignments that start a
 * statement (`row = ...;`, not a `for` header's `i = 0` or `i++`: a loop variable's own steps are
 * never counted as work). One pass, not one search per declaration: a function of thousands of
 * `for (int i = 0; ...)` loops declares thousands of candidates (quadratic before: 8 s of a 36 KB
 * document's hover, found by the fuzzer).
 */
function assignedNames(text: string): { anywhere: Set<string>; statements: Set<string> } {
  const anywhere = new Set<string>(), statements = new Set<string>();
  for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*(?:[-+*/%&|^]?=(?=[^=])|\+\+|--)/g)) anywhere.add(m[1]);
  for (const m of text.matchAll(/(?:\+\+|--)\s*([A-Za-z_]\w*)\b/g)) anywhere.add(m[1]);
  for (const m of text.matchAll(/(?:^|[;{}])\s*([A-Za-z_]\w*)\s*[-+*/%&|^]?=(?=[^=])/g)) statements.add(m[1]);
  return { anywhere, statements };
}
