// `#pragma omp parallel for` on the outermost loop of a nest that carries no dependence (or
// the loop named by its line): its iterations run on several threads.
// Legal (checkParallel) when every dependence the loop carries is a scalar reduction
// (`reduction(+:s)`) or on a scalar that each iteration assigns before any use, at the top of
// the loop's body (`lastprivate(t)`: private, and the last iteration's value survives, as in
// the serial loop). The loop's own variable and those of the inner loops, when declared
// outside their headers, are made private too (`lastprivate(i, j, k)`: the code after the nest
// may read the value the serial loops leave). An array
// element accumulated across the loop (`y[0] += ...`) refuses: scalar-replace it first.
// A floating-point reduction adds in another order: the result says so.
// The pragma takes effect with -fopenmp; without it compilers ignore it.

import type { Loop, Node, ScalarAccess, Stmt } from "../ir/types";
import { describe } from "../analysis/dependences";
import { carriedBy, loopsAround, reductionOperator, updatesIn, within } from "../analysis/carried";
import { applyEdits, withDirective, loopsOf, notRewritable, ompFormProblem, ompPragmaOf, opaqueInside, refuse, replaceStatement, type TextEdit, type TransformContext, type TransformResult } from "./common";
import { FP_REORDER, OPENMP_NOTE } from "./simd";

export interface ParallelPlan { readonly loop: Loop; readonly pragma: string; readonly float: boolean }

/** Scalars declared outside `loop` that every iteration assigns (plain `t = ...`, not reading t) before any other use. */
function killedScalars(loop: Loop): Set<string> {
  const first = new Map<string, { s: ScalarAccess; st: Stmt }>();
  const reads = new Map<string, ScalarAccess[]>();
  const visit = (n: Node) => {
    const st = n.kind === "stmt" ? n : n.kind === "if" ? n.cond : null;
    if (st) for (const s of st.scalars) {
      if (s.owner) continue; // declared inside some loop of the nest: private already, or judged by the dependences
      const f = first.get(s.name);
      if (!f || s.span.start < f.s.span.start) first.set(s.name, { s, st });
      if (s.kind === "read") reads.set(s.name, [...(reads.get(s.name) ?? []), s]);
    }
    if (n.kind === "loop") n.body.forEach(visit);
    if (n.kind === "if") [...n.then, ...n.else].forEach(visit);
  };
  loop.body.forEach(visit);
  const out = new Set<string>();
  for (const [name, { s, st }] of first) {
    const top = loop.body.includes(st);
    const readsInStmt = (reads.get(name) ?? []).some((r) => r.span.start >= st.span.start && r.span.end <= st.span.end);
    if (s.kind === "write" && top && !st.update && !readsInStmt && !s.global) out.add(name);
  }
  return out;
}

