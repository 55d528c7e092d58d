// Scalar replacement: the references to one array that are invariant in an innermost loop
// (`C[i][j]` across `k`) are loaded once into a local before the loop, used there, and stored
// once after it (when the loop writes them). After unroll-and-jam every jammed copy
// (`C[i][j]`, `C[(i + 1)][j]`) gets its own local: the register tile.
//   for (k..) C[i][j] += A[i][k] * B[k][j];   --scalar-replace C   ->
//   float C_i_j = C[i][j];
//   for (k..) C_i_j += A[i][k] * B[k][j];
//   C[i][j] = C_i_j;
// Legality (checkScalarReplace) is separate from the rewrite: within one run of the loop (the
// outer loops fixed), no other reference of the loop may touch an element kept in a local:
// every dependence between a replaced reference and another reference (another element of the
// same array, an array that may alias it, a call that may touch memory) whose directions allow
// '=' on every outer loop refuses, named. Each replaced reference runs on every iteration
// (not under an `if`, not one side of `?:`/`&&`), so the load reads an element the loop reads.
// Invariant: a loop that runs zero times still loads the element and stores the same value back.
// The local's type is the array's element type.

import type { Access, Loop, Node } from "../ir/types";
import { describe, type Dependence } from "../analysis/dependences";
import { loopsAround } from "../analysis/carried";
import { applyEdits, lineIndent, loopsOf, opaqueInside, refuse, replaceStatement, type TextEdit, type TransformContext, type TransformResult } from "./common";

/** One element kept in a local: its references (same subscripts) in the loop. */
export interface ReplacedRef {
  readonly text: string;
  readonly local: string;
  readonly type: string;
  readonly written: boolean;
  readonly refs: readonly Access[];
}

export interface ScalarPlan { readonly loop: Loop; readonly groups: readonly ReplacedRef[] }

/** Arrays with a reference invariant in `l` when it is an innermost loop (cheap: what the editor offers). */
export function invariantArrays(l: Loop): string[] {
  if (loopsOf(l).length !== 1) return [];
  const out = new Set<string>();
  for (const { a } of bodyAccesses(l))
    if (a.offset && !a.inlined && a.subscripts.every((s) => s && s.degreeIn(l.var) === 0) && a.offset.degreeIn(l.var) === 0) out.add(a.array);
  return [...out];
}

/** Loops of the nest with no loop inside them. */
export function innermostLoops(ctx: TransformContext): Loop[] {
  return loopsOf(ctx.nest.root).filter((l) => loopsOf(l).length === 1);
}

/** Accesses of the loop's body, each with whether it runs on every iteration. */
function bodyAccesses(l: Loop): { a: Access; always: boolean }[] {
  const out: { a: Access; always: boolean }[] = [];
  const visit = (n: Node, always: boolean) => {
    if (n.kind === "stmt") for (const a of n.accesses) out.push({ a, always: always && !a.conditional && !a.inlined });
    else if (n.kind === "if") { for (const a of n.cond.accesses) out.push({ a, always: always && !a.conditional && !a.inlined }); [...n.then, ...n.else].forEach((c) => visit(c, false)); }
    else if (n.kind === "loop") n.body.forEach((c) => visit(c, false));
  };
  l.body.forEach((c) => visit(c, true));
  return out;
}

const identifiers = (s: string) => s.match(/[A-Za-z_]\w*/g) ?? [];

/** Scalars the loop's body writes (a subscript naming one is not invariant). */
function writtenScalars(l: Loop): Set<string> {
  const out = new Set<string>();
  const visit = (n: Node) => {
    if (n.kind === "stmt") { for (const s of n.scalars) if (s.kind === "write") out.add(s.name); }
    else if (n.kind === "if") { for (const s of n.cond.scalars) if (s.kind === "write") out.add(s.name); [...n.then, ...n.else].forEach(visit); }
    else if (n.kind === "loop") n.body.forEach(visit);
  };
  l.body.forEach(visit);
  return out;
}

/** The loop to work on: the innermost loop on `line`, or the only innermost loop that uses `array` (any when null). */
export function targetLoop(ctx: TransformContext, array: string | null, line?: number): Loop | string {
  const inner = innermostLoops(ctx);
  if (line !== undefined) {
    const at = inner.filter((l) => l.span.line === line);
    if (at.length === 1) return at[0];
    const any = loopsOf(ctx.nest.root).find((l) => l.span.line === line);
    return any ? `loop ${any.var} (line ${line}) is not an innermost loop: scalar replacement works on an innermost loop` : `no loop on line ${line} in nest ${ctx.nest.id}`;
  }
  const using = array === null ? inner : inner.filter((l) => bodyAccesses(l).some(({ a }) => a.array === array));
  if (using.length === 1) return using[0];
  if (using.length === 0) return array === null ? `nest ${ctx.nest.id} has no innermost loop` : `no innermost loop of nest ${ctx.nest.id} uses ${array}`;
  return `several innermost loops use ${array ?? "arrays"} (lines ${using.map((l) => l.span.line).join(", ")}): say which with its line (--at LINE)`;
}

/** A C identifier from a reference's text (`C[(i + 1)][j]` -> `C_i_1_j`), not used in the file nor taken. */
function localName(text: string, file: string, taken: Set<string>): string {
  const base = text.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  const used = new Set(identifiers(file));
  let name = base, n = 1;
  while (used.has(name) || taken.has(name)) name = `${base}_${n++}`;
  taken.add(name);
  return name;
}

/**
 * Legality and plan: the invariant references to `array` (every array when null) in the loop,
 * grouped by element. Refuses naming the reference or dependence that prevents it.
 */
