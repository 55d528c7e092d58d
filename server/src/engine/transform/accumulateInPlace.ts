// Accumulate in place: a scalar accumulator declared in a loop body and stored once at the end
// of it becomes the element it is stored to, so the nest is perfect and can be reordered
// (--layout, --permute) or register-blocked (unroll-and-jam) without an array on the stack:
//   for (i..) for (j..) { float s = 0; for (k..) s += A[i][k] * B[k][j]; C[i][j] = s; }   --accumulate-in-place s   ->
//   for (i..) for (j..) { C[i][j] = 0; for (k..) C[i][j] += A[i][k] * B[k][j]; }
// The inverse of scalar replacement (scalarReplace.ts). Legal when the element holds exactly
// what the scalar held at every point where the loop body could observe it:
// - the store `E = s;` (or `E = f(s);`, f pure: no call that may touch memory, no assignment, no
//   other array, s read once or more; it becomes `E = f(E);`) is a statement of the same body,
//   after every other use of s, and no use of s follows it;
// - E's subscripts use only the loops around and including the owner loop (fixed through the
//   body) and nothing in the body assigns them;
// - nothing else in the body reads or writes E's element in the same iteration of the owner loop
//   (another reference to E's array is allowed when the dependence test proves it never meets E
//   with the owner's loops at the same values: LU's A[i][k], A[k][j] for k < i beside A[i][j]),
//   no pointer the body reads may alias it (a parameter without restrict), and the body calls no
//   function that may touch memory;
// - E has s's type (the same rounding at every step).
// Order-preserving: the sum runs in the same order, so results are bit-identical.

