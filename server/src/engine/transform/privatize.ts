// Privatize: a scalar declared at the top of the function (C89 style) that only one loop uses,
// and that each iteration of that loop sets before anything reads it, is declared where it is
// set, in the loop body:
//   float m; int c, r;                                int c, r;
//   for (c..) { m = x[c]; for (r..) if (...) m = ...;    ->    for (c..) { float m = x[c]; for (r..) if (...) m = ...;
//               y[c] = m; }                                            y[c] = m; }
// It changes nothing the program computes: the variable never carried a value from one
// iteration to the next, nor out of the loop. It gives the rewrites that work on a scalar of a
// loop body (accumulate in place, scalar expansion: accumulateInPlace.ts, scalarExpand.ts) the
// function-scope temporaries of real code (PolyBench's temp2, a column's running max).
// Legal when: the declaration is the only one of that name in the function, of a plain local
// (not static, extern, volatile or const, not an array), with no initialiser or a pure one; every
// mention is inside the body of one loop of the nest (the innermost holding them all), the first
// is `name = E;` (E not reading name), a statement of that body; nothing takes its address, no
// macro names it, and the function has no goto or label (a jump could skip the assignment).

import type { SyntaxNode } from "../syntax/parser";
import { readDeclarator } from "../ir/declarations";
import { applyEdits, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";
import { assignmentOf, mentionsIn, pure, removeDeclarators, statementOf, variableFrom } from "./cst";

const LOOPS = ["for_statement", "while_statement", "do_statement"];

interface Plan {
  readonly edits: TextEdit[];
  readonly line: number;
  readonly loopLine: number;
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
  // The innermost loop whose body holds every mention.
  const within = (x: SyntaxNode, o: SyntaxNode) => x.startIndex >= o.startIndex && x.endIndex <= o.endIndex;
  const mentions = [...v.mentions].sort((a, b) => a.startIndex - b.startIndex);
  let loopBody: SyntaxNode | null = null;
  for (let p: SyntaxNode | null = mentions[0].parent; p && p !== body; p = p.parent) {
    const lb = LOOPS.includes(p.type) ? p.childForFieldName("body") : null;
    if (lb?.type === "compound_statement" && mentions.every((m) => within(m, lb))) { loopBody = lb; break; }
  }
  if (!loopBody) return `${name} is used outside the body of one loop (lines ${[...new Set(mentions.map((m) => m.startPosition.row + 1))].join(", ")}): its value may flow out of the loop`;
  const loop = loopBody.parent!;
  if (loop.startIndex < nest.root.span.start || loop.endIndex > nest.root.span.end) return `the loop using ${name} (line ${loop.startPosition.row + 1}) is not in nest ${nest.id}`;
  const s = statementOf(mentions[0]);
  const rhs = s && assignmentOf(s, name);
  if (!s || s.parent !== loopBody || !rhs || s.namedChildren[0]?.childForFieldName("left")?.startIndex !== mentions[0].startIndex || mentionsIn(rhs, name).length)
    return `the loop at line ${loop.startPosition.row + 1} does not start by setting ${name} (\`${name} = value;\` before any other use, line ${mentions[0].startPosition.row + 1}): its value may flow from one iteration to the next`;
  const spelled = (declarator.type === "init_declarator" ? declarator.childForFieldName("declarator")! : declarator).text;
  const edits: TextEdit[] = [
    { start: s.startIndex, end: s.endIndex, newText: `${type} ${spelled} = ${rhs.text};` },
    ...removeDeclarators(text, [v]),
  ];
  return { edits, line: s.startPosition.row + 1, loopLine: loop.startPosition.row + 1 };
}

export function privatize(ctx: TransformContext, name: string): TransformResult {
  const plan = checkPrivatize(ctx, name);
  if (typeof plan === "string") return refuse(plan);
  return {
    ok: true,
    title: `Declare ${name} in the loop at line ${plan.loopLine}, where each iteration sets it (line ${plan.line})`,
    edits: plan.edits, text: applyEdits(ctx.text, plan.edits),
    notes: [],
  };
}