export function checkScalarReplace(ctx: TransformContext, array: string | null, line?: number): ScalarPlan | { reason: string; blockers: string[] } {
  const fail = (reason: string, blockers: string[] = []) => ({ reason, blockers });
  const loop = targetLoop(ctx, array, line);
  if (typeof loop === "string") return fail(loop);
  if (!loop.parts || !loop.bodySpan || !loop.tripCount) return fail(`loop ${loop.var}: ${loop.unknown?.reason ?? "not understood"}`);
  const opaque = opaqueInside(loop);
  if (opaque) return fail(`the loop holds a construct that is not analysed: ${opaque}`);
  const declared = new Set((loop.decls ?? []).flatMap((d) => d.names));
  const written = writtenScalars(loop);
  const byKey = new Map<string, { a: Access; always: boolean }[]>();
  const all = bodyAccesses(loop);
  for (const x of all) {
    const a = x.a;
    if (array !== null && a.array !== array) continue;
    if (!a.offset || a.subscripts.some((s) => !s) || a.inlined) continue;
    if (a.offset.degreeIn(loop.var) > 0 || a.subscripts.some((s) => s!.degreeIn(loop.var) > 0)) continue;
    if (identifiers(a.text).some((n) => n === loop.var || declared.has(n) || written.has(n))) continue;
    const key = `${a.array}|${a.via ?? ""}|${a.subscripts.map((s) => s!.key()).join(",")}`;
    byKey.set(key, [...(byKey.get(key) ?? []), x]);
  }
  if (byKey.size === 0) return fail(`no reference${array ? ` to ${array}` : ""} in loop ${loop.var} (line ${loop.span.line}) is invariant in it`);
  const groups: ReplacedRef[] = [];
  const taken = new Set<string>();
  for (const refs of byKey.values()) {
    const first = refs[0].a;
    const sometimes = refs.find((r) => !r.always);
    if (sometimes) return fail(`${sometimes.a.text} (line ${sometimes.a.span.line}) runs only on some iterations of loop ${loop.var}: loading it before the loop could read an element the loop never reads`);
    const el = first.info?.element;
    if (!el || el.bytes === null || (el.kind !== "float" && el.kind !== "int" && el.kind !== "pointer")) return fail(`the element type of ${first.array} is not known: the local would have no type`);
    const type = el.kind === "pointer" ? null : el.base;
    if (!type) return fail(`the elements of ${first.array} are pointers: not replaced`);
    groups.push({ text: first.text, local: localName(first.text, ctx.text, taken), type, written: refs.some((r) => r.a.kind === "write"), refs: refs.map((r) => r.a) });
  }
  // Dependences inside the loop with '=' possible on every outer loop, between a kept element and anything else.
  const inLoop = (p: { start: number }) => p.start >= loop.bodySpan!.start && p.start < loop.bodySpan!.end;
  const groupOf = (p: { start: number; end: number }) => groups.findIndex((g) => g.refs.some((a) => a.span.start === p.start && a.span.end === p.end));
  const depth = loopsAround(ctx.nest.root, loop).length;
  for (const d of ctx.deps()) {
    if (!inLoop(d.source) || !inLoop(d.sink)) continue;
    const gs = groupOf(d.source), gk = groupOf(d.sink);
    if (gs === gk) continue; // two references to one kept element (or two untouched references)
    if (!d.directions.some((v) => v.slice(0, depth).every((x) => x === "=" || x === "*"))) continue;
    const mine = gs >= 0 ? d.source : d.sink, other = gs >= 0 ? d.sink : d.source;
    const why = d.assumed ? `: ${d.assumed}` : "";
    return fail(`${mine.text} (line ${mine.line}) cannot be kept in a local across loop ${loop.var}: ${other.text} (line ${other.line}) may touch the same element${why}`, [describe(d)]);
  }
  return { loop, groups };
}

/**
 * The loop's text with each kept reference replaced by its local, between the loads and the
 * stores, at the loop's indentation. `header` (a pragma line) goes right above the loop.
 */
export function replacedText(ctx: TransformContext, plan: ScalarPlan, header = ""): string {
  const t = ctx.text;
  const { loop, groups } = plan;
  const start = loop.span.start;
  const spans = new Map<number, { end: number; local: string }>();
  for (const g of groups) for (const a of g.refs) spans.set(a.span.start, { end: a.span.end, local: g.local });
  let body = t.slice(start, loop.span.end);
  for (const [s, { end, local }] of [...spans].sort((x, y) => y[0] - x[0])) body = body.slice(0, s - start) + local + body.slice(end - start);
  const ind = lineIndent(t, start);
  const loads = groups.map((g) => `${g.type} ${g.local} = ${g.text};`);
  const stores = groups.filter((g) => g.written).map((g) => `${g.text} = ${g.local};`);
  return [...loads, ...(header ? [header] : []), body, ...stores].join(`\n${ind}`);
}

export function scalarReplace(ctx: TransformContext, array: string, line?: number): TransformResult {
  const plan = checkScalarReplace(ctx, array, line);
  if ("reason" in plan) return refuse(plan.reason, plan.blockers);
  const { loop } = plan;
  const edit: TextEdit = replaceStatement(ctx.text, loop.span.start, loop.span.end, replacedText(ctx, plan));
  const names = plan.groups.map((g) => g.text);
  const list = names.length <= 3 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
  return {
    ok: true,
    title: `Keep ${list} in ${names.length === 1 ? "a local" : `${names.length} locals`} across loop ${loop.var}`,
    edits: [edit], text: applyEdits(ctx.text, [edit]), notes: [],
  };
}

export type { Dependence };
