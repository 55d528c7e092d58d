// Privatize: a scalar declared at the top of the function (C89 style) that each loop using it
// sets, in each iteration, before anything reads it, is declared where it is set, in the loop
// body:
//   float m; int c, r;                                int c, r;
//   for (c..) { m = x[c]; for (r..) if (...) m = ...;    ->    for (c..) { float m = x[c]; for (r..) if (...) m = ...;
//               y[c] = m; }                                            y[c] = m; }
// It changes nothing the program computes: the variable never carried a value from one
// iteration to the next, nor out of the loop. It gives the rewrites that work on a scalar of a
// loop body (accumulate in place, scalar expansion: accumulateInPlace.ts, scalarExpand.ts) the
// function-scope temporaries of real code (PolyBench's temp2, a column's running max).
// A temporary reused by several loops (ludcmp's w) is declared in each of them (one rewrite).
// Legal when: the declaration is the only one of that name in the function, of a plain local
// (not static, extern, volatile or const, not an array), with no initialiser or a pure one; its
// mentions fall into loops that each set it first: from each such mention `name = E;` (E not
// reading name, a statement of a loop body) that loop's body holds the mentions up to its end,
// and no mention is outside those loops (nothing reads a value a loop left); one of the loops is
// in the nest; nothing takes its address, no macro names it, and the function has no goto or
// label (a jump could skip the assignment).

import type { SyntaxNode } from "../syntax/parser";
import { readDeclarator } from "../ir/declarations";
import { applyEdits, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";
import { assignmentAt, loopOfBody, pure, removeDeclarators, variableFrom, within } from "./cst";

interface Plan {
  readonly edits: TextEdit[];
  /** The loops that now declare it. */
  readonly lines: readonly number[];
}

export function checkPrivatize(ctx: TransformContext, name: string): Plan | string {
  const { text, nest } = ctx;
  const fn = ctx.functionAt?.(nest.root.span.start);
  const body = fn?.childForFieldName("body");
  if (!fn || !body) return `the function of nest ${nest.id} is not found in the syntax tree`;
  const decls: { decl: SyntaxNode; declarator: SyntaxNode }[] = [];
  for (const d of body.descendantsOfType("declaration"))
    for (const x of d?.childrenForFieldName("declarator") ?? []) if (d && x && readDeclarator(x)?.name === name) decls.push({ decl: d, declarator: x });
  if (decls.length === 0) return `${name} is not declared in the body of the function (a parameter or a global keeps its declaration)`;
  if (decls.length > 1) return `${name} is declared ${decls.length} times in the function (lines ${decls.map((d) => d.decl.startPosition.row + 1).join(", ")})`;
  const { decl, declarator } = decls[0];
  if (decl.parent?.type !== "compound_statement") return `${name} is declared in the header of a loop`;
  const d = readDeclarator(declarator)!;
  if (d.isFunction || d.derivations.some((x) => x.kind === "array")) return `${name} is not a scalar`;
  const first = decl.childrenForFieldName("declarator")[0]!;
  const type = text.slice(decl.startIndex, first.startIndex).replace(/\s+/g, " ").trim();
  if (/\b(static|extern|volatile|const|register)\b/.test(type)) return `${name} is declared ${type}`;
  if (d.value && !pure(d.value)) return `the initialiser of ${name} (${d.value.text}) has side effects`;
  const v = variableFrom(decl, declarator, name);
  if (!v.mentions.length) return `${name} is not used`;
  if (fn.descendantsOfType(["goto_statement", "labeled_statement"]).length) return `the function has a goto or a label: a jump could skip the assignment of ${name}`;
  if (new RegExp(`^[ \\t]*#[ \\t]*define\\b.*\\b${name}\\b`, "m").test(text)) return `a macro names ${name}`;
  for (const m of v.mentions) if (m.parent?.type === "pointer_expression" && m.parent.text.startsWith("&")) return `the address of ${name} is taken (line ${m.startPosition.row + 1})`;
  // The loops that set it first: from the first mention on, each must be `name = E;` (E not
  // reading name), a statement of a loop body, and that loop holds the mentions up to its end.
  const mentions = [...v.mentions].sort((a, b) => a.startIndex - b.startIndex);
  const regions: { loop: SyntaxNode; set: SyntaxNode; rhs: SyntaxNode }[] = [];
  for (let k = 0; k < mentions.length;) {
    const m = mentions[k];
    const set = assignmentAt(m, name);
    const body = set?.stmt.parent;
    const loop = loopOfBody(body);
    if (!set || !loop)
      return `${name} is used at line ${m.startPosition.row + 1} where no loop has just set it (\`${name} = value;\` first in a loop body): its value may flow from one iteration, or one loop, to the next`;
    regions.push({ loop, set: set.stmt, rhs: set.value });
    while (k < mentions.length && within(mentions[k], body!)) k++;
    if (k < mentions.length && mentions[k].startIndex < loop.endIndex) return `${name} is used in the header of the loop at line ${loop.startPosition.row + 1}`;
  }
  const inNest = regions.filter((r) => r.loop.startIndex >= nest.root.span.start && r.loop.endIndex <= nest.root.span.end);
  if (!inNest.length) return `no loop of nest ${nest.id} sets ${name} first`;
  const spelled = (declarator.type === "init_declarator" ? declarator.childForFieldName("declarator")! : declarator).text;
  const edits: TextEdit[] = [
    ...regions.map((r) => ({ start: r.set.startIndex, end: r.set.endIndex, newText: `${type} ${spelled} = ${r.rhs.text};` })),
    ...removeDeclarators(text, [v]),
  ];
  return { edits, lines: regions.map((r) => r.loop.startPosition.row + 1) };
}

export function privatize(ctx: TransformContext, name: string): TransformResult {
  const plan = checkPrivatize(ctx, name);
  if (typeof plan === "string") return refuse(plan);
  return {
    ok: true,
    title: `Declare ${name} in the loop${plan.lines.length > 1 ? "s" : ""} at line${plan.lines.length > 1 ? "s" : ""} ${plan.lines.join(", ")}, where each iteration sets it first`,
    edits: plan.edits, text: applyEdits(ctx.text, plan.edits),
    notes: [],
  };
}
