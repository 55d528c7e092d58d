// Scalar expansion: a scalar declared in a loop body (`float acc = b[o];` in loop o) becomes
// an array with one element per iteration of the loops around its declaration, declared
// before the nest, so that the statements using it can be split apart (fission) and reordered
// (--layout) without sharing one variable.
//   for (o..) { float acc = b[o]; for (i..) acc += w[o*IN + i] * x[i]; y[o] = acc; }   --scalar-expand acc   ->
//   float acc[OUT];
//   for (o..) { acc[o] = b[o]; for (i..) acc[o] += w[o*IN + i] * x[i]; y[o] = acc[o]; }
// Always legal: the variable was private to each iteration of its loop, and each iteration
// now has its own element (checkScalarExpand refuses only what it cannot write: the sizes must
// be fixed by the source, the loops rectangular, the declaration a plain `type name = init;`).
// Subscripts are the loop variables themselves (affine, so the dependence tests stay exact):
// a loop from a constant >= 0 gets a dimension up to its last value (`y += 2` up to 30 gives
// [31], every other element unused); any other start is normalised, `(v - lower) / step`.
// The array lives on the stack: beyond MAX_ELEMENTS (or where an outer loop has no fixed size)
// it gets dimensions for the inner loops around the declaration only, reused by each iteration
// of the outer ones (the later rewrites' dependence tests see that reuse); refused when not even
// the declaring loop's fits.
// A loop whose trip count the source leaves open (`j < m`, m a parameter) may be given the most
// iterations the array is made for (`maxTrips: { j: 1500 }`, the search's sizes from the calls
// in the file): the result then `requires` the C condition `m <= 1500`, which whoever applies
// it must check at run time before the rewritten code (engine/index.ts versions it: the code
// as written runs otherwise).

import type { Loop, LocalDecl } from "../ir/types";
import { Rational } from "../symbolic/rational";
import { loopsAround } from "../analysis/carried";
import { applyEdits, firstUse, lineIndent, loopsDeclaring, refuse, replaceStatement, type TextEdit, type TransformContext, type TransformResult } from "./common";

const MAX_ELEMENTS = 1 << 16;

export interface ExpandPlan {
  readonly loop: Loop;
  readonly decl: LocalDecl;
  readonly type: string;
  readonly init: string | null;
  readonly name: string;
  readonly dims: readonly number[];
  /** `[o]`, `[c][y][x]`: the element of the current iteration. */
  readonly index: string;
  /** C conditions the dimensions hold only under (`m <= 1500`), from `maxTrips`. */
  readonly requires: readonly string[];
}

/** The one loop of the nest whose body declares scalar `name` alone (the one on `line`, when
 *  several do), with that declaration; else why not. */
export function declaringLoop(ctx: TransformContext, name: string, line?: number): { loop: Loop; decl: LocalDecl } | string {
  const all = loopsDeclaring(ctx.nest.root, name).flatMap((l) => (l.decls ?? []).filter((d) => d.names.includes(name)).map((d) => ({ l, d })));
  const owners = line === undefined ? all : all.filter((o) => o.l.span.line === line);
  if (owners.length === 0) return `no loop of nest ${ctx.nest.id}${line === undefined ? "" : ` on line ${line}`} declares ${name} in its body${all.length ? ` (loops declaring it: line${all.length > 1 ? "s" : ""} ${all.map((o) => o.l.span.line).join(", ")})` : ""}`;
  if (owners.length > 1) return `several loops declare ${name} (lines ${owners.map((o) => o.l.span.line).join(", ")}): name one with --at LINE`;
  const { l: loop, d: decl } = owners[0];
  if (decl.names.length !== 1) return `the declaration of ${name} declares ${decl.names.join(", ")}: split it into one declaration each`;
  return { loop, decl };
}

