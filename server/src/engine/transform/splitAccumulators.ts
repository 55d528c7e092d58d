// Split accumulators: a sum carried by an innermost loop (`s += e`, `s -= e`, `s = s + e`, into a
// scalar or into an array element invariant in the loop, `y[o] += w[o*IN + i] * x[i]`) becomes K
// partial sums s0..s{K-1}: the loop steps by K, copy k of the body adds into s{k}, and after it
// s = s0 + s1 + ... (the remainder loop then adds into s as written). The K sums are independent
// chains, so the additions overlap in the pipeline and vectorise. An element is loaded into s0
// before the loop and stored after it, as scalar replacement does (scalarReplace.ts decides
// that it may be).
//   for (k = 0; k < n; k++) s += a[k] * b[k];   --split-accumulators 2   ->
//   float s0 = s, s1 = 0;
//   for (k = 0; k + 1 < n; k += 2) { s0 += a[k] * b[k]; s1 += a[(k + 1)] * b[(k + 1)]; }
//   s = s0 + s1;
//   for (k = 0 + ((n) - (0)) / 2 * 2; k < n; k++) s += a[k] * b[k];
// Legality (checkSplitAccumulators) is separate from the rewrite: every other statement runs in
// its original order (the loop is unrolled), only the additions into each accumulator are
// regrouped. So an accumulator must be used in the loop by its one update statement and
// nothing else (no read of a partial sum, no other write, no alias); other dependences carried
// by the loop do not matter. A floating-point sum is reassociated: the result says so.

import type { Loop, Node, Span } from "../ir/types";
import { describe } from "../analysis/dependences";
import { carriedBy, updatesIn, within } from "../analysis/carried";
import { applyEdits, lineIndent, loopsOf, refuse, replaceStatement, type TextEdit, type TransformContext, type TransformResult } from "./common";
import { copies, planUnroll, type UnrollPlan } from "./unroll";
import { checkScalarReplace, innermostLoops } from "./scalarReplace";

export const FP_SUM_REORDER = "reorders the floating-point sum: results may differ in the last digits (changes the order of floating-point additions)";

/** One accumulator: its text (`s`, `y[o]`), C type, occurrences in the loop body, partial sums. */
interface Accumulator { readonly text: string; readonly type: string; readonly spans: readonly Span[]; readonly partials: readonly string[]; readonly element: boolean }

export interface SplitPlan { readonly loop: Loop; readonly unroll: UnrollPlan; readonly accs: readonly Accumulator[]; readonly float: boolean }

const identifiers = (s: string) => s.match(/[A-Za-z_]\w*/g) ?? [];

/** The loop to split: the innermost loop on `line`, or the nest's only innermost loop. */
function target(ctx: TransformContext, line?: number): Loop | string {
  if (line === undefined) {
    const inner = innermostLoops(ctx);
    if (inner.length === 1) return inner[0];
    return `nest ${ctx.nest.id} has ${inner.length} innermost loops (lines ${inner.map((l) => l.span.line).join(", ")}): say which with --at LINE`;
  }
  const at = loopsOf(ctx.nest.root).find((l) => l.span.line === line);
  if (!at) return `no loop on line ${line} in nest ${ctx.nest.id}`;
  if (loopsOf(at).length > 1) return `loop ${at.var} (line ${line}) is not innermost: split the accumulators of an innermost loop (its line with --at)`;
  return at;
}

/** Scalar occurrences of `name` in the loop's body (any depth: the loop is innermost). */
function scalarUses(loop: Loop, name: string): { spans: Span[]; type?: string } {
  const spans: Span[] = [];
  let type: string | undefined;
  const visit = (n: Node) => {
    const st = n.kind === "stmt" ? n : n.kind === "if" ? n.cond : null;
    if (st) for (const s of st.scalars) if (s.name === name) { if (!spans.some((x) => x.start === s.span.start)) spans.push(s.span); type ??= s.type; }
    if (n.kind === "if") [...n.then, ...n.else].forEach(visit);
  };
  loop.body.forEach(visit);
  return { spans, type };
}