export function planParallel(ctx: TransformContext, loop: Loop): ParallelPlan | { reason: string; blockers: string[] } {
  const bad = notRewritable(loop) ?? opaqueInside(loop) ?? (!loop.parts || !loop.tripCount ? `loop ${loop.var}: ${loop.unknown?.reason ?? "not understood"}` : null);
  if (bad) return { reason: bad, blockers: [] };
  const form = ompFormProblem(ctx.text, loop);
  if (form) return { reason: form, blockers: [] };
  const has = ompPragmaOf(ctx.text, loop);
  if (has) return { reason: `loop ${loop.var} already has ${has}`, blockers: [] };
  if (loop.statics?.length) return { reason: `the body of loop ${loop.var} declares static ${loop.statics.join(", ")}: threads would share it`, blockers: [] };
  const root = ctx.nest.root;
  const killed = killedScalars(loop);
  const updates = updatesIn(loop);
  const reductions = new Map<string, "+" | "*">();
  const lastprivate = new Set<string>();
  let float = false;
  for (const d of carriedBy(ctx.deps(), root, loop)) {
    if (d.scalar && killed.has(d.name)) { lastprivate.add(d.name); continue; }
    const sts = updates.get(d.source.text) ?? [];
    const op = d.reduction && d.scalar && sts.length === 1 ? reductionOperator(sts[0].update!.op) : null;
    if (!op) {
      const hint = d.reduction && !d.scalar ? ` (keep ${d.source.text} in a local first: --scalar-replace ${d.name})` : "";
      return { reason: `loop ${loop.var} carries a dependence${hint}: ${describe(d)}`, blockers: [describe(d)] };
    }
    reductions.set(d.name, op);
    if (d.floatReduction) float = true;
  }
  for (const d of within(ctx.deps(), root, loop).deps)
    if (reductions.has(d.name) && !d.reduction)
      return { reason: `${d.name} is reduced in loop ${loop.var} and also used outside its reduction: ${describe(d)}`, blockers: [describe(d)] };
  // Loop variables declared outside their headers are shared by default in C: make them private.
  if (!loop.parts!.declared) lastprivate.add(loop.var);
  // Inner loops' variables too: lastprivate keeps the value the serial loop leaves (the code after
  // the nest may read it), which needs every iteration to run the inner loop (no `if` around it).
  const guarded = new Set<Loop>();
  const mark = (n: Node, under: boolean) => {
    if (n.kind === "loop") { if (under) guarded.add(n); n.body.forEach((c) => mark(c, under)); }
    else if (n.kind === "if") [...n.then, ...n.else].forEach((c) => mark(c, true));
  };
  loop.body.forEach((c) => mark(c, false));
  for (const l of loopsOf(loop).slice(1)) {
    if (!l.parts || l.parts.declared) continue;
    if (guarded.has(l)) return { reason: `loop ${l.var} (line ${l.span.line}) runs only on some iterations and its variable is declared outside the nest: declare it in its header (for (int ${l.var} = ...))`, blockers: [] };
    lastprivate.add(l.var);
  }
  const priv: string[] = [];
  const byOp = new Map<string, string[]>();
  for (const [v, op] of reductions) byOp.set(op, [...(byOp.get(op) ?? []), v]);
  const clauses = [
    ...(priv.length ? [`private(${priv.join(", ")})`] : []),
    ...(lastprivate.size ? [`lastprivate(${[...lastprivate].join(", ")})`] : []),
    ...[...byOp].map(([op, vs]) => `reduction(${op}:${vs.join(", ")})`),
  ];
  return { loop, pragma: `#pragma omp parallel for${clauses.map((c) => ` ${c}`).join("")}`, float };
}

/** The loop on `line`, or the outermost (then first) loop of the nest that may run in parallel. */
export function checkParallel(ctx: TransformContext, line?: number): ParallelPlan | { reason: string; blockers: string[] } {
  const all = loopsOf(ctx.nest.root);
  const parallelOne = all.find((l) => /\bparallel\b/.test(ompPragmaOf(ctx.text, l) ?? ""));
  if (parallelOne) return { reason: `loop ${parallelOne.var} (line ${parallelOne.span.line}) already runs in parallel`, blockers: [] };
  if (line !== undefined) {
    const at = all.filter((l) => l.span.line === line);
    if (at.length !== 1) return { reason: at.length ? `several loops start on line ${line}` : `no loop on line ${line} in nest ${ctx.nest.id}`, blockers: [] };
    return planParallel(ctx, at[0]);
  }
  const depth = new Map(all.map((l) => [l, loopsAround(ctx.nest.root, l).length]));
  const byDepth = [...all].sort((a, b) => depth.get(a)! - depth.get(b)!);
  const failures: string[] = [];
  let firstBlockers: string[] = [];
  for (const l of byDepth) {
    const p = planParallel(ctx, l);
    if (!("reason" in p)) return p;
    failures.push(`loop ${l.var} (line ${l.span.line}): ${p.reason}`);
    if (!firstBlockers.length) firstBlockers = p.blockers;
  }
  return { reason: `no loop of nest ${ctx.nest.id} can run in parallel: ${failures.slice(0, 3).join("; ")}`, blockers: firstBlockers };
}

export function parallel(ctx: TransformContext, line?: number): TransformResult {
  const plan = checkParallel(ctx, line);
  if ("reason" in plan) return refuse(plan.reason, plan.blockers);
  const { loop } = plan;
  const t = ctx.text;
  const edit: TextEdit = replaceStatement(t, loop.span.start, loop.span.end, withDirective(t, loop, plan.pragma));
  return {
    ok: true,
    title: `Run loop ${loop.var} in parallel: ${plan.pragma.slice("#pragma ".length)}`,
    edits: [edit], text: applyEdits(t, [edit]),
    notes: [...(plan.float ? [FP_REORDER] : []), ...inside(ctx, loop), OPENMP_NOTE],
  };
}

/** A parallel loop inside other loops starts its threads once per iteration of them. */
function inside(ctx: TransformContext, loop: Loop): string[] {
  const around = loopsAround(ctx.nest.root, loop);
  if (!around.length) return [];
  return [`loop ${loop.var} is inside loop${around.length > 1 ? "s" : ""} ${around.map((l) => l.var).join(", ")}: the threads start once per iteration of ${around.length > 1 ? "them" : "it"}, which costs more than it gains on small inner loops`];
}
