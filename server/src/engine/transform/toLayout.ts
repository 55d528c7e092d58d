// Reorder to a named layout: the legal loop order that walks the tensors in NCHW or NHWC order,
// read from the loops' tensor roles (analysis/roles.ts), never from their names.
//   NCHW: N, then the channels (K, then C), then H, W;  NHWC: N, H, W, then K, C (channel innermost).
// The window loops (R, S) go where the order cost of analysis/loopOrder.ts (the one --layout
// uses) says they cost least (in NHWC, outside C); a loop without a role keeps its position.
// Legality (layoutOrder: which order, and is it legal) is separate from the rewrite (permute).
// An imperfect nest is split first (layout.ts's splitForCompute); when the split is not legal,
// the outer perfect band alone is reordered and a note says so.
//   for (n..) for (x..) for (y..) for (k..) O[n][x][y] += I[k][x][y] * W[n][k];
//   --to-layout NCHW  ->  n, k, x, y

import type { Loop, Nest } from "../ir/types";
import type { Bindings } from "../symbolic/poly";
import { dependences, type Dependence } from "../analysis/dependences";
import { accessesIn, checkOrder, orderBetter, orderScore, perfectChain, rectangular } from "../analysis/loopOrder";
import { nestRoles, type Role, type TensorRoles } from "../analysis/roles";
import { diffEdit, loopsOf, refuse, type TransformContext, type TransformResult } from "./common";
import { splitForCompute } from "./layout";
import { permute } from "./permute";

export type NamedLayout = "NCHW" | "NHWC";
export const NAMED_LAYOUTS: readonly NamedLayout[] = ["NCHW", "NHWC"];

/** The roles each named layout orders, outer to inner; R and S are placed by the cost. */
const SEQUENCE: Record<NamedLayout, readonly Role[]> = { NCHW: ["N", "K", "C", "H", "W"], NHWC: ["N", "H", "W", "K", "C"] };
const WINDOW: ReadonlySet<Role> = new Set(["R", "S"]);
/** A role the window loops must stay outside of: NHWC keeps the channel innermost. */
const INNERMOST: Record<NamedLayout, Role | null> = { NCHW: null, NHWC: "C" };

export type LayoutOrder = { order: string[]; roles: string[] } | { reason: string; blockers: string[] };

/**
 * The cheapest legal order of `band` that runs its roled loops in `layout`'s order (window loops
 * anywhere among them, as the cost says), role-less loops staying where they are; or why none.
 */
export function layoutOrder(band: readonly Loop[], roles: TensorRoles, layout: NamedLayout, deps: readonly Dependence[], b: Bindings): LayoutOrder {
  const role = (l: Loop) => roles.roles.get(l.var)?.role;
  const sequence = SEQUENCE[layout];
  const roled = band.filter((l) => role(l));
  const none = band.filter((l) => !role(l)).map((l) => l.var);
  const named = roled.filter((l) => sequence.includes(role(l)!));
  const noRoles = none.length ? `; loop${none.length > 1 ? "s" : ""} ${none.join(", ")} ha${none.length > 1 ? "ve" : "s"} no tensor role (the subscripts do not say which tensor dimension ${none.length > 1 ? "they walk" : "it walks"})` : "";
  if (named.length === 0 || roled.length < 2)
    return { reason: `no ${layout} order to derive: ${roled.length ? `only ${roled.map((l) => `${l.var} (${role(l)})`).join(", ")} ha${roled.length > 1 ? "ve" : "s"} a tensor role` : "the loops have no tensor roles"}${noRoles}`, blockers: [] };
  const rect = rectangular(band);
  if (rect) return { reason: rect, blockers: [] };
  const fixed = [...named].sort((x, y) => sequence.indexOf(role(x)!) - sequence.indexOf(role(y)!));
  const windows = roled.filter((l) => WINDOW.has(role(l)!));
  const slots = band.map((l, k) => (role(l) ? k : -1)).filter((k) => k >= 0);
  // Every interleaving of the window loops (in any order) with the layout's loops (in its order).
  const interleave = (xs: readonly Loop[], ws: readonly Loop[]): Loop[][] => {
    if (ws.length === 0) return [[...xs]];
    if (xs.length === 0) return permutations(ws);
    return [
      ...interleave(xs.slice(1), ws).map((r) => [xs[0], ...r]),
      ...ws.flatMap((w, i) => interleave(xs, [...ws.slice(0, i), ...ws.slice(i + 1)]).map((r) => [w, ...r])),
    ];
  };
  const refs = accessesIn(band[band.length - 1]);
  const last = INNERMOST[layout];
  const inside = (seq: readonly Loop[]) => !last || seq.findIndex((l) => role(l) === last) < 0 || seq.findIndex((l) => role(l) === last) > Math.max(-1, ...windows.map((w) => seq.indexOf(w)));
  const candidates = interleave(fixed, windows).filter(inside).map((seq) => {
    const order = [...band];
    slots.forEach((k, i) => { order[k] = seq[i]; });
    return { order, score: orderScore(band, order, refs, b) };
  }).sort((x, y) => (orderBetter(x.score, y.score) ? -1 : orderBetter(y.score, x.score) ? 1 : 0));
  let blockers: string[] = [];
  for (const c of candidates) {
    const check = checkOrder(band, c.order.map((l) => l.var), deps);
    if (check.ok) return { order: c.order.map((l) => l.var), roles: c.order.map((l) => role(l) ?? "-") };
    if (!blockers.length) blockers = check.blockers;
  }
  const arrays = [...new Set(blockers.map((x) => /dependence on (\w+)/.exec(x)?.[1]).filter((x): x is string => !!x))];
  return { reason: `no ${layout} order of loops ${band.map((l) => l.var).join(", ")} is legal${arrays.length ? ` (a dependence on ${arrays.join(", ")} would be reversed)` : ""}`, blockers };
}