export function checkSplitAccumulators(ctx: TransformContext, factor: number, line?: number): SplitPlan | { reason: string; blockers: string[] } {
  const fail = (reason: string, blockers: string[] = []) => ({ reason, blockers });
  if (!Number.isInteger(factor) || factor < 2 || factor > 16) return fail(`split factor ${factor}: use an integer from 2 to 16`);
  const loop = target(ctx, line);
  if (typeof loop === "string") return fail(loop);
  const unroll = planUnroll(ctx, loop.var, factor, loop.span.line);
  if (typeof unroll === "string") return fail(unroll);
  if (!unroll.up) return fail(`loop ${loop.var} counts down: split accumulators works on loops counting up`);
  const root = ctx.nest.root;
  const updates = updatesIn(loop);
  // The sums the loop carries: one `s += e` / `s -= e` statement each.
  const sums = new Map<string, { scalar: boolean; name: string; float: boolean }>();
  for (const d of carriedBy(ctx.deps(), root, loop)) {
    if (!d.reduction || d.assumed) continue;
    const sts = updates.get(d.source.text) ?? [];
    if (sts.length > 1) return fail(`${d.source.text} is updated by ${sts.length} statements in loop ${loop.var} (lines ${sts.map((x) => x.span.line).join(", ")}): each copy would need them in one partial sum; merge them into one update first`);
    if (sts.length !== 1 || (sts[0].update!.op !== "+=" && sts[0].update!.op !== "-=")) continue;
    sums.set(d.source.text, { scalar: d.scalar, name: d.name, float: sts[0].update!.float });
  }
  if (sums.size === 0) return fail(`loop ${loop.var} (line ${loop.span.line}) carries no sum into a scalar or an element invariant in it (s += ..., y[o] += ...): nothing to split`);
  // An accumulator used anywhere else in the loop would see a partial sum.
  const names = new Set([...sums.values()].map((s) => s.name));
  for (const d of within(ctx.deps(), root, loop).deps)
    if (names.has(d.name) && (!d.reduction || d.assumed))
      return fail(`${d.name} is accumulated in loop ${loop.var} and also used elsewhere in it, so a partial sum would be seen: ${describe(d)}`, [describe(d)]);
  const used = new Set(identifiers(ctx.text));
  const fresh = (base: string) => Array.from({ length: factor }, (_, k) => {
    let n = `${base}${k}`;
    while (used.has(n)) n = `${base}_${n.slice(base.length)}`;
    used.add(n);
    return n;
  });
  const accs: Accumulator[] = [];
  let float = false;
  for (const [text, s] of sums) {
    float ||= s.float;
    if (s.scalar) {
      const { spans, type } = scalarUses(loop, s.name);
      if (!type) return fail(`the type of ${s.name} is not known: the partial sums would have no type`);
      accs.push({ text, type, spans, partials: fresh(s.name), element: false });
      continue;
    }
    // An element: kept in locals the way scalar replacement keeps it (its legality decides).
    const p = checkScalarReplace(ctx, s.name, loop.span.line);
    if ("reason" in p) return fail(`the sum into ${text} needs it kept in a local, which is refused: ${p.reason}`, p.blockers);
    const g = p.groups.find((x) => x.text === text);
    if (!g) return fail(`${text} is not invariant in loop ${loop.var}: not an accumulator`);
    // A compound assignment is a read and a write of one span: each span once.
    const spans = [...new Map(g.refs.map((a) => [a.span.start, a.span])).values()];
    accs.push({ text, type: g.type, spans, partials: fresh(g.local), element: true });
  }
  return { loop, unroll, accs, float };
}

export function splitAccumulators(ctx: TransformContext, factor: number, line?: number): TransformResult {
  const plan = checkSplitAccumulators(ctx, factor, line);
  if ("reason" in plan) return refuse(plan.reason, plan.blockers);
  const { loop, unroll, accs } = plan;
  const t = ctx.text;
  const ind = lineIndent(t, loop.span.start);
  const body = copies(ctx, unroll, loop, factor, (k) => accs.flatMap((a) => a.spans.map((s) => ({ start: s.start, end: s.end, text: a.partials[k] }))));
  const decls = accs.map((a) => `${a.type} ${a.partials.map((p, k) => `${p} = ${k === 0 ? a.text : "0"}`).join(", ")};`);
  const sums = accs.map((a) => `${a.text} = ${a.partials.join(" + ")};`);
  const main = [...decls, `${unroll.header} {\n${body.text}\n${ind}}`, ...sums].join(`\n${ind}`);
  const rest = t.slice(loop.parts!.headerClose, loop.span.end);
  const edit: TextEdit = replaceStatement(t, loop.span.start, loop.span.end, main + (unroll.divisible ? "" : unroll.epilogue(rest)));
  const what = accs.map((a) => a.text).join(", ");
  return {
    ok: true,
    title: `Split the sum${accs.length > 1 ? "s" : ""} into ${what} across loop ${loop.var} into ${factor} partial sums${unroll.divisible ? "" : " (with a remainder loop)"}${plan.float ? ": reorders the floating-point sum" : ""}`,
    edits: [edit], text: applyEdits(t, [edit]),
    notes: plan.float ? [FP_SUM_REORDER] : [],
  };
}
