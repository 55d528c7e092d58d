// Syntax-level pieces of the rewrites that follow variables through the C source (the pointer
// walks of whileToFor.ts, the declarations privatize.ts moves): statements, assignments,
// declarations and the identifiers naming a variable, read from the tree-sitter tree.

import type { SyntaxNode } from "../syntax/parser";
import { readDeclarator } from "../ir/declarations";
import { deleteWithLine, type TextEdit } from "./common";

export interface Range { readonly start: number; readonly end: number }

/** Whether an expression has no effect: no call, assignment or increment in it. */
export const pure = (n: SyntaxNode) => !["call_expression", "assignment_expression", "update_expression"].some((t) => n.type === t || n.descendantsOfType(t).length > 0);

/** Whether node `x` lies inside node `o`. */
export const within = (x: SyntaxNode, o: SyntaxNode) => x.startIndex >= o.startIndex && x.endIndex <= o.endIndex;

/** The for, while or do loop whose body is the block `b`, or null. */
export function loopOfBody(b: SyntaxNode | null | undefined): SyntaxNode | null {
  const p = b?.type === "compound_statement" ? b.parent : null;
  return p && ["for_statement", "while_statement", "do_statement"].includes(p.type) && p.childForFieldName("body")?.startIndex === b!.startIndex ? p : null;
}

/** The statement `name = E;` whose left side is the identifier `m`, with E not reading name: its statement and E; else null. */
export function assignmentAt(m: SyntaxNode, name: string): { stmt: SyntaxNode; value: SyntaxNode } | null {
  const stmt = statementOf(m);
  const value = stmt && assignmentOf(stmt, name);
  if (!stmt || !value || stmt.namedChildren[0]?.childForFieldName("left")?.startIndex !== m.startIndex || mentionsIn(value, name).length) return null;
  return { stmt, value };
}

/** The statement holding `n` whose parent is a block (or the function body). */
export function statementOf(n: SyntaxNode): SyntaxNode | null {
  for (let p: SyntaxNode | null = n; p; p = p.parent) if (p.parent?.type === "compound_statement") return p;
  return null;
}

/** A variable declared in a block of the function: its declaration, the declarator, and every later identifier naming it in that block. */
export interface Variable { readonly name: string; readonly decl: SyntaxNode; readonly declarator: SyntaxNode; readonly value: SyntaxNode | null; readonly mentions: readonly SyntaxNode[] }

/** The identifiers naming `name` inside `node`. */
export const mentionsIn = (node: SyntaxNode, name: string) => node.descendantsOfType("identifier").filter((x): x is SyntaxNode => !!x && x.text === name);

/** The variable a declarator of `decl` declares: its mentions are the identifiers naming it after the declaration, in its block. */
export function variableFrom(decl: SyntaxNode, declarator: SyntaxNode, name: string): Variable {
  const scope = decl.parent ?? decl;
  const mentions = scope.descendantsOfType("identifier").filter((x): x is SyntaxNode => !!x && x.text === name && x.startIndex >= decl.endIndex);
  return { name, decl, declarator, value: readDeclarator(declarator)?.value ?? null, mentions };
}

/** The edits removing declarators from their declarations: a declaration left with none goes, line and all. */
export function removeDeclarators(text: string, vs: readonly Variable[]): TextEdit[] {
  const byDecl = new Map<SyntaxNode, Set<number>>();
  for (const v of vs) {
    const set = byDecl.get(v.decl) ?? new Set<number>();
    set.add(v.declarator.startIndex);
    byDecl.set(v.decl, set);
  }
  return [...byDecl].map(([decl, gone]) => {
    const ds = decl.childrenForFieldName("declarator").filter((x): x is SyntaxNode => !!x);
    const kept = ds.filter((x) => !gone.has(x.startIndex));
    if (!kept.length) return deleteWithLine(text, { start: decl.startIndex, end: decl.endIndex });
    return { start: decl.startIndex, end: decl.endIndex, newText: `${text.slice(decl.startIndex, ds[0].startIndex)}${kept.map((x) => x.text).join(", ")};` };
  });
}

/** `name = E;` as a statement of a block, or null. */
export function assignmentOf(stmt: SyntaxNode, name: string): SyntaxNode | null {
  if (stmt.type !== "expression_statement") return null;
  const e = stmt.namedChildren[0];
  if (e?.type !== "assignment_expression" || e.childForFieldName("operator")?.text !== "=" || e.childForFieldName("left")?.text !== name) return null;
  return e.childForFieldName("right");
}