export function toLayout(ctx: TransformContext, layout: NamedLayout, reanalyze: (text: string) => readonly Nest[]): TransformResult {
  const roles = nestRoles(ctx.nest, ctx.bindings);
  if (!roles || roles.roles.size === 0 || ![...roles.roles.values()].some((r) => r.role))
    return refuse(`nest ${ctx.nest.id} does not read as a tensor kernel (its loops have no tensor roles: see analyze --json, nest.roles), so there is no ${layout} order to derive`);
  const chain = perfectChain(ctx.nest.root);
  const last = chain[chain.length - 1];
  const imperfect = last.body.length > 1 && last.body.some((n) => n.kind === "loop");
  let work = ctx;
  let split: { parts: number; notes: readonly string[]; lines: [number, number] } | null = null;
  const notes: string[] = [];
  if (imperfect) {
    const sp = splitForCompute(ctx, reanalyze);
    if ("reason" in sp) notes.push(`${sp.reason.replace(/^the nest is imperfect and /, "the nest is not split: ")}; only its outer band ${chain.map((l) => l.var).join(",")} is ordered`);
    else {
      work = sp.ctx;
      const lines = sp.nests.map((n) => n.root.span.line);
      split = { parts: sp.nests.length, notes: sp.split.notes, lines: [Math.min(...lines), Math.max(...lines)] };
    }
  }
  const band = perfectChain(work.nest.root);
  const lo = layoutOrder(band, roles, layout, work.deps(), ctx.bindings);
  if ("reason" in lo) return refuse(lo.reason, lo.blockers);
  const shown = `${layout} order (${lo.order.join(",")} = ${lo.roles.join(",")})`;
  if (lo.order.join() === band.map((l) => l.var).join())
    return refuse(`the loops already run in ${shown}${split ? "; only splitting the nest would change it (--fission)" : notes.length ? `; ${notes.join("; ")}` : ""}`);
  const r0 = permute(work, lo.order);
  if (!r0.ok) return r0;
  const r = split ? otherParts(r0, work.nest, split.lines, roles, layout, ctx, reanalyze) : r0;
  // The stride is of the band's innermost loop: worth saying only when it is the nest's innermost.
  const stride = band[band.length - 1].body.some((n) => loopsOf(n as Loop).length) ? "" : /: innermost stride .*$/.exec(r.title)?.[0] ?? "";
  return {
    ok: true,
    title: split ? `Split the nest into ${split.parts} and reorder the compute nest to ${shown}${stride}` : `Reorder loops to ${shown}${stride}`,
    edits: [diffEdit(ctx.text, r.text)], text: r.text, notes: [...(split?.notes ?? []), ...notes, ...r0.notes, ...r.notes.filter((x) => !r0.notes.includes(x))],
  };
}

/**
 * The other parts of a split (bias init, activation) in the same named order where they have
 * one and it is legal (each part re-read after the previous one moved); the others stay, noted.
 */
function otherParts(r: Extract<TransformResult, { ok: true }>, compute: Nest, lines: [number, number], roles: TensorRoles, layout: NamedLayout, ctx: TransformContext, reanalyze: (text: string) => readonly Nest[]): Extract<TransformResult, { ok: true }> {
  let text = r.text;
  const notes: string[] = [];
  const parts = reanalyze(text).filter((n) => n.root.span.line >= lines[0] && n.root.span.line <= lines[1] && n.root.span.line !== compute.root.span.line).map((n) => n.root.span.line);
  for (const line of parts) {
    const nest = reanalyze(text).find((n) => n.root.span.line === line);
    if (!nest) continue;
    const band = perfectChain(nest.root);
    const deps = dependences(nest, ctx.bindings);
    const lo = layoutOrder(band, roles, layout, deps, ctx.bindings);
    if ("reason" in lo || lo.order.join() === band.map((l) => l.var).join()) continue;
    const p = permute({ text, nest, bindings: ctx.bindings, assumed: ctx.assumed, deps: () => deps }, lo.order);
    if (p.ok) { text = p.text; notes.push(`the part on line ${line} runs in ${layout} order too (${lo.order.join(",")})`, ...p.notes); }
    else notes.push(`the part on line ${line} keeps its order: ${p.reason}`);
  }
  return notes.length ? { ...r, text, edits: [diffEdit(ctx.text, text)], notes: [...r.notes, ...notes] } : r;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}