export function checkScalarExpand(ctx: TransformContext, name: string, maxTrips: Readonly<Record<string, number>> = {}, line?: number): ExpandPlan | string {
  const t = ctx.text;
  const owner = declaringLoop(ctx, name, line);
  if (typeof owner === "string") return owner;
  const { loop, decl } = owner;
  const m = new RegExp(`^([A-Za-z_][\\w ]*?)\\s+${name}\\s*(?:=\\s*([\\s\\S]*?))?\\s*;$`).exec(t.slice(decl.span.start, decl.span.end));
  if (!m) return `the declaration of ${name} is not of the form \`type ${name} = value;\``;
  const type = m[1].trim();
  if (/\b(const|static|register|extern)\b/.test(type)) return `${name} is declared ${type}: its array could not be written the same way`;
  const all = [...loopsAround(ctx.nest.root, loop), loop];
  const order = firstUse(t);
  /** One dimension per loop of `loops` (the innermost ones around the declaration), or why not. */
  const dimsOver = (loops: readonly Loop[]): { dims: number[]; index: string[]; requires: string[] } | string => {
    const vars = new Set(all.map((l) => l.var));
    const dims: number[] = [], index: string[] = [], requires: string[] = [];
    for (const l of loops) {
      if (!l.parts || !l.lower || l.step === null || !l.tripCount) return `loop ${l.var}: ${l.unknown?.reason ?? "not understood"}`;
      let trip = l.tripCount.evaluate(ctx.bindings);
      const assumedOnly = [...l.tripCount.symbols()].some((s) => ctx.assumed.has(s));
      if ((!trip || !trip.isInteger() || assumedOnly) && maxTrips[l.var] !== undefined && Number.isInteger(maxTrips[l.var]) && maxTrips[l.var] > 0
        && ![...l.tripCount.symbols()].some((s) => vars.has(s))) {
        // At most maxTrips iterations, checked at run time: `m <= 1500`.
        const c = l.tripCount.toC(order);
        if (c === null) return `the trip count of loop ${l.var} (${l.tripCount.toString()}) has no exact integer form in C`;
        trip = Rational.of(BigInt(maxTrips[l.var]));
        requires.push(`${/^[\w.>-]+$/.test(c) ? c : `(${c})`} <= ${maxTrips[l.var]}`);
      } else if (!trip || !trip.isInteger() || assumedOnly) return `the trip count of loop ${l.var} (${l.tripCount.toString()}) is not fixed by the source: the array of ${name} would have no size`;
      if ([...l.lower.symbols()].some((s) => vars.has(s))) return `loop ${l.var} starts at ${l.parts.lowerText}, which moves with an outer loop: not rectangular`;
      const lower = l.parts.lowerText.trim();
      const lo = l.lower.evaluate(ctx.bindings);
      // A subscript affine in the loop variable keeps the dependence tests exact: the variable itself
      // when the loop starts at a constant >= 0 (a step of 2 leaves every other element unused).
      if (lo && lo.isInteger() && lo.num >= 0n && ![...l.lower.symbols()].some((s) => ctx.assumed.has(s))) {
        const last = lo.num + l.step * (trip.num - 1n);
        dims.push(Number((last > lo.num ? last : lo.num) + 1n));
        index.push(`[${l.var}]`);
      } else {
        dims.push(Number(trip.num));
        index.push(l.step > 0n ? `[(${l.var} - (${lower})) / ${l.step}]` : `[((${lower}) - ${l.var}) / ${-l.step}]`);
      }
    }
    const count = dims.reduce((a, b) => a * b, 1);
    if (count > MAX_ELEMENTS) return `the array of ${name} would have ${count} elements (more than ${MAX_ELEMENTS}) on the stack`;
    return { dims, index, requires };
  };
  // An element per iteration of every loop around it; else (too large, or an outer loop of no
  // fixed size) of the inner ones only: the elements are then reused by each iteration of the
  // outer loops, which the dependence tests of later rewrites see (symm's temp2 over j alone).
  let got = dimsOver(all);
  for (let k = 1; typeof got === "string" && k < all.length; k++) {
    const inner = dimsOver(all.slice(k));
    if (typeof inner !== "string") got = inner;
  }
  if (typeof got === "string") return got;
  const { dims, index, requires } = got;
  // The user's name when nothing else in the file is called so; else a fresh one.
  // (Comments and string literals do not count.)
  const code = t.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, " ");
  const occurrences = (code.match(new RegExp(`\\b${name}\\b`, "g")) ?? []).length;
  let fresh = name;
  if (occurrences !== decl.uses.length + 1) { let k = 0; fresh = `${name}_x`; while (new RegExp(`\\b${fresh}\\b`).test(code)) fresh = `${name}_x${++k}`; }
  return { loop, decl, type, init: m[2] ?? null, name: fresh, dims, index: index.join(""), requires };
}

export function scalarExpand(ctx: TransformContext, name: string, maxTrips: Readonly<Record<string, number>> = {}, line?: number): TransformResult {
  const plan = checkScalarExpand(ctx, name, maxTrips, line);
  if (typeof plan === "string") return refuse(plan);
  const t = ctx.text;
  const root = ctx.nest.root;
  const el = `${plan.name}${plan.index}`;
  const inner: TextEdit[] = plan.decl.uses.map((u) => ({ start: u.start, end: u.end, newText: el }));
  inner.push({ start: plan.decl.span.start, end: plan.decl.span.end, newText: plan.init !== null ? `${el} = ${plan.init};` : "" });
  if (plan.init === null) {
    // Drop the whole line of a bare declaration.
    const ls = t.lastIndexOf("\n", plan.decl.span.start - 1);
    const le = t.indexOf("\n", plan.decl.span.end);
    if (/^\s*$/.test(t.slice(ls + 1, plan.decl.span.start)) && /^\s*$/.test(t.slice(plan.decl.span.end, le))) inner[inner.length - 1] = { start: ls, end: le, newText: "" };
  }
  const shifted = inner.map((e) => ({ ...e, start: e.start - root.span.start, end: e.end - root.span.start }));
  const nestText = applyEdits(t.slice(root.span.start, root.span.end), shifted);
  const declaration = `${plan.type} ${plan.name}${plan.dims.map((d) => `[${d}]`).join("")};`;
  const edit = replaceStatement(t, root.span.start, root.span.end, `${declaration}\n${lineIndent(t, root.span.start)}${nestText}`);
  return {
    ok: true,
    title: `Expand ${name} into ${declaration.slice(0, -1)}`,
    edits: [edit], text: applyEdits(t, [edit]),
    notes: plan.requires.length ? [`${declaration.slice(0, -1)} holds the iterations only when ${plan.requires.join(" and ")}: the rewrite runs under that check, the code as written otherwise`] : [],
    ...(plan.requires.length ? { requires: plan.requires } : {}),
  };
}
