// Transformations as data: a serialisable spec (the CLI flags, a code action's `data`)
// dispatched to the file that owns it. One file per transformation.

import type { Nest } from "../ir/types";
import { noAliasAssumption } from "../analysis/dependences";
import { ompInNest, refuse, type TransformContext, type TransformResult } from "./common";
import { fission } from "./fission";
import { fuse } from "./fusion";
import { layout } from "./layout";
import { toLayout, type NamedLayout } from "./toLayout";
import { permute } from "./permute";
import { tile } from "./tile";
import { unroll } from "./unroll";
import { unrollJam } from "./unrollJam";
import { scalarReplace } from "./scalarReplace";
import { simd } from "./simd";
import { parallel } from "./parallel";
import { scalarExpand } from "./scalarExpand";
import { splitAccumulators } from "./splitAccumulators";
import { accumulateInPlace } from "./accumulateInPlace";
import { privatize } from "./privatize";
import { subscripts, whileToFor } from "./whileToFor";

export type TransformSpec =
  | { readonly kind: "permute"; readonly nest: string; readonly order: readonly string[]; readonly line?: number }
  | { readonly kind: "layout"; readonly nest: string }
  | { readonly kind: "toLayout"; readonly nest: string; readonly layout: NamedLayout }
  /** Whole-file: `nest` only says where it was offered (Engine.transform runs it, relayout.ts). */
  | { readonly kind: "relayout"; readonly nest: string; readonly array: string; readonly layout: string; readonly reorder?: boolean }
  /** `line`: split at an inner level, the loop on that line (the outer band when absent). */
  | { readonly kind: "fission"; readonly nest: string; readonly loop?: string; readonly line?: number }
  | { readonly kind: "fuse"; readonly nest: string }
  | { readonly kind: "tile"; readonly nest: string; readonly sizes: Readonly<Record<string, number>> }
  | { readonly kind: "unroll"; readonly nest: string; readonly loop: string; readonly factor: number; readonly line?: number }
  | { readonly kind: "unrollJam"; readonly nest: string; readonly loop: string; readonly factor: number; readonly line?: number }
  /** `line`: the innermost loop whose invariant references to `array` are kept in locals. */
  | { readonly kind: "scalarReplace"; readonly nest: string; readonly array: string; readonly line?: number }
  /** `line`: the innermost loop to vectorise (the only innermost loop when absent). */
  | { readonly kind: "simd"; readonly nest: string; readonly line?: number }
  /** `line`: the loop to run in parallel (the outermost that carries no dependence when absent). */
  | { readonly kind: "parallel"; readonly nest: string; readonly line?: number }
  /** `name`: a scalar declared in a loop body of the nest, expanded into one element per iteration. */
  | { readonly kind: "scalarExpand"; readonly nest: string; readonly name: string; readonly line?: number;
      /** The most iterations the array holds per loop whose trip count the source leaves open (checked at run time). */
      readonly maxTrips?: Readonly<Record<string, number>> }
  /** `line`: the innermost loop whose sums are split into `factor` partial sums (the only innermost loop when absent). */
  | { readonly kind: "splitAccumulators"; readonly nest: string; readonly factor: number; readonly line?: number }
  /** `name`: a scalar accumulator declared in a loop body and stored once to an element, which then accumulates instead. */
  | { readonly kind: "accumulateInPlace"; readonly nest: string; readonly name: string; readonly line?: number }
  /** `line`: the counted while to rewrite as a for loop with subscripts (the nest's first when absent). */
  | { readonly kind: "whileToFor"; readonly nest: string; readonly line?: number }
  /** `line`: the for loop whose pointer walks become subscripts (the nest's outermost when absent). */
  | { readonly kind: "subscripts"; readonly nest: string; readonly line?: number }
  /** `name`: a function-scope scalar that one loop of the nest sets first in each iteration, declared there instead. */
  | { readonly kind: "privatize"; readonly nest: string; readonly name: string };

/**
 * Runs a spec. Under the no-alias assumption (nest.noalias) an accepted rewrite's legality
 * rests on it: its title and notes say so ("assuming out and in do not overlap").
 */
export function runTransform(ctx: TransformContext, spec: TransformSpec, reanalyze: (text: string) => readonly Nest[], all: readonly Nest[] = []): TransformResult {
  const r = dispatch(ctx, spec, reanalyze, all);
  const assumption = r.ok && spec.kind !== "unroll" ? noAliasAssumption(ctx.nest) : null; // unrolling needs no dependence test
  return r.ok && assumption ? { ...r, title: `${r.title} (${assumption})`, notes: [...r.notes, assumption] } : r;
}

function dispatch(ctx: TransformContext, spec: TransformSpec, reanalyze: (text: string) => readonly Nest[], all: readonly Nest[]): TransformResult {
  // Loops under an OpenMP pragma are left to the pragma rewrites (simd.ts, parallel.ts judge them).
  const omp = spec.kind === "simd" || spec.kind === "parallel" ? null : ompInNest(ctx.text, ctx.nest.root);
  if (omp) return refuse(omp);
  switch (spec.kind) {
    case "fuse": return fuse(ctx, all, reanalyze);
    case "permute": return permute(ctx, spec.order, spec.line);
    case "layout": return layout(ctx, reanalyze);
    case "toLayout": return toLayout(ctx, spec.layout, reanalyze);
    case "relayout": return { ok: false, reason: "internal: relayout rewrites the whole file (Engine.transform)", blockers: [] };
    case "fission": return fission(ctx, spec.loop, spec.line);
    case "tile": return tile(ctx, spec.sizes);
    case "unroll": return unroll(ctx, spec.loop, spec.factor, spec.line);
    case "unrollJam": return unrollJam(ctx, spec.loop, spec.factor, spec.line);
    case "scalarReplace": return scalarReplace(ctx, spec.array, spec.line);
    case "simd": return simd(ctx, spec.line);
    case "parallel": return parallel(ctx, spec.line);
    case "scalarExpand": return scalarExpand(ctx, spec.name, spec.maxTrips, spec.line);
    case "splitAccumulators": return splitAccumulators(ctx, spec.factor, spec.line);
    case "accumulateInPlace": return accumulateInPlace(ctx, spec.name, spec.line);
    case "whileToFor": return whileToFor(ctx, spec.line, reanalyze);
    case "subscripts": return subscripts(ctx, spec.line, reanalyze);
    case "privatize": return privatize(ctx, spec.name);
  }
}