import type { Access, Loop, LocalDecl, Stmt } from "../ir/types";
import { accessesWithCallees, stmtsIn } from "../analysis/loopOrder";
import { loopsAround } from "../analysis/carried";
import { applyEdits, deleteWithLine, loopsOf, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";
import { declaringLoop } from "./scalarExpand";

/** `plain`: the store is `E = s;` (it goes); otherwise `E = f(s);` (s in it becomes E). */
interface Plan { readonly loop: Loop; readonly decl: LocalDecl; readonly store: Stmt; readonly element: Access; readonly init: string; readonly plain: boolean }

/** A use of the scalar inside statement `n`. */
const usedIn = (n: Stmt, u: { start: number }) => u.start >= n.span.start && u.start < n.span.end;

export function checkAccumulateInPlace(ctx: TransformContext, name: string, line?: number): Plan | string {
  const t = ctx.text;
  const owner = declaringLoop(ctx, name, line);
  if (typeof owner === "string") return owner;
  const { loop, decl } = owner;
  const m = new RegExp(`^([A-Za-z_][\\w ]*?)\\s+${name}\\s*=\\s*([\\s\\S]*?)\\s*;$`).exec(t.slice(decl.span.start, decl.span.end));
  if (!m) return `the declaration of ${name} is not of the form \`type ${name} = value;\``;
  const type = m[1].trim();
  if (/\b(static|register|extern|volatile)\b/.test(type) || /\bconst\b/.test(type)) return `${name} is declared ${type}`;
  // The store: `E = name;`, or `E = f(name);` with f a pure expression of name alone (a ReLU, a
  // clamp, a scale by a constant), a statement of the owner's body.
  const inStore = (n: Stmt) => decl.uses.filter((u) => usedIn(n, u)).length;
  const stores = loop.body.filter((n): n is Stmt => n.kind === "stmt" && inStore(n) > 0 && n.accesses.some((a) => a.kind === "write"));
  // The first such statement is the store: a use after it (a second store) is refused below.
  if (!stores.length) return `${name} is not stored to an array element in the body of loop ${loop.var} (\`E = ${name};\`)`;
  const store = stores[0];
  const writes = store.accesses.filter((a) => a.kind === "write");
  const stmt = t.slice(store.span.start, store.span.end);
  const rhs = writes.length === 1 && stmt.startsWith(writes[0].text) ? /^\s*=(?!=)\s*([\s\S]*?)\s*;?$/.exec(stmt.slice(writes[0].text.length))?.[1] : undefined;
  // f may read the sum more than once (`E = s > 0 ? s : 0;`): each read becomes a read of E, which
  // holds the sum until the assignment stores f's value.
  // f may also read other elements, as a plain read of the statement's own (LU's `A[i][j] = w /
  // A[j][j];`): checked below like the body's references, read at the same point as before.
  const reads = accessesWithCallees(store).filter((a) => a !== writes[0]);
  if (rhs === undefined || reads.some((a) => a.kind !== "read" || a.inlined || (rhs === name))) return `the store of ${name} (line ${store.span.line}) is not \`E = ${name};\` or \`E = f(${name});\` with no other array`;
  // Same-file callees are analysed as if inlined: their array accesses are the store's (none
  // allowed above), their writes of globals are statements of their bodies.
  const writesScalars = (x: Stmt): boolean => x.scalars.some((v) => v.kind === "write") || (x.inlined ?? []).some((c) => stmtsIn(c.body).some(writesScalars));
  if (rhs !== name && (store.effects?.length || store.ops.unknownCalls.length || writesScalars(store)))
    return `the store of ${name} (line ${store.span.line}) calls a function that may have side effects, or assigns a variable`;
  const element = writes[0];
  if (!element.offset || element.via || element.inlined) return `the element ${element.text} is not an affine reference of an array`;
  const last = decl.uses.reduce((a, u) => Math.max(a, u.start), -1);
  if (last < store.span.start || last > store.span.end) return `${name} is used after its store to ${element.text}`;
  // The element's subscripts stay fixed through the body.
  const fixed = new Set([...loopsAround(ctx.nest.root, loop), loop].map((l) => l.var));
  const inner = new Set(loopsOf(loop).slice(1).map((l) => l.var));
  for (const s of element.offset.symbols()) if (inner.has(s)) return `${element.text} moves with loop ${s} inside the body`;
  const body = stmtsIn(loop.body).filter((s) => s !== store);
  const subscriptVars = [...element.offset.symbols()].filter((s) => !fixed.has(s));
  for (const s of body) for (const v of s.scalars) if (v.kind === "write" && subscriptVars.includes(v.name)) return `${v.name}, in ${element.text}, is assigned in the body (line ${v.span.line})`;
  // Nothing else may touch the element in the same iteration of the owner loop: another
  // reference to its array is allowed when the dependence test proves it never meets the element
  // with the loops around and including the owner at the same values (LU's A[k][j], k < i, beside
  // A[i][j]); other iterations see the element before or after the body, as they did.
  const depth = fixed.size;
  const meets = (a: Access) => ctx.deps().some((d) => !d.assumed && d.name === element.array
    && ((d.source.start === a.span.start && d.sink.start === element.span.start) || (d.sink.start === a.span.start && d.source.start === element.span.start))
    && d.directions.some((v) => v.slice(0, depth).every((x) => x === "=" || x === "*")))
    || ctx.deps().some((d) => d.assumed && d.name === element.array && (d.source.start === a.span.start || d.sink.start === a.span.start));
  for (const s of body) {
    // (A helper's accesses count: `t += at(a, ld, i, j)` reads a inside at().)
    // The initialiser may read the element itself (`float w = A[i][j];`): that read stays first.
    const isInit = (a: Access) => a.kind === "read" && !a.inlined && !!a.offset && a.offset.key() === element.offset!.key() && a.span.start >= decl.span.start && a.span.end <= decl.span.end;
    const other = accessesWithCallees(s).find((a) => a.array === element.array && !isInit(a) && (a.inlined || !a.offset || meets(a)));
    if (other) return `${other.text} (line ${other.span.line}) also refers to ${element.array}`;
    if (s.effects?.length) return `the call ${s.effects[0].call} (line ${s.span.line}) may touch ${element.array}`;
    if (s.ops.unknownCalls.length) return `the call ${s.ops.unknownCalls[0]} (line ${s.span.line}) may touch ${element.array}`;
  }
  const info = element.info;
  if (!info) return `the declaration of ${element.array} is not found`;
  if (info.element.base !== type.replace(/\s+/g, " ").trim()) return `${element.array} holds ${info.element.base} and ${name} is ${type}: each step would round differently`;
  const mayAlias = (a: Access) => !ctx.nest.noalias && a.info?.isParameter && info.isParameter && !(a.info.restrict && info.restrict);
  for (const s of body) for (const a of accessesWithCallees(s)) if (a.array !== element.array && mayAlias(a)) return `${a.array} and ${element.array} may alias (pointer parameters): declare them restrict`;
  for (const a of reads) {
    if (a.array === element.array ? !a.offset || meets(a) : mayAlias(a)) return `${a.text} (line ${a.span.line}), read by the store of ${name}, may be ${element.text}`;
  }
  return { loop, decl, store, element, init: m[2], plain: rhs === name };
}

export function accumulateInPlace(ctx: TransformContext, name: string, line?: number): TransformResult {
  const plan = checkAccumulateInPlace(ctx, name, line);
  if (typeof plan === "string") return refuse(plan);
  const t = ctx.text;
  const el = plan.element.text;
  // A plain store goes (the element already holds the value); `E = f(s)` becomes `E = f(E)`.
  const edits: TextEdit[] = plan.decl.uses.filter((u) => !plan.plain || !usedIn(plan.store, u)).map((u) => ({ start: u.start, end: u.end, newText: el }));
  // `float w = A[i][j];` accumulating in A[i][j] starts from the element as it is: no statement.
  if (plan.init.replace(/\s+/g, "") === el.replace(/\s+/g, "")) edits.push(deleteWithLine(t, plan.decl.span));
  else edits.push({ start: plan.decl.span.start, end: plan.decl.span.end, newText: `${el} = ${plan.init};` });
  if (plan.plain) {
    // The store goes, with its line when it is alone on it (its span may stop before the `;`).
    const semi = t.indexOf(";", plan.store.span.end - 1);
    edits.push(deleteWithLine(t, { start: plan.store.span.start, end: semi < 0 ? plan.store.span.end : semi + 1 }));
  }
  return {
    ok: true,
    title: `Accumulate ${name} in ${el} (its store)`,
    edits, text: applyEdits(t, edits),
    notes: [],
  };
}
